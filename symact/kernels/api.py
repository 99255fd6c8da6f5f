"""The Kernel API: joining pieces, building a kernel per order and dtype, Kernel objects,
kernel() and value_and_grad()."""

from __future__ import annotations

import math
import threading
import weakref
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import sympy as sp

from .. import rewrite as rw
from ..results import KernelInfo, PieceChoice
from ..spec import Activation, x
from .primitives import COST
from .ir import Program
from .lower import breakpoint_constant, float_as_exact, lower
from .runtime import BLOCK, _Runner, _quiet
from .ir import lower_sel_numpy
from . import arrays as _arrays
from .measure import finite_everywhere, owned_breakpoints, pieces_of, run_program, contract_ulp
from .plans import F32, F64, N32, N64, choose_cached, piece_meta

def _join(act_exprs: Sequence[sp.Expr], ivals: Sequence[tuple[float, float]], bps: Sequence[Any],
          dtypes: Sequence[np.dtype]) -> tuple[sp.Expr, str]:
    """One expression for the whole line from the per-piece expressions."""
    n = len(act_exprs)
    if n == 1:
        return act_exprs[0], "single"
    clamped = []
    for e, (lo, hi) in zip(act_exprs, ivals):
        if not e.has(x):
            clamped.append(e)
            continue
        prog = lower([e])
        if finite_everywhere(prog, dtypes):
            clamped.append(e)
        else:
            clamped.append(rw.clamp(e, float_as_exact(lo, bps), float_as_exact(hi, bps)))
    # continuous, and every piece vanishes at its breakpoints: a plain sum of clamped pieces
    if all(bp.side != "point" for bp in bps):
        zero = True
        terms = []
        for i, (e, (lo, hi)) in enumerate(zip(act_exprs, ivals)):
            if e == 0:
                continue
            ce = rw.clamp(e, float_as_exact(lo, bps), float_as_exact(hi, bps))
            if not e.has(x):
                zero = False
                break
            prog = lower([e])
            for dt in dtypes:
                ends = np.array([v for v in (lo, hi) if math.isfinite(v)], dtype=dt)
                if len(ends) and np.any(run_program(prog, ends, dt)[0] != 0):
                    zero = False
            terms.append(ce)
        if zero and terms:
            return sp.Add(*terms), "clamp_sum"
    ir = clamped[-1]
    for j in range(n - 2, -1, -1):
        p = breakpoint_constant(bps[j].at)
        left = clamped[j]
        if bps[j].side == "left":
            ir = rw.SelPos(x - p, ir, left)
        else:
            ir = rw.Sel(x - p, ir, left)
    for j, bp in enumerate(bps):
        if bp.side == "point":
            p = breakpoint_constant(bp.at)
            ir = rw.Sel(x - p, rw.Sel(p - x, bp.value, ir), ir)
    return ir, "masks"



@dataclass(frozen=True)
class _Build:
    """One dtype's program: the IR, the program, the dtype it computes in, the guard flag."""

    ir: tuple[sp.Expr, ...]
    prog: Program
    compute: np.dtype
    guard: bool
    limits: tuple[tuple[float, float], ...]



