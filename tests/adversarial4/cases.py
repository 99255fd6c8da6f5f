"""The fourth blind corpus: cases (argv, category, kind, truth, how) -- no symact import.

Kinds and their truths (see judge.py for how each is compared, test_truth.py for how each is
re-established):
  prove     truth(params) -> {property: expected}; `samples` are the admissible parameter values
            a `--symbolic` proof must hold for (numeric cases: one sample, the given values)
  relations the six relations `prove --relations` prints, each my own mpmath identity
  verify    claim -> True/False; `pred(x)` my mpmath predicate; `witness` for false claims
  gradient  my sup/inf of f' (and attainment), E f'(Z); the judge derives bound, product range,
            depth to epsilon, critical weight from them
  derive    my mpmath f; every derivative and form symact prints is compared with mp.diff
  audit     a table in tables/; cells (row, column) -> True (correct) / False (wrong)
"""
from __future__ import annotations

import mpmath as mp

from tests.adversarial4.mpdefs import F, SELU_ALPHA, SELU_LAMBDA, kinks, make, mpf, sig

mp.mp.dps = 70
INF = mp.inf

# ---- constants (re-established in test_truth.py by findroot) -------------------------------
# silu: min t*sigma(t) = -W(1/e) at t = -1 - W(1/e); sup silu' at t1 with silu''(t1) = 0
SILU_MIN = -mp.lambertw(mp.exp(-1)).real
SILU_ARGMIN = -1 - mp.lambertw(mp.exp(-1)).real


def _silu_d(t):
    s = sig(t)
    return s + t * s * (1 - s)


def _silu_dd(t):
    s = sig(t)
    return s * (1 - s) * (2 + t * (1 - 2 * s))


SILU_T1 = mp.findroot(_silu_dd, mp.mpf("2.4"))
SILU_DMAX = _silu_d(SILU_T1)            # 1.0998...
GELU_DMAX = mp.mpf(1) / 2 + mp.erf(1) / 2 + mp.exp(-1) / mp.sqrt(mp.pi)   # at sqrt 2
GAUSS_DMAX = mp.sqrt(2 / mp.e)


def _mish_d(x):
    return mp.diff(make("mish"), x)


MISH_T1 = mp.findroot(lambda x: mp.diff(make("mish"), x, 2), mp.mpf("1.2"))
MISH_T0 = mp.findroot(lambda x: mp.diff(make("mish"), x, 2), mp.mpf("-2.2"))
MISH_DMAX = _mish_d(MISH_T1)
MISH_DMIN = _mish_d(MISH_T0)

CASES: list[dict] = []


def add(**c):
    CASES.append(c)


def pargs(params: dict) -> list[str]:
    out = []
    for k, v in params.items():
        out += ["--param", f"{k}={v}"]
    return out


R = lambda lo, hi, lc, rc: [(mpf(lo), mpf(hi), lc, rc)]  # noqa: E731


# ---- prove: family truths as functions of exact parameter values ---------------------------
def t_leaky(p, key):
    s = p[key]
    one = s == 1
    return {
        "range": R(-INF, INF, False, False), "limit_-oo": -INF, "limit_oo": INF, "value_at_0": 0,
        "monotonic": "increasing", "max": INF, "min": -INF,
        "sup_derivative": max(s, 1), "inf_derivative": min(s, 1), "lipschitz": max(s, 1),
        "sup_derivative_attained": True, "inf_derivative_attained": True,
        "continuity": "inf" if one else 0, "differentiable": [] if one else [0],
        "convexity": "affine" if one else ("convex" if s < 1 else "concave"),
        "symmetry": "odd" if one else "none",
    }


def t_elu(p):
    a = p["alpha"]
    return {
        "range": R(-a, INF, False, False), "limit_-oo": -a, "limit_oo": INF, "value_at_0": 0,
        "monotonic": "increasing", "max": INF, "min": -a, "min_attained": False,
        "sup_derivative": max(a, 1), "sup_derivative_attained": a <= 1,
        "inf_derivative": 0, "inf_derivative_attained": False, "lipschitz": max(a, 1),
        "continuity": 1 if a == 1 else 0, "differentiable": [] if a == 1 else [0],
        "convexity": "convex" if a <= 1 else "neither", "symmetry": "none",
    }


def t_celu(p):
    a = p["alpha"]
    return {
        "range": R(-a, INF, False, False), "limit_-oo": -a, "limit_oo": INF, "value_at_0": 0,
        "monotonic": "increasing", "max": INF, "min": -a, "min_attained": False,
        "sup_derivative": 1, "sup_derivative_attained": True, "inf_derivative": 0,
        "inf_derivative_attained": False, "lipschitz": 1, "continuity": 1, "differentiable": [],
        "convexity": "convex", "symmetry": "none",
    }


def t_selu(p):
    a, lam = p.get("alpha", SELU_ALPHA), p.get("lambda", SELU_LAMBDA)
    return {
        "range": R(-a * lam, INF, False, False), "limit_-oo": -a * lam, "limit_oo": INF,
        "value_at_0": 0, "monotonic": "increasing", "max": INF, "min": -a * lam,
        "sup_derivative": max(a * lam, lam), "sup_derivative_attained": a <= 1,
        "inf_derivative": 0, "inf_derivative_attained": False, "lipschitz": max(a * lam, lam),
        "continuity": 1 if a == 1 else 0, "differentiable": [] if a == 1 else [0],
        "convexity": "convex" if a <= 1 else "neither", "symmetry": "none",
    }


def t_softplus(p):
    b = p["beta"]
    return {
        "range": R(0, INF, False, False), "limit_-oo": 0, "limit_oo": INF,
        "value_at_0": mp.log(2) / mpf(b), "monotonic": "increasing", "max": INF, "min": 0,
        "min_attained": False, "sup_derivative": 1, "sup_derivative_attained": False,
        "inf_derivative": 0, "inf_derivative_attained": False, "lipschitz": 1,
        "continuity": "inf", "differentiable": [], "convexity": "convex", "symmetry": "none",
    }


def t_swish(p):
    b = mpf(p["beta"])
    return {
        "range": R(SILU_MIN / b, INF, True, False), "limit_-oo": 0, "limit_oo": INF,
        "value_at_0": 0, "monotonic": "no", "max": INF, "min": SILU_MIN / b, "min_attained": True,
        "sup_derivative": SILU_DMAX, "sup_derivative_attained": True,
        "inf_derivative": 1 - SILU_DMAX, "inf_derivative_attained": True, "lipschitz": SILU_DMAX,
        "continuity": "inf", "differentiable": [], "convexity": "neither", "symmetry": "none",
    }


def t_squareplus(p):
    b = mpf(p["b"])
    return {
        "range": R(0, INF, False, False), "limit_-oo": 0, "limit_oo": INF,
        "value_at_0": mp.sqrt(b) / 2, "monotonic": "increasing", "max": INF, "min": 0,
        "min_attained": False, "sup_derivative": 1, "sup_derivative_attained": False,
        "inf_derivative": 0, "inf_derivative_attained": False, "lipschitz": 1,
        "continuity": "inf", "differentiable": [], "convexity": "convex", "symmetry": "none",
    }


