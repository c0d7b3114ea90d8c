"""The API's models, one module per type, each imported on first use (`from .models import X`)."""

from __future__ import annotations

import importlib as _importlib
import typing as _t

from ._base import ApiModel

if _t.TYPE_CHECKING:
    from .accept_with_smtp_email_confirmation_request import AcceptWithSmtpEmailConfirmationRequest

_MODULES: dict[str, str] = {
    "AcceptWithSmtpEmailConfirmationRequest": "accept_with_smtp_email_confirmation_request",
}

__all__ = [
    "ApiModel",
    "AcceptWithSmtpEmailConfirmationRequest",
]


def __getattr__(name: str) -> _t.Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
