"""Bytes on disk → the document's text: encodings, HTML pages, and bad input.

Offsets everywhere else in the loader are offsets into the text returned here.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import os
import re
import stat
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from core.errors import InputError

_HTML_HINT = re.compile(r"<\s*(!doctype\s+html|html|body|head|p|div|table|meta)\b", re.I)
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "section", "article", "title", "td", "th", "ul", "ol", "blockquote"}
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters but \t \n \f \r
_SKIP_TAGS = {"script", "style", "noscript", "template"}


@dataclass(frozen=True)
class SourceText:
    text: str
    name: str  # file name, for messages and provenance
    sha256: str  # of the bytes on disk
    encoding: str
    was_html: bool


@dataclass
class _Cell:
    parts: list[str]
    rowspan: int
    colspan: int

    def text(self) -> str:
        """The cell's text: spaces collapsed, line breaks (from <p>, <br>) kept."""
        # Tabs only come from a table nested in the cell: keep them, they separate its cells.
        lines = (re.sub(r"[ \r\f]+", " ", line).strip(" ")
                 for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line.strip())


@dataclass
class _Table:
    rows: list[list[_Cell]]
    cell: _Cell | None = None  # the cell being read


def layout_table(rows: list[list[_Cell]]) -> list[list[str]]:
    """Cells on a grid: a cell spanning rows or columns fills its first place and leaves the
    others empty (an empty cell means "as above" to the table reader).

    >>> rows = [[_Cell(["a"], 2, 1), _Cell(["b"], 1, 1)], [_Cell(["c"], 1, 1)]]
    >>> layout_table(rows)
    [['a', 'b'], ['', 'c']]
    """
    grid: list[list[str]] = []
    carry: dict[int, int] = {}  # column → rows still covered by a rowspan above
    for cells in rows:
        line: list[str] = []
        col = 0
        queue = list(cells)
        while queue or any(c >= col and n > 0 for c, n in carry.items()):
            if carry.get(col, 0) > 0:
                carry[col] -= 1
                line.append("")
                col += 1
                continue
            if not queue:
                break
            cell = queue.pop(0)
            text = cell.text()
            for k in range(max(cell.colspan, 1)):
                line.append(text if k == 0 else "")
                if cell.rowspan > 1:
                    carry[col] = cell.rowspan - 1
                col += 1
        grid.append(line)
    return grid


def render_table(rows: list[list[_Cell]]) -> str:
    """A data table as one tab-separated line per row; a table used for page layout (one
    column, or cells holding paragraphs or other tables) as its text, line by line.

    >>> render_table([[_Cell(["甲"], 1, 1), _Cell(["乙"], 1, 1)], [_Cell(["丙"], 1, 1), _Cell(["丁"], 1, 1)]])
    '甲\\t乙\\n丙\\t丁'
    >>> render_table([[_Cell(["（一）建设A平台。\\n（二）建设B系统。"], 1, 1)]])
    '（一）建设A平台。\\n（二）建设B系统。'
    """
    grid = layout_table(rows)
    cells = [c for line in grid for c in line if c]
    wide_rows = sum(1 for line in grid if sum(1 for c in line if c) >= 2)
    layout = wide_rows < 2 or any("\t" in c or c.count("\n") > 3 or len(c) > 1000
                                  for c in cells)
    if layout:
        return "\n".join(cells)
    return "\n".join("\t".join(c.replace("\n", " ") for c in line) for line in grid)


