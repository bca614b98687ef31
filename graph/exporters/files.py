"""``graphml`` (Gephi, yEd, Cytoscape) and ``json`` (node-link, for programs) exports.

JSON keeps everything: it is networkx's ``node_link_data(g, edges="links")``, so
``nx.node_link_graph(data, edges="links", multigraph=True, directed=True)`` reads it back
(node ``labels`` come back as lists, the ``key`` of a link is its relationship type; the
node key ``id`` is also the ``id`` property, which networkx does not repeat as an attribute).

GraphML has no list type, so lists (``labels``, ``aliases``, ``evidence``, ``quotes``,
``clauses``) are joined with ``";"`` into one string — a list item that itself contains
``;`` cannot be told apart there; use JSON when lists matter. ``None`` values are left out,
and control characters XML 1.0 cannot hold become U+FFFD.
Each node also gets a ``label`` (its name, task number or title), which Gephi shows.

>>> import io, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("agency/a", labels=("Agency",), id="agency/a", name="a", aliases=["b", "c"])
>>> graphml_graph(g).nodes["agency/a"]
{'labels': 'Agency', 'id': 'agency/a', 'name': 'a', 'aliases': 'b;c', 'label': 'a'}
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final, TextIO

import networkx as nx

from graph import schema as s
from graph.exporters import Exporter, register

LIST_SEPARATOR: Final = ";"


@contextlib.contextmanager
def open_text(out: Path | None) -> Iterator[TextIO]:
    """A UTF-8 text stream on ``out``, or on stdout when ``out`` is None (not closed then)."""
    if out is not None:
        with open(out, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream without bytes (some test runners): write text
        yield sys.stdout
        sys.stdout.flush()
        return
    # Not the locale's encoding: Chinese text must survive an ASCII terminal setting.
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n", write_through=True)
    try:
        yield stream
        stream.flush()
    finally:
        stream.detach()  # leave sys.stdout's buffer open


def caption(attrs: dict[str, Any]) -> str:
    """What a viewer should show for a node: name, task number, or title."""
    primary = attrs["labels"][0]
    if primary == s.TASK:
        return f"{attrs.get('number')} {attrs.get('title') or ''}".strip()
    for key in ("name", "title", "id"):
        if attrs.get(key) not in (None, ""):
            return str(attrs[key])
    return ""


# XML 1.0 cannot hold these at all (not even escaped); the documents contain none.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    return value


def graphml_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` that GraphML can hold: lists joined, ``None`` dropped, a ``label`` added.

    A property whose values have different types across nodes (GraphML declares one type
    per key) is written as a string everywhere.
    """
    # Said in the file too, for whoever opens it without this module at hand.
    h = nx.MultiDiGraph(list_separator=LIST_SEPARATOR,
                        note="list properties (labels, aliases, evidence, quotes, clauses) "
                             f"are joined with '{LIST_SEPARATOR}'")
    for node_id, attrs in g.nodes(data=True):
        flat = {k: _flat(v) for k, v in attrs.items() if v is not None}
        flat["label"] = caption(attrs)
        h.add_node(node_id, **flat)
    for u, v, key, attrs in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=key, **{k: _flat(x) for k, x in attrs.items() if x is not None})
    for view in (h.nodes(data=True), h.edges(data=True)):
        types: dict[str, set[type]] = {}
        for *_, attrs in view:
            for k, x in attrs.items():
                types.setdefault(k, set()).add(type(x))
        mixed = {k for k, ts in types.items() if len(ts) > 1}
        for *_, attrs in view:
            for k in mixed & attrs.keys():
                attrs[k] = str(attrs[k])
    return h


def write_graphml(g: nx.MultiDiGraph, out: Path | None) -> None:
    buffer = io.BytesIO()  # write_graphml adds the XML declaration generate_graphml omits
    nx.write_graphml(graphml_graph(g), buffer, encoding="utf-8", prettyprint=True)
    with open_text(out) as fh:
        fh.write(buffer.getvalue().decode("utf-8"))


def node_link(g: nx.MultiDiGraph) -> dict[str, Any]:
    """networkx node-link data with ``links`` (the name d3 and most tools expect)."""
    return nx.node_link_data(g, edges="links")


def write_json(g: nx.MultiDiGraph, out: Path | None) -> None:
    with open_text(out) as fh:
        json.dump(node_link(g), fh, ensure_ascii=False, indent=2)
        fh.write("\n")


register(Exporter(
    name="graphml",
    description="GraphML for Gephi, yEd, Cytoscape (lists joined with ';', None left out)",
    write=write_graphml,
    media_type="application/graphml+xml; charset=utf-8",
    suffix="graphml",
))
register(Exporter(
    name="json",
    description="networkx node-link JSON (nodes + links), lossless, for programs",
    write=write_json,
    media_type="application/json",
    suffix="json",
))
