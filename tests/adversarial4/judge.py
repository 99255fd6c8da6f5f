"""Reading symact's JSON and deciding sound / unsound for each kind of case.  SymPy is used only
to read symact's strings; every value is then evaluated with mpmath and compared with my truth."""
from __future__ import annotations

import json
import re
import sys

import mpmath as mp
import sympy as sp

from tests.adversarial4.mpdefs import make, mpf

TOL = mp.mpf(10) ** -35
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)   # exact bounds such as sup^1000 have ~30,000 digits
PNAMES = ["negative_slope", "a", "alpha", "lambda", "beta", "b", "min_val", "max_val", "lambd"]


def _locals():
    loc = {n: sp.Symbol(n) for n in PNAMES if n != "lambda"}
    loc.update({"lam_": sp.Symbol("lambda"), "x": sp.Symbol("x"), "f": sp.Symbol("f"),
                "oo": sp.oo, "pi": sp.pi, "E": sp.E})
    return loc


def parse(text: str):
    text = re.sub(r"\blambda\b", "lam_", text)
    e = sp.sympify(text, locals=_locals())
    if isinstance(e, (set, frozenset)):
        e = sp.FiniteSet(*e)
    return e


def subs_params(expr, params: dict):
    return expr.subs({sp.Symbol(k): sp.Rational(v.numerator, v.denominator) if hasattr(v, "numerator")
                      else sp.Float(str(v), 80) for k, v in params.items()})


def num(expr) -> mp.mpf:
    if expr == sp.oo:
        return mp.inf
    if expr == -sp.oo:
        return -mp.inf
    v = sp.N(expr, 80)
    if not v.is_real:
        raise ValueError(f"not a real number: {expr}")
    return mp.mpf(str(v))


def close(a, b, tol=TOL) -> bool:
    a, b = mpf(a), mpf(b)
    if mp.isinf(a) or mp.isinf(b):
        return a == b
    return abs(a - b) <= tol * max(abs(a), abs(b), mp.mpf(10) ** -400) or abs(a - b) < mp.mpf(10) ** -600


def intervals(expr) -> list:
    """A SymPy set as a list of (lo, hi, lc, rc) with mpmath endpoints."""
    if isinstance(expr, sp.Union):
        return sorted(sum((intervals(a) for a in expr.args), []), key=lambda t: t[0])
    if isinstance(expr, sp.Interval):
        return [(num(expr.start), num(expr.end), not expr.left_open, not expr.right_open)]
    if isinstance(expr, sp.FiniteSet):
        return [(num(a), num(a), True, True) for a in expr.args]
    raise ValueError(f"not a set: {expr}")


def same_intervals(got, want) -> bool:
    if len(got) != len(want):
        return False
    for (a, b, lc, rc), (A, B, LC, RC) in zip(got, want):
        if not (close(a, A) and close(b, B)):
            return False
        if not mp.isinf(A) and lc != LC:
            return False
        if not mp.isinf(B) and rc != RC:
            return False
    return True


def _cont_level(text: str):
    m = re.match(r"C\^(\d+|inf)", text)
    if m:
        return "inf" if m.group(1) == "inf" else int(m.group(1))
    if "discontinuous" in text or "not continuous" in text:
        return -1
    return None


def _condition(text: str, params):
    m = re.search(r"where (.*)\)\s*$", text)
    if not m:
        return None
    return bool(subs_params(parse(m.group(1)), params))


