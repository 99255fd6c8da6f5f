"""One prover function per property: each turns the images and sign charts into a
:class:`~symact.results.Claim` with its certificate."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import mpmath
import sympy as sp

from .. import asymptotics, budget
from .. import certificate as C
from ..derive import in_terms_of_f, one_sided
from ..intervals import DomainError, before, const_iv, disjoint, sign_of_constant
from ..results import Certificate, Claim, ProofStep
from ..spec import Activation, f as F, x as X
from .base import cmp, deriv, enclosure_of, ex, fk, limit_of, num_float, show, step_seconds, Unknown
from .prose import fk_at, fkm, interval_m, M, num_segs, num_text, rel_m, TO, X_IN
from .images import breakpoints_cert, line_image, LineImage, nice_value, period_of


def checked_claim(claim: Claim, act: Activation, session: Any) -> Claim:
    """Run the checker on a proved claim's certificate; rejected -> unknown."""
    if claim.status != "proved":
        return claim
    cert = claim.certificate
    if cert is None:
        return dataclasses.replace(claim, status="unknown", reason="no certificate")
    ok, note = C.check(cert, act, session)
    if not ok:
        return dataclasses.replace(claim, status="unknown", reason=f"the checker rejected the certificate: {note}",
                                   certificate=dataclasses.replace(cert, checked=False, check_note=note))
    _mark_checked(session)
    return dataclasses.replace(claim, certificate=dataclasses.replace(cert, checked=True, check_note=note))


def _mark_checked(session: Any) -> None:
    """Record on the nested certificates that the checker accepted them in this session."""
    for sub in session.keep:
        if not sub.checked:
            object.__setattr__(sub, "checked", True)
            object.__setattr__(sub, "check_note", f"re-verified ({sub.kind})")


def unknown(prop: str, reason: str, value: Any = None) -> Claim:
    return Claim(prop, value, status="unknown", reason=reason)


def value_claim(prop: str, line: LineImage, key: str, method: str) -> Claim:
    d = line.data
    num = d[key]
    att = bool(d[f"{key}_attained"])
    at = (line.argsup if key == "sup" else line.arginf) if att else None
    at_enc = (line.argsup_enc if key == "sup" else line.arginf_enc) if att else None
    enc = tuple(num["enclosure"]) if "enclosure" in num else None
    value = show(num)
    word = {"max": "maximum", "min": "minimum", "sup_derivative": "supremum of f'", "inf_derivative": "infimum of f'"}[prop]
    word_segs = {"sup_derivative": ["supremum of ", fkm(1)], "inf_derivative": ["infimum of ", fkm(1)]}.get(prop, [word])
    if att:
        reason = f"the {word} is {value}, attained"
    else:
        reason = f"{word}: {value} is {'approached but never attained' if not value.is_infinite else 'the bound (unbounded)'}"
    cert = Certificate("extremum", {"line_image": line.cert, "order": d["order"], "key": key, "value": num, "attained": att, "at": at},
                       (*line.cert.steps, ProofStep("so the ", *word_segs, " is ", *num_segs(num),
                                                    *((", attained at ", X_IN, at, ".") if att else (", not attained.",)))))
    return Claim(prop, value, at=at, attained=att, status="proved", method=method,
                 enclosure=enc, certificate=cert, reason=reason, at_enclosure=at_enc)


def chart_method(line: LineImage) -> str:
    """A short description of how the chart(s) behind a line image were proved."""
    kinds = set()
    for img in line.images:
        for it in img.data.get("chart", []):
            t = it["type"]
            if t in ("cover", "simple-root"):
                kinds.add("interval arithmetic")
            elif t == "tail":
                kinds.add("tail proofs")
            elif t in ("symbolic", "point"):
                kinds.add("signs by assumptions")
            elif t == "root":
                kinds.add("exact critical points")
    if any("enclosure" in line.data[k] for k in ("sup", "inf")):
        kinds.add("enclosures")
    if line.periodic is not None:
        kinds.add("periodicity")
    return ", ".join(["sign chart of the derivative"] + sorted(kinds))


