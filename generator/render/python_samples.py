"""The docs' samples as data for the Python projects' shipped contract tests: `client/tests/samples.json`
(each sample's call through the client: its arguments in the client's names, the request the sample
shows, the result), `server/tests/samples.json` (each sample request as sent, the response the mock must
give) and `server/tests/validation.json` (every operation with a JSON body, sent a body of the wrong
type, which the server must refuse).

The cases come from generator/render/samples.py (shared with the TypeScript suite); an inconsistency of
the doc itself is named with the doc's file and line of the sample that has it. The data is one case per
line, in the groups' order, so that a changed doc changes its own lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING

import orjson
from pydantic import JsonValue

from generator.model import Api, Endpoint, TypeRef
from generator.render.patching import patched, patched_lines
from generator.render.samples import (
    NO_SAMPLE_BODY,
    PLACEHOLDER_CREDENTIALS,
    basic_credentials,
    expected_result,
    expected_text,
    filled_path,
    header,
    inconsistency,
    placeholder,
    placeholder_credentials,
    required_query,
    result_kind,
    sample_method,
    sample_path,
    sampled,
    shown_path_values,
)

if TYPE_CHECKING:
    from generator.render.client import GroupContext, MethodContext

# The request headers a sample shows that the contract holds the client to.
CHECKED_HEADERS = ("Authorization", "Accept-Language")
# Headers the sender computes for the bytes it sends: a sample's copy is not sent.
COMPUTED = frozenset(
    {"host", "content-length", "connection", "transfer-encoding", "accept-encoding"}
)
NO_BODY_STATUSES = (204, 304)
# What the server gets as a binary body the sample does not show.
BINARY_PLACEHOLDER = "GIF89a bytes"


def case_id(endpoint: Endpoint) -> str:
    """The test's id: `operationId (file:line)`."""
    return f"{endpoint.operation_id} ({endpoint.source})"


def where(endpoint: Endpoint, reason: str | None) -> str | None:
    """The doc's file and line of the sample an inconsistency is in (the request's or the response's)."""
    if reason is None:
        return None
    sample = endpoint.sample_request if reason == NO_SAMPLE_BODY else endpoint.sample_response
    assert sample is not None
    return str(sample.source)


def query_pairs(endpoint: Endpoint) -> list[JsonValue]:
    """The required query parameters as sent: [wire name, text]."""
    return [[parameter.name, str(value)] for parameter, value in required_query(endpoint)]


def document(cases: Sequence[JsonValue]) -> str:
    """A JSON array, one case per line."""
    if not cases:
        return "[]\n"
    lines = [json.dumps(case, ensure_ascii=False) for case in cases]
    return "[\n" + ",\n".join(lines) + "\n]\n"


# ---- the client's suite ---------------------------------------------------------------------------


def client_arguments(endpoint: Endpoint, method: MethodContext) -> dict[str, JsonValue]:
    """The method's keyword arguments for the sample: typed path values, the required query values, the
    required headers (the sample's value where it shows one), the body (as the sample shows it: given
    as a carrier's fields where they hold it all, else whole; a placeholder where it shows none)."""
    request = endpoint.sample_request
    assert request is not None
    arguments: dict[str, JsonValue] = {}
    names = [parameter.name for parameter in endpoint.parameters_in("path")]
    values = dict(zip(names, shown_path_values(endpoint)))
    for argument in method.path_arguments:
        arguments[argument.name] = values[argument.wire_name]
    by_wire = {argument.wire_name: argument.name for argument in method.query_arguments}
    for parameter, value in required_query(endpoint):
        arguments[by_wire[parameter.name]] = value
    parameters = {p.name: p for p in endpoint.parameters_in("header")}
    for argument in method.header_arguments:
        shown = header(request, argument.wire_name)
        example = parameters[argument.wire_name].example
        arguments[argument.name] = shown if shown is not None else example or "abc"
    if method.body_argument is None or method.body_runtime == "bytes":
        return arguments
    if not request.has_json_body:
        body = endpoint.request_body
        assert body is not None
        if not method.body_fields:
            arguments[method.body_argument] = placeholder(body.type)
        return arguments
    fields = {field.wire_name: field.name for field in method.body_fields}
    shown_body = request.body
    if fields and isinstance(shown_body, dict) and set(shown_body) <= set(fields):
        arguments.update({fields[key]: value for key, value in shown_body.items()})
    else:
        arguments[method.body_argument] = shown_body
    return arguments


