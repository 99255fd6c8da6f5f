"""symact in a notebook: results display as tables and LaTeX, not as one-line reprs.

The first test executes a real notebook with nbclient (a Jupyter kernel in a subprocess)
and checks the mime types of each cell's result; the others test the repr methods
directly, so that a machine without nbclient still checks what they contain.
"""

from __future__ import annotations

import dataclasses
import html
import importlib.util
import re

import pytest

import symact
from symact.prove import PROPERTIES

CELLS = {
    "proof": "import symact\nproof = symact.get('sigmoid').prove()\nproof",
    "claim": "proof.claim('sup_derivative')",
    "verdict": "symact.verify(r\"\\frac{d}{dx}\\tan^{-1}x = \\frac{1}{1+x^2}\")",
    "gradient": "symact.gradient_analysis(symact.get('sigmoid'), 3)",
    "activation": "symact.get('silu')",
    "derivation": "symact.get('sigmoid').derive((1,))",
    "plot": "symact.get('relu').plot()",
}
HAVE_MPL = importlib.util.find_spec("matplotlib") is not None
WANT = {
    "proof": {"text/plain", "text/html", "text/latex"},
    "claim": {"text/plain", "text/html", "text/latex"},
    "verdict": {"text/plain", "text/html", "text/latex"},
    "gradient": {"text/plain", "text/html", "text/latex"},
    "activation": {"text/plain", "text/latex"},
    "derivation": {"text/plain", "text/latex"},
    "plot": {"text/plain", "image/png"},  # a matplotlib Figure, shown once (made without pyplot)
}


@pytest.mark.slow
def test_notebook_executes_and_results_have_rich_displays(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.v4.new_notebook()
    cells = {k: v for k, v in CELLS.items() if k != "plot" or HAVE_MPL}  # matplotlib: the plot extra
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells.values()]
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    for (name, _), cell in zip(cells.items(), nb.cells):
        if name == "plot":  # the Figure is the cell's result, and is not displayed a second time
            assert [o.output_type for o in cell.outputs] == ["execute_result"], cell.outputs
        results = [o for o in cell.outputs if o.output_type == "execute_result"]
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, (name, errors)
        assert len(results) == 1, (name, cell.outputs)
        data = results[0]["data"]
        assert WANT[name] <= set(data), (name, sorted(data))
        assert len(data["text/plain"]) < 400, (name, data["text/plain"][:200])
    proof = nb.cells[0].outputs[-1]["data"]
    n = len(PROPERTIES)  # 15 since issue 13 added convexity
    assert proof["text/plain"] == f"Proof('sigmoid': {n} claims, {n} proved, 0 refuted, 0 unknown)"
    assert proof["text/html"].count("<tr>") == n + 1  # header + one row per claim
    assert proof["text/latex"].startswith("$$\\begin{array}")
    verdict = nb.cells[2].outputs[-1]["data"]
    assert verdict["text/plain"].startswith("Verdict(proved: ")


@pytest.fixture(scope="module")
def proof():
    return symact.get("sigmoid").prove()


def test_proof_repr_is_short_and_counts(proof):
    r = repr(proof)
    assert r == f"Proof('sigmoid': {len(proof.claims)} claims, {proof.counts()['proved']} proved, 0 refuted, 0 unknown)"
    assert len(r) < 100


def test_proof_html_is_a_table_of_claims_with_status(proof):
    h = proof._repr_html_()
    assert h.startswith("<table>") and h.endswith("</table>")
    rows = re.findall(r"<tr>(.*?)</tr>", h)
    assert len(rows) == len(proof.claims) + 1
    for c, row in zip(proof.claims, rows[1:]):
        assert f">{c.status}<" in row
    assert "sup f&#x27;" in h and ">1/4<" in h  # max sigmoid' = 1/4, as the prover found it
    assert "<script" not in h


def test_proof_latex_is_an_array_of_claims(proof):
    t = proof._repr_latex_()
    assert t.startswith("$$\\begin{array}{lll}") and t.endswith("\\end{array}$$")
    assert t.count("\\\\") == len(proof.claims) - 1
    assert "\\sup f' & \\frac{1}{4} & \\text{proved}" in t
    assert "C^{\\infty}" in t


def test_claim_displays(proof):
    c = proof.claim("range")
    assert repr(c) == "Claim('range', '(0, 1)', proved)"
    assert "(0, 1)" in c._repr_html_()
    assert c._repr_latex_() == "$$f(\\mathbb{R}) = \\left(0, 1\\right) \\quad \\text{proved}$$"


def test_verdict_displays_escape_the_users_text():
    v = symact.verify(r"\frac{d}{dx}\tan^{-1}x = \frac{1}{1+x^2}")
    assert repr(v) == "Verdict(proved: '\\\\frac{d}{dx}\\\\tan^{-1}x = \\\\frac{1}{1+x^2}')"
    assert v._repr_latex_() == r"$$\frac{d}{dx}\tan^{-1}x = \frac{1}{1+x^2} \qquad \text{proved}$$"
    w = symact.verify(r"\sigma(x) < \frac{1}{2}, x > 0")
    assert w.verdict == "refuted"
    h = w._repr_html_()
    assert "refuted" in h and "counterexample" in h
    assert html.escape(r"\sigma(x) < \frac{1}{2}") in h and "< \\frac" not in h


def test_gradient_displays():
    g = symact.gradient_analysis(symact.get("sigmoid"), 3)
    assert repr(g) == "GradientAnalysis('sigmoid', depth=3, proved, sup f'=1/4, bound=1/64)"
    assert "1/64" in g._repr_html_()
    t = g._repr_latex_()
    assert t.startswith("$$\\begin{gathered}") and "\\frac{1}{64}" in t


def test_json_is_unchanged_by_the_displays(proof):
    data = proof.to_json()
    assert list(data) == ["name", "params", "claims"]
    assert data["claims"][0]["property"] == "range" and data["claims"][0]["value"] == "Interval.open(0, 1)"


HOSTILE = "<script>alert('x')</script> & <b>"


def test_html_displays_escape_every_string(proof):
    """Every string in the HTML tables is escaped: names, values, reasons, methods."""
    c = dataclasses.replace(proof.claim("range"), property=HOSTILE, value=HOSTILE, status="unknown", reason=HOSTILE)
    m = dataclasses.replace(proof.claim("sup_derivative"), method=HOSTILE)
    p = dataclasses.replace(proof, name=HOSTILE, claims=(c, m), values={"a": None})
    v = symact.verify(r"\sigma(x) < \frac{1}{2}, x > 0")
    v = dataclasses.replace(v, claim=HOSTILE, reason=HOSTILE, counterexample={"x": HOSTILE})
    g = symact.gradient_analysis(symact.get("sigmoid"), 3)
    g = dataclasses.replace(g, name=HOSTILE, reason=HOSTILE)
    for shown in (c._repr_html_(), p._repr_html_(), v._repr_html_(), g._repr_html_()):
        assert "<script" not in shown and "<b>" not in shown and "& <" not in shown
        assert "&lt;script&gt;" in shown
    assert "<script" not in c._repr_latex_() and "\\textless{}script" in c._repr_latex_()
