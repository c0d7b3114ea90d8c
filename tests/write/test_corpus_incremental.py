"""The whole corpus (../shared, skipped when absent): independent of file order and hash seed, pool and
serial parsing agree, a no-change run rewrites nothing and a one-doc change parses and rewrites only
what it must."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from generator.parse import parse_doc
from generator.pipeline import run
from generator.read import read_docs
from generator.render.plan import render_plan
from generator.report.snapshot import SNAPSHOT_PATH
from generator.resolve import resolve
from generator.settings import Settings
from generator.write.manifest import MANIFEST_PATH
from tests.conftest import CORPUS, ROOT, needs_shared
from tests.write.fixture_docs import contents, snapshot

pytestmark = needs_shared

SHUFFLED_RUN = """
import random, sys
import generator.read.files as files

found = files.find_docs
files.find_docs = lambda root: random.Random(7).sample(found(root), len(found(root)))
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_corpus_runs_are_deterministic_and_incremental(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS / "g4-2023-02", docs)
    # The schema target only: black on the corpus client and server (~200k lines) would take minutes, and
    # their rendering is checked for order independence on the corpus below, without black.
    first = run(docs, tmp_path / "first", Settings(jobs=0, targets="schema"))  # parsed in a pool
    assert first.docs_parsed == first.documents > 1000

    # Another process, another hash seed, another file order, no pool: the same bytes.
    script = tmp_path / "shuffled_run.py"
    script.write_text(SHUFFLED_RUN)
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345"}
    command = [
        sys.executable,
        str(script),
        str(docs),
        str(tmp_path / "second"),
        "--jobs",
        "1",
        "--targets",
        "schema",
        "-q",
    ]
    assert subprocess.run(command, env=environment, cwd=tmp_path).returncode == 0
    assert contents(tmp_path / "first") == contents(tmp_path / "second")

    before = snapshot(tmp_path / "first")
    unchanged = run(docs, tmp_path / "first", Settings(targets="schema"))
    assert (
        unchanged.up_to_date
        and unchanged.docs_parsed == 0
        and snapshot(tmp_path / "first") == before
    )

    doc = sorted(docs.rglob("*.md"))[600]
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("```\n\n", "```\n\nAn edited summary.\n\n", 1),
        encoding="utf-8",
    )
    changed = run(docs, tmp_path / "first", Settings(targets="schema"))
    assert changed.docs_parsed == 1
    after = snapshot(tmp_path / "first")
    mentioning = {path for path in changed.changes.changed if b"An edited summary." in after[path].data}  # type: ignore[operator]
    # only the outputs the edit shows in, the manifest, and the API record (a description changed)
    assert set(changed.changes.changed) == mentioning | {MANIFEST_PATH, SNAPSHOT_PATH}
    assert (
        "openapi.json" in changed.changes.changed
        and not changed.changes.added
        and not changed.changes.orphaned
    )


def test_corpus_client_and_server_rendering_does_not_depend_on_doc_order() -> None:
    settings = Settings()
    files, _ = read_docs(CORPUS / "g4-2023-02")
    in_order = [parse_doc(file).doc for file in files]
    shuffled = random.Random(3).sample(in_order, len(in_order))
    first = render_plan(resolve([doc for doc in in_order if doc is not None]), settings)
    second = render_plan(resolve([doc for doc in shuffled if doc is not None]), settings)
    assert any(path.startswith("client/") for path in first) and any(
        path.startswith("server/") for path in first
    )
    assert first == second
