"""Third adversarial soundness corpus: convexity (and the other `prove` properties on functions
where they are delicate).  Built blind (README, --help, the CLI's JSON, the earlier corpora's
format); this module never imports symact.

A case: id, cat, argv, f (my mpmath definition of the function), truth, how.
truth keys (all optional except convexity):
  convexity      "convex" | "concave" | "affine" | "neither"   (on the whole real line;
                 "convex"/"concave" = not affine)
  infl           list of the exact inflection points (sign changes of f'') as mpmath numbers,
                 or "infinite"; None = not checked (kinks make "inflection" a convention)
  infl_ok        piecewise: points that may be reported (kinks where the sense changes)
  probes         [(x0, h)] extra points for the second-difference check (kinks, tiny effects)
  min/max/...    exact values where stated ("oo"/"-oo" as strings)
  mono, sym, cont, diff    monotonicity / symmetry / continuity / differentiability words
  grid_f2        False: do not scan f'' for sign changes (piecewise: the scan uses f only)
test_truth.py re-establishes every truth with mpmath at 80 digits; test_symact3.py judges.
"""
from __future__ import annotations

import mpmath as mp

mp.mp.dps = 80
M = mp.mpf
E = mp.e
PI = mp.pi
S2 = mp.sqrt(2)

CASES: list[dict] = []


def _cs(x):  # cosh^2 - sinh^2 with enough digits for the cancellation at |x| = 1000
    with mp.workdps(2000):
        return +(mp.cosh(x)**2 - mp.sinh(x)**2)


def L(id, cat, latex, f, how, **truth):
    CASES.append(dict(id=id, cat=cat, argv=["prove", "--latex", latex, "--json"], f=f,
                      truth=truth, how=how, input=latex))


def N(id, cat, name, params, f, how, **truth):
    argv = ["prove", name]
    for k, v in params.items():
        argv += ["--param", f"{k}={v}"]
    CASES.append(dict(id=id, cat=cat, argv=argv + ["--json"], f=f, truth=truth, how=how,
                      input=" ".join(argv[1:])))


def sig(x):
    return 1 / (1 + mp.exp(-x))


def sp(x):  # softplus without overflow
    return mp.log1p(mp.exp(x)) if x < 0 else x + mp.log1p(mp.exp(-x))


def pw(*rows):
    """rows: (cond(x), g(x)) first match; last row's cond is None (otherwise)."""
    def f(x):
        for c, g in rows:
            if c is None or c(x):
                return g(x)
    return f


TINY = M(10) ** -20
# ------------------------------------------------------------- convex, f'' touching 0
C = "convex-smooth"
L("x4", C, "x^4", lambda x: x**4, "f''=12x^2>=0, zero only at 0", convexity="convex", infl=[],
  min=0, sym="even")
L("x4_x6", C, "x^4 + x^6", lambda x: x**4 + x**6, "f''=12x^2+30x^4>=0", convexity="convex", infl=[])
L("x6", C, "x^{6}", lambda x: x**6, "f''=30x^4>=0", convexity="convex", infl=[])
L("x4_shift", C, r"(x-\sqrt{2})^4", lambda x: (x - S2)**4, "f''=12(x-sqrt2)^2>=0",
  convexity="convex", infl=[], min=0)
L("cosh_m_half_x2", C, r"\cosh(x) - \frac{x^2}{2}", lambda x: mp.cosh(x) - x**2 / 2,
  "f''=cosh x-1>=0, zero only at 0", convexity="convex", infl=[], min=1, sym="even")
L("cosh", C, r"\cosh(x)", mp.cosh, "f''=cosh>0", convexity="convex", infl=[], min=1)
L("exp_pm", C, r"e^{x} + e^{-x}", lambda x: mp.exp(x) + mp.exp(-x), "f''=f>0",
  convexity="convex", infl=[], min=2)
L("softplus_x4", C, r"\log(1+e^{x}) + x^4", lambda x: sp(x) + x**4,
  "sum of convex (sigma'>0) and convex", convexity="convex", infl=[])
L("softplus_latex", C, r"\ln(1+e^{x})", sp, "f''=sigma(1-sigma)>0", convexity="convex",
  infl=[], min=0, mono="increasing")
L("softplus2x_half", C, r"\frac{1}{2}\log(1+e^{2x})", lambda x: sp(2 * x) / 2,
  "f''=2 sigma'(2x)>0", convexity="convex", infl=[])
L("x2h_cos", C, r"\frac{x^2}{2} + \cos(x)", lambda x: x**2 / 2 + mp.cos(x),
  "f''=1-cos x>=0, zero at 2 pi k (infinitely many touches, no sign change)",
  convexity="convex", infl=[], min=1, sym="even")
L("x2h_sin", C, r"\frac{x^2}{2} + \sin(x)", lambda x: x**2 / 2 + mp.sin(x),
  "f''=1-sin x>=0, zero at pi/2+2 pi k", convexity="convex", infl=[])
L("x2_sin", C, r"x^2 + \sin(x)", lambda x: x**2 + mp.sin(x), "f''=2-sin x>=1",
  convexity="convex", infl=[])
L("x2_tiny_sin", C, r"x^2 + 10^{-6}\sin(x)", lambda x: x**2 + M(10)**-6 * mp.sin(x),
  "f''=2-1e-6 sin x>0", convexity="convex", infl=[])
L("x2_sin1000_ok", C, r"x^2 + 10^{-6}\sin(1000x)", lambda x: x**2 + M(10)**-6 * mp.sin(1000 * x),
  "f''=2-sin(1000x)>=1", convexity="convex", infl=[])
