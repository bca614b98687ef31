"""CLI start-up: how long `kg --help`, `kg --version` and `kg extract --json` take as new
processes, against the bare interpreter started the same way in the same run.

Reports, per command, the median wall time and the median CPU time (user + system of the
child; steadier than wall time on a shared machine), and both as ratios to ``python -c pass``.
What a command imports is the usual cause of a slow start: ``python -X importtime -m cli …``
shows it, and tests/integration/test_cli_imports.py keeps the heavy modules out of ``--help``.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from typing import Any

COMMANDS: dict[str, list[str]] = {
    "python -c pass (reference)": ["-c", "pass"],
    "kg --version": ["-m", "cli", "--version"],
    "kg --help": ["-m", "cli", "--help"],
    "kg extract --json": ["-m", "cli", "extract", "--json"],
}


def _once(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "COLUMNS": "100"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run(repeats: int = 15) -> dict[str, Any]:
    results: dict[str, dict[str, float]] = {}
    for args in COMMANDS.values():  # warm the file cache and the bytecode
        _once(args)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for _ in range(repeats):  # interleaved, so load changes hit every command alike
        for name, args in COMMANDS.items():
            samples[name].append(_once(args))
    reference = statistics.median(w for w, _ in samples["python -c pass (reference)"])
    reference_cpu = statistics.median(c for _, c in samples["python -c pass (reference)"])
    for name, runs in samples.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        results[name] = {"wall_ms": round(wall * 1000, 1), "cpu_ms": round(cpu * 1000, 1),
                         "wall_ratio": round(wall / reference, 2),
                         "cpu_ratio": round(cpu / reference_cpu, 2)}
        print(f"{name:<28} wall {wall * 1000:7.1f} ms ({wall / reference:5.1f}× python)   "
              f"cpu {cpu * 1000:7.1f} ms ({cpu / reference_cpu:5.1f}× python)")
    return results


if __name__ == "__main__":
    run()
