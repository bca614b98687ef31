"""Reading profiles: one per family of plan formats, behind one interface.

>>> [p.name for p in PROFILES.values()]
['verb-clause', 'responsibility-label', 'three-level', 'lead-unit', 'table']
>>> choose("一、甲\\n（一）建设A平台。（省发改委负责）\\n（二）建设B系统。（省商务厅负责）").name
'verb-clause'

Every profile has a ``name``, a one-line ``description``, ``score(text) -> float`` (0 … 1)
and ``read(source, registry) -> Extraction``. :func:`choose` picks the best-scoring one
(the first registered wins a tie); :func:`read` reads with it, and falls back to the next
best when the chosen one finds no task. See ``README.md`` beside this file.
"""

from __future__ import annotations

from core.errors import InputError
from loaders.agencies import AgencyRegistry
from loaders.outline_reader import NoTasksFound
from loaders.profiles.base import Features, Profile, features
from loaders.profiles.lead_unit import LeadUnitProfile
from loaders.profiles.responsibility_label import ResponsibilityLabelProfile
from loaders.profiles.table import TableProfile
from loaders.profiles.three_level import ThreeLevelProfile
from loaders.profiles.verb_clause import VerbClauseProfile
from loaders.records import Extraction
from loaders.source import SourceText

PROFILES: dict[str, Profile] = {p.name: p for p in (
    VerbClauseProfile(), ResponsibilityLabelProfile(), ThreeLevelProfile(), LeadUnitProfile(),
    TableProfile())}

__all__ = ["PROFILES", "Features", "Profile", "choose", "features", "get_profile", "rank",
           "read"]


def get_profile(name: str) -> Profile:
    """The profile called ``name``; :class:`InputError` (exit code 2) for an unknown one."""
    try:
        return PROFILES[name]
    except KeyError:
        raise InputError(f"unknown profile {name!r}; known: {', '.join(PROFILES)}") from None


def rank(text: str) -> list[tuple[Profile, float]]:
    """Every profile with its score, best first (registration order breaks ties)."""
    scored = [(p, round(p.score(text), 4)) for p in PROFILES.values()]
    return sorted(scored, key=lambda ps: -ps[1])


def choose(text: str) -> Profile:
    return rank(text)[0][0]


def read(source: SourceText, registry: AgencyRegistry | None = None,
         profile: str | None = None) -> Extraction:
    """Read with the named profile, or with the best-scoring one that finds tasks."""
    registry = registry or AgencyRegistry.bundled()
    if profile is not None:
        return get_profile(profile).read(source, registry)
    first_error: NoTasksFound | None = None
    for candidate, _ in rank(source.text):
        try:
            return candidate.read(source, registry)
        except NoTasksFound as exc:
            first_error = first_error or exc
    assert first_error is not None
    raise first_error
