"""Benchmark: `symact audit` of a 20-row table (target: under 60 s on 2 cores).

The table is the union of the two shipped tables (symact/data/tables/: 12 + 6 rows) and two
more rows, written as one Markdown table with every column.  Run:

    .venv/bin/python benchmarks/audit.py

It prints the wall-clock and CPU time and the verdict counts, and exits 1 over 60 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from symact import audit as A

COLS = [("name", "Name"), ("function", "Function"), ("derivative", "Derivative"), ("range", "Range"),
        ("continuity", "Order of continuity"), ("monotonic", "Monotonic"),
        ("derivative_monotonic", "Derivative monotonic"),
        ("identity_near_origin", "Approximates identity near the origin"), ("parameters", "Parameters")]
EXTRA = [
    {"name": "ReLU6", "function": r"\min(\max(0, x), 6)", "derivative": r"\begin{cases} 1 & 0 < x < 6 \\ 0 & x < 0 \end{cases}",
     "range": "[0, 6]", "continuity": "C^0", "monotonic": "Yes"},
    {"name": "Arctan", "function": r"\arctan(x)", "derivative": r"\frac{1}{1+x^2}", "range": r"(-\frac{\pi}{2}, \frac{\pi}{2})",
     "continuity": r"C^\infty", "monotonic": "Yes", "identity_near_origin": "Yes"},
]


def table_text() -> str:
    here = Path(A.__file__).parent / "data" / "tables"
    recs = []
    for name in ("errors.md", "wikipedia_2017.md"):
        recs += A.read_table(here / name).records()
    recs += EXTRA
    assert len(recs) == 20, len(recs)
    lines = ["| " + " | ".join(h for _, h in COLS) + " |", "|" + "---|" * len(COLS)]
    for r in recs:
        lines.append("| " + " | ".join(r.get(k, "").replace("|", "\\|") for k, _ in COLS) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "bench20.md"
        p.write_text(table_text(), encoding="utf-8")
        t0, c0 = time.perf_counter(), time.process_time()
        res = A.audit_file(p)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    slow = sorted(res.rows, key=lambda r: -r.seconds)[:3]
    print(f"20-row audit: {wall:.1f} s wall, {cpu:.1f} s CPU, {len(res.cells())} cells: {res.counts()}")
    print("slowest rows: " + ", ".join(f"{r.name} {r.seconds:.1f} s" for r in slow))
    return 0 if wall < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
