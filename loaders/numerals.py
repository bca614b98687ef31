"""Chinese numerals as used in task and section numbers (一 … 九十九, 一百 …)."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL_CHARS = "".join(DIGITS) + "十百"


def parse_numeral(text: str) -> int:
    """Value of a Chinese numeral, or of ASCII / full-width digits.

    >>> parse_numeral("二十四"), parse_numeral("十一"), parse_numeral("一百零三"), parse_numeral("７")
    (24, 11, 103, 7)
    """
    text = text.strip()
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)  # int() reads full-width digits too
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a numeral: {text!r}")
    return total + current


def to_numeral(n: int) -> str:
    """Inverse of :func:`parse_numeral` for 1 … 999 (used by fixtures and the benchmark corpus).

    >>> to_numeral(24), to_numeral(10), to_numeral(103)
    ('二十四', '十', '一百零三')
    """
    if not 0 < n < 1000:
        raise ValueError(n)
    names = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += names[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else names[tens]) + "十"
    if ones:
        out += names[ones]
    return out
