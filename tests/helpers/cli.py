"""`kg` run in-process, as a shell would see it: exit code, stdout, stderr.

The app maps the project's errors to exit codes itself (cli.base.KgGroup), so an in-process
run answers as the installed command does; an exception the app lets through is raised
here, so a crash fails the test with its traceback instead of reading as exit code 1.
The CLI as a real process is tested by tests/integration (the built wheel, `kg serve`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from typer.testing import CliRunner

from cli.main import app
from core.config import get_settings


@dataclass(frozen=True)
class Run:
    """What a shell sees of one `kg` run (the names of subprocess.CompletedProcess)."""

    returncode: int
    stdout: str
    stderr: str


def run_kg(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
    """``kg ARGS`` in-process; ``env`` adds to the environment for this run only."""
    get_settings.cache_clear()  # the settings are read again, with ``env``
    try:
        result = CliRunner().invoke(app, list(args), input=input, env=env)
    finally:
        get_settings.cache_clear()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def run_json(*args: str) -> Any:
    """``kg ARGS --json``, which must succeed; its output parsed."""
    run = run_kg(*args, "--json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def assert_one_error_line(stderr: str) -> None:
    """What every failing command prints: one line starting ``error:``, no traceback."""
    assert stderr.startswith("error: ") and "Traceback" not in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


class Kg:
    """``kg`` for a test module whose fixture set the environment: ``kg(*args)`` gives
    (exit code, stdout, stderr); ``ok`` and ``json`` insist on success."""

    def __call__(self, *args: str) -> tuple[int, str, str]:
        run = run_kg(*args)
        return run.returncode, run.stdout, run.stderr

    def ok(self, *args: str) -> tuple[str, str]:
        code, out, err = self(*args)
        assert code == 0, err
        return out, err

    def json(self, *args: str) -> Any:
        return run_json(*args)
