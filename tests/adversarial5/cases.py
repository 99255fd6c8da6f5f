"""The fifth blind corpus: argv, category, my mpmath definitions and the truth, with how it was established.
Nothing here imports symact.  Numbers are mpmath lambdas (evaluated at the caller's precision, 70 digits in the tests).

prove truths (key -> value), only the keys given are judged:
  range:  list of (lo, hi, lo_closed, hi_closed)
  max, min, sup_derivative, inf_derivative: (value, attained or None)
  lipschitz, limit_-oo, limit_oo, value_at_0: value
  monotonic, symmetry, convexity: set of acceptable words
  inflections: list of points (compared with convexity's `at` when symact gives a finite set), or "infinite"
verify truths: holds (bool), lhs/rhs (mpmath functions of x), rel, witness (a point where the claim fails)
"""
from __future__ import annotations

import mpmath as mp

S = "/work/main/.venv/bin/symact"   # not used: the tests call symact.cli.main in-process
E30 = lambda: mp.mpf(10) ** -30      # noqa: E731
inf = mp.inf

sig = lambda x: 1 / (1 + mp.exp(-x))                         # noqa: E731
softplus = lambda x: mp.log1p(mp.exp(x)) if x < 0 else x + mp.log1p(mp.exp(-x))  # noqa: E731
silu = lambda x: x * sig(x)                                  # noqa: E731
Phi = lambda x: mp.ncdf(x)                                   # noqa: E731
phi = lambda x: mp.npdf(x)                                   # noqa: E731
gelu = lambda x: x * Phi(x)                                  # noqa: E731
def mish(x): return x * mp.tanh(softplus(x))
def LAM(): return mp.mpf("1.0507009873554804934193349852946")     # PyTorch's 32-digit constants, read at the caller's precision
def ALPHA(): return mp.mpf("1.6732632423543772848170429916717")
def selu(x): return LAM() * x if x > 0 else LAM() * ALPHA() * (mp.exp(x) - 1)


def root(f, x0):
    return mp.findroot(f, x0)


# --- constants without a closed form (recomputed by findroot in test_truth) -----------------------------
def xtanh_x0():      # x tanh x = 1: f = x tanh x has f'' = 2 sech^2 (1 - x tanh x) = 0 there, and f'(x0) = x0
    return root(lambda x: x * mp.tanh(x) - 1, 1.2)
def sinc_x1():       # first positive minimum of sin x / x: tan x = x in (pi, 3pi/2)
    return root(lambda x: mp.tan(x) - x, 4.49)
def x2g_roots():     # x^2 e^{-x^2}: f'' = (2 - 10x^2 + 4x^4) e^{-x^2} = 0 at x^2 = (5 -+ sqrt 17)/4
    return [mp.sqrt((5 - mp.sqrt(17)) / 4), mp.sqrt((5 + mp.sqrt(17)) / 4)]
def x2g_d(x): return 2 * x * (1 - x * x) * mp.exp(-x * x)
def silu_d(x): return sig(x) * (1 + x * (1 - sig(x)))
def silu_dd(x): return sig(x) * (1 - sig(x)) * (2 + x * (1 - 2 * sig(x)))
def silu_x2(): return root(silu_dd, 2.4)
def mish_d(x): return mp.diff(mish, x)
def mish_argmin(): return root(mish_d, -1.19)
def gelu_argmin(): return root(lambda x: Phi(x) + x * phi(x), -0.75)
def softplus_eps_argmax():  # f = softplus(x) - 1e-30 x^2: f' = sigma(x) - 2e-30 x = 0 near 5e29
    return root(lambda x: sig(x) - 2 * E30() * x, mp.mpf("5e29"))
def tanh_eps_argmax():      # f = tanh x - 1e-30 x: sech^2 x = 1e-30
    return mp.acosh(mp.mpf(10) ** 15)


CASES: list[dict] = []


def prove(id, category, latex, f, truth, how, extra=(), name=None):
    argv = ["prove", "--latex", latex, "--json", *extra] if name is None else ["prove", name, "--json", *extra]
    CASES.append(dict(id=id, category=category, kind="prove", argv=argv, f=f, truth=truth, how=how))


def verify(id, category, claim, lhs, rel, rhs, holds, how, witness=None, extra=(), approx_ok=False):
    CASES.append(dict(id=id, category=category, kind="verify", argv=["verify", claim, "--json", *extra],
                      lhs=lhs, rel=rel, rhs=rhs, holds=holds, witness=witness, how=how, approx_ok=approx_ok))


# ============================ latex-prove: user-defined activations =======================================
prove("x_plus_sin", "latex-prove", r"x+\sin(x)", lambda x: x + mp.sin(x), dict(
    range=[(-inf, inf, False, False)], monotonic={"increasing"}, symmetry={"odd"},
    sup_derivative=(lambda: 2, True), inf_derivative=(lambda: 0, True), lipschitz=lambda: 2,
    convexity={"neither"}, inflections="infinite"),
    "f' = 1 + cos x >= 0 with isolated zeros (x = pi + 2k pi): strictly increasing; f'' = -sin x changes sign at every k pi")
prove("x_plus_sin_eps", "latex-prove", r"x+(1+10^{-20})\sin(x)", lambda x: x + (1 + mp.mpf(10) ** -20) * mp.sin(x), dict(
    monotonic={"not monotonic"}, symmetry={"odd"}, range=[(-inf, inf, False, False)],
    sup_derivative=(lambda: 2 + mp.mpf(10) ** -20, True), inf_derivative=(lambda: -mp.mpf(10) ** -20, True),
    lipschitz=lambda: 2 + mp.mpf(10) ** -20, convexity={"neither"}, inflections="infinite"),
    "f'(pi) = 1 - (1 + 1e-20) = -1e-20 < 0: decreasing on an interval of width ~2.8e-10 around pi; witness triple pi -+ 1e-11 (test_truth)")
prove("x_minus_sin", "latex-prove", r"x-\sin(x)", lambda x: x - mp.sin(x), dict(
    monotonic={"increasing"}, symmetry={"odd"}, sup_derivative=(lambda: 2, True), inf_derivative=(lambda: 0, True),
    lipschitz=lambda: 2, convexity={"neither"}, inflections="infinite", range=[(-inf, inf, False, False)]),
    "f' = 1 - cos x >= 0, zeros isolated at 2k pi: strictly increasing; f'' = sin x")
prove("x3_minus_eps", "latex-prove", r"x^3-10^{-30}x", lambda x: x ** 3 - E30() * x, dict(
    monotonic={"not monotonic"}, symmetry={"odd"}, range=[(-inf, inf, False, False)],
    inf_derivative=(lambda: -E30(), True), sup_derivative=(lambda: inf, False), convexity={"neither"}, inflections=[lambda: 0],
    max=(lambda: inf, False)),
    "f' = 3x^2 - 1e-30 < 0 for |x| < 5.8e-16: f(-1e-16) > f(0) > f(1e-16) but f(1) > f(0)")
prove("x3_plus_eps", "latex-prove", r"x^3+10^{-30}x", lambda x: x ** 3 + E30() * x, dict(
    monotonic={"increasing"}, symmetry={"odd"}, inf_derivative=(lambda: E30(), True), convexity={"neither"},
    inflections=[lambda: 0]),
    "f' = 3x^2 + 1e-30 > 0; inf f' = 1e-30 at 0; f'' = 6x")
prove("cubic_shift", "latex-prove", r"(x-1)^3+1", lambda x: (x - 1) ** 3 + 1, dict(
    monotonic={"increasing"}, symmetry={"none"}, inf_derivative=(lambda: 0, True), convexity={"neither"},
    inflections=[lambda: 1], value_at_0=lambda: 0),
    "f' = 3(x-1)^2 >= 0, zero only at 1; f(0) = 0; f(-x) != -f(x) (f(1)=1, f(-1)=-7)")
prove("rat_odd", "latex-prove", r"\frac{x}{1+x^2}", lambda x: x / (1 + x * x), dict(
    range=[(lambda: mp.mpf(-1) / 2, lambda: mp.mpf(1) / 2, True, True)], max=(lambda: mp.mpf(1) / 2, True),
    min=(lambda: -mp.mpf(1) / 2, True), sup_derivative=(lambda: 1, True), inf_derivative=(lambda: -mp.mpf(1) / 8, True),
    lipschitz=lambda: 1, monotonic={"not monotonic"}, symmetry={"odd"}, convexity={"neither"},
    inflections=[lambda: 0, lambda: -mp.sqrt(3), lambda: mp.sqrt(3)]),
    "f' = (1-x^2)/(1+x^2)^2: max 1/2 at 1; f'' = 2x(x^2-3)/(1+x^2)^3: f'(+-sqrt3) = -2/16 = -1/8")
prove("tanh_sq", "latex-prove", r"\tanh(x)^2", lambda x: mp.tanh(x) ** 2, dict(
    range=[(lambda: 0, lambda: 1, True, False)], min=(lambda: 0, True), max=(lambda: 1, False),
    sup_derivative=(lambda: 4 / (3 * mp.sqrt(3)), True), inf_derivative=(lambda: -4 / (3 * mp.sqrt(3)), True),
    lipschitz=lambda: 4 / (3 * mp.sqrt(3)), symmetry={"even"}, monotonic={"not monotonic"}, convexity={"neither"},
    inflections=[lambda: -mp.atanh(1 / mp.sqrt(3)), lambda: mp.atanh(1 / mp.sqrt(3))], limit_oo=lambda: 1),
    "t = tanh x: f' = 2t(1-t^2), max over t in (-1,1) at t^2 = 1/3: 4/(3 sqrt3); f'' = 2(1-t^2)(1-3t^2)")
prove("gauss", "latex-prove", r"e^{-x^2}", lambda x: mp.exp(-x * x), dict(
    range=[(lambda: 0, lambda: 1, False, True)], max=(lambda: 1, True), min=(lambda: 0, False),
    sup_derivative=(lambda: mp.sqrt(2 / mp.e), True), inf_derivative=(lambda: -mp.sqrt(2 / mp.e), True),
    symmetry={"even"}, monotonic={"not monotonic"}, convexity={"neither"},
    inflections=[lambda: -1 / mp.sqrt(2), lambda: 1 / mp.sqrt(2)]),
    "f' = -2x e^{-x^2}, extreme at x^2 = 1/2: sqrt(2/e); f'' = (4x^2-2) e^{-x^2}")
