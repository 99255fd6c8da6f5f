"""High-precision ground truth: SymPy expressions evaluated with mpmath, without ``exec``.

:func:`compile_mp` walks a SymPy expression once and returns a closure tree that evaluates
it in mpmath at the current working precision.  It never prints code and never calls
``lambdify``, so no name inside the expression can be executed, whatever it is.  It is the
reference every derivative, form, claim and kernel is checked against.

Also here: sampling helpers and the ULP metrics the kernel work reports.
"""

from __future__ import annotations

import functools
import math
import random
from typing import Any, Callable, Iterable, Sequence, cast

import mpmath
import sympy as sp

from .primitives import with_column
from .spec import x as X

__all__ = ["compile_mp", "evaluate", "sample_points", "derivative_fd", "close", "ulp_error", "NumericError"]


class NumericError(ValueError):
    """The expression contains something the evaluator does not support."""


Fn = Callable[[list[Any]], Any]

@functools.lru_cache(maxsize=16384)
def _exp_at(v: mpmath.mpf, prec: int) -> mpmath.mpf:
    if abs(v) > 10**4:
        # exp(v) = 2^n exp(r), n = floor(v / ln 2), r = v - n ln 2 in [0, ln 2): the
        # reduction needs log2|v| extra bits; mpmath's own path for huge v takes milliseconds
        extra = int(mpmath.mag(v)) + 20
        with mpmath.workprec(prec + extra):
            q = v / mpmath.ln2
            n = mpmath.floor(q)
            r = (q - n) * mpmath.ln2
        with mpmath.workprec(prec):
            return mpmath.ldexp(mpmath.exp(r), int(n))
    with mpmath.workprec(prec):
        return mpmath.exp(v)


def _huge(v: Any, bits: int) -> bool:
    """|v| > 2^bits (a finite real mpf)."""
    return isinstance(v, mpmath.mpf) and mpmath.isfinite(v) and v != 0 and mpmath.mag(v) > bits


def _exp(v: Any) -> Any:
    """mpmath.exp, memoised for real arguments: exp of a huge argument (|x| ~ 1e300) costs
    milliseconds, and the same points recur across the expressions of one activation.
    Beyond |v| = 2^(2^20) (exp of exp(1e308), say) exp(-|v|) is 0 at any working precision
    and exp(|v|) cannot be represented (ValueError): mpmath would build integers with that many
    bits and run out of memory."""
    if isinstance(v, mpmath.mpf):
        if _huge(v, 1 << 20):
            if v < 0:
                return mpmath.mpf(0)
            raise ValueError("exp of an argument beyond 2^(2^20)")
        return _exp_at(v, mpmath.mp.prec)
    return mpmath.exp(v)


