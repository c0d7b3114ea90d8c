"""The output plan: every file a run writes, as relative path -> text, for the chosen targets."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import jinja2

from generator.model import Api, NamedType, referenced_types
from generator.render.client import ClientOutline, group_paths, render_client
from generator.render.client import group_contexts as client_group_contexts
from generator.render.environment import make_environment
from generator.render.jsonschema import render_json_schemas
from generator.render.models import SharedModels
from generator.render.openapi import render_openapi
from generator.render.python import TypeNames
from generator.render.server import render_server
from generator.render.typescript import render_typescript
from generator.settings import Settings, Target


@dataclass(frozen=True)
class Scope:
    """What a run renders. Everything, by default.

    A scoped plan renders only what its changes can reach, and OUT keeps the last run's stand of the
    rest. `groups` names the groups whose endpoints changed or draw on a changed type; `types`
    names the named types that changed (never their names: their set and their Python names are as
    before). The files made from one type alone (models, JSON Schemas) are rendered for `types`
    only, and the other groups' own files (the server's interface and router, the client's module)
    are left out. Everything that draws on every group is rendered. A target with no such split
    (TypeScript) renders whole. `earlier`: the last run's texts of the outputs made of one part per
    operation (the OpenAPI document, the data and contract cases of the client and the server),
    which a plan of these groups patches (render/patching.py: OutOfScope where it cannot), but for
    the OpenAPI document where `openapi_whole` (its schemas of `types` are patched too).

    Two kinds of run scope a plan (pipeline.py):
    - the local path, after local edits of prose, query parameters and property tables' cells
      (generator/resolve/edits.py): `types` names the types those cells changed, the OpenAPI
      document is patched, and `outline`, what the client draws from every endpoint
      (render/client.py, ClientOutline), is given, as the Api holds the endpoints of the scope's
      groups alone (the local path reads no other group: resolve/stored.py);
    - a run that resolved the whole Api and found it differs from the last run's in some groups
      and types only (resolve/stored.py, difference): `of_difference`.
    Both rely on what the built-in templates read: the pipeline scopes no plan with templates of
    its own (an overriding template may read anything of its context).
    """

    groups: frozenset[str] | None = None
    earlier: dict[str, str] = field(default_factory=dict)
    outline: ClientOutline | None = None
    types: frozenset[str] = frozenset()
    openapi_whole: bool = False

    @classmethod
    def of_difference(
        cls, api: Api, groups: frozenset[str], types: frozenset[str], same_routes: bool = False
    ) -> Scope:
        """The scope of changed groups and types of the whole `api` (`of_changes`). The OpenAPI
        document is rendered whole unless the changed groups' operations keep their routes and
        security schemes (resolve/stored.py, Difference): beyond the changed operations and types,
        a change of a method, a path or a security scheme reaches its paths, their order and its
        components."""
        draws = {group.name: group.named_types for group in api.groups}
        return cls.of_changes(groups, types, api.types, draws, openapi_whole=not same_routes)

    @classmethod
    def of_changes(
        cls,
        groups: frozenset[str],
        types: frozenset[str],
        named: Mapping[str, NamedType],
        draws: Mapping[str, Collection[str]],
        outline: ClientOutline | None = None,
        openapi_whole: bool = False,
    ) -> Scope:
        """The scope of changed groups and types: with the groups whose endpoints draw on a changed
        type, or on a type that refers to one, at any depth. `named`: every named type; `draws`:
        the named types each group's endpoints mention themselves (Group.named_types)."""
        reached = _referring(named, types)
        drawing = {group for group, drawn in draws.items() if not reached.isdisjoint(drawn)}
        return cls(groups | drawing, outline=outline, types=types, openapi_whole=openapi_whole)

    @property
    def type_files(self) -> frozenset[str] | None:
        """The types whose own files (models, JSON Schemas) are rendered: all (None), or those
        named."""
        return None if self.groups is None else self.types

    def patched(self, settings: Settings) -> tuple[str, ...]:
        """The outputs of one part per operation, which a scoped plan patches (their `earlier`);
        the OpenAPI document among them unless it is rendered whole."""
        server = f"server/src/{settings.server_package_name}"
        return (
            *(() if self.openapi_whole else ("openapi.json",)),
            "client/tests/samples.json",
            f"{server}/samples.json",
            f"{server}/operations.json",
            "server/tests/samples.json",
            "server/tests/validation.json",
        )

    def claims(self, api: Api, settings: Settings) -> tuple[frozenset[str], tuple[str, ...]]:
        """The outputs a plan of this scope answers for beyond its own files, as paths and folders
        (ending in /): an earlier output there that the plan has not is gone. Every output, when
        everything is rendered (an empty folder name)."""
        if self.groups is None:
            return frozenset(), ("",)
        root = f"client/src/{settings.package_name}"
        owned = [
            group_paths(context, root)
            for context in client_group_contexts(api)
            if context.name in self.groups
        ]
        files = frozenset(module for module, _ in owned)
        return files, (*(folder for _, folder in owned), "typescript/")


