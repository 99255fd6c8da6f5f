"""Plan selection (Herbie's idea): every candidate measured, the cheapest plan meeting the
contract chosen, with regimes (intervals with their own candidate) by dynamic programming."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import sympy as sp

from .. import rewrite as rw
from ..errors import DefinitionError
from ..results import PieceChoice, Regime
from ..spec import x
from .primitives import COST
from .ir import Program
from .lower import float_as_exact, lower
from .measure import finite_everywhere, points_near_roots, piece_points, error_ratios, sample_roots, run_program, class_transitions, root_window_mask, truth_expr

# ---------------------------------------------------------------------------------------
# choosing candidates: per piece, per dtype, with regimes
#: Split points the regime search may use (inside a piece's interval).
_SPLITS = tuple(sorted({0.0} | {s * c * 10.0**k for s in (-1.0, 1.0) for c in (1.0, 2.0, 5.0) for k in range(-3, 21)}))
_SEL_COST = COST["sel"] + 2 * COST["min"]
#: A solution within 2 ULP is preferred to a 4-ULP one unless it costs more than this factor.
_TIGHT_COST_FACTOR = 3.0
_TIGHT_COST_FACTOR_MIXED = 1.25
#: "Within 2 ULP" on the selection sample means within this fraction of 2 ULP: the worst
#: case over all inputs is larger than the worst case of a few hundred points (measured on
#: sigmoid in float64: 1.83 ULP on the sample, 2.55 ULP over 6 million points).
_TIGHT_MARGIN = 0.7
#: The same headroom for the contract's bound (4 ULP, or the bound for functions that change
#: sign): a plan is accepted as accurate when it stays within this fraction of it.
_LOOSE_MARGIN = 0.85
#: ... and for functions that change sign, whose errors peak sharply near their zeros
_LOOSE_MARGIN_MIXED = 0.75
_MAX_REGIMES = 9


@dataclass
class _Scored:
    cand: rw.Candidate
    prog: Program
    cost: float
    ratio2: np.ndarray
    ratio4: np.ndarray
    ulps: np.ndarray
    zsign_bad: bool
    finite_at: dict[float, bool] = field(default_factory=dict)


def _score_candidates(cands: Sequence[rw.Candidate], xs: np.ndarray, dtype: np.dtype, hi: np.ndarray, lo: np.ndarray,
                      ok: np.ndarray, xdf: np.ndarray | None, compute: np.dtype | None = None,
                      splits: Sequence[float] = ()) -> list[_Scored]:
    out: list[_Scored] = []
    zero_neg = (xs == 0) & np.signbit(xs)
    for c in cands:
        try:
            prog = lower([c.expr])
        except DefinitionError:
            continue
        y = run_program(prog, xs, dtype, compute)[0]
        ulps, r2, _ = error_ratios(y, xs, hi, lo, ok, dtype, 2.0, xdf)
        _, r4, _ = error_ratios(y, xs, hi, lo, ok, dtype, 4.0, xdf)
        zbad = False
        if zero_neg.any():
            want_neg = _negative_near_zero(xs, hi)
            got = y[zero_neg]
            if want_neg is not None and np.all(got == 0) and bool(np.signbit(got).all()) != want_neg:
                zbad = True
        cost = prog.cost()
        at = tuple(splits) or _SPLITS
        with np.errstate(all="ignore"):
            ts = np.array(at, dtype=dtype)
        ys = run_program(prog, ts, dtype, compute)[0]
        finite_at = {float(t): bool(np.isfinite(v)) for t, v in zip(at, ys)}
        out.append(_Scored(c, prog, cost, r2, r4, ulps, zbad, finite_at))
    return out


def _negative_near_zero(xs: np.ndarray, hi: np.ndarray) -> bool | None:
    """Whether the true f is negative just left of 0 (then f(-0.0) should be -0.0)."""
    left = (xs < 0) & (xs > -1e-250)
    if not left.any():
        return None
    v = hi[left]
    if np.all(v < 0):
        return True
    if np.all(v >= 0):
        return False
    return None


@dataclass(frozen=True)
class _Plan:
    excess: float
    cost: float
    ratio: float
    parts: tuple[tuple[int, int, int], ...]  # (candidate index, first point, end point)
    total: float = 0.0  # sum of the (capped) error ratios: among equally cheap plans, the one
    # whose every point uses the more accurate candidate (regime borders where errors cross)

    def key(self) -> tuple[float, float, float, float]:
        return (self.excess, self.cost, self.total, self.ratio)


def _plan_regimes(scored: Sequence[_Scored], xs: np.ndarray, tight: bool, lo: float, hi: float,
                  avoid_zero_sign: bool, splits: Sequence[float] = _SPLITS, loose_margin: float = 0.85) -> _Plan | None:
    """Best assignment of candidates to at most three intervals (dynamic programming over
    the split points in (lo, hi)): smallest excess over the bound, then cost, then error."""
    n = len(xs)
    if n == 0 or not scored:
        return None
    bounds = [0]
    split_at: dict[int, float] = {}
    for t in splits:
        if lo < t < hi:
            i = int(np.searchsorted(xs, t, side="left"))
            if 0 < i < n and i != bounds[-1] and i not in split_at:
                bounds.append(i)
                split_at[i] = t
    bounds.append(n)
    bounds = sorted(set(bounds))
    nb = len(bounds)

    def usable(s: _Scored, i: int, j: int) -> bool:
        """A regime's candidate must be finite where it is clamped (at its split points)."""
        for b in (i, j):
            if 0 < b < nb - 1 and not s.finite_at.get(split_at[bounds[b]], False):
                return False
        return True

    zero_neg = (xs == 0) & np.signbit(xs)
    ratios = []
    for s in scored:
        with np.errstate(all="ignore"):
            r = (s.ratio2 / _TIGHT_MARGIN) if tight else (s.ratio4 / loose_margin)
        if avoid_zero_sign and s.zsign_bad:
            r[zero_neg] = np.inf
        ratios.append(r)
    # per segment [bounds[i], bounds[j]): the best single candidate (excess, cost, ratio)
    segbest: dict[tuple[int, int], tuple[float, float, float, float, int]] = {}
    for c, r in enumerate(ratios):
        cost = scored[c].cost
        csum = np.concatenate([[0.0], np.cumsum(np.minimum(np.nan_to_num(r, nan=1e6, posinf=1e6), 1e6))])
        side = scored[c].cand.note if scored[c].cand.rules == ("limit",) else ""
        for i in range(nb - 1):
            if side == "x -> +oo" and i == 0:
                continue
            run = np.maximum.accumulate(r[bounds[i]:])
            for j in range(i + 1, nb):
                if (side == "x -> -oo" and (i != 0 or j == nb - 1)) or (side == "x -> +oo" and j != nb - 1):
                    continue
                if (i, j) != (0, nb - 1) and not usable(scored[c], i, j):
                    continue
                m = float(run[bounds[j] - bounds[i] - 1])
                tot = float(csum[bounds[j]] - csum[bounds[i]])
                key = (max(0.0, m - 1.0), cost, tot, m, c)
                old = segbest.get((i, j))
                if old is None or key < old:
                    segbest[(i, j)] = key
    INF = _Plan(math.inf, math.inf, math.inf, ())
    best: list[list[_Plan]] = [[INF] * nb for _ in range(_MAX_REGIMES + 1)]
    for j in range(1, nb):
        if (0, j) not in segbest:
            continue
        e, cst, tot, m, c = segbest[(0, j)]
        best[1][j] = _Plan(e, cst, m, ((c, 0, bounds[j]),), tot)
    for k in range(2, _MAX_REGIMES + 1):
        for j in range(2, nb):
            cur = INF
            for i in range(1, j):
                prev = best[k - 1][i]
                if not prev.parts or (i, j) not in segbest:
                    continue
                e, cst, tot, m, c = segbest[(i, j)]
                plan = _Plan(max(prev.excess, e), prev.cost + cst + _SEL_COST, max(prev.ratio, m),
                             prev.parts + ((c, bounds[i], bounds[j]),), prev.total + tot)
                if plan.key() < cur.key():
                    cur = plan
            best[k][j] = cur
    final = min((best[k][nb - 1] for k in range(1, _MAX_REGIMES + 1)), key=lambda p: p.key())
    return final if final.parts else None




