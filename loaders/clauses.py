"""Responsibility clauses → agency roles, for every family of plans.

A clause is the text inside ``（省发改委、数字办牵头，各有关部门负责）``, ``〔责任单位：…〕``,
``（牵头单位：…；责任单位：…）`` or a table row's agency cells. Reading it, one small rule at a
time:

* :func:`label_segments` cuts it at label words (责任单位：, 牵头单位：, 配合单位： …);
* :func:`split_groups` cuts a segment at verbs (牵头 / 负责 / 配合): the verb closes the list
  before it;
* :func:`split_items` cuts a list into names at 、，; and 及, keeping brackets and protected
  collectives (各市、县（区）人民政府) whole, and ending ``A等省直有关单位`` lists;
* :func:`clean_item` drops qualifiers (按职责分工), notes (（含平潭综合实验区，下同）) and role
  annotations (（牵头）), and reads an alias in brackets (市商务局（投促局）);
* :func:`carry_prefix` gives bare department names the level prefix of the item before them
  (省发改委、数字办 → 省数字办; 市大数据委、工信局 → 市工信局);
* :func:`role_kind` / :func:`relation_for` decide LEADS, RESPONSIBLE_FOR or COOPERATES_ON,
  over the whole clause (:func:`roles_for_segments`).

The words are data (``data/rules.toml``), not code.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Final

from loaders.agencies import AgencyRegistry, name_key
from loaders.locality import Locality, names_province, starts_with_place
from loaders.records import Relation, value
from loaders.rules import any_word, load_rules

Kind = str  # "lead" | "responsible" | "cooperate"
RawItem = tuple[str, int, int]  # text as written, start, end (source offsets)


@value
class ClauseItem:
    raw: str  # as written
    name: str  # canonical short name: the registry's, or the prefixed form when unknown
    known: bool
    start: int  # offset of ``raw`` in the source
    end: int
    key: str = ""  # identity: ``name`` qualified by the issuing place (福州市大数据委)
    aliases: tuple[str, ...] = ()  # aliases the document gives in brackets (short form)


@value
class ClauseRole:
    item: ClauseItem
    relation: Relation
    verb: str


@dataclass
class Segment:
    """A part of a clause under one label (or none): 牵头单位：市发改委 → kind "lead"."""

    kind: Kind | None
    label: str | None
    text: str
    offset: int
    groups: list[tuple[list[RawItem], str | None]] = field(default_factory=list)


@cache
def _verb_pattern() -> re.Pattern[str]:
    """A role verb, with the words that may follow it (牵头落实, 负责组织实施)."""
    rules = load_rules("rules")
    # 协办 in 省政协办公厅 is part of a name, not a verb; nor is 牵头 in 重点场景应用建设牵头单位
    # (a noun: the unit that leads it), unless a label's colon follows.
    return re.compile(f"({any_word(rules['verbs'])})(?!公[厅室])(?!(?:单位|部门)[、，,])"
                      f"(?:{any_word(rules['clause']['verb_tails'])})?")


@cache
def _label_kinds() -> dict[str, str]:
    labels = load_rules("rules")["labels"]
    return {word: kind for kind, words in labels.items() for word in words}


def label_kind(word: str) -> str | None:
    """The role a label word names (lead, responsible, cooperate) or ignore."""
    return _label_kinds().get(word)


def label_words() -> list[str]:
    """Every label word (责任单位, 牵头单位, 配合单位 …) of ``data/rules.toml``."""
    return list(_label_kinds())


@cache
def label_pattern() -> re.Pattern[str]:
    words = list(_label_kinds())
    # 责任单位：, 责任单位:, 责任单位（部门）： (a letter-spaced one is closed up by normalize)
    firsts = re.escape("".join(sorted({w[0] for w in words})))
    return re.compile(
        rf"(?=[{firsts}])({any_word(words)})\s*(?:[（(][^）)]{{1,4}}[）)])?\s*[：:]\s*")


@cache
def _leading_label_pattern() -> re.Pattern[str]:
    """A label opening the clause with a space instead of a colon (（责任单位 省发改委））."""
    return re.compile(rf"\s*({any_word(_label_kinds())})\s+(?=\S)")


@cache
def _markers() -> re.Pattern[str]:
    """The words that make a bracket a clause, as one pattern. A label of no body (完成时限,
    任务目标) marks a clause only with its colon: a heading's bracket (经济社会发展指标
    （工作目标）) is no clause."""
    words = [re.escape(w) for w in load_rules("rules")["clause"]["markers"]]
    for word, kind in sorted(_label_kinds().items(), key=lambda wk: -len(wk[0])):
        words.append(re.escape(word) + ("[：:]" if kind == "ignore" else ""))
    return re.compile("|".join(words))


@cache
def _protected_pattern() -> re.Pattern[str]:
    """Lists that name one collective, separators and all (各市、县（区）人民政府)."""
    return re.compile("|".join(f"(?:{p})" for p in load_rules("rules")["items"]["protected"]))


@dataclass(frozen=True)
class _Words:
    """The word lists of ``data/rules.toml`` in the shapes the rules test them in."""

    qualifiers: tuple[str, ...]  # longest first
    leading: tuple[str, ...]
    annotations: dict[str, str]
    note_prefixes: tuple[str, ...]
    note_contains: tuple[str, ...]
    organ_suffixes: tuple[str, ...]
    company_suffixes: tuple[str, ...]
    collective_prefixes: tuple[str, ...]
    carry_prefixes: tuple[str, ...]
    prefix_exceptions: tuple[str, ...]
    no_carry: re.Pattern[str]
    etc_generic_tails: frozenset[str]
    etc_collective_prefixes: tuple[str, ...]
    etc_note_prefixes: tuple[str, ...]
    etc_class_endings: tuple[str, ...]
    lead_marks: tuple[str, ...]
    soft_conjunctions: re.Pattern[str]
    short_forms: tuple[tuple[str, str], ...]
    note_words: tuple[str, ...]
    deadline: re.Pattern[str]
    first_listed_leads: re.Pattern[str]
    zones: tuple[str, ...]
    local_units: tuple[str, ...]
    concept_endings: tuple[str, ...]


@cache
def _words() -> _Words:
    rules = load_rules("rules")
    items, agencies = rules["items"], rules["agencies"]
    return _Words(
        qualifiers=tuple(sorted(items["qualifiers"], key=len, reverse=True)),
        leading=tuple(items["leading"]),
        annotations=dict(rules["annotations"]),
        note_prefixes=tuple(items["note_prefixes"]),
        note_contains=tuple(items["note_contains"]),
        organ_suffixes=tuple(items["organ_suffixes"]),
        company_suffixes=tuple(items["company_suffixes"]),
        collective_prefixes=tuple(agencies["collective_prefixes"]),
        carry_prefixes=tuple(agencies["carry_prefixes"]),
        prefix_exceptions=tuple(agencies["prefix_exceptions"]),
        no_carry=re.compile("|".join(f"(?:{p})" for p in agencies["no_carry_patterns"])),
        etc_generic_tails=frozenset(items["etc_generic_tails"]),
        etc_collective_prefixes=tuple(items["etc_collective_prefixes"]),
        etc_note_prefixes=tuple(items["etc_note_prefixes"]),
        etc_class_endings=tuple(items["etc_class_endings"]),
        lead_marks=tuple(items["lead_marks"]),
        soft_conjunctions=re.compile("|".join(map(re.escape, items["soft_conjunctions"]))),
        short_forms=tuple((a, b) for a, b in items["short_forms"]),
        note_words=tuple(rules["notes"]["words"]),
        deadline=re.compile(rules["notes"]["deadline"]),
        first_listed_leads=re.compile("|".join(rules["notes"]["first_listed_leads"])),
        zones=tuple(items["zones"]),
        local_units=tuple(items["local_units"]),
        concept_endings=tuple(items["concept_endings"]),
    )


def words() -> _Words:
    """The word lists of the rules, for the table reader."""
    return _words()


@cache
def body_endings() -> tuple[str, ...]:
    """How a body's name ends: an organ (局, 委, 厅 …), a company, or 政府."""
    w = _words()
    return (*w.organ_suffixes, *w.company_suffixes, "政府")


