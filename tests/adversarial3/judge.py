"""Deciding sound / unsound from symact's JSON (SymPy only to read symact's strings)."""
from __future__ import annotations

import json
import re

import mpmath as mp
import sympy

from tests.adversarial3.cases import M
from tests.adversarial3 import truthlib

mp.mp.dps = 80
TOL = M(10) ** -30


def num(s):
    """a number string of symact -> (mpf or +-inf, tolerance)."""
    s = str(s).strip()
    if s in ("oo", "inf"):
        return mp.inf, 0
    if s in ("-oo", "-inf"):
        return -mp.inf, 0
    e = sympy.sympify(s)
    v = M(str(sympy.N(e, 70)))
    tol = TOL * (1 + abs(v))
    m = re.findall(r"\d+\.(\d+)", s)
    if m:  # a decimal: one unit of its last digit
        digits = max(len(d) for d in m)
        tol = max(tol, M(10) ** -(digits - 1) * (1 + abs(v)))
    return v, tol


def as_points(at):
    """symact's `at` for a set of points -> list of mpf, or 'infinite', or None."""
    if at is None:
        return None
    if isinstance(at, list):
        return [num(a)[0] for a in at]
    e = sympy.sympify(at)
    if isinstance(e, (set, frozenset)):
        return [num(str(p))[0] for p in e]
    if isinstance(e, sympy.FiniteSet):
        return [num(str(p))[0] for p in e.args]
    return "infinite"


def near(a, b, tol=M(10) ** -25):
    return abs(a - b) <= tol * (1 + abs(b))


def fval(f, x):
    try:
        return f(x)
    except Exception:  # noqa: BLE001
        return None


