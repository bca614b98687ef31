"""Bytes on disk → the document's text: encodings, HTML pages, and bad input.

Offsets everywhere else in the loader are offsets into the text returned here.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from loaders.errors import InputError

_HTML_HINT = re.compile(r"<\s*(!doctype\s+html|html|body|head|p|div|table|meta)\b", re.I)
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "section", "article", "title", "td", "th"}
_SKIP_TAGS = {"script", "style", "noscript", "template"}


@dataclass(frozen=True)
class SourceText:
    text: str
    name: str  # file name, for messages and provenance
    sha256: str  # of the bytes on disk
    encoding: str
    was_html: bool


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one line per block element."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts)).replace("\xa0", " ")
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


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
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(text) < 0.01


def read_source(path: str | Path) -> SourceText:
    """Read a document file; raise :class:`InputError` with one clear line on bad input."""
    p = Path(path)
    name = p.name
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p} is a directory, not a document")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from exc
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
