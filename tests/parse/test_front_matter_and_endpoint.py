"""Front matter keys, the H1 title and the endpoint block (FORMAT.md §2), and docs that cannot be understood."""

from __future__ import annotations

import pytest

from generator.model import Level
from tests.parse.docs import codes, doc, parse


def head(front: str, title: str, endpoint: str) -> str:
    return f"---\n{front}\n---\n\n# {title}\n\n```http\n{endpoint}\n```\n\nDoes a thing."


def test_uid_key_is_the_operation_id_and_unknown_keys_are_ignored() -> None:
    result = parse(
        head(
            "title: GET Gadget\nuid: v1Gadget_GetAll\ngenerated: true\nflavour: mint",
            "GET Gadget",
            "GET /api/v1/Gadget",
        )
    )
    assert result.diagnostics == ()
    assert result.doc is not None
    assert (result.doc.operation_id, result.doc.title) == ("v1Gadget_GetAll", "GET Gadget")


def test_older_id_key_is_the_operation_id() -> None:
    result = parse(
        head("title: GET Gadget\nid: v1Gadget_GetAll", "GET Gadget", "GET /api/v1/Gadget")
    )
    assert result.doc is not None and result.doc.operation_id == "v1Gadget_GetAll"


def test_trailing_spaces_on_front_matter_lines() -> None:
    text = "---  \ntitle: GET Gadget  \nuid: v1Gadget_GetAll  \n---  \n\n# GET Gadget  \n\n```http  \nGET /api/v1/Gadget  \n```"
    result = parse(text)
    assert result.diagnostics == ()
    assert result.doc is not None
    assert (result.doc.operation_id, result.doc.title, result.doc.method, result.doc.path) == (
        "v1Gadget_GetAll",
        "GET Gadget",
        "GET",
        "/api/v1/Gadget",
    )


@pytest.mark.parametrize(
    ("title", "endpoint", "method"),
    [
        ("DEL Gadget", "DELETE /api/v1/Gadget", "DELETE"),
        ("PATCH Gadget", "PATCH /api/v1/Gadget", "PATCH"),
        ("POST Agents/Gadget/Spin", "POST /api/v1/Agents/Gadget/Spin", "POST"),
    ],
)
def test_endpoint_block_gives_method_and_path(title: str, endpoint: str, method: str) -> None:
    result = parse(head(f"title: {title}\nuid: v1Gadget_X", title, endpoint))
    assert result.diagnostics == ()
    assert result.doc is not None
    assert (result.doc.method, result.doc.path) == (method, endpoint.split(" ")[1])


def test_h1_parameter_names_rewritten_to_id_are_ignored_and_the_endpoint_block_wins() -> None:
    text = doc(
        "| Path Part | Type | Description |\n|---|---|---|\n| gadgetId | int32 | Which. **Required** |"
    )
    result = parse(text)
    assert result.diagnostics == ()
    assert result.doc is not None
    assert result.doc.path == "/api/v1/Gadget/{gadgetId}"
    assert [p.name for p in result.doc.path_params] == ["gadgetId"]


def test_literal_segment_casing_is_kept() -> None:
    result = parse(
        head(
            "title: GET Gadget/default\nuid: v1Gadget_Default",
            "GET Gadget/default",
            "GET /api/v1/Gadget/Default",
        )
    )
    assert result.doc is not None and result.doc.path == "/api/v1/Gadget/Default"


@pytest.mark.parametrize(
    ("title", "endpoint"),
    [("GET Gadget", "POST /api/v1/Gadget"), ("DEL Gadget", "GET /api/v1/Gadget")],
)
def test_title_method_mismatch_warns_at_the_h1_and_keeps_the_endpoint_method(
    title: str, endpoint: str
) -> None:
    result = parse(head(f"title: {title}\nuid: v1Gadget_X", title, endpoint))
    assert codes(result) == [("P101", 6)]
    assert result.diagnostics[0].level is Level.WARNING
    assert result.doc is not None and result.doc.method == endpoint.split(" ")[0]


# ---- docs that cannot be understood: an error with file:line, and no doc ------------------------------


def refused(text: str) -> tuple[str, ...]:
    result = parse(text, "rest/bad.md")
    assert result.doc is None
    assert all(d.level is Level.ERROR for d in result.diagnostics)
    return tuple(str(d).split(": ", 2)[0] + " " + d.code for d in result.diagnostics)


def test_no_front_matter() -> None:
    assert refused("# GET Gadget\n\n```http\nGET /api/v1/Gadget\n```") == ("rest/bad.md:1 P001",)


def test_front_matter_without_uid_or_id() -> None:
    assert refused(
        "---\ntitle: GET Gadget\ngenerated: true\n---\n\n# GET Gadget\n\n```http\nGET /api/v1/Gadget\n```"
    ) == ("rest/bad.md:1 P001",)


def test_no_endpoint_block_is_reported_at_the_title() -> None:
    assert refused("---\nuid: v1Gadget_X\n---\n\n# GET Gadget\n\nNo block here.") == (
        "rest/bad.md:5 P002",
    )


def test_empty_endpoint_block_is_reported_at_the_fence() -> None:
    assert refused("---\nuid: v1Gadget_X\n---\n\n# GET Gadget\n\n```http\nGET\n```") == (
        "rest/bad.md:7 P002",
    )


def test_bad_verb_is_reported_at_its_line() -> None:
    assert refused(
        "---\nuid: v1Gadget_X\n---\n\n# GET Gadget\n\n```http\nFETCH /api/v1/Gadget\n```"
    ) == ("rest/bad.md:8 P003",)


def test_the_h1_is_the_title_when_the_front_matter_has_none() -> None:
    result = parse(head("uid: v1Gadget_X", "DEL Gadget/{id}  ", "DELETE /api/v1/Gadget/{gadgetId}"))
    assert result.doc is not None and result.doc.title == "DEL Gadget/{id}"


def test_bad_verb_after_blank_lines_in_the_fence_is_reported_at_its_line() -> None:
    text = "---\nuid: v1Gadget_X\n---\n\n# GET Gadget\n\n```http\n\n  \nFETCH /api/v1/Gadget\n```"
    assert refused(text) == ("rest/bad.md:10 P003",)


def test_unclosed_front_matter() -> None:
    text = "---\nuid: v1Gadget_X\ntitle: GET Gadget\n\n# GET Gadget\n\n```http\nGET /api/v1/Gadget\n```"
    assert refused(text) == ("rest/bad.md:1 P001",)


def test_front_matter_not_on_the_first_line_is_not_front_matter() -> None:
    text = "\n---\nuid: v1Gadget_X\n---\n\n# GET Gadget\n\n```http\nGET /api/v1/Gadget\n```"
    assert refused(text) == ("rest/bad.md:1 P001",)
