"""The claims about one activation, checked against each other before they are reported.

Each claim is proved and re-checked on its own; this module checks that the proved claims
agree with one another, as the mathematics says they must:

* **range and limits**: each limit at +-oo lies in the closure of the range (+-oo: the range
  is unbounded on that side);
* **max/min and range**: max f = sup of the range, attained iff the range contains it (a
  closed end or an isolated point); likewise min; min <= f(0) <= max;
* **f(0) and range**: f(0) is in the range;
* **limits and max/min**: min <= limit <= max;
* **monotonicity**: increasing or non-decreasing => inf f' >= 0, lim_-oo <= f(0) <= lim_oo
  (strict for increasing), max = lim_oo and min = lim_-oo, and (increasing) neither is
  attained; the mirror statements for decreasing; a *continuous* function that is not
  monotonic has sup f' > 0 > inf f';
* **Lipschitz**: a discontinuous f has Lipschitz constant oo; a continuous one has
  L = max(|sup f'|, |inf f'|);
* **zero-centred**: "yes" => f(0) = 0 and the range has values of both signs; "no" with
  f(0) = 0 => the range lies on one side of 0;
* **continuity and differentiability**: C^1 or better => differentiable everywhere;
  discontinuous at P => not differentiable at P;
* **symmetry**: odd => f(0) = 0, max = -min, lim_-oo = -lim_oo; even => lim_-oo = lim_oo,
  sup f' = -inf f', not strictly monotonic; point-symmetric about (0, c) => f(0) = c,
  max + min = 2c, lim_-oo + lim_oo = 2c; in every case one limit exists iff the other does.

A contradiction between *proved* claims is a bug in symact: every claim involved becomes
``unknown`` with the reason ``inconsistent with <other claim>: <details>``, so a false
``proved`` that slipped past its own checker does not reach the user when another claim
contradicts it.  A relation is reported broken only when that is *certain*: numbers are
compared by :func:`symact.intervals.sign_of_constant` (rigorous interval arithmetic at
increasing precision) on exact values, or on the rational ends of an enclosure; a
comparison it cannot decide (a tie, a parameter kept symbolic, its time budget) is no
evidence of a contradiction.  Each decision runs under a small time budget.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable, Iterable, Sequence, cast

import sympy as sp

from . import budget
from .intervals import sign_of_constant

__all__ = ["Inconsistency", "find_inconsistencies", "reconcile"]

_OO, _NOO = sp.oo, sp.S.NegativeInfinity
_INCREASING = ("increasing", "non-decreasing")
_DECREASING = ("decreasing", "non-increasing")


@dataclasses.dataclass(frozen=True)
class Inconsistency:
    """Proved claims (their property names) that cannot all be true, and why."""

    properties: tuple[str, ...]
    details: str


# ---------------------------------------------------------------------------------------
# numbers: an exact value is (v, v); an enclosure is (lo, hi) with exact rational ends
_Num = tuple[sp.Expr, sp.Expr]  # (lo, hi) of SymPy numbers, +-oo allowed


def _decision_seconds() -> float:
    return budget.default_seconds() / 10


def _sign(e: sp.Expr) -> int | None:
    """The certain sign of a constant, or None (undecided, symbolic, out of time)."""
    if e is sp.S.Zero:
        return 0
    if e.free_symbols:
        return None
    try:
        return budget.run(sign_of_constant, e, seconds=_decision_seconds(), what="comparing two claims")
    except budget.Timeout:
        return None
    except Exception:  # noqa: BLE001 - not a real constant, a domain error: undecided
        return None


def _below(x: sp.Expr, y: sp.Expr, strict: bool) -> bool:
    """x < y (``strict``) or x <= y, certainly (extended reals, exact values)."""
    if x == y:
        return not strict
    if x is _NOO or y is _OO:
        return True
    if x is _OO or y is _NOO:
        return False
    return _sign(y - x) in ((1,) if strict else (0, 1))


def _lt(x: sp.Expr, y: sp.Expr) -> bool:
    """x < y certainly."""
    return _below(x, y, strict=True)


def _le(x: sp.Expr, y: sp.Expr) -> bool:
    """x <= y certainly."""
    return _below(x, y, strict=False)


def _eq(x: sp.Expr, y: sp.Expr) -> bool:
    """x = y certainly (identical, or the difference is exactly 0)."""
    if x == y:
        return True
    if x.is_infinite or y.is_infinite:
        return False
    return _sign(x - y) == 0


def less(a: _Num, b: _Num) -> bool:
    """Every value in a is below every value in b."""
    return _lt(a[1], b[0])


def differ(a: _Num, b: _Num) -> bool:
    return less(a, b) or less(b, a)


def _neg(a: _Num) -> _Num:
    return (-a[1], -a[0])


def _add(a: _Num, b: _Num) -> _Num | None:
    lo, hi = a[0] + b[0], a[1] + b[1]
    if lo is sp.nan or hi is sp.nan:
        return None
    return (lo, hi)


def _rational(v: Any) -> sp.Expr:
    """An enclosure end (a SymPy Rational, or an int/Fraction) as a SymPy number."""
    return cast("sp.Expr", v) if isinstance(v, sp.Basic) else sp.Rational(v)


def _exact(v: Any) -> _Num | None:
    if isinstance(v, sp.Expr) and not isinstance(v, sp.Float) and v.is_number and v.is_extended_real is not False and v is not sp.zoo and v is not sp.nan:
        return (v, v)
    return None


def _num(claim: Any) -> _Num | None:
    """The value of a proved numeric claim as an interval (None: not a number)."""
    if claim.enclosure is not None:
        lo, hi = claim.enclosure
        return (_rational(lo), _rational(hi))
    return _exact(claim.value)


def _end(v: sp.Expr, enclosure: tuple[Any, ...] | None) -> _Num | None:
    """An end of a range: exact, or a displayed Float standing for the claim's enclosure."""
    if isinstance(v, sp.Float):
        if enclosure is None:
            return None
        lo, hi = (_rational(enclosure[0]), _rational(enclosure[1]))
        return (lo, hi) if _le(lo, v) and _le(v, hi) else None
    return _exact(v)


