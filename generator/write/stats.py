"""File stats before hashes: what the no-change path reads of the docs and of OUT.

`OUT/.generator/cache/stats.json` (not an output: machine-specific, ignored by `--check` and git like
the parse cache) records, for each doc and each output, its size and modification time and the hash the
last run found for it. A file whose stats are unchanged is not read again. As git does for its index, a
stat is trusted only when the file was last modified well before the record was written: a file changed
in the same clock tick as it was recorded is hashed again.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.write.output import CACHE_DIR

STATS_FILE = f"{CACHE_DIR}/stats.json"
# A stat is trusted only for files modified this long before the record was written (file times move in
# clock ticks of a few milliseconds); a run that writes waits this long before recording.
RACY_NANOSECONDS = 50_000_000

Stat = tuple[int, int]  # size, mtime_ns


def stat_of(path: str) -> Stat | None:
    try:
        return stat_key(os.stat(path))
    except OSError:
        return None


def stat_key(found: os.stat_result) -> Stat:
    """What the record keeps of a stat."""
    return found.st_size, found.st_mtime_ns


@dataclass
class StatCache:
    """The stats and hashes the last writing run recorded (`recorded`), or a new record (`learned`,
    saved by a run that writes: a run with nothing to do touches nothing in OUT)."""

    recorded: dict[str, list[object]] = field(default_factory=dict)  # key -> [size, mtime_ns, hash]
    written_ns: int = 0
    learned: dict[str, list[object]] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> StatCache:
        try:
            data = json.loads((out / STATS_FILE).read_text(encoding="utf-8"))
            return cls(recorded=dict(data["files"]), written_ns=int(data["written_ns"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def hash_of(self, key: str, stat: Stat | None, compute: Callable[[], str | None]) -> str | None:
        """The hash of the file with this stat: the recorded one when the stat is unchanged and
        trusted, else computed."""
        entry = self.recorded.get(key)
        if stat is not None and entry is not None and list(stat) == entry[:2]:
            if stat[1] + RACY_NANOSECONDS < self.written_ns:
                return str(entry[2])
        return compute()

    def save(self, out: Path) -> None:
        newest = max((int(entry[1]) for entry in self.learned.values()), default=0)  # type: ignore[call-overload]
        wait = (newest + RACY_NANOSECONDS - time.time_ns()) / 1e9
        if wait > 0:
            time.sleep(wait)
        path = out / STATS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"written_ns": time.time_ns(), "files": dict(sorted(self.learned.items()))}
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)
