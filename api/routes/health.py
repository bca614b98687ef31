"""GET /health/live: is the API process up. GET /health (readiness): can it serve.

Neither waits behind user queries:

* liveness is answered on the event loop by the API process alone: it touches neither the
  store nor the worker threads that run the other routes (all of which may be waiting on
  slow queries);
* readiness asks the store on a thread of its own — one check at a time, shared by every
  caller while it runs and for a tenth of a second after — and gives up after
  ``health_timeout_ms`` (503), however long the store takes. Under steady load the next
  check starts while the last is still fresh, so callers do not queue behind it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import Future
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response

from api import reads
from api.errors import redact_paths
from api.models import HealthPublic, LivenessPublic
from core import resources
from core.config import Settings
from core.errors import StoreError

router = APIRouter(tags=["health"])
_LOCK = threading.Lock()

READY_DESCRIPTION = (
    "Answers 200 with status `ok` when the store answers and holds at least one document, "
    "else 503 with status `degraded` and the reason in `detail`. It waits for the store at "
    "most `health_timeout_ms` (setting; 1 s by default), on a thread of its own, so it never "
    "queues behind user queries; a store that is busy past that is reported degraded.")


@router.get(
    "/health/live",
    response_model=LivenessPublic,
    summary="The API process is up",
    description="Always 200 while the API process runs, answered without the store and "
    "without waiting for any other request: for process supervisors. Whether the store "
    "can serve is GET /health.",
)
async def live() -> LivenessPublic:
    return LivenessPublic(status="alive", version=resources.version())


# A check that ended this recently answers the callers after it: under load the store is
# asked a few times a second, not once a request (a thread and a store round trip each).
FRESH_S = 0.1
# Past this age a caller answered from the last check starts the next one, so that under load
# a fresh result is ready before the last goes stale and no caller waits on a check (with
# every caller waiting on one, a busy event loop stalled for the check's own GIL waits).
RENEW_S = FRESH_S / 2


class _Readiness:
    """The last readiness check while it is fresh, and the next one in flight (at most one, on
    its own daemon thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: Future[tuple[int, HealthPublic]] | None = None
        self._done_at = 0.0
        self._running: Future[tuple[int, HealthPublic]] | None = None

    def check(self, app: FastAPI) -> Future[tuple[int, HealthPublic]]:
        with self._lock:
            age = time.monotonic() - self._done_at
            if self._running is None and (self._last is None or age > RENEW_S):
                self._running = self._start(app)
            if self._last is not None and age <= FRESH_S:
                return self._last
            assert self._running is not None  # started above whenever the last is stale
            return self._running

    def _start(self, app: FastAPI) -> Future[tuple[int, HealthPublic]]:
        future: Future[tuple[int, HealthPublic]] = Future()
        future.set_running_or_notify_cancel()  # nobody can cancel it any more

        def run() -> None:
            try:
                result = _check(app.state.store_holder, app.state.settings)
            except BaseException as exc:
                with self._lock:
                    self._running = None
                future.set_exception(exc)
            else:
                with self._lock:
                    self._last, self._done_at, self._running = future, time.monotonic(), None
                future.set_result(result)

        threading.Thread(target=run, name="kg-health", daemon=True).start()
        return future


def _readiness(app: FastAPI) -> _Readiness:
    with _LOCK:
        readiness: _Readiness | None = getattr(app.state, "readiness", None)
        if readiness is None:
            readiness = app.state.readiness = _Readiness()
    return readiness


def _check(holder: Any, settings: Settings) -> tuple[int, HealthPublic]:
    version = resources.version()
    try:
        store = holder.get()
        documents = reads.count_documents(store)
    except StoreError as exc:
        return 503, HealthPublic(status="degraded", store=settings.store, reachable=False,
                                 documents=0, version=version, detail=redact_paths(str(exc)))
    if documents == 0:
        return 503, HealthPublic(status="degraded", store=store.name, reachable=True, documents=0,
                                 version=version, detail="no document loaded; run `kg load`")
    return 200, HealthPublic(status="ok", store=store.name, reachable=True, documents=documents,
                             version=version)


@router.get(
    "/health",
    response_model=HealthPublic,
    summary="Store reachable, documents loaded, version",
    description=READY_DESCRIPTION,
    responses={503: {"model": HealthPublic, "description": "The store is down, busy or empty."}},
)
async def health(request: Request, response: Response) -> HealthPublic:
    settings: Settings = request.app.state.settings
    future = _readiness(request.app).check(request.app)
    if future.done():
        # Under load, the last check's result. Answered without a wait: the task and futures
        # of one cost a p99 of ~60 ms at 8 clients (their garbage, collected in long pauses).
        status, body = future.result()
    else:
        try:
            status, body = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)),
                                                  settings.health_timeout_ms / 1000)
        except TimeoutError:
            status, body = 503, HealthPublic(
                status="degraded", store=settings.store, reachable=False, documents=0,
                version=resources.version(),
                detail=f"the store did not answer within {settings.health_timeout_ms} ms "
                       "(setting health_timeout_ms): it is busy or down")
    response.status_code = status
    return body