@dataclasses.dataclass
class _Part:
    """One component of a range: [lo, hi] with closed/open ends (a point: lo = hi, closed)."""

    lo: _Num
    hi: _Num
    lo_closed: bool
    hi_closed: bool


def _parts(S: Any, enclosure: tuple[Any, ...] | None) -> list[_Part] | None:
    if isinstance(S, sp.Union):
        out: list[_Part] = []
        for a in S.args:
            p = _parts(a, enclosure)
            if p is None:
                return None
            out += p
        return out
    if isinstance(S, sp.FiniteSet):
        out = []
        for v in S.args:
            n = _end(cast("sp.Expr", v), enclosure)
            if n is None:
                return None
            out.append(_Part(n, n, True, True))
        return out
    if isinstance(S, sp.Interval):
        lo, hi = _end(S.start, enclosure), _end(S.end, enclosure)
        if lo is None or hi is None:
            return None
        return [_Part(lo, hi, not S.left_open, not S.right_open)]
    return None


def _top(parts: list[_Part]) -> _Part | None:
    """The component holding the sup of the range, when certain."""
    for p in parts:
        if all(q is p or less(q.hi, p.hi) for q in parts):
            return p
    return None


def _bottom(parts: list[_Part]) -> _Part | None:
    for p in parts:
        if all(q is p or less(p.lo, q.lo) for q in parts):
            return p
    return None


def _outside_closure(v: _Num, parts: list[_Part]) -> bool:
    """v certainly lies outside the closure of the union of ``parts``."""
    return all(less(v, p.lo) or less(p.hi, v) for p in parts)


def _outside(v: _Num, parts: list[_Part]) -> bool:
    """v certainly lies outside the union of ``parts`` (an open end counts when v equals it exactly)."""
    def out_of(p: _Part) -> bool:
        if less(v, p.lo) or less(p.hi, v):
            return True
        exact = v[0] == v[1]
        if exact and not p.lo_closed and p.lo[0] == p.lo[1] and _eq(v[0], p.lo[0]):
            return True
        if exact and not p.hi_closed and p.hi[0] == p.hi[1] and _eq(v[0], p.hi[0]):
            return True
        return False
    return all(out_of(p) for p in parts)


def _show(n: _Num) -> str:
    return str(n[0]) if n[0] == n[1] else f"[{n[0]}, {n[1]}]"


def _abs_lt(L: _Num, s: _Num) -> bool:
    """L < |s| certainly."""
    return less(L, s) or less(L, _neg(s))


def _abs_gt(L: _Num, s: _Num) -> bool:
    """L > |s| certainly."""
    return less(s, L) and less(_neg(s), L)