def t_hardtanh(p):
    lo, hi = p.get("min_val", F(-1)), p.get("max_val", F(1))
    return {
        "range": R(lo, hi, True, True), "limit_-oo": lo, "limit_oo": hi, "value_at_0": 0,
        "monotonic": "non-decreasing", "max": hi, "max_attained": True, "min": lo,
        "min_attained": True, "sup_derivative": 1, "sup_derivative_attained": True,
        "inf_derivative": 0, "inf_derivative_attained": True, "lipschitz": 1, "continuity": 0,
        "differentiable": [lo, hi], "convexity": "neither",
        "symmetry": "odd" if lo == -hi else "none",
    }


def t_softshrink(p):
    lam = p["lambd"]
    return {
        "range": R(-INF, INF, False, False), "limit_-oo": -INF, "limit_oo": INF, "value_at_0": 0,
        "monotonic": "non-decreasing", "max": INF, "min": -INF, "sup_derivative": 1,
        "sup_derivative_attained": True, "inf_derivative": 0, "inf_derivative_attained": True,
        "lipschitz": 1, "continuity": 0, "differentiable": [-lam, lam], "convexity": "neither",
        "symmetry": "odd",
    }


def t_hardshrink(p):
    lam = mpf(p["lambd"])
    return {
        "range": [(-INF, -lam, False, False), (mp.mpf(0), mp.mpf(0), True, True), (lam, INF, False, False)],
        "limit_-oo": -INF, "limit_oo": INF, "value_at_0": 0, "monotonic": "non-decreasing",
        "max": INF, "min": -INF, "sup_derivative": 1, "inf_derivative": 0, "lipschitz": INF,
        "continuity": -1, "differentiable": [-lam, lam], "convexity": "neither", "symmetry": "odd",
    }


FAMILY = {
    "leaky_relu": lambda p: t_leaky(p, "negative_slope"), "prelu": lambda p: t_leaky(p, "a"),
    "elu": t_elu, "celu": t_celu, "selu": t_selu, "softplus": t_softplus, "swish_beta": t_swish,
    "squareplus": t_squareplus, "hard_tanh": t_hardtanh, "softshrink": t_softshrink,
    "hardshrink": t_hardshrink,
}
DEFAULTS = {
    "leaky_relu": {"negative_slope": F("0.01")}, "prelu": {"a": F("0.25")}, "elu": {"alpha": F(1)},
    "celu": {"alpha": F(1)}, "selu": {"alpha": SELU_ALPHA, "lambda": SELU_LAMBDA},
    "softplus": {"beta": F(1)}, "swish_beta": {"beta": F(1)}, "squareplus": {"b": F(4)},
    "hard_tanh": {"min_val": F(-1), "max_val": F(1)}, "softshrink": {"lambd": F("0.5")},
    "hardshrink": {"lambd": F("0.5")},
}


def prove_case(cid, act, params=None, symbolic=None, cat="param-edge", how=""):
    """params: {name: text} numeric overrides; symbolic: names kept symbolic ('all' = --symbolic)."""
    params = params or {}
    argv = ["prove", act] + pargs(params)
    base = dict(DEFAULTS[act])
    base.update({k: F(v) for k, v in params.items()})
    if symbolic:
        names = list(DEFAULTS[act]) if symbolic == "all" else symbolic
        argv += ["--symbolic"] if symbolic == "all" else sum((["--param", f"{n}=symbolic"] for n in names), [])
        samples = []
        for vals in SYMBOLIC_SAMPLES[act]:
            s = dict(base)
            s.update({n: v for n, v in vals.items() if n in names})
            samples.append(s)
    else:
        samples = [base]
    add(id=cid, category=cat, kind="prove", act=act, argv=argv + ["--json"], samples=samples,
        symbolic=bool(symbolic), how=how or "family truth (cases.FAMILY) from the definition")


POS = [F("1e-6"), F("0.5"), F(1), F("1.5"), F(2), F(1000)]
SYMBOLIC_SAMPLES = {
    "leaky_relu": [{"negative_slope": v} for v in POS],
    "prelu": [{"a": v} for v in POS],
    "elu": [{"alpha": v} for v in POS],
    "celu": [{"alpha": v} for v in POS],
    "selu": [{"alpha": a, "lambda": lam} for a in (F("0.5"), F(1), F(2)) for lam in (F("0.001"), F(1), F(3))],
    "softplus": [{"beta": v} for v in POS],
    "swish_beta": [{"beta": v} for v in POS],
    "squareplus": [{"b": v} for v in POS],
    "hard_tanh": [{"min_val": lo, "max_val": hi} for lo in (F(-3), F(-1), F("-1e-6")) for hi in (F("1e-6"), F(1), F(3))],
    "softshrink": [{"lambd": v} for v in POS],
    "hardshrink": [{"lambd": v} for v in POS],
}

ONE_P = "1.000000000000000000000000000001"   # 1 + 1e-30
ONE_M = "0.999999999999999999999999999999"   # 1 - 1e-30

# symbolic parameters
for act in ["leaky_relu", "prelu", "elu", "celu", "selu", "softplus", "swish_beta", "squareplus",
            "hard_tanh", "softshrink", "hardshrink"]:
    prove_case(f"sym_{act}", act, symbolic="all", cat="symbolic",
               how="every proved claim substituted at admissible sample values (incl. the boundary 1) vs the family truth")
prove_case("sym_selu_lambda_only", "selu", symbolic=["lambda"], cat="symbolic")
prove_case("sym_selu_alpha_only", "selu", symbolic=["alpha"], cat="symbolic")
prove_case("sym_hardtanh_min_only", "hard_tanh", symbolic=["min_val"], cat="symbolic")
prove_case("sym_hardtanh_max_only", "hard_tanh", symbolic=["max_val"], cat="symbolic")
prove_case("sym_elu_with_other_param", "elu", symbolic=["alpha"], cat="symbolic")

# numeric parameters at extremes and a hair from the boundary where a property flips
for key, act in (("negative_slope", "leaky_relu"), ("a", "prelu")):
    for tag, v in (("one", "1"), ("one_plus", ONE_P), ("one_minus", ONE_M), ("tiny", "1e-300"),
                   ("huge", "1e300"), ("third", "1/3")):
        if act == "prelu" and tag in ("third", "huge"):
            continue
        prove_case(f"{act}_{tag}", act, {key: v})
for tag, v in (("one", "1"), ("one_plus", ONE_P), ("one_minus", ONE_M), ("tiny", "1e-300"), ("huge", "1e300"), ("two", "2")):
    prove_case(f"elu_{tag}", "elu", {"alpha": v})
for tag, v in (("tiny", "1e-300"), ("huge", "1e300"), ("one_plus", ONE_P)):
    prove_case(f"celu_{tag}", "celu", {"alpha": v})
prove_case("selu_alpha_one", "selu", {"alpha": "1"})
prove_case("selu_alpha_one_plus", "selu", {"alpha": ONE_P})
prove_case("selu_alpha_one_minus", "selu", {"alpha": ONE_M})
prove_case("selu_lambda_tiny", "selu", {"lambda": "1e-300"})
prove_case("selu_half_two", "selu", {"alpha": "0.5", "lambda": "2"})
for tag, v in (("huge", "1e300"), ("tiny", "1e-300"), ("small", "1e-30"), ("three", "3")):
    prove_case(f"softplus_{tag}", "softplus", {"beta": v})
