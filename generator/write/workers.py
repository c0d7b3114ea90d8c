"""A process pool that Ctrl-C stops cleanly: workers ignore SIGINT (the main process handles it) and
pending work is cancelled when the caller fails or is interrupted."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def parallel_map(
    function: Callable[[Item], Result], items: Iterable[Item], jobs: int, chunksize: int
) -> list[Result]:
    """function over items in worker processes (jobs 0: one per core), results in the items' order."""
    pool = ProcessPoolExecutor(max_workers=jobs or None, initializer=_ignore_interrupts)
    try:
        return list(pool.map(function, items, chunksize=chunksize))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
