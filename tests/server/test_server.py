"""The generated FastAPI server, from the small docs in tests/server/docs: routes, 501, 422, the handler
interfaces, the mock, the OpenAPI FastAPI serves, escaping, laziness and mypy --strict."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from generator.model import Api
from generator.pipeline import load_api
from generator.render.server import route_path
from generator.settings import Settings
from tests.server.serving import AUTHORIZATION, generate, sample_call, serve

DOCS = Path(__file__).parent / "docs"
PACKAGE = "widgets_t_server"
GET_WIDGET = "/api/v1/Widget/42"
SAVE_WIDGET = "/api/v1/Agents/Widget/SaveWidget"

# A team's implementation, in its own module: typed against the generated interface.
IMPLEMENTATION = """
from widgets_t_server import Implementation
from widgets_t_server.interfaces import TagEntityHandlers, WidgetEntityHandlers
from widgets_t_server.models import TagEntity, WidgetEntity

IMAGE = b"\\x89PNG\\r\\n\\x1a\\n not utf-8: \\xff"
uploads: list[tuple[int, bytes, str | None]] = []


class Widgets(WidgetEntityHandlers):
    async def get_widget(
        self, *, widget_id: int, select: str | None = None, fk: bool | None = None, so_language: str | None = None
    ) -> WidgetEntity:
        return WidgetEntity(WidgetId=widget_id, Name=f"{select}/{fk}/{so_language}")

    async def get_image(self, *, widget_id: int) -> bytes:
        return IMAGE

    async def save_image(self, *, widget_id: int, image: bytes, core: str | None = None) -> None:
        uploads.append((widget_id, image, core))


class Tags(TagEntityHandlers):
    async def get_tag(self, *, tag_id: int) -> TagEntity:
        return TagEntity(TagId=tag_id, Name="by id")

    async def get_tag_by_name(self, *, name: str) -> TagEntity:
        return TagEntity(TagId=0, Name=f"by name {name}")


implementation = Implementation(widget_entity=Widgets(), tag_entity=Tags())
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("server") / "out"
    generate(DOCS, out, package_name="widgets_t")
    source = out / "server" / "src"
    (source / "my_widgets.py").write_text(IMPLEMENTATION)
    sys.path.insert(0, str(source))
    yield out
    sys.path.remove(str(source))
    for name in [name for name in sys.modules if name.startswith(PACKAGE) or name == "my_widgets"]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def package(out: Path) -> ModuleType:
    return importlib.import_module(PACKAGE)


@pytest.fixture(scope="module")
def api() -> Api:
    return load_api(DOCS, Settings())[0]


def client(app: FastAPI) -> TestClient:
    """A client that authenticates (Basic) as every fixture endpoint requires."""
    return TestClient(app, raise_server_exceptions=False, headers=AUTHORIZATION)


def stub(package: ModuleType) -> FastAPI:
    return package.create_app()


def mock(package: ModuleType) -> FastAPI:
    return package.create_app(mock=True)


def implemented(package: ModuleType, out: Path) -> FastAPI:
    return package.create_app(importlib.import_module("my_widgets").implementation)


def test_the_project_is_installable_and_typed(out: Path) -> None:
    project = out / "server"
    assert (project / "src" / PACKAGE / "py.typed").is_file()
    assert (
        f'"{PACKAGE}" = ["openapi.json", "operations.json", "py.typed", "samples.json"]'
        in (project / "pyproject.toml").read_text()
    )
    readme = (project / "README.md").read_text()
    assert f"python -m {PACKAGE} --mock --port 8000" in readme
    assert f"python -m {PACKAGE} --implementation my_api:implementation --port 8000" in readme


def test_routes_are_in_model_route_order_literal_first(package: ModuleType, api: Api) -> None:
    paths = [route.path for route in stub(package).routes if hasattr(route, "operation_id")]
    assert paths == [route_path(endpoint) for endpoint in api.endpoints_in_route_order()]
    assert paths.index("/api/v1/Tag/{tagId:signed_int}") < paths.index("/api/v1/Tag/{name}")
    assert paths.index("/api/v1/Widget/default") < paths.index("/api/v1/Widget/{widgetId}")


def test_a_literal_route_is_not_shadowed_by_a_parameterised_one(package: ModuleType) -> None:
    response = client(mock(package)).get("/api/v1/Widget/default")
    assert response.status_code == 200
    assert response.json()["Name"] == "Default widget"


