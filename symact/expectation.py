"""E[g(a)] for a ~ N(0, 1): exact where SymPy integrates it, else a certified enclosure.

The expected derivative E[f'(a)] = int f'(a) phi(a) da, phi(a) = exp(-a^2/2)/sqrt(2 pi), is a
more typical per-layer factor of the backpropagated gradient than sup f' (symact.gradients).

* **Exact**: each smooth piece of f' is integrated against phi by ``sympy.integrate`` under
  the time budget (:mod:`symact.budget`).  A closed form is reported only if it lies in the
  independent enclosure below (SymPy's integrator has known wrong answers).
* **Enclosure**: composite 3-point Gauss-Legendre quadrature on [-T, T], split at the
  breakpoints of f', with the remainder of each panel enclosed rigorously.  On a panel of
  width h the n-point rule has the error (Abramowitz & Stegun 25.4.30)

      E = h^(2n+1) (n!)^4 / ((2n+1) ((2n)!)^3) * G^(2n)(xi),   xi in the panel,

  so evaluating G^(6) (G = g phi, differentiated by SymPy) in interval arithmetic
  (``mpmath.iv``) over the whole panel encloses E; the nodes, weights and values at the
  nodes are intervals too.  Panels are bisected until the enclosure is narrow enough.  The
  tails are bounded by |int_{|a|>T} g phi| <= M erfc(T/sqrt(2)) with M >= sup |g| (the
  caller's certified bound, e.g. the Lipschitz constant).  Functions without an interval
  extension in mpmath (tanh, atan, erf, sinh, cosh, ...) are evaluated at the end points of
  the argument interval (they are monotonic, or even and monotonic in |a|) with 20 guard
  bits and rounded outwards.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterator, Sequence

import mpmath
import sympy as sp

from . import budget
from .numeric import NumericError
from .spec import x as X

__all__ = ["integrate_exact", "enclose", "Enclosure", "PHI"]

#: The standard normal density in x.
PHI = sp.exp(-X**2 / 2) / sp.sqrt(2 * sp.pi)

_iv = mpmath.iv
_PREC = 64  # bits of the interval arithmetic
_GUARD = 20  # extra bits for point evaluations of monotonic functions


@contextlib.contextmanager
def _ivprec() -> Iterator[None]:
    """mpmath's interval context at ``_PREC`` bits (it has no ``workprec``)."""
    old = _iv.prec
    _iv.prec = _PREC
    try:
        yield
    finally:
        _iv.prec = old


@dataclass(frozen=True)
class Enclosure:
    """lo <= value <= hi (exact rationals), with the number of panels used."""

    lo: sp.Rational
    hi: sp.Rational
    panels: int

    @property
    def width(self) -> sp.Rational:
        return self.hi - self.lo

    def contains(self, value: sp.Expr) -> bool:
        """lo <= value <= hi for an exact real number ``value`` (decided at 40 digits; a value
        within 1e-40 of an end counts as inside)."""
        with mpmath.workdps(40):
            v = mpmath.mpf(sp.N(value, 40))
            lo = mpmath.mpf(int(self.lo.p)) / int(self.lo.q)
            hi = mpmath.mpf(int(self.hi.p)) / int(self.hi.q)
            tol = mpmath.mpf(10) ** -40 * max(1, abs(v))
            return bool(lo - tol <= v <= hi + tol)


# ---------------------------------------------------------------------------------------
# exact integration
def integrate_exact(pieces: Sequence[tuple[sp.Expr, sp.Expr, sp.Expr]], seconds: float) -> sp.Expr | None:
    """sum over (g, lo, hi) of int_lo^hi g phi, by SymPy within ``seconds`` in all (plus a
    quarter of that to simplify); None if SymPy does not finish or leaves an integral.

    Since phi is even, the integral equals that of the even part folded onto [0, oo)
    (:func:`fold`); when folding simplifies the integrand (sigmoid(a) + sigmoid(-a) = 1, the
    odd part of silu' vanishes), the folded form is integrated first, with half the budget.
    """
    folded = None
    try:
        folded = budget.run(fold, pieces, seconds=seconds / 4, what="folding f' onto [0, oo)")
    except budget.Timeout:
        pass
    except Exception:  # noqa: BLE001 - folding is an optimisation; any failure means "not folded"
        folded = None
    attempts = []
    if folded is not None:
        attempts.append((folded, seconds / 2))
    attempts.append((list(pieces), seconds / 2 if folded is not None else seconds))
    for parts, secs in attempts:
        total = _integrate_all(parts, secs)
        if total is not None:
            try:
                total = budget.run(sp.simplify, total, seconds=max(seconds / 4, 0.05), what="simplifying E[f'(a)]")
            except budget.Timeout:
                pass
            return total
    return None


