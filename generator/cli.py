"""The command line: arguments and config, progress, diagnostics, and (only here) the exit code.

Exit codes: 0 ok; 1 errors in the docs (or warnings with --strict), or OUT stale under --check;
2 usage, configuration, template or I/O problems; 3 a breaking API change under --fail-on-breaking;
130 interrupted (Ctrl-C), 143 terminated (SIGTERM). Precedence: 2, then 1 for the docs, then 3, then 1
for a stale OUT.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from pydantic import ValidationError

import generator
from generator.explain import explain
from generator.model import Diagnostic, Level
from generator.pipeline import NoDocsError, RunResult, load_api, run
from generator.render.fingerprint import TemplateFailure
from generator.report import formats
from generator.settings import COMMAND_LINE_ONLY, Settings
from generator.write.formatting import FormatMode
from generator.write.output import OutputError

EXIT_OK, EXIT_DOC_ERRORS, EXIT_USAGE, EXIT_BREAKING = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
CONFIG_SECTION = ("tool", "generator")
CHECK_LINES_SHOWN = 50

DESCRIPTION = """\
Generate an OpenAPI 3.1 document, JSON Schemas, a typed Python client and a FastAPI server stub from a
folder of Markdown API reference docs (one endpoint per file).

Runs are deterministic, incremental (a manifest in OUT/.generator/ records what was read and written;
with nothing changed nothing is rewritten) and atomic (the new OUT is built beside the old one and
swapped in only when complete). Files in OUT that the generator did not write are kept."""

EPILOG = """\
Settings may also come from [tool.generator] in a pyproject.toml (keys as the long options without the
dashes: targets, package-name, title, api-version, unique-path-templates, templates, strict,
jobs); the first such file found in DOCS or its parent folder is used, or the one given with
--config. The command line wins.

Diagnostics are printed as `file:line: level CODE: message`; the codes are listed in the README.
Every run compares the API it builds with the one that produced OUT (recorded in OUT/.generator/api.json)
and states the breaking, non-breaking and description changes and the semver bump they call for.
Exit codes: 0 ok; 1 errors in the docs (warnings too with --strict), or OUT stale with --check;
2 usage, configuration, template or I/O problems; 3 a breaking API change with --fail-on-breaking;
130 interrupted; 143 terminated. When several apply: 2, then 1 (docs), then 3, then 1 (stale)."""


class UsageError(Exception):
    """Bad arguments or configuration."""


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that the run cleans up as for Ctrl-C."""


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "docs",
        type=Path,
        metavar="DOCS",
        help="folder of docs (*.md, *.markdown, *.txt; searched recursively)",
    )
    parser.add_argument(
        "out",
        type=Path,
        metavar="OUT",
        nargs="?",
        help="output folder (created if missing; replaced atomically); not needed with --explain",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="write nothing; print where every type, property type and body type came from "
        "(table at file:line, sample at file:line, merged from N docs, named after a property)",
    )
    parser.add_argument(
        "--explain-names",
        metavar="NAMES",
        help="with --explain: only these comma-separated type names and operation ids",
    )
    add_output_options(parser)
    add_run_options(parser)
    return parser


def add_output_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "what is generated (recorded in the manifest; a change regenerates)"
    )
    group.add_argument(
        "--targets",
        help="comma-separated list of schema,client,server,typescript (default: schema,client,server)",
    )
    group.add_argument(
        "--package-name",
        metavar="NAME",
        help="Python package of the client; the server's gets a _server suffix (default: generated_api)",
    )
    group.add_argument("--title", help="API title in the OpenAPI document (default: API)")
    group.add_argument(
        "--api-version",
        metavar="VERSION",
        help="API version in the OpenAPI document (default: 1.0)",
    )
    group.add_argument(
        "--unique-path-templates",
        action="store_true",
        default=None,
        help="openapi.json keeps to OpenAPI's rule that no two path templates are equivalent: an "
        "operation told apart from another only by its parameters' types goes into the path item's "
        "x-overloads (default: each under its own template, as the vendor's spec does)",
    )
    group.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="folder of Jinja templates overriding the built-in ones by relative path (e.g. client/models.py.j2); "
        "the others fall back to the built-ins",
    )


