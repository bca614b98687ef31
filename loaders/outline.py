"""The outline of a plan: headings and numbered items at every level, clauses, signature.

Plans number their parts with the forms of official documents, from the top down:

    一、  （一）  1.  （1）  ①        (forms A, B, C, D, E; rank 0 … 4)

A plan uses some of them: the 2015 plan 一、 and （一）; 2022's 一、 / （一） / 1.; 2025's 一、 and
1., with some sections holding one unnumbered paragraph. :func:`tokenize` finds markers,
responsibility clauses (in any bracket, or a ``责任单位：`` line with none) and the signature;
:func:`build_outline` nests the markers into a tree of :class:`Node` and puts every piece of
text and every clause into the node it belongs to. Which level holds the tasks is decided
afterwards, from where the clauses are (:func:`task_rank`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

from loaders.agencies import AgencyRegistry
from loaders.clauses import _label_pattern, is_agency_list, is_clause
from loaders.header import SIGNATURE, SIGNATURE_CN, match_signature
from loaders.numerals import NUMERAL_CHARS, parse_numeral
from loaders.rules import load_rules

_NUM = f"[{NUMERAL_CHARS}]+"
FORMS = ("A", "B", "C", "D", "E")
# "P": an unnumbered paragraph of a heading that holds several tasks as paragraphs (made by
# the reader, never by the tokenizer).
RANK = {form: i for i, form in enumerate((*FORMS, "P"))}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

MARKER_A = re.compile(rf"({_NUM})\s*、\s*")
MARKER_B = re.compile(rf"[（(]\s*({_NUM})\s*[）)]\s*")
MARKER_C = re.compile(r"(\d{1,3})\s*[.．、](?![\d.．])\s*")
MARKER_D = re.compile(r"[（(]\s*(\d{1,3})\s*[）)]\s*")
MARKER_E = re.compile(f"([{_CIRCLED}])\\s*")
_SENTENCE_END = "。！？；;!?"
# 一、二级医院: a list of numbers, not a heading.
_ENUMERATION = re.compile(rf"[{NUMERAL_CHARS}]+[级类等批期档个项]")
_TITLE_STOP = re.compile(r"[\n。！？；;!?]")
_PUNCT_ONLY = re.compile(r"^[\s。，；、.,;：:]*$")

TokenKind = Literal["marker", "clause", "signature", "text"]


@dataclass
class Token:
    kind: TokenKind
    start: int
    end: int
    form: str | None = None  # marker form A–E
    number: int | None = None
    title: tuple[int, int] | None = None  # heading title span (A and B markers)
    inner: tuple[int, int] | None = None  # clause content span
    labelled: bool = False  # the clause starts with a label word (责任单位：…)
    # A clause continued by another right after it (牵头单位：… then 责任单位：… on the next
    # line) is read as one: the content spans of all its parts.
    parts: list[tuple[int, int]] = field(default_factory=list)

    def contents(self) -> list[tuple[int, int]]:
        if self.parts:
            return self.parts
        return [self.inner] if self.inner is not None else []


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


@cache
def _clause_limits() -> tuple[int, int]:
    clause = load_rules("rules")["clause"]
    return int(clause["max_length"]), int(clause["max_lines"])


@cache
def _brackets() -> tuple[str, str]:
    pairs = load_rules("rules")["clause"]["brackets"]
    return "".join(o for o, _ in pairs), "".join(c for _, c in pairs)


def matching_bracket(text: str, start: int) -> int | None:
    """Index of the bracket closing the one at ``start``.

    Any closer ends a nesting level, so ``(责任单位：…）`` reads. A clause may run over a few
    lines (copied from a page) but not past a line that starts a new numbered item.
    """
    opens, closes = _brackets()
    max_length, max_lines = _clause_limits()
    depth = 0
    lines = 0
    for i in range(start, min(len(text), start + max_length)):
        ch = text[i]
        if ch in opens:
            depth += 1
        elif ch in closes:
            depth -= 1
            if depth == 0:
                return i
        elif ch == "\n":
            lines += 1
            if lines > max_lines or _starts_item(text, i + 1):
                return None
    return None


def _starts_item(text: str, pos: int) -> bool:
    while pos < len(text) and text[pos] in " \t\u3000":
        pos += 1
    return any(p.match(text, pos) for p in (MARKER_A, MARKER_B, MARKER_C))


def at_boundary(text: str, pos: int, tokens: list[Token]) -> bool:
    """Whether ``pos`` may start a heading or an item: the start of the text or of a line, or
    right after a sentence, a clause, a heading or a signature (pages often lose line breaks).
    """
    i = pos - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    if i < 0 or text[i] == "\n" or text[i] in _SENTENCE_END:
        return True
    return bool(tokens) and tokens[-1].kind != "text" and tokens[-1].end == i + 1


def _title_span(text: str, start: int) -> tuple[int, int]:
    """A heading's title: up to the end of the line, the sentence, or the next marker."""
    end = start
    limit = min(len(text), start + 60)
    opens = _brackets()[0]
    while end < limit:
        ch = text[end]
        if _TITLE_STOP.match(ch):
            break
        if ch == "1" and (m := MARKER_C.match(text, end)) and m.group(1) == "1" and (
                "\u4e00" <= text[m.end():m.end() + 1] <= "\u9fff"):
            break  # 一、甲1.乙: a page that lost its line breaks; the first item starts here
        if ch in opens:
            if MARKER_B.match(text, end) or MARKER_D.match(text, end):
                break
            close = matching_bracket(text, end)
            if close is not None and is_clause(text[end + 1:close]):
                break
        end += 1
    while end > start and text[end - 1] in " \t\u3000":
        end -= 1
    return start, end


def _item_follows(text: str, pos: int) -> bool:
    if MARKER_B.match(text, pos):
        return True
    m = MARKER_C.match(text, pos)
    return m is not None and m.group(1) == "1"


def _marker_at(text: str, pos: int, tokens: list[Token], expected_c: set[int]) -> Token | None:
    """A marker at ``pos``. ``expected_c`` are the 1. numbers that may come next: a 1. item
    that does not start a line (a page that lost its line breaks) is read only then."""
    boundary = at_boundary(text, pos, tokens)
    if (m := MARKER_A.match(text, pos)) and not _ENUMERATION.match(text, m.end()):
        title = _title_span(text, m.end())
        # Away from a line start, a heading is only read when an item follows its title
        # (…工作要点一、推进改革创新（一）…, as in the 2015 copy).
        if title[1] > title[0] and (boundary or _item_follows(text, title[1])):
            return Token("marker", pos, m.end(), form="A", number=parse_numeral(m.group(1)),
                         title=title)
    if m := MARKER_B.match(text, pos):
        # （一） is read anywhere, as in the 2015 copy where items run on without breaks.
        return Token("marker", pos, m.end(), form="B", number=parse_numeral(m.group(1)),
                     title=_title_span(text, m.end()))
    if (m := MARKER_C.match(text, pos)) and (pos == 0 or not text[pos - 1].isdigit()):
        nxt = text[m.end():m.end() + 1]
        number = int(m.group(1))
        in_sequence = number in expected_c and "\u4e00" <= nxt <= "\u9fff" and "、" not in m.group(0)
        if nxt and not nxt.isdigit() and nxt not in "%％" and (boundary or in_sequence):
            return Token("marker", pos, m.end(), form="C", number=number)
    if (m := MARKER_D.match(text, pos)) and (boundary or (pos > 0 and text[pos - 1] in "：:")):
        return Token("marker", pos, m.end(), form="D", number=int(m.group(1)))
    if m := MARKER_E.match(text, pos):
        return Token("marker", pos, m.end(), form="E", number=_CIRCLED.index(m.group(1)) + 1)
    return None


def _clause_at(text: str, pos: int, tokens: list[Token], registry: AgencyRegistry
               ) -> tuple[Token | None, bool]:
    """A clause starting at ``pos``, and whether the bracket there looked like an unreadable one.
    """
    opens = _brackets()[0]
    if text[pos] in opens:
        close = matching_bracket(text, pos)
        if close is not None:
            inner = text[pos + 1:close]
            labelled = bool(_label_pattern().match(inner.lstrip()))
            if is_clause(inner):
                return Token("clause", pos, close + 1, inner=(pos + 1, close),
                             labelled=labelled), False
            if _ends_item(text, close + 1) and is_agency_list(inner, registry):
                return Token("clause", pos, close + 1, inner=(pos + 1, close)), False
            return None, _looks_unread(inner)
        eol = text.find("\n", pos)
        eol = len(text) if eol < 0 else eol
        if _label_pattern().match(text, pos + 1):
            # An unclosed （责任单位：… running to the end of the line.
            return Token("clause", pos, eol, inner=(pos + 1, eol), labelled=True), False
        return None, False
    if at_boundary(text, pos, tokens) and _label_pattern().match(text, pos):
        eol = text.find("\n", pos)
        eol = len(text) if eol < 0 else eol
        end = eol
        while end > pos and text[end - 1] in " \t\u3000。.":
            end -= 1
        return Token("clause", pos, end, inner=(pos, end), labelled=True), False
    return None, False


def _ends_item(text: str, pos: int) -> bool:
    """A bracket at the end of an item: only punctuation, then a line break, the end, another
    bracket or a new item."""
    while pos < len(text) and text[pos] in " \t\u3000。；;.":
        pos += 1
    return pos >= len(text) or text[pos] in "\n" + _brackets()[0] or _starts_item(text, pos)


def _looks_unread(inner: str) -> bool:
    """A bracket that names units but has no label or verb we know: report it."""
    return any(w in inner for w in ("单位", "部门", "责任")) and len(inner) > 4


@cache
def _start_chars() -> tuple[frozenset[str], frozenset[str]]:
    """Characters a marker may start with, and those a clause may start with."""
    markers = frozenset(NUMERAL_CHARS + "（(0123456789０１２３４５６７８９" + _CIRCLED)
    labels = {w[0] for words in load_rules("rules")["labels"].values() for w in words}
    return markers, frozenset(_brackets()[0]) | frozenset(labels)


def _next_signature(text: str, pos: int) -> tuple[int, int] | None:
    """Start and end of the first signature at or after ``pos``."""
    found = [(m.start(), end) for pattern in (SIGNATURE, SIGNATURE_CN)
             if (m := pattern.search(text, pos)) is not None
             for end, *_ in [match_signature(text, m.start()) or (m.end(),)]]
    return min(found) if found else None


def tokenize(text: str, registry: AgencyRegistry | None = None) -> tuple[list[Token], list[Token]]:
    """Structural tokens in source order (everything between them is ``text``), and the
    bracketed passages that looked like clauses but could not be read."""
    registry = registry or AgencyRegistry.bundled()
    tokens: list[Token] = []
    unread: list[Token] = []
    pos = 0
    n = len(text)
    expected_c: set[int] = set()
    marker_starts, clause_starts = _start_chars()
    next_signature = _next_signature(text, 0)
    while pos < n:
        ch = text[pos]
        if ch not in marker_starts and ch not in clause_starts:
            # Most characters start nothing: only a signature may begin here.
            if next_signature is not None and next_signature[0] < pos:
                next_signature = _next_signature(text, pos)
            if next_signature is not None and next_signature[0] == pos:
                tokens.append(Token("signature", pos, next_signature[1]))
                pos = next_signature[1]
                continue
            _append_text(tokens, pos)
            pos += 1
            continue
        marker = _marker_at(text, pos, tokens, expected_c) if ch in marker_starts else None
        if marker is not None:
            tokens.append(marker)
            pos = marker.end
            if marker.form in ("A", "B"):
                expected_c = {1}
            elif marker.form == "C" and marker.number is not None:
                expected_c = {marker.number + 1}
            if marker.form == "A" and marker.title is not None:
                pos = max(pos, marker.title[1])
                marker.end = pos
            continue
        clause, looks_unread = _clause_at(text, pos, tokens, registry)
        if clause is not None:
            tokens.append(clause)
            pos = clause.end
            continue
        if looks_unread:
            close = matching_bracket(text, pos)
            if close is not None:
                unread.append(Token("text", pos, close + 1))
        sig = match_signature(text, pos) if "\u4e00" <= ch <= "\u9fff" else None
        if sig:
            tokens.append(Token("signature", pos, sig[0]))
            pos = sig[0]
            continue
        _append_text(tokens, pos)
        pos += 1
    return tokens, unread


def _append_text(tokens: list[Token], pos: int) -> None:
    if tokens and tokens[-1].kind == "text" and tokens[-1].end == pos:
        tokens[-1].end = pos + 1
    else:
        tokens.append(Token("text", pos, pos + 1))


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
    open_nodes: list[Node] = []
    in_header = True
    pending_section: int | None = None
    last_clause: Token | None = None  # the last clause of the current node, if it was last

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
                        title=tok.title if tok.form in ("A", "B") else None,
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
        elif tok.kind == "clause":
            if in_header or current is None:
                header.append((tok.start, tok.end))
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
                continue
            if last_clause is not None and _PUNCT_ONLY.match(text[tok.start:tok.end]):
                continue  # the 。 after a clause: keep last_clause for orphan detection
            current.texts.append((tok.start, tok.end))
            last_clause = None
    return Outline(nodes, tokens, orphans, header, unread)


@lru_cache(maxsize=16)
def outline_of(text: str) -> Outline:
    """The outline of ``text`` read with the bundled registry, cached: profiles score a text
    and then read it. Treat the result as read-only."""
    return build_outline(text)


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