def range_claim(act: Activation, k: int) -> Claim:
    prop = "range" if k == 0 else f"range_d{k}"
    try:
        line = line_image(act, k)
    except Unknown as exc:
        return unknown(prop, str(exc))
    d = line.data
    enc = None
    for key in ("inf", "sup"):
        if "enclosure" in d[key]:
            enc = tuple(d[key]["enclosure"])
    reason = f"range of {fk(k)}: {d['range']}"
    if enc:
        reason += f" (the {'lower' if 'enclosure' in d['inf'] else 'upper'} end is known to lie in the enclosure)"
    return Claim(prop, d["range"], status="proved", method=chart_method(line), enclosure=enc, certificate=line.cert, reason=reason)


def limit_claim(act: Activation, end: sp.Expr) -> Claim:
    prop = "limit_-oo" if end is sp.S.NegativeInfinity else "limit_oo"
    T = period_of(act)
    if T is not None:
        # a non-constant periodic function has no limit
        pts = None
        for p1, p2 in ((sp.Integer(0), sp.Integer(1)), (sp.Integer(0), sp.Rational(1, 3)), (sp.Integer(1), sp.Integer(2))):
            try:
                a, b = const_iv(act.expr.xreplace({X: p1})), const_iv(act.expr.xreplace({X: p2}))
            except DomainError:
                continue
            if disjoint(a, b):
                pts = (p1, p2)
                break
        if pts is None:
            return unknown(prop, "periodic, but no two points with different values found")
        cert = Certificate("no-limit", {"period": T, "points": pts},
                           (ProofStep(M("f(x + "), T, M(") = f(x)"), " and ", *fk_at(0, pts[0]), rel_m("!="), *fk_at(0, pts[1]),
                                      ": ", M("f"), " keeps taking both values, so it has no limit."),))
        return Claim(prop, "does not exist", status="proved", method="periodicity", certificate=cert,
                     reason=f"f is periodic (period {T}) and not constant")
    i = 0 if end is sp.S.NegativeInfinity else len(act.pieces.pieces) - 1
    try:
        v = limit_of(act, i, 0, end)
    except Unknown as exc:
        try:
            nl = budget.run(asymptotics.no_limit, deriv(act, i, 0), end, seconds=budget.default_seconds(), what="no-limit sequences")
        except budget.Timeout:
            nl = None
        if nl is None:
            return unknown(prop, str(exc))
        (c1, c2), (l1, l2) = nl.points, nl.limits
        sg = "" if end is sp.oo else "-"
        cert = Certificate("no-limit", {"sequences": {"end": end, "period": nl.period, "points": (c1, c2), "limits": (l1, l2)}},
                           (ProofStep(M(f"f({sg}kT + c)", f"f({sg}kT + c)"), " with ", M("T = "), nl.period, " (k an integer): every sine and cosine in ",
                                      M("f"), " has the same value for all k, and ", M(f"f({sg}kT + c1)", f"f({sg}kT + c_1)"), TO, l1, ", ",
                                      M(f"f({sg}kT + c2)", f"f({sg}kT + c_2)"), TO, l2, " (", M("c1 = ", "c_1 = "), c1, ", ", M("c2 = ", "c_2 = "), c2,
                                      "; limits proved by the asymptotic normal form): two different limits, so ", M("f"),
                                      " has none."),))
        return Claim(prop, "does not exist", status="proved", method="two sequences", certificate=cert,
                     reason=f"f({sg}kT + {c1}) -> {l1} and f({sg}kT + {c2}) -> {l2} (k an integer) with T = {nl.period}")
    cert = Certificate("limit", {"end": end, "order": 0, "value": v},
                       (ProofStep(M("f(x)"), TO, v, " as ", M("x"), TO, end,
                                  " (the leading terms of an exact asymptotic normal form: a rational function of ", M("x"),
                                  ", decaying exponentials and bounded atoms)."),))
    return Claim(prop, v, status="proved", method="limit (asymptotic normal form)", certificate=cert, reason=f"f(x) -> {v} as x -> {end}")


def value0_claim(act: Activation) -> Claim:
    v = C.value_of(act, sp.Integer(0))
    if v is None:
        return unknown("value_at_0", "f(0) is not defined")
    if v.free_symbols:
        try:
            v = budget.run(sp.simplify, v, seconds=step_seconds(), what="simplifying f(0)")
        except budget.Timeout:
            pass  # f(0) as it is: exact, only less readable
    v = nice_value(v)
    cert = Certificate("value", {"x": sp.Integer(0), "value": v}, (ProofStep(M("f(0) = "), v, "."),))
    return Claim("value_at_0", v, at=sp.Integer(0), status="proved", method="evaluation", certificate=cert, reason=f"f(0) = {v}")