def _referring(named_types: Mapping[str, NamedType], types: frozenset[str]) -> frozenset[str]:
    """The types, and every type that refers to one of them, at any depth."""
    if not types:  # a local edit of prose: no type to follow through every type's properties
        return frozenset()
    referrers: dict[str, set[str]] = {}
    for named in named_types.values():
        for prop in named.properties:
            for name in referenced_types(prop.type):
                referrers.setdefault(name, set()).add(named.name)
    found, pending = set(types), list(types)
    while pending:
        for referrer in referrers.get(pending.pop(), ()):
            if referrer not in found:
                found.add(referrer)
                pending.append(referrer)
    return frozenset(found)


@dataclass
class PlanInputs:
    """What every target renders from; the OpenAPI document is rendered once for all of them."""

    api: Api
    settings: Settings
    scope: Scope = Scope()

    @cached_property
    def openapi(self) -> str:
        scope = self.scope
        if scope.openapi_whole:  # from the whole Api
            return render_openapi(self.api, self.settings.unique_path_templates)
        earlier = scope.earlier.get("openapi.json")
        return render_openapi(
            self.api, self.settings.unique_path_templates, scope.groups, earlier, scope.types
        )

    @cached_property
    def environment(self) -> jinja2.Environment:
        return make_environment(self.settings.templates)

    @cached_property
    def names(self) -> TypeNames:
        """The Python names of the named types, the same in the client and the server."""
        return TypeNames.of(self.api)

    @cached_property
    def models(self) -> SharedModels:
        """The client's and the server's models, rendered once when they are the same text; in a
        scoped plan, those of its types alone."""
        return SharedModels(self.api, self.environment, self.names, self.scope.type_files)


def render_schema(inputs: PlanInputs) -> dict[str, str]:
    only = inputs.scope.type_files
    return {"openapi.json": inputs.openapi, **render_json_schemas(inputs.api, only)}


def render_client_target(inputs: PlanInputs) -> dict[str, str]:
    settings = inputs.settings
    return render_client(
        inputs.api,
        inputs.environment,
        settings.package_name,
        settings.server_package_name,
        inputs.models,
        inputs.scope.groups,
        inputs.scope.earlier.get("client/tests/samples.json"),
        inputs.scope.outline,
        inputs.names,
    )


def render_server_target(inputs: PlanInputs) -> dict[str, str]:
    """The server project, with openapi.json as package data: what it serves, and each operation's
    security schemes, which it enforces (so the two always agree)."""
    package = inputs.settings.server_package_name
    scope = inputs.scope
    files = render_server(
        inputs.api,
        inputs.environment,
        package,
        inputs.models,
        scope.groups,
        scope.earlier,
        inputs.names,
    )
    files[f"server/src/{package}/openapi.json"] = inputs.openapi
    return files


def render_typescript_target(inputs: PlanInputs) -> dict[str, str]:
    return render_typescript(inputs.api, inputs.environment, inputs.settings.package_name)


def render_plan(api: Api, settings: Settings, scope: Scope = Scope()) -> dict[str, str]:
    """Pure: the same Api, settings and scope always give the same plan."""
    renderers = {
        Target.SCHEMA: render_schema,
        Target.CLIENT: render_client_target,
        Target.SERVER: render_server_target,
        Target.TYPESCRIPT: render_typescript_target,
    }
    inputs = PlanInputs(api, settings, scope)
    plan: dict[str, str] = {}
    for target in settings.targets:
        renderer = renderers.get(target)
        if renderer is not None:
            plan.update(renderer(inputs))
    return dict(sorted(plan.items()))