def _saturating(fn: Callable[[Any], Any], limit: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """fn, but its limit (a function of the sign) for |v| > 2^64, where the difference from
    the limit is below exp(-2^64): out of reach of any working precision (tanh, sech, ...)."""

    def wrapped(v: Any) -> Any:
        if _huge(v, 64):
            return limit(v)
        return fn(v)

    return wrapped


def _refusing(fn: Callable[[Any], Any], what: str, bits: int = 4096) -> Callable[[Any], Any]:
    """fn, but ValueError for |v| > 2^bits (periodic and hyperbolic functions of such arguments
    need that many bits of pi or of the exponent)."""

    def wrapped(v: Any) -> Any:
        if _huge(v, bits):
            raise ValueError(f"{what} of an argument beyond 2^{bits}")
        return fn(v)

    return wrapped


def _sign1(v: Any) -> Any:
    return mpmath.mpf(1) if v > 0 else mpmath.mpf(-1)


def _erfc(z: Any) -> Any:
    """mpmath.erfc, also for huge positive z (mpmath raises OverflowError beyond ~1e150): there
    erfc(z) = exp(-z^2)/(z sqrt(pi)) (1 - 1/(2z^2) + 3/(4z^4) - 15/(8z^6) + ...), and three
    correction terms leave a relative error below z^-8 < 1e-64."""
    if isinstance(z, mpmath.mpf) and z > 10**8:
        s = 1 / (2 * z * z)
        return mpmath.exp(-z * z) / (z * mpmath.sqrt(mpmath.pi)) * (1 - s + 3 * s**2 - 15 * s**3)
    return mpmath.erfc(z)


def _heaviside(v: Any, h0: Any = mpmath.mpf(0.5)) -> Any:
    return mpmath.mpf(0) if v < 0 else (mpmath.mpf(1) if v > 0 else h0)


def _zero(v: Any) -> Any:
    return mpmath.mpf(0)


#: numeric's own code for a function of the table (symact.primitives): a replacement of the
#: mpmath function, or a guard (given the mpmath function and its name) for huge arguments
_OWN: dict[type, Callable[[Any], Any]] = {sp.exp: _exp, sp.erfc: _erfc}
_Guard = Callable[[Callable[[Any], Any], str], Callable[[Any], Any]]
_GUARDS: dict[type, _Guard] = {
    **{fn: _refusing for fn in (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)},
    **{fn: lambda mp, what: _refusing(mp, what, 1 << 20) for fn in (sp.sinh, sp.cosh)},
    **{fn: lambda mp, what: _saturating(mp, _sign1) for fn in (sp.tanh, sp.coth)},
    **{fn: lambda mp, what: _saturating(mp, _zero) for fn in (sp.sech, sp.csch)},
}
#: SymPy function -> its mpmath evaluation, for every function of the table with an mpmath name
_UNARY: dict[type, Callable[..., Any]] = {
    fn: _OWN[fn] if fn in _OWN else _GUARDS.get(fn, cast(_Guard, lambda mp, what: mp))(getattr(mpmath, name), name)
    for fn, name in with_column("mpmath").items()
}


_WATCH = object()  # key of the cancellation monitor in the compiler's symbol index


def compile_mp(expr: sp.Basic, variables: Sequence[sp.Symbol] = (X,), watch: list[Any] | None = None) -> Callable[..., Any]:
    """A function of ``variables`` evaluating ``expr`` with mpmath (current ``mp.dps``).

    Piecewise conditions are evaluated exactly as written; ``nan`` results (SymPy's value
    outside every branch) raise ``ValueError`` instead of leaking out.

    With ``watch`` (a list ``[0.0]`` or ``[0.0, -inf]``), every sum records in ``watch[0]``
    the largest number of bits lost to cancellation, log2(max |term| / |sum|) (``inf`` for a
    sum that came out exactly 0), and in ``watch[1]`` (if present) log2 of the largest term of
    such a sum: a caller raises the precision until the loss is small compared with the
    working precision, or until the error bound shows the value is negligible (see
    :func:`symact.kernels.truth_expr`).
    """
    index: dict[object, Any] = {v: i for i, v in enumerate(variables)}
    if watch is not None:
        index[_WATCH] = watch
    node = _compile(expr, index)

    def fn(*args: Any) -> Any:
        env = [a if isinstance(a, (mpmath.mpf, mpmath.mpc)) else mpmath.mpmathify(a) for a in args]
        return node(env)

    return fn


def _compile(e: sp.Basic, index: dict[object, Any]) -> Fn:  # noqa: C901 - one dispatch table
    if e in index:
        i = index[e]
        return lambda env: env[i]
    if isinstance(e, sp.Symbol):
        raise NumericError(f"free symbol {e.name!r} has no value")
    if isinstance(e, sp.Integer):
        v = int(e)
        return lambda env: mpmath.mpf(v)
    if isinstance(e, sp.Rational):
        p, q = int(e.p), int(e.q)
        return lambda env: mpmath.mpf(p) / q
    if isinstance(e, sp.Float):
        v = mpmath.mpf(e._mpf_)
        return lambda env: v
    if e is sp.pi:
        return lambda env: +mpmath.pi
    if e is sp.E:
        return lambda env: mpmath.e + 0
    if e is sp.EulerGamma:
        return lambda env: +mpmath.euler
    if e is sp.oo:
        return lambda env: mpmath.inf
    if e is -sp.oo or e == sp.S.NegativeInfinity:
        return lambda env: -mpmath.inf
    if e is sp.S.Half:
        return lambda env: mpmath.mpf(0.5)
    if isinstance(e, sp.Add):
        parts = [_compile(a, index) for a in e.args]
        watch = index.get(_WATCH)
        if watch is None:
            return lambda env: mpmath.fsum(p(env) for p in parts)
        acc: list[float] = watch

        def add(env: list[Any]) -> Any:
            terms = [p(env) for p in parts]
            total = mpmath.fsum(terms)
            big = max(abs(t) for t in terms)
            if big != 0 and mpmath.isfinite(big):
                lost = math.inf if total == 0 else float(min(mpmath.mag(big) - mpmath.mag(total), 10**9))
                if lost > acc[0]:
                    acc[0] = lost
                    if len(acc) > 1:
                        acc[1] = max(acc[1], float(max(min(mpmath.mag(big), 10**9), -10**9)))
            return total

        return add
    if isinstance(e, sp.Mul):
        parts = [_compile(a, index) for a in e.args]

        def mul(env: list[Any]) -> Any:
            r = mpmath.mpf(1)
            for p in parts:
                r = r * p(env)
            return r

        return mul
    if isinstance(e, sp.Pow):
        base = _compile(e.base, index)
        ex = e.exp
        if ex.is_Integer:
            n = int(ex)
            return lambda env: base(env) ** n
        if ex == sp.S.Half:
            return lambda env: mpmath.sqrt(base(env))
        expo = _compile(ex, index)
        return lambda env: mpmath.power(base(env), expo(env))
    if isinstance(e, sp.LambertW):
        arg = _compile(e.args[0], index)
        k = int(e.args[1]) if len(e.args) > 1 else 0
        return lambda env: mpmath.lambertw(arg(env), k)
    if isinstance(e, (sp.Max, sp.Min)):
        parts = [_compile(a, index) for a in e.args]
        pick = max if isinstance(e, sp.Max) else min

        def mx(env: list[Any]) -> Any:
            vals = [p(env) for p in parts]
            if any(mpmath.isnan(v) for v in vals):
                return mpmath.nan
            return pick(vals)

        return mx
    if isinstance(e, sp.Heaviside):
        arg = _compile(e.args[0], index)
        h0 = _compile(e.args[1], index) if len(e.args) > 1 else (lambda env: mpmath.mpf(0.5))
        return lambda env: _heaviside(arg(env), h0(env))
    if isinstance(e, sp.Piecewise):
        branches = [(_compile(v, index), _compile_cond(c, index)) for v, c in cast("tuple[tuple[sp.Expr, sp.Basic], ...]", e.args)]

        def pw(env: list[Any]) -> Any:
            for val, cond in branches:
                if cond(env):
                    return val(env)
            raise ValueError("point outside every branch of a Piecewise (not defined there)")

        return pw
    fn = _UNARY.get(type(e))
    if fn is not None and len(e.args) == 1:
        arg = _compile(e.args[0], index)
        watch = index.get(_WATCH)
        if watch is not None and isinstance(e, sp.log):
            # log near 1 turns the absolute error of its argument into a relative one:
            # log(1 + u) loses log2(1/|u|) bits (and all of them if 1 + u rounded to 1)
            def log_watched(env: list[Any]) -> Any:
                v = arg(env)
                if isinstance(v, mpmath.mpf):
                    d = v - 1
                    if abs(d) < 0.5:
                        lost = math.inf if d == 0 else float(min(-mpmath.mag(d), 10**9))
                        if lost > watch[0]:
                            watch[0] = lost
                        if len(watch) > 1:  # the absolute error of the result is ~ 2^-precision
                            watch[1] = max(watch[1], 0.0)
                return fn(v)

            return log_watched
        return lambda env: fn(arg(env))
    raise NumericError(f"cannot evaluate {type(e).__name__} numerically")


def _compile_cond(c: sp.Basic, index: dict[object, Any]) -> Callable[[list[Any]], bool]:
    if c is sp.true:
        return lambda env: True
    if c is sp.false:
        return lambda env: False
    if isinstance(c, sp.And):
        parts = [_compile_cond(a, index) for a in c.args]
        return lambda env: all(p(env) for p in parts)
    if isinstance(c, sp.Or):
        parts = [_compile_cond(a, index) for a in c.args]
        return lambda env: any(p(env) for p in parts)
    if isinstance(c, sp.Not):
        part = _compile_cond(c.args[0], index)
        return lambda env: not part(env)
    if isinstance(c, sp.core.relational.Relational):
        lhs, rhs = _compile(c.lhs, index), _compile(c.rhs, index)
        op: Callable[[Any, Any], Any] = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
              "==": lambda a, b: a == b, "!=": lambda a, b: a != b}[c.rel_op]  # type: ignore[attr-defined]  # SymPy declares rel_op on the Relational subclasses only
        return lambda env: bool(op(lhs(env), rhs(env)))
    raise NumericError(f"cannot evaluate condition {c}")


