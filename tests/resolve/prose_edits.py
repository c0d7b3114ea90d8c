"""Local edits of a doc (its prose, its query parameters), and the check that the Api patched for
them equals a full resolve."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from generator.model import Api, ParsedDoc, ParseResult, SourceFile
from generator.parse import parse_doc
from generator.report.changes import api_changes, changes_between
from generator.report.snapshot import Baseline, Recorded, patched_record, snapshot_of, to_json
from generator.resolve import resolve
from generator.resolve.doc_edits import DocEdit, is_local_edit
from generator.resolve.edits import patched_api
from generator.resolve.stored import StoredApi


def new_first_paragraph(text: str) -> str:
    """A paragraph under the endpoint block: the summary changes, the old one joins the description,
    and every line below moves down two."""
    return text.replace("```\n\n", "```\n\nEdited: a new first paragraph.\n\n", 1)


def longer_description(text: str) -> str:
    """One more paragraph at the end of the description (before the first section)."""
    return re.sub(r"\n(## )", r"\nA paragraph more,\nover two lines.\n\n\1", text, count=1)


def parameter_description(text: str) -> str:
    """The first row of a parameter or header table says something more."""
    section = re.search(r"\n## (Query String Parameters|Path Part|Request Headers)[^\n]*\n", text)
    separator = re.compile(r"\n\|[-| :]+\|\n").search(text, section.end()) if section else None
    if separator is None or not text.startswith("|", separator.end()):
        return text
    end = text.index("\n", separator.end())
    cells, last = text[separator.end() : end].rstrip().rstrip("|").rsplit("|", 1)
    return f"{text[: separator.end()]}{cells}| Edited.{last}|{text[end:]}"


QUERY_SECTION = re.compile(r"\n## Query String Parameters[^\n]*\n")
ROW = re.compile(r"\n(\| *([^|\n]+?) *\| *([^|\n]+?) *\|([^\n]*)\|)(?=\n)")


def _query_rows(text: str) -> list[re.Match[str]]:
    """The rows of the doc's query parameter table (name, type, description), if it has one."""
    section = QUERY_SECTION.search(text)
    separator = re.compile(r"\n\|[-| :]+\|\n").search(text, section.end()) if section else None
    if separator is None:
        return []
    rows, at = [], separator.end() - 1
    while (row := ROW.match(text, at)) is not None:
        rows.append(row)
        at = row.end()
    return rows


def query_parameter_type(text: str) -> str:
    """The first query parameter typed otherwise (a string one as an integer, any other as a string)."""
    rows = _query_rows(text)
    if not rows:
        return text
    first = rows[0]
    retyped = "int32" if first.group(3) == "string" else "string"
    return f"{text[: first.start(3)]}{retyped}{text[first.end(3) :]}"


def query_parameter_required(text: str) -> str:
    """The last query parameter marked required (or no longer required)."""
    rows = _query_rows(text)
    if not rows:
        return text
    last = rows[-1]
    description = last.group(4)
    marked = (
        description.replace("**Required** ", "", 1)
        if "**Required**" in description
        else " **Required**" + description
    )
    return f"{text[: last.start(4)]}{marked}{text[last.end(4) :]}"


def query_parameter_added(text: str) -> str:
    """A query parameter more, under the others: every line below moves down one."""
    rows = _query_rows(text)
    if not rows:
        return text
    end = rows[-1].end()
    return f"{text[:end]}\n| $addedFilter | int32 | Added by an edit. |{text[end:]}"


def query_parameter_removed(text: str) -> str:
    """The first query parameter gone: every line below moves up one."""
    rows = _query_rows(text)
    if not rows:
        return text
    first = rows[0]
    return f"{text[: first.start()]}{text[first.end() :]}"


PROPERTY_TABLE = re.compile(r"\n\| *Property Name *\|[^\n]*\n\|[-| :]+\|")


