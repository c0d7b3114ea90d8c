"""Stage 3: everything that needs all docs at once: named types, sample inference, routes, names."""

from generator.resolve.api import resolve

__all__ = ["resolve"]
