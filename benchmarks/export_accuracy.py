"""Accuracy of every export target under the kernels' accuracy contract, over the catalogue.

The contract is the numpy kernels' (stated once, in ``symact/kernels/measure.py``, applied by
:func:`symact.kernels.measure`): for f, f', f'' in float64 and float32, at most B ULP (B = 4; 2 for
sigmoid and softplus themselves) wherever the true value is a normal number, tails included;
within 1 ULP of the subnormal spacing below the normal range; the only relaxation is
4 eps |x g'(x)| inside the root window |x - r| <= ROOT_WINDOW |r| around a non-zero root r of the
function g computed.  +-inf must give the limits and NaN must give NaN.

Every cell is measured on the same points (:func:`symact.kernels.contract_points`, ``--n`` of
them plus the roots', kinks' and tails' extra points) against the same mpmath truth, for:

* ``numpy``: the in-process kernel (the reference the exports are compared with);
* ``python``: the standalone module (``symact export NAME --target python``), imported;
* ``c``: the C99 export compiled with ``gcc -O2 -shared -fPIC`` into one library, called through
  ctypes on arrays (``symact_NAME_array`` / ``symact_NAME_array_f32``);
* ``jax``: the JAX export with ``jax_enable_x64`` (CPU);
* ``torch``: the PyTorch export (CPU).

A cell shows ``ratio`` (the largest error over the bound; <= 1 meets the contract) and ``ULP``
(the largest error in ULPs of the dtype at the true value, over the points outside the root
windows, where a ULP of the true value means something); the JSON has the worst point (x, the
value returned, the true value) and the Accuracy record of each cell.  A failing cell is marked
``open`` when the numpy kernel misses the contract there too (the kernels' open cells, not the
export's), ``EXPORT`` when only the export misses it.

Run from the repository root:  ``PYTHONPATH=. python benchmarks/export_accuracy.py [--n N] [--only NAME ...]``
Writes ``benchmarks/results/export_accuracy.md`` and ``export_accuracy.json``.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from symact import kernels as K  # noqa: E402
from symact.catalog import BUILTIN  # noqa: E402
from symact.fileio import write_file  # noqa: E402
from symact.kernels.export import TARGETS, function_name  # noqa: E402
from symact.kernels.measure import _abs_error, _ulp_of, root_window_mask  # noqa: E402

RESULTS = os.path.join(os.path.dirname(__file__), "results")
ORDERS = (0, 1, 2)
DTYPES = (np.float64, np.float32)


def _load(src: str, path: str, modname: str):
    with open(path, "w") as fh:
        fh.write(src)
    spec = importlib.util.spec_from_file_location(modname, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _c_library(cases, d: str):
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        return None, "no C compiler"
    objs = []
    for act, order in cases:
        c = os.path.join(d, f"{function_name(act, order)}.c")
        with open(c, "w") as fh:
            fh.write(K.export(act, "c", order))
        o = c[:-2] + ".o"
        subprocess.run([cc, "-O2", "-std=c99", "-fPIC", "-c", c, "-o", o], check=True)
        objs.append(o)
    lib = os.path.join(d, "libsymact_export.so")
    subprocess.run([cc, "-O2", "-shared", "-o", lib, *objs, "-lm"], check=True)
    version = subprocess.run([cc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return ctypes.CDLL(lib), version


def c_callable(lib, act, order, dt):
    """f^(order) of ``act`` from the compiled C export ``lib`` as a function of a numpy array of dtype ``dt``."""
    suffix = "_array_f32" if dt == np.float32 else "_array"
    f = getattr(lib, f"symact_{function_name(act, order)}{suffix}")
    ctype = ctypes.c_float if dt == np.float32 else ctypes.c_double
    f.argtypes = [ctypes.POINTER(ctype), ctypes.POINTER(ctype), ctypes.c_size_t]
    f.restype = None

    def call(xs):
        a = np.ascontiguousarray(xs, dtype=dt)
        y = np.empty_like(a)
        f(a.ctypes.data_as(ctypes.POINTER(ctype)), y.ctypes.data_as(ctypes.POINTER(ctype)), a.size)
        return y

    return call


def _ulp_outside_windows(fn, act, order, dt, xs, roots) -> float:
    """The largest error in ULPs over the points outside the root windows whose true value is normal."""
    hi, lo, ok = K.truth(act, order, xs.astype(np.float64))
    with np.errstate(all="ignore"):
        y = np.asarray(fn(xs)).astype(np.float64)
    info = np.finfo(dt)
    a = np.abs(hi)
    normal = ok & (a >= float(info.smallest_normal)) & (a <= float(info.max)) & ~root_window_mask(xs.astype(np.float64), roots)
    d = _abs_error(y, hi, lo)
    with np.errstate(all="ignore"):
        u = np.where(normal, d / _ulp_of(hi, dt), 0.0)
    return float(u.max(initial=0.0))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=600, help="sample size of contract_points (default 600)")
    ap.add_argument("--only", nargs="*", default=None, help="records to measure (default: the whole catalogue)")
    ap.add_argument("--out", default=RESULTS)
    args = ap.parse_args()
    acts = [a for a in BUILTIN if not args.only or a.name in args.only]
    cases = [(a, k) for a in acts for k in ORDERS]
    start = time.time()
    warnings.simplefilter("ignore")
    env: dict[str, str] = {"python": platform.python_version(), "numpy": np.__version__, "machine": platform.machine()}
    tmp = tempfile.mkdtemp(prefix="symact_export_acc_")
    lib, ccv = _c_library(cases, tmp)
    env["cc"] = ccv
    try:
        import jax

        jax.config.update("jax_enable_x64", True)
        env["jax"] = jax.__version__
    except ImportError:
        jax = None
    try:
        import torch

        env["torch"] = torch.__version__
    except ImportError:
        torch = None
    cells = []
    for act, order in cases:
        name = function_name(act, order)
        bound = K.contract_ulp(act, order)
        fns: dict[str, object] = {"numpy": act.kernel(order)}
        fns["python"] = getattr(_load(K.export(act, "python", order), os.path.join(tmp, f"p_{name}.py"), f"p_{name}"), name)
        if jax is not None:
            jm = getattr(_load(K.export(act, "jax", order), os.path.join(tmp, f"j_{name}.py"), f"j_{name}"), name)
        if torch is not None:
            tm = getattr(_load(K.export(act, "torch", order), os.path.join(tmp, f"t_{name}.py"), f"t_{name}"), name)
        for dt in DTYPES:
            dt = np.dtype(dt)
            per = dict(fns)
            if lib is not None:
                per["c"] = c_callable(lib, act, order, dt)
            if jax is not None:
                per["jax"] = (lambda f, d: (lambda xs: np.asarray(f(jax.numpy.asarray(xs, dtype=d)))))(jm, dt)
            if torch is not None:
                per["torch"] = (lambda f: (lambda xs: f(torch.from_numpy(np.ascontiguousarray(xs))).numpy()))(tm)
            xs = K.contract_points(act, order, dt, n=args.n, seed=order)
            for target in TARGETS:
                if target not in per:
                    continue
                fn = per[target]
                acc = K.measure(fn, act, order, dt, bound_ulp=bound, xs=xs)
                ulp = _ulp_outside_windows(fn, act, order, dt, xs, acc.roots)
                extra = {}
                if target == "jax":  # XLA on CPU flushes subnormals to zero (FTZ/DAZ): measured apart
                    hi, _, ok = K.truth(act, order, xs.astype(np.float64))
                    info = np.finfo(dt)
                    tiny = float(info.smallest_normal)
                    keep = ~ok | (hi == 0) | (np.abs(hi) >= tiny / float(info.eps))
                    keep &= ~((xs != 0) & (np.abs(xs) < tiny))  # denormals-are-zero: a subnormal x is read as 0
                    acc_n = K.measure(fn, act, order, dt, bound_ulp=bound, xs=xs[keep])
                    extra = {"ratio_away_from_subnormals": acc_n.max_ratio, "passed_away_from_subnormals": acc_n.passed,
                             "points_away_from_subnormals": int(keep.sum())}
                if not acc.passed:
                    print(f"  {target} {name} {dt.name}: ratio {acc.max_ratio:.3g} at x = {acc.worst_x!r} "
                          f"(got {acc.worst_got!r}, true {acc.worst_want!r}){' ' + str(extra) if extra else ''}",
                          file=sys.stderr, flush=True)
                cells.append({**extra, "record": act.name, "order": order, "dtype": dt.name, "target": target, "passed": acc.passed,
                              "ratio": acc.max_ratio, "ulp_outside_root_windows": ulp, "worst_x": acc.worst_x,
                              "worst_got": acc.worst_got, "worst_want": acc.worst_want, "nan_bad": acc.nan_bad,
                              "accuracy": acc.to_json()})
        print(f"{name}: done ({time.time() - start:.0f} s)", file=sys.stderr, flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    seconds = time.time() - start
    merged = ""
    prev = os.path.join(args.out, "export_accuracy.json")
    if args.only and os.path.exists(prev):  # re-measured records replace theirs in the last full run
        with open(prev) as fh:
            old = json.load(fh)
        if old.get("n") == args.n:
            cells = [c for c in old["cells"] if c["record"] not in args.only] + cells
            merged = f"{', '.join(args.only)} re-measured in a later run ({seconds:.0f} s); the others from the run of {old['seconds']:.0f} s"
            seconds = old["seconds"]
    _write(args.out, cells, env, args.n, seconds, merged)
    return 0


def _fmt(v: float) -> str:
    if math.isinf(v):
        return "inf"
    return f"{v:.3g}"


def _ftz(c: dict, by: dict) -> bool:
    """A JAX cell that fails only through XLA's flush-to-zero (it passes away from subnormal values)."""
    return (c["target"] == "jax" and not c["passed"] and by[(c["record"], c["order"], c["dtype"], "numpy")]["passed"]
            and bool(c.get("passed_away_from_subnormals")))


