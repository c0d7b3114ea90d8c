"""The request core every endpoint method goes through.

An endpoint method only names its `Operation` and passes its arguments; this module builds the URL,
query, headers and JSON body, applies auth, client defaults and retries, sends the request, raises
`ApiError` for statuses the docs do not list as success and parses the result with a pydantic
TypeAdapter built on first use.
"""

from __future__ import annotations

import asyncio
import contextvars
import enum
import json
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import IO, Any, Generic, Protocol, TypedDict, TypeVar, cast
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from .auth import Auth
from .errors import ResponseDecodeError, error_for

T = TypeVar("T")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
_PATH_PARAMETER = re.compile(r"\{([^{}/]+)\}")


class Unset(enum.Enum):
    """The default of body fields: a field left unset is not sent (`None` is sent as JSON null)."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET = Unset.UNSET

# The documented headers, each a client default (`Client(...)`) that any call may override with
# `headers={...}`.
Headers = TypedDict(
    "Headers",
    {
        "SO-AppToken": str,
    },
    total=False,
)


class PathLike(Protocol):
    """A path to a file (`pathlib.Path`, `os.DirEntry`, ...)."""

    def __fspath__(self) -> str: ...


# A binary request body: the bytes, a path to a file, or a file object opened for reading bytes.
Upload = bytes | bytearray | PathLike | IO[bytes]


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before sending a request again.

    A request is retried when its method is in `methods` (by default the idempotent ones) and the
    server answered with a status in `statuses` or could not be reached. The wait doubles from
    `backoff` seconds up to `max_backoff`; a `Retry-After` header, when present, is obeyed instead.
    `RetryPolicy(max_retries=0)` (or `retry=None` on the client) switches retries off.
    """

    max_retries: int = 2
    backoff: float = 0.5
    max_backoff: float = 30.0
    statuses: frozenset[int] = frozenset({429, 503})
    methods: frozenset[str] = IDEMPOTENT_METHODS
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)

    def should_retry(self, method: str, attempt: int, response: httpx.Response | None) -> bool:
        """Whether to retry after `attempt` retries; `response` is None when the request failed to
        send."""
        if attempt >= self.max_retries or method.upper() not in self.methods:
            return False
        return response is None or response.status_code in self.statuses

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        waited = _retry_after(response) if response is not None else None
        if waited is not None:
            return min(waited, self.max_backoff)
        return min(self.backoff * 2.0**attempt, self.max_backoff)


NO_RETRIES = RetryPolicy(max_retries=0)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


@dataclass
class Operation(Generic[T]):
    """One endpoint: method, path template, success statuses, and its body and result types (given
    as functions, so that the models they name are imported on the first call only)."""

    method: str
    path: str
    success: tuple[int, ...]
    returns: Callable[[], Any] | None = None
    body: Callable[[], Any] | None = None
    media_type: str = "application/json"
    accept: str = "application/json"
    _adapters: dict[str, TypeAdapter[Any]] = field(default_factory=dict, repr=False)

    def adapter(self, which: str) -> TypeAdapter[Any]:
        adapter = self._adapters.get(which)
        if adapter is None:
            resolve = self.returns if which == "returns" else self.body
            assert resolve is not None
            adapter = self._adapters[which] = TypeAdapter(resolve())
        return adapter


@dataclass(frozen=True)
class Settings:
    """What every request of one client shares."""

    auth: Auth | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    retry: RetryPolicy = NO_RETRIES


def fields(model: BaseModel | None, values: Mapping[str, object]) -> dict[str, object]:
    """A body from a model instance and/or keyword arguments (wire name -> value; the arguments
    win)."""
    body: dict[str, object] = {}
    if model is not None:
        body.update(model.model_dump(by_alias=True, exclude_unset=True))
    body.update((name, value) for name, value in values.items() if value is not UNSET)
    return body


def path_of(template: str, values: Mapping[str, object]) -> str:
    return _PATH_PARAMETER.sub(
        lambda match: quote(_text(values[match.group(1)]), safe=""), template
    )


