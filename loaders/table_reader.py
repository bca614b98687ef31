"""Reading a plan written as a task table into an Extraction.

Each data row is one occurrence of a task: its task cell is the text, its agency cells are
read as one clause (:func:`loaders.clauses.read_cells`, so 牵头单位 / 责任单位 / 配合单位 columns
give LEADS / RESPONSIBLE_FOR / COOPERATES_ON, and verbs or （牵头） inside a cell still count).
Sections come from heading rows (一、…) or a category column. Rows with agencies but no task
are reported, not guessed at.
"""

from __future__ import annotations

from loaders.agencies import AgencyRegistry
from loaders.assemble import ClauseRead, Piece, TaskEntry, build_tasks, document_meta
from loaders.clauses import read_cells
from loaders.header import read_header, search_signature
from loaders.locality import Locality
from loaders.normalize import normalize
from loaders.outline_reader import NoTasksFound
from loaders.records import Extraction, QualityReport, SectionRecord, Unread
from loaders.source import SourceText
from loaders.tables import (
    Cell,
    Table,
    fill_down,
    find_tables,
    is_none,
    parse_number,
    section_row,
    task_number,
)


def _runs(table: Table) -> list[tuple[tuple[int | None, str] | None, list[tuple[tuple[int, int], list[Cell]]]]]:
    """Rows grouped under the heading rows between them (merged cells never cross those)."""
    runs: list[tuple[tuple[int | None, str] | None, list[tuple[tuple[int, int], list[Cell]]]]] = [
        (None, [])]
    for span, cells in table.rows:
        heading = section_row(cells)
        if heading is not None and not _has_agencies(cells, table):
            runs.append((heading, []))
        else:
            runs[-1][1].append((span, cells))
    return runs


def _has_agencies(cells: list[Cell], table: Table) -> bool:
    return any(j < len(cells) and cells[j][0] and kind in ("lead", "responsible", "cooperate")
               for j, kind in enumerate(table.columns)) and sum(1 for c in cells if c[0]) > 1


def _category_section(title: str, numbers: dict[str, int],
                      sections: dict[int, SectionRecord]) -> int:
    """The section a category cell names: its own number when written 一、…, else the order
    in which categories first appear."""
    if title not in numbers:
        heading = section_row([(title, 0, 0), ("", 0, 0), ("", 0, 0)])
        number = heading[0] if heading and heading[0] else len(numbers) + 1
        numbers[title] = number
        sections.setdefault(number, SectionRecord(
            number=number, title=heading[1] if heading else title, first_task=None))
    return numbers[title]


def read_table(source: SourceText, registry: AgencyRegistry | None = None,
               profile: str = "table") -> Extraction:
    registry = registry or AgencyRegistry.bundled()
    nt = normalize(source.text)
    text = nt.text
    tables = find_tables(text)
    if not tables:
        raise NoTasksFound(f"no task table found in {source.name}")
    quality = QualityReport(repairs=list(nt.repairs))

    # Header: the text outside the tables.
    outside: list[tuple[int, int]] = []
    pos = 0
    for table in tables:
        end = table.rows[-1][0][1] if table.rows else table.header[1]
        outside.append((pos, table.header[0]))
        pos = end
    outside.append((pos, len(text)))
    header_text = "\n".join(text[a:b] for a, b in outside)
    header = read_header(header_text, search_signature(header_text))
    locality = Locality.from_issuer(header.issuer, header.plan_title or header.title)

    sections: dict[int, SectionRecord] = {}
    by_key: dict[int, list[Piece]] = {}
    placement: dict[int, int | None] = {}
    written: list[int | None] = []
    order: list[int] = []
    running = 0
    section_titles: dict[str, int] = {}
    for table in tables:
        cols = table.columns
        current_section: int | None = None
        for heading, rows in _runs(table):
            if heading is not None:
                heading_number = heading[0] or (max(sections, default=0) + 1)
                sections.setdefault(heading_number, SectionRecord(
                    number=heading_number, title=heading[1], first_task=None))
                current_section = heading_number
            for (span, cells) in zip([s for s, _ in rows],
                                     fill_down([c for _, c in rows], cols), strict=True):
                task_cells = [c for c, k in zip(cells, cols, strict=False) if k == "task"]
                task_cell = next((c for c in task_cells if c[0]), None)
                if task_cell is None:
                    if any(c[0] for c in cells):
                        quality.unread.append(Unread(
                            kind="table-row", text=nt.quote(span),
                            evidence=[nt.span_to_source(span)]))
                    continue
                number, skip = task_number(task_cell[0])
                for c, k in zip(cells, cols, strict=False):
                    if k == "number" and c[0] and (written_number := parse_number(c[0])):
                        number = written_number
                running += 1
                key = number if number is not None else running
                written.append(number)
                section = current_section
                for c, k in zip(cells, cols, strict=False):
                    if k == "section" and c[0]:
                        section = _category_section(c[0], section_titles, sections)
                agency_cells = [(c[0], c[1], k) for c, k in zip(cells, cols, strict=False)
                                if k in ("lead", "responsible", "cooperate") and c[0]
                                and not is_none(c[0])]
                roles = read_cells(agency_cells, registry, locality)
                clause = ClauseRead(span=span, roles=roles,
                                    cells=[(c[1], c[2]) for c in cells if c[0]])
                piece = Piece(texts=[(task_cell[1] + skip, task_cell[2])],
                              clauses=[clause] if agency_cells else [])
                if key not in by_key:
                    by_key[key] = []
                    order.append(key)
                    placement[key] = section
                by_key[key].append(piece)
    if not by_key:
        raise NoTasksFound(f"the task table in {source.name} has no task rows")

    keys = sorted(order)
    entries = [TaskEntry(k, str(k), placement[k], None, by_key[k]) for k in keys]
    for e in entries:
        if e.section is not None and sections[e.section].first_task is None:
            sections[e.section] = sections[e.section].model_copy(update={"first_task": e.number})
    if all(n is not None for n in written):
        quality.missing_tasks = [n for n in range(1, max(keys) + 1) if n not in by_key]
    tasks, agencies = build_tasks(entries, nt, registry, quality)
    if quality.unread:
        quality.warnings.append(
            f"{len(quality.unread)} table row(s) name agencies but no task: see quality.unread")
    document = document_meta(header, source, profile, nt, locality)
    return Extraction(document=document, sections=[sections[n] for n in sorted(sections)],
                      tasks=tasks, agencies=agencies, quality=quality,
                      source_text=source.text)
