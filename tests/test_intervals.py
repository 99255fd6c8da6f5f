"""Rigorous interval arithmetic: every enclosure contains the true values (checked against
mpmath at 50 digits on points of random boxes), and tail sign proofs agree with sampling."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symact.catalog import get
from symact.intervals import (
    DomainError,
    compile_iv,
    const_iv,
    interval,
    point,
    sign_of_constant,
    tail_sign,
    to_rational,
)
from symact.numeric import compile_mp
from symact.spec import x

from helpers import SMOOTH as SMOOTH_RECORDS

SMOOTH = [a for a in SMOOTH_RECORDS if not a.expr.has(sp.sin)] + [get("sinusoid")]
EXPRS = [(a.name, k, sp.diff(a.expr, x, k)) for a in SMOOTH for k in (0, 1, 2, 3)]


def _contains(iv: tuple, v: mpmath.mpf) -> bool:
    """v in iv, compared exactly (mpmath.mpf(raw) would round the endpoints to mp.prec)."""
    from mpmath.libmp import mpf_le

    return bool(mpf_le(iv[0], v._mpf_) and mpf_le(v._mpf_, iv[1]))


@pytest.mark.parametrize("name,k,e", EXPRS, ids=[f"{n}-d{k}" for n, k, _ in EXPRS])
@settings(max_examples=25, deadline=None)
@given(a=st.fractions(min_value=-40, max_value=40, max_denominator=1000), w=st.fractions(min_value=0, max_value=5, max_denominator=1000))
def test_enclosure_contains_sampled_values(name: str, k: int, e: sp.Expr, a, w) -> None:  # type: ignore[no-untyped-def]
    lo, hi = sp.Rational(a.numerator, a.denominator), sp.Rational(a.numerator, a.denominator) + sp.Rational(w.numerator, w.denominator)
    try:
        box = compile_iv(e)(interval(lo, hi))
    except DomainError:
        return
    fn = compile_mp(e)
    with mpmath.workdps(50):
        for t in range(5):
            p = mpmath.mpf(lo.p) / lo.q + (mpmath.mpf(hi.p) / hi.q - mpmath.mpf(lo.p) / lo.q) * t / 4
            p = min(max(p, mpmath.mpf(lo.p) / lo.q), mpmath.mpf(hi.p) / hi.q)
            v = fn(p)
            # the sample point is rounded to 50 digits: allow that much slack in the value
            slack = mpmath.mpf(10) ** -40 * (1 + abs(v))
            lo_ok = _contains(box, v) or _contains(box, v + slack) or _contains(box, v - slack)
            assert lo_ok, (name, k, lo, hi, p, v, box)


def test_point_enclosures_are_tight_and_exact_numbers_exact() -> None:
    iv = const_iv(sp.exp(-1) / sp.sqrt(sp.pi) + sp.erf(1) / 2 + sp.Rational(1, 2))
    assert mpmath.mpf(iv[1]) - mpmath.mpf(iv[0]) < mpmath.mpf(10) ** -35
    assert _contains(iv, mpmath.mpf("1.128904145188")) is False  # not the value to 13 digits...
    with mpmath.workdps(40):
        true = mpmath.exp(-1) / mpmath.sqrt(mpmath.pi) + mpmath.erf(1) / 2 + mpmath.mpf(1) / 2
    assert _contains(iv, true)
    assert point(sp.Rational(1, 4)) == (point(sp.Rational(1, 4))[0],) * 2
    assert to_rational(point(sp.Rational(3, 8))[0]) == sp.Rational(3, 8)


def test_infinite_endpoints_and_zero_times_infinity() -> None:
    inf_box = (point(2)[0], point(sp.oo)[0])
    lo, hi = compile_iv(sp.exp(-x))(inf_box)
    assert mpmath.mpf(lo) == 0 and mpmath.mpf(hi) > 0
    lo, hi = compile_iv(sp.tanh(x))(inf_box)
    assert mpmath.mpf(hi) == 1 and mpmath.mpf(lo) > 0.96
    lo, hi = compile_iv(sp.erf(x))(inf_box)
    assert mpmath.mpf(hi) == 1
    z = compile_iv(0 * x + sp.Integer(0) * sp.exp(x))(inf_box)
    assert z == (point(0)[0], point(0)[0])


def test_domain_errors() -> None:
    with pytest.raises(DomainError):
        compile_iv(sp.log(x))(interval(-1, 1))
    with pytest.raises(DomainError):
        compile_iv(1 / x)(interval(-1, 1))
    with pytest.raises(DomainError):
        compile_iv(sp.sqrt(x))(interval(-1, 1))
    with pytest.raises(DomainError):
        compile_iv(sp.Heaviside(x))(interval(-1, 1))


def test_sign_of_constant() -> None:
    assert sign_of_constant(sp.pi - sp.Rational(355, 113)) == -1
    assert sign_of_constant(sp.exp(-1) - sp.Rational(367879, 10**6)) == 1
    assert sign_of_constant(sp.Integer(0)) == 0
    # exactly 0 by the defining identity W(z) e^{W(z)} = z (an exact zero test, not a float)
    assert sign_of_constant(sp.LambertW(sp.exp(-1)) * sp.exp(sp.LambertW(sp.exp(-1))) - sp.exp(-1)) == 0
    # exactly 0 by the reflection formula, which no exact test here knows: undecided
    assert sign_of_constant(sp.gamma(sp.Rational(1, 3)) * sp.gamma(sp.Rational(2, 3)) - 2 * sp.pi / sp.sqrt(3)) is None
    # 3.7e-44 > 0: decided at a higher precision, never rounded to 0
    assert sign_of_constant(sp.log(1 + sp.exp(-100))) == 1


TAILS = [
    ("sigmoid", 1, 1),
    ("silu", 1, -1),
    ("silu", 2, -1),
    ("mish", 1, -1),
    ("mish", 2, 1),
    ("gelu_tanh", 1, -1),
    ("gelu", 2, 1),
    ("softplus", 2, 1),
    ("squareplus", 2, -1),
    ("arctan", 2, 1),
]


@pytest.mark.parametrize("name,k,side", TAILS)
def test_tail_signs_agree_with_sampling(name: str, k: int, side: int) -> None:
    e = sp.diff(get(name).expr, x, k)
    tp = None
    for L in (2, 4, 8, 16, 32):
        tp = tail_sign(e, side, sp.Integer(L))
        if tp is not None:
            break
    assert tp is not None, (name, k, side)
    fn = compile_mp(e)
    with mpmath.workdps(60):
        for t in (L, L + 0.5, L + 3, 2 * L, 10 * L, 100 * L):
            v = fn(side * mpmath.mpf(t))
            assert v * tp.sign >= 0, (name, k, side, t, v, tp)


def test_tail_sign_refuses_a_false_sign() -> None:
    # sin has no sign on any tail; x e^{-x} - 1/x^3 changes sign around x = 1.1 only once,
    # so from L = 2 on it is positive: the method must not say negative
    assert tail_sign(sp.sin(x), 1, sp.Integer(2)) is None
    tp = tail_sign(x * sp.exp(-x) - sp.exp(-2 * x), 1, sp.Integer(2))
    assert tp is None or tp.sign == 1
