"""The run, stage by stage: read -> parse -> resolve -> render -> format -> write, each one timed."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import JsonValue

import generator
from generator.model import Api, Diagnostic, Level, ParsedDoc, ParseResult, SourceFile
from generator.read import read_docs
from generator.read.files import list_docs, read_doc
from generator.report.changes import ApiChanges, api_changes, changes_between, unchanged
from generator.report.snapshot import (
    SNAPSHOT_PATH,
    Recorded,
    load_recorded,
    patched_record,
    patched_record_of,
    rebuilt_record,
    snapshot_of,
    to_json,
)
from generator.settings import Settings, Target
from generator.write.cache import (
    ParseCache,
    Pending,
    cache_is_current,
    load_model,
    model_key,
    recover,
    save_cache,
    save_index,
    save_parts,
)
from generator.write.manifest import (
    MANIFEST_PATH,
    Manifest,
    OutputRecord,
    file_hash,
    load_manifest,
    sha256,
)
from generator.write.output import (
    Changes,
    DiskHashes,
    check_conflicts,
    check_ownership,
    commit,
    compare,
    exclusive,
)
from generator.write.stats import Stat, StatCache, stat_key, stat_of
from generator.write.workers import parallel_map, worker_count

if TYPE_CHECKING:
    from generator.render.client import ClientOutline
    from generator.render.plan import Scope
    from generator.resolve.doc_edits import DocEdit
    from generator.resolve.stored import Difference, StoredApi
    from generator.write.formatting import Formatted

# Below this many docs to parse a process pool costs more than it saves.
PARSE_POOL_THRESHOLD = 200
# Beyond this many docs changed, each of them locally (resolve/edits.py), resolving them all is about as quick.
LOCAL_PATH_LIMIT = 16
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
    files_formatted: int = 0  # distinct texts black ran on
    files_vouched: int = 0  # Python texts taken as rendered (already in black's shape)
    documents: int = 0
    docs_parsed: int = 0
    patched: bool = (
        False  # the Api is the last run's with local edits made (generator/resolve/edits.py)
    )
    scoped: bool = False  # the plan rendered only what the changes reach (render/plan.py Scope)
    api_changes: ApiChanges | None = None
    withheld: bool = False  # a breaking API change under fail_on_breaking: nothing was written
    written: bool = False  # this run changed OUT
    held_back: str = ""  # why a run that would change OUT wrote nothing


@dataclass(frozen=True)
class Inputs:
    files: list[SourceFile]
    problems: list[Diagnostic]
    # The docs not read: path -> the hash of the text their stats tell (the parse cache holds them),
    # and, once loaded (Run.with_cached), their parse results.
    known: dict[str, str] = field(default_factory=dict)
    cached: dict[str, ParseResult] = field(default_factory=dict)

    @cached_property
    def hashes(self) -> dict[str, str]:
        """Path -> hash of each doc's text; an unreadable doc counts by its diagnostic."""
        hashes = {file.path: sha256(file.text) for file in self.files}
        hashes.update(self.known)
        hashes.update({problem.source.file: sha256(str(problem)) for problem in self.problems})
        return dict(sorted(hashes.items()))


@contextmanager
def timed(result: RunResult, stage: str, progress: Progress) -> Iterator[None]:
    progress(stage)
    start = time.perf_counter()
    yield
    result.timings[stage] = result.timings.get(stage, 0.0) + time.perf_counter() - start


