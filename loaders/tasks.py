"""Which parts of a plan's outline are tasks, how they are numbered, labelled and placed in
sections, and their occurrences merged into an Extraction (every profile but tables).

The outline (:mod:`loaders.outline`) gives the tree of headings and items; this module
decides which nodes are tasks, numbers and labels them (see :mod:`loaders.records` for the
numbering decision), places them in sections and merges their occurrences
(:mod:`loaders.assemble`).

Two numbering modes, found from the document:

* **flat** — task numbers run on across sections (2014–2019: 一、 then （一）…（四十九）).
  ``number`` is the written number; sections hold the numbers from their first task up to
  the next section's first (robust to shuffled, duplicated copies).
* **nested** — numbering restarts under each heading (一、/（一）/1.), or some tasks have no
  number of their own. ``label`` is the path of numbers ("1.3.2"), ``number`` the running
  order, and sections come from the tree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from core.errors import InputError
from loaders.agencies import AgencyRegistry
from loaders.assemble import ClauseRead, Piece, TaskEntry, build_tasks, document_meta
from loaders.clauses import (
    body_endings,
    first_listed_leads,
    first_listed_pattern,
    read_cells,
    read_clause_full,
)
from loaders.header import Header, match_signature, read_header
from loaders.locality import Locality
from loaders.normalize import NormalizedText
from loaders.outline import Node, Outline, task_rank
from loaders.records import (
    Extraction,
    OrphanClause,
    QualityReport,
    SectionRecord,
    SubsectionRecord,
    Unread,
)
from loaders.scan import (
    POINT_ORDINAL,
    RANK,
    SENTENCE_END,
    Token,
    brackets,
    duty_labels,
    heading_lead,
    lead_clause,
    pointing_back,
)
from loaders.source import SourceText

if TYPE_CHECKING:
    from loaders.read import Parsed

_SENTENCE_END = tuple("。！？!?）)”")


def assign_sections(sections: list[SectionRecord], task_numbers: Iterable[int]
                    ) -> tuple[dict[int, int | None], list[int]]:
    """Each task's section, and the tasks whose section cannot be known.

    A section holds the numbers from its first task up to the next section's first task.
    When the next heading in numbering is lost (三 then 五), the tasks after the first one
    of the section before the gap could belong to either: they get no section.

    >>> secs = [SectionRecord(number=1, title="a", first_task=1),
    ...         SectionRecord(number=3, title="c", first_task=16),
    ...         SectionRecord(number=5, title="e", first_task=32)]
    >>> placed, uncertain = assign_sections(secs, [1, 15, 16, 17, 32, 40])
    >>> placed
    {1: 1, 15: None, 16: 3, 17: None, 32: 5, 40: 5}
    """
    known = sorted((s for s in sections if s.first_task is not None),
                   key=lambda s: s.first_task or 0)
    numbers = {s.number for s in sections if s.title is not None or s.first_task is not None}
    placed: dict[int, int | None] = {}
    uncertain: list[int] = []
    for n in sorted(set(task_numbers)):
        owner = None
        for s in known:
            if s.first_task is not None and s.first_task <= n:
                owner = s
        if owner is None:
            placed[n] = None
            uncertain.append(n)
            continue
        gap_after = (owner.number + 1) not in numbers and any(
            s.number > owner.number for s in known)
        if n != owner.first_task and gap_after:
            placed[n] = None
            uncertain.append(n)
        else:
            placed[n] = owner.number
    return placed, uncertain


class NoTasksFound(InputError):
    """The text holds no task (exit code 2, like any bad input)."""


@dataclass
class _Task:
    node: Node  # the first occurrence
    key: tuple[int, ...]
    pieces: list[Piece]
    nodes: list[Node]


def read_header_of(text: str, header_spans: list[tuple[int, int]], tokens: list[Token]
                   ) -> Header:
    """Document metadata from the header passages and the first signature."""
    signature = None
    for tok in tokens:
        if tok.kind == "signature" and (found := match_signature(text, tok.start)):
            signature = found[1], found[2]
            break
    header_text = "\n".join(text[a:b] for a, b in header_spans)
    return read_header(header_text, signature)


# A heading that is a body's bare name, its other names in brackets after it (综合办公室
# (党群工作部、监察室)), and nothing more.
_BARE_BODY_TITLE = re.compile(
    r"\s*(?P<name>[\u4e00-\u9fff]{2,12})(?:[（(][^（）()\n]{1,40}[）)])?\s*[：:。]?\s*")


def task_nodes(outline: Outline, rank: int) -> tuple[list[Node], dict[int, Node]]:
    """The nodes that are tasks, and for every node folded into a task, that task.

    Nodes at the task level are tasks; a shallower node is a task when it carries a clause
    of its own (a section whose only task is one paragraph), unless the clause is all it says
    over items of its own (3.各协办单位 over (1)市发改委 …: a heading naming their bodies); a
    deeper node is part of the task above it, or a task itself when it has none, or when both
    carry clauses of their own (a task's 具体措施 items, each with its own division of labour),
    or when the node above has no clause of its own and two or more items under it have
    theirs (the node above is then a heading).
    """
    tasks: list[Node] = []
    owner: dict[int, Node] = {}
    for node in outline.nodes:
        if node.rank == rank and (not node.clauses or not node.texts) and sum(
                1 for child in node.children if child.clauses) >= 2:
            # a heading over items that each state their own division of labour, or one that
            # only names their bodies (3.各协办单位 over (1)市发改委 …)
            continue
        if node.rank == rank or (node.rank < rank and node.clauses and (
                node.texts or not node.children)):
            tasks.append(node)
            owner[id(node)] = node
        elif node.rank > rank:
            up = node.parent
            while up is not None and id(up) not in owner:
                up = up.parent
            if up is not None and up.rank >= rank and not (node.clauses and owner[id(up)].clauses):
                owner[id(node)] = owner[id(up)]
            else:
                tasks.append(node)
                owner[id(node)] = node
    return tasks, owner


Group = tuple[list[tuple[int, int]], list[Token]]  # the text spans of a task and its clauses
# A bullet that opens an item of an unnumbered list (● 实施…), often lost to ? in copies.
_BULLET = re.compile(r"(?:(?<=\s)|^)[?？●◆◇■□•▪★☆▲△○◎※➢➤►▶]+(?=\s)")


def paragraphs(node: Node, text: str, *, join_lines: bool = True,
               skip_title: bool = False) -> list[Group]:
    """The node's own text cut into tasks, each closed by a clause: a clause closes the text
    before it (so a paragraph ``甲。（A负责）乙。（B负责）`` holds two tasks), a bullet (●, or
    the ? a copy left of one) starts a new one, and text after the last clause joins the last.

    ``join_lines``: a paragraph with no clause joins the next one (inside a numbered section);
    otherwise it is a heading or a preamble and is left out, unless the clause stands alone
    on its line (then the line before it is the task). ``skip_title``: the node's first line
    is its heading, not a task's text.
    """
    pieces: list[tuple[int, int, Token | None]] = []
    for a, b in node.texts:
        pos = a
        while (nl := text.find("\n", pos, b)) >= 0:
            if nl > pos:
                pieces.extend(_bullet_pieces(text, pos, nl))
            pieces.append((nl, nl + 1, None))
            pos = nl + 1
        if b > pos:
            pieces.extend(_bullet_pieces(text, pos, b))
    pieces.extend((c.start, c.end, c) for c in node.clauses)
    pieces.sort(key=lambda p: p[0])
    if skip_title:
        first_nl = next((i for i, p in enumerate(pieces) if p[2] is None
                         and text[p[0]:p[1]] == "\n"), len(pieces))
        if all(p[2] is None for p in pieces[:first_nl]):
            pieces = pieces[first_nl:]
    groups: list[Group] = []
    texts: list[tuple[int, int]] = []
    previous_line: list[tuple[int, int]] = []
    opened = False  # a clause opened this line: the rest of the line is its work
    for start, end, clause in pieces:
        if clause is not None:
            if _opens_line(text, clause, pending=bool(texts)):
                # 一是由区公安分局负责做好安保工作。: the roles open the line, the work follows;
                # text before it is the point's title (二是停车场建设。区城管局负责…), or joins
                # the task before, or is a lead-in
                title = _point_title(text, texts)
                rest = texts
                if title:  # the text before the title, on the title's piece and before it
                    first = texts[-1][0]
                    rest = texts[:-1] + ([(first, title[0][0])] if title[0][0] > first else [])
                if rest and groups and join_lines:
                    groups[-1][0].extend(rest)
                # (由A负责做好… read whole by the sentence rule holds its work)
                own = [(clause.start, clause.end)] if clause.cells else []
                groups.append((title + own, [clause]))
                texts, previous_line, opened = [], [], True
                continue
            opened = False
            if not texts and not join_lines:
                texts = previous_line
            if texts:
                groups.append((texts, [clause]))
            elif groups:
                groups[-1][1].append(clause)  # a second clause for the same text
            texts, previous_line = [], []
        elif text[start:end] == "\n":
            if opened:
                opened = False
            elif not join_lines and texts:
                previous_line, texts = texts, []
        elif opened:
            point = _NEXT_POINT.search(text, start, end)
            if point is None:
                groups[-1][0].append((start, end))
            else:  # …规范管理。二是按照规划…: the next point starts its own task
                groups[-1][0].append((start, point.start()))
                texts, opened = [(point.start(), end)], False
        elif _ORDINAL.fullmatch(text[start:end].strip(" \t\u3000")):
            continue  # 三是 before the roles that open its point
        elif start == end:  # a bullet: what came before it was a heading
            texts, previous_line = [], []
        elif text[start:end].strip(" \t\u3000。；;，,"):
            while text[start] in " \t\u3000。；;，,":
                start += 1  # ；二是…: the mark that ended the task before is not this one's
            texts.append((start, end))
    if texts and groups and join_lines:
        groups[-1][0].extend(texts)
    return groups


_ORDINAL = re.compile(POINT_ORDINAL)
_NEXT_POINT = re.compile(rf"(?<=[。；;])[ \t\u3000]*(?={POINT_ORDINAL})")
_POINT_START = re.compile(rf"(?:^|(?<=[。；;：:]))[ \t\u3000]*(?={POINT_ORDINAL})")


def _point_title(text: str, texts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The title of a point (一是共享单车管理工作。) at the end of the text waiting for a
    clause that opens the point's work, or nothing."""
    if not texts:
        return []
    a, b = texts[-1]
    starts = [m.start() for m in _POINT_START.finditer(text[a:b])]
    return [(a + starts[-1], b)] if starts else []


def _opens_line(text: str, clause: Token, pending: bool) -> bool:
    """Whether a clause written as a sentence opens its line (after an ordinal 一是) and the
    work follows it on the line. A sentence read whole (由A负责做好…) opens its line only
    when no text waits for a clause (else it closes that text: 甲。/ 由A会同B负责。).
    Inside a line, bodies that open a sentence as its subject (…。县环保局牵头，督促…。)
    open their work too; 由A牵头 there may point back at the sentence before, and closes it,
    unless its work follows with no break (；由省教育厅牵头制定…制度；)."""
    if clause.labelled or text[clause.start] in brackets()[0]:
        return False  # a bracket or a label line closes the text before it
    line_start = text.rfind("\n", 0, clause.start) + 1
    before = text[line_start:clause.start].strip(" \t\u3000")
    eol = text.find("\n", clause.end)
    after = text[clause.end:len(text) if eol < 0 else eol].strip(" \t\u3000。；;，,")
    ordinal = bool(before) and _ORDINAL.fullmatch(before) is not None
    if before and not ordinal:
        sentence_start = max(line_start, *(text.rfind(stop, line_start, clause.start) + 1
                                           for stop in "。；;"))
        return (not text[sentence_start:clause.start].strip(" \t\u3000") and bool(after)
                and not clause.cells and (not text.startswith("由", clause.start)
                                          or "\u4e00" <= text[clause.end:clause.end + 1] <= "\u9fff"))
    return bool(after or (clause.cells and (ordinal or not pending)))


def _bullet_pieces(text: str, start: int, end: int) -> list[tuple[int, int, Token | None]]:
    """Text pieces of one line, with a marker piece where a bullet opens an item."""
    out: list[tuple[int, int, Token | None]] = []
    pos = start
    for m in _BULLET.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start(), None))
        out.append((m.start(), m.start(), None))  # empty span: the bullet
        pos = m.end()
    if end > pos:
        out.append((pos, end, None))
    return out


