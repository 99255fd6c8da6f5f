"""Second adversarial soundness corpus (categories the first corpus, tests/adversarial, does
not cover).  Data only, plus my own mpmath definitions of both sides of every claim; this
module never imports symact.

Every case is a dict:
  id, category, kind ("verify" | "prove" | "gradient" | "derive"), argv (symact CLI argv),
  how (how the truth was established, in words), and the truth:

  verify:   holds  True/False       -- the claim as a whole, on the whole real line
            chain  [f0, rel, f1, rel, f2, ...] my mpmath sides (functions of x, or numbers)
                   used to check symact's counterexample and, in test_truth.py, to confirm
                   the truth (a witness where the relation fails / a scan where it holds)
            witness   an x where the relation fails (holds=False cases with an x)
            decimal   "rounding" | "truncation" | "neither" (claims equating a number with a
                      decimal): `approximate` is acceptable only when not "neither"
  prove:    truth {property: value} (see test_symact2.py for the comparison rules); f is my
            mpmath definition (to check `at` points)
  gradient: truth {"sup_derivative": value, "depth": N}
  derive:   f (my mpmath definition), points (sample x away from kinks), kinks
            [(at, left, right)] for order 1 where known

All numbers of the truths are mpmath at 100 digits (test_truth.py recomputes the ones without
a closed form) or hand derivations written in `how`.
"""

from __future__ import annotations

import mpmath as mp

DPS = 100
mp.mp.dps = DPS
M = mp.mpf


# ------------------------------------------------------------------ my own definitions
def sig(x):
    return 1 / (1 + mp.exp(-x))


def dsig(x):
    s = sig(x)
    return s * (1 - s)


def softplus(x):
    return mp.log(1 + mp.exp(x)) if x < 0 else x + mp.log(1 + mp.exp(-x))


def relu(x):
    return x if x > 0 else M(0)


def gelu(x):
    return x * mp.ncdf(x)  # mpmath's normal CDF (no cancellation for x << 0)


def dgelu(x):
    return mp.ncdf(x) + x * mp.npdf(x)


def silu(x):
    return x * sig(x)


def dsilu(x):
    return sig(x) * (1 + x * (1 - sig(x)))


def mish(x):
    return x * mp.tanh(softplus(x))


def elu(x, a=1):
    return x if x > 0 else a * (mp.exp(x) - 1)


SELU_L = M("1.0507009873554804934193349852946")
SELU_A = M("1.6732632423543772848170429916717")


def selu(x):
    return SELU_L * (x if x > 0 else SELU_A * (mp.exp(x) - 1))


def softsign(x):
    return x / (1 + abs(x))


def const(c):
    return lambda x: c


X = lambda x: x  # noqa: E731


class K:
    """A constant side, recomputed at the working precision each time it is evaluated."""

    def __init__(self, fn):
        self.fn = fn

CASES: list[dict] = []


def V(id, cat, claim, holds, how, chain=None, witness=None, activation=None, decimal=None,
      refusal_ok=False, dps=DPS):
    if cat == "huge-tiny":
        dps = max(dps, 1000)
    argv = ["verify", claim, "--json"] + (["--activation", activation] if activation else [])
    CASES.append(dict(id=id, category=cat, kind="verify", argv=argv, input=claim,
                      holds=holds, how=how, chain=chain, witness=witness, decimal=decimal,
                      refusal_ok=refusal_ok, dps=dps))


def P(id, cat, latex, how, f=None, params=(), name=None, refusal_ok=False, **truth):
    if name:
        argv = ["prove", name, "--json"]
    else:
        argv = ["prove", "--latex", latex, "--json"]
    for p in params:
        argv += ["--param", p]
    truth = {("limit_-oo" if k == "limit_moo" else k): v for k, v in truth.items()}
    CASES.append(dict(id=id, category=cat, kind="prove", argv=argv, input=name or latex,
                      truth=truth, how=how, f=f, refusal_ok=refusal_ok))


def G(id, name, depth, sup, how):
    CASES.append(dict(id=id, category="gradient", kind="gradient",
                      argv=["gradient", name, "--depth", str(depth), "--json"], input=name,
                      truth={"sup_derivative": sup, "depth": depth}, how=how))


def D(id, latex, f, points, how, kinks=None, order=2):
    CASES.append(dict(id=id, category="derive", kind="derive",
                      argv=["derive", "--latex", latex, "--order", str(order), "--json"],
                      input=latex, f=f, points=points, kinks=kinks, how=how, order=order))


S = r"\sigma"
# =================================================================== verify: tiny margins
C = "margin"
SILU_LO = "-0.2784645427610737951093587390229801554395"
SILU_HI = "-0.2784645427610737951093587390229801554394"
HOW_MIN = ("the minimum value m of f is found by mp.findroot on mp.diff(f) at 100 digits "
           "(recomputed in test_truth.py); the constant is m rounded at the 40th decimal "
           "down (claim f >= c true) or up (claim false, witness the argmin)")
V("silu_ge_min_lo", C, rf"\frac{{x}}{{1+e^{{-x}}}} \ge {SILU_LO}", True, HOW_MIN,
  chain=[silu, ">=", K(lambda: M(SILU_LO))])
V("silu_ge_min_hi", C, rf"\frac{{x}}{{1+e^{{-x}}}} \ge {SILU_HI}", False, HOW_MIN,
  chain=[silu, ">=", K(lambda: M(SILU_HI))], witness="-1.27846454276107379510935873902298015543947748862")
GELU_LO = "-0.1699712074799036616938684709824339228329"
GELU_HI = "-0.1699712074799036616938684709824339228328"
V("gelu_ge_min_lo", C, rf"\operatorname{{gelu}}(x) \ge {GELU_LO}", True, HOW_MIN,
  chain=[gelu, ">=", K(lambda: M(GELU_LO))])
V("gelu_ge_min_hi", C, rf"\operatorname{{gelu}}(x) \ge {GELU_HI}", False, HOW_MIN,
  chain=[gelu, ">=", K(lambda: M(GELU_HI))], witness="-0.75179152469356445745790494677952403966447115342")
MISH_LO = "-0.3088434130172504066287602290419537284596"
MISH_HI = "-0.3088434130172504066287602290419537284595"
V("mish_ge_min_lo", C, rf"\operatorname{{mish}}(x) \ge {MISH_LO}", True, HOW_MIN,
  chain=[mish, ">=", K(lambda: M(MISH_LO))])
V("mish_ge_min_hi", C, rf"\operatorname{{mish}}(x) \ge {MISH_HI}", False, HOW_MIN,
  chain=[mish, ">=", K(lambda: M(MISH_HI))], witness="-1.19243121451549521213758834042073940560068641")
HOW_GP = ("gelu'(x) = Phi(x) + x phi(x); gelu''(x) = phi(x)(2 - x^2) so the extrema of gelu' are "
          "at +-sqrt(2): max 1/2 + erf(1)/2 + e^-1/sqrt(pi) = 1.12890414518515478634..., min "
          "1/2 - erf(1)/2 - e^-1/sqrt(pi); constants rounded at the 40th decimal")
V("dgelu_le_max_hi", C, r"\operatorname{gelu}'(x) \le 1.1289041451851547863407444422619733123325",
  True, HOW_GP, chain=[dgelu, "<=", K(lambda: M("1.1289041451851547863407444422619733123325"))])
V("dgelu_le_max_lo", C, r"\operatorname{gelu}'(x) \le 1.1289041451851547863407444422619733123324",
  False, HOW_GP, chain=[dgelu, "<=", K(lambda: M("1.1289041451851547863407444422619733123324"))],
  witness="sqrt(2)")
V("dgelu_ge_min_lo", C, r"\operatorname{gelu}'(x) \ge -0.1289041451851547863407444422619733123325",
  True, HOW_GP, chain=[dgelu, ">=", K(lambda: M("-0.1289041451851547863407444422619733123325"))])
V("dgelu_ge_min_hi", C, r"\operatorname{gelu}'(x) \ge -0.1289041451851547863407444422619733123324",
  False, HOW_GP, chain=[dgelu, ">=", K(lambda: M("-0.1289041451851547863407444422619733123324"))],
  witness="-sqrt(2)")
HOW_DS = ("silu'(x) = s(1 + x(1-s)); its maximum is at the root of silu'' near 2.3994 "
          "(mp.findroot at 100 digits): 1.09983932012886691695818492432057097213072939...")
V("dsilu_le_max_hi", C, r"\operatorname{silu}'(x) \le 1.0998393201288669169581849243205709721308",
  True, HOW_DS, chain=[dsilu, "<=", K(lambda: M("1.0998393201288669169581849243205709721308"))])
V("dsilu_le_max_lo", C, r"\operatorname{silu}'(x) \le 1.0998393201288669169581849243205709721307",
  False, HOW_DS, chain=[dsilu, "<=", K(lambda: M("1.0998393201288669169581849243205709721307"))],
  witness="2.3993572805154676678327396972822838885229175768372")
V("sech2_le_1m1e-50", C, r"1 - \tanh^{2}(x) \le 1 - 10^{-50}", False,
  "at x = 0 the left side is exactly 1", chain=[lambda x: 1 - mp.tanh(x) ** 2, "<=",
                                                K(lambda: 1 - M(10) ** -50)], witness="0")
V("tanh_lt_1m1e-400", C, r"\tanh(x) < 1 - 10^{-400}", False,
  "1 - tanh(x) = 2/(e^{2x}+1) < 2e^{-1000} ~ 1e-434 at x = 500, below 1e-400",
  chain=[mp.tanh, "<", K(lambda: 1 - M(10) ** -400)], witness="500", dps=1000)
V("sigma_gt_1e-400", C, r"\sigma(x) > 10^{-400}", False,
  "sigma(-1000) = 1/(1+e^1000) < e^-1000 ~ 5.08e-435 < 1e-400",
  chain=[sig, ">", K(lambda: M(10) ** -400)], witness="-1000", dps=1000)
V("sigma_gt_0", C, r"\sigma(x) > 0", True, "1/(1+e^-x) with e^-x finite and positive",
  chain=[sig, ">", 0])
V("softplus_ge_relu_eps", C, r"\ln(1+e^{x}) \ge \max(0,x) + 10^{-60}", False,
  "softplus(x) - relu(x) = ln(1+e^-|x|) -> 0 as |x| -> oo; at x = 200 it is ~e^-200 = 1.4e-87",
  chain=[softplus, ">=", lambda x: relu(x) + M(10) ** -60], witness="200")
V("softplus_le_relu_ln2", C, r"\ln(1+e^{x}) \le \max(0,x) + \ln 2", True,
  "softplus(x) - relu(x) = ln(1+e^-|x|) <= ln 2",
  chain=[softplus, "<=", lambda x: relu(x) + mp.log(2)])
V("cos_taylor_lower", C, r"\cos(x) \ge 1 - \frac{x^{2}}{2}", True,
  "g = cos x - 1 + x^2/2 has g(0)=g'(0)=0 and g'' = 1 - cos x >= 0",
  chain=[mp.cos, ">=", lambda x: 1 - x * x / 2])
V("cos_taylor_quartic_eps", C, r"\cos(x) \ge 1 - \frac{x^{2}}{2} + 10^{-40}x^{4}", False,
  "at x = 1e20: x^2/2 = 5e39 but 1e-40 x^4 = 1e40, so the right side ~ -5e39+1e40 > 1 >= cos x",
  chain=[mp.cos, ">=", lambda x: 1 - x * x / 2 + M(10) ** -40 * x ** 4], witness="10**20")
V("exp_ge_1px", C, r"e^{x} \ge 1 + x", True, "convexity of exp, tangent at 0",
  chain=[mp.exp, ">=", lambda x: 1 + x])
V("exp_gt_1px", C, r"e^{x} > 1 + x", False, "equality at x = 0",
  chain=[mp.exp, ">", lambda x: 1 + x], witness="0")
V("exp_ge_quad_eps", C, r"e^{x} \ge 1 + x + 10^{-50}x^{2}", False,
  "at x = -1e60: left ~ 0, right = 1 - 1e60 + 1e70 > 0",
  chain=[mp.exp, ">=", lambda x: 1 + x + M(10) ** -50 * x * x], witness="-10**60")
V("abs_sin_lt_abs", C, r"|\sin(x)| < |x|", False, "equality at x = 0",
  chain=[lambda x: abs(mp.sin(x)), "<", abs], witness="0")
V("abs_sin_le_abs", C, r"|\sin(x)| \le |x|", True, "|sin x| <= min(1, |x|) (mean value thm)",
  chain=[lambda x: abs(mp.sin(x)), "<=", abs])
V("tanh_le_x", C, r"\tanh(x) \le x", False, "tanh(-1) = -0.76 > -1",
  chain=[mp.tanh, "<=", X], witness="-1")
V("abs_tanh_le_abs", C, r"|\tanh(x)| \le |x|", True, "tanh is 1-Lipschitz with tanh(0) = 0",
  chain=[lambda x: abs(mp.tanh(x)), "<=", abs])
V("log1px2_le_x2", C, r"\ln(1+x^{2}) \le x^{2}", True, "ln(1+t) <= t for t >= 0",
  chain=[lambda x: mp.log(1 + x * x), "<=", lambda x: x * x])

# =================================================================== verify: huge / tiny numbers
C = "huge-tiny"
V("e-1000_gt_0", C, r"e^{-1000} > 0", True, "exp is positive", chain=[K(lambda: mp.exp(-1000)), ">", 0])
V("e-1000_eq_0", C, r"e^{-1000} = 0", False, "e^-1000 = 5.08e-435 != 0",
  chain=[K(lambda: mp.exp(-1000)), "=", 0])
V("1e-400_eq_0", C, r"10^{-400} = 0", False, "a nonzero rational",
  chain=[K(lambda: M(10) ** -400), "=", 0])
V("1e-400_times", C, r"10^{-400} \cdot 10^{400} = 1", True, "exact arithmetic",
  chain=[K(lambda: M(10) ** -400 * M(10) ** 400), "=", 1])
V("e1000_e-1000", C, r"e^{1000} e^{-1000} = 1", True, "exp(a)exp(-a) = 1",
  chain=[K(lambda: mp.exp(1000) * mp.exp(-1000)), "=", 1])
V("e-1000_lt_1e-434", C, r"e^{-1000} < 10^{-434}", True,
  "1000/ln 10 = 434.294..., so e^-1000 = 10^-434.29 = 5.08e-435", chain=[K(lambda: mp.exp(-1000)), "<", K(lambda: M(10) ** -434)])
V("e-1000_lt_5e-435", C, r"e^{-1000} < 5 \times 10^{-435}", False,
  "e^-1000 = 5.0759588975e-435 > 5e-435", chain=[K(lambda: mp.exp(-1000)), "<", K(lambda: 5 * M(10) ** -435)])
V("ln1p_e-1000", C, r"\ln(1+e^{-1000}) = e^{-1000}", False,
  "ln(1+t) = t - t^2/2 + ... differs from t by ~t^2/2 = 1.3e-869",
  chain=[K(lambda: mp.log1p(mp.exp(-1000))), "=", K(lambda: mp.exp(-1000))])
