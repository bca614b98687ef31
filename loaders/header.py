"""Document metadata from the header: notice title, issuer, dates, 文号, plan title."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

NOTICE_TITLE = re.compile(r"([\u4e00-\u9fff]{2,40}?)关于印发(.{2,60}?)的通知")
PUBLISHED = re.compile(r"发布日期\s*[:：]\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[【［(（]\s*\d{4}\s*[〕\]】］)）]\s*\d{1,4}\s*号")
PLAN_TITLE = re.compile(r"《([^《》]{2,60}?)》")
YEAR = re.compile(r"(\d{4})\s*年")


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


def read_header(header_text: str, signature: tuple[str, str] | None) -> Header:
    """Metadata from the header text; ``signature`` is (issuer, ISO date) when one was found."""
    h = Header()
    if m := NOTICE_TITLE.search(header_text):
        h.title = m.group(0)
        h.issuer = m.group(1)
        h.plan_title = m.group(2).strip("《》")
    if m := PUBLISHED.search(header_text):
        h.published = iso_date(*m.groups())
    if m := DOC_NUMBER.search(header_text):
        h.doc_number = re.sub(r"\s+", "", m.group(0))
    if h.plan_title is None and (m := PLAN_TITLE.search(header_text)):
        h.plan_title = m.group(1)
    if signature:
        h.issuer = h.issuer or signature[0]
        h.signed = signature[1]
    if h.title is None:
        first_line = next((ln.strip() for ln in header_text.splitlines() if ln.strip()), "")
        h.title = first_line[:80] or h.plan_title
    for candidate in (h.plan_title, h.title, h.published, h.signed):
        if candidate and (m := YEAR.search(candidate) or re.match(r"(\d{4})-", candidate)):
            h.year = int(m.group(1))
            break
    return h


def document_id(header: Header, fallback: str) -> str:
    """Deterministic from what names the document (issuer, plan title, year), not from its
    bytes: a corrected copy of the same plan replaces the old one on reload.

    >>> document_id(Header(issuer="甲", plan_title="乙", year=2015), "x.txt")
    'doc-2015-e07bb754'
    """
    basis = "|".join([header.issuer or "", header.plan_title or header.title or fallback])
    digest = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:8]
    return f"doc-{header.year or 0}-{digest}"
