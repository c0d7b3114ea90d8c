"""Black, in-process, only on texts not formatted before (content-hash reuse), in a process pool."""

from __future__ import annotations

from pathlib import Path

from generator.write.manifest import Manifest, sha256
from generator.write.workers import parallel_map, worker_count

LINE_LENGTH = 100
# Files smaller than this are formatted in this process: a worker's start-up costs more.
POOL_THRESHOLD = 200_000


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


def reusable(path: str, rendered_hash: str, previous: Manifest | None, out: Path) -> str | None:
    """The formatted text already in OUT when it was formatted from exactly this rendered text."""
    record = previous.outputs.get(path) if previous is not None else None
    if record is None or record.rendered_sha256 != rendered_hash:
        return None
    try:
        existing = (out / path).read_bytes()
    except OSError:
        return None
    return existing.decode("utf-8") if sha256(existing) == record.sha256 else None


def format_outputs(
    plan: dict[str, str], previous: Manifest | None, out: Path, jobs: int
) -> tuple[dict[str, str], dict[str, str], int]:
    """(formatted texts, rendered-text hashes, number of files black ran on)."""
    formatted: dict[str, str] = {}
    rendered_hashes = {path: sha256(text) for path, text in plan.items()}
    pending: list[str] = []
    for path, text in plan.items():
        if not path.endswith(".py"):
            formatted[path] = text
            continue
        cached = reusable(path, rendered_hashes[path], previous, out)
        if cached is None:
            pending.append(path)
        else:
            formatted[path] = cached
    formatted.update(_run_black({path: plan[path] for path in pending}, jobs))
    return dict(sorted(formatted.items())), rendered_hashes, len(pending)


def _run_black(texts: dict[str, str], jobs: int) -> dict[str, str]:
    size = sum(len(text) for text in texts.values())
    if worker_count(jobs) == 1 or size < POOL_THRESHOLD or len(texts) < 2:
        return {path: format_python(text) for path, text in texts.items()}
    results = parallel_map(format_python, texts.values(), jobs, chunksize=max(1, len(texts) // 32))
    return dict(zip(texts, results))
