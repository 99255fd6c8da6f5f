"""Time the derivation engine.

1. ``symact derive NAME --order 2 --json`` for every record, each in a cold process
   (median of --repeat runs per record);
2. the whole catalogue, orders 1-2 with forms in terms of f, in one process.

Writes ``benchmarks/results/derive.md``.  Targets (issue 2): catalogue in one process
< 60 s; a single cold ``symact derive sigmoid --json`` < 2 s.

Usage: python benchmarks/derive.py [--repeat 3] [--skip-cold]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cold(name: str, repeat: int) -> float:
    times = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _ in range(repeat):
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "symact", "derive", name, "--order", "2", "--json"],
                              capture_output=True, env=env)
        times.append(time.perf_counter() - t)
        if proc.returncode != 0:
            raise SystemExit(f"{name}: exit {proc.returncode}: {proc.stderr.decode()}")
    return statistics.median(times)


def one_process() -> tuple[float, list[tuple[str, float]]]:
    code = (
        "import time, json, sys\n"
        "t0 = time.perf_counter()\n"
        "import symact\n"
        "from symact.derive import derive\n"
        "rows = []\n"
        "for a in symact.all_activations():\n"
        "    t = time.perf_counter(); derive(a, (1, 2)); rows.append((a.name, time.perf_counter() - t))\n"
        "print(json.dumps([time.perf_counter() - t0, rows]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True).stdout
    import json

    total, rows = json.loads(out)
    return total, rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-cold", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import symact

    names = symact.names()
    total, rows = one_process()
    lines = [
        "# Derivation benchmark",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        f"Whole catalogue ({len(rows)} records), orders 1-2 with forms in terms of f, one process "
        f"(including imports): **{total:.1f} s** (target < 60 s).",
        "",
    ]
    colds = {}
    if not args.skip_cold:
        for n in names:
            colds[n] = cold(n, args.repeat)
            print(f"{n}: cold {colds[n]:.2f} s", file=sys.stderr)
    lines += ["| activation | in one process (s) | cold `symact derive NAME --order 2 --json` (s, median) |", "|---|---:|---:|"]
    for name, t in rows:
        c = f"{colds[name]:.2f}" if name in colds else "-"
        lines.append(f"| {name} | {t:.2f} | {c} |")
    if colds:
        lines += ["", f"Cold runs: median over records {statistics.median(colds.values()):.2f} s, "
                      f"sigmoid {colds.get('sigmoid', float('nan')):.2f} s (target < 2 s), max {max(colds.values()):.2f} s."]
    out = ROOT / "benchmarks" / "results" / "derive.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
