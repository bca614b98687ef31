"""Reading one work plan's text into an :class:`~loaders.records.Extraction`."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from loaders.clauses import ClauseRole, read_clause
from loaders.header import document_id, iso_date, read_header
from loaders.infrastructure import Mention, find_mentions
from loaders.merge import assign_sections, is_conflict, merge_texts, title_of
from loaders.records import (
    AgencyRecord,
    AgencyRole,
    DocumentMeta,
    Extraction,
    InfrastructureMention,
    OrphanClause,
    QualityReport,
    Repair,
    SectionRecord,
    TaskRecord,
)
from loaders.registry import AgencyRegistry
from loaders.rules import load_rules
from loaders.source import SourceText
from loaders.structure import SIGNATURE, Occurrence, Orphan, Token, occurrences, tokenize

_HAN = r"[\u4e00-\u9fff]"
_SENTENCE_END = tuple("。！？!?）)”")


class NoTasksFound(ValueError):
    """The text holds no numbered task."""


def repair_text(text: str) -> tuple[str, list[Repair]]:
    """Normalise characters lost in conversion (数字福建?宽带工程 → 数字福建·宽带工程).

    Replacements keep the length, so offsets into the repaired text are source offsets.

    >>> repair_text("数字福建?宽带工程")[0]
    '数字福建·宽带工程'
    """
    repairs: list[Repair] = []
    chars = list(text)
    for damaged, repaired, kind in load_rules("rules")["repairs"]["lost_between_han"]:
        for m in re.finditer(f"(?<={_HAN}){re.escape(damaged)}(?={_HAN})", text):
            chars[m.start()] = repaired
            lo, hi = max(0, m.start() - 4), min(len(text), m.end() + 4)
            repairs.append(Repair(kind=kind, original=text[lo:hi],
                                  repaired=text[lo:m.start()] + repaired + text[m.end():hi],
                                  evidence=[(m.start(), m.end())]))
    return "".join(chars), repairs


@dataclass
class _Role:
    relation: str
    verbs: list[str] = field(default_factory=list)
    occurrences: int = 0
    evidence: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


def _merge_roles(per_occurrence: list[list[tuple[ClauseRole, Token]]], text: str
                 ) -> list[AgencyRole]:
    merged: dict[tuple[str, str], _Role] = {}
    for roles in per_occurrence:
        counted: set[tuple[str, str]] = set()
        for role, clause in roles:
            key = (role.item.name, role.relation)
            entry = merged.setdefault(key, _Role(role.relation))
            if role.verb and role.verb not in entry.verbs:
                entry.verbs.append(role.verb)
            span = (clause.start, clause.end)
            if span not in entry.evidence:
                entry.evidence.append(span)
                entry.quotes.append(text[clause.start:clause.end])
            if key not in counted:
                entry.occurrences += 1
                counted.add(key)
    return [
        AgencyRole(name=name, relation=relation,  # type: ignore[arg-type]
                   verb="/".join(e.verbs), occurrences=e.occurrences,
                   evidence=e.evidence, quotes=e.quotes)
        for (name, relation), e in merged.items()
    ]


def _merge_infrastructure(mentions: list[Mention]) -> list[InfrastructureMention]:
    by_name: dict[str, InfrastructureMention] = {}
    for m in mentions:
        if m.name in by_name:
            entry = by_name[m.name]
            if (m.start, m.end) not in entry.evidence:
                entry.evidence.append((m.start, m.end))
            if entry.action is None:
                entry.action = m.action
        else:
            by_name[m.name] = InfrastructureMention(name=m.name, kind=m.kind, action=m.action,
                                                    evidence=[(m.start, m.end)])
    return list(by_name.values())


def _is_cut_off(occ: Occurrence, text: str) -> bool:
    """The last copy of the document ends inside the task: no clause, no closing mark."""
    if occ.clauses or not occ.texts:
        return not occ.texts and not occ.clauses
    return not text[occ.texts[-1][0]:occ.texts[-1][1]].rstrip().endswith(_SENTENCE_END)


def read_text(source: SourceText, registry: AgencyRegistry | None = None) -> Extraction:
    """Read a work plan written with verb clauses (2014–2015 style)."""
    registry = registry or AgencyRegistry.bundled()
    raw = source.text
    text, repairs = repair_text(raw)
    tokens = tokenize(text)
    occs, orphans, header_spans = occurrences(text, tokens)
    if not occs:
        raise NoTasksFound(f"no numbered tasks found in {source.name}")
    quality = QualityReport(repairs=repairs)

    if _is_cut_off(occs[-1], text):
        cut = occs.pop()
        quality.warnings.append(
            f"the document ends inside task {cut.number} (cut off?): that copy was not used")
        if not occs:
            raise NoTasksFound(f"no complete numbered task found in {source.name}")

    # Header and signature.
    signature = None
    for tok in tokens:
        if tok.kind == "signature" and (m := SIGNATURE.match(text, tok.start)):
            signature = (m.group(1), iso_date(*m.groups()[1:]))
            break
    header_text = "\n".join(text[a:b] for a, b in header_spans)
    header = read_header(header_text, signature)
    doc_id = document_id(header, source.name)

    # Sections.
    seen_sections: dict[int, SectionRecord] = {}
    for i, tok in enumerate(tokens):
        if tok.kind != "section" or tok.number is None:
            continue
        nxt = next((t for t in tokens[i + 1:] if t.kind in ("task", "section")), None)
        first = nxt.number if nxt is not None and nxt.kind == "task" else None
        prev = seen_sections.get(tok.number)
        if prev is None:
            seen_sections[tok.number] = SectionRecord(number=tok.number, title=tok.title,
                                                      first_task=first)
        elif (prev.title, prev.first_task) != (tok.title, first):
            quality.warnings.append(
                f"section {tok.number} appears with different headings or first tasks")
    if seen_sections:
        top = max(seen_sections)
        for n in range(1, top):
            if n not in seen_sections:
                quality.missing_sections.append(n)
                seen_sections[n] = SectionRecord(number=n, title=None, first_task=None)
    sections = [seen_sections[n] for n in sorted(seen_sections)]

    # Tasks.
    by_number: dict[int, list[Occurrence]] = defaultdict(list)
    for occ in occs:
        by_number[occ.number].append(occ)
    if sections:
        placement, uncertain = assign_sections(sections, by_number)
        quality.uncertain_section_tasks = uncertain
    else:
        placement = dict.fromkeys(by_number)

    agencies_seen: dict[str, AgencyRecord] = {}
    tasks: list[TaskRecord] = []
    for number in sorted(by_number):
        copies = by_number[number]
        texts = ["".join(text[a:b] for a, b in occ.texts) for occ in copies]
        merged_text = merge_texts(texts)
        clause_texts = ["".join(text[c.start:c.end] for c in occ.clauses) for occ in copies]
        per_occ: list[list[tuple[ClauseRole, Token]]] = []
        for occ in copies:
            per_occ.append([(role, clause) for clause in occ.clauses
                            for role in _clause_roles(text, clause, registry)])
        roles = _merge_roles(per_occ, raw)
        for occ_roles in per_occ:
            for role, _ in occ_roles:
                if role.item.name not in agencies_seen:
                    agencies_seen[role.item.name] = registry.record_for(role.item.name)
                    if not role.item.known:
                        quality.unknown_agencies.append(role.item.name)
        mentions: list[Mention] = []
        for occ in copies:
            for a, b in occ.texts:
                mentions.extend(
                    Mention(m.name, m.kind, m.action, m.start + a, m.end + a)
                    for m in find_mentions(text[a:b]))
        conflict = is_conflict(clause_texts)
        if conflict:
            quality.conflicts.append(number)
        if not roles:
            quality.tasks_without_clause.append(number)
        distinct_clauses = list(dict.fromkeys(
            text[c.start:c.end] for occ in copies for c in occ.clauses))
        tasks.append(TaskRecord(
            number=number, section=placement.get(number), title=title_of(merged_text),
            text=merged_text, occurrences=len(copies), conflict=conflict, agencies=roles,
            infrastructure=_merge_infrastructure(mentions), clauses=distinct_clauses,
        ))

    numbers = sorted(by_number)
    quality.missing_tasks = [n for n in range(1, numbers[-1] + 1) if n not in by_number]
    quality.orphan_clauses = [_orphan(o, raw) for o in orphans]

    document = DocumentMeta(
        id=doc_id, title=header.title or source.name, plan_title=header.plan_title,
        issuer=header.issuer, year=header.year, published=header.published,
        signed=header.signed, doc_number=header.doc_number, source=source.name,
        sha256=source.sha256,
    )
    agencies = sorted(agencies_seen.values(), key=lambda a: a.name)
    return Extraction(document=document, sections=sections, tasks=tasks, agencies=agencies,
                      quality=quality)


def _clause_roles(text: str, clause: Token, registry: AgencyRegistry) -> list[ClauseRole]:
    assert clause.inner is not None  # set for every clause token
    start, end = clause.inner
    return read_clause(text[start:end], start, registry)


def _orphan(o: Orphan, text: str) -> OrphanClause:
    return OrphanClause(after_task=o.after_task, text=text[o.token.start:o.token.end],
                        evidence=[(o.token.start, o.token.end)])
