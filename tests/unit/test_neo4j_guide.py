"""The Neo4j Browser guide (`kg guide`): generated from the named queries, well-formed slides,
runnable queries with their values inlined. Run on a Bolt server: tests/integration/test_neo4j_kit.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.guide import GUIDE_PATH, TOUR, inline_parameters, render_guide, slide_values
from cli.main import app
from queries.catalog import all_queries, public_queries
from tests.helpers.guide import parse_guide

runner = CliRunner()


# --- the Browser guide -------------------------------------------------------------------


class TestGuide:
    def test_committed_guide_is_generated_from_the_current_queries(self) -> None:
        assert GUIDE_PATH.read_text(encoding="utf-8") == render_guide(), "run `kg guide`"

    def test_browser_structure(self) -> None:
        guide = parse_guide(GUIDE_PATH.read_text(encoding="utf-8"))
        assert guide.paths[0] == ("article.guide",)
        slides = [p for p in guide.paths if p[-1] == "slide.row-fluid"]
        assert slides and all(p[:2] == ("article.guide", "carousel.deck.container-fluid")
                              for p in slides)
        assert any(p[-1] == "pre.pre-scrollable.code.runnable" for p in guide.paths)
        tour_internal = [t for t in TOUR if all_queries()[t.query].internal]
        assert len(slides) == 1 + len(public_queries()) + len(tour_internal)

    def test_runnable_queries_have_no_parameters_left(self) -> None:
        for cypher in parse_guide(GUIDE_PATH.read_text(encoding="utf-8")).runnable:
            bare = re.sub(r"'(?:[^'\\]|\\.)*'", "''", cypher)
            assert "$" not in bare, cypher

    def test_every_public_query_and_the_tour_have_a_slide(self) -> None:
        text = GUIDE_PATH.read_text(encoding="utf-8")
        for name in {*public_queries(), *(t.query for t in TOUR)}:
            assert f"Named query {name};" in text, name

    def test_the_tour_names_existing_queries_with_valid_values(self) -> None:
        for slide in TOUR:
            query = all_queries()[slide.query]
            values = slide_values(query, slide.params)
            assert set(values) == {p.name for p in query.params}

    def test_inline_parameters(self) -> None:
        body = "MATCH (a {name: $agency}) // not $this\nRETURN '$literal', \"$too\", $n, $none"
        assert inline_parameters(body, {"agency": "省'发改委", "n": 3, "none": None}) == (
            "MATCH (a {name: '省\\'发改委'}) // not $this\nRETURN '$literal', \"$too\", 3, null")
        with pytest.raises(KeyError):
            inline_parameters("RETURN $missing", {})

    def test_kg_guide_check(self, tmp_path: Path) -> None:
        stale = tmp_path / "index.html"
        stale.write_text("old", encoding="utf-8")
        assert runner.invoke(app, ["guide", "--check", "--out", str(stale)]).exit_code == 1
        assert runner.invoke(app, ["guide", "--out", str(stale)]).exit_code == 0
        assert runner.invoke(app, ["guide", "--check", "--out", str(stale)]).exit_code == 0
        assert stale.read_text(encoding="utf-8") == render_guide()
