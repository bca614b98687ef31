"""Task tables, in every shape a page gives them, read into an Extraction.

A table has a header naming its columns (序号 / 工作任务 / 具体要求 / 牵头单位 / 责任单位 /
配合单位 / 责任科室 / 时限要求 …, in any order; ``data/tables.toml`` says which word names
which kind of column). Pages carry it in two layouts:

* **rows**: one line per row, cells split by tabs (HTML tables arrive so, see
  :mod:`loaders.source`), ``|``, commas or runs of spaces;
* **cells**: one cell per line, with ``|`` lines or trailing ``|`` between them (a table
  flattened from a page, or a Word table turned into lines).

Where a row lost the places of its cells (merged cells shift the rest left; a flattened
table has no row breaks at all), each cell is typed by what it holds (number, heading,
agency list, person, deadline, flag, text) and the cells are aligned with the columns by
dynamic programming (:func:`align`): the best fit of types to column kinds, with a small cost
for a skipped column and a row that starts further in. Rows then read as tasks
(:func:`read_table`): the task or detail text, the agencies by their column's role (牵头单位
→ LEADS, 责任单位 → RESPONSIBLE_FOR when a lead is named, else LEADS, 配合单位 →
COOPERATES_ON, ★ marks a lead inside a cell), the deadline. A row with no unit cell takes
the units of the row above, and says so (``inherited``); a row with units but no task text
adds them to the task above. Heading rows (一、…) and group cells are sections.

>>> [t.columns for t in find_tables("序号\\t工作任务\\t牵头单位\\n1\\t建设A平台。\\t省发改委")]
[['number', 'task', 'lead']]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from loaders.agencies import AgencyRegistry
from loaders.assemble import ClauseRead, Piece, TaskEntry, build_tasks, document_meta
from loaders.clauses import (
    body_endings,
    clean_item,
    first_listed_leads,
    is_clause,
    looks_like_agency,
    read_cells,
    says_first_listed_leads,
    share_suffix,
    split_groups,
    words,
)
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
_SUBSECTION = re.compile(rf"^\s*[（(]\s*([{NUMERAL_CHARS}]+)\s*[）)]\s*(.+)$")
_TASK_NUMBER = re.compile(rf"^\s*(?:[（(]\s*([{NUMERAL_CHARS}]+|\d+)\s*[）)]|(\d+)\s*[.．、])\s*")
_NUMBER_CELL = re.compile(r"^\s*[（(]?\s*(\d{1,3})\s*[）)]?\s*[.．、]?\s*$")


@cache
def _value_cell() -> re.Pattern[str]:
    """A quantity or its unit in a target column (≥2%, 0.07, 42万吨, 万亩, 万元/人, %); compiled
    when a table is read (a Han character class costs 2 ms to compile)."""
    return re.compile(
        r"[≥≤><＞＜]?\s*(?:\d+(?:\.\d+)?\s*)?"
        r"(?:[%％‰]|[万亿千百]?(?:亩|吨|斤|头|只|人|户|元|个|家|所|座|套|台|项|次|辆|件|公里|千米|米|"
        r"平方米|立方米|千瓦|兆瓦|千瓦时|标准箱|人次|床))?(?:/[\u4e00-\u9fff]{1,2})?")
_MARKER_CELL = re.compile(rf"^\s*(?:[（(]\s*[{NUMERAL_CHARS}]+\s*[）)]|[{NUMERAL_CHARS}]+\s*、)\s*$")
_PIPES = re.compile(r"^[\s|｜]+$")
_SPACES = re.compile(r"\s+")
AGENCY_KINDS = ("lead", "responsible", "cooperate")
TEXT_KINDS = ("task", "detail")
FILLED = ("section", *AGENCY_KINDS)


_HEADER_MAX = 16  # characters of the longest column name (牵头责任单位（部门）and a note)


@cache
def _columns() -> list[tuple[str, str]]:
    data: dict[str, Any] = load_rules("tables")
    pairs = [(word, kind) for kind, words in data["columns"].items() for word in words]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


@cache
def _whole_cell_columns() -> dict[str, str]:
    data: dict[str, Any] = load_rules("tables")
    return {word: kind for kind, words in data["whole_cell_columns"].items() for word in words}


def _exact_kind(cell: str) -> str | None:
    """The kind of column a header cell names word for word (序号), else None."""
    return next((kind for word, kind in _columns() if word == cell), None)


_NOT_A_NAME = re.compile(r"[：:].|[。；;]$")
_HEADER_NOTE_CELL = re.compile(r"[（(][^（）()]{1,8}[）)]")
_HEADER_NOTE = re.compile(r"(?<=.)[（(][^（）()]{1,16}[）)]$")  # a note after a column's name


def column_kind(header: str) -> str | None:
    """The kind of column a header cell names: its exact word, else the longest it contains.
    A header names a column in a few words: a longer cell is prose (牵头部门要加大协调力度，…).

    >>> column_kind("工作任务"), column_kind("牵头责任单位"), column_kind("完成时限"), column_kind("编制")
    ('task', 'lead', 'deadline', None)
    >>> column_kind("是否省市统一进度(全省县市区名次)"), column_kind("责任单位（部门）")
    ('ignore', 'responsible')
    >>> column_kind("涉及多部门工作的，牵头部门要加大协调力度")
    >>> column_kind("牵头单位：省发改委"), column_kind("一、重点任务"), column_kind("1.推进项目建设。")
    (None, None, None)
    """
    cell = _HEADER_NOTE.sub("", re.sub(r"\s+", "", header))  # 完成率(%), 名次(全省…)
    if len(cell) > _HEADER_MAX or _NOT_A_NAME.search(cell) or _SECTION.match(cell) or (
            _TASK_NUMBER.match(cell)):
        return None  # an item (1.推进…。), a heading (一、重点任务) or a label (牵头单位：A)
    if cell in _whole_cell_columns():
        return _whole_cell_columns()[cell]
    if (exact := _exact_kind(cell)) is not None:
        return exact
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
    >>> [c for c, _, _ in split_row("序号 工 作 任 务 牵头负责部门", 0, "space")]
    ['序号', '工 作 任 务', '牵头负责部门']
    """
    if delimiter == "spaces":  # columns aligned with runs of spaces (copied from a PDF)
        return _split_on_spaces(line, offset)
    if delimiter == "space":
        return _split_on_space(line, offset)
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