L("x2_sin1000_touch", C, r"x^2 + 2\cdot 10^{-6}\sin(1000x)",
  lambda x: x**2 + 2 * M(10)**-6 * mp.sin(1000 * x),
  "f''=2-2 sin(1000x)>=0, zero at (pi/2+2 pi k)/1000, no sign change", convexity="convex", infl=[])
L("sqrt1px2", C, r"\sqrt{1+x^2}", lambda x: mp.sqrt(1 + x**2), "f''=(1+x^2)^(-3/2)>0",
  convexity="convex", infl=[], min=1, sym="even")
L("xatan", C, r"x\arctan(x)", lambda x: x * mp.atan(x), "f''=2/(1+x^2)^2>0",
  convexity="convex", infl=[], min=0, sym="even")
L("logcosh", C, r"\log(\cosh(x))", lambda x: mp.log(mp.cosh(x)), "f''=sech^2>0",
  convexity="convex", infl=[], min=0, sym="even")
L("x4_plus_tiny_affine", C, r"x^4 + 10^{-20}x + 3", lambda x: x**4 + TINY * x + 3,
  "f''=12x^2 (affine part irrelevant)", convexity="convex", infl=[])
L("exp", C, r"e^{x}", mp.exp, "f''=e^x>0", convexity="convex", infl=[], min=0, mono="increasing")
L("x2_exp", C, r"x^2 e^{0}+ e^{-x}", lambda x: x**2 + mp.exp(-x), "f''=2+e^-x>0",
  convexity="convex", infl=[])
L("abs_cubed", C, r"|x|^3", lambda x: abs(x)**3, "f''=6|x|>=0 (C^2)", convexity="convex",
  infl=[], min=0, sym="even")
L("x2_log1px2", C, r"x^2 - \frac{1}{2}\log(1+x^2)", lambda x: x**2 - mp.log(1 + x**2) / 2,
  "f''=2-(1-x^2)/(1+x^2)^2>=2-1=1>0", convexity="convex", infl=[], min=0)

# ------------------------------------------------------------- concave
K = "concave-smooth"
L("m_x4", K, "-x^4", lambda x: -x**4, "f''=-12x^2<=0", convexity="concave", infl=[], max=0)
L("m_softplus", K, r"-\log(1+e^{x})", lambda x: -sp(x), "-(convex)", convexity="concave", infl=[],
  max=0)
L("logsig_latex", K, r"\log\left(\frac{1}{1+e^{-x}}\right)", lambda x: -sp(-x),
  "log sigma = -softplus(-x), f''=-sigma'<0", convexity="concave", infl=[], max=0)
L("m_sqrt1px2", K, r"-\sqrt{1+x^2}", lambda x: -mp.sqrt(1 + x**2), "-(convex)",
  convexity="concave", infl=[], max=-1)
L("m_x2h_cos", K, r"\cos(x) - \frac{x^2}{2}", lambda x: mp.cos(x) - x**2 / 2,
  "f''=-cos x-1<=0, zero at pi+2 pi k", convexity="concave", infl=[], max=1)
L("m_x4_x6", K, r"-x^4 - x^6", lambda x: -x**4 - x**6, "f''<=0", convexity="concave", infl=[])
L("log_x2p1_neg", K, r"-\log(\cosh(x)) - x^2", lambda x: -mp.log(mp.cosh(x)) - x**2,
  "f''=-sech^2-2<0", convexity="concave", infl=[], max=0)

# ------------------------------------------------------------- affine, plain and disguised
A = "affine"
L("aff_2x1", A, "2x+1", lambda x: 2 * x + 1, "affine", convexity="affine", infl=[])
L("aff_sq_diff", A, "(x+1)^2 - x^2", lambda x: (x + 1)**2 - x**2, "= 2x+1", convexity="affine",
  infl=[])
L("aff_log_exp2x", A, r"\log(e^{2x})", lambda x: 2 * x, "= 2x", convexity="affine", infl=[])
L("aff_softplus_diff", A, r"\log(1+e^{x}) - \log(1+e^{-x})", lambda x: sp(x) - sp(-x),
  "softplus(x)-softplus(-x) = x", convexity="affine", infl=[], sym="odd")
L("aff_trig", A, r"\sin^2(x) + \cos^2(x) + x", lambda x: mp.sin(x)**2 + mp.cos(x)**2 + x,
  "= x+1", convexity="affine", infl=[])
L("aff_cosh_sinh", A, r"\cosh^2(x) - \sinh^2(x)", _cs,
  "= 1 (constant)", convexity="affine", infl=[])
L("aff_max_min", A, r"\max(x,0) + \min(x,0)", lambda x: x, "= x", convexity="affine", infl=[])
L("aff_relu_diff", A, r"\max(0,x) - \max(0,-x)", lambda x: x, "= x", convexity="affine", infl=[])
L("aff_abs_sq", A, r"|x|^2 - x^2 + 3x", lambda x: 3 * x, "= 3x", convexity="affine", infl=[])
L("aff_tanh_sig", A, r"2\cdot\frac{1}{1+e^{-2x}} - 1 - \tanh(x) + x",
  lambda x: 2 * sig(2 * x) - 1 - mp.tanh(x) + x, "tanh = 2 sigma(2x)-1, so = x",
  convexity="affine", infl=[])
L("aff_sqrt_exp", A, r"\sqrt{e^{2x}} e^{-x} x", lambda x: x, "= x", convexity="affine", infl=[])

# ------------------------------------------------------------- neither: inflections
I = "inflection"
L("x3_m2x", I, "x^3 - 2x", lambda x: x**3 - 2 * x, "f''=6x", convexity="neither", infl=[M(0)],
  sym="odd")
L("tanh_shift_sqrt2", I, r"\tanh(x-\sqrt{2})", lambda x: mp.tanh(x - S2),
  "f''=-2 tanh sech^2 at x-sqrt2: sign change only at sqrt 2", convexity="neither", infl=[S2])