def test_unimplemented_endpoints_answer_501_with_a_json_error(package: ModuleType) -> None:
    response = client(stub(package)).get(GET_WIDGET)
    assert response.status_code == 501
    assert response.json()["operation_id"] == "v1WidgetEntity_GetWidget"
    assert "not implemented" in response.json()["detail"]


def test_an_implementation_gets_typed_arguments_and_its_result_is_sent_with_wire_names(
    package: ModuleType, out: Path
) -> None:
    http = client(implemented(package, out))
    response = http.get(
        GET_WIDGET, params={"$select": "Name", "fk": "true"}, headers={"SO-Language": "no"}
    )
    assert response.status_code == 200
    assert response.json() == {"WidgetId": 42, "Name": "Name/True/no", "Created": None}
    assert http.delete(GET_WIDGET).status_code == 501  # not overridden by the implementation


def test_binary_bodies_pass_through_as_bytes(package: ModuleType, out: Path) -> None:
    http = client(implemented(package, out))
    widgets = importlib.import_module("my_widgets")
    image = http.get(GET_WIDGET + "/Image")
    assert image.status_code == 200 and image.content == widgets.IMAGE
    assert image.headers["content-type"] == "application/octet-stream"
    saved = http.put(
        GET_WIDGET + "/Image",
        params={"core": "x"},
        content=widgets.IMAGE,
        headers={"Content-Type": "image/png"},
    )
    assert saved.status_code == 204
    assert widgets.uploads == [
        (42, widgets.IMAGE, "x")
    ]  # a parameter named like a route local still arrives


def test_bad_requests_get_422_with_fastapis_validation_detail(package: ModuleType) -> None:
    http = client(stub(package))
    wrong_path = http.get("/api/v1/Widget/abc")
    assert wrong_path.status_code == 422
    assert wrong_path.json()["detail"][0]["loc"] == ["path", "widgetId"]
    missing_query = http.post(SAVE_WIDGET, json={"Name": "x"})
    assert missing_query.status_code == 422
    assert missing_query.json()["detail"][0]["loc"] == ["query", "mode"]
    wrong_body = http.post(SAVE_WIDGET, params={"mode": "Slim"}, json={"Size": "big"})
    assert wrong_body.status_code == 422
    assert wrong_body.json()["detail"][0]["loc"] == ["body", "Size"]
    assert http.post(SAVE_WIDGET, params={"mode": "Huge"}, json={}).status_code == 422
    not_utf8 = http.post(
        SAVE_WIDGET,
        params={"mode": "Slim"},
        content=b"\x88\xfe",
        headers={"Content-Type": "application/json"},
    )
    assert not_utf8.status_code in (400, 422)  # FastAPI's own 422 handler would answer 500


def test_a_body_in_a_media_type_the_route_does_not_read_gets_415(package: ModuleType) -> None:
    http = client(stub(package))
    as_text = http.post(
        SAVE_WIDGET, params={"mode": "Slim"}, content=b"{}", headers={"Content-Type": "text/plain"}
    )
    assert as_text.status_code == 415
    assert "application/json" in as_text.json()["detail"]
    as_text_json = http.post(
        SAVE_WIDGET, params={"mode": "Slim"}, content=b"{}", headers={"Content-Type": "text/json"}
    )
    assert as_text_json.status_code == 501  # text/json is read as JSON: valid, and not implemented


def test_the_mock_replays_the_documented_sample(package: ModuleType, api: Api) -> None:
    http = client(mock(package))
    for endpoint in api.endpoints():
        sample = endpoint.sample_response
        assert sample is not None
        response = sample_call(endpoint).send(http)
        assert response.status_code == int(sample.start_line.split()[1]), endpoint.operation_id
        if response.status_code == 204:
            assert response.content == b"" and "content-type" not in response.headers
        else:
            assert response.content == sample.body_text.encode()
            documented = [r.media_types for r in endpoint.responses if r.status == "200"][0]
            expected = documented[0] if "application/json" not in documented else "application/json"
            # the sample's own Content-Type, unless it contradicts the documented media types (GetImage)
            assert response.headers["content-type"].split(";")[0] == expected


