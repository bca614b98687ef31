"""graph.writes: the statements and rows of a load. Loads on every store:
tests/integration/test_writes_stores.py."""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph import writes
from tests.helpers.graph_samples import (
    DOC_A,
    DOC_B,
    TRICKY,
    sample_graph,
    tricky_graph,
)

# --- statements ----------------------------------------------------------------------------


class TestStatements:
    def test_merge_nodes_single_label(self) -> None:
        assert writes.merge_nodes_statement(("Agency",)) == (
            "UNWIND $rows AS row\n"
            "MERGE (n:Agency {id: row.id})\n"
            "SET n = row.props"
        )

    def test_merge_nodes_infrastructure_carries_both_labels(self) -> None:
        assert writes.merge_nodes_statement(("Infrastructure", "DataCenter")) == (
            "UNWIND $rows AS row\n"
            "MERGE (n:Infrastructure:DataCenter {id: row.id})\n"
            "SET n = row.props"
        )

    def test_merge_relationships(self) -> None:
        assert writes.merge_relationships_statement("INVOLVES", "Task", "Infrastructure") == (
            "UNWIND $rows AS row\n"
            "MATCH (a:Task {id: row.start})\n"
            "MATCH (b:Infrastructure {id: row.end})\n"
            "MERGE (a)-[r:INVOLVES]->(b)\n"
            "SET r = row.props"
        )

    def test_remove_stale_nodes(self) -> None:
        assert writes.remove_stale_nodes_statement("Task") == (
            "UNWIND $rows AS row\n"
            "MATCH (n:Task)\n"
            "WHERE n.document_id = row.document_id AND NOT n.id IN row.keep\n"
            "DETACH DELETE n"
        )

    @pytest.mark.parametrize(("direction", "pattern", "key"), [
        ("in", "(o)-[r]->(n:Task {id: row.id})", "o.id + '|' + type(r)"),
        ("out", "(n:Task {id: row.id})-[r]->(o)", "type(r) + '|' + o.id"),
    ])
    def test_remove_stale_relationships(self, direction: Any, pattern: str, key: str) -> None:
        assert writes.remove_stale_relationships_statement("Task", direction) == (
            f"UNWIND $rows AS row\nMATCH {pattern}\nWHERE NOT ({key}) IN row.keep\nDELETE r"
        )

    def test_remove_isolated(self) -> None:
        text = writes.remove_isolated_statement("Agency")
        assert text.startswith("UNWIND $rows AS row\nMATCH (n:Agency)\nWHERE NOT n.id IN row.keep")
        assert "WHERE degree = 0\nDELETE n" in text

    @pytest.mark.parametrize("bad", ["Agency) DETACH DELETE (x", "Person", "agency", ""])
    def test_unknown_label_is_refused(self, bad: str) -> None:
        with pytest.raises(ValueError, match="unknown node label"):
            writes.merge_nodes_statement((bad,))

    @pytest.mark.parametrize("bad", ["KNOWS", "LEADS]->(x) DELETE x //"])
    def test_unknown_relationship_type_is_refused(self, bad: str) -> None:
        with pytest.raises(ValueError, match="unknown relationship type"):
            writes.merge_relationships_statement(bad, "Agency", "Task")


# --- rows ----------------------------------------------------------------------------------


class TestRows:
    def test_none_is_not_written_and_labels_are_not_a_property(self) -> None:
        assert writes.node_props({"labels": ("Section",), "id": "x", "title": None,
                                  "number": 0}) == {"id": "x", "number": 0}
        assert writes.relationship_props({"type": "INVOLVES", "action": None,
                                          "evidence": []}) == {"evidence": []}

    def test_node_groups_per_label_set_in_schema_order(self) -> None:
        groups = writes.node_groups(sample_graph("v1"))
        assert list(groups) == [
            ("Document",), ("Section",), ("Task",), ("Agency",),
            ("Infrastructure", "DataCenter"), ("Infrastructure", "Platform"),
        ]
        assert [r["id"] for r in groups[("Document",)]] == [DOC_A, DOC_B]
        section2 = next(r for r in groups[("Section",)] if r["id"] == "doc-a/section/2")
        assert section2 == {"id": "doc-a/section/2", "props": {
            "id": "doc-a/section/2", "document_id": DOC_A, "number": 2, "title": "提升基础设施"}}

    def test_v2_section_without_title_has_no_title_property(self) -> None:
        groups = writes.node_groups(sample_graph("v2"))
        section2 = next(r for r in groups[("Section",)] if r["id"] == "doc-a/section/2")
        assert "title" not in section2["props"]

    def test_relationship_groups_per_type_and_end_labels(self) -> None:
        groups = writes.relationship_groups(sample_graph("v1"))
        assert list(groups)[:3] == [
            ("HAS_SECTION", "Document", "Section"),
            ("HAS_TASK", "Document", "Task"),
            ("HAS_TASK", "Section", "Task"),
        ]
        leads = groups[("LEADS", "Agency", "Task")]
        assert leads[0] == {
            "start": "agency/省发改委", "end": "doc-a/task/1",
            "props": {"verb": "负责", "occurrences": 1, "evidence": ["100-108"],
                      "quotes": ["（负责）"]},
        }

    def test_stale_node_rows_keep_the_graph_s_nodes_per_document(self) -> None:
        rows = writes.stale_node_rows(sample_graph("v2"), "Task")
        assert rows == [
            {"document_id": DOC_A, "keep": ["doc-a/task/1", "doc-a/task/2"]},
            {"document_id": DOC_B, "keep": ["doc-b/task/1"]},
        ]

    def test_stale_relationship_rows_name_every_relationship_to_keep(self) -> None:
        g = sample_graph("v2")
        incoming = {r["id"]: r["keep"] for r in writes.stale_relationship_rows(g, "Task", "in")}
        assert incoming["doc-a/task/1"] == [
            "agency/省发改委|LEADS", "agency/省数字办|COOPERATES_ON",
            "doc-a/section/1|HAS_TASK", "doc-a|HAS_TASK",
        ]
        outgoing = {r["id"]: r["keep"] for r in writes.stale_relationship_rows(g, "Task", "out")}
        assert outgoing["doc-a/task/1"] == ["INVOLVES|infra/政务云平台"]
        assert outgoing["doc-a/task/2"] == []

    def test_isolated_nodes_of_the_graph_are_kept(self) -> None:
        g = sample_graph("v1")
        g.add_node("agency/孤立", labels=("Agency",), id="agency/孤立", name="孤立")
        assert writes.isolated_keep_rows(g, "Agency") == [{"keep": ["agency/孤立"]}]


