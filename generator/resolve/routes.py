"""Routes across docs: one spelling per route shape and parameter types, no two operations on one
method, route and parameter types, and an order in which literal segments come before parameters (so
no route shadows another).

Two docs may give one method on routes that differ only in a parameter's name: `GET /List/{id}` (an
integer) and `GET /List/{name}` (a string) are two operations, told apart by the parameter's type.
Both are kept; each keeps its own path template, and the integer parameters of such routes are
matched by type (`Endpoint.typed_parameters`: the server's route only matches an integer there, and
comes first).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.diagnostics import Code, diagnostic
from generator.model import Diagnostic, Endpoint

_PARAMETER = re.compile(r"\{([^{}/]+)\}")
# Path parameter types a route can tell apart by the segment's text: an integer, or any other text.
INTEGER, TEXT = "integer", "text"
OVERLOADS_EXTENSION = "x-overloads"


def path_shape(path: str) -> str:
    return _PARAMETER.sub("{}", path).rstrip("/")


def path_parameter_names(path: str) -> list[str]:
    return _PARAMETER.findall(path)


def type_signature(endpoint: Endpoint) -> tuple[str, ...]:
    """What the route's parameter segments match, segment by segment: an integer or any text."""
    kinds = {p.name: p.type.kind for p in endpoint.parameters_in("path")}
    return tuple(
        INTEGER if kinds.get(name) == "integer" else TEXT
        for name in path_parameter_names(endpoint.path)
    )


def rename_path_parameters(endpoint: Endpoint, canonical: str) -> Endpoint:
    """The endpoint moved to the canonical spelling of its route, its path parameters renamed."""
    renames = dict(zip(path_parameter_names(endpoint.path), path_parameter_names(canonical)))
    parameters = tuple(
        (
            parameter.model_copy(update={"name": renames.get(parameter.name, parameter.name)})
            if parameter.location == "path"
            else parameter
        )
        for parameter in endpoint.parameters
    )
    typed = tuple(renames.get(name, name) for name in endpoint.typed_parameters)
    return endpoint.model_copy(
        update={"path": canonical, "parameters": parameters, "typed_parameters": typed}
    )


def merge_routes(
    endpoints: list[Endpoint], unique_path_templates: bool = False
) -> tuple[list[Endpoint], list[Diagnostic]]:
    """Endpoints in route order: each route shape and type signature spelled one way, real
    duplicates (same method, route and parameter types) dropped, operations told apart only by type
    matched by type."""
    diagnostics: list[Diagnostic] = []
    by_shape: dict[str, list[Endpoint]] = defaultdict(list)
    for endpoint in endpoints:
        by_shape[path_shape(endpoint.path)].append(endpoint)
    kept: list[Endpoint] = []
    for shape_endpoints in by_shape.values():
        kept.extend(_typed(_merge_shape(shape_endpoints, diagnostics)))
    kept.sort(key=Endpoint.route_key)
    diagnostics.extend(_overload_warnings(kept, unique_path_templates))
    return kept, diagnostics


def _merge_shape(endpoints: list[Endpoint], diagnostics: list[Diagnostic]) -> list[Endpoint]:
    """One route shape: per type signature one spelling (X204), per method and signature one doc
    (X205)."""
    canonical: dict[tuple[str, ...], Endpoint] = {}
    taken: dict[tuple[str, tuple[str, ...]], Endpoint] = {}
    kept: list[Endpoint] = []
    for endpoint in endpoints:
        signature = type_signature(endpoint)
        first_spelling = canonical.setdefault(signature, endpoint)
        if endpoint.path != first_spelling.path:
            message = (
                f"{endpoint.method} {endpoint.path} is written {first_spelling.path} "
                f"(as in {first_spelling.source.file})"
            )
            diagnostics.append(diagnostic(Code.X204, endpoint.source, message))
            endpoint = rename_path_parameters(endpoint, first_spelling.path)
        first = taken.setdefault((endpoint.method, signature), endpoint)
        if first is not endpoint:
            message = (
                f"{endpoint.operation_id} repeats {endpoint.method} {endpoint.path} of "
                f"{first.operation_id} ({first.source}) with the same parameter types; dropped"
            )
            diagnostics.append(diagnostic(Code.X205, endpoint.source, message))
            continue
        kept.append(endpoint)
    return kept


