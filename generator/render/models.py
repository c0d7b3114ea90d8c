"""Pydantic v2 models of the named types, one module per type, loaded lazily by the package.

The same models go into the client and the server package (each project installs alone). A type module
imports the types it refers to at its bottom, so types that refer to each other in a cycle import fine;
the package's `__getattr__` imports a type's module on first use, so importing the package is instant.

Template context (templates/models/):
- `model.py.j2`: `model` (a ModelContext), `package` (dotted package of the models)
- `__init__.py.j2`: `models` (list of ModelContext), `package`
- `_base.py.j2`: `package`
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from generator.model import Api, NamedType, Property
from generator.render.python import TypeNames, annotation, referenced_types


@dataclass(frozen=True)
class FieldContext:
    name: str  # python name (a PythonIdentifier)
    wire_name: str  # JSON name, the alias
    annotation: str
    description: str


@dataclass(frozen=True)
class ModelContext:
    type_name: str  # the docs' name of the type
    class_name: str
    module: str
    description: str
    fields: list[FieldContext]
    imports: list[tuple[str, str]]  # (module, class name) of the other types it refers to
    uses_literal: bool
    free_form: bool  # no properties known: any keys are kept


def field_names(named: NamedType) -> list[str]:
    """The properties' Python names, none equal to another property's wire name: pydantic validates by
    name and by alias, so such a name would also fill the other field. Only those names change."""
    wire_names = {prop.name for prop in named.properties}

    def clashes(prop: Property) -> bool:
        return prop.python_name in wire_names and prop.python_name != prop.name

    taken = {str(prop.python_name) for prop in named.properties if not clashes(prop)}
    result: list[str] = []
    for prop in named.properties:
        name, counter = str(prop.python_name), 2
        while clashes(prop) and (name in taken or name in wire_names):
            name, counter = f"{prop.python_name}_{counter}", counter + 1
        taken.add(name)
        result.append(name)
    return result


def model_context(named: NamedType, names: TypeNames) -> ModelContext:
    fields = [
        FieldContext(name, prop.name, annotation(prop.type, names), prop.description)
        for name, prop in zip(field_names(named), named.properties)
    ]
    mentioned = set().union(*(referenced_types(prop.type) for prop in named.properties)) - {named.name}
    imports: list[tuple[str, str]] = sorted(
        (names.modules[name], names.classes[name]) for name in mentioned if name in names.classes
    )
    return ModelContext(
        type_name=named.name,
        class_name=names.classes[named.name],
        module=names.modules[named.name],
        description=named.description,
        fields=fields,
        imports=imports,
        uses_literal=any("Literal[" in field.annotation for field in fields),
        free_form=not named.properties,
    )


def render_models(api: Api, environment: jinja2.Environment, package: str, folder: str) -> dict[str, str]:
    """Files of the `models` subpackage: `folder` is its path in OUT, `package` its dotted name."""
    names = TypeNames.of(api)
    models = [model_context(named, names) for named in api.types.values()]
    files = {
        f"{folder}/__init__.py": environment.get_template("models/__init__.py.j2").render(models=models, package=package),
        f"{folder}/_base.py": environment.get_template("models/_base.py.j2").render(package=package),
    }
    template = environment.get_template("models/model.py.j2")
    for model in models:
        files[f"{folder}/{model.module}.py"] = template.render(model=model, package=package)
    return files
