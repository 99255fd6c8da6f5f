"""Rigorous interval arithmetic for SymPy expressions, and sign proofs on tails.

An *interval* here is a pair ``(lo, hi)`` of raw mpmath binary floats (``mpf`` tuples, as in
``mpmath.libmp``) with ``lo <= hi``; ``-inf`` and ``+inf`` are allowed as endpoints, and the
interval then stands for an unbounded set of reals.  :func:`compile_iv` turns a SymPy
expression into an enclosure function: for every box of argument intervals it returns an
interval containing the value of the expression at every point of the box (where the
expression is defined; a box that meets a point where it is not defined raises
:class:`DomainError`).

How each operation is enclosed:

* ``+ - * /``, integer powers, square roots, ``Abs``, ``Max``, ``Min``:
  ``mpmath.libmp.libmpi`` on the endpoints.  These are exact integer operations rounded
  outward by directed rounding (nothing is approximated).  The one change: ``0 * [a, +inf]``
  is ``0`` (libmpi answers ``[-inf, +inf]``).
* every transcendental function and constant comes from Arb (python-flint's ``arb``, through
  :mod:`symact.rigorous`): a monotone function (``exp``, ``log``, ``tanh``, ``erf``,
  ``erfc``, ``erfi``, ``erfinv``, ``erfcinv``, ``atan``, ``asin``, ``acos``, ``sinh``,
  ``asinh``, ``acosh``, ``atanh``, ``expm1``, ``log1p``, ``LambertW`` on its branches 0 and
  -1, ``digamma`` on (0, oo)) is evaluated at the two endpoints as Arb balls, whose lower and
  upper bounds are the enclosure (rounded outward); ``cosh`` is split at 0; ``sin`` and
  ``cos`` take the endpoint values and widen to +-1 where the interval may contain an
  extremum (decided with Arb's pi); ``tan`` needs the interval strictly between two poles;
  ``gamma`` and ``loggamma`` are split at their minimum on (0, oo) and use Arb's enclosure of
  the whole box elsewhere; ``sech``, ``csch``, ``coth``, ``sec``, ``csc`` are reciprocals.
  No value is taken from mpmath's (or any) floating-point evaluation.
* rational powers ``b**(p/q)`` with ``b >= 0``; SymPy Floats (exact binary numbers) and
  Rationals (rounded outward); other constants (``pi``, ``E``, ``EulerGamma``, ...): Arb.
* anything else raises :class:`DomainError` (never a guess).

Tail sign proofs (:func:`tail_sign`) show that an expression has one sign on ``[L, +oo)`` or
``(-oo, -L]``, where naive interval arithmetic meets ``oo * 0`` (``x e^{-x}``) and
``oo - oo``: the expression is rewritten as a rational function of ``x`` and of
``u = exp(p(x))`` with ``p -> -oo`` (mish, SiLU, GELU-tanh and their derivatives all are), the
numerator and denominator are divided by their lowest power of ``u`` (``u > 0``), and the
rest is bounded term by term: the part free of ``u`` is a polynomial in ``x`` whose expansion
in ``s = x - L`` has coefficients of one sign, and each term ``x^k u^j`` lies in
``(0, L^k e^{j p(L)}]`` because it decreases on the tail (checked: ``k + j x p'(x) <= 0``).

This module is shared by the prover and the certificate checker; it does no search.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any, Callable, Sequence, cast

import mpmath
import sympy as sp
from mpmath.libmp import (
    finf,
    fninf,
    fnan,
    fone,
    fzero,
    from_int,
    mpf_abs,
    mpf_add,
    mpf_div,
    mpf_ge,
    mpf_gt,
    mpf_le,
    mpf_lt,
    mpf_neg,
    mpf_pos,
    mpf_shift,
    mpf_sub,
    round_ceiling,
    round_floor,
)
from flint import arb, ctx, fmpz
from mpmath.libmp import libmpi as M
from sympy.codegen.cfunctions import expm1, log1p

from . import rigorous as R
from .primitives import FUNCTIONS
from .symbols import x as X

__all__ = [
    "PREC",
    "DomainError",
    "compile_iv",
    "point",
    "interval",
    "const_iv",
    "enclose_on",
    "sign_of_constant",
    "contains_zero",
    "to_rational",
    "width",
    "iv_str",
    "sign_iv",
    "before",
    "disjoint",
    "within",
    "neg",
    "hull_max",
    "add",
    "tail_sign",
    "TailProof",
]

#: Working precision (bits) of the enclosures: 128 bits ~ 38 decimal digits.
PREC = 128

Interval = tuple[tuple[int, int, int, int], tuple[int, int, int, int]]  # (lo, hi) of raw mpf tuples


class DomainError(ArithmeticError):
    """A box meets a point where the expression is not defined (log of a non-positive
    number, division by an interval containing 0, ...), or an unsupported function."""


# ---------------------------------------------------------------------------------------
# construction and inspection
def point(value: object, prec: int = PREC) -> Interval:
    """The tightest interval around an exact number: int, Fraction, SymPy Rational/Integer/
    Float, or an mpmath mpf (exact binary)."""
    if isinstance(value, tuple) and len(value) == 4:  # raw mpf
        return (value, value)
    if isinstance(value, mpmath.mpf):
        return (value._mpf_, value._mpf_)
    if isinstance(value, bool):
        raise TypeError("not a number")
    if isinstance(value, int):
        v = from_int(value)
        return (v, v)
    if isinstance(value, Fraction):
        return _ratio(value.numerator, value.denominator, prec)
    if isinstance(value, sp.Integer):
        v = from_int(int(value))
        return (v, v)
    if isinstance(value, sp.Rational):
        return _ratio(int(value.p), int(value.q), prec)
    if isinstance(value, sp.Float):
        v = value._mpf_
        return (v, v)
    if value is sp.oo:
        return (finf, finf)
    if value is sp.S.NegativeInfinity:
        return (fninf, fninf)
    raise TypeError(f"not an exact number: {value!r}")


def interval(lo: object, hi: object, prec: int = PREC) -> Interval:
    """The hull of two exact numbers (see :func:`point`; ``sp.oo`` allowed)."""
    a = point(lo, prec)
    b = point(hi, prec)
    if mpf_gt(a[0], b[1]):
        raise ValueError("empty interval")
    return (a[0], b[1])


def _ratio(p: int, q: int, prec: int) -> Interval:
    a = mpf_div(from_int(p), from_int(q), prec, round_floor)
    b = mpf_div(from_int(p), from_int(q), prec, round_ceiling)
    return (a, b)


def to_rational(v: tuple[Any, ...]) -> sp.Expr:
    """An mpf tuple as an exact SymPy number (Rational, or +-oo)."""
    if v == finf:
        return sp.oo
    if v == fninf:
        return cast("sp.Expr", -sp.oo)
    if v == fnan:
        raise ValueError("nan")
    sign, man, exp, _ = v
    man = -man if sign else man
    if exp >= 0:
        return cast("sp.Expr", sp.Integer(man * 2**exp))
    return cast("sp.Expr", sp.Rational(man, 2**-exp))


def width(iv: Interval) -> mpmath.mpf:
    return mpmath.mpf(mpf_sub(iv[1], iv[0], 64, round_ceiling))


def contains_zero(iv: Interval) -> bool:
    return cast("bool", mpf_le(iv[0], fzero) and mpf_ge(iv[1], fzero))


# exact comparisons of endpoints (never through mpmath.mpf(), which rounds to mp.prec)
def sign_iv(iv: Interval) -> int | None:
    """+1 if the interval is > 0, -1 if < 0, None if it contains 0."""
    if mpf_gt(iv[0], fzero):
        return 1
    if mpf_lt(iv[1], fzero):
        return -1
    return None


def before(a: Interval, b: Interval) -> bool:
    """Every point of a is < every point of b."""
    return bool(mpf_lt(a[1], b[0]))


def disjoint(a: Interval, b: Interval) -> bool:
    return before(a, b) or before(b, a)


def within(inner: Interval, outer: Interval) -> bool:
    """inner is a subset of outer."""
    return bool(mpf_le(outer[0], inner[0]) and mpf_le(inner[1], outer[1]))


def neg(a: Interval) -> Interval:
    return (mpf_neg(a[1]), mpf_neg(a[0]))


def hull_max(a: Interval, b: Interval) -> Interval:
    """An enclosure of max(u, v) for u in a, v in b."""
    lo = a[0] if mpf_ge(a[0], b[0]) else b[0]
    hi = a[1] if mpf_ge(a[1], b[1]) else b[1]
    return (lo, hi)


def add(a: Interval, b: Interval, prec: int = PREC) -> Interval:
    return cast("Interval", M.mpi_add(a, b, prec))


def iv_str(iv: Interval, digits: int = 17) -> str:
    return f"[{mpmath.nstr(mpmath.mpf(iv[0]), digits)}, {mpmath.nstr(mpmath.mpf(iv[1]), digits)}]"


# ---------------------------------------------------------------------------------------
# operations
def _mul(s: Interval, t: Interval, prec: int) -> Interval:
    if s[0] == fzero and s[1] == fzero or t[0] == fzero and t[1] == fzero:
        return (fzero, fzero)
    r = M.mpi_mul(s, t, prec)
    if r[0] == fnan or r[1] == fnan:  # pragma: no cover - defensive
        return (fninf, finf)
    return cast("Interval", r)


def _div(s: Interval, t: Interval, prec: int) -> Interval:
    if mpf_le(t[0], fzero) and mpf_ge(t[1], fzero):
        raise DomainError("division by an interval containing 0")
    return cast("Interval", M.mpi_div(s, t, prec))


def _pow_int(s: Interval, n: int, prec: int) -> Interval:
    if n < 0:
        if mpf_le(s[0], fzero) and mpf_ge(s[1], fzero):
            raise DomainError("negative power of an interval containing 0")
        return _div((fone, fone), M.mpi_pow_int(s, -n, prec + 20), prec)
    return cast("Interval", M.mpi_pow_int(s, n, prec))


def _sqrt(s: Interval, prec: int) -> Interval:
    if mpf_lt(s[0], fzero):
        raise DomainError("square root of a negative number")
    return cast("Interval", M.mpi_sqrt(s, prec))  # exact integer square roots, rounded outward


def _pow_real(s: Interval, r: sp.Rational | sp.Expr, prec: int) -> Interval:
    """s**r for a positive non-integer exponent r (base >= 0) or any real r (base > 0)."""
    if mpf_lt(s[0], fzero):
        raise DomainError("non-integer power of a negative number")
    rv = const_iv(r, prec + 20)
    if s[0] == fzero:
        if not mpf_gt(rv[0], fzero):
            raise DomainError("non-positive power of an interval touching 0")
        hi = s[1]
        if hi == fzero:
            return (fzero, fzero)
        top = _exp(_mul(_log((hi, hi), prec + 20), rv, prec + 20), prec)
        # x**r is increasing for r > 0: [0, hi**r]
        return (fzero, top[1])
    return cast("Interval", _exp(_mul(_log(s, prec + 20), rv, prec + 20), prec))


# -- transcendental functions: Arb (python-flint) at the endpoints, rounded outward ------
def _arb_at(v: tuple[Any, ...], method: Callable[..., Any], prec: int) -> tuple[Any, ...]:
    """(lower, upper) raw mpf bounds of ``method(v)`` for a finite exact endpoint ``v``, from
    Arb's rigorous ball at ``prec + 20`` bits (escalating if the ball is not finite)."""
    a = R.arb_from_mpf(v)
    for p in (prec + 20, 2 * prec + 40, 4 * prec + 80):
        with ctx.workprec(p):
            b = method(a)
        if b.is_finite():
            return mpf_pos(R.lower_mpf(b), prec, round_floor), mpf_pos(R.upper_mpf(b), prec, round_ceiling)
        if b.is_nan() and p > prec + 20:
            break
    raise DomainError("the function is not finite (or not real) at an endpoint")


