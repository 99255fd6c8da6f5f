"""Products of derivatives at independent points (``\\frac{\\partial S}{\\partial a_3} \\cdots``):
the exact range of the product from each factor's certified range."""

from __future__ import annotations

from typing import Any, cast

import mpmath
import sympy as sp

from ..spec import x as X
from .context import Context, DIGITS, Link, NICE_POINTS, number_text, set_text, ticks
from .exact import contains, evaluate_at, evaluator, sign, subset
from .bounds import bound_ok, member_ok, range_of, search


def independent_product(e: sp.Expr, ctx: Context) -> tuple[sp.Expr, list[Any]] | None:
    """``e`` as a constant times f^(k_i)(v_i) at independent points (see
    :meth:`Context.product`), unless it is just f^(k)(x) itself; else None."""
    prod = ctx.product(e)
    if prod is not None and not (len(prod[1]) == 1 and prod[1][0][2] == X and prod[0] == 1):
        return prod
    return None


def set_product(A: sp.Set, B: sp.Set) -> sp.Set | None:
    """{a b : a in A, b in B} for unions of bounded intervals and points (exact ends)."""
    def parts(S: sp.Set) -> list[tuple[sp.Expr, sp.Expr, bool, bool]] | None:
        comps = S.args if isinstance(S, sp.Union) else (S,)
        out: list[tuple[sp.Expr, sp.Expr, bool, bool]] = []
        for c in comps:
            if isinstance(c, sp.FiniteSet):
                out += [(p, p, True, True) for p in cast("tuple[sp.Expr, ...]", c.args)]
            elif isinstance(c, sp.Interval):
                if not (c.start.is_finite and c.end.is_finite):
                    return None
                out.append((c.start, c.end, not c.left_open, not c.right_open))
            else:
                return None
        return out

    pa, pb = parts(A), parts(B)
    if pa is None or pb is None:
        return None
    result: list[sp.Set] = []
    for a0, a1, ca0, ca1 in pa:
        for b0, b1, cb0, cb1 in pb:
            corners = []
            for av, ac in ((a0, ca0), (a1, ca1)):
                for bv, bc in ((b0, cb0), (b1, cb1)):
                    attained = (ac and bc) or (av == 0 and ac) or (bv == 0 and bc)
                    corners.append((sp.nsimplify(av * bv) if (av * bv).is_Float else av * bv, attained))
            lo = min(c[0] for c in corners)
            hi = max(c[0] for c in corners)
            lo_att = any(c[1] for c in corners if c[0] == lo)
            hi_att = any(c[1] for c in corners if c[0] == hi)
            result.append(sp.FiniteSet(lo) if lo == hi else sp.Interval(lo, hi, not lo_att, not hi_att))
    return sp.Union(*result)


def product_search(prod: tuple[sp.Expr, list[Any]], rel: tuple[Any, ...], ctx: Context) -> Link | None:
    """A counterexample with every factor at the same point (one activation and order)."""
    coeff, factors = prod
    if len({(a.name, k) for a, k, _ in factors}) != 1:
        return None
    act, k, _ = factors[0]
    n = len(factors)
    single = ctx.value(act, k, X)
    expr = coeff * single**n
    fn = evaluator(expr, [X])
    if rel[0] == "in":
        ok = member_ok(expr, rel[1])
        target = str(rel[1])
    else:
        _, op, c = rel
        ok = bound_ok(expr, op, c, mpmath.mpf(str(sp.N(c, DIGITS))))
        target = f"{op} {c}"
    hit = search(fn, ok, [bp.at for bp in act.pieces.breakpoints] if not act.free_params else [])
    if hit is None:
        return None
    p, v = hit
    at = {str(var): str(p) for _, _, var in factors}
    return Link("refuted", "evaluation", f"with every factor at {p}: the product is {number_text(v)}, which is not {target}",
                 {"x": None, "at": at, "lhs": number_text(v), "rhs": str(rel[1]) if rel[0] == "in" else str(rel[2])})


