"""Rigorous real numbers: SymPy constants as Arb balls, and decisions made on them.

This is the numeric half of the trusted core (see DESIGN.md, "Trust base").  Every decision
about a real constant that a proof or a verdict rests on (a sign, a comparison, the order of
two breakpoints, a Piecewise condition at a point, whether a decimal is a rounding or a
truncation) is made here, by Arb's ball arithmetic (python-flint's :class:`flint.arb`) at an
adaptive precision: 64, 128, ..., 2048 bits.  A ball is a midpoint and a radius that are
proved to contain the exact value; a ball that excludes 0 proves the sign.  When no
precision up to the cap separates a constant from 0, the answer is ``None`` (undecided),
never a guess, unless :func:`exact_zero` proves the constant is 0 by exact algebra.

:func:`ball` supports integers, rationals, SymPy Floats (exact binary numbers), ``pi``,
``E``, ``EulerGamma``, ``Catalan``, ``GoldenRatio``, ``+ - * /``, powers, ``Abs``, ``Max``,
``Min``, ``sign`` and the functions of :data:`symact.primitives.FUNCTIONS` with an ``arb``
name (each one Arb's own rigorous implementation) or code of their own here (``_OWN``).
Anything else raises :class:`Unsupported`.  A constant outside a function's real domain
(``log(-1)``, ``sqrt(-2)``, ``atanh(1)``) gives a non-finite ball and so is never decided.

Nothing here evaluates a float, calls ``evalf`` or asks SymPy to compare two numbers.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any, Callable, Sequence, cast

import sympy as sp
from flint import arb, arf, ctx, fmpq, fmpz
from sympy.codegen.cfunctions import exp2, log2, log10

from .primitives import with_column

__all__ = [
    "PRECISIONS",
    "Unsupported",
    "ball",
    "enclose",
    "exact_zero",
    "sign_of_constant",
    "compare",
    "decide",
    "decide_relational",
    "is_rounding",
    "is_truncation",
    "arb_from_mpf",
    "mpf_from_arf",
    "lower_mpf",
    "upper_mpf",
]

#: The precisions (bits) tried in turn; the last one is the cap.
PRECISIONS: tuple[int, ...] = (64, 128, 256, 512, 1024, 2048)


class Unsupported(ArithmeticError):
    """The expression has a part with no rigorous Arb evaluation (an unknown function, a
    free symbol, an infinity inside an expression, ...)."""


# ---------------------------------------------------------------------------------------
# conversions between Arb and mpmath's raw binary floats (exact both ways)
def arb_from_mpf(v: tuple[Any, ...]) -> arb:
    """An exact mpmath raw mpf tuple (sign, man, exp, bc) as an exact Arb number (finite only)."""
    sign, man, exp, _ = v
    if not man:
        if exp:  # inf, -inf, nan are (0, 0, -456/-789/-123, ...)
            raise Unsupported("an infinite or nan endpoint has no Arb ball")
        return arb(0)
    return arb(arf((-man if sign else man, exp)))


def mpf_from_arf(a: arb) -> tuple[Any, ...]:
    """The exact midpoint of an exact Arb number as a raw mpf tuple."""
    from mpmath.libmp import from_man_exp

    man, exp = a.mid().man_exp()
    return cast("tuple[Any, ...]", from_man_exp(int(man), int(exp)))


def _bound_prec(a: arb) -> int:
    return max(int(ctx.prec), int(a.bits())) + 16


def lower_mpf(a: arb) -> tuple[Any, ...]:
    """A raw mpf <= every point of the ball (Arb's lower bound, rounded down, converted
    exactly).  Arb rounds the bound at the context precision: raise it to the midpoint's."""
    with ctx.workprec(_bound_prec(a)):
        return mpf_from_arf(a.lower())


def upper_mpf(a: arb) -> tuple[Any, ...]:
    """A raw mpf >= every point of the ball."""
    with ctx.workprec(_bound_prec(a)):
        return mpf_from_arf(a.upper())


# ---------------------------------------------------------------------------------------
# SymPy constant -> Arb ball
def _lambertw(args: list[arb], e: sp.Basic) -> arb:
    k = e.args[1] if len(e.args) > 1 else 0
    if k == 0:
        return args[0].lambertw()
    if k == -1:
        return args[0].lambertw(branch=-1)
    raise Unsupported(f"LambertW branch {k} is not real")


def _polygamma(args: list[arb], e: sp.Basic) -> arb:
    if e.args[0] == 0:
        return args[1].digamma()
    raise Unsupported("polygamma of order > 0")


