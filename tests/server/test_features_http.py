"""The generated client against the generated server, over real HTTP on 127.0.0.1 (uvicorn), for the
features that need both: operations told apart by a parameter's type, raw responses, uploads byte for
byte (from bytes, a path, a file object, and as multipart), auth (401 / 200) and media types (415).
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from generator.pipeline import run
from generator.settings import Settings
from tests.e2e.wire import imported
from tests.server.serving import RunningServer, serve

DOCS = Path(__file__).parent / "docs"
PACKAGE = "feat"
SERVER = f"{PACKAGE}_server"
USER, PASSWORD, TOKEN = "user", "secret", "good-token"
BASIC = {"Authorization": "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()}
IMAGE = bytes(range(256)) + b"\r\n--not-a-boundary\r\n\x00\xff"  # every byte value, CR LF, NUL

IMPLEMENTATION = f"""
import json
from pathlib import Path
from typing import Any

from {SERVER} import Credentials, Implementation
from {SERVER}.interfaces import TagEntityHandlers, WidgetAgentHandlers, WidgetEntityHandlers
from {SERVER}.models import TagEntity, WidgetEntity

UPLOADS = Path(__file__).parent / "uploads"


def authenticate(credentials: Credentials) -> bool:
    if credentials.scheme == "basic":
        return (credentials.username, credentials.password) == ({USER!r}, {PASSWORD!r})
    return credentials.scheme == "bearer" and credentials.token == {TOKEN!r}


class Widgets(WidgetEntityHandlers):
    async def get_widget(
        self, *, widget_id: int, select: str | None = None, fk: bool | None = None, so_language: str | None = None
    ) -> WidgetEntity:
        return WidgetEntity(WidgetId=widget_id, Name="got")

    async def save_image(self, *, widget_id: int, image: bytes, core: str | None = None) -> None:
        UPLOADS.mkdir(exist_ok=True)
        (UPLOADS / f"{{widget_id}}.bin").write_bytes(image)


class Tags(TagEntityHandlers):
    async def get_tag(self, *, tag_id: int) -> TagEntity:
        return TagEntity(TagId=tag_id, Name="by id")

    async def get_tag_by_name(self, *, name: str) -> TagEntity:
        return TagEntity(TagId=0, Name=f"by name {{name}}")


class Agents(WidgetAgentHandlers):
    async def merge_widgets(
        self, *, rules: dict[str, Any], extra: dict[str, Any] | None = None, names: list[str] | None = None
    ) -> int:
        UPLOADS.mkdir(exist_ok=True)
        (UPLOADS / "merge.json").write_text(json.dumps([rules, extra, names]))
        return len(rules)


implementation = Implementation(widget_entity=Widgets(), tag_entity=Tags(), widget_agent=Agents())
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("features") / "out"
    result = run(DOCS, out, Settings(package_name=PACKAGE))
    assert not [d for d in result.diagnostics if d.level == "error"]
    (out / "server" / "src" / "feat_impl.py").write_text(IMPLEMENTATION)
    return out


@pytest.fixture(scope="module")
def server(out: Path) -> Iterator[RunningServer]:
    arguments = (
        "--implementation",
        "feat_impl:implementation",
        "--authenticate",
        "feat_impl:authenticate",
    )
    with serve(out, SERVER, *arguments) as running:
        yield running


@pytest.fixture(scope="module")
def client_package(out: Path) -> Iterator[ModuleType]:
    with imported(out / "client" / "src", PACKAGE) as package:
        yield package


def uploaded(out: Path, widget_id: int) -> bytes:
    return (out / "server" / "src" / "uploads" / f"{widget_id}.bin").read_bytes()


def test_operations_told_apart_by_type_are_answered_by_their_own_handlers(
    server: RunningServer, client_package: ModuleType
) -> None:
    auth = client_package.BasicAuth(USER, PASSWORD)
    with client_package.Client(server.base_url, auth=auth) as client:
        by_id = client.tag_entity.get_tag(123)
        by_name = client.tag_entity.get_tag_by_name("Contact")
        digits_in_a_name = client.tag_entity.get_tag_by_name("12a")
    assert (by_id.tag_id, by_id.name) == (123, "by id")
    assert (by_name.tag_id, by_name.name) == (0, "by name Contact")
    assert digits_in_a_name.name == "by name 12a"


