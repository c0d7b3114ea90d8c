"""Deterministic, incremental and owner-aware writing of OUT, through the pipeline's run()."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

import generator.pipeline
import generator.read.files
import generator.write.cache
import generator.write.output
from generator.pipeline import NoDocsError, RunResult, run
from generator.report.snapshot import SNAPSHOT_PATH
from generator.settings import Settings
from generator.write.manifest import MANIFEST_PATH, load_manifest
from generator.write.output import OutputError
from generator.write.stats import STATS_FILE
from tests.write.fixture_docs import (
    NAMES,
    Entry,
    contents,
    doc_path,
    doc_text,
    schema_path,
    siblings,
    snapshot,
    write_docs,
)

CACHE = ".generator/cache/"


def generate(docs: Path, out: Path, **settings: object) -> RunResult:
    return run(docs, out, Settings.model_validate(settings))


@pytest.fixture
def out(tmp_path: Path, docs: Path) -> Path:
    out = tmp_path / "out"
    generate(docs, out)
    return out


def changed_files(before: dict[str, Entry], after: dict[str, Entry]) -> set[str]:
    """Files (not folders, not the parse cache) added, removed, or with other bytes, inode or mtime."""

    def files(entries: dict[str, Entry]) -> dict[str, Entry]:
        return {p: e for p, e in entries.items() if e.data is not None and not p.startswith(CACHE)}

    old, new = files(before), files(after)
    return {path for path in old.keys() | new.keys() if old.get(path) != new.get(path)}


# ---------------------------------------------------------------------------------------------------
# Deterministic


def test_two_runs_give_byte_identical_output(tmp_path: Path, docs: Path) -> None:
    generate(docs, tmp_path / "first")
    generate(docs, tmp_path / "second")
    assert contents(tmp_path / "first") == contents(tmp_path / "second")
    assert {schema_path(name) for name in NAMES} < contents(tmp_path / "first").keys()


def test_output_does_not_depend_on_the_order_docs_are_found_in(
    tmp_path: Path, docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(docs, tmp_path / "sorted")
    found = generator.read.files.find_docs

    for seed in range(3):

        def shuffled(root: Path, seed: int = seed) -> list[Path]:
            paths = found(root)
            random.Random(seed).shuffle(paths)
            return paths

        monkeypatch.setattr(generator.read.files, "find_docs", shuffled)
        generate(docs, tmp_path / f"shuffled{seed}")
        assert contents(tmp_path / f"shuffled{seed}") == contents(tmp_path / "sorted")


def test_output_does_not_depend_on_where_docs_and_out_are(tmp_path: Path, docs: Path) -> None:
    elsewhere = tmp_path / "some" / "other" / "place"
    shutil.copytree(docs, elsewhere / "docs")
    generate(docs, tmp_path / "here")
    generate(elsewhere / "docs", elsewhere / "out")
    assert contents(tmp_path / "here") == contents(elsewhere / "out")
    manifest = (tmp_path / "here" / MANIFEST_PATH).read_text(encoding="utf-8")
    assert str(tmp_path) not in manifest and "\\" not in manifest


# ---------------------------------------------------------------------------------------------------
# Incremental


def test_a_run_with_nothing_changed_rewrites_nothing(docs: Path, out: Path) -> None:
    before = snapshot(out)
    result = generate(docs, out)
    assert result.up_to_date and result.docs_parsed == 0
    assert (
        "parse" not in result.timings
    )  # the fast path: hashes compared, nothing parsed or rendered
    assert snapshot(out) == before  # same bytes, inodes and mtimes, OUT itself included


def test_a_run_with_nothing_changed_replays_the_diagnostics(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    doc_path(docs, "Beta").write_text(
        doc_text("Beta", extra="\n| Colour | Shade |\n|---|---|\n| red | dark |\n")
    )
    first = generate(docs, tmp_path / "out")
    again = generate(docs, tmp_path / "out")
    assert first.diagnostics and again.up_to_date
    assert sorted(map(str, again.diagnostics)) == sorted(map(str, first.diagnostics))


def test_one_changed_doc_rewrites_only_its_outputs(docs: Path, out: Path) -> None:
    before = snapshot(out)
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="A different note."))
    result = generate(docs, out)
    after = snapshot(out)
    assert result.docs_parsed == 1
    mentioning = {
        path
        for path, entry in after.items()
        if entry.data is not None
        and b"A different note." in entry.data
        and not path.startswith(".generator/cache/")
    }
    assert {"openapi.json", schema_path("Beta")} <= mentioning
    # only the outputs the edit shows in, the manifest, and the API record (a description changed)
    assert changed_files(before, after) == mentioning | {MANIFEST_PATH, SNAPSHOT_PATH}


def recorded_stats(out: Path) -> dict[str, list[object]]:
    """The stats the last writing run recorded of its outputs (path -> [size, mtime_ns, hash])."""
    data = json.loads((out / STATS_FILE).read_text(encoding="utf-8"))
    return {key[4:]: entry for key, entry in data["files"].items() if key.startswith("out:")}


def test_the_recorded_stats_are_those_of_the_files_out_holds(docs: Path, out: Path) -> None:
    """Files carried over keep the stat the run took before linking them; written ones are stated
    afresh: either way, the record is what OUT holds, with each file's hash."""
    for note in ("A different note.", "A third note."):
        doc_path(docs, "Beta").write_text(doc_text("Beta", note=note))
        generate(docs, out)
        manifest = load_manifest(out)
        assert manifest is not None
        expected = {
            path: [(out / path).stat().st_size, (out / path).stat().st_mtime_ns, record.sha256]
            for path, record in manifest.outputs.items()
        }
        assert recorded_stats(out) == expected


