"""The LaTeX report: reproducible, up to date, compiles, escapes everything a user wrote."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp

import symact
from symact import report
from symact.cli import main
from symact.errors import OutputError

from helpers import RECORDS

ROOT = Path(__file__).resolve().parents[1]
HAVE_PDFLATEX = shutil.which("pdflatex") is not None


@pytest.fixture(scope="module")
def full_report(tmp_path_factory):
    """The whole catalogue's report, generated exactly as `symact report` does (no PDF)."""
    # in a fresh process, as a user runs it: in this test process SymPy's cache and the
    # activations' memoised derivations are warm from earlier tests (the report's workers are
    # forked from it), and one form in f came out differently (2 f (f^2 - 1) for -2 f (1 - f^2))
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("report")
    proc = subprocess.run([sys.executable, "-m", "symact", "report", "-o", str(out), "--no-pdf"],
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return (out / "activations.tex").read_text(encoding="ascii")


def _without_versions(tex):
    """The report without its "Versions: ..." sentence: the committed report records the
    versions it was made with (NumPy 2.4.6 on Python 3.11 here), and pip resolves another NumPy
    on other Pythons (2.2.6 on 3.10, 2.5.5 on 3.12 and 3.13; benchmarks/results/python_matrix.md)."""
    return re.sub(r"Versions: symact [^\n]*?NumPy [0-9][^ \n]*?\.(?=\s|$)", "Versions: ...", tex, count=1)


def test_committed_report_is_what_symact_generates(full_report):
    committed = (ROOT / "reports" / "activations.tex").read_text(encoding="ascii")
    assert _without_versions(committed) == _without_versions(full_report), \
        "reports/ is stale: regenerate it with `symact report` and commit it"


def test_report_names_the_versions_it_ran_with(full_report):
    import mpmath
    import numpy
    import sympy

    assert (f"Versions: symact {symact.__version__}, SymPy {sympy.__version__}, mpmath {mpmath.__version__}, "
            f"NumPy {numpy.__version__}.") in full_report


def test_report_lists_convexity_for_every_activation(full_report):
    rows = re.findall(r"^convexity & (\w+) & .* & (\S+) \\\\$", full_report, flags=re.M)
    assert len(rows) == len(RECORDS)
    assert all(word in ("convex", "concave", "affine", "neither") for word, _ in rows), rows
    assert len(re.findall(r"^\\item convexity[ :]", full_report, flags=re.M)) == len(RECORDS)


def test_report_states_the_articles_numbers(full_report):
    assert full_report.startswith(report.MARKER)
    assert "\\frac{1}{64}" in full_report and "\\frac{1}{1099511627776}" in full_report
    for act in RECORDS:
        assert f"\\label{{sec:{act.name}}}" in full_report
    # every figure's data come from the kernels: no pgfplots expression plots
    assert "\\addplot[" in full_report and "{exp(" not in full_report


@pytest.mark.skipif(not HAVE_PDFLATEX, reason="pdflatex not installed (CI installs TeX Live)")
def test_report_compiles_without_errors_or_undefined_references(full_report):
    pdf, pages = report.compile_pdf(full_report, jobname="activations")
    assert pdf.startswith(b"%PDF") and pages >= 40


@pytest.mark.skipif(not HAVE_PDFLATEX, reason="pdflatex not installed (CI installs TeX Live)")
def test_standalone_section_compiles(tmp_path, capsys):
    code = main(["report", "relu", "--standalone", "-o", str(tmp_path), "--pdf"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert (tmp_path / "relu.tex").exists() and (tmp_path / "relu.pdf").read_bytes().startswith(b"%PDF")
    assert "relu" in err  # progress on stderr, one line per activation


HOSTILE = r"""\input{/etc/hostname} ^^5cinput{/etc/hostname} \catcode`\|=0 |input{/etc/hostname}
\immediate\write18{touch pwned} \openout1=amsmath.sty % # & _ ~ $ { } \def\x{\x}\x """ + "\u202e\x00"


@pytest.mark.skipif(not HAVE_PDFLATEX or shutil.which("pdftotext") is None, reason="needs pdflatex and pdftotext")
def test_hostile_text_is_printed_literally_and_runs_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    act = symact.define("hostile_desc", sp.tanh(symact.x) / 2, description=HOSTILE, register_it=False)
    data = report.collect([act], article=False, processes=1)
    tex = report.render(data, title=HOSTILE)
    pdf, _ = report.compile_pdf(tex, jobname="hostile")
    (tmp_path / "hostile.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "hostile.pdf", "-"], capture_output=True, text=True, check=True).stdout
    assert "input{/etc/hostname}" in text.replace("\n", " ")
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else None
    if hostname:
        assert hostname not in text
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "amsmath.sty").exists()


def test_escape_tex_neutralises_every_special_character():
    out = symact.render.escape_tex(HOSTILE)
    assert "\\input" not in out and "^^" not in out and "\x00" not in out and "\u202e" not in out
    assert re.search(r"(?<!\\)[{}$&#%~_^|<>]", re.sub(r"\\text[a-z]+\{\}", "", out)) is None


def test_text_mode_bars_and_brackets_print_as_themselves():
    """OT1 text fonts print | < > as an em dash and inverted marks: free text escapes them."""
    assert symact.render.escape_tex("sup |f'| < 1 > 0") == "sup \\textbar{}f'\\textbar{} \\textless{} 1 \\textgreater{} 0"


def test_refuses_to_overwrite_a_file_it_did_not_write(tmp_path, capsys):
    mine = tmp_path / "activations.tex"
    mine.write_text("my thesis\n")
    code = main(["report", "relu", "-o", str(tmp_path), "--no-pdf"])
    _, err = capsys.readouterr()
    assert code == 2 and err.startswith("error: refusing to overwrite") and "Traceback" not in err
    assert mine.read_text() == "my thesis\n"
    afile = tmp_path / "plain"
    afile.write_text("x")
    code = main(["report", "relu", "-o", str(afile), "--no-pdf"])
    _, err = capsys.readouterr()
    assert code == 2 and "not a directory" in err


def test_overwrites_its_own_output_and_is_deterministic(tmp_path, capsys):
    assert main(["report", "relu", "sigmoid", "-o", str(tmp_path), "--no-pdf"]) == 0
    first = (tmp_path / "activations.tex").read_bytes()
    assert main(["report", "relu", "sigmoid", "-o", str(tmp_path), "--no-pdf"]) == 0
    assert (tmp_path / "activations.tex").read_bytes() == first
    _, err = capsys.readouterr()
    assert "[" in err and "sigmoid" in err


def test_unknown_name_is_a_usage_error(tmp_path, capsys):
    code = main(["report", "sigmiod", "-o", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 2 and err.startswith("error: unknown activation 'sigmiod'")
    assert not any(tmp_path.iterdir())


def test_date_only_when_asked(tmp_path):
    data = report.collect([symact.get("relu")], article=False, processes=1)
    assert "Date:" not in report.render(data)
    data = report.collect([symact.get("relu")], article=False, processes=1, date=True)
    assert "Date:" in report.render(data)


def test_progress_comes_as_each_activation_is_done_and_a_stale_pdf_is_named(tmp_path, capsys, monkeypatch):
    """One line per activation with its count and time as soon as it is done (not all at once
    after the article's part), and a clear warning when an old PDF was left unrebuilt."""
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # no pdflatex
    out = tmp_path / "out"
    out.mkdir()
    (out / "activations.pdf").write_bytes(b"%PDF-1.5 an earlier run's\n")
    assert main(["report", "relu", "sigmoid", "-o", str(out)]) == 0
    _, err = capsys.readouterr()
    lines = err.splitlines()
    assert lines[0].startswith("symact report: 2 activations and the article's part, one line each as it is done")
    assert "no PDF (pdflatex not found)" in lines[0]
    done = [i for i, ln in enumerate(lines) if re.fullmatch(r"\[[12]/2\] (relu|sigmoid) +\d+\.\d s   \(\d+\.\d s elapsed\)", ln)]
    assert [lines[i][:5] for i in done] == ["[1/2]", "[2/2]"], err
    assert {lines[i].split()[1] for i in done} == {"relu", "sigmoid"}
    # relu takes about a second, the article's part (its claims verified) much longer: relu's
    # line is printed while the article is still being computed, not after it
    article = next(i for i, ln in enumerate(lines) if ln.startswith("the article's part "))
    assert done[0] < article, err
    stale = [ln for ln in lines if ln.startswith("warning: ")]
    assert stale == [f"warning: {out / 'activations.pdf'} is stale: it was not rebuilt (pdflatex not found) and is the "
                     "old PDF of an earlier run (in a fresh clone, the committed one), not of the activations.tex just written"]
    assert (out / "activations.pdf").read_bytes() == b"%PDF-1.5 an earlier run's\n"
    # no old PDF: no stale warning, the note on how to get one
    assert main(["report", "relu", "--standalone", "-o", str(out)]) == 0
    _, err = capsys.readouterr()
    assert "stale" not in err and "note: pdflatex not found" in err
    assert err.splitlines()[1].startswith("[1/1] relu ")
