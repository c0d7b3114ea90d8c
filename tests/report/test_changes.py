"""The API change report: each kind of edit to the docs, classified exactly, with its doc file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator
from generator.pipeline import RunResult, load_api, run
from generator.report.changes import ApiChanges, Bump, Category, api_changes
from generator.report.snapshot import (
    SNAPSHOT_ADAPTER,
    SNAPSHOT_PATH,
    Baseline,
    Recorded,
    snapshot_of,
    to_json,
)
from generator.settings import Settings
from generator.write.manifest import MANIFEST_PATH
from tests.report.shop_docs import DELETE_ITEM, GET_ITEM, SAVE_ORDER, edit, line_of, write_shop
from tests.write.fixture_docs import snapshot

SCHEMA_ONLY = Settings(
    targets=("schema",)
)  # the report does not depend on the targets: keep runs fast


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return write_shop(tmp_path / "docs")


@pytest.fixture
def out(tmp_path: Path, docs: Path) -> Path:
    out = tmp_path / "out"
    first = run(docs, out, SCHEMA_ONLY)
    assert first.api_changes is not None and first.api_changes.baseline is Baseline.FRESH
    return out


def report_of(result: RunResult) -> ApiChanges:
    assert result.api_changes is not None
    return result.api_changes


def listed(report: ApiChanges) -> list[tuple[str, str, str, str]]:
    """(category, kind, subject, file:line) of every change, in report order."""
    return [
        (change.category.value, change.kind, change.subject, str(change.source))
        for change in report.changes
    ]


# ---------------------------------------------------------------------------------------------------
# The five edits the issue names, through run()


def test_no_change_is_no_change_on_the_fast_path_and_on_a_full_run(docs: Path, out: Path) -> None:
    fast = run(docs, out, SCHEMA_ONLY)
    assert fast.up_to_date and report_of(fast).compared
    assert report_of(fast).changes == () and report_of(fast).bump is Bump.NONE
    with (docs / "v1Shop_GetItem.md").open("a", encoding="utf-8") as doc:
        doc.write("\n\n")  # a new input, the same API: parsed and compared again
    full = run(docs, out, SCHEMA_ONLY)
    assert full.docs_parsed == 1 and report_of(full).compared
    assert listed(report_of(full)) == [] and report_of(full).bump is Bump.NONE


def test_removing_a_doc_is_breaking_and_fail_on_breaking_writes_nothing(
    docs: Path, out: Path
) -> None:
    (docs / "v1Shop_GetItem.md").unlink()
    before = snapshot(out)
    refused = run(docs, out, SCHEMA_ONLY.model_copy(update={"fail_on_breaking": True}))
    expected = [
        ("breaking", "operation-removed", "v1Shop_GetItem", "v1Shop_GetItem.md:8"),
        ("breaking", "type-removed", "Item", f"v1Shop_GetItem.md:{line_of(GET_ITEM, '| ItemId')}"),
    ]
    assert listed(report_of(refused)) == expected and report_of(refused).bump is Bump.MAJOR
    assert refused.withheld and not refused.up_to_date
    assert snapshot(out) == before  # not a byte, inode or mtime changed, the parse cache included
    accepted = run(docs, out, SCHEMA_ONLY)  # accepting the break: a run without the flag
    assert listed(report_of(accepted)) == expected and not accepted.withheld
    assert not (out / "schemas" / "Item.json").exists()
    assert listed(report_of(run(docs, out, SCHEMA_ONLY))) == []  # the record moved on


def test_retyping_a_property_is_breaking(docs: Path, out: Path) -> None:
    edit(docs, "v1Shop_GetItem.md", "| Price | double |", "| Price | string |")
    report = report_of(run(docs, out, SCHEMA_ONLY))
    line = line_of(GET_ITEM, "| Price")
    assert listed(report) == [
        ("breaking", "property-type-changed", "Item.Price", f"v1Shop_GetItem.md:{line}")
    ]
    assert (report.changes[0].before, report.changes[0].after) == ("number(double)", "string")
    assert report.bump is Bump.MAJOR


def test_adding_a_doc_is_minor(docs: Path, out: Path) -> None:
    write_shop(docs, {"v1Shop_DeleteItem.md": DELETE_ITEM})
    report = report_of(run(docs, out, SCHEMA_ONLY))
    assert listed(report) == [
        ("non-breaking", "operation-added", "v1Shop_DeleteItem", "v1Shop_DeleteItem.md:8")
    ]
    assert report.changes[0].after == "DELETE /api/v1/Shop/Item/{itemId}"
    assert report.bump is Bump.MINOR


def test_editing_a_description_is_patch(docs: Path, out: Path) -> None:
    edit(docs, "v1Shop_GetItem.md", "What the item is called.", "Its name.")
    report = report_of(run(docs, out, SCHEMA_ONLY))
    line = line_of(GET_ITEM, "| Name")
    assert listed(report) == [
        ("description", "description-changed", "Item.Name", f"v1Shop_GetItem.md:{line}")
    ]
    assert report.bump is Bump.PATCH
    assert (report.count(Category.BREAKING), report.count(Category.DESCRIPTION)) == (0, 1)


# ---------------------------------------------------------------------------------------------------
# Every other kind, on the model (no OUT needed)


def changes_after(tmp_path: Path, *edits: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    docs = write_shop(tmp_path / "before")
    before = snapshot_of(load_api(docs, Settings())[0], "0.1.0", "t", {})
    for name, old, new in edits:
        edit(docs, name, old, new)
    after = snapshot_of(load_api(docs, Settings())[0], "0.1.0", "t", {})
    recorded = Recorded(Baseline.RECORDED, to_json(before).encode())
    report = api_changes(recorded, after)
    return [(c.category.value, c.kind, c.subject) for c in report.changes]


GET = "v1Shop_GetItem.md"
SAVE = "v1Shop_SaveOrder.md"


@pytest.mark.parametrize(
    "edits, expected",
    [
        pytest.param(
            [(GET, "| $select | string | Fields to include. |", "")],
            [("breaking", "parameter-removed", "v1Shop_GetItem query $select")],
            id="parameter removed",
        ),
        pytest.param(
            [(GET, "| $select | string |", "| $select | int32 |")],
            [("breaking", "parameter-type-changed", "v1Shop_GetItem query $select")],
            id="parameter retyped",
        ),
        pytest.param(
            [(GET, "Fields to include. |", "**Required** Fields to include. |")],
            [("breaking", "parameter-made-required", "v1Shop_GetItem query $select")],
            id="optional parameter made required",
        ),
        pytest.param(
            [(GET, "| $select | string | Fields to include. |", "| $select | string | Fields. |")],
            [("description", "description-changed", "v1Shop_GetItem query $select")],
            id="parameter description",
        ),
        pytest.param(
            [
                (
                    GET,
                    "| $select | string | Fields to include. |\n",
                    "| $select | string | Fields to include. |\n| limit | int32 | At most. |\n",
                )
            ],
            [("non-breaking", "parameter-added", "v1Shop_GetItem query limit")],
            id="optional parameter added",
        ),
        pytest.param(
            [
                (
                    GET,
                    "| $select | string | Fields to include. |\n",
                    "| $select | string | Fields to include. |\n| limit | int32 | **Required** At most. |\n",
                )
            ],
            [("breaking", "required-parameter-added", "v1Shop_GetItem query limit")],
            id="required parameter added",
        ),
        pytest.param(
            [(GET, "| 404 | Not Found. |\n", "")],
            [("breaking", "status-removed", "v1Shop_GetItem 404")],
            id="status removed",
        ),
        pytest.param(
            [(GET, "| 404 | Not Found. |\n", "| 404 | Not Found. |\n| 409 | Conflict. |\n")],
            [("non-breaking", "status-added", "v1Shop_GetItem 409")],
            id="status added",
        ),
        pytest.param(
            [(GET, "| Price | double | What it costs. |\n", "")],
            [("breaking", "property-removed", "Item.Price")],
            id="property removed",
        ),
        pytest.param(
            [
                (
                    GET,
                    "| Price | double | What it costs. |\n",
                    "| Price | double | What it costs. |\n| Stock | int32 | How many. |\n",
                )
            ],
            [("non-breaking", "property-added", "Item.Stock")],
            id="property added",
        ),
        pytest.param(
            [(GET, "GET /api/v1/Shop/Item/{itemId}\n```", "GET /api/v1/Shop/Items/{itemId}\n```")],
            [("non-breaking", "route-changed", "v1Shop_GetItem")],
            id="route changed",
        ),
        pytest.param(
            [(GET, "Gets an item.", "Gets one item.")],
            [("description", "description-changed", "v1Shop_GetItem")],
            id="operation description",
        ),
        pytest.param(
            [
                (SAVE, "| Quantity | int32 |", "| Quantity | string |"),
                (GET, "Gets an item.", "Gets one item."),
            ],
            [
                ("breaking", "property-type-changed", "SaveOrderBody.Quantity"),
                ("description", "description-changed", "v1Shop_GetItem"),
            ],
            id="breaking first, then by name",
        ),
    ],
)
def test_each_kind_of_change_is_classified(
    tmp_path: Path, edits: list[tuple[str, str, str]], expected: list[tuple[str, str, str]]
) -> None:
    assert changes_after(tmp_path, *edits) == expected


BODY = SAVE_ORDER[SAVE_ORDER.index("## Request Body") : SAVE_ORDER.index("## Response")]


def test_a_body_removed_is_breaking_and_added_is_breaking(tmp_path: Path) -> None:
    removed = changes_after(tmp_path / "removed", (SAVE, BODY, ""))
    assert removed == [
        ("breaking", "body-removed", "v1Shop_SaveOrder body"),
        ("breaking", "type-removed", "SaveOrderBody"),
    ]
    docs = write_shop(tmp_path / "added")
    edit(docs, SAVE, BODY, "")
    before = snapshot_of(load_api(docs, Settings())[0], "0.1.0", "t", {})
    edit(docs, SAVE, "## Response: bool", BODY + "## Response: bool")
    after = snapshot_of(load_api(docs, Settings())[0], "0.1.0", "t", {})
    report = api_changes(Recorded(Baseline.RECORDED, to_json(before).encode()), after)
    assert [(c.category.value, c.kind, c.subject) for c in report.changes] == [
        ("breaking", "body-added", "v1Shop_SaveOrder body"),
        ("non-breaking", "type-added", "SaveOrderBody"),
    ]


# ---------------------------------------------------------------------------------------------------
# What OUT holds to compare with


def test_a_fresh_out_and_an_out_without_a_record_say_so_and_never_fail(
    docs: Path, tmp_path: Path
) -> None:
    fresh = run(docs, tmp_path / "new", SCHEMA_ONLY.model_copy(update={"fail_on_breaking": True}))
    assert report_of(fresh).baseline is Baseline.FRESH and report_of(fresh).bump is Bump.UNKNOWN
    assert not fresh.withheld and (tmp_path / "new" / SNAPSHOT_PATH).is_file()
    (tmp_path / "new" / SNAPSHOT_PATH).unlink()  # as an older generator left OUT
    (docs / "v1Shop_GetItem.md").unlink()
    older = run(docs, tmp_path / "new", SCHEMA_ONLY.model_copy(update={"fail_on_breaking": True}))
    assert report_of(older).baseline is Baseline.UNRECORDED and report_of(older).changes == ()
    assert not older.withheld and SNAPSHOT_PATH in older.changes.added
    assert (tmp_path / "new" / SNAPSHOT_PATH).is_file()


def test_a_record_of_another_format_is_not_guessed_from(docs: Path, out: Path) -> None:
    (out / SNAPSHOT_PATH).write_text('{"format": 99}\n', encoding="utf-8")
    result = run(docs, out, SCHEMA_ONLY.model_copy(update={"check": True}))
    assert report_of(result).baseline is Baseline.UNRECORDED
    assert SNAPSHOT_PATH in result.changes.changed and not result.up_to_date


def test_a_record_is_read_against_the_current_api_and_a_bad_entry_is_never_guessed_from(
    docs: Path,
) -> None:
    """Only entries that differ from the current API are validated; a malformed one among them makes
    the whole record unreadable, as a malformed record is."""
    api, _ = load_api(docs, SCHEMA_ONLY)
    current = snapshot_of(api, "1", "t", {})
    data = to_json(current)
    assert Recorded(Baseline.RECORDED, data.encode()).read_against(current) == current
    name = next(iter(current["operations"]))
    broken = data.replace(f'"{name}": {{"at":', f'"{name}": {{"unknown":7,"at":', 1)
    assert broken != data
    assert Recorded(Baseline.RECORDED, broken.encode()).read_against(current) is None
    assert Recorded(Baseline.RECORDED, b"[1, 2]").read_against(current) is None
    assert Recorded(Baseline.RECORDED, b"{not json").read_against(current) is None


def test_check_compares_too_and_reports_the_record_as_stale(docs: Path, out: Path) -> None:
    edit(docs, "v1Shop_GetItem.md", "| Price | double |", "| Price | string |")
    result = run(
        docs, out, SCHEMA_ONLY.model_copy(update={"check": True, "fail_on_breaking": True})
    )
    assert [c.kind for c in report_of(result).changes] == ["property-type-changed"]
    assert not result.withheld  # --check writes nothing anyway
    assert {SNAPSHOT_PATH, MANIFEST_PATH} <= set(result.changes.changed)


def test_a_changed_generator_version_and_template_set_are_named(
    docs: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    (templates / "models").mkdir(parents=True)
    (templates / "models" / "_base.py.j2").write_text("# overridden\n", encoding="utf-8")
    monkeypatch.setattr(generator, "__version__", "9.9.9")
    result = run(docs, out, SCHEMA_ONLY.model_copy(update={"templates": templates}))
    report = report_of(result)
    assert report.changes == () and report.bump is Bump.NONE
    assert next((item.name, item.after) for item in report.context) == ("generator", "9.9.9")
    assert [item.name for item in report.context] == ["generator", "templates"]


def test_the_record_is_deterministic_and_one_entry_a_line(
    docs: Path, out: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    run(docs, again, SCHEMA_ONLY)
    data = (out / SNAPSHOT_PATH).read_bytes()
    assert data == (again / SNAPSHOT_PATH).read_bytes()
    snapshot_read = SNAPSHOT_ADAPTER.validate_json(data)
    assert to_json(snapshot_read).encode() == data
    lines = data.decode().splitlines()
    assert sum(line.startswith('"v1Shop_') for line in lines) == 2
    assert str(tmp_path) not in data.decode()
