"""POST /cypher: one read-only Cypher statement with parameters.

Limits come from the settings and are enforced in one place each: the text length and
how many queries run at once here, the parameters, nesting depth and range() sizes by
:func:`queries.catalog.run_cypher` (as for ``kg cypher``), the time and row limits by the
store's ``read()``, which also refuses writes, and the response size by
:func:`result_response`.
"""

from __future__ import annotations

import json
import math
import threading
from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import SettingsDep, StoreDep
from api.errors import ApiError, responses
from api.models import CypherRequest, QueryResultPublic
from core.config import Settings
from graph.stores.base import QueryResult
from queries import catalog
from queries.catalog import ParameterError

router = APIRouter(tags=["cypher"])
_SLOTS_LOCK = threading.Lock()


def _slots(request: Request, settings: Settings) -> threading.BoundedSemaphore:
    """The app's ad-hoc query slots (one semaphore per app, made on first use)."""
    state = request.app.state
    with _SLOTS_LOCK:
        slots: threading.BoundedSemaphore | None = getattr(state, "cypher_slots", None)
        if slots is None:
            slots = threading.BoundedSemaphore(settings.cypher_max_concurrent)
            state.cypher_slots = slots
    return slots


@router.post(
    "/cypher",
    response_model=QueryResultPublic,
    summary="Run one read-only Cypher query",
    description="Runs the query through the store's read path: writes (CREATE, MERGE, SET, "
    "DELETE, REMOVE, writing procedures) and LOAD CSV are refused with 400 and change "
    "nothing. Values go in `parameters` and are bound as $names, never pasted into the text. "
    "The text is limited to `cypher_max_length` characters (413 above) and "
    "`cypher_max_depth` levels of nesting, range() to `query_row_limit` × "
    "`cypher_range_factor` values (400 above), the run to `query_timeout_ms` (504 when "
    "exceeded), the result to `query_row_limit` rows (`truncated` is then true) and "
    "`result_max_mb` (422 above). At most `cypher_max_concurrent` queries run at once; "
    "more are answered 503 with `Retry-After`.",
    responses=responses(400, 413, 504),
)
def run_cypher(body: CypherRequest, request: Request, store: StoreDep,
               settings: SettingsDep) -> Response:
    if len(body.query) > settings.cypher_max_length:
        raise ApiError(413, "query_too_long",
                       f"query is {len(body.query)} characters long; the limit is "
                       f"{settings.cypher_max_length}")
    if not body.query.strip():
        raise ApiError(422, "invalid_request", "query is empty")
    slots = _slots(request, settings)
    if not slots.acquire(blocking=False):
        raise ApiError(503, "busy", f"{settings.cypher_max_concurrent} Cypher queries are "
                       "running, the most at once (setting cypher_max_concurrent); try again "
                       "shortly", headers={"Retry-After": "1"})
    try:
        result = catalog.run_cypher(store, body.query, body.parameters, settings=settings,
                                    timeout_ms=settings.query_timeout_ms,
                                    row_limit=settings.query_row_limit)
    except ParameterError as exc:
        raise ApiError(422, "invalid_parameter", str(exc)) from exc
    finally:
        slots.release()
    return result_response(result, settings)


def result_response(result: QueryResult, settings: Settings, hint: str | None = None
                    ) -> Response:
    """The JSON response of a query result, or 422 when it is larger than the setting
    result_max_mb (the row limit alone does not bound size: one value can be 200 MB)."""
    public = QueryResultPublic(columns=result.columns, rows=[jsonable(r) for r in result.rows],
                               count=len(result.rows), truncated=result.truncated, hint=hint)
    content = json.dumps(public.model_dump(), ensure_ascii=False,
                         allow_nan=False,
                         separators=(",", ":")).encode()
    limit = settings.result_max_mb * 1024 * 1024
    if len(content) > limit:
        raise ApiError(422, "result_too_large",
                       f"the result is {len(content) / 2**20:.1f} MB; the limit is "
                       f"{settings.result_max_mb} MB (setting result_max_mb): return fewer or "
                       "smaller values")
    return Response(content, media_type="application/json")


def jsonable(value: Any) -> Any:
    """Row values as strict JSON: NaN and infinities (``RETURN 0.0/0.0``) become null, and
    values of types JSON lacks (dates, points, bytes) their text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
