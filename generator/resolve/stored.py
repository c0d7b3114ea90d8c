"""The Api as the cache keeps it for the next run: in parts, so that a run after local edits reads and
validates only the parts it renders (generator/resolve/edits.py, render/plan.py Scope).

The parts are JSON, each kept as a file of its own (write/cache.py: a part that did not change is
neither read nor written again):
1. the head: the title, the version, the diagnostics, and every group's names, operation ids and the
   files its Sources are in; and the outline: what the renderers draw from every endpoint
   (render/client.py, ClientOutline), opaque here;
2. the named types;
3. one part for each group, in order, read when first asked for (`Parts`).

A run that resolves the whole Api compares its parts with the cached ones (`difference`, by the
parts' names: their hashes), so that its plan renders only what changed (render/plan.py,
Scope.of_difference).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache
from typing import overload

import orjson
from pydantic import BaseModel, ConfigDict, JsonValue, TypeAdapter

from generator.model import Api, Diagnostic, Group, NamedType
from generator.naming import ClassName, PythonIdentifier
from generator.write.manifest import sha256

# A Source as pydantic writes it in a part: {"file":"...","line":N}. The string's pattern unrolled
# (runs of plain characters, then an escape at a time) scans a part five times as fast.
_SOURCE = re.compile(rb'\{"file":("[^"\\]*(?:\\.[^"\\]*)*"),"line":\d+\}')


class GroupHead(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    python_name: PythonIdentifier
    class_name: ClassName
    operations: tuple[str, ...]
    files: tuple[str, ...]  # of the Sources in the group's part, sorted
    types: tuple[str, ...]  # the named types its endpoints mention themselves, sorted


class Head(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    version: str
    diagnostics: tuple[Diagnostic, ...]
    groups: tuple[GroupHead, ...]
    outline: JsonValue
    matched_keys: tuple[tuple[tuple[str, ...], int], ...] = ()


class Parts(Sequence[bytes]):
    """The groups' parts, each read when first asked for: `read(number)`, which raises ValueError
    where a part is missing or damaged."""

    def __init__(
        self, count: int, read: Callable[[int], bytes], known: dict[int, bytes] | None = None
    ) -> None:
        self.size, self.read = count, read
        self.known: dict[int, bytes] = dict(known or {})

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...

    def __getitem__(self, index: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(index, slice):
            return [self[number] for number in range(self.size)[index]]
        if not 0 <= index < self.size:
            raise IndexError(index)
        if index not in self.known:
            self.known[index] = self.read(index)
        return self.known[index]

    def replaced(self, parts: dict[int, bytes]) -> Parts:
        return Parts(self.size, self.read, {**self.known, **parts})


@dataclass(frozen=True)
class StoredApi:
    head: bytes
    types: bytes
    groups: Sequence[bytes]
    # By position (head, types, then the groups): the name the cache keeps a part under, where the
    # part is as the cache keeps it (write/cache.py); None for a part made or changed since.
    names: tuple[str | None, ...] = ()

    @classmethod
    def of(cls, api: Api, outline: JsonValue) -> StoredApi:
        groups = tuple(group.model_dump_json().encode() for group in api.groups)
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
                    files=source_files(part),
                    types=tuple(sorted(group.named_types)),
                )
                for group, part in zip(api.groups, groups)
            ),
            outline=outline,
            matched_keys=api.matched_keys,
        )
        return cls(head.model_dump_json().encode(), _types().dump_json(api.types), groups)

    def read_head(self) -> Head:
        """Raises ValueError (pydantic's ValidationError is one) where the head is not valid."""
        head = Head.model_validate_json(self.head)
        if len(head.groups) != len(self.groups):
            raise ValueError("a stored Api's head names another number of groups")
        return head

    def named_types(self) -> dict[str, NamedType]:
        """The named types, validated. Raises ValueError where they are not valid."""
        return _types().validate_python(orjson.loads(self.types))

    def api(
        self, whole: Collection[str] | None = None, types: dict[str, NamedType] | None = None
    ) -> Api:
        """The Api, validated; `whole`: only the groups named have their endpoints (the others
        none), for a plan in scope of those groups; `types`: the named types, where they were
        read already. Raises ValueError where a part is not valid."""
        head = self.read_head()
        groups = []
        for number, named in enumerate(head.groups):
            if whole is None or named.name in whole:
                group = Group.model_validate(orjson.loads(self.groups[number]))
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
            types=self.named_types() if types is None else types,
            diagnostics=head.diagnostics,
            matched_keys=head.matched_keys,
        )

    def with_parts(self, types: bytes, groups: dict[int, bytes]) -> StoredApi:
        """The same with the types and the groups at the given places replaced."""
        if isinstance(self.groups, Parts):
            parts: Sequence[bytes] = self.groups.replaced(groups)
        else:
            parts = tuple(groups.get(number, data) for number, data in enumerate(self.groups))
        names = self._part_names()
        if types != self.types:
            names[1] = None
        for number in groups:
            names[2 + number] = None
        return StoredApi(self.head, types, parts, tuple(names))

    def with_head(self, head: bytes) -> StoredApi:
        """The same with another head."""
        names = self._part_names()
        names[0] = None
        return StoredApi(head, self.types, self.groups, tuple(names))

    def _part_names(self) -> list[str | None]:
        """Each part's name where the cache keeps it as it is (`names`), by position."""
        return list(self.names or (None,) * (2 + len(self.groups)))

    def kept_parts(self) -> list[str | bytes]:
        """Each part in order (head, types, groups): its name where the cache keeps it as it is (it
        is not read), else its bytes."""
        return [
            name if name is not None else self._part(position)
            for position, name in enumerate(self._part_names())
        ]

    def _part(self, position: int) -> bytes:
        return (
            self.head
            if position == 0
            else self.types if position == 1 else self.groups[position - 2]
        )


