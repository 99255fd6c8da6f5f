"""Bounds ``E op c`` and ranges ``E \\in S`` of a function of x: a counterexample search at
50 digits (confirmed exactly), then the prover's certificate (:mod:`symact.prove`)."""

from __future__ import annotations

from typing import Any, Callable, Iterable, cast

import mpmath
import sympy as sp

from .. import budget
from ..errors import DefinitionError, SymactError
from ..spec import Activation, x as X
from .context import Context, DIGITS, Link, NICE_POINTS, TOLERANCE, Unsupported, number_text, set_text, step_seconds, ticks
from .exact import contains, evaluate_at, evaluator, relation_holds, subset
from .identities import exact_value_at


def claim_term(r: sp.Expr) -> Activation:
    """The ad-hoc activation of a claim's term, defined where the term as written is: a term
    with a pole, a gap or a removable singularity (x/|x|, x/(e^x - 1) at 0) is not a function
    on the whole line, and a bound on it is not decided (symact.domain)."""
    from .. import domain

    try:
        checked = domain.check("this term", r)
    except DefinitionError as exc:
        raise Unsupported(f"this term is not a real function of x on the whole line ({exc})") from None
    if checked != r:
        raise Unsupported("this term is not defined at every real x (it has a removable singularity)")
    try:
        return Activation("claim_term", r, family="internal")
    except DefinitionError as exc:
        raise Unsupported(f"this term is not a real function of x ({exc})") from None


def term_function(e: sp.Expr, ctx: Context) -> tuple[Activation, int, sp.Expr] | None:
    """The activation and order if the term is f^(k)(x); otherwise an ad-hoc activation of the
    resolved term (order 0), when it is a function of x alone."""
    s = ctx.single(e)
    if s is not None and s[2] == X:
        return s[0], s[1], ctx.value(s[0], s[1], X)
    r = ctx.resolve(e)
    if r.free_symbols == {X}:
        return claim_term(r), 0, r
    return None


def search(fn: Any, ok: Any, avoid: Iterable[sp.Expr] = (), domain: sp.Set = sp.S.Reals) -> tuple[sp.Expr, Any] | None:
    """The first point x of ``domain`` (nice points, a grid, large |x|, both sides of
    breakpoints) where ``ok(x, value)`` is False."""
    pts: list[sp.Expr] = list(NICE_POINTS)
    pts += [sp.Rational(k, 10) for k in range(-200, 201) if k % 5]
    pts += [sp.Integer(s * 10**e) for e in range(2, 7) for s in (1, -1)]
    pts += [sp.Integer(s) * sp.Rational(m, 2) for s in (1, -1) for m in range(41, 120, 7)]
    for p in avoid:
        for eps in (sp.Rational(1, 1000), sp.Rational(1, 10**6)):
            pts += [p - eps, p + eps]
    for p in pts:
        if domain != sp.S.Reals and contains(domain, p) is not True:
            continue
        v = evaluate_at(fn, p)
        if v is not None and not ok(p, v):
            return p, v
    return None


def exact_at(expr: sp.Expr, p: sp.Expr) -> sp.Expr | None:
    """expr at x = p, exactly (None where undefined or not decidable in the budget)."""
    try:
        v = exact_value_at(expr, p)
    except (Unsupported, budget.Timeout):
        return None
    return v


#: Exact evaluations a counterexample search may spend on values too close to a bound to
#: decide at 50 digits (after that such points are skipped: never a false refutation).
EXACT_CHECKS = 8


def bound_ok(expr: sp.Expr, op: str, c: sp.Expr, c_approx: Any) -> Any:
    """ok(x, value) for the bound ``expr op c``: a 50-digit filter; a point where it seems to
    fail (or is too close to tell) is decided exactly on Arb balls, and only a failure
    confirmed there counts (never a refutation from a rounded number)."""
    budget_left = [EXACT_CHECKS]

    def ok(p: sp.Expr, v: Any) -> bool:
        slack = TOLERANCE * max(1, abs(c_approx))
        if abs(v - c_approx) > slack and {"<": v < c_approx, "<=": v <= c_approx, ">": v > c_approx, ">=": v >= c_approx}[op]:
            return True
        if budget_left[0] <= 0:
            return True
        budget_left[0] -= 1
        ex = exact_at(expr, p)
        if ex is None:
            return True
        return relation_holds(ex, op, c) is not False

    return ok


