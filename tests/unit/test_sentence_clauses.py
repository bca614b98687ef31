"""Tasks that say who does what in a sentence rather than a bracket or label clause:
由A会同B、C等部门研究提出落实意见 (A leads, B and C cooperate; only in plans with no clause),
and sentences of roles that close or open a task: ……。由市发改委牵头，市财政局配合。 /
由王副市长负责，市环保局牵头，相关部门配合，尽快完成…… (in any plan)."""

from __future__ import annotations

from loaders import read_text


def edges(text: str) -> set[tuple[int, str, str]]:
    return {(t.number, a.name, a.relation) for t in read_text(text).tasks for a in t.agencies}


DIVISION = """国务院办公厅关于落实若干意见有关政策措施分工的通知
一、工作分工
（一）关于“确保谷物基本自给”的问题，由发展改革委会同财政部、农业部等部门研究提出落实意见。
（二）关于“严守耕地保护红线”的问题，由国土资源部负责落实。
（三）关于“完善粮食收储制度”的问题，由于情况复杂，另行研究。
"""


def test_the_body_after_you_leads_and_those_after_huitong_cooperate() -> None:
    assert edges(DIVISION) == {
        (1, "发展改革委", "LEADS"), (1, "财政部", "COOPERATES_ON"), (1, "农业部", "COOPERATES_ON"),
        (2, "国土资源部", "LEADS"),
    }


def test_a_plan_with_clauses_keeps_to_its_clauses() -> None:
    text = """2024年工作要点
（一）建设全省统一的电子证照库，由省发改委会同省财政厅制定管理办法。（省数据管理局负责）
（二）推进政务外网扩容改造。（省通信管理局负责）
"""
    assert edges(text) == {(1, "省数据管理局", "LEADS"), (2, "省通信管理局", "LEADS")}


CLOSING = """2024年数字政府建设工作要点
一、夯实数字底座
（一）推进政务云平台建设。完善全市政务云平台，推动部门业务系统迁移上云。由市发改委牵头，市财政局、市大数据局配合。
（二）建设公共数据资源平台。市大数据局负责，各区县政府配合，2024年底前完成。
（三）加强网络安全保障。各部门要积极配合，市委网信办负责统筹全市网络安全工作。
"""


def test_a_sentence_of_roles_closing_a_task_is_its_clause() -> None:
    assert edges(CLOSING) == {
        (1, "市发改委", "LEADS"), (1, "市财政局", "COOPERATES_ON"), (1, "市大数据局", "COOPERATES_ON"),
        (2, "市大数据局", "LEADS"), (2, "各区县政府", "COOPERATES_ON"),
    }


def test_the_clause_sentence_is_not_task_text_and_its_deadline_is_kept() -> None:
    tasks = {t.number: t for t in read_text(CLOSING).tasks}
    assert "牵头" not in tasks[1].text and tasks[1].text.endswith("迁移上云。")
    assert tasks[2].deadline == "2024年底前完成"


def test_a_body_inside_the_work_is_no_role() -> None:
    # 各部门要积极配合 and 市委网信办负责统筹全市网络安全工作 are the work, not a list of roles.
    assert not {e for e in edges(CLOSING) if e[0] == 3}


OPENING = """关于做好与国家部委衔接事项的分工
1、设立综合配套改革试验区事宜
由张副市长负责，市发改委牵头，相关部门配合，尽快完成实施方案，经市政府审定后报省发改委审批。
2、城市轨道交通项目
由李副市长负责，市建设局牵头，市发改委配合，加强与国家发改委的衔接。
"""


def test_roles_opening_a_paragraph_leave_the_leader_and_the_work_out() -> None:
    assert edges(OPENING) == {
        (1, "市发改委", "LEADS"), (1, "相关部门", "COOPERATES_ON"),
        (2, "市建设局", "LEADS"), (2, "市发改委", "COOPERATES_ON"),
    }


def test_sentences_of_roles_in_a_plan_with_bracket_clauses() -> None:
    text = """2023年工作要点
（一）推进政务云平台建设。完善全市政务云平台。（牵头单位：市发改委；配合单位：市财政局）
（二）建设公共数据资源平台。由王副市长负责，市大数据局牵头，相关部门配合。
"""
    assert edges(text) == {
        (1, "市发改委", "LEADS"), (1, "市财政局", "COOPERATES_ON"),
        (2, "市大数据局", "LEADS"), (2, "相关部门", "COOPERATES_ON"),
    }


def test_roles_closing_the_sentence_of_the_work() -> None:
    text = """2024年工作要点
1.推进政务外网扩容改造，市大数据局牵头，市通信发展办配合，2024年6月底前完成。
2.推进一网通办，提升办事效率，各区县政府负责。
"""
    assert edges(text) == {
        (1, "市大数据局", "LEADS"), (1, "市通信发展办", "COOPERATES_ON"),
        (2, "各区县政府", "LEADS"),
    }


