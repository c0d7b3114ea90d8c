"""The Api as an OpenAPI 3.1 document (a dict; keys in a fixed order, routes literal-first)."""

from __future__ import annotations

import re
from collections.abc import Collection
from http import HTTPStatus
from typing import Any

import orjson

from generator.model import (
    Api,
    Endpoint,
    NamedType,
    Parameter,
    RequestBody,
    Response,
    SecurityScheme,
    TypeRef,
)
from generator.render.jsontext import json_text, pretty_json
from generator.render.patching import patched
from generator.resolve.routes import OVERLOADS_EXTENSION, placements

OPENAPI_VERSION = "3.1.0"
COMPONENTS = "#/components/schemas/"
METHOD_ORDER = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SECURITY_SCHEMES: dict[SecurityScheme, dict[str, str]] = {
    SecurityScheme.BASIC: {"type": "http", "scheme": "basic"},
    SecurityScheme.BEARER: {"type": "http", "scheme": "bearer"},
    SecurityScheme.SO_TICKET: {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "A SuperOffice ticket: `Authorization: SoTicket <ticket>`.",
    },
    SecurityScheme.XSRF: {
        "type": "apiKey",
        "in": "header",
        "name": "X-XSRF-TOKEN",
        "description": "The XSRF value from the cookie or a hidden input field, instead of Authorization.",
    },
}

Json = dict[str, Any]


def schema(ref: TypeRef) -> Json:
    """JSON Schema (OpenAPI 3.1 dialect) of a type."""
    if ref.kind == "ref":
        return {"$ref": COMPONENTS + (ref.ref or "")}
    if ref.kind == "any":
        return {}
    result: Json = {"type": ref.kind}
    if ref.format:
        result["format"] = ref.format
    if ref.enum:
        result["enum"] = list(ref.enum)
    if ref.kind == "array":
        result["items"] = schema(ref.items) if ref.items is not None else {}
    if ref.kind == "object" and ref.values is not None:
        result["additionalProperties"] = schema(ref.values)
    return result


def nullable(ref: TypeRef) -> Json:
    """A property schema that also admits null: the docs never say what may be null, and samples show it."""
    if ref.kind == "any":
        return {}
    plain = schema(ref)
    if ref.kind == "ref":
        return {"anyOf": [plain, {"type": "null"}]}
    return {
        **plain,
        "type": [plain["type"], "null"],
        **({"enum": [*ref.enum, None]} if ref.enum else {}),
    }


def named_type_schema(named: NamedType) -> Json:
    result: Json = {"type": "object", "title": named.name}
    if named.description:
        result["description"] = named.description
    if not named.properties:
        result["additionalProperties"] = True
        return result
    result["properties"] = {
        prop.name: {
            **nullable(prop.type),
            **({"description": prop.description} if prop.description else {}),
        }
        for prop in named.properties
    }
    return result


def parameter_object(parameter: Parameter) -> Json:
    result: Json = {
        "name": parameter.name,
        "in": parameter.location,
        "required": parameter.required,
    }
    if parameter.description:
        result["description"] = parameter.description
    if parameter.json_encoded():
        result["content"] = {"application/json": {"schema": schema(parameter.type)}}
    else:
        result["schema"] = schema(parameter.type)
    if parameter.example is not None:
        result["example"] = parameter.example
    return result


def media_schema(media_type: str, body: RequestBody) -> Json:
    if media_type == "multipart/form-data" and body.type.format == "binary":
        return {
            "type": "object",
            "properties": {body.name: schema(body.type)},
            "required": [body.name],
        }
    return schema(body.type)


def request_body_object(endpoint: Endpoint, body: RequestBody) -> Json:
    sample = endpoint.sample_request
    content: Json = {}
    for media_type in body.media_types:
        entry: Json = {"schema": media_schema(media_type, body)}
        if sample is not None and sample.has_json_body and media_type == "application/json":
            entry["example"] = sample.body
        content[media_type] = entry
    result: Json = {"required": True, "content": content}
    if body.description:
        result = {"description": body.description, **result}
    return result


