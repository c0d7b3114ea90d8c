"""Path-part, query-parameter and request-header tables (FORMAT.md §3, §4, §5, §6)."""

from __future__ import annotations

import pytest

from generator.model import ParamRow
from tests.parse.docs import HEAD, codes, doc, line_of, parse

PATH_TABLE = """\
| Path Part | Type | Description |
|-----------|------|-------------|
| gadgetId | int32 | The gadget to return. **Required** |
"""


def path_rows(text: str) -> list[tuple[str, str, bool, str, int]]:
    result = parse(text)
    assert result.diagnostics == ()
    assert result.doc is not None
    return [
        (p.name, p.type.describe(), p.required, p.description, p.source.line)
        for p in result.doc.path_params
    ]


def test_path_table_without_a_heading_strips_the_trailing_required_marker() -> None:
    text = doc("Gets a gadget.\n\n" + PATH_TABLE)
    assert path_rows(text) == [("gadgetId", "integer(int32)", True, "The gadget to return.", 16)]


@pytest.mark.parametrize(
    "prose",
    [
        "## Online Restricted: ## The Gadget agent is not available in Online by default. Calls the Gadget agent service Spin.\n\n",
        "## Filter Operators: ##\n\nints: eq =, ne, le, lt\n\n",
        "## Brackets and or\n\nSome words.\n\n",
    ],
)
def test_path_table_inside_a_prose_section_is_recognised_by_its_header(prose: str) -> None:
    text = doc("Gets a gadget.\n\n" + prose + PATH_TABLE)
    row_line = line_of(text, "| gadgetId |")
    assert path_rows(text) == [
        ("gadgetId", "integer(int32)", True, "The gadget to return.", row_line)
    ]


def test_path_rows_in_another_order_than_the_path() -> None:
    head = HEAD.replace(
        "GET /api/v1/Gadget/{gadgetId}", "GET /api/v1/Gadget/{gadgetId}/Part/{side}"
    )
    text = doc(
        "| Path Part | Type | Description |\n|---|---|---|\n"
        "| side | Enum: Left, Right, Top | Which side. **Required** |\n"
        "| gadgetId | int32 | The gadget. **Required** |",
        head,
    )
    assert path_rows(text) == [
        ("gadgetId", "integer(int32)", True, "The gadget.", line_of(text, "| gadgetId |")),
        ("side", "string", True, "Which side.", line_of(text, "| side |")),
    ]
    result = parse(text)
    assert result.doc is not None
    assert result.doc.path_params[1].type.enum == ("Left", "Right", "Top")


def test_a_path_parameter_without_a_row_is_a_required_string_and_warned_at_the_endpoint_line() -> (
    None
):
    result = parse(doc("Gets a gadget."))
    assert codes(result) == [("P102", 8)]  # the endpoint fence
    assert result.doc is not None
    [row] = result.doc.path_params
    assert (row.name, row.type.kind, row.required, row.source.line) == (
        "gadgetId",
        "string",
        True,
        8,
    )


def test_a_path_row_naming_no_parameter_is_warned_at_its_line() -> None:
    text = doc(PATH_TABLE + "| colour | string | Not in the path. **Required** |\n")
    result = parse(text)
    assert codes(result) == [("P103", line_of(text, "| colour |"))]
    assert result.doc is not None and [p.name for p in result.doc.path_params] == ["gadgetId"]


# ---- query string parameters --------------------------------------------------------------------------

QUERY = """\
## Query String Parameters

| Parameter Name | Type |  Description |
|----------------|------|--------------|
| gadgetEntityId | int32 | **Required** The primary key. |
| $select | string |  Comma separated list of fields: "name,size". |
| owner.team.code | string |  A flattened field. |
| size | Enum: Small, Medium, Large |  How big. |
| since | date-time |  Changed after. |
| shiny | bool |  Only shiny ones. |
| tags | array |  Any of these. |

```http
GET /api/v1/Gadget?gadgetEntityId=123
GET /api/v1/Gadget?$select=name,size
GET /api/v1/Gadget?owner.team.code=ab cd
GET /api/v1/Gadget?size=Medium
GET /api/v1/Gadget?since=04/03/2010 14:19:12
GET /api/v1/Gadget?shiny=True
GET /api/v1/Gadget?tags=a,b
```
"""