def test_a_sentence_pointing_back_at_the_work_and_a_body_opening_its_task() -> None:
    text = """交通综合治理工作要点
（一）严厉查处非法营运的外地出租车。
以上工作由市交通局负责，各有关部门配合。
（二）市园林局负责对影响交通的行道树进行修枝。
（三）支持龙头企业牵头组建创新联合体，开展关键核心技术攻关。
（四）省审计厅牵头的工作。全面加强审计工作。
"""
    # （三）: the body inside the work is no role. （四）: not a body opening its work but a
    # heading that names the lead of the work after it (tests/unit/test_heading_leads.py).
    assert edges(text) == {
        (1, "市交通局", "LEADS"), (1, "各有关部门", "COOPERATES_ON"),
        (2, "市园林局", "LEADS"), (4, "省审计厅", "LEADS"),
    }


def test_roles_opening_each_line_belong_to_the_work_after_them() -> None:
    """Lines of a list, each opened by its roles (after an ordinal or not): each line's bodies
    are its own, not the next line's; bodies and verbs chained in the opening all count."""
    text = """关于春运工作方案的解读
《方案》提出了5项重点工作任务。
一是由区运输管理所负责做好道路运输工作，提出了具体措施。
二是由区公安分局负责、区运输管理所配合做好春运安保反恐工作。
三是由区运输管理所负责区安监局配合抓好客货运输安全生产工作。
区信访局负责做好春运期间信访工作。
五是由团区委负责做好学生返乡返校购票工作，保证学生顺利出行。
"""
    tasks = read_text(text).tasks
    assert [t.text[:4] for t in tasks] == ["做好道路", "做好春运", "抓好客货", "做好春运", "由团区委"]
    assert edges(text) == {
        (1, "区运输管理所", "LEADS"),
        (2, "区公安分局", "LEADS"), (2, "区运输管理所", "COOPERATES_ON"),
        (3, "区运输管理所", "LEADS"), (3, "区安监局", "COOPERATES_ON"),
        (4, "区信访局", "LEADS"),
        (5, "团区委", "LEADS"),
    }


def test_bodies_opening_a_sentence_own_the_work_after_them() -> None:
    """Inside one paragraph, 县水务局牵头，组织开展… opens its own sentence's work; the point's
    title before its roles (二是停车场建设。) is that point's text; 由A牵头 keeps closing."""
    text = """河长制工作通报
要求县级部门实施好三大行动。县水务局牵头，组织开展打击非法采砂专项行动。县环保局牵头，督促乡镇污水设施建设。县农委、畜牧局牵头，严控畜禽养殖。
区长指出：一是共享单车管理。区交运局牵头，梳理投放量。二是停车场建设。区城管局负责，尽快拿出方案。
"""
    tasks = read_text(text).tasks
    assert [(t.text[:4], {a.name for a in t.agencies}) for t in tasks] == [
        ("组织开展", {"县水务局"}), ("督促乡镇", {"县环保局"}), ("严控畜禽", {"县农委", "县畜牧局"}),
        ("一是共享", {"区交运局"}), ("二是停车", {"区城管局"}),
    ]


def test_heading_leads_abbreviated_partners_and_hosting_bodies() -> None:
    """A heading closed by its clause leads the items under it (总牵头); 会 between two
    sections stands for 会同; （X组织实施） is a clause; under a named lead the 主办 bodies are
    responsible; 上述项目 points back at the project above it."""
    text = """某市大气污染防治分工方案
一、加快调整能源结构（市发改委总牵头）
1.制订煤炭消费总量控制方案。（市经信委负责）
2.推进清洁能源替代。
二、加强信息化建设
3.筹备召开推进大会。（管理科会信息化推进科、信息中心组织实施）
4.推进农村综合改革。（牵头领导：王某；牵头单位：市农办；主办单位：市编办、市财政局）
5.改建标准化菜市场4家。
上述项目由区商务委牵头负责。
"""
    assert edges(text) == {
        (1, "市经信委", "LEADS"), (2, "市发改委", "LEADS"),
        (3, "管理科", "LEADS"), (3, "信息化推进科", "COOPERATES_ON"),
        (3, "信息中心", "COOPERATES_ON"),
        (4, "市农办", "LEADS"), (4, "市编办", "RESPONSIBLE_FOR"), (4, "市财政局", "RESPONSIBLE_FOR"),
        (5, "区商务委", "LEADS"),
    }


def test_you_x_qiantou_followed_by_its_work_opens_that_work() -> None:
    """Sentences inside a paragraph that each begin 由X牵头 and go straight on to their work:
    each body leads the work after it, not the sentence before (in a numbered item, the item
    holds them all)."""
    report = """我省推行普法责任制
《意见》提出了重点措施。二是推行板块式普法。落实全省普法考试。由省委组织部牵头制定领导干部普法制度;由省教育厅牵头制定青少年普法制度;由省国资委牵头制定企业普法制度。三是加强企业普法。
"""
    assert [(t.text[:4], {a.name for a in t.agencies}) for t in read_text(report).tasks] == [
        ("二是推行", {"省委组织部"}), ("制定青少", {"省教育厅"}), ("制定企业", {"省国资委"}),
    ]
    item = """关于推行普法责任制的意见
一、推行板块式普法。由省委组织部牵头制定领导干部普法制度;由省教育厅牵头制定青少年普法制度。
二、加强企业普法。由省司法厅牵头,开展守法企业评选。
"""
    assert edges(item) == {(1, "省委组织部", "LEADS"), (1, "省教育厅", "LEADS"),
                           (2, "省司法厅", "LEADS")}
