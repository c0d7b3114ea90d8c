"""Local edits (generator/resolve/edits.py: of prose and query parameters): the Api patched from the one before the edit is the Api
a full resolve of the edited docs gives; whatever else changes takes a full resolve."""

from __future__ import annotations

from generator.model import SourceFile
from generator.parse import parse_doc
from generator.pipeline import read_inputs
from generator.resolve import resolve
from generator.resolve.edits import DocEdit, is_local_edit, line_moves, patched_api
from generator.resolve.stored import StoredApi
from tests.conftest import ROOT
from tests.resolve.builder import Doc
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


def test_an_edit_of_more_than_prose_and_cells_is_not_a_local_edit() -> None:
    text = doc_text("Alpha")
    assert is_local_edit(
        edit_of("a.md", text, text.replace("| WidgetId | int32 |", "| WidgetId | string |"))
    )
    for changed in (
        text.replace("| AlphaNote | string | A note. |", ""),  # a property
        text.replace("| WidgetId |", "| WidgetKey |"),  # a property's name
        text.replace("POST /api/v1/Agents/Widget/Alpha", "POST /api/v1/Agents/Widget/Other"),
    ):
        assert not is_local_edit(edit_of("a.md", text, changed))


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
