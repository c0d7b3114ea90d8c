"""The API change report: how the API a run builds differs from the one that produced OUT, classified
for a client user.

- breaking (a major version): an operation, parameter, property, status or body removed; a type
  changed; a parameter added as required or made required; a body added (bodies are required);
- non-breaking (a minor version): operations, types, properties, optional parameters and statuses
  added; a parameter made optional; an operation moved to another route (its method stays);
- description (a patch version): the text of an operation, parameter, body, response, type or property.

Only what a client user sees counts: a doc line moving is no change. Changes are named by operation
id, type name and property (or parameter, or status), each with the doc file and line: where the
thing is now, or where it was when it is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from generator.model import Source
from generator.report.snapshot import (
    ApiSnapshot,
    Baseline,
    Member,
    OperationRecord,
    Recorded,
    TypeRecord,
)


class Category(StrEnum):
    BREAKING = "breaking"
    NON_BREAKING = "non-breaking"
    DESCRIPTION = "description"


class Bump(StrEnum):
    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"
    NONE = "none"  # nothing a client user sees changed
    UNKNOWN = "unknown"  # nothing to compare with


BREAKING, NON_BREAKING, DESCRIPTION = Category
BUMPS = {BREAKING: Bump.MAJOR, NON_BREAKING: Bump.MINOR, DESCRIPTION: Bump.PATCH}
KINDS = {
    "operation-removed": BREAKING,
    "parameter-removed": BREAKING,
    "required-parameter-added": BREAKING,
    "parameter-type-changed": BREAKING,
    "parameter-made-required": BREAKING,
    "body-added": BREAKING,  # bodies are required
    "body-removed": BREAKING,
    "body-type-changed": BREAKING,
    "status-removed": BREAKING,
    "response-type-changed": BREAKING,
    "type-removed": BREAKING,
    "property-removed": BREAKING,
    "property-type-changed": BREAKING,
    "operation-added": NON_BREAKING,
    "parameter-added": NON_BREAKING,
    "parameter-made-optional": NON_BREAKING,
    "optional-body-added": NON_BREAKING,
    "status-added": NON_BREAKING,
    "type-added": NON_BREAKING,
    "property-added": NON_BREAKING,
    "route-changed": NON_BREAKING,  # the client method stays; its wire route moves
    "description-changed": DESCRIPTION,
    "body-description-changed": DESCRIPTION,
}


@dataclass(frozen=True)
class Change:
    kind: str  # a key of KINDS
    source: Source
    operation: str | None = None
    type: str | None = None
    prop: str | None = None  # a property of `type`
    parameter: str | None = None  # "query $select", a parameter of `operation`
    status: str | None = None  # a response status of `operation`
    before: str | None = None
    after: str | None = None

    @property
    def category(self) -> Category:
        return KINDS[self.kind]

    @property
    def subject(self) -> str:
        """`ContactEntity.Name`, `GetContact query $select`, `GetContact 404`, `GetContact body`."""
        if self.type is not None:
            return f"{self.type}.{self.prop}" if self.prop is not None else self.type
        detail = self.parameter or self.status or ("body" if "body" in self.kind else None)
        return f"{self.operation} {detail}" if detail else str(self.operation)


@dataclass(frozen=True)
class ContextChange:
    """A change of the generator version, the template set or a shaping setting: it can change the
    SDK's interface when the API did not."""

    name: str  # "generator", "templates", "settings.package_name"
    before: str
    after: str


@dataclass(frozen=True)
class ApiChanges:
    baseline: Baseline
    changes: tuple[Change, ...] = ()
    context: tuple[ContextChange, ...] = ()

    @property
    def compared(self) -> bool:
        return self.baseline is Baseline.RECORDED

    @property
    def breaking(self) -> bool:
        return self.count(Category.BREAKING) > 0

    def count(self, category: Category) -> int:
        return sum(change.category is category for change in self.changes)

    @property
    def bump(self) -> Bump:
        if not self.compared:
            return Bump.UNKNOWN
        for category in Category:
            if self.count(category):
                return BUMPS[category]
        return Bump.NONE


def unchanged() -> ApiChanges:
    """A run that found nothing changed (same docs, generator, settings and templates)."""
    return ApiChanges(Baseline.RECORDED)


def api_changes(recorded: Recorded, current: ApiSnapshot) -> ApiChanges:
    before = recorded.read_against(current)
    if before is None:  # none, or one this generator cannot read
        return ApiChanges(Baseline.UNRECORDED if recorded.data else recorded.baseline)
    return changes_between(before, current)


def changes_between(before: ApiSnapshot, current: ApiSnapshot) -> ApiChanges:
    """The changes from one valid snapshot to the other (of all their entries, or of those that may
    differ: snapshot.patched_record)."""
    changes = [*_operations(before, current), *_types(before, current)]
    changes.sort(key=lambda change: (_order(change), change.subject, change.kind))
    return ApiChanges(Baseline.RECORDED, tuple(changes), tuple(_context(before, current)))


def _order(change: Change) -> tuple[int, str, str]:
    """Breaking first; operations before types; then by name."""
    return list(Category).index(change.category), change.operation or "~", change.type or ""


def _context(before: ApiSnapshot, after: ApiSnapshot) -> Iterator[ContextChange]:
    if before["generator"] != after["generator"]:
        yield ContextChange("generator", before["generator"], after["generator"])
    if before["templates"] != after["templates"]:
        yield ContextChange("templates", before["templates"], after["templates"])
    for name in sorted(set(before["settings"]) | set(after["settings"])):
        old, new = before["settings"].get(name), after["settings"].get(name)
        if old != new:
            yield ContextChange(f"settings.{name}", str(old), str(new))


