"""Accuracy of symact's kernels next to the usual alternatives, for every catalogue activation.

For each activation and derivative order 0-2, in float64 and float32: the largest error in ULPs
(over inputs whose true value is a normal number) against the engine's expression evaluated by
mpmath at 60+ digits (:func:`symact.kernels.measure`), and the error relative to the contract
(<= 1 passes: 4 ULP, 2 for sigmoid and softplus, 4 ulp(f) + 4 eps |x f'(x)| for functions that
change sign).  Next to it: SymPy's ``lambdify`` of the same expression (the naive kernel),
SciPy's usual formulas where SciPy has one, and PyTorch (functional API; derivatives by
autograd) where installed.  "nan" counts NaN results for non-NaN inputs plus wrong values at
+-inf and NaN.

Run from the repository root:  ``PYTHONPATH=. python benchmarks/accuracy.py [--n N]``
Writes ``benchmarks/results/accuracy.md`` and ``accuracy.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from symact import kernels as K  # noqa: E402
from symact.catalog import BUILTIN  # noqa: E402

RESULTS = os.path.join(os.path.dirname(__file__), "results")
TIGHT = {("sigmoid", 0), ("softplus", 0)}


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


def _torch(name, order):
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return None
    torch.set_num_threads(1)
    table = {
        "identity": lambda t: t, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "arctan": torch.atan,
        "softsign": F.softsign, "log_sigmoid": F.logsigmoid, "gaussian": lambda t: torch.exp(-t * t),
        "sinusoid": torch.sin, "relu": F.relu, "leaky_relu": F.leaky_relu, "prelu": lambda t: F.prelu(t, torch.tensor([0.25], dtype=t.dtype)),
        "relu6": F.relu6, "hard_sigmoid": F.hardsigmoid, "hard_tanh": F.hardtanh, "hard_swish": F.hardswish,
        "softshrink": F.softshrink, "hardshrink": F.hardshrink, "elu": F.elu, "selu": F.selu, "celu": F.celu,
        "softplus": F.softplus, "gelu": F.gelu, "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"), "silu": F.silu,
        "swish_beta": F.silu, "mish": F.mish, "tanhshrink": F.tanhshrink,
    }
    f = table.get(name)
    if f is None:
        return None

    def call(xs):
        t = torch.from_numpy(np.ascontiguousarray(xs)).clone().requires_grad_(order > 0)
        y = f(t)
        for _ in range(order):
            (y,) = torch.autograd.grad(y.sum(), t, create_graph=True)
        return y.detach().numpy()

    return call


def _fmt(acc):
    if acc is None:
        return ""
    u = acc.max_ulp
    s = "inf" if math.isinf(u) else (f"{u:.3g}" if u < 1e4 else f"{u:.1e}")
    extra = f" ({acc.max_ratio:.2f})" if acc.mixed or acc.max_ratio > 1 else ""
    if acc.nan_bad:
        extra += f" nan:{acc.nan_bad}"
    return s + extra


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000, help="sample points per dtype (default 3000)")
    ap.add_argument("--only", nargs="*", help="activation names")
    args = ap.parse_args(argv)
    acts = [a for a in BUILTIN if not args.only or a.name in args.only]
    rows = []
    start = time.time()
    for act in acts:
        for order in (0, 1, 2):
            t0 = time.time()
            bound = 2.0 if (act.name, order) in TIGHT else 4.0
            k = act.kernel(order)
            row = {"name": act.name, "order": order, "bound_ulp": bound}
            for dt in (np.float64, np.float32):
                key = np.dtype(dt).name
                row[f"symact_{key}"] = K.measure(k, act, order, dt, n=args.n, seed=100 + order, bound_ulp=bound)
                row[f"torch_{key}"] = _try(lambda: K.measure(_torch(act.name, order), act, order, dt, n=args.n, seed=100 + order, bound_ulp=bound)) if _torch(act.name, order) else None
            row["lambdify_float64"] = _try(lambda: K.measure(_lambdified(act, order), act, order, np.float64, n=args.n, seed=100 + order, bound_ulp=bound))
            sc = _scipy(act.name, order)
            row["scipy_float64"] = _try(lambda: K.measure(sc, act, order, np.float64, n=args.n, seed=100 + order, bound_ulp=bound)) if sc else None
            row["rules"] = "; ".join(", ".join(r.label for r in p.regimes) for p in k.info.pieces64)
            row["float32_mode"] = k.info.float32
            rows.append(row)
            print(f"{act.name:13s} {order} {time.time() - t0:6.1f}s  symact f64 {_fmt(row['symact_float64'])}  f32 {_fmt(row['symact_float32'])}", flush=True)
    write(rows, args.n, time.time() - start)


def _try(fn):
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - a competitor that fails is reported as such
        return exc


def write(rows, n, seconds):
    os.makedirs(RESULTS, exist_ok=True)
    head = (
        "# Accuracy of the kernels (max error in ULPs vs mpmath at 60+ digits)\n\n"
        f"Sample: {n} points per dtype (log-uniform over all finite floats, a dense centre, every decade of |x| "
        "from 1e-8 to 1e12, the special points 0, -0.0, +-1e-300, +-20, +-37, +-40, +-709.8, +-745, +-1e308 "
        "and the float32 thresholds), the breakpoints and their neighbours; +-inf and NaN checked separately.\n"
        "Cells: max ULP over inputs whose true result is normal; in brackets the error divided by the "
        "contract's bound (<= 1 passes) where the 4 ulp(f) + 4 eps |x f'(x)| bound applies (f changes sign) "
        "or the cell fails; `nan:k` = k NaN results for non-NaN input or wrong values at +-inf/NaN.\n"
        f"Machine: {platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}. "
        f"Run time {seconds:.0f} s.\n\n"
        "| activation | k | bound | symact f64 | symact f32 | lambdify f64 | scipy f64 | torch f64 | torch f32 | f32 mode | rules (f64) |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for r in rows:
        def cell(key):
            v = r.get(key)
            if isinstance(v, Exception):
                return f"error ({type(v).__name__})"
            return _fmt(v)

        lines.append(f"| {r['name']} | {r['order']} | {r['bound_ulp']:g} | {cell('symact_float64')} | {cell('symact_float32')} | "
                     f"{cell('lambdify_float64')} | {cell('scipy_float64')} | {cell('torch_float64')} | {cell('torch_float32')} | "
                     f"{r['float32_mode']} | {r['rules']} |")
    passed = sum(1 for r in rows for k in ("symact_float64", "symact_float32") if r[k].passed)
    total = 2 * len(rows)
    with open(os.path.join(RESULTS, "accuracy.md"), "w") as fh:
        fh.write(head + "\n".join(lines) + f"\n\nsymact kernels within the contract: {passed} of {total}.\n")
    data = []
    for r in rows:
        d = {k: (v.to_json() if isinstance(v, K.Accuracy) else (repr(v) if isinstance(v, Exception) else v)) for k, v in r.items()}
        data.append(d)
    with open(os.path.join(RESULTS, "accuracy.json"), "w") as fh:
        json.dump({"n": n, "seconds": round(seconds, 1), "rows": data}, fh, indent=1, sort_keys=True)
    print(f"wrote {RESULTS}/accuracy.md: {passed}/{total} within the contract")


if __name__ == "__main__":
    main()
