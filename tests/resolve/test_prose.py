"""Local edits (generator/resolve/edits.py: of prose and query parameters): the Api patched from the one before the edit is the Api
a full resolve of the edited docs gives; whatever else changes takes a full resolve."""

from __future__ import annotations

from generator.model import Api, SourceFile
from generator.parse import parse_doc
from generator.pipeline import read_inputs
from generator.resolve import resolve
from generator.resolve.doc_edits import DocEdit, RowChange, aligned, is_local_edit, line_moves
from generator.resolve.edits import patched_api
from generator.resolve.stored import StoredApi
from tests.conftest import ROOT
from tests.resolve.builder import Doc, api_of
from tests.resolve.prose_edits import check_edits, new_first_paragraph
from tests.write.fixture_docs import UNKNOWN_TABLE, doc_text

FIXTURES = ("seeds", "tests/client/docs", "tests/server/docs")


def edit_of(path: str, before: str, after: str) -> DocEdit:
    old, new = (parse_doc(SourceFile(path=path, text=text)).doc for text in (before, after))
    assert old is not None and new is not None
    return DocEdit(old, new)


def test_prose_edits_of_every_fixture_doc_patch_the_api_a_full_resolve_gives() -> None:
    for folder in FIXTURES:
        files = read_inputs(ROOT / folder).files
        assert files, folder
        outcome = check_edits(files, files)
        assert not outcome.wrong, outcome.wrong
        assert len(outcome.patched) > len(outcome.resolved), (folder, outcome.resolved)


def test_lines_moved_by_an_edit_are_followed_in_order() -> None:
    text = doc_text("Alpha")
    edit = edit_of("a.md", text, new_first_paragraph(text))
    moves = line_moves(edit)
    assert moves is not None and len(moves) > 5
    block = text.index("```\n\n") + 4  # the edit goes in here
    edited_line = text[:block].count("\n") + 1
    assert all(new == (old if old < edited_line else old + 2) for old, new in moves.items())


def test_an_edit_of_more_than_prose_cells_and_one_row_is_not_a_local_edit() -> None:
    text = doc_text("Alpha")
    for changed in (
        text.replace("| WidgetId | int32 |", "| WidgetId | string |"),  # a cell
        text.replace("| AlphaNote | string | A note. |\n", ""),  # a row, not the first
        text.replace("| AlphaNote |", "| WidgetSize | int32 | Added. |\n| AlphaNote |"),
        text.replace("| AlphaNote |", "| AlphaRemark |"),  # a row renamed
        text.replace("| WidgetId |", "| WidgetKey |"),  # the first row renamed: its line stays
        text.replace("| WidgetId | int32 | The widget. |\n", ""),  # the table's first row
        text.replace("| WidgetId |", "| WidgetSize | int32 | Added. |\n| WidgetId |"),
    ):
        assert is_local_edit(edit_of("a.md", text, changed))
    two_rows = "| WidgetSize | int32 | Added. |\n| Colour | string | Added. |\n| AlphaNote |"
    for changed in (
        text.replace("| AlphaNote |", two_rows),  # two rows
        text.replace("POST /api/v1/Agents/Widget/Alpha", "POST /api/v1/Agents/Widget/Other"),
    ):
        assert not is_local_edit(edit_of("a.md", text, changed))


def row_change(text: str, changed: str) -> tuple[DocEdit, RowChange]:
    """The aligned edit of a.md from `text` to `changed`, and its row change (there must be one)."""
    found = aligned(edit_of("a.md", text, changed))
    assert found is not None and found[1] is not None
    return found[0], found[1]


def test_a_renamed_row_is_aligned_with_its_old_name() -> None:
    text = doc_text("Alpha")
    pair, change = row_change(text, text.replace("| AlphaNote |", "| AlphaRemark |"))
    assert (change.role, change.removed, change.added) == ("request", "AlphaNote", "AlphaRemark")
    assert change.names == {"AlphaNote", "AlphaRemark"}
    assert pair.old == edit_of("a.md", text, text).old
    # the new doc with the row's old name: its lines pair up with the old doc's, the row's too
    assert pair.new == pair.old
    moves = line_moves(pair)
    assert moves is not None and all(old == new for old, new in moves.items())
    # a rename that swaps two names, or takes a name the table has, is no one row's change
    swapped = text.replace("| AlphaNote |", "| WidgetTmp |").replace(
        "| WidgetId |", "| AlphaNote |"
    )
    assert aligned(edit_of("a.md", text, swapped)) is None
    assert aligned(edit_of("a.md", text, text.replace("| AlphaNote |", "| WidgetId |"))) is None


