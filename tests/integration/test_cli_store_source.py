"""The store a user's commands use, and what they read from it.

* The store is the per-user data directory unless KG_HOME says otherwise, whatever the
  current directory, and `kg db status` says which it is.
* Reads on a store that holds no document say so on stderr.
* `kg export`, `kg validate`, `kg sparql` (and `kg push`, see the end) read the store, as the
  API's /export does; the bundled plan only when the store is empty (said on stderr);
  ``--from PATH…`` reads files without loading them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from core.config import Settings
from loaders import BUNDLED_DOCUMENT
from tests.helpers.cli import Kg, run_kg
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.falkordb
PLAN_2014 = ROOT / "tests" / "data" / "verb_clause_2014.txt"
DOC_2014 = "doc-2014-24904976"


@pytest.fixture
def kg(monkeypatch: pytest.MonkeyPatch, falkordb_home: Path) -> Kg:
    monkeypatch.setenv("KG_HOME", str(falkordb_home))
    monkeypatch.setenv("KG_GRAPH", f"src_{os.getpid()}_{time.monotonic_ns()}")
    monkeypatch.setenv("KG_STORE", "falkordb")
    return Kg()


def documents_in(node_link: dict[str, Any]) -> set[str]:
    return {n["id"] for n in node_link["nodes"] if n["labels"][0] == "Document"}


# --- which store ---------------------------------------------------------------------------


def _status(env: dict[str, str], cwd: Path) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "cli", "db", "status", "--json"], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    status: dict[str, Any] = json.loads(proc.stdout)
    return status


def test_the_default_store_is_the_users_and_not_the_folders(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    first, second = _status(env, one), _status(env, two)
    assert first["home"] == second["home"] == str(tmp_path / "data" / "workplan-kg")
    assert first["home_from"] == "per-user default"
    assert not (one / ".kg").exists() and not (two / ".kg").exists()
    env["KG_HOME"] = str(tmp_path / "mine")
    mine = _status(env, one)
    assert mine["home"] == str(tmp_path / "mine") and mine["home_from"] == "KG_HOME"


def test_db_status_names_the_store_it_used(kg: Kg, falkordb_home: Path) -> None:
    out, _ = kg.ok("db", "status")
    assert f"falkordb store at {falkordb_home}" in " ".join(out.split())


# --- reads on an empty store ------------------------------------------------------------------


@pytest.mark.parametrize("args", [("query", "tasks_by_agency", "-p", "agency=发改委"),
                                  ("cypher", "MATCH (t:Task) RETURN count(t) AS n")])
def test_a_read_on_an_empty_store_says_so(kg: Kg, falkordb_home: Path,
                                          args: tuple[str, ...]) -> None:
    _, err = kg.ok(*args)
    assert f"store at {falkordb_home} holds no documents; run kg load" in err
    kg.ok("load")
    _, err = kg.ok(*args)
    assert "holds no documents" not in err


# --- export, validate, sparql read the store ----------------------------------------------


def test_export_of_an_empty_store_reads_the_bundled_plan_and_says_so(
        kg: Kg, bundled_graph: nx.MultiDiGraph) -> None:
    out, err = kg.ok("export", "--format", "json")
    assert "holds no documents; reading the bundled plan" in err
    assert len(json.loads(out)["nodes"]) == bundled_graph.number_of_nodes()


def test_export_reads_what_was_loaded(kg: Kg) -> None:
    kg.ok("load", str(PLAN_2014))
    out, err = kg.ok("export", "--format", "json")
    assert err == ""
    assert documents_in(json.loads(out)) == {DOC_2014}


def test_export_from_files_does_not_load_them(kg: Kg, bundled_graph: nx.MultiDiGraph) -> None:
    kg.ok("load", str(PLAN_2014))
    bundled = next(n for n, a in bundled_graph.nodes(data=True) if a["labels"][0] == "Document")
    out, _ = kg.ok("export", "-f", "json", "--from", str(BUNDLED_DOCUMENT))
    assert documents_in(json.loads(out)) == {bundled}
    both, _ = kg.ok("export", "-f", "json", "--from", str(BUNDLED_DOCUMENT), str(PLAN_2014))
    assert documents_in(json.loads(both)) == {bundled, DOC_2014}
    stored, _ = kg.ok("cypher", "MATCH (d:Document) RETURN d.id AS id", "--json")
    assert json.loads(stored) == [{"id": DOC_2014}]


def test_cli_and_api_export_the_same_graph(kg: Kg, falkordb_home: Path) -> None:
    from api.app import create_app

    kg.ok("load", str(PLAN_2014))
    out, _ = kg.ok("export", "--format", "json")
    settings = Settings(home=falkordb_home, graph=os.environ["KG_GRAPH"])
    with TestClient(create_app(settings)) as client:
        served = client.get("/export/json")
    assert served.status_code == 200
    assert json.loads(out) == served.json()


def test_validate_and_sparql_read_the_store(kg: Kg) -> None:
    kg.ok("load", str(PLAN_2014))
    out, err = kg.ok("validate")
    assert out.startswith("Conforms: yes") and err == ""
    out, _ = kg.ok("sparql", "--json", "SELECT ?year WHERE { ?d a kg:Document ; kg:year ?year }")
    assert json.loads(out)["rows"] == [{"year": 2014}]
    out, _ = kg.ok("sparql", "--json", "SELECT (COUNT(?t) AS ?n) WHERE { ?t a kg:Task }",
                   "--from", str(BUNDLED_DOCUMENT))
    assert json.loads(out)["rows"] == [{"n": 38}]


# --- push reads the store -------------------------------------------------------------------


@pytest.mark.bolt
def test_push_sends_the_stores_graph(kg: Kg, bolt_server: Any) -> None:
    from graph.stores.neo4j_store import Neo4jStore
    from tests.helpers.stores import bolt_settings

    target = Neo4jStore(bolt_settings(bolt_server))
    try:
        target.drop()
        kg.ok("load", str(PLAN_2014))
        database = ["--database", bolt_server.database] if bolt_server.database else []
        result = run_kg("push", "--uri", bolt_server.uri, "--user", bolt_server.user,
                        *database, "--password-stdin", input=bolt_server.password + "\n")
        assert result.returncode == 0, result.stdout + result.stderr
        rows = target.read("MATCH (d:Document) RETURN d.id AS id").rows
        assert rows == [{"id": DOC_2014}]
    finally:
        target.drop()
        target.close()
