"""A page reads the same however a site renders it: in Traditional script, with a blank line
after every line, with Windows line endings, with every line indented, or with its line breaks lost. The pages are real ones whose renderings were
once misread (a 接上頁 mark, a label broken by a wrap, a table whose rows lost their breaks);
the expected edges are the reader's on the page as stored, which its fixture holds to the
hand-read ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from opencc import OpenCC

from loaders import read_text
from loaders.read import as_source
from tests.helpers.paths import ROOT

REAL = ROOT / "tests" / "data" / "real"


def _traditional(text: str) -> str:
    return str(OpenCC("s2t").convert(text))


def _double_spaced(text: str) -> str:
    return text.replace("\n", "\n\n")


def _windows(text: str) -> str:
    return text.replace("\n", "\r\n")


def _indented(text: str) -> str:
    return "\n".join("\u3000\u3000" + line if line.strip() else line for line in text.split("\n"))


def _run_on(text: str) -> str:
    return text.replace("\n", "")


RENDERINGS: dict[str, Callable[[str], str]] = {
    "traditional": _traditional, "double-spaced": _double_spaced, "windows": _windows,
    "indented": _indented, "run-on": _run_on}

# (page, rendering): each pair was misread before the rule that now reads it.
CASES = [
    ("n7-sichuan-suining-2008-rebuild-plans-qiantou-sentences", "traditional"),  # [接上頁]
    ("n20-x-unknown-city-2022-digital-gov-plan-template-sale-site-square-bracket-qiantou-peihe-"
     "wrap-spaces", "traditional"),  # 完成時 間:
    ("n8-a-anhui-bozhou-qiaocheng-2025-report-table-spaces", "double-spaced"),
    ("n9-b-jilin-changchun-2005-women-children-points-agency-headings", "double-spaced"),
    ("n20-aa-anhui-2013-meteorology-bureau-sci-innovation-plan-zeren-label-next-line-glued-item",
     "double-spaced"),
    ("n8-a-anhui-bozhou-qiaocheng-2025-report-table-spaces", "windows"),
    ("n20-a-shanxi-yuncheng-2017-emergency-plan-split-group-clause-nested-brackets", "windows"),
    # 责任单位: on a line of its own, its list indented on the next
    ("n20-aa-anhui-2013-meteorology-bureau-sci-innovation-plan-zeren-label-next-line-glued-item",
     "indented"),
    ("n23-p2-jiangsu-baoying-2021-woweiqunzhong-banshishi-progress", "indented"),
    # a list broken inside a name (园区党工 / 委) whose second line is indented
    ("n20-c-beijing-shijingshan-2019-street-work-division-label-li", "indented"),
    # items numbered 1﹒ whose label lines run on into the next item
    ("n5-b-anhui-2022-key-work-xietong", "run-on"),
]


def _edges(text: str) -> set[tuple[int, str, str]]:
    return {(t.number, a.name, a.relation) for t in read_text(as_source(text, "page.txt")).tasks
            for a in t.agencies}


@pytest.mark.parametrize(("stem", "rendering"), CASES, ids=[f"{r}:{s[:40]}" for s, r in CASES])
def test_a_rendering_reads_as_the_page(stem: str, rendering: str) -> None:
    [path] = REAL.glob(f"{stem}*.txt")
    text = path.read_text(encoding="utf-8")
    expected = _edges(text)
    assert expected
    assert _edges(RENDERINGS[rendering](text)) == expected
