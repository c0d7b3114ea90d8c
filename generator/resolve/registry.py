"""The named-type registry: every property table of every doc, grouped by the type it describes.

A type's properties appear only where it is the top-level body or response of some doc, and each doc
shows one view of it (request bodies leave server-owned rows out). The registry unions the views of a
name, names the unnamed ones (by their property set, else a synthesised name) and picks each
property's type from the evidence: table cells first, then samples, then the property's own name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import JsonValue

from generator.diagnostics import Code, diagnostic
from generator.model import Diagnostic, NamedType, Origin, ParsedDoc, Property, PropertyRow, Source, TypeRef
from generator.naming import class_name, pascal_case, python_identifier, unique
from generator.parse.types import PRIMITIVES, is_capitalised_vocabulary
from generator.resolve.samples import infer_type

Role = Literal["request", "response"]
# Heading words that name a shape rather than a type (`### Response body: array`).
SHAPE_WORDS = frozenset(PRIMITIVES) | {"void", "none", "stream"}
# A subset of a named type's properties this large is taken as a view of that type.
VIEW_COVERAGE = 0.6


@dataclass
class TableView:
    """One doc's table of one type, with the sample objects that show the same rows."""

    rows: tuple[PropertyRow, ...]
    doc: ParsedDoc
    role: Role
    given_name: str | None
    synthetic_name: str
    samples: list[dict[str, JsonValue]] = field(default_factory=list)
    name: str = ""

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(row.name for row in self.rows)


def operation_words(operation_id: str) -> str:
    """`v1AppointmentAgent_AcceptWithSmtp` -> `AcceptWithSmtp` (the part after the group)."""
    _, _, rest = operation_id.partition("_")
    return pascal_case(rest or operation_id)


def is_type_name(name: str) -> bool:
    return bool(name) and name.lower() not in SHAPE_WORDS and name.replace(".", "").replace("_", "").isalnum()


class TypeRegistry:
    def __init__(self, views: list[TableView], referenced: set[str]) -> None:
        self.views = views
        self.referenced = referenced
        self.diagnostics: list[Diagnostic] = []
        self.by_name: dict[str, list[TableView]] = defaultdict(list)
        self._exact: dict[frozenset[str], str] = {}
        self._match_cache: dict[frozenset[str], str | None] = {}
        self._name_views()
        self._view_names = {(view.doc.operation_id, view.role): view.name for view in views}
        self.types = self._build_types()

    # ---- naming the views -------------------------------------------------------------------

    def _name_views(self) -> None:
        for view in self.views:
            if view.given_name:
                self._assign(view, view.given_name)
        for name, views in sorted(self.by_name.items()):
            self._exact.setdefault(frozenset().union(*(v.keys for v in views)), name)
        for view in self.views:
            if not view.given_name:
                self._assign(view, self.match_keys(view.keys) or self._synthetic(view))

    def name_of(self, doc: ParsedDoc, role: Role) -> str:
        """The type name given to a doc's request or response table."""
        return self._view_names[(doc.operation_id, role)]

    def _assign(self, view: TableView, name: str) -> None:
        view.name = name
        self.by_name[name].append(view)

    def _synthetic(self, view: TableView) -> str:
        """A name for an unnamed table no named type matches; identical tables share one."""
        same = self._exact.get(view.keys)
        if same is not None:
            return same
        name = view.synthetic_name
        while name in self.by_name or name in self.referenced:
            name += "_"
        self._exact[view.keys] = name
        self.diagnostics.append(
            diagnostic(Code.X209, view.rows[0].source, f"unnamed table named {name} ({len(view.rows)} properties)")
        )
        return name

    def match_keys(self, keys: Iterable[str]) -> str | None:
        """The named type whose properties these keys are (all of them, or a large enough subset)."""
        wanted = frozenset(keys)
        if wanted not in self._match_cache:
            self._match_cache[wanted] = self._find_match(wanted)
        return self._match_cache[wanted]

    def _find_match(self, keys: frozenset[str]) -> str | None:
        if not keys:
            return None
        exact = self._exact.get(keys)
        if exact is not None:
            return exact
        candidates = [
            (len(props), name)
            for props, name in self._exact.items()
            if keys <= props and len(keys) >= max(2, VIEW_COVERAGE * len(props))
        ]
        return min(candidates)[1] if candidates else None

    # ---- building the types -----------------------------------------------------------------

    def _build_types(self) -> dict[str, NamedType]:
        types = {name: self._build_type(name, views) for name, views in sorted(self.by_name.items())}
        for name in sorted(self.referenced - set(types)):
            types[name] = self._placeholder(name)
        return types

    def _placeholder(self, name: str) -> NamedType:
        """A type named by some doc but tabled by none: a free-form object."""
        return NamedType(
            name=name,
            class_name=class_name(name),
            description="",
            properties=(),
            sources=(),
            origin=Origin(how="name", note="named but never shown as a table"),
        )

    def _build_type(self, name: str, views: list[TableView]) -> NamedType:
        rows_by_property: dict[str, list[PropertyRow]] = defaultdict(list)
        for view in sorted(views, key=lambda v: -len(v.rows)):
            for row in view.rows:
                rows_by_property[row.name].append(row)
        samples = [sample for view in views for sample in view.samples]
        names = unique(python_identifier(prop) for prop in rows_by_property)
        properties = tuple(
            Property(
                name=prop,
                python_name=python_identifier(python_name),
                type=self._property_type(name, prop, rows, samples),
                description=next((row.description for row in rows if row.description), ""),
                source=rows[0].source,
            )
            for (prop, rows), python_name in zip(rows_by_property.items(), names)
        )
        sources = tuple(sorted({view.rows[0].source for view in views}, key=lambda s: (s.file, s.line)))
        how = "merged" if len(views) > 1 else "table"
        return NamedType(
            name=name,
            class_name=class_name(name),
            description="",
            properties=properties,
            sources=sources,
            origin=Origin(how=how, sources=sources, note=f"{len(views)} docs" if len(views) > 1 else ""),
        )

    def _property_type(
        self, type_name: str, prop: str, rows: list[PropertyRow], samples: list[dict[str, JsonValue]]
    ) -> TypeRef:
        chosen = self._best_cell(type_name, prop, rows)
        values = [sample[prop] for sample in samples if sample.get(prop) is not None]
        return self.refine(chosen, prop, values)

    def _best_cell(self, type_name: str, prop: str, rows: list[PropertyRow]) -> TypeRef:
        """The most telling Type cell: a named type over a primitive, formatted words over capitalised."""
        ranked = sorted(rows, key=_cell_rank)
        best = ranked[0]
        refs = Counter(row.type.ref for row in rows if row.type.kind == "ref")
        if len(refs) > 1:
            places = ", ".join(f"{ref} ({count})" for ref, count in refs.most_common())
            self.diagnostics.append(
                diagnostic(Code.X207, best.source, f"{type_name}.{prop} is typed as {places}; taking the most common")
            )
            top = refs.most_common(1)[0][0]
            best = next(row for row in rows if row.type.ref == top)
        if best.type.kind == "integer" and best.type.format is None:
            return best.type.model_copy(update={"format": "int32"})
        if best.type.kind == "number" and best.type.format is None:
            return best.type.model_copy(update={"format": "double"})
        return best.type

    def refine(self, declared: TypeRef, prop: str, values: list[JsonValue]) -> TypeRef:
        """Fill in what a cell leaves open from sample values and the property's name."""
        if declared.kind == "any":
            shown = self.from_samples(values)
            if shown is not None:
                return shown
            if prop in self.by_name or prop in self.referenced:
                return TypeRef(kind="ref", ref=prop, origin=Origin(how="name", note="property named like a type"))
            return TypeRef(kind="object", origin=declared.origin)
        if declared.kind in ("array", "object"):
            shown = self.from_samples(values)
            if shown is not None and shown.kind == declared.kind:
                return shown.model_copy(update={"origin": declared.origin})
        if declared.kind == "string" and declared.format is None and not declared.enum:
            shown = self.from_samples(values)
            if shown is not None and shown.format == "date-time":
                return shown
        return declared

    def from_samples(self, values: list[JsonValue]) -> TypeRef | None:
        for value in values:
            shown = infer_type(value, self.match_keys)
            if shown is not None and not (shown.kind == "array" and shown.items is None):
                return shown
        return None


