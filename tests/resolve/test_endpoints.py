"""Endpoints: request bodies, the response-schema rules of FORMAT.md §8, parameters, security, routes."""

from __future__ import annotations

import pytest

from generator.model import Api, Endpoint, SecurityScheme
from tests.resolve.builder import Doc, api_of, codes

ROWS = [("Id", "int32"), ("Name", "string")]


def endpoint(api: Api, operation_id: str) -> Endpoint:
    return next(e for e in api.endpoints() if e.operation_id == operation_id)


def success(api: Api, operation_id: str) -> str:
    responses = endpoint(api, operation_id).responses
    found = [r.type.describe() for r in responses if r.type is not None]
    return found[0] if found else "none"


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (Doc("v1X_A", response_rows=ROWS, response_name="Thing"), "Thing"),
        (
            Doc("v1X_A", response_suffix="array", response_name="array", response_rows=ROWS),
            "array<AItem>",
        ),
        (
            Doc("v1X_A", response_suffix="array", response_name="array", sample_response=[1, 2]),
            "array<integer(int32)>",
        ),
        (Doc("v1X_A", response_suffix="array", response_name="array"), "array<string>"),
        (
            Doc(
                "v1X_A",
                response_suffix="object",
                response_name="object",
                sample_response={"k": "v"},
            ),
            "dict<string>",
        ),
        (
            Doc("v1X_A", response_suffix="object", response_name="object", response_rows=ROWS),
            "dict<AResult>",
        ),
        (Doc("v1X_A", response_suffix="int32", response_name="int32"), "integer(int32)"),
        (Doc("v1X_A", response_suffix="date-time", response_name="date-time"), "string(date-time)"),
        (Doc("v1X_A", response_suffix="bool", response_name="bool"), "boolean"),
        (
            Doc(
                "v1X_A",
                response_suffix="byte",
                response_name="byte",
                accept="`application/octet-stream`",
            ),
            "string(binary)",
        ),
        (Doc("v1X_A", statuses=["204"], response_name="TableRight"), "none"),
        (Doc("v1X_A", response_name="TableRight", response_rows=ROWS, accept=""), "none"),
    ],
    ids=[
        "named",
        "array-table",
        "array-sample",
        "array-default",
        "dict-sample",
        "dict-table",
        "int32",
        "date-time",
        "bool",
        "binary",
        "no-content-junk-name",
        "empty-accept",
    ],
)
def test_success_response_schema(doc: Doc, expected: str) -> None:
    assert success(api_of(doc), "v1X_A") == expected


def test_only_the_success_status_carries_the_body_and_media_types() -> None:
    api = api_of(
        Doc(
            "v1X_A",
            statuses=["200", "304", "404"],
            response_name="Thing",
            response_rows=ROWS,
            accept="`application/json`, `text/xml`",
        )
    )
    responses = {r.status: r for r in endpoint(api, "v1X_A").responses}
    assert responses["200"].media_types == ("application/json", "text/xml")
    assert responses["304"].type is None and responses["404"].media_types == ()


def test_a_response_with_no_success_status_is_reported() -> None:
    api = api_of(Doc("v1X_A", statuses=["404"]))
    assert "X201" in codes(api)


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            Doc(
                "v1X_A",
                method="POST",
                body_heading="entity",
                body_rows=ROWS,
                sample_request=[{"Id": 1, "Name": "a"}],
            ),
            "array<ABody>",
        ),
        (
            Doc("v1X_A", method="POST", body_heading="appointmentIds", body_line="The keys."),
            "array<integer(int32)>",
        ),
        (
            Doc("v1X_A", method="POST", body_heading="names", sample_request=["a", "b"]),
            "array<string>",
        ),
        (
            Doc(
                "v1X_A",
                method="PATCH",
                body_heading="changes string",
                body_rows=[("op", "String"), ("path", "String"), ("value", "Object")],
            ),
            "array<JsonPatchOperation>",
        ),
        (
            Doc("v1X_A", method="PUT", body_heading="image binary", body_line="Bitmap"),
            "string(binary)",
        ),
        (Doc("v1X_A", method="POST", body_heading="text", body_line="Some text."), "string"),
    ],
    ids=["array-marked-by-sample", "ids-name", "sample-only", "json-patch", "binary", "unknown"],
)
def test_request_body_type(doc: Doc, expected: str) -> None:
    api = api_of(doc)
    body = endpoint(api, "v1X_A").request_body
    assert body is not None and body.type.describe() == expected