V("ln1p_1e-400_lt", C, r"\ln(1 + 10^{-400}) < 10^{-400}", True, "ln(1+t) < t for t > 0",
  chain=[K(lambda: mp.log1p(M(10) ** -400)), "<", K(lambda: M(10) ** -400)])
V("ln1p_1e-400_gt0", C, r"\ln(1 + 10^{-400}) > 0", True, "ln of a number > 1",
  chain=[K(lambda: mp.log1p(M(10) ** -400)), ">", 0])
V("sigma_-1000_eq_0", C, r"\sigma(-1000) = 0", False, "sigma(-1000) ~ 5.08e-435",
  chain=[K(lambda: sig(M(-1000))), "=", 0])
V("sigma_1000_eq_1", C, r"\sigma(1000) = 1", False, "1 - sigma(1000) ~ 5.08e-435",
  chain=[K(lambda: sig(M(1000))), "=", 1])
V("sigma_1000_lt_1", C, r"\sigma(1000) < 1", True, "1/(1+t) < 1 for t = e^-1000 > 0",
  chain=[K(lambda: sig(M(1000))), "<", 1])
V("tanh_500_eq_1", C, r"\tanh(500) = 1", False, "1 - tanh(500) = 2/(e^1000+1) > 0",
  chain=[K(lambda: mp.tanh(500)), "=", 1])
V("one_m_tanh_400_gt0", C, r"1 - \tanh(400) > 0", True, "tanh < 1",
  chain=[K(lambda: 1 - mp.tanh(400)), ">", 0])
V("softplus_1000_eq", C, r"\operatorname{softplus}(1000) = 1000", False,
  "softplus(1000) = 1000 + ln(1+e^-1000) > 1000", chain=[K(lambda: softplus(M(1000))), "=", 1000])
V("softplus_1000_gt", C, r"\operatorname{softplus}(1000) > 1000", True,
  "softplus(x) = x + ln(1+e^-x) > x", chain=[K(lambda: softplus(M(1000))), ">", 1000])
V("softplus_-1000_gt0", C, r"\operatorname{softplus}(-1000) > 0", True, "ln of a number > 1",
  chain=[K(lambda: softplus(M(-1000))), ">", 0])

# =================================================================== verify: near-identities
C = "near-identity"
V("tanh_2sig_explicit", C, r"\tanh(x) = \frac{2}{1+e^{-2x}} - 1", True,
  "2/(1+e^-2x) - 1 = (1-e^-2x)/(1+e^-2x) = tanh x",
  chain=[mp.tanh, "=", lambda x: 2 / (1 + mp.exp(-2 * x)) - 1])
V("tanh_2sig_perturbed_rate", C, r"\tanh(x) = \frac{2}{1+e^{-2.0000000001x}} - 1", False,
  "the rates differ: at x = 1 the sides differ by ~1e-10 * 2x sech^2",
  chain=[mp.tanh, "=", lambda x: 2 / (1 + mp.exp(-M("2.0000000001") * x)) - 1], witness="1")
V("tanh_2sig_plus_1e-40", C, r"\tanh(x) = 2\sigma(2x) - 1 + 10^{-40}", False,
  "the identity tanh = 2 sigma(2x) - 1 holds, so the sides differ by 1e-40 everywhere",
  chain=[mp.tanh, "=", lambda x: 2 * sig(2 * x) - 1 + M(10) ** -40], witness="0")
V("sig_half_tanh", C, r"\sigma(x) = \frac{1}{2} + \frac{1}{2}\tanh\left(\frac{x}{2}\right)", True,
  "1/2 + tanh(x/2)/2 = 1/2 + (e^x-1)/(2(e^x+1)) = e^x/(e^x+1)",
  chain=[sig, "=", lambda x: M(1) / 2 + mp.tanh(x / 2) / 2])
V("sig_half_tanh_1e-60", C,
  r"\sigma(x) = \frac{1}{2} + \frac{1}{2}\tanh\left(\frac{x}{2}\right) + 10^{-60}", False,
  "by the identity above the sides differ by 1e-60 everywhere",
  chain=[sig, "=", lambda x: M(1) / 2 + mp.tanh(x / 2) / 2 + M(10) ** -60], witness="0")
V("softplus_shift", C, r"\ln(1+e^{x}) = x + \ln(1+e^{-x})", True,
  "ln(1+e^x) = ln(e^x(e^-x+1)) = x + ln(1+e^-x)",
  chain=[softplus, "=", lambda x: x + softplus(-x)])
V("softplus_diff_x", C, r"\ln(1+e^{x}) - \ln(1+e^{-x}) = x", True, "same identity",
  chain=[lambda x: softplus(x) - softplus(-x), "=", X])
V("softplus_diff_x_pert", C,
  r"\ln(1+e^{x}) - \ln(1+e^{-x}) = 1.0000000000000000000000000000001 x", False,
  "the left side is exactly x, so they differ by 1e-31 x, e.g. at x = 1",
  chain=[lambda x: softplus(x) - softplus(-x), "=", lambda x: M("1.0000000000000000000000000000001") * x],
  witness="1")
V("exp_ln_softplus", C, r"e^{\ln(1+e^{x})} = 1 + e^{x}", True, "exp(log y) = y for y > 0",
  chain=[lambda x: mp.exp(softplus(x)), "=", lambda x: 1 + mp.exp(x)])
V("exp_ln_x2p1", C, r"e^{\ln(x^{2}+1)} = x^{2}+1", True, "exp(log y) = y for y > 0",
  chain=[lambda x: mp.exp(mp.log(x * x + 1)), "=", lambda x: x * x + 1])
V("ln_exp_x2", C, r"\ln(e^{x^{2}}) = x^{2}", True, "log(exp y) = y for real y",
  chain=[lambda x: x * x, "=", lambda x: x * x])
V("sqrt_x2_eq_x", C, r"\sqrt{x^{2}} = x", False, "sqrt(1) = 1 != -1 at x = -1",
  chain=[lambda x: abs(x), "=", X], witness="-1")
V("sqrt_x2_eq_abs", C, r"\sqrt{x^{2}} = |x|", True, "principal root",
  chain=[lambda x: abs(x), "=", abs])
V("pyth_3x", C, r"\sin^{2}(3x) + \cos^{2}(3x) = 1", True, "Pythagoras",
  chain=[lambda x: mp.sin(3 * x) ** 2 + mp.cos(3 * x) ** 2, "=", 1])
V("pyth_mismatched", C, r"\sin^{2}(x) + \cos^{2}(1.0000000001x) = 1", False,
  "= 1 + cos^2(ax) - cos^2(x); at x = pi/2*1e10... witness x = 7853981633.974483 where "
  "cos^2(x) and cos^2(1.0000000001 x) differ by ~0.5 (checked in mpmath)",
  chain=[lambda x: mp.sin(x) ** 2 + mp.cos(M("1.0000000001") * x) ** 2, "=", 1],
  witness="7853981633")
V("cosh_sinh", C, r"\cosh^{2}(x) - \sinh^{2}(x) = 1", True, "hyperbolic Pythagoras",
  chain=[lambda x: mp.cosh(x) ** 2 - mp.sinh(x) ** 2, "=", 1])
V("cosh_plus_sinh", C, r"\cosh(x) + \sinh(x) = e^{x}", True, "definitions",
  chain=[lambda x: mp.cosh(x) + mp.sinh(x), "=", mp.exp])
V("sig_sig_neg", C, r"\sigma(x)\sigma(-x) = \sigma'(x)", True, "sigma' = sigma(1-sigma), 1-sigma(x) = sigma(-x)",
  chain=[lambda x: sig(x) * sig(-x), "=", dsig])
V("softplus_odd_part", C, r"\operatorname{softplus}(x) - \operatorname{softplus}(-x) = x", True,
  "softplus(x) = x + softplus(-x)", chain=[lambda x: softplus(x) - softplus(-x), "=", X])
V("mish_rational", C, r"\operatorname{mish}(x) = x\frac{(1+e^{x})^{2} - 1}{(1+e^{x})^{2} + 1}", True,
  "tanh(ln u) = (u^2-1)/(u^2+1) with u = 1+e^x",
  chain=[mish, "=", lambda x: x * ((1 + mp.exp(x)) ** 2 - 1) / ((1 + mp.exp(x)) ** 2 + 1)])
V("mish_rational_pert", C,
  r"\operatorname{mish}(x) = x\frac{(1+e^{x})^{2} - 1}{(1+e^{x})^{2} + 1.000000000000000000001}",
  False, "by the identity above, at x = 1 the denominators differ by 1e-21",
  chain=[mish, "=", lambda x: x * ((1 + mp.exp(x)) ** 2 - 1) / ((1 + mp.exp(x)) ** 2 + M("1.000000000000000000001"))],
  witness="1")
V("gelu_erfc", C, r"\operatorname{gelu}(x) = \frac{x}{2}\operatorname{erfc}\left(-\frac{x}{\sqrt{2}}\right)", True,
  "erfc(-t) = 1 + erf(t)", chain=[gelu, "=", lambda x: x / 2 * mp.erfc(-x / mp.sqrt(2))],
  refusal_ok=True)
V("gelu_tanh_approx", C,
  r"\operatorname{gelu}(x) = \frac{x}{2}\left(1+\tanh\left(\sqrt{\frac{2}{\pi}}\left(x+0.044715x^{3}\right)\right)\right)",
  False, "the tanh form is an approximation: at x = 1 gelu = 0.8413447, tanh form = 0.8411920",
  chain=[gelu, "=", lambda x: x / 2 * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (x + M("0.044715") * x ** 3)))],
  witness="1")
V("elu_maxmin", C, r"\operatorname{elu}(x) = \max(0,x) + \min(0, e^{x}-1)", True,
  "x > 0: x + 0; x <= 0: 0 + (e^x - 1) since e^x - 1 <= 0",
  chain=[elu, "=", lambda x: max(0, x) + min(0, mp.exp(x) - 1)])
V("relu_abs", C, r"\operatorname{relu}(x) = \frac{x + |x|}{2}", True, "cases x >= 0, x < 0",
  chain=[relu, "=", lambda x: (x + abs(x)) / 2])
V("relu_abs_pert", C, r"\operatorname{relu}(x) = \frac{x + |x|}{2.0000000000000000000000001}", False,
  "at x = 1 the right side is 1/(2+1e-25)*2 != 1",
  chain=[relu, "=", lambda x: (x + abs(x)) / M("2.0000000000000000000000001")], witness="1")
V("selu_explicit", C,
  r"\operatorname{selu}(x) = 1.0507009873554804934193349852946 \max(0,x) + 1.0507009873554804934193349852946 \cdot 1.6732632423543772848170429916717 \min(0, e^{x}-1)",
  True, "PyTorch's SELU with the 32-digit constants of the catalogue",
  chain=[selu, "=", lambda x: SELU_L * max(0, x) + SELU_L * SELU_A * min(0, mp.exp(x) - 1)])
V("selu_explicit_pert", C,
  r"\operatorname{selu}(x) = 1.0507009873554804934193349852947 \max(0,x) + 1.0507009873554804934193349852946 \cdot 1.6732632423543772848170429916717 \min(0, e^{x}-1)",
  False, "lambda changed in its 32nd digit: at x = 1 the sides differ by 1e-31",
  chain=[selu, "=", lambda x: M("1.0507009873554804934193349852947") * max(0, x) + SELU_L * SELU_A * min(0, mp.exp(x) - 1)],
  witness="1")
V("selu_4digits", C,
  r"\operatorname{selu}(x) = 1.0507 \max(0,x) + 1.7581 \min(0, e^{x}-1)", False,
  "rounded constants: at x = 1, 1.0507 != 1.05070098...",
  chain=[selu, "=", lambda x: M("1.0507") * max(0, x) + M("1.7581") * min(0, mp.exp(x) - 1)],
  witness="1")
V("atan_half_angle", C, r"\arctan(x) = 2\arctan\left(\frac{x}{1+\sqrt{1+x^{2}}}\right)", True,
  "tan(t/2) = sin t/(1+cos t); with t = atan x, sin t = x/sqrt(1+x^2), cos t = 1/sqrt(1+x^2); "
  "t/2 in (-pi/4, pi/4)",
  chain=[mp.atan, "=", lambda x: 2 * mp.atan(x / (1 + mp.sqrt(1 + x * x)))])
V("tanh_double", C, r"\tanh(2x) = \frac{2\tanh(x)}{1+\tanh^{2}(x)}", True, "addition formula",
  chain=[lambda x: mp.tanh(2 * x), "=", lambda x: 2 * mp.tanh(x) / (1 + mp.tanh(x) ** 2)])
V("tanh_double_wrong", C, r"\tanh(2x) = \frac{2\tanh(x)}{1-\tanh^{2}(x)}", False,
  "that is sinh(2x) (= 2 tanh/(1 - tanh^2) = 2 sinh cosh); at x = 1: 0.964 vs 3.627",
  chain=[lambda x: mp.tanh(2 * x), "=", lambda x: 2 * mp.tanh(x) / (1 - mp.tanh(x) ** 2)],
  witness="1")
V("sig_exp_form_eps", C, r"\frac{e^{x}}{e^{x}+1} = \frac{1}{1+e^{-x}} + 10^{-45}", False,
  "the two fractions are equal, so the sides differ by 1e-45",
  chain=[sig, "=", lambda x: sig(x) + M(10) ** -45], witness="0")
V("logsig_two_forms", C, r"\ln(\sigma(x)) = x - \ln(1+e^{x})", True,
  "ln(e^x/(1+e^x))", chain=[lambda x: mp.log(sig(x)), "=", lambda x: x - softplus(x)])
V("sqrt_e2x", C, r"\sqrt{e^{2x}} = e^{x}", True, "e^x > 0",
  chain=[lambda x: mp.sqrt(mp.exp(2 * x)), "=", mp.exp])
V("softplus_taylor", C, r"\ln(1+e^{x}) = \ln 2 + \frac{x}{2} + \frac{x^{2}}{8}", False,
  "a truncated Taylor series: at x = 1, 1.31326 vs 1.31815",
  chain=[softplus, "=", lambda x: mp.log(2) + x / 2 + x * x / 8], witness="1")

# =================================================================== verify: LaTeX parse traps
C = "latex-traps"
V("pow_tower_512", C, r"2^{3^{2}} = 512", True, "exponentiation is right-associative: 2^9",
  chain=[K(lambda: M(512)), "=", 512])
V("pow_tower_64", C, r"2^{3^{2}} = 64", False, "2^(3^2) = 512, not (2^3)^2 = 64",
  chain=[K(lambda: M(512)), "=", 64])
V("double_sup", C, r"x^2^3 = x^{8}", False,
  "x^2^3 is a LaTeX error (double superscript); any reading other than refusal: x^(2^3) = x^8 "
  "is the usual repair, so this claim may be proved only as x^8; refused is acceptable",
  chain=None, refusal_ok=True)
V("unary_minus_sq", C, r"-x^{2} \le 0", True, "-(x^2): unary minus binds looser than ^",
  chain=[lambda x: -x * x, "<=", 0])
V("unary_minus_sq_eq", C, r"-x^{2} = (-x)^{2}", False, "at x = 1: -1 vs 1",
  chain=[lambda x: -x * x, "=", lambda x: x * x], witness="1")
