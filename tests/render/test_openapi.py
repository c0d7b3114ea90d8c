"""The OpenAPI 3.1 document: valid, literal routes first, security schemes, media types, nullability."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from generator.render.openapi import openapi_document, render_openapi
from tests.conftest import SEEDS
from tests.resolve.builder import Doc, api_of

DOCS = (
    Doc(
        "v1WidgetEntity_GetWidget",
        path="/api/v1/Widget/{id}",
        statuses=["200", "304", "404"],
        response_name="WidgetEntity",
        response_rows=[("WidgetId", "int32"), ("Owner", "Associate"), ("Tags", "array")],
        sample_response={"WidgetId": 1, "Owner": None, "Tags": ["a"]},
    ),
    Doc(
        "v1WidgetEntity_Default",
        path="/api/v1/Widget/default",
        response_name="WidgetEntity",
        response_rows=[("WidgetId", "int32")],
    ),
    Doc(
        "v1WidgetEntity_SaveImage",
        method="PUT",
        path="/api/v1/Widget/{id}/Image",
        body_heading="image binary",
        body_line="Bitmap",
        response_suffix="int32",
        response_name="int32",
    ),
    Doc(
        "v1WidgetAgent_Create",
        method="POST",
        path="/api/v1/Agents/Widget/Create",
        body_heading="request",
        body_line="Name",
        body_rows=[("Name", "string")],
        statuses=["204"],
        response_name="TableRight",
        sample_request={"Name": "x"},
    ),
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
    assert operation["security"] == [
        {"basic": []},
        {"bearer": []},
        {"soTicket": []},
        {"xsrfToken": []},
    ]
    assert [p["name"] for p in operation["parameters"]] == ["id", "SO-AppToken"]


def test_properties_are_nullable_and_samples_are_examples(document: dict[str, object]) -> None:
    widget = document["components"]["schemas"]["WidgetEntity"]["properties"]  # type: ignore[index]
    assert widget["WidgetId"]["type"] == ["integer", "null"]
    assert widget["Owner"] == {
        "anyOf": [{"$ref": "#/components/schemas/Associate"}, {"type": "null"}],
        "description": "The Owner.",
    }
    content = document["paths"]["/api/v1/Widget/{id}"]["get"]["responses"]["200"]["content"]  # type: ignore[index]
    assert content["application/json"]["example"] == {"WidgetId": 1, "Owner": None, "Tags": ["a"]}


def test_binary_uploads_are_binary_strings_and_a_multipart_field(
    document: dict[str, object],
) -> None:
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


OVERLOADED = (
    Doc("v1List_ByName", path="/api/v1/List/{name}", path_rows=[("name", "string")]),
    Doc("v1List_ById", path="/api/v1/List/{id}", path_rows=[("id", "int32")]),
    Doc(
        "v1List_Delete", method="DELETE", path="/api/v1/List/{name}", path_rows=[("name", "string")]
    ),
)


def operations_of(document: dict[str, object]) -> dict[str, tuple[str, str]]:
    paths: dict[str, dict[str, dict[str, object]]] = document["paths"]  # type: ignore[assignment]
    return {op["operationId"]: (path, method) for path, item in paths.items() for method, op in item.items() if method != "x-overloads"}  # type: ignore[misc]


def test_operations_told_apart_by_parameter_types_each_have_their_path_template() -> None:
    document = openapi_document(api_of(*OVERLOADED))
    validate(document)
    assert operations_of(document) == {
        "v1List_ById": ("/api/v1/List/{id}", "get"),
        "v1List_ByName": ("/api/v1/List/{name}", "get"),
        "v1List_Delete": ("/api/v1/List/{name}", "delete"),
    }
    assert list(document["paths"]) == ["/api/v1/List/{id}", "/api/v1/List/{name}"]  # type: ignore[call-overload]


def test_unique_path_templates_keeps_the_second_operation_in_an_extension() -> None:
    api = api_of(*OVERLOADED)
    document = openapi_document(api, unique_path_templates=True)
    validate(document)
    assert operations_of(document) == {
        "v1List_ById": ("/api/v1/List/{id}", "get"),
        "v1List_Delete": ("/api/v1/List/{id}", "delete"),
    }
    item = document["paths"]["/api/v1/List/{id}"]  # type: ignore[index]
    assert [p["name"] for p in item["delete"]["parameters"] if p["in"] == "path"] == [
        "id"
    ]  # renamed into the item's template
    overload = item["x-overloads"]["/api/v1/List/{name}"]["get"]
    assert overload["operationId"] == "v1List_ByName"
    assert [(p["name"], p["schema"]) for p in overload["parameters"] if p["in"] == "path"] == [
        ("name", {"type": "string"})
    ]


def test_a_document_patched_for_some_operations_equals_one_made_whole() -> None:
    """render_openapi in scope of a group: the earlier text with that group's operations made
    again, where each is in it once; an operation id that a sample also shows cannot be patched."""
    from generator.model import Api
    from generator.render.openapi import patched_document

    api = api_of(*DOCS)
    whole = render_openapi(api)
    group = api.groups[0].name
    endpoints = {e.operation_id: e for e in api.endpoints() if e.group == group}
    assert endpoints
    edited = {
        name: endpoint.model_copy(update={"summary": f"Edited {name}."})
        for name, endpoint in endpoints.items()
    }
    groups = tuple(
        g.model_copy(
            update={"endpoints": tuple(edited.get(e.operation_id, e) for e in g.endpoints)}
        )
        for g in api.groups
    )
    after: Api = api.model_copy(update={"groups": groups})
    assert render_openapi(after, only=frozenset({group}), earlier=whole) == render_openapi(after)
    name = next(iter(endpoints))
    shown = whole.replace(
        '"openapi": "3.1.0"', f'"x-sample": {{"operationId": "{name}"}},\n  "openapi": "3.1.0"'
    )
    assert shown != whole and patched_document(shown, edited) is None


def test_a_document_patched_for_some_types_equals_one_made_whole() -> None:
    """The schemas of the types named are made again in place, the first, a middle and the last
    of them; a type the document does not hold cannot be patched."""
    from generator.model import Api
    from generator.render.openapi import patched_document

    api = api_of(*DOCS)
    whole = render_openapi(api)
    names = sorted(api.types)
    assert len(names) >= 3
    chosen = frozenset({names[0], names[len(names) // 2], names[-1]})
    types = {
        name: (
            named.model_copy(update={"description": f"Edited {name}."}) if name in chosen else named
        )
        for name, named in api.types.items()
    }
    after: Api = api.model_copy(update={"types": types})
    made = render_openapi(after)
    assert made != whole
    assert render_openapi(after, only=frozenset(), earlier=whole, types=chosen) == made
    gone = {"NoSuchType": types[names[0]].model_copy(update={"name": "NoSuchType"})}
    assert patched_document(whole, {}, gone) is None


def test_a_document_with_integers_beyond_64_bits_is_patched_as_it_is_made_whole() -> None:
    """orjson does not encode them; they go in as their digits, so that the document is spelled by
    one encoder (`1e-7`) whether it is made whole or patched, whichever operation holds them."""
    docs = (
        Doc("v1Big_GetBig", path="/api/v1/Big", sample_response={"Big": 2**70, "Low": -(2**70)}),
        Doc("v1Small_GetSmall", path="/api/v1/Small", sample_response={"Tiny": 1e-7}),
    )
    api = api_of(*docs)
    whole = render_openapi(api)
    assert str(2**70) in whole and str(-(2**70)) in whole and "1e-7" in whole
    assert json.loads(whole)["openapi"] == "3.1.0"
    for group in api.groups:
        assert render_openapi(api, only=frozenset({group.name}), earlier=whole) == whole
