"""File exports: every registered format, `kg export`, neo4j-admin CSVs, GraphML, JSON, Cypher literals.

The Cypher script against real servers is in test_neo4j_kit.py.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from cli.main import app
from graph import schema as s
from graph import writes
from graph.exporters import exporters
from graph.exporters import neo4j_csv as nc
from graph.exporters.cypher_script import cypher_literal, cypher_name, cypher_string, inline_row
from graph.exporters.files import graphml_graph, node_link
from loaders import BUNDLED_DOCUMENT
from tests.helpers.cli import run_kg
from tests.helpers.graph_samples import HOSTILE, expected_nodes, expected_relationships, hostile_graph

pytestmark = pytest.mark.slow

runner = CliRunner()



@pytest.fixture(scope="module")
def graph(bundled_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return bundled_graph


# --- every registered exporter ----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(exporters()))
def test_every_exporter_writes_the_bundled_graph(name: str, graph: nx.MultiDiGraph,
                                                 tmp_path: Path) -> None:
    exporter = exporters()[name]
    assert exporter.description
    out = tmp_path / ("dir" if exporter.to_directory else f"graph.{name}")
    exporter.write(graph, out)
    if exporter.to_directory:
        assert out.is_dir() and any(out.iterdir())
    else:
        assert out.stat().st_size > 1000
        out.read_text(encoding="utf-8")  # UTF-8 throughout


def test_registry_has_the_neo4j_kit_formats() -> None:
    assert {"neo4j-csv", "cypher", "graphml", "json"} <= set(exporters())
    assert exporters()["neo4j-csv"].to_directory
    assert not any(exporters()[n].to_directory for n in ("cypher", "graphml", "json"))


# --- kg export -------------------------------------------------------------------------


class TestCli:
    def test_help_lists_every_format_with_its_description(self) -> None:
        result = runner.invoke(app, ["export", "--help"], terminal_width=400)
        assert result.exit_code == 0
        text = " ".join(result.output.split())
        for name, exporter in exporters().items():
            assert f"{name}: {' '.join(exporter.description.split())}" in text

    # The app maps InputError to exit code 2 and one line on stderr, in-process too.
    def test_directory_format_without_out_is_bad_input(self) -> None:
        result = runner.invoke(app, ["export", "--format", "neo4j-csv"])
        assert result.exit_code == 2, result.output
        assert "--out" in result.stderr

    def test_directory_format_onto_a_file_is_bad_input(self, tmp_path: Path) -> None:
        target = tmp_path / "file"
        target.write_text("x")
        result = runner.invoke(app, ["export", "-f", "neo4j-csv", "-o", str(target)])
        assert result.exit_code == 2, result.output

    def test_unknown_format_is_bad_input_and_names_the_choices(self) -> None:
        result = runner.invoke(app, ["export", "--format", "xlsx"])
        assert result.exit_code == 2, result.output
        assert "cypher" in result.stderr and "neo4j-csv" in result.stderr

    @pytest.mark.parametrize("args", [["-f", "neo4j-csv"], ["-f", "xlsx"]])
    def test_errors_print_one_line_and_exit_2(self, args: list[str]) -> None:
        proc = run_kg("export", *args)
        assert proc.returncode == 2
        assert proc.stderr.strip().count("\n") == 0 and proc.stderr.startswith("error:")
        assert "Traceback" not in proc.stderr

    def test_file_format_goes_to_stdout_by_default(self, graph: nx.MultiDiGraph) -> None:
        result = runner.invoke(app, ["export", "--format", "json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert len(data["nodes"]) == graph.number_of_nodes()
        assert len(data["links"]) == graph.number_of_edges()

    def test_out_file_and_explicit_document_path(self, tmp_path: Path,
                                                 graph: nx.MultiDiGraph) -> None:
        out = tmp_path / "g.cypher"
        result = runner.invoke(app, ["export", "-f", "cypher", "-o", str(out),
                                     str(BUNDLED_DOCUMENT)])
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").startswith("// Knowledge graph")

    def test_directory_format_with_out(self, tmp_path: Path) -> None:
        result = runner.invoke(app, ["export", "-f", "neo4j-csv", "-o", str(tmp_path / "csv")])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "csv" / "README.md").exists()

    def test_missing_document_is_bad_input(self, tmp_path: Path) -> None:
        result = runner.invoke(app, ["export", "-f", "json", str(tmp_path / "nope.txt")])
        assert result.exit_code == 2, result.output


# --- neo4j-admin CSV -------------------------------------------------------------------


def parse_csv(text: str) -> list[list[tuple[str, bool]]]:
    """RFC 4180 records of ``text`` as (value, was_quoted) fields.

    Written here rather than with the csv module, which cannot tell ``""`` from an empty field.
    """
    records: list[list[tuple[str, bool]]] = []
    record: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':
            j, buf = i + 1, []
            while True:
                k = text.index('"', j)
                buf.append(text[j:k])
                if k + 1 < n and text[k + 1] == '"':
                    buf.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            record.append(("".join(buf), True))
        else:
            m = re.compile(r"[^,\n]*").match(text, i)
            assert m is not None
            assert '"' not in m.group(), f"stray quote in unquoted field {m.group()!r}"
            record.append((m.group(), False))
            i = m.end()
        if i >= n or text[i] == "\n":
            records.append(record)
            record = []
            i += 1
        else:
            assert text[i] == ",", f"expected a comma at {i}: {text[i:i+20]!r}"
            i += 1
    return records


HEADER_FIELD = re.compile(
    r"^(?:(?P<id>id):ID\((?P<space>[A-Za-z]+)\)|:LABEL|:TYPE|:(?P<end>START|END)_ID\((?P<espace>[A-Za-z]+)\)"
    r"|(?P<name>[a-z_][a-z0-9_]*):(?P<type>int|long|double|boolean|string)(?P<array>\[\])?)$")


def typed(value: str, kind: str, array: bool, delimiter: str) -> Any:
    def one(text: str) -> Any:
        if kind in ("int", "long"):
            return int(text)
        if kind == "double":
            return float(text)
        if kind == "boolean":
            assert text in ("true", "false")
            return text == "true"
        return text

    return [one(x) for x in value.split(delimiter)] if array else one(value)


Nodes = dict[str, tuple[frozenset[str], dict[str, Any]]]
Rels = dict[tuple[str, str, str], dict[str, Any]]


def read_export(directory: Path) -> tuple[Nodes, Rels, str]:
    """Parse an export back: nodes {id: (labels, props)}, relationships {(s, T, e): props}."""
    readme = (directory / "README.md").read_text(encoding="utf-8")
    m = re.search(r"--array-delimiter=(\S+)", readme)
    assert m
    raw = m.group(1).strip("'")
    delimiter = chr(int(raw[2:], 16)) if raw.startswith("U+") else raw
    nodes: Nodes = {}
    spaces: dict[str, set[str]] = {}
    rels: Rels = {}
    pending: list[tuple[str, str, str, str, str, dict[str, Any]]] = []
    for path in sorted(directory.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:  # keep "\r\n" inside fields
            records = parse_csv(fh.read())
        header = [value for value, _ in records[0]]
        matches = [HEADER_FIELD.match(h) for h in header]
        assert all(matches), f"{path.name}: invalid header {header}"
        for record in records[1:]:
            assert len(record) == len(header), f"{path.name}: ragged record"
            props: dict[str, Any] = {}
            node_id = label_text = start = end = rel_type = None
            start_space = end_space = ""
            for h, mm, (value, quoted) in zip(header, matches, record, strict=True):
                assert mm is not None
                if mm.group("id"):
                    node_id, space = value, mm.group("space")
                elif h == ":LABEL":
                    label_text = value
                elif h == ":TYPE":
                    rel_type = value
                elif mm.group("end") == "START":
                    start, start_space = value, mm.group("espace")
                elif mm.group("end") == "END":
                    end, end_space = value, mm.group("espace")
                elif quoted:
                    # Strings are always quoted; numbers and booleans never are.
                    assert mm.group("type") == "string" or mm.group("array"), (path.name, h)
                    props[mm.group("name")] = typed(value, mm.group("type"), bool(mm.group("array")),
                                                    delimiter)
                else:
                    assert mm.group("type") != "string" or value == "", (path.name, h, value)
                    if value != "":
                        props[mm.group("name")] = typed(value, mm.group("type"),
                                                        bool(mm.group("array")), delimiter)
            if node_id is not None:
                assert label_text is not None
                assert node_id not in spaces.setdefault(space, set()), f"duplicate id {node_id}"
                spaces[space].add(node_id)
                assert node_id not in nodes
                nodes[node_id] = (frozenset(label_text.split(delimiter)), {**props, "id": node_id})
                assert label_text.split(delimiter)[0] == space  # the ID space is the primary label
            else:
                assert start and end and rel_type
                pending.append((start, start_space, rel_type, end, end_space, props))
    for start, start_space, rel_type, end, end_space, props in pending:
        assert start in spaces[start_space], f"relationship start {start} not in {start_space}"
        assert end in spaces[end_space], f"relationship end {end} not in {end_space}"
        assert (start, rel_type, end) not in rels
        rels[(start, rel_type, end)] = props
    return nodes, rels, delimiter


def without_empty_lists(props: dict[str, Any]) -> dict[str, Any]:
    # neo4j-admin has no empty-array literal: an empty list is imported as no property.
    return {k: v for k, v in props.items() if v != []}


class TestNeo4jCsv:
    def test_round_trip_of_the_bundled_graph(self, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
        exporters()["neo4j-csv"].write(graph, tmp_path)
        nodes, rels, delimiter = read_export(tmp_path)
        assert delimiter == ";"
        expected = {n: (labels, without_empty_lists(p))
                    for n, (labels, p) in expected_nodes(graph).items()}
        assert nodes == expected
        assert rels == {k: without_empty_lists(p) for k, p in expected_relationships(graph).items()}

    def test_counts_per_label_and_type_equal_the_graph(self, graph: nx.MultiDiGraph,
                                                       tmp_path: Path) -> None:
        exporters()["neo4j-csv"].write(graph, tmp_path)
        nodes, rels, _ = read_export(tmp_path)
        assert Counter(lab for labels, _ in nodes.values() for lab in labels) == Counter(
            lab for _, a in graph.nodes(data=True) for lab in a["labels"])
        assert Counter(t for _, t, _ in rels) == Counter(k for *_, k in graph.edges(keys=True))
        readme = (tmp_path / "README.md").read_text(encoding="utf-8")
        agencies = sum(1 for _, a in graph.nodes(data=True) if a["labels"][0] == s.AGENCY)
        leads = sum(1 for *_, k in graph.edges(keys=True) if k == s.LEADS)
        assert f"| `nodes_Agency.csv` | nodes | Agency | {agencies} |" in readme
        assert f"| `rels_Agency_LEADS_Task.csv` | relationships | Agency-LEADS->Task | {leads} |" in readme

    def test_declared_types(self, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
        exporters()["neo4j-csv"].write(graph, tmp_path)
        header = (tmp_path / "nodes_Task.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header[:2] == ["id:ID(Task)", ":LABEL"]
        assert {"number:int", "conflict:boolean", "clauses:string[]", "text:string"} <= set(header)
        agency = (tmp_path / "nodes_Agency.csv").read_text(encoding="utf-8").splitlines()[0]
        assert "aliases:string[]" in agency and "betweenness:double" in agency
        rel = (tmp_path / "rels_Agency_LEADS_Task.csv").read_text(encoding="utf-8").splitlines()[0]
        assert rel.startswith(":START_ID(Agency),:END_ID(Task),:TYPE,")
        assert "evidence:string[]" in rel and "occurrences:int" in rel
        infra = (tmp_path / "nodes_Infrastructure.csv").read_text(encoding="utf-8").splitlines()[1]
        assert re.search(r'"Infrastructure;(Platform|DataCenter|Network|Park|System|Database)"', infra)

    def test_readme_has_the_exact_command_and_the_constraints(self, graph: nx.MultiDiGraph,
                                                               tmp_path: Path) -> None:
        exporters()["neo4j-csv"].write(graph, tmp_path)
        readme = (tmp_path / "README.md").read_text(encoding="utf-8")
        command = re.search(r"```sh\n(.*?)\n```", readme, re.S)
        assert command
        args = command.group(1).replace("\\\n", " ").split()
        assert args[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
        files = {p.name for p in tmp_path.glob("*.csv")}
        assert {a.split("=", 1)[1] for a in args if a.startswith("--nodes=")} == {
            f for f in files if f.startswith("nodes_")}
        assert {a.split("=", 1)[1] for a in args if a.startswith("--relationships=")} == {
            f for f in files if f.startswith("rels_")}
        for label in s.NODE_LABELS:
            stmt = (f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) "
                    "REQUIRE n.id IS UNIQUE;")
            assert stmt in readme
            assert stmt in (tmp_path / "constraints.cypher").read_text(encoding="utf-8")
        # The document's source text has line breaks; nothing needs the old quoting.
        assert "--multiline-fields=true" in readme and "--legacy-style-quoting" not in readme

    def test_hostile_values_round_trip_and_pick_a_safe_delimiter(self, tmp_path: Path) -> None:
        g = hostile_graph()
        exporters()["neo4j-csv"].write(g, tmp_path)
        nodes, rels, delimiter = read_export(tmp_path)
        assert delimiter == "\u001f"  # items hold ';' and '|'
        readme = (tmp_path / "README.md").read_text(encoding="utf-8")
        assert "--array-delimiter=U+001F" in readme
        assert "--multiline-fields=true" in readme and "--legacy-style-quoting=false" in readme
        assert nodes == {n: (labels, without_empty_lists(p))
                         for n, (labels, p) in expected_nodes(g).items()}
        assert rels == {k: without_empty_lists(p) for k, p in expected_relationships(g).items()}
        assert nodes[s.agency_id("无别名")][1].get("aliases") is None  # [] → no property
        assert nodes[s.agency_id("it's \"q\" \\ 省发改委")][1]["tasks_led"] == 2**40
        header = (tmp_path / "nodes_Agency.csv").read_text(encoding="utf-8").split("\n")[0]
        assert "tasks_led:long" in header and "betweenness:double" in header

    @pytest.mark.parametrize(("items", "expected"), [
        (["a", "b"], ";"), (["a;b"], "|"), (["a;b", "c|d"], "\u001f"),
    ])
    def test_array_delimiter_choice(self, items: list[str], expected: str) -> None:
        g = nx.MultiDiGraph()
        g.add_node("agency/x", labels=("Agency",), id="agency/x", name="x;|", aliases=items)
        assert nc.choose_array_delimiter(g) == expected  # scalars may hold any of them

    def test_no_delimiter_left_is_an_error(self) -> None:
        g = nx.MultiDiGraph()
        g.add_node("agency/x", labels=("Agency",), id="agency/x", aliases=[";|\u001f"])
        with pytest.raises(ValueError, match="delimiter"):
            nc.import_plan(g)

    @pytest.mark.parametrize(("values", "kind"), [
        ([1, 2], "int"), ([1, 2**31], "long"), ([1, 0.5], "double"), ([True, False], "boolean"),
        (["a"], "string"), ([["a"], []], "string[]"), ([[1, 2]], "int[]"), ([], "string"),
        ([1, "a"], "string"),
    ])
    def test_property_type(self, values: list[Any], kind: str) -> None:
        assert nc.property_type(values) == kind

    def test_a_new_export_removes_files_of_the_old_one(self, graph: nx.MultiDiGraph,
                                                       tmp_path: Path) -> None:
        (tmp_path / "rels_Agency_MEMBER_OF_Agency.csv").write_text("stale")
        (tmp_path / "notes.txt").write_text("mine")
        exporters()["neo4j-csv"].write(graph, tmp_path)
        assert not (tmp_path / "rels_Agency_MEMBER_OF_Agency.csv").exists()
        assert (tmp_path / "notes.txt").exists()


# --- GraphML and JSON -------------------------------------------------------------------


class TestGraphml:
    def test_reads_back_with_lists_joined(self, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
        out = tmp_path / "g.graphml"
        exporters()["graphml"].write(graph, out)
        back = nx.read_graphml(out, force_multigraph=True)
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        agency = back.nodes["agency/省发改委"]
        assert agency["labels"] == "Agency" and agency["label"] == "省发改委"
        assert agency["aliases"] == ";".join(graph.nodes["agency/省发改委"]["aliases"])
        infra = next(a for _, a in back.nodes(data=True) if a["labels"].startswith("Infrastructure;"))
        assert infra["labels"].split(";")[1] in s.INFRASTRUCTURE_KINDS
        task = back.nodes[s.task_id(next(iter(
            n for n, a in graph.nodes(data=True) if a["labels"][0] == s.DOCUMENT)), 1)]
        assert task["number"] == 1 and isinstance(task["conflict"], bool)
        assert Counter(k for *_, k in back.edges(keys=True)) == Counter(
            k for *_, k in graph.edges(keys=True))

    def test_hostile_strings_give_well_formed_xml(self, tmp_path: Path) -> None:
        out = tmp_path / "h.graphml"
        exporters()["graphml"].write(hostile_graph(), out)
        back = nx.read_graphml(out, force_multigraph=True)
        assert back.nodes[s.agency_id("it's \"q\" \\ 省发改委")]["name"] == "it's \"q\" \\ 省发改委"
        assert back.nodes["doc-hostile"]["title"] == HOSTILE[1]
        clauses = back.nodes[s.task_id("doc-hostile", 1)]["clauses"]
        assert "中文 省发改委 😀 𠀀" in clauses and "ctrl\ufffdchar\ufffd" in clauses

    def test_mixed_types_become_strings(self) -> None:
        g = nx.MultiDiGraph()
        g.add_node("a", labels=("Task",), number=1)
        g.add_node("b", labels=("Task",), number="x")
        h = graphml_graph(g)
        assert h.nodes["a"]["number"] == "1" and h.nodes["b"]["number"] == "x"


class TestJson:
    def test_node_link_round_trip_is_lossless(self, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
        out = tmp_path / "g.json"
        exporters()["json"].write(graph, out)
        data = json.loads(out.read_text(encoding="utf-8"))
        assert set(data) >= {"nodes", "links", "directed", "multigraph"}
        back = nx.node_link_graph(data, edges="links", directed=True, multigraph=True)
        assert set(back.nodes) == set(graph.nodes)
        for n, a in graph.nodes(data=True):
            got = {**back.nodes[n], "id": n}  # the node key is the id property
            assert tuple(got.pop("labels")) == a["labels"]
            assert got == {k: v for k, v in a.items() if k != "labels"}
        assert sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in back.edges(keys=True, data=True)) \
            == sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in graph.edges(keys=True, data=True))

    def test_hostile_strings_are_exact(self) -> None:
        g = hostile_graph()
        back = nx.node_link_graph(json.loads(json.dumps(node_link(g), ensure_ascii=False)),
                                  edges="links", directed=True, multigraph=True)
        assert back.nodes[s.task_id("doc-hostile", 1)]["clauses"] == HOSTILE


# --- Cypher literals -------------------------------------------------------------------


class TestCypherLiterals:
    @pytest.mark.parametrize(("value", "literal"), [
        ("it's", r"'it\'s'"),
        ('say "hi"', "'say \"hi\"'"),
        ("a\\b", r"'a\\b'"),
        ("a\nb\r\n\tc", r"'a\nb\r\n\tc'"),
        ("\b\f", r"'\b\f'"),
        ("\\u0041", r"'\\u0041'"),
        ("\x01\x7f\x85\u2028\u2029", r"'\u0001\u007F\u0085\u2028\u2029'"),
        ("中文😀\u200d", "'中文😀\u200d'"),
        ("", "''"),
    ])
    def test_strings(self, value: str, literal: str) -> None:
        assert cypher_string(value) == literal

    def test_no_raw_line_break_of_any_kind(self) -> None:
        for text in HOSTILE:
            assert len(cypher_string(text).splitlines()) == 1

    @pytest.mark.parametrize(("value", "literal"), [
        (True, "true"), (False, "false"), (0, "0"), (-5, "-5"), (2**62, str(2**62)),
        (0.5, "0.5"), (1e-05, "1e-05"), (None, "null"), ([], "[]"), (["a", 1], "['a', 1]"),
        ({"a b": 1, "c": [True]}, "{`a b`: 1, c: [true]}"),
    ])
    def test_values(self, value: Any, literal: str) -> None:
        assert cypher_literal(value) == literal

    @pytest.mark.parametrize("value", [math.nan, math.inf, 2**63, object()])
    def test_values_without_a_literal(self, value: Any) -> None:
        with pytest.raises((ValueError, TypeError)):
            cypher_literal(value)

    def test_names(self) -> None:
        assert cypher_name("name_en") == "name_en"
        assert cypher_name("a`b c") == "`a``b c`"

    def test_inline_row_replaces_every_row_reference(self) -> None:
        stmt = writes.merge_relationships_statement("LEADS", "Agency", "Task")
        text = inline_row(stmt, {"start": "agency/'x", "end": "t/1", "props": {"verb": "负责"}})
        assert text == ("MATCH (a:Agency {id: 'agency/\\'x'}) MATCH (b:Task {id: 't/1'}) "
                        "MERGE (a)-[r:LEADS]->(b) SET r = {verb: '负责'}")

    def test_inline_row_refuses_a_non_unwind_statement(self) -> None:
        with pytest.raises(ValueError):
            inline_row("MATCH (n) RETURN n", {})

    def test_script_has_no_parameters_and_one_statement_per_line(self, graph: nx.MultiDiGraph,
                                                                 tmp_path: Path) -> None:
        for g in (graph, hostile_graph()):
            out = tmp_path / "g.cypher"
            exporters()["cypher"].write(g, out)
            text = out.read_text(encoding="utf-8")
            lines = text.split("\n")
            assert lines[-1] == "" and text.splitlines() == lines[:-1]  # no other line breaks
            statements = [x for x in lines if x and not x.startswith("//")]
            assert all(x.endswith(";") for x in statements)
            assert statements[:len(s.NODE_LABELS)] == [
                f"CREATE CONSTRAINT {lab.lower()}_id IF NOT EXISTS FOR (n:{lab}) REQUIRE n.id IS UNIQUE;"
                for lab in s.NODE_LABELS]
            for stmt in statements:
                bare = re.sub(r"'(?:[^'\\]|\\.)*'", "''", stmt)
                assert "$" not in bare and not re.search(r"\brow\b", bare), stmt
            merges = sum(1 for x in statements if x.startswith("MERGE (n:"))
            assert merges == g.number_of_nodes()
            assert sum(1 for x in statements if " MERGE (a)-[r:" in x) == g.number_of_edges()
