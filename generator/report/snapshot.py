"""The record of the API that produced OUT: `OUT/.generator/api.json`, what a client user sees of
every operation and named type (routes, parameters, bodies, statuses, properties and their types, a
hash of each description, and where each came from), plus the generator version, template hash and
shaping settings. The next run compares its own API with it (generator/report/changes.py).

One entry per line, sorted, no absolute paths: byte-identical on any machine, and readable as a diff.
"""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, JsonValue, ValidationError

from generator.model import Api, Endpoint, NamedType, Source, TypeRef
from generator.write.manifest import GENERATOR_DIR, sha256

SNAPSHOT_PATH = f"{GENERATOR_DIR}/api.json"
FORMAT: Literal[1] = 1
TEXT_HASH_LENGTH = 12
FORMAT_LINE = f'{{\n"format": {FORMAT},\n'.encode()


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Member(Record):
    """A parameter, body, response or property: its type, whether it is required, where it is, and a
    hash of its description ("" when it has none)."""

    type: str
    at: str
    required: bool = False
    text: str = ""


class OperationRecord(Record):
    route: str
    at: str
    text: str = ""
    parameters: dict[str, Member] = {}  # "query $select" -> Member
    body: Member | None = None
    responses: dict[str, Member] = {}  # status -> Member


class TypeRecord(Record):
    at: str
    text: str = ""
    properties: dict[str, Member] = {}


class ApiSnapshot(Record):
    format: Literal[1]
    generator: str
    templates: str
    settings: dict[str, JsonValue]
    operations: dict[str, OperationRecord]
    types: dict[str, TypeRecord]

    def to_json(self) -> str:
        """Sorted keys, one operation or type a line."""
        data = self.model_dump(mode="json", exclude_defaults=True)
        lines = ["{"]
        for key in ("format", "generator", "templates", "settings"):
            lines.append(f"{_dumps(key)}: {_dumps(data.get(key, {}))},")
        for index, key in enumerate(("operations", "types")):
            entries = sorted(data.get(key, {}).items())
            lines.append(f"{_dumps(key)}: {{")
            lines += [
                f"{_dumps(name)}: {_dumps(value)}{',' * (n < len(entries) - 1)}"
                for n, (name, value) in enumerate(entries)
            ]
            lines.append("}," if index == 0 else "}")
        return "\n".join(lines) + "\n}\n"


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------------
# From the model


def snapshot_of(
    api: Api, generator_version: str, templates: str, settings: dict[str, JsonValue]
) -> ApiSnapshot:
    return ApiSnapshot(
        format=FORMAT,
        generator=generator_version,
        templates=templates,
        settings=settings,
        operations={endpoint.operation_id: _operation(endpoint) for endpoint in api.endpoints()},
        types={name: _named_type(named) for name, named in api.types.items()},
    )


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


def _operation(endpoint: Endpoint) -> OperationRecord:
    body = endpoint.request_body
    return OperationRecord(
        route=f"{endpoint.method.upper()} {endpoint.path}",
        at=_at(endpoint.source),
        text=text_hash(endpoint.summary, endpoint.description, *endpoint.notes),
        parameters={
            f"{parameter.location} {parameter.name}": Member(
                type=type_form(parameter.type),
                at=_at(parameter.source),
                required=parameter.required,
                text=text_hash(parameter.description),
            )
            for parameter in endpoint.parameters
        },
        body=(
            None
            if body is None
            else Member(
                type=type_form(body.type),
                at=_at(body.source),
                required=True,
                text=text_hash(body.description),
            )
        ),
        responses={
            response.status: Member(
                type=type_form(response.type),
                at=_at(response.source),
                text=text_hash(response.description),
            )
            for response in endpoint.responses
        },
    )


def _named_type(named: NamedType) -> TypeRecord:
    return TypeRecord(
        at=next((_at(source) for source in (*named.sources, *named.origin.sources)), ""),
        text=text_hash(named.description),
        properties={
            prop.name: Member(
                type=type_form(prop.type), at=_at(prop.source), text=text_hash(prop.description)
            )
            for prop in named.properties
        },
    )


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

    @cached_property
    def snapshot(self) -> ApiSnapshot | None:
        if self.data is None:
            return None
        try:
            return ApiSnapshot.model_validate_json(self.data)
        except ValidationError:
            return None


def load_recorded(out: Path, has_manifest: bool) -> Recorded:
    try:
        return Recorded(Baseline.RECORDED, (out / SNAPSHOT_PATH).read_bytes())
    except OSError:
        return Recorded(Baseline.UNRECORDED if has_manifest else Baseline.FRESH)
