"""The HTTP API's resources, checked against the bundled 2015 document.

A real embedded FalkorDB holds the document (tests/fixtures/api.py); FastAPI's TestClient
calls the app in process.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.config import Settings
from graph.stores.base import GraphStore
from loaders import read_document
from loaders.records import to_json
from tests.helpers.api import small_limits_client
from tests.helpers.graph_samples import one_agency
from tests.helpers.paths import DATA
from tests.helpers.stores import graph_reads

pytestmark = pytest.mark.falkordb

DOC = read_document()
TASK_11 = f"{DOC.document.id}/task/11"
NDRC_TASKS = [1, 2, 4, 6, 7, 8, 12, 13, 19, 20, 36, 40, 44, 49]
TASK_11_AGENCIES = ["省经济信息中心", "泉州市政府", "安溪县政府", "省电子信息集团", "各电信运营商"]


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return dict(body["error"])


def numbers(page: dict[str, Any]) -> list[int]:
    return [t["number"] for t in page["data"]]


# --- health and documents ------------------------------------------------------------------


class TestHealth:
    def test_ok(self, api_client: TestClient) -> None:
        body = api_client.get("/health").json()
        assert body["status"] == "ok"
        assert body["store"] == "falkordb" and body["reachable"] is True
        assert body["documents"] == 1
        assert body["version"]

    @pytest.fixture
    def asked(self, monkeypatch: pytest.MonkeyPatch) -> list[int]:
        """One item per time the readiness check asks the store, from a stale start."""
        from api.routes import health

        asked: list[int] = []
        count = health.reads.count_documents
        monkeypatch.setattr(health.reads, "count_documents",
                            lambda store: asked.append(1) or count(store))
        time.sleep(health.FRESH_S + 0.05)  # the check of an earlier test is stale
        return asked

    def test_a_check_answers_for_a_tenth_of_a_second_then_the_store_is_asked_again(
            self, api_client: TestClient, asked: list[int]) -> None:
        from api.routes import health

        api_client.get("/health")
        api_client.get("/health")
        assert len(asked) == 1
        time.sleep(health.FRESH_S + 0.05)
        assert api_client.get("/health").json()["documents"] == 1
        assert len(asked) == 2

    def test_a_caller_late_in_the_tenth_starts_the_next_check_and_is_answered_at_once(
            self, api_client: TestClient, asked: list[int]) -> None:
        from api.routes import health

        api_client.get("/health")
        assert len(asked) == 1
        time.sleep(health.RENEW_S + 0.01)  # still fresh, past the renewal age
        assert api_client.get("/health").json()["documents"] == 1
        deadline = time.monotonic() + 10  # the renewal runs on its own thread
        while len(asked) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(asked) == 2

    def test_empty_store_is_degraded(self, falkordb_store: GraphStore, api_settings: Settings) -> None:
        response = TestClient(create_app(api_settings, falkordb_store)).get("/health")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "degraded" and body["documents"] == 0 and body["reachable"]


class TestDocuments:
    def test_list(self, api_client: TestClient) -> None:
        page = api_client.get("/documents").json()
        assert page["count"] == 1
        (doc,) = page["data"]
        assert doc["id"] == DOC.document.id
        assert doc["title"] == DOC.document.title
        assert doc["published"] == "2015-02-28" and doc["signed"] == "2015-02-17"
        assert doc["task_count"] == len(DOC.tasks)

    def test_quality_report(self, api_client: TestClient) -> None:
        quality = api_client.get(f"/documents/{DOC.document.id}").json()["quality"]
        assert quality == to_json(DOC.quality)
        assert quality["missing_sections"] == [4]
        assert 24 in quality["missing_tasks"]
        assert any(o["after_task"] == 18 for o in quality["orphan_clauses"])

    def test_unknown(self, api_client: TestClient) -> None:
        assert_error(api_client.get("/documents/doc-1999-00000000"), 404, "not_found")

    def test_quality_without_the_property(self, falkordb_store: GraphStore, api_settings: Settings,
                                          bundled_graph: nx.MultiDiGraph) -> None:
        # A store loaded before reports were kept on the node: the bundled file is re-read.
        g = bundled_graph.copy()
        del g.nodes[DOC.document.id]["quality"]
        falkordb_store.write_graph(g)
        client = TestClient(create_app(api_settings, falkordb_store))
        quality = client.get(f"/documents/{DOC.document.id}").json()["quality"]
        assert quality == to_json(DOC.quality)


# --- tasks ---------------------------------------------------------------------------------


class TestTasks:
    def test_task_11(self, api_client: TestClient) -> None:
        task = api_client.get(f"/tasks/{TASK_11}").json()
        assert task["number"] == 11 and task["section"] == 2
        assert [a["name"] for a in task["agencies"]] == TASK_11_AGENCIES  # clause order
        assert {(a["relation"], a["verb"]) for a in task["agencies"]} == {("LEADS", "负责")}
        infra = {x["name"]: x for x in task["infrastructure"]}
        assert infra["政务云平台"]["kind"] == "Platform"
        assert infra["政务云平台"]["action"] == "升级"
        assert infra["数字福建（长乐）云计算中心"]["kind"] == "DataCenter"
        clause = "（省经济信息中心、泉州市政府、安溪县政府、省电子信息集团、各电信运营商负责）"
        assert task["evidence"] == [clause]
        assert all(q == clause for a in task["agencies"] for q in a["quotes"])

    def test_matches_the_document(self, api_client: TestClient) -> None:
        page = api_client.get("/tasks", params={"limit": 100}).json()
        assert page["count"] == len(DOC.tasks)
        by_number = {t["number"]: t for t in page["data"]}
        for record in DOC.tasks:
            task = by_number[record.number]
            assert task["title"] == record.title and task["text"] == record.text
            assert task["conflict"] == record.conflict
            assert task["occurrences"] == record.occurrences
            assert sorted((a["name"], a["relation"]) for a in task["agencies"]) == sorted(
                (a.name, a.relation) for a in record.agencies)
            assert sorted(x["name"] for x in task["infrastructure"]) == sorted(
                x.name for x in record.infrastructure)

    @pytest.mark.parametrize("agency", ["省发改委", "发改委", "省发展改革委"])
    def test_by_agency_and_alias(self, api_client: TestClient, agency: str) -> None:
        page = api_client.get("/tasks", params={"agency": agency}).json()
        assert page["count"] == len(NDRC_TASKS)
        assert numbers(page) == NDRC_TASKS
        for task in page["data"]:
            roles = {a["relation"] for a in task["agencies"] if a["name"] == "省发改委"}
            assert roles == {"LEADS"}

    def test_agency_and_relation(self, api_client: TestClient) -> None:
        leads = api_client.get("/tasks", params={"agency": "省发改委", "relation": "LEADS"}).json()
        assert numbers(leads) == NDRC_TASKS
        none = api_client.get("/tasks", params={"agency": "省发改委",
                                                "relation": "COOPERATES_ON"}).json()
        assert none == {"data": [], "count": 0}

    def test_relation_alone(self, api_client: TestClient) -> None:
        page = api_client.get("/tasks", params={"relation": "RESPONSIBLE_FOR", "limit": 100}).json()
        expected = sorted(t.number for t in DOC.tasks
                          if any(a.relation == "RESPONSIBLE_FOR" for a in t.agencies))
        assert numbers(page) == expected and page["count"] == len(expected)

    def test_unknown_agency_matches_nothing(self, api_client: TestClient) -> None:
        assert api_client.get("/tasks", params={"agency": "无此机构"}).json()["count"] == 0

    def test_number_section_and_text(self, api_client: TestClient) -> None:
        assert numbers(api_client.get("/tasks", params={"number": 11}).json()) == [11]
        section_1 = api_client.get("/tasks", params={"section": 1}).json()
        assert numbers(section_1) == sorted(t.number for t in DOC.tasks if t.section == 1)
        assert 11 in numbers(api_client.get("/tasks", params={"q": "政务云平台"}).json())

    @pytest.mark.parametrize("params", [{"number": "abc"}, {"section": "x"},
                                        {"relation": "OWNS"}, {"limit": 0}, {"offset": -1}])
    def test_bad_parameters(self, api_client: TestClient, params: dict[str, Any]) -> None:
        error = assert_error(api_client.get("/tasks", params=params), 422, "invalid_request")
        assert error["details"][0]["loc"][0] == "query"

    def test_pages(self, api_client: TestClient) -> None:
        everything = numbers(api_client.get("/tasks", params={"limit": 100}).json())
        first = api_client.get("/tasks", params={"limit": 5}).json()
        rest = api_client.get("/tasks", params={"limit": 100, "offset": 5}).json()
        assert first["count"] == rest["count"] == len(everything)
        assert numbers(first) + numbers(rest) == everything
        beyond = api_client.get("/tasks", params={"offset": 1000}).json()
        assert beyond == {"data": [], "count": len(everything)}

    def test_huge_limit_is_bounded(self, api_store: GraphStore, api_settings: Settings) -> None:
        client = small_limits_client(api_store, api_settings, query_row_limit=7)
        page = client.get("/tasks", params={"limit": 10**12}).json()
        assert len(page["data"]) == 7 and page["count"] == len(DOC.tasks)

    def test_unknown(self, api_client: TestClient) -> None:
        assert_error(api_client.get(f"/tasks/{DOC.document.id}/task/999"), 404, "not_found")
        assert_error(api_client.get("/tasks/no-such-task"), 404, "not_found")

    @pytest.mark.parametrize("url", ["/tasks?agency=a%00b", "/tasks?q=%00", "/tasks/a%00b",
                                     "/agencies/agency%2F%00", "/queries/tasks_by_agency?agency=x%00",
                                     "/graph?around=%00"])
    def test_nul_is_refused(self, api_client: TestClient, url: str) -> None:
        # FalkorDB would cut the value at the NUL; the schema says so, the API refuses it.
        assert_error(api_client.get(url), 422, "invalid_request")

    @pytest.mark.parametrize("url", ["/neighbourhood?id=%20", "/neighbourhood?id=+",
                                     "/documents/%20/text", "/graph?around=%20"])
    def test_a_blank_id_names_no_node(self, api_client: TestClient, url: str) -> None:
        # The named queries refuse a blank required value; the API answers as for any
        # unknown id (it was a 500).
        assert_error(api_client.get(url), 404, "not_found")

    def test_a_blank_agency_filters_nothing(self, api_client: TestClient) -> None:
        # As an empty one: every task (it was a 500).
        blank = api_client.get("/tasks?agency=%20&limit=1")
        assert blank.status_code == 200, blank.text
        assert blank.json()["count"] == api_client.get("/tasks?limit=1").json()["count"] == 38

    def test_encoded_slashes(self, api_client: TestClient) -> None:
        encoded = TASK_11.replace("/", "%2F")
        assert api_client.get(f"/tasks/{encoded}").json()["number"] == 11


# --- agencies ------------------------------------------------------------------------------


class TestAgencies:
    def test_list_counts(self, api_client: TestClient, bundled_graph: nx.MultiDiGraph) -> None:
        page = api_client.get("/agencies", params={"limit": 1000}).json()
        assert page["count"] == len(DOC.agencies)
        for agency in page["data"]:
            node = bundled_graph.nodes[agency["id"]]
            assert agency["tasks"] == {
                "LEADS": node["tasks_led"], "RESPONSIBLE_FOR": node["tasks_responsible"],
                "COOPERATES_ON": node["tasks_cooperating"], "total": node["tasks_total"]}
        totals = [a["tasks"]["total"] for a in page["data"]]
        assert totals == sorted(totals, reverse=True)

    def test_kind(self, api_client: TestClient) -> None:
        page = api_client.get("/agencies", params={"kind": "city_government"}).json()
        assert page["count"] == len([a for a in DOC.agencies if a.kind == "city_government"]) > 0
        assert {a["kind"] for a in page["data"]} == {"city_government"}

    @pytest.mark.parametrize("key", ["agency/省发改委", "省发改委", "发改委"])
    def test_detail(self, api_client: TestClient, key: str) -> None:
        agency = api_client.get(f"/agencies/{key}").json()
        assert agency["id"] == "agency/省发改委"
        assert agency["full_name"] == "福建省发展和改革委员会"
        assert [t["number"] for t in agency["by_relation"]["LEADS"]] == NDRC_TASKS
        assert agency["by_relation"]["COOPERATES_ON"] == []
        partners = {p["name"]: p["shared_tasks"] for p in agency["partners"]}
        assert partners["省数字办"] == 14
        assert "省发改委" not in partners

    def test_tasks_carry_their_printed_label(self, falkordb_store: GraphStore,
                                             api_settings: Settings) -> None:
        """In a plan that numbers its items under each heading, a task's label (2.1) is not
        its running number: the explorer's lists show the label, as the graph does."""
        from graph.build import build_graph

        page = DATA / "real" / ("n27-o-heilongjiang-harbin-c2007-civilized-city-standards-page1-"
                                "section-closing-sentence-youqiantou-peihe-he.txt")
        falkordb_store.write_graph(build_graph([read_document(page)]))
        agency = TestClient(create_app(api_settings, falkordb_store)).get(
            "/agencies/市环保局").json()
        led = agency["by_relation"]["LEADS"]
        assert [t["label"] for t in led] == ["2.1", "2.2", "2.3", "2.4"]
        assert [t["number"] for t in led] == [1, 2, 3, 4]

    def test_unknown(self, api_client: TestClient) -> None:
        error = assert_error(api_client.get("/agencies/agency/无此机构"), 404, "not_found")
        assert "无此机构" in error["message"]

    def test_bodies_of_two_cities(self, falkordb_store: GraphStore, api_settings: Settings
                                  ) -> None:
        from graph.build import build_graph

        data = DATA
        falkordb_store.write_graph(build_graph([
            read_document(data / "lead_unit_fuzhou_2025.txt"),
            read_document(data / "lead_unit_xiamen_2025.txt")]))
        client = TestClient(create_app(api_settings, falkordb_store))
        page = client.get("/agencies", params={"limit": 1000}).json()
        same = {a["id"]: a.get("qualified_name") for a in page["data"]
                if a["name"] == "市数据管理局"}
        assert same == {"agency/福州市数据管理局": "福州市数据管理局",
                        "agency/厦门市数据管理局": "厦门市数据管理局"}
        assert all("qualified_name" not in a or a["qualified_name"] != a["name"]
                   for a in page["data"])
        agency = client.get("/agencies/福州市数据管理局").json()
        assert (agency["id"], agency["name"], agency["qualified_name"]) == (
            "agency/福州市数据管理局", "市数据管理局", "福州市数据管理局")
        assert all(p["qualified_name"].startswith("福州市") for p in agency["partners"]
                   if p.get("qualified_name"))
        fz = client.get("/tasks", params={"agency": "福州市数据管理局", "limit": 100}).json()
        both = client.get("/tasks", params={"agency": "市数据管理局", "limit": 100}).json()
        assert 0 < fz["count"] < both["count"]
        named = [a for t in fz["data"] for a in t["agencies"] if a["name"] == "市数据管理局"]
        assert {a["qualified_name"] for a in named} == {"福州市数据管理局"}


