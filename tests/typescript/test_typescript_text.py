"""Names and escaped text for TypeScript: identifiers valid by construction, string literals and TSDoc
comments that no doc text can break out of."""

from __future__ import annotations

import json

import pytest

from generator.render.typescript_text import (
    RESERVED,
    TsIdentifier,
    TsTypeName,
    camel_case,
    comment_lines,
    is_identifier_name,
    literal_key,
    property_key,
    ts_identifier,
    ts_string,
    ts_type_name,
    tsdoc,
    unique_names,
)

HOSTILE = [
    "*/ process.exit(1) /*",
    "a \"double\" and 'single' quote",
    'more "double" "quotes" than \'one\'',
    "back\\slash \\u0041 \\n not a newline",
    "line\nbreak\r\ncarriage\u2028separator\u2029paragraph\x85next",
    "nul \x00 bell \x07 escape \x1b delete \x7f bom \ufeff",
    "${template} `backtick` </script><script>alert(1)</script>",
    "@param evil - @returns {never} {@link x}",
    "tab\there",
    "",
]


@pytest.mark.parametrize("name", ["value", "camelCase", "_private", "$select", "x1"])
def test_valid_identifiers_are_accepted(name: str) -> None:
    assert TsIdentifier(name) == name


@pytest.mark.parametrize(
    "name", ["", "1st", "a-b", "a b", "naïve", "class", "await", "constructor", "a.b"]
)
def test_invalid_identifiers_and_reserved_words_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        TsIdentifier(name)


@pytest.mark.parametrize("name", ["widget", "Record", "Promise", "Array", "Blob"])
def test_type_names_start_upper_case_and_shadow_no_global(name: str) -> None:
    with pytest.raises(ValueError):
        TsTypeName(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GetContactEntity", "getContactEntity"),
        ("$select", "select"),
        ("SO-AppToken", "soAppToken"),
        ("Accept-Language", "acceptLanguage"),
        ("parent.child-name", "parentChildName"),
        ("ContactEntity", "contactEntity"),
        ("naïve", "naive"),
    ],
)
def test_names_are_camel_case_from_the_models_names(text: str, expected: str) -> None:
    assert camel_case(text) == expected
    assert ts_identifier(text) == expected


def test_reserved_words_digits_and_empty_names_are_made_valid() -> None:
    assert ts_identifier("class") == "class_"
    assert ts_identifier("Delete") == "delete_"
    assert ts_identifier("2ndValue") == "value2ndValue"
    assert ts_identifier("$$$", "param") == "param"
    assert ts_type_name("record") == "Record_"
    assert ts_type_name("9Lives") == "Model9Lives"
    assert all(TsIdentifier.is_valid(ts_identifier(word)) for word in RESERVED)


def test_unique_names_count_from_two_and_avoid_taken_ones() -> None:
    assert unique_names(["a", "a", "b", "a"], taken=["b"]) == ["a", "a2", "b2", "a3"]
    assert unique_names(["class_", "class_"]) == ["class_", "class2"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_string_literal_holds_the_text_exactly_on_one_line(text: str) -> None:
    literal = ts_string(text)
    assert "\n" not in literal and "\r" not in literal and "\u2028" not in literal
    quote = literal[0]
    # Our escapes are JSON's, so a double-quoted literal reads back with json; a single-quoted one
    # does too once its quotes are swapped (there are no unescaped double quotes in it then).
    body = literal[1:-1]
    if quote == "'":
        body = body.replace('"', '\\"').replace("\\'", "'")
    assert json.loads(f'"{body}"') == text


def test_string_literals_use_the_quotes_prettier_prefers() -> None:
    assert ts_string("it's") == '"it\'s"'
    assert ts_string('say "hi"') == "'say \"hi\"'"
    assert ts_string("'a' \"b\"") == '"\'a\' \\"b\\""'


@pytest.mark.parametrize("text", HOSTILE)
def test_a_tsdoc_comment_cannot_be_closed_or_tagged_by_doc_text(text: str) -> None:
    comment = tsdoc(text, "  ")
    if not text.strip():
        assert comment == ""
        return
    lines = comment.split("\n")
    assert lines[0] == "  /**" and lines[-2] == "   */" and lines[-1] == ""
    inner = lines[1:-2]
    assert all(line == "   *" or line.startswith("   * ") for line in inner)
    body = "\n".join(inner)
    assert "*/" not in body and "/*" not in body
    assert "@" not in body.replace("\\@", "")
    assert all(char.isprintable() for line in inner for char in line)
    assert all(line == line.rstrip() for line in inner)


def test_comment_lines_split_every_line_break_and_collapse_blank_runs() -> None:
    assert comment_lines("\n\na\r\n\n\n\nb\u2028c\n\n") == ["a", "", "b", "c"]


def test_property_keys_are_quoted_only_where_they_are_not_identifier_names() -> None:
    assert property_key("WidgetId") == "WidgetId"
    assert property_key("class") == "class"  # a reserved word is a valid property name
    assert property_key("Ünïcode") == "Ünïcode"  # as Prettier writes it
    assert property_key("Name-With-Dash") == '"Name-With-Dash"'
    assert property_key("1stPlace") == '"1stPlace"'
    assert property_key("") == '""'
    assert not is_identifier_name("a b")
    assert literal_key("__proto__") == '["__proto__"]'
