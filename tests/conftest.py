"""The shared fixtures are pytest plugins in tests/fixtures; plain helpers in tests/helpers.

Tiers: ``tests/unit`` runs in this process alone (no server, browser or child process);
``tests/integration`` talks to real servers (FalkorDB, the Bolt test server, Neo4j),
drives Chromium, runs the CLI or the built wheel as processes.
"""

import pytest

pytest_plugins = (
    "tests.fixtures.environment",
    "tests.fixtures.stores",
    "tests.fixtures.graphs",
    "tests.fixtures.api",
)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move what collection made (modules, test items, the app built at import) out of the
    garbage collector's sight: it lives to the end of the run, and every full collection
    would walk it again (5–10 % of the suite's CPU, in paired runs)."""
    import gc

    gc.collect()
    gc.freeze()
