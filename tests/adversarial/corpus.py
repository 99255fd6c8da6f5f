"""The adversarial soundness corpus: inputs and their ground truth.

Each case is a dict with
  id, category, kind ("prove" or "verify"), input (the LaTeX string), truth, and options:
  refusal_ok (exit 2, a clear refusal, is acceptable), slow (symact takes > 20 s on it).

Truths are written as strings SymPy can read (they are parsed with `evaluate=False` and then
evaluated by mpmath at 120 digits, never compared by SymPy's default precision).

prove truths (only the properties listed are checked):
  range            a SymPy set: "Interval.open(0, 1)", "Union({-1}, Interval(0, oo))"
  limit_oo, limit_-oo   a number, "oo", "-oo" or NO_LIMIT
  max, min, sup_derivative, inf_derivative   (value, attained)  -- value may be "oo"
  lipschitz        value ("oo" when there is no Lipschitz constant)
  monotonic        "increasing" | "decreasing" | "non-decreasing" | "non-increasing" | "not monotonic"
  continuity       "C^inf" | "C^0" | "C^1" | ... | "discontinuous"
  differentiable   "everywhere" | a SymPy FiniteSet string of the points where it is not
  symmetry         "even" | "odd" | "none" | ("point-symmetric", x0, c)
  zero_centered    "yes" | "no"
  value_at_0       a number
verify truths:
  {"holds": True/False}                    an exact claim
  {"decimal": "rounding" | "truncation" | "both" | "neither"}
                                           the claim equates an exact value with a decimal;
                                           "both" means the decimal is the rounding and the
                                           truncation at its number of digits.
Every truth is recomputed independently by ground_truth.py (test_ground_truth.py).
"""

NO_LIMIT = "no limit"

CASES: list[dict] = []


def prove(id, category, latex, refusal_ok=False, slow=False, **truth):
    truth = {("limit_-oo" if k == "limit_moo" else k): v for k, v in truth.items()}
    CASES.append(dict(id=id, category=category, kind="prove", input=latex, truth=truth,
                      refusal_ok=refusal_ok, slow=slow))


def verify(id, category, latex, refusal_ok=False, slow=False, **truth):
    CASES.append(dict(id=id, category=category, kind="verify", input=latex, truth=truth,
                      refusal_ok=refusal_ok, slow=slow))


L100 = "log(1 + exp(-100))"      # ln(1 + e^-100) = 3.72e-44

# ---------------------------------------------------------------- 1. narrow pieces and gaps
C1 = "narrow-pieces"
prove("narrow_step_5", C1,
      r"\begin{cases} -1 & x \le 0 \\ 5 & x < \ln(1+e^{-100}) \\ 1 & \text{otherwise} \end{cases}",
      range="{-1, 1, 5}", max=("5", True), min=("-1", True), monotonic="not monotonic",
      limit_oo="1", limit_moo="-1", value_at_0="-1", continuity="discontinuous", lipschitz="oo")
prove("narrow_minus3", C1,
      r"\begin{cases} 0 & x \le 0 \\ -3 & x < e^{-100} \\ x & \text{otherwise} \end{cases}",
      range="Union({-3, 0}, Interval(exp(-100), oo))", min=("-3", True), max=("oo", False),
      monotonic="not monotonic", limit_oo="oo", limit_moo="0", value_at_0="0",
      continuity="discontinuous", differentiable="{0, exp(-100)}")
prove("narrow_shift_1e-40", C1,
      r"\begin{cases} x & x < 0 \\ x + 1 & x < 10^{-40} \\ x & \text{otherwise} \end{cases}",
      range="Union(Interval.open(-oo, 0), Interval(1/10**40, oo))", value_at_0="1",
      monotonic="not monotonic", continuity="discontinuous", limit_oo="oo", limit_moo="-oo")
prove("narrow_gap_e-100", C1,
      r"\begin{cases} 0 & x < 1 \\ 7 & x < 1 + e^{-100} \\ 0 & \text{otherwise} \end{cases}",
      range="{0, 7}", max=("7", True), min=("0", True), monotonic="not monotonic",
      limit_oo="0", limit_moo="0", continuity="discontinuous")
prove("narrow_jump_e-200", C1,
      r"\begin{cases} x & x \le \ln(1+e^{-100}) \\ e^{-100} & \text{otherwise} \end{cases}",
      range=f"Union(Interval(-oo, {L100}), {{exp(-100)}})", max=("exp(-100)", True),
      monotonic="non-decreasing", continuity="discontinuous", limit_oo="exp(-100)",
      value_at_0="0", lipschitz="oo")