def run(
    docs_dir: Path, out: Path, settings: Settings, progress: Progress = lambda stage: None
) -> RunResult:
    """Generate OUT from the docs (or, with settings.check, only compare).

    Raises OutputError and OSError (OUT cannot be written), TemplateFailure (a broken template),
    NoDocsError (DOCS is empty)."""
    with cycle_collection_paused():
        if settings.check:
            return Run(docs_dir, out, settings, progress).go()
        with exclusive(out) as absolute_out:
            return Run(docs_dir, absolute_out, settings, progress).go()


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """A run builds hundreds of thousands of objects that live until it ends, and makes almost no
    reference cycles: Python's cycle collector would scan them again and again (at 3,400 docs, half
    the run's time, and more the bigger the API). Reference counting still frees everything else."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Run:
    """One run: what it reads, what OUT held before, and what it found so far (`result`)."""

    docs_dir: Path
    out: Path
    settings: Settings
    progress: Progress
    result: RunResult = field(default_factory=RunResult)
    # Held from resolve until rendered, and only here: a large API's model is not kept through the
    # format and write stages.
    api: Api | None = None
    edits: list[DocEdit] = field(default_factory=list)  # what the local path patched
    retyped: frozenset[str] = frozenset()  # the named types whose properties those edits changed
    # After local edits: the stored Api the run's Api is read from (resolve/stored.py), and, while
    # that Api holds the edited groups' endpoints alone, what the client draws from all of them.
    stored: StoredApi | None = None
    outline: ClientOutline | None = None
    # The hash of the API record (.generator/api.json) the run that made the stored Api wrote.
    record_before: str | None = None
    # After a whole resolve: how the Api differs from the last run's, where a scoped plan can tell.
    difference: Difference | None = None
    # After local edits: what their plan renders.
    local_scope: Scope | None = None
    # What the run found of OUT's files (their stats and hashes), from rendering to recording stats.
    disk: DiskHashes | None = None

    def go(self) -> RunResult:
        previous = load_manifest(self.out)
        if not self.settings.check:
            check_ownership(self.out, previous, self.settings.force)
        stats = StatCache.load(self.out)
        with timed(self.result, "read", self.progress):
            compile_templates(self.settings.templates)
            header = manifest_header(self.settings)
            recorded = load_recorded(self.out, previous is not None)
            same_run = (
                previous is not None
                and recorded.current_format
                and (previous.generator_version, previous.settings, previous.templates) == header
                and cache_is_current(self.out)
            )
            # Stats before hashes: a doc edited meanwhile is recorded with its old stat, so the
            # next run reads it again.
            doc_stats = docs_stats(self.docs_dir)
            hashes = self.doc_hashes(stats) if same_run else {}
            if previous is not None and hashes and self.nothing_changed(previous, hashes, stats):
                return self.replayed(previous)
        pending = None if self.settings.check else Pending(self.out)
        try:
            return self.generate(previous, header, recorded, stats, doc_stats, hashes, pending)
        finally:
            if pending is not None:
                pending.discard()

    def generate(
        self,
        previous: Manifest | None,
        header: Header,
        recorded: Recorded,
        stats: StatCache,
        doc_stats: dict[str, Stat],
        hashes: dict[str, str],
        pending: Pending | None,
    ) -> RunResult:
        """A run past the no-change path. The cache files it makes wait in `pending` until it saves
        the cache (write/cache.py): the Api's JSON, for instance, as soon as the Api is made."""
        parse_cache = ParseCache(self.out, pending)
        same_run = bool(hashes)  # the last run that wrote OUT made its cache as this run would
        edits = self.local_edits(previous, hashes, parse_cache) if hashes else None
        model = None
        if edits is not None and previous is not None:
            model = self.patched(previous, header, edits, parse_cache)
        if model is not None:
            self.edits = [edit for edit, _ in edits or ()]
            hold = False
        else:
            edits = None
            with timed(self.result, "read", self.progress):
                inputs = self.read(hashes, parse_cache)
            with timed(self.result, "parse", self.progress):
                inputs = self.with_cached(inputs, parse_cache)
            hashes = inputs.hashes
            hold = self.build_api(inputs, parse_cache, previous)
            if self.api is not None and pending is not None:  # the parsed docs are gone now
                with timed(self.result, "cache", self.progress):
                    model = stored_model(self.api)
                    if same_run and previous is not None:
                        self.difference = self.difference_from(previous, header, model)
        index = None  # what the cache's index of the stored Api will say, but for the record's hash
        if model is not None and pending is not None:
            with timed(self.result, "cache", self.progress):
                entries = save_parts(pending, self.out, model)
                index = None if entries is None else (pending, model_key(header, hashes), entries)
        del model
        self.result.diagnostics.sort(key=diagnostic_order)
        unfinished = PartialManifest(header, hashes)
        try:
            manifest = self.render_and_write(unfinished, previous, recorded, hold, stats, index)
        except DamagedModel:  # the local path found a part it had not read damaged: start again
            self.api = self.stored = self.outline = self.record_before = self.difference = None
            self.edits.clear()
            self.retyped = frozenset()
            self.result.patched, self.result.diagnostics = False, []
            return self.generate(previous, header, recorded, stats, doc_stats, {}, pending)
        if pending is not None and not self.result.withheld and not self.result.held_back:
            with timed(self.result, "cache", self.progress):
                save_cache(self.out, parse_cache, complete=edits is None)
                record_stats(self.out, doc_stats, hashes, manifest, self.disk)
        return self.result

    def doc_hashes(self, stats: StatCache) -> dict[str, str]:
        """Each doc's entry of Inputs.hashes, not reading the docs whose stats are unchanged
        (generator/write/stats.py)."""
        hashes = {
            relative: stats.hash_of(
                f"doc:{relative}", stat_of(path), partial(doc_hash, self.docs_dir, path)
            )
            for relative, path in list_docs(self.docs_dir)
        }
        return {relative: digest for relative, digest in hashes.items() if digest is not None}

    def nothing_changed(self, previous: Manifest, hashes: dict[str, str], stats: StatCache) -> bool:
        """The no-change path: same generator code, settings, templates and docs (checked by the
        caller), every output intact; files whose stats are unchanged are not read."""
        self.result.documents = len(hashes)
        if hashes != previous.inputs:
            return False
        root = os.path.join(str(self.out), "")
        return all(
            _hash_unless_stat_same(stats, path, root + path) == record.sha256
            for path, record in previous.outputs.items()
        )

    def local_edits(
        self, previous: Manifest | None, hashes: dict[str, str], parse_cache: ParseCache
    ) -> list[tuple[DocEdit, ParseResult]] | None:
        """The docs changed since the run that wrote OUT, when each changed only locally (its prose,
        its query parameters, its property tables' cells, one row of one added, removed or
        renamed, and the samples they describe: generator/resolve/edits.py), with their new parse
        results; None otherwise. Only the changed docs are read and parsed, each in its old version
        and its new one."""
        from generator.resolve.doc_edits import DocEdit, is_local_edit

        if previous is None or set(hashes) != set(previous.inputs):
            return None
        changed = [path for path, digest in hashes.items() if previous.inputs[path] != digest]
        failed = {d.source.file for d in previous.diagnostics if d.level is Level.ERROR}
        if not 0 < len(changed) <= LOCAL_PATH_LIMIT or failed & set(changed):
            return None
        edits = []
        with timed(self.result, "parse", self.progress):
            for path in changed:
                new_file = read_doc(self.docs_dir, self.docs_dir / path)
                old_file = parse_cache.last_good(path)
                if not isinstance(new_file, SourceFile) or sha256(new_file.text) != hashes[path]:
                    return None
                if old_file is None or sha256(old_file.text) != previous.inputs[path]:
                    return None
                old, new = parse_cache.parse(old_file), parse_cache.parse(new_file)
                if old.doc is None or new.doc is None:
                    return None
                edit = DocEdit(old.doc, new.doc)
                if not is_local_edit(edit):
                    return None
                parse_cache.keep_good(new_file)
                edits.append((edit, new))
        self.result.docs_parsed = len(edits)
        return edits

    def patched(
        self,
        previous: Manifest,
        header: Header,
        edits: list[tuple[DocEdit, ParseResult]],
        parse_cache: ParseCache,
    ) -> StoredApi | None:
        """The Api (self.api) from the one OUT's cache holds, with the local edits made, and the
        stored Api to keep; None (nothing done) where that cannot be sure of the result."""
        from generator.resolve.edits import patched_api

        def unedited(file: str) -> ParsedDoc | None:
            """A doc the edits leave as it was, parsed (from the cache)."""
            source = read_doc(self.docs_dir, self.docs_dir / file)
            if not isinstance(source, SourceFile) or sha256(source.text) != previous.inputs.get(
                file
            ):
                return None
            return parse_cache.parse(source).doc

        with timed(self.result, "resolve", self.progress):
            loaded = load_model(self.out, model_key(header, previous.inputs))
            stored, self.record_before = loaded or (None, None)
            try:
                patch = (
                    patched_api(stored, [e for e, _ in edits], unedited)
                    if stored is not None
                    else None
                )
                if patch is None:
                    return None
                found, self.retyped = patch.stored, patch.types
                self.read_stored(found, {edit.new.operation_id for edit, _ in edits})
            except (ValueError, KeyError, TypeError, IndexError):  # a damaged cache: no stored Api
                return None
            self.result.patched = True
            files = {edit.file for edit, _ in edits}
            self.result.diagnostics = [
                *(d for d in previous.diagnostics if d.source.file not in files),
                *(d for _, parsed in edits for d in parsed.diagnostics),
            ]
        return found

    def read_stored(self, stored: StoredApi, operations: set[str]) -> None:
        """self.api from the stored Api: with the endpoints of the groups of `operations` alone,
        and of those that draw on the types the edits changed (self.retyped), and the outline of
        the rest, unless a target renders whole (TypeScript); and what their plan renders
        (self.local_scope)."""
        from generator.render.client import ClientOutline
        from generator.render.plan import Scope

        head, types = stored.read_head(), stored.named_types()
        edited = frozenset(
            group.name for group in head.groups if not operations.isdisjoint(group.operations)
        )
        draws = {group.name: group.types for group in head.groups}
        whole = Target.TYPESCRIPT in self.settings.targets
        outline = None if whole else ClientOutline.from_json(head.outline)
        self.local_scope = Scope.of_changes(edited, self.retyped, types, draws, outline)
        groups = None if whole else self.local_scope.groups
        self.api, self.stored, self.outline = stored.api(groups, types), stored, outline

    def difference_from(
        self, previous: Manifest, header: Header, model: StoredApi
    ) -> Difference | None:
        """How the stored Api of the Api just resolved differs from the one OUT's cache holds."""
        from generator.resolve.stored import difference

        loaded = load_model(self.out, model_key(header, previous.inputs))
        if loaded is None:
            return None
        found = difference(loaded[0], model)
        if found is not None:
            self.record_before = loaded[1]
        return found

    def whole_api(self) -> Api:
        """self.api, with every group's endpoints (the local path reads the rest only if a stage
        needs them)."""
        if self.outline is not None and self.stored is not None:
            try:
                self.api, self.outline = self.stored.api(), None
            except ValueError as error:  # a part changed since the cache checked its size
                raise DamagedModel(str(error)) from error
        assert self.api is not None, "resolved before"
        return self.api

    def read(self, hashes: dict[str, str], parse_cache: ParseCache) -> Inputs:
        """The docs; of those `hashes` (from their stats: doc_hashes) tells and the parse cache
        holds, only their hashes."""
        known = {path: digest for path, digest in hashes.items() if parse_cache.holds(path, digest)}
        inputs = read_inputs(self.docs_dir, known)
        self.result.documents = len(inputs.hashes)
        if not self.result.documents:
            raise NoDocsError(
                f"{self.docs_dir}: no docs found (*.md, *.markdown, *.txt outside hidden folders)"
            )
        return inputs

    def replayed(self, previous: Manifest) -> RunResult:
        """Nothing to do: the diagnostics of the run that wrote OUT are this run's too."""
        self.result.up_to_date = True
        self.result.diagnostics = list(previous.diagnostics)
        self.result.api_changes = unchanged()
        return self.result

    def build_api(self, inputs: Inputs, parse_cache: ParseCache, previous: Manifest | None) -> bool:
        """Resolve the Api (self.api); whether the run must write nothing (a failing doc's outputs
        would be lost)."""
        from generator.resolve import resolve

        result, settings = self.result, self.settings
        result.diagnostics.extend(inputs.problems)
        with timed(result, "parse", self.progress):
            parsed = [
                *parse_all(inputs.files, settings.jobs, parse_cache, result),
                *inputs.cached.values(),
            ]
            for parse_result in parsed:
                result.diagnostics.extend(parse_result.diagnostics)
            recovery = recover(
                inputs.files, inputs.problems, parsed, parse_cache, previous, inputs.known
            )
            result.diagnostics.extend(recovery.diagnostics)
        with timed(result, "resolve", self.progress):
            kept = recovery.results
            docs = [parse_result.doc for parse_result in kept if parse_result.doc is not None]
            self.api = resolve(
                docs, settings.title, settings.api_version, settings.unique_path_templates
            )
            result.diagnostics.extend(self.api.diagnostics)
        return recovery.hold

    def with_cached(self, inputs: Inputs, parse_cache: ParseCache) -> Inputs:
        """The inputs with the cached parse results of the docs not read (inputs.known); a doc
        whose cache entry proves damaged is read now, as any other."""
        if not inputs.known:
            return inputs
        cached, files, problems = {}, list(inputs.files), list(inputs.problems)
        for path, digest in inputs.known.items():
            found = parse_cache.get_known(path, digest)
            if found is not None:
                cached[path] = found
                continue
            read = read_doc(self.docs_dir, self.docs_dir / path)
            if isinstance(read, SourceFile):
                files.append(read)
            else:
                problems.append(read)
        return Inputs(
            files=sorted(files, key=lambda file: file.path),
            problems=sorted(problems, key=lambda problem: (problem.source.file, problem.code)),
            known={path: inputs.known[path] for path in cached},
            cached=cached,
        )

    def render_and_write(
        self,
        header: PartialManifest,
        previous: Manifest | None,
        recorded: Recorded,
        hold: bool,
        stats: StatCache,
        index: tuple[Pending, str, list[str]] | None = None,
    ) -> Manifest:
        """`index`: where the index of the stored Api goes, its key and its entries; it is written
        (to wait with the rest, write/cache.py Pending) once the API record is known."""
        result, settings = self.result, self.settings
        with timed(result, "compare", self.progress):
            record = self.compare_api(header.header, recorded)
        if index is not None:
            with timed(result, "cache", self.progress):
                pending, key, entries = index
                save_index(pending, key, entries, sha256(record))
        disk = self.disk = DiskHashes(self.out, partial(_hash_unless_stat_same, stats))
        formatted, kept = self.rendered_outputs(previous, disk)
        outputs = formatted.data
        with timed(result, "write", self.progress):
            manifest = header.complete(formatted, result.diagnostics, kept)
            result.changes = changes_to(self.out, manifest, previous, disk)
            _record_change(result.changes, recorded, record)
            result.up_to_date = not result.changes.any
            if settings.check or result.up_to_date or result.withheld:
                return manifest
            result.held_back = held_back(hold, settings.strict, result.diagnostics)
            if not result.held_back:
                check_conflicts(self.out, result.changes, previous, settings.force)
                commit(self.out, outputs, manifest, previous, {SNAPSHOT_PATH: record}, disk)
                result.written = True
        return manifest

    def rendered_outputs(
        self, previous: Manifest | None, disk: DiskHashes
    ) -> tuple[Formatted, dict[str, OutputRecord]]:
        """Each output's bytes and their hashes (write/formatting.py, Formatted); and the last
        run's outputs kept as they are (a scoped plan's, render/plan.py). The Api goes once
        rendered, and the texts once encoded (a text that several outputs share, once): a large
        API's outputs are not held twice."""
        from generator.render.environment import template_errors
        from generator.render.patching import OutOfScope
        from generator.render.plan import Scope, render_plan
        from generator.write.formatting import format_outputs

        result, settings = self.result, self.settings
        with timed(result, "render", self.progress), template_errors():
            assert self.api is not None, "resolved before rendering"
            scope, kept = self.scope(previous, disk)
            try:
                api = self.api if scope.groups is not None else self.whole_api()
                plan = render_plan(api, settings, scope)
            except OutOfScope:  # an output the scope cannot patch: render everything
                scope, kept = Scope(), {}
                result.scoped = False
                plan = render_plan(self.whole_api(), settings, scope)
            kept = {path: record for path, record in kept.items() if path not in plan}
            self.api = self.stored = None
        with timed(result, "format", self.progress):
            formatted = format_outputs(
                plan,
                previous,
                self.out,
                settings.jobs,
                trusted=settings.builtin_python_templates,
                mode=settings.format,
            )
            result.files_formatted = formatted.formatted
            result.files_vouched = formatted.vouched
        return formatted, kept

    def scope(
        self, previous: Manifest | None, disk: DiskHashes
    ) -> tuple[Scope, dict[str, OutputRecord]]:
        """What to render, and the outputs of the last run it may keep (render/plan.py, Scope):
        after local edits, the groups of the edited endpoints; after a whole resolve that found the
        Api changed in some groups and types alone, what those reach; else everything. Only where
        every output it would keep is intact."""
        from generator.render.plan import Scope

        api = self.api
        if previous is None or api is None or not (self.edits or self.difference):
            return Scope(), {}
        if self.settings.templates is not None:  # they may read anything: render everything
            return Scope(), {}
        if self.edits:
            assert self.local_scope is not None, "set with the edits"
            scope = self.local_scope
        else:
            assert self.difference is not None
            found = self.difference
            of_difference = Scope.of_difference(
                api,
                found.groups,
                found.types,
                found.same_routes,
                found.classes_before,
                found.groups_before,
            )
            if of_difference is None:  # a type's name moved: render everything
                return Scope(), {}
            scope = of_difference
        earlier = earlier_texts(self.out, previous, scope.patched(self.settings), disk)
        scope = replace(scope, earlier=earlier)
        files, folders = scope.claims(api, self.settings)
        kept = {
            path: record
            for path, record in previous.outputs.items()
            if path not in files and not path.startswith(folders)
        }
        if any(disk.of(path) != record.sha256 for path, record in kept.items()):
            return Scope(), {}  # someone changed an output: render it again
        self.result.scoped = True
        return scope, kept

    def compare_api(self, header: Header, recorded: Recorded) -> bytes:
        """Compare the API with OUT's record of it (result.api_changes); the record to keep. After
        local edits, only the entries that name the edited docs are made and compared; after a
        difference (resolve/stored.py), only those of the changed groups' operations and types."""
        assert self.api is not None, "resolved before comparing"
        version, shaping, templates = header
        patched = None
        data = recorded.data
        last = data if data is not None and self.record_before == sha256(data) else None
        if self.edits and last is not None:
            files = {edit.file for edit in self.edits}
            head = version, templates, shaping
            patched = patched_record(last, self.api, files, *head, types=self.retyped)
        elif self.difference is not None and last is not None:
            operations = [
                endpoint.operation_id
                for group in self.api.groups
                if group.name in self.difference.groups
                for endpoint in group.endpoints
            ]
            types = self.difference.types | self.difference.moved
            head = version, templates, shaping
            patch = patched_record_of if self.difference.same_entries else rebuilt_record
            patched = patch(last, self.api, operations, types, *head)
        changes: Callable[[], ApiChanges]
        if patched is not None:
            record = patched.data
            changes = partial(changes_between, patched.before, patched.after)
        else:
            snapshot = snapshot_of(self.whole_api(), version, templates, shaping)
            record, changes = to_json(snapshot).encode(), partial(api_changes, recorded, snapshot)
        same = recorded.data == record  # the same API (and generator): nothing to read or compare
        self.result.api_changes = unchanged() if same else changes()
        breaking = self.settings.fail_on_breaking and self.result.api_changes.breaking
        self.result.withheld = breaking and not self.settings.check
        return record


