"""Outputs patched, not made whole, by a plan in scope of some groups (render/plan.py, Scope)."""

from __future__ import annotations

from collections.abc import Callable


class OutOfScope(Exception):
    """A plan in scope cannot patch an output (the last run's text is missing, or not as this
    generator writes it): the run renders everything instead (the pipeline catches this)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: the last run's text cannot be patched")
        self.path = path


def patched(path: str, earlier: str | None, patch: Callable[[str], str | None]) -> str:
    """The last run's text of the output at `path` (`earlier`), patched; raises OutOfScope where
    there is none, or `patch` cannot patch it (gives None)."""
    found = patch(earlier) if earlier is not None else None
    if found is None:
        raise OutOfScope(path)
    return found
