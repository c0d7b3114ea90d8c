"""`--explain`: where every type, property type and body type came from (table, sample, merge, name)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Api, Endpoint, NamedType, Origin, TypeRef


def origin_text(origin: Origin | None) -> str:
    return f"  [{origin}]" if origin is not None else ""


def explain_type(named: NamedType) -> Iterator[str]:
    yield f"type {named.name}  [{named.origin}]"
    for prop in named.properties:
        yield f"  {prop.name}: {prop.type.describe()}{origin_text(_deepest_origin(prop.type))}"


def _deepest_origin(ref: TypeRef) -> Origin | None:
    """The origin of the most specific part: an array's items or a dictionary's values when inferred."""
    inner = ref.items or ref.values
    if inner is not None and inner.origin is not None and inner.origin.how == "sample":
        return inner.origin
    return ref.origin


def explain_endpoint(endpoint: Endpoint) -> Iterator[str]:
    yield f"operation {endpoint.operation_id}: {endpoint.method} {endpoint.path}  [{endpoint.source}]"
    body = endpoint.request_body
    if body is not None:
        yield f"  request body {body.name}: {body.type.describe()}{origin_text(_deepest_origin(body.type))}"
    for response in endpoint.responses:
        if response.type is not None:
            yield f"  response {response.status}: {response.type.describe()}{origin_text(_deepest_origin(response.type))}"


def explain(api: Api, names: set[str] | None = None) -> list[str]:
    """Lines telling where the facts came from; `names` limits them to some types and operation ids."""
    lines: list[str] = []
    for name, named in api.types.items():
        if names is None or name in names:
            lines.extend(explain_type(named))
    for endpoint in api.endpoints_in_route_order():
        if names is None or endpoint.operation_id in names:
            lines.extend(explain_endpoint(endpoint))
    return lines
