"""The TypeScript client: an npm package `typescript/` (ES modules with declarations, zero runtime
dependencies: the platform's fetch, Node 18+ and browsers).

Layout: `src/models.ts` (an interface per named type), `src/api/<group>.ts` (a class per group, one
typed async method per endpoint, and one options interface per method), `src/core.ts` (the one request
path: URL, query, headers, auth, body, timeout, retries, errors, parsing), `src/auth.ts`,
`src/errors.ts`, `src/client.ts` (`Client`, one attribute per group) and `src/index.ts`; `test/` replays
the docs' samples against the mock server (`samples.json` is their data).

Types are rendered from the model's TypeRef values (never from Python annotations), names from the
model's names (camelCase, `TsIdentifier`/`TsTypeName` values), doc text only through `ts_str`/`tsdoc`.
Lines are laid out as Prettier lays them out (generator/render/typescript_layout.py).

Template context (templates/typescript/):
- `src/models.ts.j2`: `models` (list of TsModelContext)
- `src/api/group.ts.j2`: `group` (TsGroupContext)
- `src/client.ts.j2`, `src/index.ts.j2`: `groups` (list of TsGroupContext), `imports` (laid-out lines)
- `package.json.j2`, `README.md.j2`: `project` (TsProjectContext)
- `tsconfig.json.j2`, `gitignore.j2`, `prettierignore.j2`, `src/core.ts.j2`, `src/auth.ts.j2`,
  `src/errors.ts.j2`, `test/contract.test.js.j2`: none
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from generator.model import (
    Api,
    Endpoint,
    Group,
    NamedType,
    Parameter,
    ParameterLocation,
    RequestBody,
    TypeRef,
)
from generator.render.samples import is_binary, result_kind, success_response
from generator.render.typescript_layout import (
    INDENT,
    TsType,
    braces,
    member,
    signature,
    typed,
)
from generator.render.typescript_samples import prettier_json, sample_cases
from generator.render.typescript_text import (
    TsIdentifier,
    TsTypeName,
    comment_block,
    comment_lines,
    literal_key,
    one_line,
    property_key,
    ts_identifier,
    ts_string,
    ts_type_name,
    tsdoc,
    unique_names,
)

TYPESCRIPT_VERSION = "5.9.3"
PRETTIER_VERSION = "3.10.1"
MODELS = "models."
# What src/index.ts exports besides the models and groups: no model or group may take these names.
OWN_EXPORTS = frozenset(
    {"Client", "ClientOptions", "Auth", "BasicAuth", "BearerAuth", "SoTicketAuth", "XsrfTokenAuth"}
    | {"RetryPolicy", "DEFAULT_RETRY", "Core", "RequestSpec", "ResultKind", "QueryValue"}
    | {"ApiError", "NotModifiedError", "BadRequestError", "UnauthorizedError", "ForbiddenError"}
    | {"NotFoundError", "ConflictError", "PreconditionFailedError", "RateLimitError", "ServerError"}
    | {"ServiceUnavailableError", "ResponseDecodeError", "errorFor"}
)
CLIENT_MEMBERS = frozenset({"baseUrl"})
# Options every method takes besides its parameters and body.
OPTION_MEMBERS = ("headers", "signal")
STATIC_TEMPLATES = {
    "tsconfig.json": "tsconfig.json.j2",
    ".gitignore": "gitignore.j2",
    ".prettierignore": "prettierignore.j2",
    "src/core.ts": "src/core.ts.j2",
    "src/auth.ts": "src/auth.ts.j2",
    "src/errors.ts": "src/errors.ts.j2",
    "test/contract.test.js": "test/contract.test.js.j2",
}
SCALARS = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}
UNKNOWN_OBJECT = TsType.record(TsType.name("unknown"))
BINARY_BODY = TsType.union([TsType.name("Blob"), TsType.name("ArrayBuffer")])


@dataclass(frozen=True)
class TypeNames:
    """The TypeScript name of every named type, unique and clear of our own exports."""

    names: dict[str, TsTypeName]

    @classmethod
    def of(cls, api: Api) -> TypeNames:
        wanted = [ts_type_name(name) for name in api.types]
        given = unique_names(wanted, taken=OWN_EXPORTS)
        return cls({name: TsTypeName(ts) for name, ts in zip(api.types, given)})


def ts_type(ref: TypeRef | None, names: TypeNames, qualifier: str = "") -> TsType:
    """The TypeScript type of a JSON value of this type (binary strings are base64 text in JSON)."""
    if ref is None or ref.kind == "any":
        return TsType.name("unknown")
    if ref.kind == "ref":
        known = ref.ref is not None and ref.ref in names.names
        return (
            TsType.name(qualifier + names.names[ref.ref]) if known and ref.ref else UNKNOWN_OBJECT
        )
    if ref.kind == "array":
        return TsType.array(ts_type(ref.items, names, qualifier))
    if ref.kind == "object":
        return TsType.record(ts_type(ref.values, names, qualifier))
    if ref.enum:
        return TsType.union([TsType.name(ts_string(value)) for value in ref.enum])
    return TsType.name(SCALARS[ref.kind])


# ---- models ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TsModelContext:
    name: str  # the interface's name (a TsTypeName)
    doc: str  # its TSDoc comment, laid out ("" when the docs say nothing)
    members: list[str]  # laid-out member lines (TSDoc included)


def model_context(named: NamedType, names: TypeNames) -> TsModelContext:
    members = []
    for prop in named.properties:
        doc = tsdoc(prop.description, INDENT)
        line = typed(INDENT, f"{property_key(prop.name)}?: ", ts_type(prop.type, names), ";")
        members.append(doc + line)
    if not named.properties:
        members.append(f"{INDENT}[key: string]: unknown;")
    description = named.description or f"{named.name}."
    return TsModelContext(names.names[named.name], tsdoc(description), members)


# ---- groups and methods ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TsOption:
    """A member of a method's options: a query parameter, a header or the body."""

    name: str  # TsIdentifier
    wire_name: str
    type: TsType
    required: bool
    description: str


