"""Writing OUT: compare with what is there, and swap the new tree in atomically.

The new tree is built in a staging folder beside OUT: unchanged files and files the generator did not
write are hard-linked (same inode, same mtime), changed and new files are written, orphans (files the
last run wrote that this run does not) are left out. A folder holding no output (`node_modules/`, a
user's own folder) is neither walked nor linked file by file: it is moved into the new tree whole, by
one rename just after the swap. Only when the staging tree is complete is it
exchanged with OUT, so an error, a kill or Ctrl-C leaves the previous OUT exactly as it was; a later run
removes what a killed one left beside OUT.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

from generator.naming import is_portable_file_name
from generator.write.manifest import GENERATOR_DIR, MANIFEST_PATH, Manifest, file_hash, sha256

CACHE_DIR = f"{GENERATOR_DIR}/cache"
STAGING_MARK, RETIRED_MARK, MOVING_MARK = "generator-staging", "generator-old", "generator-moving"
PENDING_MARK = "generator-pending"  # cache files of a run (write/cache.py, Pending)


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
    parts = path.split("/")
    if not (path.startswith("/") or "\\" in path or {"", ".", ".."} & set(parts)):
        if parts[0] == GENERATOR_DIR:
            raise OutputError(f"refusing to write into the generator's own folder: {path!r}")
        return path  # already in the form below (the common case, told without pathlib)
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
    seen: dict[str, str] = {}  # each file and folder, case folded -> as written
    checked: set[str] = set()  # the folders checked already, as written
    for path in sorted(paths):
        relative = safe_relative(path)
        prefix = ""
        for part in relative.split("/"):
            prefix = f"{prefix}/{part}" if prefix else part
            if prefix in checked:
                continue
            if not is_portable_file_name(part):
                raise OutputError(f"refusing to write a file name that is not portable: {path!r}")
            other = seen.setdefault(prefix.casefold(), prefix)
            if other != prefix:
                raise OutputError(f"two outputs differ only in case: {other!r} and {prefix!r}")
            checked.add(prefix)


class DiskHashes:
    """The hash of each file of OUT, read once a run unless its stat changes. `hasher(relative,
    path, stat)` finds a hash not known yet: by default it reads and hashes the file; the
    pipeline's trusts the stats the last run recorded (generator/write/stats.py).

    A run stats a file when it first asks, and again just before it links the file into the new
    tree (commit); `known` then holds each file's stat as OUT has it, but for the files the commit
    wrote (forgotten as it writes them).
    """

    def __init__(
        self, out: Path, hasher: Callable[[str, str, os.stat_result], str | None] | None = None
    ) -> None:
        self.out = out
        self.hasher = hasher or (lambda relative, path, found: file_hash(path))
        self.known: dict[str, tuple[os.stat_result | None, str | None]] = {}

    def of(self, relative: str, again: bool = True) -> str | None:
        """The file's hash (None: no such file); `again=False` takes a stat this run took as it is."""
        cached = self.known.get(relative)
        if cached is not None and not again:
            return cached[1]
        path = os.path.join(self.out, relative)
        try:
            found: os.stat_result | None = os.stat(path)
        except OSError:
            found = None
        if cached is not None and cached[0] is not None and found is not None:
            if _same_stat(cached[0], found):
                return cached[1]
        digest = self.hasher(relative, path, found) if found is not None else None
        self.known[relative] = found, digest
        return digest

    def stat(self, relative: str) -> os.stat_result | None:
        """The file's stat as this run last took it, if it did and has not written the file since."""
        cached = self.known.get(relative)
        return None if cached is None else cached[0]

    def forget(self, relative: str) -> None:
        self.known.pop(relative, None)


def _same_stat(first: os.stat_result, second: os.stat_result) -> bool:
    return (first.st_ino, first.st_size, first.st_mtime_ns) == (
        second.st_ino,
        second.st_size,
        second.st_mtime_ns,
    )


