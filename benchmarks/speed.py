"""Speed of symact's kernels against SciPy's expit, PyTorch (one thread), a naive lambdify and the
np.exp floor, on one core.

Protocol: float64 arrays of 1e6 and 1e7 elements (x = 3 N(0, 1), fixed seed), outputs
preallocated and passed with ``out=`` where the method has it; all methods of one size timed
round-robin in one process (interleaved, the order rotated every round), each sample a
repetition of calls of at least 20 ms; the median over the rounds is reported, in ns per
element, and the ratios symact / reference.  Also float32 sigmoid and sigmoid', and the time per
call at 1e3 elements.  Torch and everything else run single-threaded (OMP/MKL threads = 1,
``torch.set_num_threads(1)``).  The other processes' CPU share is recorded (os.getloadavg).

Run from the repository root:  ``PYTHONPATH=. python benchmarks/speed.py [--quick]``
Writes ``benchmarks/results/speed.md`` and ``speed.json``.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from symact.catalog import get  # noqa: E402

RESULTS = os.path.join(os.path.dirname(__file__), "results")

# (name, order): the functions of the speed contract
FUNCS = [("sigmoid", 0), ("sigmoid", 1), ("tanh", 1), ("softplus", 0), ("softplus", 1),
         ("silu", 0), ("silu", 1), ("gelu", 0), ("gelu", 1), ("mish", 0), ("mish", 1)]
TARGETS = {  # contract: ratio to (expit, torch-1)
    ("sigmoid", 0): (0.8, 1.0), ("sigmoid", 1): (0.8, 1.0), ("tanh", 1): (0.8, 1.0), ("softplus", 0): (0.8, 1.0),
    ("softplus", 1): (0.8, 1.0), ("silu", 0): (None, 1.5), ("silu", 1): (None, 1.5), ("gelu", 0): (None, 1.5),
    ("gelu", 1): (None, 1.5), ("mish", 0): (None, 1.5), ("mish", 1): (None, 1.5),
}
F32_TARGET = 0.6  # float32 sigmoid and sigmoid' vs float32 expit


def _torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def torch_method(torch, name, order, x, out):
    """PyTorch's own kernels (aten backward functions for derivatives, as autograd uses)."""
    import torch.nn.functional as F

    t = torch.from_numpy(x)
    o = torch.from_numpy(out)
    ones = torch.ones_like(t)
    aten = torch.ops.aten
    if (name, order) == ("sigmoid", 0):
        return lambda: torch.sigmoid(t, out=o)
    if (name, order) == ("sigmoid", 1):
        return lambda: aten.sigmoid_backward(ones, torch.sigmoid(t))
    if (name, order) == ("tanh", 1):
        return lambda: aten.tanh_backward(ones, torch.tanh(t))
    if (name, order) == ("softplus", 0):
        return lambda: F.softplus(t)
    if (name, order) == ("softplus", 1):
        return lambda: aten.softplus_backward(ones, t, 1, 20)
    if (name, order) == ("silu", 0):
        return lambda: F.silu(t)
    if (name, order) == ("silu", 1):
        return lambda: aten.silu_backward(ones, t)
    if (name, order) == ("gelu", 0):
        return lambda: F.gelu(t)
    if (name, order) == ("gelu", 1):
        return lambda: aten.gelu_backward(ones, t)
    if (name, order) == ("mish", 0):
        return lambda: F.mish(t)
    if (name, order) == ("mish", 1):
        return lambda: aten.mish_backward(ones, t)
    return None


