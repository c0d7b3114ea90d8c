"""One doc's path, query and header parameters, typed and named: what resolve makes of its parameter
tables, from that doc alone."""

from __future__ import annotations

from dataclasses import replace

from generator.diagnostics import Code, diagnostic
from generator.model import Diagnostic, Parameter, ParamRow, ParsedDoc, SecurityScheme, TypeRef
from generator.naming import python_identifier, unique

SECURITY_HEADERS = {
    "authorization": (SecurityScheme.BASIC, SecurityScheme.BEARER, SecurityScheme.SO_TICKET),
    "x-xsrf-token": (SecurityScheme.XSRF,),
}
CONTENT_HEADERS = frozenset({"content-type", "accept"})
KNOWN_HEADERS = frozenset(
    {"accept-language", "so-language", "so-culture", "so-timezone", "so-apptoken"}
)


def doc_parameters(doc: ParsedDoc) -> tuple[list[Parameter], list[Diagnostic]]:
    """The doc's parameters (path, then query, then header: the security and content headers are
    not parameters), each name once per location, and the diagnostics of making them."""
    diagnostics: list[Diagnostic] = []
    rows = [("path", row) for row in doc.path_params] + [("query", row) for row in doc.query_params]
    parameters = [parameter(location, row) for location, row in rows]
    for header in doc.headers:
        lowered = header.name.lower()
        if lowered in SECURITY_HEADERS or lowered in CONTENT_HEADERS:
            continue
        if lowered not in KNOWN_HEADERS:
            diagnostics.append(
                diagnostic(Code.P106, header.source, f"unknown request header {header.name!r}")
            )
        row = ParamRow(
            name=header.name,
            type=TypeRef(kind="string"),
            type_cell="string",
            required=False,
            description=header.description,
            source=header.source,
        )
        parameters.append(parameter("header", row))
    parameters = _without_repeats(parameters, diagnostics)
    names = unique(parameter.python_name for parameter in parameters)
    named = [
        (
            parameter
            if name == parameter.python_name
            else parameter.model_copy(update={"python_name": python_identifier(name)})
        )
        for parameter, name in zip(parameters, names)
    ]
    return named, diagnostics


def doc_security(doc: ParsedDoc) -> tuple[SecurityScheme, ...]:
    schemes: list[SecurityScheme] = []
    for header in doc.headers:
        schemes.extend(SECURITY_HEADERS.get(header.name.lower(), ()))
    return tuple(dict.fromkeys(schemes))


def _without_repeats(parameters: list[Parameter], diagnostics: list[Diagnostic]) -> list[Parameter]:
    """One parameter per location and name (header names ignore case): the first row wins."""
    first: dict[tuple[str, str], Parameter] = {}
    for parameter in parameters:
        name = parameter.name.lower() if parameter.location == "header" else parameter.name
        kept = first.setdefault((parameter.location, name), parameter)
        if kept is not parameter:
            message = (
                f"{parameter.location} parameter {parameter.name!r} repeats the row at line "
                f"{kept.source.line}; ignored"
            )
            diagnostics.append(diagnostic(Code.P114, parameter.source, message))
    return list(first.values())


def parameter(location: str, row: ParamRow) -> Parameter:
    declared = row.type
    if declared.kind == "array" and declared.items is None:
        declared = replace(declared, items=TypeRef(kind="string"))
    path_structure = location == "path" and declared.kind in ("array", "object")
    if declared.kind in ("any", "ref") or path_structure:  # a path segment is text
        declared = TypeRef(kind="string", origin=declared.origin)
    return Parameter.model_validate(
        {
            "name": row.name,
            "python_name": python_identifier(row.name, fallback="param"),
            "location": location,
            "type": declared,
            "required": row.required,
            "description": row.description,
            "source": row.source,
            "example": row.example,
        }
    )
