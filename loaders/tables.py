"""Task tables: a header row naming the columns (工作任务 / 牵头单位 / 责任单位 …) and one row
per task, as tab-, pipe- or comma-separated lines (HTML tables arrive as tab-separated lines,
see :mod:`loaders.source`), read into an Extraction.

Each data row is one occurrence of a task: its task cell is the text, its agency cells are
read as one clause (:func:`loaders.clauses.read_cells`, so 牵头单位 / 责任单位 / 配合单位 columns
give LEADS / RESPONSIBLE_FOR / COOPERATES_ON, and verbs or （牵头） inside a cell still count).
Sections come from heading rows (一、…) or a category column. Rows with agencies but no task
are reported, not guessed at.

Small rules, each a function: :func:`split_row` (cells and their offsets),
:func:`column_kind` (header word → column), :func:`find_tables`, :func:`fill_down` (an empty
cell repeats the one above, as merged cells do), :func:`section_row` (a row that is a
heading, 一、…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from loaders.agencies import AgencyRegistry
from loaders.assemble import ClauseRead, Piece, TaskEntry, build_tasks, document_meta
from loaders.clauses import read_cells
from loaders.header import read_header, search_signature
from loaders.locality import Locality
from loaders.numerals import NUMERAL_CHARS, parse_numeral
from loaders.records import Extraction, QualityReport, SectionRecord, Span, Unread
from loaders.rules import load_rules
from loaders.source import SourceText
from loaders.tasks import NoTasksFound

if TYPE_CHECKING:
    from loaders.read import Parsed

Cell = tuple[str, int, int]  # text (stripped), start, end
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SECTION = re.compile(rf"^\s*([{NUMERAL_CHARS}]+)\s*、\s*(.+)$")
_TASK_NUMBER = re.compile(rf"^\s*(?:[（(]\s*([{NUMERAL_CHARS}]+|\d+)\s*[）)]|(\d+)\s*[.．、])\s*")
FILLED = ("section", "lead", "responsible", "cooperate")


@cache
def _columns() -> list[tuple[str, str]]:
    data: dict[str, Any] = load_rules("tables")
    pairs = [(word, kind) for kind, words in data["columns"].items() for word in words]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def column_kind(header: str) -> str | None:
    """The kind of column a header cell names: its exact word, else the longest it contains.

    >>> column_kind("工作任务"), column_kind("牵头责任单位"), column_kind("完成时限"), column_kind("说明")
    ('task', 'lead', 'ignore', None)
    """
    cell = re.sub(r"\s+", "", header)
    for word, kind in _columns():
        if cell == word:
            return kind
    for word, kind in _columns():
        if word in cell:
            return kind
    return None


def split_row(line: str, offset: int, delimiter: str) -> list[Cell]:
    """Cells of one line with their offsets; double quotes protect delimiters in CSV/TSV.

    >>> [c for c, _, _ in split_row("| 1 | 建设A平台 | 省发改委 |", 0, "|")]
    ['1', '建设A平台', '省发改委']
    >>> [c for c, _, _ in split_row('1,"建设A平台,B系统",省发改委', 0, ",")]
    ['1', '建设A平台,B系统', '省发改委']
    >>> [c for c, _, _ in split_row("1   建设A平台  省发改委", 0, "spaces")]
    ['1', '建设A平台', '省发改委']
    """
    if delimiter == "spaces":  # columns aligned with runs of spaces (copied from a PDF)
        return _split_on_spaces(line, offset)
    body_start, body_end = 0, len(line)
    if delimiter == "|":
        stripped = line.strip()
        lead = line.index(stripped[0]) if stripped else 0
        body_start = lead + 1 if stripped.startswith("|") else lead
        body_end = len(line.rstrip())
        if stripped.endswith("|") and body_end - 1 >= body_start:
            body_end -= 1
    cells: list[Cell] = []
    start = body_start
    quoted = False
    for i in range(body_start, body_end + 1):
        ch = line[i] if i < body_end else None
        if ch == '"' and delimiter != "|":
            quoted = not quoted
        if ch is None or (ch == delimiter and not quoted):
            cells.append(_cell(line, start, i, offset))
            start = i + 1
    return cells


_SPACES = re.compile(r"[ \u3000]{2,}|\t")


def _split_on_spaces(line: str, offset: int) -> list[Cell]:
    cells: list[Cell] = []
    pos = len(line) - len(line.lstrip(" \u3000\t"))
    for m in _SPACES.finditer(line, pos):
        if m.start() > pos:
            cells.append(_cell(line, pos, m.start(), offset))
        pos = m.end()
    if pos < len(line.rstrip()):
        cells.append(_cell(line, pos, len(line.rstrip()), offset))
    return cells


def _has_delimiter(line: str, delimiter: str) -> bool:
    if delimiter == "spaces":
        return len(_split_on_spaces(line, 0)) >= 2
    return delimiter in line


def _cell(line: str, start: int, end: int, offset: int) -> Cell:
    raw = line[start:end]
    core = raw.strip(" \t\u3000")
    if len(core) >= 2 and core.startswith('"') and core.endswith('"'):
        core = core[1:-1]
    lead = raw.find(core) if core else 0
    return core, offset + start + lead, offset + start + lead + len(core)


@dataclass
class Table:
    columns: list[str | None]  # kind of each column
    header: Span
    rows: list[tuple[Span, list[Cell]]] = field(default_factory=list)  # line span, cells

    def has(self, kind: str) -> bool:
        return kind in self.columns


def _header_kinds(cells: list[Cell]) -> list[str | None] | None:
    kinds = [column_kind(c) for c, _, _ in cells]
    if "task" in kinds and any(k in kinds for k in ("lead", "responsible", "cooperate")):
        return kinds
    return None


def _lines(text: str) -> list[tuple[str, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((line, pos))
        pos += len(line) + 1
    return out


def find_tables(text: str) -> list[Table]:
    """Every task table in the text: a header row, then the rows that split the same way."""
    delimiters = load_rules("tables")["delimiters"]["order"]
    lines = _lines(text)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        line, offset = lines[i]
        found = None
        for delim in delimiters:
            if not _has_delimiter(line, delim):
                continue
            kinds = _header_kinds(split_row(line, offset, delim))
            if kinds:
                found = (delim, kinds)
                break
        if found is None:
            i += 1
            continue
        delim, kinds = found
        table = Table(columns=list(kinds), header=(offset, offset + len(line)))
        i += 1
        if i < len(lines) and (sub := _sub_header(lines[i], delim)) is not None:
            # A header over two rows: 责任单位 above 牵头单位 | 配合单位.
            for j, kind in enumerate(sub):
                if kind is not None and j < len(table.columns):
                    table.columns[j] = kind
                elif kind is not None:
                    table.columns.append(kind)
            i += 1
        while i < len(lines):
            line, offset = lines[i]
            if delim == "|" and _SEPARATOR_ROW.match(line):
                i += 1
                continue
            if not _has_delimiter(line, delim):
                if not line.strip() and i + 1 < len(lines) and _has_delimiter(lines[i + 1][0],
                                                                              delim):
                    i += 1  # a blank line inside the table
                    continue
                break
            table.rows.append(((offset, offset + len(line)), split_row(line, offset, delim)))
            i += 1
        tables.append(table)
    return tables


def _sub_header(line: tuple[str, int], delimiter: str) -> list[str | None] | None:
    """The second row of a two-row header: only column names, at least one of them known."""
    text, offset = line
    if not _has_delimiter(text, delimiter):
        return None
    cells = split_row(text, offset, delimiter)
    kinds = [column_kind(c) if c else None for c, _, _ in cells]
    named = [c for c, _, _ in cells if c]
    if named and all(column_kind(c) is not None for c in named):
        return kinds
    return None


def section_row(cells: list[Cell]) -> tuple[int | None, str] | None:
    """A row that is a heading: one distinct non-empty text (merged across the row), written
    as 一、… or standing alone in the first column.

    >>> section_row([("一、推进改革创新", 0, 8), ("", 9, 9), ("", 10, 10)])
    (1, '推进改革创新')
    """
    texts = {c for c, _, _ in cells if c}
    if len(texts) != 1:
        return None
    only = next(iter(texts))
    if m := _SECTION.match(only):
        return parse_numeral(m.group(1)), m.group(2).strip()
    if cells and cells[0][0] == only and len(cells) > 2:
        return None, only
    return None


def task_number(text: str) -> tuple[int | None, int]:
    """A number written at the start of a task cell (（一） / 1.), and where the text begins.

    >>> task_number("（三）建设A平台"), task_number("建设A平台")
    ((3, 3), (None, 0))
    """
    m = _TASK_NUMBER.match(text)
    if not m:
        return None, 0
    return parse_numeral(m.group(1) or m.group(2)), m.end()


def parse_number(cell: str) -> int | None:
    """The value of a 序号 cell: 3, 三, （三）, 3.

    >>> parse_number("12"), parse_number("（十二）"), parse_number("十二"), parse_number("-")
    (12, 12, 12, None)
    """
    core = cell.strip().strip("（()）.．、")
    try:
        return parse_numeral(core)
    except ValueError:
        return None


def is_none(cell: str) -> bool:
    """A cell that says "none" (/, —, 无).

    >>> is_none("/"), is_none("无"), is_none("省发改委")
    (True, True, False)
    """
    return cell.strip() in load_rules("tables")["cells"]["empty_markers"]


def fill_down(rows: list[list[Cell]], columns: list[str | None]) -> list[list[Cell]]:
    """An empty cell of a section or agency column repeats the cell above (a merged cell).

    >>> rows = [[("1", 0, 1), ("甲", 2, 3), ("省发改委", 4, 8)], [("2", 9, 10), ("乙", 11, 12), ("", 13, 13)]]
    >>> fill_down(rows, ["number", "task", "lead"])[1][2]
    ('省发改委', 4, 8)
    """
    above: dict[int, Cell] = {}
    out: list[list[Cell]] = []
    for cells in rows:
        end = cells[-1][2] if cells else 0
        row = list(cells) + [("", end, end)] * (len(columns) - len(cells))
        for j, kind in enumerate(columns):
            if kind not in FILLED:
                continue
            if j < len(row) and row[j][0]:
                above[j] = row[j]
            elif j in above and j < len(row):
                row[j] = above[j]
        out.append(row)
    return out


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


def read_table(parsed: Parsed | SourceText, registry: AgencyRegistry | None = None,
               profile: str = "table") -> Extraction:
    """Read a plan written as a task table (from a parsed document, or a source, parsed
    here)."""
    registry = registry or AgencyRegistry.bundled()
    if isinstance(parsed, SourceText):
        from loaders.read import parse

        parsed = parse(parsed, registry)
    source, nt, tables = parsed.source, parsed.nt, parsed.tables
    text = nt.text
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
