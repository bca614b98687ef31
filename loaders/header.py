"""Document metadata from the header: notice title, issuer, dates, 文号, plan title."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

NOTICE_TITLE = re.compile(r"([\u4e00-\u9fff]{2,40}?)关于印发(.{2,60}?)的通知")
# The issuer starts a line (or follows punctuation): prefer that match to one that runs back
# into the text before it.
NOTICE_TITLE_AT_START = re.compile(
    r"(?:^|(?<=[\n。：:，,；;」”\s]))([\u4e00-\u9fff]{2,40}?)关于印发(.{2,60}?)的通知", re.M)
PUBLISHED = re.compile(r"(?:发布|发文|印发|成文)日期\s*[:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*"
                       r"[-月./]\s*(\d{1,2})")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[【［(（]\s*\d{4}\s*[〕\]】］)）]\s*\d{1,4}\s*号")
PLAN_TITLE = re.compile(r"《([^《》]{2,60}?)》")
YEAR = re.compile(r"(\d{4})\s*年")
_ISSUER = r"([\u4e00-\u9fff]{2,30}?(?:办公厅|人民政府|委员会|办公室|领导小组))\s*"
# 福建省人民政府办公厅2015年2月17日, or 广州市人民政府办公厅 二○○六年四月二十八日: the signature
# that closes the notice.
SIGNATURE = re.compile(_ISSUER + r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
SIGNATURE_CN = re.compile(_ISSUER + r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})"
                          r"\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
# The date of a signature, found first: the issuer is looked for only in front of a date, so
# finding signatures costs one pass over the text (its first character looked ahead for:
# ``re`` then skips along to the next digit instead of trying both branches everywhere).
_SIGNATURE_DATE = re.compile(r"(?=[\d〇○零一二三四五六七八九])\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
                             r"|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月"
                             r"\s*[一二三四五六七八九十]{1,3}\s*日")
# A notice that is not 关于印发…: 河南省人民政府 关于明确…的通知, 山西省人民政府印发关于…的通知.
_ISSUER_OPENING = re.compile(r"\s*" + _ISSUER + r"(?:关于|印发)")
_TITLE_END = re.compile(r"的(?:通知|意见|决定|批复|函)")
_METADATA_LABEL = re.compile(r"(?:文件名称|文件标题|标题|名称|题名)")
# A page's metadata line (发布文号: …, 索引号: …, 发布日期: …): never the title.
_METADATA_LINE = re.compile(r"(?:发布)?(?:文号|发文字号|索引号|发布机构|发文机关|发布日期|发文日期|"
                            r"成文日期|主题分类|来源)\s*[:：]")
# A line that names a plan: short, no sentence in it, ending in a plan's word.
_NAMES_A_PLAN = re.compile(
    r"^[^。，,；;:：>|]{4,60}(?:方案|要点|计划|意见|通知|分工|清单|分解|措施|规划|安排|责任书|任务表|分解表)$")
# The start of a title that goes on on the next line (…办公厅关于印发广东省 / 工作要点的通知).
_TITLE_START = re.compile(r"关于|印发|《[^》]*$|办公厅$|人民政府$|办公室$|文件$")
_ISSUER_REACH = 200  # the most characters an issuer (and the spaces after it) may take
_YEAR_DIGITS = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}


@dataclass
class Header:
    title: str | None = None
    plan_title: str | None = None
    issuer: str | None = None
    published: str | None = None
    signed: str | None = None
    doc_number: str | None = None
    year: int | None = None


def iso_date(year: str, month: str, day: str) -> str:
    """ISO date from year, month, day strings.

    >>> iso_date("2015", "2", "17")
    '2015-02-17'
    """
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def match_signature(text: str, pos: int) -> tuple[int, str, str] | None:
    """A signature at ``pos``: (its end, issuer, ISO date).

    >>> match_signature("广州市人民政府办公厅\\n二○○六年四月二十八日", 0)
    (22, '广州市人民政府办公厅', '2006-04-28')
    """
    if m := SIGNATURE.match(text, pos):
        return m.end(), m.group(1), iso_date(*m.groups()[1:])
    if m := SIGNATURE_CN.match(text, pos):
        from loaders.numerals import parse_numeral

        year = "".join(_YEAR_DIGITS[ch] for ch in m.group(2))
        return m.end(), m.group(1), iso_date(year, str(parse_numeral(m.group(3))),
                                             str(parse_numeral(m.group(4))))
    return None


def signature_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every signature in ``text``, in order, not overlapping.

    >>> t = "请认真组织实施。福建省人民政府办公厅2015年2月17日2015年工作要点"
    >>> [t[a:b] for a, b in signature_spans(t)]
    ['福建省人民政府办公厅2015年2月17日']
    """
    spans: list[tuple[int, int]] = []
    last = 0
    for date in _SIGNATURE_DATE.finditer(text):
        lo = max(last, date.start() - _ISSUER_REACH)
        found = [m for pattern in (SIGNATURE, SIGNATURE_CN)
                 if (m := pattern.search(text, lo, date.end())) is not None
                 and m.end() > date.start()]
        if found:
            m = min(found, key=lambda f: f.start())
            spans.append((m.start(), m.end()))
            last = m.end()
    return spans


