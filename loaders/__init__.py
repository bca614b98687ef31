"""Documents → typed records. No graph or database code here.

A document is read with the reading profile that fits it best (``loaders/profiles``: verb
clauses of 2014–2015, 责任单位 clauses of 2017–2019, the three levels of 2021–2025,
牵头单位 / 责任单位 pairs of other places, task tables), after normalisation (Traditional →
Simplified, pinyin glosses stripped; ``loaders/normalize.py``).

>>> from loaders import read_document
>>> ex = read_document()                 # the bundled 《2015年数字福建工作要点》
>>> len(ex.tasks), ex.quality.missing_sections, ex.document.profile
(38, [4], 'verb-clause')
"""

from __future__ import annotations

from pathlib import Path

from core.errors import InputError
from loaders.agencies import AgencyRegistry
from loaders.outline_reader import NoTasksFound
from loaders.records import Extraction
from loaders.source import read_source

BUNDLED_DOCUMENT = Path(__file__).parent / "corpus" / "2015-digital-fujian-work-points.txt"

__all__ = ["BUNDLED_DOCUMENT", "Extraction", "InputError", "read_document"]


def read_document(path: str | Path | None = None, registry: AgencyRegistry | None = None,
                  profile: str | None = None) -> Extraction:
    """Read one work-plan file (the bundled 2015 document by default) with the profile that
    fits it best, or the one named (``loaders.profiles.PROFILES``).

    Raises :class:`InputError` with a one-line message on bad input.
    """
    from loaders.profiles import read

    source = read_source(path or BUNDLED_DOCUMENT)
    try:
        return read(source, registry, profile)
    except NoTasksFound as exc:
        raise InputError(str(exc)) from exc
