"""Re-establish every truth of cases.py with mpmath at 80 digits (no symact import)."""
from __future__ import annotations

import mpmath as mp
import pytest

from tests.adversarial3 import truthlib
from tests.adversarial3.cases import CASES, M

WORD = {(False, True): "convex", (True, False): "concave", (False, False): "affine",
        (True, True): "neither"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_truth(case):
    t = case["truth"]
    neg, pos, _ = truthlib.sd_signs(case)
    assert WORD[(neg, pos)] == t["convexity"], (neg, pos)
    infl = t.get("infl")
    if isinstance(infl, list) and not (infl and infl[0] == "findroot"):
        roots = truthlib.inflections(case)
        assert len(roots) == len(infl), [mp.nstr(r, 15) for r in roots]
        for r, p in zip(sorted(roots), sorted(infl)):
            assert abs(r - p) <= M(10) ** -12 * (1 + abs(p)), (r, p)
    elif infl == "infinite":
        per = t.get("period")
        if per is None:
            assert len(truthlib.inflections(case)) >= 5
        else:  # f'' < 0 at the probe and > 0 half a period on, in 6 periods: >= 10 sign changes
            x0 = mp.mpf(t["probes"][0][0])
            for k in range(6):
                assert truthlib.f2(case["f"], x0 + k * per) < 0
                assert truthlib.f2(case["f"], x0 + k * per + per / 2) > 0
    elif infl == "findroot" or (isinstance(infl, list) and infl[0] == "findroot"):
        roots = truthlib.inflections(case)
        assert 1 <= len(roots) <= 4
    f = case["f"]
    xs = truthlib.grid()
    for key, sgn in (("max", 1), ("min", -1)):
        if key in t:
            v = M(t[key])
            ys = [f(x) for x in xs]
            assert all(sgn * (y - v) <= M(10) ** -40 for y in ys)
            assert min(abs(y - v) for y in ys) < M("0.01") or key in ("max", "min")
    if "sym" in t:
        xs2 = xs[:801:5]
        ev = max(abs(f(-x) - f(x)) for x in xs2)
        od = max(abs(f(-x) + f(x)) for x in xs2)
        assert {"even": ev < M(10) ** -60, "odd": od < M(10) ** -60}[t["sym"]]
    if "mono" in t:
        ys = [f(x) for x in xs[:801]]
        assert all(b > a for a, b in zip(ys, ys[1:])) and t["mono"] == "increasing"
