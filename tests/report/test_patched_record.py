"""The API record after prose edits (snapshot.patched_record): the entries that name the edited doc
made again, the rest kept as text; None wherever the record is not one it can patch."""

from __future__ import annotations

from pathlib import Path

from generator.model import Api
from generator.pipeline import load_api
from generator.report.changes import changes_between
from generator.report.snapshot import (
    patched_record,
    patched_record_of,
    rebuilt_record,
    snapshot_of,
    to_json,
)
from generator.settings import Settings
from tests.report.shop_docs import edit, write_shop

HEAD = ("1.0", "templates", {"unique_path_templates": False})
FILE = "v1Shop_GetItem.md"


def shop(tmp_path: Path, name: str) -> Api:
    api, _ = load_api(write_shop(tmp_path / name), Settings())
    return api


def edited_shop(tmp_path: Path, old: str, new: str) -> tuple[bytes, Api]:
    """The record of the shop, and the shop with `old` replaced by `new` in one doc."""
    before = shop(tmp_path, "before")
    docs = write_shop(tmp_path / "after")
    edit(docs, FILE, old, new)
    after, _ = load_api(docs, Settings())
    return to_json(snapshot_of(before, *HEAD)).encode(), after


def reworded(tmp_path: Path) -> tuple[bytes, Api]:
    """The shop with one doc's description reworded two lines longer."""
    return edited_shop(tmp_path, "Gets an item.\n", "Gets an item,\nin two lines.\n\nAnd more.\n")


def test_a_reworded_doc_patches_its_entries_and_reports_its_description(tmp_path: Path) -> None:
    recorded, after = reworded(tmp_path)
    patched = patched_record(recorded, after, {FILE}, *HEAD)
    assert patched is not None
    assert patched.data == to_json(snapshot_of(after, *HEAD)).encode()
    assert patched.data != recorded
    assert set(patched.after["operations"]) == {"v1Shop_GetItem"}
    changes = changes_between(patched.before, patched.after)
    assert [change.kind for change in changes.changes] == ["description-changed"]


def test_a_record_of_other_settings_or_generator_is_not_patched(tmp_path: Path) -> None:
    recorded, after = reworded(tmp_path)
    assert patched_record(recorded, after, {FILE}, "2.0", *HEAD[1:]) is None
    assert patched_record(recorded, after, {FILE}, "1.0", "templates", {}) is None


def test_a_damaged_record_is_not_patched(tmp_path: Path) -> None:
    recorded, after = reworded(tmp_path)
    text = recorded.decode()
    start = text.index('"v1Shop_GetItem": ')
    damaged = text[:start] + '"v1Shop_GetItem": {"route": 3,' + text[text.index("\n", start) :]
    assert patched_record(damaged.encode(), after, {FILE}, *HEAD) is None
    assert patched_record(recorded[: len(recorded) // 2], after, {FILE}, *HEAD) is None
    assert patched_record(b"", after, {FILE}, *HEAD) is None


def test_an_edited_operation_the_record_does_not_place_in_its_doc_is_not_patched(
    tmp_path: Path,
) -> None:
    recorded, after = reworded(tmp_path)
    text = recorded.decode()
    start = text.index('"v1Shop_GetItem": ')
    end = text.index("\n", start)
    without = text[:start] + text[end + 1 :]  # the operation's line gone
    assert patched_record(without.encode(), after, {FILE}, *HEAD) is None


def test_the_untouched_entries_are_kept_as_text(tmp_path: Path) -> None:
    recorded, after = reworded(tmp_path)
    text = recorded.decode()
    other = next(line for line in text.split("\n") if line.startswith('"v1Shop_SaveOrder": '))
    marked = text.replace(other, other.replace('"route":', '"route": ', 1))
    patched = patched_record(marked.encode(), after, {FILE}, *HEAD)
    assert patched is not None
    assert other.replace('"route":', '"route": ', 1) in patched.data.decode()


def retyped(tmp_path: Path) -> tuple[bytes, Api]:
    """The shop with a property of the type Item typed otherwise."""
    return edited_shop(tmp_path, "| Price | double |", "| Price | string |")


def test_the_entries_of_named_operations_and_types_are_made_again(tmp_path: Path) -> None:
    """After a difference of the stored Api (resolve/stored.py): by name, not by file."""
    recorded, after = retyped(tmp_path)
    patched = patched_record_of(recorded, after, ["v1Shop_GetItem"], ["Item"], *HEAD)
    assert patched is not None
    assert patched.data == to_json(snapshot_of(after, *HEAD)).encode() != recorded
    assert set(patched.after["types"]) == {"Item"}
    changes = changes_between(patched.before, patched.after)
    assert changes.changes and all("Price" in change.subject for change in changes.changes)


def test_named_entries_the_record_lacks_are_not_patched(tmp_path: Path) -> None:
    recorded, after = retyped(tmp_path)
    assert patched_record_of(recorded, after, ["v1Shop_Other"], ["Item"], *HEAD) is None
    assert patched_record_of(recorded, after, [], ["Other"], *HEAD) is None
    assert patched_record_of(recorded, after, [], ["Item"], "2.0", *HEAD[1:]) is None


def test_entries_that_come_and_go_are_made_and_left_out_in_order(tmp_path: Path) -> None:
    """After a difference that adds or removes docs (resolve/stored.py, same_entries False): the
    record is made again of the kept lines and the new entries, as a record from nothing."""
    before = shop(tmp_path, "before")
    docs = write_shop(tmp_path / "after")
    (docs / FILE).unlink()
    after, _ = load_api(docs, Settings())
    gone_types = set(before.types) - set(after.types)
    recorded = to_json(snapshot_of(before, *HEAD)).encode()
    removed = rebuilt_record(recorded, after, [], [], *HEAD)
    assert removed is not None
    assert removed.data == to_json(snapshot_of(after, *HEAD)).encode()
    assert set(removed.before["operations"]) == {"v1Shop_GetItem"}
    assert set(removed.before["types"]) == gone_types and not removed.after["operations"]
    kinds = {change.kind for change in changes_between(removed.before, removed.after).changes}
    assert "operation-removed" in kinds
    # And back: the entries of the doc come again, in their places.
    added = rebuilt_record(removed.data, before, [], [], *HEAD)
    assert added is not None and added.data == recorded
    assert set(added.after["operations"]) == {"v1Shop_GetItem"}


def test_a_damaged_record_is_not_made_again(tmp_path: Path) -> None:
    recorded, after = retyped(tmp_path)
    text = recorded.decode()
    assert rebuilt_record(recorded, after, ["v1Shop_GetItem"], ["Item"], *HEAD) is not None
    start = text.index('"v1Shop_GetItem": ')
    damaged = text[:start] + '"v1Shop_GetItem": {"route": 3},' + text[text.index("\n", start) :]
    assert rebuilt_record(damaged.encode(), after, ["v1Shop_GetItem"], [], *HEAD) is None
    twice = text[:start] + text[start : text.index("\n", start) + 1] * 2 + text[start:]
    assert rebuilt_record(twice.encode(), after, [], [], *HEAD) is None
    assert rebuilt_record(recorded, after, [], [], "2.0", *HEAD[1:]) is None
    assert rebuilt_record(b"", after, [], [], *HEAD) is None
