"""A real Bolt server (ArcadeDB + its Neo4j-Bolt plugin) in a child process.

The session fixture ``bolt_server`` (tests/fixtures/stores.py) starts one; in a test::

    def test_x(bolt_server):
        drv = neo4j.GraphDatabase.driver(bolt_server.uri, auth=bolt_server.auth)
        drv.execute_query("RETURN 1", database_=bolt_server.database)

The child is ``python tests/helpers/bolt_server.py`` in its own process group, started with
its cwd in a pytest tmp dir, stdin a pipe this process holds (if pytest dies, the
pipe closes and the child stops itself), and killed with its whole group at the end
of the session. Skipped (not failed) when ``arcadedb-embedded`` is not installed.
Environment: ``KG_BOLT_START_TIMEOUT`` (seconds, default 120).

ArcadeDB (``arcadedb-embedded``: JRE and jars from PyPI) starts in 2–4 s and holds about
250 MB. It speaks the Cypher the stores use, with differences from Neo4j that tests must
respect (each was seen on this server):

* **no read-only enforcement**: a ``CREATE`` in ``execute_read`` or a READ session is
  committed, so a test cannot prove on it that a read path refuses writes (FalkorDB's
  ``GRAPH.RO_QUERY`` tests do that);
* ``SET n:Label`` moves the node (its ``elementId`` changes), and a node under a uniqueness
  constraint cannot be relabelled (the store test that relabels skips here);
* concurrent ``MERGE`` of one new key under a uniqueness constraint fails with
  ``ConstraintError`` where Neo4j would wait: load from one writer;
* no full-text indexes (``CONTAINS`` instead), one database per server (``CREATE DATABASE``
  is refused, so ``bolt_store`` empties it), no ``summary.notifications``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.bolt_server import free_port

SERVER_SCRIPT = Path(__file__).resolve().with_name("bolt_server.py")
BOLT_USER = "root"
BOLT_PASSWORD = "kg-test-password"  # ArcadeDB: root password >= 8 characters
BOLT_DATABASE = "kg"
START_TIMEOUT = float(os.environ.get("KG_BOLT_START_TIMEOUT", "120"))

_live: dict[int, subprocess.Popen] = {}  # pid -> child, for the atexit guard


@dataclass
class BoltServer:
    """What a test needs to reach the server."""

    uri: str  # "bolt://127.0.0.1:PORT"
    user: str
    password: str
    database: str
    port: int
    pid: int
    root: Path  # server dir (databases, logs)
    startup_s: float
    stderr_path: Path = field(repr=False)

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    def driver(self, **kwargs):
        """A new ``neo4j`` driver for this server (caller closes it)."""
        from neo4j import GraphDatabase

        return GraphDatabase.driver(self.uri, auth=self.auth, **kwargs)


class BoltServerError(RuntimeError):
    pass


def _tail(path: Path, limit: int = 6000) -> str:
    try:
        data = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "<no stderr file>"
    return data[-limit:]


def stop_bolt_server(proc: subprocess.Popen, grace: float = 15.0) -> None:
    """Stop the child: close its stdin, then SIGTERM, then SIGKILL its process group."""
    _live.pop(proc.pid, None)
    if proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=grace)
    # The group too, even if the leader has exited: nothing of it may outlive us.
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=1)


@atexit.register
def _kill_leftovers() -> None:
    for proc in list(_live.values()):
        stop_bolt_server(proc, grace=3.0)


def start_bolt_server(
    root: Path,
    port: int | None = None,
    timeout: float = START_TIMEOUT,
    attempts: int = 3,
) -> tuple[subprocess.Popen, BoltServer]:
    """Start ``tests/helpers/bolt_server.py`` under ``root`` and wait for its READY line.

    Retries on a new free port when the chosen one was taken in between.
    Raises BoltServerError with the child's stderr when it does not come up.
    """
    root = Path(root)
    last_err = ""
    for attempt in range(1, attempts + 1):
        bolt_port = port or free_port()
        run_dir = root / f"run{attempt}"
        run_dir.mkdir(parents=True, exist_ok=True)
        out_path, err_path = run_dir / "stdout.txt", run_dir / "stderr.txt"
        cmd = [
            sys.executable,
            str(SERVER_SCRIPT),
            "--port", str(bolt_port),
            "--dir", str(run_dir),
            "--password", BOLT_PASSWORD,
            "--database", BOLT_DATABASE,
        ]  # fmt: skip
        t0 = time.monotonic()
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=err,
                cwd=run_dir,
                start_new_session=True,  # own process group, killed as a whole
            )
        _live[proc.pid] = proc
        deadline = t0 + timeout
        ready = False
        while time.monotonic() < deadline:
            text = out_path.read_text(encoding="utf-8", errors="replace")
            if any(line.startswith("READY ") for line in text.splitlines()):
                ready = True
                break
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        if ready:
            return proc, BoltServer(
                uri=f"bolt://127.0.0.1:{bolt_port}",
                user=BOLT_USER,
                password=BOLT_PASSWORD,
                database=BOLT_DATABASE,
                port=bolt_port,
                pid=proc.pid,
                root=run_dir,
                startup_s=time.monotonic() - t0,
                stderr_path=err_path,
            )
        exited = proc.poll()
        stop_bolt_server(proc, grace=2.0)
        last_err = (
            f"bolt_server (attempt {attempt}, port {bolt_port}) "
            + (f"exited with {exited}" if exited is not None else f"not ready in {timeout}s")
            + f"\n--- stdout ---\n{_tail(out_path, 1000)}\n--- stderr (tail) ---\n{_tail(err_path)}"
        )
        # A taken port shows as "Error starting plugin: Neo4j-Bolt" (no BindException
        # in the log), or as a clash on the HTTP port picked by the child.
        port_clash = any(
            m in last_err
            for m in ("Neo4j-Bolt", "BindException", "Address already in use", "HttpServer")
        )
        if port is not None or not port_clash:
            break
    raise BoltServerError(last_err)


@contextlib.contextmanager
def running_bolt_server(root: Path, **kwargs) -> Iterator[BoltServer]:
    """Context-manager form of start/stop, for use outside pytest fixtures."""
    proc, info = start_bolt_server(root, **kwargs)
    try:
        yield info
    finally:
        stop_bolt_server(proc)
