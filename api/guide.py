"""The Neo4j Browser guide (``guide/index.html``), generated from the named queries.

Each slide asks an analyst's question and answers it with a named query of ``queries/``,
its parameters inlined as Cypher literals (a Browser guide cannot prompt for them). The
generated file is committed; ``kg guide`` rewrites it and a test checks it is current, so
the guide cannot drift from the queries.

Browser plays it with ``:play <url>`` (``<article class="guide">`` with a ``<carousel>`` of
``<slide>`` elements; clicking a ``<pre class="runnable">`` puts its text in the editor).

>>> inline_parameters("MATCH (a) WHERE a.name = $agency RETURN a", {"agency": "省发改委"})
"MATCH (a) WHERE a.name = '省发改委' RETURN a"
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from core import resources
from graph.exporters.cypher_script import cypher_literal
from queries.catalog import NamedQuery, all_queries, bind_params

# guide/index.html in a checkout (core/data links to it), the packaged copy in a wheel.
GUIDE_PATH: Final = resources.path("guide.html")

_PARAMETER: Final = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def inline_parameters(body: str, values: dict[str, Any]) -> str:
    """``body`` with each ``$name`` replaced by the Cypher literal of ``values[name]``.

    Text inside string literals and ``//`` comments is left alone.
    """
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch in "'\"":  # copy a string literal whole
            j = i + 1
            while j < len(body) and body[j] != ch:
                j += 2 if body[j] == "\\" else 1
            out.append(body[i:j + 1])
            i = j + 1
        elif body.startswith("//", i):
            j = body.find("\n", i)
            j = len(body) if j < 0 else j
            out.append(body[i:j])
            i = j
        elif ch == "$" and (m := _PARAMETER.match(body, i)):
            if m.group(1) not in values:
                raise KeyError(f"no value for parameter ${m.group(1)}")
            out.append(cypher_literal(values[m.group(1)]))
            i = m.end()
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class Slide:
    """One analyst question answered by a named query (parameters as ``kg query`` takes them)."""

    query: str
    question: str
    explanation: str
    params: dict[str, str] = field(default_factory=dict)


# The tour, in order. A public query of queries/ that is not listed here still gets a slide
# (after these, its description as the question, its first example as the values).
TOUR: Final[tuple[Slide, ...]] = (
    Slide("tasks_by_agency", "What is 省发改委 responsible for?",
          "Every task the Development and Reform Commission leads (牵头, or 负责 when nobody "
          "leads), is responsible for (负责 under a lead) or cooperates on (配合).",
          {"agency": "省发改委"}),
    Slide("who_builds", "Who builds 政务云平台, the government cloud?",
          "The tasks that involve the platform, the action (建设, 升级…) and every agency "
          "holding a role on those tasks.",
          {"infrastructure": "政务云平台"}),
    Slide("co_responsibility", "Which agencies work together most?",
          "Counts the distinct tasks on which both agencies are named, in any role; pairs "
          "sharing fewer than min_shared tasks (2 when null) are left out.", {}),
    Slide("agency_neighbourhood", "Who is within two steps of 省数字办?",
          "Agencies sharing a task with it (distance 1), and their partners (distance 2).",
          {"agency": "省数字办", "depth": "2"}),
    Slide("conflicts", "Which tasks conflict?",
          "Tasks whose copies in the noisy document carry different responsibility clauses. "
          "Nothing is dropped: the roles are the union, and every clause seen is listed.", {}),
    Slide("api_documents", "Which section was lost?",
          "The quality report of each document: lost section headings (missing_sections), "
          "tasks whose section cannot be known, missing task numbers, orphan clauses. "
          "Gaps are reported, never filled in.",
          {"offset": "0", "limit": "10"}),
    Slide("agency_workload", "Who carries the most tasks?",
          "Tasks per agency by role, with its betweenness in the network (computed with "
          "networkx and stored on the node).", {}),
    Slide("agencies_for_task", "Who is in charge of task 11?",
          "The agencies of one task's responsibility clauses, leads first.", {"number": "11"}),
)


def slide_values(query: NamedQuery, given: dict[str, str]) -> dict[str, Any]:
    """Typed values of every parameter: the tour's, else the query's first example; an
    optional parameter left out is null."""
    raw = given or (query.examples[0] if query.examples else {})
    return bind_params(query, raw)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _slide(title: str, lead: str, body: str) -> str:
    return (f'<slide class="row-fluid">\n  <div class="col-sm-3">\n    <h3>{_esc(title)}</h3>\n'
            f'    <p class="lead">{_esc(lead)}</p>\n  </div>\n  <div class="col-sm-9">\n'
            f"{body}\n  </div>\n</slide>")


def _runnable(cypher: str, caption: str = "") -> str:
    fig = f'    <figure>\n      <pre class="pre-scrollable code runnable">{_esc(cypher)}</pre>\n'
    if caption:
        fig += f"      <figcaption>{_esc(caption)}</figcaption>\n"
    return fig + "    </figure>"


def render_guide(queries: dict[str, NamedQuery] | None = None) -> str:
    """The whole guide as HTML."""
    queries = all_queries() if queries is None else queries
    slides = [_slide(
        "Work plans as a graph",
        "Tasks of a government work plan (工作要点), the agencies that lead, carry out or "
        "support them, and the infrastructure they build.",
        "    <p>Labels: <code>Document</code>, <code>Section</code>, <code>Task</code>, "
        "<code>Agency</code>, <code>Infrastructure</code> (plus its kind: Platform, DataCenter, "
        "Network, Park, System, Database). Roles: <code>LEADS</code>, "
        "<code>RESPONSIBLE_FOR</code>, <code>COOPERATES_ON</code>; <code>INVOLVES</code> links "
        "a task to infrastructure.</p>\n"
        "    <p>Click a grey block to put it in the editor, then run it. Parameter values are "
        "written into the queries; an optional parameter left out appears as "
        "<code>null</code>: put a value there to filter. For colours and captions run "
        "<code>:style</code> and drop <code>graphstyle.grass</code> on it.</p>\n"
        + _runnable("CALL db.schema.visualization()", "The shape of the graph."))]
    listed = {slide.query for slide in TOUR}
    tour = [slide for slide in TOUR if slide.query in queries]
    tour += [Slide(q.name, q.description or q.name, "", {}) for name, q in sorted(queries.items())
             if name not in listed and not q.internal]
    for slide in tour:
        q = queries[slide.query]
        values = slide_values(q, slide.params)
        cypher = inline_parameters(q.text, values)
        given = {k: v for k, v in values.items() if v is not None}
        cli = " ".join([f"kg query {q.name}", *(f"--param {k}={v}" for k, v in given.items())])
        note = f"    <p>{_esc(slide.explanation)}</p>\n" if slide.explanation else ""
        caption = f"Named query {q.name}; from a shell: {cli}"
        slides.append(_slide(slide.question, q.description, note + _runnable(cypher, caption)))
    body = "\n".join(slides)
    return (
        "<!-- Generated by `kg guide` from queries/*.cypher: edit those, not this file. -->\n"
        '<article class="guide">\n<carousel class="deck container-fluid">\n'
        f"{body}\n</carousel>\n</article>\n"
    )


def write_guide(path: Path = GUIDE_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_guide(), encoding="utf-8")
    return path
