"""The linear-collapse theorem: n affine layers without activation are one affine map."""

from __future__ import annotations

import json
import random

import pytest
import sympy as sp

from symact.errors import UsageError
from symact.gradients import RULES, _c_closed, _r1_forward, _r1_identity, _r2_merge, _into_sums, collapse_induction, linear_collapse


def _random_rational_matrix(rng: random.Random, rows: int, cols: int) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda i, j: sp.Rational(rng.randint(-9, 9), rng.randint(1, 5)))


@pytest.mark.parametrize("n", [2, 3, 4])
def test_collapse_proved_with_the_right_w_and_b(n: int) -> None:
    r = linear_collapse(n)
    assert r.status == "proved"
    assert len(r.checks) == 2
    # W = W_n ... W_1 (in this order) and b = sum_i W_n ... W_{i+1} b_i, read off the result
    names = [m.name for m in r.weight.args]
    assert names == [f"W_{i}" for i in range(n, 0, -1)]
    terms = {str(t) for t in sp.Add.make_args(r.bias)} if not isinstance(r.bias, sp.MatAdd) else {str(t) for t in r.bias.args}
    expected = {"*".join([f"W_{j}" for j in range(n, i, -1)] + [f"b_{i}"]) for i in range(1, n + 1)}
    assert terms == expected


@pytest.mark.parametrize("n", [2, 3, 4])
def test_collapse_against_numbers(n: int) -> None:
    """Independent of SymPy's matrix algebra: plug random rational matrices into the nested
    network and into W x + b from the result, with exact arithmetic."""
    r = linear_collapse(n)
    rng = random.Random(n)
    sizes = [rng.randint(1, 4) for _ in range(n + 1)]
    dims = sorted(r.weight.free_symbols | r.bias.free_symbols, key=str)
    dsyms = {s.name: s for s in dims if isinstance(s, sp.Symbol)}
    mats = {}
    for i in range(1, n + 1):
        mats[f"W_{i}"] = _random_rational_matrix(rng, sizes[i], sizes[i - 1])
        mats[f"b_{i}"] = _random_rational_matrix(rng, sizes[i], 1)
    mats["x"] = _random_rational_matrix(rng, sizes[0], 1)
    h = mats["x"]
    for i in range(1, n + 1):
        h = mats[f"W_{i}"] * h + mats[f"b_{i}"]

    def value(e: sp.Basic) -> sp.Matrix:
        sub = {s: mats[s.name] for s in e.atoms(sp.MatrixSymbol)}
        dsub = {dsyms[f"d_{i}"]: sizes[i] for i in range(n + 1) if f"d_{i}" in dsyms}
        return sp.Matrix(e.subs(dsub).xreplace(sub).doit())

    W, b = value(r.weight), value(r.bias)
    assert W * mats["x"] + b == h
    # and the network in the first step is the nested composition
    assert value(r.equation.steps[0].expr) == h


def test_collapse_one_layer_and_limits() -> None:
    assert linear_collapse(1).status == "proved"
    for bad in (0, -1, 13, 2.0, True):
        with pytest.raises(UsageError):
            linear_collapse(bad)  # type: ignore[arg-type]


def test_collapse_latex_and_json() -> None:
    r = linear_collapse(3)
    tex = r.latex
    assert "W_{3} \\left(W_{2} \\left(W_{1} x + b_{1}\\right) + b_{2}\\right) + b_{3}" in tex
    assert "W = W_{3} W_{2} W_{1}" in tex
    assert "b = W_{3} W_{2} b_{1} + W_{3} b_{2} + b_{3}" in tex
    data = r.to_json()
    assert list(data)[:3] == ["n", "status", "method"]
    assert json.loads(json.dumps(data)) == data


def test_induction_proved() -> None:
    ind = collapse_induction()
    assert ind.status == "proved"
    assert ind.rules == RULES
    # every step that claims a check carries one, and the chain ends in A_{k+1} x + c_{k+1}
    assert ind.step.steps[2].check and "zero matrix" in ind.step.steps[2].check
    assert str(ind.step.rhs) == "A_k1*x + c_k1"
    rec_c = ind.recurrences[1]
    assert rec_c.steps[3].check
    tex = ind.latex
    assert "W_{k+1} \\left(A_{k} x + c_{k}\\right) + b_{k+1}" in tex
    assert "\\sum_{i=1}^{k + 1} {P}_{k + 1,i} \\cdot {b}_{i}" in tex
    json.dumps(ind.to_json())


def test_induction_rules_reject_a_wrong_closed_form() -> None:
    """The mechanical rewriting is a real check: a closed form with the product on the wrong
    side (b_i P_{k,i}) does not rewrite into c_{k+1}."""
    k, i = sp.symbols("k i", integer=True, positive=True)
    W = sp.IndexedBase("W", commutative=False)
    P = sp.IndexedBase("P", commutative=False)
    b = sp.IndexedBase("b", commutative=False)
    wrong = W[k + 1] * sp.Sum(b[i] * P[k, i], (i, 1, k)) + b[k + 1]
    out = _r2_merge(_r1_identity(_r1_forward(_into_sums(wrong)), k + 1))
    assert out != _c_closed(k + 1)
    # and the right one does
    right = W[k + 1] * _c_closed(k) + b[k + 1]
    assert _r2_merge(_r1_identity(_r1_forward(_into_sums(right)), k + 1)) == _c_closed(k + 1)
    # a wrong upper limit is not merged into c_{k+1}
    off = W[k + 1] * sp.Sum(P[k, i] * b[i], (i, 1, k - 1)) + b[k + 1]
    assert _r2_merge(_r1_identity(_r1_forward(_into_sums(off)), k + 1)) != _c_closed(k + 1)


@pytest.mark.latex
def test_latex_compiles(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The LaTeX of the collapse theorem, its induction, the chain rule and a depth bound
    compiles with pdflatex (amsmath only)."""
    import shutil
    import subprocess

    import symact
    from symact.gradients import analyze, chain_rule

    exe = shutil.which("pdflatex")
    if exe is None:
        pytest.skip("pdflatex is not installed")
    bound = analyze(symact.get("sigmoid"), depth=20, expected=False).latex
    grows = analyze(symact.get("mish"), depth=20, expected=False).latex
    parts = [linear_collapse(3).latex, collapse_induction().latex, chain_rule(3).latex, bound, grows]
    assert all(parts)
    body = "\n".join(f"\\[\n{p}\n\\]" for p in parts)
    doc = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n" + body + "\n\\end{document}\n"
    (tmp_path / "t.tex").write_text(doc)
    run = subprocess.run(
        [exe, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "t.pdf").exists()
