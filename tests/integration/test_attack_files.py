"""Document files that are not documents: a FIFO, a device, a directory, a huge file.

``kg extract`` and ``kg load`` refuse each with one line and exit code 2, at once, having
read at most the size limit + 1 bytes. The commands run as processes with a memory limit
and a time limit of their own, so that a regression cannot hang or exhaust the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import InputError
from loaders.source import read_source
from tests.helpers.paths import ROOT

MEMORY_LIMIT = 1024 * 2**20


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT))


def kg(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "KG_HOME": str(tmp_path / "home"), **env}
    try:
        return subprocess.run([sys.executable, "-m", "cli", *args], cwd=tmp_path, env=environment,
                              capture_output=True, text=True, timeout=60, preexec_fn=_limited,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"kg {' '.join(args)} did not finish in 60 s")


def assert_refused(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 2, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert words in lines[0], lines[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "plan.txt"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", ["extract", "load"])
def test_a_fifo_is_refused_without_waiting(tmp_path: Path, fifo: Path, command: str) -> None:
    assert_refused(kg(tmp_path, command, str(fifo)), "not a regular file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_without_reading(tmp_path: Path, device: str) -> None:
    assert_refused(kg(tmp_path, "extract", device), "not a regular file")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert_refused(kg(tmp_path, "load", str(tmp_path)), "is a directory")


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes("（一）建设政务云平台。".encode() * 60_000)  # 1.9 MB
    assert_refused(kg(tmp_path, "extract", str(big), KG_SOURCE_MAX_MB="1"), "setting source_max_mb")


def test_no_more_than_the_limit_is_read_when_the_size_is_unknown(tmp_path: Path) -> None:
    # /proc files are regular files that say they are empty; the limit still holds.
    with pytest.raises(InputError, match="larger than 100 bytes"):
        read_source("/proc/self/maps", max_bytes=100)
    plan = tmp_path / "plan.txt"
    plan.write_text("（一）建设政务云平台。（省发改委负责）\n", encoding="utf-8")
    assert read_source(plan, max_bytes=len(plan.read_bytes())).text.startswith("（一）")
    with pytest.raises(InputError, match="source_max_mb"):
        read_source(plan, max_bytes=10)


def test_the_loader_default_limit_is_the_setting_default() -> None:
    # loaders/source.py reads the limit without loading the settings when it is not set.
    from core.config import Settings
    from loaders.source import SOURCE_MAX_MB

    assert Settings.model_fields["source_max_mb"].default == SOURCE_MAX_MB
