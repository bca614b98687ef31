"""Headings that name the lead of the work under them: （一）省监察厅牵头的工作 / 二、市教育局负责
的重点任务. Every task below takes the heading's bodies as its lead unless it names a lead of its
own; a heading that names a person (孟学农省长负责的工作) gives no edge. And lists of duties under
their bodies as labels (卫生部:负责…), where a plan has nothing else."""

from __future__ import annotations

from loaders import read_text
from loaders.agencies import AgencyRegistry
from loaders.scan import heading_lead


def edges(text: str) -> set[tuple[str, str, str]]:
    return {(t.text[:6], a.name, a.relation) for t in read_text(text).tasks for a in t.agencies}


DIVISION = """2024年市政府重点工作任务分工方案
一、市发展改革委牵头的工作
1.编制全市新型基础设施建设规划。
2.推进政务云平台扩容。（市财政局配合）
3.建设城市大数据中心。（市大数据局牵头，市发展改革委配合）
二、王市长负责的工作
统筹推进全市重点项目建设。
（一）市教育局负责的重点任务
扩大普惠性学前教育资源供给，新建改扩建幼儿园20所。
（二）市卫生健康委负责的重点任务
1.建设全民健康信息平台。
2.推进县域医共体建设。（各区县政府配合）
"""


def test_every_task_under_a_lead_heading_takes_its_lead() -> None:
    assert edges(DIVISION) == {
        ("编制全市新型", "市发展改革委", "LEADS"),
        ("推进政务云平", "市发展改革委", "LEADS"), ("推进政务云平", "市财政局", "COOPERATES_ON"),
        # its own clause names the lead: the heading's body keeps only the role written there
        ("建设城市大数", "市大数据局", "LEADS"), ("建设城市大数", "市发展改革委", "COOPERATES_ON"),
        ("扩大普惠性学", "市教育局", "LEADS"),
        ("建设全民健康", "市卫生健康委", "LEADS"),
        ("推进县域医共", "市卫生健康委", "LEADS"), ("推进县域医共", "各区县政府", "COOPERATES_ON"),
    }


def test_a_person_heading_and_its_remit_are_no_task() -> None:
    texts = [t.text for t in read_text(DIVISION).tasks]
    assert not any("统筹推进全市重点项目" in t for t in texts)
    assert not any(a.name.startswith("王") for t in read_text(DIVISION).tasks for a in t.agencies)


def test_only_headings_that_name_bodies_are_read() -> None:
    reg = AgencyRegistry.bundled()
    assert heading_lead("省编办牵头的工作", reg) == (0, 3, 8)
    assert heading_lead("市发展改革委、市财政局牵头负责的工作任务", reg) == (0, 11, 20)
    assert heading_lead("县示范区管委会牵头工作(8项)", reg) == (0, 7, 15)
    for title in ("孟学农省长负责的工作", "需要各方共同负责的工作", "支持龙头企业牵头的工作",
                  "省审计厅牵头的工作要求和措施", "加强领导，明确负责的工作"):
        assert heading_lead(title, reg) is None, title


DUTIES = """国务院办公厅关于有关部门防治工作职责的通知
现将有关部门防治工作职责通知如下,请遵照执行。
卫生部:负责组织制定防治规划;负责疫情监测。
教育部:负责开展防治宣传教育活动。
财政部:负责安排防治经费。
联系电话:12345678
"""


def test_duties_under_their_bodies_are_tasks_they_lead() -> None:
    tasks = read_text(DUTIES).tasks
    assert [(t.text[:8], [(a.name, a.relation) for a in t.agencies]) for t in tasks] == [
        ("负责组织制定防治", [("卫生部", "LEADS")]),
        ("负责开展防治宣传", [("教育部", "LEADS")]),
        ("负责安排防治经费", [("财政部", "LEADS")]),
    ]
    assert tasks[-1].text == "负责安排防治经费。"  # 联系电话: is a label of no body: not a duty


def test_a_plan_with_clauses_is_not_read_as_duties() -> None:
    text = DUTIES.replace("负责安排防治经费。", "负责安排防治经费。（财政部负责）")
    assert [t.text for t in read_text(text).tasks][-1].endswith("负责安排防治经费。")


BY_BODY = """某市2024年重点工作任务分工
一、市发改委
1.推进重大项目建设。
2.做好价格监测工作。（市统计局配合）
二、市教育局
1.推进义务教育均衡发展。
2.加强教师队伍建设。（市人社局牵头）
三、组织保障
1.加强督查考核。（市政府督查室负责）
"""


def test_a_heading_that_is_only_a_body_leads_the_tasks_under_it() -> None:
    """A plan divided by body: each section heading names its body, which leads every task
    below that names no lead of its own; a heading that names no body gives nothing."""
    extraction = read_text(BY_BODY)
    assert {(t.label, a.name, a.relation) for t in extraction.tasks for a in t.agencies} == {
        ("1.1", "市发改委", "LEADS"), ("1.2", "市发改委", "LEADS"),
        ("1.2", "市统计局", "COOPERATES_ON"),
        ("2.1", "市教育局", "LEADS"), ("2.2", "市人社局", "LEADS"),
        ("3.1", "市政府督查室", "LEADS"),
    }


BY_NAME_LINES = """某市2005年妇女儿童发展规划工作要点
市教育局
一、继续巩固义务教育成果，小学入学率达到100%。
二、继续开展创建特色学校活动。
市卫生局
一、开展助产机构清理整顿工作，坚决打击非法接生。
二、继续加强妇女孕产期保健工作。
三、全面开展新生儿疾病筛查工作。
"""


def test_a_line_that_is_only_a_body_heads_the_items_after_it() -> None:
    """Items that restart at 一、 under each body's name are that body's, not copies of the
    first ones; each item's first sentence is its text."""
    extraction = read_text(BY_NAME_LINES)
    assert [(t.text[:8], [a.name for a in t.agencies]) for t in extraction.tasks] == [
        ("继续巩固义务教育", ["市教育局"]), ("继续开展创建特色", ["市教育局"]),
        ("开展助产机构清理", ["市卫生局"]), ("继续加强妇女孕产", ["市卫生局"]),
        ("全面开展新生儿疾", ["市卫生局"]),
    ]
    assert all(a.relation == "LEADS" for t in extraction.tasks for a in t.agencies)


ITEMS_UNDER_A_HEADING = """某省2013年政府工作报告重点工作分工
一、主要预期目标
（一）地区生产总值增长11%左右。（省发改委负责）
（二）公共财政收入增长13%左右。（省财政厅负责）
二、推进产业项目建设
（一）全力推进产业项目建设。
1.抓好600个省级重点产业项目。（省发改委主办，省工信委协办）2.重点抓好一批技术领先的项目。（省工信委主办，省发改委协办）
（二）加快发展服务业。（省商务厅负责）
"""


def test_items_with_their_own_clauses_under_a_heading_without_one_are_tasks() -> None:
    """(一) names no body; its items 1. and 2. each state who does what: they are the tasks."""
    extraction = read_text(ITEMS_UNDER_A_HEADING)
    assert {(t.text[:6], a.name, a.relation) for t in extraction.tasks for a in t.agencies} == {
        ("地区生产总值", "省发改委", "LEADS"), ("公共财政收入", "省财政厅", "LEADS"),
        ("抓好600个", "省发改委", "LEADS"), ("抓好600个", "省工信委", "COOPERATES_ON"),
        ("重点抓好一批", "省工信委", "LEADS"), ("重点抓好一批", "省发改委", "COOPERATES_ON"),
        ("加快发展服务", "省商务厅", "LEADS"),
    }
