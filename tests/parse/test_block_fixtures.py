"""read_markdown on the cases of fixtures/blocks.txt (markdown-it-py fixture style: input, then expected)."""

from __future__ import annotations

import pytest

from generator.parse.markdown import (
    Block,
    Document,
    Fence,
    Heading,
    Paragraph,
    Table,
    read_markdown,
)
from tests.parse.docs import FIXTURES


def cases() -> list[tuple[str, str, str]]:
    """(title, input, expected) triples; each case is `title\\n.\\ninput\\n.\\nexpected\\n.`."""
    text = (FIXTURES / "blocks.txt").read_text(encoding="utf-8")
    parts = text.split("\n.\n")
    found = []
    for index in range(0, len(parts) - 2, 3):
        title = parts[index].strip().split("\n")[-1]
        found.append((title, parts[index + 1], parts[index + 2].strip("\n")))
    return found


def flat(text: str) -> str:
    return " / ".join(line.strip() for line in text.strip("\n").split("\n"))


def describe_block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{block.line} h{block.level} {block.text}"]
    if isinstance(block, Paragraph):
        return [f"{block.line} p {flat(block.text)}"]
    if isinstance(block, Fence):
        return [f"{block.line} fence {block.info}: {flat(block.content)}"]
    if isinstance(block, Table):
        rows = [f"{row.line}   row {' | '.join(row.cells)}" for row in block.rows]
        return [f"{block.line} table {' | '.join(block.header)}", *rows]
    return [f"{block.line} other {flat(block.raw)}"]


def describe(document: Document) -> str:
    lines = []
    if document.front_matter is not None:
        lines.append(f"front matter {document.front_matter_line}: {flat(document.front_matter)}")
    lines += [line for block in document.blocks for line in describe_block(block)]
    if document.joined_rows:
        lines.append("joined " + ", ".join(str(line) for line in document.joined_rows))
    return "\n".join(lines)


def test_the_fixture_file_has_cases() -> None:
    assert len(cases()) == 6


@pytest.mark.parametrize(
    ("title", "source", "expected"), cases(), ids=[case[0] for case in cases()]
)
def test_blocks(title: str, source: str, expected: str) -> None:
    assert describe(read_markdown(source)) == expected, title