@cache
def level_prefixes() -> tuple[str, ...]:
    """The prefixes that give a name its level (省, 市, 区, 县, 各 …)."""
    w = _words()
    return (*w.carry_prefixes, *w.collective_prefixes)


def deadline_pattern() -> re.Pattern[str]:
    """A part of a clause that is only a deadline or a stage (年底前, 6月底前完成, 持续推进)."""
    return _words().deadline


_OPEN, _CLOSE = "（(〔【［[", "）)〕】］]"
_CLOSE_CHARS = tuple(_CLOSE)
_TRAILING_BRACKET = re.compile(r"[（(〔【［\[]([^（）()〔〕【】［］\[\]]*)[）)〕】］\]]$")
_STRIP = " \t\n\u3000。.：:、，,；;“”\"'—－-|｜"  # —— opens a clause after a dash


def is_clause(inner: str) -> bool:
    """A bracket's content is a responsibility clause when it holds a marker word.

    >>> is_clause("省发改委、数字办负责"), is_clause("长乐"), is_clause("一期")
    (True, False, False)
    >>> is_clause("责任单位:省数字办,省直有关部门")
    True
    """
    return _markers().search(inner) is not None


def label_segments(inner: str, offset: int = 0) -> list[Segment]:
    """Cut a clause at its label words; text before the first label has no label.

    >>> [(s.kind, s.text) for s in label_segments("牵头单位：市行政审批服务局；责任单位：市直有关部门")]
    [('lead', '市行政审批服务局；'), ('responsible', '市直有关部门')]
    """
    segments: list[Segment] = []
    pos = 0
    label: str | None = None
    if (lead := _leading_label_pattern().match(inner)) and not label_pattern().match(inner):
        label, pos = lead.group(1), lead.end()
    for m in label_pattern().finditer(inner, pos):
        if m.start() > pos or label is not None:
            segments.append(_segment(inner, pos, m.start(), label, offset))
        label = m.group(1)
        pos = m.end()
    segments.append(_segment(inner, pos, len(inner), label, offset))
    return [s for s in segments if s.text.strip(_STRIP) or s.label]


def _segment(inner: str, start: int, end: int, label: str | None, offset: int) -> Segment:
    kind = _label_kinds()[label] if label else None
    return Segment(kind=kind, label=label, text=inner[start:end], offset=offset + start)


def split_groups(inner: str, offset: int = 0) -> list[tuple[list[RawItem], str | None]]:
    """Split a list into (items, verb) groups; the verb closes the list before it.

    Items carry their source offsets (``offset`` is where ``inner`` starts). A trailing list
    with no verb gets ``None``.

    >>> [([i for i, _, _ in items], v) for items, v in split_groups("省发改委、数字办牵头，各有关部门负责")]
    [(['省发改委', '数字办'], '牵头'), (['各有关部门'], '负责')]
    """
    groups: list[tuple[list[RawItem], str | None]] = []
    pos = 0
    for m in _verb_pattern().finditer(inner):
        if _inside_brackets(inner, m.start()):
            continue  # 省发改委（牵头）: an annotation, read by clean_item
        if m.start() > pos and not _item_breaks().match(inner, m.start() - 1) and (
                _BODY_AFTER_VERB.match(inner, m.end())):
            continue  # 局主办科室, 各牵头单位: the verb says which body, it gives no role
        items = split_items(inner[pos:m.start()], offset + pos)
        if pos:
            items = _after_verb(items, offset + pos)
        if items:
            groups.append((items, m.group(1)))
        pos = m.end()
    tail = _after_verb(split_items(inner[pos:], offset + pos), offset + pos) if pos else (
        split_items(inner, offset))
    if tail:
        groups.append((tail, None))
    return groups


_BODY_AFTER_VERB = re.compile(r"(?:单位|部门|科室|处室|股室)(?=$|[、，,；;\s）)])")


def _after_verb(items: list[RawItem], verb_end: int) -> list[RawItem]:
    """A word run on right after a verb (牵头推动, a copy's 牵头卖力) is part of the verb's
    phrase, not a body: dropped unless it ends like one."""
    w = _words()
    if items and items[0][1] == verb_end and len(items[0][0]) <= 3 and not items[0][0].endswith(
            w.organ_suffixes + w.company_suffixes + ("政府",)):
        return items[1:]
    return items


def _inside_brackets(text: str, index: int) -> bool:
    depth = 0
    for ch in text[:index]:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    return depth > 0


@cache
def _item_breaks() -> re.Pattern[str]:
    """Brackets (for nesting), separators, runs of spaces and conjunctions of a list."""
    rules = load_rules("rules")
    seps = "".join(rules["clause"]["separators"])
    words = any_word(rules["items"]["conjunctions"])
    firsts = re.escape(_OPEN + _CLOSE + seps + "".join({w[0] for w in rules["items"]["conjunctions"]}))
    # The first character of a break, looked ahead for: ``re`` skips along to the next one.
    return re.compile(rf"(?=[{firsts}\s])(?:[{re.escape(_OPEN + _CLOSE)}]|[{re.escape(seps)}]|\s+"
                      rf"|(?P<word>{words}))")