def evaluate(expr: sp.Basic, value: object, dps: int = 50, variable: sp.Symbol = X) -> mpmath.mpf:
    """``expr`` at ``variable = value`` with ``dps`` decimal digits."""
    with mpmath.workdps(dps):
        return compile_mp(expr, (variable,))(value)


def sample_points(n: int, lo: float = -12.0, hi: float = 12.0, seed: int = 0, avoid: Iterable[float] = (), gap: float = 1e-3) -> list[mpmath.mpf]:
    """``n`` reproducible points in (lo, hi), half uniform and half log-uniform in |x|,
    at least ``gap`` away from the points in ``avoid`` (kinks)."""
    rng = random.Random(seed)
    avoid = [float(a) for a in avoid]
    out: list[mpmath.mpf] = []
    while len(out) < n:
        if len(out) % 2:
            t = rng.uniform(lo, hi)
        else:
            mag = 10 ** rng.uniform(-3, math.log10(max(abs(lo), abs(hi))))
            t = mag if rng.random() < 0.5 else -mag
            if not lo < t < hi:
                continue
        if any(abs(t - a) < gap for a in avoid):
            continue
        out.append(mpmath.mpf(repr(t)))
    return out


def derivative_fd(fn: Callable[..., Any], point: mpmath.mpf, order: int, dps: int = 50) -> mpmath.mpf:
    """The ``order``-th derivative of an mpmath function by mpmath's high-precision finite
    differences (``mpmath.diff``), independent of SymPy's differentiation."""
    with mpmath.workdps(dps):
        return mpmath.diff(fn, point, order)


