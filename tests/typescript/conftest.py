"""Fixtures of the TypeScript tests: Node's tools (skipped without Node), and packages generated from
the hostile fixture docs (tests/client/docs, tests/typescript/docs) with the mock server beside them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.typescript.node_tools import install, missing_programs


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The cached node_modules with the pinned TypeScript and Prettier (skips without Node or npm)."""
    missing = missing_programs()
    if missing:
        pytest.skip(f"not on this machine: {', '.join(missing)}")
    try:
        return install()
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"cannot install Node's tools from the npm registry: {error}")
