"""symact audit: verdicts on the shipped table of deliberate errors, checked against ground
truth computed here with mpmath (not with symact); readers of every format; malformed and
hostile tables."""

from __future__ import annotations

import csv
from fractions import Fraction
import json
from pathlib import Path

import mpmath as mp
import pytest

from symact import audit as A
from symact.cli import main

TABLES = Path(A.__file__).parent / "data" / "tables"
ERRORS = TABLES / "errors.md"
WIKI = TABLES / "wikipedia_2017.md"

mp.mp.dps = 40



@pytest.fixture(scope="module")
def result() -> A.Audit:
    return A.audit_file(ERRORS)


def cell(res: A.Audit, name: str, column: str) -> A.CellVerdict:
    for r in res.rows:
        if r.name == name:
            for c in r.cells:
                if c.column == column:
                    return c
    raise KeyError((name, column))


# ---------------------------------------------------------------------------------------
# ground truth, independently (mpmath)
def Phi(t):  # noqa: N802
    return (1 + mp.erf(t / mp.sqrt(2))) / 2


def gelu(t):
    return t * Phi(t)


def mish(t):
    return t * mp.tanh(mp.log1p(mp.exp(t)))


def elish(t):
    return t / (1 + mp.exp(-t)) if t >= 0 else (mp.exp(t) - 1) / (1 + mp.exp(-t))


def silu(t):
    return t / (1 + mp.exp(-t))


def minimum(fn, guess):
    """(argmin, min) of a smooth function near guess (root of the numerical derivative)."""
    a = mp.findroot(lambda t: mp.diff(fn, t), guess)
    return a, fn(a)


def trunc(v, places):
    s = mp.mpf(10) ** places
    return mp.sign(v) * mp.floor(abs(v) * s) / s


def rnd(v, places):
    s = mp.mpf(10) ** places
    return mp.sign(v) * mp.floor(abs(v) * s + mp.mpf(1) / 2) / s


def decimal_kind(written, places, dots, v):
    """What a printed decimal is, from the true value: 'digits' (its leading digits),
    'rounding', 'near' (off by one in the last digit), 'far'."""
    w = mp.mpf(written)
    ulp = mp.mpf(10) ** -places
    if abs(w - trunc(v, places)) < ulp / 10:
        return "digits"
    if abs(w - rnd(v, places)) < ulp / 10:
        return "rounding"
    if min(abs(w - trunc(v, places)), abs(w - rnd(v, places))) <= ulp * (1 + mp.mpf(10) ** -20):
        return "near"
    return "far"


# ---------------------------------------------------------------------------------------
# every kind of verdict on the table of errors, each checked against the truth
def test_gelu_range_bracket_and_digits(result):
    a, v = minimum(gelu, -0.75)
    assert gelu(a) < gelu(a - 0.01) and gelu(a) < gelu(a + 0.01)  # a minimum, attained at a finite point
    assert decimal_kind("-0.17", 2, True, v) == "rounding"  # '-0.17...' is a rounding, not the leading digits
    c = cell(result, "GELU", "range")
    assert c.verdict == "wrong"
    assert "should be closed" in c.evidence and "hides a wrong digit" in c.evidence
    assert abs(mp.mpf(c.counterexample["x"]) - a) < 1e-12
    assert abs(mp.mpf(c.counterexample["value"]) - v) < 1e-12


def test_mish_range_is_imprecise(result):
    _, v = minimum(mish, -1.2)
    assert decimal_kind("-0.31", 2, True, v) == "rounding"
    c = cell(result, "Mish", "range")
    assert c.verdict == "imprecise"
    assert mp.nstr(trunc(v, 2), 2) in c.evidence  # the true leading digits are shown


def test_silu_range_neither_rounding_nor_truncation(result):
    _, v = minimum(silu, -1.3)
    assert decimal_kind("-0.279", 3, False, v) == "near"
    assert cell(result, "SiLU", "range").verdict == "imprecise"


def test_elish_lower_end_is_the_argmin(result):
    a, v = minimum(elish, -0.9)
    assert abs(v - (2 * mp.sqrt(2) - 3)) < mp.mpf(10) ** -30
    assert decimal_kind("-0.881", 3, True, a) == "digits"  # -0.881... is the argmin
    assert decimal_kind("-0.881", 3, True, v) == "far"
    c = cell(result, "ELiSH", "range")
    assert c.verdict == "wrong" and "where the minimum is attained" in c.evidence


def test_sigmoid_closed_brackets_are_wrong(result):
    sig = lambda t: 1 / (1 + mp.exp(-t))  # noqa: E731
    assert all(0 < sig(t) < 1 for t in (-60, -5, 0, 5, 60))
    c = cell(result, "Sigmoid", "range")
    assert c.verdict == "wrong" and c.evidence.count("should be open") == 2


