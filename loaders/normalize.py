"""Source text → the Simplified, gloss-free text every profile reads, with a map back.

Three steps, each a small function, run in this order by :func:`normalize`:

1. :func:`strip_glosses` — pages copied from websites may carry pinyin after characters
   (``發(fā)展``, ``社會(hui) 數字化``). Stripping them shortens the text, so it returns the
   source offset of every character it keeps.
2. :func:`to_simplified` — Traditional characters → Simplified with OpenCC ``t2s``, only when
   the text is mostly Traditional (:func:`is_traditional`). ``t2s`` is char-for-char for
   almost all text; when a conversion changes the length it falls back to one character at a
   time, so offsets survive.
3. :func:`repair_lost_characters` — characters lost in conversion (``数字福建?宽带工程``).

Readers work on :attr:`NormalizedText.text`; every span they report is mapped back with
:meth:`NormalizedText.span_to_source` so evidence indexes the original text.

>>> nt = normalize("發(fā)展改革委負責")
>>> nt.text, nt.span_to_source((0, 2)), nt.script
('发展改革委负责', (0, 6), 'traditional')
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from loaders.records import Repair, Span
from loaders.rules import load_rules

_HAN = r"[\u4e00-\u9fff]"
_HAN_RUN = re.compile(_HAN + "+")


@dataclass
class NormalizedText:
    source: str  # the text as read from the file
    text: str  # what readers read
    to_source: Sequence[int]  # source offset of each character of ``text``, plus len(source)
    repairs: list[Repair] = field(default_factory=list)
    script: str = "simplified"  # or "traditional": the source was converted
    identity: bool = False  # nothing was stripped: offsets are the same in both texts

    def offset_to_source(self, offset: int) -> int:
        return self.to_source[min(max(offset, 0), len(self.to_source) - 1)]

    def span_to_source(self, span: Span) -> Span:
        """A span of ``text`` → the span of ``source`` it was read from."""
        start, end = span
        if self.identity and 0 <= start < end <= len(self.text):
            return span
        if end <= start:
            at = self.offset_to_source(start)
            return at, at
        return self.offset_to_source(start), self.offset_to_source(end - 1) + 1

    def quote(self, span: Span) -> str:
        """The source text under a span of ``text``."""
        start, end = self.span_to_source(span)
        return self.source[start:end]


@cache
def _gloss_pattern() -> re.Pattern[str]:
    rules = load_rules("rules")["normalize"]
    toned, plain = rules["pinyin_toned"], rules["pinyin_plain"]
    # A Han character, then (pinyin) and at most one space. A syllable with a tone mark may sit
    # in either bracket; one without (``(hui)``) only in ASCII brackets and not as a roman
    # numeral (``（ii）`` numbers an item). Some copies repeat the gloss (務(wu)(wu)(wu)).
    gloss = rf"(?<={_HAN})(?:[(（](?:{toned})[)）]|\((?![ivxlcdm]+\))(?:{plain})\))+ ?"
    # Runs of decorative glyphs a repost scatters through the text (建设■■★★★。, 责任单位◆★◆■:),
    # never at a line's start, where one opens an item (● 实施…).
    # A page's "continued" mark ([接上页] 19、…) goes too: the item after it starts the line.
    decoration = (r"(?P<decoration>(?<=[^\s])[■◆★☆◇□▲△◎]{2,}"
                  r"|[\[【（(][ \t]*[接续續]上[页頁][ \t]*[\]】）)][ \t]*)")
    # Every branch opens with one of these, looked ahead for first: ``re`` then skips along
    # to the next one instead of trying each branch's look-behind at every character.
    return re.compile(r"(?=[■◆★☆◇□▲△◎\[【（(])" + f"(?:{decoration}|{gloss})")


# A space inside a word before a colon: perhaps a label spaced out (配 合 部 门 :) or broken
# by a line wrap (完成时 间:).
_MAYBE_SPACED = re.compile(r"[\u4e00-\u9fff][ \t\u3000]+[\u4e00-\u9fff][^\n：:]{0,8}[：:]")


@cache
def _spaced_labels() -> re.Pattern[str]:
    """The label words with room for spaces between their characters; compiled (about
    0.1 s) only for a page that has a space inside a word before a colon."""
    words = sorted({w for ws in load_rules("rules")["labels"].values() for w in ws if len(w) > 1},
                   key=len, reverse=True)
    spaced = "|".join(r"[ \t\u3000]*".join(map(re.escape, w)) for w in words)
    return re.compile(rf"(?<![\u4e00-\u9fff])(?:{spaced})(?=[ \t\u3000]*[：:])")


_BLANK_LINE = re.compile(r"\n[ \t\u3000\xa0]*(?=\n)")
_LINE_AFTER_LINE = re.compile(r"[^\s]\n[ \t\u3000\xa0]*[^\s]")


def _double_spacing(text: str) -> list[tuple[int, int, str]]:
    r"""The blank lines of a page that puts one after every line (a copy of a web page often
    does): one of each run is cut, so lines keep their breaks and paragraphs theirs.

    >>> strip_glosses("1 任务 区发改委\n\n区财政局\n\n2 任务 区商务局\n\n\n二、\n\n3\n\n4")[0]
    '1 任务 区发改委\n区财政局\n2 任务 区商务局\n\n二、\n3\n4'
    """
    blanks = list(_BLANK_LINE.finditer(text))
    if len(blanks) < 5 or len(_LINE_AFTER_LINE.findall(text)) > len(blanks) // 10:
        return []
    return [(m.start(), m.end(), "double-spacing") for m in blanks
            if m.start() == 0 or text[m.start() - 1] != "\n"]


def _label_spaces(text: str) -> list[tuple[int, int, str]]:
    """The spaces inside label words (配 合 部 门 :, 完成时 间:), to be cut."""
    return [(m.start() + s.start(), m.start() + s.end(), "spaced-label")
            for m in _spaced_labels().finditer(text)
            for s in re.finditer(r"[ \t\u3000]+", m.group())]


def strip_glosses(text: str) -> tuple[str, Sequence[int], list[Repair]]:
    """Remove pinyin glosses written after characters, runs of decorative glyphs, and the
    spaces of a label spaced out letter by letter.

    Returns the text without them, the source offset of every kept character (plus the
    length of ``text`` at the end) and one repair per distinct gloss, listing where it was.

    >>> strip_glosses("發(fā)展規(guī)劃")[0]
    '發展規劃'
    >>> strip_glosses("社會(hui) 數字化")[0], strip_glosses("政(zheng)(zheng)(zheng)務")[0]
    ('社會數字化', '政務')
    >>> strip_glosses("數字福建（長樂）")[0]
    '數字福建（長樂）'
    >>> strip_glosses("建设■◆★。(责任单位◆★:省商务厅)")[0], strip_glosses("[接上页] 19、加快")[0]
    ('建设。(责任单位:省商务厅)', '19、加快')
    >>> strip_glosses("配 合 部 门 :县直各相关部门")[0], strip_glosses("完成时 间:6月")[0]
    ('配合部门 :县直各相关部门', '完成时间:6月')
    """
    kept: list[int] = []  # built only when something is cut (most pages: a range)
    parts: list[str] = []
    by_gloss: dict[str, Repair] = {}
    pos = 0
    cuts = [(m.start(), m.end(), "decoration" if m.group("decoration") else "pinyin-gloss")
            for m in _gloss_pattern().finditer(text)]
    if _MAYBE_SPACED.search(text):
        # Label words are Simplified: a Traditional page is matched in its Simplified form,
        # which keeps every character's place (完成時 間: is 完成时 间:).
        cuts = sorted(cuts + _label_spaces(to_simplified(text) if is_traditional(text) else text))
    if "\n\n" in text or "\n \n" in text:
        cuts = sorted(cuts + _double_spacing(text))
    for start, end, kind in cuts:
        if start < pos:
            continue  # inside a cut already made
        parts.append(text[pos:start])
        kept.extend(range(pos, start))
        pos = end
        if kind == "double-spacing":
            continue  # layout, not a repair of the words
        before = text[start - 1] if start else ""
        original = before + text[start:end].rstrip(" ")
        entry = by_gloss.get(original)
        if entry is None:
            entry = by_gloss[original] = Repair(kind=kind, original=original,
                                                repaired=before, evidence=[])
        entry.evidence.append((start, end))
    if not parts:
        return text, range(len(text) + 1), []  # nothing cut: each offset is its own
    parts.append(text[pos:])
    kept.extend(range(pos, len(text)))
    kept.append(len(text))
    return "".join(parts), kept, list(by_gloss.values())


@cache
def _converter() -> object:
    from opencc import OpenCC  # imported lazily: only Traditional documents need it

    return OpenCC("t2s")


def _convert(text: str) -> str:
    return _converter().convert(text)  # type: ignore[attr-defined, no-any-return]


@cache
def _t2s_characters() -> dict[str, str]:
    """OpenCC's own character table (``TSCharacters.txt``): what ``t2s`` does to one character
    on its own, read without loading the converter."""
    spec = importlib.util.find_spec("opencc")
    assert spec is not None and spec.submodule_search_locations is not None
    path = Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "TSCharacters.txt"
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0]
        if len(key) == 1 and len(first) == 1 and first != key:
            table[key] = first
    return table


@cache
def _drop_traditional() -> dict[int, None]:
    """A str.translate table deleting the characters ``t2s`` changes (a large character class
    in a regular expression is slow; translate looks each character up once)."""
    return dict.fromkeys(map(ord, _t2s_characters()))


def _char_t2s(ch: str) -> str:
    return _t2s_characters().get(ch, ch)


@cache
def _simplified_keys() -> tuple[str, ...]:
    """The characters ``t2s`` changes that GB2312 (a Simplified character set) holds: 乾, 後…"""
    return tuple(load_rules("rules")["normalize"]["simplified_t2s"])


def _at_most_changed(text: str) -> int:
    """An upper bound of the characters ``t2s`` changes in ``text``: those outside GB2312
    (every Traditional-only character is) and the few inside it that ``t2s`` changes.
    GB2312 writes ASCII in one byte and every other character it holds in two."""
    ascii_chars = len(text.encode("ascii", "ignore"))
    in_gb2312 = ascii_chars + (len(text.encode("gb2312", "ignore")) - ascii_chars) // 2
    return len(text) - in_gb2312 + sum(text.count(ch) for ch in _simplified_keys())


def is_traditional(text: str) -> bool:
    """Whether enough of the Han characters change under ``t2s`` to call the text Traditional.

    A Simplified text quoting one Traditional name is not converted: ``t2s`` can change
    characters that are also valid Simplified ones.

    >>> is_traditional("省發展改革委、數字辦負責"), is_traditional("省发展改革委、数字办负责")
    (True, False)
    """
    rules = load_rules("rules")["normalize"]
    if _at_most_changed(text) < rules["traditional_min_chars"]:
        return False  # a Simplified text, told in one encoding pass
    han = sum(map(len, _HAN_RUN.findall(text)))
    if not han:
        return False
    changed = len(text) - len(text.translate(_drop_traditional()))
    return changed >= rules["traditional_min_chars"] and (
        changed / han >= rules["traditional_min_ratio"])


def to_simplified(text: str) -> str:
    """OpenCC ``t2s``, keeping the length: whole text when it is char-for-char, else per line,
    else per character.

    >>> to_simplified("數字福建（長樂）雲計算中心")
    '数字福建（长乐）云计算中心'
    """
    whole = _convert(text)
    if len(whole) == len(text):
        return whole
    lines = []
    for line in text.split("\n"):
        converted = _convert(line)
        lines.append(converted if len(converted) == len(line)
                     else "".join(_char_t2s(ch) for ch in line))
    return "\n".join(lines)


def repair_lost_characters(text: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Characters lost in conversion between two Han characters (``?`` for ``·``).

    Returns the repaired text (same length) and (start, end, repaired, kind) per repair.

    >>> repair_lost_characters("数字福建?宽带工程")[0]
    '数字福建·宽带工程'
    """
    found: list[tuple[int, int, str, str]] = []
    for damaged, repaired, kind in load_rules("rules")["repairs"]["lost_between_han"]:
        if damaged not in text:
            continue  # (most pages lose none: no pattern to compile)
        lost = re.escape(damaged)  # first, then the look-behind: ``re`` skips to each one
        for m in re.finditer(f"{lost}(?<={_HAN}{lost})(?={_HAN})", text):
            found.append((m.start(), m.end(), repaired, kind))
    if not found:
        return text, found
    found.sort()
    parts, pos = [], 0
    for start, end, repaired, _ in found:
        parts += [text[pos:start], repaired]
        pos = end
    return "".join([*parts, text[pos:]]), found