prove("x_gauss", "latex-prove", r"x e^{-x^2}", lambda x: x * mp.exp(-x * x), dict(
    range=[(lambda: -1 / mp.sqrt(2 * mp.e), lambda: 1 / mp.sqrt(2 * mp.e), True, True)],
    max=(lambda: 1 / mp.sqrt(2 * mp.e), True), sup_derivative=(lambda: 1, True),
    inf_derivative=(lambda: -2 * mp.exp(-mp.mpf(3) / 2), True), lipschitz=lambda: 1, symmetry={"odd"},
    convexity={"neither"}, inflections=[lambda: 0, lambda: -mp.sqrt(1.5), lambda: mp.sqrt(1.5)]),
    "f' = (1-2x^2) e^{-x^2}; f'' = (4x^3-6x) e^{-x^2}: f'(+-sqrt(3/2)) = -2e^{-3/2}; |f'| <= 1")
_r = x2g_roots
prove("x2_gauss", "latex-prove", r"x^2 e^{-x^2}", lambda x: x * x * mp.exp(-x * x), dict(
    range=[(lambda: 0, lambda: 1 / mp.e, True, True)], max=(lambda: 1 / mp.e, True), min=(lambda: 0, True),
    sup_derivative=(lambda: x2g_d(_r()[0]), True), inf_derivative=(lambda: -x2g_d(_r()[0]), True),
    lipschitz=lambda: x2g_d(_r()[0]), symmetry={"even"}, monotonic={"not monotonic"}, convexity={"neither"},
    inflections=[lambda: -_r()[1], lambda: -_r()[0], lambda: _r()[0], lambda: _r()[1]]),
    "f' = 2x(1-x^2)e^{-x^2}; f'' = (2-10x^2+4x^4)e^{-x^2} zero at x^2 = (5 -+ sqrt17)/4; sup f' at the smaller root (scan)")
prove("x_tanh", "latex-prove", r"x\tanh(x)", lambda x: x * mp.tanh(x), dict(
    range=[(lambda: 0, lambda: inf, True, False)], min=(lambda: 0, True), symmetry={"even"},
    sup_derivative=(xtanh_x0, True), inf_derivative=(lambda: -xtanh_x0(), True), lipschitz=xtanh_x0,
    convexity={"neither"}, inflections=[lambda: -xtanh_x0(), xtanh_x0], monotonic={"not monotonic"}),
    "f'' = 2 sech^2 x (1 - x tanh x): inflections where x tanh x = 1 (x0 = 1.1996786402577...), and there f' = "
    "tanh x0 + x0 sech^2 x0 = 1/x0 + x0 (1 - 1/x0^2) = x0: sup f' = x0 exactly")
prove("log_cosh", "latex-prove", r"\ln(\cosh(x))", lambda x: mp.log(mp.cosh(x)), dict(
    range=[(lambda: 0, lambda: inf, True, False)], convexity={"convex"}, symmetry={"even"},
    sup_derivative=(lambda: 1, False), inf_derivative=(lambda: -1, False), lipschitz=lambda: 1, min=(lambda: 0, True)),
    "f' = tanh x, f'' = sech^2 x > 0")
prove("x_atan", "latex-prove", r"x\arctan(x)", lambda x: x * mp.atan(x), dict(
    convexity={"convex"}, symmetry={"even"}, sup_derivative=(lambda: mp.pi / 2, False),
    inf_derivative=(lambda: -mp.pi / 2, False), lipschitz=lambda: mp.pi / 2, range=[(lambda: 0, lambda: inf, True, False)]),
    "f' = arctan x + x/(1+x^2) -> pi/2; f'' = 2/(1+x^2)^2 > 0 so f' increasing, sup not attained")
prove("x_erf", "latex-prove", r"x\operatorname{erf}(x)", lambda x: x * mp.erf(x), dict(
    convexity={"neither"}, inflections=[lambda: -1, lambda: 1], symmetry={"even"},
    sup_derivative=(lambda: mp.erf(1) + 2 / (mp.sqrt(mp.pi) * mp.e), True), range=[(lambda: 0, lambda: inf, True, False)]),
    "f'' = 2 erf'(x) + x erf''(x) = (4/sqrt pi) e^{-x^2} (1 - x^2): inflections +-1; sup f' = f'(1) = erf 1 + 2/(e sqrt pi)")
prove("sqrt1x2", "latex-prove", r"\sqrt{1+x^2}-1", lambda x: mp.sqrt(1 + x * x) - 1, dict(
    convexity={"convex"}, symmetry={"even"}, sup_derivative=(lambda: 1, False), lipschitz=lambda: 1,
    range=[(lambda: 0, lambda: inf, True, False)]),
    "f' = x/sqrt(1+x^2) in (-1,1); f'' = (1+x^2)^{-3/2} > 0")
prove("sq_plus_eps_x", "latex-prove", r"x^2+10^{-30}x", lambda x: x * x + E30() * x, dict(
    symmetry={"none"}, convexity={"convex"}, min=(lambda: -E30() ** 2 / 4, True),
    range=[(lambda: -E30() ** 2 / 4, lambda: inf, True, False)], monotonic={"not monotonic"}),
    "min at x = -5e-31, value -2.5e-61; f(1) - f(-1) = 2e-30 != 0: not even")
prove("tanh_plus_eps", "latex-prove", r"\tanh(x)+10^{-30}", lambda x: mp.tanh(x) + E30(), dict(
    symmetry={"none"}, value_at_0=E30, range=[(lambda: -1 + E30(), lambda: 1 + E30(), False, False)],
    monotonic={"increasing"}, convexity={"neither"}, inflections=[lambda: 0]),
    "f(-x) + f(x) = 2e-30 != 0")
prove("tanh_minus_eps_x", "latex-prove", r"\tanh(x)-10^{-30}x", lambda x: mp.tanh(x) - E30() * x, dict(
    monotonic={"not monotonic"}, symmetry={"odd"}, limit_oo=lambda: -inf, limit_neg=lambda: inf,
    range=[(-inf, inf, False, False)], sup_derivative=(lambda: 1 - E30(), True), inf_derivative=(lambda: -E30(), False),
    max=(lambda: inf, False)),
    "f' = sech^2 x - 1e-30 < 0 for |x| > acosh(1e15) ~ 35.2: f rises to ~1 then falls to -oo; inf f' = -1e-30 approached as x -> oo")
prove("cos_x2_eps_x4", "latex-prove", r"\cos(x)+\frac{x^2}{2}-10^{-30}x^4", lambda x: mp.cos(x) + x * x / 2 - E30() * x ** 4, dict(
    convexity={"neither"}, symmetry={"even"}, limit_oo=lambda: -inf, monotonic={"not monotonic"}),
    "f'' = 1 - cos x - 1.2e-29 x^2: >= 0 near 0 (x^2/2 dominates) but < 0 for |x| > ~3e14 (f''(1e15) <= 2 - 12 < 0): "
    "convex only on a bounded set; f -> -oo both ways")
prove("softplus_minus_eps_x2", "latex-prove", r"\ln(1+e^{x})-10^{-30}x^2", lambda x: softplus(x) - E30() * x * x, dict(
    convexity={"neither"}, monotonic={"not monotonic"}, limit_oo=lambda: -inf, limit_neg=lambda: -inf,
    max=(lambda: softplus(softplus_eps_argmax()) - E30() * softplus_eps_argmax() ** 2, True)),
    "f'' = sigma'(x) - 2e-30 < 0 for |x| > ~69; f' = sigma(x) - 2e-30x = 0 at x ~ 5e29: max ~2.5e29 attained; -oo both ways")
prove("abs_minus_eps_x2", "latex-prove", r"|x|-10^{-30}x^2", lambda x: abs(x) - E30() * x * x, dict(
    convexity={"neither"}, symmetry={"even"}, monotonic={"not monotonic"}, limit_oo=lambda: -inf,
    max=(lambda: mp.mpf(10) ** 30 / 4, True), range=[(-inf, lambda: mp.mpf(10) ** 30 / 4, False, True)]),
    "pieces concave (f'' = -2e-30), kink at 0 convex (slopes -1 | 1): neither; max at |x| = 5e29: 5e29 - 2.5e29 = 2.5e29")
prove("const_trig", "latex-prove", r"\sin(x)^2+\cos(x)^2", lambda x: mp.sin(x) ** 2 + mp.cos(x) ** 2, dict(
    range=[(lambda: 1, lambda: 1, True, True)], convexity={"affine", "convex", "concave"}, symmetry={"even"},
    sup_derivative=(lambda: 0, True), lipschitz=lambda: 0, value_at_0=lambda: 1),
    "identically 1")
prove("sinc", "latex-prove", r"\frac{\sin(x)}{x}", lambda x: mp.sinc(x), dict(
    min=(lambda: mp.cos(sinc_x1()), True), limit_oo=lambda: 0, symmetry={"even"}, monotonic={"not monotonic"}),
    "removable singularity at 0 (refusal fine); min at tan x = x, x1 = 4.4934..., value cos x1 = -0.2172336282...")
prove("bernoulli", "latex-prove", r"\frac{x}{e^{x}-1}", lambda x: x / mp.expm1(x) if x != 0 else mp.mpf(1), dict(
    monotonic={"decreasing"}, limit_oo=lambda: 0, limit_neg=lambda: inf, min=(lambda: 0, False),
    range=[(lambda: 0, lambda: inf, False, False)], convexity={"convex"}),
    "removable singularity at 0 (value 1 by continuity; refusal fine); x/(e^x-1) = x/2 coth(x/2) - x/2, decreasing, -> oo / 0; "
    "convex: (x/2)coth(x/2) is convex and -x/2 affine")

