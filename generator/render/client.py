"""The Python client: an installable project `client/` with one package, `client/src/<package>/`.

Layout of the package: `models/` (the shared models renderer), `_core.py` (the one request function every
method goes through, and the `Headers` every call may override), `auth.py`, `errors.py`, `_client.py`
(`Client`, `AsyncClient`: one lazily imported attribute per group) and `api/<group>.py` (per group a sync
and an async class, one small typed method per endpoint over a module-level `Operation`; a group too big
for one module becomes a package `api/<group>/` whose part modules the classes combine). Names, types and
the layout of every statement are computed here (generator/render/layout.py, black's shape); templates
only place them, and every doc text goes through the escaping filters.

A body is given as its model. A small request carrier - a type of at most CARRIER_PROPERTIES properties
that the API uses only as a request body - may also be given as keyword arguments, one per property.

Template context (templates/client/):
- `package/api/group.py.j2`: `group` (GroupContext), `methods` (list of MethodContext), `imports` (text)
- `package/api/parts.py.j2`: `group` (GroupContext), `parts` (list of GroupContext), `sync_class` and
  `async_class` (the class statements, laid out)
- `package/_client.py.j2`: `groups` (list of GroupContext), `header_defaults` (list of HeaderDefault),
  `example_group`
- `package/_core.py.j2`: `header_defaults`
- `package/__init__.py.j2`: `package`, `title`, `example_group`
- `package/auth.py.j2`, `package/errors.py.j2`, `package/api/__init__.py.j2`: none
- `pyproject.toml.j2`: `distribution`, `version`, `description`, `package`, `test_dependencies`
- `tests/conftest.py.j2`, `tests/test_client_contract.py.j2`: `package`, `server_package` (the shipped
  contract tests; their data, `tests/samples.json`, comes from generator/render/python_samples.py)
- `README.md.j2`: `package`, `title`, `version`, counts, `example_group`, `example_method`, `header_defaults`,
  `server_package`
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import jinja2
from pydantic import JsonValue, TypeAdapter

from generator.model import (
    Api,
    Endpoint,
    Group,
    NamedType,
    Parameter,
    RequestBody,
    TypeRef,
    referenced_types,
)
from generator.naming import PythonIdentifier, class_name, unique
from generator.render import layout, server
from generator.render.layout import (
    Bracketed,
    Fragment,
    assignment,
    call,
    code,
    collection,
    docstring,
    fits,
    import_from,
    python_literal,
    signature,
    wrap,
)
from generator.render.models import SharedModels
from generator.render.patching import patched
from generator.render.python import (
    NONE,
    Import,
    LiteralAliases,
    PyType,
    TypeNames,
    import_lines,
    through_models_package,
)
from generator.render.python_samples import (
    client_cases,
    client_operation,
    document,
    operation_order,
    patched_cases,
)

# Attributes of Client/AsyncClient a group attribute must not shadow.
CLIENT_ATTRIBUTES = frozenset({"close", "aclose"})
# The classes of `_client.py`, which a group class must not take.
CLIENT_CLASSES = frozenset({"Client", "AsyncClient"})
# Keyword arguments of Client/AsyncClient a default-header argument must not take.
CLIENT_ARGUMENTS = frozenset(
    {"base_url", "auth", "headers", "timeout", "retry", "transport", "http_client"}
)
# Names every method has: the per-call header overrides.
METHOD_ARGUMENTS = frozenset({"self", "headers"})
STATIC_TEMPLATES = ("auth.py", "errors.py", "api/__init__.py")
# The contract tests (`client/tests/`): rendered with the package names; their data is samples.json.
TEST_TEMPLATES = ("conftest.py", "test_client_contract.py")
# The `[test]` extra: pytest, and what the tests run the server project's mock with.
TEST_DEPENDENCIES = ("pytest>=8", *server.DEPENDENCIES)
CARRIER_PROPERTIES = 5
# A group module longer than this is split into parts of at most PART_LINES lines.
MODULE_LINES = 4000
CORE = Import("..", "_core")
MODELS = through_models_package()
UNSET = PyType("_core.Unset", frozenset({CORE}))
HEADERS = PyType("_core.Headers", frozenset({CORE}))
UPLOAD = PyType("_core.Upload", frozenset({CORE}))


@dataclass(frozen=True)
class GroupContext:
    name: str  # the docs' group name (untrusted text)
    attribute: str  # attribute of Client/AsyncClient
    module: str  # module (or package) under api/
    class_name: str
    async_class_name: str
    sync_base: str = "_core.SyncGroup"  # the classes' bases (a part's classes, for a split group)
    async_base: str = "_core.AsyncGroup"
    part: int = 0  # 1, 2, ... for the part modules of a split group

    def statement(self, which: str) -> str:
        """A statement of `_client.py` about this group, laid out: `type_checking` (the import of both
        classes for type checkers), `sync_property`/`async_property` (the attribute's `def` line),
        `sync_import`/`async_import` (the import in its body)."""
        module = f".api.{self.module}"
        if which == "type_checking":
            return import_from(module, [self.class_name, self.async_class_name], 1)
        if which.endswith("_import"):
            return import_from(
                module, [self.class_name if which == "sync_import" else self.async_class_name], 2
            )
        returns = self.class_name if which == "sync_property" else self.async_class_name
        return code(signature(f"def {self.attribute}", ["self"], f" -> {returns}:"), 1)


@dataclass(frozen=True)
class ArgumentContext:
    name: str  # python name of the argument
    wire_name: str  # name on the wire: query key, header, path parameter, body property
    annotation: PyType
    default: str | None  # Python source of the default; None: required
    description: str

    def parameter(self) -> Fragment:
        return layout.parameter(self.name, str(self.annotation), self.default)


@dataclass(frozen=True)
class MethodContext:
    name: str
    constant: str  # module-level name of its Operation
    http_method: str
    path: str
    returns: PyType  # the return annotation
    returns_runtime: str | None  # the result type as a runtime expression; None: no content
    body_runtime: str | None
    path_arguments: list[ArgumentContext]
    query_arguments: list[ArgumentContext]
    header_arguments: list[ArgumentContext]
    body_argument: str | None
    body_fields: list[ArgumentContext]  # a carrier body given as keyword arguments
    operation: str  # the Operation constant's statement, laid out
    sync_signature: str  # `def name(...) -> T:`, laid out at method depth
    async_signature: str
    sync_call: str  # `return self._core.call(...)`, laid out at body depth
    async_call: str
    docstring: str  # the sync method's docstring statement (summary, description, route, Args)
    async_docstring: str  # the async one's: the summary

    imports: frozenset[Import]  # what its statements need
    definitions: frozenset[tuple[str, str]]  # the module-level type aliases they name

    @property
    def lines(self) -> int:
        texts = [self.operation, self.sync_signature, self.async_signature, self.sync_call]
        texts += [self.async_call, self.docstring, self.async_docstring]
        return sum(text.count("\n") + 1 for text in texts) + 2


@dataclass(frozen=True)
class HeaderDefault:
    name: str  # keyword argument of Client/AsyncClient
    wire_name: str


def group_contexts(api: Api) -> list[GroupContext]:
    attributes = unique((group.python_name for group in api.groups), taken=CLIENT_ATTRIBUTES)
    modules = unique((group.python_name for group in api.groups), fold_case=True)
    classes = unique((group.class_name for group in api.groups), taken=CLIENT_CLASSES)
    async_classes = unique(
        (class_name(f"Async{name}") for name in classes), taken={*classes, *CLIENT_CLASSES}
    )
    return [
        GroupContext(
            name=group.name,
            attribute=attribute,
            module=module,
            class_name=sync_class,
            async_class_name=async_class,
        )
        for group, attribute, module, sync_class, async_class in zip(
            api.groups, attributes, modules, classes, async_classes
        )
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


def result_type(endpoint: Endpoint, names: TypeNames) -> tuple[PyType, PyType | None]:
    """(return annotation, the result type or None when the operation returns no content)."""
    success = endpoint.success
    if success is None or success.type is None:
        return NONE, None
    runtime = names.python_type(success.type, MODELS)
    return (runtime.or_none() if endpoint.no_content else runtime), runtime


def carrier_types(api: Api) -> frozenset[str]:
    """Named types small enough, and used only as request bodies, to be given as keyword arguments."""
    elsewhere: set[str] = set()
    for named in api.types.values():
        for prop in named.properties:
            elsewhere |= referenced_types(prop.type)
    for endpoint in api.endpoints():
        for response in endpoint.responses:
            elsewhere |= referenced_types(response.type)
    bodies = {
        endpoint.request_body.type.ref
        for endpoint in api.endpoints()
        if endpoint.request_body is not None and endpoint.request_body.type.kind == "ref"
    }
    return frozenset(
        name
        for name in bodies - elsewhere
        if name is not None
        and name in api.types
        and 0 < len(api.types[name].properties) <= CARRIER_PROPERTIES
    )


@dataclass(frozen=True)
class ClientOutline:
    """What the client draws from every endpoint of the API, decided here once. The cache keeps it
    with the Api (resolve/stored.py), so that a plan in scope of some groups (render/plan.py, Scope)
    needs no other group's endpoints."""

    header_defaults: tuple[HeaderDefault, ...]
    carriers: tuple[str, ...]  # sorted
    endpoint_count: int
    example_method: str  # the first operation's method, for the README

    def to_json(self) -> JsonValue:
        data: JsonValue = _outline().dump_python(self, mode="json")
        return data

    @classmethod
    def from_json(cls, data: JsonValue) -> ClientOutline:
        """Raises ValueError (pydantic's ValidationError) where the data is not an outline's."""
        return _outline().validate_python(data)


@cache
def _outline() -> TypeAdapter[ClientOutline]:
    return TypeAdapter(ClientOutline)


def client_outline(api: Api) -> ClientOutline:
    first = api.groups[0].endpoints[0] if api.groups and api.groups[0].endpoints else None
    return ClientOutline(
        header_defaults=tuple(header_defaults(api)),
        carriers=tuple(sorted(carrier_types(api))),
        endpoint_count=len(api.endpoints()),
        example_method=first.python_name if first is not None else "operation",
    )


def argument_type(ref: TypeRef, used_as: str, names: TypeNames, aliases: LiteralAliases) -> PyType:
    return aliases.spell(names.python_type(ref, MODELS), ref.enum, used_as)


def parameter_argument(
    parameter: Parameter, name: str, names: TypeNames, aliases: LiteralAliases
) -> ArgumentContext:
    python_type = argument_type(parameter.type, parameter.name, names, aliases)
    if parameter.required:
        return ArgumentContext(name, parameter.name, python_type, None, parameter.description)
    return ArgumentContext(
        name, parameter.name, python_type.or_none(), "None", parameter.description
    )


@dataclass(frozen=True)
class Arguments:
    """One method's arguments, by where they go."""

    path: list[ArgumentContext]
    query: list[ArgumentContext]
    header: list[ArgumentContext]
    body: ArgumentContext | None
    fields: list[ArgumentContext]  # a carrier body given as keyword arguments, one per property

    def keyword(self) -> list[ArgumentContext]:
        """After the path arguments: the required ones, the body, its fields, then the optional ones."""
        rest = self.query + self.header
        required = [a for a in rest if a.default is None]
        body = [self.body] if self.body is not None else []
        return required + body + self.fields + [a for a in rest if a.default is not None]


def method_arguments(
    endpoint: Endpoint,
    api: Api,
    names: TypeNames,
    carriers: frozenset[str],
    aliases: LiteralAliases,
) -> Arguments:
    """Arguments with names unique across parameters, the body and the body's properties."""
    body = endpoint.request_body
    named = carrier_of(body, api, carriers)
    parameters = list(endpoint.parameters)
    properties = list(named.properties) if named is not None else []
    wanted = [p.python_name for p in parameters] + ([body.python_name] if body else [])
    given = iter(unique(wanted + [p.python_name for p in properties], taken=METHOD_ARGUMENTS))
    by_location: dict[str, list[ArgumentContext]] = {"path": [], "query": [], "header": []}
    for parameter in parameters:
        argument = parameter_argument(parameter, next(given), names, aliases)
        # An optional header is a client default that `headers=` overrides, not an argument.
        if parameter.location != "header" or parameter.required:
            by_location[parameter.location].append(argument)
    body_argument = None
    if body is not None:
        body_argument = body_argument_context(body, next(given), named, names)
    fields = [
        ArgumentContext(
            next(given),
            prop.name,
            argument_type(prop.type, prop.name, names, aliases).or_none().union(UNSET),
            "_core.UNSET",
            prop.description,
        )
        for prop in properties
    ]
    return Arguments(
        by_location["path"], by_location["query"], by_location["header"], body_argument, fields
    )


def carrier_of(body: RequestBody | None, api: Api, carriers: frozenset[str]) -> NamedType | None:
    if body is None or body.type.kind != "ref" or body.type.ref not in carriers:
        return None
    return api.types[body.type.ref]


def body_argument_context(
    body: RequestBody, name: str, named: NamedType | None, names: TypeNames
) -> ArgumentContext:
    # A binary body may be given as bytes, a path or a file object.
    python_type = UPLOAD if body.type.is_binary else names.python_type(body.type, MODELS)
    if named is None:
        return ArgumentContext(name, body.name, python_type, None, body.description)
    description = "The body; or give its properties as keyword arguments (those given win)."
    if body.description and one_line(body.description) != ", ".join(
        p.name for p in named.properties
    ):
        description = f"{body.description.rstrip('.')}. {description}"
    return ArgumentContext(name, body.name, python_type.or_none(), "None", description)


def operation_statement(
    endpoint: Endpoint, constant: str, returns: PyType, result: PyType | None, body: PyType | None
) -> str:
    success = ", ".join(str(status) for status in endpoint.success_statuses)
    items: list[Fragment] = [
        python_literal(endpoint.method),
        python_literal(endpoint.path),
        f"({success},)" if len(endpoint.success_statuses) == 1 else f"({success})",
    ]
    if result is not None:
        items.append(f"returns=lambda: {result}")
    accept = endpoint.binary_accept
    if accept is not None:
        items.append(f"accept={python_literal(accept)}")
    if body is not None and endpoint.request_body is not None:
        items.append(f"body=lambda: {body}")
        media_types = endpoint.request_body.media_types
        if media_types and media_types[0] != "application/json":
            items.append(f"media_type={python_literal(media_types[0])}")
    target = f"{constant}: _core.Operation[{returns}]"
    if fits(f"{target} = _core.Operation(", 0):
        return code(assignment(target, call("_core.Operation", *items)))
    # Declared apart from its value: one line too long to split well.
    declaration = Bracketed(
        f"{constant}: _core.Operation", [str(returns)], kind="subscript", brackets="[]"
    )
    return code(declaration) + "\n" + code(assignment(constant, call("_core.Operation", *items)))


def mapping(arguments: Sequence[ArgumentContext]) -> Fragment:
    return collection("", [f"{python_literal(a.wire_name)}: {a.name}" for a in arguments], "{}")


def call_statement(method: str, constant: str, arguments: Arguments, is_async: bool) -> str:
    items: list[Fragment] = [constant]
    if arguments.path:
        items.append(collection("path=", [_pair(a) for a in arguments.path], "{}"))
    if arguments.query:
        items.append(collection("query=", [_pair(a) for a in arguments.query], "{}"))
    if arguments.header:
        items.append(collection("header=", [_pair(a) for a in arguments.header], "{}"))
    if arguments.body is not None and arguments.fields:
        fields = collection("", [_pair(a) for a in arguments.fields], "{}")
        items.append(call("body=_core.fields", arguments.body.name, fields))
    elif arguments.body is not None:
        items.append(f"body={arguments.body.name}")
    items.append("headers=headers")
    prefix = "return await self._core." if is_async else "return self._core."
    return code(call(prefix + method, *items), 2)


def _pair(argument: ArgumentContext) -> str:
    return f"{python_literal(argument.wire_name)}: {argument.name}"


def method_signature(
    name: str,
    positional: list[ArgumentContext],
    keyword: list[ArgumentContext],
    returns: PyType,
    is_async: bool,
) -> str:
    parameters: list[Fragment] = ["self", *(a.parameter() for a in positional), "*"]
    parameters += [a.parameter() for a in keyword]
    parameters.append(f"headers: {HEADERS} | None = None")
    head = f"async def {name}" if is_async else f"def {name}"
    return code(signature(head, parameters, f" -> {returns}:"), 1)


def method_docstring(endpoint: Endpoint, arguments: list[ArgumentContext]) -> str:
    """Summary, description and notes, the route, then the arguments whose description says more
    than their name; untrusted text, escaped by `docstring`."""
    head = "\n\n".join(filter(None, [endpoint.summary, endpoint.description, *endpoint.notes]))
    lines = [
        head or f"{endpoint.method} {endpoint.path}",
        "",
        f"`{endpoint.method} {endpoint.path}`",
    ]
    described = [a for a in arguments if says_more(a)]
    if described:
        lines += ["", "Args:"]
        for argument in described:
            first, *rest = wrap(f"{argument.name}: {one_line(argument.description)}", 100 - 16)
            lines += [f"    {first}"] + [f"        {piece}" for piece in rest]
    return docstring("\n".join(lines), 2)


def says_more(argument: ArgumentContext) -> bool:
    """Whether an argument's description says more than its names do."""
    text = one_line(argument.description).rstrip(".").lower()
    return bool(text) and text not in {argument.name.lower(), argument.wire_name.lower()}


def one_line(text: str) -> str:
    """The text on one line: ASCII whitespace folded (other line separators are doc text, escaped)."""
    return " ".join(re.split(r"[ \t\n\r\f\v]+", text.strip(" \t\n\r\f\v")))


def method_context(
    endpoint: Endpoint,
    constant: str,
    api: Api,
    names: TypeNames,
    carriers: frozenset[str],
    aliases: LiteralAliases,
) -> MethodContext:
    arguments = method_arguments(endpoint, api, names, carriers, aliases)
    body = endpoint.request_body
    returns, result = result_type(endpoint, names)
    body_type = names.python_type(body.type, MODELS) if body is not None else None
    keyword = arguments.keyword()
    name = endpoint.python_name
    summary = endpoint.summary or f"{endpoint.method} {endpoint.path}"
    types = [returns, *(a.annotation for a in arguments.path + keyword)]
    types += [body_type] if body_type is not None else []
    return MethodContext(
        name=name,
        constant=constant,
        http_method=endpoint.method,
        path=endpoint.path,
        returns=returns,
        returns_runtime=str(result) if result is not None else None,
        body_runtime=str(body_type) if body_type is not None else None,
        path_arguments=arguments.path,
        query_arguments=arguments.query,
        header_arguments=arguments.header,
        body_argument=arguments.body.name if arguments.body is not None else None,
        body_fields=arguments.fields,
        operation=operation_statement(endpoint, constant, returns, result, body_type),
        sync_signature=method_signature(name, arguments.path, keyword, returns, False),
        async_signature=method_signature(name, arguments.path, keyword, returns, True),
        sync_call=call_statement("call", constant, arguments, False),
        async_call=call_statement("call", constant, arguments, True),
        docstring=method_docstring(endpoint, arguments.path + keyword),
        async_docstring=docstring(summary, 2),
        imports=frozenset({CORE}).union(*(python_type.imports for python_type in types)),
        definitions=frozenset().union(*(python_type.definitions for python_type in types)),
    )


def method_contexts(
    group: Group, api: Api, names: TypeNames, carriers: frozenset[str] | None = None
) -> list[MethodContext]:
    carriers = carrier_types(api) if carriers is None else carriers
    constants = unique(
        "_" + endpoint.python_name.upper().strip("_") for endpoint in group.endpoints
    )
    aliases = LiteralAliases()
    return [
        method_context(endpoint, constant, api, names, carriers, aliases)
        for endpoint, constant in zip(group.endpoints, constants)
    ]


# ---- the project ----------------------------------------------------------------------------------


def module_imports(methods: Sequence[MethodContext], nested: bool = False) -> str:
    """The module's imports, then the type aliases its methods name. `nested`: the module is a part of
    a group's package (`api/<group>/_part1.py`), one level deeper."""
    imports = {CORE}.union(*(method.imports for method in methods))
    if nested:
        imports = {
            replace(i, module="." + i.module) if i.module.startswith("..") else i for i in imports
        }
    lines = import_lines(imports)
    definitions = sorted(set().union(*(method.definitions for method in methods)))
    return "\n".join(
        lines + ([""] if definitions else []) + [statement for _, statement in definitions]
    )


def split(methods: list[MethodContext]) -> list[list[MethodContext]]:
    """The methods in consecutive parts of at most MODULE_LINES lines each (one part if they fit)."""
    parts: list[list[MethodContext]] = [[]]
    lines = 0
    for method in methods:
        if parts[-1] and lines + method.lines > MODULE_LINES:
            parts.append([])
            lines = 0
        parts[-1].append(method)
        lines += method.lines
    return parts


def render_group(
    context: GroupContext, methods: list[MethodContext], environment: jinja2.Environment, root: str
) -> dict[str, str]:
    template = environment.get_template("client/package/api/group.py.j2")
    parts = split(methods)
    if len(parts) == 1:
        text = template.render(group=context, methods=methods, imports=module_imports(methods))
        return {f"{root}/api/{context.module}.py": text}
    files: dict[str, str] = {}
    part_contexts = []
    for number, part in enumerate(parts, start=1):
        part_context = replace(
            context,
            class_name=f"_{context.class_name}{number}",
            async_class_name=f"_{context.async_class_name}{number}",
            part=number,
        )
        part_contexts.append(part_context)
        path = f"{root}/api/{context.module}/_part{number}.py"
        imports = module_imports(part, nested=True)
        files[path] = template.render(group=part_context, methods=part, imports=imports)
    parts_template = environment.get_template("client/package/api/parts.py.j2")
    files[f"{root}/api/{context.module}/__init__.py"] = parts_template.render(
        group=context,
        parts=part_contexts,
        sync_class=code(
            call(f"class {context.class_name}", *[p.class_name for p in part_contexts], tail=":")
        ),
        async_class=code(
            call(
                f"class {context.async_class_name}",
                *[p.async_class_name for p in part_contexts],
                tail=":",
            )
        ),
    )
    return files


def group_paths(context: GroupContext, root: str) -> tuple[str, str]:
    """The group's module, and the folder of its parts (render_group writes one or the other)."""
    return f"{root}/api/{context.module}.py", f"{root}/api/{context.module}/"


def method_modules(context: GroupContext, methods: list[MethodContext]) -> list[str]:
    """The module (under the package) each method's Operation is in: its group's, or a part's."""
    parts = split(methods)
    if len(parts) == 1:
        return [f"api.{context.module}"] * len(methods)
    return [
        f"api.{context.module}._part{number}"
        for number, part in enumerate(parts, start=1)
        for _ in part
    ]


def render_client(
    api: Api,
    environment: jinja2.Environment,
    package: str,
    server_package: str,
    models: SharedModels | None = None,
    only: frozenset[str] | None = None,
    earlier_samples: str | None = None,
    outline: ClientOutline | None = None,
    names: TypeNames | None = None,
    reordered: bool = False,
) -> dict[str, str]:
    """Files of `client/`: the project, its package (models included), its README and its contract
    tests (against the mock of the server project `server_package`, beside it in OUT). `only`: the
    files of the groups not named are left out, and the sample cases of the others are taken from
    `earlier_samples` (render/plan.py, Scope; OutOfScope where it cannot be patched); the models
    are then those `models` renders (none where none is given).
    `outline`: client_outline(api), where `api` holds the endpoints of the `only` groups alone.
    `names`: TypeNames.of(api), where the caller has it. `reordered`: the Api (whole) gained or
    lost operations since the last run, and the sample cases are made again in its order."""
    root = f"client/src/{package}"
    names = names or TypeNames.of(api)
    groups = group_contexts(api)
    files = {}
    if models is None and only is None:
        models = SharedModels(api, environment)
    if models is not None:  # in a scoped plan, the models of its changed types (render/plan.py)
        files.update(models.files(f"{package}.models", f"{root}/models"))
    files[f"{root}/py.typed"] = ""
    for template in STATIC_TEMPLATES:
        files[f"{root}/{template}"] = environment.get_template(
            f"client/package/{template}.j2"
        ).render()
    outline = outline or client_outline(api)
    files[f"{root}/_core.py"] = environment.get_template("client/package/_core.py.j2").render(
        header_defaults=outline.header_defaults
    )
    carriers = frozenset(outline.carriers)
    located: dict[str, list[tuple[MethodContext, str]]] = {}  # for the contract cases
    for group, context in zip(api.groups, groups):
        if only is not None and group.name not in only:
            continue
        methods = method_contexts(group, api, names, carriers)
        files.update(render_group(context, methods, environment, root))
        located[group.name] = list(zip(methods, method_modules(context, methods)))
    files.update(project_files(api, environment, package, server_package, groups, outline))
    tests = {"package": package, "server_package": server_package}
    for template in TEST_TEMPLATES:
        files[f"client/tests/{template}"] = environment.get_template(
            f"client/tests/{template}.j2"
        ).render(**tests)
    samples_path, cases = "client/tests/samples.json", client_cases(api, groups, located)
    made = {
        e.operation_id for group in api.groups if group.name in located for e in group.endpoints
    }
    order = operation_order(api.endpoints()) if reordered else None  # operation ids are unique
    files[samples_path] = (
        document(cases)
        if only is None
        else patched(
            samples_path,
            earlier_samples,
            lambda text: patched_cases(text, cases, client_operation, made, order),
        )
    )
    return files


def project_files(
    api: Api,
    environment: jinja2.Environment,
    package: str,
    server_package: str,
    groups: list[GroupContext],
    outline: ClientOutline,
) -> dict[str, str]:
    example_group = groups[0].attribute if groups else "group"
    defaults = outline.header_defaults
    common = {
        "package": package,
        "title": api.title,
        "version": api.version,
        "example_group": example_group,
    }
    root = f"client/src/{package}"
    return {
        f"{root}/__init__.py": environment.get_template("client/package/__init__.py.j2").render(
            **common
        ),
        f"{root}/_client.py": environment.get_template("client/package/_client.py.j2").render(
            groups=groups, header_defaults=defaults, **common
        ),
        "client/pyproject.toml": environment.get_template("client/pyproject.toml.j2").render(
            distribution=package.replace("_", "-"),
            description=f"A typed Python client for {api.title}.",
            test_dependencies=TEST_DEPENDENCIES,
            **common,
        ),
        "client/README.md": environment.get_template("client/README.md.j2").render(
            example_method=outline.example_method,
            server_package=server_package,
            header_defaults=defaults,
            endpoint_count=outline.endpoint_count,
            group_count=len(api.groups),
            model_count=len(api.types),
            **common,
        ),
    }