def _build_order(act: Activation, order: int) -> tuple[dict[str, tuple[sp.Expr, np.dtype]], KernelInfo, tuple[float, float]]:
    exprs, ivals, bps, nexts = pieces_of(act, order)
    if order >= 1:  # a derivative takes its value at a 'point' breakpoint from the right piece
        bps = [bp if bp.side != "point" else type(bp)(bp.at, bp.value, "right") for bp in bps]
    mixed, limits = piece_meta(exprs, ivals, bps, order)
    dexprs = nexts if mixed else None
    contract = contract_ulp(act, order)
    chosen: dict[str, list[tuple[sp.Expr, PieceChoice]]] = {"float64": [], "float32": [], "float32p": []}
    for key, dt, comp, n in (("float64", F64, F64, N64), ("float32", F32, F32, N32), ("float32p", F32, F64, N32)):
        for i, (e, (lo, hi)) in enumerate(zip(exprs, ivals)):
            owned = tuple(owned_breakpoints(bps, i, len(exprs)))
            chosen[key].append(choose_cached(e, dexprs[i] if dexprs else None, lo, hi, owned, dt.name, i, n, comp.name,
                                              contract))
    ir64, join = _join([c[0] for c in chosen["float64"]], ivals, bps, [F64])
    ir32n, _ = _join([c[0] for c in chosen["float32"]], ivals, bps, [F32])
    ir32p, _ = _join([c[0] for c in chosen["float32p"]], ivals, bps, [F64])
    # float32: native float32 arithmetic only where it is within 2 ULP (with the margin) and
    # cheaper than float64 arithmetic rounded once (float32 SIMD does about twice the work
    # per cycle; two conversions per element cost about two multiplications)
    native_tight = all(c[1].bound_ulp == 2.0 or not c[0].has(x) for c in chosen["float32"])
    cost32n, cost32p = lower([ir32n]).cost(), lower([ir32p]).cost()
    if native_tight and 0.5 * cost32n <= cost32p + 2 * COST["copy"]:
        mode32 = "native"
        irs: dict[str, tuple[sp.Expr, np.dtype]] = {"float64": (ir64, F64), "float32": (ir32n, F32), "native32": (ir32n, F32)}
        pieces32 = tuple(c[1] for c in chosen["float32"])
    else:
        mode32 = "float64"
        irs = {"float64": (ir64, F64), "float32": (ir32p, F64), "native32": (ir32n, F32)}
        pieces32 = tuple(c[1] for c in chosen["float32p"])
    info = KernelInfo(act.name, order, tuple(c[1] for c in chosen["float64"]), pieces32, join, mode32, limits,
                      (False, False), mixed, lower([ir64]).cost())
    _warn_if_broken(act, order, info, contract)
    return irs, info, limits


class ContractWarning(UserWarning):
    """A kernel was built although no plan met the accuracy contract on the selection sample
    (the message gives the measured figure); the kernel is the most accurate plan found."""


def _warn_if_broken(act: Activation, order: int, info: KernelInfo, contract: float) -> None:
    import warnings

    for dtn, pcs in (("float64", info.pieces64), ("float32", info.pieces32)):
        for p in pcs:
            if not p.max_ratio <= 1.0:  # NaN counts as broken
                vals = ", ".join(f"{k}={v}" for k, v in (act.values or {}).items())
                warnings.warn(ContractWarning(
                    f"{act.name}{'(' + vals + ')' if vals else ''}: no kernel plan for f^({order}) on ({p.lo}, {p.hi}) meets "
                    f"the {contract:g}-ULP contract in {dtn}: measured {p.max_ratio:.3g} x the bound ({p.max_ulp:.3g} ULP)"),
                    stacklevel=4)



