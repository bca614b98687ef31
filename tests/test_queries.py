"""queries.catalog: headers, parameters, alias resolution; and every query on every backend."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.config import Settings
from core.errors import InputError, ReadOnlyViolation
from graph.stores.base import GraphStore
from queries.catalog import (
    NamedQuery,
    Param,
    ParameterError,
    QueryDefinitionError,
    UnknownQuery,
    all_queries,
    bind_params,
    check_query,
    coerce,
    cypher_parameters,
    get_query,
    guess_value,
    parse_pairs,
    parse_query,
    public_queries,
    resolve_agency,
    resolve_agency_id,
    run_cypher,
    run_query,
)
from tests.conftest import bolt_settings, falkordb_settings

REQUIRED_QUERIES = {
    "tasks_by_agency", "agencies_for_task", "agency_workload", "co_responsibility",
    "infrastructure", "who_builds", "tasks_by_section", "search_tasks", "conflicts",
    "agency_neighbourhood",
}

# --- the files -----------------------------------------------------------------------------


def test_the_required_queries_exist() -> None:
    assert set(public_queries()) >= REQUIRED_QUERIES


@pytest.mark.parametrize("name", sorted(all_queries()))
def test_query_file_is_consistent(name: str) -> None:
    query = all_queries()[name]
    assert check_query(query) == []
    assert query.path is not None and query.path.stem == name
    assert query.description


@pytest.mark.parametrize("name", sorted(public_queries()))
def test_public_query_has_examples_and_a_deterministic_order(name: str) -> None:
    query = public_queries()[name]
    assert query.examples, "an `// example:` line is used by the tests and the docs"
    # the last clause orders the rows (ties broken by a name or number)
    assert re.search(r"\bORDER BY\b[^\n]*$", query.text.strip().splitlines()[-1]), query.text


# --- parsing -------------------------------------------------------------------------------


HEADER = """// name: demo
// description: A demo.
// param: agency string required  canonical or alias name, e.g. 省发改委
// param: n int optional  how many
// free comment in the header
// example: agency=省发改委 n=2
// example: agency=x
MATCH (a:Agency) WHERE a.name = $agency RETURN a.name AS name LIMIT coalesce($n, 5)
"""


class TestParse:
    def test_header(self) -> None:
        q = parse_query(HEADER)
        assert (q.name, q.description) == ("demo", "A demo.")
        assert q.params == (
            Param("agency", "string", True, "canonical or alias name, e.g. 省发改委"),
            Param("n", "int", False, "how many"),
        )
        assert q.examples == ({"agency": "省发改委", "n": "2"}, {"agency": "x"})
        assert q.text.startswith("MATCH (a:Agency)")
        assert not q.internal

    @pytest.mark.parametrize(("line", "kind"), [("integer", "int"), ("boolean", "bool"),
                                                ("number", "float"), ("list", "list")])
    def test_type_aliases(self, line: str, kind: str) -> None:
        q = parse_query(f"// name: x\n// param: p {line} optional\nRETURN $p AS p\n")
        assert q.params[0].type == kind

    def test_internal(self) -> None:
        assert parse_query("// name: x\n// internal: true\nRETURN 1 AS x\n").internal

    @pytest.mark.parametrize("bad", [
        "// param: agency required\nRETURN 1",
        "// name: x\n// param: agency text required\nRETURN 1",
        "// name: x\n// param: a int required\n// param: a int optional\nRETURN $a",
        "// name: x\n",
        "RETURN 1",
    ])
    def test_malformed_headers(self, bad: str) -> None:
        with pytest.raises(QueryDefinitionError):
            parse_query(bad)

    def test_cypher_parameters_ignore_strings_and_comments(self) -> None:
        text = "MATCH (a) WHERE a.x = $x AND a.y = '$notme' // and $notme2\nRETURN $y"
        assert cypher_parameters(text) == {"x", "y"}

    def test_check_query_finds_undeclared_and_unused(self) -> None:
        q = parse_query("// name: x\n// param: a int optional\nRETURN $b AS b\n")
        assert check_query(q) == ["uses $b but does not declare it",
                                  "declares a but does not use it"]


# --- parameters ----------------------------------------------------------------------------


def _q(*params: Param) -> NamedQuery:
    return NamedQuery(name="q", description="", params=params, text="RETURN 1")


class TestParameters:
    def test_missing_optional_is_null(self) -> None:
        assert bind_params(_q(Param("a", "int", False)), {}) == {"a": None}

    def test_missing_required(self) -> None:
        with pytest.raises(ParameterError, match="needs parameter 'a'"):
            bind_params(_q(Param("a", "string", True)), {})

    def test_blank_required_string_counts_as_missing(self) -> None:
        with pytest.raises(ParameterError):
            bind_params(_q(Param("a", "string", True)), {"a": "  "})

    def test_unknown_is_refused(self) -> None:
        with pytest.raises(ParameterError, match="no parameter 'b'"):
            bind_params(_q(Param("a", "int", False)), {"b": "1"})

    def test_errors_are_input_errors(self) -> None:
        assert issubclass(ParameterError, InputError)
        assert issubclass(UnknownQuery, InputError)
        with pytest.raises(UnknownQuery, match="tasks_by_agency"):
            get_query("no_such_query")

    @pytest.mark.parametrize(("kind", "raw", "value"), [
        ("int", "42", 42), ("int", " -7 ", -7), ("int", 5, 5),
        ("float", "0.5", 0.5), ("float", 2, 2.0),
        ("bool", "true", True), ("bool", "No", False), ("bool", False, False),
        ("string", "省发改委", "省发改委"), ("string", "a=b", "a=b"),
        ("list", "a,b", ["a", "b"]), ("list", '["x", "y"]', ["x", "y"]), ("list", ["z"], ["z"]),
    ])
    def test_coerce(self, kind: Any, raw: Any, value: Any) -> None:
        assert coerce(Param("p", kind, True), raw) == value

    @pytest.mark.parametrize(("kind", "raw"), [
        ("int", "4.5"), ("int", "十一"), ("int", True), ("int", 1.0), ("float", "nan"),
        ("float", "inf"), ("float", "x"), ("bool", "maybe"), ("string", 5), ("list", "[1, 2]"),
        ("list", "[oops"),
    ])
    def test_coerce_refuses(self, kind: Any, raw: Any) -> None:
        with pytest.raises(ParameterError, match="parameter p must be"):
            coerce(Param("p", kind, True), raw)

    @given(st.integers(-(2**62), 2**62))
    def test_int_text_round_trip(self, n: int) -> None:
        assert coerce(Param("p", "int", True), str(n)) == n

    def test_parse_pairs(self) -> None:
        assert parse_pairs(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
        with pytest.raises(ParameterError, match="NAME=VALUE"):
            parse_pairs(["novalue"])

    @pytest.mark.parametrize(("text", "value"), [
        ("5", 5), ("2.5", 2.5), ("true", True), ("null", None), ('["a"]', ["a"]),
        ("省发改委", "省发改委"), ('"5"', "5"), ("{\"a\": 1}", "{\"a\": 1}"), ("a b", "a b"),
    ])
    def test_guess_value(self, text: str, value: Any) -> None:
        assert guess_value(text) == value


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


def _same(a: Any, b: Any, *, depth: int = 0, nested_as_sets: bool = False) -> bool:
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
        return all(_same(x, y, depth=depth + 1, nested_as_sets=nested_as_sets)
                   for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(
            _same(a[k], b[k], depth=depth + 1, nested_as_sets=nested_as_sets) for k in a)
    return bool(a == b)


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
    assert _same(a.rows, b.rows, nested_as_sets=all_queries()[name].internal), (name, example)
    if a.rows:  # (ArcadeDB names no columns when there are no rows)
        assert a.columns == b.columns
    assert a.rows, f"the example of {name} should return rows on the bundled document"


# --- bodies of several places with one short name -------------------------------------------

DATA = Path(__file__).parent / "data"
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
