"""Session fixtures for the corpus client: the g4 Api, its generated client (one generation for all
tests), and one HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator.model import Api
from generator.parse import parse_doc
from generator.read import read_docs
from generator.resolve import resolve

from tests.conftest import CORPUS
from tests.e2e.wire import Recorder, imported, serving, write_client

CORPUS_PACKAGE = "corpus_api"


@pytest.fixture(scope="session")
def corpus_api() -> Api:
    files, _ = read_docs(CORPUS / "g4-2023-02")
    return resolve([doc for doc in (parse_doc(file).doc for file in files) if doc is not None])


@pytest.fixture(scope="session")
def corpus_src(corpus_api: Api, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_client(corpus_api, tmp_path_factory.mktemp("corpus_client"), CORPUS_PACKAGE)


@pytest.fixture(scope="session")
def corpus_package(corpus_src: Path) -> Iterator[ModuleType]:
    with imported(corpus_src, CORPUS_PACKAGE) as package:
        yield package


@pytest.fixture(scope="session")
def server() -> Iterator[tuple[str, Recorder]]:
    with serving() as running:
        yield running