def split_items(segment: str, offset: int = 0) -> list[RawItem]:
    """Names in a list, with their offsets: split at separators and conjunctions outside
    brackets and protected collectives; a ``等`` list ends in its collective.

    >>> [i for i, _, _ in split_items("省通信管理局、数据管理局，各设区市（含平潭综合实验区，下同）")]
    ['省通信管理局', '数据管理局', '各设区市（含平潭综合实验区，下同）']
    >>> [i for i, _, _ in split_items("省发改委、数据管理局等省直有关单位，福州及相关设区市")]
    ['省发改委', '数据管理局', '省直有关单位', '福州', '相关设区市']
    >>> [i for i, _, _ in split_items("各市、县（区）人民政府")]
    ['各市、县（区）人民政府']
    >>> [i for i, _, _ in split_items("市直有关部门、单位，各区市政府")]
    ['市直有关部门、单位', '各区市政府']
    """
    protected = [(m.start(), m.end()) for m in _protected_pattern().finditer(segment)]
    cuts: list[tuple[int, int]] = []  # (start, end) of each separator
    depth = 0
    for m in _item_breaks().finditer(segment):
        i = m.start()
        ch = segment[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth:
                depth -= 1
        elif depth == 0 and not (protected and any(a <= i < b for a, b in protected)):
            if m.lastgroup == "word" and i == 0:
                continue  # a list does not start with a conjunction
            cuts.append((i, m.end()))
    pieces: list[RawItem] = []
    pos = 0
    for a, b in [*cuts, (len(segment), len(segment))]:
        pieces.append((segment[pos:a], offset + pos, offset + a))
        pos = b
    items = _join_broken_lines(segment, pieces, offset)
    out: list[RawItem] = []
    for text, start, _ in items:
        for part, at, _ in _split_soft(text, start):
            out.extend(_split_etc(part, at))
    stripped = [(t, s, e) for t, s, e in (_strip_item(t, s) for t, s, _ in out) if t]
    return _join_class_words(segment, stripped, offset)


def _join_class_words(segment: str, items: list[RawItem], offset: int) -> list[RawItem]:
    """A word that only names a class of body (单位 in 市直有关部门、单位) belongs to the item
    before it: 单位 alone is no body; a level alone (市直 in 市直及中省驻岳各有关单位) belongs
    to the item after it."""
    out: list[RawItem] = []
    for text, start, end in items:
        if out and (text in _words().etc_generic_tails or out[-1][0] in _BARE_LEVELS):
            _, first, _ = out[-1]
            out[-1] = (segment[first - offset:end - offset], first, end)
        else:
            out.append((text, start, end))
    return out


_BARE_LEVELS: Final = ("省直", "市直", "县直", "区直", "旗直")


# A place's party committee and its government, written once for both: 各县区党委和人民政府,
# 高新区党工委和管委会 (the second takes the first's place: 各县区人民政府, 高新区管委会).
_BARE_ORGANS: Final = ("人民政府", "政府", "管委会", "党工委", "党委")


def _share_place(names: list[str]) -> list[str]:
    """A bare organ after a place's other organ takes its place (see _BARE_ORGANS).

    >>> _share_place(["市畜牧局", "各县区党委", "人民政府", "高新区党工委", "管委会"])
    ['市畜牧局', '各县区党委', '各县区政府', '高新区党工委', '高新区管委会']
    """
    out = list(names)
    for i in range(1, len(out)):
        if out[i] in _BARE_ORGANS:
            organ = next((o for o in _BARE_ORGANS if out[i - 1].endswith(o)), None)
            if organ is not None and len(out[i - 1]) > len(organ):
                # (人民政府 is written 政府, as clean_item writes it in a whole name)
                out[i] = out[i - 1][:-len(organ)] + ("政府" if out[i] == "人民政府" else out[i])
    return out


def _split_soft(text: str, start: int) -> list[RawItem]:
    """``A和B`` is two bodies when both sides are whole names, or when B is a collective
    (省有关部门和各地级以上市人民政府); 住房和城乡建设厅 is one.

    >>> [t for t, _, _ in _split_soft("省财政厅和省发改委", 0)], [t for t, _, _ in _split_soft("省住房和城乡建设厅", 0)]
    (['省财政厅', '省发改委'], ['省住房和城乡建设厅'])
    """
    w = _words()
    for m in w.soft_conjunctions.finditer(text):
        left, right = text[:m.start()].strip(_STRIP), text[m.end():].strip(_STRIP)
        if not left or not right or _inside_brackets(text, m.start()):
            continue
        if right.startswith(w.collective_prefixes) or (looks_whole(left) and looks_whole(right)) or (
                right in _BARE_ORGANS and left.endswith(_BARE_ORGANS)):
            return [(text[:m.start()], start, start + m.start()),
                    *_split_soft(text[m.end():], start + m.end())]
    return [(text, start, start + len(text))]


def _join_broken_lines(segment: str, pieces: list[RawItem], offset: int) -> list[RawItem]:
    """A name broken by a line break (省发改\\n委) is one name; a space between two names that
    each look like an agency (省发改委 省财政厅) separates them."""
    out: list[RawItem] = []
    for text, start, end in pieces:
        if out and out[-1][2] < start and segment[out[-1][2] - offset:start - offset].isspace():
            prev_text, prev_start, _ = out[-1]
            if prev_text.strip() and text.strip() and not (_spaced_whole(prev_text.strip()) and (
                    _spaced_whole(text.strip()) or text.strip().startswith(_EACH))):
                out[-1] = (segment[prev_start - offset:end - offset], prev_start, end)
                continue
        out.append((text, start, end))
    return out


def _spaced_whole(name: str) -> bool:
    """A name a space may end: a whole one, or a government (市发改委 五县五区政府 开发区管委会)."""
    return looks_whole(name) or (len(name) > 2 and name.endswith("政府"))


def looks_whole(name: str) -> bool:
    w = _words()
    return len(name) > 1 and (
        name.endswith(w.organ_suffixes + w.company_suffixes + ("部门", "单位")) or (
            name.startswith(w.collective_prefixes) and not name.endswith(("）", ")"))))
    # (各县区（开发区） 安委会: a note in brackets, then the rest of the name after a space)


def _split_etc(text: str, start: int) -> list[RawItem]:
    """``数据管理局等省直有关单位`` → the agency and the collective; ``省发改委等部门`` → the agency."""
    idx = text.rfind("等")
    if idx < 0 or _inside_brackets(text, idx):
        return [(text, start, start + len(text))]
    w = _words()
    head, tail = text[:idx], text[idx + 1:]
    tail_core = _without_qualifiers(tail.strip(_STRIP))  # 等部门按职责分工(负责): 等部门
    if tail_core in w.etc_generic_tails or tail_core.startswith(w.etc_note_prefixes):
        return [(head, start, start + idx)]
    if tail_core.startswith(w.etc_collective_prefixes):
        return [(head, start, start + idx), (tail, start + idx + 1, start + len(text))]
    if tail_core.endswith(w.etc_class_endings):
        # 区房管局等公共企事业单位行业主管部门: a description of the bodies named, no body.
        return [(head, start, start + idx)]
    return [(text, start, start + len(text))]


def _without_qualifiers(text: str) -> str:
    """``部门按职责分工`` → ``部门``: the qualifiers that may close a list, dropped."""
    qualifiers = _words().qualifiers
    while text.endswith(qualifiers):
        text = text[:-len(next(q for q in qualifiers if text.endswith(q)))]
    return text


def _strip_item(text: str, start: int) -> RawItem:
    lead = len(text) - len(text.lstrip(_STRIP))
    core = text.strip(_STRIP)
    return core, start + lead, start + lead + len(core)


@value
class CleanItem:
    name: str  # the name as written, without qualifiers, notes and annotations
    aliases: tuple[str, ...] = ()
    annotation: Kind | None = None  # a role written in brackets after the name


# A second name written inside the first, before the organ's last character (市财政（地税）局).
_INNER_ALIAS_ENDS: Final = "局委厅办"
_INNER_ALIAS = re.compile(rf"([\u4e00-\u9fff]+)[（(]([\u4e00-\u9fff]{{1,6}})[）)]([{_INNER_ALIAS_ENDS}])")

# The work named before 由 in an item (规范性文件由制发司牵头); 自由 is a word of names
# (自由贸易试验区).
_WORK_BY = re.compile(r"[^由、，,]{1,10}?(?<!自)由")


def clean_item(raw: str) -> CleanItem:
    """Drop what is not part of a name; read role annotations and aliases in brackets.

    >>> clean_item("各设区市（含平潭综合实验区，下同）")
    CleanItem(name='各设区市', aliases=(), annotation=None)
    >>> clean_item("市商务局（投促局）"), clean_item("省发改委（牵头）").annotation
    (CleanItem(name='市商务局', aliases=('市投促局',), annotation=None), 'lead')
    >>> clean_item("市级各有关部门按职责分工").name, clean_item("福建省电子信息（集团）有限责任公司").name
    ('市级各有关部门', '福建省电子信息（集团）有限责任公司')
    >>> clean_item("规范性文件由制发司（局）").name, clean_item("各有关司（局）").name
    ('制发司', '各有关司')
    >>> clean_item("中国（福建）自由贸易试验区福州片区管委会").name
    '中国（福建）自由贸易试验区福州片区管委会'
    >>> clean_item("市财政（地税）局")
    CleanItem(name='市财政局', aliases=('市地税局',), annotation=None)
    """
    w = _words()
    name = "".join(raw.split())
    aliases: list[str] = []
    annotation: Kind | None = None
    if (marked := _lead_marked(name, w.lead_marks)) is not None:
        name, annotation = marked, "lead"
    changed = True
    while changed:
        changed = False
        m = _TRAILING_BRACKET.search(name) if name.endswith(_CLOSE_CHARS) else None
        if m and m.start() > 0:
            inner = m.group(1).strip()
            head = name[:m.start()]
            if inner in w.annotations:
                annotation, name, changed = w.annotations[inner], head, True
            elif inner.startswith(w.note_prefixes) or any(n in inner for n in w.note_contains) \
                    or w.first_listed_leads.search(inner):
                name, changed = head, True
            elif _looks_like_alias(inner, head):
                aliases.append(_with_prefix_of(head, inner))
                name, changed = head, True
            elif (inner in w.organ_suffixes or inner in ("司", "科")) and head.endswith(
                    (*w.organ_suffixes, "司", "科")):
                name, changed = head, True  # 各有关司（局）: "司 or 局", one name
        if name.endswith(w.qualifiers):
            for word in w.qualifiers:
                if name.endswith(word) and len(name) > len(word):
                    name, changed = name[:-len(word)], True
        if name.startswith(w.leading):
            for word in w.leading:
                if name.startswith(word) and len(name) > len(word) + 1:
                    name, changed = name[len(word):], True
    name = _before_glued_label(name.strip(_STRIP))
    if name[-1:] in _INNER_ALIAS_ENDS and (m := _INNER_ALIAS.fullmatch(name)) and len(m.group(1)) >= 2:
        # 市财政（地税）局: 市财政局, also named 市地税局
        aliases.append(_with_prefix_of(m.group(1), m.group(2) + m.group(3)))
        name = m.group(1) + m.group(3)
    if (m := _WORK_BY.match(name)) and len(name) - m.end() >= 2:
        name = name[m.end():]  # 规章由政策法规司 (牵头): the work, then the body that does it
    for long, short in w.short_forms:
        if long in name and len(name) > len(long):
            name = name.replace(long, short)
    return CleanItem(name=name, aliases=tuple(aliases), annotation=annotation)


def _lead_marked(name: str, marks: tuple[str, ...]) -> str | None:
    """The name a single lead mark before or after stars (★区发改委, 区财政局*), else None:
    the lead among the units of a cell. ``**镇`` is a masked name, not a starred one.

    >>> _lead_marked("区财政局*", ("*",)), _lead_marked("**镇", ("*",)), _lead_marked("镇", ("*",))
    ('区财政局', None, None)
    """
    before = name.startswith(marks) and not name[1:].startswith(marks)
    after = name.endswith(marks) and not name[:-1].endswith(marks)
    return name[1:] if before and not after else name[:-1] if after and not before else None


def _before_glued_label(name: str) -> str:
    """A name runs on into a label the reader does not know when a page lost its breaks
    (自然资源局进展与成效:…, 市国土资源房管局分工领导:…): the name ends with the last organ
    before the label's colon; with none, there is no name.

    >>> _before_glued_label("市国土资源房管局分工领导:王某"), _before_glued_label("完成时间:2022年")
    ('市国土资源房管局', '')
    >>> _before_glued_label("市发改委：")
    '市发改委'
    """
    if "：" not in name and ":" not in name:
        return name  # (almost every name)
    colon = min(i for i in (name.find("："), name.find(":")) if i >= 0)
    head, organs = name[:colon], _words().organ_suffixes
    for end in range(colon, max(1, colon - 8), -1):
        if head.endswith(organs, 0, end):
            return head[:end]
    return ""


def _looks_like_alias(inner: str, head: str) -> bool:
    """（投促局） after 市商务局 is another name of the body; （福建） or （集团） is not."""
    suffixes = _words().organ_suffixes
    return 1 < len(inner) <= 12 and inner.endswith(suffixes) and head.endswith(suffixes)


def _with_prefix_of(head: str, alias: str) -> str:
    own = _own_prefix(head)
    if own and _own_prefix(alias) is None:
        return own + alias
    return alias


def _own_prefix(raw: str) -> str | None:
    """The level prefix (省 / 市 / 区 / 县) a name starts with, if it is one (市场监管局's is
    not)."""
    w = _words()
    if not raw.startswith(w.carry_prefixes) or raw.startswith(w.prefix_exceptions):
        return None
    return next(p for p in w.carry_prefixes if raw.startswith(p))


def carries_prefix(raw: str, registry: AgencyRegistry, prefix: str = "省") -> bool:
    """Whether a bare item may take the prefix carried from an earlier item.

    Collectives (各…), local governments and bodies the registry knows under their own bare
    name (国脉公司, 福建银监局 …) do not; nor do unknown names that are not government organs
    (福州大学, 数字福州集团).
    """
    w = _words()
    if raw.startswith((*w.collective_prefixes, *UNNAMED_PREFIXES)):
        return False  # 各区县政府, 相关乡镇办: no level of their own to take
    if prefix == _EACH and not raw.endswith(w.local_units):
        return False  # 各街道办事处、公路局: 各 goes on to local units only
    if registry.canonical(prefix + raw) is not None:
        return True
    if w.no_carry.search(raw) or (starts_with_place(raw) and len(raw) > 3) or \
            names_province(raw):
        return False
    known = registry.canonical(raw)
    if known is not None:
        return known.startswith(w.carry_prefixes)
    if raw.endswith(w.company_suffixes):
        return False
    # 县民族局、交通部门: a sector's department is the county's (市级相关部门 has its level)
    return raw.endswith(w.organ_suffixes) or (sector_department(raw) and raw[1:2] != "级")


_LEVELS = "市区县"
_PLACE_LEVELS = "市区县州盟旗"  # what a place's name may end in (临夏州, 锡林郭勒盟)
_EACH: Final = "各"
UNNAMED_PREFIXES: Final = ("相关", "有关", "其他", "其它")  # the bodies concerned, named by none


def share_suffix(names: list[str], registry: AgencyRegistry) -> list[str]:
    """Bare place names before a name that ends in a body share its ending: 广州、深圳、
    珠海出入境边防检查总站 are three stations; 黄埔区、南沙区政府 two governments.

    >>> share_suffix(["广州", "深圳", "珠海出入境边防检查总站"], AgencyRegistry.bundled())
    ['广州出入境边防检查总站', '深圳出入境边防检查总站', '珠海出入境边防检查总站']
    >>> share_suffix(["黄埔区", "南沙区政府"], AgencyRegistry.bundled())
    ['黄埔区政府', '南沙区政府']
    >>> share_suffix(["哈尔滨", "黑河", "绥芬河市政府"], AgencyRegistry.bundled())
    ['哈尔滨市政府', '黑河市政府', '绥芬河市政府']
    >>> share_suffix(["相关市", "县政府"], AgencyRegistry.bundled())
    ['相关市政府', '相关县政府']
    >>> share_suffix(["海东市", "兰州市", "临夏州发展改革部门"], AgencyRegistry.bundled())
    ['海东市发展改革部门', '兰州市发展改革部门', '临夏州发展改革部门']
    """
    out = _share_sector(_share_zone(_share_government(_share_place(names), registry), registry))
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and _bare_place(out[j], registry):
            j += 1
        if j > i and j < len(out):
            ending = _ending_after_place(out[i], out[j])
            if ending is not None:
                for k in range(i, j):
                    out[k] = out[k] + ending
        i = j + 1 if j > i else i + 1
    return out


_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


def sector_department(name: str) -> bool:
    """A sector's departments, named by the sector alone (公安部门, 质量技术监督部门)."""
    return name.endswith("部门") and _SECTOR_WORD.fullmatch(name[:-2]) is not None


_SECTOR_WORD = re.compile(r"[\u4e00-\u9fff]{2,7}")


def _share_sector(names: list[str]) -> list[str]:
    """Sectors before a sector's departments share 部门: 水利、电力部门 → 水利部门, 电力部门.

    >>> _share_sector(["公安", "交通部门"]), _share_sector(["各级", "各部门"])
    (['公安部门', '交通部门'], ['各级', '各部门'])
    """
    out = list(names)
    if not any(n.endswith("部门") for n in out[1:]):
        return out
    for i in range(len(out) - 2, -1, -1):
        after, name = out[i + 1], out[i]
        # (a short sector: 临夏州发展改革部门 is a place's, and shares by its place)
        if (sector_department(after) and _HAN_NAME.fullmatch(after[:-2]) and _HAN_NAME.fullmatch(name)
                and not (looks_whole(name) or after.startswith(UNNAMED_PREFIXES)
                         or name.startswith((*UNNAMED_PREFIXES, "各")))):
            out[i] = name + "部门"
    return out


def _share_zone(names: list[str], registry: AgencyRegistry) -> list[str]:
    """A short name that names no body, before the name of a zone or its 管委会, shares its
    ending (人民大垸、荒湖管理区 are two management districts).

    >>> _share_zone(["各乡镇政府", "人民大垸", "荒湖管理区"], AgencyRegistry.bundled())
    ['各乡镇政府', '人民大垸管理区', '荒湖管理区']

    Zones before a zone's 管委会 share it: 滁州经开区、苏滁高新区管委会 are two committees.

    >>> _share_zone(["滁州经开区", "苏滁高新区管委会"], AgencyRegistry.bundled())
    ['滁州经开区管委会', '苏滁高新区管委会']
    """
    out = list(names)
    w = _words()
    for k in range(len(out) - 2, -1, -1):
        name, after = out[k], out[k + 1]
        if after.endswith("管委会") and after[:-3].endswith(w.zones) and name.endswith(w.zones):
            out[k] = name + "管委会"
            continue
        ending = next((e for e in (*w.zones, "管委会") if after.endswith(e)
                       and 2 <= len(after) - len(e) <= 4), None)
        if ending and _HAN_NAME.fullmatch(name) and not looks_whole(name) and (
                not name.endswith(body_endings()) and registry.canonical(name) is None
                and not name.startswith((*w.collective_prefixes, *UNNAMED_PREFIXES))):
            out[k] = name + ending
    return out


_LEVEL_GOVERNMENT = re.compile(r"(?:[市区县](?:人民)?)?政府$")
_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,3}[市区县][（(][市区县、]{1,3}[）)]")