@dataclass(frozen=True)
class Difference:
    """What changed between two stored Apis of the same shape: the groups whose parts differ, and
    the named types that differ (by name); and whether every operation of those groups keeps its
    route (method, path, the parameters matched by type) and its security schemes, which decide
    the OpenAPI document's paths, their order and its security components."""

    groups: frozenset[str]
    types: frozenset[str]
    same_routes: bool = False


# What of an operation decides where the OpenAPI document places it (resolve/routes.py,
# placements) and which security schemes the document lists.
ROUTE_FIELDS = ("operation_id", "method", "path", "typed_parameters", "security")


def difference(before: StoredApi, after: StoredApi) -> Difference | None:
    """How `after` differs from `before`, where both have the same title, version and outline, the
    same groups with the same names and operations in the same order, and the same type names with
    the same class names: every name a renderer draws from the Api as a whole is then the same.
    None otherwise, or where `before` is damaged (a part is read only where its name differs)."""
    try:
        old, new = before.read_head(), after.read_head()
    except ValueError:
        return None
    if _shape(old) != _shape(new):
        return None
    names = before.names or (None,) * (2 + len(before.groups))
    groups = frozenset(
        group.name
        for number, group in enumerate(new.groups)
        if names[2 + number] != part_name(after.groups[number])
    )
    changed = [number for number, group in enumerate(new.groups) if group.name in groups]
    try:
        same_routes = all(_routes(before.groups[n]) == _routes(after.groups[n]) for n in changed)
    except (ValueError, orjson.JSONDecodeError):  # a part damaged
        return None
    if before.types == after.types:
        return Difference(groups, frozenset(), same_routes)
    try:
        old_types, new_types = orjson.loads(before.types), orjson.loads(after.types)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(old_types, dict) or not isinstance(new_types, dict):
        return None
    classes = {name: _class_name(named) for name, named in old_types.items()}
    if classes != {name: _class_name(named) for name, named in new_types.items()}:
        return None
    types = frozenset(name for name, named in new_types.items() if old_types[name] != named)
    return Difference(groups, types, same_routes)


def _routes(part: bytes) -> list[list[object]]:
    """The route fields of each endpoint of a group's part, in order."""
    group = orjson.loads(part)
    endpoints = group.get("endpoints") if isinstance(group, dict) else None
    if not isinstance(endpoints, list):
        raise ValueError("a group's part holds no endpoints")
    return [
        [endpoint.get(name) for name in ROUTE_FIELDS]
        for endpoint in endpoints
        if isinstance(endpoint, dict)
    ]


def _shape(head: Head) -> tuple[object, ...]:
    groups = [(g.name, g.python_name, g.class_name, g.operations) for g in head.groups]
    return head.title, head.version, head.outline, groups


def _class_name(named: object) -> object:
    return named.get("class_name") if isinstance(named, dict) else None


def part_name(data: bytes) -> str:
    """The name the cache keeps a part under (write/cache.py): its hash."""
    return sha256(data)[:32]


def source_files(part: bytes) -> tuple[str, ...]:
    """The files of the Sources a part holds."""
    quoted = set(_SOURCE.findall(part))
    return tuple(sorted(orjson.loads(name) for name in quoted))


@cache
def _types() -> TypeAdapter[dict[str, NamedType]]:
    return TypeAdapter(dict[str, NamedType])