# ============================ catalogue with a tiny --budget ==============================================
W1e = lambda: mp.lambertw(1 / mp.e).real      # noqa: E731
for b in ("0.01", "0.2"):
    prove(f"gelu_budget_{b}", "budget", None, gelu, dict(
        min=(lambda: gelu(gelu_argmin()), True), range=[(lambda: gelu(gelu_argmin()), lambda: inf, True, False)],
        sup_derivative=(lambda: Phi(mp.sqrt(2)) + mp.sqrt(2) * phi(mp.sqrt(2)), True),
        inf_derivative=(lambda: Phi(-mp.sqrt(2)) - mp.sqrt(2) * phi(mp.sqrt(2)), True),
        convexity={"neither"}, inflections=[lambda: -mp.sqrt(2), lambda: mp.sqrt(2)], monotonic={"not monotonic"}),
        "gelu'' = phi(x)(2 - x^2): inflections +-sqrt2, extremes of gelu' there; min by findroot of gelu'",
        extra=("--budget", b), name="gelu")
    prove(f"silu_budget_{b}", "budget", None, silu, dict(
        min=(lambda: -W1e(), True), sup_derivative=(lambda: silu_d(silu_x2()), True),
        inf_derivative=(lambda: silu_d(-silu_x2()), True), convexity={"neither"},
        inflections=[lambda: -silu_x2(), silu_x2], monotonic={"not monotonic"}),
        "min of x sigma(x) at x = -1 - W(1/e), value -W(1/e); silu'' = 0 at +-2.3993572...",
        extra=("--budget", b), name="silu")
    prove(f"mish_budget_{b}", "budget", None, mish, dict(
        min=(lambda: mish(mish_argmin()), True), monotonic={"not monotonic"}, convexity={"neither"}),
        "min by findroot of mp.diff(mish)", extra=("--budget", b), name="mish")
    prove(f"selu_budget_{b}", "budget", None, selu, dict(
        range=[(lambda: -LAM() * ALPHA(), lambda: inf, False, False)], monotonic={"increasing"}, convexity={"neither"},
        sup_derivative=(lambda: LAM() * ALPHA(), False), min=(lambda: -LAM() * ALPHA(), False)),
        "left slope at 0 is lambda alpha = 1.758 > lambda: slope drops at the kink (not convex), left piece convex (not concave)",
        extra=("--budget", b), name="selu")
    prove(f"xtanh_budget_{b}", "budget", r"x\tanh(x)", lambda x: x * mp.tanh(x), dict(
        sup_derivative=(xtanh_x0, True), lipschitz=xtanh_x0, convexity={"neither"},
        inflections=[lambda: -xtanh_x0(), xtanh_x0]), "as x_tanh", extra=("--budget", b))
    prove(f"x_plus_sin_eps_budget_{b}", "budget", r"x+(1+10^{-20})\sin(x)",
          lambda x: x + (1 + mp.mpf(10) ** -20) * mp.sin(x), dict(monotonic={"not monotonic"},
          inf_derivative=(lambda: -mp.mpf(10) ** -20, True)), "as x_plus_sin_eps", extra=("--budget", b))
prove("elu_alpha_up_budget", "budget", None, lambda x: x if x > 0 else (1 + E30()) * mp.expm1(x), dict(
    convexity={"neither"}, sup_derivative=(lambda: 1 + E30(), False)),
    "elu alpha = 1 + 1e-30: left slope at 0 is alpha > 1 = right slope: slope drop, not convex",
    extra=("--param", "alpha=1.000000000000000000000000000001", "--budget", "0.01"), name="elu")

# ============================ verify: inequalities false on a tiny set / far tail / razor-thin ============
E = lambda x: mp.exp(x)      # noqa: E731
verify("abs_tanh_lip_eps", "verify-thin", r"|\tanh(x)| \le (1-10^{-30})|x|",
       lambda x: abs(mp.tanh(x)), "<=", lambda x: (1 - E30()) * abs(x), False,
       "tanh x = x - x^3/3 + ...: |tanh x| > (1-1e-30)|x| iff x^2/3 < 1e-30 roughly, |x| < 1.7e-15", witness="1e-16")
verify("abs_tanh_lip", "verify-thin", r"|\tanh(x)| \le |x|", lambda x: abs(mp.tanh(x)), "<=", lambda x: abs(x), True,
       "tanh is 1-Lipschitz with tanh 0 = 0; equality only at 0")
verify("sig_lip", "verify-thin", r"|\sigma(x) - \frac{1}{2}| \le \frac{|x|}{4}", lambda x: abs(sig(x) - mp.mpf(1) / 2), "<=",
       lambda x: abs(x) / 4, True, "sup sigma' = 1/4; equality at 0")
verify("sig_lip_eps", "verify-thin", r"|\sigma(x) - \frac{1}{2}| \le (\frac{1}{4}-10^{-30})|x|",
       lambda x: abs(sig(x) - mp.mpf(1) / 2), "<=", lambda x: (mp.mpf(1) / 4 - E30()) * abs(x), False,
       "sigma(x) - 1/2 = x/4 - x^3/48 + ...: fails for |x| < ~7e-15", witness="1e-16")
verify("exp_tangent_eps", "verify-thin", r"e^{x} \ge 1 + (1+10^{-30})x", E, ">=", lambda x: 1 + (1 + E30()) * x, False,
       "e^x - 1 - x - 1e-30 x ~ x^2/2 - 1e-30 x < 0 exactly for 0 < x < ~2e-30", witness="1e-30")
verify("exp_taylor3", "verify-thin", r"e^{x} \ge 1 + x + \frac{x^2}{2} + \frac{x^3}{6}", E, ">=",
       lambda x: 1 + x + x ** 2 / 2 + x ** 3 / 6, True, "remainder e^xi x^4/24 >= 0; equality only at 0")
verify("exp_taylor2", "verify-thin", r"e^{x} \ge 1 + x + \frac{x^2}{2}", E, ">=", lambda x: 1 + x + x ** 2 / 2, False,
       "remainder e^xi x^3/6 < 0 for x < 0", witness="-1")
verify("cos_taylor6", "verify-thin", r"\cos(x) \ge 1 - \frac{x^2}{2} + \frac{x^4}{24} - \frac{x^6}{720}", mp.cos, ">=",
       lambda x: 1 - x ** 2 / 2 + x ** 4 / 24 - x ** 6 / 720, True,
       "integrate cos x >= 1 - x^2/2 three more times from 0 (x >= 0), even in x; margin x^8/40320 near 0")
verify("cos_taylor6_721", "verify-thin", r"\cos(x) \ge 1 - \frac{x^2}{2} + \frac{x^4}{24} - \frac{x^6}{721}", mp.cos, ">=",
       lambda x: 1 - x ** 2 / 2 + x ** 4 / 24 - x ** 6 / 721, False,
       "cos - rhs ~ x^8/40320 - x^6/519120 < 0 for 0 < x^2 < 0.0777", witness="1/10")
verify("tanh_tail_eps", "verify-tail", r"\tanh(x) \le 1 - 2e^{-2x} + (2-10^{-30})e^{-4x}", mp.tanh, "<=",
       lambda x: 1 - 2 * E(-2 * x) + (2 - E30()) * E(-4 * x), False,
       "u = e^{-2x}: tanh = 1 - 2u + 2u^2 - 2u^3/(1+u); the claim fails iff 2u^3/(1+u) < 1e-30 u^2, i.e. x > ~35", witness="40")
verify("tanh_tail", "verify-tail", r"\tanh(x) \le 1 - 2e^{-2x} + 2e^{-4x}", mp.tanh, "<=",
       lambda x: 1 - 2 * E(-2 * x) + 2 * E(-4 * x), True, "as above: tanh = 1 - 2u + 2u^2 - 2u^3/(1+u) <= 1 - 2u + 2u^2")
verify("tanh_tail_lower", "verify-tail", r"\tanh(x) \ge 1 - 2e^{-2x}", mp.tanh, ">=", lambda x: 1 - 2 * E(-2 * x), True,
       "tanh = 1 - 2u/(1+u) >= 1 - 2u")
verify("selu_inf_trunc", "verify-tail", r"\operatorname{selu}(x) > -1.75809934084737685994021752081", selu, ">",
       lambda x: mp.mpf("-1.75809934084737685994021752081"), False,
       "inf selu = -lambda alpha = -1.758099340847376859940217520812319...: the bound is 2.3e-30 above it; "
       "fails for x < ln(2.3e-30/1.758) ~ -68.3", witness="-80")
verify("selu_inf_round", "verify-tail", r"\operatorname{selu}(x) > -1.75809934084737685994021752082", selu, ">",
       lambda x: mp.mpf("-1.75809934084737685994021752082"), True, "the bound is below -lambda alpha")

# ============================ verify: convexity-like inequalities ==========================================
verify("mid_tanh", "verify-convexity", r"\tanh(1.5) \le \frac{\tanh(1)+\tanh(2)}{2}", lambda x: mp.tanh(1.5), "<=",
       lambda x: (mp.tanh(1) + mp.tanh(2)) / 2, False, "tanh concave on (0, oo): 0.905 > 0.863", witness="0")
verify("mid_sig_eq", "verify-convexity", r"\sigma(0) \le \frac{\sigma(-1)+\sigma(1)}{2}", lambda x: sig(0), "<=",
       lambda x: (sig(-1) + sig(1)) / 2, True, "sigma(-1) + sigma(1) = 1 exactly: equality")
verify("mid_sig_strict", "verify-convexity", r"\sigma(0) < \frac{\sigma(-1)+\sigma(1)}{2}", lambda x: sig(0), "<",
       lambda x: (sig(-1) + sig(1)) / 2, False, "equality, so < is false", witness="0")
verify("mid_softplus", "verify-convexity",
       r"\operatorname{softplus}(\frac{x}{2}) \le \frac{\operatorname{softplus}(0) + \operatorname{softplus}(x)}{2}",
       lambda x: softplus(x / 2), "<=", lambda x: (softplus(0) + softplus(x)) / 2, True, "softplus convex; equality at 0")