class DamagedModel(Exception):
    """A part of the stored Api that the local path had not read yet is damaged."""


def stored_model(api: Api) -> StoredApi:
    """The Api as the cache keeps it (resolve/stored.py), with the client's outline."""
    from generator.render.client import client_outline
    from generator.resolve.stored import StoredApi

    return StoredApi.of(api, client_outline(api).to_json())


def _hash_unless_stat_same(
    stats: StatCache, relative: str, path: str, found: os.stat_result | None = None
) -> str | None:
    """An output's hash, from the stats the last run recorded where they still hold; `found`: the
    file's stat, if taken."""
    stat = stat_of(path) if found is None else stat_key(found)
    return stats.hash_of(f"out:{relative}", stat, partial(file_hash, path))


def earlier_texts(
    out: Path, previous: Manifest, paths: Iterable[str], disk: DiskHashes
) -> dict[str, str]:
    """The texts of the outputs OUT holds as the last run wrote them: told by their hashes as
    `disk` finds them (from the stats the last run recorded, where they hold), before and after
    reading."""
    found: dict[str, str] = {}
    for path in paths:
        record = previous.outputs.get(path)
        if record is None or disk.of(path) != record.sha256:
            continue
        try:
            data = (out / path).read_bytes()
        except OSError:
            continue
        if disk.of(path) == record.sha256:  # not changed while read
            found[path] = data.decode("utf-8")
    return found


