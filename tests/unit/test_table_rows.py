"""Task tables copied with one space between cells, as government sites print them: heading
rows between the task rows, and unit cells that run onto the lines below."""

from __future__ import annotations

from loaders import read_text
from loaders.agencies import AgencyRegistry
from loaders.clauses import carry_prefix, clean_item

TABLE = """某区2025年政府工作报告重点工作任务分解表
序号 重点工作任务 主要责任单位 协同配合单位
一、主要预期目标
1 地区生产总值增长6.5%左右。 区发改委 区政府各部门,各乡镇人民政府、街道办事处。
2 一般公共预算收入增长5%左右。 区财政局
区税务局
区政府有关部门。
二、重点工作
3 社会消费品零售总额增长8.2%左右。 区商务局 区发改委、区市场监管局。
"""


def edges(text: str) -> set[tuple[int, str, str]]:
    return {(t.number, a.name, a.relation) for t in read_text(text).tasks for a in t.agencies}


def test_heading_rows_and_cells_on_the_lines_below() -> None:
    assert edges(TABLE) == {
        (1, "区发改委", "LEADS"), (1, "区政府各部门", "COOPERATES_ON"),
        (1, "各乡镇政府", "COOPERATES_ON"), (1, "各街道办事处", "COOPERATES_ON"),
        # 区财政局 / 区税务局 is one cell cut by a line break; the last line is the next column
        (2, "区财政局", "LEADS"), (2, "区税务局", "LEADS"), (2, "区政府有关部门", "COOPERATES_ON"),
        (3, "区商务局", "LEADS"), (3, "区发改委", "COOPERATES_ON"), (3, "区市场监管局", "COOPERATES_ON"),
    }


def test_the_heading_rows_are_sections() -> None:
    extraction = read_text(TABLE)
    assert [s.title for s in extraction.sections] == ["主要预期目标", "重点工作"]
    assert [t.text for t in extraction.tasks] == [
        "地区生产总值增长6.5%左右。", "一般公共预算收入增长5%左右。", "社会消费品零售总额增长8.2%左右。"]


def test_each_carries_to_the_bare_bodies_after_it() -> None:
    reg = AgencyRegistry.bundled()
    assert carry_prefix(["各乡镇人民政府", "街道办事处"], reg) == ["各乡镇人民政府", "各街道办事处"]
    # a place is no body: nothing carries; a zone committee keeps its own name
    assert carry_prefix(["各地", "教育局"], reg) == ["各地", "教育局"]
    assert carry_prefix(["各区县政府", "开发区管委会"], reg) == ["各区县政府", "开发区管委会"]
    # the bodies concerned have no level of their own to take
    assert carry_prefix(["区发改局", "相关乡镇办"], reg) == ["区发改局", "相关乡镇办"]


def test_renmin_zhengfu_is_shortened_inside_a_name() -> None:
    assert clean_item("市人民政府法制办公室").name == "市政府法制办公室"
    assert clean_item("福州市人民政府").name == "福州市政府"


# An assessment table one cell a line, as county sites print it: a group cell only on the
# first row it covers, empty cells left out, figures that look like row numbers, two units
# stacked in one cell, and a last column naming the body that scores the work.
ASSESSMENT = """某县2021年乡村振兴任务清单
考核项目
序号
考核指标
考核内容
单位
年度目标
责任部门
评分部门
农业高质高效
1
确保粮食有效供给
农林牧渔业增加值增幅
%
≥2%
县海洋与渔业局
县农业农村局
市农业农村局
2
粮食安全责任制
-
良好以上
县经济和信息化局
市商务局
3
油菜面积
万亩
0
县农业农村局
市农业农村局
4
水产品产量
万吨
42
县农业农村局
市海洋渔业局
"""


def test_assessment_table_one_cell_a_line() -> None:
    assert edges(ASSESSMENT) == {
        (1, "县海洋与渔业局", "LEADS"), (1, "县农业农村局", "LEADS"),
        (2, "县经济和信息化局", "LEADS"),
        (3, "县农业农村局", "LEADS"),
        (4, "县农业农村局", "LEADS"),
    }  # the 评分部门 (市农业农村局, 市商务局, 市海洋渔业局) score the work: no role


def test_assessment_rows_read_their_content_not_their_target() -> None:
    assert [t.text for t in read_text(ASSESSMENT).tasks] == [
        "农林牧渔业增加值增幅", "粮食安全责任制", "油菜面积", "水产品产量"]


# A table one cell a line over two pages: the header printed again, a count over the local
# units (13个街道、镇), two units run together in one cell, a deadline by day.
PAGED = """某区2021年重点工作任务分解表
序号
工作任务
牵头部门
相关责任部门
完成时间
1
推进素质教育
教育局
13个街道、镇
1月20日前
2
加强校园安全
派出所
文化站
12月底前
序号
工作任务
牵头部门
相关责任部门
完成时间
3
整治网吧环境
文化站
派出所工商所
6月底前
4
规范市场秩序
工商所
相关部门
9月底前
"""


def test_a_table_over_two_pages() -> None:
    extraction = read_text(PAGED)
    assert edges(PAGED) == {
        (1, "教育局", "LEADS"), (1, "13个街道、镇", "RESPONSIBLE_FOR"),
        (2, "派出所", "LEADS"), (2, "文化站", "RESPONSIBLE_FOR"),
        # 派出所工商所: two names the table writes on their own elsewhere
        (3, "文化站", "LEADS"), (3, "派出所", "RESPONSIBLE_FOR"), (3, "工商所", "RESPONSIBLE_FOR"),
        (4, "工商所", "LEADS"), (4, "相关部门", "RESPONSIBLE_FOR"),
    }
    assert [t.deadline for t in extraction.tasks] == ["1月20日前", "12月底前", "6月底前", "9月底前"]


def test_a_first_listed_note_in_brackets_inside_a_unit_cell() -> None:
    """The note is no part of the last body's name, and the cell is still a cell of units."""
    text = ("序号\t工作任务\t责任单位\n"
            "1\t推进重大项目建设\t市发改委、市财政局（列第一位的为牵头单位）\n"
            "2\t推进数字经济发展\t市工信局、市科技局\n")
    assert edges(text) == {(1, "市发改委", "LEADS"), (1, "市财政局", "RESPONSIBLE_FOR"),
                           (2, "市工信局", "LEADS"), (2, "市科技局", "LEADS")}
