"""The pre-commit hooks in .pre-commit-hooks.yaml: valid entries that run the installed command."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.report.shop_docs import write_shop

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
REQUIRED = {"id", "name", "entry", "language"}


def hook(hook_id: str) -> dict[str, object]:
    return next(entry for entry in HOOKS if entry["id"] == hook_id)


def test_every_hook_has_what_pre_commit_requires_and_takes_no_file_names() -> None:
    assert [entry["id"] for entry in HOOKS] == ["generator-check", "generator"]
    for entry in HOOKS:
        assert REQUIRED <= set(entry) and entry["language"] == "python"
        assert entry["pass_filenames"] is False  # DOCS and OUT come from the user's args


def run_hook(hook_id: str, docs: Path, out: Path) -> int:
    """What pre-commit runs: the entry, then the args of the user's config."""
    command = [
        *shlex.split(str(hook(hook_id)["entry"])),
        str(docs),
        str(out),
        "--targets",
        "schema",
    ]
    executable = shutil.which(command[0])
    if executable is None:
        pytest.fail(f"{command[0]} is not installed: pip install -e . puts it on PATH")
    return subprocess.run([executable, *command[1:]], check=False, capture_output=True).returncode


def test_the_check_hook_fails_on_a_stale_out_and_passes_once_regenerated(tmp_path: Path) -> None:
    docs, out = write_shop(tmp_path / "docs"), tmp_path / "sdk"
    assert run_hook("generator-check", docs, out) == 1 and not out.exists()
    assert run_hook("generator", docs, out) == 0 and (out / "openapi.json").is_file()
    assert run_hook("generator-check", docs, out) == 0
