"""One pass over a plan's text: numbering markers, responsibility clauses and signatures.

Plans number their parts with the forms of official documents, from the top down:

    一、  （一）  1.  （1）  ①        (forms A, B, C, D, E; rank 0 … 4)

:func:`tokenize` finds them, the responsibility clauses (in any bracket, or a ``责任单位：``
line with none) and the signatures (issuer and date) that close a notice. It does not look at
every character: one compiled pattern finds the places where something may start, and the
rules run only there, so reading stays linear in the length of the text (a megabyte-long
line with no punctuation costs what one regular-expression pass costs). Everything between
tokens is text.

>>> [(t.kind, t.form, t.number) for t in tokenize("一、甲\\n（一）建设A平台。（省发改委负责）")[0]
...  if t.kind != "text"]
[('marker', 'A', 1), ('marker', 'B', 1), ('clause', None, None)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final, Literal

from loaders.agencies import AgencyRegistry
from loaders.clauses import (
    UNNAMED_PREFIXES,
    body_endings,
    deadline_pattern,
    is_agency_list,
    is_bare_organ_list,
    is_clause,
    label_kind,
    label_pattern,
    label_words,
    level_prefixes,
    looks_like_agency,
    looks_whole,
    sector_department,
    share_suffix,
    split_items,
    without_note,
)
from loaders.header import signature_spans
from loaders.numerals import NUMERAL_CHARS, parse_numeral
from loaders.rules import any_word, load_rules

_NUM = f"[{NUMERAL_CHARS}]+"
FORMS = ("A", "B", "C", "D", "E")
# "P": an unnumbered paragraph of a heading that holds several tasks as paragraphs (made by
# the reader, never by the tokenizer). "N": a line that is only a body's name over the items
# it is to do (市卫生局 / 一、…), found after the numbered markers; it ranks above 一、 because
# the items restart under it.
RANK = {"N": -1, **{form: i for i, form in enumerate((*FORMS, "P"))}}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

MARKER_A = re.compile(rf"({_NUM})\s*、\s*")
MARKER_B = re.compile(rf"[（(]\s*({_NUM})\s*[）)]\s*")
MARKER_C = re.compile(r"(\d{1,3})\s*[.．、](?![\d.．])\s*")
# The ordinal of a point in running text (一是…；二是…), not a numbered item.
POINT_ORDINAL: Final = "[一二三四五六七八九十]{1,3}是"
PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"  # (1)…(20) as one character each
MARKER_D = re.compile(rf"[（(]\s*(\d{{1,3}})\s*[）)]\s*|([{PAREN_DIGITS}])\s*")
MARKER_E = re.compile(f"([{CIRCLED}])\\s*")
# 6、98年元旦…: a number before a two-digit year, read only at a line start (see marker_at)
_BEFORE_YEAR = re.compile(r"(\d{1,3})、(?=\d{2}年)")
SENTENCE_END = tuple("。！？；;!?")
# 一、二级医院: a list of numbers, not a heading.
_ENUMERATION = re.compile(rf"[{NUMERAL_CHARS}]+[级类等批期档个项]")
_SPACES = " \t\u3000"

TokenKind = Literal["marker", "clause", "signature", "text"]


@dataclass
class Token:
    kind: TokenKind
    start: int
    end: int
    form: str | None = None  # marker form A–E
    number: int | None = None
    title: tuple[int, int] | None = None  # heading title span (A and B markers)
    inner: tuple[int, int] | None = None  # clause content span
    labelled: bool = False  # the clause starts with a label word (责任单位：…)
    # A clause continued by another right after it (牵头单位：… then 责任单位：… on the next
    # line) is read as one: the content spans of all its parts.
    parts: list[tuple[int, int]] = field(default_factory=list)
    # A clause written as a sentence (由A会同B…): the span of each list and its role kind.
    cells: list[tuple[int, int, str]] = field(default_factory=list)

    def contents(self) -> list[tuple[int, int]]:
        if self.parts:
            return self.parts
        return [self.inner] if self.inner is not None else []


def lead_clause(start: int, end: int, stop: int | None = None) -> Token:
    """A clause whose only cell is the bodies at ``start:end`` that lead (a heading's or an
    item's own name); it runs to ``stop`` (a colon after the name), else to ``end``."""
    return Token("clause", start, end if stop is None else stop, inner=(start, end),
                 cells=[(start, end, "lead")])


@cache
def _clause_limits() -> tuple[int, int]:
    clause = load_rules("rules")["clause"]
    return int(clause["max_length"]), int(clause["max_lines"])


@cache
def brackets() -> tuple[str, str]:
    """The opening and the closing characters of clause brackets."""
    pairs = load_rules("rules")["clause"]["brackets"]
    return "".join(o for o, _ in pairs), "".join(c for _, c in pairs)


@cache
def _bracket_or_newline() -> re.Pattern[str]:
    opens, closes = brackets()
    return re.compile(f"[{re.escape(opens + closes)}\n]")


def matching_bracket(text: str, start: int) -> int | None:
    """Index of the bracket closing the one at ``start``.

    Any closer ends a nesting level, so ``(责任单位：…）`` reads. A clause may run over a few
    lines (copied from a page) but not past a line that starts a new numbered item.

    >>> matching_bracket("（省发改委（牵头））。", 0)
    9
    """
    opens, _ = brackets()
    max_length, max_lines = _clause_limits()
    limit = min(len(text), start + max_length)
    depth = 0
    lines = 0
    stops = _bracket_or_newline()
    pos = start
    while (m := stops.search(text, pos, limit)) is not None:
        i = m.start()
        ch = text[i]
        if ch == "\n":
            lines += 1
            if lines > max_lines or starts_item(text, i + 1):
                return None
        elif ch in opens:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return i
        pos = i + 1
    return None


def starts_item(text: str, pos: int) -> bool:
    """Whether a numbered item (一、 （一） 1. （1） ①) starts at ``pos``, after spaces."""
    while pos < len(text) and text[pos] in _SPACES:
        pos += 1
    return any(p.match(text, pos) for p in (MARKER_A, MARKER_B, MARKER_C, MARKER_D, MARKER_E))


def at_boundary(text: str, pos: int, after_token: bool) -> bool:
    """Whether ``pos`` may start a heading or an item: the start of the text or of a line, or
    right after a sentence, or right after a clause, heading or signature (``after_token``:
    pages often lose line breaks)."""
    i = pos - 1
    while i >= 0 and text[i] in _SPACES:
        i -= 1
    if i < 0 or text[i] == "\n" or text[i] in SENTENCE_END:
        return True
    return after_token and i == pos - 1


def _title_span(text: str, start: int) -> tuple[int, int]:
    """A heading's title: up to the end of the line, the sentence, or the next marker."""
    limit = min(len(text), start + 60)
    opens = brackets()[0]
    end = limit
    pos = start
    while (m := _title_stops().search(text, pos, limit)) is not None:
        i = m.start()
        ch = text[i]
        if ch == "1":
            if (c := MARKER_C.match(text, i)) and c.group(1) == "1" and (
                    "\u4e00" <= text[c.end():c.end() + 1] <= "\u9fff"):
                end = i  # 一、甲1.乙: a page that lost its line breaks; the first item starts here
                break
        elif ch in opens:
            if MARKER_B.match(text, i) or MARKER_D.match(text, i):
                end = i
                break
            close = matching_bracket(text, i)
            if close is not None and is_clause(text[i + 1:close]):
                end = i
                break
        else:
            end = i
            break
        pos = i + 1
    while end > start and text[end - 1] in _SPACES:
        end -= 1
    return start, end


@cache
def _title_stops() -> re.Pattern[str]:
    return re.compile(f"[\n。！？；;!?1{re.escape(brackets()[0])}]")


def _item_follows(text: str, pos: int) -> bool:
    while pos < len(text) and text[pos] in _SPACES:
        pos += 1  # 一、主要预期目标 1.生产总值…: a page run onto one line keeps its spaces
    if MARKER_B.match(text, pos):
        return True
    m = MARKER_C.match(text, pos)
    return m is not None and m.group(1) == "1"


def marker_at(text: str, pos: int, boundary: bool, expected_c: set[int]) -> Token | None:
    """A marker at ``pos``. ``expected_c`` are the 1. numbers that may come next: a 1. item
    that does not start a line (a page that lost its line breaks) is read only then."""
    if (m := MARKER_A.match(text, pos)) and not _ENUMERATION.match(text, m.end()):
        title = _title_span(text, m.end())
        named = _named_heading_start(text, pos)  # 活动二、深入开展…: the word is the heading's
        # Away from a line start, a heading is only read when an item follows its title
        # (…工作要点一、推进改革创新（一）…, as in the 2015 copy).
        if title[1] > title[0] and (boundary or named is not None or _item_follows(text, title[1])):
            return Token("marker", pos if named is None else named, m.end(), form="A",
                         number=parse_numeral(m.group(1)), title=title)
    if m := MARKER_B.match(text, pos):
        # （一） is read anywhere, as in the 2015 copy where items run on without breaks.
        return Token("marker", pos, m.end(), form="B", number=parse_numeral(m.group(1)),
                     title=_title_span(text, m.end()))
    if (m := MARKER_C.match(text, pos)) and (pos == 0 or not text[pos - 1].isdigit()):
        nxt = text[m.end():m.end() + 1]
        number = int(m.group(1))
        in_sequence = number in expected_c and "\u4e00" <= nxt <= "\u9fff" and "、" not in m.group(0)
        if nxt and not nxt.isdigit() and nxt not in "%％" and (boundary or in_sequence):
            return Token("marker", pos, m.end(), form="C", number=number)
    if boundary and (m := _BEFORE_YEAR.match(text, pos)):
        # 6、98年元旦…: at a line start, a number before a two-digit year is an item's (not
        # 附件1、2021年…, a title)
        return Token("marker", pos, m.end(), form="C", number=int(m.group(1)))
    if (m := MARKER_D.match(text, pos)) and (boundary or m.group(2) is not None
                                             or (pos > 0 and text[pos - 1] in "：:")):
        # ⑴ is read anywhere, as ① is: no sentence holds one
        number = int(m.group(1)) if m.group(2) is None else PAREN_DIGITS.index(m.group(2)) + 1
        return Token("marker", pos, m.end(), form="D", number=number)
    if m := MARKER_E.match(text, pos):
        return Token("marker", pos, m.end(), form="E", number=CIRCLED.index(m.group(1)) + 1)
    return None


@cache
def _heading_words() -> tuple[str, ...]:
    return tuple(load_rules("rules")["outline"]["heading_words"])


def _named_heading_start(text: str, pos: int) -> int | None:
    """Where a heading starts whose numeral follows a word at the start of its line (活动二、,
    专项行动三、); None when the numeral has no such word before it."""
    for word in _heading_words():
        start = pos - len(word)
        if start >= 0 and text.startswith(word, start) and at_boundary(text, start, False):
            return start
    return None


def clause_at(text: str, pos: int, boundary: bool, registry: AgencyRegistry
              ) -> tuple[Token | None, bool]:
    """A clause starting at ``pos``, and whether the bracket there looked like an unreadable one.
    """
    if text[pos] in brackets()[0]:
        close = matching_bracket(text, pos)
        if close is not None:
            inner = text[pos + 1:close]
            labelled = bool(label_pattern().match(inner.lstrip()))
            if is_clause(inner):
                return Token("clause", pos, close + 1, inner=(pos + 1, close),
                             labelled=labelled), False
            if (_ends_item(text, close + 1) or boundary or _ends_sentence(text, close + 1)) \
                    and is_agency_list(inner, registry):
                # bodies alone in brackets close an item or one of its sentences (…应用（区市场局）。
                # 优化…), or open it (1.【省发改委】推进…)
                return Token("clause", pos, close + 1, inner=(pos + 1, close)), False
            if _ends_item(text, close + 1) and _after_sentence(text, pos) and \
                    is_bare_organ_list(inner):
                # …事宜。(民政局): after a sentence, not after a name (招商合作局(行政审批局))
                return Token("clause", pos, close + 1, inner=(pos + 1, close)), False
            return None, _looks_unread(inner)
        if label_pattern().match(text, pos + 1):
            # An unclosed （责任单位：… running to the end of the line, or to the next item.
            eol = _sentence_before_item(text, pos, _end_of_line(text, pos))
            return Token("clause", pos, eol, inner=(pos + 1, eol), labelled=True), False
        return None, False
    if boundary and label_pattern().match(text, pos):
        eol = _wrapped_list_end(text, pos, _end_of_line(text, pos))
        end = _sentence_before_item(text, pos, eol)
        while end > pos and text[end - 1] in " \t\u3000。.":
            end -= 1
        return Token("clause", pos, end, inner=(pos, end), labelled=True), False
    if pos and "\u4e00" <= text[pos - 1] <= "\u9fff" and (
            glued := _glued_label(text, pos, registry)):
        return glued, False
    if pos and text[pos - 1] in "，," and label_pattern().match(text, pos) and not _item_closed(
            text, pos):
        # 1、农村道路畅通工程，牵头部门：市交通局。建设进度…: the label's sentence
        stop = _LABEL_SENTENCE_END.search(text, pos)
        end = stop.start() if stop else len(text)
        return Token("clause", pos, end, inner=(pos, end), labelled=True), False
    return None, False


_LABEL_SENTENCE_END = re.compile(r"[。；;\n]")


def _glued_label(text: str, pos: int, registry: AgencyRegistry) -> Token | None:
    """A label of roles glued to the item's last word, on a page that lost its line breaks
    (…生命安全牵头责任单位:县卫健委主要协作单位:…): a clause when its list names bodies."""
    label = label_pattern().match(text, pos)
    if label is None or label_kind(label.group(1)) == "ignore":
        return None
    end = _sentence_before_item(text, pos, _end_of_line(text, pos))
    # Its own list: up to the sentence's end or the next label, whichever comes first.
    stop = _LABEL_SENTENCE_END.search(text, label.end(), end)
    list_end = stop.start() if stop else end
    nxt = label_pattern().search(text, label.end(), list_end)
    names = text[label.end():nxt.start() if nxt else list_end]
    if not is_agency_list(names.strip(" \t\u3000。."), registry):
        return None
    while end > pos and text[end - 1] in " \t\u3000。.":
        end -= 1
    return Token("clause", pos, end, inner=(pos, end), labelled=True)


def _item_closed(text: str, pos: int) -> bool:
    """Whether a clause already closed the sentence ``pos`` is in (a label after a comma
    there is part of a longer clause, read with it)."""
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos))
    return any(ch in brackets()[1] for ch in text[start + 1:pos])