@dataclass(frozen=True)
class TsMethodContext:
    operation_id: str  # untrusted
    name: str  # the method's name (a TsIdentifier)
    positional: list[str]  # names of the path parameters, in order
    options: list[TsOption]  # query parameters, headers and the body (last)
    options_name: str  # its options interface (a TsTypeName)
    options_doc: str  # TSDoc of the options interface
    options_members: list[str]  # laid-out member lines of the options interface
    doc: str  # the method's TSDoc, laid out at class-member indent
    signature: str  # the laid-out signature line(s), ending in `{`
    call: list[str]  # the laid-out lines of the request object passed to the core


@dataclass(frozen=True)
class TsGroupContext:
    name: str  # the docs' group name (untrusted text)
    attribute: str  # attribute of Client (a TsIdentifier)
    module: str  # file name under src/api/ (without `.ts`)
    class_name: str  # TsTypeName
    doc: str  # TSDoc of the class
    uses_models: bool
    methods: list[TsMethodContext]


def success_statuses(endpoint: Endpoint) -> list[int]:
    return list(endpoint.success_statuses)


def result_type(endpoint: Endpoint, names: TypeNames) -> TsType:
    response = success_response(endpoint)
    if response is None:
        return TsType.name("void")
    if is_binary(response.type):
        result = TsType.name("Blob")
    else:
        result = ts_type(response.type, names, MODELS)
    return TsType.union([result, TsType.name("undefined")]) if endpoint.no_content else result


def body_type(body: RequestBody, names: TypeNames) -> TsType:
    return BINARY_BODY if is_binary(body.type) else ts_type(body.type, names, MODELS)


def body_required(body: RequestBody, api: Api) -> bool:
    """A body of a named type with properties may be left out (nothing is sent); any other is required."""
    named = api.types.get(body.type.ref) if body.type.kind == "ref" and body.type.ref else None
    return named is None or not named.properties


def method_names(
    endpoint: Endpoint, api: Api, names: TypeNames
) -> tuple[list[str], list[TsOption]]:
    """(positional path-parameter names, the options: parameters, then the body), every name unique
    within the method and clear of the options' own members; the body is `body` where it can be."""
    path = endpoint.parameters_in("path")
    others = [p for p in endpoint.parameters if p.location != "path"]
    body = endpoint.request_body
    wanted = ["body"] if body is not None else []
    wanted += [ts_identifier(p.name, "param") for p in [*path, *others]]
    given = unique_names(wanted, taken=("options", *OPTION_MEMBERS))
    body_name, rest = (given[0], iter(given[1:])) if body is not None else ("", iter(given))
    positional = [next(rest) for _ in path]
    options = [option_of(p, next(rest), names) for p in others]
    if body is not None:
        description = body.description or f"The request body ({body.name})."
        required = body_required(body, api)
        options.append(TsOption(body_name, "", body_type(body, names), required, description))
    return positional, options


def option_of(parameter: Parameter, name: str, names: TypeNames) -> TsOption:
    return TsOption(
        name,
        parameter.name,
        ts_type(parameter.type, names),
        parameter.required,
        parameter.description,
    )


