"""Are results independent of the time budget?  (They must be, for byte-identical output.)

Runs derive (orders 1-2), prove and the gradient analysis for the whole catalogue in fresh
processes with SYMACT_BUDGET = 2.5, 5 (the default) and 12 seconds, and compares the JSON.
A difference means some result sits on the edge of a budget: on a slower or busier machine
the same command would print something else.

Usage: python benchmarks/determinism.py [--budgets 2.5 5 12]
Writes benchmarks/results/determinism.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CODE = r"""
import json, sys
import symact
from symact.derive import derive
from symact.prove import prove
from symact.gradients import analyze
out = {}
for a in symact.catalog.BUILTIN:
    out[a.name] = {"derive": derive(a, (1, 2)).to_json(), "prove": prove(a).to_json(),
                   "gradient": analyze(a, depth=20, epsilon="1e-8").to_json()}
sys.stdout.write(json.dumps(out, sort_keys=True, default=str))
"""


def fingerprint(seconds: float) -> tuple[dict, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), SYMACT_BUDGET=str(seconds))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, env=env, check=True).stdout
    return json.loads(out), time.perf_counter() - t


def diff(a: object, b: object, path: str = "") -> list[str]:
    if type(a) is not type(b):
        return [f"{path}: {a!r:.80} | {b!r:.80}"]
    if isinstance(a, dict):
        return [d for k in sorted(set(a) | set(b)) for d in diff(a.get(k), b.get(k), f"{path}/{k}")]
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} | {len(b)}"]
        return [d for i, (p, q) in enumerate(zip(a, b)) for d in diff(p, q, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r:.80} | {b!r:.80}"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--budgets", type=float, nargs="+", default=[2.5, 5.0, 12.0])
    args = ap.parse_args()
    runs = {}
    for b in args.budgets:
        runs[b], secs = fingerprint(b)
        digest = hashlib.sha256(json.dumps(runs[b], sort_keys=True).encode()).hexdigest()[:16]
        print(f"budget {b:g} s: {secs:.1f} s wall, sha256 {digest}", file=sys.stderr)
    base = args.budgets[0]
    lines = ["# Determinism across time budgets", "",
             f"Catalogue of {len(runs[base])} activations: derive (orders 1-2), prove, gradient (depth 20), JSON compared.", ""]
    total = 0
    for b in args.budgets[1:]:
        d = diff(runs[base], runs[b])
        total += len(d)
        lines.append(f"- budget {base:g} s vs {b:g} s: {len(d)} differences")
        lines += [f"  - `{x}`" for x in d[:20]]
    lines.append("")
    lines.append("Result: " + ("identical at every budget." if total == 0 else f"{total} differences."))
    out = ROOT / "benchmarks" / "results" / "determinism.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
