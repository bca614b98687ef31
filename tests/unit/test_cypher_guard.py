"""The guard on ad-hoc Cypher and parameters (queries.guard): nesting depth, range sizes,
forbidden clauses, hostile parameter values — refused before any database sees them, with one
line that names the problem. The same refusals through ``kg cypher`` and ``POST /cypher`` are
in tests/integration/test_attack_cypher.py; the attacks themselves in bench/attack.py."""

from __future__ import annotations

from typing import Any

import pytest

from core.config import Settings
from core.errors import QueryError
from graph.cypher_guard import check_cypher, nesting_depth, range_sizes
from queries.catalog import ParameterError, all_queries, check_parameters, guess_values
from tests.helpers.hostile_cypher import BAD_PARAMETERS, NESTINGS

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


# --- parameters: one check, the same messages from the CLI and the API ---------------------



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
