"""mpmath helpers shared by test_truth.py and the judge (no symact import)."""
from __future__ import annotations

import mpmath as mp

from tests.adversarial3.cases import M

mp.mp.dps = 80


def grid():
    xs = [M(-20) + k * M("0.05") + M("0.0123456789") * mp.pi / 10 for k in range(801)]
    xs += [M(s) * M(10) ** e + M("0.0001234") for e in (2, 3) for s in (-1, 1)]
    return xs


def f2(f, x, exact=None):
    return exact(x) if exact is not None else mp.diff(f, x, 2)


def second_diff(f, x, h):
    return f(x - h) - 2 * f(x) + f(x + h)


def sd_signs(case):
    """signs of second differences over the grid (h = 1e-3, 1e-8) and at the probes."""
    f = case["f"]
    neg = pos = False
    pts = [(x, h) for x in grid() for h in (M(10) ** -3, M(10) ** -8)]
    # the usual kink points of the corpus, straddled at several widths
    kinks = [M(0), M(1), M(-1), M(1) / 2, -M(1) / 2, M(3), M(-3), M(6), mp.sqrt(2), mp.pi, -mp.e,
             M(10) ** 6, -M(10) ** 6, M(10) ** -20, -M(10) ** -20]
    pts += [(k, h) for k in kinks for h in (M(10) ** -3, M(10) ** -30, M(1) / 10)]
    pts += [(mp.mpf(x), mp.mpf(h)) for x, h in case["truth"].get("probes", [])]
    worst = []
    for x, h in pts:
        a, b, c = f(x - h), f(x), f(x + h)
        d = a - 2 * b + c
        tol = M(10) ** -70 * (max(abs(a), abs(b), abs(c)) + (1 + abs(x)) * abs(c - a) / (2 * h)) + M(10) ** -300
        if d < -tol:
            neg = True
            worst.append(("neg", x, h))
        if d > tol:
            pos = True
    return neg, pos, worst


def inflections(case):
    """the sign changes of f'' in [-20, 20] (smooth cases), refined by findroot; for the
    listed truth points, a fine check around each as well."""
    f = case["f"]
    xs = sorted(set(grid()[:801]
                    + [p + s * d for p in _listed(case) for s in (-1, 1)
                       for d in (M(10) ** -9, M(10) ** -5, M("0.01"), M(10) ** -13, M(10) ** -18,
                                 M(10) ** -24, M(10) ** -32)]))
    vals = [f2(f, x, case.get("f2")) for x in xs]
    tol = M(10) ** -60
    roots = []
    last = None
    for x, v in zip(xs, vals):
        if abs(v) <= tol:
            continue
        if last is not None and (last[1] > 0) != (v > 0):
            a, b = last[0], x
            try:
                r = mp.findroot(lambda t: f2(f, t, case.get("f2")), (a, b), solver="illinois")
            except Exception:  # noqa: BLE001
                r = (a + b) / 2
            if not (a <= r <= b):
                r = (a + b) / 2
            roots.append(r)
        last = (x, v)
    return roots


def _listed(case):
    infl = case["truth"].get("infl")
    if isinstance(infl, list):
        return [p for p in infl if not isinstance(p, str)]
    return []