_BODY_LABEL = re.compile(
    r"[ \t\u3000]*(?P<names>[^：:，,。；;\s（(]{2,30}?(?:[（(][^）)\n]{1,12}[）)])?)"
    r"[ \t\u3000]*(?:[：:]|(?=\n))")


def _body_label_at(text: str, pos: int, registry: AgencyRegistry) -> Token | None:
    """An item that opens with bodies and a colon (（1）市委宣传部：负责…), or whose first line
    is only bodies (6.省气象台 / 负责…): a lead cell."""
    m = _BODY_LABEL.match(text, pos)
    if m is None or label_pattern().match(text, m.start("names")) or (
            only_bodies(m.group("names"), registry) is None):
        return None
    return lead_clause(m.start("names"), m.end("names"), m.end())


# A full stop or spaces, or a number glued to the last name (县财政局2.深化…, 镇（街道）（二）推进…,
# 成员单位四、加快…):
# the number is matched and the name's end checked after, which keeps the search fast.
_BEFORE_ITEM = re.compile(r"。|[ \t\u3000]+|(?P<glued>(?:\d{1,3}[.．、]|[（(](?:[一二三四五六七八九十]{1,3}"
                          rf"|\d{{1,3}})[）)]|(?<!第)[一二三四五六七八九十]{{1,3}}、|[{CIRCLED}{PAREN_DIGITS}])"
                          r"(?=[\u4e00-\u9fff]))")