def _source(at: str) -> Source:
    file, _, line = at.rpartition(":")
    return Source(file=file, line=int(line)) if line.isdigit() else Source(file=at, line=1)


# ---------------------------------------------------------------------------------------------------
# Operations


def _operations(before: ApiSnapshot, after: ApiSnapshot) -> Iterator[Change]:
    for name in sorted(set(before["operations"]) | set(after["operations"])):
        old, new = before["operations"].get(name), after["operations"].get(name)
        if new is None and old is not None:
            yield Change("operation-removed", _source(old["at"]), name, before=old["route"])
        elif old is None and new is not None:
            yield Change("operation-added", _source(new["at"]), name, after=new["route"])
        elif old is not None and new is not None:
            yield from _operation(name, old, new)


def _operation(name: str, old: OperationRecord, new: OperationRecord) -> Iterator[Change]:
    at = _source(new["at"])
    if old["route"] != new["route"]:
        yield Change("route-changed", at, name, before=old["route"], after=new["route"])
    if old.get("text", "") != new.get("text", ""):
        yield Change("description-changed", at, name)
    for key in sorted(set(old.get("parameters", {})) | set(new.get("parameters", {}))):
        yield from _parameter(
            name, key, old.get("parameters", {}).get(key), new.get("parameters", {}).get(key)
        )
    yield from _body(name, old.get("body"), new.get("body"))
    for status in sorted(set(old.get("responses", {})) | set(new.get("responses", {}))):
        yield from _response(
            name, status, old.get("responses", {}).get(status), new.get("responses", {}).get(status)
        )


def _parameter(
    operation: str, key: str, old: Member | None, new: Member | None
) -> Iterator[Change]:
    def change(kind: str, member: Member, **values: str | None) -> Change:
        return Change(kind, _source(member["at"]), operation, parameter=key, **values)

    if new is None and old is not None:
        yield change("parameter-removed", old, before=old["type"])
    elif old is None and new is not None:
        kind = "required-parameter-added" if new.get("required", False) else "parameter-added"
        yield change(kind, new, after=new["type"])
    elif old is not None and new is not None:
        if old["type"] != new["type"]:
            yield change("parameter-type-changed", new, before=old["type"], after=new["type"])
        if old.get("required", False) != new.get("required", False):
            if new.get("required", False):
                yield change("parameter-made-required", new)
            else:
                yield change("parameter-made-optional", new)
        if old.get("text", "") != new.get("text", ""):
            yield change("description-changed", new)


def _body(operation: str, old: Member | None, new: Member | None) -> Iterator[Change]:
    if new is None and old is not None:
        yield Change("body-removed", _source(old["at"]), operation, before=old["type"])
    elif old is None and new is not None:
        kind = "body-added" if new.get("required", False) else "optional-body-added"
        yield Change(kind, _source(new["at"]), operation, after=new["type"])
    elif old is not None and new is not None:
        at = _source(new["at"])
        if old["type"] != new["type"]:
            yield Change(
                "body-type-changed",
                at,
                operation,
                before=old["type"],
                after=new["type"],
            )
        if old.get("text", "") != new.get("text", ""):
            yield Change("body-description-changed", at, operation)


def _response(
    operation: str, status: str, old: Member | None, new: Member | None
) -> Iterator[Change]:
    def change(kind: str, member: Member, **values: str | None) -> Change:
        return Change(kind, _source(member["at"]), operation, status=status, **values)

    if new is None and old is not None:
        yield change("status-removed", old, before=old["type"] or None)
    elif old is None and new is not None:
        yield change("status-added", new, after=new["type"] or None)
    elif old is not None and new is not None:
        if old["type"] != new["type"]:
            yield change("response-type-changed", new, before=old["type"], after=new["type"])
        if old.get("text", "") != new.get("text", ""):
            yield change("description-changed", new)


# ---------------------------------------------------------------------------------------------------
# Named types


def _types(before: ApiSnapshot, after: ApiSnapshot) -> Iterator[Change]:
    for name in sorted(set(before["types"]) | set(after["types"])):
        old, new = before["types"].get(name), after["types"].get(name)
        if new is None and old is not None:
            yield Change("type-removed", _source(old["at"]), type=name)
        elif old is None and new is not None:
            yield Change("type-added", _source(new["at"]), type=name)
        elif old is not None and new is not None:
            yield from _named_type(name, old, new)


def _named_type(name: str, old: TypeRecord, new: TypeRecord) -> Iterator[Change]:
    if old.get("text", "") != new.get("text", ""):
        yield Change("description-changed", _source(new["at"]), type=name)
    for key in sorted(set(old.get("properties", {})) | set(new.get("properties", {}))):
        was, now = old.get("properties", {}).get(key), new.get("properties", {}).get(key)
        if now is None and was is not None:
            yield Change(
                "property-removed",
                _source(was["at"]),
                type=name,
                prop=key,
                before=was["type"],
            )
        elif was is None and now is not None:
            yield Change(
                "property-added",
                _source(now["at"]),
                type=name,
                prop=key,
                after=now["type"],
            )
        elif was is not None and now is not None:
            yield from _property(name, key, was, now)


def _property(name: str, key: str, was: Member, now: Member) -> Iterator[Change]:
    at = _source(now["at"])
    if was["type"] != now["type"]:
        yield Change(
            "property-type-changed",
            at,
            type=name,
            prop=key,
            before=was["type"],
            after=now["type"],
        )
    if was.get("text", "") != now.get("text", ""):
        yield Change("description-changed", at, type=name, prop=key)
