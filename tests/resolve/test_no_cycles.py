"""A run pauses Python's cycle collector (generator/pipeline.py): resolving must leave no reference
cycle, or every parsed doc would stay in memory until the run ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from generator.pipeline import load_api
from generator.settings import Settings
from tests.conftest import SEEDS

OURS = ("generator.",)


@contextmanager
def cyclic_garbage() -> Iterator[list[object]]:
    """The objects only a cycle collection would free, of what the block made."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    found: list[object] = []
    try:
        yield found
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        found.extend(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()


def test_reading_parsing_and_resolving_leave_no_cycle_of_ours() -> None:
    for docs in (SEEDS, SEEDS.parent / "tests" / "client" / "docs"):
        with cyclic_garbage() as garbage:
            api, _ = load_api(docs, Settings())
            del api
        ours = sorted({type(item).__qualname__ for item in garbage if _is_ours(item)})
        assert ours == [], f"{docs}: cycles keep {ours} alive"


def _is_ours(item: object) -> bool:
    return type(item).__module__.startswith(OURS)