def _is_cut_off(piece: Piece, text: str) -> bool:
    """The document ends inside this task: no clause and no closing mark."""
    if piece.clauses or not piece.texts:
        return not piece.texts and not piece.clauses
    return not text[piece.texts[-1][0]:piece.texts[-1][1]].rstrip().endswith(_SENTENCE_END)


def restarts(nodes: list[Node]) -> bool:
    """Whether numbering starts again at 1 under each parent (most parents after the first)."""
    first: dict[tuple[tuple[int, int], ...], int] = {}
    for node in nodes:
        parent = node.path()[:-1]
        first.setdefault(parent, node.number)
    later = list(first.values())[1:]
    return bool(later) and sum(1 for n in later if n == 1) * 2 >= len(later)


def label_length(paths: set[tuple[int, ...]]) -> int:
    """The fewest trailing numbers that still tell every task apart (1 for 一/（七）, 2 for
    二/1., 3 for 一/（三）/2. when every level restarts)."""
    longest = max((len(p) for p in paths), default=1)
    for k in range(1, longest + 1):
        if len({p[-k:] for p in paths}) == len(paths):
            return k
    return longest


class OutlineReading:
    """One document read through its outline; :meth:`extraction` gives the records."""

    def __init__(self, parsed: Parsed, registry: AgencyRegistry, profile: str) -> None:
        self.source = parsed.source
        self.registry = registry
        self.profile = profile
        self.nt: NormalizedText = parsed.nt
        self.text = self.nt.text
        self.outline = parsed.outline
        self.quality = QualityReport(repairs=list(self.nt.repairs))
        self.header = read_header_of(self.text, self.outline.header, self.outline.tokens)
        self.locality = Locality.from_issuer(self.header.issuer,
                                             self.header.plan_title or self.header.title)
        self._reads: dict[int, ClauseRead] = {}  # each clause is read (and reported) once
        self._first_listed_from: int | None = None  # where 列第一位者为牵头 starts to hold

    def _runs_on(self, pos: int) -> bool:
        """Whether text follows ``pos`` on the same line."""
        gap = len(self.text[pos:]) - len(self.text[pos:].lstrip(" \t\u3000"))
        return pos + gap < len(self.text) and self.text[pos + gap] != "\n"

    def _piece(self, task: Node, members: list[Node]) -> Piece:
        """The task's occurrence: its own text and clauses, and those of the items folded
        into it (``members``, in document order)."""
        texts: list[tuple[int, int]] = []
        clauses: list[ClauseRead] = []
        if task.form == "A" and task.title is not None and (task.clauses or not task.children) and (
                self._runs_on(task.title[1])
                or all(c.labelled and self.text[c.start - 1:c.start] == "\n"
                       for c in task.clauses)):
            # The heading is the task's own text when the task runs on in its line (一、科学
            # 精准定位。聚焦…) or when 责任单位：… on a line of its own names the whole item's
            # units (六、开工建设北部医疗中心 …). A bracket closing a paragraph on the lines
            # below a heading is that paragraph's: the heading stays a heading. An item with no
            # clause (its lead named by the heading above) runs on the same way.
            texts.append(task.title)
        for node in members:
            if node is not task:
                texts.append(node.marker)  # keep （1） of a folded sub-item in the text
            texts.extend(node.texts)
            clauses.extend(self._read(c) for c in node.clauses)
        return Piece(texts=texts, clauses=clauses)

    def _read(self, clause: Token) -> ClauseRead:
        if id(clause) in self._reads:
            return self._reads[id(clause)]
        if clause.cells:  # a sentence: 由A会同B…
            roles = read_cells([(self.text[a:b], a, kind) for a, b, kind in clause.cells],
                               self.registry, self.locality)
            read = self._reads[id(clause)] = ClauseRead(span=(clause.start, clause.end),
                                                        roles=roles)
            return read
        parts = [(self.text[a:b], a) for a, b in clause.contents()]
        reading = read_clause_full(parts, self.registry, self.locality)
        roles = list(reading.roles)
        if reading.first_listed_leads or self._first_listed_leads(clause):
            roles = first_listed_leads(roles)
        if not roles and not reading.notes:
            self.quality.unread.append(Unread(
                kind="bracket-clause", text=self.nt.quote((clause.start, clause.end)),
                evidence=[self.nt.span_to_source((clause.start, clause.end))]))
        read = self._reads[id(clause)] = ClauseRead(
            span=(clause.start, clause.end), roles=roles, notes=list(reading.notes),
            deadline=reading.deadline)
        return read

    def _first_listed_leads(self, clause: Token) -> bool:
        """Whether a note in an earlier clause (列第一位者为牵头单位，下同), or in the plan's
        own words before it (分工原则：……排在第一位的为牵头单位), makes the body listed first
        in this clause the lead."""
        if self._first_listed_from is None:
            self._first_listed_from = len(self.text) + 1
            if "第一" in self.text or "首位" in self.text:  # most plans never say so
                clauses = [tok for tok in self.outline.tokens if tok.kind == "clause"]
                for tok in clauses:
                    parts = [(self.text[a:b], a) for a, b in tok.contents()]
                    reading = read_clause_full(parts, self.registry, self.locality)
                    if reading.first_listed_leads and any("下同" in n for n in reading.notes):
                        self._first_listed_from = tok.start
                        break
                for m in first_listed_pattern().finditer(self.text, 0, self._first_listed_from):
                    if not any(tok.start <= m.start() < tok.end for tok in clauses):
                        self._first_listed_from = m.start()
                        break
        return clause.start >= self._first_listed_from

    def _heading_leads(self) -> dict[int, Token]:
        """Headings that name the lead of the work under them ((一)省监察厅牵头的工作), by node:
        the bodies as a clause of one lead cell. A heading with nothing under it but its own
        paragraph is a task: the heading leaves its text, and with no clause of its own it
        takes this one (the outline is changed in place, the same way on every reading)."""
        leads: dict[int, Token] = {}
        for node in self.outline.nodes:
            if node.title is None:
                continue
            a, _ = node.title
            found = heading_lead(self.text[a:node.title[1]], self.registry)
            if found is None:
                continue
            start, end, b = a + found[0], a + found[1], a + found[2]
            token = lead_clause(start, end)
            leads[id(node)] = token
            body = [(max(x, b), y) for x, y in node.texts if y > b]  # the heading is no work
            if not node.children and any(self.text[x:y].strip(" \t\u3000\n。：:")
                                         for x, y in body):
                node.texts = body
                if not node.clauses:
                    node.clauses.append(token)
        self._titled_clause_headings(leads)
        self._bare_body_headings(leads)
        return leads

    def _titled_clause_headings(self, leads: dict[int, Token]) -> None:
        """A heading whose one line is a title closed by its clause, over items that state
        their own (一、加快调整能源结构（省发改委总牵头） / 1.…（省经信委、省发改委）): the clause
        leads the work under it, as a heading that names its lead does; the heading is no
        task (the outline is changed in place, the same way on every reading)."""
        for node in self.outline.nodes:
            if (id(node) in leads or len(node.clauses) != 1 or not node.children
                    or not any(n.clauses for n in _descendants(node))):
                continue
            clause = node.clauses[0]
            start = node.title[0] if node.title is not None else node.marker[1]
            eol = self.text.find("\n", start)
            eol = len(self.text) if eol < 0 else eol
            title = self.text[start:clause.start]
            if (clause.end > eol or self.text[clause.end:eol].strip(" \t\u3000。")
                    or not title.strip() or any(p in title for p in "。；;")
                    or any(b > eol for _, b in node.texts)):
                continue
            leads[id(node)] = clause
            node.clauses.remove(clause)

    def _bare_body_headings(self, leads: dict[int, Token]) -> None:
        """Sibling headings that are each only a body's bare name, with its other names in
        brackets ((一)综合办公室(党群工作部、监察室) … (二)招商合作局 …), over items: a plan divided
        by the issuer's own offices. Two or more such headings lead the work under them."""
        siblings: dict[tuple[int, str], list[tuple[Node, int, int]]] = defaultdict(list)
        for node in self.outline.nodes:
            if node.title is None or id(node) in leads or node.clauses or not node.children:
                continue
            m = _BARE_BODY_TITLE.fullmatch(self.text[node.title[0]:node.title[1]])
            if m is None or not m.group("name").endswith(body_endings()):
                continue
            a = node.title[0]
            siblings[(id(node.parent), node.form)].append((node, a + m.start("name"),
                                                           a + m.end("name")))
        for group in siblings.values():
            if len(group) < 2:
                continue
            for node, start, end in group:
                leads[id(node)] = lead_clause(start, end)

    def _share_closing_clauses(self, nodes: list[Node], pieces: dict[int, Piece]) -> None:
        """A clause on a line of its own after the last of two or more items, when none of
        them states one and the item above them states none, closes the group: each item
        takes it (1.完善应急预案体系 / (1)… (2)… (3)… (4)… / (责任单位：…)), and so does a
        sentence of roles that points back at the work (此项工作由A牵头，B配合。)."""
        tasks = {id(n) for n in nodes}
        for parent in {id(n.parent): n.parent for n in nodes if n.parent is not None}.values():
            items = parent.children
            last = items[-1] if items else None
            if (last is None or len(items) < 2 or parent.clauses or id(parent) in tasks
                    or any(id(c) not in tasks or c.clauses or c.children for c in items[:-1])
                    or len(last.clauses) != 1 or last.children):
                continue
            clause = last.clauses[0]
            line_start = self.text.rfind("\n", 0, clause.start) + 1
            before = self.text[line_start:clause.start].strip(" \t\u3000")
            # 此项工作由市环保局牵头，…配合。 on its own line points back at the whole group
            if (before and before not in pointing_back()) or self._runs_on(clause.end) or (
                    any(start > clause.end for start, _ in last.texts)):
                continue  # the clause is the last item's own: it shares its line
            read = self._read(clause)
            for item in items[:-1]:
                pieces[id(item)].clauses.append(read)

    def _inherit_leads(self, nodes: list[Node], pieces: dict[int, Piece],
                       leads: dict[int, Token]) -> None:
        """A task with no lead of its own takes the lead its heading names."""
        for node in nodes:
            up: Node | None = node
            while up is not None and id(up) not in leads:
                up = up.parent
            if up is None:
                continue
            piece = pieces[id(node)]
            read = self._read(leads[id(up)])
            if any(c is read for c in piece.clauses) or any(
                    r.relation == "LEADS" for c in piece.clauses for r in c.roles):
                continue
            piece.clauses.insert(0, read)

    def extraction(self) -> Extraction:
        outline, text, quality = self.outline, self.text, self.quality
        leads = self._heading_leads()
        rank = task_rank(outline)
        nodes: list[Node] = []
        owner: dict[int, Node] = {}
        pieces: dict[int, Piece] = {}
        if rank is not None:
            nodes, owner = task_nodes(outline, rank)
            members: dict[int, list[Node]] = defaultdict(list)
            for node in outline.nodes:
                if id(node) in owner:
                    members[id(owner[id(node)])].append(node)
            pieces = {id(n): self._piece(n, members[id(n)]) for n in nodes}
            self._share_closing_clauses(nodes, pieces)
            nodes = self._split_paragraphs(nodes, rank, pieces, owner, members)
            if leads:
                self._inherit_leads(nodes, pieces, leads)
        if not any(n.clauses for n in nodes) and outline.loose.clauses:
            # Nothing numbered carries a clause, but the text does: tasks without numbers.
            nodes, owner, pieces = [], {}, {}
            nodes = self._loose_tasks(pieces, owner)
            rank = RANK["P"]
        elif nodes and (lost := self._lost_first_number(pieces, owner)) is not None:
            nodes.insert(0, lost)
        if (rank is None or not any(n.clauses for n in nodes)) and (
                duties := self._duty_tasks(pieces, owner)):
            nodes, rank = duties, RANK["P"]  # the last way a plan may say who does what
        if rank is None or not nodes:
            raise NoTasksFound(f"no numbered tasks and no responsibility clauses found in "
                               f"{self.source.name}")
        if nodes and _is_cut_off(pieces[id(nodes[-1])], text):
            cut = nodes.pop()
            quality.warnings.append(
                f"the document ends inside task {cut.number} (cut off?): that copy was not used")
        if not nodes:
            raise NoTasksFound(f"no complete numbered task found in {self.source.name}")

        flat = all(n.rank == rank for n in nodes) and not restarts(nodes)
        items = [n for n in nodes if n.rank == rank]
        # Numbered on across headings: seen only when items sit under two headings or more.
        parents = {tuple(n.path()[:-1]) for n in items}
        continuous = not flat and len(parents) > 1 and not restarts(items)
        tasks = self._group(nodes, pieces, flat, continuous, rank)
        entries, sections, subsections = self._number(tasks, flat, rank, continuous)
        records, agencies = build_tasks(entries, self.nt, self.registry, quality)
        by_node = {id(n): e.number for t, e in zip(tasks, entries, strict=True) for n in t.nodes}
        quality.orphan_clauses = [self._orphan(o.node, o.token, owner, by_node, outline)
                                  for o in outline.orphans]
        for tok in outline.unread:
            quality.unread.append(Unread(kind="bracket-clause", text=self.nt.quote(
                (tok.start, tok.end)), evidence=[self.nt.span_to_source((tok.start, tok.end))]))
        if quality.unread:
            quality.warnings.append(
                f"{len(quality.unread)} bracketed passage(s) look like responsibility clauses "
                f"but name no agency the reader could read: see quality.unread")
        document = document_meta(self.header, self.source, self.profile, self.nt, self.locality)
        return Extraction(document=document, sections=sections, tasks=records,
                          agencies=agencies, quality=quality, subsections=subsections,
                          source_text=self.source.text)

    def _split_paragraphs(self, nodes: list[Node], rank: int, pieces: dict[int, Piece],
                          owner: dict[int, Node], members: dict[int, list[Node]]
                          ) -> list[Node]:
        """A heading with no numbered items whose paragraphs each end in a clause holds one
        task per paragraph ("4.1", "4.2"); with one such paragraph it is one task ("4").

        An item on the task level is a heading too when its own line carries no clause and
        two or more clauses close paragraphs below it (（五）充分释放…潜能。 then paragraphs,
        each with its clause); an item whose first line carries a clause keeps all its
        clauses (a clause after each sentence of one task).
        """
        out: list[Node] = []
        for node in nodes:
            groups: list[Group] = []
            if node.rank < rank:
                groups = paragraphs(node, self.text)
            elif node.rank == rank and len(node.clauses) >= 2 and members[id(node)] == [node]:
                if not self._clause_on_first_line(node):
                    groups = paragraphs(node, self.text, skip_title=node.form != "A")
                elif self._one_clause_a_line(node):
                    # Lines each closed by their own clause: tasks whose numbers a copy lost
                    # (?。ǘ┩七M… for （二）推进…).
                    groups = paragraphs(node, self.text)
            if len(groups) < 2:
                out.append(node)
                continue
            out += [self._paragraph_task(k, texts, clauses, node, pieces, owner)
                    for k, (texts, clauses) in enumerate(groups, start=1)]
        return out

    def _one_clause_a_line(self, node: Node) -> bool:
        """Whether the node's clauses close two lines or more, one clause to a line: a line
        break stands between each clause and the next (outside the clauses), and text stands
        before each clause on its line (a clause alone on a line closes the text above it,
        which may run on from an earlier clause of the same item)."""
        clauses = sorted(node.clauses, key=lambda c: c.start)
        return len(clauses) >= 2 and all(
            "\n" in self.text[a.end:b.start]
            and self.text[self.text.rfind("\n", a.end, b.start) + 1:b.start].strip()
            for a, b in pairwise(clauses))

    def _clause_on_first_line(self, node: Node) -> bool:
        eol = self.text.find("\n", node.marker[1])
        eol = len(self.text) if eol < 0 else eol
        return any(c.start < eol for c in node.clauses)

    def _loose_tasks(self, pieces: dict[int, Piece], owner: dict[int, Node]) -> list[Node]:
        """A plan that numbers none of its tasks: each clause closes the paragraph (or the
        bulleted item) before it; paragraphs with no clause (a preamble, headings) are not
        tasks."""
        loose = self.outline.loose
        return [self._paragraph_task(k, texts, clauses, None, pieces, owner)
                for k, (texts, clauses) in enumerate(
                    paragraphs(loose, self.text, join_lines=False), start=1)]

    def _lost_first_number(self, pieces: dict[int, Piece], owner: dict[int, Node]
                           ) -> Node | None:
        """A page that opens inside a task (the later page of a paginated copy): the text
        before the first numbered item, closed by a clause right before that item, is a task
        whose number is on another page. It gets the number 0."""
        loose, text = self.outline.loose, self.text
        first = next((t for t in self.outline.tokens if t.kind == "marker"), None)
        if not loose.clauses or first is None or loose.clauses[-1].end > first.start \
                or text[loose.clauses[-1].end:first.start].strip(" \t\u3000\n。；;.,，"):
            return None
        groups = paragraphs(loose, text, join_lines=False)
        if not groups or groups[-1][1][-1] is not loose.clauses[-1]:
            return None
        texts, clauses = groups[-1]
        if "\n" in text[texts[-1][1]:clauses[0].start] and not text[
                texts[-1][0]:texts[-1][1]].rstrip(" \t\u3000").endswith(SENTENCE_END):
            return None  # a page's header line (各类工作方案(第11/58页)) over a label line
        return self._paragraph_task(0, texts, clauses, None, pieces, owner)

    def _duty_tasks(self, pieces: dict[int, Piece], owner: dict[int, Node]) -> list[Node]:
        """A plan with no clause, number or table that lists duties under their bodies
        (卫生部:负责… 教育部:负责…): each body leads the duties written after it."""
        nodes: list[Node] = []
        for k, (a, b, end) in enumerate(duty_labels(self.text, self.registry), start=1):
            stop = len(self.text[:end].rstrip(" \t\u3000\n"))
            token = lead_clause(a, b, b + 1)
            nodes.append(self._paragraph_task(k, [(b + 1, stop)], [token], None, pieces, owner,
                                              marker=(a, a)))
        return nodes

    def _paragraph_task(self, k: int, texts: list[tuple[int, int]], clauses: list[Token],
                        parent: Node | None, pieces: dict[int, Piece], owner: dict[int, Node],
                        marker: tuple[int, int] | None = None) -> Node:
        """A task with no number of its own (the k-th paragraph), with its piece."""
        node = Node("P", k, marker or (texts[0][0], texts[0][0]), parent, texts=texts,
                    clauses=clauses)
        owner[id(node)] = node
        pieces[id(node)] = Piece(texts=texts, clauses=[self._read(c) for c in clauses])
        return node

    def _group(self, nodes: list[Node], pieces: dict[int, Piece], flat: bool,
               continuous: bool, rank: int) -> list[_Task]:
        """Occurrences of the same task (same number, or same label path) merge.

        Items numbered on across headings (1. 2. | 3. 4.) are keyed by their number alone, as
        in flat plans; a section's paragraph task then gets the key (section, 0) so that it
        never merges with the item that shares its section's number.
        """
        k = 1 if flat else label_length({tuple(n for _, n in node.path()) for node in nodes})
        grouped: dict[tuple[int, ...], _Task] = {}
        for node in nodes:
            numbers = () if flat else tuple(n for _, n in node.path())
            if flat:
                key: tuple[int, ...] = (node.number,)
            elif continuous:
                key = (node.number,) if node.rank == rank else (*numbers, 0)
            else:
                key = numbers[-k:]
            if key not in grouped:
                grouped[key] = _Task(node, key, [], [])
            grouped[key].pieces.append(pieces[id(node)])
            grouped[key].nodes.append(node)
        if flat:
            return [grouped[k] for k in sorted(grouped)]
        return sorted(grouped.values(), key=lambda t: tuple(n for _, n in t.node.path()))

    def _number(self, tasks: list[_Task], flat: bool, rank: int, continuous: bool = False
                ) -> tuple[list[TaskEntry], list[SectionRecord], list[SubsectionRecord]]:
        quality = self.quality
        sections = self._sections(rank)
        entries: list[TaskEntry] = []
        if flat:
            numbers = [t.key[0] for t in tasks]
            if sections:
                placement, uncertain = assign_sections(sections, numbers)
                quality.uncertain_section_tasks = uncertain
            else:
                placement = dict.fromkeys(numbers)
            for t in tasks:
                n = t.key[0]
                sub = t.node.ancestor("B") if t.node.rank > RANK["B"] else None
                entries.append(TaskEntry(n, str(n), placement.get(n),
                                         sub.number if sub else None, t.pieces))
            quality.missing_tasks = [n for n in range(1, max(numbers) + 1)
                                     if n not in set(numbers)]
        else:
            # Continuous items are labelled by their number; a paragraph task by its section.
            labels = [".".join(map(str, t.key[:-1] if continuous and t.key[-1:] == (0,)
                                   and len(t.key) > 1 else t.key)) for t in tasks]
            known = {s.number for s in sections}
            seen: defaultdict[str, int] = defaultdict(int)
            for label in labels:
                seen[label] += 1
            for i, t in enumerate(tasks, start=1):
                label = labels[i - 1]
                if seen[label] > 1 and t.node.rank < rank:
                    label += ".0"  # a section's paragraph task beside an item of that number
                section = t.node.number if t.node.form == "A" else (
                    a.number if (a := t.node.ancestor("A")) else None)
                if section not in known:
                    section = None  # tasks on the 一、 level: their headings are no sections
                sub = t.node.ancestor("B") if t.node.rank > RANK["B"] else None
                entries.append(TaskEntry(i, label, section, sub.number if sub else None,
                                         t.pieces))
            quality.missing_labels = self._missing_labels(tasks, rank, continuous)
            first_of: dict[int, int] = {}
            for e in entries:
                if e.section is not None:
                    first_of.setdefault(e.section, e.number)
            sections = [replace(s, first_task=first_of.get(s.number))
                        if s.title is not None else s for s in sections]
        subsections = self._subsections(entries, rank)
        return entries, sections, subsections

    def _sections(self, rank: int) -> list[SectionRecord]:
        """Top-level headings (一、): title, first task, lost headings."""
        outline, text, quality = self.outline, self.text, self.quality
        if rank == RANK["A"]:
            return []
        seen: dict[int, SectionRecord] = {}
        tokens = outline.tokens
        for i, tok in enumerate(tokens):
            if tok.kind != "marker" or tok.form != "A" or tok.number is None:
                continue
            nxt = next((t for t in tokens[i + 1:] if t.kind == "marker"
                        and t.form is not None and RANK[t.form] in (RANK["A"], rank)), None)
            first = nxt.number if nxt is not None and nxt.form != "A" else None
            title = text[tok.title[0]:tok.title[1]].strip() if tok.title else None
            prev = seen.get(tok.number)
            if prev is None:
                seen[tok.number] = SectionRecord(number=tok.number, title=title,
                                                 first_task=first)
            elif (prev.title, prev.first_task) != (title, first):
                quality.warnings.append(
                    f"section {tok.number} appears with different headings or first tasks")
        if seen:
            for n in range(1, max(seen)):
                if n not in seen:
                    quality.missing_sections.append(n)
                    seen[n] = SectionRecord(number=n, title=None, first_task=None)
        return [seen[n] for n in sorted(seen)]

    def _subsections(self, entries: list[TaskEntry], rank: int) -> list[SubsectionRecord]:
        if rank <= RANK["B"]:
            return []
        first: dict[tuple[int | None, int], int] = {}
        for e in entries:
            if e.subsection is not None:
                first.setdefault((e.section, e.subsection), e.number)
        out: dict[tuple[int | None, int], SubsectionRecord] = {}
        for node in self.outline.nodes:
            if node.form != "B":
                continue
            section = a.number if (a := node.ancestor("A")) else None
            key = (section, node.number)
            if key in out:
                continue
            title = None
            if node.title is not None:
                title = self.text[node.title[0]:node.title[1]].strip() or None
            label = f"{section}.{node.number}" if section is not None else str(node.number)
            out[key] = SubsectionRecord(section=section, number=node.number, title=title,
                                        label=label, first_task=first.get(key))
        return list(out.values())

    def _missing_labels(self, tasks: list[_Task], rank: int, continuous: bool = False
                        ) -> list[str]:
        """Gaps in the numbers of the items under each heading: 2.1, 2.3 → 2.2 is missing;
        when items are numbered on across headings, gaps in that one sequence (4 → "4")."""
        by_parent: dict[tuple[int, ...], set[int]] = defaultdict(set)
        for t in tasks:
            if t.node.rank == rank:
                by_parent[() if continuous else t.key[:-1]].add(t.key[-1])
        missing = []
        for parent, numbers in sorted(by_parent.items()):
            for n in range(1, max(numbers) + 1):
                if n not in numbers:
                    missing.append(".".join(map(str, (*parent, n))))
        return missing

    def _orphan(self, node: Node, token: Token, owner: dict[int, Node],
                by_node: dict[int, int], outline: Outline) -> OrphanClause:
        task = owner.get(id(node))
        after = by_node.get(id(task), 0) if task is not None else 0
        if not after:  # an orphan in a heading: the task before it
            for other in outline.nodes:
                if other.marker[0] > token.start:
                    break
                t = owner.get(id(other))
                if t is not None and id(t) in by_node:
                    after = by_node[id(t)]
        span = (token.start, token.end)
        return OrphanClause(after_task=after, text=self.nt.quote(span),
                            evidence=[self.nt.span_to_source(span)])

def read_outline(parsed: Parsed | SourceText, registry: AgencyRegistry | None = None,
                 profile: str = "outline") -> Extraction:
    """Read a numbered-text plan of any of the text profiles (from a parsed document, or a
    source, parsed here)."""
    registry = registry or AgencyRegistry.bundled()
    if isinstance(parsed, SourceText):
        from loaders.read import parse

        parsed = parse(parsed, registry)
    return OutlineReading(parsed, registry, profile).extraction()


def _descendants(node: Node) -> Iterator[Node]:
    for child in node.children:
        yield child
        yield from _descendants(child)
