"""POST /cypher: one read-only Cypher statement with parameters.

Limits come from the settings and are enforced in one place each: the text length here,
the time and row limits by the store's ``read()``, which also refuses writes.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

from fastapi import APIRouter

from api.deps import SettingsDep, StoreDep
from api.errors import ApiError, responses
from api.models import CypherRequest, QueryResultPublic

router = APIRouter(tags=["cypher"])

PARAMETER_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_DEPTH: Final = 8


def check_parameters(parameters: dict[str, Any]) -> None:
    """Refuse parameter names and map keys that no backend takes as identifiers, and
    nesting beyond ``MAX_DEPTH``: a store must never get a name it would have to quote."""

    def check(value: Any, where: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise ApiError(422, "invalid_parameter", f"{where}: nested deeper than {MAX_DEPTH}")
        if isinstance(value, dict):
            for key, item in value.items():
                if not PARAMETER_NAME.match(key):
                    raise ApiError(422, "invalid_parameter",
                                   f"{where}: map key {key!r} is not an identifier")
                check(item, f"{where}.{key}", depth + 1)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                check(item, f"{where}[{i}]", depth + 1)
        elif isinstance(value, str) and "\x00" in value:
            raise ApiError(422, "invalid_parameter", f"{where}: NUL characters are not supported")
        elif isinstance(value, float) and not math.isfinite(value):
            raise ApiError(422, "invalid_parameter", f"{where}: not a finite number")
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
            raise ApiError(422, "invalid_parameter", f"{where}: integer out of 64-bit range")

    for name, value in parameters.items():
        if not PARAMETER_NAME.match(name):
            raise ApiError(422, "invalid_parameter", f"parameter name {name!r} is not an identifier")
        check(value, f"${name}", 1)


@router.post(
    "/cypher",
    response_model=QueryResultPublic,
    summary="Run one read-only Cypher query",
    description="Runs the query through the store's read path: writes (CREATE, MERGE, SET, "
    "DELETE, REMOVE, writing procedures) are refused with 400 and change nothing. Values "
    "go in `parameters` and are bound as $names, never pasted into the text. The text is "
    "limited to `cypher_max_length` characters (413 above), the run to `query_timeout_ms` "
    "(504 when exceeded) and the result to `query_row_limit` rows (`truncated` is then true).",
    responses=responses(400, 413, 504),
)
def run_cypher(body: CypherRequest, store: StoreDep, settings: SettingsDep) -> QueryResultPublic:
    if len(body.query) > settings.cypher_max_length:
        raise ApiError(413, "query_too_long",
                       f"query is {len(body.query)} characters long; the limit is "
                       f"{settings.cypher_max_length}")
    if not body.query.strip():
        raise ApiError(422, "invalid_request", "query is empty")
    check_parameters(body.parameters)
    result = store.read(body.query, body.parameters, timeout_ms=settings.query_timeout_ms,
                        row_limit=settings.query_row_limit)
    return QueryResultPublic(columns=result.columns, rows=[jsonable(r) for r in result.rows],
                             count=len(result.rows), truncated=result.truncated)


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
