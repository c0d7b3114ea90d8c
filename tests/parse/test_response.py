"""`## Response…`: heading suffix, status line and table, body marker, property table (FORMAT.md §8)."""

from __future__ import annotations

import pytest

from generator.model import ParsedResponse
from tests.parse.docs import doc, line_of, parse

PATH = "| Path Part | Type | Description |\n|---|---|---|\n| gadgetId | int32 | Which. **Required** |\n\n"
STATUSES = "| Response | Description |\n|----------------|-------------|\n| 200 | OK |\n"
PROPERTIES = "| Property Name | Type |  Description |\n|----------------|------|--------------|\n| GadgetId | int32 | Key |\n"
SUFFIXES = ["array", "object", "string", "bool", "int32", "int64", "double", "date-time", "byte"]


def response_of(section: str) -> tuple[str, ParsedResponse]:
    text = doc(PATH + section)
    result = parse(text)
    assert result.diagnostics == ()
    assert result.doc is not None and result.doc.response is not None
    return text, result.doc.response


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize(
    "spelling", ["## Response:{}", "## Response: {}", "## Response:{}  ", "## Response: {} "]
)
def test_suffix_words(spelling: str, suffix: str) -> None:
    text, response = response_of(spelling.format(suffix) + "\n\nOK\n\n" + STATUSES)
    assert (response.suffix, response.source.line) == (suffix, line_of(text, "## Response"))
    assert [(s.status, s.description, s.source.line) for s in response.statuses] == [
        ("200", "OK", line_of(text, "| 200 |"))
    ]


@pytest.mark.parametrize(
    "heading", ["## Response", "## Response:", "## Response: ", "## Response:  "]
)
def test_empty_suffix(heading: str) -> None:
    _, response = response_of(heading + "\n\n" + STATUSES)
    assert response.suffix == ""


def test_newer_body_heading_and_table() -> None:
    text, response = response_of(
        "## Response:\n\nOK\n\n" + STATUSES + "\n### Response body: GadgetEntity \n\n" + PROPERTIES
    )
    assert response.body_name == "GadgetEntity"
    assert response.body_source is not None and response.body_source.line == line_of(
        text, "### Response body"
    )
    assert response.properties is not None
    assert [(p.name, p.type.describe(), p.source.line) for p in response.properties] == [
        ("GadgetId", "integer(int32)", line_of(text, "| GadgetId")),
    ]


@pytest.mark.parametrize(
    "marker", ["### Response body:", "### Response body: ", "Response body:", "Response body: "]
)
def test_empty_body_name(marker: str) -> None:
    text, response = response_of(
        "## Response: \n\nOK\n\n" + STATUSES + "\n" + marker + "\n\n" + PROPERTIES
    )
    assert response.body_name == ""
    assert response.body_source is not None and response.body_source.line == line_of(
        text, "esponse body:"
    )
    assert response.properties is not None and [p.name for p in response.properties] == ["GadgetId"]


def test_older_plain_body_line_with_a_name() -> None:
    text, response = response_of(
        "## Response: array\n\nOK\n\n" + STATUSES + "\nResponse body: GadgetItem\n\n" + PROPERTIES
    )
    assert (response.suffix, response.body_name) == ("array", "GadgetItem")
    assert response.body_source is not None and response.body_source.line == line_of(
        text, "Response body:"
    )


def test_oldest_response_without_status_line_or_body_marker() -> None:
    _, response = response_of("## Response\n\n" + STATUSES)
    assert (response.suffix, response.body_name, response.body_source, response.properties) == (
        "",
        "",
        None,
        None,
    )


def test_no_content_with_a_junk_body_name_keeps_what_the_doc_says() -> None:
    statuses = STATUSES.replace("| 200 | OK |", "| 204 | No Content |")
    _, response = response_of(
        "## Response:\n\nNo Content\n\n" + statuses + "\n### Response body: RecurrenceInfo\n"
    )
    assert [s.status for s in response.statuses] == ["204"]
    assert (response.body_name, response.properties) == ("RecurrenceInfo", None)


def test_status_codes_and_no_success_row() -> None:
    rows = (
        "| 400 | Bad request |\n| 404 | Not Found. |\n| 409 | Conflict: the gadget is locked. |\n"
    )
    text, response = response_of(
        "## Response:\n\nBad request\n\n" + STATUSES.replace("| 200 | OK |\n", rows)
    )
    assert [(s.status, s.description, s.source.line) for s in response.statuses] == [
        ("400", "Bad request", line_of(text, "| 400")),
        ("404", "Not Found.", line_of(text, "| 404")),
        ("409", "Conflict: the gadget is locked.", line_of(text, "| 409")),
    ]


def test_no_response_section() -> None:
    result = parse(doc(PATH))
    assert result.doc is not None and result.doc.response is None


def test_a_status_that_is_not_an_http_status_code_is_reported_and_ignored() -> None:
    statuses = "| Response | Description |\n|---|---|\n| 200 | OK |\n| 2xx); import os # | Bad |\n| 999 | Out of range |\n"
    text = doc(PATH + "## Response:\n\nOK\n\n" + statuses)
    result = parse(text)
    assert result.doc is not None and result.doc.response is not None
    assert [s.status for s in result.doc.response.statuses] == ["200"]
    assert [(d.code, d.source.line) for d in result.diagnostics] == [
        ("P112", line_of(text, "| 2xx")),
        ("P112", line_of(text, "| 999")),
    ]
