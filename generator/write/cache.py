"""The parse cache in OUT/.generator/cache/: one ParseResult per doc, keyed by the generator's code and
the doc's path and text; the last good version of each doc (its text, whatever the generator's code),
which generates in place of a doc that fails; and the last run's Api (for the local path), keyed by
what it was made from. It is not an output: --check ignores it, and it is never staged. It is updated
in place, only after a successful run, and every file of it is written whole or not at all. The parse
entries and the Api a run makes wait in a folder beside OUT (`Pending`) until then, so that the run
does not hold them.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

import generator
from generator.diagnostics import Code, diagnostic
from generator.model import Diagnostic, Level, ParseResult, Source, SourceFile
from generator.write.manifest import Manifest, sha256
from generator.write.output import CACHE_DIR, PENDING_MARK, remove, sibling

if TYPE_CHECKING:
    from generator.resolve.stored import StoredApi

PARSE_SUBDIR = "parse"
PARSE_DIR = f"{CACHE_DIR}/{PARSE_SUBDIR}"
CODE_FILE = f"{CACHE_DIR}/code"
# The last good version of each doc: SOURCES_DIR/<key>.json holds a SourceFile, the index maps path -> key.
SOURCES_DIR, SOURCES_INDEX = f"{CACHE_DIR}/sources", f"{CACHE_DIR}/sources.json"
# The Api of the last run, for the next run's local path (generator/resolve/edits.py), in parts
# (resolve/stored.py): a folder of the parts, each named by its hash, and an index whose first line
# is the key the Api was made from and the hash of the API record that run wrote, then each part's
# name and size.
MODEL_NAME = "api"
MODEL_DIR = f"{CACHE_DIR}/{MODEL_NAME}"
MODEL_INDEX = "index"
# The Api as earlier generators kept it (whole), removed when the cache is saved.
LEGACY_MODEL_FILES = (f"{CACHE_DIR}/model", f"{CACHE_DIR}/model.json.z")
_PART = re.compile(r"[0-9a-f]{32}")
# The cache is a build artefact of each checkout: keep it out of version control.
IGNORE_FILE, IGNORE_TEXT = f"{CACHE_DIR}/.gitignore", "# written by generator\n*\n"


@cache
def code_fingerprint() -> str:
    """A hash of the generator's own source: a change to it (even without a new version) invalidates the cache."""
    package = Path(generator.__file__).resolve().parent
    parts = []
    for path in sorted(package.rglob("*.py")):
        text = path.read_bytes().replace(b"\r\n", b"\n")
        parts.append(path.relative_to(package).as_posix().encode() + b"\0" + text)
    return sha256(generator.__version__.encode() + b"\0" + b"\0".join(parts))


