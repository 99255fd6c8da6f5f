"""A picture of an activation: f, f' and f'' with the facts symact proved marked on them.

``plot(act)`` (or ``Activation.plot()``) draws three panels sharing the x axis: f, f' and
f''.  The curves are symact's own numeric kernels on a grid (drawing only: no decision is
taken on these floats).  Everything *marked* is a fact the engine established, read from its
records, never recomputed here:

* extrema of f and of f' (the prover's ``max``, ``min``, ``sup_derivative`` and
  ``inf_derivative`` claims, *proved* ones only): a point where the extremum is attained at
  a point, a thick segment where it is attained on an interval, a dashed line where it is a
  supremum or infimum that is not attained;
* horizontal asymptotes (the prover's proved finite ``limit_-oo`` / ``limit_oo``), dotted;
* kinks (``derive``'s kinks: the points where f' or f'' is not defined), as a vertical line
  through every panel and open circles at the one-sided limits on the panel of the order
  that is not defined there; jumps of f (``continuity_orders`` = -1) break the curve.

Each marker carries a ``gid`` (``"max"``, ``"sup_derivative"``, ``"asymptote:-oo"``,
``"kink:1:0"``, ...) so that a program (or a test) can find it.

matplotlib is an optional dependency (the ``plot`` extra: ``pip install 'symact[plot]'``);
without it :func:`plot` raises an ``ImportError`` that names the extra.  The figure is a
``matplotlib.figure.Figure`` made without pyplot, so nothing global changes and a notebook
shows it once (as the cell's result).
"""

from __future__ import annotations

import math
import sys
import warnings
from typing import TYPE_CHECKING, Any, Sequence

import sympy as sp

from .errors import ParameterError, UsageError
from .spec import Activation

if TYPE_CHECKING:
    from .results import Claim

__all__ = ["plot", "INSTALL_HINT"]

INSTALL_HINT = "pip install 'symact[plot]' (or pip install matplotlib)"
#: the default window, the report's (symact.report.PLOT_RANGE)
DEFAULT_RANGE = (-6.0, 6.0)
POINTS = 601

_EXTREMA = {0: ("max", "min"), 1: ("sup_derivative", "inf_derivative")}
_TITLES = {0: "f", 1: "f'", 2: "f''"}


def _figure_class() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(f"Activation.plot() needs matplotlib, which is not installed: {INSTALL_HINT}") from exc
    return Figure


def _show_in_ipython(figure_class: Any) -> None:
    """In IPython/Jupyter, show a Figure that is a cell's result as a PNG.

    IPython does that only once pyplot's inline backend is set up (``%matplotlib inline``, or
    ``import matplotlib.pyplot``); a figure made without pyplot would print as its repr.  The
    formatter is registered only when none is, so a user's own choice (svg, retina) stays.
    IPython is never imported here: outside it nothing happens."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    if shell is None:
        return
    png = shell.display_formatter.formatters.get("image/png")
    if png is None:
        return
    try:
        png.lookup_by_type(figure_class)
        return
    except KeyError:
        pass
    from IPython.core.pylabtools import print_figure

    png.for_type(figure_class, lambda fig: print_figure(fig, "png"))  # type: ignore[no-untyped-call]  # IPython leaves print_figure unannotated


def _float(v: Any) -> float | None:
    """A drawing coordinate (None for infinities and values that are not real numbers)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v) if math.isfinite(v) else None
    if not isinstance(v, sp.Basic):  # a word ('increasing'), a set, None: not a coordinate
        return None
    from .render import decimal_text

    try:
        if not v.is_number or v.is_infinite or v.has(sp.nan, sp.zoo):
            return None
        f = float(decimal_text(v, 17))  # correctly rounded by ball arithmetic, not evalf
    except (TypeError, ValueError, ArithmeticError):
        return None
    return f if math.isfinite(f) else None


