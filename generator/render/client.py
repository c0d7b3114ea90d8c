"""The Python client: an installable project `client/` with one package, `client/src/<package>/`.

Layout of the package: `models/` (the shared models renderer), `_core.py` (the one request function every
method goes through), `auth.py`, `errors.py`, `_client.py` (`Client`, `AsyncClient`: one lazily imported
attribute per group) and `api/<group>.py` (per group a sync and an async class, one small typed method
per endpoint over a module-level `Operation`). Names and annotations are computed here; templates only
place them, and every doc text goes through the `py_str`/`docstring`/`comment` filters.

Template context (templates/client/):
- `package/api/group.py.j2`: `group` (GroupContext), `methods` (list of MethodContext)
- `package/_client.py.j2`: `groups` (list of GroupContext), `header_defaults` (list of HeaderDefault),
  `example_group`
- `package/__init__.py.j2`: `package`, `title`, `example_group`
- `package/_core.py.j2`, `package/auth.py.j2`, `package/errors.py.j2`, `package/api/__init__.py.j2`: none
- `pyproject.toml.j2`: `distribution`, `version`, `description`, `package`
- `README.md.j2`: `package`, `title`, `version`, counts, `example_group`, `example_method`, `header_defaults`
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from generator.model import Api, Endpoint, Group, NamedType, Parameter, RequestBody, Response, TypeRef
from generator.naming import PythonIdentifier, class_name, unique
from generator.render.models import render_models
from generator.render.python import TypeNames, annotation

MODELS = "_models."
# Attributes of Client/AsyncClient a group attribute must not shadow.
CLIENT_ATTRIBUTES = frozenset({"close", "aclose"})
# Keyword arguments of Client/AsyncClient a default-header argument must not take.
CLIENT_ARGUMENTS = frozenset({"base_url", "auth", "headers", "timeout", "retry", "transport", "http_client"})
STATIC_TEMPLATES = ("_core.py", "auth.py", "errors.py", "api/__init__.py")


@dataclass(frozen=True)
class GroupContext:
    name: str  # the docs' group name (untrusted text)
    attribute: str  # attribute of Client/AsyncClient
    module: str  # module under api/
    class_name: str
    async_class_name: str


@dataclass(frozen=True)
class ArgumentContext:
    name: str  # python name of the argument
    wire_name: str  # name on the wire: query key, header, path parameter, body property
    annotation: str
    default: str | None  # Python source of the default; None: required
    description: str


@dataclass(frozen=True)
class MethodContext:
    name: str
    constant: str  # module-level name of its Operation
    http_method: str
    path: str
    success: list[int]
    returns: str  # return annotation
    returns_runtime: str | None  # the result type as a runtime expression; None: no content
    body_runtime: str | None
    media_type: str
    accept: str | None  # the Accept header when not JSON (a binary result)
    positional: list[ArgumentContext]
    keyword: list[ArgumentContext]
    path_arguments: list[ArgumentContext]
    query_arguments: list[ArgumentContext]
    header_arguments: list[ArgumentContext]
    body_argument: str | None
    body_fields: list[ArgumentContext]  # a body given as keyword arguments, one per property
    docstring: str


@dataclass(frozen=True)
class HeaderDefault:
    name: str  # keyword argument of Client/AsyncClient
    wire_name: str


def group_contexts(api: Api) -> list[GroupContext]:
    attributes = unique((group.python_name for group in api.groups), taken=CLIENT_ATTRIBUTES)
    return [
        GroupContext(
            name=group.name,
            attribute=attribute,
            module=group.python_name,
            class_name=group.class_name,
            async_class_name=class_name(f"Async{group.class_name}"),
        )
        for group, attribute in zip(api.groups, attributes)
    ]


def header_defaults(api: Api) -> list[HeaderDefault]:
    """Every header parameter of any endpoint, once, as a client-wide default."""
    seen: dict[str, PythonIdentifier] = {}
    for endpoint in api.endpoints():
        for parameter in endpoint.parameters_in("header"):
            seen.setdefault(parameter.name, parameter.python_name)
    wires = sorted(seen, key=str.lower)
    names = unique((seen[wire] for wire in wires), taken=CLIENT_ARGUMENTS)
    return [HeaderDefault(name=name, wire_name=wire) for name, wire in zip(names, wires)]


# ---- one endpoint ---------------------------------------------------------------------------------


def success_response(endpoint: Endpoint) -> Response | None:
    return next((r for r in endpoint.responses if r.status.startswith("2") and r.type is not None), None)


def success_statuses(endpoint: Endpoint) -> list[int]:
    return [int(r.status) for r in endpoint.responses if r.status.isdigit() and r.status.startswith("2")]


def result_annotation(endpoint: Endpoint, names: TypeNames) -> tuple[str, str | None]:
    """(return annotation, runtime type expression or None when the operation returns no content)."""
    response = success_response(endpoint)
    if response is None:
        return "None", None
    runtime = annotation(response.type, names, MODELS)
    no_content = any(r.status == "204" for r in endpoint.responses)
    return (f"{runtime} | None" if no_content else runtime), runtime


def binary_accept(endpoint: Endpoint) -> str | None:
    """The media types of a binary result, for the Accept header (JSON results keep the default)."""
    response = success_response(endpoint)
    if response is None or response.type is None or response.type.format != "binary":
        return None
    return ", ".join(response.media_types) or None


def flattened_type(body: RequestBody, api: Api) -> NamedType | None:
    """The named type whose properties become keyword arguments, when the body is one object."""
    if body.type.kind != "ref" or body.type.ref is None:
        return None
    named = api.types.get(body.type.ref)
    return named if named is not None and named.properties else None


def parameter_argument(parameter: Parameter, name: str, names: TypeNames) -> ArgumentContext:
    python_type = annotation(parameter.type, names, MODELS)
    if parameter.required:
        return ArgumentContext(name, parameter.name, python_type, None, parameter.description)
    return ArgumentContext(name, parameter.name, f"{python_type} | None", "None", parameter.description)


def field_argument(prop_name: str, wire_name: str, ref: TypeRef, description: str, names: TypeNames) -> ArgumentContext:
    python_type = annotation(ref, names, MODELS)
    return ArgumentContext(prop_name, wire_name, f"{python_type} | None | _core.Unset", "_core.UNSET", description)


@dataclass(frozen=True)
class Arguments:
    """One method's arguments, by where they go."""

    path: list[ArgumentContext]
    query: list[ArgumentContext]
    header: list[ArgumentContext]
    body: ArgumentContext | None
    fields: list[ArgumentContext]  # a body given as keyword arguments, one per property

    def keyword(self) -> list[ArgumentContext]:
        """After the path arguments: the required ones, then the body, its fields and the optional ones."""
        rest = self.query + self.header
        required = [a for a in rest if a.default is None]
        body = [self.body] if self.body is not None else []
        body_first = required + [a for a in body if a.default is None] + [a for a in body if a.default is not None]
        return body_first + self.fields + [a for a in rest if a.default is not None]