V("minus_2sq", C, r"-2^{2} = -4", True, "-(2^2)", chain=[K(lambda: M(-4)), "=", -4])
V("minus_2sq_4", C, r"-2^{2} = 4", False, "-(2^2) = -4", chain=[K(lambda: M(-4)), "=", 4])
V("frac_half_x", C, r"\frac{1}{2}x = \frac{x}{2}", True, "implicit product (1/2)*x",
  chain=[lambda x: x / 2, "=", lambda x: x / 2])
V("frac_nested", C, r"\frac{\frac{1}{x^{2}+1}}{2} = \frac{1}{2x^{2}+2}", True, "algebra",
  chain=[lambda x: 1 / (x * x + 1) / 2, "=", lambda x: 1 / (2 * x * x + 2)])
V("frac_recip", C, r"\frac{1}{\frac{1}{x^{2}+1}} = x^{2}+1", True, "algebra",
  chain=[lambda x: 1 / (1 / (x * x + 1)), "=", lambda x: x * x + 1])
V("exp_vs_e", C, r"\exp(x)\exp(-x) = 1", True, "exp(x) exp(-x) = 1",
  chain=[lambda x: mp.exp(x) * mp.exp(-x), "=", 1])
V("log2_8", C, r"\log_{2}(8) = 3", True, "2^3 = 8", chain=[K(lambda: M(3)), "=", 3])
V("log10_1000", C, r"\log_{10}(1000) = 3", True, "10^3 = 1000", chain=[K(lambda: M(3)), "=", 3])
V("log_100_natural", C, r"\log(100) = 2", False,
  "README: \\log is the natural logarithm; ln 100 = 4.605", chain=[K(lambda: mp.log(100)), "=", 2])
V("ln_e3", C, r"\ln(e^{3}) = 3", True, "ln(e^3) = 3", chain=[K(lambda: M(3)), "=", 3])
V("left_right_abs", C, r"\left| x - 1 \right| = |1 - x|", True, "|a| = |-a|",
  chain=[lambda x: abs(x - 1), "=", lambda x: abs(1 - x)])
V("sin_sq_notation", C, r"\sin^{2}(x) = (\sin x)^{2}", True, "the convention sin^2 x = (sin x)^2",
  chain=[lambda x: mp.sin(x) ** 2, "=", lambda x: mp.sin(x) ** 2])
V("chain_sigma_01", C, r"0 < \sigma(x) < 1", True, "sigma in (0, 1)",
  chain=[0, "<", sig, "<", 1])
V("chain_sigma_false_middle", C, r"0 < \sigma(x) < \frac{1}{2}", False, "sigma(1) = 0.73",
  chain=[0, "<", sig, "<", K(lambda: M(1) / 2)], witness="1")
V("chain_tanh", C, r"-1 < \tanh(x) < 1", True, "tanh in (-1, 1)",
  chain=[-1, "<", mp.tanh, "<", 1])
V("chain_dsig_false_strict", C, r"0 < \sigma'(x) < \frac{1}{4}", False,
  "sigma'(0) = 1/4 exactly", chain=[0, "<", dsig, "<", K(lambda: M(1) / 4)], witness="0")
V("chain_dsig_three", C, r"0 < \sigma'(x) \le \frac{1}{4} < 1", True,
  "sigma' in (0, 1/4] and 1/4 < 1", chain=[0, "<", dsig, "<=", K(lambda: M(1) / 4), "<", 1])
V("chain_const_tail_false", C, r"\sigma(x) < 1 < 0", False, "1 < 0 is false",
  chain=[sig, "<", 1, "<", 0], witness="0")
V("chain_relu_abs", C, r"0 \le \operatorname{relu}(x) \le |x|", True, "max(0,x) in [0, |x|]",
  chain=[0, "<=", relu, "<=", abs])
V("relu_positive", C, r"0 < \operatorname{relu}(x)", False, "relu(0) = 0",
  chain=[0, "<", relu], witness="0")
V("sigma_0_half", C, r"\sigma(0) = 0.5", True, "1/(1+1) = 1/2 = 0.5 exactly",
  chain=[K(lambda: M(1) / 2), "=", K(lambda: M("0.5"))])
V("sigma_0_near_half", C, r"\sigma(0) = 0.5000000000000000000000000000001", False,
  "1/2 to 31 decimals is 0.5000...0: the decimal is neither its rounding nor its truncation",
  chain=[K(lambda: M(1) / 2), "=", K(lambda: M("0.5000000000000000000000000000001"))], decimal="neither")
V("sigma_ln3", C, r"\sigma(\ln 3) = 0.75", True, "1/(1 + 1/3) = 3/4",
  chain=[K(lambda: M(3) / 4), "=", K(lambda: M("0.75"))])
V("sigma_ln3_pert", C, r"\sigma(\ln 3) = 0.7500000000000000000000000000000000001", False,
  "3/4 exactly; the decimal is neither rounding nor truncation", decimal="neither",
  chain=[K(lambda: M(3) / 4), "=", K(lambda: M("0.7500000000000000000000000000000000001"))])
V("tanh_ln2", C, r"\tanh(\ln 2) = 0.6", True, "(2 - 1/2)/(2 + 1/2) = 3/5",
  chain=[K(lambda: mp.tanh(mp.log(2))), "=", K(lambda: M("0.6"))])
V("tanh_ln2_frac", C, r"\tanh(\ln 2) = \frac{3}{5}", True, "(2 - 1/2)/(2 + 1/2) = 3/5",
  chain=[K(lambda: mp.tanh(mp.log(2))), "=", K(lambda: M(3) / 5)])
V("decimal_0.1x3", C, r"0.1 \times 3 = 0.3", True, "exact decimals (not binary floats)",
  chain=[K(lambda: M(3) / 10), "=", K(lambda: M(3) / 10)])
V("decimal_sum_gt", C, r"0.1 + 0.2 > 0.3", False,
  "exact decimals: 0.1 + 0.2 = 0.3 (binary floats would say >)",
  chain=[K(lambda: M(3) / 10), ">", K(lambda: M(3) / 10)])
V("third_trunc", C, r"\frac{1}{3} = 0.333333333333333333333", False,
  "a truncation of 1/3 at 21 digits: approximate is correct, proved is not",
  chain=[K(lambda: M(1) / 3), "=", K(lambda: M("0.333333333333333333333"))], decimal="truncation")
V("third_binary", C, r"\frac{1}{3} = 0.3333333333333333148296", False,
  "the double nearest 1/3 printed to 22 digits; 1/3 rounds to 0.3333333333333333333333 "
  "(neither rounding nor truncation)",
  chain=[K(lambda: M(1) / 3), "=", K(lambda: M("0.3333333333333333148296"))], decimal="neither")
V("third_ne", C, r"\frac{1}{3} \ne 0.3333333333333333", True, "a terminating decimal != 1/3",
  chain=[K(lambda: M(1) / 3), "!=", K(lambda: M("0.3333333333333333"))], refusal_ok=True)
V("ln2_float_lt", C, r"0.6931471805599453 < \ln 2", True,
  "ln 2 = 0.69314718055994530941..., larger than the 16-digit decimal",
  chain=[K(lambda: M("0.6931471805599453")), "<", K(lambda: mp.log(2))])
V("pi4_float_gt", C, r"0.7853981633974483 > \frac{\pi}{4}", False,
  "pi/4 = 0.78539816339744830961... > 0.7853981633974483",
  chain=[K(lambda: M("0.7853981633974483")), ">", K(lambda: mp.pi / 4)])

# =================================================================== verify: Piecewise traps
C = "piecewise"
V("pw_sin_cos_le", C,
  r"\begin{cases} \sin x & x < \frac{\pi}{4} \\ \cos x & \text{otherwise} \end{cases} \le \frac{\sqrt{2}}{2}",
  False, "the first piece covers all x < pi/4, e.g. x = -3pi/2 where sin x = 1",
  chain=[lambda x: mp.sin(x) if x < mp.pi / 4 else mp.cos(x), "<=", K(lambda: mp.sqrt(2) / 2)],
  witness="-3*pi/2")
V("pw_min_sqrt2", C,
  r"\begin{cases} x & x < \sqrt{2} \\ \sqrt{2} & \text{otherwise} \end{cases} = \min(x, \sqrt{2})",
  True, "both are x below sqrt 2 and sqrt 2 from there on",
  chain=[lambda x: x if x < mp.sqrt(2) else mp.sqrt(2), "=", lambda x: min(x, mp.sqrt(2))])
V("pw_min_sqrt2_decimal", C,
  r"\begin{cases} x & x < \sqrt{2} \\ 1.41421356237309504880168872420969807857 & \text{otherwise} \end{cases} = \min(x, \sqrt{2})",
  False, "the constant is sqrt 2 rounded up at 38 decimals: differs by 3e-40 for x >= sqrt 2",
  chain=[lambda x: x if x < mp.sqrt(2) else M("1.41421356237309504880168872420969807857"), "=",
         lambda x: min(x, mp.sqrt(2))], witness="2")
V("pw_ln2_strictness", C,
  r"\begin{cases} 0 & x < \ln 2 \\ 1 & x \ge \ln 2 \end{cases} = \begin{cases} 0 & x \le \ln 2 \\ 1 & x > \ln 2 \end{cases}",
  False, "they differ only at x = ln 2 (1 vs 0)",
  chain=[lambda x: 0 if x < mp.log(2) else 1, "=", lambda x: 0 if x <= mp.log(2) else 1],
  witness="log(2)")
V("pw_ln2_float_le", C,
  r"\begin{cases} 0 & x < \ln 2 \\ 1 & \text{otherwise} \end{cases} \le \begin{cases} 0 & x < 0.6931471805599453 \\ 1 & \text{otherwise} \end{cases}",
  True, "0.6931471805599453 < ln 2: the right side switches first, so right >= left everywhere",
  chain=[lambda x: 0 if x < mp.log(2) else 1, "<=", lambda x: 0 if x < M("0.6931471805599453") else 1])
V("pw_ln2_float_ge", C,
  r"\begin{cases} 0 & x < \ln 2 \\ 1 & \text{otherwise} \end{cases} \ge \begin{cases} 0 & x < 0.6931471805599453 \\ 1 & \text{otherwise} \end{cases}",
  False, "fails on [0.6931471805599453, ln 2), an interval of width 9.4e-18",
  chain=[lambda x: 0 if x < mp.log(2) else 1, ">=", lambda x: 0 if x < M("0.6931471805599453") else 1],
  witness="0.6931471805599453")
V("pw_out_of_order_ge1", C,
  r"\begin{cases} 1 & x > 1 \\ 2 & x > 0 \\ 3 & \text{otherwise} \end{cases} \ge 1", True,
  "first matching row: values 1, 2, 3", chain=[lambda x: 1 if x > 1 else (2 if x > 0 else 3), ">=", 1])
V("pw_out_of_order_eq", C,
  r"\begin{cases} 1 & x > 1 \\ 2 & x > 0 \\ 3 & \text{otherwise} \end{cases} = \begin{cases} 3 & x \le 0 \\ 2 & x \le 1 \\ 1 & \text{otherwise} \end{cases}",
  True, "both: 3 on (-oo,0], 2 on (0,1], 1 on (1,oo)",
  chain=[lambda x: 1 if x > 1 else (2 if x > 0 else 3), "=", lambda x: 3 if x <= 0 else (2 if x <= 1 else 1)])
V("pw_overlap_eq_abs", C,
  r"\begin{cases} x & x > 0 \\ -x & x > -1 \\ 0 & \text{otherwise} \end{cases} = |x|", False,
  "first matching row: at x = -2 the value is 0, |x| = 2",
  chain=[lambda x: x if x > 0 else (-x if x > -1 else 0), "=", abs], witness="-2")
V("pw_overlap_eq_cases", C,
  r"\begin{cases} x & x > 0 \\ -x & x > -1 \\ 0 & \text{otherwise} \end{cases} = \begin{cases} |x| & x > -1 \\ 0 & \text{otherwise} \end{cases}",
  True, "first matching row semantics on both sides",
  chain=[lambda x: x if x > 0 else (-x if x > -1 else 0), "=", lambda x: abs(x) if x > -1 else 0])
V("pw_point_pi4", C,
  r"\begin{cases} 0 & x < \frac{\pi}{4} \\ 0 & x > \frac{\pi}{4} \\ 5 & \text{otherwise} \end{cases} = 0",
  False, "the value at x = pi/4 alone is 5",
  chain=[lambda x: 0 if x < mp.pi / 4 else (0 if x > mp.pi / 4 else 5), "=", 0], witness="pi/4")
V("pw_overlap_float_pi4", C,
  r"\begin{cases} 0 & x < \frac{\pi}{4} \\ 0 & x > 0.7853981633974483 \\ 5 & \text{otherwise} \end{cases} = 0",
  True, "0.7853981633974483 < pi/4, so the two rows overlap and leave no gap",
  chain=[lambda x: 0 if x < mp.pi / 4 else (0 if x > M("0.7853981633974483") else 5), "=", 0])
V("pw_gap_float_pi4", C,
  r"\begin{cases} 0 & x < 0.7853981633974483 \\ 0 & x > \frac{\pi}{4} \\ 5 & \text{otherwise} \end{cases} = 0",
  False, "the gap [0.7853981633974483, pi/4] (width 3.1e-17) has value 5",
  chain=[lambda x: 0 if x < M("0.7853981633974483") else (0 if x > mp.pi / 4 else 5), "=", 0],
  witness="pi/4")
V("pw_ne_zero", C, r"\begin{cases} 1 & x \ne 0 \\ 0 & \text{otherwise} \end{cases} = 1", False,
  "the value at 0 is 0", chain=[lambda x: 1 if x != 0 else 0, "=", 1], witness="0", refusal_ok=True)
V("pw_sinc_le1", C,
  r"\begin{cases} \frac{\sin x}{x} & x \ne 0 \\ 1 & \text{otherwise} \end{cases} \le 1", True,
  "|sin x| <= |x|", chain=[lambda x: mp.sin(x) / x if x != 0 else 1, "<=", 1], refusal_ok=True)
V("pw_exp_ge_tangent", C,
  r"\begin{cases} e^{x} & x \le 0 \\ 1 + x & \text{otherwise} \end{cases} \ge 1 + x", True,
  "e^x >= 1 + x; equality for x > 0",
  chain=[lambda x: mp.exp(x) if x <= 0 else 1 + x, ">=", lambda x: 1 + x])
V("pw_exp_gt_tangent", C,
  r"\begin{cases} e^{x} & x \le 0 \\ 1 + x & \text{otherwise} \end{cases} > 1 + x", False,
  "equal at x = 0 and on x > 0",
  chain=[lambda x: mp.exp(x) if x <= 0 else 1 + x, ">", lambda x: 1 + x], witness="1")
V("pw_sqrt2_jump_lt", C,
  r"\begin{cases} x & x < \sqrt{2} \\ 2 - x & \text{otherwise} \end{cases} < \sqrt{2}", True,
  "x < sqrt 2 on the first row; 2 - x <= 2 - sqrt 2 < sqrt 2 on the second",
  chain=[lambda x: x if x < mp.sqrt(2) else 2 - x, "<", K(lambda: mp.sqrt(2))])