# --- infrastructure ------------------------------------------------------------------------


class TestInfrastructure:
    def test_list_kind(self, api_client: TestClient) -> None:
        page = api_client.get("/infrastructure", params={"kind": "DataCenter", "limit": 100}).json()
        assert {x["kind"] for x in page["data"]} == {"DataCenter"}
        assert "数字福建（长乐）云计算中心" in {x["name"] for x in page["data"]}
        expected = {x.name for t in DOC.tasks for x in t.infrastructure if x.kind == "DataCenter"}
        assert page["count"] == len(expected)

    def test_detail(self, api_client: TestClient) -> None:
        item = api_client.get("/infrastructure/infra/政务云平台").json()
        assert item["kind"] == "Platform"
        assert [(t["number"], t["action"]) for t in item["tasks"]] == [(11, "升级")]
        assert sorted(a["name"] for a in item["agencies"]) == sorted(TASK_11_AGENCIES)

    def test_unknown(self, api_client: TestClient) -> None:
        assert_error(api_client.get("/infrastructure/infra/无此平台"), 404, "not_found")
        assert_error(api_client.get("/infrastructure", params={"kind": "Bridge"}), 422,
                     "invalid_request")


# --- graph and export ----------------------------------------------------------------------


class TestGraph:
    def test_whole(self, api_client: TestClient, bundled_graph: nx.MultiDiGraph) -> None:
        data = api_client.get("/graph").json()
        assert data["truncated"] is False
        assert {n["id"] for n in data["nodes"]} == set(bundled_graph.nodes)
        assert len(data["links"]) == bundled_graph.number_of_edges()

    def test_around(self, api_client: TestClient, bundled_graph: nx.MultiDiGraph) -> None:
        data = api_client.get("/graph", params={"around": "agency/省发改委"}).json()
        expected = {"agency/省发改委", *(f"{DOC.document.id}/task/{n}" for n in NDRC_TASKS)}
        assert {n["id"] for n in data["nodes"]} == expected
        assert {(link["source"], link["type"]) for link in data["links"]} == {("agency/省发改委", "LEADS")}
        two = api_client.get("/graph", params={"around": "agency/省发改委", "depth": 2}).json()
        undirected = bundled_graph.to_undirected(as_view=True)
        within = nx.single_source_shortest_path_length(undirected, "agency/省发改委", cutoff=2)
        assert {n["id"] for n in two["nodes"]} == set(within)

    def test_limits(self, api_client: TestClient) -> None:
        assert_error(api_client.get("/graph", params={"around": "agency/省发改委", "depth": 4}),
                     422, "invalid_request")
        assert_error(api_client.get("/graph", params={"around": "agency/无此机构"}), 404, "not_found")

    def test_truncated(self, api_store: GraphStore, api_settings: Settings) -> None:
        client = small_limits_client(api_store, api_settings, query_row_limit=10)
        data = client.get("/graph").json()
        assert data["truncated"] is True and len(data["nodes"]) == 10
        ids = {n["id"] for n in data["nodes"]}
        assert all(link["source"] in ids and link["target"] in ids for link in data["links"])


