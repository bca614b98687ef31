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

import contextlib
import gc
import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from loaders.agencies import AgencyRegistry
from loaders.normalize import NormalizedText, normalize
from loaders.outline import Outline, build_outline
from loaders.profiles import Features, choose_profile, features_of, get_profile, ranked
from loaders.records import Extraction
from loaders.source import SourceText
from loaders.tables import Table, find_tables
from loaders.tasks import NoTasksFound

# Python's cyclic collector while reading: a young collection every 20,000 allocations
# instead of 700. A reading makes tens of thousands of short-lived objects and leaves a few
# hundred in cycles; at 700 the collector ran about three times a document and took 5 % of
# reading the bundled plan. In `kg load`, whose readers hold their caches, the full
# collections that walk those caches (about 115 ms each) come about once a load instead of
# every 25 documents (the collector's share of a document fell from 7.8 ms of 33 to 2.3).
GC_THRESHOLDS: Final = (20_000, 10, 10)


class _Collector:
    """How many blocks run with :data:`GC_THRESHOLDS`, in every thread, and the thresholds
    to put back when the last one leaves."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inside = 0
        self.before = gc.get_threshold()


_collector = _Collector()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block (and any reader process it forks) with :data:`GC_THRESHOLDS`; blocks
    nest, in threads too: the first to enter sets them, the last to leave puts them back."""
    with _collector.lock:
        if _collector.inside == 0:
            _collector.before = gc.get_threshold()
            gc.set_threshold(*GC_THRESHOLDS)
        _collector.inside += 1
    try:
        yield
    finally:
        with _collector.lock:
            _collector.inside -= 1
            if _collector.inside == 0:
                gc.set_threshold(*_collector.before)


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
    with fewer_collections():
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


__all__ = ["GC_THRESHOLDS", "Parsed", "as_source", "choose_profile", "fewer_collections", "parse",
           "read_text"]
