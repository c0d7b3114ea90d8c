"""One JSON Schema (2020-12) file per named type, referring to each other by relative file name."""

from __future__ import annotations

from generator.render.jsontext import pretty_json

from typing import Any

from generator.model import Api, NamedType
from generator.render.openapi import COMPONENTS, named_type_schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_file_name(type_name: str) -> str:
    return f"{type_name}.json"


def _relative_refs(node: Any) -> Any:
    """OpenAPI component references rewritten to the sibling schema files."""
    if isinstance(node, dict):
        return {
            key: schema_file_name(value[len(COMPONENTS) :]) if key == "$ref" and isinstance(value, str) else _relative_refs(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_relative_refs(item) for item in node]
    return node


def type_schema_document(named: NamedType) -> str:
    document = {"$schema": DIALECT, "$id": schema_file_name(named.name), **_relative_refs(named_type_schema(named))}
    return pretty_json(document)


def render_json_schemas(api: Api) -> dict[str, str]:
    return {f"schemas/{schema_file_name(name)}": type_schema_document(named) for name, named in api.types.items()}
