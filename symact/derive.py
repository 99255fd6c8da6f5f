"""Derivatives of any order, kinks and one-sided derivatives, continuity, forms in terms of f.

Everything works piece by piece on the decomposition of :mod:`symact.pieces`: on each open
interval the activation is analytic, so its derivatives are SymPy's; at a breakpoint the
k-th derivative exists exactly when the pieces agree there in value and in every derivative
below k (and the value at the point matches).  No ``Heaviside(0) = 1/2`` and no ``nan``
branch can appear, because nothing is differentiated across a breakpoint.

Forms in terms of f (``f^(k)(x) = g(f(x))``) are found by a general method, not a table:

1. *substitution*: ``f^(k)`` with f's own expression replaced by the symbol f (tanh);
2. *inversion*: solve ``f(x) = f`` for x with SymPy and substitute every solution into
   ``f^(k)`` (sigmoid, softplus, log_sigmoid, arctan, ELU's negative piece, softsign's
   pieces, ...);
3. *folding* piecewise results into one formula in |f| where one formula serves all pieces
   (softsign' = (1 - |f|)^2).

When no such g exists, that is shown with a witness (two points with the same f and
different derivatives: GELU, SiLU, mish, the Gaussian), or the reason is given.  Then a
*mixed* form in f and x is tried: for a gated activation f = x h(x) whose gate has forms in
terms of itself, ``f^(k) = k h^(k-1) + x h^(k)`` with ``x h = f`` (silu' = f + sigmoid(x)(1 - f));
or f solved for one transcendental atom (tanhshrink' = (x - f)^2).

Every form is checked before it is reported: the difference must vanish at 24 points at 50
digits, and SymPy is asked to simplify it to 0 (``check`` records whether it did).
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, Iterable, cast

import mpmath
import sympy as sp

from . import budget
from .numeric import NumericError, compile_mp
from .sampling import sample_points
from .pieces import Piece
from .results import Derivation, DerivativeInfo, Form, Kink
from .spec import Activation
from .symbols import f, x

__all__ = [
    "derivative",
    "piece_derivatives",
    "one_sided",
    "kinks",
    "continuity_orders",
    "in_terms_of_f",
    "derive",
    "readable",
    "MAX_ORDER",
]

#: Highest derivative order accepted (derivatives grow quickly; beyond this ask SymPy directly).
MAX_ORDER = 12
_SMOOTHNESS_PROBE = 8  # orders compared at a breakpoint before deciding the pieces are the same function
#: Fractions of the default step budget (5 s unless SYMACT_BUDGET says otherwise) given to
#: the steps here: a timeout costs beauty (simplify), a form (solve) or the word "symbolic"
#: in a form's check (zero test); it never makes a result wrong.
COSMETIC_FRACTION = 0.3
STEP_FRACTION = 0.4


def _cosmetic() -> float:
    return budget.default_seconds() * COSMETIC_FRACTION


def _step() -> float:
    return budget.default_seconds() * STEP_FRACTION
#: Candidates larger than this (count_ops) are not worth simplifying: they never end up simple.
MAX_CANDIDATE_OPS = 80

_cache: "weakref.WeakKeyDictionary[Activation, dict[Any, Any]]" = weakref.WeakKeyDictionary()


def _memo(act: Activation) -> dict[Any, Any]:
    d = _cache.get(act)
    if d is None:
        d = _cache[act] = {}
    return d


def _check_order(order: int) -> int:
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        from .errors import UsageError

        raise UsageError(f"derivative order must be a non-negative integer, got {order!r}")
    if order > MAX_ORDER:
        from .errors import UsageError

        raise UsageError(f"derivative order {order} is above the supported maximum {MAX_ORDER}")
    return order


check_order = _check_order  # public: the prover checks derivative orders the same way


# ---------------------------------------------------------------------------------------
# readable forms
def _funcs(e: sp.Basic) -> set[type]:
    return {type(a) for a in e.atoms(sp.Function)}


def _measure(allowed: set[type]) -> Any:
    def measure(e: sp.Basic) -> float:
        new = _funcs(e) - allowed
        return float(sp.count_ops(e, visual=False)) + 10.0 * len(new)

    return measure


def readable(e: sp.Expr, ref: sp.Expr | None = None, seconds: float | None = None) -> sp.Expr:
    """A simplified, readable form of ``e`` that introduces no function absent from ``ref``
    (so sigmoid' stays in exponentials instead of becoming 1/(4 cosh^2(x/2)))."""
    if e.is_number or e.is_Symbol or not e.free_symbols:
        try:
            if e.is_Float:
                return cast("sp.Expr", budget.run(sp.nsimplify, e, seconds=_cosmetic() if seconds is None else seconds, what="nsimplify"))
            return budget.run(sp.simplify, e, seconds=_cosmetic() if seconds is None else seconds, what="simplify") if e.free_symbols else e
        except (budget.Timeout, Exception):  # noqa: BLE001 - a cosmetic step
            return e
    allowed = _funcs(ref if ref is not None else e)
    measure = _measure(allowed)
    cands = [e]
    for fn in (sp.factor_terms, sp.together):
        try:
            cands.append(budget.run(fn, e, seconds=seconds, what=fn.__name__))
        except (budget.Timeout, Exception):  # noqa: BLE001 - a cosmetic step
            pass
    try:
        cands.append(budget.run(sp.simplify, e, measure=measure, seconds=_step() if seconds is None else seconds, what="simplify"))
    except (budget.Timeout, Exception):  # noqa: BLE001
        pass
    best = min(cands, key=lambda c: (measure(c), len(str(c)), str(c)))
    return best


def _readable_in_f(g: sp.Expr, fvalues: list[Any] | None = None, seconds: float | None = None) -> sp.Expr:
    """Simplify a form in f: the shortest of simplify / factor / expand / trigsimp, with the
    factors of a product oriented to be positive where f lives (f (1 - f), not -f (f - 1))."""
    cands = [g]
    seconds = _cosmetic() if seconds is None else seconds
    if sp.count_ops(g) > MAX_CANDIDATE_OPS:
        return g
    steps: list[Callable[..., sp.Expr]] = [sp.simplify, sp.factor, sp.expand]
    if g.has(sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc):
        steps.append(sp.trigsimp)
    for fn in steps:
        try:
            cands.append(budget.run(fn, g, seconds=seconds, what=f"{fn.__name__} of a form in f"))
        except (budget.Timeout, Exception):  # noqa: BLE001
            pass
    if g.has(sp.tanh, sp.cosh, sp.sinh, sp.atanh, sp.log):
        try:
            cands.append(budget.run(lambda: sp.simplify(g.rewrite(sp.exp)), seconds=seconds, what="simplify of a form in f"))
        except (budget.Timeout, Exception):  # noqa: BLE001
            pass
    cands = [c for c in cands if x not in c.free_symbols or x in g.free_symbols]
    allowed = _funcs(g)
    best = min(
        cands,
        key=lambda c: (sp.count_ops(c) + len(_funcs(c) - allowed), 0 if isinstance(c, sp.Mul) else 1, len(str(c)), str(c)),
    )
    return _orient(best, fvalues) if fvalues else best


def _orient(g: sp.Expr, fvalues: list[Any]) -> sp.Expr:
    """Negate the factors of a product that are negative at every sampled value of f."""
    if not isinstance(g, sp.Mul):
        return g
    sign = 1
    factors: list[sp.Expr] = []
    flipped = set()
    for fac in g.args:
        syms = fac.free_symbols
        if isinstance(fac, sp.Add) and len(syms) == 1 and cast("sp.Symbol", next(iter(syms))).name == "f":
            try:
                fn = compile_mp(fac, tuple(cast("set[sp.Symbol]", syms)))
                neg = all(fn(v) < 0 for v in fvalues)
            except (NumericError, ValueError, TypeError, ZeroDivisionError):
                neg = False
            if neg:
                fac = -fac
                sign = -sign
                flipped.add(len(factors))
        factors.append(fac)
    if sign < 0:  # absorb the sign into a factor that changes sign on the range: f (1 - f)(1 - 2f)
        for i, fac in enumerate(factors):
            syms = fac.free_symbols
            if i not in flipped and isinstance(fac, sp.Add) and len(syms) == 1 and cast("sp.Symbol", next(iter(syms))).name == "f":
                factors[i] = -fac
                sign = 1
                break
    return sp.Mul(sign, *factors)


def _fvalues(act: Activation, pc: Piece) -> list[Any]:
    """Values of f at a few points inside a piece (default parameter values)."""
    subs = _param_values(act)[0]
    lo, hi = _numeric_interval(pc, subs)
    try:
        fn = compile_mp(pc.expr.xreplace(subs))
        with mpmath.workdps(30):
            return [fn(mpmath.mpf(lo) + (hi - lo) * mpmath.mpf(k) / 10) for k in range(1, 10)]
    except (NumericError, ValueError, ZeroDivisionError):
        return []


# ---------------------------------------------------------------------------------------
# derivatives piece by piece
def piece_derivatives(act: Activation, order: int) -> tuple[sp.Expr, ...]:
    """The ``order``-th derivative on each piece, simplified (order 0: the pieces)."""
    _check_order(order)
    memo = _memo(act)
    key = ("pd", order)
    if key in memo:
        return cast("tuple[sp.Expr, ...]", memo[key])
    if order == 0:
        out = tuple(pc.expr for pc in act.pieces.pieces)
    else:
        prev = piece_derivatives(act, order - 1)
        out = tuple(
            readable(budget.run(sp.diff, d, x, what=f"differentiating a piece (order {order})"), ref=pc.expr) if d.has(x) else sp.Integer(0)
            for d, pc in zip(prev, act.pieces.pieces)
        )
    memo[key] = out
    return out


def _limit_at(e: sp.Expr, point: sp.Expr, direction: str) -> sp.Expr:
    v = e.subs(x, point)
    if v.has(sp.nan, sp.zoo) or v.is_finite is False:
        from . import asymptotics

        # the proved limit (symact.asymptotics) first; SymPy's limit only where that fails
        pr = budget.run(asymptotics.limit, e, point, direction, what="one-sided limit")
        v = pr.value if pr is not None else budget.run(sp.limit, e, x, point, direction, what="one-sided limit")
    if v.free_symbols:
        try:
            return budget.run(sp.simplify, v, seconds=_step(), what="simplifying a one-sided limit")
        except budget.Timeout:
            return v
    return sp.nsimplify(v) if v.is_Float else v


def one_sided(act: Activation, index: int, order: int) -> tuple[sp.Expr, sp.Expr]:
    """Left and right limits of f^(order) at breakpoint ``index``."""
    memo = _memo(act)
    key = ("os", index, order)
    if key not in memo:
        bp = act.pieces.breakpoints[index]
        ds = piece_derivatives(act, order)
        memo[key] = (_limit_at(ds[index], bp.at, "-"), _limit_at(ds[index + 1], bp.at, "+"))
    return cast("tuple[sp.Expr, sp.Expr]", memo[key])


def _equal(a: sp.Expr, b: sp.Expr) -> bool:
    """a == b for exact values; with symbolic parameters "not identically equal" counts as
    different (ELU with symbolic alpha has a kink at 0 unless alpha = 1: see Kink.note)."""
    d = a - b
    if d == 0:
        return True
    try:
        z = budget.run(sp.simplify, d, seconds=_step(), what="comparing one-sided limits")
    except budget.Timeout:
        z = d
    if z == 0:
        return True
    if z.free_symbols or z.is_zero is False:
        return False
    # a constant SymPy cannot decide: 60 digits decide (exact constants that agree to 60
    # digits and differ are not among activation values)
    return bool(abs(sp.N(z, 60)) < sp.Float(10) ** -50)


def continuity_orders(act: Activation) -> tuple[int | None, ...]:
    """For each breakpoint, the largest m with f of class C^m at the point (-1: f is not
    continuous there); None means the pieces agree in every derivative (same function)."""
    memo = _memo(act)
    if "cont" in memo:
        return cast("tuple[int | None, ...]", memo["cont"])
    out: list[int | None] = []
    for i, bp in enumerate(act.pieces.breakpoints):
        left, right = one_sided(act, i, 0)
        if not (_equal(left, right) and _equal(left, bp.value)):
            out.append(-1)
            continue
        m: int | None = None
        for k in range(1, _SMOOTHNESS_PROBE + 1):
            lk, rk = one_sided(act, i, k)
            if not _equal(lk, rk):
                m = k - 1
                break
        out.append(m)
    memo["cont"] = tuple(out)
    return cast("tuple[int | None, ...]", memo["cont"])


def _defined(act: Activation, order: int) -> list[bool]:
    return [m is None or order <= m for m in continuity_orders(act)]


def kinks(act: Activation, order: int) -> tuple[Kink, ...]:
    """Breakpoints where f^(order) is not defined, with its one-sided limits there."""
    _check_order(order)
    if order == 0:
        return ()
    cont = continuity_orders(act)
    out = []
    for i, (bp, ok) in enumerate(zip(act.pieces.breakpoints, _defined(act, order))):
        if not ok:
            left, right = one_sided(act, i, order)
            note = ""
            if (left - right).free_symbols:
                note = f"defined where {sp.Eq(left, right)} holds" if cont[i] != -1 else ""
            out.append(Kink(bp.at, left, right, continuous=cont[i] != -1, note=note))
    return tuple(out)


def derivative(act: Activation, order: int = 1) -> sp.Expr:
    """f^(order): one expression for smooth activations, a Piecewise on open intervals for
    piecewise ones, the breakpoints included where the derivative exists there."""
    _check_order(order)
    ds = piece_derivatives(act, order)
    if len(ds) == 1:
        return ds[0]
    if order == 0:
        return act.pieces.to_piecewise()
    memo = _memo(act)
    key = ("dpw", order)
    if all(d == ds[0] for d in ds[1:]):
        return ds[0]  # the same formula on every piece (relu'' = 0): where it is not defined, see kinks()
    if key not in memo:
        defined = _defined(act, order)
        folded = _fold_abs(act, ds) if all(defined) else None
        memo[key] = folded if folded is not None else act.pieces.to_piecewise(ds, defined=defined)
    return cast("sp.Expr", memo[key])


def _fold_abs(act: Activation, exprs: tuple[sp.Expr, ...]) -> sp.Expr | None:
    """One formula in |x| equal to every piece (softsign' = 1/(1 + |x|)^2), if there is one;
    only used where the derivative is defined at every breakpoint."""
    pcs = act.pieces.pieces
    if any(bp.at != 0 for bp in act.pieces.breakpoints):
        return None
    for e in exprs:
        for cand in (e.xreplace({x: sp.Abs(x)}), e.xreplace({x: -sp.Abs(x)})):
            if cand == e:
                continue
            if all(_agree_numerically(d, cand, [pc], act, n=8) for pc, d in zip(pcs, exprs)) and all(
                _symbolic_zero(d - cand, pc) for pc, d in zip(pcs, exprs)
            ):
                return cast("sp.Expr | None", cand)
    return None


# ---------------------------------------------------------------------------------------
# verification of identities f^(k)(x) = g(f(x), x)
def _param_values(act: Activation) -> list[dict[sp.Symbol, sp.Expr]]:
    """Numeric values for the parameters kept symbolic: the default and two others."""
    free = act.free_params
    if not free:
        return [{}]
    out = []
    for scale in (sp.Integer(1), sp.Rational(5, 8), sp.Rational(17, 9)):
        out.append({p.symbol: p.default * scale for p in free})
    return out


def _numeric_interval(pc: Piece, subs: dict[sp.Symbol, Any]) -> tuple[float, float]:
    lo = -25.0 if pc.lo == -sp.oo else float(pc.lo.xreplace(subs))
    hi = 25.0 if pc.hi == sp.oo else float(pc.hi.xreplace(subs))
    return max(lo, -25.0), min(hi, 25.0)


def _agree_numerically(lhs: sp.Expr, rhs: sp.Expr, pieces: Iterable[Piece], act: Activation, n: int = 24) -> bool:
    """lhs(x) == rhs(x) at ``n`` points of every piece at 50 digits (for each parameter sample)."""
    for subs in _param_values(act):
        for pc in pieces:
            lo, hi = _numeric_interval(pc, subs)
            if not hi > lo:
                continue
            span = hi - lo
            pts = sample_points(n, lo, hi, seed=7, gap=0)
            pts = [p for p in pts if lo + 1e-9 * span < p < hi - 1e-9 * span] or [mpmath.mpf((lo + hi) / 2)]
            try:
                a = compile_mp(lhs.xreplace(subs))
                b = compile_mp(rhs.xreplace(subs))
            except NumericError:
                return False
            with mpmath.workdps(50):
                for p in pts:
                    try:
                        va, vb = a(p), b(p)
                    except (ValueError, ZeroDivisionError, OverflowError):
                        return False
                    if isinstance(vb, mpmath.mpc):
                        if abs(mpmath.im(vb)) > mpmath.mpf(10) ** -40:
                            return False
                        vb = mpmath.re(vb)
                    if isinstance(va, mpmath.mpc):
                        va = mpmath.re(va)
                    if not abs(va - vb) <= mpmath.mpf(10) ** -35 * max(1, abs(va), abs(vb)):
                        return False
    return True


def _symbolic_zero(e: sp.Expr, pc: Piece | None = None) -> bool:
    """True if SymPy simplifies ``e`` to 0 within the budget (False means: not shown).

    On a piece bounded on one side, x is written lo + t or hi - t with t > 0, so that
    SymPy knows the sign of x - lo (|x/(1 + x)| = x/(1 + x) on x > 0)."""
    if e == 0:
        return True
    if pc is not None and (pc.lo != -sp.oo or pc.hi != sp.oo):
        t = sp.Dummy("t", positive=True)
        e = e.xreplace({x: pc.lo + t if pc.lo != -sp.oo else pc.hi - t})
    for attempt in (lambda: sp.simplify(e), lambda: sp.simplify(e.rewrite(sp.exp)), lambda: sp.simplify(sp.expand(e.rewrite(sp.exp)))):
        try:
            if budget.run(attempt, seconds=_step(), what="simplifying a difference to 0") == 0:
                return True
        except (budget.Timeout, Exception):  # noqa: BLE001 - "not shown", never "false"
            continue
    return False


def _check(act: Activation, g: sp.Expr, fexpr: sp.Expr, d: sp.Expr, pieces: Iterable[Piece], symbolic: bool = True) -> str | None:
    """'symbolic+numeric' or 'numeric' if d == g(fexpr) holds on ``pieces``; None if it fails."""
    pieces = list(pieces)
    rhs = g.xreplace({f: fexpr})
    if not _agree_numerically(d, rhs, pieces, act):
        return None
    if not symbolic:
        return "numeric"
    return "symbolic+numeric" if all(_symbolic_zero(d - rhs, pc) for pc in pieces) else "numeric"


# ---------------------------------------------------------------------------------------
# forms in terms of f
def _inverses(act: Activation, index: int, fexpr: sp.Expr, fsym: sp.Symbol) -> list[sp.Expr] | str:
    """Solutions x = s(f) of fexpr = f on one piece (cached), or the reason there are none."""
    memo = _memo(act)
    key = ("inv", index)
    if key not in memo:
        try:
            sols = budget.run(sp.solve, fexpr - fsym, x, seconds=_step(), what="solving f(x) = f for x")
            if isinstance(sols, dict):
                sols = [sols[x]] if x in sols else []
            sols = [s for s in sols if isinstance(s, sp.Expr) and x not in s.free_symbols]
            memo[key] = sols if sols else "SymPy finds no closed-form inverse of f"
        except budget.Timeout as exc:
            memo[key] = f"solving f(x) = f for x: {exc}"
        except (NotImplementedError, ValueError, TypeError) as exc:
            memo[key] = f"SymPy cannot invert f ({type(exc).__name__})"
    return cast("list[sp.Expr] | str", memo[key])


def _pure_candidates(act: Activation, index: int, fexpr: sp.Expr, d: sp.Expr) -> tuple[list[sp.Expr], str]:
    cands: list[sp.Expr] = []
    fvals = _fvalues(act, act.pieces.pieces[index])
    sub = d.xreplace({fexpr: f}) if fexpr.has(x) else None
    if sub is not None and x not in sub.free_symbols:
        cands.append(_readable_in_f(sub, fvals))
    # f with the sign it has on this piece (sampled; every candidate is checked anyway), so
    # that SymPy may simplify sqrt((f + 1/f)^2) to f + 1/f where f > 0
    fsym = f
    if fvals and all(v > 0 for v in fvals):
        fsym = sp.Symbol("f", positive=True)
    elif fvals and all(v < 0 for v in fvals):
        fsym = sp.Symbol("f", negative=True)
    inv = _inverses(act, index, fexpr, fsym)
    reason = ""
    if isinstance(inv, str):
        reason = inv
    else:
        for s in inv:
            try:
                g = _readable_in_f(d.xreplace({x: s}).xreplace({fsym: f}).xreplace({f: fsym}), fvals)
            except Exception:  # noqa: BLE001 - a failed candidate is just not a candidate
                continue
            g = g.xreplace({fsym: f})
            if x not in g.free_symbols:
                cands.append(g)
    return cands, reason


def _witness(act: Activation, fexpr: sp.Expr, d: sp.Expr, pc: Piece) -> tuple[sp.Expr, sp.Expr] | None:
    """Two points x1 != x2 in the piece with f(x1) = f(x2) but f^(k)(x1) != f^(k)(x2)."""
    subs = _param_values(act)[0]
    if act.free_params:
        return None
    lo, hi = _numeric_interval(pc, subs)
    try:
        F = compile_mp(fexpr)
        D = compile_mp(d)
    except NumericError:
        return None
    with mpmath.workdps(40):
        n = 400
        grid = [mpmath.mpf(lo) + (mpmath.mpf(hi) - lo) * (i + mpmath.mpf('0.381966')) / n for i in range(n)]  # off-centre: no grid point sits exactly at a symmetric extremum
        vals = [F(t) for t in grid]
        for i in range(1, n - 1):
            a, b, c = vals[i - 1], vals[i], vals[i + 1]
            if (b - a) * (c - b) < 0:  # a turning point near grid[i]
                x1 = grid[i - 1]
                target = vals[i - 1]
                # find x2 on the other side with F(x2) = F(x1) by bisection
                j = i + 1
                while j < n and (vals[j] - target) * (vals[i] - target) > 0:
                    j += 1
                if j >= n:
                    continue
                u, v = grid[j - 1], grid[j]
                for _ in range(120):
                    m = (u + v) / 2
                    if (F(m) - target) * (F(u) - target) > 0:
                        u = m
                    else:
                        v = m
                x2 = (u + v) / 2
                d1, d2 = D(x1), D(x2)
                if abs(d1 - d2) > mpmath.mpf(10) ** -6 * max(1, abs(d1)):
                    return (sp.Float(mpmath.nstr(x1, 20), 20), sp.Float(mpmath.nstr(x2, 20), 20))
        # even functions: f(-x) = f(x) on a symmetric piece
        if pc.lo == -sp.oo and pc.hi == sp.oo:
            t = mpmath.mpf("0.7")
            if abs(F(t) - F(-t)) < mpmath.mpf(10) ** -30 and abs(D(t) - D(-t)) > mpmath.mpf(10) ** -6:
                return (sp.Float("-0.7", 20), sp.Float("0.7", 20))
    return None


def _simplest(forms: list[tuple[sp.Expr, str]]) -> tuple[sp.Expr, str]:
    return min(forms, key=lambda t: (sp.count_ops(t[0]), len(str(t[0])), str(t[0])))


def _pure_form(act: Activation, order: int, symbolic: bool = True) -> tuple[list[tuple[sp.Expr, str] | None], list[str], list[Any]]:
    """Per piece: (g, check) or None, with reasons and witnesses (``symbolic``: also try to
    show each identity symbolically; the gate search of mixed forms skips that)."""
    pcs = act.pieces.pieces
    ds = piece_derivatives(act, order)
    results: list[tuple[sp.Expr, str] | None] = []
    reasons: list[str] = []
    witnesses: list[Any] = []
    for i, (pc, d) in enumerate(zip(pcs, ds)):
        fexpr = pc.expr
        if not fexpr.has(x):  # a constant piece: every derivative is 0
            results.append((sp.Integer(0) if order else fexpr, "symbolic+numeric"))
            reasons.append("")
            witnesses.append(None)
            continue
        if not d.has(x):  # constant derivative
            results.append((d, "symbolic+numeric"))
            reasons.append("")
            witnesses.append(None)
            continue
        cands, reason = _pure_candidates(act, i, fexpr, d)
        ok = []
        for g in cands:
            chk = _check(act, g, fexpr, d, [pc], symbolic=symbolic)
            if chk:
                ok.append((g, chk))
        if ok:
            best, chk = _simplest(ok)
            results.append((_orient(best, _fvalues(act, pc)), chk))
            reasons.append("")
            witnesses.append(None)
            continue
        w = _witness(act, fexpr, d, pc)
        if w is not None:
            reasons.append(
                f"no g exists: f takes the same value at x = {sp.N(w[0], 8)} and x = {sp.N(w[1], 8)}, "
                f"where f^({order}) differs"
            )
        else:
            reasons.append(reason or "no candidate in f alone passed the check")
        results.append(None)
        witnesses.append(w)
    return results, reasons, witnesses


def _fold(act: Activation, order: int, forms: list[tuple[sp.Expr, str]]) -> tuple[sp.Expr, str] | None:
    """One formula in f valid on every piece (a piece's own, or one folded with |f|)."""
    pcs = act.pieces.pieces
    ds = piece_derivatives(act, order)
    tried: list[sp.Expr] = []
    for g, _ in forms:
        for cand in (g, g.xreplace({f: sp.Abs(f)}), g.xreplace({f: -sp.Abs(f)})):
            cand = _readable_in_f(cand) if cand != g else cand
            if cand in tried:
                continue
            tried.append(cand)
            if all(_agree_numerically(d, cand.xreplace({f: pc.expr}), [pc], act) for pc, d in zip(pcs, ds)):
                sym = all(_symbolic_zero(d - cand.xreplace({f: pc.expr}), pc) for pc, d in zip(pcs, ds))
                return cand, "symbolic+numeric" if sym else "numeric"
    return None


def _mixed(act: Activation, order: int) -> tuple[sp.Expr, str] | None:
    """A simple form in f and x on a smooth activation (see module docstring)."""
    if not act.pieces.smooth:
        return None
    (pc,) = act.pieces.pieces
    fexpr = pc.expr
    d = piece_derivatives(act, order)[0]
    cands: list[sp.Expr] = []
    # (a) gated: f = x h(x), h with forms in terms of itself
    h = sp.Mul(*[a for a in cast("tuple[sp.Expr, ...]", fexpr.args) if a != x]) if fexpr.is_Mul else sp.Integer(1)
    if fexpr.is_Mul and x in fexpr.args and h.has(x):
        try:
            memo = _memo(act)
            if "gate" not in memo:
                memo["gate"] = Activation("gate", h, params=act.free_params, family="internal")
            gate = memo["gate"]
            s = sp.Symbol("s_gate", real=True)
            terms = []
            for j in (order - 1, order):
                if j == 0:
                    terms.append(s)
                    continue
                res, _, _ = _pure_form(gate, j, symbolic=False)
                if len(res) != 1 or res[0] is None:
                    terms = []
                    break
                terms.append(res[0][0].xreplace({f: s}))
            if terms:
                g = sp.expand(order * terms[0] + f * terms[1] / s)
                if sp.count_ops(g) <= MAX_CANDIDATE_OPS:
                    for variant in (budget.run(sp.collect, g, s, seconds=_cosmetic(), what="collect"),
                                    budget.run(sp.factor, g, seconds=_cosmetic(), what="factor")):
                        cands.append(variant.xreplace({s: h}))
        except (budget.Timeout, Exception):  # noqa: BLE001 - an optional nicety
            pass
    # (b) f solved for one transcendental atom u of f: u = U(f, x)
    for atom in sorted(fexpr.atoms(sp.Function), key=str):
        if not atom.has(x):
            continue
        u = sp.Dummy("u")
        fu = fexpr.xreplace({atom: u})
        if x not in fu.free_symbols and fu.count(u) == 1:
            continue  # f is a function of the atom alone: the pure method covers it
        try:
            sols = budget.run(sp.solve, fu - f, u, seconds=_step(), what="solving f for an atom")
        except (budget.Timeout, Exception):  # noqa: BLE001
            continue
        if len(sols) != 1:
            continue
        du = d.xreplace({atom: u})
        if du.has(atom.func):
            continue
        cands.append(_readable_in_f(du.xreplace({u: sols[0]})))
    best = None
    for g in cands:
        if f not in g.free_symbols or _calls(g) >= _calls(d) or _singular(g, pc):
            continue
        chk = _check(act, g, fexpr, d, [pc])
        if chk and (best is None or (_calls(g), sp.count_ops(g)) < (_calls(best[0]), sp.count_ops(best[0]))):
            best = (g, chk)
    return best


def _calls(e: sp.Expr) -> int:
    """Number of transcendental function applications in ``e`` (with multiplicity)."""
    return sum(1 for a in sp.preorder_traversal(e) if isinstance(a, sp.Function))


def _singular(g: sp.Expr, pc: Piece) -> bool:
    """Whether a mixed form divides by something in x that vanishes on the piece (f/x at 0):
    such a form is not valid everywhere the derivative is."""
    try:
        den = sp.denom(budget.run(sp.together, g, seconds=_step(), what="a common denominator"))
    except budget.Timeout:
        return True  # cannot show it is regular: treat as singular
    if not den.has(x):
        return False
    try:
        zeros = budget.run(sp.solveset, den, x, sp.Interval.open(pc.lo, pc.hi), what="zeros of a denominator")
    except (budget.Timeout, Exception):  # noqa: BLE001 - cannot show it is regular: treat as singular
        return True
    return cast("bool", zeros != sp.S.EmptySet)


def in_terms_of_f(act: Activation, order: int = 1) -> Form:
    """The form of f^(order) in terms of f (see module docstring)."""
    _check_order(order)
    memo = _memo(act)
    key = ("form", order)
    if key in memo:
        return cast("Form", memo[key])
    if order == 0:
        form = Form(0, f, "f", "symbolic+numeric")
        memo[key] = form
        return form
    results, reasons, witnesses = _pure_form(act, order)
    pcs = act.pieces.pieces
    if all(r is not None for r in results):
        forms: list[tuple[sp.Expr, str]] = results  # type: ignore[assignment]
        if len(forms) == 1:
            form = Form(order, forms[0][0], "f", forms[0][1])
        else:
            exprs = [g for g, _ in forms]
            folded = _fold(act, order, forms)
            if folded is not None:
                form = Form(order, folded[0], "f", folded[1])
            else:
                pw = act.pieces.to_piecewise(exprs, defined=_defined(act, order))
                weakest = "numeric" if any(c == "numeric" for _, c in forms) else "symbolic+numeric"
                form = Form(order, pw, "f", weakest, reason="piece by piece (conditions on x)")
    else:
        bad = [i for i, r in enumerate(results) if r is None]
        why = "; ".join(
            (f"on {pcs[i].condition()}: " if len(pcs) > 1 else "") + reasons[i] for i in bad
        )
        w = next((witnesses[i] for i in bad if witnesses[i] is not None), None)
        mixed = _mixed(act, order)
        if mixed is not None:
            form = Form(order, mixed[0], "mixed", mixed[1], reason=f"no form in f alone ({why}); mixed form in f and x", witness=w)
        else:
            form = Form(order, None, "none", reason=why, witness=w)
    memo[key] = form
    return form


def derive(act: Activation, orders: Iterable[int] | int = (1, 2)) -> Derivation:
    """All of the above for the given orders, as a :class:`~symact.results.Derivation`."""
    if isinstance(orders, int):
        orders = range(1, orders + 1)
    infos = []
    for k in orders:
        _check_order(k)
        infos.append(DerivativeInfo(k, derivative(act, k), in_terms_of_f(act, k), kinks(act, k)))
    return Derivation(
        name=act.name,
        expr=act.expr,
        params={p.name: p.default for p in act.params},
        values=dict(act.values),  # type: ignore[arg-type]
        derivatives=tuple(infos),
        breakpoints=tuple(bp.at for bp in act.pieces.breakpoints),
    )


def derivation_steps(act: Activation) -> list[tuple[str, sp.Expr]]:
    """The first derivative written out the way a textbook does, each step a SymPy object:
    the unevaluated derivative of the definition, SymPy's raw differentiation (chain and
    quotient rules, before any simplification), the simplified form and the form in f.
    Consecutive duplicates are dropped.  Smooth activations only (piecewise ones are
    derived piece by piece: see :func:`derivative`)."""
    if not act.pieces.smooth:
        raise ValueError(f"{act.name} is piecewise: derive it piece by piece")
    e = act.expr
    steps: list[tuple[str, sp.Expr]] = [("definition", sp.Derivative(e, x))]
    raw = budget.run(sp.diff, e, x, what="differentiating the definition")
    steps.append(("differentiation rules", raw))
    simp = derivative(act, 1)
    if simp != raw:
        steps.append(("simplified", simp))
    form = in_terms_of_f(act, 1)
    if form.expr is not None:
        steps.append(("in terms of f" if form.kind == "f" else "in terms of f and x", form.expr))
    return steps
