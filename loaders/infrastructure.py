"""Infrastructure mentions: noun phrases that end in a head word.

The word lists live in ``data/infrastructure.toml``. The steps, each a small function:
:func:`phrases` (cut a sentence at punctuation, skipping quoted slogans),
:func:`split_coordination` (``A平台和B平台`` → two), :func:`mention_ends` (heads followed by a
boundary), :func:`trim_name` (drop the verb and modifiers in front, keep the action).

>>> [(m.name, m.kind, m.action) for m in find_mentions("升级现有政务云平台，加快建设数字福建（长乐）云计算中心。")]
[('政务云平台', 'Platform', '升级'), ('数字福建（长乐）云计算中心', 'DataCenter', '建设')]
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from loaders.records import InfrastructureKind, value
from loaders.rules import any_word, load_rules

_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_PHRASE_BREAK = re.compile(r"[，。；：、！？,;:!?\n]")


@value
class Mention:
    name: str
    kind: InfrastructureKind
    action: str | None
    start: int  # offset of ``name`` in the text given to find_mentions
    end: int


@cache
def _data() -> dict[str, Any]:
    return load_rules("infrastructure")


@cache
def _heads() -> dict[str, InfrastructureKind]:
    return {h: kind for kind, heads in _data()["heads"].items() for h in heads}


@cache
def _head_last_chars() -> re.Pattern[str]:
    """Where a head word may end: after one of the characters head words end with."""
    return re.compile(f"[{re.escape(''.join(sorted({h[-1] for h in _heads()})))}]")


@cache
def _head_words() -> re.Pattern[str]:
    """Any head word: a stretch without one names no infrastructure."""
    return re.compile(any_word(_heads()))


@cache
def _heads_by_last() -> dict[str, tuple[tuple[str, InfrastructureKind], ...]]:
    """The head words by their last character, the longest first."""
    by_last: dict[str, list[tuple[str, InfrastructureKind]]] = {}
    for head, kind in sorted(_heads().items(), key=lambda hk: -len(hk[0])):
        by_last.setdefault(head[-1], []).append((head, kind))
    return {ch: tuple(heads) for ch, heads in by_last.items()}


def head_at(text: str, start: int, end: int) -> tuple[str, InfrastructureKind] | None:
    """The longest head word that ``text[start:end]`` ends with, and its kind."""
    if end <= start:
        return None
    for head, kind in _heads_by_last().get(text[end - 1], ()):
        if text.endswith(head, start, end):
            return head, kind
    return None


def head_of(phrase: str) -> tuple[str, InfrastructureKind] | None:
    """The longest head word ``phrase`` ends with, and its kind.

    >>> head_of("海峡国际大数据中心"), head_of("下一代广播电视网"), head_of("顶层设计")
    (('大数据中心', 'DataCenter'), ('广播电视网', 'Network'), None)
    """
    return head_at(phrase, 0, len(phrase))


def _head_ends(text: str, start: int, end: int) -> list[int]:
    """Every i in (start, end] where ``text[start:i]`` ends with a head word: found from the
    characters head words end with, so the cost is that of one pattern search."""
    return [m.end() for m in _head_last_chars().finditer(text, start, end)
            if head_at(text, start, m.end()) is not None]


def phrases(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between punctuation, with quoted slogans and titles blanked out."""
    flat = text
    quoted = _quoted()
    if quoted.search(text):
        masked = list(text)
        for m in quoted.finditer(text):
            if _head_words().match(text, m.end()):
                continue  # “闽政通”平台: a name in quotes with its head word is a name
            masked[m.start():m.end()] = "，" * (m.end() - m.start())
        flat = "".join(masked)
    bracketed = "（" in flat or "(" in flat
    spans, pos = [], 0
    for m in _PHRASE_BREAK.finditer(flat):
        if bracketed and _in_brackets(flat, m.start()):
            continue  # 数字福建（长乐、安溪）产业园 is one name
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(flat):
        spans.append((pos, len(flat)))
    return spans