def check_prove_claim(c, truth, params) -> list[str]:
    prop, val = c["property"], c["value"]
    if prop not in truth or val is None:
        return []
    want = truth[prop]
    tag = f"{prop} = {val!r} at {dict((k, str(v)) for k, v in params.items())}"
    try:
        if prop == "range":
            got = intervals(subs_params(parse(val), params))
            return [] if same_intervals(got, want) else [f"false proved {tag}; truth {want}"]
        if prop in ("limit_-oo", "limit_oo", "value_at_0", "max", "min", "sup_derivative", "inf_derivative", "lipschitz"):
            out = []
            enc = c.get("enclosure")
            if enc and not c.get("symbolic"):
                lo, hi = (num(subs_params(parse(e), params)) for e in enc)
                if not (lo - TOL * abs(lo) <= mpf(want) <= hi + TOL * abs(hi)):
                    out.append(f"false proved {tag}: enclosure {enc} misses {mp.nstr(mpf(want), 20)}")
            else:
                g = num(subs_params(parse(val), params))
                tol = TOL
                if re.fullmatch(r"-?\d+\.\d+(e[-+]?\d+)?", val.strip()):
                    tol = mp.mpf(10) ** -(len(re.sub(r"\D", "", val.split("e")[0]).lstrip("0")) - 2)
                if not close(g, want, tol):
                    out.append(f"false proved {tag} = {mp.nstr(g, 25)}; truth {mp.nstr(mpf(want), 25)}")
            att = truth.get(prop + "_attained")
            if att is not None and c.get("attained") is not None and bool(c["attained"]) != att:
                out.append(f"false attained flag for {tag}: {c['attained']}, truth {att}")
            return out
        if prop == "continuity":
            cond = _condition(val, params)
            lvl = _cont_level(val)
            if lvl is None:
                return []
            if cond:
                ok = want == "inf" or (want != -1 and lvl != "inf" and want > lvl)
            else:
                ok = lvl == want
            return [] if ok else [f"false proved {tag}; truth C^{want}"]
        if prop == "differentiable":
            cond = _condition(val, params)
            if val.startswith("everywhere"):
                ok = want == []
            else:
                m = re.search(r"except at (\{.*?\})", val)
                if not m:
                    return []
                pts = sorted(num(subs_params(a, params)) for a in parse(m.group(1)).args)
                ok = (want == [] and bool(cond)) or (len(pts) == len(want) and all(close(p, mpf(w)) for p, w in zip(pts, sorted(mpf(w) for w in want))))
            return [] if ok else [f"false proved {tag}; truth except at {want}"]
        if prop == "monotonic":
            ok = {"increasing": ("increasing",), "non-decreasing": ("increasing", "non-decreasing"),
                  "decreasing": (), "non-increasing": ()}.get(val)
            if ok is None:   # a "not monotonic" word
                return [] if want == "no" else [f"false proved {tag}; truth {want}"]
            return [] if want in ok else [f"false proved {tag}; truth {want}"]
        if prop == "convexity":
            ok = {"convex": ("convex", "affine"), "concave": ("concave", "affine"), "affine": ("affine",),
                  "neither": ("neither",)}.get(val, (want,))
            return [] if want in ok else [f"false proved {tag}; truth {want}"]
        if prop == "symmetry":
            if val in ("odd", "even", "none"):
                return [] if val == want else [f"false proved {tag}; truth {want}"]
            if val == "point-symmetric":
                return [] if want != "none" else [f"false proved {tag}; truth none"]
            return []
    except (ValueError, TypeError, sp.SympifyError) as exc:
        return [f"could not read {tag}: {exc}"]
    return []


def base_problems(reply) -> list[str]:
    rc = reply["rc"]
    if rc in ("hang", "crash", "escaped") or rc == 4:
        return [f"rc={rc} {reply.get('stderr', '')[-400:]}"]
    if "Traceback" in reply.get("stderr", "") or "Traceback" in reply.get("stdout", ""):
        return ["traceback"]
    if rc == 2:
        lines = [ln for ln in reply["stderr"].splitlines() if ln.strip()]
        if len(lines) != 1 or not lines[0].startswith("error:"):
            return [f"exit 2 without one error: line: {reply['stderr'][:300]!r}"]
    return []


def load(reply):
    try:
        return json.loads(reply["stdout"])
    except ValueError:
        return None


def judge(case, reply, cases_mod=None) -> tuple[list[str], list[str]]:
    """(problems, notes): problems make the test fail."""
    probs = base_problems(reply)
    if probs or reply["rc"] == 2:
        return probs, ["refused"] if reply["rc"] == 2 else []
    data = load(reply)
    if data is None:
        return ["stdout is not JSON"], []
    kind = case["kind"]
    fn = {"prove": _prove, "relations": _relations, "verify": _verify, "gradient": _gradient,
          "derive": _derive, "audit": _audit}[kind]
    return fn(case, data, reply)


def _prove(case, data, reply):
    from tests.adversarial4.cases import FAMILY
    probs, notes = [], []
    fam = FAMILY[case["act"]]
    for c in data["claims"]:
        if c["status"] == "unknown":
            notes.append(f"unknown {c['property']}")
            continue
        if c["status"] == "refuted":
            notes.append(f"refuted {c['property']}")
            continue
        for params in case["samples"]:
            c2 = dict(c, symbolic=case["symbolic"])
            probs += check_prove_claim(c2, fam(params), params)
    return probs, notes


def _pts():
    return [mp.mpf(i) / 7 for i in range(-70, 71, 3)] + [mp.mpf(v) for v in ("1e-20", "-1e-20", "35", "-35", "0.5", "-0.5")]


