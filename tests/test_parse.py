r"""symact.parse: LaTeX as people write it -> SymPy objects and claims.

Conventions under test are the ones documented in symact/parse.py: \log is natural, e is
Euler's number, decimals are exact, named functions stay unevaluated in claims, every
error carries a position.
"""

import json
import pathlib

import mpmath
import pytest
import sympy as sp

from symact import ParseError, x
from symact.numeric import compile_mp
from symact.parse import DecimalLiteral, ParsedClaim, parse_claim, parse_expression
from symact.render import latex_expr

from helpers import RECORDS, name_of

SEED = json.loads((pathlib.Path(__file__).parents[1] / "symact" / "data" / "article_claims.json").read_text())["claims"]
SEED_BY_ID = {c["id"]: c for c in SEED}

F = sp.Function("f", real=True)
SIG = sp.Function("sigmoid", real=True)
S = sp.Function("S", real=True)


def sym(name):
    return sp.Symbol(name, real=True)


def same(a, b, points=(-2.5, -0.3, 0.7, 1.9)):
    """Numerically equal at a few points (50 digits)."""
    fa, fb = compile_mp(a), compile_mp(b)
    with mpmath.workdps(50):
        return all(abs(fa(p) - fb(p)) < mpmath.mpf(10) ** -40 for p in points)


# ---------------------------------------------------------------------------------------
# the article's claims, as written
def test_seed_claims_all_parse():
    for c in SEED:
        if c["latex"] is None:
            continue
        pc = parse_claim(c["latex"])
        assert isinstance(pc, ParsedClaim) and pc.relations, c["id"]


def test_sigmoid_derivative_chain_structure():
    pc = parse_claim(SEED_BY_ID["sigmoid-derivative"]["latex"])
    assert pc.relations == ("=", "=", "=")
    t0, t1, t2, t3 = (t.expr for t in pc.terms)
    assert t0 == sp.Derivative(F(x), x)  # the prime is kept, not dropped
    assert isinstance(t1, sp.Derivative) and t1.expr == 1 / (1 + sp.exp(-x))  # (...)' unevaluated
    assert t2 == sp.exp(-x) / (1 + sp.exp(-x)) ** 2
    assert sp.expand(t3 - F(x) * (1 - F(x))) == 0


def test_tanh_chain_with_braced_power():
    # 1 - f{\left( x \right)^2}: the power applies to f(x)
    pc = parse_claim(SEED_BY_ID["tanh-derivative"]["latex"])
    assert pc.terms[-1].expr == 1 - F(x) ** 2
    assert pc.terms[2].expr == 4 / (sp.exp(x) + sp.exp(-x)) ** 2


def test_relu_array_piecewise():
    pc = parse_claim(SEED_BY_ID["relu-def"]["latex"])
    pw = pc.terms[1].expr
    assert isinstance(pw, sp.Piecewise)
    assert pw.subs(x, 2) == 2 and pw.subs(x, -2) == 0 and pw.subs(x, 0) == 0
    d = parse_claim(SEED_BY_ID["relu-derivative"]["latex"]).terms[1].expr
    assert d.subs(x, 0) == 1 and d.subs(x, -1) == 0  # the article's value at 0, as written


def test_interleaved_interval_of_the_article():
    # \in \left( {0,\left. {\frac{1}{4}} \right]} \right.
    pc = parse_claim(SEED_BY_ID["sigmoid-derivative-bound"]["latex"])
    assert pc.relations == ("=", "in")
    assert pc.terms[2].kind == "set" and pc.terms[2].expr == sp.Interval.Lopen(0, sp.Rational(1, 4))


def test_depth_products_and_article_number():
    pc = parse_claim(SEED_BY_ID["depth20-bound"]["latex"])
    assert pc.relations == ("<", "<=", "=")
    prod = pc.terms[1].expr
    factors = prod.args
    assert len(factors) == 20
    assert {f.variables[0].name for f in factors} == {f"a_{i}" for i in range(1, 21)}
    assert all(f.expr == S() for f in factors)  # dS/da_i: S as a function of a_i
    assert pc.terms[2].expr == sp.Rational(1, 4) ** 20
    lit = pc.terms[3].literal
    assert isinstance(lit, DecimalLiteral)
    assert lit.value == sp.Rational(9094, 1000) * sp.Rational(1, 10**13)  # {\rm{9}}.0{\rm{94}} is 9.094
    assert (lit.digits, lit.mantissa, lit.exponent) == (4, "9.094", -13)
    three = parse_claim(SEED_BY_ID["depth3-bound"]["latex"])
    assert len(three.terms[1].expr.args) == 3
    assert three.terms[2].expr == sp.Rational(1, 64) and three.terms[2].literal.digits == 5