class Kernel:
    """A compiled kernel: ``k(x, out=None)``, a ufunc-like callable.

    Accepts Python and numpy scalars, numpy arrays of any shape (big-endian too), masked
    arrays (the mask is kept), dask arrays (lazily, block by block), xarray objects
    (coordinates and attributes kept), pandas objects (index kept) and any array of the array
    API standard (PyTorch, JAX, CuPy, ...: the plan runs in the array's own library and on its
    device, and ``jax.jit`` / ``torch.func.vmap`` trace it): see :mod:`symact.kernels.arrays`.
    The result has the input's type.  dtypes as scipy.special's ufuncs (>= 1.18): float32 input
    gives float32 (computed to float32 accuracy), float64 gives float64, bool and integers of up
    to 16 bits give float32, wider integers and Python numbers float64, float16 stays float16
    (computed in float32), long double is computed in float64.
    ``out`` (an array the input broadcasts to) receives the result, cast under 'same_kind'.
    Large numpy arrays are processed in blocks of :data:`BLOCK` elements.  A kernel with
    several outputs (:func:`value_and_grad`) returns a tuple, and ``out`` is then a tuple.
    """

    def __init__(self, name: str, orders: tuple[int, ...], builds: dict[str, _Build], infos: tuple[KernelInfo, ...],
                 act: Activation | None = None) -> None:
        self.name = name
        self.orders = orders
        self.order = orders[0] if len(orders) == 1 else orders
        self.info = infos[0] if len(infos) == 1 else infos
        self._builds = builds
        self._runners = {
            F64: _Runner(builds["float64"].prog, F64, builds["float64"].compute),
            F32: _Runner(builds["float32"].prog, F32, builds["float32"].compute),
        }
        self._guard = {F64: builds["float64"].guard, F32: builds["float32"].guard}
        self._limits = {dt: builds[dt.name].limits for dt in (F64, F32)}
        self._nout = len(orders)
        # the scalar fast path (float64 plan on Python floats; float32 input when its plan
        # computes in float64)
        self._fast = _arrays.ScalarRunner.build(self._runners[F64], self._guard[F64], self._limits[F64])
        self._fast32 = _arrays.ScalarRunner.build(self._runners[F32], self._guard[F32], self._limits[F32])
        # the compiled function itself and whether non-finite input needs the guard (then the
        # array path, which has it, takes the call)
        self._sfn = self._fast.fn if self._fast is not None else None
        self._sguard = self._guard[F64]
        self._xp: dict[tuple[str, bool], tuple[_arrays.XpRunner, str]] = {}
        self._act = weakref.ref(act) if act is not None else None
        self.__name__ = name
        self.__doc__ = f"{name}: numerically stable kernel (symact)"

    @property
    def activation(self) -> Activation | None:
        """The activation the kernel computes (None once it has been garbage-collected)."""
        return self._act() if self._act is not None else None

    def program(self, dtype: Any = np.float64) -> Program:
        return self._builds[np.dtype(dtype).name].prog

    def __call__(self, x: Any, out: Any = None) -> Any:
        if out is None:
            t = type(x)
            if t is float or t is np.float64 or t is int:
                fn = self._sfn
                if fn is not None:
                    try:
                        v = x if t is float else float(x)  # np.float64: Python arithmetic, not numpy's scalars
                        if not self._sguard or v - v == 0:
                            r = fn(v)
                            return _f64(r[0]) if self._nout == 1 else tuple(map(_f64, r))
                    except (ArithmeticError, ValueError):  # 1/0, exp(800), an int beyond float64: the array path
                        pass
            elif t is np.ndarray:
                return self._numpy(x, None)
            elif t is np.float32 and self._fast32 is not None:
                r = self._fast32(float(x))
                if r is not None and all(abs(v) < _arrays.F32_ROUND_MAX or v != v for v in r):  # else np.float32 warns
                    return _f32(r[0]) if self._nout == 1 else tuple(map(_f32, r))
        return _arrays.call(self, x, out)

    def _numpy(self, a: np.ndarray, out: Any) -> Any:
        """The numpy path: ``a`` a numpy array (not a subclass's semantics)."""
        dt = a.dtype
        if dt == F64 or dt == F32:
            res_dt = comp_dt = dt
        else:
            res_dt, comp_dt = _arrays.numpy_dtypes(dt, self.name)
            a = a.astype(comp_dt)
        nout = self._nout
        if out is not None:
            outs_user = _arrays.check_out(self.name, out if isinstance(out, tuple) else (out,), a.shape, res_dt, nout)
            if a.shape != outs_user[0].shape:
                a = np.broadcast_to(a, outs_user[0].shape)
        flat = a.reshape(-1) if a.flags.c_contiguous else np.ascontiguousarray(a).reshape(-1)
        if out is not None:
            direct = res_dt == comp_dt and all(o.dtype == comp_dt and o.flags.c_contiguous
                                               and not np.may_share_memory(o, flat) for o in outs_user)
            targets = [o.reshape(-1) for o in outs_user] if direct else [np.empty(flat.shape[0], comp_dt) for _ in range(nout)]
        else:
            direct = False
            targets = [np.empty(flat.shape[0], comp_dt) for _ in range(nout)]
        with _quiet():
            if self._guard[comp_dt]:
                self._run_guarded(comp_dt, flat, targets)
            else:
                self._runners[comp_dt].run(flat, targets)
        if out is not None:
            if not direct:
                with _quiet():
                    for o, t in zip(outs_user, targets):
                        np.copyto(o, t.reshape(a.shape), casting="same_kind")
            return out if nout > 1 or not isinstance(out, tuple) else out[0]
        results = []
        scalar = a.ndim == 0
        for t in targets:
            r = t.reshape(a.shape)
            if res_dt != comp_dt:
                with _quiet():
                    r = r.astype(res_dt)
            results.append(r[()] if scalar else r)
        return results[0] if nout == 1 else tuple(results)

    def _xp_runner(self, key: str, has_f64: bool) -> tuple[_arrays.XpRunner, str]:
        """The plan for an array-API namespace: (runner, name of the dtype it computes in)."""
        got = self._xp.get((key, has_f64))
        if got is None:
            b = self._builds[key]
            if b.compute == F64 and not has_f64:  # no float64 (JAX without x64): float32 arithmetic
                b = self._builds["native32"]
            got = (_arrays.XpRunner(lower_sel_numpy(b.prog), b.guard, b.limits, self.name), b.compute.name)
            self._xp[(key, has_f64)] = got
        return got

    def _run_guarded(self, dt: np.dtype, flat: np.ndarray, targets: list[np.ndarray]) -> None:
        runner = self._runners[dt]
        n = flat.shape[0]
        for start in range(0, n, BLOCK):
            stop = min(n, start + BLOCK)
            xb = flat[start:stop]
            tb = [t[start:stop] for t in targets]
            fin = np.isfinite(xb)
            if fin.all():
                runner.run(xb, tb)
                continue
            clean = xb.copy()
            clean[~fin] = 0
            runner.run(clean, tb)
            for t, (lm, lp) in zip(tb, self._limits[dt]):
                t[xb == np.inf] = lp
                t[xb == -np.inf] = lm
                t[np.isnan(xb)] = np.nan

    def __dask_tokenize__(self) -> tuple[Any, ...]:
        return ("symact.Kernel", self.name, self.orders, id(self))

    # -- display -----------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"<symact kernel {self.name}: {_what(self)}, {_contract_short(self)}>"

    def _repr_html_(self) -> str:
        return _kernel_html(self)

    def _repr_latex_(self) -> str:
        return _kernel_latex(self)


