"""HTTP API latency and throughput against a bare FastAPI app, under ``wrk``.

The API (``uvicorn --factory api.app:create_app``, over an embedded FalkorDB holding the
bundled document) and the reference (:mod:`bench.bare_app`: the same paths and query
parameter, sync handlers, no store) run side by side under the same uvicorn settings and
the same load generator: ``wrk`` (C, its own process, so it shares no interpreter with the
server), at 1, 8 and 32 connections. ``ROUNDS`` rounds each run every level once on the
API then on the bare app, ``DURATION`` seconds a run, and each measure is the median of its
runs: a slow spell of the shared machine then weighs on both sides, and on every level,
alike.

Reported per endpoint and level: p50/p99 latency and requests/s of both, the ratio of the
API's p50 latency to the bare app's, whether the API's throughput holds from 8 to 32
clients, and the CPU the client itself used (its share of the machine, so a reader can tell
when the load generator was the bottleneck). Whether throughput holds is the ratio of the
median requests/s at 32 clients to that at 8, over the same rounds: on a shared machine two
single runs a few seconds apart differ by up to a third.

Targets: ``/tasks?agency=…`` ≤ 3× the bare app's latency, ``/health`` ≤ 1.5×. ``/tasks`` is
measured twice: as served (its result kept while the graph is unchanged, see
:mod:`api.response_cache`) and with the cache off, so every request runs its query.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import httpx

ROOT: Final = Path(__file__).resolve().parent.parent
AGENCY: Final = "省发改委"
ENDPOINTS: Final = {
    "/health": "/health",
    f"/tasks?agency={AGENCY}": "/tasks?agency=" + urllib.parse.quote(AGENCY),
}
TASKS: Final = f"/tasks?agency={AGENCY}"
UNCACHED: Final = TASKS + " (cache off)"  # KG_API_CACHE_ENTRIES=0: every request reads
TARGETS: Final = {"/health": 1.5, TASKS: 3.0, UNCACHED: 3.0}
LEVELS: Final = (1, 8, 32)
DURATION: Final = 3
ROUNDS: Final = 3  # runs per level and side, taken in turn
UVICORN: Final = ("--host", "127.0.0.1", "--log-level", "warning", "--no-access-log")
_UNITS: Final = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _server(app: list[str], env: dict[str, str], ready_path: str) -> Iterator[str]:
    port = _free_port()
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", *app, *UVICORN, "--port", str(port)],
        cwd=ROOT, env={**os.environ, **env, "PYTHONPATH": path}, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited with code {proc.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + ready_path, timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not answer in 60 s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def wrk(url: str, clients: int, duration: int = DURATION) -> dict[str, float]:
    """One wrk run: p50/p99 latency (ms), requests/s, and wrk's own CPU time."""
    threads = min(clients, 2)
    proc = subprocess.Popen(["wrk", f"-t{threads}", f"-c{clients}", f"-d{duration}s", "--latency", url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    started = time.perf_counter()
    out = proc.stdout.read().decode() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"wrk failed: {out}")
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"errors under load:\n{out}")
    percentiles = {float(p): v for p, v in re.findall(r"^\s*(\d+(?:\.\d+)?)%\s+(\S+)\s*$", out, re.M)}
    if 50.0 not in percentiles or 99.0 not in percentiles:
        raise RuntimeError(f"no latency distribution in wrk's output:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    cpu = usage.ru_utime + usage.ru_stime
    return {"clients": clients, "p50_ms": _ms(percentiles[50.0]), "p99_ms": _ms(percentiles[99.0]),
            "rps": rps, "client_cpu_s": cpu, "wall_s": wall}


def _median_run(runs: list[dict[str, float]]) -> dict[str, Any]:
    """The median of each measure over ``runs`` (one level, one side), with every run's
    requests/s."""
    keys = ("p50_ms", "p99_ms", "rps", "client_cpu_s", "wall_s")
    return {"clients": runs[0]["clients"], **{k: statistics.median(r[k] for r in runs) for k in keys},
            "rps_runs": [r["rps"] for r in runs]}


def _side_by_side(api: str, bare: str, path: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``ROUNDS`` rounds of every level, each run on the API then on the bare app; the median
    run of each level and side (API rows, bare rows)."""
    for url in (api, bare):
        wrk(url + path, 2, duration=1)  # warm-up: first-request costs, the plan cache
    runs: dict[str, dict[int, list[dict[str, float]]]] = {"api": {}, "bare": {}}
    for _ in range(ROUNDS):
        for clients in LEVELS:
            for side, url in (("api", api), ("bare", bare)):
                runs[side].setdefault(clients, []).append(wrk(url + path, clients))
    return ([_median_run(runs["api"][c]) for c in LEVELS],
            [_median_run(runs["bare"][c]) for c in LEVELS])


def run() -> dict[str, Any]:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk; `make bench` does it): API rows skipped")
        return {"skipped": "wrk not installed"}
    from core.config import Settings
    from graph.load import load_files
    from graph.stores.falkordb_store import FalkorDBStore

    cores = os.cpu_count() or 1
    results: dict[str, Any] = {"duration_s": DURATION, "rounds": ROUNDS, "cores": cores,
                               "endpoints": {}}
    with tempfile.TemporaryDirectory(prefix="kg-bench-api-") as tmp:
        home = Path(tmp)
        store = FalkorDBStore(Settings(home=home))  # holds the server for the API's lifetime
        try:
            load_files(store, [None], jobs=1)
            measured: dict[str, dict[str, list[dict[str, Any]]]] = {"api": {}, "bare": {}}
            with _server(["bench.bare_app:app"], {}, "/health") as bare_url:
                with _server(["--factory", "api.app:create_app"], {"KG_HOME": str(home)},
                             "/health") as url:
                    for label, path in ENDPOINTS.items():
                        measured["api"][label], measured["bare"][label] = _side_by_side(
                            url, bare_url, path)
                with _server(["--factory", "api.app:create_app"],
                             {"KG_HOME": str(home), "KG_API_CACHE_ENTRIES": "0"}, "/health") as url:
                    measured["api"][UNCACHED], measured["bare"][UNCACHED] = _side_by_side(
                        url, bare_url, ENDPOINTS[TASKS])
        finally:
            store.close()
    for label in TARGETS:
        rows: list[dict[str, Any]] = []
        for bare, api in zip(measured["bare"][label], measured["api"][label], strict=True):
            rows.append({
                "clients": api["clients"], "api": api, "bare": bare,
                "latency_ratio": round(api["p50_ms"] / bare["p50_ms"], 2),
                "client_cpu_share": round(api["client_cpu_s"] / (api["wall_s"] * cores), 3),
            })
        api_at = {r["clients"]: r["api"] for r in rows}
        results["endpoints"][label] = {
            "target_ratio": TARGETS[label], "levels": rows,
            "throughput_8_to_32": round(api_at[32]["rps"] / api_at[8]["rps"], 3),
            "throughput_rounds": {"8": api_at[8]["rps_runs"], "32": api_at[32]["rps_runs"]},
        }
    _print(results)
    return results


def _print(results: dict[str, Any]) -> None:
    print(f"wrk, median of {results['rounds']} runs of {results['duration_s']} s per level and "
          f"side, taken in turn; {results['cores']} cores; latency p50/p99 in ms; "
          "ratio = API p50 / bare FastAPI p50")
    print(f"{'endpoint':<36} {'clients':>7} {'API p50':>8} {'p99':>7} {'req/s':>7} "
          f"{'bare p50':>8} {'p99':>7} {'req/s':>7} {'ratio':>6} {'target':>6} {'client CPU':>10}")
    for label, data in results["endpoints"].items():
        for row in data["levels"]:
            api, bare = row["api"], row["bare"]
            ok = "ok" if row["latency_ratio"] <= data["target_ratio"] else "OVER"
            print(f"{label:<36} {row['clients']:>7} {api['p50_ms']:>8.2f} {api['p99_ms']:>7.2f} "
                  f"{api['rps']:>7.0f} {bare['p50_ms']:>8.2f} {bare['p99_ms']:>7.2f} {bare['rps']:>7.0f} "
                  f"{row['latency_ratio']:>5.2f}× ≤{data['target_ratio']:<4} {ok:<4} "
                  f"{row['client_cpu_share']:>6.0%}")
        holds = "holds" if data["throughput_8_to_32"] >= 0.95 else "FALLS"
        rounds = data["throughput_rounds"]
        print(f"{label:<36} API throughput 32 vs 8 clients: ×{data['throughput_8_to_32']} ({holds}; "
              f"medians of {len(rounds['8'])} runs each: "
              f"{' / '.join(f'{r:.0f}' for r in rounds['8'])} at 8, "
              f"{' / '.join(f'{r:.0f}' for r in rounds['32'])} at 32 req/s)")


if __name__ == "__main__":
    run()