def test_a_change_that_alters_no_output_rewrites_only_the_manifest(docs: Path, out: Path) -> None:
    before = snapshot(out)
    with doc_path(docs, "Beta").open("a") as doc:
        doc.write("\n\n")
    result = generate(docs, out)
    assert result.changes.changed == [MANIFEST_PATH] and not result.changes.added
    assert changed_files(before, snapshot(out)) == {MANIFEST_PATH}


def test_a_removed_doc_leaves_no_orphan(docs: Path, out: Path) -> None:
    before = snapshot(out)
    doc_path(docs, "Gamma").unlink()
    result = generate(docs, out)
    gamma_outputs = {path for path in before if "gamma" in path.lower()}
    assert schema_path("Gamma") in gamma_outputs
    assert set(result.changes.orphaned) == gamma_outputs
    after = snapshot(out)
    assert not gamma_outputs & set(after)
    assert schema_path("Gamma") not in load_manifest(out).outputs  # type: ignore[union-attr]
    assert all(
        after[schema_path(name)] == before[schema_path(name)] for name in ("Alpha", "Beta", "Delta")
    )


def test_docs_that_vanished_altogether_are_refused_and_out_kept(docs: Path, out: Path) -> None:
    before = snapshot(out)
    shutil.rmtree(docs / "agent")
    with pytest.raises(NoDocsError):
        generate(docs, out)
    assert snapshot(out) == before


def test_a_folder_emptied_of_orphans_goes_too(docs: Path, out: Path) -> None:
    for name in NAMES:
        doc_path(docs, name).write_text(
            doc_text(name).replace("## Request Body: request", "## Ignored")
        )
    generate(docs, out)
    assert not (out / "schemas").exists()
    assert (out / "openapi.json").is_file()


def test_a_deleted_or_edited_output_is_restored(docs: Path, out: Path) -> None:
    expected = contents(out)
    (out / schema_path("Alpha")).unlink()
    (out / "openapi.json").write_text("edited by hand")
    result = generate(docs, out)
    assert result.changes.added == [schema_path("Alpha")] and result.changes.changed == [
        "openapi.json"
    ]
    assert contents(out) == expected


def test_changing_a_shaping_setting_regenerates(docs: Path, out: Path) -> None:
    result = generate(docs, out, title="Widgets")
    assert "openapi.json" in result.changes.changed
    assert load_manifest(out).settings["title"] == "Widgets"  # type: ignore[union-attr]
    assert generate(docs, out, title="Widgets").up_to_date


def test_targets_are_one_setting_whatever_their_order(docs: Path, out: Path) -> None:
    assert generate(docs, out, targets="server,client,schema").up_to_date


# ---------------------------------------------------------------------------------------------------
# The parse cache


def test_the_parse_cache_is_used_and_pruned(docs: Path, out: Path) -> None:
    cache = out / ".generator" / "cache" / "parse"
    assert len(list(cache.iterdir())) == len(NAMES)
    doc_path(docs, "Delta").unlink()
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed."))
    assert generate(docs, out).docs_parsed == 1
    assert len(list(cache.iterdir())) == len(NAMES) - 1


def test_a_corrupt_cache_entry_is_parsed_again(tmp_path: Path, docs: Path, out: Path) -> None:
    for entry in (out / ".generator" / "cache" / "parse").iterdir():
        entry.write_text("{not json")
    # Two properties in front of the table's first: the full path, which reads every doc.
    first = "| WidgetName | string | Added. |\n| WidgetSize | int32 | Added. |\n| WidgetId |"
    doc_path(docs, "Beta").write_text(doc_text("Beta").replace("| WidgetId |", first))
    result = generate(docs, out)
    assert result.docs_parsed == len(NAMES)
    generate(docs, tmp_path / "fresh")
    assert contents(out) == contents(tmp_path / "fresh")