def test_a_raw_response_has_the_servers_status_headers_and_body(
    server: RunningServer, client_package: ModuleType
) -> None:
    auth = client_package.BasicAuth(USER, PASSWORD)
    with client_package.Client(server.base_url, auth=auth) as client:
        raw = client.with_raw_response(lambda: client.widget_entity.get_widget(42))
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "application/json"
    assert raw.headers["server"] == "uvicorn" and int(raw.headers["content-length"]) == len(
        raw.content
    )
    assert httpx.Response(200, content=raw.content).json()["WidgetId"] == 42
    assert raw.parsed.widget_id == 42 and raw.parsed.name == "got"

    async def call() -> object:
        async with client_package.AsyncClient(server.base_url, auth=auth) as async_client:
            return await async_client.with_raw_response(lambda: async_client.tag_entity.get_tag(5))

    raw_async = asyncio.run(call())
    assert raw_async.headers["content-type"] == "application/json"  # type: ignore[attr-defined]
    assert raw_async.parsed.name == "by id"  # type: ignore[attr-defined]


def test_uploads_arrive_byte_for_byte_from_bytes_a_path_and_a_file_object(
    server: RunningServer, client_package: ModuleType, out: Path, tmp_path: Path
) -> None:
    picture = tmp_path / "picture.png"
    picture.write_bytes(IMAGE[::-1])
    auth = client_package.BasicAuth(USER, PASSWORD)
    with client_package.Client(server.base_url, auth=auth) as client:
        client.widget_entity.save_image(1, image=IMAGE)
        client.widget_entity.save_image(2, image=picture)
        with picture.open("rb") as file:
            client.widget_entity.save_image(3, image=file)
        client.widget_entity.save_image(4, image=io.BytesIO(IMAGE + b"4"))
    assert uploaded(out, 1) == IMAGE
    assert uploaded(out, 2) == uploaded(out, 3) == IMAGE[::-1]
    assert uploaded(out, 4) == IMAGE + b"4"


def test_a_multipart_upload_hands_the_file_to_the_handler(server: RunningServer, out: Path) -> None:
    response = httpx.put(
        server.base_url + "/api/v1/Widget/5/Image",
        files={"image": ("picture.png", IMAGE, "image/png")},
        headers=BASIC,
        timeout=10,
    )
    assert response.status_code == 204, response.text
    assert uploaded(out, 5) == IMAGE


def test_the_client_encodes_multipart_where_that_is_the_documented_media_type(
    server: RunningServer, client_package: ModuleType, out: Path
) -> None:
    operation = importlib.import_module(f"{PACKAGE}.api.widget_entity")._SAVE_IMAGE
    multipart = replace(operation, media_type="multipart/form-data", _adapters={})
    core = importlib.import_module(f"{PACKAGE}._core")
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        settings = core.Settings(headers=BASIC)
        core.SyncCore(http, settings).call(multipart, path={"widgetId": 6}, body=IMAGE)
    assert uploaded(out, 6) == IMAGE


def test_auth_401_without_or_with_rejected_credentials_200_with_them(
    server: RunningServer, client_package: ModuleType
) -> None:
    url = server.base_url + "/api/v1/Widget/42"
    missing = httpx.get(url, timeout=10)
    assert missing.status_code == 401
    assert (
        missing.headers["www-authenticate"]
        == 'Basic realm="api", Bearer realm="api", SoTicket realm="api"'
    )
    wrong = httpx.get(
        url,
        headers={"Authorization": "Basic " + base64.b64encode(b"user:nope").decode()},
        timeout=10,
    )
    assert wrong.status_code == 401 and "rejected" in wrong.json()["detail"]
    assert (
        httpx.get(url, headers={"Authorization": "SoTicket 7T:abc"}, timeout=10).status_code == 401
    )
    assert httpx.get(url, headers=BASIC, timeout=10).status_code == 200
    assert (
        httpx.get(url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10).status_code == 200
    )
    with (
        client_package.Client(server.base_url, retry=None) as client,
        pytest.raises(client_package.errors.UnauthorizedError) as caught,
    ):
        client.widget_entity.get_widget(42)
    assert "Basic" in caught.value.headers["www-authenticate"]


