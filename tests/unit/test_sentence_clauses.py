"""Plans with no bracket or label clause that say who does what in a sentence closing each
task: 由A会同B、C等部门研究提出落实意见 (A leads, B and C cooperate)."""

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