for tag, v in (("tiny", "1e-300"), ("small", "1e-30"), ("two", "2")):
    prove_case(f"swish_{tag}", "swish_beta", {"beta": v})
for tag, v in (("tiny", "1e-300"), ("huge", "1e300")):
    prove_case(f"squareplus_{tag}", "squareplus", {"b": v})
prove_case("hardtanh_tiny", "hard_tanh", {"min_val": "-1e-300", "max_val": "1e-300"})
prove_case("hardtanh_huge", "hard_tanh", {"min_val": "-1e300", "max_val": "1e300"})
prove_case("hardtanh_asym_hair", "hard_tanh", {"min_val": "-1", "max_val": ONE_P},
           how="symmetry broken by 1e-30: not odd")
prove_case("hardtanh_asym", "hard_tanh", {"min_val": "-2", "max_val": "1"})
for act in ("softshrink", "hardshrink"):
    for tag, v in (("tiny", "1e-300"), ("huge", "1e300"), ("small", "1e-30")):
        prove_case(f"{act}_{tag}", act, {"lambd": v})

# ---- relations --------------------------------------------------------------------------
# `prove X --relations` prints six relations whatever X; each is checked with my mpmath sides
REL_TRUTH = {
    "tanh(x) = 2 sigmoid(2x) - 1": lambda x: (mp.tanh(x), 2 * sig(2 * x) - 1),
    "softplus'(x) = sigmoid(x)": lambda x: (mp.diff(make("softplus"), x), sig(x)),
    "silu(x) = x sigmoid(x)": lambda x: (make("silu")(x), x * sig(x)),
    "log_sigmoid(x) = -softplus(-x)": lambda x: (make("log_sigmoid")(x), -make("softplus")(-x)),
    "sigmoid(-x) = 1 - sigmoid(x)": lambda x: (sig(-x), 1 - sig(x)),
    "sigmoid'(x) = sigmoid(x) sigmoid(-x)": lambda x: (mp.diff(sig, x), sig(x) * sig(-x)),
}
for cid, extra in (("rel_sigmoid", ["sigmoid"]), ("rel_tanh", ["tanh"]), ("rel_silu", ["silu"]),
                   ("rel_softplus_beta2", ["softplus", "--param", "beta=2"]),
                   ("rel_softplus_sym", ["softplus", "--symbolic"]),
                   ("rel_swish_beta2", ["swish_beta", "--param", "beta=2"]),
                   ("rel_latex_tanh", ["--latex", r"2\sigma(2x)-1"])):
    add(id=cid, category="relations", kind="relations", argv=["prove"] + extra + ["--relations", "--json"],
        how="each printed relation evaluated with my mpmath sides at 60 points; the certificate's lhs/rhs too")


# ---- verify --------------------------------------------------------------------------------
def vcase(cid, claim, truth, pred, witness=None, cat="verify", activation=None, how=""):
    argv = ["verify", claim] + (["--activation", activation] if activation else []) + ["--json"]
    add(id=cid, category=cat, kind="verify", argv=argv, truth=truth, pred=pred,
        witness=None if witness is None else mp.mpf(witness), how=how)


sp_ = make("softplus")
silu = make("silu")
gelu = make("gelu")
EPS30 = mp.mpf(10) ** -30
d = lambda f, k=1: (lambda x: mp.diff(f, x, k))  # noqa: E731

def _sp_tail(x):
    """softplus(x) >= x + e^-x - (1/2 - 1e-30) e^-2x, as log1p(t) - t + c t^2 >= 0 (t = e^-x) at 250 digits."""
    with mp.workdps(250):
        t = mp.exp(-mp.mpf(x))
        return mp.log1p(t) - t + (mp.mpf("0.5") - mp.mpf(10) ** -30) * t * t >= 0


# relations as claims (true ones and perturbed ones)
vcase("v_tanh_sigma", r"\tanh(x) = 2\sigma(2x) - 1", True, lambda x: abs(mp.tanh(x) - 2 * sig(2 * x) + 1) < 1e-50, cat="relations")
vcase("v_tanh_sigma_shift", r"\tanh(x) = 2\sigma(2x) - 1 + 10^{-30}", False,
      lambda x: abs(mp.tanh(x) - 2 * sig(2 * x) + 1 - EPS30) < 1e-50, 0, cat="relations")
vcase("v_tanh_sigma_half", r"\sigma(x) = \frac{1 + \tanh(x/2)}{2}", True,
      lambda x: abs(sig(x) - (1 + mp.tanh(x / 2)) / 2) < 1e-50, cat="relations")
vcase("v_tanh_sigma_wrong_arg", r"\sigma(x) = \frac{1 + \tanh(x)}{2}", False,
      lambda x: abs(sig(x) - (1 + mp.tanh(x)) / 2) < 1e-50, 1, cat="relations")
vcase("v_silu_xsigma", r"\operatorname{silu}(x) = x\sigma(x)", True, lambda x: abs(silu(x) - x * sig(x)) < 1e-50, cat="relations")
vcase("v_silu_xsigma_pert", r"\operatorname{silu}(x) = x\sigma(x) + 10^{-40}x^2", False,
      lambda x: abs(silu(x) - x * sig(x) - mp.mpf(10) ** -40 * x * x) < 1e-60, 1, cat="relations")
vcase("v_softplus_prime", r"\operatorname{softplus}'(x) = \sigma(x)", True,
      lambda x: abs(mp.diff(sp_, x) - sig(x)) < 1e-40, cat="relations")
vcase("v_softplus_prime_2x", r"\operatorname{softplus}'(x) = \sigma(2x)", False,
      lambda x: abs(mp.diff(sp_, x) - sig(2 * x)) < 1e-40, 1, cat="relations")
vcase("v_softplus_odd_part", r"\operatorname{softplus}(x) - \operatorname{softplus}(-x) = x", True,
      lambda x: abs(sp_(x) - sp_(-x) - x) < 1e-50, cat="relations")
vcase("v_softplus_odd_part_pert", r"\operatorname{softplus}(x) - \operatorname{softplus}(-x) = 1.0000000000000000000001x", False,
      lambda x: abs(sp_(x) - sp_(-x) - mp.mpf("1.0000000000000000000001") * x) < 1e-50, 1, cat="relations")
vcase("v_logsig", r"\log\sigma(x) = -\operatorname{softplus}(-x)", True,
      lambda x: abs(mp.log(sig(x)) + sp_(-x)) < 1e-45 * (1 + abs(x)), cat="relations")
vcase("v_sigma_prime_prod", r"\sigma'(x) = \sigma(x)\sigma(-x)", True,
      lambda x: abs(mp.diff(sig, x) - sig(x) * sig(-x)) < 1e-40, cat="relations")
vcase("v_sigma_prime_prod_pert", r"\sigma'(x) = \sigma(x)\sigma(-x) + 10^{-30}e^{-x^2}", False,
      lambda x: abs(mp.diff(sig, x) - sig(x) * sig(-x) - EPS30 * mp.exp(-x * x)) < 1e-45, 0, cat="relations")
