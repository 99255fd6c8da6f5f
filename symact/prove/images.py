"""The image of f^(k): on one piece from its sign chart (``image`` certificates), over the
whole line (``line-image``, ``periodic``), and the breakpoint analysis (``breakpoints``)."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import sympy as sp

from .. import budget
from .. import certificate as C
from ..derive import continuity_orders, one_sided
from ..intervals import compile_iv
from ..results import Certificate, MathText, ProofStep
from ..spec import Activation, x as X
from .base import cache, cmp, deriv, enclosure_of, end_value, ex, fk, MAX_WIDTH, memoised, show, step_seconds, Unknown
from .prose import fk_at, fkm, M, num_segs, TO, where_m
from .charts import sign_at, sign_chart


@dataclasses.dataclass
class PieceImage:
    cert: Certificate
    data: dict[str, Any]
    argsup: list[Any]  # list of x-numbers where the sup is reached (turning points / closed ends)
    arginf: list[Any]
    steps: list[Any]


def piece_image(act: Activation, i: int, k: int, window: tuple[Any, ...] | None = None) -> PieceImage:
    return cast("PieceImage", memoised(act, ("image", i, k, window), lambda: _image_uncached(act, i, k, window)))


def _image_uncached(act: Activation, i: int, k: int, window: tuple[Any, ...] | None) -> PieceImage:
    pc = act.pieces.pieces[i]
    lo, hi = (pc.lo, pc.hi) if window is None else window
    closed = window is not None
    g = deriv(act, i, k)
    base = {"order": k, "piece": i, "lo": lo, "hi": hi, "closed": closed}
    where = where_m(lo, hi, closed)
    if not g.has(X):
        data = dict(base, constant=True, chart=[], turning=[],
                    ends=[{"x": lo, "value": ex(g)}, {"x": hi, "value": ex(g)}],
                    sup=ex(g), sup_attained=True, inf=ex(g), inf_attained=True)
        steps = [ProofStep(fkm(k, "(x) = "), g, " is constant on ", where, ".")]
        cert = Certificate("image", data, tuple(steps))
        return PieceImage(cert, data, ["piece"], ["piece"], steps)
    items, zeros, steps = sign_chart(act, i, k, lo, hi, closed)
    # turning points and values
    turning = []
    cands: list[tuple[dict[str, Any], bool, Any]] = []
    for z in zeros:
        if z["left"] is None or z["right"] is None or z["left"] == z["right"]:
            continue
        kind = "max" if z["left"] > 0 else "min"
        num = z["x"]
        if "exact" in num:
            val = ex(nice_value(g.xreplace({X: num["exact"]})))
        else:
            iv = compile_iv(g)(C.num_interval(num))
            enc = enclosure_of(iv)
            if enc[1] - enc[0] > MAX_WIDTH:
                raise Unknown("value enclosure wider than 1e-12")
            val = {"enclosure": enc}
        turning.append({"x": num, "value": val, "kind": kind})
        cands.append((val, True, num))
        steps.append(ProofStep(f"local {'maximum' if kind == 'max' else 'minimum'} of ", fkm(k), " at ", M("x = "), *num_segs(num), ": ",
                               fkm(k, " = "), *num_segs(val), "."))
    ends = []
    for end, side in ((lo, "+"), (hi, "-")):
        v = end_value(g, end, side, closed)
        v = nice_value(v) if not v.is_infinite else v
        ends.append({"x": end, "value": ex(v)})
        cands.append((ex(v), closed, ex(end)))
        if end.is_infinite:
            steps.append(ProofStep(fkm(k, "(x)"), TO, v, " as ", M("x"), TO, end, "."))
        elif closed:
            steps.append(ProofStep(*fk_at(k, end, " = "), v, "."))
        else:
            steps.append(ProofStep(fkm(k, "(x)"), TO, v, " as ", M("x"), TO, end, M(side, f"^{{{side}}}"), "."))
    result: dict[str, Any] = {}
    for key, better in (("sup", 1), ("inf", -1)):
        best: list[Any] | None = None
        for val, att, wh in cands:
            if best is None:
                best = [val, att, [wh] if att else []]
                continue
            c = cmp(val, best[0])
            if c == better:
                best = [val, att, [wh] if att else []]
            elif c == 0:
                best[1] = best[1] or att
                if att:
                    best[2].append(wh)
        result[key] = best
    data = dict(base, constant=False, chart=items, turning=turning, ends=ends,
                sup=result["sup"][0], sup_attained=bool(result["sup"][1]),
                inf=result["inf"][0], inf_attained=bool(result["inf"][1]))
    for key, word in (("sup", "supremum"), ("inf", "infimum")):
        v, att, _ = result[key]
        steps.append(ProofStep(f"hence the {word} of ", fkm(k), " on ", where, " is ", *num_segs(v), f", {'attained' if att else 'not attained'}."))
    cert = Certificate("image", data, tuple(steps))
    return PieceImage(cert, data, result["sup"][2], result["inf"][2], steps)


def nice_value(v: sp.Expr) -> sp.Expr:
    """A simpler exact form of a constant, kept only if it is proved equal."""
    if v.is_Rational or v.is_infinite or v.is_Atom:
        return v
    cands = []
    for fn in (lambda e: sp.simplify(C.simplify_lambert(e)), lambda e: sp.nsimplify(sp.expand(e))):
        try:
            c = budget.run(fn, v, seconds=step_seconds(), what="simplifying a value")
        except budget.Timeout:
            continue
        except Exception:  # noqa: BLE001
            continue
        if c != v and sp.count_ops(c) < sp.count_ops(v) and not c.has(sp.Float):
            cands.append(c)
    for c in sorted(cands, key=lambda e: (sp.count_ops(e), str(e))):
        if C.is_zero(c - v, seconds=step_seconds()):
            return cast("sp.Expr", c)
    return v


@dataclasses.dataclass
class LineImage:
    cert: Certificate
    data: dict[str, Any]
    images: list[Any]
    argsup: sp.Set | None
    arginf: sp.Set | None
    argsup_enc: tuple[Any, ...] | None
    arginf_enc: tuple[Any, ...] | None
    periodic: sp.Expr | None = None


def period_of(act: Activation) -> sp.Expr | None:
    memo = cache(act)
    if "period" not in memo:
        T = None
        if act.pieces.smooth and act.expr.has(sp.sin, sp.cos, sp.tan):
            try:
                T = budget.run(sp.periodicity, act.expr, X, seconds=step_seconds(), what="periodicity")
            except budget.Timeout:
                T = None
            except Exception:  # noqa: BLE001
                T = None
            if T is not None and (T == 0 or T.free_symbols):
                T = None
        memo["period"] = T
    return cast("sp.Expr | None", memo["period"])


def breakpoints_cert(act: Activation) -> Certificate:
    memo = cache(act)
    if "bpcert" in memo:
        return cast("Certificate", memo["bpcert"])
    orders = continuity_orders(act)
    entries = []
    steps = []
    for j, (bp, m) in enumerate(zip(act.pieces.breakpoints, orders)):
        top = (m + 1) if m is not None else 6
        left, right = [], []
        for kk in range(0, top + 1):
            l_, r_ = one_sided(act, j, kk)
            left.append(l_)
            right.append(r_)
        entry: dict[str, Any] = {"at": bp.at, "value": bp.value, "order": m, "left": left, "right": right}
        if m is not None:
            a, b = left[m + 1], (right[m + 1] if m >= 0 else right[0])
            if (a - b).free_symbols and C.compare_nums(ex(a), ex(b)) is None:
                entry["generic"] = True
                entry["condition"] = sp.Eq(a, b)
        entries.append(entry)
        at_x = ("at ", M("x = "), bp.at, ": ")
        if m == -1:
            steps.append(ProofStep(*at_x, M("f"), TO, left[0], " from the left, ", right[0], " from the right, ",
                                   *fk_at(0, bp.at, " = "), bp.value, ": a jump."))
        elif m is None:
            steps.append(ProofStep(*at_x, "the pieces agree in every derivative."))
        else:
            names: list[Any]
            if m == 0:
                names = [fkm(0)]
            elif m == 1:
                names = [fkm(0), " and ", fkm(1)]
            else:
                names = [MathText(f"f, ..., {fk(m)}", f"f, \\dots, {fkm(m).tex}")]
            vals: list[Any] = []
            for q, v in enumerate(left[: m + 1]):
                vals += ([M(", ")] if q else []) + [v]
            steps.append(ProofStep(*at_x, "the one-sided limits of ", *names, " agree (", *vals, "); ",
                                   fkm(m + 1), TO, left[m + 1], " from the left and ", right[m + 1], " from the right."))
    cert = Certificate("breakpoints", {"breakpoints": entries}, tuple(steps))
    memo["bpcert"] = cert
    return cert


def line_image(act: Activation, k: int) -> LineImage:
    return cast("LineImage", memoised(act, ("line", k), lambda: _line_uncached(act, k)))


def _line_uncached(act: Activation, k: int) -> LineImage:
    T = period_of(act)
    if T is not None:
        return _line_periodic(act, k, T)
    pcs = act.pieces
    images = [piece_image(act, i, k) for i in range(len(pcs.pieces))]
    cont = continuity_orders(act) if pcs.breakpoints else ()
    bp_entries = []
    cands: list[tuple[dict[str, Any], bool, Any]] = []
    for img in images:
        d = img.data
        cands.append((d["sup"], d["sup_attained"], ("piece-sup", img)))
        cands.append((d["inf"], d["inf_attained"], ("piece-inf", img)))
    for j, bp in enumerate(pcs.breakpoints):
        if k == 0:
            entry: dict[str, Any] = {"at": bp.at, "defined": True, "value": bp.value}
        else:
            m = cont[j]
            bpc = breakpoints_cert(act).data["breakpoints"][j]
            if bpc.get("generic") and m is not None and m < k:
                raise Unknown(f"whether {fk(k)} is defined at x = {bp.at} depends on the parameters ({bpc['condition']})")
            defined = m is None or m >= k
            entry = {"at": bp.at, "defined": defined, "value": one_sided(act, j, k)[0] if defined else None}
        bp_entries.append(entry)
        if entry["defined"]:
            cands.append((ex(entry["value"]), True, ("point", bp.at)))
    result: dict[str, Any] = {}
    for key, better in (("sup", 1), ("inf", -1)):
        best: list[Any] | None = None
        for val, att, wh in cands:
            if best is None:
                best = [val, att, [(wh, att)]]
                continue
            c = cmp(val, best[0])
            if c == better:
                best = [val, att, [(wh, att)]]
            elif c == 0:
                best[1] = best[1] or att
                best[2].append((wh, att))
        result[key] = best
    data = {
        "order": k,
        "pieces": [img.cert for img in images],
        "breakpoints": bp_entries,
        "sup": result["sup"][0],
        "sup_attained": bool(result["sup"][1]),
        "inf": result["inf"][0],
        "inf_attained": bool(result["inf"][1]),
    }
    if pcs.breakpoints:
        data["continuity"] = breakpoints_cert(act)
    data["range"] = C.range_set([img.data for img in images], data, cont, k)
    # where the extrema are reached
    args = {}
    encs = {}
    for key in ("sup", "inf"):
        sets = []
        enc = None
        for (kind, obj), att in result[key][2]:
            if not att:
                continue
            if kind == "point":
                sets.append(sp.FiniteSet(obj))
                continue
            img = obj
            pc_lo, pc_hi = img.data["lo"], img.data["hi"]
            wanted = img.argsup if kind == "piece-sup" else img.arginf
            for w in wanted:
                if w == "piece":
                    sets.append(sp.Interval.open(pc_lo, pc_hi))
                elif "exact" in w:
                    sets.append(sp.FiniteSet(w["exact"]))
                else:
                    enc = w["enclosure"]
                    sets.append(sp.FiniteSet(show(w)))
        args[key] = sp.Union(*sets) if sets else None
        encs[key] = enc
    steps = []
    for img in images:
        steps.extend(img.steps)
    for e in bp_entries:
        if e["defined"]:
            steps.append(ProofStep("at the breakpoint ", M("x = "), e["at"], ": ", fkm(k, " = "), e["value"], "."))
        else:
            steps.append(ProofStep("at the breakpoint ", M("x = "), e["at"], ": ", fkm(k), " is not defined (the one-sided limits differ)."))
    steps.append(ProofStep("range of ", fkm(k), ": ", data["range"], "."))
    cert = Certificate("line-image", data, tuple(steps))
    return LineImage(cert, data, images, args["sup"], args["inf"], encs["sup"], encs["inf"])


def _line_periodic(act: Activation, k: int, T: sp.Expr) -> LineImage:
    h = deriv(act, 0, k + 1)
    offset = None
    for cand in (sp.Integer(0), sp.Rational(-1, 7), sp.Rational(1, 5), sp.Rational(-2, 9)):
        try:
            if sign_at(h, cand) in (1, -1):
                offset = cand
                break
        except Exception:  # noqa: BLE001
            continue
    if offset is None:
        raise Unknown("no window start where the derivative is non-zero")
    win = (offset, offset + T)
    img = piece_image(act, 0, k, window=win)
    d = img.data
    rng = sp.Interval(show(d["inf"]), show(d["sup"]))
    data = {"order": k, "period": T, "image": img.cert, "sup": d["sup"], "sup_attained": True,
            "inf": d["inf"], "inf_attained": True, "range": rng, "breakpoints": [], "pieces": []}
    n = C.N_INT
    args = {}
    encs = {}
    for key, lst in (("sup", img.argsup), ("inf", img.arginf)):
        sets = []
        enc = None
        for w in lst:
            if "exact" in w:
                c = w["exact"]
                # the window's two ends are one point modulo T
                sets.append(sp.ImageSet(sp.Lambda(n, c + n * T), sp.S.Integers))
            else:
                enc = w["enclosure"]
                sets.append(sp.ImageSet(sp.Lambda(n, show(w) + n * T), sp.S.Integers))
        args[key] = sp.Union(*sets) if sets else None
        encs[key] = enc
    steps = [ProofStep(M("f(x + "), T, M(") = f(x)"), ": ", M("f"), " is periodic with period ", T, "; it suffices to study one period ",
                       where_m(win[0], win[1], True), "."),
             *img.steps,
             ProofStep("range of ", fkm(k), ": ", rng, ".")]
    cert = Certificate("periodic", data, tuple(steps))
    return LineImage(cert, data, [img], args["sup"], args["inf"], encs["sup"], encs["inf"], periodic=T)