L("atan_shift_e", I, r"\arctan(x-e)", lambda x: mp.atan(x - E), "f''=-2u/(1+u^2)^2, u=x-e",
  convexity="neither", infl=[E])
L("cube_pi", I, r"(x-\pi)^3", lambda x: (x - PI)**3, "f''=6(x-pi)", convexity="neither",
  infl=[PI])
L("x6_m_x4", I, "x^6 - x^4", lambda x: x**6 - x**4,
  "f''=6x^2(5x^2-2): <0 on both sides of 0 (double zero, no inflection), changes at +-sqrt(2/5)",
  convexity="neither", infl=[-mp.sqrt(M(2) / 5), mp.sqrt(M(2) / 5)])
L("x4_m_x3", I, "x^4 - x^3", lambda x: x**4 - x**3, "f''=6x(2x-1)", convexity="neither",
  infl=[M(0), M(1) / 2])
L("x5", I, "x^5", lambda x: x**5, "f''=20x^3", convexity="neither", infl=[M(0)])
L("x4_tiny_x3", I, r"x^4 + 10^{-6}x^3", lambda x: x**4 + M(10)**-6 * x**3,
  "f''=6x(2x+1e-6): simple zeros at -5e-7 and 0", convexity="neither",
  infl=[-5 * M(10)**-7, M(0)])
L("x4_tiny_x2", I, r"x^4 - 10^{-12}x^2", lambda x: x**4 - M(10)**-12 * x**2,
  "f''=12x^2-2e-12: zeros +-1e-6/sqrt6", convexity="neither",
  infl=[-M(10)**-6 / mp.sqrt(6), M(10)**-6 / mp.sqrt(6)])
L("x3_tiny_shift", I, r"x^3 - 3\cdot 10^{-10}x^2", lambda x: x**3 - 3 * M(10)**-10 * x**2,
  "f''=6x-6e-10", convexity="neither", infl=[M(10)**-10])
L("tanh_pair", I, r"\tanh(x) + \tanh(x - 10^{-6})", lambda x: mp.tanh(x) + mp.tanh(x - M(10)**-6),
  "g''=tanh'' odd, <0 on x>0: f''<0 for x>1e-6, >0 for x<0; on (0,1e-6) f'' is decreasing "
  "(g''' <0 near 0), f''(5e-7)=0 by oddness", convexity="neither", infl=[5 * M(10)**-7])
L("x3_px", I, "x^3 + x", lambda x: x**3 + x, "f''=6x", convexity="neither", infl=[M(0)],
  mono="increasing")
L("x2m2_sq", I, "(x^2-2)^2", lambda x: (x**2 - 2)**2, "f''=12x^2-8", convexity="neither",
  infl=[-mp.sqrt(M(2) / 3), mp.sqrt(M(2) / 3)], min=0)
L("x_over_1px2", I, r"\frac{x}{1+x^2}", lambda x: x / (1 + x**2), "f''=2x(x^2-3)/(1+x^2)^3",
  convexity="neither", infl=[-mp.sqrt(3), M(0), mp.sqrt(3)], max=M(1) / 2, min=-M(1) / 2)
L("gauss_latex", I, r"e^{-x^2}", lambda x: mp.exp(-x**2), "f''=(4x^2-2)e^{-x^2}",
  convexity="neither", infl=[-1 / S2, 1 / S2], max=1)
L("sin", I, r"\sin(x)", mp.sin, "f''=-sin x: inflections k pi", convexity="neither",
  infl="infinite")
L("x_plus_sin", I, r"x + \sin(x)", lambda x: x + mp.sin(x), "f''=-sin x", convexity="neither",
  infl="infinite", mono="increasing")
L("x2_3sin", I, r"x^2 + 3\sin(x)", lambda x: x**2 + 3 * mp.sin(x),
  "f''=2-3 sin x <0 where sin x>2/3: infinitely many", convexity="neither", infl="infinite")
L("x2_sin1000_bad", I, r"x^2 + 2.000001\cdot 10^{-6}\sin(1000x)",
  lambda x: x**2 + M("2.000001") * M(10)**-6 * mp.sin(1000 * x),
  "f''=2-2.000001 sin(1000x) <0 at x=pi/2000", convexity="neither", infl="infinite",
  probes=[(PI / 2000, M(10)**-6)], period=2 * PI / 1000)
L("x2_1e5_sin1000", I, r"x^2 + 10^{-5}\sin(1000x)",
  lambda x: x**2 + M(10)**-5 * mp.sin(1000 * x), "f''=2-10 sin(1000x)", convexity="neither",
  infl="infinite", probes=[(PI / 2000, M(10)**-6)])
L("sig_minus_x4", I, r"\frac{1}{1+e^{-x}} - \frac{x}{4}", lambda x: sig(x) - x / 4,
  "f''=sigma'': inflection 0", convexity="neither", infl=[M(0)])
L("x_abs_x", I, r"x|x|", lambda x: x * abs(x), "f''=2 sign x, f C^1: inflection 0",
  convexity="neither", infl=[M(0)], sym="odd")
L("x3_x_small_cubic", I, r"x^3 - 10^{-30}x^2", lambda x: x**3 - M(10)**-30 * x**2,
  "f''=6x-2e-30: inflection 1e-30/3", convexity="neither", infl=[M(10)**-30 / 3])
L("exp_neg_x2_shift", I, r"e^{-(x-1)^2}", lambda x: mp.exp(-(x - 1)**2),
  "f''=(4u^2-2)e^{-u^2}, u=x-1", convexity="neither", infl=[1 - 1 / S2, 1 + 1 / S2], max=1)
