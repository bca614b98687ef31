"""Every family of formats, checked against a reading of its fixture by hand.

The fixtures in ``tests/data/`` are realistic plans of each family. Every expected value
below was written down from reading the fixture, not from running the loader.
"""

from __future__ import annotations

import pytest

from loaders import read_document
from loaders.records import Extraction
from tests.helpers.paths import DATA

L, R, C = "LEADS", "RESPONSIBLE_FOR", "COOPERATES_ON"
Edges = dict[str, set[tuple[str, str]]]  # task label → {(agency, relation)}


def edges(ex: Extraction) -> Edges:
    return {t.label: {(a.name, a.relation) for a in t.agencies} for t in ex.tasks}


def read(name: str) -> Extraction:
    return read_document(DATA / name)


# --- 2014: verb clauses --------------------------------------------------------------------

VERB_CLAUSE_2014: Edges = {
    "1": {("省通信管理局", L), ("各电信运营商", R)},
    "2": {("省经济信息中心", L), ("各有关部门", C)},
    "3": {("长乐市政府", L), ("省电子信息集团", L)},
    "4": {("省政府办公厅", L), ("省发改委", L), ("省数字办", L), ("各设区市政府", C)},
    "5": {("省发改委", L), ("省数字办", L), ("省公安厅", R), ("省民政厅", R)},
    "6": {("省发改委", L), ("省经信委", L), ("人行福州中心支行", C)},
    "7": {("省综治办", L), ("省民政厅", L)},
    "8": {("省商务厅", L)},
    "9": {("省经信委", L), ("省交通运输厅", L), ("海西物联网研究院", C)},
    "10": {("省网信办", L), ("省公安厅", L)},
}


class TestVerbClause2014:
    @pytest.fixture(scope="class")
    @classmethod
    def ex(cls) -> Extraction:
        return read("verb_clause_2014.txt")

    def test_profile_and_header(self, ex: Extraction) -> None:
        d = ex.document
        assert d.profile == "verb-clause"
        assert (d.issuer, d.year, d.signed, d.doc_number) == (
            "福建省人民政府办公厅", 2014, "2014-03-10", "闽政办〔2014〕30号")
        assert d.plan_title == "2014年数字福建工作要点"

    def test_tasks_and_sections(self, ex: Extraction) -> None:
        assert [(t.number, t.label, t.section) for t in ex.tasks] == [
            (1, "1", 1), (2, "2", 1), (3, "3", 1), (4, "4", 2), (5, "5", 2), (6, "6", 2),
            (7, "7", 2), (8, "8", 3), (9, "9", 3), (10, "10", 3)]
        assert [(s.number, s.title, s.first_task) for s in ex.sections] == [
            (1, "夯实信息基础设施", 1), (2, "深化政务应用", 4), (3, "发展信息经济", 8)]
        assert ex.tasks[1].title == "升级政务云平台"

    def test_agency_edges(self, ex: Extraction) -> None:
        assert edges(ex) == VERB_CLAUSE_2014

    def test_infrastructure(self, ex: Extraction) -> None:
        infra = {t.label: {(i.name, i.kind) for i in t.infrastructure} for t in ex.tasks}
        assert ("政务云平台", "Platform") in infra["2"]
        assert infra["3"] == {("数字福建（长乐）产业园", "Park")}
        assert infra["7"] == {("城乡社区网格化服务管理信息系统", "System")}

    def test_clean_copy_has_no_quality_findings(self, ex: Extraction) -> None:
        q = ex.quality
        assert (q.missing_tasks, q.conflicts, q.orphan_clauses, q.unknown_agencies, q.unread) == (
            [], [], [], [], [])


# --- 2017: 责任单位 clauses ------------------------------------------------------------------

RESPONSIBILITY_2017: Edges = {
    "1": {("省通信管理局", L), ("省发改委", L), ("省直有关部门", C), ("各电信运营企业", C)},
    # Two clauses, one after each sentence: the union. The second names no verb, so the
    # operators lead there, while the first makes them RESPONSIBLE_FOR.
    "2": {("省通信管理局", L), ("各电信运营企业", R), ("省广电网络集团", R), ("各电信运营企业", L)},
    "3": {("省通信管理局", L), ("省旅游局", L)},
    "4": {("省数字办", L), ("省经济信息中心", L), ("各设区市政府", L)},
    "5": {("省数字办", L), ("省效能办", L), ("省直有关部门", C)},
    "6": {("省数字办", L), ("省直有关部门", L)},
    "7": {("省数字办", L), ("省公安厅", L), ("省国土厅", L), ("各设区市政府", R)},
    "8": {("省经信委", L), ("各设区市政府", C)},
    "9": {("福州市政府", L), ("厦门市政府", L), ("泉州市政府", L)},
    "10": {("省数字办", L), ("省商务厅", L)},
}


