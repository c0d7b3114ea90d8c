"""Markdown blocks with original line numbers, and multi-line table rows joined before parsing (FORMAT.md §14)."""

from __future__ import annotations

from generator.parse.markdown import (
    Fence,
    Heading,
    Other,
    Paragraph,
    Table,
    count_cells,
    join_multiline_rows,
    read_markdown,
)
from tests.parse.docs import codes, doc, line_of, parse

# ---- join_multiline_rows: (lines, original line of each, original lines of joined rows), 0-based ----------


def test_complete_rows_are_left_alone() -> None:
    text = "| a | b |\n|---|---|\n| 1 | 2 |"
    assert join_multiline_rows(text) == (text.split("\n"), [0, 1, 2], [])


def test_a_row_continued_on_one_line() -> None:
    text = "| a | b |\n|---|---|\n| 1 | two\nlines |\n| 3 | 4 |"
    assert join_multiline_rows(text) == (
        ["| a | b |", "|---|---|", "| 1 | two lines |", "| 3 | 4 |"],
        [0, 1, 2, 4],
        [2],
    )


def test_a_row_continued_on_several_lines() -> None:
    text = "| a | b |\n|---|---|\n| 1 | <para>one\n  two\nthree</para> |\n| 3 | 4 |"
    lines, origin, joined = join_multiline_rows(text)
    assert lines == ["| a | b |", "|---|---|", "| 1 | <para>one two three</para> |", "| 3 | 4 |"]
    assert (origin, joined) == ([0, 1, 2, 5], [2])


def test_an_open_row_ended_by_a_blank_line_is_not_joined() -> None:
    text = "| a | b |\n|---|---|\n| 1 | 2\n\nProse."
    assert join_multiline_rows(text) == (text.split("\n"), [0, 1, 2, 3, 4], [])


def test_a_line_starting_with_a_pipe_after_prose_is_not_a_row() -> None:
    text = "Some prose.\n| not a row\ncontinued prose"
    assert join_multiline_rows(text) == (text.split("\n"), [0, 1, 2], [])


def test_lines_inside_a_fence_are_never_joined() -> None:
    text = "```text\n| a | b |\n| 1 | open\nnext\n```"
    assert join_multiline_rows(text) == (text.split("\n"), [0, 1, 2, 3, 4], [])


# ---- read_markdown: blocks and their original lines ------------------------------------------------------


def test_blocks_after_a_joined_row_keep_their_original_lines() -> None:
    text = "---\nuid: x\n---\n\n# T\n\n| a | b |\n|---|---|\n| 1 | two\nlines |\n| 3 | 4 |\n\n## After\n\nText."
    document = read_markdown(text)
    assert (document.front_matter, document.front_matter_line, document.joined_rows) == (
        "uid: x",
        1,
        (9,),
    )
    kinds = [(type(block).__name__, block.line) for block in document.blocks]
    assert kinds == [("Heading", 5), ("Table", 7), ("Heading", 13), ("Paragraph", 15)]
    table = document.blocks[1]
    assert isinstance(table, Table)
    assert table.header == ("a", "b")
    assert [(row.cells, row.line) for row in table.rows] == [
        (("1", "two lines"), 9),
        (("3", "4"), 11),
    ]


def test_block_kinds() -> None:
    text = "# Title\n\nA paragraph\nover two lines.\n\n```js\nvar x;\n```\n\n- item\n- item\n\n<para />\n\n### Small"
    blocks = read_markdown(text).blocks
    assert blocks[0] == Heading(1, "# Title", 1, "Title")
    assert blocks[1] == Paragraph(3, "A paragraph\nover two lines.", "A paragraph\nover two lines.")
    assert blocks[2] == Fence(6, "```js\nvar x;\n```", "js", "var x;\n")
    assert blocks[3] == Other(
        10, "- item\n- item\n"
    )  # a list's map takes in the blank line after it
    assert blocks[4] == Other(13, "<para />")
    assert blocks[5] == Heading(15, "### Small", 3, "Small")


# ---- whole docs: P104 at the row's first line, later rows keep theirs ------------------------------------

BODY = """\
| Path Part | Type | Description |
|---|---|---|
| gadgetId | int32 | Which. **Required** |

## Response:

OK

| Response | Description |
|---|---|
| 200 | OK |

### Response body: GadgetEntity

| Property Name | Type |  Description |
|----------------|------|--------------|
| Owner | Associate | The gadget owner  <para>Use MDO List name "associate"
to get list items.</para> |
| Colour | string | Its colour |
| Parts | Array | The parts:
<para>first the small ones,</para>
<para>then the big ones.</para> |
| Size | int32 | Its size |
"""