prove("narrow_kink_1e-30", C1,
      r"\begin{cases} x^2 & x < 10^{-30} \\ 10^{-60} & \text{otherwise} \end{cases}",
      range="Interval(0, oo)", min=("0", True), continuity="C^0",
      differentiable="{1/10**30}", sup_derivative=("2/10**30", False), limit_oo="1/10**60",
      monotonic="not monotonic")
prove("narrow_step_ln", C1,
      r"\begin{cases} 0 & x < \ln(1+e^{-100}) \\ 1 & \text{otherwise} \end{cases}",
      value_at_0="0", range="{0, 1}", monotonic="non-decreasing", max=("1", True),
      min=("0", True), continuity="discontinuous")
prove("narrow_spike_middle", C1,
      r"\begin{cases} x & x < -10^{-30} \\ 10 & x \le 10^{-30} \\ x & \text{otherwise} \end{cases}",
      range="Union(Interval.open(-oo, -1/10**30), {10}, Interval.open(1/10**30, oo))",
      value_at_0="10", monotonic="not monotonic", continuity="discontinuous")

# ---------------------------------------------------------------- 2. cancelling / tiny constants
C2 = "tiny-constants"
prove("abs_pair_ln", C2, r"|x| + |x - \ln(1+e^{-100})|",
      continuity="C^0", lipschitz="2", min=(L100, True), range=f"Interval({L100}, oo)",
      differentiable=f"{{0, {L100}}}", sup_derivative=("2", True), inf_derivative=("-2", True),
      monotonic="not monotonic", value_at_0=L100)
prove("pi_355_slope", C2, r"\left(\pi - \frac{355}{113}\right) x",
      monotonic="decreasing", limit_oo="-oo", limit_moo="oo", lipschitz="355/113 - pi",
      sup_derivative=("pi - 355/113", True), symmetry="odd", zero_centered="yes")
prove("ramanujan_slope", C2, r"\left(e^{\pi\sqrt{163}} - 640320^{3} - 744\right) x",
      monotonic="decreasing", limit_oo="-oo", limit_moo="oo",
      lipschitz="640320**3 + 744 - exp(pi*sqrt(163))", symmetry="odd")
prove("ln_minus_e_floor", C2, r"x^2 + \ln(1+e^{-100}) - e^{-100}",
      min=(f"{L100} - exp(-100)", True), range=f"Interval({L100} - exp(-100), oo)",
      value_at_0=f"{L100} - exp(-100)", zero_centered="no", symmetry="even")
prove("max_shift_1e-30", C2, r"\max(x, x + 10^{-30})",
      range="Interval(-oo, oo)", monotonic="increasing", lipschitz="1", value_at_0="1/10**30",
      zero_centered="no", symmetry=("point-symmetric", "0", "1/10**30"),
      differentiable="everywhere")
prove("sqrt_floor_1e-60", C2, r"\sqrt{x^2 + 10^{-60}}",
      min=("1/10**30", True), range="Interval(1/10**30, oo)", symmetry="even",
      sup_derivative=("1", False), inf_derivative=("-1", False), lipschitz="1",
      continuity="C^inf")
prove("abs_diff_1e-30", C2, r"|x| - |x + 10^{-30}|",
      range="Interval(-1/10**30, 1/10**30)", monotonic="non-increasing", lipschitz="2",
      max=("1/10**30", True), min=("-1/10**30", True), limit_oo="-1/10**30",
      limit_moo="1/10**30", continuity="C^0", differentiable="{-1/10**30, 0}")
prove("cos_minus_cos_1e-30", C2, r"\cos(x) - \cos(x + 10^{-30})",
      range="Interval(-2*sin(1/(2*10**30)), 2*sin(1/(2*10**30)))",
      max=("2*sin(1/(2*10**30))", True), limit_oo=NO_LIMIT, monotonic="not monotonic")

# ---------------------------------------------------------------- 3. narrow bumps
C3 = "narrow-bumps"
prove("sigmoid_bump_1e-8", C3, r"\frac{1}{1+e^{-x}} + e^{-10^{16} x^2}",
      max=("SIG_BUMP", True),
      min=("0", False), limit_oo="1", limit_moo="0", monotonic="not monotonic", slow=True)
prove("sigmoid_tiny_bump_40", C3, r"\frac{1}{1+e^{-x}} + 10^{-20} e^{-10^{16} (x-40)^2}",
      max=("1", False), monotonic="not monotonic", range="Interval.open(0, 1)", slow=True)
prove("tanh_bump_3", C3, r"\tanh(x) + 2 e^{-10^{16} (x-3)^2}",
      max=("TANH_BUMP", True), min=("-1", False),
      limit_oo="1", limit_moo="-1", monotonic="not monotonic", slow=True)
