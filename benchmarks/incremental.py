"""Wall-clock times of `python -m generator DOCS OUT` on a corpus: full, no-change and one-doc-change runs.

    python benchmarks/incremental.py [--corpus ../shared/corpus/g4-2023-02] [--repeat 3] [--jobs 0]
                                     [--targets schema,client,server]

The corpus is copied to a temporary folder (the runs edit one doc); each figure is the median of --repeat
runs of the whole process, start-up included. --root points at another checkout to compare versions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "g4-2023-02"


def generate(root: Path, docs: Path, out: Path, *options: str) -> float:
    """Seconds one run takes; fails loudly if the run fails."""
    command = [sys.executable, "-m", "generator", str(docs), str(out), "--quiet", *options]
    start = time.perf_counter()
    # From OUT's parent: `python -m` puts the working folder first on sys.path, so it must hold no generator.
    environment = {**os.environ, "PYTHONPATH": str(root)}
    finished = subprocess.run(
        command, env=environment, cwd=out.parent, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if finished.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({finished.returncode}):\n{finished.stderr}")
    return elapsed


def median_of(repeat: int, prepare: Callable[[], None], measure: Callable[[], float]) -> float:
    times = []
    for _ in range(repeat):
        prepare()
        times.append(measure())
    return statistics.median(times)


def one_doc(docs: Path) -> Path:
    return sorted(docs.rglob("*.md"))[len(list(docs.rglob("*.md"))) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="checkout whose generator package is measured"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", default="0")
    parser.add_argument("--targets", default="schema,client,server")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        docs, out = Path(scratch) / "docs", Path(scratch) / "out"
        shutil.copytree(arguments.corpus, docs)
        doc, counter = one_doc(docs), iter(range(10**6))
        original = doc.read_text(encoding="utf-8")
        targets = ("--targets", arguments.targets)

        def run() -> float:
            return generate(arguments.root, docs, out, "--jobs", arguments.jobs, *targets)

        full = median_of(arguments.repeat, lambda: shutil.rmtree(out, ignore_errors=True), run)
        unchanged = median_of(arguments.repeat, lambda: None, run)
        check = median_of(
            arguments.repeat,
            lambda: None,
            lambda: generate(arguments.root, docs, out, "--check", *targets),
        )

        def edit() -> None:
            edited = original.replace("```\n\n", f"```\n\nEdited {next(counter)}.\n\n", 1)
            doc.write_text(edited, encoding="utf-8")

        changed = median_of(arguments.repeat, edit, run)
        print(
            f"corpus {arguments.corpus.name}: {len(list(docs.rglob('*.md')))} docs, "
            f"{os.cpu_count()} cores, jobs {arguments.jobs}, targets {arguments.targets}"
        )
        print(f"full run            {full:6.2f} s")
        print(f"no-change run       {unchanged:6.2f} s")
        print(f"no-change --check   {check:6.2f} s")
        print(f"one-doc-change run  {changed:6.2f} s")


if __name__ == "__main__":
    main()
