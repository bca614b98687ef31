"""When ``import loaders`` takes the compiled reader: only a build of the sources as they are."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from loaders import compiled


@pytest.fixture
def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(compiled, "BUILD", tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delenv("KG_PURE_PYTHON", raising=False)
    return tmp_path


def test_a_build_of_these_sources_goes_first_on_the_package_path(build: Path) -> None:
    (build / compiled.DIGEST_FILE).write_text(compiled.source_digest() + "\n")
    path = ["/src/loaders"]
    assert compiled.enable(path)
    assert path == [str(build / "loaders"), "/src/loaders"]
    assert sys.path[-1] == str(build)


def test_a_build_of_other_sources_is_not_used(build: Path) -> None:
    (build / compiled.DIGEST_FILE).write_text("0" * 64 + "\n")
    path = ["/src/loaders"]
    assert not compiled.enable(path)
    assert path == ["/src/loaders"]


def test_no_build_is_no_build(build: Path) -> None:
    assert not compiled.is_current()
    assert not compiled.enable([])


def test_pure_python_when_asked(build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (build / compiled.DIGEST_FILE).write_text(compiled.source_digest() + "\n")
    monkeypatch.setenv("KG_PURE_PYTHON", "1")
    path: list[str] = []
    assert not compiled.enable(path)
    assert path == []


def test_the_digest_follows_every_compiled_source(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    for name in compiled.MODULES:
        (tmp_path / f"{name}.py").write_bytes((compiled.PACKAGE / f"{name}.py").read_bytes())
    monkeypatch.setattr(compiled, "PACKAGE", tmp_path)
    before = compiled.source_digest()
    assert before == compiled.source_digest()
    (tmp_path / "tasks.py").write_text((tmp_path / "tasks.py").read_text() + "\n# edited\n")
    assert compiled.source_digest() != before
