"""Re-establishes every truth of cases.py without symact (mpmath, 70 digits; conftest.py), and checks that the
judge catches synthetic lies."""
from __future__ import annotations

import json

import mpmath as mp
import pytest

from tests.adversarial5.cases import CASES, X0, XG, silu_x2, sinc_x1, softplus_eps_argmax, xtanh_x0
from tests.adversarial5.judge import judge, predicate, val

PROVE = [c for c in CASES if c["kind"] == "prove"]
VERIFY = [c for c in CASES if c["kind"] == "verify" and c["category"] != "budget"]

LIN = [mp.mpf(i) / 20 for i in range(-300, 301)]
LOG = [s * mp.mpf(10) ** (k / 4) for k in range(-80, 241) for s in (1, -1)]
PROBES = {"x_plus_sin_eps": [mp.pi - mp.mpf(10) ** -11, mp.pi, mp.pi + mp.mpf(10) ** -11],
          "x_plus_sin_eps_budget_0.01": [mp.pi - mp.mpf(10) ** -11, mp.pi, mp.pi + mp.mpf(10) ** -11],
          "x_plus_sin_eps_budget_0.2": [mp.pi - mp.mpf(10) ** -11, mp.pi, mp.pi + mp.mpf(10) ** -11],
          "x3_minus_eps": [-mp.mpf(10) ** -16, mp.mpf(0), mp.mpf(10) ** -16],
          "abs_minus_eps_x2": [mp.mpf("5e29"), -mp.mpf("5e29")],
          "p_x_plus_asin": [mp.pi - mp.mpf(10) ** -11, mp.pi, mp.pi + mp.mpf(10) ** -11],
          "x5_minus_eps_x3": [mp.mpf(0), mp.mpf("3e-16"), mp.mpf("6e-16"), -mp.mpf("3e-16"), -mp.mpf("6e-16")]}


def probes(case):
    """Points where the features of the scaled cases are (computed at the caller's precision)."""
    cid = case["id"]
    if cid == "p_swish_tiny":
        return [-(1 + mp.lambertw(1 / mp.e).real) * mp.mpf(10) ** 30]
    if cid == "x_plus_sin_minus_eps_x":
        return [mp.pi - mp.mpf(10) ** -16, mp.pi, mp.pi + mp.mpf(10) ** -16]
    if cid == "p_quartic_neg":
        return [mp.sqrt(mp.mpf("5e29")), -mp.sqrt(mp.mpf("5e29"))]
    return []


def dprobes(case):
    cid = case["id"]
    if cid == "p_gauss_tiny":
        return [-1 / mp.sqrt(2 * mp.mpf(10) ** -30), 1 / mp.sqrt(2 * mp.mpf(10) ** -30)]
    if cid == "p_swish_tiny":
        return [s * silu_x2() * mp.mpf(10) ** 30 for s in (1, -1)]
    if cid == "tanh_plus_eps_x3":
        return [mp.mpf(10) ** 20]
    if cid == "x5_minus_eps_x3":
        return [mp.sqrt(mp.mpf("3e-31")), -mp.sqrt(mp.mpf("3e-31"))]
    return []


def grid(case):
    extra = [softplus_eps_argmax()] if case["id"] == "softplus_minus_eps_x2" else []
    pts = sorted(set(LIN + LOG + PROBES.get(case["id"], []) + extra + probes(case)))
    return [p for p in pts if not (case["id"] in ("sinc", "bernoulli") and p == 0)]