class ParseCache:
    """Cached parse results of one run; remembers the entries this run used for saving (the JSON of
    new ones; None for those already in the cache, which are kept as they are).

    With `pending`, a new entry goes there at once, so that a run that parses every doc does not
    hold their JSON (37 MB at 3,400 docs) until it saves the cache."""

    def __init__(self, out: Path, pending: Pending | None = None) -> None:
        self.folder = out / PARSE_DIR
        self.pending = pending
        self.used: dict[str, str | None] = {}
        self.sources = out / SOURCES_DIR
        self.last_good_keys = _load_index(out / SOURCES_INDEX)
        # path -> the key of the version of the doc that is kept as its last good one (source_key),
        # and the texts of those versions at hand (the run read them)
        self.good: dict[str, str] = {}
        self.good_files: dict[str, SourceFile] = {}

    def keep_good(self, file: SourceFile) -> None:
        """The doc's version as its last good one."""
        key = source_key(file)
        self.good[file.path], self.good_files[key] = key, file

    def keep_good_known(self, path: str, digest: str) -> None:
        """The version of the doc at `path` with the text whose hash is `digest`, not read by this
        run, as its last good one: the cache keeps its text already, where an earlier run saved it.
        """
        self.good[path] = source_key_of(path, digest)

    @staticmethod
    def key(path: str, digest: str) -> str:
        """The entry of the doc at `path` whose text has the hash `digest` (sha256 of the text)."""
        return sha256(f"{code_fingerprint()}\0{path}\0{digest}")

    def get(self, file: SourceFile) -> ParseResult | None:
        return self.get_known(file.path, sha256(file.text))

    def holds(self, path: str, digest: str) -> bool:
        """Whether there is an entry for the doc at `path` with the text whose hash is `digest`
        (not whether it can be read: `get_known`)."""
        return (self.folder / f"{self.key(path, digest)}.json").is_file()

    def get_known(self, path: str, digest: str) -> ParseResult | None:
        """The entry of the doc at `path` whose text has the hash `digest`, where it is there and
        valid."""
        key = self.key(path, digest)
        try:
            text = (self.folder / f"{key}.json").read_bytes()
            result = ParseResult.model_validate_json(text)
        except (OSError, ValueError, ValidationError):
            return None
        if result.file != path:
            return None
        self.used[key] = None
        return result

    def put(self, file: SourceFile, result_json: str) -> None:
        key = self.key(file.path, sha256(file.text))
        if self.pending is not None:
            self.pending.write(f"{PARSE_SUBDIR}/{key}.json", result_json.encode("utf-8"))
            self.used[key] = None
        else:
            self.used[key] = result_json

    def last_good(self, path: str) -> SourceFile | None:
        """The last version of the doc at path that parsed, as saved by an earlier run."""
        key = self.last_good_keys.get(path)
        if key is None:
            return None
        try:
            file = SourceFile.model_validate_json((self.sources / f"{key}.json").read_bytes())
        except (OSError, ValueError, ValidationError):
            return None
        return file if file.path == path and source_key(file) == key else None

    def parse(self, file: SourceFile) -> ParseResult:
        """From the cache, else parsed now (and cached)."""
        from generator.parse import parse_doc  # the no-change path never parses

        result = self.get(file)
        if result is None:
            result = parse_doc(file)
            self.put(file, result.model_dump_json(exclude_defaults=True))
        return result


def source_key(file: SourceFile) -> str:
    return source_key_of(file.path, sha256(file.text))


def source_key_of(path: str, digest: str) -> str:
    """The key of the doc at `path` whose text has the hash `digest`."""
    return sha256(f"{path}\0{digest}")


def _load_index(path: Path) -> dict[str, str]:
    try:
        index = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(index, dict):
        return {}
    return {str(doc): key for doc, key in index.items() if isinstance(key, str) and key.isalnum()}


# ---------------------------------------------------------------------------------------------------
# Docs that fail: their last good version generates in their place


@dataclass
class Recovery:
    """Every doc's parse result, a failing doc's replaced by its last good version where there is one.

    `hold` is set when a doc that produced outputs before fails and has no last good version: writing
    would remove its outputs, so the run must write nothing."""

    results: list[ParseResult]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    hold: bool = False


def recover(
    files: list[SourceFile],
    problems: list[Diagnostic],
    parsed: list[ParseResult],
    parse_cache: ParseCache,
    previous: Manifest | None,
    known: dict[str, str] | None = None,
) -> Recovery:
    """Replace each doc that cannot be read or parsed by its last good version; remember the good
    ones. `known`: path -> text hash of the docs that were not read (their results are cached)."""
    known = known or {}
    by_path = {file.path: file for file in files}
    recovery = Recovery(results=[result for result in parsed if result.doc is not None])
    for result in recovery.results:
        file = by_path.get(result.file)
        if file is not None:
            parse_cache.keep_good(file)
        else:
            parse_cache.keep_good_known(result.file, known[result.file])
    failed = {result.file for result in parsed if result.doc is None}
    failed |= {problem.source.file for problem in problems if problem.level is Level.ERROR}
    for path in sorted(failed):
        _recover_one(path, parse_cache, previous, recovery)
    recovery.results.sort(key=lambda result: result.file)
    return recovery


