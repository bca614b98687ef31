"""Contract fuzzing: schemathesis generates requests from the app's OpenAPI document and
checks that no response is a 500 and every response matches its documented schema.

Bounded and deterministic: at most 25 examples per operation, derandomized. POST /cypher
is left out of random generation (any text is a query; its limits are tested in
test_api_cypher.py) and exercised below with a few fixed bodies through the same checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI

from api.app import create_app
from core.config import Settings

if TYPE_CHECKING:
    from schemathesis.schemas import BaseSchema

pytestmark = [pytest.mark.falkordb, pytest.mark.slow]


# The operations, named by method and path: building the document opens no store. The
# schema itself is made from it in the test's worker only (schemathesis and hypothesis are
# slow to import, and every worker collects every module).
DOCUMENT = create_app(Settings()).openapi()
OPERATIONS = [(method.upper(), path) for path, methods in DOCUMENT["paths"].items()
              for method in methods if (method, path) != ("post", "/cypher")]


@pytest.fixture(scope="module")
def contract() -> BaseSchema:
    """The OpenAPI document as schemathesis reads it. Calls go to the fixture's app, which
    holds the real store."""
    import schemathesis

    return schemathesis.openapi.from_dict(DOCUMENT)


# One pytest item per operation, named by it (schemathesis's own parametrisation gives its
# items one node id under pytest 9, and xdist's group scheduler then runs one of them).
@pytest.mark.parametrize(("method", "path"), OPERATIONS,
                         ids=[f"{method} {path}" for method, path in OPERATIONS])
def test_contract(method: str, path: str, contract: BaseSchema, api_app: FastAPI) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    @given(case=contract[path][method].as_strategy())
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
def test_cypher_contract(body: dict[str, Any], contract: BaseSchema, api_app: FastAPI) -> None:
    case = contract["/cypher"]["POST"].Case(body=body, media_type="application/json")
    case.call_and_validate(app=api_app)
