"""Reproducible sample points for the numeric cross-checks of derive and verify, with a
bounded number of draws.

``numeric.sample_points`` (kept as it is: the kernels' plan cache is keyed on the content of
numeric.py, and re-measuring every plan costs tens of minutes) draws log-uniform points until
``n`` of them fall in (lo, hi): on an interval such as (-1e-4, 0) that never happens and the
loop ran forever (``verify '|x| = x, x > -10^{-4}'`` hung).  This version falls back to
uniform draws after ``1000 n`` misses and returns what it found after ``2000 n + 1000``, so
its cost is bounded whatever the interval; on ordinary intervals it returns exactly the points
numeric.sample_points returns (same seed, same draws).
"""

from __future__ import annotations

import math
import random
from typing import Iterable

import mpmath

__all__ = ["sample_points"]


def sample_points(n: int, lo: float = -12.0, hi: float = 12.0, seed: int = 0, avoid: Iterable[float] = (), gap: float = 1e-3) -> list[mpmath.mpf]:
    """``n`` reproducible points in (lo, hi), half uniform and half log-uniform in |x|,
    at least ``gap`` away from the points in ``avoid`` (kinks)."""
    rng = random.Random(seed)
    avoid = [float(a) for a in avoid]
    out: list[mpmath.mpf] = []
    misses = 0
    while len(out) < n:
        if misses > 2000 * n + 1000:
            # the interval is too small for the log-uniform draws, or covered by ``avoid``
            # (x in (-1e-4, 0)): return the points found rather than draw forever
            break
        if len(out) % 2 or misses > 1000 * n:
            t = rng.uniform(lo, hi)
            if not lo < t < hi:  # uniform(lo, hi) may return hi itself
                misses += 1
                continue
        else:
            mag = 10 ** rng.uniform(-3, math.log10(max(abs(lo), abs(hi))))
            t = mag if rng.random() < 0.5 else -mag
            if not lo < t < hi:
                misses += 1
                continue
        if any(abs(t - a) < gap for a in avoid):
            misses += 1
            continue
        out.append(mpmath.mpf(repr(t)))
    return out