def test_chain_rule_array_is_one_chain_with_a_skipped_step():
    pc = parse_claim(SEED_BY_ID["chain-rule-3-layers"]["latex"])
    assert pc.relations == ("=",) * 5
    assert [t.kind for t in pc.terms] == ["expr", "expr", "expr", "expr", "elided", "expr"]
    W1, W2, W3, b1, b2, b3, f3 = map(sym, ["W_1", "W_2", "W_3", "b_1", "b_2", "b_3", "f_3"])
    L = sp.Function("L", real=True)
    assert pc.terms[0].expr == sp.Derivative(L(), W1)
    net = S(W3 * S(W2 * S(W1 * x + b1) + b2) + b3)
    assert sp.Derivative(net, W1) in pc.terms[1].expr.args
    assert sp.Derivative(L(), f3) in pc.terms[1].expr.args
    assert sp.Derivative(sym("a_1"), W1) in pc.terms[-1].expr.args


# ---------------------------------------------------------------------------------------
# conventions
@pytest.mark.parametrize(
    "tex, expected",
    [
        (r"\log(x)", sp.log(x)),
        (r"\ln x", sp.log(x)),
        (r"\log_{10}(x)", sp.log(x) / sp.log(10)),
        (r"\log_2 x", sp.log(x) / sp.log(2)),
        (r"\log_e(x)", sp.log(x)),
        (r"e^{-x}", sp.exp(-x)),
        (r"\exp(-x)", sp.exp(-x)),
        (r"\mathrm{e}^x", sp.exp(x)),
        (r"2\pi x", 2 * sp.pi * x),
        (r"\frac12 x", x / 2),
        (r"x^23", 3 * x**2),  # TeX: one digit is the superscript
        (r"0.015625", sp.Rational(1, 64)),
        (r"1.5e-3", sp.Rational(3, 2000)),
        (r"{\rm{9}}.0{\rm{94}}", sp.Rational(9094, 1000)),
        (r"\frac{1}{64}", sp.Rational(1, 64)),  # braces of arguments are not a number's digits
        (r"|x| + \left| x - 1 \right|", sp.Abs(x) + sp.Abs(x - 1)),
        (r"\lvert x \rvert", sp.Abs(x)),
        (r"\max(0, x)", sp.Max(0, x)),
        (r"\min\left(x, 6\right)", sp.Min(x, 6)),
        (r"\sqrt[3]{x}", sp.cbrt(x)),
        (r"x \cdot 3 \times 2", 6 * x),
        (r"\left[ x + 1 \right]^2", (x + 1) ** 2),
        (r"\alpha(e^x - 1)", sym("alpha") * (sp.exp(x) - 1)),  # a Greek letter before ( multiplies
        (r"\sin^2 x + \cos^2 x", sp.sin(x) ** 2 + sp.cos(x) ** 2),
        (r"\tanh x + 1", sp.tanh(x) + 1),
        (r"\operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)", sp.erf(x / sp.sqrt(2))),
        (r"\Phi(x)", (1 + sp.erf(x / sp.sqrt(2))) / 2),
        (r"\;x\,\quad+\!1~", x + 1),
        (r"$x + 1$", x + 1),
        (r"x - 1", x - 1),
        ("x \u2212 1", x - 1),  # U+2212 minus sign
    ],
)
def test_expression_conventions(tex, expected):
    assert sp.simplify(parse_expression(tex) - expected) == 0


def test_symbols_are_real_and_x_is_symacts():
    e = parse_expression(r"a x + \beta")
    assert x in e.free_symbols
    assert all(s.is_real for s in e.free_symbols)
    assert {s.name for s in e.free_symbols} == {"a", "x", "beta"}