def _relations(case, data, reply):
    from tests.adversarial4.cases import REL_TRUTH
    probs, notes = [], []
    for c in data.get("relations", []):
        name = c["value"]
        if c["status"] == "unknown":
            notes.append(f"unknown relation {name}")
            continue
        true = name in REL_TRUTH
        if true:
            for x in _pts():
                a, b = REL_TRUTH[name](x)
                if not close(a, b, mp.mpf(10) ** -30):
                    true = False
                    break
        else:
            notes.append(f"relation not in my table: {name}")
            continue
        if c["status"] == "proved" and not true:
            probs.append(f"false proved relation {name}")
        if c["status"] == "refuted" and true:
            probs.append(f"refuted true relation {name}")
        cert = (c.get("certificate") or {}).get("data") or {}
        if c["status"] == "proved" and "lhs" in cert:
            L, Rr = parse(cert["lhs"]), parse(cert["rhs"])
            x = sp.Symbol("x")
            for xv in _pts()[::4]:
                a, b = num(L.subs(x, sp.Float(str(xv), 80))), num(Rr.subs(x, sp.Float(str(xv), 80)))
                if not close(a, b, mp.mpf(10) ** -30):
                    probs.append(f"certificate of {name} has lhs != rhs at x = {xv}")
                    break
    return probs, notes


def _verify(case, data, reply):
    from tests.adversarial4.truth_verify import claim_truth_holds_at
    v = data.get("verdict")
    truth = case["truth"]
    probs, notes = [], [v]
    if v == "proved" and not truth:
        probs.append("proved a false claim")
    if v == "approximate" and not truth:
        probs.append("approximate for a false claim")
    if v == "refuted" and truth:
        probs.append("refuted a true claim")
    ce = data.get("counterexample")
    if v == "refuted" and isinstance(ce, dict) and "x" in ce and case.get("pred"):
        try:
            x = num(parse(str(ce["x"])))
            if claim_truth_holds_at(case, x):
                probs.append(f"counterexample x = {ce['x']} where the claim holds")
        except (ValueError, TypeError, sp.SympifyError):
            notes.append(f"unreadable counterexample {ce}")
    return probs, notes


def _gradient(case, data, reply):
    notes = [data.get("status")]
    if data.get("status") != "proved":
        return [], notes
    if "gsamples" not in case:
        return _gradient_one(case, data, {}), notes
    probs = []
    for params, sup, inf, sa, ia, dprime in case["gsamples"]:
        one = dict(case, sup=mpf(sup), inf=mpf(inf), sup_att=sa, inf_att=ia, dprime=dprime,
                   splits=[s * mpf(v) for v in params.values() for s in (1, -1)])
        probs += [f"{pp} at {dict((k, str(v)) for k, v in params.items())}" for pp in _gradient_one(one, data, params)]
    return probs, notes


