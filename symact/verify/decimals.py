"""A decimal as written against an exact value: a rounding or truncation (``approximate``,
with the digits that agree) or neither (``refuted``)."""

from __future__ import annotations

from typing import Any, cast

import mpmath
import sympy as sp

from .. import rigorous
from .context import DIGITS, Link


def decimal(exact: sp.Expr, lit: Any, exact_text: str) -> Link:
    """Is the decimal ``lit`` (as written) a rounding or truncation of ``exact``?

    Decided on Arb balls (:func:`symact.rigorous.is_rounding`, ``is_truncation``): never on
    a float or a 50-digit approximation."""
    written = lit.value
    unit = sp.Integer(10) ** (lit.exponent - (len(lit.mantissa.split(".")[1]) if "." in lit.mantissa else 0))
    is_round = rigorous.is_rounding(exact, written, unit)
    is_trunc = rigorous.is_truncation(exact, written, unit)
    if is_round is None or is_trunc is None:
        return Link("unknown", "decimal comparison", "the exact value lies too close to a rounding boundary to decide")
    fl = rigorous.floor_of(exact / unit)
    if isinstance(exact, sp.Rational):
        exact_float = mpmath.mpf(exact.p) / exact.q
    else:
        with mpmath.workdps(DIGITS + 10):
            exact_float = mpmath.mpf(str(sp.N(exact, DIGITS + 10)))  # for display only
    rounded = None
    if fl is not None:
        up = rigorous.is_rounding(exact, (fl + 1) * unit, unit)
        rounded = sp.Integer(fl + 1) if up else sp.Integer(fl)
    from ..render import decimal_of

    terminating = decimal_of(exact, 60) if isinstance(exact, sp.Rational) and int(exact.q) != 1 else None
    if terminating:
        with mpmath.workdps(80):
            shown = mpmath.nstr(mpmath.mpf(cast("sp.Rational", exact).p) / cast("sp.Rational", exact).q, 70, min_fixed=-4, max_fixed=6)  # exact: a terminating decimal
    else:
        shown = mpmath.nstr(exact_float, max(lit.digits + 6, 17), min_fixed=-4, max_fixed=6) + "..."
    sig = lit.digits
    if is_round or is_trunc:
        if is_round and is_trunc:
            how = f"a rounding (and a truncation) to {sig} significant digits"
        elif is_round:
            how = f"a rounding to {sig} significant digits"
        elif rounded is not None:
            how = f"a truncation to {sig} significant digits (rounded it would be {written_like(rounded * unit, lit)})"
        else:
            how = f"a truncation to {sig} significant digits"
        return Link("approximate", "decimal comparison",
                     f"{lit.text} is not exact: {exact_text} = {shown}; the written value is {how}",
                     certificate={"kind": "decimal", "exact": str(exact), "written": str(written), "digits": sig,
                                  "rounding": bool(is_round), "truncation": bool(is_trunc)})
    agree = agreeing_digits(exact_float, written)
    return Link("refuted", "decimal comparison",
                 f"{lit.text} is neither a rounding nor a truncation of {exact_text} = {shown} to {sig} significant digits "
                 f"({'only ' if agree else ''}{agree} leading significant digit{'s agree' if agree != 1 else ' agrees'})",
                 {"x": None, "lhs": shown, "rhs": str(lit.text)})


def written_like(r: sp.Rational, lit: Any) -> str:
    """The exact decimal r (a multiple of the literal's unit) written like the literal."""
    places = len(lit.mantissa.split(".")[1]) if "." in lit.mantissa else 0
    n = r / sp.Integer(10) ** lit.exponent * sp.Integer(10) ** places  # an integer
    n = int(n)
    digits = str(abs(n)).rjust(places + 1, "0")
    s = ("-" if n < 0 else "") + (digits[:-places] + "." + digits[-places:] if places else digits)
    return s + (f" \\times 10^{{{lit.exponent}}}" if lit.exponent else "")


def agreeing_digits(exact: Any, written: sp.Rational) -> int:
    """How many leading significant digits of ``written`` agree with ``exact`` (at 50 digits)."""
    with mpmath.workdps(DIGITS):
        return _agreeing_digits_at(exact, written)


def _agreeing_digits_at(exact: Any, written: sp.Rational) -> int:
    a = mpmath.nstr(abs(exact), 30, min_fixed=-mpmath.inf, max_fixed=mpmath.inf).replace(".", "").lstrip("0")
    b_val = mpmath.mpf(abs(written.p)) / written.q
    b = mpmath.nstr(b_val, 30, min_fixed=-mpmath.inf, max_fixed=mpmath.inf).replace(".", "").lstrip("0")
    if mpmath.floor(mpmath.log10(abs(exact))) != mpmath.floor(mpmath.log10(b_val)):
        return 0
    n = 0
    for c, d in zip(a, b):
        if c != d:
            break
        n += 1
    return n