def _text(value: object) -> str:
    """A parameter's text: scalars as they are, arrays of scalars comma-separated, anything else (an
    object, an array of objects) JSON-encoded, as openapi.json describes it (`content:
    application/json`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, BaseModel):
        return json.dumps(
            value.model_dump(mode="json", by_alias=True, exclude_unset=True), ensure_ascii=False
        )
    if isinstance(value, (list, tuple)):
        if any(isinstance(item, (dict, list, tuple, BaseModel)) for item in value):
            return json.dumps(
                [json.loads(_text(item)) if isinstance(item, BaseModel) else item for item in value]
            )
        return ",".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def query_of(values: Mapping[str, object] | None) -> httpx.QueryParams:
    """The query: an array of scalars as one `name=value` per item (OpenAPI's form style, exploded,
    as
    openapi.json and the server read it), anything else as its text."""
    query: list[tuple[str, str | int | float | bool | None]] = []
    for name, value in (values or {}).items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)) and not any(
            isinstance(item, (dict, list, tuple, BaseModel)) for item in value
        ):
            query.extend((name, _text(item)) for item in value)
        else:
            query.append((name, _text(value)))
    return httpx.QueryParams(tuple(query))


def headers_of(
    settings: Settings, accept: str, values: Mapping[str, str | None] | None
) -> dict[str, str]:
    headers = {"Accept": accept, **settings.headers}
    headers.update((name, value) for name, value in (values or {}).items() if value is not None)
    if settings.auth is not None:
        headers.update(settings.auth.headers())
    return headers


def upload_of(body: object) -> tuple[bytes, str] | None:
    """(content, file name) of a binary body given as bytes, a path or a file object; None
    otherwise."""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body), "file"
    fspath = getattr(body, "__fspath__", None)
    if callable(fspath):
        path = str(fspath())
        with open(path, "rb") as file:
            return file.read(), _file_name(path)
    read = getattr(body, "read", None)
    if callable(read):
        content = read()
        if isinstance(content, (bytes, bytearray)):
            return bytes(content), _file_name(str(getattr(body, "name", "file")))
    return None


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1] or "file"


def multipart_of(content: bytes, filename: str, field_name: str = "file") -> tuple[bytes, str]:
    """A `multipart/form-data` body (RFC 7578) of one file part, and its Content-Type with the
    boundary."""
    import secrets  # only here: multipart bodies are rare, and the client imports fast

    boundary = secrets.token_hex(16)
    quoted = filename.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "")
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field_name}"; filename="{quoted}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    body = head.encode("utf-8") + content + f"\r\n--{boundary}--\r\n".encode("ascii")
    return body, f"multipart/form-data; boundary={boundary}"


def content_of(operation: Operation[Any], body: object) -> tuple[bytes | None, str | None]:
    """The encoded body and its media type; a binary body (bytes, a path or a file object) is sent
    as it
    is, or as the file of a multipart form where that is the documented media type."""
    if body is UNSET or operation.body is None:
        return None, None
    upload = upload_of(body)
    if upload is not None:
        if operation.media_type == "multipart/form-data":
            return multipart_of(*upload)
        return upload[0], operation.media_type
    adapter = operation.adapter("body")
    data = adapter.dump_python(
        adapter.validate_python(body), mode="json", by_alias=True, exclude_unset=True
    )
    return json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json"


def build_request(
    http: httpx.Client | httpx.AsyncClient,
    settings: Settings,
    operation: Operation[Any],
    path: Mapping[str, object] | None,
    query: Mapping[str, object] | None,
    headers: Mapping[str, str | None] | None,
    body: object,
) -> httpx.Request:
    content, media_type = content_of(operation, body)
    all_headers = headers_of(settings, operation.accept, headers)
    if media_type is not None:
        all_headers["Content-Type"] = media_type
    url = path_of(operation.path, path or {})
    return http.build_request(
        operation.method, url, params=query_of(query), headers=all_headers, content=content
    )


def result_of(operation: Operation[T], response: httpx.Response) -> T:
    """The parsed result of a success status; an ApiError for any other status."""
    status = response.status_code
    succeeded = status in operation.success if operation.success else 200 <= status < 300
    if not succeeded:
        raise error_for(response)
    if operation.returns is None or status == 204:
        return cast(T, None)
    adapter = operation.adapter("returns")
    if adapter.core_schema.get("type") == "bytes":
        return cast(T, response.content)
    if is_empty(response.content):
        return empty_result(operation, response)
    try:
        return cast(T, adapter.validate_json(response.content))
    except ValidationError as error:
        raise ResponseDecodeError(response, str(error)) from error


def _headers(
    documented: Mapping[str, str | None] | None, overrides: Headers | None
) -> dict[str, str | None]:
    """A call's headers: its header arguments, then its `headers=` overrides."""
    merged = dict(documented or {})
    merged.update(cast(Mapping[str, str], overrides or {}))
    return merged


def is_empty(content: bytes) -> bool:
    """A success body that says nothing: no bytes, only white space, or JSON `null`."""
    return content.strip() in (b"", b"null")


def allows_none(operation: Operation[Any]) -> bool:
    """Whether the method's result type admits None: the docs list 204 (no content) as a success, so
    the
    method returns `T | None`, or the result type itself takes null."""
    if 204 in operation.success:
        return True
    try:
        operation.adapter("returns").validate_python(None)
    except ValidationError:
        return False
    return True


