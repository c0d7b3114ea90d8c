"""Find doc files and decode them to text; refuse binaries and oversize files with a diagnostic."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from generator.diagnostics import Code, diagnostic
from generator.model import Diagnostic, Source, SourceFile

DOC_SUFFIXES = (".md", ".markdown", ".txt")
MAX_DOC_BYTES = 4 * 1024 * 1024


def find_docs(root: Path) -> list[Path]:
    """Doc files below root, sorted by relative path; hidden files and folders, and links, are not
    followed."""
    return [Path(path) for _, path in list_docs(root)]


def list_docs(root: Path) -> list[tuple[str, str]]:
    """(relative POSIX path, path) of each doc, sorted: plain strings, for the no-change path. The
    folder entries say what each is (no stat per file)."""
    found: list[tuple[str, str]] = []
    pending = [(os.path.join(str(root), ""), "")]
    while pending:
        folder, relative = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, f"{relative}{entry.name}/"))
            elif entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(DOC_SUFFIXES):
                found.append((relative + entry.name, entry.path))
    return sorted(found)


def read_doc(root: Path, path: Path) -> SourceFile | Diagnostic:
    relative = path.relative_to(root).as_posix()
    where = Source(file=relative, line=1)
    try:
        with path.open("rb") as stream:  # never more than the limit in memory
            data, size = stream.read(MAX_DOC_BYTES + 1), os.fstat(stream.fileno()).st_size
    except OSError as error:
        return diagnostic(Code.R001, where, f"cannot read the file: {error.strerror or error}")
    if len(data) > MAX_DOC_BYTES:
        message = f"too large for a doc ({max(size, len(data))} bytes, limit {MAX_DOC_BYTES})"
        return diagnostic(Code.R002, where, message)
    if b"\x00" in data:
        return diagnostic(Code.R002, where, f"binary, not a text doc (NUL byte at {data.index(0)})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        at = replace(where, line=data[: error.start].count(b"\n") + 1)
        return diagnostic(Code.R001, at, f"not UTF-8 (byte {error.start}): {error.reason}")
    if not text.strip():
        return diagnostic(Code.R003, where, "empty, not a doc")
    return SourceFile(path=relative, text=text.replace("\r\n", "\n").replace("\r", "\n"))


def read_docs(
    root: Path, skip: Callable[[str], bool] | None = None
) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every doc's text, or the diagnostic of why it cannot be read; `skip(relative path)`: the
    docs not to read (the caller has what it needs of them), in neither list."""
    files: list[SourceFile] = []
    problems: list[Diagnostic] = []
    for relative, found in list_docs(root):
        if skip is not None and skip(relative):
            continue
        result = read_doc(root, Path(found))
        if isinstance(result, SourceFile):
            files.append(result)
        else:
            problems.append(result)
    return files, problems