_f64 = np.float64
_f32 = np.float32


_kernels: "weakref.WeakKeyDictionary[Activation, dict[Any, Kernel]]" = weakref.WeakKeyDictionary()


def clear_kernel_cache() -> None:
    """Forget every built kernel (the plan cache's re-measurement builds them afresh)."""
    _kernels.clear()
_kernels_lock = threading.RLock()


def _assemble(name: str, orders: tuple[int, ...], per_order: Sequence[tuple[dict[str, tuple[sp.Expr, np.dtype]], KernelInfo, tuple[float, float]]],
              act: Activation | None = None) -> Kernel:
    builds: dict[str, _Build] = {}
    infos = []
    for dtn, dt in (("float64", F64), ("float32", F32)):
        computes = {po[0][dtn][1] for po in per_order}
        compute = F64 if F64 in computes else dt
        # an output selected for native float32 joins a float64 program with its float64 plan
        irs = tuple((po[0][dtn][0] if po[0][dtn][1] == compute else po[0]["float64"][0]) for po in per_order)
        prog = lower(list(irs))
        limits = tuple(po[2] for po in per_order)
        guard = not _specials_ok_multi(prog, dt, limits, compute if compute != dt else None)
        builds[dtn] = _Build(irs, prog, compute, guard, limits)
    nat = lower([po[0]["native32"][0] for po in per_order])
    builds["native32"] = _Build(tuple(po[0]["native32"][0] for po in per_order), nat, F32,
                                not _specials_ok_multi(nat, F32, tuple(po[2] for po in per_order), None),
                                tuple(po[2] for po in per_order))
    for po in per_order:
        info = po[1]
        infos.append(KernelInfo(info.name, info.order, info.pieces64, info.pieces32, info.join, info.float32,
                                info.limits, (builds["float64"].guard, builds["float32"].guard), info.mixed,
                                builds["float64"].prog.cost()))
    return Kernel(name, orders, builds, tuple(infos), act)