def test_a_body_in_an_unaccepted_media_type_gets_415(server: RunningServer) -> None:
    response = httpx.put(
        server.base_url + "/api/v1/Widget/7/Image",
        content=IMAGE,
        headers={**BASIC, "Content-Type": "application/xml"},
        timeout=10,
    )
    assert response.status_code == 415
    assert "image/png" in response.json()["detail"]


def test_the_served_openapi_is_the_generated_one_with_the_servers_own_statuses(
    server: RunningServer, out: Path
) -> None:
    served = httpx.get(server.base_url + "/openapi.json", timeout=10).json()
    written = json.loads((out / "openapi.json").read_text())
    assert list(served["paths"]) == list(written["paths"])
    save = served["paths"]["/api/v1/Widget/{widgetId}/Image"]["put"]
    assert {"401", "415", "422", "501"} <= set(save["responses"])
    assert (
        save["security"] == written["paths"]["/api/v1/Widget/{widgetId}/Image"]["put"]["security"]
    )
    assert "www-authenticate" in {name.lower() for name in save["responses"]["401"]["headers"]}
    # the text route of a pair told apart by type never gets an integer: the served document says so
    by_name = served["paths"]["/api/v1/Tag/{name}"]["get"]["parameters"][0]
    assert by_name["name"] == "name" and "pattern" in by_name["schema"]
    pattern = re.compile(by_name["schema"]["pattern"])
    assert [bool(pattern.search(v)) for v in ("Contact", "12a", "5-5", "-", "123", "-5")] == [
        True, True, True, True, False, False
    ]  # fmt: skip
    assert "pattern" not in served["paths"]["/api/v1/Tag/{tagId}"]["get"]["parameters"][0]["schema"]
    assert "pattern" not in written["paths"]["/api/v1/Tag/{name}"]["get"]["parameters"][0]["schema"]


def test_the_mock_may_switch_auth_off(out: Path) -> None:
    with serve(out, SERVER, "--mock", "--no-auth") as mock:
        response = httpx.get(mock.base_url + "/api/v1/Widget/42", timeout=10)
        served = httpx.get(mock.base_url + "/openapi.json", timeout=10).json()
    assert response.status_code == 200 and response.json()["Name"] == "Blue widget"
    operation = served["paths"]["/api/v1/Widget/{widgetId}"]["get"]
    assert (
        "security" not in operation and "401" not in operation["responses"]
    )  # the document agrees
    assert "501" not in operation["responses"]  # the mock answers every operation


def test_object_query_parameters_travel_json_encoded_and_reach_the_handler_decoded(
    server: RunningServer, client_package: ModuleType, out: Path
) -> None:
    auth = client_package.BasicAuth(USER, PASSWORD)
    rules = {"keep": "first", "fields": ["Name", "Size"], "deep": {"n": 1}}
    with client_package.Client(server.base_url, auth=auth) as client:
        assert client.widget_agent.merge_widgets(rules=rules, extra={}, names=["a", "b"]) == 3
    received = json.loads((out / "server" / "src" / "uploads" / "merge.json").read_text())
    assert received == [rules, {}, ["a", "b"]]
    url = server.base_url + "/api/v1/Agents/Widget/MergeWidgets"
    missing = httpx.post(url, headers=BASIC, timeout=10)
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["query", "rules"]
    not_json = httpx.post(url, params={"rules": "{keep"}, headers=BASIC, timeout=10)
    assert not_json.status_code == 422 and not_json.json()["detail"][0]["type"] == "json_invalid"
    written = json.loads((out / "openapi.json").read_text())
    parameters = written["paths"]["/api/v1/Agents/Widget/MergeWidgets"]["post"]["parameters"]
    assert parameters[0]["content"] == {"application/json": {"schema": {"type": "object"}}}
