"""A synthetic corpus of work plans shaped like the bundled 2015 plan, for benchmarks.

Every generated text is a *different document*, as in a real corpus: its own issuer (a
province's or a city's government office), place, plan title and year, so ``kg load`` of
``n`` files makes ``n`` documents. The (place, title, year) triples are drawn without
replacement; there are enough for several thousand documents.

Each text has the notice (sometimes twice), a signature, the plan title and a preamble, then
一、 sections and （一）… tasks numbered on across sections, each ending in a verb clause naming
agencies (the registry's provincial bodies with the place's level prefix, 省 or 市, and bare
forms after a prefixed item, so prefixes carry). Some task numbers are left out, some passages
are copied again further on, and a few clauses follow another clause (orphans) — the noise the
loader has to handle. Same ``n`` and ``seed``, same texts.

>>> texts = make_corpus(3, seed=1)
>>> len(texts), all("工作要点" in t for t in texts), texts == make_corpus(3, seed=1)
(3, True, True)

``python -m bench.synthetic N DIR [SEED]`` writes ``plan-0000.txt`` … into DIR.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from loaders.agencies import AgencyRegistry
from loaders.numerals import to_numeral
from loaders.rules import load_rules

_PROVINCIAL: Final = {"provincial_department", "provincial_office", "party_office",
                      "public_institution", "state_enterprise"}
_OTHERS: Final = {"central_branch", "company", "research_institute", "zone_committee",
                  "city_government", "county_government", "collective"}
HOME_PROVINCE: Final = "福建省"
# Provincial-level issuers (Taiwan, Hong Kong and Macau publish no such plans).
PROVINCES: Final = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
    "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
)
# Prefecture-level cities, the home province's first.
CITIES: Final = (
    "福州市", "厦门市", "莆田市", "三明市", "泉州市", "漳州市", "南平市", "龙岩市", "宁德市",
    "南昌市", "赣州市", "九江市", "杭州市", "宁波市", "温州市", "南京市", "苏州市", "无锡市",
    "合肥市", "芜湖市", "济南市", "青岛市", "烟台市", "郑州市", "洛阳市", "武汉市", "宜昌市",
    "长沙市", "株洲市", "广州市", "深圳市", "珠海市", "佛山市", "东莞市", "南宁市", "柳州市",
    "海口市", "成都市", "绵阳市", "贵阳市", "遵义市", "昆明市", "西安市", "宝鸡市", "兰州市",
    "西宁市", "银川市", "乌鲁木齐市", "呼和浩特市", "包头市", "太原市", "大同市", "石家庄市",
    "唐山市", "沈阳市", "大连市", "长春市", "哈尔滨市", "大庆市", "拉萨市", "盘锦市",
)
PLACES: Final = PROVINCES + CITIES
_SHORT: Final = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
                 "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆"}
TITLES: Final = ("{year}年数字{short}工作要点", "{year}年{short}信息化工作要点",
                 "{year}年{short}政务信息化工作要点", "{year}年{short}大数据发展工作要点",
                 "{year}年{short}数字经济发展工作要点", "{year}年{short}智慧城市建设工作要点")
YEARS: Final = tuple(range(2012, 2026))
_SECTIONS: Final = ["推进改革创新", "提升基础设施", "发展信息经济", "深化民生应用", "拓展政务应用",
                    "强化数据共享", "加强网络安全", "强化实施保障"]
_DOMAINS: Final = ["政务", "医疗健康", "交通运输", "教育", "社会信用", "电子证照", "公共数据",
                   "环境监测", "食品安全", "社区养老", "智慧旅游", "应急指挥", "农村电商", "海洋渔业",
                   "不动产登记"]
_QUALIFIERS: Final = ["", "", "{level}级", "全{level}统一的", "海峡", "{short}"]
_ACTIONS: Final = ["建设", "升级", "完善", "整合", "推广", "加快建设", "启动建设"]
_VERBS_AFTER: Final = ["，推动资源共享", "，提升服务能力", "，实现跨部门业务协同", "，扩大覆盖范围",
                       "，完善运行管理机制"]
_PREAMBLE: Final = ("{year}年，{short}信息化工作要认真贯彻落实党中央、国务院和{level}委、{level}政府"
                    "工作部署，以全面深化改革为动力，进一步强化信息化支撑。")


@dataclass(frozen=True)
class Identity:
    """What names a document: place (issuer), plan title and year."""

    place: str
    title: str
    year: int

    @property
    def level(self) -> str:
        """The prefix of the place's own bodies: 省 for provinces, 市 for cities."""
        return "省" if self.place.endswith(("省", "自治区")) else "市"

    @property
    def short(self) -> str:
        return _SHORT.get(self.place) or self.place.removesuffix("省").removesuffix("市")

    @property
    def issuer(self) -> str:
        return f"{self.place}人民政府办公厅"


