"""The wheel carries everything `kg` reads: built, installed into a fresh virtual environment
outside the checkout, and run from a directory outside it.

How, and why this way (fast, and no network):

* The wheel is built from a copy of the project's files in a temporary directory, with
  the project venv's setuptools and no build isolation: building in the checkout would leave
  ``build/`` there, whose stale files can end up in later wheels; an isolated build would
  download setuptools.
* The fresh venv has no pip and no packages. The project venv's pip installs the wheel into
  it (``pip --python``) with ``--no-deps``; the dependencies come from the project venv's
  site-packages through one ``.pth`` line. That line adds the directory as a path only (the
  ``.pth`` files in it, among them the editable install's hook, are not run), so every
  module of the project is imported from the wheel, and the test checks that it is.
* The commands run with the working directory in the temporary directory, PYTHONPATH unset
  and KG_HOME pointing there: nothing of the checkout can be found by accident.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from tests.helpers.paths import ROOT
from tests.helpers.serve import free_port, http_get, serving

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION = PROJECT["version"]
PACKAGES = ("core", "loaders", "graph", "queries", "api", "cli")
PACKAGED_FILES = ("ontology.ttl", "shapes.ttl", "graphstyle.grass", "guide.html")

pytestmark = [pytest.mark.falkordb, pytest.mark.wheel, pytest.mark.slow]


@dataclass
class Installed:
    wheel: Path
    venv: Path
    run_dir: Path  # outside the checkout; commands run here
    env: dict[str, str]

    @property
    def kg(self) -> str:
        return str(self.venv / "bin" / "kg")

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.kg, *args], cwd=self.run_dir, env=self.env,
                              capture_output=True, text=True, timeout=timeout)


def _copy_sources(target: Path) -> Path:
    ignore = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".kg", ".*_cache", ".hypothesis", "tests", "bench")
    # symlinks=True: core/data links to the files at the root, as in the checkout.
    shutil.copytree(ROOT, target, symlinks=True, ignore=ignore)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    assert not base.is_relative_to(ROOT)
    source = _copy_sources(base / "src")
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "--quiet", "--wheel-dir", str(dist), str(source)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "--no-index", "--quiet", str(wheel)], check=True, capture_output=True,
                   timeout=300)
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], check=True, capture_output=True, text=True
                             ).stdout.strip()
    (Path(purelib) / "_project_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run_dir = base / "elsewhere"
    run_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("KG_")}
    env["KG_HOME"] = str(base / "home")
    return Installed(wheel=wheel, venv=venv, run_dir=run_dir, env=env)


def test_the_wheel_carries_the_packaged_files_as_files(installed: Installed) -> None:
    assert installed.wheel.name == f"workplan_kg-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(installed.wheel) as whl:
        names = set(whl.namelist())
        for name in PACKAGED_FILES:
            info = whl.getinfo(f"core/data/{name}")
            assert info.file_size > 1000, name  # the file itself, not a link
        assert "loaders/corpus/2015-digital-fujian-work-points.txt" in names
        assert "queries/tasks_by_agency.cypher" in names
        dist_info = f"workplan_kg-{VERSION}.dist-info"
        assert f"{dist_info}/licenses/LICENSE" in names
        metadata = whl.read(f"{dist_info}/METADATA").decode()
    assert "License-Expression: Apache-2.0" in metadata


def test_the_project_is_imported_from_the_wheel(installed: Installed) -> None:
    code = (
        "import json, importlib\n"
        "from core import resources\n"
        f"modules = [importlib.import_module(m).__file__ for m in {PACKAGES!r}]\n"
        f"files = [str(resources.path(n)) for n in {PACKAGED_FILES!r}]\n"
        "print(json.dumps({'modules': modules, 'files': files, 'version': resources.version()}))\n"
    )
    out = subprocess.run([str(installed.venv / "bin" / "python"), "-c", code],
                         cwd=installed.run_dir, env=installed.env, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    found = json.loads(out)
    for path in found["modules"] + found["files"]:
        assert Path(path).is_relative_to(installed.venv), path
        assert not Path(path).resolve().is_relative_to(ROOT), path
    assert found["version"] == VERSION


def test_version(installed: Installed) -> None:
    result = installed.run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"kg {VERSION}"


def test_extract(installed: Installed) -> None:
    result = installed.run("extract", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["tasks"]) == 38


@pytest.fixture(scope="module")
def served(installed: Installed) -> Iterator[str]:
    """`kg serve` of the installed wheel (it loads the bundled plan into the empty store)."""
    port = free_port()
    with serving([installed.kg, "serve", "--port", str(port)], cwd=installed.run_dir,
                 env=installed.env, port=port, timeout=90) as (_, url):
        yield url


def test_serve_guide_and_health(served: str) -> None:
    guide = http_get(served + "/guide", timeout=30)
    assert guide.status_code == 200 and guide.headers["content-type"].startswith("text/html")
    assert "<slide" in guide.text
    health = http_get(served + "/health", timeout=30).json()
    assert health["version"] == VERSION and health["documents"] == 1


def test_export_ttl_reads_the_store(installed: Installed, served: str) -> None:
    # `served` loaded the bundled plan into the store: export reads it, without a note.
    result = installed.run("export", "--format", "ttl")
    assert result.returncode == 0, result.stderr
    assert "bundled plan" not in result.stderr
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) > 1000


def test_validate(installed: Installed, served: str) -> None:
    result = installed.run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Conforms: yes")