def _specials_ok_multi(prog: Program, dtype: np.dtype, limits: Sequence[tuple[float, float]], compute: np.dtype | None) -> bool:
    xs = np.array([np.inf, -np.inf, np.nan], dtype=dtype)
    got = run_program(prog, xs, dtype, compute)
    for y, (lm, lp) in zip(got, limits):
        want = np.array([lp, lm, np.nan], dtype=dtype)
        if not np.array_equal(y, want, equal_nan=True):
            return False
    return True


def kernel(act: Activation | str, order: int = 0) -> Kernel:
    """The compiled kernel of f^(order) (order 0, 1 or 2) of ``act``, an activation or the name
    (or alias) of a registered one (see the module docstring).

    >>> import numpy as np, symact
    >>> k = symact.get("sigmoid").kernel(1)
    >>> float(k(0.0))
    0.25
    """
    act = _activation(act)
    with _kernels_lock:
        memo = _kernels.setdefault(act, {})
        if order in memo:
            return memo[order]
    per = _build_order(act, order)
    k = _assemble(f"{act.name}{order_suffix(order)}", (order,), [per], act)
    with _kernels_lock:
        memo[order] = k
    return k


def value_and_grad(act: Activation | str) -> Kernel:
    """A kernel returning ``(f(x), f'(x))`` from one program: the work both share (e.g.
    exp(-|x|) for sigmoid and sigmoid') is done once.  ``act``: an activation or its name."""
    act = _activation(act)
    with _kernels_lock:
        memo = _kernels.setdefault(act, {})
        if "vg" in memo:
            return memo["vg"]
    per = [_build_order(act, 0), _build_order(act, 1)]
    k = _assemble(f"{act.name}_value_and_grad", (0, 1), per, act)
    with _kernels_lock:
        memo["vg"] = k
    return k


def order_suffix(order: int) -> str:
    return "" if order == 0 else f"_d{order}"


def _activation(act: Any) -> Activation:
    """An activation, or the registered activation of that name or alias (catalog.get: an
    unknown name raises UnknownActivation with the closest names)."""
    if isinstance(act, Activation):
        return act
    if isinstance(act, str):
        from ..catalog import get

        return get(act)
    raise TypeError(f"expected an Activation or the name of a registered one, got {type(act).__name__}")


# ---------------------------------------------------------------------------------------
# display: repr, HTML and LaTeX (notebooks)

_CONTRACT_WORDS = (
    "within {b:g} ULP of the exact value wherever the exact value is a normal number of the dtype "
    "(tails included), within 1 ULP of the subnormal spacing below it; near a non-zero root r of the "
    "computed function (|x - r| <= r/8) the bound is widened by 4 eps |x g'(x)| (backward-stable in x)")


def _what(k: Kernel) -> str:
    act = k.activation
    base = act.name if act is not None else k.name
    return ", ".join(("f" if o == 0 else "f" + "'" * o if o <= 2 else f"f^({o})") for o in k.orders) + f" of {base}"


def _infos(k: Kernel) -> tuple[KernelInfo, ...]:
    return k.info if isinstance(k.info, tuple) else (k.info,)


def _bound(k: Kernel) -> float:
    """The contract's B (measure.contract_ulp) of the kernel's activation and orders."""
    act = k.activation
    if act is not None:
        return max(contract_ulp(act, o) for o in k.orders)
    return max(max((p.bound_ulp for p in i.pieces64 + i.pieces32), default=4.0) for i in _infos(k))


def _contract_short(k: Kernel) -> str:
    met = all(p.max_ratio <= 1.0 for i in _infos(k) for p in i.pieces64 + i.pieces32)
    return f"<= {_bound(k):g} ULP in float64 and float32{'' if met else ' (not met on the selection sample)'}"


def _dtype_words(k: Kernel) -> list[str]:
    b32 = k._builds["float32"]
    return [
        "float64 -> float64",
        f"float32 -> float32 ({'float32 arithmetic' if b32.compute == F32 else 'float64 arithmetic, rounded once'})",
        "float16 -> float16 (the float32 plan); bool, int8, uint8, int16, uint16 -> float32; wider integers, Python numbers -> float64; long double -> float64",
        "numpy arrays run in place in blocks; other array-API arrays (torch, jax, cupy, dask, xarray) in their own library",
    ]


