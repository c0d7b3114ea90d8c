"""The OpenAPI 3.1 document: valid, literal routes first, security schemes, media types, nullability."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from generator.render.openapi import openapi_document, render_openapi

from tests.conftest import SEEDS
from tests.resolve.builder import Doc, api_of

DOCS = (
    Doc("v1WidgetEntity_GetWidget", path="/api/v1/Widget/{id}", statuses=["200", "304", "404"], response_name="WidgetEntity", response_rows=[("WidgetId", "int32"), ("Owner", "Associate"), ("Tags", "array")], sample_response={"WidgetId": 1, "Owner": None, "Tags": ["a"]}),
    Doc("v1WidgetEntity_Default", path="/api/v1/Widget/default", response_name="WidgetEntity", response_rows=[("WidgetId", "int32")]),
    Doc("v1WidgetEntity_SaveImage", method="PUT", path="/api/v1/Widget/{id}/Image", body_heading="image binary", body_line="Bitmap", response_suffix="int32", response_name="int32"),
    Doc("v1WidgetAgent_Create", method="POST", path="/api/v1/Agents/Widget/Create", body_heading="request", body_line="Name", body_rows=[("Name", "string")], statuses=["204"], response_name="TableRight", sample_request={"Name": "x"}),
)


@pytest.fixture(scope="module")
def document() -> dict[str, object]:
    return openapi_document(api_of(*DOCS))


def test_the_document_is_valid_openapi_3_1(document: dict[str, object]) -> None:
    validate(document)
    assert document["openapi"] == "3.1.0"


def test_literal_routes_come_before_parameterised_ones(document: dict[str, object]) -> None:
    paths = list(document["paths"])  # type: ignore[call-overload]
    assert paths.index("/api/v1/Widget/default") < paths.index("/api/v1/Widget/{id}")


def test_security_schemes_and_requirements(document: dict[str, object]) -> None:
    schemes = document["components"]["securitySchemes"]  # type: ignore[index]
    assert schemes["basic"] == {"type": "http", "scheme": "basic"}
    assert schemes["xsrfToken"]["name"] == "X-XSRF-TOKEN"
    operation = document["paths"]["/api/v1/Widget/{id}"]["get"]  # type: ignore[index]
    assert operation["security"] == [{"basic": []}, {"bearer": []}, {"soTicket": []}, {"xsrfToken": []}]
    assert [p["name"] for p in operation["parameters"]] == ["id", "SO-AppToken"]


def test_properties_are_nullable_and_samples_are_examples(document: dict[str, object]) -> None:
    widget = document["components"]["schemas"]["WidgetEntity"]["properties"]  # type: ignore[index]
    assert widget["WidgetId"]["type"] == ["integer", "null"]
    assert widget["Owner"] == {"anyOf": [{"$ref": "#/components/schemas/Associate"}, {"type": "null"}], "description": "The Owner."}
    content = document["paths"]["/api/v1/Widget/{id}"]["get"]["responses"]["200"]["content"]  # type: ignore[index]
    assert content["application/json"]["example"] == {"WidgetId": 1, "Owner": None, "Tags": ["a"]}


def test_binary_uploads_are_binary_strings_and_a_multipart_field(document: dict[str, object]) -> None:
    post = document["paths"]["/api/v1/Widget/{id}/Image"]["put"]["requestBody"]  # type: ignore[index]
    assert post["required"] is True
    assert post["content"]["application/json"]["schema"] == {"type": "string", "format": "binary"}


def test_no_content_responses_have_no_content(document: dict[str, object]) -> None:
    responses = document["paths"]["/api/v1/Agents/Widget/Create"]["post"]["responses"]  # type: ignore[index]
    assert responses == {"204": {"description": "Status 204."}}


def test_rendering_is_deterministic_json() -> None:
    api = api_of(*DOCS)
    assert render_openapi(api) == render_openapi(api_of(*reversed(DOCS)))
    json.loads(render_openapi(api))


def test_the_seed_document_is_valid() -> None:
    validate(json.loads((SEEDS.parent / "generated" / "openapi.json").read_text()))
