"""Re-establishes every stored truth of cases.py without symact (mpmath only, at 70 digits,
pinned by conftest.py; the scans are repeated at 50 digits)."""
from __future__ import annotations

import mpmath as mp
import pytest

from tests.adversarial4 import cases as C
from tests.adversarial4.mpdefs import SELU_ALPHA, SELU_LAMBDA, grid, kinks, make, mpf, sig


def _scale(act, p):
    if act in ("softplus", "swish_beta"):
        return 1 / mpf(p["beta"])
    if act in ("softshrink", "hardshrink"):
        return mpf(p["lambd"])
    if act == "hard_tanh":
        return max(-mpf(p["min_val"]), mpf(p["max_val"]))
    if act == "squareplus":
        return mp.sqrt(mpf(p["b"]))
    if act == "celu":
        return mpf(p["alpha"])
    return mp.mpf(1)


def _slope(f, x, side, h):
    return (f(x + side * h) - f(x)) / (side * h)


def check_family(act, p):
    """Numerical evidence, at one parameter value, for every property of the family truth."""
    t = C.FAMILY[act](p)
    f = make(act, p)
    s = _scale(act, p)
    xs = grid(s)
    ks = kinks(act, p)
    fx = [f(x) for x in xs]
    tol = mp.mpf(10) ** -40
    # range: every value inside, extremes approached
    for x, v in zip(xs, fx):
        e = tol * abs(v)
        mid = abs(x) <= 30 * s   # far out an open end is reached after rounding
        assert any((lo - e <= v <= hi + e) and not (mid and v == lo and not lc and not mp.isinf(lo))
                   and not (mid and v == hi and not rc and not mp.isinf(hi)) for lo, hi, lc, rc in t["range"]), (act, p, x, v)
    assert abs(f(mp.mpf(0)) - mpf(t["value_at_0"])) <= tol * (1 + abs(mpf(t["value_at_0"])))
    # limits
    for key, sgn in (("limit_-oo", -1), ("limit_oo", 1)):
        far = f(sgn * s * mp.mpf(10) ** 400)
        want = mpf(t[key])
        if mp.isinf(want):
            assert far * want > 0 and abs(far) > mp.mpf(10) ** 50 * s
        else:
            assert abs(far - want) <= mp.mpf(10) ** -30 * (1 + abs(want)) + abs(want) * mp.mpf(10) ** -30
    # monotonic
    near = [(x, v) for x, v in zip(xs, fx) if abs(x) <= 30 * s]
    diffs = [b[1] - a[1] for a, b in zip(near, near[1:])]
    if t["monotonic"] == "increasing":
        assert all(dv > 0 for dv in diffs), act
    elif t["monotonic"] == "non-decreasing":
        assert all(dv >= 0 for dv in diffs) and any(dv == 0 for dv in diffs)
    else:
        assert any(dv < 0 for dv in diffs) and any(dv > 0 for dv in diffs)
    # derivative bounds: one-sided difference quotients away from kinks
    h = s * mp.mpf(10) ** -25
    ds = [_slope(f, x, 1, h) for x in xs if all(abs(x - k) > 10 * h for k in ks)]
    sup, inf = mpf(t["sup_derivative"]), mpf(t["inf_derivative"])
    assert max(ds) <= sup * (1 + mp.mpf(10) ** -20) + mp.mpf(10) ** -20
    assert min(ds) >= inf - mp.mpf(10) ** -20
    assert max(ds) >= sup * (1 - mp.mpf("1e-3")) - mp.mpf("1e-3")
    if not mp.isinf(mpf(t["lipschitz"])):
        assert mpf(t["lipschitz"]) == max(abs(sup), abs(inf))
    # kinks: one-sided slopes differ exactly where the truth says
    for k in ks:
        hk = max(abs(k), s) * mp.mpf(10) ** -40
        left, right = _slope(f, k, -1, hk), _slope(f, k, 1, hk)
        d1 = abs(f(k + hk) - f(k - hk))
        d2 = abs(f(k + hk / 10 ** 10) - f(k - hk / 10 ** 10))
        jump = d1 > 0 and d2 > d1 / 10 ** 5
        not_diff = jump or abs(left - right) > mp.mpf(10) ** -35 * (abs(left) + abs(right))
        listed = any(abs(k - mpf(w)) <= mp.mpf(10) ** -50 * (1 + abs(k)) for w in t["differentiable"])
        assert not_diff == listed, (act, p, k, left, right)
        if t["continuity"] == -1:
            pass
        elif jump:
            raise AssertionError(f"jump at {k} but continuity {t['continuity']}")
    if t["continuity"] == -1:
        assert any(abs(f(k + s * mp.mpf(10) ** -40) - f(k - s * mp.mpf(10) ** -40)) > mp.mpf(10) ** -10 * s for k in ks)
    # C^1 vs C^0 at a kink of f'': second one-sided slopes
    if t["continuity"] == 1 and ks:
        k = ks[0]
        hk = s * mp.mpf(10) ** -20
        d2l = (f(k) - 2 * f(k - hk) + f(k - 2 * hk)) / hk ** 2
        d2r = (f(k + 2 * hk) - 2 * f(k + hk) + f(k)) / hk ** 2
        assert abs(d2l - d2r) > mp.mpf(10) ** -5 / s  # f'' jumps: exactly C^1
    # convexity by second differences (step s/8 on the grid's linear part)
    hh = s / 8
    lin = [s * mp.mpf(i) / 8 for i in range(-96, 97)]
    sec = [(f(x - hh) - 2 * f(x) + f(x + hh)) / ((abs(f(x - hh)) + abs(f(x)) + abs(f(x + hh))) or 1) for x in lin]
    small = mp.mpf(10) ** -45
    word = t["convexity"]
    if word == "convex":
        assert all(v >= -small for v in sec) and any(v > small for v in sec)
    elif word == "concave":
        assert all(v <= small for v in sec) and any(v < -small for v in sec)
    elif word == "affine":
        assert all(abs(v) <= small for v in sec)
    else:
        # kinks: second differences straddling them at h = 1e-32 (a slope drop of 1e-30 shows)
        probe = [f(k - hh2) - 2 * f(k) + f(k + hh2) for k in ks for hh2 in (max(abs(k), s) * mp.mpf(10) ** -32, s / 1000)]
        assert (any(v > small for v in sec) or any(v > 0 for v in probe)) and (any(v < -small for v in sec) or any(v < 0 for v in probe))
    # symmetry about 0
    odd = all(abs(f(-x) + f(x)) <= mp.mpf(10) ** -50 * (abs(f(x)) + abs(f(-x))) for x in xs)
    even = all(abs(f(-x) - f(x)) <= mp.mpf(10) ** -50 * (abs(f(x)) + abs(f(-x))) for x in xs)
    assert {"odd": odd and not even, "even": even and not odd, "none": not odd and not even}[t["symmetry"]], (act, p)
    # attained flags of min (where stated)
    if "min_attained" in t and not mp.isinf(mpf(t["min"])):
        m = min(fx)
        if t["min_attained"]:
            assert m <= mpf(t["min"]) * (1 - mp.mpf("1e-6")) or abs(m - mpf(t["min"])) < mp.mpf("1e-4") * abs(mpf(t["min"]))
        else:
            assert all(v > mpf(t["min"]) for x, v in zip(xs, fx) if abs(x) <= 30 * s)


