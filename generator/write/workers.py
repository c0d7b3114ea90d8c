"""A process pool that Ctrl-C stops cleanly: workers ignore SIGINT (the main process handles it) and
pending work is cancelled when the caller fails or is interrupted."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def available_cpus() -> int:
    """The CPUs this process may run on (fewer than the machine's in a container or under taskset)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int) -> int:
    """Processes for --jobs N: N, or one per available CPU for 0. With 1, callers work in-process."""
    return jobs or available_cpus()


def parallel_map(
    function: Callable[[Item], Result], items: Iterable[Item], jobs: int, chunksize: int
) -> list[Result]:
    """function over items in worker processes (jobs 0: one per core), results in the items' order."""
    pool = ProcessPoolExecutor(max_workers=worker_count(jobs), initializer=_ignore_interrupts)
    try:
        return list(pool.map(function, items, chunksize=chunksize))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
