"""Python spellings of model types: annotations, class and module names of the named types."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Api, TypeRef
from generator.naming import ClassName, PythonIdentifier, module_name, unique

SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass(frozen=True)
class TypeNames:
    """Class and module name of every named type, unique within one package."""

    classes: dict[str, ClassName]
    modules: dict[str, PythonIdentifier]

    @classmethod
    def of(cls, api: Api) -> TypeNames:
        names = list(api.types)
        class_names = unique(api.types[name].class_name for name in names)
        modules = unique(module_name(class_name, fallback="model") for class_name in class_names)
        return cls(
            classes={name: ClassName(class_name) for name, class_name in zip(names, class_names)},
            modules={name: PythonIdentifier(module) for name, module in zip(names, modules)},
        )


def annotation(ref: TypeRef | None, names: TypeNames, qualifier: str = "") -> str:
    """The Python type of a value of this type (without `| None`); `qualifier` prefixes class names
    (`_models.` where the models are reached through their package)."""
    if ref is None or ref.kind == "any":
        return "Any"
    if ref.kind == "ref":
        return qualifier + names.classes[ref.ref] if ref.ref in names.classes else "dict[str, Any]"
    if ref.kind == "array":
        return f"list[{annotation(ref.items, names, qualifier)}]"
    if ref.kind == "object":
        return f"dict[str, {annotation(ref.values, names, qualifier)}]"
    if ref.kind == "string" and ref.format == "binary":
        return "bytes"
    if ref.enum:
        return "Literal[" + ", ".join(repr(value) for value in ref.enum) + "]"
    return SCALARS[ref.kind]


def referenced_types(ref: TypeRef | None) -> set[str]:
    """The named types a type mentions, at any depth."""
    if ref is None:
        return set()
    own = {ref.ref} if ref.kind == "ref" and ref.ref else set()
    return own | referenced_types(ref.items) | referenced_types(ref.values)
