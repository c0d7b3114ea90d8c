"""Shared by every route: routes built from the handler interfaces, auth, dispatch to the
implementation, 501 when there is none, or the mock's replay."""

from __future__ import annotations

import base64
import binascii
import inspect
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Any, Generic, TypeVar, cast, get_type_hints

from fastapi import APIRouter as APIRouter
from fastapi import Body, Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.convertors import Convertor, register_url_convertor
from starlette.routing import Match, compile_path
from starlette.types import Receive, Scope, Send

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


def with_documented_media_type(response: Response, operation_id: str) -> Response:
    """A replayed sample whose Content-Type its operation does not document for that status (a doc
    whose
    sample contradicts its own media types, e.g. JSON shown for an image) gets the first documented
    one.
    """
    sent = response.headers.get("content-type")
    documented = response_media_types().get((operation_id, str(response.status_code)), ())
    if sent is not None and documented and media_type_of(sent) not in documented:
        response.headers["content-type"] = documented[0]
    return response


@cache
def response_media_types() -> dict[tuple[str, str], tuple[str, ...]]:
    """(operation id, status) -> the media types openapi.json documents for that response."""
    return {
        (str(operation["operationId"]), status): tuple(
            media_type.lower() for media_type in response.get("content", {})
        )
        for operation in operations(openapi_document())
        for status, response in operation.get("responses", {}).items()
    }


def preferred_status(prefer: str | None) -> int | None:
    """The status of a `Prefer: status=NNN` header (RFC 7240 syntax), if any."""
    for preference in (prefer or "").replace(";", ",").split(","):
        name, _, value = preference.strip().partition("=")
        if name.strip().lower() == "status" and value.strip().strip('"').isdigit():
            return int(value.strip().strip('"'))
    return None


@cache
def route_data() -> dict[str, dict[str, Any]]:
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
    """A binary request body: as sent, or the file of a `multipart/form-data` body."""
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if media_type_of(content_type) != "multipart/form-data":
        return body
    boundary = multipart_boundary(content_type)
    parts = form_parts(body, boundary) if boundary else []
    files = [content for headers, content in parts if b"filename=" in headers.lower()]
    if not (files or parts):
        problem = {
            "type": "missing",
            "loc": ("body",),
            "msg": "a multipart/form-data body with no part",
        }
        raise RequestValidationError([problem])
    return (files or [content for _, content in parts])[0]


def multipart_boundary(content_type: str) -> bytes | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "boundary" and value.strip().strip('"'):
            return value.strip().strip('"').encode("latin-1")
    return None


def form_parts(body: bytes, boundary: bytes) -> list[tuple[bytes, bytes]]:
    """The (headers, content) of each part of a multipart body (RFC 7578), bytes exactly as sent."""
    delimiter = b"\r\n--" + boundary
    sections = (b"\r\n" + body).split(delimiter)[1:]  # before the first delimiter: the preamble
    parts: list[tuple[bytes, bytes]] = []
    for section in sections:
        if section.startswith(b"--"):
            break  # the close delimiter
        headers, separator, content = section.partition(b"\r\n\r\n")
        if separator:
            parts.append((headers, content))
    return parts


class Core(Generic[Handler]):
    """Answers the routes of one group: with the implementation's handler, 501 without one, or the
    mock.

    A Response stands in for the handler's result (FastAPI sends a returned Response as it is),
    hence the casts.
    """

    def __init__(self, handler: Handler | None, mock: bool) -> None:
        self.handler = handler
        self.mock = mock_entries() if mock else None

    @staticmethod
    def json_parameter(
        name: str, location: str, required: bool
    ) -> Callable[[Request], Awaitable[Any]]:
        """The dependency that reads a JSON-encoded query or header parameter (an object, or an
        array of
        objects, which FastAPI cannot take from a query): 422 when it is missing but required, or
        not JSON.
        """

        async def decoded(request: Request) -> Any:
            values = request.query_params if location == "query" else request.headers
            text = values.get(name)
            if text is None:
                if required:
                    raise RequestValidationError(
                        [{"type": "missing", "loc": (location, name), "msg": "Field required"}]
                    )
                return None
            try:
                return json.loads(text)
            except ValueError:
                error = {
                    "type": "json_invalid",
                    "loc": (location, name),
                    "msg": "Not a JSON value",
                    "input": text,
                }
                raise RequestValidationError([error]) from None

        return decoded

    async def call(
        self, request: Request, operation_id: str, invoke: Callable[[Handler], Awaitable[Result]]
    ) -> Result:
        if self.mock is not None:
            replayed = self.mock[operation_id].response(request.headers.get("prefer"))
            return cast(Result, with_documented_media_type(replayed, operation_id))
        if self.handler is None:
            return cast(Result, not_implemented(operation_id, request))
        try:
            result = await invoke(self.handler)
        except NotImplementedError:
            return cast(Result, not_implemented(operation_id, request))
        if isinstance(result, bytes):
            return cast(Result, Response(content=result, media_type="application/octet-stream"))
        return result


