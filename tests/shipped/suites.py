"""Run the contract tests a generated project ships (OUT/client/tests, OUT/server/tests) as a user runs
them, in a pytest of their own, with nothing installed: the projects' sources on PYTHONPATH (our venv
has their requirements), and read the outcome of every test from its JUnit XML report."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.model import Api
from generator.render.samples import NO_SAMPLE_BODY, inconsistency, sampled
from generator.settings import Settings, Target
from tests.e2e.wire import write_plan

TIMEOUT = 600


@dataclass(frozen=True)
class Outcome:
    """A test's outcome (`passed`, `skipped`, `failed`, `error`) and its message."""

    status: str
    message: str = ""


@dataclass(frozen=True)
class SuiteRun:
    outcomes: dict[str, Outcome]  # by test name: `test_function[id]`
    seconds: float
    output: str

    def counts(self) -> Counter[str]:
        return Counter(outcome.status for outcome in self.outcomes.values())

    def failures(self) -> dict[str, str]:
        return {
            name: outcome.message
            for name, outcome in self.outcomes.items()
            if outcome.status in ("failed", "error")
        }

    def skips(self) -> dict[str, str]:
        return {
            name: outcome.message
            for name, outcome in self.outcomes.items()
            if outcome.status == "skipped"
        }


def write(api: Api, out: Path, *targets: Target) -> Settings:
    """The targets' files for the Api (unformatted: black changes no behaviour)."""
    settings = Settings(targets=targets)
    write_plan(api, out, settings)
    return settings


def run_suite(out: Path, project: str, mock_url: str | None = None) -> SuiteRun:
    """`pytest OUT/<project>/tests`, from outside the checkout, with both projects' sources on
    PYTHONPATH and MOCK_URL set only when given (no plugins of our venv: a user's has none)."""
    report = out / f"{project}-junit.xml"
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("MOCK_URL", "PYTHONPATH", "PYTEST_ADDOPTS")
    }
    environment["PYTHONPATH"] = os.pathsep.join(
        str(out / name / "src") for name in ("client", "server")
    )
    environment["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    if mock_url is not None:
        environment["MOCK_URL"] = mock_url
    command = [sys.executable, "-m", "pytest", str(out / project / "tests"), "-q"]
    command += ["-p", "no:cacheprovider", f"--junitxml={report}", "-o", "junit_family=xunit1"]
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=out, env=environment, capture_output=True, text=True, timeout=TIMEOUT
    )
    seconds = time.perf_counter() - started
    assert report.is_file(), result.stdout[-3000:] + result.stderr[-3000:]
    return SuiteRun(outcomes(report), seconds, result.stdout + result.stderr)


def outcomes(report: Path) -> dict[str, Outcome]:
    found: dict[str, Outcome] = {}
    for case in ElementTree.parse(report).iter("testcase"):
        name = case.get("name", "")
        for status in ("failure", "error", "skipped"):
            element = case.find(status)
            if element is not None:
                label = {"failure": "failed", "error": "error"}.get(status, status)
                message = element.get("message", "")
                if status != "skipped":  # the skip's message alone; a failure's traceback too
                    message += "\n" + (element.text or "")
                found[name] = Outcome(label, message)
                break
        else:
            found[name] = Outcome("passed")
    return found


def expected_skips(api: Api) -> dict[str, str]:
    """Per sample test id, the inconsistency its skip must name: only NO_SAMPLE_BODY makes one (a
    binary response shown as JSON comes back from the mock as the same text)."""
    return {
        f"{endpoint.operation_id} ({endpoint.source})": NO_SAMPLE_BODY
        for endpoint in sampled(api)
        if inconsistency(endpoint) == NO_SAMPLE_BODY
    }


def sample_source(api: Api, case_id: str) -> str:
    """The doc's file and line of the sample request of a test id's endpoint."""
    for endpoint in sampled(api):
        if f"{endpoint.operation_id} ({endpoint.source})" == case_id:
            assert endpoint.sample_request is not None
            return str(endpoint.sample_request.source)
    raise KeyError(case_id)


def case_id(test_name: str) -> str:
    """`test_x[id]` -> `id`."""
    return test_name.partition("[")[2].removesuffix("]")
