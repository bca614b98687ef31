"""The shared fixtures are pytest plugins in tests/fixtures; plain helpers in tests/helpers.

Tiers: ``tests/unit`` runs in this process alone (no server, browser or child process);
``tests/integration`` talks to real servers (FalkorDB, the Bolt test server, Neo4j),
drives Chromium, runs the CLI or the built wheel as processes.
"""

pytest_plugins = (
    "tests.fixtures.environment",
    "tests.fixtures.stores",
    "tests.fixtures.graphs",
    "tests.fixtures.api",
)