verify("mid_silu_0", "verify-convexity",
       r"\operatorname{silu}(\frac{x}{2}) \le \frac{\operatorname{silu}(0) + \operatorname{silu}(x)}{2}",
       lambda x: silu(x / 2), "<=", lambda x: silu(x) / 2, True,
       "silu is not convex, but silu(x/2) - silu(x)/2 = (x/2)(sigma(x/2) - sigma(x)) <= 0 for every x (both factors have opposite signs)")
verify("mid_silu_far", "verify-convexity",
       r"\operatorname{silu}(\frac{x+6}{2}) \le \frac{\operatorname{silu}(6) + \operatorname{silu}(x)}{2}",
       lambda x: silu((x + 6) / 2), "<=", lambda x: (silu(6) + silu(x)) / 2, False,
       "silu is concave on (2.4, oo): at x = 10 silu(8) > (silu(6)+silu(10))/2", witness="10")
verify("mid_gauss", "verify-convexity", r"e^{-\frac{x^2}{4}} \ge \frac{1 + e^{-x^2}}{2}",
       lambda x: mp.exp(-x * x / 4), ">=", lambda x: (1 + mp.exp(-x * x)) / 2, False,
       "e^{-x^2} is concave only on |x| < 1/sqrt2: the midpoint inequality between 0 and x fails for large x (x = 3: 0.105 < 0.5)",
       witness="3")
verify("tanh_dd_neg", "verify-convexity", r"\tanh''(x) \le 0", lambda x: -2 * mp.tanh(x) / mp.cosh(x) ** 2, "<=",
       lambda x: 0, False, "tanh'' = -2 tanh sech^2 > 0 for x < 0", witness="-1")
verify("x_tanh_dd", "verify-convexity", r"x \tanh''(x) \le 0", lambda x: -2 * x * mp.tanh(x) / mp.cosh(x) ** 2, "<=",
       lambda x: 0, True, "x tanh x >= 0")
verify("sig_dd_x", "verify-convexity", r"x \sigma''(x) \le 0", lambda x: x * sig(x) * (1 - sig(x)) * (1 - 2 * sig(x)), "<=",
       lambda x: 0, True, "sigma'' = sigma'(1 - 2 sigma) has the sign of -x")
verify("softplus_dd_pos", "verify-convexity", r"\operatorname{softplus}''(x) > 0", lambda x: sig(x) * (1 - sig(x)), ">",
       lambda x: 0, True, "softplus'' = sigma' > 0")
verify("silu_dd_nonneg", "verify-convexity", r"\operatorname{silu}''(x) \ge 0", silu_dd, ">=", lambda x: 0, False,
       "silu''(3) = sigma'(3)(2 + 3(1 - 2 sigma(3))) < 0", witness="3")

# ============================ verify: constants with 30+ digits ============================================
def _c(s): return lambda x: mp.mpf(s)
XG = "0.4288819424803533982400948206393"    # 1/sqrt(2e) = 0.428881942480353398240094820639386...  (checked in test_truth)
verify("xgauss_exact", "verify-constant", r"x e^{-x^2} \le \frac{1}{\sqrt{2e}}", lambda x: x * mp.exp(-x * x), "<=",
       lambda x: 1 / mp.sqrt(2 * mp.e), True, "max at 1/sqrt2, value e^{-1/2}/sqrt2 = 1/sqrt(2e), attained")
verify("xgauss_strict", "verify-constant", r"x e^{-x^2} < \frac{1}{\sqrt{2e}}", lambda x: x * mp.exp(-x * x), "<",
       lambda x: 1 / mp.sqrt(2 * mp.e), False, "attained at x = 1/sqrt2", witness="sqrt(2)/2")
verify("xgauss_trunc", "verify-constant", r"x e^{-x^2} \le " + XG, lambda x: x * mp.exp(-x * x), "<=", _c(XG), False,
       "the 31-digit decimal is below 1/sqrt(2e) (truncation): fails at 1/sqrt2", witness="sqrt(2)/2")
verify("xgauss_up", "verify-constant", r"x e^{-x^2} \le " + XG[:-1] + "9", lambda x: x * mp.exp(-x * x), "<=",
       _c(XG[:-1] + "9"), True, "the decimal rounded up is above the max")
verify("x2gauss_eps", "verify-constant", r"x^2 e^{-x^2} \le e^{-1} - 10^{-40}", lambda x: x * x * mp.exp(-x * x), "<=",
       lambda x: 1 / mp.e - mp.mpf(10) ** -40, False, "max 1/e attained at +-1", witness="1")
verify("rat_half_strict", "verify-constant", r"\frac{x}{1+x^2} < \frac{1}{2}", lambda x: x / (1 + x * x), "<",
       lambda x: mp.mpf(1) / 2, False, "equality at x = 1", witness="1")
X0 = "1.19967864025773383391636984864"   # x tanh x = 1 (checked in test_truth): x0 = 1.199678640257733833916369848641...
verify("xtanh_d_up", "verify-constant", r"\tanh(x) + x(1-\tanh(x)^2) \le 1.19967864025773383391636984865",
       lambda x: mp.tanh(x) + x / mp.cosh(x) ** 2, "<=", _c("1.19967864025773383391636984865"), True,
       "d/dx (x tanh x) has max x0 (see x_tanh); the bound is x0 rounded up at the 30th digit")
verify("xtanh_d_down", "verify-constant", r"\tanh(x) + x(1-\tanh(x)^2) \le 1.19967864025773383391636984864",
       lambda x: mp.tanh(x) + x / mp.cosh(x) ** 2, "<=", _c("1.19967864025773383391636984864"), False,
       "the bound is x0 truncated at the 30th digit: fails at x0", witness="1.199678640257733833916369848648")
verify("sinc_min_down", "verify-constant", r"\frac{\sin(x)}{x} \ge -0.2172336282112216574082793255725",
       lambda x: mp.sinc(x), ">=", _c("-0.2172336282112216574082793255725"), True,
       "min sinc = cos x1 = -0.21723362821122165740827932556... (tan x1 = x1); the bound is below it (x = 0 excluded or by continuity)")
verify("sinc_min_up", "verify-constant", r"\frac{\sin(x)}{x} \ge -0.2172336282112216574082793255",
       lambda x: mp.sinc(x), ">=", _c("-0.2172336282112216574082793255"), False,
       "the bound is above the min (truncation toward 0): fails at x1 = 4.4934...", witness="4.493409457909064175307880927276")
verify("tanh_ln2", "verify-constant", r"\tanh(\ln 2) = 0.6", lambda x: mp.tanh(mp.log(2)), "=", _c("0.6"), True,
       "(2 - 1/2)/(2 + 1/2) = 3/5 exactly")
verify("tanh_ln2_off", "verify-constant", r"\tanh(\ln 2) = 0.6000000000000000000000000000001",
       lambda x: mp.tanh(mp.log(2)), "=", _c("0.6000000000000000000000000000001"), False,
       "exactly 3/5; the decimal is neither its rounding nor its truncation", witness="0")
verify("sig_ln3", "verify-constant", r"\sigma(\ln 3) = 0.75", lambda x: sig(mp.log(3)), "=", _c("0.75"), True,
       "1/(1 + 1/3) = 3/4")
verify("epi_minus_pi_round", "verify-constant", r"e^{\pi} - \pi = 19.99909997918947576726644298466904449606893684322",
       lambda x: mp.exp(mp.pi) - mp.pi, "=", _c("19.99909997918947576726644298466904449606893684322"), False,
       "not an identity: the decimal is the 49-digit truncation of 19.999099979...68432251 (approximate is fine, proved is not)", witness="0", approx_ok=True)
verify("epi_minus_pi_20", "verify-constant", r"e^{\pi} - \pi < 20", lambda x: mp.exp(mp.pi) - mp.pi, "<", _c("20"), True,
       "19.99909997...")

# ============================ verify: abs / max / min ======================================================
verify("tanh_min1x", "verify-absmax", r"|\tanh(x)| \le \min(1, |x|)", lambda x: abs(mp.tanh(x)), "<=",
       lambda x: min(mp.mpf(1), abs(x)), True, "|tanh| < 1 and |tanh x| <= |x|")
verify("tanh_min1x_strict", "verify-absmax", r"|\tanh(x)| < \min(1, |x|)", lambda x: abs(mp.tanh(x)), "<",
       lambda x: min(mp.mpf(1), abs(x)), False, "equality at x = 0", witness="0")
verify("max_sig", "verify-absmax", r"\max(\sigma(x), \sigma(-x)) \ge \frac{1}{2}", lambda x: max(sig(x), sig(-x)), ">=",
       lambda x: mp.mpf(1) / 2, True, "sigma(x) + sigma(-x) = 1")
verify("max_sig_strict", "verify-absmax", r"\max(\sigma(x), \sigma(-x)) > \frac{1}{2}", lambda x: max(sig(x), sig(-x)), ">",
       lambda x: mp.mpf(1) / 2, False, "equality at 0", witness="0")
verify("maxmin_sum", "verify-absmax", r"\max(x, 0) + \min(x, 0) = x", lambda x: max(x, 0) + min(x, 0), "=", lambda x: x, True,
       "case split")
verify("maxmin_prod", "verify-absmax", r"\max(x, 0) \min(x, 0) = 0", lambda x: max(x, 0) * min(x, 0), "=", lambda x: 0, True,
       "one factor is 0")
verify("maxmin_eps", "verify-absmax", r"\max(x, 0) + \min(x, 0) = (1+10^{-30})x", lambda x: x, "=", lambda x: (1 + E30()) * x,
       False, "differs at every x != 0", witness="1")
verify("gelu_relu_017", "verify-absmax", r"|\operatorname{gelu}(x) - \max(x, 0)| \le 0.17",
       lambda x: abs(gelu(x) - max(x, 0)), "<=", _c("0.17"), True,
       "for x > 0 the gap is x Phi(-x) = -gelu(-x); so the sup is -min gelu = 0.16997...")
