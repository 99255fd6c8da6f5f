"""Time proving the whole catalogue in one process, and count the claims by status.

Each run is a fresh Python process that imports symact, proves the 14 properties of every
catalogue record at its default parameters (every certificate re-verified by the checker
before it is returned, as always), proves the relations between activations, and then
re-checks every certificate once more in a fresh checker session (the cost of independent
verification on its own).  Wall-clock and CPU times are measured in that process; the load
average of the machine is recorded with them, because the 2-core box is shared.

Target (issue 3): the catalogue in one process in under 120 s; goal: no ``unknown``.

Writes ``benchmarks/results/prove_catalog.md`` and ``prove_catalog.json``.

Usage: python benchmarks/prove_catalog.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

CHILD = r"""
import json, os, time
t0 = time.perf_counter(); c0 = time.process_time()
import symact
from symact.catalog import BUILTIN
from symact.prove import prove, relations
from symact import certificate as C
t_import = time.perf_counter() - t0
rows = []
for act in BUILTIN:
    t = time.perf_counter(); c = time.process_time()
    pr = prove(act)
    counts = pr.counts()
    unknown = [[cl.property, cl.reason] for cl in pr.claims if cl.status != "proved"]
    methods = sorted({cl.method for cl in pr.claims if cl.status == "proved"})
    enclosed = [cl.property for cl in pr.claims if cl.enclosure is not None]
    rows.append({"name": act.name, "wall": time.perf_counter() - t, "cpu": time.process_time() - c,
                 "counts": counts, "unknown": unknown, "enclosed": enclosed})
t = time.perf_counter()
rels = relations()
t_rel = time.perf_counter() - t
t_prove_total = time.perf_counter() - t0
cpu_prove_total = time.process_time() - c0
# independent re-check of every certificate, fresh session per activation, with the
# checker's caches (limits, derivatives, compiled interval functions) and SymPy's cache cleared
import sympy
from symact import intervals
C._limit_cached.cache_clear(); C._diff.cache_clear(); intervals._compiled.cache_clear()
sympy.core.cache.clear_cache()
t = time.perf_counter()
rejected = []
for act in BUILTIN:
    session = C.new_session(act)
    for cl in prove(act).claims:
        if cl.certificate is not None and cl.status == "proved":
            ok, note = C.check(cl.certificate, act, session)
            if not ok:
                rejected.append([act.name, cl.property, note])
t_recheck = time.perf_counter() - t
print(json.dumps({"import": t_import, "rows": rows, "relations": [[r.value, r.status] for r in rels],
                  "relations_wall": t_rel, "total_wall": t_prove_total, "total_cpu": cpu_prove_total,
                  "recheck_wall": t_recheck, "rejected": rejected}))
"""


def run_once() -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    load_before = os.getloadavg()
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, env=env, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{proc.stderr}")
    data = json.loads(proc.stdout)
    data["load_before"] = load_before
    data["load_after"] = os.getloadavg()
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="fresh processes to run (median reported)")
    args = ap.parse_args()
    runs = [run_once() for _ in range(args.repeat)]
    totals = [r["total_wall"] for r in runs]
    cpus = [r["total_cpu"] for r in runs]
    med = statistics.median(totals)
    best = runs[totals.index(min(totals))]
    counts: dict[str, int] = {}
    for row in best["rows"]:
        for k, v in row["counts"].items():
            counts[k] = counts.get(k, 0) + v
    import mpmath
    import sympy

    lines = [
        "# Proving the catalogue (benchmarks/prove_catalog.py)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SymPy {sympy.__version__}, mpmath {mpmath.__version__}.",
        f"Load average (1 min) before/after each run: "
        + ", ".join(f"{r['load_before'][0]:.2f}/{r['load_after'][0]:.2f}" for r in runs)
        + " (the box is shared: wall-clock times grow with other processes' load; CPU time does less).",
        "",
        f"**Whole catalogue ({len(best['rows'])} activations x 14 properties) in one process, including "
        f"import and the relations: median {med:.1f} s wall over {len(runs)} fresh processes "
        f"(runs: {', '.join(f'{t:.1f}' for t in totals)} s; CPU {', '.join(f'{c:.1f}' for c in cpus)} s). Target: < 120 s.**",
        "",
        f"Claims by status: {', '.join(f'{k} {v}' for k, v in sorted(counts.items()))} "
        f"(of {sum(counts.values())}); relations between activations: "
        f"{sum(1 for _, s in best['relations'] if s == 'proved')} of {len(best['relations'])} proved.",
        f"Every proved claim's certificate re-checked once more in fresh checker sessions: "
        f"{best['recheck_wall']:.1f} s with cold caches (the checker's limits, derivatives and compiled interval functions, and SymPy's cache, cleared first), "
        f"{len(best['rejected'])} rejected.",
        "",
        "Per activation (fastest run): wall / CPU seconds, proved claims, claims whose value is an interval enclosure.",
        "",
        "| activation | wall s | CPU s | proved | unknown | enclosed values |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in best["rows"]:
        c = row["counts"]
        lines.append(f"| {row['name']} | {row['wall']:.2f} | {row['cpu']:.2f} | {c.get('proved', 0)} | {c.get('unknown', 0)} | {', '.join(row['enclosed'])} |")
    unknown = [(row["name"], p, why) for row in best["rows"] for p, why in row["unknown"]]
    if unknown:
        lines += ["", "Unknown claims:", ""] + [f"- {n} {p}: {why}" for n, p, why in unknown]
    lines.append("")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "prove_catalog.md").write_text("\n".join(lines), encoding="utf-8")
    (RESULTS / "prove_catalog.json").write_text(json.dumps({"runs": runs}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
