"""What a new user meets in the first minutes, without a store: each case once went wrong (a
traceback, a message in the wrong place, two wordings of one thing). With a store and as a
process: tests/integration/test_cli_first_minutes.py."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from core.errors import one_line
from loaders import BUNDLED_DOCUMENT
from tests.helpers.cli import assert_one_error_line, run_kg

runner = CliRunner()


# --- one wording for row counts ----------------------------------------------------------------


def test_sparql_counts_rows_as_query_does() -> None:
    one = runner.invoke(app, ["sparql", "SELECT (COUNT(?t) AS ?n) WHERE { ?t a kg:Task }",
                              "--from", str(BUNDLED_DOCUMENT)])
    assert one.exit_code == 0, one.output
    assert one.stdout.strip().endswith("\n1 row") and "row(s)" not in one.stdout
    five = runner.invoke(app, ["sparql", "SELECT ?t WHERE { ?t a kg:Task } LIMIT 5",
                               "--from", str(BUNDLED_DOCUMENT)])
    assert five.stdout.strip().endswith("\n5 rows")


# --- kg push errors ------------------------------------------------------------------------


def test_a_lost_detail_leaves_no_dangling_colon() -> None:
    from neo4j.exceptions import ServiceUnavailable

    # The driver's message when every address failed without a message of its own.
    exc = ServiceUnavailable("Couldn't connect to db.example:7687 (resolved to ()):\n")
    assert one_line(exc) == "Couldn't connect to db.example:7687 (resolved to ())"


# --- invalid settings ------------------------------------------------------------------------


@pytest.mark.parametrize(("variable", "value", "args"), [
    ("KG_API_PORT", "eighty", ("serve",)),
    ("KG_QUERY_TIMEOUT_MS", "0", ("cypher", "RETURN 1")),
    ("KG_GRAPH", "two words", ("db", "status")),
])
def test_an_invalid_setting_is_one_line(variable: str, value: str, args: tuple[str, ...]) -> None:
    proc = run_kg(*args, env={variable: value})
    assert proc.returncode == 2
    assert_one_error_line(proc.stderr)
    assert variable in proc.stderr
