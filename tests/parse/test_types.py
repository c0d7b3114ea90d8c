"""Type cells of path, query and property tables (FORMAT.md §9)."""

from __future__ import annotations

import pytest

from generator.model import Origin, Source, TypeRef
from generator.parse.types import is_capitalised_vocabulary, read_type_cell
from tests.parse.docs import codes, doc, line_of, parse

HERE = Source(file="doc.md", line=7)


@pytest.mark.parametrize(
    ("cell", "kind", "fmt"),
    [
        ("string", "string", None),
        ("String", "string", None),
        ("int32", "integer", "int32"),
        ("int64", "integer", "int64"),
        ("Integer", "integer", None),
        ("bool", "boolean", None),
        ("Boolean", "boolean", None),
        ("double", "number", "double"),
        ("Number", "number", None),
        ("date-time", "string", "date-time"),
        ("byte", "string", "byte"),
        ("object", "object", None),
        ("Object", "object", None),
        ("array", "array", None),
        ("Array", "array", None),
        (" `int32` ", "integer", "int32"),
    ],
)
def test_primitive_cells(cell: str, kind: str, fmt: str | None) -> None:
    read = read_type_cell(cell, HERE)
    assert read is not None
    assert (read.kind, read.format, read.ref, read.enum) == (kind, fmt, None, ())
    assert read.origin == Origin(how="table", sources=(HERE,))


def test_capitalised_vocabulary_words() -> None:
    assert [
        is_capitalised_vocabulary(cell)
        for cell in ("String", "Integer", "Number", "string", "int32", "Associate")
    ] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_enum_cell() -> None:
    read = read_type_cell("Enum: Slim, Wide, Full", HERE)
    assert read is not None and read.without_origin() == TypeRef(
        kind="string", enum=("Slim", "Wide", "Full")
    )


def test_empty_cell_is_an_unnamed_complex_type() -> None:
    read = read_type_cell("  ", HERE)
    assert read is not None and read.without_origin() == TypeRef(kind="any")


@pytest.mark.parametrize("cell", ["Associate", "GadgetEntity", "TableRight", "Acme.Parts.Gadget"])
def test_type_names(cell: str) -> None:
    read = read_type_cell(cell, HERE)
    assert read is not None and read.without_origin() == TypeRef(kind="ref", ref=cell)


@pytest.mark.parametrize("cell", ["List<string>", "int32[]", "two words"])
def test_unreadable_cells(cell: str) -> None:
    assert read_type_cell(cell, HERE) is None


def test_an_unreadable_cell_in_a_doc_is_a_string_with_a_warning_at_its_row() -> None:
    text = doc(
        "| Path Part | Type | Description |\n|---|---|---|\n| gadgetId | int32 | Which. **Required** |\n\n"
        "## Response:\n\n| Response | Description |\n|---|---|\n| 200 | OK |\n\n### Response body: Gadget\n\n"
        "| Property Name | Type |  Description |\n|---|---|---|\n| Odd | List<string> | Strange |\n| Fine | int32 | Fine |"
    )
    result = parse(text)
    assert codes(result) == [("P105", line_of(text, "| Odd"))]
    assert (
        result.doc is not None
        and result.doc.response is not None
        and result.doc.response.properties is not None
    )
    odd, fine = result.doc.response.properties
    assert (odd.type.kind, odd.type_cell, fine.type.kind) == ("string", "List<string>", "integer")


def test_rows_with_too_few_or_too_many_cells_are_warned_at_their_lines() -> None:
    text = doc(
        "| Path Part | Type | Description |\n|---|---|---|\n| gadgetId | int32 | Which. **Required** |\n\n"
        "## Request Body: entity\n\n| Property Name | Type |  Description |\n|---|---|---|\n"
        '| Short | string |\n| Long | String | "/users/0/email" | "/users/-" |\n'
        "| Escaped | String | a \\| b |\n| Bare | int32 | no outer pipes"
    )
    result = parse(text)
    assert codes(result) == [("P110", line_of(text, "| Short")), ("P110", line_of(text, "| Long"))]
    assert result.diagnostics[1].message == "4 cells where the header has 3"
    body = result.doc.request_body if result.doc else None
    assert body is not None and body.properties is not None
    # GFM pads a short row and drops the cells beyond the header's width
    assert [(p.name, p.description) for p in body.properties] == [
        ("Short", ""),
        ("Long", '"/users/0/email"'),
        ("Escaped", "a | b"),
        ("Bare", "no outer pipes"),
    ]