@pytest.mark.parametrize("case", PROVE, ids=[c["id"] for c in PROVE])
def test_prove_truth(case):
    f, t = case["f"], case["truth"]
    xs = grid(case)
    ys = [f(x) for x in xs]
    for key in ("max", "min"):
        if key in t:
            w, att = t[key]
            w = val(w)
            if mp.isinf(w):
                assert (max(ys) if key == "max" else min(ys)) * (1 if key == "max" else -1) > 10 ** 20
                continue
            ext = max(ys) if key == "max" else min(ys)
            bad = (ext > w * (1 + mp.sign(w) * mp.mpf(10) ** -40) + mp.mpf(10) ** -60) if key == "max" else \
                  (ext < w - abs(w) * mp.mpf(10) ** -40 - mp.mpf(10) ** -60)
            assert not bad, (key, ext, w)
            assert abs(ext - w) <= abs(w) * mp.mpf("1e-3") + mp.mpf(10) ** -60, (key, ext, w)  # approached on the grid
    if "range" in t:
        for lo, hi, lc, rc in t["range"]:
            lo, hi = val(lo), val(hi)
            tol = mp.mpf(10) ** -45
            assert all(lo - tol * abs(lo) - mp.mpf(10) ** -65 <= y <= hi + tol * abs(hi) + mp.mpf(10) ** -65 for y in ys)
    mono = t.get("monotonic")
    if mono:
        diffs = [b - a for a, b in zip(ys, ys[1:])]
        if mono == {"not monotonic"}:
            assert any(d > 0 for d in diffs) and any(d < 0 for d in diffs)
        elif mono == {"increasing"}:
            assert all(d >= 0 for d in diffs) and all(f(b) > f(a) for a, b in zip(LIN, LIN[1:]))
        elif mono == {"decreasing"}:
            assert all(d <= 0 for d in diffs) and all(f(b) < f(a) for a, b in zip(LIN, LIN[1:]))
    df = lambda x: mp.diff(f, x)   # noqa: E731
    dxs = dprobes(case) + [x for x in LIN if abs(x) <= 8] + [x for x in LOG if 8 < abs(x) <= 60 or abs(x) < 1e-3] + ([x for x in xs if 60 < abs(x) < 10 ** 8] if case["id"] == "tanh_minus_eps_x" else [])
    for key in ("sup_derivative", "inf_derivative"):
        if key in t and case["id"] not in ("selu_budget_0.01", "selu_budget_0.2", "elu_alpha_up_budget", "abs_pow_1_5"):
            w, att = t[key]
            w = val(w)
            ds = [df(x) for x in dxs]
            if mp.isinf(w):
                assert (max(ds) if key.startswith("sup") else -min(ds)) > 1000
                continue
            ext = max(ds) if key.startswith("sup") else min(ds)
            assert (ext <= w + mp.mpf(10) ** -40) if key.startswith("sup") else (ext >= w - mp.mpf(10) ** -40), (key, ext, w)
            assert abs(ext - w) <= mp.mpf("1e-2") * max(1, abs(w)), (key, ext, w)
            if att and case["id"] not in ("x3_minus_eps", "x3_plus_eps", "x_plus_sin_eps", "x_plus_sin_eps_budget_0.01",
                                          "x_plus_sin_eps_budget_0.2", "tanh_minus_eps_x"):
                # attained: findroot of f'' from the best grid point gives exactly w
                x0 = dxs[ds.index(ext)]
                try:
                    xr = mp.findroot(lambda x: mp.diff(f, x, 2), x0)
                    assert abs(df(xr) - w) < mp.mpf(10) ** -30 or abs(df(x0) - w) < mp.mpf(10) ** -30, (key, df(xr), w)
                except (ZeroDivisionError, ValueError):
                    assert abs(df(x0) - w) < mp.mpf(10) ** -30
    conv = t.get("convexity")
    if conv:
        h = mp.mpf("1e-3")
        sd = [f(x - h) - 2 * f(x) + f(x + h) for x in LIN if not (case["id"] in ("sinc", "bernoulli") and abs(x) < 2 * h)]
        if case["id"] == "sqrt_abs":
            sd.append(f(mp.mpf(-1)) - 2 * f(mp.mpf(0)) + f(mp.mpf(1)))
        if case["id"] == "cos_x2_eps_x4":
            sd.append(f(mp.mpf(10) ** 15 - 1) - 2 * f(mp.mpf(10) ** 15) + f(mp.mpf(10) ** 15 + 1))
        if case["id"] == "softplus_minus_eps_x2":
            sd.append(f(mp.mpf(100) - 1) - 2 * f(mp.mpf(100)) + f(mp.mpf(100) + 1))
        if case["id"] == "abs_minus_eps_x2":
            sd.append(f(mp.mpf(-1)) - 2 * f(mp.mpf(0)) + f(mp.mpf(1)))
        for p in probes(case) + dprobes(case):   # scaled cases: second differences at 3x the feature, step |x|/1000
            q = 3 * p
            hq = abs(q) / 1000
            sd.append(f(q - hq) - 2 * f(q) + f(q + hq))
        tol = mp.mpf(10) ** -50
        if case["id"] in ("selu_budget_0.01", "selu_budget_0.2", "elu_alpha_up_budget"):
            hh = mp.mpf(10) ** -35    # the kink: slope drop (lambda alpha > lambda; alpha = 1 + 1e-30 > 1) gives ~ -1e-65
            kink = f(-hh) - 2 * f(mp.mpf(0)) + f(hh)
            assert kink < -mp.mpf(10) ** -68
            sd.append(-1)
        if conv == {"convex"}:
            assert all(s >= -tol for s in sd)
        elif conv == {"neither"}:
            assert any(s < -tol for s in sd) and any(s > tol for s in sd)
    infl = t.get("inflections")
    if isinstance(infl, list):
        for p in infl:
            p = val(p)
            d2 = lambda x: mp.diff(f, x, 2)  # noqa: E731
            assert abs(d2(p)) < mp.mpf(10) ** -25, (p, d2(p))
            off = max(mp.mpf("1e-6"), abs(p) * mp.mpf("1e-6"))
            assert d2(p - off) * d2(p + off) < 0