class TestResponsibilityLabel2017:
    @pytest.fixture(scope="class")
    @classmethod
    def ex(cls) -> Extraction:
        return read("responsibility_label_2017.txt")

    def test_profile_and_header(self, ex: Extraction) -> None:
        d = ex.document
        assert d.profile == "responsibility-label"
        assert (d.year, d.signed, d.doc_number) == (2017, "2017-03-27", "闽政办〔2017〕34号")

    def test_section_intro_paragraph_is_not_a_task(self, ex: Extraction) -> None:
        assert [t.number for t in ex.tasks] == list(range(1, 11))
        assert [(s.number, s.first_task) for s in ex.sections] == [(1, 1), (2, 5), (3, 8)]
        assert [t.section for t in ex.tasks] == [1, 1, 1, 1, 2, 2, 2, 3, 3, 3]
        assert "推进网络提速降费" not in " ".join(t.text for t in ex.tasks)

    def test_agency_edges(self, ex: Extraction) -> None:
        assert edges(ex) == RESPONSIBILITY_2017

    def test_name_in_brackets_stays_in_text(self, ex: Extraction) -> None:
        assert ex.tasks[2].text.startswith("推进所有设区市（含平潭）重点公共场所")

    def test_task_text_keeps_both_sentences(self, ex: Extraction) -> None:
        assert ex.tasks[1].text == ("推动网络向IPv6平滑迁移，加快建设下一代广播电视网。"
                                    "加快各电信运营商窄带物联网建设。")
        assert len(ex.tasks[1].clauses) == 2

    def test_unknown_body_reported(self, ex: Extraction) -> None:
        assert ex.quality.unknown_agencies == []  # 省国土厅 is in the registry


# --- 2024: three levels -------------------------------------------------------------------

THREE_LEVEL_2024: Edges = {
    "1": {("省数据管理局", L), ("省发改委", L), ("省直有关部门", L), ("福州市政府", L)},
    "2.1.1": {("省通信管理局", L), ("省数据管理局", L), ("省工信厅", L), ("省海洋渔业局", L),
              ("各设区市政府", L)},
    "2.1.2": {("省数据管理局", L), ("省发改委", L), ("福州市政府", L), ("泉州市政府", L)},
    "2.2.1": {("省数据管理局", L), ("省直有关部门", L)},
    "2.2.2": {("省数据管理局", L), ("省大数据集团", L)},
    "2.2.3": {("省数据管理局", L), ("省发改委", L), ("省财政厅", L), ("福州市政府", L),
              ("厦门市政府", L)},
    "3.1.1": {("省数据管理局", L), ("省直有关部门", C), ("各设区市政府", C)},
    "3.1.2": {("省数据管理局", L), ("省财政厅", L)},
    "4": {("省网信办", L), ("省公安厅", L), ("省数据管理局", L)},
}


class TestThreeLevel2024:
    @pytest.fixture(scope="class")
    @classmethod
    def ex(cls) -> Extraction:
        return read("three_level_2024.txt")

    def test_profile_and_header(self, ex: Extraction) -> None:
        d = ex.document
        assert d.profile == "three-level"
        assert (d.issuer, d.year, d.signed, d.doc_number) == (
            "福建省数字福建建设领导小组", 2024, "2024-04-30", "闽数字〔2024〕1号")

    def test_numbering(self, ex: Extraction) -> None:
        # number = running order; label = the path of headings; paragraph sections = "1", "4".
        assert [(t.number, t.label, t.section, t.subsection) for t in ex.tasks] == [
            (1, "1", 1, None), (2, "2.1.1", 2, 1), (3, "2.1.2", 2, 1), (4, "2.2.1", 2, 2),
            (5, "2.2.2", 2, 2), (6, "2.2.3", 2, 2), (7, "3.1.1", 3, 1), (8, "3.1.2", 3, 1),
            (9, "4", 4, None)]

    def test_sections_and_subsections(self, ex: Extraction) -> None:
        assert [(s.number, s.title, s.first_task) for s in ex.sections] == [
            (1, "办好第七届数字中国建设峰会", 1), (2, "夯实数字福建发展基础", 2),
            (3, "推进数字政府改革建设", 7), (4, "营造良好数字生态", 9)]
        assert [(s.label, s.title, s.first_task) for s in ex.subsections] == [
            ("2.1", "优化新型基础设施布局", 2), ("2.2", "提升数据资源开发利用水平", 4),
            ("3.1", "提升政务服务效能", 7)]

    def test_agency_edges(self, ex: Extraction) -> None:
        assert edges(ex) == THREE_LEVEL_2024

    def test_paragraph_task_text(self, ex: Extraction) -> None:
        first = ex.tasks[0]
        assert first.title == "高水平办好第七届数字中国建设峰会"
        assert first.text.endswith("推动峰会成果落地。")

    def test_bracketed_clause_with_brackets_inside(self, ex: Extraction) -> None:
        quotes = {q for a in ex.tasks[1].agencies for q in a.quotes}
        assert quotes == {"〔责任单位：省通信管理局、数据管理局、工信厅、海洋渔业局，"
                          "各设区市（含平潭综合实验区，下同）〕"}