vcase("v_mish_def", r"\operatorname{mish}(x) = x\tanh(\ln(1+e^x))", True,
      lambda x: abs(make("mish")(x) - x * mp.tanh(mp.log(1 + mp.exp(x)))) < 1e-45 * (1 + abs(x)), cat="relations")
vcase("v_relu_abs", r"\operatorname{relu}(x) = \frac{x + |x|}{2}", True,
      lambda x: abs(max(x, 0) - (x + abs(x)) / 2) < 1e-50, cat="relations")
vcase("v_relu_odd", r"\operatorname{relu}(x) - \operatorname{relu}(-x) = x", True,
      lambda x: abs(max(x, 0) - max(-x, 0) - x) < 1e-50, cat="relations")
vcase("v_hardsig_relu6", r"\operatorname{hard\_sigmoid}(x) = \frac{\operatorname{relu6}(x+3)}{6}", True,
      lambda x: abs(make("hard_sigmoid")(x) - make("relu6")(x + 3) / 6) < 1e-50, cat="relations")
vcase("v_hardswish_relu6", r"\operatorname{hard\_swish}(x) = \frac{x\operatorname{relu6}(x+3)}{6.000000000000000000001}", False,
      lambda x: abs(make("hard_swish")(x) - x * make("relu6")(x + 3) / mp.mpf("6.000000000000000000001")) < 1e-50, 1, cat="relations")
vcase("v_tanhshrink", r"\operatorname{tanhshrink}(x) = x - \tanh(x)", True,
      lambda x: abs(make("tanhshrink")(x) - x + mp.tanh(x)) < 1e-45 * (1 + abs(x)), cat="relations")
vcase("v_elu_celu", r"\operatorname{elu}(x) = \operatorname{celu}(x)", True,
      lambda x: abs(make("elu")(x) - make("celu")(x)) < 1e-50, cat="relations")
vcase("v_gelu_gelutanh", r"\operatorname{gelu}(x) = \operatorname{gelu\_tanh}(x)", False,
      lambda x: abs(gelu(x) - make("gelu_tanh")(x)) < 1e-50, 1, cat="relations")
vcase("v_swish_silu_2x", r"\operatorname{silu}(2x) = 2x\sigma(2x)", True,
      lambda x: abs(silu(2 * x) - 2 * x * sig(2 * x)) < 1e-50, cat="relations")
vcase("v_softsign_tanh", r"\operatorname{softsign}(x) \le \tanh(x)", False,
      lambda x: x / (1 + abs(x)) <= mp.tanh(x), -1, cat="relations")

# derivatives of order 2-3
vcase("v_sigma3_0", r"\sigma'''(0) = -\frac{1}{8}", True, None, how="sigma''' = s(1-s)(1-6s+6s^2): at 0, 1/4*(1-3+3/2) = -1/8")
vcase("v_sigma3_0_wrong", r"\sigma'''(0) = -\frac{1}{8} + 10^{-40}", False, None)
vcase("v_tanh3_0", r"\tanh'''(0) = -2", True, None, how="tanh = x - x^3/3 + ...: f'''(0) = -2")
vcase("v_gelu2_0", r"f''(0) = \sqrt{2/\pi}", True, None, activation="gelu", how="gelu'' = phi(x)(2 - x^2): 2 phi(0) = sqrt(2/pi)")
vcase("v_gelu3_0", r"f'''(0) = 0", True, None, activation="gelu", how="gelu''' = phi(x)(x^3 - 4x): 0 at 0")
vcase("v_silu2_0", r"f''(0) = \frac{1}{2}", True, None, activation="silu", how="silu'' = s(1-s)(2 + x(1-2s)): 1/2 at 0")
vcase("v_silu3_0", r"f'''(0) = 0", True, None, activation="silu", how="silu''' at 0: from the series x/2 + x^2/4 - x^4/96: 0")
vcase("v_mish2_0", r"f''(0) = \frac{16}{25}", True, None, activation="mish",
      how="mish''(0) = 2 sech^2(ln 2) sigma(0) = 1 - tanh(ln 2)^2 = 1 - 9/25")
vcase("v_mish2_0_wrong", r"f''(0) = 0.64000000000000000000001", False, None, activation="mish")
vcase("v_sigma2_bound", r"|\sigma''(x)| \le \frac{\sqrt{3}}{18}", True, lambda x: abs(mp.diff(sig, x, 2)) <= mp.sqrt(3) / 18 + 1e-50,
      how="max |s(1-s)(1-2s)| at s = 1/2 -+ 1/(2 sqrt3): sqrt3/18 exactly")
vcase("v_sigma2_bound_tight", r"|\sigma''(x)| < \frac{\sqrt{3}}{18}", False, lambda x: abs(mp.diff(sig, x, 2)) < mp.sqrt(3) / 18,
      mp.log(2 + mp.sqrt(3)), how="equality at x = ln(2+sqrt3)")
vcase("v_tanh2_bound", r"|\tanh''(x)| \le \frac{4}{3\sqrt{3}}", True, lambda x: abs(mp.diff(mp.tanh, x, 2)) <= 4 / (3 * mp.sqrt(3)) + 1e-50,
      how="tanh'' = -2t(1-t^2), max at t^2 = 1/3: 4/(3 sqrt3)")
vcase("v_tanh2_bound_low", r"|\tanh''(x)| \le 0.7698", False, lambda x: abs(mp.diff(mp.tanh, x, 2)) <= mp.mpf("0.7698"),
      mp.atanh(1 / mp.sqrt(3)), how="4/(3 sqrt3) = 0.769800358... > 0.7698")
vcase("v_gelu2_nonneg_far", r"\operatorname{gelu}''(x) \ge -10^{-30}", False,
      lambda x: mp.diff(gelu, x, 2) >= -EPS30, 12, how="gelu'' = phi(x)(2-x^2) < 0 for |x| > sqrt2; at x=12 it is -1.1e-30")
# products over layers, bounds false only at one point or in a far tail
vcase("v_sigma_pow20", r"\sigma'(x)^{20} \le 4^{-20}", True, lambda x: mp.diff(sig, x) ** 20 <= mp.mpf(4) ** -20 * (1 + 1e-40))
vcase("v_sigma_pow20_lt", r"\sigma'(x)^{20} < 4^{-20}", False, lambda x: mp.diff(sig, x) ** 20 < mp.mpf(4) ** -20, 0)
vcase("v_sigma_pow1000", r"\sigma'(x)^{1000} \le 10^{-602}", True, lambda x: mp.diff(sig, x) ** 1000 <= mp.mpf(10) ** -602,
      how="4^-1000 = 10^-602.06 < 10^-602")
vcase("v_sigma_pow1000_false", r"\sigma'(x)^{1000} \le 10^{-603}", False, lambda x: mp.diff(sig, x) ** 1000 <= mp.mpf(10) ** -603, 0)
vcase("v_sigma_prod_two", r"\sigma'(x)\sigma'(2x) \le \frac{1}{16}", True,
      lambda x: mp.diff(sig, x) * mp.diff(sig, 2 * x) <= mp.mpf(1) / 16 + 1e-50, how="each factor <= 1/4, both at 0")
