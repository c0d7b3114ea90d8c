"""JSON documents as text: two-space indentation, non-ASCII kept, the same bytes whichever encoder ran.

orjson writes exactly what `json.dumps(value, indent=2, ensure_ascii=False)` writes, some thirty times
faster (the standard library's indenting encoder is pure Python); the standard library takes over for
the values orjson does not encode (integers beyond 64 bits, which sample JSON may hold).
"""

from __future__ import annotations

import json

import orjson


def pretty_json(value: object) -> str:
    try:
        data = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    del value  # the only reference to a large document's tree (it goes before the text is made)
    return data.decode("utf-8")
