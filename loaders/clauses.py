"""Responsibility clauses: ``（省发改委、数字办牵头，各有关部门负责）`` → agency roles.

Each rule is a small function: :func:`is_clause`, :func:`split_groups`, :func:`carry_prefix`,
:func:`roles_for_groups`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loaders.records import Relation
from loaders.registry import AgencyRegistry
from loaders.rules import load_rules


@dataclass(frozen=True)
class ClauseItem:
    raw: str  # as written
    name: str  # canonical name (registry), or the prefixed raw form when unknown
    known: bool
    start: int  # offset of ``raw`` in the source
    end: int


@dataclass(frozen=True)
class ClauseRole:
    item: ClauseItem
    relation: Relation
    verb: str


def _rules() -> dict[str, object]:
    return load_rules("rules")


@cache
def _verb_pattern() -> re.Pattern[str]:
    verbs = sorted(load_rules("rules")["verbs"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, verbs)))


@cache
def _separator_pattern() -> re.Pattern[str]:
    seps = load_rules("rules")["clause"]["separators"]
    return re.compile("|".join(map(re.escape, seps)))


def is_clause(inner: str) -> bool:
    """A bracket's content is a responsibility clause when it holds a marker word.

    >>> is_clause("省发改委、数字办负责"), is_clause("长乐"), is_clause("一期")
    (True, False, False)
    """
    return any(m in inner for m in load_rules("rules")["clause"]["markers"])


def split_groups(inner: str, offset: int = 0) -> list[tuple[list[tuple[str, int, int]], str | None]]:
    """Split a clause into (items, verb) groups; the verb closes the list before it.

    Items carry their source offsets (``offset`` is where ``inner`` starts). A trailing list
    with no verb gets ``None``.

    >>> [([i for i, _, _ in items], v) for items, v in split_groups("省发改委、数字办牵头，各有关部门负责")]
    [(['省发改委', '数字办'], '牵头'), (['各有关部门'], '负责')]
    """
    groups: list[tuple[list[tuple[str, int, int]], str | None]] = []
    pos = 0
    for m in _verb_pattern().finditer(inner):
        items = _split_items(inner[pos:m.start()], offset + pos)
        if items:
            groups.append((items, m.group()))
        pos = m.end()
    tail = _split_items(inner[pos:], offset + pos)
    if tail:
        groups.append((tail, None))
    return groups


def _split_items(segment: str, offset: int) -> list[tuple[str, int, int]]:
    items = []
    pos = 0
    for part in [*_separator_pattern().split(segment)]:
        start = segment.index(part, pos) if part else pos
        pos = start + len(part)
        stripped = part.strip()
        if stripped:
            lead = len(part) - len(part.lstrip())
            items.append((stripped, offset + start + lead, offset + start + lead + len(stripped)))
    return items


def carries_prefix(raw: str, registry: AgencyRegistry) -> bool:
    """Whether a bare item may take the prefix carried from an earlier item.

    Collectives (各…), local governments and bodies the registry knows under their own bare
    name (国脉公司, 福建银监局 …) do not.
    """
    rules = load_rules("rules")["agencies"]
    if any(raw.startswith(p) for p in rules["collective_prefixes"]):
        return False
    if any(re.search(p, raw) for p in rules["no_carry_patterns"]):
        return False
    known = registry.canonical(raw)
    return not (known is not None and not any(
        known.startswith(p) for p in rules["carry_prefixes"]))


def carry_prefix(raws: list[str], registry: AgencyRegistry) -> list[str]:
    """Apply the province prefix to bare department names that follow a prefixed item.

    >>> carry_prefix(["省政府法制办", "发改委", "数字办"], AgencyRegistry.bundled())
    ['省政府法制办', '省发改委', '省数字办']
    >>> carry_prefix(["省金融办", "人行福州中心支行", "福建银监局"], AgencyRegistry.bundled())
    ['省金融办', '人行福州中心支行', '福建银监局']
    """
    prefixes = load_rules("rules")["agencies"]["carry_prefixes"]
    out: list[str] = []
    carried: str | None = None
    for raw in raws:
        own = next((p for p in prefixes if raw.startswith(p)), None)
        if own is not None:
            carried = own
            out.append(raw)
        elif carried is not None and carries_prefix(raw, registry):
            out.append(carried + raw)
        else:
            out.append(raw)
    return out


def resolve_item(name: str, registry: AgencyRegistry) -> tuple[str, bool]:
    """Canonical name for a (prefixed) item; unknown names are kept as written."""
    canonical = registry.canonical(name)
    if canonical is not None:
        return canonical, True
    return name, False


def roles_for_groups(groups: list[tuple[list[tuple[str, int, int]], str | None]],
                     registry: AgencyRegistry) -> list[ClauseRole]:
    """Map verbs to relations: 牵头 → LEADS; 负责 → LEADS, or RESPONSIBLE_FOR when the clause
    names a 牵头 agency; 配合 → COOPERATES_ON; a list with no verb → LEADS.
    """
    verbs = load_rules("rules")["verbs"]
    has_lead = any(v is not None and verbs[v] == "lead" for _, v in groups)
    flat = [(item, verb) for items, verb in groups for item in items]
    names = carry_prefix([raw for (raw, _, _), _ in flat], registry)
    roles: list[ClauseRole] = []
    for ((raw, start, end), verb), prefixed in zip(flat, names, strict=True):
        kind = verbs[verb] if verb is not None else "lead"
        relation: Relation
        if kind == "lead":
            relation = "LEADS"
        elif kind == "responsible":
            relation = "RESPONSIBLE_FOR" if has_lead else "LEADS"
        else:
            relation = "COOPERATES_ON"
        name, known = resolve_item(prefixed, registry)
        roles.append(ClauseRole(ClauseItem(raw, name, known, start, end), relation, verb or ""))
    return roles


def read_clause(inner: str, offset: int, registry: AgencyRegistry) -> list[ClauseRole]:
    """All roles a clause states; ``offset`` is where ``inner`` starts in the source."""
    return roles_for_groups(split_groups(inner, offset), registry)
