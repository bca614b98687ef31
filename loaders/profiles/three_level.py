"""2021–2025: 一、 sections, （一） sub-sections without clauses and 1. tasks that carry them;
sections whose only task is one unnumbered paragraph; clauses in 〔…〕 when they hold
brackets; lists ending in a collective (省发改委、数据管理局等省直有关单位)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loaders.agencies import AgencyRegistry
from loaders.profiles.base import Features, is_nested
from loaders.records import Extraction
from loaders.tasks import read_outline

if TYPE_CHECKING:
    from loaders.read import Parsed


class ThreeLevelProfile:
    name = "three-level"
    description = "2021–2025 style: 一、/（一）/1. with clauses on the 1. items or section paragraphs"

    def score(self, f: Features) -> float:
        if not is_nested(f):
            return 0.05
        if not f.clauses:
            return 0.3
        return 0.6 + 0.3 * (1 - f.share(f.lead_labelled))

    def read(self, parsed: Parsed, registry: AgencyRegistry) -> Extraction:
        return read_outline(parsed, registry, self.name)
