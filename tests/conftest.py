"""Shared test helpers: where the repository, the seeds and the optional ../shared corpus are."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.model import ParsedDoc, SourceFile
from generator.parse import parse_doc

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GENERATED = ROOT / "generated"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
REFERENCE = SHARED / "reference" / "superoffice-dev.swagger.json"
FIDELITY = SHARED / "tools" / "fidelity.py"

needs_shared = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared (corpus, reference spec) is not beside the checkout"
)


def interruptible() -> None:
    """Popen's preexec_fn for a child a test stops with SIGINT: Ctrl-C's default handling, even where
    the test runs as a background job (whose shell starts it with SIGINT ignored, which Python keeps).
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def parsed(text: str, name: str = "doc.md") -> ParsedDoc:
    """Parse a doc given as text; fails the test when it cannot be understood."""
    result = parse_doc(SourceFile(path=name, text=text))
    assert result.doc is not None, [str(d) for d in result.diagnostics]
    return result.doc


@pytest.fixture(scope="session")
def server() -> Iterator[tuple[str, object]]:
    """One recording HTTP server on 127.0.0.1 for the client and e2e tests: (base URL, Recorder)."""
    from tests.e2e.wire import serving

    with serving() as running:
        yield running


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The cached node_modules with the pinned TypeScript and Prettier, installed from the npm registry
    on first use (tests/typescript/node_tools.py); skips without Node or npm."""
    import subprocess

    from tests.typescript.node_tools import install, missing_programs

    missing = missing_programs()
    if missing:
        pytest.skip(f"not on this machine: {', '.join(missing)}")
    try:
        return install()
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"cannot install Node's tools from the npm registry: {error}")


CORPUS_MODULES = ("tests/e2e/", "tests/corpus/", "tests/write/test_corpus_incremental.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests of the corpus-scale modules are `corpus` tests too (`-m 'not corpus'` leaves them out)."""
    for item in items:
        path = Path(str(item.fspath)).relative_to(ROOT).as_posix()
        if path.startswith(CORPUS_MODULES):
            item.add_marker(pytest.mark.corpus)
