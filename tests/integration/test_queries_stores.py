"""Every named query on every backend: the same rows from FalkorDB and the Bolt server,
qualified names, alias resolution against a loaded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from core.config import Settings
from core.errors import ReadOnlyViolation
from graph.stores.base import GraphStore
from queries.catalog import (
    ParameterError,
    all_queries,
    resolve_agency,
    resolve_agency_id,
    run_cypher,
    run_query,
)
from tests.helpers.paths import DATA
from tests.helpers.stores import bolt_settings, falkordb_settings, same_rows

# --- running on a store --------------------------------------------------------------------


def test_agency_aliases_resolve_to_the_canonical_name(
    falkordb_store: GraphStore, bundled_graph: nx.MultiDiGraph
) -> None:
    falkordb_store.write_graph(bundled_graph)
    assert resolve_agency(falkordb_store, "发改委") == "省发改委"
    assert resolve_agency(falkordb_store, " 省发改委 ") == "省发改委"
    assert resolve_agency(falkordb_store, "福建省发展和改革委员会") == "省发改委"
    assert resolve_agency(falkordb_store, "无此单位") == "无此单位"
    by_alias = run_query(falkordb_store, "tasks_by_agency", {"agency": "发改委"}).rows
    by_name = run_query(falkordb_store, "tasks_by_agency", {"agency": "省发改委"}).rows
    assert by_alias == by_name and len(by_name) == 14


def test_the_registry_knows_aliases_of_agencies_not_loaded(falkordb_store: GraphStore) -> None:
    assert resolve_agency(falkordb_store, "发改委") == "省发改委"


def test_who_builds_the_government_cloud(
    falkordb_store: GraphStore, bundled_graph: nx.MultiDiGraph
) -> None:
    falkordb_store.write_graph(bundled_graph)
    rows = run_query(falkordb_store, "who_builds", {"infrastructure": "政务云平台"}).rows
    assert {r["infrastructure"] for r in rows} == {"政务云平台"}
    assert {r["task"] for r in rows} == {11}
    assert {r["agency"] for r in rows} >= {"省经济信息中心", "泉州市政府", "安溪县政府"}
    assert {r["action"] for r in rows} == {"升级"}


def test_conflicts_show_their_clauses(
    falkordb_store: GraphStore, bundled_graph: nx.MultiDiGraph
) -> None:
    falkordb_store.write_graph(bundled_graph)
    rows = run_query(falkordb_store, "conflicts").rows
    expected = sorted(a["number"] for _, a in bundled_graph.nodes(data=True)
                      if a["labels"][0] == "Task" and a.get("conflict"))
    assert [r["number"] for r in rows] == expected
    assert all(len(r["clauses"]) >= 2 for r in rows)


def test_run_cypher_limits_the_length(falkordb_store: GraphStore) -> None:
    settings = Settings(cypher_max_length=20)
    with pytest.raises(ParameterError, match="limit is 20"):
        run_cypher(falkordb_store, "MATCH (n) RETURN n.id AS id", settings=settings)
    with pytest.raises(ParameterError, match="empty"):
        run_cypher(falkordb_store, "  ", settings=settings)
    assert run_cypher(falkordb_store, "RETURN $x AS x", {"x": 1}, settings=settings).rows == [
        {"x": 1}]


def test_run_cypher_refuses_writes(falkordb_store: GraphStore) -> None:
    with pytest.raises(ReadOnlyViolation):
        run_cypher(falkordb_store, "CREATE (n:Agency {id: 'x'})")


# --- the same rows on FalkorDB and on the Bolt server --------------------------------------


@pytest.fixture(scope="module")
def both_stores(
    falkordb_home: Path, bolt_server: Any, bundled_graph: nx.MultiDiGraph
) -> Iterator[tuple[GraphStore, GraphStore]]:
    from graph.stores.falkordb_store import FalkorDBStore
    from graph.stores.neo4j_store import Neo4jStore

    falkor = FalkorDBStore(falkordb_settings(falkordb_home))
    bolt = Neo4jStore(bolt_settings(bolt_server))
    bolt.drop()
    falkor.write_graph(bundled_graph)
    bolt.write_graph(bundled_graph)
    yield falkor, bolt
    falkor.drop()
    falkor.close()
    bolt.drop()
    bolt.close()


def _cases() -> list[Any]:
    cases = []
    for name, query in sorted(all_queries().items()):
        if not query.examples:
            cases.append(pytest.param(name, None, id=f"{name}-no-example"))
        cases += [pytest.param(name, ex, id=f"{name}-{i}") for i, ex in enumerate(query.examples)]
    return cases


@pytest.mark.parametrize(("name", "example"), _cases())
def test_same_rows_on_falkordb_and_bolt(
    both_stores: tuple[GraphStore, GraphStore], name: str, example: dict[str, Any] | None
) -> None:
    if example is None:
        pytest.skip(f"{name} has required parameters and no example")
    falkor, bolt = both_stores
    a = run_query(falkor, name, example, row_limit=5000)
    b = run_query(bolt, name, example, row_limit=5000)
    # The API's internal queries collect() lists whose order the backends choose; the API
    # sorts them itself (api.reads), so only their contents must agree.
    assert same_rows(a.rows, b.rows, nested_as_sets=all_queries()[name].internal), (name, example)
    if a.rows:  # (ArcadeDB names no columns when there are no rows)
        assert a.columns == b.columns
    assert a.rows, f"the example of {name} should return rows on the bundled document"


# --- bodies of several places with one short name -------------------------------------------

FZ, XM = "agency/福州市数据管理局", "agency/厦门市数据管理局"


@pytest.fixture(scope="module")
def cities_graph(bundled_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The bundled 2015 plan and the 2025 plans of 福州 and 厦门 (市数据管理局 in both)."""
    from graph.build import build_graph
    from loaders import read_document

    return build_graph([read_document(), read_document(DATA / "lead_unit_fuzhou_2025.txt"),
                        read_document(DATA / "lead_unit_xiamen_2025.txt")])


