"""Writing OUT: compare with what is there, and swap the new tree in atomically.

The new tree is built in a staging folder beside OUT: unchanged files and files the generator did not
write are hard-linked (same inode, same mtime), changed and new files are written, orphans (files the
last run wrote that this run does not) are left out. Only when the staging tree is complete is it
exchanged with OUT, so an error, a kill or Ctrl-C leaves the previous OUT exactly as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.write.manifest import MANIFEST_PATH, Manifest, sha256

GENERATOR_DIR = ".generator"


class OutputError(Exception):
    """OUT cannot be written as asked (not ours, not writable, an unsafe path)."""


@dataclass
class Changes:
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.changed or self.added or self.orphaned)

    def summary(self) -> str:
        return f"{len(self.changed)} changed, {len(self.added)} added, {len(self.orphaned)} orphaned"

    def lines(self) -> list[str]:
        return (
            [f"changed  {path}" for path in self.changed]
            + [f"added    {path}" for path in self.added]
            + [f"orphaned {path}" for path in self.orphaned]
        )


def safe_relative(path: str) -> str:
    """The path, refused unless it is a plain relative path that stays inside OUT."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or not pure.parts or any(part in ("", ".", "..") for part in pure.parts) or "\\" in path:
        raise OutputError(f"refusing to write outside the output folder: {path!r}")
    return pure.as_posix()


def compare(out: Path, outputs: dict[str, bytes], previous: Manifest | None) -> Changes:
    changes = Changes()
    for path, data in outputs.items():
        target = out / path
        if not target.is_file():
            changes.added.append(path)
        elif _file_hash(target) != sha256(data):
            changes.changed.append(path)
    if previous is not None:
        changes.orphaned = sorted(path for path in previous.outputs if path not in outputs and (out / path).exists())
    return changes


def _file_hash(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def check_ownership(out: Path, previous: Manifest | None, force: bool) -> None:
    if previous is None and out.is_dir() and any(out.iterdir()) and not force:
        raise OutputError(f"{out} is not empty and has no {MANIFEST_PATH}: not written by generator (use --force)")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")


def commit(out: Path, outputs: dict[str, bytes], manifest: Manifest, previous: Manifest | None) -> None:
    """Build the new OUT beside the old one and swap it in."""
    staging = out.parent / f".{out.name}.generator-staging-{os.getpid()}"
    _remove(staging)
    try:
        staging.mkdir(parents=True)
        if out.is_dir():
            _carry_over(out, staging, outputs, previous)
        for path, data in outputs.items():
            _write_if_needed(staging / safe_relative(path), data)
        _write_if_needed(staging / MANIFEST_PATH, manifest.to_json().encode())
        _swap_in(staging, out)
    finally:
        _remove(staging)


def _carry_over(out: Path, staging: Path, outputs: dict[str, bytes], previous: Manifest | None) -> None:
    """Link every file of the old OUT that stays: unchanged outputs and files the generator did not write."""
    ours = set(previous.outputs) if previous is not None else set()
    for directory, folders, files in os.walk(out):
        relative_dir = Path(directory).relative_to(out)
        (staging / relative_dir).mkdir(parents=True, exist_ok=True)
        for name in files:
            relative = (relative_dir / name).as_posix()
            if relative == MANIFEST_PATH or (relative in ours and relative not in outputs):
                continue
            source = Path(directory) / name
            if relative not in outputs or _file_hash(source) == sha256(outputs[relative]):
                _link_or_copy(source, staging / relative)


def _link_or_copy(source: Path, target: Path) -> None:
    if source.is_symlink():
        target.symlink_to(os.readlink(source))
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write_if_needed(target: Path, data: bytes) -> None:
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        return
    retired = out.parent / f".{out.name}.generator-old-{os.getpid()}"
    os.rename(out, retired)
    os.rename(staging, out)
    _remove(retired)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where not available."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(result == 0)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
