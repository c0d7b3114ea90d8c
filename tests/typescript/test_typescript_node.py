"""The TypeScript package of the hostile fixture docs (tests/client/docs, tests/typescript/docs), with
Node: formatted as Prettier formats it, `tsc --strict` clean, built into dist/, its shipped contract
tests passing against the Python mock under uvicorn, its runtime behaving, and no doc text running.
Skipped where Node or npm is not on the machine."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import JsonValue

from generator.pipeline import load_api
from generator.render.typescript_samples import prettier_json
from generator.settings import Settings
from tests.conftest import ROOT
from tests.server.serving import RunningServer, serve
from tests.typescript.packages import (
    identifiers,
    run_in,
    tap_skips,
    tap_summary,
    write_package,
)

# Our own TypeScript and JavaScript under tests/, formatted as the generated code is.
OUR_SOURCES = [
    str(ROOT / "tests" / "typescript" / name)
    for name in ("prettier_layouts.ts", "runtime.test.mjs")
]
DOC_FOLDERS = {
    "client": ROOT / "tests" / "client" / "docs",
    "typescript": ROOT / "tests" / "typescript" / "docs",
}


@pytest.fixture(scope="module")
def packages(
    node_modules: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, str]]:
    """(OUT, server package) by doc folder, generated and built on first use."""
    return {}


def build(
    name: str, packages: dict[str, tuple[Path, str]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    if name not in packages:
        api = load_api(DOC_FOLDERS[name], Settings())[0]
        out = tmp_path_factory.mktemp(f"ts_{name}") / "out"
        settings = write_package(api, out, f"{name}_fixture")
        done = run_in(out / "typescript", "npm", "run", "build")
        assert done.returncode == 0, done.stdout + done.stderr
        packages[name] = (out, settings.server_package_name)
    return packages[name]


@pytest.fixture(scope="module", params=sorted(DOC_FOLDERS))
def built(
    request: pytest.FixtureRequest,
    packages: dict[str, tuple[Path, str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, str]:
    """(OUT, server package) for one doc folder: generated, and the TypeScript package built."""
    return build(request.param, packages, tmp_path_factory)


@pytest.fixture(scope="module")
def mock(built: tuple[Path, str]) -> Iterator[RunningServer]:
    out, package = built
    with serve(out, package, "--mock") as server:
        yield server


def test_the_package_is_formatted_as_prettier_formats_it(
    built: tuple[Path, str], node_modules: Path
) -> None:
    out, _ = built
    prettier = str(node_modules / ".bin" / "prettier")
    checked = run_in(out / "typescript", prettier, "--check", ".", *OUR_SOURCES)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_tsc_strict_reports_no_errors_and_the_build_has_declarations(
    built: tuple[Path, str], node_modules: Path
) -> None:
    out, _ = built
    checked = run_in(
        out / "typescript", str(node_modules / ".bin" / "tsc"), "--strict", "--noEmit", "-p", "."
    )
    assert checked.returncode == 0, checked.stdout
    assert (out / "typescript" / "dist" / "index.js").is_file()
    assert (out / "typescript" / "dist" / "index.d.ts").is_file()


def test_the_shipped_contract_tests_pass_against_the_mock(
    built: tuple[Path, str], mock: RunningServer
) -> None:
    out, _ = built
    done = run_in(out / "typescript", "npm", "test", MOCK_URL=mock.base_url)
    summary = tap_summary(done.stdout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    assert summary["fail"] == 0 and summary["pass"] + summary["skipped"] == summary["tests"] > 0
    assert all(
        reason.startswith(("the sample request shows no body", "a binary"))
        for reason in tap_skips(done.stdout)
    )
    assert "Traceback" not in mock.log.read_text(errors="replace")


def test_without_a_mock_the_contract_tests_are_skipped_by_name(built: tuple[Path, str]) -> None:
    out, _ = built
    done = run_in(out / "typescript", "node", "--test", "test/", MOCK_URL="")
    assert done.returncode == 0, done.stdout
    assert set(tap_skips(done.stdout)) == {"MOCK_URL is not set"}


def test_no_doc_text_is_code(built: tuple[Path, str], node_modules: Path) -> None:
    out, _ = built
    names = identifiers(node_modules, out / "typescript" / "src")
    assert "process" not in names and "exit" not in names and "alert" not in names
    assert {"Client", "ApiError", "fetch"} <= names  # the scanner does see code


def test_the_runtime_sends_retries_times_out_and_raises_as_documented(
    packages: dict[str, tuple[Path, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    out, _ = build("client", packages, tmp_path_factory)  # runtime.test.mjs calls its methods
    test_file = str(ROOT / "tests" / "typescript" / "runtime.test.mjs")
    dist = str(out / "typescript" / "dist")
    done = run_in(out / "typescript", "node", "--test", test_file, PACKAGE_DIST=dist)
    assert done.returncode == 0, done.stdout[-4000:]
    assert tap_summary(done.stdout)["pass"] == 11


def random_json(rng: random.Random, depth: int = 0) -> JsonValue:
    scalars: list[JsonValue] = [
        rng.randint(-(10**6), 10**9),
        rng.choice([1e-7, 1.5e20, 1.0, -2.5, 0.125]),
    ]
    scalars += ["s" * rng.randint(0, 30), True, None, "é\u2028\"'\\\x01"]
    choice = rng.random()
    if depth > 3 or choice < 0.35:
        return rng.choice(scalars)
    if choice < 0.6:
        size = rng.choice([0, 1, 2, 3, 5, 12, 30])
        if rng.random() < 0.4:
            return [rng.randint(-10, 10 ** rng.randint(1, 7)) for _ in range(size)]
        return [random_json(rng, depth + 1) for _ in range(size)]
    return {
        f"k{i}" * rng.randint(1, 9): random_json(rng, depth + 1)
        for i in range(rng.choice([0, 1, 2, 4]))
    }


def test_json_is_written_exactly_as_prettier_writes_it(node_modules: Path, tmp_path: Path) -> None:
    rng = random.Random(13)
    data = {f"case{index}": random_json(rng) for index in range(600)}
    (tmp_path / "random.json").write_text(prettier_json(data), encoding="utf-8")
    checked = run_in(tmp_path, str(node_modules / ".bin" / "prettier"), "--check", "random.json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