vcase("v_sigma_prod_two_lt", r"\sigma'(x)\sigma'(2x) < \frac{1}{16}", False,
      lambda x: mp.diff(sig, x) * mp.diff(sig, 2 * x) < mp.mpf(1) / 16, 0)
vcase("v_tanh_pow3", r"(1 - \tanh(x)^2)^3 < 1", False, lambda x: (1 - mp.tanh(x) ** 2) ** 3 < 1, 0)
vcase("v_tanh_pow3_le", r"(1 - \tanh(x)^2)^3 \le 1", True, lambda x: (1 - mp.tanh(x) ** 2) ** 3 <= 1)
vcase("v_softplus_tail", r"\operatorname{softplus}(x) \ge x + e^{-x} - (0.5 - 10^{-30})e^{-2x}", False,
      lambda x: _sp_tail(x), 100,
      how="log(1+t) = t - t^2/2 + t^3/3: below t - (1/2-1e-30)t^2 once t^3/3 < 1e-30 t^2, i.e. x > 69")
vcase("v_softplus_tail_true", r"\operatorname{softplus}(x) \le x + e^{-x}", True, lambda x: sp_(x) <= x + mp.exp(-x) * (1 + 1e-40),
      how="log(1+t) <= t")
vcase("v_sigma_tail", r"1 - \sigma(x) \ge e^{-x} - e^{-2x}", True,
      lambda x: sig(-x) >= mp.exp(-x) - mp.exp(-2 * x) - 1e-40 * mp.exp(-x),
      how="t/(1+t) >= t - t^2 <=> t^3 >= 0")
vcase("v_sigma_tail_false", r"1 - \sigma(x) \le e^{-x} - e^{-2x} + 0.99 e^{-3x}", False,
      lambda x: sig(-x) <= mp.exp(-x) - mp.exp(-2 * x) + mp.mpf("0.99") * mp.exp(-3 * x), 10,
      how="t/(1+t) = t - t^2 + t^3 - t^4...: exceeds t - t^2 + 0.99t^3 for small t")
vcase("v_gelu_left_tail", r"\operatorname{gelu}(x) \le 0", False, lambda x: gelu(x) <= 0, 1)
vcase("v_gelu_neg_tail", r"\operatorname{gelu}(x) \ge -10^{-30}", False, lambda x: gelu(x) >= -EPS30, -11,
      how="gelu(-11) = -11 Phi(-11) ~ -1.9e-27")
vcase("v_silu_min_ok", r"\operatorname{silu}(x) \ge -0.2785", True, lambda x: silu(x) >= mp.mpf("-0.2785"))
vcase("v_silu_min_false", r"\operatorname{silu}(x) \ge -0.278464542761073795", False, lambda x: silu(x) >= mp.mpf("-0.278464542761073795"),
      SILU_ARGMIN, how="min silu = -W(1/e) = -0.2784645427610737951053...")
vcase("v_cos_point", r"\cos(x) < 1 + 10^{-40}x^2", False, lambda x: mp.cos(x) < 1 + mp.mpf(10) ** -40 * x * x, 0)
vcase("v_tanh_x_point", r"|\tanh(x) - x| > 0", False, lambda x: abs(mp.tanh(x) - x) > 0, 0)
vcase("v_sig_deriv_quarter", r"\sigma'(x) \le 0.25", True, lambda x: mp.diff(sig, x) <= mp.mpf("0.25") + 1e-60)
vcase("v_sig_deriv_026", r"\sigma'(x) \le 0.26", True, lambda x: mp.diff(sig, x) <= mp.mpf("0.26"))
vcase("v_sig_deriv_0249", r"\sigma'(x) \le 0.2499999999999999999999", False, lambda x: mp.diff(sig, x) <= mp.mpf("0.2499999999999999999999"), 0)
vcase("v_leaky_param", r"\max(x, 0.01x) \ge 0.01x", True, lambda x: max(x, x / 100) >= x / 100)
vcase("v_leaky_param_hair", r"\max(x, 1.000000000000000000000000000001x) = x", False,
      lambda x: max(x, mp.mpf(ONE_P) * x) == x, 1)
vcase("v_elu_alpha_param", r"2(e^{x} - 1) \ge x - 10^{-30}", False, lambda x: 2 * mp.expm1(x) >= x - EPS30, -1,
      how="elu-like 2(e^x-1) < x at x = -1 (-1.26 < -1)")
vcase("v_softplus_beta_param", r"\frac{\ln(1 + e^{10^{30}x})}{10^{30}} \ge \max(x, 0)", True,
      lambda x: (sp_(mp.mpf(10) ** 30 * x) / mp.mpf(10) ** 30) >= max(x, 0), how="log(1+e^y) >= max(y,0)")

# ---- gradient ------------------------------------------------------------------------------
def gcase(cid, act, depth, sup, inf, sup_att, inf_att, dprime, params=None, eps=None, how="", scale=1):
    argv = ["gradient", act, "--depth", str(depth)] + pargs(params or {})
    if eps is not None:
        argv += ["--epsilon", eps]
    add(id=cid, category="gradient", kind="gradient", argv=argv + ["--json"], depth=depth,
        sup=mpf(sup), inf=mpf(inf), sup_att=sup_att, inf_att=inf_att, dprime=dprime,
        eps=mp.mpf(eps) if eps else mp.mpf("1e-8"), how=how, scale=mp.mpf(scale))


dsig = lambda x: sig(x) * (1 - sig(x))  # noqa: E731
for n in (1, 3, 20, 1000):
    gcase(f"g_sigmoid_{n}", "sigmoid", n, F("1/4"), 0, True, False, dsig)
gcase("g_sigmoid_eps_exact", "sigmoid", 20, F("1/4"), 0, True, False, dsig, eps="9.5367431640625e-07",
      how="epsilon = 4^-10 exactly")
gcase("g_sigmoid_eps_tiny", "sigmoid", 1000, F("1/4"), 0, True, False, dsig, eps="1e-300")
gcase("g_tanh_1000", "tanh", 1000, 1, 0, True, False, lambda x: 1 - mp.tanh(x) ** 2)
gcase("g_tanh_1", "tanh", 1, 1, 0, True, False, lambda x: 1 - mp.tanh(x) ** 2)
gcase("g_arctan_1000", "arctan", 1000, 1, 0, True, False, lambda x: 1 / (1 + x * x))
gcase("g_softsign_1000", "softsign", 1000, 1, 0, True, False, lambda x: 1 / (1 + abs(x)) ** 2)
gcase("g_gelu_3", "gelu", 3, GELU_DMAX, 1 - GELU_DMAX, True, True, d(gelu))
gcase("g_gelu_1000", "gelu", 1000, GELU_DMAX, 1 - GELU_DMAX, True, True, d(gelu))
gcase("g_silu_1000", "silu", 1000, SILU_DMAX, 1 - SILU_DMAX, True, True, _silu_d)
gcase("g_mish_20", "mish", 20, MISH_DMAX, MISH_DMIN, True, True, _mish_d)
gcase("g_selu_1000", "selu", 1000, SELU_ALPHA * SELU_LAMBDA, 0, False, False,
      lambda x: mpf(SELU_LAMBDA) if x > 0 else mpf(SELU_LAMBDA * SELU_ALPHA) * mp.exp(x))