def _const_bounds(make: Callable[..., Any], prec: int) -> tuple[Any, ...]:
    with ctx.workprec(prec + 20):
        b = make()
    return mpf_pos(R.lower_mpf(b), prec, round_floor), mpf_pos(R.upper_mpf(b), prec, round_ceiling)


def _monotone(method: Callable[..., Any], increasing: bool, name: str, limits: tuple[Any, ...] = (None, None), domain: tuple[Any, ...] = (None, None)) -> Any:
    """An interval extension of a monotone function evaluated by Arb.  ``limits`` are its
    values at -inf and +inf (raw mpf tuples, callables returning an arb constant, or None when
    an infinite endpoint is outside the domain); ``domain`` = (lower, upper), each None or
    (bound, is_open)."""

    lo_dom, hi_dom = domain

    def at(v: tuple[Any, ...], prec: int, down: bool) -> tuple[Any, ...]:
        if v in (finf, fninf):
            lim = limits[1] if v == finf else limits[0]
            if lim is None:
                raise DomainError(f"{name} at an infinite endpoint")
            if isinstance(lim, tuple):
                return lim
            b = _const_bounds(lim, prec)
            return cast("tuple[Any, ...]", b[0] if down else b[1])
        b = _arb_at(v, method, prec)
        return cast("tuple[Any, ...]", b[0] if down else b[1])

    def ext(s: Interval, prec: int) -> Interval:
        if lo_dom is not None:
            bound, is_open = lo_dom
            if mpf_lt(s[0], bound) or (is_open and s[0] == bound):
                raise DomainError(f"{name} outside its domain")
        if hi_dom is not None:
            bound, is_open = hi_dom
            if mpf_gt(s[1], bound) or (is_open and s[1] == bound):
                raise DomainError(f"{name} outside its domain")
        if increasing:
            return (at(s[0], prec, True), at(s[1], prec, False))
        return (at(s[1], prec, True), at(s[0], prec, False))

    return ext