prove("tanh_invisible_bump", C3, r"\tanh(x) + 10^{-30} e^{-10^{16} x^2}",
      monotonic="increasing", range="Interval.open(-1, 1)", max=("1", False),
      value_at_0="1/10**30", slow=True)
prove("relu_bump_-1", C3, r"\max(0, x) + e^{-10^{16} (x+1)^2}",
      range="Interval.open(0, oo)", min=("0", False), monotonic="not monotonic", limit_moo="0",
      continuity="C^0", slow=True)
prove("sigmoid_plus_steep_tanh", C3, r"\frac{1}{1+e^{-x}} + 10^{-8}\tanh(10^{8} x)",
      range="Interval.open(-1/10**8, 1 + 1/10**8)", monotonic="increasing",
      sup_derivative=("5/4", True), lipschitz="5/4",
      symmetry=("point-symmetric", "0", "1/2"), max=("1 + 1/10**8", False), slow=True)

# ---------------------------------------------------------------- 4. near-ties between maxima
C4 = "near-ties"
NUM = "NUMERIC"   # placeholder replaced below by the 60-digit value ground_truth.py computes
prove("tie_plus_1e-25", C4, r"e^{-(x-10)^2} + (1 + 10^{-25}) e^{-(x+10)^2}",
      max=("TIE_PLUS", True), min=("0", False), limit_oo="0", limit_moo="0",
      symmetry="none", monotonic="not monotonic")
prove("tie_minus_1e-25", C4, r"e^{-(x-10)^2} + (1 - 10^{-25}) e^{-(x+10)^2}",
      max=("TIE_MINUS", True), min=("0", False), monotonic="not monotonic")
prove("tie_pi_355", C4, r"\frac{\pi}{4} e^{-(x-5)^2} + \frac{355}{452} e^{-(x+5)^2}",
      max=("TIE_PI", True), range="Interval.Lopen(0, TIE_PI)", min=("0", False))
prove("sin_eps_sin2x", C4, r"\sin(x) + 10^{-25}\sin(2x)",
      max=("SIN_EPS", True), min=("-SIN_EPS", True), range="Interval(-SIN_EPS, SIN_EPS)",
      symmetry="odd", limit_oo=NO_LIMIT, sup_derivative=("1 + 2/10**25", True),
      inf_derivative=("-1 + 2/10**25", True))
prove("two_tents_1e-25", C4, r"\max(1 - |x-1|, 1 + 10^{-25} - |x+1|)",
      max=("1 + 1/10**25", True), range="Interval(-oo, 1 + 1/10**25)", lipschitz="1",
      limit_oo="-oo", limit_moo="-oo", continuity="C^0")
prove("two_tents_exact", C4, r"\max(1 - |x-1|, 1 - |x+1|)",
      max=("1", True), range="Interval(-oo, 1)", symmetry="even", lipschitz="1",
      differentiable="{-1, 0, 1}")
prove("twin_gauss", C4, r"e^{-(x-1)^2} + e^{-(x+1)^2}",
      max=("TWIN", True), min=("0", False), range="Interval.Lopen(0, TWIN)",
      symmetry="even", monotonic="not monotonic")

# ---------------------------------------------------------------- 5. limits SymPy gets wrong
C5 = "limits"
S = r"\frac{1}{1+e^{-x}}"
prove("dsilu", C5, S + r"\left(1+x\left(1-" + S + r"\right)\right)",
      limit_oo="1", limit_moo="0", max=("DSILU_MAX", True), min=("DSILU_MIN", True),
      range="Interval(DSILU_MIN, DSILU_MAX)")
prove("dsilu_2", C5, S + r"\left(2+x\left(1-" + S + r"\right)\right)",
      limit_oo="2", limit_moo="0")
prove("s_minus_tenth", C5, S + r" - \frac{x}{10}" + S + r"\left(1-" + S + r"\right)",
      limit_oo="1", limit_moo="0")
prove("x_over_1pexp", C5, r"\frac{x}{1+e^{x}}", limit_oo="0", limit_moo="-oo")
prove("x_s_minus_1", C5, r"x\left(\frac{1}{1+e^{-x}} - 1\right)", limit_oo="0", limit_moo="oo")
prove("softplus_minus_x", C5, r"\ln(1+e^{x}) - x",
      limit_oo="0", limit_moo="oo", range="Interval.open(0, oo)", monotonic="decreasing")
prove("x_one_minus_tanh", C5, r"x\left(1 - \tanh(x)\right)", limit_oo="0", limit_moo="-oo")
prove("x2_sech2", C5, r"x^{2}\left(1-\tanh(x)^{2}\right)",
      limit_oo="0", limit_moo="0", max=("X2SECH2", True), min=("0", True),
      range="Interval(0, X2SECH2)", symmetry="even")

