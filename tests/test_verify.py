r"""symact.verify: the article's claims, a corpus of further claims, verdicts and their
reasons, counterexamples, the JSON contract and the command line."""

import importlib.util
import json
import pathlib

import mpmath
import pytest
import sympy as sp

import symact
from claims_corpus import CORPUS
from symact import ParseError, UsageError
from symact.cli import main
from symact.parse import parse_claim
from symact.results import Verdict
from symact.verify import verify
from symact.verify.decimals import decimal as _decimal
from symact.verify.products import set_product as _set_product

SEED = json.loads((pathlib.Path(__file__).parents[1] / "symact" / "data" / "article_claims.json").read_text())["claims"]
SEED_BY_ID = {c["id"]: c for c in SEED}

#: The verdict a careful mathematician gives (claims.json "expected", as a verdict).
SEED_EXPECTED = {
    "sigmoid-def": "proved",
    "sigmoid-derivative": "proved",
    "sigmoid-range": "proved",
    "tanh-def": "proved",
    "tanh-derivative": "proved",
    "tanh-range": "proved",
    "relu-def": "proved",
    "relu-range": "proved",
    "relu-derivative": "proved",
    "sigmoid-derivative-bound": "proved",
    "depth3-bound": "proved",
    "depth20-bound": "approximate",
    "chain-rule-3-layers": "proved",
}
#: Claims whose "proved" needs a certificate from the prover (ranges and bounds).
SEED_NEEDS_PROVER = {"sigmoid-range", "tanh-range", "relu-range", "sigmoid-derivative-bound", "depth3-bound", "depth20-bound"}
#: The claims without LaTeX belong to other modules (issue 4: symact gradient and the
#: linear-collapse theorem), which test them.
SEED_ELSEWHERE = {"relu-gradient-path", "linear-collapse"}

HAVE_PROVER = importlib.util.find_spec("symact.prove") is not None


def _expect(verdict, expected, needs_prover):
    if needs_prover and expected == "proved" and not HAVE_PROVER:
        # without the prover nothing can certify a range: unknown, never a wrong verdict
        assert verdict in ("unknown", expected)
    else:
        assert verdict == expected


def test_seed_covers_every_claim():
    assert set(SEED_BY_ID) == set(SEED_EXPECTED) | SEED_ELSEWHERE
    assert all(SEED_BY_ID[i]["latex"] is None for i in SEED_ELSEWHERE)


@pytest.mark.parametrize("cid", sorted(SEED_EXPECTED))
def test_seed_claims(cid):
    c = SEED_BY_ID[cid]
    v = verify(c["latex"], c["activation"])
    expected = SEED_EXPECTED[cid]
    if cid == "depth20-bound" and not HAVE_PROVER:
        assert v.verdict == "unknown" and v.steps[-1].verdict == "approximate"
    else:
        _expect(v.verdict, expected, cid in SEED_NEEDS_PROVER)
    if v.verdict == "proved":
        assert all(s.verdict == "proved" for s in v.steps)
        assert all(s.certificate for s in v.steps)


@pytest.mark.parametrize("cid", sorted(SEED_ELSEWHERE))
def test_seed_claims_without_latex(cid):
    pytest.skip(f"{cid} has no LaTeX: it is verified by symact gradient / the collapse theorem (issue 4), not by verify")


def test_seed_chains_verify_every_link():
    v = verify(SEED_BY_ID["sigmoid-derivative"]["latex"], "sigmoid")
    assert len(v.steps) == 3 and [s.relation for s in v.steps] == ["=", "=", "="]
    assert all(s.method == "symbolic identity" for s in v.steps)
    v = verify(SEED_BY_ID["tanh-derivative"]["latex"], "tanh")
    assert len(v.steps) == 3 and all(s.verdict == "proved" for s in v.steps)


def test_relu_derivative_convention_is_named():
    v = verify(SEED_BY_ID["relu-derivative"]["latex"], "relu")
    assert v.verdict == "proved"
    (step,) = v.steps
    assert "x != 0" in step.reason
    note = " ".join(step.notes)
    assert "not differentiable" in note and "convention" in note
    assert "0 (left) and 1 (right)" in note
    assert "convention" in v.reason  # visible in the claim's reason too


def test_depth20_truncation_is_reported():
    v = verify(SEED_BY_ID["depth20-bound"]["latex"], "sigmoid")
    last = v.steps[-1]
    assert last.verdict == "approximate" and last.method == "decimal comparison"
    assert "truncation to 4 significant digits" in last.reason
    assert "9.094947017729282379150390625e-13" in last.reason  # the exact value 2^-40
    assert "9.095" in last.reason  # what rounding would give
    assert last.certificate["truncation"] is True and last.certificate["rounding"] is False
    if HAVE_PROVER:
        # the truncated decimal is below the product's attained maximum 2^-40
        assert any("is false" in n and "exact value" in n for n in last.notes)


