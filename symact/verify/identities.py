"""Identities ``A = B`` between functions of x, piece by piece between breakpoints, and
between constants (with or without parameters)."""

from __future__ import annotations

from typing import Any, Iterable, Sequence, cast

import mpmath
import sympy as sp

from .. import budget, rigorous
from ..errors import DefinitionError
from ..sampling import sample_points
from ..spec import x as X
from .context import Context, DIGITS, Link, NICE_POINTS, Unsupported, number_text, set_text, step_seconds
from .exact import contains, differ, evaluate_at, evaluator, parameter_samples, relation_holds, sign


def piecewise_form(e: sp.Expr) -> sp.Expr:
    """e with Abs, Max, Min, Heaviside and sign written as Piecewise."""
    if e.has(sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign):
        e = e.rewrite(sp.Piecewise)
    return e


def breakpoints(e: sp.Expr) -> set[sp.Expr]:
    """The finite real points where a Piecewise condition of e can change."""
    from ..pieces import boundaries

    out: set[sp.Expr] = set()
    for pw in piecewise_form(e).atoms(sp.Piecewise):
        for _, cond in cast("tuple[tuple[sp.Expr, sp.Basic], ...]", pw.args):
            try:
                out |= boundaries(cond)
            except DefinitionError as exc:
                raise Unsupported(str(exc)) from None
    pts = set()
    for p in out:
        if p.free_symbols:
            raise Unsupported(f"a breakpoint at x = {p} depends on parameters")
        if p.is_real and p.is_finite:
            pts.add(p)
    return pts


class NoBranch(Exception):
    """No branch of a Piecewise holds at the point (the expression is undefined there)."""

    pass


def branch_at(e: sp.Expr, point: sp.Expr) -> sp.Expr:
    """e with every Piecewise replaced by the branch that holds at x = point."""

    from ..pieces import decide_at

    def pick(pw: sp.Piecewise) -> sp.Expr:
        for v, c in cast("tuple[tuple[sp.Expr, sp.Basic], ...]", pw.args):
            t = decide_at(c, point)  # each relation decided on Arb balls, never at 15 digits
            if t is True:
                return v
            if t is None:
                raise Unsupported(f"cannot decide the condition {c} at x = {point}")
        raise NoBranch()

    return cast("sp.Expr", piecewise_form(e).replace(lambda a: isinstance(a, sp.Piecewise), pick))


def exact_value_at(e: sp.Expr, point: sp.Expr) -> sp.Expr | None:
    """e at x = point, exactly (None where undefined)."""
    try:
        b = branch_at(e, point)
    except NoBranch:
        return None
    v = b.xreplace({X: point})  # exact; not simplified (simplify is not trusted with constants)
    if v.has(sp.nan, sp.zoo) or v.is_finite is False:
        return None
    return cast("sp.Expr | None", v)


def exact_equal(a: sp.Expr, b: sp.Expr) -> bool | None:
    """a == b for exact numbers: True by an exact zero test, False when Arb balls of a - b
    exclude 0, None if undecided (never simplify, which can return 0 for a non-zero constant)."""
    d = a - b
    if d == 0:
        return True
    if d.is_Rational:
        return False
    if not d.free_symbols:
        sg = sign(d)
        return None if sg is None else sg == 0
    try:
        return True if budget.run(lambda: rigorous.exact_zero(d), seconds=step_seconds(), what="comparing two values") else None
    except budget.Timeout:
        return None


