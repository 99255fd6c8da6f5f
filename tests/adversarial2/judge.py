"""Judging symact's answers against the truths of cases.py (never imports symact).

`judge(case, reply)` returns (problems, notes): problems are unsound results (a false
`proved`, a `refuted` of a true claim, a counterexample that is none, a wrong `approximate`,
a crash or a hang); notes are the acceptable-but-weak ones (unknown, refusal, a refutation
without counterexample, a proved property with no truth to check it against).
"""

from __future__ import annotations

import json

import mpmath as mp
import sympy as sp
from sympy.parsing.sympy_parser import parse_expr as _parse_expr
from sympy.parsing.sympy_parser import rationalize, standard_transformations

_TRANSFORMS = standard_transformations + (rationalize,)


def parse_expr(s, **kw):
    """Decimals are read exactly (0.6931471805599453 is that rational, not a binary float)."""
    return _parse_expr(s, transformations=_TRANSFORMS, **kw)

from tests.adversarial import compare
from tests.adversarial2.cases import DPS, K

NO_LIMIT = "no limit"
XS = sp.Symbol("x")
FS = sp.Symbol("f")


# ------------------------------------------------------------------ numbers
def to_mpf(s, dps=DPS):
    """A SymPy-style number string (symact's output or ours) -> mpf at dps digits (or inf)."""
    if isinstance(s, (int, float)):
        s = str(s)
    s = str(s).strip()
    if s in ("oo", "+oo"):
        return mp.inf
    if s == "-oo":
        return -mp.inf
    e = parse_expr(s, local_dict={"x": XS}, evaluate=True)
    if e.free_symbols:
        raise ValueError(f"not a number: {s}")
    if e == sp.oo:
        return mp.inf
    if e == -sp.oo:
        return -mp.inf
    v = sp.N(e, dps + 10)
    if not v.is_real:
        raise ValueError(f"not real: {s}")
    with mp.workdps(dps + 10):
        m = mp.mpf(v._mpf_) if hasattr(v, "_mpf_") else mp.mpf(str(v))
    with mp.workdps(dps):
        return +m  # rounded to the working precision, as my definitions compute theirs


def _value(side, x):
    if isinstance(side, K):
        return mp.mpf(side.fn())
    if callable(side):
        return mp.mpf(side(x))
    return mp.mpf(side)


def _rel(d, err, rel):
    if rel == "=":
        return abs(d) <= err
    if rel == "!=":
        return abs(d) > err
    if rel == "<":
        return d < -err
    if rel == "<=":
        return d <= err
    if rel == ">":
        return d > err
    if rel == ">=":
        return d >= -err
    raise ValueError(rel)


def chain_holds(chain, x, dps=DPS):
    """Does the relation chain [f0, rel, f1, rel, f2, ...] hold at x?  Each difference of
    consecutive sides is computed at dps and at dps + 60 digits; their disagreement (times 4)
    is the error allowed, so a true zero (rounding noise that shrinks with precision) counts
    as equality and a tiny true difference (5e-435, stable under precision) does not."""
    vals = {}
    for p in (dps, dps + 60):
        with mp.workdps(p):
            xp = to_mpf(x, p) if isinstance(x, str) else x
            vals[p] = [_value(chain[i], xp) for i in range(0, len(chain), 2)]
    rels = chain[1::2]
    with mp.workdps(dps + 60):
        for i, r in enumerate(rels):
            d_lo = vals[dps][i] - vals[dps][i + 1]
            d_hi = vals[dps + 60][i] - vals[dps + 60][i + 1]
            err = 4 * abs(d_lo - d_hi)
            if not _rel(d_hi, err, r):
                return False
    return True


def _is_constant_claim(chain):
    return all(isinstance(c, K) or not callable(c) for c in chain[0::2])


# ------------------------------------------------------------------ verify
def judge_verify(case, out):
    problems, notes = [], []
    verdict = out.get("verdict")
    holds = case["holds"]
    if verdict == "proved" and not holds:
        problems.append(f"proved a false claim ({case['how']}); reason: {out.get('reason')}")
    elif verdict == "refuted":
        if holds:
            problems.append(f"refuted a true claim ({case['how']}); reason: {out.get('reason')}; "
                            f"counterexample {out.get('counterexample')}")
        else:
            cx = out.get("counterexample")
            chain = case["chain"]
            if cx and chain and not _is_constant_claim(chain) and cx.get("x") is not None:
                try:
                    to_mpf(cx["x"], case["dps"])
                    x = str(cx["x"])
                except Exception as exc:  # noqa: BLE001
                    problems.append(f"counterexample x = {cx['x']!r} unreadable: {exc}")
                else:
                    if chain_holds(chain, x, case["dps"]):
                        problems.append(f"counterexample x = {cx['x']} is none: the claim holds "
                                        f"there (mpmath {case['dps']} digits); symact said {cx}")
            elif not cx and chain and not _is_constant_claim(chain):
                notes.append("refuted without a counterexample")
    elif verdict == "approximate":
        if not holds and case.get("decimal") in (None, "neither"):
            problems.append(f"'approximate' for a claim that is false and not a rounding or "
                            f"truncation ({case['how']}); reason: {out.get('reason')}")
    elif verdict == "unknown":
        notes.append(f"unknown: {out.get('reason')}")
    elif verdict != "proved":
        problems.append(f"unexpected verdict {verdict!r}")
    return problems, notes


