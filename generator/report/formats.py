"""How the CLI writes diagnostics (text, JSON Lines, GitHub workflow commands, SARIF 2.1.0) and the
API change report (text lines, Markdown, JSON). Paths are shown as `DOCS/file`, DOCS as given."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from pydantic import JsonValue

import generator
from generator.diagnostics import Code
from generator.model import Diagnostic, Source
from generator.report.changes import ApiChanges, Category, Change
from generator.report.snapshot import Baseline
from generator.settings import DiagnosticsFormat

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def shown_path(docs: Path, source: Source) -> str:
    return (docs / source.file).as_posix()


def in_order(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.source.file, d.source.line, d.code, d.message))


def text_line(diagnostic: Diagnostic, docs: Path) -> str:
    where = f"{shown_path(docs, diagnostic.source)}:{diagnostic.source.line}"
    return f"{where}: {diagnostic.level.value} {diagnostic.code}: {diagnostic.message}"


def formatted(form: DiagnosticsFormat, diagnostics: list[Diagnostic], docs: Path) -> str:
    """Every diagnostic in a machine format (the text format is the CLI's own, verbosity-aware)."""
    ordered = in_order(diagnostics)
    if form == "sarif":
        return json.dumps(sarif(ordered, docs), indent=1, ensure_ascii=False) + "\n"
    if form == "github":
        lines = [github_command(diagnostic, docs) for diagnostic in ordered]
    elif form == "json":
        lines = [
            json.dumps(json_object(diagnostic, docs), ensure_ascii=False) for diagnostic in ordered
        ]
    else:
        lines = [text_line(diagnostic, docs) for diagnostic in ordered]
    return "".join(f"{line}\n" for line in lines)


def json_object(diagnostic: Diagnostic, docs: Path) -> dict[str, JsonValue]:
    return {
        "file": shown_path(docs, diagnostic.source),
        "line": diagnostic.source.line,
        "level": diagnostic.level.value,
        "code": diagnostic.code,
        "message": diagnostic.message,
    }


# ---------------------------------------------------------------------------------------------------
# GitHub Actions workflow commands: `::warning file=F,line=L,title=T::message`


def github_command(diagnostic: Diagnostic, docs: Path) -> str:
    properties = {
        "file": shown_path(docs, diagnostic.source),
        "line": str(diagnostic.source.line),
        "title": diagnostic.code,
    }
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{diagnostic.level.value} {listed}::{escape_data(diagnostic.message)}"


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped (as the actions toolkit does)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


# ---------------------------------------------------------------------------------------------------
# SARIF 2.1.0


def sarif(diagnostics: list[Diagnostic], docs: Path) -> dict[str, JsonValue]:
    codes = [code.name for code in Code]
    rules: list[JsonValue] = [
        {
            "id": code.name,
            "shortDescription": {"text": code.meaning},
            "defaultConfiguration": {"level": code.level.value},
        }
        for code in Code
    ]
    results: list[JsonValue] = [
        {
            "ruleId": diagnostic.code,
            **({"ruleIndex": codes.index(diagnostic.code)} if diagnostic.code in codes else {}),
            "level": diagnostic.level.value,
            "message": {"text": diagnostic.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(docs, diagnostic.source)},
                        "region": {"startLine": max(diagnostic.source.line, 1)},
                    }
                }
            ],
        }
        for diagnostic in diagnostics
    ]
    driver: dict[str, JsonValue] = {
        "name": "generator",
        "version": generator.__version__,
        "rules": rules,
    }
    run: dict[str, JsonValue] = {"tool": {"driver": driver}, "results": results}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def artifact_uri(docs: Path, source: Source) -> str:
    """A relative URI (relative to the folder the command ran in) or, for an absolute DOCS, a file URI."""
    path = docs / source.file
    if path.is_absolute():
        return path.as_uri()
    return quote(PurePosixPath(path.as_posix()).as_posix(), safe="/")


# ---------------------------------------------------------------------------------------------------
# The API change report