def _witness_points() -> list[sp.Rational]:
    return [sp.Rational(n, d) for n, d in ((1, 1), (2, 1), (1, 2), (3, 1), (5, 1), (10, 1), (1, 10), (7, 3), (20, 1))]


def zero_centered_claim(act: Activation) -> Claim:
    v0 = C.value_of(act, sp.Integer(0))
    if v0 is None:
        return unknown("zero_centered", "f(0) is not defined")
    s0 = sign_of_constant(v0) if not v0.free_symbols else (1 if v0.is_positive else -1 if v0.is_negative else (0 if v0 == 0 else None))
    if s0 is None and C.is_zero(v0):
        s0 = 0
    definition = "zero-centred means f(0) = 0 and f takes negative and positive values"
    if s0 in (1, -1):
        cert = Certificate("zero-centered", {"value_at_0": v0, "result": "no"}, (ProofStep(M("f(0) = "), v0, rel_m("!="), M("0"), "."),))
        return Claim("zero_centered", "no", status="proved", method="evaluation", certificate=cert, reason=f"f(0) = {v0} != 0 ({definition})")
    if s0 != 0:
        return unknown("zero_centered", f"cannot decide the sign of f(0) = {v0}")
    neg = pos = None
    for p in _witness_points():
        for q in (p, -p):
            try:
                v = C.value_of(act, q)
                sg = C.sign_exact(v) if v is not None else None
            except Exception:  # noqa: BLE001
                continue
            if neg is None and sg == -1:
                neg = q
            if pos is None and sg == 1:
                pos = q
    if neg is not None and pos is not None:
        cert = Certificate("zero-centered", {"value_at_0": v0, "result": "yes", "negative_at": neg, "positive_at": pos},
                           (ProofStep(M("f(0) = 0"), ", ", *fk_at(0, neg, " < 0"), " and ", *fk_at(0, pos, " > 0"), "."),))
        return Claim("zero_centered", "yes", status="proved", method="evaluation", certificate=cert,
                     reason=f"f(0) = 0, f({neg}) < 0 < f({pos}) ({definition})")
    try:
        line = line_image(act, 0)
    except Unknown as exc:
        return unknown("zero_centered", str(exc))
    zero = ex(sp.Integer(0))
    if C.compare_nums(line.data["inf"], zero) not in (0, 1) and C.compare_nums(line.data["sup"], zero) not in (0, -1):
        return unknown("zero_centered", "f(0) = 0, but no witnesses of both signs were found and the range is not on one side of 0")
    cert = Certificate("zero-centered", {"value_at_0": v0, "result": "no", "line_image": line.cert},
                       (ProofStep(M("f(0) = 0"), " but the range ", line.data["range"], " lies on one side of ", M("0"), "."),))
    return Claim("zero_centered", "no", status="proved", method="range", certificate=cert,
                 reason=f"f(0) = 0 but f takes values of one sign only (range {line.data['range']}); {definition}")


