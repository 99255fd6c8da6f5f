"""Proof steps carry their mathematics: ``str(step)`` is the plain text of ``symact prove
--certificates`` and of the JSON, ``step.latex()`` sets every formula as mathematics (prose
escaped, expressions through ``render.latex_expr``) and compiles with pdflatex.

Checked for every step of every proved claim of every catalogue record (default parameters and,
for records with parameters, symbolic ones), the relations between activations and a proved
bound.
"""

from __future__ import annotations

import copy
import json
import pickle
import re
import shutil
import subprocess

import pytest
import sympy as sp

from symact.catalog import get
from symact.errors import DefinitionError
from symact.prove import check_bound, prove, relations
from symact.render.text import proof_text as _proof_text
from symact.results import Certificate, MathText, ProofStep

from helpers import NAMES
from helpers import PARAMETRISED as PARAMETRISED_RECORDS

PARAMETRISED = [a.name for a in PARAMETRISED_RECORDS]


@pytest.fixture(scope="module")
def proofs() -> dict:
    out = {name: prove(get(name)) for name in NAMES}
    for name in PARAMETRISED:
        out[f"{name} (symbolic)"] = prove(get(name).symbolic())
    return out


def _steps(proof) -> list:  # type: ignore[no-untyped-def]
    return [(c.property, st) for c in proof.claims if c.status == "proved" for st in c.certificate.steps]


def _extra_steps() -> list:
    out = [("relation", st) for r in relations() for st in r.certificate.steps]
    bound = check_bound(get("sigmoid"), 1, "<=", sp.Rational(1, 4))
    assert bound.status == "proved"
    out += [("bound", st) for st in bound.certificate.steps]
    return out


# ---------------------------------------------------------------------------------------
# what a well-formed LaTeX step looks like
_PROSE_MATH = re.compile(r"->|\*\*|\boo\b|<=|>=|!=|[=<>^_|]|\b[fx]\b|\bf'")


def _tex_problems(tex: str) -> list[str]:
    """Unbalanced braces, $ or \\left/\\right, Python syntax, control characters."""
    problems = []
    depth = 0
    for m in re.finditer(r"\\.|[{}]", tex):
        t = m.group()
        if t == "{":
            depth += 1
        elif t == "}":
            depth -= 1
            if depth < 0:
                problems.append("} before {")
    if depth:
        problems.append("unbalanced braces")
    if len(re.findall(r"(?<!\\)\$", tex)) % 2:
        problems.append("odd number of $")
    if len(re.findall(r"\\left\b", tex)) != len(re.findall(r"\\right\b", tex)):
        problems.append("\\left without \\right")
    if "**" in tex:
        problems.append("raw **")
    if re.search(r"(?<![\\A-Za-z])oo\b", tex):
        problems.append("Python oo")
    if re.search(r"[\x00-\x1f\x7f]", tex):
        problems.append("control character")
    return problems


def _check_step(where: str, st: ProofStep) -> None:
    assert isinstance(st, ProofStep), (where, st)
    assert str(st) == "".join(s if isinstance(s, str) else s.text if isinstance(s, MathText) else str(s) for s in st)
    tex = st.latex()
    assert not _tex_problems(tex), (where, str(st), tex, _tex_problems(tex))
    # all mathematics is marked as mathematics: prose segments hold words only
    for seg in st:
        if isinstance(seg, str):
            assert not _PROSE_MATH.search(seg), (where, seg, str(st))
    assert any(not isinstance(seg, str) for seg in st) or "$" not in tex


# ---------------------------------------------------------------------------------------
# the type itself
def test_plain_text_and_latex_of_a_step() -> None:
    x = sp.Symbol("x")
    st = ProofStep(MathText("f'(x) = "), sp.exp(-x) / (1 + sp.exp(-x)) ** 2, " is positive on ",
                   MathText("(-oo, oo)", r"\left(-\infty, \infty\right)"), " (50% & more_)")
    assert str(st) == "f'(x) = exp(-x)/(1 + exp(-x))**2 is positive on (-oo, oo) (50% & more_)"
    assert st.latex() == (r"$f'(x) = \frac{e^{- x}}{\left(1 + e^{- x}\right)^{2}}$ is positive on "
                          r"$\left(-\infty, \infty\right)$ (50\% \& more\_)")
    # numbers and sets are mathematics; adjacent mathematics is one formula
    st2 = ProofStep("range: ", sp.Interval.Lopen(0, sp.Rational(1, 4)), ", ", 3, MathText(" < "), sp.oo)
    assert str(st2) == "range: Interval.Lopen(0, 1/4), 3 < oo"
    assert st2.latex() == r"range: $\left(0, \frac{1}{4}\right]$, $3 < \infty$"
    assert ProofStep("only words.").latex() == "only words."


