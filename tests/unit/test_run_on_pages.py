"""Pages that lost their line breaks or carry a table under a paragraph: label lines run on
one line, a table header closing the notice's last paragraph, rows between blank lines."""

from __future__ import annotations

import pytest

from loaders import read_text


def edges(text: str) -> set[tuple[str, str, str]]:
    return {(t.label, a.name, a.relation) for t in read_text(text).tasks for a in t.agencies}


LABELS_RUN_ON = (
    "某市2014年民生实事项目进展情况\n"
    "1.新增安装300套交通视频采集设备。 牵头领导:王某 责任单位:市公安局 项目责任人:李某 "
    "配合单位:市城管局、市财政局 实际完成情况:中心设备调试、前端摄像机安装已完成55%。 "
    "2.新辟公交线路10条。 牵头领导:王某 责任单位:市交通委 项目责任人:张某 "
    "配合单位:市公安局、各区政府 3.新投放公共自行车3000辆。 牵头领导:王某 "
    "责任单位:市交通委 配合单位:市发改委、市财政局\n")


# With no full stop before it, 牵头责任单位: still closes item 1 (its list names bodies).
LABELS_GLUED = (
    "某县2021年政府工作报告任务分解\n"
    "1.加强重大公共卫生安全风险源头防控,切实保障人民群众生命安全牵头责任单位:县卫健委"
    "主要协作单位:各乡镇人民政府、县政府有关部门2.创建国家卫生县城。牵头责任单位:县卫健委、"
    "县民政局主要协作单位:县财政局\n")


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(LABELS_RUN_ON, {
        ("1", "市公安局", "LEADS"), ("1", "市城管局", "COOPERATES_ON"),
        ("1", "市财政局", "COOPERATES_ON"),
        ("2", "市交通委", "LEADS"), ("2", "市公安局", "COOPERATES_ON"),
        ("2", "各区政府", "COOPERATES_ON"),  # the list ends where item 3 starts, after a space
        ("3", "市交通委", "LEADS"), ("3", "市发改委", "COOPERATES_ON"),
        ("3", "市财政局", "COOPERATES_ON"),
    }, id="labels-of-people-and-progress-name-no-body"),
    pytest.param(LABELS_GLUED, {
        ("1", "县卫健委", "LEADS"), ("1", "各乡镇政府", "COOPERATES_ON"),
        ("1", "县政府有关部门", "COOPERATES_ON"),
        ("2", "县卫健委", "LEADS"), ("2", "县民政局", "LEADS"), ("2", "县财政局", "COOPERATES_ON"),
    }, id="a-label-glued-to-the-items-last-word"),
])
def test_labels_run_on_one_line(text: str, expected: set[tuple[str, str, str]]) -> None:
    """Labels on a page that lost its line breaks: 项目责任人 names a person and 实际完成情况
    the progress (neither list is bodies); a label glued to an item's last word closes it."""
    assert edges(text) == expected


HEADER_AFTER_NOTICE = (
    "某市人民政府办公室关于分解落实2018年政府工作任务的通知 各镇人民政府,各街道办事处: "
    "现将2018年政府工作任务下达给你们,请认真组织实施. 附件:某市2018年政府工作任务分解表 "
    "序号 名称 工作任务 牵头责任单位\n\n"
    "一、经济社会发展主要预期目标分解(3项)\n\n"
    "1 地区生产总值增长7%以上. 发改委\n\n"
    "2 一般公共预算收入增长8%以上. 财政局\n\n"
    "3 全社会固定资产投资额550亿元. 发改委、经信委、科技局\n")


def test_a_header_closing_a_paragraph_and_rows_between_blank_lines() -> None:
    """The column names close the notice's last line; a blank line separates every row."""
    assert edges(HEADER_AFTER_NOTICE) == {
        ("1", "发改委", "LEADS"), ("2", "财政局", "LEADS"),
        ("3", "发改委", "LEADS"), ("3", "经信委", "LEADS"), ("3", "科技局", "LEADS"),
    }


