"""The numpy runtime: a Program bound to a dtype on preallocated buffers, run in blocks, and
symact's own numpy erf / erfc / erfcx."""

from __future__ import annotations

import threading
import weakref
from typing import Any, Callable, Sequence, cast

import numpy as np

from ..spec import x
from .primitives import NP_UFUNC
from .ir import Const, Program, lower_sel_numpy

BLOCK = 16384
#: Export targets (``numpy`` is an alias of ``python``).

# ---------------------------------------------------------------------------------------
# numpy execution

def _erf_erfc_numpy() -> dict[str, Callable[..., Any]]:
    return {"erf": _np_erf, "erfc": _np_erfc, "erfcx": _np_erfcx}



class _Runner:
    """A program bound to a dtype: preassigned buffers, one closure per operation."""

    def __init__(self, prog: Program, dtype: np.dtype, compute: np.dtype | None = None) -> None:
        self.dtype = np.dtype(dtype)
        self.compute = np.dtype(compute or dtype)
        prog = lower_sel_numpy(prog)
        self.prog = prog
        self.nout = len(prog.outputs)
        # slots: 0 = x (compute dtype), 1..nout = outputs, then temps, then constants
        ops = prog.ops
        last_use: dict[int, int] = {}
        for i, (_, args) in enumerate(ops):
            for a in args:
                if isinstance(a, int):
                    last_use[a] = i
        out_of: dict[int, int] = {}
        for k, o in enumerate(prog.outputs):
            if isinstance(o, int) and o != 0 and o not in out_of:
                out_of[o] = k
        slot_of: dict[int, int] = {0: 0}
        free: list[int] = []
        ntemp = 0
        consts: dict[tuple[float, str, object], int] = {}
        const_vals: list[float] = []
        base_temp = 1 + self.nout
        steps: list[tuple[str, tuple[int, ...], int]] = []

        def const_slot(c: Const, direction: str = "") -> int:
            v = c.as_float()
            key = (v, direction, c.value if direction else None)
            if key not in consts:
                consts[key] = len(const_vals)
                const_vals.append(_directed(c, self.compute, direction) if direction else v)
            return -1 - consts[key]  # resolved later

        for i, (name, args) in enumerate(ops):
            vid = i + 1
            arg_slots = tuple(slot_of[a] if isinstance(a, int) else const_slot(a, _COMPARE_ROUNDING.get((name, k), ""))
                              for k, a in enumerate(args))
            # free the buffers of values that die here (they may be reused for the result)
            for a in set(a for a in args if isinstance(a, int)):
                if a != 0 and last_use.get(a) == i and a not in out_of and slot_of[a] >= base_temp:
                    free.append(slot_of[a])
            if vid in out_of:
                dst = 1 + out_of[vid]
            elif free:
                dst = free.pop()
            else:
                dst = base_temp + ntemp
                ntemp += 1
            slot_of[vid] = dst
            steps.append((name, arg_slots, dst))
            if vid not in last_use and vid not in out_of:
                free.append(dst)
        # outputs that are x, a constant, or a value that is also another output
        self.finals: list[tuple[int, Any]] = []
        for k, o in enumerate(prog.outputs):
            if isinstance(o, Const):
                self.finals.append((1 + k, ("fill", o.as_float())))
            elif out_of.get(o) != k:
                self.finals.append((1 + k, ("copy", slot_of[o])))
        self.ntemp = ntemp
        cbase = base_temp + ntemp
        with np.errstate(all="ignore"):
            self.consts = [np.array(v, dtype=self.compute) for v in const_vals]
        self.steps = [(name, tuple(s if s >= 0 else cbase + (-1 - s) for s in slots), dst) for name, slots, dst in steps]
        self._calls = [self._closure(name, slots, dst) for name, slots, dst in self.steps]

    def _closure(self, name: str, slots: tuple[int, ...], dst: int) -> Callable[[list[Any]], object]:
        if name == "split":
            a = slots[0]
            big, factor = _split_constants(self.compute)
            return lambda R: _np_split(R[a], R[dst], big, factor)
        if name in ("erf", "erfc", "erfcx"):
            fn = _erf_erfc_numpy()[name]
            a = slots[0]
            return lambda R: fn(R[a], R[dst])
        if name == "recip":
            a = slots[0]
            return lambda R: np.divide(1.0, R[a], R[dst])
        if name == "copy":
            a = slots[0]
            return lambda R: np.copyto(R[dst], R[a])
        uf = NP_UFUNC[name]
        if len(slots) == 1:
            a = slots[0]
            return lambda R: uf(R[a], R[dst])
        a, b = slots
        if name in ("max", "min"):  # numpy >= 2.4 wants out= by keyword for these two
            return lambda R: uf(R[a], R[b], out=R[dst])
        return lambda R: uf(R[a], R[b], R[dst])

    def _scratch(self, block: int) -> list[np.ndarray]:
        """Per-thread scratch buffers of at least ``block`` elements (temps, then the float64
        copies of the input and outputs when promoting), reused from call to call."""
        local = cast("dict[int, tuple[int, list[np.ndarray]]]", _scratch_local.__dict__)  # id(runner) -> (size, buffers)
        key = id(self)
        bufs = local.get(key)
        if bufs is None or bufs[0] < block:
            size = max(block, 1024)
            nbuf = self.ntemp + ((1 + self.nout) if self.compute != self.dtype else 0)
            bufs = (size, [np.empty(size, self.compute) for _ in range(nbuf)])
            local[key] = bufs
            _scratch_owners.setdefault(key, weakref.finalize(self, local.pop, key, None))
        return bufs[1]

    def run(self, xs: np.ndarray, outs: Sequence[np.ndarray]) -> None:
        """Compute into ``outs`` (1-D, contiguous, length of ``xs``) block by block."""
        n = xs.shape[0]
        if n == 0:
            return
        block = n if n < BLOCK else BLOCK
        promote = self.compute != self.dtype
        scratch = self._scratch(block)
        ntemp = self.ntemp
        temps = [b[:block] for b in scratch[:ntemp]]
        calls = self._calls
        finals = self.finals
        consts = self.consts
        if promote:
            xin = scratch[ntemp][:block]
            obuf = [b[:block] for b in scratch[ntemp + 1:ntemp + 1 + self.nout]]
        if n <= BLOCK and not promote:
            R = [xs, *outs, *temps, *consts]
            for c in calls:
                c(R)
            for slot, (kind, v) in finals:
                if kind == "fill":
                    R[slot].fill(v)
                else:
                    np.copyto(R[slot], R[v])
            return
        for start in range(0, n, BLOCK):
            stop = min(n, start + BLOCK)
            m = stop - start
            if promote:
                xb = xin[:m]
                np.copyto(xb, xs[start:stop])
                ob = [o[:m] for o in obuf]
            else:
                xb = xs[start:stop]
                ob = [o[start:stop] for o in outs]
            R = [xb, *ob, *(t[:m] for t in temps), *consts] if m != block else [xb, *ob, *temps, *consts]
            for c in calls:
                c(R)
            for slot, (kind, v) in finals:
                if kind == "fill":
                    R[slot].fill(v)
                else:
                    np.copyto(R[slot], R[v])
            if promote:
                for o, b in zip(outs, ob):
                    np.copyto(o[start:stop], b, casting="same_kind")


