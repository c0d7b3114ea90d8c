"""Types read off sample JSON values: what the tables never say (array items, dictionary values, dates,
the properties of types no doc tables).

A sample is one example, so it only ever refines a type: it never makes an enum, and `null` says nothing.
An object no tabled type matches becomes a type of its own, named from where it was seen and shared by
every sample with the same keys; its properties come from all the objects seen (evidence), later.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import JsonValue

from generator.model import Origin, Source, TypeRef
from generator.naming import pascal_case

_ISO_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
INT32_RANGE = range(-(2**31), 2**31)

# Given the keys of a sample object, the name of the tabled type it is, or None.
TypeMatcher = Callable[[frozenset[str]], str | None]


def is_iso_date_time(value: str) -> bool:
    return bool(_ISO_DATE_TIME.match(value))


def scalar_type(value: JsonValue, origin: Origin | None) -> TypeRef | None:
    if isinstance(value, bool):
        return TypeRef(kind="boolean", origin=origin)
    if isinstance(value, int):
        return TypeRef(
            kind="integer", format="int32" if value in INT32_RANGE else "int64", origin=origin
        )
    if isinstance(value, float):
        return TypeRef(kind="number", format="double", origin=origin)
    if isinstance(value, str):
        return TypeRef(
            kind="string", format="date-time" if is_iso_date_time(value) else None, origin=origin
        )
    return None


@dataclass
class SampleTypes:
    """Names and collects the evidence of the object types that only samples show."""

    match: TypeMatcher
    taken: Callable[[str], bool]
    named_after: Callable[
        [str], str | None
    ]  # an untabled known type the hint names (`Persons` -> Person)
    names: dict[frozenset[str], str] = field(default_factory=dict)
    evidence: dict[str, list[dict[str, JsonValue]]] = field(default_factory=dict)
    sources: dict[str, list[Source]] = field(default_factory=dict)

    def type_of(self, value: JsonValue, hint: str, source: Source | None) -> TypeRef | None:
        """The type a sample value shows, or None when it shows nothing (null, [], {})."""
        origin = Origin(how="sample", sources=(source,) if source else ())
        if isinstance(value, list):
            items = self.first_known(value, hint + "Item", source)
            if items is None and any(isinstance(item, dict) for item in value):
                items = TypeRef(
                    kind="object", origin=origin
                )  # only empty objects: a free-form object
            return TypeRef(kind="array", items=items, origin=origin) if value else None
        if isinstance(value, dict):
            return self.object_type(value, hint, source, origin) if value else None
        return scalar_type(value, origin)

    def first_known(
        self, values: list[JsonValue], hint: str, source: Source | None
    ) -> TypeRef | None:
        for value in values:
            found = self.type_of(value, hint, source)
            if found is not None:
                return found
        return None

    def object_type(
        self, value: dict[str, JsonValue], hint: str, source: Source | None, origin: Origin
    ) -> TypeRef:
        keys = frozenset(value)
        name = self.match(keys) or self.name_for(keys, hint)
        if name in self.evidence:
            self.add_evidence(name, value, source)
        return TypeRef(kind="ref", ref=name, origin=origin)

    def name_for(self, keys: frozenset[str], hint: str) -> str:
        known = self.named_after(hint.removesuffix("Item"))
        if known is not None:
            self.evidence.setdefault(known, [])
            return known
        if keys not in self.names:
            base = pascal_case(hint) or "Object"
            name, counter = base, 2
            while self.taken(name) or name in self.evidence:
                name, counter = f"{base}{counter}", counter + 1
            self.names[keys] = name
            self.evidence[name] = []
        return self.names[keys]

    def add_evidence(self, name: str, value: dict[str, JsonValue], source: Source | None) -> None:
        self.evidence.setdefault(name, []).append(value)
        if (
            source is not None
            and len(self.sources.setdefault(name, [])) < 5
            and source not in self.sources[name]
        ):
            self.sources[name].append(source)

    def dictionary_type(
        self, value: dict[str, JsonValue], hint: str, source: Source | None
    ) -> TypeRef | None:
        """The value type of a dictionary sample: the first value's type (all values share one type)."""
        values = self.first_known(list(value.values()), hint + "Value", source)
        origin = Origin(how="sample", sources=(source,) if source else ())
        return TypeRef(kind="object", values=values, origin=origin) if values is not None else None
