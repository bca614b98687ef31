"""SHACL validation of the RDF form against ``shapes.ttl`` (with the ontology), reported one
line per violation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import networkx as nx
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from core.errors import one_line
from graph.rdf import files
from graph.rdf.terms import ID, KG, PREFIXES, node_id_of
from graph.rdf.write import to_rdf

SH: Final = Namespace("http://www.w3.org/ns/shacl#")


def _short(rdf: Graph, term: Node | None) -> str:
    if term is None:
        return "-"
    node_id = node_id_of(term)
    if node_id is not None:
        return node_id
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(term).startswith(ns) and prefix != "id":
                return f"{prefix}:{str(term)[len(ns):]}"
        return f"<{term}>"
    if isinstance(term, Literal):
        return repr(str(term))
    # A blank node is a path expression or a nested shape: show its path if it has one.
    inverse = rdf.value(term, SH.inversePath)
    if inverse is not None:
        return f"^{_short(rdf, inverse)}"
    return "(path)"


@dataclass(frozen=True)
class Violation:
    severity: str
    focus: str
    path: str
    message: str
    value: str

    def __str__(self) -> str:
        where = self.focus if self.path in ("-", "(path)") else f"{self.focus} {self.path}"
        value = "" if self.value in ("-", self.focus) else f" [value: {self.value}]"
        return f"{self.severity}: {where}: {self.message}{value}"


def _shorten(message: str) -> str:
    # SPARQL messages substitute full IRIs; show them the way the rest of the report does.
    return message.replace(str(ID), "").replace(str(KG), "kg:")


def _violations(results: Graph) -> list[Violation]:
    out: list[Violation] = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        messages = sorted(_shorten(str(m)) for m in results.objects(r, SH.resultMessage))
        out.append(Violation(
            severity=_short(results, severity).removeprefix("<http://www.w3.org/ns/shacl#")
            .rstrip(">"),
            focus=_short(results, results.value(r, SH.focusNode)),
            path=_short(results, results.value(r, SH.resultPath)),
            message="; ".join(messages) or "constraint not met",
            value=_short(results, results.value(r, SH.value)),
        ))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


def validate(data: nx.MultiDiGraph | Graph) -> tuple[bool, str]:
    """SHACL-validate the RDF form of ``data`` against ``shapes.ttl`` (with the ontology).

    Returns ``(conforms, report)``; the report is one line per violation, sorted by node.
    """
    import pyshacl  # slow to import; only validation needs it

    rdf = data if isinstance(data, Graph) else to_rdf(data)
    conforms, results, _text = pyshacl.validate(
        rdf, shacl_graph=files._shapes(), ont_graph=files._ontology(), inference="none",
        abort_on_first=False, allow_warnings=False, advanced=True,
    )
    triples = len(rdf)
    if conforms:
        return True, f"Conforms: yes ({triples} triples checked against shapes.ttl)."
    if not isinstance(results, Graph):  # pyshacl reports a broken shapes file this way
        raise RuntimeError(f"SHACL validation could not run: {one_line(Exception(_text))}")
    violations = _violations(results)
    lines = [f"Conforms: no — {len(violations)} violation(s) in {triples} triples:"]
    lines += [f"  {v}" for v in violations]
    return False, "\n".join(lines)
