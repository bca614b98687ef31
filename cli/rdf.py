"""`kg validate` and `kg sparql`: SHACL and SPARQL over the RDF export of the graph.

Both read the bundled document by default, or the work-plan files given, or RDF files
(``.ttl``, ``.jsonld``, ``.nt``) exported earlier.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rdflib import Graph
from rich.console import Console
from rich.table import Table

from graph import rdf

out = Console(soft_wrap=True)

PathsArg = Annotated[list[Path] | None, typer.Argument(
    help="Work-plan files, or RDF exports (.ttl, .jsonld, .nt). "
         "Default: the bundled 2015 Digital Fujian plan.", show_default=False)]


def load_rdf(paths: list[Path] | None) -> Graph:
    """The RDF graph of the given files (documents are read and converted, RDF is parsed)."""
    from graph.build import build_graph, load_graph
    from loaders import read_document

    if not paths:
        return rdf.to_rdf(load_graph())
    merged = rdf.new_graph()
    documents = [p for p in paths if not rdf.is_rdf_path(p)]
    for p in paths:
        if rdf.is_rdf_path(p):
            merged += rdf.read_rdf(p)
    if documents:
        # One networkx graph, so agencies and infrastructure merge and measures span documents.
        merged += rdf.to_rdf(build_graph(read_document(p) for p in documents))
    return merged


def validate(paths: PathsArg = None) -> None:
    """Check the RDF export against shapes.ttl (SHACL); exit 1 when it does not conform."""
    conforms, report = rdf.validate(load_rdf(paths))
    out.print(report, highlight=False, markup=False)
    if not conforms:
        raise typer.Exit(1)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def sparql(
    query: Annotated[str, typer.Argument(
        help="A SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); updates are refused. "
             "Prefixes kg:, dcterms:, prov:, org:, rdf:, rdfs:, xsd:, owl: are predeclared.")],
    paths: PathsArg = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="NAME=VALUE: pre-bind ?NAME (repeatable); 5 and true are typed, "
                              "other values are strings.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print {columns, rows, count} as JSON.")] = False,
) -> None:
    """Run a read-only SPARQL query over the RDF export of the graph."""
    from queries.catalog import guess_value, parse_pairs

    params = {k: guess_value(v) for k, v in parse_pairs(param or []).items()}
    columns, rows = rdf.sparql(load_rdf(paths), query, params)
    if as_json:
        payload = {"columns": columns, "rows": rows, "count": len(rows)}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    table = Table(*columns, caption=f"{len(rows)} row(s)")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("sparql")(sparql)