def test_a_bare_name_of_another_province_is_not_the_registrys_body() -> None:
    """发改委 in a plan of 常熟市 is 常熟's, not the registry's provincial 省发改委."""
    changshu = HEADER_AFTER_NOTICE.replace("某市人民政府办公室", "常熟市人民政府办公室")
    agencies = {a.name: a.key for t in read_text(changshu).tasks for a in t.agencies}
    assert agencies["发改委"] == "发改委"


DEADLINED = ("一、重点任务\n1.推进重大项目建设。（省发改委、省财政厅，2023年底前）\n"
             "2.推进数字经济发展。（省工信厅，长期坚持）\n")

# Items of one plan in the forms pages give them: the text, and every edge it states.
ITEM_FORMS = {
    # units on their own lines under each item are labelled clauses, not the header of a
    # table one cell a line
    "label lines under each item": (
        "一、重点任务\n1.推进重大项目建设。\n牵头单位：省发改委\n配合单位：省财政厅\n"
        "2.推进数字经济发展。\n责任单位：省工信厅\n",
        {("1", "省发改委", "LEADS"), ("1", "省财政厅", "COOPERATES_ON"), ("2", "省工信厅", "LEADS")}),
    "a clause after a dash": (
        "一、重点任务\n1.推进重大项目建设。——省发改委牵头，省财政厅配合\n2.推进数字经济发展。——省工信厅负责\n",
        {("1", "省发改委", "LEADS"), ("1", "省财政厅", "COOPERATES_ON"), ("2", "省工信厅", "LEADS")}),
    "bodies alone after a dash": (
        "一、重点任务\n1.推进重大项目建设。——省发改委、省财政厅\n2.推进数字经济发展。——省工信厅\n",
        {("1", "省发改委", "LEADS"), ("1", "省财政厅", "LEADS"), ("2", "省工信厅", "LEADS")}),
    "bodies in brackets with their deadline": (
        DEADLINED,
        {("1", "省发改委", "LEADS"), ("1", "省财政厅", "LEADS"), ("2", "省工信厅", "LEADS")}),
    "an item that opens with its body and a colon": (
        "一、成员单位职责\n（1）省委宣传部：负责舆论引导。\n（2）省发改委：组织粮食储备。\n",
        {("1", "省委宣传部", "LEADS"), ("2", "省发改委", "LEADS")}),
    "an item whose first line is only its body": (
        "一、成员单位职责\n1.省气象局\n负责预报预警的发布。\n2.省气候中心\n负责气候预测。\n",
        {("1", "省气象局", "LEADS"), ("2", "省气候中心", "LEADS")}),
    "bodies in brackets that open an item": (
        "一、重点任务\n1.【省发改委】推进重大项目建设。\n2.【省工信厅、省财政厅】推进数字经济发展。\n",
        {("1", "省发改委", "LEADS"), ("2", "省工信厅", "LEADS"), ("2", "省财政厅", "LEADS")}),
    # 团市委 puts its level second; a bracket of such bodies alone is still their clause
    "bare lists with mass organisations": (
        "一、重点任务\n1.关爱青少年成长。（团市委、市妇联）\n2.推进数字经济发展。（市工信局负责）\n",
        {("1", "团市委", "LEADS"), ("1", "市妇联", "LEADS"), ("2", "市工信局", "LEADS")}),
    "a label of the body that supplies the figures": (
        "一、主要目标\n1.地区生产总值增长6%。（牵头单位：市发改委；数据提供单位：市统计局）\n",
        {("1", "市发改委", "LEADS")}),
    "等部门 before a qualifier and the verb": (
        "一、主要目标\n1.单位用水量达到省要求。（市水利局、市工信局等部门按职责分工负责）\n",
        {("1", "市水利局", "LEADS"), ("1", "市工信局", "LEADS")}),
    "the first-ranked body leads, from there on": (
        "一、主要目标\n1.生产总值增长10%。（由市发改委、统计局负责。一项任务涉及多个部门的，"
        "由排名首位的部门牵头负责。下同）\n2.出口增长15%。（由市商务局、财政局负责）\n",
        {("1", "市发改委", "LEADS"), ("1", "市统计局", "RESPONSIBLE_FOR"),
         ("2", "市商务局", "LEADS"), ("2", "市财政局", "RESPONSIBLE_FOR")}),
    # a department's own sections (科) are bodies; 统筹 names the lead
    "sections of a bureau, one of them coordinating": (
        "一、重点任务\n1.更新公开目录。（法规科牵头，相关科（室）配合）\n"
        "2.开设营商环境专栏。（法规科统筹，各职能科配合）\n",
        {("1", "法规科", "LEADS"), ("1", "相关科", "COOPERATES_ON"),
         ("2", "法规科", "LEADS"), ("2", "各职能科", "COOPERATES_ON")}),
    # 由A、B，C负责落实: the verb after the last of two lists is theirs too
    "a sentence of roles whose lists a comma parts": (
        "一、十件实事\n（一）继续实施种粮补贴。由市财政局、农业局，各县（市）、区人民政府负责落实。\n",
        {("1", "市财政局", "LEADS"), ("1", "市农业局", "LEADS"),
         ("1", "各县（市）、区政府", "LEADS")}),
    # the bodies 会同 joins to the named one work with it
    "the partners after 会同": (
        "一、重点任务\n1.推进信息公开。（监测司牵头，会同大气司落实）\n"
        "2.推进数据共享。（省发改委会同省财政厅、省统计局负责）\n",
        {("1", "监测司", "LEADS"), ("1", "大气司", "COOPERATES_ON"),
         ("2", "省发改委", "LEADS"), ("2", "省财政厅", "COOPERATES_ON"),
         ("2", "省统计局", "COOPERATES_ON")}),
    # 州 is a level as 市 is (延边州); a label glued to the unit before it still ends the list
    "bodies of a prefecture, and a label glued to a unit": (
        "一、重点任务\n1.推进5G建设。（州工信局、州通信办、各县〔市〕人民政府）\n"
        "2.老旧小区改造。\n牵头单位:县城管执法局\n责任单位:莲塘镇任务目标:改造住宅小区,外立面\n",
        {("1", "州工信局", "LEADS"), ("1", "州通信办", "LEADS"), ("1", "各县〔市〕政府", "LEADS"),
         ("2", "县城管执法局", "LEADS"), ("2", "莲塘镇", "RESPONSIBLE_FOR")}),
    # every sentence of an item may close with its own bracket of bodies
    "bodies in brackets after each sentence": (
        "一、重点任务\n（一）完善准入机制。推广场景应用（区市场局、区行政服务中心）。"
        "提升登记便利度（区大数据中心）。\n",
        {("1", "区市场局", "LEADS"), ("1", "区行政服务中心", "LEADS"),
         ("1", "区大数据中心", "LEADS")}),
    # 承办 leads; sectors before 部门 share it and take the list's level
    "sector departments in a sentence of roles": (
        "一、实事项目\n（一）建设民族乡道路。由县民族局、交通部门共同组织实施。\n"
        "（二）食品安全整治。由省经贸委承办，省卫生厅、公安、工商部门协办。\n",
        {("1", "县民族局", "LEADS"), ("1", "县交通部门", "LEADS"),
         ("2", "省经贸委", "LEADS"), ("2", "省卫生厅", "COOPERATES_ON"),
         ("2", "省公安部门", "COOPERATES_ON"), ("2", "省工商部门", "COOPERATES_ON")}),
    # a star after a unit marks the lead of its cell, as one before it does (**镇 is masked)
    "a star after the lead unit": (
        "序号\n重点工作任务\n责任单位\n1\n争取省市财政专项资金13亿元以上。\n区财政局*、区发改局\n"
        "2\n推进重大项目建设。\n区发改局\n",
        {("1", "区财政局", "LEADS"), ("1", "区发改局", "RESPONSIBLE_FOR"), ("2", "区发改局", "LEADS")}),
    # 活动二、 heads its group as 二、 would: its items restart at 1
    "headings whose numeral follows a word": (
        "活动一、开展文明城市创建。\n1、县直各单位开展创建活动。\n落实单位:县委宣传部\n"
        "活动二、开展文明社区创建。\n1、社区建立文化组织。\n落实单位:县文体局\n",
        {("1.1", "县委宣传部", "LEADS"), ("2.1", "县文体局", "LEADS")}),
    # a sentence of roles after a dash, on the line below its item, in a plan with no clause
    "a dash, then 由A会同B和C": (
        "一、主要目标\n1、城镇登记失业率控制在4.5%以内。\n"
        "──由市劳动和社会保障局会同有关部门和各县市区组织落实。\n"
        "2、人口自然增长率控制在6‰以内。\n──由市人口计生委和各县市区组织落实。\n",
        {("1", "市劳动和社会保障局", "LEADS"), ("1", "各有关部门", "COOPERATES_ON"),
         ("1", "各县市区", "COOPERATES_ON"), ("2", "市人口计生委", "LEADS"),
         ("2", "各县市区", "LEADS")}),
    # a page that lost its line breaks: a list ends where the next number is glued to it
    "a label list glued to the next item's number": (
        "一、重点任务1.深化国资改革。责任单位:县财政局、县国资委2.推进数字经济。"
        "责任单位:县工信局（二）加强民生保障。（牵头单位:县人社局（三）稳定就业。\n",
        {("1", "县财政局", "LEADS"), ("1", "县国资委", "LEADS"), ("2", "县工信局", "LEADS"),
         ("2", "县人社局", "LEADS")}),
    # a ministry's plan names its own departments without a level, most of them 司
    "a ministry's departments in bare brackets": (
        "一、重点任务\n1.加强信息公开。（大气司、水司、执法局）\n2.推进环评改革。（环评司）\n",
        {("1", "大气司", "LEADS"), ("1", "水司", "LEADS"), ("1", "执法局", "LEADS"),
         ("2", "环评司", "LEADS")}),
    # the plan's own principles say who leads, before any clause
    "the first listed leads, said before the tasks": (
        "一、分工原则\n多个部门负责的，排在第一位的为牵头单位。\n二、主要目标\n"
        "（一）生产总值年均增长8.5%（市发改委、市统计局）\n（二）脱贫人口1万人（市扶贫办）\n",
        {("1", "市发改委", "LEADS"), ("1", "市统计局", "RESPONSIBLE_FOR"),
         ("2", "市扶贫办", "LEADS")}),
}