_SPACE = re.compile(r"[ \u3000]+")
_LETTER_SPACED = re.compile(r"[\u4e00-\u9fff](?:[ \u3000][\u4e00-\u9fff])+(?![^ \u3000])")


def _split_on_space(line: str, offset: int) -> list[Cell]:
    """Cells between single spaces; a word spelt with a space between its characters
    (工 作 任 务, a spaced-out heading) stays one cell."""
    cells: list[Cell] = []
    pos = len(line) - len(line.lstrip(" \u3000"))
    end = len(line.rstrip(" \u3000"))
    while pos < end:
        spaced = _LETTER_SPACED.match(line, pos)
        if spaced and (spaced.end() == end or line[spaced.end()] in " \u3000") \
                and spaced.end() - pos >= 5:
            stop = spaced.end()
        else:
            gap = _SPACE.search(line, pos, end)
            stop = gap.start() if gap else end
        cells.append(_cell(line, pos, stop, offset))
        gap = _SPACE.match(line, stop, end)
        pos = gap.end() if gap else stop
    return cells


def _has_delimiter(line: str, delimiter: str) -> bool:
    if delimiter == "spaces":
        return len(_split_on_spaces(line, 0)) >= 2
    if delimiter == "space":
        return len(_split_on_space(line, 0)) >= 2
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
    # "rows": one line a row, cells in place; "cells": one cell a line, rows found by align
    layout: str = "rows"

    def has(self, kind: str) -> bool:
        return kind in self.columns

    @property
    def end(self) -> int:
        return self.rows[-1][0][1] if self.rows else self.header[1]


def _header_kinds(cells: list[Cell]) -> list[str | None] | None:
    kinds = [column_kind(c) for c, _, _ in cells]
    if not (any(k in kinds for k in TEXT_KINDS) and any(k in kinds for k in AGENCY_KINDS)):
        return None
    return _targets_aside([c for c, _, _ in cells], kinds)


def _targets_aside(names: list[str], kinds: list[str | None]) -> list[str | None]:
    """A target column (年度目标: ≥2%, 0.07) holds the task only when no other column does.

    >>> _targets_aside(["序号", "考核内容", "年度目标", "责任部门"], [None, "detail", "task", "lead"])
    [None, 'detail', 'ignore', 'lead']
    """
    texts = [i for i, k in enumerate(kinds) if k in TEXT_KINDS]
    targets = [i for i in texts if names[i].endswith("目标")]
    if targets and len(targets) < len(texts):
        for i in targets:
            kinds[i] = "ignore"
    return kinds


