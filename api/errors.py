"""Every error leaves the API as ``{"error": {"code": ..., "message": ...}}``.

Store errors map to HTTP statuses here, in one place:

=====================  ======  ======================
exception              status  code
=====================  ======  ======================
ApiError               any     its own
ReadOnlyViolation      400     read_only
ResultTooLarge         422     result_too_large
QueryError             400     query_error
QueryTimeout           504     query_timeout
StoreError             503     store_unavailable
request validation     422     invalid_request
HTTPException          any     from the status
anything else          500     internal_error
=====================  ======  ======================

Store errors never show file-system paths (the socket or data directory of the store).
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.models import ErrorPublic
from core.errors import QueryError, QueryTimeout, ReadOnlyViolation, ResultTooLarge, StoreError

log = logging.getLogger(__name__)
# An absolute path of two or more parts (/home/u/.kg/falkordb/falkordb.sock), not a/b.
_PATH = re.compile(r"(?<![\w.~/])/(?:[^\s/'\"():;,]+/)+[^\s/'\"():;,]*")


def redact_paths(message: str) -> str:
    """``message`` with absolute file paths replaced: what the server's file system looks
    like is nobody's business over HTTP (the log keeps the full message).

    >>> redact_paths("Error 111 connecting to unix socket: /home/u/.kg/falkordb/falkordb.sock.")
    'Error 111 connecting to unix socket: <path>'
    >>> redact_paths("RETURN a/b/c")
    'RETURN a/b/c'
    """
    return _PATH.sub("<path>", message)


class ApiError(Exception):
    """An error with its HTTP status and stable code, raised by routes."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


class NotFound(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(404, "not_found", message)


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


def error_response(status: int, code: str, message: str,
                   details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def _status_code_name(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "http_error"


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only plain fields: the raw errors may hold exception objects and the rejected input.
    out = []
    for err in exc.errors():
        out.append({
            "loc": [str(part) for part in err.get("loc", ())],
            "message": str(err.get("msg", "")),
            "type": str(err.get("type", "")),
        })
    return out


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, headers=exc.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = _validation_details(exc)
    message = "invalid request"
    if details:
        where = ".".join(details[0]["loc"])
        message = f"{where}: {details[0]['message']}" if where else str(details[0]["message"])
    return error_response(422, "invalid_request", message, details)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail: Any = exc.detail
    message = detail if isinstance(detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 413 and message == "Content Too Large":  # from api/limits.py
        limit = request.app.state.settings.request_max_bytes
        message = f"the request body is larger than {limit} bytes (setting request_max_bytes)"
    return error_response(exc.status_code, _status_code_name(exc.status_code), message,
                          headers=getattr(exc, "headers", None))


async def _store_error(_: Request, exc: Exception) -> JSONResponse:
    # Subclasses first: ReadOnlyViolation, QueryError and QueryTimeout are StoreErrors too.
    message = redact_paths(str(exc) or type(exc).__name__)
    if isinstance(exc, ReadOnlyViolation):
        return error_response(400, "read_only", message)
    if isinstance(exc, ResultTooLarge):
        return error_response(422, "result_too_large", message)
    if isinstance(exc, QueryTimeout):
        return error_response(504, "query_timeout", message)
    if isinstance(exc, QueryError):
        return error_response(400, "query_error", message)
    log.warning("store error: %s", exc)
    return error_response(503, "store_unavailable", message)


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_response(500, "internal_error", "internal error; see the server log")


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Exception, _unexpected)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for the error statuses a route can return.

    422 is always listed: it replaces FastAPI's default validation schema, which does not
    match what the handler above sends.
    """
    text = {
        400: "The query was refused (a write) or is invalid.",
        404: "No such item.",
        413: "The query text or the request body is larger than the limit.",
        422: "A parameter is missing or has the wrong type.",
        503: "The graph store is unavailable, or the server is busy (then `Retry-After` says "
             "when to try again).",
        504: "The query ran past the time limit.",
    }
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted({*statuses, 422, 503}):
        out[status] = {"model": ErrorPublic, "description": text.get(status, HTTPStatus(status).phrase)}
    return out