def _integrate_all(pieces: Sequence[tuple[sp.Expr, sp.Expr, sp.Expr]], seconds: float) -> sp.Expr | None:
    def run() -> sp.Expr | None:
        total = sp.Integer(0)
        for g, lo, hi in pieces:
            if g == 0:
                continue
            part = sp.integrate(g * PHI, (X, lo, hi))
            if part.has(sp.Integral) or part.has(sp.nan, sp.zoo) or part.is_finite is False:
                return None
            total += part
        return total

    try:
        return budget.run(run, seconds=seconds, what="integrating f' against the normal density")
    except budget.Timeout:
        return None
    except Exception:  # noqa: BLE001 - SymPy's integrator raises many things; none is a result
        return None


def fold(pieces: Sequence[tuple[sp.Expr, sp.Expr, sp.Expr]]) -> list[tuple[sp.Expr, sp.Expr, sp.Expr]] | None:
    """The pieces of g(a) + g(-a) on [0, oo) (then E[g] = int_0^oo (g(a) + g(-a)) phi(a) da),
    simplified; None if the breakpoints are not symmetric about 0 or folding simplifies
    nothing (fewer operations than the two halves together)."""
    cuts = sorted({e for _, lo, hi in pieces for e in (lo, hi) if e.is_finite}, key=lambda e: float(e))
    if any(-c not in cuts for c in cuts):
        return None
    right = [c for c in cuts if c > 0]
    edges = [sp.Integer(0), *right, sp.oo]
    out = []
    gained = False
    for lo, hi in zip(edges, edges[1:]):
        mid = (lo + 1) if hi == sp.oo else (lo + hi) / 2
        g_pos = _piece_at(pieces, mid)
        g_neg = _piece_at(pieces, -mid)
        if g_pos is None or g_neg is None:
            return None
        h = g_pos + g_neg.subs(X, -X)
        simple = sp.simplify(h)
        if sp.count_ops(simple) < sp.count_ops(g_pos) + sp.count_ops(g_neg):
            gained = True
        out.append((simple, lo, hi))
    return out if gained else None


def _piece_at(pieces: Sequence[tuple[sp.Expr, sp.Expr, sp.Expr]], t: sp.Expr) -> sp.Expr | None:
    for g, lo, hi in pieces:
        if (lo == -sp.oo or lo < t) and (hi == sp.oo or t < hi):
            return g
    return None


# ---------------------------------------------------------------------------------------
# interval evaluation (no exec): SymPy expression -> function of an mpmath interval
def _outward(lo: mpmath.mpf, hi: mpmath.mpf) -> object:
    """[lo, hi] widened by 2^-(_PREC-4) relatively (covers the error of a point evaluation at
    _PREC + _GUARD bits), computed at that precision and rounded outwards into the interval."""
    with mpmath.workprec(_PREC + _GUARD):
        eps = mpmath.mpf(2) ** (-(_PREC - 4))
        return _iv.mpf([lo - abs(lo) * eps, hi + abs(hi) * eps])


def _increasing(fn: Callable) -> Callable:
    def ext(v):  # type: ignore[no-untyped-def]
        a, b = _ends_mpf(v)
        with mpmath.workprec(_PREC + _GUARD):
            lo, hi = fn(a), fn(b)
        return _outward(lo, hi)

    return ext


def _decreasing(fn: Callable) -> Callable:
    def ext(v):  # type: ignore[no-untyped-def]
        a, b = _ends_mpf(v)
        with mpmath.workprec(_PREC + _GUARD):
            lo, hi = fn(b), fn(a)
        return _outward(lo, hi)

    return ext