# --------------------------------------------------------------------------------------------------
# Auth: the security schemes openapi.json gives each operation, enforced before its parameters are
# read


@dataclass(frozen=True)
class Credentials:
    """What a request authenticates with: `scheme` is the security scheme's name in openapi.json
    (`basic`, `bearer`, `soTicket`, `xsrfToken`); `token` the bearer token, ticket or XSRF value
    (for
    Basic the base64 text as sent), `username` and `password` those of Basic."""

    scheme: str
    token: str
    username: str | None = None
    password: str | None = None


# The authentication hook an implementation provides: True accepts the credentials, False rejects
# them.
Authenticate = Callable[[Credentials], bool | Awaitable[bool]]
# `Authorization: <word> <value>` for each scheme carried by that header.
AUTHORIZATION_WORDS = {"basic": "basic", "bearer": "bearer", "soticket": "soTicket"}
CHALLENGES = {
    "basic": "Basic",
    "bearer": "Bearer",
    "soTicket": "SoTicket",
    "xsrfToken": "X-XSRF-TOKEN",
}
OVERLOADS = "x-overloads"


def operations(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every operation of an OpenAPI document, those in a path item's `x-overloads` too."""
    for item in document.get("paths", {}).values():
        for value in [item, *item.get(OVERLOADS, {}).values()]:
            yield from (
                operation
                for key, operation in value.items()
                if key != OVERLOADS and isinstance(operation, dict)
            )


@cache
def openapi_document() -> dict[str, Any]:
    """The generated openapi.json, shipped as package data."""
    text = resources.files(__package__).joinpath("openapi.json").read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


@cache
def security_schemes() -> dict[str, tuple[str, ...]]:
    """Operation id -> the names of the security schemes it accepts (any one of them), from
    openapi.json."""
    return {
        str(operation["operationId"]): tuple(
            name for requirement in operation.get("security", ()) for name in requirement
        )
        for operation in operations(openapi_document())
    }


# --------------------------------------------------------------------------------------------------
# Media types: a request body in a media type the route cannot read gets 415


def media_type_of(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def is_json(media_type: str) -> bool:
    """`application/json`, `text/json` and the `+json` types (JSON Patch, JSON Merge Patch, ...)."""
    return media_type in ("application/json", "text/json") or media_type.endswith("+json")


def readable(media_type: str, schema: dict[str, Any]) -> bool:
    """Whether this server reads a body of the media type: JSON, raw bytes (a binary schema), or a
    multipart form of files. (The XML and url-encoded forms some docs name are not read: 415.)"""
    if is_json(media_type) or schema.get("format") == "binary":
        return True
    properties = schema.get("properties", {}).values()
    return (
        media_type == "multipart/form-data"
        and bool(properties)
        and all(p.get("format") == "binary" for p in properties)
    )


@cache
def accepted_media_types() -> dict[str, frozenset[str]]:
    """Operation id -> the media types its request body is read in, for operations that take a
    body."""
    return {
        str(operation["operationId"]): frozenset(
            media_type.lower()
            for media_type, entry in operation["requestBody"].get("content", {}).items()
            if readable(media_type.lower(), entry.get("schema", {}))
        )
        for operation in operations(openapi_document())
        if "requestBody" in operation
    }


def check_media_type(request: Request, operation_id: str) -> None:
    accepted = accepted_media_types().get(operation_id)
    content_type = request.headers.get("content-type")
    if accepted is None or not content_type or media_type_of(content_type) in accepted:
        return
    raise HTTPException(
        415, f"{media_type_of(content_type)} is not accepted: send {', '.join(sorted(accepted))}"
    )


def as_json_scope(scope: Scope) -> Scope:
    """The request with a JSON body in a JSON type FastAPI does not read as JSON (`text/json`)
    relabelled
    `application/json`, so that its body is parsed as such."""
    headers = scope.get("headers") or []
    for index, (name, value) in enumerate(headers):
        if name == b"content-type" and media_type_of(value.decode("latin-1")) == "text/json":
            relabelled = [*headers[:index], (name, b"application/json"), *headers[index + 1 :]]
            return {**scope, "headers": relabelled}
    return scope


# --------------------------------------------------------------------------------------------------
# The served OpenAPI document: openapi.json completed with the statuses this server adds

VALIDATION_ERROR = {
    "description": (
        "Validation Error: the request does not match the operation's parameters or body."
    ),
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "array", "items": {"type": "object"}}},
            }
        }
    },
}
UNAUTHORIZED = {
    "description": "No credentials of the operation's security schemes, or credentials rejected.",
    "headers": {
        "WWW-Authenticate": {"schema": {"type": "string"}, "description": "The accepted schemes."}
    },
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"detail": {"type": "string"}}}
        }
    },
}
UNSUPPORTED = {
    "description": (
        "Unsupported Media Type: the request body's Content-Type is not one this server reads."
    ),
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"detail": {"type": "string"}}}
        }
    },
}
NOT_IMPLEMENTED = {
    "description": "Not Implemented: no handler for this operation was given to create_app().",
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"detail": {"type": "string"}}}
        }
    },
}