def lambdified(act, order):
    import sympy as sp

    from symact.derive import derivative
    from symact.spec import x

    expr = act.expr if order == 0 else derivative(act, order)
    fn = sp.lambdify(x, expr, modules=["numpy", "scipy"])

    def call(xs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                return fn(xs)

    return call


def median_ns(fn, n, min_time=0.02):
    """One sample: repeat fn until min_time has passed; seconds per call -> ns per element."""
    reps = 0
    t0 = time.perf_counter()
    while True:
        fn()
        reps += 1
        t = time.perf_counter() - t0
        if t >= min_time:
            return t / reps / n * 1e9


_EXPORTS = {}


def exported(name, order, repo=None):
    """The standalone Python export of a kernel (the same program as the kernel), from this
    tree or, with ``repo``, from another checkout of symact (the code before a change), so that
    old and new kernels are timed in one process, interleaved, through the same calling code."""
    import importlib.util
    import subprocess
    import tempfile

    key = (name, order, repo)
    if key in _EXPORTS:
        return _EXPORTS[key]
    if repo is None:
        from symact import kernels as K

        src = K.export(get(name), "python", order)
    else:
        py = os.path.join(repo, ".venv", "bin", "python")
        code = f"import symact, symact.kernels as K; print(K.export(symact.get({name!r}), 'python', {order}), end='')"
        src = subprocess.run([py if os.path.exists(py) else sys.executable, "-c", code], cwd=repo, capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONPATH": repo}).stdout
    d = tempfile.mkdtemp(prefix="symact_speed_")
    mod_name = f"k_{'old' if repo else 'new'}_{name}_{order}"
    path = os.path.join(d, mod_name + ".py")
    with open(path, "w") as fh:
        fh.write(src)
    spec = importlib.util.spec_from_file_location(mod_name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    fn = getattr(mod, f"{name}{'' if order == 0 else f'_d{order}'}")
    _EXPORTS[key] = fn
    return fn


OLD_REPO = None  # set by --old


def run_size(n, rounds, torch, dtype=np.float64, funcs=FUNCS):
    from scipy.special import expit

    rng = np.random.default_rng(12345)
    x = (rng.normal(size=n) * 3).astype(dtype)
    out = np.empty_like(x)
    methods = {"np.exp(out=)": lambda: np.exp(x, out=out), "scipy expit": lambda: expit(x, out=out)}
    for name, order in funcs:
        act = get(name)
        k = act.kernel(order)
        k(x[:10])  # built before timing
        methods[f"symact {name}{_tick(order)}"] = (lambda k=k: k(x, out=out))
        tm = torch_method(torch, name, order, x, out) if torch else None
        if tm is not None:
            methods[f"torch {name}{_tick(order)}"] = tm
        lf = lambdified(act, order)
        methods[f"lambdify {name}{_tick(order)}"] = (lambda lf=lf: lf(x))
        if OLD_REPO:
            for tag, repo in (("new", None), ("old", OLD_REPO)):
                fe = exported(name, order, repo)
                methods[f"{tag} export {name}{_tick(order)}"] = (lambda fe=fe: fe(x, out=out))
    samples = {m: [] for m in methods}
    names = list(methods)
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for m in order:
            samples[m].append(median_ns(methods[m], n))
    return {m: float(np.median(v)) for m, v in samples.items()}, {m: float(np.min(v)) for m, v in samples.items()}


def per_call_us(torch, rounds=15):
    from scipy.special import expit

    rng = np.random.default_rng(7)
    x = rng.normal(size=1000) * 3
    out = np.empty_like(x)
    res = {}
    fns = {"scipy expit": lambda: expit(x, out=out)}
    if torch:
        t, o = torch.from_numpy(x), torch.from_numpy(out)
        fns["torch sigmoid"] = lambda: torch.sigmoid(t, out=o)
    for name, order in FUNCS:
        k = get(name).kernel(order)
        fns[f"symact {name}{_tick(order)}"] = (lambda k=k: k(x, out=out))
        fns[f"symact {name}{_tick(order)} (allocating)"] = (lambda k=k: k(x))
    for m, fn in fns.items():
        vals = []
        for _ in range(rounds):
            vals.append(median_ns(fn, 1000, 0.01) * 1000 / 1e3)  # ns/elem * 1000 elem = ns/call -> us
        res[m] = float(np.median(vals))
    return res


def _tick(order):
    return "'" * order


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1e6 only, 3 rounds (a smoke run, not for the results)")
    ap.add_argument("--old", metavar="REPO", help="another checkout of symact (the code before a change): its kernels' "
                    "Python exports are timed next to this tree's, interleaved in the same rounds")
    args = ap.parse_args(argv)
    global OLD_REPO
    OLD_REPO = args.old
    torch = _torch()
    load_before = os.getloadavg()
    sizes = [(10**6, 3)] if args.quick else [(10**6, 9), (10**7, 7)]
    report = {"machine": f"{platform.machine()} {platform.processor() or ''}".strip(), "python": platform.python_version(),
              "numpy": np.__version__, "torch": getattr(torch, "__version__", None), "cpus": os.cpu_count(), "sizes": {}}
    for n, rounds in sizes:
        med, best = run_size(n, rounds, torch)
        report["sizes"][str(n)] = {"median_ns": med, "best_ns": best}
        print(f"n={n:.0e}: done", flush=True)
    n32 = 10**7 if not args.quick else 10**6
    med32, best32 = run_size(n32, 7 if not args.quick else 3, torch, np.float32, [("sigmoid", 0), ("sigmoid", 1)])
    report["float32"] = {"n": n32, "median_ns": med32, "best_ns": best32}
    report["per_call_1e3_us"] = per_call_us(torch)
    report["loadavg_before_after"] = [load_before, os.getloadavg()]
    write(report)


def _ratio(a, b):
    return a / b if (a is not None and b) else None


def write(rep):
    os.makedirs(RESULTS, exist_ok=True)
    lines = ["# Speed of the kernels (ns per element, median of interleaved rounds, one thread)", "",
             f"Machine: {rep['machine']}, {rep['cpus']} CPUs; Python {rep['python']}, numpy {rep['numpy']}, torch {rep['torch']}. "
             f"Load average before / after: {', '.join(f'{v:.2f}' for v in rep['loadavg_before_after'][0])} / "
             f"{', '.join(f'{v:.2f}' for v in rep['loadavg_before_after'][1])} (the machine is shared; ratios come from one run).", ""]
    verdicts = []
    for n, d in rep["sizes"].items():
        med = d["median_ns"]
        expit, floor = med["scipy expit"], med["np.exp(out=)"]
        lines += [f"## float64, n = {int(n):.0e}", "",
                  f"References: scipy expit {expit:.2f} ns, np.exp(out=) {floor:.2f} ns.", "",
                  "| function | symact | torch 1 thr | lambdify | symact/expit | symact/torch | symact/lambdify | symact/np.exp | target (expit, torch) |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for name, order in FUNCS:
            lab = f"{name}{_tick(order)}"
            s, t, lam = med.get(f"symact {lab}"), med.get(f"torch {lab}"), med.get(f"lambdify {lab}")
            re, rt = _ratio(s, expit), _ratio(s, t)
            te, tt = TARGETS[(name, order)]
            ok = (te is None or re <= te) and (tt is None or rt is None or rt <= tt)
            verdicts.append((n, lab, ok))
            tgt = ", ".join(v for v in (f"<= {te}x expit" if te else "", f"<= {tt}x torch" if tt else "") if v)
            lines.append(f"| {lab} | {s:.2f} | {t:.2f} | {lam:.2f} | {re:.2f} | {rt:.2f} | {_ratio(s, lam):.2f} | {s / floor:.2f} | "
                         f"{tgt}: {'met' if ok else 'NOT met'} |" if t is not None else
                         f"| {lab} | {s:.2f} | - | {lam:.2f} | {re:.2f} | - | {_ratio(s, lam):.2f} | {s / floor:.2f} | {tgt} |")
        lines.append("")
    if any(k.startswith("old export") for d in rep["sizes"].values() for k in d["median_ns"]):
        lines += ["## old vs new kernels (Python exports of the same programs, interleaved in the same rounds)", "",
                  "| function | n | old | new | new/old | within 1.10x |", "|---|---|---|---|---|---|"]
        for n, d in rep["sizes"].items():
            med = d["median_ns"]
            for name, order in FUNCS:
                lab = f"{name}{_tick(order)}"
                o, w = med.get(f"old export {lab}"), med.get(f"new export {lab}")
                if o and w:
                    verdicts.append((f"{n} old/new", lab, w / o <= 1.10))
                    lines.append(f"| {lab} | {int(n):.0e} | {o:.2f} | {w:.2f} | {w / o:.2f} | {'yes' if w / o <= 1.10 else 'NO'} |")
        lines.append("")
    f32 = rep["float32"]
    m = f32["median_ns"]
    lines += [f"## float32, n = {f32['n']:.0e}", "", "| function | symact | torch 1 thr | scipy expit | symact/expit | symact/torch | target |", "|---|---|---|---|---|---|---|"]
    for name, order in (("sigmoid", 0), ("sigmoid", 1)):
        lab = f"{name}{_tick(order)}"
        s, t, e = m[f"symact {lab}"], m.get(f"torch {lab}"), m["scipy expit"]
        ok = s / e <= F32_TARGET
        verdicts.append(("float32", lab, ok))
        ts, rs = (f"{t:.2f}", f"{s / t:.2f}") if t else ("-", "-")  # torch not installed
        lines.append(f"| {lab} | {s:.2f} | {ts} | {e:.2f} | {s / e:.2f} | {rs} | <= {F32_TARGET}x expit: {'met' if ok else 'NOT met'} |")
    lines += ["", "## time per call at 1e3 elements (microseconds, median)", "", "| method | us |", "|---|---|"]
    for k, v in rep["per_call_1e3_us"].items():
        lines.append(f"| {k} | {v:.2f} |")
    lines += ["", f"Targets met: {sum(1 for v in verdicts if v[2])} of {len(verdicts)}; not met: "
              + (", ".join(f"{lab} ({n})" for n, lab, ok in verdicts if not ok) or "none") + "."]
    with open(os.path.join(RESULTS, "speed.md"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    with open(os.path.join(RESULTS, "speed.json"), "w") as fh:
        json.dump(rep, fh, indent=1, sort_keys=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