SCAN = sorted(set([mp.mpf(i) / 10 for i in range(-300, 301)] + [s * mp.mpf(10) ** k for k in range(-32, 4) for s in (1, -1)]
                  + [mp.mpf(k) for k in (-200, -80, -40, 40, 80, 200)]))


@pytest.mark.parametrize("case", VERIFY, ids=[c["id"] for c in VERIFY])
def test_verify_truth(case):
    if case["holds"]:
        pts = [p for p in SCAN if not (case["id"].startswith("sinc") and p == 0)]
        for p in pts:
            ok, d = predicate(case, p, start_dps=60, max_dps=600)
            assert ok, (p, d)
    else:
        ok, d = predicate(case, case["witness"], start_dps=90)   # the witness read exactly (SymPy), then 90+ digits
        assert not ok, d
        ok2, _ = predicate(case, case["witness"], start_dps=300)
        assert not ok2


def test_constants():
    with mp.workdps(60):
        assert mp.nstr(1 / mp.sqrt(2 * mp.e), 40).startswith(XG)
        assert 1 / mp.sqrt(2 * mp.e) > mp.mpf(XG) and 1 / mp.sqrt(2 * mp.e) < mp.mpf(XG[:-1] + "9")
        assert mp.nstr(xtanh_x0(), 35).startswith(X0)
        assert mp.mpf("1.19967864025773383391636984864") < xtanh_x0() < mp.mpf("1.19967864025773383391636984865")
        assert mp.mpf("-0.2172336282112216574082793255725") < mp.cos(sinc_x1()) < mp.mpf("-0.2172336282112216574082793255")
        lam_alpha = mp.mpf("1.0507009873554804934193349852946") * mp.mpf("1.6732632423543772848170429916717")
        assert mp.mpf("-1.75809934084737685994021752082") < -lam_alpha < mp.mpf("-1.75809934084737685994021752081")
        assert mp.nstr(mp.exp(mp.pi) - mp.pi, 60).startswith("19.99909997918947576726644298466904449606893684322")  # a truncation
        assert mp.mpf("0.6931471805599453094172321214581765680") < mp.log(2)


def _reply(obj, rc=0):
    return {"rc": rc, "stdout": json.dumps(obj), "stderr": ""}


