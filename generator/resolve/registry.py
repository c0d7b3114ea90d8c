"""The named-type registry: every property table of every doc, grouped by the type it describes.

A type's properties appear only where it is the top-level body or response of some doc, and each doc
shows one view of it (request bodies leave server-owned rows out). The registry:
- names the views: the doc's name, unless the table plainly belongs to another type (X208); unnamed
  views by their property set (a large enough subset of a named type is a view of it), else a
  synthesised name shared by identical tables (X209);
- unions the rows of a name and picks each property's type from the evidence (resolve/cells.py), then
  refines it from the samples (array items, dictionary values, dates);
- gives the types that docs only name (never table) and the objects only samples show the properties
  the samples show, else leaves them free-form.
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import replace
from functools import cached_property, partial

from pydantic import JsonValue

from generator.diagnostics import Code, diagnostic
from generator.model import (
    Diagnostic,
    NamedType,
    Origin,
    ParsedDoc,
    Property,
    PropertyRow,
    Source,
    TypeRef,
)
from generator.naming import class_name, python_identifier, unique
from generator.resolve.cells import DEFAULT_FORMATS, CellChoice, with_default_format
from generator.resolve.samples import SampleTypes, scalar_type
from generator.resolve.views import Role, TableView

# A subset of a named type's properties this large is taken as a view of that type.
VIEW_COVERAGE = 0.6
# A named view sharing less than this (Jaccard) with its name's main table is taken as misnamed.
SAME_TYPE_OVERLAP = 0.5


SYNTHETIC = "unnamed table named"  # how X209 begins: the name given to a table no doc names


def synthetic_names(diagnostics: Iterable[Diagnostic]) -> set[str]:
    """The names the registry gave to tables no doc names (X209)."""
    start = SYNTHETIC + " "
    return {
        d.message[len(start) :].split(" ", 1)[0]
        for d in diagnostics
        if d.code == Code.X209.name and d.message.startswith(start)
    }


def misnamed_message(name: str) -> str:
    """X208's message: a table the docs give a name it is not like."""
    return f"the table is not the {name} that other docs show; named by its properties"


def contradicts(name: str) -> str:
    """What X207's message says, after the property's name, of a named type a property's sample
    shares no key with."""
    return f"is typed {name} but its sample shares no key with it; typed by the sample"


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    return len(first & second) / len(first | second) if first | second else 1.0


class PropertySets:
    """Each tabled type's set of property names -> its name, indexed by property name, so that the
    sets holding some keys are found without a look at every type (a large API has thousands)."""

    def __init__(self) -> None:
        self.names: dict[frozenset[str], str] = {}
        self._holding: dict[str, list[frozenset[str]]] = defaultdict(list)

    def get(self, keys: frozenset[str]) -> str | None:
        return self.names.get(keys)

    def add(self, keys: frozenset[str], name: str) -> None:
        if keys not in self.names:
            for key in keys:
                self._holding[key].append(keys)
        self.names[keys] = name

    def supersets(self, keys: frozenset[str]) -> Iterator[tuple[frozenset[str], str]]:
        """(property set, name) of every set that holds all the keys (keys not empty)."""
        rarest = min((self._holding.get(key, []) for key in keys), key=len)
        for props in rarest:
            if keys <= props:
                yield props, self.names[props]


