"""The interface every reading profile implements, and the features they score on.

A profile is one family of formats: how to recognise it (:meth:`Profile.score`, from 0 to 1)
and how to read it (:meth:`Profile.read`). Scores come from :class:`Features`, counted once
per document on its outline and tables (:func:`features_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from loaders.agencies import AgencyRegistry
from loaders.clauses import label_segments
from loaders.outline import Outline, task_rank
from loaders.records import Extraction
from loaders.scan import RANK
from loaders.tables import Table

if TYPE_CHECKING:
    from loaders.read import Parsed


@runtime_checkable
class Profile(Protocol):
    name: str
    description: str

    def score(self, f: Features) -> float:
        """How well a document with these features fits this family, 0 … 1."""
        ...

    def read(self, parsed: Parsed, registry: AgencyRegistry) -> Extraction:
        """Read the document; raise NoTasksFound when it holds no task."""
        ...


@dataclass(frozen=True)
class Features:
    clauses: int  # responsibility clauses in the text
    verb_only: int  # clauses with verbs and no label (（省发改委、数字办负责）)
    responsibility_labelled: int  # 责任单位： with no 牵头单位-style label
    lead_labelled: int  # 牵头单位： / 牵头责任单位： / 配合单位： labels
    task_rank: int | None  # level of the tasks: 1 for （一）, 2 for 1., …
    headings: int  # top-level headings (一、)
    section_paragraphs: int  # top-level headings that carry a clause themselves
    table_rows: int  # rows of task tables

    def share(self, count: int) -> float:
        return count / self.clauses if self.clauses else 0.0


def features_of(normalized: str, outline: Outline, tables: list[Table]) -> Features:
    """Count what the profiles score on, from the outline and the tables of the normalised
    text."""
    verb_only = responsibility = lead = 0
    for node in outline.nodes:
        for clause in node.clauses:
            assert clause.inner is not None
            kinds = {s.kind for s in label_segments(normalized[clause.inner[0]:clause.inner[1]])
                     if s.label}
            if not kinds:
                verb_only += 1
            elif kinds & {"lead", "cooperate"}:
                lead += 1
            else:
                responsibility += 1
    return Features(
        clauses=verb_only + responsibility + lead, verb_only=verb_only,
        responsibility_labelled=responsibility, lead_labelled=lead,
        task_rank=task_rank(outline),
        headings=sum(1 for n in outline.nodes if n.form == "A"),
        section_paragraphs=sum(1 for n in outline.nodes if n.form == "A" and n.clauses),
        table_rows=sum(len(t.rows) for t in tables),
    )


def is_two_level(f: Features) -> bool:
    """Tasks numbered （一） (under 一、 headings or none)."""
    return f.task_rank == RANK["B"]


def is_nested(f: Features) -> bool:
    """Tasks numbered 1. under 一、 / （一） headings, or sections that are one paragraph."""
    return (f.task_rank is not None and f.task_rank >= RANK["C"]) or f.section_paragraphs > 0
