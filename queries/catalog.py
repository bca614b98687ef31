"""Named read queries: one ``queries/<name>.cypher`` file each, described by its header.

Header, then the Cypher::

    // name: tasks_by_agency
    // description: Tasks an agency leads, is responsible for, or cooperates on.
    // param: agency string required  canonical or alias name, e.g. 省发改委
    // param: relation string optional  LEADS | RESPONSIBLE_FOR | COOPERATES_ON
    // example: agency=省发改委 relation=LEADS
    MATCH (a:Agency)-[r]->(t:Task) WHERE a.name = $agency ...

* ``param`` types: ``string``, ``int`` (``integer``), ``float`` (``number``), ``bool``
  (``boolean``), ``list`` (of strings). A missing optional parameter is passed as null.
* ``example`` lines (any number) hold space-separated ``k=v`` pairs; an empty one means
  "no parameters". Tests run every example on every backend; docs show them.
* ``internal: true`` marks a query used by the API only (not listed by ``kg queries``).
* A parameter named ``limit`` or ``offset`` (an ``int``, for LIMIT and SKIP) must not be
  negative.
* A parameter named ``agency`` is resolved from an alias to the canonical short name
  (发改委 → 省发改委): first by the agencies in the store (``name``/``aliases``), then by
  the bundled agency registry; an unknown name is passed unchanged (it matches nothing).
  A short name stands for every place's body of that name (市大数据委 of 福州 and of 厦门);
  a qualified name (``Agency.qualified_name``, 福州市大数据委) is passed unchanged and stands
  for that one body, so queries match ``a.name = $agency OR a.qualified_name = $agency``.

Adding a query: ``queries/README.md``.

Bad input raises :class:`ParameterError` / :class:`UnknownQuery` (both
:class:`~core.errors.InputError`): the CLI exits with 2, the API answers 422 / 404.

>>> q = get_query("tasks_by_agency")
>>> [p.name for p in q.params]
['agency', 'relation']
>>> bind_params(q, {"agency": "省发改委"})
{'agency': '省发改委', 'relation': None}
>>> try:
...     bind_params(q, {"agnecy": "x"})
... except ParameterError as exc:
...     print(exc)
query tasks_by_agency has no parameter 'agnecy' (parameters: agency, relation)
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

from core.config import Settings, get_settings
from core.errors import InputError
from graph.cypher_guard import check_cypher
from graph.schema import agency_id
from graph.stores.base import GraphStore, QueryResult
from loaders.agencies import AgencyRegistry

QUERIES_DIR: Final = Path(__file__).resolve().parent
ParamType = Literal["string", "int", "float", "bool", "list"]
_TYPE_ALIASES: Final[dict[str, ParamType]] = {
    "string": "string", "str": "string",
    "int": "int", "integer": "int",
    "float": "float", "number": "float",
    "bool": "bool", "boolean": "bool",
    "list": "list",
}
_TRUE: Final = frozenset({"true", "1", "yes", "y", "on"})
_FALSE: Final = frozenset({"false", "0", "no", "n", "off"})
AGENCY_PARAMS: Final = frozenset({"agency"})
# Values of Cypher's LIMIT and SKIP: a negative one is refused by every backend.
COUNT_PARAMS: Final = frozenset({"limit", "offset"})

_HEADER_LINE = re.compile(r"^//\s*([a-z_]+):\s?(.*)$")
_PARAM_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s+(\S+)\s+(required|optional)(?:\s+(.*))?$")
_CYPHER_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Parameter names and map keys every backend takes without quoting.
PARAMETER_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_PARAMETER_DEPTH: Final = 8
INT64_MAX: Final = 2**63 - 1
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


class ParameterError(InputError):
    """A parameter is unknown, missing, or of the wrong type (CLI exit 2, API 422)."""


class UnknownQuery(InputError):
    """No named query has that name (CLI exit 2, API 404)."""


class QueryDefinitionError(ValueError):
    """A ``.cypher`` file's header is malformed (a bug in the file, not user input)."""


