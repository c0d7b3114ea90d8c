"""The output plan: every file a run writes, as relative path -> text, for the chosen targets."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import jinja2

from generator.model import Api, Group, NamedType, referenced_types
from generator.naming import ClassName, PythonIdentifier
from generator.render.client import ClientOutline, group_paths, render_client
from generator.render.client import group_contexts as client_group_contexts
from generator.render.environment import make_environment
from generator.render.jsonschema import render_json_schemas, schema_file_names, schema_files_of
from generator.render.models import SharedModels
from generator.render.openapi import render_openapi
from generator.render.python import TypeNames
from generator.render.server import group_contexts as server_group_contexts
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
    # The plan's Api is whole (a whole resolve): the outputs of one part per operation are made
    # again in its order, of their earlier parts and the scope's, so that parts may come and go
    # (operations added or removed, a contract case gone: render/patching.py).
    reordered: bool = False
    # Where the set of types changed, each type's class name before: the models' index (their
    # package's __init__) is rendered too, and the files of the types gone are the plan's to remove.
    classes_before: Mapping[str, str] | None = None
    # Where the set of groups changed, the groups before (their names, without endpoints): the
    # files of those gone are the plan's to remove.
    groups_before: tuple[Group, ...] | None = None

    @classmethod
    def of_difference(
        cls,
        api: Api,
        groups: frozenset[str],
        types: frozenset[str],
        same_routes: bool = False,
        classes_before: Mapping[str, str] | None = None,
        groups_before: Sequence[tuple[str, str, str]] | None = None,
    ) -> Scope | None:
        """The scope of changed (or new) groups and types of the whole `api` (`of_changes`).
        `classes_before` (type name -> class name), where the set of types changed, and
        `groups_before` (name, Python name, class name), where the set of groups changed: what
        there was before; None where a name a renderer gives a type or a group that is still there
        (render/python.py TypeNames, the client's and the server's group contexts) is not what it
        was. The OpenAPI document is rendered whole unless the changed groups' operations keep
        their routes and security schemes (resolve/stored.py, Difference), and the types are the
        same ones: beyond the changed operations and types, a change of a method, a path or a
        security scheme reaches its paths, their order and its components, and a type added or
        gone its schemas. The outputs of one part per operation are made again in the Api's
        order (`reordered`), so that an operation added or removed, or a contract case gone, is
        followed too."""
        if classes_before is not None and not _type_names_kept(api, classes_before):
            return None
        before = None
        if groups_before is not None:
            before = tuple(
                Group(
                    name=name,
                    python_name=PythonIdentifier(python_name),
                    class_name=ClassName(class_name),
                    endpoints=(),
                )
                for name, python_name, class_name in groups_before
            )
            if not _group_names_kept(api, before):
                return None
        draws = {group.name: group.named_types for group in api.groups}
        # The document's schemas are patched only where the types are the same ones.
        whole = not same_routes or classes_before is not None
        scope = cls.of_changes(groups, types, api.types, draws, openapi_whole=whole)
        return replace(
            scope,
            reordered=True,
            classes_before=classes_before,
            groups_before=before,
        )

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
        files = {module for module, _ in owned}
        folders = [folder for _, folder in owned]
        if self.groups_before is not None:  # the files of the groups gone
            gone = {group.name for group in self.groups_before} - {g.name for g in api.groups}
            before = api.model_copy(update={"groups": self.groups_before})
            for context in client_group_contexts(before):
                if context.name in gone:
                    module, folder = group_paths(context, root)
                    files.add(module)
                    folders.append(folder)
            server = f"server/src/{settings.server_package_name}"
            for server_context in server_group_contexts(before, TypeNames.of(api), frozenset()):
                if server_context.name in gone:
                    files.update(
                        f"{server}/{kind}/{server_context.module}.py"
                        for kind in ("interfaces", "routers")
                    )
        if self.classes_before is not None:  # the files of the types gone
            files.update(_type_files(api, self.classes_before, settings))
        return frozenset(files), (*folders, "typescript/")


def _type_names_kept(api: Api, classes_before: Mapping[str, str]) -> bool:
    """Whether every type of `classes_before` (the types before) that is still there keeps its
    Python names (render/python.py, TypeNames) and its JSON Schema's file name."""
    before, now = TypeNames.of_classes(classes_before), TypeNames.of(api)
    files_before, files_now = schema_files_of(classes_before), schema_file_names(api)
    return all(
        before.classes[name] == now.classes[name]
        and before.modules[name] == now.modules[name]
        and files_before[name] == files_now[name]
        for name in classes_before
        if name in api.types
    )


def _group_names_kept(api: Api, before: tuple[Group, ...]) -> bool:
    """Whether every group of `before` that is still there keeps the names the client and the
    server give it (its attribute, module and classes)."""
    stub = api.model_copy(update={"groups": before})
    names = TypeNames.of(api)

    def client(of: Api) -> dict[str, object]:
        return {context.name: context for context in client_group_contexts(of)}

    def server(of: Api) -> dict[str, object]:
        return {
            context.name: (context.module, context.interface, context.attribute)
            for context in server_group_contexts(of, names, frozenset())
        }

    old_client, new_client = client(stub), client(api)
    old_server, new_server = server(stub), server(api)
    return all(
        old_client[name] == new_client[name] and old_server[name] == new_server[name]
        for name in old_client.keys() & new_client.keys()
    )


def _type_files(api: Api, classes_before: Mapping[str, str], settings: Settings) -> set[str]:
    """The models and JSON Schemas of the types of `classes_before` that are gone from `api`."""
    gone = [name for name in classes_before if name not in api.types]
    if not gone:
        return set()
    modules, schemas = TypeNames.of_classes(classes_before).modules, schema_files_of(classes_before)
    roots = (
        f"client/src/{settings.package_name}/models",
        f"server/src/{settings.server_package_name}/models",
    )
    return {f"{root}/{modules[name]}.py" for root in roots for name in gone} | {
        f"schemas/{schemas[name]}" for name in gone
    }


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
        scope = self.scope
        return SharedModels(
            self.api,
            self.environment,
            self.names,
            scope.type_files,
            scope.classes_before is not None,
        )


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
        inputs.scope.reordered,
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
        scope.reordered,
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
