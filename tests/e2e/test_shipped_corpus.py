"""The contract tests the Python projects ship, on the client and server generated from the whole g4
corpus (../shared, skipped when absent), run as a user runs them (tests/shipped/suites.py): every doc
sample passes through the client (sync and async) against the mock, and against the server in-process,
or is a skip naming the doc's inconsistency and its file and line; every operation with a JSON body
refuses a body of the wrong type."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Api
from generator.render.samples import sampled
from generator.settings import Target
from tests.conftest import needs_shared
from tests.shipped.suites import case_id, expected_skips, run_suite, sample_source, write

pytestmark = needs_shared


@pytest.fixture(scope="module")
def out(corpus_api: Api, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "out"
    write(corpus_api, out, Target.CLIENT, Target.SERVER)
    return out


def assert_named_skips_only(api: Api, skips: dict[str, str]) -> None:
    expected = expected_skips(api)
    assert {case_id(name) for name in skips} == set(expected)
    for name, message in skips.items():
        reason = expected[case_id(name)]
        assert message.startswith(f"{sample_source(api, case_id(name))}: {reason} ("), message


@pytest.mark.parametrize("project", ["client", "server"])
def test_every_corpus_sample_passes_the_shipped_suite_or_is_a_named_skip(
    project: str, corpus_api: Api, out: Path
) -> None:
    run = run_suite(out, project)
    print(f"{project}: {dict(run.counts())} in {run.seconds:.1f}s")
    assert run.failures() == {}, list(run.failures().items())[:10]
    assert_named_skips_only(corpus_api, run.skips())
    samples = len(sampled(corpus_api))
    assert samples > 1300
    per_sample = 2 if project == "client" else 1
    tested = [name for name in run.outcomes if not name.startswith("test_a_body_of_the_wrong")]
    assert len(tested) == per_sample * samples
    assert run.seconds < 60
