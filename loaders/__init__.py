"""Documents → typed records. No graph or database code here.

A document is read in one pass (``loaders/read.py``): bytes → text (``source.py``) →
Simplified text with a map back (``normalize.py``) → tokens (``scan.py``) → outline
(``outline.py``) and tables (``tables.py``) → the reading profile that fits best
(``profiles/``) → tasks (``tasks.py``, ``tables.py``) → merged records (``assemble.py``,
``records.py``). Clauses are read by ``clauses.py`` with the registry (``agencies.py``) and
the issuing place (``locality.py``); infrastructure by ``infrastructure.py``. Words are data
(``data/*.toml``), not code. ``compiled.py`` puts the mypyc build of these modules in their
place when it was built from them as they are (``compile.py`` builds it).

>>> from loaders import read_document
>>> ex = read_document()                 # the bundled 《2015年数字福建工作要点》
>>> len(ex.tasks), ex.quality.missing_sections, ex.document.profile
(38, [4], 'verb-clause')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InputError
from loaders import compiled

COMPILED = compiled.enable(__path__)  # the mypyc build of the reader, when current

if TYPE_CHECKING:
    from loaders.agencies import AgencyRegistry
    from loaders.records import Extraction
    from loaders.source import SourceText

BUNDLED_DOCUMENT = Path(__file__).parent / "corpus" / "2015-digital-fujian-work-points.txt"

__all__ = ["BUNDLED_DOCUMENT", "COMPILED", "InputError", "clear_caches", "read_document", "read_text"]


def read_document(path: str | Path | None = None, registry: AgencyRegistry | None = None,
                  profile: str | None = None) -> Extraction:
    """Read one work-plan file (the bundled 2015 document by default) with the profile that
    fits it best, or the one named (``loaders.profiles.PROFILES``).

    Raises :class:`InputError` with a one-line message on bad input.
    """
    from loaders.source import read_source

    return read_text(read_source(path or BUNDLED_DOCUMENT), registry, profile)


def read_text(source: SourceText | str, registry: AgencyRegistry | None = None,
              profile: str | None = None) -> Extraction:
    """Read a plan already in memory (a :class:`~loaders.source.SourceText`, or plain text).

    Raises :class:`InputError` when it holds neither numbered tasks nor responsibility
    clauses.
    """
    from loaders import read

    return read.read_text(source, registry, profile)


def clear_caches() -> None:
    """Forget every reading cached by wording (clauses, mentions): benchmarks measure a
    document read cold."""
    from loaders import clauses, infrastructure

    clauses.clear_caches()
    infrastructure.clear_caches()