_NAME_END = re.compile(r"[\u4e00-\u9fff）)]")


def _sentence_before_item(text: str, pos: int, eol: int) -> int:
    """Where a label clause from ``pos`` ends: at the end of its line, or earlier at a full
    stop, a space or the last name's end that a new item follows (a page that lost its line
    breaks: 协同部门：A、B。（二）…, 配合单位：A、B 4.新投放…, 责任单位：A、B2.深化…)."""
    for m in _BEFORE_ITEM.finditer(text, pos, eol):
        if m.group("glued") is None:
            if starts_item(text, m.end()):
                return m.end()
        elif m.start() > pos and _NAME_END.match(text, m.start() - 1) and starts_item(text, m.start()):
            return m.start()
    return eol


_NAME_SEPARATORS = re.compile(r"[、，,；;]")


def _wrapped_list_end(text: str, pos: int, eol: int) -> int:
    r"""Where a label's list from ``pos`` ends: at ``eol``, or at the end of the next line when
    the page broke the list there (text copied from a PDF: 协办单位：区委编办、园区党工 / 委、各街道党工委):
    the line ends in a separator or in half a name the next line completes, and the next line
    is a short list, not an item, a label or a sentence.

    >>> t = "协办单位：区委编办、园区党工\n委、各街道党工委\n2.推进…"
    >>> t[:_wrapped_list_end(t, 0, t.index("\n"))]
    '协办单位：区委编办、园区党工\n委、各街道党工委'
    """
    nxt = eol + 1
    while nxt < len(text) and text[nxt] in " \t\u3000":
        nxt += 1  # a page that indents every line (　　委、各街道党工委)
    if nxt >= len(text) or text[nxt] == "\n" or starts_item(text, nxt) or (
            label_pattern().match(text, nxt)):
        return eol
    end = _end_of_line(text, nxt)
    line = text[nxt:end].rstrip("。. \t\u3000")
    if not line or len(line) > 40 or "。" in line or "：" in line or ":" in line:
        return eol
    last = _NAME_SEPARATORS.split(text[pos:eol])[-1].strip()
    first = _NAME_SEPARATORS.split(line)[0]
    if not last and looks_whole(first.strip()):
        return end  # the line ended in a separator: the list goes on
    if last and first and not looks_whole(last) and looks_whole(last + first):
        return end  # 园区党工 + 委
    return eol


