"""Tests against real parts: FalkorDB, the Bolt test server, Neo4j, Chromium, the built wheel,
the CLI and the API as processes."""
