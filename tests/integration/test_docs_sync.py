"""What the README and the changelog state, kept equal to what the code does: the settings
table, the runtime dependencies with their licences, and one version everywhere."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest
from fastapi.testclient import TestClient
from packaging.requirements import Requirement

from core import resources
from core.config import Settings, readme_with_settings
from tests.helpers.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_readme_settings_table_is_the_settings() -> None:
    assert readme_with_settings(README) == README, \
        "the README's settings table is out of date: run `python -m core.config --write-readme`"
    for name in Settings.model_fields:
        assert f"`KG_{name.upper()}`" in README


def test_every_runtime_dependency_has_its_licence_in_the_readme() -> None:
    section = README[README.index("## Licences"):]
    table = section[:section.index("**What that means")]
    for requirement in PYPROJECT["project"]["dependencies"]:
        name = Requirement(requirement).name
        assert re.search(rf"(^|[\s|,(]){re.escape(name)}([\s|,)]|$)", table, re.M), name
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")


def newest_changelog_version() -> str:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    match = re.search(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", text, re.M)
    assert match, "no released version in CHANGELOG.md"
    return match.group(1)


@pytest.mark.falkordb
def test_one_version_everywhere(api_client: TestClient) -> None:
    version = PYPROJECT["project"]["version"]
    assert newest_changelog_version() == version
    assert resources.version() == metadata.version("workplan-kg") == version
    assert api_client.get("/health").json()["version"] == version
    assert api_client.get("/openapi.json").json()["info"]["version"] == version
