"""Prose edits on both corpus generations (../shared, skipped when absent): for a sample of docs,
each edit of tests/resolve/prose_edits.py patches the Api a full resolve gives, and most take the
patch (generator/resolve/prose.py)."""

from __future__ import annotations

import random

import pytest

from generator.pipeline import read_inputs
from tests.conftest import CORPUS, needs_shared
from tests.resolve.prose_edits import RENAMES, check_edits

pytestmark = needs_shared
SAMPLE = 10


@pytest.mark.parametrize("generation", ["g4-2023-02", "g1-2022-12"])
def test_prose_edits_of_corpus_docs_patch_the_api_a_full_resolve_gives(generation: str) -> None:
    files = read_inputs(CORPUS / generation).files
    chosen = random.Random(generation).sample(files, SAMPLE)
    outcome = check_edits(files, chosen)
    assert not outcome.wrong, outcome.wrong
    # Most edits take the patch; a rename, less often (tests/resolve/prose_edits.py, RENAMES), at
    # least one on each generation.
    patched, resolved = _split(outcome.patched), _split(outcome.resolved)
    assert len(patched[False]) >= 2 * len(resolved[False]), resolved[False]
    assert patched[True], resolved[True]


def _split(found: list[str]) -> dict[bool, list[str]]:
    """`file: edit` entries by whether the edit is a rename."""
    split: dict[bool, list[str]] = {False: [], True: []}
    for entry in found:
        split[entry.rpartition(": ")[2] in RENAMES].append(entry)
    return split
