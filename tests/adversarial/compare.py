"""Reading SymPy-style strings (symact's JSON and the corpus's truths) as mpmath numbers and
as plain lists of intervals, and comparing them with the truths.

Sets are never built as SymPy sets: SymPy's constructors compare endpoints at default
precision (log(1 + exp(-100)) > 0 is False there), which is exactly the kind of decision this
corpus is about.  parse_expr reads the text with `Interval`, `Union`, `FiniteSet`, ... mapped
to the small builders below, so each endpoint stays an unevaluated expression that is then
evaluated with evalf at 130 digits.  (The strings are symact's own output or ours; no user
text is parsed here.)
"""

from __future__ import annotations

import mpmath as mp
import sympy as sp
from mpmath import mpf
from sympy.parsing.sympy_parser import parse_expr

DPS = 130
INF = mp.inf
NO_LIMIT = "no limit"
REL_EQ = mpf(10) ** -30     # "equal" to symact's claims: 30 significant digits
REL_DISPLAY = mpf(10) ** -12  # a Float that symact prints next to a certified enclosure


class Unreadable(ValueError):
    pass


def _num(e):
    """A SymPy expression (or Python number) -> (mpf or +-inf, inexact?)."""
    if isinstance(e, (int, float)):
        e = sp.sympify(e)
    if e is sp.oo or e == sp.oo:
        return INF, False
    if e is sp.S.NegativeInfinity or e == -sp.oo:
        return -INF, False
    if e.free_symbols:
        raise Unreadable(f"not a number: {e}")
    inexact = bool(e.atoms(sp.Float))
    v = sp.N(e, DPS)
    if not v.is_real:
        raise Unreadable(f"not a real number: {e}")
    with mp.workdps(DPS):
        return mpf(v._mpf_) if hasattr(v, "_mpf_") else mpf(str(v)), inexact


class _Iv:
    """Interval(a, b, left_open, right_open) with SymPy's classmethods."""

    def __new__(cls, a, b, lopen=False, ropen=False):
        return ("iv", a, b, not bool(lopen), not bool(ropen))

    @staticmethod
    def open(a, b):
        return ("iv", a, b, False, False)

    @staticmethod
    def Lopen(a, b):
        return ("iv", a, b, False, True)

    @staticmethod
    def Ropen(a, b):
        return ("iv", a, b, True, False)


def _union(*parts):
    return ("union", parts)


def _finite(*pts):
    return ("union", tuple(("iv", p, p, True, True) for p in pts))


def _imageset(lam, base):
    return ("image", lam, base)


_LOCALS = {
    "Interval": _Iv, "Union": _union, "FiniteSet": _finite, "ImageSet": _imageset,
    "Reals": ("iv", -sp.oo, sp.oo, False, False), "EmptySet": ("union", ()),
}


def parse_value(s):
    """A number as symact or the corpus writes it -> (mpf or inf, inexact)."""
    if isinstance(s, (int, float)):
        return _num(s)
    s = str(s).strip()
    if s in ("oo", "+oo"):
        return INF, False
    if s == "-oo":
        return -INF, False
    try:
        e = parse_expr(s, evaluate=False)
    except Exception as exc:  # noqa: BLE001
        raise Unreadable(f"cannot read {s!r}: {exc}") from exc
    return _num(e)


def _flatten(obj, out):
    if isinstance(obj, (set, frozenset)):
        for p in obj:
            out.append(("iv", p, p, True, True))
    elif isinstance(obj, tuple) and obj and obj[0] == "union":
        for p in obj[1]:
            _flatten(p, out)
    elif isinstance(obj, tuple) and obj and obj[0] == "iv":
        out.append(obj)
    elif isinstance(obj, tuple) and obj and obj[0] == "image":
        raise Unreadable("an ImageSet is not a finite union of intervals")
    else:
        raise Unreadable(f"not a set: {obj!r}")


