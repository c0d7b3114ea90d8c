"""The local path of a run (generator/resolve/edits.py): a doc edited in its prose or its query
parameters only is read and parsed alone, and the Api patched from the last run's; OUT is then byte for byte what a run from
nothing writes. Anything else takes the full path, with the same result."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Collection
from pathlib import Path

import pytest

from generator.model import Api, NamedType
from generator.pipeline import RunResult, run
from generator.resolve.stored import StoredApi
from generator.settings import Settings
from generator.write.cache import MODEL_DIR, MODEL_INDEX, PARSE_DIR
from tests.conftest import ROOT
from tests.resolve.prose_edits import (
    new_first_paragraph,
    parameter_description,
    property_added_with_samples,
    property_description,
    property_type,
    property_type_and_prose,
    query_parameter_added,
    query_parameter_removed,
    query_parameter_required,
    query_parameter_type,
    sample_value,
)
from tests.write.fixture_docs import NAMES, doc_path, doc_text, write_docs

CACHE = ".generator/cache/"


def write_groups(docs: Path) -> Path:
    """The fixture docs (one group, WidgetAgent, where the tests edit), and two groups more: the
    prose path reads only the edited group's endpoints, and must write what a run from nothing
    does."""
    write_docs(docs)
    for group, names in (("Gadget", ("Epsilon", "Zeta")), ("Sprocket", ("Eta",))):
        for name in names:
            path = docs / group.lower() / f"v1{group}Agent_{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(doc_text(name).replace("Widget", group), encoding="utf-8")
    return docs


def generate(docs: Path, out: Path) -> RunResult:
    return run(docs, out, Settings(jobs=1))


def files(out: Path) -> dict[str, bytes]:
    """OUT's files but the cache (a build artefact, not output)."""
    found = {path.relative_to(out).as_posix(): path for path in out.rglob("*") if path.is_file()}
    return {name: path.read_bytes() for name, path in found.items() if not name.startswith(CACHE)}


def edited(docs: Path, name: str, edit: Callable[[str], str]) -> None:
    path = doc_path(docs, name)
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


