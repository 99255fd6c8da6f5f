"""Measurement: THE accuracy contract, samples over the whole float range (tails, subnormal
outputs, roots, kinks), high-precision ground truth, and measure() for any implementation."""

from __future__ import annotations

import math
import threading
from typing import Any, Callable, Iterable, Sequence, cast

import numpy as np
import sympy as sp

from .. import budget
from .. import rewrite as rw
from ..errors import DefinitionError, ParameterError, UsageError
from ..results import Accuracy
from ..spec import Activation, x
from .ir import Program
from .lower import to_float
from .runtime import _Runner, _quiet

# ---------------------------------------------------------------------------------------
# sampling and ground truth
#: The special points of the accuracy contract (float64), and float32's thresholds.
SPECIAL64 = (0.0, -0.0, 1e-300, -1e-300, 20.0, -20.0, 37.0, -37.0, 40.0, -40.0, 709.8, -709.8, 745.0, -745.0,
             1e308, -1e308, 5e-324, -5e-324, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 1e-8, -1e-8, 710.0, -710.0,
             38.0, -38.0, 1e154, -1e154, 1.8e308, -1.8e308)
SPECIAL32 = (0.0, -0.0, 1e-30, -1e-30, 17.0, -17.0, 20.0, -20.0, 37.0, -37.0, 40.0, -40.0, 88.8, -88.8, 103.98,
             -103.98, 1e38, -1e38, 3.4e38, -3.4e38, 1.4e-45, -1.4e-45, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0,
             1e-8, -1e-8, 9.0, -9.0)


