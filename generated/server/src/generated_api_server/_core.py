"""Shared by every route: dispatch to the implementation, 501 when there is none, or the mock's replay."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar, cast

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.convertors import Convertor, register_url_convertor
from starlette.routing import Match, compile_path
from starlette.types import Scope

Handler = TypeVar("Handler")
Result = TypeVar("Result")
NO_BODY_STATUSES = frozenset({204, 304})
# Headers the server computes itself; a sample's copy would be wrong for the bytes actually sent.
COMPUTED_HEADERS = frozenset({"content-length", "transfer-encoding", "connection"})


class NotImplementedByHandler(NotImplementedError):
    """Raised by the interfaces' default methods: the endpoint answers 501. (Not a bare NotImplementedError,
    which type checkers read as "abstract": an implementation of some of a group's methods could not be made.)
    """


@dataclass(frozen=True)
class MockEntry:
    """What the docs show for one operation: the sample's status, headers and body, the documented statuses."""

    status: int
    statuses: tuple[int, ...]
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None

    def response(self, prefer: str | None) -> Response:
        """The sample, or the status asked for with `Prefer: status=NNN` when documented (with no body)."""
        wanted = preferred_status(prefer)
        if wanted is None or wanted == self.status or wanted not in self.statuses:
            return self.replay()
        response = Response(status_code=wanted)
        response.headers["Preference-Applied"] = f"status={wanted}"
        return response

    def replay(self) -> Response:
        """The documented sample: its status, headers and body bytes (none for a 204 or 304)."""
        headers = {
            name: value for name, value in self.headers if name.lower() not in COMPUTED_HEADERS
        }
        if self.status in NO_BODY_STATUSES or self.body is None:
            headers = {
                name: value for name, value in headers.items() if name.lower() != "content-type"
            }
            return Response(status_code=self.status, headers=headers)
        return Response(content=self.body.encode("utf-8"), status_code=self.status, headers=headers)


def preferred_status(prefer: str | None) -> int | None:
    """The status of a `Prefer: status=NNN` header (RFC 7240 syntax), if any."""
    for preference in (prefer or "").replace(";", ",").split(","):
        name, _, value = preference.strip().partition("=")
        if name.strip().lower() == "status" and value.strip().strip('"').isdigit():
            return int(value.strip().strip('"'))
    return None


@cache
def mock_entries() -> dict[str, MockEntry]:
    """The documented samples, shipped as package data."""
    text = resources.files(__package__).joinpath("samples.json").read_text(encoding="utf-8")
    return {operation_id: mock_entry(entry) for operation_id, entry in json.loads(text).items()}


def mock_entry(entry: dict[str, Any]) -> MockEntry:
    return MockEntry(
        status=entry["status"],
        statuses=tuple(entry["statuses"]),
        headers=tuple((name, value) for name, value in entry.get("headers", ())),
        body=entry.get("body"),
    )


def not_implemented(operation_id: str, request: Request) -> JSONResponse:
    detail = (
        f"{request.method} {request.url.path} ({operation_id}) is not implemented: "
        "pass an implementation of its handlers to create_app()"
    )
    return JSONResponse({"detail": detail, "operation_id": operation_id}, status_code=501)


async def validation_error(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422 answer with its validation detail; FastAPI's own handler fails (500) when the invalid
    input is a body that is not UTF-8."""
    errors = error.errors() if isinstance(error, RequestValidationError) else [{"msg": str(error)}]
    detail = jsonable_encoder(
        errors, custom_encoder={bytes: lambda data: data.decode("utf-8", "replace")}
    )
    return JSONResponse({"detail": detail}, status_code=422)


async def raw_body(request: Request) -> bytes:
    """A binary request body, as sent."""
    return await request.body()


class Core(Generic[Handler]):
    """Answers the routes of one group: with the implementation's handler, 501 without one, or the mock.

    A Response stands in for the handler's result (FastAPI sends a returned Response as it is), hence the casts.
    """

    def __init__(self, handler: Handler | None, mock: bool) -> None:
        self.handler = handler
        self.mock = mock_entries() if mock else None

    async def call(
        self, request: Request, operation_id: str, invoke: Callable[[Handler], Awaitable[Result]]
    ) -> Result:
        if self.mock is not None:
            return cast(Result, self.mock[operation_id].response(request.headers.get("prefer")))
        if self.handler is None:
            return cast(Result, not_implemented(operation_id, request))
        try:
            result = await invoke(self.handler)
        except NotImplementedError:
            return cast(Result, not_implemented(operation_id, request))
        if isinstance(result, bytes):
            return cast(Result, Response(content=result, media_type="application/octet-stream"))
        return result


class LazyRoute(APIRoute):
    """An APIRoute that builds its parameter, body and response validators, FastAPI's costly part (seconds
    for a thousand routes), on the first request to its path or the first look at it (e.g. by app.openapi()).
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        self.__dict__["_deferred"] = (path, endpoint, options)
        self.path = path
        self.lazy_path_regex: re.Pattern[str] = compile_path(path)[0]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "_deferred" not in self.__dict__:
            raise AttributeError(name)
        path, endpoint, options = self.__dict__.pop("_deferred")
        APIRoute.__init__(self, path, endpoint, **options)
        return getattr(self, name)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if "_deferred" in self.__dict__ and not self.lazy_path_regex.match(route_path(scope)):
            return Match.NONE, {}
        return super().matches(scope)


def route_path(scope: Scope) -> str:
    """The path a route matches: the request path below the app's root path."""
    path, root = str(scope.get("path", "")), str(scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root) else path


class SignedIntConvertor(Convertor[int]):
    """A path segment that is an integer, perhaps negative: where two operations have one method on routes
    that differ only in a parameter's type, the integer one matches only an integer (and comes first).
    """

    regex = "-?[0-9]+"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(int(value))


register_url_convertor("signed_int", SignedIntConvertor())
_CONVERTOR = re.compile(r":[^{}]*\}")


def route_key(path: str) -> tuple[tuple[tuple[int, str], ...], str]:
    """Sort key of routes: segment by segment, literals before parameters matched by type (`{id:signed_int}`)
    before other parameters, so none shadows another."""
    segments = tuple(segment_rank(part) for part in path.strip("/").split("/"))
    return segments, _CONVERTOR.sub("}", path)


def segment_rank(part: str) -> tuple[int, str]:
    if not (part.startswith("{") and part.endswith("}")):
        return 0, part
    return (1, "") if ":" in part else (2, "")