class TypeRegistry:
    def __init__(self, views: list[TableView], referenced: set[str]) -> None:
        self.views = views
        self.referenced = referenced
        self.diagnostics: list[Diagnostic] = []
        self.by_name: dict[str, list[TableView]] = defaultdict(list)
        self._exact = PropertySets()
        self._match_cache: dict[frozenset[str], str | None] = {}
        self._lookups: Counter[frozenset[str]] = Counter()
        self._known, self._known_count = frozenset(referenced), -1
        # Through a weak reference: a registry and its SampleTypes make no reference cycle, which
        # would keep every parsed doc alive for as long as a run pauses cycle collection.
        registry = weakref.proxy(self)
        self.samples = SampleTypes(
            match=lambda keys: registry.match_keys(keys),
            taken=lambda name: registry.is_known(name),
            named_after=lambda hint: registry.untabled_named(hint),
        )
        self._name_views()
        self._view_names = {(view.doc.operation_id, view.role): view.name for view in views}
        self.types: dict[str, NamedType] = {}

    @cached_property
    def declared(self) -> dict[str, TypeRef]:
        """Read only for the types that only samples show (`_sampled_property`)."""
        return _declared_by_property(self.views)

    def warn(self, code: Code, source: Source, message: str) -> None:
        self.diagnostics.append(diagnostic(code, source, message))

    def known_types(self) -> frozenset[str]:
        """Every tabled or referenced type name; made again only when a name was added (by_name only
        grows), not for each of a large API's thousands of properties."""
        if len(self.by_name) != self._known_count:
            self._known = frozenset(self.by_name.keys() | self.referenced)
            self._known_count = len(self.by_name)
        return self._known

    def is_known(self, name: str) -> bool:
        return name in self.by_name or name in self.referenced

    def untabled_named(self, hint: str) -> str | None:
        """A type the docs name but never table, that a property name names: itself or its singular."""
        for name in singulars(hint):
            if name in self.referenced and name not in self.by_name:
                return name
        return None

    def name_of(self, doc: ParsedDoc, role: Role) -> str:
        """The type name given to a doc's request or response table."""
        return self._view_names[(doc.operation_id, role)]

    # ---- naming the views -------------------------------------------------------------------

    def _name_views(self) -> None:
        named = defaultdict(list)
        for view in self.views:
            if view.given_name:
                named[view.given_name].append(view)
        unnamed = [view for view in self.views if not view.given_name]
        for name, views in sorted(named.items()):
            unnamed.extend(self._trusted_views(name, views))
        for name, views in sorted(self.by_name.items()):
            keys = frozenset().union(*(v.keys for v in views))
            if self._exact.get(keys) is None:
                self._exact.add(keys, name)
        for view in sorted(unnamed, key=lambda v: (v.doc.source.file, v.role)):
            self._assign(view, self.match_keys(view.keys) or self._synthetic(view))

    def _trusted_views(self, name: str, views: list[TableView]) -> list[TableView]:
        """Assigns the views that agree with the name's main table; returns the misnamed ones."""
        main = main_keys(views)
        misnamed = []
        for view in views:
            if jaccard(view.keys, main) >= SAME_TYPE_OVERLAP:
                self._assign(view, name)
            else:
                self.warn(Code.X208, view.source, misnamed_message(name))
                misnamed.append(view)
        return misnamed

    def _assign(self, view: TableView, name: str) -> None:
        view.name = name
        self.by_name[name].append(view)

    def _synthetic(self, view: TableView) -> str:
        """A name for an unnamed table no named type matches; identical tables share one."""
        same = self._exact.get(view.keys)
        if same is not None:
            return same
        name = view.synthetic_name
        while self.is_known(name):
            name += "_"
        self._exact.add(view.keys, name)
        self.warn(Code.X209, view.source, f"{SYNTHETIC} {name} ({len(view.rows)} properties)")
        return name

    def match_keys(self, keys: Iterable[str]) -> str | None:
        """The tabled type whose properties these keys are (all of them, or a large enough subset)."""
        wanted = frozenset(keys)
        self._lookups[wanted] += 1
        if wanted not in self._match_cache:
            self._match_cache[wanted] = self._find_match(wanted)
        return self._match_cache[wanted]

    def matched_keys(self) -> tuple[tuple[tuple[str, ...], int], ...]:
        """Every property-name set looked up so far (`match_keys`), sorted, and how many times."""
        return tuple(sorted((tuple(sorted(keys)), n) for keys, n in self._lookups.items() if keys))

    def _find_match(self, keys: frozenset[str]) -> str | None:
        if not keys:
            return None
        exact = self._exact.get(keys)
        if exact is not None:
            return exact
        candidates = [
            (len(props), name)
            for props, name in self._exact.supersets(keys)
            if len(keys) >= max(2, VIEW_COVERAGE * len(props))
        ]
        return min(candidates)[1] if candidates else None

    # ---- building the types -----------------------------------------------------------------

    def build_types(self) -> dict[str, NamedType]:
        """Every named type: tabled ones, then those only samples show, then free-form placeholders."""
        for name, views in sorted(self.by_name.items()):
            self.types[name] = self._tabled_type(name, views)
        built_from_samples: set[str] = set()
        while pending := sorted(
            set(self.samples.evidence) - built_from_samples - set(self.by_name)
        ):
            for name in pending:
                built_from_samples.add(name)
                self.types[name] = self._sample_type(name)
        for name in sorted(self.referenced - set(self.types)):
            self.types[name] = self._placeholder(name)
        return dict(sorted(self.types.items()))

    def _placeholder(self, name: str) -> NamedType:
        """A type named by some doc but shown by no table or sample: a free-form object."""
        origin = Origin(how="name", note="named but never shown as a table or in a sample")
        return NamedType(
            name=name,
            class_name=class_name(name),
            description="",
            properties=(),
            sources=(),
            origin=origin,
        )

    def _tabled_type(self, name: str, views: list[TableView]) -> NamedType:
        return tabled_type(name, views, partial(self._property_type, name))

    def _sample_type(self, name: str) -> NamedType:
        evidence = self.samples.evidence[name]
        keys = list(dict.fromkeys(key for sample in evidence for key in sample))
        sources = tuple(self.samples.sources.get(name, ()))
        where = sources[0] if sources else _NOWHERE
        properties = [
            (key, self._sampled_property(key, evidence, where), "", where) for key in keys
        ]
        origin = Origin(
            how="sample", sources=sources, note=f"properties from {len(evidence)} sample objects"
        )
        return named_type(name, properties, sources, origin)

    def _sampled_property(
        self, key: str, evidence: list[dict[str, JsonValue]], where: Source
    ) -> TypeRef:
        """A property only samples show: typed by the samples; where they agree with (or say nothing
        against) the shape tables elsewhere give the same property name (a dictionary, a list, a named
        type), shaped like those."""
        values = [sample[key] for sample in evidence if sample.get(key) is not None]
        declared = self.declared.get(key, TypeRef(kind="any"))
        if declared.kind in ("object", "array", "ref") and all(
            _fits_shape(declared, value) for value in values
        ):
            return self.refine(declared, key, values, where)
        return self.refine(TypeRef(kind="any"), key, values, where)

    def _property_type(
        self,
        type_name: str,
        prop: str,
        rows: list[PropertyRow],
        siblings: dict[str, list[PropertyRow]],
        samples: list[dict[str, JsonValue]],
    ) -> TypeRef:
        choice = CellChoice(prop, rows, siblings, self.known_types())
        if choice.conflict:
            self.warn(
                Code.X207,
                rows[0].source,
                f"{type_name}.{prop} is typed as {choice.conflict}; taking {choice.type.describe()}",
            )
        return self.refine(choice.type, prop, sample_values(samples, prop), rows[0].source)

    def refine(
        self, declared: TypeRef, prop: str, values: list[JsonValue], source: Source | None = None
    ) -> TypeRef:
        """Fill in what a cell leaves open from sample values and the property's name."""
        settled = settled_type(declared, values, source)
        if settled is not None:
            return settled
        if declared.kind == "any":
            return (
                self.shown(values, prop, source)
                or self.named_like(prop)
                or TypeRef(kind="object", origin=declared.origin)
            )
        if declared.kind == "array":
            shown = self.shown(values, prop, source)
            return (
                replace(shown, origin=declared.origin)
                if shown is not None and shown.kind == "array"
                else declared
            )
        if declared.kind == "object":
            dictionaries = [value for value in values if isinstance(value, dict) and value]
            shown = (
                self.samples.dictionary_type(dictionaries[0], prop, source)
                if dictionaries
                else None
            )
            return shown or declared
        if declared.kind == "ref" and declared.ref in self.by_name:
            return self._unless_contradicted(declared, prop, values, source)
        if declared.kind == "ref":
            self._collect_evidence(declared.ref or "", values, source)
        if declared.kind == "string" and declared.format is None and not declared.enum:
            shown = self.shown(values, prop, source)
            return shown if shown is not None and shown.format == "date-time" else declared
        return declared

    def _unless_contradicted(
        self, declared: TypeRef, prop: str, values: list[JsonValue], source: Source | None
    ) -> TypeRef:
        """A named type, unless the samples show objects sharing no key with it (a swapped placeholder)."""
        known = frozenset().union(*(view.keys for view in self.by_name[declared.ref or ""]))
        objects = [value for value in values if isinstance(value, dict) and value]
        if not objects or any(known & frozenset(value) for value in objects):
            return declared
        shown = self.samples.dictionary_type(objects[0], prop, source)
        if source is not None:
            self.warn(
                Code.X207,
                source,
                f"{prop} {contradicts(declared.ref or '')}",
            )
        return shown or declared

    def shown(self, values: list[JsonValue], hint: str, source: Source | None) -> TypeRef | None:
        return self.samples.first_known(values, hint, source)

    def named_like(self, prop: str) -> TypeRef | None:
        """An unknown property type in the older dialect: the known type the property is named after."""
        if self.is_known(prop):
            return TypeRef(
                kind="ref", ref=prop, origin=Origin(how="name", note="property named like a type")
            )
        return None

    def _collect_evidence(self, name: str, values: list[JsonValue], source: Source | None) -> None:
        """Sample objects shown for a type that no doc tables: its properties, later."""
        for value in values:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and item:
                    self.samples.add_evidence(name, item, source)


