"""Every sample exchange of the docs as a contract test of the server: the sample request as the doc
shows it (`samples.json`: method, path, query, headers, body) must get the sample response from the
mock (status and body, byte for byte). And every operation with a JSON body must refuse a body of
the wrong type (`validation.json`) with its 422 validation error, naming the body.

A sample that is inconsistent in the doc itself (no body shown where the operation requires one,
which the server refuses) is a skip naming it and the doc's file and line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

import pytest

NO_SAMPLE_BODY = "the sample request shows no body, but the operation requires one"
BINARY_SHOWN_AS_JSON = "a binary (image) response whose sample is JSON placeholder text"
HERE = Path(__file__).parent


def parameters(name: str, nothing: str) -> list[Any]:
    """One test per case of the data file, with its id: `operationId (file:line)`."""
    cases = json.loads((HERE / name).read_text(encoding="utf-8"))
    found = [pytest.param(case, id=case["id"]) for case in cases]
    return found or [pytest.param(None, id="none", marks=pytest.mark.skip(nothing))]


def skip_for(case: dict[str, Any], detail: str) -> NoReturn:
    pytest.skip(f"{case['inconsistencySource']}: {case['inconsistency']} ({detail})")


@pytest.mark.parametrize("case", parameters("samples.json", "the docs show no sample exchange"))
def test_the_mock_answers_the_sample_request_with_the_sample_response(
    case: dict[str, Any], mock: Any
) -> None:
    response = mock.request(
        case["method"],
        case["path"],
        params=[(name, value) for name, value in case["query"]],
        headers=[(name, value) for name, value in case["headers"]],
        content=None if case["body"] is None else case["body"].encode("utf-8"),
    )
    if case["inconsistency"] == NO_SAMPLE_BODY and response.status_code == 422:
        skip_for(case, "the server refuses the request without one")
    assert response.status_code == case["status"], response.text
    if case["inconsistency"] == BINARY_SHOWN_AS_JSON and response.text != case["response"]:
        skip_for(case, "the response is not the sample")
    assert response.text == case["response"]


@pytest.mark.parametrize("case", parameters("validation.json", "no operation takes a JSON body"))
def test_a_body_of_the_wrong_type_is_refused(case: dict[str, Any], mock: Any) -> None:
    response = mock.request(
        case["method"],
        case["path"],
        params=[(name, value) for name, value in case["query"]],
        headers=[(name, value) for name, value in case["headers"]],
        json=case["body"],
    )
    assert response.status_code == 422, response.text
    assert any(error["loc"][0] == "body" for error in response.json()["detail"]), response.text