def _regime_ir(plan: _Plan, scored: Sequence[_Scored], xs: np.ndarray, lo: float, hi: float,
               dtypes: Sequence[np.dtype], splits: Sequence[float] = _SPLITS) -> tuple[sp.Expr, tuple[Regime, ...]]:
    """The piece's expression: one candidate, or several joined by Sel on split points."""
    parts = plan.parts
    edges: list[float] = [lo]
    for (_, a, _b) in parts[1:]:
        # the split value used for point index a: the first round number between xs[a-1] and xs[a],
        # compared in float64 as np.searchsorted placed it (a float32 sample point compared with a
        # Python float is compared in float32: fl32(0.02) < 0.02 was False, and no split was found)
        t = next(t for t in splits if lo < t < hi and float(xs[a - 1]) < t <= float(xs[a]))
        edges.append(t)
    edges.append(hi)
    exprs = []
    regimes = []
    for k, (c, _, _) in enumerate(parts):
        s = scored[c]
        e = s.cand.expr
        r_lo, r_hi = edges[k], edges[k + 1]
        if len(parts) > 1 and not finite_everywhere(s.prog, dtypes):
            e = rw.clamp(e, float_as_exact(r_lo), float_as_exact(r_hi))
        exprs.append(e)
        regimes.append(Regime(r_lo, r_hi, s.cand.label, s.cand.note))
    ir = exprs[-1]
    for k in range(len(parts) - 1, 0, -1):
        ir = rw.Sel(x - float_as_exact(edges[k]), ir, exprs[k - 1])
    return ir, tuple(regimes)


