"""2014–2015: 一、 sections, （一）…（四十九） tasks numbered on across sections, and verb clauses
such as （省发展改革委、省数字办负责，各部门配合）."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loaders.agencies import AgencyRegistry
from loaders.profiles.base import Features, is_two_level
from loaders.records import Extraction
from loaders.tasks import read_outline

if TYPE_CHECKING:
    from loaders.read import Parsed


class VerbClauseProfile:
    name = "verb-clause"
    description = "2014–2015 style: （一） tasks, clauses with verbs （…负责，…配合）"

    def score(self, f: Features) -> float:
        if not f.clauses:
            return 0.3 if is_two_level(f) else 0.05
        share = f.share(f.verb_only)
        return 0.5 + 0.45 * share if is_two_level(f) else 0.2 * share

    def read(self, parsed: Parsed, registry: AgencyRegistry) -> Extraction:
        return read_outline(parsed, registry, self.name)
