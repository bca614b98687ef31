"""Unit tests, one group per reading rule."""

from __future__ import annotations

import pytest

from loaders import read_text
from loaders.agencies import AgencyRegistry
from loaders.assemble import is_conflict, merge_texts, title_of
from loaders.clauses import carry_prefix, is_clause, read_clause, split_groups
from loaders.header import read_header
from loaders.infrastructure import find_mentions, head_of, split_coordination
from loaders.normalize import normalize
from loaders.numerals import parse_numeral, to_numeral
from loaders.outline import build_outline
from loaders.records import SectionRecord
from loaders.scan import tokenize
from loaders.tasks import assign_sections

REG = AgencyRegistry.bundled()


class TestNumerals:
    @pytest.mark.parametrize(("text", "value"), [
        ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十四", 24), ("四十九", 49),
        ("九十九", 99), ("一百", 100), ("一百零三", 103), ("12", 12), ("１２", 12),
    ])
    def test_parse(self, text: str, value: int) -> None:
        assert parse_numeral(text) == value

    def test_round_trip_to_999(self) -> None:
        assert all(parse_numeral(to_numeral(n)) == n for n in range(1, 1000))

    @pytest.mark.parametrize("bad", ["", "长乐", "一期"])
    def test_rejects(self, bad: str) -> None:
        with pytest.raises(ValueError):
            parse_numeral(bad)


class TestClauseDetection:
    @pytest.mark.parametrize("inner", ["省发改委、数字办负责", "省通信管理局牵头，长乐市政府负责",
                                       "各有关部门负责，海都公众服务公司配合"])
    def test_clauses(self, inner: str) -> None:
        assert is_clause(inner)

    @pytest.mark.parametrize("inner", ["长乐", "福建", "一期", "二期", "区"])
    def test_names_in_brackets_are_not_clauses(self, inner: str) -> None:
        assert not is_clause(inner)

    def test_bracketed_names_stay_in_task_text(self) -> None:
        text = "（十一）加快建设数字福建（长乐）云计算中心。（省经济信息中心负责）"
        kinds = [t.kind for t in tokenize(text)[0]]
        assert kinds == ["marker", "text", "clause"]

    def test_half_width_brackets(self) -> None:
        text = "(十二)建设A平台。(省发改委负责)"
        assert [t.kind for t in tokenize(text)[0]] == ["marker", "text", "clause"]


class TestClauseSplitting:
    def test_verb_closes_the_list_before_it(self) -> None:
        groups = split_groups("省发改委、数字办负责，省经济信息中心、空间中心配合")
        assert [([i for i, _, _ in items], verb) for items, verb in groups] == [
            (["省发改委", "数字办"], "负责"), (["省经济信息中心", "空间中心"], "配合")]

    def test_offsets_point_into_the_source(self) -> None:
        text = "（省发改委、数字办负责）"
        roles = read_clause(text[1:-1], 1, REG)
        assert [text[r.item.start:r.item.end] for r in roles] == ["省发改委", "数字办"]


class TestPrefixCarrying:
    @pytest.mark.parametrize(("raw", "expected"), [
        (["省发改委", "数字办", "编办"], ["省发改委", "省数字办", "省编办"]),
        (["省政府法制办", "发改委"], ["省政府法制办", "省发改委"]),
        (["省教育厅", "卫计委", "民政厅", "农业厅", "电子信息集团", "各电信运营商"],
         ["省教育厅", "省卫计委", "省民政厅", "省农业厅", "省电子信息集团", "各电信运营商"]),
    ])
    def test_province_prefix_carries(self, raw: list[str], expected: list[str]) -> None:
        assert carry_prefix(raw, REG) == expected

    @pytest.mark.parametrize("bare", [
        "各有关部门", "各设区市政府", "各电信运营商", "泉州市政府", "安溪县政府",
        "平潭综合实验区管委会", "人行福州中心支行", "福建银监局", "福建证监局", "国脉公司",
        "海西物联网研究院", "海都公众服务公司",
    ])
    def test_exceptions_do_not_take_the_prefix(self, bare: str) -> None:
        assert carry_prefix(["省发改委", bare], REG) == ["省发改委", bare]

    def test_no_prefix_without_a_prefixed_item(self) -> None:
        assert carry_prefix(["各有关部门", "数字办"], REG) == ["各有关部门", "数字办"]