verify("gelu_relu_01699", "verify-absmax", r"|\operatorname{gelu}(x) - \max(x, 0)| \le 0.1699",
       lambda x: abs(gelu(x) - max(x, 0)), "<=", _c("0.1699"), False, "at the argmin of gelu the gap is 0.16997",
       witness="-0.7517916243")
verify("softplus_relu_ln2", "verify-absmax", r"\operatorname{softplus}(x) \le \max(x, 0) + \ln 2", softplus, "<=",
       lambda x: max(x, 0) + mp.log(2), True, "softplus(x) - relu(x) = softplus(-|x|) <= ln 2, equality at 0")
verify("softplus_relu_ln2_trunc", "verify-absmax",
       r"\operatorname{softplus}(x) \le \max(x, 0) + 0.6931471805599453094172321214581765680",
       softplus, "<=", lambda x: max(x, 0) + mp.mpf("0.6931471805599453094172321214581765680"), False,
       "ln 2 = 0.69314718055994530941723212145817656807...: the bound is a truncation, below ln 2: fails at 0", witness="0")
verify("softplus_relu_strict", "verify-absmax", r"\operatorname{softplus}(x) > \max(x, 0)", softplus, ">",
       lambda x: max(x, 0), True, "softplus(-|x|) > 0")
verify("abs_sin_min", "verify-absmax", r"|\sin(x)| \le \min(1, |x|)", lambda x: abs(mp.sin(x)), "<=",
       lambda x: min(mp.mpf(1), abs(x)), True, "|sin x| <= |x| and <= 1")

# ============================ budget on verify ==========================================================
for cid in ("exp_tangent_eps", "cos_taylor6", "tanh_tail_eps", "xtanh_d_down", "sig_lip_eps", "mid_silu_0"):
    base = next(c for c in CASES if c["id"] == cid)
    CASES.append({**base, "id": cid + "_budget", "category": "budget", "argv": base["argv"] + ["--budget", "0.01"]})


# ============================ second batch ================================================================
prove("sin_over_2cos", "latex-prove", r"\frac{\sin(x)}{2+\cos(x)}", lambda x: mp.sin(x) / (2 + mp.cos(x)), dict(
    range=[(lambda: -1 / mp.sqrt(3), lambda: 1 / mp.sqrt(3), True, True)], max=(lambda: 1 / mp.sqrt(3), True),
    sup_derivative=(lambda: mp.mpf(1) / 3, True), inf_derivative=(lambda: -1, True), lipschitz=lambda: 1,
    monotonic={"not monotonic"}, convexity={"neither"}, inflections="infinite"),
    "f' = (2 cos x + 1)/(2 + cos x)^2: f max where cos x = -1/2: (sqrt3/2)/(3/2) = 1/sqrt3; as a function of c = cos x, "
    "f' = (2c+1)/(2+c)^2 is increasing on [-1, 1] ((2+c)^2 2 - (2c+1) 2 (2+c) = 2(2+c)(1-c) >= 0): sup 3/9 at c = 1, inf -1 at c = -1")
prove("x_tanh_atan", "latex-prove", r"x+\tanh(x)-\arctan(x)", lambda x: x + mp.tanh(x) - mp.atan(x), dict(
    monotonic={"increasing"}, symmetry={"odd"}, sup_derivative=(lambda: 1, True), range=[(-inf, inf, False, False)],
    convexity={"neither"}),
    "f' = 1 + sech^2 x - 1/(1+x^2) <= 1 iff cosh^2 x >= 1 + x^2 iff sinh^2 x >= x^2: sup f' = 1 attained only at 0 "
    "(contact of order 4: f' = 1 - x^4/3 + ...), f' -> 1 at +-oo; f' > 0; f'' = -4x^3/3 + ... and f'' ~ 2/x^3 > 0 far out: inflections 0, +-a")
prove("x2_over_1px2", "latex-prove", r"\frac{x^2}{1+x^2}", lambda x: x * x / (1 + x * x), dict(
    range=[(lambda: 0, lambda: 1, True, False)], max=(lambda: 1, False), min=(lambda: 0, True),
    sup_derivative=(lambda: 3 * mp.sqrt(3) / 8, True), convexity={"neither"},
    inflections=[lambda: -1 / mp.sqrt(3), lambda: 1 / mp.sqrt(3)], symmetry={"even"}),
    "f = 1 - 1/(1+x^2): f' = 2x/(1+x^2)^2 max at x = 1/sqrt3: (2/sqrt3)/(16/9) = 3 sqrt3/8; f'' = (2 - 6x^2)/(1+x^2)^3")
prove("x2_exp_abs", "latex-prove", r"x^2 e^{-|x|}", lambda x: x * x * mp.exp(-abs(x)), dict(
    range=[(lambda: 0, lambda: 4 * mp.exp(-2), True, True)], max=(lambda: 4 * mp.exp(-2), True), min=(lambda: 0, True),
    continuity={"C^2"}, symmetry={"even"}, monotonic={"not monotonic"}),
    "for x > 0: f = x^2 e^{-x}, f' = (2x - x^2)e^{-x} max at 2: 4e^{-2}; f'' -> 2 from both sides; f''' -> -6 (right), +6 (left): C^2, not C^3")
prove("abs_cubed", "latex-prove", r"|x|^3", lambda x: abs(x) ** 3, dict(
    continuity={"C^2"}, convexity={"convex"}, symmetry={"even"}, min=(lambda: 0, True),
    range=[(lambda: 0, lambda: inf, True, False)]),
    "f'' = 6|x| continuous, f''' = 6 sgn x jumps: C^2; f'' >= 0")
prove("smooth_abs", "latex-prove", r"\sqrt{x^2+10^{-60}}", lambda x: mp.sqrt(x * x + mp.mpf(10) ** -60), dict(
    convexity={"convex"}, min=(lambda: E30(), True), range=[(E30, lambda: inf, True, False)],
    sup_derivative=(lambda: 1, False), inf_derivative=(lambda: -1, False), lipschitz=lambda: 1, continuity={"C^inf"},
    symmetry={"even"}),
    "f'' = 1e-60/(x^2+1e-60)^{3/2} > 0; f(0) = 1e-30")
prove("log1px2", "latex-prove", r"\ln(1+x^2)", lambda x: mp.log(1 + x * x), dict(
    convexity={"neither"}, inflections=[lambda: -1, lambda: 1], sup_derivative=(lambda: 1, True),
    inf_derivative=(lambda: -1, True), lipschitz=lambda: 1, range=[(lambda: 0, lambda: inf, True, False)],
    symmetry={"even"}),
    "f' = 2x/(1+x^2) in [-1, 1] (AM-GM), attained at +-1; f'' = 2(1-x^2)/(1+x^2)^2")
prove("atan_x3", "latex-prove", r"\arctan(x^3)", lambda x: mp.atan(x ** 3), dict(
    range=[(lambda: -mp.pi / 2, lambda: mp.pi / 2, False, False)], monotonic={"increasing"},
    sup_derivative=(lambda: mp.mpf(2) ** (mp.mpf(2) / 3), True), inf_derivative=(lambda: 0, True), symmetry={"odd"},
    convexity={"neither"}),
    "f' = 3x^2/(1+x^6); with u = x^2, 3u/(1+u^3) is max at u^3 = 1/2: 3 2^{-1/3}/(3/2) = 2^{2/3}")

verify("lncosh100_gt", "verify-constant", r"\ln(\cosh(100)) > 100 - \ln 2", lambda x: mp.log(mp.cosh(100)), ">",
       lambda x: 100 - mp.log(2), True, "ln cosh 100 = 100 - ln 2 + ln(1 + e^{-200}): larger by 1.4e-87")
verify("lncosh100_eq", "verify-constant", r"\ln(\cosh(100)) = 100 - \ln 2", lambda x: mp.log(mp.cosh(100)), "=",
       lambda x: 100 - mp.log(2), False, "differs by ln(1 + e^{-200}) = 1.38e-87", witness="0")
verify("tanh50_eq1", "verify-constant", r"\tanh(50) = 1", lambda x: mp.tanh(50), "=", lambda x: 1, False,
       "1 - tanh 50 = 2/(e^{100} + 1) = 7.4e-44", witness="0")
verify("x2_exp_neg", "verify-tail", r"x^2 e^{-x} \le 4e^{-2}", lambda x: x * x * mp.exp(-x), "<=", lambda x: 4 * mp.exp(-2),
       False, "for x < 0, x^2 e^{-x} -> oo: x = -1 gives e > 0.54", witness="-1")
verify("x2_exp_abs_max", "verify-constant", r"x^2 e^{-|x|} \le 4e^{-2}", lambda x: x * x * mp.exp(-abs(x)), "<=",
       lambda x: 4 * mp.exp(-2), True, "max at |x| = 2, attained")
verify("absx_exp", "verify-constant", r"|x| e^{-|x|} \le e^{-1}", lambda x: abs(x) * mp.exp(-abs(x)), "<=",
       lambda x: mp.exp(-1), True, "max at |x| = 1")
verify("sech2_le", "verify-thin", r"\frac{1}{\cosh(x)^2} \le \frac{1}{1+x^2}", lambda x: 1 / mp.cosh(x) ** 2, "<=",
       lambda x: 1 / (1 + x * x), True, "cosh^2 x = 1 + sinh^2 x >= 1 + x^2; equality only at 0 (order 4)")
verify("sech2_lt", "verify-thin", r"\frac{1}{\cosh(x)^2} < \frac{1}{1+x^2}", lambda x: 1 / mp.cosh(x) ** 2, "<",
       lambda x: 1 / (1 + x * x), False, "equality at 0", witness="0")
verify("sech2_tail", "verify-tail", r"\frac{1}{\cosh(x)^2} \le \frac{1}{1+x^2} - 10^{-30}x^4", lambda x: 1 / mp.cosh(x) ** 2, "<=",
       lambda x: 1 / (1 + x * x) - E30() * x ** 4, False,
       "near 0 the gap is -x^4/3 < -1e-30 x^4 (true there); but the right side is negative for |x| > ~1e5: x = 1e8 fails",
       witness="100000000")