def diagnostic_order(diagnostic: Diagnostic) -> tuple[str, int, str, str]:
    """The order diagnostics are reported and recorded in: by file and line."""
    return diagnostic.source.file, diagnostic.source.line, diagnostic.code, diagnostic.message


def held_back(hold: bool, strict: bool, diagnostics: list[Diagnostic]) -> str:
    """Why the run must write nothing: a failing doc would lose its outputs, or --strict and problems."""
    if hold:
        return "a failing doc has no good version to keep its outputs"
    if strict and diagnostics:
        return "--strict and the docs have problems"
    return ""


def load_api(docs_dir: Path, settings: Settings) -> tuple[Api, list[Diagnostic]]:
    """Read, parse and resolve the docs (no OUT, no cache): for --explain, tools and tests."""
    from generator.parse import parse_doc
    from generator.resolve import resolve

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
    from generator.render.fingerprint import templates_fingerprint

    return generator.__version__, settings.shaping(), templates_fingerprint(settings.templates)


def compile_templates(override: Path | None) -> None:
    """Compile every overriding template now, so that a broken one fails with its file and line."""
    if override is None:
        return
    from generator.render.environment import make_environment, template_errors

    environment = make_environment(override)
    with template_errors():
        for path in sorted(override.rglob("*.j2")):
            environment.get_template(path.relative_to(override).as_posix())


