"""Every route of the generated server builds (FastAPI's validators, built lazily on a route's first
request, are forced here for all of them): for the fixture docs and both corpus generations."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from generator.pipeline import load_api
from generator.settings import Settings, Target
from tests.conftest import CORPUS, needs_shared
from tests.e2e.wire import imported, write_plan

FIXTURES = Path(__file__).parent / "docs"


def build_every_route(docs: Path, out: Path, package_name: str) -> tuple[int, list[str]]:
    """(routes built, failures) for the server of the docs, written unformatted (black changes no
    behaviour) into out."""
    settings = Settings(targets=(Target.SERVER,), package_name=package_name)
    api, _ = load_api(docs, settings)
    write_plan(api, out, settings)
    with imported(out / "server" / "src", settings.server_package_name) as package:
        core = importlib.import_module(f"{settings.server_package_name}._core")
        app = package.create_app(mock=True)
        routes = [route for route in app.routes if isinstance(route, core.LazyRoute)]
        failures: list[str] = []
        for route in routes:
            try:
                route.dependant  # the first look at it builds the route
            except Exception as error:  # any failure of FastAPI to build it is the finding
                failures.append(f"{route.path}: {type(error).__name__}: {error}")
    assert len(routes) == len(api.endpoints())
    return len(routes), failures


def test_every_route_of_the_fixture_server_builds(tmp_path: Path) -> None:
    built, failures = build_every_route(FIXTURES, tmp_path, "fixture_routes")
    assert not failures, failures
    assert built >= 9


@needs_shared
@pytest.mark.parametrize("generation", ["g4-2023-02", "g1-2022-12"])
def test_every_route_of_the_corpus_server_builds(generation: str, tmp_path: Path) -> None:
    built, failures = build_every_route(CORPUS / generation, tmp_path, f"routes_{generation[:2]}")
    assert not failures, "\n".join(failures[:20])
    assert built > 1300