def identities(n: int, rng: random.Random) -> list[Identity]:
    """``n`` distinct (place, title, year) triples, drawn without replacement."""
    space = len(PLACES) * len(TITLES) * len(YEARS)
    if n > space:
        raise ValueError(f"at most {space} distinct synthetic documents (asked for {n})")
    out = []
    for k in rng.sample(range(space), n):
        k, year = divmod(k, len(YEARS))
        place, template = divmod(k, len(TITLES))
        ident = PLACES[place]
        short = _SHORT.get(ident) or ident.removesuffix("省").removesuffix("市")
        out.append(Identity(ident, TITLES[template].format(year=YEARS[year], short=short),
                            YEARS[year]))
    return out


@cache
def _agency_pools(registry: AgencyRegistry) -> tuple[list[str], list[str], list[str]]:
    """Bare names of provincial bodies (their prefix is the place's level), bodies of the
    home province with names of their own, and collectives (各有关部门), from the registry."""
    bare, home_others, collectives = [], [], []
    for record in registry.records.values():
        if record.kind in _PROVINCIAL and record.name.startswith("省"):
            name = record.name[1:]
            if registry.canonical(name) == record.name:  # the bare form resolves back
                bare.append(name)
        elif record.kind == "collective" and record.name.startswith("各"):
            collectives.append(record.name)
        elif record.kind in _OTHERS:
            home_others.append(record.name)
    return sorted(bare), sorted(home_others), sorted(collectives)


def _clause(rng: random.Random, ident: Identity, registry: AgencyRegistry) -> str:
    """A verb clause: a lead list, sometimes a 负责 list, sometimes a 配合 list."""
    bare, home_others, collectives = _agency_pools(registry)
    at_home = ident.place == HOME_PROVINCE or ident.place in CITIES[:9]
    others = home_others + collectives if at_home else collectives

    def names(k: int) -> list[str]:
        picked = rng.sample(bare, k)
        # After the first prefixed item, bare forms: the level prefix carries.
        return [ident.level + picked[0],
                *[name if rng.random() < 0.6 else ident.level + name for name in picked[1:]]]

    parts = []
    lead = names(rng.randint(1, 3))
    if rng.random() < 0.4:
        parts.append("、".join(lead) + "牵头")
        parts.append("、".join(rng.sample(others, rng.randint(1, 2))) + "负责")
    else:
        parts.append("、".join(lead + rng.sample(others, rng.randint(0, 1))) + "负责")
    if rng.random() < 0.4:
        parts.append("、".join(names(rng.randint(1, 2))) + "配合")
    return "（" + "，".join(parts) + "）"


@cache
def _heads() -> tuple[str, ...]:
    return tuple(h for kind in load_rules("infrastructure")["heads"].values() for h in kind
                 if len(h) > 1)


def _task_text(rng: random.Random, ident: Identity) -> str:
    sentences = []
    for _ in range(rng.randint(1, 3)):
        where = rng.choice(_QUALIFIERS).format(short=ident.short, level=ident.level)
        sentences.append(rng.choice(_ACTIONS) + where + rng.choice(_DOMAINS)
                         + rng.choice(_heads()) + rng.choice(_VERBS_AFTER) + "。")
    return "".join(sentences)