def test_named_functions_expand_in_expressions():
    assert same(parse_expression(r"x\sigma(x)"), x / (1 + sp.exp(-x)))
    assert same(parse_expression(r"\mathrm{GELU}(x)"), x / 2 * (1 + sp.erf(x / sp.sqrt(2))))
    assert same(parse_expression(r"\text{ReLU}(x)"), sp.Max(0, x))
    assert same(parse_expression(r"\operatorname{LeakyReLU}(x)"), sp.Max(x / 100, x))
    assert same(parse_expression(r"x\tanh(\operatorname{softplus}(x))"), x * sp.tanh(sp.log(1 + sp.exp(x))))
    assert same(parse_expression(r"f(x) = \frac{x}{1+|x|}"), x / (1 + sp.Abs(x)))


@pytest.mark.parametrize("act", RECORDS, ids=name_of)
def test_round_trip_of_the_catalogue(act):
    """Every record's LaTeX (as symact renders it) parses back to the same function."""
    e = parse_expression(latex_expr(act.expr))
    assert same(e, act.expr, points=(-3.3, -0.7, 0.2, 0.45, 1.9, 5.5))


def test_claims_keep_functions_unevaluated():
    pc = parse_claim(r"\sigma'(x) = \sigma(x)(1-\sigma(x))")
    assert pc.terms[0].expr == sp.Derivative(SIG(x), x)
    assert pc.terms[1].expr == SIG(x) * (1 - SIG(x))
    pc = parse_claim(r"\operatorname{softplus}'(2x) = \sigma(2x)")
    assert isinstance(pc.terms[0].expr, sp.Subs)


@pytest.mark.parametrize(
    "tex, order",
    [
        (r"f'(x) = 0", 1),
        (r"f''(x) = 0", 2),
        (r"f'''(x) = 0", 3),
        (r"f^{(4)}(x) = 0", 4),
        (r"f^{\prime}(x) = 0", 1),
        (r"f^{\prime\prime}(x) = 0", 2),
        (r"f^\prime\left( x \right) = 0", 1),
        (r"\frac{d}{dx} f(x) = 0", 1),
        (r"\frac{d^2}{dx^2} f(x) = 0", 2),
        (r"\frac{df}{dx} = 0", 1),
        (r"\frac{\mathrm{d}}{\mathrm{d}x} f(x) = 0", 1),
    ],
)
def test_derivative_notations(tex, order):
    d = parse_claim(tex).terms[0].expr
    assert d == sp.Derivative(F(x), (x, order))


def test_primed_group_and_leibniz_operator_extent():
    pc = parse_claim(r"\left(x^2\right)' = \frac{d}{dx} x^2 + 0")
    assert pc.terms[0].expr == sp.Derivative(x**2, x)
    assert pc.terms[1].expr == sp.Derivative(x**2, x)  # the operator stops at the top-level +
    pc = parse_claim(r"\frac{d}{dx}\ln\left(1 + e^x\right) = 0")
    assert pc.terms[0].expr == sp.Derivative(sp.log(1 + sp.exp(x)), x)


def test_partial_derivatives_of_layer_quantities():
    pc = parse_claim(r"\frac{\partial S}{\partial a_3} = \frac{{\partial {a_1}}}{{\partial {W_1}}}")
    assert pc.terms[0].expr == sp.Derivative(S(), sym("a_3"))
    assert pc.terms[1].expr == sp.Derivative(sym("a_1"), sym("W_1"))


def test_shorthand_without_argument_is_noted():
    pc = parse_claim(r"\sigma' = \sigma(1 - \sigma)")
    assert pc.terms[0].expr == sp.Derivative(SIG(x), x)
    assert sp.expand(pc.terms[1].expr - SIG(x) * (1 - SIG(x))) == 0  # \sigma(...) is a product here
    assert any("without an argument" in n for n in pc.notes)


def test_claim_variable_other_than_x():
    pc = parse_claim(r"\sigma'(z) = \sigma(z)(1-\sigma(z))")
    assert pc.variable.name == "z"


@pytest.mark.parametrize(
    "tex, values",
    [
        (r"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^x - 1) & \text{otherwise} \end{cases}", {2: 2, 0: 0}),
        (r"f(x) = \begin{cases} 1, & \text{if } x \geq 0, \\ 0, & \text{if } x < 0. \end{cases}", {0: 1, -1: 0}),
        (r"f(x) = \left\{ \begin{array}{ll} x \quad & x \ge 0 \\ 0 \quad & x < 0 \end{array} \right.", {3: 3, -3: 0}),
        (r"f(x) = \begin{cases} x & x > 1 \vee x < -1 \\ 0 & \text{otherwise} \end{cases}", {2: 2, -2: -2, 0: 0}),
        (r"f(x) = \begin{cases} 1 & x \in [0, 1] \\ 0 & \text{otherwise} \end{cases}", {sp.Rational(1, 2): 1, 2: 0, 1: 1}),
    ],
)
def test_piecewise_forms(tex, values):
    pw = parse_claim(tex).terms[1].expr
    assert isinstance(pw, sp.Piecewise)
    for at, v in values.items():
        assert pw.subs({x: at, sym("alpha"): 1}) == v