def test_wrong_derivatives_with_counterexamples(result):
    softsign = lambda t: t / (1 + abs(t))  # noqa: E731
    softplus = lambda t: mp.log1p(mp.exp(t))  # noqa: E731
    for name, fn, printed in (("Softsign", softsign, lambda t: 1 - softsign(t) ** 2),
                              ("Softplus", softplus, lambda t: 1 / (1 + mp.exp(t)))):
        c = cell(result, name, "derivative")
        assert c.verdict == "wrong", name
        t = mp.mpf(c.counterexample["x"])
        assert abs(mp.diff(fn, t) - printed(t)) > 0.1, name  # the printed derivative really differs there


def test_conventions_at_kinks(result):
    lam, alpha = mp.mpf("1.0507"), mp.mpf("1.6733")  # the table's own values
    selu = lambda t: lam * t if t >= 0 else lam * alpha * (mp.exp(t) - 1)  # noqa: E731
    left, right = mp.diff(selu, 0, direction=-1), mp.diff(selu, 0, direction=1)
    assert abs(left - right) > 0.5  # not differentiable at 0: a value there is a convention
    assert cell(result, "SELU", "derivative").verdict == "convention"
    relu = lambda t: max(t, 0)  # noqa: E731
    assert mp.diff(relu, 0, direction=-1) != mp.diff(relu, 0, direction=1)
    assert cell(result, "ReLU", "derivative").verdict == "convention"


def test_parameters(result):
    alpha = mp.mpf("1.6732632423543772848170429916717")  # SELU's alpha as published (Klambauer et al.)
    lam = mp.mpf("1.0507009873554804934193349852946")
    assert decimal_kind("1.0507", 4, True, lam) == "digits"
    assert decimal_kind("1.6733", 4, True, alpha) == "rounding"
    c = cell(result, "SELU", "parameters")
    assert c.verdict == "imprecise" and "alpha" in c.evidence
    c = cell(result, "Leaky ReLU", "parameters")
    assert c.verdict == "wrong" and "0.01" in c.evidence  # PyTorch's negative_slope


def test_wrong_function_and_its_consequences(result):
    printed = lambda t: 2 / (1 + mp.exp(-t)) - 1  # noqa: E731
    assert abs(printed(1) - mp.tanh(1)) > 0.1
    assert cell(result, "Hyperbolic tangent (tanh)", "function").verdict == "wrong"
    assert abs(mp.diff(printed, 0) - 1) > 0.1  # so it does not approximate the identity near 0
    assert cell(result, "Hyperbolic tangent (tanh)", "identity_near_origin").verdict == "wrong"
    assert abs(mp.log1p(mp.exp(0))) > 0.5  # softplus(0) = log 2
    assert cell(result, "Softplus", "identity_near_origin").verdict == "wrong"


def test_continuity_and_monotonic(result):
    elu = lambda t: t if t > 0 else mp.exp(t) - 1  # noqa: E731
    d2l = mp.diff(elu, 0, 2, direction=-1)
    d2r = mp.diff(elu, 0, 2, direction=1)
    assert abs(d2l - d2r) > 0.5  # f'' jumps at 0: C^1, not C^inf
    c = cell(result, "ELU", "continuity")
    assert c.verdict == "wrong" and c.truth == "C^1"
    assert silu(-1) < silu(-3) and silu(-1) < silu(0)  # not monotonic
    assert cell(result, "SiLU", "monotonic").verdict == "wrong"


def test_unknown_without_reference_and_correct_cells(result):
    c = cell(result, "ELiSH", "function")
    assert c.verdict == "unknown" and "catalogue" in c.evidence
    sig = lambda t: 1 / (1 + mp.exp(-t))  # noqa: E731
    for t in (-3, -0.5, 0, 2):
        assert abs(mp.diff(sig, t) - sig(t) * (1 - sig(t))) < 1e-30
    assert cell(result, "Sigmoid", "derivative").verdict == "correct"
    assert cell(result, "GELU", "continuity").verdict == "correct"
    assert cell(result, "ELiSH", "continuity").verdict == "correct"  # C^1: f'' jumps at 0
    d2l, d2r = mp.diff(elish, 0, 2, direction=-1), mp.diff(elish, 0, 2, direction=1)
    assert abs(d2l - d2r) > 0.1


def test_every_kind_of_verdict_occurs(result):
    counts = result.counts()
    assert all(counts[v] > 0 for v in A.VERDICTS), counts
    for c in result.cells():
        if c.verdict == "correct":
            assert c.evidence  # never correct without saying what proved it


