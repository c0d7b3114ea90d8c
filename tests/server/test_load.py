"""A small, bounded run of benchmarks/load.py: the mock server answers every route under concurrent
load with no 5xx, no failed connection and no memory growth to speak of."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from tests.conftest import ROOT

REQUESTS, CONNECTIONS, TIME_LIMIT = 500, 10, 120.0
RSS_GROWTH_LIMIT_KB = 20 * 1024


def load_script() -> ModuleType:
    name = "benchmarks_load"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_mock_server_takes_a_small_load(tmp_path: Path) -> None:
    load = load_script()
    report = load.run_load(load.FIXTURES, tmp_path, REQUESTS, CONNECTIONS, TIME_LIMIT)
    print("\n".join(report.lines()))
    assert not report.timed_out and not report.failures
    assert report.server_errors == 0, report.statuses
    assert report.requests == REQUESTS
    assert report.routes_hit == set(range(report.routes)) and report.routes >= 3
    assert report.rss_after_kb - report.rss_before_kb < RSS_GROWTH_LIMIT_KB
