"""Scoring the reader on real pages: excerpts of published plans in ``tests/data/real/``.

Each ``<slug>.txt`` is an excerpt as a public web page carries it; ``<slug>.toml`` holds what
a careful reader finds in it, written by reading (source address, family, and per task the
first characters of its text and the agencies by role). :func:`score` compares the reader's
agency edges with those: an edge is (task, agency, relation); a task is matched by the first
characters of its text. ``python -m tests.helpers.real_pages`` prints precision, recall and F1 per
family and per page.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from loaders import read_document
from loaders.agencies import AgencyRegistry
from loaders.records import Extraction
from tests.helpers.paths import DATA

REAL = DATA / "real"
RELATIONS = ("LEADS", "RESPONSIBLE_FOR", "COOPERATES_ON")
Edge = tuple[int, str, str]  # (index of the expected task, or -1 - read task, agency, relation)


def pages() -> list[Path]:
    """The expectation files, sorted by name."""
    return sorted(REAL.glob("*.toml"))


def expectation(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def name_form(name: str) -> str:
    """The form agency names are compared in: no spaces, full-width brackets, and the
    registry's name for a name it lists as an alias (省发展改革委 and 省发改委 are one name)."""
    name = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
    return AgencyRegistry.bundled().canonical(name) or name


def text_form(text: str) -> str:
    """Task texts are compared without spaces and with full-width punctuation."""
    text = re.sub(r"\s+", "", text)
    return text.translate(str.maketrans("(),:;", "（），：；"))


@dataclass
class PageScore:
    slug: str
    family: str
    expected: set[Edge] = field(default_factory=set)
    found: set[Edge] = field(default_factory=set)
    unmatched_tasks: list[str] = field(default_factory=list)
    error: str | None = None
    task_starts: list[str] = field(default_factory=list)  # of the expected tasks, in order
    # Tasks that name a section the reading does not hold (a graph would get a bare node).
    dangling_sections: list[int] = field(default_factory=list)

    @property
    def true_positives(self) -> int:
        return len(self.expected & self.found)

    def missed(self) -> set[Edge]:
        return self.expected - self.found

    def invented(self) -> set[Edge]:
        return self.found - self.expected


def match_tasks(ex: Extraction, tasks: list[dict[str, Any]]) -> dict[int, int]:
    """Read task index → expected task index, by the expected first characters of its text."""
    texts = [text_form(t.text) for t in ex.tasks]
    matched: dict[int, int] = {}
    for j, task in enumerate(tasks):
        key = text_form(task["starts"])
        for i, text in enumerate(texts):
            if i not in matched and key in text:
                matched[i] = j
                break
    return matched


@cache  # each page is scored by its own test and by the tests over all pages: read once
def score_page(path: Path) -> PageScore:
    spec = expectation(path)
    tasks = spec.get("task", [])
    result = PageScore(path.stem, spec.get("family", "?"),
                       task_starts=[t["starts"] for t in tasks])
    for j, task in enumerate(tasks):
        for relation in RELATIONS:
            for name in task.get(relation, []):
                result.expected.add((j, name_form(name), relation))
    try:
        ex = read_document(path.with_suffix(".txt"))
    except Exception as exc:  # the score records a refusal as every edge missed
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    sections = {sec.number for sec in ex.sections}
    result.dangling_sections = [t.number for t in ex.tasks
                                if t.section is not None and t.section not in sections]
    matched = match_tasks(ex, tasks)
    found_tasks = set(matched.values())
    result.unmatched_tasks = [t["starts"] for j, t in enumerate(tasks) if j not in found_tasks]
    for i, task in enumerate(ex.tasks):
        j = matched.get(i, -1 - i)
        for role in task.agencies:
            result.found.add((j, name_form(role.name), role.relation))
    return result


def prf(tp: int, expected: int, found: int) -> tuple[float, float, float]:
    precision = tp / found if found else (1.0 if not expected else 0.0)
    recall = tp / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(paths: list[Path] | None = None) -> list[PageScore]:
    return [score_page(p) for p in (paths or pages())]


def report(scores: list[PageScore], detail: bool = False) -> str:
    lines = []
    by_family: dict[str, list[PageScore]] = defaultdict(list)
    for s in scores:
        by_family[s.family].append(s)
    lines.append(f"{'family':<14}{'pages':>6}{'edges':>7}{'P':>7}{'R':>7}{'F1':>7}")
    rows = [*sorted(by_family.items()), ("all", scores)]
    for family, group in rows:
        tp = sum(s.true_positives for s in group)
        exp = sum(len(s.expected) for s in group)
        got = sum(len(s.found) for s in group)
        p, r, f = prf(tp, exp, got)
        lines.append(f"{family:<14}{len(group):>6}{exp:>7}{p:>7.3f}{r:>7.3f}{f:>7.3f}")
    lines.append("")
    for s in scores:
        p, r, f = prf(s.true_positives, len(s.expected), len(s.found))
        flag = "" if f == 1.0 else "  <"
        lines.append(f"{s.slug:<48}{len(s.expected):>4}{p:>7.2f}{r:>7.2f}{f:>7.2f}{flag}"
                     + (f"  {s.error}" if s.error else ""))
        if detail and f < 1.0:
            for t in s.unmatched_tasks:
                lines.append(f"      task not found: {t}")
            for e in sorted(s.missed()):
                lines.append(f"      missed   {e}")
            for e in sorted(s.invented()):
                lines.append(f"      invented {e}")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m tests.helpers.real_pages [-v] [slug …]
    args = [a for a in sys.argv[1:] if a != "-v"]
    chosen = [REAL / f"{a}.toml" for a in args] or None
    print(report(score(chosen), detail="-v" in sys.argv))
