"""The domain of a user's activation: poles and singular points on the real line.

symact analyses functions defined on the whole real line.  :func:`check` looks at every
operation of a user's expression that is not defined everywhere - ``1/b``, ``log b``,
fractional powers, ``tan``/``cot``/``sec``/``csc``, ``gamma``/``polygamma`` - and either

* shows it harmless (a rigorous enclosure of ``b`` over the piece excludes the bad values),
* finds its singular points (exact real roots of polynomials; exact zeros from SymPy's
  ``solveset`` confirmed by substitution) and, at each one, the one-sided limits of the whole
  formula (:mod:`symact.asymptotics`): a point where both exist, are finite and agree is a
  *removable* singularity, filled in with that value (the expression becomes
  ``Piecewise((v, Eq(x, c)), (expr, True))``, so the point is a breakpoint whose value is the
  continuous extension); any other point is refused with a :class:`DefinitionError` that names
  it, or
* refuses the expression when the bad set is infinite or an interval (``tan(x)`` has poles at
  ``x = pi/2 + k pi``; ``log(x)`` is not defined for ``x <= 0``).

An operation whose singular points cannot be located is let through: the checker then refuses
to certify anything that needs analyticity there (``unknown``), so no false claim follows.
"""

from __future__ import annotations
from typing import Any, cast

import sympy as sp

from . import asymptotics, budget
from .errors import DefinitionError
from .intervals import contains_zero, enclose_on, sign_iv
from .symbols import x as X

__all__ = ["check", "singular_points"]

_SECONDS = 3.0
_TRIG_POLES = {sp.tan: "cos", sp.sec: "cos", sp.cot: "sin", sp.csc: "sin"}
_GAMMA = (sp.gamma, sp.loggamma, sp.polygamma, sp.digamma, sp.trigamma)


def _show(e: sp.Basic) -> str:
    return cast("str", sp.sstr(e))