V("pw_sqrt2_jump_le_closed", C,
  r"\begin{cases} x & x \le \sqrt{2} \\ 2 - x & \text{otherwise} \end{cases} < \sqrt{2}", False,
  "the value at x = sqrt 2 is sqrt 2",
  chain=[lambda x: x if x <= mp.sqrt(2) else 2 - x, "<", K(lambda: mp.sqrt(2))], witness="sqrt(2)")

# =================================================================== verify: derivatives, kinks
C = "derivatives"
V("d_x_absx", C, r"\frac{d}{dx}\left(x|x|\right) = 2|x|", True,
  "x|x| = x^2 sign x; derivative 2|x|, including 0 (difference quotient h|h|/h -> 0)",
  chain=[lambda x: 2 * abs(x), "=", lambda x: 2 * abs(x)])
V("d_x_absx_2x", C, r"\frac{d}{dx}\left(x|x|\right) = 2x", False, "at x = -1: 2 vs -2",
  chain=[lambda x: 2 * abs(x), "=", lambda x: 2 * x], witness="-1")
V("d2_x_absx_2", C, r"\frac{d^{2}}{dx^{2}}\left(x|x|\right) = 2", False, "at x = -1 it is -2",
  chain=[lambda x: 2 if x > 0 else -2, "=", 2], witness="-1")
V("elu_d0", C, r"\operatorname{elu}'(0) = 1", True,
  "elu (alpha = 1): left derivative e^0 = 1, right 1: differentiable with derivative 1",
  chain=[K(lambda: mp.exp(0)), "=", 1])
V("softsign_d0", C, r"\operatorname{softsign}'(0) = 1", True, "1/(1+|x|)^2 at 0",
  chain=[K(lambda: 1 / (1 + abs(M(0))) ** 2), "=", 1])
V("selu_d0", C, r"\operatorname{selu}'(0) = 1.0507009873554804934193349852946", False,
  "selu is not differentiable at 0 (left lambda*alpha = 1.7581, right lambda): no value is "
  "its derivative there", chain=None)
V("relu_d0_half", C, r"\operatorname{relu}'(0) = \frac{1}{2}", False,
  "relu has no derivative at 0 (left 0, right 1)", chain=None)
V("gelu_d2_0", C, r"\operatorname{gelu}''(0) = \sqrt{\frac{2}{\pi}}", True,
  "gelu'' = phi(x)(2 - x^2); at 0: 2/sqrt(2 pi)",
  chain=[K(lambda: mp.diff(gelu, 0, 2)), "=", K(lambda: mp.sqrt(2 / mp.pi))])
V("silu_d2_0", C, r"\operatorname{silu}''(0) = \frac{1}{2}", True,
  "silu'' = s'(2 + x(1 - 2s)); at 0: (1/4)*2", chain=[K(lambda: mp.diff(silu, 0, 2)), "=", K(lambda: M(1) / 2)])
V("mish_d0", C, r"\operatorname{mish}'(0) = 0.6", True,
  "mish' = tanh(sp) + x sech^2(sp) sigma; at 0 tanh(ln 2) = 3/5",
  chain=[K(lambda: mp.diff(mish, 0)), "=", K(lambda: M("0.6"))])
V("mish_d0_pert", C, r"\operatorname{mish}'(0) = 0.6000000000000000000000000001", False,
  "exactly 3/5; the decimal is neither rounding nor truncation", chain=None, decimal="neither")
V("tanh_d2", C, r"\tanh''(x) = -2\tanh(x)(1-\tanh^{2}(x))", True, "differentiate 1 - tanh^2",
  chain=[lambda x: mp.diff(mp.tanh, x, 2), "=", lambda x: -2 * mp.tanh(x) * (1 - mp.tanh(x) ** 2)])
V("tanh_d2_sign", C, r"\tanh''(x) = 2\tanh(x)(1-\tanh^{2}(x))", False, "sign: at x = 1 they differ",
  chain=[lambda x: mp.diff(mp.tanh, x, 2), "=", lambda x: 2 * mp.tanh(x) * (1 - mp.tanh(x) ** 2)],
  witness="1")
V("sig_d2", C, r"\sigma''(x) = \sigma(x)(1-\sigma(x))(1-2\sigma(x))", True,
  "differentiate s(1-s): s'(1-2s)",
  chain=[lambda x: mp.diff(sig, x, 2), "=", lambda x: dsig(x) * (1 - 2 * sig(x))])
V("softplus_d2_le", C, r"\operatorname{softplus}''(x) \le \frac{1}{4}", True,
  "softplus'' = sigma' <= 1/4", chain=[dsig, "<=", K(lambda: M(1) / 4)])
V("softplus_d2_lt", C, r"\operatorname{softplus}''(x) < \frac{1}{4}", False,
  "softplus''(0) = 1/4", chain=[dsig, "<", K(lambda: M(1) / 4)], witness="0")
V("dgelu_ge_m013", C, r"\operatorname{gelu}'(x) \ge -0.13", True, "min gelu' = -0.12890...",
  chain=[dgelu, ">=", K(lambda: M("-0.13"))])
V("dgelu_ge_m0128", C, r"\operatorname{gelu}'(x) \ge -0.128", False, "gelu'(-sqrt 2) = -0.12890",
  chain=[dgelu, ">=", K(lambda: M("-0.128"))], witness="-sqrt(2)")
V("f_prime_activation", C, r"f'(x) \le 1", True, "tanh' = sech^2 <= 1",
  chain=[lambda x: 1 / mp.cosh(x) ** 2, "<=", 1], activation="tanh")
V("f_prime_activation_lt", C, r"f'(x) < 1", False, "tanh'(0) = 1",
  chain=[lambda x: 1 / mp.cosh(x) ** 2, "<", 1], witness="0", activation="tanh")

# =================================================================== prove: custom expressions
C = "prove-custom"
P("x_plus_1e-9_sin", C, r"x + 10^{-9}\sin(x)",
  "f' = 1 + 1e-9 cos x in [1-1e-9, 1+1e-9], both attained (x = pi, 0); odd",
  f=lambda x: x + M(10) ** -9 * mp.sin(x), monotonic="increasing", range="Interval(-oo, oo)",
  limit_oo="oo", limit_moo="-oo", value_at_0="0", symmetry="odd",
  sup_derivative=("1 + 1/10**9", True), inf_derivative=("1 - 1/10**9", True),
  lipschitz="1 + 1/10**9", max=("oo", False), min=("-oo", False), continuity="C^inf",
  differentiable="everywhere")
P("x_plus_fast_sin", C, r"x + 10^{-9}\sin(10^{9}x)",
  "f' = 1 + cos(1e9 x) in [0, 2]: >= 0 with isolated zeros, so strictly increasing",
  f=lambda x: x + M(10) ** -9 * mp.sin(M(10) ** 9 * x), monotonic="increasing",
  sup_derivative=("2", True), inf_derivative=("0", True), lipschitz="2", symmetry="odd",
  range="Interval(-oo, oo)")
P("x_plus_fast_sin_over", C, r"x + 1.000000001 \cdot 10^{-9}\sin(10^{9}x)",
  "f' = 1 + 1.000000001 cos(1e9 x) < 0 where cos = -1: not monotonic",
  f=lambda x: x + M("1.000000001") * M(10) ** -9 * mp.sin(M(10) ** 9 * x),
  monotonic="not monotonic", sup_derivative=("2.000000001", True),
  inf_derivative=("-0.000000001", True), lipschitz="2.000000001", symmetry="odd")
P("quintic_tiny", C, r"x^{5} - 10^{-20}x^{3}",
  "f' = x^2 (5x^2 - 3e-20) < 0 for 0 < |x| < sqrt(6e-21): not monotonic; odd",
  f=lambda x: x ** 5 - M(10) ** -20 * x ** 3, monotonic="not monotonic", symmetry="odd",
  range="Interval(-oo, oo)", limit_oo="oo", limit_moo="-oo", value_at_0="0")
P("x2_over_1px2", C, r"\frac{x^{2}}{1+x^{2}}",
  "= 1 - 1/(1+x^2): range [0, 1), 1 approached only; even",
  f=lambda x: x * x / (1 + x * x), range="Interval.Ropen(0, 1)", max=("1", False),
  min=("0", True), symmetry="even", limit_oo="1", limit_moo="1", value_at_0="0",
  monotonic="not monotonic", sup_derivative=("3*sqrt(3)/8", True),
  inf_derivative=("-3*sqrt(3)/8", True), lipschitz="3*sqrt(3)/8")
P("x2_exp_negx", C, r"x^{2}e^{-x}",
  "-> oo at -oo, -> 0 at oo; f' = x(2-x)e^-x: min 0 at 0, local max 4e^-2 at 2, range [0, oo)",
  f=lambda x: x * x * mp.exp(-x), limit_moo="oo", limit_oo="0", range="Interval(0, oo)",
  min=("0", True), max=("oo", False), monotonic="not monotonic", value_at_0="0",
  lipschitz="oo", symmetry="none")
P("x_expm1_recip", C, r"x\left(e^{1/x}-1\right)",
  "undefined at 0 (refusal fine); limit at +-oo is 1 (e^{1/x} - 1 ~ 1/x)",
  refusal_ok=True, limit_oo="1", limit_moo="1")
P("tanh_1e20", C, r"\tanh(10^{20}x)",
  "f' = 1e20 sech^2(1e20 x) <= 1e20 at 0; range (-1, 1); odd",
  f=lambda x: mp.tanh(M(10) ** 20 * x), range="Interval.open(-1, 1)",
  sup_derivative=("10**20", True), inf_derivative=("0", False), lipschitz="10**20",
  symmetry="odd", monotonic="increasing", max=("1", False), min=("-1", False))
P("sigmoid_tilt", C, r"\frac{1}{1+e^{-x}} - \frac{1}{2} - 10^{-40}x",
  "-> -oo / +oo through the -1e-40 x term; f' = sigma' - 1e-40 < 0 for large |x|: not monotonic; odd",
  f=lambda x: sig(x) - M(1) / 2 - M(10) ** -40 * x, limit_oo="-oo", limit_moo="oo",
  monotonic="not monotonic", symmetry="odd", range="Interval(-oo, oo)", value_at_0="0",
  sup_derivative=("1/4 - 1/10**40", True), inf_derivative=("-1/10**40", False),
  lipschitz="1/4 - 1/10**40")
P("sqrt_minus_abs", C, r"\sqrt{x^{2}+1} - |x|",
  "= 1/(sqrt(x^2+1) + |x|): max 1 at 0, -> 0 at +-oo; even; kink at 0 (slopes -1 and 1)",
  f=lambda x: mp.sqrt(x * x + 1) - abs(x), range="Interval.Lopen(0, 1)", max=("1", True),
  min=("0", False), symmetry="even", limit_oo="0", limit_moo="0", value_at_0="1",
  monotonic="not monotonic", continuity="C^0", differentiable="{0}", lipschitz="1",
  sup_derivative=("1", False), inf_derivative=("-1", False))
P("min_x2_1", C, r"\min(x^{2}, 1)", "range [0, 1], max 1 attained for |x| >= 1; kinks at +-1",
  f=lambda x: min(x * x, 1), range="Interval(0, 1)", max=("1", True), min=("0", True),
  symmetry="even", continuity="C^0", differentiable="{-1, 1}", lipschitz="2",
  sup_derivative=("2", False), inf_derivative=("-2", False), limit_oo="1")
P("max_sin_cos", C, r"\max(\sin x, \cos x)",
  "min of max(sin, cos) is at 5pi/4 + 2k pi where both are -sqrt(2)/2; max 1; no limits",
  f=lambda x: max(mp.sin(x), mp.cos(x)), range="Interval(-sqrt(2)/2, 1)",
  min=("-sqrt(2)/2", True), max=("1", True), limit_oo="no limit", limit_moo="no limit",
  continuity="C^0", monotonic="not monotonic", lipschitz="1")
P("pw_sin_cos_pi4", C, r"\begin{cases} \sin x & x < \frac{\pi}{4} \\ \cos x & \text{otherwise} \end{cases}",
  "continuous at pi/4 (sin = cos there), slopes sqrt2/2 and -sqrt2/2 differ: C^0, kink at pi/4",
  f=lambda x: mp.sin(x) if x < mp.pi / 4 else mp.cos(x), range="Interval(-1, 1)",
  max=("1", True), min=("-1", True), continuity="C^0", differentiable="{pi/4}",
  limit_oo="no limit", value_at_0="0", lipschitz="1")
P("pw_sqrt2_sup_open", C, r"\begin{cases} x & x < \sqrt{2} \\ 2 - x & \text{otherwise} \end{cases}",
  "left values < sqrt 2 approach it; at sqrt 2 the value is 2 - sqrt 2: sup sqrt 2 not attained",
  f=lambda x: x if x < mp.sqrt(2) else 2 - x, range="Interval.open(-oo, sqrt(2))",
  max=("sqrt(2)", False), min=("-oo", False), continuity="discontinuous",
  monotonic="not monotonic", limit_oo="-oo", limit_moo="-oo", value_at_0="0")
P("pw_sqrt2_sup_closed", C, r"\begin{cases} x & x \le \sqrt{2} \\ 2 - x & \text{otherwise} \end{cases}",
  "the value at sqrt 2 is sqrt 2: max attained; right limit 2 - sqrt 2: a jump",
  f=lambda x: x if x <= mp.sqrt(2) else 2 - x, range="Interval(-oo, sqrt(2))",
  max=("sqrt(2)", True), continuity="discontinuous", differentiable="{sqrt(2)}",
  lipschitz="oo", monotonic="not monotonic")
P("pw_ln2_step_1e-30", C, r"\begin{cases} x^{2} & x < \ln 2 \\ x^{2} + 10^{-30} & \text{otherwise} \end{cases}",
  "jump of 1e-30 at ln 2: discontinuous; min 0 at 0",
  f=lambda x: x * x if x < mp.log(2) else x * x + M(10) ** -30, continuity="discontinuous",
  min=("0", True), range="Interval(0, oo)", monotonic="not monotonic", symmetry="none",
  lipschitz="oo", value_at_0="0")
P("e-1000_x", C, r"e^{-1000}x", "a line of slope e^-1000 > 0",
  f=lambda x: mp.exp(-1000) * x, monotonic="increasing", lipschitz="exp(-1000)",
  range="Interval(-oo, oo)", symmetry="odd", sup_derivative=("exp(-1000)", True),
  inf_derivative=("exp(-1000)", True), limit_oo="oo", value_at_0="0")
P("tiny_tanh", C, r"10^{-400}\tanh(x)", "range (-1e-400, 1e-400), odd, increasing",
  f=lambda x: M(10) ** -400 * mp.tanh(x), range="Interval.open(-1/10**400, 1/10**400)",
  max=("1/10**400", False), lipschitz="1/10**400", monotonic="increasing", symmetry="odd",
  limit_oo="1/10**400")
