"""Session fixtures for the corpus client: the g4 Api, its generated client (one generation for all
tests), and one HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator.model import Api
from generator.pipeline import load_api
from generator.settings import Settings
from tests.conftest import CORPUS
from tests.e2e.wire import imported, write_client

CORPUS_PACKAGE = "corpus_api"


@pytest.fixture(scope="session")
def corpus_api() -> Api:
    return load_api(CORPUS / "g4-2023-02", Settings())[0]


@pytest.fixture(scope="session")
def corpus_src(corpus_api: Api, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_client(corpus_api, tmp_path_factory.mktemp("corpus_client"), CORPUS_PACKAGE)


@pytest.fixture(scope="session")
def corpus_package(corpus_src: Path) -> Iterator[ModuleType]:
    with imported(corpus_src, CORPUS_PACKAGE) as package:
        yield package
