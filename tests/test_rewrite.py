"""The stability rewrite rules: every exact rule is an identity (checked at 50 digits on sampled
points), every rule fires where it should, approximations are accurate where they claim to be,
and the error-free transformations really are exact in floating point."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp

from symact import rewrite as rw
from symact.derive import piece_derivatives
from symact.numeric import compile_mp
from symact.spec import x

from helpers import RECORDS, name_of

POINTS = [-37.5, -8.25, -2.0, -0.75, -1e-3, 1e-9, 0.3, 1.0, 2.5, 9.0, 41.0]

E = sp.exp(-sp.Abs(x))

# expressions each rule must rewrite (generic shapes, not catalogue entries)
EXAMPLES: dict[str, list[sp.Expr]] = {
    "log1p": [sp.log(1 + x**2), sp.log(1 + sp.exp(x))],
    "expm1": [sp.exp(x) - 1, 3 * sp.exp(2 * x) - 3, x * (sp.exp(x) - 1)],
    "erfc": [1 + sp.erf(x / 2), 2 - 2 * sp.erf(x), x * (1 + sp.erf(x)) / 2],
    "log1pexp": [sp.log(1 + sp.exp(x)), sp.log(1 + sp.exp(3 * x - 1))],
    "exp_split": [1 / (1 + sp.exp(-x)), sp.tanh(x), x * sp.tanh(sp.log(1 + sp.exp(x))),
                  sp.exp(2 * x) / (sp.exp(2 * x) + 1) ** 2, 1 - sp.tanh(x) ** 2],
    "exp_square": [sp.exp(-x**2), x * sp.exp(-x**2 / 2)],
    "exact_product": [sp.exp(3 * x), sp.log(1 + sp.exp(-3 * sp.Abs(x))), sp.exp(-sp.Rational(1702, 1000) * x)],
    "erfcx": [rw.Erfc(-sp.sqrt(2) * x / 2), x * sp.erfc(x)],
    "exp_halve": [x * sp.exp(x), x * sp.exp(-x**2) / (1 + x**2)],
    "tanh_sum": [1 - sp.tanh(sp.exp(x)) ** 2, x * (1 + sp.tanh(x**3)) / 2, 3 - 3 * sp.tanh(x / 2)],
    "compensated": [1 / (1 + E), E / (1 + E) ** 2, x * E / (1 + E) ** 3],
    "sel_max": [rw.Sel(x, 1, E), rw.Sel(x, E / 2, 1)],
    "flip": [x + sp.sqrt(x**2 + 4), 1 + x / sp.sqrt(x**2 + 1)],
    "hypot": [sp.sqrt(x**2 + 4), 1 / (x**2 + 1) ** sp.Rational(3, 2)],
    "factor": [x**2 - 1],
    "expand": [(x + 1) ** 2],
    "together": [1 / x + 1 / (x + 1)],
}


def _max_rel_diff(a: sp.Expr, b: sp.Expr, points=POINTS) -> float:
    pts = [p for p in points if p != 0]
    return rw.check_rule_on(a, b, [mpmath.mpf(p) for p in pts], dps=110)


def test_every_rule_has_examples():
    assert set(EXAMPLES) == {r.name for r in rw.RULES}


@pytest.mark.parametrize("rule", rw.RULES, ids=lambda r: r.name)
def test_rule_is_an_identity_where_it_fires(rule):
    fired = 0
    for e in EXAMPLES[rule.name]:
        outs = rule.apply(e) if rule.scope == "whole" else rw._rewrites_at_nodes(e, rule)
        for out in outs:
            fired += 1
            assert out != e
            assert _max_rel_diff(e, out) < 1e-40, (rule.name, e, out)
    assert fired, f"rule {rule.name} did not fire on any of its examples"


def test_log1pexp_factors_the_coefficient_out_of_the_max():
    """log(1 + exp(3x)) = 3 max(x, 0) + log1p(exp(-3|x|)): no 3x that overflows at x = 1e308."""
    out = rw.rule("log1pexp").apply(sp.log(1 + sp.exp(3 * x)))[0]
    assert out.has(sp.Max(x, 0)) and not out.has(sp.Max(3 * x, 0)), out


def test_two_product_error_is_exact_in_float():
    """fl(c x) + TwoProdErr(c, x), as the kernels compute it, is exactly c x (c = 3, 1.702, -0.1)."""
    from symact.kernels import lower
    from symact.kernels.runtime import _Runner, _quiet

    rng = np.random.default_rng(4)
    xs = np.concatenate([rng.uniform(-40, 40, 300), 10.0 ** rng.uniform(-300, 300, 100)])
    for c in (sp.Integer(3), sp.Rational(1702, 1000), sp.Rational(-1, 10)):
        prog = lower([c * x, rw.TwoProdErr(c, x)])
        r = _Runner(prog, np.dtype(np.float64))
        p, err = np.empty_like(xs), np.empty_like(xs)
        with _quiet():
            r.run(xs, [p, err])
        fc = Fraction(float(c))
        for xi, pi, ei in zip(xs, p, err):
            if abs(xi) > 1e150 or abs(xi) < 1e-250:
                continue  # beyond the splitting's clamp, or an error term below the normal range (the
                #           product is then far outside any exp argument, or 0 to it)
            exact = fc * Fraction(xi)
            rest = Fraction(c.p, c.q) * Fraction(xi) - exact  # c - fl(c), itself rounded once
            # exact, up to the rounding of (c - fl(c)) x (a term 2^-53 below the product)
            assert abs(Fraction(pi) + Fraction(ei) - exact - rest) <= abs(rest) * Fraction(1, 2**50), (c, xi)


def test_rules_do_not_fire_where_they_do_not_apply():
    assert rw.rule("log1pexp").apply(sp.log(1 + sp.exp(-sp.Abs(x)))) == []  # exponent never positive
    assert rw._rule_exp_split(sp.exp(-x**2)) == []  # one sign: nothing to split
    assert rw._rule_compensated(1 / (1 + sp.exp(x))) == []  # exp(x) is not bounded by 1
    assert rw._rule_flip(x + 1) == []
    assert rw._rule_hypot(sp.sqrt(x**2 - 4)) == []


@pytest.mark.parametrize("act", RECORDS, ids=name_of)
def test_catalogue_candidates_equal_their_piece(act):
    """Every candidate the rules produce for every piece and order 0-2 is the same function."""
    for order in range(3):
        for pc, expr in zip(act.pieces.pieces, piece_derivatives(act, order)):
            if not expr.has(x):
                continue
            lo = -math.inf if pc.lo == -sp.oo else float(pc.lo)
            hi = math.inf if pc.hi == sp.oo else float(pc.hi)
            inside = [p for p in POINTS if lo < p < hi] or [(lo + hi) / 2]
            cands = rw.candidates(expr)
            assert cands[0].expr == expr and cands[0].rules == ()
            for c in cands[1:]:
                assert c.exact
                assert _max_rel_diff(expr, c.expr, inside) < 1e-35, (act.name, order, c.label, c.expr)


def test_candidates_are_deterministic():
    from symact.catalog import get

    e = piece_derivatives(get("mish"), 1)[0]
    a = [(c.label, sp.srepr(c.expr)) for c in rw.candidates(e)]
    b = [(c.label, sp.srepr(c.expr)) for c in rw.candidates(e)]
    assert a == b


def test_exp_split_leaves_no_overflowing_exponential():
    """After the split every exponential is exp(-k|w|) <= 1."""
    e = x * sp.tanh(sp.log(1 + sp.exp(x)))
    for out in rw._rule_exp_split(e):
        for atom in out.atoms(sp.exp):
            assert atom.args[0].is_nonpositive, atom


def test_taylor_at_zero_is_accurate_near_zero():
    e = x - sp.tanh(x)
    approx = [c for c in rw.approximations(e) if c.rules == ("taylor0",)]
    assert approx
    best = approx[-1].expr
    f, g = compile_mp(e), compile_mp(best)
    with mpmath.workdps(50):
        for p in (1e-3, 0.05, 0.2):
            rel = abs(f(p) - g(p)) / abs(f(p))
            assert rel < 1e-17


def test_taylor_of_the_cleared_numerator_converges_beyond_pi_over_2():
    """x - tanh x = (x cosh x - sinh x)/cosh x: the numerator's series is entire with terms of
    one sign, so its Taylor polynomial is accurate far beyond the radius pi/2 of x - tanh x's."""
    e = x - sp.tanh(x)
    cleared = [c for c in rw.approximations(e) if c.rules == ("taylor0_cleared",)]
    assert [c.note for c in cleared] == ["order 24, over cosh", "order 36, over cosh"]
    f = compile_mp(e)
    with mpmath.workdps(50):
        for c, upto in zip(cleared, (1.5, 3.0)):
            g = compile_mp(c.expr)
            for p in (-upto, -0.7, 1e-3, 0.3, 0.5, 1.0, upto):
                assert abs(f(p) - g(p)) / abs(f(p)) < 1e-17, (c.note, p)
        plain = [c for c in rw.approximations(e) if c.rules == ("taylor0",)][-1]
        assert abs(f(2.0) - compile_mp(plain.expr)(2.0)) / f(2.0) > 1e-3  # the plain series diverges there
    # only p(x) + k tanh(c x) is cleared
    assert not rw._tanh_cleared(x * sp.tanh(x), (24,)) and not rw._tanh_cleared(sp.tanh(x) + sp.tanh(2 * x), (24,))
    assert rw._tanh_cleared(2 * x - 3 * sp.tanh(x / 2), (24,))


