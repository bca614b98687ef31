"""Access to the rule data files in ``loaders/data`` (loaded once)."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from loaders.agencies import DATA_DIR


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>.toml``."""
    with (DATA_DIR / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)
