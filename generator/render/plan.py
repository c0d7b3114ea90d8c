"""The output plan: every file a run writes, as relative path -> text, for the chosen targets."""

from __future__ import annotations

from generator.model import Api
from generator.render.client import render_client
from generator.render.environment import make_environment
from generator.render.jsonschema import render_json_schemas
from generator.render.openapi import render_openapi
from generator.render.server import render_server
from generator.render.typescript import render_typescript
from generator.settings import Settings, Target


def render_schema(api: Api, settings: Settings) -> dict[str, str]:
    return {
        "openapi.json": render_openapi(api, settings.unique_path_templates),
        **render_json_schemas(api),
    }


def render_client_target(api: Api, settings: Settings) -> dict[str, str]:
    return render_client(
        api,
        make_environment(settings.templates),
        settings.package_name,
        settings.server_package_name,
    )


def render_server_target(api: Api, settings: Settings) -> dict[str, str]:
    """The server project, with openapi.json as package data: what it serves, and each operation's
    security schemes, which it enforces (so the two always agree)."""
    package = settings.server_package_name
    files = render_server(api, make_environment(settings.templates), package)
    files[f"server/src/{package}/openapi.json"] = render_openapi(
        api, settings.unique_path_templates
    )
    return files


def render_typescript_target(api: Api, settings: Settings) -> dict[str, str]:
    return render_typescript(api, make_environment(settings.templates), settings.package_name)


def render_plan(api: Api, settings: Settings) -> dict[str, str]:
    """Pure: the same Api and settings always give the same plan."""
    renderers = {
        Target.SCHEMA: render_schema,
        Target.CLIENT: render_client_target,
        Target.SERVER: render_server_target,
        Target.TYPESCRIPT: render_typescript_target,
    }
    plan: dict[str, str] = {}
    for target in settings.targets:
        renderer = renderers.get(target)
        if renderer is not None:
            plan.update(renderer(api, settings))
    return dict(sorted(plan.items()))
