"""The parse cache in OUT/.generator/cache/: one ParseResult per doc, keyed by the generator's code and
the doc's path and text. It is not an output: --check ignores it, it is never staged, and it is updated
in place only after a successful run (a cache entry is written whole or not at all)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from pydantic import ValidationError

import generator
from generator.model import ParseResult, SourceFile
from generator.write.manifest import sha256
from generator.write.output import CACHE_DIR

PARSE_DIR = f"{CACHE_DIR}/parse"
CODE_FILE = f"{CACHE_DIR}/code"
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
    """Cached parse results of one run; remembers the entries this run used (as JSON) for saving."""

    def __init__(self, out: Path) -> None:
        self.folder = out / PARSE_DIR
        self.used: dict[str, str] = {}

    @staticmethod
    def key(file: SourceFile) -> str:
        return sha256(f"{code_fingerprint()}\0{file.path}\0{file.text}")

    def get(self, file: SourceFile) -> ParseResult | None:
        key = self.key(file)
        try:
            text = (self.folder / f"{key}.json").read_text(encoding="utf-8")
            result = ParseResult.model_validate_json(text)
        except (OSError, ValueError, ValidationError):
            return None
        self.used[key] = text
        return result

    def put(self, file: SourceFile, result_json: str) -> None:
        self.used[self.key(file)] = result_json


def cache_is_current(out: Path) -> bool:
    """True when the cache was last saved by this very generator code."""
    try:
        return (out / CODE_FILE).read_text(encoding="utf-8").strip() == code_fingerprint()
    except OSError:
        return False


def save_cache(out: Path, parse_cache: ParseCache) -> None:
    """Write new entries, drop the ones this run did not use, record the code fingerprint."""
    folder = out / PARSE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {f"{key}.json": text for key, text in parse_cache.used.items()}
    for existing in os.listdir(folder):
        if existing not in wanted:
            (folder / existing).unlink()
    for name, text in wanted.items():
        if not (folder / name).exists():
            _write_whole(folder / name, text)
    _write_whole(out / IGNORE_FILE, IGNORE_TEXT)
    _write_whole(out / CODE_FILE, code_fingerprint() + "\n")


def _write_whole(target: Path, text: str) -> None:
    """Write through a temporary file and rename it, so a kill never leaves half an entry."""
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