def prepended(name: str) -> str:
    """The doc with two properties in front of its table's first: the full path (two rows)."""
    two = "| WidgetName | string | Added. |\n| WidgetSize | int32 | Added. |\n| WidgetId |"
    return doc_text(name).replace("| WidgetId |", two)


def test_the_full_path_reads_only_the_docs_whose_stats_changed(
    tmp_path: Path, docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other docs' hashes come from their stats, and their parse results from the cache."""
    read: list[str] = []
    original = generator.read.files.read_doc

    def counted(root: Path, path: Path) -> object:
        read.append(path.relative_to(root).as_posix())
        return original(root, path)

    doc_path(docs, "Beta").write_text(prepended("Beta"))
    with monkeypatch.context() as patch:
        patch.setattr(generator.read.files, "read_doc", counted)
        patch.setattr(generator.pipeline, "read_doc", counted)
        result = generate(docs, out)
    beta = doc_path(docs, "Beta").relative_to(docs).as_posix()
    assert not result.patched and result.docs_parsed == 1
    assert sorted(set(read)) == [beta]
    generate(docs, tmp_path / "fresh")
    assert contents(out) == contents(tmp_path / "fresh")


def test_a_doc_whose_cache_entry_is_damaged_is_read_and_recorded_as_read(
    tmp_path: Path, docs: Path, out: Path
) -> None:
    """Its stat is trusted for its hash, but its entry is damaged: it is read, and the manifest
    records the hash of what was read (here a text edited behind a kept size and mtime)."""
    gamma = doc_path(docs, "Gamma")
    stat = gamma.stat()
    text = gamma.read_text()
    edited = text.replace("A note.", "B note.")
    assert len(edited) == len(text) and edited != text
    gamma.write_text(edited)
    os.utime(gamma, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    for entry in (out / ".generator" / "cache" / "parse").iterdir():
        entry.write_text("{not json")
    doc_path(docs, "Beta").write_text(prepended("Beta"))
    generate(docs, out)
    generate(docs, tmp_path / "fresh")
    assert load_manifest(out) == load_manifest(tmp_path / "fresh")
    assert contents(out) == contents(tmp_path / "fresh")


def test_a_doc_not_read_keeps_no_last_good_version_the_cache_lost(
    tmp_path: Path, docs: Path, out: Path
) -> None:
    """The sources index names only versions the cache holds: a run that did not read a doc
    cannot save its text again."""
    sources = out / ".generator" / "cache" / "sources"
    shutil.rmtree(sources)
    doc_path(docs, "Beta").write_text(prepended("Beta"))
    generate(docs, out)
    index = json.loads((out / ".generator" / "cache" / "sources.json").read_text())
    beta = doc_path(docs, "Beta").relative_to(docs).as_posix()
    assert list(index) == [beta]
    assert all((sources / f"{key}.json").is_file() for key in index.values())


def test_a_changed_generator_is_not_trusted_with_the_fast_path(
    docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(out)
    monkeypatch.setattr(generator.write.cache, "code_fingerprint", lambda: "another generator")
    result = generate(docs, out)
    assert result.docs_parsed == len(NAMES)  # the cache is keyed by the code, the fast path refused
    assert result.up_to_date  # same output: nothing rewritten

    def outputs_and_foreign(entries: dict[str, Entry]) -> dict[str, Entry]:
        return {p: e for p, e in entries.items() if not p.startswith(".generator")}

    assert outputs_and_foreign(snapshot(out)) == outputs_and_foreign(before)
    assert generate(docs, out).docs_parsed == 0  # the cache now knows this code


def test_a_doc_edited_while_a_run_works_is_read_again_by_the_next_run(
    docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stat a run records for a doc is the one from before it read the doc: an edit after the
    read (while the run parses, renders and writes) is never taken for the text the run saw."""

    def renamed(note: str) -> str:
        """Two rows in front of the table's first: the full path, which reads every doc."""
        first = "| Seen | int32 | Seen. |\n| Seen2 | int32 | Seen. |\n| WidgetId |"
        return doc_text("Beta", note=note).replace("| WidgetId |", first)

    doc_path(docs, "Beta").write_text(renamed("Seen by the run."))
    original = generator.read.files.read_docs

    def read_then_edit(root: Path, skip: object = None) -> object:
        found = original(root, skip)  # type: ignore[arg-type]
        doc_path(docs, "Beta").write_text(renamed("Edited meanwhile."))
        return found

    with monkeypatch.context() as patch:
        patch.setattr(generator.pipeline, "read_docs", read_then_edit)
        generate(docs, out)
    assert b"Seen by the run." in (out / schema_path("Beta")).read_bytes()
    again = generate(docs, out)
    assert not again.up_to_date and b"Edited meanwhile." in (out / schema_path("Beta")).read_bytes()


def test_the_cache_keeps_itself_out_of_version_control(out: Path) -> None:
    assert (out / ".generator" / "cache" / ".gitignore").read_text().splitlines()[-1] == "*"


# ---------------------------------------------------------------------------------------------------
# Files the generator did not write


def test_files_the_generator_did_not_write_are_never_touched(docs: Path, out: Path) -> None:
    (out / "NOTES.md").write_text("mine")
    (out / "schemas" / "extra.json").write_text("{}")
    (out / "empty").mkdir()
    (out / "private").mkdir(mode=0o700)
    (out / "private" / "key").write_text("secret")
    os.chmod(out / "private", 0o700)
    (out / "link").symlink_to("NOTES.md")
    (out / "folder-link").symlink_to("schemas")
    foreign = {
        p: e
        for p, e in snapshot(out).items()
        if p.split("/")[0] in ("NOTES.md", "empty", "private", "link", "folder-link")
        or p == "schemas/extra.json"
    }
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed."))
    doc_path(docs, "Gamma").unlink()
    generate(docs, out)
    after = snapshot(out)
    for path, entry in foreign.items():
        if entry.data is None and path in ("empty", "private"):  # folders: new ones, same mode
            assert after[path].mode == entry.mode
        elif path in ("link", "folder-link"):
            assert os.readlink(out / path) == ("NOTES.md" if path == "link" else "schemas")
        else:
            assert after[path] == entry, path  # same bytes, inode, mtime and mode


def test_a_file_created_in_out_while_a_run_builds_its_tree_survives_the_swap(
    docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    swap_in = generator.write.output._swap_in

    def swap_after_someone_wrote(staging: Path, target: Path) -> None:
        (target / "late.log").write_text("written during the run")
        (target / "logs").mkdir()
        (target / "logs" / "late.log").write_text("also")
        swap_in(staging, target)

    monkeypatch.setattr(generator.write.output, "_swap_in", swap_after_someone_wrote)
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed."))
    generate(docs, out)
    assert (out / "late.log").read_text() == "written during the run"
    assert (out / "logs" / "late.log").read_text() == "also"
    assert b"Changed." in (out / schema_path("Beta")).read_bytes()


def test_a_foreign_file_where_an_output_goes_is_refused_without_force(
    docs: Path, out: Path
) -> None:
    (out / schema_path("Epsilon")).write_text("mine")
    doc_path(docs, "Epsilon").write_text(doc_text("Epsilon"))
    before = snapshot(out)
    with pytest.raises(OutputError, match="did not write"):
        generate(docs, out)
    assert snapshot(out) == before
    generate(docs, out, force=True)
    assert (out / schema_path("Epsilon")).read_text() != "mine"


def test_a_foreign_folder_where_an_output_goes_is_refused(docs: Path, out: Path) -> None:
    (out / schema_path("Epsilon")).mkdir()
    doc_path(docs, "Epsilon").write_text(doc_text("Epsilon"))
    before = snapshot(out)
    with pytest.raises(OutputError, match="folder"):
        generate(docs, out)
    assert snapshot(out) == before and siblings(out) == []


def test_a_non_empty_out_without_manifest_is_refused_without_force(
    tmp_path: Path, docs: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "NOTES.md").write_text("mine")
    with pytest.raises(OutputError, match="--force"):
        generate(docs, out)
    assert sorted(os.listdir(out)) == ["NOTES.md"]
    generate(docs, out, force=True)
    assert (out / "NOTES.md").read_text() == "mine" and (out / "openapi.json").is_file()


def test_an_empty_out_is_written_without_force(tmp_path: Path, docs: Path) -> None:
    (tmp_path / "out").mkdir()
    assert not generate(docs, tmp_path / "out").up_to_date
    assert (tmp_path / "out" / "openapi.json").is_file()


def test_a_manifest_of_another_format_still_marks_the_generators_files(
    docs: Path, out: Path
) -> None:
    (out / MANIFEST_PATH).write_text('{"outputs": {"schemas/GoneRequest.json": {}}}')
    (out / "schemas" / "GoneRequest.json").write_text("{}")
    result = generate(docs, out)
    assert result.changes.orphaned == ["schemas/GoneRequest.json"]
    assert not (out / "schemas" / "GoneRequest.json").exists()


def test_out_may_be_a_symlink_to_a_folder(tmp_path: Path, docs: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "out").symlink_to("real")
    generate(docs, tmp_path / "out")
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed."))
    generate(docs, tmp_path / "out")
    assert (tmp_path / "out").is_symlink()
    assert b"Changed." in (tmp_path / "real" / schema_path("Beta")).read_bytes()