def add_run_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("how the run goes")
    group.add_argument(
        "--check",
        action="store_true",
        default=None,
        help="write nothing; list what a run would change and exit 1 if OUT is stale, 0 if current",
    )
    group.add_argument(
        "--strict", action="store_true", default=None, help="treat warnings as errors (exit 1)"
    )
    group.add_argument(
        "--force",
        action="store_true",
        default=None,
        help="write into a non-empty OUT without a manifest, or over files the generator did not write",
    )
    group.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes for parsing and formatting (default 0: one per core; 1: none)",
    )
    group.add_argument(
        "--format",
        choices=[mode.value for mode in FormatMode],
        help="when black runs on generated Python: 'auto' (default) on what the generator cannot "
        "vouch for (see README), 'always' on every file",
    )
    group.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="pyproject.toml to read [tool.generator] from (instead of looking next to DOCS)",
    )
    group.add_argument(
        "--watch",
        action="store_true",
        help="after the run, run again whenever DOCS, the templates or the config change (Ctrl-C stops)",
    )
    add_report_options(group)
    verbosity = group.add_mutually_exclusive_group()
    verbosity.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only errors, and the summary only when the run fails",
    )
    verbosity.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print each file written or removed, and stage timings",
    )
    group.add_argument("--version", action="version", version=f"generator {generator.__version__}")


def add_report_options(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--fail-on-breaking",
        action="store_true",
        default=None,
        help="exit 3 and write nothing when the API changed in a way that breaks client users "
        "(with --check: exit 3)",
    )
    group.add_argument(
        "--changes",
        type=Path,
        metavar="FILE",
        help="write the API change report to FILE: Markdown, or JSON when FILE ends in .json",
    )
    group.add_argument(
        "--diagnostics-format",
        choices=["text", "json", "github", "sarif"],
        help="text (default, on stderr), json (one object a line), github (workflow commands) or "
        "sarif (SARIF 2.1.0); the machine formats go to stdout, or to --diagnostics-file",
    )
    group.add_argument(
        "--diagnostics-file",
        type=Path,
        metavar="FILE",
        help="write every diagnostic to FILE in the --diagnostics-format instead of stdout",
    )


# ---------------------------------------------------------------------------------------------------
# Settings: defaults < [tool.generator] < command line


def config_file(docs: Path, explicit: Path | None) -> Path | None:
    """--config, else the first pyproject.toml in DOCS or its parent that has [tool.generator]."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"{explicit}: no such config file")
        return explicit
    folder = docs.resolve()
    for candidate in (folder / "pyproject.toml", folder.parent / "pyproject.toml"):
        tool = read_toml(candidate).get(CONFIG_SECTION[0]) if candidate.is_file() else None
        if isinstance(tool, dict) and CONFIG_SECTION[1] in tool:
            return candidate
    return None


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: cannot read config: {error}") from error


def section_values(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The section's settings; `templates` is relative to the config file's folder."""
    tool = data.get(CONFIG_SECTION[0], {})
    section = tool.get(CONFIG_SECTION[1], {}) if isinstance(tool, dict) else None
    if not isinstance(section, dict):
        raise UsageError(f"{path}: [tool.generator] is not a table")
    values = {str(key).replace("-", "_"): value for key, value in section.items()}
    refused = sorted(set(values) & set(COMMAND_LINE_ONLY))
    if refused:
        raise UsageError(
            f"{path}: [tool.generator] cannot set {', '.join(refused)} (command line only)"
        )
    if isinstance(values.get("templates"), str):
        values["templates"] = path.parent / values["templates"]
    return values


