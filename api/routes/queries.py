"""GET /queries, /queries/{name}: the named read queries of ``queries/``.

Each public query gets its own route, built from its header when the app is created, so the
OpenAPI document lists its parameters with their types, help and examples. Queries marked
``internal`` (the ``api_*`` reads behind the resource routes) are not served here.
"""

# No `from __future__ import annotations`: the generated endpoints carry real annotation
# objects in their signatures, which FastAPI reads as they are.

import inspect
from collections.abc import Callable
from typing import Annotated, Any, Final

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import StringConstraints

from api.deps import NON_BLANK_TEXT, TEXT, SettingsDep, StoreDep
from api.errors import ApiError, NotFound, responses
from api.models import NamedQueriesPublic, NamedQueryPublic, QueryParameterPublic, QueryResultPublic
from api.routes.cypher import result_response
from core.config import Settings
from graph.stores.base import GraphStore
from queries.catalog import (
    COUNT_PARAMS,
    NamedQuery,
    Param,
    ParameterError,
    UnknownQuery,
    coerce,
    public_queries,
    run_query,
    unknown_agency_hint,
)

INT64: Final = 2**63 - 1
PYTHON_TYPES: Final[dict[str, Any]] = {
    "string": str, "int": int, "float": float, "bool": bool, "list": list[str],
}


def describe(query: NamedQuery) -> NamedQueryPublic:
    return NamedQueryPublic(
        name=query.name,
        description=query.description,
        parameters=[QueryParameterPublic(name=p.name, type=p.type, required=p.required,
                                         description=p.help) for p in query.params],
        examples=[dict(e) for e in query.examples],
    )


def _query_param(param: Param, examples: list[Any]) -> inspect.Parameter:
    kind: Any = PYTHON_TYPES[param.type]
    constraints: dict[str, Any] = {}
    if param.type == "int":
        # What every backend stores; LIMIT and SKIP values are not negative.
        constraints = {"ge": 0 if param.name in COUNT_PARAMS else -INT64, "le": INT64}
    elif param.type == "float":
        constraints = {"allow_inf_nan": False}
    elif param.type == "string":
        # A blank required value counts as missing for the registry.
        constraints = {"max_length": 1000, "pattern": NON_BLANK_TEXT if param.required else TEXT}
    elif param.type == "list":
        kind = list[Annotated[str, StringConstraints(max_length=1000, pattern=TEXT)]]
    info = Query(alias=param.name, description=param.help or param.name,
                 examples=examples or None, **constraints)
    annotation = Annotated[kind if param.required else kind | None, info]  # type: ignore[valid-type]
    return inspect.Parameter(
        f"p_{param.name}", inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
        default=inspect.Parameter.empty if param.required else None,
    )


def _endpoint(query: NamedQuery) -> Callable[..., Response]:
    """An endpoint whose signature declares the query's parameters (FastAPI reads it)."""

    declared = {p.name for p in query.params}

    def endpoint(request: Request, store: StoreDep, settings: SettingsDep,
                 **values: Any) -> Response:
        # Like `kg query`, a misspelt parameter is an error rather than silently dropped.
        unknown = sorted(set(request.query_params) - declared)
        if unknown:
            raise ApiError(422, "invalid_parameter",
                           f"query {query.name} has no parameter {unknown[0]!r} "
                           f"(parameters: {', '.join(sorted(declared)) or 'none'})")
        raw = {key[2:]: value for key, value in values.items() if value is not None}
        return run_named(store, settings, query.name, raw)

    # Example values are text in the header; the schema shows them typed (11, not "11").
    own = [_query_param(p, [coerce(p, e[p.name]) for e in query.examples if p.name in e][:1])
           for p in query.params]
    # request, store, settings; keyword-only like the query's own, so any order is valid.
    base = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
            for p in list(inspect.signature(endpoint).parameters.values())[:3]]
    endpoint.__signature__ = inspect.Signature(base + own)  # type: ignore[attr-defined]
    endpoint.__name__ = f"query_{query.name}"
    return endpoint


def run_named(store: GraphStore, settings: Settings, name: str, raw: dict[str, Any]) -> Response:
    try:
        result = run_query(store, name, raw, timeout_ms=settings.query_timeout_ms,
                           row_limit=settings.query_row_limit)
    except UnknownQuery as exc:
        raise NotFound(str(exc)) from exc
    except ParameterError as exc:
        raise ApiError(422, "invalid_parameter", str(exc)) from exc
    hint = unknown_agency_hint(store, name, raw) if not result.rows else None
    return result_response(result, settings, hint=hint)


def build_router() -> APIRouter:
    router = APIRouter(prefix="/queries", tags=["queries"])
    queries = public_queries()

    @router.get(
        "",
        response_model=NamedQueriesPublic,
        summary="List the named queries",
        description="Every named query with its description, parameters (name, type, "
        "required, help) and example parameter sets.",
        responses=responses(),
    )
    def list_queries() -> NamedQueriesPublic:
        data = [describe(q) for q in queries.values()]
        return NamedQueriesPublic(data=data, count=len(data))

    for query in queries.values():
        params = ", ".join(f"`{p.name}`" + ("" if p.required else " (optional)")
                           for p in query.params) or "none"
        router.add_api_route(
            f"/{query.name}",
            _endpoint(query),
            methods=["GET"],
            response_model=QueryResultPublic,
            summary=query.description or query.name,
            description=f"Runs the named query `{query.name}` (queries/{query.name}.cypher) "
            f"with the server's time and row limits. Parameters: {params}. An `agency` "
            "parameter accepts aliases (发改委 → 省发改委).",
            responses=responses(400, 504),
            operation_id=f"query_{query.name}",
        )

    @router.get(
        "/{name}",
        response_model=QueryResultPublic,
        summary="Any other name: not a named query",
        description="The named queries each have their own route above; any other name "
        "answers 404 with the list of known queries.",
        responses=responses(404),
    )
    def unknown_query(
        name: Annotated[str, Path(pattern=TEXT, description="Query name; see GET /queries.")],
    ) -> QueryResultPublic:
        known = ", ".join(queries)
        raise NotFound(f"no query named {name!r}; known queries: {known}")

    return router