gcase("g_elu_one_1000", "elu", 1000, 1, 0, True, False, lambda x: 1 if x > 0 else mp.exp(x), {"alpha": "1"})
gcase("g_elu_one_plus_1000", "elu", 1000, F(ONE_P), 0, False, False,
      lambda x: 1 if x > 0 else mpf(F(ONE_P)) * mp.exp(x), {"alpha": ONE_P})
gcase("g_elu_one_minus_1000", "elu", 1000, 1, 0, True, False,
      lambda x: 1 if x > 0 else mpf(F(ONE_M)) * mp.exp(x), {"alpha": ONE_M})
gcase("g_leaky_one_plus", "leaky_relu", 1000, F(ONE_P), 1, True, True,
      lambda x: 1 if x > 0 else mpf(F(ONE_P)), {"negative_slope": ONE_P})
gcase("g_leaky_one_minus", "leaky_relu", 1000, 1, F(ONE_M), True, True,
      lambda x: 1 if x > 0 else mpf(F(ONE_M)), {"negative_slope": ONE_M})
gcase("g_celu_tiny", "celu", 1000, 1, 0, True, False,
      lambda x: 1 if x > 0 else mp.exp(x / mp.mpf("1e-300")), {"alpha": "1e-300"}, scale="1e-300")
gcase("g_gaussian_2", "gaussian", 2, GAUSS_DMAX, -GAUSS_DMAX, True, True, lambda x: -2 * x * mp.exp(-x * x))
gcase("g_gaussian_3", "gaussian", 3, GAUSS_DMAX, -GAUSS_DMAX, True, True, lambda x: -2 * x * mp.exp(-x * x))
gcase("g_sinusoid_3", "sinusoid", 3, 1, -1, True, True, mp.cos)
gcase("g_tanhshrink_1000", "tanhshrink", 1000, 1, 0, False, True, lambda x: mp.tanh(x) ** 2)
gcase("g_hardtanh_3", "hard_tanh", 3, 1, 0, True, True, lambda x: 1 if abs(x) < 1 else 0)
gcase("g_binary_step_3", "binary_step", 3, 0, 0, True, True, lambda x: 0)
gcase("g_swish_two_20", "swish_beta", 20, SILU_DMAX, 1 - SILU_DMAX, True, True, lambda x: _silu_d(2 * x), {"beta": "2"},
      how="swish_beta' (x) = silu'(beta x): sup independent of beta")
gcase("g_swish_small_20", "swish_beta", 20, SILU_DMAX, 1 - SILU_DMAX, True, True,
      lambda x: _silu_d(mp.mpf("1e-30") * x), {"beta": "1e-30"}, scale="1e30")
gcase("g_softplus_huge", "softplus", 1000, 1, 0, False, False, lambda x: sig(mp.mpf("1e300") * x), {"beta": "1e300"}, scale="1e-300")
gcase("g_log_sigmoid_1000", "log_sigmoid", 1000, 1, 0, False, False, lambda x: sig(-x))
gcase("g_squareplus_1000", "squareplus", 1000, 1, 0, False, False, lambda x: (1 + x / mp.sqrt(x * x + 4)) / 2)
gcase("g_hard_sigmoid_1000", "hard_sigmoid", 1000, F("1/6"), 0, True, True, lambda x: mp.mpf(1) / 6 if abs(x) < 3 else 0,
      eps="1e-8", how="6^-n < 1e-8 from n = 11")
gcase("g_relu_1000", "relu", 1000, 1, 0, True, True, lambda x: 1 if x > 0 else 0)


# ---- derive --------------------------------------------------------------------------------
def dcase(cid, argv, f, kinks=(), order=3, params=None, symbolic_samples=None, how=""):
    add(id=cid, category="derive", kind="derive", argv=["derive"] + argv + ["--order", str(order), "--json"],
        f=f, kinks=[mp.mpf(k) for k in kinks], params=params or {}, symbolic_samples=symbolic_samples,
        how=how or "every derivative and form at 44 points, at 50 and 70 digits, vs mp.diff of my f")


for act in ("sigmoid", "tanh", "softplus", "gelu", "silu", "mish", "softsign", "log_sigmoid", "gaussian",
            "arctan", "squareplus", "gelu_tanh", "tanhshrink", "selu", "elu", "celu", "hard_swish",
            "sparse_plus", "leaky_relu", "sinusoid"):
    # order 3 (order 1 for mish and gelu_tanh, whose higher forms cost 10-20 s of CPU each)
    dcase(f"d_{act}", [act], make(act), kinks(act), order=1 if act in ("mish", "gelu_tanh") else 3)
dcase("d_swish_beta3", ["swish_beta", "--param", "beta=3"], make("swish_beta", {"beta": 3}))
dcase("d_softplus_beta_small", ["softplus", "--param", "beta=1e-30"], make("softplus", {"beta": F("1e-30")}), order=2)
dcase("d_elu_alpha2", ["elu", "--param", "alpha=2"], make("elu", {"alpha": 2}), [0], order=2)
dcase("d_celu_half", ["celu", "--param", "alpha=0.5"], make("celu", {"alpha": F("0.5")}), [0], order=3)
dcase("d_swish_sym", ["swish_beta", "--symbolic"], None, order=2, symbolic_samples=[{"beta": F(v)} for v in ("0.5", "1", "3")])
dcase("d_softplus_sym", ["softplus", "--symbolic"], None, order=2, symbolic_samples=[{"beta": F(v)} for v in ("0.5", "1", "3")])
dcase("d_elu_sym", ["elu", "--symbolic"], None, kinks=[0], order=2, symbolic_samples=[{"alpha": F(v)} for v in ("0.5", "1", "3")])
dcase("d_celu_sym", ["celu", "--symbolic"], None, kinks=[0], order=2, symbolic_samples=[{"alpha": F(v)} for v in ("0.5", "1", "3")])
CUSTOM = [
    ("x_sqrt", r"\frac{x}{\sqrt{1+x^2}}", lambda x: x / mp.sqrt(1 + x * x), []),
    ("cube", r"x^3", lambda x: x ** 3, []),
    ("fifth", r"x^5", lambda x: x ** 5, []),
    ("xabsx", r"x|x|", lambda x: x * abs(x), [0]),
    ("square", r"x^2", lambda x: x * x, []),
    ("gumbel", r"e^{-e^{-x}}", lambda x: mp.exp(-mp.exp(-x)), []),
    ("sinh", r"\sinh(x)", mp.sinh, []),
    ("sin", r"\sin(x)", mp.sin, []),
    ("cos", r"\cos(x)", mp.cos, []),
    ("tanh_disguised", r"\frac{2}{1+e^{-2x}} - 1", mp.tanh, []),
    ("softplus2", r"\ln(1+e^{2x})", lambda x: mp.log(1 + mp.exp(2 * x)), []),
    ("gauss", r"e^{-x^2}", lambda x: mp.exp(-x * x), []),
    ("erf", r"\operatorname{erf}(x)", mp.erf, []),
    ("sigmoid_shift", r"\frac{1}{1+e^{-x}} - 10^{-30}", lambda x: sig(x) - EPS30, []),
    ("xtanh", r"x\tanh(x)", lambda x: x * mp.tanh(x), []),
    ("atan", r"\arctan(x)", mp.atan, []),
    ("gelu_sig", r"\frac{x}{1+e^{-1.702x}}", lambda x: x * sig(mp.mpf("1.702") * x), []),
    ("hyp", r"\sqrt{1+x^2}", lambda x: mp.sqrt(1 + x * x), []),
    ("tanh_cubed", r"\tanh(x)^3", lambda x: mp.tanh(x) ** 3, []),
    ("softsign_sq", r"\frac{x}{(1+|x|)^2}", lambda x: x / (1 + abs(x)) ** 2, [0]),
]
for cid, tex, f, kk in CUSTOM:
    dcase(f"dl_{cid}", ["--latex", tex], f, kk, order=2)


