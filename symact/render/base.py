"""The helpers every renderer shares: expressions and numbers as text, JSON and LaTeX.

* :func:`latex_expr` is the only way an expression becomes LaTeX: SymPy's printer with
  exact decimals shown as decimals (SELU's constants), ``Piecewise`` as ``cases``, and every
  symbol name checked against the identifier whitelist first, so a hostile name can never
  reach a ``.tex`` file.
* :func:`escape_tex` escapes free text for LaTeX.
* :func:`text_expr` is the human-readable form for the text output (decimals as decimals);
  JSON uses plain ``str()`` (exact, re-readable): :func:`json_expr`.
* Numbers: :func:`decimal_of` (the exact decimal of a rational 2^a 5^b, if short),
  :func:`decimal_text` (a real constant correctly rounded to n digits by ball arithmetic,
  never through ``float``) and :func:`certified_digits` (the digits an enclosure [lo, hi]
  fixes).

This module sits low in the house (it imports only :mod:`symact.symbols`): the result records,
the prover and the record's own ``latex()`` use it.  The renderers built on it are
:mod:`symact.render.text` (the command line) and :mod:`symact.report` (LaTeX).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any, Mapping, cast

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from ..symbols import check_identifier

__all__ = ["latex_expr", "escape_tex", "text_expr", "json_expr", "decimal_of", "certified_digits", "decimal_text"]


def decimal_of(r: sp.Rational, max_digits: int = 70) -> str | None:
    """The exact decimal expansion of a rational whose denominator is 2^a 5^b, if short."""
    q = int(r.q)
    if q == 1 or q.bit_length() > 4 * (max_digits + 2):
        return None  # an integer, or too long to show (the loops below are quadratic in q's size)
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
    if digits > max_digits + 2 or int(r.p).bit_length() > 4 * (max_digits + 2):
        return None  # too long to show (and str() of it could exceed Python's 4300-digit limit)
    scaled = int(r.p) * 10**digits // int(r.q)
    sign = "-" if scaled < 0 else ""
    s = str(abs(scaled)).rjust(digits + 1, "0")
    out = f"{sign}{s[:-digits]}.{s[-digits:]}".rstrip("0")
    return out if len(out) <= max_digits + 2 else None


#: Exact integers and rationals longer than this many bits are shown in scientific form,
#: correctly rounded: about 300 digits in text, 4000 in LaTeX (the report's depth-20 bounds
#: have 1239 digits; Python refuses str() of an int beyond 4300).  JSON keeps them exact.
_LONG_BITS_TEXT = 1000
_LONG_BITS_LATEX = 13300


def _is_long(expr: sp.Rational, bits: int = _LONG_BITS_LATEX) -> bool:
    return max(int(expr.p).bit_length(), int(expr.q).bit_length()) > bits


def _long_text(expr: sp.Rational) -> str:
    return "~" + decimal_text(expr, 17)


def _long_latex(expr: sp.Rational) -> str:
    mant, _, exp = decimal_text(expr, 17).partition("e")
    return r"pprox " + mant + (r" \cdot 10^{%d}" % int(exp) if exp else "")


def _published_decimal(expr: sp.Rational) -> str | None:
    """A rational with a denominator of 1000 or more that is a short exact decimal (SELU's
    constants, 0.044715) as that decimal, the way it was published; else None."""
    return decimal_of(expr) if int(expr.q) >= 1000 else None


class _Latex(LatexPrinter):
    # (LatexPrinter has no _print_Integer: integers come here through _print_Rational)
    def _print_Rational(self, expr: sp.Rational) -> str:
        if _is_long(expr):
            return _long_latex(expr)
        return _published_decimal(expr) or super()._print_Rational(expr)  # type: ignore[no-untyped-call]  # SymPy's printers are unannotated; untyped_calls_exclude does not cover calls through a subclass

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        check_identifier(expr.name, "symbol name", allow_keyword=True)
        head, sep, tail = expr.name.partition("_")
        if sep and (len(head) > 1 and len(tail) > 2) and expr.name not in self._settings.get("symbol_names", {}):
            # a word such as negative_slope or min_val, not a subscript such as a_1 or W_i
            return r"\mathit{%s}" % expr.name.replace("_", r"\_")
        return cast("str", super()._print_Symbol(expr, style=style))

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        # keep_order keeps the order of *factors* only; sums keep SymPy's canonical order
        if order is None and self.order == "none":
            order = "lex"
        return cast("str", super()._print_Add(expr, order=order))  # type: ignore[no-untyped-call]  # SymPy's printers are unannotated; untyped_calls_exclude does not cover calls through a subclass


class _Text(StrPrinter):
    def _print_Float(self, expr: sp.Float) -> str:
        out = super()._print_Float(expr)  # type: ignore[no-untyped-call]  # SymPy's printers are unannotated; untyped_calls_exclude does not cover calls through a subclass
        if "." in out and "e" not in out.lower():
            out = out.rstrip("0").rstrip(".")
        return cast("str", out)

    def _print_Integer(self, expr: sp.Integer) -> str:
        return _long_text(expr) if _is_long(expr, _LONG_BITS_TEXT) else super()._print_Integer(expr)  # type: ignore[no-untyped-call]  # SymPy's printers are unannotated; untyped_calls_exclude does not cover calls through a subclass

    def _print_Rational(self, expr: sp.Rational) -> str:
        if _is_long(expr, _LONG_BITS_TEXT):
            return _long_text(expr)
        return _published_decimal(expr) or super()._print_Rational(expr)  # type: ignore[no-untyped-call]  # SymPy's printers are unannotated; untyped_calls_exclude does not cover calls through a subclass


def _near_power_of_ten(q: int) -> bool:
    """q = 2^a 5^b with a and b within 2 of each other (10^k times a small factor)."""
    if q.bit_length() > 1000:
        return False  # no published decimal has 300 digits (and the loops are quadratic)
    a = b = 0
    while q % 2 == 0:
        q //= 2
        a += 1
    while q % 5 == 0:
        q //= 5
        b += 1
    return q == 1 and abs(a - b) <= 2


def _decimals_as_floats(expr: sp.Basic) -> sp.Basic:
    """Exact decimals (SELU's 1.0507009873554804934193349852946, 0.044715) shown as decimals:
    replaced, for printing only, by Floats that print back exactly the same digits."""
    if not isinstance(expr, sp.Basic):
        return expr
    subs = {}
    for r in expr.atoms(sp.Rational):
        q = int(r.q)
        if q < 1000 or not _near_power_of_ten(q):
            continue  # only decimals as published (0.044715, SELU's constants), not 1/2^40
        d = decimal_of(r)
        if d is None:
            continue
        fl = sp.Float(r, len(d) + 5)
        if sp.latex(fl) == d.lstrip("+"):
            subs[r] = fl
    return expr.xreplace(subs) if subs else expr


def latex_expr(
    expr: sp.Basic,
    *,
    mul_symbol: str | None = None,
    keep_order: bool = False,
    symbol_names: Mapping[sp.Basic, str] | None = None,
) -> str:
    """LaTeX for a SymPy expression (deterministic, whitelisted symbol names).

    Keyword options (for derivations written the way a textbook writes them):
    ``mul_symbol`` ('dot' for ``\\cdot``), ``keep_order`` (print the factors of an
    unevaluated product in the order given instead of SymPy's canonical order; sums keep
    the canonical order), ``symbol_names`` (display LaTeX for particular symbols, e.g.
    ``W_{k+1}`` for a symbol named ``W_k1``; the strings must be constants written by symact,
    never user text: the symbol's own name is still checked against the whitelist).
    """
    for fn in expr.atoms(sp.core.function.AppliedUndef):
        check_identifier(type(fn).__name__, "function name")
    settings: dict[str, object] = {"mul_symbol": mul_symbol, "ln_notation": False}
    if keep_order:
        settings["order"] = "none"
    if symbol_names:
        settings["symbol_names"] = dict(symbol_names)
    return _Latex(settings).doprint(_decimals_as_floats(expr))  # type: ignore[no-untyped-call]  # SymPy's printers are unannotated; untyped_calls_exclude does not cover calls through a subclass


def text_expr(expr: sp.Basic) -> str:
    """Readable one-line form for humans: like ``str()`` but exact decimals as decimals."""
    return cast("str", _Text().doprint(_decimals_as_floats(expr)))  # type: ignore[no-untyped-call]  # SymPy's printers are unannotated; untyped_calls_exclude does not cover calls through a subclass


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
    # OT1 text fonts print these three as other glyphs (an em dash, inverted marks)
    "|": r"\textbar{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def escape_tex(text: str) -> str:
    """Escape free text for LaTeX: the ten special characters and | < >, control and bidi characters
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


def certified_digits(lo: sp.Rational, hi: sp.Rational, max_digits: int = 17) -> str:
    """The decimal with the most digits (at most ``max_digits`` significant ones) such that
    every number in [lo, hi] lies within half a unit of its last digit: what an enclosure
    certifies, written as a plain decimal.

    >>> certified_digits(sp.Rational(20711471, 10**8), sp.Rational(20711473, 10**8))
    '0.2071147'
    """
    from fractions import Fraction

    a, b = Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q))
    if a > b:
        raise ValueError(f"empty enclosure [{lo}, {hi}]")
    mag = max(abs(a), abs(b))
    if mag == 0:
        return "0"
    e10 = 0  # mag in [10^(e10-1), 10^e10)
    while mag >= Fraction(10) ** e10:
        e10 += 1
    while mag < Fraction(10) ** (e10 - 1):
        e10 -= 1
    mid = (a + b) / 2
    best = None
    for places in range(-e10, max_digits - e10 + 1):
        scale = Fraction(10) ** places
        d = round(mid * scale)
        if abs(a * scale - d) <= Fraction(1, 2) and abs(b * scale - d) <= Fraction(1, 2):
            best = (d, places)
    if best is None:
        return f"[{float(a)!r}, {float(b)!r}]"
    mant, places = best
    if places <= 0:
        return str(mant * 10 ** (-places))
    sign = "-" if mant < 0 else ""
    digits = str(abs(mant)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


# ---------------------------------------------------------------------------------------
# correctly rounded decimals (ball arithmetic: python-flint's arb)
class _NoBall(Exception):
    """An expression the ball evaluator does not cover."""


def _arb(e: object, prec: int) -> Any:
    """A ball (python-flint ``arb``) that contains the exact real number ``e`` (evaluated at
    ``prec`` bits; the caller has set ``flint.ctx.prec``).  Python numbers are converted
    here; a SymPy number is :func:`symact.rigorous.ball`'s, the one ball evaluator of the
    house (its functions are those of :data:`symact.primitives.FUNCTIONS` with an Arb name)."""
    import mpmath
    from flint import arb, fmpq

    if isinstance(e, bool):
        raise _NoBall("bool")
    if isinstance(e, int):
        return arb(e)
    if isinstance(e, Fraction):
        return arb(fmpq(e.numerator, e.denominator))
    if isinstance(e, mpmath.mpf):  # the exact binary value it holds
        return _arb_mpf(e._mpf_)
    if isinstance(e, float):
        import math

        if not math.isfinite(e):
            raise _NoBall("non-finite float")
        return arb(e)
    if not isinstance(e, sp.Basic):
        raise _NoBall(type(e).__name__)
    from .. import rigorous

    try:
        return rigorous.ball(e, prec)
    except rigorous.Unsupported as exc:
        raise _NoBall(str(exc)) from None


def _arb_mpf(t: tuple[Any, ...]) -> Any:
    """The exact value of an mpmath/SymPy binary float (sign, man, exp, bc) as a ball of radius 0."""
    from flint import arb

    sign, man, exp, _ = t
    if not man:
        if exp:  # +-inf or nan
            raise _NoBall("non-finite float")
        return arb(0)
    m = arb(-int(man) if sign else int(man))
    return m * arb(2) ** int(exp) if exp >= 0 else m / arb(2) ** int(-exp)


def _round_ball(b: Any, digits: int) -> Any:
    """(mantissa, exponent) with b's every point rounding to mantissa * 10^exponent at
    ``digits`` significant digits, or None if the ball is too wide to decide."""
    from flint import arb

    if not b.is_finite() or b.contains(0):
        return None
    lg = abs(b).log_base(10)
    if not lg.is_finite():
        return None
    E = int(lg.upper().floor().unique_fmpz())  # floor of an upper bound of log10|b|
    for _ in range(3):
        k = digits - 1 - E
        scaled = b * arb(10) ** k if k >= 0 else b / arb(10) ** (-k)
        sign = 1 if scaled > 0 else -1
        m = (abs(scaled) + arb(1) / 2).floor().unique_fmpz()
        if m is None:
            return None
        m = int(m)
        if m < 10 ** (digits - 1):
            E -= 1
            continue
        if m >= 10**digits:
            E += 1
            continue
        return sign * m, E - digits + 1
    return None  # pragma: no cover


def _format_decimal(mant: int, exp10: int) -> str:
    """mant * 10^exp10 as a plain decimal, or in scientific form when it would be long."""
    sign = "-" if mant < 0 else ""
    digs = str(abs(mant))
    # strip trailing zeros (the same number, fewer digits: still a correct rounding)
    stripped = digs.rstrip("0") or "0"
    exp10 += len(digs) - len(stripped)
    digs = stripped
    lead = exp10 + len(digs) - 1  # decimal exponent of the leading digit
    if -5 <= lead < 21:
        if exp10 >= 0:
            return sign + digs + "0" * exp10
        point = len(digs) + exp10
        if point > 0:
            return f"{sign}{digs[:point]}.{digs[point:]}"
        return f"{sign}0.{'0' * (-point)}{digs}"
    frac = digs[1:]
    return f"{sign}{digs[0]}{'.' + frac if frac else ''}e{'+' if lead > 0 else '-'}{abs(lead):02d}"


def decimal_text(value: object, digits: int = 17, *, max_prec: int = 8192) -> str:
    """The decimal of an exact real number, correctly rounded to ``digits`` significant
    digits (trailing zeros dropped), computed with ball arithmetic (python-flint ``arb``):
    the precision is raised until the ball decides every digit shown; if it never does
    (a value sitting on a rounding tie, or one the evaluator cannot narrow), fewer digits
    are shown, each of them certified.  Long or tiny numbers come out in scientific form
    (``3.7200759760208361e-44``); an exact zero is ``0``.

    ``value``: a SymPy number (exact: ``pi``, ``log(exp(-100) + 1)``, a 4000-digit
    rational), an ``int``, a ``Fraction``, or a ``float``/``mpmath.mpf`` (taken as the
    exact binary value it holds).  Raises ``ValueError`` for what it cannot evaluate."""
    import flint

    if isinstance(value, sp.Basic):
        if value.free_symbols:
            raise ValueError(f"not a number: {value}")
        if value.is_zero:
            return "0"
    elif value == 0:
        return "0"
    saved = flint.ctx.prec
    try:
        prec = max(64, int(digits * 3.33) + 32)
        best = None
        while prec <= max_prec:
            flint.ctx.prec = prec
            try:
                b = _arb(value, prec)
            except _NoBall as exc:
                raise ValueError(f"no ball evaluation for {exc}") from None
            if b.is_exact() and b.is_zero():
                return "0"
            for d in range(digits, 0, -1):
                got = _round_ball(b, d)
                if got is not None:
                    if d == digits:
                        return _format_decimal(*got)
                    if best is None or d > best[0]:
                        best = (d, got)
                    break
            prec *= 2
        if best is None:
            raise ValueError("the ball never excluded 0 (the value may be 0)")
        return _format_decimal(*best[1])
    finally:
        flint.ctx.prec = saved
