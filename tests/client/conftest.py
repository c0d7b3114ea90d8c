"""The fixture client: generated (and black-formatted) from tests/client/docs, imported, and a real HTTP
server on 127.0.0.1 to call."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator.pipeline import run
from generator.settings import Settings, Target
from tests.e2e.wire import Recorder, imported

DOCS = Path(__file__).resolve().parent / "docs"
PACKAGE = "fixture_api"


@pytest.fixture(scope="session")
def fixture_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture_client") / "out"
    result = run(DOCS, out, Settings(targets=(Target.CLIENT,), package_name=PACKAGE))
    assert not [d for d in result.diagnostics if d.level == "error"]
    return out


@pytest.fixture(scope="session")
def fixture_src(fixture_out: Path) -> Path:
    return fixture_out / "client" / "src"


@pytest.fixture(scope="session")
def package(fixture_src: Path) -> Iterator[ModuleType]:
    with imported(fixture_src, PACKAGE) as module:
        yield module


@pytest.fixture()
def recorder(server: tuple[str, Recorder]) -> Recorder:
    return server[1]


@pytest.fixture()
def base_url(server: tuple[str, Recorder]) -> str:
    return server[0]
