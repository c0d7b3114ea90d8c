"""The server generated from the whole g4 corpus (../shared, skipped when absent): it imports, passes
mypy --strict, starts under uvicorn in under 3 s, replays every documented sample over real HTTP, and
schemathesis, reading the document the server serves, finds no server error (other than the deliberate
501), no response that breaks it, and no operation that ignores its documented auth.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter

from generator.model import Api, Endpoint
from generator.pipeline import load_api
from generator.render.server import route_path
from generator.settings import Settings
from tests.conftest import CORPUS, needs_shared
from tests.server.fuzzing import HOOK, HOOK_MODULE, fuzz
from tests.server.serving import RunningServer, generate, sample_call, serve

pytestmark = needs_shared

DOCS = CORPUS / "g4-2023-02"
PACKAGE = "generated_api_server"
# schemathesis: every Nth operation in route order, a few examples each, positive and negative data.
FUZZ_EVERY = 8


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("corpus") / "out"
    generate(DOCS, out)
    (out / "server" / "src" / "fuzz_auth.py").write_text(HOOK_MODULE)
    source = str(out / "server" / "src")
    sys.path.insert(0, source)
    yield out
    sys.path.remove(source)
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def api() -> Api:
    return load_api(DOCS, Settings())[0]


@pytest.fixture(scope="module")
def mock_server(out: Path) -> Iterator[RunningServer]:
    with serve(out, PACKAGE, "--mock", "--authenticate", HOOK) as server:
        yield server


def test_creating_the_app_builds_no_route_and_loads_no_model(out: Path) -> None:
    """What keeps start-up fast for any number of endpoints (the time is in benchmarks/): routes build
    their validators, and models load, on first use."""
    code = (
        "import sys\n"
        f"import {PACKAGE}; app = {PACKAGE}.create_app()\n"
        "built = [r for r in app.routes if '_deferred' not in vars(r) and r.path.startswith('/api/')]\n"
        f"models = [m for m in sys.modules if m.startswith('{PACKAGE}.models.')"
        " and not m.rsplit('.', 1)[1].startswith('_')]\n"
        "print(len(built), len(models), len(app.routes))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(out / "server" / "src")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    built, models, routes = result.stdout.split()
    assert (int(built), int(models)) == (0, 0) and int(routes) > 1300


def test_routes_are_registered_in_the_models_route_order(out: Path, api: Api) -> None:
    app = importlib.import_module(PACKAGE).create_app()
    paths = [route.path for route in app.routes if route.path.startswith("/api/")]
    assert paths == [route_path(endpoint) for endpoint in api.endpoints_in_route_order()]


def test_the_server_starts_under_uvicorn_and_answers(mock_server: RunningServer) -> None:
    print(f"uvicorn start: {mock_server.start_seconds:.2f}s")  # timed in benchmarks/, not here
    assert mock_server.process.poll() is None  # serve() returned once it answered on 127.0.0.1


def test_the_server_passes_mypy_strict(out: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "mypy"),
            "-p",
            PACKAGE,
        ],
        cwd=out / "server" / "src",
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    assert "Success: no issues found" in result.stdout


def route_types(out: Path) -> dict[str, Any]:
    """The success type of each operation that FastAPI validates a handler's result with."""
    package = importlib.import_module(PACKAGE)
    return {
        route.operation_id: typing.get_type_hints(route.endpoint)["return"]
        for route in package.create_app().routes
        if hasattr(route, "operation_id")
    }


def test_the_mock_replays_every_documented_sample_over_http(
    mock_server: RunningServer, api: Api, out: Path
) -> None:
    types = route_types(out)
    problems: list[str] = []
    with httpx.Client(base_url=mock_server.base_url, timeout=10) as client:
        for endpoint in api.endpoints_in_route_order():
            problems.extend(replay_problems(endpoint, sample_call(endpoint).send(client), types))
    assert not problems, f"{len(problems)} samples not replayed:\n" + "\n".join(problems[:50])
    assert len(api.endpoints()) > 1300


def replay_problems(
    endpoint: Endpoint, response: httpx.Response, types: dict[str, Any]
) -> list[str]:
    sample = endpoint.sample_response
    if sample is None:
        return []
    status = int(sample.start_line.split()[1])
    where = f"{endpoint.operation_id} {endpoint.method} {endpoint.path}"
    if response.status_code != status:
        return [
            f"{where}: status {response.status_code}, documented {status}: {response.text[:200]}"
        ]
    if status == 204:
        return [] if response.content == b"" else [f"{where}: a 204 with a body"]
    if response.content != sample.body_text.encode():
        return [f"{where}: the body is not the documented sample"]
    if json.loads(response.content) != sample.body:
        return [f"{where}: the body does not parse to the documented JSON"]
    return model_problems(where, response.content, types[endpoint.operation_id])


def model_problems(where: str, body: bytes, python_type: Any) -> list[str]:
    """The sample body parses into the generated response models (what the client and server use)."""
    if python_type in (None, type(None), bytes):
        return []
    try:
        TypeAdapter(python_type).validate_json(body)
    except ValueError as error:
        return [f"{where}: the sample does not parse into {python_type}: {str(error)[:300]}"]
    return []


# ---------------------------------------------------------------------------------------------------
# schemathesis against the running server, with the document it serves (tests/server/fuzzing.py)


def test_schemathesis_finds_no_server_error_and_no_schema_violation_in_the_mock(
    out: Path, mock_server: RunningServer
) -> None:
    started = time.perf_counter()
    sent, failures = fuzz(mock_server, mock=True, every=FUZZ_EVERY)
    print(
        f"schemathesis, mock: {sent} requests in {time.perf_counter() - started:.1f}s, {len(failures)} failures"
    )
    assert not failures, "\n\n".join(failures[:20])
    assert sent > 100


def test_schemathesis_finds_no_server_error_but_501_in_the_stub(out: Path) -> None:
    with serve(out, PACKAGE, "--authenticate", HOOK) as stub:
        started = time.perf_counter()
        sent, failures = fuzz(stub, mock=False, every=FUZZ_EVERY)
    print(
        f"schemathesis, stub: {sent} requests in {time.perf_counter() - started:.1f}s, {len(failures)} failures"
    )
    assert not failures, "\n\n".join(failures[:20])
    assert sent > 100