@pytest.mark.parametrize(
    "tex, expected",
    [
        (r"f(x) \in (0, 1)", sp.Interval.open(0, 1)),
        (r"f(x) \in [0, 1]", sp.Interval(0, 1)),
        (r"f(x) \in (0, 1]", sp.Interval.Lopen(0, 1)),
        (r"f(x) \in [0, +\infty)", sp.Interval(0, sp.oo)),
        (r"f(x) \in (-\infty, 0]", sp.Interval(-sp.oo, 0)),
        (r"f(x) \in \left[ -1, \frac{1}{2} \right)", sp.Interval.Ropen(-1, sp.Rational(1, 2))),
        (r"f(x) \in ]0, 1[", sp.Interval.open(0, 1)),
        (r"f(x) \in \{0, 1\}", sp.FiniteSet(0, 1)),
        (r"f(x) \in \mathbb{R}", sp.S.Reals),
        (r"f(x) \in [0, 1] \cup \{3\}", sp.Union(sp.Interval(0, 1), sp.FiniteSet(3))),
    ],
)
def test_sets(tex, expected):
    assert parse_claim(tex).terms[1].expr == expected


def test_relation_chains_and_names():
    pc = parse_claim(r"0 < f(x) \leq 1 \geqslant \frac{1}{2} \ne 3")
    assert pc.relations == ("<", "<=", ">=", "!=")
    assert parse_claim(r"\sigma(1) \approx 0.7311").relations == ("approx",)
    assert parse_claim(r"a \lt b \gt c").relations == ("<", ">")
    assert parse_claim(r"f(x) := x").relations == ("=",)


def test_parsing_is_deterministic():
    tex = SEED_BY_ID["chain-rule-3-layers"]["latex"]
    a, b = parse_claim(tex), parse_claim(tex)
    assert [str(t.expr) for t in a.terms] == [str(t.expr) for t in b.terms]


# ---------------------------------------------------------------------------------------
# errors: a ParseError with the offset of the problem
@pytest.mark.parametrize(
    "tex, offset, words",
    [
        (r"x_1_2", 3, "double subscript"),
        (r"\sigma(x)}", 9, "unbalanced"),
        (r"\frac{1}{2", 8, "unbalanced"),
        (r"x^2^3", 3, "double superscript"),
        (r"\foo x", 0, "unsupported LaTeX command"),
        (r"\operatorname{mystery}(x)", 0, "unknown function"),
        (r"3!", 1, "factorial"),
        (r"x, y", 1, "','"),
        (r"\max(x)", 5, "two arguments"),
        (r"x + ", 2, "cannot read"),
        (r"e^-x", 2, "braces"),
        (r"x = 1", 2, "relation"),
        (r"f'(x)", 0, "derivatives are not allowed"),
        (r"f(x)", 0, "not allowed"),
        (r"\frac{d}{dx} x", 0, "derivatives are not allowed"),
        (r"(x + 1", 0, "never closed"),
        (r"\begin{cases} x & x > 0 \end{array}", 24, "ended by"),
    ],
)
def test_expression_errors_have_positions(tex, offset, words):
    with pytest.raises(ParseError) as info:
        parse_expression(tex)
    err = info.value
    assert err.offset == offset, err.format()
    assert words in err.format()
    assert "position" in err.format()


@pytest.mark.parametrize(
    "tex, words",
    [
        (r"f(x)", "needs a relation"),
        (r"f(x) \in x", "expected a set"),
        (r"f(x) = ", "without a term"),
        (r"f(x) \in (1, 0)", "larger than the right end"),
        (r"f(x) \in (0, 1, 2)", "two ends"),
        (r"\cdots = f(x)", "cannot start or end"),
        (r"\frac{\partial S}{\partial a_3} \cdots \frac{\partial S}{\partial b_1} < 1", "differ only in one index"),
    ],
)
def test_claim_errors(tex, words):
    with pytest.raises(ParseError) as info:
        parse_claim(tex)
    assert words in info.value.format()
    assert info.value.offset is not None