P("zero_identity", C, r"\tanh(x) - 2\sigma(2x) + 1",
  "identically zero (tanh = 2 sigma(2x) - 1): range {0}, constant, even and odd",
  f=lambda x: mp.tanh(x) - 2 * sig(2 * x) + 1, range="{0}", max=("0", True), min=("0", True),
  lipschitz="0", limit_oo="0", limit_moo="0", value_at_0="0", monotonic="constant",
  symmetry="zero", continuity="C^inf", sup_derivative=("0", True), inf_derivative=("0", True),
  refusal_ok=True)
P("zero_identity_tilt", C, r"\tanh(x) - 2\sigma(2x) + 1 + 10^{-50}x",
  "= 1e-50 x: increasing, odd, Lipschitz 1e-50",
  f=lambda x: mp.tanh(x) - 2 * sig(2 * x) + 1 + M(10) ** -50 * x, monotonic="increasing",
  symmetry="odd", lipschitz="1/10**50", range="Interval(-oo, oo)", limit_oo="oo",
  sup_derivative=("1/10**50", True), inf_derivative=("1/10**50", True), refusal_ok=True)
P("softplus_minus_relu", C, r"\ln(1+e^{x}) - \max(0,x)",
  "= ln(1 + e^-|x|): even, max ln 2 at 0, -> 0; kink at 0 (slopes 1/2 and -1/2)",
  f=lambda x: softplus(x) - relu(x), range="Interval.Lopen(0, log(2))", max=("log(2)", True),
  min=("0", False), symmetry="even", limit_oo="0", limit_moo="0", continuity="C^0",
  differentiable="{0}", sup_derivative=("1/2", False), inf_derivative=("-1/2", False),
  lipschitz="1/2", value_at_0="log(2)", monotonic="not monotonic")
P("x_absx", C, r"x|x|", "= x^2 sign x: C^1 (f' = 2|x|), increasing, odd",
  f=lambda x: x * abs(x), continuity="C^1", differentiable="everywhere",
  monotonic="increasing", symmetry="odd", range="Interval(-oo, oo)",
  inf_derivative=("0", True), sup_derivative=("oo", False), lipschitz="oo")
P("abs_cubed", C, r"|x|^{3}", "C^2 (f'' = 6|x|), even, min 0 at 0",
  f=lambda x: abs(x) ** 3, continuity="C^2", differentiable="everywhere", symmetry="even",
  min=("0", True), range="Interval(0, oo)", monotonic="not monotonic")
P("relu_squared", C, r"\max(x, 0)^{2}", "C^1 (f' = 2 relu), non-decreasing (constant on x<0)",
  f=lambda x: relu(x) ** 2, continuity="C^1", differentiable="everywhere",
  monotonic="non-decreasing", range="Interval(0, oo)", min=("0", True), inf_derivative=("0", True))
P("x_over_sqrt1px2", C, r"\frac{x}{\sqrt{1+x^{2}}}",
  "f' = (1+x^2)^(-3/2) in (0, 1]: increasing, range (-1,1), Lipschitz 1",
  f=lambda x: x / mp.sqrt(1 + x * x), range="Interval.open(-1, 1)", monotonic="increasing",
  sup_derivative=("1", True), inf_derivative=("0", False), lipschitz="1", symmetry="odd",
  max=("1", False), limit_oo="1", limit_moo="-1")
P("dsig_form", C, r"\sigma(x)(1-\sigma(x))",
  "sigma'(x): even, max 1/4 at 0, -> 0",
  f=dsig, max=("1/4", True), min=("0", False), range="Interval.Lopen(0, 1/4)",
  symmetry="even", limit_oo="0", limit_moo="0", value_at_0="1/4", monotonic="not monotonic")

# =================================================================== prove: catalogue at edge parameters
C = "edge-params"
P("leaky_slope_0", C, None, "slope 0 makes it relu: min 0 attained, range [0, oo)",
  name="leaky_relu", params=["negative_slope=0"], refusal_ok=True, f=relu,
  range="Interval(0, oo)", min=("0", True), monotonic="non-decreasing", limit_moo="0",
  continuity="C^0", differentiable="{0}", lipschitz="1", inf_derivative=("0", True))
P("leaky_slope_1", C, None, "slope 1 makes it the identity: C^inf, derivative 1",
  name="leaky_relu", params=["negative_slope=1"], f=X,
  range="Interval(-oo, oo)", monotonic="increasing", lipschitz="1", symmetry="odd",
  continuity="C^inf", differentiable="everywhere", sup_derivative=("1", True),
  inf_derivative=("1", True))
P("leaky_slope_2", C, None, "x for x>0, 2x else: increasing, Lipschitz 2, kink at 0",
  name="leaky_relu", params=["negative_slope=2"], f=lambda x: x if x > 0 else 2 * x,
  range="Interval(-oo, oo)", monotonic="increasing", lipschitz="2", continuity="C^0",
  differentiable="{0}", sup_derivative=("2", True), inf_derivative=("1", True),
  symmetry="none")
P("leaky_slope_neg1", C, None, "slope -1 gives |x| (refusal fine: the parameter is positive)",
  name="leaky_relu", params=["negative_slope=-1"], refusal_ok=True, f=abs,
  range="Interval(0, oo)", min=("0", True), monotonic="not monotonic", symmetry="even",
  continuity="C^0", differentiable="{0}", lipschitz="1")
P("elu_alpha_0", C, None, "alpha 0 makes it relu",
  name="elu", params=["alpha=0"], refusal_ok=True, f=relu, range="Interval(0, oo)",
  min=("0", True), monotonic="non-decreasing", continuity="C^0", differentiable="{0}",
  lipschitz="1")
P("elu_alpha_2", C, None, "slopes 2 (left) and 1 (right) at 0: C^0; range (-2, oo)",
  name="elu", params=["alpha=2"], f=lambda x: elu(x, 2), range="Interval.open(-2, oo)",
  min=("-2", False), continuity="C^0", differentiable="{0}", lipschitz="2",
  sup_derivative=("2", False), monotonic="increasing")
P("elu_alpha_half", C, None, "left slope 1/2 at 0: C^0; sup' 1 (right), Lipschitz 1",
  name="elu", params=["alpha=1/2"], f=lambda x: elu(x, M(1) / 2),
  range="Interval.open(-1/2, oo)", continuity="C^0", differentiable="{0}", lipschitz="1",
  monotonic="increasing", min=("-1/2", False))
P("softplus_beta_100", C, None, "ln(1+e^{100x})/100: f(0) = ln2/100, range (0, oo), sup' 1 not attained, sup f'' irrelevant",
  name="softplus", params=["beta=100"], f=lambda x: softplus(100 * x) / 100,
  range="Interval.open(0, oo)", min=("0", False), value_at_0="log(2)/100",
  sup_derivative=("1", False), inf_derivative=("0", False), lipschitz="1",
  monotonic="increasing", continuity="C^inf")
P("softplus_beta_tiny", C, None, "beta 1/1000: f(0) = 1000 ln 2",
  name="softplus", params=["beta=1/1000"], f=lambda x: softplus(x / 1000) * 1000,
  value_at_0="1000*log(2)", range="Interval.open(0, oo)", lipschitz="1", monotonic="increasing")
P("swish_beta_0", C, None, "beta 0: x/2 (refusal fine)",
  name="swish_beta", params=["beta=0"], refusal_ok=True, f=lambda x: x / 2,
  range="Interval(-oo, oo)", monotonic="increasing", lipschitz="1/2", symmetry="odd",
  sup_derivative=("1/2", True))
P("squareplus_b0", C, None, "b = 0: (x + |x|)/2 = relu, kink at 0",
  name="squareplus", params=["b=0"], refusal_ok=True, f=relu,
  range="Interval(0, oo)", min=("0", True), continuity="C^0", differentiable="{0}",
  monotonic="non-decreasing", lipschitz="1")
P("softshrink_0", C, None, "lambd 0: the identity",
  name="softshrink", params=["lambd=0"], refusal_ok=True, f=X, range="Interval(-oo, oo)",
  monotonic="increasing", lipschitz="1", continuity="C^inf", differentiable="everywhere")
P("hardtanh_asym", C, None, "clamp to [-2, 3]",
  name="hard_tanh", params=["min_val=-2", "max_val=3"], f=lambda x: max(-2, min(3, x)),
  range="Interval(-2, 3)", max=("3", True), min=("-2", True), monotonic="non-decreasing",
  lipschitz="1", continuity="C^0", differentiable="{-2, 3}", value_at_0="0")
P("selu_default", C, None, "range (-lambda alpha, oo), not attained; kink at 0 (slopes 1.758, 1.0507)",
  name="selu", f=selu, range=f"Interval.open(-{SELU_L}*{SELU_A}, oo)",
  min=(f"-{SELU_L}*{SELU_A}", False), value_at_0="0", continuity="C^0",
  differentiable="{0}", lipschitz=f"{SELU_L}*{SELU_A}", monotonic="increasing")
P("celu_alpha_3", C, None, "celu is C^1 for every alpha: range (-3, oo)",
  name="celu", params=["alpha=3"], f=lambda x: x if x > 0 else 3 * (mp.exp(x / 3) - 1),
  range="Interval.open(-3, oo)", continuity="C^1", differentiable="everywhere",
  lipschitz="1", sup_derivative=("1", True), monotonic="increasing")

# =================================================================== gradient
HOW_G = "sup f' by hand: sigmoid 1/4 at 0; tanh 1 at 0; relu 1 (x>0); gelu at sqrt 2; silu at 2.3994"
G("grad_tanh_10", "tanh", 10, "1", HOW_G)
G("grad_relu_30", "relu", 30, "1", HOW_G)
G("grad_gelu_7", "gelu", 7, "1/2 + erf(1)/2 + exp(-1)/sqrt(pi)", HOW_G)
G("grad_silu_3", "silu", 3, "1.0998393201288669169581849243205709721307293942093036044577388919590623626", HOW_G)
G("grad_softsign_50", "softsign", 50, "1", HOW_G)
G("grad_hardsig_4", "hard_sigmoid", 4, "1/6", "hard_sigmoid' = 1/6 on (-3, 3)")
G("grad_arctan_8", "arctan", 8, "1", "1/(1+x^2) <= 1 at 0")
G("grad_gaussian_5", "gaussian", 5, "sqrt(2)*exp(-1/2)", "|(-2x e^-x^2)| max at x = 1/sqrt 2")

# =================================================================== derive --latex
HOW_D = "derivatives compared with mp.diff of my own definition at 100 digits at sample points"
D("drv_softplus_minus_relu", r"\ln(1+e^{x}) - \max(0,x)", lambda x: softplus(x) - relu(x),
  ["-3", "-1/3", "1/7", "2", "40"], HOW_D, kinks=[("0", "1/2", "-1/2")])
D("drv_pw_sin_cos", r"\begin{cases} \sin x & x < \frac{\pi}{4} \\ \cos x & \text{otherwise} \end{cases}",
  lambda x: mp.sin(x) if x < mp.pi / 4 else mp.cos(x), ["-2", "0", "1/2", "1", "3"], HOW_D,
  kinks=[("pi/4", "sqrt(2)/2", "-sqrt(2)/2")])
D("drv_x_absx", r"x|x|", lambda x: x * abs(x), ["-2", "-1/5", "1/3", "4"], HOW_D, kinks=[])
D("drv_mish", r"x\tanh(\ln(1+e^{x}))", mish, ["-5", "-1", "0", "1/2", "3"], HOW_D, kinks=[])
D("drv_gelu_erf", r"\frac{x}{2}\left(1+\operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)", gelu,
  ["-2", "-1/2", "0", "1", "3"], HOW_D, kinks=[])
D("drv_sqrt2_jump", r"\begin{cases} x^{2} & x < \sqrt{2} \\ 2 & \text{otherwise} \end{cases}",
  lambda x: x * x if x < mp.sqrt(2) else M(2), ["-1", "0", "1", "2", "5"], HOW_D,
  kinks=[("sqrt(2)", "2*sqrt(2)", "0")])
D("drv_abs_cubed", r"|x|^{3}", lambda x: abs(x) ** 3, ["-2", "-1/2", "1/3", "3"], HOW_D, kinks=[])
D("drv_softsign", r"\frac{x}{1+|x|}", softsign, ["-3", "-1/4", "1/5", "2"], HOW_D, kinks=[])
D("drv_elu_alpha2", r"\begin{cases} x & x > 0 \\ 2(e^{x} - 1) & \text{otherwise} \end{cases}",
  lambda x: elu(x, 2), ["-3", "-1/2", "1/2", "3"], HOW_D, kinks=[("0", "2", "1")])
D("drv_tanh_scaled", r"\tanh(10^{20}x)", lambda x: mp.tanh(M(10) ** 20 * x),
  ["0", "10**-21", "-3*10**-20"], HOW_D, kinks=[])

# =================================================================== more verify probes
C = "margin"
V("sincos_le_sqrt2", C, r"\sin(x) + \cos(x) \le \sqrt{2}", True,
  "sin x + cos x = sqrt 2 sin(x + pi/4)", chain=[lambda x: mp.sin(x) + mp.cos(x), "<=", K(lambda: mp.sqrt(2))])
V("sincos_lt_sqrt2", C, r"\sin(x) + \cos(x) < \sqrt{2}", False, "equality at x = pi/4",
  chain=[lambda x: mp.sin(x) + mp.cos(x), "<", K(lambda: mp.sqrt(2))], witness="pi/4")
V("sincos_le_sqrt2_lo", C, r"\sin(x) + \cos(x) \le 1.4142135623730950488016887242096980785696", False,
  "sqrt 2 = 1.41421356237309504880168872420969807856967...: the constant is below it",
  chain=[lambda x: mp.sin(x) + mp.cos(x), "<=", K(lambda: M("1.4142135623730950488016887242096980785696"))],
  witness="pi/4")
V("sincos_le_sqrt2_hi", C, r"\sin(x) + \cos(x) \le 1.4142135623730950488016887242096980785697", True,
  "the constant is above sqrt 2",
  chain=[lambda x: mp.sin(x) + mp.cos(x), "<=", K(lambda: M("1.4142135623730950488016887242096980785697"))])
V("xexp_le_inv_e", C, r"x e^{-x} \le e^{-1}", True, "max of x e^-x at x = 1",
  chain=[lambda x: x * mp.exp(-x), "<=", K(lambda: mp.exp(-1))])
V("xexp_lt_inv_e", C, r"x e^{-x} < e^{-1}", False, "equality at x = 1",
  chain=[lambda x: x * mp.exp(-x), "<", K(lambda: mp.exp(-1))], witness="1")
V("xexp_le_dec_lo", C, r"x e^{-x} \le 0.36787944117144232159552377016146086744581", False,
  "e^-1 = 0.367879441171442321595523770161460867445811131...: the constant is below it",
  chain=[lambda x: x * mp.exp(-x), "<=", K(lambda: M("0.36787944117144232159552377016146086744581"))],
  witness="1")
V("xexp_le_dec_hi", C, r"x e^{-x} \le 0.36787944117144232159552377016146086744582", True,
  "the constant is above e^-1",
  chain=[lambda x: x * mp.exp(-x), "<=", K(lambda: M("0.36787944117144232159552377016146086744582"))])