#: A comparison with a constant the dtype cannot hold is decided exactly when the constant is
#: rounded towards the side that keeps the answer: a >= c iff a >= up(c), a > c iff a > down(c),
#: c >= a iff down(c) >= a, c > a iff up(c) > a (up/down: the nearest floats above/below c).
#: Rounded to nearest, x >= -0.30000000000000004 held in float32 at x = -0.30000001192092896.
#: The constant is the float64 value of the threshold (so float64 programs are unchanged).
_COMPARE_ROUNDING = {("ge", 1): "up", ("gt", 1): "down", ("ge", 0): "down", ("gt", 0): "up"}


def _directed(c: Const, dtype: np.dtype, direction: str) -> float:
    """The constant ``c`` as a float64 (the value a breakpoint has in float64, as the ground
    truth and the record's kink convention place it) rounded up or down to ``dtype``."""
    import math

    import sympy as sp

    c64 = c.as_float()
    with np.errstate(all="ignore"):
        f = np.dtype(dtype).type(c64)
    if not math.isfinite(c64):
        return float(f)
    v = sp.Rational(c64)
    up = direction == "up"
    for _ in range(4):
        if np.isinf(f):
            if (f > 0) != up:
                f = np.nextafter(f, np.dtype(dtype).type(-np.inf if f > 0 else np.inf))
            break
        r = sp.Rational(float(f))
        if up and r < v:
            f = np.nextafter(f, np.dtype(dtype).type(np.inf))
        elif not up and r > v:
            f = np.nextafter(f, np.dtype(dtype).type(-np.inf))
        else:
            break
    return float(f)


_scratch_local = threading.local()
_scratch_owners: dict[int, Any] = {}


def _split_constants(dt: np.dtype) -> tuple[Any, Any]:
    """(clamp, 2^s + 1) of Veltkamp's splitting for a dtype (s = half the significand)."""
    if np.dtype(dt) == np.float32:
        return np.float32(1e18), np.float32(4097.0)
    return np.float64(1e150), np.float64(134217729.0)


