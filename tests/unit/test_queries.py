"""queries.catalog: query headers, parameters and their coercion, the files' consistency.
Every query on every backend: tests/integration/test_queries_stores.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InputError
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
)

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
