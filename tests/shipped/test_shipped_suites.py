"""The contract tests the Python projects ship, run as a user runs them (tests/shipped/suites.py) on
the fixture docs and the seed: every sample passes, or is a skip naming the doc's inconsistency and
its file and line; without a server project beside the client (and no MOCK_URL) every client test
skips and says how to get a mock; with MOCK_URL the client's suite runs against that server; and the
test code passes mypy --strict."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model import Api
from generator.pipeline import load_api
from generator.render.samples import NO_SAMPLE_BODY, sampled
from generator.settings import Settings, Target
from tests.conftest import ROOT, SEEDS
from tests.server.serving import serve
from tests.shipped.suites import (
    SuiteRun,
    case_id,
    expected_skips,
    run_suite,
    sample_source,
    write,
)

CLIENT_DOCS = ROOT / "tests" / "client" / "docs"
SERVER_DOCS = ROOT / "tests" / "server" / "docs"
BOTH = (Target.CLIENT, Target.SERVER)
NO_SAMPLES = "the docs show no sample exchange"


def without_sample_body(tmp_path: Path) -> Path:
    """tests/server/docs, but the sample request of SaveWidget shows no body (the operation requires
    one): the doc inconsistency NO_SAMPLE_BODY."""
    docs = tmp_path / "docs"
    shutil.copytree(SERVER_DOCS, docs)
    doc = docs / "agent" / "Widget_Agent" / "v1WidgetAgent_SaveWidget.md"
    text = doc.read_text(encoding="utf-8")
    shown = re.search(r"## Sample request\n\n```http!\n(.*?)```", text, flags=re.DOTALL)
    assert shown is not None
    doc.write_text(text.replace(shown.group(1), shown.group(1).split("\n")[0] + "\n"), "utf-8")
    return docs


def api_of(docs: Path) -> Api:
    api, _ = load_api(docs, Settings())
    return api


def assert_passes_but_named_skips(api: Api, run: SuiteRun, per_sample: int, others: int) -> None:
    """Every test passed but the samples the doc makes inconsistent, whose skips name the doc's
    inconsistency at the sample's file and line; `per_sample` tests of each sample, `others` more.
    """
    print(f"{dict(run.counts())} in {run.seconds:.1f}s")
    assert run.failures() == {}, run.output[-5000:]
    cases = sampled(api)
    if not cases:
        assert set(run.skips().values()) == {NO_SAMPLES}, run.skips()
        return
    assert len(run.outcomes) == per_sample * len(cases) + others, run.output[-3000:]
    expected = expected_skips(api)
    for name, message in run.skips().items():
        reason = expected.get(case_id(name))
        assert reason is not None, (name, message)
        assert message.startswith(f"{sample_source(api, case_id(name))}: {reason} ("), message
    assert {case_id(name) for name in run.skips()} == set(expected)


def validation_cases(api: Api) -> int:
    """The operations with a JSON body: each gets a check that a body of the wrong type is refused."""
    return sum(
        1
        for endpoint in api.endpoints()
        if endpoint.request_body is not None
        and endpoint.request_body.type.kind != "any"
        and not endpoint.request_body.type.is_binary
    )


@pytest.mark.parametrize("docs", ["client", "server", "inconsistent", "seeds"])
def test_the_shipped_suites_pass_or_skip_by_name(docs: str, tmp_path: Path) -> None:
    folder = {"client": CLIENT_DOCS, "server": SERVER_DOCS, "seeds": SEEDS}.get(docs)
    api = api_of(folder if folder is not None else without_sample_body(tmp_path))
    if docs == "inconsistent":
        assert set(expected_skips(api).values()) == {NO_SAMPLE_BODY}
    out = tmp_path / "out"
    write(api, out, *BOTH)
    client = run_suite(out, "client")
    assert_passes_but_named_skips(api, client, per_sample=2, others=0)
    server = run_suite(out, "server")
    validation = validation_cases(api)
    assert_passes_but_named_skips(api, server, per_sample=1, others=validation)
    assert sum(name.startswith("test_a_body_of_the_wrong") for name in server.outcomes) == max(
        validation, 1
    )


def test_without_a_server_project_every_client_test_skips_saying_how(tmp_path: Path) -> None:
    api = api_of(CLIENT_DOCS)
    out = tmp_path / "out"
    settings = write(api, out, Target.CLIENT)
    assert not (out / "server").exists()
    run = run_suite(out, "client")
    assert run.counts() == {"skipped": 2 * len(sampled(api))}
    for message in run.skips().values():
        assert "no mock server: generate the server target" in message
        assert f"set MOCK_URL to a running `python -m {settings.server_package_name} --mock`" in (
            message
        )


def test_with_mock_url_the_client_suite_runs_against_that_server(tmp_path: Path) -> None:
    api = api_of(CLIENT_DOCS)
    served, alone = tmp_path / "served", tmp_path / "alone"
    settings = write(api, served, *BOTH)
    write(api, alone, Target.CLIENT)
    with serve(served, settings.server_package_name, "--mock") as server:
        run = run_suite(alone, "client", mock_url=server.base_url)
        log = server.log.read_text(errors="replace")
    assert run.counts() == {"passed": 2 * len(sampled(api))}, run.output[-3000:]
    assert "Traceback" not in log


@pytest.mark.parametrize("project", ["client", "server"])
def test_the_shipped_test_code_passes_mypy_strict(project: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(api_of(SERVER_DOCS), out, *BOTH)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "tests"],
        cwd=out / project,
        env={"MYPYPATH": str(out / project / "src")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:]
