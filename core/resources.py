"""The files the code reads at run time, found the same way in a checkout and in a wheel.

``ontology.ttl``, ``shapes.ttl``, ``graphstyle.grass`` and ``guide/index.html`` sit at the
project root, where people look for them; ``core/data/`` links to each, and the wheel carries
them there as files, so :func:`path` works wherever the project is installed.

>>> path("ontology.ttl").name, path("ontology.ttl").is_file()
('ontology.ttl', True)
"""

from __future__ import annotations

from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Final

DISTRIBUTION: Final = "workplan-kg"
FILES: Final = ("ontology.ttl", "shapes.ttl", "graphstyle.grass", "guide.html")


def path(name: str) -> Path:
    """The packaged file ``name`` (one of :data:`FILES`)."""
    if name not in FILES:
        raise KeyError(f"no packaged file {name!r}; known: {', '.join(FILES)}")
    return Path(str(resources.files("core") / "data" / name))


def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


@cache
def version() -> str:
    """The installed distribution's version (one source: ``pyproject.toml``)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"