def read_inputs(docs_dir: Path, known: dict[str, str] | None = None) -> Inputs:
    """The docs sorted by path, whatever order the file system lists them in; `known`: path -> text
    hash of docs not to read."""
    skipped: dict[str, str] = {}

    def skip(path: str) -> bool:
        digest = (known or {}).get(path)
        if digest is not None:
            skipped[path] = digest
        return digest is not None

    files, problems = read_docs(docs_dir, skip if known else None)
    return Inputs(
        files=sorted(files, key=lambda file: file.path),
        problems=sorted(problems, key=lambda problem: (problem.source.file, problem.code)),
        known=skipped,
    )


def doc_hash(docs_dir: Path, path: str) -> str:
    """A doc's entry of Inputs.hashes: the hash of its text, or of its diagnostic."""
    read = read_doc(docs_dir, Path(path))
    return sha256(read.text) if isinstance(read, SourceFile) else sha256(str(read))


def docs_stats(docs_dir: Path) -> dict[str, Stat]:
    """Each doc's stat (relative path -> size, mtime)."""
    found = {relative: stat_of(path) for relative, path in list_docs(docs_dir)}
    return {relative: stat for relative, stat in found.items() if stat is not None}


def record_stats(
    out: Path,
    doc_stats: dict[str, Stat],
    hashes: dict[str, str],
    manifest: Manifest,
    disk: DiskHashes | None = None,
) -> None:
    """What the next no-change run needs to skip reading unchanged files; `disk`: the stats this
    run took of the files it did not write."""
    stats = StatCache()
    for relative, (size, mtime) in doc_stats.items():
        if relative in hashes:
            stats.learned[f"doc:{relative}"] = [size, mtime, hashes[relative]]
    root = os.path.join(str(out), "")
    for path, record in manifest.outputs.items():
        taken = disk.stat(path) if disk is not None else None
        found = stat_of(root + path) if taken is None else stat_key(taken)
        if found is not None:
            stats.learned[f"out:{path}"] = [found[0], found[1], record.sha256]
    stats.save(out)