L("sech", I, r"\frac{1}{\cosh(x)}", lambda x: 1 / mp.cosh(x),
  "f''=sech(tanh^2-sech^2) = sech(1-2sech^2): zero at cosh^2=2, x=+-acosh(sqrt2)",
  convexity="neither", infl=[-mp.acosh(S2), mp.acosh(S2)], max=1)

# ------------------------------------------------------------- piecewise
P = "piecewise"
relu = lambda x: x if x > 0 else M(0)
L("max0x", P, r"\max(0,x)", relu, "slopes 0,1 at 0", convexity="convex", infl_ok=[], min=0)
L("absx", P, r"|x|", abs, "slopes -1,1", convexity="convex", infl_ok=[], min=0, sym="even")
L("abs_pm1", P, r"|x-1| + |x+1|", lambda x: abs(x - 1) + abs(x + 1),
  "slopes -2,0,2", convexity="convex", infl_ok=[], min=2, sym="even")
L("abs_diff", P, r"|x| - |x-1|", lambda x: abs(x) - abs(x - 1),
  "slopes 0,2,0: up at 0, down at 1", convexity="neither", infl_ok=[M(0), M(1)], min=-1, max=1)
L("min0x", P, r"\min(0,x)", lambda x: min(M(0), x), "slopes 1,0: drop", convexity="concave",
  infl_ok=[], max=0)
L("m_absx", P, r"-|x|", lambda x: -abs(x), "slopes 1,-1", convexity="concave", infl_ok=[], max=0)
hub = pw((lambda x: x < -1, lambda x: -x - M(1) / 2), (lambda x: x <= 1, lambda x: x**2 / 2),
         (None, lambda x: x - M(1) / 2))
L("huber", P, r"\begin{cases} -x - \frac{1}{2} & x < -1 \\ \frac{x^2}{2} & x \le 1 \\ x - \frac{1}{2} & \text{otherwise} \end{cases}",
  hub, "C^1 (slopes -1,-1 and 1,1), pieces convex", convexity="convex", infl_ok=[], min=0,
  sym="even")
L("huber_jump", P, r"\begin{cases} \frac{x^2}{2} & x \le 1 \\ x - 0.4 & \text{otherwise} \end{cases}",
  pw((lambda x: x <= 1, lambda x: x**2 / 2), (None, lambda x: x - M("0.4"))),
  "jump 1/2 -> 0.6 at 1: discontinuous, so neither convex nor concave",
  convexity="neither", infl_ok=[M(1)], probes=[(1 + M(10)**-30, M(10)**-30)])
L("huber_up_1e20", P, r"\begin{cases} \frac{x^2}{2} & x \le 1 \\ (1+10^{-20})(x-1) + \frac{1}{2} & \text{otherwise} \end{cases}",
  pw((lambda x: x <= 1, lambda x: x**2 / 2), (None, lambda x: (1 + TINY) * (x - 1) + M(1) / 2)),
  "continuous at 1, slopes 1 -> 1+1e-20 (rises)", convexity="convex", infl_ok=[],
  probes=[(M(1), M(10)**-30)])
L("huber_down_1e20", P, r"\begin{cases} \frac{x^2}{2} & x \le 1 \\ (1-10^{-20})(x-1) + \frac{1}{2} & \text{otherwise} \end{cases}",
  pw((lambda x: x <= 1, lambda x: x**2 / 2), (None, lambda x: (1 - TINY) * (x - 1) + M(1) / 2)),
  "slopes 1 -> 1-1e-20 at 1 (drops): not convex; x^2/2 part: not concave",
  convexity="neither", infl_ok=[M(1)], probes=[(M(1), M(10)**-30)])
L("sq_join_bad", P, r"\begin{cases} x^2 & x < 0 \\ (x-1)^2 - 1 & \text{otherwise} \end{cases}",
  pw((lambda x: x < 0, lambda x: x**2), (None, lambda x: (x - 1)**2 - 1)),
  "both convex, continuous at 0, slopes 0 -> -2 drop", convexity="neither", infl_ok=[M(0)],
  min=-1, probes=[(M(0), M(10)**-10)])
L("sq_join_minus", P, r"\begin{cases} x^2 & x < 0 \\ x^2 - x & \text{otherwise} \end{cases}",
  pw((lambda x: x < 0, lambda x: x**2), (None, lambda x: x**2 - x)),
  "slopes 0 -> -1 drop", convexity="neither", infl_ok=[M(0)], min=-M(1) / 4,
  probes=[(M(0), M(10)**-10)])
L("exp_lin_c1", P, r"\begin{cases} e^{x} & x < 0 \\ 1 + x & \text{otherwise} \end{cases}",
  pw((lambda x: x < 0, mp.exp), (None, lambda x: 1 + x)), "C^1 at 0 (slope 1,1), pieces convex",
  convexity="convex", infl_ok=[], mono="increasing")
L("exp_lin_drop", P, r"\begin{cases} e^{x} & x < 0 \\ 1 + \frac{x}{2} & \text{otherwise} \end{cases}",
  pw((lambda x: x < 0, mp.exp), (None, lambda x: 1 + x / 2)), "slope 1 -> 1/2 drop, e^x strictly convex",
  convexity="neither", infl_ok=[M(0)], probes=[(M(0), M(10)**-10)])
L("concave_pair", P, r"\begin{cases} -x^2 & x < 0 \\ -x^2 - x & \text{otherwise} \end{cases}",
  pw((lambda x: x < 0, lambda x: -x**2), (None, lambda x: -x**2 - x)),
  "concave pieces, slope 0 -> -1 drop", convexity="concave", infl_ok=[], max=0)
L("cube_sq", P, r"\begin{cases} x^3 & x < 0 \\ x^2 & \text{otherwise} \end{cases}",
  pw((lambda x: x < 0, lambda x: x**3), (None, lambda x: x**2)),
  "C^1 at 0, concave left (6x<0), convex right: inflection 0", convexity="neither", infl=[M(0)])