def client_headers(endpoint: Endpoint, method: MethodContext) -> dict[str, JsonValue]:
    """Headers the client sends as its defaults: the sample's Accept-Language where it is no argument
    of the method, its Authorization in another scheme than Basic, or placeholder credentials where
    it shows none but the operation requires some."""
    request = endpoint.sample_request
    assert request is not None
    found: dict[str, JsonValue] = {}
    language = header(request, "Accept-Language")
    if language is not None and all(
        argument.wire_name != "Accept-Language" for argument in method.header_arguments
    ):
        found["Accept-Language"] = language
    authorization = header(request, "Authorization")
    if authorization is not None and basic_credentials(request) is None:
        found["Authorization"] = authorization
    credentials = placeholder_credentials(endpoint)
    if credentials is not None:
        found[credentials[0]] = credentials[1]
    return found


def client_case(
    endpoint: Endpoint, group: GroupContext, method: MethodContext, module: str
) -> JsonValue:
    request = endpoint.sample_request
    assert request is not None
    reason = inconsistency(endpoint)
    wire: dict[str, JsonValue] = {
        "method": sample_method(endpoint),
        "path": sample_path(endpoint),
        "query": query_pairs(endpoint),
        "headers": {
            name: value for name in CHECKED_HEADERS if (value := header(request, name)) is not None
        },
    }
    if request.has_json_body:
        wire["body"] = request.body
    return {
        "id": case_id(endpoint),
        "operationId": endpoint.operation_id,
        "group": group.attribute,
        "method": method.name,
        "module": module,
        "operation": method.constant,
        "arguments": client_arguments(endpoint, method),
        "binaryBody": method.body_argument if method.body_runtime == "bytes" else None,
        "credentials": basic_credentials(request),
        "clientHeaders": client_headers(endpoint, method),
        "request": wire,
        "result": result_kind(endpoint),
        "expected": expected_result(endpoint),
        "expectedText": expected_text(endpoint),
        "inconsistency": reason,
        "inconsistencySource": where(endpoint, reason),
    }


def client_cases(
    api: Api,
    groups: Sequence[GroupContext],
    methods: Mapping[str, Sequence[tuple[MethodContext, str]]],
) -> list[JsonValue]:
    """The cases of `client/tests/samples.json` (`document`) of the groups `methods` has: for each
    group's methods, the module each is in."""
    found: list[JsonValue] = []
    for group, context in zip(api.groups, groups):
        for endpoint, (method, module) in zip(group.endpoints, methods.get(group.name, ())):
            if endpoint.sample_request is not None and endpoint.sample_response is not None:
                found.append(client_case(endpoint, context, method, module))
    return found


def patched_cases(
    earlier: str,
    cases: Sequence[JsonValue],
    operation: Callable[[JsonValue], object],
    made: Collection[object],
    order: Mapping[object, int] | None = None,
) -> str | None:
    """A `document` of earlier cases with those of the same operations replaced by `cases`, in
    place; None unless `earlier` is such a document holding each of them once, and none of the
    operations whose cases are `made` again (the scope's: `cases` holds those that have one) but
    for `cases`. `operation(case)`: the operation id the case is of. `order`: as for
    patched_lines (cases that come and go)."""
    fresh = {operation(case): json.dumps(case, ensure_ascii=False) for case in cases}
    if len(fresh) != len(cases):
        return None  # two cases with one key
    return patched_lines(
        earlier,
        document([]),
        ("[", "]"),
        fresh,
        lambda line: operation(orjson.loads(line)),
        made,
        order,
    )


def client_operation(case: JsonValue) -> object:
    return case.get("operationId") if isinstance(case, dict) else None


def server_operation(case: JsonValue) -> object:
    """The operation of a server case: its id up to ` (`, where the doc's place starts (an id that
    holds ` (` itself may look like another's; patched_cases then finds one of them twice)."""
    found = case.get("id") if isinstance(case, dict) else None
    return _server_key(found) if isinstance(found, str) else None


def _server_key(identifier: str) -> str:
    """What server_operation makes of a case's id, or of an operation id (up to its first ` (`)."""
    return identifier.partition(" (")[0]


# ---- the server's suite ---------------------------------------------------------------------------