def _np_split(a: np.ndarray, out: np.ndarray, big: float, factor: float) -> np.ndarray:
    """out = a rounded to half its significand (|a| clamped to ``big`` first: no overflow)."""
    np.minimum(a, big, out=out)
    np.maximum(out, -big, out=out)
    s = out * factor
    t = s - out
    np.subtract(s, t, out=out)
    return out


# errstate without the cost of building it on every call (numpy >= 2 keeps it in a context
# variable; fall back to np.errstate elsewhere)
try:  # pragma: no cover - depends on the numpy version
    from numpy._core._ufunc_config import (  # type: ignore[attr-defined]  # private names, absent from numpy's stubs
        _extobj_contextvar as _extobj_contextvar,
        _make_extobj as _make_extobj,
    )

    _QUIET = _make_extobj(all="ignore")

    class _quiet:
        __slots__ = ("token",)

        def __enter__(self) -> None:
            self.token = _extobj_contextvar.set(_QUIET)

        def __exit__(self, *exc: Any) -> None:
            _extobj_contextvar.reset(self.token)

except Exception:  # pragma: no cover
    class _quiet:  # type: ignore[no-redef]
        __slots__ = ("es",)

        def __enter__(self) -> None:
            self.es = np.errstate(all="ignore")
            self.es.__enter__()

        def __exit__(self, *exc: Any) -> None:
            self.es.__exit__(*exc)


# ---------------------------------------------------------------------------------------
# erf and erfc in numpy (numpy has none; SciPy is not a runtime dependency).  The
# coefficients are symact's own Chebyshev fits (mpmath.chebyfit at 60 digits, regenerated
# and compared by ``fit_erf_coefficients`` in the tests):
#   |z| < 1/2:  erf(z) = z P(z^2), P of degree 9 fitted to erf(z)/z on s = z^2 in [0, 1/4]
#               (relative error of the fit < 3e-20);
#   |z| >= 1/2: erfc(|z|) = exp(-z^2) F(t) / (1 + |z|/3), t = (|z| - 3)/(|z| + 3) (Weideman's
#               map of [0, oo) to [-1, 1)), F of degree 23 fitted on z in [1/2, 27.3]
#               (relative error < 1e-19); exp(-z^2) = exp(-h^2) exp(-(z - h)(z + h)) with h
#               the upper 26 bits of z, so that h^2 is exact (no error amplified by z^2).
#   erfc(-z) = 2 - erfc(z), erf(z) = 1 - erfc(z) for z >= 1/2; erfc = 0 beyond z = 27.3.
# Measured (see tests): erfc within 5 ULP in float64 where its value is normal.
_ERFC_K = 3.0
_ERFC_ZMAX = 27.3
_ERFCX_T = (5.187201428157529e-10, -2.884912268589846e-10, -3.807805818126898e-09, -1.189016915473478e-10,
            1.8581677449137877e-08, 1.488885713912932e-08, -7.947176169321866e-08, -1.3552846209356705e-07,
            3.33937009462716e-07, 9.215328488115738e-07, -1.5834531952184243e-06, -5.823428969864542e-06,
            1.0132817285744028e-05, 3.585380872626872e-05, -9.225929772563211e-05, -0.0001827698946690867,
            0.0010113540019302811, -0.00040413887591836064, -0.008942411541574848, 0.03984258709576961,
            -0.10348908730018719, 0.1967427857013672, -0.2944648177232946, 0.3580023023627799)
_ERF_SMALL = (-1.462091340945175e-07, 1.637123442577e-06, -1.4923003368152099e-05, 0.00012055286202005714,
              -0.0008548326510724796, 0.0052239776220169365, -0.02686617064499972, 0.1128379167095487,
              -0.3761263890318375, 1.1283791670955126)