def compare(
    out: Path, manifest: Manifest, previous: Manifest | None, disk: DiskHashes | None = None
) -> Changes:
    """How OUT differs from the outputs of this run, as its manifest records them (sorted by path)."""
    check_output_paths(manifest.outputs)
    disk = disk or DiskHashes(out)
    changes = Changes()
    for path, record in sorted(manifest.outputs.items()):
        found = disk.of(path, again=False)  # commit stats each file it keeps again
        if found is None:
            changes.added.append(path)
        elif found != record.sha256:
            changes.changed.append(path)
    if previous is not None:
        changes.orphaned = sorted(
            path
            for path in previous.outputs
            if path not in manifest.outputs and (out / path).exists()
        )
    return changes


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
    rescue_moved_folders(out)
    for staging in leftovers(out, STAGING_MARK) + leftovers(out, PENDING_MARK):
        _remove(staging)
    retired = leftovers(out, RETIRED_MARK)
    if retired and not out.exists():
        os.rename(retired.pop(), out)
    for old in retired:
        _remove(old)


# ---------------------------------------------------------------------------------------------------
# Building the new tree and swapping it in


def commit(
    out: Path,
    outputs: dict[str, bytes],
    manifest: Manifest,
    previous: Manifest | None,
    owned: Mapping[str, bytes] | None = None,
    disk: DiskHashes | None = None,
) -> None:
    """Build the new OUT (absolute, from `exclusive`) beside the old one and swap it in; `owned` are
    more files of the generator's own folder (path in OUT -> bytes), written like the manifest;
    `disk` knows the hashes of OUT's files that compare() read."""
    staging, journal = sibling(out, STAGING_MARK), sibling(out, MOVING_MARK)
    disk = disk or DiskHashes(out)
    _remove(staging)
    swapped = moved = False
    try:
        staging.mkdir()
        foreign = (
            _carry_over(out, staging, outputs, manifest, previous, disk) if out.is_dir() else []
        )
        for path, data in outputs.items():
            if _write_new(staging / safe_relative(path), data):
                disk.forget(path)
        _write_new(staging / MANIFEST_PATH, manifest.to_json().encode())
        for path, data in (owned or {}).items():
            _keep_or_write(out, staging, path, data)
        if foreign:
            journal.write_text(json.dumps(foreign), encoding="utf-8")
        _swap_in(staging, out)
        swapped = True
        _move_folders(staging, out, foreign)
        moved = True
        _move_cache(staging, out)
        _rescue_late_files(staging, out, outputs, previous)
    finally:
        if moved or not swapped:  # else the next run moves the folders still in the old tree
            _remove(staging)
            _remove(journal)


def _carry_over(
    out: Path,
    staging: Path,
    outputs: dict[str, bytes],
    manifest: Manifest,
    previous: Manifest | None,
    disk: DiskHashes,
) -> list[str]:
    """Link every file of the old OUT that stays: unchanged outputs and files the generator did not write.

    Folders are made as files need them, so a folder left empty by its orphans goes; empty folders the
    generator did not make are kept, and every kept folder keeps its permissions. A folder with no
    output in it (e.g. `node_modules/`) is not walked: it is moved over whole after the swap, and
    returned here (relative paths)."""
    ours = set(previous.outputs) if previous is not None else set()
    owned = owned_folders(set(outputs) | ours)
    os.chmod(staging, stat.S_IMODE(out.stat().st_mode))
    folders = _Folders(out, staging)
    foreign: list[str] = []
    for relative_dir, names, empty, unowned in _walk(out, owned):
        if empty and relative_dir.parts:
            folders.make(relative_dir.as_posix())
        prefix = "" if not relative_dir.parts else relative_dir.as_posix() + "/"
        for name in unowned:
            relative = prefix + name
            if relative in outputs:
                raise OutputError(f"a folder the generator did not make is where it writes {name}")
            folders.make(prefix.rstrip("/"))
            foreign.append(relative)
        for name in names:
            relative = prefix + name
            record = manifest.outputs.get(relative)
            stays = (
                disk.of(relative) == record.sha256 if record is not None else relative not in ours
            )
            if stays:
                folders.make(prefix.rstrip("/"))
                _link_or_copy(out, staging, relative)
    return foreign


class _Folders:
    """The staging tree's folders, each made once with the permissions its counterpart has in OUT."""

    def __init__(self, out: Path, staging: Path) -> None:
        self.out, self.staging = out, staging
        self.made: set[str] = {""}

    def make(self, relative: str) -> None:
        if relative in self.made:
            return
        parent = relative.rpartition("/")[0]
        self.make(parent)
        target = os.path.join(self.staging, relative)
        if not os.path.isdir(target):
            os.mkdir(target)
            os.chmod(target, stat.S_IMODE(os.stat(os.path.join(self.out, relative)).st_mode))
        self.made.add(relative)


