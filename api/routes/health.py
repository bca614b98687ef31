"""GET /health: is the store reachable, is anything loaded."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, Request, Response

from api import reads
from api.deps import SettingsDep
from api.models import HealthPublic
from graph.stores.base import StoreError

router = APIRouter(tags=["health"])


def package_version() -> str:
    try:
        return version("workplan-kg")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+unknown"


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
                            documents=0, version=package_version(), detail=str(exc))
    if documents == 0:
        response.status_code = 503
        return HealthPublic(status="degraded", store=store.name, reachable=True, documents=0,
                            version=package_version(),
                            detail="no document loaded; run `kg load`")
    return HealthPublic(status="ok", store=store.name, reachable=True, documents=documents,
                        version=package_version())