def _heaviside(args: list[arb], e: sp.Basic) -> arb:
    a = args[0]
    if a > 0:
        return arb(1)
    if a < 0:
        return arb(0)
    if a.is_exact() and a.is_zero():
        h0 = e.args[1] if len(e.args) > 1 else sp.S.Half
        return _ball(sp.sympify(h0), _prec())
    return arb.nan()


def _sign(args: list[arb], e: sp.Basic) -> arb:
    a = args[0]
    if a > 0:
        return arb(1)
    if a < 0:
        return arb(-1)
    if a.is_exact() and a.is_zero():
        return arb(0)
    return arb.nan()


def _one(method: str) -> Callable[[list[arb], sp.Basic], arb]:
    def fn(args: list[arb], e: sp.Basic) -> arb:
        if len(args) != 1:
            raise Unsupported(f"{type(e).__name__} with {len(args)} arguments")
        return cast("arb", getattr(args[0], method)())

    return fn


def _acot(args: list[arb], e: sp.Basic) -> arb:
    a = args[0]
    if a > 0:
        return (1 / a).atan()
    if a < 0:
        return (1 / a).atan() + arb.pi()
    return arb.nan()  # SymPy's acot(0) = pi/2 is left to exact simplification


#: rigorous's own code for the functions of the table (symact.primitives) with no arb method
_OWN: dict[type, Callable[[list[arb], sp.Basic], arb]] = {
    sp.acot: _acot,
    sp.polygamma: _polygamma,
    sp.LambertW: _lambertw,
    sp.Abs: lambda a, e: abs(a[0]),
    sp.sign: _sign,
    sp.Heaviside: _heaviside,
    exp2: lambda a, e: (a[0] * arb(2).log()).exp(),
    log2: lambda a, e: a[0].log() / arb(2).log(),
    log10: lambda a, e: a[0].log() / arb(10).log(),
}
#: SymPy function -> its ball: Arb's own rigorous implementation (the table's ``arb`` column)
#: or the code above
_FUNCTIONS: dict[type, Callable[[list[arb], sp.Basic], arb]] = {
    **{fn: _one(method) for fn, method in with_column("arb").items()},
    **_OWN,
}


def _prec() -> int:
    return int(ctx.prec)


def _rational(p: int, q: int) -> arb:
    return arb(fmpq(p, q)) if q != 1 else arb(fmpz(p))


def _pow(b: arb, ex: sp.Expr, prec: int) -> arb:
    if ex.is_Integer:
        n = int(ex)
        if n >= 0:
            return b ** fmpz(n)
        return 1 / (b ** fmpz(-n))
    if isinstance(ex, sp.Rational):
        p, q = int(ex.p), int(ex.q)
        if b >= 0 or (b.is_exact() and b.is_zero()):
            r = b.root(q) if q > 1 else b
            return r ** fmpz(p) if p >= 0 else 1 / (r ** fmpz(-p))
        return arb.nan()  # SymPy's rational power of a negative number is complex
    e = _ball(ex, prec)
    if b > 0:
        return (e * b.log()).exp()
    return arb.nan()


_CONSTANTS: dict[sp.Basic, Callable[[], arb]] = {
    sp.pi: arb.pi,
    sp.E: arb.const_e,
    sp.EulerGamma: arb.const_euler,
    sp.Catalan: arb.const_catalan,
    sp.GoldenRatio: lambda: (1 + arb(5).sqrt()) / 2,
}


def _ball(e: sp.Basic, prec: int) -> arb:  # noqa: C901 - one dispatch
    if isinstance(e, sp.Integer):
        return arb(fmpz(int(e)))
    if isinstance(e, sp.Rational):
        return _rational(int(e.p), int(e.q))
    if isinstance(e, sp.Float):
        return arb_from_mpf(e._mpf_)
    c = _CONSTANTS.get(e)
    if c is not None:
        return c()
    if isinstance(e, sp.Add):
        r = arb(0)
        for a in e.args:
            r = r + _ball(a, prec)
        return r
    if isinstance(e, sp.Mul):
        r = arb(1)
        for a in e.args:
            r = r * _ball(a, prec)
        return r
    if isinstance(e, sp.Pow):
        if e.base is sp.E:
            return _ball(e.exp, prec).exp()
        return _pow(_ball(e.base, prec), e.exp, prec)
    if isinstance(e, (sp.Max, sp.Min)):
        vals = [_ball(a, prec) for a in e.args]
        r = vals[0]
        for v in vals[1:]:
            r = r.max(v) if isinstance(e, sp.Max) else r.min(v)
        return r
    fn = _FUNCTIONS.get(type(e))
    if fn is not None:
        if isinstance(e, sp.polygamma):
            return fn([arb(0), _ball(e.args[1], prec)], e)
        if isinstance(e, (sp.LambertW, sp.Heaviside)):
            return fn([_ball(e.args[0], prec)], e)
        return fn([_ball(a, prec) for a in e.args], e)
    if e.free_symbols:
        raise Unsupported(f"free symbols {sorted(cast('sp.Symbol', s).name for s in e.free_symbols)}")
    raise Unsupported(f"no rigorous evaluation of {type(e).__name__}")


