"""The named types local edits change (resolve/edits.py has the account), made again as the registry
(resolve/registry.py) would make them: a property whose cells or samples changed
(`_table_properties`), or a type whose table gained, lost or renamed a row, whole (`remade_type`); None
wherever the registry might read more than this does."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import orjson
from pydantic import JsonValue, TypeAdapter

from generator.diagnostics import Code
from generator.model import NamedType, ParsedDoc, PropertyRow, Source, TypeRef
from generator.resolve.doc_edits import (
    DocEdit,
    DocLookup,
    Json,
    RowChange,
    json_dicts,
    moved_sources,
    table_rows,
)
from generator.resolve.registry import (
    SAME_TYPE_OVERLAP,
    VIEW_COVERAGE,
    PropertyTyper,
    contradicts,
    jaccard,
    main_keys,
    merged_rows,
    misnamed_message,
    property_description,
    sample_values,
    settled_property,
    synthetic_names,
    tabled_type,
)
from generator.resolve.stored import Head
from generator.resolve.views import (
    Role,
    TableView,
    doc_views,
    is_rpc_request,
    operation_words,
    rpc_request_name,
)


def remade_properties(
    named_types: Json,
    before: Callable[[], Json],
    edits: Sequence[DocEdit],
    pairs: Sequence[DocEdit],
    docs: DocLookup,
    head: Head,
    skip: Source | None = None,
) -> frozenset[str] | None:
    """The named types (`named_types`, their Sources moved) with the properties whose cells the
    edits changed made again, in place; the names of those that changed. `before`: the types as
    the cache holds them (read only where a property is made again); `pairs`: the edits
    aligned (`aligned`); `skip`: the table of a row added, removed or renamed, whose type is made again
    whole (`remade_type`). None where this cannot be sure of them (`_table_properties`)."""
    edited = {edit.file: edit for edit in edits}
    wanted: dict[str, set[str]] = {}
    for pair in pairs:
        for old_view, new_view in zip(doc_views(pair.old, None), doc_views(pair.new, None)):
            if new_view.source == skip:
                continue
            props = _recelled(old_view, new_view) | _resampled(old_view, new_view)
            holder = _holder(named_types, new_view.source) if props else None
            if props and holder is None:
                return None
            if holder is not None:
                wanted.setdefault(holder, set()).update(props)
    changed = set()
    for name, props in sorted(wanted.items()):
        new_named, old_named = named_types[name], before()[name]
        assert isinstance(new_named, dict) and isinstance(old_named, dict)
        made = _table_properties(
            name, props, new_named, named_types, lambda f: _doc(f, edited, docs, True), head
        )
        made_before = _table_properties(
            name, props, old_named, before(), lambda f: _doc(f, edited, docs, False), head
        )
        if made is None or made_before is None or made_before != _entries(old_named, props):
            return None  # the type before the edits is not the one the cache holds
        if made != _entries(new_named, props):
            for entry in _properties(new_named):
                if entry["name"] in props:
                    entry["type"] = made[str(entry["name"])]["type"]
                    entry["description"] = made[str(entry["name"])]["description"]
            if _entries(new_named, props) != made:
                return None  # a Source not where the type holds it
            changed.add(name)
    return frozenset(changed)


def _recelled(old: TableView, new: TableView) -> set[str]:
    """The properties whose cells differ between two views of one table, row by row."""
    return {b.name for a, b in zip(old.rows, new.rows) if _cells(a) != _cells(b)}


def _resampled(old: TableView, new: TableView) -> set[str]:
    """The properties of a table whose sample values differ between two views of it."""
    return {
        name
        for name in new.keys
        if orjson.dumps(sample_values(old.samples, name))
        != orjson.dumps(sample_values(new.samples, name))
    }


def split_type(types: Json, edit: DocEdit, change: RowChange) -> tuple[str, Json, bytes] | None:
    """The name and the entry of the type whose table the row change is in (the one holding the
    table's place before the edit), of the types as the cache holds them, and the others' JSON."""
    rows = table_rows(edit.old, change.role)
    name = _holder(types, rows[0].source) if rows else None
    entry = types.get(name) if name is not None else None
    if name is None or not isinstance(entry, dict):
        return None
    return name, entry, orjson.dumps({other: v for other, v in types.items() if other != name})


class _Unsure(Exception):
    """A property of a type made again whose type the registry would make of more than this reads."""


def remade_type(
    name: str,
    entry: Json,
    change: RowChange,
    edit: DocEdit,
    pair: DocEdit,
    moves: dict[int, int],
    others: Json,
    docs: DocLookup,
    head: Head,
) -> Restructured | None:
    """The tabled type `name` (its entry before the edit: `entry`) made again of its views after
    one of them gained, lost or renamed a row (`change`), as the registry would; None where the registry
    might name any table otherwise, or type any property of more than its rows and samples:
    - a view of the type is one the registry renamed (X208), or its given name cannot be told;
    - a view the docs give the name would be renamed, or one renamed no longer be;
    - a lookup the registry made by a property-name set (Api.matched_keys) may find another type
      (`_lookups_kept`), or the edited table, where the docs do not give it the name, is not found
      as the type by its properties, before or after;
    - a sample the registry read for a property typed as the type shares no property with it now
      (`_uncontradicted`), or one did not before (X207);
    - the row's name is a type a cell of the type names (cells choose by their siblings' names), or
      a type only samples show has a property of that name (`_declared_may_count`);
    - a property that the edit changes (the row's, a row whose cells or sample values changed) is
      not settled (registry.settled_property), or another's rows merge in another order.
    The others keep their types. The type made of the docs before the edit must be `entry`."""
    edited = {edit.file: edit}

    def old_doc(file: str) -> ParsedDoc | None:
        return _doc(file, edited, docs, False)

    def new_doc(file: str) -> ParsedDoc | None:
        return _doc(file, edited, docs, True)

    old_places = json_dicts(entry.get("sources"))
    # The edited table's place is its first row's line: where a row was added in front of the
    # first or the first removed, that line is another row's now, the table's first.
    rows = table_rows(edit.old, change.role)
    table_before: Json | None = (
        {"file": rows[0].source.file, "line": rows[0].source.line} if rows else None
    )
    table_after: Json = {"file": change.table.file, "line": change.table.line}
    new_places = [
        table_after if place == table_before else _moved_place(place, edit.file, moves)
        for place in old_places
    ]
    old_views = _views_at(old_places, old_doc, head)
    new_views = _views_at([place for place in new_places if place is not None], new_doc, head)
    if old_views is None or new_views is None or len(new_views) != len(old_views):
        return None
    old_merge, new_merge = _merge_order(name, old_views, head), _merge_order(name, new_views, head)
    if old_merge is None or new_merge is None:
        return None
    (old_order, _), (new_order, named) = old_merge, new_merge
    # The edited table in the aligned docs (without the row added or removed: `aligned`).
    table = [view for view in doc_views(pair.new, None) if view.role == change.role]
    old_table = [view for view in doc_views(pair.old, None) if view.role == change.role]
    if len(table) != 1 or len(old_table) != 1:
        return None
    # A table the docs do not give the name was looked up by its properties, which change.
    unnamed = not any(
        given and view.source == change.table for view, given in zip(new_order, named)
    )
    own = (
        (_full_keys(edit.old, change.role), _full_keys(edit.new, change.role)) if unnamed else None
    )
    lookups = _lookups_kept(name, change, old_order, new_order, named, own, others, new_doc, head)
    if lookups is None:
        return None
    before = frozenset(str(prop.get("name")) for prop in _properties(entry))
    after = frozenset().union(*(view.keys for view in new_order))
    if not after >= before and not _uncontradicted(name, after, new_order, others, new_doc, head):
        return None
    sensitive = set(change.names) | _recelled(*old_table, *table) | _resampled(*old_table, *table)
    if _declared_may_count(sensitive, others):
        return None
    kept = {str(prop.get("name")): prop.get("type") for prop in _properties(entry)}
    merged: dict[str, list[tuple[str, int]]] = {}  # the kept properties' rows, their lines moved
    try:
        made_before = tabled_type(name, old_order, _keeping(kept, sensitive, merged, edit.file))
        made = tabled_type(name, new_order, _keeping(kept, sensitive, merged, edit.file, moves))
    except _Unsure:
        return None
    if _named_type().dump_python(made_before, mode="json") != entry:
        return None  # the type before the edit is not the one the cache holds
    found: Json = _named_type().dump_python(made, mode="json")
    return Restructured(found, lookups)


@dataclass(frozen=True)
class Restructured:
    """A type made again after a row change, and the registry's lookups after it."""

    entry: Json
    lookups: Lookups


# The property-name sets the registry looked up, with how many times (Api.matched_keys).
Lookups = tuple[tuple[tuple[str, ...], int], ...]


def _full_keys(doc: ParsedDoc, role: Role) -> frozenset[str]:
    return frozenset(row.name for row in table_rows(doc, role))


def _keeping(
    kept: dict[str, JsonValue],
    sensitive: set[str],
    merged: dict[str, list[tuple[str, int]]],
    file: str,
    moves: dict[int, int] | None = None,
) -> PropertyTyper:
    """A tabled property's type: the registry's where it is settled, else the one it had (`kept`),
    unless the edit changes the property (`sensitive`). Before the edit (`moves` None) its rows
    are noted in `merged`; after it (`moves`: how the file's lines moved), its rows must be those,
    moved, and so are the type's Sources in the file."""

    def property_type(
        prop: str,
        rows: list[PropertyRow],
        siblings: dict[str, list[PropertyRow]],
        samples: list[Json],
    ) -> TypeRef:
        found = settled_property(prop, rows, siblings, samples)
        if found is not None:
            return found
        if prop in sensitive or prop not in kept:
            raise _Unsure(prop)
        places = [(row.source.file, row.source.line) for row in rows]
        data = orjson.dumps(kept[prop])
        if moves is None:
            merged[prop] = places
            return _type_ref().validate_json(data)
        if [(f, moves.get(line, -1) if f == file else line) for f, line in merged[prop]] != places:
            raise _Unsure(prop)  # the cells are chosen among in another order
        result = moved_sources(data, file, moves)
        if result is None:
            raise _Unsure(prop)
        return _type_ref().validate_json(result[0])

    return property_type


def _lookups_kept(
    name: str,
    change: RowChange,
    old_views: list[TableView],
    new_views: list[TableView],
    named: list[bool],
    own: tuple[frozenset[str], frozenset[str]] | None,
    others: Json,
    doc_of: DocLookup,
    head: Head,
) -> Lookups | None:
    """The registry's lookups after the row change (`remade_type`), where it names every table as
    it did; else None. `own`: the edited table's properties before and after, where the registry
    looked it up by them (the docs do not give it the name)."""
    if not any(named):
        return None  # a type named after a table (X209): its identical tables share the name
    misnamed = _misnamed_views(name, doc_of, head)
    if misnamed is None:
        return None
    given_views = [view for view, given in zip(new_views, named) if given]
    main = main_keys(given_views + misnamed)
    if any(jaccard(view.keys, main) < SAME_TYPE_OVERLAP for view in given_views) or any(
        jaccard(view.keys, main) >= SAME_TYPE_OVERLAP for view in misnamed
    ):
        return None  # a table given the name would be renamed (X208), or no longer be
    # The registry looks up the properties of the tables the docs give the name (unnamed tables
    # come later, and are no more than a part of those).
    before = frozenset().union(*(v.keys for v, given in zip(old_views, named) if given))
    after = frozenset().union(*(v.keys for v, given in zip(new_views, named) if given))
    if before != frozenset().union(*(v.keys for v in old_views)):
        return None
    counts = Counter({frozenset(keys): count for keys, count in head.matched_keys})
    later = counts.copy()
    if own is not None and not counts[own[0]]:
        return None  # the registry did not look the table up
    if own is not None:
        later[own[0]] -= 1
        later[own[1]] += 1
    tabled = [
        (frozenset(str(prop.get("name")) for prop in _properties(other)), other_name)
        for other_name, other in others.items()
        if isinstance(other, dict) and _how(other) in ("table", "merged")
    ]
    sets_before = _property_sets(tabled, before, name)
    sets_after = _property_sets(tabled, after, name)
    synthetic = synthetic_names(head.diagnostics)
    for keys in set(counts) | set(later):
        if not (_candidate(keys, before) or _candidate(keys, after)):
            continue  # the type is no candidate: the lookup finds what it did
        found = _winner(keys, sets_before), _winner(keys, sets_after)
        if counts[keys] and later[keys] and (found[0] != found[1] or found[0] in synthetic):
            return None  # the lookup may find another type
    if own is not None and (
        _winner(own[0], sets_before) != name or _winner(own[1], sets_after) != name
    ):
        return None  # the edited table, looked up by its properties, finds another type
    cells = {row.type.ref for view in old_views + new_views for row in view.rows}
    contradicted = any(
        diagnostic.code == Code.X207.name and diagnostic.message.endswith(f" {contradicts(name)}")
        for diagnostic in head.diagnostics
    )
    # A property typed as the type keeps that type where its samples share a property with it
    # (TypeRegistry._unless_contradicted): with more properties, where it did before; with fewer,
    # see `_uncontradicted`.
    if before != after and (not change.names.isdisjoint(cells) or contradicted):
        return None
    return tuple(
        sorted((tuple(sorted(keys)), count) for keys, count in later.items() if keys and count > 0)
    )


def _misnamed_views(name: str, doc_of: DocLookup, head: Head) -> list[TableView] | None:
    """The tables the docs give the name that the registry renamed (X208), read from their docs;
    None where one is not found."""
    views = []
    for diagnostic in head.diagnostics:
        if diagnostic.code != Code.X208.name or diagnostic.message != misnamed_message(name):
            continue
        doc = doc_of(diagnostic.source.file)
        found = [v for v in doc_views(doc, None) if v.source == diagnostic.source] if doc else []
        if len(found) != 1:
            return None
        views.append(found[0])
    return views


def _property_sets(
    tabled: list[tuple[frozenset[str], str]], props: frozenset[str], name: str
) -> dict[frozenset[str], str]:
    """Each tabled type's property set -> the first name (in order) of those that have it, as the
    registry looks them up (TypeRegistry._exact); `name` with `props` among them."""
    sets: dict[frozenset[str], str] = {}
    for keys, other in sorted([*tabled, (props, name)], key=lambda pair: pair[1]):
        sets.setdefault(keys, other)
    return sets


def _candidate(keys: frozenset[str], props: frozenset[str]) -> bool:
    """Whether the registry's lookup of the keys may find a type of these properties."""
    return keys == props or keys < props and len(keys) >= max(2, VIEW_COVERAGE * len(props))


def _winner(keys: frozenset[str], sets: dict[frozenset[str], str]) -> str | None:
    """What the registry's lookup of the keys finds (TypeRegistry._find_match) where it knows of
    every set. A type it finds of these is found at any time where the docs give it its name:
    those types' sets are known before any lookup, the others' only as the tables are named."""
    exact = sets.get(keys)
    if exact is not None:
        return exact
    candidates = [(len(props), other) for props, other in sets.items() if _candidate(keys, props)]
    return min(candidates)[1] if candidates else None


def _uncontradicted(
    name: str,
    props: frozenset[str],
    views: list[TableView],
    others: Json,
    doc_of: DocLookup,
    head: Head,
) -> bool:
    """Whether every tabled property typed as the type, of these properties now, keeps that type:
    no sample object shown for it shares no property with the type (a registry that found them
    otherwise warned X207, and `_lookups_kept` gives up). The tables of the types holding such
    properties are read for their samples; a type only samples show holding one gives up."""
    holders: list[tuple[list[TableView], set[str]]] = [
        (views, {row.name for view in views for row in view.rows if row.type.ref == name})
    ]
    for other in others.values():
        if not isinstance(other, dict):
            continue
        typed = {
            str(prop.get("name"))
            for prop in _properties(other)
            if _kind(prop) == "ref" and _field(prop, "ref") == name
        }
        if not typed:
            continue
        if _how(other) not in ("table", "merged"):
            return False
        found = _views_at(json_dicts(other.get("sources")), doc_of, head)
        if found is None:
            return False
        holders.append((found, typed))
    for holder_views, typed in holders:
        samples = [sample for view in holder_views for sample in view.samples]
        for prop in typed:
            objects = [v for v in sample_values(samples, prop) if isinstance(v, dict) and v]
            if objects and not any(props & frozenset(value) for value in objects):
                return False
    return True


def _moved_place(place: Json, file: str, moves: dict[int, int]) -> Json | None:
    line = place.get("line")
    if place.get("file") != file:
        return place
    return {"file": file, "line": moves[line]} if isinstance(line, int) and line in moves else None


def _views_at(places: list[Json], doc_of: DocLookup, head: Head) -> list[TableView] | None:
    """The views (tables) at the places (a type's Sources), read from the docs; None where a place
    holds no one view, or a view the registry renamed (X208)."""
    renamed = {d.source for d in head.diagnostics if d.code == Code.X208.name}
    views = []
    for place in places:
        file, line = place.get("file"), place.get("line")
        doc = doc_of(file) if isinstance(file, str) else None
        found = [view for view in doc_views(doc, None) if view.source.line == line] if doc else []
        if len(found) != 1 or found[0].source.file != file or found[0].source in renamed:
            return None
        views.append(found[0])
    return views


def _cells(row: PropertyRow) -> tuple[TypeRef, str, str]:
    """What a property table's row says but its name and its place (which moves with its lines)."""
    return row.type.without_origin(), row.type_cell, row.description


def _doc(file: str, edited: dict[str, DocEdit], docs: DocLookup, new: bool) -> ParsedDoc | None:
    edit = edited.get(file)
    if edit is None:
        return docs(file)
    return edit.new if new else edit.old


def _holder(named_types: Json, source: Source) -> str | None:
    """The named type one of whose views (tables) is at the source; None unless there is one."""
    place = {"file": source.file, "line": source.line}
    holders = [
        name
        for name, named in named_types.items()
        if isinstance(named, dict) and place in json_dicts(named.get("sources"))
    ]
    return holders[0] if len(holders) == 1 else None


def _table_properties(
    name: str,
    props: set[str],
    named: Json,
    named_types: Json,
    doc_of: DocLookup,
    head: Head,
) -> dict[str, Json] | None:
    """The properties `props` of the tabled type `name` (its entry `named`, of `named_types`) as
    the registry (resolve/registry.py) makes them of the rows of its views, read again from the docs
    at its Sources; as the stored Api holds them (type, description, source). None where the
    registry would read more than those rows and the samples of the views to make them:
    - a row names a type, or refining the type reads the registry (`settled_property`);
    - a type only samples show has a property of the name that reads every table's cells
      (`_declared_may_count`);
    - a view of the type is one the registry renamed (X208), or its place among the type's views
      cannot be told (`_merge_order`)."""
    if _declared_may_count(props, named_types):
        return None
    views = _views_at(json_dicts(named.get("sources")), doc_of, head)
    if views is None:
        return None
    merge = _merge_order(name, views, head)
    if merge is None:
        return None
    ordered = merge[0]
    rows = merged_rows(ordered)
    samples = [sample for view in ordered for sample in view.samples]
    made: dict[str, Json] = {}
    for prop in props:
        if prop not in rows:
            return None
        found_type = settled_property(prop, rows[prop], rows, samples)
        if found_type is None:
            return None
        made[prop] = {
            "type": _type_ref().dump_python(found_type, mode="json"),
            "description": property_description(rows[prop]),
            "source": {"file": rows[prop][0].source.file, "line": rows[prop][0].source.line},
        }
    return made


SCALAR_KINDS = ("integer", "number", "boolean", "string")


def _declared_may_count(props: set[str], named_types: Json) -> bool:
    """Whether a property of these names of a type only samples show may be typed as the tables'
    cells of the name most often say (TypeRegistry._sampled_property). It is not where it is a
    scalar: that is what its first sample value shows, which fits no shape the cells may say."""
    return any(
        prop.get("name") in props and _kind(prop) not in SCALAR_KINDS
        for other in named_types.values()
        if isinstance(other, dict) and _how(other) == "sample"
        for prop in _properties(other)
    )


def _kind(prop: Json) -> object:
    return _field(prop, "kind")


def _field(prop: Json, key: str) -> object:
    """A field of a stored property's type."""
    found = prop.get("type")
    return found.get(key) if isinstance(found, dict) else None


def _merge_order(
    name: str, views: list[TableView], head: Head
) -> tuple[list[TableView], list[bool]] | None:
    """The type's views in the registry's order (TypeRegistry._name_views): those the docs give
    its name, then the others, each by file and role; and whether the docs give each the name.
    None where a view's given name cannot be told (`_given`)."""
    named = _given(name, views, head)
    if named is None:
        return None
    order = sorted(
        range(len(views)),
        key=lambda n: (not named[n], views[n].source.file, views[n].role),
    )
    return [views[number] for number in order], [named[number] for number in order]


def _given(name: str, views: list[TableView], head: Head) -> list[bool] | None:
    """Whether the docs give each view the name. None where a view's given name cannot be told:
    an RPC request body's table is named by its operation, qualified by its group where another
    operation has the same name, and of those the head tells only the operation ids."""
    operations = [operation for group in head.groups for operation in group.operations]
    by_words = Counter(operation_words(operation) for operation in operations)
    named = []
    for view in views:
        if view.role == "request" and is_rpc_request(view.doc):
            operation = view.doc.operation_id
            candidates = {rpc_request_name(operation), rpc_request_name(operation, True)}
            if name in candidates and by_words[operation_words(operation)] != 1:
                return None
            named.append(name == rpc_request_name(operation))
        else:
            named.append(view.given_name == name)
    return named


def _properties(named: Json) -> list[Json]:
    return json_dicts(named.get("properties"))


def _entries(named: Json, props: set[str]) -> dict[str, Json]:
    """The stored properties `props` of a named type: their type, description and source."""
    return {
        str(prop["name"]): {key: prop.get(key) for key in ("type", "description", "source")}
        for prop in _properties(named)
        if prop.get("name") in props
    }


def _how(named: Json) -> object:
    origin = named.get("origin")
    return origin.get("how") if isinstance(origin, dict) else None


@cache
def _type_ref() -> TypeAdapter[TypeRef]:
    return TypeAdapter(TypeRef)


@cache
def _named_type() -> TypeAdapter[NamedType]:
    return TypeAdapter(NamedType)
