"""``kg load``: documents → store, streamed through three stages, one document at a time.

1. **reading** — reader processes (``jobs`` of them) read each file and build its rows
   (:func:`read_rows`: records → the document's nodes and relationships
   (:mod:`graph.elements`) → :class:`~graph.writes.DocumentRows`, without networkx);
2. **building** — the store's :class:`~graph.writes.StreamPlan` gathers the rows of
   consecutive documents into UNWIND batches;
3. **writing** — the store runs them, recomputes the measures and swaps the result in
   (all-or-nothing, see the stores).

Only a bounded window of documents is in flight (``WINDOW_PER_JOB`` per reader), so memory
does not grow with the corpus: no stage holds every extraction or the whole graph.

>>> from graph.load import read_rows
>>> rows = read_rows(None)                  # the bundled 2015 plan
>>> rows.document_id, rows.relationship_count > 100
('doc-2015-5fcb5c5c', True)
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Final

from core.machine import usable_cores
from graph import schema as s
from graph.elements import document_elements
from graph.stores.base import GraphStore, WriteSummary
from graph.writes import DocumentRows, Step, document_rows
from loaders.read import fewer_collections  # the whole load, and the readers it forks

WINDOW_PER_JOB: Final = 4  # documents read ahead per reader process
STAGES: Final = ("reading", "building", "writing")

# stage_progress(stage, done, total): documents read or built; for "writing", relationships
# written out of those built so far (total grows while documents arrive); done=-1 with a
# note in the stage name ("writing: measures") for the measures phase.
StageProgress = Callable[[str, int, int], None]


def read_rows(path: str | Path | None) -> DocumentRows:
    """Read one document (None: the bundled plan) and build its rows; runs in a reader."""
    from loaders import read_document

    started = time.perf_counter()
    extraction = read_document(path)
    read = time.perf_counter()
    rows = document_rows(document_elements(extraction))
    rows.seconds = {"reading": read - started, "building": time.perf_counter() - read}
    return rows


def read_all(paths: Sequence[Path | None], jobs: int) -> Iterator[DocumentRows]:
    """Rows of every document, in order, read by ``jobs`` processes (1: in this one)."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield read_rows(path)
        return
    # fork: readers start at once and share the modules already imported (Linux).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=context)
    pending: deque[Future[DocumentRows]] = deque()
    try:
        todo = iter(paths)
        for path in todo:
            pending.append(pool.submit(read_rows, path))
            if len(pending) >= jobs * WINDOW_PER_JOB:
                break
        while pending:
            rows = pending.popleft().result()
            for path in todo:  # refill the window by one
                pending.append(pool.submit(read_rows, path))
                break
            yield rows
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def successions() -> list[tuple[str, str, int | None]]:
    """The registry's confirmed renames as (agency id, successor id, year)."""
    from loaders.agencies import AgencyRegistry, successor_edges

    return [(s.agency_id(old), s.agency_id(new), year)
            for old, new, year in successor_edges(AgencyRegistry.bundled())]


def load_files(store: GraphStore, paths: Sequence[Path | None], *, jobs: int | None = None,
               progress: StageProgress | None = None) -> WriteSummary:
    """Stream ``paths`` into ``store`` (see the module doc). ``details`` of the summary gain
    ``documents``; ``seconds`` holds the readers' CPU time per stage and the wall time."""
    started = time.perf_counter()
    jobs = usable_cores() if jobs is None else jobs  # one reader per core by default
    total = len(paths)
    counts = {"read": 0, "built": 0, "relationships": 0, "written": 0}
    cpu = {"reading": 0.0, "building": 0.0}

    def documents() -> Iterator[DocumentRows]:
        for rows in read_all(paths, jobs):
            counts["read"] += 1
            for stage in cpu:
                cpu[stage] += rows.seconds.get(stage, 0.0)
            if progress is not None:
                progress("reading", counts["read"], total)
            yield rows
            # The plan has taken the rows when it asks for the next document.
            counts["built"] += 1
            counts["relationships"] += rows.relationship_count
            if progress is not None:
                progress("building", counts["built"], total)

    def written(done: int, _total: int, step: Step) -> None:
        if step.kind == "relationships":
            counts["written"] += len(step.rows)
        if progress is not None:
            if step.kind == "measures":
                progress(f"writing: measures ({step.target})", -1, -1)
            else:
                progress("writing", counts["written"], max(counts["relationships"],
                                                            counts["written"]))

    with fewer_collections():
        summary = store.write_documents(documents(), successions=successions(),
                                        progress=written)
    summary.details.setdefault("documents", counts["read"])
    summary.seconds = {"reading_cpu": round(cpu["reading"], 3),
                       "building_cpu": round(cpu["building"], 3),
                       "wall": round(time.perf_counter() - started, 3)}
    return summary


def check_paths(paths: Iterable[Path]) -> None:
    """Fail before anything starts on a file the readers would refuse (missing, a directory,
    a pipe or device, too large)."""
    from loaders.source import check_path

    for path in paths:
        check_path(path)
