"""Typed records produced by reading a work plan.

These are the loader's output and the only thing `graph/` reads from `loaders/`.
Offsets are character offsets into the decoded, un-normalised source text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Relation = Literal["LEADS", "RESPONSIBLE_FOR", "COOPERATES_ON"]
InfrastructureKind = Literal["Platform", "DataCenter", "Network", "Park", "System", "Database"]
Span = tuple[int, int]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentMeta(Record):
    id: str
    title: str
    plan_title: str | None = None
    issuer: str | None = None
    year: int | None = None
    published: str | None = None  # ISO date
    signed: str | None = None  # ISO date
    doc_number: str | None = None
    source: str
    sha256: str
    profile: str = "verb-clause"


class SectionRecord(Record):
    number: int
    title: str | None  # None when the heading is lost from the copy
    first_task: int | None


class AgencyRole(Record):
    """One agency's role on one task, merged over the task's occurrences."""

    name: str  # canonical short name
    relation: Relation
    verb: str  # original word(s); several distinct verbs are joined with "/"
    occurrences: int
    evidence: list[Span]
    quotes: list[str]  # the clause text each evidence span points at


class InfrastructureMention(Record):
    name: str
    kind: InfrastructureKind
    action: str | None
    evidence: list[Span]


class TaskRecord(Record):
    number: int
    section: int | None
    title: str
    text: str
    occurrences: int
    conflict: bool
    agencies: list[AgencyRole]
    infrastructure: list[InfrastructureMention]
    clauses: list[str] = Field(default_factory=list)  # distinct clause texts, in order seen


class AgencyRecord(Record):
    name: str
    full_name: str | None = None
    name_en: str | None = None
    kind: str = "unknown"
    aliases: list[str] = Field(default_factory=list)


class OrphanClause(Record):
    after_task: int
    text: str
    evidence: list[Span]


class Repair(Record):
    kind: str  # e.g. "lost-interpunct"
    original: str
    repaired: str
    evidence: list[Span]


class QualityReport(Record):
    missing_tasks: list[int] = Field(default_factory=list)
    missing_sections: list[int] = Field(default_factory=list)
    uncertain_section_tasks: list[int] = Field(default_factory=list)
    conflicts: list[int] = Field(default_factory=list)
    orphan_clauses: list[OrphanClause] = Field(default_factory=list)
    repairs: list[Repair] = Field(default_factory=list)
    unknown_agencies: list[str] = Field(default_factory=list)
    tasks_without_clause: list[int] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class Extraction(Record):
    """Everything read from one document: the JSON of `kg extract --json`."""

    document: DocumentMeta
    sections: list[SectionRecord]
    tasks: list[TaskRecord]
    agencies: list[AgencyRecord]
    quality: QualityReport