def _property_rows(text: str) -> list[re.Match[str]]:
    """The rows of the doc's property tables (request body, response), in order."""
    rows = []
    for table in PROPERTY_TABLE.finditer(text):
        at = table.end()
        while (row := ROW.match(text, at)) is not None:
            rows.append(row)
            at = row.end()
    return rows


SCALARS = {"int32": "string", "string": "int32", "bool": "double", "double": "int64"}


def _retyped_row(text: str, row: re.Match[str] | None) -> str:
    if row is None or row.group(3) not in SCALARS:
        return text
    return f"{text[: row.start(3)]}{SCALARS[row.group(3)]}{text[row.end(3) :]}"


def property_type(text: str) -> str:
    """The first scalar property of a property table typed as another scalar."""
    rows = [row for row in _property_rows(text) if row.group(3) in SCALARS]
    return _retyped_row(text, rows[0] if rows else None)


def last_property_type(text: str) -> str:
    """The last scalar property of the last property table typed as another scalar."""
    rows = [row for row in _property_rows(text) if row.group(3) in SCALARS]
    return _retyped_row(text, rows[-1] if rows else None)


def property_description(text: str) -> str:
    """The first property of a property table described otherwise."""
    rows = _property_rows(text)
    if not rows:
        return text
    first = rows[0]
    return f"{text[: first.start(4)]} Edited: said otherwise. |{text[first.end(4) :]}"


def property_type_and_prose(text: str) -> str:
    """A new first paragraph (every line moves) and the first scalar property retyped."""
    return new_first_paragraph(property_type(text))


def property_added(text: str) -> str:
    """A property more in the first property table, under its first row: every line below moves
    down one."""
    rows = _property_rows(text)
    if not rows:
        return text
    end = rows[0].end()
    return f"{text[:end]}\n| AddedByAnEdit | int32 | Added by an edit. |{text[end:]}"


def property_removed(text: str) -> str:
    """The second row of the first property table gone: every line below moves up one."""
    rows = _property_rows(text)
    if len(rows) < 2 or rows[1].start() != rows[0].end():
        return text
    return f"{text[: rows[1].start()]}{text[rows[1].end() :]}"


def property_added_first(text: str) -> str:
    """A property more in the first property table, in front of its first row: the table's place
    (its first row's line) is the new row's, and every line below moves down one."""
    rows = _property_rows(text)
    if not rows:
        return text
    start = rows[0].start()
    return f"{text[:start]}\n| AddedByAnEdit | int32 | Added by an edit. |{text[start:]}"


def first_property_removed(text: str) -> str:
    """The first row of the first property table gone (the table keeps a row): its place is the
    second row's now."""
    rows = _property_rows(text)
    if len(rows) < 2 or rows[1].start() != rows[0].end():
        return text
    return f"{text[: rows[0].start()]}{text[rows[0].end() :]}"


def last_property_removed(text: str) -> str:
    """The last row of the last property table gone (the table keeps a row)."""
    rows = _property_rows(text)
    if len(rows) < 2 or rows[-1].start() != rows[-2].end():
        return text
    return f"{text[: rows[-1].start()]}{text[rows[-1].end() :]}"


SAMPLE_VALUE = re.compile(r'\n( +"[^"\n]+": )(-?\d+|"[^"\n]*")(,?)\n')


def sample_value(text: str) -> str:
    """The first number or string of the sample response's JSON said otherwise."""
    start = text.find("\n## Sample response")
    found = SAMPLE_VALUE.search(text, start) if start >= 0 else None
    if found is None:
        return text
    value = found.group(2)
    edited = '"Edited"' if value.startswith('"') else str(int(value) + 1)
    return f"{text[: found.start(2)]}{edited}{text[found.end(2) :]}"


def property_added_with_samples(text: str) -> str:
    """A property more in the first property table (`property_added`), and in the first object of
    each sample's JSON, as a doc that documents a new property would show it."""
    added = property_added(text)
    if added == text:
        return text
    for heading in ("\n## Sample request", "\n## Sample response"):
        start = added.find(heading)
        end = added.find("\n## ", start + 1) if start >= 0 else -1
        brace = added.find("{\n", start, end if end >= 0 else len(added)) if start >= 0 else -1
        if brace >= 0:
            added = f'{added[: brace + 2]}  "AddedByAnEdit": 7,\n{added[brace + 2 :]}'
    return added