def _share_government(names: list[str], registry: AgencyRegistry) -> list[str]:
    """Names of places before one government share it: 哈尔滨、黑河、绥芬河市政府 are three
    city governments, 相关市、县政府 two; a place named with its level (相关市) takes 政府."""
    out = list(names)
    for j, name in enumerate(names):
        m = _LEVEL_GOVERNMENT.search(name)
        if m is None or (m.start() == 0 and len(name) <= 2):
            continue
        ending = m.group(0)
        i = j - 1
        while i >= 0 and _PLACE_NAME.fullmatch(out[i]) and not out[i].endswith(body_endings()) \
                and registry.canonical(out[i]) is None:
            if out[i][-1] in _LEVELS or out[i][-1] in "）)":
                # 相关市 before 县政府, 各县（市） before 区政府: its own level, then 政府
                out[i] = out[i] + "政府"
            elif ending[0] in _LEVELS:
                out[i] = out[i] + ending
            else:
                break
            i -= 1
        if m.start() == 0 and j > i + 1:  # 县政府 itself: the place of the item before it
            place = names[j - 1][:-1] if names[j - 1][-1] in _LEVELS else names[j - 1]
            out[j] = place + name
    return out


def _bare_place(name: str, registry: AgencyRegistry) -> bool:
    """A short name with no body in it (广州, 黄埔区): a place, waiting for an ending."""
    w = _words()
    if starts_with_place(name) == name:
        return True
    return (3 <= len(name) <= 5 and name[-1] in _PLACE_LEVELS
            and not name.startswith(w.collective_prefixes + w.carry_prefixes)
            and registry.canonical(name) is None)


