"""The Neo4j kit against real servers: the Cypher script, `kg push`, the Browser guide.

The script is run statement by statement, as cypher-shell would, on the ArcadeDB Bolt test
server and on a real FalkorDB, and must build the networkx graph exactly (labels, properties,
relationships), be idempotent, and agree with what the stores write for `kg load`.

Bolt targets: the ArcadeDB Bolt test server (``bolt_server`` of tests/fixtures/stores.py) and, when
``KG_TEST_NEO4J_URI`` is set, a real Neo4j. A Bolt server holds one database shared by the
whole session: every test here that uses one empties it before and after (pytest runs test
modules one after another).
"""

from __future__ import annotations

import contextlib
import html
import math
import os
import re
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from falkordb import FalkorDB
from falkordb import Graph as FalkorGraph
from typer.testing import CliRunner

from api.guide import GUIDE_PATH, TOUR
from cli.main import app
from core.config import Settings
from graph import schema as s
from graph.dialects import DIALECTS, is_already_exists, schema_statements
from graph.exporters import exporters
from graph.exporters.cypher_script import needs_unicode_escape
from graph.stores.falkordb_server import FalkorDBServer
from graph.stores.falkordb_store import FalkorDBStore
from tests.helpers.graph_samples import HOSTILE, expected_nodes, expected_relationships, hostile_graph
from tests.helpers.guide import parse_guide
from tests.helpers.paths import ROOT

runner = CliRunner()

Dump = tuple[dict[str, tuple[frozenset[str], dict[str, Any]]],
             dict[tuple[str, str, str], dict[str, Any]]]