def served_document(auth: bool, mock: bool) -> dict[str, Any]:
    """openapi.json with the statuses the server adds: 422 (validation), 401 (auth, unless switched
    off:
    then no security either), 415 (media type) and, outside the mock, 501 (no handler)."""
    document = cast(dict[str, Any], json.loads(json.dumps(openapi_document())))
    for operation in operations(document):
        added: dict[str, Any] = {}
        if operation.get("parameters") or "requestBody" in operation:
            added["422"] = VALIDATION_ERROR
        if operation.get("security") and auth:
            added["401"] = UNAUTHORIZED
        if not auth:
            operation.pop("security", None)
        if "requestBody" in operation:
            added["415"] = UNSUPPORTED
        if not mock:
            added["501"] = NOT_IMPLEMENTED
        responses = operation.setdefault("responses", {})
        for status, response in added.items():
            responses.setdefault(status, response)
    exclude_integers_where_routed_by_type(document)
    return document


# A string that is not a (signed) integer: empty, "-", a character other than a digit or "-", or a
# "-"
# after the first character. (No look-ahead, which not every JSON Schema tool reads.)
NOT_AN_INTEGER = "^-?$|[^-0-9]|.-"
_SEGMENT = re.compile(r"\{([^{}/]+)\}")


def routed_operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path template, operation) of every operation, those in `x-overloads` too."""
    for path, item in document.get("paths", {}).items():
        for template, value in [(path, item), *item.get(OVERLOADS, {}).items()]:
            for method, operation in value.items():
                if method != OVERLOADS and isinstance(operation, dict):
                    yield method, template, operation


def exclude_integers_where_routed_by_type(document: dict[str, Any]) -> None:
    """Where one method has routes differing only in parameter names and types, an integer segment
    reaches the route whose parameter there is an integer: the other routes' text parameter at that
    segment never gets one, which the served document says with a pattern."""
    siblings: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for method, template, operation in routed_operations(document):
        siblings.setdefault((method, _SEGMENT.sub("{}", template)), []).append(
            (template, operation)
        )
    for group in siblings.values():
        if len(group) < 2:
            continue
        kinds = [segment_kinds(template, operation) for template, operation in group]
        for (template, operation), own in zip(group, kinds):
            for index, parameter in enumerate(own):
                if parameter is not None and any(other[index] is None for other in kinds):
                    parameter.setdefault("schema", {})["pattern"] = NOT_AN_INTEGER


def segment_kinds(template: str, operation: dict[str, Any]) -> list[dict[str, Any] | None]:
    """Per path segment parameter: None for an integer, else its text parameter's object."""
    by_name = {p.get("name"): p for p in operation.get("parameters", ()) if p.get("in") == "path"}
    result: list[dict[str, Any] | None] = []
    for name in _SEGMENT.findall(template):
        parameter = by_name.get(name, {})
        result.append(None if parameter.get("schema", {}).get("type") == "integer" else parameter)
    return result


