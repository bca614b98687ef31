"""Starting `kg` loads only what a command uses, seen in a fresh process each time.

Speed itself is measured in bench/, not here (the machine is shared); what is tested is the
cause of a slow start: which modules a command imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Modules only some commands need; none may load with `kg --help`.
HEAVY = ("fastapi", "starlette", "uvicorn", "rdflib", "pyshacl", "falkordb", "redis", "neo4j",
         "networkx", "pydantic_settings", "loaders", "graph", "api", "queries")


def _loaded_after(argv: list[str]) -> list[str]:
    code = (
        "import contextlib, io, json, sys\n"
        "from cli.main import main\n"
        f"sys.argv = {['kg', *argv]!r}\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    loaded: list[str] = json.loads(out)
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
    code = (
        "import contextlib, io, sys\n"
        "from cli.main import main\n"
        "sys.argv = ['kg', 'extract', '--json']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    assert out.strip() == "False"


def test_load_json_draws_no_bar(tmp_path: Path) -> None:
    """`kg load --json` is for programs: no progress bar, so Rich's progress module (about
    0.1 s to import, while the readers read) is not loaded; the load itself happens."""
    code = (
        "import contextlib, io, json, sys\n"
        "from cli.main import main\n"
        "sys.argv = ['kg', 'load', '--json']\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps([json.loads(out.getvalue())['documents'], 'rich.progress' in sys.modules]))\n"
    )
    env = {**os.environ, "KG_HOME": str(tmp_path), "KG_STORE": "falkordb"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120, env=env).stdout
    assert json.loads(out) == [1, False]
