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

  so evaluating G^(6) (G = g phi; Leibniz' rule with Hermite polynomials, only g is
  differentiated) in interval arithmetic (:mod:`symact.intervals`, the prover's rigorous
  enclosures) over the whole panel encloses E; the nodes, weights and values at the nodes
  are intervals too.  The panel with the widest enclosure is bisected until the widths add
  up to the tolerance.  The tails are bounded by |int_{|a|>T} g phi| <= M erfc(T/sqrt(2))
  with M >= sup |g| (the caller's certified bound, e.g. the Lipschitz constant).
"""

from __future__ import annotations

import functools
import heapq
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Sequence, cast

import mpmath
import sympy as sp
from mpmath.libmp import libmpi as M

from . import budget
from . import intervals as IV
from .numeric import NumericError
from .symbols import x as X

__all__ = ["integrate_exact", "enclose", "Enclosure", "PHI", "compile_cse", "remainder_derivative", "fold"]

#: The standard normal density in x.
PHI = sp.exp(-X**2 / 2) / sp.sqrt(2 * sp.pi)

_PREC = 64  # bits of the interval arithmetic (the enclosures aim at widths near 1e-12)


@dataclass(frozen=True)
class Enclosure:
    """lo <= value <= hi (exact rationals), with the number of panels used."""

    lo: sp.Rational
    hi: sp.Rational
    panels: int

    @property
    def width(self) -> sp.Rational:
        return cast("sp.Rational", self.hi - self.lo)

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
    odd part of silu' vanishes), the folded form is integrated first, with three quarters of the
    budget (hard_swish's takes 0.7 s warm, more on a cold cache under load: half of the default
    2 s was too tight), the unfolded form with the rest.
    """
    folded = None
    try:
        folded = budget.run(fold, pieces, seconds=seconds / 4, what="folding f' onto [0, oo)")
    except budget.Timeout:
        pass
    except Exception:  # noqa: BLE001 - folding is an optimisation; any failure means "not folded"
        folded = None
    attempts = []
    if folded is not None:  # the folded form is the one that usually integrates: most of the budget
        attempts.append((folded, seconds * 3 / 4))
    attempts.append((list(pieces), seconds / 4 if folded is not None else seconds))
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
        return cast("sp.Expr | None", total)

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
# interval evaluation: symact.intervals, with common subexpressions evaluated once
def compile_cse(expr: sp.Expr, variable: sp.Symbol = X) -> Callable[..., tuple[Any, ...]]:
    """An enclosure function ``fn(box, prec=...)`` of ``expr`` on one interval argument
    (:func:`symact.intervals.compile_iv`, raw mpf pairs), evaluating each common
    subexpression once: an enclosure of a subexpression substituted into an enclosure
    function is again an enclosure, so nothing is lost in rigour."""
    reps, (reduced,) = sp.cse(expr, optimizations=None)
    names: list[sp.Symbol] = [variable]
    steps = []
    for sym, sub in reps:
        steps.append(IV.compile_iv(sub, tuple(names)))
        names.append(sym)
    final = IV.compile_iv(reduced, tuple(names))

    def fn(box: tuple[Any, ...], prec: int = _PREC) -> tuple[Any, ...]:
        env = [box]
        for step in steps:
            env.append(step(*env, prec=prec))
        return final(*env, prec=prec)

    return fn


# ---------------------------------------------------------------------------------------
# certified quadrature
_N_POINTS = 3
# the 3-point Gauss-Legendre rule on [-1, 1]: nodes 0, +-sqrt(3/5), weights 5/9, 8/9, 5/9
# A&S 25.4.30: the remainder on a panel of width h is h^(2n+1) (n!)^4 / ((2n+1) ((2n)!)^3) G^(2n)(xi)
_ERR_COEF = sp.Rational(math.factorial(_N_POINTS) ** 4, (2 * _N_POINTS + 1) * math.factorial(2 * _N_POINTS) ** 3)


@functools.lru_cache(maxsize=None)
def _rule_constants(prec: int) -> tuple[Any, ...]:
    s = IV.const_iv(sp.sqrt(sp.Rational(3, 5)), prec)
    nodes = (M.mpi_neg(s, prec), IV.point(0), s)
    weights = (IV.point(sp.Rational(5, 9), prec), IV.point(sp.Rational(8, 9), prec), IV.point(sp.Rational(5, 9), prec))
    return nodes, weights, IV.point(_ERR_COEF, prec)


def _panel(g_iv: Callable[..., Any], g6_iv: Callable[..., Any], u: Fraction, v: Fraction, prec: int = _PREC) -> tuple[Any, ...]:
    """An interval enclosing int_u^v G, G = g(a) exp(-a^2/2) (1/sqrt(2 pi) is applied later)."""
    nodes, weights, coef = _rule_constants(prec)
    half = IV.point((v - u) / 2, prec)
    mid = IV.point((u + v) / 2, prec)
    total = IV.point(0)
    for t, w in zip(nodes, weights):
        node = M.mpi_add(mid, M.mpi_mul(half, t, prec), prec)
        total = M.mpi_add(total, M.mpi_mul(w, g_iv(node, prec), prec), prec)
    total = M.mpi_mul(total, half, prec)
    span = IV.interval(u, v, prec)
    h = M.mpi_pow_int(IV.point(v - u, prec), 2 * _N_POINTS + 1, prec)
    err = M.mpi_mul(M.mpi_mul(coef, h, prec), g6_iv(span, prec), prec)
    return cast("tuple[Any, ...]", M.mpi_add(total, err, prec))


def remainder_derivative(g: sp.Expr, n: int) -> sp.Expr:
    """d^n/da^n [g(a) exp(-a^2/2)] by Leibniz' rule, with the derivatives of the Gaussian
    written as (-1)^j He_j(a) exp(-a^2/2) (probabilists' Hermite polynomials): only g is
    differentiated, which is much cheaper than differentiating the product."""
    ds = [g]
    for _ in range(n):
        ds.append(sp.diff(ds[-1], X))
    terms = [sp.binomial(n, k) * ds[k] * (-1) ** (n - k) * sp.hermite_prob(n - k, X) for k in range(n + 1)]
    return cast("sp.Expr", sp.Add(*terms) * sp.exp(-X**2 / 2))


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
    return cast("Enclosure", budget.run(_enclose, pieces, sup_abs, tol, cutoff, max_panels, seconds=seconds or budget.default_seconds() * 4, what="enclosing E[f'(a)]"))


def _enclose(pieces: Any, sup_abs: Any, tol: Any, cutoff: Any, max_panels: Any) -> Any:
    T = Fraction(cutoff)
    panels: list[tuple[Callable[..., Any], Callable[..., Any], Fraction, Fraction]] = []
    for g, lo, hi in pieces:
        if g.free_symbols - {X} or lo.free_symbols or hi.free_symbols:
            raise NumericError("the derivative or its breakpoints depend on symbolic parameters")
        a = max(_frac_lower(lo), -T)
        b = min(_frac_upper(hi), T)
        if a >= b or g == 0:
            continue
        try:
            g_iv = compile_cse(g * sp.exp(-X**2 / 2))
            g6_iv = compile_cse(remainder_derivative(g, 2 * _N_POINTS))
        except IV.DomainError as exc:
            raise NumericError(str(exc)) from None
        # start with panels of width <= 1/2
        k = max(1, math.ceil((b - a) * 2))
        edges = [a + (b - a) * Fraction(j, k) for j in range(k + 1)]
        for u, v in zip(edges, edges[1:]):
            panels.append((g_iv, g6_iv, u, v))
    # global adaptivity: bisect the panel with the widest enclosure until the widths add up
    # to at most ``tol`` (or the panel budget is spent)
    heap: list[tuple[float, int, tuple[Any, ...], object]] = []
    total = 0.0
    count = 0

    def push(item: tuple[Any, ...]) -> None:
        nonlocal total, count
        try:
            r = _panel(*item)
        except IV.DomainError as exc:
            raise NumericError(str(exc)) from None
        w = float(IV.width(r))
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
    p = _PREC
    result = IV.point(0)
    for _, _, _, r in sorted(heap, key=lambda t: t[1]):  # a fixed order: deterministic sums
        result = M.mpi_add(result, r, p)
    result = M.mpi_div(result, IV.const_iv(sp.sqrt(2 * sp.pi), p), p)
    bound = IV.point(sup_abs, p) if isinstance(sup_abs, sp.Rational) else IV.const_iv(sup_abs, p)
    tail = M.mpi_mul(bound, IV.const_iv(sp.erfc(sp.Integer(cutoff) / sp.sqrt(2)), p), p)
    result = M.mpi_add(result, (M.mpi_neg(tail, p)[0], tail[1]), p)
    # the ends of a finite enclosure: dyadic rationals
    return Enclosure(cast("sp.Rational", IV.to_rational(result[0])), cast("sp.Rational", IV.to_rational(result[1])), used)


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
