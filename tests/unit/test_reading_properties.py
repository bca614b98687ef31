"""Property tests of the reading of tables (every layout, merged cells) and of plans that
number none of their tasks: generated plans whose every task and role is known by
construction."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import read_text
from loaders.records import Extraction

LEADS = ["省发改委", "省财政厅", "省商务厅", "省教育厅", "省数据管理局", "省通信管理局"]
PARTNERS = ["省公安厅", "省民政厅", "各设区市政府", "省直有关部门", "各电信运营商"]
TASKS = ["建设全省统一的电子证照库", "推进政务外网扩容改造", "完善公共数据开放平台",
         "推动工业互联网平台建设", "建设社区养老服务平台", "扩大光纤宽带网络覆盖",
         "推进公共信用信息共享", "实施数字经济领跑行动"]
Edges = set[tuple[int, str, str]]


@dataclass
class Row:
    task: str
    lead: str | None  # None: the unit cell is merged with the one above
    partner: str | None


@st.composite
def table_rows(draw: st.DrawFn) -> list[Row]:
    count = draw(st.integers(2, 6))
    tasks = draw(st.lists(st.sampled_from(TASKS), min_size=count, max_size=count, unique=True))
    rows = []
    for k, task in enumerate(tasks):
        merged = k > 0 and draw(st.booleans())
        rows.append(Row(task + "。", None if merged else draw(st.sampled_from(LEADS)),
                        None if merged else draw(st.sampled_from(PARTNERS))))
    return rows


def expected_edges(rows: list[Row]) -> tuple[Edges, set[int]]:
    """Edges by task number, and the numbers whose units came from the row above."""
    edges: Edges = set()
    inherited: set[int] = set()
    lead = partner = ""
    for number, row in enumerate(rows, start=1):
        if row.lead is None:
            inherited.add(number)
        else:
            lead, partner = row.lead, row.partner or ""
        edges |= {(number, lead, "LEADS"), (number, partner, "COOPERATES_ON")}
    return edges, inherited


def layouts(rows: list[Row]) -> dict[str, str]:
    header = ["序号", "工作任务", "牵头单位", "配合单位"]
    cells = [[str(k), r.task, r.lead or "", r.partner or ""] for k, r in enumerate(rows, 1)]
    return {
        "tab rows": "\n".join("\t".join(c) for c in [header, *cells]),
        "pipe rows": "\n".join("| " + " | ".join(c) + " |" for c in [header, *cells]),
        "one cell a line": "\n|\n".join(c for row in [header, *cells] for c in row if c),
    }


def edges_of(ex: Extraction) -> tuple[Edges, set[int]]:
    edges = {(t.number, a.name, a.relation) for t in ex.tasks for a in t.agencies}
    inherited = {t.number for t in ex.tasks if t.agencies and all(a.inherited for a in t.agencies)}
    return edges, inherited


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=table_rows())
def test_tables_with_merged_cells_read_alike_in_every_layout(rows: list[Row]) -> None:
    expected = expected_edges(rows)
    for layout, text in layouts(rows).items():
        got = edges_of(read_text("2024年重点工作任务分工\n" + text))
        assert got == expected, layout


@st.composite
def unnumbered_plans(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]]]:
    """Action headings over paragraphs each closed by a 责任单位 clause, some behind a
    bullet; and the (task, lead) pairs they state."""
    tasks = draw(st.lists(st.sampled_from(TASKS), min_size=1, max_size=6, unique=True))
    lines = ["2025年数字化工作要点", "为推进数字化建设，制定本要点。"]
    stated = []
    for k, task in enumerate(tasks):
        if k == 0 or draw(st.booleans()):
            lines.append("实施数字基础能力提升行动" if k % 2 else "实施数字赋能行动")
        lead = draw(st.sampled_from(LEADS))
        bullet = draw(st.sampled_from(["", "● ", "? "]))
        lines.append(f"{bullet}{task}，加快推进。（责任单位：{lead}）")
        stated.append((task, lead))
    return "\n".join(lines) + "\n", stated


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=unnumbered_plans())
def test_paragraphs_closed_by_clauses_are_tasks(plan: tuple[str, list[tuple[str, str]]]) -> None:
    text, stated = plan
    ex = read_text(text)
    got = [(t.text.split("，")[0], [(a.name, a.relation) for a in t.agencies]) for t in ex.tasks]
    assert got == [(task, [(lead, "LEADS")]) for task, lead in stated]
