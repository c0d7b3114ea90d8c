"""Table views: each property table of each doc, with the name the doc gives it and the sample objects
that show the same rows. The registry groups them by type."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from pydantic import JsonValue

from generator.model import ParsedDoc, PropertyRow, Source
from generator.naming import pascal_case
from generator.parse.types import PRIMITIVES

Role = Literal["request", "response"]
# Heading words that name a shape rather than a type (`### Response body: array`).
SHAPE_WORDS = frozenset(PRIMITIVES) | {"void", "none", "stream"}


@dataclass
class TableView:
    """One doc's table of one type."""

    rows: tuple[PropertyRow, ...]
    doc: ParsedDoc
    role: Role
    given_name: str | None
    synthetic_name: str
    samples: list[dict[str, JsonValue]] = field(default_factory=list)
    name: str = ""

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(row.name for row in self.rows)

    @property
    def source(self) -> Source:
        return self.rows[0].source


def group_name(operation_id: str) -> str:
    """`v1AppointmentAgent_Accept` -> `AppointmentAgent`: the part before `_`, without a version prefix."""
    head = operation_id.partition("_")[0]
    stripped = (
        head.lstrip("v").lstrip("0123456789") if head[:1] == "v" and head[1:2].isdigit() else head
    )
    return stripped or head or "Default"


def method_name(operation_id: str) -> str:
    """`v1AppointmentAgent_AcceptWithSmtp` -> `AcceptWithSmtp` (the part after the group)."""
    return operation_id.partition("_")[2] or operation_id


def operation_words(operation_id: str) -> str:
    return pascal_case(method_name(operation_id))


def group_words(operation_id: str) -> str:
    return pascal_case(group_name(operation_id))


# "Gets a WidgetEntity object." / "Gets an array of Widget objects.": summaries that name the returned type.
_TYPE_IN_SUMMARY = re.compile(r"^Gets an? (?:array of |list of )?([A-Z][A-Za-z0-9]*) objects?\.?$")


def type_named_in_summary(summary: str) -> str | None:
    match = _TYPE_IN_SUMMARY.match(summary.strip())
    return match.group(1) if match else None


def is_type_name(name: str) -> bool:
    return (
        name.isascii()
        and name.lower() not in SHAPE_WORDS
        and name.replace(".", "").replace("_", "").isalnum()
    )


def property_views(docs: list[ParsedDoc]) -> tuple[list[TableView], set[str]]:
    """Every property table (request and response) of the docs, and every type name the cells use."""
    views: list[TableView] = []
    referenced: set[str] = set()
    rpc_names = _rpc_request_names(docs)
    for doc in docs:
        for view in doc_views(doc, rpc_names.get(doc.operation_id)):
            views.append(view)
            referenced.update(row.type.ref for row in view.rows if row.type.ref)
    return views, referenced


def _rpc_request_names(docs: list[ParsedDoc]) -> dict[str, str]:
    """`<Operation>Request` for each RPC request body, qualified by the group where operations share a name."""
    plain: dict[str, list[str]] = {}
    for doc in docs:
        if is_rpc_request(doc):
            plain.setdefault(rpc_request_name(doc.operation_id), []).append(doc.operation_id)
    names: dict[str, str] = {}
    for name, operations in plain.items():
        for operation_id in operations:
            names[operation_id] = rpc_request_name(operation_id, qualified=len(operations) > 1)
    return names


def is_rpc_request(doc: ParsedDoc) -> bool:
    return doc.request_body is not None and doc.request_body.name == "request"


def rpc_request_name(operation_id: str, qualified: bool = False) -> str:
    """`<Operation>Request`; qualified by the group where operations share a name."""
    name = f"{operation_words(operation_id)}Request"
    return f"{group_words(operation_id)}{name}" if qualified else name


def doc_views(doc: ParsedDoc, rpc_name: str | None) -> list[TableView]:
    """The doc's property tables, the request's first; `rpc_name`: the name of an RPC request
    body's table (`_rpc_request_names`, which reads every doc)."""
    views = []
    operation = operation_words(doc.operation_id)
    body = doc.request_body
    if body is not None and body.properties and body.kind != "string":
        view = TableView(body.properties, doc, "request", rpc_name, f"{operation}Body")
        view.samples = sample_objects(doc.sample_request.body if doc.sample_request else None)
        views.append(view)
    response = doc.response
    if response is not None and response.properties:
        given = response.body_name if is_type_name(response.body_name) else None
        suffix = "Item" if response.suffix == "array" else "Result"
        synthetic = type_named_in_summary(doc.summary) or f"{operation}{suffix}"
        view = TableView(response.properties, doc, "response", given, synthetic)
        view.samples = sample_objects(
            doc.sample_response.body if doc.sample_response else None, response.suffix
        )
        views.append(view)
    return views


def sample_objects(body: JsonValue, suffix: str = "") -> list[dict[str, JsonValue]]:
    """The objects of a sample body that show a table's rows: the body, its items, or its values."""
    if isinstance(body, list):
        return [item for item in body if isinstance(item, dict)]
    if isinstance(body, dict) and suffix == "object":
        return [value for value in body.values() if isinstance(value, dict)]
    return [body] if isinstance(body, dict) else []