def member_ok(expr: sp.Expr, S: sp.Set) -> Any:
    """ok(x, value) for the membership ``expr in S``: a 50-digit filter whose failures are confirmed exactly."""
    budget_left = [EXACT_CHECKS]

    def ok(p: sp.Expr, v: Any) -> bool:
        inside = in_set_numeric(v, S)
        if inside is True:
            return True
        if budget_left[0] <= 0:  # outside or undecided at 50 digits: confirm exactly
            return True
            return True
        budget_left[0] -= 1
        ex = exact_at(expr, p)
        if ex is None:
            return True
        return contains(S, ex) is not False

    return ok


def bound_difference(expr: sp.Expr, op: str, c: sp.Expr, lhs_text: str, rhs_text: str, domain: sp.Set = sp.S.Reals) -> Link:
    """For every x of ``domain``: expr op c, for an explicit expression of x (the difference of two sides)."""
    act = claim_term(expr)
    return bound_on((act, 0, expr), op, c, lhs_text, rhs_text, domain)


def bound_on(term: tuple[Activation, int, sp.Expr], op: str, c: sp.Expr, lhs_text: str, rhs_text: str, domain: sp.Set = sp.S.Reals) -> Link:
    """For every x of ``domain``: f^(k)(x) op c (``term`` = (activation, k, expression)): a counterexample search, then the prover."""
    act, order, expr = term
    fn = evaluator(expr, [X])
    with mpmath.workdps(DIGITS):
        c_approx = mpmath.mpf(str(sp.N(c, DIGITS)))  # the 50-digit filter only; decisions are exact
    hit = search(fn, bound_ok(expr, op, c, c_approx), [bp.at for bp in act.pieces.breakpoints] if not act.free_params else [], domain)
    if hit is not None:
        p, v = hit
        shown = value_text(expr, p, v)
        return Link("refuted", "evaluation", f"at x = {p}: {lhs_text} = {shown}, which is not {op} {rhs_text}",
                     {"x": str(p), "lhs": shown, "rhs": str(c) if c.is_Rational else number_text(c)})
    from .. import prove  # imported on first use: ``import symact`` stays light

    try:
        claim = prove.check_bound(act, order, op, c)
    except (budget.Timeout, SymactError, NotImplementedError) as exc:
        return Link("unknown", "prover", f"the prover could not decide the bound: {exc}")
    return from_prover(claim, f"for all x: {lhs_text} {op} {rhs_text}", expr, domain)


def value_text(expr: sp.Expr, p: Any, approx: Any) -> str | None:
    """The value of ``expr`` at the point ``p`` for a reason or a counterexample: the exact
    value there, correctly rounded by ball arithmetic (symact.render.decimal_text), so that a
    value that cancels far below the working precision (e^x - 1 - (1 + 1e-30) x at x =
    log(1 + 1e-30), -5e-61) is not shown as the 50-digit evaluation's noise; when the exact
    value has no ball evaluation, ``approx`` (or None), never a float decision."""
    from ..render import decimal_text

    if isinstance(p, sp.Basic) and p.is_number:
        exact = expr.xreplace({X: p})
        if isinstance(exact, sp.Basic) and exact.is_number and not exact.has(sp.Piecewise):
            try:
                return decimal_text(exact, 17)
            except (ValueError, ArithmeticError, TypeError):
                pass
    return number_text(approx) if approx is not None else None


