"""Unit tests for the rules the profiles share, grouped by rule; and the profile registry."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InputError
from loaders import read_text as read
from loaders.agencies import AgencyRegistry
from loaders.clauses import (
    carry_prefix,
    clean_item,
    is_agency_list,
    label_segments,
    read_clause,
    read_clause_parts,
    split_items,
)
from loaders.locality import Locality
from loaders.normalize import is_traditional, normalize, strip_glosses, to_simplified
from loaders.outline import build_outline, task_rank
from loaders.profiles import PROFILES, choose, get_profile, rank
from loaders.scan import tokenize
from loaders.source import SourceText, html_to_text
from loaders.tables import column_kind, fill_down, find_tables, read_table, section_row, split_row
from loaders.tasks import NoTasksFound, label_length, read_outline
from tests.helpers.cli import run_kg as kg
from tests.helpers.paths import DATA

REG = AgencyRegistry.bundled()
FUZHOU = Locality.from_issuer("福州市人民政府办公厅")
L, R, C = "LEADS", "RESPONSIBLE_FOR", "COOPERATES_ON"


def source(text: str, name: str = "plan.txt") -> SourceText:
    return SourceText(text=text, name=name, sha256="0" * 64, encoding="utf-8", was_html=False)


def roles(inner: str, locality: Locality | None = None) -> list[tuple[str, str]]:
    return [(r.item.name, r.relation) for r in read_clause(inner, 0, REG, locality)]


def keys(inner: str, locality: Locality | None = None) -> list[str]:
    return [r.item.key for r in read_clause(inner, 0, REG, locality)]


class TestNormalize:
    @pytest.mark.parametrize(("text", "expected"), [
        ("發(fā)展規(guī)劃", "發展規劃"),
        ("社會(hui) 數字化", "社會數字化"),
        ("省通信管理(lǐ)局", "省通信管理局"),
        ("（一）建設（ii）項", "（一）建設（ii）項"),  # numbers are not glosses
        ("平台(CIM)和系統(app)", "平台(CIM)和系統(app)"),
    ])
    def test_strip_glosses(self, text: str, expected: str) -> None:
        assert strip_glosses(text)[0] == expected

    def test_offsets_map_back_past_stripped_glosses(self) -> None:
        nt = normalize("前言。發(fā)展改革委負責")
        start = nt.text.index("改革委")
        assert nt.quote((start, start + 3)) == "改革委"
        assert nt.span_to_source((0, len(nt.text))) == (0, len(nt.source))

    def test_conversion_keeps_length(self) -> None:
        text = "數字福建（長樂）雲計算中心，省發展改革委、數字辦負責"
        assert len(to_simplified(text)) == len(text)

    def test_simplified_text_is_left_alone(self) -> None:
        text = (DATA / "verb_clause_2014.txt").read_text(encoding="utf-8")
        assert not is_traditional(text)
        assert normalize(text).text == text

    def test_one_traditional_name_does_not_convert_a_simplified_text(self) -> None:
        assert not is_traditional("省发展改革委、省数字办负责，推动數字建设。" * 5)


class TestClauseLabels:
    def test_segments(self) -> None:
        segs = label_segments("牵头单位：市行政审批服务局；责任单位：市直有关部门，各区市政府")
        assert [(s.kind, s.label) for s in segs] == [("lead", "牵头单位"), ("responsible", "责任单位")]

    @pytest.mark.parametrize(("inner", "expected"), [
        ("责任单位：省通信管理局、发改委牵头，省直有关部门、各电信运营企业配合",
         [("省通信管理局", L), ("省发改委", L), ("省直有关部门", C), ("各电信运营企业", C)]),
        ("责任单位：省通信管理局牵头，各电信运营企业负责",
         [("省通信管理局", L), ("各电信运营企业", R)]),
        # No verb: every listed agency leads.
        ("责任单位：省数字办、省直有关部门，福州市人民政府",
         [("省数字办", L), ("省直有关部门", L), ("福州市政府", L)]),
        ("责任单位:省数字办,省直有关部门", [("省数字办", L), ("省直有关部门", L)]),  # ASCII colon
        ("牵头单位：省发改委；配合单位：省财政厅、商务厅",
         [("省发改委", L), ("省财政厅", C), ("省商务厅", C)]),
        ("牵头单位：省发改委；责任单位：省直有关部门，各设区市人民政府",
         [("省发改委", L), ("省直有关部门", R), ("各设区市政府", R)]),
        ("牵头责任单位：省数字办；相关责任单位：省公安厅", [("省数字办", L), ("省公安厅", R)]),
        ("责任单位：省发改委（牵头）、省财政厅", [("省发改委", L), ("省财政厅", R)]),
        ("牵头单位：省发改委；责任领导：张三", [("省发改委", L)]),  # people are not agencies
        ("责任单位 省发改委、省财政厅", [("省发改委", L), ("省财政厅", L)]),  # no colon
        ("责任单位（部门）：省发改委，各设区市人民政府（管委会）", [("省发改委", L), ("各设区市政府", L)]),
        ("省发改委牵头，省财政厅等按职责分工负责", [("省发改委", L), ("省财政厅", R)]),
        ("省发改委、环保局按照职责牵头负责", [("省发改委", L), ("省环保局", L)]),
        ("省发改委牵头，各有关单位共同推进", [("省发改委", L), ("各有关单位", R)]),
    ])
    def test_roles(self, inner: str, expected: list[tuple[str, str]]) -> None:
        assert roles(inner) == expected

    def test_parts_on_two_lines_read_as_one_clause(self) -> None:
        found = read_clause_parts([("牵头单位:省发改委", 0), ("责任单位:省财政厅,各设区市", 20)], REG)
        assert [(r.item.name, r.relation) for r in found] == [
            ("省发改委", L), ("省财政厅", R), ("各设区市政府", R)]


class TestClauseItems:
    @pytest.mark.parametrize(("segment", "items"), [
        ("省发改委、数据管理局等省直有关单位", ["省发改委", "数据管理局", "省直有关单位"]),
        ("省发改委、财政厅等部门", ["省发改委", "财政厅"]),
        ("各高等院校", ["各高等院校"]),
        ("福州及相关设区市", ["福州", "相关设区市"]),
        ("各市、县（区）人民政府，省直有关部门", ["各市、县（区）人民政府", "省直有关部门"]),
        ("各县（市、区）人民政府", ["各县（市、区）人民政府"]),
        ("省发改\n委、省财\n政厅", ["省发改\n委", "省财\n政厅"]),
        ("省发改委 省财政厅", ["省发改委", "省财政厅"]),
        ("省发改委会同省财政厅", ["省发改委", "省财政厅"]),
    ])
    def test_split(self, segment: str, items: list[str]) -> None:
        assert [t for t, _, _ in split_items(segment)] == items

    @pytest.mark.parametrize(("raw", "name", "aliases", "annotation"), [
        ("各设区市（含平潭综合实验区，下同）", "各设区市", (), None),
        ("市商务局（投促局）", "市商务局", ("市投促局",), None),
        ("省发改委（牵头）", "省发改委", (), "lead"),
        ("市级各有关部门按职责分工", "市级各有关部门", (), None),
        ("由省发改委", "省发改委", (), None),
        ("福建省电子信息（集团）有限责任公司", "福建省电子信息（集团）有限责任公司", (), None),
        ("数字中国研究院（福建）", "数字中国研究院（福建）", (), None),
    ])
    def test_clean(self, raw: str, name: str, aliases: tuple[str, ...],
                   annotation: str | None) -> None:
        cleaned = clean_item(raw)
        assert (cleaned.name, cleaned.aliases, cleaned.annotation) == (name, aliases, annotation)

    def test_collectives_resolve(self) -> None:
        assert roles("各市、县（区）人民政府负责") == [("各市、县（区）人民政府", L)]
        assert roles("省直各有关部门负责") == [("省直有关部门", L)]
        assert roles("责任单位：各设区市（含平潭综合实验区，下同）") == [("各设区市政府", L)]

    def test_qualifier_before_the_verb(self) -> None:
        assert roles("省发改委牵头，各有关部门按职责分工负责") == [("省发改委", L), ("各有关部门", R)]


class TestPrefixesAndPlaces:
    def test_city_prefix_carries(self) -> None:
        assert carry_prefix(["市大数据委", "工信局", "市场监管局"], REG) == [
            "市大数据委", "市工信局", "市市场监管局"]

    def test_companies_and_places_do_not_take_a_prefix(self) -> None:
        assert carry_prefix(["市数据管理局", "数字福州集团", "福州大学", "厦门海关"], REG) == [
            "市数据管理局", "数字福州集团", "福州大学", "厦门海关"]

    def test_unknown_organ_takes_the_province_prefix(self) -> None:
        assert roles("省发改委、档案局、海洋渔业局负责") == [
            ("省发改委", L), ("省档案局", L), ("省海洋渔业局", L)]

    def test_city_bodies_keep_the_short_name_and_are_keyed_by_the_issuing_city(self) -> None:
        assert roles("市大数据委、工信局负责", FUZHOU) == [("市大数据委", L), ("市工信局", L)]
        assert keys("市大数据委、工信局负责", FUZHOU) == ["福州市大数据委", "福州市工信局"]
        xiamen = Locality.from_issuer("厦门市人民政府办公厅")
        assert roles("市大数据委负责", xiamen) == [("市大数据委", L)]
        assert keys("市大数据委负责", xiamen) == ["厦门市大数据委"]
        assert keys("市大数据委负责") == ["市大数据委"]  # no known place: the key is the name

    def test_city_government_and_home_province_bodies(self) -> None:
        assert roles("市政府办公厅、省数据管理局负责", FUZHOU) == [
            ("市政府办公厅", L), ("省数据管理局", L)]
        assert keys("市政府办公厅、省数据管理局负责", FUZHOU) == ["福州市政府办公厅", "省数据管理局"]
        # A body the registry knows under the qualified name keeps the registry's name.
        assert keys("市政府负责", FUZHOU) == ["福州市政府"]
        assert keys("人行福州中心支行负责", FUZHOU) == ["人行福州中心支行"]

    def test_other_provinces_keep_the_short_name_and_are_keyed_by_the_province(self) -> None:
        jiangxi = Locality.from_issuer("江西省人民政府办公厅")
        assert roles("省发改委负责", jiangxi) == [("省发改委", L)]
        assert keys("省发展改革委负责", jiangxi) == ["江西省发改委"]
        item = read_clause("省发改委负责", 0, REG, jiangxi)[0].item
        assert (item.name, item.key, item.known) == ("省发改委", "江西省发改委", False)
        home = read_clause("省发改委负责", 0, REG, Locality.from_issuer("福建省人民政府"))[0].item
        assert (home.name, home.key, home.known) == ("省发改委", "省发改委", True)

    def test_short_name_key_and_alias(self) -> None:
        role = read_clause("牵头单位：市商务局（投促局）", 0, REG, FUZHOU)[0]
        assert (role.item.name, role.item.key, role.item.aliases) == (
            "市商务局", "福州市商务局", ("市投促局",))

    @pytest.mark.parametrize(("issuer", "place"), [
        ("福州市人民政府办公厅", ("福建省", "福州市", None)),
        ("盘锦市大洼区人民政府办公室", (None, "盘锦市", "大洼区")),
        ("上海市普陀区人民政府办公室", (None, "上海市", "普陀区")),
        ("福建省数字福建建设领导小组", ("福建省", None, None)),
    ])
    def test_locality(self, issuer: str, place: tuple[str | None, ...]) -> None:
        loc = Locality.from_issuer(issuer)
        assert (loc.province, loc.city, loc.district) == place

    def test_locality_from_the_plan_title(self) -> None:
        assert Locality.from_issuer(None, "2024年数字福州工作要点").city == "福州市"


class TestOutline:
    def kinds(self, text: str) -> list[tuple[str, str | None, int | None]]:
        return [(t.kind, t.form, t.number) for t in tokenize(text)[0] if t.kind != "text"]

    def test_every_level(self) -> None:
        text = "一、甲\n（一）乙\n1.建设A平台。（省发改委负责）\n（1）子项\n①细项"
        assert self.kinds(text) == [("marker", "A", 1), ("marker", "B", 1), ("marker", "C", 1),
                                    ("clause", None, None), ("marker", "D", 1), ("marker", "E", 1)]

    def test_numbers_in_sentences_are_not_markers(self) -> None:
        assert self.kinds("新建5G基站1.5万个，占比达19.6%。十一、二级医院") == []

    def test_items_that_lost_their_line_breaks(self) -> None:
        text = "（一）体系建设1.打造平台。（省发改委负责）2.提升能力。（省财政厅负责）3.5万个"
        assert [k for k in self.kinds(text) if k[0] == "marker"] == [
            ("marker", "B", 1), ("marker", "C", 1), ("marker", "C", 2)]

    def test_bare_agency_list_at_the_end_is_a_clause(self) -> None:
        assert ("clause", None, None) in self.kinds("（一）建设A平台。（省发改委、省财政厅）\n")
        assert self.kinds("（一）建设数字福建（长乐）产业园。") == [("marker", "B", 1)]
        assert is_agency_list("省发改委、财政厅", REG) and not is_agency_list("含平潭", REG)

    def test_unlabelled_lines_are_clauses(self) -> None:
        text = "1.实现增长。\n牵头单位:区发改局\n责任单位:各街道\n2.实现增长。"
        outline = build_outline(text)
        first = outline.nodes[0]
        assert len(first.clauses) == 1 and len(first.clauses[0].contents()) == 2
        assert outline.orphans == []

    def test_task_level_is_where_the_clauses_are(self) -> None:
        assert task_rank(build_outline("一、甲\n（一）乙\n1.丙。（省发改委负责）\n2.丁。（省财政厅负责）")) == 2
        assert task_rank(build_outline("一、甲\n（一）乙。（省发改委负责）")) == 1

    def test_items_numbered_on_across_headings(self) -> None:
        # 1. 2. under （一）, 4. under （二） (3. is missing), then a paragraph section.
        text = ("一、基础\n（一）网络\n1.推进5G建设。（责任单位：省通信管理局）\n"
                "2.建设数据中心。（责任单位：省发改委）\n（二）政务云\n4.升级政务云平台。（责任单位：省数字办）\n"
                "二、保障\n加强统筹协调。（责任单位：省数字办牵头，省直有关单位配合）\n")
        ex = read_outline(source(text))
        # The paragraph task of section 二 would be "2" like item 2: it becomes "2.0".
        assert [(t.label, t.section, t.subsection) for t in ex.tasks] == [
            ("1", 1, 1), ("2", 1, 1), ("4", 1, 2), ("2.0", 2, None)]
        assert ex.quality.missing_labels == ["3"]
        assert [t.title for t in ex.tasks][-1] == "加强统筹协调"

    def test_sections_of_paragraphs_beside_numbered_items(self) -> None:
        text = ("一、甲\n1.建设A平台。（责任单位：省发改委）\n2.建设B系统。（责任单位：省财政厅）\n"
                "二、保障\n加强统筹。（责任单位：省数字办）\n强化资金保障。（责任单位：省财政厅）\n"
                "做好宣传。\n营造氛围。（责任单位：省委网信办）\n")
        ex = read_outline(source(text))
        assert [(t.label, t.section, {a.name for a in t.agencies}) for t in ex.tasks] == [
            ("1.1", 1, {"省发改委"}), ("1.2", 1, {"省财政厅"}), ("2.1", 2, {"省数字办"}),
            ("2.2", 2, {"省财政厅"}), ("2.3", 2, {"省网信办"})]
        assert ex.tasks[-1].text == "做好宣传。营造氛围。"

    def test_label_length(self) -> None:
        assert label_length({(1, 1), (1, 2), (2, 1)}) == 2
        assert label_length({(1, 7), (2, 8)}) == 1
        assert label_length({(1,), (2, 1, 1), (2, 2, 1), (3, 1, 1)}) == 3


class TestWarnings:
    def test_unreadable_bracket_is_reported(self) -> None:
        text = "一、甲\n（一）建设A平台。（省发改委负责）\n（二）建设B系统。（由相关单位按要求落实）\n"
        ex = read_outline(source(text))
        assert [u.text for u in ex.quality.unread] == ["（由相关单位按要求落实）"]
        assert any("quality.unread" in w for w in ex.quality.warnings)

    def test_clause_naming_nobody_is_reported(self) -> None:
        ex = read_outline(source("（一）建设A平台。（责任单位：）\n（二）建设B系统。（省发改委负责）"))
        assert [u.kind for u in ex.quality.unread] == ["bracket-clause"]
        assert ex.quality.tasks_without_clause == [1]

    def test_table_row_without_task_joins_the_task_above(self) -> None:
        # A task cell merged over two rows, each with its unit: both units are the task's.
        text = "序号\t工作任务\t牵头单位\n1\t建设A平台。\t省发改委\n\t\t省财政厅\n2\t建设B系统。\t省商务厅\n"
        ex = read_table(source(text))
        assert [(t.number, {a.name for a in t.agencies}) for t in ex.tasks] == [
            (1, {"省发改委", "省财政厅"}), (2, {"省商务厅"})]
        assert ex.quality.unread == []

    def test_table_row_without_any_task_above_is_reported(self) -> None:
        text = "序号\t工作任务\t牵头单位\n\t\t省财政厅\n1\t建设A平台。\t省发改委\n"
        ex = read_table(source(text))
        assert [(u.kind, u.text) for u in ex.quality.unread] == [("table-row", "\t\t省财政厅")]


class TestTables:
    @pytest.mark.parametrize(("header", "kind"), [
        ("序号", "number"), ("重点任务", "task"), ("工作任务及目标", "task"), ("牵头单位", "lead"),
        ("牵头责任单位", "lead"), ("责任单位", "responsible"), ("配合单位", "cooperate"),
        ("完成时限", "deadline"), ("备 注", "ignore"), ("说明", "ignore"), ("编制", None),
        ("具体要求", "detail"), ("分管领导", "leader"), ("责任科室", "responsible"),
    ])
    def test_column_kind(self, header: str, kind: str | None) -> None:
        assert column_kind(header) == kind

    def test_split_row_offsets(self) -> None:
        line = "| 1 | 建设A平台 | 省发改委 |"
        assert [(c, line[s:e]) for c, s, e in split_row(line, 0, "|")] == [
            ("1", "1"), ("建设A平台", "建设A平台"), ("省发改委", "省发改委")]

    def test_metadata_table_is_not_a_task_table(self) -> None:
        assert find_tables("索引号: | 1134/2020 |\n发布机构: | 区政府 |\n标 题: | 通知 |") == []

    def test_fill_down_and_section_rows(self) -> None:
        rows = [[("1", 0, 1), ("甲", 2, 3), ("省发改委", 4, 8)], [("2", 9, 10), ("乙", 11, 12)]]
        assert fill_down(rows, ["number", "task", "lead"])[1][2] == ("省发改委", 4, 8)
        assert section_row([("二、深化应用", 0, 6), ("", 7, 7), ("", 8, 8)]) == (2, "深化应用")

    def test_html_rowspan_becomes_empty_cells(self) -> None:
        markup = ("<table><tr><th>工作任务</th><th>牵头单位</th></tr>"
                  "<tr><td>建设A平台</td><td rowspan='2'>省发改委</td></tr>"
                  "<tr><td>建设B系统</td></tr></table>")
        assert html_to_text(markup).splitlines() == ["工作任务\t牵头单位", "建设A平台\t省发改委",
                                                     "建设B系统\t"]
        ex = read_table(source(html_to_text(markup)))
        assert [{(a.name, a.relation) for a in t.agencies} for t in ex.tasks] == [
            {("省发改委", L)}, {("省发改委", L)}]


    def test_header_over_two_rows(self) -> None:
        text = ("序号\t工作任务\t责任单位\t\t完成时限\n\t\t牵头单位\t配合单位\t\n"
                "1\t建设A平台。\t省发改委\t省财政厅\t2024年\n")
        ex = read_table(source(text))
        assert {(a.name, a.relation) for a in ex.tasks[0].agencies} == {("省发改委", L), ("省财政厅", C)}

    def test_columns_aligned_with_spaces(self) -> None:
        text = ("序号  工作任务      牵头单位    配合单位\n1    建设A平台。    省发改委    省财政厅\n"
                "2    建设B系统。    省商务厅    省直有关部门\n以上任务请认真落实。\n")
        ex = read_table(source(text))
        assert [(t.number, {(a.name, a.relation) for a in t.agencies}) for t in ex.tasks] == [
            (1, {("省发改委", L), ("省财政厅", C)}), (2, {("省商务厅", L), ("省直有关部门", C)})]

    def test_page_laid_out_in_a_table(self) -> None:
        markup = (DATA / "table_2019.html").read_text(encoding="utf-8")
        wrapped = markup.replace("<body>", "<body><table><tr><td>").replace(
            "</body>", "</td></tr></table></body>")
        plain = read(source(html_to_text(markup)))
        laid_out = read(source(html_to_text(wrapped)))
        assert laid_out.document.profile == "table"
        assert [(t.number, {(a.name, a.relation) for a in t.agencies}) for t in laid_out.tasks] == [
            (t.number, {(a.name, a.relation) for a in t.agencies}) for t in plain.tasks]


class TestProfiles:
    def test_registered(self) -> None:
        assert list(PROFILES) == ["verb-clause", "responsibility-label", "three-level",
                                  "lead-unit", "table"]
        assert all(p.description for p in PROFILES.values())

    @pytest.mark.parametrize(("name", "profile"), [
        ("verb_clause_2014.txt", "verb-clause"), ("verb_clause_2014_traditional.txt", "verb-clause"),
        ("responsibility_label_2017.txt", "responsibility-label"),
        ("three_level_2024.txt", "three-level"), ("lead_unit_fuzhou_2025.txt", "lead-unit"),
        ("lead_unit_xiamen_2025.txt", "lead-unit"), ("table_2019.tsv", "table"),
        ("table_2019.md", "table"), ("table_2019.csv", "table"),
    ])
    def test_choice(self, name: str, profile: str) -> None:
        text = (DATA / name).read_text(encoding="utf-8")
        assert choose(text).name == profile
        assert all(0.0 <= score <= 1.0 for _, score in rank(text))

    def test_override(self) -> None:
        text = (DATA / "responsibility_label_2017.txt").read_text(encoding="utf-8")
        auto = read(source(text))
        forced = read(source(text), profile="verb-clause")
        assert forced.document.profile == "verb-clause"
        assert [(t.label, sorted((a.name, a.relation) for a in t.agencies)) for t in forced.tasks] == [
            (t.label, sorted((a.name, a.relation) for a in t.agencies)) for t in auto.tasks]

    def test_unknown_profile(self) -> None:
        with pytest.raises(InputError, match="unknown profile"):
            get_profile("nope")

    def test_table_profile_on_text_finds_nothing(self) -> None:
        with pytest.raises(NoTasksFound):
            read(source("（一）建设A平台。（省发改委负责）"), profile="table")


_ALPHABET = st.sampled_from(list("（）()〔〕、，。；：:|\t\n 省市各发改委数字办负责牵头配合责任单位一二三1.平台系统"
                                 "建设福州厦门长乐等及（含下同）發展(fā)"))


@pytest.mark.parametrize("profile", list(PROFILES))
@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=st.text(_ALPHABET, max_size=200))
def test_never_crashes(profile: str, text: str) -> None:
    try:
        ex = read(source(text), profile=profile)
    except NoTasksFound:
        return
    assert all(isinstance(t.number, int) and t.label for t in ex.tasks)
    for t in ex.tasks:
        for a in t.agencies:
            for (s, e), quote in zip(a.evidence, a.quotes, strict=True):
                assert text[s:e] == quote


class TestCli:
    def test_list_profiles(self) -> None:
        result = kg("extract", "--list-profiles")
        assert result.returncode == 0
        assert all(name in result.stdout for name in PROFILES)

    def test_help_lists_profiles(self) -> None:
        result = kg("extract", "--help")
        assert result.returncode == 0 and "three-level" in result.stdout

    def test_human_output_names_the_profile(self) -> None:
        result = kg("extract", str(DATA / "three_level_2024.txt"))
        assert result.returncode == 0 and "read with profile three-level" in result.stdout

    def test_json_has_the_profile_and_labels(self) -> None:
        result = kg("extract", str(DATA / "three_level_2024.txt"), "--json")
        payload = json.loads(result.stdout)
        assert payload["document"]["profile"] == "three-level"
        assert [t["label"] for t in payload["tasks"]][:2] == ["1", "2.1.1"]
        assert payload["subsections"][0]["label"] == "2.1"

    def test_profile_override_and_bad_profile(self) -> None:
        ok = kg("extract", str(DATA / "three_level_2024.txt"), "--profile", "lead-unit", "--json")
        assert json.loads(ok.stdout)["document"]["profile"] == "lead-unit"
        bad = kg("extract", str(DATA / "three_level_2024.txt"), "--profile", "table")
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
        assert "no task table" in bad.stderr