def _recover_one(
    path: str, parse_cache: ParseCache, previous: Manifest | None, recovery: Recovery
) -> None:
    where = Source(file=path, line=1)
    last_good = parse_cache.last_good(path)
    result = parse_cache.parse(last_good) if last_good is not None else None
    if last_good is not None and result is not None and result.doc is not None:
        parse_cache.keep_good(last_good)
        recovery.results.append(ParseResult(file=path, doc=result.doc))
        message = "the doc fails; its last good version (parse cache) generates in its place"
        recovery.diagnostics.append(diagnostic(Code.C001, where, message))
    elif _produced_outputs(path, previous):
        message = (
            "the doc fails and no good version of it is in the parse cache: nothing is written, "
            "so that its outputs are not lost"
        )
        recovery.diagnostics.append(diagnostic(Code.C002, where, message))
        recovery.hold = True


def _produced_outputs(path: str, previous: Manifest | None) -> bool:
    """Whether the run that wrote OUT generated from this doc (it read it and it did not fail there)."""
    if previous is None or path not in previous.inputs:
        return False
    mine = [d for d in previous.diagnostics if d.source.file == path]
    failed = any(d.level is Level.ERROR for d in mine)
    return not failed or any(d.code == Code.C001.name for d in mine)


def cache_is_current(out: Path) -> bool:
    """True when the cache was last saved by this very generator code."""
    try:
        return (out / CODE_FILE).read_text(encoding="utf-8").strip() == code_fingerprint()
    except OSError:
        return False


def save_cache(out: Path, parse_cache: ParseCache, complete: bool = True) -> None:
    """Write new entries, drop the ones this run did not use, record the code fingerprint. A run
    that did not look at every doc (`complete` False: the local path) drops nothing."""
    folder = out / PARSE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    if parse_cache.pending is not None:
        parse_cache.pending.move_in()
    wanted = {f"{key}.json": text for key, text in parse_cache.used.items()}
    for existing in os.listdir(folder) if complete else ():
        if existing not in wanted:
            (folder / existing).unlink()
    for name, text in wanted.items():
        if text is not None and not (folder / name).exists():
            _write_whole(folder / name, text)
    _save_sources(out, parse_cache, complete)
    _drop_unused_parts(out)
    for legacy in LEGACY_MODEL_FILES:
        remove(out / legacy)
    _write_whole(out / IGNORE_FILE, IGNORE_TEXT)
    _write_whole(out / CODE_FILE, code_fingerprint() + "\n")


def _save_sources(out: Path, parse_cache: ParseCache, complete: bool) -> None:
    """Write the last good version of each doc; drop the versions no doc keeps (a run that did not
    look at every doc keeps the others' and drops none)."""
    folder = out / SOURCES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    keys = {} if complete else dict(parse_cache.last_good_keys)
    keys.update(parse_cache.good)
    for path, key in parse_cache.good.items():
        if (folder / f"{key}.json").exists():
            continue
        file = parse_cache.good_files.get(key)
        if file is None:  # not read by this run, and gone from the cache: no last good version
            del keys[path]
        else:
            _write_whole(folder / f"{key}.json", file.model_dump_json())
    wanted = {f"{key}.json" for key in parse_cache.good.values()}
    for existing in os.listdir(folder) if complete else ():
        if existing not in wanted:
            (folder / existing).unlink()
    _write_whole(out / SOURCES_INDEX, json.dumps(keys, indent=0, sort_keys=True) + "\n")


def model_key(header: tuple[str, object, str], inputs: dict[str, str]) -> str:
    """What the Api is made from: the generator, its settings and templates, and every doc's hash."""
    return sha256(json.dumps([list(header), inputs], sort_keys=True))


def load_model(out: Path, key: str) -> tuple[StoredApi, str] | None:
    """The Api the cache keeps (resolve/stored.py), when it was made from exactly `key`, and the hash
    of the API record (.generator/api.json) the run that made it wrote. Its head and types are
    read, its groups' parts when asked for; each part is checked against its name (its hash) as it
    is read, and must be there with its size before."""
    from generator.resolve.stored import Parts, StoredApi

    folder = out / MODEL_DIR
    index = _read_index(folder)
    if index is None:
        return None
    (found, record), entries = index
    if found != key or len(entries) < 2:
        return None
    if not all(size.isdigit() and _size(folder / name) == int(size) for name, size in entries):
        return None
    names = [name for name, _ in entries]
    try:
        head, types = _read_part(folder, names[0]), _read_part(folder, names[1])
    except ValueError:
        return None
    groups = Parts(len(names) - 2, lambda number: _read_part(folder, names[2 + number]))
    return StoredApi(head, types, groups, tuple(names)), record