# ---- audit ---------------------------------------------------------------------------------
def acase(cid, table, cells, how=""):
    add(id=cid, category="audit", kind="audit", argv=["audit", f"tests/adversarial4/tables/{table}", "--json"],
        table=table, cells=cells, how=how or "cell truths argued in tables/README-style comments in cases.py")


# ranges off by an endpoint: (row, column kind) -> is the printed cell correct?
acase("a_ranges", "ranges.md", {
    (1, "range"): False,   # sigmoid [0,1): 0 not attained
    (2, "range"): True,    # tanh (-1,1)
    (3, "range"): False,   # relu (0,oo): 0 attained
    (4, "range"): False,   # elu [-1,oo): -1 not attained
    (5, "range"): True,    # softplus (0,oo)
    (6, "range"): False,   # hard_sigmoid (0,1): 0 and 1 attained
    (7, "range"): True,    # relu6 [0,6]
    (8, "range"): True,    # gaussian (0,1]
    (9, "range"): False,   # arctan [-pi/2, pi/2]
    (10, "range"): False,  # log_sigmoid (-oo, 0]
    (11, "range"): True,   # hard_tanh [-1,1]
    (12, "range"): False,  # softsign [-1,1]
})
acase("a_derivs", "derivatives.md", {
    (1, "derivative"): False,  # sigmoid f(f-1)
    (2, "derivative"): False,  # tanh f^2 - 1
    (3, "derivative"): False,  # softplus 1/(1+e^x)
    (4, "derivative"): False,  # softsign -1/(1+|x|)^2
    (5, "derivative"): False,  # gaussian 2x e^{-x^2}
    (6, "derivative"): True,   # arctan 1/(1+x^2)
    (7, "derivative"): True,   # log_sigmoid 1/(1+e^x)
    (8, "derivative"): True,   # silu f + sigma(1-f)
    (9, "derivative"): False,  # silu f + sigma(1+f)
    (10, "derivative"): True,  # sigmoid f(1-f)
    (11, "derivative"): True,  # tanh 1 - f^2
    (12, "derivative"): False, # elu (x<0) f - alpha
})
acase("a_decimals", "decimals.md", {
    (1, "range"): True,    # silu [-0.2785, oo): rounding of -0.27846
    (2, "range"): "trunc", # silu [-0.2784, oo): truncation (symact's policy accepts it), excludes the minimum
    (3, "range"): False,   # silu [-0.279, oo): neither
    (4, "range"): True,    # mish [-0.3088, oo): rounding of -0.308840
    (5, "range"): "trunc", # gelu [-0.16, oo): min -0.16997 rounds to -0.17; -0.16 is its truncation
    (6, "range"): True,    # gelu [-0.17, oo)
    (7, "range"): True,    # selu (-1.7581, oo): -lambda alpha = -1.758099340847... rounds to -1.7581
})
acase("a_properties", "properties.md", {
    (1, "continuity"): True,             # softsign C^1
    (2, "continuity"): False,            # softsign C^2
    (3, "continuity"): True,             # selu C^0
    (4, "continuity"): False,            # selu C^1
    (5, "continuity"): True,             # sparse_plus C^1
    (6, "continuity"): False,            # hard_swish C^1 (slopes 3/2 and 1 at 3)
    (7, "monotonic"): False,             # mish Yes
    (8, "identity_near_origin"): False,  # tanhshrink Yes: f'(0) = 0
    (9, "identity_near_origin"): True,   # arctan Yes
    (10, "derivative_monotonic"): False, # silu derivative monotonic Yes
    (11, "monotonic"): True,             # hard_tanh Yes (non-decreasing)
    (12, "derivative_monotonic"): True,  # softplus Yes
})
acase("a_params", "params.md", {
    (1, "range"): True,        # elu alpha=2: (-2, oo)
    (1, "continuity"): True,   # C^0
    (2, "range"): False,       # elu alpha=2 printed (-1, oo)
    (3, "continuity"): True,   # elu alpha=1 C^1
    (4, "range"): True,        # leaky 0.2: (-oo, oo)
    (4, "derivative_monotonic"): True,
    (5, "range"): True,        # softplus beta=2 (0, oo)
    (5, "derivative"): False,  # softplus beta=2 derivative 1/(1+e^{-x}) (should be sigma(2x))
    (6, "derivative"): True,   # softplus beta=2 derivative 1/(1+e^{-2x})
})

# ---- second round: derivatives at kinks, symbolic gradient and derive, more audit ranges ----
# a derivative that does not exist at a kink is no value: "f^(k)(c) = v" is false there
for cid, claim, truth, how in (
        ("vk_softsign2_0", r"\operatorname{softsign}''(0) = 0", False, "softsign'' = -2 sgn(x)/(1+|x|)^3: one-sided 2 and -2"),
        ("vk_relu1_0", r"\operatorname{relu}'(0) = 0", False, "one-sided 0 and 1"),
        ("vk_elu1_0", r"\operatorname{elu}'(0) = 1", True, "alpha = 1: one-sided e^0 = 1 and 1"),
        ("vk_elu2_0", r"\operatorname{elu}''(0) = 1", False, "one-sided 1 and 0"),
        ("vk_celu2_0", r"\operatorname{celu}''(0) = 0", False, "one-sided 1/alpha = 1 and 0"),
        ("vk_sparse2_1", r"\operatorname{sparse\_plus}''(1) = \frac{1}{2}", False, "one-sided 1/2 and 0"),
        ("vk_sparse1_1", r"\operatorname{sparse\_plus}'(1) = 1", True, "(x+1)/2 = 1 at 1, and 1 on the right"),
        ("vk_hswish1_3", r"\operatorname{hard\_swish}'(3) = 1", False, "one-sided 3/2 and 1"),
        ("vk_hswish1_m3", r"\operatorname{hard\_swish}'(-3) = 0", False, "one-sided 0 and -1/2"),
        ("vk_selu_sup", r"\operatorname{selu}'(x) < 1.75809934084737685994", False, "sup lambda alpha = 1.7580993408473768599402... approached from the left of 0"),
        ("vk_selu_sup_ok", r"\operatorname{selu}'(x) < 1.7581", True, "sup 1.75809934... < 1.7581, not attained"),
        ("vk_elu_lt1", r"\operatorname{elu}'(x) < 1", False, "= 1 for x >= 0"),
        ("vk_gelu_sup_dec", r"\operatorname{gelu}'(x) \le 1.1289", False, "sup gelu' = 1.12894...")):
    point = {"vk_softsign2_0", "vk_relu1_0", "vk_elu1_0", "vk_elu2_0", "vk_celu2_0", "vk_sparse2_1",
             "vk_sparse1_1", "vk_hswish1_3", "vk_hswish1_m3"}
    if cid in point:
        vcase(cid, claim, truth, None, how=how)
    else:
        name = {"vk_selu_sup": "selu", "vk_selu_sup_ok": "selu", "vk_elu_lt1": "elu", "vk_gelu_sup_dec": "gelu"}[cid]
        bound = {"vk_selu_sup": ("<", "1.75809934084737685994"), "vk_selu_sup_ok": ("<", "1.7581"),
                 "vk_elu_lt1": ("<", "1"), "vk_gelu_sup_dec": ("<=", "1.1289")}[cid]
        fk = make(name)
        h = mp.mpf(10) ** -40
        dp = (lambda fk: lambda x: (fk(x + h) - fk(x)) / h if x < 0 else mp.diff(fk, x))(fk)
        wit = {"vk_selu_sup": mp.mpf("-1e-25"), "vk_elu_lt1": 1, "vk_gelu_sup_dec": mp.sqrt(2)}.get(cid)
        op, b = bound
        vcase(cid, claim, truth, (lambda dp, op, b: (lambda x: dp(x) < mp.mpf(b) if op == "<" else dp(x) <= mp.mpf(b)))(dp, op, b),
              wit, how=how)


