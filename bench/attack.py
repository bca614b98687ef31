"""``python -m bench.attack`` (``make attack``): hostile input against a live ``kg serve``.

Starts ``kg serve`` on a free loopback port with a fresh ``KG_HOME`` (the bundled document
is loaded), then runs each attack in turn and prints, per attack: the answer (HTTP status
or exit code), its time, the peak memory of the database and of the API process (or of
the CLI process, for the CLI attacks), the slowest ``/health`` and ``/health/live`` seen
while it ran, and how many times the database was (re)started during it.

Every attack is bounded so that running it cannot hurt a shared machine, whether or not the
project's own limits are in place: the whole ``kg serve`` tree (API and database) runs
under a 4 GiB RLIMIT_DATA set here, CLI attacks under 2 GiB and a time limit, and every
request has a timeout. The server's own limits are what the table measures.

``python -m bench.attack nesting flood`` runs the attacks whose names contain a word.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

import httpx

ROOT: Final = Path(__file__).resolve().parent.parent
SERVE_DATA_LIMIT: Final = 4 * 2**30  # the harness's own cap on kg serve (API + database)
CLI_DATA_LIMIT: Final = 2 * 2**30
REQUEST_TIMEOUT: Final = 120.0
MB: Final = 2**20
# One client for the attacks: a new httpx client per request costs ~50 ms of its own (SSL
# context), which would blur the times measured.
HTTP: Final = httpx.Client(timeout=REQUEST_TIMEOUT, limits=httpx.Limits(max_connections=64))


# --- measuring ---------------------------------------------------------------------------


def _rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return None
    return None


def _hwm_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ValueError):
        return None
    return None


def _reset_hwm(pid: int | None) -> None:
    # "5" resets the peak RSS (VmHWM) of the process (Linux >= 4.0, own processes or root).
    if pid is not None:
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


class Sampler:
    """Peak RSS of the database (whatever its pid is now) and of one other process."""

    def __init__(self, db_pid: Callable[[], int | None], other_pid: Callable[[], int | None]) -> None:
        self.db_pid = db_pid
        self.other_pid = other_pid
        self.db_peak = 0.0
        self.peaks: dict[int, float] = {}  # of the other processes, by pid
        self.db_pids: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        pid = self.db_pid()
        _reset_hwm(pid)
        _reset_hwm(self.other_pid())
        if pid is not None:
            self.db_pids.add(pid)
        self._thread.start()
        return self

    def _sample(self) -> None:
        db, other = self.db_pid(), self.other_pid()
        if db is not None:
            self.db_pids.add(db)
        self.db_peak = max(self.db_peak, _rss_mb(db) or 0, _hwm_mb(db) or 0)
        if other is not None:
            self.peaks[other] = max(self.peaks.get(other, 0), _rss_mb(other) or 0, _hwm_mb(other) or 0)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def __exit__(self, *exc: object) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()


class HealthProbe:
    """Polls one URL every 0.25 s; the slowest answer (or a request still waiting at the
    end, counted up to then) and the statuses seen."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.worst = 0.0
        self.statuses: set[str] = set()
        self._started: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
            while not self._stop.is_set():
                self._started = time.perf_counter()
                try:
                    status = str(client.get(self.url).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                elapsed = time.perf_counter() - self._started
                self._started = None
                self.worst = max(self.worst, elapsed)
                self.statuses.add(status)
                self._stop.wait(0.25)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        started = self._started
        if started is not None:  # still waiting: that wait counts
            self.worst = max(self.worst, time.perf_counter() - started)
            self.statuses.add("waiting")
        self._stop.set()
        # Do not wait for a hung probe: it has its timeout and is a daemon thread.
        self._thread.join(timeout=1)


@dataclass
class Row:
    attack: str
    item: int
    answer: str
    seconds: float
    db_peak_mb: float
    api_peak_mb: float
    health_ms: float
    health_statuses: str
    live_ms: float | None
    db_starts: int
    note: str = ""


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    home: Path
    log: Path
    cli_pid: int | None = None  # the kg CLI process of a CLI attack, while it runs
    cli_pids: list[int] = field(default_factory=list)

    def db_pid(self) -> int | None:
        try:
            pid = int((self.home / "falkordb" / "falkordb.pid").read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if Path(f"/proc/{pid}").exists() else None


@dataclass
class Outcome:
    answer: str
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# --- the server --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _limit_data(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    return apply


def _env(home: Path) -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "KG_HOME": str(home), "PYTHONPATH": path}


@contextlib.contextmanager
def serving(home: Path) -> Iterator[Server]:
    port = _free_port()
    log = home.parent / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", "--port", str(port)],
            cwd=home.parent, env=_env(home), stdin=subprocess.DEVNULL, stdout=out, stderr=out,
            preexec_fn=_limit_data(SERVE_DATA_LIMIT), start_new_session=True,
        )
    server = Server(proc, f"http://127.0.0.1:{port}", home, log)
    try:
        _wait_ready(server, 120)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        pid = server.db_pid()
        if pid is not None:  # a database the API lost track of
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