class _TextExtractor(HTMLParser):
    """Visible text of a page: block elements become lines, whitespace collapses as a
    browser would, and data tables become one tab-separated line per row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0
        self._tables: list[_Table] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "pre":
            self._pre += 1
        elif tag == "table":
            self._tables.append(_Table(rows=[]))
        elif tag == "tr" and self._tables:
            self._tables[-1].rows.append([])
            self._tables[-1].cell = None
        elif tag in ("td", "th") and self._tables:
            table = self._tables[-1]
            span = dict(attrs)
            table.cell = _Cell([], _int(span.get("rowspan")), _int(span.get("colspan")))
            if not table.rows:
                table.rows.append([])
            table.rows[-1].append(table.cell)
        elif tag in _BLOCK_TAGS:
            self._out("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        elif tag == "pre" and self._pre:
            self._pre -= 1
        elif tag in ("td", "th") and self._tables:
            self._tables[-1].cell = None
        elif tag == "table" and self._tables:
            table = self._tables.pop()
            self._out("\n" + render_table(table.rows) + "\n")
        elif tag in _BLOCK_TAGS:
            self._out("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not self._pre:
            data = re.sub(r"[ \t\r\n\f]+", " ", data)
        self._out(data)

    def _out(self, text: str) -> None:
        if not self._tables:
            self.parts.append(text)
        elif self._tables[-1].cell is not None:
            self._tables[-1].cell.parts.append(text)
        # Text between the cells of a table (whitespace) is not content.


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one line per block element and per table row.

    >>> html_to_text("<p>（一）建设A平台。</p><table><tr><th>工作任务</th><th>牵头单位</th></tr>"
    ...              "<tr><td>建设<br>B系统</td><td>省发改委</td></tr></table>")
    '（一）建设A平台。\\n工作任务\\t牵头单位\\n建设 B系统\\t省发改委'
    >>> html_to_text("<table><tr><td><p>一、甲</p><p>（一）建设A平台。</p></td></tr></table>")
    '一、甲\\n（一）建设A平台。'
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts)).replace("\xa0", " ")
    lines = (line.strip(" \u3000") for line in text.splitlines())
    return "\n".join(line for line in lines if line.strip())


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode with the encoding the bytes carry: BOM, UTF-8, UTF-16 without BOM, GB18030."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: every other byte of ASCII/CJK-heavy text is often NUL.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text, encoding
        raise InputError(f"{name} is a binary file, not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is neither UTF-8, UTF-16 nor GB18030 text") from exc
    if not _looks_like_text(text):
        raise InputError(f"{name} is a binary file, not a text document")
    return text, "gb18030"


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    return len(_CONTROLS.findall(text)) / len(text) < 0.01


def check_path(path: str | Path, max_bytes: int | None = None) -> None:
    """Refuse, before any reading starts, what :func:`read_source` would refuse by its kind
    or size: a missing file, a directory, a pipe or device, a file over the limit."""
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{p} is a directory, not a document")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{p} is not a regular file (a pipe, device or socket); give the "
                         "path of a document file")
    limit = source_max_bytes() if max_bytes is None else max_bytes
    if info.st_size > limit:
        raise InputError(f"{p} is {info.st_size:,} bytes; the limit is {limit:,} bytes "
                         "(setting source_max_mb)")


def read_file_bytes(p: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``p``, refusing anything else — a FIFO would block,
    ``/dev/zero`` never ends — and files over ``max_bytes``. Never reads more than
    ``max_bytes + 1`` bytes, whatever the file claims its size is."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p} is a directory, not a document") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from exc
    try:
        mode = os.fstat(fd).st_mode  # of what was opened, not what the name meant before
        if stat.S_ISDIR(mode):
            raise InputError(f"{p} is a directory, not a document")
        if not stat.S_ISREG(mode):
            raise InputError(f"{p} is not a regular file (a pipe, device or socket); "
                             "give the path of a document file")
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    limit = f"the limit is {max_bytes:,} bytes (setting source_max_mb)"
    with fh:
        size = os.fstat(fd).st_size
        if size > max_bytes:
            raise InputError(f"{p} is {size:,} bytes; {limit}")
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror})") from exc
    if len(data) > max_bytes:  # it grew while it was read
        raise InputError(f"{p} is larger than {max_bytes:,} bytes; {limit}")
    return data


# The default of the setting source_max_mb (core/config.py; a test keeps the two equal).
SOURCE_MAX_MB = 20


def source_max_bytes() -> int:
    """The setting ``source_max_mb`` in bytes. Read from the settings only when it is set:
    loading them costs more than reading a plan (kg extract stays quick)."""
    if "KG_SOURCE_MAX_MB" not in os.environ:
        return SOURCE_MAX_MB * 2**20
    from core.config import get_settings

    return get_settings().source_max_mb * 2**20


def read_source(path: str | Path, *, max_bytes: int | None = None) -> SourceText:
    """Read a document file; raise :class:`InputError` with one clear line on bad input.
    ``max_bytes`` defaults to the setting ``source_max_mb``."""
    p = Path(path)
    name = p.name
    if max_bytes is None:
        max_bytes = source_max_bytes()
    data = read_file_bytes(p, max_bytes)
    if not data.strip():
        raise InputError(f"{p} is empty")
    text, encoding = decode_bytes(data, str(p))
    if not _looks_like_text(text):
        raise InputError(f"{p} is a binary file, not a text document")
    was_html = bool(_HTML_HINT.search(text[:2000]))
    if was_html:
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{p} has no text")
    return SourceText(text=text, name=name, sha256=hashlib.sha256(data).hexdigest(),
                      encoding=encoding, was_html=was_html)
