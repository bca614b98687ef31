"""What a new user meets in the first minutes: each case once went wrong (a traceback, a
message in the wrong place, a silent empty answer, two wordings of one thing)."""

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
from core.errors import one_line
from loaders import BUNDLED_DOCUMENT
from tests.api_fixtures import api_app_fixture, api_client_fixture, api_settings_fixture, api_store_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def kg_process(*args: str, env: dict[str, str] | None = None, stdin: str | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True,
                          timeout=timeout, input=stdin,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def assert_one_error_line(stderr: str) -> None:
    assert stderr.startswith("error: ") and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


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


# --- one wording for row counts ----------------------------------------------------------------


def test_sparql_counts_rows_as_query_does() -> None:
    one = runner.invoke(app, ["sparql", "SELECT (COUNT(?t) AS ?n) WHERE { ?t a kg:Task }",
                              "--from", str(BUNDLED_DOCUMENT)])
    assert one.exit_code == 0, one.output
    assert one.stdout.strip().endswith("\n1 row") and "row(s)" not in one.stdout
    five = runner.invoke(app, ["sparql", "SELECT ?t WHERE { ?t a kg:Task } LIMIT 5",
                               "--from", str(BUNDLED_DOCUMENT)])
    assert five.stdout.strip().endswith("\n5 rows")


@pytest.mark.falkordb
def test_query_counts_rows(loaded_kg: CliRunner) -> None:
    result = loaded_kg.invoke(app, ["query", "agency_workload", "--limit", "5"])
    assert result.stdout.strip().endswith("\n5 rows")
    one = loaded_kg.invoke(app, ["cypher", "RETURN 1 AS one"])
    assert one.stdout.strip().endswith("\n1 row")


# --- kg push errors ------------------------------------------------------------------------


def test_a_lost_detail_leaves_no_dangling_colon() -> None:
    from neo4j.exceptions import ServiceUnavailable

    # The driver's message when every address failed without a message of its own.
    exc = ServiceUnavailable("Couldn't connect to db.example:7687 (resolved to ()):\n")
    assert one_line(exc) == "Couldn't connect to db.example:7687 (resolved to ())"


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


# --- invalid settings ------------------------------------------------------------------------


@pytest.mark.parametrize(("variable", "value", "args"), [
    ("KG_API_PORT", "eighty", ("serve",)),
    ("KG_QUERY_TIMEOUT_MS", "0", ("cypher", "RETURN 1")),
    ("KG_GRAPH", "two words", ("db", "status")),
])
def test_an_invalid_setting_is_one_line(variable: str, value: str, args: tuple[str, ...]) -> None:
    proc = kg_process(*args, env={variable: value})
    assert proc.returncode == 2
    assert_one_error_line(proc.stderr)
    assert variable in proc.stderr


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
