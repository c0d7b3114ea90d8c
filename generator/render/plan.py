"""The output plan: every file a run writes, as relative path -> text, for the chosen targets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import jinja2

from generator.model import Api
from generator.render.client import render_client
from generator.render.environment import make_environment
from generator.render.jsonschema import render_json_schemas
from generator.render.models import SharedModels
from generator.render.openapi import render_openapi
from generator.render.server import render_server
from generator.render.typescript import render_typescript
from generator.settings import Settings, Target


@dataclass
class PlanInputs:
    """What every target renders from; the OpenAPI document is rendered once for all of them."""

    api: Api
    settings: Settings

    @cached_property
    def openapi(self) -> str:
        return render_openapi(self.api, self.settings.unique_path_templates)

    @cached_property
    def environment(self) -> jinja2.Environment:
        return make_environment(self.settings.templates)

    @cached_property
    def models(self) -> SharedModels:
        """The client's and the server's models, rendered once when they are the same text."""
        return SharedModels(self.api, self.environment)


def render_schema(inputs: PlanInputs) -> dict[str, str]:
    return {"openapi.json": inputs.openapi, **render_json_schemas(inputs.api)}


def render_client_target(inputs: PlanInputs) -> dict[str, str]:
    settings = inputs.settings
    return render_client(
        inputs.api,
        inputs.environment,
        settings.package_name,
        settings.server_package_name,
        inputs.models,
    )


def render_server_target(inputs: PlanInputs) -> dict[str, str]:
    """The server project, with openapi.json as package data: what it serves, and each operation's
    security schemes, which it enforces (so the two always agree)."""
    package = inputs.settings.server_package_name
    files = render_server(inputs.api, inputs.environment, package, inputs.models)
    files[f"server/src/{package}/openapi.json"] = inputs.openapi
    return files


def render_typescript_target(inputs: PlanInputs) -> dict[str, str]:
    return render_typescript(inputs.api, inputs.environment, inputs.settings.package_name)


def render_plan(api: Api, settings: Settings) -> dict[str, str]:
    """Pure: the same Api and settings always give the same plan."""
    renderers = {
        Target.SCHEMA: render_schema,
        Target.CLIENT: render_client_target,
        Target.SERVER: render_server_target,
        Target.TYPESCRIPT: render_typescript_target,
    }
    inputs = PlanInputs(api, settings)
    plan: dict[str, str] = {}
    for target in settings.targets:
        renderer = renderers.get(target)
        if renderer is not None:
            plan.update(renderer(inputs))
    return dict(sorted(plan.items()))