def _ending_after_place(place: str, name: str) -> str | None:
    """The ending of ``name`` after a place shaped like ``place`` (广州 → 珠海|出入境…;
    黄埔区 → 南沙区|政府), when it names a body."""
    w = _words()
    if len(place) >= 3 and place[-1] in _PLACE_LEVELS:
        cut = next((k for k in range(1, min(6, len(name))) if name[k] in _PLACE_LEVELS), -1)
        if cut < 0:
            return None
        ending = name[cut + 1:]
    else:
        ending = name[len(place):]
    if ending == "政府" or (len(ending) >= 3 and ending.endswith((*w.organ_suffixes, "部门"))):
        return ending
    return None


@cache
def _zone_body() -> re.Pattern[str]:
    """A zone's body (沈阳近海经济区管委会): its place is the zone's, no level for others."""
    return re.compile(f"(?:{'|'.join(map(re.escape, _words().zones))}).{{0,4}}$")


def carry_prefix(raws: list[str], registry: AgencyRegistry,
                 lists: list[int] | None = None) -> list[str]:
    """Apply the level prefix to bare department names that follow a prefixed item.

    >>> carry_prefix(["省政府法制办", "发改委", "数字办"], AgencyRegistry.bundled())
    ['省政府法制办', '省发改委', '省数字办']
    >>> carry_prefix(["省金融办", "人行福州中心支行", "福建银监局"], AgencyRegistry.bundled())
    ['省金融办', '人行福州中心支行', '福建银监局']
    >>> carry_prefix(["市大数据委", "工信局", "市场监管局"], AgencyRegistry.bundled())
    ['市大数据委', '市工信局', '市市场监管局']

    A writer who repeats the prefix on the items around a bare name no registry entry knows
    means it as written (区发改委、沿沪宁专项机制办、区商务委), when they are of one list
    (``lists`` numbers the list of each item; 牵头单位：市发改委、经贸委；配合单位：市科技局 is two):

    >>> carry_prefix(["区发改委", "沿沪宁专项机制办", "区商务委"], AgencyRegistry.bundled())
    ['区发改委', '沿沪宁专项机制办', '区商务委']
    >>> carry_prefix(["市发改委", "经贸委", "市科技局"], AgencyRegistry.bundled(), [0, 0, 1])
    ['市发改委', '市经贸委', '市科技局']
    >>> carry_prefix(["市财政局", "无锡国税局", "地税局"], AgencyRegistry.bundled())
    ['市财政局', '无锡国税局', '无锡地税局']
    >>> carry_prefix(["市委办公室", "统战部", "民宗局"], AgencyRegistry.bundled())
    ['市委办公室', '市委统战部', '市民宗局']
    """
    lists = lists or [0] * len(raws)
    out: list[str] = []
    carried: str | None = None
    place_list: int | None = None  # a place carries within its own list only
    party = False  # the prefix is a party committee's (市委): its departments (…部) take it
    owns = [_own_prefix(raw) for raw in raws]
    for i, raw in enumerate(raws):
        own = owns[i]
        if place_list is not None and lists[i] != place_list:
            carried = place_list = None
        if own is not None:
            carried, place_list = own, None
            party = raw.startswith(own + "委")  # 市委办公室、统战部: 市委统战部
            out.append(raw)
        elif raw.startswith(_EACH) and raw.endswith((*_words().organ_suffixes, "政府")):
            carried = _EACH  # 各乡镇人民政府、街道办事处: each of them too
            out.append(raw)
        elif (place := starts_with_place(raw)) and len(raw) > len(place) + 1 and \
                not raw.endswith("政府") and raw.endswith(_words().organ_suffixes) and \
                not _zone_body().search(raw, len(place)):
            carried, place_list = place, lists[i]  # 无锡国税局、地税局: 无锡地税局
            out.append(raw)
        elif carried is not None and owns[i - 1] == carried and i + 1 < len(raws) \
                and owns[i + 1] == carried and lists[i - 1] == lists[i] == lists[i + 1] \
                and registry.canonical(raw) is None \
                and registry.canonical(carried + raw) is None:
            out.append(raw)
        elif carried is not None and carries_prefix(raw, registry, carried):
            out.append(carried + ("委" if party and raw.endswith("部") else "") + raw)
        else:
            out.append(raw)
    return out