@functools.lru_cache(maxsize=8192)
def _ball_cached(e: sp.Basic, prec: int) -> arb:
    with ctx.workprec(prec):
        return _ball(e, prec)


def ball(expr: sp.Basic, prec: int = 128) -> arb:
    """An Arb ball (at ``prec`` bits) that contains the exact real number ``expr``.

    The ball may be non-finite (``nan`` or infinite radius) when the precision is too low
    or the constant lies outside a function's real domain.  Raises :class:`Unsupported`."""
    e = sp.sympify(expr)
    if e.is_infinite or e.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.I):
        raise Unsupported(f"not a finite real constant: {e}")
    return _ball_cached(e, prec)


def enclose(expr: sp.Basic, rel_bits: int = 60, precisions: Sequence[int] = PRECISIONS) -> arb | None:
    """A finite ball around ``expr`` with about ``rel_bits`` bits of relative accuracy (or
    whose radius is below 2**-rel_bits when the value is tiny); the best finite ball if the
    cap is reached first; None if no precision gives a finite ball."""
    best = None
    for prec in precisions:
        try:
            b = ball(expr, prec)
        except Unsupported:
            return None
        if not b.is_finite():
            continue
        best = b
        if b.rel_accuracy_bits() >= rel_bits:
            return b
    return best


# ---------------------------------------------------------------------------------------
# exact zero tests (sound: each step is an identity)
_HYPERBOLIC = (sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.csch, sp.coth)


def _lambert_identity(e: sp.Expr) -> sp.Expr:
    """exp(n W(z) + r) -> (z / W(z))**n exp(r): the defining identity W(z) e^{W(z)} = z."""

    def rule(a: sp.Expr) -> sp.Expr:
        arg = a.args[0] if isinstance(a, sp.exp) else cast("sp.Pow", a).exp
        out = sp.Integer(1)
        rest = []
        for t in sp.Add.make_args(sp.expand(arg)):
            coeff, w = t.as_coeff_Mul()
            if isinstance(w, sp.LambertW) and coeff.is_Integer:
                out *= (w.args[0] / w) ** int(coeff)
            else:
                rest.append(t)
        return a if out == 1 else out * sp.exp(sp.Add(*rest))

    return cast("sp.Expr", e.replace(lambda a: (isinstance(a, sp.exp) or (a.is_Pow and a.base is sp.E)) and a.has(sp.LambertW), rule))


def _algebraic(e: sp.Expr) -> bool:
    if e.is_Rational:
        return True
    if isinstance(e, (sp.Add, sp.Mul)):
        return all(_algebraic(a) for a in e.args)
    if isinstance(e, sp.Pow):
        return e.exp.is_Rational and _algebraic(e.base)
    return False


def _exact_forms(e: sp.Expr) -> Any:
    """Forms of ``e`` each obtained by identities (exact algebra and defining identities)."""
    yield lambda: sp.expand(e)
    yield lambda: sp.cancel(sp.together(sp.expand(e)))
    if e.has(*_HYPERBOLIC):
        yield lambda: sp.cancel(sp.expand(e.rewrite(sp.exp)))
    if e.has(sp.LambertW):
        yield lambda: sp.cancel(sp.expand(_lambert_identity(sp.expand(e))))
        yield lambda: sp.cancel(sp.expand(_lambert_identity(sp.expand(e.rewrite(sp.exp)))))
    if e.has(sp.log):
        yield lambda: sp.cancel(sp.expand(sp.expand_log(e, force=False)))
        yield lambda: sp.cancel(sp.expand(_split_rational_logs(sp.expand_log(e, force=False))))