def test_chain_rule_links_and_skipped_step():
    v = verify(SEED_BY_ID["chain-rule-3-layers"]["latex"], "sigmoid")
    assert v.verdict == "proved"
    assert len(v.steps) == 4
    assert all(s.method == "layer model: symbolic identity" for s in v.steps)
    assert any("skipped" in n for n in v.steps[-1].notes)
    assert v.steps[-1].rhs.endswith(r"\frac{{\partial {a_1}}}{{\partial {W_1}}}")


@pytest.mark.parametrize("cid, tex, act, expected, needs_prover", CORPUS, ids=[c[0] for c in CORPUS])
def test_corpus(cid, tex, act, expected, needs_prover):
    v = verify(tex, act)
    _expect(v.verdict, expected, needs_prover)
    if v.verdict == "refuted":
        ce = v.counterexample
        assert ce is not None, v.reason
        assert "lhs" in ce and "rhs" in ce and ce["lhs"] is not None and ce["rhs"] is not None
        # equal sides refute only a strict inequality (relu'(x) > 0 at x = -1: 0 and 0)
        assert ce["lhs"] != ce["rhs"] or any(op in tex for op in ("<", ">", r"\lt", r"\gt")), (tex, ce)
        assert ce.get("x") is not None or ce.get("at") is not None or "x" in ce
    if v.verdict == "unknown":
        assert v.reason


def test_corpus_size_and_mix():
    assert len(CORPUS) >= 60
    verdicts = [c[3] for c in CORPUS]
    assert verdicts.count("refuted") >= 20 and verdicts.count("proved") >= 30
    assert len({c[0] for c in CORPUS}) == len(CORPUS)


def test_never_proved_when_false():
    """Deliberately false claims of every kind: refuted (with a counterexample) or unknown."""
    false = [
        (r"\sigma'(x) \le \frac{1}{3}", None, False),  # true, control: refuted must not happen
        (r"\sigma'(x) \le \frac{1}{5}", None, True),
        (r"\tanh(x) \in (-1, 1) \cap [0, 1]", None, None),
        (r"f'(x) = 1 - f(x)^2", "softsign", True),
        (r"\operatorname{GELU}(x) \ge 0", None, True),
        (r"0 < f'(x)", "relu", True),
        (r"f(x) = x", "relu", True),
    ]
    for tex, act, is_false in false:
        try:
            v = verify(tex, act)
        except ParseError:
            assert is_false is None  # \cap is not supported: a parse error, not a verdict
            continue
        if is_false:
            assert v.verdict == "refuted", (tex, v.reason)
            assert v.counterexample is not None
        else:
            assert v.verdict != "refuted"


def test_counterexample_values_are_right():
    v = verify(r"f'(x) = 1 - f(x)^2", "softsign")
    ce = v.counterexample
    x0 = sp.Rational(ce["x"])
    lhs = 1 / (1 + abs(x0)) ** 2
    rhs = 1 - (x0 / (1 + abs(x0))) ** 2
    assert mpmath.almosteq(mpmath.mpf(ce["lhs"]), float(lhs)) and mpmath.almosteq(mpmath.mpf(ce["rhs"]), float(rhs))
    v = verify(r"\sigma'(x) < \frac14")
    assert v.counterexample["x"] == "0" and v.counterexample["lhs"] == "0.25"



def test_a_refutations_value_is_the_exact_one_correctly_rounded():
    """e^x - 1 - (1 + 1e-30) x is -5e-61 at x = log(1 + 1e-30): the 50-digit evaluation printed
    its noise, -3.8305308917489573e-52 (found by the fifth adversarial corpus); the value shown is
    now the exact one at the point, rounded on balls (mpmath at 150 digits here)."""
    v = verify(r"e^{x} \ge 1 + (1+10^{-20})x")
    assert v.verdict == "refuted"
    ce = v.counterexample
    with mpmath.workdps(150):
        x0 = mpmath.log(1 + mpmath.mpf(10) ** -20)
        true = mpmath.exp(x0) - 1 - (1 + mpmath.mpf(10) ** -20) * x0
        assert mpmath.almosteq(mpmath.mpf(ce["lhs"]), true, rel_eps=mpmath.mpf(10) ** -16)
    assert ce["rhs"] == "0"


def test_layer_model_refutes_a_wrong_chain_rule():
    v = verify(r"\frac{\partial L}{\partial W_1} = \frac{\partial L}{\partial f_2} \cdot \frac{\partial S}{\partial a_2} \cdot \frac{\partial S}{\partial a_1} \cdot x")
    assert v.verdict == "refuted" and "W_2" in v.counterexample["at"]
    v = verify(r"\frac{\partial a_2}{\partial W_1} = W_2 \cdot \frac{\partial S}{\partial a_1} \cdot x")
    assert v.verdict == "proved"