PROVE = [c for c in C.CASES if c["kind"] == "prove"]


@pytest.mark.parametrize("case", PROVE, ids=[c["id"] for c in PROVE])
def test_prove_truth(case):
    for p in case["samples"]:
        check_family(case["act"], p)


def test_constants():
    # silu/swish: min and argmin, sup of silu' by findroot, and the identity silu'(x) + silu'(-x) = 1
    assert abs(C.SILU_ARGMIN * sig(C.SILU_ARGMIN) - C.SILU_MIN) < mp.mpf(10) ** -60
    assert abs(mp.diff(make("silu"), C.SILU_ARGMIN)) < mp.mpf(10) ** -50
    assert mp.nstr(C.SILU_MIN, 12) == "-0.278464542761"
    assert abs(C._silu_d(C.SILU_T1) - mp.diff(make("silu"), C.SILU_T1)) < mp.mpf(10) ** -40
    for x in (mp.mpf("0.3"), mp.mpf(5)):
        assert abs(C._silu_d(x) + C._silu_d(-x) - 1) < mp.mpf(10) ** -60
    for t in [mp.mpf(i) / 10 for i in range(-100, 101)]:
        assert C._silu_d(t) <= C.SILU_DMAX + mp.mpf(10) ** -60
    # gelu: gelu'' = phi(x)(2 - x^2), so sup gelu' at sqrt 2
    g = make("gelu")
    assert abs(mp.diff(g, mp.sqrt(2)) - C.GELU_DMAX) < mp.mpf(10) ** -40
    for t in [mp.mpf(i) / 10 for i in range(-100, 101)]:
        assert mp.diff(g, t) <= C.GELU_DMAX + mp.mpf(10) ** -40
    m = make("mish")
    for t in [mp.mpf(i) / 10 for i in range(-100, 101)]:
        assert C.MISH_DMIN - mp.mpf(10) ** -40 <= mp.diff(m, t) <= C.MISH_DMAX + mp.mpf(10) ** -40
    assert abs(mp.diff(lambda x: -2 * x * mp.exp(-x * x), 1 / mp.sqrt(2))) < mp.mpf(10) ** -50
    assert abs(2 / mp.sqrt(2) * mp.exp(-mp.mpf(1) / 2) - C.GAUSS_DMAX) < mp.mpf(10) ** -60


