"""A parameter listed twice (a repeated row or a second table) is taken once: the first row wins (P114)."""

from __future__ import annotations

from generator.model import SourceFile
from generator.parse import parse_doc
from generator.resolve import resolve

DOC = """---
uid: v1Thing_Get
---

# GET Thing/{id}

```http
GET /api/v1/Thing/{id}
```

Gets a thing.

| Path Part | Type | Description |
|-----------|------|-------------|
| id | int32 | The thing. |

## Query String Parameters

| Parameter Name | Type | Description |
|----------------|------|-------------|
| $select | string | First. |
| $select | int32 | Again. |
| id | string | A query parameter may share a path parameter's name. |

## Request Headers

| Parameter Name | Description |
|----------------|-------------|
| Accept-Language | First. |
| accept-language | Again, in other case. |
"""


def test_a_repeated_parameter_is_taken_once_and_reported() -> None:
    result = parse_doc(SourceFile(path="doc.md", text=DOC))
    assert result.doc is not None
    api = resolve([result.doc], "API", "1.0")
    [endpoint] = api.endpoints()
    assert [(p.location, p.name, p.description) for p in endpoint.parameters] == [
        ("path", "id", "The thing."),
        ("query", "$select", "First."),
        ("query", "id", "A query parameter may share a path parameter's name."),
        ("header", "Accept-Language", "First."),
    ]
    repeats = sorted((d.code, d.source.line) for d in api.diagnostics if d.code == "P114")
    assert repeats == [("P114", 22), ("P114", 30)]
