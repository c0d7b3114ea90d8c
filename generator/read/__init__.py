"""Stage 1: find the docs under a folder and decode them."""

from generator.read.files import DOC_SUFFIXES, find_docs, read_docs

__all__ = ["DOC_SUFFIXES", "find_docs", "read_docs"]
