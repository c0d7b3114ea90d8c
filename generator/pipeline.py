"""The run, stage by stage: read -> parse -> resolve -> render -> format -> write, each one timed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import JsonValue

import generator
from generator.model import Api, Diagnostic, ParseResult, SourceFile
from generator.parse import parse_doc
from generator.read import read_docs
from generator.render.environment import make_environment, templates_fingerprint
from generator.render.plan import render_plan
from generator.resolve import resolve
from generator.settings import Settings
from generator.write.cache import ParseCache, cache_is_current, save_cache
from generator.write.formatting import format_outputs
from generator.write.manifest import MANIFEST_PATH, Manifest, OutputRecord, load_manifest, sha256
from generator.write.output import (
    Changes,
    check_conflicts,
    check_ownership,
    commit,
    compare,
    exclusive,
)
from generator.write.workers import parallel_map, worker_count

# Below this many docs to parse a process pool costs more than it saves.
PARSE_POOL_THRESHOLD = 200
Progress = Callable[[str], None]
Header = tuple[
    str, dict[str, JsonValue], str
]  # generator version, shaping settings, templates hash


class NoDocsError(Exception):
    """DOCS holds no docs at all: generating an empty API (and removing every output) is never meant."""


@dataclass
class RunResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    up_to_date: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    files_formatted: int = 0
    documents: int = 0
    docs_parsed: int = 0
    api: Api | None = None


@dataclass(frozen=True)
class Inputs:
    files: list[SourceFile]
    problems: list[Diagnostic]

    def hashes(self) -> dict[str, str]:
        """Path -> hash of each doc's text; an unreadable doc counts by its diagnostic."""
        hashes = {file.path: sha256(file.text) for file in self.files}
        hashes.update({problem.source.file: sha256(str(problem)) for problem in self.problems})
        return dict(sorted(hashes.items()))


@contextmanager
def timed(result: RunResult, stage: str, progress: Progress) -> Iterator[None]:
    progress(stage)
    start = time.perf_counter()
    yield
    result.timings[stage] = time.perf_counter() - start


def run(
    docs_dir: Path, out: Path, settings: Settings, progress: Progress = lambda stage: None
) -> RunResult:
    """Generate OUT from the docs (or, with settings.check, only compare).

    Raises OutputError and OSError (OUT cannot be written), jinja2.TemplateError (a broken template),
    NoDocsError (DOCS is empty)."""
    if settings.check:
        return Run(docs_dir, out, settings, progress).go()
    with exclusive(out) as absolute_out:
        return Run(docs_dir, absolute_out, settings, progress).go()


@dataclass
class Run:
    """One run: what it reads, what OUT held before, and what it found so far (`result`)."""

    docs_dir: Path
    out: Path
    settings: Settings
    progress: Progress
    result: RunResult = field(default_factory=RunResult)

    def go(self) -> RunResult:
        previous = load_manifest(self.out)
        if not self.settings.check:
            check_ownership(self.out, previous, self.settings.force)
        with timed(self.result, "read", self.progress):
            header, inputs = self.read()
        if previous is not None and _unchanged(self.out, previous, header, inputs):
            return self.replayed(previous)
        parse_cache = ParseCache(self.out)
        api = self.build_api(inputs, parse_cache)
        self.render_and_write(api, PartialManifest(header, inputs.hashes()), previous)
        if not self.settings.check:
            save_cache(self.out, parse_cache)
        return self.result

    def read(self) -> tuple[Header, Inputs]:
        compile_templates(self.settings.templates)
        header = manifest_header(self.settings)
        inputs = read_inputs(self.docs_dir)
        self.result.documents = len(inputs.hashes())
        if not self.result.documents:
            raise NoDocsError(
                f"{self.docs_dir}: no docs found (*.md, *.markdown, *.txt outside hidden folders)"
            )
        return header, inputs

    def replayed(self, previous: Manifest) -> RunResult:
        """Nothing to do: the diagnostics of the run that wrote OUT are this run's too."""
        self.result.up_to_date = True
        self.result.diagnostics = list(previous.diagnostics)
        return self.result

    def build_api(self, inputs: Inputs, parse_cache: ParseCache) -> Api:
        result, settings = self.result, self.settings
        result.diagnostics.extend(inputs.problems)
        with timed(result, "parse", self.progress):
            parsed = parse_all(inputs.files, settings.jobs, parse_cache, result)
            for parse_result in parsed:
                result.diagnostics.extend(parse_result.diagnostics)
        with timed(result, "resolve", self.progress):
            docs = [parse_result.doc for parse_result in parsed if parse_result.doc is not None]
            result.api = resolve(
                docs, settings.title, settings.api_version, settings.unique_path_templates
            )
            result.diagnostics.extend(result.api.diagnostics)
        return result.api

    def render_and_write(
        self, api: Api, header: PartialManifest, previous: Manifest | None
    ) -> None:
        result, settings = self.result, self.settings
        with timed(result, "render", self.progress):
            plan = render_plan(api, settings)
        with timed(result, "format", self.progress):
            formatted, rendered, result.files_formatted = format_outputs(
                plan, previous, self.out, settings.jobs
            )
        outputs = {path: text.encode("utf-8") for path, text in formatted.items()}
        manifest = header.complete(outputs, rendered, result.diagnostics)
        with timed(result, "write", self.progress):
            result.changes = changes_to(self.out, outputs, manifest, previous)
            result.up_to_date = not result.changes.any
            if not settings.check and not result.up_to_date:
                check_conflicts(self.out, result.changes, previous, settings.force)
                commit(self.out, outputs, manifest, previous)