def _end_of_line(text: str, pos: int) -> int:
    eol = text.find("\n", pos)
    return len(text) if eol < 0 else eol


def _ends_item(text: str, pos: int) -> bool:
    """A bracket at the end of an item: only punctuation, then a line break, the end, another
    bracket or a new item."""
    while pos < len(text) and text[pos] in " \t\u3000。；;.":
        pos += 1
    return pos >= len(text) or text[pos] in "\n" + brackets()[0] or starts_item(text, pos)


def _after_sentence(text: str, pos: int) -> bool:
    """Whether a sentence's end comes right before ``pos`` (spaces between)."""
    while pos and text[pos - 1] in _SPACES:
        pos -= 1
    return pos > 0 and text[pos - 1] in SENTENCE_END


def _ends_sentence(text: str, pos: int) -> bool:
    """A bracket that closes a sentence: a full stop or a semicolon right after it."""
    return pos < len(text) and text[pos] in "。；;"


def _looks_unread(inner: str) -> bool:
    """A bracket that names units but has no label or verb we know: report it."""
    return any(w in inner for w in ("单位", "部门", "责任")) and len(inner) > 4


@cache
def _candidates() -> re.Pattern[str]:
    """Where a token may start: a run of numerals before 、, a bracket, digits before a stop,
    a circled number, a label word. Everything else is text."""
    labels = any_word(label_words())
    # Every candidate starts with one of these characters: the look-ahead rules out most
    # positions at once (four times faster than trying the alternatives there).
    firsts = "".join(sorted({*NUMERAL_CHARS, *brackets()[0], *"0123456789０１２３４５６７８９",
                             *CIRCLED, *PAREN_DIGITS, *(w[0] for w in label_words())}))
    return re.compile(
        rf"(?=[{re.escape(firsts)}])(?:"
        rf"(?P<a>{_NUM}\s*、)"
        rf"|(?P<bracket>[{re.escape(brackets()[0])}])"
        r"|(?P<c>(?<![0-9０-９])[0-9０-９]{1,3}\s*[.．、])"
        rf"|(?P<e>[{CIRCLED}{PAREN_DIGITS}])"
        rf"|(?P<label>{labels}))")