def _renamed_row(text: str, row: re.Match[str] | None) -> str:
    if row is None:
        return text
    return f"{text[: row.start(2)]}{row.group(2)}Renamed{text[row.end(2) :]}"


def property_renamed(text: str) -> str:
    """The second row of the first property table renamed (`NameRenamed`)."""
    rows = _property_rows(text)
    return _renamed_row(
        text, rows[1] if len(rows) > 1 and rows[1].start() == rows[0].end() else None
    )


def first_property_renamed(text: str) -> str:
    """The first row of the first property table renamed: the table's place stays."""
    rows = _property_rows(text)
    return _renamed_row(text, rows[0] if rows else None)


def last_property_renamed(text: str) -> str:
    """The last row of the last property table renamed (the table's first row stays)."""
    rows = _property_rows(text)
    return _renamed_row(
        text, rows[-1] if len(rows) > 1 and rows[-1].start() == rows[-2].end() else None
    )


def property_renamed_with_samples(text: str) -> str:
    """A property renamed (`property_renamed`), and its key in the samples' JSON too, as a doc
    that documents the new name would show it."""
    rows = _property_rows(text)
    renamed = property_renamed(text)
    if renamed == text:
        return text
    name = rows[1].group(2)
    start = renamed.find("\n## Sample request")
    start = start if start >= 0 else len(renamed)
    head, samples = renamed[:start], renamed[start:]
    return head + samples.replace(f'"{name}":', f'"{name}Renamed":')


# A row renamed: the local path makes its type again whole, as for a row added or removed, where the
# registry would name every table as before (refused more often than a cell's edit).
# Edits of a table's first row, which give the table's place to another row: refused more often
# than the other edits of rows (the guards of remade_types.remade_type).
FIRST_ROWS: dict[str, Callable[[str], str]] = {
    "a property added in front of the first": property_added_first,
    "the first property removed": first_property_removed,
}
RENAMES: dict[str, Callable[[str], str]] = {
    "a property renamed": property_renamed,
    "the last property renamed": last_property_renamed,
    "the first property renamed": first_property_renamed,
    "a property renamed, with its samples": property_renamed_with_samples,
}
EDITS: dict[str, Callable[[str], str]] = {
    "a new first paragraph": new_first_paragraph,
    "a longer description": longer_description,
    "a parameter's description": parameter_description,
    "a query parameter's type": query_parameter_type,
    "a query parameter required": query_parameter_required,
    "a query parameter added": query_parameter_added,
    "a query parameter removed": query_parameter_removed,
    "a property's type": property_type,
    "the last property's type": last_property_type,
    "a property's description": property_description,
    "a property's type and the prose": property_type_and_prose,
    "a property added": property_added,
    "a property removed": property_removed,
    "the last property removed": last_property_removed,
    "a sample value": sample_value,
    "a property added, with its samples": property_added_with_samples,
    **RENAMES,
    **FIRST_ROWS,
}


@dataclass
class Outcome:
    patched: list[str] = field(default_factory=list)  # edits the Api was patched for (and right)
    resolved: list[str] = field(default_factory=list)  # edits that take a full resolve
    wrong: list[str] = field(default_factory=list)  # patched, but not what a full resolve gives
    retyped: list[str] = field(default_factory=list)  # patched edits that changed a named type


def edited_docs(
    chosen: list[SourceFile], edits: dict[str, Callable[[str], str]]
) -> Iterator[tuple[str, SourceFile]]:
    """Each edit of each chosen doc that changes it: a label (the doc and the edit), the new doc."""
    for file in chosen:
        for name, edit in edits.items():
            text = edit(file.text)
            if text != file.text:
                yield f"{file.path}: {name}", SourceFile(path=file.path, text=text)


