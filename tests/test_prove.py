"""The prover: every claim of every catalogue record, cross-checked by dense sampling at 40
digits; deliberately false claims are refuted or unknown, never proved; symbolic parameters;
time budgets; the public API; the command line.

The sampling checks use only mpmath evaluation of the definition (and, for derivatives at
breakpoints, mpmath's own numerical differentiation), not the prover's reasoning.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
from contextlib import redirect_stderr, redirect_stdout

import mpmath
import pytest
import sympy as sp

import symact
from symact import budget
from symact.catalog import define, get
from symact.cli import main
from symact.derive import derivative
from symact.numeric import compile_mp
from symact.prove import PROPERTIES, check_bound, check_claim, prove, relations, value_range
from symact.spec import x

from helpers import NAMES, RECORDS

DPS = 40
TOL = mpmath.mpf(10) ** -25


# ---------------------------------------------------------------------------------------
# sampling helpers
def _breakpoints(act) -> list:  # type: ignore[no-untyped-def]
    return [mpmath.mpf(sp.N(bp.at, 50)) for bp in act.pieces.breakpoints]


def _grid(act) -> list:  # type: ignore[no-untyped-def]
    """Dense reproducible sample: uniform on [-30, 30], log-spaced magnitudes 1e-4..1e3, and
    points at and next to every breakpoint."""
    with mpmath.workdps(DPS):
        pts = {mpmath.mpf(-30) + mpmath.mpf(60) * i / 1200 for i in range(1201)}
        for e in range(-40, 31):
            m = mpmath.mpf(10) ** (mpmath.mpf(e) / 10)
            pts |= {m, -m}
        pts |= {mpmath.mpf(10) ** 6, -mpmath.mpf(10) ** 6}
        for b in _breakpoints(act):
            pts.add(b)
            for j in range(2, 9):
                pts |= {b + mpmath.mpf(10) ** -j, b - mpmath.mpf(10) ** -j}
        pts.add(mpmath.mpf(0))
        out: list = []
        for p in sorted(pts):  # drop near-duplicates (0.1 and its 40-digit neighbour)
            if not out or p - out[-1] > mpmath.mpf(10) ** -20:
                out.append(p)
    return out


def _values(act, order: int) -> list:  # type: ignore[no-untyped-def]
    """(x, f^(order)(x)) where f^(order) is defined (from derive's Piecewise)."""
    fn = compile_mp(derivative(act, order) if order else act.expr)
    out = []
    with mpmath.workdps(DPS):
        for p in _grid(act):
            try:
                v = fn(p)
            except ValueError:
                continue
            out.append((p, mpmath.re(v) if isinstance(v, mpmath.mpc) else v))
    return out


def _num(v) -> mpmath.mpf:  # type: ignore[no-untyped-def]
    with mpmath.workdps(DPS):
        if v is sp.oo:
            return mpmath.inf
        if v is -sp.oo:
            return -mpmath.inf
        return mpmath.mpf(sp.N(v, DPS))


def _end_bounds(claim, key: str):  # type: ignore[no-untyped-def]
    """Numeric lower/upper bounds for an exact value or an enclosure."""
    if claim.enclosure is not None:
        lo, hi = claim.enclosure
        return _num(lo), _num(hi)
    v = _num(claim.value if key == "value" else key)
    return v, v


def _set_ends(s: sp.Set):  # type: ignore[no-untyped-def]
    return s.inf, s.sup


def _in_set(s: sp.Set, v: mpmath.mpf, enclosure) -> bool:  # type: ignore[no-untyped-def]
    """v in s, with the open ends allowed a tolerance (40-digit rounding saturates sigmoid(1000)
    to 1) and Float endpoints widened to their enclosure."""
    if isinstance(s, sp.Union):
        return any(_in_set(p, v, enclosure) for p in s.args)
    if isinstance(s, sp.FiniteSet):
        return any(abs(v - _num(e)) <= TOL * (1 + abs(v)) for e in s)
    assert isinstance(s, sp.Interval), s
    lo, hi = _num(s.start), _num(s.end)
    if enclosure is not None:
        if isinstance(s.start, sp.Float):
            lo = _num(enclosure[0])
        if isinstance(s.end, sp.Float):
            hi = _num(enclosure[1])
    tol = TOL * (1 + abs(v))
    return lo - tol <= v <= hi + tol


# ---------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _precision():  # type: ignore[no-untyped-def]
    """All numerics of these tests at DPS digits (comparisons of mpf sums round to mp.prec)."""
    with mpmath.workdps(DPS):
        yield


@pytest.fixture(scope="module")
def proofs() -> dict:
    return {name: prove(get(name)) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_everything_proved_at_default_parameters(name: str, proofs: dict) -> None:
    pr = proofs[name]
    assert [c.property for c in pr.claims] == list(PROPERTIES)
    unknown = [(c.property, c.reason) for c in pr.claims if c.status != "proved"]
    assert not unknown
    for c in pr.claims:
        assert c.certificate is not None and c.certificate.checked, c.property
        if c.enclosure is not None:
            lo, hi = c.enclosure
            assert 0 <= hi - lo <= sp.Rational(1, 10**12), (c.property, lo, hi)
            assert isinstance(c.value, sp.Float) or isinstance(c.value, sp.Set)


@pytest.mark.parametrize("name", NAMES)
def test_range_extrema_and_limits_against_sampling(name: str, proofs: dict) -> None:
    act = get(name)
    pr = proofs[name]
    vals = _values(act, 0)
    ys = [v for _, v in vals]
    rng = pr.claim("range")
    for p, v in vals:
        assert _in_set(rng.value, v, rng.enclosure), (name, p, v, rng.value)
    lo, hi = _set_ends(rng.value)
    # the ends are approached (or attained) by the samples
    for end, best, sign in ((lo, min(ys), -1), (hi, max(ys), 1)):
        if end.is_infinite:
            assert best * sign > 1000, (name, end, best)
        else:
            e = _num(end)
            assert abs(best - e) <= mpmath.mpf("1e-3") * (1 + abs(e)), (name, end, best)
    for key, fn, prop in ((hi, max, "max"), (lo, min, "min")):
        c = pr.claim(prop)
        assert c.value == key or c.enclosure is not None
        if c.attained:
            pts = c.at
            p0 = _point_of(pts)
            v0 = compile_mp(act.expr)(p0)
            a, b = _end_bounds(c, "value")
            assert a - TOL <= v0 <= b + TOL * 1e12 if c.at_enclosure else abs(v0 - a) <= TOL * (1 + abs(a)), (name, prop, p0, v0, a)
        elif not c.value.is_infinite:
            # never reached on the moderate range, where 40 digits resolve the difference
            for p, v in vals:
                if abs(p) <= 20:
                    assert (v < _num(c.value)) if prop == "max" else (v > _num(c.value)), (name, prop, p, v)
    # limits
    f = compile_mp(act.expr)
    with mpmath.workdps(DPS):
        for prop, far in (("limit_-oo", -(10**12)), ("limit_oo", 10**12)):
            c = pr.claim(prop)
            if c.value == "does not exist":
                continue
            v = f(mpmath.mpf(far))
            if c.value.is_infinite:
                assert v * (1 if c.value is sp.oo else -1) > 100
            else:
                assert abs(v - _num(c.value)) <= mpmath.mpf("1e-6") * (1 + abs(v))
        assert abs(f(mpmath.mpf(0)) - _num(pr.claim("value_at_0").value)) <= TOL


def _point_of(s):  # type: ignore[no-untyped-def]
    """A point of a set of arguments (FiniteSet, Interval, Union, ImageSet)."""
    if isinstance(s, sp.Union):
        s = s.args[0]
    if isinstance(s, sp.FiniteSet):
        return _num(next(iter(s)))
    if isinstance(s, sp.Interval):
        a, b = s.start, s.end
        if a.is_infinite and b.is_infinite:
            return mpmath.mpf(0)
        if a.is_infinite:
            return _num(b) - 1
        if b.is_infinite:
            return _num(a) + 1
        return (_num(a) + _num(b)) / 2
    if isinstance(s, sp.ImageSet):
        return _num(s.lamda(0))
    raise AssertionError(s)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_bounds_and_lipschitz_against_sampling(name: str, proofs: dict) -> None:
    act = get(name)
    pr = proofs[name]
    dv = _values(act, 1)
    sup, inf, lip = pr.claim("sup_derivative"), pr.claim("inf_derivative"), pr.claim("lipschitz")
    s_lo, s_hi = _end_bounds(sup, "value")
    i_lo, i_hi = _end_bounds(inf, "value")
    for p, v in dv:
        assert v <= s_hi + TOL * (1 + abs(v)), (name, p, v, sup.value)
        assert v >= i_lo - TOL * (1 + abs(v)), (name, p, v, inf.value)
    best_hi, best_lo = max(v for _, v in dv), min(v for _, v in dv)
    assert abs(best_hi - s_lo) <= mpmath.mpf("1e-3") * (1 + abs(s_lo))
    assert abs(best_lo - i_lo) <= mpmath.mpf("1e-3") * (1 + abs(i_lo))
    d1 = compile_mp(derivative(act, 1))
    for c in (sup, inf):
        if c.attained:
            p0 = _point_of(c.at)
            a, b = _end_bounds(c, "value")
            v0 = d1(p0)
            slack = mpmath.mpf("1e-12") if c.at_enclosure else TOL * (1 + abs(a))
            assert a - slack <= v0 <= b + slack, (name, c.property, p0, v0, a)
    # Lipschitz: |f'| <= L and difference quotients of f
    if lip.value is sp.oo:
        assert pr.claim("continuity").value == "discontinuous" or s_hi == mpmath.inf
        return
    l_hi = _end_bounds(lip, "value")[1]
    assert all(abs(v) <= l_hi + TOL for _, v in dv)
    f = compile_mp(act.expr)
    xs = [p for p in _grid(act) if abs(p) <= 30]
    with mpmath.workdps(DPS):
        fx = [f(p) for p in xs]
        for (a, fa), (b, fb) in zip(zip(xs, fx), zip(xs[1:], fx[1:])):
            assert abs(fb - fa) <= l_hi * (b - a) * (1 + mpmath.mpf(10) ** -20) + mpmath.mpf(10) ** -35, (name, a, b)


@pytest.mark.parametrize("name", NAMES)
def test_shape_claims_against_sampling(name: str, proofs: dict) -> None:
    act = get(name)
    pr = proofs[name]
    f = compile_mp(act.expr)
    with mpmath.workdps(DPS):
        xs = [p for p in _grid(act) if abs(p) <= 30]
        ys = [f(p) for p in xs]
        mono = pr.claim("monotonic").value
        diffs = [b - a for a, b in zip(ys, ys[1:])]
        tol = mpmath.mpf(10) ** -30
        if mono in ("increasing", "non-decreasing"):
            assert all(d >= -tol for d in diffs), name
            if mono == "increasing":
                assert all(d > 0 for d, p in zip(diffs, xs) if -5 <= p <= 5), name
            else:
                assert any(abs(d) <= tol for d in diffs), name  # somewhere flat or a jump-free plateau
        elif mono == "not monotonic":
            assert any(d > tol for d in diffs) and any(d < -tol for d in diffs), name
            at = pr.claim("monotonic").at
            if isinstance(at, sp.FiniteSet):
                d1 = compile_mp(derivative(act, 1))
                for t in at:
                    assert abs(d1(_num(t))) < mpmath.mpf("1e-12"), (name, t)
        else:
            raise AssertionError(mono)
        # zero-centred: f(0) = 0 and both signs
        zc = pr.claim("zero_centered").value
        both = any(y < 0 for y in ys) and any(y > 0 for y in ys)
        assert (zc == "yes") == (abs(f(mpmath.mpf(0))) <= tol and both), name
        # symmetry about x = 0
        sym = pr.claim("symmetry")
        pairs = [(f(p), f(-p)) for p in xs if p > 0]
        if sym.value == "odd":
            assert all(abs(a + b) <= tol * (1 + abs(a)) for a, b in pairs), name
        elif sym.value == "even":
            assert all(abs(a - b) <= tol * (1 + abs(a)) for a, b in pairs), name
        elif sym.value == "point-symmetric":
            c = _num(sym.at[1])
            assert all(abs(a + b - 2 * c) <= tol * (1 + abs(a)) for a, b in pairs), name
        else:
            assert sym.value == "none"
            f0 = f(mpmath.mpf(0))
            sums = [a + b for a, b in pairs] + [2 * f0]
            assert max(sums) - min(sums) > tol, name  # not point-symmetric (nor odd)
            assert any(abs(a - b) > tol for a, b in pairs), name  # not even


@pytest.mark.parametrize("name", NAMES)
def test_continuity_and_differentiability_by_numerical_differentiation(name: str, proofs: dict) -> None:
    act = get(name)
    pr = proofs[name]
    cont, diffb = pr.claim("continuity"), pr.claim("differentiable")
    f = compile_mp(act.expr)
    if act.pieces.smooth:
        assert cont.value == "C^inf" and diffb.value == "everywhere"
        return
    h = mpmath.mpf(10) ** -12
    with mpmath.workdps(60):
        for bp in act.pieces.breakpoints:
            b = mpmath.mpf(sp.N(bp.at, 60))
            jump = abs(f(b - h) - f(b + h)) > mpmath.mpf(10) ** -8 or abs(f(b) - f(b + h)) > mpmath.mpf(10) ** -8 or abs(f(b) - f(b - h)) > mpmath.mpf(10) ** -8
            left = [mpmath.diff(f, b - h, k) for k in (1, 2)]
            right = [mpmath.diff(f, b + h, k) for k in (1, 2)]
            kink1 = abs(left[0] - right[0]) > mpmath.mpf(10) ** -6
            kink2 = abs(left[1] - right[1]) > mpmath.mpf(10) ** -4
            bad_here = sp.FiniteSet(bp.at).is_subset(diffb.at) if diffb.at is not None else False
            assert bad_here == (jump or kink1), (name, bp.at)
            if cont.value == "discontinuous":
                continue
            assert not jump, (name, bp.at)
            m = int(cont.value[2:])
            if bp.at in cont.at:
                assert (kink1 if m == 0 else (not kink1 and kink2)), (name, bp.at, cont.value)
            else:
                assert not kink1
    if cont.value == "discontinuous":
        assert any(
            abs(f(mpmath.mpf(sp.N(bp.at, 30)) - h) - f(mpmath.mpf(sp.N(bp.at, 30)) + h)) > mpmath.mpf(10) ** -8 for bp in act.pieces.breakpoints
        )


# ---------------------------------------------------------------------------------------
# the facts the issue names
def test_named_facts() -> None:
    sig = prove(get("sigmoid"))
    assert sig.claim("range").value == sp.Interval.open(0, 1)
    s = sig.claim("sup_derivative")
    assert s.value == sp.Rational(1, 4) and s.attained and s.at == sp.FiniteSet(0)
    assert s.certificate.kind == "identity-in-f"
    assert prove(get("tanh")).claim("sup_derivative").value == 1
    assert prove(get("relu")).claim("range").value == sp.Interval(0, sp.oo)
    relu_sup = prove(get("relu")).claim("sup_derivative")
    assert relu_sup.value == 1 and relu_sup.attained
    silu = prove(get("silu")).claim("min")
    W = sp.LambertW(sp.exp(-1))
    assert silu.value == -W and silu.at == sp.FiniteSet(-1 - W)
    g = prove(get("gelu")).claim("sup_derivative")
    assert sp.simplify(g.value - (sp.Rational(1, 2) + sp.erf(1) / 2 + 1 / (sp.E * sp.sqrt(sp.pi)))) == 0
    assert g.at == sp.FiniteSet(sp.sqrt(2))
    gm = prove(get("gelu")).claim("min")
    assert gm.enclosure[0] <= sp.Rational(-16997, 100000) + sp.Rational(1, 10**5) and abs(float(gm.value) + 0.16997) < 1e-5
    mm = prove(get("mish")).claim("min")
    assert abs(float(mm.value) + 0.30884) < 1e-5
    assert prove(get("celu")).claim("continuity").value == "C^1"
    assert prove(get("relu")).claim("continuity").value == "C^0"
    assert prove(get("binary_step")).claim("continuity").value == "discontinuous"
    assert prove(get("hardshrink")).claim("range").value == sp.Union(sp.Interval.open(-sp.oo, -sp.Rational(1, 2)), sp.FiniteSet(0), sp.Interval.open(sp.Rational(1, 2), sp.oo))
    assert not prove(get("gelu")).claim("range").value.left_open  # closed at its attained minimum
    assert prove(get("sigmoid")).claim("symmetry").at == (0, sp.Rational(1, 2))


# ---------------------------------------------------------------------------------------
# false claims: refuted or unknown, never proved
FALSE_CLAIMS = [
    ("sigmoid", "sup_derivative", sp.Rational(1, 3)),
    ("tanh", "range", sp.Interval(-1, 1)),
    ("relu", "differentiable", "everywhere"),
    ("gelu", "monotonic", "increasing"),
    ("gelu", "monotonic", "non-decreasing"),
    ("sigmoid", "range", sp.Interval(0, 1)),
    ("sigmoid", "zero_centered", "yes"),
    ("tanh", "symmetry", "even"),
    ("silu", "min", sp.Rational(-28, 100)),
    ("mish", "min", sp.Rational(-30884, 100000)),
    ("relu", "continuity", "C^1"),
    ("elu", "continuity", "C^0"),
    ("softsign", "sup_derivative", 2),
    ("hardshrink", "continuity", "C^0"),
    ("gaussian", "max", 2),
    ("softplus", "limit_oo", 1),
    ("sinusoid", "limit_oo", 0),
    ("leaky_relu", "inf_derivative", 0),
]


@pytest.mark.parametrize("name,prop,claimed", FALSE_CLAIMS)
def test_false_claims_are_never_proved(name: str, prop: str, claimed) -> None:  # type: ignore[no-untyped-def]
    c = check_claim(get(name), prop, claimed)
    assert c.status in ("refuted", "unknown"), (name, prop, claimed)
    assert c.status == "refuted", c.reason  # all of these are decidable


def test_refutations_carry_counterexamples() -> None:
    c = check_claim(get("relu"), "differentiable", "everywhere")
    assert c.counterexample["x"] == 0 and c.counterexample["left"] == 0 and c.counterexample["right"] == 1
    c = check_claim(get("gelu"), "monotonic", "increasing")
    xs = c.counterexample["x"]
    f = compile_mp(get("gelu").expr)
    ys = [f(_num(p)) for p in xs]
    assert (ys[0] > ys[1] < ys[2]) or (ys[0] < ys[1] > ys[2])


TRUE_BOUNDS = [
    ("sigmoid", 1, "<=", sp.Rational(1, 4)),
    ("sigmoid", 1, ">", 0),
    ("sigmoid", 0, "<", 1),
    ("tanh", 0, ">", -1),
    ("relu", 1, "<=", 1),
    ("gelu", 0, ">=", sp.Rational(-17, 100)),
    ("mish", 1, "<", sp.Rational(11, 10)),
    ("silu", 0, ">=", -sp.LambertW(sp.exp(-1))),
    ("hard_swish", 1, "<", sp.Rational(3, 2)),
    ("gaussian", 1, "<=", sp.sqrt(2) * sp.exp(-sp.Rational(1, 2))),
]
FALSE_BOUNDS = [
    ("sigmoid", 1, "<=", sp.Rational(1, 5)),
    ("sigmoid", 1, "<", sp.Rational(1, 4)),
    ("tanh", 0, ">=", 0),
    ("gelu", 0, ">=", sp.Rational(-16, 100)),
    ("silu", 0, ">", -sp.LambertW(sp.exp(-1))),
    ("mish", 1, "<=", sp.Rational(108, 100)),
    ("relu", 1, "<", 1),
    ("hard_swish", 1, "<=", sp.Rational(7, 5)),
    ("sinusoid", 0, "<", 1),
    ("elu", 0, ">", -1 + sp.Rational(1, 10**6)),
]


@pytest.mark.parametrize("name,order,op,bound", TRUE_BOUNDS)
def test_true_bounds_are_proved(name: str, order: int, op: str, bound) -> None:  # type: ignore[no-untyped-def]
    c = check_bound(get(name), order, op, bound)
    assert c.status == "proved", c.reason
    assert c.certificate.checked


@pytest.mark.parametrize("name,order,op,bound", FALSE_BOUNDS)
def test_false_bounds_are_refuted_with_a_counterexample(name: str, order: int, op: str, bound) -> None:  # type: ignore[no-untyped-def]
    c = check_bound(get(name), order, op, bound)
    assert c.status == "refuted", c.reason
    p = c.counterexample["x"]
    fn = compile_mp(derivative(get(name), order) if order else get(name).expr)
    with mpmath.workdps(60):
        v = fn(_num(p))
        b = _num(bound)
        holds = {"<": v < b, "<=": v <= b, ">": v > b, ">=": v >= b}[op]
    assert not holds, (name, p, v, b)


def test_value_range_of_derivatives() -> None:
    assert value_range(get("sigmoid"), 1).value == sp.Interval.Lopen(0, sp.Rational(1, 4))
    r2 = value_range(get("sigmoid"), 2)
    assert r2.status == "proved" and r2.value == sp.Interval(-sp.sqrt(3) / 18, sp.sqrt(3) / 18)
    assert value_range(get("relu"), 1).value == sp.FiniteSet(0, 1)
    assert value_range(get("tanh"), 1).value == sp.Interval.Lopen(0, 1)
    g2 = value_range(get("gelu"), 2)
    assert g2.status == "proved", g2.reason


# ---------------------------------------------------------------------------------------
# symbolic parameters and other activations
def test_symbolic_parameters_use_assumptions() -> None:
    elu = get("elu").symbolic()
    alpha = elu.params[0].symbol
    pr = prove(elu)
    assert pr.claim("range").value == sp.Interval.open(-alpha, sp.oo)
    assert pr.claim("monotonic").value == "increasing"
    cont = pr.claim("continuity")
    assert cont.status == "proved" and cont.value.startswith("C^0") and "alpha" in cont.value  # C^1 only where alpha = 1
    # the derivative bound depends on alpha: unknown, not a guess
    assert pr.claim("sup_derivative").status == "unknown"
    ht = prove(get("hard_tanh").symbolic())
    lo, hi = (p.symbol for p in get("hard_tanh").params)
    assert ht.claim("range").value == sp.Interval(lo, hi)
    assert prove(get("softplus").symbolic()).claim("range").value == sp.Interval.open(0, sp.oo)


def test_other_parameter_values() -> None:
    elu2 = get("elu").with_params(alpha=2)
    pr = prove(elu2)
    assert pr.claim("range").value == sp.Interval.open(-2, sp.oo)
    assert pr.claim("continuity").value == "C^0"
    assert pr.claim("sup_derivative").value == 2 and pr.claim("sup_derivative").attained is False


def test_user_defined_activations() -> None:
    bump = define("bump_test", x * sp.exp(-(x**2)), register_it=False)
    pr = prove(bump)
    m = pr.claim("max")
    assert m.status == "proved" and sp.simplify(m.value - sp.exp(-sp.Rational(1, 2)) / sp.sqrt(2)) == 0
    assert pr.claim("symmetry").value == "odd"
    jump = define("jump_test", sp.Piecewise((x, x < 1), (x + 1, True)), register_it=False)
    pj = prove(jump)
    assert pj.claim("range").value == sp.Union(sp.Interval.open(-sp.oo, 1), sp.Interval(2, sp.oo))
    assert pj.claim("monotonic").value == "increasing"
    assert pj.claim("continuity").value == "discontinuous"


def test_tiny_budget_gives_unknown_never_wrong() -> None:
    act = dataclasses.replace(get("gelu_tanh"))  # a fresh object: no cached analyses
    old = budget.default_seconds()
    budget.set_default(0.002)
    try:
        pr = prove(act)
    finally:
        budget.set_default(old)
    ref = prove(get("gelu_tanh"))
    assert any(c.status == "unknown" for c in pr.claims)
    for c, r in zip(pr.claims, ref.claims):
        assert c.status in ("proved", "unknown")
        if c.status == "unknown":
            assert c.reason
        else:
            assert str(c.value) == str(r.value), c.property


def test_relations() -> None:
    rels = relations()
    assert [r.status for r in rels] == ["proved"] * 6
    assert "tanh(x) = 2 sigmoid(2x) - 1" in [r.value for r in rels]


def test_relations_follow_the_users_parameters() -> None:
    """`prove softplus --param beta=3 --relations` printed the relations of beta = 1 as proved
    (found by the fourth adversarial corpus): they are stated for the user's parameters."""
    rels = {r.value: r for r in relations([get("softplus").with_params(beta=3)])}
    sp_ = rels["softplus'(x) = sigmoid(x) [softplus with beta = 3]"]
    assert sp_.status == "refuted" and sp_.certificate.checked and sp_.counterexample["x"] == 1
    assert rels["log_sigmoid(x) = -softplus(-x) [softplus with beta = 3]"].status == "refuted"
    assert rels["tanh(x) = 2 sigmoid(2x) - 1"].status == "proved"
    # beta = 1 given explicitly is the default: nothing changes
    assert [r.value for r in relations([get("softplus").with_params(beta=1)])] == [r.value for r in relations()]
    sym = {r.value: r.status for r in relations([get("softplus").symbolic()])}
    assert sym["softplus'(x) = sigmoid(x) [softplus with beta = symbolic]"] == "unknown"


# ---------------------------------------------------------------------------------------
# API and output
def test_api_shapes_and_json() -> None:
    pr = get("sigmoid").prove()
    assert pr is prove(get("sigmoid"))
    assert isinstance(pr, symact.results.Proof)
    c = pr.claim("sup_derivative")
    for field in ("property", "value", "at", "attained", "status", "method", "enclosure", "certificate", "reason", "counterexample"):
        assert hasattr(c, field)
    j = pr.to_json()
    assert list(j) == ["name", "params", "claims"]
    keys = list(j["claims"][0])
    assert keys[:6] == ["property", "value", "at", "attained", "status", "method"]
    assert "enclosure" in keys and "certificate" in keys
    assert j["claims"][0]["value"] == "Interval.open(0, 1)"
    assert json.dumps(j) == json.dumps(prove(get("sigmoid")).to_json())
    g = prove(get("gelu")).claim("min").to_json()
    lo, hi = g["enclosure"]
    assert lo.startswith("-0.16997120747990") and hi.startswith("-0.16997120747990")
    with pytest.raises(KeyError):
        pr.claim("no_such_property")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_cli_table_json_and_errors() -> None:
    code, out, err = _run("prove", "sigmoid")
    assert code == 0 and "sup f'" in out and "1/4" in out and "(0, 1)" in out
    code, out, _ = _run("prove", "gelu", "--json")
    data = json.loads(out)
    assert code == 0 and data["name"] == "gelu" and len(data["claims"]) == len(PROPERTIES)
    code2, out2, _ = _run("prove", "gelu", "--json")
    assert out2 == out  # deterministic
    code, out, err = _run("prove", "no_such_activation")
    assert code == 2 and err.startswith("error:") and "Traceback" not in err
    code, out, err = _run("prove", "elu", "--symbolic")
    assert code == 3 and "alpha" in out
    code, out, err = _run("prove", "elu", "--param", "alpha=2", "--json")
    assert code == 0 and json.loads(out)["params"] == {"alpha": "2"}
    code, out, err = _run("prove", "--relations")
    assert code == 0 and "softplus'(x) = sigmoid(x)" in out


@pytest.mark.slow
def test_cli_all_json(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from symact import catalog

    # only the built-in records (other tests may have registered broken user definitions)
    monkeypatch.setattr(catalog, "_registry", {a.name: a for a in RECORDS})
    code, out, _ = _run("prove", "--all", "--json")
    data = json.loads(out)
    assert code == 0 and [d["name"] for d in data] == [a.name for a in symact.all_activations()]
    assert not math.isnan(len(data))
