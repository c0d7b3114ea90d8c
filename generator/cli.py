"""The command line: arguments and config, progress, diagnostics, and (only here) the exit code.

Exit codes: 0 ok; 1 errors in the docs (or warnings with --strict), or OUT stale under --check;
2 usage, configuration, template or I/O problems.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import jinja2
from pydantic import ValidationError

import generator
from generator.model import Diagnostic, Level
from generator.pipeline import RunResult, run
from generator.settings import Settings
from generator.write.output import OutputError

EXIT_OK, EXIT_DOC_ERRORS, EXIT_USAGE = 0, 1, 2
CONFIG_SECTION = ("tool", "generator")


class UsageError(Exception):
    """Bad arguments or configuration."""


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate an OpenAPI 3.1 document, JSON Schemas, a typed Python client and a FastAPI "
        "server stub from a folder of Markdown API reference docs (one endpoint per file).",
        epilog="Exit codes: 0 ok; 1 errors in the docs (warnings too with --strict) or OUT stale with --check; "
        "2 usage, configuration or I/O problems. Settings may also come from [tool.generator] in a "
        "pyproject.toml next to DOCS (or --config); the command line wins.",
    )
    parser.add_argument("docs", type=Path, metavar="DOCS", help="folder of Markdown docs (*.md, searched recursively)")
    parser.add_argument("out", type=Path, metavar="OUT", help="output folder (created; replaced atomically)")
    parser.add_argument("--targets", help="comma-separated subset of schema,client,server (default: all)")
    parser.add_argument("--package-name", help="Python package of the client; the server's gets a _server suffix")
    parser.add_argument("--title", help="API title in the OpenAPI document")
    parser.add_argument("--api-version", help="API version in the OpenAPI document")
    parser.add_argument("--templates", type=Path, metavar="DIR", help="templates overriding the built-ins by relative path")
    parser.add_argument("--check", action="store_true", default=None, help="write nothing; exit 1 if OUT is not what a run would write")
    parser.add_argument("--strict", action="store_true", default=None, help="treat warnings as errors (exit 1)")
    parser.add_argument("--force", action="store_true", default=None, help="write into a non-empty OUT that has no manifest")
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes for parsing and formatting (0: one per core)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="pyproject.toml to read [tool.generator] from")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="print every diagnostic and stage timings")
    parser.add_argument("--version", action="version", version=f"generator {generator.__version__}")
    return parser


def config_values(docs: Path, explicit: Path | None) -> dict[str, Any]:
    """[tool.generator] of --config, else of a pyproject.toml in DOCS or next to it."""
    candidates = [explicit] if explicit is not None else [docs / "pyproject.toml", docs.parent / "pyproject.toml"]
    for path in candidates:
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as error:
                raise UsageError(f"{path}: cannot read config: {error}") from error
            section = data.get(CONFIG_SECTION[0], {}).get(CONFIG_SECTION[1], {})
            return {key.replace("-", "_"): value for key, value in section.items()}
        if explicit is not None:
            raise UsageError(f"{path}: no such config file")
    return {}


def settings_from(arguments: argparse.Namespace) -> Settings:
    values = config_values(arguments.docs, arguments.config)
    command_line = {
        "targets": arguments.targets,
        "package_name": arguments.package_name,
        "title": arguments.title,
        "api_version": arguments.api_version,
        "templates": arguments.templates,
        "check": arguments.check,
        "strict": arguments.strict,
        "force": arguments.force,
        "jobs": arguments.jobs,
        "verbosity": 0 if arguments.quiet else 2 if arguments.verbose else None,
    }
    values.update({key: value for key, value in command_line.items() if value is not None})
    try:
        return Settings.model_validate(values)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise UsageError(f"invalid settings: {problems}") from error


def display(diagnostic: Diagnostic, docs: Path) -> str:
    return f"{(docs / diagnostic.source.file).as_posix()}:{diagnostic.source.line}: " + str(diagnostic).split(": ", 1)[1]


def report(result: RunResult, settings: Settings, docs: Path, out: Path, elapsed: float, stream: TextIO) -> int:
    """Print diagnostics and the one-line summary; return the exit code."""
    errors = [d for d in result.diagnostics if d.level is Level.ERROR]
    warnings = [d for d in result.diagnostics if d.level is Level.WARNING]
    shown = result.diagnostics if settings.verbosity >= 1 or settings.strict else errors
    for diagnostic in sorted(shown, key=lambda d: (d.source.file, d.source.line, d.code)):
        print(display(diagnostic, docs), file=stream)
    if settings.check and result.changes.any:
        for line in result.changes.lines()[:50 if settings.verbosity < 2 else None]:
            print(line, file=stream)
    if settings.verbosity >= 2:
        print("timings: " + ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in result.timings.items()), file=stream)
    failed = bool(errors) or (settings.strict and bool(warnings))
    stale = settings.check and not result.up_to_date
    if settings.verbosity >= 1 or failed or stale:
        print(summary(result, settings, out, len(errors), len(warnings), elapsed), file=stream)
    return EXIT_DOC_ERRORS if failed or stale else EXIT_OK


def summary(result: RunResult, settings: Settings, out: Path, errors: int, warnings: int, elapsed: float) -> str:
    found = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if result.up_to_date:
        state = f"{out} is up to date"
    elif settings.check:
        state = f"{out} is stale: {result.changes.summary()}"
    else:
        state = f"wrote {out}: {result.changes.summary()}, {result.files_formatted} formatted"
    return f"generator: {result.documents or 'no new'} docs read; {state}; {found} ({elapsed:.2f}s)"


class StageProgress:
    """A transient rich progress line on a terminal, shown only once a run has taken over a second."""

    STAGES = ("hash", "read", "parse", "resolve", "render", "format", "write")

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.stage = ""
        self.progress: Any = None
        self.task: Any = None
        self.timer = threading.Timer(1.0, self.show)

    def __enter__(self) -> StageProgress:
        if self.enabled:
            self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        if self.progress is not None:
            self.progress.stop()

    def show(self) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("generator: {task.description}"), BarColumn(), TimeElapsedColumn(), transient=True)
        self.task = self.progress.add_task(self.stage, total=len(self.STAGES))
        self.progress.start()
        self.update(self.stage)

    def update(self, stage: str) -> None:
        self.stage = stage
        if self.progress is not None and stage in self.STAGES:
            self.progress.update(self.task, description=stage, completed=self.STAGES.index(stage))


def main(argv: Sequence[str] | None = None) -> int:
    arguments = argument_parser().parse_args(argv)
    start = time.perf_counter()
    try:
        settings = settings_from(arguments)
        if not arguments.docs.is_dir():
            raise UsageError(f"{arguments.docs}: not a folder of docs")
        show_progress = sys.stderr.isatty() and settings.verbosity >= 1
        with StageProgress(show_progress) as progress:
            result = run(arguments.docs, arguments.out, settings, progress.update)
    except UsageError as error:
        print(f"generator: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except jinja2.TemplateError as error:
        print(f"generator: template error: {_template_location(error)}{error}", file=sys.stderr)
        return EXIT_USAGE
    except (OutputError, OSError) as error:
        print(f"generator: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return report(result, settings, arguments.docs, arguments.out, time.perf_counter() - start, sys.stderr)


def _template_location(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{error.filename or error.name}:{error.lineno}: "
    return ""
