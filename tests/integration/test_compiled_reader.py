"""The compiled reader (``make compiled``) reads every document as the Python sources do.

Both read the same documents in child processes: the bundled plan, the other bundled
fixtures, and one real page in four (Traditional pages, tables and pages cut off among them);
the JSON of each reading must be equal. The rest of the suite reads with the compiled reader;
the doctests of the compiled modules run here, on the sources.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import BUNDLED_DOCUMENT, compiled

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"

pytestmark = pytest.mark.skipif(
    not compiled.is_current(),
    reason="the compiled reader is not built, or is older than the sources (make compiled)")

READ_ALL = """
import json, sys
import loaders
from loaders import read_document
from loaders.records import to_json

if loaders.COMPILED != (sys.argv[1] == "compiled"):
    raise SystemExit(f"expected the {sys.argv[1]} reader")
out = {}
for path in sys.argv[2:]:
    try:
        out[path] = to_json(read_document(path))
    except Exception as exc:  # a refused page must be refused alike
        out[path] = f"{type(exc).__name__}: {exc}"
print(json.dumps(out, ensure_ascii=False))
"""


def _documents() -> list[str]:
    real = sorted((DATA / "real").glob("*.txt"))
    others = sorted(p for p in DATA.iterdir() if p.is_file())
    return [str(p) for p in [BUNDLED_DOCUMENT, *others, *real[::4]]]


def _read(kind: str, documents: list[str]) -> dict[str, object]:
    env = {**os.environ, "KG_PURE_PYTHON": "0" if kind == "compiled" else "1"}
    done = subprocess.run([sys.executable, "-c", READ_ALL, kind, *documents], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    readings: dict[str, object] = json.loads(done.stdout)
    return readings


def test_the_compiled_reader_reads_as_the_sources_do() -> None:
    documents = _documents()
    assert len(documents) > 100
    pure, fast = _read("pure", documents), _read("compiled", documents)
    differ = [path for path in documents if pure[path] != fast[path]]
    assert differ == []
    assert sum(isinstance(r, dict) for r in pure.values()) > 100  # most of them read


def test_the_doctests_of_the_compiled_modules_hold_on_the_sources() -> None:
    files = [f"loaders/{name}.py" for name in compiled.MODULES]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--doctest-modules", *files],
        cwd=ROOT, env={**os.environ, "KG_PURE_PYTHON": "1"}, capture_output=True, text=True,
        timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout.splitlines()[-1]