_ONE, _MONE, _TWO = (fone, fone), (mpf_neg(fone), mpf_neg(fone)), (from_int(2), from_int(2))
_MINUS_ONE = mpf_neg(fone)


def _half_pi() -> arb:
    return arb.pi() / 2


def _neg_half_pi() -> arb:
    return -arb.pi() / 2


_exp = _monotone(arb.exp, True, "exp", limits=(fzero, finf))
_log_m = _monotone(arb.log, True, "log", limits=(None, finf), domain=((fzero, True), None))
_tanh = _monotone(arb.tanh, True, "tanh", limits=(_MINUS_ONE, fone))
_erf = _monotone(arb.erf, True, "erf", limits=(_MINUS_ONE, fone))
_erfc = _monotone(arb.erfc, False, "erfc", limits=(from_int(2), fzero))
_erfi = _monotone(arb.erfi, True, "erfi", limits=(fninf, finf))
_erfinv = _monotone(arb.erfinv, True, "erfinv", domain=((_MINUS_ONE, True), (fone, True)))
_erfcinv = _monotone(arb.erfcinv, False, "erfcinv", domain=((fzero, True), (from_int(2), True)))
_asinh = _monotone(arb.asinh, True, "asinh", limits=(fninf, finf))
_acosh = _monotone(arb.acosh, True, "acosh", limits=(None, finf), domain=((fone, False), None))
_atanh = _monotone(arb.atanh, True, "atanh", domain=((_MINUS_ONE, True), (fone, True)))
_asin = _monotone(arb.asin, True, "asin", domain=((_MINUS_ONE, False), (fone, False)))
_acos = _monotone(arb.acos, False, "acos", domain=((_MINUS_ONE, False), (fone, False)))
_sinh = _monotone(arb.sinh, True, "sinh", limits=(fninf, finf))
_expm1 = _monotone(arb.expm1, True, "expm1", limits=(_MINUS_ONE, finf))
_log1p = _monotone(arb.log1p, True, "log1p", limits=(None, finf), domain=((_MINUS_ONE, True), None))
_atan = _monotone(arb.atan, True, "atan", limits=(_neg_half_pi, _half_pi))
_digamma_pos = _monotone(arb.digamma, True, "digamma", limits=(None, finf), domain=((fzero, True), None))
#: LambertW: principal branch increasing on [-1/e, oo), branch -1 decreasing on [-1/e, 0);
#: an endpoint below -1/e (or too close for Arb to tell) is a DomainError (a nan ball)
_W0 = _monotone(arb.lambertw, True, "LambertW", limits=(None, finf))
_Wm1 = _monotone(lambda a: a.lambertw(branch=-1), False, "LambertW(., -1)", domain=(None, (fzero, True)))