def _places(at: Any, lo: float, hi: float) -> tuple[list[float], list[tuple[float, float]]]:
    """Points and intervals (clipped to the window) of a claim's ``at`` set."""
    points: list[float] = []
    spans: list[tuple[float, float]] = []
    if at is None:
        return points, spans
    parts = at.args if isinstance(at, sp.Union) else (at,)
    for part in parts:
        if isinstance(part, sp.FiniteSet):
            points += [p for p in (_float(a) for a in part) if p is not None and lo <= p <= hi]
        elif isinstance(part, sp.Interval):
            a = lo if part.start.is_infinite else max(lo, _float(part.start) or lo)
            b = hi if part.end.is_infinite else min(hi, _float(part.end) or hi)
            if a < b:
                spans.append((a, b))
    return points, spans


def _claim(proof: Any, prop: str) -> Any:
    for c in proof.claims:
        if c.property == prop and c.status == "proved":
            return c
    return None


def _fmt(v: Any) -> str:
    from ._notebook import value_text

    return value_text(v)


def _value_label(c: "Claim") -> str:
    """A claim's value as the legend shows it: exact, with its decimal when it is not a
    rational (the digits its enclosure certifies when only an enclosure is known)."""
    from .render import certified_digits, decimal_text

    if c.enclosure is not None:
        return "~ " + certified_digits(*c.enclosure, max_digits=8)
    text = _fmt(c.value)
    if isinstance(c.value, sp.Basic) and c.value.is_number and not c.value.is_Rational and c.value.is_finite:
        try:
            text += f" ~ {decimal_text(c.value, 8)}"
        except ValueError:
            pass
    return text


def _mark_extrema(ax: Any, proof: Any, order: int, lo: float, hi: float) -> None:
    for prop in _EXTREMA.get(order, ()):
        c = _claim(proof, prop)
        if c is None:
            continue
        y = _float(c.value)
        if y is None:  # +-oo: nothing to mark
            continue
        word = ("max" if prop in ("max", "sup_derivative") else "min") + (" f" if order == 0 else " f'")
        value = _value_label(c)
        label = f"{word} {value}" if value.startswith("~") else f"{word} = {value}"
        if c.attained:
            points, spans = _places(c.at, lo, hi)
            if points:
                ax.plot(points, [y] * len(points), linestyle="none", marker="o", markersize=6, color="C3",
                        zorder=5, label=label, gid=prop)
            for i, (a, b) in enumerate(spans):
                ax.plot([a, b], [y, y], linewidth=4, alpha=0.45, color="C3", solid_capstyle="butt", zorder=4,
                        label=label if not points and i == 0 else None, gid=prop)
        elif order == 0 and any(c.value == lim.value for lim in _limits(proof)):
            continue  # a supremum that is a limit at an end: the asymptote's line says so
        else:
            ax.axhline(y, linestyle="--", linewidth=0.9, color="C3", label=f"{label} (not attained)", gid=prop)


def _limits(proof: Any) -> list[Any]:
    """The proved finite limits of f at -oo and oo (horizontal asymptotes)."""
    out = []
    for prop in ("limit_-oo", "limit_oo"):
        c = _claim(proof, prop)
        if c is not None and _float(c.value) is not None:
            out.append(c)
    return out


def _mark_asymptotes(ax: Any, proof: Any) -> None:
    lims = _limits(proof)
    done: list[Any] = []
    for c in lims:
        if any(c.value == d.value for d in done):  # the same line at both ends: drawn once
            continue
        done.append(c)
        ends = [d.property[len("limit_"):] for d in lims if d.value == c.value]
        label = f"f -> {_fmt(c.value)} as " + " and ".join(f"x -> {e}" for e in ends)
        bounds = [("sup f" if p == "max" else "inf f") for p in ("max", "min")
                  if (e := _claim(proof, p)) is not None and not e.attained and e.value == c.value]
        if bounds:
            label += f" ({bounds[0]}, not attained)"
        ax.axhline(_float(c.value), linestyle=":", linewidth=1.1, color="0.35", label=label,
                   gid="asymptote:" + ",".join(ends))