def fit_erf_coefficients() -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Recompute (_ERFCX_T, _ERF_SMALL) with mpmath (slow: for the tests)."""
    import mpmath

    with mpmath.workdps(60):
        k = mpmath.mpf(_ERFC_K)

        def big(t: Any) -> Any:
            z = k * (1 + t) / (1 - t)
            return mpmath.exp(z * z) * mpmath.erfc(z) * (1 + z / k)

        lo, hi = mpmath.mpf("0.5"), mpmath.mpf(repr(_ERFC_ZMAX))
        p = mpmath.chebyfit(big, [(lo - k) / (lo + k), (hi - k) / (hi + k)], len(_ERFCX_T))

        def small(s: Any) -> Any:
            return mpmath.erf(mpmath.sqrt(s)) / mpmath.sqrt(s) if s > 0 else 2 / mpmath.sqrt(mpmath.pi)

        q = mpmath.chebyfit(small, [0, mpmath.mpf("0.25")], len(_ERF_SMALL))
    return tuple(float(c) for c in p), tuple(float(c) for c in q)


def _np_erfc_abs(a: np.ndarray) -> np.ndarray:
    """erfc(a) for a >= 1/2 (float64 array; NaN propagates)."""
    am = np.minimum(a, _ERFC_ZMAX)
    t = (am - _ERFC_K) / (am + _ERFC_K)
    acc: np.ndarray = np.full_like(t, _ERFCX_T[0])  # (this function's source is copied into the Python export: no cast())
    for c in _ERFCX_T[1:]:
        acc *= t
        acc += c
    a = np.minimum(a, 28.0)  # exp(-28^2) = 0: erfc is 0 from 27.3 on, and a stays finite
    s = a * 134217729.0  # 2^27 + 1: Veltkamp split, h has at most 26 significant bits
    h = s - (s - a)
    e = np.exp(-(h * h))
    e *= np.exp(-((a - h) * (a + h)))
    acc *= e
    acc /= 1.0 + am / _ERFC_K
    return acc


def _np_erf_small(z: np.ndarray) -> np.ndarray:
    """erf(z) for |z| < 1/2 (float64 array)."""
    s = z * z
    acc = np.full_like(z, _ERF_SMALL[0])
    for c in _ERF_SMALL[1:]:
        acc *= s
        acc += c
    acc *= z
    return acc


def _np_erfc(z: np.ndarray, out: np.ndarray) -> np.ndarray:
    """out[...] = erfc(z), computed in float64 (see the comment above for the method)."""
    z = np.asarray(z, dtype=np.float64)
    a = np.abs(z)
    small = a < 0.5
    res = np.empty_like(z)
    if small.all():
        np.subtract(1.0, _np_erf_small(z), out=res)
    elif not small.any():
        r = _np_erfc_abs(a)
        np.copyto(res, r)
        neg = z < 0
        if neg.any():
            res[neg] = 2.0 - r[neg]
    else:
        idx = np.flatnonzero(small)
        res[idx] = 1.0 - _np_erf_small(z[idx])
        big = np.flatnonzero(~small)
        zb = z[big]
        r = _np_erfc_abs(np.abs(zb))
        neg = zb < 0
        r[neg] = 2.0 - r[neg]
        res[big] = r
    np.copyto(out, res, casting="same_kind")
    return out


def _np_erfcx(z: np.ndarray, out: np.ndarray) -> np.ndarray:
    """out[...] = exp(z^2) erfc(z), computed in float64: for z >= 1/2 the fit F(t)/(1 + z/3)
    (no exponential) and beyond 27.3 the asymptotic series 1/(z sqrt(pi)) sum (-1)^k
    (2k - 1)!!/(2 z^2)^k (7 terms: below 1e-17 there); for |z| < 1/2 exp(z^2)(1 - erf(z));
    for z <= -1/2, 2 exp(z^2) - erfcx(-z) (overflows to inf below -26.6)."""
    z = np.asarray(z, dtype=np.float64)
    a = np.abs(z)
    am = np.minimum(np.maximum(a, 0.5), _ERFC_ZMAX)
    t = (am - _ERFC_K) / (am + _ERFC_K)
    acc = np.full_like(t, _ERFCX_T[0])
    for c in _ERFCX_T[1:]:
        acc *= t
        acc += c
    acc /= 1.0 + am / _ERFC_K
    far = a > _ERFC_ZMAX
    if far.any():
        af = a[far]
        r = 1.0 / (2.0 * af * af)
        ser = np.ones_like(af)
        for k in range(7, 0, -1):
            ser = 1.0 - (2 * k - 1) * r * ser
        acc[far] = ser / (af * 1.7724538509055160273)
    small = a < 0.5
    if small.any():
        zs = z[small]
        acc[small] = np.exp(zs * zs) * (1.0 - _np_erf_small(zs))
    neg = z <= -0.5
    if neg.any():
        zn = z[neg]
        acc[neg] = 2.0 * np.exp(zn * zn) - acc[neg]
    np.copyto(out, acc, casting="same_kind")
    return out


def _np_erf(z: np.ndarray, out: np.ndarray) -> np.ndarray:
    """out[...] = erf(z), computed in float64."""
    z = np.asarray(z, dtype=np.float64)
    a = np.abs(z)
    small = a < 0.5
    res = np.empty_like(z)
    if small.all():
        res[...] = _np_erf_small(z)
    else:
        idx = np.flatnonzero(small)
        res[idx] = _np_erf_small(z[idx])
        big = np.flatnonzero(~small)
        zb = z[big]
        r = 1.0 - _np_erfc_abs(np.abs(zb))
        res[big] = np.copysign(r, zb)
    np.copyto(out, res, casting="same_kind")
    return out
