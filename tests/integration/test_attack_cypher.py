"""Hostile ad-hoc Cypher and parameters through ``kg cypher`` and ``POST /cypher`` on a real
FalkorDB: refused before they reach the database, with one line that names the problem, the
same from both. The guard's own rules are tested in tests/unit/test_cypher_guard.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cli.main import app as kg_app
from core.config import Settings
from core.errors import QueryError
from graph.stores.base import GraphStore
from tests.helpers.api import small_limits_client
from tests.helpers.hostile_cypher import BAD_PARAMETERS, NESTINGS

# --- through the API (the embedded FalkorDB answers what passes) ---------------------------


def post(client: TestClient, query: str, parameters: dict[str, Any] | None = None) -> Any:
    return client.post("/cypher", json={"query": query, "parameters": parameters or {}})


@pytest.mark.falkordb
@pytest.mark.parametrize("form", NESTINGS)
def test_api_refuses_deep_nesting(api_client: TestClient, form: str) -> None:
    # 16 levels parse in ~0.3 s today: small enough to run here before the guard existed.
    response = post(api_client, NESTINGS[form](16))
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "query_error" and "cypher_max_depth" in error["message"]


@pytest.mark.falkordb
def test_api_answers_nesting_within_the_limit(api_client: TestClient) -> None:
    response = post(api_client, NESTINGS["parentheses"](8) + " AS one")
    assert response.status_code == 200 and response.json()["rows"] == [{"one": 1}]


@pytest.mark.falkordb
def test_api_refuses_a_range_over_the_row_limit_times_the_factor(
        api_store: GraphStore, api_settings: Settings) -> None:
    # Row limit 10 × factor 100: at most 1,000 values; 100,000 would be harmless (1.6 MB) but
    # is past the limit, which is what is checked.
    client = small_limits_client(api_store, api_settings, query_row_limit=10)
    response = post(client, "UNWIND range(1, 100000) AS x RETURN count(x) AS n")
    assert response.status_code == 400, response.text
    assert "range() would make 100,000 values" in response.json()["error"]["message"]
    response = post(client, "UNWIND range(1, $n) AS x RETURN count(x) AS n", {"n": 5000})
    assert response.status_code == 400
    ok = post(client, "UNWIND range(1, 1000) AS x RETURN count(x) AS n")
    assert ok.status_code == 200 and ok.json()["rows"] == [{"n": 1000}]


@pytest.mark.falkordb
def test_api_refuses_load_csv(api_client: TestClient) -> None:
    response = post(api_client, "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row LIMIT 1")
    assert response.status_code == 400
    assert "LOAD CSV is not allowed" in response.json()["error"]["message"]


@pytest.mark.falkordb
def test_the_store_refuses_load_csv_on_every_read(api_store: GraphStore) -> None:
    with pytest.raises(QueryError, match="LOAD CSV is not allowed"):
        api_store.read("LOAD CSV WITH HEADERS FROM 'file://x.csv' AS row RETURN row")


@pytest.mark.falkordb
def test_the_schema_refuses_an_empty_query(api_client: TestClient) -> None:
    schema = api_client.get("/openapi.json").json()["components"]["schemas"]["CypherRequest"]
    assert schema["properties"]["query"]["minLength"] == 1


# --- parameters: one check, the same messages from the CLI and the API ---------------------



@pytest.fixture
def kg(monkeypatch: pytest.MonkeyPatch, falkordb_home: Path) -> CliRunner:
    monkeypatch.setenv("KG_HOME", str(falkordb_home))
    monkeypatch.setenv("KG_GRAPH", "attack_cli")
    return CliRunner()


@pytest.mark.falkordb
@pytest.mark.parametrize(("pair", "parameters", "message"), BAD_PARAMETERS)
def test_cli_and_api_say_the_same(kg: CliRunner, api_client: TestClient, pair: str,
                                  parameters: dict[str, Any], message: str) -> None:
    result = kg.invoke(kg_app, ["cypher", "RETURN 1 AS one", "--param", pair])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip() == f"error: {message}"
    response = api_client.post("/cypher", content=json.dumps(
        {"query": "RETURN 1 AS one", "parameters": parameters}).encode(),
        headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["error"] == {"code": "invalid_parameter", "message": message}


@pytest.mark.falkordb
def test_cli_refuses_what_the_guard_refuses(kg: CliRunner) -> None:
    result = kg.invoke(kg_app, ["cypher", NESTINGS["NOT"](16)])
    assert result.exit_code == 2 and "cypher_max_depth" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.falkordb
def test_api_lone_surrogate_in_the_text_is_not_a_500(api_client: TestClient) -> None:
    # The text is refused by the request schema (the parameters, of any type, by the check).
    response = api_client.post("/cypher", content=b'{"query": "RETURN \'\\ud800\' AS x"}',
                               headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


@pytest.mark.falkordb
def test_cli_lone_surrogate_in_the_text(kg: CliRunner) -> None:
    result = kg.invoke(kg_app, ["cypher", "RETURN '\udce9' AS x"])  # a byte that is not UTF-8
    assert result.exit_code == 2 and "lone surrogate" in result.stderr


@pytest.mark.falkordb
def test_named_queries_check_their_values_too(kg: CliRunner) -> None:
    result = kg.invoke(kg_app, ["query", "tasks_by_section", "--param", "section=1180591620717411303424"])
    assert result.exit_code == 2 and "64-bit" in result.stderr
