"""``python -m loaders.compile``: build the compiled reader (see :mod:`loaders.compiled`).

Without a C compiler the build fails with one line and reading stays pure Python.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from loaders.compiled import BUILD, DIGEST_FILE, MODULES, ROOT, is_current, source_digest


def build() -> None:
    """Compile :data:`MODULES` into a fresh ``build/compiled`` (replaced whole at the end)."""
    from mypyc.build import mypycify
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    BUILD.parent.mkdir(parents=True, exist_ok=True)
    digest = source_digest()
    with tempfile.TemporaryDirectory(dir=BUILD.parent, prefix="compiling-") as work:
        out = Path(work) / "out"
        cwd = Path.cwd()
        os.chdir(ROOT)  # mypyc names modules by their path from here
        try:
            extensions = mypycify([f"loaders/{name}.py" for name in MODULES],
                                  group_name="loaders_compiled", multi_file=True,
                                  target_dir=str(Path(work) / "c"))
            dist = Distribution({"ext_modules": extensions})
            dist.verbose = 0  # one line per file copied is noise
            command = build_ext(dist)
            command.build_lib, command.build_temp = str(out), str(Path(work) / "temp")
            command.parallel = os.cpu_count() or 1
            command.ensure_finalized()
            command.run()
        finally:
            os.chdir(cwd)
        (out / DIGEST_FILE).write_text(digest + "\n")
        # The old build stops being current first: a process starting meanwhile reads the
        # sources, never half of the old build.
        (BUILD / DIGEST_FILE).unlink(missing_ok=True)
        shutil.rmtree(BUILD, ignore_errors=True)
        out.rename(BUILD)


def main(argv: list[str]) -> int:
    """Build unless current; ``--check``: only say whether the build is current."""
    if "--help" in argv or "-h" in argv:
        print("usage: python -m loaders.compile [--check]\n\n" + (__doc__ or ""))
        return 0
    if is_current():
        print(f"compiled reader: current ({BUILD})")
        return 0
    if "--check" in argv:
        print("compiled reader: not built, or older than the sources (make compiled)")
        return 1
    print("compiling the reader with mypyc (about two minutes)…", flush=True)
    try:
        build()
    except (Exception, SystemExit) as exc:  # no compiler, no headers: reading stays Python
        reason = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        print(f"compiled reader: not built ({reason}); reading runs as pure Python",
              file=sys.stderr)
        return 1
    print(f"compiled reader: built in {BUILD}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