V("x2gauss_le_inv_e", C, r"x^{2} e^{-x^{2}} \le e^{-1}", True, "t e^-t <= 1/e with t = x^2",
  chain=[lambda x: x * x * mp.exp(-x * x), "<=", K(lambda: mp.exp(-1))])
V("dsig_ge_e-1000", C, r"\sigma(x)(1-\sigma(x)) \ge e^{-1000}", False,
  "sigma'(1001) < e^-1001 < e^-1000", chain=[dsig, ">=", K(lambda: mp.exp(-1000))], witness="1001",
  dps=1000)
V("sigma_le_1_minus_ee10", C, r"\sigma(x) \le 1 - e^{-e^{10}}", False,
  "1 - sigma(x) = sigma(-x) < e^-x, below e^{-e^10} for x > e^10 = 22026.47 (witness 30000)",
  chain=[sig, "<=", K(lambda: 1 - mp.exp(-mp.exp(10)))], witness="30000", dps=14000)

C = "huge-tiny"
V("e_ee10_eq_0", C, r"e^{-e^{10}} = 0", False, "e^{-e^10} = 10^-9565.7 != 0",
  chain=[K(lambda: mp.exp(-mp.exp(10))), "=", 0])
V("e_ee10_gt_0", C, r"e^{-e^{10}} > 0", True, "exp is positive",
  chain=[K(lambda: mp.exp(-mp.exp(10))), ">", 0])
V("pow_1e4_eq_0", C, r"10^{-10^{4}} = 0", False, "a nonzero rational",
  chain=[K(lambda: M(10) ** -10000), "=", 0])
V("sigma_-1e5_eq_0", C, r"\sigma(-10^{5}) = 0", False, "sigma(-1e5) ~ e^-100000 > 0",
  chain=[K(lambda: sig(M(-100000))), "=", 0])
V("one_m_tanh_1e5", C, r"1 - \tanh(10^{5}) = 2\sigma(-2 \cdot 10^{5})", True,
  "1 - tanh y = 2/(e^{2y}+1) = 2 sigma(-2y) (the left side is evaluated in the form "
  "2/(e^{2y}+1): 1 - tanh(1e5) itself would need 87000 digits)",
  chain=[K(lambda: 2 / (mp.exp(2 * M(10) ** 5) + 1)), "=", K(lambda: 2 * sig(-2 * M(10) ** 5))])
V("ln1p_e-1e4_eq", C, r"\ln(1+e^{-10^{4}}) = e^{-10^{4}}", False,
  "ln(1+t) - t ~ -t^2/2 != 0 (t = e^-10000: seen at 5000 digits)",
  chain=[K(lambda: mp.log1p(mp.exp(-10000))), "=", K(lambda: mp.exp(-10000))], dps=5000)

C = "near-identity"
V("sqrt_sq_shift", C, r"\sqrt{x^{2} + 2x + 1} = x + 1", False, "= |x+1|: at x = -2, 1 vs -1",
  chain=[lambda x: abs(x + 1), "=", lambda x: x + 1], witness="-2")
V("sqrt_sq_exp", C, r"\sqrt{e^{2x} + 2e^{x} + 1} = e^{x} + 1", True, "(e^x + 1)^2 under the root, e^x + 1 > 0",
  chain=[lambda x: mp.sqrt(mp.exp(2 * x) + 2 * mp.exp(x) + 1), "=", lambda x: mp.exp(x) + 1])
V("relu_shift_float", C, r"\max(0, x - \ln 2) = \max(0, x - 0.6931471805599453)", False,
  "the decimal is 9.4e-18 below ln 2: at x = 1 the sides differ by that",
  chain=[lambda x: max(0, x - mp.log(2)), "=", lambda x: max(0, x - M("0.6931471805599453"))], witness="1")
V("max_ln2_cases", C, r"\max(x, \ln 2) = \begin{cases} x & x > \ln 2 \\ \ln 2 & \text{otherwise} \end{cases}",
  True, "definition of max", chain=[lambda x: max(x, mp.log(2)), "=", lambda x: x if x > mp.log(2) else mp.log(2)])
V("relu6_clamp", C, r"\operatorname{relu6}(x) = \min(\max(0,x), 6)", True, "PyTorch's definition",
  chain=[lambda x: min(max(0, x), 6), "=", lambda x: min(max(0, x), 6)])
V("f_silu_form", C, r"f(x) = x\sigma(x)", True, "silu = x sigma(x)", activation="silu",
  chain=[silu, "=", silu])
V("f_gelu_not_silu", C, r"f(x) = x\sigma(x)", False, "gelu(1) = 0.8413 != silu(1) = 0.7311",
  activation="gelu", chain=[gelu, "=", silu], witness="1")
V("f_gelu_d0", C, r"f'(0) = \frac{1}{2}", True, "gelu'(0) = Phi(0) = 1/2", activation="gelu",
  chain=[K(lambda: dgelu(M(0))), "=", K(lambda: M(1) / 2)])
V("f_gelu_1_dec", C, r"f(1) = 0.8413447460685429", False,
  "gelu(1) = Phi(1) = 0.84134474606854294858...: the decimal is its rounding and truncation",
  activation="gelu", chain=[K(lambda: gelu(M(1))), "=", K(lambda: M("0.8413447460685429"))],
  decimal="truncation")
V("f_gelu_1_tanh_dec", C, r"f(1) = 0.8411919906082767", False,
  "0.8411919906082767 is gelu_tanh(1) (tanh approximation), not gelu(1) = 0.84134: neither",
  activation="gelu", chain=[K(lambda: gelu(M(1))), "=", K(lambda: M("0.8411919906082767"))],
  decimal="neither")
GT_C = M(44715) / 10 ** 6


def gelu_tanh(x):
    return x / 2 * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (x + (M(44715) / 10 ** 6) * x ** 3)))


V("gelu_tanh_exact_decimal", C,
  r"\operatorname{gelu\_tanh}(x) = \frac{x}{2}\left(1+\tanh\left(\sqrt{\frac{2}{\pi}}\left(x+0.044715x^{3}\right)\right)\right)",
  True, "the catalogue's definition with the decimal 0.044715 read exactly (as published)",
  chain=[gelu_tanh, "=", gelu_tanh], refusal_ok=True)
V("f_gelu_tanh_1", C, r"f(1) = 0.8411919906082767047819957770451838608258", False,
  "gelu_tanh(1) with 0.044715 exact = 0.84119199060827670478199577704518386082580...; the "
  "decimal is a 40-digit truncation (approximate is right). With the binary double of 0.044715 "
  "the value differs from the 19th digit on",
  activation="gelu_tanh",
  chain=[K(lambda: gelu_tanh(M(1))), "=", K(lambda: M("0.8411919906082767047819957770451838608258"))],
  decimal="truncation")
V("f_gelu_tanh_1_bin", C, r"f(1) = 0.84119199060827670478", False,
  "a 20-digit decimal: gelu_tanh(1) = 0.841191990608276704781996 (0.044715 exact): it is the "
  "truncation (and rounding is ...782): approximate is right", activation="gelu_tanh",
  chain=[K(lambda: gelu_tanh(M(1))), "=", K(lambda: M("0.84119199060827670478"))], decimal="truncation")

C = "derivatives"
V("d_relu_sq", C, r"\frac{d}{dx}\max(0,x)^{2} = 2\max(0,x)", True,
  "relu^2 is C^1 with derivative 2 relu (including 0: h^2/h -> 0)",
  chain=[lambda x: 2 * relu(x), "=", lambda x: 2 * relu(x)])
V("elu_d2_0", C, r"\operatorname{elu}''(0) = 1", False,
  "elu'' left e^0 = 1, right 0: not defined at 0", chain=None)
V("softplus_d1_0", C, r"\operatorname{softplus}'(0) = 0.5", True, "sigma(0) = 1/2",
  chain=[K(lambda: sig(M(0))), "=", K(lambda: M("0.5"))])
V("tanh_d3_0", C, r"\tanh'''(0) = -2", True, "tanh = x - x^3/3 + ...: f''' (0) = -2",
  chain=[K(lambda: mp.diff(mp.tanh, 0, 3)), "=", -2], refusal_ok=True)
V("sigma_d3_0", C, r"\sigma'''(0) = -\frac{1}{8}", True,
  "sigma = 1/2 + x/4 - x^3/48 + ...: f'''(0) = -6/48 = -1/8",
  chain=[K(lambda: mp.diff(sig, 0, 3)), "=", K(lambda: -M(1) / 8)], refusal_ok=True)
V("sigma_d3_0_wrong", C, r"\sigma'''(0) = -\frac{1}{48}", False, "the Taylor coefficient, not f'''(0)",
  chain=[K(lambda: mp.diff(sig, 0, 3)), "=", K(lambda: -M(1) / 48)], refusal_ok=True)

C = "piecewise"
V("pw_heaviside_half", C, r"\begin{cases} 0 & x < 0 \\ \frac{1}{2} & x = 0 \\ 1 & x > 0 \end{cases} + \begin{cases} 0 & x < 0 \\ \frac{1}{2} & x = 0 \\ 1 & x > 0 \end{cases} = 2\begin{cases} 0 & x < 0 \\ \frac{1}{2} & x = 0 \\ 1 & x > 0 \end{cases}",
  True, "a = a: 2a", chain=[lambda x: 2 * (0 if x < 0 else (M(1) / 2 if x == 0 else 1)), "=",
                             lambda x: 2 * (0 if x < 0 else (M(1) / 2 if x == 0 else 1))], refusal_ok=True)
V("pw_value_at_0_matters", C, r"\begin{cases} 0 & x < 0 \\ \frac{1}{2} & x = 0 \\ 1 & x > 0 \end{cases} = \begin{cases} 0 & x < 0 \\ 1 & \text{otherwise} \end{cases}",
  False, "at x = 0: 1/2 vs 1",
  chain=[lambda x: 0 if x < 0 else (M(1) / 2 if x == 0 else 1), "=", lambda x: 0 if x < 0 else 1],
  witness="0", refusal_ok=True)
V("pw_binary_step_point", C, r"f(x) + f(-x) = 1", False,
  "binary_step: f(0) + f(0) = 2 (1 elsewhere)", activation="binary_step",
  chain=[lambda x: (0 if x < 0 else 1) + (0 if -x < 0 else 1), "=", 1], witness="0")
V("pw_hard_sigmoid_point", C, r"f(x) + f(-x) = 1", True,
  "hard_sigmoid(x) + hard_sigmoid(-x) = 1 (clamp(x/6 + 1/2) is point-symmetric)",
  activation="hard_sigmoid",
  chain=[lambda x: max(0, min(1, x / 6 + M(1) / 2)) + max(0, min(1, -x / 6 + M(1) / 2)), "=", 1])
V("pw_hardshrink_half", C, r"f\left(\frac{1}{2}\right) = 0", True,
  "hardshrink: x when |x| > lambd (strict), 0 else: f(1/2) = 0", activation="hardshrink",
  chain=[K(lambda: M(0)), "=", 0])
V("pw_hardshrink_half_wrong", C, r"f\left(\frac{1}{2}\right) = \frac{1}{2}", False,
  "hardshrink(1/2) = 0 (the condition is strict)", activation="hardshrink",
  chain=[K(lambda: M(0)), "=", K(lambda: M(1) / 2)])

# =================================================================== more prove: catalogue by name
C = "catalogue"
P("cat_hardshrink", C, None, "x when |x| > 1/2 (strict), else 0: jumps at +-1/2, flat between",
  name="hardshrink", f=lambda x: x if abs(x) > M(1) / 2 else M(0),
  range="Union(Interval.open(-oo, -1/2), {0}, Interval.open(1/2, oo))", value_at_0="0",
  monotonic="non-decreasing", continuity="discontinuous", differentiable="{-1/2, 1/2}",
  symmetry="odd", limit_oo="oo", limit_moo="-oo", lipschitz="oo", max=("oo", False),
  min=("-oo", False))
P("cat_softshrink", C, None, "x -+ 1/2 outside [-1/2, 1/2], 0 inside: continuous, flat middle",
  name="softshrink", f=lambda x: x - M(1) / 2 if x > M(1) / 2 else (x + M(1) / 2 if x < -M(1) / 2 else M(0)),
  range="Interval(-oo, oo)", monotonic="non-decreasing", continuity="C^0",
  differentiable="{-1/2, 1/2}", symmetry="odd", lipschitz="1", sup_derivative=("1", True),
  inf_derivative=("0", True), value_at_0="0", limit_oo="oo", limit_moo="-oo")
P("cat_binary_step", C, None, "0 for x < 0, 1 from 0 on: f(0) = 1, so f(x) + f(-x) = 2 at 0: "
  "no point symmetry about (0, 1/2)", name="binary_step", f=lambda x: M(0) if x < 0 else M(1),
  range="{0, 1}", value_at_0="1", monotonic="non-decreasing", continuity="discontinuous",
  max=("1", True), min=("0", True), limit_oo="1", limit_moo="0", lipschitz="oo",
  differentiable="{0}", symmetry="none")
P("cat_relu6", C, None, "clamp to [0, 6]", name="relu6", f=lambda x: min(max(0, x), 6),
  range="Interval(0, 6)", max=("6", True), min=("0", True), monotonic="non-decreasing",
  continuity="C^0", differentiable="{0, 6}", lipschitz="1", limit_oo="6", limit_moo="0",
  value_at_0="0", sup_derivative=("1", True), inf_derivative=("0", True))
P("cat_hard_sigmoid", C, None, "clamp(x/6 + 1/2, 0, 1): point-symmetric about (0, 1/2)",
  name="hard_sigmoid", f=lambda x: max(0, min(1, x / 6 + M(1) / 2)), range="Interval(0, 1)",
  max=("1", True), min=("0", True), value_at_0="1/2", differentiable="{-3, 3}",
  lipschitz="1/6", sup_derivative=("1/6", True), inf_derivative=("0", True),
  continuity="C^0", monotonic="non-decreasing", limit_oo="1", limit_moo="0")
P("cat_hard_swish", C, None, "x(x+3)/6 on (-3, 3): min -3/8 at -3/2; slopes at 3: 3/2 (left), 1",
  name="hard_swish", f=lambda x: M(0) if x <= -3 else (x * (x + 3) / 6 if x < 3 else x),
  min=("-3/8", True), range="Interval(-3/8, oo)", continuity="C^0", differentiable="{-3, 3}",
  sup_derivative=("3/2", False), inf_derivative=("-1/2", False), lipschitz="3/2",
  value_at_0="0", monotonic="not monotonic", limit_moo="0", limit_oo="oo", max=("oo", False))
P("cat_sparse_plus", C, None, "0, (x+1)^2/4, x: C^1 (slopes match at +-1), f'' jumps",
  name="sparse_plus", f=lambda x: M(0) if x <= -1 else ((x + 1) ** 2 / 4 if x < 1 else x),
  range="Interval(0, oo)", min=("0", True), continuity="C^1", differentiable="everywhere",
  lipschitz="1", sup_derivative=("1", True), inf_derivative=("0", True), value_at_0="1/4",
  monotonic="non-decreasing", limit_moo="0")
