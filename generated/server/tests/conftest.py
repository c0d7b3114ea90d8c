"""Fixtures of the contract tests: the server's mock (`create_app(mock=True)`) in this process,
called through httpx's ASGI transport (no network, no client package)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from generated_api_server import create_app


class App:
    """An app to send requests to, one at a time, on one event loop."""

    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        transport = httpx.ASGITransport(app=app)
        self.http = httpx.AsyncClient(transport=transport, base_url="http://testserver")

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, path, **options))

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())


@pytest.fixture(scope="session")
def event_loop_for_tests() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def mock(event_loop_for_tests: asyncio.AbstractEventLoop) -> Iterator[App]:
    """The mock, enforcing each operation's documented security schemes (the app's default)."""
    app = App(create_app(mock=True), event_loop_for_tests)
    yield app
    app.close()
