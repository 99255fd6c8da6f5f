"""The numeric kernels: the accuracy contract over the whole catalogue (orders 0-2, float64 and
float32, against adaptive-precision mpmath), special values, no floating-point warnings, dtypes,
shapes, ``out=``, blocks, the fused value-and-gradient kernel and user-defined activations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import symact
from symact import kernels as K
from symact.kernels import ir as KIR  # the stage's internal names
from symact.kernels import plans as KP  # the stage's internal names
from symact.kernels import runtime as KR  # the stage's internal names
from symact.catalog import define, get
from symact.errors import ParameterError, UsageError
from symact.spec import Activation, Param, x

from helpers import NAMES, PIECEWISE, RECORDS, name_of

ORDERS = (0, 1, 2)
# the contract (symact/kernels/measure.py, applied by K.measure): <= 4 ULP, <= 2 ULP for
# sigmoid and softplus themselves, relative wherever the true value is normal (tails included),
# 1 ULP of the subnormal spacing below; 4 eps |x g'(x)| only inside the root windows
N_SAMPLE = 1500  # per dtype: dense log-uniform + centre + uniform, plus the special points


def _bound(act, order: int) -> float:
    return K.contract_ulp(act, order)


CASES = [(a, k) for a in RECORDS for k in ORDERS]
#: Cells that do not meet the contract yet, as (record, order, dtype): the measured figure and
#: the cause (benchmarks/results/accuracy.md has every cell).  OPEN_CELLS holds every cell open
#: under some numpy version of the plan cache (test_export's list); which cells are open differs
#: per numpy version (its exp/log/erf differ in the last bit, and so may its measured plans):
#: OPEN_CELLS_BY_NUMPY says, for each version of kernels.plans.PLAN_NUMPY, which are open there.
#: Strict under those versions (a cell that starts passing must be taken off its version's
#: list; a cell not on it must pass); under any other numpy every cell of OPEN_CELLS may fail.
OPEN_CELLS = {
    ("gelu_tanh", 0, "float64"): "254x the bound (1020 ULP) at x = -20.37: exp(2u), u = sqrt(2/pi)(x + 0.044715 x^3) "
                                 "~ -630, carries the rounding of u (|u| eps relative); needs u in double-double",
    ("gelu_tanh", 1, "float64"): "50x the bound at x = -10.63 (the same rounding of the cubic argument)",
    ("gelu_tanh", 2, "float64"): "241x the bound at x = -19.11 (the same rounding of the cubic argument)",
    ("silu", 2, "float64"): "357x the bound at x = -729.8 (subnormal tail: exp(x) is rounded to the subnormal spacing "
                            "before (x + 2) scales it); re-selected with exp_halve of the whole product the tail passes "
                            "but 2 - x tanh(x/2) cancels outside the root window: 1.23x at x = 2.87 (not deployed)",
    ("swish_beta", 2, "float64"): "357x the bound at x = -729.8 (at beta = 1 the same kernel as silu'')",
    ("mish", 1, "float64"): "1.43x the bound (5.7 ULP) at x = -2.72",
    ("mish", 2, "float64"): "2.0x the bound at x = 361 (subnormal tail; 1.58x on the selection sample)",
    ("gelu", 0, "float64"): "1.19x the bound (4.8 ULP) at x = -37.34: symact's numpy erfcx is within 5 ULP, not 4",
    ("gelu", 1, "float64"): "1.07x the bound (4.3 ULP) at x = -6.93 (the same erfcx)",
}


OPEN_CELLS_BY_NUMPY = {
    "2.4.6": set(OPEN_CELLS),
    # gelu' f64 passes with 2.5.5's plans; the figures in OPEN_CELLS are 2.4.6's.  The
    # selection's own figures under 2.5.5 (its ContractWarnings when the plans were measured):
    # gelu_tanh 142x, 106x, 281x; silu'' and swish_beta'' 1.23x; mish' 1.66x, mish'' 1.55x;
    # (tanhshrink 2.27x, closed since by taylor0_cleared); gelu f64 passes the selection sample, not this test's sample.
    "2.5.5": set(OPEN_CELLS) - {("gelu", 1, "float64")},
}


@pytest.mark.parametrize("act,order", CASES, ids=[f"{a.name}-{k}" for a, k in CASES])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16], ids=["f64", "f32", "f16"])
def test_accuracy_contract(act, order, dtype, request):
    cell = (act.name, order, np.dtype(dtype).name)
    if np.__version__ in OPEN_CELLS_BY_NUMPY:
        if cell in OPEN_CELLS_BY_NUMPY[np.__version__]:
            request.applymarker(pytest.mark.xfail(strict=True, reason=OPEN_CELLS[cell]))
    elif cell in OPEN_CELLS:
        request.applymarker(pytest.mark.xfail(strict=False, reason=OPEN_CELLS[cell]))
    k = act.kernel(order)
    acc = K.measure(k, act, order, dtype, n=N_SAMPLE, seed=order, bound_ulp=_bound(act, order))
    assert acc.nan_bad == 0, acc
    assert acc.unresolved <= 2, acc  # reference points mpmath could not settle (excluded)
    assert acc.passed, acc


def test_every_catalogue_record_is_covered():
    assert {a.name for a, _ in CASES} == set(NAMES)


@pytest.mark.parametrize("act", RECORDS, ids=name_of)
def test_special_values_and_no_warnings(act):
    """+-inf give the limits, NaN gives NaN, finite input never gives NaN, and nothing raises
    under np.errstate(all='raise')."""
    for order in ORDERS:
        k = act.kernel(order)
        lo, hi = k.info.limits
        for dt in (np.float64, np.float32):
            xs = K.sample(dt, n=400, seed=7)
            with np.errstate(all="raise"):
                y = k(xs)
                sp_y = k(np.array([np.inf, -np.inf, np.nan], dtype=dt))
            assert not np.isnan(y).any(), (act.name, order, xs[np.isnan(y)])
            assert np.array_equal(sp_y, np.array([hi, lo, np.nan], dtype=dt), equal_nan=True), (act.name, order, sp_y)


@pytest.mark.parametrize("act", RECORDS, ids=name_of)
def test_programs_do_not_create_nan_or_divide_by_zero(act):
    """The straight-line program itself (without the kernel's quiet errstate) raises no
    'invalid' or 'divide' flag on finite input: it never computes inf - inf, 0 * inf, 0/0."""
    for order in ORDERS:
        k = act.kernel(order)
        for dt in (np.float64, np.float32):
            runner = k._runners[np.dtype(dt)]
            xs = K.sample(dt, n=400, seed=11)
            out = np.empty(len(xs), dt)
            with np.errstate(invalid="raise", divide="raise", over="ignore", under="ignore"):
                runner.run(xs, [out])


def test_limits_are_the_engines():
    assert get("sigmoid").kernel(0).info.limits == (0.0, 1.0)
    assert get("softplus").kernel(0).info.limits == (0.0, math.inf)
    assert get("gelu").kernel(0).info.limits == (0.0, math.inf)
    assert get("silu").kernel(1).info.limits == (0.0, 1.0)


def test_kink_conventions_follow_the_records():
    assert get("relu").kernel(1)(0.0) == 0.0  # PyTorch: relu'(0) = 0
    assert get("relu").kernel(1)(np.nextafter(0.0, 1.0)) == 1.0
    assert get("leaky_relu").kernel(1)(0.0) == 0.01
    assert get("binary_step").kernel(0)(0.0) == 1.0  # step(0) = 1 (x >= 0)
    assert get("elu").kernel(1)(0.0) == 1.0  # alpha (the x <= 0 branch)
    assert get("hardshrink").kernel(0)(0.5) == 0.0
    assert get("relu6").kernel(1)(6.0) == 0.0


@pytest.mark.parametrize("name", ["tanh", "silu", "mish", "gelu", "gelu_tanh", "arctan", "sinusoid", "swish_beta"])
def test_sign_of_zero(name, request):
    # gelu(-0.0) must be -0.0 (x * Phi(x) keeps the sign of zero; PyTorch 2.13's
    # torch.nn.functional.gelu returns -0.0 at -0.0 in float64 and float32).  Open in float64:
    # the plan's regime around 0 is "expand", x*erf(x/sqrt(2))/2 + x/2, which gives
    # (+0) + (-0) = +0 at -0.  The selection does prefer candidates that keep the sign
    # (regimes._best_plans, avoid_zero_sign), but drops that preference when the plan keeping
    # it exceeds the bound, and every gelu f64 plan does (the erfcx tail, an open cell), so the
    # cheaper one wins.  float32 (x*erfc(-x/sqrt(2))/2) keeps it.
    if name == "gelu":
        request.applymarker(pytest.mark.xfail(strict=True, reason="gelu(-0.0) is +0.0 in float64 (the expand regime)"))
    k = get(name).kernel(0)
    for dt in (np.float64, np.float32):
        y = k(np.array([-0.0, 0.0], dtype=dt))
        assert y[0] == 0 and np.signbit(y[0]) and not np.signbit(y[1]), (name, dt, y)


def test_dtypes_shapes_and_scalars():
    k = get("silu").kernel(1)
    x64 = np.linspace(-5, 5, 24).reshape(2, 3, 4)
    y = k(x64)
    assert y.shape == (2, 3, 4) and y.dtype == np.float64
    y32 = k(x64.astype(np.float32))
    assert y32.dtype == np.float32
    np.testing.assert_allclose(y32, y, rtol=1e-6)
    assert k(np.arange(5)).dtype == np.float64  # integers are computed in float64
    assert k(np.ones(3, dtype=np.float16)).dtype == np.float16
    s = k(0.5)
    assert isinstance(s, np.float64) and s == k(np.array([0.5]))[0]
    assert isinstance(k(np.float32(0.5)), np.float32)
    assert k(np.empty((0, 3))).shape == (0, 3)
    assert k([1.0, 2.0]).shape == (2,)
    nc = np.linspace(-3, 3, 40)[::3]
    np.testing.assert_array_equal(k(nc), k(np.ascontiguousarray(nc)))
    with pytest.raises(TypeError):
        k(np.array([1 + 2j]))


def test_out_argument():
    k = get("gelu").kernel(0)
    xs = np.linspace(-4, 4, 50).reshape(5, 10)
    out = np.empty_like(xs)
    r = k(xs, out=out)
    assert r is out
    np.testing.assert_array_equal(out, k(xs))
    inplace = xs.copy()
    k(inplace, out=inplace)  # x and out the same array
    np.testing.assert_array_equal(inplace, out)
    strided = np.empty((5, 20))[:, ::2]
    k(xs, out=strided)
    np.testing.assert_array_equal(strided, out)
    with pytest.raises(ValueError):
        k(xs, out=np.empty(50))
    o32 = np.empty_like(xs, dtype=np.float32)  # another dtype: cast like a ufunc (tests/test_arrays.py)
    assert k(xs, out=o32) is o32
    np.testing.assert_array_equal(o32, out.astype(np.float32))


def test_large_arrays_are_processed_in_blocks():
    k = get("mish").kernel(1)
    n = 3 * K.BLOCK + 17
    rng = np.random.default_rng(0)
    xs = rng.normal(size=n) * 5
    xs[[5, K.BLOCK + 3, n - 1]] = [np.inf, np.nan, -np.inf]
    whole = k(xs)
    parts = np.concatenate([k(xs[i:i + 1000]) for i in range(0, n, 1000)])
    np.testing.assert_array_equal(whole, parts)


def test_value_and_grad_shares_work_and_agrees():
    act = get("sigmoid")
    vg = act.value_and_grad()
    xs = K.sample(np.float64, n=300, seed=3)
    f, df = vg(xs)
    np.testing.assert_array_equal(f, act.kernel(0)(xs))
    np.testing.assert_array_equal(df, act.kernel(1)(xs))
    separate = len(act.kernel(0).program().ops) + len(act.kernel(1).program().ops)
    assert len(vg.program().ops) < separate  # exp(-|x|) and friends computed once
    f32, df32 = vg(K.sample(np.float32, n=300, seed=3))
    assert f32.dtype == df32.dtype == np.float32
    o1, o2 = np.empty_like(xs), np.empty_like(xs)
    r1, r2 = vg(xs, out=(o1, o2))
    assert r1 is o1 and r2 is o2


def test_activation_methods_delegate():
    act = get("tanh")
    assert act.kernel(1) is K.kernel(act, 1)
    assert act.value_and_grad() is K.value_and_grad(act)
    assert symact.kernel is K.kernel


def test_user_defined_activations():
    """A record the catalogue does not know gets a kernel from the same pipeline."""
    a = Param("a", "1.702")
    act = define("quick_gelu", x / (1 + sp.exp(-a.symbol * x)), [a], register_it=False)  # x sigmoid(1.702 x)
    for order in (0, 1):
        acc = K.measure(act.kernel(order), act, order, np.float64, n=600)
        assert acc.passed, (order, acc)
    pw = Activation("my_pw", sp.Piecewise((sp.exp(x) - 1, x < 0), (sp.log(1 + x), True)))
    for order in (0, 1):
        acc = K.measure(pw.kernel(order), pw, order, np.float64, n=600)
        assert acc.passed, (order, acc)


def test_user_defined_second_derivative():
    a = Param("a", "1.702")
    act = define("quick_gelu", x / (1 + sp.exp(-a.symbol * x)), [a], register_it=False)
    # the second derivative cancels near its zeros at +-1.41 (inside the root window)
    acc = K.measure(act.kernel(2), act, 2, np.float64, n=600)
    assert acc.nan_bad == 0 and acc.max_ratio < 1.5, acc


def test_parameters_must_be_numbers():
    with pytest.raises(ParameterError):
        get("elu").symbolic().kernel(0)
    with pytest.raises(UsageError):
        get("elu").kernel(3)
    k = get("elu").with_params(alpha="0.5").kernel(0)
    assert k(-1e6) == -0.5


def test_kernels_use_no_where_or_select():
    """No np.where / np.select on data in the kernel's own path: choices are 0/1 arithmetic."""
    import inspect

    src = inspect.getsource(KR._Runner) + inspect.getsource(K.Kernel) + inspect.getsource(KR._np_erfc) + inspect.getsource(KR._np_erf)
    assert "np.where" not in src and "np.select" not in src
    for act in RECORDS:
        for order in ORDERS:
            prog = KIR.lower_sel_numpy(act.kernel(order).program())
            assert not prog.uses("sel")


def test_erf_and_erfc_in_numpy():
    """symact's own numpy erf/erfc (SciPy is not a dependency) against mpmath."""
    import mpmath

    rng = np.random.default_rng(2)
    z = np.concatenate([rng.uniform(-6, 27, 3000), rng.uniform(-0.6, 0.6, 1000), [0.0, -0.0, 0.5, -0.5, 27.3, 40.0]])
    out = np.empty_like(z)
    with np.errstate(all="raise"), KR._quiet():
        KR._np_erfc(z, out)
    worst = 0.0
    for zi, yi in zip(z, out):
        ref = mpmath.erfc(mpmath.mpf(float(zi)))
        if ref < 2.3e-308:
            assert yi < 1e-300
            continue
        worst = max(worst, float(abs(mpmath.mpf(float(yi)) - ref) / (2.0 ** (int(mpmath.floor(mpmath.log(ref, 2))) - 52))))
    assert worst < 6.0
    KR._np_erf(z, out)
    for zi, yi in zip(z[:500], out[:500]):
        assert abs(yi - float(mpmath.erf(mpmath.mpf(float(zi))))) <= 4e-16


@pytest.mark.slow
def test_erf_coefficients_are_reproducible():
    big, small = K.fit_erf_coefficients()
    assert big == KR._ERFCX_T and small == KR._ERF_SMALL


def test_kernel_info_is_json():
    import json

    info = get("gelu").kernel(1).info
    text = json.dumps(info.to_json(), sort_keys=True)
    assert '"join"' in text and "erfc" in text


def test_plan_cache_is_fresh():
    """Every catalogue kernel's plan comes from the running numpy's plan file
    (symact/kernels/kernel_plans-numpy-<version>.json) when that numpy is one the cache covers
    (kernels.plans.PLAN_NUMPY): the file matches the current rules, stage files, engine
    expressions and numpy.  When this fails, re-key or regenerate it under this numpy:
    python -c "import symact.maintenance as m; m.refresh_plans(reselect=[])" (no plan changed) or
    python -c "import symact.maintenance as m; m.refresh_plans()" (everything measured)."""
    from symact.kernels import plans as P

    if np.__version__ not in P.PLAN_NUMPY:
        pytest.skip(f"the plan cache does not cover numpy {np.__version__} (PLAN_NUMPY: {P.PLAN_NUMPY})")
    data = P._read_plan_file()
    assert data is not None, f"no plan file for numpy {np.__version__}: {P._plan_file()}"
    assert data["version"] == KP._code_version(), f"{P._plan_file()} is stale"
    before = set(KP._new_plans)
    for act in RECORDS:
        for order in ORDERS:
            act.kernel(order)
    missed = [KP._new_plans[k]["what"] for k in set(KP._new_plans) - before]
    assert not missed, missed


def test_plan_entries_round_trip():
    for act in (get("sigmoid"), get("gelu_tanh"), get("tanhshrink")):
        for order in ORDERS:
            for ir in act.kernel(order)._builds["float64"].ir:
                assert KP._ir_from_json(KP._ir_to_json(ir)) == ir
    with pytest.raises(ValueError):
        KP._ir_from_json(["__import__", "os"])


# ---------------------------------------------------------------------------------------
# regressions of issue 11
def test_softplus_beta_3_is_finite_and_accurate():
    """with_params(beta=3) chose log1p(exp(3x))/3: inf for x >= 237, 64 ULP at x = -33.6."""
    act = get("softplus").with_params(beta=3)
    k = act.kernel(0)
    xs = np.array([236.0, 237.0, 300.0, 1e308, -33.6, -100.0, -240.0])
    y = k(xs)
    assert np.isfinite(y).all(), y
    hi, _, _ = K.truth(act, 0, xs)
    ulp = np.spacing(np.abs(hi))
    assert np.all(np.abs(y - hi) <= 2 * ulp), (y, hi)
    for dt in (np.float64, np.float32):
        acc = K.measure(k, act, 0, dt, n=800, bound_ulp=K.contract_ulp(act, 0))
        assert acc.passed, acc


def test_a_plan_breaking_the_contract_is_never_silent(monkeypatch):
    """If no candidate meets the contract, the kernel says so with the figure (here: only the
    textbook formula is offered, which overflows for x >= 237 with beta = 3.25)."""
    from symact import rewrite as rw

    monkeypatch.setattr(rw, "candidates", lambda e, *a, **k: [rw.Candidate(e)])
    monkeypatch.setattr(rw, "approximations", lambda e, *a, **k: [])
    KP.choose_cached.cache_clear()
    try:
        with pytest.warns(K.ContractWarning, match="softplus.*beta.*ULP"):
            get("softplus").with_params(beta="3.25").kernel(0)
    finally:
        KP.choose_cached.cache_clear()


LAMBD = 0.30000000000000004
TINY = 2.2250738585072014e-308


def test_thresholds_keep_the_users_float():
    """Thresholds were wrapped as Floats and nsimplify-ed: 0.30000000000000004 became 3/10 and the
    smallest normal float became 0."""
    up = np.nextafter(LAMBD, 1.0)
    hs = get("hardshrink").with_params(lambd=LAMBD).kernel(0)
    assert hs(LAMBD) == 0 and hs(-LAMBD) == 0 and hs(up) == up and hs(-up) == -up
    ss = get("softshrink").with_params(lambd=LAMBD).kernel(0)
    assert ss(LAMBD) == 0 and ss(-LAMBD) == 0 and ss(up) == up - LAMBD
    ht = get("hard_tanh").with_params(max_val=LAMBD).kernel(0)
    assert ht(1.0) == LAMBD and ht(LAMBD) == LAMBD and ht(0.3) == 0.3
    tiny = get("hardshrink").with_params(lambd=TINY).kernel(0)
    assert tiny(TINY) == 0 and tiny(TINY / 2) == 0 and tiny(2 * TINY) == 2 * TINY and tiny(-3 * TINY) == -3 * TINY


def test_a_decimal_threshold_is_a_root_with_its_window():
    """softshrink(lambd = 0.30000000000000004): lambd is that decimal (exact_number takes a float
    at its shortest repr), which the kernel's float threshold misses by 4.4e-18, so at x =
    -0.3000000000000001 the kernel's exact x + fl(lambd) is 7 % off the true -5.99e-17.  That
    point is within the contract's root window of the root -lambd (the breakpoint where the
    piece x + lambd vanishes), which the measurement did not see (the benchmark's one failing
    parameter cell, 8.9e13 x the bound), and the plan selection warned of a 10 x violation."""
    import warnings

    a = get("softshrink").with_params(lambd=LAMBD)
    with warnings.catch_warnings():
        warnings.simplefilter("error", K.ContractWarning)
        k = a.kernel(0)
    acc = K.measure(k, a, 0, np.float64, n=N_SAMPLE, seed=0)
    assert acc.passed and -LAMBD in acc.roots and LAMBD in acc.roots, acc
    x0 = np.nextafter(-LAMBD, -1.0)
    acc = K.measure(k, a, 0, np.float64, xs=np.array([x0, -0.31, -0.5, -1.0]))
    assert acc.passed and acc.max_ulp > 1e10, acc  # the error is real, and within the root window


def test_tails_are_relative():
    """Exact GELU was 1523 ULP off at x = -37.5 (float64), its kernel 164 ULP at x = -11.93 in
    float32; silu and swish_beta were 75 % off at x = -745 (subnormal results)."""
    g = get("gelu")
    assert K.measure(g.kernel(0), g, 0, np.float64, xs=np.array([-37.5, -37.0, -36.0, -30.0])).max_ulp <= 4
    assert K.measure(g.kernel(0), g, 0, np.float32, xs=np.array([-11.93, -12.5, -13.0], dtype=np.float32)).max_ulp <= 4
    for name in ("silu", "swish_beta"):
        a = get(name)
        xs = np.array([-745.0, -744.0, -740.0, -730.0, -720.0, -710.0])
        y = a.kernel(0)(xs)
        hi, _, _ = K.truth(a, 0, xs)
        assert np.all(np.abs(y - hi) <= 5e-324 * 1.0 + 4 * np.spacing(np.abs(hi)) * (np.abs(hi) >= TINY)), (name, y, hi)


# PyTorch's backward formulas at the kinks (aten/src/ATen/native/cpu/Activation.cpp and
# BinaryOpsKernel.cpp, written down here so that torch is not needed): the derivative each
# kernel of order 1 must return, as a function of x and the record's parameters.
TORCH_BACKWARD = {
    "relu": lambda x, p: 1.0 if x > 0 else 0.0,  # threshold_backward(grad, self, 0)
    "leaky_relu": lambda x, p: 1.0 if x > 0 else p["negative_slope"],  # self > 0 ? grad : grad * negval
    "prelu": lambda x, p: 1.0 if x > 0 else p["a"],  # input > 0 ? grad : weight * grad
    "relu6": lambda x, p: 0.0 if (x <= 0 or x >= 6) else 1.0,  # hardtanh_backward(grad, self, 0, 6)
    "hard_sigmoid": lambda x, p: 1 / 6 if (-3 < x < 3) else 0.0,  # (self > -3 && self < 3) ? grad / 6 : 0
    "hard_tanh": lambda x, p: 0.0 if (x <= p["min_val"] or x >= p["max_val"]) else 1.0,
    "hard_swish": lambda x, p: 0.0 if x <= -3 else (x / 3 + 0.5 if x < 3 else 1.0),  # <= -3: 0; < 3: x/3 + 1/2; else 1
    "softshrink": lambda x, p: 0.0 if -p["lambd"] <= x <= p["lambd"] else 1.0,  # (self >= -l && self <= l) ? 0 : grad
    "hardshrink": lambda x, p: 0.0 if -p["lambd"] <= x <= p["lambd"] else 1.0,
    # elu_backward(is_result = false): self <= 0 ? grad * negiptcoef * negcoef * exp(self * negiptcoef) : grad * poscoef
    "elu": lambda x, p: p["alpha"] * math.exp(x) if x <= 0 else 1.0,
    "selu": lambda x, p: p["lambda"] * p["alpha"] * math.exp(x) if x <= 0 else p["lambda"],
    "celu": lambda x, p: math.exp(x / p["alpha"]) if x <= 0 else 1.0,
    # not in PyTorch: JAX's sparse_plus (where(x <= -1, 0, where(x >= 1, x, (x + 1)^2 / 4)), by autodiff)
    "sparse_plus": lambda x, p: 0.0 if x <= -1 else (1.0 if x >= 1 else (x + 1) / 2),
    # x / (1 + |x|) by autograd, abs'(0) = sign(0) = 0: 1/(1 + |x|)^2, 1 at the kink
    "softsign": lambda x, p: 1.0 / (1.0 + abs(x)) ** 2,
    # not differentiable in PyTorch (torch.heaviside has no backward): 0 away from the jump
    "binary_step": lambda x, p: 0.0,
}


def test_every_piecewise_record_has_its_backward_formula():
    assert {a.name for a in PIECEWISE} <= set(TORCH_BACKWARD), {a.name for a in PIECEWISE} - set(TORCH_BACKWARD)


@pytest.mark.parametrize("act", PIECEWISE, ids=name_of)
def test_kinks_follow_pytorchs_backward(act):
    params = {k: float(v) for k, v in (act.values or {}).items()}
    k1 = act.kernel(1)
    for bp in act.pieces.breakpoints:
        at = float(bp.at)
        for xv in (at, float(np.nextafter(at, -np.inf)), float(np.nextafter(at, np.inf))):
            want = TORCH_BACKWARD[act.name](xv, params)
            got = float(k1(xv))
            assert got == pytest.approx(want, rel=1e-15, abs=0), (act.name, xv, got, want)


def test_kinks_follow_pytorchs_backward_at_other_parameters():
    for name, kw in (("leaky_relu", {"negative_slope": "0.2"}), ("hard_tanh", {"min_val": -LAMBD, "max_val": 2}),
                     ("hardshrink", {"lambd": LAMBD}), ("softshrink", {"lambd": LAMBD})):
        act = get(name).with_params(**kw)
        params = {k: float(v) for k, v in act.values.items()}
        for bp in act.pieces.breakpoints:
            at = float(bp.at)
            for xv in (at, float(np.nextafter(at, -np.inf)), float(np.nextafter(at, np.inf))):
                assert float(act.kernel(1)(xv)) == TORCH_BACKWARD[name](xv, params), (name, xv)


def test_hardshrink_and_softshrink_values_at_their_thresholds():
    """PyTorch's forward: hardshrink (x >= -l && x <= l) ? 0 : x, softshrink 0 on [-l, l]."""
    for name in ("hardshrink", "softshrink"):
        k = get(name).kernel(0)
        assert k(0.5) == 0 and k(-0.5) == 0


def test_clamping_keeps_the_measured_form():
    """rw.clamp rebuilt the piece with evaluation: the measured (2x + 3)/6 of hard_swish' became
    x/3 + 1/2 in the kernel (5.3 ULP at x = -1.8528, where the measured form is within 1)."""
    from symact import rewrite as rw

    e = sp.factor(x / 3 + sp.Rational(1, 2))
    assert rw.clamp(e, sp.Integer(-3), sp.Integer(3)).args[0] == sp.Rational(1, 6)
    act = get("hard_swish")
    xs = np.array([-1.8528205128205129, -2.9, -2.2, -1.7, -0.8])
    for dt in (np.float64, np.float32):
        acc = K.measure(act.kernel(1), act, 1, dt, xs=xs.astype(dt))
        assert acc.max_ulp <= 2, acc


def test_series_at_infinity_do_not_overflow_before_a_subnormal_result():
    """arctan''(x) = -2x/(1 + x^2)^2 is a subnormal number at x = -7.5e102; the series
    -(2 - 4/x^2)/x^3 divided by x^3 = inf and gave 0."""
    act = get("arctan")
    xs = np.array([-7.548029365859953e+102, -5.168452979314788e+102, 6e102, 1e103, -3e150])
    acc = K.measure(act.kernel(2), act, 2, np.float64, xs=xs)
    assert acc.passed, acc


def test_float32_thresholds_are_decided_exactly():
    """lambd = 0.30000000000000004 rounds to 0.30000001192092896 in float32: x = -0.30000001192092896
    lies outside [-lambd, lambd] but compared with the rounded threshold it was inside (0)."""
    act = get("hardshrink").with_params(lambd=LAMBD)
    xs = np.array([-0.30000001192092896, 0.30000001192092896, -0.29999998, 0.29999998], dtype=np.float32)
    y = act.kernel(0)(xs)
    assert y[0] == xs[0] and y[1] == xs[1] and y[2] == 0 and y[3] == 0, y
    assert list(act.kernel(1)(xs)) == [1, 1, 0, 0]
    assert act.kernel(0)(LAMBD) == 0 and act.kernel(0)(np.nextafter(LAMBD, 1.0)) == np.nextafter(LAMBD, 1.0)


def test_every_covered_numpy_has_a_fresh_plan_file():
    """The plan file of every numpy version the cache covers (PLAN_NUMPY: 2.4.6 for Python 3.11,
    2.5.5 for 3.12 and 3.13) was measured or re-keyed with the current stage files, whichever
    numpy runs the test: a stage-file change re-keyed under one version only fails here under
    the other too.  Fix: the refresh_plans command of kernels/plans.py's docstring, under each
    numpy version.  The open cells are listed for exactly these versions."""
    from symact.kernels import plans as P

    assert set(OPEN_CELLS_BY_NUMPY) == set(P.PLAN_NUMPY)
    assert all(cells <= set(OPEN_CELLS) for cells in OPEN_CELLS_BY_NUMPY.values())
    assert P.plan_status() == {v: "fresh" for v in P.PLAN_NUMPY}, P.plan_status()


def test_plan_files_of_other_numpy_versions_are_kept(tmp_path, monkeypatch):
    """A plan file is read only for the numpy version it names, the legacy single-version
    kernel_plans.json too, and the per-version file wins over the legacy one."""
    import json

    from symact.kernels import plans as P

    monkeypatch.setattr(P, "_PLAN_DIR", str(tmp_path))
    monkeypatch.setattr(P, "_LEGACY_PLAN_FILE", str(tmp_path / "kernel_plans.json"))
    other = {"format": 2, "numpy": "0.0.1", "stages": "s", "version": "v1", "plans": {"k": {}}}
    (tmp_path / "kernel_plans-numpy-0.0.1.json").write_text(json.dumps(other))
    assert P._read_plan_file("0.0.1") == other
    assert P._read_plan_file("0.0.2") is None
    legacy = {"numpy": "0.0.2", "version": "v0", "plans": {}}
    (tmp_path / "kernel_plans.json").write_text(json.dumps(legacy))
    assert P._read_plan_file("0.0.2") == legacy and P._read_plan_file("0.0.1") == other
    assert P._read_plan_file("0.0.3") is None


def test_plan_keys_of_another_version_are_found():
    """refresh_plans(reselect=...) finds the previous file's entries under its version's keys."""
    from symact.kernels import plans as P

    args = (x**2, None, -math.inf, math.inf, (), "float64", 0, 720, "float64 B=4.0")
    assert P._plan_key(*args) == P._plan_key(*args, version=P._code_version())
    assert P._plan_key(*args, version="0" * 16) != P._plan_key(*args)