verify("cosh_taylor4_23", "verify-thin", r"\cosh(x) \ge 1 + \frac{x^2}{2} + \frac{x^4}{23}", mp.cosh, ">=",
       lambda x: 1 + x * x / 2 + x ** 4 / 23, False, "gap x^4 (1/24 - 1/23) + x^6/720 < 0 for small x", witness="1/10")
verify("cosh_taylor4", "verify-thin", r"\cosh(x) \ge 1 + \frac{x^2}{2} + \frac{x^4}{24}", mp.cosh, ">=",
       lambda x: 1 + x * x / 2 + x ** 4 / 24, True, "all Taylor coefficients of cosh are >= 0 and even")
verify("tanh_cubic", "verify-thin", r"|\tanh(x) - x| \le \frac{|x|^3}{3}", lambda x: abs(mp.tanh(x) - x), "<=",
       lambda x: abs(x) ** 3 / 3, True,
       "for x >= 0: g = tanh x - x + x^3/3 has g' = x^2 - tanh^2 x >= 0, g(0) = 0; odd symmetric")
verify("tanh_cubic_eps", "verify-thin", r"|\tanh(x) - x| \le (\frac{1}{3}-10^{-30})|x|^3", lambda x: abs(mp.tanh(x) - x), "<=",
       lambda x: (mp.mpf(1) / 3 - E30()) * abs(x) ** 3, False,
       "x - tanh x = x^3/3 - 2x^5/15 + ...: exceeds (1/3 - 1e-30) x^3 when x^2 < 7.5e-30", witness="1e-16")
verify("max_x_tanh", "verify-absmax", r"\max(x, \tanh(x)) = x", lambda x: max(x, mp.tanh(x)), "=", lambda x: x, False,
       "tanh x > x for x < 0", witness="-1")
verify("max_x_tanh_split", "verify-absmax", r"\max(x, \tanh(x)) = \max(x, 0) + \min(\tanh(x), 0)",
       lambda x: max(x, mp.tanh(x)), "=", lambda x: max(x, 0) + min(mp.tanh(x), 0), True,
       "x >= 0: x >= tanh x, both sides x; x < 0: tanh x > x, both sides tanh x")


# ============================ latex with --param (the user's own parameter) ================================
def lprove(id, latex, param, f, truth, how):
    CASES.append(dict(id=id, category="latex-param", kind="prove", argv=["prove", "--latex", latex, "--param", param, "--json"],
                      f=f, truth=truth, how=how))


lprove("p_neg_tanh", r"a\tanh(x)", "a=-1", lambda x: -mp.tanh(x), dict(
    range=[(lambda: -1, lambda: 1, False, False)], monotonic={"decreasing"}, sup_derivative=(lambda: 0, False),
    inf_derivative=(lambda: -1, True), lipschitz=lambda: 1, convexity={"neither"}, inflections=[lambda: 0],
    limit_oo=lambda: -1, limit_neg=lambda: 1), "-tanh: f' = -sech^2 in [-1, 0), -1 at 0")
lprove("p_x_plus_asin", r"x+a\sin(x)", "a=1.00000000000000000001", lambda x: x + (1 + mp.mpf(10) ** -20) * mp.sin(x), dict(
    monotonic={"not monotonic"}, inf_derivative=(lambda: -mp.mpf(10) ** -20, True),
    sup_derivative=(lambda: 2 + mp.mpf(10) ** -20, True), convexity={"neither"}, inflections="infinite"),
    "as x_plus_sin_eps, through the parameter")
lprove("p_x3_ax", r"x^3+a x", "a=-1e-30", lambda x: x ** 3 - E30() * x, dict(
    monotonic={"not monotonic"}, inf_derivative=(lambda: -E30(), True), convexity={"neither"}, inflections=[lambda: 0]),
    "as x3_minus_eps")
lprove("p_gauss_tiny", r"e^{-a x^2}", "a=1e-30", lambda x: mp.exp(-E30() * x * x), dict(
    range=[(lambda: 0, lambda: 1, False, True)], sup_derivative=(lambda: mp.sqrt(2 * E30() / mp.e), True),
    inflections=[lambda: -1 / mp.sqrt(2 * E30()), lambda: 1 / mp.sqrt(2 * E30())], convexity={"neither"}, symmetry={"even"},
    max=(lambda: 1, True), min=(lambda: 0, False)),
    "f' = -2ax e^{-ax^2}, extreme at x^2 = 1/(2a): sqrt(2a/e) = 8.6e-16; inflections +-1/sqrt(2a) = +-7.07e14")
lprove("p_softplus_sharp", r"\frac{\ln(1+e^{a x})}{a}", "a=1e30",
       lambda x: softplus(mp.mpf(10) ** 30 * x) / mp.mpf(10) ** 30, dict(
    convexity={"convex"}, range=[(lambda: 0, lambda: inf, False, False)], value_at_0=lambda: mp.log(2) / mp.mpf(10) ** 30,
    sup_derivative=(lambda: 1, False), inf_derivative=(lambda: 0, False), min=(lambda: 0, False), monotonic={"increasing"}),
    "softplus(a x)/a: f' = sigma(a x) in (0, 1), f'' = a sigma' > 0, f(0) = ln2/a")
lprove("p_swish_tiny", r"\frac{x}{1+e^{-a x}}", "a=1e-30", lambda x: x / (1 + mp.exp(-E30() * x)), dict(
    min=(lambda: -mp.lambertw(1 / mp.e).real / E30(), True), sup_derivative=(lambda: silu_d(silu_x2()), True),
    inf_derivative=(lambda: silu_d(-silu_x2()), True), convexity={"neither"},
    inflections=[lambda: -silu_x2() / E30(), lambda: silu_x2() / E30()], monotonic={"not monotonic"}),
    "f(x) = silu(a x)/a: min -W(1/e)/a = -2.78e29; f'(x) = silu'(a x): same sup/inf as silu'; inflections +-2.3994/a")
lprove("p_mix_tanh", r"a x+(1-a)\tanh(x)", "a=1e-30", lambda x: E30() * x + (1 - E30()) * mp.tanh(x), dict(
    monotonic={"increasing"}, sup_derivative=(lambda: 1, True), inf_derivative=(lambda: E30(), False),
    range=[(-inf, inf, False, False)], symmetry={"odd"}, convexity={"neither"}, inflections=[lambda: 0]),
    "f' = a + (1-a) sech^2 in (a, 1]; f'' = -2(1-a) sech^2 tanh")
lprove("p_quartic_neg", r"x^2+a x^4", "a=-1e-30", lambda x: x * x - E30() * x ** 4, dict(
    convexity={"neither"}, max=(lambda: mp.mpf(10) ** 30 / 4, True), range=[(-inf, lambda: mp.mpf(10) ** 30 / 4, False, True)],
    symmetry={"even"}, monotonic={"not monotonic"}, inflections=[lambda: -1 / mp.sqrt(6 * E30()), lambda: 1 / mp.sqrt(6 * E30())]),
    "f' = 2x - 4e-30 x^3 = 0 at x^2 = 5e29: f = 5e29 - 2.5e29 = 2.5e29; f'' = 2 - 12e-30 x^2 = 0 at x^2 = 1/(6e-30)")

# ============================ verify with --activation ==================================================
def averify(id, claim, act, lhs, rel, rhs, holds, how, witness=None):
    verify(id, "verify-activation", claim, lhs, rel, rhs, holds, how, witness=witness, extra=("--activation", act))


def elu1(x): return x if x > 0 else mp.expm1(x)


averify("elu_ge_x", r"f(x) \ge x", "elu", elu1, ">=", lambda x: x, True, "e^x - 1 >= x")
averify("elu_le_x", r"f(x) \le x", "elu", elu1, "<=", lambda x: x, False, "e^{-1} - 1 = -0.63 > -1", witness="-1")
averify("selu_ge_x", r"f(x) \ge x", "selu", selu, ">=", lambda x: x, False,
        "left slope lambda alpha = 1.758 > 1: selu(x) < x just left of 0 (and at -1: -1.111 < -1)", witness="-1/1000")
averify("silu_gap", r"f(x) - \max(x, 0) \ge -0.27846454276107379", "silu", lambda x: silu(x) - max(x, 0), ">=",
        lambda x: -mp.mpf("0.27846454276107379"), False,
        "silu(x) - relu(x) = -|x| sigma(-|x|) has min -W(1/e) = -0.2784645427610737951...: the bound (truncated at 17 digits) "
        "is above it: fails at x = -1.2784645427610738 and at +1.2784645427610738", witness="-1.27846454276107379510685")
averify("silu_gap_ok", r"f(x) - \max(x, 0) \ge -0.27846454276107380", "silu", lambda x: silu(x) - max(x, 0), ">=",
        lambda x: -mp.mpf("0.27846454276107380"), True, "the bound is below -W(1/e)")
averify("tanh_f_sq", r"f'(x) \ge 1 - f(x)^2 - 10^{-30}", "tanh", lambda x: 1 / mp.cosh(x) ** 2, ">=",
        lambda x: 1 - mp.tanh(x) ** 2 - E30(), True, "tanh' = 1 - tanh^2 exactly")
averify("sig_f_prod", r"f'(x) \le f(x) - f(x)^2 - 10^{-40}", "sigmoid", lambda x: sig(x) * (1 - sig(x)), "<=",
        lambda x: sig(x) - sig(x) ** 2 - mp.mpf(10) ** -40, False, "sigma' = sigma - sigma^2 exactly: fails everywhere", witness="0")


# ============================ third batch: features far out that a local analysis misses ====================
def g_eps_dd(x): return (4 * x * x - 2) * mp.exp(-x * x) - 2 * E30()
def g_eps_infl(): return [root(g_eps_dd, mp.mpf(1) / mp.sqrt(2)), root(g_eps_dd, 8.3)]
def t_eps_dd(x): return -2 * mp.tanh(x) / mp.cosh(x) ** 2 + 6 * E30() * x
def t_eps_infl(): return mp.findroot(lambda x: t_eps_dd(x) * mp.mpf(10) ** 30, (30, 36), solver="anderson")   # scaled: f'' is ~1e-29 there


