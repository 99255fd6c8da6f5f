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
