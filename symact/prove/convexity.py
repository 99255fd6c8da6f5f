"""Convexity of f on the real line and on each piece of its definition.

f is convex when it is continuous, f'' >= 0 on every piece (f' increasing or constant there,
read off the sign chart of f'' that the image of f' on the piece carries, see
:mod:`.images`) and f' does not decrease across any breakpoint (its one-sided limits compared
exactly or on balls); concave likewise with the signs reversed; ``affine`` when it is both.
Otherwise it is ``neither``, shown by two witnesses each re-checked on balls: a point where
f'' < 0, a breakpoint where f' drops, or a jump of f (not convex), and a point where f'' > 0,
a breakpoint where f' rises, or a jump (not concave).  The zeros where f'' changes sign inside
a piece (the turning points of f') are the inflection points, reported in ``at``.  Whatever
cannot be decided this way is ``unknown``, never a guess.
"""

from __future__ import annotations
from typing import Any

import mpmath
import sympy as sp

from .. import certificate as C
from ..results import Certificate, Claim, MathText, ProofStep
from ..spec import Activation
from .base import deriv, dyadic, ex, num_float, show, Unknown
from .charts import sign_at
from .claims import piece_direction, unknown
from .images import breakpoints_cert, period_of, piece_image
from .prose import fkm, interval_m, M, num_text, TO

PROP = "convexity"
#: Piece direction of f' -> what it makes f on the piece.
WORDS = {"increasing": "convex", "decreasing": "concave", "constant": "affine", "mixed": "neither"}


def convexity_claim(act: Activation) -> Claim:
    try:
        kinks = _kinks(act)  # breakpoint steps of f': +1 up, -1 down, 0 level, "jump": f jumps
    except Unknown:
        raise
    except Exception as exc:  # noqa: BLE001 - one-sided limits that SymPy cannot take: undecided
        return unknown(PROP, f"one-sided limits at the breakpoints: {exc}")
    pieces = None
    if period_of(act) is None:
        try:
            pieces = [piece_image(act, i, 1) for i in range(len(act.pieces.pieces))]
        except Unknown as exc:
            why = str(exc)
            pieces = None
    else:
        why = "f is periodic: the pieces' sign charts are not used"
    if pieces is None:
        # no sign chart of f'': only "neither" can be shown, by witnesses
        w = _witnesses(act, kinks, [])
        if w is None:
            return unknown(PROP, f"the sign of f'' is not decided on every piece ({why}) and no witnesses of both signs were found")
        data: dict[str, Any] = {"kinks": kinks, "result": "neither", "witness": w}
        wsteps = (*_witness_steps(w), ProofStep("hence ", M("f"), " is neither convex nor concave."))
        return Claim(PROP, "neither", status="proved", method="witnesses", certificate=Certificate("convexity", data, wsteps),
                     reason="neither convex nor concave: " + _evidence_text(act, w["not_convex"]) + " and " + _evidence_text(act, w["not_concave"]))
    dirs = [piece_direction(img.data) for img in pieces]
    words = [WORDS[d] for d in dirs]
    segments = [_segments(img.data, w) for img, w in zip(pieces, words)]
    result = C.convexity_word(words, kinks)
    data = {"pieces": [img.cert for img in pieces], "piece_words": words, "segments": segments, "kinks": kinks, "result": result}
    if act.pieces.breakpoints:
        data["continuity"] = breakpoints_cert(act)
    if result == "neither":
        w = _witnesses(act, kinks, segments)
        if w is None:
            return unknown(PROP, "neither convex nor concave by the sign chart of f'', but no witness points were certified")
        data["witness"] = w
    steps: list[Any] = []
    for img in pieces:
        steps.extend(img.steps)
    for seg_list in segments:
        for s in seg_list:
            steps.append(ProofStep("on ", interval_m(show(s["lo"]), show(s["hi"]), False, False), " ",
                                   *_f2_sign(s["word"]), ": ", M("f"), f" is {s['word']} there."))
    for j, (bp, k) in enumerate(zip(act.pieces.breakpoints, kinks)):
        steps.append(ProofStep(*_kink_segs(act, j, k)))
    if result == "neither":
        steps.extend(_witness_steps(data["witness"]))
    steps.append(ProofStep("hence ", M("f"), " is " + {"neither": "neither convex nor concave", "affine": "affine (convex and concave)"}.get(result, result)
                           + " on the real line."))
    inflections = inflection_points(act, segments, kinks)
    data["inflections"] = inflections
    at = sp.FiniteSet(*[show(t) for t in inflections]) if inflections else None
    at_enc = next((tuple(t["enclosure"]) for t in inflections if "enclosure" in t), None)
    return Claim(PROP, result, at=at, status="proved", method="sign chart of f''", certificate=Certificate("convexity", data, tuple(steps)),
                 reason=_reason(act, result, segments, kinks, data.get("witness")), at_enclosure=at_enc)


