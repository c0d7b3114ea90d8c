"""The command line's CI side: --diagnostics-format/--diagnostics-file, --changes, --fail-on-breaking
and the precedence of exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic_sarif.model import StaticAnalysisResultsFormatSarifVersion210JsonSchema as SarifLog

from generator.cli import main
from generator.diagnostics import Code
from tests.report.shop_docs import GET_ITEM, SAVE_ORDER, edit, line_of, write_shop
from tests.write.fixture_docs import snapshot

BROKEN = "---\ntitle: no uid\n---\n\n# GET Nothing\n"  # P001: no uid, an error
WARNED_LINE = line_of(SAVE_ORDER, "| OrderId")  # X209: the unnamed body table


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return write_shop(tmp_path / "docs")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def cli(capsys: pytest.CaptureFixture[str], *arguments: object) -> tuple[int, str, list[str]]:
    """Exit code, stdout, and the lines on stderr."""
    code = main([str(argument) for argument in ("--targets", "schema", *arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines()


def generated(capsys: pytest.CaptureFixture[str], docs: Path, out: Path) -> None:
    assert cli(capsys, docs, out)[0] == 0


# ---------------------------------------------------------------------------------------------------
# Exit codes and what a run writes


def test_a_breaking_change_exits_3_with_fail_on_breaking_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    generated(capsys, docs, out)
    (docs / "v1Shop_GetItem.md").unlink()
    before = snapshot(out)
    code, stdout, lines = cli(capsys, docs, out, "--fail-on-breaking")
    assert code == 3 and stdout == "" and snapshot(out) == before
    assert (
        f"{docs.as_posix()}/v1Shop_GetItem.md:8: breaking: v1Shop_GetItem: operation-removed (GET /api/v1/Shop/Item/{{itemId}})"
        in lines
    )
    assert lines[-1].startswith("generator: 1 doc, 0 errors, 1 warning; wrote nothing to ")
    assert (
        "breaking API changes (--fail-on-breaking); API: 2 breaking, 0 non-breaking, 0 description -> major ("
        in lines[-1]
    )
    code, _, lines = cli(capsys, docs, out, "--check", "--fail-on-breaking")
    assert code == 3 and snapshot(out) == before  # stale too, but 3 comes first
    code, _, lines = cli(capsys, docs, out, "--check")
    assert code == 1 and " is stale: " in lines[-1]  # without the flag a break is only stale
    code, _, lines = cli(capsys, docs, out)  # accepting the break
    assert code == 0 and "; API: 2 breaking, 0 non-breaking, 0 description -> major (" in lines[-1]
    assert cli(capsys, docs, out, "--fail-on-breaking")[0] == 0  # the record moved on


def test_doc_errors_come_before_3_and_usage_errors_before_both(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    generated(capsys, docs, out)
    (docs / "v1Shop_GetItem.md").unlink()
    (docs / "broken.md").write_text(BROKEN, encoding="utf-8")
    before = snapshot(out)
    code, _, lines = cli(capsys, docs, out, "--fail-on-breaking")
    assert (
        code == 1 and snapshot(out) == before
    )  # breaking: nothing written, but the docs fail first
    assert any(" error P001: " in line for line in lines)
    code, _, lines = cli(capsys, docs, out, "--fail-on-breaking", "--jobs", "-1")
    assert code == 2 and snapshot(out) == before
    code, _, lines = cli(
        capsys, docs, out, "--fail-on-breaking", "--changes", out / "no" / "such" / "x.md"
    )
    assert code == 2 and lines[-1].endswith("x.md: its folder does not exist")
    assert snapshot(out) == before  # refused before the run


def test_non_breaking_changes_pass_fail_on_breaking(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    generated(capsys, docs, out)
    edit(docs, "v1Shop_GetItem.md", "What the item is called.", "Its name.")
    code, _, lines = cli(capsys, docs, out, "--fail-on-breaking")
    assert code == 0 and "; API: 0 breaking, 0 non-breaking, 1 description -> patch (" in lines[-1]
    line = line_of(GET_ITEM, "| Name")
    assert (
        f"{docs.as_posix()}/v1Shop_GetItem.md:{line}: description: Item.Name: description-changed"
        in lines
    )


def test_the_first_run_says_there_was_nothing_to_compare_with(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    code, _, lines = cli(capsys, docs, out, "--fail-on-breaking")
    assert code == 0 and "; API: nothing to compare with (a new OUT) (" in lines[-1]


# ---------------------------------------------------------------------------------------------------
# --changes


def test_changes_as_markdown_and_as_json(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path, tmp_path: Path
) -> None:
    generated(capsys, docs, out)
    edit(docs, "v1Shop_GetItem.md", "| Price | double |", "| Price | string |")
    markdown, data = tmp_path / "changes.md", tmp_path / "changes.json"
    assert cli(capsys, docs, out, "--check", "--changes", markdown)[0] == 1
    assert cli(capsys, docs, out, "--changes", data)[0] == 0
    line = line_of(GET_ITEM, "| Price")
    where = f"{docs.as_posix()}/v1Shop_GetItem.md:{line}"
    assert markdown.read_text(encoding="utf-8") == (
        "# API changes\n\n"
        "Semver bump: **major**. 1 breaking, 0 non-breaking, 0 description (compared with the API"
        " that produced OUT).\n\n"
        "## Breaking (1)\n\n"
        "| change | operation | type | property | before | after | doc |\n"
        "|---|---|---|---|---|---|---|\n"
        f"| property-type-changed |  | `Item` | `Price` | `number(double)` | `string` | {where} |\n"
    )
    assert json.loads(data.read_text(encoding="utf-8")) == {
        "baseline": "recorded",
        "bump": "major",
        "counts": {"breaking": 1, "non-breaking": 0, "description": 0},
        "context": [],
        "changes": [
            {
                "category": "breaking",
                "kind": "property-type-changed",
                "operation": None,
                "type": "Item",
                "property": "Price",
                "parameter": None,
                "status": None,
                "before": "number(double)",
                "after": "string",
                "file": f"{docs.as_posix()}/v1Shop_GetItem.md",
                "line": line,
            }
        ],
    }
    assert cli(capsys, docs, out, "--changes", data)[0] == 0  # no change: an empty report
    assert json.loads(data.read_text(encoding="utf-8"))["bump"] == "none"


def test_changes_of_a_fresh_out_say_so(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path, tmp_path: Path
) -> None:
    report = tmp_path / "changes.md"
    assert cli(capsys, docs, out, "--changes", report)[0] == 0
    assert "Semver bump: **unknown**. No earlier API to compare with" in report.read_text()


# ---------------------------------------------------------------------------------------------------
# --diagnostics-format


def with_diagnostics(docs: Path) -> Path:
    """One error (P001) and one warning (X209), and a message with characters GitHub escapes."""
    (docs / "broken.md").write_text(BROKEN, encoding="utf-8")
    return docs


def test_json_is_one_object_per_diagnostic_on_stdout(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    code, stdout, lines = cli(capsys, with_diagnostics(docs), out, "--diagnostics-format", "json")
    objects = [json.loads(line) for line in stdout.splitlines()]
    assert code == 1 and [(o["file"], o["line"], o["level"], o["code"]) for o in objects] == [
        (f"{docs.as_posix()}/broken.md", 1, "error", "P001"),
        (f"{docs.as_posix()}/v1Shop_SaveOrder.md", WARNED_LINE, "warning", "X209"),
    ]
    assert all(set(o) == {"file", "line", "level", "code", "message"} for o in objects)
    assert not any(" P001: " in line for line in lines)  # on stdout, not repeated on stderr
    assert lines[-1].startswith("generator: 3 docs, 1 error, 1 warning;")


def test_github_prints_one_workflow_command_per_diagnostic(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    _, stdout, _ = cli(capsys, with_diagnostics(docs), out, "--diagnostics-format", "github")
    messages = [line.split("::", 2)[2] for line in stdout.splitlines()]
    assert stdout.splitlines() == [
        f"::error file={docs.as_posix()}/broken.md,line=1,title=P001::{messages[0]}",
        f"::warning file={docs.as_posix()}/v1Shop_SaveOrder.md,line={WARNED_LINE},title=X209::{messages[1]}",
    ]
    assert "SaveOrderBody" in messages[1] and all("\n" not in m for m in messages)


def test_github_escapes_what_would_end_a_command() -> None:
    from generator.model import Diagnostic, Level, Source
    from generator.report.formats import github_command

    diagnostic = Diagnostic(
        source=Source(file="a,b:c.md", line=3),
        level=Level.WARNING,
        code="P105",
        message="100% a\nb::c",
    )
    assert github_command(diagnostic, Path("docs")) == (
        "::warning file=docs/a%2Cb%3Ac.md,line=3,title=P105::100%25 a%0Ab::c"
    )


def test_sarif_is_read_by_a_strict_sarif_parser(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.sarif"
    arguments = ("--diagnostics-format", "sarif", "--diagnostics-file", target)
    code, stdout, lines = cli(capsys, with_diagnostics(docs), out, *arguments)
    assert code == 1 and stdout == ""
    assert any(" error P001: " in line for line in lines)  # to a file: stderr shows them as usual
    log = SarifLog.model_validate_json(target.read_bytes())  # extra="forbid", enums, line >= 1
    assert log.version.value == "2.1.0" and len(log.runs) == 1
    run = log.runs[0]
    rules = run.tool.driver.rules or []
    assert [rule.id for rule in rules] == [code.name for code in Code]
    results = [
        (
            result.ruleId,
            rules[result.ruleIndex].id if result.ruleIndex is not None else None,
            result.level.value if result.level else None,
            result.locations[0].physicalLocation.artifactLocation.uri,  # type: ignore[index,union-attr]
            result.locations[0].physicalLocation.region.startLine,  # type: ignore[index,union-attr]
        )
        for result in run.results or []
    ]
    assert results == [
        ("P001", "P001", "error", (docs / "broken.md").as_uri(), 1),
        ("X209", "X209", "warning", (docs / "v1Shop_SaveOrder.md").as_uri(), WARNED_LINE),
    ]


def test_sarif_uris_of_a_relative_docs_folder_are_relative(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(docs.parent)
    code, stdout, _ = cli(capsys, "docs", out, "--diagnostics-format", "sarif")
    log = SarifLog.model_validate_json(stdout)
    uris = [r.locations[0].physicalLocation.artifactLocation.uri for r in log.runs[0].results or []]  # type: ignore[index,union-attr]
    assert code == 0 and uris == ["docs/v1Shop_SaveOrder.md"]


def test_text_to_a_file_keeps_stdout_empty(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path, tmp_path: Path
) -> None:
    target = tmp_path / "diagnostics.txt"
    code, stdout, _ = cli(capsys, docs, out, "--diagnostics-file", target)
    assert code == 0 and stdout == ""
    (line,) = target.read_text(encoding="utf-8").splitlines()
    assert line.startswith(f"{docs.as_posix()}/v1Shop_SaveOrder.md:{WARNED_LINE}: warning X209: ")


def test_the_no_change_run_replays_the_diagnostics_in_every_format(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    first = cli(capsys, docs, out, "--diagnostics-format", "github")[1]
    code, again, lines = cli(capsys, docs, out, "--diagnostics-format", "github")
    assert code == 0 and again == first and first.startswith("::warning ")
    assert " is up to date (" in lines[-1]


def test_report_options_are_command_line_only(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    (docs / "pyproject.toml").write_text("[tool.generator]\nfail-on-breaking = true\n")
    code, _, lines = cli(capsys, docs, out)
    assert code == 2 and "fail_on_breaking (command line only)" in lines[-1]
