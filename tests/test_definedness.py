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
from symact.spec import Activation, x
from symact.verify import verify

REFUTED_AT = [
    # (claim, a point where the written left side is undefined and the right side is defined)
    (r"\frac{x}{x} = 1", 0),
    (r"\frac{0}{x} = 0", 0),
    (r"\frac{x^{2}}{x} = x", 0),
    (r"\frac{x^3}{x} = x^2", 0),
    (r"\frac{1}{\frac{1}{x}} = x", 0),
    (r"\left(\sqrt{x}\right)^{2} = x", None),
    (r"\sqrt{x}\sqrt{x} = x", None),
    (r"\sqrt{x-1}\sqrt{x-1} = x - 1", None),
    (r"e^{\ln x} = x", None),
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
    v = verify(claim)
    assert v.status == "refuted", (claim, v.status, v.to_json())
    ce = v.to_json()["links"][0].get("counterexample") or {}
    if at is not None:
        assert sp.sympify(ce.get("x")) == at, ce  # test-side parsing of symact's own output
    else:
        assert sp.sympify(ce.get("x")) < 0, ce
    assert "undefined" in (ce.get("lhs"), ce.get("rhs")), ce


@pytest.mark.parametrize("claim", PROVED)
def test_defined_everywhere_still_proved(claim):
    assert verify(claim).status == "proved", claim


def test_sine_quotient_is_never_proved():
    # sin(x)/sin(x) = 1 fails at every x = k pi: refuted or unknown, never proved
    assert verify(r"\frac{\sin(x)}{\sin(x)} = 1").status in ("refuted", "unknown")


@pytest.mark.parametrize("text", [r"\frac{x}{|x|}", r"\frac{|x|}{x}", r"\frac{x}{x}"])
def test_activation_undefined_at_zero_is_refused(text):
    with pytest.raises(DefinitionError, match="x = 0|cover"):
        Activation.from_expr(parse_expression(text), name="custom") if hasattr(Activation, "from_expr") else _build(text)


def _build(text):
    from symact.catalog import custom

    return custom(parse_expression(text), name="custom")


def test_bound_on_x_over_abs_x_is_not_proved():
    assert verify(r"\frac{x}{|x|} \le 1").status != "proved"


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