def test_a_row_edit_is_aligned_without_the_row_and_names_it() -> None:
    text = doc_text("Alpha")
    changed = text.replace("| AlphaNote |", "| WidgetSize | int32 | Added. |\n| AlphaNote |")
    pair, change = row_change(text, changed)
    assert (change.role, change.removed, change.added) == ("request", None, "WidgetSize")
    assert pair.old == edit_of("a.md", text, text).old
    assert [row.name for row in pair.new.request_body.properties or ()] == ["WidgetId", "AlphaNote"]
    moves = line_moves(pair)
    assert moves is not None and moves[change.table.line] == change.table.line


def test_a_row_in_front_of_the_first_gives_the_table_its_new_place() -> None:
    """The table's place is its first row's line: the added row's, where the old first row moved
    down one."""
    text = doc_text("Alpha")
    changed = text.replace("| WidgetId |", "| WidgetSize | int32 | Added. |\n| WidgetId |")
    pair, change = row_change(text, changed)
    assert (change.removed, change.added) == (None, "WidgetSize")
    added = edit_of("a.md", text, changed).new.request_body
    assert added is not None and added.properties is not None
    assert change.table == added.properties[0].source
    moves = line_moves(pair)
    assert moves is not None and moves[change.table.line] == change.table.line + 1


def test_a_row_in_front_of_the_first_or_the_first_removed_is_patched() -> None:
    """On a type of one table (the fixture docs'), each edit of the first row is patched, to the
    Api a full resolve gives."""
    text = doc_text("Beta")
    docs = {name: doc_text(name) for name in ("Alpha", "Beta", "Gamma")}
    for changed in (
        text.replace("| WidgetId |", "| WidgetSize | int32 | Added. |\n| WidgetId |"),
        text.replace("| WidgetId | int32 | The widget. |\n", ""),
    ):
        parsed = {
            f"{n}.md": parse_doc(SourceFile(path=f"{n}.md", text=t)).doc for n, t in docs.items()
        }
        stored = StoredApi.of(resolve([doc for doc in parsed.values() if doc is not None]), None)
        edit = edit_of("Beta.md", text, changed)
        found = patched_api(stored, [edit], parsed.get)
        assert found is not None and found.types == {"BetaRequest"}
        whole = resolve(
            [doc for p, doc in parsed.items() if doc is not None and p != "Beta.md"] + [edit.new]
        )
        assert found.stored.api() == whole


FIVE = [
    ("Id", "int32"),
    ("Name", "string"),
    ("Rank", "int32"),
    ("Note", "string"),
    ("Code", "string"),
]


def patched_and_whole(docs: list[Doc], edited: Doc) -> tuple[Api | None, Api]:
    """The Api patched for replacing the doc of the edited one's operation, and a full resolve."""
    texts = {f"{doc.uid}.md": doc.text() for doc in docs}
    parsed = {path: parse_doc(SourceFile(path=path, text=text)).doc for path, text in texts.items()}
    path = f"{edited.uid}.md"
    edit = edit_of(path, texts[path], edited.text())
    stored = StoredApi.of(resolve([doc for doc in parsed.values() if doc is not None]), None)
    found = patched_api(stored, [edit], parsed.get)
    whole = resolve(
        [doc for p, doc in parsed.items() if doc is not None and p != path] + [edit.new]
    )
    return (found.stored.api() if found is not None else None), whole


def test_a_row_added_that_would_take_the_type_from_an_unnamed_table_takes_a_full_resolve() -> None:
    """An unnamed table of three of a type's five properties is a view of it; with six, it is not
    (registry.VIEW_COVERAGE): the registry's lookup of the table finds another type."""
    named = Doc("v1X_GetThing", response_name="Thing", response_rows=FIVE)
    unnamed = Doc("v1X_GetPart", path="/api/v1/Part", response_rows=FIVE[:3])
    more = Doc("v1X_GetThing", response_name="Thing", response_rows=[*FIVE, ("Size", "int32")])
    patched, whole = patched_and_whole([named, unnamed], more)
    assert patched is None
    assert api_of(named, unnamed).endpoints()[0].responses[0].type.ref == "Thing"
    assert whole.endpoints()[0].responses[0].type.ref != "Thing"


