"""Documents → typed records. No graph or database code here.

>>> from loaders import read_document
>>> ex = read_document()                 # the bundled 《2015年数字福建工作要点》
>>> len(ex.tasks), ex.quality.missing_sections
(38, [4])
"""

from __future__ import annotations

from pathlib import Path

from loaders.errors import InputError
from loaders.reader import NoTasksFound, read_text
from loaders.records import Extraction
from loaders.registry import AgencyRegistry
from loaders.source import read_source

BUNDLED_DOCUMENT = Path(__file__).parent / "corpus" / "2015-digital-fujian-work-points.txt"

__all__ = ["BUNDLED_DOCUMENT", "Extraction", "InputError", "read_document"]


def read_document(path: str | Path | None = None,
                  registry: AgencyRegistry | None = None) -> Extraction:
    """Read one work-plan file (the bundled 2015 document by default).

    Raises :class:`InputError` with a one-line message on bad input.
    """
    source = read_source(path or BUNDLED_DOCUMENT)
    try:
        return read_text(source, registry)
    except NoTasksFound as exc:
        raise InputError(str(exc)) from exc