def _even_increasing(fn: Callable) -> Callable:
    """Even functions increasing in |a| (cosh)."""

    def ext(v):  # type: ignore[no-untyped-def]
        a, b = _ends_mpf(abs(v))
        with mpmath.workprec(_PREC + _GUARD):
            lo, hi = fn(a), fn(b)
        return _outward(lo, hi)

    return ext


def _sech(v):  # type: ignore[no-untyped-def]
    return 1 / _even_increasing(mpmath.cosh)(v)


_IV_UNARY: dict[type, Callable] = {
    sp.exp: lambda v: _iv.exp(v),
    sp.log: lambda v: _iv.log(v),
    sp.sin: lambda v: _iv.sin(v),
    sp.cos: lambda v: _iv.cos(v),
    sp.Abs: abs,
    sp.tanh: _increasing(mpmath.tanh),
    sp.atan: _increasing(mpmath.atan),
    sp.asinh: _increasing(mpmath.asinh),
    sp.sinh: _increasing(mpmath.sinh),
    sp.erf: _increasing(mpmath.erf),
    sp.erfc: _decreasing(mpmath.erfc),
    sp.cosh: _even_increasing(mpmath.cosh),
    sp.sech: _sech,
}


def _const(e: sp.Basic) -> object:
    if isinstance(e, sp.Integer):
        return _iv.mpf(int(e))
    if isinstance(e, sp.Rational):
        return _iv.mpf(int(e.p)) / int(e.q)
    if isinstance(e, sp.Float):
        r = sp.Rational(e)
        return _iv.mpf(int(r.p)) / int(r.q)
    if e is sp.pi:
        return _iv.pi
    if e is sp.E:
        return _iv.e
    raise NumericError(f"no interval value for {e}")


def compile_iv(expr: sp.Expr, variable: sp.Symbol = X) -> Callable[[object], object]:
    """A function evaluating ``expr`` on an mpmath interval (outward-rounded enclosure of its
    range over the interval); common subexpressions are evaluated once."""
    reps, (reduced,) = sp.cse(expr, optimizations=None)
    order: list[tuple[sp.Symbol, Callable]] = []
    known: set[sp.Symbol] = {variable}
    for sym, sub in reps:
        order.append((sym, _node(sub, known)))
        known.add(sym)
    final = _node(reduced, known)

    def fn(v):  # type: ignore[no-untyped-def]
        with _ivprec():
            env = {variable: v}
            for sym, node in order:
                env[sym] = node(env)
            return final(env)

    return fn


def _node(e: sp.Basic, known: set[sp.Symbol]) -> Callable[[dict], object]:  # noqa: C901 - a dispatch table
    if e in known:
        return lambda env: env[e]
    if isinstance(e, sp.Symbol):
        raise NumericError(f"free symbol {e.name!r} has no value")
    if e.is_Number or e in (sp.pi, sp.E):
        c = _const(e)
        return lambda env: c
    if isinstance(e, sp.Add):
        parts = [_node(a, known) for a in e.args]

        def add(env):  # type: ignore[no-untyped-def]
            r = parts[0](env)
            for p in parts[1:]:
                r = r + p(env)
            return r

        return add
    if isinstance(e, sp.Mul):
        parts = [_node(a, known) for a in e.args]

        def mul(env):  # type: ignore[no-untyped-def]
            r = parts[0](env)
            for p in parts[1:]:
                r = r * p(env)
            return r

        return mul
    if isinstance(e, sp.Pow):
        base = _node(e.base, known)
        ex = e.exp
        if ex.is_Integer:
            n = int(ex)
            if n >= 0:
                return lambda env: base(env) ** n
            return lambda env: 1 / (base(env) ** (-n))
        if ex == sp.S.Half:
            return lambda env: _iv.sqrt(base(env))
        if ex == -sp.S.Half:
            return lambda env: 1 / _iv.sqrt(base(env))
        if ex.is_Rational:
            num = _const(ex)
            return lambda env: _iv.exp(num * _iv.log(base(env)))
        expo = _node(ex, known)
        return lambda env: _iv.exp(expo(env) * _iv.log(base(env)))
    fn = _IV_UNARY.get(type(e))
    if fn is not None and len(e.args) == 1:
        arg = _node(e.args[0], known)
        return lambda env: fn(arg(env))
    raise NumericError(f"no interval extension for {type(e).__name__}")


