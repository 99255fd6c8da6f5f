"""Measured, not only bounded: gradients of random deep networks, by backpropagation.

For depth N, width w (1: the scalar network of the article; 64: a vector network) and an
initialisation (Xavier/Glorot normal, Var W = 2/(fan_in + fan_out), Glorot & Bengio 2010;
He normal, Var W = 2/fan_in, He et al. 2015), with zero biases and x ~ N(0, I):

    a_i = W_i h_{i-1} + b_i,  h_i = f(a_i),  h_0 = x,  loss = sum(h_N),
    delta_N = f'(a_N) * 1,  delta_i = f'(a_i) * (W_{i+1}^T delta_{i+1}),  dloss/dW_1 = delta_1 x^T.

Since ||diag(f'(a_i))||_2 <= L = sup |f'|, the *gain*
||dloss/dW_1||_F / (||1|| ||x|| prod_{i>=2} ||W_i||_2) is at most L^N (for w = 1 it is exactly
|prod_i f'(a_i)|, the article's product), which the experiment checks on every network.
Everything is seeded (numpy's PCG64, one stream per width/initialisation/depth), so the
output is reproducible.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, NamedTuple, cast

import mpmath
import numpy as np
import sympy as sp

from .results import Simulation, SimulationRow
from .spec import Activation

__all__ = ["simulate", "INITS", "WIDTHS", "TRIALS"]

INITS = ("xavier", "he")
WIDTHS = (1, 64)
#: networks per (width, initialisation, depth)
TRIALS = {1: 2000, 64: 32}
_SLACK = 1e-9  # relative rounding slack when comparing a measured gain with its bound

EVALUATOR = "symact's stable numeric kernels (Activation.kernel); f' at a kink takes the record's kernel convention"


def _numeric(act: Activation, order: int) -> Callable[[np.ndarray], np.ndarray]:
    """f (order 0) or f' (order 1): symact's own stable numpy kernels."""
    return cast("Callable[[np.ndarray], np.ndarray]", act.kernel(order))


def _std(init: str, fan_in: int, fan_out: int) -> float:
    if init == "xavier":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    if init == "he":
        return float(np.sqrt(2.0 / fan_in))
    raise ValueError(f"unknown initialisation {init!r} (use one of {INITS})")


def _float_up(e: sp.Expr) -> float:
    """The float just above the exact real number e (e itself if representable)."""
    with mpmath.workdps(40):
        v = mpmath.mpf(sp.N(e, 40))
    f = float(v)
    return f if mpmath.mpf(f) >= v else float(np.nextafter(f, np.inf))


class _Trials(NamedTuple):
    """One cell's raw measurements, one entry per trial: |grad| of sum(outputs) w.r.t. W_1, its
    gain (module docstring), and for width 1 the fraction of trials with every f' = 1."""

    grad: np.ndarray
    gain: np.ndarray
    active: float | None


def _run(f: Callable[..., Any], df: Callable[..., Any], width: int, init: str, depth: int, trials: int, rng: np.random.Generator) -> _Trials:
    std = _std(init, width, width)
    x = rng.standard_normal((trials, width))
    Ws = [rng.standard_normal((trials, width, width)) * std for _ in range(depth)]
    h = x
    derivs = []
    for W in Ws:
        a = np.einsum("tij,tj->ti", W, h)
        h = f(a)
        derivs.append(df(a))
    delta = derivs[-1] * 1.0  # dloss/dh_N = 1
    for i in range(depth - 2, -1, -1):
        delta = derivs[i] * np.einsum("tji,tj->ti", Ws[i + 1], delta)
    xnorm = np.linalg.norm(x, axis=1)
    grad = np.linalg.norm(delta, axis=1) * xnorm
    wnorm = np.ones(trials)
    if width > 1:
        for W in Ws[1:]:
            wnorm = wnorm * np.linalg.norm(W, 2, axis=(1, 2))
    D = np.stack(derivs)  # (depth, trials, width)
    active = None
    if width == 1:  # the article's product itself (no division, so no rounding beyond the product)
        gain = np.abs(np.prod(D[:, :, 0], axis=0))
        active = float(np.mean(np.all(D[:, :, 0] == 1.0, axis=0)))
    else:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            gain = grad / (np.sqrt(width) * xnorm * wnorm)
    return _Trials(grad, gain, active)


def simulate(
    act: Activation,
    depths: Iterable[int] = (1, 3, 5, 10, 20, 50),
    widths: Iterable[int] = WIDTHS,
    inits: Iterable[str] = INITS,
    trials: dict[int, int] | None = None,
    seed: int = 0,
    lipschitz: sp.Expr | None = None,
) -> Simulation:
    """Run the experiment (module docstring); ``lipschitz`` = sup |f'| (certified) gives the
    bound column; by default it is taken from :func:`symact.gradients.analyze`."""
    if lipschitz is None:
        from .gradients import analyze

        lipschitz = analyze(act, expected=False).lipschitz
    f, df = _numeric(act, 0), _numeric(act, 1)
    trials = dict(TRIALS if trials is None else trials)
    rows = []
    bounded = lipschitz is not None and lipschitz.is_finite and not lipschitz.free_symbols
    for wi, width in enumerate(widths):
        for ii, init in enumerate(inits):
            for depth in depths:
                t = trials.get(width, trials.get(1, 100))
                rng = np.random.default_rng([seed, width, ii, depth])
                with np.errstate(over="ignore", under="ignore"):
                    out = _run(f, df, width, init, depth, t, rng)
                grad, gain = out.grad, out.gain
                ok = np.isfinite(grad) & np.isfinite(gain)
                nonfinite = int(np.count_nonzero(~ok))
                grad, gain = grad[ok], gain[ok]
                bound = _float_up(lipschitz**depth) if bounded else None  # type: ignore[operator]
                worst = None
                if bound is not None and gain.size:
                    worst = float(np.max(gain) / bound) if bound > 0 else (0.0 if np.max(gain) == 0 else float("inf"))
                rows.append(
                    SimulationRow(
                        width=width,
                        init=init,
                        depth=depth,
                        trials=t,
                        grad_median=float(np.median(grad)) if grad.size else float("nan"),
                        grad_max=float(np.max(grad)) if grad.size else float("nan"),
                        gain_median=float(np.median(gain)) if gain.size else float("nan"),
                        gain_max=float(np.max(gain)) if gain.size else float("nan"),
                        bound=bound,
                        worst_ratio=worst,
                        zero_fraction=float(np.mean(grad == 0)) if grad.size else float("nan"),
                        all_active_fraction=out.active,
                        nonfinite=nonfinite,
                    )
                )
    return Simulation(act.name, seed, lipschitz, EVALUATOR, tuple(rows))


def within_bound(row: SimulationRow) -> bool:
    """The measured gains of ``row`` never exceed the bound (up to rounding slack)."""
    return row.bound is None or row.worst_ratio is None or row.worst_ratio <= 1 + _SLACK