def options_members(options: list[TsOption]) -> list[str]:
    lines = []
    for option in options:
        text = option.description or (f"`{option.wire_name}`" if option.wire_name else "")
        mark = "" if option.required else "?"
        lines.append(
            tsdoc(text, INDENT) + typed(INDENT, f"{option.name}{mark}: ", option.type, ";")
        )
    lines.append(
        tsdoc("Headers for this call only, over the client's default headers.", INDENT)
        + f"{INDENT}headers?: Record<string, string>;"
    )
    lines.append(tsdoc("Aborts the call.", INDENT) + f"{INDENT}signal?: AbortSignal;")
    return lines


def method_doc(endpoint: Endpoint, positional: list[str], returns: TsType) -> str:
    """Summary, description, notes (escaped doc text), then our `@param` and `@returns` tags."""
    head = "\n\n".join(filter(None, [endpoint.summary, endpoint.description, *endpoint.notes]))
    lines = comment_lines(head or f"{endpoint.method} {endpoint.path}")
    lines += ["", *comment_lines(f"`{endpoint.method} {endpoint.path}`"), ""]
    for name, parameter in zip(positional, endpoint.parameters_in("path")):
        lines += [
            f"@param {name} - {' '.join(comment_lines(one_line(parameter.description) or parameter.name))}"
        ]
    lines += [f"@returns {' '.join(comment_lines(f'`{returns.flat().replace(MODELS, str())}`'))}"]
    return comment_block(lines, INDENT)


def call_lines(endpoint: Endpoint, positional: list[str], options: list[TsOption]) -> list[str]:
    """The members of the request object the method passes to the core, laid out at 6 spaces."""
    at, inner = INDENT * 3, INDENT * 4
    lines = [
        member(at, "method", ts_string(endpoint.method)),
        member(at, "path", ts_string(endpoint.path)),
        f"{at}success: [{', '.join(str(status) for status in success_statuses(endpoint))}],",
        member(at, "result", ts_string(result_kind(endpoint))),
    ]
    lines += nested(
        at,
        inner,
        "pathValues",
        [(p.name, name) for name, p in zip(positional, endpoint.parameters_in("path"))],
    )
    by_location = {option.wire_name: option for option in options if option.wire_name}
    locations: tuple[tuple[ParameterLocation, str], ...] = (
        ("query", "query"),
        ("header", "headers"),
    )
    for location, key in locations:
        wires = [p.name for p in endpoint.parameters_in(location)]
        lines += nested(
            at, inner, key, [(wire, f"options.{by_location[wire].name}") for wire in wires]
        )
    body = endpoint.request_body
    if body is not None:
        lines.append(member(at, "body", f"options.{options[-1].name}"))
        if is_binary(body.type):
            lines.append(
                member(
                    at,
                    "contentType",
                    ts_string(
                        body.media_types[0] if body.media_types else "application/octet-stream"
                    ),
                )
            )
    accept = endpoint.binary_accept
    if accept is not None:
        lines.append(member(at, "accept", ts_string(accept)))
    lines += [f"{at}extraHeaders: options.headers,", f"{at}signal: options.signal,"]
    return lines


def nested(at: str, inner: str, key: str, entries: list[tuple[str, str]]) -> list[str]:
    if not entries:
        return []
    return [
        f"{at}{key}: {{",
        *(member(inner, literal_key(wire), value) for wire, value in entries),
        f"{at}}},",
    ]


def method_context(
    endpoint: Endpoint, name: str, options_name: str, api: Api, names: TypeNames
) -> TsMethodContext:
    positional, options = method_names(endpoint, api, names)
    returns = result_type(endpoint, names)
    required = any(option.required for option in options)
    parameters = [
        (p, ts_type(e.type, names), "") for p, e in zip(positional, endpoint.parameters_in("path"))
    ]
    parameters.append(("options", TsType.name(options_name), "" if required else "{}"))
    return TsMethodContext(
        operation_id=endpoint.operation_id,
        name=name,
        positional=positional,
        options=options,
        options_name=options_name,
        options_doc=tsdoc(
            f"Options of `{endpoint.operation_id}` ({endpoint.method} {endpoint.path})."
        ),
        options_members=options_members(options),
        doc=method_doc(endpoint, positional, returns),
        signature=signature(INDENT, f"async {name}", parameters, f": Promise<{returns.flat()}> {{"),
        call=call_lines(endpoint, positional, options),
    )


