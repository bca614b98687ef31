"""What the explorer page reads: search, capped neighbourhoods, the source text, and the
page's own files and the API docs served from installed packages (nothing from a CDN).

The browser itself is driven in tests/integration/test_explorer_browser.py.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.explorer import PAGE_DIR, explorer_style
from core.config import Settings
from core.grass import parse_grass
from core.resources import read_text
from graph.stores.base import GraphStore
from loaders import read_document

pytestmark = pytest.mark.falkordb

DOC = read_document()
DOC_ID = DOC.document.id
NDRC = "agency/省发改委"
TASK_11 = f"{DOC_ID}/task/11"
TASK_11_CLAUSE = "（省经济信息中心、泉州市政府、安溪县政府、省电子信息集团、各电信运营商负责）"
NDRC_TASKS = [1, 2, 4, 6, 7, 8, 12, 13, 19, 20, 36, 40, 44, 49]


def hood(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/neighbourhood", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def tasks_of(body: dict[str, Any]) -> list[int]:
    return sorted(n["number"] for n in body["nodes"] if n["label"] == "Task")


# --- search --------------------------------------------------------------------------------


class TestSearch:
    def test_an_alias_finds_the_agency_first(self, api_client: TestClient) -> None:
        hits = api_client.get("/search", params={"q": "发改委"}).json()["data"]
        assert hits[0]["id"] == NDRC and hits[0]["label"] == "Agency"
        assert hits[0]["detail"] == "福建省发展和改革委员会" and hits[0]["tasks"] == len(NDRC_TASKS)

    def test_infrastructure_and_tasks(self, api_client: TestClient) -> None:
        hits = api_client.get("/search", params={"q": "政务云平台", "limit": 50}).json()["data"]
        assert hits[0] == {"id": "infra/政务云平台", "label": "Infrastructure", "name": "政务云平台",
                           "qualified_name": None, "detail": "Platform", "number": None, "tasks": 1}
        labels = [h["label"] for h in hits]
        assert "Task" in labels and labels.index("Task") > labels.index("Infrastructure")
        assert TASK_11 in {h["id"] for h in hits if h["label"] == "Task"}  # its text says 升级现有政务云平台

    def test_limit_and_nothing_found(self, api_client: TestClient) -> None:
        assert len(api_client.get("/search", params={"q": "平台", "limit": 3}).json()["data"]) == 3
        assert api_client.get("/search", params={"q": "无此内容zzz"}).json() == {"data": [], "count": 0}

    @pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "  "}, {"q": "a\x00b"}, {"q": "云", "limit": 0}])
    def test_bad_input(self, api_client: TestClient, params: dict[str, Any]) -> None:
        response = api_client.get("/search", params=params)
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


# --- neighbourhood -------------------------------------------------------------------------


class TestNeighbourhood:
    def test_an_agency_with_its_tasks_and_partners(self, api_client: TestClient,
                                                   bundled_graph: nx.MultiDiGraph) -> None:
        body = hood(api_client, id=NDRC)
        assert body["center"]["name"] == "省发改委" and body["center"]["label"] == "Agency"
        assert tasks_of(body) == NDRC_TASKS
        own = [link for link in body["links"] if link["source"] == NDRC]
        assert sorted(link["type"] for link in own) == ["LEADS"] * len(NDRC_TASKS)
        # Every agency and infrastructure on those tasks, as the graph has them.
        tasks = {f"{DOC_ID}/task/{n}" for n in NDRC_TASKS}
        expected = {NDRC, *tasks}
        for task in tasks:
            expected |= set(bundled_graph.predecessors(task)) - {DOC_ID}
            expected |= set(bundled_graph.successors(task))
            expected -= {n for n in expected if n.startswith(f"{DOC_ID}/section/")}
        assert {n["id"] for n in body["nodes"]} == expected
        assert body["shown"] == body["total"] == len(expected) and body["truncated"] is False
        assert body["tasks_shown"] == body["tasks_total"] == len(NDRC_TASKS)

    def test_a_task_with_its_agencies_and_infrastructure(self, api_client: TestClient) -> None:
        body = hood(api_client, id=TASK_11)
        assert body["center"]["label"] == "Task" and body["center"]["number"] == 11
        roles = [link for link in body["links"] if link["type"] != "INVOLVES"]
        assert {link["source"].split("/", 1)[1] for link in roles} == {
            "省经济信息中心", "泉州市政府", "安溪县政府", "省电子信息集团", "各电信运营商"}
        assert {(link["type"], link["verb"], link["occurrences"]) for link in roles} == {("LEADS", "负责", 2)}
        involves = [link for link in body["links"] if link["type"] == "INVOLVES"]
        assert {link["target"] for link in involves} >= {"infra/政务云平台"}
        assert {link["action"] for link in involves if link["target"] == "infra/政务云平台"} == {"升级"}
        assert all(link["source"] == TASK_11 for link in involves)

    def test_the_node_limit_cuts_whole_tasks(self, api_client: TestClient) -> None:
        whole = hood(api_client, id=NDRC)
        cut = hood(api_client, id=NDRC, limit=20)
        assert cut["shown"] == len(cut["nodes"]) <= 20 and cut["truncated"] is True
        assert cut["total"] == whole["total"] and cut["tasks_total"] == len(NDRC_TASKS)
        shown = {n["id"] for n in cut["nodes"]}
        # Tasks come in order and each with all of its neighbours.
        assert tasks_of(cut) == NDRC_TASKS[: cut["tasks_shown"]]
        for link in whole["links"]:
            task = link["target"] if link["type"] != "INVOLVES" else link["source"]
            if task in shown:
                assert link["source"] in shown and link["target"] in shown
        assert all(link["source"] in shown and link["target"] in shown for link in cut["links"])

    def test_filters(self, api_client: TestClient) -> None:
        responsible = hood(api_client, id="agency/各有关部门", relation="RESPONSIBLE_FOR")
        assert {link["type"] for link in responsible["links"]} <= {"RESPONSIBLE_FOR", "INVOLVES"}
        assert responsible["tasks_total"] > 0
        assert hood(api_client, id=NDRC, year=2015)["tasks_total"] == len(NDRC_TASKS)
        assert hood(api_client, id=NDRC, document=DOC_ID)["tasks_total"] == len(NDRC_TASKS)
        other_year = hood(api_client, id=NDRC, year=2016)
        assert other_year["tasks_total"] == 0 and [n["id"] for n in other_year["nodes"]] == [NDRC]
        assert other_year["total"] == other_year["shown"] == 1
        assert hood(api_client, id=NDRC, relation="COOPERATES_ON")["tasks_total"] == 0

    def test_a_document_holds_its_tasks(self, api_client: TestClient) -> None:
        body = hood(api_client, id=DOC_ID)
        assert body["center"]["label"] == "Document"
        assert body["tasks_total"] == len(DOC.tasks) == len(tasks_of(body))
        assert sum(link["type"] == "HAS_TASK" for link in body["links"]) == len(DOC.tasks)
        assert body["total"] == body["shown"]

    def test_unknown_and_bad(self, api_client: TestClient) -> None:
        response = api_client.get("/neighbourhood", params={"id": "agency/无此单位"})
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
        for params in ({}, {"id": NDRC, "limit": 0}, {"id": NDRC, "relation": "LEADS_X"},
                       {"id": NDRC, "limit": 100_000}):
            assert api_client.get("/neighbourhood", params=params).status_code == 422

    def test_the_size_query_filters_as_the_rows_query(self) -> None:
        """`total` is counted with the same filter as the rows it is reported beside."""
        from queries.catalog import get_query

        rows = get_query("neighbourhood").text
        size = get_query("api_neighbourhood_size").text
        block = size[: size.index("OPTIONAL MATCH (t)-[r]-(n)")]
        assert rows.startswith(block) and "WITH t ORDER BY" in rows[len(block):].splitlines()[0]


class TestStartAndSelectors:
    def test_start_at_the_busiest_agency(self, api_client: TestClient) -> None:
        first = api_client.get("/agencies", params={"limit": 1}).json()["data"][0]
        assert api_client.get("/explorer/start").json() == {"id": first["id"]}

    def test_start_on_an_empty_store(self, falkordb_store: GraphStore, api_settings: Settings) -> None:
        assert TestClient(create_app(api_settings, falkordb_store)).get("/explorer/start").json() == {"id": None}

    def test_documents_briefly(self, api_client: TestClient) -> None:
        body = api_client.get("/explorer/documents").json()
        assert body == {"count": 1, "data": [{
            "id": DOC_ID, "year": 2015, "place": DOC.document.place, "title": DOC.document.title,
            "plan_title": DOC.document.plan_title, "source": DOC.document.source,
            "task_count": len(DOC.tasks)}]}


# --- source text ---------------------------------------------------------------------------


class TestDocumentText:
    def test_the_clause_of_task_11_in_context(self, api_client: TestClient) -> None:
        task = api_client.get(f"/tasks/{TASK_11}").json()
        span = task["agencies"][0]["evidence"][0]
        start, end = map(int, span.split("-"))
        body = api_client.get(f"/documents/{DOC_ID}/text",
                              params={"start": start, "end": end, "context": 30}).json()
        assert body["text"] == TASK_11_CLAUSE
        assert body["before"] == DOC.source_text[start - 30:start]
        assert body["after"] == DOC.source_text[end:end + 30]
        assert body["length"] == len(DOC.source_text) and (body["start"], body["end"]) == (start, end)

    def test_whole_text_and_clamping(self, api_client: TestClient) -> None:
        whole = api_client.get(f"/documents/{DOC_ID}/text").json()
        assert whole["text"] == DOC.source_text and whole["before"] == whole["after"] == ""
        n = len(DOC.source_text)
        tail = api_client.get(f"/documents/{DOC_ID}/text", params={"start": n - 5, "end": n + 50}).json()
        assert tail["text"] == DOC.source_text[-5:] and tail["end"] == n and tail["after"] == ""

    def test_errors(self, api_client: TestClient) -> None:
        assert api_client.get("/documents/doc-1999-00000000/text").status_code == 404
        empty = api_client.get(f"/documents/{DOC_ID}/text", params={"start": 10, "end": 5}).json()
        assert (empty["start"], empty["end"], empty["text"]) == (10, 10, "")
        assert api_client.get(f"/documents/{DOC_ID}/text", params={"start": -1}).status_code == 422

    @pytest.mark.parametrize("query", ["search", "neighbourhood"])
    def test_a_negative_limit_is_refused_by_name(self, api_client: TestClient, query: str) -> None:
        from queries.catalog import ParameterError, bind_params, get_query

        params = {"search": {"text": "云"}, "neighbourhood": {"id": NDRC}}[query]
        with pytest.raises(ParameterError, match="must not be negative"):
            bind_params(get_query(query), {**params, "limit": -1})
        response = api_client.get(f"/queries/{query}", params={**params, "limit": -1})
        assert response.status_code == 422
        assert api_client.get(f"/queries/{query}", params={**params, "limit": 0}).json()["rows"] == []

    def test_a_store_loaded_without_the_text(self, falkordb_store: GraphStore, api_settings: Settings,
                                             bundled_graph: nx.MultiDiGraph) -> None:
        # Loaded by an earlier version: the bundled file is re-read (its hash must match).
        g = bundled_graph.copy()
        del g.nodes[DOC_ID]["text"]
        falkordb_store.write_graph(g)
        client = TestClient(create_app(api_settings, falkordb_store))
        assert client.get(f"/documents/{DOC_ID}/text").json()["text"] == DOC.source_text
        g.nodes[DOC_ID]["sha256"] = "0" * 64  # another copy of the file: no text lent
        falkordb_store.write_graph(g)
        response = client.get(f"/documents/{DOC_ID}/text")
        assert response.status_code == 404 and "load it again" in response.json()["error"]["message"]

    def test_the_document_node_keeps_the_text(self, bundled_graph: nx.MultiDiGraph,
                                              api_client: TestClient) -> None:
        assert bundled_graph.nodes[DOC_ID]["text"] == DOC.source_text
        listed = api_client.get("/documents").json()["data"][0]
        assert "text" not in listed and listed["place"] == DOC.document.place  # for the selector


# --- the page, its assets and the docs: all local --------------------------------------------

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


class TestOffline:
    def test_the_page_is_at_the_root(self, api_client: TestClient) -> None:
        response = api_client.get("/", follow_redirects=False)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        assert 'charset="utf-8"' in response.text and 'lang="zh-CN"' in response.text
        for asset in re.findall(r'(?:src|href)="(/[^"]+)"', response.text):
            assert api_client.get(asset).status_code == 200, asset

    @pytest.mark.parametrize("path", ["/", "/docs", "/redoc"])
    def test_nothing_is_loaded_from_elsewhere(self, api_client: TestClient, path: str) -> None:
        html = api_client.get(path).text
        assert not EXTERNAL.search(html), EXTERNAL.search(html)
        for asset in re.findall(r'(?:src|href)="(/[^"]+)"', html):
            assert api_client.get(asset).status_code == 200, asset

    def test_the_page_files_name_no_remote_address(self) -> None:
        for path in PAGE_DIR.iterdir():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), path.name

    @pytest.mark.parametrize("path", ["/docs", "/redoc"])
    def test_docs_carry_the_title_and_version(self, api_client: TestClient, api_app: Any, path: str) -> None:
        html = api_client.get(path).text
        assert f"<title>{api_app.title} {api_app.version}" in html

    def test_vis_network_comes_from_the_installed_package(self, api_client: TestClient) -> None:
        import importlib.util

        js = api_client.get("/static/vis-network/vis-network.min.js")
        assert js.status_code == 200 and "vis-network" in js.text[:400]
        spec = importlib.util.find_spec("pyvis")
        assert spec is not None and spec.submodule_search_locations
        assert not (PAGE_DIR / "vis-network.min.js").exists()  # no copy in the repository

    def test_the_style_is_graphstyle_grass(self, api_client: TestClient) -> None:
        style = api_client.get("/explorer/style.json").json()
        rules = parse_grass(read_text("graphstyle.grass"))
        assert style == explorer_style()
        assert style["relationships"]["LEADS"] == {"color": rules["relationship.LEADS"]["color"], "width": 3}
        assert style["relationships"]["RESPONSIBLE_FOR"]["width"] == 2
        assert style["relationships"]["COOPERATES_ON"]["width"] == 1
        kinds = {k: style["nodes"][k]["color"] for k in ("Platform", "DataCenter", "Network", "Park",
                                                           "System", "Database")}
        assert len(set(kinds.values())) == len(kinds)  # one colour per infrastructure kind
        assert kinds["Platform"] == rules["node.Platform"]["color"]