# ---------------------------------------------------------------- 6. oscillation / no limit
C6 = "oscillation"
prove("gauss_tan", C6, r"e^{-x^2}\tan(x)", limit_oo=NO_LIMIT, limit_moo=NO_LIMIT,
      refusal_ok=True)
prove("sin", C6, r"\sin(x)", limit_oo=NO_LIMIT, limit_moo=NO_LIMIT, range="Interval(-1, 1)",
      max=("1", True), symmetry="odd")
prove("x_sin", C6, r"x\sin(x)", limit_oo=NO_LIMIT, limit_moo=NO_LIMIT,
      range="Interval(-oo, oo)", max=("oo", False), symmetry="even")
prove("sin_x2", C6, r"\sin(x^2)", limit_oo=NO_LIMIT, limit_moo=NO_LIMIT,
      range="Interval(-1, 1)", max=("1", True), symmetry="even")
prove("exp_sin_exp", C6, r"e^{-x}\sin(e^{x})", limit_oo="0", limit_moo="1")
prove("sin_sin_sqrt2", C6, r"\sin(x) + \sin(\sqrt{2} x)", range="Interval.open(-2, 2)",
      max=("2", False), min=("-2", False), limit_oo=NO_LIMIT, symmetry="odd")
prove("tanh_eps_sin", C6, r"\tanh(x) + 10^{-20}\sin(x)", limit_oo=NO_LIMIT,
      limit_moo=NO_LIMIT, range="Interval.open(-1 - 1/10**20, 1 + 1/10**20)",
      max=("1 + 1/10**20", False), monotonic="not monotonic", symmetry="odd")
prove("sin_over_1px2", C6, r"\frac{\sin(x)}{1+x^2}", limit_oo="0", limit_moo="0",
      symmetry="odd")
prove("cos_exp", C6, r"\cos(e^{x})", limit_moo="1", limit_oo=NO_LIMIT)

# ---------------------------------------------------------------- 7. poles, singular points
C7 = "poles"
prove("tan", C7, r"\tan(x)", limit_oo=NO_LIMIT, limit_moo=NO_LIMIT,
      monotonic="not monotonic", refusal_ok=True)
prove("recip", C7, r"\frac{1}{x}", limit_oo="0", limit_moo="0", monotonic="not monotonic",
      refusal_ok=True)
prove("csc", C7, r"\csc(x)", limit_oo=NO_LIMIT, limit_moo=NO_LIMIT, refusal_ok=True)
prove("gamma", C7, r"\Gamma(x)", limit_oo="oo", limit_moo=NO_LIMIT, refusal_ok=True)
prove("expm1_x_over_x2", C7, r"\frac{e^x-1-x}{x^2}", limit_oo="oo", limit_moo="0",
      refusal_ok=True)
prove("x_over_expm1", C7, r"\frac{x}{e^x-1}", limit_oo="0", limit_moo="oo", refusal_ok=True)
prove("sinc", C7, r"\frac{\sin x}{x}", limit_oo="0", limit_moo="0", refusal_ok=True)
prove("inv_x2", C7, r"\frac{1}{x^2}", limit_oo="0", limit_moo="0", refusal_ok=True)
prove("ln_abs", C7, r"\ln|x|", limit_oo="oo", limit_moo="oo", refusal_ok=True)
prove("removable_linear", C7, r"\frac{x^2-1}{x-1}", limit_oo="oo", limit_moo="-oo",
      refusal_ok=True)

# ---------------------------------------------------------------- 10. brackets, sup vs max
C10 = "brackets"
prove("gelu", C10, r"\frac{x}{2}\left(1+\operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
      min=("GELU_MIN", True), range="Interval(GELU_MIN, oo)",
      sup_derivative=("1/2 + erf(1)/2 + exp(-1)/sqrt(pi)", True),
      inf_derivative=("1/2 - erf(1)/2 - exp(-1)/sqrt(pi)", True), limit_moo="0")
prove("tanh", C10, r"\tanh(x)", range="Interval.open(-1, 1)", max=("1", False),
      sup_derivative=("1", True), inf_derivative=("0", False), lipschitz="1")
prove("softplus", C10, r"\ln(1+e^{x})", range="Interval.open(0, oo)", min=("0", False),
      sup_derivative=("1", False), inf_derivative=("0", False), lipschitz="1")
prove("elu", C10, r"\begin{cases} x & x > 0 \\ e^{x} - 1 & \text{otherwise} \end{cases}",
      range="Interval.open(-1, oo)", min=("-1", False), sup_derivative=("1", True),
      inf_derivative=("0", False), continuity="C^1", differentiable="everywhere")
