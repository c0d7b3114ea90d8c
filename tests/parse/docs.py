"""Builders for small invented docs, and a way to name the line a piece of text sits on."""

from __future__ import annotations

from pathlib import Path

from generator.model import ParseResult, SourceFile
from generator.parse import parse_doc

FIXTURES = Path(__file__).resolve().parent / "fixtures"

HEAD = """\
---
title: GET Gadget/{id}
uid: v1Gadget_GetGadget
---

# GET Gadget/{id}

```http
GET /api/v1/Gadget/{gadgetId}
```

"""


def doc(body: str, head: str = HEAD) -> str:
    """A doc: the standard head (front matter, H1, endpoint block) and then `body`."""
    return head + body


def parse(text: str, name: str = "doc.md") -> ParseResult:
    return parse_doc(SourceFile(path=name, text=text))


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line containing `needle`; fails loudly when there is none."""
    hits = [number for number, line in enumerate(text.split("\n"), 1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} occurs on {len(hits)} lines"
    return hits[occurrence - 1]


def codes(result: ParseResult) -> list[tuple[str, int]]:
    """The diagnostics as (code, line) pairs, in report order."""
    return [(d.code, d.source.line) for d in result.diagnostics]