def make_plan(rng: random.Random, ident: Identity, registry: AgencyRegistry | None = None) -> str:
    """The text of the plan ``ident``; the rest (sections, tasks, noise) comes from ``rng``."""
    registry = registry or AgencyRegistry.bundled()
    title, year, level = ident.title, ident.year, ident.level
    recipients = ("各市、县（区）人民政府，省人民政府各部门、各直属机构：" if level == "省"
                  else "各县（市、区）人民政府，市人民政府各部门、各直属机构：")
    notice = (f"{ident.issuer}关于印发{title}的通知发布日期:{year}-0{rng.randint(1, 9)}-1"
              f"{rng.randint(0, 9)}{recipients}《{title}》已经{level}政府研究同意，现印发给你们，"
              f"请认真组织实施。")
    signature = f"{ident.issuer}{year}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"
    n_sections = rng.randint(4, 7)
    n_tasks = rng.randint(max(n_sections * 3, 20), 60)
    firsts = sorted(rng.sample(range(2, n_tasks + 1), n_sections - 1))
    starts = [1, *firsts]
    missing = set(rng.sample(range(2, n_tasks + 1), rng.randint(0, n_tasks // 10)))
    missing -= set(starts)

    passages: list[str] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else n_tasks + 1
        heading = f"{to_numeral(i + 1)}、{_SECTIONS[i % len(_SECTIONS)]}"
        for number in range(start, end):
            if number in missing:
                continue
            body = f"（{to_numeral(number)}）{_task_text(rng, ident)}{_clause(rng, ident, registry)}"
            if rng.random() < 0.05:  # a clause right after a clause: an orphan
                body += "。" + _clause(rng, ident, registry)
            passages.append((heading if number == start else "") + body)
    # Some passages are copied again further on, as in the noisy 2015 copy.
    for _ in range(rng.randint(0, max(1, len(passages) // 8))):
        k = rng.randrange(len(passages))
        passages.insert(rng.randrange(k, len(passages) + 1), passages[k])
    preamble = _PREAMBLE.format(year=year, short=ident.short, level=level)
    head = notice * rng.choice([1, 1, 2]) + signature + title + preamble
    return head + "\n".join(passages) + "\n"


def make_corpus(n: int, seed: int = 0) -> list[str]:
    """``n`` texts of distinct plans; the same ``n`` and ``seed`` give the same texts."""
    rng = random.Random(seed)
    registry = AgencyRegistry.bundled()
    return [make_plan(random.Random(rng.getrandbits(64)), ident, registry)
            for ident in identities(n, rng)]


def synthetic_graph(n: int, seed: int = 0) -> Any:
    """``n`` synthetic documents read and built into one networkx graph (agencies and
    infrastructure shared across documents)."""
    from graph.build import build_graph
    from loaders import read_text
    from loaders.read import as_source

    return build_graph(read_text(as_source(text, f"synthetic-{i}.txt"))
                       for i, text in enumerate(make_corpus(n, seed=seed)))


def write_corpus(n: int, directory: str | Path, seed: int = 0) -> list[Path]:
    """Write ``make_corpus(n, seed)`` as ``plan-0000.txt`` … into ``directory``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(make_corpus(n, seed)):
        path = out / f"plan-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


USAGE: Final = """\
usage: python -m bench.synthetic N DIR [SEED]

Write N synthetic work plans (distinct documents) as DIR/plan-0000.txt …, for trying
`kg load` on a corpus. The same N and SEED (default 0) give the same files."""


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or not argv[0].isdigit() or (len(argv) == 3 and not argv[2].isdigit()):
        print(USAGE)
        return 0 if argv in ([], ["-h"], ["--help"]) else 2
    try:
        written = write_corpus(int(argv[0]), argv[1], seed=int(argv[2]) if len(argv) == 3 else 0)
    except ValueError as exc:
        print(f"error: {exc}")
        return 2
    print(f"{len(written)} plans written to {argv[1]}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
