"""Property-based tests: the loader never crashes, and copy order does not matter."""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import BUNDLED_DOCUMENT, read_text
from loaders.source import SourceText
from loaders.tasks import NoTasksFound

ALPHABET = st.sampled_from(list("（）()、，。；：省市各发改委数字办负责牵头配合平台网系统一二三四五六七八九十"
                                "建设升级完善福建长乐?·\n 1a“”《》"))


def _source(text: str) -> SourceText:
    return SourceText(text=text, name="t.txt", sha256="0" * 64, encoding="utf-8",
                      was_html=False)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(ALPHABET, max_size=300) | st.text(max_size=300))
def test_never_crashes(text: str) -> None:
    try:
        ex = read_text(_source(text))
    except NoTasksFound:
        return
    assert all(t.number >= 0 for t in ex.tasks)


def _passages(text: str) -> tuple[str, list[str]]:
    """Header and task passages (a marker up to the next marker) of a plain plan."""
    parts = re.split(r"(?=（[一二三四五六七八九十]+）)", text)
    return parts[0], parts[1:]


PLAN = ("某省人民政府办公厅关于印发2016年测试工作要点的通知发布日期:2016-03-01"
        "一、第一部分（一）建设甲平台。（省发改委、数字办负责）（二）升级乙系统。（省商务厅负责，各有关部门配合）"
        "（三）完善丙数据库。（省通信管理局牵头，各电信运营商负责）")


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.lists(st.integers(0, 2), max_size=4))
def test_shuffled_duplicates_merge_the_same(rnd: random.Random, dupes: list[int]) -> None:
    header, passages = _passages(PLAN)
    base = read_text(_source(PLAN))
    shuffled = passages + [passages[i] for i in dupes]
    first = shuffled[0]
    rest = shuffled[1:]
    rnd.shuffle(rest)
    noisy = read_text(_source(header + first + "".join(rest)))

    def key(ex):  # type: ignore[no-untyped-def]
        return [(t.number, t.text, sorted((a.name, a.relation) for a in t.agencies),
                 sorted(i.name for i in t.infrastructure), t.conflict) for t in ex.tasks]

    assert key(noisy) == key(base)


def test_bundled_passages_shuffled_give_the_same_tasks() -> None:
    text = BUNDLED_DOCUMENT.read_text(encoding="utf-8")
    base = read_text(_source(text))
    sections_free = re.sub(r"[一二三四五六]、[^（]{2,10}(?=（)", "", text)
    header_end = sections_free.index("（一）")
    header, body = sections_free[:header_end], sections_free[header_end:]
    passages = re.split(r"(?=（[一二三四五六七八九十]+）)", body)
    random.Random(7).shuffle(passages)
    noisy = read_text(_source(header + "".join(passages)))
    assert {t.number for t in noisy.tasks} == {t.number for t in base.tasks}
    for a, b in zip(base.tasks, noisy.tasks, strict=True):
        assert {(x.name, x.relation) for x in a.agencies} == {(x.name, x.relation)
                                                               for x in b.agencies}
        assert set(re.findall(r"[^。]+。", a.text)) == set(re.findall(r"[^。]+。", b.text))
