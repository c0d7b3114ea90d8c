"""The FastAPI server project: an app factory, one handler interface and one router per group, a mock.

Generated code is never edited: each group gets a `Protocol` of typed handler methods (whose defaults raise
NotImplementedError, answered with 501), the team implements it in its own module and passes the
implementations to `create_app`. The interface's signatures are the one typed statement of each endpoint:
a router lists its group's routes (`routes.add("METHOD /path", handler)`), and the shared core
(templates/server/package/_core.py.j2) builds each route's FastAPI endpoint from the handler's signature
and from `operations.json`, the package's data of where each parameter goes and what the route answers,
on the route's first request. In mock mode it replays the docs' sample response kept in `samples.json`.

Template context (templates/server/):
- `pyproject.toml.j2`: `project` (a ProjectContext)
- `README.md.j2` and the package-wide `package/*.py.j2`, `package/interfaces/__init__.py.j2`,
  `package/routers/__init__.py.j2`: `project`, `groups` (list of GroupContext)
- `package/interfaces/group.py.j2`, `package/routers/group.py.j2`: `project`, `group` (a GroupContext)
- `tests/conftest.py.j2`, `tests/test_server_contract.py.j2`: `project` (the shipped contract tests;
  their data, `tests/samples.json` and `tests/validation.json`, comes from
  generator/render/python_samples.py)
Every `str` of a context that comes from doc text reaches code only through `py_str`, `docstring` or
`comment`, or as a statement laid out here with its doc text as escaped literals; names are
PythonIdentifier/ClassName values.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus

import jinja2
import orjson

from generator.model import Api, Endpoint, Group, HttpSample, Parameter, RequestBody
from generator.naming import PythonIdentifier, class_name, python_identifier, unique
from generator.render.layout import (
    Fragment,
    call,
    code,
    docstring,
    import_from,
    parameter,
    python_literal,
    signature,
)
from generator.render.models import SharedModels
from generator.render.patching import patched, patched_lines
from generator.render.python import (
    NONE,
    TYPING,
    Import,
    LiteralAliases,
    PyType,
    TypeNames,
    import_lines,
    through_models_package,
)
from generator.render.python_samples import server_samples, validation_samples

# Names a handler's parameters must not take: the endpoint's own request parameter, and `self`.
ROUTE_LOCALS = frozenset({"http_request", "self"})
SUCCESS_DEFAULT = 200
CORE = Import("..", "_core")
MODELS = through_models_package()
# The server project's requirements, and those of its contract tests (`server/tests/`). The client's
# tests run this server as their mock: their extra brings the same requirements.
DEPENDENCIES = ("fastapi>=0.110", "pydantic>=2.11", "uvicorn>=0.29")
TEST_DEPENDENCIES = ("pytest>=8", "httpx>=0.27,<1")
# The contract tests (`server/tests/`); their data is samples.json and validation.json.
TEST_TEMPLATES = ("conftest.py", "test_server_contract.py")
# The Starlette path convertor (registered by the server's _core.py) of a signed integer segment.
INTEGER_CONVERTOR = "signed_int"


@dataclass(frozen=True)
class ProjectContext:
    package: str  # the import name of the server package
    distribution: str  # the pip name
    title: str
    version: str
    dependencies: tuple[str, ...]  # requirements of the project
    test_dependencies: tuple[str, ...]  # requirements of its `[test]` extra


@dataclass(frozen=True)
class EndpointContext:
    operation_id: str
    name: str  # the handler method
    method: str  # upper case
    path: str
    signature: str  # the handler's `async def name(self, *, ...) -> T:`, laid out
    docstring: (
        str  # the handler's docstring statement (its summary; the router names its route), or ""
    )
    route: str  # the router's `routes.add(...)` statement, laid out
    imports: frozenset[Import]
    definitions: frozenset[tuple[str, str]]  # module-level type aliases the signature names

    @property
    def lines(self) -> int:
        return (
            sum(text.count("\n") + 1 for text in (self.signature, self.docstring, self.route)) + 3
        )


@dataclass(frozen=True)
class GroupContext:
    name: str  # the docs' group name, the OpenAPI tag
    module: str  # module of its router and of its interface
    interface: str  # class name of its handler Protocol
    attribute: str  # its field of `Implementation`
    endpoints: list[EndpointContext]
    interface_imports: str  # the interface module's import statements
    router_imports: str
    router_signature: (
        str  # `def router(implementation: ..., mock: bool) -> _core.APIRouter:`, laid out
    )

    @property
    def interface_import(self) -> str:
        """`from .module import Interface as Interface` (the package's re-export), laid out."""
        return import_from(f".{self.module}", [f"{self.interface} as {self.interface}"])


def project_context(api: Api, package: str) -> ProjectContext:
    return ProjectContext(
        package=package,
        distribution=package.replace("_", "-"),
        title=api.title,
        version=api.version,
        dependencies=DEPENDENCIES,
        test_dependencies=TEST_DEPENDENCIES,
    )


def group_contexts(
    api: Api, names: TypeNames, only: frozenset[str] | None = None
) -> list[GroupContext]:
    """Every group's context; `only`: the endpoints of the groups not named are left out (the files
    that draw on every group read their names only)."""
    interfaces = unique(class_name(f"{group.class_name}Handlers") for group in api.groups)
    modules = unique((group.python_name for group in api.groups), fold_case=True)
    return [
        group_context(group, interface, module, names, only is None or group.name in only)
        for group, interface, module in zip(api.groups, interfaces, modules)
    ]


def group_context(
    group: Group, interface: str, module: str, names: TypeNames, whole: bool = True
) -> GroupContext:
    handlers = (
        unique((endpoint.python_name for endpoint in group.endpoints), taken=ROUTE_LOCALS)
        if whole
        else []
    )
    aliases = LiteralAliases()
    endpoints = [
        endpoint_context(endpoint, handler, interface, names, aliases)
        for endpoint, handler in zip(group.endpoints, handlers)
    ]
    imports = {CORE, TYPING}.union(*(endpoint.imports for endpoint in endpoints))
    definitions = sorted(set().union(*(endpoint.definitions for endpoint in endpoints)))
    interface_imports = import_lines(imports) + ([""] if definitions else [])
    interface_imports += [statement for _, statement in definitions]
    router_imports = [CORE.statement(), f"from ..interfaces.{module} import {interface}"]
    return GroupContext(
        name=group.name,
        module=module,
        interface=interface,
        attribute=group.python_name,
        endpoints=endpoints,
        interface_imports="\n".join(interface_imports),
        router_imports="\n".join(router_imports),
        router_signature=code(
            signature(
                "def router",
                [f"implementation: {interface} | None", "mock: bool"],
                " -> _core.APIRouter:",
            )
        ),
    )


def route_path(endpoint: Endpoint) -> str:
    """`/List/{id:signed_int}` where the route matches `id` by type (only an integer there)."""
    path = endpoint.path
    for name in endpoint.typed_parameters:
        path = path.replace("{" + name + "}", "{" + name + ":" + INTEGER_CONVERTOR + "}")
    return path


# ---- one endpoint ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Argument:
    """One handler parameter: a documented parameter or the request body."""

    name: str
    wire_name: str
    location: (
        str  # path, query, header, body, raw (a binary body, as sent), json:query, json:header
    )
    annotation: PyType
    required: bool

    def parameter(self) -> Fragment:
        return parameter(self.name, str(self.annotation), None if self.required else "None")


def arguments(
    endpoint: Endpoint, names: TypeNames, aliases: LiteralAliases | None = None
) -> list[Argument]:
    """The handler's parameters, required ones first, with their annotations."""
    aliases = aliases or LiteralAliases()
    return [
        (
            parameter_argument(item, name, names, aliases)
            if isinstance(item, Parameter)
            else body_argument(item, name, names)
        )
        for item, name in handler_names(endpoint)
    ]


def handler_names(endpoint: Endpoint) -> list[tuple[Parameter | RequestBody, PythonIdentifier]]:
    """Each documented parameter and the body, with its handler parameter name, required ones first:
    the one order both the interface and operations.json take."""
    body = endpoint.request_body
    wanted = [parameter.python_name for parameter in endpoint.parameters]
    python_names = unique(wanted + ([body.python_name] if body else []), taken=ROUTE_LOCALS)
    named: list[tuple[Parameter | RequestBody, PythonIdentifier]] = [
        (parameter, python_identifier(name))
        for parameter, name in zip(endpoint.parameters, python_names)
    ]
    if body is not None:
        named.append((body, python_identifier(python_names[-1])))
    required = [(item, name) for item, name in named if _required(item)]
    return required + [(item, name) for item, name in named if not _required(item)]


def _required(item: Parameter | RequestBody) -> bool:
    return item.required if isinstance(item, Parameter) else True


def location(item: Parameter | RequestBody) -> str:
    """Where the core finds a handler parameter: path, query, header, body, raw (a binary body, as
    sent), json:query, json:header (FastAPI takes no object from a query: the core decodes the JSON of
    such a parameter)."""
    if isinstance(item, Parameter):
        return f"json:{item.location}" if item.json_encoded() else item.location
    return "raw" if item.type.is_binary else "body"


def parameter_argument(
    parameter: Parameter, name: str, names: TypeNames, aliases: LiteralAliases
) -> Argument:
    python_type = names.python_type(parameter.type, MODELS)
    python_type = aliases.spell(python_type, parameter.type.enum, parameter.name)
    annotation = python_type if parameter.required else python_type.or_none()
    return Argument(name, parameter.name, location(parameter), annotation, parameter.required)


def body_argument(body: RequestBody, name: str, names: TypeNames) -> Argument:
    if body.type.is_binary:
        return Argument(name, body.name, location(body), PyType("bytes"), True)
    return Argument(name, body.name, location(body), names.python_type(body.type, MODELS), True)


def result_type(endpoint: Endpoint, names: TypeNames) -> PyType:
    success = endpoint.success
    if success is None or success.type is None:
        return NONE
    return names.python_type(success.type, MODELS)


def endpoint_context(
    endpoint: Endpoint, name: str, interface: str, names: TypeNames, aliases: LiteralAliases
) -> EndpointContext:
    handler_arguments = arguments(endpoint, names, aliases)
    returns = result_type(endpoint, names)
    parameters: list[Fragment] = ["self", *(["*"] if handler_arguments else [])]
    parameters += [argument.parameter() for argument in handler_arguments]
    head = f"async def {name}"
    route = call(
        "routes.add",
        python_literal(f"{endpoint.method} {route_path(endpoint)}"),
        f"{interface}.{name}",
    )
    types = [returns, *(argument.annotation for argument in handler_arguments)]
    return EndpointContext(
        operation_id=endpoint.operation_id,
        name=name,
        method=endpoint.method,
        path=endpoint.path,
        signature=code(signature(head, parameters, f" -> {returns}:"), 1),
        docstring=docstring(endpoint.summary, 2) if endpoint.summary else "",
        route=code(route, 1),
        imports=frozenset().union(*(python_type.imports for python_type in types)),
        definitions=frozenset().union(*(python_type.definitions for python_type in types)),
    )


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Status {status}"


# ---------------------------------------------------------------------------------------------------
# The package's data: where each parameter goes and what each route answers; the mock's samples


def route_entry(endpoint: Endpoint, names: TypeNames) -> dict[str, object]:
    """What the core needs to build a route: parameters by handler name (location, wire name), the
    success status and its description, the other documented statuses, a binary body's media types.
    """
    success = endpoint.success
    status = int(success.status) if success is not None else SUCCESS_DEFAULT
    entry: dict[str, object] = {
        "route": f"{endpoint.method} {route_path(endpoint)}",
        "parameters": {name: [location(item), item.name] for item, name in handler_names(endpoint)},
        "status": status,
        "description": (success.description if success is not None else "")
        or status_phrase(status),
    }
    if endpoint.summary:
        entry["summary"] = endpoint.summary
    others = {
        response.status: response.description or status_phrase(int(response.status))
        for response in endpoint.responses
        if response.status.isdigit() and int(response.status) != status
    }
    if others:
        entry["responses"] = others
    if success is not None and success.type is not None and success.type.is_binary:
        entry["binary_result"] = True
    body = endpoint.request_body
    if body is not None and body.type.is_binary:
        entry["raw_body"] = list(body.media_types) or ["application/octet-stream"]
    return entry


def sample_status(sample: HttpSample) -> int | None:
    parts = sample.start_line.split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def mock_entry(endpoint: Endpoint) -> dict[str, object]:
    """What the mock answers: the sample's status, headers and body text, and the documented statuses."""
    documented = [
        int(response.status) for response in endpoint.responses if response.status.isdigit()
    ]
    sample = endpoint.sample_response
    status = sample_status(sample) if sample is not None else None
    success = endpoint.success
    entry: dict[str, object] = {"statuses": documented}
    if sample is None or status is None:
        entry["status"] = int(success.status) if success is not None else SUCCESS_DEFAULT
        return entry
    entry.update(
        status=status, headers=[list(header) for header in sample.headers], body=sample.body_text
    )
    return entry


def data_document(entries: Sequence[tuple[str, dict[str, object]]]) -> str:
    """One line per operation, in operation-id order, so a changed doc changes one line."""
    lines = [data_line(key, value) for key, value in sorted(entries)]
    return "{\n" + ",\n".join(lines) + "\n}\n"


# ---------------------------------------------------------------------------------------------------
# Files


def render_server(
    api: Api,
    environment: jinja2.Environment,
    package: str,
    models: SharedModels | None = None,
    only: frozenset[str] | None = None,
    earlier: Mapping[str, str] | None = None,
    names: TypeNames | None = None,
    reordered: bool = False,
) -> dict[str, str]:
    """Files of OUT/server/: the project, its package, the models and the package's data. `only`:
    the files of the groups not named are left out, and the entries of the others in the data files
    are taken from `earlier` (path -> the last run's text) where it holds them (render/plan.py,
    Scope); the models are then those `models` renders (none where none is given). `reordered`:
    the Api (whole) gained or lost operations since the last run, and the data files are made again
    in its order."""
    earlier = earlier or {}
    names = names or TypeNames.of(api)
    project = project_context(api, package)
    groups = group_contexts(api, names, only)
    root, source = "server", f"server/src/{package}"
    endpoints = api.endpoints()
    files = {
        f"{root}/pyproject.toml": environment.get_template("server/pyproject.toml.j2").render(
            project=project
        ),
        f"{root}/README.md": environment.get_template("server/README.md.j2").render(
            project=project, groups=groups
        ),
        f"{source}/py.typed": "",
        f"{source}/samples.json": scoped_data(
            f"{source}/samples.json", endpoints, mock_entry, only, earlier, reordered
        ),
        f"{source}/operations.json": scoped_data(
            f"{source}/operations.json",
            endpoints,
            lambda endpoint: route_entry(endpoint, names),
            only,
            earlier,
            reordered,
        ),
    }
    for template in (
        "__init__.py",
        "__main__.py",
        "_core.py",
        "interfaces/__init__.py",
        "routers/__init__.py",
    ):
        rendered = environment.get_template(f"server/package/{template}.j2").render(
            project=project, groups=groups
        )
        files[f"{source}/{template}"] = rendered
    files[f"{source}/app.py"] = environment.get_template("server/package/app.py.j2").render(
        project=project, groups=groups, routers_import=routers_import(groups)
    )
    for group in groups:
        if only is not None and group.name not in only:
            continue
        for kind in ("interfaces", "routers"):
            rendered = environment.get_template(f"server/package/{kind}/group.py.j2").render(
                project=project, group=group
            )
            files[f"{source}/{kind}/{group.module}.py"] = rendered
    if models is None and only is None:
        models = SharedModels(api, environment)
    if models is not None:  # in a scoped plan, the models of its changed types (render/plan.py)
        files.update(models.files(f"{package}.models", f"{source}/models"))
    for template in TEST_TEMPLATES:
        rendered = environment.get_template(f"server/tests/{template}.j2").render(project=project)
        files[f"{root}/tests/{template}"] = rendered
    for name, samples in (("samples", server_samples), ("validation", validation_samples)):
        path = f"{root}/tests/{name}.json"
        files[path] = samples(api, only, earlier.get(path), path, reordered)
    return files


def scoped_data(
    path: str,
    endpoints: Sequence[Endpoint],
    entry: Callable[[Endpoint], dict[str, object]],
    only: frozenset[str] | None,
    earlier: Mapping[str, str],
    reordered: bool = False,
) -> str:
    """A data_document of every endpoint's entry; `only`: the entries of the groups not named are
    taken from the last run's text of `path` (render/plan.py, Scope; OutOfScope where it cannot
    be patched); `reordered`: `endpoints` are every endpoint, some of them new or gone since."""
    if only is not None:
        chosen = [e for e in endpoints if e.group in only]
        fresh = {e.operation_id: entry(e) for e in chosen}
        order: dict[object, int] | None = None
        if reordered:
            order = {
                key: place for place, key in enumerate(sorted(e.operation_id for e in endpoints))
            }
        made = {e.operation_id for e in chosen}
        return patched(path, earlier.get(path), lambda text: patched_data(text, fresh, order, made))
    return data_document([(endpoint.operation_id, entry(endpoint)) for endpoint in endpoints])


def patched_data(
    earlier: str,
    fresh: Mapping[str, dict[str, object]],
    order: Mapping[object, int] | None = None,
    made: Collection[object] = (),
) -> str | None:
    """A data_document with the entries of `fresh` replaced in place; None unless `earlier` is one
    holding each of them. `order`, `made`: as for patched_lines (entries that come and go)."""
    lines: dict[object, str] = {key: data_line(key, value) for key, value in fresh.items()}
    return patched_lines(earlier, data_document([]), ("{", "}"), lines, _data_key, made, order)


def _data_key(line: str) -> object:
    """The key of a data_document's line."""
    return next(iter(orjson.loads("{" + line + "}")))


def data_line(key: str, value: dict[str, object]) -> str:
    return f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"


def routers_import(groups: list[GroupContext]) -> str:
    """`from .routers import a as _a, ...`, laid out: underscored, so that no module a group is named
    after shadows a name of `create_app` (`auth`)."""
    modules = [f"{group.module} as _{group.module}" for group in groups]
    return import_from(".routers", modules) if modules else ""
