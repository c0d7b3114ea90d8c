"""Fixtures of the write-stage tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.write.fixture_docs import write_docs


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A few small docs in a fresh folder."""
    return write_docs(tmp_path / "docs")
