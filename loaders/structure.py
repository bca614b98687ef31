"""The flat view of a plan's structure used by the 2014–2015 rules and their tests: tokens
of kind section / task / clause / signature / text, and task occurrences with their orphans.

Built on :mod:`loaders.outline`, which reads every level of numbering; here 一、 headings
are ``section`` tokens and every numbered item is a ``task``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.header import SIGNATURE
from loaders.outline import build_outline
from loaders.scan import Token
from loaders.scan import tokenize as outline_tokenize

__all__ = ["SIGNATURE", "Occurrence", "Orphan", "Token", "occurrences", "tokenize"]


def tokenize(text: str) -> list[Token]:
    """Structural tokens in source order; everything between them is ``text``.

    >>> [t.kind for t in tokenize("一、甲（一）建设A平台。（省发改委负责）")]
    ['section', 'task', 'text', 'clause']
    """
    tokens, _ = outline_tokenize(text)
    for tok in tokens:
        if tok.kind == "marker":
            tok.kind = "section" if tok.form == "A" else "task"  # type: ignore[assignment]
    return tokens


@dataclass
class Occurrence:
    """One copy of a task: its marker, its text pieces and the clauses inside it."""

    number: int
    marker: tuple[int, int]
    section_before: int | None
    texts: list[tuple[int, int]] = field(default_factory=list)
    clauses: list[Token] = field(default_factory=list)


@dataclass
class Orphan:
    after_task: int
    token: Token


def occurrences(text: str, tokens: list[Token] | None = None
                ) -> tuple[list[Occurrence], list[Orphan], list[tuple[int, int]]]:
    """Task occurrences (numbered items below the 一、 headings), orphan clauses and header
    spans. ``tokens`` is accepted for compatibility; the outline is rebuilt from ``text``."""
    outline = build_outline(text)
    occs = [Occurrence(n.number, n.marker, n.section_before, list(n.texts), list(n.clauses))
            for n in outline.nodes if n.form != "A"]
    orphans = [Orphan(o.node.number, o.token) for o in outline.orphans]
    return occs, orphans, outline.header