# --- 福州 2025 and 厦门 2025: 牵头单位 / 责任单位 pairs, city bodies ----------------------

FUZHOU_2025: Edges = {
    "1.1": {("市数据管理局", L), ("市工信局", R), ("市直有关单位", R),
            ("数字福州集团", R)},
    "1.2": {("市商务局", L), ("市数据管理局", R), ("市工信局", R),
            ("各县（市、区）人民政府", R)},
    "2.1.1": {("市工信局", L), ("市通信发展管理办公室", C), ("各电信运营企业", C)},
    "2.1.2": {("市数据管理局", L), ("数字福州集团", R)},
    "2.2.1": {("市数据管理局", L), ("市直有关部门", R), ("各县（市、区）人民政府", R)},
    "2.2.2": {("市数据管理局", L), ("市发改委", L), ("市财政局", C),
              ("市市场监管局", C)},
    "3.1": {("市行政服务中心管委会", L), ("市数据管理局", L), ("市直有关部门", R)},
}

XIAMEN_2025: Edges = {
    "1": {("市工信局", L), ("市数据管理局", C), ("各区政府", C)},
    "2": {("市数据管理局", L), ("市发改委", R), ("市工信局", R)},
    "3": {("市数据管理局", L), ("市直有关部门", R), ("各区政府", R)},
    "4": {("市市政园林局", L), ("市数据管理局", C)},
    "5": {("市工信局", L), ("市商务局", C), ("市科技局", C), ("火炬高新区管委会", C)},
    "6": {("市商务局", L), ("厦门海关", C)},
}


class TestLeadUnitCities:
    @pytest.fixture(scope="class")
    @classmethod
    def fuzhou(cls) -> Extraction:
        return read("lead_unit_fuzhou_2025.txt")

    @pytest.fixture(scope="class")
    @classmethod
    def xiamen(cls) -> Extraction:
        return read("lead_unit_xiamen_2025.txt")

    def test_profiles_and_places(self, fuzhou: Extraction, xiamen: Extraction) -> None:
        assert (fuzhou.document.profile, fuzhou.document.place) == ("lead-unit", "福州市")
        assert (xiamen.document.profile, xiamen.document.place) == ("lead-unit", "厦门市")
        assert fuzhou.document.doc_number == "榕政办〔2025〕12号"

    def test_fuzhou_numbering_mixes_two_and_three_levels(self, fuzhou: Extraction) -> None:
        assert [(t.number, t.label, t.section, t.subsection) for t in fuzhou.tasks] == [
            (1, "1.1", 1, None), (2, "1.2", 1, None), (3, "2.1.1", 2, 1), (4, "2.1.2", 2, 1),
            (5, "2.2.1", 2, 2), (6, "2.2.2", 2, 2), (7, "3.1", 3, None)]

    def test_fuzhou_edges(self, fuzhou: Extraction) -> None:
        assert edges(fuzhou) == FUZHOU_2025

    def test_xiamen_edges(self, xiamen: Extraction) -> None:
        assert [t.number for t in xiamen.tasks] == [1, 2, 3, 4, 5, 6]
        assert [t.section for t in xiamen.tasks] == [1, 1, 2, 2, 3, 3]
        assert edges(xiamen) == XIAMEN_2025

    def test_city_bodies_have_short_names_and_city_keys(self, fuzhou: Extraction,
                                                          xiamen: Extraction) -> None:
        for ex, city in ((fuzhou, "福州市"), (xiamen, "厦门市")):
            for a in [*ex.agencies, *(r for t in ex.tasks for r in t.agencies)]:
                want = city + a.name[1:] if a.name.startswith("市") else a.name
                assert a.key == want, (city, a.name, a.key)
        by_key = {a.key: a for a in fuzhou.agencies}
        assert by_key["福州市数据管理局"].name == "市数据管理局"
        assert by_key["福州市工信局"].name == "市工信局"  # prefix carried from 市工信局等
        assert "市投促局" in by_key["福州市商务局"].aliases
        assert by_key["数字福州集团"].key == "数字福州集团"

    def test_unknown_city_bodies_are_reported_not_dropped(self, xiamen: Extraction) -> None:
        assert "厦门市市政园林局" in xiamen.quality.unknown_agencies
        assert {a.kind for a in xiamen.agencies if a.name == "厦门海关"} == {"unknown"}


