"""Reading symact's JSON and deciding sound / unsound.  SymPy only reads symact's strings; every value is then
evaluated with mpmath and compared with my truth (cases.py).

judge(case, reply) -> (unsound, defects, notes):
  unsound: a false `proved` (value, range, attainment, word, inflection set), a `refuted` true claim, a counterexample
           at which my predicate holds, an `approximate` verdict on a false claim that is no rounding;
  defects: exit code 4, a traceback, a crash, a hang, unparseable JSON, a wrong decimal printed in a counterexample
           (README: every decimal shown is correctly rounded) -- wrong, but not a false theorem.
"""
from __future__ import annotations

import json
import re
import sys

import mpmath as mp
import sympy as sp

REL = mp.mpf(10) ** -28
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
_LOC = {"x": sp.Symbol("x"), "oo": sp.oo, "pi": sp.pi, "E": sp.E}


def parse(text: str):
    e = sp.sympify(text, locals=_LOC)
    if isinstance(e, (set, frozenset)):
        e = sp.FiniteSet(*e)
    return e


def num(expr, dps=90) -> mp.mpf:
    if expr in (sp.oo, -sp.oo):
        return mp.inf if expr == sp.oo else -mp.inf
    v = sp.N(expr, dps)
    if not v.is_real:
        raise ValueError(f"not real: {expr}")
    return mp.mpf(str(v))


def val(t):
    return mp.mpf(t()) if callable(t) else (mp.mpf(t) if not isinstance(t, mp.mpf) else t)


def close(a, b, rel=REL) -> bool:
    if mp.isinf(a) or mp.isinf(b):
        return a == b
    return abs(a - b) <= rel * max(abs(a), abs(b)) or abs(a - b) < mp.mpf(10) ** -300


def intervals(expr):
    if isinstance(expr, sp.Union):
        return sorted(sum((intervals(a) for a in expr.args), []), key=lambda t: t[0])
    if isinstance(expr, sp.Interval):
        return [(num(expr.start), num(expr.end), not expr.left_open, not expr.right_open,
                 isinstance(expr.start, sp.Float) or isinstance(expr.end, sp.Float))]
    if isinstance(expr, sp.FiniteSet):
        return [(num(a), num(a), True, True, isinstance(a, sp.Float)) for a in expr.args]
    raise ValueError(f"not a set: {expr}")


def _decimal_tol(s: str):
    """A decimal symact prints is taken as good to its last digit (relative 10^-(significant digits - 1))."""
    if re.fullmatch(r"\s*-?\d+\.\d+(e[-+]?\d+)?\s*", s):
        digits = len(re.sub(r"\D", "", s.split("e")[0]).lstrip("0"))
        return 5 * mp.mpf(10) ** -digits
    return REL


# ----------------------------------------------------------------------------- prove
def _sym_ok(word: str, f) -> bool | None:
    pts = [mp.mpf("0.3"), mp.mpf("1.7"), mp.mpf("2.9"), mp.mpf("0.05")]
    tol = mp.mpf(10) ** -50
    odd = all(abs(f(-p) + f(p)) < tol for p in pts)
    even = all(abs(f(-p) - f(p)) < tol for p in pts)
    point = all(abs(f(-p) + f(p) - 2 * f(mp.mpf(0))) < tol for p in pts) if not odd else True
    w = word.split()[0] if word else word
    if w == "odd":
        return odd
    if w == "even":
        return even
    if w == "point-symmetric":
        return point and not odd
    if w == "none":
        return not (odd or even or point)
    return None