def symmetry_claim(act: Activation) -> Claim:
    pcs = act.pieces
    v0 = C.value_of(act, sp.Integer(0))
    cands = [("odd", sp.Integer(0)), ("even", None)]
    if v0 is not None and v0 != 0:
        cands.append(("point", v0))
    session = C.new_session(act)
    for kind, c in cands:
        cert = Certificate("symmetry", {"type": kind, "c": c}, ())
        ok, _ = C.check(cert, act, session)
        if ok:
            text = "f(-x) = -f(x)" if kind == "odd" else ("f(-x) = f(x)" if kind == "even" else f"f(-x) = {2 * c} - f(x)")
            ident = [M(text)] if kind != "point" else [M("f(-x) = "), 2 * c, M(" - f(x)")]
            cert = Certificate("symmetry", {"type": kind, "c": c},
                               (ProofStep(*ident, " for every ", M("x"), " (symbolic identity on each piece and at each breakpoint)."),))
            value = kind if kind != "point" else "point-symmetric"
            return Claim("symmetry", value, at=(sp.Integer(0), c) if kind == "point" else None, status="proved",
                         method="symbolic identity", certificate=cert, reason=text)
    if act.free_params:
        return unknown("symmetry", "no symmetry identity found, and witnesses need numeric parameters")
    # witnesses against every symmetry about x = 0
    vals = {}
    skipped = []
    for p in [sp.Integer(0), *_witness_points()]:
        try:  # one budget per point: f(20) of e^(e^(e^x)) has 10^8 digits; skip it, keep the others
            vals[p] = budget.run(lambda q=p: (C.enclose_value(act, q), C.enclose_value(act, -q)),
                                 seconds=step_seconds() / 2, what=f"enclosing f(+-{p})")
        except budget.Timeout:
            skipped.append(p)
        except Exception as exc:  # noqa: BLE001
            return unknown("symmetry", f"cannot evaluate witnesses: {exc}")
    pts = list(vals)
    if not pts:
        return unknown("symmetry", f"no witness point could be evaluated within the time budget (tried x = +-{', '.join(map(str, skipped))})")
    x0 = next((p for p in pts if disjoint(*vals[p])), None)
    pair = None
    sums = {p: C.iv_add(*vals[p]) for p in pts}
    for a in pts:
        for b in pts:
            if a != b and disjoint(sums[a], sums[b]):
                pair = (a, b)
                break
        if pair:
            break
    if x0 is None or pair is None:
        return unknown("symmetry", "no symmetry identity found and no witnesses against symmetry either")
    cert = Certificate("symmetry", {"type": "none", "not_even_at": x0, "not_point_at": pair},
                       (ProofStep(*fk_at(0, x0), rel_m("!="), *fk_at(0, -x0), ": not even."),
                        ProofStep(M("f(x) + f(-x)"), " differs at ", M("x = "), pair[0], " and ", M("x = "), pair[1],
                                  ": not odd and not point-symmetric about any ", M("(0, c)"), ".")))
    return Claim("symmetry", "none", status="proved", method="witnesses", certificate=cert,
                 reason=f"not even (x = {x0}), not odd nor point-symmetric (f(x) + f(-x) at x = {pair[0]}, {pair[1]})")


def monotonic_claim(act: Activation) -> Claim:
    try:
        line = line_image(act, 0)
    except Unknown as exc:
        return unknown("monotonic", str(exc))
    if line.periodic is not None:
        # a non-constant periodic function is not monotonic: it has turning points
        img = line.images[0]
        turning = [tp["x"] for tp in img.data["turning"]]
        if not turning:
            return unknown("monotonic", "periodic without turning points")
        return _not_monotonic_from_turning(act, line, turning, periodic=True)
    dirs = [piece_direction(img.data) for img in line.images]
    bps = []
    for j, bp in enumerate(act.pieces.breakpoints):
        left, right = one_sided(act, j, 0)
        signs = (cmp(ex(left), ex(bp.value)), cmp(ex(bp.value), ex(right)))
        bps.append({"at": bp.at, "left": left, "right": right, "value": bp.value, "steps": signs})
    word = C.monotone_word(dirs, [b["steps"] for b in bps])
    turning = [tp["x"] for img in line.images for tp in img.data["turning"]]
    data: dict[str, Any] = {"line_image": line.cert, "directions": dirs, "breakpoints": bps, "result": word, "turning": turning}
    if word == "not monotonic":
        w = _monotone_witness(act, line, dirs, bps)
        if w is None:
            return unknown("monotonic", "not monotonic, but no witness points found")
        data["witness"] = {"x": w}
    dir_words = {"mixed": "increasing and decreasing in turn (turning points)", "constant": "constant"}
    steps = [ProofStep("on ", interval_m(img.data["lo"], img.data["hi"], False, False), " ", M("f"), f" is {dir_words.get(dd, 'strictly ' + dd)}.")
             for img, dd in zip(line.images, dirs)]
    for b in bps:
        steps.append(ProofStep("at ", M("x = "), b["at"], ": ", M("f"), TO, b["left"], " from the left, ", M("f = "), b["value"], ", ",
                               M("f"), TO, b["right"], " from the right."))
    steps.append(ProofStep("hence ", M("f"), f" is {word}."))
    cert = Certificate("monotonic", data, (*line.cert.steps, *steps))
    at = sp.FiniteSet(*[show(t) for t in turning]) if turning else None
    at_enc = next((tuple(t["enclosure"]) for t in turning if "enclosure" in t), None)
    reason = word + (f", turning points at x = {', '.join(num_text(t) for t in turning)}" if turning else "")
    return Claim("monotonic", word, at=at, status="proved", method=chart_method(line), certificate=cert, reason=reason, at_enclosure=at_enc)