# ---------------------------------------------------------------------------------------
# formats
def _write_formats(table: A.Table, d: Path) -> dict[str, Path]:
    header, rows = list(table.header), [list(r) for r in table.rows]
    out = {}
    p = d / "t.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        fh.write("# provenance: a copy for the test\n")
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    out["csv"] = p
    p = d / "t.json"
    p.write_text(json.dumps({"provenance": "test", "columns": header, "rows": rows}), encoding="utf-8")
    out["json"] = p
    p = d / "objects.json"
    p.write_text(json.dumps([dict(zip(header, r)) for r in rows]), encoding="utf-8")
    out["json-objects"] = p
    p = d / "t.tex"
    body = " \\\\\n".join(" & ".join(r) for r in [header] + rows)
    p.write_text("% provenance: test\n\\begin{tabular}{" + "l" * len(header) + "}\n\\toprule\n" + body
                 + " \\\\\n\\bottomrule\n\\end{tabular}\n", encoding="utf-8")
    out["latex"] = p
    return out


def test_every_format_reads_the_same_rows(tmp_path):
    md = A.read_table(ERRORS)
    assert md.format == "markdown" and "NOT a reference" in md.provenance
    ref_rows = [{k: v.value if hasattr(v, "value") else v for k, v in r.values.items()} for r in A.parse_table(md)]
    for fmt, path in _write_formats(md, tmp_path).items():
        t = A.read_table(path)
        assert t.records() == md.records(), fmt
        rows = [{k: v.value if hasattr(v, "value") else v for k, v in r.values.items()} for r in A.parse_table(t)]
        assert [sorted(r) for r in rows] == [sorted(r) for r in ref_rows], fmt
        assert [str(r.get("function")) for r in rows] == [str(r.get("function")) for r in ref_rows], fmt
        assert [str(r.get("range")) for r in rows] == [str(r.get("range")) for r in ref_rows], fmt


def test_wikipedia_table_reads():
    t = A.read_table(WIKI)
    assert "Wikipedia" in t.provenance and "2017" in t.provenance
    assert len(A.parse_table(t)) == 6


def test_range_cells():
    r = A.parse_range(r"$(-0.17\ldots, \infty)$")
    assert (r.lo_closed, r.hi_closed) == (False, False) and r.lo.decimal.dots and r.lo.decimal.places == 2
    assert str(r.hi.expr) == "oo"
    r = A.parse_range(r"\left[ 2\sqrt{2} - 3, \infty \right)")
    assert r.lo_closed and str(r.lo.expr) == "-3 + 2*sqrt(2)"
    assert A.parse_range(r"\{0, 1\}").kind == "set"
    assert str(A.parse_range(r"\mathbb{R}").as_set()) == "Interval(-oo, oo)"
    assert A.parse_continuity(r"C^{-1}") == -1 and A.parse_continuity(r"$C^\infty$") is None