def product_relation(prod: tuple[sp.Expr, list[Any]], rel: tuple[Any, ...], ctx: Context) -> Link:
    """A bound or range claim about a product at independent points, from the factors' certified ranges."""
    coeff, factors = prod
    found = product_search(prod, rel, ctx)
    if found is not None:
        return found
    ranges: dict[tuple[str, int], sp.Set] = {}
    certs = []
    for act, k, _ in factors:
        key = (act.name, k)
        if key not in ranges:
            R, link = range_of(act, k)
            if R is None:
                return link  # type: ignore[return-value]
            ranges[key] = R
            certs.append({"factor": f"{act.name}{ticks(k)}", "range": str(R), "certificate": link.certificate})  # type: ignore[union-attr]
    total: sp.Set = sp.FiniteSet(coeff)
    for act, k, _ in factors:
        nxt = set_product(total, ranges[(act.name, k)])
        if nxt is None:
            return Link("unknown", "product of ranges", "the range of a factor is unbounded or not an interval")
        total = nxt
    n = len(factors)
    desc = ", ".join(sorted({f"{a.name}{ticks(k)} in {set_text(ranges[(a.name, k)])}" for a, k, _ in factors}))
    base = f"a product of {n} factors at independent points ({desc}) has the exact range {set_text(total)}"
    cert = {"kind": "product of certified ranges", "factors": certs, "range": str(total), "count": n}
    if rel[0] == "in":
        S = rel[1]
        sub = subset(total, S)
        if sub is True:
            return Link("proved", "product of certified ranges", f"{base}, contained in {set_text(S)}", certificate=cert)
        if sub is False:
            return Link("refuted", "product of certified ranges", f"{base}, not contained in {set_text(S)}",
                         product_point(factors, total, S, ctx), certificate=cert)
        return Link("unknown", "product of certified ranges", f"{base}; cannot decide containment in {set_text(S)}")
    _, op, c = rel
    holds = set_satisfies(total, op, c)
    if holds is True:
        return Link("proved", "product of certified ranges", f"{base}, so the product is {op} {c}", certificate=cert)
    if holds is False:
        return Link("refuted", "product of certified ranges", f"{base}, so the product is not always {op} {c}",
                     product_point(factors, total, ("bound", op, c), ctx), certificate=cert)
    return Link("unknown", "product of certified ranges", f"{base}; cannot compare it with {c}")


def set_satisfies(R: sp.Set, op: str, c: sp.Expr) -> bool | None:
    """Whether every element of R satisfies (element op c)."""
    end = R.sup if op in ("<", "<=") else R.inf
    sg = sign(end - c)
    if sg is None:
        return None
    attained = contains(R, end)
    if op in ("<", "<="):
        if sg < 0:
            return True
        if sg > 0:
            return False
        return op == "<=" or attained is False
    if sg > 0:
        return True
    if sg < 0:
        return False
    return op == ">=" or attained is False


def product_point(factors: list[Any], total: sp.Set, rel: Any, ctx: Context) -> dict[str, Any] | None:
    """All factors at the point where one factor is largest (or smallest) in absolute value."""
    acts = {(a.name, k): (a, k) for a, k, _ in factors}
    if len(acts) != 1:
        return None
    (act, k), = acts.values()
    fn = evaluator(ctx.value(act, k, X), [X])
    best = None
    for p in NICE_POINTS + [sp.Rational(j, 10) for j in range(-100, 101)]:
        v = evaluate_at(fn, p)
        if v is None:
            continue
        want_max = isinstance(rel, tuple) and rel[1] in ("<", "<=")
        score = v if want_max else -v
        if isinstance(rel, sp.Set):
            score = abs(v)
        if best is None or score > best[0]:
            best = (score, p, v)
    if best is None:
        return None
    _, p, v = best
    prod = v ** len(factors)
    at = {str(var): str(p) for _, _, var in factors}
    return {"x": None, "at": at, "lhs": number_text(prod), "rhs": str(rel[2]) if isinstance(rel, tuple) else str(rel)}