# --- the plan ------------------------------------------------------------------------------


class TestPlan:
    def test_order_remove_relabel_nodes_relationships_cleanup(self) -> None:
        order = ["remove", "relabel", "nodes", "relationships", "cleanup"]
        kinds = [step.kind for step in writes.write_plan(sample_graph("v1"))]
        assert kinds == sorted(kinds, key=order.index)
        assert set(kinds) == set(order)

    def test_relabel_rows_per_kind(self) -> None:
        plan = writes.write_plan(sample_graph("v1"))
        relabel = {st_.target: st_.rows for st_ in plan if st_.kind == "relabel"}
        assert relabel == {"Infrastructure:DataCenter": [{"id": "infra/测试数据中心"}],
                           "Infrastructure:Platform": [{"id": "infra/政务云平台"}]}

    def test_every_statement_takes_rows_and_no_values(self) -> None:
        g = tricky_graph()
        for step in writes.write_plan(g, batch_size=3):
            assert step.statement.startswith("UNWIND $rows AS row\n")
            assert set(re.findall(r"\$(\w+)", step.statement)) == {"rows"}
            for value in TRICKY:
                if len(value) > 2:
                    assert value not in step.statement

    def test_batches_cover_all_rows_in_order(self) -> None:
        g = sample_graph("v1")
        plan = writes.write_plan(g, batch_size=2)
        tasks = [row for st_ in plan if st_.kind == "nodes" and st_.target == "Task"
                 for row in st_.rows]
        assert [r["id"] for r in tasks] == ["doc-a/task/1", "doc-a/task/2", "doc-a/task/3",
                                           "doc-b/task/1"]
        assert all(len(st_.rows) <= 2 for st_ in plan if st_.kind != "cleanup")
        written = sum(len(st_.rows) for st_ in plan if st_.kind == "relationships")
        assert written == g.number_of_edges()

    def test_step_unpacks_as_statement_and_rows(self) -> None:
        statement, rows, *_ = writes.write_plan(sample_graph("v1"))[0]
        assert statement.startswith("UNWIND $rows") and isinstance(rows, list)

    def test_empty_graph_only_cleans_up(self) -> None:  # (nothing to replace either)
        plan = writes.write_plan(nx.MultiDiGraph())
        assert [st_.kind for st_ in plan] == ["cleanup", "cleanup"]

    def test_batch_size_must_be_positive(self) -> None:
        with pytest.raises(ValueError):
            list(writes.batches([{}], 0))

    @given(n=st.integers(0, 60), size=st.integers(1, 25))
    def test_batches_partition(self, n: int, size: int) -> None:
        rows = [{"i": i} for i in range(n)]
        chunks = list(writes.batches(rows, size))
        assert [r for c in chunks for r in c] == rows
        assert all(1 <= len(c) <= size for c in chunks)


@pytest.mark.parametrize("name", [None, "three_level_2024.txt", "lead_unit_xiamen_2025.txt",
                                  "table_2019.html"])
def test_a_readers_rows_are_the_rows_of_the_documents_graph(name: str | None) -> None:
    """Readers build rows from a document's nodes and relationships without networkx; the
    networkx graph of the same document gives the same rows (the store and the exports
    agree)."""
    from graph.build import add_extraction
    from graph.elements import document_elements
    from loaders import read_document
    from tests.helpers.paths import DATA

    ex = read_document(None if name is None else DATA / name)
    g = nx.MultiDiGraph()
    add_extraction(g, ex)
    rows = writes.document_rows(document_elements(ex))
    assert rows.nodes == writes.node_groups(g)
    assert rows.relationships == writes.relationship_groups(g)
    assert rows.node_count == g.number_of_nodes() and rows.relationship_count == g.number_of_edges()
    assert rows.isolated == [(a["labels"][0], n) for n, a in g.nodes(data=True)
                             if a["labels"][0] in writes.SHARED_LABELS and g.degree(n) == 0]
