"""GET /infrastructure, /infrastructure/{id}: platforms, data centers, networks, parks …"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import reads
from api.deps import TEXT, PageDep, StoreDep
from api.errors import NotFound, responses
from api.models import InfrastructureDetailPublic, InfrastructuresPublic
from core.vocabulary import InfrastructureKind

router = APIRouter(prefix="/infrastructure", tags=["infrastructure"])


@router.get(
    "",
    response_model=InfrastructuresPublic,
    summary="List infrastructure",
    description="Infrastructure named by the tasks, with how many tasks involve each; "
    "most tasks first.",
    responses=responses(),
)
def list_infrastructure(
    store: StoreDep,
    page: PageDep,
    kind: Annotated[InfrastructureKind | None, Query(description="Kind, from the head word.")] = None,
) -> InfrastructuresPublic:
    data, count = reads.list_infrastructure(store, offset=page.offset, limit=page.limit, kind=kind)
    return InfrastructuresPublic(data=data, count=count)


@router.get(
    "/{id:path}",
    response_model=InfrastructureDetailPublic,
    summary="One infrastructure item: its tasks and agencies",
    description="`id` contains a slash, e.g. `infra/政务云平台`. Agencies are those holding a "
    "role on the tasks that involve it.",
    responses=responses(404),
)
def get_infrastructure(
    store: StoreDep,
    id: Annotated[str, Path(pattern=TEXT, description="Infrastructure id, e.g. infra/政务云平台.")],
) -> InfrastructureDetailPublic:
    item = reads.get_infrastructure(store, id)
    if item is None:
        raise NotFound(f"no infrastructure with id {id!r}")
    return item