prove("xgauss_plus_eps_x", "latex-prove", r"x e^{-x^2}+10^{-30}x", lambda x: x * mp.exp(-x * x) + E30() * x, dict(
    max=(lambda: inf, False), min=(lambda: -inf, False), range=[(-inf, inf, False, False)], monotonic={"not monotonic"},
    symmetry={"odd"}, limit_oo=lambda: inf),
    "the bump's local max 0.4289 at 0.707 is not global: f' = (1-2x^2)e^{-x^2} + 1e-30 > 0 again for |x| > ~8.6, f -> +-oo")
prove("gauss_minus_eps_x2", "latex-prove", r"e^{-x^2}-10^{-30}x^2", lambda x: mp.exp(-x * x) - E30() * x * x, dict(
    max=(lambda: 1, True), range=[(-inf, lambda: 1, False, True)], convexity={"neither"}, symmetry={"even"},
    inflections=[lambda: -g_eps_infl()[1], lambda: -g_eps_infl()[0], lambda: g_eps_infl()[0], lambda: g_eps_infl()[1]],
    limit_oo=lambda: -inf),
    "f'' = (4x^2-2)e^{-x^2} - 2e-30: zero at +-(1/sqrt2 + 5.8e-31) and again at +-8.606... where the Gaussian term "
    "falls below 2e-30: four inflections (convex only on two bounded intervals)")
prove("tanh_plus_eps_x3", "latex-prove", r"\tanh(x)+10^{-30}x^3", lambda x: mp.tanh(x) + E30() * x ** 3, dict(
    monotonic={"increasing"}, sup_derivative=(lambda: inf, False), convexity={"neither"}, symmetry={"odd"},
    inflections=[lambda: -t_eps_infl(), lambda: 0, t_eps_infl], range=[(-inf, inf, False, False)]),
    "f'' = -2 sech^2 tanh + 6e-30 x: zero at 0 and at +-32.9 where 8 e^{-2x} ~ 6e-30 x: three inflections; f' > 0")

verify("smooth_abs_gap", "verify-thin", r"\sqrt{x^2+10^{-60}} - |x| \le 10^{-30}", lambda x: mp.sqrt(x * x + mp.mpf(10) ** -60) - abs(x),
       "<=", lambda x: E30(), True, "the gap 1e-60/(sqrt(x^2+1e-60) + |x|) is largest at 0: exactly 1e-30")
verify("smooth_abs_gap_strict", "verify-thin", r"\sqrt{x^2+10^{-60}} - |x| < 10^{-30}",
       lambda x: mp.sqrt(x * x + mp.mpf(10) ** -60) - abs(x), "<", lambda x: E30(), False, "equality at 0", witness="0")
verify("sin_le_x", "verify-thin", r"\sin(x) \le x", mp.sin, "<=", lambda x: x, False, "sin x > x for x < 0", witness="-1")
verify("sin_sq_le_x_sq", "verify-thin", r"\sin(x)^2 \le x^2", lambda x: mp.sin(x) ** 2, "<=", lambda x: x * x, True,
       "|sin x| <= |x|")
verify("sig_pair", "verify-thin", r"\frac{1}{1+e^{-x}} + \frac{1}{1+e^{x}} = 1", lambda x: sig(x) + sig(-x), "=", lambda x: 1, True,
       "identity")
verify("sig_pair_eps", "verify-thin", r"\frac{1}{1+e^{-x}} + \frac{1}{1+e^{x}} = 1 + 10^{-40}", lambda x: sig(x) + sig(-x), "=",
       lambda x: 1 + mp.mpf(10) ** -40, False, "the sum is exactly 1", witness="0")


# ============================ fourth batch: near-ties of a maximum and far-tail bounds ======================
def sin_eps_max():
    """max of sin x + e sin 2x, e = 1e-30: f' = cos x + 2e cos 2x = 0 gives 4e c^2 + c - 2e = 0 for c = cos x,
    c = (sqrt(1 + 32 e^2) - 1)/(8e) ~ 2e; then f = s (1 + 2 e c) with s = sqrt(1 - c^2): 1 + 2e-60 - O(1e-120)."""
    e = E30()
    c = (mp.sqrt(1 + 32 * e * e) - 1) / (8 * e)
    return mp.sqrt(1 - c * c) * (1 + 2 * e * c)


prove("sin_plus_eps_sin2", "latex-prove", r"\sin(x)+10^{-30}\sin(2x)", lambda x: mp.sin(x) + E30() * mp.sin(2 * x), dict(
    max=(sin_eps_max, True), min=(lambda: -sin_eps_max(), True),
    range=[(lambda: -sin_eps_max(), sin_eps_max, True, True)], symmetry={"odd"}, monotonic={"not monotonic"},
    sup_derivative=(lambda: 1 + 2 * E30(), True)),
    "max = 1 + 2e-60 (not 1), at x = pi/2 - 2e-30 (sin_eps_max); f'(0) = 1 + 2e-30 is the max of f' "
    "(f' = c + 2e(2c^2 - 1) is increasing in c = cos x on [-1, 1] for e this small)")
prove("sin_plus_sin3", "latex-prove", r"\sin(x)+\frac{\sin(3x)}{3}", lambda x: mp.sin(x) + mp.sin(3 * x) / 3, dict(
    max=(lambda: 2 * mp.sqrt(2) / 3, True), range=[(lambda: -2 * mp.sqrt(2) / 3, lambda: 2 * mp.sqrt(2) / 3, True, True)],
    sup_derivative=(lambda: 2, True), symmetry={"odd"}),
    "f' = cos x + cos 3x = 2 cos 2x cos x: stationary at pi/4 (f = 2sqrt2/3) and pi/2 (f = 2/3); f'(0) = 2 = max")
verify("sin_eps_le1", "verify-thin", r"\sin(x)+10^{-30}\sin(2x) \le 1", lambda x: mp.sin(x) + E30() * mp.sin(2 * x), "<=",
       lambda x: 1, False, "max is 1 + 2e-60, at x = pi/2 - 2e-30", witness="pi/2 - 2*10**(-30)")
verify("sin_eps_le1_3e60", "verify-thin", r"\sin(x)+10^{-30}\sin(2x) \le 1 + 3\cdot 10^{-60}",
       lambda x: mp.sin(x) + E30() * mp.sin(2 * x), "<=", lambda x: 1 + 3 * E30() ** 2, True, "max is 1 + 2e-60")
verify("sin_eps_le1_1e60", "verify-thin", r"\sin(x)+10^{-30}\sin(2x) \le 1 + 10^{-60}",
       lambda x: mp.sin(x) + E30() * mp.sin(2 * x), "<=", lambda x: 1 + E30() ** 2, False, "max is 1 + 2e-60",
       witness="pi/2 - 2*10**(-30)")
verify("cosh_6th", "verify-thin", r"\cosh(x) \ge 1 + \frac{x^2}{2} + \frac{x^4}{24} + 10^{-40}x^2", mp.cosh, ">=",
       lambda x: 1 + x * x / 2 + x ** 4 / 24 + mp.mpf(10) ** -40 * x * x, False,
       "the gap x^6/720 + ... - 1e-40 x^2 < 0 for |x| < ~1.6e-9", witness="1e-11")
verify("exp_quad_tail", "verify-tail", r"e^{x} \ge 1 + x + 10^{-60}x^2", E, ">=", lambda x: 1 + x + mp.mpf(10) ** -60 * x * x, False,
       "e^x - 1 - x ~ |x| - 1 for x -> -oo, below 1e-60 x^2 once |x| > 1e60", witness="-1e61")
verify("sig_below_one", "verify-tail", r"\sigma(x) \le 1 - 10^{-50}", sig, "<=", lambda x: 1 - mp.mpf(10) ** -50, False,
       "1 - sigma(x) = sigma(-x) < 1e-50 for x > 115", witness="200")
verify("tanh_le_1_minus_u", "verify-tail", r"\tanh(x) \le 1 - e^{-2x}", mp.tanh, "<=", lambda x: 1 - E(-2 * x), False,
       "tanh = 1 - 2u/(1+u) <= 1 - u iff u <= 1 iff x >= 0: fails for x < 0", witness="-1")


def sin_eps_max_e(e):
    c = (mp.sqrt(1 + 32 * e * e) - 1) / (8 * e)
    return mp.sqrt(1 - c * c) * (1 + 2 * e * c)   # = 1 + 2e^2 - 8e^4 + O(e^6)


E12 = lambda: mp.mpf(10) ** -12   # noqa: E731
prove("sin_plus_1e12_sin2", "latex-prove", r"\sin(x)+10^{-12}\sin(2x)", lambda x: mp.sin(x) + E12() * mp.sin(2 * x), dict(
    max=(lambda: sin_eps_max_e(E12()), True), min=(lambda: -sin_eps_max_e(E12()), True),
    range=[(lambda: -sin_eps_max_e(E12()), lambda: sin_eps_max_e(E12()), True, True)], symmetry={"odd"}),
    "max = 1 + 2e-24 - 8e-48 + ...: inside the 24-digit enclosures a printed value 1.000... would be judged by")
for cid, rhs_tex, rhs, holds, how in [
        ("sin12_le_2e24", r"1 + 2\cdot 10^{-24}", lambda x: 1 + 2 * E12() ** 2, True, "max = 1 + 2e-24 - 8e-48: true by 8e-48"),
        ("sin12_le_2e24_m", r"1 + 2\cdot 10^{-24} - 10^{-47}", lambda x: 1 + 2 * E12() ** 2 - mp.mpf(10) ** -47, False,
         "max = 1 + 2e-24 - 8e-48 > 1 + 2e-24 - 1e-47: false by 2e-48 at x = pi/2 - 2e-12"),
        ("sin12_le_1e24", r"1 + 10^{-24}", lambda x: 1 + E12() ** 2, False, "max 1 + 2e-24"),
        ("sin12_le_3e24", r"1 + 3\cdot 10^{-24}", lambda x: 1 + 3 * E12() ** 2, True, "max 1 + 2e-24")]:
    verify(cid, "verify-thin", r"\sin(x)+10^{-12}\sin(2x) \le " + rhs_tex, lambda x: mp.sin(x) + E12() * mp.sin(2 * x), "<=", rhs,
           holds, how, witness=None if holds else "acos((sqrt(1 + 32*10**(-24)) - 1)/(8*10**(-12)))")


