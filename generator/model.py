"""The typed model every stage shares: parse fills ParsedDoc, resolve turns all of them into an Api.

Every element keeps the Source (file, line) it came from, so diagnostics and `--explain` can point at it.
"""

from __future__ import annotations

from dataclasses import fields
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, JsonValue
from pydantic.dataclasses import dataclass

from generator.naming import ClassName, PythonIdentifier


class Frozen(BaseModel):
    # defer_build: a class builds its validator on first use, so that a run with nothing to do (which
    # uses a few of them) does not pay for all of them at import.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


# The values a large API holds by the hundred thousand (a place, a type, a table row) are slotted
# dataclasses rather than models: a model instance costs several times the memory (its attribute dict
# and its set of fields set), and at 3,400 docs they made up half of a run's peak. Pydantic validates and
# serializes them all the same; `copied` takes the place of `model_copy`.
RECORD = ConfigDict(extra="forbid", defer_build=True)


@dataclass(frozen=True, slots=True, config=RECORD)
class Source:
    """A place in a doc: the file's path relative to the docs folder (POSIX form) and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Level(StrEnum):
    WARNING = "warning"
    ERROR = "error"


class Diagnostic(Frozen):
    """A problem found in the input; errors mean the doc (or part of it) could not be understood."""

    source: Source
    level: Level
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.level.value} {self.code}: {self.message}"


class SourceFile(Frozen):
    """A doc as read from disk: its path relative to the docs folder, decoded text (LF line ends)."""

    path: str
    text: str


# ---------------------------------------------------------------------------------------------------
# Types


TypeKind = Literal["string", "integer", "number", "boolean", "array", "object", "ref", "any"]


@dataclass(frozen=True, slots=True, config=RECORD)
class Origin:
    """Where an inferred fact came from: a table cell, a sample, a merge of several docs, a default."""

    how: Literal["table", "sample", "merged", "name", "heading", "default"]
    sources: tuple[Source, ...] = ()
    note: str = ""

    def __str__(self) -> str:
        places = ", ".join(str(source) for source in self.sources)
        text = f"{self.how} at {places}" if places else self.how
        return f"{text} ({self.note})" if self.note else text


@dataclass(frozen=True, slots=True, config=RECORD)
class TypeRef:
    """A JSON type: a primitive with an optional format, an array, a dictionary, a named type, or any value.

    `values` is the value type of a dictionary (`object` with additionalProperties); an object with no
    `values` is free-form. `ref` names a NamedType of the Api.
    """

    kind: TypeKind
    format: str | None = None
    items: TypeRef | None = None
    values: TypeRef | None = None
    ref: str | None = None
    enum: tuple[str, ...] = ()
    origin: Origin | None = None

    @property
    def is_binary(self) -> bool:
        """Raw bytes (`string` in format `binary`): a file, an image."""
        return self.kind == "string" and self.format == "binary"

    def without_origin(self) -> TypeRef:
        """The same type, forgetting where it was seen (to compare or count types). Not validated again,
        as `replace` would: every field keeps a value it was validated with."""
        if self.origin is None:
            return self
        copy = object.__new__(TypeRef)
        for name in TYPE_REF_FIELDS:
            object.__setattr__(copy, name, getattr(self, name))
        object.__setattr__(copy, "origin", None)
        return copy

    def describe(self) -> str:
        """A short human form: `integer(int32)`, `array<Person>`, `dict<string>`."""
        if self.kind == "ref":
            return self.ref or "?"
        if self.kind == "array":
            return f"array<{self.items.describe() if self.items else '?'}>"
        if self.kind == "object" and self.values is not None:
            return f"dict<{self.values.describe()}>"
        return f"{self.kind}({self.format})" if self.format else self.kind


TYPE_REF_FIELDS = tuple(field.name for field in fields(TypeRef))


# ---------------------------------------------------------------------------------------------------
# What one doc says (output of the parse stage)


class ParamRow(Frozen):
    """A row of a path-part or query-parameter table."""

    name: str
    type: TypeRef
    type_cell: str
    required: bool
    description: str
    source: Source
    example: str | None = None


@dataclass(frozen=True, slots=True, config=RECORD)
class HeaderRow:
    """A row of the request-header table; media types are the backticked list of Content-Type/Accept."""

    name: str
    description: str
    media_types: tuple[str, ...]
    source: Source


@dataclass(frozen=True, slots=True, config=RECORD)
class PropertyRow:
    """A row of a body or response property table, with its Type cell read and kept raw."""

    name: str
    type: TypeRef
    type_cell: str
    description: str
    source: Source


@dataclass(frozen=True, slots=True, config=RECORD)
class StatusRow:
    status: str
    description: str
    source: Source


class HttpSample(Frozen):
    """A sample request (`METHOD path`) or response (`HTTP/1.1 code text`) with headers and body."""

    start_line: str
    headers: tuple[tuple[str, str], ...]
    body_text: str
    body: JsonValue = None
    has_json_body: bool = False
    source: Source


class ParsedRequestBody(Frozen):
    name: str
    kind: str  # the word after the name in the heading: "", "string" (JSON Patch), "binary"
    text: str  # the line under the heading, if any
    properties: tuple[PropertyRow, ...] | None  # None: no table
    source: Source


class ParsedResponse(Frozen):
    suffix: str  # "", "array", "object", "string", "int32", ...
    statuses: tuple[StatusRow, ...]
    body_name: str
    properties: tuple[PropertyRow, ...] | None
    source: Source
    body_source: Source | None = None


class ParsedDoc(Frozen):
    """Everything one endpoint doc says, before any other doc is looked at."""

    source: Source
    operation_id: str
    title: str
    method: str
    path: str
    summary: str
    description: str
    notes: tuple[str, ...] = ()
    path_params: tuple[ParamRow, ...] = ()
    query_params: tuple[ParamRow, ...] = ()
    headers: tuple[HeaderRow, ...] = ()
    request_body: ParsedRequestBody | None = None
    response: ParsedResponse | None = None
    sample_request: HttpSample | None = None
    sample_response: HttpSample | None = None


class ParseResult(Frozen):
    """What parsing one file gives: the doc (None when it cannot be understood) and the diagnostics."""

    file: str
    doc: ParsedDoc | None
    diagnostics: tuple[Diagnostic, ...] = ()


# ---------------------------------------------------------------------------------------------------
# The resolved API (output of the resolve stage)


class SecurityScheme(StrEnum):
    BASIC = "basic"
    BEARER = "bearer"
    SO_TICKET = "soTicket"
    XSRF = "xsrfToken"


ParameterLocation = Literal["path", "query", "header"]


class Parameter(Frozen):
    name: str
    python_name: PythonIdentifier
    location: ParameterLocation
    type: TypeRef
    required: bool
    description: str
    source: Source
    example: str | None = None

    def json_encoded(self) -> bool:
        """Whether the value travels JSON-encoded (OpenAPI: `content: application/json`): an
        object, any value, or an array of such, which no plain query text (`a,b`) can carry."""
        ref = self.type
        if ref.kind == "array" and ref.items is not None:
            ref = ref.items
        return ref.kind in ("object", "any", "array")


class RequestBody(Frozen):
    name: str
    python_name: PythonIdentifier
    media_types: tuple[str, ...]
    type: TypeRef
    description: str
    source: Source


class Response(Frozen):
    status: str
    description: str
    media_types: tuple[str, ...]
    type: TypeRef | None
    source: Source

    @property
    def is_success(self) -> bool:
        return self.status.isdigit() and self.status.startswith("2")


class Endpoint(Frozen):
    operation_id: str
    python_name: PythonIdentifier
    group: str
    method: str
    path: str
    summary: str
    description: str
    notes: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    security: tuple[SecurityScheme, ...]
    request_body: RequestBody | None
    responses: tuple[Response, ...]
    sample_request: HttpSample | None
    sample_response: HttpSample | None
    source: Source
    # Path parameters the route matches by type (an integer only): set where another operation has
    # the same method on a route differing only in parameter names and types (`GET /List/{id}`,
    # `GET /List/{name}`).
    typed_parameters: tuple[str, ...] = ()

    @property
    def named_types(self) -> set[str]:
        """The named types the endpoint mentions itself: in its parameters, body and responses."""
        refs: list[TypeRef | None] = [parameter.type for parameter in self.parameters]
        refs += [response.type for response in self.responses]
        refs += [self.request_body.type] if self.request_body is not None else []
        return set().union(*(referenced_types(ref) for ref in refs))

    @property
    def success(self) -> Response | None:
        """The response of a successful call, decided here once for every target: the documented 2xx
        that carries the body (resolve types at most one response), else 200, else the first 2xx."""
        successes = [response for response in self.responses if response.is_success]
        with_body = [response for response in successes if response.type is not None]
        ok = [response for response in successes if response.status == "200"]
        return next(iter(with_body or ok or successes), None)

    @property
    def success_statuses(self) -> tuple[int, ...]:
        """Every documented 2xx status: the client accepts any of them as success."""
        return tuple(int(response.status) for response in self.responses if response.is_success)

    @property
    def binary_accept(self) -> str | None:
        """The Accept header of a call whose result is binary (its media types); None otherwise."""
        success = self.success
        if success is None or success.type is None or not success.type.is_binary:
            return None
        return ", ".join(success.media_types) or None

    @property
    def no_content(self) -> bool:
        """A successful call may answer 204 with no body."""
        return any(response.status == "204" for response in self.responses)

    def parameters_in(self, location: ParameterLocation) -> tuple[Parameter, ...]:
        return tuple(parameter for parameter in self.parameters if parameter.location == location)

    def route_key(self) -> tuple[tuple[tuple[int, str], ...], str, str]:
        """Sort key of routes: segment by segment, literals before parameters matched by type
        (integers) before any other parameter, so none shadows another."""
        segments = tuple(self._segment_rank(part) for part in self.path.strip("/").split("/"))
        return segments, self.path, self.method

    def _segment_rank(self, part: str) -> tuple[int, str]:
        if not (part.startswith("{") and part.endswith("}")):
            return 0, part
        return (1, "") if part[1:-1] in self.typed_parameters else (2, "")


class Property(Frozen):
    name: str
    python_name: PythonIdentifier
    type: TypeRef
    description: str
    source: Source


class NamedType(Frozen):
    """An object type with named properties, defined once and referenced by name."""

    name: str
    class_name: ClassName
    description: str
    properties: tuple[Property, ...]
    sources: tuple[Source, ...]
    origin: Origin


class Group(Frozen):
    name: str
    python_name: PythonIdentifier
    class_name: ClassName
    endpoints: tuple[Endpoint, ...]

    @property
    def named_types(self) -> set[str]:
        """The named types the group's endpoints mention themselves."""
        return set().union(*(endpoint.named_types for endpoint in self.endpoints))


def referenced_types(ref: TypeRef | None) -> set[str]:
    """The named types a type mentions, at any depth."""
    if ref is None:
        return set()
    own = {ref.ref} if ref.kind == "ref" and ref.ref else set()
    return own | referenced_types(ref.items) | referenced_types(ref.values)


class Api(Frozen):
    title: str
    version: str
    groups: tuple[Group, ...]
    types: dict[str, NamedType]
    diagnostics: tuple[Diagnostic, ...] = ()
    # The property-name sets resolve looked up among the tabled types' (TypeRegistry.match_keys:
    # unnamed tables, sample objects), each sorted, with how many times, in order: what a row added
    # or removed could make the registry name otherwise (resolve/edits.py).
    matched_keys: tuple[tuple[tuple[str, ...], int], ...] = ()

    def endpoints(self) -> list[Endpoint]:
        return [endpoint for group in self.groups for endpoint in group.endpoints]

    def endpoints_in_route_order(self) -> list[Endpoint]:
        return sorted(self.endpoints(), key=Endpoint.route_key)
