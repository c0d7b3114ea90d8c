"""Python types of model types as values that know their imports, and the names of the named types.

Generated modules reach everything they import through names that start with an underscore (`_t.Any`,
`_p.Field`, `_m.Person`, `_core.Operation`), and no name taken from a doc ever does (see
generator/naming.py): so no type, field or argument a doc names can shadow what the code imports. The
one exception is a model module's own imports of the types it refers to, which carry those types' own
class names (unique within the package).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from generator.model import Api, TypeRef
from generator.naming import ClassName, PythonIdentifier, module_name, pascal_case, unique
from generator.render.layout import Bracketed, assignment, code, python_literal

SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
# Public names of the models package that no model class may take.
RESERVED_CLASSES = frozenset({"ApiModel"})


@dataclass(frozen=True, order=True)
class Import:
    """One import statement: `import typing as _t`, `from .. import models as _m`, or, with `late`,
    `from .person import Person` placed at the bottom of a model module (types may refer to each other).
    """

    module: str
    name: str | None = None
    alias: str | None = None
    late: bool = False

    def statement(self) -> str:
        if self.name is None:
            return f"import {self.module}" + (f" as {self.alias}" if self.alias else "")
        alias = f" as {self.alias}" if self.alias and self.alias != self.name else ""
        return f"from {self.module} import {self.name}{alias}"


TYPING = Import("typing", alias="_t")
PYDANTIC = Import("pydantic", alias="_p")


@dataclass(frozen=True)
class PyType:
    """A type annotation as source code, with the imports that code needs."""

    code: str
    imports: frozenset[Import] = field(default=frozenset())
    # Module-level definitions the code names, as (name, statement): a type alias (`_Kind = ...`).
    definitions: frozenset[tuple[str, str]] = field(default=frozenset())

    def __str__(self) -> str:
        return self.code

    def or_none(self) -> PyType:
        return PyType(f"{self.code} | None", self.imports, self.definitions)

    def union(self, other: PyType) -> PyType:
        code = f"{self.code} | {other.code}"
        return PyType(code, self.imports | other.imports, self.definitions | other.definitions)

    @property
    def is_bytes(self) -> bool:
        return self.code == "bytes"


ANY = PyType("_t.Any", frozenset({TYPING}))
NONE = PyType("None")


def builtin(name: str) -> PyType:
    return PyType(name)


def generic(outer: str, *arguments: PyType) -> PyType:
    imports = frozenset().union(*(argument.imports for argument in arguments))
    definitions = frozenset().union(*(argument.definitions for argument in arguments))
    return PyType(f"{outer}[{', '.join(a.code for a in arguments)}]", imports, definitions)


def literal(values: Iterable[str]) -> PyType:
    return PyType(
        f"_t.Literal[{', '.join(python_literal(v) for v in values)}]", frozenset({TYPING})
    )


class LiteralAliases:
    """Module-level names for enumerations too long to read inline (`_FieldType = _t.Literal[...]`),
    one per distinct set of values, named after where they are first used."""

    INLINE_LENGTH = 40

    def __init__(self) -> None:
        self.names: dict[tuple[str, ...], str] = {}

    def spell(self, python_type: PyType, values: tuple[str, ...], used_as: str) -> PyType:
        if not values or len(python_type.code) <= self.INLINE_LENGTH:
            return python_type
        name = self.names.get(values)
        if name is None:
            wanted = "_" + (pascal_case(used_as) or "Choice")
            name = unique([wanted], taken=self.names.values())[0]
            self.names[values] = name
        items = [python_literal(value) for value in values]
        statement = code(
            assignment(name, Bracketed("_t.Literal", items, kind="subscript", brackets="[]"))
        )
        return PyType(name, frozenset({TYPING}), frozenset({(name, statement)}))


ModelSpelling = Callable[[ClassName, PythonIdentifier], PyType]


def through_models_package(alias: str = "_m", package: str = "..") -> ModelSpelling:
    """Models as attributes of the lazily loading models package: `_m.Person`."""
    reference = Import(package, "models", alias)
    return lambda class_name, module: PyType(f"{alias}.{class_name}", frozenset({reference}))


def sibling_module(class_name: ClassName, module: PythonIdentifier) -> PyType:
    """A model from inside the models package: `Person`, imported at the bottom from `.person`."""
    return PyType(class_name, frozenset({Import(f".{module}", class_name, late=True)}))


@dataclass(frozen=True)
class TypeNames:
    """Class and module name of every named type, unique within one package."""

    classes: dict[str, ClassName]
    modules: dict[str, PythonIdentifier]

    @classmethod
    def of(cls, api: Api) -> TypeNames:
        return cls.of_classes({name: named.class_name for name, named in api.types.items()})

    @classmethod
    def of_classes(cls, classes: Mapping[str, str]) -> TypeNames:
        """Of the types' names and the class names their docs give them (NamedType.class_name)."""
        names = sorted(classes)
        class_names = unique((classes[name] for name in names), taken=RESERVED_CLASSES)
        folded = unique(
            (module_name(class_name, fallback="model") for class_name in class_names),
            fold_case=True,
        )
        return cls(
            classes={name: ClassName(class_name) for name, class_name in zip(names, class_names)},
            modules={name: PythonIdentifier(module) for name, module in zip(names, folded)},
        )

    def python_type(self, ref: TypeRef | None, spell: ModelSpelling) -> PyType:
        """The Python type of a value of this type (without `| None`)."""
        if ref is None or ref.kind == "any":
            return ANY
        if ref.kind == "ref":
            if ref.ref in self.classes:
                return spell(self.classes[ref.ref], self.modules[ref.ref])
            return generic("dict", builtin("str"), ANY)
        if ref.kind == "array":
            return generic("list", self.python_type(ref.items, spell))
        if ref.kind == "object":
            return generic("dict", builtin("str"), self.python_type(ref.values, spell))
        if ref.is_binary:
            return builtin("bytes")
        if ref.enum:
            return literal(ref.enum)
        return builtin(SCALARS[ref.kind])


def import_lines(imports: Iterable[Import]) -> list[str]:
    """The top-of-module import statements, grouped as isort would: standard library and third party
    (absolute) first, then the package's own (relative), each group sorted, a blank line between."""
    top = sorted({i for i in imports if not i.late}, key=lambda i: (i.module, i.name or ""))
    groups: list[list[str]] = [[], [], []]
    for item in top:
        groups[_import_group(item.module)].append(item.statement())
    lines: list[str] = []
    for group in filter(None, groups):
        lines.extend(([""] if lines else []) + group)
    return lines


def _import_group(module: str) -> int:
    if module.startswith("."):
        return 2
    return 0 if module.split(".")[0] in sys.stdlib_module_names else 1
