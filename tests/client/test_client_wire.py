"""What the generated client puts on the wire and what it returns, against a real HTTP server."""

from __future__ import annotations

import asyncio
import json
from types import ModuleType

import pytest

from tests.e2e.wire import Recorder, Reply

WIDGET = {
    "WidgetId": 7,
    "class": "big",
    "Updated": "2023-02-01T10:11:12.1234567+01:00",
    "Extra": [1],
}


def json_reply(value: object, status: int = 200) -> Reply:
    return Reply(status=status, body=json.dumps(value).encode())


def test_query_parameters_use_wire_names_and_plain_text_values(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(json_reply(WIDGET))
    with package.Client(base_url) as client:
        client.widget_agent.get_widget(
            widget_id=42,
            select="Name,Id",
            class_="c",
            parent_child_name="p q",
            param_2nd_value=2,
            naive=True,
            mode="Slim",
            tags=["a", "b"],
        )
    assert (
        recorder.last.method == "POST" and recorder.last.path == "/api/v1/Agents/Widget/GetWidget"
    )
    assert recorder.last.query == [
        ("widgetId", "42"), ("$select", "Name,Id"), ("class", "c"), ("parent.child-name", "p q"),
        ("2ndValue", "2"), ("naïve", "true"), ("mode", "Slim"), ("tags", "a"), ("tags", "b"),
    ]  # fmt: skip
    assert recorder.last.body == b""


def test_results_parse_into_models_and_dump_back_to_the_same_json(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(json_reply(WIDGET))
    widget = package.Client(base_url).widget_agent.get_widget(widget_id=1)
    assert isinstance(widget, package.models.Widget)
    assert widget.class_ == "big" and widget.updated == "2023-02-01T10:11:12.1234567+01:00"
    assert widget.model_dump(mode="json", exclude_unset=True) == WIDGET


def test_a_body_from_keyword_arguments_sends_given_values_only(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(json_reply([3, 4]))
    result = package.Client(base_url).widget_agent.save_widget(
        select_2="a", widget=None, ids=[1, 2], select="x"
    )
    assert result == [3, 4]
    assert json.loads(recorder.last.body) == {"Select": "a", "Widget": None, "Ids": [1, 2]}
    assert recorder.last.headers["content-type"] == "application/json"
    assert recorder.last.query == [("$select", "x")]


def test_a_body_from_a_model_instance_with_keyword_arguments_on_top(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(json_reply([]))
    models = package.models
    request = models.SaveWidgetRequest(select="s", widget=models.Widget(widget_id_3=5), ids=[1])
    package.Client(base_url).widget_agent.save_widget(request=request, ids=[9])
    assert json.loads(recorder.last.body) == {"Select": "s", "Widget": {"WidgetId": 5}, "Ids": [9]}


def test_a_field_named_like_another_fields_wire_name_fills_only_that_field(
    package: ModuleType,
) -> None:
    widget = package.models.Widget(widget_id=5)
    assert widget.model_dump(exclude_unset=True) == {"widget_id": 5}


def test_a_body_argument_of_the_wrong_type_fails_before_sending(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(json_reply([]))
    with pytest.raises(ValueError):
        package.Client(base_url).widget_agent.save_widget(ids=["not a number"])
    assert not recorder.requests


def test_a_list_body_and_path_parameters(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(json_reply({"a": "b"}))
    items = [package.models.PutClosesBody(widget_id=1, class_="c")]
    assert package.Client(base_url).close_2.put_closes(5, items=items) == {"a": "b"}
    assert recorder.last.method == "PUT" and recorder.last.path == "/api/v1/Close/5/Items"
    assert json.loads(recorder.last.body) == [{"WidgetId": 1, "class": "c"}]


def test_path_values_are_percent_encoded(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(Reply(status=204))
    assert package.Client(base_url).close_2.delete_close("a b/c?d") is None
    assert recorder.last.raw_path == "/api/v1/Close/a%20b%2Fc%3Fd"


def test_base_url_with_a_path_prefix(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(Reply(status=204))
    package.Client(base_url + "/Cust123/").close_2.delete_close("x")
    assert recorder.last.path == "/Cust123/api/v1/Close/x"


def test_header_defaults_and_per_call_overrides(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(json_reply(WIDGET))
    client = package.Client(
        base_url, accept_language="sv", so_app_token="app", headers={"X-Trace": "t"}
    )
    client.widget_agent.get_widget(widget_id=1)
    headers = recorder.last.headers
    assert (headers["accept-language"], headers["so-apptoken"], headers["x-trace"]) == (
        "sv",
        "app",
        "t",
    )
    assert "so-language" not in headers and headers["accept"] == "application/json"
    client.widget_agent.get_widget(
        widget_id=1, headers={"Accept-Language": "en", "SO-Language": "de"}
    )
    assert (recorder.last.headers["accept-language"], recorder.last.headers["so-language"]) == (
        "en",
        "de",
    )


@pytest.mark.parametrize(
    ("auth", "header", "value"),
    [
        (("BasicAuth", "tje0", "Tje0"), "authorization", "Basic dGplMDpUamUw"),
        (("BearerAuth", "tok"), "authorization", "Bearer tok"),
        (("SoTicketAuth", "7T:abc"), "authorization", "SoTicket 7T:abc"),
        (("XsrfTokenAuth", "xsrf"), "x-xsrf-token", "xsrf"),
    ],
)
def test_auth_schemes(
    package: ModuleType,
    base_url: str,
    recorder: Recorder,
    auth: tuple[str, ...],
    header: str,
    value: str,
) -> None:
    recorder.answer(Reply(status=204))
    scheme = getattr(package, auth[0])(*auth[1:])
    package.Client(base_url, auth=scheme).close_2.delete_close("x")
    assert recorder.last.headers[header] == value
    assert auth[-1] not in repr(scheme)


def test_the_async_client_sends_the_same_request(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    async def call() -> object:
        async with package.AsyncClient(base_url, so_app_token="app") as client:
            return await client.widget_agent.save_widget(ids=[1], select="x")

    recorder.answer(json_reply([1]))
    assert asyncio.run(call()) == [1]
    assert json.loads(recorder.last.body) == {"Ids": [1]}
    assert recorder.last.headers["so-apptoken"] == "app" and recorder.last.query == [
        ("$select", "x")
    ]


def test_binary_bodies_and_results_are_bytes(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(Reply(status=200, body=b"\x89PNG\x00", content_type="image/png"))
    assert package.Client(base_url).close_2.image(3, image=b"GIF89a\x00") == b"\x89PNG\x00"
    assert (
        recorder.last.body == b"GIF89a\x00" and recorder.last.headers["content-type"] == "image/png"
    )
    assert recorder.last.headers["accept"] == "image/png, image/jpeg"


def test_a_raw_response_gives_status_headers_and_body_beside_the_typed_result(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    body = json.dumps(WIDGET).encode()
    recorder.answer(Reply(status=200, body=body, headers={"X-Request-Id": "r-1", "ETag": '"v7"'}))
    with package.Client(base_url) as client:
        raw = client.with_raw_response(lambda: client.widget_agent.get_widget(widget_id=1))
    assert isinstance(raw, package.RawResponse)
    assert (raw.status_code, raw.headers["x-request-id"], raw.headers["etag"], raw.content) == (
        200,
        "r-1",
        '"v7"',
        body,
    )
    assert isinstance(raw.parsed, package.models.Widget) and raw.parsed.widget_id_3 == 7
    assert json.loads(raw.text) == WIDGET

    async def call() -> object:
        async with package.AsyncClient(base_url) as client:
            return await client.with_raw_response(
                lambda: client.widget_agent.get_widget(widget_id=1)
            )

    raw_async = asyncio.run(call())
    assert raw_async.headers["x-request-id"] == "r-1" and raw_async.parsed == raw.parsed  # type: ignore[attr-defined]


def test_a_raw_response_needs_exactly_one_call(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    with package.Client(base_url) as client, pytest.raises(TypeError, match="one API call, not 0"):
        client.with_raw_response(lambda: None)