def resolve_item(name: str, registry: AgencyRegistry,
                 locality: Locality | None = None) -> tuple[str, str, bool]:
    """``(name, key, known)`` for a (prefixed) item: the canonical short name, the identity
    that keeps places apart, and whether the registry knows the body.

    A body the registry knows under the qualified name (省发改委 in a Fujian plan, 市政府 in a
    福州 plan → 福州市政府) has that name as name and key. Otherwise the short name is the
    prefixed form as written (the registry's spelling when it knows the bare form, 省发展改革委
    → 省发改委), and the key replaces its level prefix by the issuing place.

    >>> reg = AgencyRegistry.bundled()
    >>> resolve_item("市大数据委", reg, Locality.from_issuer("福州市人民政府办公厅"))
    ('市大数据委', '福州市大数据委', False)
    >>> resolve_item("省发展改革委", reg, Locality.from_issuer("江西省人民政府办公厅"))
    ('省发改委', '江西省发改委', False)
    >>> resolve_item("省发展改革委", reg, Locality.from_issuer("福建省人民政府办公厅"))
    ('省发改委', '省发改委', True)
    """
    qualified = locality.qualify(name) if locality is not None else name
    canonical = registry.canonical(qualified)
    prefixes = _words().carry_prefixes
    if canonical is not None and locality is not None and locality.away and \
            canonical.startswith(prefixes) and not name.startswith(prefixes):
        canonical = None  # 发改委 in a plan of 常熟市 is not the registry's 省发改委
    if canonical is not None:
        return canonical, canonical, True
    short = registry.canonical(name) if qualified != name else None
    if short is None or short[:1] != name[:1]:
        short = name_key(name)
    key = name_key(locality.qualify(short)) if locality is not None else short
    return short, key, False


def role_kind(verb: str | None, segment_kind: Kind | None, annotation: Kind | None) -> Kind:
    """The role an item's words give it: a bracket annotation, else its verb, else its label;
    a list with neither is responsible (and so leads when nobody is named to lead).

    >>> role_kind("配合", "responsible", None), role_kind(None, "lead", None), role_kind(None, None, None)
    ('cooperate', 'lead', 'responsible')
    """
    if annotation is not None:
        return annotation
    if verb is not None:
        return str(load_rules("rules")["verbs"][verb])
    return segment_kind or "responsible"


def relation_for(kind: Kind, has_lead: bool) -> Relation:
    """牵头 → LEADS; 负责 → LEADS, or RESPONSIBLE_FOR when the clause names a lead; 配合 →
    COOPERATES_ON."""
    if kind == "lead":
        return "LEADS"
    if kind == "responsible":
        return "RESPONSIBLE_FOR" if has_lead else "LEADS"
    return "COOPERATES_ON"


def roles_for_groups(groups: list[tuple[list[RawItem], str | None]],
                     registry: AgencyRegistry, locality: Locality | None = None,
                     segment_kind: Kind | None = None) -> list[ClauseRole]:
    """Roles for the groups of one clause segment (the verb-clause form of 2014–2015)."""
    return roles_for_segments([Segment(segment_kind, None, "", 0, groups)], registry, locality)


# The longest name of a body (福建省人民政府国有资产监督管理委员会 is 18): a longer item is
# text that ran into the list (a table of figures copied after it), not a body.
MAX_NAME: Final = 40


@cache
def _leader_titles() -> tuple[str, ...]:
    """Titles that end a person's name (王副市长, 市委书记): a person, not a body."""
    return tuple(load_rules("rules")["sentence"]["leaders"])


@cache
def _number_headers() -> frozenset[str]:
    """The header words of a table's number column (序号, 编号): data/tables.toml."""
    return frozenset(load_rules("tables")["columns"]["number"])


_BRACKET_CHAR = re.compile(r"[（()）]")
# What no name holds: a sentence's end, quotes, or nothing but a figure (1分, 0.2分).
_NOT_A_NAME = re.compile(r"[。“”%％]|^[0-9.]+[分个项条次]?$")


def _can_be_name(name: str) -> bool:
    """Whether a list item may be a body's name: short, with its brackets closed, and
    not a sentence, a quote or a figure (a bracket of scoring rules that the words 实施单位
    made a clause: （1分，按照…方案（通知）（0.2分）。农委…）).

    >>> _can_be_name("省发改委"), _can_be_name("1分"), _can_be_name("开发区管委会）（四）强化")
    (True, False, False)
    """
    if not 1 < len(name) <= MAX_NAME or _NOT_A_NAME.search(name) is not None:
        return False
    if name in _label_kinds() or name in _number_headers():  # a table's header cell
        return False
    return _BRACKET_CHAR.search(name) is None or (
        name.count("（") + name.count("(") == name.count("）") + name.count(")"))


_WITH: Final = "会同"  # A会同B负责, (A牵头，会同B落实): B works with A


def _after_with(text: str, at: int) -> bool:
    """Whether 会同 comes right before ``text[at]`` (spaces between)."""
    while at > 0 and text[at - 1] in " \t\u3000":
        at -= 1
    return text.endswith(_WITH, 0, at)


@cache
def _short_with_pattern() -> re.Pattern[str]:
    """会 for 会同 between a section and the body it works with (宣传处会办公室, 管理科会信息中心);
    a name ending in 委 is left alone (管委会, 居委会 are names). Compiled when first needed:
    a Han class costs milliseconds to compile, and most clauses hold no 会."""
    return re.compile(r"(?<=[\u4e00-\u9fff][处科局厅司室办])会(?!同)(?=[\u4e00-\u9fff]{2,}$)")


def _short_with(items: list[RawItem]) -> tuple[list[RawItem], int]:
    """The first item split at a 会 that stands for 会同, and where the partners start
    (len(items) when none does)."""
    if not items:
        return items, 0
    raw, start, end = items[0]
    m = _short_with_pattern().search(raw) if "会" in raw else None
    if m is None or not raw.endswith((*_words().organ_suffixes, "司")):
        return items, len(items)
    cut = m.start()
    return [(raw[:cut], start, start + cut), (raw[cut + 1:], start + cut + 1, end),
            *items[1:]], 1


def roles_for_segments(segments: list[Segment], registry: AgencyRegistry,
                       locality: Locality | None = None) -> list[ClauseRole]:
    """Roles for every item of a clause: prefixes carry across the whole clause, and 负责 /
    责任单位 are RESPONSIBLE_FOR as soon as any part of the clause names a lead."""
    flat: list[tuple[RawItem, str | None, Segment, CleanItem]] = []
    lists: list[int] = []  # the list each item is in
    list_number = -1
    for seg in segments:
        if seg.kind == "ignore":
            continue
        for written_items, verb in seg.groups:
            list_number += 1
            items, first_partner = _short_with(written_items)
            cleaned_items = [clean_item(written[0]) for written in items]
            shared = share_suffix([c.name for c in cleaned_items], registry)
            partners = False  # past 会同: the bodies the named one works with cooperate
            with_word = _WITH in seg.text
            for k, (written, cleaned, name) in enumerate(zip(items, cleaned_items, shared,
                                                             strict=True)):
                partners = partners or k >= first_partner or (
                    with_word and bool(flat) and _after_with(seg.text, written[1] - seg.offset))
                annotation = cleaned.annotation or ("cooperate" if partners else None)
                if _can_be_name(name) and not name.endswith(_leader_titles()):
                    flat.append((written, verb, seg, CleanItem(name, cleaned.aliases, annotation)))
                    lists.append(list_number)
    kinds = [role_kind(verb, seg.kind, c.annotation) for _, verb, seg, c in flat]
    if any(seg.label and seg.label.startswith("牵头") for _, _, seg, _ in flat):
        # 牵头单位：A；主办单位：B: under a named lead, the bodies that host the work do it
        kinds = ["responsible" if k == "lead" and seg.label and seg.label.startswith("主办")
                 and c.annotation is None and verb is None else k
                 for k, (_, verb, seg, c) in zip(kinds, flat, strict=True)]
    has_lead = "lead" in kinds
    names = carry_prefix([c.name for *_, c in flat], registry, lists)
    roles: list[ClauseRole] = []
    seen: set[tuple[str, str]] = set()
    for ((raw, start, end), verb, seg, cleaned), kind, prefixed in zip(flat, kinds, names,
                                                                       strict=True):
        name, key, known = resolve_item(prefixed, registry, locality)
        relation = relation_for(kind, has_lead)
        if (key, relation) in seen:
            continue
        seen.add((key, relation))
        item = ClauseItem(raw, name, known, start, end, key=key, aliases=cleaned.aliases)
        # The verb keeps the word that gave the role: 牵头 / 负责 / 配合, or the label.
        roles.append(ClauseRole(item, relation, verb or seg.label or ""))
    # A body named to lead and listed again among the responsible (a table whose 责任单位
    # cell repeats the 牵头单位) leads: one clause gives a body one role.
    leads = {r.item.key for r in roles if r.relation == "LEADS"}
    return [r for r in roles if r.relation == "LEADS" or r.item.key not in leads]


