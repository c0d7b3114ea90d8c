"""The client generated from the whole g4 corpus: mypy --strict clean, imports fast, and every doc's
samples hold as contract tests against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.model import Api

from tests.conftest import needs_shared
from tests.e2e.conftest import CORPUS_PACKAGE
from tests.e2e.contract import (
    Case,
    basic_credentials,
    call_arguments,
    cases,
    reply_for,
    required_query,
    sample_header,
    result_problems,
    wire_problems,
)
from tests.e2e.wire import Recorder

pytestmark = needs_shared


def test_the_corpus_client_passes_mypy_strict(corpus_src: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", CORPUS_PACKAGE],
        cwd=corpus_src,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:]


def test_the_corpus_client_imports_in_under_a_second(corpus_src: Path) -> None:
    code = f"import time; start = time.perf_counter(); import {CORPUS_PACKAGE}; print(time.perf_counter() - start)"
    subprocess.run([sys.executable, "-c", f"import {CORPUS_PACKAGE}"], cwd=corpus_src, check=True)  # warm .pyc
    seconds = float(subprocess.run([sys.executable, "-c", code], cwd=corpus_src, check=True, capture_output=True, text=True).stdout)
    print(f"import {CORPUS_PACKAGE}: {seconds:.3f}s")
    assert seconds < 1.0


NO_SAMPLE_BODY = "the sample request shows no body, but the operation requires one"
BINARY_SHOWN_AS_JSON = "a binary (image) response whose sample is JSON placeholder text"
# The only part of the contract each inconsistency may break: the rest of the sample must still hold.
BROKEN_PART = {NO_SAMPLE_BODY: "body ", BINARY_SHOWN_AS_JSON: "result "}


def doc_inconsistency(case: Case) -> str | None:
    """Why a sample cannot hold as a contract, read off the doc itself (not off the test's outcome)."""
    sample, response = case.endpoint.sample_request, case.endpoint.sample_response
    assert sample is not None and response is not None
    if case.method.body_argument is not None and not sample.has_json_body and case.method.body_runtime != "bytes":
        return NO_SAMPLE_BODY
    if case.method.returns_runtime == "bytes" and response.has_json_body:
        return BINARY_SHOWN_AS_JSON
    return None


async def run_case(case: Case, client: Any, recorder: Recorder, is_async: bool) -> list[str]:
    arguments, expected_path = call_arguments(case)
    filled = required_query(case)
    arguments.update({name: value for name, (_, value) in filled.items()})
    expected_query = [(wire, str(value)) for wire, value in filled.values()]
    recorder.answer(reply_for(case.endpoint))
    method = getattr(getattr(client, case.group_attribute), case.method.name)
    try:
        result = (await method(**arguments)) if is_async else method(**arguments)
    except Exception as error:  # reported per sample below
        return [f"raised {type(error).__name__}: {str(error)[:300]}"]
    module = importlib.import_module(f"{CORPUS_PACKAGE}.api.{case.group_module}")
    return wire_problems(case, recorder, expected_path, expected_query) + result_problems(case, module, result)


def clients_by_language(package: ModuleType, base_url: str, api_cases: list[Case], is_async: bool) -> dict[str | None, Any]:
    """Accept-Language is a per-call argument only where the doc's header table lists it; elsewhere the
    sample's value is a client default. All clients share one connection pool."""
    credentials = {basic_credentials(case.endpoint) for case in api_cases} - {None}
    assert len(credentials) == 1, credentials
    user, password = credentials.pop()  # type: ignore[misc]
    shared = httpx.AsyncClient(base_url=base_url) if is_async else httpx.Client(base_url=base_url)
    client_class = package.AsyncClient if is_async else package.Client
    auth = package.BasicAuth(user, password)
    languages = {sample_header(case.endpoint, "Accept-Language") for case in api_cases}
    return {
        language: client_class(base_url, auth=auth, accept_language=language, retry=None, http_client=shared)
        for language in languages
    }


def run_all(api: Api, package: ModuleType, server: tuple[str, Recorder], is_async: bool, every: int = 1) -> dict[str, list[str]]:
    return asyncio.run(run_cases(api, package, server, is_async, every))


async def run_cases(
    api: Api, package: ModuleType, server: tuple[str, Recorder], is_async: bool, every: int
) -> dict[str, list[str]]:
    """All cases in one event loop (the async clients' connections belong to it)."""
    base_url, recorder = server
    api_cases = cases(api)[::every]
    clients = clients_by_language(package, base_url, api_cases, is_async)
    failures: dict[str, list[str]] = {}
    for case in api_cases:
        client = clients[sample_header(case.endpoint, "Accept-Language")]
        problems = await run_case(case, client, recorder, is_async)
        if problems:
            failures[case.endpoint.operation_id] = problems
    return failures


def assert_only_explained_failures(api: Api, failures: dict[str, list[str]], every: int = 1) -> None:
    api_cases = cases(api)[::every]
    explained = {case.endpoint.operation_id: doc_inconsistency(case) for case in api_cases}
    expected = {operation for operation, reason in explained.items() if reason is not None}
    summary = Counter(reason for reason in explained.values() if reason is not None)
    print(f"{len(api_cases) - len(failures)} of {len(api_cases)} samples pass; failing: {dict(summary)}")
    print(f"{sum(1 for case in api_cases if required_query(case))} needed required query parameters the sample omits")
    unexplained = {
        operation: problems
        for operation, problems in failures.items()
        if explained.get(operation) is None
        or not all(problem.startswith(BROKEN_PART[explained[operation] or ""]) for problem in problems)
    }
    assert not unexplained, unexplained
    assert set(failures) == expected, expected - set(failures)


def test_every_corpus_sample_is_a_contract_of_the_sync_client(
    corpus_api: Api, corpus_package: ModuleType, server: tuple[str, Recorder]
) -> None:
    start = time.perf_counter()
    failures = run_all(corpus_api, corpus_package, server, is_async=False)
    print(f"{time.perf_counter() - start:.1f}s")
    assert_only_explained_failures(corpus_api, failures)


def test_corpus_samples_are_contracts_of_the_async_client_too(
    corpus_api: Api, corpus_package: ModuleType, server: tuple[str, Recorder]
) -> None:
    failures = run_all(corpus_api, corpus_package, server, is_async=True, every=7)
    assert_only_explained_failures(corpus_api, failures, every=7)
