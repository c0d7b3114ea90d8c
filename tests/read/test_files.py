"""Stage 1: finding docs and decoding them; binary, non-UTF-8 and oversize files refused with R001/R002."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Diagnostic, Level, SourceFile
from generator.read import files
from generator.read.files import find_docs, read_doc, read_docs


def write(root: Path, relative: str, data: bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def names(root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in find_docs(root)]


def test_find_docs_by_suffix_sorted_by_relative_path(tmp_path: Path) -> None:
    for relative in (
        "rest/b.md",
        "rest/a.MD",
        "agent/z.markdown",
        "notes.txt",
        "image.png",
        "rest/a.md.bak",
        "Zeta.md",
    ):
        write(tmp_path, relative, b"x")
    assert names(tmp_path) == ["Zeta.md", "agent/z.markdown", "notes.txt", "rest/a.MD", "rest/b.md"]


def test_find_docs_skips_hidden_entries_and_links(tmp_path: Path) -> None:
    write(tmp_path, "rest/a.md", b"x")
    write(tmp_path, ".cache/b.md", b"x")
    write(tmp_path, "rest/.c.md", b"x")
    outside = write(tmp_path.parent / f"{tmp_path.name}-outside", "d.md", b"x")
    (tmp_path / "linked.md").symlink_to(outside)
    (tmp_path / "linked-folder").symlink_to(outside.parent, target_is_directory=True)
    assert names(tmp_path) == ["rest/a.md"]


def read(root: Path, relative: str, data: bytes) -> SourceFile | Diagnostic:
    return read_doc(root, write(root, relative, data))


def test_utf8_text_is_kept_as_is(tmp_path: Path) -> None:
    text = "---\nuid: v1Gadget_X\n---\n\n# GET Gadget\n\nGroßes Zahnrad – ça tourne.\n| a | b |  "
    assert read(tmp_path, "rest/x.md", text.encode()) == SourceFile(path="rest/x.md", text=text)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbf---\nuid: x\n---", "---\nuid: x\n---"),
        (b"---\r\nuid: x\r\n---\r\n", "---\nuid: x\n---\n"),
        (b"a\rb\r\nc\n", "a\nb\nc\n"),
        (b"\xef\xbb\xbfno final newline", "no final newline"),
    ],
)
def test_bom_dropped_and_line_ends_made_lf(tmp_path: Path, data: bytes, text: str) -> None:
    assert read(tmp_path, "x.md", data) == SourceFile(path="x.md", text=text)


def refusal(result: SourceFile | Diagnostic) -> tuple[str, str, int, Level]:
    assert isinstance(result, Diagnostic)
    return result.code, result.source.file, result.source.line, result.level


def test_a_file_with_nul_bytes_is_binary(tmp_path: Path) -> None:
    result = read(tmp_path, "rest/pic.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert refusal(result) == ("R002", "rest/pic.md", 1, Level.ERROR)
    assert (
        isinstance(result, Diagnostic)
        and result.message == "binary, not a text doc (NUL byte at 8)"
    )


def test_utf16_text_is_refused_as_binary(tmp_path: Path) -> None:
    result = read(tmp_path, "rest/wide.md", "---\nuid: x".encode("utf-16"))
    assert refusal(result) == ("R002", "rest/wide.md", 1, Level.ERROR)


def test_an_oversize_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_DOC_BYTES", 16)
    assert isinstance(read(tmp_path, "small.md", b"x" * 16), SourceFile)
    result = read(tmp_path, "big.md", b"x" * 17)
    assert refusal(result) == ("R002", "big.md", 1, Level.ERROR)
    assert (
        isinstance(result, Diagnostic)
        and result.message == "too large for a doc (17 bytes, limit 16)"
    )


def test_a_file_that_is_not_utf8_is_reported_at_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    result = read(tmp_path, "rest/latin1.md", "---\nuid: Zahnräder\n---".encode("latin-1"))
    assert refusal(result) == ("R001", "rest/latin1.md", 2, Level.ERROR)
    assert (
        isinstance(result, Diagnostic)
        and result.message == "not UTF-8 (byte 14): invalid continuation byte"
    )


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    assert refusal(read_doc(tmp_path, tmp_path / "gone.md")) == ("R001", "gone.md", 1, Level.ERROR)


def test_read_docs_returns_files_and_refusals_apart(tmp_path: Path) -> None:
    write(tmp_path, "a.md", b"fine")
    write(tmp_path, "b.md", b"\x00")
    write(tmp_path, "c.md", b"\xff\xfe")
    found, problems = read_docs(tmp_path)
    assert found == [SourceFile(path="a.md", text="fine")]
    assert [(p.code, str(p.source)) for p in problems] == [("R002", "b.md:1"), ("R001", "c.md:1")]
