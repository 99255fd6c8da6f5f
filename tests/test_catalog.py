"""The registry: every record valid, PyTorch's defaults, user definitions and their errors."""

import pytest
import sympy as sp

import symact
from symact import catalog
from symact.errors import DefinitionError, ParameterError, UnknownActivation
from symact.spec import Activation, Param, exact_number, x

from helpers import BREAKPOINTS, RECORDS, VARIANTS, name_of, variant_id, variants

REQUIRED = """identity binary_step sigmoid tanh relu leaky_relu prelu relu6 elu selu celu gelu gelu_tanh
silu swish_beta mish softplus softsign log_sigmoid hard_sigmoid hard_tanh hard_swish tanhshrink softshrink
hardshrink arctan gaussian sinusoid squareplus sparse_plus""".split()


def test_catalogue_has_every_required_activation():
    assert len(REQUIRED) == 30
    for name in REQUIRED:
        assert symact.get(name).name == name
    assert symact.get("swish").name == "silu"


def test_the_test_registry_names_every_record():
    """tests/helpers.py lists every built-in record (and only those), and a variant for every
    parametrised one: a record added to the catalogue but not to the registry fails here."""
    assert list(BREAKPOINTS) == [a.name for a in catalog.BUILTIN]
    assert set(VARIANTS) == {a.name for a in catalog.BUILTIN if a.params}


@pytest.mark.parametrize("act", RECORDS, ids=name_of)
def test_breakpoints_are_where_the_formula_splits(act):
    assert tuple(bp.at for bp in act.pieces.breakpoints) == tuple(sp.sympify(b) for b in BREAKPOINTS[act.name])


@pytest.mark.parametrize("act, breakpoints", list(variants()), ids=[variant_id(a) for a, _ in variants()])
def test_parameter_variants_are_records_with_their_breakpoints(act, breakpoints):
    assert act.expr.free_symbols <= {x}
    assert act.expr != symact.get(act.name).expr
    assert tuple(bp.at for bp in act.pieces.breakpoints) == tuple(sp.sympify(b) for b in breakpoints)


@pytest.mark.parametrize("act", RECORDS, ids=name_of)
def test_record_is_valid_and_decomposes(act):
    assert act.expr.free_symbols <= {x}
    assert act.latex_name
    assert act.description
    pieces = act.pieces
    assert len(pieces.breakpoints) == len(pieces.pieces) - 1
    for pc in pieces.pieces:
        assert not pc.expr.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs)
    # the pieces reassemble into the definition: same values at points on both sides of
    # every breakpoint and at the breakpoints themselves
    pw = pieces.to_piecewise()
    pts = [sp.Rational(-7, 3), sp.Rational(1, 7), sp.Rational(9, 2)]
    for bp in pieces.breakpoints:
        pts += [bp.at, bp.at - sp.Rational(1, 1000), bp.at + sp.Rational(1, 1000)]
    for p in pts:
        a = sp.N(act.expr.subs(x, p), 30)
        b = sp.N(pw.subs(x, p), 30)
        assert abs(a - b) < 1e-25, (act.name, p, a, b)


def test_pytorch_defaults_and_exact_selu_constants():
    assert symact.get("leaky_relu").values["negative_slope"] == sp.Rational(1, 100)
    assert symact.get("prelu").values["a"] == sp.Rational(1, 4)
    assert symact.get("elu").values["alpha"] == 1
    assert symact.get("softplus").values["beta"] == 1
    assert symact.get("softshrink").values["lambd"] == sp.Rational(1, 2)
    assert symact.get("hardshrink").values["lambd"] == sp.Rational(1, 2)
    assert symact.get("squareplus").values["b"] == 4
    selu = symact.get("selu")
    assert selu.values["alpha"] == sp.Rational("1.6732632423543772848170429916717")
    assert selu.values["lambda"] == sp.Rational("1.0507009873554804934193349852946")
    gt = symact.get("gelu_tanh").expr
    assert gt.has(sp.Rational(44715, 10**6) * sp.sqrt(2) / sp.sqrt(sp.pi)) or sp.Rational(8943, 200000) in gt.atoms(sp.Rational)
    # hard sigmoid is PyTorch's x/6 + 1/2 clipped
    hs = symact.get("hard_sigmoid")
    assert hs.expr.subs(x, 0) == sp.Rational(1, 2) and hs.expr.subs(x, 3) == 1 and hs.expr.subs(x, -3) == 0