def test_multi_line_cells_in_a_doc() -> None:
    text = doc(BODY)
    result = parse(text)
    assert codes(result) == [("P104", line_of(text, "| Owner")), ("P104", line_of(text, "| Parts"))]
    assert (
        result.doc is not None
        and result.doc.response is not None
        and result.doc.response.properties is not None
    )
    rows = [
        (p.name, p.type_cell, p.description, p.source.line) for p in result.doc.response.properties
    ]
    assert rows == [
        (
            "Owner",
            "Associate",
            'The gadget owner\n\nUse MDO List name "associate" to get list items.',
            line_of(text, "| Owner"),
        ),
        ("Colour", "string", "Its colour", line_of(text, "| Colour")),
        (
            "Parts",
            "Array",
            "The parts:\n\nfirst the small ones,\n\nthen the big ones.",
            line_of(text, "| Parts"),
        ),
        ("Size", "int32", "Its size", line_of(text, "| Size")),
    ]
    assert str(result.diagnostics[0]).startswith(f"doc.md:{line_of(text, '| Owner')}: warning P104")


def test_a_fence_closes_only_with_its_own_marker() -> None:
    text = (
        "````text\n```\n| a | b |\n| 1 | open\nnext\n````\n| a | b |\n|---|---|\n| 1 | two\nlines |"
    )
    lines, _, joined = join_multiline_rows(text)
    assert lines[:6] == text.split("\n")[:6]
    assert (lines[6:], joined) == (["| a | b |", "|---|---|", "| 1 | two lines |"], [8])


def test_fences_in_a_doc_description_keep_their_lines() -> None:
    text = doc(
        "Gets a gadget.\n\n```text\n| a | b |\n| 1 | open\nnext\n```\n\n| Path Part | Type | Description |\n|---|---|---|\n| gadgetId | int32 | Which. **Required** |"
    )
    result = parse(text)
    assert result.diagnostics == ()
    assert result.doc is not None
    assert result.doc.description == "```text\n| a | b |\n| 1 | open\nnext\n```"
    assert result.doc.path_params[0].source.line == line_of(text, "| gadgetId")


def test_a_line_that_is_not_a_row_ends_the_table() -> None:
    text = "| a | b |\n|---|---|\n| 1 | 2 |\nResponse body: Gadget\n| c | d |\n|---|---|\n| 3 | 4 |"
    lines, origin, joined = join_multiline_rows(text)
    assert lines == [
        "| a | b |",
        "|---|---|",
        "| 1 | 2 |",
        "",
        "Response body: Gadget",
        "| c | d |",
        "|---|---|",
        "| 3 | 4 |",
    ]
    assert (origin, joined) == ([0, 1, 2, 2, 3, 4, 5, 6], [])


def test_response_parts_without_blank_lines_between_them() -> None:
    text = doc(
        "| Path Part | Type | Description |\n|---|---|---|\n| gadgetId | int32 | Which. **Required** |\n\n"
        "## Request Body: entity\nThe gadget.\n| Property Name | Type | Description |\n|---|---|---|\n| A | string | x |\n\n"
        "## Response:\nOK\n| Response | Description |\n|---|---|\n| 200 | OK |\nResponse body: Gadget\n"
        "| Property Name | Type | Description |\n|---|---|---|\n| B | string | y |\n"
    )
    result = parse(text)
    assert codes(result) == []
    assert (
        result.doc is not None
        and result.doc.request_body is not None
        and result.doc.response is not None
    )
    assert result.doc.request_body.text == "The gadget."
    assert [(p.name, p.source.line) for p in result.doc.request_body.properties or ()] == [
        ("A", line_of(text, "| A |"))
    ]
    response = result.doc.response
    assert [(s.status, s.source.line) for s in response.statuses] == [
        ("200", line_of(text, "| 200 |"))
    ]
    assert (response.body_name, response.body_source and response.body_source.line) == (
        "Gadget",
        line_of(text, "Response body:"),
    )
    assert [(p.name, p.source.line) for p in response.properties or ()] == [
        ("B", line_of(text, "| B |"))
    ]


def test_count_cells_as_written() -> None:
    assert [
        count_cells(row)
        for row in ("| a | b |", "| a | b", "a | b", "| a \\| b |", "| a | b |  ", "|a|b|c|")
    ] == [
        2,
        2,
        2,
        1,
        2,
        3,
    ]


def test_a_heading_or_fence_after_an_open_last_row_ends_the_table() -> None:
    text = "| a | b |\n|---|---|\n| 1 | open\n## Next\n| 2 | open\n```js\nx\n```"
    assert join_multiline_rows(text) == (text.split("\n"), list(range(8)), [])


def test_open_last_row_of_the_headers_table_before_the_request_body() -> None:
    text = doc(
        "| Path Part | Type | Description |\n|---|---|---|\n| gadgetId | int32 | Which. **Required** |\n\n"
        "## Request Headers\n\n| Parameter Name | Description |\n|---|---|\n"
        "| Accept         | Content-type(s) you would like the response in: \n"
        "## Request Body: entity  \n\nThe gadget.\n"
    )
    result = parse(text)
    assert codes(result) == []
    assert result.doc is not None and result.doc.request_body is not None
    assert [(h.name, h.media_types, h.source.line) for h in result.doc.headers] == [
        ("Accept", (), line_of(text, "| Accept"))
    ]
    body = result.doc.request_body
    assert (body.name, body.text, body.source.line) == (
        "entity",
        "The gadget.",
        line_of(text, "## Request Body"),
    )
