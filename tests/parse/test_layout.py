"""The same doc with CRLF, a BOM, a final newline or trailing spaces parses to the same model (FORMAT.md §1, §14)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model import ParsedDoc, SourceFile
from generator.read.files import read_doc
from tests.parse.docs import fixture, parse


def from_disk(tmp_path: Path, data: bytes) -> ParsedDoc:
    (tmp_path / "doc.md").write_bytes(data)
    source = read_doc(tmp_path, tmp_path / "doc.md")
    assert isinstance(source, SourceFile)
    result = parse(source.text)
    assert result.diagnostics == ()
    assert result.doc is not None
    return result.doc


def trailing_spaces(text: str) -> str:
    """Two spaces after every line that is not inside a fence (there they would change the sample)."""
    lines, inside = [], False
    for line in text.split("\n"):
        inside = inside != line.startswith("```")
        lines.append(line if inside and not line.startswith("```") else line + "  ")
    return "\n".join(lines)


@pytest.mark.parametrize("name", ["newer.md", "older.md"])
@pytest.mark.parametrize(
    "variant",
    [
        lambda text: text.replace("\n", "\r\n").encode(),
        lambda text: b"\xef\xbb\xbf" + text.encode(),
        lambda text: (text + "\n").encode(),
        lambda text: trailing_spaces(text).encode(),
    ],
    ids=["crlf", "bom", "final-newline", "trailing-spaces"],
)
def test_layout_variants_parse_alike(
    tmp_path: Path, name: str, variant: Callable[[str], bytes]
) -> None:
    text = fixture(name)
    assert not text.endswith("\n")
    assert from_disk(tmp_path, variant(text)) == from_disk(tmp_path, text.encode())