def parsed_edits(
    parsed: dict[str, ParseResult],
    chosen: list[SourceFile],
    edits: dict[str, Callable[[str], str]],
) -> Iterator[tuple[str, ParseResult, DocEdit]]:
    """Each edit of each chosen doc (`edited_docs`) where both versions parse: its label, the new
    parse result and the edit."""
    for label, file in edited_docs(chosen, edits):
        new = parse_doc(file)
        old = parsed[file.path]
        if old.doc is not None and new.doc is not None:
            yield label, new, DocEdit(old.doc, new.doc)


def lookup(parsed: dict[str, ParseResult]) -> Callable[[str], ParsedDoc | None]:
    """The unedited docs by file, for patched_api."""
    return lambda path: parsed[path].doc if path in parsed else None


def check_edits(files: list[SourceFile], chosen: list[SourceFile]) -> Outcome:
    """Each edit of each chosen doc, patched into the Api of all files, against a full resolve.

    The patched stored Api must hold, byte for byte, the parts a full resolve's would: it then
    reads as that Api does, whole or in any scope (a stored Api reads as the Api it was made of:
    checked here once, for the Api before the edits)."""
    parsed = {file.path: parse_doc(file) for file in files}
    before = resolve(_docs(parsed))
    stored = StoredApi.of(before, None)
    assert stored.api() == before
    types_before = _unplaced_types(before)
    recorded = to_json(snapshot_of(before, *RECORD_HEAD)).encode()
    outcome = Outcome()
    for label, new, prose in parsed_edits(parsed, chosen, EDITS):
        found = patched_api(stored, [prose], lookup(parsed)) if is_local_edit(prose) else None
        if found is None:
            outcome.resolved.append(label)
            continue
        expected = resolve(_docs({**parsed, prose.file: new}))
        right = (
            same_parts(found.stored, StoredApi.of(expected, None))
            and found.types == changed_types(types_before, expected)
            and record_is_patched(recorded, expected, prose.file, found.types)
        )
        (outcome.patched if right else outcome.wrong).append(label)
        if right and found.types:
            outcome.retyped.append(label)
    return outcome


def same_parts(patched: StoredApi, whole: StoredApi) -> bool:
    """The patched stored Api holds, byte for byte, what one made whole does."""
    return (patched.head, patched.types, list(patched.groups)) == (
        whole.head,
        whole.types,
        list(whole.groups),
    )


def changed_types(before: Api | dict[str, object], after: Api) -> frozenset[str]:
    """The named types that changed but in their lines (which no output shows); `before`: the Api
    before, or its `_unplaced_types`."""
    old = _unplaced_types(before) if isinstance(before, Api) else before
    return frozenset(
        name for name, named in _unplaced_types(after).items() if old.get(name) != named
    )


def _unplaced_types(api: Api) -> dict[str, object]:
    return {name: _unplaced(named.model_dump(mode="json")) for name, named in api.types.items()}


def _unplaced(value: object) -> object:
    """The value with every Source's line left out."""
    if isinstance(value, dict):
        if value.keys() == {"file", "line"}:
            return value["file"]
        return {key: _unplaced(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unplaced(item) for item in value]
    return value


RECORD_HEAD = ("1.0", "templates", {"setting": True})


def record_is_patched(recorded: bytes, after: Api, file: str, types: frozenset[str]) -> bool:
    """The API record (report/snapshot.py) patched for the edit (from `recorded`, the one before
    it) equals the one made whole, and gives the same changes."""
    whole = snapshot_of(after, *RECORD_HEAD)
    patched = patched_record(recorded, after, {file}, *RECORD_HEAD, types=types)
    return (
        patched is not None
        and patched.data == to_json(whole).encode()
        and changes_between(patched.before, patched.after)
        == api_changes(Recorded(Baseline.RECORDED, recorded), whole)
    )


def _docs(parsed: dict[str, ParseResult]) -> list[ParsedDoc]:
    return [result.doc for result in parsed.values() if result.doc is not None]
