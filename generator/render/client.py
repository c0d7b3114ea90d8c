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
from generator.naming import PythonIdentifier, class_name, python_identifier, unique
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


@dataclass
class MethodBuilder:
    """Arguments of one endpoint's method: names unique across parameters, body and body fields."""

    endpoint: Endpoint
    api: Api
    names: TypeNames

    def build(self, constant: str) -> MethodContext:
        body = self.endpoint.request_body
        named = flattened_type(body, self.api) if body is not None else None
        parameters = list(self.endpoint.parameters)
        wanted = [p.python_name for p in parameters]
        wanted += [body.python_name] if body is not None else []
        wanted += [prop.python_name for prop in named.properties] if named is not None else []
        taken = iter(unique(wanted))
        arguments = [parameter_argument(p, next(taken), self.names) for p in parameters]
        by_location = {location: [a for p, a in zip(parameters, arguments) if p.location == location] for location in ("path", "query", "header")}
        body_argument, body_fields = None, []
        keyword_body: list[ArgumentContext] = []
        if body is not None:
            body_argument = next(taken)
            keyword_body = [self.body_argument(body, body_argument, named)]
        if named is not None:
            body_fields = [field_argument(next(taken), p.name, p.type, p.description, self.names) for p in named.properties]
        returns, returns_runtime = result_annotation(self.endpoint, self.names)
        keyword = [a for a in arguments if a not in by_location["path"]]
        required = [a for a in keyword if a.default is None] + [a for a in keyword_body if a.default is None]
        optional = [a for a in keyword_body if a.default is not None] + body_fields + [a for a in keyword if a.default is not None]
        return MethodContext(
            name=self.endpoint.python_name,
            constant=constant,
            http_method=self.endpoint.method,
            path=self.endpoint.path,
            success=success_statuses(self.endpoint),
            returns=returns,
            returns_runtime=returns_runtime,
            body_runtime=annotation(body.type, self.names, MODELS) if body is not None else None,
            media_type=body.media_types[0] if body is not None and body.media_types else "application/json",
            positional=by_location["path"],
            keyword=required + optional,
            path_arguments=by_location["path"],
            query_arguments=by_location["query"],
            header_arguments=by_location["header"],
            body_argument=body_argument,
            body_fields=body_fields,
            docstring=method_docstring(self.endpoint, by_location["path"] + required + optional, returns),
        )

    def body_argument(self, body: RequestBody, name: str, named: NamedType | None) -> ArgumentContext:
        python_type = annotation(body.type, self.names, MODELS)
        if named is None:
            return ArgumentContext(name, body.name, python_type, None, body.description)
        listed = ", ".join(prop.name for prop in named.properties)
        text = body.description if body.description and one_line(body.description) != listed else f"The {named.name}"
        description = f"{text.rstrip('.')} (or give its properties as keyword arguments)."
        return ArgumentContext(name, body.name, f"{python_type} | None", "None", description)


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
    return [MethodBuilder(endpoint, api, names).build(constant) for endpoint, constant in zip(group.endpoints, constants)]


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
