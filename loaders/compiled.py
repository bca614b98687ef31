"""The reader compiled to C with mypyc, used only while it matches the sources.

The reader's cost is Python's own work per clause, name and phrase, spread thin over many
small functions (no one of them is more than a twentieth of it); compiled, the same code
runs about 1.4 times fewer instructions a document and reads every page the same
(``tests/integration/test_compiled_reader.py`` compares the two).

``python -m loaders.compile`` (``make compiled``) builds the modules in :data:`MODULES` into
``build/compiled/`` and records a digest of their sources. ``import loaders`` puts that
folder first on the package's path only when the digest still matches: a source edited
since is read as Python, never as the stale build. ``KG_PURE_PYTHON=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Final

PACKAGE: Final = Path(__file__).resolve().parent
ROOT: Final = PACKAGE.parent
BUILD: Final = ROOT / "build" / "compiled"
DIGEST_FILE: Final = "SOURCES"
# The modules of the reading itself; records (pickled, shared with the graph), the source
# decoding and the rules loader stay Python.
MODULES: Final = ("agencies", "assemble", "clauses", "header", "infrastructure", "locality",
                  "normalize", "numerals", "outline", "scan", "tables", "tasks")


def source_digest() -> str:
    """What a build was made from: the modules' sources and the interpreter's ABI tag."""
    h = hashlib.sha256(sys.implementation.cache_tag.encode())
    for name in MODULES:
        h.update((PACKAGE / f"{name}.py").read_bytes())
    return h.hexdigest()


def is_current() -> bool:
    """Whether ``build/compiled`` holds a build of the sources as they are now."""
    try:
        recorded = (BUILD / DIGEST_FILE).read_text().strip()
    except OSError:
        return False
    return recorded == source_digest()


def enable(package_path: list[str]) -> bool:
    """Put the compiled modules first on ``loaders.__path__`` when they are current."""
    if os.environ.get("KG_PURE_PYTHON", "") not in ("", "0") or not is_current():
        return False
    package_path.insert(0, str(BUILD / "loaders"))
    sys.path.append(str(BUILD))  # their shared runtime, a top-level module
    return True