def close(a: Any, b: Any, rel: float = 1e-30, abs_: float = 1e-30) -> bool:
    """|a - b| <= max(rel * max(|a|, |b|), abs_) for real mpmath numbers (complex -> False)."""
    if isinstance(a, mpmath.mpc) or isinstance(b, mpmath.mpc):
        ai = mpmath.im(a) if isinstance(a, mpmath.mpc) else 0
        bi = mpmath.im(b) if isinstance(b, mpmath.mpc) else 0
        if abs(ai) > abs_ or abs(bi) > abs_:
            return False
        a, b = mpmath.re(a), mpmath.re(b)
    if mpmath.isnan(a) or mpmath.isnan(b):
        return False
    if mpmath.isinf(a) or mpmath.isinf(b):
        return cast("bool", a == b)
    return cast("bool", abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_))


def ulp_error(computed: float, exact: mpmath.mpf, dtype: str = "float64") -> float:
    """|computed - exact| in units of the last place of the exact value in ``dtype``."""
    import numpy as np

    ftype = np.float64 if dtype == "float64" else np.float32
    if mpmath.isnan(exact):
        return 0.0 if math.isnan(computed) else math.inf
    if math.isnan(computed):
        return math.inf
    if mpmath.isinf(exact) or math.isinf(computed):
        return 0.0 if computed == exact else math.inf
    info = np.finfo(ftype)
    ref = ftype(float(exact))
    if not math.isfinite(float(ref)):
        return math.inf
    a = abs(float(exact))
    if a < float(info.tiny):
        unit = float(info.smallest_subnormal)
    else:
        e = math.frexp(a)[1] - 1  # a in [2^e, 2^(e+1))
        unit = math.ldexp(1.0, e - (info.nmant))
    return float(abs(mpmath.mpf(computed) - exact) / unit)


# ---------------------------------------------------------------------------------------
# plain numpy evaluation (no exec): a reference implementation, not a stable kernel
_NP_UNARY = with_column("numpy")