def tokenize(text: str, registry: AgencyRegistry | None = None) -> tuple[list[Token], list[Token]]:
    """Structural tokens in source order (everything between them is ``text``), and the
    bracketed passages that looked like clauses but could not be read."""
    registry = registry or AgencyRegistry.bundled()
    tokens: list[Token] = []
    unread: list[Token] = []
    expected_c: set[int] = set()
    signatures = signature_spans(text)
    sig_index = 0
    candidates = _candidates()
    pos = 0  # everything before pos is in a token
    last_end = -1  # end of the last structural token

    def emit(tok: Token) -> None:
        nonlocal pos, last_end
        if tok.start > pos:
            tokens.append(Token("text", pos, tok.start))
        tokens.append(tok)
        pos = last_end = tok.end

    search_from = 0
    n = len(text)
    while search_from < n:
        m = candidates.search(text, search_from)
        start = m.start() if m is not None else n
        # A signature that starts before the next candidate (or at it, when the candidate
        # turns out to be nothing) is taken in its turn.
        while sig_index < len(signatures) and signatures[sig_index][0] < pos:
            sig_index += 1
        if sig_index < len(signatures) and signatures[sig_index][0] < start:
            emit(Token("signature", *signatures[sig_index]))
            search_from = pos
            continue
        if m is None:
            break
        boundary = at_boundary(text, start, last_end == start)
        group = m.lastgroup
        tok: Token | None = None
        looks_unread = False
        if group == "a":
            tok = _numeral_marker(text, m, boundary, expected_c, last_end)
        elif group in ("bracket", "c", "e"):
            tok = marker_at(text, start, boundary, expected_c)
        if tok is None and group in ("bracket", "label"):
            tok, looks_unread = clause_at(text, start, boundary, registry)
        if tok is not None:
            emit(tok)
            if tok.kind == "marker":
                if tok.form in ("A", "B"):
                    expected_c = {1}
                elif tok.form == "C" and tok.number is not None:
                    expected_c = {tok.number + 1}
                if tok.form == "A" and tok.title is not None:
                    pos = last_end = tok.end = max(pos, tok.title[1])
                elif tok.form not in ("A", "B") and (
                        named := _body_label_at(text, tok.end, registry)) is not None:
                    emit(named)  # （1）市委宣传部：负责…: the body the item is about leads it
            search_from = pos
            continue
        if looks_unread and (close := matching_bracket(text, start)) is not None:
            unread.append(Token("text", start, close + 1))
        if sig_index < len(signatures) and signatures[sig_index][0] == start:
            emit(Token("signature", *signatures[sig_index]))
            search_from = pos
            continue
        search_from = start + 1
    if pos < n:
        tokens.append(Token("text", pos, n))
    tokens = _body_headings(text, tokens, registry)
    has_clause = any(t.kind == "clause" for t in tokens)
    tokens = _role_sentences(text, tokens, registry)
    if "——" in text or "－－" in text:
        tokens = _dash_lists(text, tokens, registry)
    if not has_clause and _sentence_rules()["by"] in text:
        tokens = _sentence_clauses(text, tokens, registry)
    return tokens, unread


@cache
def _sentence_rules() -> dict[str, Any]:
    return load_rules("rules")["sentence"]


@cache
def pointing_back() -> tuple[str, ...]:
    """Words before 由 that point back at the work (以上工作, 此项工作): not a body."""
    return tuple(_sentence_rules()["subjects"])


@cache
def _sentence_pattern() -> re.Pattern[str]:
    """由A(会同B)(等部门) before the work it names; A and B are lists of bodies."""
    rules = _sentence_rules()
    by = re.escape(rules["by"])
    return re.compile(
        # (after a dash too: ──由市卫生局会同有关部门组织落实; after an ordinal: 七是由…, of
        # one numeral, as a look-behind has a fixed width)
        rf"(?:(?<=[，,。；;：:\s—─－])|(?<=[一二三四五六七八九十]是)){by}(?!于)(?P<a>[^，,。；;\n{by}]{{2,40}}?)"
        rf"(?:(?:{any_word(rules['with'])})(?P<b>[^。；;\n]{{2,200}}?))?"
        rf"(?:{any_word(rules['etc'])})?(?={any_word(rules['verbs'])})")


_LIST_ITEMS = re.compile(r"[、，,]")


_EACH_PLACE = re.compile(r"各[省市州县区旗乡镇街道]{2,4}")


def _names_bodies(names: str, registry: AgencyRegistry, *, collectives: bool = False) -> bool:
    """Every item is a body: a name the registry knows or shaped like one (a short name
    ending as organs do: 发展改革委, 农业部, 粮食局; ministries carry no place prefix), the
    places of a level (各县市区), a sector's departments, or with ``collectives`` the unnamed
    bodies concerned (相关部门, 有关单位). The items are a clause's, split and sharing their
    endings as a clause's are (各县（市）、区人民政府 is one; 有关部门和各县市区 two; 公安、
    交通部门 two departments)."""
    items = share_suffix([item for item, _, _ in split_items(names)], registry) or [""]
    return all(item and (looks_like_agency(item, registry) or (
        len(item) <= 12 and without_note(item).endswith(_organ_endings())) or (
        collectives and item.startswith(UNNAMED_PREFIXES) and item.endswith(("部门", "单位", "主体"))
        and len(item) <= 10) or (
        # the places of a level, each (各县市区, 各乡镇)
        _EACH_PLACE.fullmatch(item) is not None) or (
        # the departments of a sector (由公安、交通部门负责: 公安部门 shares 部门)
        sector_department(item))) for item in items)


@cache
def _name_end_chars() -> frozenset[str]:
    """The characters a list of bodies may end in: a cheap test before reading the list."""
    return frozenset({e[-1] for e in (*body_endings(), "部门", "单位", "主体", "银行")}
                     | set("省市州县区旗乡镇街道）)"))


@cache
def _organ_endings() -> tuple[str, ...]:
    return (*body_endings(), "银行")


def _sentence_clauses(text: str, tokens: list[Token], registry: AgencyRegistry) -> list[Token]:
    """A text that states no clause may state who does what in sentences: 由发展改革委会同
    财政部等部门研究提出落实意见。 Each becomes a clause token from 由 to the end of its
    sentence, its lists marked lead (the body after 由) and cooperate (those after 会同)."""
    pattern = _sentence_pattern()

    def found(tok: Token) -> Iterator[Token]:
        for m in pattern.finditer(text, tok.start, tok.end):
            cells = [(m.start("a"), m.end("a"), "lead")]
            if m.group("b"):
                cells.append((m.start("b"), m.end("b"), "cooperate"))
            if not all(_names_bodies(text[a:b], registry) for a, b, _ in cells):
                continue
            stop = m.end()
            while stop < tok.end and text[stop] not in "。；;\n":
                stop += 1
            stop = min(stop + 1, tok.end) if stop < tok.end and text[stop] != "\n" else stop
            yield Token("clause", m.start(), stop, inner=(m.start(), stop), cells=cells)

    return _cut_around(tokens, found)