def method_arguments(endpoint: Endpoint, api: Api, names: TypeNames) -> Arguments:
    """Arguments with names unique across parameters, the body and the body's properties."""
    body = endpoint.request_body
    named = flattened_type(body, api) if body is not None else None
    parameters = list(endpoint.parameters)
    properties = list(named.properties) if named is not None else []
    wanted = [p.python_name for p in parameters] + ([body.python_name] if body else []) + [p.python_name for p in properties]
    given = iter(unique(wanted))
    by_location: dict[str, list[ArgumentContext]] = {"path": [], "query": [], "header": []}
    for parameter in parameters:
        by_location[parameter.location].append(parameter_argument(parameter, next(given), names))
    body_argument = body_argument_context(body, next(given), named, names) if body is not None else None
    fields = [field_argument(next(given), p.name, p.type, p.description, names) for p in properties]
    return Arguments(by_location["path"], by_location["query"], by_location["header"], body_argument, fields)


def body_argument_context(body: RequestBody, name: str, named: NamedType | None, names: TypeNames) -> ArgumentContext:
    binary = body.type.kind == "string" and body.type.format == "binary"
    # A binary body may be given as bytes, a path or a file object.
    python_type = "_core.Upload" if binary else annotation(body.type, names, MODELS)
    if named is None:
        return ArgumentContext(name, body.name, python_type, None, body.description)
    listed = ", ".join(prop.name for prop in named.properties)
    text = body.description if body.description and one_line(body.description) != listed else f"The {named.name}"
    description = f"{text.rstrip('.')} (or give its properties as keyword arguments)."
    return ArgumentContext(name, body.name, f"{python_type} | None", "None", description)


