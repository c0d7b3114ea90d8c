"""API: a typed Python client (httpx, sync and async).

    from generated_api import BasicAuth, Client

    with Client("https://example.com", auth=BasicAuth("user", "secret")) as client:
        result = client.appointment_agent.<operation>(...)

Models are in `generated_api.models`, errors in `generated_api.errors`.
"""

from ._client import AsyncClient, Client
from ._core import UNSET, RawResponse, RetryPolicy, Unset
from .auth import Auth, BasicAuth, BearerAuth, SoTicketAuth, XsrfTokenAuth
from .errors import ApiError

__all__ = [
    "ApiError",
    "AsyncClient",
    "Auth",
    "BasicAuth",
    "BearerAuth",
    "Client",
    "RawResponse",
    "RetryPolicy",
    "SoTicketAuth",
    "UNSET",
    "Unset",
    "XsrfTokenAuth",
]
