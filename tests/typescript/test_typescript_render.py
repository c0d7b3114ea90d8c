"""The TypeScript renderer, from the model: an interface per named type, a class per group, one method
per endpoint with typed results, names from the model's names, and lines laid out as Prettier does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.model import Api, TypeRef
from generator.pipeline import load_api
from generator.render.environment import make_environment
from generator.render.plan import render_plan
from generator.render.typescript import TypeNames, render_typescript, ts_type
from generator.render.typescript_layout import TsType, braces, member, signature, typed
from generator.settings import Settings, Target
from tests.conftest import ROOT

CLIENT_DOCS = ROOT / "tests" / "client" / "docs"
TS_DOCS = ROOT / "tests" / "typescript" / "docs"


@pytest.fixture(scope="module")
def api() -> Api:
    return load_api(CLIENT_DOCS, Settings())[0]


@pytest.fixture(scope="module")
def files(api: Api) -> dict[str, str]:
    return render_typescript(api, make_environment(), "fixture_api")


def test_the_target_is_opt_in_and_renders_only_under_typescript(api: Api) -> None:
    assert Target.TYPESCRIPT not in Settings().targets
    assert not any(path.startswith("typescript/") for path in render_plan(api, Settings()))
    plan = render_plan(api, Settings(targets=(Target.TYPESCRIPT,)))
    assert plan and all(path.startswith("typescript/") for path in plan)
    expected = {
        "package.json",
        "tsconfig.json",
        "README.md",
        ".gitignore",
        "src/index.ts",
        "src/client.ts",
    }
    assert {f"typescript/{name}" for name in expected} <= set(plan)


def test_rendering_is_deterministic(api: Api, files: dict[str, str]) -> None:
    assert render_typescript(api, make_environment(), "fixture_api") == files


def test_the_package_pins_its_tools_and_has_no_runtime_dependencies(files: dict[str, str]) -> None:
    package = json.loads(files["typescript/package.json"])
    assert package["name"] == "fixture-api" and package["type"] == "module"
    assert "dependencies" not in package
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in package["devDependencies"].values())
    assert set(package["devDependencies"]) == {"typescript", "prettier"}
    assert package["types"] == "./dist/index.d.ts"
    assert files["typescript/.gitignore"].split() == ["node_modules/", "dist/"]


def test_each_named_type_is_an_interface_with_wire_names_and_optional_properties(
    api: Api, files: dict[str, str]
) -> None:
    models = files["typescript/src/models.ts"]
    assert len(re.findall(r"^export interface ", models, flags=re.MULTILINE)) == len(api.types)
    widget = models[models.index("export interface Widget {") :].split("\n}\n")[0]
    for line in ["  WidgetId?: number;", "  class?: string;", '  "Name-With-Dash"?: string;']:
        assert line in widget
    assert '  "1stPlace"?: number;' in widget and "  $type?: string;" in widget
    assert "   * Primary key \"\"\" ''' \\ end\n" in widget  # the description, as TSDoc


def test_types_are_rendered_from_type_refs(api: Api) -> None:
    names = TypeNames.of(api)
    integer, text = TypeRef(kind="integer"), TypeRef(kind="string")
    assert (
        ts_type(TypeRef(kind="array", items=TypeRef(kind="ref", ref="Widget")), names).flat()
        == "Widget[]"
    )
    assert ts_type(TypeRef(kind="object", values=integer), names).flat() == "Record<string, number>"
    assert ts_type(TypeRef(kind="object"), names).flat() == "Record<string, unknown>"
    nested = TypeRef(kind="object", values=TypeRef(kind="array", items=text))
    assert ts_type(nested, names).flat() == "Record<string, string[]>"
    enum = TypeRef(kind="array", items=TypeRef(kind="string", enum=("a", "b")))
    assert ts_type(enum, names).flat() == '("a" | "b")[]'
    assert ts_type(TypeRef(kind="any"), names).flat() == "unknown"
    assert ts_type(TypeRef(kind="ref", ref="Unknown"), names).flat() == "Record<string, unknown>"


def test_every_endpoint_is_one_typed_async_method_of_its_groups_class(
    api: Api, files: dict[str, str]
) -> None:
    client = files["typescript/src/client.ts"]
    for group in api.groups:
        attribute = re.search(rf"readonly (\w+): {group.class_name}Api;", client)
        assert attribute is not None, group.name
        source = files[f"typescript/src/api/{group.python_name}.ts"]
        assert len(re.findall(r"^  async \w+\(", source, flags=re.MULTILINE)) == len(
            group.endpoints
        )
    assert 'import { CloseApi } from "./api/close.js";' in client
    close = files["typescript/src/api/close.ts"]
    assert (
        "async deleteClose(\n    closeId: string,\n    options: DeleteCloseOptions = {},\n  ): Promise<void> {"
        in close
    )
    assert "async image(closeId: number, options: ImageOptions): Promise<Blob> {" in close
    assert "  body: Blob | ArrayBuffer;" in close
    widget = files["typescript/src/api/widget_agent.ts"]
    assert "): Promise<models.Widget> {" in widget
    assert "  widgetId: number;" in widget  # a required query parameter: a required option
    assert "        $select: options.select,\n        Select: options.select2," in widget


def test_names_avoid_reserved_words_our_exports_and_globals() -> None:
    api = load_api(TS_DOCS, Settings())[0]
    files = render_typescript(api, make_environment(), "hostile")
    models = files["typescript/src/models.ts"]
    assert "export interface Client2 {" in models  # the docs' Client is not our Client
    source = files["typescript/src/api/constructor.ts"]
    assert "export class ConstructorApi {" in source
    assert "async delete_(" in source and "class_: " in source
    assert '["__proto__"]: options.proto,' in source  # an own key, not the prototype
    for name in ("options2?: string;", "signal2?: string;", "await_?: string;", "body?: models."):
        assert name in source
    assert "process.exit" not in "".join(re.findall(r"^(?!\s*\*).*$", source, flags=re.MULTILINE))


def layouts() -> str:
    """Types and signatures that do not fit on a line, laid out by us (tests/typescript/prettier_layouts.ts
    is Prettier's output for them; the Node tests check that file with Prettier itself)."""
    words = ("OnlyThis", "All", "ThisAndForward", "Another", "YetAnotherLongerValue")
    fits_alone = TsType.union([TsType.name(f'"{word}"') for word in words])
    too_long = TsType.union([TsType.name(f'"{word}"') for word in (*words, "More")])
    types = [fits_alone, TsType.array(fits_alone), too_long, TsType.array(too_long)]
    types += [
        TsType.record(fits_alone),
        TsType.record(too_long),
        TsType.record(TsType.array(too_long)),
    ]
    lines = [
        "export interface X {",
        *(typed("  ", "Mode?: ", ref, ";") for ref in types),
        "}",
        "class C {",
    ]
    for union in (fits_alone, too_long):
        parameters = [("mode", union, ""), ("options", TsType.name("GetSomethingOptions"), "{}")]
        lines.append(
            signature("  ", "async getSomethingLonger", parameters, ": Promise<void> {") + "}"
        )
    return "\n".join([*lines, "}"]) + "\n"


def test_types_break_as_prettier_breaks_them() -> None:
    assert layouts() == (ROOT / "tests" / "typescript" / "prettier_layouts.ts").read_text(
        encoding="utf-8"
    )
    assert typed("  ", "Mode?: ", TsType.name("A" * 90), ";") == "  Mode?: " + "A" * 90 + ";"


def test_members_signatures_and_braces_break_as_prettier_breaks_them() -> None:
    long_value = "options." + "x" * 70
    assert (
        member("      ", '"SO-AppToken"', long_value)
        == f'      "SO-AppToken":\n        {long_value},'
    )
    long_path = '"/api/v1/' + "p" * 80 + '"'
    assert (
        member("      ", "path", long_path) == f"      path: {long_path},"
    )  # never before a string
    parameters = [
        ("contactId", TsType.name("number"), ""),
        ("options", TsType.name("GetSomethingOptions"), "{}"),
    ]
    short = [("contactId", TsType.name("number"), ""), ("options", TsType.name("GetOptions"), "{}")]
    assert signature("  ", "async get", short, ": Promise<void> {") == (
        "  async get(contactId: number, options: GetOptions = {}): Promise<void> {"
    )
    assert signature("  ", "async getSomethingLonger", parameters, ": Promise<void> {") == (
        "  async getSomethingLonger(\n    contactId: number,\n    options: GetSomethingOptions = {},\n"
        "  ): Promise<void> {"
    )
    one = "A" * 80
    assert braces("import ", [one], ' from "./x.js";') == f'import {{ {one} }} from "./x.js";'
    assert (
        braces("export ", [one, "B"], ' from "./x.js";')
        == f'export {{\n  {one},\n  B,\n}} from "./x.js";'
    )


def test_samples_name_the_calls_and_the_doc_inconsistencies(files: dict[str, str]) -> None:
    samples = {
        case["operationId"]: case for case in json.loads(files["typescript/test/samples.json"])
    }
    widget = samples["v1WidgetAgent_GetWidget"]
    assert widget["group"] == "widgetAgent" and widget["method"] == "getWidget"
    assert (
        widget["options"]["widgetId"] == 42
    )  # the required query parameter, from the doc's example URL
    assert widget["options"]["acceptLanguage"] == "en"
    assert widget["credentials"] == ["tje0", "Tje0"]
    assert {case["inconsistency"] for case in samples.values()} <= {
        None,
        "the sample request shows no body, but the operation requires one",
        "a binary (image) response whose sample is JSON placeholder text",
    }


def test_templates_have_no_doc_text_of_their_own(files: dict[str, str]) -> None:
    template_dir = ROOT / "templates" / "typescript"
    assert sorted(p.relative_to(template_dir).as_posix() for p in template_dir.rglob("*.j2"))
    assert Path(template_dir / "src" / "core.ts.j2").read_text().count("{{") == 0


def test_group_attributes_and_classes_never_take_our_own_names() -> None:
    from generator.model import Group, NamedType, Origin
    from generator.naming import class_name, python_identifier, unique
    from generator.render.typescript import group_contexts

    names = ["BaseUrl", "base-url", "ClientOptions"]
    modules = unique(python_identifier(name) for name in names)
    groups = tuple(
        Group(name=n, python_name=python_identifier(m), class_name=class_name(n), endpoints=())
        for n, m in zip(names, modules)
    )
    types = {
        name: NamedType(
            name=name,
            class_name=class_name(name),
            description="",
            properties=(),
            sources=(),
            origin=Origin(how="default"),
        )
        for name in ("ClientOptions", "BaseUrlApi", "Promise")
    }
    api = Api(title="t", version="1", groups=groups, types=types)
    type_names = TypeNames.of(api)
    assert type_names.names == {
        "ClientOptions": "ClientOptions2",
        "BaseUrlApi": "BaseUrlApi",
        "Promise": "Promise_",
    }
    contexts = group_contexts(api, type_names)
    assert [c.attribute for c in contexts] == ["baseUrl2", "baseUrl3", "clientOptions"]
    assert [c.class_name for c in contexts] == ["BaseUrlApi2", "BaseUrlApi3", "ClientOptionsApi"]
    assert len({c.module for c in contexts}) == 3
