"""Reading one plan, in order: normalise the text, scan it once, nest the outline, find the
tables, pick the reading profile, read the tasks.

Every step runs once per document: :func:`parse` computes what the profiles score and read
(:class:`Parsed`), and the chosen profile reads from it.

>>> from loaders.source import SourceText
>>> ex = read_text("一、甲\\n（一）建设A平台。（省发改委负责）\\n（二）建设B系统。（省商务厅负责）")
>>> [(t.number, [a.name for a in t.agencies]) for t in ex.tasks], ex.document.profile
([(1, ['省发改委']), (2, ['省商务厅'])], 'verb-clause')
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from loaders.agencies import AgencyRegistry
from loaders.normalize import NormalizedText, normalize
from loaders.outline import Outline, build_outline
from loaders.profiles import Features, choose_profile, features_of, get_profile, ranked
from loaders.records import Extraction
from loaders.source import SourceText
from loaders.tables import Table, find_tables
from loaders.tasks import NoTasksFound


@dataclass
class Parsed:
    """A document read as far as every profile needs: normalised, scanned, outlined."""

    source: SourceText
    nt: NormalizedText
    outline: Outline
    tables: list[Table]
    features: Features


def parse(source: SourceText, registry: AgencyRegistry) -> Parsed:
    nt = normalize(source.text)
    outline = build_outline(nt.text, registry)
    tables = find_tables(nt.text)
    return Parsed(source, nt, outline, tables, features_of(nt.text, outline, tables))


def as_source(text: str, name: str = "text") -> SourceText:
    r"""Text already in memory as a source (no file behind it). Line endings become ``\n``, as
    a file's do (a page saved on Windows reads the same); evidence indexes that text.

    >>> as_source("1.推进。\r\n2.落实。\r3.").text
    '1.推进。\n2.落实。\n3.'
    """
    data = text.encode("utf-8")
    return SourceText(text=text.replace("\r\n", "\n").replace("\r", "\n"), name=name,
                      sha256=hashlib.sha256(data).hexdigest(), encoding="utf-8", was_html=False)


def read_text(source: SourceText | str, registry: AgencyRegistry | None = None,
              profile: str | None = None) -> Extraction:
    """Read a plan with the named profile, or with the best-scoring one that finds tasks."""
    registry = registry or AgencyRegistry.bundled()
    if isinstance(source, str):
        source = as_source(source)
    parsed = parse(source, registry)
    if profile is not None:
        return get_profile(profile).read(parsed, registry)
    first_error: NoTasksFound | None = None
    for candidate, _ in ranked(parsed.features):
        try:
            return candidate.read(parsed, registry)
        except NoTasksFound as exc:
            first_error = first_error or exc
    assert first_error is not None
    raise first_error


__all__ = ["Parsed", "as_source", "choose_profile", "parse", "read_text"]
