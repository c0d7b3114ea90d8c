"""All parsed docs to one Api: endpoints with typed parameters and bodies, groups, named types."""

from __future__ import annotations

from collections import defaultdict

from generator.diagnostics import Code, diagnostic
from generator.model import (
    Api,
    Diagnostic,
    Endpoint,
    Group,
    NamedType,
    Origin,
    ParsedDoc,
    Source,
    TypeRef,
)
from generator.naming import PythonIdentifier, class_name, module_name, python_identifier, unique
from generator.resolve.bodies import PATCH_OPERATION, BodyTyper
from generator.resolve.parameters import doc_parameters, doc_security
from generator.resolve.registry import TypeRegistry, named_type
from generator.resolve.routes import merge_routes
from generator.resolve.views import group_name, method_name, property_views

BUILTIN = Source(file="<builtin>", line=0)


def resolve(
    docs: list[ParsedDoc],
    title: str = "API",
    version: str = "1.0",
    unique_path_templates: bool = False,
) -> Api:
    """`unique_path_templates` only words the warnings (X210) for what render/openapi.py does."""
    return Resolver(docs).api(title, version, unique_path_templates)


class Resolver:
    def __init__(self, docs: list[ParsedDoc]) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.docs = self.unique_operations(
            sorted(docs, key=lambda doc: (doc.source.file, doc.operation_id))
        )
        views, referenced = property_views(self.docs)
        self.registry = TypeRegistry(views, referenced)

    def unique_operations(self, docs: list[ParsedDoc]) -> list[ParsedDoc]:
        seen: dict[str, ParsedDoc] = {}
        for doc in docs:
            first = seen.setdefault(doc.operation_id, doc)
            if first is not doc:
                message = f"operation id {doc.operation_id} is also used by {first.source.file}"
                self.diagnostics.append(diagnostic(Code.X206, doc.source, message))
        return list(seen.values())

    def api(self, title: str, version: str, unique_path_templates: bool = False) -> Api:
        endpoints = [self.endpoint(doc) for doc in self.docs]
        endpoints, route_problems = merge_routes(endpoints, unique_path_templates)
        types = self.registry.build_types()
        self.diagnostics.extend(self.registry.diagnostics)
        self.diagnostics.extend(route_problems)
        if any(_uses(endpoint, PATCH_OPERATION) for endpoint in endpoints):
            types[PATCH_OPERATION] = json_patch_operation()
        return Api(
            title=title,
            version=version,
            groups=tuple(self.groups(endpoints)),
            types=dict(sorted(types.items())),
            diagnostics=tuple(self.diagnostics),
            matched_keys=self.registry.matched_keys(),
        )

    def groups(self, endpoints: list[Endpoint]) -> list[Group]:
        by_group: dict[str, list[Endpoint]] = defaultdict(list)
        for endpoint in endpoints:
            by_group[endpoint.group].append(endpoint)
        names = sorted(by_group)
        python_names = unique(module_name(name, fallback="group") for name in names)
        return [
            Group(
                name=name,
                python_name=PythonIdentifier(python_name),
                class_name=class_name(name, fallback="Group"),
                endpoints=tuple(_unique_method_names(by_group[name])),
            )
            for name, python_name in zip(names, python_names)
        ]

    def endpoint(self, doc: ParsedDoc) -> Endpoint:
        typer = BodyTyper(doc, self.registry)
        request_body, responses = typer.request_body(), typer.responses()
        parameters, problems = doc_parameters(doc)
        self.diagnostics.extend([*typer.diagnostics, *problems])
        return Endpoint(
            operation_id=doc.operation_id,
            python_name=python_identifier(method_name(doc.operation_id), fallback="call"),
            group=group_name(doc.operation_id),
            method=doc.method,
            path=doc.path,
            summary=doc.summary,
            description=doc.description,
            notes=doc.notes,
            parameters=tuple(parameters),
            security=doc_security(doc),
            request_body=request_body,
            responses=responses,
            sample_request=doc.sample_request,
            sample_response=doc.sample_response,
            source=doc.source,
        )


def _unique_method_names(endpoints: list[Endpoint]) -> list[Endpoint]:
    names = unique(endpoint.python_name for endpoint in endpoints)
    return [
        (
            endpoint
            if name == endpoint.python_name
            else endpoint.model_copy(update={"python_name": python_identifier(name)})
        )
        for endpoint, name in zip(endpoints, names)
    ]


def _uses(endpoint: Endpoint, type_name: str) -> bool:
    body = endpoint.request_body
    return body is not None and body.type.items is not None and body.type.items.ref == type_name


def json_patch_operation() -> NamedType:
    """RFC 6902: the element of a JSON Patch request body."""
    rfc = Origin(how="default", note="RFC 6902 JSON Patch operation")
    fields = [
        (
            "op",
            TypeRef(kind="string", enum=("add", "remove", "replace", "move", "copy", "test")),
            "The operation.",
            BUILTIN,
        ),
        ("path", TypeRef(kind="string"), "JSON Pointer to the target location.", BUILTIN),
        ("value", TypeRef(kind="any"), "The value to add, replace or test.", BUILTIN),
        (
            "from",
            TypeRef(kind="string"),
            "JSON Pointer to the source location (move, copy).",
            BUILTIN,
        ),
    ]
    return named_type(
        PATCH_OPERATION, fields, (), rfc, "One operation of a JSON Patch document (RFC 6902)."
    )