def gsym(cid, act, samples, how=""):
    """gradient --symbolic: `samples` are (params, sup, inf, sup_att, inf_att, f') at admissible values."""
    add(id=cid, category="gradient", kind="gradient", argv=["gradient", act, "--depth", "5", "--symbolic", "--json"],
        depth=5, gsamples=samples, eps=mp.mpf("1e-8"), how=how or "each sample value substituted into every printed quantity")


gsym("gs_celu", "celu", [({"alpha": F(v)}, 1, 0, True, False,
                          (lambda a: lambda x: 1 if x > 0 else mp.exp(x / a))(mpf(F(v)))) for v in ("0.5", "1", "3")])
gsym("gs_hard_tanh", "hard_tanh", [({"min_val": F(lo), "max_val": F(hi)}, 1, 0, True, True,
                                    (lambda lo, hi: lambda x: 1 if lo < x < hi else 0)(mpf(F(lo)), mpf(F(hi))))
                                   for lo, hi in (("-1", "1"), ("-3", "0.5"), ("-0.001", "2"))])
gsym("gs_softshrink", "softshrink", [({"lambd": F(v)}, 1, 0, True, True,
                                      (lambda lam: lambda x: 1 if abs(x) > lam else 0)(mpf(F(v)))) for v in ("0.5", "1", "3")])
gsym("gs_hardshrink", "hardshrink", [({"lambd": F(v)}, 1, 0, True, True,
                                      (lambda lam: lambda x: 1 if abs(x) > lam else 0)(mpf(F(v)))) for v in ("0.5", "1", "3")])
gsym("gs_squareplus", "squareplus", [({"b": F(v)}, 1, 0, False, False,
                                      (lambda b: lambda x: (1 + x / mp.sqrt(x * x + b)) / 2)(mpf(F(v)))) for v in ("0.5", "4", "9")])
gsym("gs_softplus", "softplus", [({"beta": F(v)}, 1, 0, False, False,
                                  (lambda b: lambda x: sig(b * x))(mpf(F(v)))) for v in ("0.5", "1", "3")])
gsym("gs_leaky", "leaky_relu", [({"negative_slope": F(v)}, max(F(v), 1), min(F(v), 1), True, True,
                                 (lambda s: lambda x: 1 if x > 0 else s)(mpf(F(v)))) for v in ("0.5", "1", "3")])
gsym("gs_selu", "selu", [({"alpha": F(a), "lambda": F(lam)}, max(F(a), 1) * F(lam), 0, F(a) <= 1, False,
                          (lambda a, lam: lambda x: lam if x > 0 else lam * a * mp.exp(x))(mpf(F(a)), mpf(F(lam))))
                         for a, lam in (("0.5", "2"), ("2", "0.5"))])

for act, kk, samples in (("selu", [0], [{"alpha": F("0.5"), "lambda": F(2)}, {"alpha": F(2), "lambda": F("0.3")}]),
                         ("leaky_relu", [0], [{"negative_slope": F(v)} for v in ("0.5", "3")]),
                         ("hard_tanh", [], [{"min_val": F("-1"), "max_val": F("1")}, {"min_val": F("-3"), "max_val": F("0.5")}]),
                         ("softshrink", [], [{"lambd": F(v)} for v in ("0.5", "3")]),
                         ("squareplus", [], [{"b": F(v)} for v in ("0.5", "9")])):
    dcase(f"d_{act}_sym", [act, "--symbolic"], None, kinks=kk, order=2, symbolic_samples=samples)

acase("a_ranges2", "ranges2.md", {
    (1, "range"): True,    # hard_swish [-0.375, oo): min at -3/2 is -3/8, attained
    (2, "range"): False,   # hard_swish (-0.375, oo)
    (3, "range"): False,   # hardshrink (-oo, oo): the gap (-1/2, 0) u (0, 1/2)
    (4, "range"): True,    # sparse_plus [0, oo)
    (5, "range"): True,    # tanhshrink (-oo, oo)
    (6, "range"): False,   # sinusoid (-1, 1): +-1 attained
    (7, "range"): True,    # celu (-1, oo)
    (8, "range"): False,   # gaussian [0, 1]: 0 not attained
    (9, "derivative"): True,    # hard_swish middle piece (2x+3)/6
    (10, "derivative"): False,  # hard_swish middle piece (2x-3)/6
    (11, "derivative"): True,   # sparse_plus middle (x+1)/2
    (12, "range"): True,   # relu6 [0, 6]
})

# extreme slopes over 1000 layers: the exact bound (1e300)^1000 or product range end (1e-300)^1000
# has 300,001 digits
gcase("g_leaky_huge_600", "leaky_relu", 600, F("1e300"), 1, True, True,
      lambda x: 1 if x > 0 else mp.mpf("1e300"), {"negative_slope": "1e300"})
gcase("g_leaky_huge_1000", "leaky_relu", 1000, F("1e300"), 1, True, True,
      lambda x: 1 if x > 0 else mp.mpf("1e300"), {"negative_slope": "1e300"})
gcase("g_leaky_tiny_1000", "leaky_relu", 1000, 1, F("1e-300"), True, True,
      lambda x: 1 if x > 0 else mp.mpf("1e-300"), {"negative_slope": "1e-300"})
gcase("g_elu_huge_1000", "elu", 1000, F("1e300"), 0, False, False,
      lambda x: 1 if x > 0 else mp.mpf("1e300") * mp.exp(x), {"alpha": "1e300"})