def _positive_on(e: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    iv = enclose_on(e, lo, hi)
    return iv is not None and sign_iv(iv) == 1 and not contains_zero(iv)


def _nonzero_on(e: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    iv = enclose_on(e, lo, hi)
    return iv is not None and sign_iv(iv) in (1, -1) and not contains_zero(iv)


def _inside(c: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    """lo < c < hi, decided by ball arithmetic (an undecided comparison counts as inside, so
    the point is examined rather than dropped)."""
    from .intervals import sign_of_constant

    left = lo.is_infinite or sign_of_constant(c - lo) != -1
    right = hi.is_infinite or sign_of_constant(hi - c) != -1
    return bool(left and right) and not (not lo.is_infinite and c == lo) and not (not hi.is_infinite and c == hi)


def _zeros(b: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> tuple[list[sp.Expr], str | None]:
    """Real zeros of b in (lo, hi): (finite list, description of an infinite zero set or None).
    Raises LookupError if they cannot be located."""
    if isinstance(b, sp.Abs) or (isinstance(b, sp.Pow) and b.exp.is_positive):
        return _zeros(b.args[0], lo, hi)  # |u| = 0 and u^k = 0 (k > 0) exactly where u = 0
    if isinstance(b, sp.Mul) and not b.is_polynomial(X):
        found: list[sp.Expr] = []
        for factor in b.args:
            if not factor.has(X):
                continue
            zs, inf = _zeros(factor, lo, hi)
            if inf:
                return [], inf
            found += [z for z in zs if z not in found]
        return sorted(found, key=lambda r: float(r)), None
    if b.is_polynomial(X):
        p = sp.Poly(b, X)
        if p.degree() <= 0:
            return [], None
        roots = [r for r in sp.real_roots(p)]
        return sorted({r for r in roots if _inside(r, lo, hi)}, key=lambda r: float(r)), None
    try:
        sol = budget.run(sp.solveset, b, X, sp.Interval.open(lo, hi), seconds=_SECONDS, what="zeros of a denominator")
    except (budget.Timeout, Exception):  # noqa: BLE001 - not located
        raise LookupError from None
    if isinstance(sol, sp.FiniteSet):
        out = []
        for c in sol:
            if c.has(sp.I) or not c.is_real:
                continue
            v = b.xreplace({X: c})
            if v != 0 and not _exact_zero(v):
                raise LookupError
            out.append(c)
        return sorted(out, key=lambda r: float(r)), None
    if sol is sp.S.EmptySet:
        # solveset found none; believed only with a rigorous sign of b on the interval
        raise LookupError
    if isinstance(sol, (sp.ImageSet, sp.Union)) and not cast("sp.Set", sol).is_subset(sp.FiniteSet()):
        return [], _show(sol)
    raise LookupError


def _exact_zero(v: sp.Expr) -> bool:
    from .intervals import sign_of_constant

    if sign_of_constant(v, (128, 320)) in (1, -1):
        return False
    try:
        return cast("bool", budget.run(sp.simplify, v, seconds=_SECONDS, what="zero test") == 0)
    except (budget.Timeout, Exception):  # noqa: BLE001
        return False


def _linear(a: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    if a.is_polynomial(X) and sp.degree(a, X) == 1:
        c = sp.expand(a).coeff(X, 1)
        return c, sp.expand(a - c * X)
    return None


def singular_points(e: sp.Expr, lo: sp.Expr = sp.S.NegativeInfinity, hi: sp.Expr = sp.oo) -> list[tuple[sp.Expr, str]]:
    """Isolated candidate singular points of the formula e in (lo, hi), with the operation
    that is singular there; raises DefinitionError for infinite or interval-shaped bad sets."""
    pts: dict[sp.Expr, str] = {}
    for node in sp.preorder_traversal(e):
        if not isinstance(node, sp.Basic) or not node.has(X):
            continue
        fn = type(node)
        if fn in _TRIG_POLES:
            a = node.args[0]
            guard = getattr(sp, _TRIG_POLES[fn])(a)
            if _nonzero_on(guard, lo, hi):
                continue
            lin = _linear(cast("sp.Expr", a))
            if lin is not None and (lo.is_infinite or hi.is_infinite):
                c, d = lin
                base = sp.pi / 2 if _TRIG_POLES[fn] == "cos" else sp.Integer(0)
                k = sp.Symbol("k", integer=True)
                where = _show(sp.expand((base - d) / c + k * sp.pi / sp.Abs(c)))
                raise DefinitionError(f"{_show(cast('sp.Expr', node))} has poles at x = {where} (k an integer); "
                                      "symact analyses functions defined on the whole real line")
            try:
                zs, inf = _zeros(guard, lo, hi)
            except LookupError:
                raise DefinitionError(f"{_show(cast('sp.Expr', node))} has poles on the real line (where {_show(guard)} = 0); "
                                      "symact analyses functions defined on the whole real line") from None
            if inf:
                raise DefinitionError(f"{_show(cast('sp.Expr', node))} has poles at x in {inf}; symact analyses functions defined on the whole real line")
            for z in zs:
                pts.setdefault(z, _show(cast("sp.Expr", node)))
        elif fn in _GAMMA:
            a = node.args[-1]
            if _positive_on(cast("sp.Expr", a), lo, hi):
                continue
            lin = _linear(cast("sp.Expr", a))
            name = _show(cast("sp.Expr", node))
            if lin is not None:
                c, d = lin
                n = sp.Symbol("n", integer=True, nonnegative=True)
                raise DefinitionError(f"{name} has poles at x = {_show(sp.expand((-n - d) / c))} (n = 0, 1, 2, ...: where its argument "
                                      "is 0, -1, -2, ...); symact analyses functions defined on the whole real line")
            raise DefinitionError(f"{name} may have poles on the real line (where its argument is 0, -1, -2, ...); "
                                  "symact analyses functions defined on the whole real line")
        elif isinstance(node, sp.log) or (isinstance(node, sp.Pow) and not node.exp.is_Integer and not node.exp.has(X) and node.base.has(X)):
            b = node.args[0] if isinstance(node, sp.log) else node.base
            if _positive_on(b, lo, hi):
                continue
            if b.is_polynomial(X):
                bad = sp.solve_univariate_inequality(b <= 0 if isinstance(node, sp.log) else b < 0, X, relational=False)
                bad = sp.Intersection(bad, sp.Interval.open(lo, hi))
                if bad is sp.S.EmptySet:
                    if isinstance(node, sp.Pow) and node.exp.is_negative:
                        for z in _zeros(b, lo, hi)[0]:
                            pts.setdefault(z, _show(node))
                    continue
                if isinstance(bad, sp.FiniteSet) and isinstance(node, sp.Pow) and not node.exp.is_negative:
                    continue  # a root of 0 is defined (not differentiable: the checker says so)
                try:
                    where = _show(bad.as_relational(X))
                except Exception:  # noqa: BLE001
                    where = "x in " + _show(bad)
                raise DefinitionError(f"{_show(node)} is not {'defined' if isinstance(node, sp.log) else 'real'} for {where}; "
                                      "symact analyses functions defined on the whole real line")
            # not polynomial: the definition's own evaluation at sample points, the pieces'
            # analyticity checks and the checker decide
        elif isinstance(node, sp.Pow) and node.exp.is_Integer and node.exp < 0:
            b = node.base
            if _nonzero_on(b, lo, hi):
                continue
            try:
                zs, inf = _zeros(b, lo, hi)
            except LookupError:
                continue
            if inf:
                raise DefinitionError(f"{_show(node)} has poles at x in {inf} (where {_show(b)} = 0); "
                                      "symact analyses functions defined on the whole real line")
            for z in zs:
                pts.setdefault(z, _show(node))
    return sorted(pts.items(), key=lambda kv: float(kv[0]))


def _one_sided(e: sp.Expr, c: sp.Expr, side: str) -> sp.Expr | None:
    try:
        pr = budget.run(asymptotics.limit, e, c, side, seconds=_SECONDS, what="a one-sided limit")
    except budget.Timeout:
        return None
    return None if pr is None else pr.value


def check(name: str, expr: sp.Expr, defaults: dict[sp.Symbol, Any] | None = None) -> sp.Expr:
    """The expression to analyse: ``expr`` itself, or ``expr`` with its removable
    singularities filled in; DefinitionError for a pole or a gap in the domain."""
    e = expr.xreplace(defaults) if defaults else expr
    if e.has(sp.Piecewise, sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign):
        from .pieces import decompose

        try:
            pcs = decompose(e, name)
        except Exception:  # noqa: BLE001 - the definition's own validation reports it
            return expr
        regions = [(pc.expr, pc.lo, pc.hi) for pc in pcs.pieces]
        # the pieces are simplified (x/|x| is -1 and 1 on them): the singular points of a
        # formula written with Abs/Max/Min/sign are looked for in the whole formula too (an
        # explicit Piecewise's branches hold only on their own conditions: not done there)
        if not e.has(sp.Piecewise):
            regions.append((e, sp.S.NegativeInfinity, sp.oo))
        for bp in pcs.breakpoints:
            if bp.value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or bp.value.is_finite is False:
                raise DefinitionError(f"{name}: the expression is not defined at x = {_show(bp.at)} (its value there is "
                                      f"{_show(bp.value)}); symact analyses functions defined on the whole real line")
    else:
        regions = [(e, sp.S.NegativeInfinity, sp.oo)]
    pts: list[tuple[sp.Expr, sp.Expr, str]] = []
    try:
        for g, lo, hi in regions:
            # a point inside a piece is found again in the whole formula: examined once
            pts += [(g, c, what) for c, what in singular_points(g, lo, hi) if all(c != seen for _, seen, _ in pts)]
    except DefinitionError as exc:
        raise DefinitionError(f"{name}: {exc}") from None
    if not pts:
        return expr
    fills = []
    for g, c, what in pts:
        left, right = _one_sided(g, c, "-"), _one_sided(g, c, "+")
        if left is None or right is None or left.is_infinite or right.is_infinite or not _same(left, right):
            detail = f" (f -> {left} from the left, {right} from the right)" if left is not None and right is not None else ""
            raise DefinitionError(f"{name}: {what} is not defined at x = {_show(c)}{detail}; "
                                  "symact analyses functions defined on the whole real line")
        v = left
        if defaults:
            vt = _one_sided(expr, c, "-") if len(regions) == 1 else None
            if vt is None or vt.is_infinite:
                raise DefinitionError(f"{name}: {what} is not defined at x = {_show(c)}; its continuous extension there "
                                      "could not be found for symbolic parameters")
            v = vt
        fills.append((v, sp.Eq(X, c)))
    return sp.Piecewise(*fills, (expr, True))


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    if a == b:
        return True
    return _exact_zero(sp.sympify(a - b))
