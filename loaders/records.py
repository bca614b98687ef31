"""Typed records produced by reading a work plan.

These are the loader's output and the only thing `graph/` reads from `loaders/`. They are
plain dataclasses, built by the reader from parts it has checked (a document makes hundreds
of them, and validating each again cost more than reading the text); :func:`to_json` and
:func:`from_json` give and check the JSON shape of ``kg extract --json`` with pydantic.
Offsets are character offsets into the decoded, un-normalised source text (before pinyin
glosses are stripped and Traditional characters converted): ``source[start:end]`` is the
quoted evidence. Texts, titles and names are normalised (Simplified).

Task numbers. ``TaskRecord.number`` stays an ``int`` (the graph contract, task ids and
queries rely on it):

* flat plans that number tasks consecutively across sections (（一）…（四十九）, 2014–2019):
  ``number`` is the written number, gaps included, and ``label`` is the same as a string;
* plans that restart numbering under each heading (一、/（一）/1.) or that have tasks without
  a number of their own (a section whose only task is one paragraph): ``number`` is the
  running order of the task in the document (1..N, in order of the labels) and ``label`` is
  the stable reference written from the headings down, e.g. ``"1.3.2"`` for 一/（三）/2., or
  ``"2.1"`` for 二/1. when the plan has no （一） level. A section's paragraph task is
  labelled with the section's number (``"1"``).

``section`` is the number of the top-level heading (一、), ``subsection`` that of the
second-level heading (（三）) when tasks sit below it.

Agency names and keys. ``name`` (on :class:`AgencyRole` and :class:`AgencyRecord`) is the
canonical short form: the registry's name for a body it knows (省发改委,
福州市政府, 人行福州中心支行), otherwise the name as written with its level prefix, carried when
the document leaves it out (市大数据委、工信局 → 市工信局). ``key`` is the body's identity,
which tells apart bodies of different places with the same short name: the short name with
its level prefix replaced by the issuing place (市大数据委 in a plan of 福州市 is
``福州市大数据委``, in one of 厦门市 ``厦门市大数据委``; 省发改委 in a plan of 江西省 is
``江西省发改委``). It equals ``name`` for the home province's provincial bodies (省发改委 in a
Fujian plan), for bodies that are not local (人行福州中心支行, 各有关部门) and when the issuing
place is unknown; it defaults to ``name``. The graph makes one Agency node per key.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING, Any, TypeVar, dataclass_transform

from core.vocabulary import InfrastructureKind, Relation

if TYPE_CHECKING:
    from pydantic import TypeAdapter

Span = tuple[int, int]
T = TypeVar("T")
C = TypeVar("C", bound=type)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def value(cls: C) -> C:
    """A small immutable value of the reader (a name read, a mention): frozen to the type
    checker, and at run time a dataclass with a hash whose fields are set without
    ``frozen``'s interpreted ``object.__setattr__`` per field (8 % of a compiled reading).

    >>> @value
    ... class Point:
    ...     x: int
    ...     y: int = 0
    >>> Point(1) == Point(1, 0), hash(Point(1)) == hash(Point(1, 0)), Point(1) == Point(2)
    (True, True, False)
    """
    made: Any = dataclass(unsafe_hash=True)(cls)
    return made  # type: ignore[no-any-return]


@dataclass_transform(kw_only_default=True, field_specifiers=(field,))
def _record(cls: C) -> C:
    """A record class: a dataclass with slots; its JSON refuses unknown keys."""
    made: Any = dataclass(slots=True, kw_only=True)(cls)
    # pydantic's ConfigDict is a plain dict; spelt as one so that `kg extract --json`, which
    # only writes JSON, does not import pydantic (a third of its start-up).
    made.__pydantic_config__ = {"extra": "forbid"}
    return made  # type: ignore[no-any-return]



@_record
class DocumentMeta:
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
    profile: str = "verb-clause"  # the reading profile used (loaders/profiles)
    script: str = "simplified"  # "traditional" when the source was converted
    place: str | None = None  # the issuing place that qualifies local bodies (福州市)


@_record
class SectionRecord:
    number: int
    title: str | None  # None when the heading is lost from the copy
    first_task: int | None


@_record
class SubsectionRecord:
    """A second-level heading (（三）夯实数字基础设施根基) that holds tasks but is not one."""

    section: int | None
    number: int
    title: str | None
    label: str  # "1.3"
    first_task: int | None  # ``number`` of its first task


@_record
class AgencyRole:
    """One agency's role on one task, merged over the task's occurrences."""

    name: str  # canonical short name (省发改委, 市大数据委)
    key: str = ""  # identity, qualified by place (福州市大数据委); defaults to ``name``
    relation: Relation
    verb: str  # original word(s); several distinct verbs are joined with "/"
    occurrences: int
    evidence: list[Span]
    quotes: list[str]  # the clause text each evidence span points at
    # True when a table row named no unit and took the units of the row above (a merged
    # cell): the page states the role once, for several rows.
    inherited: bool = False

    def __post_init__(self) -> None:
        self.key = self.key or self.name


@_record
class InfrastructureMention:
    name: str
    kind: InfrastructureKind
    action: str | None
    evidence: list[Span]


@_record
class TaskRecord:
    number: int  # written number (flat plans) or running order (nested plans), see above
    section: int | None
    title: str
    text: str
    occurrences: int
    conflict: bool
    agencies: list[AgencyRole]
    infrastructure: list[InfrastructureMention]
    clauses: list[str] = field(default_factory=list)  # distinct clause texts, in order seen
    label: str = ""  # stable reference: "11" (flat) or "1.3.2" (nested)
    subsection: int | None = None
    deadline: str | None = None  # 年底前, 2025年6月底前完成, 持续推进: when, never who
    notes: list[str] = field(default_factory=list)  # what clauses say that names nobody


@_record
class AgencyRecord:
    """An agency named by a document, with what the registry says of it."""

    name: str  # canonical short name (省发改委, 市大数据委)
    key: str = ""  # identity, qualified by place (福州市大数据委); defaults to ``name``
    full_name: str | None = None
    name_en: str | None = None
    kind: str = "unknown"
    aliases: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = self.key or self.name


@_record
class OrphanClause:
    after_task: int
    text: str
    evidence: list[Span]


@_record
class Repair:
    kind: str  # e.g. "lost-interpunct"
    original: str
    repaired: str
    evidence: list[Span]


@_record
class Unread:
    """A passage the reader saw but could not read: kept and reported, never guessed at."""

    kind: str  # "bracket-clause" | "table-row" | "clause-item"
    text: str
    evidence: list[Span]


@_record
class QualityReport:
    missing_tasks: list[int] = field(default_factory=list)
    missing_sections: list[int] = field(default_factory=list)
    uncertain_section_tasks: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)
    orphan_clauses: list[OrphanClause] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    unknown_agencies: list[str] = field(default_factory=list)
    tasks_without_clause: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing_labels: list[str] = field(default_factory=list)  # gaps in nested numbering ("2.3")
    unread: list[Unread] = field(default_factory=list)


@_record
class Extraction:
    """Everything read from one document: the JSON of `kg extract --json`."""

    document: DocumentMeta
    sections: list[SectionRecord]
    tasks: list[TaskRecord]
    agencies: list[AgencyRecord]
    quality: QualityReport
    subsections: list[SubsectionRecord] = field(default_factory=list)
    # The decoded source text that every evidence span indexes. Left out of the JSON of
    # `kg extract --json` (it is the input); the graph keeps it on the Document node.
    source_text: str = ""


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter(kind: type) -> TypeAdapter[Any]:
    if kind not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[kind] = TypeAdapter(kind)
    return _ADAPTERS[kind]


def _plain(value: object) -> Any:
    """Records, lists and spans as JSON values (what pydantic's ``mode="json"`` gives)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def to_json(record: object) -> dict[str, Any]:
    """A record as the JSON object ``kg extract --json`` prints (the source text left out).

    >>> to_json(SectionRecord(number=1, title="推进改革创新", first_task=1))
    {'number': 1, 'title': '推进改革创新', 'first_task': 1}
    """
    data: dict[str, Any] = _plain(record)
    data.pop("source_text", None)
    return data


def from_json(kind: type[T], data: object) -> T:
    """A record of ``kind`` from its JSON object, checked (types, no unknown keys)."""
    record: T = _adapter(kind).validate_python(data)
    return record