prove("silu", C10, r"\frac{x}{1+e^{-x}}", min=("SILU_MIN", True),
      range="Interval(SILU_MIN, oo)", sup_derivative=("DSILU_MAX", True),
      inf_derivative=("DSILU_MIN", True))
prove("mish", C10, r"x\tanh(\ln(1+e^{x}))", min=("MISH_MIN", True),
      range="Interval(MISH_MIN, oo)")
prove("softsign", C10, r"\frac{x}{1+|x|}", range="Interval.open(-1, 1)",
      sup_derivative=("1", True), inf_derivative=("0", False), continuity="C^1", lipschitz="1")
prove("hardtanh", C10, r"\max(-1, \min(1, x))", range="Interval(-1, 1)", max=("1", True),
      min=("-1", True), lipschitz="1", continuity="C^0", differentiable="{-1, 1}",
      monotonic="non-decreasing")
prove("gauss", C10, r"e^{-x^2}", range="Interval.Lopen(0, 1)", max=("1", True),
      min=("0", False), sup_derivative=("sqrt(2)*exp(-1/2)", True),
      lipschitz="sqrt(2)*exp(-1/2)")
prove("atan_half", C10, r"\arctan(x) + \frac{x}{2}", sup_derivative=("3/2", True),
      inf_derivative=("1/2", False), range="Interval(-oo, oo)", monotonic="increasing")
prove("neg_softplus_neg", C10, r"x - \ln(1+e^{x})", range="Interval.open(-oo, 0)",
      max=("0", False), sup_derivative=("1", False), inf_derivative=("0", False),
      monotonic="increasing")

# ---------------------------------------------------------------- 11. parameters at the edge
C11 = "extreme-parameters"
prove("exp200", C11, r"e^{200x}", range="Interval.open(0, oo)", min=("0", False),
      monotonic="increasing", limit_moo="0", lipschitz="oo")
prove("sigmoid_1e6", C11, r"\frac{1}{1+e^{-10^{6}x}}", range="Interval.open(0, 1)",
      sup_derivative=("250000", True), lipschitz="250000",
      symmetry=("point-symmetric", "0", "1/2"), monotonic="increasing")
prove("tanh_plus_tiny_slope", C11, r"10^{-30}x + \tanh(x)", range="Interval(-oo, oo)",
      monotonic="increasing", limit_oo="oo", max=("oo", False),
      inf_derivative=("1/10**30", False), sup_derivative=("1 + 1/10**30", True))
prove("tanh_minus_tiny_slope", C11, r"\tanh(x) - 10^{-30}x", limit_oo="-oo",
      monotonic="not monotonic", max=("TANH_TILT", True), range="Interval(-oo, oo)",
      symmetry="odd")
prove("sigmoid_1e-30", C11, r"\frac{1}{1+e^{-10^{-30}x}}", range="Interval.open(0, 1)",
      sup_derivative=("1/(4*10**30)", True), monotonic="increasing", limit_oo="1")
prove("gauss_1e-20", C11, r"e^{-10^{-20}x^2}", range="Interval.Lopen(0, 1)", max=("1", True),
      lipschitz="sqrt(2)*exp(-1/2)/10**10", symmetry="even")
prove("softplus_200", C11, r"\frac{\ln(1+e^{200x})}{200}", range="Interval.open(0, oo)",
      sup_derivative=("1", False), min=("0", False))
prove("big_tanh", C11, r"10^{30}\tanh(10^{-30}x)", range="Interval.open(-10**30, 10**30)",
      lipschitz="1", sup_derivative=("1", True), monotonic="increasing",
      max=("10**30", False))

# ---------------------------------------------------------------- 13. must not hang (prove)
C13 = "hangs"
prove("sigmoid_exp_exp", C13, r"\frac{1}{1+e^{-e^{e^x}}}",
      range="Interval.open(1/(1 + exp(-1)), 1)", monotonic="increasing",
      limit_moo="1/(1 + exp(-1))", limit_oo="1")
prove("tanh3", C13, r"\tanh(\tanh(\tanh(x)))", range="Interval.open(-tanh(tanh(1)), tanh(tanh(1)))",
      symmetry="odd", monotonic="increasing", sup_derivative=("1", True), lipschitz="1")
prove("sin3", C13, r"\sin(\sin(\sin(x)))", range="Interval(-sin(sin(1)), sin(sin(1)))",
      max=("sin(sin(1))", True), symmetry="odd")