P("cat_tanhshrink", C, None, "x - tanh x: f' = tanh^2 x >= 0, zero only at 0: increasing",
  name="tanhshrink", f=lambda x: x - mp.tanh(x), range="Interval(-oo, oo)",
  monotonic="increasing", symmetry="odd", sup_derivative=("1", False),
  inf_derivative=("0", True), lipschitz="1", continuity="C^inf", value_at_0="0",
  limit_oo="oo", limit_moo="-oo")
P("cat_log_sigmoid", C, None, "-ln(1+e^-x): range (-oo, 0), f' = sigma(-x) in (0, 1)",
  name="log_sigmoid", f=lambda x: -softplus(-x), range="Interval.open(-oo, 0)",
  max=("0", False), monotonic="increasing", sup_derivative=("1", False),
  inf_derivative=("0", False), lipschitz="1", value_at_0="-log(2)", limit_oo="0",
  limit_moo="-oo")
P("cat_squareplus", C, None, "(x + sqrt(x^2+4))/2: positive, f(0) = 1, f' in (0, 1)",
  name="squareplus", f=lambda x: (x + mp.sqrt(x * x + 4)) / 2, range="Interval.open(0, oo)",
  min=("0", False), value_at_0="1", monotonic="increasing", sup_derivative=("1", False),
  inf_derivative=("0", False), lipschitz="1", limit_moo="0", continuity="C^inf")
P("cat_swish_beta_2", C, None, "x sigma(2x) = silu(2x)/2: min = silu's min / 2",
  name="swish_beta", params=["beta=2"], f=lambda x: x * sig(2 * x),
  min=("-0.13923227138053689755467936951149007771973874430987288272658905276", True),
  limit_moo="0", value_at_0="0")
P("cat_arctan", C, None, "range (-pi/2, pi/2), f' = 1/(1+x^2) max 1 at 0",
  name="arctan", f=mp.atan, range="Interval.open(-pi/2, pi/2)", max=("pi/2", False),
  sup_derivative=("1", True), inf_derivative=("0", False), symmetry="odd",
  monotonic="increasing", lipschitz="1")
P("cat_gaussian", C, None, "e^-x^2: |f'| max at 1/sqrt 2: sqrt(2) e^-1/2",
  name="gaussian", f=lambda x: mp.exp(-x * x), range="Interval.Lopen(0, 1)", max=("1", True),
  min=("0", False), sup_derivative=("sqrt(2)*exp(-1/2)", True),
  inf_derivative=("-sqrt(2)*exp(-1/2)", True), symmetry="even", lipschitz="sqrt(2)*exp(-1/2)")
P("cat_gelu_tanh", C, None, "min of the tanh form with 0.044715 read exactly: mp.findroot "
  "(test_truth.py); with the binary double 0.0447149999999999999... it differs from the 18th digit",
  name="gelu_tanh", f=gelu_tanh,
  min=("-0.17004075057125405063906742798755568357709297500584673432358455044", True),
  value_at_0="0", limit_moo="0", limit_oo="oo")
P("cat_mish", C, None, "mish min by mp.findroot (test_truth.py)", name="mish", f=mish,
  min=("-0.30884341301725040662876022904195372845956412325417604377577998803", True),
  range="Interval(-0.30884341301725040662876022904195372845956412325417604377577998803, oo)",
  value_at_0="0", limit_moo="0")
P("cat_celu_half", C, None, "alpha 1/2: (e^{2x}-1)/2 for x <= 0: C^1, range (-1/2, oo)",
  name="celu", params=["alpha=1/2"], f=lambda x: x if x > 0 else (mp.exp(2 * x) - 1) / 2,
  range="Interval.open(-1/2, oo)", min=("-1/2", False), continuity="C^1",
  differentiable="everywhere", lipschitz="1", sup_derivative=("1", True),
  inf_derivative=("0", False), monotonic="increasing", limit_moo="-1/2")
P("cat_prelu", C, None, "a = 1/4: slopes 1/4 (x<0) and 1", name="prelu",
  f=lambda x: x if x > 0 else x / 4, range="Interval(-oo, oo)", monotonic="increasing",
  lipschitz="1", sup_derivative=("1", True), inf_derivative=("1/4", True), continuity="C^0",
  differentiable="{0}", symmetry="none", value_at_0="0")
P("cat_leaky_1e-30", C, None, "slope 1e-30: increasing, range R, inf f' = 1e-30 attained",
  name="leaky_relu", params=["negative_slope=1e-30"], f=lambda x: x if x > 0 else x / M(10) ** 30,
  range="Interval(-oo, oo)", monotonic="increasing", inf_derivative=("1/10**30", True),
  sup_derivative=("1", True), lipschitz="1", limit_moo="-oo", continuity="C^0",
  differentiable="{0}")
P("cat_softplus_beta_1e6", C, None, "beta 1e6: f(0) = ln 2 / 1e6, f'' max = beta/4 irrelevant; range (0, oo)",
  name="softplus", params=["beta=1000000"], f=lambda x: softplus(M(10) ** 6 * x) / M(10) ** 6,
  range="Interval.open(0, oo)", value_at_0="log(2)/1000000", min=("0", False),
  sup_derivative=("1", False), lipschitz="1", monotonic="increasing")

# =================================================================== truths of properties symact also proves
# (added after a first run listed them as "proved, no truth to check"; each is by hand:
# limits, f(0) and C^k by inspection of the formula, extrema of f' from f'' = 0, and symmetry
# ABOUT x = 0 ONLY -- symact's symmetry is even / odd / point-symmetric about (0, c): it says
# "none" for e^{-(x-1)^2}, which is symmetric about x = 1)
SMOOTH = dict(continuity="C^inf", differentiable="everywhere")
EXTRA = {
    "x_plus_fast_sin": dict(limit_oo="oo", limit_moo="-oo", value_at_0="0", max=("oo", False),
                            min=("-oo", False), **SMOOTH),
    "x_plus_fast_sin_over": dict(limit_oo="oo", limit_moo="-oo", value_at_0="0", range="Interval(-oo, oo)",
                                 max=("oo", False), min=("-oo", False), **SMOOTH),
    "quintic_tiny": dict(max=("oo", False), min=("-oo", False), sup_derivative=("oo", False),
                         inf_derivative=("-9/(2*10**41)", True), lipschitz="oo", **SMOOTH),
    "x2_over_1px2": dict(**SMOOTH),
    "x2_exp_negx": dict(sup_derivative=("2*(sqrt(2) - 1)*exp(sqrt(2) - 2)", True),
                        inf_derivative=("-oo", False), **SMOOTH),
    "tanh_1e20": dict(limit_oo="1", limit_moo="-1", value_at_0="0", **SMOOTH),
    "sigmoid_tilt": dict(**SMOOTH),
    "min_x2_1": dict(limit_moo="1", value_at_0="0", monotonic="not monotonic"),
    "pw_sin_cos_pi4": dict(limit_moo="no limit", symmetry="none"),
    "pw_sqrt2_sup_open": dict(symmetry="none", sup_derivative=("1", True), inf_derivative=("-1", True),
                              lipschitz="oo", differentiable="{sqrt(2)}"),
    "pw_sqrt2_sup_closed": dict(limit_oo="-oo", limit_moo="-oo", value_at_0="0", symmetry="none",
                                min=("-oo", False), sup_derivative=("1", True),
                                inf_derivative=("-1", True)),
    "pw_ln2_step_1e-30": dict(limit_oo="oo", limit_moo="oo", max=("oo", False),
                              sup_derivative=("oo", False), inf_derivative=("-oo", False),
                              differentiable="{log(2)}"),
    "e-1000_x": dict(limit_moo="-oo", max=("oo", False), min=("-oo", False), **SMOOTH),
    "tiny_tanh": dict(limit_moo="-1/10**400", min=("-1/10**400", False),
                      sup_derivative=("1/10**400", True), inf_derivative=("0", False),
                      value_at_0="0", **SMOOTH),
    "zero_identity": dict(differentiable="everywhere"),
    "zero_identity_tilt": dict(limit_moo="-oo", value_at_0="0", **SMOOTH),
    "x_absx": dict(limit_oo="oo", limit_moo="-oo", value_at_0="0", max=("oo", False), min=("-oo", False)),
    "abs_cubed": dict(limit_oo="oo", limit_moo="oo", value_at_0="0", max=("oo", False),
                      sup_derivative=("oo", False), inf_derivative=("-oo", False), lipschitz="oo"),
    "relu_squared": dict(limit_moo="0", limit_oo="oo", value_at_0="0", symmetry="none",
                         max=("oo", False), sup_derivative=("oo", False), lipschitz="oo"),
    "x_over_sqrt1px2": dict(value_at_0="0", min=("-1", False), **SMOOTH),
    "dsig_form": dict(sup_derivative=("sqrt(3)/18", True), inf_derivative=("-sqrt(3)/18", True),
                      lipschitz="sqrt(3)/18", **SMOOTH),
    "leaky_slope_1": dict(limit_oo="oo", limit_moo="-oo", value_at_0="0", max=("oo", False),
                          min=("-oo", False)),
    "leaky_slope_2": dict(limit_oo="oo", limit_moo="-oo", value_at_0="0", max=("oo", False),
                          min=("-oo", False)),
    "elu_alpha_2": dict(limit_moo="-2", limit_oo="oo", value_at_0="0", symmetry="none",
                        max=("oo", False), inf_derivative=("0", False)),
    "elu_alpha_half": dict(limit_moo="-1/2", limit_oo="oo", value_at_0="0", symmetry="none",
                           max=("oo", False), sup_derivative=("1", True), inf_derivative=("0", False)),
    "softplus_beta_100": dict(limit_moo="0", limit_oo="oo", symmetry="none", max=("oo", False),
                              differentiable="everywhere"),
    "softplus_beta_tiny": dict(limit_moo="0", limit_oo="oo", symmetry="none", max=("oo", False),
                               min=("0", False), sup_derivative=("1", False),
                               inf_derivative=("0", False), **SMOOTH),
    "hardtanh_asym": dict(limit_moo="-2", limit_oo="3", symmetry="none",
                          sup_derivative=("1", True), inf_derivative=("0", True)),
    "selu_default": dict(limit_moo=f"-{SELU_L}*{SELU_A}", limit_oo="oo", symmetry="none",
                         max=("oo", False), inf_derivative=("0", False),
                         sup_derivative=(f"{SELU_L}*{SELU_A}", False)),
    "celu_alpha_3": dict(limit_moo="-3", limit_oo="oo", value_at_0="0", symmetry="none",
                         max=("oo", False), min=("-3", False), inf_derivative=("0", False)),
    "x_plus_1e-9_sin": dict(),
    "cat_hardshrink": dict(sup_derivative=("1", True), inf_derivative=("0", True)),
    "cat_softshrink": dict(max=("oo", False), min=("-oo", False)),
    "cat_binary_step": dict(sup_derivative=("0", True), inf_derivative=("0", True)),
    "cat_relu6": dict(symmetry="none"),
    "cat_hard_sigmoid": dict(symmetry=("point", "0", "1/2")),
    "cat_hard_swish": dict(symmetry="none"),
    "cat_sparse_plus": dict(limit_oo="oo", symmetry="none", max=("oo", False)),
    "cat_tanhshrink": dict(max=("oo", False), min=("-oo", False), differentiable="everywhere"),
    "cat_log_sigmoid": dict(symmetry="none", min=("-oo", False), **SMOOTH),
    "cat_squareplus": dict(limit_oo="oo", symmetry="none", max=("oo", False), **SMOOTH),
    "cat_swish_beta_2": dict(range="Interval(-0.139232271380536897554679369511490077719738744309872882726589052768, oo)",
                             limit_oo="oo", symmetry="none", monotonic="not monotonic",
                             max=("oo", False)),
    "cat_arctan": dict(limit_moo="-pi/2", limit_oo="pi/2", value_at_0="0", min=("-pi/2", False), **SMOOTH),
    "cat_gaussian": dict(limit_moo="0", limit_oo="0", value_at_0="1", monotonic="not monotonic", **SMOOTH),
    "cat_gelu_tanh": dict(range="Interval(-0.17004075057125405063906742798755568357709297500584673432358455044, oo)",
                          symmetry="none", monotonic="not monotonic", max=("oo", False)),
    "cat_mish": dict(limit_oo="oo", symmetry="none", monotonic="not monotonic", max=("oo", False)),
    "cat_celu_half": dict(limit_oo="oo", value_at_0="0", symmetry="none", max=("oo", False)),
    "cat_prelu": dict(limit_moo="-oo", limit_oo="oo", max=("oo", False), min=("-oo", False)),
    "cat_leaky_1e-30": dict(limit_oo="oo", value_at_0="0", symmetry="none", max=("oo", False),
                            min=("-oo", False)),
    "cat_softplus_beta_1e6": dict(limit_moo="0", limit_oo="oo", symmetry="none", max=("oo", False),
                                  inf_derivative=("0", False), **SMOOTH),
}
for _c in CASES:
    if _c["kind"] == "prove":
        for _k, _v in EXTRA.get(_c["id"], {}).items():
            _k = "limit_-oo" if _k == "limit_moo" else _k
            _c["truth"].setdefault(_k, _v)

# =================================================================== floating-point traps (added)
C = "float-traps"
V("sigma40_eq_1", C, r"\sigma(40) = 1", False, "1 - sigma(40) = sigma(-40) ~ 4.2e-18 (a double rounds sigma(40) to 1.0)",
  chain=[K(lambda: sig(M(40))), "=", 1])
V("tanh20_eq_1", C, r"\tanh(20) = 1", False, "1 - tanh 20 = 2/(e^40+1) ~ 8.5e-18 (1.0 as a double)",
  chain=[K(lambda: mp.tanh(20)), "=", 1])
V("softplus40_eq_40", C, r"\ln(1+e^{40}) = 40", False, "= 40 + ln(1+e^-40) (40.0 as a double)",
  chain=[K(lambda: softplus(M(40))), "=", 40])
V("log1p_1e-20_gt0", C, r"\ln(1 + 10^{-20}) > 0", True, "ln of a number > 1 (log(1+1e-20) = 0 in doubles)",
  chain=[K(lambda: mp.log1p(M(10) ** -20)), ">", 0])
V("one_plus_2m53", C, r"(1 + 2^{-53}) - 1 = 0", False, "exact: 2^-53 (0 in doubles)",
  chain=[K(lambda: M(2) ** -53), "=", 0])
V("one_plus_1e-17", C, r"(1 + 10^{-17}) - 1 = 10^{-17}", True, "exact arithmetic",
  chain=[K(lambda: M(10) ** -17), "=", K(lambda: M(10) ** -17)])
V("float_sum_repr", C, r"0.1 + 0.2 = 0.30000000000000004", False,
  "exact decimals: 0.3; the printed double sum is neither its rounding nor its truncation",
  chain=[K(lambda: M(3) / 10), "=", K(lambda: M("0.30000000000000004"))], decimal="neither")
V("pow2_m1075", C, r"2^{-1075} = 0", False, "a positive number (underflows to 0 in doubles)",
  chain=[K(lambda: M(2) ** -1075), "=", 0])
V("pow2_1024", C, r"2^{1024} > 10^{308}", True, "2^1024 = 1.8e308 (overflows in doubles)",
  chain=[K(lambda: M(2) ** 1024), ">", K(lambda: M(10) ** 308)])