def _gradient_one(case, data, params):
    probs, notes = [], []
    P = lambda text: subs_params(parse(str(text)), params)  # noqa: E731
    sup, inf, n = case["sup"], case["inf"], case["depth"]
    M = max(abs(sup), abs(inf))

    def rd(key):
        v = data.get(key)
        return None if v is None else num(P(v))
    for side, truth in (("sup", sup), ("inf", inf)):
        got = rd(f"{side}_derivative")
        enc = data.get(f"{side}_derivative_enclosure")
        if enc:
            lo, hi = (num(P(e)) for e in enc)
            if not lo - TOL <= truth <= hi + TOL:
                probs.append(f"{side} f' enclosure {enc} misses {mp.nstr(truth, 25)}")
        elif got is not None and not close(got, truth, mp.mpf(10) ** -15 if "." in str(data[f"{side}_derivative"]) else TOL):
            probs.append(f"{side} f' = {data[f'{side}_derivative']}, truth {mp.nstr(truth, 25)}")
    for key, want in (("sup_attained", case["sup_att"]), ("inf_attained", case["inf_att"])):
        if data.get(key) is not None and data[key] != want:
            probs.append(f"{key} = {data[key]}, truth {want}")
    b = rd("bound")
    if b is not None:
        true_b = M ** n
        if b < true_b * (1 - TOL):
            probs.append(f"bound {mp.nstr(b, 20)} below the true sup |f'|^n = {mp.nstr(true_b, 20)}")
        if data.get("sup_abs_derivative_exact") and not close(b, true_b):
            probs.append(f"exact bound {mp.nstr(b, 20)} != sup|f'|^n = {mp.nstr(true_b, 20)}")
    sa = rd("sup_abs_derivative")
    if sa is not None and sa < M * (1 - TOL):
        probs.append(f"sup |f'| = {mp.nstr(sa, 20)} below the truth {mp.nstr(M, 20)}")
    if data.get("product_range"):
        got = intervals(P(data["product_range"]))
        # products of n values of f' in [inf, sup]: the set contains these points
        need = []
        if inf >= 0:
            need = [(inf ** n, case["inf_att"]), (sup ** n, case["sup_att"])]
            mids = [(inf ** n + sup ** n) / 2]
        else:
            need = [(inf * sup ** (n - 1), case["inf_att"] and case["sup_att"]), (sup ** n, case["sup_att"])]
            if -inf > sup and n % 2 == 0:
                need.append((inf ** n, case["inf_att"]))
            mids = [mp.mpf(0)]
        pts = [(p, True) for p in mids]
        # an unattained end must be approached: points just inside
        for p, att in need:
            pts.append((p, att)) if att else None
        for p, _ in pts:
            if not any((a < p < b) or (p == a and lc) or (p == b and rc) or close(p, a) and lc or close(p, b) and rc for a, b, lc, rc in got):
                probs.append(f"product range {data['product_range']} misses attainable {mp.nstr(p, 20)}")
    g = data.get("grows")
    if g is not None and bool(g) != (M > 1):
        probs.append(f"grows = {g}, truth {M > 1}")
    dte = data.get("depth_to_epsilon")
    eps = case["eps"]
    if dte is not None:
        k = int(dte)
        if not (M ** k <= eps):
            probs.append(f"depth_to_epsilon {k}: bound {mp.nstr(M ** k, 10)} not below {eps}")
        if k > 1 and M ** (k - 1) < eps:
            probs.append(f"depth_to_epsilon {k}: already below at {k - 1}")
    elif M < 1 and M ** 1000 < eps:
        notes.append("depth_to_epsilon missing")
    cw = data.get("critical_weight")
    if cw not in (None, "oo") and M > 0 and not close(num(P(cw)), 1 / M, mp.mpf(10) ** -14):
        probs.append(f"critical weight {cw}, truth {mp.nstr(1 / M, 20)}")
    ed = data.get("expected_derivative") or {}
    e_true = expected_derivative(case)
    if e_true is not None:
        encl = ed.get("enclosure") if isinstance(ed, dict) else None
        if encl:
            lo, hi = (mp.mpf(e) for e in encl)
            if not lo - mp.mpf(10) ** -30 <= e_true <= hi + mp.mpf(10) ** -30:
                probs.append(f"E f'(Z) enclosure {encl} misses {mp.nstr(e_true, 20)}")
        elif data.get("expected_derivative_normal") is not None:
            v = data["expected_derivative_normal"]
            g = num(P(v))
            tol = mp.mpf(10) ** -9 if "." in v else mp.mpf(10) ** -25
            if not close(g, e_true, tol) and abs(g - e_true) > tol:
                probs.append(f"E f'(Z) = {v}, truth {mp.nstr(e_true, 20)}")
    return probs


def expected_derivative(case):
    """E f'(Z), Z ~ N(0, 1), by quadrature split at the kinks (my f')."""
    with mp.workdps(50):
        phi = lambda z: mp.exp(-z * z / 2) / mp.sqrt(2 * mp.pi)  # noqa: E731
        pts = sorted(set([mp.mpf(v) for v in (-6, -3, -1, 0, 1, 3, 6)] + list(case.get("splits", []))))
        return +mp.quad(lambda z: mp.mpf(case["dprime"](z)) * phi(z), [-mp.inf] + pts + [mp.inf])


DERIVE_PTS = [mp.mpf(v) for v in ("-30", "-9.5", "-6.25", "-4", "-3.5", "-2.75", "-2", "-1.5", "-1.25", "-0.999",
                                  "-0.75", "-0.5", "-0.3", "-0.1", "-0.01", "-1e-5", "1e-5", "0.01", "0.1", "0.3",
                                  "0.5", "0.75", "0.999", "1.25", "1.5", "2", "2.75", "3.5", "4", "6.25", "9.5", "30",
                                  "-5.9", "5.9", "7", "-7", "2.5e-3", "-2.5e-3", "12", "-12", "0.0625", "-0.0625", "1.7", "-1.7")]


_LAMBDAS: dict = {}