def search_signature(text: str) -> tuple[str, str] | None:
    """The first signature anywhere in ``text``: (issuer, ISO date)."""
    for m in re.finditer(_ISSUER, text):
        found = match_signature(text, m.start())
        if found:
            return found[1], found[2]
    return None


# How a news report opens (本网讯, 本报讯(记者 …)): its lede is no title.
_NEWS_OPENINGS: Final = ("本网讯", "本报讯", "新华社", "人民网", "央视网", "讯(记者", "讯（记者")


def read_header(header_text: str, signature: tuple[str, str] | None) -> Header:
    """Metadata from the header text; ``signature`` is (issuer, ISO date) when one was found."""
    h = Header()
    # A title broken over two lines (…领导小组关于\n印发…) reads as one.
    header_text = re.sub(r"(关于|印发)\s*\n\s*", r"\1", header_text)
    if m := NOTICE_TITLE_AT_START.search(header_text) or NOTICE_TITLE.search(header_text):
        # A page's metadata label glued before the title (文件名称关于印发…) is neither.
        label = len(lead.group()) if (lead := _METADATA_LABEL.match(m.group(1))) else 0
        h.title = m.group(0)[label:]
        h.issuer = m.group(1)[label:] or None
        h.plan_title = m.group(2).strip("《》")
    if m := PUBLISHED.search(header_text):
        h.published = iso_date(*m.groups())
    if m := DOC_NUMBER.search(header_text):
        # Text run on before the number (…工作要点的通知闽政办〔2017〕34号) is not part of it.
        h.doc_number = re.sub(r"^.*(通知|要点|方案|意见|决定|》)", "", re.sub(r"\s+", "", m.group(0)))
    if h.plan_title is None and (m := PLAN_TITLE.search(header_text)):
        h.plan_title = m.group(1)
    if h.plan_title:  # a title a page broke over lines (知识产权强\n国建设纲要) is one line
        h.plan_title = re.sub(r"\s*\n\s*", "", h.plan_title)
    if signature:
        h.issuer = h.issuer or signature[0]
        h.signed = signature[1]
    opening: str | None = None  # a first line that is a sentence, not a title
    if h.title is None:
        lines = [ln.strip() for ln in header_text.splitlines() if ln.strip()]
        first_line = lines[0] if lines else ""
        named = None
        metadata = _METADATA_LINE.match(first_line) is not None  # 发布文号: 黄政发〔2007〕7号
        if not _NAMES_A_PLAN.search(first_line) and not _TITLE_START.search(first_line):
            # Site navigation or metadata above the plan (电脑桌面, 索引号: …): the first of the
            # next few lines that names a plan, whole (not the end of a title broken over
            # lines), is its title.
            named = next((ln for before, ln in pairwise(lines[:8])
                          if _NAMES_A_PLAN.search(ln) and not _TITLE_START.search(before)), None)
        if named is not None:
            first_line = named
        elif metadata:
            first_line = ""  # no title on the page: the plan's title, if it names one
        elif m := _TITLE_END.search(first_line, 0, 120):  # a page run onto one line
            first_line = first_line[:m.end()]
        elif first_line.endswith((":", "：")):
            first_line = ""  # the addressees of a notice whose title the copy lost
        prose = "。" in first_line[:80] or first_line.startswith(_NEWS_OPENINGS)
        if prose and named is None and not metadata:
            # A sentence or a news report's lede: the page shows no title, and a 《…》 in the
            # sentence is a document it cites, not this plan (its year may still be the plan's).
            opening, first_line = first_line, ""
        h.title = first_line[:80] or (None if prose else h.plan_title)
        if h.issuer is None and (m := _ISSUER_OPENING.match(first_line)):
            h.issuer = m.group(1)
    for candidate in (h.plan_title, h.title, h.published, h.signed, h.doc_number, opening):
        if candidate and (m := YEAR.search(candidate) or re.match(r"(\d{4})-", candidate)
                          or re.search(r"[〔\[【［(（]\s*(\d{4})", candidate)):
            h.year = int(m.group(1))
            break
    return h


def document_id(header: Header, fallback: str, text: str) -> str:
    """Deterministic from what names the document (issuer, plan title, year) and from its
    text: loading the same text again replaces it, and two different texts are never one
    document, even when their issuer, title and year agree (a corrected copy is kept beside
    the first; the load says a title is loaded twice).

    >>> document_id(Header(issuer="甲", plan_title="乙", year=2015), "x.txt", "（一）丙。")
    'doc-2015-64731af2'
    """
    content = hashlib.sha256(text.encode("utf-8")).hexdigest()
    basis = "|".join([header.issuer or "", header.plan_title or header.title or fallback,
                      content])
    digest = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:8]
    return f"doc-{header.year or 0}-{digest}"
