"""Plain helpers the tests import: sample graphs, store settings, the Bolt test server, the
in-process CLI runner, the real-page scorer. Fixtures live in ``tests/fixtures``."""
