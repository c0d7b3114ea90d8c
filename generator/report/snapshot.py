"""The record of the API that produced OUT: `OUT/.generator/api.json`, what a client user sees of
every operation and named type (routes, parameters, bodies, statuses, properties and their types, a
hash of each description, and where each came from), plus the generator version, template hash and
shaping settings. The next run compares its own API with it (generator/report/changes.py).

One entry per line, sorted, no absolute paths: byte-identical on any machine, and readable as a diff.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal, NotRequired, cast

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
    lines = _head_lines(snapshot["generator"], snapshot["templates"], snapshot["settings"])
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
# After local edits


@dataclass(frozen=True)
class PatchedRecord:
    """A record made from the last one, with the entries that mention the edited docs made again:
    its text (`data`), and those entries before and after (the only ones that can differ)."""

    data: bytes
    before: ApiSnapshot
    after: ApiSnapshot


def patched_record(
    recorded: bytes,
    api: Api,
    files: Collection[str],
    generator_version: str,
    templates: str,
    settings: dict[str, JsonValue],
    types: Collection[str] = (),
) -> PatchedRecord | None:
    """The record of `api` made from `recorded`, the record of an Api that differs from it only in
    the endpoints of `files`, in the places (Sources) in those files and in the named `types`: every
    operation and type whose entry names one of the files, and those types, are made again, the rest
    kept as text. None unless `recorded` is a record in this format of the same generator,
    templates and settings, and each entry to make again is a valid one that `api` still has."""
    needles = [_dumps(f"{file}:")[:-1] for file in files]  # `"file:`: the start of an `at`
    wanted = {e.operation_id for e in api.endpoints() if e.source.file in files}
    keys = {_dumps(name) + ": " for name in types}

    def chosen(section: str, line: str) -> bool:
        if any(needle in line for needle in needles):
            return True
        key = _KEY.match(line) if section == "types" and keys else None
        return key is not None and key.group() in keys

    found = _patched(recorded, api, chosen, (generator_version, templates, settings))
    if found is None or set(found.after["operations"]) != wanted:
        return None  # an edited operation the record does not place in its doc
    return found if set(types) <= set(found.after["types"]) else None


def patched_record_of(
    recorded: bytes,
    api: Api,
    operations: Collection[str],
    types: Collection[str],
    generator_version: str,
    templates: str,
    settings: dict[str, JsonValue],
) -> PatchedRecord | None:
    """The record of `api` made from `recorded`, the record of an Api that differs from it only in
    the operations and types named (the same operation ids and type names): their entries are made
    again, the rest kept as text. None unless `recorded` is a record in this format of the same
    generator, templates and settings, holding each of them once, as a valid entry."""
    keys = {
        "operations": {_dumps(name) + ": " for name in operations},
        "types": {_dumps(name) + ": " for name in types},
    }

    def chosen(section: str, line: str) -> bool:
        key = _KEY.match(line)
        return key is not None and key.group() in keys[section]

    found = _patched(recorded, api, chosen, (generator_version, templates, settings))
    if found is None or set(found.after["operations"]) != set(operations):
        return None
    return found if set(found.after["types"]) == set(types) else None


def rebuilt_record(
    recorded: bytes,
    api: Api,
    operations: Collection[str],
    types: Collection[str],
    generator_version: str,
    templates: str,
    settings: dict[str, JsonValue],
) -> PatchedRecord | None:
    """The record of `api` made from `recorded`, the record of an Api that differs from it only in
    the operations and types named and in the entries that come and go: those named, and those
    `api` has and the record not, are made; those the record has and `api` not are left out; the
    rest are kept as text, in order. None unless `recorded` is a record in this format of the same
    generator, templates and settings, each entry left out or made again a valid one, each name
    once."""
    head_lines = _head_lines(generator_version, templates, settings)
    try:
        lines = recorded.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    sections = _sections(lines, len(head_lines))
    if lines[: len(head_lines)] != head_lines or sections is None:
        return None
    endpoints = {endpoint.operation_id: endpoint for endpoint in api.endpoints()}
    current: dict[str, Mapping[str, object]] = {"operations": endpoints, "types": api.types}
    changed = {"operations": set(operations), "types": set(types)}
    make: dict[str, Callable[[str], object]] = {
        "operations": lambda name: _operation(endpoints[name]),
        "types": lambda name: _named_type(api.types[name]),
    }
    records = {"operations": OperationRecord, "types": TypeRecord}
    before: dict[str, dict[str, object]] = {"operations": {}, "types": {}}
    after: dict[str, dict[str, object]] = {"operations": {}, "types": {}}
    made = list(head_lines)
    try:
        for section, (start, end) in sections.items():
            kept: dict[str, str] = {}
            for line in lines[start:end]:
                entry = line.removesuffix(",")
                key = _KEY.match(entry)
                if key is None:
                    return None
                name = orjson.loads(key.group()[:-2])
                if not isinstance(name, str) or name in kept or name in before[section]:
                    return None
                if name in current[section] and name not in changed[section]:
                    kept[name] = entry
                    continue
                old = orjson.loads("{" + entry + "}")[name]
                _adapter(records[section]).validate_python(old)
                before[section][name] = old
            for name in current[section]:
                if name not in kept:
                    after[section][name] = new = make[section](name)
                    kept[name] = f"{_dumps(name)}: {_dumps(new)}"
            ordered = [kept[name] for name in sorted(kept)]
            close = "}," if section == "operations" else "}"
            made += [lines[start - 1], *(f"{e}," for e in ordered[:-1]), *ordered[-1:], close]
    except (orjson.JSONDecodeError, ValueError, ValidationError):
        return None
    common = {
        "format": FORMAT,
        "generator": generator_version,
        "templates": templates,
        "settings": settings,
    }
    return PatchedRecord(
        ("\n".join(made) + "\n}\n").encode(),
        cast(ApiSnapshot, {**common, **before}),
        cast(ApiSnapshot, {**common, **after}),
    )


# An entry's key at the start of its line, as _dumps writes it (a JSON string), and its colon.
_KEY = re.compile(r'"(?:[^"\\]|\\.)*": ')


def _patched(
    recorded: bytes,
    api: Api,
    chosen: Callable[[str, str], bool],
    head: tuple[str, str, dict[str, JsonValue]],
) -> PatchedRecord | None:
    """The record of `api` made from `recorded` with the entries `chosen(section, line)` made again
    (each once), the rest kept as text; None where it is not a record of the same generator,
    templates and settings in this format, or an entry chosen is not valid, or not in `api`."""
    generator_version, templates, settings = head
    head_lines = _head_lines(generator_version, templates, settings)
    try:
        lines = recorded.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    sections = _sections(lines, len(head_lines))
    if lines[: len(head_lines)] != head_lines or sections is None:
        return None
    endpoints = {endpoint.operation_id: endpoint for endpoint in api.endpoints()}
    current = {"operations": endpoints.keys(), "types": api.types.keys()}
    before: dict[str, dict[str, object]] = {"operations": {}, "types": {}}
    after: dict[str, dict[str, object]] = {"operations": {}, "types": {}}
    try:
        for section, (start, end) in sections.items():
            for number in range(start, end):
                line = lines[number]
                if not chosen(section, line):
                    continue
                entry = orjson.loads("{" + line.removesuffix(",") + "}")
                ((name, old),) = entry.items()
                if name not in current[section] or name in after[section]:
                    return None
                if section == "operations":
                    _adapter(OperationRecord).validate_python(old)
                    new: object = _operation(endpoints[name])
                else:
                    _adapter(TypeRecord).validate_python(old)
                    new = _named_type(api.types[name])
                before[section][name], after[section][name] = old, new
                comma = "," if line.endswith(",") else ""
                lines[number] = f"{_dumps(name)}: {_dumps(new)}{comma}"
    except (orjson.JSONDecodeError, ValueError, ValidationError):
        return None
    common = {
        "format": FORMAT,
        "generator": generator_version,
        "templates": templates,
        "settings": settings,
    }
    return PatchedRecord(
        "\n".join(lines).encode(),
        cast(ApiSnapshot, {**common, **before}),
        cast(ApiSnapshot, {**common, **after}),
    )


def _head_lines(
    generator_version: str, templates: str, settings: dict[str, JsonValue]
) -> list[str]:
    head = {
        "format": FORMAT,
        "generator": generator_version,
        "templates": templates,
        "settings": settings,
    }
    return ["{", *(f"{_dumps(key)}: {_dumps(value)}," for key, value in head.items())]


def _sections(lines: list[str], start: int) -> dict[str, tuple[int, int]] | None:
    """The line ranges of the operations' and the types' entries in a record (to_json's layout)."""
    try:
        types = lines.index('"types": {', start)
    except ValueError:
        return None
    if (
        lines[start] != '"operations": {'
        or lines[types - 1] != "},"
        or lines[-3:] != ["}", "}", ""]
    ):
        return None
    return {"operations": (start + 1, types - 1), "types": (types + 1, len(lines) - 3)}


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