prove("relu_pair", C13, r"\max(0,x)+\max(10^{-4},x)", range="Interval(1/10**4, oo)",
      min=("1/10**4", True), monotonic="non-decreasing", lipschitz="2", continuity="C^0",
      limit_moo="1/10**4")

# ---------------------------------------------------------------- 14. almost-properties
C14 = "almost"
prove("tanh_plus_tiny_x2", C14, r"\tanh(x) + 10^{-30}x^2", symmetry="none",
      monotonic="not monotonic", limit_moo="oo", limit_oo="oo", min=("TANH_X2_MIN", True),
      range="Interval(TANH_X2_MIN, oo)")
prove("sigmoid_plus_1e-30", C14, r"\frac{1}{1+e^{-x}} + 10^{-30}",
      symmetry=("point-symmetric", "0", "1/2 + 1/10**30"),
      range="Interval.open(1/10**30, 1 + 1/10**30)", value_at_0="1/2 + 1/10**30")
prove("gauss_tilt", C14, r"e^{-x^2} + 10^{-30}x", symmetry="none",
      range="Interval(-oo, oo)", monotonic="not monotonic")
prove("cubic_minus_tiny", C14, r"x^3 - 10^{-30}x", monotonic="not monotonic", symmetry="odd",
      range="Interval(-oo, oo)")
prove("cubic_plus_tiny", C14, r"x^3 + 10^{-30}x", monotonic="increasing", symmetry="odd",
      inf_derivative=("1/10**30", True))
prove("log_ratio", C14, r"\frac{\ln(1+x^2)}{1+x^2}", max=("exp(-1)", True), min=("0", True),
      range="Interval(0, exp(-1))", symmetry="even", limit_oo="0")
prove("sin_gauss", C14, r"\sin(x)e^{-x^2}", max=("SIN_GAUSS", True),
      range="Interval(-SIN_GAUSS, SIN_GAUSS)", symmetry="odd", limit_oo="0")
prove("x_gauss", C14, r"xe^{-x^2}", max=("sqrt(2)*exp(-1/2)/2", True),
      inf_derivative=("-2*exp(-3/2)", True), sup_derivative=("1", True))

# ---------------------------------------------------------------- 8. claims false by 1e-30
C8 = "tight-bounds"
verify("sigmoid_le_1m1e-30", C8, r"\frac{1}{1+e^{-x}} \le 1 - 10^{-30}", holds=False)
verify("sigma_lt_1", C8, r"\sigma(x) < 1", holds=True)
verify("pi_bump_le", C8, r"\frac{\pi}{1+x^2} \le \pi", holds=True)
verify("pi_bump_lt", C8, r"\frac{\pi}{1+x^2} < \pi", holds=False)
verify("softplus_relu_le_ln2", C8,
       r"\operatorname{softplus}(x) - \operatorname{ReLU}(x) \le \ln 2", holds=True)
verify("softplus_relu_lt_ln2", C8,
       r"\operatorname{softplus}(x) - \operatorname{ReLU}(x) < \ln 2", holds=False)
verify("tanh_lt_1", C8, r"\tanh(x) < 1", holds=True)
verify("tanh_le_1m1e-30", C8, r"\tanh(x) \le 1 - 10^{-30}", holds=False)
verify("gauss_le_1", C8, r"e^{-x^2} \le 1", holds=True)
verify("gauss_lt_1", C8, r"e^{-x^2} < 1", holds=False)
verify("sig_deriv_le_quarter", C8, r"\sigma(x)(1-\sigma(x)) \le \frac{1}{4}", holds=True)
verify("sig_deriv_lt_quarter", C8, r"\sigma(x)(1-\sigma(x)) < \frac{1}{4}", holds=False)
verify("sig_deriv_le_quarter_m", C8, r"\sigma(x)(1-\sigma(x)) \le \frac{1}{4} - 10^{-30}",
       holds=False)
verify("softplus_gt_x", C8, r"\ln(1+e^{x}) > x", holds=True)
verify("softplus_gt_x_eps", C8, r"\ln(1+e^{x}) > x + 10^{-30}", holds=False)
verify("silu_ge_m02785", C8, r"\frac{x}{1+e^{-x}} \ge -0.2785", holds=True)
verify("silu_ge_m02784", C8, r"\frac{x}{1+e^{-x}} \ge -0.2784", holds=False)
verify("softsign_lt_1", C8, r"\frac{x}{1+|x|} < 1", holds=True)
verify("sigma_sum_1", C8, r"\frac{1}{1+e^{-x}} + \frac{1}{1+e^{x}} = 1", holds=True)
verify("sigma_sum_1_eps", C8, r"\sigma(x) + \sigma(-x) = 1 + 10^{-30}", holds=False)
verify("ln1p_e100", C8, r"\ln(1+e^{-100}) = e^{-100}", holds=False)
verify("pi_gt_355", C8, r"\pi - \frac{355}{113} > 0", holds=False)
verify("pi_lt_355", C8, r"\pi < \frac{355}{113}", holds=True)
verify("ramanujan_eq", C8, r"e^{\pi\sqrt{163}} = 262537412640768744", holds=False)
verify("ramanujan_lt", C8, r"e^{\pi\sqrt{163}} < 262537412640768744", holds=True)
verify("gelu_ge_m017", C8, r"\frac{x}{2}\left(1+\operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right) \ge -0.17",
       holds=True)
