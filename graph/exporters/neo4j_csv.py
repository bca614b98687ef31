"""``neo4j-csv``: CSV files for ``neo4j-admin database import full``, plus a README.

One node file per primary label and one relationship file per (start label, type, end label),
because each file declares its ID spaces in its header::

    nodes_Agency.csv                 id:ID(Agency),:LABEL,name:string,aliases:string[],degree:int,…
    nodes_Infrastructure.csv         id:ID(Infrastructure),:LABEL,…   (:LABEL "Infrastructure;Platform")
    rels_Agency_LEADS_Task.csv       :START_ID(Agency),:END_ID(Task),:TYPE,verb:string,…

Values follow RFC 4180 (``,`` separated, ``"`` quoted, ``""`` inside quotes). Strings are
always quoted, so ``""`` is an empty string while an empty unquoted field is "no property"
(None). Types are declared from the values (``int``/``long``, ``double`` — neo4j-admin's
``float`` is 32-bit and would change 0.012345 —, ``boolean``, ``string``, and arrays of them).
Array items and multiple labels are joined with the array delimiter: ``;`` unless some item
contains it, then the first of ``|``, U+001F that none does; the README's command names it.
An empty list is written as an empty field, which neo4j-admin imports as no property.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("agency/a", labels=("Agency",), id="agency/a", name="a", aliases=["b", "c"], degree=2)
>>> f = import_plan(g).files[0]
>>> f.name, f.header
('nodes_Agency.csv', ['id:ID(Agency)', ':LABEL', 'name:string', 'aliases:string[]', 'degree:int'])
>>> f.lines(";")[1]
'"agency/a","Agency","a","b;c",2'
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import networkx as nx

from graph import schema as s
from graph import writes
from graph.dialects import DIALECTS, schema_statements
from graph.exporters import Exporter, register

# Preference order; U+001F (unit separator) is the last resort: it is safe but invisible.
ARRAY_DELIMITERS: Final = (";", "|", "\u001f")
_INT32: Final = (-(2**31), 2**31 - 1)
README_NAME: Final = "README.md"
CONSTRAINTS_NAME: Final = "constraints.cypher"
DEFAULT_DATABASE: Final = "neo4j"


def _scalar_type(values: list[Any]) -> str:
    kinds = {type(v) for v in values}
    if not kinds or kinds <= {str}:
        return "string"
    if kinds == {bool}:
        return "boolean"
    if kinds <= {int}:
        return "int" if all(_INT32[0] <= v <= _INT32[1] for v in values) else "long"
    if kinds <= {int, float}:
        return "double"
    return "string"  # mixed kinds: kept, as text


def property_type(values: list[Any]) -> str:
    """The neo4j-admin header type of a column from its non-None values.

    >>> property_type([1, 2]), property_type([0.5, 1]), property_type([["a"], []]), property_type([True])
    ('int', 'double', 'string[]', 'boolean')
    """
    if any(isinstance(v, list | tuple) for v in values):
        items = [x for v in values for x in (v if isinstance(v, list | tuple) else [v])]
        return _scalar_type(items) + "[]"
    return _scalar_type(values)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _scalar(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("int", "long"):
        return str(int(value))
    if kind == "double":
        return repr(float(value))
    return str(value)


def format_value(value: Any, kind: str, array_delimiter: str) -> str:
    """One CSV field of a value declared as ``kind``."""
    if value is None:
        return ""
    if kind.endswith("[]"):
        items = value if isinstance(value, list | tuple) else [value]
        if not items:
            return ""  # neo4j-admin: no property (it has no empty-array literal)
        return _quote(array_delimiter.join(_scalar(x, kind[:-2]) for x in items))
    text = _scalar(value, kind)
    return _quote(text) if kind == "string" else text


@dataclass
class CsvFile:
    """One import file: its header (typed columns) and its rows (Python values)."""

    name: str
    kind: Literal["nodes", "relationships"]
    header: list[str]
    rows: list[list[Any]]
    types: list[str]  # per column: "ID", "LABEL", "START_ID", "END_ID", "TYPE" or a value type
    target: str  # label, or "Start-TYPE->End"

    def lines(self, array_delimiter: str) -> list[str]:
        out = [",".join(self.header)]
        for row in self.rows:
            fields = []
            for value, kind in zip(row, self.types, strict=True):
                if kind == "LABEL":
                    fields.append(_quote(array_delimiter.join(value)))
                elif kind in ("ID", "START_ID", "END_ID", "TYPE"):
                    fields.append(_quote(str(value)))
                else:
                    fields.append(format_value(value, kind, array_delimiter))
            out.append(",".join(fields))
        return out


@dataclass
class ImportPlan:
    files: list[CsvFile]
    array_delimiter: str = ";"
    multiline: bool = False  # some string holds a line break
    backslash: bool = False  # some string holds a backslash
    counts: dict[str, int] = field(default_factory=dict)

    def command(self, database: str = DEFAULT_DATABASE) -> list[str]:
        """The ``neo4j-admin`` argument list, file paths relative to the export directory."""
        # The database name comes first: from Neo4j 5.19 a trailing name is taken as a file.
        args = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination"]
        args += [f"--nodes={f.name}" for f in self.files if f.kind == "nodes"]
        args += [f"--relationships={f.name}" for f in self.files if f.kind == "relationships"]
        delimiter = self.array_delimiter
        args.append("--array-delimiter=" + (delimiter if delimiter.isprintable()
                                             else f"U+{ord(delimiter):04X}"))
        if self.multiline:
            args.append("--multiline-fields=true")
        if self.backslash:
            # RFC 4180 quoting only: a backslash before a quote is not an escape.
            args.append("--legacy-style-quoting=false")
        return args


def _columns(prop_rows: list[dict[str, Any]]) -> list[str]:
    keys: dict[str, None] = {}
    for props in prop_rows:
        keys.update(dict.fromkeys(k for k in props if k != "id"))
    return list(keys)


def _node_file(label: str, rows: list[writes.Row]) -> CsvFile:
    props = [r["props"] for r in rows]
    columns = _columns(props)
    types = [property_type([p[c] for p in props if p.get(c) is not None]) for c in columns]
    return CsvFile(
        name=f"nodes_{label}.csv", kind="nodes", target=label,
        header=[f"id:ID({label})", ":LABEL", *(f"{c}:{t}" for c, t in zip(columns, types, strict=True))],
        types=["ID", "LABEL", *types],
        rows=[[r["id"], list(r["labels"]), *(r["props"].get(c) for c in columns)] for r in rows],
    )


def _relationship_file(rel_type: str, start: str, end: str, rows: list[writes.Row]) -> CsvFile:
    props = [r["props"] for r in rows]
    columns = _columns(props)
    types = [property_type([p[c] for p in props if p.get(c) is not None]) for c in columns]
    return CsvFile(
        name=f"rels_{start}_{rel_type}_{end}.csv", kind="relationships",
        target=f"{start}-{rel_type}->{end}",
        header=[f":START_ID({start})", f":END_ID({end})", ":TYPE",
                *(f"{c}:{t}" for c, t in zip(columns, types, strict=True))],
        types=["START_ID", "END_ID", "TYPE", *types],
        rows=[[r["start"], r["end"], rel_type, *(r["props"].get(c) for c in columns)]
              for r in rows],
    )


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [x for x in value if isinstance(x, str)]
    return []


def choose_array_delimiter(g: nx.MultiDiGraph) -> str:
    """``;`` unless a list item contains it; then the next candidate no item contains."""
    items = [x for _, attrs in g.nodes(data=True) for v in attrs.values()
             if isinstance(v, list) for x in _strings(v)]
    items += [x for *_, attrs in g.edges(data=True) for v in attrs.values()
              if isinstance(v, list) for x in _strings(v)]
    for candidate in ARRAY_DELIMITERS:
        if not any(candidate in item for item in items):
            return candidate
    raise ValueError("every array delimiter candidate occurs in list values; cannot write CSV")


def command_text(plan: ImportPlan, database: str = DEFAULT_DATABASE) -> str:
    """The import command for a shell, one option per line."""
    args = plan.command(database)
    head, options = args[:6], args[6:]
    quoted = [opt.split("=", 1)[0] + "=" + shlex.quote(opt.split("=", 1)[1]) for opt in options]
    return " \\\n  ".join([" ".join(head), *quoted])


def import_plan(g: nx.MultiDiGraph) -> ImportPlan:
    """The files of the export (schema order, rows sorted by id) and the import options."""
    by_label: dict[str, list[writes.Row]] = defaultdict(list)
    for labels, rows in writes.node_groups(g).items():
        by_label[labels[0]] += [{**r, "labels": labels} for r in rows]
    order = {label: i for i, label in enumerate(s.NODE_LABELS)}
    files = [_node_file(label, sorted(rows, key=lambda r: r["id"]))
             for label, rows in sorted(by_label.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))]
    files += [_relationship_file(t, a, b, rows)
              for (t, a, b), rows in writes.relationship_groups(g).items()]
    texts = [x for _, attrs in g.nodes(data=True) for v in attrs.values() for x in _strings(v)]
    texts += [x for *_, attrs in g.edges(data=True) for v in attrs.values() for x in _strings(v)]
    return ImportPlan(
        files=files,
        array_delimiter=choose_array_delimiter(g),
        multiline=any("\n" in t or "\r" in t for t in texts),
        backslash=any("\\" in t for t in texts),
        counts={f.name: len(f.rows) for f in files},
    )


def readme(plan: ImportPlan, database: str = DEFAULT_DATABASE) -> str:
    """The README next to the files: the import command, the constraints, the format."""
    command = command_text(plan, database)
    constraints = "\n".join(stmt + ";" for stmt in schema_statements(DIALECTS["neo4j"]))
    rows = "\n".join(f"| `{f.name}` | {f.kind} | {f.target} | {len(f.rows)} |" for f in plan.files)
    delimiter = (plan.array_delimiter if plan.array_delimiter.isprintable()
                 else f"U+{ord(plan.array_delimiter):04X}")
    flags = []
    if plan.multiline:
        flags.append("- `--multiline-fields=true`: some text holds line breaks (inside quotes).")
    if plan.backslash:
        flags.append("- `--legacy-style-quoting=false`: some text holds a backslash, which is "
                     "plain text here, not an escape.")
    flag_text = ("\n" + "\n".join(flags)) if flags else ""
    return f"""# Neo4j bulk import of the work-plan graph

