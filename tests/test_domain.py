"""The domain of a user's function: poles and gaps refused with the point named, removable
singularities filled in with their continuous extension (never an exit 4)."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from symact import domain
from symact.catalog import define
from symact.errors import DefinitionError
from symact.prove import prove
from symact.spec import x


@pytest.mark.parametrize(
    "e,words",
    [
        (sp.tan(x), ["tan(x)", "poles", "pi*k + pi/2"]),
        (sp.exp(-x**2) * sp.tan(x), ["tan(x)", "poles"]),
        (sp.csc(x), ["csc(x)", "pi*k"]),
        (sp.sec(2 * x + 1), ["sec(2*x + 1)", "poles"]),
        (sp.cot(x), ["cot(x)", "pi*k"]),
        (1 / x, ["1/x", "not defined at x = 0"]),
        (1 / (x - 1), ["not defined at x = 1"]),
        (1 / (x**2 - 2), ["sqrt(2)"]),
        (sp.gamma(x), ["gamma(x)", "poles", "x = -n"]),
        (sp.polygamma(0, x), ["polygamma(0, x)", "poles"]),
        (sp.log(x), ["log(x)", "x <= 0"]),
        (sp.sqrt(x), ["sqrt(x)", "not real"]),
        (x / sp.sin(x), ["1/sin(x)", "poles"]),
        (sp.sin(x) / x**2, ["x = 0"]),
        (1 / sp.Abs(x), ["not defined at x = 0"]),
        (sp.Piecewise((sp.tan(x), x > 0), (0, True)), ["tan(x)", "poles"]),
        (sp.Piecewise((1 / (x - 2), x > 1), (-1, True)), ["not defined at x = 2"]),
    ],
)
def test_poles_and_gaps_are_refused_naming_the_point(e, words):
    with pytest.raises(DefinitionError) as info:
        define("d", e, register_it=False)
    msg = str(info.value)
    for w in words:
        assert w in msg, msg


@pytest.mark.parametrize(
    "e,at,value",
    [
        ((sp.exp(x) - 1 - x) / x**2, 0, sp.Rational(1, 2)),
        (x / (sp.exp(x) - 1), 0, 1),
        (sp.sin(x) / x, 0, 1),
        ((x**2 - 1) / (x - 1), 1, 2),
        ((1 - sp.cos(x)) / x**2, 0, sp.Rational(1, 2)),
        (sp.Piecewise((x / (sp.exp(x) - 1), x > -1), (1 / (1 - sp.exp(-1)), True)), 0, 1),
    ],
)
def test_removable_singularities_become_breakpoints(e, at, value):
    act = define("r", e, register_it=False)
    bps = [b for b in act.pieces.breakpoints if b.at == at]
    assert len(bps) == 1 and bps[0].value == value
    # the continuous extension, confirmed numerically close to the point
    fn = sp.lambdify(x, e.args[0][0] if isinstance(e, sp.Piecewise) else e, modules="mpmath")
    with mpmath.workdps(50):
        for h in (mpmath.mpf("1e-12"), mpmath.mpf("-1e-12")):
            assert abs(fn(at + h) - mpmath.mpf(sp.N(value, 60))) < 1e-10


def test_removable_singularity_claims_are_correct_or_unknown():
    act = define("r", x / (sp.exp(x) - 1), register_it=False)
    pr = prove(act, properties=["limit_oo", "limit_-oo", "value_at_0"])
    assert pr.claim("value_at_0").status == "proved" and pr.claim("value_at_0").value == 1
    assert pr.claim("limit_oo").value == 0 and pr.claim("limit_-oo").value is sp.oo


@pytest.mark.parametrize(
    "e",
    [sp.tan(sp.tanh(x)), 1 / (1 + sp.exp(-x)), sp.log(1 + sp.exp(x)), sp.gamma(1 + x**2), sp.sqrt(x**2 + 1), 1 / (x**2 + 1),
     sp.sin(x), x * sp.exp(-x**2)],
)
def test_functions_defined_everywhere_pass_unchanged(e):
    assert define("ok", e, register_it=False).expr == e
    assert domain.singular_points(e) == []


def test_parameters_use_their_defaults_for_the_domain():
    a = sp.Symbol("a", positive=True)
    with pytest.raises(DefinitionError, match="not defined at x = 1"):
        define("p", 1 / (x - a), {"a": 1}, register_it=False)


def test_cli_refuses_with_exit_2(tmp_path):
    from symact.cli import main

    assert main(["prove", "--latex", r"\tan(x)"]) == 2
    assert main(["prove", "--latex", r"\frac{1}{x}"]) == 2


@pytest.mark.parametrize("e", [x / (sp.exp(x) - 1), (sp.exp(x) - 1 - x) / x**2])
def test_tail_sign_of_removable_forms_does_not_raise(e):
    # the exit 4 of issue 10: _poly_sign's xreplace({s: 0}) of the bare symbol s returned the
    # Python int 0 and const_iv raised AttributeError
    from symact.intervals import tail_sign

    for k in range(3):
        for side in (1, -1):
            r = tail_sign(sp.diff(e, x, k), side, sp.Integer(2))
            assert r is None or r.sign in (1, -1)
