r"""``cypher``: a plain Cypher script that builds the graph in Neo4j (cypher-shell or Browser).

The script runs exactly the statements of a load (:func:`graph.writes.write_plan`, so the
write Cypher stays in one module), one per row, with the row's values inlined as literals
(``UNWIND $rows AS row MERGE (n:Agency {id: row.id}) SET n = row.props`` becomes
``MERGE (n:Agency {id: 'agency/省发改委'}) SET n = {…}``). Hence running it twice changes
nothing, and running it over an older version of the same document replaces that version,
as ``kg load`` does. Layout:

* ``//`` comment lines (what it is, how to run it);
* ``CREATE CONSTRAINT … IF NOT EXISTS`` / ``CREATE INDEX … IF NOT EXISTS`` (Neo4j dialect);
* one statement per line, each ending in ``;`` and free of ``$parameters``, so the file
  pastes into Browser and runs with ``cypher-shell -f``.

Strings are escaped for Cypher (:func:`cypher_string`); the file itself is UTF-8.

>>> print(cypher_string("省政府's \\ 平台\n"))
'省政府\'s \\ 平台\n'
>>> print(cypher_literal({"name": "a", "aliases": ["b", "c"], "number": 3, "conflict": False}))
{name: 'a', aliases: ['b', 'c'], number: 3, conflict: false}
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import networkx as nx

from graph import writes
from graph.dialects import DIALECTS, schema_statements
from graph.exporters import Exporter, register
from graph.exporters.files import open_text

# Escapes every Cypher dialect here understands (Neo4j, FalkorDB, ArcadeDB).
_SHORT_ESCAPES: Final = {
    "\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f",
}
_IDENTIFIER: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INT64: Final = (-(2**63), 2**63 - 1)


def _needs_unicode_escape(ch: str) -> bool:
    # Other control characters and the Unicode line/paragraph separators would break the
    # one-statement-per-line layout in editors that treat them as line ends.
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def needs_unicode_escape(text: str) -> bool:
    """True when :func:`cypher_string` writes part of ``text`` as ``\\uXXXX``."""
    return any(ch not in _SHORT_ESCAPES and _needs_unicode_escape(ch) for ch in text)


def cypher_string(value: str) -> str:
    """A single-quoted Cypher string literal of ``value``.

    ``\\uXXXX`` is used only for control characters and U+2028/U+2029 (Neo4j and ArcadeDB
    decode it; FalkorDB would keep it as typed, and the documents contain none of them).
    """
    out = ["'"]
    for ch in value:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif _needs_unicode_escape(ch):
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append("'")
    return "".join(out)


def cypher_name(name: str) -> str:
    """A map key or variable: bare when it is an identifier, else back-quoted."""
    if _IDENTIFIER.match(name):
        return name
    return "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """A Cypher literal of a property value, a list, or a map (maps are row literals)."""
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "true" if value else "false"
    if isinstance(value, int):
        if not _INT64[0] <= value <= _INT64[1]:
            raise ValueError(f"integer {value} does not fit a Cypher INTEGER (64 bits)")
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} has no Cypher literal")
        return repr(value)  # shortest form that reads back to the same double
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{cypher_name(str(k))}: {cypher_literal(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


_ROW_FIELD: Final = re.compile(r"\brow\.([A-Za-z_][A-Za-z0-9_]*)\b")


def inline_row(statement: str, row: writes.Row) -> str:
    """``statement`` (an ``UNWIND $rows AS row …`` builder of graph.writes) for one row, on
    one line, with each ``row.key`` replaced by the literal value.

    >>> print(inline_row(writes.merge_nodes_statement(("Agency",)),
    ...                  {"id": "agency/a", "props": {"id": "agency/a", "name": "a"}}))
    MERGE (n:Agency {id: 'agency/a'}) SET n = {id: 'agency/a', name: 'a'}
    """
    head, *body = statement.splitlines()
    if head.strip() != "UNWIND $rows AS row":
        raise ValueError("expected an UNWIND $rows AS row statement from graph.writes")

    def literal(match: re.Match[str]) -> str:
        return cypher_literal(row[match.group(1)])

    # The builders quote nothing but '|', so no `row.` can hide inside a string literal.
    text = _ROW_FIELD.sub(literal, " ".join(line.strip() for line in body))
    if re.search(r"\brow\b|\$", _strip_strings(text)):
        raise ValueError(f"statement still refers to row or a parameter: {statement!r}")
    return text


def _strip_strings(text: str) -> str:
    """``text`` without its single-quoted literals (escapes honoured), for checks."""
    return re.sub(r"'(?:[^'\\]|\\.)*'", "''", text)


def schema_lines() -> list[str]:
    """Constraint and index DDL of the Neo4j dialect (``IF NOT EXISTS``: idempotent)."""
    return [stmt + ";" for stmt in schema_statements(DIALECTS["neo4j"])]


def data_lines(g: nx.MultiDiGraph) -> list[str]:
    """Every write of a load of ``g``, one statement per line, values inlined."""
    return [inline_row(step.statement, row) + ";"
            for step in writes.write_plan(g, batch_size=1) for row in step.rows]


HEADER: Final = """\
// Knowledge graph of government work plans (工作要点), as a Cypher script for Neo4j.
// Generated by `kg export --format cypher`; {nodes} nodes, {relationships} relationships.
// Run:   cypher-shell -a neo4j://localhost:7687 -u neo4j -d neo4j -f graph.cypher
//   or paste it into Neo4j Browser (one statement per line; multi-statement mode is the default).
// Idempotent: constraints use IF NOT EXISTS, data uses MERGE; running it twice changes nothing.
// Each document in it replaces its earlier version (stale tasks and roles are removed);
// other documents are left alone. No parameters: every value is a literal.
"""


def script_lines(g: nx.MultiDiGraph) -> Iterator[str]:
    yield from HEADER.format(nodes=g.number_of_nodes(),
                             relationships=g.number_of_edges()).splitlines()
    yield "// --- constraints and indexes"
    yield from schema_lines()
    yield "// --- data"
    yield from data_lines(g)


def write(g: nx.MultiDiGraph, out: Path | None) -> None:
    with open_text(out) as fh:
        for line in script_lines(g):
            fh.write(line + "\n")


register(Exporter(
    name="cypher",
    description="Cypher script (constraints + MERGE, values inlined) for cypher-shell or "
                "Neo4j Browser; idempotent",
    write=write,
    media_type="text/plain; charset=utf-8",
    suffix="cypher",
))