def test_an_untyped_body_is_reported() -> None:
    assert "X203" in codes(
        api_of(Doc("v1X_A", method="POST", body_heading="text", body_line="Some text."))
    )


def test_security_headers_become_schemes_and_other_headers_parameters() -> None:
    found = endpoint(api_of(Doc("v1X_A")), "v1X_A")
    assert found.security == (
        SecurityScheme.BASIC,
        SecurityScheme.BEARER,
        SecurityScheme.SO_TICKET,
        SecurityScheme.XSRF,
    )
    assert [(p.name, p.location, p.python_name) for p in found.parameters] == [
        ("SO-AppToken", "header", "so_app_token")
    ]


def test_routes_differing_only_in_parameter_names_are_merged_and_duplicates_dropped() -> None:
    api = api_of(
        Doc("v1X_Get", path="/api/v1/X/{id}"),
        Doc("v1X_Delete", method="DELETE", path="/api/v1/X/{name}"),
        Doc("v1X_GetByName", path="/api/v1/X/{name}"),
    )
    assert {e.operation_id: e.path for e in api.endpoints()} == {
        "v1X_Delete": "/api/v1/X/{name}",
        "v1X_Get": "/api/v1/X/{name}",
    }
    assert [p.name for p in endpoint(api, "v1X_Get").parameters_in("path")] == ["name"]
    assert {"X204", "X205"} <= set(codes(api)) and "X210" not in codes(api)


def test_one_method_on_routes_told_apart_by_parameter_types_keeps_both() -> None:
    api = api_of(
        Doc("v1X_ByName", path="/api/v1/X/{name}", path_rows=[("name", "string")]),
        Doc("v1X_ById", path="/api/v1/X/{id}", path_rows=[("id", "int32")]),
        Doc("v1X_Delete", method="DELETE", path="/api/v1/X/{xId}", path_rows=[("xId", "int32")]),
        Doc("v1X_ByIdAgain", path="/api/v1/X/{key}", path_rows=[("key", "int32")]),
    )
    found = {
        e.operation_id: (e.method, e.path, e.typed_parameters)
        for e in api.endpoints_in_route_order()
    }
    assert found == {
        "v1X_ById": ("GET", "/api/v1/X/{id}", ("id",)),  # integers first, matched by type
        "v1X_Delete": (
            "DELETE",
            "/api/v1/X/{id}",
            (),
        ),  # the integer route's spelling; its method is alone
        "v1X_ByName": ("GET", "/api/v1/X/{name}", ()),
    }
    assert list(found) == ["v1X_ById", "v1X_Delete", "v1X_ByName"]
    by_code = {d.code: d.message for d in api.diagnostics if d.code in ("X204", "X205", "X210")}
    assert set(by_code) == {"X204", "X205", "X210"}  # v1X_ByIdAgain is a real duplicate of v1X_ById
    assert "v1X_ByIdAgain repeats GET /api/v1/X/{id} of v1X_ById" in by_code["X205"]
    assert by_code["X210"].startswith(
        "v1X_ByName (GET /api/v1/X/{name}, text) and v1X_ById (GET /api/v1/X/{id}, integer"
    )
    assert "own path template" in by_code["X210"]


def test_literal_routes_come_before_parameterised_ones() -> None:
    api = api_of(
        Doc("v1X_Get", path="/api/v1/X/{id}"),
        Doc("v1X_Default", path="/api/v1/X/default"),
        Doc("v1X_Sub", path="/api/v1/X/{id}/Sub"),
    )
    assert [e.path for e in api.endpoints_in_route_order()] == [
        "/api/v1/X/default",
        "/api/v1/X/{id}",
        "/api/v1/X/{id}/Sub",
    ]


def test_duplicate_operation_ids_are_an_error_and_the_first_is_kept() -> None:
    api = api_of(Doc("v1X_A"), Doc("v1X_A", path="/api/v1/Other"))
    assert "X206" in codes(api) and len(api.endpoints()) == 1


def test_groups_and_method_names_come_from_the_operation_id() -> None:
    api = api_of(
        Doc("v1AppointmentAgent_AcceptWithSmtp", method="POST"),
        Doc("v1AppointmentAgent_accept_with_smtp", method="PUT"),
    )
    group = api.groups[0]
    assert (group.name, group.python_name, group.class_name) == (
        "AppointmentAgent",
        "appointment_agent",
        "AppointmentAgent",
    )
    assert sorted(e.python_name for e in group.endpoints) == [
        "accept_with_smtp",
        "accept_with_smtp_2",
    ]
