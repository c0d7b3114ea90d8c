"""Pydantic v2 models of the named types, one module per type, loaded lazily by the package.

The same models go into the client and the server package (each project installs alone; the texts are
the same, so they are rendered once: SharedModels). A type module imports the types it refers to at its
bottom, so types that refer to each other in a cycle import fine; the package's `__getattr__` imports a
type's module on first use, so importing the package is instant. A property's description is the
attribute docstring under its field, where editors show it.

Template context (templates/models/):
- `model.py.j2`: `model` (a ModelContext), `package` (dotted package of the models)
- `__init__.py.j2`: `models` (list of ModelEntry), `package`
- `_base.py.j2`: `package`
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
import jinja2.meta
import jinja2.nodes

from generator.model import Api, NamedType, Property
from generator.render.layout import (
    Bracketed,
    assignment,
    call,
    code,
    import_from,
    python_literal,
)
from generator.render.python import (
    PYDANTIC,
    Import,
    PyType,
    TypeNames,
    import_lines,
    sibling_module,
)

BASE = Import("._base", "ApiModel", "_ApiModel")


@dataclass(frozen=True)
class FieldContext:
    name: str  # python name (a PythonIdentifier)
    wire_name: str  # JSON name, the alias
    annotation: PyType
    description: str
    statement: str  # the field's line(s): `name: T | None = _p.Field(None, alias="Wire")`, laid out


@dataclass(frozen=True)
class ModelEntry:
    """A model as the package's index (`__init__.py`) lists it."""

    class_name: str
    module: str

    @property
    def type_checking_import(self) -> str:
        """`from .module import Class`, laid out under `if` (the package's `__all__` re-exports
        it)."""
        return import_from(f".{self.module}", [self.class_name], 1)

    @property
    def module_entry(self) -> str:
        """`"Class": "module",` of the package's index of modules, laid out in its dict (the
        module's name in parentheses of its own where the line is too long, as black keeps it)."""
        key, value = python_literal(self.class_name), python_literal(self.module)
        return code(Bracketed(f"{key}: ", [value], ",", "invisible"), 1)


@dataclass(frozen=True)
class ModelContext(ModelEntry):
    type_name: str  # the docs' name of the type
    description: str
    fields: list[FieldContext]
    imports: str  # the import statements at the top (after `from __future__ import annotations`)
    late_imports: list[str]  # imports of the other types it refers to, at the bottom
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


def field_context(name: str, prop: Property, names: TypeNames) -> FieldContext:
    annotation = names.python_type(prop.type, sibling_module)
    field = call("_p.Field", "default=None", f"alias={python_literal(prop.name)}")
    statement = assignment(f"{name}: {annotation.or_none()}", field)
    return FieldContext(name, prop.name, annotation, prop.description, code(statement, 1))


def model_context(named: NamedType, names: TypeNames) -> ModelContext:
    fields = [
        field_context(name, prop, names) for name, prop in zip(field_names(named), named.properties)
    ]
    own = names.classes[named.name]
    imports = {BASE} | ({PYDANTIC} if fields else set())
    imports |= {item for f in fields for item in f.annotation.imports if item.name != own}
    late = sorted(item for item in imports if item.late)
    return ModelContext(
        type_name=named.name,
        class_name=own,
        module=names.modules[named.name],
        description=named.description,
        fields=fields,
        imports="\n".join(import_lines(imports)),
        late_imports=[item.statement() for item in late],
        free_form=not named.properties,
    )


MODEL_TEMPLATES = ("models/__init__.py.j2", "models/_base.py.j2", "models/model.py.j2")


def render_models(
    api: Api, environment: jinja2.Environment, package: str, folder: str
) -> dict[str, str]:
    """Files of the `models` subpackage: `folder` is its path in OUT, `package` its dotted name."""
    return SharedModels(api, environment).files(package, folder)


class SharedModels:
    """The `models` subpackage of one Api, rendered once for every package whose models are the same
    text: when no model template reads `package` (the built-in ones do not), the client's and the
    server's models are one rendering."""

    def __init__(
        self,
        api: Api,
        environment: jinja2.Environment,
        names: TypeNames | None = None,
        only: frozenset[str] | None = None,
        index: bool = False,
    ) -> None:
        """`only`: the modules of the types named alone (in a scoped plan, render/plan.py Scope),
        without the package's own (its names are as before), but for its index (`__init__.py`)
        where `index` (types were added)."""
        self.api, self.environment, self.only, self.index = api, environment, only, index
        self.names = names or TypeNames.of(api)
        self.by_package = any(_reads(environment, name, "package") for name in MODEL_TEMPLATES)
        self.rendered: dict[str, dict[str, str]] = {}

    def files(self, package: str, folder: str) -> dict[str, str]:
        key = package if self.by_package else ""
        if key not in self.rendered:
            self.rendered[key] = self.render(package)
        return {f"{folder}/{name}": text for name, text in self.rendered[key].items()}

    def render(self, package: str) -> dict[str, str]:
        """Module file name (in the models folder) -> text."""
        names, only, environment = self.names, self.only, self.environment
        models = [
            model_context(named, names)
            for name, named in self.api.types.items()
            if only is None or name in only
        ]
        files = {}
        if only is None or self.index:
            entries = [
                ModelEntry(names.classes[name], names.modules[name]) for name in self.api.types
            ]
            files["__init__.py"] = environment.get_template("models/__init__.py.j2").render(
                models=entries, package=package
            )
        if only is None:
            files["_base.py"] = environment.get_template("models/_base.py.j2").render(
                package=package
            )
        template = environment.get_template("models/model.py.j2")
        for model in models:
            files[f"{model.module}.py"] = template.render(model=model, package=package)
        return files


def _reads(environment: jinja2.Environment, name: str, variable: str) -> bool:
    """Whether a template may read a context variable: it names it, or it includes, imports or
    extends another template (which might)."""
    assert environment.loader is not None
    source = environment.loader.get_source(environment, name)[0]
    tree = environment.parse(source)
    others = (
        jinja2.nodes.Include,
        jinja2.nodes.Import,
        jinja2.nodes.FromImport,
        jinja2.nodes.Extends,
    )
    if any(tree.find_all(others)):
        return True
    return variable in jinja2.meta.find_undeclared_variables(tree)
