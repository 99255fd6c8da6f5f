"""The command line, in process: output, JSON keys, exit codes, one-line errors."""

import json
import subprocess
import sys

import pytest

from symact.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_text_and_json(capsys):
    code, out, err = run(capsys, "list")
    assert code == 0 and "sigmoid" in out and "relu" in out
    code, out, _ = run(capsys, "list", "--json")
    data = json.loads(out)
    assert code == 0 and len(data) >= 30
    assert {"name", "aliases", "family", "expr", "params", "source"} <= set(data[0])


def test_derive_json_contract(capsys):
    code, out, err = run(capsys, "derive", "sigmoid", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data)[:5] == ["name", "expr", "latex", "params", "values"]
    d1 = data["derivatives"][0]
    for key in ("order", "expr", "latex", "in_terms_of_f", "in_terms_of_f_latex", "kinks"):
        assert key in d1
    assert d1["in_terms_of_f"] == "f*(1 - f)"
    assert [d["order"] for d in data["derivatives"]] == [1, 2]


def test_derive_relu_kinks_and_param(capsys):
    code, out, _ = run(capsys, "derive", "relu", "--json", "--order", "1")
    assert json.loads(out)["derivatives"][0]["kinks"] == [{"at": "0", "left": "0", "right": "1"}]
    code, out, _ = run(capsys, "derive", "elu", "--param", "alpha=0.5", "--order", "1")
    assert code == 0 and "alpha = 1/2" in out and "left 1/2, right 1" in out


def test_derive_is_deterministic(capsys):
    _, a, _ = run(capsys, "derive", "softsign", "--json")
    _, b, _ = run(capsys, "derive", "softsign", "--json")
    assert a == b


@pytest.mark.parametrize(
    "argv, message",
    [
        (["derive", "sigmiod"], "error: unknown activation 'sigmiod' (did you mean: sigmoid"),
        (["derive", "elu", "--param", "alpha=-1"], "error: parameter alpha must be positive"),
        (["derive", "elu", "--param", "gamma=1"], "error: elu has no parameter 'gamma'"),
        (["derive", "elu", "--param", "alpha"], "error: argument --param: expected NAME=VALUE"),
        (["derive", "elu", "--order", "0"], "error: argument --order: expected a positive integer"),
        (["derive"], "error: missing activation NAME"),
        (["frobnicate"], "error: argument COMMAND: invalid choice"),
        (["derive", "elu", "--param", "alpha=__import__('os').system('true')"], "error: parameter alpha must be a number"),
    ],
)
def test_bad_input_one_line_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith(message), err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == ""


