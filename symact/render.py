"""Rendering helpers shared by the text, JSON and LaTeX outputs (no mathematics here).

* :func:`latex_expr` is the only way an expression becomes LaTeX: SymPy's printer with
  exact decimals shown as decimals (SELU's constants), ``Piecewise`` as ``cases``, and every
  symbol name checked against the identifier whitelist first, so a hostile name can never
  reach a ``.tex`` file.
* :func:`escape_tex` escapes free text for LaTeX.
* :func:`text_expr` is the human-readable form for the text output (decimals as decimals);
  JSON uses plain ``str()`` (exact, re-readable).
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from .spec import check_identifier

__all__ = ["latex_expr", "escape_tex", "text_expr", "json_expr", "decimal_of"]


def decimal_of(r: sp.Rational, max_digits: int = 70) -> str | None:
    """The exact decimal expansion of a rational whose denominator is 2^a 5^b, if short."""
    q = int(r.q)
    if q == 1:
        return None
    k = 0
    while q % 2 == 0:
        q //= 2
        k += 1
    j = 0
    while q % 5 == 0:
        q //= 5
        j += 1
    if q != 1:
        return None
    digits = max(k, j)
    scaled = int(r.p) * 10**digits // int(r.q)
    sign = "-" if scaled < 0 else ""
    s = str(abs(scaled)).rjust(digits + 1, "0")
    out = f"{sign}{s[:-digits]}.{s[-digits:]}".rstrip("0")
    return out if len(out) <= max_digits + 2 else None


class _Latex(LatexPrinter):
    def _print_Rational(self, expr: sp.Rational) -> str:  # type: ignore[override]
        if int(expr.q) >= 1000:
            d = decimal_of(expr)
            if d is not None:
                return d
        return super()._print_Rational(expr)

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:  # type: ignore[override]
        check_identifier(expr.name, "symbol name", allow_keyword=True)
        return super()._print_Symbol(expr, style=style)


class _Text(StrPrinter):
    def _print_Float(self, expr: sp.Float) -> str:  # type: ignore[override]
        out = super()._print_Float(expr)
        if "." in out and "e" not in out.lower():
            out = out.rstrip("0").rstrip(".")
        return out

    def _print_Rational(self, expr: sp.Rational) -> str:  # type: ignore[override]
        if int(expr.q) >= 1000:
            d = decimal_of(expr)
            if d is not None:
                return d
        return super()._print_Rational(expr)


def _decimals_as_floats(expr: sp.Basic) -> sp.Basic:
    """Exact decimals (SELU's 1.0507009873554804934193349852946, 0.044715) shown as decimals:
    replaced, for printing only, by Floats that print back exactly the same digits."""
    if not isinstance(expr, sp.Basic):
        return expr
    subs = {}
    for r in expr.atoms(sp.Rational):
        if int(r.q) < 1000:
            continue
        d = decimal_of(r)
        if d is None:
            continue
        fl = sp.Float(r, len(d) + 5)
        if sp.latex(fl) == d.lstrip("+"):
            subs[r] = fl
    return expr.xreplace(subs) if subs else expr


def latex_expr(expr: sp.Basic) -> str:
    """LaTeX for a SymPy expression (deterministic, whitelisted symbol names)."""
    for fn in expr.atoms(sp.core.function.AppliedUndef):
        check_identifier(type(fn).__name__, "function name")
    return _Latex({"mul_symbol": None, "ln_notation": False}).doprint(_decimals_as_floats(expr))


def text_expr(expr: sp.Basic) -> str:
    """Readable one-line form for humans: like ``str()`` but exact decimals as decimals."""
    return _Text().doprint(_decimals_as_floats(expr))


def json_expr(expr: sp.Basic | None) -> str | None:
    """The JSON form of an expression: SymPy's ``str()`` (exact)."""
    return None if expr is None else str(expr)


_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def escape_tex(text: str) -> str:
    """Escape free text for LaTeX: the ten special characters, control and bidi characters
    removed, non-ASCII replaced by '?' (pdflatex with T1 fonts cannot print it safely)."""
    text = _CONTROL.sub("", text)
    out = []
    for ch in text:
        if ch in _TEX_SPECIAL:
            out.append(_TEX_SPECIAL[ch])
        elif ord(ch) > 126:
            out.append("?")
        else:
            out.append(ch)
    return "".join(out)