# ---------------------------------------------------------------------------------------
# certified quadrature
_N_POINTS = 3
# the 3-point Gauss-Legendre rule on [-1, 1]: nodes 0, +-sqrt(3/5) (as intervals), weights
_WEIGHTS = (sp.Rational(5, 9), sp.Rational(8, 9), sp.Rational(5, 9))
# A&S 25.4.30: h^(2n+1) (n!)^4 / ((2n+1) ((2n)!)^3)
_ERR_COEF = sp.Rational(math.factorial(_N_POINTS) ** 4, (2 * _N_POINTS + 1) * math.factorial(2 * _N_POINTS) ** 3)


@functools.lru_cache(maxsize=None)
def _rule_constants() -> tuple[tuple[object, ...], tuple[object, ...], object]:
    with _ivprec():
        s = _iv.sqrt(_iv.mpf(3) / 5)
        nodes = (-s, _iv.mpf(0), s)
        weights = tuple(_const(w) for w in _WEIGHTS)
        coef = _const(_ERR_COEF)
    return nodes, weights, coef


def _endpoints(v: object) -> tuple[Fraction, Fraction]:
    """The end points of an mpmath interval as exact rationals (mpmath numbers are dyadic)."""
    return _dyadic(v._mpi_[0]), _dyadic(v._mpi_[1])  # type: ignore[attr-defined]


def _dyadic(raw: tuple) -> Fraction:
    sign, man, exp, _ = raw
    if not man:
        if exp:  # +-inf or nan are encoded with man = 0 and a special exp
            raise NumericError("the enclosure is not finite")
        return Fraction(0)
    value = Fraction(int(man)) * (Fraction(2) ** int(exp))
    return -value if sign else value


