"""2017–2019: （一） tasks with 责任单位 clauses — （责任单位：省通信管理局、发改委牵头，省直有关部门配合）,
（责任单位：各电信运营企业） with no verb (the listed agencies lead), and a clause after each
sentence of a task (the task's responsibilities are their union)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loaders.agencies import AgencyRegistry
from loaders.profiles.base import Features, is_two_level
from loaders.records import Extraction
from loaders.tasks import read_outline

if TYPE_CHECKING:
    from loaders.read import Parsed


class ResponsibilityLabelProfile:
    name = "responsibility-label"
    description = "2017–2019 style: （一） tasks, （责任单位：…牵头，…配合） clauses"

    def score(self, f: Features) -> float:
        share = f.share(f.responsibility_labelled)
        return 0.5 + 0.45 * share if is_two_level(f) and share else 0.2 * share

    def read(self, parsed: Parsed, registry: AgencyRegistry) -> Extraction:
        return read_outline(parsed, registry, self.name)
