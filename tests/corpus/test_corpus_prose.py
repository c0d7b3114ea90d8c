"""Prose edits on both corpus generations (../shared, skipped when absent): for a sample of docs,
each edit of tests/resolve/prose_edits.py patches the Api a full resolve gives, and most take the
patch (generator/resolve/prose.py)."""

from __future__ import annotations

import random

import pytest

from generator.pipeline import read_inputs
from tests.conftest import CORPUS, needs_shared
from tests.resolve.prose_edits import FIRST_ROWS, RENAMES, check_edits

pytestmark = needs_shared
SAMPLE = 10


@pytest.mark.parametrize("generation", ["g4-2023-02", "g1-2022-12"])
def test_prose_edits_of_corpus_docs_patch_the_api_a_full_resolve_gives(generation: str) -> None:
    files = read_inputs(CORPUS / generation).files
    chosen = random.Random(generation).sample(files, SAMPLE)
    outcome = check_edits(files, chosen)
    assert not outcome.wrong, outcome.wrong
    # Most edits take the patch; a rename, less often (tests/resolve/prose_edits.py, RENAMES), at
    # least one on each generation; an edit of a table's first row (FIRST_ROWS) less often still
    # (none on g1's sample: tests/resolve/test_prose.py shows it patched on the fixtures).
    patched, resolved = _split(outcome.patched), _split(outcome.resolved)
    assert len(patched["other"]) >= 2 * len(resolved["other"]), resolved["other"]
    assert patched["rename"], resolved["rename"]


def _split(found: list[str]) -> dict[str, list[str]]:
    """`file: edit` entries by the kind of edit: a rename, an edit of a first row, or other."""
    split: dict[str, list[str]] = {"rename": [], "first row": [], "other": []}
    for entry in found:
        edit = entry.rpartition(": ")[2]
        kind = "rename" if edit in RENAMES else "first row" if edit in FIRST_ROWS else "other"
        split[kind].append(entry)
    return split
