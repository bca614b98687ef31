"""Read-only SPARQL over the RDF form: updates and anything that would reach the network
(SERVICE, FROM) are refused; parameters are pre-bound, never spliced into the text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx
from pyparsing import ParseException, ParseResults
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import ResultRow
from rdflib.term import Identifier, Node

from core.errors import InputError, one_line
from graph.rdf.read import _python
from graph.rdf.terms import PREFIXES
from graph.rdf.write import to_rdf


class SparqlError(InputError):
    """The SPARQL text cannot be run (syntax, refused feature); one line for the user."""


class UpdateRefused(SparqlError):
    """A SPARQL update (INSERT, DELETE, LOAD, CLEAR, …) was given where only queries run."""


def _walk(node: object) -> Iterator[object]:
    yield node
    if isinstance(node, dict):  # CompValue is an OrderedDict
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple | ParseResults):
        for item in node:
            yield from _walk(item)


def _check_query(query: str) -> None:
    """Raise SparqlError unless ``query`` is a query this module runs: no updates, and nothing
    that makes rdflib fetch from the network (SERVICE, FROM / FROM NAMED load the IRI)."""
    if not query.strip():
        raise SparqlError("empty SPARQL query")
    try:
        parsed = parseQuery(query)
    except ParseException as exc:
        try:
            update = parseUpdate(query)
        except ParseException:
            update = None
        # An empty update (only PREFIX lines) parses too; that is not a refused write.
        if update is None or not dict.get(update, "request"):
            raise SparqlError(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        raise UpdateRefused(
            "SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) are "
            "refused: the exported graph is read-only"
        ) from None
    for node in _walk(parsed):
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise SparqlError("SERVICE is refused: queries run on the exported graph only")
            # CompValue.get returns the key itself when missing, hence dict.get.
            if dict.get(node, "datasetClause"):
                raise SparqlError("FROM / FROM NAMED is refused: queries run on the exported "
                                  "graph only")


def _binding(name: str, value: object) -> Identifier:
    if isinstance(value, URIRef | Literal):
        return value
    if isinstance(value, bool | int | float | str):
        return Literal(value)
    raise SparqlError(f"parameter {name}: a SPARQL value is a string, number, boolean or IRI, "
                      f"got {type(value).__name__}")


def sparql(
    data: nx.MultiDiGraph | Graph, query: str, params: Mapping[str, object] | None = None
) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a read-only SPARQL query on the RDF form of ``data``.

    The prefixes of :data:`PREFIXES` (``kg:``, ``dcterms:``, ``prov:`` …) are predeclared.
    ``params`` pre-bind variables (``{"agency": "省发改委"}`` binds ``?agency`` to that
    literal; None leaves it unbound), so values never need to be spliced into the text.
    SELECT gives its variables as columns; ASK one column ``ask``; CONSTRUCT and DESCRIBE
    the columns ``subject, predicate, object``. Values are plain Python (IRIs as strings).
    Updates raise :class:`UpdateRefused`, other bad text :class:`SparqlError`.
    """
    _check_query(query)
    bindings = {k: _binding(k, v) for k, v in (params or {}).items() if v is not None}
    rdf = data if isinstance(data, Graph) else to_rdf(data)
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
        result = rdf.query(prepared, initBindings=bindings)
        if result.type == "ASK":
            return ["ask"], [{"ask": bool(result.askAnswer)}]
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            columns = ["subject", "predicate", "object"]
            triples: Iterable[tuple[Node, Node, Node]] = result.graph or Graph()
            rows = [dict(zip(columns, map(_python, t), strict=True)) for t in sorted(triples)]
            return columns, rows
        columns = [str(v) for v in result.vars or []]
        rows = []
        for row in result:
            assert isinstance(row, ResultRow)  # SELECT results are rows
            values = tuple(row)
            rows.append({c: None if t is None else _python(t)
                         for c, t in zip(columns, values, strict=True)})
        return columns, rows
    except SparqlError:
        raise
    except Exception as exc:  # rdflib raises many kinds (unknown prefix, bad function, …)
        raise SparqlError(f"SPARQL query failed: {one_line(exc)}") from None
