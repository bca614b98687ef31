"""`kg validate` and `kg sparql`: SHACL and SPARQL over the RDF export of the graph.

Both read the store by default (the bundled plan when the store is empty, said on stderr),
or, with ``--from``, work-plan files or RDF files (``.ttl``, ``.jsonld``, ``.nt``) exported
earlier.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.base import console, rows_label

if TYPE_CHECKING:
    from rdflib import Graph

out = console(soft_wrap=True)

FROM_HELP = ("Read these files instead of the store: work-plan files (read, not loaded) or RDF "
             "exports (.ttl, .jsonld, .nt). Repeat --from, or list the files after it.")
FromOption = Annotated[list[Path] | None, typer.Option(
    "--from", metavar="PATH", help=FROM_HELP, show_default=False)]
PathsArg = Annotated[list[Path] | None, typer.Argument(
    metavar="PATH...", help="The same as --from.", show_default=False)]


def load_rdf(paths: list[Path] | None) -> Graph:
    """The RDF graph of the given files (documents are read and converted, RDF is parsed),
    or of the store when no file is given."""
    from cli.sources import files_graph, read_graph
    from graph import rdf

    if not paths:
        return rdf.to_rdf(read_graph(None))
    merged = rdf.new_graph()
    documents = [p for p in paths if not rdf.is_rdf_path(p)]
    for p in paths:
        if rdf.is_rdf_path(p):
            merged += rdf.read_rdf(p)
    if documents:
        # One networkx graph, so agencies and infrastructure merge and measures span documents.
        merged += rdf.to_rdf(files_graph(documents))
    return merged


def validate(sources: FromOption = None, paths: PathsArg = None) -> None:
    """Check the RDF export against shapes.ttl (SHACL); exit 1 when it does not conform."""
    from graph import rdf

    conforms, report = rdf.validate(load_rdf([*(sources or []), *(paths or [])]))
    out.print(report, highlight=False, markup=False)
    if not conforms:
        raise typer.Exit(1)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def sparql(
    query: Annotated[str, typer.Argument(
        metavar="QUERY",
        help="A SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); updates are refused. "
             "Prefixes kg:, dcterms:, prov:, org:, rdf:, rdfs:, xsd:, owl: are predeclared.")],
    sources: FromOption = None,
    paths: PathsArg = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", metavar="NAME=VALUE",
        help="Pre-bind ?NAME (repeatable); 5 and true are typed, other values are strings.",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print {columns, rows, count} as JSON.")] = False,
) -> None:
    """Run a read-only SPARQL query over the RDF export of the graph."""
    from graph import rdf
    from queries.catalog import guess_value, parse_pairs

    params = {k: guess_value(v) for k, v in parse_pairs(param or []).items()}
    # Run it on an empty graph first: bad text fails before any graph is read.
    rdf.sparql(rdf.new_graph(), query, params)
    columns, rows = rdf.sparql(load_rdf([*(sources or []), *(paths or [])]), query, params)
    if as_json:
        payload = {"columns": columns, "rows": rows, "count": len(rows)}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    out.print(table)
    out.print(rows_label(len(rows)), style="dim", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("sparql")(sparql)