def _cut_around(tokens: list[Token], found: Callable[[Token], Iterable[Token]]) -> list[Token]:
    """The tokens, each text token cut around the clause tokens ``found`` in it (in order; one
    that starts inside the clause before it is left out)."""
    out: list[Token] = []
    for tok in tokens:
        if tok.kind != "text":
            out.append(tok)
            continue
        pos = tok.start
        for clause in found(tok):
            if clause.start < pos:
                continue
            if clause.start > pos:
                out.append(Token("text", pos, clause.start))
            out.append(clause)
            pos = clause.end
        if pos < tok.end:
            out.append(Token("text", pos, tok.end))
    return out


MAX_BODY_HEADING: Final = 20  # characters of a line that is only a body's name


def _body_headings(text: str, tokens: list[Token], registry: AgencyRegistry) -> list[Token]:
    """A line that is only a body's name, right before an item (市卫生局 / 一、开展…), heads the
    items after it: a marker of form N whose title is the name (its bodies lead the items,
    as a heading 一、市卫生局 does). Plans that divide the work by body restart the items'
    numbers under each name."""
    out: list[Token] = []
    count = 0
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind != "text" or nxt is None or nxt.kind != "marker" or nxt.form == "N":
            out.append(tok)
            continue
        body = text[tok.start:tok.end]
        stripped = body.rstrip(" \t\u3000")
        if not stripped.endswith("\n"):
            out.append(tok)  # the item must start a line
            continue
        line_start = stripped.rfind("\n", 0, len(stripped) - 1) + 1
        line = stripped[line_start:-1].strip(_SPACES)
        name = only_bodies(line, registry)
        starts_line = line_start > 0 or tok.start == 0 or text[tok.start - 1] == "\n"
        if not (starts_line and name is not None and 2 <= len(name) <= MAX_BODY_HEADING):
            out.append(tok)
            continue
        at = tok.start + line_start + stripped[line_start:].find(line[:1])
        if at > tok.start:
            out.append(Token("text", tok.start, at))
        count += 1
        out.append(Token("marker", at, at + len(line), form="N", number=count,
                         title=(at, at + len(name))))
        if at + len(line) < tok.end:
            out.append(Token("text", at + len(line), tok.end))
    return out


MAX_ROLE_PART: Final = 120  # characters of one part of a sentence of roles
_PARTS = re.compile(r"[，,]")


@cache
def _role_part() -> re.Pattern[str]:
    """One part of a role sentence: (一是)(以上工作)(由)bodies (qualifier) verb (tail) — 市财政局、
    市大数据局配合, 由市发改委牵头, 以上工作由市交通局负责, 各区县政府按职责分工负责落实."""
    rules = load_rules("rules")
    items = rules["items"]
    return re.compile(
        # 一是由…负责: the ordinal of a point in running text (一是、二是…) is no body
        rf"(?P<subject>(?:{POINT_ORDINAL})?"
        rf"(?:{any_word(rules['sentence']['subjects'])})?)"
        rf"(?:{any_word(items['leading'])})?(?P<names>.+?)"
        rf"(?:{any_word(items['qualifiers'])})*"
        rf"(?:{any_word(rules['verbs'])})(?:{any_word(rules['clause']['verb_tails'])})?")


@cache
def _leader_part() -> re.Pattern[str]:
    """A part naming the leader in charge (由王副市长负责): a person, not a body."""
    leaders = load_rules("rules")["sentence"]["leaders"]
    return re.compile(rf"由?[^，,]{{0,6}}(?:{'|'.join(map(re.escape, leaders))})(?:负责|牵头|挂帅)")


def _role_run(sentence: str, registry: AgencyRegistry) -> tuple[int, int] | None:
    """The span of ``sentence`` that states a division of labour: a run of parts between
    commas that each name bodies and their role (市发改委牵头，相关部门配合), with the deadlines
    among them. The run opens the sentence, after an optional leader in charge (由王副市长负责:
    a person, kept out), and the work may follow (……，尽快完成实施方案); or it closes the
    sentence, after the work. None when neither holds."""
    parts: list[tuple[int, int, str]] = []
    pos = 0
    for m in _PARTS.finditer(sentence + "，"):
        raw = sentence[pos:m.start()]
        part = raw.strip(" \t\u3000")
        # A list of bodies and its verb is short; a longer part is the work.
        role = _role_part().fullmatch(part) if len(part) <= MAX_ROLE_PART else None
        if role is not None and not _names_bodies(_without_etc(role.group("names")), registry,
                                                  collectives=True):
            role = None
        by = part.rfind("由")
        if role is None and by > 0 and (tail := _role_part().fullmatch(part, by)) is not None \
                and _names_bodies(_without_etc(tail.group("names")), registry, collectives=True):
            role = tail  # …政务信息公开工作由厅办公室牵头: the work, then who does it
        if role is not None and not any(w in part for w in _sentence_rules()["with"]):
            kind = "role"  # (由A会同B… is the sentence rule's: A leads, B cooperates)
        elif len(part) <= MAX_ROLE_PART and deadline_pattern().fullmatch(part):
            kind = "deadline"
        elif len(part) <= MAX_ROLE_PART and _leader_part().fullmatch(part):
            kind = "leader"
        elif len(part) <= MAX_ROLE_PART and part[-1:] in _name_end_chars() and _names_bodies(
                _without_etc(part.removeprefix("由")), registry, collectives=True):
            kind = "bodies"  # 由A、B，C负责: a list whose verb comes in the next part
        else:
            kind = "work"
        # 以上工作由A负责: the clause starts at 由 (the work it points back at is no body).
        skip = role.start() + len(role.group("subject")) if kind == "role" and role else 0
        parts.append((pos + len(raw) - len(raw.lstrip(" \t\u3000")) + skip, m.start(), kind))
        pos = m.end()
    kinds = [kind for _, _, kind in parts]
    first = 0
    while first < len(parts) and kinds[first] == "leader":
        first += 1
    last = first
    while last < len(parts) and kinds[last] in ("role", "deadline", "bodies"):
        last += 1
    while last > first and kinds[last - 1] == "bodies":  # bodies with no verb after them
        last -= 1
    if "role" in kinds[first:last]:
        return parts[first][0], parts[last - 1][1]
    if first < len(parts) and (head := _role_head(sentence, parts[first][0], registry)):
        return head  # 市公安局负责在城市道路施划临时停车泊位: the body and its verb open the work
    first = last = len(parts)  # a run closing the sentence?
    while last > 0 and kinds[last - 1] == "bodies":  # bodies with no verb after them
        last -= 1
    first = last
    while first > 0 and kinds[first - 1] in ("role", "deadline", "bodies"):
        first -= 1
    if "role" not in kinds[first:last]:
        return None
    return parts[first][0], parts[last - 1][1]


