"""Where things are: the checkout, the test data, the screenshots of the browser tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SCREENSHOTS = ROOT / "tests" / "screenshots"
