"""Type cells of the doc tables (and response heading suffixes) read as TypeRefs."""

from __future__ import annotations

import re

from generator.model import Origin, Source, TypeKind, TypeRef

# Lower-cased cell -> (kind, format). `Integer` and `Number` (the capitalised body vocabulary) carry no
# format; resolve takes it from another table of the same type.
PRIMITIVES: dict[str, tuple[TypeKind, str | None]] = {
    "string": ("string", None),
    "int32": ("integer", "int32"),
    "int64": ("integer", "int64"),
    "integer": ("integer", None),
    "int": ("integer", "int32"),
    "long": ("integer", "int64"),
    "bool": ("boolean", None),
    "boolean": ("boolean", None),
    "double": ("number", "double"),
    "float": ("number", "float"),
    "decimal": ("number", "double"),
    "number": ("number", None),
    "date-time": ("string", "date-time"),
    "datetime": ("string", "date-time"),
    "date": ("string", "date"),
    "byte": ("string", "byte"),
    "binary": ("string", "binary"),
    "object": ("object", None),
    "array": ("array", None),
}
_TYPE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_ENUM = re.compile(r"^enum\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)


def is_capitalised_vocabulary(cell: str) -> bool:
    """`String`, `Integer`, `Number`, ...: the newer body-table words, which never carry a format."""
    word = cell.strip()
    return word[:1].isupper() and word.lower() in PRIMITIVES


def read_type_cell(cell: str, source: Source) -> TypeRef | None:
    """The type a cell names; `any` for an empty cell (an unnamed complex type); None when unreadable."""
    text = cell.strip().strip("`").strip()
    origin = Origin(how="table", sources=(source,))
    if not text:
        return TypeRef(kind="any", origin=origin)
    enum = _ENUM.match(text)
    if enum:
        values = tuple(value.strip() for value in enum.group(1).split(",") if value.strip())
        return TypeRef(kind="string", enum=values, origin=origin)
    primitive = PRIMITIVES.get(text.lower())
    if primitive is not None:
        kind, fmt = primitive
        return TypeRef(kind=kind, format=fmt, origin=origin)
    if _TYPE_NAME.match(text):
        return TypeRef(kind="ref", ref=text, origin=origin)
    return None
