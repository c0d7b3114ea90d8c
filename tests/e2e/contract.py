"""Samples as contract tests: call the generated method with arguments taken from a doc's sample request,
compare the request on the wire with the sample, and the result (dumped by alias) with the sample response.
"""

from __future__ import annotations

import base64
import importlib
import json
import pkgutil
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx
from pydantic import JsonValue

from generator.model import Api, Endpoint, Parameter
from generator.parse.samples import status_of
from generator.render.client import MethodContext, group_contexts, method_contexts
from generator.render.python import TypeNames
from tests.e2e.wire import Recorder, Reply

_PLACEHOLDER = re.compile(r"\{[^{}/]+\}")
NO_JSON = object()


@dataclass(frozen=True)
class Case:
    endpoint: Endpoint
    group_attribute: str
    group_module: str
    method: MethodContext


def cases(api: Api) -> list[Case]:
    """One case per endpoint with a sample request."""
    names = TypeNames.of(api)
    found: list[Case] = []
    for group, context in zip(api.groups, group_contexts(api)):
        for endpoint, method in zip(group.endpoints, method_contexts(group, api, names)):
            if endpoint.sample_request is not None:
                found.append(Case(endpoint, context.attribute, context.module, method))
    return found


def sample_header(endpoint: Endpoint, name: str) -> str | None:
    assert endpoint.sample_request is not None
    return next(
        (value for key, value in endpoint.sample_request.headers if key.lower() == name.lower()),
        None,
    )