def inflection_points(act: Activation, segments: list[Any], kinks: list[Any]) -> list[Any]:
    """Where f'' changes sign and f' is continuous: inside a piece (a turning point of f'), or at
    a breakpoint where f' does not jump and the segments on either side are convex and concave."""
    out: list[Any] = []
    for j, seg_list in enumerate(segments):
        if j:
            a, b = segments[j - 1][-1]["word"], seg_list[0]["word"]
            if kinks[j - 1] == 0 and {a, b} == {"convex", "concave"}:
                out.append(ex(act.pieces.breakpoints[j - 1].at))
        out += [s["hi"] for s in seg_list[:-1]]
    return out


def _kinks(act: Activation) -> list[Any]:
    """At each breakpoint: "jump" if f is discontinuous there, else the sign of f'(c+) - f'(c-)."""
    pcs = act.pieces
    if not pcs.breakpoints:
        return []
    entries = breakpoints_cert(act).data["breakpoints"]
    out: list[Any] = []
    for e in entries:
        m = e["order"]
        if m is not None and m < 0:
            out.append("jump")
        elif m is None or m >= 1:
            out.append(0)
        else:
            c = C.compare_nums(ex(e["right"][1]), ex(e["left"][1]))
            if c is None:
                raise Unknown(f"cannot compare the one-sided derivatives {e['left'][1]} and {e['right'][1]} at x = {e['at']}")
            out.append(c)
    return out


def _segments(img: dict[str, Any], word: str) -> list[Any]:
    """The piece cut at the sign changes of f'' (turning points of f'), each with its word."""
    lo, hi = ex(img["lo"]), ex(img["hi"])
    if word != "neither":
        return [{"lo": lo, "hi": hi, "word": word}]
    out = []
    start = lo
    for tp in img["turning"]:
        out.append({"lo": start, "hi": tp["x"], "word": "convex" if tp["kind"] == "max" else "concave"})
        start = tp["x"]
    last = img["turning"][-1]["kind"]
    out.append({"lo": start, "hi": hi, "word": "concave" if last == "max" else "convex"})
    return out


def _f2_sign(word: str) -> list[Any]:
    rel = {"convex": (" > ", " > "), "concave": (" < ", " < "), "affine": (" = ", " = ")}[word]
    return [fkm(2), MathText(rel[0], rel[1]), M("0")] if word != "affine" else [fkm(2), M(" = 0")]


def _kink_segs(act: Activation, j: int, k: object) -> list[Any]:
    e = breakpoints_cert(act).data["breakpoints"][j]
    at = ("at the breakpoint ", M("x = "), e["at"], ": ")
    if k == "jump":
        return [*at, M("f"), " jumps, so it is neither convex nor concave."]
    if e["order"] is None or e["order"] >= 1:
        return [*at, M("f"), " and ", fkm(1), " are continuous."]
    word = {1: "rises", -1: "drops", 0: "keeps its value"}[k]  # type: ignore[index]
    return [*at, M("f"), " is continuous and ", fkm(1), f" {word} (", e["left"][1], TO, e["right"][1], ")."]


