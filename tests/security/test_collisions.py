"""Names from docs never collide with what generated code imports or defines.

The fixture docs (collision_docs/) name types `Field`, `Literal`, `Any`, `ApiModel` and `BaseModel`;
groups `Models`, `Core`, `Auth`, `Errors` and `Api` (the package's own modules); parameters `self`,
`request`, `http_request`, `core` and `headers` (locals of generated functions); properties
`model_config`, `model_fields`, `schema`, `json`, `copy`, `dict`, `self`, `Field`, `Literal`, `Any`
(pydantic's reserved attributes and imported names). Generated modules reach what they import through
underscored names no doc name can take, and names are made unique against one reserved set per scope;
this proves the result: both projects pass mypy --strict, every model imports and validates its
sample, the client calls every operation against the mock over HTTP, and the server serves its
/openapi.json.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from generator.pipeline import load_api, run
from generator.settings import Settings, Target
from tests.e2e.wire import imported
from tests.server.serving import RunningServer, serve

DOCS = Path(__file__).parent / "collision_docs"
PACKAGE = "collide_api"
SERVER = f"{PACKAGE}_server"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("collisions") / "out"
    targets = (Target.SCHEMA, Target.CLIENT, Target.SERVER)
    result = run(DOCS, out, Settings(targets=targets, package_name=PACKAGE))
    assert not result.diagnostics, [str(d) for d in result.diagnostics]
    return out


@pytest.fixture(scope="module")
def client_package(out: Path) -> Iterator[ModuleType]:
    with imported(out / "client" / "src", PACKAGE) as package:
        yield package


@pytest.fixture(scope="module")
def mock(out: Path) -> Iterator[RunningServer]:
    with serve(out, SERVER, "--mock") as server:
        yield server


@pytest.mark.parametrize("project", ["client", "server"])
def test_both_projects_pass_mypy_strict(out: Path, project: str) -> None:
    package = PACKAGE if project == "client" else SERVER
    finished = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", package],
        cwd=out / project / "src",
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-4000:]


def test_every_model_imports_and_validates_its_sample(client_package: ModuleType) -> None:
    api, _ = load_api(DOCS, Settings())
    models = importlib.import_module(f"{PACKAGE}.models")
    assert {"Field", "Literal", "Any", "BaseModel"} <= set(dir(models))
    for endpoint in api.endpoints():
        assert endpoint.success is not None and endpoint.success.type is not None
        assert endpoint.sample_response is not None
        model = getattr(models, str(endpoint.success.type.ref).replace("ApiModel", "ApiModel2"))
        parsed = model.model_validate(endpoint.sample_response.body)
        assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == (
            endpoint.sample_response.body
        )
    assert models.ApiModel.__module__.endswith(
        "._base"
    )  # the base keeps its name; the type gave way


def test_the_client_calls_every_operation_against_the_mock(
    client_package: ModuleType, mock: RunningServer
) -> None:
    auth = client_package.BasicAuth("tje0", "Tje0")
    with client_package.Client(mock.base_url, auth=auth, retry=None) as client:
        calls = {
            "models": client.models.get_field,
            "core": client.core.get_literal,
            "auth": client.auth.get_any,
            "errors": client.errors.get_api_model,
            "api": client.api.get_base_model,
        }
        for name, method in calls.items():
            result = method(self_="a", request="b", http_request="c", core="d", headers_2="e")
            assert result.literal_ == "h" and result.any_ == "i", name
            assert result.field_model_config == "a" and result.self_ == "g", name


def test_the_server_serves_its_openapi_document(mock: RunningServer) -> None:
    document = httpx.get(mock.base_url + "/openapi.json", timeout=30)
    assert document.status_code == 200
    assert len(document.json()["paths"]) == 5