def settings_from(arguments: argparse.Namespace) -> Settings:
    config = config_file(arguments.docs, arguments.config)
    values = section_values(config, read_toml(config)) if config is not None else {}
    command_line = {
        "targets": arguments.targets,
        "package_name": arguments.package_name,
        "title": arguments.title,
        "api_version": arguments.api_version,
        "unique_path_templates": arguments.unique_path_templates,
        "templates": arguments.templates,
        "check": arguments.check,
        "strict": arguments.strict,
        "force": arguments.force,
        "jobs": arguments.jobs,
        "format": arguments.format,
        "verbosity": 0 if arguments.quiet else 2 if arguments.verbose else None,
        "fail_on_breaking": arguments.fail_on_breaking,
        "changes": arguments.changes,
        "diagnostics_format": arguments.diagnostics_format,
        "diagnostics_file": arguments.diagnostics_file,
    }
    values.update({key: value for key, value in command_line.items() if value is not None})
    try:
        return Settings.model_validate(values)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in error.errors()
        )
        origin = f" (command line and {config})" if config is not None else ""
        raise UsageError(f"invalid settings{origin}: {problems}") from error


def check_paths(docs: Path, out: Path, settings: Settings) -> None:
    if not docs.is_dir():
        raise UsageError(f"{docs}: not a folder of docs")
    if settings.templates is not None and not settings.templates.is_dir():
        raise UsageError(f"{settings.templates}: the templates folder does not exist")
    for report_file in (settings.changes, settings.diagnostics_file):
        if report_file is not None and not report_file.resolve().parent.is_dir():
            raise UsageError(f"{report_file}: its folder does not exist")
    docs_folder, out_folder = docs.resolve(), out.resolve()
    if out_folder == docs_folder or docs_folder in out_folder.parents:
        raise UsageError(
            f"{out}: OUT must not be DOCS or inside it (generated files would be read as docs)"
        )


# ---------------------------------------------------------------------------------------------------
# Reporting


def display(diagnostic: Diagnostic, docs: Path) -> str:
    return formats.text_line(diagnostic, docs)


def report(
    result: RunResult, settings: Settings, docs: Path, out: Path, elapsed: float, stream: TextIO
) -> int:
    """Print diagnostics, the changes and the one-line summary; return the exit code."""
    errors = [d for d in result.diagnostics if d.level is Level.ERROR]
    warnings = [d for d in result.diagnostics if d.level is Level.WARNING]
    if settings.diagnostics_format == "text" or settings.diagnostics_file is not None:
        shown = result.diagnostics if settings.verbosity >= 1 or settings.strict else errors
        for diagnostic in formats.in_order(shown):
            print(display(diagnostic, docs), file=stream)
    print_changes(result, settings, stream)
    print_api_changes(result, settings, docs, stream)
    if settings.verbosity >= 2 and result.timings:
        print(
            "timings: "
            + ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in result.timings.items()),
            file=stream,
        )
    code = exit_code(result, settings, bool(errors) or (settings.strict and bool(warnings)))
    if settings.verbosity >= 1 or code != EXIT_OK:
        print(summary(result, settings, out, len(errors), len(warnings), elapsed), file=stream)
    return code


def exit_code(result: RunResult, settings: Settings, failed: bool) -> int:
    """1 for the docs, then 3 for a breaking change (with --fail-on-breaking), then 1 for a stale OUT."""
    if failed:
        return EXIT_DOC_ERRORS
    if settings.fail_on_breaking and result.api_changes is not None and result.api_changes.breaking:
        return EXIT_BREAKING
    return EXIT_DOC_ERRORS if settings.check and not result.up_to_date else EXIT_OK


def write_reports(result: RunResult, settings: Settings, docs: Path) -> None:
    """The machine-format diagnostics (stdout or --diagnostics-file) and the --changes report.
    Raises OSError when a file cannot be written."""
    form, target = settings.diagnostics_format, settings.diagnostics_file
    if form != "text" or target is not None:
        text = formats.formatted(form, result.diagnostics, docs)
        if target is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            target.write_text(text, encoding="utf-8")
    if settings.changes is not None and result.api_changes is not None:
        as_json = settings.changes.suffix.lower() == ".json"
        render = formats.report_json if as_json else formats.report_markdown
        settings.changes.write_text(render(result.api_changes, docs), encoding="utf-8")


