"""The generated client against the generated mock server, both from the whole g4 corpus (../shared,
skipped when absent): the mock runs under uvicorn on 127.0.0.1, and every documented sample, called with
the sync client, must come back over real HTTP as the documented response, parsed."""

from __future__ import annotations

import importlib
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.model import Api
from generator.settings import Settings, Target
from tests.conftest import needs_shared
from tests.e2e.contract import (
    BINARY_SHOWN_AS_JSON,
    NO_SAMPLE_BODY,
    Case,
    cases,
    clients_by_language,
    doc_inconsistency,
    dumped_result,
    sample_arguments,
    sample_header,
    short,
)
from tests.e2e.wire import imported, write_plan
from tests.server.serving import RunningServer, serve

pytestmark = needs_shared

SETTINGS = Settings(targets=(Target.CLIENT, Target.SERVER))
# The only way each doc inconsistency may make a sample fail against the mock: the placeholder body the
# client sends for a sample without one may be refused (422); a binary response's bytes are compared as
# they are, so a JSON text sample comes back as its own bytes.
MOCK_BROKEN_PART = {NO_SAMPLE_BODY: "status 422: ", BINARY_SHOWN_AS_JSON: "result "}


@pytest.fixture(scope="module")
def out(corpus_api: Api, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Client and server for the corpus, generated once for the module (unformatted: no black)."""
    out = tmp_path_factory.mktemp("client_and_mock") / "out"
    write_plan(corpus_api, out, SETTINGS)
    return out


@pytest.fixture(scope="module")
def mock_server(out: Path) -> Iterator[RunningServer]:
    with serve(out, SETTINGS.server_package_name, "--mock") as server:
        yield server


@pytest.fixture(scope="module")
def client_package(out: Path) -> Iterator[ModuleType]:
    with imported(out / "client" / "src", SETTINGS.package_name) as package:
        yield package


def sample_cases(api: Api) -> list[Case]:
    """The endpoints with a documented sample request and response."""
    return [case for case in cases(api) if case.endpoint.sample_response is not None]


def documented_result(case: Case) -> object:
    """The sample response as the client returns it, dumped: bytes for a binary response, None for no
    content, else the sample's JSON."""
    sample = case.endpoint.sample_response
    assert sample is not None
    if case.method.returns_runtime == "bytes":
        return sample.body_text.encode("utf-8")
    return sample.body if sample.has_json_body else None


def run_case(case: Case, client: Any, package: ModuleType) -> list[str]:
    """How calling the sample's method against the mock differs from the documented response."""
    arguments, _, _ = sample_arguments(case)
    method = getattr(getattr(client, case.group_attribute), case.method.name)
    try:
        result = method(**arguments)
    except package.ApiError as error:
        return [f"status {error.status_code}: {str(error)[:300]}"]
    except Exception as error:  # reported per sample below
        return [f"raised {type(error).__name__}: {str(error)[:300]}"]
    module = importlib.import_module(f"{package.__name__}.api.{case.group_module}")
    dumped, shown = dumped_result(case, module, result), documented_result(case)
    return [] if dumped == shown else [f"result {short(dumped)} != sample {short(shown)}"]


def run_all(api_cases: list[Case], package: ModuleType, base_url: str) -> dict[str, list[str]]:
    """Problems by operation id, for the samples that fail."""
    clients = clients_by_language(package, base_url, api_cases, is_async=False)
    failures: dict[str, list[str]] = {}
    for case in api_cases:
        problems = run_case(case, clients[sample_header(case.endpoint, "Accept-Language")], package)
        if problems:
            failures[case.endpoint.operation_id] = problems
    return failures


def unexplained(api_cases: list[Case], failures: dict[str, list[str]]) -> dict[str, list[str]]:
    """The failures no doc inconsistency explains, or that break more than the inconsistency may."""
    reasons = {case.endpoint.operation_id: doc_inconsistency(case) for case in api_cases}
    return {
        operation: problems
        for operation, problems in failures.items()
        if (reason := reasons[operation]) is None
        or not all(problem.startswith(MOCK_BROKEN_PART[reason]) for problem in problems)
    }


def report(api_cases: list[Case], failures: dict[str, list[str]]) -> None:
    inconsistent = Counter(
        reason for case in api_cases if (reason := doc_inconsistency(case)) is not None
    )
    failing = Counter(
        doc_inconsistency(case) for case in api_cases if case.endpoint.operation_id in failures
    )
    print(f"{len(api_cases) - len(failures)} of {len(api_cases)} samples pass")
    print(f"failing, by doc inconsistency: {dict(failing)}")
    print(f"samples with a doc inconsistency (passing or not): {dict(inconsistent)}")


def test_every_documented_sample_comes_back_from_the_mock_through_the_client(
    corpus_api: Api, client_package: ModuleType, mock_server: RunningServer
) -> None:
    started = time.perf_counter()
    api_cases = sample_cases(corpus_api)
    failures = run_all(api_cases, client_package, mock_server.base_url)
    print(f"{len(api_cases)} calls in {time.perf_counter() - started:.1f}s")
    report(api_cases, failures)
    assert not unexplained(api_cases, failures), unexplained(api_cases, failures)
    assert len(api_cases) > 1300
    assert "Traceback" not in mock_server.log.read_text(errors="replace")
