"""Sample HTTP messages (```http! requests, ```http_ responses) read into HttpSample."""

from __future__ import annotations

import json
import re

from pydantic import JsonValue

from generator.model import HttpSample, Source

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_REQUEST_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|DEL|HEAD|OPTIONS)\s+\S", re.IGNORECASE)
_STATUS_LINE = re.compile(r"^HTTP/\d(?:\.\d)?\s+\d{3}\b")
# Deeper sample bodies are kept as text: no doc needs them, and every stage that walks one would recurse.
MAX_SAMPLE_DEPTH = 64
NOT_JSON, TOO_DEEP = "not JSON", f"nested deeper than {MAX_SAMPLE_DEPTH} levels"
_HEADER_LINE = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+:")  # an RFC 9110 token, then a colon


def is_request(content: str) -> bool:
    return bool(_REQUEST_LINE.match(content.lstrip()))


def is_response(content: str) -> bool:
    return bool(_STATUS_LINE.match(content.lstrip()))


def read_sample(content: str, source: Source) -> HttpSample:
    """Start line, `Name: value` headers, then the body (parsed when it is JSON) after an optional blank line."""
    lines = content.strip("\n").split("\n")
    start_line = lines[0].strip()
    headers: list[tuple[str, str]] = []
    index = 1
    while index < len(lines) and _HEADER_LINE.match(lines[index]):
        name, _, value = lines[index].partition(":")
        headers.append((name.strip(), value.strip()))
        index += 1
    body_text = "\n".join(lines[index:]).strip()
    body, problem = read_json(body_text) if body_text else (None, "")
    parsed = bool(body_text) and not problem
    return HttpSample(
        start_line=start_line,
        headers=tuple(headers),
        body_text=body_text,
        body=body,
        has_json_body=parsed,
        source=source,
    )


def read_json(text: str) -> tuple[JsonValue, str]:
    """(the value, "") for JSON text nested no deeper than MAX_SAMPLE_DEPTH, else (None, what is wrong)."""
    try:
        value: JsonValue = json.loads(text)
    except RecursionError:
        return None, TOO_DEEP
    except ValueError:
        return None, NOT_JSON
    return (None, TOO_DEEP) if _depth(value) > MAX_SAMPLE_DEPTH else (value, "")


def _depth(value: JsonValue) -> int:
    """How deeply arrays and objects nest in the value (without recursion: any depth is measured)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        node, depth = pending.pop()
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in children)
    return deepest


def status_of(sample: HttpSample) -> str:
    parts = sample.start_line.split()
    return parts[1] if len(parts) > 1 else ""
