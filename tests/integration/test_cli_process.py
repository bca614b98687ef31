"""The `kg` process (:func:`cli.main.run`): a finished command leaves without the
interpreter's teardown, but only after its output is out and its exit hooks have run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.paths import ROOT


def kg(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_HOME": str(home), "KG_STORE": "falkordb"}
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True,
                          timeout=120, env=env, cwd=home.parent)


def test_the_exit_hooks_run(tmp_path: Path) -> None:
    """They stop a server this process started and remove temporary files."""
    marker = tmp_path / "hook-ran"
    code = ("import atexit, sys\n"
            "from pathlib import Path\n"
            f"atexit.register(Path({str(marker)!r}).write_text, 'yes')\n"
            "sys.argv = ['kg', '--version']\n"
            "from cli.main import run\n"
            "run()\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.startswith("kg "), proc.stderr
    assert marker.read_text() == "yes"


def test_a_long_output_arrives_whole(tmp_path: Path) -> None:
    proc = kg("extract", "--json", home=tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["tasks"]) > 30  # parses: nothing cut at the end


def test_the_exit_code_of_bad_input_is_kept(tmp_path: Path) -> None:
    proc = kg("extract", str(tmp_path / "missing.txt"), home=tmp_path / "home")
    assert proc.returncode == 2
    assert "missing.txt" in proc.stderr and proc.stdout == ""
