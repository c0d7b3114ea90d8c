"""TypeScript spellings of untrusted text: names that can only hold a valid identifier, string literals
and TSDoc comments that no doc text can break out of.

Doc text reaches TypeScript only through `ts_string` (a string literal, quoted as Prettier quotes it)
and `tsdoc` (the body of a `/** ... */` comment); names only through `TsIdentifier` values.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Self

from generator.naming import ascii_words

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
# Reserved words of JavaScript (strict mode and modules included) and TypeScript's own keywords and
# type names: none can be a name we bind, even where the grammar would allow some of them.
RESERVED = frozenset(
    {
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "import",
        "in",
        "instanceof",
        "new",
        "null",
        "return",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "implements",
        "interface",
        "let",
        "package",
        "private",
        "protected",
        "public",
        "static",
        "yield",
        "await",
        "async",
        "arguments",
        "eval",
        "any",
        "as",
        "asserts",
        "bigint",
        "boolean",
        "constructor",
        "declare",
        "get",
        "infer",
        "is",
        "keyof",
        "module",
        "namespace",
        "never",
        "readonly",
        "require",
        "number",
        "object",
        "set",
        "string",
        "symbol",
        "type",
        "undefined",
        "unique",
        "unknown",
        "from",
        "global",
        "of",
        "satisfies",
        "accessor",
        "out",
        "override",
        "abstract",
    }
)
# Global types and values the generated package refers to: a type name must not shadow them.
GLOBALS = frozenset(
    {
        "Array",
        "ArrayBuffer",
        "AbortController",
        "AbortSignal",
        "Blob",
        "BodyInit",
        "Boolean",
        "Date",
        "DOMException",
        "Error",
        "Function",
        "Headers",
        "HeadersInit",
        "JSON",
        "Map",
        "Math",
        "Number",
        "Object",
        "Partial",
        "Promise",
        "Readonly",
        "Record",
        "Request",
        "RequestInit",
        "Response",
        "Set",
        "String",
        "Symbol",
        "TextDecoder",
        "TextEncoder",
        "TypeError",
        "URL",
        "URLSearchParams",
        "Uint8Array",
    }
)


class TsIdentifier(str):
    """A TypeScript identifier: ASCII letters, digits, `_` and `$`, not starting with a digit, never a
    reserved word or keyword (checked when made)."""

    def __new__(cls, value: str) -> Self:
        if not cls.is_valid(value):
            raise ValueError(f"{value!r} is not a valid {cls.__name__}")
        return super().__new__(cls, value)

    @classmethod
    def is_valid(cls, value: str) -> bool:
        return bool(_IDENTIFIER.match(value)) and value not in RESERVED


class TsTypeName(TsIdentifier):
    """A type name: an identifier starting with an upper-case letter that shadows no global type."""

    @classmethod
    def is_valid(cls, value: str) -> bool:
        return super().is_valid(value) and value[:1].isupper() and value not in GLOBALS


def camel_case(text: str) -> str:
    words = ascii_words(text)
    return "".join(
        word.lower() if index == 0 else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def pascal(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in ascii_words(text))


def ts_identifier(text: str, fallback: str = "value") -> TsIdentifier:
    """A camelCase identifier for any text: reserved words get a trailing `_`."""
    name = camel_case(text) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    return TsIdentifier(name + "_" if name in RESERVED else name)


def ts_type_name(text: str, fallback: str = "Model") -> TsTypeName:
    """A PascalCase type name for any text: global type names get a trailing `_`."""
    name = pascal(text) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    return TsTypeName(name + "_" if name in GLOBALS or name in RESERVED else name)


def unique_names(names: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """The names made unique in order of appearance: a repeat (or a taken name) gets `2`, `3`, ..."""
    seen = set(taken)
    result: list[str] = []
    for name in names:
        candidate, counter = name, 2
        while candidate in seen:
            candidate, counter = f"{name.rstrip('_')}{counter}", counter + 1
        seen.add(candidate)
        result.append(candidate)
    return result


_START_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nl"})
_PART_CATEGORIES = _START_CATEGORIES | {"Mn", "Mc", "Nd", "Pc"}


def is_identifier_name(text: str) -> bool:
    """Whether a property key is an ES5 identifier name (Unicode letters allowed, reserved words too):
    Prettier writes such keys without quotes, and only such keys."""
    if not text or not (text[0] in "$_" or unicodedata.category(text[0]) in _START_CATEGORIES):
        return False
    return all(
        char in "$_\u200c\u200d" or unicodedata.category(char) in _PART_CATEGORIES
        for char in text[1:]
    )


def property_key(wire_name: str) -> str:
    """A wire name as a property key: as it is where it is an identifier name, else a string literal."""
    return wire_name if is_identifier_name(wire_name) else ts_string(wire_name)


def literal_key(wire_name: str) -> str:
    """A wire name as a key of an object literal: `__proto__` would set the prototype, so it is a
    computed key there (an own property, as every other key)."""
    return f"[{ts_string(wire_name)}]" if wire_name == "__proto__" else property_key(wire_name)


# ---- literals and comments ------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")


def _escape_char(char: str, quote: str) -> str:
    if char == "\\":
        return "\\\\"
    if char == quote:
        return "\\" + quote
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    code = ord(char)
    if (
        code < 0x20
        or 0x7F <= code < 0xA0
        or code in (0x2028, 0x2029, 0xFEFF)
        or 0xD800 <= code < 0xE000
    ):
        return f"\\u{code:04x}"
    return char


def ts_string(text: object) -> str:
    """A string literal holding the text exactly: double quotes unless the text has more double than
    single quotes (as Prettier chooses), every quote, backslash, line break and control escaped."""
    value = str(text)
    quote = "'" if value.count('"') > value.count("'") else '"'
    return quote + "".join(_escape_char(char, quote) for char in value) + quote


def json_string(text: object) -> str:
    """A JSON string literal (package.json), as JSON.stringify and Prettier write it."""
    return json.dumps(str(text), ensure_ascii=False)


def _comment_line(line: str) -> str:
    """One line of comment text: no way to close the comment, start a tag or hide a character."""
    cleaned = "".join(
        char if char.isprintable() else f"\\u{{{ord(char):x}}}"
        for char in line.replace("\t", "    ")
    )
    cleaned = cleaned.replace("*/", "*\\/").replace("/*", "/\\*").replace("@", "\\@")
    return cleaned.rstrip()


def comment_lines(text: object) -> list[str]:
    """The text as escaped comment lines: line breaks of any kind split it, blank lines at its ends go,
    blank runs collapse to one blank line."""
    lines = [_comment_line(line) for line in _LINE_BREAKS.split(str(text))]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return [line for index, line in enumerate(lines) if line or lines[index - 1]]


def comment_block(lines: list[str], indent: str = "") -> str:
    """A `/** ... */` comment of lines already escaped, at `indent`; no lines give nothing."""
    if not lines:
        return ""
    body = "".join(f"{indent} *{' ' + line if line else ''}\n" for line in lines)
    return f"{indent}/**\n{body}{indent} */\n"


def tsdoc(text: object, indent: str = "") -> str:
    """A `/** ... */` comment holding the text, one ` * ` line per line, at `indent`."""
    return comment_block(comment_lines(text), indent)


def one_line(text: str) -> str:
    return " ".join(text.split())