def piece_direction(d: dict[str, Any]) -> str:
    """'constant', 'mixed' (turning points), 'increasing' or 'decreasing' from a chart."""
    if d.get("constant"):
        return "constant"
    if d["turning"]:
        return "mixed"
    signs = set()
    for it in d["chart"]:
        if it["type"] in ("tail", "cover", "symbolic"):
            signs.add(it["sign"])
        elif it["type"] == "root":
            c, (cl, cr), sg, m = it["at"], it["box"], it["sign"], it["order"]
            if cr != c:
                signs.add(sg)  # right of the zero
            if cl != c:
                signs.add(sg * (-1) ** m)  # left of the zero
        elif it["type"] == "simple-root":
            signs.update((1, -1))
    if len(signs) != 1:
        raise Unknown("inconsistent signs in a chart without turning points")
    return "increasing" if signs.pop() > 0 else "decreasing"


def _not_monotonic_from_turning(act: Activation, line: LineImage, turning: list[Any], periodic: bool) -> Claim:
    w = _points_around(act, turning[0])
    if w is None:
        return unknown("monotonic", "no witness points")
    T = line.periodic
    n = C.N_INT
    at = sp.Union(*[sp.ImageSet(sp.Lambda(n, show(t) + n * T), sp.S.Integers) for t in turning])
    data = {"line_image": line.cert, "directions": ["mixed"], "breakpoints": [], "result": "not monotonic", "witness": {"x": w}}
    cert = Certificate("monotonic", data, (ProofStep(M("f"), " is periodic and has turning points at ", at, "; ", *fk_at(0, w[0], ", "),
                                                     *fk_at(0, w[1], ", "), *fk_at(0, w[2]), " go up then down (or down then up)."),))
    return Claim("monotonic", "not monotonic", at=at, status="proved", method="periodicity and turning points", certificate=cert,
                 reason=f"not monotonic: turning points at {at}")


def short_rational(v: mpmath.mpf, digits: int) -> sp.Rational:
    """v rounded to ``digits`` significant decimal digits, as an exact Rational."""
    with mpmath.workprec(200):
        return cast("sp.Rational", sp.Rational(mpmath.nstr(v, digits, strip_zeros=True, min_fixed=-mpmath.inf, max_fixed=mpmath.inf)))


def _points_around(act: Activation, t: dict[str, Any]) -> list[Any] | None:
    tf = num_float(t)
    for dlt in (sp.Rational(1, 2), sp.Rational(1, 8), sp.Rational(1, 64)):
        if "exact" in t:
            c = t["exact"]
            xs = [c - dlt, c, c + dlt]
        else:
            c = short_rational(tf, 12)
            xs = [c - dlt, c, c + dlt]
        try:
            vals = [C.enclose_value(act, p) for p in xs]
        except Exception:  # noqa: BLE001
            continue
        if (before(vals[0], vals[1]) and before(vals[2], vals[1])) or (before(vals[1], vals[0]) and before(vals[1], vals[2])):
            return xs
    return None


def _monotone_witness(act: Activation, line: LineImage, dirs: list[Any], bps: list[Any]) -> list[Any] | None:
    for img in line.images:
        for tp in img.data["turning"]:
            w = _points_around(act, tp["x"])
            if w is not None:
                return w
    # pieces going in different directions, or a step the wrong way: sample points
    pts = sorted({p for p in [sp.Rational(n, 4) for n in range(-40, 41)]}, key=lambda v: v)
    vals = []
    for p in pts:
        try:
            vals.append((p, C.enclose_value(act, p)))
        except Exception:  # noqa: BLE001
            continue
    for a in range(len(vals)):
        for b in range(a + 1, len(vals)):
            for c in range(b + 1, len(vals)):
                va, vb, vc = vals[a][1], vals[b][1], vals[c][1]
                if (before(va, vb) and before(vc, vb)) or (before(vb, va) and before(vb, vc)):
                    return [vals[a][0], vals[b][0], vals[c][0]]
    return None


