"""Atomic writes: an error, an interrupt or a kill mid-run leaves OUT exactly as it was, and a later run
cleans up what a killed one left beside OUT."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.pipeline
import generator.render.plan
import generator.write.output
from generator.pipeline import run
from generator.settings import Settings
from tests.conftest import ROOT, interruptible
from tests.write.fixture_docs import (
    contents,
    doc_path,
    doc_text,
    schema_path,
    siblings,
    snapshot,
)


@pytest.fixture
def out(tmp_path: Path, docs: Path) -> Path:
    """A generated OUT with a file of the user's in it, and a doc changed since, so the next run writes."""
    out = tmp_path / "out"
    run(docs, out, Settings())
    (out / "NOTES.md").write_text("mine")
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed."))
    return out


def failing(
    after_calls: int, error: BaseException, original: Callable[..., object]
) -> Callable[..., object]:
    """A stand-in that behaves as the original for some calls, then raises."""
    calls = []

    def stand_in(*arguments: object) -> object:
        calls.append(arguments)
        if len(calls) > after_calls:
            raise error
        return original(*arguments)

    return stand_in


@pytest.mark.parametrize(
    "step, after_calls",
    [
        ("_swap_in", 0),
        ("_write_new", 1),
        ("_link_or_copy", 2),
        ("_carry_over", 0),
        ("_move_cache", 0),
    ],
)
@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_mid_write_leaves_out_unchanged(
    docs: Path,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    after_calls: int,
    error: BaseException,
) -> None:
    before = snapshot(out)
    original = getattr(generator.write.output, step)
    monkeypatch.setattr(generator.write.output, step, failing(after_calls, error, original))
    with pytest.raises(type(error)):
        run(docs, out, Settings())
    if (
        step == "_move_cache"
    ):  # after the swap: the run's output is complete, only the cache is lost
        assert b"Changed." in (out / schema_path("Beta")).read_bytes()
    else:
        assert snapshot(out) == before
    assert siblings(out) == []


def test_a_failure_before_writing_leaves_out_unchanged(
    docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(out)
    monkeypatch.setattr(
        generator.render.plan, "render_plan", failing(0, RuntimeError("render broke"), lambda: None)
    )
    with pytest.raises(RuntimeError):
        run(docs, out, Settings())
    assert snapshot(out) == before and siblings(out) == []


def test_without_an_atomic_exchange_the_two_renames_still_work(
    docs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.write.output, "_exchange", lambda first, second: False)
    run(docs, out, Settings())
    assert b"Changed." in (out / schema_path("Beta")).read_bytes()
    assert (out / "NOTES.md").read_text() == "mine" and siblings(out) == []


def test_a_later_run_removes_staging_folders_of_killed_runs(docs: Path, out: Path) -> None:
    leftover = out.parent / f".{out.name}.generator-staging-99999"
    (leftover / "schemas").mkdir(parents=True)
    (leftover / "schemas" / "half.json").write_text("{")
    run(docs, out, Settings(check=True))
    assert siblings(out) == [leftover.name]  # --check writes nothing, removes nothing
    run(docs, out, Settings())
    assert siblings(out) == []


def test_leftovers_are_found_whatever_out_is_called(tmp_path: Path, docs: Path) -> None:
    out = tmp_path / "out[1] *"
    run(docs, out, Settings())
    (out.parent / f".{out.name}.generator-staging-99999").mkdir()
    (tmp_path / ".out1.generator-staging-99999").mkdir()  # another OUT's: not ours to remove
    run(docs, out, Settings())
    assert siblings(out) == [] and (tmp_path / ".out1.generator-staging-99999").is_dir()


def test_a_run_killed_between_the_two_renames_gets_its_out_back(docs: Path, out: Path) -> None:
    before = contents(out)
    os.rename(out, out.parent / f".{out.name}.generator-old-99999")
    (out.parent / f".{out.name}.generator-staging-99999").mkdir()
    run(docs, out, Settings(check=True))  # just looks
    run(docs, out, Settings())  # puts the old OUT back, then updates it
    assert (out / "NOTES.md").read_text() == "mine"
    assert contents(out).keys() == before.keys() and siblings(out) == []


# ---------------------------------------------------------------------------------------------------
# A real process, stopped just before it swaps its complete staging folder in


PAUSED_RUN = """
import pathlib, sys, time
import generator.write.output as output

def pause(staging, out):
    pathlib.Path(sys.argv[1]).write_text(str(staging))
    time.sleep(60)

output._swap_in = pause
from generator.cli import main
sys.exit(main(sys.argv[2:]))
"""


def paused_run(tmp_path: Path, docs: Path, out: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """A generator process paused with its staging folder complete; returns it and the staging folder."""
    script, marker = tmp_path / "paused_run.py", tmp_path / "paused"
    script.write_text(PAUSED_RUN)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(script), str(marker), str(docs), str(out), "-q"],
        env=environment,
        cwd=tmp_path,
        preexec_fn=interruptible,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() or not marker.read_text():
        assert (
            process.poll() is None and time.monotonic() < deadline
        ), "the run did not reach the swap"
        time.sleep(0.02)
    return process, Path(marker.read_text())


def test_a_killed_run_leaves_out_unchanged_and_the_next_run_cleans_up(
    tmp_path: Path, docs: Path, out: Path
) -> None:
    before = snapshot(out)
    process, staging = paused_run(tmp_path, docs, out)
    assert (staging / schema_path("Beta")).is_file()  # the new tree was complete
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert snapshot(out) == before
    # its staging tree, and the cache files it made (write/cache.py, Pending)
    pending = staging.name.replace("generator-staging", "generator-pending")
    assert siblings(out) == sorted([staging.name, pending])
    run(docs, out, Settings())
    assert siblings(out) == [] and b"Changed." in (out / schema_path("Beta")).read_bytes()


@pytest.mark.parametrize("stop, exit_code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_run_leaves_out_unchanged_and_nothing_beside_it(
    tmp_path: Path, docs: Path, out: Path, stop: signal.Signals, exit_code: int
) -> None:
    before = snapshot(out)
    process, _ = paused_run(tmp_path, docs, out)
    process.send_signal(stop)
    assert process.wait(timeout=30) == exit_code
    assert snapshot(out) == before and siblings(out) == []


def test_a_second_run_into_the_same_out_waits_for_the_first(
    tmp_path: Path, docs: Path, out: Path
) -> None:
    first, staging = paused_run(tmp_path, docs, out)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "generator", str(docs), str(out), "-q"]
    second = subprocess.Popen(command, env=environment, cwd=tmp_path)
    time.sleep(1)
    assert second.poll() is None  # waiting for the lock the first one holds
    assert staging.is_dir()  # and it has not removed the first one's staging folder
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert second.wait(timeout=60) == 0
    assert siblings(out) == [] and b"Changed." in (out / schema_path("Beta")).read_bytes()
