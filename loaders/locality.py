"""The place that issued a document, and the qualified keys of its local bodies.

An agency's ``name`` is its short form (``市大数据委``); its ``key`` carries the place, so
bodies of different cities stay distinct in one graph: in a plan issued by
福州市人民政府办公厅, ``市大数据委`` has the key ``福州市大数据委``; in one of 厦门 the key is
``厦门市大数据委`` (see :mod:`loaders.records`). Provincial bodies of the home province
(``data/places.toml``) are keyed by their short names (``省发改委``), as the registry writes
them; those of another province are qualified (``江西省发改委``).

>>> loc = Locality.from_issuer("福州市人民政府办公厅")
>>> loc.city, loc.qualify("市大数据委"), loc.qualify("省发改委"), loc.qualify("市场监管局")
('福州市', '福州市大数据委', '省发改委', '市场监管局')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from loaders.rules import any_word, load_rules

_HAN = "[\u4e00-\u9fff]"


@cache
def _places() -> dict[str, Any]:
    return load_rules("places")


@cache
def _prefix_words() -> tuple[tuple[str, ...], frozenset[str]]:
    agencies = load_rules("rules")["agencies"]
    return tuple(agencies["prefix_exceptions"]), frozenset(agencies["carry_prefixes"])


@cache
def _city_names() -> dict[str, tuple[str, ...]]:
    """Cities, and provinces by their short names (河南银保监局 carries its own place too), by
    their first character, the longest first (a lookup, not a pattern over hundreds of names)."""
    provinces = [_short_province(p) for p in _places()["provinces"]]
    by_first: dict[str, list[str]] = {}
    for name in sorted({*_places()["cities"], *provinces}, key=len, reverse=True):
        by_first.setdefault(name[:1], []).append(name)
    return {first: tuple(names) for first, names in by_first.items()}


def _short_province(name: str) -> str:
    """河南省 → 河南, 北京市 → 北京, 广西壮族自治区 → 广西, 香港特别行政区 → 香港."""
    for ending in ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"):
        if name.endswith(ending):
            return name[:-len(ending)]
    return name


def starts_with_place(name: str) -> str | None:
    """The city a name starts with (潍坊银监分局 → 潍坊), if it starts with one.

    >>> starts_with_place("广州出入境边防检查总站"), starts_with_place("发改委")
    ('广州', None)
    >>> starts_with_place("河南银保监局"), starts_with_place("内蒙古电力公司")
    ('河南', '内蒙古')
    """
    return next((city for city in _city_names().get(name[:1], ()) if name.startswith(city)), None)


@cache
def _province_names() -> re.Pattern[str]:
    return re.compile(any_word(_short_province(p) for p in _places()["provinces"]))


def names_province(name: str) -> bool:
    """Whether a name holds a province's name after its first character (数字福建专家委员会):
    the body of that province's programme, with its own place.

    >>> names_province("数字福建专家委员会"), names_province("海洋渔业局")
    (True, False)
    """
    return _province_names().search(name, 1) is not None


def home_province() -> str:
    return str(_places()["home_province"])


@dataclass(frozen=True)
class Locality:
    province: str | None = None  # 福建省
    city: str | None = None  # 福州市
    district: str | None = None  # 鼓楼区
    county: str | None = None  # 安溪县

    @classmethod
    def from_issuer(cls, issuer: str | None, title: str | None = None) -> Locality:
        """The place named at the start of the issuer (福州市人民政府办公厅 → 福州市); failing
        that, a home city named in the plan title (2024年数字福州工作要点 → 福州市).

        >>> Locality.from_issuer("盘锦市大洼区人民政府办公室")
        Locality(province=None, city='盘锦市', district='大洼区', county=None)
        >>> Locality.from_issuer("福建省人民政府办公厅").province
        '福建省'
        """
        province = city = district = county = None
        rest = re.sub(r"\s+", "", issuer or "")
        rest = re.sub(r"^中共", "", rest)
        for name in _places()["provinces"]:
            if rest.startswith(name):
                province, rest = name, rest[len(name):]
                break
        if province in {"北京市", "天津市", "上海市", "重庆市"}:
            city, province = province, None
        elif m := re.match(rf"({_HAN}{{1,6}}?市)", rest):
            city, rest = m.group(1), rest[m.end():]
        if m := re.match(rf"({_HAN}{{1,6}}?区)(?!域|块)", rest):
            district, rest = m.group(1), rest[m.end():]
        elif m := re.match(rf"({_HAN}{{1,6}}?县)", rest):
            county = m.group(1)
        if city is None and province is None and title:
            city = next((c for c in _places()["home_cities"] if c.rstrip("市") in title), None)
        if city in _places()["home_cities"] and province is None:
            province = home_province()
        return cls(province, city, district, county)

    @property
    def away(self) -> bool:
        """Issued outside the home province (the registry's): its bodies are not the
        registry's provincial ones.

        >>> Locality.from_issuer("常熟市人民政府办公室").away, Locality.from_issuer("福州市人民政府").away
        (True, False)
        """
        if self.province is not None:
            return self.province != home_province()
        return self.city is not None and self.city not in _places()["home_cities"]

    def place_for(self, prefix: str) -> str | None:
        """The place a level prefix (省 / 市 / 区 / 县) stands for in this document."""
        if prefix == "省":
            return self.province if self.province and self.province != home_province() else None
        return {"市": self.city, "区": self.district, "县": self.county}.get(prefix)

    def qualify(self, name: str) -> str:
        """``name`` with its level prefix replaced by the place it stands for, when known."""
        exceptions, prefixes = _prefix_words()
        prefix = name[:1]
        if prefix not in prefixes or name.startswith(exceptions):
            return name
        place = self.place_for(prefix)
        if place is None:
            return name
        return place + name[1:]