def _analytic_or_breakpoints(act: Activation, prop: str, step: str, value: str, reason: str) -> Claim | Certificate:
    """What continuity and differentiability both start from: for one analytic formula on
    the whole line, the proved claim (``value``, with ``step`` as its proof and ``reason``);
    otherwise the certificate of the one-sided limits at the breakpoints, or the claim
    ``unknown`` when they cannot be found."""
    if act.pieces.smooth:
        cert = Certificate("analytic", {"expr": act.expr}, (ProofStep(M("f"), step),))
        return Claim(prop, value, status="proved", method="analytic expression", certificate=cert, reason=reason)
    try:
        return breakpoints_cert(act)
    except (budget.Timeout, Exception) as exc:  # noqa: BLE001
        return unknown(prop, f"one-sided limits: {exc}")


def continuity_claim(act: Activation) -> Claim:
    cert = _analytic_or_breakpoints(
        act, "continuity", " is built from functions analytic on the real line (no division by 0, no logarithm or root of a non-positive number).",
        "C^inf", "one analytic formula on the whole line")
    if isinstance(cert, Claim):
        return cert
    orders = [e["order"] for e in cert.data["breakpoints"]]
    finite = [m for m in orders if m is not None]
    if not finite:
        word, at = "C^inf", None
    else:
        m = min(finite)
        word = "discontinuous" if m < 0 else f"C^{m}"
        worst = [e for e in cert.data["breakpoints"] if e["order"] == m]
        at = sp.FiniteSet(*[e["at"] for e in worst])
        conds = [e["condition"] for e in worst if e.get("generic")]
        if conds and len(conds) == len(worst):
            # with symbolic parameters the class can be higher for special values (ELU: alpha = 1)
            word += f" (smoother where {' and '.join(str(c) for c in conds)})"
    cert = Certificate("continuity", {"breakpoints": cert, "result": word, "at": at}, cert.steps)
    if word == "C^inf":
        reason = "the pieces agree in every derivative"
    elif word.startswith("discontinuous"):
        reason = f"f jumps at x in {at}"
    else:
        reason = f"{word}: derivatives of order up to {m} are continuous; the next one jumps at x in {at}"
    return Claim("continuity", word, at=at, status="proved", method="one-sided limits of the derivatives", certificate=cert, reason=reason)


def differentiable_claim(act: Activation) -> Claim:
    cert = _analytic_or_breakpoints(act, "differentiable", " is analytic on the real line.", "everywhere",
                                    "differentiable at every real x")
    if isinstance(cert, Claim):
        return cert
    bad = [e for e in cert.data["breakpoints"] if e["order"] is not None and e["order"] < 1]
    if not bad:
        cert = Certificate("differentiability", {"breakpoints": cert, "at": None}, cert.steps)
        return Claim("differentiable", "everywhere", status="proved", method="one-sided limits of the derivatives", certificate=cert,
                     reason="the one-sided derivatives agree at every breakpoint")
    at = sp.FiniteSet(*[e["at"] for e in bad])
    cert = Certificate("differentiability", {"breakpoints": cert, "at": at}, cert.steps)
    conds = [e["condition"] for e in bad if e.get("generic") and e["order"] == 0]
    parts = []
    for e in bad:
        if e["order"] < 0:
            parts.append(f"x = {e['at']} (f jumps)")
        else:
            parts.append(f"x = {e['at']} (f' -> {e['left'][1]} from the left, {e['right'][1]} from the right)")
    value = f"except at {at}"
    if conds:
        value += f" (differentiable there too where {' and '.join(str(c) for c in conds)})"
    return Claim("differentiable", value, at=at, status="proved", method="one-sided limits of the derivatives", certificate=cert,
                 reason="not differentiable at " + "; ".join(parts))


_LIP = (M("f"), " is continuous and piecewise ", M("C^1", "C^1"), ", so its best Lipschitz constant is ")


