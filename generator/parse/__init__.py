"""Stage 2: one doc at a time, Markdown tokens to a ParsedDoc (no knowledge of other docs)."""

from generator.parse.endpoint import parse_doc

__all__ = ["parse_doc"]
