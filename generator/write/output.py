"""Writing OUT: compare with what is there, and swap the new tree in atomically.

The new tree is built in a staging folder beside OUT: unchanged files and files the generator did not
write are hard-linked (same inode, same mtime), changed and new files are written, orphans (files the
last run wrote that this run does not) are left out. Only when the staging tree is complete is it
exchanged with OUT, so an error, a kill or Ctrl-C leaves the previous OUT exactly as it was; a later run
removes what a killed one left beside OUT.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

from generator.naming import is_portable_file_name
from generator.write.manifest import GENERATOR_DIR, MANIFEST_PATH, Manifest, sha256

CACHE_DIR = f"{GENERATOR_DIR}/cache"
STAGING_MARK, RETIRED_MARK = "generator-staging", "generator-old"


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
        return (
            f"{len(self.changed)} changed, {len(self.added)} added, {len(self.orphaned)} orphaned"
        )

    def lines(self) -> list[str]:
        return (
            [f"changed  {path}" for path in self.changed]
            + [f"added    {path}" for path in self.added]
            + [f"orphaned {path}" for path in self.orphaned]
        )


def safe_relative(path: str) -> str:
    """The path, refused unless it is a plain relative path that stays inside OUT."""
    pure = PurePosixPath(path)
    if (
        pure.is_absolute()
        or not pure.parts
        or any(part in ("", ".", "..") for part in pure.parts)
        or "\\" in path
    ):
        raise OutputError(f"refusing to write outside the output folder: {path!r}")
    if pure.parts[0] == GENERATOR_DIR:
        raise OutputError(f"refusing to write into the generator's own folder: {path!r}")
    return pure.as_posix()


def check_output_paths(paths: Iterable[str]) -> None:
    """Every output stays inside OUT, has a name every file system takes, and no two outputs are one
    file where case does not count. Names are made so by construction: this is the last guard."""
    seen: dict[str, str] = {}
    for path in sorted(paths):
        parts = PurePosixPath(safe_relative(path)).parts
        if not all(is_portable_file_name(part) for part in parts):
            raise OutputError(f"refusing to write a file name that is not portable: {path!r}")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            other = seen.setdefault(prefix.casefold(), prefix)
            if other != prefix:
                raise OutputError(f"two outputs differ only in case: {other!r} and {prefix!r}")


def compare(out: Path, outputs: dict[str, bytes], previous: Manifest | None) -> Changes:
    """How OUT differs from the outputs of this run (sorted by path)."""
    check_output_paths(outputs)
    changes = Changes()
    for path, data in sorted(outputs.items()):
        target = out / path
        if not target.is_file():
            changes.added.append(path)
        elif _file_hash(target) != sha256(data):
            changes.changed.append(path)
    if previous is not None:
        changes.orphaned = sorted(
            path for path in previous.outputs if path not in outputs and (out / path).exists()
        )
    return changes


def _file_hash(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def check_ownership(out: Path, previous: Manifest | None, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if previous is None and out.is_dir() and any(out.iterdir()) and not force:
        raise OutputError(
            f"{out} is not empty and has no readable {MANIFEST_PATH}: not written by generator (use --force)"
        )


def check_conflicts(out: Path, changes: Changes, previous: Manifest | None, force: bool) -> None:
    """Refuse to replace a file the generator did not write (unless --force)."""
    ours = previous.outputs if previous is not None else {}
    foreign = [
        path
        for path in changes.changed
        if path not in ours and not path.startswith(f"{GENERATOR_DIR}/")
    ]
    if foreign and not force:
        listed = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise OutputError(
            f"{out}: would replace files the generator did not write: {listed} (use --force)"
        )


# ---------------------------------------------------------------------------------------------------
# One run at a time per OUT, and what killed runs left behind


def sibling(out: Path, mark: str, pid: int | None = None) -> Path:
    return out.parent / f".{out.name}.{mark}-{os.getpid() if pid is None else pid}"


@contextmanager
def exclusive(out: Path) -> Iterator[Path]:
    """Hold a lock on OUT's parent folder (other runs into it wait) and yield OUT as an absolute path.

    Within the lock, leftovers of killed runs are cleaned up first."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(out.parent, os.O_RDONLY)
    try:
        _lock(descriptor)
        clean_leftovers(out)
        yield out
    finally:
        os.close(descriptor)


def _lock(descriptor: int) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: runs into one OUT are not kept apart
        return
    fcntl.flock(descriptor, fcntl.LOCK_EX)


def leftovers(out: Path, mark: str) -> list[Path]:
    return sorted(out.parent.glob(f"{glob.escape(f'.{out.name}.{mark}-')}*"))


def clean_leftovers(out: Path) -> None:
    """Remove staging folders of killed runs; put back an OUT a run was killed while swapping in."""
    for staging in leftovers(out, STAGING_MARK):
        _remove(staging)
    retired = leftovers(out, RETIRED_MARK)
    if retired and not out.exists():
        os.rename(retired.pop(), out)
    for old in retired:
        _remove(old)


# ---------------------------------------------------------------------------------------------------
# Building the new tree and swapping it in