@pytest.mark.parametrize(
    "tex, domain",
    [
        (r"\mathrm{ReLU}'(x) = 1 \text{ for } x > 0", sp.Interval.open(0, sp.oo)),
        (r"f'(x) = 0, \; x < 0", sp.Interval.open(-sp.oo, 0)),
        (r"f'(x) = 1 \quad (x \neq 0)", sp.Union(sp.Interval.open(-sp.oo, 0), sp.Interval.open(0, sp.oo))),
        (r"\sigma(x) \in (0,1) \quad \forall x \in \mathbb{R}", sp.S.Reals),
        (r"\max(0, x) = x \quad \text{for all } x \ge 0.", sp.Interval(0, sp.oo)),
        (r"\sigma(x) > 0 \;\forall x", sp.S.Reals),
        (r"f(x) \in (0, 1)", sp.S.Reals),
    ],
)
def test_domain_clauses(tex, domain):
    pc = parse_claim(tex)
    assert pc.domain == domain
    assert len(pc.terms) == 2  # the clause is not a term of the chain


# ---------------------------------------------------------------------------------------
# inverse functions as papers write them (issue 10): f^{-1} of a trigonometric or
# hyperbolic function is its inverse, every other power a power
@pytest.mark.parametrize(
    "tex, expected",
    [
        (r"\sin^{-1}(x)", sp.asin(x)), (r"\cos^{-1} x", sp.acos(x)), (r"\tan^{-1}x", sp.atan(x)),
        (r"\sinh^{-1}(x)", sp.asinh(x)), (r"\cosh^{-1}(x)", sp.acosh(x)), (r"\tanh^{-1}(x)", sp.atanh(x)),
        (r"\cot^{-1}(x)", sp.acot(x)), (r"\operatorname{tan}^{-1}(x)", sp.atan(x)),
        (r"\arcsin(x)", sp.asin(x)), (r"\arccos x", sp.acos(x)), (r"\arctan x", sp.atan(x)),
        (r"\operatorname{arsinh}(x)", sp.asinh(x)), (r"\operatorname{arcsinh}(x)", sp.asinh(x)),
        (r"\operatorname{arcosh}(x)", sp.acosh(x)), (r"\operatorname{arccosh}(x)", sp.acosh(x)),
        (r"\operatorname{artanh}(x)", sp.atanh(x)), (r"\operatorname{arctanh}(x)", sp.atanh(x)),
        (r"\operatorname{asinh}(x)", sp.asinh(x)), (r"\operatorname{atanh}(x)", sp.atanh(x)),
        # powers stay powers
        (r"\sin^{2} x", sp.sin(x) ** 2), (r"\sin^2(x)", sp.sin(x) ** 2), (r"\tanh^{-2}(x)", sp.tanh(x) ** -2),
        (r"\sin^{-1}(x)^2", sp.asin(x) ** 2), (r"(\sin x)^{-1}", 1 / sp.sin(x)), (r"\sin(x)^{-1}", 1 / sp.sin(x)),
        (r"2\tan^{-1}(x) + 1", 2 * sp.atan(x) + 1),
    ],
)
def test_inverse_functions(tex, expected):
    assert parse_expression(tex) == expected


def test_inverse_functions_in_claims():
    from symact import verify

    assert verify(r"\frac{d}{dx}\tan^{-1}x = \frac{1}{1+x^2}").verdict == "proved"
    assert verify(r"\tanh^{-1}(x) = \frac{1}{\tanh(x)}").verdict == "refuted"
    assert verify(r"\frac{d}{dx}\sinh^{-1}(x) = \frac{1}{\sqrt{x^2+1}}").verdict == "proved"
    assert verify(r"\frac{d}{dx}\tanh^{-1}(x) = \frac{1}{1-x^2}, -1 < x < 1").verdict == "proved"
    assert verify(r"\frac{d}{dx}\sin^{-1}(x) = \frac{1}{\sqrt{1-x^2}}, -1 < x < 1").verdict == "proved"
    assert verify(r"\sinh^{-1}(x) = \frac{1}{\sinh(x)}").verdict == "refuted"
    assert verify(r"\tan^{-1}(x) = \arctan(x)").verdict == "proved"