def _log(s: Interval, prec: int) -> Interval:
    if mpf_le(s[0], fzero):
        raise DomainError("logarithm of a non-positive number")
    return cast("Interval", _log_m(s, prec))


def _lambertw(s: Interval, prec: int) -> Interval:
    return cast("Interval", _W0(s, prec))


def _even_min_at_zero(fn: Callable[..., Any], value_at_zero: tuple[Any, ...]) -> Callable[[Interval, int], Interval]:
    """An even function increasing on [0, oo) (cosh): min at 0, max at the farther end."""

    def ext(s: Interval, prec: int) -> Interval:
        if mpf_ge(s[0], fzero):
            return cast("Interval", fn(s, prec))
        if mpf_le(s[1], fzero):
            return cast("Interval", fn((mpf_neg(s[1]), mpf_neg(s[0])), prec))
        far = mpf_neg(s[0]) if mpf_gt(mpf_neg(s[0]), s[1]) else s[1]
        return (value_at_zero, fn((far, far), prec)[1])

    return ext


_cosh = _even_min_at_zero(_monotone(arb.cosh, True, "cosh", limits=(finf, finf)), fone)


def _abs(s: Interval, prec: int) -> Interval:
    return cast("Interval", M.mpi_abs(s, prec))


def _hits(s: Interval, c: arb, period: arb) -> bool:
    """Whether [a, b] may contain a point c + k*period (k an integer); undecided -> True."""
    a, b = R.arb_from_mpf(s[0]), R.arb_from_mpf(s[1])
    ta, tb = (a - c) / period, (b - c) / period
    fa, fb = ta.floor(), tb.floor()
    if not (fa.is_exact() and fb.is_exact()) or ta.contains_integer():
        return True
    return int(cast("fmpz", fb.unique_fmpz())) > int(cast("fmpz", fa.unique_fmpz()))


def _sin_cos(method: Callable[..., Any], offset: int) -> Callable[[Interval, int], Interval]:
    """sin (offset 0: +1 at pi/2 + 2 pi k, -1 at -pi/2 + 2 pi k) or cos (offset 1: +1 at
    2 pi k, -1 at pi + 2 pi k): the values at the ends, widened to +-1 where the interval may
    contain a maximum or a minimum."""

    def ext(s: Interval, prec: int) -> Interval:
        if s[0] in (finf, fninf) or s[1] in (finf, fninf):
            return (_MINUS_ONE, fone)
        if mpf_ge(mpf_sub(s[1], s[0], 30, round_ceiling), from_int(7)):  # wider than 2 pi
            return (_MINUS_ONE, fone)
        ea, eb = _arb_at(s[0], method, prec), _arb_at(s[1], method, prec)
        lo = ea[0] if mpf_lt(ea[0], eb[0]) else eb[0]
        hi = ea[1] if mpf_gt(ea[1], eb[1]) else eb[1]
        with ctx.workprec(prec + 20):
            pi = arb.pi()
            c_max, c_min = (pi / 2, -pi / 2) if offset == 0 else (arb(0), pi)
            if _hits(s, c_max, 2 * pi):
                hi = fone
            if _hits(s, c_min, 2 * pi):
                lo = _MINUS_ONE
        hi = fone if mpf_gt(hi, fone) else hi
        lo = _MINUS_ONE if mpf_lt(lo, _MINUS_ONE) else lo
        return (lo, hi)

    return ext


_sin = _sin_cos(arb.sin, 0)
_cos = _sin_cos(arb.cos, 1)


def _tan(s: Interval, prec: int) -> Interval:
    """Increasing between its poles pi/2 + k pi: [a, b] must lie strictly between two."""
    if s[0] in (finf, fninf) or s[1] in (finf, fninf):
        raise DomainError("tan on an unbounded interval")
    with ctx.workprec(prec + 20):
        if _hits(s, arb.pi() / 2, arb.pi()):
            raise DomainError("tan: the interval may contain a pole")
    return (_arb_at(s[0], arb.tan, prec)[0], _arb_at(s[1], arb.tan, prec)[1])


#: gamma's minimum on (0, oo) is at x0 = 1.46163214496836..., Gamma(x0) = 0.885603194...,
#: loggamma(x0) = -0.121486290...
_GAMMA_X0_LO = mpf_div(from_int(14616), from_int(10000), 64, round_floor)
_GAMMA_X0_HI = mpf_div(from_int(14617), from_int(10000), 64, round_ceiling)
_GAMMA_MIN_LO = mpf_div(from_int(8856), from_int(10000), 64, round_floor)
_LOGGAMMA_MIN_LO = mpf_div(from_int(-1215), from_int(10000), 64, round_floor)


