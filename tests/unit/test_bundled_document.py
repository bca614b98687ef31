"""The bundled 2015 plan, checked against a reading of the document by hand.

Every expected value below was written down from reading
``loaders/corpus/2015-digital-fujian-work-points.txt``, not from running the loader.
"""

from __future__ import annotations

import pytest

from loaders import BUNDLED_DOCUMENT, read_document
from loaders.infrastructure import head_of
from loaders.records import Extraction, TaskRecord

L, R, C = "LEADS", "RESPONSIBLE_FOR", "COOPERATES_ON"


@pytest.fixture(scope="module")
def ex() -> Extraction:
    return read_document()


@pytest.fixture(scope="module")
def tasks(ex: Extraction) -> dict[int, TaskRecord]:
    return {t.number: t for t in ex.tasks}


def roles(task: TaskRecord) -> set[tuple[str, str]]:
    return {(a.name, a.relation) for a in task.agencies}


def infra(task: TaskRecord) -> set[tuple[str, str]]:
    return {(i.name, i.kind) for i in task.infrastructure}


def test_header(ex: Extraction) -> None:
    d = ex.document
    assert d.title == "福建省人民政府办公厅关于印发2015年数字福建工作要点的通知"
    assert d.plan_title == "2015年数字福建工作要点"
    assert (d.issuer, d.year, d.published, d.signed) == (
        "福建省人民政府办公厅", 2015, "2015-02-28", "2015-02-17")


def test_the_38_task_numbers(ex: Extraction) -> None:
    present = [*range(1, 24), 26, 27, 30, 31, 32, 35, 36, 39, 40, 42, 43, 44, 45, 48, 49]
    assert [t.number for t in ex.tasks] == present
    assert ex.quality.missing_tasks == [24, 25, 28, 29, 33, 34, 37, 38, 41, 46, 47]


def test_sections(ex: Extraction, tasks: dict[int, TaskRecord]) -> None:
    assert [(s.number, s.title, s.first_task) for s in ex.sections] == [
        (1, "推进改革创新", 1), (2, "提升基础设施", 7), (3, "发展信息经济", 16),
        (4, None, None), (5, "拓展政务应用", 32), (6, "强化实施保障", 44)]
    assert ex.quality.missing_sections == [4]
    expected = {**dict.fromkeys(range(1, 7), 1), **dict.fromkeys(range(7, 16), 2), 16: 3,
                **dict.fromkeys([32, 35, 36, 39, 40, 42, 43], 5), 44: 6, 45: 6, 48: 6, 49: 6}
    for number, section in expected.items():
        assert tasks[number].section == section, number
    # Between 三's first task (16) and 五's (32) the lost heading 四 starts somewhere unknown.
    unplaced = [17, 18, 19, 20, 21, 22, 23, 26, 27, 30, 31]
    assert [n for n in unplaced if tasks[n].section is None] == unplaced
    assert ex.quality.uncertain_section_tasks == unplaced


def test_copies_and_conflicts(ex: Extraction, tasks: dict[int, TaskRecord]) -> None:
    twice = {1, 2, 3, 6, 7, 10, 11, 12, 13, 16, 17, 18, 21}
    assert {n for n, t in tasks.items() if t.occurrences == 2} == twice
    assert all(t.occurrences == 1 for n, t in tasks.items() if n not in twice)
    assert ex.quality.conflicts == [1, 7, 10, 12, 13, 16]
    assert {n for n, t in tasks.items() if t.conflict} == {1, 7, 10, 12, 13, 16}


def test_orphans_after_task_18(ex: Extraction, tasks: dict[int, TaskRecord]) -> None:
    assert [(o.after_task, o.text) for o in ex.quality.orphan_clauses] == [
        (18, "（省发改委、数字办负责，省经济信息中心、空间中心配合）"),
        (18, "（省内网办牵头，省委办公厅、省政府办公厅负责）")]
    assert "省内网办" not in {a.name for t in ex.tasks for a in t.agencies}
    assert roles(tasks[18]) == {("各有关部门", L), ("省电子信息集团", L), ("各电信运营商", L),
                                ("国脉公司", L), ("海西物联网研究院", L)}