class TestExport:
    def test_formats(self, api_client: TestClient) -> None:
        names = [f["name"] for f in api_client.get("/export").json()["data"]]
        assert "neo4j-csv" not in names  # a directory format
        assert_error(api_client.get("/export/neo4j-csv"), 404, "not_found")

    def test_json_is_the_store_graph(self, api_client: TestClient,
                                     bundled_graph: nx.MultiDiGraph) -> None:
        if "json" not in [f["name"] for f in api_client.get("/export").json()["data"]]:
            pytest.skip("no json exporter registered")
        response = api_client.get("/export/json")
        assert response.headers["content-type"].startswith("application/json")
        g = nx.node_link_graph(response.json(), edges="links", multigraph=True, directed=True)
        assert set(g.nodes) == set(bundled_graph.nodes)
        assert g.number_of_edges() == bundled_graph.number_of_edges()

    def test_turtle_parses(self, api_client: TestClient) -> None:
        if "ttl" not in [f["name"] for f in api_client.get("/export").json()["data"]]:
            pytest.skip("no ttl exporter registered")
        import rdflib

        response = api_client.get("/export/ttl")
        assert response.headers["content-type"].startswith("text/turtle")
        assert "attachment" in response.headers["content-disposition"]
        assert len(rdflib.Graph().parse(data=response.text, format="turtle")) > 100