def check_prove(case, data) -> list[str]:
    truth, f, out = case["truth"], case["f"], []
    for c in data.get("claims", []):
        if c.get("status") != "proved" or c.get("value") is None:
            continue
        prop, v = c["property"], c["value"]
        key = {"limit_-oo": "limit_neg"}.get(prop, prop)
        tag = f"proved {prop} = {v!r}"
        try:
            if prop == "symmetry":
                ok = _sym_ok(v, f)
                if ok is False:
                    out.append(f"false {tag} (sample points)")
                continue
            if key not in truth:
                continue
            want = truth[key]
            if prop == "range":
                got = intervals(parse(v))
                exp = [(val(a), val(b), lc, rc) for a, b, lc, rc in want]
                # an end printed as a decimal (SymPy Float, 15 digits) is read to its digits, like every decimal
                tol = lambda g: mp.mpf(5) * mp.mpf(10) ** -15 if g[4] else REL  # noqa: E731
                if len(got) != len(exp) or any(
                        not (close(g[0], e[0], tol(g)) and close(g[1], e[1], tol(g))) or (not mp.isinf(e[0]) and g[2] != e[2])
                        or (not mp.isinf(e[1]) and g[3] != e[3]) for g, e in zip(got, exp)):
                    out.append(f"false {tag}; truth {[(mp.nstr(a, 25), mp.nstr(b, 25), lc, rc) for a, b, lc, rc in exp]}")
            elif prop in ("max", "min", "sup_derivative", "inf_derivative", "lipschitz", "limit_-oo", "limit_oo", "value_at_0"):
                w, att = (want if isinstance(want, tuple) else (want, None))
                w = val(w)
                enc = c.get("enclosure")
                if enc:
                    lo, hi = (num(parse(e)) for e in enc)
                    if not (lo - REL * abs(lo) <= w <= hi + REL * abs(hi)):
                        out.append(f"false {tag}: enclosure {enc} misses {mp.nstr(w, 30)}")
                else:
                    g = num(parse(v))
                    if not close(g, w, _decimal_tol(v)):
                        out.append(f"false {tag}; truth {mp.nstr(w, 35)}")
                if att is not None and c.get("attained") is not None and bool(c["attained"]) != att:
                    out.append(f"false {tag} attained={c['attained']}; truth attained={att}")
                if prop in ("max", "min") and c.get("at") and not mp.isinf(w):
                    try:
                        pts = [num(a) for a in parse(c["at"]).args] if c["at"].startswith("{") else [num(parse(c["at"]))]
                        for p in pts:
                            if not close(f(p), w, mp.mpf(10) ** -25):
                                out.append(f"false {tag} at {c['at']}: f there is {mp.nstr(f(p), 30)}")
                    except (ValueError, TypeError, sp.SympifyError, AttributeError):
                        pass
            elif prop == "continuity":
                word = v.split("(")[0].strip().split()[0]
                if word not in want:
                    out.append(f"false {tag}; truth {sorted(want)}")
            elif prop == "monotonic":
                word = v.split("(")[0].strip()
                okset = set(want)
                if "increasing" in okset:
                    okset.add("non-decreasing")
                if "decreasing" in okset:
                    okset.add("non-increasing")
                if word not in okset:
                    out.append(f"false {tag}; truth {sorted(want)}")
            elif prop == "convexity":
                word = v.split("(")[0].strip()
                if word not in want:
                    out.append(f"false {tag}; truth {sorted(want)}")
                infl = truth.get("inflections")
                at = c.get("at")
                if word == "neither" and infl is not None and at and at.startswith("{"):
                    if infl == "infinite":
                        out.append(f"false {tag}: a finite inflection set {at}, truth infinitely many")
                    else:
                        strs = [t.strip() for t in at.strip("{}").split(",")]
                        got = sorted((num(parse(t)), max(_decimal_tol(t) * 10, mp.mpf(10) ** -25)) for t in strs)
                        exp = sorted(val(a) for a in infl)
                        if len(got) != len(exp) or any(abs(g - e) > tol * max(1, abs(e)) for (g, tol), e in zip(got, exp)):
                            out.append(f"false {tag} inflections {at}; truth {[mp.nstr(e, 20) for e in exp]}")
        except (ValueError, TypeError, sp.SympifyError, AttributeError, ZeroDivisionError) as exc:
            out.append(f"unreadable {tag}: {exc}")
    return out


