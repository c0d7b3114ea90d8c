"""schemathesis against the fixture server (tests/server/docs) over HTTP, mock and stub, reading the
document the server serves: no server error but the stub's 501, no response that breaks the document,
no operation that ignores its auth (tests/server/fuzzing.py lists the checks and those left out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.fuzzing import HOOK, HOOK_MODULE, fuzz
from tests.server.serving import generate, serve

DOCS = Path(__file__).parent / "docs"
PACKAGE = "fuzzed_server"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fuzzed") / "out"
    generate(DOCS, out, package_name="fuzzed")
    (out / "server" / "src" / "fuzz_auth.py").write_text(HOOK_MODULE)
    return out


@pytest.mark.parametrize("mock", [True, False], ids=["mock", "stub"])
def test_schemathesis_passes_against_the_served_document(out: Path, mock: bool) -> None:
    arguments = ("--mock",) if mock else ()
    with serve(out, PACKAGE, *arguments, "--authenticate", HOOK) as server:
        sent, failures = fuzz(server, mock=mock)
    assert not failures, "\n\n".join(failures)
    assert sent >= 20