def choose_plan(expr: sp.Expr, dexpr: sp.Expr | None, lo: float, hi: float, owned: Sequence[float], dtype: np.dtype,
            seed: int, n: int, compute: np.dtype | None = None, contract: float = 4.0) -> tuple[sp.Expr, PieceChoice]:
    """Measure the rewrites of one piece in one dtype (arithmetic in ``compute``, default the
    dtype itself) and pick the cheapest plan that meets the contract (``contract`` ULP, see
    ROOT_WINDOW); the choice's ``max_ratio`` is its measured error over the contract's bound."""
    dtype = np.dtype(dtype)
    compute = np.dtype(compute) if compute is not None else dtype
    if not expr.has(x):
        return expr, PieceChoice(lo, hi, dtype.name, (Regime(lo, hi, "constant"),), 0.0, 0.0, 2.0, 1, str(expr))
    xs = piece_points(dtype, lo, hi, owned, n, seed)
    if len(xs) == 0:
        return expr, PieceChoice(lo, hi, dtype.name, (Regime(lo, hi, "original"),), 0.0, 0.0, 4.0, 1, str(expr))
    x64 = xs.astype(np.float64)
    hi_, lo_, ok = truth_expr(expr, x64)
    roots = sample_roots(expr, x64, hi_, ok) + _end_roots(expr, lo, hi)
    dense = list(roots)
    if dexpr is not None:
        # the bound 4 ulp(f) + 4 eps |x f'| is tightest where f' = 0 (the extrema of f)
        dh0, _, dok0 = truth_expr(dexpr, x64)
        dense += sample_roots(dexpr, x64, dh0, dok0)
    # where f changes sign, rounding errors are largest relative to f, and where f leaves the
    # normal range (subnormal results, underflow, overflow) in the tails: sample densely there
    trans = class_transitions(x64, hi_, ok, dtype)
    trans = trans[(trans > lo) & (trans < hi)]
    if dense or len(trans):
        near = points_near_roots(sorted(dense), dtype, lo, hi) if dense else np.zeros(0, dtype)
        xs = np.unique(np.concatenate([xs, near, trans]))
        x64 = xs.astype(np.float64)
        hi_, lo_, ok = truth_expr(expr, x64)
    xdf = _xdf(dexpr, x64, roots)
    splits = sorted(set(_SPLITS) | {float(np.asarray(r, dtype=compute)) + d for r in dense for d in (-0.25, -0.15, 0.15, 0.25)})
    cands = rw.candidates(expr)
    margin = _LOOSE_MARGIN if dexpr is None else _LOOSE_MARGIN_MIXED
    # the check sample: independent of the selection sample (another seed, twice the points,
    # other offsets around the roots and extrema); a plan that breaks the contract there is
    # not used: its worst points join the selection sample and the plan is chosen again
    vx = piece_points(dtype, lo, hi, owned, 2 * n, seed + 7919)
    if dense:
        vx = np.unique(np.concatenate([vx, points_near_roots(sorted(dense), dtype, lo, hi, offsets=_CHECK_OFFSETS)]))
    v64 = vx.astype(np.float64)
    vhi, vlo, vok = truth_expr(expr, v64)
    vt = class_transitions(v64, vhi, vok, dtype)
    vt = np.unique(vt[(vt > lo) & (vt < hi)])
    if len(vt):
        th, tl, tok = truth_expr(expr, vt.astype(np.float64))
        vx, vhi, vlo, vok, _ = _merge(vx, vhi, vlo, vok, None, vt, th, tl, tok, None)
        v64 = vx.astype(np.float64)
    vxdf = _xdf(dexpr, v64, roots)
    scored: list[_Scored] = []
    pools: dict[int, list[rw.Candidate]] = {}  # the approximating candidates, built once
    best: tuple[float, sp.Expr, tuple[Regime, ...], float, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int] | None = None
    for rnd in range(_CHECK_ROUNDS + 1):
        scored = _score_candidates(cands, xs, dtype, hi_, lo_, ok, xdf, compute, splits)
        plans = _best_plans(scored, xs, lo, hi, splits, margin)
        sources: tuple[Callable[[sp.Expr], list[rw.Candidate]], ...] = (
            _float_limits, rw.approximations, lambda e: _local_polys(e, sorted(dense), compute))
        for j, more in enumerate(sources):
            if plans[1] is not None and plans[1].excess == 0:
                break
            if j not in pools:
                pools[j] = more(expr)
            extra = _score_candidates(pools[j], xs, dtype, hi_, lo_, ok, xdf, compute, splits)
            if extra:
                scored = scored + extra
                plans = _best_plans(scored, xs, lo, hi, splits, margin)
        tight, loose = plans
        plan = loose
        bound = 4.0
        # 2 ULP is worth up to 3x the cost; for functions that change sign the contract is the
        # mixed bound, and a tighter plan must cost about the same
        factor = _TIGHT_COST_FACTOR if dexpr is None else _TIGHT_COST_FACTOR_MIXED
        if tight is not None and tight.excess == 0 and (loose is None or tight.cost <= factor * loose.cost):
            plan, bound = tight, 2.0
        elif contract <= 2.0 and tight is not None and (loose is None or tight.excess <= loose.excess):
            plan, bound = tight, 2.0  # the contract is 2 ULP: the plan nearest it, whatever it costs
        assert plan is not None
        ir, regimes = _regime_ir(plan, scored, xs, lo, hi, [compute], splits)
        # measured error of the chosen plan on the selection sample and on the check sample
        prog = lower([ir])
        y = run_program(prog, xs, dtype, compute)[0]
        ulps, ratio, normal = error_ratios(y, xs, hi_, lo_, ok, dtype, contract, xdf)
        vy = run_program(prog, vx, dtype, compute)[0]
        vulps, vratio, _ = error_ratios(vy, vx, vhi, vlo, vok, dtype, contract, vxdf)
        worst = float(max(ratio.max(initial=0.0), vratio.max(initial=0.0)))
        if best is None or worst < best[0]:
            best = (worst, ir, regimes, bound, ulps, ratio, vulps, vratio, len(scored))
        if not vratio.max(initial=0.0) > 1.0 or rnd == _CHECK_ROUNDS:
            break
        # the check sample's points above the bound (the worst first) join the selection sample
        bad = np.flatnonzero(vratio > 1.0)
        bad = bad[np.argsort(-vratio[bad], kind="stable")][:_CHECK_ADD]
        add = vx[bad]
        xs, hi_, lo_, ok, xdf = _merge(xs, hi_, lo_, ok, xdf, add, vhi[bad], vlo[bad], vok[bad],
                                       vxdf[bad] if vxdf is not None else None)
    # the plan of the round with the smallest error over the bound (on both samples)
    assert best is not None
    _, ir, regimes, bound, ulps, ratio, vulps, vratio, ncand = best
    name = dtype.name if compute == dtype else f"{dtype.name} (in {compute.name})"
    choice = PieceChoice(lo, hi, name, regimes, float(max(ulps.max(initial=0.0), vulps.max(initial=0.0))),
                         float(max(ratio.max(initial=0.0), vratio.max(initial=0.0))), bound, ncand, str(ir))
    return ir, choice


