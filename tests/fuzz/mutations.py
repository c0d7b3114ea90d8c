"""Real-format docs of our own and the ways the fuzz tests break them (hypothesis strategies)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from hypothesis import strategies as st

GET_DOC = """---
title: GET Sprocket/{id}
uid: v1SprocketEntity_GetSprocketEntity
---

# GET Sprocket/{id}

```http
GET /api/v1/Sprocket/{id}?$select=name
```

Gets a SprocketEntity object.

| Path Part | Type | Description |
|-----------|------|-------------|
| id | int32 | Sprocket id **Required** |

## Query String Parameters

| Parameter Name | Type |  Description |
|----------------|------|--------------|
| $select | string |  Optional comma separated list of properties to include in the result. |
| mode | Enum: Fast, Slow | How. |

## Request Headers

| Parameter Name | Description |
|----------------|-------------|
| Authorization  | Supports 'Basic', 'SoTicket' and 'Bearer' schemes, depending on installation type. |
| Accept         | Content-type(s) you would like the response in: `application/json`, `text/json` |
| Accept-Language | Convert string references and multi-language values into a specified language (iso2) code. |

## Response: SprocketEntity

SprocketEntity found.

| Response | Description |
|----------------|-------------|
| 200 | SprocketEntity found. |
| 404 | Not Found. |

### Response body: SprocketEntity

| Property Name | Type |  Description |
|----------------|------|--------------|
| SprocketId | int32 | Primary key |
| Name | string | The name |
| Teeth | array | The teeth |
| Owner | Associate | Who owns it |
| Updated | date-time | Last change |
| Ratio | double | A ratio |

## Sample request

```http!
GET /api/v1/Sprocket/{id}
Authorization: Basic dGplMDpUamUw
Accept: application/json; charset=utf-8
```

## Sample response

```http_
HTTP/1.1 200 SprocketEntity found.
Content-Type: application/json; charset=utf-8

{
  "SprocketId": 1,
  "Name": "Big",
  "Teeth": [{"Size": 3, "Shape": "round"}],
  "Owner": {"AssociateId": 7, "Name": "Ann"},
  "Updated": "2023-02-01T10:00:00.1234567+01:00",
  "Ratio": 1.5
}
```
"""

POST_DOC = """---
title: POST Agents/Sprocket/Turn
uid: v1SprocketAgent_Turn
---

# POST Agents/Sprocket/Turn

```http
POST /api/v1/Agents/Sprocket/Turn
```

Turns a sprocket.

## Request Headers

| Parameter Name | Description |
|----------------|-------------|
| Content-Type | Content-type of the request body: `application/json` |
| SO-AppToken | The application token that identifies the partner app. |

## Request Body: request

SprocketId, Degrees

| Property Name | Type |  Description |
|----------------|------|--------------|
| SprocketId | Integer | The sprocket |
| Degrees | Number | How far |
| Tags | Array | Labels |

## Response: bool

| Response | Description |
|----------------|-------------|
| 200 | OK |

### Response body: bool

## Sample request

```http!
POST /api/v1/Agents/Sprocket/Turn
Content-Type: application/json; charset=utf-8

{
  "SprocketId": 1,
  "Degrees": 90.5,
  "Tags": ["a", "b"]
}
```

## Sample response