def test_python_dash_m_and_exit_code():
    proc = subprocess.run([sys.executable, "-m", "symact", "derive", "sigmiod"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: unknown activation 'sigmiod'")
    assert "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "symact", "derive", "tanh", "--order", "1"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "1 - f**2" in proc.stdout


def test_derive_from_latex_with_parameters(capsys):
    code, out, err = run(capsys, "derive", "--latex", r"\frac{x}{1+|x|}", "--order", "1", "--json")
    assert code == 0, err
    assert json.loads(out)["derivatives"][0]["in_terms_of_f"] == "(1 - Abs(f))**2"
    code, out, err = run(capsys, "derive", "--latex", r"\alpha x + \tanh(x)", "--order", "1")
    assert code == 2 and err.startswith("error: the expression has a parameter 'alpha'")
    code, out, err = run(capsys, "derive", "--latex", r"\alpha x + \tanh(x)", "--param", "alpha=0.1", "--order", "1")
    assert code == 0 and "alpha = 1/10" in out and "11/10 - tanh(x)**2" in out
    code, out, err = run(capsys, "derive", "--latex", r"\alpha x + \tanh(x)", "--symbolic", "--order", "1")
    assert code == 0 and "alpha = symbolic" in out
    code, out, err = run(capsys, "derive", "--latex", r"\frac{x}{1+|x|", "--order", "1")
    assert code == 2 and err.startswith("error: unbalanced '{'") and "position" in err


# ---------------------------------------------------------------------------------------
# issue 12: crashes that were exit 4, and messages that misled
def test_gradient_depth_1000_does_not_crash(capsys):
    code, out, err = run(capsys, "gradient", "selu", "--depth", "1000")
    assert code in (0, 3) and "internal error" not in err, err
    line = next(ln for ln in out.splitlines() if "(sup |f'|)^1000" in ln)
    assert "e+245" in line  # 1.1051242363245...e+245, correctly rounded, not 30000 digits
    code, out, err = run(capsys, "gradient", "selu", "--depth", "1000", "--json")
    assert code in (0, 3), err
    data = json.loads(out)
    import sympy as sp

    saved = getattr(sys, "get_int_max_str_digits", lambda: None)()
    if saved is not None:
        sys.set_int_max_str_digits(0)
    try:
        num, den = (int(t) for t in data["bound"].split("/"))  # exact, all digits
    finally:
        if saved is not None:
            sys.set_int_max_str_digits(saved)
    assert num.bit_length() > 14300  # more than 4300 decimal digits
    assert 10**245 < num // den < 2 * 10**245


def test_debug_and_budget_after_the_subcommand(capsys):
    code, out, err = run(capsys, "prove", "relu", "--debug", "--budget", "4")
    assert code == 0 and "range" in out, err
    code, out, err = run(capsys, "--debug", "prove", "relu")
    assert code == 0, err
    with pytest.raises(Exception):  # --debug after the command shows the traceback (re-raises)
        main(["derive", "nosuchthing", "--debug"])
    code, out, err = run(capsys, "derive", "relu", "--budget", "-1")
    assert code == 2 and "--budget" in err


def test_latex_starting_with_a_minus_needs_no_equals(capsys):
    code, out, err = run(capsys, "derive", "--latex", "-x", "--order", "1")
    assert code == 0 and "f'(x) = -1" in out, err
    code, out, err = run(capsys, "derive", "--latex", r"-\tanh(x)", "--order", "1", "--json")
    assert code == 0 and json.loads(out)["expr"] == "-tanh(x)", err
    code, out, err = run(capsys, "verify", "-x^2 \\le 0")
    assert code == 0 and out.startswith("proved"), (out, err)
    code, out, err = run(capsys, "derive", "--latex", "--json")
    assert code == 2 and "--latex" in err  # a missing value is still a usage error


@pytest.mark.parametrize("argv, limit", [
    (["derive", "sigmoid", "--order", "50"], "derivative order 50 is above the limit 12"),
    (["gradient", "relu", "--depth", "5000"], "depth 5000 is above the limit 1000"),
])
def test_limits_are_named_as_they_are(capsys, argv, limit):
    code, out, err = run(capsys, *argv)
    assert code == 2 and limit in err and err.count("\n") == 1, err


def test_large_but_finite_function_is_accepted(capsys):
    code, out, err = run(capsys, "derive", "--latex", "e^{200x}", "--order", "1")
    assert code == 0 and "200*f" in out, err
    code, out, err = run(capsys, "derive", "--latex", r"\sqrt{x}", "--order", "1")
    assert code == 2 and "not real" in err and "finite" not in err.split(";")[0]  # the true reason


def test_cube_root_message_is_true(capsys):
    code, out, err = run(capsys, "verify", r"\sqrt[3]{-8} = -2")
    assert code in (0, 3), err
    assert "agree to" not in out  # the two sides do not agree (SymPy's principal root is complex)
    if code == 3:
        assert "not a real number" in out


@pytest.mark.parametrize("claim, shown", [
    (r"\pi = 3", "3.1415926535897932"),           # not the float's ...931
    (r"\ln(e^{-100}+1) = 0", "3.720075976020836e-44"),  # not 0
    (r"\log(e^{-100}+1) = 10^{-44}", "= 1e-44"),   # not 9.9999999999999995e-45
])
def test_decimals_are_correctly_rounded(capsys, claim, shown):
    code, out, err = run(capsys, "verify", claim)
    assert code == 1 and shown in out, out
    assert "3.1415926535897931" not in out and "9.9999999999999995e-45" not in out


def test_decimal_text_against_mpmath_at_high_precision():
    import mpmath
    import sympy as sp

    from symact.render import decimal_text

    cases = [sp.pi, sp.E, sp.sqrt(2), sp.log(sp.exp(-100) + 1), sp.exp(-sp.Integer(10) ** 4), sp.Rational(1, 3),
             sp.Rational(-22, 7), sp.erf(sp.Rational(1, 2)), sp.tanh(30) - 1, sp.Integer(3) ** 2000, sp.atan(sp.Integer(10) ** 30)]
    with mpmath.workdps(12000):
        for c in cases:
            text = decimal_text(c, 17)
            exact = mpmath.mpf(sp.N(c, 11000)._mpf_) if not c.is_Rational else mpmath.mpf(c.p) / c.q
            got = mpmath.mpf(text)
            # correctly rounded to 17 significant digits: within half a unit of the 17th digit
            ulp = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(abs(exact))) - 16)
            assert abs(got - exact) <= ulp / 2, (c, text)
    assert decimal_text(sp.Integer(0)) == "0" and decimal_text(sp.sin(sp.pi)) == "0"
    assert decimal_text(sp.Rational(1, 2)) == "0.5" and decimal_text(sp.Integer(10) ** 30) == "1e+30"


