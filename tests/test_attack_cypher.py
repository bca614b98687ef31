"""Hostile ad-hoc Cypher and parameters: refused before they reach the database, with one
line that names the problem, the same from ``kg cypher`` and ``POST /cypher``.

Every query here is small: what the guard refuses would, before it existed, have cost the
database a fraction of a second and a few MB (the attacks themselves are in bench/attack.py).
"""

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
from graph.cypher_guard import check_cypher, nesting_depth, range_sizes
from graph.stores.base import GraphStore
from queries.catalog import ParameterError, all_queries, check_parameters, guess_values
from tests.api_fixtures import (  # noqa: F401  (fixtures)
    api_app_fixture,
    api_client_fixture,
    api_settings_fixture,
    api_store_fixture,
    small_limits_client,
)

NESTINGS = {
    "parentheses": lambda n: "RETURN " + "(" * n + "1" + ")" * n,
    "lists": lambda n: "RETURN " + "[" * n + "1" + "]" * n,
    "unary minus": lambda n: "RETURN " + "-" * n + "1",
    "NOT": lambda n: "RETURN " + "NOT " * n + "true",
    "maps": lambda n: "RETURN " + "{a: " * n + "1" + "}" * n,
    "CASE": lambda n: "RETURN " + "CASE WHEN true THEN " * n + "1" + " END" * n,
    "comprehensions": lambda n: "RETURN " + "[x IN " * n + "[1]" + " | x]" * n,
    "mixed": lambda n: "RETURN " + "-(" * (n // 2) + "1" + ")" * (n // 2),
}


# --- the scan itself ---------------------------------------------------------------------


@pytest.mark.parametrize("form", NESTINGS)
def test_every_form_of_nesting_counts(form: str) -> None:
    assert nesting_depth(NESTINGS[form](16)) >= 16


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    text = "RETURN '((((((((((((' AS a, \"[[[[[[[[[[[[\" AS b // ((((((((((((((\n /* {{{{{{{{{{{{ */"
    assert nesting_depth(text) == 0


def test_binary_operators_end_a_run_of_prefix_operators() -> None:
    assert nesting_depth("RETURN " + " AND ".join(["NOT true"] * 30)) == 1
    assert nesting_depth("RETURN " + " - ".join(["-1"] * 30)) == 1
    assert nesting_depth("MATCH (a)<-[r]-(b)-[s]->(c) RETURN a") <= 3


def test_the_named_queries_are_below_the_default_limit() -> None:
    # The deepest (neighbourhood: a list comprehension over a CASE) keeps a margin of 3 levels.
    limit = Settings().cypher_max_depth
    assert max(nesting_depth(q.text) for q in all_queries().values()) <= limit - 3


@pytest.mark.parametrize(("text", "params", "sizes"), [
    ("UNWIND range(1, 100000000) AS x RETURN x", {}, [100_000_000]),
    ("RETURN range(1, 1e8)", {}, [100_000_000]),
    ("RETURN range(0, 10^9, 10)", {}, [100_000_001]),
    ("RETURN range(1, $n)", {"n": 3_000_000}, [3_000_000]),
    ("RETURN range($a * 2, ($b + 1) * 1000)", {"a": 1, "b": 9}, [9_999]),
    ("RETURN range(10, 1)", {}, [0]),
    ("RETURN range(1, 10^400)", {}, [float("inf")]),
    ("RETURN range(0, size($list) - 1)", {"list": [1, 2]}, []),  # from data: the memory caps
    ("MATCH (t:Task) RETURN range(1, t.number)", {}, []),
    ("RETURN 'range(1, 1e9)' AS text", {}, []),
])
def test_range_sizes(text: str, params: dict[str, Any], sizes: list[float]) -> None:
    assert range_sizes(text, params) == sizes


def test_check_cypher_messages() -> None:
    with pytest.raises(QueryError, match=r"nests .* 16 deep; the limit is 10 \(setting cypher_max_depth\)"):
        check_cypher(NESTINGS["parentheses"](16), max_depth=10, max_range=1000)
    with pytest.raises(QueryError, match=r"range\(\) would make 1,000,000 values; .* at most 1,000"):
        check_cypher("UNWIND range(1, 1000000) AS x RETURN x", max_depth=10, max_range=1000)
    with pytest.raises(QueryError, match="LOAD CSV is not allowed"):
        check_cypher("load  csv WITH HEADERS FROM 'https://example.org/x.csv' AS r RETURN r",
                     max_depth=10, max_range=1000)
    with pytest.raises(QueryError, match="lone surrogate"):
        check_cypher("RETURN '\ud800'", max_depth=10, max_range=1000)
    check_cypher("RETURN 'load csv' AS words, range(1, 1000) AS r", max_depth=10, max_range=1000)


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

BAD_PARAMETERS = [
    # (--param, JSON parameters, message)
    ("a`b=1", {"a`b": 1}, "parameter name 'a`b' is not an identifier"),
    ('x=[{"":1}]', {"x": [{"": 1}]}, "$x[0]: map key '' is not an identifier"),
    ('x=[{"[red]":1}]', {"x": [{"[red]": 1}]}, "$x[0]: map key '[red]' is not an identifier"),
    ("x=1180591620717411303424", {"x": 1180591620717411303424}, "$x: integer out of 64-bit range"),
    ("x=-9223372036854775809", {"x": -9223372036854775809}, "$x: integer out of 64-bit range"),
    ("x=1e400", {"x": float("inf")}, "$x: not a finite number"),
    ("x=NaN", {"x": float("nan")}, "$x: not a finite number"),
    ('x=["\\ud800"]', {"x": ["\ud800"]}, "$x[0]: not valid Unicode (a lone surrogate)"),
    ("x=" + "[" * 12 + "]" * 12, {"x": json.loads("[" * 12 + "]" * 12)},
     "$x" + "[0]" * 8 + ": nested deeper than 8"),
]


@pytest.mark.parametrize(("pair", "parameters", "message"), BAD_PARAMETERS)
def test_one_check_for_both(pair: str, parameters: dict[str, Any], message: str) -> None:
    name, _, text = pair.partition("=")
    with pytest.raises(ParameterError) as cli_side:
        guess_values({name: text})
    with pytest.raises(ParameterError) as api_side:
        check_parameters(parameters)
    assert str(cli_side.value) == str(api_side.value) == message


def test_thousands_of_nested_brackets() -> None:
    with pytest.raises(ParameterError, match=r"^\$x: nested deeper than 8$"):
        guess_values({"x": "[" * 3000 + "]" * 3000})


def test_good_parameters_pass() -> None:
    values = guess_values({"n": "5", "s": "省发改委", "l": '["a", 1, 2.5, true, null]',
                           "big": str(2**63 - 1), "small": str(-(2**63))})
    assert values == {"n": 5, "s": "省发改委", "l": ["a", 1, 2.5, True, None],
                      "big": 2**63 - 1, "small": -(2**63)}


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
