"""Local edits: the Api after edits that change only docs' prose and query parameters, made from the
Api before them.

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

So when every edited doc is the same as before but for its prose, its query parameters and its line
numbers, the new Api is the old one with that prose replaced, that doc's parameters made again and
its Sources moved. No other doc needs reading, parsing or resolving again. Where anything is not as
this expects, `patched_api` gives None and the run resolves every doc, as always:
- the edit changes more than that;
- lines are moved out of order;
- the Api holds a diagnostic of the doc, or names its file anywhere but in a Source (a message);
- making the parameters again warns, or changes any but the query parameters beyond their
  descriptions (a query parameter's Python name taken from a header's, say), or a query parameter
  is of a named type (its name would be used outside the endpoint).

`tests/resolve/test_prose.py` holds this against a full resolve, on fixtures and on both corpus
generations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import orjson
from pydantic import JsonValue

from generator.model import ParsedDoc, TypeRef
from generator.resolve.parameters import doc_parameters
from generator.resolve.stored import StoredApi

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


def patched_api(stored: StoredApi, edits: Sequence[DocEdit]) -> StoredApi | None:
    """The stored Api of the docs after the local edits, made from `stored`, the one before them:
    only the types and the edited endpoints' groups are read. None where this cannot be sure of the
    result."""
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
    return stored.with_parts(types, {n: orjson.dumps(data) for n, data in group_data.items()})


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