def plot(act: Activation | str, *, xlim: Sequence[float] = DEFAULT_RANGE, points: int = POINTS,
         proof: Any = None, derivation: Any = None, figsize: tuple[float, float] = (6.4, 7.2)) -> Any:
    """f, f', f'' of ``act`` (an Activation or a catalogue name) on ``xlim`` with its proved
    extrema, asymptotes and kinks marked.

    ``proof`` and ``derivation`` default to ``act.prove()`` and ``act.derive((1, 2))`` (pass
    them to reuse results already computed).  Returns a ``matplotlib.figure.Figure``.
    """
    Figure = _figure_class()
    import numpy as np

    from .kernels import ContractWarning

    if isinstance(act, str):
        from .catalog import get

        act = get(act)
    if not isinstance(act, Activation):
        raise UsageError(f"plot() takes an Activation or its name, not {type(act).__name__}")
    if act.free_params:
        names = ", ".join(p.name for p in act.free_params)
        raise ParameterError(f"{act.name}: give the parameters {names} values to plot it (with_params)")
    lo, hi = (float(v) for v in xlim)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise UsageError(f"xlim must be two finite numbers lo < hi, got {tuple(xlim)!r}")
    if not 2 <= int(points) <= 100_000:
        raise UsageError(f"points must be between 2 and 100000, got {points!r}")
    if proof is None:
        proof = act.prove()
    if derivation is None:
        derivation = act.derive((1, 2))
    from .derive import continuity_orders

    kinks = {d.order: d.kinks for d in derivation.derivatives}
    jumps = [j for bp, m in zip(act.pieces.breakpoints, continuity_orders(act))
             if m == -1 and (j := _float(bp.at)) is not None]
    breaks: dict[int, list[float]] = {0: jumps}
    for order in (1, 2):
        breaks[order] = sorted({kk for k in kinks.get(order, ()) if (kk := _float(k.at)) is not None} | set(jumps))

    _show_in_ipython(Figure)
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(3, 1, sharex=True)
    grid = np.linspace(lo, hi, int(points))
    lines_at: set[float] = set()
    for order, ax in zip((0, 1, 2), axes):
        xs = grid
        cut = [b for b in breaks[order] if lo < b < hi]
        if cut:  # a NaN at each point where this order is not defined breaks the line there
            xs = np.sort(np.concatenate([grid[~np.isin(grid, cut)], cut]))
        with np.errstate(all="ignore"), warnings.catch_warnings():
            # a kernel that misses its ULP contract somewhere is still far more accurate than
            # a pixel: the warning is for users of the kernel, not of a picture
            warnings.simplefilter("ignore", ContractWarning)
            ys = np.asarray(act.kernel(order)(xs), dtype=float)
        if cut:
            ys = np.where(np.isin(xs, cut), np.nan, ys)
        ax.plot(xs, ys, color="C0", linewidth=1.6, label=f"{_TITLES[order]}(x)", gid=f"curve:{order}")
        ax.set_ylabel(_TITLES[order])
        ax.grid(True, linewidth=0.4, alpha=0.5)
        _mark_extrema(ax, proof, order, lo, hi)
        if order == 0:
            _mark_asymptotes(ax, proof)
        for k in kinks.get(order, ()):
            at = _float(k.at)
            if at is None or not lo <= at <= hi:
                continue
            ys_k = [v for v in (_float(k.left), _float(k.right)) if v is not None]
            ax.plot([at] * len(ys_k), ys_k, linestyle="none", marker="o", markersize=6, markerfacecolor="white",
                    markeredgecolor="C1", zorder=6, label=f"{_TITLES[order]} not defined at x = {_fmt(k.at)}",
                    gid=f"kink:{order}:{_fmt(k.at)}")
            if at not in lines_at:  # one vertical line per kink through every panel
                lines_at.add(at)
                for a in axes:
                    a.axvline(at, linestyle=":", linewidth=0.8, color="C1", gid=f"kinkline:{_fmt(k.at)}")
        ax.legend(loc="best", fontsize="small", frameon=False)
    axes[-1].set_xlabel("x")
    axes[-1].set_xlim(lo, hi)
    unknown = sum(1 for c in proof.claims if c.status != "proved")
    fig.suptitle(f"{act.name}(x) = {_short(str(act.expr))}" + (f"  ({unknown} claim{'s' if unknown != 1 else ''} not proved: not marked)" if unknown else ""),
                 fontsize="medium")
    return fig


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."