class App(FastAPI):
    """The API's FastAPI app, serving the generated openapi.json (completed with the statuses the
    server
    adds) instead of building one from its routes (which would build every route's validators)."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            guard = getattr(self.state, "guard", Guard())
            self.openapi_schema = served_document(
                guard.enabled, bool(getattr(self.state, "mock", False))
            )
        return self.openapi_schema


def credentials_of(request: Request, schemes: tuple[str, ...]) -> Credentials | None:
    """The request's credentials in one of `schemes`, or None when it carries none that is well
    formed."""
    word, _, value = request.headers.get("authorization", "").strip().partition(" ")
    scheme, value = AUTHORIZATION_WORDS.get(word.lower(), ""), value.strip()
    if scheme in schemes and value:
        found = basic_credentials(value) if scheme == "basic" else Credentials(scheme, value)
        if found is not None:
            return found
    xsrf = request.headers.get("x-xsrf-token", "").strip()
    return Credentials("xsrfToken", xsrf) if xsrf and "xsrfToken" in schemes else None


def basic_credentials(value: str) -> Credentials | None:
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, colon, password = decoded.partition(":")
    return Credentials("basic", value, username, password) if colon else None


def unauthorized(schemes: tuple[str, ...], reason: str) -> HTTPException:
    challenges = ", ".join(
        f'{CHALLENGES[name]} realm="api"' for name in schemes if name in CHALLENGES
    )
    return HTTPException(
        401, f"{reason}: authenticate with {', '.join(schemes)}", {"WWW-Authenticate": challenges}
    )


@dataclass(frozen=True)
class Guard:
    """Enforces each operation's security schemes: 401 (with WWW-Authenticate) without well-formed
    credentials of one of them, or when `authenticate` rejects them. Without `authenticate`,
    well-formed
    credentials are accepted; `enabled=False` switches auth off (e.g. for a mock)."""

    authenticate: Authenticate | None = None
    enabled: bool = True

    async def check(self, request: Request, operation_id: str) -> None:
        """401 for missing or rejected credentials, then 415 for a body in a media type not read."""
        await self.check_auth(request, operation_id)
        check_media_type(request, operation_id)

    async def check_auth(self, request: Request, operation_id: str) -> None:
        schemes = security_schemes().get(operation_id, ()) if self.enabled else ()
        if not schemes:
            return
        credentials = credentials_of(request, schemes)
        if credentials is None:
            raise unauthorized(schemes, "no credentials")
        if self.authenticate is None:
            return
        accepted = self.authenticate(credentials)
        if inspect.isawaitable(accepted):
            accepted = await accepted
        if not accepted:
            raise unauthorized(schemes, "credentials rejected")


def guarded(operation_id: str) -> Any:
    """The route dependency that runs the app's Guard (`app.state.guard`) before the route's
    parameters."""

    async def admitted(request: Request) -> None:
        guard = getattr(request.app.state, "guard", None)
        await (guard if isinstance(guard, Guard) else Guard()).check(request, operation_id)

    return Depends(admitted)


class LazyRoute(APIRoute):
    """An APIRoute that builds its parameter, body and response validators, FastAPI's costly part
    (seconds
    for a thousand routes), on the first request to its path or the first look at it (e.g. by
    app.openapi()).
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        if options.get("operation_id"):
            options["dependencies"] = [
                guarded(options["operation_id"]),
                *(options.get("dependencies") or ()),
            ]
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

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await super().handle(as_json_scope(scope), receive, send)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        # The path regex first, built or not: a request is looked for in every route before its own,
        # and FastAPI's full match of a built route costs many times more.
        if not self.lazy_path_regex.match(route_path(scope)):
            return Match.NONE, {}
        return super().matches(scope)


def route_path(scope: Scope) -> str:
    """The path a route matches: the request path below the app's root path."""
    path, root = str(scope.get("path", "")), str(scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root) else path


class SignedIntConvertor(Convertor[int]):
    """A path segment that is an integer, perhaps negative: where two operations have one method on
    routes
    that differ only in a parameter's type, the integer one matches only an integer (and comes
    first).
    """

    regex = "-?[0-9]+"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(int(value))


register_url_convertor("signed_int", SignedIntConvertor())
_CONVERTOR = re.compile(r":[^{}]*\}")


def route_key(path: str) -> tuple[tuple[tuple[int, str], ...], str]:
    """Sort key of routes: segment by segment, literals before parameters matched by type
    (`{id:signed_int}`)
    before other parameters, so none shadows another."""
    segments = tuple(segment_rank(part) for part in path.strip("/").split("/"))
    return segments, _CONVERTOR.sub("}", path)


def segment_rank(part: str) -> tuple[int, str]:
    if not (part.startswith("{") and part.endswith("}")):
        return 0, part
    return (1, "") if ":" in part else (2, "")


def marker(location: str, wire_name: str, name: str, required: bool) -> Any:
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
    if location.startswith("json:"):
        return Depends(Core.json_parameter(wire_name, location.removeprefix("json:"), required))
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
        required = parameter.default is inspect.Parameter.empty
        annotation = annotated(hints[name], marker(location, wire_name, name, required))
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

    def add(self, route: str, handler: Callable[..., Awaitable[Any]]) -> None:
        """The route `METHOD /path` (as operations.json names it), answered by `handler`."""
        operation_id = operation_ids()[route]
        operation = route_data()[operation_id]
        method, path = route.split(" ", 1)
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


@cache
def operation_ids() -> dict[str, str]:
    """`METHOD /path` -> the operation id of the route."""
    return {str(entry["route"]): operation_id for operation_id, entry in route_data().items()}


def route_options(operation_id: str) -> dict[str, Any]:
    """The documented statuses, summary and media types of a route, for its OpenAPI description."""
    operation = route_data()[operation_id]
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