def parse_clause(inner: str, offset: int = 0) -> list[Segment]:
    """Segments of a clause with their (items, verb) groups."""
    segments = label_segments(inner, offset)
    for seg in segments:
        seg.groups = labelled_groups(seg)
    return segments


_GROUP_BREAK = re.compile(r"[；;，,]")


def labelled_groups(seg: Segment) -> list[tuple[list[RawItem], str | None]]:
    """The groups of a segment; under a label, a verb that gives another role closes only
    the list after the last break before it: in 牵头单位：市发改局；市财政局配合 the label names
    the lead and 配合 names 市财政局 alone.

    >>> seg = label_segments("牵头单位：市发改局；市财政局配合")[0]
    >>> [([i for i, _, _ in items], v) for items, v in labelled_groups(seg)]
    [(['市发改局'], None), (['市财政局'], '配合')]
    """
    groups = split_groups(seg.text, seg.offset)
    if seg.kind not in ("lead", "responsible", "cooperate") or not groups:
        return groups
    items, verb = groups[0]
    if verb is None or load_rules("rules")["verbs"][verb] == seg.kind:
        return groups
    verb_at = items[-1][2] - seg.offset
    breaks = [m.end() + seg.offset for m in _GROUP_BREAK.finditer(seg.text, 0, verb_at)]
    if not breaks:
        return groups
    before = [item for item in items if item[2] <= breaks[-1]]
    after = [item for item in items if item[1] >= breaks[-1]]
    if not before or not after or len(before) + len(after) != len(items):
        return groups
    return [(before, None), (after, verb), *groups[1:]]


def read_clause(inner: str, offset: int, registry: AgencyRegistry,
                locality: Locality | None = None) -> list[ClauseRole]:
    """All roles a clause states; ``offset`` is where ``inner`` starts in the source.

    >>> reg = AgencyRegistry.bundled()
    >>> [(r.item.name, r.relation) for r in read_clause(
    ...     "责任单位：省通信管理局、发改委牵头，省直有关部门、各电信运营企业配合", 0, reg)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('省通信管理局', 'LEADS'), ('省发改委', 'LEADS'), ('省直有关部门', 'COOPERATES_ON'),
     ('各电信运营企业', 'COOPERATES_ON')]
    """
    return roles_for_segments(parse_clause(inner, offset), registry, locality)


@dataclass(frozen=True)
class ClauseReading:
    """What a clause says: the roles, and the notes and deadline that are not agencies."""

    roles: tuple[ClauseRole, ...]
    notes: tuple[str, ...] = ()
    deadline: str | None = None
    first_listed_leads: bool = False  # the clause says the body listed first leads


_SENTENCES = re.compile(r"[^。]+。?")
# Characters every deadline holds one of (年底前, 6月底前, 持续推进, 长期坚持, 全年, 常态工作).
_MAY_HOLD_NOTES = re.compile(r"[0-9０-９年月季持长常全按每]")
_BRACKETED = re.compile(r"[（(〔【［\[]([^（）()〔〕【】［］\[\]]*)[）)〕】］\]]")
_PIECES = re.compile(r"[^，,；;。]+")


def clause_notes(text: str) -> tuple[str, list[str], str | None]:
    """The clause with its notes and deadline blanked out (offsets kept), the notes, and the
    deadline.

    A sentence after the first (cut at 。) or a part between commas that holds a note word
    (不再一一列出, 下同, 均需 …) is a note; a part that is only a deadline (年底前, 年内持续推进)
    is the deadline.

    >>> masked, notes, deadline = clause_notes("科技部牵头，财政部等按职责分工负责，年内持续推进")
    >>> masked.rstrip("，"), notes, deadline
    ('科技部牵头，财政部等按职责分工负责', [], '年内持续推进')
    >>> clause_notes("责任单位：省商务厅按职责分工负责。具体任务均涉及相关市人民政府，不再做分工，下同。")[1]
    ['具体任务均涉及相关市人民政府，不再做分工，下同。']
    """
    w = _words()
    if not _MAY_HOLD_NOTES.search(text) and not any(word in text for word in w.note_words):
        return text, [], None  # most clauses: nothing but names
    chars = list(text)
    notes: list[str] = []
    deadline: str | None = None
    # Cut at the punctuation outside brackets: （含平潭综合实验区，下同） belongs to its name.
    flat = _brackets_blanked(text)

    def blank(start: int, end: int) -> None:
        chars[start:end] = "，" * (end - start)

    for k, m in enumerate(_SENTENCES.finditer(flat)):
        if k > 0 and any(word in m.group() for word in w.note_words):
            notes.append(text[m.start():m.end()].strip())
            blank(m.start(), m.end())
            continue
        for piece in _PIECES.finditer(flat, m.start(), m.end()):
            core = text[piece.start():piece.end()].strip(_STRIP)
            if not core:
                continue
            if any(word in piece.group() for word in w.note_words):
                notes.append(core)
                blank(piece.start(), piece.end())
            elif w.deadline.fullmatch(core):
                deadline = deadline or core
                blank(piece.start(), piece.end())
    # A note in brackets after a name (（含平潭综合实验区，下同）) stays for clean_item to drop,
    # and is kept here.
    for m in _BRACKETED.finditer(text):
        if any(word in m.group(1) for word in w.note_words):
            notes.append(m.group(1).strip())
    return "".join(chars), notes, deadline


def first_listed_pattern() -> re.Pattern[str]:
    """A note that the body listed first leads (列第一位者为牵头单位)."""
    return _words().first_listed_leads


def says_first_listed_leads(text: str) -> tuple[bool, bool]:
    """Whether a note in ``text`` makes the body listed first the lead (列在首位的为牵头部门),
    and whether it holds for what follows too (下同).

    >>> says_first_listed_leads("县民政局、县财政局（列在首位的为牵头部门，下同）")
    (True, True)
    """
    notes = clause_notes(text)[1]
    says = any(_words().first_listed_leads.search(n) for n in notes)
    return says, says and any("下同" in n for n in notes)  # as OutlineReading reads clauses


def first_listed_leads(roles: list[ClauseRole]) -> list[ClauseRole]:
    """The roles of a clause whose first-listed body leads (by a note of the plan): when the
    clause names no lead itself, the first body leads and the others are responsible."""
    if not roles or any(r.relation == "LEADS" and r.verb in _lead_words() for r in roles):
        return roles
    if any(r.relation != "LEADS" for r in roles):
        return roles  # the clause already tells lead from responsible
    return [roles[0], *(ClauseRole(r.item, "RESPONSIBLE_FOR", r.verb) for r in roles[1:])]


@cache
def _lead_words() -> frozenset[str]:
    """The verbs and labels that name a lead (牵头, 牵头单位 …)."""
    rules = load_rules("rules")
    verbs = {v for v, kind in rules["verbs"].items() if kind == "lead"}
    return frozenset(verbs | set(rules["labels"]["lead"]))


