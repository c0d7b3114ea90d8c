"""The TypeScript package of the whole g4 corpus (../shared, skipped when absent; skipped without
Node): `npm install && npm run build` works with the pinned tools, `tsc --strict --noEmit` reports no
error, the code is formatted as Prettier formats it, and the shipped contract tests replay every
documented sample through the client against the Python mock under uvicorn on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.model import Api
from tests.conftest import needs_shared
from tests.server.serving import RunningServer, serve
from tests.typescript.packages import run_in, tap_skips, tap_summary, write_package

pytestmark = needs_shared


@pytest.fixture(scope="module")
def package(
    corpus_api: Api, node_modules: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    """(OUT, server package): the corpus's TypeScript package with its own `npm install`."""
    out = tmp_path_factory.mktemp("ts_corpus") / "out"
    settings = write_package(corpus_api, out, "corpus_api")
    (
        out / "typescript" / "node_modules"
    ).unlink()  # the real install, from the registry (npm's cache)
    started = time.perf_counter()
    done = run_in(
        out / "typescript", "npm", "install", "--prefer-offline", "--no-audit", "--no-fund"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"npm install: {time.perf_counter() - started:.1f}s")
    yield out, settings.server_package_name


def timed(folder: Path, *command: str, **environment: str) -> tuple[str, float]:
    started = time.perf_counter()
    done = run_in(folder, *command, **environment)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    print(f"{' '.join(command)}: {seconds:.1f}s")
    return done.stdout, seconds


def test_tsc_strict_builds_and_prettier_checks_the_corpus_package(
    package: tuple[Path, str],
) -> None:
    folder = package[0] / "typescript"
    timed(folder, "npx", "--no-install", "tsc", "--strict", "--noEmit", "-p", ".")
    timed(folder, "npm", "run", "build")
    assert (folder / "dist" / "index.d.ts").is_file() and (folder / "dist" / "api").is_dir()
    timed(folder, "npx", "--no-install", "prettier", "--check", ".")


@pytest.fixture(scope="module")
def mock(package: tuple[Path, str]) -> Iterator[RunningServer]:
    out, server_package = package
    with serve(out, server_package, "--mock") as server:
        yield server


def test_every_documented_sample_comes_back_from_the_mock_through_the_typescript_client(
    corpus_api: Api, package: tuple[Path, str], mock: RunningServer
) -> None:
    output, _ = timed(package[0] / "typescript", "npm", "test", MOCK_URL=mock.base_url)
    summary = tap_summary(output)
    skips = tap_skips(output)
    print(
        f"{summary['pass']} of {summary['tests']} samples pass, {summary['skipped']} named skips: {set(skips)}"
    )
    samples = [
        e
        for e in corpus_api.endpoints()
        if e.sample_request is not None and e.sample_response is not None
    ]
    assert summary["tests"] == len(samples) > 1300
    assert summary["fail"] == 0 and summary["pass"] + summary["skipped"] == summary["tests"]
    assert all(
        reason.startswith(("the sample request shows no body", "a binary")) for reason in skips
    )
    assert "Traceback" not in mock.log.read_text(errors="replace")
