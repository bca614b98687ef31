"""Cheap checks of ad-hoc Cypher text before it reaches a database: one linear scan.

* **Nesting depth.** FalkorDB's parser takes time exponential in how deeply expressions
  nest: ``RETURN ((…(1)…))`` 18 deep parses in about 1 s, 22 deep in 15 s, and the
  query's time limit does not cover parsing. Brackets ``( [ {``, ``CASE … END`` and runs
  of prefix operators (``NOT``, unary ``-``/``+``) each count one level.
* **range() bounds.** FalkorDB builds the whole list of ``range(a, b)`` before anything
  else (and before its per-query memory cap notices): ``range(1, 1e9)`` is 16 GB. Bounds
  that are constants (numbers, parameters, arithmetic on them) are evaluated here and a
  range longer than the limit is refused. Bounds computed from data are left to the
  database's memory limits.
* **LOAD CSV** reads files (or URLs) from the database server's side: never on a read.
* Text that is not valid Unicode (a lone surrogate) cannot be sent at all.

>>> nesting_depth("MATCH (a:Agency) WHERE NOT a.name IN ['x'] RETURN a")
1
>>> nesting_depth("RETURN " + "(" * 20 + "1" + ")" * 20)
20
>>> range_sizes("UNWIND range(1, $n) AS x RETURN x", {"n": 10})
[10]
>>> check_cypher("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", max_depth=12, max_range=10)
Traceback (most recent call last):
...
core.errors.QueryError: LOAD CSV is not allowed in a read query (it reads files on the database server)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from core.errors import QueryError

_TOKEN: Final = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+)
  | (?P<param>\$\w+|\$`(?:[^`]|``)*`)
  | (?P<word>\w+)
  | (?P<arrow><-|->)
  | (?P<op><>|<=|>=|=~|\.\.|\+=|[-+*/%^=<>|,;:.!])
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

# Words after which an expression (an operand) starts: a +/- there is a prefix operator, and
# they end whatever run of prefix operators came before.
_STARTERS: Final = frozenset({
    "and", "or", "xor", "in", "is", "return", "with", "where", "when", "then", "else",
    "as", "unwind", "match", "optional", "order", "by", "skip", "limit", "starts", "ends",
    "contains", "distinct", "yield", "set", "create", "merge", "delete", "remove", "call",
    "on", "asc", "desc", "ascending", "descending", "foreach", "union", "all", "any",
    "none", "single", "exists", "detach", "load", "csv", "from", "headers", "fieldterminator",
})
# Tokens after which a value has ended: a +/- there is binary.
_VALUE_WORDS: Final = frozenset({"null", "true", "false", "end"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str

    @property
    def word(self) -> str:
        return self.text.lower() if self.kind == "word" else ""


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of Cypher ``text`` (spaces and comments left out)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group())


def _ends_value(token: Token | None) -> bool:
    if token is None:
        return False
    if token.kind in ("number", "string", "quoted", "param", "close"):
        return True
    if token.kind == "word":
        return token.word in _VALUE_WORDS or token.word not in _STARTERS | {"not", "case"}
    return False


def nesting_depth(text: str) -> int:
    """How deeply brackets, CASE and prefix operators nest in ``text`` (an upper bound of
    what the parser recurses through).

    >>> nesting_depth("RETURN - - - 1"), nesting_depth("RETURN NOT a AND NOT b")
    (3, 1)
    >>> nesting_depth("RETURN CASE WHEN x THEN [y IN z | -y] END")
    3
    """
    # One frame per open bracket or CASE; each counts the prefix operators that are pending
    # in it (they apply to the operand being read, until a binary operator or a comma).
    frames: list[list[Any]] = [["root", 0]]
    depth = deepest = 0
    previous: Token | None = None
    for token in tokens(text):
        top = frames[-1]
        if token.kind == "open":
            frames.append([token.text, 0])
            depth += 1
        elif token.kind == "close":
            if len(frames) > 1 and frames[-1][0] != "case":
                depth -= 1 + frames.pop()[1]
        elif token.word == "case":
            frames.append(["case", 0])
            depth += 1
        elif token.word == "end":
            if len(frames) > 1 and top[0] == "case":
                depth -= 1 + frames.pop()[1]
        elif token.word == "not" or (token.text in "+-" and token.kind == "op"
                                      and not _ends_value(previous)):
            top[1] += 1
            depth += 1
        elif (token.kind in ("op", "arrow") and token.text not in ".:") or token.word in _STARTERS:
            depth -= top[1]
            top[1] = 0
        deepest = max(deepest, depth)
        previous = token
    return deepest


class _Unknown(Exception):
    """A range() bound is not a constant expression."""


class _Constant:
    """Evaluates one constant arithmetic expression (numbers, parameters, + - * / % ^,
    parentheses) in floating point, as FalkorDB would bound a range by it."""

    def __init__(self, toks: list[Token], params: Mapping[str, Any]) -> None:
        self.toks = toks
        self.params = params
        self.at = 0

    def _peek(self) -> str | None:
        return self.toks[self.at].text if self.at < len(self.toks) else None

    def value(self) -> float:
        result = self._sum()
        if self.at != len(self.toks):
            raise _Unknown
        return result

    def _sum(self) -> float:
        value = self._product()
        while self._peek() in ("+", "-"):
            op = self.toks[self.at].text
            self.at += 1
            right = self._product()
            value = value + right if op == "+" else value - right
        return value

    def _product(self) -> float:
        value = self._power()
        while self._peek() in ("*", "/", "%"):
            op = self.toks[self.at].text
            self.at += 1
            right = self._power()
            if op == "*":
                value *= right
            elif right == 0:
                raise _Unknown
            else:
                value = value / right if op == "/" else math.fmod(value, right)
        return value

    def _power(self) -> float:
        value = self._unary()
        if self._peek() == "^":
            self.at += 1
            exponent = self._power()
            try:
                value = math.pow(value, exponent)
            except (OverflowError, ValueError):
                value = math.inf
        return value

    def _unary(self) -> float:
        if self._peek() in ("+", "-"):
            sign = -1.0 if self.toks[self.at].text == "-" else 1.0
            self.at += 1
            return sign * self._unary()
        return self._atom()

    def _atom(self) -> float:
        if self.at >= len(self.toks):
            raise _Unknown
        token = self.toks[self.at]
        self.at += 1
        if token.kind == "number":
            try:
                return float(int(token.text, 16)) if token.text[:2].lower() == "0x" else float(token.text)
            except (ValueError, OverflowError):
                return math.inf
        if token.kind == "param":
            value = self.params.get(token.text[1:].strip("`"))
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _Unknown
            return float(value)
        if token.text == "(":
            value = self._sum()
            if self._peek() != ")":
                raise _Unknown
            self.at += 1
            return value
        raise _Unknown


def _arguments(toks: list[Token], start: int) -> tuple[list[list[Token]], int]:
    """The comma-separated arguments of the call whose ``(`` is at ``start``."""
    args: list[list[Token]] = [[]]
    level = 0
    for i in range(start + 1, len(toks)):
        token = toks[i]
        if token.kind == "open":
            level += 1
        elif token.kind == "close":
            if level == 0:
                return args, i
            level -= 1
        elif token.text == "," and level == 0:
            args.append([])
            continue
        args[-1].append(token)
    return args, len(toks)


def range_sizes(text: str, params: Mapping[str, Any] | None = None) -> list[float]:
    """How many values each ``range()`` call with constant bounds makes (``inf`` when a
    bound overflows); calls with bounds computed from data are left out."""
    toks = list(tokens(text))
    sizes: list[float] = []
    for i, token in enumerate(toks):
        if (token.word != "range" or i + 1 >= len(toks) or toks[i + 1].text != "("
                or (i > 0 and toks[i - 1].text == ".")):
            continue
        args, _ = _arguments(toks, i + 1)
        if len(args) not in (2, 3):
            continue
        try:
            values = [_Constant(arg, params or {}).value() for arg in args]
        except (_Unknown, RecursionError):
            continue
        start, end = values[0], values[1]
        step = values[2] if len(values) == 3 else 1.0
        if any(math.isnan(v) for v in values) or step == 0:
            continue
        count = (end - start) / step
        sizes.append(0.0 if count < 0 else math.floor(count) + 1 if math.isfinite(count) else math.inf)
    return sizes


def check_cypher(text: str, params: Mapping[str, Any] | None = None, *, max_depth: int,
                 max_range: int) -> None:
    """Refuse ad-hoc Cypher that is not valid Unicode, nests deeper than ``max_depth``,
    builds a constant ``range()`` longer than ``max_range`` values, or uses LOAD CSV.
    Raises :class:`QueryError` naming the problem and the setting."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError("the query text is not valid Unicode (it holds a lone surrogate)") from None
    if has_load_csv(text):
        raise QueryError("LOAD CSV is not allowed in a read query (it reads files on the database server)")
    depth = nesting_depth(text)
    if depth > max_depth:
        raise QueryError(f"the query nests brackets or operators {depth} deep; the limit is "
                         f"{max_depth} (setting cypher_max_depth)")
    for size in range_sizes(text, params):
        if size > max_range:
            made = "too many" if math.isinf(size) else f"{int(size):,}"
            raise QueryError(f"range() would make {made} values; a query may make at most "
                             f"{max_range:,} (query_row_limit × cypher_range_factor)")


def has_load_csv(text: str) -> bool:
    """True when ``text`` holds a LOAD CSV clause (outside strings and comments)."""
    if "csv" not in text.lower():  # every read passes here: skip the scan when it can
        return False
    previous = ""
    for token in tokens(text):
        if token.word == "csv" and previous == "load":
            return True
        previous = token.word
    return False