def test_a_row_added_to_an_unnamed_view_of_a_type_of_its_property_is_patched() -> None:
    """The unnamed table's lookup by its properties still finds the type."""
    named = Doc("v1X_GetThing", response_name="Thing", response_rows=FIVE)
    unnamed = Doc("v1X_GetPart", path="/api/v1/Part", response_rows=FIVE[:3])
    more = Doc("v1X_GetPart", path="/api/v1/Part", response_rows=[*FIVE[:3], FIVE[4]])
    patched, whole = patched_and_whole([named, unnamed], more)
    assert patched is not None and patched == whole


def test_a_row_added_to_a_type_another_has_the_properties_of_is_patched() -> None:
    """Two types of the same properties: the registry looks up one of them by those; with a row
    more, each by its own."""
    first = Doc("v1X_GetThing", response_name="Thing", response_rows=FIVE)
    second = Doc("v1X_GetOther", path="/api/v1/Other", response_name="Other", response_rows=FIVE)
    more = Doc("v1X_GetThing", response_name="Thing", response_rows=[*FIVE, ("Size", "int32")])
    patched, whole = patched_and_whole([first, second], more)
    assert patched is not None and patched == whole


def test_a_row_removed_that_a_property_typed_as_the_type_shows_alone_takes_a_full_resolve() -> None:
    """A property typed as the type whose sample object shares no property with it left is typed by
    the sample (registry._unless_contradicted)."""
    holder = Doc(
        "v1X_GetHolder",
        path="/api/v1/Holder",
        response_name="Holder",
        response_rows=[("Id", "int32"), ("Thing", "Thing")],
        sample_response={"Id": 1, "Thing": {"Code": "x"}},
    )
    named = Doc("v1X_GetThing", response_name="Thing", response_rows=FIVE)
    fewer = Doc("v1X_GetThing", response_name="Thing", response_rows=FIVE[:4])
    patched, whole = patched_and_whole([holder, named], fewer)
    assert patched is None
    assert whole.types["Holder"].properties[1].type.ref != "Thing"
    kept = Doc("v1X_GetThing", response_name="Thing", response_rows=[*FIVE[:3], FIVE[4]])
    patched, whole = patched_and_whole([holder, named], kept)
    assert patched is not None and patched == whole


def test_a_summary_that_names_an_unnamed_table_takes_a_full_resolve() -> None:
    """The type a summary names is the name of the doc's unnamed response table only where the
    registry warns X209 on the doc: its summary is then prose no longer."""
    rows = [("Id", "int32"), ("Colour", "string")]
    doc = Doc("v1X_GetThing", response_rows=rows, summary="Gets a Gadget object.")
    text = doc.text()
    old = parse_doc(SourceFile(path="a.md", text=text)).doc
    assert old is not None
    api = resolve([old])
    assert "Gadget" in api.types
    assert any(d.code == "X209" and d.source.file == "a.md" for d in api.diagnostics)
    edited = text.replace("Gets a Gadget object.", "Gets a thing.")
    edit = edit_of("a.md", text, edited)
    assert is_local_edit(edit) and patched_api(StoredApi.of(api, None), [edit]) is None


def test_a_doc_with_a_diagnostic_of_its_own_takes_a_full_resolve() -> None:
    """A message may quote the doc's lines, which the patch would not move."""
    text = doc_text("Alpha", extra=UNKNOWN_TABLE).replace(
        "| Content-Type |", "| X-Unknown | Some header. |\n| Content-Type |"
    )
    old = parse_doc(SourceFile(path="a.md", text=text)).doc
    assert old is not None
    api = resolve([old])
    assert any(d.source.file == "a.md" for d in api.diagnostics)
    edit = edit_of("a.md", text, new_first_paragraph(text))
    assert is_local_edit(edit)
    assert patched_api(StoredApi.of(api, None), [edit]) is None


def test_a_file_named_outside_a_source_takes_a_full_resolve() -> None:
    """Another doc's message names the edited one (X206: the same operation id)."""
    first, second = doc_text("Alpha"), doc_text("Alpha", note="Another note.")
    docs = [
        parse_doc(SourceFile(path=p, text=t)).doc for p, t in (("a.md", first), ("b.md", second))
    ]
    api = resolve([doc for doc in docs if doc is not None])
    assert any("a.md" in d.message for d in api.diagnostics)
    edit = edit_of("a.md", first, new_first_paragraph(first))
    assert patched_api(StoredApi.of(api, None), [edit]) is None
