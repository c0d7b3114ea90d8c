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
    """What changed between two stored Apis of the same title, version and client-wide header
    defaults: the groups whose parts differ or that are new, and the named types that differ or
    are new (by name); whether every operation of those groups keeps its route (method, path, the
    parameters matched by type) and its security schemes, which decide the OpenAPI document's
    paths, their order and its security components; whether every group kept its operations
    (none added or removed, no group added or gone). Where the set of groups changed, the groups
    before (name, Python name, class name); where the set of types changed, each type's class
    name before: the renderers check that no name they give a group or a type that is still there
    moves, and remove the outputs of those gone (render/plan.py, Scope.of_difference)."""

    groups: frozenset[str]
    types: frozenset[str]
    same_routes: bool = False
    same_operations: bool = True
    classes_before: dict[str, str] | None = None  # type name -> class name
    # The types that differ only in their places (Sources, origins): no renderer reads a named
    # type's places, but the API record does (report/snapshot.py).
    moved: frozenset[str] = frozenset()
    groups_before: tuple[tuple[str, str, str], ...] | None = None

    @property
    def same_entries(self) -> bool:
        """The same operation ids and type names: a record of the Api (report/snapshot.py) has an
        entry for each already."""
        return self.same_operations and self.classes_before is None


# What of an operation decides where the OpenAPI document places it (resolve/routes.py,
# placements) and which security schemes the document lists.
ROUTE_FIELDS = ("operation_id", "method", "path", "typed_parameters", "security")


def difference(before: StoredApi, after: StoredApi) -> Difference | None:
    """How `after` differs from `before`, where both have the same title, version and client-wide
    header defaults (render/client.py, ClientOutline), the groups both have the same Python and
    class names, and the types both have the same class names. None otherwise, or where `before`
    is damaged (a part is read only where its name differs)."""
    try:
        old, new = before.read_head(), after.read_head()
    except ValueError:
        return None
    if (old.title, old.version) != (new.title, new.version):
        return None
    if _defaults(old.outline) != _defaults(new.outline):
        return None
    # A type that becomes a carrier or stops being one changes the methods that take it.
    carriers = _carriers(old.outline) ^ _carriers(new.outline)
    places = {group.name: number for number, group in enumerate(old.groups)}
    if len(places) != len(old.groups):
        return None
    names = before.names or (None,) * (2 + len(before.groups))
    groups, changed = set(), []
    same_groups = [g.name for g in old.groups] == [g.name for g in new.groups]
    same_operations = same_groups
    for number, group in enumerate(new.groups):
        place = places.get(group.name)
        if place is None:  # a new group
            groups.add(group.name)
            continue
        earlier = old.groups[place]
        if (earlier.python_name, earlier.class_name) != (group.python_name, group.class_name):
            return None
        if names[2 + place] != part_name(after.groups[number]):
            groups.add(group.name)
            changed.append((place, number))
        same_operations = same_operations and earlier.operations == group.operations
    try:
        same_routes = same_operations and all(
            _routes(before.groups[place]) == _routes(after.groups[number])
            for place, number in changed
        )
    except (ValueError, orjson.JSONDecodeError):  # a part damaged
        return None
    found = frozenset(groups)
    groups_before = (
        None
        if same_groups
        else tuple((g.name, str(g.python_name), str(g.class_name)) for g in old.groups)
    )
    if before.types == after.types:
        return Difference(
            found,
            frozenset(carriers),
            same_routes,
            same_operations,
            groups_before=groups_before,
        )
    try:
        old_types, new_types = orjson.loads(before.types), orjson.loads(after.types)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(old_types, dict) or not isinstance(new_types, dict):
        return None
    common = old_types.keys() & new_types.keys()
    classes = {name: _class_name(named) for name, named in old_types.items()}
    if any(classes[name] != _class_name(new_types[name]) for name in common):
        return None
    differing = [name for name, named in new_types.items() if old_types.get(name) != named]
    types = frozenset(
        name
        for name in differing
        if name not in common or _unplaced(old_types[name]) != _unplaced(new_types[name])
    )
    moved = frozenset(differing) - types
    types |= carriers & new_types.keys()
    same_types = old_types.keys() == new_types.keys()
    classes_before = {name: str(class_name) for name, class_name in classes.items()}
    return Difference(
        found,
        types,
        same_routes,
        same_operations,
        None if same_types else classes_before,
        moved,
        groups_before,
    )


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


# Of the outline (render/client.py, ClientOutline), every group's own files draw on the header
# defaults, and the methods that take a carrier type on the carriers; the rest (the endpoint count,
# the example method) reaches only files that are rendered in every scope.


def _defaults(outline: JsonValue) -> object:
    return outline.get("header_defaults", outline) if isinstance(outline, dict) else outline


def _carriers(outline: JsonValue) -> set[str]:
    found = outline.get("carriers") if isinstance(outline, dict) else None
    return {str(name) for name in found} if isinstance(found, list) else set()


# What of a named type's JSON says where it comes from, not what it is.
PLACES = frozenset({"source", "sources", "origin"})


def _unplaced(value: object) -> object:
    """A type's JSON without its places (PLACES), at any depth."""
    if isinstance(value, dict):
        return {key: _unplaced(item) for key, item in value.items() if key not in PLACES}
    if isinstance(value, list):
        return [_unplaced(item) for item in value]
    return value


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