# Characters a page renders in another form, one for one: no-break and typographic spaces are
# spaces, full-width digits are digits (１．加快… is 1.加快…), a small full stop is a full stop
# (1﹒全省…).
_ONE_FOR_ONE = str.maketrans("\xa0\u2002\u2003\u2009０１２３４５６７８９\ufe52",
                             "    0123456789．")
_OTHER_FORMS = re.compile(f"[{''.join(map(chr, _ONE_FOR_ONE))}]")  # most pages hold none


def normalize(source: str) -> NormalizedText:
    """Strip glosses, convert Traditional to Simplified, repair lost characters.

    >>> normalize("１．加快建设。\xa0（市发改委负责）").text
    '1．加快建设。 （市发改委负责）'
    """
    plain = source.translate(_ONE_FOR_ONE) if _OTHER_FORMS.search(source) else source
    text, kept, repairs = strip_glosses(plain)
    script = "simplified"
    if is_traditional(text):
        converted = to_simplified(text)
        if converted != text:
            script = "traditional"
            text = converted
    text, lost = repair_lost_characters(text)
    nt = NormalizedText(source=source, text=text, to_source=kept, script=script,
                        identity=len(kept) == len(source) + 1)
    for start, end, repaired, kind in lost:
        lo, hi = max(0, start - 4), min(len(text), end + 4)
        src = nt.span_to_source((start, end))
        repairs.append(Repair(
            kind=kind, original=nt.quote((lo, hi)),
            repaired=nt.quote((lo, start)) + repaired + nt.quote((end, hi)), evidence=[src]))
    nt.repairs = repairs
    return nt