def query_rows() -> tuple[str, tuple[ParamRow, ...]]:
    text = doc(PATH_TABLE + "\n" + QUERY)
    result = parse(text)
    assert result.diagnostics == ()
    assert result.doc is not None
    return text, result.doc.query_params


def test_query_required_marker_at_the_start_and_names_kept_as_written() -> None:
    text, rows = query_rows()
    assert [(q.name, q.required, q.description, q.source.line) for q in rows] == [
        ("gadgetEntityId", True, "The primary key.", line_of(text, "| gadgetEntityId |")),
        (
            "$select",
            False,
            'Comma separated list of fields: "name,size".',
            line_of(text, "| $select |"),
        ),
        ("owner.team.code", False, "A flattened field.", line_of(text, "| owner.team.code |")),
        ("size", False, "How big.", line_of(text, "| size |")),
        ("since", False, "Changed after.", line_of(text, "| since |")),
        ("shiny", False, "Only shiny ones.", line_of(text, "| shiny |")),
        ("tags", False, "Any of these.", line_of(text, "| tags |")),
    ]


def test_query_types() -> None:
    _, rows = query_rows()
    assert [(q.type.describe(), q.type.enum, q.type_cell) for q in rows] == [
        ("integer(int32)", (), "int32"),
        ("string", (), "string"),
        ("string", (), "string"),
        ("string", ("Small", "Medium", "Large"), "Enum: Small, Medium, Large"),
        ("string(date-time)", (), "date-time"),
        ("boolean", (), "bool"),
        ("array<?>", (), "array"),
    ]


def test_query_examples_from_the_example_url_block_are_not_decoded() -> None:
    _, rows = query_rows()
    assert [q.example for q in rows] == [
        "123",
        "name,size",
        "ab cd",
        "Medium",
        "04/03/2010 14:19:12",
        "True",
        "a,b",
    ]


# ---- request headers -----------------------------------------------------------------------------------

HEADERS = """\
## Request Headers

| Parameter Name | Description |
|----------------|-------------|
| Authorization  | Supports 'Basic', 'SoTicket' and 'Bearer' schemes, depending on installation type. |
| X-XSRF-TOKEN   | If not using Authorization header, you must provide XSRF value from cookie or hidden input field |
| Content-Type | Content-type of the request body: `application/json`, `text/json`, `application/json-patch+json` |
| Accept         | Content-type(s) you would like the response in:  |
| SO-TimeZone    | Best practice is to use IANA names. |
| X-Gadget-Mood  | Not a header the format knows. |
"""


def test_request_headers_padded_names_and_backticked_media_types() -> None:
    text = doc(PATH_TABLE + "\n" + HEADERS)
    result = parse(text)
    # an unknown header is reported by resolve (P106), where it becomes a parameter
    assert result.diagnostics == ()
    assert result.doc is not None
    rows = [(h.name, h.media_types, h.source.line) for h in result.doc.headers]
    assert rows == [
        ("Authorization", (), line_of(text, "| Authorization")),
        ("X-XSRF-TOKEN", (), line_of(text, "| X-XSRF-TOKEN")),
        (
            "Content-Type",
            ("application/json", "text/json", "application/json-patch+json"),
            line_of(text, "| Content-Type"),
        ),
        ("Accept", (), line_of(text, "| Accept")),
        ("SO-TimeZone", (), line_of(text, "| SO-TimeZone")),
        ("X-Gadget-Mood", (), line_of(text, "| X-Gadget-Mood")),
    ]
    assert result.doc.headers[3].description == "Content-type(s) you would like the response in:"
