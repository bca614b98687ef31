"""Contract fuzzing: schemathesis generates requests from the app's OpenAPI document and
checks that no response is a 500 and every response matches its documented schema.

Bounded and deterministic: at most 25 examples per operation, derandomized. POST /cypher
is left out of random generation (any text is a query; its limits are tested in
test_api_cypher.py) and exercised below with a few fixed bodies through the same checks.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.schemas import APIOperation

from api.app import create_app
from core.config import Settings

pytestmark = pytest.mark.falkordb


# The document only: building it opens no store. Calls go to the fixture's app, which
# holds the real store (a lazily loaded schema fixture does not run under this pytest).
full_schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings()))
schema = full_schema.exclude(method="POST", path="/cypher")


# One pytest item per operation, named by it (schemathesis's own parametrisation gives its
# items one node id under pytest 9, and xdist's group scheduler then runs one of them).
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_contract(operation: APIOperation, api_app: FastAPI) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=25, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(app=api_app)

    check()


@pytest.mark.parametrize("body", [
    {"query": "MATCH (a:Agency {name: $n}) RETURN a.name AS name, a.aliases AS aliases",
     "parameters": {"n": "省发改委"}},
    {"query": "MATCH (n) RETURN n LIMIT 3"},
    {"query": "MATCH p = (a:Agency)-[r]->(t:Task) RETURN p, r LIMIT 2"},
    {"query": "CREATE (n:Agency {id: 'x'})"},
    {"query": "MATCH (n RETURN n"},
    {"query": "RETURN $p AS p", "parameters": {"p": "\u2028'\"\\\n"}},
    {"query": "   "},
])
def test_cypher_contract(body: dict[str, Any], api_app: FastAPI) -> None:
    case = full_schema["/cypher"]["POST"].Case(body=body, media_type="application/json")
    case.call_and_validate(app=api_app)
