"""Many documents, one graph; and the same plan written differently gives the same graph."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from graph import schema as s
from graph.build import build_graph
from loaders import read_document, read_text
from loaders.agencies import AgencyRegistry, successor_edges
from loaders.records import Extraction, to_json
from loaders.source import SourceText, html_to_text
from tests.helpers.paths import DATA

TEXT_FIXTURES = ["verb_clause_2014.txt", "responsibility_label_2017.txt", "three_level_2024.txt",
                 "lead_unit_fuzhou_2025.txt", "lead_unit_xiamen_2025.txt", "table_2019_text.txt"]
TABLE_FIXTURES = ["table_2019.tsv", "table_2019.csv", "table_2019.md", "table_2019.html"]


def role_edges(ex: Extraction) -> set[tuple[str, str, str]]:
    return {(t.label, a.name, a.relation) for t in ex.tasks for a in t.agencies}


def task_keys(ex: Extraction) -> list[tuple[int, str, int | None, int | None, str]]:
    return [(t.number, t.label, t.section, t.subsection, t.title) for t in ex.tasks]


def source(text: str, name: str = "plan.txt") -> SourceText:
    return SourceText(text=text, name=name, sha256="0" * 64, encoding="utf-8", was_html=False)


@pytest.fixture(scope="module")
def extractions() -> dict[str, Extraction]:
    docs = {name: read_document(DATA / name) for name in TEXT_FIXTURES}
    docs["bundled-2015"] = read_document()
    return docs


@pytest.fixture(scope="module")
def g(extractions: dict[str, Extraction]) -> nx.MultiDiGraph:
    return build_graph(extractions.values())


class TestOneGraph:
    def test_documents_stay_apart(self, g: nx.MultiDiGraph, extractions: dict[str, Extraction]
                                  ) -> None:
        ids = {ex.document.id for ex in extractions.values()}
        assert len(ids) == len(extractions)
        docs = [n for n, d in g.nodes(data=True) if d["labels"][0] == s.DOCUMENT]
        assert len(docs) == len(extractions)
        tasks = [n for n, d in g.nodes(data=True) if d["labels"][0] == s.TASK]
        assert len(tasks) == sum(len(ex.tasks) for ex in extractions.values())

    def test_agencies_merge_by_canonical_name(self, g: nx.MultiDiGraph,
                                              extractions: dict[str, Extraction]) -> None:
        # 省发改委 leads tasks in the 2014, 2015, 2017 and 2024 plans: one node.
        fgw = s.agency_id("省发改委")
        docs = {g.nodes[t]["document_id"] for _, t, k in g.out_edges(fgw, keys=True)
                if k == s.LEADS}
        expected = {extractions[n].document.id for n in (
            "verb_clause_2014.txt", "responsibility_label_2017.txt", "three_level_2024.txt",
            "bundled-2015")}
        assert expected <= docs

    def test_city_bodies_of_different_cities_stay_apart(self, g: nx.MultiDiGraph) -> None:
        fz, xm = s.agency_id("福州市数据管理局"), s.agency_id("厦门市数据管理局")
        assert fz in g and xm in g
        assert g.nodes[fz]["name"] == g.nodes[xm]["name"] == "市数据管理局"
        assert (g.nodes[fz]["qualified_name"], g.nodes[xm]["qualified_name"]) == (
            "福州市数据管理局", "厦门市数据管理局")
        fz_docs = {g.nodes[t]["document_id"] for _, t in g.out_edges(fz)}
        xm_docs = {g.nodes[t]["document_id"] for _, t in g.out_edges(xm)}
        assert len(fz_docs) == len(xm_docs) == 1 and fz_docs != xm_docs

    def test_qualified_name_only_where_it_differs(self, g: nx.MultiDiGraph) -> None:
        agencies = [d for _, d in g.nodes(data=True) if d["labels"][0] == s.AGENCY]
        for d in agencies:
            key = d.get("qualified_name") or d["name"]
            assert d["id"] == s.agency_id(key) and d.get("qualified_name") != d["name"]
        assert g.nodes[s.agency_id("省发改委")].get("qualified_name") is None

    def test_infrastructure_merges_across_years(self, g: nx.MultiDiGraph,
                                                extractions: dict[str, Extraction]) -> None:
        cloud = s.infrastructure_id("政务云平台")
        docs = {g.nodes[t]["document_id"] for t, _ in g.in_edges(cloud)}
        assert {extractions[n].document.id for n in (
            "verb_clause_2014.txt", "three_level_2024.txt", "bundled-2015")} <= docs
        changle = s.infrastructure_id("数字福建（长乐）产业园")
        assert len({g.nodes[t]["document_id"] for t, _ in g.in_edges(changle)}) >= 2

    def test_task_numbers_are_ints(self, g: nx.MultiDiGraph) -> None:
        numbers = [d["number"] for _, d in g.nodes(data=True) if d["labels"][0] == s.TASK]
        assert all(isinstance(n, int) for n in numbers)


def test_successor_edges() -> None:
    edges = successor_edges(AgencyRegistry.bundled())
    assert ("省卫计委", "省卫健委", 2018) in edges
    names = set(AgencyRegistry.bundled().records)
    assert all(old in names and new in names for old, new, _ in edges)


@pytest.mark.parametrize("table", TABLE_FIXTURES)
def test_text_and_table_give_the_same_graph(table: str) -> None:
    text = build_graph([read_document(DATA / "table_2019_text.txt")])
    tab = build_graph([read_document(DATA / table)])

    def view(graph: nx.MultiDiGraph) -> set[tuple[str, str, int]]:
        return {(u, k, graph.nodes[v]["number"]) for u, v, k in graph.edges(keys=True)
                if k in s.ROLE_TYPES}

    assert view(text) == view(tab)
    assert len(view(text)) == 22


@pytest.mark.parametrize("name", [*TEXT_FIXTURES, *TABLE_FIXTURES])
def test_traditional_rendering_gives_the_same_graph(name: str) -> None:
    plain = (DATA / name).read_text(encoding="utf-8")
    if name.endswith(".html"):
        plain = html_to_text(plain)
    traditional = OpenCC("s2t").convert(plain)
    assert traditional != plain
    a = read_text(source(plain, name))
    b = read_text(source(traditional, name))
    assert b.document.script == "traditional"
    assert task_keys(a) == task_keys(b)
    assert role_edges(a) == role_edges(b)
    assert {a.name for a in a.agencies} == {x.name for x in b.agencies}


_WIDTH = {"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"}


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(TEXT_FIXTURES), swaps=st.sets(st.sampled_from(sorted(_WIDTH))),
       breaks=st.booleans())
def test_punctuation_width_and_line_breaks_do_not_matter(name: str, swaps: set[str],
                                                         breaks: bool) -> None:
    plain = (DATA / name).read_text(encoding="utf-8")
    varied = plain.translate(str.maketrans({k: _WIDTH[k] for k in swaps}))
    if breaks:
        # Pages wrap long clauses: a line break after an item separator inside a clause.
        varied = re.sub(r"(单位[：:][^）)〕\n]{2,12}?、)", "\\1\n", varied)
    assert role_edges(read_text(source(varied, name))) == role_edges(
        read_text(source(plain, name)))


@pytest.mark.parametrize("name", TEXT_FIXTURES)
def test_a_copy_that_lost_its_line_breaks_reads_the_same(name: str) -> None:
    plain = (DATA / name).read_text(encoding="utf-8")
    a = read_text(source(plain, name))
    b = read_text(source(plain.replace("\n", ""), name))
    assert [(t.label, t.section) for t in b.tasks] == [(t.label, t.section) for t in a.tasks]
    assert role_edges(b) == role_edges(a)
    assert b.document.doc_number == a.document.doc_number


# --- places: one short name, one node per place ----------------------------------------------


def _plan(issuer: str, title: str, clauses: list[str]) -> Extraction:
    numerals = "一二三四五六七八九"
    tasks = "\n".join(f"（{numerals[i]}）推进第{numerals[i]}项工作，建设数据平台。（{c}）"
                      for i, c in enumerate(clauses))
    text = (f"{issuer}关于印发{title}的通知\n各有关单位：\n现将《{title}》印发给你们，请认真贯彻落实。\n"
            f"{issuer}\n2025年3月1日\n{title}\n一、推进数字化建设\n{tasks}\n")
    return read_text(source(text, f"{title}.txt"))


@pytest.fixture(scope="module")
def places() -> dict[str, Extraction]:
    return {
        "福州": _plan("福州市人民政府办公厅", "2025年数字福州工作要点",
                    ["牵头单位：市大数据委；责任单位：市工信局", "牵头单位：省发改委"]),
        "厦门": _plan("厦门市人民政府办公厅", "2025年数字厦门工作要点",
                    ["牵头单位：市大数据委；配合单位：市工信局"]),
        "江西": _plan("江西省人民政府办公厅", "2025年数字江西工作要点",
                    ["牵头单位：省发改委；责任单位：省工信厅", "牵头单位：省发展改革委"]),
        "福建": _plan("福建省人民政府办公厅", "2025年数字福建工作要点",
                    ["牵头单位：省发改委；配合单位：省卫计委、省卫健委"]),
    }


class TestPlaces:
    def test_extractions_give_short_names_and_keys(self, places: dict[str, Extraction]) -> None:
        def named(ex: Extraction) -> set[tuple[str, str, str]]:
            return {(t.label, a.name, a.key) for t in ex.tasks for a in t.agencies}

        assert named(places["福州"]) == {("1", "市大数据委", "福州市大数据委"),
                                       ("1", "市工信局", "福州市工信局"),
                                       ("2", "省发改委", "省发改委")}
        assert named(places["厦门"]) == {("1", "市大数据委", "厦门市大数据委"),
                                       ("1", "市工信局", "厦门市工信局")}
        assert named(places["江西"]) == {("1", "省发改委", "江西省发改委"),
                                       ("1", "省工信厅", "江西省工信厅"),
                                       ("2", "省发改委", "江西省发改委")}
        jx = {a.key: a for a in places["江西"].agencies}
        # Not the registry's 省发改委 (福建省发展和改革委员会): unknown, reported by its key.
        assert (jx["江西省发改委"].name, jx["江西省发改委"].kind) == ("省发改委", "unknown")
        assert jx["江西省发改委"].full_name is None
        assert "江西省发改委" in places["江西"].quality.unknown_agencies
        fj = {a.key: a for a in places["福建"].agencies}
        assert fj["省发改委"].full_name == "福建省发展和改革委员会"

    def test_the_json_names_are_short(self, places: dict[str, Extraction]) -> None:
        data = to_json(places["福州"])
        assert [a["name"] for a in data["tasks"][0]["agencies"]] == ["市大数据委", "市工信局"]
        assert [a["key"] for a in data["tasks"][0]["agencies"]] == ["福州市大数据委", "福州市工信局"]
        assert "display_name" not in data["agencies"][0]

    def test_one_node_per_place(self, places: dict[str, Extraction]) -> None:
        g = build_graph(places.values())
        fz, xm = s.agency_id("福州市大数据委"), s.agency_id("厦门市大数据委")
        assert g.nodes[fz]["name"] == g.nodes[xm]["name"] == "市大数据委"
        assert g.nodes[fz]["qualified_name"] == "福州市大数据委"
        assert g.nodes[xm]["qualified_name"] == "厦门市大数据委"
        assert s.agency_id("市大数据委") not in g
        jx, fj = s.agency_id("江西省发改委"), s.agency_id("省发改委")
        assert jx != fj and jx in g and fj in g
        assert (g.nodes[jx]["name"], g.nodes[jx]["qualified_name"]) == ("省发改委", "江西省发改委")
        assert (g.nodes[fj]["name"], g.nodes[fj].get("qualified_name")) == ("省发改委", None)
        assert g.nodes[fj]["full_name"] == "福建省发展和改革委员会"
        assert g.nodes[jx].get("full_name") is None and g.nodes[jx]["kind"] == "unknown"
        # 福州's plan names Fujian's 省发改委: the same node as the Fujian plan's.
        docs = {g.nodes[t]["document_id"] for _, t in g.out_edges(fj)}
        assert docs == {places["福州"].document.id, places["福建"].document.id}
        # Successions of the home province's bodies still link.
        assert g.has_edge(s.agency_id("省卫计委"), s.agency_id("省卫健委"), key=s.SUCCEEDED_BY)