@pytest.mark.parametrize(("text", "expected"), ITEM_FORMS.values(), ids=ITEM_FORMS.keys())
def test_item_forms(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert edges(text) == expected


def test_a_deadline_in_the_bracket_of_bodies_is_the_tasks() -> None:
    assert [t.deadline for t in read_text(DEADLINED).tasks] == ["2023年底前", "长期坚持"]


def test_tasks_of_one_paragraph_start_at_their_own_words() -> None:
    """一是…（A负责）；二是…（B负责）: the second task starts at 二是, not at the ；."""
    text = "一、重点任务\n一是推进重大项目建设（省发改委负责）；二是推进数字经济发展（省工信厅负责）。\n"
    assert [t.text[:2] for t in read_text(text).tasks] == ["一是", "二是"]


def test_a_glued_label_word_before_no_bodies_is_text() -> None:
    """明确责任单位:… followed by no body is the item's own text, not a clause."""
    text = ("1.明确各项任务的责任单位:分解到岗、落实到人。（县政府办负责）\n"
            "2.推进工作。（县财政局负责）\n")
    assert edges(text) == {("1", "县政府办", "LEADS"), ("2", "县财政局", "LEADS")}


def test_items_numbered_with_one_character_and_a_glued_heading_numeral() -> None:
    """⑴ ⑵ number items anywhere; a list ends at （2） and at 二、 glued to its last name."""
    text = ("某省任务分工\n一、约束性指标1.指标。 ⑴巩固率达到97%。 责任单位:省教育厅。 "
            "⑵森林覆盖率提高到42%,森林蓄积量达到3.2亿立方米。 责任单位:省林业厅"
            "二、重点任务（1）推进改革。牵头单位:省发改委（2）加强监管。牵头单位:省市场监管局\n")
    by_text = {(t.text[:4], a.name, a.relation) for t in read_text(text).tasks for a in t.agencies}
    assert by_text == {
        ("巩固率达", "省教育厅", "LEADS"), ("森林覆盖", "省林业厅", "LEADS"),
        ("推进改革", "省发改委", "LEADS"), ("加强监管", "省市场监管局", "LEADS"),
    }