# ------------------------------------------------------------------ prove
MONO_OK = {
    "increasing": {"increasing", "non-decreasing"},
    "decreasing": {"decreasing", "non-increasing"},
    "non-decreasing": {"non-decreasing"},
    "non-increasing": {"non-increasing"},
    "not monotonic": {"not monotonic"},
    "constant": {"constant", "non-decreasing", "non-increasing"},
}


def _limit_ok(value, truth):
    if truth == NO_LIMIT:
        try:
            to_mpf(value)
        except Exception:  # noqa: BLE001 - not a number: some way of saying "no limit"
            return True
        return False
    try:
        return compare.num_eq(to_mpf(value), to_mpf(truth))
    except Exception:  # noqa: BLE001
        return False


def _set_ok(value, truth):
    return compare.sets_eq(compare.parse_set(value), compare.parse_set(truth))


def _num_ok(c, value, tv):
    """A proved number: exact (30 digits), or a displayed decimal whose certified enclosure
    must contain the truth (and the display agree to 1e-12)."""
    t = to_mpf(tv)
    enc = c.get("enclosure")
    if enc and "." in str(value):
        lo, hi = to_mpf(enc[0]), to_mpf(enc[1])
        return lo <= t <= hi and compare.num_eq(to_mpf(value), t, compare.REL_DISPLAY)
    return compare.num_eq(to_mpf(value), t)


def judge_claim(case, c):
    """One proved claim of `prove` -> (problem or None, note or None)."""
    prop, value = c["property"], c.get("value")
    truth = case["truth"].get(prop)
    if truth is None:
        return None, f"{prop} = {value} proved, no truth to check"
    bad = f"{prop}: proved {value!r} (attained={c.get('attained')}, at={c.get('at')}), truth {truth!r}"
    if truth == "undefined":
        return bad + " (the value does not exist)", None
    try:
        if prop == "range":
            ok = _set_ok(value, truth)
        elif prop in ("limit_oo", "limit_-oo"):
            ok = _limit_ok(value, truth)
        elif prop in ("value_at_0", "lipschitz"):
            ok = _num_ok(c, value, truth)
        elif prop in ("max", "min", "sup_derivative", "inf_derivative"):
            tv, tatt = truth
            ok = _num_ok(c, value, tv)
            if c.get("attained") is not None and bool(c["attained"]) != tatt:
                ok = False
            at = c.get("at")
            f = case.get("f")
            if ok and f is not None and prop in ("max", "min") and at not in (None, "") and tatt:
                try:
                    xa = to_mpf(at)
                except Exception:  # noqa: BLE001 - a set of points or a description
                    xa = None
                if xa is not None and not compare.num_eq(mp.mpf(f(xa)), to_mpf(tv), mp.mpf(10) ** -40):
                    ok = False
                    bad += f"; f({at}) = {mp.nstr(f(xa), 20)}"
        elif prop == "monotonic":
            ok = value in MONO_OK[truth]
        elif prop == "symmetry":
            v = str(value)
            if truth == "zero":
                ok = v != "none"
            elif truth == "none":
                ok = v == "none"
            elif truth == "odd":
                ok = v == "odd" or v.startswith("point")
            elif isinstance(truth, tuple):  # ("point", x0, c)
                at = c.get("at") or []
                ok = v.startswith("point") and len(at) == 2 and all(
                    compare.num_eq(to_mpf(a), to_mpf(b)) for a, b in zip(at, truth[1:]))
            else:
                ok = v == truth
            if truth == "odd" and v.startswith("point"):
                return None, f"symmetry {v} for an odd function (not checked further)"
        elif prop == "continuity":
            ok = value == truth
        elif prop == "differentiable":
            v = str(value)
            if v.startswith("except at "):
                v = v[len("except at "):]
            if truth == "everywhere" or v == "everywhere":
                ok = v == truth
            else:
                ok = _set_ok(v, truth)
        else:
            ok = value == truth
    except Exception as exc:  # noqa: BLE001
        return f"{bad}: could not compare ({exc})", None
    return (None if ok else bad), None


def judge_prove(case, out):
    problems, notes = [], []
    for c in out.get("claims", []):
        if c.get("status") == "proved":
            p, n = judge_claim(case, c)
            if p:
                problems.append(p)
            if n:
                notes.append(n)
        elif c.get("status") == "refuted":
            notes.append(f"{c['property']} refuted (value {c.get('value')})")
        else:
            if c["property"] in case["truth"]:
                notes.append(f"{c['property']} unknown")
    return problems, notes


