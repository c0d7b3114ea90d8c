"""Local edits: the Api after edits that change only docs' prose, query parameters, the cells of
property tables, a row of one (added, removed or renamed) and the samples they describe, made from
the Api before them.

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

The sample of a body a table describes reaches the endpoint (as it is) and the table's type (the
values of its properties, TableView.samples), and, of the rest, resolve reads only whether a request
body's sample is a list: a sample edit puts the new samples in the endpoint and makes the properties
whose sample values changed again, as their cells' edits do. (A body no table describes is typed
by its sample, which then stays in the skeleton: editing it takes a full resolve.)

A row added to or removed from one property table, or renamed in it, changes the set of properties
the registry names that table's type by (a row added in front of the first, or the first removed,
also gives the table's place, its first row's line, to another row: the type made again holds the
new place); a rename is the old name's row removed and the new name's added, in one place,
and meets both's conditions. The type is made again
whole, of all its tables (`remade_types.remade_type`), where the registry would name every table as it did:
- the tables the docs give the name stay like the name's main table, those it renamed (X208, read
  from their docs) unlike it;
- every lookup of a property-name set the registry made (an unnamed table's, a sample object's:
  Api.matched_keys, with how many times) finds what it did with the type's new properties. A lookup
  the type is no candidate for finds the same; one it is a candidate for must find the same type
  with the sets of every tabled type known, and that type must be one the docs name (its set is known
  before any lookup; a table named by the registry, X209, is known only from the time it is named);
- the edited table, where the docs do not give it the name, was and is found as the type by its
  properties (the lookup log then trades its old set for its new one);
- a property typed as the type keeps it: no sample the registry read for it shares no property with
  the type's new ones (`_uncontradicted`), and no X207 says one did;
- the row's name (each of a renamed row's) is no type a cell of the type names (cells choose among types by their siblings'
  names), and no type only samples show has a property of that name that is not a scalar.
Its properties are then typed as the registry would: settled ones of their rows and samples
(`settled_property`), the others as they were, where their rows merge in the same order; the
properties the edit changes must be settled.

So when every edited doc is the same as before but for these and its line numbers, the new Api is the
old one with that prose replaced, that doc's parameters and those properties (or that type) made
again and its Sources moved. Where anything is not as this expects, `patched_api` gives None and
the run resolves every doc, as always:
- the edit changes more than that;
- lines are moved out of order;
- the Api holds a diagnostic of the doc, or names its file anywhere but in a Source (a message);
- making the parameters again warns, or changes any but the query parameters beyond their
  descriptions (a query parameter's Python name taken from a header's, say), or a query parameter
  is of a named type (its name would be used outside the endpoint);
- a property cannot be made again as above (`remade_types`), or a type whose table gained or
  lost a row (`remade_types.remade_type`).

`tests/resolve/test_prose.py` holds this against a full resolve, on fixtures and on both corpus
generations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import orjson
from pydantic import JsonValue

from generator.model import ParsedDoc, TypeRef
from generator.resolve.doc_edits import (
    DocEdit,
    DocLookup,
    Json,
    aligned,
    line_moves,
    lists_file,
    moved_sources,
    sources_in,
    without_lines,
)
from generator.resolve.parameters import doc_parameters
from generator.resolve.remade_types import remade_properties, remade_type, split_type
from generator.resolve.stored import StoredApi


@dataclass(frozen=True)
class LocalPatch:
    """The stored Api after local edits, and the named types whose properties they changed."""

    stored: StoredApi
    types: frozenset[str] = frozenset()


def patched_api(
    stored: StoredApi, edits: Sequence[DocEdit], docs: DocLookup = lambda file: None
) -> LocalPatch | None:
    """The stored Api of the docs after the local edits, made from `stored`, the one before them:
    only the types and the edited endpoints' groups are read, and, for an edit of a property
    table's cells, the other docs showing that table's type (`docs`). None where this cannot be
    sure of the result."""
    head = stored.read_head()  # ValueError where it is not valid
    found = [aligned(edit) for edit in edits]
    pairs = [pair for pair, _ in filter(None, found)]
    changes = [change for _, change in filter(None, found) if change is not None]
    if len(pairs) != len(edits) or (changes and len(edits) != 1):
        return None
    change = changes[0] if changes else None
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
    # The types as the cache holds them, parsed once where a type is made again.
    types_before = cache(lambda: orjson.loads(stored.types))
    # The type whose table gained, lost or renamed a row is made again whole (`remade_type`): it is left
    # out of the types whose Sources move.
    split = split_type(types_before(), edits[0], change) if change is not None else None
    if change is not None:
        if split is None:
            return None
        types = split[2]
    moved: dict[str, int] = {}  # file -> Sources moved
    fresh: dict[str, list[Json]] = {}  # file -> the doc's parameters made again
    all_moves: dict[str, dict[int, int]] = {}
    for edit, pair in zip(edits, pairs):
        moves, parameters = line_moves(pair), _parameters(edit)
        named = any(edit.file in message for message in messages)
        if moves is None or parameters is None or named or any(edit.file in f for f in others):
            return None
        fresh[edit.file], all_moves[edit.file] = parameters, moves
        result = moved_sources(types, edit.file, moves)
        if result is None:
            return None
        types, moved[edit.file] = result
        # The query parameters' places stay as they are here: those parameters are made again.
        replaced = {row.source.line: row.source.line for row in edit.old.query_params} | moves
        for number, data in groups.items():
            result = moved_sources(data, edit.file, replaced)
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
        before = sources_in(endpoint["parameters"], edit.file)
        if not _patched_endpoint(endpoint, edit.new, fresh[edit.file]):
            return None
        made = sources_in(endpoint["parameters"], edit.file) - before
        # Every Source moved is one of the doc's endpoint or of a type the doc shows (none was text
        # in a sample that only looked like one).
        shown = [named for named in named_types.values() if lists_file(named["sources"], edit.file)]
        if (
            sources_in(endpoint, edit.file) + sources_in(shown, edit.file)
            != moved[edit.file] + made
        ):
            return None
    skip = change.table if change is not None else None
    retyped = remade_properties(named_types, types_before, edits, pairs, docs, head, skip)
    if retyped is None:
        return None
    if split is not None:
        assert change is not None
        name, entry, _ = split
        moves = all_moves[edits[0].file]
        remade = remade_type(
            name, entry, change, edits[0], pairs[0], moves, named_types, docs, head
        )
        if remade is None:
            return None
        named_types = dict(sorted({**named_types, name: remade.entry}.items()))
        if without_lines(remade.entry) != without_lines(entry):
            retyped |= {name}
        if remade.lookups != head.matched_keys:
            head_data = head.model_copy(update={"matched_keys": remade.lookups})
            stored = stored.with_head(head_data.model_dump_json().encode())
    types = orjson.dumps(named_types) if retyped or change is not None else types
    parts = {n: orjson.dumps(data) for n, data in group_data.items()}
    return LocalPatch(stored.with_parts(types, parts), retyped)


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


def _patched_endpoint(endpoint: Json, doc: ParsedDoc, parameters: list[Json]) -> bool:
    """Put the doc's prose and its parameters into its endpoint; False where the parameters but the
    query parameters differ from the endpoint's in more than their descriptions."""
    endpoint["summary"] = doc.summary
    endpoint["description"] = doc.description
    endpoint["notes"] = list(doc.notes)
    for field, sample in (
        ("sample_request", doc.sample_request),
        ("sample_response", doc.sample_response),
    ):
        endpoint[field] = sample.model_dump(mode="json") if sample is not None else None
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