def server_case(endpoint: Endpoint) -> JsonValue:
    """The sample request as sent (its headers but those the sender computes; placeholders for the
    credentials and a binary body it does not show), and the sample response the mock must give."""
    request, response = endpoint.sample_request, endpoint.sample_response
    assert request is not None and response is not None
    headers = [(name, value) for name, value in request.headers if name.lower() not in COMPUTED]
    credentials = placeholder_credentials(endpoint)
    if credentials is not None:
        headers.append(credentials)
    body = endpoint.request_body
    content: str | None = request.body_text if request.body_text.strip() else None
    if body is not None and body.type.is_binary and content is None:
        content = BINARY_PLACEHOLDER
        headers = [(name, value) for name, value in headers if name.lower() != "content-type"]
        headers.append(("Content-Type", (body.media_types or ("application/octet-stream",))[0]))
    parts = response.start_line.split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 200
    reason = inconsistency(endpoint)
    return {
        "id": case_id(endpoint),
        "method": sample_method(endpoint),
        "path": sample_path(endpoint),
        "query": query_pairs(endpoint),
        "headers": [[name, value] for name, value in headers],
        "body": content,
        "status": status,
        "response": "" if status in NO_BODY_STATUSES else response.body_text,
        "inconsistency": reason,
        "inconsistencySource": where(endpoint, reason),
    }


def wrong_body(ref: TypeRef) -> JsonValue:
    """A JSON body no value of the type can be (None: any JSON is one, or the body is binary)."""
    if ref.kind in ("ref", "object"):
        return "not an object"
    if ref.kind == "array":
        return "not an array"
    if ref.kind == "string" and not ref.is_binary:
        return 12345
    if ref.kind in ("integer", "number"):
        return "not a number"
    if ref.kind == "boolean":
        return "not a boolean"
    return None


def validation_case(endpoint: Endpoint) -> JsonValue | None:
    """The operation called right (placeholder credentials where it requires some) but for a body of
    the wrong type (None: it takes no JSON body)."""
    body = endpoint.request_body
    value = wrong_body(body.type) if body is not None else None
    if value is None:
        return None
    return {
        "id": case_id(endpoint),
        "method": endpoint.method,
        "path": filled_path(endpoint.path, shown_path_values(endpoint)),
        "query": query_pairs(endpoint),
        "headers": [list(PLACEHOLDER_CREDENTIALS[scheme]) for scheme in endpoint.security[:1]],
        "body": value,
    }


def server_samples(
    api: Api,
    only: frozenset[str] | None = None,
    earlier: str | None = None,
    path: str = "server/tests/samples.json",
    reordered: bool = False,
) -> str:
    """`server/tests/samples.json`: every sample exchange. `only`: the cases of the groups not
    named are taken from `earlier`, the last run's text of `path` (render/plan.py, Scope;
    OutOfScope where it cannot be patched); `reordered`: the Api (whole) gained or lost
    operations since."""
    return _server_cases(sampled(api), server_case, only, earlier, path, reordered)


def validation_samples(
    api: Api,
    only: frozenset[str] | None = None,
    earlier: str | None = None,
    path: str = "server/tests/validation.json",
    reordered: bool = False,
) -> str:
    """`server/tests/validation.json`: every operation with a JSON body, sent one of the wrong
    type. `only`, `earlier`, `path`, `reordered`: as for server_samples."""
    return _server_cases(api.endpoints(), validation_case, only, earlier, path, reordered)


def _server_cases(
    endpoints: Sequence[Endpoint],
    case_of: Callable[[Endpoint], JsonValue | None],
    only: frozenset[str] | None,
    earlier: str | None,
    path: str,
    reordered: bool = False,
) -> str:
    """A `document` of each endpoint's case (none where `case_of` gives None); `only`,
    `reordered`: as for server_samples."""
    chosen = endpoints if only is None else [e for e in endpoints if e.group in only]
    cases = [case for endpoint in chosen if (case := case_of(endpoint)) is not None]
    if only is None:
        return document(cases)
    made = {_server_key(endpoint.operation_id) for endpoint in chosen}
    order = operation_order(endpoints, _server_key) if reordered else None
    if reordered and order is None:  # two operations' cases would have one key: render whole
        return patched(path, None, lambda text: None)
    return patched(
        path, earlier, lambda text: patched_cases(text, cases, server_operation, made, order)
    )


def operation_order(
    endpoints: Sequence[Endpoint], key: Callable[[str], object] = lambda name: name
) -> dict[object, int] | None:
    """The place of each endpoint's case in a `document`, by the key of its operation id; None
    where two endpoints have one key (`_server_key`: an id that holds ` (` may look like another's).
    """
    order = {key(endpoint.operation_id): place for place, endpoint in enumerate(endpoints)}
    return order if len(order) == len(endpoints) else None
