"""`kg load | queries | query | cypher | db`, through cli.main.main (exit codes included)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import networkx as nx
import pytest

from graph.stores.falkordb_server import FalkorDBServer, pid_alive
from tests.helpers.cli import Kg
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.falkordb
BUNDLED = ROOT / "loaders" / "corpus" / "2015-digital-fujian-work-points.txt"


@pytest.fixture
def kg(monkeypatch: pytest.MonkeyPatch, falkordb_home: Path) -> Kg:
    monkeypatch.setenv("KG_HOME", str(falkordb_home))
    monkeypatch.setenv("KG_GRAPH", f"cli_{os.getpid()}_{time.monotonic_ns()}")
    monkeypatch.setenv("KG_STORE", "falkordb")
    return Kg()


@pytest.fixture
def loaded(kg: Kg) -> Kg:
    assert kg("load")[0] == 0
    return kg


class TestLoad:
    def test_load_the_bundled_document(self, kg: Kg, bundled_graph: nx.MultiDiGraph) -> None:
        code, out, _ = kg("load")
        assert code == 0
        assert f"{bundled_graph.number_of_nodes()} nodes" in out
        assert f"{bundled_graph.number_of_edges()} relationships" in out

    def test_loading_twice_changes_nothing(self, kg: Kg, bundled_graph: nx.MultiDiGraph) -> None:
        first = kg.json("load", str(BUNDLED))
        second = kg.json("load")
        assert first["nodes"] == second["nodes"] == bundled_graph.number_of_nodes()
        assert first["relationships_created"] == bundled_graph.number_of_edges()
        assert second["nodes_created"] == second["relationships_created"] == 0
        assert second["removed_relationships"] == 0

    def test_a_reload_and_a_second_text_of_one_plan_are_said(self, kg: Kg, tmp_path: Path) -> None:
        assert kg("load")[0] == 0
        code, out, err = kg("load")
        assert code == 0 and "1 of them replaced the document(s) of the same text" in out
        corrected = tmp_path / "corrected.txt"
        corrected.write_text(BUNDLED.read_text(encoding="utf-8").replace("省发改委", "省发展改革委", 1),
                             encoding="utf-8")
        code, out, err = kg("load", str(corrected))
        assert code == 0 and "replaced" not in out
        assert "1 document(s) have the issuer, title and year of another" in err
        assert kg.json("load", str(corrected))["namesake_documents"] != []  # the first still held

    def test_a_missing_file_is_bad_input(self, kg: Kg, tmp_path: Path) -> None:
        code, _, err = kg("load", str(tmp_path / "missing.txt"))
        assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) <= 2

    def test_an_unknown_store_is_bad_input(self, kg: Kg) -> None:
        assert kg("load", "--store", "sqlite")[0] == 2


class TestQuery:
    def test_queries_lists_the_named_queries(self, kg: Kg) -> None:
        names = {q["name"] for q in kg.json("queries")}
        assert {"tasks_by_agency", "who_builds", "conflicts"} <= names
        assert not any(n.startswith("api_") for n in names)
        code, out, _ = kg("queries")
        assert code == 0 and "tasks_by_agency" in out

    def test_query_json_is_an_array_of_rows(self, loaded: Kg) -> None:
        rows = loaded.json("query", "tasks_by_agency", "--param", "agency=发改委")
        assert len(rows) == 14 and rows[0]["relation"] == "LEADS"
        assert set(rows[0]) == {"document", "number", "title", "relation", "verb", "section",
                                "section_title"}

    def test_query_human_output_is_a_table(self, loaded: Kg) -> None:
        code, out, _ = loaded("query", "who_builds", "-p", "infrastructure=政务云平台")
        assert code == 0 and "政务云平台" in out and "rows" in out

    @pytest.mark.parametrize("args", [
        ("query", "no_such_query"),
        ("query", "tasks_by_agency", "-p", "agnecy=x"),
        ("query", "tasks_by_agency"),
        ("query", "agencies_for_task", "-p", "number=eleven"),
        ("query", "agencies_for_task", "-p", "number"),
    ])
    def test_bad_input_exits_2_with_one_line(self, loaded: Kg, args: tuple[str, ...]) -> None:
        code, out, err = loaded(*args)
        assert code == 2 and out == ""
        assert err.startswith("error: ") and "Traceback" not in err

    def test_row_limit_is_reported(self, loaded: Kg) -> None:
        code, out, err = loaded("query", "agency_workload", "--limit", "3")
        assert code == 0 and "3 rows" in out and "truncated" in err


class TestCypher:
    def test_a_write_is_refused_with_exit_2_and_nothing_changes(self, loaded: Kg) -> None:
        before = loaded.json("cypher", "MATCH (n) RETURN count(n) AS n")
        code, _, err = loaded("cypher", "MATCH (n) DETACH DELETE n")
        assert code == 2 and "read-only" in err
        assert loaded.json("cypher", "MATCH (n) RETURN count(n) AS n") == before

    def test_parameters_are_values(self, kg: Kg) -> None:
        tricky = 'it\'s "quoted" \\ back\nnew 省发改委'
        rows = kg.json("cypher", "RETURN $x AS x, $n AS n, $l AS l", "-p", f"x={tricky}",
                       "-p", "n=5", "-p", 'l=["a","乙"]')
        assert rows == [{"x": tricky, "n": 5, "l": ["a", "乙"]}]

    def test_too_long_is_bad_input(self, kg: Kg, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("KG_CYPHER_MAX_LENGTH", "10")
        code, _, err = kg("cypher", "RETURN 1 AS one")
        assert code == 2 and "cypher_max_length" in err

    def test_syntax_error_is_exit_2(self, kg: Kg) -> None:
        assert kg("cypher", "MATCH (n RETURN n")[0] == 2

    def test_timeout_is_exit_1(self, kg: Kg) -> None:
        code, _, err = kg("cypher", "UNWIND range(1, 5000) AS x UNWIND range(1, 1000) AS y "
                          "RETURN count(*) AS c", "--timeout", "50")
        assert code == 1 and "time limit" in err


class TestDb:
    def test_start_status_stop(self, kg: Kg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                               ) -> None:
        monkeypatch.setenv("KG_HOME", str(tmp_path))
        server = FalkorDBServer(tmp_path / "falkordb")
        assert kg.json("db", "status")["running"] is False
        code, out, _ = kg("db", "start")
        assert code == 0 and "started" in out
        pid = server.running_pid()
        assert pid is not None
        try:
            status = kg.json("db", "status")
            assert status["running"] and status["mode"] == "detached"
            assert kg("load")[0] == 0  # reuses the detached server, leaves it running
            assert server.running_pid() == pid
            assert "already running" in kg("db", "start")[1]
        finally:
            code, out, _ = kg("db", "stop")
        assert code == 0 and "stopped" in out
        assert not server.status()["running"]
        assert "not running" in kg("db", "stop")[1]

    def test_db_start_is_for_the_embedded_store_only(self, kg: Kg,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("KG_STORE", "neo4j")
        code, _, err = kg("db", "start")
        assert code == 1 and "embedded FalkorDB" in err


def test_a_killed_cli_leaves_no_server_behind(tmp_path: Path) -> None:
    """SIGKILL a `kg cypher` that is busy on a server it started: the server goes too."""
    driver = textwrap.dedent("""
        import sys
        from cli.main import main
        sys.argv = ["kg", *sys.argv[1:]]
        main()
    """)
    env = {**os.environ, "KG_HOME": str(tmp_path), "KG_STORE": "falkordb",
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", driver, "cypher", "--timeout", "60000",
         "UNWIND range(1, 100000) AS x UNWIND range(1, 10000) AS y RETURN count(*) AS c"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = FalkorDBServer(tmp_path / "falkordb")
    deadline = time.monotonic() + 20
    while server.read_pid() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    redis_pid = server.read_pid()
    assert redis_pid is not None and pid_alive(redis_pid)
    time.sleep(0.3)  # the query is running now
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 15
    while pid_alive(redis_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if pid_alive(redis_pid):  # the next command must at least be able to reuse it
        assert server.ensure_running() is False
        server.stop()
        pytest.fail("the server outlived the killed CLI")