Generated by `kg export --format neo4j-csv`. Files for `neo4j-admin database import full`
(Neo4j 5 and later): {sum(1 for f in plan.files if f.kind == "nodes")} node files,
{sum(1 for f in plan.files if f.kind == "relationships")} relationship files.

## 1. Import (Neo4j stopped)

Run from this directory (the paths are relative to it):

```sh
{command}
```

- `{database}` comes before the file options: from Neo4j 5.19 a trailing database name is read as a file.
- `--overwrite-destination` replaces the database `{database}` (a full import only writes an
  empty one). For another database put its name instead; on Enterprise, then run
  `CREATE DATABASE name` so the server serves it.
- `--array-delimiter={delimiter}`: separates array items and multiple labels in a field.{flag_text}

With Docker, mount this directory and run the same command in it:
`docker run --rm -v "$PWD":/import -w /import -v YOUR-DATA-VOLUME:/data neo4j:5 neo4j-admin …`.

## 2. Constraints and indexes (Neo4j started)

Create them once after the import (also in `{CONSTRAINTS_NAME}`:
`cypher-shell -d {database} -f {CONSTRAINTS_NAME}`):

```cypher
{constraints}
```

## Files

| file | kind | label / type | rows |
|---|---|---|---|
{rows}

Format: RFC 4180 CSV in UTF-8, header on the first line. `id:ID(Label)` uses one ID space
per label and is also stored as the `id` property. Strings are always quoted: `""` is an
empty string, an empty unquoted field is no property. Number types: `int` (when every value
fits 32 bits) or `long`, and `double` (neo4j-admin's `float` is 32-bit). An empty list is written as an empty field, so
it is imported as no property. Infrastructure nodes carry two labels (`Infrastructure` and
their kind: Platform, DataCenter, Network, Park, System or Database).
"""


def write(g: nx.MultiDiGraph, out: Path | None) -> None:
    if out is None:
        raise ValueError("neo4j-csv writes a directory: give --out DIR")
    out.mkdir(parents=True, exist_ok=True)
    plan = import_plan(g)
    # Files of an earlier export that this one does not write would otherwise look current.
    for stale in [*out.glob("nodes_*.csv"), *out.glob("rels_*.csv")]:
        if stale.name not in plan.counts:
            stale.unlink()
    for f in plan.files:
        # newline="" keeps "\n" inside quoted fields as written (no platform translation).
        with open(out / f.name, "w", encoding="utf-8", newline="") as fh:
            fh.write("\n".join(f.lines(plan.array_delimiter)) + "\n")
    (out / CONSTRAINTS_NAME).write_text(
        "\n".join(stmt + ";" for stmt in schema_statements(DIALECTS["neo4j"])) + "\n",
        encoding="utf-8")
    (out / README_NAME).write_text(readme(plan), encoding="utf-8")


register(Exporter(
    name="neo4j-csv",
    description="Directory of neo4j-admin import CSVs (typed headers, one file per label and "
                "relationship type) with a README giving the import command and constraints",
    write=write,
    media_type="text/csv; charset=utf-8",
    suffix="csv",
    to_directory=True,
))
