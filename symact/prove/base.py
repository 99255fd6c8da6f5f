"""Shared ground of the prover: the step budget, numbers ({"exact": e} or {"enclosure": (lo, hi)}),
the per-activation memo, derivatives on a piece and their limits."""

from __future__ import annotations

import weakref
from typing import Any, Callable, cast

import mpmath
import sympy as sp

from .. import budget
from .. import certificate as C
from ..intervals import const_iv, to_rational
from ..spec import Activation, x as X


TAIL_STARTS = (2, 4, 8, 16, 32, 64)  # candidate L for tails (-oo, -L] and [L, oo)


MAX_BOXES = 6000  # per cover


SAMPLES = 1500  # points sampled per window when looking for zeros of h


ROOT_HALF_WIDTH_BITS = 90  # enclosures of non-exact zeros: width 2**-89 ~ 1.6e-27


ENCLOSURE_DIGITS = 25  # decimal digits of reported enclosure endpoints (width <= 1e-12 required)


MAX_WIDTH = sp.Rational(1, 10**12)


class Unknown(Exception):
    """A step could not be completed; the message is the reason reported with ``unknown``."""


_memo: "weakref.WeakKeyDictionary[Activation, dict[object, Any]]" = weakref.WeakKeyDictionary()


def cache(act: Activation) -> dict[object, Any]:
    d = _memo.get(act)
    if d is None:
        d = _memo[act] = {}
    return d


def step_seconds() -> float:
    return budget.default_seconds() * 0.4


def ex(e: sp.Expr) -> dict[str, Any]:
    return {"exact": e}


def show(n: dict[str, Any]) -> sp.Expr:
    return C.num_expr(n)


def enclosure_of(iv: tuple[Any, ...]) -> tuple[Any, ...]:
    """Outward-rounded decimal endpoints (ENCLOSURE_DIGITS significant digits), computed
    exactly from the raw endpoints."""
    return (_decimal_round(iv[0], down=True), _decimal_round(iv[1], down=False))


def _decimal_round(raw: tuple[Any, ...], down: bool) -> sp.Rational:
    """A raw mpf rounded outward (down or up) to ENCLOSURE_DIGITS significant decimal digits."""
    r = to_rational(raw)
    if r == 0:
        return cast("sp.Rational", sp.Integer(0))
    with mpmath.workprec(64):
        e = int(mpmath.floor(mpmath.log10(abs(mpmath.mpf(raw)))))
    p = ENCLOSURE_DIGITS - 1 - e
    scaled = r * sp.Integer(10) ** p if p >= 0 else r / sp.Integer(10) ** (-p)
    m = sp.floor(scaled) if down else sp.ceiling(scaled)
    return cast("sp.Rational", m / sp.Integer(10) ** p if p >= 0 else m * sp.Integer(10) ** (-p))


def num_float(n: dict[str, Any]) -> mpmath.mpf:
    """A 256-bit approximation of a number (for search and display, never for proofs)."""
    with mpmath.workprec(256):
        return _num_float_(n)


def _num_float_(n: dict[str, Any]) -> mpmath.mpf:
    if "exact" in n:
        e = n["exact"]
        if e is sp.oo:
            return mpmath.inf
        if e is sp.S.NegativeInfinity:
            return -mpmath.inf
        lo, hi = const_iv(e, 200)
        return (mpmath.mpf(lo) + mpmath.mpf(hi)) / 2
    lo, hi = n["enclosure"]
    return mpmath.mpf(lo.p) / lo.q / 2 + mpmath.mpf(hi.p) / hi.q / 2


def cmp(a: dict[str, Any], b: dict[str, Any]) -> int:
    c = C.compare_nums(a, b)
    if c is None:
        raise Unknown(f"cannot decide the order of {show(a)} and {show(b)}")
    return c


def dyadic(v: mpmath.mpf, bits: int = 200) -> sp.Rational:
    """A dyadic rational equal to v rounded to ``bits`` bits."""
    with mpmath.workprec(bits):
        w = +mpmath.mpf(v)
    return cast("sp.Rational", to_rational(w._mpf_))  # w is finite


def deriv(act: Activation, i: int, k: int) -> sp.Expr:
    return C.derivative_on_piece(act, i, k)


def limit_of(act: Activation, i: int, k: int, end: sp.Expr) -> sp.Expr:
    g = deriv(act, i, k)
    v = C.limit_at(g, end, seconds=budget.default_seconds())
    if v is None:
        raise Unknown(f"the limit of {fk(k)} at {end} is not shown by the asymptotic normal form "
                      f"(it may not exist){_sympy_guess(g, end)}")
    return v


def _sympy_guess(g: sp.Expr, end: sp.Expr) -> str:
    """SymPy's ``limit`` as a guess for the reason of an unknown (never a proof)."""
    try:
        v = budget.run(sp.limit, g, X, end, seconds=min(2.0, budget.default_seconds()), what="a guessed limit")
    except (budget.Timeout, Exception):  # noqa: BLE001 - no guess
        return ""
    if v.has(sp.Limit, sp.nan, sp.zoo, sp.AccumBounds, sp.sign) or v.has(X):
        return ""
    return f"; SymPy's limit suggests {v}, unproved"


def end_value(g: sp.Expr, end: sp.Expr, side: str, closed: bool) -> sp.Expr:
    if end.is_infinite:
        v = C.limit_at(g, end, seconds=budget.default_seconds())
    elif closed:
        v = g.xreplace({X: end})
    else:
        v = C.value_at(g, end, side)
    if v is None:
        raise Unknown(f"limit of {g} at {end} not found")
    return v


def short_text(v: sp.Expr) -> str:
    if isinstance(v, sp.Rational) and not v.is_Integer:
        return cast("str", mpmath.nstr(mpmath.mpf(v.p) / v.q, 8))
    return str(v)


def memoised(act: Activation, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()`` once per activation and key; an Unknown (or a Timeout, as Unknown) is
    remembered and raised again, so a failed step is not retried within one proof."""
    memo = cache(act)
    if key in memo:
        res = memo[key]
        if isinstance(res, Unknown):
            raise res
        return res
    try:
        res = compute()
    except Unknown as exc:
        memo[key] = exc
        raise
    except budget.Timeout as exc:
        err = Unknown(str(exc))
        memo[key] = err
        raise err from None
    memo[key] = res
    return res


def fk(k: int) -> str:
    return "f" + ("'" * k if k <= 3 else f"^({k})")