def _measured(k: Kernel) -> list[str]:
    lines = []
    for i in _infos(k):
        for dtn, pcs in (("float64", i.pieces64), ("float32", i.pieces32)):
            worst = max((p.max_ulp for p in pcs), default=0.0)
            ratio = max((p.max_ratio for p in pcs), default=0.0)
            lines.append(f"order {i.order}, {dtn}: max {worst:.3g} ULP on the selection sample "
                         f"(error/bound {ratio:.2f}{'' if ratio <= 1.0 else ': contract not met'})")
    return lines


def _plan_words(k: Kernel) -> list[str]:
    lines = []
    for i in _infos(k):
        for p in i.pieces64:
            rules = "; ".join(f"{r.label}" + (f" on ({r.lo:g}, {r.hi:g})" if len(p.regimes) > 1 else "") for r in p.regimes)
            lines.append(f"order {i.order}, piece ({p.lo:g}, {p.hi:g}): {rules}")
        lines.append(f"order {i.order}: pieces joined by {i.join}; values at -inf, +inf: {i.limits[0]!r}, {i.limits[1]!r}"
                     f"{'; a guard handles +-inf and NaN' if any(i.guard) else ''}")
    return lines


def _program_lines(k: Kernel) -> list[str]:
    prog = k._runners[F64].prog
    out = []

    def ref(a: Any) -> str:
        from .ir import Const

        if isinstance(a, Const):
            return repr(a.as_float())
        return "x" if a == 0 else f"v{a}"

    for i, (name, args) in enumerate(prog.ops):
        out.append(f"v{i + 1} = {name}({', '.join(ref(a) for a in args)})")
    out.append("return " + ", ".join(ref(o) for o in prog.outputs))
    return out


def _kernel_html(k: Kernel) -> str:
    import html

    act = k.activation
    e = html.escape
    rows = [("kernel", e(k.name)), ("computes", e(_what(k)))]
    if act is not None:
        rows.append(("f(x)", e(str(act.expr))))
        vals = ", ".join(f"{p} = {v}" for p, v in (act.values or {}).items())
        if vals:
            rows.append(("parameters", e(vals)))
    rows.append(("orders", e(", ".join(map(str, k.orders)))))
    rows.append(("dtypes", "<br>".join(e(w) for w in _dtype_words(k))))
    rows.append(("accuracy contract", e(_CONTRACT_WORDS.format(b=_bound(k)))))
    rows.append(("measured", "<br>".join(e(w) for w in _measured(k))))
    rows.append(("plan", "<br>".join(e(w) for w in _plan_words(k))))
    prog = "\n".join(_program_lines(k))
    rows.append(("float64 program", f"<details><summary>{len(k._runners[F64].prog.ops)} operations</summary>"
                                    f"<pre>{e(prog)}</pre></details>"))
    body = "".join(f"<tr><th style=\"text-align:left\">{a}</th><td style=\"text-align:left\">{b}</td></tr>" for a, b in rows)
    return f"<table class=\"symact-kernel\">{body}</table>"


def _tex_text(s: str) -> str:
    """Free text for a LaTeX/MathJax ``\\text{...}``: only characters that need no escaping
    survive (the others become spaces)."""
    s = s.replace("<=", "at most").replace("->", "to").replace("_", " ")
    return "".join(c if c in _TEX_SAFE else " " for c in s)


_TEX_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:()[]=+-*/'!?")


def _kernel_latex(k: Kernel) -> str:
    act = k.activation
    lines = []
    if act is not None:
        from ..render import latex_expr

        lines.append(f"{act.latex_name}(x) = {latex_expr(act.expr)}")
    lines.append(r"\text{" + _tex_text(f"symact kernel {k.name}: {_what(k)}") + "}")
    for w in _dtype_words(k)[:3]:
        lines.append(r"\text{" + _tex_text(w) + "}")
    lines.append(r"\text{" + _tex_text(f"accuracy: within {_bound(k):g} ULP where the result is normal, "
                                         "1 ULP of the subnormal spacing below, relaxed near non-zero roots") + "}")
    for w in _measured(k) + _plan_words(k):
        lines.append(r"\text{" + _tex_text(w) + "}")
    return "$\\displaystyle\\begin{array}{l}" + r" \\ ".join(lines) + r"\end{array}$"