# ---------------------------------------------------------------------------------------
# witnesses of "neither"
def _candidates(act: Activation, segments: list[Any], want: int) -> list[Any]:
    """Rational points where f'' should have sign ``want``: simple numbers inside the segments
    where the chart says so (small ones first), then points near their ends, then a grid."""
    grid = sorted({sp.Rational(n, q) for q in (1, 4, 64) for n in range(-20 * q, 20 * q + 1)}, key=lambda v: (v.q, abs(v), v))
    pts: list[Any] = []
    sign_word = {1: "convex", -1: "concave"}[want]
    for seg_list in segments:
        for s in seg_list:
            if s["word"] != sign_word:
                continue
            fa, fb = num_float(s["lo"]), num_float(s["hi"])
            pts += [p for p in grid if fa < p < fb][:3]
            for e in (1, 3, 8, 20):
                if fa != -mpmath.inf:
                    pts.append(dyadic(fa + (min(fb, fa + 1) - fa) * mpmath.mpf(2) ** -e, 80))
                if fb != mpmath.inf:
                    pts.append(dyadic(fb - (fb - max(fa, fb - 1)) * mpmath.mpf(2) ** -e, 80))
    return pts + grid[:400] + [sp.Integer(s * 10 ** e) for e in (2, 3) for s in (1, -1)]


def _second_witness(act: Activation, segments: list[Any], want: int) -> dict[str, Any] | None:
    if act.free_params:
        return None
    for p in _candidates(act, segments, want):
        i = act.pieces.piece_at(p)
        if i is None:
            continue
        try:
            s = sign_at(deriv(act, i, 2), p)
        except Exception:  # noqa: BLE001 - not evaluable there: another point
            continue
        if s == want:
            return {"type": "second", "x": p, "sign": want}
    return None


def _witnesses(act: Activation, kinks: list[Any], segments: list[Any]) -> dict[str, Any] | None:
    """{"not_convex": evidence, "not_concave": evidence}, or None."""
    for j, k in enumerate(kinks):
        if k == "jump":
            jump = {"type": "jump", "breakpoint": j}
            return {"not_convex": jump, "not_concave": jump}
    out: dict[str, Any] = {}
    for key, want in (("not_convex", -1), ("not_concave", 1)):
        ev: dict[str, Any] | None = next(({"type": "kink", "breakpoint": j, "step": k} for j, k in enumerate(kinks) if k == want), None)
        if ev is None:
            ev = _second_witness(act, segments, want)
        if ev is None:
            return None
        out[key] = ev
    return out


def _evidence_text(act: Activation, ev: dict[str, Any]) -> str:
    if ev["type"] == "second":
        return f"f''({ev['x']}) {'>' if ev['sign'] > 0 else '<'} 0"
    at = act.pieces.breakpoints[ev["breakpoint"]].at
    if ev["type"] == "jump":
        return f"f jumps at x = {at}"
    return f"f' {'rises' if ev['step'] > 0 else 'drops'} at x = {at}"


def _witness_steps(w: dict[str, Any]) -> list[Any]:
    out = []
    for key, word in (("not_convex", "convex"), ("not_concave", "concave")):
        ev = w[key]
        if ev["type"] == "second":
            out.append(ProofStep(fkm(2, "("), ev["x"], M(")" + (" > 0" if ev["sign"] > 0 else " < 0")), f" (ball arithmetic): not {word}."))
        elif ev["type"] == "jump":
            out.append(ProofStep(M("f"), f" jumps: not {word}."))
        else:
            out.append(ProofStep(fkm(1), f" {'rises' if ev['step'] > 0 else 'drops'} at a breakpoint: not {word}."))
    return out


def _reason(act: Activation, result: str, segments: list[Any], kinks: list[Any], w: dict[str, Any] | None) -> str:
    parts = []
    multi = len(segments) > 1 or len(segments[0]) > 1
    if multi:
        on = []
        for seg_list in segments:
            for s in seg_list:
                on.append(f"{s['word']} on ({show(s['lo'])}, {show(s['hi'])})")
        parts.append(", ".join(on))
    for bp, k in zip(act.pieces.breakpoints, kinks):
        if k == "jump":
            parts.append(f"f jumps at x = {bp.at}")
        elif k:
            parts.append(f"f' {'rises' if k > 0 else 'drops'} at x = {bp.at}")
    infl = inflection_points(act, segments, kinks)
    if infl:
        parts.append("inflection point" + ("s" if len(infl) > 1 else "") + " at x = " + ", ".join(num_text(t) for t in infl))
    if result == "neither" and w is not None:
        parts.append("witnesses: " + _evidence_text(act, w["not_convex"]) + " and " + _evidence_text(act, w["not_concave"]))
    head = {"convex": "convex", "concave": "concave", "affine": "affine (convex and concave)", "neither": "neither convex nor concave"}[result]
    return head + (": " + "; ".join(parts) if parts else "")