def _role_head(sentence: str, at: int, registry: AgencyRegistry) -> tuple[int, int] | None:
    """The bodies and the verb that open a sentence and run on into the work, with no comma
    between (市公安局负责在城市道路施划临时停车泊位): the span of the bodies and the verb."""
    m = _role_part().match(sentence, at, min(len(sentence), at + MAX_ROLE_PART))
    if m is None or m.end() >= len(sentence) or sentence[m.end()] in "，,的":
        return None  # a whole part is read by the run above; 省审计厅牵头的工作 names work
    # Stricter than a whole part (支持龙头企业牵头组建… is the work).
    if not _strict_bodies(_without_etc(m.group("names")), registry):
        return None
    end = m.end()
    # 由区公安分局负责、区运输管理所配合做好…, 由A负责B配合抓好…: more bodies and their verb
    while (more := _role_part().match(sentence, end + (sentence[end:end + 1] == "、"),
                                      min(len(sentence), end + 1 + MAX_ROLE_PART))) and (
            not more.group("subject") and more.end() < len(sentence)
            and _strict_bodies(_without_etc(more.group("names")), registry)):
        end = more.end()
    return at + len(m.group("subject")), end


def _strict_bodies(names: str, registry: AgencyRegistry) -> bool:
    """A list of bodies each of which carries its level, is a government or is in the
    registry: no person (孟学农省长), no other noun (龙头企业)."""
    return not (any(w in names for w in _sentence_rules()["with"]) or _PARTS.search(names)) \
        and is_agency_list(names, registry) and all(
            registry.canonical(n) is not None or n.startswith(level_prefixes())
            or without_note(n).endswith("政府") for n in _LIST_ITEMS.split(names))


def only_bodies(text: str, registry: AgencyRegistry) -> str | None:
    """The bodies a heading or a line names when that is all it says (市发改委、市财政局：),
    by the strict test of :func:`_strict_bodies`; else None."""
    names = text.strip().rstrip("：:")
    return names if names and _strict_bodies(names, registry) else None


def heading_lead(title: str, registry: AgencyRegistry) -> tuple[int, int, int] | None:
    """The span of the bodies in a heading that names the lead of the work under it
    (省监察厅牵头的工作, 市教育局负责的重点任务), and where the heading ends (a page that lost its
    line breaks runs the work on after it), or None. As strict as :func:`_role_head`: a
    person (孟学农省长负责的工作) or a word that is no body is not read.

    >>> reg = AgencyRegistry.bundled()
    >>> heading_lead("省编办牵头的工作", reg), heading_lead("孟学农省长负责的工作", reg)
    ((0, 3, 8), None)
    >>> heading_lead("省审计厅牵头的工作 强化审计监督。", reg)
    (0, 4, 9)

    A heading that is only bodies (一、市发改委 over the tasks of a plan divided by body) names
    the lead too; one that names no body (一、组织领导) does not:

    >>> heading_lead("市发改委、市财政局：", reg), heading_lead("组织领导", reg)
    ((0, 9, 10), None)
    """
    m = _heading_pattern().match(title)
    if m is None:
        if (names := only_bodies(title, registry)) is not None:
            start = title.find(names)
            return start, start + len(names), len(title.rstrip())
        return None
    names = _without_etc(m.group("names"))
    if not _strict_bodies(names, registry):
        return None
    return m.start("names"), m.start("names") + len(names), m.end("heading")


@cache
def _heading_pattern() -> re.Pattern[str]:
    sentence = _sentence_rules()
    return re.compile(
        rf"\s*(?P<heading>(?P<names>[^，,。；;：:\s]{{2,40}}?)"
        rf"(?:{any_word(sentence['heading_verbs'])})的?"
        rf"(?:{any_word(sentence['heading_work'])})(?:[（(]\d+项[）)])?)(?=[\s：:。.]|$)")


