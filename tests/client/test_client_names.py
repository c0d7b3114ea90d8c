"""Identifier safety and escaping: every doc name becomes a valid, unique Python name; doc text reaches
code only as string literals and docstrings."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from types import ModuleType

from generator.model import Api, Group
from generator.naming import class_name, python_identifier
from generator.render.client import CLIENT_ARGUMENTS, group_contexts, header_defaults
from tests.client.conftest import PACKAGE

INJECTION = (
    '"""; import os; os.system("echo injected") # \\ a backslash, {{ braces }} and {% tags %}'
)


def signature_names(function: object) -> list[str]:
    return [name for name in inspect.signature(function).parameters if name != "self"]  # type: ignore[arg-type]


def test_query_names_become_unique_snake_case_identifiers(package: ModuleType) -> None:
    names = signature_names(package.Client("http://x").widget_agent.get_widget)
    assert names[:9] == [
        "widget_id",  # required first
        "select",  # $select
        "select_2",  # Select: the same name after snake_casing
        "class_",  # a keyword
        "parent_child_name",  # dots and dashes
        "param_2nd_value",  # a leading digit
        "naive",  # unicode folded to ASCII
        "mode",
        "tags",
    ]
    assert names[9:] == [
        "headers"
    ]  # the documented headers are client defaults, overridden per call


def test_body_properties_do_not_take_the_names_of_parameters(package: ModuleType) -> None:
    names = signature_names(package.Client("http://x").widget_agent.save_widget)
    assert names == ["request", "select_2", "widget", "ids", "select", "headers"]


def test_model_fields_are_snake_case_with_wire_aliases(package: ModuleType) -> None:
    fields = {name: field.alias for name, field in package.models.Widget.model_fields.items()}
    assert fields == {
        "widget_id_3": "WidgetId",  # widget_id is the wire name of another field
        "class_": "class",
        "from_": "from",
        "name_with_dash": "Name-With-Dash",
        "type_": "$type",
        "value_1st_place": "1stPlace",
        "unicode": "Ünïcode",
        "widget_id_2": "widget_id",
        "updated": "Updated",
    }


def test_a_group_named_like_a_client_method_does_not_shadow_it(package: ModuleType) -> None:
    client = package.Client("http://x")
    assert callable(client.close) and hasattr(client, "close_2")
    assert [g.attribute for g in group_contexts(api_with_groups("Close", "aclose"))] == [
        "close_2",
        "aclose_2",
    ]


def test_default_header_arguments_avoid_the_client_keywords(package: ModuleType) -> None:
    assert {h.name for h in header_defaults(api_with_groups())}.isdisjoint(CLIENT_ARGUMENTS)
    assert signature_names(package.Client)[:5] == [
        "base_url",
        "auth",
        "accept_language",
        "so_app_token",
        "so_language",
    ]


def api_with_groups(*names: str) -> Api:
    groups = tuple(
        Group(
            name=name,
            python_name=python_identifier(name),
            class_name=class_name(name),
            endpoints=(),
        )
        for name in names
    )
    return Api(title="t", version="1", groups=groups, types={})


def attribute_docstrings(path: Path) -> dict[str, str]:
    """Field name -> the string statement under it, in a model module."""
    body = next(
        node for node in ast.parse(path.read_text()).body if isinstance(node, ast.ClassDef)
    ).body
    found = {}
    for field, after in zip(body, body[1:]):
        if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name):
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                found[field.target.id] = after.value.value
    return found


def test_doc_text_is_data_not_code(package: ModuleType, fixture_src: Path) -> None:
    method = package.Client("http://x").widget_agent.get_widget
    assert method.__doc__ is not None
    assert " ".join(method.__doc__.split()).startswith(
        " ".join(("Gets a widget. " + INJECTION).split())
    )
    assert attribute_docstrings(fixture_src / PACKAGE / "models" / "widget.py")["widget_id_3"] == (
        "Primary key \"\"\" ''' \\ end"
    )
    for path in (fixture_src / PACKAGE).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert "os" not in imported, path
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "system"
        ]
        assert not calls, path