def assert_as_from_nothing(docs: Path, out: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    generate(docs, fresh)
    assert files(out) == files(fresh)


def generate_spied(
    docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[RunResult, list[Collection[str] | None]]:
    """A run, and the groups each Api it read from the cache holds whole (None: all)."""
    read: list[Collection[str] | None] = []
    whole_api = StoredApi.api

    def spied(
        stored: StoredApi,
        whole: Collection[str] | None = None,
        types: dict[str, NamedType] | None = None,
    ) -> Api:
        read.append(whole)
        return whole_api(stored, whole, types)

    monkeypatch.setattr(StoredApi, "api", spied)
    result = generate(docs, out)
    monkeypatch.undo()
    return result, read


def test_a_prose_edit_reads_one_doc_and_writes_what_a_run_from_nothing_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    edited(docs, "Beta", new_first_paragraph)
    result, read = generate_spied(docs, out, monkeypatch)
    assert result.patched and result.docs_parsed == 1 and result.written
    assert read == [{"WidgetAgent"}]  # the other groups' endpoints are never read
    assert "Edited: a new first paragraph." in (out / "openapi.json").read_text(encoding="utf-8")
    assert_as_from_nothing(docs, out, tmp_path)


def test_a_record_changed_by_hand_is_made_whole_not_patched(tmp_path: Path) -> None:
    """The prose path patches OUT's API record only where it is the one the last run wrote."""
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    record = out / ".generator/api.json"
    text = record.read_text(encoding="utf-8")
    assert "POST /api/v1/Agents/Gadget/Zeta" in text
    record.write_text(text.replace("/Gadget/Zeta", "/Gadget/Other"), encoding="utf-8")
    edited(docs, "Beta", new_first_paragraph)
    result = generate(docs, out)
    assert result.patched and result.api_changes is not None
    assert "route-changed" in {change.kind for change in result.api_changes.changes}
    assert_as_from_nothing(docs, out, tmp_path)


def test_a_damaged_part_is_written_again_by_the_next_full_run(tmp_path: Path) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    folder = out / MODEL_DIR
    index = (folder / MODEL_INDEX).read_text(encoding="ascii").split("\n")[1:-1]
    part = folder / index[-1].split(" ")[0]
    data = part.read_bytes()
    part.write_bytes(data.replace(b'"name":"', b'"name":"#', 1)[:-1])  # the same size
    edited(docs, "Beta", lambda text: text.replace("| WidgetId | int32 |", "| WidgetId | string |"))
    assert not generate(docs, out).patched
    assert part.read_bytes() == data


def test_prose_edits_run_after_run_and_keep_the_parse_cache(tmp_path: Path) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    entries = len(list((out / PARSE_DIR).iterdir()))
    edited(docs, "Beta", new_first_paragraph)
    edited(docs, "Gamma", new_first_paragraph)
    assert generate(docs, out).patched
    edited(docs, "Beta", lambda text: text.replace("a new first", "another first"))
    assert generate(docs, out).patched  # the model the prose path saved serves the next run
    assert_as_from_nothing(docs, out, tmp_path / "first")
    # nothing pruned: the other docs' entries stay, and a structural edit parses that doc alone
    assert len(list((out / PARSE_DIR).iterdir())) >= entries
    first = "| WidgetName | string | Added. |\n| WidgetSize | int32 | Added. |\n| WidgetId |"  # two
    renamed = doc_text("Delta").replace("| WidgetId |", first)
    doc_path(docs, "Delta").write_text(renamed, encoding="utf-8")
    result = generate(docs, out)
    assert not result.patched and result.docs_parsed == 1
    assert_as_from_nothing(docs, out, tmp_path / "second")


def test_a_parameter_description_takes_the_prose_path(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for name in NAMES:
        path = doc_path(docs, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        extra_header = "| Accept-Language | The language. |\n| Content-Type |"
        path.write_text(doc_text(name).replace("| Content-Type |", extra_header), encoding="utf-8")
    out = tmp_path / "out"
    generate(docs, out)
    edited(docs, "Alpha", parameter_description)
    assert generate(docs, out).patched
    assert_as_from_nothing(docs, out, tmp_path)


def test_more_than_prose_takes_the_full_path_with_the_same_result(tmp_path: Path) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    two_rows = {"| WidgetId |": "| WidgetKey |", "Note |": "Remark |"}
    edited(docs, "Beta", lambda text: replaced(text, two_rows))
    result = generate(docs, out)
    assert not result.patched and result.docs_parsed == 1
    assert_as_from_nothing(docs, out, tmp_path)


def replaced(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


ADDED_ROW = "| WidgetId | int32 | The widget. |\n| WidgetName | string | Added. |"


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace("| WidgetId | int32 | The widget. |", ADDED_ROW),
        lambda text: text.replace("| BetaNote | string | A note. |\n", ""),
        lambda text: new_first_paragraph(text.replace("| BetaNote | string | A note. |\n", "")),
        lambda text: text.replace("| BetaNote |", "| BetaRemark |"),
        lambda text: text.replace("| BetaNote | string |", "| BetaRemark | int32 |"),
    ],
    ids=[
        "a row added",
        "a row removed",
        "a row removed and the prose",
        "a row renamed",
        "a row renamed and retyped",
    ],
)
def test_a_row_added_removed_or_renamed_takes_the_local_path_and_writes_what_a_run_from_nothing_does(
    tmp_path: Path, edit: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A property more, less or renamed in a table the doc names changes the type the table shows,
    and the registry names every table as before: the local path makes that type again whole."""
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    edited(docs, "Beta", edit)
    result, read = generate_spied(docs, out, monkeypatch)
    assert result.patched and result.docs_parsed == 1 and result.written
    assert read == [{"WidgetAgent"}]
    assert result.api_changes is not None and result.api_changes.changes
    assert_as_from_nothing(docs, out, tmp_path)


def test_a_row_added_to_the_first_place_of_a_table_or_the_first_removed_takes_the_local_path(
    tmp_path: Path,
) -> None:
    """The first row's line is the table's place, which the type's Sources hold: the type made
    again holds the new one."""
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    first = "| WidgetName | string | Added. |\n| WidgetId | int32 | The widget. |"
    edited(docs, "Beta", lambda text: text.replace("| WidgetId | int32 | The widget. |", first))
    result = generate(docs, out)
    assert result.patched and result.written
    assert_as_from_nothing(docs, out, tmp_path / "added")
    edited(docs, "Beta", lambda text: text.replace(first, ""))  # both rows gone: two rows
    assert not generate(docs, out).patched
    edited(docs, "Gamma", lambda text: text.replace("| WidgetId | int32 | The widget. |\n", ""))
    result = generate(docs, out)
    assert result.patched and result.written
    assert_as_from_nothing(docs, out, tmp_path / "removed")


def test_without_the_cached_model_a_prose_edit_takes_the_full_path(tmp_path: Path) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)

    def parts(folder: Path) -> list[Path]:
        names = (folder / MODEL_INDEX).read_text(encoding="ascii").split("\n")[1:-1]
        return [folder / name.split(" ")[0] for name in names]

    def garbled(folder: Path) -> None:  # the right key, then a part that is no Api's
        head = parts(folder)[0]
        head.write_bytes(b'{"groups": 1}')

    def cut(folder: Path) -> None:  # half of the types' part
        types = parts(folder)[1]
        types.write_bytes(types.read_bytes()[: types.stat().st_size // 2])

    def other_key(folder: Path) -> None:
        index = folder / MODEL_INDEX
        index.write_text("0" * 64 + index.read_text(encoding="ascii")[64:], encoding="ascii")

    damages: list[Callable[[Path], object]] = [
        lambda folder: (folder / MODEL_INDEX).write_bytes(b"garbage"),
        garbled,
        cut,
        other_key,
        lambda folder: parts(folder)[-1].unlink(),
        lambda folder: shutil.rmtree(folder),
    ]
    for damage in damages:
        damage(out / MODEL_DIR)
        edited(docs, "Beta", new_first_paragraph)
        result = generate(docs, out)
        assert not result.patched and result.written
        assert_as_from_nothing(docs, out, tmp_path / str(len(list(tmp_path.iterdir()))))


@pytest.mark.parametrize(
    "edit",
    [sample_value, property_added_with_samples],
    ids=["a sample value", "a property added, with its samples"],
)
def test_a_sample_edit_takes_the_local_path_and_writes_what_a_run_from_nothing_does(
    tmp_path: Path, edit: Callable[[str], str]
) -> None:
    """The sample of a table's body is the endpoint's (the mock replays it, the contract cases
    check it) and shows the values of the table's properties: the local path puts it in the
    endpoint and makes the properties whose values changed again."""
    docs, out = tmp_path / "docs", tmp_path / "out"
    shutil.copytree(ROOT / "tests" / "client" / "docs", docs)
    generate(docs, out)
    doc = docs / "v1WidgetAgent_GetWidget.md"
    text = doc.read_text(encoding="utf-8")
    assert edit(text) != text
    doc.write_text(edit(text), encoding="utf-8")
    result = generate(docs, out)
    assert result.patched and result.docs_parsed == 1 and result.written
    assert "client/tests/samples.json" in result.changes.changed
    assert_as_from_nothing(docs, out, tmp_path)


def test_a_prose_edit_of_a_doc_with_a_sample_exchange_patches_its_contract_case(
    tmp_path: Path,
) -> None:
    """The client's contract cases (client/tests/samples.json): the edited doc's group's are made
    again, the others' are the last run's lines."""
    docs, out = tmp_path / "docs", tmp_path / "out"
    shutil.copytree(ROOT / "tests" / "client" / "docs", docs)
    generate(docs, out)
    doc = docs / "v1WidgetAgent_GetWidget.md"
    doc.write_text(new_first_paragraph(doc.read_text(encoding="utf-8")), encoding="utf-8")
    assert generate(docs, out).patched
    assert "v1WidgetAgent_GetWidget (" in (out / "client/tests/samples.json").read_text("utf-8")
    assert_as_from_nothing(docs, out, tmp_path)


def test_a_damaged_part_of_the_cached_api_is_found_as_it_is_read(tmp_path: Path) -> None:
    """The prose path reads only some parts of the stored Api: each is checked against its name
    (its hash) as it is read, and a changed part of the same size is found then."""
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    index = (out / MODEL_DIR / MODEL_INDEX).read_text(encoding="ascii").split("\n")
    types = out / MODEL_DIR / index[2].split(" ")[0]
    data = bytearray(types.read_bytes())
    at = data.index(b'"name":') + 8
    data[at] = ord("#") if data[at] != ord("#") else ord("%")
    types.write_bytes(bytes(data))
    edited(docs, "Beta", new_first_paragraph)
    result = generate(docs, out)
    assert not result.patched and result.written
    assert_as_from_nothing(docs, out, tmp_path)


def test_a_run_keeps_the_parts_that_did_not_change_and_drops_the_rest(tmp_path: Path) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    folder = out / MODEL_DIR
    before = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    edited(docs, "Beta", new_first_paragraph)
    assert generate(docs, out).patched
    after = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    index = (folder / MODEL_INDEX).read_text(encoding="ascii").split("\n")[1:-1]
    assert set(after) == {MODEL_INDEX, *(line.split(" ")[0] for line in index)}
    kept = set(before) & set(after) - {MODEL_INDEX}
    assert kept and all(before[name] == after[name] for name in kept)
    assert set(after) - set(before) - {MODEL_INDEX}  # the edited group's part, made again


def test_outputs_the_scope_cannot_patch_are_rendered_from_the_whole_api(tmp_path: Path) -> None:
    """A data file the last run wrote, gone from OUT: the prose path still patches the Api, and
    renders everything from all of it."""
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    (out / "client/tests/samples.json").unlink()
    (out / "openapi.json").unlink()
    edited(docs, "Beta", new_first_paragraph)
    result = generate(docs, out)
    assert result.patched and result.written
    assert_as_from_nothing(docs, out, tmp_path)


def test_with_the_typescript_target_the_prose_path_reads_the_whole_api(tmp_path: Path) -> None:
    settings = Settings(jobs=1, targets=("schema", "client", "server", "typescript"))
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, settings)
    edited(docs, "Beta", new_first_paragraph)
    result = run(docs, out, settings)
    assert result.patched and result.written
    fresh = tmp_path / "fresh"
    run(docs, fresh, settings)
    assert files(out) == files(fresh)


def test_a_damaged_part_the_prose_path_reads_late_sends_the_run_down_the_full_path(
    tmp_path: Path,
) -> None:
    """A group's part, changed in place (same size), is read only when the scope cannot patch an
    output: the run then starts again on the full path, with the same result as ever."""
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    folder = out / MODEL_DIR
    index = (folder / MODEL_INDEX).read_text(encoding="ascii").split("\n")[1:-1]
    edited_file = doc_path(docs, "Beta").relative_to(docs).as_posix().encode()
    damaged = 0
    for line in index[2:]:  # the parts of the groups the edit is not in
        part = folder / line.split(" ")[0]
        data = part.read_bytes()
        if edited_file not in data:
            part.write_bytes(data.replace(b'"name":"', b'"name":"#', 1)[:-1])
            damaged += 1
    assert damaged
    edited(docs, "Beta", new_first_paragraph)
    (out / "openapi.json").unlink()  # the scope cannot patch it: the whole Api is read
    result = generate(docs, out)
    assert result.written and not result.patched
    assert_as_from_nothing(docs, out, tmp_path)


def test_the_api_as_earlier_generators_kept_it_is_removed(tmp_path: Path) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    legacy = [out / CACHE / "model", out / CACHE / "model.json.z"]
    for path in legacy:
        path.write_bytes(b"an Api, whole")
    edited(docs, "Beta", new_first_paragraph)
    assert generate(docs, out).patched
    assert not any(path.exists() for path in legacy)


QUERY = """## Query String Parameters

| Parameter Name | Type |  Description |
|----------------|------|--------------|
| $select | string | The fields to return. |
| widgetCount | int32 | How many widgets. |

## Request Headers"""


@pytest.mark.parametrize(
    "edit",
    [
        query_parameter_type,
        query_parameter_required,
        query_parameter_added,
        query_parameter_removed,
    ],
)
def test_a_query_parameter_edit_takes_the_local_path_and_writes_what_a_run_from_nothing_does(
    tmp_path: Path, edit: Callable[[str], str]
) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    edited(docs, "Beta", lambda text: text.replace("## Request Headers", QUERY, 1))
    generate(docs, out)
    before = (out / "openapi.json").read_text(encoding="utf-8")
    edited(docs, "Beta", edit)
    result = generate(docs, out)
    assert result.patched and result.docs_parsed == 1 and result.written
    assert (out / "openapi.json").read_text(encoding="utf-8") != before
    assert result.api_changes is not None and result.api_changes.changes
    assert_as_from_nothing(docs, out, tmp_path)


def test_a_query_parameter_that_takes_a_header_parameters_name_takes_the_full_path(
    tmp_path: Path,
) -> None:
    """Its Python name would move the header's (`accept_language_2`), which the client's defaults
    are made of: not a local edit's to patch."""
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    header = "| Accept-Language | The language. |\n| Content-Type |"
    edited(
        docs,
        "Beta",
        lambda text: text.replace("## Request Headers", QUERY, 1).replace(
            "| Content-Type |", header
        ),
    )
    generate(docs, out)
    edited(docs, "Beta", lambda text: text.replace("| widgetCount |", "| accept_language |"))
    result = generate(docs, out)
    assert not result.patched and result.written
    assert_as_from_nothing(docs, out, tmp_path)


@pytest.mark.parametrize("edit", [property_type, property_description, property_type_and_prose])
def test_a_property_cell_edit_takes_the_local_path_and_writes_what_a_run_from_nothing_does(
    tmp_path: Path, edit: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A property's type (a scalar) or description in a table changes the type the table shows:
    the local path makes that type again of the docs that show it."""
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    before = (out / "openapi.json").read_text(encoding="utf-8")
    edited(docs, "Beta", edit)
    result, read = generate_spied(docs, out, monkeypatch)
    assert result.patched and result.docs_parsed == 1 and result.written
    assert read == [{"WidgetAgent"}]
    assert (out / "openapi.json").read_text(encoding="utf-8") != before
    assert result.api_changes is not None and result.api_changes.changes
    assert_as_from_nothing(docs, out, tmp_path)


def shared_type_doc(group: str, name: str) -> str:
    """A GET doc whose response table is the type WidgetEntity, which docs of other groups show."""
    return f"""---
title: GET {group}/{name}
uid: v1{group}Entity_Get{name}
---

# GET {group}/{name}

```http
GET /api/v1/{group}/{name}
```

Gets a widget.

## Response: WidgetEntity

| Response | Description |
|----------------|-------------|
| 200 | OK |

### Response body: WidgetEntity

| Property Name | Type |  Description |
|----------------|------|--------------|
| WidgetId | int32 | The widget. |
| Name | string | Its name. |
"""


def test_a_property_cell_edit_renders_every_group_that_draws_on_the_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    for group, name in (("Gadget", "One"), ("Sprocket", "Two")):
        (docs / f"{group}_{name}.md").write_text(shared_type_doc(group, name), encoding="utf-8")
    generate(docs, out)
    path = docs / "Gadget_One.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("| int32 | The widget.", "| string | The widget."),
        encoding="utf-8",
    )
    result, read = generate_spied(docs, out, monkeypatch)
    assert result.patched and result.docs_parsed == 1 and result.written
    assert read == [{"GadgetEntity", "SprocketEntity"}]
    schema = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
    widget_id = schema["components"]["schemas"]["WidgetEntity"]["properties"]["WidgetId"]
    assert widget_id["type"] == ["string", "null"]  # the first table merged wins (Gadget's)
    assert_as_from_nothing(docs, out, tmp_path)


def test_a_property_typed_as_a_named_type_takes_the_full_path(tmp_path: Path) -> None:
    docs, out = write_groups(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    edited(docs, "Beta", lambda text: text.replace("| WidgetId | int32 |", "| WidgetId | Gadget |"))
    result = generate(docs, out)
    assert not result.patched and result.written
    assert_as_from_nothing(docs, out, tmp_path)
