"""Black as the judge of generated Python: it confirms what the generator can vouch for and formats
the rest, each distinct text once, only texts not formatted before, in a process pool.

The built-in templates lay out every statement in black's own shape (generator/render/layout.py), and
a test formats every Python file generated from both corpus generations and the fixtures with black and
compares. So, under `--format auto` (the default), a text is taken as it is when the generator can
vouch for it: it comes from the built-in Python templates (no `--templates` override of a `.py.j2`
template) and no line of it is longer than black's limit (the layout's one case it leaves to black).
Everything else goes through black; `--format always` sends every Python text through black.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.render.layout import LINE_LENGTH
from generator.write.manifest import Manifest, sha256
from generator.write.workers import parallel_map, worker_count

# Texts smaller than this are formatted in this process: a worker's start-up costs more.
POOL_THRESHOLD = 200_000


class FormatMode(StrEnum):
    AUTO = "auto"  # black on what the generator cannot vouch for
    ALWAYS = "always"  # black on every Python text


@dataclass
class Formatted:
    """What the format stage gives the write stage."""

    data: dict[str, bytes]  # path -> the final text as UTF-8 (outputs that share a text share it)
    rendered: dict[str, str]  # path -> hash of the text as rendered (reused when it recurs)
    hashes: dict[str, str] = field(default_factory=dict)  # path -> hash of the final bytes
    formatted: int = 0  # texts black ran on
    vouched: int = 0  # Python texts taken as rendered
    reused: int = 0  # Python texts whose formatted form OUT already held
    formatted_paths: list[str] = field(default_factory=list)


def format_python(text: str) -> str:
    # black is imported here, not above: a run with nothing to format (the usual case) skips its import.
    import black
    from black.mode import Mode, TargetVersion
    from black.report import NothingChanged

    try:
        return black.format_str(
            text, mode=Mode(line_length=LINE_LENGTH, target_versions={TargetVersion.PY311})
        )
    except NothingChanged:
        return text


def vouched_for(text: str) -> bool:
    """Whether a text from the built-in templates can skip black: every line within black's limit."""
    return all(len(line) <= LINE_LENGTH for line in text.split("\n"))


def reusable(
    path: str, rendered_hash: str, previous: Manifest | None, out: Path
) -> tuple[bytes, str] | None:
    """The formatted text already in OUT (and its hash) when it was formatted from exactly this
    rendered text."""
    record = previous.outputs.get(path) if previous is not None else None
    if record is None or record.rendered_sha256 != rendered_hash:
        return None
    try:
        existing = (out / path).read_bytes()
    except OSError:
        return None
    return (existing, record.sha256) if sha256(existing) == record.sha256 else None


def format_outputs(
    plan: dict[str, str],
    previous: Manifest | None,
    out: Path,
    jobs: int,
    trusted: bool = True,
    mode: FormatMode = FormatMode.AUTO,
) -> Formatted:
    """The final bytes, and their hashes. `trusted`: the Python texts come from the built-in
    templates. The plan is emptied as its texts are encoded (a text several paths share, once), so
    that a large API's outputs are not held twice."""
    result = Formatted(data={}, rendered={})
    pending: dict[str, list[str]] = {}  # distinct text for black -> the paths that have it
    for paths in _paths_by_text(plan):
        text = plan[paths[0]]
        data = text.encode("utf-8")
        digest = sha256(data)
        python = any(path.endswith(".py") for path in paths)
        vouched = python and mode is FormatMode.AUTO and trusted and vouched_for(text)
        for path in paths:
            result.rendered[path] = digest
            if not path.endswith(".py"):
                result.data[path], result.hashes[path] = data, digest
            elif vouched:
                result.data[path], result.hashes[path] = data, digest
                result.vouched += 1
            elif (cached := reusable(path, digest, previous, out)) is not None:
                result.data[path], result.hashes[path] = cached
                result.reused += 1
            else:
                pending.setdefault(text, []).append(path)
            del plan[path]
    for text, formatted in _run_black(list(pending), jobs).items():
        data = formatted.encode("utf-8")
        digest = sha256(data)
        for path in pending[text]:
            result.data[path], result.hashes[path] = data, digest
            result.formatted_paths.append(path)
    result.formatted = len(pending)
    result.data = dict(sorted(result.data.items()))
    result.hashes = dict(sorted(result.hashes.items()))
    result.formatted_paths.sort()
    return result


def _paths_by_text(plan: dict[str, str]) -> list[list[str]]:
    """The plan's paths, those that share one text object together (the OpenAPI document of the
    schema and of the server, the models of the client and of the server)."""
    paths_of: dict[int, list[str]] = {}
    for path, text in plan.items():
        paths_of.setdefault(id(text), []).append(path)
    return list(paths_of.values())


def _run_black(texts: list[str], jobs: int) -> dict[str, str]:
    size = sum(len(text) for text in texts)
    if worker_count(jobs) == 1 or size < POOL_THRESHOLD or len(texts) < 2:
        return {text: format_python(text) for text in texts}
    results = parallel_map(format_python, texts, jobs, chunksize=max(1, len(texts) // 32))
    return dict(zip(texts, results))
