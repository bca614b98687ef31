"""HTTP API latency and throughput, next to the same reads run directly on the store.

An embedded FalkorDB (in a temporary directory) holds the bundled document; uvicorn serves
the app in a child process on a free loopback port. Two reads are measured:

* ``GET /tasks?agency=省发改委`` (store side: the count and page queries the route runs);
* ``GET /queries/tasks_by_agency?agency=省发改委`` (store side: the named query).

Each runs ``requests`` times under 1, 8 and 32 concurrent clients (httpx, one connection
per client). Reported: p50/p99 latency, requests/s, and the API/store p50 ratio (the
cost of HTTP, validation and JSON over the store round trip, measured in the same run).
"store" is the route's main query alone; "in-process" is all the route does (alias
resolution, count and page queries, shaping) without HTTP.
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final

import httpx

ROOT: Final = Path(__file__).resolve().parent.parent
AGENCY: Final = "省发改委"
ENDPOINTS: Final = {
    "GET /tasks?agency=省发改委": ("/tasks", {"agency": AGENCY}),
    "GET /queries/tasks_by_agency": ("/queries/tasks_by_agency", {"agency": AGENCY}),
}
LEVELS: Final = (1, 8, 32)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


@contextlib.contextmanager
def _server(home: Path, port: int) -> Iterator[str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "KG_HOME": str(home), "PYTHONPATH": path}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--no-access-log"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited with code {proc.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not answer /health in 60 s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _load(url: str, path: str, params: dict[str, str], clients: int, requests: int) -> dict[str, float]:
    """``requests`` GETs spread over ``clients`` threads, each with its own connection."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]

    def worker(n: int) -> None:
        mine = []
        with httpx.Client(base_url=url, timeout=30) as client:
            for _ in range(n):
                start = time.perf_counter()
                response = client.get(path, params=params)
                mine.append(time.perf_counter() - start)
                response.raise_for_status()
        with lock:
            latencies.extend(mine)

    with httpx.Client(base_url=url) as warm:  # first-request costs out of the measurement
        for _ in range(5):
            warm.get(path, params=params).raise_for_status()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(worker, per_client))
    wall = time.perf_counter() - start
    return {
        "clients": clients,
        "requests": len(latencies),
        "p50_ms": _percentile(latencies, 0.50) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "throughput_rps": len(latencies) / wall,
    }


def _direct(fn: Callable[[], Any], repeats: int) -> dict[str, float]:
    for _ in range(5):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return {"p50_ms": statistics.median(times) * 1000, "p99_ms": _percentile(times, 0.99) * 1000}


def run(requests: int = 200) -> dict[str, Any]:
    from api import reads
    from core.config import Settings
    from graph.build import load_graph
    from graph.stores.falkordb_store import FalkorDBStore
    from queries.catalog import get_query, run_query

    results: dict[str, Any] = {"requests_per_level": requests, "endpoints": {}}
    with tempfile.TemporaryDirectory(prefix="kg-bench-api-") as tmp:
        home = Path(tmp)
        store = FalkorDBStore(Settings(home=home))
        try:
            store.write_graph(load_graph())
            page = get_query("api_tasks")
            named = get_query("tasks_by_agency")
            filters = {"id": None, "document": None, "number": None, "section": None,
                       "agency": AGENCY, "relation": None, "q": None}
            # store: the main query alone, one round trip. in-process: everything the route
            # does (alias resolution, count + page, shaping), without HTTP.
            store_side = {
                "GET /tasks?agency=省发改委": lambda: store.read(
                    page.text, {**filters, "offset": 0, "limit": 50}),
                "GET /queries/tasks_by_agency": lambda: store.read(
                    named.text, {"agency": AGENCY, "relation": None}),
            }
            in_process = {
                "GET /tasks?agency=省发改委": lambda: reads.list_tasks(
                    store, offset=0, limit=50, agency=reads.resolve_agency(store, AGENCY)),
                "GET /queries/tasks_by_agency": lambda: run_query(
                    store, "tasks_by_agency", {"agency": AGENCY}),
            }
            with _server(home, _free_port()) as url:
                for label, (path, params) in ENDPOINTS.items():
                    direct = _direct(store_side[label], requests)
                    local = _direct(in_process[label], requests)
                    levels = [_load(url, path, params, c, requests) for c in LEVELS]
                    results["endpoints"][label] = {
                        "store": direct,
                        "in_process": local,
                        "levels": levels,
                        "api_store_p50_ratio": levels[0]["p50_ms"] / direct["p50_ms"],
                    }
        finally:
            store.close()
    _print(results)
    return results


def _print(results: dict[str, Any]) -> None:
    print(f"{'endpoint':<30} {'clients':>10} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}")
    for label, data in results["endpoints"].items():
        for name in ("store", "in_process"):
            row = data[name]
            print(f"{label:<30} {name.replace('_', '-'):>10} {row['p50_ms']:>8.2f} "
                  f"{row['p99_ms']:>8.2f} {'':>8}")
        for level in data["levels"]:
            print(f"{'':<30} {level['clients']:>10} {level['p50_ms']:>8.2f} "
                  f"{level['p99_ms']:>8.2f} {level['throughput_rps']:>8.0f}")
        print(f"{'':<30} API (1 client) / store p50: {data['api_store_p50_ratio']:.1f}x")


if __name__ == "__main__":
    run()