def test_an_enclosed_point_at_zero_is_shown_as_zero_with_its_bound():
    import sympy as sp

    from symact.render.text import certified_text as _certified_text

    lo, hi = -sp.Rational(1, 10**70), sp.Rational(1, 10**71)
    text = _certified_text(lo, hi)
    assert text.startswith("0 (|x| <= 1e-70") and "e-72" not in text
    assert _certified_text(sp.Rational(-751791524693564, 10**15) - sp.Rational(1, 10**40),
                           sp.Rational(-751791524693564, 10**15) + sp.Rational(1, 10**40)) == "-0.751791524693564"


def test_prove_text_shows_certified_digits_of_an_enclosed_location(capsys):
    code, out, err = run(capsys, "prove", "gelu")
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("min f"))
    assert "at x = -0.75179152469356" in line, line


def test_budget_option_holds_for_one_command_only(capsys):
    """main() runs in-process (tests, notebooks): a --budget must not leak into later calls
    (a fuzz test's --budget 0.5 made later tests' integrations time out)."""
    from symact import budget as _budget
    from symact.cli import main as _main

    before = _budget.default_seconds()
    assert _main(["--budget", "0.25", "list"]) == 0
    assert _main(["list", "--budget", "0.5"]) == 0
    capsys.readouterr()
    assert _budget.default_seconds() == before


@pytest.mark.parametrize("argv, kind, position", [
    (["verify", "--json", r"\frac{x"], "ParseError", 5),
    (["prove", "nosuch", "--json"], "UnknownActivation", None),
    (["derive", "sigmoid", "--order", "50", "--json"], "UsageError", None),
    (["prove", "--json", "--frobnicate"], "UsageError", None),
])
def test_json_refusals_are_json_on_stdout_and_one_line_on_stderr(capsys, argv, kind, position):
    code, out, err = run(capsys, *argv)
    data = json.loads(out)
    assert set(data) == {"error"} and data["error"]["type"] == kind, out
    assert code == data["error"]["exit_code"] == 2
    assert data["error"].get("position") == position
    assert err.startswith("error: ") and err.count("\n") == 1
    assert data["error"]["message"] == err[len("error: "):].rstrip("\n")
    code, out, err = run(capsys, *[a for a in argv if a != "--json"])  # without --json: stdout stays empty
    assert code == 2 and out == "" and err.startswith("error: ")


def test_an_exact_result_beyond_the_output_limit_is_a_refusal(capsys):
    """A slope of 1e300 over 1000 layers: a bound of 300,001 digits was an internal error (exit 4)."""
    code, out, err = run(capsys, "gradient", "leaky_relu", "--param", "negative_slope=1e300", "--depth", "1000")
    assert code == 2 and out == "" and err.startswith("error: the exact result has more than 200000 digits"), err
    assert err.count("\n") == 1
    code, out, err = run(capsys, "gradient", "leaky_relu", "--param", "negative_slope=1e300", "--depth", "600")
    assert code == 0, err  # 180,001 digits: printed
