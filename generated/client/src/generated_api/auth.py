"""The authentication schemes the docs describe: Basic, Bearer and SoTicket on `Authorization`, or
the
XSRF token header. Secrets never appear in a repr."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field


class Auth:
    """Headers that authenticate a request."""

    def headers(self) -> dict[str, str]:
        raise NotImplementedError


@dataclass(frozen=True)
class BasicAuth(Auth):
    """`Authorization: Basic base64(username:password)`."""

    username: str
    password: str = field(repr=False)

    def headers(self) -> dict[str, str]:
        token = base64.b64encode(f"{self.username}:{self.password}".encode("utf-8")).decode("ascii")
        return {"Authorization": f"Basic {token}"}


@dataclass(frozen=True)
class BearerAuth(Auth):
    """`Authorization: Bearer <token>` (an OAuth/OpenID Connect access token)."""

    token: str = field(repr=False)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(frozen=True)
class SoTicketAuth(Auth):
    """`Authorization: SoTicket <ticket>` (a SuperOffice session ticket)."""

    ticket: str = field(repr=False)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"SoTicket {self.ticket}"}


@dataclass(frozen=True)
class XsrfTokenAuth(Auth):
    """`X-XSRF-TOKEN: <token>`: the value from the XSRF cookie or hidden input field, instead of
    `Authorization` (with the session cookie sent by the HTTP client)."""

    token: str = field(repr=False)

    def headers(self) -> dict[str, str]:
        return {"X-XSRF-TOKEN": self.token}