def method_context(endpoint: Endpoint, constant: str, api: Api, names: TypeNames) -> MethodContext:
    arguments = method_arguments(endpoint, api, names)
    body = endpoint.request_body
    returns, returns_runtime = result_annotation(endpoint, names)
    return MethodContext(
        name=endpoint.python_name,
        constant=constant,
        http_method=endpoint.method,
        path=endpoint.path,
        success=success_statuses(endpoint),
        returns=returns,
        returns_runtime=returns_runtime,
        body_runtime=annotation(body.type, names, MODELS) if body is not None else None,
        media_type=body.media_types[0] if body is not None and body.media_types else "application/json",
        accept=binary_accept(endpoint),
        positional=arguments.path,
        keyword=arguments.keyword(),
        path_arguments=arguments.path,
        query_arguments=arguments.query,
        header_arguments=arguments.header,
        body_argument=arguments.body.name if arguments.body is not None else None,
        body_fields=arguments.fields,
        docstring=method_docstring(endpoint, arguments.path + arguments.keyword(), returns),
    )


def method_docstring(endpoint: Endpoint, arguments: list[ArgumentContext], returns: str) -> str:
    """Summary, description, notes, then an Args section; untrusted text, escaped by the template."""
    head = "\n\n".join(filter(None, [endpoint.summary, endpoint.description, *endpoint.notes]))
    lines = [head or f"{endpoint.method} {endpoint.path}", "", f"`{endpoint.method} {endpoint.path}`"]
    if arguments:
        lines += ["", "Args:"]
        lines += [f"    {a.name}: {one_line(a.description) or a.wire_name}" for a in arguments]
    lines += ["", f"Returns: `{returns.replace(MODELS, '')}`."]
    return "\n".join(lines)


def one_line(text: str) -> str:
    return " ".join(text.split())


def method_contexts(group: Group, api: Api, names: TypeNames) -> list[MethodContext]:
    constants = unique("_" + endpoint.python_name.upper().strip("_") for endpoint in group.endpoints)
    return [method_context(endpoint, constant, api, names) for endpoint, constant in zip(group.endpoints, constants)]


# ---- the project ----------------------------------------------------------------------------------


def render_client(api: Api, environment: jinja2.Environment, package: str) -> dict[str, str]:
    """Files of `client/`: the project, its package (models included) and its README."""
    root = f"client/src/{package}"
    names = TypeNames.of(api)
    groups = group_contexts(api)
    files = render_models(api, environment, f"{package}.models", f"{root}/models")
    files[f"{root}/py.typed"] = ""
    for template in STATIC_TEMPLATES:
        files[f"{root}/{template}"] = environment.get_template(f"client/package/{template}.j2").render()
    group_template = environment.get_template("client/package/api/group.py.j2")
    for group, context in zip(api.groups, groups):
        methods = method_contexts(group, api, names)
        files[f"{root}/api/{context.module}.py"] = group_template.render(group=context, methods=methods)
    files.update(project_files(api, environment, package, groups))
    return files


def project_files(api: Api, environment: jinja2.Environment, package: str, groups: list[GroupContext]) -> dict[str, str]:
    example_group = groups[0].attribute if groups else "group"
    example_method = api.groups[0].endpoints[0].python_name if api.groups and api.groups[0].endpoints else "operation"
    defaults = header_defaults(api)
    common = {"package": package, "title": api.title, "version": api.version, "example_group": example_group}
    root = f"client/src/{package}"
    return {
        f"{root}/__init__.py": environment.get_template("client/package/__init__.py.j2").render(**common),
        f"{root}/_client.py": environment.get_template("client/package/_client.py.j2").render(
            groups=groups, header_defaults=defaults, **common
        ),
        "client/pyproject.toml": environment.get_template("client/pyproject.toml.j2").render(
            distribution=package.replace("_", "-"), description=f"A typed Python client for {api.title}.", **common
        ),
        "client/README.md": environment.get_template("client/README.md.j2").render(
            example_method=example_method,
            header_defaults=defaults,
            endpoint_count=len(api.endpoints()),
            group_count=len(api.groups),
            model_count=len(api.types),
            **common,
        ),
    }