def lipschitz_claim(act: Activation) -> Claim:
    cont_cert = breakpoints_cert(act) if not act.pieces.smooth else Certificate("analytic", {"expr": act.expr}, (ProofStep(M("f"), " is analytic."),))
    if not act.pieces.smooth:
        orders = [e["order"] for e in cont_cert.data["breakpoints"]]
        if any(m is not None and m < 0 for m in orders):
            cert = Certificate("lipschitz", {"discontinuous": True, "continuity": cont_cert}, (ProofStep(M("f"), " jumps, so it is not Lipschitz continuous."),))
            return Claim("lipschitz", sp.oo, status="proved", method="discontinuity", certificate=cert, reason="f is discontinuous: no Lipschitz constant")
    try:
        line = line_image(act, 1)
    except Unknown as exc:
        return unknown("lipschitz", str(exc))
    d = line.data
    sup, inf = d["sup"], d["inf"]
    data: dict[str, Any] = {"continuity": cont_cert, "derivative_image": line.cert}
    if "exact" in sup and "exact" in inf:
        a, b = sup["exact"], -inf["exact"]
        c = cmp(ex(a), ex(b))
        L = a if c >= 0 else b
        att = (d["sup_attained"] if c >= 0 else d["inf_attained"]) or (c == 0 and (d["sup_attained"] or d["inf_attained"]))
        data["value"] = L
        data["attained"] = bool(att)
        cert = Certificate("lipschitz", data, (*line.cert.steps, ProofStep(*_LIP, M("sup |f'| = max(", r"\sup |f'| = \max("), a, M(", "), b,
                                                                           M(") = "), L, ".")))
        return Claim("lipschitz", L, attained=bool(att), status="proved", method="sup |f'| from the image of f'", certificate=cert,
                     reason=f"sup |f'| = {L}" + ("" if L.is_infinite else (", attained" if att else ", not attained")))
    from ..intervals import before, hull_max, neg

    ia, nb = C.num_interval(sup), neg(C.num_interval(inf))
    if not (before(nb, ia) or before(ia, nb)):
        return unknown("lipschitz", "cannot decide which of sup f' and -inf f' is larger")
    use_sup = before(nb, ia)
    src = sup if use_sup else inf
    enc = tuple(src["enclosure"]) if "enclosure" in src else enclosure_of(C.num_interval(src))
    if not use_sup:
        enc = (-enc[1], -enc[0])
    assert hull_max(ia, nb) is not None
    data["enclosure"] = enc
    value = sp.Float((enc[0] + enc[1]) / 2, 15)
    att = d["sup_attained"] if use_sup else d["inf_attained"]
    which = M("sup |f'| = sup f'", r"\sup |f'| = \sup f'") if use_sup else M("sup |f'| = -inf f'", r"\sup |f'| = -\inf f'")
    cert = Certificate("lipschitz", data, (*line.cert.steps, ProofStep(*_LIP, which, ", in ", interval_m(enc[0], enc[1], True, True), ".")))
    return Claim("lipschitz", value, attained=bool(att), status="proved", method="sup |f'| from the image of f' (enclosure)", enclosure=enc,
                 certificate=cert, reason=f"sup |f'| = {value} (enclosed)")


