"""Our own code: black's formatting, ruff-clean (pyflakes, pycodestyle, import order), mypy --strict."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

SOURCES = ["generator", "tests", "benchmarks"]


@pytest.mark.parametrize(
    "command",
    [
        ["black", "--check", "--quiet", *SOURCES],
        ["ruff", "check", "--no-cache", "--quiet", *SOURCES],
        ["mypy", "generator"],
    ],
    ids=["black", "ruff", "mypy"],
)
def test_our_code_passes(command: list[str]) -> None:
    finished = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-4000:]
