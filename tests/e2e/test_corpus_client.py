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

from generator.model import Api
from tests.conftest import needs_shared
from tests.e2e.conftest import CORPUS_PACKAGE
from tests.e2e.contract import (
    BROKEN_PART,
    Case,
    cases,
    clients_by_language,
    doc_inconsistency,
    reply_for,
    required_query,
    result_problems,
    sample_arguments,
    sample_header,
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
    subprocess.run(
        [sys.executable, "-c", f"import {CORPUS_PACKAGE}"], cwd=corpus_src, check=True
    )  # warm .pyc
    seconds = float(
        subprocess.run(
            [sys.executable, "-c", code], cwd=corpus_src, check=True, capture_output=True, text=True
        ).stdout
    )
    print(f"import {CORPUS_PACKAGE}: {seconds:.3f}s")
    assert seconds < 1.0


async def run_case(case: Case, client: Any, recorder: Recorder, is_async: bool) -> list[str]:
    arguments, expected_path, expected_query = sample_arguments(case)
    recorder.answer(reply_for(case.endpoint))
    method = getattr(getattr(client, case.group_attribute), case.method.name)
    try:
        result = (await method(**arguments)) if is_async else method(**arguments)
    except Exception as error:  # reported per sample below
        return [f"raised {type(error).__name__}: {str(error)[:300]}"]
    module = importlib.import_module(f"{CORPUS_PACKAGE}.api.{case.group_module}")
    return wire_problems(case, recorder, expected_path, expected_query) + result_problems(
        case, module, result
    )


def run_all(
    api: Api, package: ModuleType, server: tuple[str, Recorder], is_async: bool, every: int = 1
) -> dict[str, list[str]]:
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


def assert_only_explained_failures(
    api: Api, failures: dict[str, list[str]], every: int = 1
) -> None:
    api_cases = cases(api)[::every]
    explained = {case.endpoint.operation_id: doc_inconsistency(case) for case in api_cases}
    expected = {operation for operation, reason in explained.items() if reason is not None}
    summary = Counter(reason for reason in explained.values() if reason is not None)
    print(
        f"{len(api_cases) - len(failures)} of {len(api_cases)} samples pass; failing: {dict(summary)}"
    )
    print(
        f"{sum(1 for case in api_cases if required_query(case))} needed required query parameters the sample omits"
    )
    unexplained = {
        operation: problems
        for operation, problems in failures.items()
        if explained.get(operation) is None
        or not all(
            problem.startswith(BROKEN_PART[explained[operation] or ""]) for problem in problems
        )
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