def test_math_text_needs_its_latex_spelled_out() -> None:
    assert MathText("f(x) = ").tex == "f(x) = "
    for text in ("x -> 0", "(-oo, oo)", "x**2", "f <= 1", "f != 0", r"\input{x}", "{", "C^1", "$", "50%"):
        with pytest.raises(ValueError):
            MathText(text)
    assert MathText("C^1", "C^1").tex == "C^1"


def test_segments_are_checked() -> None:
    for bad in (0.5, True, None, {"a": 1}, ("x",), b"x"):
        with pytest.raises(TypeError):
            ProofStep("x = ", bad)  # type: ignore[arg-type]


def test_hostile_symbol_names_never_reach_latex() -> None:
    st = ProofStep("value ", sp.Symbol("x}\\input{evil"))
    with pytest.raises(DefinitionError):
        st.latex()
    assert ProofStep("\\input{evil} $x$").latex() == r"\textbackslash{}input\{evil\} \$x\$"


def test_steps_survive_pickle_copy_and_hashing() -> None:
    st = ProofStep(MathText("f(x)", "f(x)"), MathText(" -> ", r" \to "), sp.Rational(1, 4), ".")
    for clone in (pickle.loads(pickle.dumps(st)), copy.copy(st), copy.deepcopy(st)):
        assert type(clone) is ProofStep and clone == st and str(clone) == str(st) and clone.latex() == st.latex()
    assert {(st,): 1}[(copy.deepcopy(st),)] == 1  # the report de-duplicates proofs by their steps


def test_certificate_json_keeps_strings() -> None:
    st = ProofStep(MathText("f(0) = "), sp.Rational(1, 2), ".")
    j = Certificate("value", {"x": sp.Integer(0)}, (st,)).to_json()
    assert j["steps"] == ["f(0) = 1/2."]
    assert json.loads(json.dumps(j))["steps"] == ["f(0) = 1/2."]


# ---------------------------------------------------------------------------------------
# every step the prover writes
@pytest.mark.parametrize("name", NAMES)
def test_every_step_of_every_claim(name: str, proofs: dict) -> None:
    keys = [name] + ([f"{name} (symbolic)"] if name in PARAMETRISED else [])
    for key in keys:
        proof = proofs[key]
        for c in proof.claims:
            if c.status == "proved":
                assert c.certificate.steps, (key, c.property)
                # JSON carries exactly the plain text
                assert c.to_json()["certificate"]["steps"] == [str(st) for st in c.certificate.steps]
        for prop, st in _steps(proof):
            _check_step(f"{key} {prop}", st)


@pytest.mark.parametrize("name", NAMES)
def test_cli_certificates_print_the_plain_text(name: str, proofs: dict) -> None:
    proof = proofs[name]
    text = _proof_text(proof, get(name), True)
    printed = [line.split("    . ", 1)[1] for line in text.splitlines() if "    . " in line]
    assert printed == [str(st) for _, st in _steps(proof)]
    assert _proof_text(proof, get(name), True) == text


def test_relation_and_bound_steps() -> None:
    for prop, st in _extra_steps():
        _check_step(prop, st)


def test_steps_mark_limits_derivatives_and_intervals(proofs: dict) -> None:
    """The LaTeX of typical steps reads as mathematics (sigmoid's chart, limits, range)."""
    tex = [st.latex() for _, st in _steps(proofs["sigmoid"])]
    assert any(t.startswith("$f'(x) = ") and r"\left(-\infty, \infty\right)" in t for t in tex)
    assert r"$f(x) \to 0$ as $x \to -\infty$." in tex
    assert any(t.startswith("range of $f$: $") for t in tex)
    gelu = [st.latex() for _, st in _steps(proofs["gelu"])]
    assert any(r"\cdot 10^{-27}" in t and r"\mp" in t for t in gelu)  # enclosure of a zero of f'
    assert any("$f''" in t for t in gelu)


@pytest.mark.latex
def test_all_steps_compile_with_pdflatex(proofs: dict, tmp_path) -> None:  # type: ignore[no-untyped-def]
    exe = shutil.which("pdflatex")
    if exe is None:
        pytest.skip("pdflatex not installed")
    items = []
    for key, proof in proofs.items():
        items.append("\\item[] \\textbf{" + key.replace("_", "\\_") + "}")
        items += ["\\item " + st.latex() for _, st in _steps(proof)]
    items += ["\\item " + st.latex() for _, st in _extra_steps()]
    doc = (
        "\\documentclass[10pt,a4paper]{article}\n\\usepackage[margin=2cm]{geometry}\n"
        "\\usepackage{amsmath,amssymb}\n\\begin{document}\n\\begin{itemize}\\small\n"
        + "\n".join(items)
        + "\n\\end{itemize}\n\\end{document}\n"
    )
    (tmp_path / "steps.tex").write_text(doc, encoding="ascii")
    r = subprocess.run(
        [exe, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "steps.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    log = (tmp_path / "steps.log").read_text(errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert r.returncode == 0 and not errors, (errors, r.stdout[-2000:])
    assert (tmp_path / "steps.pdf").stat().st_size > 0
