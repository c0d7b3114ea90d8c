"""Sample bodies nested too deeply are kept as text with a P113 warning, at any depth (no recursion)."""

from __future__ import annotations

import pytest

from generator.model import Source, SourceFile
from generator.parse import parse_doc
from generator.parse.samples import MAX_SAMPLE_DEPTH, NOT_JSON, TOO_DEEP, read_json, read_sample

WHERE = Source(file="doc.md", line=1)


@pytest.mark.parametrize("depth", [MAX_SAMPLE_DEPTH + 1, 1_000, 100_000])
@pytest.mark.parametrize("brackets", ["[]", '{"a":}'])
def test_a_body_nested_too_deeply_is_kept_as_text(depth: int, brackets: str) -> None:
    opening, closing = (brackets[:-1], brackets[-1])
    text = opening * depth + "1" + closing * depth
    sample = read_sample(f"HTTP/1.1 200 OK\n\n{text}", WHERE)
    assert (sample.has_json_body, sample.body, sample.body_text) == (False, None, text)
    assert read_json(text) == (None, TOO_DEEP)


def test_a_body_as_deep_as_the_limit_is_json() -> None:
    text = "[" * MAX_SAMPLE_DEPTH + "]" * MAX_SAMPLE_DEPTH
    assert read_sample(f"HTTP/1.1 200 OK\n\n{text}", WHERE).has_json_body
    assert read_json("{nope") == (None, NOT_JSON)


def test_the_doc_reports_p113_at_the_sample() -> None:
    deep = "[" * 5_000 + "]" * 5_000
    text = f"---\nuid: v1X_Get\n---\n\n# GET X\n\n```http\nGET /api/v1/X\n```\n\n## Sample response\n\n```http_\nHTTP/1.1 200 OK\n\n{deep}\n```\n"
    result = parse_doc(SourceFile(path="doc.md", text=text))
    assert result.doc is not None
    assert [(d.code, d.source.line) for d in result.diagnostics] == [("P113", 13)]