class TestRoles:
    def roles(self, inner: str) -> list[tuple[str, str, str]]:
        return [(r.item.name, r.relation, r.verb) for r in read_clause(inner, 0, REG)]

    def test_fuze_alone_leads(self) -> None:
        assert self.roles("省发改委、数字办负责") == [
            ("省发改委", "LEADS", "负责"), ("省数字办", "LEADS", "负责")]

    def test_fuze_with_qiantou_is_responsible(self) -> None:
        assert self.roles("省发改委、数字办牵头，各有关部门负责") == [
            ("省发改委", "LEADS", "牵头"), ("省数字办", "LEADS", "牵头"),
            ("各有关部门", "RESPONSIBLE_FOR", "负责")]

    def test_peihe_cooperates(self) -> None:
        assert self.roles("各有关部门负责，海都公众服务公司配合") == [
            ("各有关部门", "LEADS", "负责"), ("海都公众服务公司", "COOPERATES_ON", "配合")]

    def test_aliases_resolve_to_canonical_names(self) -> None:
        assert self.roles("省发展改革委负责")[0][0] == "省发改委"

    def test_unknown_agency_is_kept(self) -> None:
        roles = read_clause("省某某局负责", 0, REG)
        assert roles[0].item.name == "省某某局" and not roles[0].item.known

    def test_labels_of_other_wordings(self) -> None:
        """主办 / 会办 (Guangdong), 主要协作, 共同责任 name the same roles as 牵头 / 配合 / 责任."""
        assert [(n, rel) for n, rel, _ in self.roles("主办单位：省卫健委；会办单位：省财政厅")] == [
            ("省卫健委", "LEADS"), ("省财政厅", "COOPERATES_ON")]
        assert [(n, rel) for n, rel, _ in self.roles("牵头单位：市教育局；共同责任单位：市财政局")] == [
            ("市教育局", "LEADS"), ("市财政局", "RESPONSIBLE_FOR")]
        assert [(n, rel) for n, rel, _ in self.roles("主要协作单位：各乡镇政府")] == [
            ("各乡镇政府", "COOPERATES_ON")]
        assert [(n, rel) for n, rel, _ in self.roles("主责部门：省财政厅；支持单位：省发改委")] == [
            ("省财政厅", "LEADS"), ("省发改委", "COOPERATES_ON")]
        assert [(n, rel) for n, rel, _ in self.roles("牵头：省发改委；配合：省财政厅")] == [
            ("省发改委", "LEADS"), ("省财政厅", "COOPERATES_ON")]
        assert [(n, rel) for n, rel, _ in self.roles("省发改委负总责，省财政厅配合")] == [
            ("省发改委", "LEADS"), ("省财政厅", "COOPERATES_ON")]
        assert [n for n, _, _ in self.roles("省财政厅、省发改委等按职能分工负责")] == [
            "省财政厅", "省发改委"]
        # a person named in the clause (王副市长) is no body
        assert [(n, rel) for n, rel, _ in self.roles("王副市长负责，市发改委牵头")] == [
            ("市发改委", "LEADS")]
        # a body that supervises (督办) or guides (指导) the work does none of it
        assert [n for n, _, _ in self.roles("牵头单位：省发改委；督办单位：省政府督查室")] == ["省发改委"]
        # 第一责任单位 / 共同牵头单位 lead, 支撑单位 supports, 落实单位 and 主管部门 answer for it
        assert [(n, rel) for n, rel, _ in self.roles("第一责任单位：市发改委；责任单位：市财政局")] == [
            ("市发改委", "LEADS"), ("市财政局", "RESPONSIBLE_FOR")]
        assert [(n, rel) for n, rel, _ in self.roles("共同牵头单位：市发改委、市工信局；支撑单位：市统计局")] == [
            ("市发改委", "LEADS"), ("市工信局", "LEADS"), ("市统计局", "COOPERATES_ON")]
        assert [(n, rel) for n, rel, _ in self.roles("主管部门：市商务局；落实单位：各区政府")] == [
            ("市商务局", "LEADS"), ("各区政府", "LEADS")]
        # a verb that says which body (局主办科室, 各牵头单位) gives no role
        assert [(n, rel) for n, rel, _ in self.roles("局主办科室")] == [("局主办科室", "LEADS")]


