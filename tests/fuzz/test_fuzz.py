"""Property-based fuzzing of the whole pipeline over mutated real-format docs (tests/fuzz/mutations.py).

Every run ends without an unhandled exception and writes output or reports diagnostics (usually
both); what it writes is valid OpenAPI, its Python compiles, and a second run finds OUT up to date.
A separate test puts the client and server of many examples through one `mypy --strict` run.

CI runs FUZZ_EXAMPLES examples (derandomized, so every CI run tries the same ones);
GENERATOR_FUZZ_EXAMPLES=N runs N random examples instead (and N // 5 in the mypy test).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from openapi_spec_validator.schemas import schema_v31

from generator.model import Api, Level
from generator.pipeline import RunResult, load_api, run
from generator.render.plan import render_plan
from generator.settings import Settings, Target
from tests.conftest import ROOT
from tests.fuzz.mutations import BASES, HEAVY, mutated_doc

FUZZ_EXAMPLES = 12  # in CI; the README gives this number
MYPY_EXAMPLES = 4
REQUESTED = int(os.environ.get("GENERATOR_FUZZ_EXAMPLES", "0"))
# Above this size black takes minutes (a 10,000-row table is a 10,000-field model): such docs go through
# the pipeline for the schema, and their rendered Python is compiled without black.
LARGE_DOCS_BYTES = 150_000

# No shrinking in CI: examples are large, and shrinking one can take many minutes; the failing example
# is printed as it was found (and is the same on every CI run).
fuzzing = settings(
    max_examples=REQUESTED or FUZZ_EXAMPLES,
    derandomize=not REQUESTED,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=tuple(Phase) if REQUESTED else (Phase.explicit, Phase.generate),
    print_blob=True,
)

# One to three docs: mutated ones, sometimes beside an intact one.
doc_sets = st.lists(mutated_doc(), min_size=1, max_size=3).flatmap(
    lambda docs: st.sampled_from([docs, [*docs, BASES[0]], [*docs, BASES[1]]])
)


@contextmanager
def workspace() -> Iterator[Path]:
    """A fresh folder per example (hypothesis runs many examples in one test function)."""
    root = Path(tempfile.mkdtemp(prefix="generator-fuzz-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def write_docs(docs: Path, texts: list[str]) -> None:
    docs.mkdir(parents=True)
    for index, text in enumerate(texts):
        (docs / f"doc{index}.md").write_text(text, encoding="utf-8")


def validate_openapi(path: Path) -> None:
    """openapi-spec-validator; for a large document (it takes 14 s on a 10,000-property schema) only
    its OpenAPI 3.1 JSON Schema, which checks the structure."""
    document = json.loads(path.read_bytes())
    if path.stat().st_size > LARGE_DOCS_BYTES:
        jsonschema.validators.validator_for(schema_v31)(schema_v31).validate(document)
    else:
        validate(document)


def check_run(docs: Path, out: Path, settings_: Settings) -> RunResult:
    result = run(docs, out, settings_)
    assert result.written or result.diagnostics, "a run that neither wrote nor reported anything"
    for diagnostic in result.diagnostics:
        assert diagnostic.source.file and diagnostic.source.line >= 1, diagnostic
    if result.written:
        validate_openapi(out / "openapi.json")
        for path in out.rglob("*.py"):
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
    again = run(docs, out, settings_)
    assert again.up_to_date and not again.changes.any
    return result


def compile_rendered(api: Api, package: str) -> None:
    """The client and server Python, as rendered (before black), compiles."""
    for path, text in render_plan(api, Settings(package_name=package)).items():
        if path.endswith(".py"):
            compile(text, path, "exec")


def generate(root: Path, texts: list[str], package: str = "generated_api") -> tuple[Path, bool]:
    """Generate into root/out: all targets, or for large docs the schema (and compile the rest)."""
    docs, out = root / "docs", root / "out"
    write_docs(docs, texts)
    large = sum(len(text.encode()) for text in texts) > LARGE_DOCS_BYTES
    targets = (Target.SCHEMA,) if large else tuple(Target)
    check_run(docs, out, Settings(targets=targets, package_name=package, jobs=1))
    if large:
        compile_rendered(load_api(docs, Settings(package_name=package))[0], package)
    return out, not large


@fuzzing
@given(texts=doc_sets)
def test_any_mutated_docs_generate_or_are_reported(texts: list[str]) -> None:
    with workspace() as root:
        generate(root, texts)


@pytest.mark.parametrize("mutation", HEAVY, ids=lambda mutation: mutation.__name__)
@pytest.mark.parametrize("base", BASES, ids=["get", "post"])
def test_the_largest_mutations_generate_or_are_reported(mutation: object, base: str) -> None:
    """Each heavy mutation at its largest size (200 kB cell, 5,000 levels, 10,000 rows, 1 MB line)."""

    def largest(strategy: st.SearchStrategy[object]) -> object:
        """A draw that takes the last choice of sampled_from (the largest size) and booleans' True."""
        elements = getattr(getattr(strategy, "wrapped_strategy", strategy), "elements", None)
        return elements[-1] if elements else True

    text = mutation(largest, base)  # type: ignore[operator]
    with workspace() as root:
        generate(root, [text, BASES[1 - BASES.index(base)]])


def test_many_examples_pass_mypy_strict_in_one_run(tmp_path: Path) -> None:
    """The client and server of several examples, checked by one mypy --strict run."""
    packages: list[tuple[Path, str]] = []

    @settings(fuzzing, max_examples=max(MYPY_EXAMPLES, REQUESTED // 5))
    @given(texts=st.lists(mutated_doc(heavy=False), min_size=1, max_size=3))
    def collect(texts: list[str]) -> None:
        name = f"fuzz{len(packages)}"
        out, complete = generate(tmp_path / name, texts, package=name)
        if complete:
            packages.append((out, name))

    collect()
    assert len(packages) >= MYPY_EXAMPLES
    paths = [str(out / kind / "src") for out, _ in packages for kind in ("client", "server")]
    names = [flag for _, name in packages for flag in ("-p", name, "-p", f"{name}_server")]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), *names],
        env={**os.environ, "MYPYPATH": os.pathsep.join(paths)},
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    assert "Success: no issues found" in result.stdout


def test_errors_in_every_doc_still_end_cleanly(tmp_path: Path) -> None:
    """The pipeline's floor: nothing understood at all is reported, and an empty API is still valid."""
    texts = ["", "\ufeff", "---\n---\n", "# GET x\n```http\n", "\u202e" * 50]
    out, _ = generate(tmp_path, texts)
    result = run(tmp_path / "docs", out, Settings())
    assert all(d.level is Level.ERROR for d in result.diagnostics) and result.diagnostics


def test_the_readme_gives_the_example_counts() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Fuzzing.**") :]
    assert f"CI runs {FUZZ_EXAMPLES} examples" in section
    assert f"and {MYPY_EXAMPLES} examples through `mypy --strict`" in section
