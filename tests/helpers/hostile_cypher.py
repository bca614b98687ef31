"""Hostile ad-hoc Cypher and parameters, shared by the guard's tests and the CLI/API ones."""

from __future__ import annotations

import json
from collections.abc import Callable

# Each form nests ``n`` deep; the guard counts every one of them.
NESTINGS: dict[str, Callable[[int], str]] = {
    "parentheses": lambda n: "RETURN " + "(" * n + "1" + ")" * n,
    "lists": lambda n: "RETURN " + "[" * n + "1" + "]" * n,
    "unary minus": lambda n: "RETURN " + "-" * n + "1",
    "NOT": lambda n: "RETURN " + "NOT " * n + "true",
    "maps": lambda n: "RETURN " + "{a: " * n + "1" + "}" * n,
    "CASE": lambda n: "RETURN " + "CASE WHEN true THEN " * n + "1" + " END" * n,
    "comprehensions": lambda n: "RETURN " + "[x IN " * n + "[1]" + " | x]" * n,
    "mixed": lambda n: "RETURN " + "-(" * (n // 2) + "1" + ")" * (n // 2),
}

# (--param, JSON parameters, the one-line message both the CLI and the API give)
BAD_PARAMETERS = [
    ("a`b=1", {"a`b": 1}, "parameter name 'a`b' is not an identifier"),
    ('x=[{"":1}]', {"x": [{"": 1}]}, "$x[0]: map key '' is not an identifier"),
    ('x=[{"[red]":1}]', {"x": [{"[red]": 1}]}, "$x[0]: map key '[red]' is not an identifier"),
    ("x=1180591620717411303424", {"x": 1180591620717411303424}, "$x: integer out of 64-bit range"),
    ("x=-9223372036854775809", {"x": -9223372036854775809}, "$x: integer out of 64-bit range"),
    ("x=1e400", {"x": float("inf")}, "$x: not a finite number"),
    ("x=NaN", {"x": float("nan")}, "$x: not a finite number"),
    ('x=["\\ud800"]', {"x": ["\ud800"]}, "$x[0]: not valid Unicode (a lone surrogate)"),
    ("x=" + "[" * 12 + "]" * 12, {"x": json.loads("[" * 12 + "]" * 12)},
     "$x" + "[0]" * 8 + ": nested deeper than 8"),
]