def load_api(docs_dir: Path, settings: Settings) -> tuple[Api, list[Diagnostic]]:
    """Read, parse and resolve the docs (no OUT, no cache): for --explain, tools and tests."""
    inputs = read_inputs(docs_dir)
    parsed = [parse_doc(file) for file in inputs.files]
    api = resolve(
        [r.doc for r in parsed if r.doc is not None],
        settings.title,
        settings.api_version,
        settings.unique_path_templates,
    )
    diagnostics = [*inputs.problems, *(d for r in parsed for d in r.diagnostics), *api.diagnostics]
    return api, diagnostics


def manifest_header(settings: Settings) -> Header:
    return generator.__version__, settings.shaping(), templates_fingerprint(settings.templates)


def compile_templates(override: Path | None) -> None:
    """Compile every overriding template now, so that a broken one fails with its file and line."""
    if override is None:
        return
    environment = make_environment(override)
    for path in sorted(override.rglob("*.j2")):
        environment.get_template(path.relative_to(override).as_posix())


def read_inputs(docs_dir: Path) -> Inputs:
    """The docs sorted by path, whatever order the file system lists them in."""
    files, problems = read_docs(docs_dir)
    return Inputs(
        files=sorted(files, key=lambda file: file.path),
        problems=sorted(problems, key=lambda problem: (problem.source.file, problem.code)),
    )


def _unchanged(out: Path, previous: Manifest, header: Header, inputs: Inputs) -> bool:
    """The fast path: same generator code, settings, templates and docs, and every output intact."""
    if (previous.generator_version, previous.settings, previous.templates) != header:
        return False
    if not cache_is_current(out) or inputs.hashes() != previous.inputs:
        return False
    return all(_hash_of(out / path) == record.sha256 for path, record in previous.outputs.items())


def _hash_of(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def parse_all(
    files: list[SourceFile], jobs: int, parse_cache: ParseCache, result: RunResult
) -> list[ParseResult]:
    """Each doc's parse result: from the cache, else parsed (in a pool when there are many)."""
    parsed = {file.path: parse_cache.get(file) for file in files}
    missing = [file for file in files if parsed[file.path] is None]
    result.docs_parsed = len(missing)
    if worker_count(jobs) == 1 or len(missing) < PARSE_POOL_THRESHOLD:
        for file in missing:
            parsed[file.path] = fresh = parse_doc(file)
            parse_cache.put(file, fresh.model_dump_json(exclude_defaults=True))
    else:
        # Workers send JSON back: validating it here is faster than unpickling the models.
        for file, text in zip(missing, parallel_map(parse_to_json, missing, jobs, chunksize=32)):
            parsed[file.path] = ParseResult.model_validate_json(text)
            parse_cache.put(file, text)
    return [parse_result for parse_result in parsed.values() if parse_result is not None]


def parse_to_json(file: SourceFile) -> str:
    return parse_doc(file).model_dump_json(exclude_defaults=True)


def changes_to(
    out: Path, outputs: dict[str, bytes], manifest: Manifest, previous: Manifest | None
) -> Changes:
    """How OUT differs from what this run writes, the manifest included."""
    changes = compare(out, outputs, previous)
    if previous is None:
        changes.added.append(MANIFEST_PATH)
    elif previous.to_json() != manifest.to_json():
        changes.changed.append(MANIFEST_PATH)
    return changes


@dataclass(frozen=True)
class PartialManifest:
    """What the manifest records before rendering: generator, settings, templates, inputs."""

    header: Header
    inputs: dict[str, str]

    def complete(
        self, outputs: dict[str, bytes], rendered: dict[str, str], diagnostics: list[Diagnostic]
    ) -> Manifest:
        version, settings, templates = self.header
        return Manifest(
            generator_version=version,
            settings=settings,
            templates=templates,
            inputs=self.inputs,
            outputs={
                path: OutputRecord(sha256=sha256(data), rendered_sha256=rendered[path])
                for path, data in sorted(outputs.items())
            },
            diagnostics=sorted(
                diagnostics, key=lambda d: (d.source.file, d.source.line, d.code, d.message)
            ),
        )