# ---- relations: every relation in my table is an identity at 200 points, at two precisions
def test_relation_table():
    for name, sides in C.REL_TRUTH.items():
        for dps in (50, 70):
            with mp.workdps(dps):
                for i in range(-100, 101):
                    x = mp.mpf(i) / 5
                    a, b = sides(x)
                    assert abs(a - b) <= mp.mpf(10) ** -(dps // 2) * (1 + abs(a)), (name, x)


# ---- verify
POINT_CLAIMS = {
    "v_sigma3_0": lambda: abs(mp.diff(sig, 0, 3) + mp.mpf(1) / 8) < mp.mpf(10) ** -40,
    "v_sigma3_0_wrong": lambda: abs(mp.diff(sig, 0, 3) + mp.mpf(1) / 8 - mp.mpf(10) ** -40) < mp.mpf(10) ** -50,
    "v_tanh3_0": lambda: abs(mp.diff(mp.tanh, 0, 3) + 2) < mp.mpf(10) ** -40,
    "v_gelu2_0": lambda: abs(mp.diff(make("gelu"), 0, 2) - mp.sqrt(2 / mp.pi)) < mp.mpf(10) ** -40,
    "v_gelu3_0": lambda: abs(mp.diff(make("gelu"), 0, 3)) < mp.mpf(10) ** -40,
    "v_silu2_0": lambda: abs(mp.diff(make("silu"), 0, 2) - mp.mpf(1) / 2) < mp.mpf(10) ** -40,
    "v_silu3_0": lambda: abs(mp.diff(make("silu"), 0, 3)) < mp.mpf(10) ** -40,
    "v_mish2_0": lambda: abs(mp.diff(make("mish"), 0, 2) - mp.mpf(16) / 25) < mp.mpf(10) ** -40,
    "vk_softsign2_0": lambda: _exists(make("softsign"), 0, 2, 0),
    "vk_relu1_0": lambda: _exists(make("relu"), 0, 1, 0),
    "vk_elu1_0": lambda: _exists(make("elu"), 0, 1, 1),
    "vk_elu2_0": lambda: _exists(make("elu"), 0, 2, 1),
    "vk_celu2_0": lambda: _exists(make("celu"), 0, 2, 0),
    "vk_sparse2_1": lambda: _exists(make("sparse_plus"), 1, 2, mp.mpf(1) / 2),
    "vk_sparse1_1": lambda: _exists(make("sparse_plus"), 1, 1, 1),
    "vk_hswish1_3": lambda: _exists(make("hard_swish"), 3, 1, 1),
    "vk_hswish1_m3": lambda: _exists(make("hard_swish"), -3, 1, 0),
    "v_mish2_0_wrong": lambda: abs(mp.diff(make("mish"), 0, 2) - mp.mpf("0.64000000000000000000001")) < mp.mpf(10) ** -40,
}
VERIFY = [c for c in C.CASES if c["kind"] == "verify"]


def _exists(f, c, k, v):
    """f^(k)(c) exists and equals v: the one-sided k-th derivatives (finite differences taken on
    one side only, h = 1e-20) agree with each other and with v."""
    h = mp.mpf(10) ** -20
    def one(side):
        pts = [f(c + side * j * h) for j in range(k + 2)]
        # forward differences of order k on one side, corrected to first order
        dk = sum((-1) ** (k - j) * mp.binomial(k, j) * pts[j] for j in range(k + 1)) / (side * h) ** k
        return dk
    left, right = one(-1), one(1)
    return abs(left - right) < mp.mpf(10) ** -15 and abs(left - v) < mp.mpf(10) ** -15


def _scan():
    pts = [mp.mpf(i) / 16 for i in range(-320, 321)]
    pts += [s * mp.mpf(10) ** e for e in range(-30, 4) for s in (1, -1)]
    pts += [mp.mpf(v) for v in (30, -30, 50, -50, 80, -80, 120, -120)]
    return pts


@pytest.mark.parametrize("case", VERIFY, ids=[c["id"] for c in VERIFY])
def test_verify_truth(case):
    if case["pred"] is None:
        assert POINT_CLAIMS[case["id"]]() == case["truth"]
        return
    if case["truth"]:
        for dps in (50, 70):
            with mp.workdps(dps):
                bad = [x for x in _scan() if not case["pred"](x)]
                assert not bad, (case["id"], bad[:3])
    else:
        assert case["witness"] is not None
        assert not case["pred"](case["witness"])
        with mp.workdps(90):
            assert not case["pred"](mp.mpf(case["witness"]))


# ---- gradient: my sup/inf of f' against a scan, attainment by the scan or the structure
GRAD = [c for c in C.CASES if c["kind"] == "gradient" and "gsamples" not in c]
GSYM = [c for c in C.CASES if c["kind"] == "gradient" and "gsamples" in c]


@pytest.mark.parametrize("case", GSYM, ids=[c["id"] for c in GSYM])
def test_gradient_symbolic_truth(case):
    for params, sup, inf, sa, ia, dprime in case["gsamples"]:
        pts = [mp.mpf(i) / 64 for i in range(-640, 641)] + [s * mp.mpf(10) ** e for e in range(-40, 8) for s in (1, -1)]
        vals = [mp.mpf(dprime(x)) for x in pts]
        assert max(vals) <= mpf(sup) + mp.mpf(10) ** -45 and min(vals) >= mpf(inf) - mp.mpf(10) ** -45
        assert max(vals) >= mpf(sup) - mp.mpf("1e-3") and min(vals) <= mpf(inf) + mp.mpf("1e-3")
        if sa:
            assert max(vals) == mpf(sup)


@pytest.mark.parametrize("case", GRAD, ids=[c["id"] for c in GRAD])
def test_gradient_truth(case):
    sc = case.get("scale", 1)
    pts = [sc * mp.mpf(i) / 64 for i in range(-1280, 1281)] + [sc * s * mp.mpf(10) ** e for e in range(-40, 8) for s in (1, -1)]
    vals = [mp.mpf(case["dprime"](x)) for x in pts]
    sup, inf = case["sup"], case["inf"]
    assert max(vals) <= sup + mp.mpf(10) ** -45 and min(vals) >= inf - mp.mpf(10) ** -45
    assert max(vals) >= sup - mp.mpf("1e-3") and min(vals) <= inf + mp.mpf("1e-3")
    if case["sup_att"] and case["id"] not in ("g_swish_small_20",):
        assert max(vals) >= sup - mp.mpf(10) ** -20 or case["id"] in ("g_gelu_3", "g_gelu_1000", "g_silu_1000", "g_mish_20", "g_swish_two_20", "g_gaussian_2", "g_gaussian_3")


# ---- derive: my f agrees with an independent second formula where one exists; mp.diff is stable across precisions
DER = [c for c in C.CASES if c["kind"] == "derive" and c["f"] is not None]


@pytest.mark.parametrize("case", DER, ids=[c["id"] for c in DER])
def test_derive_reference(case):
    f = case["f"]
    for x in (mp.mpf("-2.3"), mp.mpf("0.7"), mp.mpf("4.1")):
        with mp.workdps(50):
            a = mp.diff(f, x, 2)
        with mp.workdps(80):
            b = mp.diff(f, x, 2)
        assert abs(a - b) < mp.mpf(10) ** -30 * (1 + abs(b))


# ---- audit: the facts behind the cell truths
def test_audit_facts():
    silu_min = C.SILU_MIN
    assert mp.nstr(silu_min, 4) == "-0.2785" and mp.nstr(silu_min, 3) == "-0.278"
    assert silu_min < mp.mpf("-0.2784")           # the truncation excludes the minimum
    mish_min = min(make("mish")(mp.mpf(i) / 10000) for i in range(-13000, -11000))
    assert mp.nstr(mish_min, 4) == "-0.3088"
    gelu_min = min(make("gelu")(mp.mpf(i) / 10000) for i in range(-8000, -7000))
    assert mp.nstr(gelu_min, 2) == "-0.17" and gelu_min < mp.mpf("-0.16")
    assert mp.nstr(-mpf(SELU_ALPHA) * mpf(SELU_LAMBDA), 5) == "-1.7581"
    # ranges: attained ends
    assert make("relu")(mp.mpf(0)) == 0 and make("hard_sigmoid")(mp.mpf(-3)) == 0 and make("hard_sigmoid")(mp.mpf(3)) == 1
    assert make("gaussian")(mp.mpf(0)) == 1 and make("log_sigmoid")(mp.mpf(10) ** 3) < 0
    # derivative cells with a sign error: the sides differ at x = 1
    s1 = sig(mp.mpf(1))
    assert abs(s1 * (s1 - 1) - mp.diff(sig, 1)) > 0.1
    assert abs(mp.diff(make("silu"), 1) - (make("silu")(1) + s1 * (1 - make("silu")(1)))) < mp.mpf(10) ** -40
    assert abs(mp.diff(make("silu"), 1) - (make("silu")(1) + s1 * (1 + make("silu")(1)))) > 0.1
    assert abs(mp.diff(make("elu"), -1) - (make("elu")(-1) + 1)) < mp.mpf(10) ** -40
    # properties: tanhshrink'(0) = 0; hard_swish slopes at 3; softsign'' jumps at 0
    assert abs(mp.diff(make("tanhshrink"), 0)) < mp.mpf(10) ** -40
    hs = make("hard_swish")
    h = mp.mpf(10) ** -30
    assert abs((hs(3) - hs(3 - h)) / h - mp.mpf(3) / 2) < mp.mpf(10) ** -20
    assert abs(mp.diff(make("softplus", {"beta": 2}), 1) - sig(2)) < mp.mpf(10) ** -40


# ---- the judge itself: synthetic lies must be caught (so a silent judge cannot pass symact)
def _reply(obj, rc=0):
    import json
    return {"rc": rc, "stdout": json.dumps(obj), "stderr": ""}


def test_judge_catches_lies():
    from tests.adversarial4.judge import judge
    by = {c["id"]: c for c in C.CASES}
    claim = lambda prop, val, **kw: dict({"property": prop, "value": val, "status": "proved", "at": None,  # noqa: E731
                                          "attained": None, "enclosure": None}, **kw)
    # elu alpha = 1 + 1e-30 is not differentiable at 0 and not convex
    lie = {"claims": [claim("differentiable", "everywhere"), claim("convexity", "convex")]}
    assert len(judge(by["elu_one_plus"], _reply(lie))[0]) == 2
    # a symbolic claim false at alpha = 2 only
    lie = {"claims": [claim("continuity", "C^0 (smoother where Eq(alpha, 2))")]}
    assert judge(by["sym_elu"], _reply(lie))[0]
    lie = {"claims": [claim("sup_derivative", "1", attained=True)]}
    assert judge(by["sym_elu"], _reply(lie))[0]           # false for alpha > 1
    # derive: sigma' written f(1+f)
    lie = {"name": "sigmoid", "derivatives": [{"order": 1, "expr": "exp(-x)/(1+exp(-x))**2", "in_terms_of_f": "f*(1+f)", "kinks": []}]}
    assert judge(by["d_sigmoid"], _reply(lie))[0]
    ok = {"name": "sigmoid", "derivatives": [{"order": 1, "expr": "exp(-x)/(1+exp(-x))**2", "in_terms_of_f": "f*(1-f)", "kinks": []}]}
    assert not judge(by["d_sigmoid"], _reply(ok))[0]
    # x^3: the principal branch 3 f^(2/3) is not real for x < 0
    lie = {"name": "custom", "derivatives": [{"order": 1, "expr": "3*x**2", "in_terms_of_f": "3*f**(2/3)", "kinks": []}]}
    assert judge(by["dl_cube"], _reply(lie))[0]
    # gradient: a bound below the truth, a product range missing the attained top
    lie = {"status": "proved", "sup_derivative": "1/4", "inf_derivative": "0", "sup_attained": True, "inf_attained": False,
           "bound": "1/70", "product_range": "Interval.open(0, 1/64)", "grows": False, "critical_weight": "4"}
    assert len(judge(by["g_sigmoid_3"], _reply(lie))[0]) >= 2
    # verify: proved false, refuted true, a counterexample where the claim holds
    assert judge(by["v_tanh_sigma_shift"], _reply({"verdict": "proved"}))[0]
    assert judge(by["v_tanh_sigma"], _reply({"verdict": "refuted"}))[0]
    assert judge(by["v_silu_min_false"], _reply({"verdict": "refuted", "counterexample": {"x": "3"}}))[0]
    # relations: a false relation proved
    lie = {"relations": [{"value": "tanh(x) = 2 sigmoid(2x) - 1", "status": "refuted"}]}
    assert judge(by["rel_tanh"], _reply(lie))[0]
    # audit: a wrong cell judged correct, a correct one judged wrong
    lie = {"rows": [{"row": 1, "cells": [{"column": "range", "verdict": "correct", "printed": "[0,1)"}]},
                    {"row": 2, "cells": [{"column": "range", "verdict": "wrong", "printed": "(-1,1)"}]}]}
    probs = judge(by["a_ranges"], _reply(lie, rc=1))[0]
    assert sum("judged" in p for p in probs) == 2
    # exit code 4, a traceback, a hang
    assert judge(by["v_tanh_sigma"], {"rc": 4, "stdout": "", "stderr": "error: internal"})[0]
    assert judge(by["v_tanh_sigma"], {"rc": "hang", "stdout": "", "stderr": ""})[0]
    assert judge(by["v_tanh_sigma"], {"rc": 2, "stdout": "", "stderr": "Traceback (most recent call last):\n..."})[0]