BASELINE_NOTES = {
    Baseline.RECORDED: "compared with the API that produced OUT",
    Baseline.FRESH: "no earlier API to compare with: OUT was not generated before",
    Baseline.UNRECORDED: (
        "no record of the API that produced OUT (written by a generator that kept none): "
        "nothing compared"
    ),
}


SHORT_NOTES = {
    Baseline.FRESH: "nothing to compare with (a new OUT)",
    Baseline.UNRECORDED: "not compared (OUT holds no API record)",
}


def counts(report: ApiChanges, short: bool = False) -> str:
    """`2 breaking, 1 non-breaking, 0 description -> major`, or why nothing was compared."""
    if not report.compared:
        return (SHORT_NOTES if short else BASELINE_NOTES)[report.baseline]
    if short and not report.changes:
        return "no changes"
    parts = ", ".join(f"{report.count(category)} {category.value}" for category in Category)
    return f"{parts} -> {report.bump.value}"


def where(change: Change, docs: Path) -> str:
    return f"{shown_path(docs, change.source)}:{change.source.line}"


def what(change: Change) -> str:
    """`property-type-changed (string -> integer)`."""
    if change.before is not None and change.after is not None:
        return f"{change.kind} ({change.before} -> {change.after})"
    value = change.after if change.after is not None else change.before
    return f"{change.kind} ({value})" if value else change.kind


def change_lines(report: ApiChanges, docs: Path) -> list[str]:
    """One line each: `docs/x.md:12: breaking: ContactEntity.Name: property-type-changed (...)`."""
    lines = [
        f"{where(change, docs)}: {change.category.value}: {change.subject}: {what(change)}"
        for change in report.changes
    ]
    lines += [f"{item.name} changed: {item.before} -> {item.after}" for item in report.context]
    return lines


def report_json(report: ApiChanges, docs: Path) -> str:
    data: dict[str, JsonValue] = {
        "baseline": report.baseline.value,
        "bump": report.bump.value,
        "counts": {category.value: report.count(category) for category in Category},
        "context": [
            {"name": item.name, "before": item.before, "after": item.after}
            for item in report.context
        ],
        "changes": [
            {
                "category": change.category.value,
                "kind": change.kind,
                "operation": change.operation,
                "type": change.type,
                "property": change.prop,
                "parameter": change.parameter,
                "status": change.status,
                "before": change.before,
                "after": change.after,
                "file": shown_path(docs, change.source),
                "line": change.source.line,
            }
            for change in report.changes
        ],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def report_markdown(report: ApiChanges, docs: Path) -> str:
    lines = ["# API changes", "", f"Semver bump: **{report.bump.value}**."]
    if report.compared:
        total = ", ".join(f"{report.count(category)} {category.value}" for category in Category)
        lines[-1] += f" {total} ({BASELINE_NOTES[report.baseline]})."
    else:
        note = BASELINE_NOTES[report.baseline]
        lines[-1] += f" {note[0].upper()}{note[1:]}."
    if report.context:
        lines += ["", "The SDK may change beyond the API too:", ""]
        lines += [
            f"- {cell(item.name)}: `{cell(item.before)}` -> `{cell(item.after)}`"
            for item in report.context
        ]
    for category in Category:
        listed = [change for change in report.changes if change.category is category]
        if not listed:
            continue
        lines += ["", f"## {category.value.capitalize()} ({len(listed)})", ""]
        lines += ["| change | operation | type | property | before | after | doc |"]
        lines += ["|---|---|---|---|---|---|---|"]
        lines += [markdown_row(change, docs) for change in listed]
    return "\n".join(lines) + "\n"


def markdown_row(change: Change, docs: Path) -> str:
    member = change.prop or change.parameter or change.status
    cells = [change.kind, change.operation, change.type, member, change.before, change.after]
    shown = [f"`{cell(value)}`" if value else "" for value in cells[1:]]
    return f"| {change.kind} | {' | '.join(shown)} | {cell(where(change, docs))} |"


def cell(text: str) -> str:
    """Text safe in a Markdown table cell inside backticks: one line, no pipes or backticks."""
    return " ".join(text.replace("|", "\\|").replace("`", "'").split())
