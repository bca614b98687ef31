"""The infrastructure of the bundled 2015 plan, read by hand.

NAMED lists, task by task, every platform, data center, network, park, system and
database the text names (written down from reading the plan, not from the reader's output).
CATEGORY lists phrases that name a class of things rather than one (政务应用系统, 基础数据库):
the reader may report them, but they are not required. Anything else it reports is a false
mention.
"""

from __future__ import annotations

import pytest

from loaders import read_document
from loaders.records import Extraction

NAMED: dict[int, set[str]] = {
    5: {"大数据资源库"},
    7: {"国家级互联网骨干直联点", "区域国际互联网转接点"},
    8: {"数字福建（长乐）产业园", "中国国际信息技术（福建）产业园", "国际通信专用通道",
        "数字福建民生应用移动端门户"},
    9: {"下一代广播电视网"},
    10: {"电子政务内网", "无线政务专网", "政务外网"},
    11: {"政务云平台", "电子政务过渡机房", "中国国际信息技术（福建）产业园政务应用专区",
         "数字福建（长乐）云计算中心", "海峡国际大数据中心"},
    12: {"市级电子政务公共平台", "省政府门户网站", "政务通系统"},
    13: {"视频融合共享平台", "物联网公共支撑平台", "多卡融合平台", "政务空间信息云服务平台"},
    14: {"高分辨对地观测卫星分中心", "北斗区域运营服务中心", "海西北斗位置服务综合应用示范区"},
    15: {"全省应急指挥综合平台"},
    16: {"跨境电商平台", "市场主体信用公示平台", "市场监管平台"},
    20: {"福建省数据资源网"},
    21: {"泉州软件园", "厦门闽台云计算产业示范区"},
    26: {"城乡社区网格化服务管理综合信息平台"},
    27: {"警务云（一期）平台"},
    30: {"健康档案服务平台", "社区养老服务平台", "养老机构监管平台", "广电高清互动云电视平台"},
    32: {"权力运行网上公开平台"},
    35: {"市级电子证照共享服务平台", "个人证照服务平台"},
    36: {"省公共信用信息平台", "自然人信用信息系统"},
    39: {"海洋云平台", "金融管理系统", "价格监测系统", "外事服务系统", "科技管理系统",
         "国资监管系统", "社会科学决策咨询系统", "舆情监控系统", "移动办公平台"},
    40: {"政务大数据云平台"},
    42: {"水资源统一监测平台", "全省环境资源监测综合平台"},
    43: {"全省网上执法平台"},
    48: {"政务外网云计算平台安全监控和保障系统", "省网络与信息安全事件应急处置平台", "安全监管平台"},
    49: {"数字福建产业园", "船舶安全运行监测引航平台", "电子文件共享与电子签章互认平台"},
}
CATEGORY: dict[int, set[str]] = {
    4: {"省直部门数据中心"},  # the data centres of the provincial departments, to merge
    15: {"多手段通信网络系统"},  # satellite, trunking, short-wave … systems, as a class
    18: {"细分领域智慧应用平台"},  # a batch of platforms
    36: {"设区市信用平台"},  # the cities' credit platforms
    39: {"政务应用系统", "民生应用系统"},  # 等… classes
    40: {"基础数据库"},
}


@pytest.fixture(scope="module")
def found() -> dict[int, set[str]]:
    ex: Extraction = read_document()
    return {t.number: {i.name for i in t.infrastructure} for t in ex.tasks}


def test_recall_is_at_least_98_percent(found: dict[int, set[str]]) -> None:
    named = {(n, name) for n, names in NAMED.items() for name in names}
    hit = {(n, name) for n, name in named if name in found.get(n, set())}
    assert len(hit) / len(named) >= 0.98, sorted(named - hit)


def test_no_false_mentions(found: dict[int, set[str]]) -> None:
    false = {(n, name) for n, names in found.items() for name in names
             if name not in NAMED.get(n, set()) | CATEGORY.get(n, set())}
    assert false == set()