_NOWHERE = Source(file="<samples>", line=0)


def settled_type(
    declared: TypeRef, values: list[JsonValue], source: Source | None
) -> TypeRef | None:
    """What `TypeRegistry.refine` makes of a cell's type where that needs nothing of the registry:
    a number, a boolean or a string of a format (as it is), or a plain string whose sample values
    are all scalars (a date-time where the first is one). None for every other type: refining it
    may read or add to what the registry knows (the types, the samples' evidence)."""
    if declared.kind in ("integer", "number", "boolean"):
        return declared
    if declared.kind != "string":
        return None
    if declared.format is not None or declared.enum:
        return declared
    if any(isinstance(value, (dict, list)) for value in values):
        return None
    origin = Origin(how="sample", sources=(source,) if source else ())
    shown = scalar_type(values[0], origin) if values else None
    return shown if shown is not None and shown.format == "date-time" else declared


def _fits_shape(declared: TypeRef, value: JsonValue) -> bool:
    if declared.kind == "array":
        return isinstance(value, list)
    return isinstance(value, dict)


def _declared_by_property(views: list[TableView]) -> dict[str, TypeRef]:
    """For each property name, the type its table cells most often give (formats defaulted).

    The cells are counted by their fields but the origin (a large API has tens of thousands), and
    a type made for each distinct one."""
    counts: dict[str, Counter[tuple[object, ...]]] = defaultdict(Counter)
    shown: dict[tuple[object, ...], TypeRef] = {}
    for view in views:
        for row in view.rows:
            ref = row.type
            if ref.kind != "any":
                fmt = ref.format if ref.format is not None else DEFAULT_FORMATS.get(ref.kind)
                key = (ref.kind, fmt, ref.items, ref.values, ref.ref, ref.enum)
                counts[row.name][key] += 1
                shown.setdefault(key, ref)
    types = {key: with_default_format(ref.without_origin()) for key, ref in shown.items()}
    described = {key: ref.describe() for key, ref in types.items()}
    return {
        name: types[max(counter, key=lambda key: (counter[key], described[key]))]
        for name, counter in counts.items()
    }


