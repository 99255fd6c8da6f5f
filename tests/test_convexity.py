"""The convexity property: verdicts on the catalogue and at chosen parameters, each
cross-checked against an independent numeric route (mpmath at 60 digits, second differences
f(x - h) - 2 f(x) + f(x + h) at many points); certificates tampered with are rejected by the
checker.  A proved ``convex`` with a numerically negative second difference fails here."""

from __future__ import annotations

import dataclasses

import mpmath
import pytest
import sympy as sp

from symact import certificate as C
from symact.catalog import get
from symact.numeric import compile_mp
from symact.prove import prove

from helpers import NAMES

DPS = 60


def convexity(act):  # type: ignore[no-untyped-def]
    claims = prove(act, ("convexity",)).claims
    assert [c.property for c in claims] == ["convexity"]
    return claims[0]


def _f(act):  # type: ignore[no-untyped-def]
    fn = compile_mp(act.expr)

    def f(t):  # type: ignore[no-untyped-def]
        v = fn(t)
        return mpmath.re(v) if isinstance(v, mpmath.mpc) else v

    return f


def _second_differences(act, xs, hs):  # type: ignore[no-untyped-def]
    """[(x, h, D, tol)] with D = f(x - h) - 2 f(x) + f(x + h) at DPS digits; tol bounds its rounding."""
    f = _f(act)
    out = []
    with mpmath.workdps(DPS):
        for x in xs:
            for h in hs:
                a, b, c = f(x - h), f(x), f(x + h)
                tol = mpmath.mpf(10) ** (10 - DPS) * (1 + abs(a) + abs(b) + abs(c))
                out.append((x, h, a - 2 * b + c, tol))
    return out


def _grid():  # type: ignore[no-untyped-def]
    with mpmath.workdps(DPS):
        xs = [mpmath.mpf(n) / 8 + mpmath.mpf(1) / 1000 for n in range(-120, 121)]  # off the breakpoints 0, +-1/2, +-1, +-3, 6
        xs += [mpmath.mpf(s) * 10 ** e for e in (0.5, 1, 1.5, 2) for s in (1, -1)]
    return xs, [mpmath.mpf(1) / 64, mpmath.mpf(1) / 2, mpmath.mpf(3)]


def _num(v):  # type: ignore[no-untyped-def]
    with mpmath.workdps(DPS):
        return mpmath.mpf(sp.N(v, DPS))