def owned_folders(paths: set[str]) -> set[str]:
    """Every folder (relative, POSIX; "." is OUT) that holds one of the paths, at any depth."""
    folders = {"."} if paths else set()
    for path in paths:
        end = path.rfind("/")
        while end > 0 and path[:end] not in folders:  # a folder seen before had its parents added
            folders.add(path[:end])
            end = path.rfind("/", 0, end)
    return folders


def _walk(out: Path, owned: set[str]) -> Iterator[tuple[Path, list[str], bool, list[str]]]:
    """(folder relative to OUT, the files and links in it, whether it is empty, its subfolders that
    hold no output) for every folder of OUT that holds an output, but .generator/. A link to a folder
    is a link like any other: kept as it is, not followed. Folders without outputs are not entered.
    """
    for directory, folders, files in os.walk(out):
        relative_dir = Path(directory).relative_to(out)
        if relative_dir.parts[:1] == (GENERATOR_DIR,):
            folders.clear()  # the manifest is rewritten, the cache moved over after the swap
            continue
        links = [name for name in folders if (Path(directory) / name).is_symlink()]
        empty = not folders and not files
        real = [name for name in folders if name not in links]
        entered = owned | {GENERATOR_DIR}
        folders[:] = [name for name in real if (relative_dir / name).as_posix() in entered]
        unowned = sorted(name for name in real if name not in folders)
        yield relative_dir, sorted(files + links), empty, unowned


def _link_or_copy(out: Path, staging: Path, relative: str) -> None:
    """Carry a file over into staging, whose folder for it exists."""
    source, target = os.path.join(out, relative), os.path.join(staging, relative)
    try:
        os.link(source, target, follow_symlinks=False)  # a symbolic link stays one, not followed
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _write_new(target: Path, data: bytes) -> bool:
    """Write a file that is not in staging yet (carried over ones are left alone); whether it did."""
    path = os.fspath(target)
    if os.path.lexists(path):
        if os.path.isdir(path) and not os.path.islink(path):
            raise OutputError(
                f"a folder the generator did not make is where it writes {target.name}"
            )
        return False
    try:
        target.write_bytes(data)
    except FileNotFoundError:  # its folder is not made yet
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return True


def _keep_or_write(out: Path, staging: Path, relative: str, data: bytes) -> None:
    """A file of the generator's own folder: linked when its bytes stay (same inode and mtime)."""
    if file_hash(out / relative) == sha256(data):
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(out, staging, relative)
    else:
        _write_new(staging / relative, data)


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


def _move_folders(old_tree: Path, out: Path, folders: list[str]) -> None:
    """Move the folders that hold no output (node_modules/, a user's own folders) into the new OUT, each
    with one rename (same inode, nothing inside touched). One that is there already (made during the
    run) is left to _rescue_late_files."""
    for relative in folders:
        source, target = old_tree / relative, out / relative
        if source.is_dir() and not os.path.lexists(target):
            os.rename(source, target)


def rescue_moved_folders(out: Path) -> None:
    """Put back the folders a run killed between its swap and their move left in its old tree (the
    journal beside OUT lists them; the old tree is the staging folder, or the retired one when the
    two-rename swap was cut short; a run killed before its swap left them in OUT, where they stay).
    """
    for journal in leftovers(out, MOVING_MARK):
        pid = int(journal.name.rpartition("-")[2])
        folders = json.loads(journal.read_text(encoding="utf-8"))
        for old_tree in (sibling(out, STAGING_MARK, pid), sibling(out, RETIRED_MARK, pid)):
            if out.is_dir() and old_tree.is_dir():
                _move_folders(old_tree, out, folders)
        journal.unlink()


def _rescue_late_files(
    old_tree: Path, out: Path, outputs: dict[str, bytes], previous: Manifest | None
) -> None:
    """Move into the new OUT the files someone else created in the old one while this run built its tree."""
    ours = set(outputs) | (set(previous.outputs) if previous is not None else set())
    root = os.path.join(old_tree, "")
    for directory, folders, files in os.walk(old_tree):
        prefix = os.path.join(directory, "")[len(root) :].replace(os.sep, "/")
        if prefix.split("/", 1)[0] == GENERATOR_DIR:
            folders.clear()
            continue
        for name in files:
            relative = prefix + name
            target = os.path.join(out, relative)
            if relative not in ours and not os.path.lexists(target):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.rename(os.path.join(directory, name), target)


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


def remove(path: Path) -> None:
    """Remove a file or a folder (with what is in it), if there."""
    _remove(path)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
