"""The docs' samples as data for the TypeScript package's contract tests (`test/samples.json`).

One case per endpoint with a sample request and response (generator/render/samples.py, shared with the
Python suites): the call's arguments in the TypeScript client's names (positional path values, the
options object), and the result the mock server answers with; `inconsistency` names what the doc itself
breaks, which the test lets fail only in that part, as a named skip. The JSON is laid out as Prettier
lays it out.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from pydantic import JsonValue

from generator.model import Endpoint
from generator.render.samples import (
    basic_credentials,
    expected_result,
    expected_text,
    header,
    inconsistency,
    is_binary,
    path_values,
    placeholder,
    required_query,
    result_kind,
)

if TYPE_CHECKING:
    from generator.model import Api
    from generator.render.typescript import TsGroupContext, TsMethodContext


def options_of(
    endpoint: Endpoint, method: TsMethodContext
) -> tuple[dict[str, JsonValue], dict[str, JsonValue]]:
    """(the options argument, the client's default headers) for the sample's call."""
    request = endpoint.sample_request
    assert request is not None
    by_wire = {option.wire_name: option for option in method.options if option.wire_name}
    options: dict[str, JsonValue] = {}
    client_headers: dict[str, JsonValue] = {}
    for parameter, value in required_query(endpoint):
        options[by_wire[parameter.name].name] = value
    language = header(request, "Accept-Language")
    if language is not None:
        if "Accept-Language" in by_wire:
            options[by_wire["Accept-Language"].name] = language
        else:
            client_headers["Accept-Language"] = language
    body = endpoint.request_body
    if body is not None and not is_binary(body.type):
        options[method.options[-1].name] = (
            request.body if request.has_json_body else placeholder(body.type)
        )
    return options, client_headers


def case(
    endpoint: Endpoint, group: TsGroupContext, method: TsMethodContext
) -> dict[str, JsonValue]:
    request = endpoint.sample_request
    assert request is not None
    options, client_headers = options_of(endpoint, method)
    body = endpoint.request_body
    return {
        "operationId": endpoint.operation_id,
        "source": str(endpoint.source),
        "group": group.attribute,
        "method": method.name,
        "path": path_values(endpoint),
        "options": options,
        "binaryBody": (
            method.options[-1].name if body is not None and is_binary(body.type) else None
        ),
        "credentials": basic_credentials(request),
        "clientHeaders": client_headers,
        "result": result_kind(endpoint),
        "expected": expected_result(endpoint),
        "expectedText": expected_text(endpoint),
        "inconsistency": inconsistency(endpoint),
    }


def sample_cases(api: Api, groups: list[TsGroupContext]) -> list[JsonValue]:
    """One case per endpoint with a documented sample request and response, in the groups' order."""
    found: list[JsonValue] = []
    for group, context in zip(api.groups, groups):
        for endpoint, method in zip(group.endpoints, context.methods):
            if endpoint.sample_request is not None and endpoint.sample_response is not None:
                found.append(case(endpoint, context, method))
    return found


# ---- JSON as Prettier formats it ------------------------------------------------------------------

JSON_WIDTH = 80
JSON_INDENT = "  "


def prettier_json(value: JsonValue) -> str:
    """JSON text as Prettier formats a `.json` file (2 spaces, 80 columns): objects one member per line,
    arrays on one line where they fit and hold no object, numbers filled onto lines, else one item per
    line; strings as json writes them (Prettier keeps their text)."""
    return _json(value, "", 0, "") + "\n"


def _is_number(value: JsonValue) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _breaks(value: JsonValue) -> bool:
    """Whether a value cannot be printed on one line: a non-empty object, or an array holding one, or
    an array of several arrays (or objects) of several items each."""
    if isinstance(value, dict):
        return bool(value)
    if isinstance(value, list):
        nested = len(value) > 1 and all(isinstance(item, list) and len(item) > 1 for item in value)
        return nested or any(_breaks(item) for item in value)
    return False


def _number(text: str) -> str:
    """A number as Prettier prints it: lower case, no `+` or leading zeros in the exponent, no `e0`,
    no extraneous trailing decimal zeros, no trailing dot."""
    text = text.lower()
    text = re.sub(r"^([+-]?[\d.]+e)(?:\+|(-))?0*(\d)", r"\1\2\3", text)
    text = re.sub(r"^([+-]?[\d.]+)e[+-]?0+$", r"\1", text)
    text = re.sub(r"^([+-])?\.", r"\g<1>0.", text)
    text = re.sub(r"(\.\d+?)0+(?=e|$)", r"\1", text)
    return re.sub(r"\.(?=e|$)", "", text)


def _scalar(value: JsonValue) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _number(text) if _is_number(value) else text


def _flat(value: JsonValue) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flat(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{}"
    return _scalar(value)


def _json(value: JsonValue, indent: str, column: int, tail: str) -> str:
    """The value at `column` of a line at `indent`, followed on its line by `tail`."""
    inner = indent + JSON_INDENT
    if isinstance(value, dict):
        if not value:
            return "{}"
        members = []
        for index, (key, item) in enumerate(value.items()):
            head = f"{json.dumps(key, ensure_ascii=False)}: "
            comma = "," if index < len(value) - 1 else ""
            members.append(
                f"{inner}{head}{_json(item, inner, len(inner) + len(head), comma)}{comma}"
            )
        return "{\n" + "\n".join(members) + f"\n{indent}}}"
    if not isinstance(value, list):
        return _scalar(value)
    if not value:
        return "[]"
    if not _breaks(value) and column + len(_flat(value)) + len(tail) <= JSON_WIDTH:
        return _flat(value)
    if len(value) > 1 and all(_is_number(item) for item in value):
        return "[\n" + _filled([_flat(item) for item in value], inner) + f"\n{indent}]"
    items = [
        f"{inner}{_json(item, inner, len(inner), ',' if i < len(value) - 1 else '')}"
        + ("," if i < len(value) - 1 else "")
        for i, item in enumerate(value)
    ]
    return "[\n" + "\n".join(items) + f"\n{indent}]"


def _filled(items: list[str], indent: str) -> str:
    """Numbers as Prettier fills them: as many on a line as fit, each but the last with its comma."""
    lines, line = [], indent
    for index, item in enumerate(items):
        text = item + ("," if index < len(items) - 1 else "")
        if line.strip() and len(line) + 1 + len(text) > JSON_WIDTH:
            lines.append(line)
            line = indent
        line = f"{line} {text}" if line.strip() else f"{line}{text}"
    return "\n".join([*lines, line])