@pytest.fixture(scope="module")
def verdicts() -> dict:
    return {name: convexity(get(name)) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_every_catalogue_verdict_agrees_with_second_differences(name: str, verdicts: dict) -> None:
    act, c = get(name), verdicts[name]
    assert c.status == "proved", c.reason  # measured: every record is decided
    assert c.certificate is not None and c.certificate.checked
    xs, hs = _grid()
    ds = _second_differences(act, xs, hs)
    pos = [(x, h) for x, h, d, tol in ds if d > tol]
    neg = [(x, h) for x, h, d, tol in ds if d < -tol]
    if c.value in ("convex", "affine"):
        assert not neg, (name, c.value, neg[:3])
    if c.value in ("concave", "affine"):
        assert not pos, (name, c.value, pos[:3])
    if c.value == "neither":
        assert pos and neg, (name, "neither, but the second differences have one sign", len(pos), len(neg))
    if c.value == "convex":
        assert pos  # not affine either


@pytest.mark.parametrize("name", NAMES)
def test_each_segment_and_inflection_point_agrees_with_second_differences(name: str, verdicts: dict) -> None:
    """On each piece (cut at the inflection points) the word holds for second differences that
    stay inside it; at each inflection point the second difference changes sign."""
    act, c = get(name), verdicts[name]
    segs = c.certificate.data.get("segments")
    if segs is None:  # periodic: only "neither", by witnesses
        assert c.value == "neither" and "witness" in c.certificate.data
        return
    h = mpmath.mpf(1) / 256
    for seg_list in segs:
        for s in seg_list:
            lo, hi = (C.num_expr(s["lo"]), C.num_expr(s["hi"]))
            a = _num(lo) if lo.is_finite else mpmath.mpf(-40)
            b = _num(hi) if hi.is_finite else mpmath.mpf(40)
            with mpmath.workdps(DPS):
                xs = [a + (b - a) * (j + mpmath.mpf(1) / 2) / 40 for j in range(40)]
                xs = [x for x in xs if a < x - h and x + h < b]
            ds = _second_differences(act, xs, [h])
            if s["word"] in ("convex", "affine"):
                assert all(d >= -tol for _, _, d, tol in ds), (name, s)
            if s["word"] in ("concave", "affine"):
                assert all(d <= tol for _, _, d, tol in ds), (name, s)
            if s["word"] != "affine":
                assert any(abs(d) > tol for _, _, d, tol in ds), (name, s)
    for t in c.certificate.data.get("inflections", []):
        p = _num(C.num_expr(t))
        with mpmath.workdps(DPS):
            dl = _second_differences(act, [p - mpmath.mpf(1) / 100], [mpmath.mpf(1) / 1000])[0][2]
            dr = _second_differences(act, [p + mpmath.mpf(1) / 100], [mpmath.mpf(1) / 1000])[0][2]
        assert dl * dr < 0, (name, t)


CASES = [
    ("relu", {}, "convex"),
    ("softplus", {}, "convex"),
    ("elu", {}, "convex"),
    ("elu", {"alpha": "1/2"}, "convex"),
    ("elu", {"alpha": 2}, "neither"),  # f' drops at 0 from 2 to 1
    ("leaky_relu", {}, "convex"),
    ("leaky_relu", {"negative_slope": "1/2"}, "convex"),
    ("leaky_relu", {"negative_slope": 2}, "concave"),
    ("leaky_relu", {"negative_slope": 1}, "affine"),
    ("sigmoid", {}, "neither"),
    ("tanh", {}, "neither"),
    ("silu", {}, "neither"),
    ("hard_tanh", {}, "neither"),
    ("log_sigmoid", {}, "concave"),
    ("identity", {}, "affine"),
    ("binary_step", {}, "neither"),
]


@pytest.mark.parametrize("name,params,expected", CASES)
def test_verdicts(name: str, params: dict, expected: str) -> None:
    act = get(name).with_params(**params) if params else get(name)
    c = convexity(act)
    assert (c.status, c.value) == ("proved", expected), c.reason
    xs, hs = _grid()
    ds = _second_differences(act, xs, hs)
    if expected in ("convex", "affine"):
        assert all(d >= -tol for _, _, d, tol in ds)
    if expected in ("concave", "affine"):
        assert all(d <= tol for _, _, d, tol in ds)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_sigmoid_and_tanh_are_convex_left_of_0_and_concave_right(name: str) -> None:
    c = convexity(get(name))
    assert c.at == sp.FiniteSet(0)
    segs = c.certificate.data["segments"]
    assert [[s["word"] for s in seg_list] for seg_list in segs] == [["convex", "concave"]]
    assert [C.num_expr(s["hi"]) for s in segs[0]] == [0, sp.oo]
    assert "convex on (-oo, 0), concave on (0, oo)" in c.reason


def test_inflection_points_of_silu_and_gelu() -> None:
    assert convexity(get("gelu")).at == sp.FiniteSet(-sp.sqrt(2), sp.sqrt(2))
    c = convexity(get("silu"))
    lo, hi = c.at_enclosure
    assert abs(float(lo) + 2.3993572805) < 1e-9 and 0 < hi - lo < 1e-26  # f''(x) = 0: x = -2.39935728...
    assert len(c.at) == 2


def test_softsign_inflects_at_its_breakpoint() -> None:
    c = convexity(get("softsign"))  # convex on (-oo, 0), concave on (0, oo), f' continuous at 0
    assert c.value == "neither" and c.at == sp.FiniteSet(0)


def test_symbolic_parameter_is_not_guessed() -> None:
    """elu with alpha symbolic: convex exactly for alpha <= 1, so no verdict may be proved."""
    c = convexity(get("elu").with_params(alpha=None))
    assert c.status != "proved", (c.value, c.reason)


# ---------------------------------------------------------------------------------------
# the checker rejects what is false
def _tampered(cert, **changes):  # type: ignore[no-untyped-def]
    return dataclasses.replace(cert, data=dict(cert.data, **changes), checked=False)


def _accepts(cert, act) -> bool:  # type: ignore[no-untyped-def]
    ok, _ = C.check(cert, act)
    return ok


def test_checker_accepts_the_real_certificates() -> None:
    for name in ("relu", "sigmoid", "hard_tanh", "sinusoid", "binary_step"):
        act = get(name)
        assert _accepts(convexity(act).certificate, act), name


def test_checker_rejects_a_wrong_verdict() -> None:
    act = get("relu")
    cert = convexity(act).certificate
    assert not _accepts(_tampered(cert, result="concave"), act)
    assert not _accepts(_tampered(cert, result="affine"), act)
    assert not _accepts(_tampered(cert, result="neither", witness={"not_convex": {"type": "second", "x": sp.Integer(1), "sign": -1},
                                                                 "not_concave": {"type": "kink", "breakpoint": 0, "step": 1}}), act)
    assert not _accepts(_tampered(cert, kinks=[-1]), act)
    leaky = get("leaky_relu").with_params(negative_slope=2)
    c2 = convexity(leaky).certificate
    assert not _accepts(_tampered(c2, result="convex"), leaky)


def test_checker_rejects_a_convexity_without_sign_charts() -> None:
    act = get("softplus")
    cert = convexity(act).certificate
    data = {k: v for k, v in cert.data.items() if k not in ("pieces", "piece_words", "segments")}
    assert not _accepts(dataclasses.replace(cert, data=data), act)


def test_checker_rejects_false_witnesses() -> None:
    act = get("sigmoid")
    cert = convexity(act).certificate
    w = cert.data["witness"]
    bad = dict(w, not_convex={"type": "second", "x": sp.Integer(-1), "sign": -1})  # f''(-1) > 0
    assert not _accepts(_tampered(cert, witness=bad), act)
    bad = dict(w, not_concave={"type": "second", "x": sp.Integer(0), "sign": 1})  # f''(0) = 0
    assert not _accepts(_tampered(cert, witness=bad), act)
    bad = dict(w, not_concave={"type": "jump", "breakpoint": 0})  # no breakpoint at all
    assert not _accepts(_tampered(cert, witness=bad), act)
    segs = [[dict(s, word="concave") for s in seg_list] for seg_list in cert.data["segments"]]
    assert not _accepts(_tampered(cert, segments=segs), act)
    assert not _accepts(_tampered(cert, inflections=[]), act)