_DUTY_LABEL_PATTERN = (r"(?:^|\n|[ \t\u3000]{2,})[ \t\u3000]*(?P<name>[\u4e00-\u9fff]{2,20})[:：]"
                       # 县环保局。负责… on a page run into one line: the body is a sentence
                       r"|(?:^|(?<=[。：:]))[ \t\u3000]*(?P<stop>[\u4e00-\u9fff、]{2,30})。(?=负责)")
MIN_DUTY_LABELS: Final = 3


@cache
def _duty_label() -> re.Pattern[str]:
    """Compiled when first needed: only a plan with no clause is searched for duties."""
    return re.compile(_DUTY_LABEL_PATTERN)


def duty_labels(text: str, registry: AgencyRegistry) -> list[tuple[int, int, int]]:
    """A list of duties under their bodies as labels, each opening a paragraph (卫生部:负责…
    教育部:负责…): (start, end) of each body's name and where its duties end. Empty unless
    three bodies or more are listed so; a label word (牵头单位：) or a word that is no body
    (联系电话：) is not one.

    >>> reg = AgencyRegistry.bundled()
    >>> t = "通知如下。  卫生部:负责甲。  教育部:负责乙。  公安部:负责丙。"
    >>> [(t[a:b], t[b + 1:e]) for a, b, e in duty_labels(t, reg)]
    [('卫生部', '负责甲。'), ('教育部', '负责乙。'), ('公安部', '负责丙。')]
    >>> t = "职责如下:县环保局。负责甲。县交通局、公路局。负责乙。县农委。负责丙。"
    >>> [(t[a:b], t[b + 1:e]) for a, b, e in duty_labels(t, reg)]
    [('县环保局', '负责甲。'), ('县交通局、公路局', '负责乙。'), ('县农委', '负责丙。')]
    """
    labels = load_rules("rules")["labels"]
    words = {w for kind in ("lead", "responsible", "cooperate", "ignore") for w in labels[kind]}
    found = [m for m in _duty_label().finditer(text)
             if _duty_name(m) not in words and _names_bodies(_duty_name(m), registry)]
    if len(found) < MIN_DUTY_LABELS:
        return []
    ends = [m.start() for m in found[1:]] + [len(text)]
    out = []
    for m, end in zip(found, ends, strict=True):
        # Another label on a line of its own (联系电话：…) ends the duties too.
        other = _duty_label().search(text, m.end(), end)
        group = "name" if m.group("name") else "stop"
        out.append((m.start(group), m.end(group), other.start() if other else end))
    return out


def _duty_name(m: re.Match[str]) -> str:
    return m.group("name") or m.group("stop")


def _without_etc(names: str) -> str:
    """The bodies of a list that ends in 等 + a word for the rest (等有关部门, 等)."""
    for tail in sorted(_sentence_rules()["etc"], key=len, reverse=True):
        if names.endswith(tail):
            return names[:-len(tail)]
    return names.removesuffix("等")


_DASH_LIST = re.compile(r"(?:——|－－)[ \t\u3000]*(?P<names>[^\n。；;—－]+?)[ \t\u3000。.]*(?=\n|$)")


def _dash_lists(text: str, tokens: list[Token], registry: AgencyRegistry) -> list[Token]:
    """Bodies after a dash at the end of a line close the item as a bracket of them would
    (推进重大项目建设。——市发改委、市财政局)."""
    def found(tok: Token) -> Iterator[Token]:
        for m in _DASH_LIST.finditer(text, tok.start, tok.end):
            if is_agency_list(m.group("names"), registry):
                yield Token("clause", m.start(), m.end(), inner=m.span("names"))

    return _cut_around(tokens, found)


def _role_sentences(text: str, tokens: list[Token], registry: AgencyRegistry) -> list[Token]:
    """A task may close with a sentence of roles, unbracketed: ……。由市发改委牵头，市财政局、
    市大数据局配合，2024年底前完成。 Each such run of roles (:func:`_role_run`) becomes a clause
    token, read as a bracketed clause would be."""
    verbs = _role_verbs()

    def found(tok: Token) -> Iterator[Token]:
        if not verbs.search(text, tok.start, tok.end):
            return
        for sentence in _SENTENCES.finditer(text, tok.start, tok.end):
            start, stop = sentence.span()
            if not verbs.search(text, start, stop):
                continue
            span = _role_run(text[start:stop], registry)
            if span is None:
                continue
            begin, finish = start + span[0], start + span[1]  # (parts start past spaces)
            if finish == stop:  # the roles close the sentence: its 。 goes with them
                end = min(stop + 1, tok.end) if stop < tok.end and text[stop] != "\n" else stop
            else:  # the work follows: the comma after the roles goes with them
                end = finish + 1 if text[finish] in "，," else finish
            yield Token("clause", begin, end, inner=(begin, finish))

    return _cut_around(tokens, found)


_SENTENCES = re.compile(r"[^。；;\n]+")


@cache
def _role_verbs() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, load_rules("rules")["verbs"])))


def _numeral_marker(text: str, m: re.Match[str], boundary: bool, expected_c: set[int],
                    last_end: int) -> Token | None:
    """A 一、 heading in a run of numerals: at the run's start, or (when that is not one)
    further in, where the run's tail reads as a heading of its own."""
    head = m.start()
    stop = m.end() - 1  # the 、 (after spaces)
    while stop > head and text[stop - 1] in " \t\u3000\n":
        stop -= 1
    for pos in range(head, stop):
        tok = marker_at(text, pos, boundary if pos == head else at_boundary(text, pos, False),
                        expected_c)
        if tok is not None and tok.form == "A":
            return tok
    return None
