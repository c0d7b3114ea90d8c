"""The change report on a copy of a sample of the real corpus (../shared; skipped when absent): the
five edits of issue 12, each with its exact classification and exit code, through the command line.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import load_api
from generator.settings import Settings
from tests.conftest import CORPUS, needs_shared
from tests.write.fixture_docs import snapshot

pytestmark = needs_shared

STRIDE = 30  # every 30th doc of the newer generation: 45 docs, a second a run
ENDPOINT = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/\S+)$", re.MULTILINE)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    source = CORPUS / "g4-2023-02"
    sample = tmp_path / "docs"
    for doc in sorted(source.rglob("*.md"))[::STRIDE]:
        target = sample / doc.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(doc, target)
    return sample


def generate(docs: Path, out: Path, *options: object) -> tuple[int, dict[str, object]]:
    """Exit code and the --changes report (JSON) of a schema-only run."""
    report = out.parent / "changes.json"
    arguments = [docs, out, "--targets", "schema", "-q", "--changes", report, *options]
    code = main([str(argument) for argument in arguments])
    return code, json.loads(report.read_text(encoding="utf-8"))


def kinds(report: dict[str, object]) -> list[tuple[str, str, str | None, str | None, str | None]]:
    changes = report["changes"]
    assert isinstance(changes, list)
    return [(c["category"], c["kind"], c["operation"], c["type"], c["property"]) for c in changes]


def one_doc_property(docs: Path, skip: int = 0) -> tuple[str, str, Path, int]:
    """(type, property, doc, line) of a string property of a type only one doc shows, on a row of its
    own in that doc, typed by a plain `string` cell."""
    api, _ = load_api(docs, Settings())
    found = []
    for name, named in sorted(api.types.items()):
        if len({source.file for source in named.sources}) != 1:
            continue
        for prop in named.properties:
            doc = docs / prop.source.file
            lines = doc.read_text(encoding="utf-8").splitlines()
            cells = [cell.strip() for cell in lines[prop.source.line - 1].strip("| ").split("|")]
            rows = [line for line in lines if line.startswith(f"| {prop.name} |")]
            plain = prop.type.kind == "string" and not prop.type.format
            if plain and cells[1:2] == ["string"] and len(rows) == 1:
                found.append((name, prop.name, doc, prop.source.line))
    return found[skip]


def edit_line(doc: Path, line: int, old: str, new: str) -> None:
    lines = doc.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    doc.write_text("\n".join(lines), encoding="utf-8")


def test_no_change_is_no_change(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(docs, out)[1]["baseline"] == "fresh"
    code, report = generate(docs, out, "--fail-on-breaking")
    assert code == 0 and report["bump"] == "none" and kinds(report) == []


def test_removing_a_doc_is_breaking_and_exits_3_writing_nothing(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(docs, out)
    doc = min(docs.rglob("*.md"))
    operation = re.search(r"^uid: (\S+)$", doc.read_text(encoding="utf-8"), re.MULTILINE)
    assert operation is not None
    doc.unlink()
    before = snapshot(out)
    code, report = generate(docs, out, "--fail-on-breaking")
    assert code == 3 and snapshot(out) == before
    listed = kinds(report)
    assert ("breaking", "operation-removed", operation[1], None, None) in listed
    assert {category for category, *_ in listed} == {"breaking"} and report["bump"] == "major"
    assert sum(kind == "operation-removed" for _, kind, *_ in listed) == 1
    code, _ = generate(docs, out, "--check", "--fail-on-breaking")
    assert code == 3


def test_retyping_a_property_is_breaking(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(docs, out)
    type_name, prop, doc, line = one_doc_property(docs)
    edit_line(doc, line, "| string |", "| int32 |")
    code, report = generate(docs, out, "--fail-on-breaking")
    assert code == 3 and report["bump"] == "major"
    assert kinds(report) == [("breaking", "property-type-changed", None, type_name, prop)]
    change = report["changes"][0]  # type: ignore[index]
    assert (change["before"], change["after"], change["line"]) == ("string", "integer(int32)", line)
    assert change["file"] == doc.as_posix()


def test_adding_a_doc_is_minor(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(docs, out)
    types_before = set(load_api(docs, Settings())[0].types)
    original = min(docs.rglob("*.md"))
    text = original.read_text(encoding="utf-8")
    uid = re.search(r"^uid: (\S+)$", text, re.MULTILINE)
    endpoint = ENDPOINT.search(text)
    assert uid is not None and endpoint is not None
    copy = text.replace(f"uid: {uid[1]}", f"uid: {uid[1]}Copy", 1)
    copy = copy.replace(endpoint[0], f"{endpoint[1]} {endpoint[2]}Copy", 1)
    (original.parent / f"{original.stem}Copy.md").write_text(copy, encoding="utf-8")
    code, report = generate(docs, out, "--fail-on-breaking")
    assert code == 0 and report["bump"] == "minor"
    # the operation, and the types named after its route (its body's, say): nothing else
    new_types = sorted(set(load_api(docs, Settings())[0].types) - types_before)
    assert kinds(report) == [("non-breaking", "operation-added", f"{uid[1]}Copy", None, None)] + [
        ("non-breaking", "type-added", None, name, None) for name in new_types
    ]


def test_editing_a_description_is_patch(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(docs, out)
    type_name, prop, doc, line = one_doc_property(docs, skip=1)
    row = doc.read_text(encoding="utf-8").split("\n")[line - 1].rstrip()
    edit_line(doc, line, row, row[: -len("|")].rstrip() + " (edited) |")
    code, report = generate(docs, out, "--fail-on-breaking")
    assert code == 0 and report["bump"] == "patch"
    assert kinds(report) == [("description", "description-changed", None, type_name, prop)]
