"""The docs' sample exchanges as contract cases, whatever the language of the suite that replays them.

A case is an endpoint with a sample request and response. Its call is read off the sample request: a
typed value for each path parameter (the samples show placeholders), the doc's example for each required
query parameter (the sample request lines never show them), the sample's Basic credentials and
Accept-Language, the sample body; its result is the sample response. A sample that is inconsistent in
the doc itself names the inconsistency (`inconsistency`); a suite then lets only the part it breaks
fail, as a skip naming the doc's file and line. The renderers of the shipped suites (TypeScript:
generator/render/typescript_samples.py; Python: generator/render/python_samples.py) map these onto
their client's names.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import unquote

from pydantic import JsonValue

from generator.model import Api, Endpoint, HttpSample, Parameter, Response, SecurityScheme, TypeRef

NO_SAMPLE_BODY = "the sample request shows no body, but the operation requires one"
BINARY_SHOWN_AS_JSON = "a binary (image) response whose sample is JSON placeholder text"
_PLACEHOLDER = re.compile(r"\{[^{}/]+\}")
_SEGMENT = re.compile(r"\{([^{}/]+)\}")
_INTEGER = re.compile(r"-?[0-9]+")
# Well-formed credentials of each scheme, for a sample that shows none where the operation requires
# some (as the required query parameters, which the samples never show): (header, value).
PLACEHOLDER_CREDENTIALS = {
    SecurityScheme.BASIC: ("Authorization", "Basic dXNlcjpzZWNyZXQ="),  # user:secret
    SecurityScheme.BEARER: ("Authorization", "Bearer token"),
    SecurityScheme.SO_TICKET: ("Authorization", "SoTicket 7T:ticket"),
    SecurityScheme.XSRF: ("X-XSRF-TOKEN", "token"),
}


def sampled(api: Api) -> list[Endpoint]:
    """The endpoints with a documented sample request and response, in the groups' order."""
    return [
        endpoint
        for endpoint in api.endpoints()
        if endpoint.sample_request is not None and endpoint.sample_response is not None
    ]


def header(sample: HttpSample, name: str) -> str | None:
    return next((value for key, value in sample.headers if key.lower() == name.lower()), None)


def basic_credentials(sample: HttpSample) -> list[JsonValue] | None:
    scheme, _, token = (header(sample, "Authorization") or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(token).decode("utf-8").partition(":")
    except ValueError:
        return None
    return [user, password]


def placeholder_credentials(endpoint: Endpoint) -> tuple[str, str] | None:
    """The header with credentials to send where the operation requires some and its sample request
    shows none (None: the sample shows them, or the operation requires none)."""
    request = endpoint.sample_request
    assert request is not None
    shown = header(request, "Authorization") or header(request, "X-XSRF-TOKEN")
    if shown or not endpoint.security:
        return None
    return PLACEHOLDER_CREDENTIALS[endpoint.security[0]]


def path_value(ref: TypeRef) -> JsonValue:
    """A value of a path parameter's type: its first enumerated value, an integer or a word."""
    if ref.enum:
        return ref.enum[0]
    return 12 if ref.kind == "integer" else "abc"


def path_values(endpoint: Endpoint) -> list[JsonValue]:
    return [path_value(parameter.type) for parameter in endpoint.parameters_in("path")]


def filled_path(template: str, values: list[JsonValue]) -> str:
    """A path template (`/Contact/{id}`) with the values put in its placeholders, in order."""
    filled = iter(str(value) for value in values)
    return _PLACEHOLDER.sub(lambda match: next(filled, match.group(0)), template)


def shown_path(endpoint: Endpoint) -> str:
    """The path of the sample request line (without its query); the endpoint's without a sample."""
    request = endpoint.sample_request
    parts = request.start_line.split() if request is not None else []
    return (parts[1] if len(parts) > 1 else endpoint.path).split("?")[0]


def shown_path_values(endpoint: Endpoint) -> list[JsonValue]:
    """The path values the sample request shows where it shows a value of the parameter's type (not a
    placeholder), else `path_value`. A digit string is not taken for a text parameter: where a route
    is told apart by type it would reach the integer one."""
    template = endpoint.path.strip("/").split("/")
    shown = shown_path(endpoint).strip("/").split("/")
    values: dict[str, str] = {}
    if len(template) == len(shown):
        for expected, segment in zip(template, shown):
            name = _SEGMENT.fullmatch(expected)
            if name is not None and segment and _PLACEHOLDER.fullmatch(segment) is None:
                values[name.group(1)] = unquote(segment)
    found: list[JsonValue] = []
    for parameter in endpoint.parameters_in("path"):
        value, ref = values.get(parameter.name), parameter.type
        is_integer = value is not None and _INTEGER.fullmatch(value) is not None
        if value is None or (ref.enum and value not in ref.enum):
            found.append(path_value(ref))
        elif ref.kind == "integer":
            found.append(int(value) if is_integer else path_value(ref))
        else:
            found.append(path_value(ref) if is_integer else value)
    return found


def sample_path(endpoint: Endpoint) -> str:
    """The path of the sample request line, its placeholders filled with `shown_path_values`."""
    return filled_path(shown_path(endpoint), shown_path_values(endpoint))


def sample_method(endpoint: Endpoint) -> str:
    request = endpoint.sample_request
    assert request is not None
    return (request.start_line.split() or [endpoint.method])[0].upper()


def required_query_value(parameter: Parameter) -> JsonValue:
    """The doc's example of a required query parameter (an integer where its type is one), else 1."""
    example = parameter.example if parameter.example is not None else "1"
    return int(example) if parameter.type.kind == "integer" and example.isdigit() else example


def required_query(endpoint: Endpoint) -> list[tuple[Parameter, JsonValue]]:
    return [
        (parameter, required_query_value(parameter))
        for parameter in endpoint.parameters_in("query")
        if parameter.required
    ]


def placeholder(ref: TypeRef) -> JsonValue:
    """A body for a sample that shows none although the operation requires one: empty, of its type."""
    return [] if ref.kind == "array" else {} if ref.kind in ("object", "ref") else ""


def is_binary(ref: TypeRef | None) -> bool:
    return ref is not None and ref.is_binary


def success_response(endpoint: Endpoint) -> Response | None:
    """The success response when it carries a body (decided once, by the model)."""
    success = endpoint.success
    return success if success is not None and success.type is not None else None


def result_kind(endpoint: Endpoint) -> str:
    """How a client reads the success response: `json`, `binary` (bytes) or `none` (no content)."""
    response = success_response(endpoint)
    if response is None:
        return "none"
    return "binary" if is_binary(response.type) else "json"


def inconsistency(endpoint: Endpoint) -> str | None:
    """Why a sample cannot hold as a contract, read off the doc itself (not off a test's outcome)."""
    request, response, body = (
        endpoint.sample_request,
        endpoint.sample_response,
        endpoint.request_body,
    )
    assert request is not None and response is not None
    if body is not None and not request.has_json_body and not is_binary(body.type):
        return NO_SAMPLE_BODY
    if result_kind(endpoint) == "binary" and response.has_json_body:
        return BINARY_SHOWN_AS_JSON
    return None


def expected_result(endpoint: Endpoint) -> JsonValue:
    """The sample response's JSON as a client returns it (None for a binary or empty response)."""
    response = endpoint.sample_response
    assert response is not None
    return response.body if response.has_json_body and result_kind(endpoint) != "binary" else None


def expected_text(endpoint: Endpoint) -> str | None:
    """The sample response's text where the client returns bytes (a binary response)."""
    response = endpoint.sample_response
    assert response is not None
    return response.body_text if result_kind(endpoint) == "binary" else None
