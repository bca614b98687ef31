"""Merging the copies of a task and placing tasks in sections."""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.records import SectionRecord

_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


def sentences(text: str) -> list[str]:
    """Sentences of a task text, each with its closing mark.

    >>> sentences("建设A平台。推广B系统。")
    ['建设A平台。', '推广B系统。']
    """
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def merge_texts(texts: Iterable[str]) -> str:
    """The distinct sentences of all copies, in order of first appearance.

    >>> merge_texts(["甲。", "甲。乙。", "乙。丙"])
    '甲。乙。丙'
    """
    seen: dict[str, None] = {}
    for text in texts:
        for sentence in sentences(text):
            seen.setdefault(_key(sentence), None)
    return "".join(seen)


def _key(sentence: str) -> str:
    return re.sub(r"\s+", "", sentence)


def title_of(text: str) -> str:
    """A task's title: its first clause, up to the first comma or full stop.

    >>> title_of("升级现有政务云平台，加快建设……")
    '升级现有政务云平台'
    """
    m = re.match(r"[^，。；！？,;]+", text)
    return (m.group() if m else text).strip()


def is_conflict(clause_sets: list[str]) -> bool:
    """Copies conflict when two of them carry different clauses (a copy without one does not).

    >>> is_conflict(["（甲负责）", "（甲负责）", ""]), is_conflict(["（甲负责）", "（乙负责）"])
    (False, True)
    """
    return len({_key(c) for c in clause_sets if c}) > 1


def assign_sections(sections: list[SectionRecord], task_numbers: Iterable[int]
                    ) -> tuple[dict[int, int | None], list[int]]:
    """Each task's section, and the tasks whose section cannot be known.

    A section holds the numbers from its first task up to the next section's first task.
    When the next heading in numbering is lost (三 then 五), the tasks after the first one
    of the section before the gap could belong to either: they get no section.

    >>> secs = [SectionRecord(number=1, title="a", first_task=1),
    ...         SectionRecord(number=3, title="c", first_task=16),
    ...         SectionRecord(number=5, title="e", first_task=32)]
    >>> placed, uncertain = assign_sections(secs, [1, 15, 16, 17, 32, 40])
    >>> placed
    {1: 1, 15: None, 16: 3, 17: None, 32: 5, 40: 5}
    """
    known = sorted((s for s in sections if s.first_task is not None),
                   key=lambda s: s.first_task or 0)
    numbers = {s.number for s in sections if s.title is not None or s.first_task is not None}
    placed: dict[int, int | None] = {}
    uncertain: list[int] = []
    for n in sorted(set(task_numbers)):
        owner = None
        for s in known:
            if s.first_task is not None and s.first_task <= n:
                owner = s
        if owner is None:
            placed[n] = None
            uncertain.append(n)
            continue
        gap_after = (owner.number + 1) not in numbers and any(
            s.number > owner.number for s in known)
        if n != owner.first_task and gap_after:
            placed[n] = None
            uncertain.append(n)
        else:
            placed[n] = owner.number
    return placed, uncertain
