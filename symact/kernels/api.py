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
from .lower import _bp_const, _exact, lower
from .runtime import BLOCK, _Runner, _quiet
from .measure import _finite_everywhere, _owned, _pieces_of, _run, contract_ulp
from .plans import _F32, _F64, _N32, _N64, _choose_cached, _meta

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
        if _finite_everywhere(prog, dtypes):
            clamped.append(e)
        else:
            clamped.append(rw.clamp(e, _exact(lo, bps), _exact(hi, bps)))
    # continuous, and every piece vanishes at its breakpoints: a plain sum of clamped pieces
    if all(bp.side != "point" for bp in bps):
        zero = True
        terms = []
        for i, (e, (lo, hi)) in enumerate(zip(act_exprs, ivals)):
            if e == 0:
                continue
            ce = rw.clamp(e, _exact(lo, bps), _exact(hi, bps))
            if not e.has(x):
                zero = False
                break
            prog = lower([e])
            for dt in dtypes:
                ends = np.array([v for v in (lo, hi) if math.isfinite(v)], dtype=dt)
                if len(ends) and np.any(_run(prog, ends, dt)[0] != 0):
                    zero = False
            terms.append(ce)
        if zero and terms:
            return sp.Add(*terms), "clamp_sum"
    ir = clamped[-1]
    for j in range(n - 2, -1, -1):
        p = _bp_const(bps[j].at)
        left = clamped[j]
        if bps[j].side == "left":
            ir = rw.SelPos(x - p, ir, left)
        else:
            ir = rw.Sel(x - p, ir, left)
    for j, bp in enumerate(bps):
        if bp.side == "point":
            p = _bp_const(bp.at)
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
    exprs, ivals, bps, nexts = _pieces_of(act, order)
    if order >= 1:  # a derivative takes its value at a 'point' breakpoint from the right piece
        bps = [bp if bp.side != "point" else type(bp)(bp.at, bp.value, "right") for bp in bps]
    mixed, limits = _meta(exprs, ivals, bps, order)
    dexprs = nexts if mixed else None
    contract = contract_ulp(act, order)
    chosen: dict[str, list[tuple[sp.Expr, PieceChoice]]] = {"float64": [], "float32": [], "float32p": []}
    for key, dt, comp, n in (("float64", _F64, _F64, _N64), ("float32", _F32, _F32, _N32), ("float32p", _F32, _F64, _N32)):
        for i, (e, (lo, hi)) in enumerate(zip(exprs, ivals)):
            owned = tuple(_owned(bps, i, len(exprs)))
            chosen[key].append(_choose_cached(e, dexprs[i] if dexprs else None, lo, hi, owned, dt.name, i, n, comp.name,
                                              contract))
    ir64, join = _join([c[0] for c in chosen["float64"]], ivals, bps, [_F64])
    ir32n, _ = _join([c[0] for c in chosen["float32"]], ivals, bps, [_F32])
    ir32p, _ = _join([c[0] for c in chosen["float32p"]], ivals, bps, [_F64])
    # float32: native float32 arithmetic only where it is within 2 ULP (with the margin) and
    # cheaper than float64 arithmetic rounded once (float32 SIMD does about twice the work
    # per cycle; two conversions per element cost about two multiplications)
    native_tight = all(c[1].bound_ulp == 2.0 or not c[0].has(x) for c in chosen["float32"])
    cost32n, cost32p = lower([ir32n]).cost(), lower([ir32p]).cost()
    if native_tight and 0.5 * cost32n <= cost32p + 2 * COST["copy"]:
        mode32 = "native"
        irs = {"float64": (ir64, _F64), "float32": (ir32n, _F32), "native32": (ir32n, _F32)}
        pieces32 = tuple(c[1] for c in chosen["float32"])
    else:
        mode32 = "float64"
        irs = {"float64": (ir64, _F64), "float32": (ir32p, _F64), "native32": (ir32n, _F32)}
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
    """A compiled numpy kernel: ``k(x, out=None)``.

    Accepts Python scalars and arrays of any shape; float32 input gives float32 output
    (computed to float32 accuracy), float64 gives float64, other real types are computed in
    float64 (float16 in float32).  ``out`` (an array of the result's shape and dtype) receives
    the result in place.  Large arrays are processed in blocks of :data:`BLOCK` elements.
    A kernel with several outputs (:func:`value_and_grad`) returns a tuple, and ``out`` is
    then a tuple of arrays.
    """

    def __init__(self, name: str, orders: tuple[int, ...], builds: dict[str, _Build], infos: tuple[KernelInfo, ...]) -> None:
        self.name = name
        self.orders = orders
        self.order = orders[0] if len(orders) == 1 else orders
        self.info = infos[0] if len(infos) == 1 else infos
        self._builds = builds
        self._runners = {
            _F64: _Runner(builds["float64"].prog, _F64, builds["float64"].compute),
            _F32: _Runner(builds["float32"].prog, _F32, builds["float32"].compute),
        }
        self._guard = {_F64: builds["float64"].guard, _F32: builds["float32"].guard}
        self._limits = {dt: builds[dt.name].limits for dt in (_F64, _F32)}
        self._nout = len(orders)
        self.__name__ = name
        self.__doc__ = f"{name}: numerically stable numpy kernel (symact)"

    def __repr__(self) -> str:
        return f"<symact kernel {self.name}>"

    def program(self, dtype: Any = np.float64) -> Program:
        return self._builds[np.dtype(dtype).name].prog

    def __call__(self, x: Any, out: Any = None) -> Any:
        a = x if type(x) is np.ndarray else np.asarray(x)
        dt = a.dtype
        if dt == _F64 or dt == _F32:
            res_dt = comp_dt = dt
        elif dt.kind in "iub" or dt == np.longdouble:
            res_dt = comp_dt = _F64
            a = a.astype(_F64)
        elif dt == np.float16:
            res_dt, comp_dt = np.dtype(np.float16), _F32
            a = a.astype(_F32)
        else:
            raise TypeError(f"{self.name}: expected real numbers, got an array of {dt}")
        flat = a.reshape(-1) if a.flags.c_contiguous else np.ascontiguousarray(a).reshape(-1)
        nout = self._nout
        if out is not None:
            outs_user = list(out) if nout > 1 else [out]
            for o in outs_user:
                if type(o) is not np.ndarray or o.shape != a.shape or o.dtype != res_dt:
                    raise ValueError(f"{self.name}: out must be an array of shape {a.shape} and dtype {res_dt}")
            direct = res_dt == comp_dt and all(o.flags.c_contiguous and not np.may_share_memory(o, flat) for o in outs_user)
            targets = [o.reshape(-1) for o in outs_user] if direct else [np.empty(flat.shape[0], comp_dt) for _ in range(nout)]
        else:
            outs_user = None
            direct = False
            targets = [np.empty(flat.shape[0], comp_dt) for _ in range(nout)]
        with _quiet():
            if self._guard[comp_dt]:
                self._run_guarded(comp_dt, flat, targets)
            else:
                self._runners[comp_dt].run(flat, targets)
        if outs_user is not None:
            if not direct:
                for o, t in zip(outs_user, targets):
                    np.copyto(o, t.reshape(a.shape), casting="same_kind")
            return outs_user[0] if nout == 1 else tuple(outs_user)
        results = []
        scalar = a.ndim == 0
        for t in targets:
            r = t.reshape(a.shape)
            if res_dt != comp_dt:
                r = r.astype(res_dt)
            results.append(r[()] if scalar else r)
        return results[0] if nout == 1 else tuple(results)

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