def test_prefer_picks_another_documented_status(package: ModuleType) -> None:
    http = client(mock(package))
    not_found = http.get(GET_WIDGET, headers={"Prefer": "status=404"})
    assert not_found.status_code == 404
    assert not_found.headers["Preference-Applied"] == "status=404"
    undocumented = http.get(GET_WIDGET, headers={"Prefer": "status=418"})
    assert undocumented.status_code == 200 and "Preference-Applied" not in undocumented.headers


def test_the_mock_still_validates_requests(package: ModuleType) -> None:
    assert client(mock(package)).get("/api/v1/Widget/abc").status_code == 422


def test_fastapis_openapi_has_the_documented_operations_and_statuses(
    package: ModuleType, api: Api
) -> None:
    document = stub(package).openapi()
    operations = {
        op["operationId"]: op for item in document["paths"].values() for op in item.values()
    }
    for endpoint in api.endpoints():
        operation = operations[endpoint.operation_id]
        assert {response.status for response in endpoint.responses} <= set(operation["responses"])
        assert (
            operation["summary"] == endpoint.summary
        )  # doc text, escaped into code, comes back intact
    upload = operations["v1WidgetEntity_SaveImage"]["requestBody"]["content"]
    assert upload["image/png"]["schema"] == {"type": "string", "format": "binary"}
    save = operations["v1WidgetAgent_SaveWidget"]
    assert save["responses"]["400"]["description"] == 'Bad "request" \\ with quotes.'
    assert save["requestBody"]["required"] is True
    get = operations["v1WidgetEntity_GetWidget"]
    assert {p["name"]: p["in"] for p in get["parameters"]} == {
        "widgetId": "path",
        "$select": "query",
        "fk": "query",
        "SO-Language": "header",
    }


def test_samples_are_data_and_never_code(out: Path) -> None:
    source = out / "server" / "src" / PACKAGE
    samples = json.loads((source / "samples.json").read_text())
    assert json.loads(samples["v1WidgetAgent_SaveWidget"]["body"])["Name"] == "Green widget"
    assert not [path for path in source.rglob("*.py") if "Green widget" in path.read_text()]


def run_python(out: Path, code: str) -> str:
    environment = {"PYTHONPATH": str(out / "server" / "src")}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_creating_the_app_loads_no_model(out: Path) -> None:
    code = f"import sys, {PACKAGE}; {PACKAGE}.create_app(); print(sorted(m for m in sys.modules if '.models.' in m))"
    assert run_python(out, code).strip() == f"['{PACKAGE}.models._base']"


def test_the_package_and_an_implementation_pass_mypy_strict(out: Path) -> None:
    source = out / "server" / "src"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "-p",
            PACKAGE,
            "-m",
            "my_widgets",
        ],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout
    wrong = IMPLEMENTATION.replace("widget_id: int", "widget_id: str")
    (source / "wrong_widgets.py").write_text(wrong)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-m", "wrong_widgets"],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "incompatible with supertype" in result.stdout


def test_the_command_serves_the_mock_over_http(out: Path) -> None:
    with serve(out, PACKAGE, "--mock") as server:
        response = httpx.get(server.base_url + GET_WIDGET, headers=AUTHORIZATION, timeout=10)
    assert response.status_code == 200
    assert response.json()["Name"] == "Blue widget"


def test_the_command_serves_an_implementation_over_http(out: Path) -> None:
    with serve(out, PACKAGE, "--implementation", "my_widgets:implementation") as server:
        implemented = httpx.get(server.base_url + GET_WIDGET, headers=AUTHORIZATION, timeout=10)
        unimplemented = httpx.get(
            server.base_url + "/api/v1/Widget/default", headers=AUTHORIZATION, timeout=10
        )
        by_id, negative, by_name, number_like = (
            httpx.get(server.base_url + "/api/v1/Tag/" + segment, headers=AUTHORIZATION, timeout=10)
            for segment in ("123", "-5", "Contact", "12a")
        )
    assert implemented.status_code == 200 and implemented.json()["WidgetId"] == 42
    assert unimplemented.status_code == 501
    # One method on routes told apart by the parameter's type: each handler answers its own.
    assert by_id.json() == {"TagId": 123, "Name": "by id"}
    assert negative.json() == {"TagId": -5, "Name": "by id"}
    assert by_name.json() == {"TagId": 0, "Name": "by name Contact"}
    assert number_like.json() == {"TagId": 0, "Name": "by name 12a"}
