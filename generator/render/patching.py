"""Outputs patched, not made whole, by a plan in scope of some groups (render/plan.py, Scope)."""

from __future__ import annotations


class OutOfScope(Exception):
    """A plan in scope cannot patch an output (the last run's text is missing, or not as this
    generator writes it): the run renders everything instead (the pipeline catches this)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: the last run's text cannot be patched")
        self.path = path


def patched(path: str, text: str | None) -> str:
    """The patched text of the output at `path`; raises OutOfScope where there is none."""
    if text is None:
        raise OutOfScope(path)
    return text
