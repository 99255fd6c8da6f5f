"""The rigorous numbers (symact.rigorous, on Arb): balls contain the true values (mpmath at
100 digits, an independent route), decisions are made only when they are proved, undecided
questions come back None, and the examples of issue 10 get correct answers or unknown."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from mpmath.libmp import mpf_le

from symact import rigorous as R
from symact.catalog import define
from symact.intervals import DomainError, compile_iv, interval
from symact.spec import x

c44 = sp.log(1 + sp.exp(-100))  # 3.72e-44

CONSTANTS = [
    (sp.exp(sp.Rational(7, 3)), lambda: mpmath.exp(mpmath.mpf(7) / 3)),
    (sp.log(sp.Rational(5, 7)), lambda: mpmath.log(mpmath.mpf(5) / 7)),
    (c44, lambda: mpmath.log1p(mpmath.exp(-100))),
    (sp.erf(sp.Rational(3, 2)), lambda: mpmath.erf(mpmath.mpf(3) / 2)),
    (sp.erfc(8), lambda: mpmath.erfc(8)),
    (sp.erfinv(sp.Rational(9, 10)), lambda: mpmath.erfinv(mpmath.mpf(9) / 10)),
    (sp.tanh(sp.Rational(1, 3)), lambda: mpmath.tanh(mpmath.mpf(1) / 3)),
    (sp.atan(sp.Rational(-11, 4)), lambda: mpmath.atan(mpmath.mpf(-11) / 4)),
    (sp.asin(sp.Rational(1, 3)), lambda: mpmath.asin(mpmath.mpf(1) / 3)),
    (sp.acos(sp.Rational(-2, 3)), lambda: mpmath.acos(mpmath.mpf(-2) / 3)),
    (sp.sinh(3), lambda: mpmath.sinh(3)),
    (sp.cosh(sp.Rational(1, 5)), lambda: mpmath.cosh(mpmath.mpf(1) / 5)),
    (sp.asinh(7), lambda: mpmath.asinh(7)),
    (sp.acosh(sp.Rational(9, 4)), lambda: mpmath.acosh(mpmath.mpf(9) / 4)),
    (sp.atanh(sp.Rational(-1, 7)), lambda: mpmath.atanh(mpmath.mpf(-1) / 7)),
    (sp.LambertW(2), lambda: mpmath.lambertw(2).real),
    (sp.LambertW(-sp.Rational(1, 5), -1), lambda: mpmath.lambertw(mpmath.mpf(-1) / 5, -1).real),
    (sp.gamma(sp.Rational(7, 3)), lambda: mpmath.gamma(mpmath.mpf(7) / 3)),
    (sp.gamma(sp.Rational(-5, 2)), lambda: mpmath.gamma(mpmath.mpf(-5) / 2)),
    (sp.digamma(sp.Rational(3, 4)), lambda: mpmath.digamma(mpmath.mpf(3) / 4)),
    (sp.loggamma(11), lambda: mpmath.loggamma(11)),
    (sp.sin(100), lambda: mpmath.sin(100)),
    (sp.cos(sp.Rational(-3, 2)), lambda: mpmath.cos(mpmath.mpf(-3) / 2)),
    (sp.tan(sp.Rational(3, 2)), lambda: mpmath.tan(mpmath.mpf(3) / 2)),
    (sp.pi ** sp.Rational(2, 3) * sp.E, lambda: mpmath.pi ** (mpmath.mpf(2) / 3) * mpmath.e),
    (sp.EulerGamma + sp.Catalan, lambda: mpmath.euler + mpmath.catalan),
    (sp.Add(sp.Float("0.1"), -sp.Rational(1, 10), evaluate=False), lambda: mpmath.mpf(sp.Float("0.1")._mpf_) - mpmath.mpf(1) / 10),
    (sp.Integer(2) ** sp.Rational(-3, 2) + sp.sqrt(3), lambda: mpmath.mpf(2) ** (-1.5) + mpmath.sqrt(3)),
    (sp.exp(sp.pi * sp.sqrt(163)) - 640320**3 - 744, lambda: mpmath.exp(mpmath.pi * mpmath.sqrt(163)) - 640320**3 - 744),
]


@pytest.mark.parametrize("prec", [64, 256])
@pytest.mark.parametrize("expr,truth", CONSTANTS, ids=[str(e)[:40] for e, _ in CONSTANTS])
def test_balls_contain_the_100_digit_value(expr: sp.Expr, truth, prec: int) -> None:  # type: ignore[no-untyped-def]
    b = R.ball(expr, prec)
    assert b.is_finite()
    with mpmath.workdps(100):
        v = truth()
        lo, hi = mpmath.mpf(R.lower_mpf(b)), mpmath.mpf(R.upper_mpf(b))
        slack = mpmath.mpf(10) ** -95 * max(1, abs(v))  # mpmath's own error at 100 digits
        assert lo - slack <= v <= hi + slack
    # adaptive precision reaches 60 bits of relative accuracy even through cancellation
    t = R.enclose(expr, 60)
    assert t is not None and t.rel_accuracy_bits() >= 60
    with mpmath.workdps(100):
        assert mpmath.mpf(R.lower_mpf(t)) - slack <= v <= mpmath.mpf(R.upper_mpf(t)) + slack


def test_signs_are_decided_at_the_precision_they_need() -> None:
    assert R.sign_of_constant(c44) == 1  # 15 digits say 0, and SymPy's relation says False
    assert R.sign_of_constant(-c44) == -1
    assert R.sign_of_constant(sp.exp(sp.pi * sp.sqrt(163)) - 640320**3 - 744) == -1  # -7.5e-13
    assert R.sign_of_constant(sp.pi - sp.Rational(355, 113)) == -1
    assert R.sign_of_constant(sp.exp(-1000)) == 1
    assert R.sign_of_constant(sp.Integer(0)) == 0


def test_exact_zero_only_by_exact_algebra() -> None:
    assert R.sign_of_constant(sp.sqrt(2) * sp.sqrt(3) - sp.sqrt(6)) == 0  # minimal polynomial
    assert R.sign_of_constant(sp.tanh(1) - (sp.exp(2) - 1) / (sp.exp(2) + 1)) == 0  # exponential form
    assert R.sign_of_constant(sp.LambertW(1) * sp.exp(sp.LambertW(1)) - 1) == 0  # W e^W = z
    assert R.exact_zero(sp.log(6) - sp.log(2) - sp.log(3))  # expand_log on positive numbers
    # true zeros that no exact test here proves stay undecided (never a guess from digits)
    assert R.sign_of_constant(sp.gamma(sp.Rational(1, 3)) * sp.gamma(sp.Rational(2, 3)) - 2 * sp.pi / sp.sqrt(3)) is None
    assert R.sign_of_constant(sp.erf(sp.Rational(1, 2)) + sp.erfc(sp.Rational(1, 2)) - 1) is None
    # cos(t) - 1 = -t^2/2 + ... with t = exp(-e^20) ~ 10^-(2*10^8): below every ball up to the
    # 2048-bit cap, so undecided (not 0)
    assert R.sign_of_constant(sp.cos(sp.exp(-sp.exp(20))) - 1) is None
    assert R.sign_of_constant(sp.log(-1)) is None  # not real: no finite ball
    assert R.sign_of_constant(sp.acosh(sp.Rational(1, 2))) is None  # complex: a nan ball


def test_compare_and_relations() -> None:
    assert R.compare(sp.pi, sp.oo) == -1
    assert R.compare(-sp.oo, sp.E) == -1
    assert R.compare(sp.oo, sp.oo) == 0
    assert R.compare(sp.log(4) / 2, sp.log(2)) == 0
    assert R.decide(sp.pi / (1 + 0), "<=", sp.pi) is True
    assert R.decide(sp.pi, "<", sp.pi) is False
    assert R.decide_relational(sp.StrictLessThan(0, c44, evaluate=False)) is True
    assert R.decide_relational(sp.LessThan(c44, 0, evaluate=False)) is False
    assert R.decide_relational(sp.And(sp.StrictLessThan(0, c44, evaluate=False), sp.StrictLessThan(c44, 1, evaluate=False))) is True
    undecidable = sp.gamma(sp.Rational(1, 3)) * sp.gamma(sp.Rational(2, 3))
    assert R.decide(undecidable, "<=", 2 * sp.pi / sp.sqrt(3)) is None


def test_decimal_rounding_and_truncation() -> None:
    u17 = sp.Rational(1, 10**17)
    ln2 = sp.log(2)  # 0.693147180559945309417...
    assert R.is_rounding(ln2, sp.Rational("0.69314718055994531"), u17) is True
    assert R.is_truncation(ln2, sp.Rational("0.69314718055994530"), u17) is True
    # the double nearest ln 2, printed to 17 digits: neither
    assert R.is_rounding(ln2, sp.Rational("0.69314718055994529"), u17) is False
    assert R.is_truncation(ln2, sp.Rational("0.69314718055994529"), u17) is False
    s1 = 1 / (1 + sp.exp(-1))  # 0.7310585786300048792...
    assert R.is_truncation(s1, sp.Rational("0.73105857863000487"), u17) is True
    assert R.is_rounding(s1, sp.Rational("0.73105857863000487"), u17) is False
    assert R.is_rounding(s1, sp.Rational("0.73105857863000488"), u17) is True
    # ties: both neighbours are roundings; negative numbers truncate towards 0
    assert R.is_rounding(sp.Rational(1, 8), sp.Rational("0.12"), sp.Rational(1, 100)) is True
    assert R.is_rounding(sp.Rational(1, 8), sp.Rational("0.13"), sp.Rational(1, 100)) is True
    assert R.is_truncation(-ln2, sp.Rational("-0.69"), sp.Rational(1, 100)) is True
    assert R.is_truncation(-ln2, sp.Rational("-0.70"), sp.Rational(1, 100)) is False
    # SymPy's exact arithmetic decides 1/8 - exp(-e^20) (the rationals cancel) ...
    assert R.is_rounding(sp.Rational(1, 8) - sp.exp(-sp.exp(20)), sp.Rational("0.12"), sp.Rational(1, 100)) is True
    # ... but 1/8 + (cos(t) - 1), t = exp(-e^20), is closer to the tie than 2^-2048: undecided
    near = sp.Rational(1, 8) + (sp.cos(sp.exp(-sp.exp(20))) - 1)
    assert R.is_rounding(near, sp.Rational("0.12"), sp.Rational(1, 100)) is None
    assert R.floor_of(sp.pi * 10**20) == 314159265358979323846
    assert R.floor_of(sp.log(4) / sp.log(2)) == 2


# ---------------------------------------------------------------------------------------
# the interval layer on Arb
BOXES = [
    (sp.erfinv(x), (-0.9, 0.5), mpmath.erfinv),
    (sp.acosh(x), (1, 30), mpmath.acosh),
    (sp.atanh(x), (-0.99, 0.3), mpmath.atanh),
    (sp.asin(x), (-1, 0.25), mpmath.asin),
    (sp.acos(x), (-0.5, 1), mpmath.acos),
    (sp.tan(x), (-1.5, 1.5), mpmath.tan),
    (sp.gamma(x), (0.25, 3.5), mpmath.gamma),
    (sp.gamma(x), (-2.75, -2.25), mpmath.gamma),
    (sp.digamma(x), (0.5, 9), mpmath.digamma),
    (sp.loggamma(x), (0.5, 9), mpmath.loggamma),
    (sp.LambertW(x, -1), (-0.35, -0.01), lambda v: mpmath.lambertw(v, -1).real),
    (sp.LambertW(x), (-0.35, 40), lambda v: mpmath.lambertw(v).real),
    (sp.sin(x), (1, 5), mpmath.sin),
    (sp.cos(x), (-0.5, 3.5), mpmath.cos),
    (sp.cosh(x), (-2, 1), mpmath.cosh),
    (sp.erfc(x), (-3, 9), mpmath.erfc),
]


@pytest.mark.parametrize("expr,box,truth", BOXES, ids=[f"{e}-{b}" for e, b, _ in BOXES])
def test_interval_functions_enclose_sampled_values(expr: sp.Expr, box, truth) -> None:  # type: ignore[no-untyped-def]
    lo, hi = (sp.Rational(str(v)) for v in box)
    iv = compile_iv(expr)(interval(lo, hi))
    with mpmath.workdps(60):
        for k in range(11):
            p = lo + (hi - lo) * sp.Rational(k, 10)
            v = truth(mpmath.mpf(p.p) / p.q)
            r = mpmath.mpf(v)
            slack = mpmath.mpf(10) ** -50 * max(1, abs(r))
            assert mpmath.mpf(iv[0]) - slack <= r <= mpmath.mpf(iv[1]) + slack, (p, iv)
    assert mpf_le(iv[0], iv[1])


def test_interval_functions_refuse_outside_their_domain() -> None:
    for expr, box in ((sp.tan(x), (1, 2)), (sp.atanh(x), (0, 1)), (sp.acosh(x), (0, 2)), (sp.gamma(x), (-1, 1)),
                      (sp.LambertW(x), (-1, 0)), (sp.besselj(0, x), (0, 1))):
        with pytest.raises(DomainError):
            compile_iv(expr)(interval(sp.Integer(box[0]), sp.Integer(box[1])))


# ---------------------------------------------------------------------------------------
# issue 10's examples: correct answers or unknown, never a false proved / refuted
def test_a_piece_narrower_than_1e_30_is_kept_and_checked() -> None:
    from symact import certificate as C
    from symact.pieces import Breakpoint, Piece, Pieces

    f = sp.Piecewise((-1, x <= 0), (5, x < c44), (1, True))
    act = define("narrow_piece", f, {}, register_it=False)
    assert [pc.expr for pc in act.pieces.pieces] == [-1, 5, 1]
    assert C._decomposition_problem(act) is None
    # the decomposition SymPy's 15-digit evaluation produced (middle piece lost) is rejected
    wrong = define("narrow_piece_wrong", f, {}, register_it=False)
    object.__setattr__(wrong, "pieces", Pieces((Piece(-sp.oo, c44, sp.Integer(-1)), Piece(c44, sp.oo, sp.Integer(1))),
                                               (Breakpoint(c44, sp.Integer(-1), "left"),)))
    assert C._decomposition_problem(wrong) is not None
    # a wrong breakpoint value and a wrong piece formula are rejected too
    bad_value = define("narrow_piece_bad_value", f, {}, register_it=False)
    p = act.pieces
    object.__setattr__(bad_value, "pieces", Pieces(p.pieces, (p.breakpoints[0], Breakpoint(c44, sp.Integer(5), "left"))))
    assert "value" in C._decomposition_problem(bad_value)
    bad_formula = define("narrow_piece_bad_formula", f, {}, register_it=False)
    object.__setattr__(bad_formula, "pieces", Pieces((p.pieces[0], Piece(0, c44, sp.Integer(1)), p.pieces[2]), p.breakpoints))
    assert "formula" in C._decomposition_problem(bad_formula)


def test_narrow_piece_claims() -> None:
    from symact.prove import prove

    act = define("narrow_piece", sp.Piecewise((-1, x <= 0), (5, x < c44), (1, True)), {}, register_it=False)
    claims = {c.property: c for c in prove(act).claims}
    for prop in ("range", "max", "monotonic"):
        c = claims[prop]
        if c.status == "proved":
            if prop == "range":
                assert c.value == sp.FiniteSet(-1, 1, 5)
            if prop == "max":
                assert c.value == 5
            if prop == "monotonic":
                assert "non-decreasing" not in str(c.value)


def test_abs_sum_with_a_tiny_constant() -> None:
    from symact.prove import prove

    act = define("abs_tiny", sp.Abs(x) + sp.Abs(x - c44), {}, register_it=False)
    claims = {c.property: c for c in prove(act).claims}
    assert all(c.status in ("proved", "unknown") for c in claims.values())
    assert claims["continuity"].status == "proved" and "discontinuous" not in str(claims["continuity"].value)
    assert claims["lipschitz"].status == "proved" and claims["lipschitz"].value == 2
    assert claims["min"].status == "proved" and sp.simplify(claims["min"].value - c44) == 0


@pytest.mark.parametrize(
    "claim,verdicts",
    [
        (r"\frac{\pi}{1+x^2} \le \pi", ("proved", "unknown")),
        (r"\operatorname{softplus}(x) - \operatorname{ReLU}(x) \le \ln 2", ("proved", "unknown")),
        (r"|x| + |x - \ln(1+e^{-100})| \ge 0", ("proved", "unknown")),
        (r"\ln 2 = 0.69314718055994529", ("refuted",)),
        (r"\sigma(1) = 0.73105857863000487", ("approximate",)),
        (r"\ln 2 = 0.69314718055994531", ("approximate",)),
        (r"\frac{\pi}{1+x^2} < \pi", ("refuted",)),
        (r"|x| + |x - \ln(1+e^{-100})| > 0", ("proved", "unknown")),
    ],
)
def test_verify_decides_on_balls(claim: str, verdicts: tuple) -> None:
    from symact.verify import verify

    v = verify(claim)
    assert v.verdict in verdicts, (claim, v.verdict, v.reason)


def test_polynomial_conditions_and_tiny_breakpoint_values_are_confirmed() -> None:
    from symact import certificate as C

    # x^2 < 2: the switching function's roots are isolated exactly and shown to be +-sqrt(2)
    act = define("quadratic_condition", sp.Piecewise((0, x**2 < 2), (x, True)), {}, register_it=False)
    assert [bp.at for bp in act.pieces.breakpoints] == [-sp.sqrt(2), sp.sqrt(2)]
    assert C._decomposition_problem(act) is None
    # a breakpoint value that simplify would rewrite as 100 - log(1 + e^100): kept as defined
    act = define("tiny_max", sp.Max(0, x - c44) - sp.Max(0, x), {}, register_it=False)
    assert C._decomposition_problem(act) is None
    assert act.pieces.breakpoints[1].value == -c44
    # a condition the checker cannot analyse (x^2 < pi: irrational coefficients) is not believed
    act = define("pi_condition", sp.Piecewise((0, x**2 < sp.pi), (x, True)), {}, register_it=False)
    problem = C._decomposition_problem(act)
    assert problem is None or "may change" in problem
