"""The generator at the scale of a real API, against a yardstick measured in the same run.

    python benchmarks/scale.py [--corpus ../shared/corpus/g4-2023-02] [--points 0.5,1,2.5] [--repeat 5]
                               [--no-yardstick] [--json FILE]

The API: the corpus generation's groups copied under new names until it has `max(points)` times its docs
(2.5: about 3,400 docs). Copy k renames every operation id's group (`v1ContactEntityC2_...`), every path
(`/api/v1/c2/...`) and every named type (`ContactEntityC2`), so a copy adds operations, routes and types
of its own, as a bigger API would; a fractional copy takes the first part of the groups.

Measured, each run a whole `python -m generator` process (start-up included):
- a cold run of all targets at the largest point: wall, CPU (user+system of the run and its workers),
  peak RSS (the largest process: main or worker), each stage (`-v`), Python lines written;
- a run with nothing changed, and runs with one doc changed: in its prose (a paragraph added above
  its description), in a query parameter's type, in the type of a property of the table that alone
  shows a type, and in that table's rows (a property added, with its sample value, then removed
  again; its second property renamed; a property added in front of its first) (the six take the
  local path, generator/resolve/edits.py), and beyond what the local path makes (two properties
  added in front of the table's first; a doc added, a copy of that one as another operation with a
  response type of its own, and removed again: every doc is resolved again, and what the change
  reaches rendered); medians of --repeat;
- cold runs at every point (time per doc, and its growth from 100% to the largest point);
- the yardstick: openapi-python-client (the `bench` extra) generating a client from the `openapi.json`
  of the same docs, and the ratio of our cold run to it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.model import Api, Source

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "g4-2023-02"
# Runs a command and prints, as JSON, its wall time, CPU time and the peak RSS of its largest process.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                  "code": done.returncode, "stderr": done.stderr[-20000:]}))
"""
TIMINGS = re.compile(r"timings: (.*)")


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    stages: dict[str, float] = field(default_factory=dict)


def measured(command: list[str], cwd: Path) -> Run:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    if report["code"] not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({report['code']}):\n{report['stderr']}")
    stages = {}
    found = TIMINGS.search(report["stderr"])
    if found:
        for part in found.group(1).split(", "):
            name, _, seconds = part.partition(" ")
            stages[name] = float(seconds.rstrip("s"))
    return Run(report["wall"], report["cpu"], report["rss_mb"], stages)


def generate(docs: Path, out: Path, *options: str) -> Run:
    # From OUT's parent: `python -m` puts the working folder first on sys.path, so it must hold no generator.
    return measured(
        [sys.executable, "-m", "generator", str(docs), str(out), "-v", *options], out.parent
    )


# ---- the API --------------------------------------------------------------------------------------


def corpus_api(corpus: Path) -> Api:
    sys.path.insert(0, str(ROOT))
    from generator.pipeline import load_api
    from generator.settings import Settings

    api, _ = load_api(corpus, Settings())
    return api


def type_names(api: Api) -> list[str]:
    return sorted((name for name in api.types if name.isidentifier()), key=len, reverse=True)


