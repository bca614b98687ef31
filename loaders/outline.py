"""The outline of a plan: the markers nested into a tree, with every piece of text and every
clause in the node it belongs to.

A plan uses some of the numbering forms (:mod:`loaders.scan`): the 2015 plan 一、 and （一）;
2022's 一、 / （一） / 1.; 2025's 一、 and 1., with some sections holding one unnumbered paragraph.
:func:`build_outline` nests the markers of :func:`loaders.scan.tokenize` into a tree of
:class:`Node`. Which level holds the tasks is decided afterwards, from where the clauses are
(:func:`task_rank`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.agencies import AgencyRegistry
from loaders.scan import RANK, Token, tokenize

_PUNCT_ONLY = re.compile(r"^[\s。，；、.,;：:]*$")


@dataclass
class Node:
    form: str
    number: int
    marker: tuple[int, int]
    parent: Node | None
    title: tuple[int, int] | None = None
    texts: list[tuple[int, int]] = field(default_factory=list)
    clauses: list[Token] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    section_before: int | None = None  # the A heading directly before this marker

    @property
    def rank(self) -> int:
        return RANK[self.form]

    def path(self) -> tuple[tuple[int, int], ...]:
        """(rank, number) of every ancestor and this node, from the top."""
        chain: list[tuple[int, int]] = []
        node: Node | None = self
        while node is not None:
            chain.append((node.rank, node.number))
            node = node.parent
        return tuple(reversed(chain))

    def ancestor(self, form: str) -> Node | None:
        node = self.parent
        while node is not None:
            if node.form == form:
                return node
            node = node.parent
        return None


@dataclass
class Orphan:
    node: Node
    token: Token


@dataclass
class Outline:
    nodes: list[Node]  # in document order
    tokens: list[Token]
    orphans: list[Orphan]
    header: list[tuple[int, int]]
    unread: list[Token]  # bracketed passages that look like clauses but are not
    # The text and clauses outside every numbered item (the header, and everything in a plan
    # that numbers nothing), in one node: read when no numbered item carries a clause.
    loose: Node = field(default_factory=lambda: Node("P", 0, (0, 0), None))


def _continues(text: str, first: Token, second: Token) -> bool:
    """A labelled clause right after another adds to it (牵头单位：… then 责任单位：… on the
    next line); it is not an orphan."""
    return second.labelled and first.labelled


def build_outline(text: str, registry: AgencyRegistry | None = None) -> Outline:
    """Nest the markers into a tree and give every text piece and clause its node.

    Text before the first marker, and from a signature up to the next marker, is header.
    A clause directly after another clause, with only punctuation between them, is an
    orphan (unless it continues a labelled clause).
    """
    tokens, unread = tokenize(text, registry)
    nodes: list[Node] = []
    orphans: list[Orphan] = []
    header: list[tuple[int, int]] = []
    loose = Node("P", 0, (0, 0), None)
    loose_orphans: list[Orphan] = []
    open_nodes: list[Node] = []
    in_header = True
    pending_section: int | None = None
    last_clause: Token | None = None  # the last clause of the current node, if it was last
    last_loose: Token | None = None  # the same, for text outside the numbered items

    for tok in tokens:
        current = open_nodes[-1] if open_nodes else None
        if tok.kind == "marker":
            assert tok.form is not None and tok.number is not None
            in_header = False
            rank = RANK[tok.form]
            while open_nodes and open_nodes[-1].rank >= rank:
                open_nodes.pop()
            parent = open_nodes[-1] if open_nodes else None
            node = Node(tok.form, tok.number, (tok.start, tok.end), parent,
                        title=tok.title if tok.form in ("N", "A", "B") else None,
                        section_before=pending_section)
            pending_section = tok.number if tok.form == "A" else None
            if parent is not None:
                parent.children.append(node)
            nodes.append(node)
            open_nodes.append(node)
            last_clause = None
        elif tok.kind == "signature":
            in_header = True
            open_nodes = []
            header.append((tok.start, tok.end))
            loose.texts, loose.clauses, loose_orphans = [], [], []  # the notice ends here
            last_loose = None
        elif tok.kind == "clause":
            if in_header or current is None:
                header.append((tok.start, tok.end))
                if last_loose is not None and _PUNCT_ONLY.match(text[last_loose.end:tok.start]):
                    if _continues(text, last_loose, tok):
                        last_loose.parts = [*last_loose.contents(), *tok.contents()]
                        last_loose.end = tok.end
                    else:
                        loose_orphans.append(Orphan(loose, tok))
                else:
                    loose.clauses.append(tok)
                    last_loose = tok
                continue
            if last_clause is not None and _PUNCT_ONLY.match(text[last_clause.end:tok.start]):
                if _continues(text, last_clause, tok):
                    last_clause.parts = [*last_clause.contents(), *tok.contents()]
                    last_clause.end = tok.end
                    continue
                orphans.append(Orphan(current, tok))
            else:
                current.clauses.append(tok)
            last_clause = tok
        else:
            if in_header or current is None:
                header.append((tok.start, tok.end))
                if last_loose is None or not _PUNCT_ONLY.match(text[tok.start:tok.end]):
                    loose.texts.append((tok.start, tok.end))
                    last_loose = None
                continue
            if last_clause is not None and _PUNCT_ONLY.match(text[tok.start:tok.end]):
                continue  # the 。 after a clause: keep last_clause for orphan detection
            current.texts.append((tok.start, tok.end))
            last_clause = None
    if not any(n.clauses for n in nodes):
        orphans = loose_orphans  # the loose text is read: its orphans are reported
    return Outline(nodes, tokens, orphans, header, unread, loose)


def task_rank(outline: Outline) -> int | None:
    """The level that holds the tasks: the deepest level that carries at least a quarter of
    the clauses' items, unless most of its items sit inside an item that carries a clause
    itself (sub-points of tasks). A few clauses deeper down (an enumeration inside a task)
    or higher up (a section that is one paragraph) do not move it. With no clauses at all:
    the deepest level that has text of its own.

    >>> task_rank(build_outline("（一）甲。（省发改委负责）（二）乙：1.丙；2.丁。（省财政厅负责）"
    ...                         "（三）戊。（省商务厅负责）（四）己。（省民政厅负责）（五）庚。（省教育厅负责）"))
    1
    """
    by_rank: dict[int, list[Node]] = {}
    for node in outline.nodes:
        if node.clauses:
            by_rank.setdefault(node.rank, []).append(node)
    total = sum(len(nodes) for nodes in by_rank.values())
    for rank in sorted(by_rank, reverse=True):
        nodes = by_rank[rank]
        inside = sum(1 for n in nodes if _has_clause_above(n))
        if len(nodes) * 4 >= total and inside * 2 <= len(nodes):
            return rank
    if by_rank:
        return max(by_rank, key=lambda r: (len(by_rank[r]), r))
    with_text = [n.rank for n in outline.nodes if n.texts]
    return max(with_text) if with_text else None


def _has_clause_above(node: Node) -> bool:
    up = node.parent
    while up is not None:
        if up.clauses:
            return True
        up = up.parent
    return False