def test_taylor_at_infinity_is_accurate_far_out():
    e = -2 * x / (x**2 + 1) ** 2
    approx = [c for c in rw.approximations(e) if c.rules == ("taylor_inf",)]
    assert approx
    f = compile_mp(e)
    with mpmath.workdps(50):
        for c in approx:
            # Fl(u) is u in exact arithmetic (it only fixes the float program's rounding)
            g = compile_mp(c.expr.replace(rw.Fl, lambda u: u))
            sign = 1 if "+oo" in c.note else -1
            order = int(c.note.split()[1].rstrip(","))
            p = sign * mpmath.mpf(1e4)
            # the truncation error of an expansion to order k in 1/x is O(x^-k) relative
            assert abs(f(p) - g(p)) / abs(f(p)) < 10.0 ** (-4 * (order - 4)) * 10, (c.note, c.expr)


def test_limits_rule():
    lims = rw.limits(1 / (1 + sp.exp(-x)))
    assert [(c.expr, c.note) for c in lims] == [(0, "x -> -oo"), (1, "x -> +oo")]
    assert rw.limits(sp.sin(x)) == []


def test_split_is_exact_in_float():
    """h = Split(u) has at most 26 significant bits: h*h is exact, (u - h) is exact."""
    from symact.kernels.runtime import _np_split, _split_constants

    rng = np.random.default_rng(0)
    u = rng.uniform(-30, 30, 1000)
    h = np.empty_like(u)
    big, fac = _split_constants(np.dtype(np.float64))
    _np_split(u, h, big, fac)
    for ui, hi in zip(u[:200], h[:200]):
        assert Fraction(hi) * Fraction(hi) == Fraction(float(hi * hi))
        assert Fraction(ui) - Fraction(hi) == Fraction(float(ui - hi))


def test_two_sum_error_is_exact_in_float():
    """(1 - fl(1 + e)) + e is exactly (1 + e) - fl(1 + e) for 0 <= e <= 1 (Fast2Sum)."""
    rng = np.random.default_rng(1)
    for e in np.exp(-rng.uniform(0, 40, 500)):
        s = 1.0 + e
        err = (1.0 - s) + e
        assert Fraction(s) + Fraction(err) == 1 + Fraction(e)


def test_to_sympy_reads_the_ir_as_mathematics():
    assert rw.to_sympy(rw.log1p(x)) == sp.log(1 + x, evaluate=False)
    assert rw.to_sympy(rw.TwoSumErr(1, E)) == 0
    assert rw.to_sympy(rw.Split(x) ** 2) == x**2
    pw = rw.to_sympy(rw.Sel(x, 1, 2))
    assert isinstance(pw, sp.Piecewise)
    assert math.isclose(float(compile_mp(pw)(mpmath.mpf(-1))), 2.0)
