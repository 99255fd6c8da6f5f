"""The trusted asymptotics module: limits proved by an exact normal form, never quoted.

Every expected value below is a limit worked out by hand (the comment says how); the test
also confirms it independently with mpmath at 60 digits far out on the tail (x = 1e3 .. 1e8,
or p +- 1e-3 .. 1e-8 at a finite point).  Functions without a limit must give None, never a
value.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from symact import asymptotics as A
from symact import certificate as C
from symact.results import Certificate
from symact.spec import x

oo = sp.oo
s = 1 / (1 + sp.exp(-x))  # the logistic sigmoid
sp_ = sp.log(1 + sp.exp(x))  # softplus
half = sp.Rational(1, 2)

#: (expression, end, limit); reasons in the comments
AT_INFINITY = [
    (s, oo, 1),  # e^-x -> 0
    (s, -oo, 0),  # 1/(1 + e^t)
    (s * (1 + x * (1 - s)), oo, 1),  # dSiLU: x e^-x -> 0 (sympy.limit says 0)
    (s * (2 + x * (1 - s)), oo, 2),  # sympy.limit says 0
    (s - x * s * (1 - s) / 10, oo, 1),  # sympy.limit says 0
    (s * (1 + x * (1 - s)), -oo, 0),  # x e^x -> 0
    (sp.tanh(x), oo, 1),
    (sp.tanh(x), -oo, -1),
    (1 - sp.tanh(x) ** 2, -oo, 0),
    (x * (1 - sp.tanh(x)), oo, 0),  # 2x e^-2x/(1 + e^-2x)
    (x**2 * sp.sech(x), oo, 0),
    (sp.log(sp.cosh(x)) - x, oo, -sp.log(2)),  # log((1 + e^-2x)/2)
    (sp.atan(x), oo, sp.pi / 2),
    (sp.atan(x), -oo, -sp.pi / 2),
    (x * (sp.pi / 2 - sp.atan(x)), oo, 1),  # x atan(1/x) -> 1
    (x * sp.atan(x) - sp.pi * x / 2, oo, -1),
    (x / 2 + sp.sqrt(x**2 + 4) / 2, -oo, 0),  # squareplus: 2/(sqrt(t^2 + 4) + t)
    (sp.sqrt(x**2 + x) - x, oo, half),  # x/(sqrt(x^2 + x) + x)
    (sp.sqrt(4 * x**2 + x) - 2 * x, oo, sp.Rational(1, 4)),
    ((sp.sqrt(x**2 + 1) - x) * x, oo, half),
    (sp_, oo, oo),
    (sp_, -oo, 0),  # log(1 + e^-t) ~ e^-t
    (sp_ - x, oo, 0),  # log(1 + e^-x)
    (x * sp.tanh(sp_), -oo, 0),  # mish
    (x * sp.tanh(sp_), oo, oo),
    (x * (1 - sp.tanh(sp_) ** 2) * sp.exp(x) / (sp.exp(x) + 1) + sp.tanh(sp_), oo, 1),  # mish'
    (x * (sp.erf(x / sp.sqrt(2)) + 1) / 2, -oo, 0),  # GELU: x erfc(t/sqrt 2) -> 0
    (x * (sp.erf(x / sp.sqrt(2)) + 1) / 2, oo, oo),
    (sp.erf(x), oo, 1),
    (sp.erf(x / sp.sqrt(2)), -oo, -1),
    (x * (1 - sp.erf(x)), oo, 0),
    (x * sp.erfc(x), oo, 0),
    (x * (sp.tanh(sp.sqrt(2 / sp.pi) * (x + sp.Rational(44715, 10**6) * x**3)) + 1) / 2, -oo, 0),  # GELU-tanh
    (x * sp.exp(-x), oo, 0),
    (x**100 * sp.exp(-x), oo, 0),
    (sp.exp(x) / x**3, oo, oo),
    (sp.exp(-x) / x**2, -oo, oo),
    (sp.exp(-x**2 + x), oo, 0),
    (x**2 / (sp.exp(x) + x**3), oo, 0),
    ((sp.exp(2 * x) + x) / (sp.exp(2 * x) - 1), oo, 1),
    ((x + 1) / (x + sp.exp(-x)), oo, 1),
    ((x**2 + 1) / (2 * x**2 - 3), oo, half),
    ((3 * x + 1) / (-2 * x + 5), -oo, -sp.Rational(3, 2)),
    (x**3 - 2 * x, -oo, -oo),
    (1 / (1 + x**2), -oo, 0),
    (x - sp.tanh(x), -oo, -oo),
    (sp.sin(x) / x, oo, 0),  # |sin| <= 1
    (sp.exp(-x) * sp.sin(x), oo, 0),
    (x + sp.sin(x), oo, oo),
    (sp.cos(1 / x), oo, 1),
    (x * sp.sin(1 / x), oo, 1),
    (x**2 * (1 - sp.cos(1 / x)), oo, half),
    ((1 + 1 / x) ** x, oo, sp.E),  # exp(x log(1 + 1/x)), x log(1 + 1/x) = 1 - 1/(2x) + ...
    (sp.exp(x) * (sp.erf(x) - 1) * sp.exp(-x), oo, 0),
    # log t as a generator of its own
    (sp.log(1 + x**2), oo, oo),
    (sp.log(1 + x**2) / x, -oo, 0),
    (sp.log(x) / x, oo, 0),
    (sp.log(x) ** 3 / x, oo, 0),
    (x / sp.log(x), oo, oo),
    (x ** (1 / x), oo, 1),  # exp(log(x)/x)
    (sp.log(1 + x**2) - 2 * sp.log(sp.Abs(x)), -oo, 0),
]

#: no limit: must be None
NO_LIMIT = [
    (sp.sin(x), oo),
    (sp.cos(x), -oo),
    (x * sp.sin(x), oo),
    (x * sp.cos(x), -oo),
    (sp.sin(x) + sp.cos(x), oo),
    (sp.exp(x) * sp.sin(x), oo),
    (sp.exp(-x**2) * sp.tan(x), oo),  # poles everywhere (sympy.limit says 0)
    (sp.exp(-x**2) * sp.tan(x), -oo),
    (sp.tan(x), oo),
    (sp.gamma(x), -oo),  # poles at -n (sympy.limit says gamma(-oo))
    (sp.polygamma(0, x), -oo),  # sympy.limit says oo
    (sp.sin(x**2), oo),
]

#: one-sided limits at finite points: (expression, point, side, limit)
AT_POINT = [
    ((sp.exp(x) - 1 - x) / x**2, 0, "+", half),
    ((sp.exp(x) - 1 - x) / x**2, 0, "-", half),
    (x / (sp.exp(x) - 1), 0, "+", 1),
    (x / (sp.exp(x) - 1), 0, "-", 1),
    (sp.diff(x / (sp.exp(x) - 1), x), 0, "+", -half),  # Bernoulli B1
    (sp.diff(x / (sp.exp(x) - 1), x, 2), 0, "-", sp.Rational(1, 6)),  # B2
    (sp.sin(x) / x, 0, "+", 1),
    ((1 - sp.cos(x)) / x**2, 0, "-", half),
    (sp.log(1 + x) / x, 0, "+", 1),
    ((x**2 - 1) / (x - 1), 1, "-", 2),
    (1 / x, 0, "+", oo),
    (1 / x, 0, "-", -oo),
    (sp.exp(-1 / x), 0, "+", 0),
    (sp.exp(-1 / x), 0, "-", oo),
    (s, 0, "+", half),
    (x * sp.log(x), 0, "+", 0),
    (x**x, 0, "+", 1),
    (sp.log(x), 0, "+", -oo),
]


def _mp(e: sp.Expr):  # type: ignore[no-untyped-def]
    return sp.lambdify(x, e, modules="mpmath")


def _confirm(e: sp.Expr, pts: list, L: sp.Expr) -> None:
    """Independent numeric confirmation (mpmath, 60 digits) at points far out."""
    fn = _mp(e)
    with mpmath.workdps(60):
        vals = [fn(mpmath.mpf(p)) for p in pts]
        if L is oo:  # growing without bound along the points (log growth: slowly)
            assert vals[-1] > 30 and all(a < b for a, b in zip(vals, vals[1:]))
        elif L is -oo:
            assert vals[-1] < -15 and all(a > b for a, b in zip(vals, vals[1:]))
        else:
            assert abs(vals[-1] - mpmath.mpf(sp.N(L, 70))) < 1e-4


@pytest.mark.parametrize("e,end,L", AT_INFINITY, ids=[f"{i}" for i in range(len(AT_INFINITY))])
def test_limit_at_infinity(e, end, L):
    sign = 1 if end is oo else -1
    _confirm(e, [sign * mpmath.mpf(10) ** k for k in range(3, 9)], sp.sympify(L))
    pr = A.limit(e, end)
    assert pr is not None, f"{e} at {end} not shown"
    v = pr.value
    L = sp.sympify(L)
    assert v == L or (not v.is_infinite and not L.is_infinite and sp.simplify(v - L) == 0), (e, v, L)


def test_at_least_40_functions_with_known_limits():
    assert len(AT_INFINITY) + len(AT_POINT) >= 40
    assert len(NO_LIMIT) >= 10


@pytest.mark.parametrize("e,end", NO_LIMIT, ids=[str(i) for i in range(len(NO_LIMIT))])
def test_no_limit_is_never_a_value(e, end):
    assert A.limit(e, end) is None
    assert C.limit_at(e, end) is None


def test_no_limit_numerically_oscillates():
    # the ground truth for x sin x and sin x: values at 2 pi k +- pi/2 stay apart
    for e in (sp.sin(x), x * sp.sin(x)):
        fn = _mp(e)
        with mpmath.workdps(40):
            for k in (10**3, 10**6):
                a, b = fn(2 * mpmath.pi * k + mpmath.pi / 2), fn(2 * mpmath.pi * k - mpmath.pi / 2)
                assert a - b >= 2


@pytest.mark.parametrize("e,p,side,L", AT_POINT, ids=[str(i) for i in range(len(AT_POINT))])
def test_one_sided_limit(e, p, side, L):
    sgn = 1 if side == "+" else -1
    L = sp.sympify(L)
    _confirm(e, [p + sgn * mpmath.mpf(10) ** -k for k in range(3, 9)], L)
    pr = A.limit(e, sp.Integer(p), side)
    assert pr is not None
    assert pr.value == L or sp.simplify(pr.value - L) == 0


def test_parameters_decided_by_assumptions():
    a = sp.Symbol("alpha", positive=True)
    b = sp.Symbol("beta", positive=True)
    assert A.limit(a * (sp.exp(x) - 1), -oo).value == -a
    assert A.limit(x / (1 + sp.exp(-b * x)), oo).value is oo
    assert A.limit(x / (1 + sp.exp(-b * x)), -oo).value == 0
    c = sp.Symbol("c", real=True)  # sign unknown: e^{c x} undecided
    assert A.limit(sp.exp(c * x), oo) is None
    # parameters named like the module's own variables are not confused with them
    t, u0, B0 = sp.Symbol("t", positive=True), sp.Symbol("u0", positive=True), sp.Symbol("B0", real=True)
    assert A.limit(t * x / (1 + x), oo).value == t
    assert A.limit(u0 * sp.exp(-x) + B0, oo).value == B0
    assert A.limit(x * sp.exp(-t * x), oo).value == 0


def test_value_at_point_substitutes_only_where_defined():
    assert C.value_at(sp.exp(x) + 1, sp.Integer(0), "-") == 2
    assert C.value_at(x / (sp.exp(x) - 1), sp.Integer(0), "-") == 1
    assert A.continuous_value(x / (sp.exp(x) - 1), sp.Integer(0)) is None
    assert A.continuous_value(sp.Piecewise((1, x > 0), (0, True)), sp.Integer(1)) is None


def test_checker_rejects_a_quoted_wrong_limit():
    from symact.catalog import define

    dsilu = define("dsilu_t", s * (1 + x * (1 - s)), register_it=False)
    good = Certificate("limit", {"end": oo, "order": 0, "value": sp.Integer(1)}, ())
    bad = Certificate("limit", {"end": oo, "order": 0, "value": sp.Integer(0)}, ())
    assert C.check(good, dsilu)[0]
    ok, why = C.check(bad, dsilu)
    assert not ok and "differs" in why


def test_prover_proves_the_true_dsilu_limit():
    from symact.catalog import define
    from symact.prove import prove

    dsilu = define("dsilu_p", s * (1 + x * (1 - s)), register_it=False)
    pr = prove(dsilu, properties=["limit_oo", "limit_-oo"])
    assert pr.claim("limit_oo").status == "proved" and pr.claim("limit_oo").value == 1
    assert pr.claim("limit_-oo").value == 0


def test_proof_text_names_the_atoms():
    pr = A.limit(s * (1 + x * (1 - s)), oo)
    assert pr.value == 1 and pr.variable == "x = t"
    pr = A.limit(sp.erf(x), oo)
    assert any("erfcx" in lem for lem in pr.lemmas)


def test_no_limit_by_two_sequences_is_proved_and_rechecked():
    from symact.catalog import define
    from symact.prove import prove

    from test_steps import _check_step

    act = define("xsinx", x * sp.sin(x), register_it=False)
    pr = prove(act, properties=["limit_oo", "limit_-oo"])
    for prop in ("limit_oo", "limit_-oo"):
        cl = pr.claim(prop)
        assert cl.status == "proved" and cl.value == "does not exist" and cl.method == "two sequences"
        for st in cl.certificate.steps:
            _check_step(prop, st)
        ok, _ = C.check(cl.certificate, act)
        assert ok
    # a forged sequence certificate (equal limits claimed different) is rejected
    forged = Certificate("no-limit", {"sequences": {"end": oo, "period": 2 * sp.pi, "points": (0, sp.pi),
                                                    "limits": (0, 0)}}, ())
    assert not C.check(forged, act)[0]
    tanh_act = define("tanh_t", sp.tanh(x), register_it=False)
    assert A.no_limit(sp.tanh(x), oo) is None
    assert not C.check(Certificate("no-limit", {"sequences": {"end": oo, "period": 2 * sp.pi, "points": (0, sp.pi / 2),
                                                               "limits": (1, 2)}}, ()), tanh_act)[0]