# ------------------------------------------------------------------ gradient
def judge_gradient(case, out):
    problems, notes = [], []
    if out.get("status") != "proved":
        return problems, [f"gradient status {out.get('status')}"]
    t = to_mpf(case["truth"]["sup_derivative"])
    n = case["truth"]["depth"]
    with mp.workdps(DPS):
        want = t ** n
    b = to_mpf(out["bound"])
    if out.get("sup_abs_derivative_exact", True):
        got = to_mpf(out["sup_derivative"])
        if not compare.num_eq(got, t):
            problems.append(f"sup_derivative {out['sup_derivative']} != truth "
                            f"{case['truth']['sup_derivative']}")
        if not compare.num_eq(b, want):
            problems.append(f"bound {out['bound']} != (sup f')^N = {mp.nstr(want, 30)}")
    else:
        # an enclosure: it must contain the true sup, and the bound must be a true upper bound
        enc = out.get("sup_derivative_enclosure")
        if enc:
            lo, hi = to_mpf(enc[0]), to_mpf(enc[1])
            if not lo <= t <= hi:
                problems.append(f"enclosure {enc} misses the true sup f' = {mp.nstr(t, 30)}")
        if b < want:
            problems.append(f"bound {out['bound']} < (true sup f')^N = {mp.nstr(want, 30)}: "
                            "not an upper bound")
        notes.append("sup f' known only as an enclosure")
    return problems, notes


# ------------------------------------------------------------------ derive
def _eval_sympy(s, x, fval=None):
    e = parse_expr(s, local_dict={"x": XS, "f": FS}, evaluate=True)
    subs = {XS: sp.Float(mp.nstr(x, DPS + 5), DPS + 5)}
    if fval is not None:
        subs[FS] = sp.Float(mp.nstr(fval, DPS + 5), DPS + 5)
    v = sp.N(e.subs(subs), 60)
    if v.has(sp.nan) or v.has(sp.zoo) or not v.is_number or isinstance(v, sp.Piecewise):
        return None
    re_, im_ = v.as_real_imag()
    if abs(im_) > sp.Float(10) ** -50:
        return None
    return mp.mpf(str(sp.N(re_, 60)))


def judge_derive(case, out):
    problems, notes = [], []
    f = case["f"]
    for d in out.get("derivatives", []):
        k = d["order"]
        for p in case["points"]:
            x = to_mpf(p)
            with mp.workdps(DPS):
                want = mp.diff(f, x, k)
            got = _eval_sympy(d["expr"], x)
            if got is None:
                notes.append(f"order {k}: expr not evaluable at {p}")
                continue
            if not compare.num_eq(got, want, mp.mpf(10) ** -25) and abs(got - want) > mp.mpf(10) ** -40:
                problems.append(f"order {k} at x = {p}: symact {d['expr']} = {mp.nstr(got, 20)}, "
                                f"mpmath diff = {mp.nstr(want, 20)}")
            if d.get("in_terms_of_f"):
                with mp.workdps(DPS):
                    fx = mp.mpf(f(x))
                g2 = _eval_sympy(d["in_terms_of_f"], x, fx)
                if g2 is not None and not compare.num_eq(g2, want, mp.mpf(10) ** -25) \
                        and abs(g2 - want) > mp.mpf(10) ** -40:
                    problems.append(f"order {k} form in f {d['in_terms_of_f']} at x = {p}: "
                                    f"{mp.nstr(g2, 20)} vs mpmath {mp.nstr(want, 20)}")
        if k == 1 and case.get("kinks") is not None:
            got = sorted(((to_mpf(kk["at"]), kk) for kk in d.get("kinks", [])), key=lambda t: t[0])
            want = sorted(((to_mpf(a), (a, lft, rgt)) for a, lft, rgt in case["kinks"]),
                          key=lambda t: t[0])
            if len(got) != len(want) or any(not compare.num_eq(g[0], w[0]) for g, w in zip(got, want)):
                problems.append(f"kinks {d.get('kinks')} != truth {case['kinks']}")
            else:
                for (_, g), (_, (a, lft, rgt)) in zip(got, want):
                    for side, tv in (("left", lft), ("right", rgt)):
                        if g.get(side) is not None and not compare.num_eq(to_mpf(g[side]), to_mpf(tv)):
                            problems.append(f"kink at {a}: {side} {g[side]} != {tv}")
    return problems, notes


# ------------------------------------------------------------------ dispatch
def judge(case, reply):
    rc = reply.get("rc")
    if rc == "hang":
        return [f"hang: no answer within the limit (cpu {reply.get('cpu')}, wall {reply.get('wall')})"], []
    if rc in ("crash", "escaped") or rc == 4:
        return [f"rc {rc}: {reply.get('stderr', '')[-400:]}"], []
    if rc == 2:
        note = f"refused: {reply.get('stderr', '').strip()[:200]}"
        return [], [note if case.get("refusal_ok") else "UNEXPECTED " + note]
    try:
        out = json.loads(reply["stdout"])
    except Exception as exc:  # noqa: BLE001
        return [f"stdout is not JSON (rc {rc}): {exc}: {reply.get('stdout', '')[:200]}"], []
    kind = case["kind"]
    if kind == "verify":
        return judge_verify(case, out)
    if kind == "prove":
        return judge_prove(case, out)
    if kind == "gradient":
        return judge_gradient(case, out)
    return judge_derive(case, out)