@pytest.fixture(scope="module")
def graph(bundled_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return bundled_graph


def script_statements(g: nx.MultiDiGraph, tmp_path: Path) -> list[str]:
    """The statements of the exported script file, split as cypher-shell would (one a line)."""
    out = tmp_path / "graph.cypher"
    exporters()["cypher"].write(g, out)
    lines = out.read_text(encoding="utf-8").split("\n")
    return [line[:-1] for line in lines if line and not line.startswith("//")]


def expected_dump(g: nx.MultiDiGraph) -> Dump:
    return expected_nodes(g), expected_relationships(g)


def assert_same(got: Dump, want: Dump, *, approx_floats: bool = False) -> None:
    nodes, rels = got
    want_nodes, want_rels = want
    assert Counter(lab for labels, _ in nodes.values() for lab in labels) == Counter(
        lab for labels, _ in want_nodes.values() for lab in labels)
    assert Counter(t for _, t, _ in rels) == Counter(t for _, t, _ in want_rels)
    assert set(nodes) == set(want_nodes)
    for node_id, (labels, props) in want_nodes.items():
        assert nodes[node_id][0] == labels, node_id
        assert _norm(nodes[node_id][1], approx_floats) == _norm(props, approx_floats), node_id
    assert set(rels) == set(want_rels)
    for key, props in want_rels.items():
        assert _norm(rels[key], approx_floats) == _norm(props, approx_floats), key


def _norm(props: dict[str, Any], approx_floats: bool) -> dict[str, Any]:
    if not approx_floats:
        return props
    # FalkorDB replies with 15 significant digits.
    return {k: (float(f"{v:.15g}") if isinstance(v, float) else v) for k, v in props.items()}


def test_floats_compare_at_fifteen_digits() -> None:
    assert _norm({"b": 0.1 + 0.2}, True) == _norm({"b": 0.3}, True)
    assert not math.isclose(0.1 + 0.2, 0.3, rel_tol=0, abs_tol=0)


# --- Bolt (ArcadeDB with the Neo4j Bolt plugin) ------------------------------------------


@dataclass(frozen=True)
class Target:
    """A Bolt server to write to."""

    uri: str
    user: str
    password: str
    database: str | None


def bolt_target(request: pytest.FixtureRequest, kind: str) -> Target:
    if kind == "bolt":
        server = request.getfixturevalue("bolt_server")
        return Target(server.uri, server.user, server.password, server.database)
    uri = os.environ.get("KG_TEST_NEO4J_URI")
    if not uri:
        pytest.skip("set KG_TEST_NEO4J_URI to test against a real Neo4j")
    return Target(uri, os.environ.get("KG_TEST_NEO4J_USER", "neo4j"),
                  os.environ.get("KG_TEST_NEO4J_PASSWORD", ""),
                  os.environ.get("KG_TEST_NEO4J_DATABASE") or None)


class Bolt:
    def __init__(self, target: Target) -> None:
        from neo4j import GraphDatabase

        self.target = target
        self.driver = GraphDatabase.driver(target.uri, auth=(target.user, target.password))

    def run(self, statement: str) -> list[dict[str, Any]]:
        records, _, _ = self.driver.execute_query(statement, database_=self.target.database)
        return [r.data() for r in records]

    def run_script(self, statements: list[str]) -> None:
        for stmt in statements:
            self.run(stmt)

    def clear(self) -> None:
        self.run("MATCH (n) DETACH DELETE n")

    def dump(self) -> Dump:
        nodes = {r["props"]["id"]: (frozenset(r["labels"]), r["props"])
                 for r in self.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")}
        rels = {(r["s"], r["t"], r["e"]): r["props"] for r in self.run(
            "MATCH (a)-[r]->(b) RETURN a.id AS s, type(r) AS t, b.id AS e, properties(r) AS props")}
        return nodes, rels


@pytest.fixture(params=[pytest.param("bolt", marks=pytest.mark.bolt),
                        pytest.param("neo4j", marks=pytest.mark.neo4j)])
def bolt(request: pytest.FixtureRequest) -> Iterator[Bolt]:
    """An emptied Bolt target: the ArcadeDB test server, then a real Neo4j if configured."""
    client = Bolt(bolt_target(request, request.param))
    client.clear()
    try:
        yield client
    finally:
        client.clear()
        client.driver.close()


class TestScriptOnBolt:
    def test_builds_the_graph_and_is_idempotent(self, bolt: Bolt, graph: nx.MultiDiGraph,
                                                tmp_path: Path) -> None:
        statements = script_statements(graph, tmp_path)
        bolt.run_script(statements)
        first = bolt.dump()
        assert_same(first, expected_dump(graph))
        assert (len(first[0]), len(first[1])) == (graph.number_of_nodes(), graph.number_of_edges())
        bolt.run_script(statements)
        assert bolt.dump() == first

    def test_constraints_are_created(self, bolt: Bolt, graph: nx.MultiDiGraph,
                                     tmp_path: Path) -> None:
        bolt.run_script(script_statements(graph, tmp_path))
        names = {r["name"] for r in bolt.run("SHOW CONSTRAINTS")}
        assert {f"{label.lower()}_id" for label in s.NODE_LABELS} <= names

    def test_hostile_strings_round_trip_exactly(self, bolt: Bolt, tmp_path: Path) -> None:
        g = hostile_graph()
        bolt.run_script(script_statements(g, tmp_path))
        assert_same(bolt.dump(), expected_dump(g))
        clauses = bolt.run("MATCH (t:Task) RETURN t.clauses AS c")[0]["c"]
        assert clauses == HOSTILE

    def test_a_new_version_of_the_document_replaces_the_old(self, bolt: Bolt,
                                                            graph: nx.MultiDiGraph,
                                                            tmp_path: Path) -> None:
        bolt.run_script(script_statements(graph, tmp_path))
        smaller = graph.copy()
        doc = next(n for n, a in graph.nodes(data=True) if a["labels"][0] == s.DOCUMENT)
        smaller.remove_node(s.task_id(doc, 1))
        bolt.run_script(script_statements(smaller, tmp_path))
        got = bolt.dump()
        assert s.task_id(doc, 1) not in got[0]
        assert len(got[1]) < graph.number_of_edges()
        assert Counter(t for _, t, _ in got[1]) == Counter(k for *_, k in smaller.edges(keys=True))


# --- FalkorDB ----------------------------------------------------------------------------


@pytest.fixture
def falkordb_server(falkordb_home: Path) -> FalkorDBServer:
    """The session's embedded FalkorDB (tests/fixtures/stores.py), already running."""
    server = FalkorDBServer(Settings(home=falkordb_home).falkordb_dir)
    server.ensure_running("attached")  # reuses the running one; this object owns nothing
    return server


class Falkor:
    def __init__(self, server: FalkorDBServer, name: str) -> None:
        self.db = FalkorDB(unix_socket_path=str(server.socket_path))
        self.name = name
        self.graph = FalkorGraph(self.db, name)

    def run(self, statement: str) -> list[list[Any]]:
        return list(self.graph.query(statement).result_set)

    def run_script(self, statements: list[str]) -> None:
        """The script's data statements; its Neo4j DDL is replaced by FalkorDB's own."""
        for ddl in schema_statements(DIALECTS["falkordb"]):
            try:
                self.run(ddl)
            except Exception as exc:  # an index already there
                if not is_already_exists(DIALECTS["falkordb"], str(exc)):
                    raise
        for stmt in statements:
            if stmt.startswith(("CREATE CONSTRAINT", "CREATE INDEX")):
                continue
            self.run(stmt)

    def dump(self) -> Dump:
        # The server cuts results at its RESULTSET_SIZE, which a server started afresh has
        # at the row limit (1,001): raise it (only ever raised) so the dump is whole.
        self.db.connection.execute_command("GRAPH.CONFIG", "SET", "RESULTSET_SIZE", 1_000_000)
        nodes = {props["id"]: (frozenset(labels), dict(props))
                 for labels, props in self.run("MATCH (n) RETURN labels(n), properties(n)")}
        rels = {(a, t, b): dict(props) for a, t, b, props in self.run(
            "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)")}
        return nodes, rels

    def drop(self) -> None:
        with contextlib.suppress(Exception):
            self.graph.delete()


@pytest.fixture
def falkor(falkordb_server: FalkorDBServer) -> Iterator[Falkor]:
    client = Falkor(falkordb_server, f"kit_script_{uuid.uuid4().hex[:8]}")
    client.drop()
    try:
        yield client
    finally:
        client.drop()


def _decodable(text: str) -> bool:
    return not needs_unicode_escape(text)


def falkordb_safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``g`` without the strings FalkorDB reads differently: it does not decode ``\\uXXXX``,
    which the script uses only for control characters and U+2028/U+2029."""
    def keep(attrs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in attrs.items():
            if isinstance(value, list):
                out[key] = [x for x in value if not isinstance(x, str) or _decodable(x)]
            elif not isinstance(value, str) or _decodable(value):
                out[key] = value
        return out

    h = nx.MultiDiGraph()
    for n, a in g.nodes(data=True):
        h.add_node(n, **keep(a))
    for u, v, k, a in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **keep(a))
    return h


@pytest.mark.falkordb
class TestScriptOnFalkorDB:
    def test_builds_the_graph_and_is_idempotent(self, falkor: Falkor, graph: nx.MultiDiGraph,
                                                tmp_path: Path) -> None:
        statements = script_statements(graph, tmp_path)
        falkor.run_script(statements)
        first = falkor.dump()
        assert_same(first, expected_dump(graph), approx_floats=True)
        falkor.run_script(statements)
        assert falkor.dump() == first

    def test_equals_what_the_store_loads(self, falkor: Falkor, falkordb_server: FalkorDBServer,
                                         graph: nx.MultiDiGraph, tmp_path: Path) -> None:
        falkor.run_script(script_statements(graph, tmp_path))
        # The store finds the fixture's server running and reuses it (and leaves it running).
        name = f"kit_load_{uuid.uuid4().hex[:8]}"
        store = FalkorDBStore(Settings(home=falkordb_server.data_dir.parent, graph=name))
        loaded = Falkor(falkordb_server, name)
        try:
            store.write_graph(graph)
            assert loaded.dump() == falkor.dump()
        finally:
            loaded.drop()
            store.close()

    def test_hostile_strings_round_trip(self, falkor: Falkor, tmp_path: Path) -> None:
        g = falkordb_safe(hostile_graph())
        falkor.run_script(script_statements(g, tmp_path))
        assert_same(falkor.dump(), expected_dump(g), approx_floats=True)
        clauses = falkor.run("MATCH (t:Task) RETURN t.clauses")[0][0]
        assert clauses == [x for x in HOSTILE if _decodable(x)]
        assert len(clauses) == len(HOSTILE) - 4  # \x01, \x7f, \x85, \u2028


# --- the Browser guide -------------------------------------------------------------------


class TestGuideOnBolt:
    def test_every_runnable_query_runs_on_bolt(self, bolt: Bolt, graph: nx.MultiDiGraph,
                                               tmp_path: Path) -> None:
        bolt.run_script(script_statements(graph, tmp_path))
        tour = {slide.query for slide in TOUR}
        text = GUIDE_PATH.read_text(encoding="utf-8")
        for cypher in parse_guide(text).runnable:
            if cypher.startswith("CALL db."):  # a Browser/Neo4j procedure, not ours
                continue
            rows = bolt.run(cypher)
            named = re.search(r"Named query (\w+);", text[text.find(html.escape(cypher, quote=False)):])
            if named and named.group(1) in tour:
                assert rows, f"the guide's query {named.group(1)} returns nothing"


# --- kg push -----------------------------------------------------------------------------


def push_args(target: Target) -> list[str]:
    database = ["--database", target.database] if target.database else []
    return ["push", "--uri", target.uri, "--user", target.user, *database, "--password-stdin"]


class TestPush:
    @pytest.fixture(autouse=True)
    def _store_exists(self) -> None:
        pytest.importorskip("graph.stores.neo4j_store")

    def test_push_twice_gives_the_same_graph(self, bolt: Bolt, graph: nx.MultiDiGraph,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("KG_NEO4J_PASSWORD", raising=False)
        password = bolt.target.password
        first = runner.invoke(app, push_args(bolt.target), input=password + "\n")
        assert first.exit_code == 0, first.output
        assert password not in first.output
        assert f"Pushed {graph.number_of_nodes()} nodes and {graph.number_of_edges()}" in first.output
        assert ":style" in first.output and ":play" in first.output
        dump = bolt.dump()
        assert_same(dump, expected_dump(graph))
        second = runner.invoke(app, push_args(bolt.target), input=password + "\n")
        assert second.exit_code == 0, second.output
        assert "changes: 0 nodes and 0 relationships created, 0 nodes and 0 relationships removed" \
            in " ".join(second.output.split())
        assert bolt.dump() == dump
        names = {r["name"] for r in bolt.run("SHOW CONSTRAINTS")}
        assert {f"{label.lower()}_id" for label in s.NODE_LABELS} <= names

    def test_push_equals_the_cypher_script(self, bolt: Bolt, graph: nx.MultiDiGraph,
                                           tmp_path: Path) -> None:
        bolt.run_script(script_statements(graph, tmp_path))
        by_script = bolt.dump()
        bolt.clear()
        result = runner.invoke(app, push_args(bolt.target), input=bolt.target.password + "\n")
        assert result.exit_code == 0, result.output
        assert bolt.dump() == by_script

    def test_password_from_the_environment(self, bolt: Bolt,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("KG_NEO4J_PASSWORD", bolt.target.password)
        args = [a for a in push_args(bolt.target) if a != "--password-stdin"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output

    def test_no_password_is_bad_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("KG_NEO4J_PASSWORD", raising=False)
        # Refused before any connection: no server needed.
        args = ["push", "--uri", "bolt://127.0.0.1:9"]
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "KG_NEO4J_PASSWORD" in result.stderr

    @pytest.mark.bolt
    def test_wrong_password_is_one_line_error(self, request: pytest.FixtureRequest) -> None:
        proc = subprocess.run([sys.executable, "-m", "cli", *push_args(bolt_target(request, "bolt"))],
                              input="wrong-password\n", capture_output=True, text=True,
                              timeout=120, cwd=ROOT)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.startswith("error:") and "Traceback" not in proc.stderr
        assert "wrong-password" not in proc.stderr + proc.stdout