class TestOrphans:
    def test_clause_after_clause_is_orphan(self) -> None:
        text = "（十八）建成平台。（各有关部门负责）。（省发改委、数字办负责）（十九）制定办法。（省商务厅负责）"
        outline = build_outline(text)
        assert [len(n.clauses) for n in outline.nodes] == [1, 1]
        assert [(o.node.number, text[o.token.start:o.token.end]) for o in outline.orphans] == [
            (18, "（省发改委、数字办负责）")]

    def test_clause_after_each_sentence_is_not_orphan(self) -> None:
        text = "（一）甲。（省发改委负责）乙。（省商务厅负责）"
        outline = build_outline(text)
        assert len(outline.nodes[0].clauses) == 2 and outline.orphans == []


class TestMerge:
    def test_distinct_sentences_in_order(self) -> None:
        assert merge_texts(["甲。乙。", "甲。", "丙。乙。"]) == "甲。乙。丙。"

    def test_conflict_needs_two_different_clauses(self) -> None:
        assert is_conflict(["（甲负责）", "（乙负责）"])
        assert not is_conflict(["（甲负责）", "（甲负责）"])
        assert not is_conflict(["", "（甲负责）"])

    def test_title_is_first_clause(self) -> None:
        assert title_of("升级现有政务云平台，加快建设电子政务过渡机房。") == "升级现有政务云平台"


class TestSections:
    def test_lost_heading_leaves_tasks_unplaced(self) -> None:
        secs = [SectionRecord(number=3, title="c", first_task=16),
                SectionRecord(number=4, title=None, first_task=None),
                SectionRecord(number=5, title="e", first_task=32)]
        placed, uncertain = assign_sections(secs, [16, 20, 31, 32, 33])
        assert placed == {16: 3, 20: None, 31: None, 32: 5, 33: 5}
        assert uncertain == [20, 31]

    def test_consecutive_sections(self) -> None:
        secs = [SectionRecord(number=1, title="a", first_task=1),
                SectionRecord(number=2, title="b", first_task=7)]
        placed, uncertain = assign_sections(secs, [1, 6, 7, 9])
        assert placed == {1: 1, 6: 1, 7: 2, 9: 2} and uncertain == []


class TestInfrastructure:
    @pytest.mark.parametrize(("phrase", "kind"), [
        ("海峡国际大数据中心", "DataCenter"), ("电子政务过渡机房", "DataCenter"),
        ("政务云平台", "Platform"), ("无线政务专网", "Network"), ("泉州软件园", "Park"),
        ("舆情监控系统", "System"), ("大数据资源库", "Database"),
    ])
    def test_kind_from_head_word(self, phrase: str, kind: str) -> None:
        found = head_of(phrase)
        assert found is not None and found[1] == kind

    def test_named_in_quotes_and_newer_heads(self) -> None:
        """A name in quotes followed by its head word is a name (a quoted slogan is not);
        APP, 网上办事大厅 and 二级节点 are heads; 升级改造 is one action."""
        found = [(m.name, m.kind, m.action) for m in find_mentions(
            "完善“闽政通”平台和省网上办事大厅，升级改造电子政务外网，落实“放管服”改革。")]
        assert found == [("“闽政通”平台", "Platform", "完善"), ("省网上办事大厅", "Platform", "完善"),
                         ("电子政务外网", "Network", "升级改造")]

    def test_split_coordination_on_he(self) -> None:
        t = "社区养老服务平台和养老机构监管平台"
        assert [t[a:b] for a, b in split_coordination(t, 0, len(t))] == [
            "社区养老服务平台", "养老机构监管平台"]

    def test_split_enumeration(self) -> None:
        names = [m.name for m in find_mentions(
            "建设视频融合共享平台、物联网公共支撑平台、多卡融合平台、政务空间信息云服务平台等。")]
        assert names == ["视频融合共享平台", "物联网公共支撑平台", "多卡融合平台",
                         "政务空间信息云服务平台"]

    def test_action_verb_kept(self) -> None:
        m = find_mentions("升级现有政务云平台，加快建设数字福建（长乐）云计算中心。")
        assert [(x.name, x.action) for x in m] == [
            ("政务云平台", "升级"), ("数字福建（长乐）云计算中心", "建设")]

    @pytest.mark.parametrize(("text", "expected"), [
        ("加快5G试验网部署。", [("5G试验网", "部署")]),
        ("建设数字福建（长乐）云计算中心二期。", [("数字福建（长乐）云计算中心", "建设")]),
    ])
    def test_words_after_a_mention(self, text: str, expected: list[tuple[str, str]]) -> None:
        assert [(m.name, m.action) for m in find_mentions(text)] == expected

    @pytest.mark.parametrize("text", ["强化集约化、平台化建设。", "培育一批工业互联网平台型企业。",
                                      "实现“一行业一平台，一平台一公司”。"])
    def test_no_false_mentions(self, text: str) -> None:
        assert find_mentions(text) == []


