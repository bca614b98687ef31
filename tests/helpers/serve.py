"""An HTTP server run as a child process for a test: a free port, the wait for ``/health``,
a stop that never leaves the process behind, and the calls a test makes to it."""

from __future__ import annotations

import signal
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.helpers.bolt_server import free_port

__all__ = ["free_port", "http_get", "http_post", "serving"]

# A bare httpx.get builds a TLS context and loads the CA bundle (~40 ms of CPU) although the
# servers here speak plain HTTP; the calls below share one. Each still opens its own
# connection, as a bare call does.
_TLS = ssl.create_default_context()


def http_get(url: str, **kwargs: Any) -> httpx.Response:
    """``httpx.get`` with the shared TLS context."""
    return httpx.get(url, verify=_TLS, **kwargs)


def http_post(url: str, **kwargs: Any) -> httpx.Response:
    """``httpx.post`` with the shared TLS context."""
    return httpx.post(url, verify=_TLS, **kwargs)


@contextmanager
def serving(command: list[str], *, cwd: Path, env: dict[str, str], port: int,
            timeout: float = 60, stop: signal.Signals = signal.SIGINT, capture: bool = True,
            ) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Run ``command`` (which serves on ``port``) until its ``/health`` answers 200; yield
    the process and its URL; stop it with ``stop`` (kill after 30 s). ``capture`` keeps its
    output for the test to read; a server that logs on and on should not fill a pipe."""
    output = subprocess.PIPE if capture else None
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=output, stderr=subprocess.STDOUT if capture else None)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            try:
                if http_get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"{command[0]} did not answer in {timeout:.0f} s"
            time.sleep(0.1)
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.send_signal(stop)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