def test_unknown_name_suggests():
    with pytest.raises(UnknownActivation) as err:
        symact.get("sigmiod")
    assert "did you mean: sigmoid" in str(err.value)
    with pytest.raises(UnknownActivation):
        symact.get("no_such_thing_at_all")


def test_with_params_exact_and_validated():
    elu = symact.get("elu").with_params(alpha="0.5")
    assert elu.values["alpha"] == sp.Rational(1, 2)
    assert elu.expr.subs(x, -sp.oo) == -sp.Rational(1, 2) or sp.limit(elu.pieces.pieces[0].expr, x, -sp.oo) == -sp.Rational(1, 2)
    assert symact.get("elu").with_params(alpha=0.1).values["alpha"] == sp.Rational(1, 10)
    assert symact.get("elu").with_params(alpha="1/3").values["alpha"] == sp.Rational(1, 3)
    with pytest.raises(ParameterError, match="positive"):
        symact.get("elu").with_params(alpha=-1)
    with pytest.raises(ParameterError, match="no parameter"):
        symact.get("elu").with_params(beta=2)
    with pytest.raises(ParameterError, match="number"):
        symact.get("elu").with_params(alpha="__import__('os')")
    sym = symact.get("elu").with_params(alpha="symbolic")
    assert sym.values["alpha"] is None and sym.expr.has(sp.Symbol("alpha", positive=True, real=True))


def test_exact_number_parses_without_sympify():
    assert exact_number("1e-2") == sp.Rational(1, 100)
    assert exact_number("-3/4") == sp.Rational(-3, 4)
    for bad in ("1+1", "x", "1/0", "nan", "", "1e99999"):
        with pytest.raises(ParameterError):
            exact_number(bad)


def test_define_user_activation_with_parameter():
    a = sp.Symbol("a", positive=True)
    act = symact.define("test_scaled_tanh", a * sp.tanh(x), {"a": 2}, register_it=False)
    assert act.expr == 2 * sp.tanh(x)
    assert sp.simplify(act.derivative(1) - 2 * (1 - sp.tanh(x) ** 2)) == 0
    assert act.with_params(a=3).expr == 3 * sp.tanh(x)
    # plain symbols (no assumptions) are accepted and become positive parameters
    b = sp.Symbol("b")
    act2 = symact.define("test_plain", sp.Symbol("x") * b, {"b": 3}, register_it=False)
    assert act2.expr == 3 * x


@pytest.mark.parametrize(
    "name, expr, params, match",
    [
        ("bad name", x, {}, "invalid activation name"),
        ("sigmoid", x, {}, "already taken"),
        ("test_undeclared", x * sp.Symbol("q"), {}, "undeclared symbols"),
        ("test_complex", sp.sqrt(x), {}, "not real"),
        ("test_undef", sp.Function("g")(x), {}, "undefined function"),
        ("test_badparam", x * sp.Symbol("k", positive=True), {"k": -1}, "positive"),
        ("test_floor", sp.floor(x), {}, "floor"),
    ],
)
def test_bad_definitions_rejected(name, expr, params, match):
    with pytest.raises((DefinitionError, ParameterError), match=match):
        symact.define(name, expr, params)
    assert name not in symact.names() or name == "sigmoid"


def test_param_rejects_reserved_and_unsafe_names():
    with pytest.raises(DefinitionError):
        Param("x", 1)
    with pytest.raises(DefinitionError):
        Param("__class__", 1)
    with pytest.raises(DefinitionError):
        Param("a;b", 1)
    with pytest.raises(ParameterError):
        Param("k", 0, {"positive": True})


def test_register_and_get_user_definition():
    act = symact.define("test_registered_relu_sq", sp.Max(0, x) ** 2)
    try:
        assert symact.get("test_registered_relu_sq") is act
        assert [bp.at for bp in act.pieces.breakpoints] == [0]
        with pytest.raises(DefinitionError, match="already taken"):
            symact.define("test_registered_relu_sq", x)
    finally:
        catalog._registry.pop("test_registered_relu_sq", None)


def test_repr_latex():
    assert symact.get("sigmoid")._repr_latex_().startswith("$\\displaystyle \\sigma(x) = ")