_kernels: "weakref.WeakKeyDictionary[Activation, dict[Any, Kernel]]" = weakref.WeakKeyDictionary()
_kernels_lock = threading.RLock()


def _assemble(name: str, orders: tuple[int, ...], per_order: Sequence[tuple[dict[str, tuple[sp.Expr, np.dtype]], KernelInfo, tuple[float, float]]]) -> Kernel:
    builds: dict[str, _Build] = {}
    infos = []
    for dtn, dt in (("float64", _F64), ("float32", _F32)):
        computes = {po[0][dtn][1] for po in per_order}
        compute = _F64 if _F64 in computes else dt
        # an output selected for native float32 joins a float64 program with its float64 plan
        irs = tuple((po[0][dtn][0] if po[0][dtn][1] == compute else po[0]["float64"][0]) for po in per_order)
        prog = lower(list(irs))
        limits = tuple(po[2] for po in per_order)
        guard = not _specials_ok_multi(prog, dt, limits, compute if compute != dt else None)
        builds[dtn] = _Build(irs, prog, compute, guard, limits)
    nat = lower([po[0]["native32"][0] for po in per_order])
    builds["native32"] = _Build(tuple(po[0]["native32"][0] for po in per_order), nat, _F32,
                                not _specials_ok_multi(nat, _F32, tuple(po[2] for po in per_order), None),
                                tuple(po[2] for po in per_order))
    for po in per_order:
        info = po[1]
        infos.append(KernelInfo(info.name, info.order, info.pieces64, info.pieces32, info.join, info.float32,
                                info.limits, (builds["float64"].guard, builds["float32"].guard), info.mixed,
                                builds["float64"].prog.cost()))
    return Kernel(name, orders, builds, tuple(infos))


def _specials_ok_multi(prog: Program, dtype: np.dtype, limits: Sequence[tuple[float, float]], compute: np.dtype | None) -> bool:
    xs = np.array([np.inf, -np.inf, np.nan], dtype=dtype)
    got = _run(prog, xs, dtype, compute)
    for y, (lm, lp) in zip(got, limits):
        want = np.array([lp, lm, np.nan], dtype=dtype)
        if not np.array_equal(y, want, equal_nan=True):
            return False
    return True


def kernel(act: Activation, order: int = 0) -> Kernel:
    """The compiled kernel of f^(order) (order 0, 1 or 2) of ``act`` (see the module docstring).

    >>> import numpy as np, symact
    >>> k = symact.get("sigmoid").kernel(1)
    >>> float(k(0.0))
    0.25
    """
    with _kernels_lock:
        memo = _kernels.setdefault(act, {})
        if order in memo:
            return memo[order]
    per = _build_order(act, order)
    k = _assemble(f"{act.name}{_suffix(order)}", (order,), [per])
    with _kernels_lock:
        memo[order] = k
    return k


def value_and_grad(act: Activation) -> Kernel:
    """A kernel returning ``(f(x), f'(x))`` from one program: the work both share (e.g.
    exp(-|x|) for sigmoid and sigmoid') is done once."""
    with _kernels_lock:
        memo = _kernels.setdefault(act, {})
        if "vg" in memo:
            return memo["vg"]
    per = [_build_order(act, 0), _build_order(act, 1)]
    k = _assemble(f"{act.name}_value_and_grad", (0, 1), per)
    with _kernels_lock:
        memo["vg"] = k
    return k


def _suffix(order: int) -> str:
    return "" if order == 0 else f"_d{order}"
