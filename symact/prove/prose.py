"""Proof steps: prose, SymPy objects and hand-written mathematics (:class:`symact.results.ProofStep`)."""

from __future__ import annotations

import re
from typing import Any, Callable

import mpmath
import sympy as sp

from ..render import latex_expr
from ..results import MathText, ProofStep
from .base import fk, num_float, short_text


M = MathText


TO = MathText(" -> ", r" \to ")


X_IN = MathText("x in ", r"x \in ")


_REL_TEX = {"<": "<", "<=": r"\le", ">": ">", ">=": r"\ge", "!=": r"\ne"}


def fkm(k: int, after: str = "") -> MathText:
    """The name f^(k) as mathematics, followed by hand-written ``after`` (e.g. "(x) = ")."""
    tex = "f" + ("'" * k if k <= 3 else f"^{{({k})}}")
    return MathText(fk(k) + after, tex + MathText(after).tex if after else tex)


def fk_at(k: int, at: Any, after: str = "") -> list[Any]:
    """f^(k)(at) followed by ``after``, as step segments."""
    return [fkm(k, "("), at, M(")" + after)]


def rel_m(op: str) -> MathText:
    return MathText(f" {op} ", f" {_REL_TEX[op]} ")


_DECIMAL = re.compile(r"(-?\d+(?:\.\d*)?)(?:e([+-]?\d+))?")


def _dec(text: str) -> MathText:
    """A decimal written by mpmath (``-0.16997``, ``1.6e-27``) as mathematics."""
    m = _DECIMAL.fullmatch(text)
    if m is None:
        raise ValueError(f"not a decimal: {text!r}")
    tex = m.group(1) + (f" \\cdot 10^{{{int(m.group(2))}}}" if m.group(2) else "")
    return MathText(text, tex)


def _end_text_tex(v: sp.Expr, short: bool) -> tuple[str, str]:
    if short and v.is_Rational and not v.is_Integer:
        d = _dec(short_text(v))
        return d.text, d.tex
    return str(v), latex_expr(v)


def interval_m(lo: sp.Expr, hi: sp.Expr, left_closed: bool, right_closed: bool, short: bool = False) -> MathText:
    """An interval written as (lo, hi], [lo, hi), ... (``short``: rational ends as 8 digits)."""
    (lt, ltex), (ht, htex) = _end_text_tex(lo, short), _end_text_tex(hi, short)
    lb, rb = ("[" if left_closed else "("), ("]" if right_closed else ")")
    return MathText(f"{lb}{lt}, {ht}{rb}", f"\\left{lb}{ltex}, {htex}\\right{rb}")


def where_m(lo: sp.Expr, hi: sp.Expr, closed: bool) -> MathText:
    return interval_m(lo, hi, closed, closed)


def num_segs(n: dict[str, Any]) -> list[Any]:
    """A number {'exact': e} or {'enclosure': (lo, hi)} as step segments: the exact value
    (with 15 digits when it is not rational), or the enclosure's midpoint and width."""
    if "exact" in n:
        e = n["exact"]
        if e.free_symbols or e.is_Rational or e.is_infinite:
            return [e]
        d = _dec(mpmath.nstr(num_float(n), 15))
        return [e, MathText(" = " + d.text, r" \approx " + d.tex)]
    lo, hi = n["enclosure"]
    w = hi - lo
    return [_dec(mpmath.nstr(num_float(n), 20)), " (enclosure of width ", _dec(mpmath.nstr(mpmath.mpf(w.p) / w.q, 2)), ")"]


def num_text(n: dict[str, Any]) -> str:
    if "exact" in n:
        e = n["exact"]
        if e.free_symbols or e.is_Rational or e.is_infinite:
            return str(e)
        return f"{e} = {mpmath.nstr(num_float(n), 15)}"
    lo, hi = n["enclosure"]
    w = hi - lo
    return f"{mpmath.nstr(num_float(n), 20)} (enclosure of width {mpmath.nstr(mpmath.mpf(w.p) / w.q, 2)})"


def item_text(it: dict[str, Any], j: int) -> ProofStep:
    """One step of the proof for a chart item about h = f^(j)."""
    t = it["type"]
    word: Callable[[int], str] = lambda s: "positive" if s > 0 else "negative"  # noqa: E731
    if t == "tail":
        where = interval_m(-sp.oo, -it["L"], False, True) if it["side"] < 0 else interval_m(it["L"], sp.oo, True, False)
        rel = ">=" if it["sign"] > 0 else "<="
        return ProofStep(fkm(j), rel_m(rel), M("0"), " on ", where, " (", *_tail_segs(it["proof"]), ").")
    if t == "cover":
        n = len(it["points"]) - 1
        return ProofStep(fkm(j), f" is {word(it['sign'])} on ", interval_m(it["a"], it["b"], True, True, short=True),
                         f" (interval arithmetic on {n} box{'es' if n != 1 else ''}).")
    if t == "root":
        c, m, (cl, cr) = it["at"], it["order"], it["box"]
        zeros: list[Any] = []
        for q in range(m):
            zeros += fk_at(j + q, c, " = ")
        return ProofStep(*zeros, M("0"), " and ", fkm(j + m), f" is {word(it['sign'])} on ", interval_m(cl, cr, True, True, short=True),
                         " (interval arithmetic): ", fkm(j), (" changes sign at " if m % 2 else " keeps its sign on both sides of "),
                         M("x = "), c, ".")
    if t == "simple-root":
        (tl, tr), (cl, cr) = it["enclosure"], it["box"]
        mid = _dec(mpmath.nstr((mpmath.mpf(tl.p) / tl.q + mpmath.mpf(tr.p) / tr.q) / 2, 20))
        pm = _dec("1.6e-27")
        return ProofStep(fkm(j), " has exactly one zero in ", interval_m(cl, cr, True, True, short=True), ": ", fkm(j + 1),
                         f" is {word(it['slope'])} there and ", fkm(j), " changes sign between ",
                         MathText(f"{mid.text} -+ {pm.text}", f"{mid.tex} \\mp {pm.tex}"), " (interval arithmetic).")
    if t == "symbolic":
        return ProofStep(fkm(j), f" is {word(it['sign'])} on ", interval_m(it["a"], it["b"], False, False),
                         " (sign of each factor, by SymPy's assumptions).")
    if t == "point":
        return ProofStep(*fk_at(j, it["at"], " = 0"), ".")
    return ProofStep(str(it))


def _tail_segs(pr: dict[str, Any]) -> list[Any]:
    m = pr["method"]
    if m == "interval":
        return ["interval arithmetic on the unbounded interval"]
    if m == "normal-form":
        return ["as a rational function of ", M("x"), " and an exponential that decays on the tail"]
    return ["monotone there, between its value at the tail's start and its limit ", pr["limit"]]
