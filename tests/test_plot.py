"""Activation.plot(): f, f', f'' with the facts the engine proved marked, read from its records.

matplotlib is the optional ``plot`` extra: the drawing tests are skipped without it (the
test extra installs it); the error that names the extra is tested either way.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import math
import sys

import numpy as np
import pytest
import sympy as sp

import symact
import symact.plot
from symact.errors import ParameterError
from symact.render import decimal_text

HAVE_MPL = importlib.util.find_spec("matplotlib") is not None
needs_mpl = pytest.mark.skipif(not HAVE_MPL, reason="matplotlib not installed (the plot extra: pip install 'symact[plot]')")


@pytest.fixture(scope="module", autouse=True)
def _agg():
    if HAVE_MPL:
        import matplotlib

        matplotlib.use("Agg")


def num(v) -> float:
    return float(decimal_text(v, 17))


def marks(ax, gid):
    return [ln for ln in ax.lines if ln.get_gid() == gid]


@pytest.fixture(scope="module")
def sigmoid():
    act = symact.get("sigmoid")
    return act, act.prove(), act.derive((1, 2))


@needs_mpl
def test_plot_returns_a_figure_of_f_and_two_derivatives_with_the_proved_extremum(sigmoid):
    from matplotlib.figure import Figure

    act, proof, derivation = sigmoid
    fig = act.plot(proof=proof, derivation=derivation)
    assert isinstance(fig, Figure)
    f_ax, d1_ax, d2_ax = fig.axes
    assert [ax.get_ylabel() for ax in fig.axes] == ["f", "f'", "f''"]
    # the curves are the kernels' values on the grid
    xs, ys = marks(d1_ax, "curve:1")[0].get_data()
    assert np.allclose(ys, act.kernel(1)(np.asarray(xs)), rtol=0, atol=0)
    # sup f' is the prover's claim: marked at its argument with its value
    sup = proof.claim("sup_derivative")
    (m,) = marks(d1_ax, "sup_derivative")
    (at,) = sup.at
    assert list(m.get_xdata()) == [num(at)] and list(m.get_ydata()) == [num(sup.value)]
    assert sup.attained and "1/4" in m.get_label()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=50)
    assert buf.getvalue().startswith(b"\x89PNG")


@needs_mpl
def test_asymptotes_are_the_proved_limits_and_name_the_unattained_bounds(sigmoid):
    act, proof, derivation = sigmoid
    f_ax = act.plot(proof=proof, derivation=derivation).axes[0]
    for end in ("-oo", "oo"):
        lim = proof.claim(f"limit_{end}")
        (line,) = marks(f_ax, f"asymptote:{end}")
        assert set(line.get_ydata()) == {num(lim.value)}
        assert f"x -> {end}" in line.get_label()
    # sup f = 1 is not attained: it is the asymptote at oo, said on that line, not drawn twice
    assert not proof.claim("max").attained
    assert "sup f, not attained" in marks(f_ax, "asymptote:oo")[0].get_label()
    assert not marks(f_ax, "max")


@needs_mpl
def test_marks_come_from_the_proof_given_not_from_a_recomputation(sigmoid):
    act, proof, derivation = sigmoid
    sup = proof.claim("sup_derivative")
    moved = dataclasses.replace(sup, value=sp.Rational(1, 5), at=sp.FiniteSet(sp.Rational(3, 2)))
    unknown = dataclasses.replace(proof.claim("inf_derivative"), status="unknown", reason="budget exhausted")
    doctored = dataclasses.replace(proof, claims=tuple(
        moved if c is sup else unknown if c.property == "inf_derivative" else c for c in proof.claims))
    fig = act.plot(proof=doctored, derivation=derivation)
    d1_ax = fig.axes[1]
    (m,) = marks(d1_ax, "sup_derivative")
    assert list(m.get_xdata()) == [1.5] and list(m.get_ydata()) == [0.2]
    assert not marks(d1_ax, "inf_derivative")  # a claim that is not proved is not drawn
    assert "(1 claim not proved: not marked)" in fig._suptitle.get_text()


@needs_mpl
def test_kinks_are_derives_with_their_one_sided_limits():
    act = symact.get("hard_tanh")
    derivation = act.derive((1, 2))
    fig = symact.plot.plot("hard_tanh", derivation=derivation)  # a name is enough
    d1_ax = fig.axes[1]
    kinks = derivation.derivatives[0].kinks
    assert len(kinks) == 2
    for k in kinks:
        (m,) = marks(d1_ax, f"kink:1:{k.at}")
        assert sorted(m.get_ydata()) == sorted([num(k.left), num(k.right)])
        assert set(m.get_xdata()) == {num(k.at)}
        for ax in fig.axes:  # one vertical line through every panel
            assert len(marks(ax, f"kinkline:{k.at}")) == 1
    # f' is not defined at a kink: its curve is broken there (NaN), not joined by a vertical
    xs, ys = marks(d1_ax, "curve:1")[0].get_data()
    for k in kinks:
        assert math.isnan(ys[list(xs).index(num(k.at))])
    # the maximum of hard_tanh is attained on [1, oo): a segment over the visible part
    seg = marks(fig.axes[0], "max")
    assert seg and list(seg[0].get_xdata()) == [1.0, 6.0]


@needs_mpl
def test_plot_refuses_symbolic_parameters_and_a_bad_window():
    a = sp.Symbol("a", positive=True)
    act = symact.define("plot_scaled", a * sp.tanh(symact.x), {"a": 2}, register_it=False)
    with pytest.raises(ParameterError, match="give the parameters a values"):
        act.symbolic().plot()
    with pytest.raises(symact.UsageError, match="xlim"):
        act.plot(xlim=(1, -1))
    with pytest.raises(symact.UnknownActivation, match="did you mean: sigmoid"):
        symact.plot.plot("sigmiod")


def test_missing_matplotlib_names_the_plot_extra(monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    with pytest.raises(ImportError, match=r"symact\[plot\]"):
        symact.get("relu").plot()