def test_repairs(ex: Extraction, tasks: dict[int, TaskRecord]) -> None:
    assert [r.repaired for r in ex.quality.repairs] == ["数字福建·宽带工程"] * 2
    assert "“数字福建·宽带工程”" in tasks[7].text


def test_task_1_union_of_copies(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[1]
    assert roles(t) == {("省发改委", L), ("省数字办", L), ("省经济信息中心", C), ("省空间中心", C)}
    occ = {a.name: a.occurrences for a in t.agencies}
    assert occ == {"省发改委": 2, "省数字办": 2, "省经济信息中心": 1, "省空间中心": 1}


def test_task_4(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[4]
    assert t.title == "实施省直部门数据中心及信息中心整合"
    assert roles(t) == {("省发改委", L), ("省数字办", L), ("省编办", L), ("省财政厅", L),
                        ("省经济信息中心", C), ("各有关部门", C)}


def test_task_7(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[7]
    assert t.text == ("出台《福建省信息通信业科学发展跨越发展行动实施方案》，推动新设国家级互联网骨干直联点"
                      "和区域国际互联网转接点。推进“数字福建·宽带工程”，力争4G网络覆盖全省县城和主要乡镇，"
                      "提升农村宽带网络接入能力；推动运营商网络互联互通并强化监督。")
    assert roles(t) == {("省发改委", L), ("省数字办", L), ("各有关部门", R)}
    verbs = {a.name: a.verb for a in t.agencies}
    assert verbs["省发改委"] == "负责/牵头"
    assert infra(t) == {("国家级互联网骨干直联点", "Network"), ("区域国际互联网转接点", "Network")}


def test_task_8(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[8]
    assert roles(t) == {("省发改委", L), ("省数字办", L), ("各有关部门", R), ("各设区市政府", R),
                        ("平潭综合实验区管委会", R), ("省电子信息集团", R), ("各电信运营商", R)}
    assert {("数字福建（长乐）产业园", "Park"), ("中国国际信息技术（福建）产业园", "Park"),
            ("国际通信专用通道", "Network"), ("数字福建民生应用移动端门户", "Platform")} <= infra(t)


def test_task_11_government_cloud_and_changle(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[11]
    assert t.title == "升级现有政务云平台" and t.occurrences == 2 and not t.conflict
    assert roles(t) == {("省经济信息中心", L), ("泉州市政府", L), ("安溪县政府", L),
                        ("省电子信息集团", L), ("各电信运营商", L)}
    assert infra(t) == {("政务云平台", "Platform"), ("电子政务过渡机房", "DataCenter"),
                        ("中国国际信息技术（福建）产业园政务应用专区", "Park"),
                        ("数字福建（长乐）云计算中心", "DataCenter"),
                        ("海峡国际大数据中心", "DataCenter")}
    actions = {i.name: i.action for i in t.infrastructure}
    assert actions["政务云平台"] == "升级"
    assert actions["数字福建（长乐）云计算中心"] == "建设"


def test_task_13_conflicting_copies_merge(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[13]
    assert t.conflict
    assert roles(t) == {("省政府法制办", L), ("省发改委", L), ("省数字办", L), ("各有关部门", L),
                        ("省电子信息集团", C), ("各电信运营商", C)}
    assert infra(t) == {("视频融合共享平台", "Platform"), ("物联网公共支撑平台", "Platform"),
                        ("多卡融合平台", "Platform"), ("政务空间信息云服务平台", "Platform")}


def test_task_26(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[26]
    assert roles(t) == {("省综治办", L), ("省民政厅", L), ("各有关部门", R), ("各设区市政府", R),
                        ("平潭综合实验区管委会", R), ("各电信运营商", R)}
    assert infra(t) == {("城乡社区网格化服务管理综合信息平台", "Platform")}


def test_task_27(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[27]
    assert roles(t) == {("省通信管理局", L), ("长乐市政府", R), ("安溪县政府", R),
                        ("各电信运营商", R)}
    assert infra(t) == {("警务云（一期）平台", "Platform")}


def test_task_30(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[30]
    assert roles(t) == {("省教育厅", L), ("省卫计委", L), ("省民政厅", L), ("省农业厅", L),
                        ("省电子信息集团", L), ("各电信运营商", L), ("省广电网络集团", L),
                        ("海都公众服务公司", L)}
    assert infra(t) == {("健康档案服务平台", "Platform"), ("社区养老服务平台", "Platform"),
                        ("养老机构监管平台", "Platform"), ("广电高清互动云电视平台", "Platform")}


def test_task_35(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[35]
    assert t.section == 5
    assert roles(t) == {("各设区市政府", L), ("平潭综合实验区管委会", L), ("省经济信息中心", C),
                        ("省空间中心", C), ("海都公众服务公司", C)}
    assert infra(t) == {("市级电子证照共享服务平台", "Platform"), ("个人证照服务平台", "Platform")}


def test_task_40(tasks: dict[int, TaskRecord]) -> None:
    t = tasks[40]
    assert roles(t) == {("省发改委", L), ("省数字办", L), ("省测绘地信局", R),
                        ("省电子信息集团", R), ("各电信运营商", R)}
    assert infra(t) == {("政务大数据云平台", "Platform"), ("基础数据库", "Database")}


@pytest.mark.parametrize(("number", "expected"), [
    (2, {("省发改委", L), ("省数字办", L)}),
    (3, {("省广电网络集团", L)}),
    (10, {("省委办公厅", L), ("省政府办公厅", L), ("省经济信息中心", L), ("省交通运输厅", L)}),
    (12, {("省发改委", L), ("省数字办", L), ("各设区市政府", L), ("平潭综合实验区管委会", L),
          ("省编办", L), ("省效能办", L), ("省经济信息中心", L)}),
    (16, {("省商务厅", L), ("各有关部门", L), ("省空间中心", L)}),
    (17, {("省金融办", L), ("人行福州中心支行", L), ("福建银监局", L), ("福建证监局", L)}),
    (21, {("福州市政府", L), ("厦门市政府", L), ("泉州市政府", L), ("长乐市政府", L),
          ("安溪县政府", L)}),
    (22, {("省经信委", L)}),
    (23, {("省通信管理局", L), ("各设区市政府", L), ("平潭综合实验区管委会", L), ("各电信运营商", L)}),
    (31, {("各有关部门", L), ("海都公众服务公司", C)}),
    (43, {("省政府法制办", L), ("省经济信息中心", L)}),
    (48, {("省网信办", L), ("省公安厅", L)}),
    (49, {("省发改委", L), ("省数字办", L), ("各有关部门", R)}),
])
def test_other_clauses(tasks: dict[int, TaskRecord], number: int,
                       expected: set[tuple[str, str]]) -> None:
    assert roles(tasks[number]) == expected


def test_every_agency_is_in_the_registry(ex: Extraction) -> None:
    assert ex.quality.unknown_agencies == []
    assert all(a.kind != "unknown" and a.full_name for a in ex.agencies)
    fgw = next(a for a in ex.agencies if a.name == "省发改委")
    assert fgw.full_name == "福建省发展和改革委员会"


def test_evidence_points_at_the_clause(ex: Extraction) -> None:
    text = BUNDLED_DOCUMENT.read_text(encoding="utf-8")
    for t in ex.tasks:
        for a in t.agencies:
            for (start, end), quote in zip(a.evidence, a.quotes, strict=True):
                assert text[start:end] == quote
                assert quote.startswith("（") and quote.endswith("）")
        for i in t.infrastructure:
            for start, end in i.evidence:
                quote = text[start:end].replace("?", "·")
                # 金融管理、…、舆情监控系统: an item sharing its list's head word is quoted alone.
                assert quote == i.name or (head_of(i.name[len(quote):]) == (
                    i.name[len(quote):], i.kind) and i.name.startswith(quote))