def compile_numpy(expr: sp.Basic, variable: sp.Symbol = X) -> Callable[..., Any]:
    """A vectorised numpy function evaluating ``expr`` literally (textbook formula, float64).

    This is the *naive* evaluation (it overflows and cancels where the formula does): use it
    as a baseline or for moderate inputs; :mod:`symact.kernels` builds the stable kernels.
    erf/erfc need SciPy.  Nothing is printed or executed.
    """
    import numpy as np

    def comp(e: sp.Basic) -> Any:
        if e == variable:
            return lambda v: v
        if e.is_Number or e in (sp.pi, sp.E) or (e.is_number and not e.has(variable)):
            c = float(cast("sp.Expr", e))
            return lambda v: np.full_like(v, c, dtype=float)
        if isinstance(e, sp.Add):
            parts = [comp(a) for a in e.args]
            return lambda v: sum((p(v) for p in parts[1:]), parts[0](v))
        if isinstance(e, sp.Mul):
            parts = [comp(a) for a in e.args]

            def mul(v: Any) -> Any:
                out = parts[0](v)
                for p in parts[1:]:
                    out = out * p(v)
                return out

            return mul
        if isinstance(e, sp.Pow):
            b = comp(e.base)
            if e.exp.is_Integer:
                n = int(e.exp)
                return lambda v: np.power(b(v), float(n)) if n < 0 else b(v) ** n
            ex = comp(e.exp)
            return lambda v: np.power(b(v), ex(v))
        if isinstance(e, (sp.erf, sp.erfc)):
            from scipy import special

            a = comp(e.args[0])
            fn = special.erf if isinstance(e, sp.erf) else special.erfc
            return lambda v: fn(a(v))
        if isinstance(e, sp.Piecewise):
            branches = [(comp(val), _np_cond(c, comp)) for val, c in cast("tuple[tuple[sp.Expr, sp.Basic], ...]", e.args)]

            def pw(v: Any) -> Any:
                out = np.full_like(v, np.nan, dtype=float)
                done = np.zeros(np.shape(v), dtype=bool)
                for val, cond in branches:
                    m = cond(v) & ~done
                    if m.any():
                        out[m] = np.broadcast_to(val(v), np.shape(v))[m]
                    done |= m
                return out

            return pw
        if isinstance(e, (sp.Max, sp.Min)):
            return _np_fold([comp(a) for a in e.args], np.maximum if isinstance(e, sp.Max) else np.minimum)
        name = _NP_UNARY.get(type(e))
        if name is not None:
            a = comp(e.args[0])
            fn = getattr(np, name)
            return lambda v: fn(a(v))
        raise NumericError(f"cannot evaluate {type(e).__name__} with numpy")

    node = comp(expr)

    def run(values: Any) -> Any:
        v = np.asarray(values, dtype=float)
        return np.asarray(node(v), dtype=float)

    return run


def _np_fold(parts: list[Callable[[Any], Any]], op: Callable[..., Any]) -> Callable[[Any], Any]:
    """v -> op(...op(op(parts[0](v), parts[1](v)), ...), parts[-1](v)): a binary numpy
    function folded over the values of the parts (Max and Min, And and Or)."""

    def fold(v: Any) -> Any:
        out = parts[0](v)
        for p in parts[1:]:
            out = op(out, p(v))
        return out

    return fold


def _np_cond(c: sp.Basic, comp: Any) -> Any:
    import numpy as np

    if c is sp.true:
        return lambda v: np.ones(np.shape(v), dtype=bool)
    if c is sp.false:
        return lambda v: np.zeros(np.shape(v), dtype=bool)
    if isinstance(c, (sp.And, sp.Or)):
        return _np_fold([_np_cond(a, comp) for a in c.args], np.logical_and if isinstance(c, sp.And) else np.logical_or)
    if isinstance(c, sp.core.relational.Relational):
        lhs, rhs = comp(c.lhs), comp(c.rhs)
        ops = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal, "==": np.equal, "!=": np.not_equal}
        relop = ops[c.rel_op]  # type: ignore[attr-defined]  # SymPy declares rel_op on the Relational subclasses only
        return lambda v: relop(lhs(v), rhs(v))
    raise NumericError(f"cannot evaluate condition {c}")
