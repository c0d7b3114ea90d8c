"""The Api as the cache keeps it for the next run: in parts, so that a run after prose edits reads and
validates only the parts it renders (generator/resolve/prose.py, render/plan.py Scope).

The bytes are lines of JSON (JSON text holds no raw newline):
1. the head: the title, the version, the diagnostics, every group's names and operation ids, and the
   outline: what the renderers draw from every endpoint (render/client.py, ClientOutline), opaque
   here;
2. the named types;
3. one line for each group, in order.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import cache

import orjson
from pydantic import BaseModel, ConfigDict, JsonValue, TypeAdapter

from generator.model import Api, Diagnostic, Group, NamedType
from generator.naming import ClassName, PythonIdentifier


class GroupHead(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    python_name: PythonIdentifier
    class_name: ClassName
    operations: tuple[str, ...]


class Head(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    version: str
    diagnostics: tuple[Diagnostic, ...]
    groups: tuple[GroupHead, ...]
    outline: JsonValue


@dataclass(frozen=True)
class StoredApi:
    head: bytes
    types: bytes
    groups: tuple[bytes, ...]

    @classmethod
    def of(cls, api: Api, outline: JsonValue) -> StoredApi:
        head = Head(
            title=api.title,
            version=api.version,
            diagnostics=api.diagnostics,
            groups=tuple(
                GroupHead(
                    name=group.name,
                    python_name=group.python_name,
                    class_name=group.class_name,
                    operations=tuple(endpoint.operation_id for endpoint in group.endpoints),
                )
                for group in api.groups
            ),
            outline=outline,
        )
        return cls(
            head.model_dump_json().encode(),
            _types().dump_json(api.types),
            tuple(group.model_dump_json().encode() for group in api.groups),
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> StoredApi | None:
        """None unless the data has the lines of a stored Api (their JSON is read when asked)."""
        lines = data.split(b"\n")
        if len(lines) < 3 or lines[-1] != b"":
            return None
        return cls(lines[0], lines[1], tuple(lines[2:-1]))

    def to_bytes(self) -> bytes:
        return b"\n".join((self.head, self.types, *self.groups, b""))

    def read_head(self) -> Head:
        """Raises ValueError (pydantic's ValidationError is one) where the head is not valid."""
        head = Head.model_validate_json(self.head)
        if len(head.groups) != len(self.groups):
            raise ValueError("a stored Api's head names another number of groups")
        return head

    def api(self, whole: Collection[str] | None = None) -> Api:
        """The Api, validated; `whole`: only the groups named have their endpoints (the others
        none), for a plan in scope of those groups. Raises ValueError where a part is not valid."""
        head = self.read_head()
        groups = []
        for named, data in zip(head.groups, self.groups):
            if whole is None or named.name in whole:
                group = Group.model_validate_json(data)
                if group.name != named.name:
                    raise ValueError(f"a stored Api's group {named.name} holds {group.name}")
            else:
                group = Group(
                    name=named.name,
                    python_name=named.python_name,
                    class_name=named.class_name,
                    endpoints=(),
                )
            groups.append(group)
        return Api(
            title=head.title,
            version=head.version,
            groups=tuple(groups),
            types=_types().validate_json(self.types),
            diagnostics=head.diagnostics,
        )

    def with_parts(self, types: bytes, groups: dict[int, bytes]) -> StoredApi:
        """The same with the types and the groups at the given places replaced."""
        parts = tuple(groups.get(number, data) for number, data in enumerate(self.groups))
        return replace(self, types=types, groups=parts)


@cache
def _types() -> TypeAdapter[dict[str, NamedType]]:
    return TypeAdapter(dict[str, NamedType])


def group_json(data: dict[str, JsonValue]) -> bytes:
    """A group's part from its JSON data (as prose.patched_api edits it)."""
    return orjson.dumps(data)