def _typed(endpoints: list[Endpoint]) -> list[Endpoint]:
    """Endpoints of one shape; those sharing their method with another (of other parameter types,
    after _merge_shape) match their integer parameters by type."""
    methods = [endpoint.method for endpoint in endpoints]
    return [
        (
            endpoint.model_copy(update={"typed_parameters": integer_parameters(endpoint)})
            if methods.count(endpoint.method) > 1
            else endpoint
        )
        for endpoint in endpoints
    ]


def integer_parameters(endpoint: Endpoint) -> tuple[str, ...]:
    return tuple(
        name
        for name, kind in zip(path_parameter_names(endpoint.path), type_signature(endpoint))
        if kind == INTEGER
    )


def overload_key(endpoint: Endpoint) -> tuple[str, str]:
    return endpoint.method, path_shape(endpoint.path)


def _overload_warnings(endpoints: list[Endpoint], unique_path_templates: bool) -> list[Diagnostic]:
    """X210 for each operation sharing its method and route shape with an earlier one."""
    first: dict[tuple[str, str], Endpoint] = {}
    diagnostics: list[Diagnostic] = []
    for placement in placements(endpoints, unique_path_templates):
        endpoint = placement.endpoint
        earlier = first.setdefault(overload_key(endpoint), endpoint)
        if earlier is not endpoint:
            diagnostics.append(
                diagnostic(Code.X210, endpoint.source, _overload_message(placement, earlier))
            )
    return diagnostics


def _overload_message(placement: Placement, first: Endpoint) -> str:
    endpoint = placement.endpoint
    kinds, first_kinds = "/".join(type_signature(endpoint)), "/".join(type_signature(first))
    told_apart = (
        f"{endpoint.operation_id} ({endpoint.method} {placement.path}, {kinds}) and "
        f"{first.operation_id} ({first.method} {first.path}, {first_kinds}, {first.source}) "
        "differ only in parameter names and types: both are kept, the server tells them apart by "
        "type (integers first)"
    )
    if placement.overload:
        return (
            f"{told_apart}; openapi.json keeps {endpoint.operation_id} in {OVERLOADS_EXTENSION} of "
            f"the path item {placement.path_item}, so that no two path templates are equivalent, "
            "and tools reading only `paths` do not see it"
        )
    return (
        f"{told_apart}; openapi.json lists each under its own path template, as the vendor's spec "
        "does, which OpenAPI's rule against equivalent templates forbids (unique-path-templates "
        "keeps to the rule)"
    )


@dataclass(frozen=True)
class Placement:
    """Where an operation goes in the OpenAPI document: a path item, and its template there.

    `endpoint` has its path parameters renamed to the item's template, unless it is an `overload`:
    in the item's OVERLOADS_EXTENSION, under its own template, as its item has that method."""

    endpoint: Endpoint
    path_item: str  # the key in `paths`
    overload: bool

    @property
    def path(self) -> str:
        return self.endpoint.path


def placements(endpoints: Iterable[Endpoint], unique_path_templates: bool) -> list[Placement]:
    """Each operation's place in `paths`, in route order. By default each path template is a path
    item; with `unique_path_templates` a route shape has one path item (its first template in route
    order), and an operation of another template is renamed into it. An operation whose method its
    item already has is kept in the item's OVERLOADS_EXTENSION."""
    ordered = sorted(endpoints, key=Endpoint.route_key)
    first_path: dict[str, str] = {}
    for endpoint in ordered:
        first_path.setdefault(path_shape(endpoint.path), endpoint.path)
    taken: set[tuple[str, str]] = set()
    result: list[Placement] = []
    for endpoint in ordered:
        item = first_path[path_shape(endpoint.path)] if unique_path_templates else endpoint.path
        if (item, endpoint.method) in taken:
            result.append(Placement(endpoint, item, True))
            continue
        taken.add((item, endpoint.method))
        moved = rename_path_parameters(endpoint, item) if endpoint.path != item else endpoint
        result.append(Placement(moved, item, False))
    return result
