"""```http! sample requests and ```http_ sample responses (FORMAT.md §11)."""

from __future__ import annotations

from generator.model import HttpSample, ParseResult, Source
from generator.parse.samples import read_sample
from tests.parse.docs import codes, doc, line_of, parse

PATH = "| Path Part | Type | Description |\n|---|---|---|\n| gadgetId | int32 | Which. **Required** |\n\n"
REQUEST = "```http!\nGET /api/v1/Gadget/{gadgetId}\nAuthorization: Basic dGplMDpUamUw\nAccept: application/json; charset=utf-8\n```\n"
RESPONSE = '```http_\nHTTP/1.1 200 OK\nContent-Type: application/json; charset=utf-8\n\n{\n  "GadgetId": 3,\n  "Tags": ["a"]\n}\n```'


def parsed_samples(samples: str) -> tuple[str, ParseResult]:
    text = doc(PATH + samples)
    return text, parse(text)


def test_request_and_response_under_their_own_headings() -> None:
    text, result = parsed_samples(
        "## Sample Request\n\n" + REQUEST + "\n## Sample response\n\n" + RESPONSE
    )
    assert result.diagnostics == ()
    assert (
        result.doc is not None
        and result.doc.sample_request is not None
        and result.doc.sample_response is not None
    )
    request, response = result.doc.sample_request, result.doc.sample_response
    assert (request.start_line, request.body_text, request.body, request.has_json_body) == (
        "GET /api/v1/Gadget/{gadgetId}",
        "",
        None,
        False,
    )
    assert request.headers == (
        ("Authorization", "Basic dGplMDpUamUw"),
        ("Accept", "application/json; charset=utf-8"),
    )
    assert request.source.line == line_of(text, "```http!")
    assert (response.start_line, response.body, response.has_json_body) == (
        "HTTP/1.1 200 OK",
        {"GadgetId": 3, "Tags": ["a"]},
        True,
    )
    assert response.source.line == line_of(text, "```http_")


def test_both_fences_under_one_heading() -> None:
    text, result = parsed_samples("## Sample request\n\n" + REQUEST + "\n" + RESPONSE)
    assert result.diagnostics == ()
    assert (
        result.doc is not None
        and result.doc.sample_request is not None
        and result.doc.sample_response is not None
    )
    assert result.doc.sample_request.source.line == line_of(text, "```http!")
    assert result.doc.sample_response.source.line == line_of(text, "```http_")


def test_missing_samples() -> None:
    _, result = parsed_samples(
        "## Response:\n\n| Response | Description |\n|---|---|\n| 200 | OK |"
    )
    assert result.doc is not None
    assert (result.doc.sample_request, result.doc.sample_response) == (None, None)


def test_a_null_response_body_is_json() -> None:
    null = "```http_\nHTTP/1.1 204 No Content\nContent-Type: application/json; charset=utf-8\n\nnull\n```"
    _, result = parsed_samples("## Sample response\n\n" + null)
    assert result.diagnostics == ()
    assert result.doc is not None and result.doc.sample_response is not None
    assert (result.doc.sample_response.body_text, result.doc.sample_response.body) == ("null", None)
    assert result.doc.sample_response.has_json_body


def test_a_body_that_is_not_json_is_kept_as_text_with_a_warning() -> None:
    text_body = "```http_\nHTTP/1.1 200 OK\nContent-Type: text/plain\n\njust words, {not json\n```"
    text, result = parsed_samples("## Sample response\n\n" + text_body)
    assert codes(result) == [("P109", line_of(text, "```http_"))]
    assert result.doc is not None and result.doc.sample_response is not None
    sample = result.doc.sample_response
    assert (sample.body_text, sample.body, sample.has_json_body) == (
        "just words, {not json",
        None,
        False,
    )


def test_a_sample_without_an_http_start_line_is_ignored_with_a_warning() -> None:
    text, result = parsed_samples("## Sample response\n\n```http_\nnot a status line\n```")
    assert codes(result) == [("P108", line_of(text, "```http_"))]
    assert result.doc is not None and result.doc.sample_response is None


def test_an_empty_sample_fence_is_no_sample() -> None:
    _, result = parsed_samples("## Sample request\n\n```http!\n```")
    assert result.diagnostics == ()
    assert result.doc is not None and result.doc.sample_request is None


def test_read_sample_headers_end_at_a_blank_line_or_the_body() -> None:
    where = Source(file="doc.md", line=3)
    garbage = "HTTP/1.1 200 OK\nLast-Modified: Wed, 09 Aug 2006 14:19:10 G8T\n\n[1, 2]"
    assert read_sample(garbage, where) == HttpSample(
        start_line="HTTP/1.1 200 OK",
        headers=(("Last-Modified", "Wed, 09 Aug 2006 14:19:10 G8T"),),
        body_text="[1, 2]",
        body=[1, 2],
        has_json_body=True,
        source=where,
    )
    no_blank = 'POST /api/v1/Gadget\nContent-Type: application/json\n{\n  "Name": "x"\n}'
    sample = read_sample(no_blank, where)
    assert (sample.headers, sample.body) == ((("Content-Type", "application/json"),), {"Name": "x"})
