r"""The expression as written defines where a claim or an activation is defined, not SymPy's
evaluation of it (symact/definedness.py; found by the second adversarial corpus).

Truths, established by hand (no symact involved): a quotient u/v is undefined where v = 0; an
even root sqrt(u) is not real where u < 0; ln u is undefined where u <= 0.  So x/x, 0/x, x^2/x
and 1/(1/x) are undefined at x = 0 only; (sqrt x)^2, sqrt(x) sqrt(x) and e^{ln x} are not real
/ undefined for every x < 0; e^x / e^x, (sqrt(x^2+1))^2 and sqrt(x^2) are defined everywhere
(e^x > 0, x^2 + 1 > 0, x^2 >= 0), and sqrt(x^2) = |x| everywhere.
"""

from __future__ import annotations

import sympy as sp
import pytest

from symact.definedness import Guard, restrict
from symact.errors import DefinitionError
from symact.parse import parse_claim, parse_expression
from symact.catalog import define
from symact.spec import x
from symact.verify import verify

REFUTED_AT = [
    # (claim, a point where the written left side is undefined and the right side is defined)
    (r"\frac{x}{x} = 1", 0),
    (r"\frac{0}{x} = 0", 0),
    (r"\frac{x^{2}}{x} = x", 0),
    (r"\frac{x^3}{x} = x^2", 0),
    (r"\frac{1}{\frac{1}{x}} = x", 0),
    # ("below", c): undefined for every x < c
    (r"\left(\sqrt{x}\right)^{2} = x", ("below", 0)),
    (r"\sqrt{x}\sqrt{x} = x", ("below", 0)),
    (r"\sqrt{x-1}\sqrt{x-1} = x - 1", ("below", 1)),
    (r"e^{\ln x} = x", ("below", 0)),
]

PROVED = [
    r"\frac{e^x}{e^x} = 1",
    r"\left(\sqrt{x^2+1}\right)^2 = x^2+1",
    r"\sqrt{x^2} = |x|",
    r"\frac{x}{x} = 1 \text{ for } x \neq 0",
    r"\sigma(x) = \frac{1}{1+e^{-x}}",
]


@pytest.mark.parametrize("claim,at", REFUTED_AT, ids=[c for c, _ in REFUTED_AT])
def test_undefined_as_written_is_refuted(claim, at):
    j = verify(claim).to_json()
    assert j["verdict"] == "refuted", (claim, j)
    ce = j["counterexample"] or {}
    where = sp.Rational(ce.get("x"))  # the counterexample symact printed, read exactly
    if isinstance(at, tuple):
        assert where < at[1], ce
    else:
        assert where == at, ce
    assert "undefined" in (ce.get("lhs"), ce.get("rhs")), ce


@pytest.mark.parametrize("claim", PROVED)
def test_defined_everywhere_still_proved(claim):
    assert verify(claim).to_json()["verdict"] == "proved", claim


def test_sine_quotient_is_never_proved():
    # sin(x)/sin(x) = 1 fails at every x = k pi: refuted or unknown, never proved
    assert verify(r"\frac{\sin(x)}{\sin(x)} = 1").to_json()["verdict"] in ("refuted", "unknown")


@pytest.mark.parametrize("text", [r"\frac{x}{|x|}", r"\frac{|x|}{x}", r"\frac{x}{x}"])
def test_activation_undefined_at_zero_is_refused(text):
    with pytest.raises(DefinitionError, match="x = 0|cover"):
        define("custom", parse_expression(text), register_it=False)


def test_bound_on_x_over_abs_x_is_not_proved():
    assert verify(r"\frac{x}{|x|} \le 1").to_json()["verdict"] != "proved"


def test_restrict_keeps_expressions_with_visible_or_shown_guards():
    # visible: the denominator is still there; shown: 1 + e^{-x} > 0 on the real line
    e = 1 / (x - 1)
    assert restrict(e, [Guard("nonzero", x - 1)]) is e
    s = 1 / (1 + sp.exp(-x))
    assert restrict(s, [Guard("nonzero", 1 + sp.exp(-x))]) is s
    # lost: x/x evaluated to 1
    r = restrict(sp.Integer(1), [Guard("nonzero", x)])
    assert isinstance(r, sp.Piecewise) and r.subs(x, 0) is sp.nan and r.subs(x, 2) == 1


def test_parse_keeps_catalogue_style_expressions_unchanged():
    for text in [r"\frac{x}{1+|x|}", r"\frac{1}{1+e^{-x}}", r"\ln(1+e^x)", r"\frac{e^x-e^{-x}}{e^x+e^{-x}}", r"\sqrt{x^2+1}"]:
        assert not parse_expression(text).has(sp.Piecewise), text
    claim = parse_claim(r"\sigma'(x) = \sigma(x)(1-\sigma(x))")
    assert not any(t.expr is not None and t.expr.has(sp.Piecewise) for t in claim.terms)
