"""Occurrences of tasks → task records, for every profile.

A profile finds, for each task, its occurrences (:class:`Piece`: text spans and the clauses
read in them); this module merges them the same way whatever the format: text = the
distinct sentences in order, roles = the union with how many occurrences carried each,
``conflict`` when occurrences carry different clauses. Spans come in as offsets into the
normalised text and leave as offsets into the source (:mod:`loaders.normalize`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from loaders.agencies import AgencyRegistry
from loaders.clauses import ClauseRole
from loaders.header import Header, document_id
from loaders.infrastructure import Mention, find_mentions
from loaders.locality import Locality
from loaders.normalize import NormalizedText
from loaders.records import (
    AgencyRecord,
    AgencyRole,
    DocumentMeta,
    InfrastructureMention,
    QualityReport,
    Span,
    TaskRecord,
)
from loaders.source import SourceText

_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


def sentences(text: str) -> list[str]:
    """Sentences of a task text, each with its closing mark.

    >>> sentences("建设A平台。推广B系统。")
    ['建设A平台。', '推广B系统。']
    """
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def merge_texts(texts: Iterable[str]) -> str:
    """The distinct sentences of all copies, in order of first appearance.

    >>> merge_texts(["甲。", "甲。乙。", "乙。丙"])
    '甲。乙。丙'
    """
    seen: dict[str, None] = {}
    for text in texts:
        for sentence in sentences(text):
            seen.setdefault(_key(sentence), None)
    return "".join(seen)


def _key(sentence: str) -> str:
    return "".join(sentence.split())


def title_of(text: str) -> str:
    """A task's title: its first clause, up to the first comma or full stop.

    >>> title_of("升级现有政务云平台，加快建设……")
    '升级现有政务云平台'
    """
    m = re.match(r"[^，。；！？,;]+", text)
    return (m.group() if m else text).strip()


def is_conflict(clause_sets: list[str]) -> bool:
    """Copies conflict when two of them carry different clauses (a copy without one does not).

    >>> is_conflict(["（甲负责）", "（甲负责）", ""]), is_conflict(["（甲负责）", "（乙负责）"])
    (False, True)
    """
    return len({_key(c) for c in clause_sets if c}) > 1


@dataclass
class ClauseRead:
    """One clause as read: where it is, and the roles it states."""

    span: Span  # the whole clause (bracket included) or table row
    roles: list[ClauseRole]
    cells: list[Span] = field(default_factory=list)  # table cells: evidence per role
    notes: list[str] = field(default_factory=list)  # what the clause says that is no agency
    deadline: str | None = None
    # Cells a table row took from the row above (a merged cell): roles read there are
    # inherited.
    inherited: list[Span] = field(default_factory=list)

    def inherits(self, role: ClauseRole) -> bool:
        return any(a <= role.item.start < b for a, b in self.inherited)

    def evidence_for(self, role: ClauseRole) -> Span:
        for cell in self.cells:
            if cell[0] <= role.item.start < cell[1]:
                return cell
        return self.span


@dataclass
class Piece:
    """One occurrence of a task."""

    texts: list[Span]
    clauses: list[ClauseRead]


@dataclass
class TaskEntry:
    number: int
    label: str
    section: int | None
    subsection: int | None
    pieces: list[Piece]


@dataclass
class _Role:
    relation: str
    verbs: list[str] = field(default_factory=list)
    occurrences: int = 0
    evidence: list[Span] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    inherited: bool = True  # until an occurrence states it itself


def merge_roles(pieces: list[Piece], nt: NormalizedText) -> list[AgencyRole]:
    """The union of the roles of all occurrences, each counted once per occurrence."""
    merged: dict[tuple[str, str], _Role] = {}
    names: dict[str, str] = {}  # agency key → short name
    for piece in pieces:
        counted: set[tuple[str, str]] = set()
        for clause in piece.clauses:
            for role in clause.roles:
                key = (role.item.key or role.item.name, role.relation)
                names.setdefault(key[0], role.item.name)
                entry = merged.setdefault(key, _Role(role.relation))
                entry.inherited = entry.inherited and clause.inherits(role)
                if role.verb and role.verb not in entry.verbs:
                    entry.verbs.append(role.verb)
                span = nt.span_to_source(clause.evidence_for(role))
                if span not in entry.evidence:
                    entry.evidence.append(span)
                    entry.quotes.append(nt.source[span[0]:span[1]])
                if key not in counted:
                    entry.occurrences += 1
                    counted.add(key)
    return [
        AgencyRole(name=names[key], key=key, relation=relation,  # type: ignore[arg-type]
                   verb="/".join(e.verbs), occurrences=e.occurrences,
                   evidence=e.evidence, quotes=e.quotes, inherited=e.inherited)
        for (key, relation), e in merged.items()
    ]


def infrastructure_name(name: str) -> str:
    """The name infrastructure is merged by, across tasks and documents: brackets full-width,
    no spaces (数字福建(长乐)产业园 and 数字福建（长乐）产业园 are one park).

    >>> infrastructure_name("数字福建(长乐) 产业园")
    '数字福建（长乐）产业园'
    """
    return "".join(name.split()).replace("(", "（").replace(")", "）")


def merge_infrastructure(mentions: list[Mention]) -> list[InfrastructureMention]:
    """One mention per name, with every place it was seen; the first action found wins."""
    by_name: dict[str, InfrastructureMention] = {}
    seen: set[tuple[str, int, int]] = set()
    for m in mentions:
        name = infrastructure_name(m.name)
        if (name, m.start, m.end) in seen:
            continue
        seen.add((name, m.start, m.end))
        entry = by_name.get(name)
        if entry is None:
            by_name[name] = InfrastructureMention(
                name=name, kind=m.kind, action=m.action, evidence=[(m.start, m.end)])
        else:
            entry.evidence.append((m.start, m.end))
            if entry.action is None:
                entry.action = m.action
    return list(by_name.values())


def piece_text(piece: Piece, text: str) -> str:
    return "".join(text[a:b] for a, b in piece.texts)


class AgencyCollector:
    """The agencies named in a document's clauses, with what the document says of them."""

    def __init__(self, registry: AgencyRegistry, quality: QualityReport) -> None:
        self.registry = registry
        self.quality = quality
        self.records: dict[str, AgencyRecord] = {}

    def add(self, role: ClauseRole) -> None:
        name, key = role.item.name, role.item.key or role.item.name
        record = self.records.get(key)
        if record is None:
            if role.item.known:
                known = self.registry.record_for(name)
                record = replace(known, aliases=list(known.aliases))
            else:
                # Not the registry's body, even when the registry knows its short name (省发改委
                # of 江西省 is not 福建省发展和改革委员会): reported under its key.
                record = AgencyRecord(name=name)
                self.quality.unknown_agencies.append(key)
            record.key = key
            self.records[key] = record
        for alias in role.item.aliases:
            if alias not in record.aliases and alias != name:
                record.aliases.append(alias)

    def sorted(self) -> list[AgencyRecord]:
        return sorted(self.records.values(), key=lambda a: (a.name, a.key))


