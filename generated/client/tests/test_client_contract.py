"""Every sample exchange of the docs as a contract test of the client, sync and async: the call the
sample request shows (`samples.json`: its arguments, the request it must send), against the mock
server (conftest.py), must send that request (method, path, query, body, credentials, language) and
return the sample response, parsed (dumped by alias, it is the sample's JSON).

A sample that is inconsistent in the doc itself (no body shown where the operation requires one; a
binary response shown as JSON text) may fail only in the part the inconsistency breaks, and is then
a skip naming it and the doc's file and line.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, NoReturn

import pytest

PACKAGE = "generated_api"
NO_SAMPLE_BODY = "the sample request shows no body, but the operation requires one"
BINARY_SHOWN_AS_JSON = "a binary (image) response whose sample is JSON placeholder text"
NO_JSON = object()  # what a request without a JSON body has for one
CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "samples.json").read_text(encoding="utf-8")
)
PARAMETERS = [pytest.param(case, id=case["id"]) for case in CASES] or [
    pytest.param(None, id="no samples", marks=pytest.mark.skip("the docs show no sample exchange"))
]


def arguments(case: dict[str, Any]) -> dict[str, Any]:
    """The method's keyword arguments: a binary body, which JSON cannot hold, is empty bytes."""
    found = dict(case["arguments"])
    if case["binaryBody"] is not None:
        found[case["binaryBody"]] = b""
    return found


def method_of(client: Any, case: dict[str, Any]) -> Any:
    return getattr(getattr(client, case["group"]), case["method"])


def skip_for(case: dict[str, Any], detail: str) -> NoReturn:
    pytest.skip(f"{case['inconsistencySource']}: {case['inconsistency']} ({detail})")


def refused(case: dict[str, Any], error: Exception) -> NoReturn:
    """A placeholder body the sample does not show may be refused; any other error fails."""
    if case["inconsistency"] == NO_SAMPLE_BODY and getattr(error, "status_code", None) == 422:
        skip_for(case, "the mock refuses the placeholder body")
    raise error


def dumped(case: dict[str, Any], result: Any) -> Any:
    """The result as the sample shows it: dumped by alias (JSON mode), bytes as text, None."""
    if case["result"] == "binary":
        assert isinstance(result, bytes), type(result)
        return result.decode("utf-8", "replace")
    module = importlib.import_module(f"{PACKAGE}.{case['module']}")
    operation = getattr(module, case["operation"])
    if operation.returns is None or result is None:
        return result
    adapter = operation.adapter("returns")
    return adapter.dump_python(result, mode="json", by_alias=True, exclude_unset=True)


def check(case: dict[str, Any], sent: Any, result: Any) -> None:
    """The request as the sample shows it, and the result as the sample response shows it."""
    request = case["request"]
    assert sent.method == request["method"]
    assert sent.path == request["path"]
    assert sorted(sent.query) == sorted((name, value) for name, value in request["query"])
    for name, value in request["headers"].items():
        assert (name, sent.headers.get(name.lower())) == (name, value)
    body = json.loads(sent.body) if sent.body and case["binaryBody"] is None else NO_JSON
    body_holds = body == request.get("body", NO_JSON)
    if not body_holds and case["inconsistency"] != NO_SAMPLE_BODY:
        assert body == request.get("body", NO_JSON)
    expected = case["expectedText"] if case["result"] == "binary" else case["expected"]
    actual = dumped(case, result)
    if actual != expected and case["inconsistency"] == BINARY_SHOWN_AS_JSON:
        skip_for(case, "the response is not the sample")
    assert actual == expected
    if not body_holds:
        skip_for(case, "the body sent is a placeholder; the rest holds")


@pytest.mark.parametrize("case", PARAMETERS)
def test_sample_through_the_client(case: dict[str, Any], clients: Any, recorder: Any) -> None:
    method = method_of(clients.of(case), case)
    recorder.sent.clear()
    try:
        result = method(**arguments(case))
    except clients.package.ApiError as error:
        refused(case, error)
    check(case, recorder.last, result)


@pytest.mark.parametrize("case", PARAMETERS)
def test_sample_through_the_async_client(
    case: dict[str, Any],
    async_clients: Any,
    recorder: Any,
    event_loop_for_tests: Any,
) -> None:
    method = method_of(async_clients.of(case), case)
    recorder.sent.clear()
    call: Awaitable[Any] = method(**arguments(case))
    try:
        result = event_loop_for_tests.run_until_complete(call)
    except async_clients.package.ApiError as error:
        refused(case, error)
    check(case, recorder.last, result)