def print_api_changes(result: RunResult, settings: Settings, docs: Path, stream: TextIO) -> None:
    """Each API change (the first 50 unless verbose; none when quiet)."""
    if settings.verbosity < 1 or result.api_changes is None:
        return
    lines = formats.change_lines(result.api_changes, docs)
    limit = None if settings.verbosity >= 2 else CHECK_LINES_SHOWN
    for line in lines[:limit]:
        print(line, file=stream)
    if limit is not None and len(lines) > limit:
        print(f"... and {len(lines) - limit} more API changes (--verbose lists all)", file=stream)


def print_changes(result: RunResult, settings: Settings, stream: TextIO) -> None:
    """--check: what a run would change (the first 50 unless verbose); a verbose run: what it changed."""
    if settings.check and settings.verbosity >= 1:
        lines = result.changes.lines()
        limit = None if settings.verbosity >= 2 else CHECK_LINES_SHOWN
        for line in lines[:limit]:
            print(line, file=stream)
        if limit is not None and len(lines) > limit:
            print(f"... and {len(lines) - limit} more (--verbose lists all)", file=stream)
    elif not settings.check and settings.verbosity >= 2:
        changes = result.changes
        for path in [*changes.added, *changes.changed]:
            print(f"wrote    {path}", file=stream)
        for path in changes.orphaned:
            print(f"removed  {path}", file=stream)


def summary(
    result: RunResult, settings: Settings, out: Path, errors: int, warnings: int, elapsed: float
) -> str:
    found = f"{result.documents} doc{'s' * (result.documents != 1)}"
    found += f", {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if settings.strict and warnings:
        found += " (failing: --strict)"
    changes = result.changes
    if result.up_to_date:
        return f"generator: {found}; {out} is up to date ({elapsed:.2f}s)"
    api = f"; API: {formats.counts(result.api_changes, short=True)}" if result.api_changes else ""
    if result.withheld:
        state = f"wrote nothing to {out}: breaking API changes (--fail-on-breaking)"
    elif settings.check:
        state = f"{out} is stale: {changes.summary()}"
    elif result.held_back:
        state = f"nothing written to {out} ({result.held_back}): it stays as it was"
    else:
        written = len(changes.added) + len(changes.changed)
        state = (
            f"wrote {written} file{'s' * (written != 1)} to {out} "
            f"({len(changes.added)} new, {len(changes.changed)} changed), "
            f"removed {len(changes.orphaned)}; {result.docs_parsed} parsed, "
            f"{result.files_formatted} formatted by black"
        )
    return f"generator: {found}; {state}{api} ({elapsed:.2f}s)"


class StageProgress:
    """A transient rich progress bar on a terminal, shown only once a run has taken over `delay` seconds."""

    STAGES = ("read", "parse", "resolve", "compare", "render", "format", "write", "cache")

    def __init__(self, enabled: bool, delay: float = 1.0, console: Any = None) -> None:
        self.enabled = enabled
        self.console = console
        self.stage = ""
        self.progress: Any = None
        self.task: Any = None
        self.lock = threading.Lock()
        self.finished = False
        self.timer = threading.Timer(delay, self.show)
        self.timer.daemon = True

    def __enter__(self) -> StageProgress:
        if self.enabled:
            self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        with self.lock:
            self.finished = True
            if self.progress is not None:
                self.progress.stop()

    def show(self) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with self.lock:
            if self.finished:
                return
            self.progress = Progress(
                TextColumn("generator: {task.description}"),
                BarColumn(),
                TimeElapsedColumn(),
                transient=True,
                console=self.console,
            )
            self.task = self.progress.add_task(self.stage, total=len(self.STAGES))
            self.progress.start()
            self._advance()

    def update(self, stage: str) -> None:
        with self.lock:
            self.stage = stage
            self._advance()

    def _advance(self) -> None:
        if self.progress is not None and not self.finished and self.stage in self.STAGES:
            self.progress.update(
                self.task, description=self.stage, completed=self.STAGES.index(self.stage)
            )