#: Rounds of re-selection when the chosen plan breaks the contract on the check sample, and
#: how many of the check sample's worst points join the selection sample each round.
_CHECK_ROUNDS = 2
_CHECK_ADD = 64
def _end_roots(expr: sp.Expr, lo: float, hi: float) -> list[float]:
    """Finite non-zero ends of the piece where the true expression changes sign within 4
    float64 ulps (softshrink's x - lambd at lambd = 0.30000000000000004, a decimal the float end
    only approximates): roots of the function, granted the contract's root window as
    measure.contract_points grants it (there the exact test is made on the breakpoint)."""
    out = []
    for e in (lo, hi):
        if not math.isfinite(e) or e == 0:
            continue
        a, b = e, e
        for _ in range(4):
            a, b = float(np.nextafter(a, -math.inf)), float(np.nextafter(b, math.inf))
        hv, _, okv = truth_expr(expr, np.array([a, b], dtype=np.float64))
        if bool(okv.all()) and (hv[0] == 0 or hv[1] == 0 or (hv[0] < 0) != (hv[1] < 0)):
            out.append(e)
    return out


#: Offsets from the roots and extrema in the check sample (other than the selection's).
_CHECK_OFFSETS = np.concatenate([np.logspace(-8.5, 0.1, 29), np.linspace(0.013, 1.37, 57)])


