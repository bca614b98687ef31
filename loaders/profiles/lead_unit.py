"""Other provinces and cities: 牵头单位 / 责任单位 pairs — （牵头单位：市行政审批服务局；责任单位：
市直有关部门，各区市政府）, （牵头责任单位：…；相关责任单位：…）, 配合单位 — on items at any
level. City prefixes carry like the province's (市大数据委、工信局 → 市工信局); city bodies keep
that short name and are keyed by the issuing city (福州市大数据委)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loaders.agencies import AgencyRegistry
from loaders.profiles.base import Features
from loaders.records import Extraction
from loaders.tasks import read_outline

if TYPE_CHECKING:
    from loaders.read import Parsed


class LeadUnitProfile:
    name = "lead-unit"
    description = "牵头单位 / 责任单位 / 配合单位 labelled clauses (other places), any numbering"

    def score(self, f: Features) -> float:
        share = f.share(f.lead_labelled)
        return 0.55 + 0.4 * share if share >= 0.3 else 0.3 * share

    def read(self, parsed: Parsed, registry: AgencyRegistry) -> Extraction:
        return read_outline(parsed, registry, self.name)