# ---------------------------------------------------------------------------------------------------
# The entry point


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser()
    arguments = parser.parse_args(argv)
    if arguments.explain:
        return explain_once(arguments)
    if arguments.out is None:
        parser.error("OUT is required (except with --explain)")
    try:
        with terminate_as_exception():
            return watch(arguments) if arguments.watch else run_once(arguments)
    except KeyboardInterrupt:
        return fail(f"interrupted; {arguments.out} is as it was", EXIT_INTERRUPTED)
    except Terminated:
        return fail(f"terminated; {arguments.out} is as it was", EXIT_TERMINATED)


def explain_once(arguments: argparse.Namespace) -> int:
    """--explain: the provenance of every inferred fact on stdout, diagnostics on stderr."""
    try:
        settings = settings_from(arguments)
        if not arguments.docs.is_dir():
            raise UsageError(f"{arguments.docs}: not a folder of docs")
        api, diagnostics = load_api(arguments.docs, settings)
    except (UsageError, OSError) as error:
        return fail(f"error: {error}", EXIT_USAGE)
    names = {name.strip() for name in (arguments.explain_names or "").split(",") if name.strip()}
    for line in explain(api, names or None):
        print(line)
    for diagnostic in sorted(diagnostics, key=lambda d: (d.source.file, d.source.line, d.code)):
        print(display(diagnostic, arguments.docs), file=sys.stderr)
    return EXIT_DOC_ERRORS if any(d.level is Level.ERROR for d in diagnostics) else EXIT_OK


def run_once(arguments: argparse.Namespace) -> int:
    """One run: settings (config read afresh), the run, the report; returns the exit code."""
    start = time.perf_counter()
    try:
        settings = settings_from(arguments)
        check_paths(arguments.docs, arguments.out, settings)
        with StageProgress(sys.stderr.isatty() and settings.verbosity >= 1) as progress:
            result = run(arguments.docs, arguments.out, settings, progress.update)
    except (UsageError, NoDocsError) as error:
        return fail(f"error: {error}", EXIT_USAGE)
    except TemplateFailure as error:
        return fail(f"template error: {error}", EXIT_USAGE)
    except (OutputError, OSError) as error:
        return fail(f"error: {error}", EXIT_USAGE)
    try:
        write_reports(result, settings, arguments.docs)
    except OSError as error:
        return fail(f"error: {error}", EXIT_USAGE)
    elapsed = time.perf_counter() - start
    return report(result, settings, arguments.docs, arguments.out, elapsed, sys.stderr)


def watch(arguments: argparse.Namespace, interval: float = 0.5, runs: int | None = None) -> int:
    """Run, then run again whenever the docs, the templates or a config file change, until Ctrl-C
    (or `runs` runs). Polls file stats: cheap (a stat per doc) and needs no extra package."""
    if arguments.check:
        return fail(
            "error: --watch writes on every change; it cannot be combined with --check", EXIT_USAGE
        )
    seen, code = None, EXIT_OK
    while runs is None or runs > 0:
        state = watched_state(arguments)
        if state == seen:
            time.sleep(interval)
            continue
        time.sleep(interval)  # let an editor finish saving, then take what is there
        seen = watched_state(arguments)
        code = run_once(arguments)
        runs = None if runs is None else runs - 1
        print(f"generator: watching {arguments.docs} (Ctrl-C to stop)", file=sys.stderr)
    return code


def watched_state(arguments: argparse.Namespace) -> list[tuple[str, int, int]]:
    """(path, mtime, size) of every file that can change what a run does."""
    folders = [arguments.docs] + [arguments.templates] * (arguments.templates is not None)
    files = [arguments.config] if arguments.config is not None else []
    files += [arguments.docs / "pyproject.toml", arguments.docs.resolve().parent / "pyproject.toml"]
    paths = [path for folder in folders for path in folder.rglob("*")] + files
    return sorted((str(path), *stat_of(path)) for path in paths)


def stat_of(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return -1, -1
    return info.st_mtime_ns, info.st_size


def fail(message: str, code: int) -> int:
    print(f"generator: {message}", file=sys.stderr)
    return code


@contextmanager
def terminate_as_exception() -> Iterator[None]:
    """While inside, SIGTERM raises Terminated (so staging folders are removed); only in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
