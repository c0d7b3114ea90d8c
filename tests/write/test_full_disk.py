"""A full disk or a read-only parent folder while writing leaves OUT exactly as it was: injected errors
at every write step, and (where this process may mount one) a real, small tmpfs."""

from __future__ import annotations

import errno
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import run
from generator.settings import Settings
from tests.write.fixture_docs import doc_path, doc_text, schema_path, siblings, snapshot, write_docs

FULL = OSError(errno.ENOSPC, "No space left on device")
READ_ONLY = OSError(errno.EROFS, "Read-only file system")
DENIED = PermissionError(errno.EACCES, "Permission denied")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Docs and the OUT generated from them, made once for the module."""
    root = tmp_path_factory.mktemp("generated")
    run(write_docs(root / "docs"), root / "out", Settings())
    return root


@pytest.fixture
def docs(tmp_path: Path, generated: Path) -> Path:
    shutil.copytree(generated / "docs", tmp_path / "docs")
    return tmp_path / "docs"


@pytest.fixture
def out(tmp_path: Path, docs: Path, generated: Path) -> Path:
    """A copy of the generated OUT, and a doc changed since, so that the next run writes."""
    shutil.copytree(generated / "out", tmp_path / "out", symlinks=True)
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed."))
    return tmp_path / "out"


def failing_after(
    calls: int, error: OSError, original: Callable[..., object]
) -> Callable[..., object]:
    count = [0]

    def stand_in(*arguments: object, **keywords: object) -> object:
        count[0] += 1
        if count[0] > calls:
            raise error
        return original(*arguments, **keywords)

    return stand_in


def writes_of_a_run(docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many files a run writes (through Path.write_bytes), counted on a copy of OUT."""
    copy = out.parent / "copy-of-out"
    shutil.copytree(out, copy, symlinks=True)
    written: list[Path] = []
    original = Path.write_bytes

    def counting(self: Path, data: bytes) -> int:
        written.append(self)
        return original(self, data)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "write_bytes", counting)
        run(docs, copy, Settings())
    shutil.rmtree(copy)
    return len(written)


@pytest.mark.parametrize("which", ["first", "middle", "last"])
@pytest.mark.parametrize("error", [FULL, READ_ONLY], ids=["full", "read-only"])
def test_a_write_failing_at_any_file_leaves_out_as_it_was(
    docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch, which: str, error: OSError
) -> None:
    """Every file the run writes goes through Path.write_bytes: fail the first, a middle one, the
    last one (the manifest, written just before the swap)."""
    writes = writes_of_a_run(docs, out, monkeypatch)
    assert writes >= 3
    calls = {"first": 0, "middle": writes // 2, "last": writes - 1}[which]
    before = snapshot(out)
    monkeypatch.setattr(Path, "write_bytes", failing_after(calls, error, Path.write_bytes))
    with pytest.raises(OSError) as raised:
        run(docs, out, Settings())
    assert raised.value.errno == error.errno
    assert snapshot(out) == before and siblings(out) == []


@pytest.mark.parametrize("error", [FULL, READ_ONLY, DENIED], ids=["full", "read-only", "denied"])
def test_a_parent_folder_that_takes_no_new_folder_leaves_out_as_it_was(
    docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    before = snapshot(out)
    original = Path.mkdir

    def mkdir(self: Path, *arguments: object, **keywords: object) -> None:
        if self.parent == out.parent and self.name.startswith(f".{out.name}."):
            raise error
        original(self, *arguments, **keywords)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(OSError):
        run(docs, out, Settings())
    assert snapshot(out) == before and siblings(out) == []


def test_the_cli_says_what_failed_and_exits_2(
    docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(out)
    monkeypatch.setattr(Path, "write_bytes", failing_after(3, FULL, Path.write_bytes))
    assert main([str(docs), str(out)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert snapshot(out) == before


# ---------------------------------------------------------------------------------------------------
# A real small file system


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def fill(disk: Path) -> None:
    """Fill the file system to its last byte."""
    try:
        with (disk / "filler").open("wb", buffering=0) as stream:
            while True:
                stream.write(b"\0" * 1024)
    except OSError as error:
        assert error.errno == errno.ENOSPC


def test_a_full_disk_leaves_out_as_it_was(small_disk: Path, tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), small_disk / "out"
    run(docs, out, Settings(targets="schema"))
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed."))
    fill(small_disk)
    before = snapshot(out)
    with pytest.raises(OSError) as raised:
        run(docs, out, Settings(targets="schema"))
    assert raised.value.errno == errno.ENOSPC
    assert snapshot(out) == before and siblings(out) == []
    (small_disk / "filler").unlink()
    run(docs, out, Settings(targets="schema"))
    assert b"Changed." in (out / schema_path("Beta")).read_bytes()


def test_a_read_only_file_system_leaves_out_as_it_was(small_disk: Path, tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), small_disk / "out"
    run(docs, out, Settings(targets="schema"))
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed."))
    before = snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(OSError) as raised:
            run(docs, out, Settings(targets="schema"))
        assert raised.value.errno == errno.EROFS
        assert snapshot(out) == before and siblings(out) == []
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
