"""Task tables: columns such as 序号 / 工作任务 / 牵头单位 / 责任单位 / 配合单位, as tab-, comma- or
pipe-separated text or an HTML <table>; an empty cell repeats the one above."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loaders.agencies import AgencyRegistry
from loaders.profiles.base import Features
from loaders.records import Extraction
from loaders.tables import read_table

if TYPE_CHECKING:
    from loaders.read import Parsed


class TableProfile:
    name = "table"
    description = "task tables (工作任务 | 牵头单位 | 责任单位), TSV / CSV / pipe / HTML"

    def score(self, f: Features) -> float:
        if f.table_rows >= 2 and f.table_rows >= f.clauses:
            return 0.97
        return 0.3 if f.table_rows else 0.0

    def read(self, parsed: Parsed, registry: AgencyRegistry) -> Extraction:
        return read_table(parsed, registry, self.name)
