"""Independent ground truth for the adversarial corpus.

Nothing here imports symact.  Every function is written by hand in mpmath (60 digits unless a
case needs more) from the case's formula as a mathematician reads the LaTeX; the exact value
stored in corpus.py is confirmed numerically here, and test_ground_truth.py checks that
every stored truth equals the value recomputed by this module (so a truth cannot be edited
wrong by hand).

How each kind of truth is obtained (see the comment in each case for the reasoning):
  limits      the asymptotic limit L is worked out by hand (comment) and confirmed: f(+-1e3) and
              f(+-1e6) approach L (|f(1e6) - L| <= |f(1e3) - L| and small), or grow past
              every bound for oo;
  no limit    two sequences x_n, y_n -> +-oo along which f has different limits, evaluated
              at n = 1e3 and 1e6 (for poles, points next to the n-th pole for several n);
  extrema     critical points by mp.findroot on my own derivative (from a bracket I reason
              out), or the exact point; value = f(point); a dense scan (linear + logarithmic
              to 1e6) checks nothing exceeds it; attained or not by the reasoning written
              in the case (a supremum reached only at +-oo, or in a limit);
  ranges      assembled from those extrema and the pieces' images;
  monotonic   a witness triple a < b < c with f(b) - f(a) and f(c) - f(b) of opposite signs
              for "not monotonic"; otherwise the sign of my derivative on a scan;
  symmetry    f(-x) against f(x) on sample points ("none": witnesses for each alternative);
  continuity  jumps / one-sided derivatives measured at the breakpoints;
  decimals    the exact value at 80 digits, then the written decimal compared with the
              rounding and the truncation of that value to the decimal's significant digits;
  verify      a false claim: a witness x where my lhs and rhs violate the relation at 60
              digits; a true claim: the reasoning in the comment and a scan finding no
              violation.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath as mp
from mpmath import mpf

mp.mp.dps = 110
INF = mp.inf
NO_LIMIT = "no limit"

TRUTHS = {}   # case id -> function returning the recomputed truth dict
FUNCS = {}    # case id -> mpmath definitions: {"f": f} (prove) or {"lhs", "rhs", "rel", "domain"}


def case(cid, **defs):
    def deco(fn):
        TRUTHS[cid] = fn
        FUNCS[cid] = defs
        return fn
    return deco


# ------------------------------------------------------------------ mpmath building blocks
def sig(x):
    return 1 / (1 + mp.exp(-x))


def softplus(x):
    return mp.log1p(mp.exp(x)) if x < 0 else x + mp.log1p(mp.exp(-x))


def relu(x):
    return x if x > 0 else mpf(0)


E100 = mp.exp(-100)
L100 = mp.log1p(mp.exp(-100))


def scan_points(lo=-30, hi=30, n=601, far=True):
    pts = [mp.mpf(lo) + (mp.mpf(hi) - lo) * k / (n - 1) for k in range(n)]
    if far:
        for e in range(-40, 7):
            for m in (1, 3):
                pts += [m * mp.mpf(10) ** e, -m * mp.mpf(10) ** e]
    return sorted(set(pts))


def lim(f, sign, L, tol=mpf("1e-5")):
    """Confirm the hand-derived limit L of f at sign*oo at 1e3 and 1e6 (and 1e30 for +-oo)."""
    a, b = f(sign * mpf(10) ** 3), f(sign * mpf(10) ** 6)
    if L in (INF, -INF):        # growing past every bound (checked out to 1e30)
        c = f(sign * mpf(10) ** 30)
        s = 1 if L == INF else -1
        assert s * a < s * b < s * c and s * c > 10 ** 10, (a, b, c)
    else:
        assert abs(b - L) <= max(abs(a - L), mpf("1e-50")) and abs(b - L) < tol, (a, b, L)
    return L


def no_limit(f, seq_a, seq_b, ns=(10 ** 3, 10 ** 6), gap=None):
    """f along seq_a(n) and seq_b(n) stays apart by more than `gap` for each n."""
    for n in ns:
        fa, fb = f(seq_a(n)), f(seq_b(n))
        g = gap if gap is not None else mpf("0.1")
        assert abs(fa - fb) > g, (n, fa, fb)
    return NO_LIMIT


def crit(df, guess, bracket=None):
    """A zero of my derivative df near guess (or inside bracket, by bisection)."""
    if bracket is not None:
        return mp.findroot(df, bracket, solver="anderson")
    return mp.findroot(df, guess)


def d(f, n=1):
    return lambda x: mp.diff(f, x, n)


def sup_scan(f, pts):
    return max(f(p) for p in pts)


def inf_scan(f, pts):
    return min(f(p) for p in pts)


def check_max(f, M, pts=None, slack=mpf("1e-45")):
    pts = pts if pts is not None else scan_points()
    s = sup_scan(f, pts)
    assert s <= M + slack * max(1, abs(M)), (s, M)
    return M


def check_min(f, m, pts=None, slack=mpf("1e-45")):
    pts = pts if pts is not None else scan_points()
    s = inf_scan(f, pts)
    assert s >= m - slack * max(1, abs(m)), (s, m)
    return m


def not_monotonic(f, a, b, c):
    a, b, c = mpf(a), mpf(b), mpf(c)
    assert a < b < c
    assert (f(b) - f(a)) * (f(c) - f(b)) < 0, (f(a), f(b), f(c))
    return "not monotonic"


def increasing(df, pts=None):
    pts = pts if pts is not None else scan_points(-20, 20, 401)
    assert all(df(p) > 0 for p in pts)
    return "increasing"


def decreasing(df, pts=None):
    pts = pts if pts is not None else scan_points(-20, 20, 401)
    assert all(df(p) < 0 for p in pts)
    return "decreasing"


SYM_PTS = [mpf(k) / 7 for k in range(1, 40)] + [mpf("1e-20"), mpf(13), mpf("0.5")]


def even(f):
    assert all(abs(f(-p) - f(p)) <= mpf("1e-50") * max(1, abs(f(p))) for p in SYM_PTS)
    return "even"


def odd(f):
    assert all(abs(f(-p) + f(p)) <= mpf("1e-50") * max(1, abs(f(p))) for p in SYM_PTS)
    return "odd"


def point_sym(f, c):
    assert all(abs(f(-p) + f(p) - 2 * c) <= mpf("1e-50") for p in SYM_PTS)
    return ("point-symmetric", mpf(0), c)


def no_symmetry(f, p, q):
    """Not even (f(-p) != f(p)) and no point symmetry about (0, c): f(p) + f(-p) differs from
    f(q) + f(-q)."""
    p, q = mpf(p), mpf(q)
    assert abs(f(-p) - f(p)) > mpf("1e-55")
    assert abs((f(p) + f(-p)) - (f(q) + f(-q))) > mpf("1e-55")
    return "none"


def jump(f, b, delta):
    """A jump at b: f(b - delta) and f(b + delta) differ by more than the jump can be
    explained by the slope."""
    b = mpf(b)
    lo, hi = f(b - delta), f(b + delta)
    assert abs(hi - lo) > 0, (lo, hi)
    return "discontinuous"


def one_sided_slopes(f, b, h):
    b = mpf(b)
    left = (f(b) - f(b - h)) / h
    right = (f(b + h) - f(b)) / h
    return left, right


def iv(lo, hi, lo_closed, hi_closed):
    return ("iv", mpf(lo) if lo not in (INF, -INF) else lo,
            mpf(hi) if hi not in (INF, -INF) else hi, lo_closed, hi_closed)


def pt(v):
    return ("iv", mpf(v), mpf(v), True, True)


def classify_decimal(exact, text):
    """Is the decimal `text` ('9.094e-13' or '0.693...') the rounding (half away from zero)
    and/or the truncation (towards zero) of `exact` to its number of significant digits?
    `exact` is a Fraction (rational values, compared exactly) or an mpf at 120 digits.
    Returns 'exact', 'rounding', 'truncation', 'both' or 'neither'."""
    from fractions import Fraction

    mant, _, ex = text.lower().partition("e")
    digits = mant.replace("-", "").replace(".", "").lstrip("0")
    n_sig = len(digits)
    val = Fraction(mant) * Fraction(10) ** (int(ex) if ex else 0)
    if isinstance(exact, Fraction) and val == exact:
        return "exact"
    lead = 0
    while Fraction(10) ** (lead + 1) <= abs(val):
        lead += 1
    while Fraction(10) ** lead > abs(val):
        lead -= 1
    unit = Fraction(10) ** (lead - n_sig + 1)
    w = val / unit
    assert w.denominator == 1
    if isinstance(exact, Fraction):
        q = exact / unit
        fl = q.numerator // q.denominator
        frac = q - fl
    else:
        with mp.workdps(120):
            qm = exact / (mpf(unit.numerator) / unit.denominator)
            fl = int(mp.floor(qm))
            frac_m = qm - fl
            assert mpf(10) ** -90 < frac_m < 1 - mpf(10) ** -90 and abs(frac_m - 0.5) > mpf(10) ** -90
            frac = Fraction(1, 4) if frac_m < 0.5 else Fraction(3, 4)   # only the side matters
    assert exact > 0
    trunc = fl
    rnd = fl + (1 if frac >= Fraction(1, 2) else 0)
    is_t, is_r = w == trunc, w == rnd
    return {(True, True): "both", (True, False): "truncation",
            (False, True): "rounding", (False, False): "neither"}[(is_t, is_r)]


# ================================================================== 1. narrow pieces
def _narrow5(x):
    if x <= 0:
        return mpf(-1)
    if x < L100:
        return mpf(5)
    return mpf(1)


@case("narrow_step_5", f=_narrow5)
def _():
    # Pieces: (-oo, 0] -> -1, (0, c) -> 5 with c = ln(1+e^-100) = 3.7e-44 > 0, [c, oo) -> 1.
    f = _narrow5
    assert L100 > 0 and f(L100 / 2) == 5
    return dict(range=[pt(-1), pt(1), pt(5)], max=(f(L100 / 2), True), min=(f(-1), True),
                monotonic=not_monotonic(f, -1, L100 / 2, 1), limit_oo=lim(f, 1, mpf(1)),
                **{"limit_-oo": lim(f, -1, mpf(-1))}, value_at_0=f(0),
                continuity=jump(f, L100, L100 / 4), lipschitz=INF)


def _minus3(x):
    if x <= 0:
        return mpf(0)
    if x < E100:
        return mpf(-3)
    return x


@case("narrow_minus3", f=_minus3)
def _():
    # (-oo,0] -> 0; (0, e^-100) -> -3; [e^-100, oo) -> x: image [e^-100, oo).
    f = _minus3
    return dict(range=[pt(-3), pt(0), iv(E100, INF, True, False)], min=(f(E100 / 2), True),
                max=(INF, False), monotonic=not_monotonic(f, -1, E100 / 2, 1),
                limit_oo=lim(f, 1, INF), **{"limit_-oo": lim(f, -1, mpf(0))},
                value_at_0=f(0), continuity=jump(f, 0, E100 / 4),
                differentiable=[mpf(0), E100])


def _shift40(x):
    if x < 0:
        return x
    if x < mpf(10) ** -40:
        return x + 1
    return x


@case("narrow_shift_1e-40", f=_shift40)
def _():
    # Images: (-oo,0), [1, 1+1e-40), [1e-40, oo): the middle one lies inside the last.
    f = _shift40
    t = mpf(10) ** -40
    return dict(range=[iv(-INF, 0, False, False), iv(t, INF, True, False)], value_at_0=f(0),
                monotonic=not_monotonic(f, -1, t / 2, mpf("0.5")),
                continuity=jump(f, 0, t / 4), limit_oo=lim(f, 1, INF),
                **{"limit_-oo": lim(f, -1, -INF)})


def _gap(x):
    if x < 1:
        return mpf(0)
    if x < 1 + E100:
        return mpf(7)
    return mpf(0)


@case("narrow_gap_e-100", f=_gap)
def _():
    f = _gap
    with mp.workdps(120):   # 1 + e^-100 needs 44+ digits to differ from 1
        mid = 1 + E100 / 2
        m = f(mid)
        j = jump(f, 1, E100 / 4)
        nm = not_monotonic(f, 0, mid, 2)
    return dict(range=[pt(0), pt(7)], max=(m, True), min=(f(0), True), monotonic=nm,
                limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, mpf(0))}, continuity=j)


def _jump200(x):
    return x if x <= L100 else E100


@case("narrow_jump_e-200", f=_jump200)
def _():
    # ln(1+u) < u for u > 0, so e^-100 > ln(1+e^-100): the constant piece lies above the end
    # of the first piece (a jump up by e^-200/2 = 1.9e-87): f is non-decreasing, discontinuous.
    f = _jump200
    with mp.workdps(150):
        assert E100 - L100 > 0
        j = jump(f, L100, mpf(10) ** -120)
    return dict(range=[iv(-INF, L100, False, True), pt(E100)], max=(f(1), True),
                monotonic="non-decreasing", continuity=j, limit_oo=lim(f, 1, E100),
                value_at_0=f(0), lipschitz=INF)


T30 = mpf(10) ** -30


def _kink30(x):
    return x * x if x < T30 else T30 * T30


@case("narrow_kink_1e-30", f=_kink30)
def _():
    # continuous at 1e-30 (both sides 1e-60); slopes 2e-30 (left) and 0 (right).
    f = _kink30
    left, right = one_sided_slopes(f, T30, mpf(10) ** -45)
    assert abs(left - 2 * T30) < mpf(10) ** -40 and right == 0
    return dict(range=[iv(0, INF, True, False)], min=(f(0), True), continuity="C^0",
                differentiable=[T30], sup_derivative=(2 * T30, False),
                limit_oo=lim(f, 1, T30 * T30), monotonic=not_monotonic(f, -1, 0, 1))


def _stepln(x):
    return mpf(0) if x < L100 else mpf(1)


@case("narrow_step_ln", f=_stepln)
def _():
    f = _stepln
    return dict(value_at_0=f(0), range=[pt(0), pt(1)], monotonic="non-decreasing",
                max=(f(1), True), min=(f(0), True), continuity=jump(f, L100, L100 / 4))


def _spike(x):
    if x < -T30:
        return x
    if x <= T30:
        return mpf(10)
    return x


@case("narrow_spike_middle", f=_spike)
def _():
    f = _spike
    return dict(range=[iv(-INF, -T30, False, False), iv(T30, INF, False, False)],
                value_at_0=f(0), monotonic=not_monotonic(f, -1, 0, 1),
                continuity=jump(f, T30, T30 / 4))


# ================================================================== 2. tiny constants
def _abspair(x):
    return abs(x) + abs(x - L100)


@case("abs_pair_ln", f=_abspair)
def _():
    # = c on [0, c], 2x - c right of c, c - 2x left of 0 (c = ln(1+e^-100)): continuous,
    # slopes -2, 0, 2, kinks at 0 and c.
    f = _abspair
    with mp.workdps(120):
        assert abs(f(L100 / 3) - L100) < L100 * mpf(10) ** -60 and f(0) == L100
        l0, r0 = one_sided_slopes(f, 0, L100 / 10)
        lc, rc = one_sided_slopes(f, L100, L100 / 10)
        assert all(abs(a - b) < mpf(10) ** -30 for a, b in zip((l0, r0, lc, rc), (-2, 0, 0, 2)))
    return dict(continuity="C^0", lipschitz=mpf(2), min=(L100, True),
                range=[iv(L100, INF, True, False)], differentiable=[mpf(0), L100],
                sup_derivative=(mpf(2), True), inf_derivative=(mpf(-2), True),
                monotonic=not_monotonic(f, -1, L100 / 2, 1), value_at_0=f(0))


K355 = mp.pi - mpf(355) / 113


@case("pi_355_slope", f=lambda x: K355 * x)
def _():
    f = FUNCS["pi_355_slope"]["f"]
    assert K355 < 0
    return dict(monotonic=decreasing(lambda x: K355), limit_oo=lim(f, 1, -INF),
                **{"limit_-oo": lim(f, -1, INF)}, lipschitz=-K355, sup_derivative=(K355, True),
                symmetry=odd(f), zero_centered="yes")


with mp.workdps(80):
    KRAM = mp.exp(mp.pi * mp.sqrt(163)) - mpf(640320) ** 3 - 744


@case("ramanujan_slope", f=lambda x: KRAM * x)
def _():
    f = FUNCS["ramanujan_slope"]["f"]
    assert -mpf("7.6e-13") < KRAM < -mpf("7.4e-13")
    return dict(monotonic=decreasing(lambda x: KRAM), limit_oo=lim(f, 1, -INF),
                **{"limit_-oo": lim(f, -1, INF)}, lipschitz=-KRAM, symmetry=odd(f))


CFLOOR = L100 - E100


@case("ln_minus_e_floor", f=lambda x: x * x + CFLOOR)
def _():
    f = FUNCS["ln_minus_e_floor"]["f"]
    assert CFLOOR < 0        # = -e^-200/2 + ...: f(0) != 0
    return dict(min=(f(0), True), range=[iv(CFLOOR, INF, True, False)], value_at_0=f(0),
                zero_centered="no", symmetry=even(f))


@case("max_shift_1e-30", f=lambda x: max(x, x + T30))
def _():
    # max(x, x + 1e-30) = x + 1e-30 for every x: a line.
    f = FUNCS["max_shift_1e-30"]["f"]
    return dict(range=[iv(-INF, INF, False, False)], monotonic=increasing(lambda x: 1),
                lipschitz=mpf(1), value_at_0=f(0), zero_centered="no",
                symmetry=point_sym(f, T30), differentiable="everywhere")


@case("sqrt_floor_1e-60", f=lambda x: mp.sqrt(x * x + T30 ** 2))
def _():
    # f' = x / sqrt(x^2 + 1e-60) in (-1, 1), -> +-1 at +-oo; min 1e-30 at 0.
    f = FUNCS["sqrt_floor_1e-60"]["f"]
    df = lambda x: x / mp.sqrt(x * x + T30 ** 2)
    assert df(mpf(10) ** 6) < 1
    return dict(min=(check_min(f, f(0)), True), range=[iv(T30, INF, True, False)],
                symmetry=even(f), sup_derivative=(mpf(1), False),
                inf_derivative=(mpf(-1), False), lipschitz=mpf(1), continuity="C^inf")


@case("abs_diff_1e-30", f=lambda x: abs(x) - abs(x + T30))
def _():
    f = FUNCS["abs_diff_1e-30"]["f"]
    return dict(range=[iv(-T30, T30, True, True)], monotonic="non-increasing",
                lipschitz=mpf(2), max=(f(-1), True), min=(f(1), True),
                limit_oo=lim(f, 1, -T30), **{"limit_-oo": lim(f, -1, T30)},
                continuity="C^0", differentiable=[-T30, mpf(0)])


def _cosdiff(x):
    # cos x - cos(x + e) = 2 sin(x + e/2) sin(e/2), e = 1e-30 (no cancellation)
    return 2 * mp.sin(x + T30 / 2) * mp.sin(T30 / 2)


@case("cos_minus_cos_1e-30", f=_cosdiff)
def _():
    f = _cosdiff
    A = 2 * mp.sin(T30 / 2)
    with mp.workdps(100):
        assert abs((mp.cos(mpf(2)) - mp.cos(2 + T30)) - f(mpf(2))) < mpf(10) ** -80
    return dict(range=[iv(-A, A, True, True)], max=(f(mp.pi / 2 - T30 / 2), True),
                limit_oo=no_limit(f, lambda n: 2 * mp.pi * n + mp.pi / 2,
                                  lambda n: 2 * mp.pi * n - mp.pi / 2, gap=T30),
                monotonic=not_monotonic(f, 0, mp.pi / 2, mp.pi))


# ================================================================== 3. narrow bumps
A16 = mpf(10) ** 16


def dsig(x):
    # sigma' = s(1 - s) = e^{-|x|} / (1 + e^{-|x|})^2 (no cancellation for large |x|)
    u = mp.exp(-abs(x))
    return u / (1 + u) ** 2


def _sb(x):
    return sig(x) + mp.exp(-A16 * x * x)


def _bump_pts(centre):
    c = mpf(centre)
    return scan_points() + [c + k * mpf(10) ** -9 for k in range(-40, 41)]


@case("sigmoid_bump_1e-8", f=_sb)
def _():
    # f' = sigma'(x) - 2a x e^{-a x^2}: the only zero near the bump is x ~ 1/(8a); elsewhere
    # f < 1 + e^{-a x^2} stays below 1.5 away from the bump.
    f = _sb
    df = lambda x: dsig(x) - 2 * A16 * x * mp.exp(-A16 * x * x)
    with mp.workdps(80):
        xs = crit(df, None, bracket=(mpf(0), 1 / A16))
        M = f(xs)
        check_max(f, M, _bump_pts(0))
    return dict(max=(M, True), min=(mpf(0), False), limit_oo=lim(f, 1, mpf(1)),
                **{"limit_-oo": lim(f, -1, mpf(0))},
                monotonic=not_monotonic(f, -1, xs, 1))


def _stb(x):
    return sig(x) + mpf(10) ** -20 * mp.exp(-A16 * (x - 40) ** 2)


@case("sigmoid_tiny_bump_40", f=_stb)
def _():
    # At the bump sigma(40) = 1 - 4.2e-18, plus at most 1e-20: still below 1, so sup = 1 at
    # +oo, not attained; the bump's slope (up to 8.6e-13) beats sigma'(40) = 4.2e-18.
    f = _stb
    assert f(mpf(40)) < 1
    return dict(max=(mpf(1), False),
                monotonic=not_monotonic(f, 40 - 2 * mpf(10) ** -8, 40, 40 + 2 * mpf(10) ** -8),
                range=[iv(0, 1, False, False)])


def _tb3(x):
    return mp.tanh(x) + 2 * mp.exp(-A16 * (x - 3) ** 2)


@case("tanh_bump_3", f=_tb3)
def _():
    f = _tb3
    df = lambda x: 1 - mp.tanh(x) ** 2 - 4 * A16 * (x - 3) * mp.exp(-A16 * (x - 3) ** 2)
    with mp.workdps(80):
        xs = crit(df, None, bracket=(mpf(3), 3 + mpf(10) ** -17))
        M = f(xs)
        check_max(f, M, _bump_pts(3))
    return dict(max=(M, True), min=(mpf(-1), False), limit_oo=lim(f, 1, mpf(1)),
                **{"limit_-oo": lim(f, -1, mpf(-1))}, monotonic=not_monotonic(f, 2, xs, 4))


def _tib(x):
    return mp.tanh(x) + T30 * mp.exp(-A16 * x * x)


@case("tanh_invisible_bump", f=_tib)
def _():
    # |bump'| <= 2a 1e-30 / sqrt(2 e a) = 8.6e-23 while tanh' > 0.99 where the bump lives;
    # far away the bump is below e^-1e16: increasing.  f < 1: tanh x >= 1 - 1e-30 needs x > 35.
    f = _tib
    df = lambda x: 1 / mp.cosh(x) ** 2 - 2 * A16 * x * T30 * mp.exp(-A16 * x * x)
    return dict(monotonic=increasing(df, _bump_pts(0)), range=[iv(-1, 1, False, False)],
                max=(mpf(1), False), value_at_0=f(0))


def _rb(x):
    return relu(x) + mp.exp(-A16 * (x + 1) ** 2)


@case("relu_bump_-1", f=_rb)
def _():
    # f > 0 everywhere (e^{...} > 0), inf 0 approached at -oo: not attained.
    f = _rb
    return dict(range=[iv(0, INF, False, False)], min=(mpf(0), False),
                monotonic=not_monotonic(f, -2, -1, -mpf("0.5")),
                **{"limit_-oo": lim(f, -1, mpf(0))}, continuity="C^0")


def _sst(x):
    return sig(x) + mpf(10) ** -8 * mp.tanh(mpf(10) ** 8 * x)


@case("sigmoid_plus_steep_tanh", f=_sst)
def _():
    # f' = sigma'(x) + sech^2(1e8 x) > 0, max 1/4 + 1 at 0 (both terms peak there);
    # f(-x) = 1 - f(x); sup 1 + 1e-8 at +oo only.
    f = _sst
    df = lambda x: dsig(x) + 1 / mp.cosh(mpf(10) ** 8 * x) ** 2
    pts = _bump_pts(0)
    assert max(df(p) for p in pts) <= df(0)
    return dict(range=[iv(-mpf(10) ** -8, 1 + mpf(10) ** -8, False, False)],
                monotonic=increasing(df, pts), sup_derivative=(df(0), True),
                lipschitz=df(0), symmetry=point_sym(f, mpf(1) / 2),
                max=(1 + mpf(10) ** -8, False))


# ================================================================== 4. near-ties
def _tie(k):
    return lambda x: mp.exp(-(x - 10) ** 2) + k * mp.exp(-(x + 10) ** 2)


def _tie_max(f, guess):
    with mp.workdps(150):
        xs = crit(d(f), mpf(guess))
        M = f(xs)
    return xs, M


@case("tie_plus_1e-25", f=_tie(1 + mpf(10) ** -25))
def _():
    f = FUNCS["tie_plus_1e-25"]["f"]
    xs, M = _tie_max(f, -10)
    x2, M2 = _tie_max(f, 10)
    assert M > M2 and M - M2 > mpf("0.9e-25")
    check_max(f, M)
    return dict(max=(M, True), min=(mpf(0), False), limit_oo=lim(f, 1, mpf(0)),
                **{"limit_-oo": lim(f, -1, mpf(0))}, symmetry=no_symmetry(f, 10, 3),
                monotonic=not_monotonic(f, -11, -10, 0))


@case("tie_minus_1e-25", f=_tie(1 - mpf(10) ** -25))
def _():
    f = FUNCS["tie_minus_1e-25"]["f"]
    xs, M = _tie_max(f, 10)
    x2, M2 = _tie_max(f, -10)
    assert M > M2 and M - M2 > mpf("0.9e-25")
    check_max(f, M)
    return dict(max=(M, True), min=(mpf(0), False), monotonic=not_monotonic(f, -11, -10, 0))


def _tpi(x):
    return mp.pi / 4 * mp.exp(-(x - 5) ** 2) + mpf(355) / 452 * mp.exp(-(x + 5) ** 2)


@case("tie_pi_355", f=_tpi)
def _():
    f = _tpi
    xs, M = _tie_max(f, -5)
    x2, M2 = _tie_max(f, 5)
    assert M > M2
    check_max(f, M)
    return dict(max=(M, True), range=[iv(0, M, False, True)], min=(mpf(0), False))


EPS25 = mpf(10) ** -25


def _se(x):
    return mp.sin(x) + EPS25 * mp.sin(2 * x)


@case("sin_eps_sin2x", f=_se)
def _():
    # Near pi/2: f' = cos x + 2e cos 2x = 0 at x = pi/2 - 2e + ...; max = 1 + 2 e^2 + ...
    # f' <= 1 + 2e (cos x = cos 2x = 1 at 0), f' >= -1 + 2e (minimise c + 2e(2c^2-1), c=cos x).
    f = _se
    with mp.workdps(150):
        xs = crit(lambda x: mp.cos(x) + 2 * EPS25 * mp.cos(2 * x), mp.pi / 2)
        M = f(xs)
        assert M > 1 and abs(M - 1 - 2 * EPS25 ** 2) < EPS25 ** 3
    return dict(max=(M, True), min=(-M, True), range=[iv(-M, M, True, True)], symmetry=odd(f),
                limit_oo=no_limit(f, lambda n: 2 * mp.pi * n + mp.pi / 2,
                                  lambda n: 2 * mp.pi * n),
                sup_derivative=(1 + 2 * EPS25, True), inf_derivative=(-1 + 2 * EPS25, True))


def _tents(k):
    return lambda x: max(1 - abs(x - 1), 1 + k - abs(x + 1))


@case("two_tents_1e-25", f=_tents(EPS25))
def _():
    f = FUNCS["two_tents_1e-25"]["f"]
    M = check_max(f, f(-1))
    return dict(max=(M, True), range=[iv(-INF, M, False, True)], lipschitz=mpf(1),
                limit_oo=lim(f, 1, -INF), **{"limit_-oo": lim(f, -1, -INF)}, continuity="C^0")


@case("two_tents_exact", f=_tents(0))
def _():
    # max(1 - |x-1|, 1 - |x+1|) = 1 - ||x| - 1|: kinks at -1, 0, 1.
    f = FUNCS["two_tents_exact"]["f"]
    M = check_max(f, f(1))
    assert f(-1) == M
    for b in (-1, 0, 1):
        l, r = one_sided_slopes(f, b, mpf(10) ** -20)
        assert abs(l - r) > 1
    return dict(max=(M, True), range=[iv(-INF, 1, False, True)], symmetry=even(f),
                lipschitz=mpf(1), differentiable=[mpf(-1), mpf(0), mpf(1)])


def _twin(x):
    return mp.exp(-(x - 1) ** 2) + mp.exp(-(x + 1) ** 2)


@case("twin_gauss", f=_twin)
def _():
    # f''(0) = 2(4-2)e^{-1} > 0: 0 is a local minimum; two equal maxima at +-x*, x* in (0.9, 1).
    f = _twin
    xs = crit(d(f), mpf("0.95"))
    M = check_max(f, f(xs))
    assert abs(f(-xs) - M) < mpf(10) ** -50 and f(0) < M
    return dict(max=(M, True), min=(mpf(0), False), range=[iv(0, M, False, True)],
                symmetry=even(f), monotonic=not_monotonic(f, -3, -xs, 0))


# ================================================================== 5. limits
def _dsilu(x):
    s = sig(x)
    return s * (1 + x * (1 - s))


def dsilu_extrema():
    # dSiLU' = s(1-s)(2 + x(1-2s)); zeros at x(2s-1) = 2: x* ~ +-2.3994 (odd-even structure:
    # g(x) = dSiLU(x) - 1/2 is odd? no: dSiLU(-x) = 1 - dSiLU(x), so min = 1 - max).
    g = lambda x: 2 + x * (1 - 2 * sig(x))
    xs = crit(g, mpf("2.4"))
    return xs, _dsilu(xs), _dsilu(-xs)


@case("dsilu", f=_dsilu)
def _():
    # x -> oo: 1 - s ~ e^-x, x e^-x -> 0, so f -> 1; x -> -oo: s ~ e^x, f ~ e^x (1 + x) -> 0.
    f = _dsilu
    xs, M, m = dsilu_extrema()
    check_max(f, M)
    check_min(f, m)
    return dict(limit_oo=lim(f, 1, mpf(1)), **{"limit_-oo": lim(f, -1, mpf(0))},
                max=(M, True), min=(m, True), range=[iv(m, M, True, True)])


def _dsilu2(x):
    s = sig(x)
    return s * (2 + x * (1 - s))


@case("dsilu_2", f=_dsilu2)
def _():
    # oo: s -> 1, x(1-s) ~ x e^-x -> 0: limit 2.  -oo: s ~ e^x, s x ~ x e^x -> 0: limit 0.
    f = _dsilu2
    return dict(limit_oo=lim(f, 1, mpf(2)), **{"limit_-oo": lim(f, -1, mpf(0))})


def _smt(x):
    s = sig(x)
    return s - x / 10 * s * (1 - s)


@case("s_minus_tenth", f=_smt)
def _():
    # x s(1-s) ~ x e^{-|x|} -> 0 at both ends: limits 1 and 0.
    f = _smt
    return dict(limit_oo=lim(f, 1, mpf(1)), **{"limit_-oo": lim(f, -1, mpf(0))})


@case("x_over_1pexp", f=lambda x: x / (1 + mp.exp(x)))
def _():
    # oo: x e^-x -> 0; -oo: denominator -> 1, f ~ x -> -oo.
    f = FUNCS["x_over_1pexp"]["f"]
    return dict(limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, -INF)})


@case("x_s_minus_1", f=lambda x: x * (sig(x) - 1))
def _():
    # s - 1 = -1/(1+e^x): oo: -x e^-x -> 0; -oo: -> -x -> oo.
    f = FUNCS["x_s_minus_1"]["f"]
    return dict(limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, INF)})


@case("softplus_minus_x", f=lambda x: softplus(x) - x)
def _():
    # = ln(1 + e^-x) = softplus(-x): positive, decreasing (derivative -1/(1+e^x)), -> 0 at oo.
    f = FUNCS["softplus_minus_x"]["f"]
    return dict(limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, INF)},
                range=[iv(0, INF, False, False)],
                monotonic=decreasing(lambda x: -1 / (1 + mp.exp(x))))


@case("x_one_minus_tanh", f=lambda x: x * (1 - mp.tanh(x)))
def _():
    # oo: 1 - tanh x ~ 2e^{-2x}: -> 0; -oo: 1 - tanh -> 2: f ~ 2x -> -oo.
    f = FUNCS["x_one_minus_tanh"]["f"]
    return dict(limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, -INF)})


def _x2s(x):
    return x * x * (1 - mp.tanh(x) ** 2)


@case("x2_sech2", f=_x2s)
def _():
    # f' = 2x sech^2 (1 - x tanh x): maxima at x tanh x = 1, value x*^2 - 1 (tanh = 1/x*).
    f = _x2s
    xs = crit(lambda x: x * mp.tanh(x) - 1, mpf("1.2"))
    M = check_max(f, f(xs))
    assert abs(M - (xs ** 2 - 1)) < mpf(10) ** -50
    return dict(limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, mpf(0))},
                max=(M, True), min=(check_min(f, f(0)), True), range=[iv(0, M, True, True)],
                symmetry=even(f))


# ================================================================== 6. oscillation
def _gtan(x):
    return mp.exp(-x * x) * mp.tan(x)


@case("gauss_tan", f=_gtan)
def _():
    # Zeros at n pi; next to every pole p_n = pi/2 + n pi, tan(p_n - t) = cot t ~ 1/t, so at
    # t = e^{-p_n^2} / 2 the value is about 2: f takes 0 and ~2 beyond every X: no limit
    # (shown for n = 3..6, the cost of t = e^{-p^2} grows like p^2 digits).
    f = _gtan
    for sign in (1, -1):
        for n in (3, 4, 5, 6):
            with mp.workdps(int((2 + n * 3.2) ** 2 / 2.3) + 60):
                p = sign * (mp.pi / 2 + n * mp.pi)
                t = mp.exp(-p * p) / 2
                v = f(p - t)
                assert abs(abs(v) - 2) < mpf("0.01"), v
                assert abs(f(sign * n * mp.pi)) < mpf(10) ** -40
    return dict(limit_oo=NO_LIMIT, **{"limit_-oo": NO_LIMIT})


TWO_PI = 2 * mp.pi


@case("sin", f=mp.sin)
def _():
    f = mp.sin
    nl = no_limit(f, lambda n: TWO_PI * n + mp.pi / 2, lambda n: TWO_PI * n)
    nlm = no_limit(f, lambda n: -TWO_PI * n + mp.pi / 2, lambda n: -TWO_PI * n)
    return dict(limit_oo=nl, **{"limit_-oo": nlm}, range=[iv(-1, 1, True, True)],
                max=(f(mp.pi / 2), True), symmetry=odd(f))


@case("x_sin", f=lambda x: x * mp.sin(x))
def _():
    f = FUNCS["x_sin"]["f"]
    a = lambda n: TWO_PI * n + mp.pi / 2
    b = lambda n: TWO_PI * n
    return dict(limit_oo=no_limit(f, a, b), **{"limit_-oo": no_limit(f, lambda n: -a(n),
                                                                     lambda n: -b(n))},
                range=[iv(-INF, INF, False, False)], max=(INF, False), symmetry=even(f))


@case("sin_x2", f=lambda x: mp.sin(x * x))
def _():
    f = FUNCS["sin_x2"]["f"]
    a = lambda n: mp.sqrt(TWO_PI * n + mp.pi / 2)
    b = lambda n: mp.sqrt(TWO_PI * n)
    return dict(limit_oo=no_limit(f, a, b), **{"limit_-oo": no_limit(f, lambda n: -a(n),
                                                                     lambda n: -b(n))},
                range=[iv(-1, 1, True, True)], max=(f(mp.sqrt(mp.pi / 2)), True),
                symmetry=even(f))


@case("exp_sin_exp", f=lambda x: mp.exp(-x) * mp.sin(mp.exp(x)))
def _():
    # oo: |f| <= e^-x -> 0.  -oo: u = e^x -> 0, sin(u)/u -> 1.
    # (sin(e^{1e6}) would need 4e5 digits for the argument reduction: checked at 50 and 100.)
    f = FUNCS["exp_sin_exp"]["f"]
    assert abs(f(mpf(50))) <= mp.exp(-50) and abs(f(mpf(100))) <= mp.exp(-100)
    return dict(limit_oo=mpf(0), **{"limit_-oo": lim(f, -1, mpf(1))})


SQ2 = mp.sqrt(2)


def _ss2(x):
    return mp.sin(x) + mp.sin(SQ2 * x)


@case("sin_sin_sqrt2", f=_ss2)
def _():
    # f = 2 needs x = pi/2 + 2 pi n and sqrt2 x = pi/2 + 2 pi m, i.e. sqrt2 (1 + 4n) = 1 + 4m:
    # impossible (sqrt2 irrational), so 2 is never attained; by Kronecker both sines come
    # arbitrarily close to 1 together, so sup = 2 (shown: values > 1.999 for n < 2e4).
    f = _ss2
    best = max(f(TWO_PI * n + mp.pi / 2) for n in range(0, 20000, 1))
    assert best > mpf("1.999")
    lo = min(f(TWO_PI * n + mp.pi / 2) for n in range(0, 2000))
    assert lo < mpf("0.01")
    return dict(range=[iv(-2, 2, False, False)], max=(mpf(2), False), min=(mpf(-2), False),
                limit_oo=NO_LIMIT, symmetry=odd(f))


E20 = mpf(10) ** -20


def _tes(x):
    return mp.tanh(x) + E20 * mp.sin(x)


@case("tanh_eps_sin", f=_tes)
def _():
    # tanh < 1 and sin <= 1: f < 1 + 1e-20, approached along 2 pi n + pi/2; at +oo f oscillates
    # with amplitude 1e-20 around 1: no limit; at large x tanh' ~ 4e^{-2x} < 1e-20: not monotone.
    f = _tes
    a = lambda n: TWO_PI * n + mp.pi / 2
    b = lambda n: TWO_PI * n + 3 * mp.pi / 2
    return dict(limit_oo=no_limit(f, a, b, gap=E20),
                **{"limit_-oo": no_limit(f, lambda n: -a(n), lambda n: -b(n), gap=E20)},
                range=[iv(-1 - E20, 1 + E20, False, False)], max=(1 + E20, False),
                monotonic=not_monotonic(f, a(10), b(10), a(11)), symmetry=odd(f))


@case("sin_over_1px2", f=lambda x: mp.sin(x) / (1 + x * x))
def _():
    f = FUNCS["sin_over_1px2"]["f"]
    return dict(limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, mpf(0))},
                symmetry=odd(f))


@case("cos_exp", f=lambda x: mp.cos(mp.exp(x)))
def _():
    f = FUNCS["cos_exp"]["f"]
    return dict(**{"limit_-oo": lim(f, -1, mpf(1))},
                limit_oo=no_limit(f, lambda n: mp.log(TWO_PI * n),
                                  lambda n: mp.log(TWO_PI * n + mp.pi)))


# ================================================================== 7. poles
@case("tan", f=mp.tan)
def _():
    f = mp.tan
    a = lambda n: mp.pi * n
    b = lambda n: mp.pi * n + mp.pi / 4
    return dict(limit_oo=no_limit(f, a, b), **{"limit_-oo": no_limit(f, lambda n: -a(n),
                                                                     lambda n: -b(n))},
                monotonic=not_monotonic(f, 0, 1, 3))


@case("recip", f=lambda x: 1 / x)
def _():
    f = FUNCS["recip"]["f"]
    return dict(limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, mpf(0))},
                monotonic=not_monotonic(f, -1, -mpf("0.5"), 1))


@case("csc", f=mp.csc)
def _():
    f = mp.csc
    a = lambda n: TWO_PI * n + mp.pi / 2
    b = lambda n: TWO_PI * n + 3 * mp.pi / 2
    return dict(limit_oo=no_limit(f, a, b), **{"limit_-oo": no_limit(f, lambda n: -a(n),
                                                                     lambda n: -b(n))})


@case("gamma", f=mp.gamma)
def _():
    # -oo: Gamma(-n - 1/2) -> 0, while Gamma(-n + t) ~ (-1)^n / (n! t): at t = 1/(2 n!) |f| ~ 2.
    f = mp.gamma
    for n in (20, 30, 40):
        with mp.workdps(120):
            t = 1 / (2 * mp.factorial(n))
            assert abs(abs(f(-n + t)) - 2) < mpf("0.1") and abs(f(-n - mpf(1) / 2)) < mpf("1e-15")
    return dict(limit_oo=lim(f, 1, INF), **{"limit_-oo": NO_LIMIT})


@case("expm1_x_over_x2", f=lambda x: (mp.expm1(x) - x) / (x * x))
def _():
    # oo: e^x / x^2 -> oo; -oo: (-1 - x)/x^2 -> 0.
    f = FUNCS["expm1_x_over_x2"]["f"]
    return dict(limit_oo=lim(f, 1, INF), **{"limit_-oo": lim(f, -1, mpf(0))})


@case("x_over_expm1", f=lambda x: x / mp.expm1(x))
def _():
    # oo: x e^-x -> 0; -oo: x / (-1) -> oo.
    f = FUNCS["x_over_expm1"]["f"]
    return dict(limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, INF)})


@case("sinc", f=lambda x: mp.sin(x) / x)
def _():
    f = FUNCS["sinc"]["f"]
    return dict(limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, mpf(0))})


@case("inv_x2", f=lambda x: 1 / (x * x))
def _():
    f = FUNCS["inv_x2"]["f"]
    return dict(limit_oo=lim(f, 1, mpf(0)), **{"limit_-oo": lim(f, -1, mpf(0))})


@case("ln_abs", f=lambda x: mp.log(abs(x)))
def _():
    # grows like ln|x|: f(1e3) = 6.9, f(1e6) = 13.8, unbounded.
    f = FUNCS["ln_abs"]["f"]
    assert f(mpf(10) ** 100) > 200 and f(-mpf(10) ** 100) > 200
    return dict(limit_oo=INF, **{"limit_-oo": INF})


@case("removable_linear", f=lambda x: (x * x - 1) / (x - 1))
def _():
    f = FUNCS["removable_linear"]["f"]
    return dict(limit_oo=lim(f, 1, INF), **{"limit_-oo": lim(f, -1, -INF)})


# ================================================================== 10. brackets
def _gelu(x):
    return x / 2 * (1 + mp.erf(x / mp.sqrt(2)))


def npdf(x):
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


@case("gelu", f=_gelu)
def _():
    # f' = Phi(x) + x phi(x), f'' = phi(x)(2 - x^2): f' extremal at +-sqrt2; f' -> 0, 1 at the
    # ends; min of f at the zero of f' near -0.75, attained.
    f = _gelu
    df = lambda x: (1 + mp.erf(x / mp.sqrt(2))) / 2 + x * npdf(x)
    xm = crit(df, mpf("-0.75"))
    m = check_min(f, f(xm))
    return dict(min=(m, True), range=[iv(m, INF, True, False)],
                sup_derivative=(df(mp.sqrt(2)), True), inf_derivative=(df(-mp.sqrt(2)), True),
                **{"limit_-oo": lim(f, -1, mpf(0))})


@case("tanh", f=mp.tanh)
def _():
    return dict(range=[iv(-1, 1, False, False)], max=(mpf(1), False),
                sup_derivative=(1 - mp.tanh(0) ** 2, True), inf_derivative=(mpf(0), False),
                lipschitz=mpf(1))


@case("softplus", f=softplus)
def _():
    # f' = sigma in (0, 1), never 0 or 1; f > 0, -> 0 at -oo.
    return dict(range=[iv(0, INF, False, False)], min=(mpf(0), False),
                sup_derivative=(mpf(1), False), inf_derivative=(mpf(0), False),
                lipschitz=mpf(1))


def _elu(x):
    return x if x > 0 else mp.expm1(x)


@case("elu", f=_elu)
def _():
    # left: e^x - 1 > -1, derivative e^x in (0, 1]; right: x, derivative 1.  At 0 both
    # one-sided first derivatives are 1, second derivatives 1 (left) and 0 (right): C^1.
    f = _elu
    l, r = one_sided_slopes(f, 0, mpf(10) ** -25)
    assert abs(l - 1) < mpf(10) ** -20 and r == 1
    return dict(range=[iv(-1, INF, False, False)], min=(mpf(-1), False),
                sup_derivative=(mpf(1), True), inf_derivative=(mpf(0), False),
                continuity="C^1", differentiable="everywhere")


def _silu(x):
    return x * sig(x)


@case("silu", f=_silu)
def _():
    # SiLU' = dSiLU, so sup/inf of f' are the dSiLU extremes; min of f where s(1 + x(1-s)) = 0.
    f = _silu
    xm = crit(lambda x: _dsilu(x), mpf("-1.28"))
    m = check_min(f, f(xm))
    xs, M, mn = dsilu_extrema()
    return dict(min=(m, True), range=[iv(m, INF, True, False)], sup_derivative=(M, True),
                inf_derivative=(mn, True))


def _mish(x):
    return x * mp.tanh(softplus(x))


@case("mish", f=_mish)
def _():
    f = _mish
    xm = crit(d(f), mpf("-1.19"))
    m = check_min(f, f(xm))
    return dict(min=(m, True), range=[iv(m, INF, True, False)])


@case("softsign", f=lambda x: x / (1 + abs(x)))
def _():
    # f' = 1/(1+|x|)^2 in (0, 1], 1 at 0; f'' = -2 sign(x)/(1+|x|)^3 jumps at 0: C^1.
    f = FUNCS["softsign"]["f"]
    h = mpf(10) ** -20
    d2l = (1 / (1 + h) ** 2 - 1) / h
    assert d2l < -1   # f'' just right of 0 is -2, just left +2: a jump
    return dict(range=[iv(-1, 1, False, False)], sup_derivative=(mpf(1), True),
                inf_derivative=(mpf(0), False), continuity="C^1", lipschitz=mpf(1))


@case("hardtanh", f=lambda x: max(-1, min(1, x)))
def _():
    f = FUNCS["hardtanh"]["f"]
    return dict(range=[iv(-1, 1, True, True)], max=(f(2), True), min=(f(-2), True),
                lipschitz=mpf(1), continuity="C^0", differentiable=[mpf(-1), mpf(1)],
                monotonic="non-decreasing")


@case("gauss", f=lambda x: mp.exp(-x * x))
def _():
    # |f'| = 2|x| e^{-x^2}, max at |x| = 1/sqrt2: sqrt2 e^{-1/2}.
    f = FUNCS["gauss"]["f"]
    df = lambda x: -2 * x * f(x)
    v = df(-1 / mp.sqrt(2))
    check_max(df, v)
    return dict(range=[iv(0, 1, False, True)], max=(f(0), True), min=(mpf(0), False),
                sup_derivative=(v, True), lipschitz=v)


@case("atan_half", f=lambda x: mp.atan(x) + x / 2)
def _():
    df = lambda x: 1 / (1 + x * x) + mpf(1) / 2
    return dict(sup_derivative=(df(0), True), inf_derivative=(mpf(1) / 2, False),
                range=[iv(-INF, INF, False, False)], monotonic=increasing(df))


@case("neg_softplus_neg", f=lambda x: x - softplus(x))
def _():
    # = -ln(1 + e^-x) < 0, -> 0 at oo; f' = 1 - sigma(x) in (0, 1).
    df = lambda x: sig(-x)      # = 1 - sigma(x)
    return dict(range=[iv(-INF, 0, False, False)], max=(mpf(0), False),
                sup_derivative=(mpf(1), False), inf_derivative=(mpf(0), False),
                monotonic=increasing(df))


# ================================================================== 11. extreme parameters
@case("exp200", f=lambda x: mp.exp(200 * x))
def _():
    f = FUNCS["exp200"]["f"]
    return dict(range=[iv(0, INF, False, False)], min=(mpf(0), False),
                monotonic=increasing(lambda x: 200 * f(x)), **{"limit_-oo": lim(f, -1, mpf(0))},
                lipschitz=INF)


M6 = mpf(10) ** 6


@case("sigmoid_1e6", f=lambda x: sig(M6 * x))
def _():
    f = FUNCS["sigmoid_1e6"]["f"]
    df = lambda x: M6 * dsig(M6 * x)
    return dict(range=[iv(0, 1, False, False)], sup_derivative=(check_max(df, df(0)), True),
                lipschitz=df(0), symmetry=point_sym(f, mpf(1) / 2), monotonic=increasing(df))


@case("tanh_plus_tiny_slope", f=lambda x: T30 * x + mp.tanh(x))
def _():
    # f' = 1e-30 + sech^2 x > 1e-30, -> 1e-30 at +-oo; f unbounded through the 1e-30 x term.
    f = FUNCS["tanh_plus_tiny_slope"]["f"]
    df = lambda x: T30 + 1 / mp.cosh(x) ** 2
    assert f(mpf(10) ** 32) > 99
    return dict(range=[iv(-INF, INF, False, False)], monotonic=increasing(df),
                limit_oo=INF, max=(INF, False), inf_derivative=(T30, False),
                sup_derivative=(df(0), True))


def _tmt(x):
    return mp.tanh(x) - T30 * x


@case("tanh_minus_tiny_slope", f=_tmt)
def _():
    # f' = sech^2 x - 1e-30: zero at cosh x = 1e15 (x ~ 35.2); max there, f -> -oo.
    f = _tmt
    xs = mp.acosh(mpf(10) ** 15)
    M = f(xs)
    assert f(mpf(10) ** 33) < -99
    check_max(f, M, scan_points() + [xs + k / mpf(10) for k in range(-50, 50)])
    return dict(limit_oo=-INF, monotonic=not_monotonic(f, 0, xs, 10 ** 31), max=(M, True),
                range=[iv(-INF, INF, False, False)], symmetry=odd(f))


@case("sigmoid_1e-30", f=lambda x: sig(T30 * x))
def _():
    f = FUNCS["sigmoid_1e-30"]["f"]
    df = lambda x: T30 * dsig(T30 * x)
    assert f(mpf(10) ** 33) > 1 - mpf("1e-100")
    return dict(range=[iv(0, 1, False, False)], sup_derivative=(df(0), True),
                monotonic=increasing(df), limit_oo=mpf(1))


@case("gauss_1e-20", f=lambda x: mp.exp(-E20 * x * x))
def _():
    f = FUNCS["gauss_1e-20"]["f"]
    df = lambda x: -2 * E20 * x * f(x)
    v = df(-1 / mp.sqrt(2 * E20))
    check_max(df, v, scan_points() + [k * mpf(10) ** 9 for k in range(-30, 30)])
    return dict(range=[iv(0, 1, False, True)], max=(f(0), True), lipschitz=v,
                symmetry=even(f))


@case("softplus_200", f=lambda x: softplus(200 * x) / 200)
def _():
    return dict(range=[iv(0, INF, False, False)], sup_derivative=(mpf(1), False),
                min=(mpf(0), False))


B30 = mpf(10) ** 30


@case("big_tanh", f=lambda x: B30 * mp.tanh(T30 * x))
def _():
    # f' = sech^2(1e-30 x) in (0, 1], 1 at 0; |f| < 1e30.
    return dict(range=[iv(-B30, B30, False, False)], lipschitz=mpf(1),
                sup_derivative=(mpf(1), True), monotonic="increasing", max=(B30, False))


# ================================================================== 13. must not hang
@case("sigmoid_exp_exp", f=lambda x: sig(mp.exp(mp.exp(x))))
def _():
    # e^{e^x} increases from 1 (at -oo) to oo: image (sigma(1), 1), both ends open.
    f = FUNCS["sigmoid_exp_exp"]["f"]
    s1 = sig(mpf(1))
    # (e^{e^x} overflows mpmath beyond x ~ 5, so the limit at oo is checked at x = 3:
    # f(3) = sigma(e^{20.1}) = 1 - e^{-5.3e8}.)
    assert 0 < 1 - f(mpf(3)) < mpf(10) ** -100 or f(mpf(3)) == 1
    return dict(range=[iv(s1, 1, False, False)], monotonic="increasing",
                **{"limit_-oo": lim(f, -1, s1)}, limit_oo=mpf(1))


@case("tanh3", f=lambda x: mp.tanh(mp.tanh(mp.tanh(x))))
def _():
    # composition of increasing odd maps, derivative product of sech^2 <= 1 with equality at 0.
    f = FUNCS["tanh3"]["f"]
    t = mp.tanh(mp.tanh(mpf(1)))
    return dict(range=[iv(-t, t, False, False)], symmetry=odd(f), monotonic="increasing",
                sup_derivative=(mp.diff(f, 0), True), lipschitz=mpf(1))


@case("sin3", f=lambda x: mp.sin(mp.sin(mp.sin(x))))
def _():
    f = FUNCS["sin3"]["f"]
    t = mp.sin(mp.sin(mpf(1)))
    return dict(range=[iv(-t, t, True, True)], max=(f(mp.pi / 2), True), symmetry=odd(f))


@case("relu_pair", f=lambda x: relu(x) + max(mpf(10) ** -4, x))
def _():
    f = FUNCS["relu_pair"]["f"]
    q = mpf(10) ** -4
    return dict(range=[iv(q, INF, True, False)], min=(f(-1), True), monotonic="non-decreasing",
                lipschitz=mpf(2), continuity="C^0", **{"limit_-oo": lim(f, -1, q)})


# ================================================================== 14. almost-properties
def _tx2(x):
    return mp.tanh(x) + T30 * x * x


@case("tanh_plus_tiny_x2", f=_tx2)
def _():
    # f' = sech^2 x + 2e-30 x: negative for x < about -35 (sech^2 ~ 4e^{2x}): a minimum near
    # there; f -> oo at both ends.
    f = _tx2
    df = lambda x: 1 / mp.cosh(x) ** 2 + 2 * T30 * x
    xm = crit(df, mpf(-33))
    m = f(xm)
    check_min(f, m, scan_points() + [xm + k / mpf(10) for k in range(-50, 50)])
    assert f(mpf(10) ** 20) > 10 ** 9 < f(-mpf(10) ** 20)     # 1e-30 x^2 wins eventually
    return dict(symmetry=no_symmetry(f, 1, 2), monotonic=not_monotonic(f, -10 ** 20, xm, 0),
                **{"limit_-oo": INF}, limit_oo=INF, min=(m, True),
                range=[iv(m, INF, True, False)])


@case("sigmoid_plus_1e-30", f=lambda x: sig(x) + T30)
def _():
    f = FUNCS["sigmoid_plus_1e-30"]["f"]
    return dict(symmetry=point_sym(f, mpf(1) / 2 + T30), range=[iv(T30, 1 + T30, False, False)],
                value_at_0=f(0))


@case("gauss_tilt", f=lambda x: mp.exp(-x * x) + T30 * x)
def _():
    f = FUNCS["gauss_tilt"]["f"]
    return dict(symmetry=no_symmetry(f, 1, 2), range=[iv(-INF, INF, False, False)],
                monotonic=not_monotonic(f, -1, 0, 1))


@case("cubic_minus_tiny", f=lambda x: x ** 3 - T30 * x)
def _():
    f = FUNCS["cubic_minus_tiny"]["f"]
    r = mp.sqrt(T30 / 3)
    return dict(monotonic=not_monotonic(f, -2 * r, -r, r), symmetry=odd(f),
                range=[iv(-INF, INF, False, False)])


@case("cubic_plus_tiny", f=lambda x: x ** 3 + T30 * x)
def _():
    f = FUNCS["cubic_plus_tiny"]["f"]
    df = lambda x: 3 * x * x + T30
    return dict(monotonic=increasing(df), symmetry=odd(f), inf_derivative=(df(0), True))


@case("log_ratio", f=lambda x: mp.log1p(x * x) / (1 + x * x))
def _():
    # u = 1 + x^2 >= 1: ln u / u is max at u = e (value 1/e), 0 at u = 1, -> 0.
    f = FUNCS["log_ratio"]["f"]
    M = check_max(f, f(mp.sqrt(mp.e - 1)))
    return dict(max=(M, True), min=(check_min(f, f(0)), True), range=[iv(0, M, True, True)],
                symmetry=even(f), limit_oo=lim(f, 1, mpf(0)))


def _sg(x):
    return mp.sin(x) * mp.exp(-x * x)


@case("sin_gauss", f=_sg)
def _():
    # f' = e^{-x^2}(cos x - 2x sin x): first zero x* in (0.6, 0.7); |f| <= e^{-x^2} rules out
    # larger values further out.
    f = _sg
    xs = crit(lambda x: mp.cos(x) - 2 * x * mp.sin(x), mpf("0.65"))
    M = check_max(f, f(xs))
    return dict(max=(M, True), range=[iv(-M, M, True, True)], symmetry=odd(f),
                limit_oo=lim(f, 1, mpf(0)))


@case("x_gauss", f=lambda x: x * mp.exp(-x * x))
def _():
    f = FUNCS["x_gauss"]["f"]
    df = lambda x: (1 - 2 * x * x) * mp.exp(-x * x)
    M = check_max(f, f(1 / mp.sqrt(2)))
    return dict(max=(M, True), inf_derivative=(check_min(df, df(mp.sqrt(mpf(3) / 2))), True),
                sup_derivative=(check_max(df, df(0)), True))


# ================================================================== verify claims
RELS = {
    "le": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
    "ge": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "eq": lambda a, b: abs(a - b) <= mpf("1e-45") * max(abs(a), abs(b)),
}


def violates(defs, x):
    """True when the claim of `defs` fails at x (x inside its domain), by my mpmath sides."""
    dom = defs.get("domain")
    if dom is not None and not dom(x):
        return False
    try:
        a, b = defs["lhs"](x), defs["rhs"](x)
    except (ZeroDivisionError, ValueError):
        return False
    return not RELS[defs["rel"]](a, b)


def claim_truth(cid, witness=None, extra=()):
    """holds = no violation on a scan (true claims: see the reasoning in the comment);
    a false claim must come with a witness where it fails."""
    defs = FUNCS[cid]
    if witness is not None:
        with mp.workdps(80):
            assert violates(defs, mpf(witness)), (cid, witness)
        return {"holds": False}
    # |x| <= 100 keeps every value representable at 110 digits (sigma(100) = 1 - 3.7e-44);
    # beyond, the comments' reasoning carries the claim.
    pts = [p for p in scan_points(-20, 20, 321) if abs(p) <= 100] + [mpf(p) for p in extra]
    bad = [p for p in pts if violates(defs, p)]
    assert not bad, (cid, bad[:3])
    return {"holds": True}


def vcase(cid, lhs, rel, rhs, witness=None, domain=None, extra=(), const=False):
    TRUTHS[cid] = lambda: claim_truth(cid, witness, extra)
    FUNCS[cid] = dict(lhs=lhs, rhs=rhs, rel=rel, domain=domain, const=const)


def dcase(cid, exact, text):
    """A decimal claim: exact() is my value, text the decimal as written (e-notation)."""
    def truth():
        with mp.workdps(120):
            c = classify_decimal(exact(), text)
        return {"holds": True} if c == "exact" else {"decimal": c}
    TRUTHS[cid] = truth
    FUNCS[cid] = dict(const=True)


one = lambda x: mpf(1)
c = lambda v: (lambda x: mpf(v) if not callable(v) else v())

# 8. tight bounds -------------------------------------------------------------------------
vcase("sigmoid_le_1m1e-30", sig, "le", lambda x: 1 - T30, witness=100)   # 1 - 3.7e-44
vcase("sigma_lt_1", sig, "lt", one)                    # 1/(1+e^-x) < 1 as e^-x > 0
vcase("pi_bump_le", lambda x: mp.pi / (1 + x * x), "le", lambda x: mp.pi)
vcase("pi_bump_lt", lambda x: mp.pi / (1 + x * x), "lt", lambda x: mp.pi, witness=0)
vcase("softplus_relu_le_ln2", lambda x: softplus(x) - relu(x), "le", lambda x: mp.log(2))
vcase("softplus_relu_lt_ln2", lambda x: softplus(x) - relu(x), "lt", lambda x: mp.log(2),
      witness=0)                                        # = ln(1 + e^-|x|) <= ln 2, = at 0
vcase("tanh_lt_1", mp.tanh, "lt", one)
vcase("tanh_le_1m1e-30", mp.tanh, "le", lambda x: 1 - T30, witness=40)   # 1 - 3.6e-35
vcase("gauss_le_1", lambda x: mp.exp(-x * x), "le", one)
vcase("gauss_lt_1", lambda x: mp.exp(-x * x), "lt", one, witness=0)
vcase("sig_deriv_le_quarter", dsig, "le", lambda x: mpf(1) / 4)   # 1/4 - s(1-s) = (s-1/2)^2
vcase("sig_deriv_lt_quarter", dsig, "lt", lambda x: mpf(1) / 4, witness=0)
vcase("sig_deriv_le_quarter_m", dsig, "le", lambda x: mpf(1) / 4 - T30, witness=0)
vcase("softplus_gt_x", softplus, "gt", lambda x: x)     # ln(1+e^x) - x = ln(1+e^-x) > 0
vcase("softplus_gt_x_eps", softplus, "gt", lambda x: x + T30, witness=100)
vcase("silu_ge_m02785", _silu, "ge", lambda x: mpf("-0.2785"))   # min -0.27846...
vcase("silu_ge_m02784", _silu, "ge", lambda x: mpf("-0.2784"), witness="-1.2785")
vcase("softsign_lt_1", lambda x: x / (1 + abs(x)), "lt", one)
vcase("sigma_sum_1", lambda x: sig(x) + sig(-x), "eq", one)
vcase("sigma_sum_1_eps", lambda x: sig(x) + sig(-x), "eq", lambda x: 1 + T30, witness=0)
vcase("ln1p_e100", lambda x: L100, "eq", lambda x: E100, witness=0, const=True)
vcase("pi_gt_355", lambda x: K355, "gt", lambda x: mpf(0), witness=0, const=True)
vcase("pi_lt_355", lambda x: mp.pi, "lt", lambda x: mpf(355) / 113, const=True)
vcase("ramanujan_eq", lambda x: KRAM, "eq", lambda x: mpf(0), witness=0, const=True)
vcase("ramanujan_lt", lambda x: KRAM, "lt", lambda x: mpf(0), const=True)
vcase("gelu_ge_m017", _gelu, "ge", lambda x: mpf("-0.17"))     # min -0.169971...
vcase("gelu_ge_m01699", _gelu, "ge", lambda x: mpf("-0.1699"), witness="-0.7518")

# 9. decimals -------------------------------------------------------------------------------
dcase("ln2_neither", lambda: mp.log(2), "0.69314718055994529")
dcase("sigma1_trunc", lambda: sig(mpf(1)), "0.73105857863000487")
dcase("sigma1_round", lambda: sig(mpf(1)), "0.73105857863000488")
dcase("sigma1_neither", lambda: sig(mpf(1)), "0.73105857863000489")
dcase("quarter20_trunc", lambda: Fraction(1, 4) ** 20, "9.094e-13")
dcase("quarter20_round", lambda: Fraction(1, 4) ** 20, "9.095e-13")
dcase("quarter20_neither", lambda: Fraction(1, 4) ** 20, "9.093e-13")
dcase("pi_both", lambda: +mp.pi, "3.14159")
dcase("pi_round", lambda: +mp.pi, "3.1416")
dcase("pi_trunc", lambda: +mp.pi, "3.1415")
dcase("pi_neither", lambda: +mp.pi, "3.1417")
dcase("e_both", lambda: +mp.e, "2.718281828459045")
dcase("sqrt2_round", lambda: mp.sqrt(2), "1.41421356237309505")
dcase("two_thirds_trunc", lambda: Fraction(2, 3), "0.6666")
dcase("two_thirds_round", lambda: Fraction(2, 3), "0.6667")
dcase("two_thirds_neither", lambda: Fraction(2, 3), "0.6668")
dcase("ln2_17_both", lambda: mp.log(2), "0.6931471805599453")
dcase("e100_round", lambda: mp.exp(-100), "3.720075976020836e-44")
dcase("ln1p_e100_round", lambda: mp.log1p(mp.exp(-100)), "3.720075976020836e-44")
dcase("ramanujan_decimal", lambda: mp.exp(mp.pi * mp.sqrt(163)), "262537412640768743.99999999999925")
dcase("sigma_prime0_exact", lambda: Fraction(1, 2) * (1 - Fraction(1, 2)), "0.25")  # s(0) = 1/2
dcase("decimal_sum_exact", lambda: Fraction("0.1") + Fraction("0.2"), "0.3")
dcase("pow2_exact", lambda: Fraction(1, 2 ** 10), "0.0009765625")
dcase("pow2_wrong", lambda: Fraction(1, 2 ** 10), "0.0009765624")

# 12. paper LaTeX ------------------------------------------------------------------------------
vcase("d_arctan_inv", lambda x: mp.diff(mp.atan, x), "eq", lambda x: 1 / (1 + x * x))
vcase("artanh_not_recip", mp.atanh, "eq", lambda x: 1 / mp.tanh(x), witness="0.5",
      domain=lambda x: abs(x) < 1 and x != 0)          # tanh^{-1} is artanh
vcase("d_arctan", lambda x: mp.diff(mp.atan, x), "eq", lambda x: 1 / (1 + x * x))
vcase("artanh_tanh", lambda x: mp.atanh(mp.tanh(x)), "eq", lambda x: x,
      domain=lambda x: abs(x) < 30)                    # |x| < 30: tanh rounds to 1 beyond
vcase("tanh_inv_tanh", lambda x: mp.atanh(mp.tanh(x)), "eq", lambda x: x,
      domain=lambda x: abs(x) < 30)
vcase("asinh_log", mp.asinh, "eq", lambda x: mp.log(x + mp.sqrt(x * x + 1)),
      domain=lambda x: x > -10 ** 6)                   # the right side cancels for x << 0
vcase("atan_sum_pi2", lambda x: mp.atan(x) + mp.atan(1 / x), "eq", lambda x: mp.pi / 2,
      witness=-1, domain=lambda x: x != 0)              # = -pi/2 for x < 0
vcase("sigma_prime", lambda x: mp.diff(sig, x), "eq", dsig)
vcase("tanh_sigma", mp.tanh, "eq", lambda x: 2 * sig(2 * x) - 1)
vcase("tanh_prime", lambda x: mp.diff(mp.tanh, x), "eq", lambda x: 1 - mp.tanh(x) ** 2,
      domain=lambda x: abs(x) < 50)            # 1 - tanh^2 cancels at 110 digits beyond
vcase("asin_sin", lambda x: mp.asin(mp.sin(x)), "eq", lambda x: x, witness=2)
vcase("pythagoras", lambda x: mp.cos(x) ** 2 + mp.sin(x) ** 2, "eq", one)
vcase("log_exp", lambda x: mp.log(mp.exp(x)), "eq", lambda x: x)
vcase("d_softplus", lambda x: mp.diff(softplus, x), "eq", sig)
vcase("relu_max", relu, "eq", lambda x: max(mpf(0), x))
vcase("d_silu", lambda x: mp.diff(_silu, x), "eq", lambda x: sig(x) + x * dsig(x))
vcase("tanh_exp", mp.tanh, "eq", lambda x: (mp.exp(x) - mp.exp(-x)) / (mp.exp(x) + mp.exp(-x)))
vcase("sigma_inv_logit", lambda x: mp.log(sig(x) / (1 - sig(x))), "eq", lambda x: x,
      domain=lambda x: abs(x) < 100)

# 13. must not hang -----------------------------------------------------------------------------
vcase("relu_pair_eq", lambda x: relu(x) + max(mpf(10) ** -4, x), "eq", lambda x: 2 * relu(x),
      witness=0)
vcase("abs_cond", abs, "eq", lambda x: x, witness="-0.00005",
      domain=lambda x: x > -mpf(10) ** -4)
vcase("abs_cond_true", abs, "eq", lambda x: x, domain=lambda x: x > mpf(10) ** -4)
vcase("d12_tanh3", lambda x: mp.diff(lambda t: mp.tanh(mp.tanh(mp.tanh(t))), x, 12), "eq",
      lambda x: mpf(0), witness=1)
vcase("relu_abs", lambda x: relu(x) + relu(-x), "eq", abs)
vcase("d6_sigma", lambda x: mp.diff(sig, x, 6), "eq", lambda x: mpf(0), witness=1)
vcase("sigma4_lt_1", lambda x: sig(sig(sig(sig(x)))), "lt", one)   # sigma < 1 at the top
