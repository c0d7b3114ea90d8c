"""The record of the API that produced OUT: `OUT/.generator/api.json`, what a client user sees of
every operation and named type (routes, parameters, bodies, statuses, properties and their types, a
hash of each description, and where each came from), plus the generator version, template hash and
shaping settings. The next run compares its own API with it (generator/report/changes.py).

One entry per line, sorted, no absolute paths: byte-identical on any machine, and readable as a diff.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal, NotRequired

import orjson
from pydantic import ConfigDict, JsonValue, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from generator.model import Api, Endpoint, NamedType, Source, TypeRef
from generator.write.manifest import GENERATOR_DIR, sha256

SNAPSHOT_PATH = f"{GENERATOR_DIR}/api.json"
FORMAT: Literal[1] = 1
TEXT_HASH_LENGTH = 12
FORMAT_LINE = f'{{\n"format": {FORMAT},\n'.encode()


# Plain JSON data, typed: built and compared fast (tens of thousands of members for a large API),
# validated by pydantic only when read back from OUT.


@with_config(ConfigDict(extra="forbid"))
class Member(TypedDict):
    """A parameter, body, response or property: its type, where it is, whether it is required (left
    out when not) and a hash of its description (left out when it has none)."""

    type: str
    at: str
    required: NotRequired[bool]
    text: NotRequired[str]


@with_config(ConfigDict(extra="forbid"))
class OperationRecord(TypedDict):
    route: str
    at: str
    text: NotRequired[str]
    parameters: NotRequired[dict[str, Member]]  # "query $select" -> Member
    body: NotRequired[Member]
    responses: NotRequired[dict[str, Member]]  # status -> Member


@with_config(ConfigDict(extra="forbid"))
class TypeRecord(TypedDict):
    at: str
    text: NotRequired[str]
    properties: NotRequired[dict[str, Member]]


@with_config(ConfigDict(extra="forbid"))
class ApiSnapshot(TypedDict):
    format: Literal[1]
    generator: str
    templates: str
    settings: dict[str, JsonValue]
    operations: dict[str, OperationRecord]
    types: dict[str, TypeRecord]


SNAPSHOT_ADAPTER = TypeAdapter(ApiSnapshot)


def to_json(snapshot: ApiSnapshot) -> str:
    """Sorted keys, one operation or type a line."""
    head = {key: snapshot[key] for key in ("format", "generator", "templates", "settings")}
    lines = ["{", *(f"{_dumps(key)}: {_dumps(value)}," for key, value in head.items())]
    lines += _entries("operations", snapshot["operations"], "},")
    lines += _entries("types", snapshot["types"], "}")
    return "\n".join(lines) + "\n}\n"


def _entries(key: str, entries: Mapping[str, object], close: str) -> list[str]:
    ordered = sorted(entries.items())
    last = len(ordered) - 1
    lines = [
        f"{_dumps(name)}: {_dumps(value)}{',' * (n < last)}"
        for n, (name, value) in enumerate(ordered)
    ]
    return [f"{_dumps(key)}: {{", *lines, close]


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------------
# From the model


def snapshot_of(
    api: Api, generator_version: str, templates: str, settings: dict[str, JsonValue]
) -> ApiSnapshot:
    return {
        "format": FORMAT,
        "generator": generator_version,
        "templates": templates,
        "settings": settings,
        "operations": {endpoint.operation_id: _operation(endpoint) for endpoint in api.endpoints()},
        "types": {name: _named_type(named) for name, named in api.types.items()},
    }


def type_form(ref: TypeRef | None) -> str:
    """The type as a client sees it: `ContactEntity`, `array<integer(int32)>`, `string{a,b}`."""
    if ref is None:
        return ""
    if ref.kind == "ref":
        text = ref.ref or "?"
    elif ref.kind == "array":
        text = f"array<{type_form(ref.items)}>"
    elif ref.kind == "object" and ref.values is not None:
        text = f"dict<{type_form(ref.values)}>"
    else:
        text = f"{ref.kind}({ref.format})" if ref.format else ref.kind
    return text + ("{" + ",".join(ref.enum) + "}" if ref.enum else "")


def text_hash(*texts: str) -> str:
    """A short hash of descriptions ("" when there are none): enough to tell that one changed."""
    joined = "\0".join(texts)
    return sha256(joined)[:TEXT_HASH_LENGTH] if joined.strip("\0 \n") else ""


def _at(source: Source) -> str:
    return f"{source.file}:{source.line}"


def _member(
    ref: TypeRef | None, source: Source, description: str, required: bool = False
) -> Member:
    member: Member = {"type": type_form(ref), "at": _at(source)}
    if required:
        member["required"] = True
    text = text_hash(description)
    if text:
        member["text"] = text
    return member


def _operation(endpoint: Endpoint) -> OperationRecord:
    record: OperationRecord = {
        "route": f"{endpoint.method.upper()} {endpoint.path}",
        "at": _at(endpoint.source),
    }
    text = text_hash(endpoint.summary, endpoint.description, *endpoint.notes)
    if text:
        record["text"] = text
    if endpoint.parameters:
        record["parameters"] = {
            f"{p.location} {p.name}": _member(p.type, p.source, p.description, p.required)
            for p in endpoint.parameters
        }
    body = endpoint.request_body
    if body is not None:
        record["body"] = _member(body.type, body.source, body.description, required=True)
    if endpoint.responses:
        record["responses"] = {
            r.status: _member(r.type, r.source, r.description) for r in endpoint.responses
        }
    return record


def _first_at(named: NamedType) -> str:
    sources = named.sources or named.origin.sources
    return _at(sources[0]) if sources else ""


def _named_type(named: NamedType) -> TypeRecord:
    record: TypeRecord = {"at": _first_at(named)}
    text = text_hash(named.description)
    if text:
        record["text"] = text
    if named.properties:
        record["properties"] = {
            p.name: _member(p.type, p.source, p.description) for p in named.properties
        }
    return record


# ---------------------------------------------------------------------------------------------------
# The one in OUT


class Baseline(StrEnum):
    """What the run compares with."""

    RECORDED = "recorded"  # OUT has the record of the API that produced it
    FRESH = "fresh"  # OUT has no manifest: nothing was generated there before
    UNRECORDED = "unrecorded"  # OUT was generated by a generator that kept no (readable) record


class Recorded:
    """OUT's record: its bytes as they are on disk (None: no file), read as a snapshot only when asked
    (a run that finds nothing changed never parses it)."""

    def __init__(self, baseline: Baseline, data: bytes | None = None) -> None:
        self.baseline, self.data = baseline, data

    @property
    def current_format(self) -> bool:
        """Whether the record starts as this generator writes one (cheap: the snapshot is not read)."""
        return self.data is not None and self.data.startswith(FORMAT_LINE)

    def read_against(self, current: ApiSnapshot) -> ApiSnapshot | None:
        """The record as a snapshot (None when it is not one), validating only the entries that
        differ from `current` (an entry equal to one of ours is valid): a one-doc edit of a large API
        checks one operation, not all of them."""
        if self.data is None:
            return None
        try:
            raw = orjson.loads(self.data)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(raw, dict) or set(raw) != set(current):
            return None
        try:
            head = SNAPSHOT_ADAPTER.validate_python({**raw, "operations": {}, "types": {}})
            operations, types = raw["operations"], raw["types"]
            if not isinstance(operations, dict) or not isinstance(types, dict):
                return None
            for name, entry in operations.items():
                if current["operations"].get(name) != entry:
                    _adapter(OperationRecord).validate_python(entry)
            for name, entry in types.items():
                if current["types"].get(name) != entry:
                    _adapter(TypeRecord).validate_python(entry)
        except ValidationError:
            return None
        return {**head, "operations": operations, "types": types}


@cache
def _adapter(entry: type[OperationRecord] | type[TypeRecord]) -> TypeAdapter[object]:
    return TypeAdapter(entry)


def load_recorded(out: Path, has_manifest: bool) -> Recorded:
    try:
        return Recorded(Baseline.RECORDED, (out / SNAPSHOT_PATH).read_bytes())
    except OSError:
        return Recorded(Baseline.UNRECORDED if has_manifest else Baseline.FRESH)