def test_parameters_in_claims():
    # the claim's alpha is ELU's parameter: proved for every alpha > 0
    v = verify(r"f(x) = \begin{cases} x & x > 0 \\ \alpha(e^x - 1) & x \le 0 \end{cases}", "elu")
    assert v.verdict == "proved"
    v = verify(r"f(x) = \begin{cases} x & x > 0 \\ \alpha e^x & x \le 0 \end{cases}", "elu")
    assert v.verdict == "refuted"


# ---------------------------------------------------------------------------------------
# decimals: rounding, truncation, neither
class _Lit:
    def __init__(self, mantissa, exponent=0):
        self.text = mantissa
        self.mantissa = mantissa
        self.exponent = exponent
        whole, _, frac = mantissa.lstrip("-").partition(".")
        self.digits = len((whole + frac).lstrip("0"))
        sign = -1 if mantissa.startswith("-") else 1
        self.value = sign * sp.Rational(int(whole + frac), 10 ** len(frac)) * sp.Integer(10) ** exponent


@pytest.mark.parametrize(
    "exact, mantissa, exponent, verdict, how",
    [
        (sp.Rational(1, 4) ** 20, "9.094", -13, "approximate", "truncation"),
        (sp.Rational(1, 4) ** 20, "9.095", -13, "approximate", "rounding"),
        (sp.Rational(1, 3), "0.333", 0, "approximate", "rounding (and a truncation)"),
        (sp.Rational(2, 3), "0.667", 0, "approximate", "rounding"),
        (sp.Rational(2, 3), "0.666", 0, "approximate", "truncation"),
        (sp.Rational(2, 3), "0.668", 0, "refuted", "neither"),
        (-sp.Rational(2, 3), "-0.666", 0, "approximate", "truncation"),
        (-sp.Rational(2, 3), "-0.667", 0, "approximate", "rounding"),
        (sp.pi, "3.1416", 0, "approximate", "rounding"),
        (sp.pi, "3.1415", 0, "approximate", "truncation"),
        (sp.E, "2.71", 0, "approximate", "truncation"),
        (sp.Rational(1, 8), "0.12", 0, "approximate", "rounding"),  # a tie: 0.125 -> 0.12 or 0.13
        (sp.Rational(1, 8), "0.13", 0, "approximate", "rounding"),
    ],
)
def test_decimal_rounding_and_truncation(exact, mantissa, exponent, verdict, how):
    link = _decimal(exact, _Lit(mantissa, exponent), "value")
    assert link.verdict == verdict, link.reason
    if verdict == "approximate":
        assert how in link.reason
    else:
        assert link.counterexample is not None


def test_set_products():
    q = sp.Rational(1, 4)
    assert _set_product(sp.Interval.Lopen(0, q), sp.Interval.Lopen(0, q)) == sp.Interval.Lopen(0, q**2)
    assert _set_product(sp.FiniteSet(0, 1), sp.FiniteSet(0, 1)) == sp.FiniteSet(0, 1)
    assert _set_product(sp.Interval(-1, 2), sp.Interval.open(-3, 1)) == sp.Interval.open(-6, 3)
    assert _set_product(sp.Interval(0, 1), sp.Interval.open(0, 1)) == sp.Interval.Ropen(0, 1)  # 0 * 1/2 = 0 is attained
    assert _set_product(sp.Interval(0, sp.oo), sp.Interval(0, 1)) is None


# ---------------------------------------------------------------------------------------
# API, JSON contract, command line
def test_public_api():
    assert symact.verify is verify
    v = symact.verify(r"\sigma(0) = \frac{1}{2}")
    assert isinstance(v, Verdict) and v.verdict == "proved" and v.exit_code == 0
    pc = parse_claim(r"\sigma(0) = \frac{1}{2}")
    assert verify(pc).verdict == "proved"  # a parsed claim is accepted too
    with pytest.raises(UsageError):
        verify(r"f(x) = x")  # f needs an activation