V("e_m746_gt0", C, r"e^{-746} > 0", True, "exp > 0 (0.0 in doubles)", chain=[K(lambda: mp.exp(-746)), ">", 0])
V("sin_1e22_lt0", C, r"\sin(10^{22}) < 0", True, "sin(1e22) = -0.85220084976718880177... (mpmath, 50 digits)",
  chain=[K(lambda: mp.sin(M(10) ** 22)), "<", 0])
V("sin_1e22_gt0", C, r"\sin(10^{22}) > 0", False, "sin(1e22) = -0.852",
  chain=[K(lambda: mp.sin(M(10) ** 22)), ">", 0])
V("sin_1e22_dec", C, r"\sin(10^{22}) = -0.8522008497671888", False,
  "sin(1e22) = -0.852200849767188801772...: the decimal is its truncation and rounding",
  chain=[K(lambda: mp.sin(M(10) ** 22)), "=", K(lambda: M("-0.8522008497671888"))], decimal="truncation")
V("cos_1e100_gt0", C, r"\cos(10^{100}) > 0", False,
  "cos(10^100) = -0.92808190507465534346 (mpmath at 100, 300 and 360 digits, where 10^100 is "
  "exact; at 50 digits 10^100 is rounded and mpmath gives +0.6924: a precision trap)",
  chain=[K(lambda: mp.cos(M(10) ** 100)), ">", 0], dps=300)
V("sin_float_pi", C, r"\sin(3.141592653589793) = 0", False,
  "3.141592653589793 < pi by 2.4e-16: sin of it is 1.2e-16",
  chain=[K(lambda: mp.sin(M("3.141592653589793"))), "=", 0])
V("sin_pi", C, r"\sin(\pi) = 0", True, "exact", chain=[K(lambda: mp.sin(mp.pi)), "=", 0])
V("sin_pi6", C, r"\sin\left(\frac{\pi}{6}\right) = 0.5", True, "exact 1/2",
  chain=[K(lambda: mp.sin(mp.pi / 6)), "=", K(lambda: M("0.5"))])
V("sqrt2_tower", C, r"\sqrt{2}^{\sqrt{2}^{\sqrt{2}}} = 2", False,
  "right-associative: sqrt2^(sqrt2^sqrt2) = 1.7608; ((sqrt2)^sqrt2)^sqrt2 would be 2",
  chain=[K(lambda: mp.sqrt(2) ** (mp.sqrt(2) ** mp.sqrt(2))), "=", 2])
V("sqrt2_tower_paren", C, r"\left(\sqrt{2}^{\sqrt{2}}\right)^{\sqrt{2}} = 2", True, "(a^b)^b = a^(b^2) = sqrt2^2",
  chain=[K(lambda: (mp.sqrt(2) ** mp.sqrt(2)) ** mp.sqrt(2)), "=", 2])
V("log2_3_ratio", C, r"\log_{2}(3) = \frac{\ln 3}{\ln 2}", True, "change of base",
  chain=[K(lambda: mp.log(3, 2)), "=", K(lambda: mp.log(3) / mp.log(2))])
V("log2_3_dec", C, r"\log_{2}(3) = 1.5849625007211562", False,
  "log2 3 = 1.58496250072115618145...: the decimal is its rounding", decimal="rounding",
  chain=[K(lambda: mp.log(3, 2)), "=", K(lambda: M("1.5849625007211562"))])
V("sigma_m1000_chain", C, r"10^{-435} < \sigma(-1000) < 10^{-434}", True, "sigma(-1000) = 5.076e-435",
  chain=[K(lambda: M(10) ** -435), "<", K(lambda: sig(M(-1000))), "<", K(lambda: M(10) ** -434)], dps=1000)
V("sigma_m1000_chain_false", C, r"5.1 \times 10^{-435} < \sigma(-1000)", False, "sigma(-1000) = 5.076e-435",
  chain=[K(lambda: M("5.1e-435")), "<", K(lambda: sig(M(-1000)))], dps=1000)
V("x2_gt_0", C, r"x^{2} > 0", False, "0 at x = 0", chain=[lambda x: x * x, ">", 0], witness="0")
V("x2_plus_tiny_gt_0", C, r"x^{2} + 10^{-400} > 0", True, "sum of a square and a positive number",
  chain=[lambda x: x * x + K(lambda: M(10) ** -400).fn(), ">", 0], dps=1000)
V("x2_minus_tiny_ge_0", C, r"x^{2} - 10^{-400} \ge 0", False, "-1e-400 at x = 0",
  chain=[lambda x: x * x - M(10) ** -400, ">=", 0], witness="0", dps=1000)
V("cos_le_1_minus", C, r"\cos(x) \le 1 - 10^{-40}", False, "cos 0 = 1",
  chain=[mp.cos, "<=", K(lambda: 1 - M(10) ** -40)], witness="0")
V("pw_gap_pi_355", C, r"\begin{cases} x & x < \pi \\ x & x > \frac{355}{113} \\ 0 & \text{otherwise} \end{cases} = x",
  False, "355/113 - pi = 2.7e-7 > 0: on [pi, 355/113] the value is 0",
  chain=[lambda x: x if x < mp.pi else (x if x > M(355) / 113 else 0), "=", X], witness="pi")
V("pw_gap_sqrt2_40", C, r"\begin{cases} x & x < \sqrt{2} \\ x & x > 1.41421356237309504880168872420969807857 \\ 7 & \text{otherwise} \end{cases} = x",
  False, "the decimal is 3.3e-40 above sqrt 2: on that gap the value is 7",
  chain=[lambda x: x if x < mp.sqrt(2) else (x if x > M("1.41421356237309504880168872420969807857") else 7), "=", X],
  witness="sqrt(2)")
HOW_DOM = ("over the real line the left side is undefined at {pt} ({why}); symact uses exactly "
           "this total, real-valued reading when it refutes (x^2-1)/(x-1) = x+1 'at x = 1: "
           "undefined' and when it answers '\\sqrt{{x}} >= 0: not a real function of x', so by its "
           "own semantics the claim is false")
V("sqrt_x_sq", C, r"\left(\sqrt{x}\right)^{2} = x", False,
  HOW_DOM.format(pt="every x < 0", why="sqrt x is not real"), chain=None)
V("sqrt_x_times", C, r"\sqrt{x}\sqrt{x} = x", False,
  HOW_DOM.format(pt="every x < 0", why="sqrt x is not real"), chain=None)
V("sqrt_xm1_times", C, r"\sqrt{x-1}\sqrt{x-1} = x - 1", False,
  HOW_DOM.format(pt="every x < 1", why="sqrt(x-1) is not real"), chain=None)
V("x_over_x", C, r"\frac{x}{x} = 1", False, HOW_DOM.format(pt="x = 0", why="0/0"), chain=None)
V("zero_over_x", C, r"\frac{0}{x} = 0", False, HOW_DOM.format(pt="x = 0", why="0/0"), chain=None)
V("sqrt_sq_ge0", C, r"\left(\sqrt{x}\right)^{2} \ge 0", False,
  "undefined for x < 0 (false in the total real reading; symact refutes it at x = -1, printing the "
  "complex-arithmetic value (i)^2 = -1.0 as the left side)", chain=None)
V("sqrt_sq_abs", C, r"\left(\sqrt{x}\right)^{2} = |x|", False,
  "undefined for x < 0 (symact refutes it at x = -1 with left side -1.0, a complex value)", chain=None)
V("x2_over_x", C, r"\frac{x^{2}}{x} = x", False,
  HOW_DOM.format(pt="x = 0", why="0/0; the same shape as (x^2-1)/(x-1) = x+1, which symact refutes"),
  chain=None)
V("sin_over_sin", C, r"\frac{\sin(x)}{\sin(x)} = 1", False,
  HOW_DOM.format(pt="every x = k pi", why="0/0"), chain=None)
V("x_over_absx_le1", C, r"\frac{x}{|x|} \le 1", False,
  HOW_DOM.format(pt="x = 0", why="0/0 (on x != 0 the claim holds)"), chain=None)
V("removable_refuted", C, r"\frac{x^{2}-1}{x-1} = x+1", False,
  "undefined at x = 1 (0/0): the reading symact uses", chain=None)

# =================================================================== prove: hidden smoothness (Abs/Max that cancel)
C = "hidden-smooth"
P("max_minus_max", C, r"\max(0,x) - \max(0,-x)", "= x: C^inf, no kink at 0",
  f=X, continuity="C^inf", differentiable="everywhere", range="Interval(-oo, oo)",
  monotonic="increasing", lipschitz="1", symmetry="odd", sup_derivative=("1", True),
  inf_derivative=("1", True), value_at_0="0", limit_oo="oo", limit_moo="-oo")
P("abs_squared", C, r"|x|^{2}", "= x^2: C^inf (the Abs is harmless)", f=lambda x: x * x,
  continuity="C^inf", differentiable="everywhere", range="Interval(0, oo)", min=("0", True),
  symmetry="even", value_at_0="0", monotonic="not monotonic")
P("sqrt_x4", C, r"\sqrt{x^{4}}", "= x^2: C^inf", f=lambda x: x * x, continuity="C^inf",
  differentiable="everywhere", range="Interval(0, oo)", min=("0", True), symmetry="even",
  refusal_ok=True)
P("abs_x2p1", C, r"|x^{2}+1|", "= x^2 + 1: C^inf, min 1 at 0", f=lambda x: x * x + 1,
  continuity="C^inf", differentiable="everywhere", range="Interval(1, oo)", min=("1", True),
  value_at_0="1", symmetry="even")
P("max_sin_2", C, r"\max(\sin x, 2)", "sin x <= 1 < 2: the constant 2", f=lambda x: M(2),
  range="{2}", max=("2", True), min=("2", True), lipschitz="0", continuity="C^inf",
  differentiable="everywhere", value_at_0="2", limit_oo="2", limit_moo="2", monotonic="constant",
  symmetry="even", refusal_ok=True)
P("relu_identity_zero", C, r"\frac{x + |x|}{2} - \max(0, x)", "identically 0", f=lambda x: M(0),
  range="{0}", max=("0", True), min=("0", True), lipschitz="0", continuity="C^inf",
  differentiable="everywhere", value_at_0="0", monotonic="constant", symmetry="zero")
P("sig_sum_const", C, r"\frac{1}{1+e^{-x}} + \frac{1}{1+e^{x}}", "identically 1", f=lambda x: M(1),
  range="{1}", max=("1", True), min=("1", True), lipschitz="0", value_at_0="1",
  limit_oo="1", limit_moo="1", monotonic="constant", symmetry="even", continuity="C^inf")
P("pyth_const", C, r"\sin^{2}(x) + \cos^{2}(x)", "identically 1", f=lambda x: M(1), range="{1}",
  max=("1", True), min=("1", True), lipschitz="0", value_at_0="1", limit_oo="1",
  monotonic="constant", symmetry="even", continuity="C^inf")
P("relu_sq_diff", C, r"\max(0,x)^{2} - \max(0,-x)^{2}", "= x|x|: C^1, increasing, odd",
  f=lambda x: x * abs(x), continuity="C^1", differentiable="everywhere", monotonic="increasing",
  symmetry="odd", range="Interval(-oo, oo)", inf_derivative=("0", True))
P("max_x_2x", C, r"\max(x, 2x)", "x for x < 0, 2x for x > 0: kink at 0", f=lambda x: max(x, 2 * x),
  continuity="C^0", differentiable="{0}", monotonic="increasing", lipschitz="2",
  sup_derivative=("2", True), inf_derivative=("1", True), range="Interval(-oo, oo)",
  symmetry="none", value_at_0="0")
P("max_x_x3", C, r"\max(x, x^{3})", "x^3 on [-1, 0] and [1, oo), x elsewhere: kinks at -1, 0, 1; "
  "f' = 3x^2 > 0 on (-1, 0), 1 on (-oo,-1) and (0,1), 3x^2 > 3 beyond: inf f' = 0 not attained",
  f=lambda x: max(x, x ** 3), continuity="C^0", differentiable="{-1, 0, 1}",
  monotonic="increasing", range="Interval(-oo, oo)", value_at_0="0", symmetry="none",
  lipschitz="oo", inf_derivative=("0", False))
P("x2_minus_tiny", C, r"x^{2} - 10^{-400}", "min -1e-400 at 0", f=lambda x: x * x - M(10) ** -400,
  min=("-1/10**400", True), range="Interval(-1/10**400, oo)", value_at_0="-1/10**400",
  symmetry="even", continuity="C^inf")

# =================================================================== prove: functions undefined at a point (added)
C = "hidden-smooth"
HOW_UNDEF = ("{e} is 0/0 at x = 0: f(0) does not exist (and {why}); symact refuses 1/x ('not "
             "defined at x = 0 ... symact analyses functions defined on the whole real line'), so "
             "any proved value of f(0) is false")
P("x_over_absx", C, r"\frac{x}{|x|}",
  HOW_UNDEF.format(e="x/|x|", why="no continuous extension exists: the one-sided limits are -1 and 1; "
                                  "sign(0) = 0, not 1"),
  f=lambda x: x / abs(x), value_at_0="undefined", continuity="discontinuous", refusal_ok=True,
  limit_oo="1", limit_moo="-1", max=("1", True), min=("-1", True))
P("absx_over_x", C, r"\frac{|x|}{x}",
  HOW_UNDEF.format(e="|x|/x", why="no continuous extension exists"),
  f=lambda x: abs(x) / x, value_at_0="undefined", continuity="discontinuous", refusal_ok=True,
  limit_oo="1", limit_moo="-1")
P("x_over_x_prove", C, r"\frac{x}{x}",
  HOW_UNDEF.format(e="x/x", why="the continuous extension is 1: a removable singularity"),
  f=lambda x: M(1), value_at_0="undefined", refusal_ok=True, limit_oo="1", limit_moo="1")
C = "piecewise-prove"
P("pw_eq_sqrt2", C, r"\begin{cases} 1 & x = \sqrt{2} \\ 0 & \text{otherwise} \end{cases}",
  "1 only at the single point sqrt 2", f=lambda x: M(1) if x == mp.sqrt(2) else M(0),
  range="{0, 1}", max=("1", True), min=("0", True), continuity="discontinuous",
  differentiable="{sqrt(2)}", lipschitz="oo", value_at_0="0", limit_oo="0", limit_moo="0",
  sup_derivative=("0", True), inf_derivative=("0", True), monotonic="not monotonic")
P("pw_ne_ln2", C, r"\begin{cases} x & x \ne \ln 2 \\ 5 & \text{otherwise} \end{cases}",
  "x except f(ln 2) = 5: the range is R minus {ln 2} (5 is hit anyway); a jump at ln 2",
  f=lambda x: x if x != mp.log(2) else M(5),
  range="Union(Interval.open(-oo, log(2)), Interval.open(log(2), oo))", limit_oo="oo",
  limit_moo="-oo", value_at_0="0", max=("oo", False), min=("-oo", False),
  sup_derivative=("1", True), inf_derivative=("1", True), lipschitz="oo",
  continuity="discontinuous", differentiable="{log(2)}", monotonic="not monotonic")
