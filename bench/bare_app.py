"""The reference of the API benchmark: a bare FastAPI app with the routes' shape.

Same paths, the same query parameter, sync handlers (run in the threadpool, as the project's
routes are), a small JSON body, no store. Served by the same uvicorn settings as the API.
"""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health() -> dict[str, object]:
    return {"status": "ok", "documents": 1}


@app.get("/tasks")
def tasks(agency: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, object]:
    return {"data": [], "count": 0, "agency": agency}
