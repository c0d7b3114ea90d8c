"""Edits beyond prose on both corpus generations (../shared, skipped when absent): for the docs of a
sample of groups, each edit of tests/render/structural_edits.py renders in a scoped plan every file
a whole plan gives (render/plan.py, Scope.of_difference); and each edit of a property table's cells
that the local path patches into a changed type renders in its scope what a whole plan does."""

from __future__ import annotations

import random

import pytest

from generator.pipeline import read_inputs
from tests.conftest import CORPUS, needs_shared
from tests.render.structural_edits import check_edits, check_local_edits

pytestmark = needs_shared
GROUPS, SAMPLE = 6, 8


@pytest.mark.parametrize("generation", ["g4-2023-02", "g1-2022-12"])
def test_structural_edits_of_corpus_docs_render_in_scope_what_a_whole_plan_does(
    generation: str,
) -> None:
    files = read_inputs(CORPUS / generation).files
    folders = sorted({file.path.rsplit("/", 1)[0] for file in files})
    chance = random.Random(generation)
    groups = set(chance.sample(folders, GROUPS))
    docs = [file for file in files if file.path.rsplit("/", 1)[0] in groups]
    outcome = check_edits(docs, chance.sample(docs, SAMPLE))
    assert not outcome.wrong, outcome.wrong
    assert len(outcome.scoped) >= SAMPLE, outcome.whole
    assert any(types for _, types in outcome.reached)  # some edits changed a type
    # A doc added, sharing its types and with types of its own, or removed, renders in scope.
    for kind in ("a copy added", "a copy with types of its own", "the doc removed"):
        assert any(label.endswith(kind) for label in outcome.scoped), kind


@pytest.mark.parametrize("generation", ["g4-2023-02", "g1-2022-12"])
def test_property_cell_edits_of_corpus_docs_render_in_the_local_scope_what_a_whole_plan_does(
    generation: str,
) -> None:
    files = read_inputs(CORPUS / generation).files
    folders = sorted({file.path.rsplit("/", 1)[0] for file in files})
    chance = random.Random(generation + " cells")
    groups = set(chance.sample(folders, GROUPS))
    docs = [file for file in files if file.path.rsplit("/", 1)[0] in groups]
    outcome = check_local_edits(docs, chance.sample(docs, SAMPLE))
    assert not outcome.wrong, outcome.wrong
    assert outcome.scoped, outcome.other