def parse_set(s):
    """A SymPy set string -> sorted, merged list of (lo, hi, lo_closed, hi_closed, inexact)."""
    try:
        obj = parse_expr(str(s), local_dict=dict(_LOCALS), evaluate=False)
    except Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001
        raise Unreadable(f"cannot read set {s!r}: {exc}") from exc
    comps = []
    _flatten(obj, comps)
    out = []
    for _, a, b, lc, hc in comps:
        (lo, ia), (hi, ib) = _num(a), _num(b)
        if lo in (INF, -INF):
            lc = False
        if hi in (INF, -INF):
            hc = False
        out.append([lo, hi, lc, hc, ia or ib])
    return merge(out)


def merge(comps):
    """Merge overlapping or touching components (exact comparisons at 130 digits)."""
    with mp.workdps(DPS):
        comps = sorted((list(c) for c in comps), key=lambda c: (c[0], not c[2]))
        out = []
        for c in comps:
            if c[0] > c[1] or (c[0] == c[1] and not (c[2] and c[3])):
                continue  # empty
            if out:
                p = out[-1]
                if c[0] < p[1] or (c[0] == p[1] and (p[3] or c[2])):
                    if c[1] > p[1] or (c[1] == p[1] and c[3]):
                        p[1], p[3] = c[1], c[3] or (c[1] == p[1] and p[3])
                    p[4] = p[4] or c[4]
                    continue
            out.append(list(c))
        return out


def truth_set(components):
    """ground_truth's ("iv", lo, hi, lo_closed, hi_closed) list -> merged components."""
    return merge([[lo, hi, lc, hc, False] for _, lo, hi, lc, hc in components])


def num_eq(a, b, rel=REL_EQ):
    """a == b to `rel` relative (both +-inf, or exact 0 against |x| <= 1e-100)."""
    with mp.workdps(DPS):
        if a in (INF, -INF) or b in (INF, -INF):
            return a == b
        scale = max(abs(a), abs(b))
        if scale == 0:
            return True
        if a == 0 or b == 0:
            return scale <= mpf(10) ** -100
        return abs(a - b) <= rel * scale


def sets_eq(got, want, rel=REL_EQ):
    """Same components, same brackets; an inexact (Float) endpoint need only agree to 1e-12."""
    if len(got) != len(want):
        return False
    for g, w in zip(got, want):
        tol = REL_DISPLAY if g[4] else rel
        if not (num_eq(g[0], w[0], tol) and num_eq(g[1], w[1], tol)):
            return False
        if (g[2], g[3]) != (w[2], w[3]):
            return False
    return True


def _val(v):
    """A stored truth value (string) or a computed one (mpf / inf) -> mpf or inf."""
    if isinstance(v, str):
        return parse_value(v)[0]
    return v


def same_truth(key, stored, computed, rel=mpf(10) ** -40):
    """Does the corpus's stored truth equal ground_truth's recomputation?"""
    if key == "range":
        return sets_eq(parse_set(stored), truth_set(computed), rel)
    if key in ("limit_oo", "limit_-oo"):
        if stored == NO_LIMIT or computed == NO_LIMIT:
            return stored == computed
        return num_eq(_val(stored), _val(computed), rel)
    if key in ("max", "min", "sup_derivative", "inf_derivative"):
        return stored[1] == computed[1] and num_eq(_val(stored[0]), _val(computed[0]), rel)
    if key in ("lipschitz", "value_at_0"):
        return num_eq(_val(stored), _val(computed), rel)
    if key == "differentiable":
        if stored == "everywhere" or computed == "everywhere":
            return stored == computed
        got = parse_set(stored)
        return sets_eq(got, truth_set([("iv", p, p, True, True) for p in computed]), rel)
    if key == "symmetry":
        if isinstance(stored, tuple) or isinstance(computed, tuple):
            return (isinstance(stored, tuple) and isinstance(computed, tuple)
                    and stored[0] == computed[0]
                    and all(num_eq(_val(a), _val(b), rel) for a, b in zip(stored[1:], computed[1:])))
        return stored == computed
    return stored == computed
