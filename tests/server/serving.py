"""Test helpers for generated servers: generate one, run it under uvicorn on 127.0.0.1, and build a valid
request for an endpoint from its docs (its sample request body, typed values for the parameters)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from generator.model import Endpoint, Parameter, TypeRef
from generator.pipeline import run
from generator.settings import Settings, Target

START_TIMEOUT = 30.0
REQUEST_TIMEOUT = 10.0
# Well-formed Basic credentials (user:secret): without an authentication hook the server accepts them.
AUTHORIZATION = {"Authorization": "Basic dXNlcjpzZWNyZXQ="}


def generate(docs: Path, out: Path, package_name: str = "generated_api") -> Settings:
    settings = Settings(targets=(Target.SCHEMA, Target.SERVER), package_name=package_name)
    result = run(docs, out, settings)
    errors = [str(d) for d in result.diagnostics if d.level == "error"]
    assert not errors, errors
    return settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RunningServer:
    base_url: str
    process: subprocess.Popen[bytes]
    start_seconds: float  # from launching the process to the first answered request
    log: Path  # its stderr


@contextmanager
def serve(out: Path, package: str, *arguments: str) -> Iterator[RunningServer]:
    """`python -m <package> ARGUMENTS --port N` from OUT/server/src, stopped on exit."""
    port = free_port()
    environment = {**os.environ, "PYTHONPATH": str(out / "server" / "src")}
    command = [
        sys.executable,
        "-m",
        package,
        *arguments,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    log = out / f"server-{port}.log"  # a file, not a pipe: a full pipe would block the server
    started = time.perf_counter()
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, stderr=log_file
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_until_answering(base_url, process, log)
        yield RunningServer(base_url, process, time.perf_counter() - started, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_until_answering(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.perf_counter() + START_TIMEOUT
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')}")
        try:
            httpx.get(f"{base_url}/__ready__", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.02)
    raise TimeoutError(f"{base_url} did not answer within {START_TIMEOUT}s")


# ---------------------------------------------------------------------------------------------------
# A valid request per endpoint


@dataclass
class SampleCall:
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    json_body: Any = None
    has_json_body: bool = False

    def send(
        self, client: httpx.Client, extra_headers: dict[str, str] | None = None
    ) -> httpx.Response:
        headers = {**self.headers, **(extra_headers or {})}
        if self.has_json_body:
            return client.request(
                self.method, self.path, params=self.params, headers=headers, json=self.json_body
            )
        return client.request(
            self.method, self.path, params=self.params, headers=headers, content=self.content
        )


def value_of(ref: TypeRef) -> Any:
    """A value of a parameter's type that any server accepts."""
    if ref.enum:
        return ref.enum[0]
    if ref.kind == "array":
        return [value_of(ref.items or TypeRef(kind="string"))]
    return {"integer": 7, "number": 1.5, "boolean": "true", "object": {}}.get(ref.kind, "abc")


def body_of(ref: TypeRef) -> Any:
    return {"ref": {}, "object": {}, "array": [], "integer": 7, "number": 1.5, "boolean": True}.get(
        ref.kind, "abc"
    )


def sample_call(endpoint: Endpoint) -> SampleCall:
    path = endpoint.path
    for parameter in endpoint.parameters_in("path"):
        path = path.replace("{" + parameter.name + "}", str(value_of(parameter.type)))
    call = SampleCall(endpoint.method, path, params=required_query(endpoint.parameters_in("query")))
    if endpoint.security:
        call.headers.update(AUTHORIZATION)
    body = endpoint.request_body
    if body is None:
        return call
    if body.type.kind == "string" and body.type.format == "binary":
        media_type = (body.media_types or ("application/octet-stream",))[0]  # a documented one
        call.content, call.headers["Content-Type"] = b"GIF89a bytes", media_type
        return call
    sample = endpoint.sample_request
    call.has_json_body = True
    call.json_body = (
        sample.body if sample is not None and sample.has_json_body else body_of(body.type)
    )
    return call


def required_query(parameters: tuple[Parameter, ...]) -> dict[str, Any]:
    return {
        parameter.name: (
            json.dumps(value_of(parameter.type))
            if parameter.json_encoded()
            else value_of(parameter.type)
        )
        for parameter in parameters
        if parameter.required
    }
