"""The real corpus (../shared, skipped when absent): every doc parses without errors, and the generated
OpenAPI document scores against the official spec with tools/fidelity.py."""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import pytest

from generator.model import Level
from generator.parse import parse_doc
from generator.pipeline import load_api
from generator.read import read_docs
from generator.render.openapi import openapi_document
from generator.settings import Settings
from tests.conftest import CORPUS, FIDELITY, REFERENCE, SEEDS, needs_shared

GENERATIONS = {"g4-2023-02": 0.93, "g1-2022-12": 0.85}

pytestmark = needs_shared


def load_fidelity() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fidelity", FIDELITY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def generation_document(generation: str) -> tuple[str, tuple[str, ...]]:
    api, diagnostics = load_api(CORPUS / generation, Settings())
    errors = tuple(str(d) for d in diagnostics if d.level is Level.ERROR)
    return json.dumps(openapi_document(api)), errors


@pytest.mark.parametrize("generation", sorted(GENERATIONS))
def test_every_corpus_doc_parses_without_errors(generation: str) -> None:
    _, errors = generation_document(generation)
    assert errors == ()


@pytest.mark.parametrize("generation", sorted(GENERATIONS))
def test_fidelity_against_the_official_spec(generation: str, tmp_path: Path) -> None:
    document, _ = generation_document(generation)
    candidate = tmp_path / "openapi.json"
    candidate.write_text(document, encoding="utf-8")
    fidelity = load_fidelity()
    report = fidelity.compare(
        fidelity.load_document(str(REFERENCE), "reference"),
        fidelity.load_document(str(candidate), "candidate"),
    )
    print(fidelity.format_table(report))
    assert report.score >= GENERATIONS[generation]


def test_seeds_parse_without_diagnostics() -> None:
    files, problems = read_docs(SEEDS)
    assert files and not problems
    assert all(not parse_doc(file).diagnostics for file in files)


def test_the_newer_generation_gives_a_valid_openapi_document() -> None:
    from openapi_spec_validator import validate

    document, _ = generation_document("g4-2023-02")
    validate(json.loads(document))