L("sq_tangent", P, r"\begin{cases} x^2 & x < 1 \\ 2x - 1 & \text{otherwise} \end{cases}",
  pw((lambda x: x < 1, lambda x: x**2), (None, lambda x: 2 * x - 1)), "C^1 at 1", convexity="convex",
  infl_ok=[], min=0)
L("sq_tangent_down", P, r"\begin{cases} x^2 & x < 1 \\ (2 - 10^{-20})x - 1 + 10^{-20} & \text{otherwise} \end{cases}",
  pw((lambda x: x < 1, lambda x: x**2), (None, lambda x: (2 - TINY) * x - 1 + TINY)),
  "continuous at 1 (value 1), slope 2 -> 2-1e-20 drop", convexity="neither", infl_ok=[M(1)],
  probes=[(M(1), M(10)**-30)])
L("sq_tangent_up", P, r"\begin{cases} x^2 & x < 1 \\ (2 + 10^{-20})x - 1 - 10^{-20} & \text{otherwise} \end{cases}",
  pw((lambda x: x < 1, lambda x: x**2), (None, lambda x: (2 + TINY) * x - 1 - TINY)),
  "continuous at 1, slope 2 -> 2+1e-20 rise", convexity="convex", infl_ok=[],
  probes=[(M(1), M(10)**-30)])
L("relu_sqrt2", P, r"\begin{cases} 0 & x < \sqrt{2} \\ x - \sqrt{2} & \text{otherwise} \end{cases}",
  lambda x: x - S2 if x >= S2 else M(0), "slopes 0,1 at sqrt 2", convexity="convex", infl_ok=[],
  min=0)
L("mrelu_sqrt2", P, r"\begin{cases} 0 & x < \sqrt{2} \\ \sqrt{2} - x & \text{otherwise} \end{cases}",
  lambda x: S2 - x if x >= S2 else M(0), "slopes 0,-1", convexity="concave", infl_ok=[], max=0)
L("jump_up_1e30", P, r"\begin{cases} x & x < 0 \\ 2x + 10^{-30} & \text{otherwise} \end{cases}",
  pw((lambda x: x < 0, lambda x: x), (None, lambda x: 2 * x + M(10)**-30)),
  "jump of 1e-30 at 0: discontinuous, neither (f(0)=1e-30 > mean of f(+-h), h<1e-30; slopes rise)",
  convexity="neither", infl_ok=[M(0)], probes=[(M(0), M(10)**-32)], cont="discontinuous")
L("jump_down_1e30", P, r"\begin{cases} x & x \le 0 \\ 2x - 10^{-30} & \text{otherwise} \end{cases}",
  pw((lambda x: x <= 0, lambda x: x), (None, lambda x: 2 * x - M(10)**-30)),
  "f(0)=0 > mean of f(+-h) = h/2-5e-31 for h<1e-30: not convex; slopes rise: not concave",
  convexity="neither", infl_ok=[M(0)], probes=[(M(0), M(10)**-32)], cont="discontinuous")
L("point_up", P, r"\begin{cases} 1 & x = 0 \\ x^2 & \text{otherwise} \end{cases}",
  lambda x: M(1) if x == 0 else x**2, "f(0)=1 > mean of f(+-h): not convex; x^2: not concave",
  convexity="neither", infl_ok=[M(0)], probes=[(M(0), M(1) / 10)], cont="discontinuous")
L("point_down", P, r"\begin{cases} -1 & x = 0 \\ x^2 & \text{otherwise} \end{cases}",
  lambda x: M(-1) if x == 0 else x**2,
  "f(1/2)=1/4 > (f(0)+f(1))/2 = 0: not convex; x^2: not concave", convexity="neither",
  infl_ok=[M(0)], probes=[(M(1) / 2, M(1) / 2)], min=-1, cont="discontinuous")
L("relu_half", P, r"\frac{|x|+x}{2}", relu, "= relu", convexity="convex", infl_ok=[], min=0)
L("max_x_x2", P, r"\max(x, x^2)", lambda x: max(x, x**2), "max of convex", convexity="convex",
  infl_ok=[])
L("min_x_x2", P, r"\min(x, x^2)", lambda x: min(x, x**2),
  "= x, x^2 on [0,1], x: slopes drop at 0 (1->0) and 1 (2->1); x^2 part strictly convex",
  convexity="neither", infl_ok=[M(0), M(1)], probes=[(M(0), M(10)**-3)])
L("max_x2_1", P, r"\max(x^2, 1)", lambda x: max(x**2, M(1)), "max of convex", convexity="convex",
  infl_ok=[], min=1)
L("min_x2_1", P, r"\min(x^2, 1)", lambda x: min(x**2, M(1)), "slopes 2 -> 0 at 1 drop; x^2 part",
  convexity="neither", infl_ok=[M(-1), M(1)], max=1, min=0)
L("abs_x2m1", P, r"|x^2 - 1|", lambda x: abs(x**2 - 1),
  "1-x^2 concave on (-1,1), kinks up at +-1", convexity="neither", infl_ok=[M(-1), M(1)], min=0)
L("abs_cube", P, r"|x^3|", lambda x: abs(x)**3, "= |x|^3, C^2 convex", convexity="convex",
  infl_ok=[], min=0)
L("abs_sin", P, r"|\sin(x)|", lambda x: abs(mp.sin(x)), "concave arcs, kinks up at k pi",
  convexity="neither", infl_ok=None, probes=[(M(0), M(10)**-3)], max=1, min=0)
