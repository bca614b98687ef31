"""graph.writes on every store: a load writes exactly the graph, replaces a changed document,
keeps hostile values exact, and leaves the store unchanged when it fails midway."""

from __future__ import annotations

import networkx as nx
import pytest

from core.errors import StoreError
from graph import schema as s
from graph import writes
from graph.build import build_graph, compute_measures
from graph.stores.base import GraphStore
from loaders import read_text
from tests.helpers.graph_samples import (
    DOC_A,
    DOC_B,
    MERGED_TABLE,
    TRICKY,
    counts,
    sample_graph,
    snapshot,
    store_snapshot,
    tricky_graph,
)
from tests.helpers.stores import fail_midway

# --- end to end, on every store ------------------------------------------------------------


def test_load_writes_exactly_the_graph(store: GraphStore) -> None:
    g = sample_graph("v1")
    summary = store.write_graph(g)
    assert (summary.nodes, summary.relationships) == (g.number_of_nodes(), g.number_of_edges())
    assert summary.details["nodes_created"] == g.number_of_nodes()
    assert store_snapshot(store) == snapshot(g)


def test_bundled_document_round_trips(store: GraphStore, bundled_graph: nx.MultiDiGraph) -> None:
    store.write_graph(bundled_graph)
    assert store_snapshot(store) == snapshot(bundled_graph)


def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    g = sample_graph("v1")
    store.write_graph(g)
    before = store_snapshot(store)
    again = store.write_graph(g)
    assert store_snapshot(store) == before
    assert counts(store) == (g.number_of_nodes(), g.number_of_edges())
    for key in ("nodes_created", "nodes_deleted", "relationships_created",
                "relationships_deleted"):
        assert again.details[key] == 0, key


def test_a_changed_document_replaces_its_old_version(store: GraphStore) -> None:
    store.write_graph(sample_graph("v1"))
    v2 = sample_graph("v2")
    summary = store.write_graph(v2)
    # exactly v2: task 3 gone, 省财政厅 and 测试数据中心 gone (nothing links them any
    # more), the role on task 1 changed, task 2 moved, section 2 lost its title
    assert store_snapshot(store) == snapshot(v2)
    assert summary.removed_relationships > 0


def test_replacing_one_document_leaves_the_others(store: GraphStore) -> None:
    store.write_graph(sample_graph("v1"))  # doc-a v1 + doc-b
    v2_alone = sample_graph("v2", with_doc_b=False)
    store.write_graph(v2_alone)
    held = store_snapshot(store)
    full_v2 = snapshot(sample_graph("v2"))
    # doc-b's nodes and relationships are all still there
    doc_b = {k: v for k, v in full_v2["nodes"].items() if k.startswith(DOC_B)}
    assert {k: held["nodes"][k] for k in doc_b} == doc_b
    doc_b_rels = {k for k in full_v2["relationships"]
                  if k[0].startswith(DOC_B) or k[2].startswith(DOC_B)}
    assert doc_b_rels <= set(held["relationships"])
    # the shared agency keeps its doc-b task; its measures are the store's (doc-a v2 and
    # doc-b together), recomputed after the load
    assert ("agency/省发改委", "LEADS", "doc-b/task/1") in held["relationships"]
    fgw = sample_graph("v2").nodes["agency/省发改委"]
    props = held["nodes"]["agency/省发改委"]["props"]
    assert (props["degree"], props["tasks_led"]) == (fgw["degree"], fgw["tasks_led"])
    assert props["degree"] > v2_alone.nodes["agency/省发改委"]["degree"]
    # doc-a is exactly v2
    doc_a = {k: v for k, v in snapshot(v2_alone)["nodes"].items() if k.startswith(DOC_A)}
    assert {k: v for k, v in held["nodes"].items() if k.startswith(DOC_A)} == doc_a
    assert "agency/省财政厅" not in held["nodes"]


def test_parameter_values_round_trip_exactly(store: GraphStore) -> None:
    g = tricky_graph()
    store.write_graph(g)
    assert store_snapshot(store) == snapshot(g)
    rows = store.read("MATCH (a:Agency) RETURN a.aliases AS aliases").rows
    assert rows == [{"aliases": TRICKY}]


def test_a_failed_load_leaves_the_store_unchanged(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write_graph(sample_graph("v1"))
    before = store_snapshot(store)
    fail_midway(monkeypatch)
    with pytest.raises(StoreError, match="unchanged"):
        store.write_graph(sample_graph("v2"))  # removals and node writes ran before the failure
    assert store_snapshot(store) == before


def test_an_interrupted_first_load_leaves_nothing(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stop_halfway(done: int, total: int, step: writes.Step) -> None:
        if done == total // 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.write_graph(sample_graph("v1"), progress=stop_halfway)
    assert counts(store) == (0, 0)


def test_progress_reports_every_statement(store: GraphStore) -> None:
    seen: list[tuple[int, int]] = []
    store.write_graph(sample_graph("v1"), progress=lambda d, t, _: seen.append((d, t)))
    total = len(writes.write_plan(sample_graph("v1"), 500))
    assert seen[-1] == (total, total) and len(seen) >= total


@pytest.mark.parametrize("batch_size", [1, 3])
def test_small_batches_give_the_same_store(store: GraphStore, batch_size: int) -> None:
    settings = store.settings  # type: ignore[attr-defined]
    store.settings = settings.model_copy(update={"batch_size": batch_size})  # type: ignore[attr-defined]
    try:
        store.write_graph(sample_graph("v1"))
        store.write_graph(sample_graph("v2"))
    finally:
        store.settings = settings  # type: ignore[attr-defined]
    assert store_snapshot(store) == snapshot(sample_graph("v2"))


def test_a_changed_kind_relabels_the_node_in_place(
    store: GraphStore, request: pytest.FixtureRequest
) -> None:
    if request.node.callspec.params["store"] == "bolt":
        pytest.skip("ArcadeDB cannot relabel a node under a unique constraint")
    store.write_graph(sample_graph("v1"))
    g = sample_graph("v2", with_doc_b=False)
    g.nodes["infra/政务云平台"].update(labels=("Infrastructure", "System"), kind="System")
    compute_measures(g)
    store.write_graph(g)
    held = store_snapshot(store)
    assert held["nodes"]["infra/政务云平台"]["labels"] == ["Infrastructure", "System"]
    # doc-b's relationship to it survived the relabelling
    assert ("doc-b/task/1", "INVOLVES", "infra/政务云平台") in held["relationships"]
    assert store.read("MATCH (n:Platform) RETURN count(n) AS c").rows == [{"c": 0}]


def test_infrastructure_has_its_kind_label(store: GraphStore) -> None:
    store.write_graph(sample_graph("v1"))
    rows = store.read("MATCH (n:DataCenter) RETURN n.name AS name").rows
    assert rows == [{"name": "测试数据中心"}]
    assert s.INFRASTRUCTURE in store_snapshot(store)["nodes"]["infra/政务云平台"]["labels"]


def test_roles_taken_from_the_row_above_are_marked(store: GraphStore) -> None:
    store.write_graph(build_graph([read_text(MERGED_TABLE)]))
    rows = store.read("MATCH (a:Agency)-[r {inherited: true}]->(t:Task) "
                      "RETURN t.number AS task, a.name AS agency ORDER BY agency").rows
    assert rows == [{"task": 2, "agency": "省公安厅"}, {"task": 2, "agency": "省数据管理局"}]
