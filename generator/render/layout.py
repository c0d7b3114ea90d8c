"""Python source in black's own shape, so that black confirms generated code instead of reshaping it.

Black joins every bracketed construct into one logical line and splits it again by a few rules. The
constructs generated code uses (calls, signatures, subscripts and collection literals) are laid out
here by the same rules, at black's line length:

- a construct that fits on its line stays on one line;
- else it is split at its brackets: the part inside goes on its own line, one level deeper, when that
  fits ("hugging"; a signature of one parameter gets a trailing comma, which black then keeps
  exploded), except collection literals, which black always explodes;
- else it is exploded one item per line, each with a trailing comma, and an item that is itself too
  long is split the same way.

`python_literal` spells a string the way black normalises it (double quotes unless single quotes need
fewer escapes), `docstring` lays out a docstring the way black reindents one. The write stage skips
black for a text built from these pieces only where it can vouch for it (see generator/write/formatting.py);
a test formats every generated file of both corpus generations with black and compares.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, Union

LINE_LENGTH = 100
INDENT = "    "
# Text is broken only at ASCII spaces: other whitespace (U+2028, U+0085) is doc text, kept escaped.
_ASCII_SPACE = re.compile(r" +")

# "invisible": brackets black adds only when it splits, around a long annotation (`x: (A | B) = None`).
Kind = Literal["call", "def", "collection", "subscript", "invisible"]


@dataclass(frozen=True)
class Bracketed:
    """`head` + `(` + items separated by commas + `)` + `tail`, e.g. a call `f(a, b)` or a signature."""

    head: str
    items: Sequence[Fragment]
    tail: str = ""
    kind: Kind = "call"
    brackets: str = "()"
    target: str | None = (
        None  # the left-hand side, when the construct is assigned (`x: T = f(...)`)
    )

    def flat(self) -> str:
        inner = ", ".join(flat(item) for item in self.items)
        if self.kind == "invisible":
            return f"{self.head}{inner}{self.tail}"
        return f"{self.head}{self.brackets[0]}{inner}{self.brackets[1]}{self.tail}"


Fragment = Union[str, Bracketed]


def flat(fragment: Fragment) -> str:
    return fragment if isinstance(fragment, str) else fragment.flat()


def fits(text: str, depth: int) -> bool:
    return len(INDENT) * depth + len(text) <= LINE_LENGTH


def lay_out(fragment: Fragment, depth: int = 0, after: str = "") -> list[str]:
    """The lines (without their indentation's newline) of `fragment` + `after` at `depth` levels."""
    indent = INDENT * depth
    one_line = flat(fragment) + after
    if isinstance(fragment, str) or fits(one_line, depth) or not fragment.items:
        return [indent + one_line]
    opening, closing = fragment.brackets[0], fragment.brackets[1]
    head = f"{indent}{fragment.head}{opening}"
    if fragment.target is not None and _wraps_value(fragment.target, head, depth):
        value = replace(fragment, head=fragment.head[len(fragment.target) + 3 :], target=None)
        return (
            [f"{indent}{fragment.target} = ("] + lay_out(value, depth + 1) + [f"{indent}){after}"]
        )
    tail = f"{indent}{closing}{fragment.tail}{after}"
    # A subscript assigned as a whole (a type alias) explodes as a collection does.
    explodes = fragment.kind == "collection" or (
        fragment.kind == "subscript" and len(fragment.items) > 1
    )
    if not explodes:
        body = ", ".join(flat(item) for item in fragment.items)
        single_parameter = fragment.kind == "def" and len(fragment.items) == 1
        if not single_parameter and fits(body, depth + 1):
            return [head, INDENT * (depth + 1) + body, tail]
    lines = [head]
    for item in fragment.items:
        lines.extend(lay_out(item, depth + 1, ","))
    lines.append(tail)
    return lines


def _wraps_value(target: str, head: str, depth: int) -> bool:
    """Whether black puts an assigned value in parentheses of its own: when the line up to the value's
    bracket is too long and the target has brackets of its own (`x: list[T] = (`)."""
    has_brackets = any(bracket in target for bracket in "([{")
    # black asks that `target = (` fit one column short of the limit.
    return len(head) > LINE_LENGTH and has_brackets and fits(f"{target} = ( ", depth)


def assignment(target: str, value: Bracketed) -> Bracketed:
    """`target = value`, laid out as black lays out an assignment of a bracketed value."""
    return replace(value, head=f"{target} = {value.head}", target=target)


def code(fragment: Fragment, depth: int = 0, after: str = "") -> str:
    """`lay_out` as one text from the first line's first character on (the caller indents it)."""
    return "\n".join(lay_out(fragment, depth, after))[len(INDENT) * depth :]


def parameter(name: str, annotation: str, default: str | None = None) -> Fragment:
    """A parameter of a signature: `name: annotation = default`; a long union annotation is put in
    parentheses of its own when the parameter does not fit its line, as black does."""
    tail = f" = {default}" if default is not None else ""
    if " | " not in annotation:
        return f"{name}: {annotation}{tail}"
    return Bracketed(f"{name}: ", [annotation], tail, "invisible")


def call(head: str, *items: Fragment, tail: str = "") -> Bracketed:
    return Bracketed(head, list(items), tail, "call")


def signature(head: str, parameters: Sequence[Fragment], tail: str) -> Bracketed:
    return Bracketed(head, list(parameters), tail, "def")


def collection(head: str, items: Sequence[Fragment], brackets: str, tail: str = "") -> Bracketed:
    return Bracketed(head, list(items), tail, "collection", brackets)


def import_from(module: str, names: Sequence[str], depth: int = 0) -> str:
    """`from module import a, b`, parenthesised one name per line when too long (as black does)."""
    head = f"from {module} import "
    statement = head + ", ".join(names)
    return statement if fits(statement, depth) else code(collection(head, names, "()"), depth)


def python_literal(text: str) -> str:
    """A string literal holding `text` exactly, quoted as black prefers: double quotes unless the text
    holds more double quotes than single ones. Non-printable characters are escaped."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    if text.isprintable() and "\\" not in text and quote not in text:
        return quote + text + quote
    escaped = []
    for character in text:
        if character == "\\":
            escaped.append("\\\\")
        elif character == quote:
            escaped.append("\\" + quote)
        elif character.isprintable():
            escaped.append(character)
        else:
            escaped.append(_escape(character))
    return quote + "".join(escaped) + quote


def _escape(character: str) -> str:
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if character in named:
        return named[character]
    point = ord(character)
    if point < 0x100:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


def docstring_body(text: str) -> str:
    """Text safe inside a triple-quoted docstring: no early close, no escape, nothing non-printable."""
    escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if escaped.replace("\n", "").isprintable():
        return escaped
    return "".join(ch if ch.isprintable() or ch == "\n" else _escape(ch) for ch in escaped)


def docstring(text: str, depth: int) -> str:
    """A docstring at `depth`, from its opening quotes on (the caller indents the first line), laid
    out as black lays one out: escaped, wrapped at the line length, lines stripped on the right,
    continuation lines at the docstring's indentation, the closing quotes of a docstring of several
    lines on a line of their own."""
    indent = INDENT * depth
    lines = docstring_lines(text, len(indent))
    if len(lines) == 1:
        line = lines[0] or " "
        if line.startswith('"'):
            line = " " + line
        if line.endswith('"'):
            line += " "
        return f'"""{line}"""'
    if lines[0].startswith('"'):
        lines[0] = " " + lines[0]
    rest = "\n".join(f"{indent}{line}" if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{rest}\n{indent}"""'


def docstring_lines(text: str, indent: int) -> list[str]:
    """The lines of a docstring's text: escaped, dedented, wrapped, no blank lines at either end."""
    lines = [line.rstrip() for line in _dedented(docstring_body(text).expandtabs()).split("\n")]
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    while len(lines) > 1 and not lines[0]:
        lines.pop(0)
    lines[0] = lines[0].lstrip()
    if len(lines) == 1 and indent + 6 + len(lines[0]) <= LINE_LENGTH:
        return lines
    if len(lines) == 1:  # too long for one line with its quotes: at least two lines
        return wrap(lines[0], LINE_LENGTH - indent - 6)
    wrapped: list[str] = []
    for number, line in enumerate(lines):
        width = LINE_LENGTH - indent - (3 if number == 0 else 0)
        wrapped.extend(wrap(line, width))
    return wrapped


def wrap(line: str, width: int) -> list[str]:
    """A line broken at spaces so that each piece fits `width` (a word longer than that stays whole);
    continuation pieces keep the line's own indentation."""
    if len(line) <= width:
        return [line]
    margin = line[: len(line) - len(line.lstrip(" "))]
    pieces: list[str] = []
    current = ""
    for word in _ASCII_SPACE.split(line.strip(" ")):
        candidate = f"{current} {word}" if current else margin + word
        if len(candidate) <= width or not current:
            current = candidate
        else:
            pieces.append(current)
            current = margin + word
    pieces.append(current)
    return pieces


def _dedented(text: str) -> str:
    """The text with the indentation its lines after the first share removed, as black does."""
    lines = text.split("\n")
    rest = [line for line in lines[1:] if line.strip()]
    margin = min((len(line) - len(line.lstrip()) for line in rest), default=0)
    return "\n".join([lines[0]] + [line[margin:] for line in lines[1:]])
