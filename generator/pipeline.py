"""The run, stage by stage: read -> parse -> resolve -> render -> format -> write, each one timed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import generator
from generator.model import Api, Diagnostic, ParseResult, SourceFile
from generator.parse import parse_doc
from generator.read import read_docs
from generator.render.environment import templates_fingerprint
from generator.render.plan import render_plan
from generator.resolve import resolve
from generator.settings import Settings
from generator.write.formatting import format_outputs
from generator.write.manifest import Manifest, OutputRecord, load_manifest, sha256
from generator.write.output import Changes, check_ownership, commit, compare

# Below this many docs a process pool costs more than it saves.
PARSE_POOL_THRESHOLD = 200
Progress = Callable[[str], None]


@dataclass
class RunResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    up_to_date: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    files_formatted: int = 0
    documents: int = 0
    api: Api | None = None


@contextmanager
def timed(result: RunResult, stage: str, progress: Progress) -> Iterator[None]:
    progress(stage)
    start = time.perf_counter()
    yield
    result.timings[stage] = time.perf_counter() - start


def parse_all(files: list[SourceFile], jobs: int) -> list[ParseResult]:
    if jobs == 1 or len(files) < PARSE_POOL_THRESHOLD:
        return [parse_doc(file) for file in files]
    with ProcessPoolExecutor(max_workers=jobs or None) as pool:
        return list(pool.map(parse_doc, files, chunksize=64))


def input_hashes(files: list[SourceFile]) -> dict[str, str]:
    return {file.path: sha256(file.text) for file in files}


def build_api(docs_dir: Path, settings: Settings, result: RunResult, progress: Progress) -> tuple[Api, dict[str, str]]:
    with timed(result, "read", progress):
        files, problems = read_docs(docs_dir)
        result.diagnostics.extend(problems)
        result.documents = len(files)
    with timed(result, "parse", progress):
        parsed = parse_all(files, settings.jobs)
        for parse_result in parsed:
            result.diagnostics.extend(parse_result.diagnostics)
    with timed(result, "resolve", progress):
        api = resolve([r.doc for r in parsed if r.doc is not None], settings.title, settings.api_version)
        result.diagnostics.extend(api.diagnostics)
    return api, input_hashes(files)


def run(docs_dir: Path, out: Path, settings: Settings, progress: Progress = lambda stage: None) -> RunResult:
    """Generate OUT from the docs (or, with settings.check, only compare). Raises OutputError, OSError."""
    result = RunResult()
    previous = load_manifest(out)
    if not settings.check:
        check_ownership(out, previous, settings.force)
    with timed(result, "hash", progress):
        fingerprint = (generator.__version__, settings.output_fingerprint(), templates_fingerprint(settings.templates))
    if previous is not None and _unchanged(docs_dir, out, previous, fingerprint):
        result.up_to_date = True
        result.diagnostics = list(previous.diagnostics)
        return result
    api, inputs = build_api(docs_dir, settings, result, progress)
    result.api = api
    with timed(result, "render", progress):
        plan = render_plan(api, settings)
    with timed(result, "format", progress):
        formatted, rendered_hashes, result.files_formatted = format_outputs(plan, previous, out, settings.jobs)
    outputs = {path: text.encode("utf-8") for path, text in formatted.items()}
    manifest = Manifest(
        generator_version=fingerprint[0],
        settings=fingerprint[1],
        templates=fingerprint[2],
        inputs=inputs,
        outputs={path: OutputRecord(sha256=sha256(data), rendered_sha256=rendered_hashes[path]) for path, data in outputs.items()},
        diagnostics=result.diagnostics,
    )
    with timed(result, "write", progress):
        result.changes = compare(out, outputs, previous)
        manifest_current = previous is not None and previous.to_json() == manifest.to_json()
        result.up_to_date = not result.changes.any and manifest_current
        if not settings.check and not result.up_to_date:
            commit(out, outputs, manifest, previous)
    return result


def _unchanged(docs_dir: Path, out: Path, previous: Manifest, fingerprint: tuple[str, str, str]) -> bool:
    """The fast path: same generator, settings, templates and input bytes, and every output intact."""
    if (previous.generator_version, previous.settings, previous.templates) != fingerprint:
        return False
    files, problems = read_docs(docs_dir)
    if problems or input_hashes(files) != previous.inputs:
        return False
    return all(_hash_of(out / path) == record.sha256 for path, record in previous.outputs.items())


def _hash_of(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None