def basic_credentials(endpoint: Endpoint) -> tuple[str, str] | None:
    value = sample_header(endpoint, "Authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "basic":
        return None
    user, _, password = base64.b64decode(token).decode("utf-8").partition(":")
    return user, password


def path_value(parameter: Parameter) -> object:
    """A value of a path parameter's type: its first enumerated value, an integer or a word."""
    if parameter.type.enum:
        return parameter.type.enum[0]
    return 12 if parameter.type.kind == "integer" else "abc"


def call_arguments(case: Case) -> tuple[dict[str, object], str]:
    """(keyword arguments for the method, the path the sample shows with the same values filled in)."""
    sample = case.endpoint.sample_request
    assert sample is not None
    arguments: dict[str, object] = {}
    sample_path = sample.start_line.split()[1].split("?")[0]
    parameters = {p.name: p for p in case.endpoint.parameters_in("path")}
    values = [path_value(parameters[argument.wire_name]) for argument in case.method.path_arguments]
    for argument, value in zip(case.method.path_arguments, values):
        arguments[argument.name] = value
    filled = iter(str(value) for value in values)
    expected_path = _PLACEHOLDER.sub(lambda match: next(filled, match.group(0)), sample_path)
    language = sample_header(case.endpoint, "Accept-Language")
    if language is not None and any(
        a.wire_name == "Accept-Language" for a in case.method.header_arguments
    ):
        arguments[
            next(a.name for a in case.method.header_arguments if a.wire_name == "Accept-Language")
        ] = language
    arguments.update(body_arguments(case))
    return arguments, expected_path


def sample_arguments(case: Case) -> tuple[dict[str, object], str, list[tuple[str, str]]]:
    """(keyword arguments for the method, with the required query parameters filled in; the path and the
    query the request should then have)."""
    arguments, expected_path = call_arguments(case)
    filled = required_query(case)
    arguments.update({name: value for name, (_, value) in filled.items()})
    return arguments, expected_path, [(wire, str(value)) for wire, value in filled.values()]


def required_query(case: Case) -> dict[str, tuple[str, object]]:
    """Required query parameters, which the sample request lines never show: filled from the doc's
    example URL (python name -> (wire name, value))."""
    filled: dict[str, tuple[str, object]] = {}
    parameters = {p.name: p for p in case.endpoint.parameters_in("query")}
    for argument in case.method.query_arguments:
        parameter = parameters[argument.wire_name]
        if parameter.required:
            example = parameter.example if parameter.example is not None else "1"
            is_integer = parameter.type.kind == "integer" and not parameter.type.enum
            filled[argument.name] = (argument.wire_name, int(example) if is_integer else example)
    return filled


def body_arguments(case: Case) -> dict[str, object]:
    sample, method = case.endpoint.sample_request, case.method
    assert sample is not None
    if method.body_argument is None:
        return {}
    if not sample.has_json_body:
        return {method.body_argument: placeholder(method)} if method.body_fields == [] else {}
    by_wire = {field.wire_name: field.name for field in method.body_fields}
    if method.body_fields and isinstance(sample.body, dict) and set(sample.body) <= set(by_wire):
        return {by_wire[key]: value for key, value in sample.body.items()}
    return {method.body_argument: sample.body}


def placeholder(method: MethodContext) -> object:
    """A body for a sample that shows none although the operation requires one: empty, of its type."""
    runtime = method.body_runtime or ""
    return (
        b""
        if runtime == "bytes"
        else [] if runtime.startswith("list[") else {} if runtime.startswith("dict[") else ""
    )


NO_SAMPLE_BODY = "the sample request shows no body, but the operation requires one"
BINARY_SHOWN_AS_JSON = "a binary (image) response whose sample is JSON placeholder text"
# The only part of the contract each inconsistency may break: the rest of the sample must still hold.
BROKEN_PART = {NO_SAMPLE_BODY: "body ", BINARY_SHOWN_AS_JSON: "result "}


def doc_inconsistency(case: Case) -> str | None:
    """Why a sample cannot hold as a contract, read off the doc itself (not off the test's outcome)."""
    sample, response = case.endpoint.sample_request, case.endpoint.sample_response
    assert sample is not None and response is not None
    if (
        case.method.body_argument is not None
        and not sample.has_json_body
        and case.method.body_runtime != "bytes"
    ):
        return NO_SAMPLE_BODY
    if case.method.returns_runtime == "bytes" and response.has_json_body:
        return BINARY_SHOWN_AS_JSON
    return None


def clients_by_language(
    package: ModuleType, base_url: str, api_cases: list[Case], is_async: bool
) -> dict[str | None, Any]:
    """Accept-Language is a per-call argument only where the doc's header table lists it; elsewhere the
    sample's value is a client default. All clients share one connection pool."""
    credentials = {basic_credentials(case.endpoint) for case in api_cases} - {None}
    assert len(credentials) == 1, credentials
    user, password = credentials.pop()  # type: ignore[misc]
    shared = httpx.AsyncClient(base_url=base_url) if is_async else httpx.Client(base_url=base_url)
    client_class = package.AsyncClient if is_async else package.Client
    auth = package.BasicAuth(user, password)
    languages = {sample_header(case.endpoint, "Accept-Language") for case in api_cases}
    return {
        language: client_class(
            base_url, auth=auth, accept_language=language, retry=None, http_client=shared
        )
        for language in languages
    }


def reply_for(endpoint: Endpoint) -> Reply:
    sample = endpoint.sample_response
    assert sample is not None
    content_type = next(
        (v for k, v in sample.headers if k.lower() == "content-type"), "application/json"
    )
    status = int(status_of(sample) or 200)
    return Reply(status=status, body=sample.body_text.encode("utf-8"), content_type=content_type)


def wire_problems(
    case: Case, recorder: Recorder, expected_path: str, expected_query: list[tuple[str, str]]
) -> list[str]:
    """How the recorded request differs from the sample request (empty: it is the same)."""
    sample = case.endpoint.sample_request
    assert sample is not None
    seen = recorder.last
    problems = []
    if seen.method != sample.start_line.split()[0].upper():
        problems.append(f"method {seen.method} != {sample.start_line.split()[0]}")
    if seen.path != expected_path:
        problems.append(f"path {seen.path} != {expected_path}")
    if sorted(seen.query) != sorted(expected_query):
        problems.append(f"query {seen.query} != {expected_query}")
    sent = json.loads(seen.body) if seen.body and case.method.body_runtime != "bytes" else NO_JSON
    shown = sample.body if sample.has_json_body else NO_JSON
    if sent != shown:
        problems.append(f"body {short(sent)} != sample {short(shown)}")
    for header in ("Authorization", "Accept-Language"):
        shown_header = sample_header(case.endpoint, header)
        if shown_header is not None and seen.headers.get(header.lower()) != shown_header:
            problems.append(f"{header} {seen.headers.get(header.lower())!r} != {shown_header!r}")
    return problems


def result_problems(case: Case, module: ModuleType, result: Any) -> list[str]:
    """How the parsed result, dumped by alias, differs from the sample response body."""
    sample = case.endpoint.sample_response
    assert sample is not None
    shown: JsonValue = sample.body if sample.has_json_body else None
    dumped = dumped_result(case, module, result)
    return [] if dumped == shown else [f"result {short(dumped)} != sample {short(shown)}"]


def operation_of(module: ModuleType, constant: str) -> Any:
    """A method's module-level Operation: in its group's module, or in a part of a split group."""
    if hasattr(module, constant):
        return getattr(module, constant)
    parts = pkgutil.iter_modules(getattr(module, "__path__", []))
    for part in sorted(parts, key=lambda found: found.name):
        found = importlib.import_module(f"{module.__name__}.{part.name}")
        if hasattr(found, constant):
            return getattr(found, constant)
    raise AttributeError(f"{module.__name__} has no Operation {constant}")


def dumped_result(case: Case, module: ModuleType, result: Any) -> object:
    """The method's result as a sample shows it: dumped by alias (JSON mode); bytes and None as they are."""
    operation = operation_of(module, case.method.constant)
    if operation.returns is None or result is None or isinstance(result, bytes):
        return result
    return operation.adapter("returns").dump_python(
        result, mode="json", by_alias=True, exclude_unset=True
    )


def short(value: object) -> str:
    """A value for a failure message, cut to 300 characters."""
    text = (
        "no JSON body"
        if value is NO_JSON
        else repr(value) if isinstance(value, bytes) else json.dumps(value)
    )
    return text if len(text) < 300 else text[:300] + "..."