def _split_rational_logs(e: sp.Expr) -> sp.Expr:
    """log(p/q) = sum e_i log(prime_i) for a positive rational (an identity); small numbers only."""

    def split(a: sp.log) -> sp.Expr:
        r = a.args[0]
        if not (isinstance(r, sp.Rational) and r > 0) or max(abs(int(r.p)), int(r.q)) > 10**12:
            return a
        out = sp.Integer(0)
        for n, sign in ((int(r.p), 1), (int(r.q), -1)):
            for prime, k in sp.factorint(n).items():
                out += sign * k * sp.log(sp.Integer(prime), evaluate=False)
        return cast("sp.Expr", out)

    return cast("sp.Expr", e.replace(lambda a: isinstance(a, sp.log) and a.args[0].is_Rational, split))


@functools.lru_cache(maxsize=4096)
def _exact_zero_cached(e: sp.Expr, seconds: float) -> bool:
    from . import budget

    if e == 0:
        return True
    for form in _exact_forms(e):
        try:
            if budget.run(form, seconds=seconds, what="exact zero test") == 0:
                return True
        except budget.Timeout:
            continue
        except Exception:  # noqa: BLE001 - a failed rewrite proves nothing
            continue
    if not e.free_symbols and _algebraic(e):
        # an algebraic number is 0 iff its minimal polynomial is t (exact algebra)
        t = sp.Dummy("t")
        try:
            mp = budget.run(lambda: sp.minimal_polynomial(e, t), seconds=seconds, what="minimal polynomial")
        except Exception:  # noqa: BLE001 - includes Timeout
            return False
        return bool(sp.expand(mp - t) == 0)
    return False


def exact_zero(expr: sp.Basic, seconds: float = 2.0) -> bool:
    """True only if ``expr`` is shown to be exactly 0 by exact algebra: ``expand``, ``together``
    and ``cancel`` (identities in the field of rational functions of the expression's atoms;
    ``expand``'s log and power rules apply only where SymPy's assumptions make them valid),
    the exponential form of hyperbolic functions, the identity exp(W(z)) = z/W(z), and the
    minimal polynomial of an algebraic number.  ``simplify`` is never used: it can return 0
    for a non-zero constant.  False means "not shown", not "non-zero"."""
    e = sp.sympify(expr)
    try:
        return _exact_zero_cached(e, float(seconds))
    except Exception:  # noqa: BLE001 - a budget that ran out above us propagates as Timeout
        return False