```http_
HTTP/1.1 200 OK
Content-Type: application/json; charset=utf-8

true
```
"""

BASES = (GET_DOC, POST_DOC)

# Characters that make text hard to read or to handle: bidi controls, zero-width, BOM, separators.
TRICKY = (
    "\u202e\u202d\u202a\u2066\u2067\u2069\u200b\u200c\u200d\u2060\ufeff\u2028\u2029\u00a0\u0085"
)
TRICKY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(TRICKY),
        st.sampled_from("|`#*_{}[]()<>\"'\\$-:.,;/ \t\n"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=40,
)

Mutation = Callable[[st.DrawFn, str], str]


def _lines_where(text: str, pattern: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n")) if re.match(pattern, line)]


def _replace_line(draw: st.DrawFn, text: str, pattern: str, change: Callable[[str], str]) -> str:
    lines = text.split("\n")
    candidates = _lines_where(text, pattern)
    if not candidates:
        return text
    index = draw(st.sampled_from(candidates))
    lines[index] = change(lines[index])
    return "\n".join(lines)


def missing_cell(draw: st.DrawFn, text: str) -> str:
    return _replace_line(draw, text, r"^\|", lambda line: line.rsplit("|", 2)[0] + "|")


def extra_cell(draw: st.DrawFn, text: str) -> str:
    extra = draw(TRICKY_TEXT).replace("\n", " ")
    return _replace_line(draw, text, r"^\|", lambda line: f"{line} {extra} |")


def broken_fence(draw: st.DrawFn, text: str) -> str:
    how = draw(st.sampled_from(["drop", "short", "info", "tilde"]))
    change = {
        "drop": lambda line: "",
        "short": lambda line: line.replace("```", "``", 1),
        "info": lambda line: line + draw(st.sampled_from(["json", " http", "!", "~~~"])),
        "tilde": lambda line: line.replace("```", "~~~", 1),
    }[how]
    return _replace_line(draw, text, r"^```", change)


def truncated(draw: st.DrawFn, text: str) -> str:
    return text[: draw(st.integers(min_value=0, max_value=len(text)))]


def random_unicode(draw: st.DrawFn, text: str) -> str:
    at = draw(st.integers(min_value=0, max_value=len(text)))
    return text[:at] + draw(TRICKY_TEXT) + text[at:]


def huge_cell(draw: st.DrawFn, text: str) -> str:
    size = draw(st.sampled_from([10_000, 200_000]))
    filler = (draw(st.sampled_from(["word ", "x", "\u202e\u200b"])) * size)[:size]
    return _replace_line(draw, text, r"^\| \w", lambda line: line.replace("|", f"| {filler}", 2))


def duplicate_section(draw: st.DrawFn, text: str) -> str:
    sections = re.split(r"(?m)^(?=## )", text)
    if len(sections) < 2:
        return text
    index = draw(st.integers(min_value=1, max_value=len(sections) - 1))
    sections.insert(index, sections[index])
    return "".join(sections)


def deep_json(draw: st.DrawFn, text: str) -> str:
    depth = draw(st.sampled_from([50, 5_000]))
    nested = (
        "[" * depth + "1" + "]" * depth
        if draw(st.booleans())
        else '{"a":' * depth + "1" + "}" * depth
    )
    return re.sub(
        r"(?s)(HTTP/1.1 200[^\n]*\n(?:[^\n]+\n)*\n).*?(\n```)",
        lambda m: m[1] + nested + m[2],
        text,
        count=1,
    )


def long_table(draw: st.DrawFn, text: str) -> str:
    rows = draw(st.sampled_from([300, 10_000]))
    table = "\n".join(f"| Property{index} | int32 | Row {index} |" for index in range(rows))
    at = text.find("| Property Name")
    if at < 0:
        return (
            text
            + "\n## Response: Long\n\n### Response body: Long\n\n| Property Name | Type | Description |\n|---|---|---|\n"
            + table
            + "\n"
        )
    end = text.find("\n\n", at)
    return text[:end] + "\n" + table + text[end:]


def one_long_line(draw: st.DrawFn, text: str) -> str:
    size = draw(st.sampled_from([100_000, 1_000_000]))
    line = (draw(st.sampled_from(["a", "| ", "`", "\u200b", "word "])) * size)[:size]
    at = draw(st.integers(min_value=0, max_value=len(text)))
    return text[:at] + "\n" + line + "\n" + text[at:]


def sample_json_value(draw: st.DrawFn, text: str) -> str:
    value = draw(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TRICKY_TEXT,
            lambda children: st.lists(children, max_size=3)
            | st.dictionaries(TRICKY_TEXT, children, max_size=3),
            max_leaves=10,
        )
    )
    body = json.dumps(value, indent=2, ensure_ascii=draw(st.booleans()))
    return re.sub(
        r"(?s)(HTTP/1.1 200[^\n]*\n(?:[^\n]+\n)*\n).*?(\n```)",
        lambda m: m[1] + body + m[2],
        text,
        count=1,
    )


LIGHT: tuple[Mutation, ...] = (
    missing_cell,
    extra_cell,
    broken_fence,
    truncated,
    random_unicode,
    duplicate_section,
    sample_json_value,
)
HEAVY: tuple[Mutation, ...] = (huge_cell, deep_json, long_table, one_long_line)


@st.composite
def mutated_doc(draw: st.DrawFn, heavy: bool = True) -> str:
    """A base doc with one to three mutations, at most one of them heavy."""
    text = draw(st.sampled_from(BASES))
    for mutation in draw(st.lists(st.sampled_from(LIGHT), min_size=1, max_size=3)):
        text = mutation(draw, text)
    if heavy and draw(st.integers(min_value=0, max_value=3)) == 0:
        text = draw(st.sampled_from(HEAVY))(draw, text)
    return text