def parse_all(
    files: list[SourceFile], jobs: int, parse_cache: ParseCache, result: RunResult
) -> list[ParseResult]:
    """Each doc's parse result: from the cache, else parsed (in a pool when there are many)."""
    from generator.parse import parse_doc

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
    from generator.parse import parse_doc

    return parse_doc(file).model_dump_json(exclude_defaults=True)


def changes_to(
    out: Path, manifest: Manifest, previous: Manifest | None, disk: DiskHashes
) -> Changes:
    """How OUT differs from what this run writes, the manifest included."""
    changes = compare(out, manifest, previous, disk)
    if previous is None:
        changes.added.append(MANIFEST_PATH)
    elif previous.to_json() != manifest.to_json():
        changes.changed.append(MANIFEST_PATH)
    return changes


def _record_change(changes: Changes, recorded: Recorded, record: bytes) -> None:
    """The API record is the generator's own file, compared like the manifest."""
    if recorded.data is None:
        changes.added.append(SNAPSHOT_PATH)
    elif recorded.data != record:
        changes.changed.append(SNAPSHOT_PATH)


@dataclass(frozen=True)
class PartialManifest:
    """What the manifest records before rendering: generator, settings, templates, inputs."""

    header: Header
    inputs: dict[str, str]

    def complete(
        self,
        formatted: Formatted,
        diagnostics: list[Diagnostic],
        kept: dict[str, OutputRecord] | None = None,
    ) -> Manifest:
        """`formatted`: the hashes of this run's outputs; `kept`: outputs of the last run that stay as
        they are, with their records."""
        version, settings, templates = self.header
        records = {
            path: OutputRecord(sha256=digest, rendered_sha256=formatted.rendered[path])
            for path, digest in formatted.hashes.items()
        }
        records.update(kept or {})
        return Manifest(
            generator_version=version,
            settings=settings,
            templates=templates,
            inputs=self.inputs,
            outputs=dict(sorted(records.items())),
            diagnostics=sorted(diagnostics, key=diagnostic_order),
        )
