"""Access to the rule data files in ``loaders/data`` (loaded once), and word lists as patterns."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>.toml``."""
    with (DATA_DIR / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def any_word(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, the longest where several match.

    It is the alternation of the words, longest first, written as a tree of their letters
    (``牵头(?:单位|部门)?``): ``re`` tries an alternation's branches one by one, so over a
    list of hundreds of names the tree is tried a letter at a time instead of a name at a
    time. Branches of one node start with different letters, so at most one goes on, and
    each optional tail is tried before it is left out: the match is the one the sorted
    alternation finds, backtracking included.

    >>> any_word(["牵头单位", "牵头", "牵头部门", "负责"])
    '(?:牵头(?:单位|部门)?|负责)'
    >>> import re; re.match(any_word(["省发改委", "省发改"]), "省发改委员会").group()
    '省发改委'
    """
    trie: dict[str, Any] = {}
    for word in words:
        if word:
            node = trie
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = {}  # a word ends here
    return _tree_pattern(trie) or "(?!)"


def _tree_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _tree_pattern(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    if "" in node:  # the word may end here: its tails are optional
        if len(branches) == 1 and len(branches[0]) == 1:
            return branches[0] + "?"
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