def response_object(endpoint: Endpoint, response: Response) -> Json:
    result: Json = {"description": response.description or _status_phrase(response.status)}
    if response.type is None:
        return result
    sample = endpoint.sample_response
    shows_this = (
        sample is not None
        and sample.has_json_body
        and sample.start_line.split()[1:2] == [response.status]
    )
    content: Json = {}
    for media_type in response.media_types:
        entry: Json = {"schema": schema(response.type)}
        if shows_this and media_type == "application/json":
            entry["example"] = sample.body  # type: ignore[union-attr]
        content[media_type] = entry
    result["content"] = content
    return result


def _status_phrase(status: str) -> str:
    try:
        return HTTPStatus(int(status)).phrase
    except ValueError:
        return f"Status {status}"


def operation_object(endpoint: Endpoint) -> Json:
    result: Json = {"operationId": endpoint.operation_id, "tags": [endpoint.group]}
    if endpoint.summary:
        result["summary"] = endpoint.summary
    description = "\n\n".join(filter(None, [endpoint.description, *endpoint.notes]))
    if description:
        result["description"] = description
    if endpoint.parameters:
        result["parameters"] = [parameter_object(parameter) for parameter in endpoint.parameters]
    if endpoint.request_body is not None:
        result["requestBody"] = request_body_object(endpoint, endpoint.request_body)
    result["responses"] = {r.status: response_object(endpoint, r) for r in endpoint.responses} or {
        "default": {"description": "Not documented."}
    }
    if endpoint.security:
        result["security"] = [{scheme.value: []} for scheme in endpoint.security]
    if endpoint.notes:
        result["x-online-restricted"] = " ".join(endpoint.notes)
    return result


def paths_object(api: Api, unique_path_templates: bool = False) -> Json:
    """Path items in route order. An operation whose item already has its method (told apart from
    another only by its parameters' types) goes into the item's `x-overloads`: path template ->
    method -> operation."""
    paths: Json = {}
    overloads: dict[str, Json] = {}
    for placement in placements(api.endpoints(), unique_path_templates):
        endpoint = placement.endpoint
        item = paths.setdefault(placement.path_item, {})
        if placement.overload:
            item = overloads.setdefault(placement.path_item, {}).setdefault(endpoint.path, {})
        item[endpoint.method.lower()] = operation_object(endpoint)
    result = {path: _ordered(item) for path, item in paths.items()}
    for path, extension in overloads.items():
        result[path][OVERLOADS_EXTENSION] = {
            template: _ordered(item) for template, item in extension.items()
        }
    return result


def _ordered(item: Json) -> Json:
    return {method: item[method] for method in METHOD_ORDER if method in item}


def openapi_document(api: Api, unique_path_templates: bool = False) -> Json:
    used = sorted(
        {scheme for endpoint in api.endpoints() for scheme in endpoint.security},
        key=list(SecurityScheme).index,
    )
    components: Json = {
        "schemas": {name: named_type_schema(named) for name, named in api.types.items()}
    }
    if used:
        components["securitySchemes"] = {scheme.value: SECURITY_SCHEMES[scheme] for scheme in used}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": api.title, "version": api.version},
        "tags": [{"name": group.name} for group in api.groups],
        "paths": paths_object(api, unique_path_templates),
        "components": components,
    }


def render_openapi(
    api: Api,
    unique_path_templates: bool = False,
    only: frozenset[str] | None = None,
    earlier: str | None = None,
    types: frozenset[str] = frozenset(),
) -> str:
    """The document; `only`: the operations of the groups not named, and the schemas of the types
    but those of `types`, are taken from `earlier`, the last run's document (render/plan.py, Scope;
    OutOfScope where it cannot be patched)."""
    if only is not None:
        fresh = {e.operation_id: e for e in api.endpoints() if e.group in only}
        named = {name: api.types[name] for name in sorted(types)}
        return patched("openapi.json", earlier, lambda text: patched_document(text, fresh, named))
    return pretty_json(openapi_document(api, unique_path_templates))