def _ends_mpf(v: object) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The end points as mpmath numbers, exactly (converted at more bits than they have:
    at mpmath's default 53 bits the conversion would round, possibly inwards)."""
    a, b = v._mpi_  # type: ignore[attr-defined]
    with mpmath.workprec(_PREC + _GUARD):
        return mpmath.mpf(a), mpmath.mpf(b)


def _panel(g_iv: Callable, g6_iv: Callable, u: Fraction, v: Fraction) -> object:
    """Interval enclosing int_u^v G, G = g(a) exp(-a^2/2) (the 1/sqrt(2 pi) is applied later)."""
    nodes, weights, coef = _rule_constants()
    with _ivprec():
        lo = _iv.mpf(u.numerator) / u.denominator
        hi = _iv.mpf(v.numerator) / v.denominator
        half = (hi - lo) / 2
        mid = (hi + lo) / 2
        total = _iv.mpf(0)
        for t, w in zip(nodes, weights):
            total = total + w * g_iv(mid + half * t)
        total = total * half
        span = _iv.mpf([_ends_mpf(lo)[0], _ends_mpf(hi)[1]])
        h = hi - lo
        err = coef * h ** (2 * _N_POINTS + 1) * g6_iv(span)
        return total + err


def remainder_derivative(g: sp.Expr, n: int) -> sp.Expr:
    """d^n/da^n [g(a) exp(-a^2/2)] by Leibniz' rule, with the derivatives of the Gaussian
    written as (-1)^j He_j(a) exp(-a^2/2) (probabilists' Hermite polynomials): only g is
    differentiated, which is much cheaper than differentiating the product."""
    ds = [g]
    for _ in range(n):
        ds.append(sp.diff(ds[-1], X))
    terms = [sp.binomial(n, k) * ds[k] * (-1) ** (n - k) * sp.hermite_prob(n - k, X) for k in range(n + 1)]
    return sp.Add(*terms) * sp.exp(-X**2 / 2)


def enclose(
    pieces: Sequence[tuple[sp.Expr, sp.Expr, sp.Expr]],
    sup_abs: sp.Expr,
    tol: float = 1e-13,
    cutoff: int = 12,
    max_panels: int = 6000,
    seconds: float | None = None,
) -> Enclosure:
    """An enclosure of sum over (g, lo, hi) of int_lo^hi g(a) phi(a) da.

    ``sup_abs`` must be a certified upper bound of |g| on the whole line (it bounds the tails
    |a| > ``cutoff``).  Raises :class:`NumericError` if some piece has no interval
    extension, and :class:`symact.budget.Timeout` if ``seconds`` run out.
    """
    return budget.run(_enclose, pieces, sup_abs, tol, cutoff, max_panels, seconds=seconds or budget.default_seconds() * 4, what="enclosing E[f'(a)]")


def _enclose(pieces, sup_abs, tol, cutoff, max_panels):  # type: ignore[no-untyped-def]
    T = Fraction(cutoff)
    panels: list[tuple[Callable, Callable, Fraction, Fraction]] = []
    for g, lo, hi in pieces:
        if g.free_symbols - {X} or lo.free_symbols or hi.free_symbols:
            raise NumericError("the derivative or its breakpoints depend on symbolic parameters")
        a = max(_frac_lower(lo), -T)
        b = min(_frac_upper(hi), T)
        if a >= b or g == 0:
            continue
        g_iv = compile_iv(g * sp.exp(-X**2 / 2))
        g6_iv = compile_iv(remainder_derivative(g, 2 * _N_POINTS))
        # start with panels of width <= 1/2
        k = max(1, math.ceil((b - a) * 2))
        edges = [a + (b - a) * Fraction(j, k) for j in range(k + 1)]
        for u, v in zip(edges, edges[1:]):
            panels.append((g_iv, g6_iv, u, v))
    # global adaptivity: bisect the panel with the widest enclosure until the widths add up
    # to at most ``tol`` (or the panel budget is spent)
    heap: list[tuple[float, int, tuple, object]] = []
    total = 0.0
    count = 0

    def push(item: tuple) -> None:
        nonlocal total, count
        r = _panel(*item)
        a_, b_ = _ends_mpf(r)
        w = float(b_ - a_)
        total += w
        count += 1
        heapq.heappush(heap, (-w, count, item, r))

    for item in panels:
        push(item)
    used = count
    while heap and total > tol and used < max_panels:
        negw, _, (g_iv, g6_iv, u, v), _ = heap[0]
        if (v - u) <= Fraction(1, 2**20):
            break
        heapq.heappop(heap)
        total += negw
        m = (u + v) / 2
        push((g_iv, g6_iv, u, m))
        push((g_iv, g6_iv, m, v))
        used += 2
    result = _iv.mpf(0)
    with _ivprec():
        for _, _, _, r in sorted(heap, key=lambda t: t[1]):  # a fixed order: deterministic sums
            result = result + r
    with _ivprec():
        result = result / _iv.sqrt(2 * _iv.pi)
        m = _iv.mpf(sup_abs.p) / sup_abs.q if isinstance(sup_abs, sp.Rational) else _upper_iv(sup_abs)
        with mpmath.workprec(_PREC + _GUARD):
            tail = mpmath.erfc(mpmath.mpf(cutoff) / mpmath.sqrt(2)) * (1 + mpmath.mpf(2) ** -(_PREC - 4))
        tails = m * _iv.mpf(tail)
        result = result + _iv.mpf([-tails.b, tails.b])
    lo, hi = _endpoints(result)
    return Enclosure(sp.Rational(lo.numerator, lo.denominator), sp.Rational(hi.numerator, hi.denominator), used)


def _upper_iv(e: sp.Expr) -> object:
    with _ivprec():
        return compile_iv(e)(_iv.mpf(0))


def _frac_lower(e: sp.Expr) -> Fraction:
    if e == -sp.oo:
        return Fraction(-(10**9))
    return _frac(e)


def _frac_upper(e: sp.Expr) -> Fraction:
    if e == sp.oo:
        return Fraction(10**9)
    return _frac(e)


def _frac(e: sp.Expr) -> Fraction:
    if isinstance(e, sp.Rational):
        return Fraction(int(e.p), int(e.q))
    raise NumericError(f"breakpoint {e} is not a rational number")