def own_table(api: Api) -> Source:
    """The row of a response table's first property (a scalar) whose type no other doc shows, in
    the middle of the corpus: retyping it changes that type."""
    from generator.model import referenced_types

    endpoints = {endpoint.source.file: endpoint for endpoint in api.endpoints()}
    rows = []
    for named in api.types.values():
        first = named.properties[0] if named.properties else None
        if len(named.sources) != 1 or first is None or first.source.file != named.sources[0].file:
            continue
        endpoint = endpoints.get(first.source.file)
        success = endpoint.success if endpoint is not None else None
        response = referenced_types(success.type) if success is not None else set()
        if named.name in response and first.type.kind in ("integer", "string", "boolean"):
            rows.append(first.source)
    if not rows:
        raise SystemExit("no type of its own shown by a doc's response table")
    return sorted(rows, key=lambda source: (source.file, source.line))[len(rows) // 2]


def renamed(text: str, copy: int, types: re.Pattern[str]) -> str:
    suffix = f"C{copy}"
    text = re.sub(r"(?m)^((?:uid|id):\s*v\d+)(\w+?)_", rf"\1\2{suffix}_", text)
    text = text.replace("/api/v1/", f"/api/v1/c{copy}/")
    return types.sub(lambda match: match.group(0) + suffix, text)


def build_api(corpus: Path, scale: float, target: Path, names: list[str]) -> int:
    """Copies of the corpus's groups under new names, `scale` times its docs; returns the doc count."""
    groups = sorted({path.parent for path in corpus.rglob("*.md")})
    types = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b")
    total = sum(1 for _ in corpus.rglob("*.md"))
    count, copy, left = 0, 0, scale
    while left > 0:
        taken, wanted = [], min(left, 1.0) * total
        for group in groups:
            if (
                sum(1 for _ in group.glob("*.md")) + sum(len(list(g.glob("*.md"))) for g in taken)
                > wanted + 5
            ):
                break
            taken.append(group)
        for group in taken:
            for doc in sorted(group.glob("*.md")):
                relative = doc.relative_to(corpus)
                destination = target / f"copy{copy}" / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                text = doc.read_text(encoding="utf-8")
                destination.write_text(
                    text if copy == 0 else renamed(text, copy, types), encoding="utf-8"
                )
                count += 1
        copy, left = copy + 1, left - 1
    return count


def python_lines(out: Path) -> dict[str, int]:
    lines = {"client": 0, "server": 0}
    for project in lines:
        for path in (out / project).rglob("*.py"):
            lines[project] += path.read_text(encoding="utf-8").count("\n")
    return lines


def edited(doc: Path, original: str, number: int) -> None:
    doc.write_text(original.replace("```\n\n", f"```\n\nEdited {number}.\n\n", 1), encoding="utf-8")


def retyped(doc: Path, original: str, line: int, number: int) -> None:
    """Every other run the property at the line typed as another scalar (its type changes: the
    local path makes it again of the doc's table)."""
    lines = original.split("\n")
    lines[line - 1] = re.sub(r"\| (int32|string|bool) \|", "| double |", lines[line - 1], count=1)
    changed = "\n".join(lines)
    if changed == original:
        raise SystemExit(f"{doc}:{line}: no property to retype")
    doc.write_text(changed if number % 2 == 0 else original, encoding="utf-8")


def property_added(doc: Path, original: str, line: int, number: int) -> None:
    """Every other run a property more in the table, after the row at the line, and in the sample
    response's first object, as a doc documenting a new property shows it (the run between
    removes it again)."""
    lines = original.split("\n")
    lines.insert(line, "| AddedByTheBenchmark | int32 | A property more. |")
    added = "\n".join(lines)
    sample = added.find("\n## Sample response")
    brace = added.find("{\n", sample) if sample >= 0 else -1
    if brace >= 0:
        added = f'{added[: brace + 2]}  "AddedByTheBenchmark": 1,\n{added[brace + 2 :]}'
    doc.write_text(added if number % 2 == 0 else original, encoding="utf-8")


def property_renamed(doc: Path, original: str, line: int, number: int) -> None:
    """Every other run the property at the line renamed (the local path)."""
    lines = original.split("\n")
    lines[line - 1] = re.sub(r"^\| (\w+) \|", r"| \1Renamed |", lines[line - 1], count=1)
    changed = "\n".join(lines)
    if changed == original:
        raise SystemExit(f"{doc}:{line}: no property to rename")
    doc.write_text(changed if number % 2 == 0 else original, encoding="utf-8")


def property_prepended(doc: Path, original: str, line: int, number: int, rows: int = 1) -> None:
    """Every other run a property more in the table, before its first row at the line (the
    table's place is the new row's: the local path); with `rows` 2, two, beyond what the local
    path makes (every doc is resolved again)."""
    lines = original.split("\n")
    for row in range(rows):
        lines.insert(line - 1, f"| AddedByTheBenchmark{row} | int32 | A property more. |")
    doc.write_text("\n".join(lines) if number % 2 == 0 else original, encoding="utf-8")


def doc_added(doc: Path, original: str, number: int) -> None:
    """Every other run a doc more beside the doc: a copy of it as another operation (its method's
    name, wherever the text says it, and its response type's, with `Added`); the run between
    removes it again."""
    copy = doc.with_name(f"{doc.stem}Added{doc.suffix}")
    if number % 2:
        copy.unlink()
        return
    method = re.search(r"(?m)^uid:\s*\w+?_(\w+)$", original)
    if method is None:
        raise SystemExit(f"{doc}: no operation id to copy under another name")
    text = original
    body = re.search(r"(?m)^### Response body: ([A-Z]\w*)", original)  # a named type
    if body is not None:
        text = re.sub(rf"\b{body.group(1)}\b", f"{body.group(1)}Added", text)
    copy.write_text(text.replace(method.group(1), f"{method.group(1)}Added"), encoding="utf-8")


def query_retyped(doc: Path, original: str, number: int) -> None:
    """Every other run the doc's first query parameter typed otherwise (the local path)."""
    query = original.index("\n## Query String Parameters")
    head, tail = original[:query], original[query:]
    changed = head + re.sub(r"\| (int32|string|bool) \|", "| double |", tail, count=1)
    if changed == original:
        raise SystemExit(f"{doc}: no query parameter to retype")
    doc.write_text(changed if number % 2 == 0 else original, encoding="utf-8")


# ---- the yardstick --------------------------------------------------------------------------------


def yardstick(openapi: Path, scratch: Path) -> Run | None:
    tool = shutil.which("openapi-python-client")
    if tool is None:
        return None
    target = scratch / "yardstick"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    return measured([tool, "generate", "--path", str(openapi), "--meta", "none"], target)


# ---- the report -----------------------------------------------------------------------------------


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    load = ", load %.1f" % os.getloadavg()[0] if hasattr(os, "getloadavg") else ""
    return f"{platform.machine()}, {cores} cores{memory}, Python {platform.python_version()}{load}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--points", default="0.5,1,2.5", help="API sizes, as multiples of the corpus"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-yardstick", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    arguments = parser.parse_args()
    points = sorted(float(point) for point in arguments.points.split(","))
    api = corpus_api(arguments.corpus)
    names, own = type_names(api), own_table(api)
    report: dict[str, object] = {"machine": machine(), "corpus": arguments.corpus.name}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        per_doc: dict[float, float] = {}
        for point in points:
            docs, out = scratch / f"docs{point}", scratch / f"out{point}"
            count = build_api(arguments.corpus, point, docs, names)
            cold = generate(docs, out)
            per_doc[point] = cold.wall / count
            print(
                f"{point:4}x: {count} docs, cold {cold.wall:6.1f} s ({per_doc[point] * 1000:.1f} ms/doc)"
            )
            if point != points[-1]:
                shutil.rmtree(docs)
                shutil.rmtree(out)
                continue
            report.update(docs=count, cold=asdict(cold), lines=python_lines(out))
            unchanged = [generate(docs, out).wall for _ in range(arguments.repeat)]
            doc = sorted(docs.rglob("*.md"))[count // 2]
            original = doc.read_text(encoding="utf-8")
            changed = []
            for number in range(arguments.repeat):
                edited(doc, original, number)
                changed.append(generate(docs, out).wall)
            query = []
            for number in range(arguments.repeat):
                query_retyped(doc, original, number)
                query.append(generate(docs, out).wall)
            doc.write_text(original, encoding="utf-8")
            # The copy of the corpus doc whose table alone shows a type (copy 0 holds no renames).
            typed = docs / "copy1" / own.file
            typed_original = typed.read_text(encoding="utf-8")
            retypes, rows, renames, prepended, structural, added = [], [], [], [], [], []
            for number in range(arguments.repeat):
                retyped(typed, typed_original, own.line, number)
                retypes.append(generate(docs, out).wall)
            for number in range(arguments.repeat):
                property_added(typed, typed_original, own.line, number)
                rows.append(generate(docs, out).wall)
            for number in range(arguments.repeat):
                property_renamed(typed, typed_original, own.line + 1, number)
                renames.append(generate(docs, out).wall)
            for number in range(arguments.repeat):
                property_prepended(typed, typed_original, own.line, number)
                prepended.append(generate(docs, out).wall)
            for number in range(arguments.repeat):
                property_prepended(typed, typed_original, own.line, number, rows=2)
                structural.append(generate(docs, out).wall)
            typed.write_text(typed_original, encoding="utf-8")
            for number in range(arguments.repeat + arguments.repeat % 2):  # removed at the end
                doc_added(typed, typed_original, number)
                added.append(generate(docs, out).wall)
            report.update(
                no_change=statistics.median(unchanged),
                one_doc=statistics.median(changed),
                one_doc_query=statistics.median(query),
                one_doc_property=statistics.median(retypes),
                one_doc_row=statistics.median(rows),
                one_doc_rename=statistics.median(renames),
                one_doc_prepended=statistics.median(prepended),
                one_doc_structural=statistics.median(structural),
                one_doc_added=statistics.median(added[0::2]),
                one_doc_removed=statistics.median(added[1::2]),
            )
            measured_yardstick = (
                None if arguments.no_yardstick else yardstick(out / "openapi.json", scratch)
            )
            if measured_yardstick is not None:
                report["yardstick"] = asdict(measured_yardstick)
                report["ratio"] = cold.wall / measured_yardstick.wall
        report["per_doc_ms"] = {str(point): seconds * 1000 for point, seconds in per_doc.items()}
        if 1.0 in per_doc:
            report["growth"] = per_doc[points[-1]] / per_doc[1.0]
    print(json.dumps(report, indent=2))
    if arguments.json:
        arguments.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