@pytest.mark.parametrize("tex", ["\u0663x", "x + \uff13", "2.\u0665", "x^{\u0662}", "\\log_{\u0662}(x)"])
def test_only_ascii_digits(tex):
    with pytest.raises(ParseError):
        parse_expression(tex)


@pytest.mark.parametrize("value", ["\u0660.\u0665", "\uff11/\uff12", "\u0663", "1\u0660"])
def test_parameter_values_ascii_digits_only(value):
    from symact import ParameterError
    from symact.spec import exact_number

    with pytest.raises(ParameterError):
        exact_number(value)
    assert exact_number("0.5") == sp.Rational(1, 2)


def test_backend_output_never_reaches_stdout(monkeypatch, capsys):
    """What the LaTeX backend prints (antlr's version warning does) goes to stderr."""
    import symact.parse.backend as P

    module = P.load()
    real = module.latex2sympy

    def noisy(*args, **kwargs):
        print("ANTLR runtime and generated code versions disagree: 4.9.3!=4.13.2")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "latex2sympy", noisy)
    P.convert.cache_clear()
    try:
        assert parse_expression(r"\frac{x}{2} + 3x^{2}") == x / 2 + 3 * x**2
    finally:
        P.convert.cache_clear()
    out, err = capsys.readouterr()
    assert out == ""
    assert "versions disagree" in err


def test_a_broken_backend_is_not_a_parse_error(monkeypatch):
    import symact.parse.backend as P

    def broken():
        raise P.DependencyError("cannot import the LaTeX parser latex2sympy2-extended (ModuleNotFoundError: No module named 'typing.io')")

    monkeypatch.setattr(P, "load", broken)
    with pytest.raises(P.DependencyError, match="cannot import the LaTeX parser"):
        parse_expression(r"\frac{x}{1+|x|}")
    with pytest.raises(P.DependencyError):
        parse_claim(r"f'(x) = \frac{1}{(1+|x|)^2}")


def test_an_import_error_inside_the_backend_is_not_a_parse_error(monkeypatch):
    import symact.parse.backend as P

    module = P.load()

    def late_import(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'antlr4.atn'")

    monkeypatch.setattr(module, "latex2sympy", late_import)
    P.convert.cache_clear()
    try:
        with pytest.raises(P.DependencyError, match="failed to import a module"):
            parse_expression(r"x^{2} + 1")
    finally:
        P.convert.cache_clear()


def test_the_reader_knows_the_activations_it_is_given():
    """Activations are named by the caller (symact.parse.Activations); only the entry points'
    default is the catalogue's records."""
    from symact.catalog import get
    from symact.parse import Activations

    relu = get("relu")
    with pytest.raises(ParseError, match="unknown function"):
        parse_claim(r"\operatorname{ReLU}(x) = 0", Activations())
    assert parse_claim(r"\operatorname{ReLU}(x) = 0", [relu]).terms[0].expr == sp.Function("relu", real=True)(x)
    assert parse_claim(r"\operatorname{ReLU}(x) = 0").terms[0].expr == sp.Function("relu", real=True)(x)
    assert same(parse_expression(r"\text{ReLU}(x)", [relu]), sp.Max(0, x))
    with pytest.raises(ParseError, match="unknown function"):
        parse_expression(r"\operatorname{softplus}(x)", Activations([relu]))
    # \sigma is the logistic sigmoid even when the caller names no sigmoid record
    assert parse_claim(r"\sigma(x) = 0", Activations()).terms[0].expr == sp.Function("sigmoid", real=True)(x)


def test_one_module_imports_the_backend_and_the_reader_not_the_catalogue():
    """latex2sympy2 is imported in symact/parse/backend.py only; the reader's modules never
    import the catalogue (the package's entry points default to it, lazily)."""
    import ast

    root = pathlib.Path(__file__).resolve().parents[1] / "symact"
    importers, catalogue_users = set(), set()
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            rel = path.relative_to(root).as_posix()
            if any(n.split(".")[0] in ("latex2sympy2", "latex2sympy2_extended") for n in names):
                importers.add(rel)
            if rel.startswith("parse/") and any(n.lstrip(".").startswith("catalog") for n in names):
                catalogue_users.add(rel)
    assert importers == {"parse/backend.py"}
    assert catalogue_users == {"parse/__init__.py"}