def _read_index(folder: Path) -> tuple[tuple[str, str], list[tuple[str, str]]] | None:
    """The index's first line (the key, the record's hash) and its entries (each part's name and
    size); None where there is no index, or not one in this form."""
    try:
        lines = (folder / MODEL_INDEX).read_text(encoding="ascii").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    rows = [line.split(" ") for line in lines[:-1]]
    if lines[-1] != "" or not rows or not all(len(row) == 2 for row in rows):
        return None
    (key, record), *entries = [(row[0], row[1]) for row in rows]
    if not all(_PART.fullmatch(name) for name, _ in entries):
        return None
    return (key, record), entries


def save_parts(pending: Pending, out: Path, stored: StoredApi) -> list[str] | None:
    """Keep the parts of the Api for the next run (they reach the cache with the rest: save_cache):
    each part not kept already, or kept damaged. The index's entries; None where a part the run
    did not read is gone from the cache (no index can be written then)."""
    from generator.resolve.stored import part_name

    folder, entries = out / MODEL_DIR, []
    for part in stored.kept_parts():
        if isinstance(part, str):
            size = _size(folder / part)
            if size is None:
                return None
            entries.append(f"{part} {size}")
            continue
        name = part_name(part)
        if not _holds(folder / name, part):
            pending.write(f"{MODEL_NAME}/{name}", part)
        entries.append(f"{name} {len(part)}")
    return entries


def save_index(pending: Pending, key: str, entries: list[str], record: str) -> None:
    """The index of the parts save_parts kept, written last: `key` (what the Api was made from) and
    `record` (the hash of the API record this run wrote), then each part's name and size."""
    lines = [f"{key} {record}", *entries, ""]
    pending.write(f"{MODEL_NAME}/{MODEL_INDEX}", "\n".join(lines).encode("ascii"))


def _holds(path: Path, data: bytes) -> bool:
    if _size(path) != len(data):
        return False
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _read_part(folder: Path, name: str) -> bytes:
    from generator.resolve.stored import part_name

    try:
        data = (folder / name).read_bytes()
    except OSError as error:
        raise ValueError(f"{folder / name}: {error.strerror}") from error
    if part_name(data) != name:
        raise ValueError(f"{folder / name}: damaged (not the part its name says)")
    return data


def _size(path: Path) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def _drop_unused_parts(out: Path) -> None:
    """Remove the parts the cache's index does not name (a model of an earlier run)."""
    folder = out / MODEL_DIR
    index = _read_index(folder)
    try:
        existing = os.listdir(folder) if index is not None else []
    except OSError:
        return
    wanted = {MODEL_INDEX, *(name for name, _ in index[1])} if index is not None else set()
    for name in existing:
        if name not in wanted:
            remove(folder / name)


class Pending:
    """Cache files a run makes before it knows how it ends (parse entries, the Api), kept in a folder
    beside OUT until the run saves the cache, and moved in then; a run that fails leaves OUT's cache
    as it was (its folder goes with it, or with the next run's clean-up if it was killed)."""

    def __init__(self, out: Path) -> None:
        self.out, self.folder = out, sibling(out, PENDING_MARK)
        self.names: dict[str, None] = {}  # relative to the cache folder (a set, in order)

    def write(self, name: str, data: bytes) -> None:
        target = self.folder / name
        if not self.names:
            remove(self.folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.names.pop(name, None)  # moved in after every file written before it (an index last)
        self.names[name] = None

    def move_in(self) -> None:
        """Into OUT's cache, each file whole (a rename)."""
        for name in self.names:
            target = self.out / CACHE_DIR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.folder / name, target)
        self.names.clear()

    def discard(self) -> None:
        remove(self.folder)
        self.names.clear()


def _write_whole(target: Path, text: str) -> None:
    """Write through a temporary file and rename it, so a kill never leaves half an entry."""
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