def _wait_ready(server: Server, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"kg serve exited with {server.proc.returncode}; see {server.log}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(server.url + "/health", timeout=5).status_code == 200:
                return True
        time.sleep(0.2)
    return False


# --- attacks -----------------------------------------------------------------------------


def _post_cypher(server: Server, query: str, parameters: dict[str, Any] | None = None,
                 *, content: bytes | None = None) -> httpx.Response:
    body = content if content is not None else json.dumps(
        {"query": query, "parameters": parameters or {}}).encode()
    return HTTP.post(server.url + "/cypher", content=body, timeout=REQUEST_TIMEOUT,
                      headers={"content-type": "application/json"})


def _answer(response: httpx.Response) -> str:
    code = ""
    with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
        code = response.json()["error"]["code"]
    return f"{response.status_code} {code}".strip()


def _try(fn: Callable[[], httpx.Response]) -> str:
    try:
        return _answer(fn())
    except httpx.HTTPError as exc:
        return type(exc).__name__


def _concurrent(n: int, fn: Callable[[], str]) -> str:
    with ThreadPoolExecutor(max_workers=n) as pool:
        answers = list(pool.map(lambda _: fn(), range(n)))
    counts: dict[str, int] = {}
    for a in answers:
        counts[a] = counts.get(a, 0) + 1
    return ", ".join(f"{k}×{v}" for k, v in sorted(counts.items()))


def nesting(server: Server) -> Outcome:
    query = "RETURN " + "(" * 21 + "1" + ")" * 21
    return Outcome(_concurrent(2, lambda: _try(lambda: _post_cypher(server, query))),
                   "2 requests, 21 nested parentheses")


def range_memory(server: Server) -> Outcome:
    return Outcome(_try(lambda: _post_cypher(
        server, "UNWIND range(1, 100000000) AS x RETURN count(x) AS n")), "range(1, 1e8)")


def poison_range(server: Server) -> Outcome:
    return Outcome(_try(lambda: _post_cypher(
        server, "UNWIND range(1, 300000000) AS x RETURN count(x) AS n")),
        "range(1, 3e8): past the harness's 4 GiB cap")


def poison_kill(server: Server) -> Outcome:
    """A slow query; the database is killed under it. Is the query sent again?"""
    query = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n"
    result: list[str] = []
    thread = threading.Thread(target=lambda: result.append(_try(lambda: _post_cypher(server, query))))
    thread.start()
    time.sleep(1.0)
    pid = server.db_pid()
    if pid is not None:
        os.kill(pid, signal.SIGKILL)
    thread.join()
    return Outcome(result[0] if result else "?", "database SIGKILLed 1 s into a slow query")


def _flood(server: Server, clients: int) -> Outcome:
    query = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n"
    return Outcome(_concurrent(clients, lambda: _try(lambda: _post_cypher(server, query))),
                   f"{clients} clients, each one query cut by the time limit")


def flood_2(server: Server) -> Outcome:
    return _flood(server, 2)


def flood_20(server: Server) -> Outcome:
    return _flood(server, 20)


def big_string(server: Server) -> Outcome:
    return Outcome(_try(lambda: _post_cypher(server, "RETURN reduce(s = 'x', i IN range(1, 28) | s + s) AS s")),
                   "one 134 MB value")


def big_rows(server: Server) -> Outcome:
    return Outcome(_try(lambda: _post_cypher(
        server, "UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b RETURN a, b")),
        "1,000,000 rows (row limit 1000)")


def big_body(server: Server) -> Outcome:
    content = json.dumps({"query": "RETURN 1 AS one", "parameters": {"x": "a" * (50 * MB)}}).encode()
    return Outcome(_try(lambda: _post_cypher(server, "", content=content)), "50 MB request body")


def surrogate_http(server: Server) -> Outcome:
    content = b'{"query": "RETURN $x AS x", "parameters": {"x": "\\ud800"}}'
    return Outcome(_try(lambda: _post_cypher(server, "", content=content)), "lone surrogate in a parameter")


def host_header(server: Server) -> Outcome:
    return Outcome(_try(lambda: HTTP.get(server.url + "/health", headers={"host": "evil.example"},
                                          timeout=REQUEST_TIMEOUT)), "Host: evil.example")


def load_csv(server: Server) -> Outcome:
    return Outcome(_try(lambda: _post_cypher(
        server, "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row LIMIT 1")),
        "LOAD CSV through /cypher")


def file_modes(server: Server) -> Outcome:
    loose = []
    for path in [server.home, *server.home.rglob("*")]:
        with contextlib.suppress(FileNotFoundError):
            mode = path.stat().st_mode & 0o777
            if mode & 0o077:
                loose.append(f"{path.name or path}:{mode:o}")
    return Outcome(f"{len(loose)} open", ", ".join(sorted(loose)[:4]))


def frozen_db(server: Server) -> Outcome:
    """The database stops answering (SIGSTOP) for a while: /health must still answer."""
    pid = server.db_pid()
    if pid is None:
        return Outcome("no database")
    os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(0.5)
        response = HTTP.get(server.url + "/health", timeout=30)
    except httpx.HTTPError as exc:
        return Outcome(type(exc).__name__)
    finally:
        os.kill(pid, signal.SIGCONT)
    leak = str(server.home) in response.text or "/tmp/" in response.text
    return Outcome(_answer(response), "path shown" if leak else "no path shown")


def _export(server: Server) -> str:
    return _try(lambda: HTTP.get(server.url + "/export/ttl", timeout=REQUEST_TIMEOUT))


def export_first(server: Server) -> Outcome:
    return Outcome(_export(server), "first /export/ttl")


def export_again(server: Server) -> Outcome:
    return Outcome(_export(server), "/export/ttl again (unchanged graph)")


def export_10(server: Server) -> Outcome:
    return Outcome(_concurrent(10, lambda: _export(server)), "10 concurrent /export/ttl")


def _cli(server: Server, args: list[str], timeout: float, *, stdin: Any = subprocess.DEVNULL) -> Outcome:
    """Run ``kg ARGS``; the answer is its exit code and whether it printed a traceback."""
    err_path = server.home.parent / "cli.err"
    with open(err_path, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "cli", *args], cwd=server.home.parent,
                                env=_env(server.home), stdin=stdin, stdout=subprocess.PIPE, stderr=err,
                                preexec_fn=_limit_data(CLI_DATA_LIMIT))
        server.cli_pid = proc.pid
        server.cli_pids.append(proc.pid)
        try:
            out, _ = proc.communicate(timeout=timeout)
            answer = f"exit {proc.returncode}"
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            answer = f"killed after {timeout:.0f} s"
        finally:
            time.sleep(0.1)  # one more sample of its memory, then measure the server again
            server.cli_pid = None
    text = err_path.read_text(errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    if "Traceback" in text:
        answer += f", traceback {len(lines)} lines"
    note = lines[-1] if lines else " ".join(out.decode(errors="replace").split())
    return Outcome(answer, note[:70])


def extract_fifo(server: Server) -> Outcome:
    fifo = server.home.parent / "plan.fifo"
    with contextlib.suppress(FileNotFoundError):
        fifo.unlink()
    os.mkfifo(fifo)
    return _cli(server, ["extract", str(fifo)], 10)


def extract_dev_zero(server: Server) -> Outcome:
    return _cli(server, ["extract", "/dev/zero"], 20)


def load_dev_urandom(server: Server) -> Outcome:
    return _cli(server, ["load", "/dev/urandom"], 20)


def param_backtick(server: Server) -> Outcome:
    return _cli(server, ["cypher", "RETURN 1", "--param", "a`b=1"], 60)


def param_bigint(server: Server) -> Outcome:
    outcome = _cli(server, ["cypher", "RETURN $x AS x", "--json", "--param", "x=1180591620717411303424"], 60)
    return outcome


def param_deep(server: Server) -> Outcome:
    return _cli(server, ["cypher", "RETURN $x AS x", "--param", "x=" + "[" * 3000 + "]" * 3000], 60)


def param_surrogate(server: Server) -> Outcome:
    return _cli(server, ["cypher", "RETURN $x AS x", "--param", 'x=["\\ud800"]'], 60)


ATTACKS: Final[list[tuple[str, int, Callable[[Server], Outcome]]]] = [
    ("nesting", 1, nesting),
    ("range-1e8", 2, range_memory),
    ("poison-range", 3, poison_range),
    ("poison-kill", 3, poison_kill),
    ("flood-2", 4, flood_2),
    ("flood-20", 4, flood_20),
    ("frozen-db", 4, frozen_db),
    ("big-string", 5, big_string),
    ("big-rows", 5, big_rows),
    ("big-body", 5, big_body),
    ("extract-fifo", 6, extract_fifo),
    ("extract-dev-zero", 6, extract_dev_zero),
    ("load-dev-urandom", 6, load_dev_urandom),
    ("param-backtick", 8, param_backtick),
    ("param-bigint", 8, param_bigint),
    ("param-deep", 8, param_deep),
    ("param-surrogate", 8, param_surrogate),
    ("surrogate-http", 8, surrogate_http),
    ("host-header", 9, host_header),
    ("load-csv", 9, load_csv),
    ("file-modes", 9, file_modes),
    ("export-first", 10, export_first),
    ("export-again", 10, export_again),
    ("export-10", 10, export_10),
]


def run_attack(server: Server, name: str, item: int, fn: Callable[[Server], Outcome]) -> Row:
    def other() -> int | None:
        return server.cli_pid or server.proc.pid

    server.cli_pids.clear()
    with contextlib.ExitStack() as stack:
        sampler = stack.enter_context(Sampler(server.db_pid, other))
        health = stack.enter_context(HealthProbe(server.url + "/health"))
        live = stack.enter_context(HealthProbe(server.url + "/health/live"))
        started = time.perf_counter()
        outcome = fn(server)
        seconds = time.perf_counter() - started
    watched = server.cli_pids or [server.proc.pid]  # the CLI for CLI attacks, else the API
    other_peak = max((sampler.peaks.get(pid, 0) for pid in watched), default=0)
    live_ms = None if "404" in live.statuses else live.worst * 1000  # no /health/live
    return Row(name, item, outcome.answer, round(seconds, 2), round(sampler.db_peak),
               round(other_peak), round(health.worst * 1000),
               "/".join(sorted(health.statuses)), None if live_ms is None else round(live_ms),
               len(sampler.db_pids), outcome.note)


def print_table(rows: list[Row]) -> None:
    head = (f"{'attack':<17}{'item':>4}  {'answer':<34}{'s':>7}{'db MB':>7}{'api MB':>7}"
            f"{'health ms':>10}{'live ms':>8}{'db pids':>8}  note")
    print(head)
    print("-" * len(head))
    for r in rows:
        # 0: no probe came back during a short attack (a real answer takes a millisecond).
        live = "-" if not r.live_ms else str(r.live_ms)
        health = str(r.health_ms) if r.health_ms else "-"
        print(f"{r.attack:<17}{r.item:>4}  {r.answer[:34]:<34}{r.seconds:>7.2f}{r.db_peak_mb:>7.0f}"
              f"{r.api_peak_mb:>7.0f}{health:>10}{live:>8}{r.db_starts:>8}  {r.note} "
              f"[/health {r.health_statuses}]")
    print("api MB is the kg serve process, or the kg CLI process for items 6 and 8; db pids counts "
          "the database processes seen during the attack (2 = it was restarted).")


def main(argv: list[str]) -> list[Row]:
    chosen = [a for a in ATTACKS if not argv or any(word in a[0] for word in argv)]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="kg-attack-") as tmp:
        home = Path(tmp) / "home"
        with serving(home) as server:
            for name, item, fn in chosen:
                print(f"… {name}", file=sys.stderr, flush=True)
                try:
                    row = run_attack(server, name, item, fn)
                except Exception as exc:  # one broken attack must not hide the others
                    row = Row(name, item, f"bench error: {type(exc).__name__}", 0, 0, 0, 0, "", None, 0,
                              str(exc)[:70])
                rows.append(row)
                if not _wait_ready(server, 90):
                    row.note += " (server not ready 90 s later)"
    print_table(rows)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "attack.json").write_text(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
    print(f"results written to {out / 'attack.json'}")
    return rows


def run() -> list[dict[str, Any]]:
    """Entry point for ``python -m bench attack``."""
    return [asdict(r) for r in main([])]


if __name__ == "__main__":
    if len(sys.argv) > 1 and re.fullmatch(r"-h|--help", sys.argv[1]):
        print(__doc__)
    else:
        main(sys.argv[1:])
