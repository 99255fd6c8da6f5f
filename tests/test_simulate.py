"""Measured gradients of random deep networks against the certified bound."""

from __future__ import annotations

import functools
import io
import json
from contextlib import redirect_stderr, redirect_stdout

import numpy as np
import pytest

import symact
from symact.cli import main
from symact.gradients import analyze
from symact.simulate import _numeric, _run, simulate, within_bound

from helpers import RECORDS, name_of



@functools.lru_cache(maxsize=None)
def _sim(name: str):  # type: ignore[no-untyped-def]
    return simulate(symact.get(name))


def _row(sim, width: int, init: str, depth: int):  # type: ignore[no-untyped-def]
    (row,) = [r for r in sim.rows if (r.width, r.init, r.depth) == (width, init, depth)]
    return row


@pytest.mark.parametrize("name", ["sigmoid", "relu", "tanh"])
def test_bound_never_exceeded(name: str) -> None:
    sim = _sim(name)
    assert sim.lipschitz is not None
    assert len(sim.rows) == 2 * 2 * 6
    for r in sim.rows:
        assert r.nonfinite == 0
        assert r.bound is not None
        assert within_bound(r), r
        assert r.gain_max <= r.bound * (1 + 1e-9)


def test_sigmoid_gradients_vanish_with_depth() -> None:
    sim = _sim("sigmoid")
    for init in ("xavier", "he"):
        shallow, deep = _row(sim, 64, init, 1), _row(sim, 64, init, 50)
        assert deep.grad_median < 1e-12 * shallow.grad_median  # measured: ~1e-31 (xavier), ~2e-25 (he)
        mid = _row(sim, 64, init, 10)
        assert deep.grad_median < mid.grad_median < shallow.grad_median
        # the scalar network's product of derivatives is at most 4^-N, and is measured below it
        for depth in (1, 3, 5, 10, 20, 50):
            r = _row(sim, 1, init, depth)
            assert r.gain_max <= 0.25**depth * (1 + 1e-12)


def test_relu_gradients_do_not_vanish_with_he_init() -> None:
    sim = _sim("relu")
    shallow, deep = _row(sim, 64, "he", 1), _row(sim, 64, "he", 50)
    assert 1e-2 < deep.grad_median / shallow.grad_median < 1e2  # measured 41.4 / 45.2
    assert deep.zero_fraction == 0.0


def test_relu_scalar_paths_are_exactly_zero_or_one() -> None:
    """Along a scalar ReLU network the product of derivatives is exactly 1 (all units active)
    or exactly 0; the share of active paths is 2^-N (each W_i > 0 with probability 1/2)."""
    act = symact.get("relu")
    f, df = _numeric(act, 0), _numeric(act, 1)
    for depth in (1, 3, 5):
        out = _run(f, df, 1, "he", depth, 4000, np.random.default_rng([7, depth]))
        gains = out.gain
        assert set(np.unique(gains)) <= {0.0, 1.0}
        share = float(np.mean(gains == 1.0))
        assert share == out.active
        p = 0.5**depth
        assert abs(share - p) < 5 * np.sqrt(p * (1 - p) / 4000)


def test_deterministic() -> None:
    a = simulate(symact.get("sigmoid"), depths=(1, 5), trials={1: 100, 64: 4}, seed=3)
    b = simulate(symact.get("sigmoid"), depths=(1, 5), trials={1: 100, 64: 4}, seed=3)
    assert json.dumps(a.to_json()) == json.dumps(b.to_json())
    c = simulate(symact.get("sigmoid"), depths=(1, 5), trials={1: 100, 64: 4}, seed=4)
    assert json.dumps(a.to_json()) != json.dumps(c.to_json())


@pytest.mark.parametrize("act", RECORDS, ids=name_of)
def test_every_activation_within_its_bound(act) -> None:  # type: ignore[no-untyped-def]
    lip = analyze(act, expected=False).lipschitz
    assert lip is not None, f"{act.name}: the prover did not certify sup |f'|"
    sim = simulate(act, depths=(1, 5, 20), trials={1: 300, 64: 6}, lipschitz=lip)
    for r in sim.rows:
        assert r.nonfinite == 0, r
        assert r.bound is not None and within_bound(r), r


def test_cli_simulate_json() -> None:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["gradient", "tanh", "--depth", "5", "--simulate", "--json"])
    assert code == 0, err.getvalue()
    data = json.loads(out.getvalue())
    sim = data["simulation"]
    assert sim["name"] == "tanh" and len(sim["rows"]) == 24
    assert all(r["worst_ratio"] <= 1 + 1e-9 for r in sim["rows"])