def _xdf(dexpr: sp.Expr | None, x64: np.ndarray, roots: Sequence[float]) -> np.ndarray | None:
    """x g'(x) inside the root windows, 0 outside (None when g does not change sign)."""
    if dexpr is None:
        return None
    dh, _, dok = truth_expr(dexpr, x64)
    with np.errstate(all="ignore"):
        return np.where(dok & root_window_mask(x64, roots), x64 * dh, 0.0)


def _merge(xs: np.ndarray, hi: np.ndarray, lo: np.ndarray, ok: np.ndarray, xdf: np.ndarray | None, ax: np.ndarray,
           ahi: np.ndarray, alo: np.ndarray, aok: np.ndarray, axdf: np.ndarray | None
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """The selection sample with the points ``ax`` (and their reference values) added, sorted."""
    keep = ~np.isin(ax, xs)
    ax, ahi, alo, aok = ax[keep], ahi[keep], alo[keep], aok[keep]
    xs2 = np.concatenate([xs, ax])
    order = np.argsort(xs2, kind="stable")
    cat: Callable[[np.ndarray, np.ndarray], np.ndarray] = lambda a, b: np.concatenate([a, b])[order]  # noqa: E731
    xdf2 = cat(xdf, axdf[keep]) if xdf is not None and axdf is not None else None
    return xs2[order], cat(hi, ahi), cat(lo, alo), cat(ok, aok), xdf2



def _local_polys(expr: sp.Expr, roots: Sequence[float], compute: np.dtype, degree: int = 16,
                 halfwidth: float = 0.3) -> list[rw.Candidate]:
    """Near a zero r of f, a polynomial in t = x - r0 (r0 = r rounded, so t is exact): Chebyshev
    fit of f on [r0 - w, r0 + w] at 40 digits (``local_poly``, an approximation the regime
    search uses only where it is measured accurate).  Near the zero its leading term c1 t
    dominates, so its relative error is a few ULP where the formula itself cancels."""
    import mpmath

    from ..numeric import compile_mp

    if not roots:
        return []
    fn = compile_mp(rw.to_sympy(expr))
    out = []
    for r in roots:
        r0 = float(np.asarray(r, dtype=compute))
        try:
            with mpmath.workdps(40):
                coeffs = mpmath.chebyfit(lambda t: fn(t + mpmath.mpf(r0)), [-halfwidth, halfwidth], degree + 1)
        except (ValueError, ZeroDivisionError):
            continue
        t = x - sp.Float(r0, 30)
        acc: sp.Expr = sp.Float(float(coeffs[0]), 30)
        for c in coeffs[1:]:
            acc = sp.Add(sp.Mul(acc, t, evaluate=False), sp.Float(float(c), 30), evaluate=False)
        out.append(rw.Candidate(acc, ("local_poly",), exact=False, note=f"around x = {r0!r}"))
    return out


def _float_limits(expr: sp.Expr) -> list[rw.Candidate]:
    """The values f takes (in floating point) far out on each side, as constant candidates
    ``limit`` (see :func:`symact.rewrite.limits`; here read off the reference at +-1e300 and
    +-1.7e308, which is cheaper than SymPy's limit and is what the float result settles to)."""
    far = np.array([-1.7e308, -1e300, 1e300, 1.7e308])
    h, _, ok = truth_expr(expr, far)
    out = []
    for (i, j), note in (((0, 1), "x -> -oo"), ((3, 2), "x -> +oo")):
        if ok[i] and ok[j] and h[i] == h[j] and math.isfinite(h[i]):
            v = sp.Integer(0) if h[i] == 0 else sp.Float(float(h[i]))
            out.append(rw.Candidate(v, ("limit",), exact=False, note=note))
    return out


def _best_plans(scored: Sequence[_Scored], xs: np.ndarray, lo: float, hi: float,
                splits: Sequence[float] = _SPLITS, loose_margin: float = 0.85) -> tuple[_Plan | None, _Plan | None]:
    out = []
    for tight in (True, False):
        p = _plan_regimes(scored, xs, tight, lo, hi, avoid_zero_sign=True, splits=splits, loose_margin=loose_margin)
        if p is None or p.excess > 0:
            q = _plan_regimes(scored, xs, tight, lo, hi, avoid_zero_sign=False, splits=splits, loose_margin=loose_margin)
            if q is not None and (p is None or q.key() < p.key()):
                p = q
        out.append(p)
    return out[0], out[1]
