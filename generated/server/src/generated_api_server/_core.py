"""Shared by every route: routes built from the handler interfaces, dispatch to the implementation,
501
when there is none, or the mock's replay."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Any, Generic, TypeVar, cast, get_type_hints

from fastapi import APIRouter as APIRouter
from fastapi import Body, Depends, Header, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.routing import Match, compile_path
from starlette.types import Scope

Handler = TypeVar("Handler")
Result = TypeVar("Result")
NO_BODY_STATUSES = frozenset({204, 304})
# Headers the server computes itself; a sample's copy would be wrong for the bytes actually sent.
COMPUTED_HEADERS = frozenset({"content-length", "transfer-encoding", "connection"})


class NotImplementedByHandler(NotImplementedError):
    """Raised by the interfaces' default methods: the endpoint answers 501. (Not a bare
    NotImplementedError,
    which type checkers read as "abstract": an implementation of some of a group's methods could not
    be made.)
    """


@dataclass(frozen=True)
class MockEntry:
    """What the docs show for one operation: the sample's status, headers and body, the documented
    statuses."""

    status: int
    statuses: tuple[int, ...]
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None

    def response(self, prefer: str | None) -> Response:
        """The sample, or the status asked for with `Prefer: status=NNN` when documented (with no
        body)."""
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
def operations() -> dict[str, dict[str, Any]]:
    """Where each operation's parameters go and what it answers, shipped as package data."""
    text = resources.files(__package__).joinpath("operations.json").read_text(encoding="utf-8")
    entries: dict[str, dict[str, Any]] = json.loads(text)
    return entries


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
    """FastAPI's 422 answer with its validation detail; FastAPI's own handler fails (500) when the
    invalid
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
    """Answers the routes of one group: with the implementation's handler, 501 without one, or the
    mock.

    A Response stands in for the handler's result (FastAPI sends a returned Response as it is),
    hence the casts.
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
    """An APIRoute that builds its parameter, body and response validators, FastAPI's costly part
    (seconds
    for a thousand routes), on the first request to its path or the first look at it (e.g. by
    app.openapi()).
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        self.__dict__["_deferred"] = (path, endpoint, options)
        self.path = path
        self.lazy_path_regex: re.Pattern[str] = compile_path(path)[0]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "_deferred" not in self.__dict__:
            raise AttributeError(name)
        path, endpoint, options = self.__dict__.pop("_deferred")
        bind = getattr(endpoint, "bind_signature", None)
        if bind is not None:
            bind()
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


def route_key(path: str) -> tuple[tuple[tuple[int, str], ...], str]:
    """Sort key of routes: segment by segment, literals before parameters, so none shadows
    another."""
    segments = tuple(
        (1, "") if part.startswith("{") and part.endswith("}") else (0, part)
        for part in path.strip("/").split("/")
    )
    return segments, path


def marker(location: str, wire_name: str, name: str) -> Any:
    """The FastAPI marker of a handler parameter: where it is read from, under which name."""
    alias = None if wire_name == name else wire_name
    if location == "path":
        return Path(alias=alias)
    if location == "query":
        return Query(alias=alias)
    if location == "header":
        return Header(alias=alias)
    if location == "raw":
        return Depends(raw_body)
    return Body()


def annotated(python_type: Any, metadata: Any) -> Any:
    """`Annotated[python_type, metadata]`, for a type known only at run time."""
    return cast(Any, Annotated)[python_type, metadata]


def endpoint_signature(
    handler: Callable[..., Any], parameters: dict[str, list[str]]
) -> inspect.Signature:
    """The route function's signature: the request, then the handler's parameters with their markers
    (the handler's annotations resolved, which imports the models they name)."""
    hints = get_type_hints(handler, include_extras=True)
    request = inspect.Parameter("http_request", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    result = [request.replace(annotation=Request)]
    for name, parameter in inspect.signature(handler).parameters.items():
        if name == "self":
            continue
        location, wire_name = parameters[name]
        annotation = annotated(hints[name], marker(location, wire_name, name))
        result.append(
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                default=parameter.default,
                annotation=annotation,
            )
        )
    returns = hints.get("return")
    return inspect.Signature(result, return_annotation=None if returns is type(None) else returns)


class Routes(Generic[Handler]):
    """The routes of one group. Each is built from its handler's signature in the group's interface
    and from `operations.json` (where each parameter goes, the statuses), on its first request."""

    def __init__(self, implementation: Handler | None, mock: bool, tag: str) -> None:
        self.core: Core[Handler] = Core(implementation, mock)
        self.router = APIRouter(tags=[tag], route_class=LazyRoute)

    def add(
        self, method: str, path: str, operation_id: str, handler: Callable[..., Awaitable[Any]]
    ) -> None:
        operation = operations()[operation_id]
        name, core = handler.__name__, self.core

        async def endpoint(http_request: Request, **values: Any) -> Any:
            return await core.call(
                http_request, operation_id, lambda target: getattr(target, name)(**values)
            )

        def bind_signature() -> None:
            setattr(endpoint, "__signature__", endpoint_signature(handler, operation["parameters"]))

        endpoint.__name__ = endpoint.__qualname__ = name
        setattr(endpoint, "bind_signature", bind_signature)
        self.router.add_api_route(path, endpoint, methods=[method], **route_options(operation_id))


def route_options(operation_id: str) -> dict[str, Any]:
    """The documented statuses, summary and media types of a route, for its OpenAPI description."""
    operation = operations()[operation_id]
    options: dict[str, Any] = {
        "operation_id": operation_id,
        "status_code": operation["status"],
        "response_description": operation["description"],
    }
    if "summary" in operation:
        options["summary"] = operation["summary"]
    responses = operation.get("responses", {})
    if responses:
        options["responses"] = {
            int(status): {"description": text} for status, text in responses.items()
        }
    if operation.get("binary_result"):
        options["response_model"] = None
    if "raw_body" in operation:
        binary = {"schema": {"type": "string", "format": "binary"}}
        content = {media_type: binary for media_type in operation["raw_body"]}
        options["openapi_extra"] = {"requestBody": {"required": True, "content": content}}
    return options
