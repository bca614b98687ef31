"""Reading one work plan's text into an :class:`~loaders.records.Extraction`.

Kept as the entry point for text already in memory (benchmarks, property tests): it picks
the reading profile itself (:mod:`loaders.profiles`).
"""

from __future__ import annotations

from loaders.agencies import AgencyRegistry
from loaders.normalize import normalize
from loaders.outline_reader import NoTasksFound
from loaders.records import Extraction, Repair
from loaders.source import SourceText

__all__ = ["NoTasksFound", "read_text", "repair_text"]


def repair_text(text: str) -> tuple[str, list[Repair]]:
    """Normalise characters lost in conversion (数字福建?宽带工程 → 数字福建·宽带工程).

    >>> repair_text("数字福建?宽带工程")[0]
    '数字福建·宽带工程'
    """
    nt = normalize(text)
    return nt.text, [r for r in nt.repairs if r.kind != "pinyin-gloss"]


def read_text(source: SourceText, registry: AgencyRegistry | None = None,
              profile: str | None = None) -> Extraction:
    """Read a work plan's text with the best-fitting profile (or the one named)."""
    from loaders.profiles import read  # the profiles import the readers: import late

    return read(source, registry, profile)
