"""What a new user meets in the first minutes, with a store or as a real process: each case
once went wrong (a traceback, a driver warning before the error line, a silent empty answer)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cli.main import app
from tests.helpers.cli import assert_one_error_line
from tests.helpers.paths import ROOT

runner = CliRunner()


def kg_process(*args: str, env: dict[str, str] | None = None, stdin: str | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True,
                          timeout=timeout, input=stdin,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


@pytest.fixture
def loaded_kg(monkeypatch: pytest.MonkeyPatch, falkordb_home: Path) -> CliRunner:
    monkeypatch.setenv("KG_HOME", str(falkordb_home))
    monkeypatch.setenv("KG_GRAPH", f"fm_{os.getpid()}_{time.monotonic_ns()}")
    monkeypatch.setenv("KG_STORE", "falkordb")
    assert runner.invoke(app, ["load"]).exit_code == 0
    return runner


# --- kg serve on a port in use ----------------------------------------------------------------


@pytest.mark.falkordb
def test_serve_on_a_taken_port_fails_with_one_line_before_starting(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = kg_process("serve", "--port", str(port), env={"KG_HOME": str(tmp_path / "home")})
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr)
    assert f"http://127.0.0.1:{port}" in proc.stderr and "address already in use" in proc.stderr
    assert "serving" not in proc.stdout + proc.stderr
    assert not (tmp_path / "home" / "falkordb").exists()  # nothing was started


# --- an unknown agency ---------------------------------------------------------------------


@pytest.mark.falkordb
def test_query_with_an_unknown_agency_suggests_the_nearest(loaded_kg: CliRunner) -> None:
    result = loaded_kg.invoke(app, ["query", "tasks_by_agency", "-p", "agency=省发该委", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []  # stdout stays the (empty) result
    assert "no agency named '省发该委'" in result.stderr
    assert re.search(r"nearest names: 省发改委\b", result.stderr)
    partial = loaded_kg.invoke(app, ["query", "tasks_by_agency", "-p", "agency=发改"])
    assert "nearest names: 省发改委" in partial.stderr


@pytest.mark.falkordb
def test_a_known_agency_with_no_rows_gets_no_hint(loaded_kg: CliRunner) -> None:
    result = loaded_kg.invoke(app, ["query", "tasks_by_agency", "-p", "agency=省发改委",
                                    "-p", "relation=COOPERATES_ON"])
    assert result.exit_code == 0 and "0 rows" in result.stdout
    assert result.stderr == ""


@pytest.mark.falkordb
def test_api_suggests_the_nearest_agency(api_client: TestClient) -> None:
    named = api_client.get("/queries/tasks_by_agency", params={"agency": "省发该委"}).json()
    assert named["count"] == 0 and "省发改委" in named["hint"]
    tasks = api_client.get("/tasks", params={"agency": "省发该委"}).json()
    assert tasks["count"] == 0 and "省发改委" in tasks["hint"]
    known = api_client.get("/tasks", params={"agency": "省发改委", "relation": "COOPERATES_ON"})
    assert known.json() == {"data": [], "count": 0}  # no hint: the agency exists
    found = api_client.get("/queries/tasks_by_agency", params={"agency": "发改委"}).json()
    assert found["count"] == 14 and "hint" not in found


@pytest.mark.falkordb
def test_query_counts_rows(loaded_kg: CliRunner) -> None:
    result = loaded_kg.invoke(app, ["query", "agency_workload", "--limit", "5"])
    assert result.stdout.strip().endswith("\n5 rows")
    one = loaded_kg.invoke(app, ["cypher", "RETURN 1 AS one"])
    assert one.stdout.strip().endswith("\n1 row")


@pytest.mark.parametrize("uri", ["neo4j://127.0.0.1:9", "bolt://127.0.0.1:9"])
def test_push_to_nothing_is_one_line(uri: str) -> None:
    proc = kg_process("push", "--uri", uri, "--password-stdin", stdin="secret\n")
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr)  # no driver warning line before it
    assert f"cannot reach Neo4j at {uri}" in proc.stderr
    assert not proc.stderr.rstrip().endswith(":")


@pytest.mark.parametrize("uri", ["http://localhost:7474", "localhost:7687", "bolt://"])
def test_push_to_a_uri_that_is_not_bolt_is_bad_input(uri: str) -> None:
    proc = kg_process("push", "--uri", uri, "--password-stdin", stdin="secret\n")
    assert proc.returncode == 2
    assert_one_error_line(proc.stderr)
    assert "not a Bolt URI" in proc.stderr


# --- the shapes of results, as documented ---------------------------------------------------


@pytest.mark.falkordb
def test_evidence_shapes_are_the_documented_ones(api_client: TestClient) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[[start, end]]" in readme and '"start-end"' in readme
    extracted = json.loads(runner.invoke(app, ["extract", "--json"]).stdout)
    spans = extracted["tasks"][0]["agencies"][0]["evidence"]
    assert all(isinstance(s, list) and len(s) == 2 for s in spans)
    task = api_client.get("/tasks", params={"number": 11}).json()["data"][0]
    assert all(re.fullmatch(r"\d+-\d+", s) for s in task["agencies"][0]["evidence"])
    rows = api_client.get("/queries/who_builds", params={"infrastructure": "政务云平台"}).json()
    assert set(rows) == {"columns", "rows", "count", "truncated"}
    assert rows["count"] == len(rows["rows"])
