"""Routes across docs: one spelling per route shape, no two operations on one method and route, and an
order in which literal segments come before parameters (so no route shadows another)."""

from __future__ import annotations

import re
from collections import defaultdict

from generator.diagnostics import Code, diagnostic
from generator.model import Diagnostic, Endpoint

_PARAMETER = re.compile(r"\{([^{}/]+)\}")


def path_shape(path: str) -> str:
    return _PARAMETER.sub("{}", path).rstrip("/")


def rename_path_parameters(endpoint: Endpoint, canonical: str) -> Endpoint:
    """The endpoint moved to the canonical spelling of its route, its path parameters renamed to match."""
    renames = dict(zip(_PARAMETER.findall(endpoint.path), _PARAMETER.findall(canonical)))
    parameters = tuple(
        parameter.model_copy(update={"name": renames.get(parameter.name, parameter.name)})
        if parameter.location == "path"
        else parameter
        for parameter in endpoint.parameters
    )
    return endpoint.model_copy(update={"path": canonical, "parameters": parameters})


def merge_routes(endpoints: list[Endpoint]) -> tuple[list[Endpoint], list[Diagnostic]]:
    """Endpoints in route order, each route shape spelled one way, duplicates of a method+route dropped."""
    diagnostics: list[Diagnostic] = []
    by_shape: dict[str, list[Endpoint]] = defaultdict(list)
    for endpoint in endpoints:
        by_shape[path_shape(endpoint.path)].append(endpoint)
    kept: list[Endpoint] = []
    for shape_endpoints in by_shape.values():
        canonical = shape_endpoints[0].path
        taken: dict[str, Endpoint] = {}
        for endpoint in shape_endpoints:
            if endpoint.path != canonical:
                message = f"{endpoint.method} {endpoint.path} is written {canonical} (as in {shape_endpoints[0].source.file})"
                diagnostics.append(diagnostic(Code.X204, endpoint.source, message))
                endpoint = rename_path_parameters(endpoint, canonical)
            if endpoint.method in taken:
                first = taken[endpoint.method]
                message = f"{endpoint.operation_id} repeats {endpoint.method} {canonical} of {first.operation_id} ({first.source}); dropped"
                diagnostics.append(diagnostic(Code.X205, endpoint.source, message))
                continue
            taken[endpoint.method] = endpoint
            kept.append(endpoint)
    kept.sort(key=Endpoint.route_key)
    return kept, diagnostics
