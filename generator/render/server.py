"""The FastAPI server project: an app factory, one router and one handler interface per group, a mock.

Generated code is never edited: each group gets a `Protocol` of typed handler methods (whose defaults raise
NotImplementedError, answered with 501), the team implements it in its own module and passes the
implementations to `create_app`. Route functions are one line of logic each: they hand a call of the
handler method to the shared `Core` (templates/server/package/_core.py.j2), which dispatches, answers 501
or, in mock mode, replays the docs' sample response kept as data in `samples.json`.

Template context (templates/server/):
- `pyproject.toml.j2`: `project` (a ProjectContext)
- `README.md.j2` and the package-wide `package/*.py.j2`, `package/interfaces/__init__.py.j2`,
  `package/routers/__init__.py.j2`: `project`, `groups` (list of GroupContext)
- `package/interfaces/group.py.j2`, `package/routers/group.py.j2`: `project`, `group` (a GroupContext)
Every `str` of a context that comes from doc text reaches code only through `py_str`, `docstring` or
`comment`; names are PythonIdentifier/ClassName values; `ArgumentContext.annotation` and `.marker` are
code built here, their doc text (aliases) escaped with python_string.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from http import HTTPStatus

import jinja2

from generator.model import (
    Api,
    Endpoint,
    Group,
    HttpSample,
    Parameter,
    RequestBody,
    Response,
    TypeRef,
)
from generator.naming import class_name, python_identifier, unique
from generator.render.environment import python_string
from generator.render.models import render_models
from generator.render.python import TypeNames, annotation

# Names a route function's parameters must not take: the router factory's locals the body refers to.
ROUTE_LOCALS = frozenset({"core", "handler", "router", "http_request", "models"})
SUCCESS_DEFAULT = 200
# String literals (Literal[...] values, left alone) or identifiers (perhaps a model class).
_ANNOTATION_TOKEN = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[A-Za-z_][A-Za-z_0-9]*")
LOCATION_MARKERS = {"path": "Path", "query": "Query", "header": "Header"}
# The Starlette path convertor (registered by the server's _core.py) of a signed integer segment.
INTEGER_CONVERTOR = "signed_int"


@dataclass(frozen=True)
class ProjectContext:
    package: str  # the import name of the server package
    distribution: str  # the pip name
    title: str
    version: str


@dataclass(frozen=True)
class ArgumentContext:
    """One argument of an endpoint: a parameter or the request body, as route and handler see it."""

    name: str  # Python name, the same in the route function and the handler method
    annotation: str  # the handler's type: `int`, `str | None`, `list[models.Person]`
    marker: str  # the FastAPI marker of the route parameter: `Query(alias='$select')`, `Body()`
    required: bool


@dataclass(frozen=True)
class StatusContext:
    status: int
    description: str


@dataclass(frozen=True)
class EndpointContext:
    operation_id: str
    name: str  # the handler method and the route function
    method: str  # lower case: the APIRouter decorator
    path: str
    route: str  # the path as the router matches it: parameters matched by type with their convertor
    summary: str
    description: str
    arguments: list[ArgumentContext]
    status_code: int  # of a successful call
    success_description: str
    returns: (
        str  # the handler's and route's return type (FastAPI's response model), `None`: no body
    )
    other_statuses: list[StatusContext]  # the documented statuses other than status_code
    raw_body_media_types: list[
        str
    ]  # a binary request body (read raw, so FastAPI does not document it)

    @property
    def returns_bytes(self) -> bool:
        """A binary success body: sent as it is, not validated as JSON."""
        return self.returns == "bytes"

    @property
    def required_arguments(self) -> list[ArgumentContext]:
        return [argument for argument in self.arguments if argument.required]

    @property
    def optional_arguments(self) -> list[ArgumentContext]:
        return [argument for argument in self.arguments if not argument.required]


@dataclass(frozen=True)
class GroupContext:
    name: str  # the docs' group name, the OpenAPI tag
    module: str  # module of its router and of its interface
    interface: str  # class name of its handler Protocol
    attribute: str  # its field of `Implementation`
    endpoints: list[EndpointContext]


def project_context(api: Api, package: str) -> ProjectContext:
    return ProjectContext(
        package=package,
        distribution=package.replace("_", "-"),
        title=api.title,
        version=api.version,
    )


def group_contexts(api: Api, names: TypeNames) -> list[GroupContext]:
    interfaces = unique(class_name(f"{group.class_name}Handlers") for group in api.groups)
    return [
        group_context(group, interface, names) for group, interface in zip(api.groups, interfaces)
    ]


def group_context(group: Group, interface: str, names: TypeNames) -> GroupContext:
    functions = unique((endpoint.python_name for endpoint in group.endpoints), taken=ROUTE_LOCALS)
    return GroupContext(
        name=group.name,
        module=group.python_name,
        interface=interface,
        attribute=group.python_name,
        endpoints=[
            endpoint_context(endpoint, name, names)
            for endpoint, name in zip(group.endpoints, functions)
        ],
    )


def endpoint_context(endpoint: Endpoint, name: str, names: TypeNames) -> EndpointContext:
    success = success_response(endpoint)
    status_code = int(success.status) if success is not None else SUCCESS_DEFAULT
    returns = success_annotation(success, names)
    return EndpointContext(
        operation_id=endpoint.operation_id,
        name=name,
        method=endpoint.method.lower(),
        path=endpoint.path,
        route=route_path(endpoint),
        summary=endpoint.summary,
        description=endpoint.description,
        arguments=arguments(endpoint, names),
        status_code=status_code,
        success_description=(success.description if success is not None else "")
        or status_phrase(status_code),
        returns=returns,
        other_statuses=[
            StatusContext(
                int(response.status), response.description or status_phrase(int(response.status))
            )
            for response in endpoint.responses
            if response.status.isdigit() and int(response.status) != status_code
        ],
        raw_body_media_types=raw_body_media_types(endpoint.request_body),
    )


def route_path(endpoint: Endpoint) -> str:
    """`/List/{id:signed_int}` where the route matches `id` by type (only an integer there)."""
    path = endpoint.path
    for name in endpoint.typed_parameters:
        path = path.replace("{" + name + "}", "{" + name + ":" + INTEGER_CONVERTOR + "}")
    return path


def success_response(endpoint: Endpoint) -> Response | None:
    """The documented response of a successful call: the one with a body, else 200, else the first 2xx."""
    documented = [response for response in endpoint.responses if response.status.isdigit()]
    with_body = [response for response in documented if response.type is not None]
    successes = [response for response in documented if response.status.startswith("2")]
    ok = [response for response in successes if response.status == "200"]
    return next(iter(with_body or ok or successes), None)


def success_annotation(success: Response | None, names: TypeNames) -> str:
    if success is None or success.type is None:
        return "None"
    return qualified(annotation(success.type, names), names)


def qualified(python_type: str, names: TypeNames) -> str:
    """An annotation with the model classes as attributes of the lazily loading `models` package."""
    classes = set(names.classes.values())

    def spell(match: re.Match[str]) -> str:
        token = match.group(0)
        return f"models.{token}" if token in classes else token

    return _ANNOTATION_TOKEN.sub(spell, python_type)


def arguments(endpoint: Endpoint, names: TypeNames) -> list[ArgumentContext]:
    body = endpoint.request_body
    python_names = unique(
        [parameter.python_name for parameter in endpoint.parameters]
        + ([body.python_name] if body else []),
        taken=ROUTE_LOCALS,
    )
    result = [
        parameter_argument(p, python_identifier(n), names)
        for p, n in zip(endpoint.parameters, python_names)
    ]
    if body is not None:
        result.append(body_argument(body, python_identifier(python_names[-1]), names))
    return result


def parameter_argument(parameter: Parameter, name: str, names: TypeNames) -> ArgumentContext:
    python_type = qualified(annotation(parameter.type, names), names)
    alias = "" if parameter.name == name else f"alias={python_string(parameter.name)}"
    marker = f"{LOCATION_MARKERS[parameter.location]}({alias})"
    if parameter.json_encoded():  # FastAPI takes no object from a query: the core decodes the JSON
        where = f"{python_string(parameter.name)}, {python_string(parameter.location)}"
        marker = f"Depends(Core.json_parameter({where}, {parameter.required}))"
    return ArgumentContext(
        name=name,
        annotation=python_type if parameter.required else f"{python_type} | None",
        marker=marker,
        required=parameter.required,
    )


def body_argument(body: RequestBody, name: str, names: TypeNames) -> ArgumentContext:
    if is_binary(body.type):
        return ArgumentContext(
            name=name, annotation="bytes", marker="Depends(raw_body)", required=True
        )
    return ArgumentContext(
        name=name,
        annotation=qualified(annotation(body.type, names), names),
        marker="Body()",
        required=True,
    )


def raw_body_media_types(body: RequestBody | None) -> list[str]:
    if body is None or not is_binary(body.type):
        return []
    return list(body.media_types) or ["application/octet-stream"]


def is_binary(ref: TypeRef) -> bool:
    return ref.kind == "string" and ref.format == "binary"


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Status {status}"


# ---------------------------------------------------------------------------------------------------
# The mock's data: the documented samples, as JSON (never code)


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
    success = success_response(endpoint)
    entry: dict[str, object] = {"statuses": documented}
    if sample is None or status is None:
        entry["status"] = int(success.status) if success is not None else SUCCESS_DEFAULT
        return entry
    entry.update(
        status=status, headers=[list(header) for header in sample.headers], body=sample.body_text
    )
    return entry


def samples_document(api: Api) -> str:
    """One line per operation, in operation-id order, so a changed doc changes one line."""
    entries = sorted((endpoint.operation_id, mock_entry(endpoint)) for endpoint in api.endpoints())
    lines = [
        f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in entries
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


# ---------------------------------------------------------------------------------------------------
# Files


def render_server(api: Api, environment: jinja2.Environment, package: str) -> dict[str, str]:
    """Files of OUT/server/: the project, its package, the models and the samples."""
    names = TypeNames.of(api)
    project = project_context(api, package)
    groups = group_contexts(api, names)
    root, source = "server", f"server/src/{package}"
    files = {
        f"{root}/pyproject.toml": environment.get_template("server/pyproject.toml.j2").render(
            project=project
        ),
        f"{root}/README.md": environment.get_template("server/README.md.j2").render(
            project=project, groups=groups
        ),
        f"{source}/py.typed": "",
        f"{source}/samples.json": samples_document(api),
    }
    for template in (
        "__init__.py",
        "__main__.py",
        "_core.py",
        "app.py",
        "interfaces/__init__.py",
        "routers/__init__.py",
    ):
        rendered = environment.get_template(f"server/package/{template}.j2").render(
            project=project, groups=groups
        )
        files[f"{source}/{template}"] = rendered
    for group in groups:
        for kind in ("interfaces", "routers"):
            rendered = environment.get_template(f"server/package/{kind}/group.py.j2").render(
                project=project, group=group
            )
            files[f"{source}/{kind}/{group.module}.py"] = rendered
    files.update(
        render_models(api, environment, package=f"{package}.models", folder=f"{source}/models")
    )
    return files
