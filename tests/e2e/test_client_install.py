"""The generated client project (generated/, from seeds/) installs with pip and imports from the install."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GENERATED

OFFLINE = (
    "No matching distribution found",
    "Could not find a version",
    "Failed to establish a new connection",
)


def test_the_generated_client_installs_with_pip_and_imports(tmp_path: Path) -> None:
    project, target = tmp_path / "client", tmp_path / "site"
    shutil.copytree(
        GENERATED / "client", project
    )  # pip builds in the project folder: not in generated/
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(project),
        ],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0 and any(marker in install.stderr for marker in OFFLINE):
        pytest.skip("pip cannot reach an index for the build backend (setuptools)")
    assert install.returncode == 0, install.stderr
    assert (target / "generated_api" / "py.typed").is_file()
    code = "import generated_api.api.appointment_agent as group, generated_api; print(generated_api.__file__)"
    imported = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith(str(target))
