"""graphstyle.grass: Neo4j Browser reads it, and it styles every label and relationship type.

`parse_grass` follows Neo4j Browser's own GraSS reader (grassUtils.parseGrassCSS) character
by character, so what passes here is what Browser sees: quotes are dropped, text outside a
block becomes part of the next selector, and a ``;``-separated piece without exactly one
``:`` is ignored (which is how the file carries its comments).
"""

from __future__ import annotations

import re

import pytest

from core.grass import parse_grass
from graph import schema as s
from tests.helpers.paths import ROOT

GRASS = ROOT / "graphstyle.grass"

KNOWN_PROPERTIES = {
    "color", "border-color", "border-width", "text-color-internal", "text-color-external",
    "caption", "diameter", "font-size", "shaft-width", "padding",
}
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
PIXELS = re.compile(r"^\d+(\.\d+)?px$")


def raw_blocks(text: str) -> list[tuple[str, list[str]]]:
    """(selector, pieces) per block, for checks Browser's reader would silently skip."""
    return [(m.group(1), [p.strip() for p in m.group(2).split(";") if p.strip()])
            for m in re.finditer(r"([^\s{}]+)\s*\{((?:[^{}']|'[^']*')*)\}", text)]


@pytest.fixture(scope="module")
def text() -> str:
    return GRASS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rules(text: str) -> dict[str, dict[str, str]]:
    return parse_grass(text)


def test_every_selector_is_a_node_or_relationship_rule(rules: dict[str, dict[str, str]]) -> None:
    assert rules, "no rules parsed"
    for selector in rules:
        assert re.fullmatch(r"(node|relationship)(\.[A-Za-z_][A-Za-z0-9_]*)?", selector), selector


def test_every_piece_is_a_known_property_or_a_comment(text: str) -> None:
    blocks = raw_blocks(text)
    assert len(blocks) == len(parse_grass(text))
    for selector, pieces in blocks:
        for piece in pieces:
            if piece.startswith("/*"):
                # A comment must be invisible to Browser: no ':' (else it is read as a
                # property), no braces or quotes (they change the reader's state).
                assert piece.endswith("*/") and not re.search(r"[:{}'\"]", piece), piece
                continue
            key, _, value = piece.partition(":")
            assert key.strip() in KNOWN_PROPERTIES, (selector, piece)
            assert value.strip(), (selector, piece)


def test_no_text_outside_blocks(text: str) -> None:
    outside = re.sub(r"[^\s{}]+\s*\{(?:[^{}']|'[^']*')*\}", "", text)
    assert outside.strip() == ""


def test_every_label_and_relationship_type_is_styled(rules: dict[str, dict[str, str]]) -> None:
    for label in (*s.NODE_LABELS, *s.INFRASTRUCTURE_KINDS):
        assert f"node.{label}" in rules, label
        assert HEX.match(rules[f"node.{label}"]["color"]), label
    for rel_type in s.RELATIONSHIP_TYPES:
        assert f"relationship.{rel_type}" in rules, rel_type
        assert rules[f"relationship.{rel_type}"]["caption"] == "<type>"
    assert {"node", "relationship"} <= set(rules)
    assert rules["relationship"]["caption"] == "<type>"


def test_captions(rules: dict[str, dict[str, str]]) -> None:
    assert rules["node.Agency"]["caption"] == "{name}"
    assert rules["node.Infrastructure"]["caption"] == "{name}"
    for kind in s.INFRASTRUCTURE_KINDS:
        assert rules[f"node.{kind}"]["caption"] == "{name}"
    assert rules["node.Task"]["caption"] == "{number}"
    assert rules["node.Section"]["caption"] == "{title}"
    assert rules["node.Document"]["caption"] == "{title}"


def test_colours_are_distinct_per_label_and_kind(rules: dict[str, dict[str, str]]) -> None:
    colours = [rules[f"node.{label}"]["color"].upper()
               for label in (*s.NODE_LABELS, *s.INFRASTRUCTURE_KINDS)]
    assert len(set(colours)) == len(colours)
    roles = [rules[f"relationship.{t}"]["color"].upper() for t in s.ROLE_TYPES]
    assert len(set(roles)) == len(roles)


def test_values_are_well_formed(rules: dict[str, dict[str, str]]) -> None:
    for selector, props in rules.items():
        for key, value in props.items():
            if key.endswith("color") or key.startswith("text-color"):
                assert HEX.match(value), (selector, key, value)
            elif key in ("diameter", "font-size", "shaft-width", "padding", "border-width"):
                assert PIXELS.match(value), (selector, key, value)


def test_sizes_are_set_per_label(rules: dict[str, dict[str, str]]) -> None:
    # Browser has no data-driven size: the file sets one diameter per label instead.
    for label in s.NODE_LABELS:
        assert "diameter" in rules[f"node.{label}"], label


def test_kind_rules_come_after_infrastructure(text: str) -> None:
    # Browser applies matching rules in file order: a kind's colour must win over the base.
    order = [selector for selector, _ in raw_blocks(text)]
    for kind in s.INFRASTRUCTURE_KINDS:
        assert order.index(f"node.{kind}") > order.index("node.Infrastructure")


def test_reader_matches_browser_on_a_known_sample() -> None:
    sample = "node {\n  color: #A5ABB6;\n  caption: '{name}';\n}\nnode.Movie { caption: \"{title}\"; }"
    assert parse_grass(sample) == {"node": {"color": "#A5ABB6", "caption": "{name}"},
                                   "node.Movie": {"caption": "{title}"}}
