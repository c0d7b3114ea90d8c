"""Sample HTTP messages (```http! requests, ```http_ responses) read into HttpSample."""

from __future__ import annotations

import json
import re

from generator.model import HttpSample, Source

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_REQUEST_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|DEL|HEAD|OPTIONS)\s+\S", re.IGNORECASE)
_STATUS_LINE = re.compile(r"^HTTP/\d(?:\.\d)?\s+\d{3}\b")
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
    try:
        body = json.loads(body_text) if body_text else None
        parsed = bool(body_text)
    except ValueError:
        body, parsed = None, False
    return HttpSample(
        start_line=start_line, headers=tuple(headers), body_text=body_text, body=body, has_json_body=parsed, source=source
    )


def status_of(sample: HttpSample) -> str:
    parts = sample.start_line.split()
    return parts[1] if len(parts) > 1 else ""
