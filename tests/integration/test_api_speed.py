"""What keeps the API fast: task filters start from the agency, dependencies do not hop."""

from __future__ import annotations

import inspect
from typing import Any

import networkx as nx
import pytest

from queries.catalog import bind_params, get_query


def test_the_agency_page_and_count_share_their_filter() -> None:
    """The page and count queries of /tasks?agency= must filter alike, or `count` would lie."""
    page, count = get_query("api_tasks_agency").text, get_query("api_tasks_agency_count").text
    block = count[: count.index("RETURN count(t)")]
    assert page.startswith(block)


@pytest.mark.falkordb
@pytest.mark.parametrize("name", ["api_tasks_agency", "api_tasks_agency_count"])
def test_agency_filters_start_from_the_agency(
    falkordb_store: Any, bundled_graph: nx.MultiDiGraph, name: str
) -> None:
    """FalkorDB's plan scans agencies and traverses to their tasks; it never scans every Task."""
    falkordb_store.write_graph(bundled_graph)
    query = get_query(name)
    given = {"agency": "省发改委", "offset": 0, "limit": 50}
    params = bind_params(query, {k: v for k, v in given.items() if query.param(k)})
    plan = str(falkordb_store._graph().explain(query.text, params))
    assert "Node By Label Scan | (fa:Agency)" in plan
    assert "(t:Task)" in plan and "Label Scan | (t:Task)" not in plan


@pytest.mark.falkordb
def test_agency_page_carries_the_total(falkordb_store: Any, bundled_graph: nx.MultiDiGraph) -> None:
    from api import reads

    falkordb_store.write_graph(bundled_graph)
    tasks, total = reads.list_tasks(falkordb_store, offset=0, limit=5, agency="省发改委")
    assert len(tasks) == 5 and total == 14
    tasks, total = reads.list_tasks(falkordb_store, offset=100, limit=5, agency="省发改委")
    assert tasks == [] and total == 14


def test_dependencies_run_on_the_event_loop() -> None:
    """Sync dependencies each cost a threadpool hop per request."""
    from api import deps

    for fn in (deps.app_settings, deps.get_store, deps.pagination):
        assert inspect.iscoroutinefunction(fn), fn.__name__