L("max_tiny_kink", P, r"\max(x, (1+10^{-20})x)", lambda x: max(x, (1 + TINY) * x),
  "slopes 1, 1+1e-20: convex, not affine", convexity="convex", infl_ok=[],
  probes=[(M(0), M(1))])
L("min_tiny_kink", P, r"\min(x, (1+10^{-20})x)", lambda x: min(x, (1 + TINY) * x),
  "slopes 1+1e-20, 1: concave", convexity="concave", infl_ok=[], probes=[(M(0), M(1))])
L("softsign_latex", P, r"\frac{x}{1+|x|}", lambda x: x / (1 + abs(x)),
  "f''=-2 sign(x)/(1+|x|)^3, C^1: inflection 0", convexity="neither", infl=[M(0)], sym="odd")
L("sparse_like", P, r"\begin{cases} 0 & x \le -1 \\ \frac{(x+1)^2}{4} & x < 1 \\ x & \text{otherwise} \end{cases}",
  pw((lambda x: x <= -1, lambda x: M(0)), (lambda x: x < 1, lambda x: (x + 1)**2 / 4), (None, lambda x: x)),
  "C^1 (slopes 0,0 and 1,1)", convexity="convex", infl_ok=[], min=0)
L("sparse_like_bad", P, r"\begin{cases} 0 & x \le -1 \\ \frac{(x+1)^2}{4} & x < 1 \\ 0.999999999999x + 0.000000000001 & \text{otherwise} \end{cases}",
  pw((lambda x: x <= -1, lambda x: M(0)), (lambda x: x < 1, lambda x: (x + 1)**2 / 4),
     (None, lambda x: M("0.999999999999") * x + M("0.000000000001"))),
  "continuous at 1 (value 1), slope 1 -> 1-1e-12 drop", convexity="neither", infl_ok=[M(1)],
  probes=[(M(1), M(10)**-20)])
L("pw_cubic_inflect", P, r"\begin{cases} x^3 - x & x < 2 \\ 11x - 16 & \text{otherwise} \end{cases}",
  pw((lambda x: x < 2, lambda x: x**3 - x), (None, lambda x: 11 * x - 16)),
  "C^1 at 2 (6, slope 11,11); f''=6x on (-oo,2): inflection 0", convexity="neither", infl=[M(0)])
L("abs_sum3", P, r"|x| + |x-\pi| + |x+e|", lambda x: abs(x) + abs(x - PI) + abs(x + E),
  "sum of convex", convexity="convex", infl_ok=[], min=PI + E)
L("pw_neg_abs_diff", P, r"|x+1| - |x|", lambda x: abs(x + 1) - abs(x),
  "slopes -0... : x<-1: -1+1=0, (-1,0): 1+1=2, >0: 0; up at -1, down at 0", convexity="neither",
  infl_ok=[M(-1), M(0)], min=-1, max=1)

# ------------------------------------------------------------- catalogue and parameter edges
G = "catalogue"
def leaky(s):
    return lambda x: x if x > 0 else s * x
N("leaky_default", G, "leaky_relu", {}, leaky(M(1) / 100), "slopes 1/100, 1", convexity="convex",
  infl_ok=[])
N("leaky_2", G, "leaky_relu", {"negative_slope": "2"}, leaky(M(2)), "slopes 2,1: drop",
  convexity="concave", infl_ok=[])
N("leaky_m1", G, "leaky_relu", {"negative_slope": "-1"}, leaky(M(-1)), "= |x|",
  convexity="convex", infl_ok=[], min=0, sym="even")
N("leaky_1", G, "leaky_relu", {"negative_slope": "1"}, leaky(M(1)), "= x", convexity="affine",
  infl_ok=[])
N("leaky_1p", G, "leaky_relu", {"negative_slope": "100000000000000000001/100000000000000000000"},
  leaky(1 + TINY), "slopes 1+1e-20, 1: drop", convexity="concave", infl_ok=[],
  probes=[(M(0), M(1))])
N("leaky_1m", G, "leaky_relu", {"negative_slope": "99999999999999999999/100000000000000000000"},
  leaky(1 - TINY), "slopes 1-1e-20, 1: rise", convexity="convex", infl_ok=[],
  probes=[(M(0), M(1))])
N("leaky_0", G, "leaky_relu", {"negative_slope": "0"}, relu, "= relu", convexity="convex",
  infl_ok=[])
N("prelu_3", G, "prelu", {"a": "3"}, leaky(M(3)), "slopes 3,1 drop", convexity="concave",
  infl_ok=[])
N("prelu_m2", G, "prelu", {"a": "-2"}, leaky(M(-2)), "slopes -2,1 rise", convexity="convex",
  infl_ok=[], min=0)
def elu(a):
    return lambda x: x if x > 0 else a * (mp.exp(x) - 1)
N("elu_default", G, "elu", {}, elu(M(1)), "C^1 at 0 (slope 1,1), e^x-1 convex", convexity="convex",
  infl_ok=[])
N("elu_2", G, "elu", {"alpha": "2"}, elu(M(2)), "left slope at 0 = 2 > 1: drop; left strictly convex",
  convexity="neither", infl_ok=[M(0)])
N("elu_half", G, "elu", {"alpha": "0.5"}, elu(M(1) / 2), "slopes 1/2 -> 1 rise; pieces convex",
  convexity="convex", infl_ok=[])
N("elu_0", G, "elu", {"alpha": "0"}, relu, "= relu", convexity="convex", infl_ok=[])
N("elu_m1", G, "elu", {"alpha": "-1"}, elu(M(-1)), "left 1-e^x concave, slopes -1 -> 1 rise: neither",
  convexity="neither", infl_ok=[M(0)])
N("elu_1p", G, "elu", {"alpha": "100000000000000000001/100000000000000000000"}, elu(1 + TINY),
  "left slope 1+1e-20 > 1: drop", convexity="neither", infl_ok=[M(0)], probes=[(M(0), M(10)**-30)])
