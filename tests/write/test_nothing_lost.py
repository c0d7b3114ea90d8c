"""Nothing lost: a doc that fails keeps what it produced before (its last good version generates in
its place), the error is still reported, and --strict writes nothing at all when a run has errors.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.model import Level
from generator.pipeline import RunResult, run
from generator.settings import Settings
from generator.write import cache
from generator.write.manifest import MANIFEST_PATH
from generator.write.output import CACHE_DIR
from tests.write.fixture_docs import (
    NAMES,
    UNKNOWN_TABLE,
    contents,
    doc_path,
    doc_text,
    schema_path,
    siblings,
    snapshot,
    write_docs,
)


def outputs(out: Path) -> dict[str, bytes]:
    """Every output's bytes (the manifest and the cache left out: they record the run, not the API)."""
    return {path: data for path, data in contents(out).items() if path != MANIFEST_PATH}


def codes(result: RunResult) -> list[tuple[str, str, Level]]:
    return sorted((d.source.file, d.code, d.level) for d in result.diagnostics)


def break_front_matter(docs: Path, name: str) -> None:
    """The `uid:` key renamed, as a docs toolchain rewriting front matter might: the doc cannot be parsed."""
    doc_path(docs, name).write_text(doc_text(name, uid=False).replace("---\n", "---\nuuid: x\n", 1))


def test_the_only_doc_failing_keeps_every_output(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs", ("Alpha",)), tmp_path / "out"
    run(docs, out, Settings())
    before = outputs(out)
    break_front_matter(docs, "Alpha")
    result = run(docs, out, Settings())
    assert outputs(out) == before
    assert not result.changes.orphaned and not result.changes.added
    assert result.changes.changed == [MANIFEST_PATH]
    relative = doc_path(docs, "Alpha").relative_to(docs).as_posix()
    assert (relative, "P001", Level.ERROR) in codes(result)
    assert (relative, "C001", Level.WARNING) in codes(result)


def test_a_failing_doc_keeps_its_outputs_while_the_others_generate(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, Settings())
    before = outputs(out)
    break_front_matter(docs, "Beta")
    doc_path(docs, "Gamma").write_text(doc_text("Gamma", note="Changed."))
    result = run(docs, out, Settings())
    after = outputs(out)
    assert after[schema_path("Beta")] == before[schema_path("Beta")]
    assert b"Changed." in after[schema_path("Gamma")]
    assert b"Beta" in after["openapi.json"] and b"Changed." in after["openapi.json"]
    assert not result.changes.orphaned


def test_the_last_good_version_lasts_over_further_failing_runs(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, Settings())
    before = outputs(out)
    break_front_matter(docs, "Beta")
    run(docs, out, Settings())
    doc_path(docs, "Beta").write_text(doc_text("Beta", uid=False))  # fails differently
    doc_path(docs, "Gamma").write_text(doc_text("Gamma", note="Changed."))
    result = run(docs, out, Settings())
    assert outputs(out)[schema_path("Beta")] == before[schema_path("Beta")]
    assert not result.changes.orphaned
    assert any(d.code == "C001" for d in result.diagnostics)


def test_a_fixed_doc_generates_from_its_new_text(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, Settings())
    break_front_matter(docs, "Beta")
    run(docs, out, Settings())
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Fixed."))
    result = run(docs, out, Settings())
    assert b"Fixed." in (out / schema_path("Beta")).read_bytes()
    assert not any(d.level is Level.ERROR or d.code == "C001" for d in result.diagnostics)


@pytest.mark.parametrize(
    "damage",
    [b"\x00\x01\x02binary", b"---\nuid: x\n---\n\xff\xfe broken", b""],
    ids=["binary", "not-utf-8", "empty"],
)
def test_a_doc_that_cannot_be_read_keeps_its_outputs(tmp_path: Path, damage: bytes) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, Settings())
    before = outputs(out)
    doc_path(docs, "Beta").write_bytes(damage)
    result = run(docs, out, Settings())
    assert outputs(out) == before
    assert any(d.level is Level.ERROR for d in result.diagnostics)
    assert any(d.code == "C001" for d in result.diagnostics)


def test_a_removed_doc_still_removes_its_outputs(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, Settings())
    doc_path(docs, "Beta").unlink()
    result = run(docs, out, Settings())
    assert schema_path("Beta") in result.changes.orphaned
    assert not (out / schema_path("Beta")).exists()


def test_without_a_last_good_version_out_is_left_as_it_was(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, Settings())
    shutil.rmtree(out / CACHE_DIR)
    before = snapshot(out)
    break_front_matter(docs, "Beta")
    doc_path(docs, "Gamma").write_text(doc_text("Gamma", note="Changed."))
    result = run(docs, out, Settings())
    assert snapshot(out) == before and siblings(out) == []
    assert not result.written
    assert any(d.code == "C002" and d.level is Level.ERROR for d in result.diagnostics)


def test_a_doc_that_never_parsed_does_not_hold_the_run_back(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    doc_path(docs, "Beta").write_text(doc_text("Beta", uid=False))
    run(docs, out, Settings())
    doc_path(docs, "Gamma").write_text(doc_text("Gamma", note="Changed."))
    result = run(docs, out, Settings())
    assert result.written and b"Changed." in (out / schema_path("Gamma")).read_bytes()
    assert not (out / schema_path("Beta")).exists()
    assert not any(d.code in ("C001", "C002") for d in result.diagnostics)


def test_strict_writes_nothing_when_a_run_has_errors(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, Settings())
    before = snapshot(out)
    break_front_matter(docs, "Beta")
    doc_path(docs, "Gamma").write_text(doc_text("Gamma", note="Changed."))
    result = run(docs, out, Settings(strict=True))
    assert snapshot(out) == before and siblings(out) == []
    assert not result.written and result.changes.any


def test_strict_writes_nothing_on_warnings_either(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, Settings())
    before = snapshot(out)
    doc_path(docs, "Gamma").write_text(doc_text("Gamma", extra=UNKNOWN_TABLE))
    result = run(docs, out, Settings(strict=True))
    assert any(d.level is Level.WARNING for d in result.diagnostics)
    assert snapshot(out) == before and not result.written


def test_strict_into_an_empty_out_creates_nothing(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    doc_path(docs, "Beta").write_text(doc_text("Beta", uid=False))
    result = run(docs, out, Settings(strict=True))
    assert not out.exists() and not result.written


def test_strict_writes_a_clean_run(tmp_path: Path) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    result = run(docs, out, Settings(strict=True))
    assert result.written and all((out / schema_path(name)).is_file() for name in NAMES)


def test_the_last_good_version_outlives_a_changed_generator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache keeps the doc's text, not only its parse: a new generator parses it afresh."""
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    run(docs, out, Settings())
    before = outputs(out)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another generator")
    break_front_matter(docs, "Beta")
    result = run(docs, out, Settings())
    assert outputs(out) == before
    assert result.docs_parsed == len(NAMES) and any(d.code == "C001" for d in result.diagnostics)
