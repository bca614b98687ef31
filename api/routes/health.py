"""GET /health: is the store reachable, is anything loaded."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api import reads
from api.deps import SettingsDep
from api.models import HealthPublic
from core import resources
from core.errors import StoreError

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthPublic,
    summary="Store reachable, documents loaded, version",
    description="Answers 200 with status `ok` when the store answers and holds at least one "
    "document, else 503 with status `degraded` and the reason in `detail`.",
    responses={503: {"model": HealthPublic, "description": "The store is down or empty."}},
)
def health(request: Request, response: Response, settings: SettingsDep) -> HealthPublic:
    try:
        store = request.app.state.store_holder.get()
        documents = reads.count_documents(store)
    except StoreError as exc:
        response.status_code = 503
        return HealthPublic(status="degraded", store=settings.store, reachable=False,
                            documents=0, version=resources.version(), detail=str(exc))
    if documents == 0:
        response.status_code = 503
        return HealthPublic(status="degraded", store=store.name, reachable=True, documents=0,
                            version=resources.version(),
                            detail="no document loaded; run `kg load`")
    return HealthPublic(status="ok", store=store.name, reachable=True, documents=documents,
                        version=resources.version())