def _lines(text: str) -> list[tuple[str, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((line, pos))
        pos += len(line) + 1
    return out


def find_tables(text: str) -> list[Table]:
    """Every task table in the text, in either layout (module docstring)."""
    lines = _lines(text)
    tables = _row_tables(lines)
    taken = [(t.header[0], t.end) for t in tables]
    for table in _cell_tables(lines):
        if not any(a <= table.header[0] < b for a, b in taken):
            tables.append(table)
    return sorted(tables, key=lambda t: t.header[0])


def _row_tables(lines: list[tuple[str, int]]) -> list[Table]:
    """Tables of one line a row: a header line, then the lines that split the same way."""
    delimiters = load_rules("tables")["delimiters"]["order"]
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        line, offset = lines[i]
        found = None
        for delim in delimiters:
            if line.rstrip().endswith("。") or not _has_delimiter(line, delim):
                # (a line that ends a sentence is prose, whatever column words it holds)
                continue
            cells = split_row(line, offset, delim)
            while cells and not cells[-1][0]:  # 工作任务 | … | 时限要求 | ||
                cells.pop()
            kinds = _header_kinds(cells)
            if kinds and sum(1 for k in kinds if k is not None) >= 2:
                found = (delim, kinds, _header_start(cells, kinds))
                break
        if found is None:
            i += 1
            continue
        delim, kinds, header_at = found
        table = Table(columns=list(kinds[header_at:]),
                      header=(cells[header_at][1] if header_at else offset, offset + len(line)))
        closed = line.rstrip().endswith("|")  # rows end in | (so an open one goes on below)
        i += 1
        if i < len(lines) and (sub := _sub_header(lines[i], delim)) is not None:
            # A header over two rows: 责任单位 above 牵头单位 | 配合单位.
            for j, kind in enumerate(sub):
                if kind is not None and j < len(table.columns):
                    table.columns[j] = kind
                elif kind is not None:
                    table.columns.append(kind)
            i += 1
        rows: list[tuple[Span, list[Cell], bool]] = []  # span, cells, ends in |
        # Rows whose cells ran onto the lines below: how many cells their first line had.
        first_line: dict[int, int] = {}
        width = len(table.columns)
        while i < len(lines):
            line, offset = lines[i]
            if delim == "|" and _SEPARATOR_ROW.match(line):
                i += 1
                continue
            if not _has_delimiter(line, delim):
                after = _next_filled(lines, i + 1)
                if not line.strip() and after < len(lines) and (
                        _has_delimiter(lines[after][0], delim) or _SECTION.match(lines[after][0])):
                    i += 1  # a blank line inside the table
                    continue
                if delim != "|" and _SECTION.match(line) and after < len(lines) and \
                        _has_delimiter(lines[after][0], delim):
                    # A heading row between the rows (一、主要预期目标): a cell of its own.
                    rows.append(((offset, offset + len(line)),
                                 [_cell(line, 0, len(line), offset)], False))
                    i += 1
                    continue
                if line.strip() and rows and _runs_onto(line, rows, first_line, delim, width):
                    # A cell that ran onto the next line belongs to the row above (区财政局 /
                    # 区税务局 / 配合单位…: each line a cell, mended below).
                    span, cells, ends = rows[-1]
                    if delim != "|":
                        first_line.setdefault(len(rows) - 1, len(cells))
                    rows[-1] = ((span[0], offset + len(line)),
                                [*cells, _cell(line, 0, len(line), offset)], ends)
                    i += 1
                    continue
                break
            row = split_row(line, offset, delim)
            ends = line.rstrip().endswith("|")
            if delim == "|" and closed and rows and not rows[-1][2]:
                # The row above left its last cell open (市国土资源局 / 市农牧林业局 | 2010年…):
                # this line's first cell ends it.
                span, cells, _ = rows[-1]
                last, first = cells[-1], row[0]
                joined = (f"{last[0]} {first[0]}", last[1], first[2])
                rows[-1] = ((span[0], offset + len(line)), [*cells[:-1], joined, *row[1:]], ends)
            else:
                rows.append(((offset, offset + len(line)), row, ends))
            i += 1
        table.rows = [(span, cells) for span, cells, _ in (
            _mended(row, first_line[k], width) if k in first_line else row
            for k, row in enumerate(rows))]
        tables.append(table)
    return tables


def _next_filled(lines: list[tuple[str, int]], i: int) -> int:
    """The index of the first line from ``i`` on that is not blank (or past the end)."""
    while i < len(lines) and not lines[i][0].strip():
        i += 1
    return i


def _runs_onto(line: str, rows: list[tuple[Span, list[Cell], bool]], first_line: dict[int, int],
               delim: str, width: int) -> bool:
    """Whether a line without the delimiter goes on the last row: always in ``|`` tables;
    otherwise while the row lacks cells (one more than its columns, at most, once it runs
    on), unless the line starts a numbered row or the row is a heading."""
    if delim == "|":
        return True
    cells = rows[-1][1]
    if _TASK_NUMBER.match(line):
        return False
    if len(rows) - 1 in first_line:
        return len(cells) <= width
    return len(cells) < width and not _SECTION.match(cells[0][0])


def _mended(row: tuple[Span, list[Cell], bool], first_line_cells: int, columns: int
            ) -> tuple[Span, list[Cell], bool]:
    """A row continued on the lines below its first: with more cells than columns, the
    first line's last cell was cut by a line break and takes the lines after it, so that the
    last lines fill the last columns (区财政局 / 区税务局 in one cell, then the next column)."""
    span, cells, ends = row
    extra = len(cells) - columns
    if extra <= 0:
        return row
    k = first_line_cells - 1
    joined = (" ".join(c[0] for c in cells[k:k + extra + 1]), cells[k][1], cells[k + extra][2])
    return span, [*cells[:k], joined, *cells[k + extra + 1:]], ends


def _stream(lines: list[tuple[str, int]]) -> list[Cell]:
    """The cells of text laid out one cell per line: lines of only ``|`` separate cells and
    are dropped, a trailing or leading ``|`` is not part of the cell, blank lines are skipped.
    A line with ``|`` inside it (a row of its own) ends the stream."""
    cells: list[Cell] = []
    # Where lines of | separate the cells, the lines between two of them are one cell
    # (a cell of two names on two lines); elsewhere every line is a cell.
    separated = sum(1 for line, _ in lines if "|" in line and _PIPES.match(line)) >= 2
    open_cell = False  # the last cell may go on: a | before it, none since
    seen_separator = False
    for line, offset in lines:
        if not line.strip():
            continue
        if _PIPES.match(line):
            open_cell, seen_separator = False, True
            continue
        core = line.strip().strip("|｜").strip()
        if "|" in core:
            break
        start = offset + line.find(core)
        if separated and open_cell and cells:
            text, first, _ = cells[-1]
            cells[-1] = (text + "\n" + core, first, start + len(core))
        else:
            cells.append((core, start, start + len(core)))
        open_cell = seen_separator and not line.rstrip().endswith(("|", "｜"))
    return cells


def _cell_tables(lines: list[tuple[str, int]]) -> list[Table]:
    """Tables of one cell a line: a run of header cells (column names, at most two unknown
    words among them), then every cell up to the end of the text."""
    stream = _stream(lines)
    tables: list[Table] = []
    i = 0
    while i < len(stream):
        kinds: list[str | None] = []
        unknown = 0
        j = i
        # Lengths without spaces: a header cell may be letter-spaced (目   标   与   任   务).
        while j < len(stream) and len(_HEADER_NOTE.sub("", _SPACES.sub("", stream[j][0]))) <= 12:
            if kinds and _HEADER_NOTE_CELL.fullmatch(stream[j][0]):
                j += 1  # 责任股室 / (单位): the note of the header cell above
                continue
            kind = column_kind(stream[j][0])
            if (kind is not None and kind in kinds and kind not in ("ignore", "leader")
                    and not _header_goes_on(stream, j, kinds)):
                break  # a second task column: the first cell of a row (分类 then 发展目标)
            if kind is None and kinds and (joined := _exact_kind(stream[j - 1][0] + stream[j][0])):
                unknown -= kinds[-1] is None
                kinds[-1] = joined  # a header cell cut by a line break (序 / 号)
                j += 1
                continue
            if kind is None:
                if unknown >= 2 or not kinds or len(_SPACES.sub("", stream[j][0])) > 6:
                    break
                unknown += 1
            kinds.append(kind)
            j += 1
        while kinds and kinds[-1] is None:  # the header ends with a known column
            kinds.pop()
            j -= 1
        if (len(kinds) >= 3 and any(k in kinds for k in TEXT_KINDS)
                and any(k in kinds for k in AGENCY_KINDS)):
            header = (stream[i][1], stream[j - 1][2])
            body = _without_repeats(stream[j:], [c for c, _, _ in stream[i:j]])
            kinds = _targets_aside([c for c, _, _ in stream[i:j]], kinds)
            tables.append(Table(columns=kinds, header=header,
                                rows=[((c[1], c[2]), [c]) for c in body], layout="cells"))
            break  # the table runs to the end of the stream
        i += 1
    return tables


def _header_goes_on(stream: list[Cell], j: int, kinds: list[str | None]) -> bool:
    """Whether the header run goes on past ``stream[j]``, a second column of a kind already
    seen: it does when the first row starts further on. A header with a 序号 column at
    place ``p`` ends ``p`` cells before the first row's number, 1 (序号 重点工作 责任科室
    攻坚目标 工作任务安排 1 …: three text columns; 分类 序号 事项 … 发展目标 1 …: 发展目标 is the
    first row's 分类 cell)."""
    if "number" not in kinds:
        return False
    place = kinds.index("number")
    for k in range(j, min(j + 8, len(stream))):
        cell = _SPACES.sub("", stream[k][0])
        if parse_number(cell) == 1 and _NUMBER_CELL.match(cell):
            return k - place > j
        if len(cell) > 12 or _NOT_A_NAME.search(cell):
            return False
    return False


def _header_start(cells: list[Cell], kinds: list[str | None]) -> int:
    """Where the header starts in a line whose column names close a paragraph run onto it
    (…现下达给你们 附件：…分解表 序号 名称 工作任务 牵头责任单位): after the last cell of prose.

    >>> cells = [(c, 0, 0) for c in ("附件:常熟市2018年政府工作任务分解表", "序号", "名称", "工作任务", "牵头责任单位")]
    >>> _header_start(cells, [None, "number", None, "task", "lead"])
    1
    """
    prose = [j for j, (text, _, _) in enumerate(cells)
             if kinds[j] is None and len(re.sub(r"\s+", "", text)) > _HEADER_MAX]
    return prose[-1] + 1 if prose and prose[-1] + 1 < len(cells) else 0


def _without_repeats(cells: list[Cell], header: list[str]) -> list[Cell]:
    """The cells without the header printed again over a later page of the table.

    >>> [c for c, _, _ in _without_repeats([(t, 0, 0) for t in "1 甲 局 序号 任务 单位 2 乙 局".split()],
    ...                                      ["序号", "任务", "单位"])]
    ['1', '甲', '局', '2', '乙', '局']
    """
    out: list[Cell] = []
    k, n = 0, len(header)
    while k < len(cells):
        if n and [c for c, _, _ in cells[k:k + n]] == header:
            k += n
            continue
        out.append(cells[k])
        k += 1
    return out


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


# --- what a cell holds ------------------------------------------------------------------------


@cache
def _cell_words() -> dict[str, Any]:
    return dict(load_rules("tables")["cells"])


@cache
def _fit() -> dict[str, Any]:
    return dict(load_rules("tables")["fit"])


@cache
def _unit_endings() -> tuple[str, ...]:
    items = load_rules("rules")["items"]
    return (*items["organ_suffixes"], *items["company_suffixes"], "政府", "部门", "单位", "科室",
            "科", "股", "组", "司", "街道", "乡镇", "镇", "社区", "处室", "管委会", "集团",
            # fewer zone words than the rules' zones: 城乡一体化示范区 in a cell is a place
            "开发区", "高新区", "园区", "实验区", "功能区",
            "联席会议", "专班")  # 市政务公开联席会议, 工作专班: bodies in a unit column


@cache
def _deadline() -> re.Pattern[str]:
    return re.compile(load_rules("rules")["notes"]["deadline"])


def _unit_like(name: str, registry: AgencyRegistry) -> bool:
    """A name a unit cell may hold: one the registry knows, a collective, or a name ending
    like a body (局, 办公室, 科, 政府, 公司 …)."""
    if not name or len(name) > 30 or _FIGURE.search(name):
        return False  # 各80个: a figure, not a body
    if name.endswith(words().concept_endings):
        return registry.canonical(name) is not None
    return (looks_like_agency(name, registry) or name.endswith(_unit_endings())
            or name.startswith(("各", "有关", "相关", "市直", "省直", "区直", "县直"))
            # 市政务数据共享协调机制: a standing mechanism of a level answers for the work
            or (name[:1] in "省市区县" and name.endswith(("协调机制", "推进机制", "工作机制"))))


# (学校2所, 卫生站3处: a count whose measure word is also a body's ending)
_FIGURE = re.compile(r"[0-9０-９][0-9０-９.%]*\s*(?:个|项|家|万|亿|%|人|次|件|座|条|所|处|站|台|套)?$")


@cache
def _people() -> re.Pattern[str]:
    """Two to four names of two or three characters (冼进、易承志); compiled when a table is
    read (a Han character class costs milliseconds to compile)."""
    return re.compile(r"[\u4e00-\u9fff]{2,3}(?:[、，,][\u4e00-\u9fff]{2,3}){1,3}")


def cell_type(text: str, registry: AgencyRegistry) -> str:
    """What a cell holds: number, heading, agency, person, deadline, flag, value, empty or
    text.

    >>> reg = AgencyRegistry.bundled()
    >>> [cell_type(c, reg) for c in ("3", "一、优化基础设施", "办公室牵头,各科室配合", "錢 宇",
    ...                               "陆 明俞 悦", "年底前", "1月20日前", "是", "建设A平台。")]
    ['number', 'heading', 'agency', 'person', 'person', 'deadline', 'deadline', 'flag', 'text']
    """
    core = text.strip()
    if _NUMBER_CELL.match(core):
        return "number"
    if core and _value_cell().fullmatch(core) and not (core.isdigit() and len(core) <= 3):
        return "value"  # 2024, 1360: longer than a row number
    if ((_SECTION.match(core) or _SUBSECTION.match(core)) and len(core) <= 60) or (
            _MARKER_CELL.match(core)):
        return "heading"
    if core in _cell_words()["flags"]:
        return "flag"
    if _deadline().fullmatch(core.replace(" ", "")) or (
            len(core) <= 24 and re.search(r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|月底|年底|季度", core)
            and re.search(r"前|底|完成|期间|—|-", core)):
        return "deadline"
    if is_none(core):
        return "empty"
    if _agency_cell(core, registry) or _unit_before_person(core, registry) is not None or (
            _closed_body_list(core, registry)):
        return "agency"  # (市民政局 伍泽国: the unit and its head; 区发改委、区财政局。)
    if re.fullmatch(r"[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,2}", core) or (
            " " in core and re.fullmatch(r"[\u4e00-\u9fff](?: ?[\u4e00-\u9fff]){3,5}", core)) or (
            _people().fullmatch(core) and not any(
                part.endswith(body_endings()) for part in re.split(r"[、，,]", core))):
        return "person"  # 錢 宇; two names run together with their spaces (陆 明俞 悦); 冼进、易承志
    return "text"


def _cell_names(text: str, registry: AgencyRegistry) -> list[str]:
    names: list[str] = []
    for items, _ in split_groups(text):
        cleaned = [clean_item(item).name for item, _, _ in items]
        names.extend(n for n in share_suffix(cleaned, registry) if n)
    return names


def _agency_cell(text: str, registry: AgencyRegistry) -> bool:
    if len(text) > 150 or text.endswith(("。", "；")) or is_none(text):
        return is_none(text)
    names = _cell_names(text, registry)
    return bool(names) and all(_unit_like(n, registry) for n in names)


def _closed_body_list(text: str, registry: AgencyRegistry) -> bool:
    """A list of bodies closed by a full stop (区工信局、区住建局,各乡镇人民政府。): every name
    a body by the strict test, so that a task (开工建设矾山镇、马站镇等2家敬老院。) is not one."""
    body = text[:-1]
    if not text.endswith("。") or len(body) > 150 or body.endswith(("。", "；")):
        return False
    names = _cell_names(body, registry)
    if not names:
        return is_none(body)  # (-。: a none marker, which a unit cell may hold)
    if not all(_unit_like(n, registry) for n in names):
        return False  # not even a unit cell
    if len(names) == 1:  # one name alone: one of a level (区投资促进中心。), not 开工建设老年大学。
        return registry.canonical(names[0]) is not None or names[0][:1] in "省市区县各"
    return all(looks_like_agency(n, registry) or n.startswith(("各", "有关", "相关"))
               or n.endswith(words().local_units) for n in names)


def align(types: list[str], columns: list[str | None], rows_known: bool,
          numbered: list[bool] | None = None) -> list[tuple[int, int]]:
    """(row, column) of each typed cell: the best fit of cell types to column kinds.

    Cells keep their order; within a row the columns only move right (a skipped column is a
    merged or missing cell, at a small cost); when ``rows_known`` is false a cell may also
    start a new row, at any column (the leading ones merged away). A cell ``numbered`` (it
    follows a row's number, kept out of ``types``) sits right of the number column: it starts
    a row, or goes on one whose cells so far stand left of the number (a category cell).

    >>> align(["number", "text", "agency", "number", "text", "agency"], ["number", "task", "lead"], False)
    [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    >>> align(["text", "value", "agency", "text", "value", "agency"],
    ...       ["section", "number", "task", "ignore", "lead"], False, [True, False, False] * 2)
    [(0, 2), (0, 3), (0, 4), (1, 2), (1, 3), (1, 4)]
    """
    fit, misfit, skip = _fit(), float(_fit()["misfit"]), float(_fit()["skip_column"])
    new_row_cost, stacked = float(fit["new_row"]), float(fit["stacked"])
    stacked_lead = float(fit["stacked_lead"])
    kinds = [k or "unknown" for k in columns]
    n, m = len(types), len(kinds)
    if n == 0 or m == 0:
        return []

    def score(t: str, k: str) -> float:
        table = fit.get(t)
        return float(table.get(k, misfit)) if isinstance(table, dict) else misfit

    neg = float("-inf")
    best = [[neg] * m for _ in range(n)]
    back: list[list[tuple[int, bool]]] = [[(-1, False)] * m for _ in range(n)]
    number_col = kinds.index("number") if "number" in kinds and not rows_known else -1
    anchored = [number_col >= 0 and bool(numbered and numbered[i]) for i in range(n)]
    for c in range(m):
        if not anchored[0] or c > number_col:
            best[0][c] = score(types[0], kinds[c]) + skip * (c - (number_col + 1 if anchored[0]
                                                                  else 0))
    for i in range(1, n):
        for c in range(m):
            emit = score(types[i], kinds[c])
            top, arg, new_row = neg, -1, False
            if anchored[i]:
                if c <= number_col:
                    continue
                for p in range(m):
                    if p < number_col:  # on the row of a category cell before the number
                        value = best[i - 1][p] + skip * (c - p - 2)
                        if value > top:
                            top, arg, new_row = value, p, False
                    value = best[i - 1][p] + skip * (c - number_col - 1) + new_row_cost
                    if value > top:
                        top, arg, new_row = value, p, True
                best[i][c] = top + emit
                back[i][c] = (arg, new_row)
                continue
            for p in range(c):  # same row, moving right
                value = best[i - 1][p] + skip * (c - p - 1)
                if value > top:
                    top, arg, new_row = value, p, False
            if types[i] == types[i - 1] == "agency" and kinds[c] in AGENCY_KINDS:
                # a unit cell wrapped onto two lines
                value = best[i - 1][c] + (stacked_lead if kinds[c] == "lead" else stacked)
                if value > top:
                    top, arg, new_row = value, c, False
            if not rows_known:
                for p in range(m):  # a new row starting at column c
                    value = best[i - 1][p] + skip * c + new_row_cost
                    if p >= c and value > top:
                        top, arg, new_row = value, p, True
            best[i][c] = top + emit
            back[i][c] = (arg, new_row)
    c = max(range(m), key=lambda k: best[n - 1][k])
    path: list[tuple[int, bool]] = []
    for i in range(n - 1, -1, -1):
        arg, new_row = back[i][c]
        path.append((c, new_row))
        c = arg
    path.reverse()
    out: list[tuple[int, int]] = []
    row = 0
    for col, new_row in path:
        if new_row:
            row += 1
        out.append((row, col))
    return out


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
    return cell.strip() in _cell_words()["empty_markers"]


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


# --- rows → tasks ------------------------------------------------------------------------


@dataclass
class Row:
    """One row of a table with the kind of column each of its cells sits in."""

    span: Span
    cells: list[tuple[Cell, str | None]]  # (cell, column kind)
    filled: list[Span] = field(default_factory=list)  # cells repeated from the row above

    def of(self, *kinds: str) -> list[Cell]:
        return [c for c, k in self.cells if k in kinds and c[0]]


def table_rows(table: Table, registry: AgencyRegistry) -> list[Row]:
    """The rows of a table, every cell with its column: in place when a row has as many
    cells as the header has columns (empty cells repeat the ones above, as merged cells do),
    else by :func:`align`."""
    columns = table.columns
    if table.layout == "cells":
        cells = [c for _, cs in table.rows for c in cs if c[0]]
        rows: list[Row] = []
        for r, cell, kind in _placed(cells, columns, registry, rows_known=False):
            if r >= len(rows):
                rows.append(Row((cell[1], cell[2]), []))
            rows[r].cells.append((cell, kind))
            rows[r].span = (rows[r].span[0], cell[2])
        return rows
    out: list[Row] = []
    run: list[tuple[Span, list[Cell]]] = []  # in-place rows since the last heading row

    def flush() -> None:
        filled = fill_down([c for _, c in run], columns)
        for (span, own), cells in zip(run, filled, strict=True):
            taken = [(c[1], c[2]) for c, o in zip(cells, own, strict=False) if c[0] and not o[0]]
            out.append(Row(span, list(zip(cells, columns, strict=True)), taken))
        run.clear()

    for span, cells in table.rows:
        heading = section_row(cells)
        if heading is not None and not any(c[0] for c, k in zip(cells, columns, strict=False)
                                           if k in AGENCY_KINDS):
            # A heading row (一、…): merged cells never reach across it.
            flush()
            out.append(Row(span, [(c, "heading") for c in cells if c[0]]))
            continue
        if len(cells) == len(columns) and _in_place(cells, columns, registry):
            run.append((span, cells))
            continue
        flush()
        present = [c for c in cells if c[0]]
        out.append(Row(span, [(c, kind) for _, c, kind in _placed(present, columns, registry,
                                                                   rows_known=True)]))
    flush()
    return out


_TRANSPARENT = ("number", "heading")


def _in_place(cells: list[Cell], columns: list[str | None], registry: AgencyRegistry) -> bool:
    """Whether a row with as many cells as columns has its cells in their places: every cell
    holds what its column may hold (no unit list in a text column, no number in a unit
    column)."""
    fit, misfit = _fit(), float(_fit()["misfit"])
    for (text, _, _), kind in zip(cells, columns, strict=True):
        if not text or kind is None:
            continue
        typed = cell_type(text, registry)
        if typed == "text" and kind in AGENCY_KINDS and text.endswith("。") and \
                _agency_cell(text[:-1], registry):
            typed = "agency"  # a unit list closed by a full stop (区发改委、区市场监管局。)
        kind_fit = fit.get(typed)
        if isinstance(kind_fit, dict) and float(kind_fit.get(kind, misfit)) < 0:
            return False
    return True


def _placed(cells: list[Cell], columns: list[str | None], registry: AgencyRegistry,
            rows_known: bool) -> list[tuple[int, Cell, str | None]]:
    """(row, cell, column kind) for cells that lost their places. Numbers and headings
    (一、… （一）…) sit wherever a page put them: they are kept out of the alignment and go
    with the row of the cell after them."""
    types = [cell_type(c[0], registry) for c in cells]
    if "number" in columns:
        # A row's number comes before its text: a figure before a unit or another figure
        # is a value (粮食播种面积 / 万亩 / 0 / 县农业农村局).
        next_type = "text"
        for i in range(len(types) - 1, -1, -1):
            if types[i] == "number" and next_type in ("agency", "value", "person", "flag"):
                types[i] = "value"
            if cells[i][0]:
                next_type = types[i]
    aligned = [i for i, t in enumerate(types) if t not in _TRANSPARENT]
    # The cell right after a row's number is placed right of the number column (align).
    after_number: list[bool] = []
    previous = ""
    for cell, typed in zip(cells, types, strict=True):
        after_number.append(previous == "number")
        previous = typed if cell[0] else previous
    numbered = [after_number[i] for i in aligned]
    placed = align([types[i] for i in aligned], columns, rows_known, numbered)
    placed = _split_unit_runs(placed, [cells[i][0] for i in aligned],
                              [types[i] for i in aligned], columns)
    at: dict[int, tuple[int, str | None]] = {
        i: (r, columns[col]) for i, (r, col) in zip(aligned, placed, strict=True)}
    out: list[tuple[int, Cell, str | None]] = []
    following: tuple[int, str | None] = (max((r for r, _ in placed), default=0), None)
    for i in range(len(cells) - 1, -1, -1):
        if i in at:
            following = at[i]
            # Text the alignment could only put under a unit column (a list of quotas by
            # township, 元坝镇280 白果乡15 …) names no unit: it is kept out of the roles.
            kind = None if types[i] == "text" and following[1] in AGENCY_KINDS else following[1]
            out.append((following[0], cells[i], kind))
        else:
            out.append((following[0], cells[i], types[i]))
    out.reverse()
    return out


def _split_unit_runs(placed: list[tuple[int, int]], texts: list[str], types: list[str],
                     columns: list[str | None]) -> list[tuple[int, int]]:
    """Unit cells one a line that run over two unit columns side by side (责任单位, 协办单位)
    with nothing to show where the first ends: the first unit and the local governments
    written after it (各县区政府, 开发区管委会) fill the first column, the rest the second.

    >>> _split_unit_runs([(0, 1), (0, 1), (0, 1), (0, 1), (0, 2)],
    ...                  ["市住建局", "各县区政府", "开发区管委会", "市发改委", "市财政局"],
    ...                  ["agency"] * 5, ["task", "responsible", "cooperate"])
    [(0, 1), (0, 1), (0, 1), (0, 2), (0, 2)]
    """
    out = list(placed)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and types[j + 1] == types[i] == "agency" and \
                out[j + 1][0] == out[i][0] and out[j + 1][1] in (out[i][1], out[i][1] + 1):
            j += 1
        first = out[i][1]
        used = {col for _, col in out[i:j + 1]}
        if j - i >= 2 and used == {first, first + 1} and \
                columns[first] in AGENCY_KINDS and columns[first + 1] in AGENCY_KINDS:
            k = i + 1
            while k <= j and texts[k].endswith(words().local_units):
                k += 1
            if k <= j:
                out[i:j + 1] = [(row, first if n < k else first + 1)
                                for n, (row, _) in enumerate(out[i:j + 1], start=i)]
        i = j + 1
    return out


_UNIT_BREAK = re.compile(r"[\s、，,；;]+")


def _unit_words(rows: list[Row]) -> set[str]:
    """The names the unit cells of a table write on their own (between spaces or commas)."""
    return {word for row in rows for c, k in row.cells if k in AGENCY_KINDS
            for word in _UNIT_BREAK.split(c[0]) if word}


def _loose_ending(name: str) -> bool:
    """A name ending in a one-character suffix that also begins words (会 of 会办, 联 of
    联合): not a place to cut two names apart; 委员会, 管委会 are."""
    return name.endswith(("会", "联", "协", "社", "团")) and not name.endswith(("委员会", "委会"))


def _unglued(cell: tuple[str, int, str], units: set[str], registry: AgencyRegistry
             ) -> list[tuple[str, int, str]]:
    """A unit cell cut where two names run together with nothing between them, one of which
    the table writes on its own elsewhere (文化宣传股文化馆 beside 文化馆; 派出所工商质监所 beside
    工商质监所). A cell that says more than names (牵头, 配合) is left whole.

    >>> reg = AgencyRegistry.bundled()
    >>> _unglued(("文化站 派出所工商质监所", 10, "lead"), {"工商质监所", "文化站"}, reg)
    [('文化站 派出所', 10, 'lead'), ('工商质监所', 17, 'lead')]
    """
    text, start, kind = cell
    if is_clause(text):
        return [cell]
    pos = 0
    for word in _UNIT_BREAK.split(text):
        at = text.find(word, pos)
        pos = at + len(word)
        if len(word) < 5:
            continue
        for k in range(2, len(word) - 1):
            left, right = word[:k], word[k:]
            if (left in units or right in units) and _unit_like(left, registry) and \
                    _unit_like(right, registry) and not _loose_ending(left):
                cut = at + k
                return [(text[:cut], start, kind),
                        *_unglued((text[cut:], start + cut, kind), units, registry)]
    return [cell]


@cache
def _person_after() -> re.Pattern[str]:
    return re.compile(r"(?P<unit>.*\S)\s+[\u4e00-\u9fff]{2,3}")


def _unit_before_person(text: str, registry: AgencyRegistry) -> str | None:
    """The unit of a cell that also names the unit's head after a space (牵头单位及主要负责人:
    市民政局 伍泽国), else None.

    >>> _unit_before_person("市民政局 伍泽国", AgencyRegistry.bundled())
    '市民政局'
    """
    m = _person_after().fullmatch(text) if (" " in text or "\u3000" in text) else None
    if m is None or _unit_like(text[m.end("unit"):].strip(), registry) or not _unit_like(
            m.group("unit").split()[-1], registry):
        return None
    return m.group("unit")


def _without_person(cell: tuple[str, int, str], registry: AgencyRegistry
                    ) -> tuple[str, int, str]:
    """A unit cell without the head named after its unit."""
    text, start, kind = cell
    unit = _unit_before_person(text, registry)
    return cell if unit is None else (unit, start, kind)


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


@dataclass
class _Reading:
    """The state of reading one document's tables into task occurrences."""

    registry: AgencyRegistry
    locality: Locality
    quality: QualityReport
    nt: Any
    sections: dict[int, SectionRecord] = field(default_factory=dict)
    section_titles: dict[str, int] = field(default_factory=dict)
    by_key: dict[int, list[Piece]] = field(default_factory=dict)
    placement: dict[int, int | None] = field(default_factory=dict)
    deadlines: dict[int, str] = field(default_factory=dict)
    written: list[int | None] = field(default_factory=list)
    running: int = 0
    first_listed_from_here: bool = False  # a note said so, 下同: it holds for the rows below

    def section(self, heading: str) -> int:
        m = _SECTION.match(heading)
        number = parse_numeral(m.group(1)) if m else None
        title = m.group(2).strip() if m else heading
        if number is None:
            return _category_section(heading, self.section_titles, self.sections)
        self.sections.setdefault(number, SectionRecord(number=number, title=title,
                                                       first_task=None))
        return number

    def read(self, table: Table) -> None:
        current: int | None = None  # section
        last_key: int | None = None
        above: list[tuple[str, int, str]] = []  # the agency cells of the row above
        rows = table_rows(table, self.registry)
        units = _unit_words(rows)
        # In a table that numbers its rows, a row with neither number nor unit is a heading.
        numbered = table.has("number") or any(row.of("number") for row in rows)
        # When (nearly) every row has a short name before its text (政策解读 | 对以我局…),
        # the name is the task's own, not a group merged over rows.
        texts_per_row = [len(self._texts(row)) for row in rows
                         if any(k in AGENCY_KINDS and c[0] for c, k in row.cells)]
        named = len(texts_per_row) >= 2 and sum(n >= 2 for n in texts_per_row) >= 0.8 * len(
            texts_per_row)
        for row in rows:
            if row.cells and all(k == "heading" for _, k in row.cells):
                current = self.section(row.cells[0][0][0])
                above = []
                continue
            headings = [c for c, _ in row.cells if _SECTION.match(c[0]) and len(c[0]) <= 60
                        and cell_type(c[0], self.registry) == "heading"]
            for c in headings:
                current = self.section(c[0])
                above = []
            for c in row.of("section"):
                if not _SECTION.match(c[0]):
                    current = _category_section(c[0], self.section_titles, self.sections)
            texts = self._texts(row)
            if len(texts) >= 2 and len(texts[0][0]) <= 20 and "。" not in texts[0][0] and (
                    not named):
                # 强化行政规范性文件集中规范公开 | 1 | 对行政规范性文件进行全面清理…: a group
                # cell (merged over its rows), then the task.
                current = _category_section(texts[0][0], self.section_titles, self.sections)
                texts = texts[1:]
            agency_cells = [_without_person(part, self.registry) for c, k in row.cells
                            if k in AGENCY_KINDS and c[0] and not is_none(c[0])
                            for part in _unglued((c[0], c[1], k), units, self.registry)]
            if (numbered and texts and not agency_cells and not row.of("number")
                    and task_number(texts[0][0])[0] is None and not row.of("deadline")):
                # (A row with a deadline of its own is a task whose unit cell is merged with
                # the row above's.)
                current = _category_section(texts[0][0], self.section_titles, self.sections)
                continue
            inherited = list(row.filled)
            if texts and not agency_cells and above and not any(
                    k in AGENCY_KINDS and c[0] for c, k in row.cells):
                agency_cells = above  # a unit cell merged over this row
                inherited = [(s, s + len(t)) for t, s, _ in above]
            elif agency_cells:
                above = agency_cells
            deadline = next((c[0] for c in row.of("deadline")), None)
            if not texts:
                if agency_cells and last_key is not None:
                    # A task cell merged over rows with units of their own: the task above.
                    self._add(last_key, None, row, agency_cells, inherited=[])
                elif agency_cells:
                    self.quality.unread.append(Unread(
                        kind="table-row", text=self.nt.quote(row.span),
                        evidence=[self.nt.span_to_source(row.span)]))
                continue
            number = next((parse_number(c[0]) for c in row.of("number")), None)
            first = texts[0]
            written, skip = task_number(first[0])
            if number is None:
                number = written
            self.running += 1
            key = number if number is not None and number not in self.by_key else (
                max([*self.by_key, self.running]) + 1 if number is not None else self.running)
            self.written.append(number)
            text_spans = [(first[1] + skip, first[2]), *((c[1], c[2]) for c in texts[1:])]
            self.placement[key] = current
            if deadline:
                self.deadlines[key] = deadline
            self._add(key, text_spans, row, agency_cells, inherited)
            last_key = key

    def _texts(self, row: Row) -> list[Cell]:
        return [c for c, k in row.cells if c[0] and (k in TEXT_KINDS or k is None)
                and cell_type(c[0], self.registry) == "text"]

    def _add(self, key: int, texts: list[Span] | None, row: Row,
             agency_cells: list[tuple[str, int, str]], inherited: list[Span]) -> None:
        roles = read_cells(agency_cells, self.registry, self.locality)
        says, below = says_first_listed_leads("，".join(t for t, _, _ in agency_cells))
        self.first_listed_from_here = self.first_listed_from_here or below
        if says or self.first_listed_from_here:
            roles = first_listed_leads(roles)
        clause = ClauseRead(span=row.span, roles=roles, inherited=inherited,
                            cells=[(c[1], c[2]) for c, _ in row.cells if c[0]]
                            + [(s, s + len(t)) for t, s, _ in agency_cells])
        piece = Piece(texts=texts or [], clauses=[clause] if agency_cells else [])
        self.by_key.setdefault(key, []).append(piece)


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
        outside.append((pos, table.header[0]))
        pos = table.end
    outside.append((pos, len(text)))
    header_text = "\n".join(text[a:b] for a, b in outside)
    header = read_header(header_text, search_signature(header_text))
    locality = Locality.from_issuer(header.issuer, header.plan_title or header.title)

    reading = _Reading(registry, locality, quality, nt)
    for table in tables:
        reading.read(table)
    if not reading.by_key:
        raise NoTasksFound(f"the task table in {source.name} has no task rows")

    keys = sorted(reading.by_key)
    entries = [TaskEntry(k, str(k), reading.placement.get(k), None, reading.by_key[k])
               for k in keys]
    sections = reading.sections
    for e in entries:
        if e.section is not None and sections[e.section].first_task is None:
            sections[e.section] = replace(sections[e.section], first_task=e.number)
    if reading.written and all(n is not None for n in reading.written):
        quality.missing_tasks = [n for n in range(1, max(keys) + 1) if n not in reading.by_key]
    tasks, agencies = build_tasks(entries, nt, registry, quality)
    for task in tasks:
        if task.deadline is None and task.number in reading.deadlines:
            task.deadline = reading.deadlines[task.number]
    if quality.unread:
        quality.warnings.append(
            f"{len(quality.unread)} table row(s) name agencies but no task: see quality.unread")
    document = document_meta(header, source, profile, nt, locality)
    return Extraction(document=document, sections=[sections[n] for n in sorted(sections)],
                      tasks=tasks, agencies=agencies, quality=quality,
                      source_text=source.text)
