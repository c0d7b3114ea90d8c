"""JSON documents as text: two-space indentation, non-ASCII kept, always orjson's spelling.

orjson writes what `json.dumps(value, indent=2, ensure_ascii=False)` writes but for the spelling of
some floats (`1e-7` where the standard library writes `1e-07`), some thirty times faster. It does not
encode integers beyond 64 bits, which sample JSON may hold: those go in as their digits (an
`orjson.Fragment`), so that every document, and every part of one patched in place
(render/openapi.py), is spelled by the same encoder.
"""

from __future__ import annotations

import orjson

# The integers orjson encodes itself.
_LOWEST, _BEYOND = -(2**63), 2**64


def pretty_json(value: object) -> str:
    return json_text(value, orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def json_text(value: object, option: int = orjson.OPT_INDENT_2) -> str:
    try:
        data = orjson.dumps(value, option=option)
    except TypeError:  # an integer beyond 64 bits
        data = orjson.dumps(_wide_integers(value), option=option)
    del value  # the only reference to a large document's tree (it goes before the text is made)
    return data.decode("utf-8")


def _wide_integers(node: object) -> object:
    """The value with each integer orjson does not encode as its digits."""
    if isinstance(node, int) and not isinstance(node, bool) and not _LOWEST <= node < _BEYOND:
        return orjson.Fragment(str(node))
    if isinstance(node, dict):
        return {key: _wide_integers(item) for key, item in node.items()}
    if isinstance(node, (list, tuple)):
        return [_wide_integers(item) for item in node]
    return node