def empty_result(operation: Operation[T], response: httpx.Response) -> T:
    """None for an empty (or `null`) success body where the result type allows it, else a decode
    error."""
    if allows_none(operation):
        return cast(T, None)
    raise ResponseDecodeError(
        response, "the success body is empty (or null), and the result type does not allow None"
    )


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """A call's parsed result beside the response it came from: status, headers and raw body."""

    parsed: T
    status_code: int
    headers: httpx.Headers
    content: bytes
    http_response: httpx.Response = field(repr=False)

    @property
    def text(self) -> str:
        return self.content.decode(self.http_response.encoding or "utf-8", errors="replace")

    @classmethod
    def of(cls, parsed: T, response: httpx.Response) -> RawResponse[T]:
        return cls(parsed, response.status_code, response.headers, response.content, response)


# The responses of the calls made inside `with_raw_response` (per thread and per asyncio task).
_captured: contextvars.ContextVar[list[httpx.Response] | None] = contextvars.ContextVar(
    "captured_responses", default=None
)


def _capture(response: httpx.Response) -> httpx.Response:
    captured = _captured.get()
    if captured is not None:
        captured.append(response)
    return response


def _raw(captured: list[httpx.Response], parsed: T) -> RawResponse[T]:
    if len(captured) != 1:
        raise TypeError(
            f"with_raw_response needs a function that makes one API call, not {len(captured)}"
        )
    return RawResponse.of(parsed, captured[0])


def with_raw_response(call: Callable[[], T]) -> RawResponse[T]:
    """Makes the one API call of `call` and returns its result with the response it came from."""
    captured: list[httpx.Response] = []
    token = _captured.set(captured)
    try:
        parsed = call()
    finally:
        _captured.reset(token)
    return _raw(captured, parsed)


async def with_raw_response_async(call: Callable[[], Awaitable[T]]) -> RawResponse[T]:
    """The async `with_raw_response`: awaits the one API call of `call`."""
    captured: list[httpx.Response] = []
    token = _captured.set(captured)
    try:
        parsed = await call()
    finally:
        _captured.reset(token)
    return _raw(captured, parsed)


class SyncCore:
    """Sends requests with an httpx.Client."""

    def __init__(self, http: httpx.Client, settings: Settings) -> None:
        self.http = http
        self.settings = settings

    def call(
        self,
        operation: Operation[T],
        *,
        path: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        header: Mapping[str, str | None] | None = None,
        body: object = UNSET,
        headers: Headers | None = None,
    ) -> T:
        request = build_request(
            self.http, self.settings, operation, path, query, _headers(header, headers), body
        )
        return result_of(operation, _capture(self.send(request)))

    def send(self, request: httpx.Request) -> httpx.Response:
        policy, attempt = self.settings.retry, 0
        while True:
            try:
                response = self.http.send(request)
            except httpx.TransportError:
                if not policy.should_retry(request.method, attempt, None):
                    raise
                policy.sleep(policy.delay(attempt, None))
            else:
                if not policy.should_retry(request.method, attempt, response):
                    return response
                response.close()
                policy.sleep(policy.delay(attempt, response))
            attempt += 1


class AsyncCore:
    """Sends requests with an httpx.AsyncClient."""

    def __init__(self, http: httpx.AsyncClient, settings: Settings) -> None:
        self.http = http
        self.settings = settings

    async def call(
        self,
        operation: Operation[T],
        *,
        path: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        header: Mapping[str, str | None] | None = None,
        body: object = UNSET,
        headers: Headers | None = None,
    ) -> T:
        request = build_request(
            self.http, self.settings, operation, path, query, _headers(header, headers), body
        )
        return result_of(operation, _capture(await self.send(request)))

    async def send(self, request: httpx.Request) -> httpx.Response:
        policy, attempt = self.settings.retry, 0
        while True:
            try:
                response = await self.http.send(request)
            except httpx.TransportError:
                if not policy.should_retry(request.method, attempt, None):
                    raise
                delay = policy.delay(attempt, None)
            else:
                if not policy.should_retry(request.method, attempt, response):
                    return response
                await response.aclose()
                delay = policy.delay(attempt, response)
            if policy.sleep is time.sleep:
                await asyncio.sleep(delay)
            else:
                policy.sleep(delay)
            attempt += 1


class SyncGroup:
    """The base of a group's sync class: the core its methods send requests with."""

    def __init__(self, core: SyncCore) -> None:
        self._core = core


class AsyncGroup:
    """The base of a group's async class."""

    def __init__(self, core: AsyncCore) -> None:
        self._core = core
