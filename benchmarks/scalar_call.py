"""Cost of one kernel call on a scalar (issue 15: 18.5 us per call, scipy.special.expit 0.18 us).

A kernel called on a Python float, a Python int or a numpy float64/float32 scalar runs its
plan as one compiled straight-line Python function (``symact/kernels/arrays.py``,
``ScalarRunner``), bit for bit the array path's value (tests/test_arrays.py).  Measured here with
``timeit`` in interleaved rounds (each round times every call once, ``--number`` calls each), the
median of the rounds, in CPU time of the process (``time.process_time``: on the shared machine a
wall-clock timer counts the time other jobs hold the cores; wall-clock medians are recorded too), against scipy.special.expit and np.exp on the same scalar in the same run,
and against the array path the scalar call took before (``k._numpy(np.asarray(x))``).  Target:
under 2 us per call.

Run from the repository root:  ``PYTHONPATH=. python benchmarks/scalar_call.py [--rounds R] [--number N]``
Writes ``benchmarks/results/scalar_call.md`` and ``scalar_call.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import timeit

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import symact  # noqa: E402
from symact.fileio import write_file  # noqa: E402

RESULTS = os.path.join(os.path.dirname(__file__), "results")
TARGET_US = 2.0
KERNELS = [("sigmoid", 0), ("sigmoid", 1), ("silu", 0), ("tanh", 1), ("softplus", 0), ("relu", 1), ("gelu", 0),
           ("squareplus", 0)]


def cases() -> dict[str, tuple[object, object]]:
    """label -> (callable, argument)."""
    import scipy.special as sc

    c: dict[str, tuple[object, object]] = {
        "scipy.special.expit(float)": (sc.expit, 0.5),
        "np.exp(float)": (np.exp, 0.5),
    }
    for name, order in KERNELS:
        k = symact.kernel(name, order)
        lab = f"{name}{chr(39) * order}"
        c[f"{lab}(float)"] = (k, 0.5)
        c[f"{lab}(int)"] = (k, 3)
        c[f"{lab}(np.float64)"] = (k, np.float64(0.5))
        c[f"{lab}(np.float32)"] = (k, np.float32(0.5))
        c[f"{lab} array path (before)"] = ((lambda k: lambda v: k._numpy(np.asarray(v), None))(k), 0.5)
    vg = symact.value_and_grad("sigmoid")
    c["sigmoid value_and_grad(float)"] = (vg, 0.5)
    return c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--number", type=int, default=20000)
    args = ap.parse_args()
    c = cases()
    for fn, v in c.values():  # warm up (plans, caches)
        fn(v)
    load0 = os.getloadavg()
    times: dict[str, list[float]] = {k: [] for k in c}
    wall: dict[str, list[float]] = {k: [] for k in c}
    for _ in range(args.rounds):
        for lab, (fn, v) in c.items():
            t = timeit.Timer("f(v)", globals={"f": fn, "v": v}, timer=time.process_time).timeit(number=args.number)
            times[lab].append(t / args.number * 1e6)
            w = timeit.Timer("f(v)", globals={"f": fn, "v": v}).timeit(number=args.number)
            wall[lab].append(w / args.number * 1e6)
    load1 = os.getloadavg()
    med = {k: statistics.median(v) for k, v in times.items()}
    import scipy

    rep = {"machine": platform.machine(), "cpus": os.cpu_count(), "python": platform.python_version(),
           "numpy": np.__version__, "scipy": scipy.__version__, "rounds": args.rounds, "number": args.number,
           "loadavg_before_after": [list(load0), list(load1)], "median_us": med,
           "min_us": {k: min(v) for k, v in times.items()},
           "wall_median_us": {k: statistics.median(v) for k, v in wall.items()}}
    expit = med["scipy.special.expit(float)"]
    lines = ["# One kernel call on a scalar (us of CPU time per call, median of interleaved rounds)", "",
             f"Machine: {rep['machine']}, {rep['cpus']} CPUs, shared with other jobs; load average before / after "
             f"{', '.join(f'{v:.2f}' for v in load0)} / {', '.join(f'{v:.2f}' for v in load1)}. Python {rep['python']}, "
             f"numpy {rep['numpy']}, scipy {rep['scipy']}; {args.rounds} rounds of {args.number} calls.", "",
             f"References in the same run: scipy.special.expit(0.5) {expit:.3f} us, np.exp(0.5) {med['np.exp(float)']:.3f} us. "
             f"Target: under {TARGET_US:g} us.", "",
             "| call | median us (CPU) | min us (CPU) | median us (wall) | / expit | under target |", "|---|---|---|---|---|---|"]
    for lab in c:
        m = med[lab]
        tgt = "" if lab.startswith(("scipy", "np.")) or "before" in lab else ("yes" if m < TARGET_US else "NO")
        lines.append(f"| {lab} | {m:.3f} | {rep['min_us'][lab]:.3f} | {rep['wall_median_us'][lab]:.3f} | {m / expit:.1f} | {tgt} |")
    lines.append("")
    for name, order in KERNELS:
        k = symact.kernel(name, order)
        lab = f"{name}{chr(39) * order}"
        if k._sfn is None:
            lines.append(f"{lab}: no scalar function (its plan calls pow): the array path.")
        elif k._fast32 is None:
            lines.append(f"{lab}: its float32 plan runs in float32 arithmetic, which Python floats cannot: np.float32 takes the array path.")
    lines.append("")
    os.makedirs(RESULTS, exist_ok=True)
    write_file(os.path.join(RESULTS, "scalar_call.md"), "\n".join(lines), record=False, force=True)
    write_file(os.path.join(RESULTS, "scalar_call.json"), json.dumps(rep, indent=1, sort_keys=True) + "\n", record=False, force=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
