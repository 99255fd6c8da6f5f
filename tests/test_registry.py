"""The registries are complete (issue 13: an extension is one record plus its code).

- Properties (symact.prove.registry): every record has its text, LaTeX and report labels, a
  prover and certificate kinds the checker knows, which are the kinds its prover really
  produces; the labels of the CLI, the notebook and the report are the registry's; a property
  added to the registry alone is proved and reported.
- Export targets (symact.kernels.export.EXPORT_TARGETS): every target has a writer, a suffix,
  and the CLI offers exactly the table's names (test_export.py runs every writer).
- Functions (symact.primitives.FUNCTIONS): every name in a row exists in its library; the
  evaluators' tables (numeric's mpmath and numpy, rigorous's Arb, intervals' extensions) are
  the table's rows, each row is evaluated consistently by all of them; the functions the LaTeX
  reader produces are rows (five inverse functions are read but not computed yet), and the
  kernels' operations spell the table's functions in mpmath as the table does.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from symact import _notebook
from symact import certificate as C
from symact.catalog import get
from symact.prove import PROPERTIES, REGISTRY, Property, prove
from symact.prove import registry as R
from symact.results import Certificate, Claim, ProofStep


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_property_is_complete(name: str) -> None:
    p = REGISTRY[name]
    assert p.name == name
    assert p.label.strip() and p.tex.strip() and p.report_label.strip()
    assert callable(p.prover)
    assert p.kinds, name
    missing = [k for k in p.kinds if k not in C.checker_kinds()]
    assert not missing, (name, missing)
    assert p.at_text in (None, "at", "worst at", "about", "inflection at")
    assert p.attained_text in ("shown", "finite")


def test_one_table_of_labels() -> None:
    assert PROPERTIES == tuple(REGISTRY)
    assert _notebook.LABELS is R.LABELS and _notebook.TEX_LABELS is R.TEX_LABELS
    assert list(R.LABELS) == list(R.TEX_LABELS) == list(R.REPORT_LABELS) == list(PROPERTIES)
    assert len(set(R.LABELS.values())) == len(R.LABELS)  # no two properties print alike
    assert "convexity" in PROPERTIES


@pytest.mark.parametrize("name", ["relu", "sigmoid", "sinusoid", "binary_step", "gelu"])
def test_declared_kinds_are_the_kinds_produced(name: str) -> None:
    for c in prove(get(name)).claims:
        assert c.status == "proved", (c.property, c.reason)
        assert c.certificate.kind in REGISTRY[c.property].kinds, (name, c.property, c.certificate.kind)


def test_a_property_added_to_the_registry_alone_is_proved_and_printed(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """One record (label, prover, kind) is all a new property needs when its certificate kind
    exists: prove() runs it, the checker re-verifies it, the CLI prints its label."""
    from symact import cli

    def f_at_1(act):  # type: ignore[no-untyped-def]
        v = C.value_of(act, sp.Integer(1))
        return Claim("value_at_1", v, status="proved", method="evaluation",
                     certificate=Certificate("value", {"x": sp.Integer(1), "value": v}, (ProofStep("f(1) = ", v, "."),)))

    rec = Property("value_at_1", "f(1)", "f(1)", "$f(1)$", f_at_1, ("value",), at_text=None)
    monkeypatch.setitem(REGISTRY, "value_at_1", rec)
    monkeypatch.setitem(R.LABELS, "value_at_1", rec.label)
    act = get("relu")
    (c,) = prove(act, ("value_at_1",)).claims
    assert (c.status, c.value, c.certificate.checked) == ("proved", 1, True)
    # a wrong value is caught by the checker
    wrong = dataclasses.replace(rec, prover=lambda a: dataclasses.replace(f_at_1(a), value=2, certificate=Certificate(
        "value", {"x": sp.Integer(1), "value": sp.Integer(2)}, ())))
    monkeypatch.setitem(REGISTRY, "value_at_1", wrong)
    from symact.catalog import define
    from symact.spec import x

    probe = define("registry_probe", sp.Max(0, x), register_it=False)
    (c,) = prove(probe, ("value_at_1",)).claims
    assert c.status == "unknown" and "rejected" in c.reason
    monkeypatch.setitem(REGISTRY, "value_at_1", rec)
    code = cli.main(["prove", "relu"])
    out = capsys.readouterr().out
    assert code == 0
    assert any(line.split()[:2] == ["f(1)", "1"] for line in out.splitlines()), out


def test_unknown_property_is_a_usage_error() -> None:
    from symact.errors import UsageError

    with pytest.raises(UsageError):
        prove(get("relu"), ("no_such_property",))


# ---------------------------------------------------------------------------------------
# the export targets (symact.kernels.export.EXPORT_TARGETS)
def test_every_export_target_has_a_writer() -> None:
    import inspect

    from symact.cli import _ExportTargets
    from symact.kernels.export import EXPORT_TARGETS, TARGETS

    names = [t.name for t in EXPORT_TARGETS]
    assert len(set(names)) == len(names) and tuple(names) == TARGETS
    by_name = {t.name: t for t in EXPORT_TARGETS}
    for t in EXPORT_TARGETS:
        assert callable(t.writer) and len(inspect.signature(t.writer).parameters) == 4, t.name
        assert t.suffix.startswith(".") and t.needs.strip() and t.description.strip(), t.name
        if t.alias_of:  # a second name for another target: the same writer
            assert by_name[t.alias_of].writer is t.writer, t.name
    assert tuple(_ExportTargets()) == TARGETS  # the CLI's --target choices are the table's


# ---------------------------------------------------------------------------------------
# the functions (symact.primitives.FUNCTIONS) and the evaluators that read the table
def test_every_function_is_spelled_by_its_libraries() -> None:
    """Each name in a row exists in its library: mpmath's function, Arb's method, numpy's ufunc."""
    import mpmath
    import numpy as np
    from flint import arb

    from symact.primitives import BY_SYMPY, FUNCTIONS

    assert len(BY_SYMPY) == len(FUNCTIONS)  # one row per SymPy function
    for f in FUNCTIONS:
        assert isinstance(f.sympy, type) and issubclass(f.sympy, sp.Function), f
        assert not f.mpmath or callable(getattr(mpmath, f.mpmath)), f
        assert not f.arb or callable(getattr(arb(1), f.arb)), f
        assert not f.numpy or isinstance(getattr(np, f.numpy), np.ufunc), f