def repair_text(text: str) -> tuple[str, list]:  # type: ignore[type-arg]
    nt = normalize(text)
    return nt.text, [r for r in nt.repairs if r.kind != "pinyin-gloss"]


class TestRepairs:
    def test_lost_interpunct(self) -> None:
        fixed, repairs = repair_text("推进“数字福建?宽带工程”")
        assert fixed == "推进“数字福建·宽带工程”"
        assert len(repairs) == 1 and repairs[0].evidence == [(7, 8)]

    def test_question_mark_elsewhere_untouched(self) -> None:
        assert repair_text("What? 是吗？")[1] == []


class TestHeader:
    def test_notice_and_signature(self) -> None:
        h = read_header("福建省人民政府办公厅关于印发2015年数字福建工作要点的通知发布日期:2015-02-28"
                        "闽政办〔2015〕21号", ("福建省人民政府办公厅", "2015-02-17"))
        assert (h.issuer, h.plan_title, h.published, h.signed, h.year, h.doc_number) == (
            "福建省人民政府办公厅", "2015年数字福建工作要点", "2015-02-28", "2015-02-17", 2015,
            "闽政办〔2015〕21号")

    def test_other_notices_name_their_issuer(self) -> None:
        h = read_header("河南省人民政府 关于明确政府工作报告提出的2023年 重点工作责任单位的通知 "
                        "豫政〔2023〕5号 现将…", None)
        assert (h.issuer, h.title, h.year) == (
            "河南省人民政府", "河南省人民政府 关于明确政府工作报告提出的2023年 重点工作责任单位的通知",
            2023)
        # a page run onto one line: the title ends at 的通知; the year comes from the number
        h = read_header("山西省人民政府印发关于山西省国民经济和社会发展第十一个五年规划纲要的报告工作目标"
                        "责任分解的通知 晋政发〔2006〕10号 各市、县人民政府:", None)
        assert (h.issuer, h.title.endswith("责任分解的通知"), h.year) == ("山西省人民政府", True, 2006)

    def test_site_navigation_is_no_title(self) -> None:
        """Lines of the site above the plan are passed over for the first whole line that names
        a plan; the end of a title broken over lines is not one."""
        h = read_header("电脑桌面\n添加到收藏\n贯彻落实《关于加强街道工作的意见》的任务分解方案\n为…", None)
        assert h.title == "贯彻落实《关于加强街道工作的意见》的任务分解方案"
        h = read_header("广东省人民政府办公厅关于印发广东省\n2021年政务公开工作要点的通知\n", None)
        assert h.title == "广东省人民政府办公厅关于印发广东省"

    def test_a_metadata_label_is_no_issuer(self) -> None:
        h = read_header("文件名称关于印发2021年市政府重点工作责任分解的通知 文件类型黄政办发", None)
        assert (h.title, h.issuer) == ("关于印发2021年市政府重点工作责任分解的通知", None)

    def test_a_metadata_line_is_no_title(self) -> None:
        """发布文号: … names the document; with no title line after it, the plan's title is the
        title, and a title the page broke over lines is one."""
        h = read_header("发布文号: 黄政发[2007]7号\n各县、市、区人民政府:\n《黄冈市国民经济和\n"
                        "社会发展第十一个五年规划纲要》是…", None)
        assert (h.title, h.plan_title) == ("黄冈市国民经济和社会发展第十一个五年规划纲要",) * 2

    def test_a_sentence_or_a_news_lede_is_no_title(self) -> None:
        """A page opening with a sentence names no title; a law it cites is not the plan; the
        sentence's year is still the plan's."""
        h = read_header("监察部门要按照《行政监察法》等法律法规的规定,对责任人追究责任。\n", None)
        assert (h.title, h.year) == (None, None)
        h = read_header("本网讯(记者 王某)近日,记者从县政府获悉,2018年要实施好八大行动。\n", None)
        assert (h.title, h.year) == (None, 2018)

    def test_addressees_are_no_title(self) -> None:
        h = read_header("县示范区管委会,各乡、镇人民政府,县直各有关单位:\n经县政府同意,现将《2025年县"
                        "政府工作报告任务分解》印发给你们", None)
        assert (h.title, h.year) == ("2025年县政府工作报告任务分解", 2025)