def group_context(
    group: Group,
    attribute: str,
    class_name: str,
    option_names: list[str],
    api: Api,
    names: TypeNames,
) -> TsGroupContext:
    method_names_ = unique_names(
        ts_identifier(e.operation_id.partition("_")[2] or e.operation_id, "call")
        for e in group.endpoints
    )
    methods = [
        method_context(endpoint, name, options_name, api, names)
        for endpoint, name, options_name in zip(group.endpoints, method_names_, option_names)
    ]
    uses_models = any(MODELS in line for m in methods for line in [m.signature, *m.options_members])
    return TsGroupContext(
        group.name,
        attribute,
        group.python_name,  # lower-case and unique: file names that differ only in case cannot clash
        class_name,
        tsdoc(f"The {group.name} endpoints."),
        uses_models,
        methods,
    )


def group_contexts(api: Api, names: TypeNames) -> list[TsGroupContext]:
    taken_types = set(names.names.values()) | OWN_EXPORTS
    attributes = unique_names(
        (ts_identifier(g.name, "group") for g in api.groups), taken=CLIENT_MEMBERS
    )
    classes = unique_names(
        (ts_type_name(f"{g.name}Api", "GroupApi") for g in api.groups), taken=taken_types
    )
    wanted = [
        ts_type_name(f"{e.operation_id.partition('_')[2] or e.operation_id}Options", "CallOptions")
        for g in api.groups
        for e in g.endpoints
    ]
    all_options = iter(unique_names(wanted, taken=taken_types | set(classes)))
    contexts = []
    for group, attribute, class_name in zip(api.groups, attributes, classes):
        option_names = [next(all_options) for _ in group.endpoints]
        contexts.append(
            group_context(
                group, TsIdentifier(attribute), TsTypeName(class_name), option_names, api, names
            )
        )
    return contexts


# ---- the package ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TsProjectContext:
    package: str  # the npm package name
    title: str  # untrusted
    version: str  # untrusted
    typescript_version: str
    prettier_version: str
    endpoint_count: int
    group_count: int
    model_count: int
    example_group: str
    example_method: str


def npm_name(package: str) -> str:
    return package.replace("_", "-").lower()


def project_context(api: Api, package: str, groups: list[TsGroupContext]) -> TsProjectContext:
    example = next(((g, g.methods[0]) for g in groups if g.methods), None)
    return TsProjectContext(
        package=npm_name(package),
        title=api.title,
        version=api.version,
        typescript_version=TYPESCRIPT_VERSION,
        prettier_version=PRETTIER_VERSION,
        endpoint_count=len(api.endpoints()),
        group_count=len(api.groups),
        model_count=len(api.types),
        example_group=example[0].attribute if example else "group",
        example_method=example[1].name if example else "operation",
    )


def client_imports(groups: list[TsGroupContext]) -> list[str]:
    return [braces("import ", [g.class_name], f' from "./api/{g.module}.js";') for g in groups]


def index_exports(groups: list[TsGroupContext]) -> list[str]:
    return [
        braces(
            "export ",
            [g.class_name, *(f"type {m.options_name}" for m in g.methods)],
            f' from "./api/{g.module}.js";',
        )
        for g in groups
    ]


def render_typescript(api: Api, environment: jinja2.Environment, package: str) -> dict[str, str]:
    """Files of `typescript/`: the npm project, its sources and its contract tests."""
    names = TypeNames.of(api)
    groups = group_contexts(api, names)
    project = project_context(api, package, groups)
    root = "typescript"
    files = {
        f"{root}/{path}": environment.get_template(f"typescript/{template}").render()
        for path, template in STATIC_TEMPLATES.items()
    }
    models = [model_context(named, names) for named in api.types.values()]
    files[f"{root}/src/models.ts"] = environment.get_template("typescript/src/models.ts.j2").render(
        models=models
    )
    group_template = environment.get_template("typescript/src/api/group.ts.j2")
    for group in groups:
        files[f"{root}/src/api/{group.module}.ts"] = group_template.render(group=group)
    files[f"{root}/src/client.ts"] = environment.get_template("typescript/src/client.ts.j2").render(
        groups=groups, imports=client_imports(groups)
    )
    files[f"{root}/src/index.ts"] = environment.get_template("typescript/src/index.ts.j2").render(
        groups=groups, imports=index_exports(groups)
    )
    files[f"{root}/package.json"] = environment.get_template("typescript/package.json.j2").render(
        project=project
    )
    files[f"{root}/README.md"] = environment.get_template("typescript/README.md.j2").render(
        project=project
    )
    files[f"{root}/test/samples.json"] = prettier_json(sample_cases(api, groups))
    return files