def test_json_contract_and_determinism():
    tex = SEED_BY_ID["depth20-bound"]["latex"]
    a = verify(tex, "sigmoid").to_json()
    b = verify(tex, "sigmoid").to_json()
    assert list(a) == ["claim", "verdict", "reason", "counterexample", "steps"]
    assert json.dumps(a, sort_keys=False) == json.dumps(b, sort_keys=False)
    step = a["steps"][0]
    assert list(step) == ["lhs", "relation", "rhs", "verdict", "method", "reason", "counterexample", "notes", "certificate"]
    json.dumps(verify(SEED_BY_ID["chain-rule-3-layers"]["latex"]).to_json())  # serialisable


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv, code",
    [
        ([r"\sigma'(x) = \sigma(x)(1-\sigma(x))"], 0),
        ([r"0.25^{20} = 9.094 \times 10^{-13}"], 0),
        ([r"f'(x) = 1 - f(x)^2", "--activation", "softsign"], 1),
        ([r"g(x) = x"], 3),
        ([r"f'(x) = 1 - f(x)^2"], 2),
        ([r"f(x) = x", "--activation", "no_such_activation"], 2),
        ([r"\sigma(x"], 2),
    ],
)
def test_cli_exit_codes(capsys, argv, code):
    got, out, err = run(capsys, "verify", *argv)
    assert got == code, (out, err)
    if code == 2:
        assert out == "" and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    else:
        assert out.split(":")[0] in ("proved", "approximate", "refuted", "unknown")


def test_cli_json(capsys):
    code, out, err = run(capsys, "verify", r"f'(x) = 1 - f(x)^2", "--activation", "softsign", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["verdict"] == "refuted"
    assert set(data["counterexample"]) >= {"x", "lhs", "rhs"}
    code, out2, _ = run(capsys, "verify", r"f'(x) = 1 - f(x)^2", "--activation", "softsign", "--json")
    assert out == out2  # byte-identical


def test_cli_text_shows_every_step(capsys):
    code, out, _ = run(capsys, "verify", SEED_BY_ID["sigmoid-derivative"]["latex"], "--activation", "sigmoid")
    assert code == 0
    assert out.startswith("proved: ")
    assert out.count("step ") == 3


@pytest.mark.parametrize(
    "tex, expected",
    [
        (r"\mathrm{ReLU}'(x) = 1 \text{ for } x > 0", "proved"),
        (r"\mathrm{ReLU}'(x) = 0, \; x < 0", "proved"),
        (r"\mathrm{ReLU}'(x) = 0, \; x < 1", "refuted"),
        (r"|x| = x \quad \text{for all } x \ge 0.", "proved"),
        (r"|x| = x \quad \text{for all } x \ge -1", "refuted"),
        (r"\operatorname{ELU}(x) = e^x - 1 \text{ for } x \le 0", "proved"),
        (r"\tanh(x) > 0.5 \text{ for } x > 0", "refuted"),
    ],
)
def test_claims_with_a_domain(tex, expected):
    v = verify(tex)
    assert v.verdict == expected, v.reason
    if expected == "refuted":
        x0 = sp.Rational(v.counterexample["x"])
        assert parse_claim(tex).domain.contains(x0) is sp.true  # the counterexample is in the domain


def test_subset_decides_close_end_points_exactly():
    from symact.verify.exact import subset as _subset

    w = sp.LambertW(sp.exp(-1))  # silu's minimum is -W(1/e) = -0.27846...
    assert _subset(sp.Interval(-w, sp.oo), sp.Interval(-sp.Rational(27847, 100000), sp.oo)) is True
    assert _subset(sp.Interval(-w, sp.oo), sp.Interval(-sp.Rational(27846, 100000), sp.oo)) is False
    assert _subset(sp.Interval.Lopen(0, sp.Rational(1, 4)), sp.Interval.open(0, sp.Rational(1, 4))) is False
    assert _subset(sp.FiniteSet(0, 1), sp.Interval(0, 1)) is True
    assert _subset(sp.Interval(0, sp.oo), sp.Interval(0, 5)) is False
    # a tiny positive number is positive (SymPy's own comparison says log(1 + e^-100) > 0 is False)
    assert _subset(sp.FiniteSet(sp.log(1 + sp.exp(-100))), sp.Interval.open(0, 1)) is True


def test_status_carries_rank_and_exit_code():
    """One table: each verdict's rank (the weakest link decides a claim) and its exit code
    (errors.py's EXIT_* constants)."""
    from symact.errors import EXIT_OK, EXIT_REFUTED, EXIT_UNKNOWN
    from symact.results import Status
    from symact.verify import VERDICTS

    assert VERDICTS == tuple(s.value for s in Status) == ("proved", "refuted", "approximate", "unknown")
    assert Status.weakest(["proved", "approximate", "proved"]) is Status.APPROXIMATE
    assert Status.weakest(["approximate", "unknown", "proved"]) is Status.UNKNOWN
    assert Status.weakest(["unknown", "refuted", "proved"]) is Status.REFUTED
    assert [Status(v).exit_code for v in VERDICTS] == [EXIT_OK, EXIT_REFUTED, EXIT_OK, EXIT_UNKNOWN] == [0, 1, 0, 3]
    v = Verdict("c", "approximate", "r", None, ())
    assert v.status is Status.APPROXIMATE and v.exit_code == 0
    with pytest.raises(ValueError):
        Status("plausible")
