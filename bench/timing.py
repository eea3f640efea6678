"""Timing helper shared by the bench scripts (run as `python bench/<script>.py`, so this folder is on the path)."""
from __future__ import annotations

import time
from collections.abc import Callable


def best_of(repeat: int, fn: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds of ``clock``: the run least disturbed by the
    machine's load (``time.process_time`` leaves out time spent waiting for a core)."""
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)