@dataclass(frozen=True)
class Param:
    name: str
    type: ParamType
    required: bool
    help: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str  # the Cypher, without the header
    examples: tuple[dict[str, str], ...] = ()
    internal: bool = False
    path: Path | None = None
    headers: dict[str, str] = field(default_factory=dict, compare=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


# --- parsing -------------------------------------------------------------------------------


def parse_query(source: str, path: Path | None = None) -> NamedQuery:
    """Parse one query file (header lines first, then the Cypher)."""
    headers: dict[str, str] = {}
    params: list[Param] = []
    examples: list[dict[str, str]] = []
    lines = source.splitlines()
    body_start = len(lines)
    where = path.name if path else "<query>"
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        match = _HEADER_LINE.match(line)
        if match is None:
            if line.startswith("//"):
                continue  # a free comment inside the header
            body_start = i
            break
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            params.append(_parse_param(value, where))
        elif key == "example":
            examples.append(parse_pairs(value.split(), where=f"{where}: example"))
        else:
            headers[key] = value
    name = headers.get("name") or (path.stem if path else "")
    if not name:
        raise QueryDefinitionError(f"{where}: no '// name:' header")
    text = "\n".join(lines[body_start:]).strip()
    if not text:
        raise QueryDefinitionError(f"{where}: no Cypher after the header")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryDefinitionError(f"{where}: a parameter is declared twice")
    return NamedQuery(
        name=name,
        description=headers.get("description", ""),
        params=tuple(params),
        text=text,
        examples=tuple(examples),
        internal=headers.get("internal", "").lower() == "true",
        path=path,
        headers=headers,
    )


def _parse_param(value: str, where: str) -> Param:
    match = _PARAM_LINE.match(value)
    if match is None:
        raise QueryDefinitionError(
            f"{where}: bad param line {value!r} (want 'NAME TYPE required|optional  help')"
        )
    name, type_name, need, help_text = match.groups()
    kind = _TYPE_ALIASES.get(type_name.lower())
    if kind is None:
        raise QueryDefinitionError(f"{where}: parameter {name} has unknown type {type_name!r}")
    return Param(name=name, type=kind, required=need == "required", help=(help_text or "").strip())


def cypher_parameters(text: str) -> set[str]:
    """The ``$names`` a Cypher text uses (string literals and ``//`` comments ignored)."""
    code = _STRING_LITERAL.sub("''", text)
    code = "\n".join(line.split("//", 1)[0] for line in code.splitlines())
    return set(_CYPHER_PARAM.findall(code))


def check_query(query: NamedQuery) -> list[str]:
    """Problems of a query definition (used by tests): undeclared or unused parameters,
    examples naming unknown parameters or lacking required ones."""
    problems = []
    declared = {p.name for p in query.params}
    used = cypher_parameters(query.text)
    problems += [f"uses ${n} but does not declare it" for n in sorted(used - declared)]
    problems += [f"declares {n} but does not use it" for n in sorted(declared - used)]
    for example in query.examples:
        try:
            bind_params(query, example)
        except ParameterError as exc:
            problems.append(f"example {example}: {exc}")
    return problems


@cache
def _load(directory: Path) -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.cypher")):
        query = parse_query(path.read_text(encoding="utf-8"), path)
        if query.name in out:
            raise QueryDefinitionError(f"{path.name}: query {query.name!r} is defined twice")
        out[query.name] = query
    return out


def all_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every query, internal ones included, by name."""
    return dict(_load(directory))


def public_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """The queries for people (``kg queries``, ``/queries``): internal ones left out."""
    return {n: q for n, q in _load(directory).items() if not q.internal}


def get_query(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    try:
        return _load(directory)[name]
    except KeyError:
        known = ", ".join(public_queries(directory))
        raise UnknownQuery(f"no query named {name!r}; known queries: {known}") from None


# --- parameters ----------------------------------------------------------------------------


def parse_pairs(pairs: Iterable[str], *, where: str = "--param") -> dict[str, str]:
    """``["k=v", …]`` → ``{"k": "v"}`` (a value may itself contain ``=``)."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(f"{where}: expected NAME=VALUE, got {pair!r}")
        out[key] = value
    return out


def coerce(param: Param, value: Any) -> Any:
    """One value (text from the CLI, or a JSON value from the API) → the declared type."""
    if value is None:
        return None
    wrong = ParameterError(f"parameter {param.name} must be {_article(param.type)}, "
                           f"got {value!r}")
    if param.type == "string":
        if isinstance(value, str):
            return value
        raise wrong
    if param.type == "int":
        if isinstance(value, bool):
            raise wrong
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            return int(value)
        raise wrong
    if param.type == "float":
        if isinstance(value, bool):
            raise wrong
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                raise wrong from None
            if number != number or number in (float("inf"), float("-inf")):
                raise wrong
            return number
        raise wrong
    if param.type == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise wrong
    # list (of strings): a JSON list, or comma-separated text
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                raise wrong from None
        else:
            value = [part.strip() for part in text.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise wrong


def _article(kind: str) -> str:
    return {"int": "an integer", "float": "a number", "bool": "true or false",
            "list": "a list of strings", "string": "a string"}[kind]


def bind_params(query: NamedQuery, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate ``raw`` against the query's parameters: every declared one is in the result
    (None when an optional one is missing); unknown or missing ones raise ParameterError."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(raw) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise ParameterError(
            f"query {query.name} has no parameter {unknown[0]!r} (parameters: {names})"
        )
    bound: dict[str, Any] = {}
    for name, param in declared.items():
        value = coerce(param, raw.get(name))
        if isinstance(value, str) and param.type == "string" and not value.strip() \
                and param.required:
            value = None
        if name in COUNT_PARAMS and isinstance(value, int) and value < 0:
            raise ParameterError(f"parameter {name} of query {query.name} must not be negative, "
                                 f"got {value}")
        if value is None and param.required:
            raise ParameterError(f"query {query.name} needs parameter {name!r} ({param.help})"
                                 if param.help else f"query {query.name} needs parameter {name!r}")
        bound[name] = value
    return bound


def guess_value(text: str) -> Any:
    """A ``--param`` value of ad-hoc Cypher (no declared type): JSON if it parses as a
    number, boolean, null or list, else the text itself (``5`` → 5, ``省发改委`` → str)."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    except RecursionError:  # thousands of nested brackets
        raise ParameterError(f"a parameter value is nested deeper than {MAX_PARAMETER_DEPTH}") from None
    return value if isinstance(value, int | float | bool | list | str) or value is None else text


def guess_values(pairs: Mapping[str, str]) -> dict[str, Any]:
    """``--param`` values of ad-hoc Cypher (:func:`guess_value` each), checked as the API
    checks its JSON parameters (:func:`check_parameters`)."""
    values: dict[str, Any] = {}
    for name, text in pairs.items():
        try:
            values[name] = guess_value(text)
        except ParameterError:
            raise ParameterError(f"${name}: nested deeper than {MAX_PARAMETER_DEPTH}") from None
    check_parameters(values)
    return values


def check_parameters(parameters: Mapping[str, Any]) -> None:
    """Refuse what no backend takes as it is — the one check of ``kg cypher --param`` and
    ``POST /cypher`` parameters, with the same messages: names and map keys that are not
    plain identifiers (a store would have to quote them), nesting beyond
    ``MAX_PARAMETER_DEPTH``, NUL and lone surrogates in text, numbers that are not finite,
    integers outside 64 bits (a store would silently clamp them).

    >>> check_parameters({"n": 2**64})
    Traceback (most recent call last):
    ...
    queries.catalog.ParameterError: $n: integer out of 64-bit range
    """

    def check_text(text: str, where: str) -> None:
        if "\x00" in text:
            raise ParameterError(f"{where}: NUL characters are not supported")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ParameterError(f"{where}: not valid Unicode (a lone surrogate)") from None

    def check(value: Any, where: str, depth: int) -> None:
        if depth > MAX_PARAMETER_DEPTH:
            raise ParameterError(f"{where}: nested deeper than {MAX_PARAMETER_DEPTH}")
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str) or not PARAMETER_NAME.match(key):
                    raise ParameterError(f"{where}: map key {key!r} is not an identifier")
                check(item, f"{where}.{key}", depth + 1)
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                check(item, f"{where}[{i}]", depth + 1)
        elif isinstance(value, str):
            check_text(value, where)
        elif isinstance(value, float) and not math.isfinite(value):
            raise ParameterError(f"{where}: not a finite number")
        elif isinstance(value, int) and not isinstance(value, bool) and not -INT64_MAX - 1 <= value <= INT64_MAX:
            raise ParameterError(f"{where}: integer out of 64-bit range")

    for name, value in parameters.items():
        if not isinstance(name, str) or not PARAMETER_NAME.match(name):
            raise ParameterError(f"parameter name {name!r} is not an identifier")
        check(value, f"${name}", 1)


# --- running -------------------------------------------------------------------------------


_AGENCY_MATCH: Final = (
    "MATCH (a:Agency) WHERE a.name = $name OR a.qualified_name = $name "
    "OR $name IN coalesce(a.aliases, []) "
    "RETURN a.id AS id, a.name AS name, a.qualified_name AS qualified_name ORDER BY id"
)


def resolve_agency(store: GraphStore, name: str) -> str:
    """The value of an ``agency`` parameter for a name, alias or qualified name: the canonical
    short name, or the qualified name itself (unchanged when nobody knows it)."""
    name = name.strip()
    rows = store.read(_AGENCY_MATCH, {"name": name}).rows
    if any(name in (r["name"], r.get("qualified_name")) for r in rows):
        return name
    names = sorted({str(r["name"]) for r in rows})
    if len(names) == 1:
        return names[0]
    # Unknown to the store, or an alias of several agencies there: the bundled registry
    # decides (it also knows aliases of agencies not loaded yet).
    canonical = AgencyRegistry.bundled().canonical(name)
    if canonical is not None:
        return canonical
    return names[0] if names else name


_AGENCY_NAMES: Final = (
    "MATCH (a:Agency) RETURN a.name AS name, a.qualified_name AS qualified_name, "
    "a.aliases AS aliases"
)


def agency_suggestions(store: GraphStore, name: str, limit: int = 5) -> list[str] | None:
    """None when ``name`` names an agency (in the store or the bundled registry); else the
    names nearest to it in both, best first (possibly none).

    Near means: one name contains the other (发改 → 省发改委), or most characters agree in
    order (省发该委 → 省发改委). An alias found near is shown as its canonical name.
    """
    name = name.strip()
    if not name:
        return None
    if store.read(_AGENCY_MATCH, {"name": name}).rows:
        return None
    registry = AgencyRegistry.bundled()
    if registry.canonical(name) is not None:
        return None
    # candidate text → the name to suggest for it
    candidates: dict[str, str] = {}
    for record in registry.records.values():
        for text in (record.name, *record.aliases):
            candidates.setdefault(text, record.name)
    for row in store.read(_AGENCY_NAMES, row_limit=1_000_000).rows:
        shown = str(row.get("qualified_name") or row["name"])
        for text in (row["name"], row.get("qualified_name"), *(row.get("aliases") or [])):
            if text:
                candidates[str(text)] = shown
    scored: dict[str, float] = {}
    for text, shown in candidates.items():
        if name in text or text in name:
            score = 1.0 + min(len(name), len(text)) / max(len(name), len(text))
        else:
            score = difflib.SequenceMatcher(None, name, text).ratio()
        if score >= 0.6 and score > scored.get(shown, 0.0):
            scored[shown] = score
    return sorted(scored, key=lambda n: (-scored[n], len(n), n))[:limit]


def unknown_agency_hint(store: GraphStore, query_name: str, raw_params: Mapping[str, Any]
                        ) -> str | None:
    """A line for a named query whose ``agency`` parameter names no agency, with the nearest
    names (None when the agency is known or the query takes none)."""
    query = get_query(query_name)
    for key in sorted(AGENCY_PARAMS & {p.name for p in query.params}):
        value = raw_params.get(key)
        if isinstance(value, str):
            hint = agency_hint(store, value)
            if hint is not None:
                return hint
    return None


def agency_hint(store: GraphStore, name: str) -> str | None:
    """"no agency named 'X' …; nearest: A, B" when ``name`` names no agency, else None."""
    suggestions = agency_suggestions(store, name)
    if suggestions is None:
        return None
    nearest = f"; nearest names: {', '.join(suggestions)}" if suggestions else ""
    return f"no agency named {name.strip()!r} in the store or the agency registry{nearest}"


def resolve_agency_id(store: GraphStore, name: str) -> str:
    """The id of the Agency node a name, alias or qualified name stands for. When bodies of
    several places share the short name, the one keyed by it (the home province's, or the
    body of no place) wins, else the first by id; unknown names give the id they would have.

    Used where one node is wanted (``GET /agencies/{name}``); queries take every match."""
    value = resolve_agency(store, name)
    wanted = agency_id(value)
    rows = store.read(_AGENCY_MATCH, {"name": value}).rows
    ids = [str(r["id"]) for r in rows if value in (r["name"], r.get("qualified_name"))]
    return wanted if wanted in ids or not ids else ids[0]


def run_query(
    store: GraphStore,
    name: str,
    raw_params: Mapping[str, Any] | None = None,
    *,
    timeout_ms: int | None = None,
    row_limit: int | None = None,
) -> QueryResult:
    """Validate the parameters of the named query, resolve agency aliases, run it."""
    query = get_query(name)
    params = bind_params(query, raw_params or {})
    check_parameters(params)
    for key in AGENCY_PARAMS & params.keys():
        if isinstance(params[key], str):
            params[key] = resolve_agency(store, params[key])
    return store.read(query.text, params, timeout_ms=timeout_ms, row_limit=row_limit)


def run_cypher(
    store: GraphStore,
    text: str,
    params: Mapping[str, Any] | None = None,
    *,
    settings: Settings | None = None,
    timeout_ms: int | None = None,
    row_limit: int | None = None,
) -> QueryResult:
    """Ad-hoc read-only Cypher (``kg cypher``, ``POST /cypher``), within the limits of the
    settings: length, nesting depth and range() sizes (:mod:`graph.cypher_guard`), checked
    parameters (:func:`check_parameters`), then the store's time and row limits. A write is
    refused by the store with ReadOnlyViolation."""
    settings = settings or get_settings()
    if not text.strip():
        raise ParameterError("the Cypher text is empty")
    if len(text) > settings.cypher_max_length:
        raise ParameterError(
            f"the Cypher text has {len(text)} characters; the limit is "
            f"{settings.cypher_max_length} (setting cypher_max_length)"
        )
    values = dict(params or {})
    check_parameters(values)
    rows = row_limit or settings.query_row_limit
    check_cypher(text, values, max_depth=settings.cypher_max_depth,
                 max_range=rows * settings.cypher_range_factor)
    return store.read(text, values, timeout_ms=timeout_ms, row_limit=row_limit)
