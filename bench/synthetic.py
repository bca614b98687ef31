"""A synthetic corpus of plans shaped like the bundled 2015 plan, for benchmarks.

Each text has the notice (sometimes twice), a signature, the plan title and a preamble, then
一、 sections and （一）… tasks numbered on across sections, each ending in a verb clause naming
agencies from the registry (with bare forms after a 省 item, so prefixes carry). Some task
numbers are left out, some passages are copied again further on, and a few clauses follow
another clause (orphans) — the noise the loader has to handle. Same ``n`` and ``seed``, same
texts.

>>> texts = make_corpus(3, seed=1)
>>> len(texts), all("工作要点" in t for t in texts), texts == make_corpus(3, seed=1)
(3, True, True)
"""

from __future__ import annotations

import random
from pathlib import Path

from loaders.agencies import AgencyRegistry
from loaders.numerals import to_numeral
from loaders.rules import load_rules

_PROVINCIAL = {"provincial_department", "provincial_office", "party_office", "public_institution",
               "state_enterprise"}
_OTHERS = {"central_branch", "company", "research_institute", "zone_committee",
           "city_government", "county_government", "collective"}
_SECTIONS = ["推进改革创新", "提升基础设施", "发展信息经济", "深化民生应用", "拓展政务应用",
             "强化数据共享", "加强网络安全", "强化实施保障"]
_DOMAINS = ["政务", "医疗健康", "交通运输", "教育", "社会信用", "电子证照", "公共数据", "环境监测",
            "食品安全", "社区养老", "智慧旅游", "应急指挥", "农村电商", "海洋渔业", "不动产登记"]
_PLACES = ["", "", "省级", "全省统一的", "数字福建（长乐）", "海峡", "闽西", "福州", "厦门"]
_ACTIONS = ["建设", "升级", "完善", "整合", "推广", "加快建设", "启动建设"]
_VERBS_AFTER = ["，推动资源共享", "，提升服务能力", "，实现跨部门业务协同", "，扩大覆盖范围",
                "，完善运行管理机制"]
_PREAMBLE = ("{year}年，数字福建工作要认真贯彻落实省委、省政府工作部署，以全面深化改革为动力，"
             "进一步强化信息化支撑。")


def _agency_pools(registry: AgencyRegistry) -> tuple[list[tuple[str, str]], list[str]]:
    """Provincial bodies as (canonical, bare alias) and other bodies, from the registry."""
    provincial, others = [], []
    for record in registry.records.values():
        if record.kind in _PROVINCIAL and record.name.startswith("省"):
            bare = record.name[1:]
            provincial.append((record.name, bare if registry.canonical(bare) == record.name
                               else record.name))
        elif record.kind in _OTHERS:
            others.append(record.name)
    return sorted(provincial), sorted(others)


def _clause(rng: random.Random, provincial: list[tuple[str, str]], others: list[str]) -> str:
    """A verb clause: a lead list, sometimes a 负责 list, sometimes a 配合 list."""
    def names(k: int) -> list[str]:
        picked = rng.sample(provincial, k)
        # After the first 省 item, bare forms: the province prefix carries.
        return [picked[0][0], *[bare if rng.random() < 0.6 else full for full, bare in picked[1:]]]

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


def _infrastructure(rng: random.Random) -> str:
    heads = [h for kind in load_rules("infrastructure")["heads"].values() for h in kind
             if len(h) > 1]
    return rng.choice(_PLACES) + rng.choice(_DOMAINS) + rng.choice(heads)


def _task_text(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(1, 3)):
        sentences.append(rng.choice(_ACTIONS) + _infrastructure(rng) + rng.choice(_VERBS_AFTER)
                         + "。")
    return "".join(sentences)


def make_plan(rng: random.Random, registry: AgencyRegistry | None = None) -> str:
    """One plan text."""
    registry = registry or AgencyRegistry.bundled()
    provincial, others = _agency_pools(registry)
    year = rng.randint(2012, 2016)
    title = f"{year}年数字福建工作要点"
    notice = (f"福建省人民政府办公厅关于印发{title}的通知发布日期:{year}-0{rng.randint(1, 9)}-1"
              f"{rng.randint(0, 9)}各市、县（区）人民政府，平潭综合实验区管委会，省人民政府各部门、"
              f"各直属机构：《{title}》已经省政府研究同意，现印发给你们，请认真组织实施。")
    signature = f"福建省人民政府办公厅{year}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"
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
            body = f"（{to_numeral(number)}）{_task_text(rng)}{_clause(rng, provincial, others)}"
            if rng.random() < 0.05:  # a clause right after a clause: an orphan
                body += "。" + _clause(rng, provincial, others)
            passages.append((heading if number == start else "") + body)
    # Some passages are copied again further on, as in the noisy 2015 copy.
    for _ in range(rng.randint(0, max(1, len(passages) // 8))):
        k = rng.randrange(len(passages))
        passages.insert(rng.randrange(k, len(passages) + 1), passages[k])
    head = notice * rng.choice([1, 1, 2]) + signature + title + _PREAMBLE.format(year=year)
    return head + "\n".join(passages) + "\n"


def make_corpus(n: int, seed: int = 0) -> list[str]:
    """``n`` plan texts; the same ``n`` and ``seed`` give the same texts."""
    rng = random.Random(seed)
    registry = AgencyRegistry.bundled()
    return [make_plan(random.Random(rng.getrandbits(64)), registry) for _ in range(n)]


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


if __name__ == "__main__":  # python -m bench.synthetic N DIR: a corpus to try `kg load` on
    import sys

    written = write_corpus(int(sys.argv[1]), sys.argv[2])
    print(f"{len(written)} plans written to {sys.argv[2]}")
