"""GET /tasks, /tasks/{id}: tasks with their agencies, infrastructure and quoted evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import reads
from api.deps import TEXT, PageDep, StoreDep
from api.errors import NotFound, responses
from api.models import TaskPublic, TasksPublic
from core.vocabulary import Relation
from queries.catalog import agency_hint

router = APIRouter(prefix="/tasks", tags=["tasks"])


@router.get(
    "",
    response_model=TasksPublic,
    summary="List tasks, filtered",
    description="Tasks in document and number order. Filters combine with AND. `agency` "
    "accepts a canonical name (省发改委) or an alias (发改委); with `relation` it keeps the "
    "tasks where that agency holds that role, alone it keeps tasks with any agency in "
    "that role.",
    responses=responses(),
)
def list_tasks(
    store: StoreDep,
    page: PageDep,
    number: Annotated[int | None, Query(ge=0, le=10_000, description="Task number, e.g. 11.")] = None,
    section: Annotated[int | None, Query(ge=0, le=10_000, description="Section number.")] = None,
    agency: Annotated[str | None, Query(max_length=200, pattern=TEXT,
                                        description="Agency name or alias, e.g. 省发改委 or 发改委 "
                                        "(every place's body of that name), or a qualified "
                                        "name, e.g. 福州市大数据委 (that body only).")] = None,
    relation: Annotated[Relation | None, Query(description="Role of the agency on the task.")] = None,
    q: Annotated[str | None, Query(max_length=200, pattern=TEXT,
                                   description="Text that the task's title or text contains.")] = None,
    document: Annotated[str | None, Query(max_length=200, pattern=TEXT,
                                          description="Document id.")] = None,
) -> TasksPublic:
    agency = agency if agency and agency.strip() else None  # blank filters nothing, as empty
    canonical = reads.resolve_agency(store, agency) if agency else None
    data, count = reads.list_tasks(
        store, offset=page.offset, limit=page.limit, number=number, section=section,
        agency=canonical, relation=relation, q=q or None, document=document,
    )
    hint = agency_hint(store, agency) if agency and count == 0 else None
    return TasksPublic(data=data, count=count, hint=hint)


@router.get(
    "/{id:path}",
    response_model=TaskPublic,
    summary="One task",
    description="`id` is a task id and contains slashes, e.g. `doc-2015-5fcb5c5c/task/11`; "
    "send it as is (the route takes the rest of the path).",
    responses=responses(404),
)
def get_task(
    store: StoreDep,
    id: Annotated[str, Path(pattern=TEXT, description="Task id, e.g. doc-2015-5fcb5c5c/task/11.")],
) -> TaskPublic:
    task = reads.get_task(store, id)
    if task is None:
        raise NotFound(f"no task with id {id!r}")
    return task
