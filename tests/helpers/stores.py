"""Settings for the stores the tests run against, and which test server stands for which
store of the registry (``graph.stores.STORES``)."""

from __future__ import annotations

import contextlib
import math
import os
import uuid
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from core.config import Settings
from graph import writes
from graph.stores import store_names

# Per registered store, the backends the tests run it on: the embedded FalkorDB; the Neo4j
# store over the ArcadeDB Bolt test server and over a real Neo4j when one is configured.
BACKENDS: dict[str, tuple[str, ...]] = {"falkordb": ("falkordb",), "neo4j": ("bolt", "neo4j")}
if set(BACKENDS) != set(store_names()):  # a new store must say how it is tested
    raise RuntimeError(f"tests/helpers/stores.py: BACKENDS covers {sorted(BACKENDS)}, the "
                       f"registry has {sorted(store_names())}")
STORE_BACKENDS: tuple[str, ...] = tuple(b for backends in BACKENDS.values() for b in backends)


def falkordb_settings(home: Path, **overrides: object) -> Settings:
    """A graph of its own (random name) on the FalkorDB server of ``home``."""
    values: dict[str, object] = {"home": home, "graph": f"t_{uuid.uuid4().hex[:12]}"}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def bolt_settings(server: object, **overrides: object) -> Settings:
    """The Neo4j store on a Bolt server (``tests.helpers.bolt.BoltServer``)."""
    values: dict[str, object] = {
        "store": "neo4j",
        "neo4j_uri": server.uri,  # type: ignore[attr-defined]
        "neo4j_user": server.user,  # type: ignore[attr-defined]
        "neo4j_password": server.password,  # type: ignore[attr-defined]
        "neo4j_database": server.database,  # type: ignore[attr-defined]
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def neo4j_settings(**overrides: object) -> Settings | None:
    """The real Neo4j of ``KG_TEST_NEO4J_URI`` (and ``_USER``, ``_PASSWORD``, ``_DATABASE``),
    or None when it is not set."""
    uri = os.environ.get("KG_TEST_NEO4J_URI")
    if not uri:
        return None
    values: dict[str, object] = {
        "store": "neo4j",
        "neo4j_uri": uri,
        "neo4j_user": os.environ.get("KG_TEST_NEO4J_USER", "neo4j"),
        "neo4j_password": os.environ.get("KG_TEST_NEO4J_PASSWORD", ""),
        "neo4j_database": os.environ.get("KG_TEST_NEO4J_DATABASE") or None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def same_rows(a: Any, b: Any, *, depth: int = 0, nested_as_sets: bool = False) -> bool:
    """Equal rows; floats to 12 digits (FalkorDB replies with 15 significant digits).
    With ``nested_as_sets``, lists inside a row compare regardless of order."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and math.isclose(
            a, b, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False
        if nested_as_sets and depth > 0:
            a, b = sorted(a, key=repr), sorted(b, key=repr)
        return all(same_rows(x, y, depth=depth + 1, nested_as_sets=nested_as_sets)
                   for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(
            same_rows(a[k], b[k], depth=depth + 1, nested_as_sets=nested_as_sets) for k in a)
    return bool(a == b)


def fail_midway(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every load fail midway: a bad statement among its relationship steps."""
    real = writes.write_plan

    def plan_with_a_bad_statement(g: nx.MultiDiGraph, batch_size: int = 500) -> list[Any]:
        plan = real(g, batch_size)
        middle = next(i for i, st_ in enumerate(plan) if st_.kind == "relationships")
        bad = writes.Step("UNWIND $rows AS row RETURN kg_no_such_function(row) AS x",
                          [{"x": 1}], "relationships", "injected failure")
        return [*plan[:middle], bad, *plan[middle:]]

    monkeypatch.setattr(writes, "write_plan", plan_with_a_bad_statement)


def graph_reads(store: Any) -> int:
    """``GRAPH.RO_QUERY`` calls the FalkorDB server of ``store`` has answered so far."""
    with contextlib.closing(store.server.client(timeout=5)) as conn:
        stats: dict[str, Any] = conn.info("commandstats")
    return int(stats.get("cmdstat_graph.RO_QUERY", {}).get("calls", 0))
