"""The generated project: typed (mypy --strict), lazy, deterministic, installable layout."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from generator.model import Api
from generator.pipeline import load_api
from generator.render.client import render_client
from generator.render.environment import make_environment
from generator.settings import Settings
from tests.client.conftest import DOCS, PACKAGE


def fixture_api() -> Api:
    return load_api(DOCS, Settings())[0]


def test_the_generated_package_passes_mypy_strict(fixture_src: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", PACKAGE],
        cwd=fixture_src,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_code_using_the_client_is_type_checked(fixture_src: Path, tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(
        f"from {PACKAGE} import Client\n"
        "widget = Client('http://x').widget_agent.get_widget(widget_id=1)\n"
        "reveal_type(widget)\n"
        "Client('http://x').widget_agent.get_widget(widget_id='one')\n"
        "client = Client('http://x')\n"
        "raw = client.with_raw_response(lambda: client.widget_agent.get_widget(widget_id=1))\n"
        "reveal_type(raw)\n"
        "async def raw_async() -> None:\n"
        f"    from {PACKAGE} import AsyncClient\n"
        "    aclient = AsyncClient('http://x')\n"
        "    reveal_type(await aclient.with_raw_response(lambda: aclient.widget_agent.get_widget(widget_id=1)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(user)],
        cwd=fixture_src,
        capture_output=True,
        text=True,
    )
    assert 'Revealed type is "fixture_api.models.widget.Widget"' in result.stdout
    assert (
        'Argument "widget_id" to "get_widget" of "WidgetAgent" has incompatible type "str"; expected "int"'
        in result.stdout
    )
    raw = 'Revealed type is "fixture_api._core.RawResponse[fixture_api.models.widget.Widget]"'
    assert result.stdout.count(raw) == 2, result.stdout  # sync and async alike


def test_groups_and_models_are_imported_on_first_use(fixture_src: Path) -> None:
    code = (
        f"import sys, {PACKAGE}\n"
        f"client = {PACKAGE}.Client('http://x')\n"
        f"assert '{PACKAGE}.api.widget_agent' not in sys.modules\n"
        "client.widget_agent\n"
        f"assert '{PACKAGE}.api.widget_agent' in sys.modules\n"
        f"assert '{PACKAGE}.models.widget' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=fixture_src, check=True)


def test_the_project_is_installable_and_typed(fixture_out: Path) -> None:
    project = tomllib.loads((fixture_out / "client" / "pyproject.toml").read_text())
    assert project["project"]["name"] == "fixture-api"
    assert any(dependency.startswith("httpx") for dependency in project["project"]["dependencies"])
    assert (fixture_out / "client" / "src" / PACKAGE / "py.typed").is_file()
    assert "client.close_2.delete_close(" in (fixture_out / "client" / "README.md").read_text()


def test_rendering_is_deterministic() -> None:
    first = render_client(fixture_api(), make_environment(), PACKAGE, f"{PACKAGE}_server")
    assert render_client(fixture_api(), make_environment(), PACKAGE, f"{PACKAGE}_server") == first