def _places_rows(store: GraphStore) -> dict[str, Any]:
    def docs(agency: str) -> set[str]:
        return {r["document"] for r in run_query(store, "tasks_by_agency",
                                                  {"agency": agency}).rows}

    hood = run_query(store, "agency_neighbourhood", {"agency": "厦门市数据管理局"}).rows
    count = run_query(store, "api_tasks_count", {"agency": "福州市数据管理局"}).rows
    workload = run_query(store, "agency_workload").rows
    return {
        "resolved": [resolve_agency(store, n) for n in
                     ("福州市数据管理局", "市数据管理局", "数据管理局", "发改委")],
        "ids": [resolve_agency_id(store, n) for n in
                ("福州市数据管理局", "厦门市数据管理局", "市数据管理局", "省发改委", "无此单位")],
        "docs": [len(docs(n)) for n in ("福州市数据管理局", "厦门市数据管理局", "市数据管理局")],
        "hood": sorted((r["agency"], r["qualified_name"], r["distance"]) for r in hood),
        "count": count[0]["total"],
        "workload": sorted((r["agency"], r["qualified_name"]) for r in workload
                           if r["agency"] == "市数据管理局"),
    }


def test_qualified_names_find_one_place_on_falkordb_and_bolt(
    both_stores: tuple[GraphStore, GraphStore], cities_graph: nx.MultiDiGraph,
    bundled_graph: nx.MultiDiGraph
) -> None:
    falkor, bolt = both_stores
    try:
        answers = []
        for store in (falkor, bolt):
            store.drop()
            store.write_graph(cities_graph)
            answers.append(_places_rows(store))
    finally:
        for store in (falkor, bolt):  # the module's other tests read the bundled plan
            store.drop()
            store.write_graph(bundled_graph)
    assert answers[0] == answers[1]
    got = answers[0]
    # A qualified or short name stays; a bare name or alias goes to the registry's name.
    assert got["resolved"] == ["福州市数据管理局", "市数据管理局", "省数据管理局", "省发改委"]
    # 市数据管理局 alone: no body is keyed by it, so the first by id (厦 < 福).
    assert got["ids"] == [FZ, XM, XM, "agency/省发改委", "agency/无此单位"]
    assert got["docs"] == [1, 1, 2]  # a short name stands for every place's body
    assert got["hood"] and all(q is None or q.startswith("厦门市") for _, q, _ in got["hood"])
    assert len({(a, q) for a, q, _ in got["hood"]}) == len(got["hood"])
    assert got["count"] == len({task for _, task in cities_graph.out_edges(FZ)})
    assert got["workload"] == [("市数据管理局", "厦门市数据管理局"), ("市数据管理局", "福州市数据管理局")]
