"""The sampled betweenness shared with a forked child (graph.measures._split_sources)."""

from __future__ import annotations

import os

import networkx as nx
import pytest

from graph import measures


def test_sources_split_over_two_processes_add_up_to_the_whole() -> None:
    """The sampled betweenness computed half in a forked child equals the one computed here."""
    g = nx.gnm_random_graph(400, 1200, seed=3)
    sources = list(range(0, 400, 7))

    def here(part: list[int]) -> list[float]:
        scores = nx.betweenness_centrality_subset(g, part, list(g), normalized=False)
        return [scores[i] for i in range(400)]

    split = measures._split_sources(here, sources)
    whole = here(sources)
    assert split == pytest.approx(whole, abs=1e-9)
    assert any(split)


def test_a_failed_child_leaves_the_computation_here() -> None:
    """The child raises: its half is computed here, and the sum is still the whole."""
    parent = os.getpid()

    def per_node(part: list[int]) -> list[float]:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return [float(sum(part))] * 3

    assert measures._split_sources(per_node, [1, 2, 3, 4, 5]) == [15.0, 15.0, 15.0]