def test_judge_catches_lies():
    by = {c["id"]: c for c in CASES}
    lies = [
        (by["rat_odd"], {"claims": [{"property": "max", "value": "1/2", "status": "proved", "attained": False, "at": None}]}),
        (by["x_plus_sin_eps"], {"claims": [{"property": "monotonic", "value": "increasing", "status": "proved", "at": None}]}),
        (by["x_tanh"], {"claims": [{"property": "sup_derivative", "value": "1.3", "status": "proved",
                                    "attained": True, "at": None}]}),
        (by["gauss"], {"claims": [{"property": "range", "value": "Interval(0, 1)", "status": "proved", "at": None}]}),
        (by["cos_x2_eps_x4"], {"claims": [{"property": "convexity", "value": "convex", "status": "proved", "at": None}]}),
        (by["tanh_sq"], {"claims": [{"property": "convexity", "value": "neither", "status": "proved", "at": "{0}"}]}),
        (by["tanh_plus_eps"], {"claims": [{"property": "symmetry", "value": "odd", "status": "proved", "at": None}]}),
        (by["exp_tangent_eps"], {"verdict": "proved", "counterexample": None}),
        (by["cos_taylor6"], {"verdict": "refuted", "counterexample": {"x": "1/10", "lhs": "-1", "rhs": None}}),
        (by["tanh_tail_eps"], {"verdict": "refuted", "counterexample": {"x": "1", "lhs": "-1", "rhs": None}}),
        (by["tanh_ln2_off"], {"verdict": "approximate", "counterexample": None}),
    ]
    for case, obj in lies:
        unsound, _, _ = judge(case, _reply(obj))
        assert unsound, (case["id"], obj)
    # and true answers pass
    ok = [(by["rat_odd"], {"claims": [{"property": "max", "value": "1/2", "status": "proved", "attained": True, "at": "{1}"}]}),
          (by["tanh_tail_eps"], {"verdict": "refuted", "counterexample": {"x": "40", "lhs": None, "rhs": None}}),
          (by["x_tanh"], {"claims": [{"property": "convexity", "value": "neither", "status": "proved",
                                      "at": "{-1.199678640257733833916369848618, 1.199678640257733833916369848618}"}]})]
    for case, obj in ok:
        unsound, defects, _ = judge(case, _reply(obj))
        assert not unsound and not defects, (case["id"], unsound, defects)
    _, defects, _ = judge(by["rat_odd"], {"rc": 4, "stdout": "", "stderr": "error: internal error"})
    assert defects


def test_continuity_orders():
    """The C^k truths: the k-th derivative is continuous at 0 (one-sided values agree) and the (k+1)-th is not
    (one-sided limits differ, or it is unbounded)."""
    by = {c["id"]: c for c in CASES}
    h = mp.mpf(10) ** -12
    d = lambda cid, k, x: mp.diff(by[cid]["f"], x, k)   # noqa: E731
    # |x|^3 and x^2 e^{-|x|}: f'' -> 0 resp. 2 from both sides, f''' -> +-6
    for cid, f2 in (("abs_cubed", 0), ("x2_exp_abs", 2)):
        assert abs(d(cid, 2, h) - f2) < 1e-6 and abs(d(cid, 2, -h) - f2) < 1e-6
        assert abs(d(cid, 3, h) + d(cid, 3, -h)) < 1e-6 and abs(abs(d(cid, 3, h)) - 6) < 1e-6
    # |x|^1.5: f' -> 0 from both sides, f'' = 0.75 |x|^-1/2 unbounded
    assert abs(d("abs_pow_1_5", 1, h)) < 1e-5 and abs(d("abs_pow_1_5", 1, -h)) < 1e-5
    assert d("abs_pow_1_5", 2, h) > 10 ** 5
    # |x|^2.5: f'' -> 0, f''' unbounded
    assert abs(d("abs_pow_2_5", 2, h)) < 1e-4 and d("abs_pow_2_5", 3, h) > 10 ** 5
    # cusp / vertical tangent: difference quotients at 0 unbounded
    for cid in ("sqrt_abs", "cbrt"):
        f = by[cid]["f"]
        assert abs((f(h) - f(mp.mpf(0))) / h) > 10 ** 5