# ----------------------------------------------------------------------------- verify
def predicate(case, x, start_dps=150, max_dps=2000):
    """Does the claim hold at x?  Precision raised until the sides separate (or 4000 digits: then 'equal')."""
    dps = start_dps
    while True:
        with mp.workdps(dps):
            xv = num(parse(x) if isinstance(x, str) else x, dps + 10) if not isinstance(x, mp.mpf) else x
            a, b = mp.mpf(case["lhs"](xv)), mp.mpf(case["rhs"](xv))
            d = a - b
            scale = max(abs(a), abs(b), mp.mpf(1))
            resolved = abs(d) > scale * mp.mpf(10) ** -(dps - 20)
            if resolved or dps >= max_dps:
                eq = not resolved
                rel = case["rel"]
                return {"<=": eq or d < 0, "<": (not eq) and d < 0, ">=": eq or d > 0, ">": (not eq) and d > 0,
                        "=": eq}[rel], d
        dps *= 3


def check_verify(case, data):
    unsound, defects = [], []
    verdict = data.get("verdict")
    holds = case["holds"]
    if verdict in ("proved", "true") and not holds:
        unsound.append(f"false claim {verdict}")
    if verdict == "approximate" and not holds and not case.get("approx_ok"):
        unsound.append("approximate for a false claim that is no rounding/truncation")
    if verdict == "refuted":
        if holds:
            unsound.append("true claim refuted")
        cx = data.get("counterexample") or {}
        if cx.get("x") is not None:
            try:
                ok, d = predicate(case, parse(str(cx["x"])))
            except (ValueError, TypeError, sp.SympifyError) as exc:
                defects.append(f"unreadable counterexample x={cx['x']!r}: {exc}")
                return unsound, defects
            if ok:
                unsound.append(f"counterexample x = {cx['x']} satisfies the claim (lhs - rhs = {mp.nstr(d, 10)})")
            if cx.get("lhs") is not None and cx.get("rhs") is None:
                # the printed value is the prover's f at x: lhs - rhs (bound 0) or the left side (bound = the constant rhs)
                try:
                    g = mp.mpf(str(cx["lhs"]))
                    with mp.workdps(300):
                        xv = num(parse(str(cx["x"])), 310)
                        cands = [d, mp.mpf(case["lhs"](xv))]
                    # README: every decimal shown is the correctly rounded value, with as many digits as certified;
                    # so the printed decimal must be within one unit of its last digit (relative 10^-(digits-1))
                    digits = len(re.sub(r"\D", "", str(cx["lhs"]).lower().split("e")[0]).lstrip("0"))
                    rtol = mp.mpf(10) ** -(max(digits, 2) - 1)
                    if all(abs(g - c) > abs(c) * rtol for c in cands):
                        defects.append(f"counterexample prints the value {cx['lhs']} at x = {cx['x']}; "
                                       f"lhs - rhs there is {mp.nstr(d, 17)}, lhs {mp.nstr(cands[1], 17)}")
                except (ValueError, TypeError):
                    pass
    return unsound, defects


def judge(case, reply):
    """-> (unsound, defects, notes)"""
    unsound, defects, notes = [], [], []
    rc = reply.get("rc")
    if rc in ("hang", "crash", "escaped") or rc == 4:
        defects.append(f"rc={rc} {reply.get('stderr', '')[-300:]}")
        return unsound, defects, notes
    if "Traceback" in reply.get("stderr", ""):
        defects.append("traceback on stderr")
    try:
        data = json.loads(reply.get("stdout") or "")
    except ValueError:
        defects.append(f"no JSON (rc={rc})")
        return unsound, defects, notes
    if "error" in data:
        notes.append(f"refused: {data['error'].get('message', '')[:150]}")
        if data["error"].get("exit_code") == 4:
            defects.append("internal error")
        return unsound, defects, notes
    if case["kind"] == "prove":
        for p in check_prove(case, data):
            (notes if p.startswith("unreadable") else unsound).append(p)
        st = [c["status"] for c in data.get("claims", [])]
        notes.append(f"{st.count('proved')} proved, {st.count('unknown')} unknown, {st.count('refuted')} refuted")
    else:
        u, d = check_verify(case, data)
        unsound += u
        defects += d
        notes.append(data.get("verdict"))
    return unsound, defects, notes
