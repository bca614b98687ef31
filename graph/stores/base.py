"""The store protocol every backend implements (errors: :mod:`core.errors`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from graph.writes import DocumentRows, Step

if TYPE_CHECKING:
    import networkx as nx


# progress(done, total, step): called after each statement of a load (total 0: not known
# yet, as in a streaming load), and as the measures begin (step.kind "measures").
Progress = Callable[[int, int, Step], None]



@dataclass
class QueryResult:
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False  # True when the row limit cut the result


COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
            "properties_set")


@dataclass
class WriteSummary:
    nodes: int = 0
    relationships: int = 0
    removed_relationships: int = 0
    details: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # where a load's time went
    # Documents loaded beside another text with their issuer, title and year (kg load says so).
    namesakes: list[str] = field(default_factory=list)

    def add_statement(self, counters: object) -> None:
        """Add one statement's update counters (any object with the COUNTERS attributes:
        a FalkorDB QueryResult or a Neo4j SummaryCounters)."""
        for key in COUNTERS:
            self.details[key] = self.details.get(key, 0) + int(getattr(counters, key))
        self.details["statements"] = self.details.get("statements", 0) + 1
        self.removed_relationships = self.details["relationships_deleted"]


@runtime_checkable
class GraphStore(Protocol):
    name: str

    def write_graph(self, g: nx.MultiDiGraph, *, progress: Progress | None = None) -> WriteSummary:
        """Write ``g`` idempotently; documents in ``g`` replace their previous versions.
        All-or-nothing: on failure the previous contents stay intact."""
        ...

    def write_documents(
        self, documents: Iterable[DocumentRows], *,
        successions: Iterable[tuple[str, str, int | None]] = (), progress: Progress | None = None,
    ) -> WriteSummary:
        """Stream documents in, one at a time, with the guarantees of :meth:`write_graph`;
        ``successions`` are (agency id, successor id, year) links made when both agencies
        are in the load. ``details["documents"]`` counts the documents written."""
        ...

    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_limit: int | None = None,
    ) -> QueryResult:
        """Run a read-only query; writes raise ReadOnlyViolation."""
        ...

    def status(self) -> dict[str, Any]:
        """Reachability and counts, for `kg db status` and `/health`."""
        ...

    def version(self) -> str | None:
        """A token that changes whenever the graph changes (a load, a drop), so that what is
        built from the graph can be cached; None when the store cannot tell."""
        ...

    def close(self) -> None: ...
