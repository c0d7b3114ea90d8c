"""Choosing a property's type among the Type cells that different docs give it.

Rules, in order (all general: they look at names and counts, never at particular type names):
1. A named type beats a primitive; a formatted lowercase word beats the capitalised body vocabulary;
   an empty cell (older dialect) is the weakest.
2. Swapped placeholders: a cell naming a type that a sibling property is named after (`TableRight` in the
   same table) belongs to that sibling, so it is not this property's type. A property named exactly like
   a known type, whose cells name only unrelated types, is of the type it is named after.
3. Among several named types, the one whose name is closest to the property's name wins, then the most
   common. Disagreement is reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import replace

from generator.model import Origin, PropertyRow, TypeRef
from generator.parse.types import is_capitalised_vocabulary


def affinity(prop: str, type_name: str) -> int:
    """2: the same name; 1: one contains the other (`Recurrence`/`RecurrenceInfo`); 0: unrelated."""
    if prop == type_name:
        return 2
    return 1 if prop in type_name or type_name in prop else 0


def cell_rank(row: PropertyRow) -> int:
    kind = row.type.kind
    if kind == "ref":
        return 0
    if kind == "any":
        return 3
    return 2 if is_capitalised_vocabulary(row.type_cell) else 1


DEFAULT_FORMATS = {"integer": "int32", "number": "double"}


def with_default_format(ref: TypeRef) -> TypeRef:
    """`Integer` and `Number` cells carry no format: int32 and double are what the lowercase tables say."""
    if ref.format is None and ref.kind in DEFAULT_FORMATS:
        return replace(ref, format=DEFAULT_FORMATS[ref.kind])
    return ref


class CellChoice:
    """The chosen type of one property, and a note when the docs disagreed."""

    def __init__(
        self,
        prop: str,
        rows: list[PropertyRow],
        siblings: Collection[str],
        known_types: Collection[str],
    ):
        self.prop = prop
        self.rows = rows
        self.siblings = siblings
        self.known_types = known_types
        self.conflict = ""
        self.type = self.choose()

    def choose(self) -> TypeRef:
        refs = Counter(row.type.ref for row in self.rows if row.type.kind == "ref" and row.type.ref)
        if not refs:
            return with_default_format(min(self.rows, key=cell_rank).type)
        if len(refs) > 1:
            self.conflict = ", ".join(f"{ref} ({count})" for ref, count in sorted(refs.items()))
        name = self.named_type(refs)
        sources = tuple(row.source for row in self.rows if row.type.ref == name) or (
            self.rows[0].source,
        )
        origin = Origin(
            how="table" if name in refs else "name", sources=sources[:3], note=self.note(name, refs)
        )
        return TypeRef(kind="ref", ref=name, origin=origin)

    def named_type(self, refs: Counter[str]) -> str:
        own = {
            ref: count
            for ref, count in refs.items()
            if ref == self.prop or ref not in self.siblings
        }
        if self.prop in self.known_types and all(affinity(self.prop, ref) == 0 for ref in own):
            return self.prop
        if own:
            return max(own, key=lambda ref: (affinity(self.prop, ref), own[ref], ref))
        related = sorted(
            (len(name), name) for name in self.known_types if affinity(self.prop, name) > 0
        )
        return related[0][1] if related else refs.most_common(1)[0][0]

    def note(self, name: str, refs: Counter[str]) -> str:
        if name not in refs:
            return (
                f"cells say {', '.join(sorted(refs))}: a placeholder swap; named after the property"
            )
        return f"cells disagree: {self.conflict}" if self.conflict else ""
