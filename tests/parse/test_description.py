"""Description: first paragraph -> summary, the rest -> description; prose sections (FORMAT.md §3)."""

from __future__ import annotations

from generator.model import ParsedDoc
from tests.parse.docs import doc, parse

PATH = "| Path Part | Type | Description |\n|---|---|---|\n| gadgetId | int32 | Which. **Required** |\n"
QUERY = "## Query String Parameters\n\n| Parameter Name | Type |  Description |\n|---|---|---|\n| $top | int32 |  How many |\n"


def described(body: str) -> ParsedDoc:
    result = parse(doc(body))
    assert result.diagnostics == ()
    assert result.doc is not None
    return result.doc


def test_first_paragraph_is_the_summary_and_the_rest_the_description() -> None:
    body = (
        'Gets a <see cref="T:Acme.Gadget">gadget</see>.\n\n'
        "It must exist.<para />Otherwise 404.\n\n"
        "## Strings\n\n"
        "- one\n- two\n\n"
        "```js\nvar gadget = agent.get(1);\n```\n\n"
        "```\nGET api/gadgets?$top=2&amp;$skip=1\n```\n\n"
        "## Brackets and or\n\n"
        "Use (a or b) and c.\n\n" + PATH
    )
    got = described(body)
    assert got.summary == "Gets a gadget."
    assert got.description == (
        "It must exist.\n\nOtherwise 404.\n\n## Strings\n\n- one\n- two\n\n"
        "```js\nvar gadget = agent.get(1);\n```\n\n```\nGET api/gadgets?$top=2&amp;$skip=1\n```\n\n"
        "## Brackets and or\n\nUse (a or b) and c."
    )


def test_no_description() -> None:
    got = described(PATH)
    assert (got.summary, got.description, got.notes) == ("", "", ())


def test_online_restricted_note_with_text_glued_on_and_description_after_it() -> None:
    body = (
        "Spins a gadget.\n\n\n"
        "## Online Restricted: ## The Gadget agent is not available in Online by default. Calls the Gadget agent service Spin.\n\n"
        "Spinning is slow.\n\n" + PATH
    )
    got = described(body)
    assert got.notes == (
        "The Gadget agent is not available in Online by default. Calls the Gadget agent service Spin.",
    )
    assert (got.summary, got.description) == ("Spins a gadget.", "Spinning is slow.")


def test_filter_operators_section_is_description() -> None:
    body = (
        "Finds gadgets.\n\n## Filter Operators: ##\n\nints: eq =, ne, le, lt\n\nstrings: contains, begins\n\n"
        + PATH
    )
    got = described(body)
    assert got.summary == "Finds gadgets."
    assert (
        got.description
        == "## Filter Operators: ##\n\nints: eq =, ne, le, lt\n\nstrings: contains, begins"
    )


def test_a_lone_para_line_is_harmless() -> None:
    got = described("Gets a gadget.\n\n<para />\n\nMore words.\n\n" + PATH)
    assert (got.summary, got.description) == ("Gets a gadget.", "More words.")


def test_prose_after_a_structural_section_is_not_description() -> None:
    got = described(
        "Gets a gadget.\n\n" + PATH + "\n" + QUERY + "\nA stray line under the query table.\n"
    )
    assert (got.summary, got.description) == ("Gets a gadget.", "")
    assert [q.name for q in got.query_params] == ["$top"]


def test_a_para_break_in_the_first_paragraph_ends_the_summary() -> None:
    got = described(
        "Gets a gadget.<para />It must exist.<para>Otherwise 404.</para>\n\nMore words.\n\n" + PATH
    )
    assert (got.summary, got.description) == (
        "Gets a gadget.",
        "It must exist.\n\nOtherwise 404.\n\nMore words.",
    )


def test_an_escaped_line_break_stays_in_the_summary() -> None:
    got = described("Gets gadgets by kind&lt;br/&gt;The names are filled in too.\n\n" + PATH)
    assert (got.summary, got.description) == (
        "Gets gadgets by kind\nThe names are filled in too.",
        "",
    )
