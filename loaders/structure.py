"""The shape of a work plan: header, section headings, task markers, clauses (DESIGN.md §4.1).

:func:`tokenize` turns the text into a flat list of tokens in source order;
:func:`occurrences` groups them into task occurrences and orphan clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from loaders.clauses import is_clause
from loaders.numerals import NUMERAL_CHARS, parse_numeral

_NUM = f"[{NUMERAL_CHARS}]+"
_OPEN, _CLOSE = "（(", "）)"
TASK_MARKER = re.compile(rf"[（(]\s*({_NUM})\s*[）)]")
SECTION_HEADING = re.compile(
    rf"({_NUM})、\s*([^，。；、（）()\n“”]{{2,24}}?)\s*(?=[（(]\s*{_NUM}\s*[）)])")
# 福建省人民政府办公厅2015年2月17日: the signature that closes the notice.
SIGNATURE = re.compile(
    r"([\u4e00-\u9fff]{2,30}?(?:办公厅|人民政府|委员会|办公室|领导小组))\s*"
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")

TokenKind = Literal["section", "task", "clause", "signature", "text"]


@dataclass
class Token:
    kind: TokenKind
    start: int
    end: int
    number: int | None = None  # section / task number
    title: str | None = None  # section title
    inner: tuple[int, int] | None = None  # clause content span


@dataclass
class Occurrence:
    """One copy of a task: its marker, its text pieces and the clauses inside it."""

    number: int
    marker: tuple[int, int]
    section_before: int | None  # the section heading directly before the marker, if any
    texts: list[tuple[int, int]] = field(default_factory=list)
    clauses: list[Token] = field(default_factory=list)


@dataclass
class Orphan:
    after_task: int
    token: Token


def matching_bracket(text: str, start: int) -> int | None:
    """Index of the bracket closing the one at ``start`` (nesting and both widths allowed)."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
        elif ch == "\n" and depth:
            # Clauses do not span paragraphs; an unclosed bracket is plain text.
            return None
    return None


def tokenize(text: str) -> list[Token]:
    """Structural tokens in source order; everything between them is ``text``."""
    tokens: list[Token] = []
    pos = 0
    n = len(text)
    while pos < n:
        m_sec = SECTION_HEADING.match(text, pos)
        if m_sec:
            tokens.append(Token("section", m_sec.start(), m_sec.end(),
                                number=parse_numeral(m_sec.group(1)),
                                title=m_sec.group(2).strip()))
            pos = m_sec.end()
            continue
        ch = text[pos]
        if ch in _OPEN:
            m_task = TASK_MARKER.match(text, pos)
            if m_task:
                tokens.append(Token("task", m_task.start(), m_task.end(),
                                    number=parse_numeral(m_task.group(1))))
                pos = m_task.end()
                continue
            close = matching_bracket(text, pos)
            if close is not None and is_clause(text[pos + 1:close]):
                tokens.append(Token("clause", pos, close + 1, inner=(pos + 1, close)))
                pos = close + 1
                continue
        m_sig = SIGNATURE.match(text, pos)
        if m_sig:
            tokens.append(Token("signature", m_sig.start(), m_sig.end()))
            pos = m_sig.end()
            continue
        _append_text(tokens, pos)
        pos += 1
    return tokens


def _append_text(tokens: list[Token], pos: int) -> None:
    if tokens and tokens[-1].kind == "text" and tokens[-1].end == pos:
        tokens[-1].end = pos + 1
    else:
        tokens.append(Token("text", pos, pos + 1))


_PUNCT_ONLY = re.compile(r"^[\s。，；、.,;：:]*$")


def occurrences(text: str, tokens: list[Token]) -> tuple[list[Occurrence], list[Orphan],
                                                          list[tuple[int, int]]]:
    """Group tokens into task occurrences.

    Returns (occurrences, orphan clauses, header spans). Text before the first section or task
    and from a signature up to the next section or task (plan title, preamble) is header.
    A clause directly after another clause, with only punctuation between, is an orphan.
    """
    occs: list[Occurrence] = []
    orphans: list[Orphan] = []
    header: list[tuple[int, int]] = []
    current: Occurrence | None = None
    in_header = True
    pending_section: int | None = None
    last_clause_end: int | None = None  # end of the last clause of `current`, if it was last

    for tok in tokens:
        if tok.kind == "section":
            in_header = False
            current = None
            pending_section = tok.number
            last_clause_end = None
        elif tok.kind == "task":
            in_header = False
            assert tok.number is not None
            current = Occurrence(tok.number, (tok.start, tok.end), pending_section)
            occs.append(current)
            pending_section = None
            last_clause_end = None
        elif tok.kind == "signature":
            in_header = True
            current = None
            header.append((tok.start, tok.end))
        elif tok.kind == "clause":
            if in_header or current is None:
                if not in_header:
                    pass
                header.append((tok.start, tok.end))
                continue
            if last_clause_end is not None and _PUNCT_ONLY.match(text[last_clause_end:tok.start]):
                orphans.append(Orphan(current.number, tok))
            else:
                current.clauses.append(tok)
            last_clause_end = tok.end
        else:  # text
            if in_header or current is None:
                header.append((tok.start, tok.end))
                continue
            if last_clause_end is not None and _PUNCT_ONLY.match(text[tok.start:tok.end]):
                continue  # the 。 after a clause: keep last_clause_end for orphan detection
            current.texts.append((tok.start, tok.end))
            last_clause_end = None
    return occs, orphans, header
