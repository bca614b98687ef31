"""The agency registry (``data/agencies.toml``): canonical names, aliases, kinds.

>>> reg = AgencyRegistry.bundled()
>>> reg.canonical("发改委"), reg.canonical("省发展改革委")
('省发改委', '省发改委')
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from loaders.records import AgencyRecord
from loaders.rules import DATA_DIR


def name_key(name: str) -> str:
    """The form names are compared in: no spaces, brackets full-width.

    >>> name_key("各县(市）区 人民政府")
    '各县（市）区人民政府'
    """
    return "".join(name.split()).replace("(", "（").replace(")", "）")


class AgencyRegistry:
    def __init__(self, records: list[AgencyRecord],
                 successors: dict[str, tuple[str, int | None]] | None = None) -> None:
        self.records = {r.name: r for r in records}
        self.successors = successors or {}
        self._lookup: dict[str, str] = {}
        for r in records:
            for alias in r.aliases:
                self._lookup.setdefault(name_key(alias), r.name)
        for r in records:  # a canonical name always wins over an alias
            self._lookup[name_key(r.name)] = r.name

    @classmethod
    def from_file(cls, path: Path) -> AgencyRegistry:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        records, successors = [], {}
        for entry in data.get("agency", []):
            records.append(AgencyRecord(
                name=entry["name"], full_name=entry.get("full_name"),
                name_en=entry.get("name_en"), kind=entry.get("kind", "unknown"),
                aliases=list(entry.get("aliases", [])),
            ))
            if "succeeded_by" in entry:
                successors[entry["name"]] = (entry["succeeded_by"], entry.get("succeeded_year"))
        return cls(records, successors)

    @classmethod
    def bundled(cls) -> AgencyRegistry:
        return _bundled_registry()

    def canonical(self, name: str) -> str | None:
        """Canonical short name for a name or alias, or None when the registry lacks it."""
        return self._lookup.get(name_key(name))

    def get(self, name: str) -> AgencyRecord | None:
        canonical = self.canonical(name)
        return self.records[canonical] if canonical else None

    def record_for(self, canonical_name: str) -> AgencyRecord:
        """The registry record, or an ``unknown`` record for a name the registry lacks."""
        return self.records.get(canonical_name) or AgencyRecord(name=canonical_name)


@cache
def _bundled_registry() -> AgencyRegistry:
    return AgencyRegistry.from_file(DATA_DIR / "agencies.toml")


def successor_edges(registry: AgencyRegistry) -> list[tuple[str, str, int | None]]:
    """(agency, successor, year) for every body the registry says was renamed or merged.

    Only successions confirmed from a source are in ``data/agencies.toml``.

    >>> ("省卫计委", "省卫健委", 2018) in successor_edges(AgencyRegistry.bundled())
    True
    """
    return sorted((name, succ, year) for name, (succ, year) in registry.successors.items())