def _ball_of_box(s: Interval, method: Callable[..., Any], prec: int, name: str) -> Interval:
    """Arb's enclosure of ``method`` on the whole box [a, b] (one ball containing the box):
    rigorous for any function Arb implements; finite boxes only."""
    if s[0] in (finf, fninf) or s[1] in (finf, fninf):
        raise DomainError(f"{name} on an unbounded interval")
    a, b = R.arb_from_mpf(s[0]), R.arb_from_mpf(s[1])
    for p in (prec + 20, 2 * prec + 40):
        with ctx.workprec(p):
            r = method(a.union(b))
        if r.is_finite():
            return mpf_pos(R.lower_mpf(r), prec, round_floor), mpf_pos(R.upper_mpf(r), prec, round_ceiling)
    raise DomainError(f"{name} is not finite on the box")


def _max_mpf(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    return a if mpf_ge(a, b) else b


def _gamma_like(method: Callable[..., Any], name: str, min_lo: tuple[Any, ...]) -> Callable[[Interval, int], Interval]:
    """gamma and loggamma: decreasing on (0, x0], increasing on [x0, oo); on boxes meeting
    (-oo, 0] Arb's enclosure of the box (a box containing a pole gives a DomainError)."""
    inc = _monotone(method, True, name, limits=(None, finf))
    dec = _monotone(method, False, name, limits=(None, finf))

    def ext(s: Interval, prec: int) -> Interval:
        if mpf_gt(s[0], fzero):
            if mpf_ge(s[0], _GAMMA_X0_HI):
                return cast("Interval", inc(s, prec))
            if mpf_le(s[1], _GAMMA_X0_LO):
                return cast("Interval", dec(s, prec))
            hi = _max_mpf(inc((s[1], s[1]), prec)[1], dec((s[0], s[0]), prec)[1])
            return (min_lo, hi)
        if name == "loggamma":
            raise DomainError("loggamma of a non-positive number")
        return _ball_of_box(s, method, prec, name)

    return ext


_gamma = _gamma_like(arb.gamma, "gamma", _GAMMA_MIN_LO)
_loggamma = _gamma_like(arb.lgamma, "loggamma", _LOGGAMMA_MIN_LO)


def _digamma(s: Interval, prec: int) -> Interval:
    if mpf_gt(s[0], fzero):
        return cast("Interval", _digamma_pos(s, prec))
    return _ball_of_box(s, arb.digamma, prec, "digamma")


def _sech(s: Interval, prec: int) -> Interval:
    return _div(_ONE, _cosh(s, prec + 10), prec)


def _recip(fn: Callable[[Interval, int], Interval]) -> Callable[[Interval, int], Interval]:
    return lambda s, prec: _div(_ONE, fn(s, prec + 10), prec)


#: the interval extension of each function the table (symact.primitives) marks ``interval``
_EXTENSIONS: dict[type, Callable[[Interval, int], Interval]] = {
    sp.exp: _exp,
    sp.log: _log,
    sp.tanh: _tanh,
    sp.erf: _erf,
    sp.erfc: _erfc,
    sp.erfi: _erfi,
    sp.erfinv: _erfinv,
    sp.erfcinv: _erfcinv,
    sp.atan: _atan,
    sp.asin: _asin,
    sp.acos: _acos,
    sp.asinh: _asinh,
    sp.acosh: _acosh,
    sp.atanh: _atanh,
    sp.sinh: _sinh,
    sp.cosh: _cosh,
    sp.sin: _sin,
    sp.cos: _cos,
    sp.tan: _tan,
    sp.gamma: _gamma,
    sp.loggamma: _loggamma,
    sp.digamma: _digamma,
    sp.Abs: _abs,
    sp.sech: _sech,
    sp.csch: _recip(_sinh),
    sp.coth: _recip(_tanh),
    sp.sec: _recip(_cos),
    sp.csc: _recip(_sin),
    expm1: _expm1,  # the C-style functions the stability rewrites produce
    log1p: _log1p,
}
#: functions the compiler encloses itself (an argument that is not an interval: a branch)
IN_COMPILER = (sp.LambertW,)
_UNARY: dict[type, Callable[[Interval, int], Interval]] = {
    f.sympy: _EXTENSIONS[f.sympy] for f in FUNCTIONS if f.interval and f.sympy not in IN_COMPILER
}


# ---------------------------------------------------------------------------------------
# compilation of SymPy expressions
Node = Callable[[list[Interval], int], Interval]


@functools.lru_cache(maxsize=4096)
def _compiled(expr: sp.Basic, variables: tuple[Any, ...]) -> Node:
    return _compile(expr, {v: i for i, v in enumerate(variables)})


def compile_iv(expr: sp.Basic, variables: Sequence[sp.Symbol] = (X,)) -> Callable[..., Interval]:
    """An enclosure function of ``expr``: ``fn(*intervals, prec=PREC) -> interval``."""
    node = _compiled(expr, tuple(variables))

    def fn(*args: Interval, prec: int = PREC) -> Interval:
        return node(list(args), prec)

    return fn


def const_iv(expr: sp.Basic, prec: int = PREC) -> Interval:
    """An enclosure of an exact constant expression (no free symbols)."""
    if expr.free_symbols:
        raise ValueError(f"not a constant: {expr}")
    return _compiled(expr, ())([], prec)


def enclose_on(expr: sp.Basic, lo: sp.Expr, hi: sp.Expr) -> Interval | None:
    """An enclosure of expr(x) for x in [lo, hi] (ends -oo/oo, rationals, or exact constants
    enclosed in balls); None where expr has no interval extension there."""

    def end(v: sp.Expr) -> Interval:
        return point(v) if (v.is_infinite or v.is_Rational) else const_iv(v)

    try:
        return compile_iv(expr)((end(lo)[0], end(hi)[1]))
    except (DomainError, ValueError, TypeError, ZeroDivisionError):
        return None


def sign_of_constant(expr: sp.Basic, precisions: Sequence[int] = R.PRECISIONS, zero_test: bool = True) -> int | None:
    """+1 or -1 if an Arb ball of ``expr`` excludes 0 (adaptive precision up to 2048 bits),
    0 if ``expr`` is exactly 0 (shown by exact algebra: :func:`symact.rigorous.exact_zero`),
    None if undecided.  See :func:`symact.rigorous.sign_of_constant`."""
    return R.sign_of_constant(expr, precisions, zero_test=zero_test)


def _compile(e: sp.Basic, index: dict[object, Any]) -> Node:  # noqa: C901 - one dispatch table
    if e in index:
        i = index[e]
        return lambda env, prec: env[i]
    if isinstance(e, sp.Symbol):
        raise DomainError(f"free symbol {e.name!r} has no value")
    if isinstance(e, sp.Integer):
        v = from_int(int(e))
        return lambda env, prec: (v, v)
    if isinstance(e, sp.Rational):
        p, q = int(e.p), int(e.q)
        return lambda env, prec: _ratio(p, q, prec)
    if isinstance(e, sp.Float):
        v = e._mpf_
        return lambda env, prec: (v, v)
    if e is sp.pi:
        return lambda env, prec: _const_bounds(arb.pi, prec)
    if e is sp.E:
        return lambda env, prec: _const_bounds(arb.const_e, prec)
    if e is sp.oo:
        return lambda env, prec: (finf, finf)
    if e is sp.S.NegativeInfinity:
        return lambda env, prec: (fninf, fninf)
    if isinstance(e, sp.Add):
        parts = [_compile(a, index) for a in e.args]

        def add(env: Any, prec: Any) -> Any:
            r = parts[0](env, prec)
            for p in parts[1:]:
                r = M.mpi_add(r, p(env, prec), prec)
            return r

        return add
    if isinstance(e, sp.Mul):
        # divide by the factors with negative integer exponents at the end (one division)
        num = [a for a in e.args if not (isinstance(a, sp.Pow) and a.exp.is_Integer and a.exp < 0)]
        den = [sp.Pow(a.base, -a.exp) for a in e.args if isinstance(a, sp.Pow) and a.exp.is_Integer and a.exp < 0]
        nparts = [_compile(a, index) for a in num]
        dparts = [_compile(a, index) for a in den]

        def mul(env: Any, prec: Any) -> Any:
            r = _ONE
            for p in nparts:
                r = _mul(r, p(env, prec), prec)
            if dparts:
                d = _ONE
                for p in dparts:
                    d = _mul(d, p(env, prec), prec)
                r = _div(r, d, prec)
            return r

        return mul
    if isinstance(e, sp.Pow):
        base = _compile(e.base, index)
        ex = e.exp
        if e.base is sp.E:
            arg = _compile(ex, index)
            return lambda env, prec: _exp(arg(env, prec), prec)
        if ex.is_Integer:
            n = int(ex)
            return lambda env, prec: _pow_int(base(env, prec), n, prec)
        if ex == sp.S.Half:
            return lambda env, prec: _sqrt(base(env, prec), prec)
        if ex == -sp.S.Half:
            return lambda env, prec: _div(_ONE, _sqrt(base(env, prec), prec + 10), prec)
        if ex.is_Rational and int(ex.q) == 2:
            n = int(ex.p)
            return lambda env, prec: _pow_int(_sqrt(base(env, prec), prec + 20), n, prec)
        if not ex.free_symbols:
            return lambda env, prec: _pow_real(base(env, prec), ex, prec)
        expo = _compile(ex, index)

        def gpow(env: Any, prec: Any) -> Any:
            b = base(env, prec)
            if not mpf_gt(b[0], fzero):
                raise DomainError("variable power of a non-positive base")
            return _exp(_mul(_log(b, prec + 20), expo(env, prec + 20), prec + 20), prec)

        return gpow
    if isinstance(e, sp.LambertW):
        k = e.args[1] if len(e.args) > 1 else 0
        if k not in (0, -1):
            raise DomainError("only the real branches 0 and -1 of LambertW are supported")
        arg = _compile(e.args[0], index)
        branch = _W0 if k == 0 else _Wm1
        return lambda env, prec: branch(arg(env, prec), prec)
    if isinstance(e, (sp.Max, sp.Min)):
        parts = [_compile(a, index) for a in e.args]
        is_max = isinstance(e, sp.Max)

        def mm(env: Any, prec: Any) -> Any:
            vals = [p(env, prec) for p in parts]
            lo, hi = vals[0]
            for a, b in vals[1:]:  # exact comparisons of the raw endpoints
                if is_max:
                    lo = a if mpf_gt(a, lo) else lo
                    hi = b if mpf_gt(b, hi) else hi
                else:
                    lo = a if mpf_lt(a, lo) else lo
                    hi = b if mpf_lt(b, hi) else hi
            return (lo, hi)

        return mm
    if isinstance(e, sp.polygamma) and e.args[0] == 0 and e.args[1].has(*index):
        arg = _compile(e.args[1], index)
        return lambda env, prec: _digamma(arg(env, prec), prec)
    fn = _UNARY.get(type(e))
    if fn is not None and len(e.args) == 1:
        arg = _compile(e.args[0], index)
        return lambda env, prec: fn(arg(env, prec), prec)
    if not e.free_symbols and not e.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        # other exact constants (EulerGamma, Catalan, polygamma(0, 2), ...): Arb's ball
        def const(env: Any, prec: Any) -> Any:
            try:
                b = R.ball(e, prec + 20)
            except R.Unsupported as exc:
                raise DomainError(f"no enclosure for the constant {e}: {exc}") from None
            if not b.is_finite():
                raise DomainError(f"no finite enclosure for the constant {e}")
            return mpf_pos(R.lower_mpf(b), prec, round_floor), mpf_pos(R.upper_mpf(b), prec, round_ceiling)

        return const
    raise DomainError(f"no interval extension for {type(e).__name__}")


# ---------------------------------------------------------------------------------------
# tails
class TailProof:
    """What :func:`tail_sign` found: ``sign`` (+1 / -1: the expression is >= 0 / <= 0 on
    the tail and not identically 0 there), ``method`` ('interval' or 'normal-form') and a
    short human-readable ``detail``."""

    __slots__ = ("sign", "method", "detail")

    def __init__(self, sign: int, method: str, detail: str) -> None:
        self.sign, self.method, self.detail = sign, method, detail

    def __repr__(self) -> str:
        return f"TailProof({self.sign:+d}, {self.method!r}, {self.detail!r})"


def tail_sign(expr: sp.Expr, side: int, L: sp.Rational, prec: int = PREC) -> TailProof | None:
    """Show that ``expr`` (in x) has one sign on the tail ``[L, oo)`` (side = +1) or
    ``(-oo, -L]`` (side = -1), L > 0 rational; None if neither method succeeds.

    The returned sign is non-strict (``expr >= 0`` on the tail); the callers use it for
    expressions analytic on the tail that are not identically zero, for which ``>= 0``
    already gives strict monotonicity of an antiderivative."""
    L = sp.Rational(L)
    if not L > 0:
        raise ValueError("L must be positive")
    e = expr.xreplace({X: -X}) if side < 0 else expr
    # 1. plain interval evaluation on [L, +inf], of the expression and of its form over a
    #    common denominator (which removes oo - oo in sums of fractions)
    for form in (e, None):
        if form is None:
            try:
                form = sp.together(e)
            except Exception:  # noqa: BLE001 - no second form
                break
            if form == e:
                break
        try:
            lo, hi = compile_iv(form)((point(L, prec)[0], finf), prec=prec)
        except DomainError:
            continue
        if mpf_ge(lo, fzero) and not (lo == fzero and hi == fzero):
            return TailProof(1, "interval", f"interval evaluation on the tail gives {iv_str((lo, hi), 6)}")
        if mpf_le(hi, fzero) and not (lo == fzero and hi == fzero):
            return TailProof(-1, "interval", f"interval evaluation on the tail gives {iv_str((lo, hi), 6)}")
    # 2. normal form in x and u = exp(p(x))
    try:
        return _normal_form_sign(e, L, prec)
    except (DomainError, sp.PolynomialError, ValueError, TypeError, ZeroDivisionError, NotImplementedError):
        return None


_HYPERBOLIC = (sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.csch, sp.coth)


def _exp_atoms(e: sp.Expr) -> list[sp.Expr]:
    out = []
    for a in e.atoms(sp.exp):
        if a.has(X):
            out.append(a.args[0])
    for a in e.atoms(sp.Pow):
        if a.base is sp.E and a.exp.has(X):
            out.append(a.exp)
    return out


def _normal_form_sign(e: sp.Expr, L: sp.Rational, prec: int) -> TailProof | None:
    e = cast("sp.Expr", e.replace(lambda a: isinstance(a, _HYPERBOLIC), lambda a: a.rewrite(sp.exp)))
    exps = _exp_atoms(e)
    if not exps:
        return None
    s = sp.Symbol("s_tail", nonnegative=True)
    polys = []
    for q in exps:
        if not q.is_polynomial(X):
            return None
        pq = sp.Poly(sp.expand(q), X)
        lc = pq.LC()
        sg = sign_of_constant(lc)
        if sg is None or sg == 0:
            return None
        polys.append(sp.expand(q) if sg < 0 else sp.expand(-q))  # decaying exponent
    # a common decaying exponent p with every atom exp(+-q) = u**k, k integer
    base = polys[0]
    ratios = []
    for p in polys:
        r = sp.cancel(p / base)
        if r.free_symbols or not r.is_Rational or not r > 0:
            return None
        ratios.append(sp.Rational(r))
    den = functools.reduce(sp.ilcm, [int(r.q) for r in ratios], 1)
    num = functools.reduce(sp.igcd, [int(r.p) for r in ratios], 0)
    p = sp.expand(base * sp.Rational(num, den))  # u = exp(p)
    if _shifted_sign(sp.expand(sp.diff(p, X).xreplace({X: L + s})), s, prec) != -1:
        return None  # u must decrease on the whole tail, so that 0 < u <= exp(p(L))
    u = sp.Symbol("u_tail", positive=True)
    repl = {}
    for q in set(exps):
        k = sp.cancel(sp.expand(q) / p)
        if not (k.is_Integer or (k.is_Rational and k.q == 1)):
            return None
        repl[sp.exp(q)] = u ** int(k)
    h = e.xreplace(repl)
    if h.has(sp.exp) and any(a.has(X) for a in h.atoms(sp.exp)):
        return None
    # logarithms: log(u**k * w) = k p + log(w), split only into logarithms of factors that
    # are positive (u > 0, u + 1 > 0, ...)
    h = h.replace(lambda a: isinstance(a, sp.log) and a.has(u), _split_log)
    h = h.xreplace({sp.log(u): p})
    h = sp.together(h)
    N, D = sp.fraction(h)
    sN = _poly_sign(N, u, p, L, s, prec)
    if sN is None:
        return None
    sD = _poly_sign(D, u, p, L, s, prec)
    if sD is None:
        return None
    return TailProof(sN * sD, "normal-form", f"rational in x and u = exp({p}) on the tail x >= {L}")


def _split_log(a: sp.log) -> sp.Expr:
    arg = sp.factor(a.args[0])
    parts = []
    for fac in sp.Mul.make_args(arg):
        base, e = fac.as_base_exp()
        if base.is_positive is not True or not (e.is_Integer or base.is_positive):
            return a
        parts.append(e * sp.log(base))
    return sp.Add(*parts)


def _poly_sign(P: sp.Expr, u: sp.Symbol, p: sp.Expr, L: sp.Rational, s: sp.Symbol, prec: int) -> int | None:
    """Strict sign of P(x, u, atoms) for x >= L, u = exp(p(x)) (see module docstring)."""
    P = sp.expand(P)
    if P == 0:
        return None
    # atoms other than x and u become symbols with enclosures on the tail
    atoms = sorted({a for a in P.atoms(sp.Function) if a.has(X) or a.has(u)}, key=sp.default_sort_key)
    tail = (point(L, prec)[0], finf)
    u_hi = _exp(const_iv(p.xreplace({X: L}), prec), prec)[1]
    u_box = (fzero, u_hi)
    enclosures = {}
    syms = []
    for i, a in enumerate(atoms):
        t = sp.Symbol(f"a{i}_tail")
        enclosures[t] = compile_iv(a, (X, u))(tail, u_box, prec=prec)
        syms.append(t)
        P = P.xreplace({a: t})
    if P.has(X) and not P.is_polynomial(X, u, *syms):
        return None
    poly = sp.Poly(P, X, u, *syms)
    terms = poly.terms()
    jmin = min(m[1] for m, _ in terms)
    dp = sp.diff(p, X)
    total = (fzero, fzero)
    pure: dict[int, sp.Expr] = {}
    for monom, coeff in terms:
        k, j = monom[0], monom[1] - jmin
        rest = monom[2:]
        if j == 0 and not any(rest):
            pure[k] = pure.get(k, 0) + coeff
            continue
        c = const_iv(coeff, prec)
        if j == 0:
            mono = _pow_int(tail, k, prec) if k else _ONE
        else:
            # x^k u^j decreasing on [L, oo): k + j x p'(x) <= 0 there
            cond = sp.expand((k + j * X * dp).xreplace({X: L + s}))
            if _shifted_sign(cond, s, prec) not in (-1, 0):
                return None
            top = _mul(_pow_int(point(L, prec), k, prec), _exp(const_iv(j * p.xreplace({X: L}), prec), prec), prec)
            mono = (fzero, top[1])
        for t, m in zip(syms, rest):
            if m:
                mono = _mul(mono, _pow_int(enclosures[t], m, prec), prec)
        total = M.mpi_add(total, _mul(c, mono, prec), prec)
    if pure:
        poly_x = sp.Add(*[c * X**k for k, c in pure.items()])
        shifted = sp.expand(poly_x.xreplace({X: L + s}))
        sg = _shifted_sign(shifted, s, prec)
        if sg is None or sg == 0:
            return None
        c0 = const_iv(sp.sympify(shifted).xreplace({s: sp.Integer(0)}), prec)  # xreplace of the bare symbol s returns the int 0
        part = (c0[0], finf) if sg > 0 else (fninf, c0[1])
        total = M.mpi_add(total, part, prec)
    if mpf_gt(total[0], fzero):
        return 1
    if mpf_lt(total[1], fzero):
        return -1
    return None


def _shifted_sign(poly_s: sp.Expr, s: sp.Symbol, prec: int) -> int | None:
    """Sign of a polynomial in s >= 0 whose coefficients all have one sign: +1 if all are
    >= 0 and the constant term > 0, -1 symmetrically, 0 if it is 0; else None.  (For the
    monotonicity conditions a constant term 0 with other coefficients <= 0 counts as -1.)"""
    if poly_s == 0:
        return 0
    pl = sp.Poly(poly_s, s)
    signs = []
    for c in pl.all_coeffs():
        sg = sign_of_constant(c)
        if sg is None:
            return None
        signs.append(sg)
    if all(v >= 0 for v in signs):
        return 1 if signs[-1] > 0 or any(signs) else 0
    if all(v <= 0 for v in signs):
        return -1
    return None