N("elu_1m", G, "elu", {"alpha": "99999999999999999999/100000000000000000000"}, elu(1 - TINY),
  "left slope 1-1e-20 < 1: rise, pieces convex", convexity="convex", infl_ok=[])
N("selu", G, "selu", {}, lambda x: M("1.0507009873554804934193349852946") * x if x > 0 else
  M("1.0507009873554804934193349852946") * M("1.6732632423543772848170429916717") * (mp.exp(x) - 1),
  "slope alpha*lambda=1.758 -> lambda=1.05 drop", convexity="neither", infl_ok=[M(0)])
def celu(a):
    return lambda x: x if x > 0 else a * (mp.exp(x / a) - 1)
N("celu_default", G, "celu", {}, celu(M(1)), "C^1, convex", convexity="convex", infl_ok=[])
N("celu_tiny", G, "celu", {"alpha": "1e-6"}, celu(M(10)**-6), "C^1, f''=e^{x/a}/a>0 left",
  convexity="convex", infl_ok=[])
N("celu_3", G, "celu", {"alpha": "3"}, celu(M(3)), "C^1, convex", convexity="convex", infl_ok=[])
def softplus_b(b):
    return lambda x: sp(b * x) / b
N("softplus_default", G, "softplus", {}, softplus_b(M(1)), "convex", convexity="convex", infl=[])
N("softplus_tiny", G, "softplus", {"beta": "1e-30"}, softplus_b(M(10)**-30),
  "f''=b sigma'(bx) >0", convexity="convex", infl=[])
N("softplus_huge", G, "softplus", {"beta": "1e6"}, softplus_b(M(10)**6), "f''=b sigma'(bx)>0",
  convexity="convex", infl=[])
N("softplus_neg", G, "softplus", {"beta": "-1"}, softplus_b(M(-1)),
  "= -log(1+e^-x), f''=-sigma'(-x)<0", convexity="concave", infl=[])
def swish(b):
    return lambda x: x * sig(b * x)
N("swish_0", G, "swish_beta", {"beta": "0"}, swish(M(0)), "= x/2", convexity="affine", infl=[])
N("sqp_0", G, "squareplus", {"b": "0"}, lambda x: (x + abs(x)) / 2, "= relu", convexity="convex",
  infl_ok=[])
N("sqp_default", G, "squareplus", {}, lambda x: (x + mp.sqrt(4 + x**2)) / 2,
  "f''=2/(4+x^2)^{3/2}>0", convexity="convex", infl=[])
N("sqp_tiny", G, "squareplus", {"b": "1e-20"}, lambda x: (x + mp.sqrt(TINY + x**2)) / 2,
  "f''=b/(2(b+x^2)^{3/2})>0", convexity="convex", infl=[])
N("softshrink_0", G, "softshrink", {"lambd": "0"}, lambda x: x, "= x", convexity="affine", infl_ok=[])
N("softshrink_default", G, "softshrink", {},
  lambda x: x - M(1) / 2 if x > M(1) / 2 else (x + M(1) / 2 if x < -M(1) / 2 else M(0)),
  "slopes 1,0,1: drop at -1/2", convexity="neither", infl_ok=[-M(1) / 2, M(1) / 2])
N("hardshrink_0", G, "hardshrink", {"lambd": "0"}, lambda x: x, "= x (f(0)=0)", convexity="affine",
  infl_ok=[])
N("hardshrink_default", G, "hardshrink", {},
  lambda x: x if abs(x) > M(1) / 2 else M(0), "jumps at +-1/2", convexity="neither",
  infl_ok=None, probes=[(M(1) / 2, M(10)**-30)])
N("binary_step", G, "binary_step", {}, lambda x: M(0) if x < 0 else M(1), "jump at 0",
  convexity="neither", infl_ok=None, probes=[(M(0), M(10)**-30)])
N("sparse_plus", G, "sparse_plus", {},
  pw((lambda x: x <= -1, lambda x: M(0)), (lambda x: x < 1, lambda x: (x + 1)**2 / 4), (None, lambda x: x)),
  "C^1, convex pieces", convexity="convex", infl_ok=[])
N("hard_swish", G, "hard_swish", {},
  pw((lambda x: x <= -3, lambda x: M(0)), (lambda x: x < 3, lambda x: x * (x + 3) / 6), (None, lambda x: x)),
  "slopes 0 -> -1/2 at -3 (drop)", convexity="neither", infl_ok=[M(-3)], min=-M(3) / 8)
N("hard_tanh", G, "hard_tanh", {}, lambda x: max(M(-1), min(M(1), x)), "up at -1, down at 1",
  convexity="neither", infl_ok=[M(-1), M(1)], min=-1, max=1)
N("relu6", G, "relu6", {}, lambda x: max(M(0), min(M(6), x)), "up at 0, down at 6",
  convexity="neither", infl_ok=[M(0), M(6)], min=0, max=6)
N("hard_sigmoid", G, "hard_sigmoid", {}, lambda x: max(M(0), min(M(1), x / 6 + M(1) / 2)),
  "up at -3, down at 3", convexity="neither", infl_ok=[M(-3), M(3)], min=0, max=1)
N("relu", G, "relu", {}, relu, "convex", convexity="convex", infl_ok=[])
N("identity", G, "identity", {}, lambda x: x, "affine", convexity="affine", infl=[])
N("log_sigmoid", G, "log_sigmoid", {}, lambda x: -sp(-x), "concave", convexity="concave", infl=[])
N("gaussian", G, "gaussian", {}, lambda x: mp.exp(-x**2), "f''=(4x^2-2)e^{-x^2}",
  convexity="neither", infl=[-1 / S2, 1 / S2])
