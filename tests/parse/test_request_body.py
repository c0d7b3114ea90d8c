"""`## Request Body: NAME [KIND]`: up to one line, then up to one table (FORMAT.md §7)."""

from __future__ import annotations

from generator.model import ParsedRequestBody
from tests.parse.docs import codes, line_of, parse

HEAD = """\
---
title: POST Agents/Gadget/Spin
uid: v1GadgetAgent_Spin
---

# POST Agents/Gadget/Spin

```http
POST /api/v1/Agents/Gadget/Spin
```

Spins a gadget.

"""
TABLE = """\
| Property Name | Type |  Description |
|----------------|------|--------------|
| GadgetId | int32 |  |
| Speed | Number | How fast |
"""
RESPONSE = "\n## Response:\n\n| Response | Description |\n|---|---|\n| 204 | No Content |"


def body_of(section: str) -> tuple[str, ParsedRequestBody]:
    text = HEAD + section + RESPONSE
    result = parse(text)
    assert result.diagnostics == ()
    assert result.doc is not None and result.doc.request_body is not None
    return text, result.doc.request_body


def row_names(body: ParsedRequestBody) -> list[tuple[str, int]]:
    assert body.properties is not None
    return [(p.name, p.source.line) for p in body.properties]


def test_request_argument_object_with_its_property_list_line() -> None:
    text, body = body_of("## Request Body: request  \n\nGadgetId, Speed \n\n" + TABLE)
    assert (body.name, body.kind, body.text, body.source.line) == (
        "request",
        "",
        "GadgetId, Speed",
        14,
    )
    assert row_names(body) == [
        ("GadgetId", line_of(text, "| GadgetId")),
        ("Speed", line_of(text, "| Speed")),
    ]


def test_description_line_and_table() -> None:
    text, body = body_of(
        '## Request Body: entity\n\nThe <see cref="T:Acme.GadgetEntity">GadgetEntity</see> to be saved.\n\n'
        + TABLE
    )
    assert (body.name, body.kind, body.text) == ("entity", "", "The GadgetEntity to be saved.")
    assert row_names(body) == [
        ("GadgetId", line_of(text, "| GadgetId")),
        ("Speed", line_of(text, "| Speed")),
    ]


def test_blank_line_and_table() -> None:
    text, body = body_of("## Request Body: newEntity \n\n\n" + TABLE)
    assert (body.name, body.kind, body.text) == ("newEntity", "", "")
    assert row_names(body) == [
        ("GadgetId", line_of(text, "| GadgetId")),
        ("Speed", line_of(text, "| Speed")),
    ]


def test_description_only() -> None:
    _, body = body_of("## Request Body: gadgetIds  \n\nThe primary keys. \n")
    assert (body.name, body.kind, body.text, body.properties, body.source.line) == (
        "gadgetIds",
        "",
        "The primary keys.",
        None,
        14,
    )


def test_heading_only() -> None:
    _, body = body_of("## Request Body: gadgetIds  \n")
    assert (body.name, body.text, body.properties) == ("gadgetIds", "", None)


def test_json_patch_body() -> None:
    patch = (
        "## Request Body: changes string \n\nJSON-Patch array of operations+path+value, or a MERGE-PATCH object. \n\n"
        "| Property Name | Type |  Description |\n|---|---|---|\n"
        '| op | String | "add", "replace", "remove" |\n| path | String | The property names to modify. |\n'
        "| value | Object | New/Replaced value - string or object. |\n"
    )
    text, body = body_of(patch)
    assert (body.name, body.kind) == ("changes", "string")
    assert body.text == "JSON-Patch array of operations+path+value, or a MERGE-PATCH object."
    assert body.properties is not None
    assert [(p.name, p.type.kind, p.source.line) for p in body.properties] == [
        ("op", "string", line_of(text, "| op |")),
        ("path", "string", line_of(text, "| path |")),
        ("value", "object", line_of(text, "| value |")),
    ]


def test_binary_upload() -> None:
    _, body = body_of("## Request Body: image binary\n\nBitmap (GIF, TIFF, PNG or JPG format) \n\n")
    assert (body.name, body.kind, body.text, body.properties) == (
        "image",
        "binary",
        "Bitmap (GIF, TIFF, PNG or JPG format)",
        None,
    )


def test_no_request_body_section() -> None:
    result = parse(HEAD + RESPONSE)
    assert result.doc is not None and result.doc.request_body is None


def test_a_second_request_body_section_is_ignored_with_a_warning() -> None:
    text = (
        HEAD
        + "## Request Body: first\n\nOne.\n\n## Request Body: second\n\nTwo.\n\n"
        + TABLE
        + RESPONSE
    )
    result = parse(text)
    # the table of the ignored section is reported too, as a table in no section that reads it
    assert codes(result) == [
        ("P111", line_of(text, "## Request Body: second")),
        ("P107", line_of(text, "| Property Name")),
    ]
    assert result.doc is not None and result.doc.request_body is not None
    assert (
        result.doc.request_body.name,
        result.doc.request_body.text,
        result.doc.request_body.properties,
    ) == ("first", "One.", None)
