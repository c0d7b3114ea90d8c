"""Markdown to a flat list of blocks, each with the line it starts on in the original file.

markdown-it-py does the parsing (CommonMark, GFM tables, front matter by plugin); this module only
joins multi-line table cells first and flattens the token stream into blocks the section reader uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin


@dataclass(frozen=True)
class Block:
    line: int  # 1-based line in the original file
    raw: str  # the block's source lines


@dataclass(frozen=True)
class Heading(Block):
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph(Block):
    text: str


@dataclass(frozen=True)
class Fence(Block):
    info: str
    content: str


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]  # as GFM reads them: padded or cut to the header's width
    line: int
    written_cells: int  # how many cells the source line has


@dataclass(frozen=True)
class Table(Block):
    header: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Other(Block):
    """Lists, HTML blocks, rules, quotes: kept as raw text for descriptions."""


@dataclass(frozen=True)
class Document:
    front_matter: str | None
    front_matter_line: int
    blocks: tuple[Block, ...]
    joined_rows: tuple[int, ...]  # original lines of table rows that continued over several lines


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Only block structure is read (inline tokens keep their raw `content`), so the inline pass, which
    # would cost a third of the parse, is switched off.
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
    return parser.disable(["inline", "text_join"])


def join_multiline_rows(text: str) -> tuple[list[str], list[int], list[int]]:
    """Lines with every table row that lacks its closing `|` joined with its continuation lines.

    Returns the new lines, the original 0-based line of each new line, and the original lines of joined rows.
    Lines inside fenced code blocks are never joined: they are samples and code, not tables. A table ends
    at the first line that is not a row: a blank line is put there, or GFM would read that line as a row.
    """
    lines = text.split("\n")
    joined: list[str] = []
    origin: list[int] = []
    continued: list[int] = []
    fence: str | None = None
    index = 0
    while index < len(lines):
        start = index
        fence = fence_after(lines[index], fence)
        in_table = fence is None and bool(joined) and joined[-1].lstrip().startswith("|")
        row, index = _row_with_continuations(lines, index) if in_table else (lines[index], index)
        if index > start:
            continued.append(start)
        joined.append(row)
        origin.append(start)
        if (
            in_table
            and _ends_row(row)
            and index + 1 < len(lines)
            and _is_continuation(lines[index + 1])
        ):
            joined.append("")
            origin.append(index)
        index += 1
    return joined, origin, continued


def _row_with_continuations(lines: list[str], index: int) -> tuple[str, int]:
    """The row at `index` joined with the lines that continue it, and the index of its last line."""
    row = lines[index]
    if not _is_open_row(row):
        return row, index
    while index + 1 < len(lines) and _is_continuation(lines[index + 1]) and not _ends_row(row):
        index += 1
        row = f"{row.rstrip()} {lines[index].strip()}"
    return row, index


_FENCE_MARK = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def fence_after(line: str, fence: str | None) -> str | None:
    """The marker of the fenced code block open after `line` (None outside one), given the one open before it."""
    match = _FENCE_MARK.match(line)
    if match is None:
        return fence
    mark, rest = match.groups()
    if fence is None:
        return None if mark[0] == "`" and "`" in rest else mark
    closes = mark[0] == fence[0] and len(mark) >= len(fence) and not rest.strip()
    return None if closes else fence


def _is_open_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and not _ends_row(stripped)


def _ends_row(line: str) -> bool:
    stripped = line.rstrip()
    return stripped.endswith("|") and not stripped.endswith("\\|")


_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")


def _is_continuation(line: str) -> bool:
    """A line that may continue an open row: not blank, not a row, not a heading or fence (those end a table)."""
    stripped = line.strip()
    starts_block = bool(_HEADING.match(line) or _FENCE_MARK.match(line))
    return bool(stripped) and not stripped.startswith("|") and not starts_block


def read_markdown(text: str) -> Document:
    lines, origin, continued = join_multiline_rows(text)
    tokens = _parser().parse("\n".join(lines))
    reader = _TokenReader(tokens, lines, origin)
    blocks = reader.blocks()
    return Document(
        reader.front_matter,
        reader.front_matter_line,
        tuple(blocks),
        tuple(n + 1 for n in continued),
    )


_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


def count_cells(row: str) -> int:
    """Cells of a GFM table row as written: split on unescaped pipes, outer pipes optional."""
    inner = row.strip().removeprefix("|")
    if _ends_row(inner):
        inner = inner.rstrip()[:-1]
    return len(_CELL_SEPARATOR.split(inner))


class _TokenReader:
    """Walks the top level of a token stream and makes one Block per top-level element."""

    def __init__(self, tokens: list[Token], lines: list[str], origin: list[int]) -> None:
        self.tokens = tokens
        self.lines = lines
        self.origin = origin
        self.position = 0
        self.front_matter: str | None = None
        self.front_matter_line = 1

    def original_line(self, token: Token) -> int:
        start = token.map[0] if token.map else 0
        return self.origin[min(start, len(self.origin) - 1)] + 1

    def raw(self, token: Token) -> str:
        if not token.map:
            return token.content
        return "\n".join(self.lines[token.map[0] : token.map[1]])

    def blocks(self) -> list[Block]:
        found: list[Block] = []
        while self.position < len(self.tokens):
            block = self.read_block(self.tokens[self.position])
            if block is not None:
                found.append(block)
        return found

    def read_block(self, token: Token) -> Block | None:
        line, raw = self.original_line(token), self.raw(token)
        if token.type == "front_matter":
            self.front_matter, self.front_matter_line = token.content, line
            self.position += 1
            return None
        if token.type in ("fence", "code_block"):
            self.position += 1
            return Fence(line, raw, token.info.strip(), token.content)
        if token.type == "heading_open":
            text = self.tokens[self.position + 1].content
            self.position += 3
            return Heading(line, raw, int(token.tag[1:]), text)
        if token.type == "paragraph_open":
            text = self.tokens[self.position + 1].content
            self.position += 3
            return Paragraph(line, raw, text)
        if token.type == "table_open":
            return self.read_table(line, raw)
        self.skip_element(token)
        return Other(line, raw) if raw.strip() else None

    def skip_element(self, token: Token) -> None:
        """Move past a token and, for an opening token, everything up to its closing twin."""
        depth = 0
        while self.position < len(self.tokens):
            depth += self.tokens[self.position].nesting
            self.position += 1
            if depth <= 0:
                return

    def read_table(self, line: int, raw: str) -> Table:
        rows: list[Row] = []
        cells: list[str] = []
        row_line, written = line, 0
        while self.tokens[self.position].type != "table_close":
            token = self.tokens[self.position]
            if token.type == "tr_open":
                cells, row_line, written = (
                    [],
                    self.original_line(token),
                    count_cells(self.raw(token)),
                )
            elif token.type == "inline":
                cells.append(token.content.strip())
            elif token.type == "tr_close":
                rows.append(Row(tuple(cells), row_line, written))
            self.position += 1
        self.position += 1
        header = rows[0].cells if rows else ()
        return Table(line, raw, header, tuple(rows[1:]))