def build_tasks(entries: list[TaskEntry], nt: NormalizedText, registry: AgencyRegistry,
                quality: QualityReport) -> tuple[list[TaskRecord], list[AgencyRecord]]:
    """Merge each task's occurrences into a record; collect the agencies named."""
    text = nt.text
    agencies = AgencyCollector(registry, quality)
    tasks: list[TaskRecord] = []
    for entry in entries:
        merged_text = merge_texts(piece_text(p, text) for p in entry.pieces)
        clause_texts = ["".join(text[c.span[0]:c.span[1]] for c in p.clauses)
                        for p in entry.pieces]
        for piece in entry.pieces:
            for clause in piece.clauses:
                for role in clause.roles:
                    agencies.add(role)
        roles = merge_roles(entry.pieces, nt)
        mentions: list[Mention] = []
        for piece in entry.pieces:
            for a, b in piece.texts:
                for m in find_mentions(text[a:b]):
                    start, end = nt.span_to_source((m.start + a, m.end + a))
                    mentions.append(Mention(m.name, m.kind, m.action, start, end))
        conflict = is_conflict(clause_texts)
        if conflict:
            quality.conflicts.append(entry.number)
        if not roles:
            quality.tasks_without_clause.append(entry.number)
        distinct_clauses = list(dict.fromkeys(
            nt.quote(c.span) for p in entry.pieces for c in p.clauses))
        notes = list(dict.fromkeys(n for p in entry.pieces for c in p.clauses for n in c.notes))
        deadline = next((c.deadline for p in entry.pieces for c in p.clauses if c.deadline), None)
        tasks.append(TaskRecord(
            number=entry.number, label=entry.label, section=entry.section,
            subsection=entry.subsection, title=title_of(merged_text), text=merged_text,
            occurrences=len(entry.pieces), conflict=conflict, agencies=roles,
            infrastructure=merge_infrastructure(mentions), clauses=distinct_clauses,
            notes=notes, deadline=deadline,
        ))
    return tasks, agencies.sorted()


def document_meta(header: Header, source: SourceText, profile: str, nt: NormalizedText,
                  locality: Locality) -> DocumentMeta:
    """The document record every profile writes: metadata, profile, script, issuing place."""
    place = locality.city or locality.district or locality.county or locality.province
    return DocumentMeta(
        id=document_id(header, source.name, source.text), title=header.title or source.name,
        plan_title=header.plan_title, issuer=header.issuer, year=header.year,
        published=header.published, signed=header.signed, doc_number=header.doc_number,
        source=source.name, sha256=source.sha256, profile=profile, script=nt.script,
        place=place)
