"""My own mpmath definitions of the activations (PyTorch's definitions, written from the
documentation, never from symact), their parameters, kinks, and helpers.  No symact import."""
from __future__ import annotations

from fractions import Fraction

import mpmath as mp

DPS = 70


def F(s) -> Fraction:
    """An exact parameter value from its decimal text, as the CLI reads it."""
    return Fraction(str(s))


def mpf(q) -> mp.mpf:
    if isinstance(q, Fraction):
        return mp.mpf(q.numerator) / q.denominator
    return mp.mpf(q)


def sig(x):
    return 1 / (1 + mp.exp(-x))


SELU_ALPHA = F("1.6732632423543772848170429916717")
SELU_LAMBDA = F("1.0507009873554804934193349852946")


def make(name: str, p: dict | None = None):
    """f(x) for catalogue activation `name` with parameters p (Fractions or mpf)."""
    p = {k: mpf(v) for k, v in (p or {}).items()}
    g = lambda k, d: p.get(k, mpf(d))  # noqa: E731
    if name == "identity":
        return lambda x: x
    if name == "binary_step":
        return lambda x: mp.mpf(0) if x < 0 else mp.mpf(1)
    if name == "sigmoid":
        return sig
    if name == "tanh":
        return mp.tanh
    if name == "arctan":
        return mp.atan
    if name == "softsign":
        return lambda x: x / (1 + abs(x))
    if name == "log_sigmoid":
        return lambda x: -mp.log1p(mp.exp(-x)) if x > -50 else x - mp.log1p(mp.exp(x))
    if name == "gaussian":
        return lambda x: mp.exp(-x * x)
    if name == "sinusoid":
        return mp.sin
    if name == "relu":
        return lambda x: x if x > 0 else mp.mpf(0)
    if name == "leaky_relu":
        s = g("negative_slope", F("0.01"))
        return lambda x: x if x > 0 else s * x
    if name == "prelu":
        s = g("a", F("0.25"))
        return lambda x: x if x > 0 else s * x
    if name == "relu6":
        return lambda x: min(max(x, mp.mpf(0)), mp.mpf(6))
    if name == "hard_sigmoid":
        return lambda x: min(max(x / 6 + mp.mpf(1) / 2, mp.mpf(0)), mp.mpf(1))
    if name == "hard_tanh":
        lo, hi = g("min_val", -1), g("max_val", 1)
        return lambda x: min(max(x, lo), hi)
    if name == "hard_swish":
        return lambda x: x * min(max(x + 3, mp.mpf(0)), mp.mpf(6)) / 6
    if name == "softshrink":
        lam = g("lambd", F("0.5"))
        return lambda x: x - lam if x > lam else (x + lam if x < -lam else mp.mpf(0))
    if name == "hardshrink":
        lam = g("lambd", F("0.5"))
        return lambda x: x if abs(x) > lam else mp.mpf(0)
    if name == "sparse_plus":
        return lambda x: mp.mpf(0) if x <= -1 else ((x + 1) ** 2 / 4 if x < 1 else x)
    if name == "elu":
        a = g("alpha", 1)
        return lambda x: x if x > 0 else a * mp.expm1(x)
    if name == "selu":
        a, lam = g("alpha", SELU_ALPHA), g("lambda", SELU_LAMBDA)
        return lambda x: lam * x if x > 0 else lam * a * mp.expm1(x)
    if name == "celu":
        a = g("alpha", 1)
        return lambda x: x if x > 0 else a * mp.expm1(x / a)
    if name == "softplus":
        b = g("beta", 1)
        return lambda x: (mp.log1p(mp.exp(b * x)) if b * x < 0 else b * x + mp.log1p(mp.exp(-b * x))) / b
    if name == "gelu":
        return lambda x: x * (1 + mp.erf(x / mp.sqrt(2))) / 2
    if name == "gelu_tanh":
        c = mp.mpf("0.044715")
        return lambda x: x * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (x + c * x ** 3))) / 2
    if name == "silu":
        return lambda x: x * sig(x)
    if name == "swish_beta":
        b = g("beta", 1)
        return lambda x: x * sig(b * x)
    if name == "mish":
        return lambda x: x * mp.tanh(mp.log1p(mp.exp(x)) if x < 0 else x + mp.log1p(mp.exp(-x)))
    if name == "tanhshrink":
        return lambda x: x - mp.tanh(x)
    if name == "squareplus":
        b = g("b", 4)
        return lambda x: (x + mp.sqrt(x * x + b)) / 2
    raise KeyError(name)


def kinks(name: str, p: dict | None = None) -> list:
    p = {k: mpf(v) for k, v in (p or {}).items()}
    g = lambda k, d: p.get(k, mpf(d))  # noqa: E731
    table = {
        "binary_step": [0], "relu": [0], "leaky_relu": [0], "prelu": [0], "relu6": [0, 6],
        "hard_sigmoid": [-3, 3], "hard_swish": [-3, 3], "sparse_plus": [-1, 1], "elu": [0],
        "selu": [0], "celu": [0],
        "hard_tanh": [g("min_val", -1), g("max_val", 1)],
        "softshrink": [-g("lambd", 0.5), g("lambd", 0.5)],
        "hardshrink": [-g("lambd", 0.5), g("lambd", 0.5)],
        "softsign": [0],
    }
    return [mp.mpf(k) for k in table.get(name, [])]


def deriv(f, x, n=1):
    """n-th derivative of a smooth-at-x function by mpmath's finite differences at the current
    precision (the caller keeps x away from kinks)."""
    return mp.diff(f, x, n)


def grid(scale=1) -> list:
    """Sample points: linear on [-12, 12] and logarithmic out to 1e6, times `scale`."""
    pts = [mp.mpf(i) / 8 for i in range(-96, 97)]
    for e in range(-12, 7):
        for m in (1, 3):
            pts += [m * mp.mpf(10) ** e, -m * mp.mpf(10) ** e]
    pts += [mp.mpf("0.37"), mp.mpf("-1.27846454276107"), mp.mpf("2.3994"), mp.mpf("-2.3994")]
    return sorted({mp.mpf(scale) * t for t in pts})
