"""`Client` (sync) and `AsyncClient` (async): one attribute per group of endpoints, each group's
module
imported on first access."""

from __future__ import annotations

# Imported names are reached through underscored modules: a group class may be named like any of
# them.
import collections.abc as _abc
import functools as _functools
import types as _types
import typing as _t

import httpx

from . import _core
from . import auth as _auth

if _t.TYPE_CHECKING:
    from .api.appointment_agent import AppointmentAgent, AsyncAppointmentAgent

DEFAULT_TIMEOUT = 30.0
_T = _t.TypeVar("_T")


def _settings(
    auth: _auth.Auth | None, retry: _core.RetryPolicy | None, headers: _abc.Mapping[str, str | None]
) -> _core.Settings:
    defaults = {name: value for name, value in headers.items() if value is not None}
    return _core.Settings(auth=auth, headers=defaults, retry=retry or _core.NO_RETRIES)


class Client:
    """The API over HTTP, one attribute per group of endpoints:
    `client.appointment_agent.<operation>(...)`.

    Use it as a context manager, or call `close()`, to release its connections.
    """

    def __init__(
        self,
        base_url: str,
        *,
        auth: _auth.Auth | None = None,
        so_app_token: str | None = None,
        headers: _abc.Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: _core.RetryPolicy | None = _core.RetryPolicy(),
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        """Connects to the API (lazily: nothing is sent before the first call).

        Args:
            base_url: Where the API lives, e.g. `https://sod.superoffice.com/Cust12345`; the
                endpoint paths (`/api/v1/...`) are appended to it.
            auth: `BasicAuth`, `BearerAuth`, `SoTicketAuth` or `XsrfTokenAuth`; None sends none.
            so_app_token: Default `SO-AppToken` header (each call may
                override it with `headers=`).
            headers: Further headers sent with every request.
            timeout: Seconds (or an `httpx.Timeout`) for each request.
            retry: When to retry (`RetryPolicy`); None switches retries off.
            transport: A custom httpx transport (e.g. `httpx.MockTransport`, proxies, HTTP/2).
            http_client: An httpx client to use as it is (base_url, timeout and transport are then
                ignored); it is not closed by `close()`.
        """
        defaults: dict[str, str | None] = {
            "SO-AppToken": so_app_token,
            **(headers or {}),
        }
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(
            base_url=base_url, timeout=timeout, transport=transport
        )
        self._core = _core.SyncCore(self._http, _settings(auth, retry, defaults))

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def with_raw_response(self, call: _abc.Callable[[], _T]) -> _core.RawResponse[_T]:
        """The result of the one API call `call` makes, with its status, headers and raw body:
        `client.with_raw_response(lambda: client.appointment_agent.<operation>(...)).headers`."""
        return _core.with_raw_response(call)

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: _types.TracebackType | None,
    ) -> None:
        self.close()

    @_functools.cached_property
    def appointment_agent(self) -> AppointmentAgent:
        """AppointmentAgent endpoints."""
        from .api.appointment_agent import AppointmentAgent

        return AppointmentAgent(self._core)


class AsyncClient:
    """The API over HTTP with asyncio: `await client.appointment_agent.<operation>(...)`.

    Use it as an async context manager, or call `aclose()`, to release its connections.
    """

    def __init__(
        self,
        base_url: str,
        *,
        auth: _auth.Auth | None = None,
        so_app_token: str | None = None,
        headers: _abc.Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: _core.RetryPolicy | None = _core.RetryPolicy(),
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        """Connects to the API (lazily: nothing is sent before the first call).

        Args:
            base_url: Where the API lives, e.g. `https://sod.superoffice.com/Cust12345`; the
                endpoint paths (`/api/v1/...`) are appended to it.
            auth: `BasicAuth`, `BearerAuth`, `SoTicketAuth` or `XsrfTokenAuth`; None sends none.
            so_app_token: Default `SO-AppToken` header (each call may
                override it with `headers=`).
            headers: Further headers sent with every request.
            timeout: Seconds (or an `httpx.Timeout`) for each request.
            retry: When to retry (`RetryPolicy`); None switches retries off.
            transport: A custom httpx transport (e.g. `httpx.MockTransport`, proxies, HTTP/2).
            http_client: An httpx client to use as it is (base_url, timeout and transport are then
                ignored); it is not closed by `close()`.
        """
        defaults: dict[str, str | None] = {
            "SO-AppToken": so_app_token,
            **(headers or {}),
        }
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            base_url=base_url, timeout=timeout, transport=transport
        )
        self._core = _core.AsyncCore(self._http, _settings(auth, retry, defaults))

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def with_raw_response(
        self, call: _abc.Callable[[], _abc.Awaitable[_T]]
    ) -> _core.RawResponse[_T]:
        """The result of the one API call `call` makes, with its status, headers and raw body:
        `await client.with_raw_response(lambda: client.appointment_agent.<operation>(...))`."""
        return await _core.with_raw_response_async(call)

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: _types.TracebackType | None,
    ) -> None:
        await self.aclose()

    @_functools.cached_property
    def appointment_agent(self) -> AsyncAppointmentAgent:
        """AppointmentAgent endpoints."""
        from .api.appointment_agent import AsyncAppointmentAgent

        return AsyncAppointmentAgent(self._core)