def sample(dtype: Any = np.float64, lo: float = -math.inf, hi: float = math.inf, n: int = 240, seed: int = 0,
           include: Iterable[float] = ()) -> np.ndarray:
    """Reproducible test inputs of ``dtype`` in [lo, hi]: a log-uniform sample of magnitudes
    over every finite float of the dtype (both signs, subnormals included; n/6 points), a
    denser log-uniform sample of |x| in [1e-6, 1e3] (n/6), a uniform sample of [-8, 8] (n/2,
    where rounding errors of most formulas peak), n/6 points spread evenly over the decades
    of |x| from 1e-8 to 1e12 (so that no moderate range goes unsampled), the special points
    and ``include``; sorted, without duplicates."""
    dt = np.dtype(dtype)
    info = np.finfo(dt)
    rng = np.random.default_rng(seed)
    k_full, k_log = max(n // 6, 8), max(n // 6, 8)
    k_uni = max(n // 2, 8)
    lmin, lmax = math.log10(float(info.smallest_subnormal)), math.log10(float(info.max))
    # every decade of |x| in [1e-8, 1e12] gets points of its own, on both sides of 0
    per = max(1, (n - k_full - k_log - k_uni) // 40)
    strata = np.concatenate([10 ** rng.uniform(d, d + 1, per) for d in range(-8, 12)]) if per else np.zeros(0)
    mags = [10 ** rng.uniform(lmin, lmax, k_full), 10 ** rng.uniform(-6, 3, k_log), rng.uniform(0, 8, k_uni), strata, strata]
    signs = [rng.choice([-1.0, 1.0], len(m)) for m in mags[:3]] + [np.ones(len(strata)), -np.ones(len(strata))]
    with np.errstate(all="ignore"):
        pts = np.concatenate([m * s for m, s in zip(mags, signs)] + [np.array(SPECIAL64 if dt == np.float64 else SPECIAL32 + SPECIAL64[:0]),
                              np.array(list(include), dtype=float)])
        pts = pts.astype(dt)
    pts = pts[np.isfinite(pts)]
    lo_d, hi_d = dt.type(lo) if math.isfinite(lo) else -np.inf, dt.type(hi) if math.isfinite(hi) else np.inf
    pts = pts[(pts >= lo_d) & (pts <= hi_d)]
    # keep -0.0 next to 0.0: np.unique would merge them
    negzero = np.any((pts == 0) & np.signbit(pts))
    pts = np.unique(pts)
    if negzero and np.any(pts == 0):
        pts = np.concatenate([np.array([-0.0], dtype=dt), pts])
        pts = pts[np.argsort(pts, kind="stable")]
    return pts


_truth_cache: dict[Any, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
_truth_lock = threading.Lock()
_MAX_DPS = 1300


def truth_expr(expr: sp.Expr, xs: np.ndarray, dps: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``expr`` at every point of ``xs`` with mpmath (:func:`symact.numeric.compile_mp`), at
    ``dps`` digits and then at higher precision until two evaluations agree to 30 digits (so
    a reference that cancels, such as 1 - tanh(x)^2 at x = 300, is computed right; up to
    1300 digits).  Returns ``(hi, lo, ok)``: the value as a double-double hi + lo, and
    whether it was resolved (a value still 0 or unsettled at 1300 digits has modulus below
    1e-1200 relative to its terms: far below the smallest subnormal)."""
    import mpmath

    from ..numeric import NumericError, compile_mp

    key = (expr, xs.dtype.str, xs.tobytes(), dps)
    with _truth_lock:
        hit = _truth_cache.get(key)
    if hit is not None:
        return hit
    watch = [0.0, -math.inf]
    try:
        fn = compile_mp(rw.to_sympy(expr), watch=watch)
    except NumericError as exc:
        raise DefinitionError(f"cannot evaluate {expr} in high precision: {exc}") from None
    hi = np.empty(len(xs))
    lo = np.zeros(len(xs))
    ok = np.ones(len(xs), dtype=bool)
    for i, xv in enumerate(xs.astype(np.float64)):
        p = mpmath.mpf(float(xv))
        prec = dps
        try:
            while True:
                watch[0], watch[1] = 0.0, -math.inf
                with mpmath.workdps(prec):
                    v = fn(p)
                if isinstance(v, mpmath.mpc):
                    if abs(mpmath.im(v)) > abs(mpmath.re(v)) * mpmath.mpf(10) ** -40:
                        raise ValueError("complex value")
                    v = mpmath.re(v)
                lost = watch[0] * 0.30103  # digits
                if lost <= prec - 32:
                    break
                # the error of the cancelling sums is below 2^(largest term - precision): if
                # that and the value itself are far below the smallest subnormal, it is 0
                err_bits = watch[1] - prec * 3.3219
                if err_bits < -1100 and (v == 0 or mpmath.mag(v) < -1100):
                    v = mpmath.mpf(0)
                    break
                if prec >= _MAX_DPS:
                    # still cancelling at 1300 digits: the value is 0 or below 10^-1200 relative
                    # to its terms, far below any float; flagged unless it came out as 0
                    ok[i] = v == 0 or lost == math.inf
                    break
                prec = min(_MAX_DPS, max(2 * prec, int(lost) + 60 if lost != math.inf else 2 * prec))
        except (ValueError, ZeroDivisionError, OverflowError):
            hi[i] = np.nan
            ok[i] = False
            continue
        with mpmath.workdps(40):
            h = float(v)
            hi[i] = h
            if math.isfinite(h) and h != 0:
                lo[i] = float(v - h)
    res = (hi, lo, ok)
    with _truth_lock:
        _truth_cache[key] = res
    return res


def _ulp_of(v: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """The unit in the last place of ``dtype`` at |v| (smallest subnormal below the normal range)."""
    info = np.finfo(dtype)
    a = np.abs(v)
    with np.errstate(all="ignore"):
        e = np.frexp(np.where(np.isfinite(a), a, 1.0))[1].astype(np.int64) - 1
        u = np.ldexp(1.0, e - info.nmant)
    return np.where(a < float(info.smallest_normal), float(info.smallest_subnormal), u)


def _abs_error(y: np.ndarray, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    yd = y.astype(np.float64)
    with np.errstate(all="ignore"):
        d = np.abs((yd - hi) - lo)
    same_inf = np.isinf(yd) & (yd == hi)
    d = np.where(same_inf, 0.0, d)
    return np.where(np.isnan(d), np.inf, d)


# ---------------------------------------------------------------------------------------
# THE ACCURACY CONTRACT (stated once; plan selection, measure(), the tests and
# benchmarks/accuracy.py all apply it through error_ratios)
#
# For f, f', f'' of every activation, at every parameter value, in float64, float32 and float16
# (each in its own precision), with g the function computed and v = g(x) its true value:
#   * v a normal float:     |error| <= B ulp(v), B = 4 (2 for sigmoid and softplus themselves),
#                           relative everywhere, tails included;
#   * v below the normal range (subnormal or 0): |error| <= 1 ulp of the subnormal spacing;
#   * |v| beyond the largest float: an infinity (or the largest float) of the right sign;
#   * the only relaxation: within the *root window* |x - r| <= ROOT_WINDOW |r| of a non-zero
#     root r of g, 4 eps |x g'(x)| is added to the bound (g is ill-conditioned there: an
#     error of one rounding in x moves g by that much).  Roots are the sign changes of g,
#     located by bisection in high precision (the few nearest 0, |x| < 1e3).
#   * NaN for non-NaN input is never allowed; +-inf give the limits, NaN gives NaN.
#: Relative half-width of the window around a non-zero root where 4 eps |x g'(x)| is allowed.
ROOT_WINDOW = 0.125
#: Error allowed where the true value is below the normal range, in units of the smallest subnormal.
SUBNORMAL_ULP = 1.0
#: Records held to 2 ULP (their order-0 kernel at the default parameters: softplus with
#: beta != 1 ends with a rounded division by beta, and exp, the error-free product and log1p
#: before it leave 1.9-2.1 ULP, measured); every other cell is held to 4 ULP.
TIGHT_RECORDS = ("sigmoid", "softplus")


def contract_ulp(act: Activation | str, order: int) -> float:
    """The contract's B for f^(order) of ``act`` (a record, or a record's name at its defaults)."""
    name = act if isinstance(act, str) else act.name
    if order != 0 or name not in TIGHT_RECORDS:
        return 4.0
    if isinstance(act, str):
        return 2.0
    defaults = {p.name: p.default for p in act.params}
    return 2.0 if all(v is None or v == defaults.get(k) for k, v in (act.values or {}).items()) else 4.0


def root_window_mask(xs: np.ndarray, roots: Sequence[float]) -> np.ndarray:
    """Mask of the points inside the root window of some non-zero root."""
    m = np.zeros(len(xs), dtype=bool)
    for r in roots:
        if r != 0 and math.isfinite(r):
            m |= np.abs(xs.astype(np.float64) - r) <= ROOT_WINDOW * abs(r)
    return m


def error_ratios(y: np.ndarray, xs: np.ndarray, hi: np.ndarray, lo: np.ndarray, ok: np.ndarray, dtype: np.dtype,
            bound_ulp: float, xdf: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(error in ULPs, error / bound, mask of points whose true value is normal in dtype), under
    the contract above; ``xdf`` is x g'(x) inside the root windows and 0 outside them."""
    info = np.finfo(dtype)
    d = _abs_error(y, hi, lo)
    a = np.abs(hi)
    normal = ok & (a >= float(info.smallest_normal)) & (a <= float(info.max))
    u = _ulp_of(hi, dtype)
    with np.errstate(all="ignore"):
        ulps = np.where(normal, d / u, 0.0)
    allowed = bound_ulp * u
    slack = 4.0 * float(info.eps) * np.abs(xdf) if xdf is not None else 0.0
    allowed = allowed + slack
    # below the normal range: within one unit of the subnormal spacing
    tiny = float(info.smallest_normal)
    allowed = np.where(normal, allowed, np.where(ok & (a < tiny), SUBNORMAL_ULP * float(info.smallest_subnormal) + slack, np.inf))
    with np.errstate(all="ignore"):
        ratio = np.where(ok, d / allowed, 0.0)
    # beyond the largest float: the result must be an infinity of the right sign (or the max)
    over = ok & (a > float(info.max))
    if over.any():
        good = (np.sign(y[over]) == np.sign(hi[over])) & (np.abs(y[over].astype(np.float64)) >= float(info.max))
        ratio[over] = np.where(good, 0.0, np.inf)
    ratio = np.where(ok & np.isnan(y), np.inf, ratio)
    return ulps, ratio, normal


def run_program(prog: Program, xs: np.ndarray, dtype: np.dtype, compute: np.dtype | None = None) -> list[np.ndarray]:
    """Run ``prog`` on ``xs`` (no guard) under a quiet errstate; one array per output."""
    runner = _Runner(prog, dtype, compute)
    outs = [np.empty(len(xs), dtype) for _ in prog.outputs]
    with _quiet():
        runner.run(np.ascontiguousarray(xs, dtype=dtype), outs)
    return outs


def finite_everywhere(prog: Program, dtypes: Sequence[np.dtype]) -> bool:
    """Whether ``prog`` returns finite values at every finite sample point of each dtype."""
    for dt in dtypes:
        xs = sample(dt, n=120, seed=3)
        y = run_program(prog, xs, dt)[0]
        if not np.isfinite(y).all():
            return False
    return True



def piece_points(dtype: np.dtype, lo: float, hi: float, owned: Sequence[float], n: int, seed: int) -> np.ndarray:
    xs = sample(dtype, lo, hi, n=n, seed=seed)
    inside = (xs > lo) & (xs < hi)
    own = np.array([v for v in owned], dtype=dtype)
    pts = np.concatenate([xs[inside], own])
    order = np.argsort(pts, kind="stable")
    return pts[order]


_MAX_ROOTS = 6
def sample_roots(expr: sp.Expr, xs: np.ndarray, h: np.ndarray, ok: np.ndarray) -> list[float]:
    """The zeros of expr inside the sample (sign changes, refined by bisection in mpmath), the
    ones nearest 0 first (at most a few: a periodic function has infinitely many)."""
    import mpmath

    from ..numeric import compile_mp

    sel = ok & np.isfinite(h) & (h != 0) & (np.abs(xs) < 1e3)
    xv, hv = xs[sel], h[sel]
    idx = np.flatnonzero(np.sign(hv[1:]) != np.sign(hv[:-1]))
    if len(idx) == 0:
        return []
    nearest = sorted(idx, key=lambda i: abs(xv[i]))[:_MAX_ROOTS]
    fn = compile_mp(rw.to_sympy(expr))
    out = []
    with mpmath.workdps(40):
        for i in nearest:
            a, b = mpmath.mpf(float(xv[i])), mpmath.mpf(float(xv[i + 1]))
            fa = fn(a)
            for _ in range(70):
                m = (a + b) / 2
                fm = fn(m)
                if (fm > 0) == (fa > 0):
                    a, fa = m, fm
                else:
                    b = m
            out.append(float((a + b) / 2))
    return sorted(out)


def _piece_roots(exprs: Sequence[sp.Expr], ivals: Sequence[tuple[float, float]], x64: np.ndarray, h: np.ndarray,
                 ok: np.ndarray, bps: Sequence[Any] = ()) -> list[float]:
    """The non-zero roots of a piecewise function inside its pieces (not its jumps), and the
    non-zero breakpoints where a piece that depends on x vanishes exactly (softshrink's x + lambd
    at x = -lambd: a root of the function, whose window the contract grants as for any root;
    lambd = 0.30000000000000004 is the decimal, which the kernel's float threshold cannot hold)."""
    from .. import rigorous as R

    out: list[float] = []
    for e, (a, b) in zip(exprs, ivals):
        if not e.has(x):
            continue
        m = (x64 > a) & (x64 < b)
        if m.sum() >= 2:
            out += [r for r in sample_roots(e, x64[m], h[m], ok[m]) if r != 0]
        for bp in bps:
            at = to_float(bp.at)
            if at == 0 or at not in (a, b) or not math.isfinite(at):
                continue
            v = e.xreplace({x: bp.at})
            if v == 0 or (isinstance(v, sp.Expr) and not v.free_symbols and R.exact_zero(v, seconds=1.0)):
                out.append(at)
    return sorted(set(out))


def class_transitions(x64: np.ndarray, h: np.ndarray, ok: np.ndarray, dtype: np.dtype, k: int = 24) -> np.ndarray:
    """Points between neighbouring sample points where the true value changes class (normal,
    below the normal range, zero, beyond the largest float) in ``dtype``: the tails where
    results become subnormal, underflow or overflow."""
    info = np.finfo(dtype)
    a = np.abs(h)
    cls = np.where(~ok | ~np.isfinite(h), 4, np.where(a == 0, 0, np.where(a < float(info.smallest_normal), 1,
                                                                           np.where(a > float(info.max), 3, 2))))
    idx = np.flatnonzero(cls[1:] != cls[:-1])
    pts = []
    for i in idx[:64]:
        lo_, hi_ = float(x64[i]), float(x64[i + 1])
        if not (math.isfinite(lo_) and math.isfinite(hi_)) or lo_ == hi_:
            continue
        if (lo_ > 0) == (hi_ > 0) and lo_ != 0 and hi_ != 0 and max(abs(lo_), abs(hi_)) > 4 * min(abs(lo_), abs(hi_)):
            s = np.sign(lo_)
            pts.append(s * np.geomspace(abs(lo_), abs(hi_), k))
        else:
            pts.append(np.linspace(lo_, hi_, k))
    if not pts:
        return np.zeros(0, dtype)
    with np.errstate(all="ignore"):
        out: np.ndarray = np.concatenate(pts).astype(dtype)
    finite: np.ndarray = out[np.isfinite(out)]  # an annotation, not a cast: numpy 2.5's stubs type it already
    return finite


def points_near_roots(roots: Sequence[float], dtype: np.dtype, lo: float, hi: float, offsets: np.ndarray | None = None) -> np.ndarray:
    """Points close to each root: offsets 1e-9 .. 1.2 on both sides, log-spaced, and uniform
    (or the given ``offsets``)."""
    offs = np.concatenate([np.logspace(-9, 0, 32), np.linspace(0.02, 1.2, 40)]) if offsets is None else offsets
    pts = np.concatenate([np.concatenate([r - offs, r + offs, [r]]) for r in roots]).astype(dtype)
    return pts[(pts > lo) & (pts < hi)]



def pieces_of(act: Activation, order: int) -> tuple[list[sp.Expr], list[tuple[float, float]], list[Any], list[sp.Expr]]:
    from ..derive import piece_derivatives

    if act.free_params:
        raise ParameterError(
            f"{act.name}: parameter(s) {', '.join(p.name for p in act.free_params)} are symbolic; "
            "a numeric kernel needs values (use with_params or --param NAME=VALUE)"
        )
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 2:
        raise UsageError(f"kernel order must be 0, 1 or 2, got {order!r}")
    pcs = act.pieces.pieces
    exprs = list(piece_derivatives(act, order))
    nexts = list(piece_derivatives(act, order + 1))
    ivals = [(to_float(p.lo), to_float(p.hi)) for p in pcs]
    return exprs, ivals, list(act.pieces.breakpoints), nexts


def owned_breakpoints(bps: Sequence[Any], i: int, npieces: int) -> list[float]:
    """Breakpoints whose value the kernel takes from piece i (the kink convention)."""
    out = []
    if i > 0:
        bp = bps[i - 1]
        if bp.side in ("right", "point"):
            out.append(to_float(bp.at))
    if i < npieces - 1:
        bp = bps[i]
        if bp.side == "left":
            out.append(to_float(bp.at))
    return out


def changes_sign(exprs: Sequence[sp.Expr], ivals: Sequence[tuple[float, float]], bps: Sequence[Any], order: int) -> bool:
    """Whether f^(order) takes both signs (then the 4 ulp(f) + 4 eps |x f'| bound applies)."""
    pos = neg = False
    for i, (e, (lo, hi)) in enumerate(zip(exprs, ivals)):
        if not e.has(x):
            v = float(sp.N(e, 20))
            pos |= v > 0
            neg |= v < 0
            continue
        xs = piece_points(np.dtype(np.float64), lo, hi, owned_breakpoints(bps, i, len(exprs)), 120, 11)
        if len(xs) == 0:
            continue
        h, _, ok = truth_expr(e, xs.astype(np.float64))
        h = h[ok]
        pos |= bool(np.any(h > 0))
        neg |= bool(np.any(h < 0))
    if order == 0:
        for bp in bps:
            v = float(sp.N(bp.value, 20))
            pos |= v > 0
            neg |= v < 0
    return pos and neg


def limit_at_infinity(e: sp.Expr, sign: int) -> float:
    """lim_{x -> sign oo} e as a float (inf/-inf; nan if it does not exist): read off the
    reference far out when it has settled there, else from SymPy's limit."""
    if not e.has(x):
        return float(sp.N(e, 30))
    far = np.array([sign * 1e300, sign * 1.7e308])
    h, _, ok = truth_expr(e, far)
    if ok.all():
        if h[0] == h[1] and math.isfinite(h[0]):
            return float(h[0])
        if np.isinf(h[1]) and np.sign(h[1]) == np.sign(h[0]) and abs(h[0]) > 1e250:
            return float(h[1])
        if abs(h[1]) > abs(h[0]) > 1e250 and np.sign(h[1]) == np.sign(h[0]):
            return math.copysign(math.inf, h[1])
    try:
        lim = budget.run(sp.limit, e, x, sign * sp.oo, seconds=min(3.0, budget.default_seconds()), what="limit of a kernel")
        if lim == sp.oo:
            return math.inf
        if lim == -sp.oo:
            return -math.inf
        if lim.is_number and lim.is_real and lim.is_finite:
            return float(sp.N(lim, 30))
        if lim.has(sp.AccumBounds) or lim is sp.nan:
            return math.nan
    except budget.Timeout:
        pass
    except (NotImplementedError, ValueError, TypeError):
        pass
    # numerically: the value far out, where the float result settles
    hi, _, ok = truth_expr(e, np.array([sign * 1e300, sign * 1.7e308]))
    if ok.all() and hi[0] == hi[1]:
        return float(hi[1])
    return math.nan



# ---------------------------------------------------------------------------------------
# measuring any implementation against the ground truth (tests, benchmarks)
def truth(act: Activation, order: int, xs: np.ndarray, dps: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """f^(order) of ``act`` at the finite points ``xs`` in high precision: ``(hi, lo, ok)`` as in
    :func:`truth_expr`, each point evaluated with the formula of its piece (at a breakpoint,
    the piece the kink convention names)."""
    exprs, ivals, bps, _ = pieces_of(act, order)
    return _truth_pieces(exprs, ivals, bps, order, np.asarray(xs, dtype=np.float64), dps)


def _truth_pieces(exprs: Sequence[sp.Expr], ivals: Sequence[tuple[float, float]], bps: Sequence[Any], order: int,
                  xs: np.ndarray, dps: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    hi = np.full(len(xs), np.nan)
    lo = np.zeros(len(xs))
    ok = np.zeros(len(xs), dtype=bool)
    assigned = np.zeros(len(xs), dtype=bool)
    for j, bp in enumerate(bps):
        at = to_float(bp.at)
        m = xs == at
        if not m.any():
            continue
        if bp.side == "point" and order == 0:
            v = float(sp.N(bp.value, 30))
            hi[m], ok[m] = v, True
        else:
            piece = j if bp.side == "left" else j + 1
            h, l, o = truth_expr(exprs[piece], xs[m], dps)
            hi[m], lo[m], ok[m] = h, l, o
        assigned |= m
    for e, (a, b) in zip(exprs, ivals):
        m = (xs > a) & (xs < b) & ~assigned
        if m.any():
            h, l, o = truth_expr(e, xs[m], dps)
            hi[m], lo[m], ok[m] = h, l, o
            assigned |= m
    return hi, lo, ok


def contract_points(act: Activation, order: int, dtype: Any = np.float64, n: int = 1500, seed: int = 0) -> np.ndarray:
    """The points on which :func:`measure` checks the contract: :func:`sample` (``n`` points
    over the whole float range of the dtype, both tails, the special points), the breakpoints
    and their neighbours, and extra points around every root and wherever the true value
    leaves the normal range (subnormal outputs, underflow, overflow)."""
    dt = np.dtype(dtype)
    exprs, ivals, bps, _ = pieces_of(act, order)
    if order >= 1:
        bps = [bp if bp.side != "point" else type(bp)(bp.at, bp.value, "right") for bp in bps]
    extra: list[float] = []
    for bp in bps:
        at = to_float(bp.at)
        extra += [at, float(np.nextafter(dt.type(at), dt.type(np.inf))), float(np.nextafter(dt.type(at), dt.type(-np.inf))),
                  at + 1e-6, at - 1e-6]
    xs = sample(dt, n=n, seed=seed, include=extra)
    x64 = xs.astype(np.float64)
    hi, lo, ok = _truth_pieces(exprs, ivals, bps, order, x64)
    roots = _piece_roots(exprs, ivals, x64, hi, ok, bps)
    more = [points_near_roots(roots, dt, -math.inf, math.inf) if roots else np.zeros(0, dt), class_transitions(x64, hi, ok, dt)]
    with np.errstate(all="ignore"):
        return np.unique(np.concatenate([xs, *[m.astype(dt) for m in more]]))


def measure(fn: Callable[[np.ndarray], Any], act: Activation, order: int, dtype: Any = np.float64, n: int = 1500,
            seed: int = 0, bound_ulp: float = 4.0, xs: np.ndarray | None = None) -> Accuracy:
    """The accuracy of ``fn`` (any callable on arrays: a kernel, exported code, SciPy, ...) as
    f^(order) of ``act`` in ``dtype`` under THE contract (see ROOT_WINDOW above; ``bound_ulp``
    is B, :func:`contract_ulp` gives the record's): on ``xs`` or on :func:`contract_points`,
    against :func:`truth`.  +-inf must give the limits and NaN must give NaN (counted in
    ``nan_bad``).  The result names the worst point (largest error over the bound)."""
    dt = np.dtype(dtype)
    exprs, ivals, bps, nexts = pieces_of(act, order)
    if order >= 1:
        bps = [bp if bp.side != "point" else type(bp)(bp.at, bp.value, "right") for bp in bps]
    if xs is None:
        xs = contract_points(act, order, dt, n, seed)
    xs = np.asarray(xs, dtype=dt)
    x64 = xs.astype(np.float64)
    hi, lo, ok = _truth_pieces(exprs, ivals, bps, order, x64)
    roots = _piece_roots(exprs, ivals, x64, hi, ok, bps)
    mixed = changes_sign(exprs, ivals, bps, order)
    xdf = None
    if mixed and roots:
        dh, _, dok = _truth_pieces(nexts, ivals, [type(bp)(bp.at, bp.value, bp.side if bp.side != "point" else "right") for bp in bps],
                                   order + 1, x64)
        with np.errstate(all="ignore"):
            xdf = np.where(dok & root_window_mask(x64, roots), x64 * dh, 0.0)
    with np.errstate(all="ignore"):
        y = np.asarray(fn(xs))
    if y.dtype != dt:
        y_cmp = y.astype(np.float64)
        y = y.astype(dt)
    ulps, ratio, normal = error_ratios(y, xs, hi, lo, ok, dt, bound_ulp, xdf)
    nan_bad = int(np.sum(np.isnan(y) & ~np.isnan(xs)))
    # the special values
    limits = (limit_at_infinity(exprs[0], -1), limit_at_infinity(exprs[-1], 1))
    sp_x = np.array([np.inf, -np.inf, np.nan], dtype=dt)
    with np.errstate(all="ignore"):
        sp_y = np.asarray(fn(sp_x)).astype(dt)
    want = np.array([limits[1], limits[0], np.nan], dtype=dt)
    nan_bad += int(np.sum(~((sp_y == want) | (np.isnan(sp_y) & np.isnan(want)))))
    i = int(np.argmax(ratio)) if len(ratio) else 0
    worst = (float(y[i]), float(hi[i] + lo[i])) if len(ratio) else (0.0, 0.0)
    return Accuracy(dt.name, len(xs), float(ulps.max(initial=0.0)), float(ratio.max(initial=0.0)),
                    float(xs[i]) if len(xs) else 0.0, nan_bad, mixed, bound_ulp, int(np.sum(~ok)), worst[0], worst[1],
                    tuple(roots))