verify("gelu_ge_m01699", C8, r"\frac{x}{2}\left(1+\operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right) \ge -0.1699",
       holds=False)

# ---------------------------------------------------------------- 9. decimals
C9 = "decimals"
verify("ln2_neither", C9, r"\ln 2 = 0.69314718055994529", decimal="neither")
verify("sigma1_trunc", C9, r"\sigma(1) = 0.73105857863000487", decimal="truncation")
verify("sigma1_round", C9, r"\sigma(1) = 0.73105857863000488", decimal="rounding")
verify("sigma1_neither", C9, r"\sigma(1) = 0.73105857863000489", decimal="neither")
verify("quarter20_trunc", C9, r"0.25^{20} = 9.094 \times 10^{-13}", decimal="truncation")
verify("quarter20_round", C9, r"0.25^{20} = 9.095 \times 10^{-13}", decimal="rounding")
verify("quarter20_neither", C9, r"0.25^{20} = 9.093 \times 10^{-13}", decimal="neither")
verify("pi_both", C9, r"\pi = 3.14159", decimal="both")
verify("pi_round", C9, r"\pi = 3.1416", decimal="rounding")
verify("pi_trunc", C9, r"\pi = 3.1415", decimal="truncation")
verify("pi_neither", C9, r"\pi = 3.1417", decimal="neither")
verify("e_both", C9, r"e = 2.718281828459045", decimal="both")
verify("sqrt2_round", C9, r"\sqrt{2} = 1.41421356237309505", decimal="rounding")
verify("two_thirds_trunc", C9, r"\frac{2}{3} = 0.6666", decimal="truncation")
verify("two_thirds_round", C9, r"\frac{2}{3} = 0.6667", decimal="rounding")
verify("two_thirds_neither", C9, r"\frac{2}{3} = 0.6668", decimal="neither")
verify("ln2_17_both", C9, r"\ln 2 = 0.6931471805599453", decimal="both")
verify("e100_round", C9, r"e^{-100} = 3.720075976020836 \times 10^{-44}", decimal="rounding")
verify("ln1p_e100_round", C9, r"\ln(1+e^{-100}) = 3.720075976020836 \times 10^{-44}",
       decimal="rounding")
verify("ramanujan_decimal", C9, r"e^{\pi\sqrt{163}} = 262537412640768743.99999999999925",
       decimal="both")
verify("sigma_prime0_exact", C9, r"\sigma'(0) = 0.25", holds=True)
verify("decimal_sum_exact", C9, r"0.1 + 0.2 = 0.3", holds=True)
verify("pow2_exact", C9, r"2^{-10} = 0.0009765625", holds=True)
verify("pow2_wrong", C9, r"2^{-10} = 0.0009765624", decimal="neither")

# ---------------------------------------------------------------- 12. LaTeX as papers write it
C12 = "paper-latex"
verify("d_arctan_inv", C12, r"\frac{d}{dx}\tan^{-1}x = \frac{1}{1+x^2}", holds=True)
verify("artanh_not_recip", C12, r"\tanh^{-1}(x) = \frac{1}{\tanh(x)}", holds=False)
verify("d_arctan", C12, r"\frac{d}{dx}\arctan(x) = \frac{1}{1+x^2}", holds=True)
verify("artanh_tanh", C12, r"\operatorname{artanh}(\tanh(x)) = x", holds=True)
verify("tanh_inv_tanh", C12, r"\tanh^{-1}(\tanh(x)) = x", holds=True)
verify("asinh_log", C12, r"\sinh^{-1}(x) = \ln(x + \sqrt{x^2+1})", holds=True)
verify("atan_sum_pi2", C12, r"\tan^{-1}(x) + \tan^{-1}\left(\frac{1}{x}\right) = \frac{\pi}{2}",
       holds=False)
