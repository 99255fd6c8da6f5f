"""Single questions about one activation: the range of f^(k), a bound "f^(k) op B for all x",
a claimed value of one property (proved, refuted with a counterexample, or unknown)."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import mpmath
import sympy as sp

from .. import budget
from .. import certificate as C
from ..intervals import const_iv, sign_iv
from ..results import Certificate, Claim, ProofStep
from ..spec import Activation
from .base import ex, fk, num_float, show, Unknown
from .prose import fkm, M, rel_m
from .images import line_image, LineImage
from .claims import checked_claim, range_claim, short_rational, unknown
from .engine import prove
from .registry import REGISTRY


def value_range(act: Activation, order: int = 0) -> Claim:
    """The exact range of f^(order) over the reals where it is defined (a SymPy Set),
    proved with a re-verified certificate, or ``unknown`` with the reason."""
    from ..derive import check_order

    check_order(order)
    prop = "range" if order == 0 else f"range_d{order}"
    try:
        with budget.claim_budget(f"the range of {fk(order)}"):
            return checked_claim(range_claim(act, order), act, C.new_session(act))
    except budget.Timeout as exc:
        return unknown(prop, f"time budget: {exc}")


_OPS = ("<", "<=", ">", ">=")


def check_bound(act: Activation, order: int, op: str, bound: Any) -> Claim:
    """Decide "for all real x where f^(order) is defined: f^(order)(x) op bound".

    ``proved`` (certificate: the proved extremum and the comparison), ``refuted`` (with a
    counterexample x, verified by interval arithmetic), or ``unknown``.  A false claim is never
    proved: the claim is only proved through the checked image of f^(order)."""
    from ..derive import check_order
    from ..spec import exact_number

    check_order(order)
    if op not in _OPS:
        from ..errors import UsageError

        raise UsageError(f"op must be one of {', '.join(_OPS)}, got {op!r}")
    params = {p.symbol for p in act.free_params}
    if isinstance(bound, sp.Basic) and (bound.is_infinite or (bound.free_symbols and bound.free_symbols <= params)):
        B = bound  # +-oo, or an expression in the activation's symbolic parameters
    else:
        B = exact_number(bound, "bound")
    prop = f"bound_d{order}" if order else "bound"
    try:
        with budget.claim_budget(f"the bound {fk(order)} {op} {B}"):
            return _check_bound(act, order, op, cast("sp.Expr", B), prop)
    except budget.Timeout as exc:
        return unknown(prop, f"time budget: {exc}")


def _check_bound(act: Activation, order: int, op: str, B: sp.Expr, prop: str) -> Claim:
    text = f"{fk(order)}(x) {op} {B} for all x"
    try:
        line = line_image(act, order)
    except Unknown as exc:
        ce = _search_counterexample(act, order, op, B)
        if ce is not None:
            return ce
        return unknown(prop, f"{text}: {exc}")
    d = line.data
    upper = op in ("<", "<=")
    key = "sup" if upper else "inf"
    ext, att = d[key], d[f"{key}_attained"]
    c = C.compare_nums(ext, ex(B))
    if c is None:
        return unknown(prop, f"{text}: the {key} {show(ext)} cannot be compared with {B}")
    holds = (c == -1 or (c == 0 and (op == "<=" or not att))) if upper else (c == 1 or (c == 0 and (op == ">=" or not att)))
    session = C.new_session(act)
    if holds:
        cert = Certificate("compare", {"line_image": line.cert, "order": order, "op": op, "bound": B},
                           (ProofStep(f"the {key} of ", fkm(order), " is ", show(ext), f" ({'attained' if att else 'not attained'}), so ",
                                      fkm(order, "(x)"), rel_m(op), B, " for all ", M("x"), "."),))
        claim = Claim(prop, B, status="proved", method=f"{key} of {fk(order)}", certificate=cert, reason=f"{key} {fk(order)} = {show(ext)}")
        return checked_claim(claim, act, session)
    ce = _counterexample_near(act, order, op, B, line, key)
    if ce is not None:
        return ce
    return unknown(prop, f"{text} is false (the {key} is {show(ext)}) but no counterexample point was certified")


def _refuted(act: Activation, order: int, op: str, B: sp.Expr, p: sp.Expr, prop: str) -> Claim | None:
    cert = Certificate("counterexample", {"x": p, "order": order, "op": op, "bound": B}, ())
    ok, _ = C.check(cert, act)
    if not ok:
        return None
    v = C.value_of(act, p, order)
    return Claim(prop, B, status="refuted", method="counterexample", certificate=cert,
                 reason=f"at x = {p}: {fk(order)} = {v} = {mpmath.nstr(num_float(ex(cast('sp.Expr', v))), 12)}, which is not {op} {B}",
                 counterexample={"x": p, "value": v, "bound": B})


def _counterexample_near(act: Activation, order: int, op: str, B: sp.Expr, line: LineImage, key: str) -> Claim | None:
    prop = f"bound_d{order}" if order else "bound"
    args = line.argsup if key == "sup" else line.arginf
    cands: list[sp.Expr] = []
    if args is not None:
        for s in ([args] if not isinstance(args, sp.Union) else list(args.args)):
            if isinstance(s, sp.FiniteSet):
                for p in s:
                    if isinstance(p, sp.Float):
                        cands += [short_rational(mpmath.mpf(p._mpf_), dg) for dg in (3, 5, 8, 12, 16)]
                    else:
                        cands.append(p)
            elif isinstance(s, sp.Interval):
                cands.append(_interior_point(s.start, s.end))
            elif isinstance(s, sp.ImageSet):
                cands.append(s.lamda(0))
    # approach: the extremum is a limit at an end or a breakpoint; walk towards it
    for img in line.images:
        d = img.data
        for end in (d["lo"], d["hi"]):
            if end.is_infinite:
                cands += [sp.Integer(10) ** e * (1 if end is sp.oo else -1) for e in range(0, 7)]
            else:
                cands += [end + sp.Rational(1, 2) ** e * (1 if end == d["lo"] else -1) for e in range(1, 40, 3)]
    for p in cands:
        r = _refuted(act, order, op, B, p, prop)
        if r is not None:
            return r
    return _search_counterexample(act, order, op, B)


def _interior_point(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    return C.interior_point(a, b)


def _search_counterexample(act: Activation, order: int, op: str, B: sp.Expr) -> Claim | None:
    prop = f"bound_d{order}" if order else "bound"
    if act.free_params:
        return None
    pts = [sp.Rational(n, 8) for n in range(-160, 161)] + [sp.Integer(10) ** e * s for e in range(2, 6) for s in (1, -1)]
    for p in pts:
        try:
            v = C.value_of(act, p, order)
            if v is None:
                continue
            sg = sign_iv(const_iv(v - B))
        except Exception:  # noqa: BLE001
            continue
        bad = {"<": sg == 1, "<=": sg == 1, ">": sg == -1, ">=": sg == -1}[op]
        if bad:
            r = _refuted(act, order, op, B, p, prop)
            if r is not None:
                return r
    return None


def check_claim(act: Activation, prop: str, claimed: Any) -> Claim:
    """Decide a claimed value of one property (e.g. ``('sup_derivative', 1/3)``,
    ``('range', Interval(-1, 1))``, ``('monotonic', 'increasing')``, ``('differentiable',
    'everywhere')``): ``proved`` if it is what the prover establishes, ``refuted`` if the
    proved value differs (with a counterexample where one exists), ``unknown`` otherwise."""
    if prop not in REGISTRY:
        from ..errors import UsageError

        raise UsageError(f"unknown property {prop!r}; known: {', '.join(REGISTRY)}")
    truth = prove(act, (prop,)).claims[0]
    if truth.status != "proved":
        return cast("Claim", dataclasses.replace(truth, value=claimed, reason=f"cannot decide: {truth.reason}"))
    same = _same_value(truth, claimed)
    if same is None:
        return cast("Claim", dataclasses.replace(truth, value=claimed, status="unknown", counterexample=None,
                                   reason=f"the proved value is {truth.value}; cannot compare it with {claimed}"))
    if same:
        return cast("Claim", dataclasses.replace(truth, value=claimed))
    ce = _counterexample_for(act, prop, truth, claimed)
    return cast("Claim", dataclasses.replace(truth, value=claimed, status="refuted", counterexample=ce,
                               reason=f"false: the proved value is {truth.value}" + (f" ({truth.reason})" if truth.reason else "")))


def _same_value(truth: Claim, claimed: Any) -> bool | None:
    tv = truth.value
    if isinstance(tv, str) or isinstance(claimed, str):
        if isinstance(claimed, str) and isinstance(tv, str):
            return claimed.strip().lower() == tv.strip().lower()
        return False
    if isinstance(tv, sp.Set):
        if not isinstance(claimed, sp.Set):
            return False
        if truth.enclosure is not None:
            return None
        return C.sets_equal(tv, claimed)
    try:
        from ..spec import exact_number

        cv = claimed if isinstance(claimed, sp.Basic) and claimed.is_infinite else exact_number(claimed, "claimed value")
    except Exception:  # noqa: BLE001
        return None
    if truth.enclosure is not None:
        lo, hi = truth.enclosure
        c1 = C.compare_nums(ex(cast("sp.Expr", cv)), ex(lo))
        c2 = C.compare_nums(ex(cast("sp.Expr", cv)), ex(hi))
        if c1 == -1 or c2 == 1:
            return False
        return None
    c = C.compare_nums(ex(tv), ex(cast("sp.Expr", cv)))
    if c is None:
        return None
    return c == 0


def _counterexample_for(act: Activation, prop: str, truth: Claim, claimed: Any) -> dict[str, Any] | None:
    if prop == "differentiable" and truth.at is not None:
        cert = truth.certificate
        bpc = cert.data.get("breakpoints") if cert else None
        for e in bpc.data["breakpoints"] if isinstance(bpc, Certificate) else []:
            if e["order"] is not None and e["order"] < 1:
                if e["order"] < 0:
                    return {"x": e["at"], "left": e["left"][0], "right": e["right"][0], "note": "f jumps here"}
                return {"x": e["at"], "left": e["left"][1], "right": e["right"][1], "note": "one-sided derivatives differ"}
    if prop == "monotonic" and truth.certificate is not None:
        w = truth.certificate.data.get("witness")
        if w:
            xs = w["x"]
            return {"x": xs, "values": [C.value_of(act, p) for p in xs], "note": "f goes up and down"}
    if prop in ("max", "sup_derivative", "min", "inf_derivative") and truth.at is not None:
        at = truth.at
        if isinstance(at, sp.FiniteSet) and len(at) == 1:
            at = next(iter(at))
        return {"x": at, "value": truth.value, "note": f"the proved extremum is {truth.value}"}
    if prop == "range" and isinstance(claimed, sp.Set) and isinstance(truth.value, sp.Set):
        extra = sp.Complement(claimed, truth.value)
        missing = sp.Complement(truth.value, claimed)
        return {"x": None, "claimed_but_not_taken": extra, "taken_but_not_claimed": missing}
    return None
