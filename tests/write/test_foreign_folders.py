"""A large folder of the user's inside OUT (`typescript/node_modules/` after `npm install`) stays one
folder: a run that writes moves it whole (same inode, nothing inside walked or linked), the no-change
path does not look into it, and a run killed between the swap and the move gets it back."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import generator.write.output
from generator.pipeline import RunResult, run
from generator.settings import Settings, Target
from tests.write.fixture_docs import doc_path, doc_text, siblings

SETTINGS = Settings(targets=(Target.SCHEMA, Target.TYPESCRIPT))
PACKAGES = 40


def generate(docs: Path, out: Path) -> RunResult:
    return run(docs, out, SETTINGS)


def install_packages(folder: Path) -> dict[str, tuple[int, bytes]]:
    """A node_modules-like tree of many small files: relative path -> (inode, bytes)."""
    for index in range(PACKAGES):
        package = folder / f"pkg{index}" / "lib"
        package.mkdir(parents=True)
        (package / "index.js").write_text(f"export const n = {index};\n")
        (package.parent / "package.json").write_text(json.dumps({"name": f"pkg{index}"}) + "\n")
    return files_of(folder)


def files_of(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_ino, path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def out(tmp_path: Path, docs: Path) -> Path:
    out = tmp_path / "out"
    generate(docs, out)
    assert (out / "typescript" / "package.json").is_file()
    return out


@pytest.fixture
def looked_into(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every folder os.walk, os.scandir or os.listdir is asked for (as absolute paths)."""
    seen: list[str] = []

    def spy(function: Callable[..., Any]) -> Callable[..., Any]:
        def spied(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
            seen.append(os.path.abspath(os.fsdecode(path)) if not isinstance(path, int) else "")
            return function(path, *args, **kwargs)

        return spied

    for name in ("walk", "scandir", "listdir"):
        monkeypatch.setattr(os, name, spy(getattr(os, name)))
    yield seen


def under(seen: list[str], folder: Path) -> list[str]:
    return [path for path in seen if path == str(folder) or path.startswith(f"{folder}{os.sep}")]


def test_a_run_that_writes_moves_node_modules_whole_without_walking_it(
    docs: Path, out: Path, looked_into: list[str]
) -> None:
    modules = out / "typescript" / "node_modules"
    before = install_packages(modules)
    folder_inode = modules.stat().st_ino
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed."))
    looked_into.clear()
    result = generate(docs, out)
    walked = under(looked_into, modules)
    assert result.changes.changed  # a run that wrote
    assert walked == []
    assert modules.stat().st_ino == folder_inode  # the same folder, moved by one rename
    assert files_of(modules) == before  # every file there, same inode and bytes
    assert (out / "typescript" / "src" / "models.ts").is_file()
    assert siblings(out) == []


def test_the_no_change_path_and_check_do_not_look_into_node_modules(
    docs: Path, out: Path, looked_into: list[str]
) -> None:
    modules = out / "typescript" / "node_modules"
    before = install_packages(modules)
    looked_into.clear()
    result = generate(docs, out)
    checked = run(docs, out, SETTINGS.model_copy(update={"check": True}))
    walked = under(looked_into, modules)
    assert result.up_to_date and not result.changes.any and checked.up_to_date
    assert walked == []
    assert files_of(modules) == before


def test_a_foreign_folder_beside_the_outputs_is_moved_whole_too(docs: Path, out: Path) -> None:
    (out / "mine" / "deep").mkdir(parents=True)
    (out / "mine" / "deep" / "notes.txt").write_text("kept")
    (out / "mine" / "empty").mkdir()
    inode = (out / "mine").stat().st_ino
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed again."))
    generate(docs, out)
    assert (out / "mine").stat().st_ino == inode
    assert (out / "mine" / "deep" / "notes.txt").read_text() == "kept"
    assert (out / "mine" / "empty").is_dir()


def test_a_run_killed_between_the_swap_and_the_move_gets_node_modules_back(
    docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modules = out / "typescript" / "node_modules"
    before = install_packages(modules)
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed."))

    def killed(old_tree: Path, new_out: Path, folders: list[str]) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(generator.write.output, "_move_folders", killed)
        with pytest.raises(KeyboardInterrupt):
            generate(docs, out)
    assert not modules.exists()  # swapped in, not moved yet: the old tree and its journal stay
    assert len(siblings(out)) == 2
    generate(docs, out)
    assert files_of(modules) == before
    assert siblings(out) == []


def test_a_foreign_folder_where_an_output_goes_is_still_refused(docs: Path, out: Path) -> None:
    (out / "typescript" / "README.md").unlink()
    (out / "typescript" / "README.md").mkdir()
    with pytest.raises(generator.write.output.OutputError, match="where it writes"):
        generate(docs, out)


def test_folders_left_in_a_retired_tree_by_a_cut_short_two_rename_swap_come_back(
    docs: Path, out: Path
) -> None:
    """Killed after `rename(staging, out)`, before the old tree (still named generator-old) was renamed
    to the staging name: the journal finds it there."""
    retired = out.parent / f".{out.name}.generator-old-4242"
    install_packages(retired / "typescript" / "node_modules")
    before = files_of(retired / "typescript" / "node_modules")
    journal = out.parent / f".{out.name}.generator-moving-4242"
    journal.write_text(json.dumps(["typescript/node_modules"]), encoding="utf-8")
    generate(docs, out)
    assert files_of(out / "typescript" / "node_modules") == before
    assert siblings(out) == []
