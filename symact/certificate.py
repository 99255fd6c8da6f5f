"""The independent checker: re-verifies a certificate without trusting the prover.

:func:`check` takes a :class:`~symact.results.Certificate` and the activation it is about
and either accepts it or says why not.  It never imports :mod:`symact.prove`; it trusts only
the trusted core named in DESIGN.md ("Trust base"): SymPy's differentiation, substitution and
exact algebra (``expand``, ``together``, ``cancel``), the rigorous numbers of
:mod:`symact.rigorous` (Arb balls: every sign, comparison and exact zero test of a constant)
and the interval arithmetic of :mod:`symact.intervals` built on them, and the limits proved by
:mod:`symact.asymptotics` (an exact normal form and rigorous leading terms; SymPy's ``limit`` is
never trusted).  The activation's decomposition into pieces is not trusted: before any
certificate is used, :func:`_verify_decomposition` re-derives from the definition itself that
the breakpoints increase, that every condition of the definition is constant on each open
piece, and that the pieces' formulas and breakpoint values are the ones the definition selects.
Everything the prover searched for (critical points, boxes, tail starts, limits, values,
factorisations) is re-derived or re-evaluated here:

* ``image`` - the image of g = f^(k) on one piece, from a *sign chart* of h = g': a sequence
  of items covering the piece, each proving the sign of h on its part:

  - ``tail``: h has one sign on (-oo, -L] or [L, oo), by interval evaluation, by the
    exponential normal form (:func:`symact.intervals.tail_sign`), or ``monotone``: h' has
    one sign there (recursively), so h lies strictly between h(+-L) and its limit;
  - ``cover``: interval evaluation of h on every box of a partition of [a, b];
  - ``root``: an exact zero c of order m: h, ..., h^(m-1) vanish at c (symbolic zero test)
    and h^(m) has one sign on a box around c (Taylor's theorem with the Lagrange remainder);
  - ``simple-root``: h' has one sign on a box (so h has at most one zero there) and h has
    opposite signs at the ends of a sub-interval of width <= 1e-20 (so exactly one zero);
  - ``symbolic``: the sign of h(x) on an open interval by SymPy's assumptions after writing
    x = a + t, b - t or a + (b - a) t/(1 + t) with t > 0 (used for symbolic parameters);
  - ``point``: an exact zero of h (symbolic zero test).

  Between consecutive zeros h keeps one sign (two adjacent parts with different signs and no
  zero between them are rejected), so g is strictly monotone there (pieces are analytic: a
  derivative >= 0 that is not identically 0 has isolated zeros).  The supremum of g is the
  largest of its values at the turning points and at the ends (limits at open ends), each
  re-verified, and it is attained exactly when a turning point (or a closed end) reaches it.
* ``line-image`` - f^(k) on the whole line: the piece images, plus the values at the
  breakpoints where f^(k) is defined (re-derived from one-sided limits).
* ``periodic`` - f(x + T) = f(x) (symbolic zero test) and the image over one period.
* ``identity-in-f`` - f^(k) = G(f) (symbolic), B - G(y) = c * prod p_i(y)^{e_i} (expanded and
  compared), each factor of one sign on the proven range of f (Sturm root counts), the
  extremum reached at y* = f(x*) (exact).
* ``extremum`` - max / min / sup f' / inf f' read off a verified line image: the value, whether
  it is attained, and the set of points where it is (recomputed from the turning points,
  constant pieces and breakpoints that reach it).
* ``breakpoints`` - one-sided limits of f, f', ... at each breakpoint (re-derived from the
  piece formulas), giving the continuity order there; ``continuity`` and
  ``differentiability`` state the class and the exceptional points that follow; every piece
  must be analytic on its interval (divisions, logarithms and roots checked by assumptions).
* ``limit``, ``no-limit``, ``value``, ``analytic``, ``symmetry``, ``monotonic``,
  ``zero-centered``, ``lipschitz``, ``compare``, ``counterexample``, ``relation``,
  ``relation-counterexample``, ``convexity``: see the
  functions ``_check_<kind>`` below.

Every certificate states the conclusion of its claim (the range, the extremum and where it is
reached, the class, ...) and the checker re-derives that conclusion from what it verified.

A certificate the checker cannot confirm (a step fails, a step is undecidable, or a SymPy
step runs out of its time budget) is rejected; the prover then reports ``unknown``.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, cast

import mpmath
import sympy as sp

from . import asymptotics, budget
from .intervals import (
    DomainError,
    before,
    disjoint,
    hull_max,
    neg,
    sign_iv,
    within,
    compile_iv,
    const_iv,
    interval,
    point,
    sign_of_constant,
    tail_sign,
)
from . import rigorous as R
from .numeric import NumericError, compile_mp
from .spec import Activation, f as F, x as X

__all__ = ["check", "Rejected", "is_zero", "limit_at", "simplify_lambert", "num_interval", "compare_nums", "derivative_on_piece"]

#: Time budget (seconds) of one SymPy step inside the checker.
CHECK_SECONDS = 4.0


class Rejected(Exception):
    """A certificate failed a check (the message says which step)."""


# ---------------------------------------------------------------------------------------
# trusted primitives (also used by the prover)
def simplify_lambert(e: sp.Expr) -> sp.Expr:
    """Apply the defining identity of the Lambert W function, exp(W(z)) = z / W(z), to every
    exponential whose argument contains n W(z) with n an integer."""

    def rule(a: sp.Expr) -> sp.Expr:
        arg = a.args[0] if isinstance(a, sp.exp) else cast("sp.Pow", a).exp
        terms = sp.Add.make_args(sp.expand(arg))
        out = sp.Integer(1)
        rest = []
        for t in terms:
            coeff, w = t.as_coeff_Mul()
            if isinstance(w, sp.LambertW) and (len(w.args) == 1 or w.args[1] == 0) and coeff.is_Integer:
                z = w.args[0]
                out *= (z / w) ** int(coeff)
            else:
                rest.append(t)
        if out == 1:
            return a
        return cast("sp.Expr", out * sp.exp(sp.Add(*rest)))

    return cast("sp.Expr", e.replace(lambda a: isinstance(a, sp.exp) and a.has(sp.LambertW), rule))


def _param_samples(syms: list[sp.Basic]) -> list[dict[sp.Basic, sp.Expr]]:
    """Two assignments of exact values to parameter symbols, respecting their signs."""
    out = []
    for vals in ((sp.Rational(3, 4), sp.Rational(13, 10)), (sp.Rational(17, 9), sp.Rational(2, 7))):
        env = {}
        for i, s in enumerate(syms):
            v = vals[i % 2]
            if s.is_negative or s.is_nonpositive:
                v = -v
            env[s] = v
        out.append(env)
    return out


def _numerically_zero(e: sp.Expr) -> bool | None:
    """False if an Arb ball of the constant ``e`` excludes 0 (it is not zero), True if every
    ball up to 2048 bits contains 0, None if it cannot be evaluated.  A refutation filter
    only: True proves nothing."""
    sg = sign_of_constant(e, zero_test=False)
    if sg in (1, -1):
        return False
    try:
        R.ball(e, 64)
    except R.Unsupported:
        return None
    return True


def is_zero(e: sp.Expr, seconds: float | None = None) -> bool:
    """True if ``e`` (a constant, or an expression in parameter symbols) is shown to be 0 by
    exact algebra (:func:`symact.rigorous.exact_zero`: expand, together, cancel, the
    exponential form of hyperbolic functions, exp(W(z)) = z / W(z), minimal polynomials).
    A constant whose Arb ball excludes 0 is not zero; an expression in parameters that is
    non-zero at a parameter sample is not identically zero.  SymPy's ``simplify`` is not
    trusted here (sympy/sympy#23086: it can return 0 for a non-zero constant)."""
    e = sp.sympify(e)
    if e == 0:
        return True
    if X in e.free_symbols:
        return False
    seconds = CHECK_SECONDS if seconds is None else seconds
    if not e.free_symbols:
        return sign_of_constant(e) == 0
    syms = sorted(e.free_symbols, key=lambda s: cast("sp.Symbol", s).name)
    for env in _param_samples(syms):
        if sign_of_constant(e.xreplace(env), zero_test=False) in (1, -1):
            return False
    return R.exact_zero(e, seconds=min(seconds, 2.0))


def is_identity(a: sp.Expr, b: sp.Expr, seconds: float | None = None, assume: dict[sp.Basic, Any] | None = None) -> bool:
    """a == b as functions of x (and parameters): agreement at 12 points at 40 digits (a
    filter that can only reject) and an exact zero of a - b
    (:func:`symact.rigorous.exact_zero`)."""
    d = a - b
    if d == 0:
        return True
    syms = sorted(d.free_symbols - {X}, key=lambda s: s.name)
    pts = [sp.Rational(n, 7) for n in (-20, -9, -4, -1, 1, 3, 5, 11, 17, 26, 40, 61)]
    vals = [sp.Rational(3, 4), sp.Rational(13, 10)]
    sub_env = {s: vals[i % 2] for i, s in enumerate(syms)}
    try:
        fn = compile_mp(d.xreplace(sub_env))
        with mpmath.workdps(40):
            for p in pts:
                try:
                    v = fn(mpmath.mpf(p.p) / p.q)
                except (ValueError, ZeroDivisionError):
                    continue
                if isinstance(v, mpmath.mpc):
                    v = abs(v)
                if abs(v) > mpmath.mpf(10) ** -30:
                    return False
    except NumericError:
        pass
    seconds = CHECK_SECONDS if seconds is None else seconds
    # exact algebra only (expand, together, cancel, exponential forms, the Lambert-W
    # identity): simplify is not trusted to show an identity on its own
    return R.exact_zero(d, seconds=min(seconds, 2.0))




@functools.lru_cache(maxsize=2048)
def _limit_cached(e: sp.Expr, end: sp.Expr, direction: str, seconds: float) -> sp.Expr | None:
    """The limit proved by :func:`symact.asymptotics.limit` (never SymPy's ``limit``)."""
    side = "" if end.is_infinite else direction
    try:
        pr = budget.run(asymptotics.limit, e, end, side, seconds=seconds, what="limit")
    except budget.Timeout:
        return None
    if pr is None or pr.value.has(sp.AccumBounds, sp.nan, sp.zoo, sp.Limit):
        return None
    return pr.value


def limit_at(e: sp.Expr, end: sp.Expr, side: str = "", seconds: float | None = None) -> sp.Expr | None:
    """The limit of e(x) at ``end`` (+-oo, or a finite point approached from ``side`` '-' or
    '+'), *proved* by the asymptotic normal form of :mod:`symact.asymptotics`; None if it is
    not shown within the budget (it may not exist)."""
    if end is sp.oo:
        direction = "-"
    elif end is sp.S.NegativeInfinity:
        direction = "+"
    else:
        direction = side or "+"
    return _limit_cached(e, end, direction, CHECK_SECONDS if seconds is None else seconds)


def limit_proof(e: sp.Expr, end: sp.Expr, side: str = "", seconds: float | None = None) -> "asymptotics.LimitProof | None":
    """The argument behind :func:`limit_at` (for proof steps)."""
    try:
        return budget.run(asymptotics.limit, e, end, side, seconds=CHECK_SECONDS if seconds is None else seconds, what="limit")
    except budget.Timeout:
        return None


def value_at(e: sp.Expr, p: sp.Expr, side: str) -> sp.Expr | None:
    """The one-sided limit of an analytic piece formula at a finite point: its value there
    when the formula is shown defined there (rigorous enclosure at the point) and built from
    functions continuous on their domain, else the limit proved by the asymptotic normal
    form."""
    if not e.has(X):
        return e
    v = asymptotics.continuous_value(e, p)
    if v is not None:
        return v
    return limit_at(e, p, side)


@functools.lru_cache(maxsize=1024)
def _diff(e: sp.Expr, k: int) -> sp.Expr:
    return budget.run(sp.diff, e, X, k, what=f"differentiating a piece {k} times") if k else e


def derivative_on_piece(act: Activation, i: int, k: int) -> sp.Expr:
    """f^(k) on piece ``i``: SymPy's derivative of the piece formula (not simplified)."""
    return _diff(act.pieces.pieces[i].expr, k)


def num_interval(n: dict[str, Any]) -> tuple[Any, ...]:
    """The interval of a number given as {'exact': e} or {'enclosure': (lo, hi)}."""
    if "exact" in n:
        e = n["exact"]
        if e is sp.oo or e is sp.S.NegativeInfinity:
            return point(e)
        return const_iv(e)
    lo, hi = n["enclosure"]
    return interval(lo, hi)


def compare_nums(a: dict[str, Any], b: dict[str, Any]) -> int | None:
    """-1, 0, 1 for a < b, a == b, a > b; None if undecided.  Equality needs both exact.

    Constants are compared by Arb balls at adaptive precision and equality by an exact zero
    test (:func:`symact.rigorous.compare`); expressions in parameters by exact algebra and
    SymPy's assumptions; enclosures by their certified endpoints."""
    ea, eb = a.get("exact"), b.get("exact")
    if ea is not None and eb is not None:
        if ea == eb:
            return 0
        if ea.free_symbols or eb.free_symbols:
            if ea is sp.oo or eb is sp.S.NegativeInfinity:
                return 1
            if ea is sp.S.NegativeInfinity or eb is sp.oo:
                return -1
            if ea.is_infinite or eb.is_infinite:
                return None
            d = ea - eb
            if R.exact_zero(d, seconds=2.0):
                return 0
            if d.is_positive:
                return 1
            if d.is_negative:
                return -1
            try:
                t = budget.run(lambda: sp.factor_terms(sp.together(d)), seconds=2.0, what="sign by assumptions")
            except budget.Timeout:
                return None
            if t.is_positive:
                return 1
            if t.is_negative:
                return -1
            return None
        return R.compare(ea, eb)
    try:
        ia, ib = num_interval(a), num_interval(b)
    except (DomainError, TypeError, ValueError):
        return None
    if before(ib, ia):
        return 1
    if before(ia, ib):
        return -1
    return None


def _sign_iv(iv: tuple[Any, ...]) -> int | None:
    return sign_iv(iv)


def box_of(a: sp.Expr, b: sp.Expr) -> tuple[Any, ...]:
    """The interval [a, b] for exact numbers a <= b (hull of their enclosures)."""
    ia = point(a) if (a.is_Rational or a.is_infinite) else const_iv(a)
    ib = point(b) if (b.is_Rational or b.is_infinite) else const_iv(b)
    return (ia[0], ib[1])


def _lt(a: sp.Expr, b: sp.Expr) -> bool:
    c = compare_nums({"exact": a}, {"exact": b})
    return c == -1


# ---------------------------------------------------------------------------------------
class _Ctx:
    """One checking session: the activation and a memo of certificates already accepted."""

    def __init__(self, act: Activation) -> None:
        self.act = act
        self.done: dict[int, Any] = {}
        self.keep: list[Any] = []

    def sub(self, cert: Any) -> Any:
        """Check a nested certificate (once per session) and return what it established."""
        key = id(cert)
        if key in self.done:
            return self.done[key]
        out = _dispatch(cert, self)
        self.done[key] = out
        self.keep.append(cert)
        return out


# ---------------------------------------------------------------------------------------
# the decomposition into pieces, re-verified against the definition itself
_KINKED = (sp.Piecewise, sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign)


def _cmp_exact(a: sp.Expr, b: sp.Expr) -> int | None:
    """-1, 0, 1 for exact a, b (constants by Arb; parameters by exact algebra/assumptions)."""
    return compare_nums({"exact": a}, {"exact": b})


def _sign_at(g: sp.Expr, p: sp.Expr) -> int:
    v = g.xreplace({X: p}) if g.has(X) else g
    s = _cmp_exact(v, sp.Integer(0))
    _need(s is not None, f"cannot decide the sign of {g} at x = {p}")
    return s  # type: ignore[return-value]


def _cond_at(cond: sp.Basic | bool, p: sp.Expr, switches: list[Any]) -> bool:
    if cond is sp.true or cond is True:
        return True
    if cond is sp.false or cond is False:
        return False
    if isinstance(cond, (sp.And, sp.Or)):
        vals = [_cond_at(a, p, switches) for a in cond.args]
        return all(vals) if isinstance(cond, sp.And) else any(vals)
    if isinstance(cond, sp.Not):
        return not _cond_at(cond.args[0], p, switches)
    if isinstance(cond, sp.core.relational.Relational):
        g = _resolve(cond.lhs, p, switches) - _resolve(cond.rhs, p, switches)
        switches.append(g)
        sg = _sign_at(g, p)
        return {"==": sg == 0, "!=": sg != 0, "<": sg < 0, "<=": sg <= 0, ">": sg > 0, ">=": sg >= 0}[cond.rel_op]  # type: ignore[attr-defined]  # SymPy declares rel_op on the Relational subclasses only
    raise Rejected(f"unsupported condition {cond} in the definition")


def _resolve(e: sp.Expr, p: sp.Expr, switches: list[Any]) -> sp.Expr:
    """``e`` with every Piecewise, Abs, Max, Min, Heaviside and sign replaced by the branch it
    selects at the exact point ``p`` (each choice decided rigorously); the functions whose
    signs made the choices (after their own inner choices) are appended to ``switches``."""
    if not e.has(*_KINKED):
        return e
    if isinstance(e, sp.Piecewise):
        for val, cond in cast("tuple[tuple[sp.Expr, sp.Basic], ...]", e.args):
            if _cond_at(cond, p, switches):
                return _resolve(val, p, switches)
        raise Rejected(f"the definition does not cover x = {p}")
    args = [_resolve(cast("sp.Expr", a), p, switches) for a in e.args]
    if isinstance(e, sp.Abs):
        g = args[0]
        switches.append(g)
        return g if _sign_at(g, p) >= 0 else -g
    if isinstance(e, (sp.Max, sp.Min)):
        best = args[0]
        for a in args[1:]:
            switches.append(a - best)
            s = _sign_at(a - best, p)
            if (s > 0) if isinstance(e, sp.Max) else (s < 0):
                best = a
        return best
    if isinstance(e, sp.Heaviside):
        g = args[0]
        switches.append(g)
        s = _sign_at(g, p)
        return sp.Integer(1) if s > 0 else (sp.Integer(0) if s < 0 else (args[1] if len(args) > 1 else sp.S.Half))
    if isinstance(e, sp.sign):
        g = args[0]
        switches.append(g)
        return cast("sp.Expr", sp.Integer(_sign_at(g, p)))
    return cast("sp.Expr", e.func(*args))


def definition_value(act: Activation, p: sp.Expr) -> sp.Expr:
    """f(p) from the definition itself (every branch chosen rigorously at p)."""
    return cast("sp.Expr", _resolve(act.expr, p, []).xreplace({X: p}))


def _no_sign_change(g: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    """g (in x) keeps one strict sign, or is identically 0, on the open interval (lo, hi)."""
    g = sp.expand(g)
    if not g.has(X):
        return True
    if g.is_polynomial(X):
        poly = sp.Poly(g, X)
        if poly.degree() == 1:
            a, b = poly.all_coeffs()
            if a.has(X) or b.has(X):
                return False
            z = -b / a  # the zero of a x + b must not lie strictly inside (lo, hi)
            below = lo is not sp.S.NegativeInfinity and _cmp_exact(z, lo) in (-1, 0)
            above = hi is not sp.oo and _cmp_exact(z, hi) in (0, 1)
            return below or above
        if all(c.is_Rational for c in poly.all_coeffs()):
            return _no_root_inside(poly, lo, hi)
    # otherwise: interval evaluation of g on the whole interval has one strict sign
    try:
        box = (point(lo)[0] if lo.is_Rational or lo.is_infinite else const_iv(lo)[0],
               point(hi)[1] if hi.is_Rational or hi.is_infinite else const_iv(hi)[1])
        return sign_iv(compile_iv(g)(box)) is not None
    except (DomainError, TypeError, ValueError):
        return False


def _no_root_inside(poly: sp.Poly, lo: sp.Expr, hi: sp.Expr) -> bool:
    """A polynomial with rational coefficients has no real root strictly inside (lo, hi):
    each root's isolating interval (exact, SymPy's Sturm/continued-fraction isolation) lies
    outside, or the root is shown to be lo or hi exactly (poly(lo) = 0 and lo in the interval)."""
    outside: Callable[[sp.Rational, sp.Rational], bool] = lambda a, b: (lo is not sp.S.NegativeInfinity and _cmp_exact(b, lo) in (-1, 0)) or (  # noqa: E731
        hi is not sp.oo and _cmp_exact(a, hi) in (0, 1))
    for (a, b), _mult in poly.intervals():
        a, b = sp.Rational(a), sp.Rational(b)
        for _ in range(8):
            if outside(a, b):
                break
            hit = False
            for end in (lo, hi):
                if end.is_infinite:
                    continue
                if _cmp_exact(a, end) in (-1, 0) and _cmp_exact(end, b) in (-1, 0) and is_zero(poly.as_expr().xreplace({X: end})):
                    hit = True
            if hit:
                break
            if a == b:
                return False  # an exact rational root strictly inside
            a, b = (sp.Rational(v) for v in poly.refine_root(a, b, eps=(b - a) / 1000))
        else:
            return False
    return True


@functools.lru_cache(maxsize=256)
def _decomposition_problem(act: Activation) -> str | None:
    """Why the decomposition of ``act`` into pieces is not confirmed, or None if it is."""
    try:
        _verify_decomposition(act)
    except Rejected as exc:
        return str(exc)
    except budget.Timeout as exc:
        return f"checking the decomposition ran out of time ({exc})"
    return None


def _verify_decomposition(act: Activation) -> None:
    pcs = act.pieces
    pieces, bps = pcs.pieces, pcs.breakpoints
    _need(len(bps) == len(pieces) - 1, "pieces and breakpoints do not alternate")
    _need(pieces[0].lo is sp.S.NegativeInfinity and pieces[-1].hi is sp.oo, "the pieces do not cover the line")
    for j, bp in enumerate(bps):
        _need(pieces[j].hi == bp.at and pieces[j + 1].lo == bp.at, "a piece does not end at its breakpoint")
        if j:
            _need(_cmp_exact(bps[j - 1].at, bp.at) == -1, f"breakpoints {bps[j - 1].at} and {bp.at} are not increasing")
    if not act.expr.has(*_KINKED):
        _need(len(pieces) == 1 and pieces[0].expr == act.expr, "a smooth definition is one piece")
        return
    for pc in pieces:
        t = interior_point(pc.lo, pc.hi)
        switches: list[Any] = []
        formula = _resolve(act.expr, t, switches)
        _need(formula == pc.expr or R.exact_zero(formula - pc.expr), f"the piece on ({pc.lo}, {pc.hi}) is not the definition's formula there")
        for g in switches:
            _need(_no_sign_change(g, pc.lo, pc.hi), f"a condition of the definition ({g}) may change on ({pc.lo}, {pc.hi})")
    for bp in bps:
        v = _resolve(act.expr, bp.at, []).xreplace({X: bp.at})
        _need(v == bp.value or _cmp_exact(v, bp.value) == 0, f"the value at x = {bp.at} is not the definition's")


def check(cert: Any, act: Activation, session: _Ctx | None = None) -> tuple[bool, str]:
    """Re-verify ``cert`` for ``act``: (True, what was checked) or (False, why not)."""
    ctx = session or _Ctx(act)
    try:
        problem = _decomposition_problem(act)
        if problem is not None:
            return False, f"the decomposition into pieces is not confirmed: {problem}"
        ctx.sub(cert)
    except Rejected as exc:
        return False, str(exc)
    except budget.Timeout as exc:
        return False, f"a checking step ran out of time ({exc})"
    except Exception as exc:  # noqa: BLE001 - any failure to verify is a rejection
        return False, f"{type(exc).__name__}: {exc}"
    return True, f"re-verified ({cert.kind})"


def new_session(act: Activation) -> _Ctx:
    return _Ctx(act)


def _dispatch(cert: Any, ctx: _Ctx) -> Any:
    fn = _CHECKERS.get(cert.kind)
    if fn is None:
        raise Rejected(f"unknown certificate kind {cert.kind!r}")
    return fn(cert.data, ctx)


def _need(cond: object, message: str) -> None:
    if not cond:
        raise Rejected(message)


# ---------------------------------------------------------------------------------------
# sign charts and images
def _tail_ok(h: sp.Expr, hs: Callable[[int], sp.Expr], side: int, L: sp.Rational, proof: dict[str, Any], depth: int = 0) -> int:
    """Verify a tail proof of the sign of h on the tail; return the sign."""
    method = proof["method"]
    if method in ("interval", "normal-form"):
        tp = tail_sign(h, side, L)
        _need(tp is not None, f"tail sign of {h} on the {'right' if side > 0 else 'left'} tail from {L} not confirmed")
        assert tp is not None  # _need has raised otherwise
        _need(tp.sign == proof["sign"], "tail sign differs")
        return tp.sign
    if method == "monotone":
        _need(depth < 4, "tail proof nested too deeply")
        hd = hs(depth + 1)
        _tail_ok(hd, hs, side, L, proof["derivative"], depth + 1)
        at = side * L
        s_at = _sign_iv(compile_iv(h)(point(at)))
        _need(s_at is not None, f"sign of {h} at x = {at} undecided")
        assert s_at is not None  # _need has raised otherwise
        lim = limit_at(h, sp.oo if side > 0 else -sp.oo)
        _need(lim is not None, f"limit of {h} not found")
        assert lim is not None  # _need has raised otherwise
        _need(lim == proof["limit"] or (not lim.is_infinite and not proof["limit"].is_infinite and is_zero(lim - proof["limit"])), "tail limit differs")
        s_lim = 0 if lim == 0 else (1 if (lim is sp.oo or (lim.is_real and sign_of_constant(lim) == 1)) else (-1 if (lim is -sp.oo or sign_of_constant(lim) == -1) else None))
        _need(s_lim is not None, "sign of the tail limit undecided")
        assert s_lim is not None  # _need has raised otherwise
        _need(s_lim in (0, s_at), "value at the tail start and limit have different signs")
        _need(proof["sign"] == s_at, "tail sign differs")
        return s_at
    raise Rejected(f"unknown tail method {method!r}")


def _chart(act: Activation, i: int, k: int, lo: sp.Expr, hi: sp.Expr, items: list[Any], closed: bool) -> tuple[list[Any], list[Any]]:
    """Verify a sign chart of h = f^(k+1) on (lo, hi) ([lo, hi] if ``closed``).

    Returns (runs, zeros): ``zeros`` are the zeros of h in order, as numbers; ``runs[j]`` is
    the sign of h between zero j-1 and zero j (None where that stretch is empty)."""
    hs: Callable[[int], sp.Expr] = lambda j: derivative_on_piece(act, i, k + 1 + j)  # noqa: E731
    h = hs(0)
    events: list[tuple[Any, ...]] = []  # ('part', sign) and ('zero', num) in order of position
    spans: list[tuple[Any, ...]] = []  # (left end, right end) of each item, for contiguity
    for it in items:
        t = it["type"]
        if t == "tail":
            side, L = it["side"], sp.Rational(it["L"])
            s = _tail_ok(h, hs, side, L, it["proof"])
            _need(s == it["sign"], "tail sign differs")
            events.append(("part", s))
            spans.append((-sp.oo, -L) if side < 0 else (L, sp.oo))
        elif t == "cover":
            pts = list(it["points"])
            _need(len(pts) >= 2, "empty cover")
            fn = compile_iv(h)
            s = it["sign"]
            for a, b in zip(pts, pts[1:]):
                _need(_lt(a, b), "cover points not increasing")
                v = fn(box_of(a, b))
                _need(_sign_iv(v) == s, f"f^({k + 1}) has no constant sign {s:+d} on [{a}, {b}]")
            events.append(("part", s))
            spans.append((pts[0], pts[-1]))
        elif t == "root":
            c, m, (cl, cr), s = it["at"], int(it["order"]), it["box"], it["sign"]
            _need(1 <= m <= 4, "root order out of range")
            _need(not _lt(c, cl) and not _lt(cr, c), "root outside its box")
            for j in range(m):
                _need(is_zero(hs(j).xreplace({X: c})), f"f^({k + 1 + j})({c}) = 0 not shown")
            v = compile_iv(hs(m))(box_of(cl, cr))
            _need(_sign_iv(v) == s, f"f^({k + 1 + m}) has no constant sign on the box around {c}")
            if _lt(cl, c):
                events.append(("part", s * (-1) ** m))
            events.append(("zero", {"exact": c}))
            if _lt(c, cr):
                events.append(("part", s))
            spans.append((cl, cr))
        elif t == "simple-root":
            (tl, tr), (cl, cr), sd = it["enclosure"], it["box"], it["slope"]
            _need(not _lt(tl, cl) and not _lt(cr, tr) and _lt(tl, tr) and _lt(cl, cr), "root enclosure not inside its box")
            v = compile_iv(hs(1))(box_of(cl, cr))
            _need(_sign_iv(v) == sd, "f^(k+2) has no constant sign on the root box")
            fn = compile_iv(h)
            _need(_sign_iv(fn(point(tl))) == -sd and _sign_iv(fn(point(tr))) == sd, "no sign change across the root enclosure")
            events.extend([("part", -sd), ("zero", {"enclosure": (tl, tr)}), ("part", sd)])
            spans.append((cl, cr))
        elif t == "symbolic":
            a, b, s = it["a"], it["b"], it["sign"]
            _need(symbolic_sign(h, a, b) == s, f"SymPy does not confirm the sign {s:+d} of {h} on ({a}, {b})")
            events.append(("part", s))
            spans.append((a, b))
        elif t == "point":
            c = it["at"]
            _need(is_zero(h.xreplace({X: c})), f"h({c}) = 0 not shown")
            events.append(("zero", {"exact": c}))
            spans.append((c, c))
        else:
            raise Rejected(f"unknown chart item {t!r}")
    # contiguity: the items cover the domain in order
    _need(bool(spans), "empty chart")
    _need(_same_point(spans[0][0], lo) or (lo.is_finite and not _lt(lo, spans[0][0])), "chart does not start at the domain's left end")
    _need(_same_point(spans[-1][1], hi) or (hi.is_finite and not _lt(spans[-1][1], hi)), "chart does not reach the domain's right end")
    for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
        _need(_same_point(b1, a2), f"chart has a gap or overlap between {b1} and {a2}")
    runs: list[Any] = []
    zeros: list[Any] = []
    current = None
    for ev in events:
        if ev[0] == "part":
            if current is None:
                current = ev[1]
            else:
                _need(ev[1] == current, "the sign changes without a zero in between")
        else:
            runs.append(current)
            zeros.append(ev[1])
            current = None
    runs.append(current)
    return runs, zeros


def _same_point(a: sp.Expr, b: sp.Expr) -> bool:
    if a == b:
        return True
    if a.is_infinite or b.is_infinite:
        return False
    return compare_nums({"exact": a}, {"exact": b}) == 0


def symbolic_sign(h: sp.Expr, a: sp.Expr, b: sp.Expr) -> int | None:
    t = sp.Dummy("t", positive=True)
    if a is sp.S.NegativeInfinity and b is sp.oo:
        e = h.xreplace({X: sp.Dummy("r", real=True)})
    elif a is sp.S.NegativeInfinity:
        e = h.xreplace({X: b - t})
    elif b is sp.oo:
        e = h.xreplace({X: a + t})
    else:
        e = h.xreplace({X: a + (b - a) * t / (1 + t)})
        if compare_nums({"exact": b}, {"exact": a}) != 1:
            return None
    try:
        pos = budget.run(lambda: e.is_positive, seconds=CHECK_SECONDS, what="sign by assumptions")
        if pos:
            return 1
        neg = budget.run(lambda: e.is_negative, seconds=CHECK_SECONDS, what="sign by assumptions")
        if neg:
            return -1
        ez = budget.run(lambda: sp.factor_terms(sp.together(e)), seconds=CHECK_SECONDS, what="sign by assumptions")
        if ez.is_positive:
            return 1
        if ez.is_negative:
            return -1
    except budget.Timeout:
        return None
    return None


def _check_image(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    i, k = d["piece"], d["order"]
    pc = act.pieces.pieces[i]
    lo, hi, closed = d["lo"], d["hi"], d.get("closed", False)
    if not closed:
        _need(lo == pc.lo and hi == pc.hi, "image domain is not the piece")
    g = derivative_on_piece(act, i, k)
    if d.get("constant"):
        _need(not g.has(X), "claimed constant but f^(k) depends on x")
        val = {"exact": g}
        _need(not d["chart"] and not d["turning"], "a constant has no sign chart")
        _need([e["x"] for e in d["ends"]] == [lo, hi], "ends differ")
        _need(all(compare_nums(val, e["value"]) == 0 for e in d["ends"]), "end values of a constant differ")
        _need(compare_nums(val, d["sup"]) == 0 and compare_nums(val, d["inf"]) == 0, "constant value differs")
        _need(d["sup_attained"] and d["inf_attained"], "a constant is attained")
        return d
    runs, zeros = _chart(act, i, k, lo, hi, d["chart"], closed)
    # turning points: zeros with a sign change
    turning = []
    for idx, num in enumerate(zeros):
        left, right = runs[idx], runs[idx + 1]
        if left is not None and right is not None and left != right:
            turning.append((num, "max" if left > 0 else "min"))
    claimed = d["turning"]
    _need(len(claimed) == len(turning), f"turning points differ ({len(claimed)} claimed, {len(turning)} found)")
    cands: list[tuple[dict[str, Any], bool, dict[str, Any]]] = []  # (value, attained, where)
    for (num, kind), tp in zip(turning, claimed):
        _need(tp["kind"] == kind, "turning point kind differs")
        _need(_same_num(num, tp["x"]), "turning point location differs")
        val = tp["value"]
        if "exact" in num and "exact" in val:
            _need(is_zero(g.xreplace({X: num["exact"]}) - val["exact"]), f"value at {num['exact']} not confirmed")
        else:
            box = num_interval(num)
            gv = compile_iv(g)(box)
            vi = num_interval(val)
            _need(within(gv, vi), "value enclosure not confirmed")
        cands.append((val, True, num))
    # ends
    for end, side, entry in ((lo, "+", d["ends"][0]), (hi, "-", d["ends"][1])):
        _need(entry["x"] == end, "end differs")
        if end.is_infinite:
            v = limit_at(g, end)
        else:
            v = g.xreplace({X: end}) if closed else value_at(g, end, side)
        _need(v is not None, f"limit of f^({k}) at {end} not found")
        _need(compare_nums({"exact": v}, entry["value"]) == 0, f"end value at {end} differs: {v}")
        cands.append((entry["value"], bool(closed), {"exact": end}))
    for key, better in (("sup", 1), ("inf", -1)):
        best: list[Any] | None = None
        for val, att, where in cands:
            if best is None:
                best = [val, att, [where]]
                continue
            c = compare_nums(val, best[0])
            _need(c is not None, f"cannot order candidate values for the {key}")
            assert c is not None  # _need has raised otherwise
            if c == better:
                best = [val, att, [where]]
            elif c == 0:
                best[1] = best[1] or att
                best[2].append(where)
        assert best is not None  # the two ends are always candidates
        _need(compare_nums(best[0], d[key]) == 0 or _same_num(best[0], d[key]), f"{key} differs")
        _need(bool(best[1]) == bool(d[f"{key}_attained"]), f"attainment of the {key} differs")
    return dict(d, runs=runs)


def _same_num(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if "exact" in a and "exact" in b:
        return a["exact"] == b["exact"] or compare_nums(a, b) == 0
    if "enclosure" in a and "enclosure" in b:
        return tuple(a["enclosure"]) == tuple(b["enclosure"])
    if "enclosure" in a and "exact" in b:
        return False
    return False


def _check_line_image(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    k = d["order"]
    pcs = act.pieces.pieces
    _need(len(d["pieces"]) == len(pcs), "one image per piece needed")
    imgs = [ctx.sub(c) for c in d["pieces"]]
    for j, img in enumerate(imgs):
        _need(img["piece"] == j and img["order"] == k, "piece images out of order")
    bps = act.pieces.breakpoints
    _need(len(d["breakpoints"]) == len(bps), "breakpoints differ")
    cands: list[tuple[dict[str, Any], bool]] = []
    for img in imgs:
        cands.append((img["sup"], img["sup_attained"]))
        cands.append((img["inf"], img["inf_attained"]))
    cont = None
    if bps:
        cont = ctx.sub(d["continuity"])
    for j, (bp, entry) in enumerate(zip(bps, d["breakpoints"])):
        _need(entry["at"] == bp.at, "breakpoint differs")
        if k == 0:
            _need(entry["defined"], "f is defined at every breakpoint")
            _need(is_zero(bp.value - entry["value"]), "value at a breakpoint differs")
            direct = definition_value(act, bp.at)
            _need(direct == bp.value or is_zero(direct - bp.value), "the definition's value at a breakpoint differs")
        else:
            assert cont is not None  # set above: the loop runs only if there are breakpoints
            order = cont[j]
            generic = d["continuity"].data["breakpoints"][j].get("generic")
            _need(not (generic and order is not None and order < k), "whether f^(k) is defined here depends on the parameters")
            defined = order is None or order >= k
            _need(bool(entry["defined"]) == defined, "whether f^(k) is defined at a breakpoint differs")
            if defined:
                left = value_at(derivative_on_piece(act, j, k), bp.at, "-")
                _need(left is not None and is_zero(left - entry["value"]), "derivative value at a breakpoint differs")
        if entry["defined"]:
            cands.append(({"exact": entry["value"]}, True))
    for key, better in (("sup", 1), ("inf", -1)):
        best: list[Any] | None = None
        for val, att in cands:
            if best is None:
                best = [val, att]
                continue
            c = compare_nums(val, best[0])
            _need(c is not None, "cannot order the piece extrema")
            assert c is not None  # _need has raised otherwise
            if c == better:
                best = [val, att]
            elif c == 0:
                best[1] = best[1] or att
        best = cast("list[Any]", best)  # a piece image or a breakpoint value always comes first
        _need(compare_nums(best[0], d[key]) == 0 or _same_num(best[0], d[key]), f"{key} over the line differs")
        _need(bool(best[1]) == bool(d[f"{key}_attained"]), f"attainment of the {key} over the line differs")
    # the range as a set
    rng = range_set(imgs, d, cont, k)
    _need(sets_equal(rng, d["range"]), f"range differs: {rng} vs {d['range']}")
    return dict(d, args=argument_sets(imgs, d))


#: The integer variable of ImageSets of periodic arguments (fixed, so that sets compare equal).
N_INT = sp.Symbol("n", integer=True)


def argument_sets(images: list[Any], line: dict[str, Any], period: sp.Expr | None = None) -> dict[str, Any]:
    """Where f^(k) reaches its sup / inf over the line, from verified piece images and
    breakpoint values: {'sup': Set or None, 'inf': Set or None} (None: not attained)."""
    out: dict[str, Any] = {}
    for key in ("sup", "inf"):
        if not line[f"{key}_attained"]:
            out[key] = None
            continue
        target = line[key]
        sets: list[sp.Set] = []
        for img in images:
            if compare_nums(img[key], target) != 0 and not _same_num(img[key], target):
                continue
            if img.get("constant"):
                sets.append(sp.Interval.open(img["lo"], img["hi"]))
                continue
            for tp in img["turning"]:
                if _same_num(tp["value"], target) or compare_nums(tp["value"], target) == 0:
                    sets.append(_arg_set(tp["x"], period))
            if img.get("closed"):
                for e in img["ends"]:
                    if compare_nums(e["value"], target) == 0:
                        sets.append(_arg_set({"exact": e["x"]}, period))
        for e in line.get("breakpoints", []):
            if e["defined"] and compare_nums({"exact": e["value"]}, target) == 0:
                sets.append(sp.FiniteSet(e["at"]))
        out[key] = sp.Union(*sets) if sets else None
    return out


def _arg_set(num: dict[str, Any], period: sp.Expr | None) -> sp.Set:
    c = num_expr(num)
    if period is None:
        return sp.FiniteSet(c)
    return sp.ImageSet(sp.Lambda(N_INT, c + N_INT * period), sp.S.Integers)


def num_expr(n: dict[str, Any]) -> sp.Expr:
    """The number shown for {'exact': e} (e) or an enclosure (its midpoint as a Float)."""
    if "exact" in n:
        return cast("sp.Expr", n["exact"])
    lo, hi = n["enclosure"]
    return sp.Float((lo + hi) / 2, 15)


def _piece_set(img: dict[str, Any]) -> sp.Set:
    if img.get("constant"):
        return sp.FiniteSet(img["sup"]["exact"])
    lo, hi = num_expr(img["inf"]), num_expr(img["sup"])
    if lo == hi and img["inf_attained"]:
        return sp.FiniteSet(lo)
    return sp.Interval(lo, hi, not img["inf_attained"], not img["sup_attained"])


def range_set(imgs: list[Any], d: dict[str, Any], cont: Any, k: int) -> sp.Set:
    parts = [_piece_set(img) for img in imgs]
    for entry in d["breakpoints"]:
        if entry["defined"]:
            parts.append(sp.FiniteSet(entry["value"]))
    connected = all(e["defined"] for e in d["breakpoints"]) and (
        k == 0 and (cont is None or all(o is None or o >= 0 for o in cont)) or k > 0
    )
    if connected:
        lo, hi = num_expr(d["inf"]), num_expr(d["sup"])
        if lo == hi:
            return sp.FiniteSet(lo)
        return sp.Interval(lo, hi, not d["inf_attained"], not d["sup_attained"])
    return sp.Union(*parts)


def sets_equal(a: sp.Set, b: sp.Set) -> bool:
    if a == b:
        return True
    try:
        return bool(sp.Complement(a, b) == sp.S.EmptySet and sp.Complement(b, a) == sp.S.EmptySet)
    except Exception:  # noqa: BLE001
        return False


def _check_periodic(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    T, k = d["period"], d["order"]
    _need(act.pieces.smooth, "periodic certificates are for single-piece activations")
    e = act.pieces.pieces[0].expr
    _need(sign_exact(T) == 1, "the period must be positive")
    _need(is_identity(e.xreplace({X: X + T}), e), f"f(x + {T}) = f(x) not shown")
    img = ctx.sub(d["image"])
    _need(img["closed"] and img["order"] == k, "periodic image must be on a closed window")
    _need(is_zero(img["hi"] - img["lo"] - T), "the window is not one period")
    _need(_same_num(img["sup"], d["sup"]) and _same_num(img["inf"], d["inf"]), "extrema differ")
    _need(d["sup_attained"] and d["inf_attained"], "a continuous periodic function attains its extrema")
    _need(sets_equal(d["range"], sp.Interval(num_expr(d["inf"]), num_expr(d["sup"]))), "range differs")
    return dict(d, args=argument_sets([img], dict(d, breakpoints=[]), period=T))


# ---------------------------------------------------------------------------------------
# other kinds
def _check_limit(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    end, k = d["end"], d.get("order", 0)
    i = 0 if end is sp.S.NegativeInfinity else len(act.pieces.pieces) - 1
    g = derivative_on_piece(act, i, k)
    v = limit_at(g, end)
    _need(v is not None, f"the limit of f^({k}) at {end} is not shown by the asymptotic normal form")
    assert v is not None  # _need has raised otherwise
    _need(v == d["value"] or (not v.is_infinite and not d["value"].is_infinite and is_zero(v - d["value"])), f"limit differs: {v}")
    return d


def _check_no_limit(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    if "sequences" in d:
        # f(k T + c1) -> L1 != L2 <- f(k T + c2): two sequences with proved, different limits
        sq = d["sequences"]
        end = sq["end"]
        i = 0 if end is sp.S.NegativeInfinity else len(act.pieces.pieces) - 1
        e = act.pieces.pieces[i].expr
        ok = budget.run(asymptotics.check_no_limit, e, end, sq["period"], tuple(sq["points"]), tuple(sq["limits"]),
                        seconds=CHECK_SECONDS, what="no-limit sequences")
        _need(ok, "the two sequences' limits are not shown different")
        return d
    T = d["period"]
    e = act.pieces.pieces[0].expr
    _need(act.pieces.smooth and is_identity(e.xreplace({X: X + T}), e), "not periodic")
    x1, x2 = d["points"]
    v = compile_iv(e)(point(x1))
    w = compile_iv(e)(point(x2))
    _need(disjoint(v, w), "the two values are not shown different")
    return d


def _check_value(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    p, k = d["x"], d.get("order", 0)
    v = value_of(act, p, k)
    _need(v is not None and is_zero(v - d["value"]), f"f({p}) differs")
    assert v is not None  # _need has raised otherwise
    return d


def value_of(act: Activation, p: sp.Expr, k: int = 0) -> sp.Expr | None:
    """f^(k)(p) from the decomposition: inside a piece, its formula; at a breakpoint, the
    breakpoint value (k = 0)."""
    pcs = act.pieces
    for bp in pcs.breakpoints:
        if compare_nums({"exact": bp.at}, {"exact": p}) == 0:
            return bp.value if k == 0 else None
    j = pcs.piece_at(p)
    if j is None:
        return None
    return cast("sp.Expr | None", derivative_on_piece(act, j, k).xreplace({X: p}))


def _differs_somewhere(a: sp.Expr, b: sp.Expr) -> bool:
    """a - b (in parameter symbols) is not identically 0: non-zero at a parameter sample."""
    d = a - b
    syms = sorted(d.free_symbols, key=lambda s: s.name)
    for env in _param_samples(syms):
        if sign_of_constant(d.xreplace(env)) in (1, -1):
            return True
    return False


def _check_breakpoints(d: dict[str, Any], ctx: _Ctx) -> list[Any]:
    """Continuity order at each breakpoint from one-sided limits of the derivatives.

    An entry marked ``generic`` (symbolic parameters) has one-sided limits of order m + 1
    that differ as functions of the parameters (so f is C^m there, and exactly C^m except
    where they happen to agree, e.g. ELU's alpha = 1)."""
    act = ctx.act
    bps = act.pieces.breakpoints
    entries = d["breakpoints"]
    _need(len(entries) == len(bps), "breakpoints differ")
    orders = []
    for j, (bp, e) in enumerate(zip(bps, entries)):
        _need(e["at"] == bp.at, "breakpoint location differs")
        m = e["order"]
        generic = bool(e.get("generic"))
        top = (m + 1) if m is not None else d.get("probe", 6)
        agree = True
        found = None
        for kk in range(0, top + 1):
            left = value_at(derivative_on_piece(act, j, kk), bp.at, "-")
            right = value_at(derivative_on_piece(act, j + 1, kk), bp.at, "+")
            _need(left is not None and right is not None, "one-sided limit not found")
            assert left is not None and right is not None  # _need has raised otherwise
            _need(kk < len(e["left"]) and compare_nums({"exact": left}, {"exact": e["left"][kk]}) == 0, "left limit differs")
            _need(kk < len(e["right"]) and compare_nums({"exact": right}, {"exact": e["right"][kk]}) == 0, "right limit differs")
            other = bp.value if kk == 0 else right
            eq = compare_nums({"exact": left}, {"exact": right})
            if kk == 0 and eq == 0:
                eq = compare_nums({"exact": left}, {"exact": bp.value})
            if eq is None and generic and kk == top:
                _need(_differs_somewhere(left, right) or _differs_somewhere(left, other), "one-sided limits do not differ for any parameter sample")
                eq = 1
            _need(eq is not None, "cannot compare one-sided limits")
            if eq != 0:
                found = kk - 1
                agree = False
                break
        if m is None:
            _need(agree, "continuity order differs")
        else:
            _need(found == m, f"continuity order at {bp.at} differs ({found} vs {m})")
        orders.append(m)
    for j in range(len(act.pieces.pieces)):
        pc = act.pieces.pieces[j]
        _need(_analytic_on(pc.expr, pc.lo, pc.hi), f"piece {j} is not shown analytic on its interval")
    return orders


def _analytic_on(e: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    """Every operation in e is analytic on (lo, hi): exp, sin, cos, atan, tanh, erf and
    polynomial operations are; divisions, logarithms and fractional powers need their base
    non-zero / positive there (SymPy's assumptions after writing x inside the interval)."""
    ok_funcs = (sp.exp, sp.sin, sp.cos, sp.atan, sp.tanh, sp.erf, sp.erfc, sp.sinh, sp.cosh, sp.asinh)
    for a in sp.preorder_traversal(e):
        if not isinstance(a, sp.Basic) or not a.has(X):
            continue
        if isinstance(a, (sp.Add, sp.Mul, sp.Symbol)) or isinstance(a, ok_funcs):
            continue
        if isinstance(a, sp.Pow):
            if a.exp.is_Integer and a.exp >= 0:
                continue
            need = "nonzero" if a.exp.is_Integer else "positive"
            if _symbolic_sign_of(a.base, lo, hi, need):
                continue
            return False
        if isinstance(a, sp.log):
            if _symbolic_sign_of(a.args[0], lo, hi, "positive"):
                continue
            return False
        if isinstance(a, sp.LambertW):
            return False
        return False
    return True


def _symbolic_sign_of(b: sp.Expr, lo: sp.Expr, hi: sp.Expr, need: str) -> bool:
    s = symbolic_sign(b, lo, hi)
    if s is None:
        s = _monotone_sign(b, lo, hi)
    if s == 1:
        return True
    if s == -1 and need == "nonzero":
        return True
    return False


def _monotone_sign(b: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> int | None:
    """The sign of b on the open interval (lo, hi) by ball arithmetic: its enclosure over
    [lo, hi] excludes 0; or b vanishes at a finite end (exactly) and b' >= 0 (or <= 0) over
    [lo, hi] and != 0 at an interior point, so b (analytic) is strictly monotone there
    (the removable singularity of x/(e^x - 1) at 0 leaves e^x - 1 != 0 on both pieces)."""
    if b.free_symbols - {X}:
        return None
    try:
        box = box_of(lo, hi)
        sb = _sign_iv(compile_iv(b)(box))
        if sb is not None:
            return sb
        db = sp.diff(b, X)
        lo_d, hi_d = compile_iv(db)(box)
        if not (lo.is_infinite or hi.is_infinite):
            mid = (lo + hi) / 2
        elif lo.is_infinite and hi.is_infinite:
            mid = sp.Integer(0)
        else:
            mid = hi - 1 if lo.is_infinite else lo + 1
        sm = _sign_iv(compile_iv(db)(box_of(mid, mid)))
    except (DomainError, ValueError, TypeError, ZeroDivisionError):
        return None
    if sm is None:
        return None
    from mpmath.libmp import mpf_ge, mpf_le, fzero

    rising = mpf_ge(lo_d, fzero)
    falling = mpf_le(hi_d, fzero)
    if not (rising or falling):
        return None
    if not lo.is_infinite and b.xreplace({X: lo}) == 0:
        return 1 if rising else -1
    if not hi.is_infinite and b.xreplace({X: hi}) == 0:
        return -1 if rising else 1
    return None


def _check_analytic(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    _need(act.pieces.smooth, "an analytic certificate is for one piece")
    _need(_analytic_on(act.pieces.pieces[0].expr, -sp.oo, sp.oo), "not shown analytic on the real line")
    return d


def _check_symmetry(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    kind = d["type"]
    if kind == "none":
        x0 = d["not_even_at"]
        fv: Callable[[sp.Expr], tuple[Any, ...]] = lambda p: enclose_value(act, p)  # noqa: E731
        a, b = fv(x0), fv(-x0)
        _need(_disjoint(a, b), f"f({x0}) and f({-x0}) are not shown different")
        p1, p2 = d["not_point_at"]
        s1 = iv_add(fv(p1), fv(-p1))
        s2 = iv_add(fv(p2), fv(-p2))
        _need(_disjoint(s1, s2), "f(x) + f(-x) is not shown to take two values")
        return d
    c = d["c"]
    pcs = act.pieces
    env = _defaults(act)

    def order(u: sp.Expr, v: sp.Expr) -> int:  # on Arb balls, never a float
        c = R.compare(u.xreplace(env), v.xreplace(env))
        _need(c is not None, f"cannot order {u} and {v}")
        assert c is not None  # _need has raised otherwise
        return c

    pts = sorted({bp.at for bp in pcs.breakpoints} | {-bp.at for bp in pcs.breakpoints}, key=functools.cmp_to_key(order))
    pts = [p for k, p in enumerate(pts) if k == 0 or order(pts[k - 1], p) != 0]
    edges = [-sp.oo, *pts, sp.oo]
    for a, b in zip(edges, edges[1:]):
        mid = interior_point(a, b)
        i = pcs.piece_at(mid)
        j = pcs.piece_at(-mid)
        _need(i is not None and j is not None, "cell not inside one piece")
        assert i is not None and j is not None  # _need has raised otherwise
        left = pcs.pieces[i].expr
        right = pcs.pieces[j].expr.xreplace({X: -X})
        if kind == "even":
            target = right - left
        elif kind == "odd":
            target = right + left
        else:
            target = right + left - 2 * c
        _need(is_identity(target, sp.Integer(0)), f"symmetry identity fails on ({a}, {b})")
    for p in pts + [sp.Integer(0)]:
        v1, v2 = value_of(act, p), value_of(act, -p)
        _need(v1 is not None and v2 is not None, "value at a breakpoint")
        assert v1 is not None and v2 is not None  # _need has raised otherwise
        t = v2 - v1 if kind == "even" else (v2 + v1 if kind == "odd" else v2 + v1 - 2 * c)
        _need(is_zero(t), f"symmetry fails at x = {p}")
    return d


def _defaults(act: Activation) -> dict[sp.Symbol, Any]:
    return {p.symbol: p.default for p in act.params}


def interior_point(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    if a is sp.S.NegativeInfinity and b is sp.oo:
        return cast("sp.Expr", sp.Integer(0))
    if a is sp.S.NegativeInfinity:
        return cast("sp.Expr", b - 1)
    if b is sp.oo:
        return cast("sp.Expr", a + 1)
    return cast("sp.Expr", (a + b) / 2)


def enclose_value(act: Activation, p: sp.Expr, k: int = 0) -> tuple[Any, ...]:
    v = value_of(act, p, k)
    _need(v is not None, f"f^({k})({p}) is not defined")
    assert v is not None  # _need has raised otherwise
    return const_iv(v)


def _disjoint(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return disjoint(a, b)


def iv_add(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    from mpmath.libmp import libmpi

    return cast("tuple[Any, ...]", libmpi.mpi_add(a, b, 128))


def _check_monotonic(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    li = ctx.sub(d["line_image"])
    _need(li["order"] == 0, "monotonicity needs the image of f")
    if "period" in li:
        img = ctx.done[id(li["image"])]
        _need(bool(img["turning"]), "a periodic function without turning points")
        dirs = ["mixed"]
    else:
        dirs = [_direction(ctx.done[id(c)]) for c in li["pieces"]]
    _need(dirs == list(d["directions"]), "piece directions differ")
    bps = act.pieces.breakpoints
    cont = ctx.sub(li["continuity"]) if bps else []
    for j, bp in enumerate(bps):
        left = value_at(act.pieces.pieces[j].expr, bp.at, "-")
        right = value_at(act.pieces.pieces[j + 1].expr, bp.at, "+")
        entry = d["breakpoints"][j]
        for key, val in (("left", left), ("right", right)):
            _need(compare_nums({"exact": val}, {"exact": entry[key]}) == 0, "one-sided value differs")
        _need(is_zero(bp.value - entry["value"]), "breakpoint value differs")
        steps = (compare_nums({"exact": left}, {"exact": bp.value}), compare_nums({"exact": bp.value}, {"exact": right}))
        _need(None not in steps, "cannot order the values at a breakpoint")
        _need(list(steps) == list(entry["steps"]), "breakpoint steps differ")
    result = monotone_word(dirs, [tuple(e["steps"]) for e in d["breakpoints"]])
    _need(result == d["result"], f"monotonicity differs ({result} vs {d['result']})")
    if "turning" in d:
        imgs = [ctx.done[id(li["image"])]] if "period" in li else [ctx.done[id(c)] for c in li["pieces"]]
        found = [tp["x"] for img in imgs for tp in img["turning"]]
        _need(len(found) == len(d["turning"]) and all(_same_num(a, b) for a, b in zip(found, d["turning"])), "turning points differ")
    if result == "not monotonic":
        w = d["witness"]
        xs = w["x"]
        vals = [enclose_value(act, p) for p in xs]
        _need(_lt(xs[0], xs[1]) and _lt(xs[1], xs[2]), "witness points not increasing")
        up1, up2 = _iv_lt(vals[0], vals[1]), _iv_lt(vals[1], vals[2])
        dn1, dn2 = _iv_lt(vals[1], vals[0]), _iv_lt(vals[2], vals[1])
        _need((up1 and dn2) or (dn1 and up2), "witness does not show a change of direction")
    return d


def _iv_lt(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return before(a, b)


def _direction(img: dict[str, Any]) -> str:
    if img.get("constant"):
        return "constant"
    if img["turning"]:
        return "mixed"
    # no turning point: h has one sign on the whole piece (the checker's runs of signs)
    signs = {r for r in img.get("runs", []) if r is not None}
    if len(signs) != 1:
        raise Rejected("no single sign of the derivative on a piece without turning points")
    return "increasing" if signs.pop() > 0 else "decreasing"


def monotone_word(dirs: list[Any], steps: list[Any]) -> str:
    """'increasing', 'non-decreasing', 'decreasing', 'non-increasing', 'constant' or
    'not monotonic' from piece directions and breakpoint steps (-1: up, 0: level, 1: down)."""
    if "mixed" in dirs:
        return "not monotonic"
    ups = {"increasing"} | {"constant"}
    downs = {"decreasing"} | {"constant"}
    flat_steps = [s for st in steps for s in st]
    if all(dd in ups for dd in dirs) and all(s in (-1, 0) for s in flat_steps):
        if all(dd == "constant" for dd in dirs) and all(s == 0 for s in flat_steps):
            return "constant"
        return "increasing" if all(dd == "increasing" for dd in dirs) else "non-decreasing"
    if all(dd in downs for dd in dirs) and all(s in (1, 0) for s in flat_steps):
        return "decreasing" if all(dd == "decreasing" for dd in dirs) else "non-increasing"
    return "not monotonic"


def _check_zero_centered(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    v0 = value_of(act, sp.Integer(0))
    _need(v0 is not None and is_zero(v0 - d["value_at_0"]), "f(0) differs")
    assert v0 is not None  # _need has raised otherwise
    if d["result"] == "yes":
        _need(v0 == 0 or is_zero(v0), "f(0) = 0 needed")
        neg, pos = d["negative_at"], d["positive_at"]
        vn, vp = value_of(act, neg), value_of(act, pos)
        _need(vn is not None and sign_exact(vn) == -1, "f is not shown negative at the witness")
        assert vn is not None  # _need has raised otherwise
        _need(vp is not None and sign_exact(vp) == 1, "f is not shown positive at the witness")
        assert vp is not None  # _need has raised otherwise
        return d
    if "line_image" in d:
        li = ctx.sub(d["line_image"])
        one_sided = compare_nums(li["inf"], {"exact": sp.Integer(0)}) in (0, 1) or compare_nums(li["sup"], {"exact": sp.Integer(0)}) in (0, -1)
        _need(one_sided, "f takes both signs")
        return d
    _need(sign_exact(v0) in (1, -1), "f(0) is not shown non-zero")
    return d


def sign_exact(v: sp.Expr) -> int | None:
    """Sign of an exact number, or of an expression in parameters by their assumptions."""
    if not v.free_symbols:
        return sign_of_constant(v)
    if v.is_positive:
        return 1
    if v.is_negative:
        return -1
    return None


def _check_lipschitz(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    if d.get("discontinuous"):
        cont = ctx.sub(d["continuity"])
        _need(any(o == -1 for o in cont), "no jump found")
        return d
    if act.pieces.breakpoints:
        cont = ctx.sub(d["continuity"])
        _need(all(o is None or o >= 0 for o in cont), "f must be continuous")
    else:
        ctx.sub(d["continuity"])
    li = ctx.sub(d["derivative_image"])
    _need(li["order"] == 1, "needs the image of f'")
    sup, inf = li["sup"], li["inf"]
    if "exact" in sup and "exact" in inf:
        cand = [sup["exact"], -inf["exact"]]
        L = d["value"]
        if "attained" in d:
            att = (li["sup_attained"] and compare_nums(sup, {"exact": L}) == 0) or (
                li["inf_attained"] and compare_nums({"exact": -inf["exact"]}, {"exact": L}) == 0)
            _need(bool(att) == bool(d["attained"]), "attainment of the Lipschitz constant differs")
        _need(any(c.is_infinite and c == L or (not c.is_infinite and not L.is_infinite and is_zero(c - L)) for c in cand), "constant differs")
        for c in cand:
            _need(compare_nums({"exact": c}, {"exact": L}) in (0, -1), "constant is not the largest")
    else:
        lo, hi = d["enclosure"]
        top = hull_max(num_interval(sup), neg(num_interval(inf)))
        _need(within(top, interval(lo, hi)), "Lipschitz enclosure not confirmed")
    return d


def _check_extremum(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    """max / min / sup f' / inf f': the conclusion of a verified line image."""
    li = ctx.sub(d["line_image"])
    key = d["key"]
    _need(li["order"] == d["order"], "order differs")
    _need(_same_num(li[key], d["value"]), "value differs from the verified extremum")
    _need(bool(li[f"{key}_attained"]) == bool(d["attained"]), "attainment differs")
    args = li["args"][key]
    if d["attained"]:
        _need(args is not None and sets_equal(args, d["at"]), f"the points where it is attained differ: {args} vs {d['at']}")
    else:
        _need(d["at"] is None, "no points for a value that is not attained")
    return d


def continuity_word(orders: list[Any], entries: list[Any]) -> tuple[str, sp.Set | None]:
    """'C^inf', 'C^m' or 'discontinuous' and where the worst breakpoints are, from the
    continuity orders (None: the pieces agree in every derivative)."""
    finite = [m for m in orders if m is not None]
    if not finite:
        return "C^inf", None
    m = min(finite)
    worst = [e for e, o in zip(entries, orders) if o == m]
    word = "discontinuous" if m < 0 else f"C^{m}"
    conds = [e["condition"] for e in worst if e.get("generic")]
    if conds and len(conds) == len(worst):
        word += f" (smoother where {' and '.join(str(c) for c in conds)})"
    return word, sp.FiniteSet(*[e["at"] for e in worst])


def _check_continuity(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    bp = d["breakpoints"]
    orders = ctx.sub(bp)
    word, at = continuity_word(orders, bp.data["breakpoints"])
    _need(word == d["result"], f"continuity class differs ({word} vs {d['result']})")
    _need((at is None and d["at"] is None) or (at is not None and d["at"] is not None and sets_equal(at, d["at"])), "points differ")
    return d


def _check_differentiability(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    bp = d["breakpoints"]
    orders = ctx.sub(bp)
    bad = [e["at"] for e, o in zip(bp.data["breakpoints"], orders) if o is not None and o < 1]
    at = sp.FiniteSet(*bad) if bad else None
    _need((at is None and d["at"] is None) or (at is not None and d["at"] is not None and sets_equal(at, d["at"])), "points differ")
    return d


def _check_compare(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    li = ctx.sub(d["line_image"])
    _need(li["order"] == d["order"], "order differs")
    op, bound = d["op"], {"exact": d["bound"]}
    if op in ("<", "<="):
        c = compare_nums(li["sup"], bound)
        ok = c == -1 or (c == 0 and (op == "<=" or not li["sup_attained"]))
    else:
        c = compare_nums(li["inf"], bound)
        ok = c == 1 or (c == 0 and (op == ">=" or not li["inf_attained"]))
    _need(ok, "the bound does not follow from the proved extremum")
    return d


def _check_counterexample(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    p, k, op, bound = d["x"], d["order"], d["op"], d["bound"]
    v = value_of(act, p, k)
    _need(v is not None, "not defined at the counterexample")
    assert v is not None  # _need has raised otherwise
    diff = v - bound
    s = sign_of_constant(diff)
    if s is None and is_zero(diff):
        s = 0
    _need(s is not None, "sign at the counterexample undecided")
    assert s is not None  # _need has raised otherwise
    holds = {"<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0}[op]
    _need(not holds, "the claimed inequality holds at the counterexample")
    return d


def _check_identity_in_f(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    act = ctx.act
    k = d["order"]
    _need(act.pieces.smooth, "identity in f needs one piece")
    fx = act.pieces.pieces[0].expr
    G = d["G"]
    _need(F in G.free_symbols and X not in G.free_symbols, "G must be a function of f alone")
    _need(is_identity(derivative_on_piece(act, 0, k), G.xreplace({F: fx})), f"f^({k}) = G(f) not shown")
    li = ctx.sub(d["line_image"])
    _need(li["order"] == 0, "needs the range of f")
    J = li["range"]
    _need(isinstance(J, sp.Interval), "range of f must be an interval")
    _need(sets_equal(J, d["range_f"]), "range of f differs")
    B, side = d["bound"], d["side"]
    diffr = (B - G) if side == "sup" else (G - B)
    fac = d["factored"]
    _need(sp.expand(diffr - fac) == 0, "factorisation differs")
    coeff, factors = sp.factor_list(fac, F)
    _need(sp.expand(coeff * sp.Mul(*[p**e for p, e in factors]) - fac) == 0, "factor list differs")
    total = sign_of_constant(coeff)
    _need(total in (1, -1), "leading constant must be non-zero")
    assert total is not None  # _need has raised otherwise
    strict = True
    for p, e in factors:
        if e % 2 == 0:
            if _poly_sign_on(p, J) is None:
                strict = False  # a square factor that vanishes inside J
            continue
        s = _poly_sign_on(p, J)
        _need(s in (1, -1), f"factor {p} changes sign on {J}")
        assert s is not None  # _need has raised otherwise
        total *= s
    _need(total == 1, "the difference is not shown >= 0 on the range of f")
    # attainment
    y = d["y_star"]
    if d["attained"]:
        _need(J.contains(y) is sp.true, "y* not in the range")
        _need(is_zero(diffr.xreplace({F: y})), "B is not reached at y*")
        xs = d["x_star"]
        _need(is_zero(fx.xreplace({X: xs}) - y), "f(x*) = y* not shown")
    else:
        _need(strict, "a zero of the difference inside the range means the bound is reached")
        _need(y in (J.start, J.end) and J.contains(y) is not sp.true, "y* must be an end not in the range")
        _need(is_zero(diffr.xreplace({F: y})), "the bound is not approached at y*")
    return d


def _poly_sign_on(p: sp.Expr, J: sp.Interval) -> int | None:
    """+1 / -1 if the polynomial p(f) has no root in the closure of J and that sign at an
    interior point; None otherwise."""
    P = sp.Poly(p, F)
    a = J.start if J.start.is_finite else None
    b = J.end if J.end.is_finite else None
    if a is not None and b is not None:
        n = P.count_roots(a, b)
    else:
        roots = [r for r in sp.real_roots(P)]
        n = sum(1 for r in roots if (a is None or r >= a) and (b is None or r <= b))
    if n:
        # roots only at open ends are fine
        ends = [e for e in (a, b) if e is not None]
        inner = n - sum(1 for e in ends if P.eval(e) == 0 and J.contains(e) is not sp.true)
        if inner:
            return None
    mid = interior_point(J.start, J.end)
    return sign_of_constant(P.as_expr().xreplace({F: mid}))


def _check_relation(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    _need(is_identity(d["lhs"], d["rhs"]), "identity not shown")
    return d


def _check_relation_counterexample(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    """lhs and rhs differ at the rational point x: the sign of their difference, decided on balls."""
    p = d["x"]
    _need(isinstance(p, sp.Rational), "a counterexample point must be rational")
    diff = (d["lhs"] - d["rhs"]).xreplace({X: p})
    _need(not diff.free_symbols, "the two sides keep free symbols at the point")
    _need(sign_of_constant(diff) in (-1, 1), "the two sides are not shown to differ at the point")
    return d


def _check_convexity(d: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    """Convex / concave / affine from the checked sign charts of f'' on every piece (the images
    of f') and the one-sided derivatives at the breakpoints, recomputed here; ``neither`` needs
    two witnesses, each re-checked on balls."""
    act = ctx.act
    pcs = act.pieces
    result = d["result"]
    _need(result in ("convex", "concave", "affine", "neither"), f"unknown convexity {result!r}")
    kinks = [_kink_step(act, j) for j in range(len(pcs.breakpoints))]
    _need(kinks == list(d["kinks"]), "breakpoint steps of f' differ")
    if "pieces" in d:
        _need(len(d["pieces"]) == len(pcs.pieces), "one image of f' per piece needed")
        imgs = [ctx.sub(c) for c in d["pieces"]]
        for j, img in enumerate(imgs):
            _need(img["piece"] == j and img["order"] == 1 and not img.get("closed"), "images of f' out of order")
        if pcs.breakpoints:
            _need("continuity" in d, "the breakpoint analysis is missing")
            ctx.sub(d["continuity"])  # continuity orders, and every piece analytic on its interval
        else:
            _need(_analytic_on(pcs.pieces[0].expr, pcs.pieces[0].lo, pcs.pieces[0].hi), "f is not shown analytic on the line")
        words = [{"increasing": "convex", "decreasing": "concave", "constant": "affine", "mixed": "neither"}[_direction(img)] for img in imgs]
        _need(words == list(d["piece_words"]), "piece words differ")
        for img, word, segs in zip(imgs, words, d["segments"]):
            cuts = [{"exact": img["lo"]}] + [tp["x"] for tp in img["turning"]] + [{"exact": img["hi"]}]
            _need(len(segs) == len(cuts) - 1, "segments differ")
            for q, sg in enumerate(segs):
                _need(_same_num(sg["lo"], cuts[q]) and _same_num(sg["hi"], cuts[q + 1]), "segment ends differ")
                if word != "neither":
                    _need(sg["word"] == word, "segment word differs")
                else:
                    kind = img["turning"][q]["kind"] if q < len(img["turning"]) else img["turning"][-1]["kind"]
                    before_turn = q < len(img["turning"])
                    want = ("convex" if kind == "max" else "concave") if before_turn else ("concave" if kind == "max" else "convex")
                    _need(sg["word"] == want, "segment word differs")
        word = convexity_word(words, kinks)
        _need(word == result, f"convexity differs ({word} vs {result})")
        infl: list[Any] = []
        segs_all = d["segments"]
        for j, segs in enumerate(segs_all):
            if j and kinks[j - 1] == 0 and {segs_all[j - 1][-1]["word"], segs[0]["word"]} == {"convex", "concave"}:
                infl.append({"exact": pcs.breakpoints[j - 1].at})
            infl += [sg["hi"] for sg in segs[:-1]]
        claimed = d.get("inflections", [])
        _need(len(infl) == len(claimed) and all(_same_num(a, b) for a, b in zip(infl, claimed)), "inflection points differ")
    else:
        _need(result == "neither", "convex, concave or affine needs the sign chart of f'' on every piece")
    if result == "neither":
        w = d["witness"]
        _need(_shows_sign(act, w["not_convex"], -1, kinks), "no witness that f is not convex")
        _need(_shows_sign(act, w["not_concave"], 1, kinks), "no witness that f is not concave")
    return d


def convexity_word(words: list[Any], kinks: list[Any]) -> str:
    """'convex', 'concave', 'affine' or 'neither' from the piece words and breakpoint steps."""
    if "jump" in kinks or "neither" in words:
        return "neither"
    convex = all(w in ("convex", "affine") for w in words) and all(k >= 0 for k in kinks)
    concave = all(w in ("concave", "affine") for w in words) and all(k <= 0 for k in kinks)
    if convex and concave:
        return "affine"
    return "convex" if convex else "concave" if concave else "neither"


def _kink_step(act: Activation, j: int) -> Any:
    """"jump" if f is discontinuous at breakpoint j, else the sign of f'(c+) - f'(c-)."""
    pcs = act.pieces
    bp = pcs.breakpoints[j]
    left = value_at(pcs.pieces[j].expr, bp.at, "-")
    right = value_at(pcs.pieces[j + 1].expr, bp.at, "+")
    _need(left is not None and right is not None, "one-sided limit of f not found")
    c1, c2 = compare_nums({"exact": left}, {"exact": bp.value}), compare_nums({"exact": right}, {"exact": bp.value})
    _need(c1 is not None and c2 is not None, "cannot decide whether f is continuous at a breakpoint")
    if c1 != 0 or c2 != 0:
        return "jump"
    dl = value_at(derivative_on_piece(act, j, 1), bp.at, "-")
    dr = value_at(derivative_on_piece(act, j + 1, 1), bp.at, "+")
    _need(dl is not None and dr is not None, "one-sided limit of f' not found")
    c = compare_nums({"exact": dr}, {"exact": dl})
    _need(c is not None, "cannot compare the one-sided derivatives")
    return c


def _shows_sign(act: Activation, ev: dict[str, Any], want: int, kinks: list[Any]) -> bool:
    """Evidence against convexity (want = -1) or concavity (want = +1)."""
    if ev["type"] == "jump":
        return cast("bool", kinks[ev["breakpoint"]] == "jump")
    if ev["type"] == "kink":
        return cast("bool", ev["step"] == want and kinks[ev["breakpoint"]] == want)
    if ev["type"] == "second":
        p = ev["x"]
        _need(p.is_Rational, "a witness point must be rational")
        i = act.pieces.piece_at(p)
        _need(i is not None, "a witness point must lie inside a piece")
        assert i is not None  # _need has raised otherwise
        _need(ev["sign"] == want, "witness sign differs")
        return sign_of_constant(derivative_on_piece(act, i, 2).xreplace({X: p})) == want
    return False


def checker_kinds() -> frozenset[Any]:
    """The certificate kinds the checker knows."""
    return frozenset(_CHECKERS)


_CHECKERS: dict[str, Callable[[dict[str, Any], _Ctx], Any]] = {
    "image": _check_image,
    "line-image": _check_line_image,
    "periodic": _check_periodic,
    "limit": _check_limit,
    "no-limit": _check_no_limit,
    "value": _check_value,
    "breakpoints": _check_breakpoints,
    "analytic": _check_analytic,
    "symmetry": _check_symmetry,
    "monotonic": _check_monotonic,
    "zero-centered": _check_zero_centered,
    "lipschitz": _check_lipschitz,
    "compare": _check_compare,
    "extremum": _check_extremum,
    "continuity": _check_continuity,
    "differentiability": _check_differentiability,
    "counterexample": _check_counterexample,
    "identity-in-f": _check_identity_in_f,
    "relation": _check_relation,
    "relation-counterexample": _check_relation_counterexample,
    "convexity": _check_convexity,
}