def patched_document(
    earlier: str, fresh: dict[str, Endpoint], types: dict[str, NamedType] | None = None
) -> str | None:
    """The earlier document's text with the operations of `fresh` and the schemas of `types` made
    again, in place (as text: a large document is not loaded); None unless it holds each of them
    once, as render_openapi writes them."""
    places = _operation_places(earlier, fresh)
    spans = []
    for name, endpoint in fresh.items():
        span = _operation_span(earlier, places.get(name, []))
        if span is None:
            return None
        start, end, pad = span
        text = json_text(operation_object(endpoint))
        spans.append((start, end, text.replace("\n", "\n" + pad)))
    schemas = _schemas_place(earlier) if types else None
    for name, named in (types or {}).items():
        schema_span = _schema_span(earlier, schemas, name)
        if schema_span is None:
            return None
        text = json_text(named_type_schema(named))
        spans.append((*schema_span, text.replace("\n", "\n" + _SCHEMA_PAD)))
    pieces, at = [], 0
    for start, end, text in sorted(spans):
        if start < at:
            return None
        pieces += [earlier[at:start], text]
        at = end
    return "".join([*pieces, earlier[at:]])


# The schemas, as pretty_json writes the document: `components` is the last of its keys, and
# `schemas` the first of that; each schema's key is on a line of its own, at this indentation.
_SCHEMAS = '\n  "components": {\n    "schemas": {\n'
_SCHEMA_PAD = " " * 6


def _schemas_place(document: str) -> tuple[int, int] | None:
    """Where the schemas are in a document as pretty_json writes it (found once: a large document
    is tens of megabytes)."""
    schemas = document.find(_SCHEMAS)
    if schemas < 0 or document.rfind(_SCHEMAS) != schemas:
        return None
    return schemas, document.find("\n    }", schemas)


def _schema_span(
    document: str, schemas_place: tuple[int, int] | None, name: str
) -> tuple[int, int] | None:
    """Where the named type's schema is, in the schemas at `schemas_place`: its `{` to past its
    `}`."""
    if schemas_place is None:
        return None
    schemas, end = schemas_place
    key = f"\n{_SCHEMA_PAD}{orjson.dumps(name).decode()}: {{\n"
    found = document.find(key, schemas, end)
    if found < 0:
        return None
    start = found + len(key) - 2
    closing = document.find(f"\n{_SCHEMA_PAD}}}", start)
    if closing < 0 or closing > end:
        return None
    return start, closing + 1 + len(_SCHEMA_PAD) + 1


_OPERATION_ID = '"operationId": '
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _operation_places(document: str, wanted: Collection[str]) -> dict[str, list[int]]:
    """Where `"operationId": "<id>"` is in a document as pretty_json writes it, for the wanted ids,
    in one pass (orjson spells a string one way: the key and its value cannot appear otherwise, nor
    inside a string, where quotes are escaped)."""
    spelled = {orjson.dumps(name).decode(): name for name in wanted}
    places: dict[str, list[int]] = {}
    at = document.find(_OPERATION_ID)
    while at >= 0:
        value = _JSON_STRING.match(document, at + len(_OPERATION_ID))
        name = spelled.get(value.group()) if value is not None else None
        if name is not None:
            places.setdefault(name, []).append(at)
        at = document.find(_OPERATION_ID, at + len(_OPERATION_ID))
    return places


def _operation_span(document: str, places: list[int]) -> tuple[int, int, str] | None:
    """Where the operation object is in a document as pretty_json writes it, from the one place of
    its `"operationId"`: its `{` to past its `}`, and the indentation of its lines' brackets."""
    if len(places) != 1:
        return None
    found = places[0]
    line = document.rfind("\n", 0, found) + 1
    pad = " " * (found - line - 2)  # the operation's key (`"get": {`) is a level up
    opening = document.rfind("\n" + pad + '"', 0, line)
    closing = document.find("\n" + pad + "}", line)
    start = document.rfind("{", opening, line)
    if opening < 0 or closing < 0 or start < 0 or document[start:line].strip() != "{":
        return None
    return start, closing + 1 + len(pad) + 1, pad