def _write(out: str, cells: list[dict], env: dict[str, str], n: int, seconds: float, merged: str = "") -> None:
    by = {(c["record"], c["order"], c["dtype"], c["target"]): c for c in cells}
    targets = [t for t in TARGETS if any(c["target"] == t for c in cells)]
    rows = sorted({(c["record"], c["order"]) for c in cells}, key=lambda r: ([c["record"] for c in cells].index(r[0]), r[1]))
    lines = ["# Accuracy of the export targets under the kernels' contract", "",
             "Generated by `benchmarks/export_accuracy.py` (the contract: `symact/kernels/measure.py`).  Each cell: "
             "**ratio** = worst error / the contract's bound (<= 1 meets it; near a non-zero root r the bound includes "
             "4 eps |x g'(x)| within |x - r| <= 1/8 |r|), then the worst error in **ULP** of the true value over the points "
             "outside those root windows (a ULP of a value near a root says nothing).  Marks: `open` = fails, and the numpy "
             "kernel fails the same cell (a kernels' open cell); `EXPORT` = fails where the numpy kernel passes; `ftz` (JAX "
             "only) = fails only where a result or an intermediate is subnormal: XLA's CPU code runs with flush-to-zero and "
             "denormals-are-zero (jax-ml/jax#16200, \"working as intended\"; `XLA_FLAGS=--xla_cpu_ftz=false` changes nothing "
             "in jax 0.10.2, measured), so no JAX program can return a subnormal there; the cell is then measured again on "
             "the points whose true value is 0 or at least 2^-1022/eps (float32: 2^-126/eps) and which are not subnormal "
             "themselves (a subnormal x is read as 0: relu'(5e-324) gives relu'(0)) and passes.",
             "",
             f"Points per cell: `contract_points(n={n})` (the same points for every target), truth: mpmath.  "
             f"Environment: {', '.join(f'{k} {v}' for k, v in env.items())}.  C: `gcc -O2 -std=c99 -fPIC`, one shared "
             f"library, ctypes.  JAX with x64 enabled, CPU.  Wall time {seconds:.0f} s on a loaded 2-core machine"
             + (f" ({merged})" if merged else "") + ".", ""]
    # summary
    lines += ["## Summary", "", "| target | cells | meet the contract | open (numpy fails too) | export-only failures | ftz only (JAX) |", "|---|---|---|---|---|---|"]
    for t in targets:
        cs = [c for c in cells if c["target"] == t]
        ok = sum(c["passed"] for c in cs)
        opn = sum(1 for c in cs if not c["passed"] and not by[(c["record"], c["order"], c["dtype"], "numpy")]["passed"])
        ftz = sum(1 for c in cs if _ftz(c, by))
        lines.append(f"| {t} | {len(cs)} | {ok} | {opn} | {len(cs) - ok - opn - ftz} | {ftz} |")
    lines += [""]
    fails = [c for c in cells if not c["passed"] and by[(c["record"], c["order"], c["dtype"], "numpy")]["passed"] and not _ftz(c, by)]
    if fails:
        lines += ["Export-only failures (worst point: x, returned, true):", ""]
        for c in fails:
            lines.append(f"- {c['target']} {c['record']} f^({c['order']}) {c['dtype']}: ratio {_fmt(c['ratio'])}, "
                         f"x = {c['worst_x']!r}, got {c['worst_got']!r}, true {c['worst_want']!r}, nan/special failures {c['nan_bad']}")
        lines.append("")
    for dtn in ("float64", "float32"):
        lines += [f"## {dtn}", "", "| record | order | " + " | ".join(targets) + " |", "|---|---|" + "---|" * len(targets)]
        for rec, order in rows:
            vals = []
            for t in targets:
                c = by.get((rec, order, dtn, t))
                if c is None:
                    vals.append("-")
                    continue
                mark = ""
                if not c["passed"]:
                    mark = " open" if not by[(rec, order, dtn, "numpy")]["passed"] else " `ftz`" if _ftz(c, by) else " **EXPORT**"
                vals.append(f"{_fmt(c['ratio'])} / {_fmt(c['ulp_outside_root_windows'])}{mark}")
            lines.append(f"| {rec} | {order} | " + " | ".join(vals) + " |")
        lines.append("")
    os.makedirs(out, exist_ok=True)
    payload = {"environment": env, "n": n, "seconds": round(seconds, 1), "merged": merged, "cells": cells}
    write_file(os.path.join(out, "export_accuracy.json"), json.dumps(payload, indent=1, sort_keys=True, default=float) + "\n",
               force=True, replace=True, record=False)
    write_file(os.path.join(out, "export_accuracy.md"), "\n".join(lines) + "\n", force=True, replace=True, record=False)


if __name__ == "__main__":
    raise SystemExit(main())