def interval_points(lo: sp.Expr, hi: sp.Expr, n: int = 24) -> list[sp.Expr]:
    """Sample points of the open interval (lo, hi): nice points, fractions of the interval, a seeded grid."""
    nice = [p for p in NICE_POINTS if (lo == -sp.oo or p > lo) and (hi == sp.oo or p < hi)]
    if lo != -sp.oo and hi != sp.oo:
        nice += [lo + (hi - lo) * sp.Rational(k, 7) for k in (1, 3, 5, 6)]
    elif lo != -sp.oo:
        nice += [lo + sp.Rational(1, 3), lo + 1, lo + 7]
    elif hi != sp.oo:
        nice += [hi - sp.Rational(1, 3), hi - 1, hi - 7]
    flo = -30.0 if lo == -sp.oo else float(lo)
    fhi = 30.0 if hi == sp.oo else float(hi)
    flo, fhi = max(flo, -30.0), min(fhi, 30.0)
    extra: list[sp.Expr] = []
    if fhi > flo:
        span = fhi - flo
        for p in sample_points(n, flo, fhi, seed=11, gap=0):
            if flo + 1e-6 * span < p < fhi - 1e-6 * span:
                extra.append(sp.Rational(mpmath.nstr(p, 12)))
    seen = []
    for p in nice + extra:
        if p not in seen:
            seen.append(p)
    return seen


def sorted_points(points: Iterable[sp.Expr]) -> list[sp.Expr]:
    """Exact points in increasing order, compared on Arb balls; points shown equal are one."""
    import functools

    def cmp(a: sp.Expr, b: sp.Expr) -> int:
        c = rigorous.compare(a, b)
        if c is None:
            raise Unsupported(f"cannot order the breakpoints {a} and {b}")
        return c

    out: list[sp.Expr] = []
    for p in sorted(points, key=functools.cmp_to_key(cmp)):
        if not out or cmp(out[-1], p) != 0:
            out.append(p)
    return out


def confirmed_differ(a: sp.Expr, b: sp.Expr, p: sp.Expr, ps: dict[sp.Symbol, Any]) -> bool:
    """A difference seen at 50 digits, confirmed exactly: a(p) - b(p) has a sign on Arb
    balls (or exactly one side is undefined there)."""
    env = {X: p, **ps}
    va, vb = a.xreplace(env), b.xreplace(env)
    bad = [v.has(sp.nan, sp.zoo) or v.is_finite is False for v in (va, vb)]
    if bad[0] or bad[1]:
        return bad[0] != bad[1]
    return sign(va - vb) in (1, -1)


