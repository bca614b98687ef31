"""Starting `kg` loads only what a command uses, seen in a fresh process each time.

Speed itself is measured in bench/, not here (the machine is shared); what is tested is the
cause of a slow start: which modules a command imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

# Modules only some commands need; none may load with `kg --help`.
HEAVY = ("fastapi", "starlette", "uvicorn", "rdflib", "pyshacl", "falkordb", "redis", "neo4j",
         "networkx", "pydantic_settings", "loaders", "graph", "api", "queries")


def _after(argv: list[str], report: str, env: dict[str, str] | None = None) -> Any:
    """Run `kg argv` in a fresh interpreter, then the Python expression ``report`` there (with
    ``out``, the command's captured stdout, and ``sys``, ``json`` in scope); its value, through
    JSON."""
    code = (
        "import contextlib, io, json, sys\n"
        "from cli.main import main\n"
        f"sys.argv = {['kg', *argv]!r}\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(json.dumps({report}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120, env=env).stdout
    return json.loads(result)


def _loaded_after(argv: list[str]) -> list[str]:
    loaded: list[str] = _after(argv, f"sorted(m for m in {HEAVY!r} if m in sys.modules)")
    return loaded


def test_help_loads_no_heavy_module() -> None:
    assert _loaded_after(["--help"]) == []


def test_version_loads_no_heavy_module() -> None:
    assert _loaded_after(["--version"]) == []


def test_extract_loads_only_the_loaders() -> None:
    assert _loaded_after(["extract", "--json"]) == ["loaders"]


def test_extract_json_needs_no_pydantic() -> None:
    """Writing JSON walks the records by hand; pydantic (0.15 s to import) only checks JSON
    read back (`from_json`), and typer is kept below the release that builds options with it."""
    assert _after(["extract", "--json"], "'pydantic' in sys.modules") is False


def test_load_json_draws_no_bar(tmp_path: Path) -> None:
    """`kg load --json` is for programs: no progress bar, so Rich's progress module (about
    0.1 s to import, while the readers read) is not loaded; the load itself happens."""
    env = {**os.environ, "KG_HOME": str(tmp_path), "KG_STORE": "falkordb"}
    report = "[json.loads(out.getvalue())['documents'], 'rich.progress' in sys.modules]"
    assert _after(["load", "--json"], report, env) == [1, False]
