"""The truths of cases.py, re-established without symact: every false verify claim has a
witness where my mpmath sides violate it; every true one holds on a scan of 700 points
(linear, logarithmic out to 1e30, and the special points pi/4, sqrt 2, ln 2, ...); the
40-digit constants of the margin cases bracket the mpmath extremum; prove truths are
checked at sample points where they are numbers (value_at_0, limits at +-1e6 for finite
limits, the range against sampled values)."""

from __future__ import annotations

import mpmath as mp
import pytest

from tests.adversarial2.cases import CASES, DPS, K, dgelu, dsilu, gelu, mish, silu
from tests.adversarial2.judge import chain_holds, to_mpf

VERIFY = [c for c in CASES if c["kind"] == "verify" and c["chain"] is not None]


def _scan_points():
    pts = [mp.mpf(i) / 8 for i in range(-160, 161)]
    for e in range(-30, 3):
        for s in (1, -1):
            pts.append(s * mp.mpf(10) ** e)
            pts.append(s * 3 * mp.mpf(10) ** e)
    pts += [mp.pi / 4, mp.sqrt(2), mp.log(2), -3 * mp.pi / 2, mp.mpf("0.6931471805599453"),
            mp.mpf("0.7853981633974483"), mp.mpf(0), mp.sqrt(2) - mp.mpf(10) ** -50,
            mp.log(2) - mp.mpf(10) ** -50, mp.pi / 4 - mp.mpf(10) ** -50, mp.mpf(500),
            mp.mpf(-1000), mp.mpf(1000)]
    return pts


@pytest.mark.parametrize("case", VERIFY, ids=[c["id"] for c in VERIFY])
def test_verify_truth(case):
    dps = case["dps"]
    with mp.workdps(dps):
        chain = case["chain"]
        constant = all(isinstance(s, K) or not callable(s) for s in chain[0::2])
        if case["holds"]:
            pts = [mp.mpf(0)] if constant else _scan_points()
            bad = [p for p in pts if not chain_holds(chain, p, dps)]
            # saturation (tanh(1000) < 1 needs 870 digits): retry those points at 1200 digits
            bad = [p for p in bad if not chain_holds(chain, p, 1200)]
            assert not bad, f"true claim fails at {[mp.nstr(b, 20) for b in bad[:3]]}"
        elif constant:
            assert not chain_holds(chain, mp.mpf(0), dps)
        else:
            assert case["witness"] is not None
            assert not chain_holds(chain, case["witness"], dps), "witness is none"


@pytest.mark.parametrize("f,x0,lo,hi", [
    (silu, -1.28, "-0.2784645427610737951093587390229801554395", "-0.2784645427610737951093587390229801554394"),
    (gelu, -0.75, "-0.1699712074799036616938684709824339228329", "-0.1699712074799036616938684709824339228328"),
    (mish, -1.19, "-0.3088434130172504066287602290419537284596", "-0.3088434130172504066287602290419537284595"),
])
def test_minima_bracketed(f, x0, lo, hi):
    with mp.workdps(DPS):
        xm = mp.findroot(lambda x: mp.diff(f, x), x0)
        m = f(xm)
        assert mp.mpf(lo) < m < mp.mpf(hi)
        # and it is the global minimum: a scan finds nothing lower
        assert all(f(mp.mpf(i) / 64) >= m for i in range(-640, 641))


def test_derivative_extrema_bracketed():
    with mp.workdps(DPS):
        gmax = mp.mpf(1) / 2 + mp.erf(1) / 2 + mp.exp(-1) / mp.sqrt(mp.pi)
        assert abs(dgelu(mp.sqrt(2)) - gmax) < mp.mpf(10) ** -90
        assert mp.mpf("1.1289041451851547863407444422619733123324") < gmax < \
            mp.mpf("1.1289041451851547863407444422619733123325")
        assert all(dgelu(mp.mpf(i) / 64) <= gmax for i in range(-640, 641))
        r = mp.findroot(lambda x: mp.diff(dsilu, x), 2.4)
        v = dsilu(r)
        assert mp.mpf("1.0998393201288669169581849243205709721307") < v < \
            mp.mpf("1.0998393201288669169581849243205709721308")
        assert all(dsilu(mp.mpf(i) / 64) <= v for i in range(-640, 641))
        assert mp.nstr(v, 60).startswith("1.09983932012886691695818492432057097213072939420930360")


PROVE = [c for c in CASES if c["kind"] == "prove" and c.get("f") is not None]


@pytest.mark.parametrize("case", PROVE, ids=[c["id"] for c in PROVE])
def test_prove_truth_samples(case):
    f, t = case["f"], case["truth"]
    with mp.workdps(DPS):
        if "value_at_0" in t and t["value_at_0"] != "undefined":
            assert abs(mp.mpf(f(mp.mpf(0))) - to_mpf(t["value_at_0"])) < mp.mpf(10) ** -60
        for key, x in (("limit_oo", mp.mpf(10) ** 6), ("limit_-oo", -mp.mpf(10) ** 6)):
            v = t.get(key)
            if v not in (None, "oo", "-oo", "no limit"):
                assert abs(mp.mpf(f(x)) - to_mpf(v)) < mp.mpf(10) ** -3
        for key in ("max", "min"):
            if key in t and t[key][0] not in ("oo", "-oo"):
                bound = to_mpf(t[key][0])
                vals = [mp.mpf(f(mp.mpf(i) / 16)) for i in range(-400, 401)
                        if i != 0 or t.get("value_at_0") != "undefined"]
                if key == "max":
                    assert max(vals) <= bound + mp.mpf(10) ** -60
                else:
                    assert min(vals) >= bound - mp.mpf(10) ** -60


@pytest.mark.parametrize("cid,x0", [("cat_swish_beta_2", -0.64), ("cat_gelu_tanh", -0.75),
                                    ("cat_mish", -1.19)])
def test_catalogue_minima(cid, x0):
    case = next(c for c in CASES if c["id"] == cid)
    f = case["f"]
    with mp.workdps(DPS):
        xm = mp.findroot(lambda x: mp.diff(f, x), x0)
        assert abs(f(xm) - to_mpf(case["truth"]["min"][0])) < mp.mpf(10) ** -60
        assert all(f(mp.mpf(i) / 64) >= f(xm) for i in range(-640, 641))


def test_gelu_tanh_binary_coefficient_differs():
    """The point of cat_gelu_tanh / f_gelu_tanh_1: 0.044715 as a binary double changes the
    value from about the 18th digit, so a prover that read the catalogue's Float as binary
    would be caught at 30 digits."""
    from tests.adversarial2.cases import gelu_tanh
    with mp.workdps(DPS):
        c_bin = mp.mpf(0.044715)  # the double
        g_bin = 1 / mp.mpf(2) * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (1 + c_bin)))
        assert mp.mpf(10) ** -22 < abs(g_bin - gelu_tanh(mp.mpf(1))) < mp.mpf(10) ** -15
