"""Accuracy of symact's kernels under the accuracy contract, over the catalogue, at the default
parameters and at three other values of the parameters of every parametric record.

The contract (stated once, in ``symact/kernels/measure.py``, and applied by
:func:`symact.kernels.measure`): for f, f', f'' in float64, float32 and float16, at most B ULP
(B = 4; 2 for sigmoid and softplus at their defaults) wherever the true value is a normal number,
tails included; within 1 ULP of the subnormal spacing below the normal range; the only
relaxation is 4 eps |x g'(x)| inside a window |x - r| <= ROOT_WINDOW |r| around a non-zero root
r of the function g computed.  The points: :func:`symact.kernels.contract_points` (log-uniform
over every finite float of the dtype, both tails, the special points, the kinks and their
neighbours, and extra points around every root and wherever the result turns subnormal, underflows
or overflows).  +-inf must give the limits, NaN must give NaN ("nan" counts failures).

Each cell lists the largest error in ULPs (normal results), the largest error over the bound
(<= 1 passes) and the worst point: x, the value returned and the true value.  With ``--before
REPO`` the same points are also given to the kernels of another checkout (the code before a
change) and measured the same way.  At the default parameters the usual alternatives are
measured too (float64): SymPy's ``lambdify``, SciPy's formulas, PyTorch (when installed).

Run from the repository root:  ``PYTHONPATH=. python benchmarks/accuracy.py [--n N] [--before /work/main]``
Writes ``benchmarks/results/accuracy.md`` and ``accuracy.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from symact import kernels as K  # noqa: E402
from symact.catalog import BUILTIN, get  # noqa: E402
from symact.results import Accuracy  # noqa: E402

RESULTS = os.path.join(os.path.dirname(__file__), "results")
DTYPES = (np.float64, np.float32, np.float16)
L = 0.30000000000000004
#: three parameter values besides the defaults, for every parametric record
VARIANTS: dict[str, list[dict[str, object]]] = {
    "leaky_relu": [{"negative_slope": 0.2}, {"negative_slope": 0.1}, {"negative_slope": 0.3}],
    "prelu": [{"a": 0.1}, {"a": 0.5}, {"a": 0.3}],
    "hard_tanh": [{"min_val": -2, "max_val": 2}, {"min_val": -0.5, "max_val": 3}, {"min_val": -L, "max_val": L}],
    "softshrink": [{"lambd": L}, {"lambd": 1}, {"lambd": 2.2250738585072014e-308}],
    "hardshrink": [{"lambd": L}, {"lambd": 1}, {"lambd": 2.2250738585072014e-308}],
    "elu": [{"alpha": 0.5}, {"alpha": 2}, {"alpha": 0.1}],
    "selu": [{"alpha": 1, "lambda": 1}, {"alpha": 2, "lambda": 1.5}, {"alpha": 1.6732632423543772, "lambda": 1.0507009873554805}],
    "celu": [{"alpha": 0.5}, {"alpha": 2}, {"alpha": 3}],
    "softplus": [{"beta": 0.5}, {"beta": 3}, {"beta": 20}],
    "swish_beta": [{"beta": 0.5}, {"beta": 1.702}, {"beta": 2}],
    "squareplus": [{"b": 1}, {"b": 0.5}, {"b": 16}],
}


def _lambdified(act, order):
    """SymPy's lambdify of the engine's expression (piecewise records give numpy.select)."""
    import sympy as sp

    from symact.derive import derivative
    from symact.spec import x

    expr = act.expr if order == 0 else derivative(act, order)
    if isinstance(expr, sp.Piecewise):
        expr = sp.piecewise_fold(expr)
    fn = sp.lambdify(x, expr, modules=["numpy", "scipy"])

    def call(xs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                y = np.asarray(fn(xs), dtype=np.float64)
        return np.broadcast_to(y, np.shape(xs)).astype(xs.dtype) if np.ndim(y) == 0 or y.shape != np.shape(xs) else y.astype(xs.dtype)

    return call


def _scipy(name, order):
    try:
        from scipy import special as S
    except ImportError:
        return None
    table = {
        ("sigmoid", 0): lambda x: S.expit(x),
        ("sigmoid", 1): lambda x: S.expit(x) * S.expit(-x),
        ("log_sigmoid", 0): lambda x: S.log_expit(x),
        ("softplus", 0): lambda x: -S.log_expit(-x),
        ("softplus", 1): lambda x: S.expit(x),
        ("silu", 0): lambda x: x * S.expit(x),
        ("silu", 1): lambda x: S.expit(x) * (1 + x * (1 - S.expit(x))),
        ("gelu", 0): lambda x: x * S.ndtr(x),
        ("gelu", 1): lambda x: S.ndtr(x) + x * np.exp(-x * x / 2) / math.sqrt(2 * math.pi),
        ("tanh", 1): lambda x: 4 * S.expit(2 * x) * S.expit(-2 * x),
    }
    fn = table.get((name, order))
    if fn is None:
        return None

    def call(xs):
        with np.errstate(all="ignore"):
            return np.asarray(fn(xs)).astype(xs.dtype)

    return call


def _fmt(acc):
    if acc is None:
        return ""
    if isinstance(acc, Exception):
        return f"error ({type(acc).__name__})"
    u = acc.max_ulp
    s = "inf" if math.isinf(u) else (f"{u:.3g}" if u < 1e4 else f"{u:.1e}")
    r = acc.max_ratio
    s += f" ({r:.2f})" if r < 1e4 else f" ({r:.1e})"
    if acc.nan_bad:
        s += f" nan:{acc.nan_bad}"
    if not acc.passed:
        s = f"**{s}**"
    return s


def _worst(acc):
    if acc is None or isinstance(acc, Exception):
        return ""
    return f"x={acc.worst_x:.6g}: {acc.worst_got:.6g} vs {acc.worst_want:.6g}"


def _try(fn):
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - a competitor that fails is reported as such
        return exc


def _cells(args):
    acts = [a for a in BUILTIN if not args.only or a.name in args.only]
    for act in acts:
        if not args.variants_only:
            yield act, {}
        if not args.no_variants:
            for kw in VARIANTS.get(act.name, []):
                yield act.with_params(**kw), kw


def _before(repo, jobs):
    """The kernels of another checkout on the given points: {(name, kw, order, dtype): outputs}."""
    d = tempfile.mkdtemp(prefix="symact_before_")
    arrays = {}
    spec = []
    for i, (name, kw, order, dt, xs) in enumerate(jobs):
        xs_all = np.concatenate([xs, np.array([np.inf, -np.inf, np.nan], dtype=dt)])
        arrays[f"x{i}"] = xs_all
        spec.append([name, {k: repr(v) if isinstance(v, float) else v for k, v in kw.items()}, order])
    np.savez(os.path.join(d, "in.npz"), **arrays)
    with open(os.path.join(d, "spec.json"), "w") as fh:
        json.dump(spec, fh)
    code = (
        "import json, sys, warnings, numpy as np, symact\n"
        "warnings.simplefilter('ignore')\n"
        f"d = {d!r}\n"
        "spec = json.load(open(d + '/spec.json')); data = np.load(d + '/in.npz'); out = {}\n"
        "for i, (name, kw, order) in enumerate(spec):\n"
        "    act = symact.get(name).with_params(**kw) if kw else symact.get(name)\n"
        "    try:\n"
        "        with np.errstate(all='ignore'):\n"
        "            out['y%d' % i] = np.asarray(act.kernel(order)(data['x%d' % i]))\n"
        "    except Exception as exc:\n"
        "        print('before:', name, kw, order, exc, file=sys.stderr)\n"
        "np.savez(d + '/out.npz', **out)\n"
    )
    py = os.path.join(repo, ".venv", "bin", "python")
    subprocess.run([py if os.path.exists(py) else sys.executable, "-c", code], cwd=repo, check=True,
                   env={**os.environ, "PYTHONPATH": repo})
    res = np.load(os.path.join(d, "out.npz"))
    out = {}
    for i, (name, kw, order, dt, xs) in enumerate(jobs):
        if f"y{i}" in res:
            out[(name, json.dumps(kw, sort_keys=True), order, np.dtype(dt).name)] = (arrays[f"x{i}"], res[f"y{i}"])
    return out


def _lookup(xs_all, ys):
    table = {}
    n = len(xs_all) - 3
    table[xs_all[:n].tobytes()] = ys[:n]
    table[xs_all[n:].tobytes()] = ys[n:]

    def fn(xs):
        return table[np.ascontiguousarray(xs).tobytes()]

    return fn


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1500, help="sample points per dtype before the extra points (default 1500)")
    ap.add_argument("--only", nargs="*", help="activation names")
    ap.add_argument("--no-variants", action="store_true", help="the default parameters only")
    ap.add_argument("--variants-only", action="store_true", help="the other parameter values only")
    ap.add_argument("--before", metavar="REPO", help="also measure another checkout's kernels on the same points")
    ap.add_argument("--part", metavar="K/N", help="measure only every N-th cell starting at K (to run in several processes); "
                    "writes results/accuracy.partK.pickle instead of the tables")
    ap.add_argument("--tag", type=int, help="the part file's number (default K of --part)")
    ap.add_argument("--merge", type=int, metavar="N", help="write the tables from the N part files")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore", K.ContractWarning)  # the table shows every cell, passing or not
    import pickle

    if args.merge:
        rows, seconds = [], 0.0
        for k in range(args.merge):
            with open(os.path.join(RESULTS, f"accuracy.part{k}.pickle"), "rb") as fh:
                part_rows, part_args, part_seconds = pickle.load(fh)
            rows += part_rows
            seconds = max(seconds, part_seconds)
            args.n = part_args.n
            args.before = args.before or part_args.before  # the part measured with --before names the checkout
        order = {(a.name): i for i, a in enumerate(BUILTIN)}
        rows.sort(key=lambda r: (order[r["name"]], json.dumps(r["params"], sort_keys=True) != "{}", json.dumps(r["params"]), r["order"]))
        write(rows, args, seconds)
        for k in range(args.merge):
            os.remove(os.path.join(RESULTS, f"accuracy.part{k}.pickle"))
        return
    start = time.time()
    rows = []
    cells = list(_cells(args))
    if args.part:
        k, n = (int(v) for v in args.part.split("/"))
        cells = cells[k::n]
    for act, kw in cells:
        for order in (0, 1, 2):
            t0 = time.time()
            bound = K.contract_ulp(act, order)
            k = act.kernel(order)
            row = {"name": act.name, "params": kw, "order": order, "bound_ulp": bound,
                   "rules": "; ".join(", ".join(r.label for r in p.regimes) for p in k.info.pieces64), "float32_mode": k.info.float32}
            for dt in DTYPES:
                key = np.dtype(dt).name
                xs = K.contract_points(act, order, dt, n=args.n, seed=100 + order)
                row[f"points_{key}"] = xs
                row[f"symact_{key}"] = K.measure(k, act, order, dt, bound_ulp=bound, xs=xs)
            if not kw:
                xs = row["points_float64"]
                row["lambdify_float64"] = _try(lambda: K.measure(_lambdified(act, order), act, order, np.float64, bound_ulp=bound, xs=xs))
                sc = _scipy(act.name, order)
                row["scipy_float64"] = _try(lambda: K.measure(sc, act, order, np.float64, bound_ulp=bound, xs=xs)) if sc else None
            rows.append(row)
            print(f"{act.name:13s} {json.dumps(kw):40s} {order} {time.time() - t0:6.1f}s  f64 {_fmt(row['symact_float64'])}  "
                  f"f32 {_fmt(row['symact_float32'])}  f16 {_fmt(row['symact_float16'])}", flush=True)
    if args.before:
        jobs = [(r["name"], r["params"], r["order"], dt, r[f"points_{np.dtype(dt).name}"]) for r in rows for dt in DTYPES]
        old = _before(args.before, jobs)
        for r in rows:
            act = get(r["name"]).with_params(**r["params"]) if r["params"] else get(r["name"])
            for dt in DTYPES:
                key = (r["name"], json.dumps(r["params"], sort_keys=True), r["order"], np.dtype(dt).name)
                if key in old:
                    xs_all, ys = old[key]
                    r[f"before_{np.dtype(dt).name}"] = _try(lambda: K.measure(_lookup(xs_all, ys), act, r["order"], dt,
                                                                             bound_ulp=r["bound_ulp"], xs=xs_all[:-3]))
    if args.part:
        for r in rows:
            for key in [k for k in r if k.startswith("points_")]:
                del r[key]
        tag = args.tag if args.tag is not None else int(args.part.split("/")[0])
        with open(os.path.join(RESULTS, f"accuracy.part{tag}.pickle"), "wb") as fh:
            pickle.dump((rows, args, time.time() - start), fh)
        return
    write(rows, args, time.time() - start)


def write(rows, args, seconds):
    os.makedirs(RESULTS, exist_ok=True)
    before = bool(args.before)
    head = (
        "# Accuracy of the kernels under the contract (benchmarks/accuracy.py)\n\n"
        "Contract (symact/kernels/measure.py): at most B ULP where the true result is normal (B = 4; 2 for sigmoid and "
        "softplus at their defaults), tails included; 1 ULP of the subnormal spacing below the normal range; "
        f"4 eps |x g'(x)| added only within |x - r| <= {K.ROOT_WINDOW} |r| of a non-zero root r.  Points: "
        f"contract_points with n = {args.n} per dtype (every finite float's range, both tails, special points, kinks, "
        "roots, subnormal/underflow/overflow transitions); +-inf and NaN checked separately.\n"
        "Cells: max ULP (normal results) and, in brackets, max error / bound (<= 1 passes; failing cells in bold); "
        "`nan:k` = NaN for non-NaN input or wrong values at +-inf/NaN.  Worst point: x, value returned, true value.\n"
        f"Machine: {platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}. Run time {seconds:.0f} s."
        + (f"  'before' = the kernels of {args.before} on the same points, measured the same way (empty where that "
           "part of the run did not measure them)." if before else "") + "\n\n"
        "| activation | params | k | B | symact f64 | f32 | f16 | " + ("before f64 | before f32 | " if before else "")
        + "lambdify f64 | scipy f64 | worst point f64 | worst point f32 | rules (f64) |\n"
        "|---|---|---|---|---|---|---|" + ("---|---|" if before else "") + "---|---|---|---|---|\n"
    )
    lines = []
    for r in rows:
        kw = ", ".join(f"{k}={v!r}" for k, v in r["params"].items()) or "defaults"
        cells = [_fmt(r["symact_float64"]), _fmt(r["symact_float32"]), _fmt(r["symact_float16"])]
        if before:
            cells += [_fmt(r.get("before_float64")), _fmt(r.get("before_float32"))]
        cells += [_fmt(r.get("lambdify_float64")), _fmt(r.get("scipy_float64")), _worst(r["symact_float64"]), _worst(r["symact_float32"]), r["rules"]]
        lines.append(f"| {r['name']} | {kw} | {r['order']} | {r['bound_ulp']:g} | " + " | ".join(cells) + " |")
    keys = [f"symact_{np.dtype(dt).name}" for dt in DTYPES]
    passed = sum(1 for r in rows for k in keys if r[k].passed)
    total = len(keys) * len(rows)
    failing = [f"{r['name']}{'(' + ', '.join(f'{k}={v!r}' for k, v in r['params'].items()) + ')' if r['params'] else ''} "
               f"order {r['order']} {k.split('_')[1]}" for r in rows for k in keys if not r[k].passed]
    # the closing figures: the worst ULP (normal results) and the worst error / bound per
    # activation and order over the dtypes, at the default parameters (after, and before when
    # measured) and over every parameter value measured
    worst: dict[tuple[str, int], list[float | None]] = {}

    def _acc(r, prefix):
        return [r.get(f"{prefix}_{np.dtype(dt).name}") for dt in DTYPES
                if isinstance(r.get(f"{prefix}_{np.dtype(dt).name}"), Accuracy)]

    for r in rows:
        w = worst.setdefault((r["name"], r["order"]), [None] * 6)
        accs, old = _acc(r, "symact"), _acc(r, "before")
        if not r["params"]:
            w[0], w[1] = max(a.max_ulp for a in accs), max(a.max_ratio for a in accs)
            if old:
                w[2], w[3] = max(a.max_ulp for a in old), max(a.max_ratio for a in old)
        w[4] = max([v for v in (w[4],) if v is not None] + [a.max_ulp for a in accs])
        w[5] = max([v for v in (w[5],) if v is not None] + [a.max_ratio for a in accs])

    def _g(v):
        return "" if v is None else (f"{v:.3g}" if v < 1e4 else f"{v:.1e}")

    summary = ["", "## Worst figures per activation and order (over float64, float32, float16)", "",
               "ULP = the largest error in ULPs where the true result is normal (near roots the contract allows "
               "more: 4 eps |x g'(x)|); ratio = the largest error over the contract's bound (<= 1 passes).", "",
               "| activation | k | ULP after (defaults) | ratio after | ULP before (defaults) | ratio before | ULP after (all parameters) | ratio after (all) |",
               "|---|---|---|---|---|---|---|---|"]
    for (name, order), w in worst.items():
        summary.append(f"| {name} | {order} | " + " | ".join(_g(v) for v in w) + " |")
    with open(os.path.join(RESULTS, "accuracy.md"), "w") as fh:
        fh.write(head + "\n".join(lines) + f"\n\nsymact kernels within the contract: {passed} of {total} cells."
                 + (f"  Not within: {'; '.join(failing)}." if failing else "") + "\n" + "\n".join(summary) + "\n")
    data = []
    for r in rows:
        d = {k: (v.to_json() if isinstance(v, Accuracy) else (repr(v) if isinstance(v, Exception) else v))
             for k, v in r.items() if not k.startswith("points_")}
        data.append(d)
    with open(os.path.join(RESULTS, "accuracy.json"), "w") as fh:
        json.dump({"n": args.n, "seconds": round(seconds, 1), "root_window": K.ROOT_WINDOW, "rows": data}, fh, indent=1, sort_keys=True)
    print(f"wrote {RESULTS}/accuracy.md: {passed}/{total} within the contract")


if __name__ == "__main__":
    main()
