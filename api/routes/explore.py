"""GET /search, /neighbourhood, /explorer/…: what the explorer page (``/``) reads besides
the resources.

Both run named queries (``search``, ``neighbourhood``), so the same questions work from
``kg query`` and over Neo4j.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Query

from api import reads
from api.deps import NON_BLANK_TEXT, TEXT, StoreDep
from api.errors import NotFound, responses
from api.models import (
    DocumentChoice,
    DocumentChoicesPublic,
    NeighbourhoodPublic,
    SearchPublic,
    StartPublic,
)
from core.vocabulary import Relation

router = APIRouter(tags=["explorer"])

DEFAULT_NODES: Final = 300
MAX_NODES: Final = 1000


@router.get(
    "/search",
    response_model=SearchPublic,
    summary="Search agencies, infrastructure and tasks",
    description="Agencies whose name, full name or an alias contains `q` (发改委 finds 省发改委), "
    "infrastructure whose name contains it, and tasks whose title or text contains it. An exact "
    "name or alias comes first, then names that start with `q`, then the rest by number of tasks; "
    "tasks last. The named query `search`.",
    responses=responses(),
)
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, pattern=NON_BLANK_TEXT,
                            description="Words to look for, e.g. 发改委 or 云平台.")],
    limit: Annotated[int, Query(ge=1, le=100, description="Hits to return.")] = 10,
) -> SearchPublic:
    hits = reads.search(store, q.strip(), limit)
    return SearchPublic(data=hits, count=len(hits))


@router.get(
    "/neighbourhood",
    response_model=NeighbourhoodPublic,
    summary="A node with its tasks and partners, capped",
    description="For an agency or an infrastructure: its tasks and every agency and "
    "infrastructure on them; for a task: its agencies and infrastructure; for a document or "
    "section: its tasks and theirs. Tasks are taken in document and number order while they "
    "fit in `limit` nodes; `shown` of `total` says how much is drawn (\"showing N of M\"). "
    "Filters: `relation` keeps one role, `document` and `year` keep the tasks of those "
    "documents. The named query `neighbourhood`.",
    responses=responses(404),
)
def neighbourhood(
    store: StoreDep,
    id: Annotated[str, Query(min_length=1, max_length=500, pattern=TEXT,
                             description="Node id, e.g. agency/省发改委, infra/政务云平台 or "
                             "doc-2015-5fcb5c5c/task/11.")],
    limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="Most nodes to return.")] = DEFAULT_NODES,
    relation: Annotated[Relation | None, Query(description="Keep only this role.")] = None,
    document: Annotated[str | None, Query(max_length=200, pattern=TEXT,
                                          description="Keep only this document's tasks.")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200,
                                      description="Keep only tasks of this year's documents.")] = None,
) -> NeighbourhoodPublic:
    view = reads.neighbourhood_view(store, id, limit=limit, relation=relation,
                                    document=document or None, year=year)
    if view is None:
        raise NotFound(f"no node with id {id!r}")
    return view


@router.get(
    "/explorer/documents",
    response_model=DocumentChoicesPublic,
    summary="Every document, briefly, for selectors",
    description="Id, year, place, titles, file name and task count of every loaded document, "
    "by year (no quality report: GET /documents has it). The explorer's year and document "
    "selectors read this.",
    responses=responses(),
)
def document_choices(store: StoreDep) -> DocumentChoicesPublic:
    rows = reads.document_choices(store)
    return DocumentChoicesPublic(data=[DocumentChoice(**r) for r in rows], count=len(rows))


@router.get(
    "/explorer/start",
    response_model=StartPublic,
    summary="Where the explorer starts",
    description="The agency with the most tasks, by the count stored on it at load; null "
    "when the store holds no agency.",
    responses=responses(),
)
def start(store: StoreDep) -> StartPublic:
    return StartPublic(id=reads.busiest_agency(store))