verify("sigma_prime", C12, r"\sigma'(x) = \sigma(x)(1-\sigma(x))", holds=True)
verify("tanh_sigma", C12, r"\tanh(x) = 2\sigma(2x) - 1", holds=True)
verify("tanh_prime", C12, r"\tanh'(x) = 1 - \tanh^2(x)", holds=True)
verify("asin_sin", C12, r"\sin^{-1}(\sin(x)) = x", holds=False)
verify("pythagoras", C12, r"\cos^2 x + \sin^2 x = 1", holds=True)
verify("log_exp", C12, r"\log(e^{x}) = x", holds=True)
verify("d_softplus", C12, r"\frac{d}{dx}\operatorname{softplus}(x) = \sigma(x)", holds=True)
verify("relu_max", C12, r"\operatorname{ReLU}(x) = \max(0, x)", holds=True)
verify("d_silu", C12, r"\frac{d}{dx} x\sigma(x) = \sigma(x) + x\sigma(x)(1-\sigma(x))",
       holds=True)
verify("tanh_exp", C12, r"\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}", holds=True)
verify("sigma_inv_logit", C12, r"\sigma^{-1}(\sigma(x)) = x", holds=True, refusal_ok=True)

# ---------------------------------------------------------------- 13. must not hang (verify)
verify("relu_pair_eq", C13, r"\max(0,x)+\max(10^{-4},x) = 2\max(0,x)", holds=False)
verify("abs_cond", C13, r"|x| = x, x > -10^{-4}", holds=False)
verify("abs_cond_true", C13, r"|x| = x, x > 10^{-4}", holds=True)
verify("d12_tanh3", C13, r"\frac{d^{12}}{dx^{12}}\tanh(\tanh(\tanh x)) = 0", holds=False)
verify("relu_abs", C13, r"\max(0,x) + \max(0,-x) = |x|", holds=True)
verify("d6_sigma", C13, r"\frac{d^{6}}{dx^{6}} \sigma(x) = 0", holds=False)
verify("sigma4_lt_1", C13, r"\sigma(\sigma(\sigma(\sigma(x)))) < 1", holds=True)

# 60+-digit values of truths with no closed form, computed by ground_truth.py (mp.findroot on
# my derivative, 80-150 digits) and re-checked by test_ground_truth.py.
NUMERIC = {
    "SIG_BUMP": "1.5000000000000000015625000000000000012207031249999999624888102214",
    "TANH_BUMP": "2.9950547536867304513330969188723615641490485841050398875259327892",
    "TIE_PLUS": "1.0000000000000000000000000999999999999999999999999999999999999986",
    "TIE_MINUS": "1.0",
    "TIE_PI": "0.78539823008849557522123893805309734513274339204926679973699125114",
    "SIN_EPS": "1.00000000000000000000000000000000000000000000000002",
    "TWIN": "1.0198658183311206327974262001790799590668108909044972187531281632",
    "DSILU_MAX": "1.099839320128866916958184924320570972130729394209303604457739025",
    "DSILU_MIN": "-0.09983932012886691695818492432057097213072939420930360445773889856",
    "X2SECH2": "0.43922883989064515077597963665485294838864177649391054602281765734",
    "GELU_MIN": "-0.16997120747990366169386847098243392283285239241823775196112896092",
    "SILU_MIN": "-0.27846454276107379510935873902298015543947748861974576545317807844",
    "MISH_MIN": "-0.30884341301725040662876022904195372845956412325417604377577997156",
    "TANH_TILT": "0.99999999999999999999999999996426807642452936943031289605827648423",
    "TANH_X2_MIN": "-0.99999999999999999999999999886893313528821767080615287985750283993",
    "SIN_GAUSS": "0.39665296108547105378941015709798135920383565424389072248236716251",
}


def _fill(v):
    if isinstance(v, str):
        for k in sorted(NUMERIC, key=len, reverse=True):
            v = v.replace(k, NUMERIC[k])
        return v
    if isinstance(v, tuple):
        return tuple(_fill(p) for p in v)
    return v


# Cases on which symact (main at af21a67) spent more than 5 s of CPU, or hung, measured on
# 2026-12-02: marked slow so that `-m "not slow"` gives a quick run.
SLOW = {
    "tanh_minus_tiny_slope", "tanh_bump_3", "gauss_tilt", "tanh_invisible_bump", "relu_bump_-1",
    "sigmoid_tiny_bump_40", "x2_sech2", "sigmoid_plus_steep_tanh", "sigmoid_exp_exp",
    "abs_cond", "d12_tanh3", "tanh_plus_tiny_x2", "cos_minus_cos_1e-30", "tanh3",
    "sigmoid_bump_1e-8",
}

for _c in CASES:
    _c["truth"] = {k: _fill(v) for k, v in _c["truth"].items()}
    _c["slow"] = _c["slow"] or _c["id"] in SLOW