def identity_in_f_claim(act: Activation, side: str) -> Claim | None:
    """sup/inf of f' by an identity in f over the range of f, where f' = G(f) with G a
    polynomial (sigmoid: 1/4 - f(1 - f) = (f - 1/2)^2 >= 0).  None if not applicable."""
    if not act.pieces.smooth or act.free_params:
        return None
    try:
        line0 = line_image(act, 0)
    except Unknown:
        return None
    if line0.periodic is not None or any(img.data["turning"] for img in line0.images):
        return None  # f is not injective: f' cannot be a function of f alone
    try:
        form = in_terms_of_f(act, 1)
    except (budget.Timeout, Exception):  # noqa: BLE001
        return None
    if form.kind != "f" or form.expr is None or not form.expr.is_polynomial(F) or X in form.expr.free_symbols:
        return None
    G = sp.expand(form.expr)
    J = line0.data["range"]
    if not isinstance(J, sp.Interval) or any(isinstance(e, sp.Float) for e in (J.start, J.end)):
        return None
    # extremum of the polynomial G over J: critical points and ends
    P = sp.Poly(G, F)
    if P.degree() > 50:
        return None  # real_roots and factor of a huge polynomial run in one long step
    try:
        crit = budget.run(lambda: [r for r in sp.real_roots(sp.Poly(sp.diff(G, F), F)) if J.contains(r) is sp.true],
                          seconds=step_seconds(), what="critical points of a polynomial in f") if P.degree() > 1 else []
    except budget.Timeout:
        return None
    cands = [(r, True) for r in crit]
    for e, inside in ((J.start, not J.left_open), (J.end, not J.right_open)):
        if e.is_finite:
            cands.append((e, inside))
    if not cands:
        return None
    vals = [(G.xreplace({F: y}), y, att) for y, att in cands]
    better = 1 if side == "sup" else -1
    best: tuple[Any, Any, Any] | None = None
    for v, y, att in vals:
        if best is None or cmp(ex(v), ex(best[0])) == better or (cmp(ex(v), ex(best[0])) == 0 and att and not best[2]):
            best = (v, y, att)
    assert best is not None  # vals is not empty
    B, y_star, att = best
    # unbounded polynomial on an unbounded range: no finite bound this way
    if (J.start.is_infinite or J.end.is_infinite) and P.degree() >= 1:
        return None
    diffr = sp.expand(B - G if side == "sup" else G - B)
    try:
        factored = budget.run(sp.factor, diffr, seconds=step_seconds(), what="factoring a polynomial in f")
    except budget.Timeout:
        return None
    x_star = None
    if att:
        try:
            sols = budget.run(sp.solveset, act.expr - y_star, X, sp.S.Reals, seconds=step_seconds(), what="solving f(x) = y*")
        except (budget.Timeout, Exception):  # noqa: BLE001
            return None
        if not isinstance(sols, sp.FiniteSet) or len(sols) != 1:
            return None
        x_star = next(iter(sols))
    data = {"order": 1, "G": form.expr, "range_f": J, "bound": B, "side": side, "factored": factored,
            "attained": att, "y_star": y_star, "x_star": x_star, "line_image": line0.cert}
    rel = "<=" if side == "sup" else ">="
    steps = (
        ProofStep(M("f' = "), form.expr, " in terms of ", M("f"), " (checked symbolically)."),
        ProofStep("the range of ", M("f"), " is ", J, " (proved)."),
        ProofStep(M("B - G(f) = " if side == "sup" else "G(f) - B = "), factored, rel_m(">="), M("0"), " on ", J, ", with ", M("B = "), B,
                  "; so ", M("f'"), rel_m(rel), B, "."),
        (ProofStep("equality at ", M("f = "), y_star, ", i.e. ", M("x = "), x_star, ".") if att
         else ProofStep("equality only as ", M("f"), TO, y_star, ", which ", M("f"), " never reaches: the bound is not attained.")),
    )
    cert = Certificate("identity-in-f", data, steps)
    prop = "sup_derivative" if side == "sup" else "inf_derivative"
    return Claim(prop, B, at=sp.FiniteSet(x_star) if att else None, attained=att, status="proved", method="identity in f over the range of f",
                 certificate=cert, reason=f"f' = {form.expr}, and {factored} >= 0 on {J}")


# ---------------------------------------------------------------------------------------
# the prover functions of the registry (symact.prove.registry): act -> Claim
def prove_range(act: Activation) -> Claim:
    return range_claim(act, 0)


def prove_limit_minus_oo(act: Activation) -> Claim:
    return limit_claim(act, -sp.oo)


def prove_limit_oo(act: Activation) -> Claim:
    return limit_claim(act, sp.oo)


def _extremum(act: Activation, prop: str, k: int, key: str) -> Claim:
    try:
        line = line_image(act, k)
    except Unknown as exc:
        return unknown(prop, str(exc))
    return value_claim(prop, line, key, chart_method(line))


def prove_max(act: Activation) -> Claim:
    return _extremum(act, "max", 0, "sup")


def prove_min(act: Activation) -> Claim:
    return _extremum(act, "min", 0, "inf")


def _derivative_bound(act: Activation, side: str) -> Claim:
    """sup/inf f': by an identity in f where one applies and is accepted, else from the image of f'."""
    prop = "sup_derivative" if side == "sup" else "inf_derivative"
    viaf = identity_in_f_claim(act, side)
    if viaf is not None:
        ok, _ = C.check(viaf.certificate, act)
        if ok:
            return viaf
    return _extremum(act, prop, 1, side)


def prove_sup_derivative(act: Activation) -> Claim:
    return _derivative_bound(act, "sup")


def prove_inf_derivative(act: Activation) -> Claim:
    return _derivative_bound(act, "inf")
