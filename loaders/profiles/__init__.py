"""Reading profiles: one per family of plan formats, behind one interface.

>>> [p.name for p in PROFILES.values()]
['verb-clause', 'responsibility-label', 'three-level', 'lead-unit', 'table']
>>> choose("一、甲\\n（一）建设A平台。（省发改委负责）\\n（二）建设B系统。（省商务厅负责）").name
'verb-clause'

Every profile has a ``name``, a one-line ``description``, ``score(features) -> float``
(0 … 1) and ``read(parsed, registry) -> Extraction``. :func:`choose_profile` picks the
best-scoring one (the first registered wins a tie); :func:`loaders.read.read_text` reads with
it, and falls back to the next best when the chosen one finds no task. See ``README.md``
beside this file.
"""

from __future__ import annotations

from core.errors import InputError
from loaders.agencies import AgencyRegistry
from loaders.profiles.base import Features, Profile, features_of
from loaders.profiles.lead_unit import LeadUnitProfile
from loaders.profiles.responsibility_label import ResponsibilityLabelProfile
from loaders.profiles.table import TableProfile
from loaders.profiles.three_level import ThreeLevelProfile
from loaders.profiles.verb_clause import VerbClauseProfile

PROFILES: dict[str, Profile] = {p.name: p for p in (
    VerbClauseProfile(), ResponsibilityLabelProfile(), ThreeLevelProfile(), LeadUnitProfile(),
    TableProfile())}

__all__ = ["PROFILES", "Features", "Profile", "choose", "choose_profile", "features_of",
           "get_profile", "rank", "ranked"]


def get_profile(name: str) -> Profile:
    """The profile called ``name``; :class:`InputError` (exit code 2) for an unknown one."""
    try:
        return PROFILES[name]
    except KeyError:
        raise InputError(f"unknown profile {name!r}; known: {', '.join(PROFILES)}") from None


def ranked(f: Features) -> list[tuple[Profile, float]]:
    """Every profile with its score for a document's features, best first (registration
    order breaks ties)."""
    scored = [(p, round(p.score(f), 4)) for p in PROFILES.values()]
    return sorted(scored, key=lambda ps: -ps[1])


def choose_profile(f: Features) -> Profile:
    return ranked(f)[0][0]


def rank(text: str) -> list[tuple[Profile, float]]:
    """Every profile with its score for ``text`` (the text of a document), best first."""
    from loaders.read import as_source, parse

    return ranked(parse(as_source(text), AgencyRegistry.bundled()).features)


def choose(text: str) -> Profile:
    return rank(text)[0][0]