@cache
def _quoted() -> re.Pattern[str]:
    """Quoted slogans and titles of documents, never searched for names."""
    return re.compile("|".join(re.escape(o) + ".*?" + re.escape(c)
                               for o, c in _data()["context"]["skip_quotes"]), re.S)


def _in_brackets(text: str, index: int) -> bool:
    depth = 0
    for ch in text[max(0, index - 30):index]:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
    return depth > 0


def split_coordination(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at 和/及/与 when the part before ends in a head word.

    >>> t = "社区养老服务平台和养老机构监管平台"
    >>> [t[a:b] for a, b in split_coordination(t, 0, len(t))]
    ['社区养老服务平台', '养老机构监管平台']
    >>> t = "电子文件共享与电子签章互认平台"
    >>> [t[a:b] for a, b in split_coordination(t, 0, len(t))]
    ['电子文件共享与电子签章互认平台']
    """
    parts, pos = [], start
    for m in _conjunction_pattern().finditer(text, start, end):
        if head_at(text, pos, m.start()):
            parts.append((pos, m.start()))
            pos = m.start() + 1
    parts.append((pos, end))
    return [(a, b) for a, b in parts if b > a]


def mention_ends(text: str, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """Where a head word ends and a boundary follows: (end of mention, end of the follower
    word, the follower when it is a verb naming the action).
    """
    followers = _followers()
    post_verbs = _data()["context"]["post_verbs"]
    out: list[tuple[int, int, str | None]] = []
    for i in _head_ends(text, start, end):
        if i == end:
            out.append((i, i, None))
            continue
        if not text.startswith(_follower_tuple(), i, end):
            continue  # one call for the common case: no follower here
        follower = next((f for f in followers if text.startswith(f, i, end)), None)
        if follower is not None:
            verb = next((v for v in post_verbs if follower.startswith(v)), None)
            out.append((i, i + len(follower), verb))
    return out


@cache
def _followers() -> list[str]:
    return sorted(_data()["context"]["followers"], key=len, reverse=True)


@cache
def _follower_tuple() -> tuple[str, ...]:
    return tuple(_followers())


@cache
def _any_of(words: str) -> re.Pattern[str]:
    """Whether a context word of one kind (verbs, leading) occurs: most phrases hold none, and
    one search costs less than a loop over the words."""
    return re.compile("|".join(map(re.escape, _data()["context"][words])))


@cache
def _conjunction_pattern() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, _data()["context"]["conjunctions"])))


def trim_name(text: str, start: int, end: int) -> tuple[int, str | None]:
    """Where the name starts inside ``text[start:end]``, and the action verb before it."""
    phrase = text[start:end]
    action: str | None = None
    cut = 0
    for verb in _longest_first("verbs") if _any_of("verbs").search(phrase) else ():
        idx = phrase.rfind(verb)
        if idx >= 0 and idx + len(verb) > cut and head_of(phrase[idx + len(verb):]):
            cut, action = idx + len(verb), verb
    # 产业带动好的细分领域智慧应用平台, A、B等C系统, 福州、厦门等地大数据产业园 → what follows
    for word in ("的", "等地", "等"):
        idx = phrase.rfind(word)
        if idx >= cut and head_of(phrase[idx + len(word):]):
            cut = idx + len(word)
    changed = phrase.startswith(_longest_first("leading"), cut)
    while changed:
        changed = False
        for word in _longest_first("leading"):
            if phrase.startswith(word, cut) and head_of(phrase[cut + len(word):]):
                cut += len(word)
                changed = True
    return start + cut, _core_verb(action)


@cache
def _longest_first(words: str) -> tuple[str, ...]:
    """The context words of one kind (verbs, leading), the longest first."""
    return tuple(sorted(_data()["context"][words], key=len, reverse=True))


def last_verb(phrase: str) -> str | None:
    """The action verb written last in a phrase that names no infrastructure itself."""
    if not _any_of("verbs").search(phrase):
        return None
    found = [(phrase.rfind(v) + len(v), v) for v in _data()["context"]["verbs"] if v in phrase]
    return _core_verb(max(found)[1]) if found else None


def _core_verb(action: str | None) -> str | None:
    """加快建设 / 启动建设 / 整合建设 → 建设; other verbs as written."""
    if action and len(action) > 2 and action.endswith(("建设", "实施")):
        return action[-2:]
    return action


def _valid(name: str) -> bool:
    found = head_of(name)
    return found is not None and len(name) > len(found[0]) and name not in _data()["generic"]["names"]


def find_mentions(text: str) -> list[Mention]:
    """All infrastructure mentions in ``text``, in order, with the action verb in front.

    Within one comma-delimited stretch a mention with no verb of its own inherits the action
    of the mention before it (``建设A平台、B平台`` → both 建设). Cached by text: copies of a
    task, and plans of one series, repeat their sentences.
    """
    if _head_words().search(text) is None:
        return []  # no head word anywhere in it
    return list(_find_mentions(text))


@lru_cache(maxsize=4096)
def _find_mentions(text: str) -> tuple[Mention, ...]:
    mentions: list[Mention] = []
    last_action: str | None = None
    last_stop = -1
    bare: list[tuple[int, int]] = []  # 金融管理、价格监测、舆情监控系统: items waiting for a head
    for p_start, p_end in phrases(text):
        # A new comma/period-delimited stretch resets the inherited action; 、 does not.
        listed = last_stop >= 0 and text[last_stop:p_start].strip() == "、"
        if last_stop >= 0 and "、" not in text[last_stop:p_start]:
            last_action = None
        if not listed:
            bare = []
        last_stop = p_end
        found_here = False
        first_of_phrase = len(mentions)
        has_head = _head_words().search(text, p_start, p_end) is not None
        for c_start, c_end in split_coordination(text, p_start, p_end) if has_head else ():
            pos = c_start
            for stop, after, post_verb in mention_ends(text, c_start, c_end):
                if stop <= pos:
                    continue
                name_start, action = trim_name(text, pos, stop)
                name = text[name_start:stop]
                pos = after
                head = head_of(name)
                if head is None or not _valid(name):
                    continue
                found_here = True
                action = post_verb or action or last_action
                last_action = action
                mentions.append(Mention(name, head[1], action, name_start, stop))
        if found_here:
            first = mentions[first_of_phrase]
            if (bare and first.start == _trimmed_start(text, p_start, first.end)
                    and "等" not in text[p_start:first.start]):
                # The list's items share the head of its last one: 金融管理系统 …
                word, kind = head_of(first.name) or ("", first.kind)
                shared = [Mention(text[a:b] + word, kind, first.action, a, b) for a, b in bare]
                mentions[first_of_phrase:first_of_phrase] = shared
            bare = []
        elif _is_bare_item(text, p_start, p_end):
            bare.append(_strip_span(text, p_start, p_end))
        else:
            bare = []
        if not found_here:
            # 建设A工程、B平台: the verb of a phrase without a mention carries to the next one.
            last_action = last_verb(text[p_start:p_end]) or last_action
    return tuple(mentions)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u3000":
        start += 1
    while end > start and text[end - 1] in " \t\u3000":
        end -= 1
    return start, end


def _trimmed_start(text: str, start: int, end: int) -> int:
    return trim_name(text, start, end)[0]


def _is_bare_item(text: str, start: int, end: int) -> bool:
    """A short noun of a list with no head word of its own (金融管理, 价格监测)."""
    a, b = _strip_span(text, start, end)
    item = text[a:b]
    return (2 <= len(item) <= 8 and _HAN_ONLY.fullmatch(item) is not None
            and not item.endswith(_longest_first("not_bare"))
            and not item.startswith(_longest_first("leading"))
            and not _any_of("verbs").search(item))


def clear_caches() -> None:
    """Forget the mentions cached by text."""
    _find_mentions.cache_clear()
