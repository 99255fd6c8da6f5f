"""Deciding constants, sets and inclusions exactly (on Arb balls, never at 15 digits or by
SymPy's relational evaluation), and the 50-digit evaluation that only *finds* candidates."""

from __future__ import annotations

from typing import Any, Iterable, Sequence, cast

import mpmath
import sympy as sp

from .. import budget, rigorous
from ..numeric import NumericError, compile_mp
from .context import DIGITS, TOLERANCE, Unsupported, step_seconds


def evaluator(e: sp.Expr, variables: Sequence[sp.Symbol]) -> Any:
    """e compiled for mpmath evaluation in ``variables``."""
    try:
        return compile_mp(e, tuple(variables))
    except NumericError as exc:
        raise Unsupported(f"cannot evaluate {e} numerically ({exc})") from None


def to_mpf(a: Any) -> Any:
    """An exact SymPy number (or a Python number) as an mpmath number at the current precision."""
    if isinstance(a, sp.Rational):
        return mpmath.mpf(int(a.p)) / int(a.q)
    if isinstance(a, sp.Basic):
        return mpmath.mpf(str(sp.N(a, DIGITS + 5)))
    return mpmath.mpf(a)


def evaluate_at(fn: Any, *args: Any) -> Any:
    """fn at a point at 50 digits; None where undefined (or not real)."""
    with mpmath.workdps(DIGITS):
        try:
            v = fn(*[to_mpf(a) for a in args])
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
    if isinstance(v, mpmath.mpc):
        if abs(mpmath.im(v)) > mpmath.mpf(10) ** -40 * max(1, abs(v)):
            return None
        v = mpmath.re(v)
    if not isinstance(v, mpmath.mpf) or mpmath.isnan(v):
        return None
    return v


def differ(a: Any, b: Any) -> bool:
    """Whether two 50-digit values differ beyond the tolerance (None is undefined)."""
    if a is None or b is None:
        return (a is None) != (b is None)
    if mpmath.isinf(a) or mpmath.isinf(b):
        return cast("bool", a != b)
    return cast("bool", abs(a - b) > TOLERANCE * max(1, abs(a), abs(b)))


def sign(d: sp.Expr) -> int | None:
    """The sign of a constant, decided on Arb balls at adaptive precision (0 only by an exact
    zero test); None if undecided.

    Never SymPy's relational evaluation or a float: ``log(1 + exp(-100)) > 0`` evaluates to
    False in SymPy 1.14 (15-digit cancellation), which would refute a true claim."""
    d = sp.Integer(d) if isinstance(d, int) else sp.sympify(d)
    if d == 0:
        return 0
    if d.is_Rational:
        return 1 if d > 0 else -1
    if d.free_symbols or d.has(sp.nan, sp.zoo):
        return None
    if d == sp.oo:
        return 1
    if d == -sp.oo:
        return -1
    try:
        return budget.run(lambda: rigorous.sign_of_constant(d), seconds=step_seconds(), what="deciding the sign of a constant")
    except (budget.Timeout, Exception):  # noqa: BLE001 - undecided
        return None


def relation_holds(a: sp.Expr, op: str, b: sp.Expr) -> bool | None:
    """a op b for constants (op in < <= > >= = !=), or None when undecided."""
    s = sign(a - b)
    if s is None:
        return None
    return {"<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0, "=": s == 0, "!=": s != 0}[op]


def contains(S: sp.Set, v: sp.Expr) -> bool | None:
    """v in S for a constant v (intervals, finite sets, unions, the reals)."""
    if S == sp.S.Reals:
        return True if v.is_extended_real is not False and v.is_finite is not False else False
    if isinstance(S, sp.Union):
        res = [contains(a, v) for a in S.args]
        return True if any(r is True for r in res) else (None if any(r is None for r in res) else False)
    if isinstance(S, sp.FiniteSet):
        res = [relation_holds(v, "=", cast("sp.Expr", a)) for a in S.args]
        return True if any(r is True for r in res) else (None if any(r is None for r in res) else False)
    if isinstance(S, sp.Interval):
        lo = True if S.start == -sp.oo else relation_holds(v, ">" if S.left_open else ">=", S.start)
        hi = True if S.end == sp.oo else relation_holds(v, "<" if S.right_open else "<=", S.end)
        if lo is False or hi is False:
            return False
        if lo and hi:
            return True
        return None
    if S == sp.S.EmptySet:
        return False
    return None


def interval_within(I: sp.Interval, J: sp.Interval) -> bool | None:
    """I within J, deciding the ends with :func:`sign` (never SymPy's 15-digit compare)."""
    def end_ok(a: sp.Expr, a_open: bool, b: sp.Expr, b_open: bool, lower: bool) -> bool | None:
        if b in (-sp.oo, sp.oo):
            return cast("bool | None", (b == -sp.oo) if lower else (b == sp.oo))
        if a in (-sp.oo, sp.oo):
            return False
        sg = sign(a - b)
        if sg is None:
            return None
        if sg == 0:
            return a_open or not b_open
        return sg > 0 if lower else sg < 0

    lo = end_ok(I.start, I.left_open, J.start, J.left_open, True)
    hi = end_ok(I.end, I.right_open, J.end, J.right_open, False)
    if lo is False or hi is False:
        return False
    return True if lo and hi else None


def subset(R: sp.Set, S: sp.Set) -> bool | None:
    """R a subset of S for unions of intervals and points (robust at the end points)."""
    if S == sp.S.Reals:
        return True
    if R == sp.S.EmptySet:
        return True
    comps = R.args if isinstance(R, sp.Union) else (R,)
    targets = S.args if isinstance(S, sp.Union) else (S,)
    verdicts = []
    for c in comps:
        if isinstance(c, sp.FiniteSet):
            verdicts.append(conjunction([contains(S, cast("sp.Expr", p)) for p in c.args]))
        elif isinstance(c, sp.Interval):
            inside = [interval_within(c, t) if isinstance(t, sp.Interval) else (False if isinstance(t, sp.FiniteSet) else None) for t in targets]
            verdicts.append(True if any(v is True for v in inside) else (None if any(v is None for v in inside) else False))
        else:
            verdicts.append(None)
    return conjunction(verdicts)


def conjunction(vs: Sequence[bool | None]) -> bool | None:
    """Three-valued and: False if any is False, True if all are True, else None (undecided)."""
    if any(v is False for v in vs):
        return False
    return True if all(v is True for v in vs) else None


def parameter_samples(symbols: Iterable[sp.Symbol]) -> list[dict[sp.Symbol, sp.Rational]]:
    """Three assignments of exact values to parameters (respecting their signs)."""
    syms = sorted(symbols, key=lambda s: s.name)
    if not syms:
        return [{}]
    out = []
    for k, base in enumerate((sp.Rational(7, 10), sp.Rational(13, 10), sp.Rational(21, 10))):
        d = {}
        for j, s in enumerate(syms):
            v = base + sp.Rational(j, 7)
            if not (s.is_positive or s.is_nonnegative) and k == 2:
                v = -v
            if s.is_negative:
                v = -v
            d[s] = v
        out.append(d)
    return out