def singulars(word: str) -> list[str]:
    """The word and the singulars it may be the plural of (`Persons`, `Addresses`, `Categories`)."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def merged_rows(views: list[TableView]) -> dict[str, list[PropertyRow]]:
    """The rows of a type's views (in the registry's order) by property, the larger views' first."""
    rows_by_property: dict[str, list[PropertyRow]] = defaultdict(list)
    for view in sorted(views, key=lambda v: -len(v.rows)):
        for row in view.rows:
            rows_by_property[row.name].append(row)
    return rows_by_property


def sample_values(samples: list[dict[str, JsonValue]], prop: str) -> list[JsonValue]:
    return [sample[prop] for sample in samples if sample.get(prop) is not None]


def property_description(rows: list[PropertyRow]) -> str:
    return next((row.description for row in rows if row.description), "")


def settled_property(
    prop: str,
    rows: list[PropertyRow],
    siblings: Collection[str],
    samples: list[dict[str, JsonValue]],
) -> TypeRef | None:
    """The type the registry gives a tabled property whose cells name no type and whose refinement
    is settled (`settled_type`): made of its rows and the samples alone. None for any other."""
    if any(row.type.kind == "ref" for row in rows):
        return None  # the choice reads the known types, and may warn
    choice = CellChoice(prop, rows, siblings, ())
    return settled_type(choice.type, sample_values(samples, prop), rows[0].source)


# A tabled property's type, of its rows, all the type's rows by property, and the views' samples.
PropertyTyper = Callable[
    [str, list[PropertyRow], dict[str, list[PropertyRow]], list[dict[str, JsonValue]]], TypeRef
]


def tabled_type(name: str, views: list[TableView], property_type: PropertyTyper) -> NamedType:
    """The named type of its views (in the registry's order), each property typed by
    `property_type`."""
    rows_by_property = merged_rows(views)
    samples = [sample for view in views for sample in view.samples]
    properties = [
        (
            prop,
            property_type(prop, rows, rows_by_property, samples),
            property_description(rows),
            rows[0].source,
        )
        for prop, rows in rows_by_property.items()
    ]
    sources = tuple(sorted({view.source for view in views}, key=lambda s: (s.file, s.line)))
    note = f"merged from {len(views)} docs" if len(views) > 1 else ""
    return named_type(
        name,
        properties,
        sources,
        Origin(how="merged" if note else "table", sources=sources[:5], note=note),
    )


def main_keys(views: list[TableView]) -> frozenset[str]:
    """The property set most of a name's views show (then the largest): its main table's."""
    counts: dict[frozenset[str], int] = defaultdict(int)
    for view in views:
        counts[view.keys] += 1
    return max(counts, key=lambda keys: (counts[keys], len(keys), sorted(keys)))


def named_type(
    name: str,
    properties: list[tuple[str, TypeRef, str, Source]],
    sources: tuple[Source, ...],
    origin: Origin,
    description: str = "",
) -> NamedType:
    """A NamedType from (wire name, type, description, source) per property; Python names made unique."""
    python_names = unique(python_identifier(prop) for prop, _, _, _ in properties)
    return NamedType(
        name=name,
        class_name=class_name(name),
        description=description,
        properties=tuple(
            Property(
                name=prop,
                python_name=python_identifier(python_name),
                type=ref,
                description=text,
                source=source,
            )
            for (prop, ref, text, source), python_name in zip(properties, python_names)
        ),
        sources=sources,
        origin=origin,
    )
