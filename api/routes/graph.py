"""GET /graph: node-link JSON of the whole graph or of one node's neighbourhood."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Query

from api import reads
from api.deps import TEXT, SettingsDep, StoreDep
from api.errors import NotFound, responses
from api.models import GraphLink, GraphNode, GraphPublic

router = APIRouter(tags=["graph"])

MAX_DEPTH: Final = 3


@router.get(
    "/graph",
    response_model=GraphPublic,
    summary="The graph as node-link JSON",
    description="Without `around`: every node and relationship. With `around=<node id>`: the "
    "nodes within `depth` relationships of it (either direction) and the relationships "
    "between them. At most `query_row_limit` nodes and as many links are returned; "
    "`truncated` says when the limit cut the graph. The shape is what "
    "`networkx.node_link_graph(data, edges='links')` reads, with labels and properties "
    "kept apart.",
    responses=responses(404),
)
def get_graph(
    store: StoreDep,
    settings: SettingsDep,
    around: Annotated[str | None, Query(max_length=500, pattern=TEXT,
                                        description="Node id to centre on, e.g. agency/省发改委 "
                                        "or infra/政务云平台.")] = None,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH,
                                description="Hops from `around` (1–3); ignored without it.")] = 1,
) -> GraphPublic:
    limit = settings.query_row_limit
    ids: list[str] | None = None
    cut = False
    if around is not None:
        if not reads.graph_nodes(store, [around], 1).rows:
            raise NotFound(f"no node with id {around!r}")
        ids, cut = reads.neighbourhood(store, around, depth, limit)
    nodes = reads.graph_nodes(store, ids, limit)
    if ids is None and nodes.truncated:
        ids = [row["id"] for row in nodes.rows]  # keep the links inside the nodes returned
    links = reads.graph_links(store, ids, limit)
    return GraphPublic(
        nodes=[GraphNode(id=r["id"], labels=r["labels"], properties=r["properties"])
               for r in nodes.rows],
        links=[GraphLink(source=r["source"], target=r["target"], type=r["type"],
                         properties=r["properties"]) for r in links.rows],
        truncated=cut or nodes.truncated or links.truncated,
    )
