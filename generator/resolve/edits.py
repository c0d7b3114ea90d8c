"""Local edits: the Api after edits that change only docs' prose, query parameters and the cells of
property tables, made from the Api before them.

Resolve passes a doc's prose through as it is. An endpoint's summary, description and notes, and the
descriptions of its path, query and header parameters, land in the Api unchanged, and nothing else
in the Api depends on them. (A summary may name the type of an unnamed response table,
`views.type_named_in_summary`; the registry gives a table that name only where it warns X209 on the
doc, and a doc with a diagnostic of its own takes a full resolve, below.) A doc's parameters are made
from that doc alone (resolve/parameters.py), and of them nothing outside the endpoint reads the query
parameters: routes are merged by their path parameters (resolve/routes.py), the client's defaults
are made of the header parameters (render/client.py, ClientOutline). Lines only say where things
are: the Api holds them in Sources, and nothing depends on them but the order of Sources within one
file.

A property table's cells (a row's type and description; not its name) reach the named type the
registry merges the table into (resolve/registry.py), and nothing else: the registry names the tables
by their property names, and an endpoint's body and responses name the tables' types. That type's
property is made again of the rows of every table merged into it (the other docs showing the type are
read from the parse cache) where the registry would read no more than those rows and the tables'
samples: both before the edit and after it, no row names a type and the refinement of its type is
settled (registry.settled_type); and no type only samples show takes that property's type from the
cells the tables give it most often. The type made of the docs as they were must be the one the
cache holds.

So when every edited doc is the same as before but for these and its line numbers, the new Api is the
old one with that prose replaced, that doc's parameters and those properties made again and its
Sources moved. Where anything is not as this expects, `patched_api` gives None and the run resolves
every doc, as always:
- the edit changes more than that;
- lines are moved out of order;
- the Api holds a diagnostic of the doc, or names its file anywhere but in a Source (a message);
- making the parameters again warns, or changes any but the query parameters beyond their
  descriptions (a query parameter's Python name taken from a header's, say), or a query parameter
  is of a named type (its name would be used outside the endpoint);
- a property cannot be made again as above (`_table_properties`).

`tests/resolve/test_prose.py` holds this against a full resolve, on fixtures and on both corpus
generations.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import orjson
from pydantic import JsonValue, TypeAdapter

from generator.diagnostics import Code
from generator.model import ParsedDoc, PropertyRow, Source, TypeRef
from generator.resolve.parameters import doc_parameters
from generator.resolve.registry import merged_rows, property_description, settled_property
from generator.resolve.stored import Head, StoredApi
from generator.resolve.views import (
    TableView,
    doc_views,
    is_rpc_request,
    operation_words,
    rpc_request_name,
)

# The rows of other parameters than query parameters, whose description resolve copies into a
# Parameter (resolve/parameters.py).
DESCRIBED_ROWS = ("path_params", "headers")
Json = dict[str, JsonValue]


@dataclass(frozen=True)
class DocEdit:
    """One doc as the Api was made from (`old`) and as it is now (`new`)."""

    old: ParsedDoc
    new: ParsedDoc

    @property
    def file(self) -> str:
        return self.new.source.file


def skeleton(doc: ParsedDoc, keep_lines: bool = False) -> JsonValue:
    """The doc as resolve reads it, without its prose and its query parameters (and, unless
    keep_lines, its lines)."""
    data: Json = doc.model_dump(mode="json")
    data["summary"] = ""
    data["description"] = ""
    data["notes"] = []
    data["query_params"] = []
    for field in DESCRIBED_ROWS:
        rows = data[field]
        assert isinstance(rows, list)
        for row in rows:
            assert isinstance(row, dict)
            row["description"] = ""
    for table in (data["request_body"], data["response"]):
        for row in _list(table.get("properties")) if isinstance(table, dict) else ():
            row.update(type=None, type_cell="", description="")
    return data if keep_lines else _without_lines(data)


def is_local_edit(edit: DocEdit) -> bool:
    return edit.old.source.file == edit.new.source.file and skeleton(edit.old) == skeleton(edit.new)


def line_moves(edit: DocEdit) -> dict[int, int] | None:
    """Old line -> new line of every place the doc holds but in its query parameters (a local
    edit's docs pair up one to one there); None unless the lines keep their order."""
    pairs: dict[int, int] = {}
    for old, new in _line_pairs(skeleton(edit.old, True), skeleton(edit.new, True)):
        if pairs.setdefault(old, new) != new:
            return None
    ordered = sorted(pairs.items())
    if any(later[1] <= earlier[1] for earlier, later in zip(ordered, ordered[1:])):
        return None
    return pairs


@dataclass(frozen=True)
class LocalPatch:
    """The stored Api after local edits, and the named types whose properties they changed."""

    stored: StoredApi
    types: frozenset[str] = frozenset()


# An unedited doc by its file, as the last run parsed it (None where it is not at hand).
DocLookup = Callable[[str], ParsedDoc | None]


def patched_api(
    stored: StoredApi, edits: Sequence[DocEdit], docs: DocLookup = lambda file: None
) -> LocalPatch | None:
    """The stored Api of the docs after the local edits, made from `stored`, the one before them:
    only the types and the edited endpoints' groups are read, and, for an edit of a property
    table's cells, the other docs showing that table's type (`docs`). None where this cannot be
    sure of the result."""
    head = stored.read_head()  # ValueError where it is not valid
    files = {edit.file for edit in edits}
    if any(diagnostic.source.file in files for diagnostic in head.diagnostics):
        return None  # a message may quote the doc's lines
    places = {name: number for number, group in enumerate(head.groups) for name in group.operations}
    numbers = {places.get(edit.new.operation_id, -1) for edit in edits}
    if -1 in numbers:
        return None
    # The other groups hold no Source of the files (nothing there moves), no message names them.
    others = [group.files for n, group in enumerate(head.groups) if n not in numbers]
    messages = [diagnostic.message for diagnostic in head.diagnostics]
    types, groups = stored.types, {number: stored.groups[number] for number in numbers}
    moved: dict[str, int] = {}  # file -> Sources moved
    fresh: dict[str, list[Json]] = {}  # file -> the doc's parameters made again
    for edit in edits:
        moves, parameters = line_moves(edit), _parameters(edit)
        named = any(edit.file in message for message in messages)
        if moves is None or parameters is None or named or any(edit.file in f for f in others):
            return None
        fresh[edit.file] = parameters
        result = _moved_sources(types, edit.file, moves)
        if result is None:
            return None
        types, moved[edit.file] = result
        # The query parameters' places stay as they are here: those parameters are made again.
        replaced = {row.source.line: row.source.line for row in edit.old.query_params} | moves
        for number, data in groups.items():
            result = _moved_sources(data, edit.file, replaced)
            if result is None:
                return None
            groups[number], count = result
            moved[edit.file] += count
    named_types = orjson.loads(types)
    group_data = {number: orjson.loads(data) for number, data in groups.items()}
    endpoints = {
        endpoint["operation_id"]: endpoint
        for group in group_data.values()
        for endpoint in group["endpoints"]
    }
    for edit in edits:
        endpoint = endpoints.get(edit.new.operation_id)
        if endpoint is None:
            return None
        before = _sources_in(endpoint["parameters"], edit.file)
        if not _patched_endpoint(endpoint, edit.new, fresh[edit.file]):
            return None
        made = _sources_in(endpoint["parameters"], edit.file) - before
        # Every Source moved is one of the doc's endpoint or of a type the doc shows (none was text
        # in a sample that only looked like one).
        shown = [named for named in named_types.values() if _lists(named["sources"], edit.file)]
        if (
            _sources_in(endpoint, edit.file) + _sources_in(shown, edit.file)
            != moved[edit.file] + made
        ):
            return None
    retyped = _retyped(named_types, orjson.loads(stored.types), edits, docs, head)
    if retyped is None:
        return None
    types = orjson.dumps(named_types) if retyped else types
    parts = {n: orjson.dumps(data) for n, data in group_data.items()}
    return LocalPatch(stored.with_parts(types, parts), retyped)


def _retyped(
    named_types: Json, before: Json, edits: Sequence[DocEdit], docs: DocLookup, head: Head
) -> frozenset[str] | None:
    """The named types (`named_types`, their Sources moved) with the properties whose cells the
    edits changed made again, in place; the names of those that changed. None where this cannot be
    sure of them (`_table_properties`)."""
    edited = {edit.file: edit for edit in edits}
    wanted: dict[str, set[str]] = {}
    for edit in edits:
        for old_view, new_view in zip(doc_views(edit.old, None), doc_views(edit.new, None)):
            props = {
                new.name
                for old, new in zip(old_view.rows, new_view.rows)
                if _cells(old) != _cells(new)
            }
            holder = _holder(named_types, new_view.source) if props else None
            if props and holder is None:
                return None
            if holder is not None:
                wanted.setdefault(holder, set()).update(props)
    changed = set()
    for name, props in sorted(wanted.items()):
        new_named, old_named = named_types[name], before[name]
        assert isinstance(new_named, dict) and isinstance(old_named, dict)
        made = _table_properties(
            name, props, new_named, named_types, lambda f: _doc(f, edited, docs, True), head
        )
        made_before = _table_properties(
            name, props, old_named, before, lambda f: _doc(f, edited, docs, False), head
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
        if isinstance(named, dict) and place in _list(named.get("sources"))
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
    views = []
    for place in _list(named.get("sources")):
        file, line = place.get("file"), place.get("line")
        doc = doc_of(file) if isinstance(file, str) else None
        found = [view for view in doc_views(doc, None) if view.source.line == line] if doc else []
        if len(found) != 1 or found[0].source.file != file:
            return None
        views.append(found[0])
    renamed = {d.source for d in head.diagnostics if d.code == Code.X208.name}
    if any(view.source in renamed for view in views):
        return None
    ordered = _merge_order(name, views, head)
    if ordered is None:
        return None
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
    found = prop.get("type")
    return found.get("kind") if isinstance(found, dict) else None


def _merge_order(name: str, views: list[TableView], head: Head) -> list[TableView] | None:
    """The type's views in the registry's order (TypeRegistry._name_views): those the docs give
    its name, then the others, each by file and role. None where a view's given name cannot be
    told: an RPC request body's table is named by its operation, qualified by its group where
    another operation has the same name, and of those the head tells only the operation ids."""
    operations = [operation for group in head.groups for operation in group.operations]
    by_words = Counter(operation_words(operation) for operation in operations)
    named: dict[int, bool] = {}
    for number, view in enumerate(views):
        if view.role == "request" and is_rpc_request(view.doc):
            operation = view.doc.operation_id
            candidates = {rpc_request_name(operation), rpc_request_name(operation, True)}
            if name in candidates and by_words[operation_words(operation)] != 1:
                return None
            named[number] = name == rpc_request_name(operation)
        else:
            named[number] = view.given_name == name
    order = sorted(
        range(len(views)),
        key=lambda n: (not named[n], views[n].source.file, views[n].role),
    )
    return [views[number] for number in order]


def _properties(named: Json) -> list[Json]:
    return _list(named.get("properties"))


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


def _list(value: JsonValue) -> list[Json]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


@cache
def _type_ref() -> TypeAdapter[TypeRef]:
    return TypeAdapter(TypeRef)


def _parameters(edit: DocEdit) -> list[Json] | None:
    """The new doc's parameters, as the stored Api holds them; None where making them warns, or
    where a query parameter, before the edit or after it, is of a named type."""
    made = [doc_parameters(edit.old), doc_parameters(edit.new)]
    if any(problems for _, problems in made):
        return None
    for parameters, _ in made:
        if any(_names_a_type(p.type) for p in parameters if p.location == "query"):
            return None
    return [parameter.model_dump(mode="json") for parameter in made[1][0]]


def _names_a_type(ref: TypeRef) -> bool:
    inner = [item for item in (ref.items, ref.values) if item is not None]
    return ref.kind == "ref" or any(_names_a_type(item) for item in inner)


def _lists(sources: JsonValue, file: str) -> bool:
    return isinstance(sources, list) and any(
        isinstance(source, dict) and source.get("file") == file for source in sources
    )


def _moved_sources(part: bytes, file: str, moves: dict[int, int]) -> tuple[bytes, int] | None:
    """The part with every Source in the file moved to its new line, and how many there are."""
    quoted = orjson.dumps(file)
    opening = b'{"file":' + quoted + b',"line":'
    found: list[int] = []

    def moved(match: re.Match[bytes]) -> bytes:
        line = moves.get(int(match.group(1)))
        found.append(line if line is not None else -1)
        return match.group(0) if line is None else opening + str(line).encode() + b"}"

    result = re.sub(re.escape(opening) + rb"(\d+)\}", moved, part)
    if -1 in found or result.count(quoted[1:-1]) != len(found):
        return None  # a place the doc does not hold, or the file named outside a Source
    return result, len(found)


def _patched_endpoint(endpoint: Json, doc: ParsedDoc, parameters: list[Json]) -> bool:
    """Put the doc's prose and its parameters into its endpoint; False where the parameters but the
    query parameters differ from the endpoint's in more than their descriptions."""
    endpoint["summary"] = doc.summary
    endpoint["description"] = doc.description
    endpoint["notes"] = list(doc.notes)
    old = endpoint["parameters"]
    assert isinstance(old, list)
    if _undescribed(old) != _undescribed(parameters):
        return False
    endpoint["parameters"] = list(parameters)
    return True


def _undescribed(parameters: Sequence[JsonValue]) -> list[JsonValue]:
    """The parameters but the query parameters, without their descriptions."""
    return [
        {**parameter, "description": ""}
        for parameter in parameters
        if isinstance(parameter, dict) and parameter.get("location") != "query"
    ]


# Model JSON is walked for Sources (dicts of exactly these keys) everywhere but in the JSON a sample
# shows (an HttpSample's `body`, told by its `body_text`): a sample may hold any object at all.
SOURCE_KEYS = {"file", "line"}


def _is_source(value: Json) -> bool:
    return value.keys() == SOURCE_KEYS


def _inside(value: Json) -> list[tuple[str, JsonValue]]:
    """A dict's items that may hold Sources."""
    sample = "body_text" in value
    return [(key, item) for key, item in value.items() if not (sample and key == "body")]


def _without_lines(value: JsonValue) -> JsonValue:
    if isinstance(value, dict):
        if _is_source(value):
            return {"file": value["file"], "line": 0}
        return {**value, **{key: _without_lines(item) for key, item in _inside(value)}}
    if isinstance(value, list):
        return [_without_lines(item) for item in value]
    return value


def _line_pairs(old: JsonValue, new: JsonValue) -> list[tuple[int, int]]:
    """(old line, new line) of each Source, the two docs walked side by side (same shape)."""
    if isinstance(old, dict) and isinstance(new, dict):
        if _is_source(old):
            return [(int(str(old["line"])), int(str(new["line"])))]
        return [pair for key, item in _inside(old) for pair in _line_pairs(item, new[key])]
    if isinstance(old, list) and isinstance(new, list):
        return [pair for first, second in zip(old, new) for pair in _line_pairs(first, second)]
    return []


def _sources_in(value: JsonValue, file: str) -> int:
    """How many Sources in `file` the value holds."""
    if isinstance(value, dict):
        if _is_source(value):
            return int(value["file"] == file)
        return sum(_sources_in(item, file) for _, item in _inside(value))
    if isinstance(value, list):
        return sum(_sources_in(item, file) for item in value)
    return 0
