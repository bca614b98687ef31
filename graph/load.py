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

import gc
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Final

from core.machine import usable_cores
from graph import schema as s
from graph.elements import document_elements
from graph.writes import DocumentRows, Step, document_rows
from loaders.read import GC_THRESHOLDS, fewer_collections

if TYPE_CHECKING:  # the store's modules load while the readers read (Readers)
    from graph.stores.base import GraphStore, WriteSummary

# Documents read ahead per reader process: enough to keep reading while the store opens and
# while a batch is written (4 left the readers idle: kg load of 100 files took a fifth longer).
WINDOW_PER_JOB: Final = 16
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


class Readers:
    """The rows of ``paths``, in order, read by ``jobs`` processes (one per core by default)
    that start as soon as this is made, at most :data:`WINDOW_PER_JOB` documents ahead each
    (``jobs`` 1, or one path: read here, as iterated). ``kg load`` makes it first, so the
    documents are being read while the store's modules load and the store opens. Iterate
    once; leaving the ``with`` block stops the readers."""

    def __init__(self, paths: Sequence[Path | None], jobs: int | None = None) -> None:
        jobs = usable_cores() if jobs is None else jobs
        self.paths = list(paths)
        self._todo = iter(self.paths)
        self._pending: deque[Future[DocumentRows]] = deque()
        self._pool: ProcessPoolExecutor | None = None
        if jobs <= 1 or len(self.paths) <= 1:
            return
        # fork: readers start at once and share the modules already imported (Linux); they
        # collect garbage as a load's main process does (loaders.read.fewer_collections).
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._pool = ProcessPoolExecutor(max_workers=min(jobs, len(self.paths)),
                                         mp_context=context, initializer=gc.set_threshold,
                                         initargs=GC_THRESHOLDS)
        for path in islice(self._todo, jobs * WINDOW_PER_JOB):
            self._pending.append(self._pool.submit(read_rows, path))

    def __iter__(self) -> Iterator[DocumentRows]:
        if self._pool is None:
            for path in self._todo:
                yield read_rows(path)
            return
        while self._pending:
            rows = self._pending.popleft().result()
            for path in islice(self._todo, 1):  # refill the window by one
                self._pending.append(self._pool.submit(read_rows, path))
            yield rows

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_all(paths: Sequence[Path | None], jobs: int) -> Iterator[DocumentRows]:
    """Rows of every document, in order, read by ``jobs`` processes (1: in this one)."""
    with Readers(paths, jobs) as readers:
        yield from readers


def successions() -> list[tuple[str, str, int | None]]:
    """The registry's confirmed renames as (agency id, successor id, year)."""
    from loaders.agencies import AgencyRegistry, successor_edges

    return [(s.agency_id(old), s.agency_id(new), year)
            for old, new, year in successor_edges(AgencyRegistry.bundled())]


def load_files(store: GraphStore, paths: Sequence[Path | None], *, jobs: int | None = None,
               progress: StageProgress | None = None) -> WriteSummary:
    """Stream ``paths`` into ``store`` (see the module doc), read by ``jobs`` processes."""
    with Readers(paths, jobs) as readers:
        return load_documents(store, readers, progress=progress)


def load_documents(store: GraphStore, readers: Readers, *,
                   progress: StageProgress | None = None) -> WriteSummary:
    """Stream what ``readers`` read into ``store``. ``details`` of the summary gain
    ``documents``; ``seconds`` holds the readers' CPU time per stage and the wall time."""
    started = time.perf_counter()
    total = len(readers.paths)
    counts = {"read": 0, "built": 0, "relationships": 0, "written": 0}
    cpu = {"reading": 0.0, "building": 0.0}

    def documents() -> Iterator[DocumentRows]:
        for rows in readers:
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
