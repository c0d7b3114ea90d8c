"""Errors for statuses the docs do not list as success, and retries with backoff."""

from __future__ import annotations

import asyncio
import json
from types import ModuleType

import httpx
import pytest

from tests.e2e.wire import Recorder, Reply


def no_sleep(waits: list[float]) -> object:
    return waits.append


def test_an_error_status_raises_the_matching_error_with_the_parsed_body(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(
        Reply(status=404, body=json.dumps({"Error": "No widget 1"}).encode(), headers={"X-Id": "9"})
    )
    with pytest.raises(package.errors.NotFoundError) as caught:
        package.Client(base_url).widget_agent.get_widget(widget_id=1)
    error = caught.value
    assert isinstance(error, package.ApiError)
    assert (error.status_code, error.error, error.message, error.headers["x-id"]) == (
        404,
        {"Error": "No widget 1"},
        "No widget 1",
        "9",
    )
    assert "404 No widget 1" in str(error)


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (412, "PreconditionFailedError"),
        (400, "BadRequestError"),
        (401, "UnauthorizedError"),
        (500, "ServerError"),
        (418, "ApiError"),
    ],
)
def test_each_status_has_its_error_class(
    package: ModuleType, base_url: str, recorder: Recorder, status: int, error_class: str
) -> None:
    recorder.answer(Reply(status=status, body=b"plain text", content_type="text/plain"))
    with pytest.raises(getattr(package.errors, error_class)) as caught:
        package.Client(base_url, retry=None).close_2.delete_close("x")
    assert type(caught.value).__name__ == error_class
    assert (caught.value.error, caught.value.content, caught.value.text) == (
        None,
        b"plain text",
        "plain text",
    )


def test_a_success_status_the_docs_do_not_list_is_an_error(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(Reply(status=200, body=b"{}"))  # DeleteClose lists 204 only
    with pytest.raises(package.ApiError) as caught:
        package.Client(base_url).close_2.delete_close("x")
    assert caught.value.status_code == 200


def test_a_body_that_is_not_the_declared_type_raises_a_decode_error(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(Reply(status=200, body=b'["not", "numbers"]'))
    with pytest.raises(package.errors.ResponseDecodeError) as caught:
        package.Client(base_url).widget_agent.save_widget(ids=[1])
    assert caught.value.content == b'["not", "numbers"]'


@pytest.mark.parametrize("body", [b"", b"null", b" null\n"])
def test_an_empty_or_null_success_body_is_none_where_the_result_type_allows_it(
    package: ModuleType, base_url: str, recorder: Recorder, body: bytes
) -> None:
    recorder.answer(Reply(status=200, body=body))  # FindWidget lists 204: it returns Widget | None
    assert package.Client(base_url).widget_agent.find_widget(name="x") is None

    async def call() -> object:
        async with package.AsyncClient(base_url) as client:
            return await client.widget_agent.find_widget(name="x")

    assert asyncio.run(call()) is None
    recorder.answer(
        Reply(status=200, body=body)
    )  # GetWidget returns a Widget: None would break its type
    with pytest.raises(package.errors.ResponseDecodeError) as caught:
        package.Client(base_url).widget_agent.get_widget(widget_id=1)
    assert caught.value.content == body and "does not allow None" in str(caught.value.message)


def test_idempotent_methods_are_retried_on_503_and_429_with_backoff(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    waits: list[float] = []
    recorder.answer(Reply(status=503), Reply(status=429), Reply(status=204))
    retry = package.RetryPolicy(backoff=0.5, sleep=waits.append)
    assert package.Client(base_url, retry=retry).close_2.delete_close("x") is None
    assert len(recorder.requests) == 3 and waits == [0.5, 1.0]


def test_retry_after_is_obeyed(package: ModuleType, base_url: str, recorder: Recorder) -> None:
    waits: list[float] = []
    recorder.answer(Reply(status=429, headers={"Retry-After": "3"}), Reply(status=204))
    package.Client(base_url, retry=package.RetryPolicy(sleep=waits.append)).close_2.delete_close(
        "x"
    )
    assert waits == [3.0]


def test_retries_give_up_after_max_retries(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    waits: list[float] = []
    recorder.answer(Reply(status=503))
    client = package.Client(
        base_url,
        retry=package.RetryPolicy(max_retries=3, backoff=1, max_backoff=2.5, sleep=waits.append),
    )
    with pytest.raises(package.errors.ServiceUnavailableError):
        client.close_2.delete_close("x")
    assert len(recorder.requests) == 4 and waits == [1, 2, 2.5]


def test_post_is_not_retried_by_default_and_retries_can_be_switched_off(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    recorder.answer(Reply(status=503))
    with pytest.raises(package.errors.ServiceUnavailableError):
        package.Client(base_url).widget_agent.save_widget(ids=[1])
    assert len(recorder.requests) == 1
    recorder.answer(Reply(status=503))
    with pytest.raises(package.errors.ServiceUnavailableError):
        package.Client(base_url, retry=None).close_2.delete_close("x")
    assert len(recorder.requests) == 1


def test_connection_errors_are_retried_through_a_custom_transport(package: ModuleType) -> None:
    attempts: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        if len(attempts) == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"k": "v"})

    client = package.Client(
        "http://api.test",
        transport=httpx.MockTransport(handle),
        retry=package.RetryPolicy(sleep=lambda _: None),
    )
    assert client.close_2.put_closes(1, items=[]) == {"k": "v"}
    assert len(attempts) == 2 and str(attempts[1].url) == "http://api.test/api/v1/Close/1/Items"


def test_the_async_client_retries_and_raises_too(
    package: ModuleType, base_url: str, recorder: Recorder
) -> None:
    waits: list[float] = []

    async def call() -> None:
        async with package.AsyncClient(
            base_url, retry=package.RetryPolicy(sleep=waits.append)
        ) as client:
            await client.close_2.delete_close("x")

    recorder.answer(Reply(status=503), Reply(status=412))
    with pytest.raises(package.errors.PreconditionFailedError):
        asyncio.run(call())
    assert len(recorder.requests) == 2 and waits == [0.5]
