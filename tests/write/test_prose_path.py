"""The prose path of a run (generator/resolve/prose.py): a doc edited in its prose only is read and
parsed alone, and the Api patched from the last run's; OUT is then byte for byte what a run from
nothing writes. Anything else takes the full path, with the same result."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from generator.pipeline import RunResult, run
from generator.settings import Settings
from generator.write.cache import MODEL_FILE, PARSE_DIR
from tests.conftest import ROOT
from tests.resolve.prose_edits import new_first_paragraph, parameter_description
from tests.write.fixture_docs import NAMES, doc_path, doc_text, write_docs

CACHE = ".generator/cache/"


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


def test_a_prose_edit_reads_one_doc_and_writes_what_a_run_from_nothing_does(
    tmp_path: Path,
) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    edited(docs, "Beta", new_first_paragraph)
    result = generate(docs, out)
    assert result.patched and result.docs_parsed == 1 and result.written
    assert "Edited: a new first paragraph." in (out / "openapi.json").read_text(encoding="utf-8")
    assert_as_from_nothing(docs, out, tmp_path)


def test_prose_edits_run_after_run_and_keep_the_parse_cache(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
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
    doc_path(docs, "Delta").write_text(doc_text("Delta", note="Another note."), encoding="utf-8")
    edited(
        docs, "Delta", lambda text: text.replace("| WidgetId | int32 |", "| WidgetId | string |")
    )
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
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    edited(docs, "Beta", lambda text: text.replace("| WidgetId | int32 |", "| WidgetId | int64 |"))
    result = generate(docs, out)
    assert not result.patched and result.docs_parsed == 1
    assert_as_from_nothing(docs, out, tmp_path)


def test_without_the_cached_model_a_prose_edit_takes_the_full_path(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)

    def garbled(model: Path) -> None:  # the right key, then JSON that is no Api's
        key = model.read_bytes().split(b"\n", 1)[0]
        model.write_bytes(key + b'\n{"groups": 1}')

    def cut(model: Path) -> None:  # the right key, then half of the Api's JSON
        data = model.read_bytes()
        model.write_bytes(data[: len(data) // 2])

    damages: list[Callable[[Path], object]] = [
        lambda model: model.write_bytes(b"garbage"),
        garbled,
        cut,
        lambda model: model.unlink(),
    ]
    for damage in damages:
        damage(out / MODEL_FILE)
        edited(docs, "Beta", new_first_paragraph)
        result = generate(docs, out)
        assert not result.patched and result.written
        assert_as_from_nothing(docs, out, tmp_path / str(len(list(tmp_path.iterdir()))))


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


def test_a_damaged_part_of_the_cached_api_fails_its_checksum(tmp_path: Path) -> None:
    """The prose path reads only some parts of the stored Api: the checksum covers the rest."""
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    model = out / MODEL_FILE
    data = bytearray(model.read_bytes())
    last = data.rindex(b'"name":')
    data[last + 8] = ord("#") if data[last + 8] != ord("#") else ord("%")  # the last group's name
    model.write_bytes(bytes(data))
    edited(docs, "Beta", new_first_paragraph)
    result = generate(docs, out)
    assert not result.patched and result.written
    assert_as_from_nothing(docs, out, tmp_path)


def test_outputs_the_scope_cannot_patch_are_rendered_from_the_whole_api(tmp_path: Path) -> None:
    """A data file the last run wrote, gone from OUT: the prose path still patches the Api, and
    renders everything from all of it."""
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    generate(docs, out)
    (out / "client/tests/samples.json").unlink()
    (out / "openapi.json").unlink()
    edited(docs, "Beta", new_first_paragraph)
    result = generate(docs, out)
    assert result.patched and result.written
    assert_as_from_nothing(docs, out, tmp_path)


def test_with_the_typescript_target_the_prose_path_reads_the_whole_api(tmp_path: Path) -> None:
    settings = Settings(jobs=1, targets=("schema", "client", "server", "typescript"))
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, settings)
    edited(docs, "Beta", new_first_paragraph)
    result = run(docs, out, settings)
    assert result.patched and result.written
    fresh = tmp_path / "fresh"
    run(docs, fresh, settings)
    assert files(out) == files(fresh)