# ============================ fifth batch ==================================================================
prove("x_plus_sin_minus_eps_x", "latex-prove", r"x+\sin(x)-10^{-30}x", lambda x: (1 - E30()) * x + mp.sin(x), dict(
    monotonic={"not monotonic"}, inf_derivative=(lambda: -E30(), True), sup_derivative=(lambda: 2 - E30(), True),
    symmetry={"odd"}, range=[(-inf, inf, False, False)]),
    "f' = 1 - 1e-30 + cos x = -1e-30 at x = pi: decreasing on a width ~2.8e-15 around pi (witness pi -+ 1e-16)")
prove("two_sinh_minus_2x", "latex-prove", r"e^{x}-e^{-x}-2x", lambda x: 2 * mp.sinh(x) - 2 * x, dict(
    monotonic={"increasing"}, inf_derivative=(lambda: 0, True), convexity={"neither"}, inflections=[lambda: 0],
    symmetry={"odd"}), "f' = 2 cosh x - 2 >= 0, zero only at 0; f'' = 2 sinh x")
prove("x5_minus_eps_x3", "latex-prove", r"x^5-10^{-30}x^3", lambda x: x ** 5 - E30() * x ** 3, dict(
    monotonic={"not monotonic"}, symmetry={"odd"}, inf_derivative=(lambda: -(3 * E30()) ** 2 / 20, True),
    convexity={"neither"}),
    "f' = 5x^4 - 3e-30 x^2 < 0 for 0 < x^2 < 6e-31; min of f' at x^2 = 3e-30/10: 5 (3e-31)^2 - 3e-30 (3e-31) = -4.5e-61 "
    "= -(3e-30)^2/20")
prove("softplus_sym", "latex-prove", r"\ln(1+e^{x})+\ln(1+e^{-x})", lambda x: softplus(x) + softplus(-x), dict(
    convexity={"convex"}, min=(lambda: 2 * mp.log(2), True), symmetry={"even"}, sup_derivative=(lambda: 1, False),
    range=[(lambda: 2 * mp.log(2), lambda: inf, True, False)]),
    "f' = sigma(x) - sigma(-x) = tanh(x/2) in (-1, 1); f'' = 2 sigma' > 0; min 2 ln 2 at 0")
prove("erf_antider", "latex-prove", r"x\operatorname{erf}(x)+\frac{e^{-x^2}}{\sqrt{\pi}}",
      lambda x: x * mp.erf(x) + mp.exp(-x * x) / mp.sqrt(mp.pi), dict(
    convexity={"convex"}, min=(lambda: 1 / mp.sqrt(mp.pi), True), sup_derivative=(lambda: 1, False),
    inf_derivative=(lambda: -1, False), lipschitz=lambda: 1, symmetry={"even"},
    range=[(lambda: 1 / mp.sqrt(mp.pi), lambda: inf, True, False)]),
    "f' = erf x (the -2x e^{-x^2}/sqrt(pi) terms cancel), f'' = 2 e^{-x^2}/sqrt(pi) > 0")


# ============================ false only on a tiny set next to O(1) sides (the printed counterexample value) ==
verify("cosh_sq_eps", "verify-thin", r"\cosh(x) \ge 1 + (1+10^{-30})\frac{x^2}{2}", mp.cosh, ">=",
       lambda x: 1 + (1 + E30()) * x * x / 2, False, "gap x^4/24 - 1e-30 x^2/2 < 0 exactly for 0 < x^2 < ~1.2e-29",
       witness="1e-15")
verify("exp_neg_tangent_eps", "verify-thin", r"e^{-x} \ge 1 - (1+10^{-30})x", lambda x: mp.exp(-x), ">=",
       lambda x: 1 - (1 + E30()) * x, False, "mirror of exp_tangent_eps: false exactly on (-~2e-30, 0)", witness="-1e-30")
verify("exp_tangent_1e20", "verify-thin", r"e^{x} \ge 1 + (1+10^{-20})x", E, ">=", lambda x: 1 + (1 + mp.mpf(10) ** -20) * x, False,
       "false exactly on (0, ~2e-20)", witness="1e-20")
verify("cos_far_tail", "verify-tail", r"\cos(x) \le 1 - 10^{-40}x^2", mp.cos, "<=", lambda x: 1 - mp.mpf(10) ** -40 * x * x, False,
       "true near 0 (cos x <= 1 - x^2/2 + x^4/24), false once 1e-40 x^2 > 2: x = 1e21", witness="1e21")
# the minimum of e^x - 1 - (1+e)x, e = 1e-30, is -e^2/2 + e^3/6 - ... at x = log(1+e); shifting the bound by c decides the claim at
# the 91st digit: c = 5e-61 leaves +1.67e-91 (true), c = 4.99999999999999999999999999999e-61 leaves -8.3e-91 (false)
for cid, ctex, c, holds in [("exp_tangent_c50", r"5\cdot 10^{-61}", "5e-61", True),
                            ("exp_tangent_c49", r"4.9\cdot 10^{-61}", "4.9e-61", False),
                            ("exp_tangent_c51", r"5.1\cdot 10^{-61}", "5.1e-61", True),
                            ("exp_tangent_c4999", r"4.99999999999999999999999999999\cdot 10^{-61}", "4.99999999999999999999999999999e-61", False)]:
    verify(cid, "verify-thin", r"e^{x} \ge 1 + (1+10^{-30})x - " + ctex, E, ">=",
           (lambda c: lambda x: 1 + (1 + E30()) * x - mp.mpf(c))(c), holds,
           f"min of the difference at x = log(1 + 1e-30) is -5e-61 + 1.67e-91 - ... + {c}",
           witness=None if holds else "log(1 + 10**(-30))")


# ============================ constants in disguise, fractional powers ======================================
_rat = lambda x: x / (1 + x * x)   # noqa: E731
verify("rat_le_sin_pi6", "verify-constant", r"\frac{x}{1+x^2} \le \sin(\frac{\pi}{6})", _rat, "<=", lambda x: mp.sin(mp.pi / 6), True,
       "sin(pi/6) = 1/2 = the max, attained at 1")
verify("rat_lt_sin_pi6", "verify-constant", r"\frac{x}{1+x^2} < \sin(\frac{\pi}{6})", _rat, "<", lambda x: mp.sin(mp.pi / 6), False,
       "equality at 1", witness="1")
verify("rat_le_tan_pi8", "verify-constant", r"\frac{x}{1+x^2} \le \tan(\frac{\pi}{8}) + \frac{3}{2} - \sqrt{2}", _rat, "<=",
       lambda x: mp.tan(mp.pi / 8) + mp.mpf(3) / 2 - mp.sqrt(2), True, "tan(pi/8) = sqrt2 - 1, so the bound is exactly 1/2")
verify("rat_lt_tan_pi8", "verify-constant", r"\frac{x}{1+x^2} < \tan(\frac{\pi}{8}) + \frac{3}{2} - \sqrt{2}", _rat, "<",
       lambda x: mp.tan(mp.pi / 8) + mp.mpf(3) / 2 - mp.sqrt(2), False, "equality at 1", witness="1")
verify("xgauss_minus_e1000", "verify-constant", r"x e^{-x^2} \le \frac{1}{\sqrt{2e}} - e^{-1000}", lambda x: x * mp.exp(-x * x), "<=",
       lambda x: 1 / mp.sqrt(2 * mp.e) - mp.exp(-1000), False, "below the attained max by e^-1000 = 5e-435", witness="sqrt(2)/2")
verify("rat_le_cos_pi3_eps", "verify-constant", r"\frac{x}{1+x^2} \le \cos(\frac{\pi}{3}) - 10^{-40}", _rat, "<=",
       lambda x: mp.mpf(1) / 2 - mp.mpf(10) ** -40, False, "cos(pi/3) = 1/2", witness="1")

prove("abs_pow_1_5", "latex-prove", r"|x|^{1.5}", lambda x: abs(x) ** mp.mpf(1.5), dict(
    continuity={"C^1"}, convexity={"convex"}, symmetry={"even"}, min=(lambda: 0, True), range=[(lambda: 0, lambda: inf, True, False)],
    sup_derivative=(lambda: inf, False), lipschitz=lambda: inf),
    "f' = 1.5 sgn(x) |x|^{1/2} continuous, f'' = 0.75 |x|^{-1/2} unbounded at 0: C^1 not C^2; f'' > 0 off 0")
prove("abs_pow_2_5", "latex-prove", r"|x|^{\frac{5}{2}}", lambda x: abs(x) ** mp.mpf(2.5), dict(
    continuity={"C^2"}, convexity={"convex"}, symmetry={"even"}, min=(lambda: 0, True)),
    "f'' = 3.75 |x|^{1/2} continuous, f''' = 1.875 sgn(x) |x|^{-1/2} unbounded: C^2")
prove("cbrt", "latex-prove", r"\sqrt[3]{x}", lambda x: mp.cbrt(x) if x >= 0 else -mp.cbrt(-x), dict(
    monotonic={"increasing"}, symmetry={"odd"}, continuity={"C^0"}, range=[(-inf, inf, False, False)], lipschitz=lambda: inf),
    "the real cube root (refusal fine: x**(1/3) is complex for x < 0 on the principal branch); f'(0) infinite")
prove("sqrt_abs", "latex-prove", r"\sqrt{|x|}", lambda x: mp.sqrt(abs(x)), dict(
    continuity={"C^0"}, convexity={"neither"}, symmetry={"even"}, min=(lambda: 0, True), lipschitz=lambda: inf,
    range=[(lambda: 0, lambda: inf, True, False)]),
    "cusp at 0 (one-sided slopes -oo, +oo), concave on each side, not concave across 0 (f(0) = 0 < (f(-1)+f(1))/2 = 1)")