def _smoothness(cont: Any) -> float | None:
    """The continuity claim as an order: -1 discontinuous, k for C^k ('C^0 (smoother where
    alpha = 1)' is 0), inf for C^inf; None for anything else."""
    if cont == "discontinuous":
        return -1
    m = re.match(r"C\^(\d+|inf)\b", cont) if isinstance(cont, str) else None
    if m is None:
        return None
    return float("inf") if m.group(1) == "inf" else int(m.group(1))


# ---------------------------------------------------------------------------------------
def find_inconsistencies(claims: Iterable[Any]) -> list[Inconsistency]:
    """The contradictions between the *proved* claims among ``claims`` (Claim objects of
    :mod:`symact.prove`; other statuses are ignored)."""
    c = {cl.property: cl for cl in claims if cl.status == "proved"}
    out: list[Inconsistency] = []

    def bad(props: Sequence[str], details: str) -> None:
        out.append(Inconsistency(tuple(props), details))

    raw = {p: _num(c[p]) for p in ("limit_-oo", "limit_oo", "value_at_0", "max", "min", "sup_derivative", "inf_derivative", "lipschitz") if p in c}
    num = {p: v for p, v in raw.items() if v is not None}
    parts = _parts(c["range"].value, c["range"].enclosure) if "range" in c else None
    lim = {e: num.get(e) for e in ("limit_-oo", "limit_oo")}
    f0 = num.get("value_at_0")
    mono = c["monotonic"].value if "monotonic" in c else None
    cont = c["continuity"].value if "continuity" in c else None
    order = _smoothness(cont)
    continuous = order is not None and order >= 0

    # range and limits, f(0), max and min
    if parts:
        for e, L in lim.items():
            if L is not None and _outside_closure(L, parts):
                bad(["range", e], f"the limit {_show(L)} is not in the closure of the range {c['range'].value}")
        if f0 is not None and _outside(f0, parts):
            bad(["range", "value_at_0"], f"f(0) = {_show(f0)} is not in the range {c['range'].value}")
        for p, pick, end, closed, word in (("max", _top, "hi", "hi_closed", "sup"), ("min", _bottom, "lo", "lo_closed", "inf")):
            if p not in c:
                continue
            comp = pick(parts)
            if comp is None:
                continue
            edge = getattr(comp, end)
            if p in num and differ(num[p], edge):
                bad([p, "range"], f"{p} = {_show(num[p])} but the {word} of the range {c['range'].value} is {_show(edge)}")
            elif c[p].attained is not None and bool(c[p].attained) != getattr(comp, closed):
                bad([p, "range"], f"{p} is {'' if c[p].attained else 'not '}attained but the range {c['range'].value} "
                                  f"{'does not contain' if c[p].attained else 'contains'} its {word}")
    if "max" in num and "min" in num and less(num["max"], num["min"]):
        bad(["max", "min"], f"max = {_show(num['max'])} < min = {_show(num['min'])}")
    beyond: tuple[tuple[str, Callable[[_Num, _Num], bool]], ...] = (("max", lambda v, m: less(m, v)), ("min", lambda v, m: less(v, m)))
    for p, cmp in beyond:
        if p not in num:
            continue
        if f0 is not None and cmp(f0, num[p]):
            bad(["value_at_0", p], f"f(0) = {_show(f0)} lies beyond {p} = {_show(num[p])}")
        for e, L in lim.items():
            if L is not None and cmp(L, num[p]):
                bad([e, p], f"the limit {_show(L)} lies beyond {p} = {_show(num[p])}")
    if "sup_derivative" in num and "inf_derivative" in num and less(num["sup_derivative"], num["inf_derivative"]):
        bad(["sup_derivative", "inf_derivative"], f"sup f' = {_show(num['sup_derivative'])} < inf f' = {_show(num['inf_derivative'])}")

    # monotonicity
    if mono in _INCREASING + _DECREASING:
        up = mono in _INCREASING
        strict = mono in ("increasing", "decreasing")
        d = num.get("inf_derivative" if up else "sup_derivative")
        zero = (sp.S.Zero, sp.S.Zero)
        if d is not None and (less(d, zero) if up else less(zero, d)):
            bad(["monotonic", "inf_derivative" if up else "sup_derivative"],
                f"f is {mono} but {'inf' if up else 'sup'} f' = {_show(d)} {'< 0' if up else '> 0'}")
        lo_e, hi_e = ("limit_-oo", "limit_oo") if up else ("limit_oo", "limit_-oo")
        first, last = lim[lo_e], lim[hi_e]
        if f0 is not None:
            for e, L, below in ((lo_e, first, True), (hi_e, last, False)):
                if L is None:
                    continue
                wrong = (less(f0, L) if below else less(L, f0)) or (strict and ((f0[0] == f0[1] and L[0] == L[1] and _eq(f0[0], L[0]))))
                if wrong:
                    bad(["monotonic", e, "value_at_0"], f"f is {mono} but f(0) = {_show(f0)} and the limit at {e[6:]} is {_show(L)}")
        for p, L, e in (("max", last, hi_e), ("min", first, lo_e)):
            if p in num and L is not None and differ(num[p], L):
                bad(["monotonic", p, e], f"f is {mono}, so {p} f = the limit at {e[6:]}, but {p} = {_show(num[p])} and the limit is {_show(L)}")
            if strict and p in c and c[p].attained:
                bad(["monotonic", p], f"f is {mono} on the whole line, so its {p} is not attained, but the claim says it is")
    if mono == "not monotonic" and continuous:
        s, i = num.get("sup_derivative"), num.get("inf_derivative")
        if s is not None and _le(s[1], sp.S.Zero):
            bad(["monotonic", "sup_derivative", "continuity"], f"f is continuous and not monotonic, but sup f' = {_show(s)} <= 0")
        if i is not None and _le(sp.S.Zero, i[0]):
            bad(["monotonic", "inf_derivative", "continuity"], f"f is continuous and not monotonic, but inf f' = {_show(i)} >= 0")

    # Lipschitz
    L = num.get("lipschitz")
    if L is not None and cont == "discontinuous" and L[1] is not _OO:
        bad(["lipschitz", "continuity"], f"f is discontinuous but has the Lipschitz constant {_show(L)}")
    if L is not None and continuous:
        s, i = num.get("sup_derivative"), num.get("inf_derivative")
        for p, v in (("sup_derivative", s), ("inf_derivative", i)):
            if v is not None and _abs_lt(L, v):
                bad(["lipschitz", p], f"L = {_show(L)} < |{p[:3]} f'| = |{_show(v)}|")
        if s is not None and i is not None and _abs_gt(L, s) and _abs_gt(L, i):
            bad(["lipschitz", "sup_derivative", "inf_derivative"],
                f"L = {_show(L)} > max(|sup f'|, |inf f'|) = max(|{_show(s)}|, |{_show(i)}|)")

    # zero-centred
    if "zero_centered" in c:
        zc = c["zero_centered"].value
        f0_zero = f0 is not None and f0[0] == f0[1] and _eq(f0[0], sp.S.Zero)
        zero = (sp.S.Zero, sp.S.Zero)
        neg_vals = parts is not None and any(less(p.lo, zero) for p in parts)
        pos_vals = parts is not None and any(less(zero, p.hi) for p in parts)
        one_side = parts is not None and (all(_le(sp.S.Zero, p.lo[0]) for p in parts) or all(_le(p.hi[1], sp.S.Zero) for p in parts))
        if zc == "yes":
            if f0 is not None and differ(f0, zero):
                bad(["zero_centered", "value_at_0"], f"zero-centred but f(0) = {_show(f0)} != 0")
            if one_side:
                bad(["zero_centered", "range"], f"zero-centred but the range {c['range'].value} lies on one side of 0")
        elif zc == "no" and f0_zero and neg_vals and pos_vals:
            bad(["zero_centered", "value_at_0", "range"], f"f(0) = 0 and the range {c['range'].value} has values of both signs, "
                                                          "yet the claim says not zero-centred")

    # continuity and differentiability
    if "continuity" in c and "differentiable" in c:
        dv = c["differentiable"].value
        everywhere = dv == "everywhere"
        smooth = order is not None and order >= 1
        if smooth and not everywhere:
            bad(["continuity", "differentiable"], f"f is {cont} but the claim says it is differentiable {dv}")
        if cont == "discontinuous":
            if everywhere:
                bad(["continuity", "differentiable"], "f is discontinuous but differentiable everywhere")
            else:
                jumps, kinks = c["continuity"].at, c["differentiable"].at
                if isinstance(jumps, sp.FiniteSet) and isinstance(kinks, sp.FiniteSet):
                    missing = [p for p in jumps.args if not any(p == q for q in kinks.args)]
                    if missing:
                        bad(["continuity", "differentiable"], f"f is discontinuous at {', '.join(map(str, missing))} but differentiable there")

    # symmetry
    if "symmetry" in c:
        kind = c["symmetry"].value
        lim_exists = {e: (c[e].value != "does not exist") if e in c else None for e in ("limit_-oo", "limit_oo")}
        if kind in ("odd", "even", "point-symmetric") and None not in lim_exists.values() and lim_exists["limit_-oo"] != lim_exists["limit_oo"]:
            bad(["symmetry", "limit_-oo", "limit_oo"], f"f is {kind}, so it has a limit at -oo iff it has one at oo")
        a, b = lim["limit_-oo"], lim["limit_oo"]
        if kind == "odd":
            if f0 is not None and differ(f0, (sp.S.Zero, sp.S.Zero)):
                bad(["symmetry", "value_at_0"], f"f is odd but f(0) = {_show(f0)}")
            if a is not None and b is not None and differ(a, _neg(b)):
                bad(["symmetry", "limit_-oo", "limit_oo"], f"f is odd but the limits are {_show(a)} and {_show(b)}")
            if "max" in num and "min" in num and differ(num["max"], _neg(num["min"])):
                bad(["symmetry", "max", "min"], f"f is odd but max = {_show(num['max'])} and min = {_show(num['min'])}")
        elif kind == "even":
            if a is not None and b is not None and differ(a, b):
                bad(["symmetry", "limit_-oo", "limit_oo"], f"f is even but the limits are {_show(a)} and {_show(b)}")
            s, i = num.get("sup_derivative"), num.get("inf_derivative")
            if s is not None and i is not None and differ(s, _neg(i)):
                bad(["symmetry", "sup_derivative", "inf_derivative"], f"f is even (f' odd) but sup f' = {_show(s)} and inf f' = {_show(i)}")
            if mono in ("increasing", "decreasing"):
                bad(["symmetry", "monotonic"], f"f is even, so it cannot be {mono}")
        elif kind == "point-symmetric":
            at = c["symmetry"].at
            cc = _exact(at[1]) if isinstance(at, tuple) and len(at) == 2 else None
            if cc is not None:
                two_c = (2 * cc[0], 2 * cc[1])
                if f0 is not None and differ(f0, cc):
                    bad(["symmetry", "value_at_0"], f"f is point-symmetric about (0, {cc[0]}) but f(0) = {_show(f0)}")
                s_lim = _add(a, b) if a is not None and b is not None and not (a[0].is_infinite and b[0].is_infinite) else None
                if s_lim is not None and differ(s_lim, two_c):
                    assert a is not None and b is not None  # s_lim is their sum
                    bad(["symmetry", "limit_-oo", "limit_oo"], f"f is point-symmetric about (0, {cc[0]}) but the limits are {_show(a)} and {_show(b)}")
                if a is not None and b is not None and a[0].is_infinite and b[0].is_infinite and a[0] == b[0]:
                    bad(["symmetry", "limit_-oo", "limit_oo"], f"f is point-symmetric but both limits are {a[0]}")
                if "max" in num and "min" in num and not (num["max"][0].is_infinite or num["min"][0].is_infinite):
                    s_m = _add(num["max"], num["min"])
                    if s_m is not None and differ(s_m, two_c):
                        bad(["symmetry", "max", "min"], f"f is point-symmetric about (0, {cc[0]}) but max + min = {_show(s_m)}")
    return out


def reconcile(claims: Sequence[Any]) -> list[Any]:
    """``claims`` with every proved claim that takes part in a contradiction turned into
    ``unknown`` ("inconsistent with <other claim>: <details>").  Runs under its own time
    budget; if that runs out, the claims are returned as they are (the check adds
    certainty, it is not part of any single proof)."""
    claims = list(claims)
    try:
        with budget.limit_time(budget.default_seconds(), "checking the claims against each other"):
            found = find_inconsistencies(claims)
    except budget.Timeout:
        return claims
    if not found:
        return claims
    reasons: dict[str, list[str]] = {}
    for inc in found:
        for p in inc.properties:
            others = [q for q in inc.properties if q != p]
            reasons.setdefault(p, []).append(f"inconsistent with {', '.join(others)}: {inc.details}")
    out = []
    for cl in claims:
        if cl.status == "proved" and cl.property in reasons:
            cl = dataclasses.replace(cl, status="unknown", reason="; ".join(reasons[cl.property]), value=None, at=None,
                                     attained=None, enclosure=None, at_enclosure=None, certificate=None)
        out.append(cl)
    return out