def exact_identity(d: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    """d(x) == 0 on (lo, hi), shown by exact algebra (:func:`symact.rigorous.exact_zero`),
    also after writing x = lo + t or hi - t with t > 0 (so that |x - lo| = x - lo there).
    SymPy's simplify alone is not trusted to prove an identity."""
    if d == 0:
        return True
    forms = [d]
    if lo != -sp.oo or hi != sp.oo:
        t = sp.Dummy("t", positive=True)
        forms.append(d.xreplace({X: lo + t if lo != -sp.oo else hi - t}))
    for form in forms:
        try:
            if budget.run(lambda: rigorous.exact_zero(form, seconds=step_seconds()), seconds=2 * step_seconds(), what="an exact zero test"):
                return True
        except budget.Timeout:
            continue
    return False


def identity(A: sp.Expr, B: sp.Expr, ctx: Context, names: tuple[str, str]) -> Link:
    """A(x) = B(x) for every real x (and every parameter value)."""
    params: list[sp.Symbol] = sorted(cast("set[sp.Symbol]", (A.free_symbols | B.free_symbols) - {X}), key=lambda s: s.name)
    if X not in A.free_symbols | B.free_symbols:
        return constants(A, B, params)
    dom = ctx.domain
    dom_points: set[sp.Expr] = {p for p in cast("tuple[sp.Expr, ...]", dom.boundary.args if isinstance(dom.boundary, sp.FiniteSet) else ()) if p.is_finite} if dom != sp.S.Reals else set()
    bps = sorted_points(breakpoints(A) | breakpoints(B) | dom_points)
    edges = [-sp.oo, *bps, sp.oo]
    samples = parameter_samples(params)
    variables = [X, *params]
    pieces_cert = []
    unknown_reasons = []
    notes: list[str] = []
    from ..pieces import interior_point

    for lo, hi in zip(edges, edges[1:]):
        mid = interior_point(lo, hi)
        if dom != sp.S.Reals and contains(dom, mid) is not True:
            continue  # outside the claim's domain
        try:
            a = branch_at(A, mid)
            b = branch_at(B, mid)
        except NoBranch:
            side = "left" if defined_at(A, mid) is False else "right"
            return Link("refuted", "piecewise comparison", f"the {side} side is not defined on the interval ({lo}, {hi})",
                         {"x": str(mid), "lhs": "undefined" if side == "left" else "defined", "rhs": "undefined" if side == "right" else "defined"})
        fa, fb = evaluator(a, variables), evaluator(b, variables)
        only_one_defined = None  # a point where one side is undefined: shown only if no point where both are defined differs
        for ps in samples:
            pv = [ps[s] for s in params]
            for p in interval_points(lo, hi):
                va, vb = evaluate_at(fa, p, *pv), evaluate_at(fb, p, *pv)
                if va is None and vb is None:
                    continue
                if differ(va, vb) and confirmed_differ(a, b, p, ps):
                    ce: dict[str, Any] = {"x": str(p), "lhs": number_text(va) if va is not None else "undefined", "rhs": number_text(vb) if vb is not None else "undefined"}
                    if params:
                        ce["params"] = {s.name: str(v) for s, v in ps.items()}
                    link = Link("refuted", "evaluation at 50 digits",
                                 f"the sides differ at x = {p}: {names[0]} = {ce['lhs']}, {names[1]} = {ce['rhs']}", ce)
                    if any(v is None or (isinstance(v, mpmath.mpf) and mpmath.isinf(v)) for v in (va, vb)):
                        only_one_defined = only_one_defined or link
                        continue
                    return link
        if only_one_defined is not None:
            return only_one_defined
        diff = a - b
        ok = exact_identity(diff, lo, hi)
        interval = str(sp.Interval.open(lo, hi))
        pieces_cert.append({"interval": interval, "lhs": str(a), "rhs": str(b), "difference_simplifies_to_zero": ok,
                            "set": sp.Interval.open(lo, hi)})
        if not ok:
            unknown_reasons.append(
                f"on {interval} the sides agree to 25+ digits at every sample point, but SymPy could not "
                f"simplify {names[0]} - {names[1]} to 0 within the time budget"
            )
    points_cert = []
    bps = [p for p in bps if dom == sp.S.Reals or contains(dom, p) is True]
    for p in bps:
        va, vb = exact_value_at(A, p), exact_value_at(B, p)
        entry = {"x": str(p), "lhs": None if va is None else str(va), "rhs": None if vb is None else str(vb)}
        points_cert.append(entry)
        if va is not None and vb is not None:
            eq = exact_equal(va, vb)
            if eq is False:
                return Link("refuted", "exact value at a breakpoint", f"the sides differ at x = {p}: {va} and {vb}",
                             {"x": str(p), "lhs": str(va), "rhs": str(vb)})
            if eq is None:
                unknown_reasons.append(f"at x = {p} the values {va} and {vb} could not be compared exactly")
            continue
        if va is None and vb is None:
            notes.append(f"at x = {p} neither side is defined")
            continue
        undefined_side, defined_value = (0, vb) if va is None else (1, va)
        assert defined_value is not None  # va or vb is defined (both undefined: skipped above)
        expr = A if va is None else B
        left, right = one_sided_values(expr, p, edges)
        what = names[undefined_side]
        conv = ctx.act.kink_convention if ctx.act is not None and ctx.act.kink_convention else ""
        if is_derivative_side(what) and left is not None and right is not None:
            between = is_between(defined_value, left, right)
            if between:
                which = ("the right derivative" if exact_equal(defined_value, right) else "the left derivative"
                         if exact_equal(defined_value, left) else "a value between the one-sided derivatives")
                notes.append(
                    f"at x = {p} the derivative does not exist: the one-sided derivatives are {left} (left) and {right} (right), "
                    f"so the function is not differentiable there; the claim's value {defined_value} at x = {p} "
                    f"({which}) is a convention, not a derivative"
                    + (f"; symact's kernels use PyTorch's convention, {conv}" if conv else "")
                )
                continue
            if between is False:
                return Link("refuted", "one-sided derivatives at a kink",
                             f"at x = {p} the derivative does not exist (one-sided derivatives {left} and {right}) and the claim's value "
                             f"{defined_value} is not even between them",
                             {"x": str(p), "lhs": "undefined" if va is None else str(va), "rhs": "undefined" if vb is None else str(vb)})
        if not is_derivative_side(what):
            # the written expression is not defined at p, the other side is: the claim is false
            # there (as (x^2-1)/(x-1) = x+1 is at x = 1), whatever SymPy's evaluation forgot
            return Link("refuted", "exact value at a breakpoint",
                        f"at x = {p} {what} is not defined, while {names[1 - undefined_side]} has the value {defined_value}",
                        {"x": str(p), "lhs": "undefined" if va is None else str(va), "rhs": "undefined" if vb is None else str(vb)})
        notes.append(f"at x = {p} only one side is defined ({names[1 - undefined_side]} = {defined_value}); the claim is checked for x != {p}")
    shown_sets = [c.pop("set") for c in pieces_cert]
    cert = {"kind": "piecewise identity", "pieces": pieces_cert, "breakpoints": points_cert, "digits": DIGITS}
    if dom != sp.S.Reals:
        cert["domain"] = str(dom)
    if unknown_reasons:
        return Link("unknown", "piecewise identity", "; ".join(unknown_reasons), None, notes, cert)
    skipped = [str(p) for p, e in zip(bps, points_cert) if e["lhs"] is None or e["rhs"] is None]
    if not pieces_cert:
        return Link("unknown", "piecewise identity", f"no interval of the domain {set_text(dom)} to check")
    if not bps and len(pieces_cert) == 1:
        reason = "the difference simplifies to 0 and vanishes at 50 digits on sample points"
    else:
        shown = ", ".join(set_text(S) for S in shown_sets)
        reason = f"on each of {shown} the difference simplifies to 0 and vanishes at 50 digits on sample points"
        agreed = [str(p) for p, e in zip(bps, points_cert) if e["lhs"] is not None and e["rhs"] is not None]
        if agreed:
            reason += f"; the values agree at x = {', '.join(agreed)}"
        if skipped:
            reason += f"; proved for x != {', '.join(skipped)}"
    if dom != sp.S.Reals:
        reason += f" (for x in {set_text(dom)}, the claim's domain)"
    if params:
        reason += f", for every value of {', '.join(p.name for p in params)} (checked at several values)"
    return Link("proved", "symbolic identity", reason, None, notes, cert)


def is_between(v: sp.Expr, a: sp.Expr, b: sp.Expr) -> bool | None:
    """Whether v lies between a and b (inclusive): a convention at a kink may be any value
    between the one-sided derivatives (for a convex or concave kink: the subdifferential)."""
    lo_ok = [relation_holds(v, ">=", a), relation_holds(v, ">=", b)]
    hi_ok = [relation_holds(v, "<=", a), relation_holds(v, "<=", b)]
    if None in lo_ok or None in hi_ok:
        return None
    return (lo_ok[0] and hi_ok[1]) or (lo_ok[1] and hi_ok[0])


def defined_at(e: sp.Expr, point: sp.Expr) -> bool:
    """Whether some branch of every Piecewise of e holds at the point."""
    try:
        branch_at(e, point)
        return True
    except NoBranch:
        return False


def is_derivative_side(name: str) -> bool:
    """Whether a side as written is a derivative (f', \\frac{d}{dx}, ...)."""
    return "'" in name or "\\prime" in name or "^{(" in name or "\\frac{d" in name or "\\partial" in name


def one_sided_values(e: sp.Expr, p: sp.Expr, edges: list[sp.Expr]) -> tuple[sp.Expr | None, sp.Expr | None]:
    """The left and right limits of e at the breakpoint p (None where not found)."""
    from ..pieces import interior_point

    i = edges.index(p)
    out: list[sp.Expr | None] = []
    for lo, hi in ((edges[i - 1], p), (p, edges[i + 1])):
        try:
            br = branch_at(e, interior_point(lo, hi))
            v = br.xreplace({X: p})
            if v.has(sp.nan, sp.zoo) or v.is_finite is False:
                v = budget.run(sp.limit, br, X, p, "-" if hi == p else "+", seconds=step_seconds(), what="a one-sided limit")
            out.append(budget.run(sp.simplify, v, seconds=step_seconds(), what="simplifying a one-sided limit"))
        except (NoBranch, Unsupported, budget.Timeout, Exception):  # noqa: BLE001 - no limit: no convention note
            out.append(None)
    return out[0], out[1]


def constants(A: sp.Expr, B: sp.Expr, params: Sequence[sp.Symbol] = ()) -> Link:
    """A = B between constants (or, with parameters, for every value of them)."""
    if params:
        return identity_with_params(A, B, params)
    eq = exact_equal(A, B)
    if eq:
        return Link("proved", "exact arithmetic", f"both sides equal {A if A.is_Rational else B}" if (A.is_Rational or B.is_Rational) else "the difference simplifies to 0",
                     certificate={"kind": "exact", "difference": "0"})
    if eq is None:
        nonreal = [e for e in (A, B) if e.is_real is False]
        if nonreal:  # e.g. 2*(-1)**(1/3), SymPy's principal (complex) cube root of -8
            return Link("unknown", "exact arithmetic", f"{nonreal[0]} is not a real number (about {sp.N(nonreal[0], 17)}: "
                         "SymPy's principal complex root), so the sides cannot be compared as real numbers")
        return Link("unknown", "exact arithmetic", f"{A} and {B} agree to 2048 bits but could not be shown equal")
    # display only (the verdict was decided on Arb balls): enough correctly rounded digits to see the difference
    digits = next((n for n in (17, 25, 35, 45) if number_text(A, n) != number_text(B, n)), 45)
    ta, tb = number_text(A, digits), number_text(B, digits)
    return Link("refuted", "exact arithmetic", f"{A} = {ta} is not {B} = {tb}", {"x": None, "lhs": ta, "rhs": tb})


def identity_with_params(A: sp.Expr, B: sp.Expr, params: Sequence[sp.Symbol]) -> Link:
    """A = B between constants in parameters: exact algebra, checked at sample values."""
    d = A - B
    try:  # exact algebra only: simplify is not trusted to prove an identity on its own
        z = sp.Integer(0) if budget.run(lambda: rigorous.exact_zero(d, seconds=step_seconds()), seconds=2 * step_seconds(), what="an exact zero test") else d
    except budget.Timeout:
        z = d
    for ps in parameter_samples(params):
        va, vb = sp.N(A.xreplace(ps), DIGITS), sp.N(B.xreplace(ps), DIGITS)
        if va.is_Number and vb.is_Number and abs(va - vb) > sp.Float(10) ** -25 * max(1, abs(va), abs(vb)):
            return Link("refuted", "evaluation at 50 digits", f"the sides differ for {', '.join(f'{k} = {v}' for k, v in ps.items())}",
                         {"x": None, "lhs": str(va), "rhs": str(vb), "params": {k.name: str(v) for k, v in ps.items()}})
    if z == 0:
        return Link("proved", "symbolic identity", "the difference simplifies to 0 for every value of the parameters",
                     certificate={"kind": "identity", "difference": "0"})
    return Link("unknown", "symbolic identity", "the sides agree numerically but the difference could not be simplified to 0")
