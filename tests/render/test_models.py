"""The models renderer: one module per type, lazily loaded, cycles import, wire names round-trip."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from generator.model import Api, NamedType, Origin, Property, Source, TypeRef
from generator.naming import class_name, python_identifier
from generator.render.environment import make_environment
from generator.render.models import SharedModels, field_names, render_models
from generator.write.formatting import format_python

HERE = Source(file="t.md", line=1)


def named(name: str, *properties: tuple[str, TypeRef]) -> NamedType:
    return NamedType(
        name=name,
        class_name=class_name(name),
        description=f'A {name}. """ \\ closing quotes and a backslash',
        properties=tuple(
            Property(
                name=wire,
                python_name=python_identifier(wire),
                type=ref,
                description="",
                source=HERE,
            )
            for wire, ref in properties
        ),
        sources=(HERE,),
        origin=Origin(how="table"),
    )


@pytest.fixture()
def package(tmp_path: Path) -> object:
    person = named(
        "Person",
        ("PersonId", TypeRef(kind="integer")),
        ("Contact", TypeRef(kind="ref", ref="Contact")),
    )
    contact = named(
        "Contact",
        ("Persons", TypeRef(kind="array", items=TypeRef(kind="ref", ref="Person"))),
        ("class", TypeRef(kind="string")),
        ("Extra", TypeRef(kind="object", values=TypeRef(kind="string"))),
    )
    api = Api(title="t", version="1", groups=(), types={"Contact": contact, "Person": person})
    for path, text in render_models(
        api, make_environment(), "pkg_models_t.models", "pkg_models_t/models"
    ).items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(format_python(text))
    (tmp_path / "pkg_models_t" / "__init__.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    yield importlib.import_module("pkg_models_t.models")
    sys.path.remove(str(tmp_path))
    for name in [name for name in sys.modules if name.startswith("pkg_models_t")]:
        del sys.modules[name]


def test_types_that_refer_to_each_other_validate_and_dump_wire_names(package: object) -> None:
    contact_class = getattr(package, "Contact")
    wire = {"Persons": [{"PersonId": 7, "Contact": None}], "class": "x", "Extra": {"a": "b"}}
    contact = contact_class.model_validate(wire)
    assert contact.persons[0].person_id == 7
    assert contact.class_ == "x"
    assert contact.model_dump(mode="json", exclude_unset=True) == wire


def test_models_are_imported_only_on_first_use(package: object) -> None:
    assert "pkg_models_t.models.person" not in sys.modules
    getattr(package, "Person")
    assert "pkg_models_t.models.person" in sys.modules


def test_unknown_keys_are_kept(package: object) -> None:
    person = getattr(package, "Person").model_validate({"PersonId": 1, "Nickname": "x"})
    assert person.model_dump(mode="json", exclude_unset=True) == {"PersonId": 1, "Nickname": "x"}


def test_a_python_name_never_equals_another_propertys_wire_name() -> None:
    widget = named(
        "Widget", ("WidgetId", TypeRef(kind="integer")), ("widget_id", TypeRef(kind="integer"))
    )
    assert [p.python_name for p in widget.properties] == [
        "widget_id",
        "widget_id",
    ]  # as resolve would not make them
    assert field_names(widget) == ["widget_id_2", "widget_id"]
    assert field_names(
        named("W", ("WidgetId", TypeRef(kind="integer")), ("x", TypeRef(kind="integer")))
    ) == ["widget_id", "x"]


def test_the_client_and_the_server_share_one_rendering_unless_a_template_reads_the_package(
    tmp_path: Path,
) -> None:
    person = named("Person", ("PersonId", TypeRef(kind="integer")))
    api = Api(title="t", version="1", groups=(), types={"Person": person})
    shared = SharedModels(api, make_environment())
    client, server = shared.files("c.models", "c/models"), shared.files("s.models", "s/models")
    assert client["c/models/person.py"] is server["s/models/person.py"]
    assert len(shared.rendered) == 1
    templates = tmp_path / "templates"
    (templates / "models").mkdir(parents=True)
    (templates / "models" / "_base.py.j2").write_text("# models of {{ package }}\n")
    own = SharedModels(api, make_environment(templates))
    assert own.files("c.models", "c/models")["c/models/_base.py"] == "# models of c.models\n"
    assert own.files("s.models", "s/models")["s/models/_base.py"] == "# models of s.models\n"
    (templates / "models" / "_base.py.j2").write_text('{% include "models/model.py.j2" %}\n')
    assert SharedModels(api, make_environment(templates)).by_package  # it might: not shared