def from_prover(claim: Any, what: str, expr: sp.Expr | None = None, domain: sp.Set = sp.S.Reals) -> Link:
    """A link from the prover's claim: proved with its certificate, refuted with a point, else unknown."""
    status = getattr(claim, "status", "unknown")
    method = f"prover: {getattr(claim, 'method', '') or getattr(claim, 'property', '')}".rstrip(": ")
    cert = jsonable(getattr(claim, "certificate", None))
    if status == "proved":
        notes = [] if domain == sp.S.Reals else [f"proved for every real x, in particular for x in {set_text(domain)}"]
        return Link("proved", method, f"{what}: proved by the prover (certificate checked)", None, notes, cert)
    if status == "refuted":
        ce = getattr(claim, "counterexample", None) or {}
        out = None
        px = ce.get("x") if isinstance(ce, dict) else None
        if px is not None and expr is not None:
            try:
                p = px if isinstance(px, sp.Basic) else sp.Rational(str(px))
                shown: str | None = value_text(expr, p, None)
            except (TypeError, ValueError):
                p, shown = px, None
            if domain != sp.S.Reals and (not isinstance(p, sp.Basic) or contains(domain, cast("sp.Expr", p)) is not True):
                return Link("unknown", method, f"{what}: false somewhere on the real line (x = {px}), not decided on {set_text(domain)}")
            bound = ce.get("bound")
            out = {"x": str(px), "lhs": shown, "rhs": number_text(bound) if isinstance(bound, sp.Basic) else None}
        elif domain != sp.S.Reals:
            return Link("unknown", method, f"{what}: false somewhere on the real line, not decided on {set_text(domain)}")
        return Link("refuted", method, f"{what}: refuted by the prover", out, certificate=cert)
    return Link("unknown", method, f"{what}: the prover could not decide ({getattr(claim, 'reason', '') or 'no reason given'})")


def jsonable(c: Any) -> Any:
    """A certificate as JSON data."""
    if c is None:
        return None
    if hasattr(c, "to_json"):
        try:
            return c.to_json()
        except Exception:  # noqa: BLE001
            return str(c)
    if isinstance(c, (str, int, float, bool)):
        return c
    if isinstance(c, dict):
        return {str(k): jsonable(v) for k, v in c.items()}
    if isinstance(c, (list, tuple)):
        return [jsonable(v) for v in c]
    return str(c)


def range_of(act: Activation, order: int) -> tuple[sp.Set | None, Link | None]:
    """The certified range of f^(k) from the prover, or None and the link saying why not."""
    from .. import prove  # imported on first use: ``import symact`` stays light

    try:
        claim = prove.value_range(act, order)
    except (budget.Timeout, SymactError, NotImplementedError) as exc:
        return None, Link("unknown", "prover", f"the prover could not find the range: {exc}")
    if getattr(claim, "status", None) != "proved" or not isinstance(getattr(claim, "value", None), sp.Set):
        return None, Link("unknown", "prover", f"the range of {act.name}{ticks(order)} is not certified ({getattr(claim, 'status', 'unknown')})")
    return claim.value, Link("proved", "prover: range", "", certificate=jsonable(getattr(claim, "certificate", None)))


def membership(e: sp.Expr, S: sp.Set, ctx: Context, lhs_text: str, rhs_text: str) -> Link:
    """For every x: e(x) in S, for a term that is not a product at independent points."""
    r0 = ctx.resolve(e)
    if not r0.free_symbols:
        inside = contains(S, r0)
        if inside is True:
            return Link("proved", "exact arithmetic", f"{r0} lies in {set_text(S)}", certificate={"kind": "exact"})
        if inside is False:
            return Link("refuted", "exact arithmetic", f"{r0} does not lie in {set_text(S)}", {"x": None, "lhs": str(r0), "rhs": str(S)})
        return Link("unknown", "exact arithmetic", f"cannot decide whether {r0} lies in {set_text(S)}")
    term = term_function(e, ctx)
    if term is None:
        raise Unsupported("a range claim about a term that is not a function of x alone")
    act, order, expr = term
    fn = evaluator(expr, [X])
    hit = search(fn, member_ok(expr, S), [bp.at for bp in act.pieces.breakpoints] if not act.free_params else [], ctx.domain)
    if hit is not None:
        p, v = hit
        return Link("refuted", "evaluation", f"at x = {p}: {lhs_text} = {number_text(v)}, which is not in {rhs_text}",
                     {"x": str(p), "lhs": number_text(v), "rhs": str(S)})
    R, bad = range_of(act, order)
    if R is None:
        return bad  # type: ignore[return-value]
    sub = subset(R, S)
    if sub is True:
        notes = [] if R == S else [f"the exact range is {set_text(R)}, a proper subset of {set_text(S)}"]
        if ctx.domain != sp.S.Reals:
            notes.append(f"proved for every real x, in particular for x in {set_text(ctx.domain)}")
        return Link("proved", "prover: range", f"the certified range of {lhs_text} is {set_text(R)}, contained in {set_text(S)}", None, notes, bad.certificate)  # type: ignore[union-attr]
    if sub is False:
        ce = outside_point(expr, R, S, fn, ctx.domain)
        if ce is None and ctx.domain != sp.S.Reals:
            return Link("unknown", "prover: range", f"the range of {lhs_text} over all reals is {set_text(R)}, not contained in {set_text(S)}; not decided on {set_text(ctx.domain)}")
        return Link("refuted", "prover: range",
                     f"the certified range of {lhs_text} is {set_text(R)}, which is not contained in {set_text(S)}"
                     + ("" if ce else " (no explicit point was found)"), ce, certificate=bad.certificate)  # type: ignore[union-attr]
    return Link("unknown", "prover: range", f"cannot decide whether the range {set_text(R)} lies in {set_text(S)}")


