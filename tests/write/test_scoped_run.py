"""A run that resolves the whole Api and finds it changed in some groups and types alone renders only
what those reach (render/plan.py, Scope.of_difference); OUT is then byte for byte what a run from
nothing writes. A change to what every group draws on renders everything."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import run
from generator.render.plan import PlanInputs
from generator.settings import Settings, Target
from tests.conftest import ROOT
from tests.write.fixture_docs import doc_path, doc_text
from tests.write.test_prose_path import (
    assert_as_from_nothing,
    edited,
    files,
    generate,
    write_groups,
)

EDITS: dict[str, Callable[[str], str]] = {
    "two body properties renamed": lambda text: text.replace(
        "| WidgetId | int32 |", "| WidgetKey | int32 |"
    ).replace("Note | string |", "Remark | string |"),
    "two body properties added": lambda text: text.replace(
        "| WidgetId | int32 |",
        "| Colour | string | Its colour. |\n| Shade | string | Its shade. |\n| WidgetId | int32 |",
    ),
    "another method": lambda text: text.replace(
        "POST /api/v1/Agents/Widget/Beta", "PUT /api/v1/Agents/Widget/Beta"
    ),
    "an Authorization header": lambda text: text.replace(
        "| Content-Type |", "| Authorization | Basic. |\n| Content-Type |"
    ),
    "a response's type": lambda text: text.replace(
        "## Response: bool", "## Response: int32"
    ).replace("### Response body: bool", "### Response body: int32"),
}


# The models each edit renders again: those of the type it changes.
MODELS = {
    "two body properties renamed": ["models/beta_request.py"],
    "two body properties added": ["models/beta_request.py"],
    "another method": [],
    "an Authorization header": [],  # its rows' lines moved: no model shows them
    "a response's type": [],
}


@pytest.mark.parametrize("name", EDITS)
def test_an_edit_beyond_prose_renders_in_scope_and_writes_what_a_run_from_nothing_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    edit = EDITS[name]
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    edited(docs, "Beta", edit)
    rendered: list[str] = []  # the models a plan renders
    models = PlanInputs.models.func  # type: ignore[attr-defined]

    def spied(inputs: PlanInputs) -> object:
        found = models(inputs)
        rendered.extend(found.files("package", "models"))
        return found

    monkeypatch.setattr(PlanInputs, "models", property(spied))
    result = generate(docs, out)
    monkeypatch.undo()
    assert result.scoped and not result.patched and result.written
    assert sorted(set(rendered)) == MODELS[name]
    assert_as_from_nothing(docs, out, tmp_path)


def test_a_new_doc_with_a_type_of_its_own_renders_in_scope(tmp_path: Path) -> None:
    """A new operation and a new type: the group and the type are rendered, the outputs of one
    part per operation made again in order, the models' index with the new model."""
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    doc_path(docs, "Omega").write_text(doc_text("Omega"), encoding="utf-8")
    result = generate(docs, out)
    assert result.scoped and not result.patched and result.written
    index = out / "client/src/generated_api/models/__init__.py"
    assert "OmegaRequest" in index.read_text(encoding="utf-8")
    assert_as_from_nothing(docs, out, tmp_path)


def test_the_last_doc_of_a_group_removed_renders_in_scope(tmp_path: Path) -> None:
    """Its operation, its type and its group are gone: the plan claims their files."""
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    gone = {
        "client/src/generated_api/api/sprocket_agent.py",
        "client/src/generated_api/models/eta_request.py",
        "server/src/generated_api_server/routers/sprocket_agent.py",
        "schemas/EtaRequest.json",
    }
    assert all((out / path).is_file() for path in gone)
    (docs / "sprocket" / "v1SprocketAgent_Eta.md").unlink()
    result = generate(docs, out)
    assert result.scoped and result.written
    assert not any((out / path).exists() for path in gone)
    assert_as_from_nothing(docs, out, tmp_path)


def test_a_doc_copied_and_removed_again_renders_in_scope(tmp_path: Path) -> None:
    """A doc with samples copied as another operation of its group (sharing its types), then
    removed: each run renders in scope and writes what a run from nothing does, the sample cases
    of the copy added and then gone."""
    docs, out = tmp_path / "docs", tmp_path / "out"
    shutil.copytree(ROOT / "tests/client/docs", docs)
    generate(docs, out)
    original = docs / "v1WidgetAgent_GetWidget.md"
    copy = docs / "v1WidgetAgent_GetWidgetCopied.md"
    copy.write_text(
        original.read_text(encoding="utf-8").replace("GetWidget", "GetWidgetCopied"),
        encoding="utf-8",
    )
    result = generate(docs, out)
    assert result.scoped and result.written
    cases = (out / "client/tests/samples.json").read_text(encoding="utf-8")
    assert "v1WidgetAgent_GetWidgetCopied" in cases
    assert_as_from_nothing(docs, out, tmp_path / "added")
    copy.unlink()
    result = generate(docs, out)
    assert result.scoped and result.written
    assert_as_from_nothing(docs, out, tmp_path / "removed")


def test_an_output_changed_by_hand_is_rendered_again(tmp_path: Path) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    model = out / "client/src/generated_api/models/alpha_request.py"
    model.write_text(model.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    edited(docs, "Beta", EDITS["two body properties renamed"])
    result = run(docs, out, Settings(jobs=1, force=True))
    assert not result.scoped and result.written
    assert_as_from_nothing(docs, out, tmp_path)


def test_with_the_typescript_target_an_edit_beyond_prose_writes_what_a_run_from_nothing_does(
    tmp_path: Path,
) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    settings = Settings(jobs=1, targets=tuple(Target))
    run(docs, out, settings)
    edited(docs, "Beta", EDITS["two body properties renamed"])
    assert run(docs, out, settings).scoped
    fresh = tmp_path / "fresh"
    run(docs, fresh, settings)
    assert files(out) == files(fresh)


def test_a_sample_exchange_removed_renders_in_scope(tmp_path: Path) -> None:
    """Its contract cases are gone: the last run's cases are made again without them."""
    docs, out = tmp_path / "docs", tmp_path / "out"
    shutil.copytree(ROOT / "tests/client/docs", docs)
    generate(docs, out)
    doc = docs / "v1WidgetAgent_SaveWidget.md"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text[: text.index("## Sample request")], encoding="utf-8")
    result = generate(docs, out)
    assert result.scoped and result.written
    assert_as_from_nothing(docs, out, tmp_path)


def test_with_templates_of_its_own_a_run_renders_everything(tmp_path: Path) -> None:
    """An overriding template may read anything of its context (here every group's endpoints)."""
    docs, out, templates = write_groups(tmp_path / "docs"), tmp_path / "out", tmp_path / "templates"
    readme = templates / "server/README.md.j2"
    readme.parent.mkdir(parents=True)
    readme.write_text(
        "{% for group in groups %}{{ group.endpoints | length }}\n{% endfor %}", encoding="utf-8"
    )
    settings = Settings(jobs=1, templates=templates)
    run(docs, out, settings)
    edited(docs, "Beta", EDITS["two body properties renamed"])
    assert not run(docs, out, settings).scoped
    edited(docs, "Beta", lambda text: text.replace("Does Beta", "Really does Beta"))
    assert run(docs, out, settings).patched  # the local path, rendering everything
    fresh = tmp_path / "fresh"
    run(docs, fresh, settings)
    assert files(out) == files(fresh)