def commit(
    out: Path, outputs: dict[str, bytes], manifest: Manifest, previous: Manifest | None
) -> None:
    """Build the new OUT (absolute, from `exclusive`) beside the old one and swap it in."""
    staging = sibling(out, STAGING_MARK)
    _remove(staging)
    try:
        staging.mkdir()
        if out.is_dir():
            _carry_over(out, staging, outputs, previous)
        for path, data in outputs.items():
            _write_new(staging / safe_relative(path), data)
        _write_new(staging / MANIFEST_PATH, manifest.to_json().encode())
        _swap_in(staging, out)
        _move_cache(staging, out)
        _rescue_late_files(staging, out, outputs, previous)
    finally:
        _remove(staging)


def _carry_over(
    out: Path, staging: Path, outputs: dict[str, bytes], previous: Manifest | None
) -> None:
    """Link every file of the old OUT that stays: unchanged outputs and files the generator did not write.

    Folders are made as files need them, so a folder left empty by its orphans goes; empty folders the
    generator did not make are kept, and every kept folder keeps its permissions."""
    ours = set(previous.outputs) if previous is not None else set()
    os.chmod(staging, stat.S_IMODE(out.stat().st_mode))
    for relative_dir, names, empty in _walk(out):
        if empty and relative_dir.parts:
            _make_folder(out, staging, relative_dir)
        for name in names:
            relative = (relative_dir / name).as_posix()
            if _stays(out / relative, relative, outputs, ours):
                _link_or_copy(out, staging, relative)


def _walk(out: Path) -> Iterator[tuple[Path, list[str], bool]]:
    """(folder relative to OUT, the files and links in it, whether it is empty) for every folder of
    OUT but .generator/. A link to a folder is a link like any other: kept as it is, not followed.
    """
    for directory, folders, files in os.walk(out):
        relative_dir = Path(directory).relative_to(out)
        if relative_dir.parts[:1] == (GENERATOR_DIR,):
            folders.clear()  # the manifest is rewritten, the cache moved over after the swap
            continue
        links = [name for name in folders if (Path(directory) / name).is_symlink()]
        empty = not folders and not files
        folders[:] = [name for name in folders if name not in links]
        yield relative_dir, sorted(files + links), empty


def _stays(source: Path, relative: str, outputs: dict[str, bytes], ours: set[str]) -> bool:
    """An output whose bytes do not change, or a file the generator did not write."""
    if relative in outputs:
        return _file_hash(source) == sha256(outputs[relative])
    return relative not in ours


def _make_folder(out: Path, staging: Path, relative: Path) -> None:
    """Make staging/relative with the permissions its counterpart has in OUT (parents first)."""
    target = staging / relative
    if target.is_dir():
        return
    if relative.parent.parts:
        _make_folder(out, staging, relative.parent)
    target.mkdir()
    os.chmod(target, stat.S_IMODE((out / relative).stat().st_mode))


def _link_or_copy(out: Path, staging: Path, relative: str) -> None:
    source, target = out / relative, staging / relative
    _make_folder(out, staging, Path(relative).parent)
    if source.is_symlink():
        target.symlink_to(os.readlink(source))
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write_new(target: Path, data: bytes) -> None:
    """Write a file that is not in staging yet (carried over ones are left alone)."""
    if target.is_dir() and not target.is_symlink():
        raise OutputError(f"a folder the generator did not make is where it writes {target.name}")
    if target.exists() or target.is_symlink():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        return
    # No atomic exchange here: two renames. A run killed between them leaves OUT missing and the old
    # tree in a generator-old folder, which clean_leftovers() puts back.
    retired = sibling(out, RETIRED_MARK)
    os.rename(out, retired)
    os.rename(staging, out)
    os.rename(retired, staging)


def _move_cache(old_tree: Path, out: Path) -> None:
    """Keep the old tree's cache (it is not an output: never staged, updated in place after a run)."""
    old_cache, new_cache = old_tree / CACHE_DIR, out / CACHE_DIR
    if old_cache.is_dir() and not new_cache.exists():
        new_cache.parent.mkdir(parents=True, exist_ok=True)
        os.rename(old_cache, new_cache)


def _rescue_late_files(
    old_tree: Path, out: Path, outputs: dict[str, bytes], previous: Manifest | None
) -> None:
    """Move into the new OUT the files someone else created in the old one while this run built its tree."""
    ours = set(outputs) | (set(previous.outputs) if previous is not None else set())
    for directory, folders, files in os.walk(old_tree):
        relative_dir = Path(directory).relative_to(old_tree)
        if relative_dir.parts[:1] == (GENERATOR_DIR,):
            folders.clear()
            continue
        for name in files:
            relative = (relative_dir / name).as_posix()
            if relative not in ours and not os.path.lexists(out / relative):
                (out / relative).parent.mkdir(parents=True, exist_ok=True)
                os.rename(Path(directory) / name, out / relative)


@cache
def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2 (glibc 2.28+); looked up in the running process, no library search needed."""
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where not available."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False  # not supported by this kernel or file system
    raise OSError(code, f"cannot swap {first} and {second} in: {os.strerror(code)}")


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
