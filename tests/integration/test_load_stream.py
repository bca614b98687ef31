"""Streaming loads (`kg load`): documents through reader processes into every store.

The streamed store must hold exactly what loading the whole graph at once holds (same nodes,
properties, measures and relationships), stay unchanged when a document fails midway, and
change nothing when loaded twice."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from bench import synthetic
from graph import writes
from graph.build import build_graph
from graph.load import Readers, load_files, read_all, read_rows, successions
from graph.stores.base import GraphStore
from loaders import BUNDLED_DOCUMENT, read_document
from tests.helpers.graph_samples import snapshot, store_snapshot
from tests.helpers.paths import DATA

FILES = [BUNDLED_DOCUMENT, DATA / "verb_clause_2014.txt", DATA / "lead_unit_fuzhou_2025.txt",
         DATA / "lead_unit_xiamen_2025.txt", DATA / "three_level_2024.txt"]


@pytest.fixture(scope="module")
def whole() -> nx.MultiDiGraph:
    return build_graph([read_document(p) for p in FILES])


def _rounded(snap: dict) -> dict:
    """Doubles come back from FalkorDB with 15 significant digits."""
    for node in snap["nodes"].values():
        props = node["props"]
        if isinstance(props.get("betweenness"), float):
            props["betweenness"] = round(props["betweenness"], 6)
    return snap


def test_a_streamed_load_holds_what_the_whole_graph_holds(
    store: GraphStore, whole: nx.MultiDiGraph
) -> None:
    summary = store.write_documents((read_rows(p) for p in FILES), successions=successions())
    assert summary.details["documents"] == len(FILES)
    assert (summary.nodes, summary.relationships) == (whole.number_of_nodes(), whole.number_of_edges())
    assert _rounded(store_snapshot(store)) == _rounded(snapshot(whole))


def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    store.write_documents(read_rows(p) for p in FILES[:3])
    before = store_snapshot(store)
    again = store.write_documents(read_rows(p) for p in FILES[:3])
    assert again.details["nodes_created"] == again.details["relationships_created"] == 0
    assert again.removed_relationships == 0
    assert store_snapshot(store) == before


def test_a_failing_document_leaves_the_store_unchanged(store: GraphStore) -> None:
    store.write_documents(read_rows(p) for p in FILES[:1])
    before = store_snapshot(store)

    def documents() -> Iterator[writes.DocumentRows]:
        yield read_rows(FILES[1])
        yield read_rows(FILES[2])
        raise ValueError("the third document could not be read")

    with pytest.raises(ValueError):
        store.write_documents(documents())
    assert store_snapshot(store) == before


def test_a_document_given_twice_is_written_once(store: GraphStore, whole: nx.MultiDiGraph) -> None:
    rows = [read_rows(p) for p in FILES[:2]]
    store.write_documents([rows[0], rows[1], read_rows(FILES[0])])
    held = store_snapshot(store)
    one = build_graph([read_document(p) for p in FILES[:2]])
    assert set(held["nodes"]) == set(one.nodes)
    assert len(held["relationships"]) == one.number_of_edges()


def test_a_later_load_updates_the_shared_measures(falkordb_store: GraphStore) -> None:
    falkordb_store.write_documents(read_rows(p) for p in FILES[:1])
    falkordb_store.write_documents(read_rows(p) for p in FILES[1:2])
    both = build_graph([read_document(p) for p in FILES[:2]])
    held = store_snapshot(falkordb_store)["nodes"]
    for node_id in ("agency/省发改委", "agency/省数字办"):
        want = both.nodes[node_id]
        got = held[node_id]["props"]
        assert (got["degree"], got["tasks_led"], got["tasks_total"]) == (
            want["degree"], want["tasks_led"], want["tasks_total"])
        assert math.isclose(got["betweenness"], want["betweenness"], abs_tol=1e-6)


def test_load_files_reads_in_processes(falkordb_store: GraphStore, tmp_path: Path) -> None:
    paths = synthetic.write_corpus(6, tmp_path, seed=3)
    stages: set[str] = set()
    summary = load_files(falkordb_store, paths, jobs=2,
                         progress=lambda stage, done, total: stages.add(stage.split(":")[0]))
    assert summary.details["documents"] == 6
    assert stages == {"reading", "building", "writing"}
    rows = falkordb_store.read("MATCH (d:Document) RETURN count(d) AS n").rows
    assert rows == [{"n": 6}]


def test_readers_keep_the_order_of_the_files(tmp_path: Path) -> None:
    paths = synthetic.write_corpus(5, tmp_path, seed=4)
    one = [r.document_id for r in read_all(paths, jobs=1)]
    two = [r.document_id for r in read_all(paths, jobs=2)]
    assert one == two and len(set(one)) == 5


def test_readers_read_before_they_are_asked(tmp_path: Path) -> None:
    """`kg load` makes its readers before it opens the store: they read meanwhile."""
    paths = synthetic.write_corpus(3, tmp_path, seed=6)
    with Readers(paths, jobs=2) as readers:
        first = readers._pending[0]
        deadline = time.monotonic() + 30
        while not first.done() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert first.done()  # nothing has asked for a document yet
        assert [r.document_id for r in readers] == [r.document_id for r in read_all(paths, 1)]


def test_a_bad_file_fails_the_load_with_one_line(falkordb_store: GraphStore, tmp_path: Path) -> None:
    from core.errors import InputError

    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    paths = [*synthetic.write_corpus(2, tmp_path / "ok", seed=5), bad]
    with pytest.raises(InputError):
        load_files(falkordb_store, paths, jobs=2)
    assert falkordb_store.read("MATCH (n) RETURN count(n) AS n").rows == [{"n": 0}]


def test_two_texts_of_one_plan_are_two_documents(store: GraphStore, tmp_path: Path) -> None:
    """Same issuer, title and year, different text (a corrected copy): never merged, and said."""
    text = BUNDLED_DOCUMENT.read_text(encoding="utf-8")
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(text.replace("省发改委", "省发展改革委", 1), encoding="utf-8")
    first = store.write_documents([read_rows(BUNDLED_DOCUMENT)])
    assert first.namesakes == [] and first.details["replaced_documents"] == 0
    second = store.write_documents([read_rows(corrected)])
    ids = [r["id"] for r in store.read("MATCH (d:Document) RETURN d.id AS id ORDER BY id").rows]
    assert len(ids) == 2 and second.namesakes == [read_rows(corrected).document_id]
    tasks = store.read("MATCH (t:Task) RETURN t.document_id AS d, count(t) AS n ORDER BY d").rows
    assert [r["n"] for r in tasks] == [r["n"] for r in tasks[:1]] * 2  # each keeps its own tasks
    again = store.write_documents([read_rows(BUNDLED_DOCUMENT)])
    assert again.details["replaced_documents"] == 1
