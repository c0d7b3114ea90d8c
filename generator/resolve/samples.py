"""Types read off sample JSON values: what the tables never say (array items, dictionary values, dates).

A sample is one example, so it only ever refines a type: it never makes an enum, and `null` says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import JsonValue

from generator.model import Origin, TypeRef

_ISO_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
INT32_RANGE = range(-(2**31), 2**31)

# Given the keys of a sample object, the name of the known type it is, or None.
TypeMatcher = Callable[[list[str]], str | None]


def is_iso_date_time(value: str) -> bool:
    return bool(_ISO_DATE_TIME.match(value))


def infer_type(value: JsonValue, match: TypeMatcher, origin: Origin | None = None) -> TypeRef | None:
    """The type a sample value shows, or None when it shows nothing (null, empty list or object)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return TypeRef(kind="boolean", origin=origin)
    if isinstance(value, int):
        return TypeRef(kind="integer", format="int32" if value in INT32_RANGE else "int64", origin=origin)
    if isinstance(value, float):
        return TypeRef(kind="number", format="double", origin=origin)
    if isinstance(value, str):
        return TypeRef(kind="string", format="date-time" if is_iso_date_time(value) else None, origin=origin)
    if isinstance(value, list):
        items = first_known(value, match, origin)
        return TypeRef(kind="array", items=items, origin=origin)
    return infer_object(value, match, origin)


def infer_object(value: dict[str, JsonValue], match: TypeMatcher, origin: Origin | None) -> TypeRef | None:
    if not value:
        return None
    name = match(list(value))
    if name is not None:
        return TypeRef(kind="ref", ref=name, origin=origin)
    values = [infer_type(item, match, origin) for item in value.values()]
    kinds = {ref.without_origin() for ref in values if ref is not None}
    if len(kinds) == 1 and all(ref is not None for ref in values):
        return TypeRef(kind="object", values=values[0], origin=origin)
    return TypeRef(kind="object", origin=origin)


def first_known(values: list[JsonValue], match: TypeMatcher, origin: Origin | None) -> TypeRef | None:
    """The item type of a sample list: the first non-null item's type."""
    for value in values:
        found = infer_type(value, match, origin)
        if found is not None:
            return found
    return None
