"""The server renderer's decisions, without running the server: annotations, statuses, mock data, names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.model import Api, Endpoint, Response, TypeRef
from generator.pipeline import load_api
from generator.render.environment import make_environment
from generator.render.python import TypeNames
from generator.render.server import (
    MODELS,
    ROUTE_LOCALS,
    arguments,
    group_contexts,
    mock_entry,
    render_server,
    route_entry,
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
    widgets = TypeRef(kind="array", items=TypeRef(kind="ref", ref="WidgetEntity"))
    assert str(names.python_type(widgets, MODELS).or_none()) == "list[_m.WidgetEntity] | None"
    choice = TypeRef(kind="string", enum=("WidgetEntity", "it's WidgetEntity"))
    assert str(names.python_type(choice, MODELS)) == (
        '_t.Literal["WidgetEntity", "it\'s WidgetEntity"]'
    )


def test_the_success_response_is_the_one_with_a_body_else_200_else_the_first_2xx(api: Api) -> None:
    get = endpoint(api, "v1WidgetEntity_GetWidget")
    assert get.success is not None and get.success.status == "200"
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
    assert created.success is not None and created.success.status == "201"
    assert get.model_copy(update={"responses": ()}).success is None


def test_an_endpoint_without_a_sample_is_mocked_with_its_success_status_and_no_body(
    api: Api,
) -> None:
    get = endpoint(api, "v1WidgetEntity_GetWidget").model_copy(update={"sample_response": None})
    assert mock_entry(get) == {"statuses": [200, 404], "status": 200}


def test_handlers_and_their_parameters_never_take_a_name_the_route_function_uses(api: Api) -> None:
    names = TypeNames.of(api)
    for group in group_contexts(api, names):
        for context in group.endpoints:
            assert context.name not in ROUTE_LOCALS
    for each in api.endpoints():
        assert not {argument.name for argument in arguments(each, names)} & ROUTE_LOCALS
    save_image = endpoint(api, "v1WidgetEntity_SaveImage")
    assert [argument.name for argument in arguments(save_image, names)] == [
        "widget_id",
        "image",
        "core",
    ]
    entry = route_entry(save_image, names)
    assert entry["raw_body"] == ["image/png", "image/jpeg", "multipart/form-data"]
    assert entry["parameters"] == {
        "widget_id": ["path", "widgetId"],
        "core": ["query", "core"],
        "image": ["raw", "image"],
    }


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