N("tanh", G, "tanh", {}, mp.tanh, "f''=-2 tanh sech^2", convexity="neither", infl=[M(0)])
N("arctan", G, "arctan", {}, mp.atan, "f''=-2x/(1+x^2)^2", convexity="neither", infl=[M(0)])
N("softsign", G, "softsign", {}, lambda x: x / (1 + abs(x)), "f''=-2sgn/(1+|x|)^3",
  convexity="neither", infl=[M(0)])
N("sinusoid", G, "sinusoid", {}, mp.sin, "f''=-sin", convexity="neither", infl="infinite")
N("tanhshrink", G, "tanhshrink", {}, lambda x: x - mp.tanh(x), "f''=2 tanh sech^2: sign of x",
  convexity="neither", infl=[M(0)], mono="increasing")
N("gelu", G, "gelu", {}, lambda x: x * mp.ncdf(x), "f''=phi(x)(2-x^2)", convexity="neither",
  infl=[-S2, S2])
N("silu", G, "silu", {}, lambda x: x * sig(x),
  "f''=sigma'(x)(2+x(1-2sigma)) zeros found by findroot", convexity="neither",
  infl=["findroot", -M("2.4"), M("2.4")])
N("mish", G, "mish", {}, lambda x: x * mp.tanh(sp(x)), "f'' zeros by findroot",
  convexity="neither", infl="findroot")
N("gelu_tanh", G, "gelu_tanh", {},
  lambda x: x * (1 + mp.tanh(S2 / mp.sqrt(PI) * (x + M("0.044715") * x**3))) / 2,
  "f'' zeros by findroot", convexity="neither", infl="findroot")
N("swish_2", G, "swish_beta", {"beta": "2"}, swish(M(2)),
  "silu(2x)/2: inflections at +-2.3994/2", convexity="neither", infl="findroot")
N("swish_m1", G, "swish_beta", {"beta": "-1"}, swish(M(-1)),
  "x sigma(-x) = -silu(-x): inflections +-2.3994", convexity="neither", infl="findroot")
N("hard_tanh_wide", G, "hard_tanh", {"min_val": "-1000000", "max_val": "1000000"},
  lambda x: max(-M(10)**6, min(M(10)**6, x)), "up at -1e6, down at 1e6", convexity="neither",
  infl_ok=[-M(10)**6, M(10)**6])
N("softshrink_tiny", G, "softshrink", {"lambd": "1e-20"},
  lambda x: x - TINY if x > TINY else (x + TINY if x < -TINY else M(0)),
  "slopes 1,0,1 on a 2e-20 interval", convexity="neither", infl_ok=[-TINY, TINY],
  probes=[(-TINY, TINY / 2), (TINY, TINY / 2)])

# ------------------------------------------------------------- tangency traps (added last)
D20 = M(10) ** -20
L("exp_sq_e", I, r"e^{x} - \frac{e}{2}x^2", lambda x: mp.exp(x) - E / 2 * x**2,
  "f''=e^x-e: one sign change, at 1 (I first meant this as a tangency case; it is not)",
  convexity="neither", infl=[M(1)])
L("exp_sq_e_tiny", I, r"e^{x} - \frac{e + 10^{-20}}{2}x^2",
  lambda x: mp.exp(x) - (E + D20) / 2 * x**2, "f''=e^x-(e+1e-20): inflection log(e+1e-20)",
  convexity="neither", infl=[mp.log(E + D20)])
L("exp_touch", C, r"e^{x} - \frac{e}{6}x^3", lambda x: mp.exp(x) - E / 6 * x**3,
  "f''=e^x-e x = e(e^{x-1}-x)>=0 (e^u>=1+u), double zero at 1: convex", convexity="convex",
  infl=[], f2=lambda x: mp.exp(x) - E * x)
_g = lambda x: mp.exp(x) - (E + D20) * x
_r = mp.sqrt(2 * D20 / E)
L("exp_touch_bad", I, r"e^{x} - \frac{e + 10^{-20}}{6}x^3",
  lambda x: mp.exp(x) - (E + D20) / 6 * x**3,
  "f''=g=e^x-(e+1e-20)x, convex g with min at log(e+1e-20) where g<0: exactly two simple zeros "
  "1+-8.58e-11 (findroot)", convexity="neither",
  infl=[mp.findroot(_g, 1 - _r), mp.findroot(_g, 1 + _r)], probes=[(M(1), M(10)**-12)], f2=_g)
L("cosh_tiny", I, r"\cosh(x) - \frac{(1+10^{-20})x^2}{2}",
  lambda x: mp.cosh(x) - (1 + D20) * x**2 / 2,
  "f''=cosh x-1-1e-20: zeros +-acosh(1+1e-20)", convexity="neither",
  infl=[-mp.acosh(1 + D20), mp.acosh(1 + D20)], probes=[(M(0), M(10)**-12)])
L("x4_tiny40", I, r"x^4 - 10^{-40}x^2", lambda x: x**4 - M(10)**-40 * x**2,
  "f''=12x^2-2e-40: zeros +-1e-20/sqrt6", convexity="neither",
  infl=[-M(10)**-20 / mp.sqrt(6), M(10)**-20 / mp.sqrt(6)], probes=[(M(0), M(10)**-25)])
L("log1px2", I, r"\log(1+x^2)", lambda x: mp.log(1 + x**2), "f''=2(1-x^2)/(1+x^2)^2",
  convexity="neither", infl=[M(-1), M(1)], min=0)
L("cosh_tiny_ok", C, r"\cosh(x) - \frac{(1-10^{-20})x^2}{2}",
  lambda x: mp.cosh(x) - (1 - D20) * x**2 / 2, "f''=cosh x-1+1e-20>0", convexity="convex", infl=[])