def test_every_function_has_an_entry_in_each_evaluator() -> None:
    """The evaluators' dispatch tables are the table's rows: a row with a name is evaluated by
    that library, a row without one by the evaluator's own code or not at all, and no
    evaluator knows a function the table does not list."""
    from symact import intervals, numeric, rigorous
    from symact.primitives import BY_SYMPY, FUNCTIONS

    rows = set(BY_SYMPY)
    # numeric: mpmath (the ground truth) and numpy (the literal evaluation)
    assert set(numeric._UNARY) == {f.sympy for f in FUNCTIONS if f.mpmath}
    assert set(numeric._OWN) | set(numeric._GUARDS) <= set(numeric._UNARY)
    assert numeric._NP_UNARY == {f.sympy: f.numpy for f in FUNCTIONS if f.numpy}
    # rigorous: Arb's method, or rigorous's own code (never both)
    assert set(rigorous._FUNCTIONS) == {f.sympy for f in FUNCTIONS if f.arb} | set(rigorous._OWN)
    assert set(rigorous._OWN) <= {f.sympy for f in FUNCTIONS if not f.arb}
    # intervals: the code of exactly the rows marked ``interval``
    marked = {f.sympy for f in FUNCTIONS if f.interval}
    assert set(intervals._EXTENSIONS) | set(intervals.IN_COMPILER) == marked
    assert set(intervals._UNARY) == marked - set(intervals.IN_COMPILER)
    assert (set(numeric._UNARY) | set(rigorous._FUNCTIONS) | set(intervals._EXTENSIONS)) <= rows
    # every row is computed with somewhere (a row nobody reads is a stale row)
    assert all(f.mpmath or f.sympy in numeric._OWN or f.sympy in rigorous._FUNCTIONS or f.interval
               or f.sympy is sp.Heaviside for f in FUNCTIONS)


def test_every_row_is_evaluated_by_the_table_s_libraries() -> None:
    """One point per row and evaluator: the ground truth, the ball and the enclosure agree."""
    import mpmath

    from symact import intervals, numeric, rigorous
    from symact.primitives import FUNCTIONS
    from symact.spec import x

    for f in FUNCTIONS:
        at = sp.Rational(21 if f.sympy is sp.acosh else 5, 16)  # binary numbers: mpmath holds them exactly
        e = f.sympy(x, evaluate=False) if f.sympy is not sp.polygamma else sp.polygamma(0, x)
        if f.sympy is sp.LambertW:
            e = sp.LambertW(x)
        truth = None
        if f.mpmath and f.sympy is not sp.LambertW:
            with mpmath.workdps(30):
                truth = numeric.compile_mp(e)(mpmath.mpf(at.p) / 16)
        if f.sympy in rigorous._FUNCTIONS:
            b = rigorous.ball(e.subs(x, at), 128)
            assert b.is_finite(), f.name
            if truth is not None:
                assert abs(float(b.mid()) - float(truth)) <= 1e-12 * max(1.0, abs(float(truth))), f.name
        if f.sympy in intervals._UNARY:
            lo, hi = intervals.compile_iv(e)(intervals.point(at))
            if truth is not None:
                with mpmath.workdps(40):  # truth has 30 digits
                    slack = mpmath.mpf(10) ** -25
                    assert mpmath.mpf(lo) - slack <= truth <= mpmath.mpf(hi) + slack, f.name


def test_the_reader_and_the_kernels_use_the_table_s_functions() -> None:
    """Every SymPy function the LaTeX reader produces is a row (its LaTeX names are its own
    vocabulary), and the kernels' operations that are functions of the table spell them in
    mpmath as the table does."""
    from symact.kernels.primitives import PRIMITIVES
    from symact.parse.vocabulary import BUILTIN_FUNCTIONS
    from symact.primitives import BY_SYMPY

    from symact import numeric, rigorous
    from symact.spec import x

    produced = {fn for fn, _ in BUILTIN_FUNCTIONS.values() if isinstance(fn, type) and issubclass(fn, sp.Function)}
    # read but computed by no evaluator yet (each refuses them: a claim about them is unknown)
    read_only = {sp.asec, sp.acsc, sp.asech, sp.acsch, sp.acoth}
    assert produced - {sp.Max, sp.Min} - read_only <= set(BY_SYMPY), produced - set(BY_SYMPY)
    assert not read_only & set(BY_SYMPY)  # a row for one of them: take it off this list
    for fn in read_only:
        with pytest.raises(numeric.NumericError):
            numeric.compile_mp(fn(x))
        with pytest.raises(rigorous.Unsupported):
            rigorous.ball(fn(sp.Integer(3), evaluate=False))
    for p in PRIMITIVES:
        row = BY_SYMPY.get(p.sympy)
        if row is not None and row.mpmath:
            assert p.mpmath == row.mpmath, (p.name, p.mpmath, row.mpmath)
