"""The chain rule through n scalar layers, against SymPy's own differentiation."""

from __future__ import annotations

import json

import mpmath
import pytest
import sympy as sp

import symact
from symact.errors import UsageError
from symact.gradients import chain_explicit, chain_rule

x = symact.x
S = sp.Function("S")
L = sp.Function("L")


def _syms(n: int):  # type: ignore[no-untyped-def]
    W = [sp.Symbol(f"W_{i}", real=True) for i in range(n + 1)]
    b = [sp.Symbol(f"b_{i}", real=True) for i in range(n + 1)]
    a = [sp.Symbol(f"a_{i}", real=True) for i in range(n + 1)]
    f = [sp.Symbol(f"f_{i}", real=True) for i in range(n + 1)]
    return W, b, a, f


def _network(n: int) -> sp.Expr:
    W, b, _, _ = _syms(n)
    e: sp.Expr = x
    for i in range(1, n + 1):
        e = S(W[i] * e + b[i])
    return e


def _explicit(expr: sp.Expr, n: int) -> sp.Expr:
    """The test's own substitution of a_i and f_n by the nested network."""
    W, b, a, f = _syms(n)
    inner: list[sp.Expr] = [x]
    for i in range(1, n + 1):
        inner.append(S(W[i] * inner[-1] + b[i]))
    e = expr.subs(f[n], inner[n])
    for i in range(n, 0, -1):
        e = e.subs(a[i], W[i] * inner[i - 1] + b[i])
    return e.doit()


@pytest.mark.parametrize("n", range(1, 7))
def test_every_step_equals_sympy_diff(n: int) -> None:
    W, _, a, f = _syms(n)
    truth = sp.diff(L(_network(n)), W[1])
    r = chain_rule(n)
    assert r.status == "proved"
    assert r.network == _network(n)
    assert len(r.steps) == 2 * n + 1
    for step in r.equation.steps:
        assert sp.expand(_explicit(step.expr, n) - truth) == 0, step.reason
        assert step.check
        assert sp.expand(chain_explicit(step.expr, n) - truth) == 0


@pytest.mark.parametrize("n", range(1, 7))
def test_final_form_is_the_product_of_the_article(n: int) -> None:
    """dL/dW_1 = dL/df_n * S'(a_n) * W_n * ... * W_2 * S'(a_1) * x, factor by factor, in order."""
    W, _, a, f = _syms(n)
    expected = [sp.Derivative(L(f[n]), f[n])]
    for i in range(n, 0, -1):
        expected.append(sp.Derivative(S(a[i]), a[i]))
        expected.append(W[i] if i > 1 else x)
    final = chain_rule(n).final
    assert list(final.args) == expected


def test_three_layers_is_the_article_formula() -> None:
    r = chain_rule(3)
    W, b, a, f = _syms(3)
    # first link: dL/df_3 * d S(W_3 S(W_2 S(W_1 x + b_1) + b_2) + b_3) / dW_1
    first = r.steps[0]
    assert first.args[0] == sp.Derivative(L(f[3]), f[3])
    assert first.args[1] == sp.Derivative(S(W[3] * S(W[2] * S(W[1] * x + b[1]) + b[2]) + b[3]), W[1])
    # the article's last line ends in da_1/dW_1, which is x
    penultimate = r.steps[-2]
    assert penultimate.args[-1] == sp.Derivative(W[1] * x + b[1], W[1])
    assert penultimate.args[-1].doit() == x
    tex = r.latex
    assert tex.count("\\\\") == len(r.steps) - 1
    assert "\\cdot W_{3} \\cdot" in tex and "\\cdot W_{2} \\cdot" in tex
    defs = dict(r.definitions)
    assert defs[a[2]] == W[2] * f[1] + b[2]
    assert defs[f[3]] == S(a[3])
    json.dumps(r.to_json())


def test_a_wrong_chain_is_not_equal() -> None:
    """The comparison used for the steps can fail: drop W_2 from the n = 3 product."""
    r = chain_rule(3)
    W, _, _, _ = _syms(3)
    wrong = sp.Mul(*[t for t in r.final.args if t != W[2]], evaluate=False)
    truth = sp.diff(L(_network(3)), W[1])
    assert sp.expand(_explicit(wrong, 3) - truth) != 0


@pytest.mark.parametrize("n", [2, 4])
def test_numeric_value_with_tanh(n: int) -> None:
    """With S = tanh and L(f) = f^2 at rational weights, the final product evaluates to the
    derivative computed by mpmath's numerical differentiation of the network."""
    W, b, a, f = _syms(n)
    vals = {W[i]: sp.Rational(3 + i, 5) * (-1) ** i for i in range(1, n + 1)}
    vals.update({b[i]: sp.Rational(i, 7) for i in range(1, n + 1)})
    vals[x] = sp.Rational(2, 3)
    # forward pass at these values, then the final product with S' = 1 - tanh^2, dL/df = 2 f
    num: dict = dict(vals)
    h = vals[x]
    for i in range(1, n + 1):
        num[a[i]] = vals[W[i]] * h + vals[b[i]]
        h = num[f[i]] = sp.tanh(num[a[i]])
    final = chain_rule(n).final
    concrete = final.replace(
        lambda e: isinstance(e, sp.Derivative) and e.expr.func == S, lambda e: 1 - sp.tanh(e.variables[0]) ** 2
    ).replace(lambda e: isinstance(e, sp.Derivative) and e.expr.func == L, lambda e: 2 * e.variables[0])
    got = sp.N(concrete.doit().subs(num), 30)

    def net(w1):  # type: ignore[no-untyped-def]
        h = mpmath.mpf(2) / 3
        for i in range(1, n + 1):
            w = w1 if i == 1 else mpmath.mpf(vals[W[i]].p) / vals[W[i]].q
            h = mpmath.tanh(w * h + mpmath.mpf(i) / 7)
        return h**2

    with mpmath.workdps(30):
        ref = mpmath.diff(net, mpmath.mpf(vals[W[1]].p) / vals[W[1]].q)
    assert abs(float(got) - float(ref)) <= 1e-20 + 1e-15 * abs(float(ref))


def test_bad_n() -> None:
    for bad in (0, 13, "3", None):
        with pytest.raises(UsageError):
            chain_rule(bad)  # type: ignore[arg-type]
