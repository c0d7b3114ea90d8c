"""Errors raised for responses the docs do not list as success: one class per common status."""

from __future__ import annotations

import json
from typing import Any

import httpx

_MESSAGE_KEYS = ("Error", "error", "Message", "message", "detail", "title")


class ApiError(Exception):
    """The server answered with a status the docs do not list as success for this operation.

    `status_code`, `headers` and `content` (the raw body) are those of the response; `error` is the
    body parsed as JSON when it is JSON (else None), and `message` its error text when it has one.
    """

    def __init__(self, response: httpx.Response, message: str | None = None) -> None:
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.content = response.content
        self.error = _json_or_none(response.content)
        self.message = message or _message_of(self.error) or response.reason_phrase
        request = response.request
        super().__init__(f"{request.method} {request.url}: {self.status_code} {self.message}")

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class NotModifiedError(ApiError):
    """304: the resource has not changed since the If-Modified-Since timestamp."""


class BadRequestError(ApiError):
    """400."""


class UnauthorizedError(ApiError):
    """401: missing or invalid credentials."""


class ForbiddenError(ApiError):
    """403."""


class NotFoundError(ApiError):
    """404."""


class ConflictError(ApiError):
    """409."""


class PreconditionFailedError(ApiError):
    """412: the resource changed since the If-Unmodified-Since timestamp."""


class RateLimitError(ApiError):
    """429: too many requests (retried first for the methods of the retry policy)."""


class ServerError(ApiError):
    """5xx."""


class ServiceUnavailableError(ServerError):
    """503 (retried first for the methods of the retry policy)."""


class ResponseDecodeError(ApiError):
    """A success status whose body is not of the type the docs declare."""


_BY_STATUS: dict[int, type[ApiError]] = {
    304: NotModifiedError,
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}


def error_for(response: httpx.Response) -> ApiError:
    """The most specific error class for the response's status."""
    status = response.status_code
    error_class = _BY_STATUS.get(status) or (ServerError if status >= 500 else ApiError)
    return error_class(response)


def _json_or_none(content: bytes) -> Any:
    try:
        return json.loads(content) if content else None
    except ValueError:
        return None


def _message_of(error: Any) -> str | None:
    if isinstance(error, str):
        return error
    if isinstance(error, dict):
        found = next((error[key] for key in _MESSAGE_KEYS if isinstance(error.get(key), str)), None)
        return found
    return None