def _cell_rank(row: PropertyRow) -> int:
    kind = row.type.kind
    if kind == "ref":
        return 0
    if kind == "any":
        return 3
    return 2 if is_capitalised_vocabulary(row.type_cell) else 1


def property_views(docs: list[ParsedDoc]) -> tuple[list[TableView], set[str]]:
    """Every property table (request and response) of the docs, and every type name the cells use."""
    views: list[TableView] = []
    referenced: set[str] = set()
    for doc in docs:
        for view in _doc_views(doc):
            views.append(view)
            referenced.update(row.type.ref for row in view.rows if row.type.ref)
    return views, referenced


def _doc_views(doc: ParsedDoc) -> list[TableView]:
    views = []
    operation = operation_words(doc.operation_id)
    body = doc.request_body
    if body is not None and body.properties and body.kind != "string":
        rpc = body.name == "request"
        given = f"{operation}Request" if rpc else None
        view = TableView(body.properties, doc, "request", given, f"{operation}Body")
        view.samples = _sample_objects(doc.sample_request.body if doc.sample_request else None)
        views.append(view)
    response = doc.response
    if response is not None and response.properties:
        given = response.body_name if is_type_name(response.body_name) else None
        suffix = "Item" if response.suffix == "array" else "Result"
        view = TableView(response.properties, doc, "response", given, f"{operation}{suffix}")
        view.samples = _sample_objects(doc.sample_response.body if doc.sample_response else None, response.suffix)
        views.append(view)
    return views


def _sample_objects(body: JsonValue, suffix: str = "") -> list[dict[str, JsonValue]]:
    """The objects of a sample body that show a table's rows: the body, its items, or its values."""
    if isinstance(body, list):
        return [item for item in body if isinstance(item, dict)]
    if isinstance(body, dict) and suffix == "object":
        return [value for value in body.values() if isinstance(value, dict)]
    return [body] if isinstance(body, dict) else []


def source_of(view: TableView) -> Source:
    return view.rows[0].source