def in_set_numeric(v: Any, S: sp.Set) -> bool | None:
    """Membership of a 50-digit value with a margin; None near an end point."""
    if isinstance(S, sp.Union):
        res = [in_set_numeric(v, a) for a in S.args]
        return True if any(r is True for r in res) else (None if any(r is None for r in res) else False)
    if S == sp.S.Reals:
        return True
    if isinstance(S, sp.FiniteSet):
        vals = [mpmath.mpf(str(sp.N(a, DIGITS))) for a in S.args]
        if any(abs(v - a) <= TOLERANCE * max(1, abs(a)) for a in vals):
            return None
        return False
    if isinstance(S, sp.Interval):
        lo = -mpmath.inf if S.start == -sp.oo else mpmath.mpf(str(sp.N(S.start, DIGITS)))
        hi = mpmath.inf if S.end == sp.oo else mpmath.mpf(str(sp.N(S.end, DIGITS)))
        near: Callable[[Any], bool] = lambda a: a not in (mpmath.inf, -mpmath.inf) and abs(v - a) <= TOLERANCE * max(1, abs(a))  # noqa: E731
        if near(lo) or near(hi):
            return None
        return bool(lo < v < hi)
    return None


def outside_point(expr: sp.Expr, R: sp.Set, S: sp.Set, fn: Any, domain: sp.Set = sp.S.Reals) -> dict[str, Any] | None:
    """A point x with expr(x) in R \\ S: the end points of R that S misses, where attained."""
    missing = sp.Complement(R, S)
    cands: list[sp.Expr] = []
    if isinstance(missing, sp.FiniteSet):
        cands = list(cast("tuple[sp.Expr, ...]", missing.args))
    for comp in (missing.args if isinstance(missing, sp.Union) else [missing]):
        if isinstance(comp, sp.FiniteSet):
            cands += list(cast("tuple[sp.Expr, ...]", comp.args))
        elif isinstance(comp, sp.Interval):
            cands += [e for e in (comp.start, comp.end) if e.is_finite and comp.contains(e) is sp.true]
            if comp.start.is_finite and comp.end.is_finite:
                cands.append((comp.start + comp.end) / 2)
    for target in cands:
        try:
            sols = budget.run(sp.solve, expr - target, X, seconds=step_seconds(), what="solving f(x) = end point")
        except (budget.Timeout, Exception):  # noqa: BLE001 - no explicit point
            continue
        for s in sols if isinstance(sols, list) else []:
            if isinstance(s, sp.Expr) and s.is_real and (domain == sp.S.Reals or contains(domain, s) is True):
                v = evaluate_at(fn, s)
                if v is not None and in_set_numeric(v, S) is not True:
                    ex = exact_at(expr, s)  # a counterexample is confirmed exactly before it is reported
                    if ex is not None and contains(S, ex) is False:
                        return {"x": str(s), "lhs": str(ex), "rhs": str(S)}
    return None