# --- the app itself ------------------------------------------------------------------------


class TestApp:
    def test_cors_off_by_default(self, api_client: TestClient) -> None:
        response = api_client.get("/health", headers={"Origin": "https://example.org"})
        assert "access-control-allow-origin" not in response.headers

    def test_cors_on_when_configured(self, api_store: GraphStore, api_settings: Settings) -> None:
        settings = api_settings.model_copy(update={"cors_origins": ["https://example.org"]})
        client = TestClient(create_app(settings, api_store))
        response = client.get("/health", headers={"Origin": "https://example.org"})
        assert response.headers["access-control-allow-origin"] == "https://example.org"

    def test_unknown_route(self, api_client: TestClient) -> None:
        assert_error(api_client.get("/nowhere"), 404, "not_found")
        assert_error(api_client.delete("/tasks"), 405, "method_not_allowed")

    def test_openapi_is_documented(self, api_client: TestClient) -> None:
        spec = api_client.get("/openapi.json").json()
        schemas = spec["components"]["schemas"]
        for path, methods in spec["paths"].items():
            for method, op in methods.items():
                where = f"{method.upper()} {path}"
                assert op.get("summary") and op.get("description"), where
                for param in op.get("parameters", []):
                    assert param.get("description"), f"{where} {param['name']}"
                ok = op["responses"]["200"]["content"]
                if "application/json" in ok and "$ref" in ok["application/json"].get("schema", {}):
                    name = ok["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
                    assert schemas[name].get("examples"), f"{where}: {name} has no example"
                if op.get("parameters") or op.get("requestBody"):
                    assert "422" in op["responses"], where
                for status, response in op["responses"].items():
                    health_report = path == "/health" and status == "503"  # a HealthPublic
                    if status.startswith(("4", "5")) and not health_report:
                        ref = response["content"]["application/json"]["schema"]["$ref"]
                        assert ref.endswith("/ErrorPublic"), f"{where} {status}"
        assert "/tasks/{id}" in spec["paths"]  # {id:path} is documented as a plain parameter


# --- named queries -------------------------------------------------------------------------


class TestQueries:
    def test_list(self, api_client: TestClient) -> None:
        from queries.catalog import public_queries

        page = api_client.get("/queries").json()
        names = [q["name"] for q in page["data"]]
        assert names == list(public_queries()) and page["count"] == len(names)
        assert not any(name.startswith("api_") for name in names)  # internal ones stay hidden
        by_name = {q["name"]: q for q in page["data"]}
        assert {p["name"]: p["required"] for p in by_name["tasks_by_agency"]["parameters"]} == {
            "agency": True, "relation": False}

    @pytest.mark.parametrize("agency", ["省发改委", "发改委"])
    def test_run(self, api_client: TestClient, agency: str) -> None:
        body = api_client.get("/queries/tasks_by_agency", params={"agency": agency}).json()
        assert body["count"] == len(body["rows"]) == len(NDRC_TASKS)
        assert [r["number"] for r in body["rows"]] == NDRC_TASKS
        assert {r["relation"] for r in body["rows"]} == {"LEADS"}
        assert "number" in body["columns"]

    def test_every_example_runs(self, api_client: TestClient) -> None:
        for query in api_client.get("/queries").json()["data"]:
            for example in query["examples"]:
                response = api_client.get(f"/queries/{query['name']}", params=example)
                assert response.status_code == 200, (query["name"], example, response.text)

    def test_unknown(self, api_client: TestClient) -> None:
        error = assert_error(api_client.get("/queries/no_such_query"), 404, "not_found")
        assert "tasks_by_agency" in error["message"]  # lists the known ones
        assert_error(api_client.get("/queries/api_tasks"), 404, "not_found")

    @pytest.mark.parametrize(("params", "code"), [
        ({}, "invalid_request"),                                   # agency is required
        ({"agency": "省发改委", "agnecy": "x"}, "invalid_parameter"),  # misspelt
        ({"agency": "  "}, "invalid_request"),                      # blank is missing
    ])
    def test_bad_parameters(self, api_client: TestClient, params: dict[str, str], code: str) -> None:
        assert_error(api_client.get("/queries/tasks_by_agency", params=params), 422, code)

    def test_typed_parameter(self, api_client: TestClient) -> None:
        assert_error(api_client.get("/queries/tasks_by_section", params={"section": "abc"}),
                     422, "invalid_request")
        body = api_client.get("/queries/tasks_by_section", params={"section": 1}).json()
        assert body["count"] == len([t for t in DOC.tasks if t.section == 1])


def test_cypher_files_share_their_filter() -> None:
    """The page and count queries of /tasks must filter alike, or `count` would lie."""
    from queries.catalog import get_query

    page, count = get_query("api_tasks").text, get_query("api_tasks_count").text
    block = count[: count.index("RETURN count(t)")]
    assert page.startswith(block)


def test_store_down_is_503(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(home=tmp_path, store="neo4j", neo4j_uri=f"bolt://127.0.0.1:{port}")
    client = TestClient(create_app(settings))
    health = client.get("/health")
    assert health.status_code == 503 and health.json()["reachable"] is False
    assert_error(client.get("/tasks"), 503, "store_unavailable")


def test_guide_is_served(api_client: TestClient) -> None:
    # The guide is a packaged file (core/data), present in a checkout and in a wheel.
    response = api_client.get("/guide")
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    assert "<article class=\"guide\">" in response.text


# --- the answer cache ------------------------------------------------------------------------


class TestAnswerCache:
    def test_a_repeated_request_is_not_read_again_until_a_load(
            self, falkordb_store: GraphStore, api_settings: Settings) -> None:
        falkordb_store.write_graph(one_agency("省发改委"))
        client = TestClient(create_app(api_settings, falkordb_store))
        first = client.get("/agencies").json()
        before = graph_reads(falkordb_store)
        assert client.get("/agencies").json() == first
        assert graph_reads(falkordb_store) == before  # served from the cache
        falkordb_store.write_graph(one_agency("省数字办"))  # a load changes the version
        assert [a["name"] for a in client.get("/agencies").json()["data"]] == ["省数字办"]
        assert [a["name"] for a in first["data"]] == ["省发改委"]

    def test_ad_hoc_cypher_is_always_run(self, api_client: TestClient) -> None:
        body = {"query": "RETURN rand() AS r"}
        values = {api_client.post("/cypher", json=body).json()["rows"][0]["r"] for _ in range(3)}
        assert len(values) == 3

    def test_off_when_set_to_zero(self, falkordb_store: GraphStore, api_settings: Settings) -> None:
        falkordb_store.write_graph(one_agency("省发改委"))
        settings = api_settings.model_copy(update={"api_cache_entries": 0})
        client = TestClient(create_app(settings, falkordb_store))
        client.get("/agencies")
        before = graph_reads(falkordb_store)
        client.get("/agencies")
        assert graph_reads(falkordb_store) > before

    def test_answers_are_kept_by_path_and_query(self, api_client: TestClient) -> None:
        first = api_client.get("/tasks", params={"section": 1, "limit": 2}).json()
        other = api_client.get("/tasks", params={"section": 2, "limit": 2}).json()
        again = api_client.get("/tasks", params={"section": 1, "limit": 2}).json()
        assert first == again != other
        assert api_client.get("/tasks/no-such-task").status_code == 404
        assert api_client.get("/tasks/no-such-task").status_code == 404