# ---------------------------------------------------------------------------------------
# decisions
def sign_of_constant(expr: sp.Basic, precisions: Sequence[int] = PRECISIONS, zero_test: bool = True) -> int | None:
    """+1 or -1 when an Arb ball of ``expr`` excludes 0 at one of ``precisions``; 0 when
    ``expr`` is exactly 0 (an exact zero ball, or :func:`exact_zero`); None otherwise."""
    e = sp.sympify(expr)
    if e == 0:
        return 0
    if e is sp.oo:
        return 1
    if e is sp.S.NegativeInfinity:
        return -1
    if e.free_symbols:
        return None
    tried_zero = False
    for prec in precisions:
        try:
            b = ball(e, prec)
        except Unsupported:
            break
        if not b.is_finite():
            continue
        if b > 0:
            return 1
        if b < 0:
            return -1
        if b.is_exact() and b.is_zero():
            return 0
        if zero_test and not tried_zero and b.rad() < arb(2) ** (-prec // 2):
            tried_zero = True
            if exact_zero(e):
                return 0
    if zero_test and not tried_zero and exact_zero(e):
        return 0
    return None


def _inf_sign(e: sp.Expr) -> int | None:
    if e is sp.oo:
        return 1
    if e is sp.S.NegativeInfinity:
        return -1
    return None


def compare(a: sp.Basic, b: sp.Basic, precisions: Sequence[int] = PRECISIONS) -> int | None:
    """-1, 0, 1 for a < b, a == b, a > b (exact constants, +-oo allowed); None if undecided."""
    a, b = cast("sp.Expr", sp.sympify(a)), cast("sp.Expr", sp.sympify(b))
    if a == b:
        return 0
    ia, ib = _inf_sign(a), _inf_sign(b)
    if ia is not None or ib is not None:
        if ia is not None and ib is not None:
            return 0 if ia == ib else (1 if ia > ib else -1)
        if ia is not None:
            return ia if _finite_real(b) else None
        return -ib if _finite_real(a) else None  # type: ignore[operator]
    return sign_of_constant(a - b, precisions)


def _finite_real(e: sp.Expr) -> bool:
    if e.free_symbols:
        return False
    try:
        b = enclose(e, 8)
    except Unsupported:
        return False
    return b is not None and b.is_finite()


def decide_relational(rel: sp.Basic | bool) -> bool | None:
    """The truth of a relation between constants (Eq, Ne, <, <=, >, >=), or None."""
    if rel is sp.true or rel is True:
        return True
    if rel is sp.false or rel is False:
        return False
    if isinstance(rel, sp.And):
        vals = [decide_relational(a) for a in rel.args]
        if any(v is False for v in vals):
            return False
        return True if all(v is True for v in vals) else None
    if isinstance(rel, sp.Or):
        vals = [decide_relational(a) for a in rel.args]
        if any(v is True for v in vals):
            return True
        return False if all(v is False for v in vals) else None
    if isinstance(rel, sp.Not):
        v = decide_relational(rel.args[0])
        return None if v is None else not v
    if not isinstance(rel, sp.core.relational.Relational):
        return None
    c = compare(rel.lhs, rel.rhs)
    if c is None:
        return None
    op = rel.rel_op  # type: ignore[attr-defined]  # SymPy declares rel_op on the Relational subclasses only
    return {"==": c == 0, "!=": c != 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]


def decide(a: sp.Basic, op: str, b: sp.Basic) -> bool | None:
    """``a op b`` for exact constants, op in ``== != < <= > >=``; None if undecided."""
    c = compare(a, b)
    if c is None:
        return None
    return {"==": c == 0, "=": c == 0, "!=": c != 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]


# ---------------------------------------------------------------------------------------
# decimals
def _as_rational(d: object) -> sp.Rational:
    if isinstance(d, Fraction):
        return cast("sp.Rational", sp.Rational(d.numerator, d.denominator))
    if isinstance(d, sp.Rational):
        return cast("sp.Rational", d)
    if isinstance(d, int) and not isinstance(d, bool):
        return cast("sp.Rational", sp.Integer(d))
    raise TypeError(f"a decimal must be an exact rational, got {d!r}")


def is_rounding(c: sp.Basic, d: object, unit: object) -> bool | None:
    """Is the decimal ``d`` (exact rational) the value of ``c`` rounded to a multiple of
    ``unit`` (10**-places)?  True when |c - d| < unit/2, or = unit/2 exactly (a tie, both
    neighbours are roundings); False when |c - d| > unit/2; None if undecided."""
    d, u = _as_rational(d), _as_rational(unit)
    half = u / 2
    dist = sp.Abs(sp.sympify(c) - d) if not (sp.sympify(c) - d).is_Rational else abs(sp.sympify(c) - d)
    s = compare(dist, half)
    if s is None:
        return None
    return s <= 0


def is_truncation(c: sp.Basic, d: object, unit: object) -> bool | None:
    """Is ``d`` the value of ``c`` truncated (towards 0) to a multiple of ``unit``?  For c >= 0:
    d <= c < d + unit; for c < 0: d - unit < c <= d (and d a multiple of unit); None if
    undecided."""
    d, u = _as_rational(d), _as_rational(unit)
    c = sp.sympify(c)
    q = d / u
    if not q.is_Integer:
        return False
    s = sign_of_constant(c)
    if s is None:
        return None
    if s >= 0:
        lo, hi = compare(d, c), compare(c, d + u)
        if lo is None or hi is None:
            return None
        return lo <= 0 and hi < 0
    lo, hi = compare(d - u, c), compare(c, d)
    if lo is None or hi is None:
        return None
    return lo < 0 and hi <= 0


def floor_of(c: sp.Basic, precisions: Sequence[int] = PRECISIONS) -> int | None:
    """floor(c) for an exact constant, when a ball of c lies inside one [n, n + 1) (or c is
    shown to be the integer n exactly); None if undecided."""
    c = cast("sp.Expr", sp.sympify(c))
    if isinstance(c, sp.Integer):
        return int(c)
    if isinstance(c, sp.Rational):
        return int(c.p // c.q)
    for prec in precisions:
        try:
            b = ball(c, prec)
        except Unsupported:
            return None
        if not b.is_finite():
            continue
        with ctx.workprec(prec):
            f = b.floor()
        if f.is_exact() and not b.contains_integer():
            return int(cast("fmpz", f.unique_fmpz()))  # exact: an integer
        if b.contains_integer() and b.rad() < arb(2) ** -(prec // 2):
            n = int(cast("fmpz", b.mid().floor().unique_fmpz())) if b.mid().floor().is_exact() else None
            for m in (n, n + 1) if n is not None else ():
                if exact_zero(c - m):
                    return m
    return None
