"""Settings read from the environment: what an empty or a set ``KG_HOME`` means."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Settings, default_home


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_home_is_the_per_user_default_not_the_current_directory(
        value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_HOME", value)
    settings = Settings()
    assert settings.home == default_home().absolute() != tmp_path
    assert settings.home_origin() == "per-user default"


def test_a_home_from_the_environment_is_used_and_named(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KG_HOME", str(tmp_path / "mine"))
    settings = Settings()
    assert settings.home == tmp_path / "mine"
    assert settings.home_origin() == "KG_HOME"