def _eval(expr, x, fval, dps):
    key = sp.srepr(expr)
    fn = _LAMBDAS.get(key)
    if fn is None:
        try:
            fn = sp.lambdify((sp.Symbol("x"), sp.Symbol("f")), expr, modules="mpmath")
        except Exception:  # noqa: BLE001 - fall back to SymPy's evalf
            fn = False
        _LAMBDAS[key] = fn
    if fn:
        try:
            with mp.workdps(dps + 20):
                v = fn(x, fval)
                if isinstance(v, mp.mpc):
                    if abs(v.imag) > mp.mpf(10) ** -(dps // 2) * (1 + abs(v.real)):
                        return None
                    v = v.real
                return mp.mpf(v)
        except (TypeError, ValueError, ZeroDivisionError, NameError, AttributeError):
            pass
    with mp.workdps(dps + 60):
        e = expr.subs({sp.Symbol("x"): sp.Float(mp.nstr(x, dps + 60), dps + 60), sp.Symbol("f"): sp.Float(mp.nstr(fval, dps + 60), dps + 60)})
        v = sp.N(e, dps)
        if v.is_real is False or not v.is_number:
            return None
        return mp.mpf(str(v)) if v.is_real else None


def _derive(case, data, reply):
    from tests.adversarial4.mpdefs import kinks, make
    probs, notes = [], []
    samples = case.get("symbolic_samples") or [None]
    for params in samples:
        f = case["f"] if params is None else make(data["name"], params)
        for dd in data.get("derivatives", []):
            k = dd["order"]
            exprs = [("f^(%d)" % k, dd.get("expr"))]
            if dd.get("in_terms_of_f"):
                exprs.append(("form of f^(%d)" % k, dd["in_terms_of_f"]))
            for label, text in exprs:
                if not text:
                    continue
                try:
                    e = parse(text)
                    if params:
                        e = subs_params(e, params)
                except (sp.SympifyError, TypeError, SyntaxError) as exc:
                    notes.append(f"unreadable {label}: {exc}")
                    continue
                bad = None
                ks = list(case["kinks"]) + (kinks(data["name"], params) if params else [])
                for x in DERIVE_PTS:
                    if any(abs(x - kk) < mp.mpf("1e-3") for kk in ks):
                        continue
                    if label.startswith("form") and abs(x) > 12:
                        continue   # f within 1e-64 of an asymptote: a form in f is ill-conditioned there
                    for dps in (50, 70):
                        with mp.workdps(dps + 20):
                            truth = mp.diff(f, x, k)
                        with mp.workdps(dps + 70):
                            fx = f(x)
                        got = _eval(e, x, fx, dps)
                        if got is None:
                            bad = (x, "not real", truth)
                            break
                        if abs(got - truth) > mp.mpf(10) ** -(dps // 2) * (1 + abs(truth)):
                            bad = (x, got, truth)
                            break
                    if bad:
                        break
                if bad:
                    probs.append(f"{label} = {text} is false at x = {mp.nstr(bad[0], 8)}"
                                 f"{' params ' + str({k2: str(v2) for k2, v2 in params.items()}) if params else ''}: "
                                 f"{bad[1] if isinstance(bad[1], str) else mp.nstr(bad[1], 20)} vs {mp.nstr(bad[2], 20)}"
                                 f" [checked: {dd.get('form_check')}]")
            for kink in dd.get("kinks") or []:
                at = num(subs_params(parse(kink["at"]), params or {}))
                h = mp.mpf(10) ** -12
                for side, sgn in (("left", -1), ("right", 1)):
                    if kink.get(side) is None:
                        continue
                    with mp.workdps(90):
                        want = mp.diff(f, at + sgn * h, k) if k == 1 else None
                    if want is None:
                        continue
                    got = num(subs_params(parse(kink[side]), params or {}))
                    if abs(got - want) > mp.mpf(10) ** -8 * (1 + abs(want)):
                        probs.append(f"order {k} kink at {kink['at']}: {side} {kink[side]}, truth {mp.nstr(want, 15)}")
    return probs, notes


def _audit(case, data, reply):
    probs, notes = [], []
    cells = {(r["row"], c["column"]): c for r in data["rows"] for c in r["cells"]}
    for key, truth in case["cells"].items():
        c = cells.get(key)
        if c is None:
            probs.append(f"cell {key} missing from the audit")
            continue
        v = c["verdict"]
        notes.append(f"{key}:{v}")
        if truth is True and v in ("wrong", "imprecise"):
            probs.append(f"cell {key} {c['printed']!r} is correct but judged {v}: {c.get('evidence')}")
        if truth is False and v == "correct":
            probs.append(f"cell {key} {c['printed']!r} is wrong but judged correct")
    return probs, notes
