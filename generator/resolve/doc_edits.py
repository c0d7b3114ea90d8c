"""Edited docs as the local path (resolve/edits.py) compares them: a doc's two versions, what resolve
reads of them but prose, query parameters, cells and samples (`skeleton`), the one row of a property
table an edit may add, remove or rename (`aligned`), and where the doc's lines moved; and the Sources in a
stored Api's JSON, moved and counted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import orjson
from pydantic import JsonValue

from generator.model import ParsedDoc, PropertyRow, Source
from generator.resolve.views import Role

# The rows of other parameters than query parameters, whose description resolve copies into a
# Parameter (resolve/parameters.py).
DESCRIBED_ROWS = ("path_params", "headers")
# Each sample's field and that of the body it shows.
SAMPLES = (("sample_request", "request_body"), ("sample_response", "response"))
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
    """The doc as resolve reads it, without its prose, its query parameters, the cells of its
    property tables and what resolve does not read of the samples those describe (and, unless
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
        for row in json_dicts(table.get("properties")) if isinstance(table, dict) else ():
            row.update(type=None, type_cell="", description="")
    for sample_field, table_field in SAMPLES:
        sample, table = data[sample_field], data[table_field]
        if isinstance(sample, dict) and isinstance(table, dict) and table.get("properties"):
            # Of a sample a table describes, resolve reads whether it is a list, and the values
            # of the table's properties (TableView.samples), which reach the table's type alone.
            listed = isinstance(sample.get("body"), list)
            sample.update(start_line="", headers=[], body_text="", body=listed)
    return data if keep_lines else without_lines(data)


def is_local_edit(edit: DocEdit) -> bool:
    return aligned(edit) is not None


@dataclass(frozen=True)
class RowChange:
    """A row a doc's property table gained, lost or renamed: the table's role, the row's property
    name before (`removed`) and after (`added`), where it has one; and the table's place (its first
    row's line, in the new doc)."""

    role: Role
    removed: str | None
    added: str | None
    table: Source

    @property
    def names(self) -> frozenset[str]:
        """The property names the change takes away or brings."""
        return frozenset(name for name in (self.removed, self.added) if name is not None)


def aligned(edit: DocEdit) -> tuple[DocEdit, RowChange | None] | None:
    """The edit as one of prose and cells alone (the docs' skeletons are the same), and the row
    of a property table it adds, removes or renames: where the docs differ but in that one row, the
    edit with that row left out of the doc that has it (the table's first too: the table's place,
    its first row's line, is then another row's, RowChange.table), or, for a rename, with the
    row's old name in the new doc. None for any other edit."""
    old, new = edit.old, edit.new
    if old.source.file != new.source.file:
        return None
    if skeleton(old) == skeleton(new):
        return edit, None
    for role in ROLES:
        found = _row_change(edit, role)
        if found is None:
            continue
        reduced, change = found
        if skeleton(reduced.old) != skeleton(reduced.new):
            return None
        return reduced, change
    return None


def _row_change(edit: DocEdit, role: Role) -> tuple[DocEdit, RowChange] | None:
    """The edit without the one row of the role's table that it adds, removes or renames, and
    that change; None where the table's names differ otherwise, or not at all."""
    old, new = edit.old, edit.new
    old_rows, new_rows = table_rows(old, role), table_rows(new, role)
    old_names, new_names = [row.name for row in old_rows], [row.name for row in new_rows]
    if old_names == new_names or not old_rows or not new_rows:
        return None
    if len(old_rows) == len(new_rows):
        index = _renamed_row(old_names, new_names)
        if index is None:
            return None
        reduced = DocEdit(old, _with_name(new, role, index, old_names[index]))
        change = RowChange(role, old_names[index], new_names[index], new_rows[0].source)
        return reduced, change
    added = len(new_rows) > len(old_rows)
    longer, shorter = (new_names, old_names) if added else (old_names, new_names)
    index = _extra_row(longer, shorter)
    if index is None:
        return None
    without = _without_row(new if added else old, role, index)
    reduced = DocEdit(old, without) if added else DocEdit(without, new)
    name = longer[index]
    return reduced, RowChange(
        role, None if added else name, name if added else None, new_rows[0].source
    )


ROLES: tuple[Role, ...] = ("request", "response")


def table_rows(doc: ParsedDoc, role: Role) -> tuple[PropertyRow, ...]:
    table = doc.request_body if role == "request" else doc.response
    return (table.properties or ()) if table is not None else ()


def _extra_row(longer: list[str], shorter: list[str]) -> int | None:
    """Where `longer` has the one name more that `shorter` lacks (not a name it has twice); None
    unless that is all they differ in."""
    if len(longer) != len(shorter) + 1:
        return None
    index = next((n for n, (a, b) in enumerate(zip(longer, shorter)) if a != b), len(shorter))
    if longer[:index] + longer[index + 1 :] != shorter:
        return None
    return index if longer.count(longer[index]) == 1 else None


def _renamed_row(old: list[str], new: list[str]) -> int | None:
    """Where the one name `new` has in the place of another of `old` is (neither name twice); None
    unless that is all they differ in."""
    differing = [n for n, (a, b) in enumerate(zip(old, new)) if a != b]
    if len(differing) != 1:
        return None
    index = differing[0]
    return index if old[index] not in new and new[index] not in old else None


def _without_row(doc: ParsedDoc, role: Role, index: int) -> ParsedDoc:
    rows = table_rows(doc, role)
    return _with_rows(doc, role, rows[:index] + rows[index + 1 :])


def _with_name(doc: ParsedDoc, role: Role, index: int, name: str) -> ParsedDoc:
    """The doc with the row at the index of the role's table named `name`."""
    rows = list(table_rows(doc, role))
    rows[index] = replace(rows[index], name=name)
    return _with_rows(doc, role, tuple(rows))


def _with_rows(doc: ParsedDoc, role: Role, kept: tuple[PropertyRow, ...]) -> ParsedDoc:
    if role == "request":
        assert doc.request_body is not None
        return doc.model_copy(
            update={"request_body": doc.request_body.model_copy(update={"properties": kept})}
        )
    assert doc.response is not None
    return doc.model_copy(update={"response": doc.response.model_copy(update={"properties": kept})})


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


# An unedited doc by its file, as the last run parsed it (None where it is not at hand).
DocLookup = Callable[[str], ParsedDoc | None]


def json_dicts(value: JsonValue) -> list[Json]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def lists_file(sources: JsonValue, file: str) -> bool:
    return isinstance(sources, list) and any(
        isinstance(source, dict) and source.get("file") == file for source in sources
    )


def moved_sources(part: bytes, file: str, moves: dict[int, int]) -> tuple[bytes, int] | None:
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


# Model JSON is walked for Sources (dicts of exactly these keys) everywhere but in the JSON a sample
# shows (an HttpSample's `body`, told by its `body_text`): a sample may hold any object at all.
SOURCE_KEYS = {"file", "line"}


def _is_source(value: Json) -> bool:
    return value.keys() == SOURCE_KEYS


def _inside(value: Json) -> list[tuple[str, JsonValue]]:
    """A dict's items that may hold Sources."""
    sample = "body_text" in value
    return [(key, item) for key, item in value.items() if not (sample and key == "body")]


def without_lines(value: JsonValue) -> JsonValue:
    if isinstance(value, dict):
        if _is_source(value):
            return {"file": value["file"], "line": 0}
        return {**value, **{key: without_lines(item) for key, item in _inside(value)}}
    if isinstance(value, list):
        return [without_lines(item) for item in value]
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


def sources_in(value: JsonValue, file: str) -> int:
    """How many Sources in `file` the value holds."""
    if isinstance(value, dict):
        if _is_source(value):
            return int(value["file"] == file)
        return sum(sources_in(item, file) for _, item in _inside(value))
    if isinstance(value, list):
        return sum(sources_in(item, file) for item in value)
    return 0