def check_claim(case, c, problems, notes, cache):
    f, t, prop, st, val = case["f"], case["truth"], c["property"], c["status"], c["value"]
    where = f"{prop}={val!r} (at {c.get('at')!r}) {st}"
    if st == "unknown":
        notes.append(f"unknown {prop}")
        return
    if st == "refuted":
        notes.append(f"refuted {where}")
        if prop == "convexity":
            problems.append(f"convexity refuted: {where}")
        return
    if st != "proved":
        notes.append(f"status {st} for {prop}")
        return
    xs = cache.setdefault("xs", truthlib.grid())
    if prop == "convexity":
        if val != t["convexity"]:
            problems.append(f"{where}; truth {t['convexity']}")
            return
        pts = as_points(c.get("at"))
        infl = t.get("infl")
        if infl in ("findroot",) or (isinstance(infl, list) and infl and infl[0] == "findroot"):
            infl = cache.setdefault("roots", truthlib.inflections(case))
        if val != "neither":
            if pts not in (None, []) and pts != "infinite":
                problems.append(f"{where}: inflection points reported for a {val} function")
            return
        if pts is None:
            if isinstance(infl, list) and infl:
                notes.append("neither without inflection points in `at`")
            return
        if infl == "infinite":
            if pts != "infinite":
                problems.append(f"{where}: a finite set of inflections, truth infinitely many")
            return
        if pts == "infinite":
            problems.append(f"{where}: infinite inflection set, truth {infl}")
            return
        if isinstance(infl, list):
            ok = len(pts) == len(infl) and all(any(near(p, q, M(10)**-12 if q != 0 else M(10)**-30)
                                                   for q in infl) for p in pts)
            if not ok:
                problems.append(f"{where}: inflections {[mp.nstr(p, 20) for p in pts]}, truth "
                                f"{[mp.nstr(q, 20) for q in infl]}")
        else:
            allowed = list(t.get("infl_ok") or [])
            if t.get("infl_ok") is not None and not all(any(near(p, q) for q in allowed) for p in pts):
                problems.append(f"{where}: inflection not among the kinks {allowed}")
        return
    if prop == "value_at_0":
        v, tol = num(val)
        y = fval(f, M(0))
        if y is not None and not abs(v - y) <= tol:
            problems.append(f"{where}; f(0)={mp.nstr(y, 20)}")
        return
    if prop in ("max", "min"):
        v, tol = num(val)
        if prop in t:
            tv = t[prop]
            tv = mp.inf if tv == "oo" else (-mp.inf if tv == "-oo" else M(tv))
            if not (v == tv or (mp.isfinite(v) and mp.isfinite(tv) and abs(v - tv) <= tol)):
                problems.append(f"{where}; truth {tv}")
        sgn = 1 if prop == "max" else -1
        if mp.isfinite(v):
            for x in xs:
                y = fval(f, x)
                if y is not None and sgn * (y - v) > tol:
                    problems.append(f"{where}; f({mp.nstr(x, 12)}) = {mp.nstr(y, 20)}")
                    break
            if c.get("attained") and c.get("at"):
                pts = as_points(c["at"]) if not str(c["at"]).startswith("Interval") else None
                for p in pts if isinstance(pts, list) else []:
                    y = fval(f, p)
                    if y is not None and abs(y - v) > tol:
                        problems.append(f"{where}; f({mp.nstr(p, 20)}) = {mp.nstr(y, 20)}")
        return
    if prop == "range":
        e = sympy.sympify(val)
        try:
            lo, hi = num(str(e.inf))[0], num(str(e.sup))[0]
        except Exception:  # noqa: BLE001
            notes.append(f"range not read: {val}")
            return
        for x in xs:
            y = fval(f, x)
            if y is not None and (y < lo - TOL * (1 + abs(y)) or y > hi + TOL * (1 + abs(y))):
                problems.append(f"{where}; f({mp.nstr(x, 12)}) = {mp.nstr(y, 20)}")
                break
        return
    if prop in ("sup_derivative", "inf_derivative", "lipschitz"):
        v, tol = num(val)
        if not mp.isfinite(v):
            return
        if prop == "lipschitz" and t.get("cont") == "discontinuous":
            problems.append(f"{where}: f is discontinuous, no finite Lipschitz constant")
            return
        h = M(10) ** -30
        pts = [(x, h) for x in xs[:801]]
        if prop == "lipschitz":
            pts += [(mp.mpf(x), mp.mpf(hh)) for x, hh in t.get("probes", [])]
        for x, hh in pts:
            d = (f(x + hh) - f(x - hh)) / (2 * hh)
            bad = {"sup_derivative": d - v, "inf_derivative": v - d, "lipschitz": abs(d) - v}[prop]
            if bad > tol + M(10) ** -20:
                problems.append(f"{where}; difference quotient {mp.nstr(d, 20)} at {mp.nstr(x, 15)}")
                break
        return
    if prop == "monotonic":
        if "mono" in t and val != t["mono"]:
            problems.append(f"{where}; truth {t['mono']}")
        ys = [f(x) for x in xs[:801]]
        d = [b - a for a, b in zip(ys, ys[1:])]
        tol = M(10) ** -40
        if val in ("increasing", "non-decreasing") and min(d) < -tol:
            problems.append(f"{where}; f decreases on the grid")
        if val in ("decreasing", "non-increasing") and max(d) > tol:
            problems.append(f"{where}; f increases on the grid")
        if val == "constant" and (max(d) > tol or min(d) < -tol):
            problems.append(f"{where}; f not constant")
        if val == "not monotonic" and (min(d) >= -tol or max(d) <= tol) and "mono" not in t:
            notes.append("not monotonic unconfirmed on the grid")
        return
    if prop == "symmetry":
        if "sym" in t and val != t["sym"]:
            problems.append(f"{where}; truth {t['sym']}")
        xs2 = [x for x in xs[:801:7]]
        ev = max(abs(f(-x) - f(x)) for x in xs2)
        od = max(abs(f(-x) + f(x)) for x in xs2)
        tol = M(10) ** -30
        if val == "even" and ev > tol:
            problems.append(f"{where}; f(-x) != f(x)")
        if val == "odd" and od > tol:
            problems.append(f"{where}; f(-x) != -f(x)")
        if val == "point-symmetric":
            cc = num(c["at"][1])[0]
            if max(abs(f(-x) + f(x) - 2 * cc) for x in xs2) > tol:
                problems.append(f"{where}; not point-symmetric")
        if val == "none" and (ev <= tol or od <= tol):
            problems.append(f"{where}; f is even or odd on the grid")
        return
    if prop in ("continuity", "differentiable"):
        if t.get("cont") == "discontinuous" and (str(val).startswith("C^") or val == "everywhere"):
            problems.append(f"{where}; f is discontinuous")
        return


def judge(case, reply):
    problems, notes = [], []
    rc = reply["rc"]
    if rc in ("hang", "crash", "escaped") or rc == 4 or "Traceback" in reply.get("stderr", ""):
        return [f"rc={rc} stderr={reply.get('stderr', '')[-300:]}"], notes
    if rc == 2:
        return [], [f"refused: {reply.get('stderr', '').strip()[:200]}"]
    try:
        d = json.loads(reply["stdout"])
    except Exception:  # noqa: BLE001
        return [f"unparseable stdout rc={rc}: {reply['stdout'][:200]}"], notes
    cache = {}
    for c in d.get("claims", []):
        try:
            check_claim(case, c, problems, notes, cache)
        except Exception as exc:  # noqa: BLE001 - my reading failed: a note, not a verdict
            notes.append(f"judge could not read {c['property']}: {exc!r}")
    if not any(c["property"] == "convexity" for c in d.get("claims", [])):
        notes.append("no convexity claim")
    return problems, notes
