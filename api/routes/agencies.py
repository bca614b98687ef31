"""GET /agencies, /agencies/{id}: agencies, their roles on tasks, and their partners."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import reads
from api.deps import TEXT, PageDep, StoreDep
from api.errors import NotFound, responses
from api.models import AgenciesPublic, AgencyDetailPublic

router = APIRouter(prefix="/agencies", tags=["agencies"])


@router.get(
    "",
    response_model=AgenciesPublic,
    summary="List agencies with task counts per relation",
    description="Agencies with how many tasks each leads, is responsible for and "
    "cooperates on; most tasks first.",
    responses=responses(),
)
def list_agencies(
    store: StoreDep,
    page: PageDep,
    kind: Annotated[str | None, Query(max_length=100, pattern=TEXT,
                                      description="Agency kind, e.g. provincial_department, "
                                      "city_government, collective.")] = None,
) -> AgenciesPublic:
    data, count = reads.list_agencies(store, offset=page.offset, limit=page.limit, kind=kind)
    return AgenciesPublic(data=data, count=count)


@router.get(
    "/{id:path}",
    response_model=AgencyDetailPublic,
    summary="One agency: its tasks by relation and its partners",
    description="`id` is an agency id and contains a slash, e.g. `agency/省发改委` or "
    "`agency/福州市大数据委`; a canonical name (省发改委), a qualified name (福州市大数据委) "
    "or an alias (发改委) is accepted too (a short name several places share gives the body "
    "keyed by it, else the first by id). Partners are the agencies that hold a role on the "
    "same tasks, most shared tasks first.",
    responses=responses(404),
)
def get_agency(
    store: StoreDep,
    id: Annotated[str, Path(pattern=TEXT, description="Agency id (agency/省发改委), name, qualified name or alias.")],
) -> AgencyDetailPublic:
    agency = reads.get_agency(store, reads.agency_id_for(store, id))
    if agency is None:
        raise NotFound(f"no agency with id {id!r}")
    return agency