def _brackets_blanked(text: str) -> str:
    """``text`` with what is inside brackets replaced by ＿ (same length)."""
    if not any(ch in _OPEN for ch in text):
        return text
    out = []
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
            out.append(ch)
        elif ch in _CLOSE and depth:
            depth -= 1
            out.append(ch)
        else:
            out.append("＿" if depth else ch)
    return "".join(out)


def read_clause_parts(parts: list[tuple[str, int]], registry: AgencyRegistry,
                      locality: Locality | None = None) -> list[ClauseRole]:
    """Roles of a clause written in several parts (牵头单位：… and 责任单位：… on two lines):
    read as one, so the 牵头 of one part makes 责任单位 of another RESPONSIBLE_FOR."""
    return list(read_clause_full(parts, registry, locality).roles)


def read_clause_full(parts: list[tuple[str, int]], registry: AgencyRegistry,
                     locality: Locality | None = None) -> ClauseReading:
    """:func:`read_clause_parts` with the clause's notes and deadline.

    Read once per distinct wording (plans repeat their clauses, copies repeat them again):
    the roles are cached with the parts laid end to end from 0 and moved to ``offsets``.
    """
    texts = tuple(text for text, _ in parts)
    reading = _read_parts(texts, registry, locality)
    starts = []  # where each part starts when laid end to end
    at = 0
    for text in texts:
        starts.append(at)
        at += len(text)
    moved = []
    for role in reading.roles:
        i = role.item
        k = bisect_right(starts, i.start) - 1 if len(starts) > 1 else 0
        shift = parts[k][1] - starts[k]
        item = ClauseItem(i.raw, i.name, i.known, i.start + shift, i.end + shift, i.key, i.aliases)
        moved.append(ClauseRole(item, role.relation, role.verb))
    return ClauseReading(tuple(moved), reading.notes, reading.deadline,
                         reading.first_listed_leads)


@lru_cache(maxsize=8192)
def _read_parts(texts: tuple[str, ...], registry: AgencyRegistry,
                locality: Locality | None) -> ClauseReading:
    segments = []
    notes: list[str] = []
    deadline: str | None = None
    at = 0
    for text in texts:
        masked, found, due = clause_notes(text)
        notes.extend(found)
        deadline = deadline or due
        segments.extend(parse_clause(masked, at))
        at += len(text)
    first_leads = any(_words().first_listed_leads.search(n) for n in notes)
    return ClauseReading(tuple(roles_for_segments(segments, registry, locality)), tuple(notes),
                         deadline, first_leads)


def read_cells(cells: list[tuple[str, int, Kind]], registry: AgencyRegistry,
               locality: Locality | None = None) -> list[ClauseRole]:
    """Roles from a table row: each cell is a list under its column's role (牵头单位 → lead)."""
    segments = []
    for text, offset, kind in cells:
        for seg in label_segments(text, offset):
            seg.kind = seg.kind or kind
            seg.label = seg.label or _column_label(kind)
            seg.groups = labelled_groups(seg)
            segments.append(seg)
    return roles_for_segments(segments, registry, locality)


def _column_label(kind: Kind) -> str:
    return {"lead": "牵头单位", "responsible": "责任单位", "cooperate": "配合单位"}.get(kind, "")


_NOTE_AFTER = re.compile(r"(?<=.)[（(][^（）()]*[）)]$")


def without_note(name: str) -> str:
    """``name`` without a note in brackets at its end (各区县政府（地区管委会） → 各区县政府)."""
    return _NOTE_AFTER.sub("", name)


def looks_like_agency(name: str, registry: AgencyRegistry) -> bool:
    """A name the registry knows, or one shaped like a government organ, company or
    collective (used to accept bracketed lists with no marker word).

    >>> reg = AgencyRegistry.bundled()
    >>> looks_like_agency("省发改委", reg), looks_like_agency("长乐", reg), looks_like_agency("省海洋渔业局", reg)
    (True, False, True)
    """
    if registry.canonical(name) is not None:
        return True
    rules = load_rules("rules")
    items = rules["items"]
    levelled = name.startswith((*rules["agencies"]["carry_prefixes"],
                                *rules["agencies"]["collective_prefixes"])) or (
        starts_with_place(name) is not None) or (  # 无锡国税局 carries its own place
        name[:1] == "团" and name[1:2] in "省市区县") or (  # 团市委: the level comes second
        name[:1] in "厅局" and name[1:2] not in "部面势")  # 厅政策法规处: the issuer's own office
    suffixes = (*items["organ_suffixes"], *items["company_suffixes"], "政府", "部门", "单位",
                *items["zones"])  # a zone named with its place: 荆州开发区
    name = without_note(name)  # 各区县政府（地区管委会）: the note is no ending
    return len(name) >= 3 and name.endswith(suffixes) and (
        levelled or name.endswith((*items["company_suffixes"], "政府")))


def is_agency_list(inner: str, registry: AgencyRegistry) -> bool:
    """A bracket holding nothing but agency names (（省发改委、省财政厅）): a clause without
    marker words, whose agencies lead.

    >>> reg = AgencyRegistry.bundled()
    >>> is_agency_list("省发改委、财政厅", reg), is_agency_list("长乐", reg), is_agency_list("含平潭", reg)
    (True, False, False)
    >>> is_agency_list("市发改委、市财政局，2023年底前", reg)  # and when they are due
    True
    >>> is_agency_list("省发改委、建设厅、宜昌市", reg), is_agency_list("宜昌市、襄樊市", reg)
    (True, False)
    """
    masked, _, deadline = clause_notes(inner)
    if deadline is not None:
        inner = masked.rstrip("，,；; ")
    raws = [clean_item(t).name for t, _, _ in split_items(inner)]
    if not raws or any(not r for r in raws):
        return False
    names = carry_prefix(raws, registry)
    agencies = [looks_like_agency(n, registry) for n in names]
    # （省发改委、建设厅、宜昌市、襄樊市）: after a body, cities stand for their governments
    return all(agencies) or (agencies[0] and all(
        a or _city().fullmatch(n) is not None for a, n in zip(agencies, names, strict=True))) \
        or _ministry_departments(names)


@cache
def _bare_organ() -> re.Pattern[str]:
    return re.compile(r"[\u4e00-\u9fff]{2,6}[局厅委署办]")


def is_bare_organ_list(inner: str) -> bool:
    """Organs named without their level, alone in a bracket (（民政局）, （教育局、财政局）):
    a county's minutes name its own bureaus so. Read only where the bracket ends an item.

    >>> is_bare_organ_list("民政局"), is_bare_organ_list("教育局、财政局"), is_bare_organ_list("试行")
    (True, True, False)
    """
    names = [clean_item(t).name for t, _, _ in split_items(inner)]
    return bool(names) and all(_bare_organ().fullmatch(n) is not None for n in names)


@cache
def _city() -> re.Pattern[str]:
    return re.compile(r"[\u4e00-\u9fff]{2,4}[市县州盟旗]")


def _ministry_departments(names: list[str]) -> bool:
    """A ministry's own departments, written without a level (大气司、水司、执法局、应急中心):
    most of them 司, the rest short organs.

    >>> _ministry_departments(["大气司", "水司"]), _ministry_departments(["上市公司"])
    (True, False)
    """
    departments = [n for n in names if n.endswith("司") and not n.endswith("公司") and len(n) <= 6]
    organs = _words().organ_suffixes
    return (2 * len(departments) >= len(names) and (len(departments) > 1 or len(names[0]) > 2)
            and all(n in departments or (len(n) <= 6 and n.endswith(organs)) for n in names))


def clear_caches() -> None:
    """Forget the clause readings cached by wording."""
    _read_parts.cache_clear()
