"""One JSON Schema (2020-12) file per named type, referring to each other by relative file name."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from generator.model import Api, NamedType
from generator.naming import file_stems
from generator.render.jsontext import pretty_json
from generator.render.openapi import COMPONENTS, named_type_schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FileNames = dict[str, str]  # type name -> its schema's file name


def schema_file_names(api: Api) -> FileNames:
    """A portable file name per type, unique even where `Person` and `person` are one file."""
    return schema_files_of(api.types)


def schema_files_of(names: Iterable[str]) -> FileNames:
    """schema_file_names of types of these names."""
    return {name: f"{stem}.json" for name, stem in file_stems(names, fallback="Type").items()}


def _relative_refs(node: Any, files: FileNames) -> Any:
    """OpenAPI component references rewritten to the sibling schema files."""
    if isinstance(node, dict):
        return {
            key: (
                files.get(value[len(COMPONENTS) :], value)
                if key == "$ref" and isinstance(value, str)
                else _relative_refs(value, files)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_relative_refs(item, files) for item in node]
    return node


def type_schema_document(named: NamedType, files: FileNames) -> str:
    schema = _relative_refs(named_type_schema(named), files)
    document = {"$schema": DIALECT, "$id": files[named.name], **schema}
    return pretty_json(document)


def render_json_schemas(api: Api, only: Collection[str] | None = None) -> dict[str, str]:
    """Every type's schema file; `only`: those of the types named alone."""
    files = schema_file_names(api)
    return {
        f"schemas/{files[name]}": type_schema_document(named, files)
        for name, named in api.types.items()
        if only is None or name in only
    }