# --- 2019: the same plan as text and as tables --------------------------------------------

TABLE_2019: Edges = {
    "1": {("省通信管理局", L), ("各电信运营企业", R)},
    "2": {("省数字办", L), ("省经济信息中心", R), ("省财政厅", C)},
    "3": {("福州市政府", L), ("省数字办", C), ("省发改委", C)},
    "4": {("省数字办", L), ("省直有关部门", R)},
    "5": {("省数字办", L), ("省直有关部门", R), ("省大数据集团", C)},
    "6": {("省数字办", L), ("省公安厅", L), ("各设区市政府", R)},
    "7": {("省发改委", L), ("省工信厅", L), ("各设区市政府", R)},
    "8": {("省工信厅", L), ("省通信管理局", C), ("各电信运营企业", C)},
}


@pytest.mark.parametrize(("name", "profile"), [
    ("table_2019_text.txt", "lead-unit"), ("table_2019.tsv", "table"), ("table_2019.csv", "table"),
    ("table_2019.md", "table"), ("table_2019.html", "table"),
])
def test_table_plan_in_every_format(name: str, profile: str) -> None:
    ex = read(name)
    assert ex.document.profile == profile
    assert (ex.document.year, ex.document.doc_number) == (2019, "闽政办〔2019〕18号")
    assert [(t.number, t.section) for t in ex.tasks] == [
        (1, 1), (2, 1), (3, 1), (4, 2), (5, 2), (6, 2), (7, 3), (8, 3)]
    assert [(s.number, s.title) for s in ex.sections] == [
        (1, "优化信息基础设施"), (2, "深化数据资源共享"), (3, "发展数字经济")]
    assert edges(ex) == TABLE_2019
    assert ex.tasks[2].text == "建设数字福建（长乐）产业园二期。"


def test_table_evidence_points_at_the_cell() -> None:
    text = (DATA / "table_2019.tsv").read_text(encoding="utf-8")
    ex = read("table_2019.tsv")
    task5 = ex.tasks[4]
    lead = next(a for a in task5.agencies if a.name == "省数字办")
    # Task 5's 牵头单位 cell is empty: the merged cell above (task 4's) is the evidence.
    assert [text[s:e] for s, e in lead.evidence] == ["省数字办"]
    assert lead.evidence[0][0] < text.index("推进公共数据资源开放")


# --- Traditional, with pinyin glosses -----------------------------------------------------

def test_traditional_copy_reads_like_the_simplified() -> None:
    ex = read("verb_clause_2014_traditional.txt")
    assert ex.document.script == "traditional"
    assert ex.document.doc_number == "闽政办〔2014〕30号"
    assert edges(ex) == VERB_CLAUSE_2014
    glosses = {r.original for r in ex.quality.repairs if r.kind == "pinyin-gloss"}
    assert glosses == {"會(hui)", "管(guǎn)", "產(chan)", "業(ye)", "數(shù)", "發(fā)"}


def test_traditional_evidence_quotes_the_original() -> None:
    source = (DATA / "verb_clause_2014_traditional.txt").read_text(encoding="utf-8")
    ex = read("verb_clause_2014_traditional.txt")
    lead = next(a for a in ex.tasks[0].agencies if a.name == "省通信管理局")
    assert lead.quotes == ["（省通信管(guǎn)理局牽頭，各電信運營商負責）"]
    for task in ex.tasks:
        for a in task.agencies:
            for (s, e), quote in zip(a.evidence, a.quotes, strict=True):
                assert source[s:e] == quote
        for i in task.infrastructure:
            for s, e in i.evidence:
                assert source[s:e] in {"政務雲平臺", "省直部門業務系統", "公共信用信息平臺",
                                       "數字福建（長樂）產(chan) 業(ye) 園", "城鄉社區網格化服務管理信息系統",
                                       "省網上辦事大廳"}
