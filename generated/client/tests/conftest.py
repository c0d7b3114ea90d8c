"""Fixtures of the contract tests: the mock server, and clients that record what they send.

The mock is the server project beside this one (`../server`, generated with it), started from its
source on 127.0.0.1 for the session:

    python -m generated_api_server --mock

With `MOCK_URL` set, the tests run against that URL instead. Without either, every test skips and
says how to get a mock.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

PACKAGE = "generated_api"
SERVER_PACKAGE = "generated_api_server"
SERVER_SOURCE = Path(__file__).resolve().parents[2] / "server" / "src"
START_TIMEOUT = 60.0
NO_MOCK = (
    "no mock server: generate the server target beside this client (OUT/server/), or set MOCK_URL "
    f"to a running `python -m {SERVER_PACKAGE} --mock` (e.g. MOCK_URL=http://127.0.0.1:8000)"
)


@dataclass(frozen=True)
class Sent:
    """A request as the client sent it: the path percent-decoded, header names in lower case."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class Recorder:
    """The requests the clients send, through an httpx event hook."""

    sent: list[Sent] = field(default_factory=list)

    def record(self, request: httpx.Request) -> None:
        try:
            body = request.content
        except httpx.RequestNotRead:
            body = b""
        headers = {name.lower(): value for name, value in request.headers.items()}
        query = list(request.url.params.multi_items())
        self.sent.append(Sent(request.method, request.url.path, query, headers, body))

    async def record_async(self, request: httpx.Request) -> None:
        self.record(request)

    @property
    def last(self) -> Sent:
        assert self.sent, "the client sent no request"
        return self.sent[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the mock server exited:\n{log.read_text(errors='replace')}")
        try:
            httpx.get(f"{url}/", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise TimeoutError(f"the mock server did not answer on {url} within {START_TIMEOUT}s")


@pytest.fixture(scope="session")
def mock_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """MOCK_URL, or the mock of ../server started for the session (skips without either)."""
    given = os.environ.get("MOCK_URL")
    if given:
        yield given.rstrip("/")
        return
    if not (SERVER_SOURCE / SERVER_PACKAGE).is_dir():
        pytest.skip(NO_MOCK)
    port = free_port()
    paths = [str(SERVER_SOURCE), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    command = [sys.executable, "-m", SERVER_PACKAGE, "--mock", "--host", "127.0.0.1"]
    log = tmp_path_factory.mktemp("mock") / "mock.log"  # a file: a full pipe would block it
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_answering(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def package() -> Any:
    return importlib.import_module(PACKAGE)


@pytest.fixture(scope="session")
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="session")
def event_loop_for_tests() -> Iterator[asyncio.AbstractEventLoop]:
    """One event loop for every async call (the async client's connections belong to it)."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


class Clients:
    """A client per sample's credentials and default headers, all over one recording httpx
    client."""

    def __init__(self, package: Any, http: httpx.Client | httpx.AsyncClient) -> None:
        self.package, self.http = package, http
        self.clients: dict[str, Any] = {}

    def of(self, case: dict[str, Any]) -> Any:
        key = json.dumps([case["credentials"], case["clientHeaders"]])
        if key not in self.clients:
            credentials = case["credentials"]
            auth = self.package.BasicAuth(*credentials) if credentials else None
            is_async = isinstance(self.http, httpx.AsyncClient)
            client_class = self.package.AsyncClient if is_async else self.package.Client
            self.clients[key] = client_class(
                str(self.http.base_url),
                auth=auth,
                headers=case["clientHeaders"],
                retry=None,
                http_client=self.http,
            )
        return self.clients[key]


@pytest.fixture(scope="session")
def clients(mock_url: str, package: Any, recorder: Recorder) -> Iterator[Clients]:
    hooks = {"request": [recorder.record]}
    with httpx.Client(base_url=mock_url, timeout=30.0, event_hooks=hooks) as http:
        yield Clients(package, http)


@pytest.fixture(scope="session")
def async_clients(
    mock_url: str,
    package: Any,
    recorder: Recorder,
    event_loop_for_tests: asyncio.AbstractEventLoop,
) -> Iterator[Clients]:
    hooks = {"request": [recorder.record_async]}
    http = httpx.AsyncClient(base_url=mock_url, timeout=30.0, event_hooks=hooks)
    yield Clients(package, http)
    event_loop_for_tests.run_until_complete(http.aclose())
