"""The server renderer's decisions, without running the server: annotations, statuses, mock data, names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.model import Api, Endpoint, Response
from generator.pipeline import load_api
from generator.render.environment import make_environment
from generator.render.python import TypeNames
from generator.render.server import (
    ROUTE_LOCALS,
    group_contexts,
    mock_entry,
    qualified,
    render_server,
    success_response,
)
from generator.settings import Settings

DOCS = Path(__file__).parent / "docs"


@pytest.fixture(scope="module")
def api() -> Api:
    return load_api(DOCS, Settings())[0]


def endpoint(api: Api, operation_id: str) -> Endpoint:
    return next(endpoint for endpoint in api.endpoints() if endpoint.operation_id == operation_id)


def test_model_classes_are_spelled_through_the_models_package_but_literal_values_are_not(
    api: Api,
) -> None:
    names = TypeNames.of(api)
    assert qualified("list[WidgetEntity] | None", names) == "list[models.WidgetEntity] | None"
    assert qualified("Literal['WidgetEntity', \"it's WidgetEntity\"]", names) == (
        "Literal['WidgetEntity', \"it's WidgetEntity\"]"
    )


def test_the_success_response_is_the_one_with_a_body_else_200_else_the_first_2xx(api: Api) -> None:
    get = endpoint(api, "v1WidgetEntity_GetWidget")
    assert success_response(get) is not None and success_response(get).status == "200"  # type: ignore[union-attr]
    created = get.model_copy(
        update={
            "responses": (
                Response(
                    status="404", description="", media_types=(), type=None, source=get.source
                ),
                Response(
                    status="201", description="", media_types=(), type=None, source=get.source
                ),
            )
        }
    )
    assert success_response(created).status == "201"  # type: ignore[union-attr]
    assert success_response(get.model_copy(update={"responses": ()})) is None


def test_an_endpoint_without_a_sample_is_mocked_with_its_success_status_and_no_body(
    api: Api,
) -> None:
    get = endpoint(api, "v1WidgetEntity_GetWidget").model_copy(update={"sample_response": None})
    assert mock_entry(get) == {"statuses": [200, 404], "status": 200}


def test_route_arguments_and_functions_never_take_a_name_the_route_body_uses(api: Api) -> None:
    for group in group_contexts(api, TypeNames.of(api)):
        for context in group.endpoints:
            assert context.name not in ROUTE_LOCALS
            assert not {argument.name for argument in context.arguments} & ROUTE_LOCALS
    save_image = next(
        context
        for group in group_contexts(api, TypeNames.of(api))
        for context in group.endpoints
        if context.operation_id == "v1WidgetEntity_SaveImage"
    )
    assert [argument.name for argument in save_image.arguments] == ["widget_id", "core_2", "image"]
    assert save_image.raw_body_media_types == ["image/png", "image/jpeg", "multipart/form-data"]


def test_the_samples_file_is_json_with_one_line_per_operation(api: Api) -> None:
    files = render_server(api, make_environment(), "widgets_server")
    text = files["server/src/widgets_server/samples.json"]
    assert len(text.splitlines()) == len(api.endpoints()) + 2
    assert set(json.loads(text)) == {endpoint.operation_id for endpoint in api.endpoints()}


def test_an_api_with_no_endpoints_still_renders_a_valid_server() -> None:
    empty = Api(title="Empty", version="0", groups=(), types={})
    files = render_server(empty, make_environment(), "empty_server")
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