def test_the_simplified_characters_t2s_changes_are_derived_from_opencc() -> None:
    """rules.toml lists them (deriving them costs each process 3 ms); they must stay the ones
    OpenCC's table gives, or a Traditional text could be missed."""
    from loaders.normalize import _simplified_keys, _t2s_characters
    derived = {ch for ch in _t2s_characters() if len(ch) == 1 and ch.encode("gb2312", "ignore")}
    assert set(_simplified_keys()) == derived


def _edges(text: str) -> set[tuple[str, str, str]]:
    return {(t.text[:4], a.name, a.relation) for t in read_text(text).tasks for a in t.agencies}


class TestPagesOfOtherPlaces:
    def test_a_page_that_opens_inside_a_task_keeps_that_task(self) -> None:
        """The later page of a paginated copy: the text before the first number, closed by
        its clause right before that number, is a task whose number is on another page."""
        page = """环境保护规划(第3页)
推进农业面源污染治理,建设农村沼气设施。
责任单位:市农业委员会
配合单位:各县、区人民政府
4.继续推进“百园建设”工程。
责任单位:市城市管理行政执法局
"""
        assert _edges(page) == {
            ("推进农业", "市农业委员会", "LEADS"), ("推进农业", "各县、区政府", "COOPERATES_ON"),
            ("继续推进", "市城市管理行政执法局", "LEADS")}

    def test_a_header_line_over_a_label_line_is_no_task(self) -> None:
        page = """各类工作方案(第11/58页)
牵头单位:市生态环境局
6.依法开展规划环境影响评价。
牵头单位:市生态环境局
"""
        assert _edges(page) == {("依法开展", "市生态环境局", "LEADS")}

    def test_bureaus_alone_in_a_bracket_after_a_sentence_lead(self) -> None:
        """A county's minutes name its own bureaus with no level; after a name, a bracket of
        names is the name's other names, not a clause."""
        minutes = """ 1、在过年期间要准备寒冬送暖事宜。(民政局)
 2、有关财务的调度要做好各项准备工作。(财政局、教育局)
 3、招商合作局(行政审批局、政务服务中心)做好招商。(县商务局负责)
"""
        assert _edges(minutes) == {
            ("在过年期", "民政局", "LEADS"), ("有关财务", "财政局", "LEADS"),
            ("有关财务", "教育局", "LEADS"), ("招商合作", "县商务局", "LEADS")}

    def test_named_street_offices_new_towns_and_credit_unions_keep_their_names(self) -> None:
        assert carry_prefix(["区科技局", "永丰街办事处", "新城管理局", "城联社", "财政局"], REG) == [
            "区科技局", "永丰街办事处", "新城管理局", "城联社", "区财政局"]

    def test_a_column_headed_task_division_names_the_bodies(self) -> None:
        table = """2023年政务公开工作要点任务分工
工作要点
具体要求
任务分工
教育民生
做好高校毕业生就业创业补贴等信息公开。
学生处,各高等学校
推进义务教育入学政策宣传、解读。
基教处
"""
        assert _edges(table) == {("做好高校", "学生处", "LEADS"), ("做好高校", "各高等学校", "LEADS"),
                                 ("推进义务", "基教处", "LEADS")}

    def test_a_unit_cell_closed_by_a_full_stop_is_a_unit_cell(self) -> None:
        """One cell a line: a list of bodies closed by 。 is the unit column's, a task closed
        by 。 that ends in a body's ending (开工建设老年大学。) is not."""
        table = """序号
重点工作任务
主要责任单位
协同配合单位
3
固定资产投资增长7.5%左右。
区发改委
区工信局、区住建局,各乡镇人民政府、街道办事处,谯城经开区管委会。
69
深化与海亮集团合作,积极引进优质教育资源。
区教育局
区投资促进中心。
"""
        assert _edges(table) == {
            ("固定资产", "区发改委", "LEADS"), ("固定资产", "区工信局", "COOPERATES_ON"),
            ("固定资产", "区住建局", "COOPERATES_ON"), ("固定资产", "各乡镇政府", "COOPERATES_ON"),
            ("固定资产", "各街道办事处", "COOPERATES_ON"),
            ("固定资产", "谯城经开区管委会", "COOPERATES_ON"),
            ("深化与海", "区教育局", "LEADS"), ("深化与海", "区投资促进中心", "COOPERATES_ON")}

    def test_each_levels_department_of_one_sector_is_one_collective(self) -> None:
        plan = "1、推进工作。（省发改委牵头，各设区市、县信息化主管部门配合）\n" \
               "2、推进工作。（市发改委牵头，各县、区教育局、市财政局配合）\n"
        assert _edges(plan) == {
            ("推进工作", "省发改委", "LEADS"),
            ("推进工作", "各设区市、县信息化主管部门", "COOPERATES_ON"),
            ("推进工作", "市发改委", "LEADS"), ("推进工作", "各县、区教育局", "COOPERATES_ON"),
            ("推进工作", "市财政局", "COOPERATES_ON")}

    def test_a_sentence_pointing_back_at_the_work_closes_its_group(self) -> None:
        plan = """(二)环境保护
1.加强节能减排管理。
2.加强城市噪声监控。
此项工作由市环保局牵头,市建委和各区政府配合。
"""
        roles = {("市环保局", "LEADS"), ("市建委", "COOPERATES_ON"), ("各区政府", "COOPERATES_ON")}
        assert _edges(plan) == {(start, name, relation) for start in ("加强节能", "加强城市")
                                for name, relation in roles}

    def test_a_programme_named_after_a_province_takes_no_carried_prefix(self) -> None:
        assert carry_prefix(["省发改委", "数字福建专家委员会", "经信委"], REG) == [
            "省发改委", "数字福建专家委员会", "省经信委"]

    def test_an_item_whose_text_opens_with_a_two_digit_year(self) -> None:
        minutes = """ 5、年关将近,要做好财务准备工作。(财政局)
 6、98年元旦升旗活动相关事宜,应事先做好规划。(教育局)
附件1、2021年任务分解表
"""
        tasks = read_text(minutes).tasks
        assert [(t.label, t.text[:4]) for t in tasks] == [("5", "年关将近"), ("6", "98年元")]

    def test_a_heading_that_only_names_its_bodies_is_no_task(self) -> None:
        """Items of a section begun on another page, then 3.各协办单位 over one item per body:
        the heading is no task, and item (3) above it keeps none of its bodies."""
        page = """(1)成立工作领导小组。
(2)推荐上报具体行政村。
(3)落实配套建设资金。
3.各协办单位
(1)市发改委
负责提供农村经济发展状况监测。
(2)市农林局
负责提供农业产业发展政策。
"""
        assert _edges(page) == {("负责提供", "市发改委", "LEADS"), ("负责提供", "市农林局", "LEADS")}
