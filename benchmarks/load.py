"""The generated mock server under load: every route, many concurrent connections, on 127.0.0.1 only.

    python benchmarks/load.py [--docs DIR] [--requests 20000] [--connections 50] [--time-limit 600]

Generates the server from DOCS (default: the g4 corpus in ../shared when it exists, else the server
test fixtures), starts `python -m <package> --mock` under uvicorn on 127.0.0.1, warms every route up
(a route builds its validators on its first request), records the server's RSS, then sends --requests
requests over --connections concurrent keep-alive connections, round-robin across every route, and
records the RSS again. It stops by itself: when all requests are answered or --time-limit passes.
Prints the figures; exits 1 if any answer is a 5xx, any connection failed or the time ran out.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.pipeline import load_api  # noqa: E402  (after the checkout is on sys.path)
from generator.settings import Settings  # noqa: E402
from tests.server.serving import SampleCall, generate, sample_call, serve  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "g4-2023-02"
FIXTURES = ROOT / "tests" / "server" / "docs"
PACKAGE = "load_api"
REQUEST_TIMEOUT = 30.0


@dataclass
class LoadReport:
    routes: int
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)  # transport errors by kind
    routes_hit: set[int] = field(default_factory=set)
    seconds: float = 0.0
    timed_out: bool = False
    rss_before_kb: int = 0
    rss_after_kb: int = 0

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def ok(self) -> bool:
        return not self.server_errors and not self.failures and not self.timed_out

    def lines(self) -> list[str]:
        rate = self.requests / self.seconds if self.seconds else 0.0
        growth = self.rss_after_kb - self.rss_before_kb
        return [
            f"routes: {self.routes} (hit: {len(self.routes_hit)})",
            (
                f"requests: {self.requests} in {self.seconds:.1f} s ({rate:.0f}/s)"
                + (" - TIME LIMIT REACHED" if self.timed_out else "")
            ),
            "statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items())),
            (
                f"5xx: {self.server_errors}; failed connections: {sum(self.failures.values())}"
                + (f" {dict(self.failures)}" if self.failures else "")
            ),
            (
                f"server RSS: {self.rss_before_kb / 1024:.1f} MB after warm-up, "
                f"{self.rss_after_kb / 1024:.1f} MB after the load ({growth / 1024:+.1f} MB)"
            ),
        ]


def rss_kb(pid: int) -> int:
    """Resident set size of a process (Linux /proc), in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


async def send(client: httpx.AsyncClient, call: SampleCall) -> httpx.Response:
    if call.has_json_body:
        return await client.request(
            call.method, call.path, params=call.params, headers=call.headers, json=call.json_body
        )
    return await client.request(
        call.method, call.path, params=call.params, headers=call.headers, content=call.content
    )


async def hammer(
    base_url: str, calls: list[SampleCall], requests: int, connections: int, report: LoadReport
) -> None:
    """`connections` workers share one request counter; request i goes to route i % len(calls)."""
    counter = itertools.count()
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT, trust_env=False
    ) as client:

        async def worker() -> None:
            while (index := next(counter)) < requests:
                route = index % len(calls)
                try:
                    response = await send(client, calls[route])
                except httpx.TransportError as error:
                    report.failures[type(error).__name__] += 1
                    continue
                report.requests += 1
                report.statuses[response.status_code] += 1
                report.routes_hit.add(route)

        await asyncio.gather(*(worker() for _ in range(connections)))


def warm_up(base_url: str, calls: list[SampleCall]) -> None:
    """One request per route, so that the load measures serving, not building the routes."""
    with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT, trust_env=False) as client:
        for call in calls:
            call.send(client)


def run_load(
    docs: Path, work: Path, requests: int, connections: int, time_limit: float
) -> LoadReport:
    """Generate the server from docs into work/out, serve the mock, load it; the report."""
    out = work / "out"
    generate(docs, out, package_name=PACKAGE)
    api, _ = load_api(docs, Settings())
    calls = [sample_call(endpoint) for endpoint in api.endpoints_in_route_order()]
    report = LoadReport(routes=len(calls))
    with serve(out, f"{PACKAGE}_server", "--mock") as server:
        warm_up(server.base_url, calls)
        report.rss_before_kb = rss_kb(server.process.pid)
        started = time.perf_counter()
        try:
            asyncio.run(
                asyncio.wait_for(
                    hammer(server.base_url, calls, requests, connections, report), time_limit
                )
            )
        except TimeoutError:
            report.timed_out = True
        report.seconds = time.perf_counter() - started
        report.rss_after_kb = rss_kb(server.process.pid)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=Path, default=CORPUS if CORPUS.is_dir() else FIXTURES)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds for the load")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="generator-load-") as work:
        print(f"docs: {arguments.docs}", flush=True)
        report = run_load(
            arguments.docs,
            Path(work),
            arguments.requests,
            arguments.connections,
            arguments.time_limit,
        )
    print("\n".join(report.lines()))
    raise SystemExit(0 if report.ok else 1)


if __name__ == "__main__":
    main()