# ---------------------------------------------------------------------------------------
# malformed and hostile tables: one error naming the row and the column, exit 2
def _run(path: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["audit", str(path), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("text, words", [
    ("| x | y |\n|---|---|\n| 1 | 2 |\n", ["row 0", "missing header"]),
    ("| Name | Function | Range |\n|---|---|---|\n| a | x | (0, 1) |\n| b | x |\n", ["row 2", "column 'Range'", "ragged"]),
    ("| Name | Function | Range |\n|---|---|---|\n| a | x | (0, 1) |\n| b | \\frac{x}{ | (0,1) |\n",
     ["row 2", "column 'Function'", "cannot read"]),
    ("| Name | Function | Range |\n|---|---|---|\n| a | x | (0 1) |\n", ["row 1", "column 'Range'"]),
    ("| Name | Function | Derivative |\n|---|---|---|\n| a | x | \\input{/etc/passwd} |\n", ["row 1", "column 'Derivative'"]),
    ("| Name | Function |\n|---|---|\n| a | __import__('os').system('touch pwned') |\n", ["row 1", "column 'Function'"]),
    ("| Name | Function |\n|---|---|\n| a | \\def\\x{1} x |\n", ["row 1", "column 'Function'"]),
    ("| Name | Function |\n|---|---|\n| a | 10^{10^{10^{10}}} x |\n", ["row 1", "column 'Function'"]),
    ("| Name | Function | Order of continuity |\n|---|---|---|\n| a | x | C^{banana} |\n", ["row 1", "column 'Order of continuity'"]),
])
def test_malformed_tables(tmp_path, capsys, monkeypatch, text, words):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "bad.md"
    p.write_text(text, encoding="utf-8")
    code, out, err = _run(p, capsys)
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    for w in words:
        assert w in err, (w, err)
    assert not (tmp_path / "pwned").exists()


def test_malformed_other_formats(tmp_path, capsys):
    p = tmp_path / "bad.csv"
    p.write_text("Name,Function,Range\na,x,\"(0, 1)\"\nb,x\n", encoding="utf-8")
    code, _, err = _run(p, capsys)
    assert code == 2 and "row 2" in err and "column 'Range'" in err
    p = tmp_path / "bad.json"
    p.write_text(json.dumps({"columns": ["Name", "Function"], "rows": [["a", {"x": 1}]]}), encoding="utf-8")
    code, _, err = _run(p, capsys)
    assert code == 2 and "row 1" in err and "column 'Function'" in err
    p = tmp_path / "bad.tex"
    p.write_text("\\begin{tabular}{ll}\nName & Function \\\\\na & \\frac{1}{ \\\\\n\\end{tabular}\n", encoding="utf-8")
    code, _, err = _run(p, capsys)
    assert code == 2 and "row 1" in err and "column 'Function'" in err
    p = tmp_path / "t.xlsx"
    p.write_text("x", encoding="utf-8")
    assert _run(p, capsys)[0] == 2


def test_cli_json_and_report(tmp_path, capsys):
    p = tmp_path / "small.md"
    name = r"ReLU (\end{document}\input{/etc/passwd} $x$)"  # a hostile name cell: printed, escaped, never run
    p.write_text(f"| Name | Function | Range |\n|---|---|---|\n| {name} | \\max(0, x) | [0, \\infty) |\n"
                 "| Sigmoid | \\frac{1}{1+e^{-x}} | [0, 1] |\n", encoding="utf-8")
    code, out, _ = _run(p, capsys, "--json", "-o", str(tmp_path / "rep"), "--no-pdf")
    assert code == 1  # the sigmoid range is wrong
    data = json.loads(out)
    assert data["counts"]["wrong"] == 1 and data["rows"][0]["reference"] == "relu"
    assert {c["verdict"] for c in data["rows"][0]["cells"]} == {"correct"}
    tex = (tmp_path / "rep" / "audit-small.tex").read_text(encoding="ascii")
    assert tex.startswith("% Generated by symact")
    assert "\\input{/etc" not in tex and "\\end{document}\\input" not in tex and tex.count("\\end{document}") == 1
    # a second run may replace the file symact wrote; a foreign file is refused
    assert _run(p, capsys, "-o", str(tmp_path / "rep"), "--no-pdf")[0] == 1
    foreign = tmp_path / "rep2"
    foreign.mkdir()
    (foreign / "audit-small.tex").write_text("mine", encoding="ascii")
    code, _, err = _run(p, capsys, "-o", str(foreign), "--no-pdf")
    assert code == 2 and "refusing" in err


@pytest.mark.skipif(__import__("shutil").which("pdflatex") is None, reason="pdflatex not installed")
def test_pdf_report_compiles(tmp_path):
    res = A.audit_file(WIKI)
    written = A.write_report(res, tmp_path, pdf=True)
    pdf = [p for p in written if p.suffix == ".pdf"]
    assert pdf and pdf[0].read_bytes().startswith(b"%PDF")


def test_wikipedia_copy_findings_without_a_proof_of_the_range():
    """The copy's tanh is 2/(1 + e^2 x) - 1 (e^2 times x): it has a pole, the prover gives no
    range, and the audit still refutes (-1, 1) and 'monotonic' with certified sample points."""
    res = A.audit_file(WIKI)
    f = lambda t: 2 / (1 + mp.e ** 2 * t) - 1  # noqa: E731 - the formula as printed
    c = cell(res, "TanH", "range")
    assert c.verdict == "wrong"
    v = f(mp.mpf(Fraction(c.counterexample["x"]).numerator) / Fraction(c.counterexample["x"]).denominator)
    assert not (-1 < v < 1)
    c = cell(res, "TanH", "monotonic")
    assert c.verdict == "wrong"
    ys = [f(mp.mpf(Fraction(t).numerator) / Fraction(t).denominator) for t in c.counterexample["x"]]
    assert (ys[0] - ys[1]) * (ys[1] - ys[2]) < 0  # not monotonic
    assert cell(res, "TanH", "function").verdict == "wrong"
    # the copy's SELU derivative lambda (f + alpha) for x < 0 is not lambda alpha e^x
    lam, alpha = mp.mpf("1.0507"), mp.mpf("1.67326")
    selu = lambda t: lam * alpha * (mp.exp(t) - 1) if t < 0 else lam * t  # noqa: E731
    assert abs(mp.diff(selu, -1) - lam * (selu(-1) + alpha)) > 0.01
    assert cell(res, "Scaled exponential linear unit (SELU)", "derivative").verdict == "wrong"
    assert cell(res, "SoftPlus", "derivative").verdict == "correct"
