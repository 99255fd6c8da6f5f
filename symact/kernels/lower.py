"""Lowering: SymPy expressions of the rewrite IR -> Program, with shared subexpressions, exact
constants (a threshold keeps the user's float) and error-free transformations."""

from __future__ import annotations

import functools
import math
from typing import Any, Callable, Sequence, cast

import sympy as sp

from .. import rewrite as rw
from ..errors import DefinitionError
from ..spec import x
from .primitives import SIMPLE_CALLS
from .ir import Arg, Const, Program

class _Lowerer:
    """SymPy IR -> Program, with common subexpressions shared (hash-consing)."""

    def __init__(self) -> None:
        self.prog = Program()
        self.memo: dict[sp.Basic, Arg] = {x: 0}

    def emit(self, name: str, *args: Arg) -> Arg:
        # peepholes: x * 1, x / 1, x + 0, x - 0 are x
        if name in ("mul", "div") and isinstance(args[1], Const) and args[1].value == 1:
            return args[0]
        if name == "mul" and isinstance(args[0], Const) and args[0].value == 1:
            return args[1]
        if name in ("add", "sub") and isinstance(args[1], Const) and args[1].value == 0:
            return args[0]
        key = (name, args)
        if key in self._emitted:
            return self._emitted[key]
        self.prog.ops.append((name, tuple(args)))
        vid = len(self.prog.ops)
        self._emitted[key] = vid
        return vid

    @functools.cached_property
    def _emitted(self) -> dict[Any, int]:
        return {}

    def __call__(self, e: sp.Basic) -> Arg:
        if e in self.memo:
            return self.memo[e]
        v = self._lower(e)
        self.memo[e] = v
        return v

    def _lower(self, e: sp.Basic) -> Arg:  # noqa: C901 - one dispatch
        if not e.has(x):
            if e.is_number:
                val = sp.Rational(e) if e.is_Float else e  # the Float's exact binary value, never a nearby decimal
                if val.is_real is False or val.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                    raise DefinitionError(f"cannot compile the constant {e}")
                return Const(cast("sp.Expr", val))
            raise DefinitionError(f"cannot compile {e}: it has free symbols other than x")
        if isinstance(e, sp.Add):
            return self._add(e)
        if isinstance(e, sp.Mul):
            return self._mul(e)
        if isinstance(e, sp.Pow):
            return self._pow(e.base, e.exp)
        if isinstance(e, sp.exp):
            return self.emit("exp", self(e.args[0]))
        if isinstance(e, (rw.Sel, rw.SelPos)):
            w, a, b = e.args
            m = self._mask(w, strict=isinstance(e, rw.SelPos))
            return self._sel(m, self(a), self(b))
        if isinstance(e, (sp.Max, sp.Min)):
            name = "max" if isinstance(e, sp.Max) else "min"
            args = sorted(e.args, key=lambda a: (a.has(x), sp.default_sort_key(a)), reverse=True)
            acc = self(args[0])
            for a in args[1:]:
                acc = self.emit(name, acc, self(a))
            return acc
        if isinstance(e, sp.Abs):
            return self.emit("abs", self(e.args[0]))
        if isinstance(e, sp.sign):
            return self.emit("sign", self(e.args[0]))
        if isinstance(e, rw.hypot):
            return self.emit("hypot", self(e.args[0]), self(e.args[1]))
        if isinstance(e, rw.Erfcx):
            return self.emit("erfcx", self(e.args[0]))
        if isinstance(e, rw.Erfc):
            return self.emit("erfc", self(e.args[0]))
        if isinstance(e, rw.Split):
            return self.emit("split", self(e.args[0]))
        if isinstance(e, rw.Fl):
            return self(e.args[0])
        if isinstance(e, rw.TwoProdErr):
            return self._two_prod_err(e.args[0], e.args[1])
        if isinstance(e, rw.TwoSumErr):
            c, u = e.args
            s_ = self(c + u)
            return self.emit("add", self.emit("sub", self(c), s_), self(u))
        simple = SIMPLE_CALLS
        for cls, name in simple.items():
            if isinstance(e, cls):
                return self.emit(name, self(e.args[0]))
        if isinstance(e, (sp.sinh, sp.cosh, sp.sech, sp.csch, sp.coth, sp.tan, sp.cot, sp.asinh, sp.acosh,
                          sp.atanh, sp.asin, sp.acos, sp.sec, sp.csc, sp.acot)):
            # written with the primitives (exp, log, sin, cos, atan): correct, if not the most accurate
            return self(_elementary(e))
        raise DefinitionError(f"the kernel compiler does not support {type(e).__name__} (in {e})")

    def _two_prod_err(self, c: sp.Expr, u: sp.Expr) -> Arg:
        """c u - fl(c u) exactly (float64): Dekker's product of fl(c) = ch + cl (split here) and
        u = uh + ul (split at run time), plus (c - fl(c)) u."""
        fc = float(sp.N(c, 40))
        sc = fc * 134217729.0
        ch = sc - (sc - fc)
        cl = fc - ch
        cr = float(sp.N(c - sp.Rational(fc), 40))
        uv = self(u)
        pv = self(c * u)
        uh = self.emit("split", uv)
        ul = self.emit("sub", uv, uh)
        acc = self.emit("sub", self.emit("mul", uh, Const(sp.Rational(ch))), pv)
        acc = self.emit("add", acc, self.emit("mul", ul, Const(sp.Rational(ch))))
        if cl != 0:
            acc = self.emit("add", acc, self.emit("mul", uh, Const(sp.Rational(cl))))
            acc = self.emit("add", acc, self.emit("mul", ul, Const(sp.Rational(cl))))
        if cr != 0:
            acc = self.emit("add", acc, self.emit("mul", uv, Const(sp.Rational(cr))))
        return acc

    def _mask(self, w: sp.Expr, strict: bool) -> int:
        """A 0/1 value: w >= 0 (or w > 0), comparing x with a constant directly when w = +-(x - p)."""
        name = "gt" if strict else "ge"
        terms = list(w.args) if isinstance(w, sp.Add) else [w]
        xs = [t for t in terms if t.has(x)]
        if len(xs) == 1:
            c, rest = xs[0].as_coeff_Mul()
            const = sp.Add(*[t for t in terms if not t.has(x)])
            if c.is_number and c != 0:
                # c*rest + const >= 0  <=>  rest >= -const/c (c > 0)  or  -const/c >= rest (c < 0)
                thr = -const / c
                lhs, rhs = (self(rest), self(thr)) if c > 0 else (self(thr), self(rest))
                return cast("int", self.emit(name, lhs, rhs))
        return cast("int", self.emit(name, self(w), Const(sp.Integer(0))))

    def _sel(self, m: Arg, a: Arg, b: Arg) -> Arg:
        if a == b:
            return a
        if isinstance(a, Const) and isinstance(b, Const) and a.value == 1 and b.value == 0:
            return m  # the mask itself
        if isinstance(a, Const) and isinstance(b, Const) and a.value == 0 and b.value == 1 and isinstance(m, int):
            name, (u, v) = self.prog.ops[m - 1]
            if name in ("ge", "gt"):
                return self.emit("gt" if name == "ge" else "ge", v, u)
        return self.emit("sel", m, a, b)

    def _add(self, e: sp.Add) -> Arg:
        const = sp.Integer(0)
        pos: list[sp.Expr] = []
        neg: list[sp.Expr] = []
        for t in sorted(e.args, key=sp.default_sort_key):
            if not t.has(x):
                const += t
                continue
            c = _coeff(t)
            (neg if c.is_negative else pos).append(t)
        acc: Arg | None = None
        for t in pos:
            v = self(t)
            acc = v if acc is None else self.emit("add", acc, v)
        for t in neg:
            v = self(-t)
            acc = self.emit("neg", v) if acc is None else self.emit("sub", acc, v)
        assert acc is not None
        if const != 0:
            acc = self.emit("add", acc, Const(const)) if const.is_positive or not const.is_negative else self.emit("sub", acc, Const(-const))
        return acc

    def _mul(self, e: sp.Mul) -> Arg:
        coeff = sp.Integer(1)
        num: list[sp.Expr] = []
        den: list[sp.Expr] = []
        for f_ in e.args:
            if not f_.has(x):
                coeff *= f_
            elif isinstance(f_, sp.Pow) and f_.exp.is_number and f_.exp.is_negative:
                den.append(f_.base ** (-f_.exp) if f_.exp != -1 else f_.base)
            else:
                num.append(f_)
        # exponentials last, the simplest of them (the one that carries the magnitude, e.g.
        # exp(-h^2/2) next to exp(-(x - h)(x + h)/2)) very last: a product that ends below the
        # normal range is rounded to the subnormal spacing only once, at the end
        def order(f_: sp.Expr) -> tuple[Any, ...]:
            if isinstance(f_, sp.exp):
                return (1, -sp.count_ops(f_.args[0]), sp.default_sort_key(f_))
            return (0, 0, sp.default_sort_key(f_))

        num.sort(key=order)
        den.sort(key=sp.default_sort_key)
        negative = coeff.is_negative
        mag = -coeff if negative else coeff
        # a constant below 1 is applied first (0.5 x erfc(-x) does not overflow at x = 1e308),
        # one above 1 last (x exp(-|x|) 4 does not overflow either)
        shrink = mag != 1 and bool(mag < 1)
        acc: Arg | None = None
        for f_ in num:
            v = self(f_)
            if acc is None:
                acc = self.emit("mul", v, Const(mag)) if shrink else v
            else:
                acc = self.emit("mul", acc, v)
        dacc: Arg | None = None
        for f_ in den:
            v = self(f_)
            dacc = v if dacc is None else self.emit("mul", dacc, v)
        if acc is None:
            assert dacc is not None
            if len(den) == 1 and isinstance(den[0], sp.Pow) and den[0].exp.is_Integer and int(den[0].exp) >= 2:
                acc = self.emit("mul", self._pow(den[0].base, -den[0].exp), Const(mag))  # c (1/b)^n, as above
            else:
                acc = self.emit("div", Const(mag), dacc)
            return self.emit("neg", acc) if negative else acc
        if mag != 1 and not shrink:
            acc = self.emit("mul", acc, Const(mag))
        if dacc is not None:
            acc = self.emit("div", acc, dacc)
        return self.emit("neg", acc) if negative else acc

    def _pow(self, base: sp.Expr, ex: sp.Expr) -> Arg:
        if base is sp.E:
            return self.emit("exp", self(ex))
        if ex.is_Integer:
            n = int(ex)
            if n < 0:
                if n <= -2:
                    # (1/b)^n: no overflow of b^n where the result is still representable
                    # (1/x^2 at x = 1e160 is subnormal, not 1/inf = 0)
                    return self._ipow(self.emit("div", Const(sp.Integer(1)), self(base)), -n)
                return self.emit("div", Const(sp.Integer(1)), self._pow(base, sp.Integer(-n)))
            b = self(base)
            return self._ipow(b, n)
        if ex.is_Rational and cast("sp.Rational", ex).q == 2:
            n = int(cast("sp.Rational", ex).p)
            s = self.emit("sqrt", self(base))
            if n < 0:
                return self.emit("div", Const(sp.Integer(1)), self._pow(base, -ex))
            if n == 1:
                return s
            return self.emit("mul", self._ipow(self(base), (n - 1) // 2), s)
        if ex.has(x):
            return self.emit("exp", self(ex * sp.log(base)))
        return self.emit("pow", self(base), Const(ex))

    def _ipow(self, b: Arg, n: int) -> Arg:
        if n == 0:
            return Const(sp.Integer(1))
        if n == 1:
            return b
        half = self._ipow(b, n // 2)
        sq = self.emit("mul", half, half)
        return self.emit("mul", sq, b) if n % 2 else sq


def _coeff(t: sp.Expr) -> sp.Expr:
    if isinstance(t, sp.Mul):
        c = sp.Mul(*[a for a in t.args if not a.has(x)])
        return c
    return cast("sp.Expr", sp.Integer(1))


def _elementary(e: sp.Expr) -> sp.Expr:
    """Less common functions in terms of the compiler's primitives."""
    a = cast("sp.Expr", e.args[0])
    table: dict[type, Callable[[], sp.Expr]] = {
        sp.sinh: lambda: (sp.exp(a) - sp.exp(-a)) / 2,
        sp.cosh: lambda: (sp.exp(a) + sp.exp(-a)) / 2,
        sp.sech: lambda: 2 / (sp.exp(a) + sp.exp(-a)),
        sp.csch: lambda: 2 / (sp.exp(a) - sp.exp(-a)),
        sp.coth: lambda: 1 / sp.tanh(a),
        sp.tan: lambda: sp.sin(a) / sp.cos(a),
        sp.cot: lambda: sp.cos(a) / sp.sin(a),
        sp.sec: lambda: 1 / sp.cos(a),
        sp.csc: lambda: 1 / sp.sin(a),
        sp.asinh: lambda: sp.log(a + sp.sqrt(a**2 + 1)),
        sp.acosh: lambda: sp.log(a + sp.sqrt(a**2 - 1)),
        sp.atanh: lambda: rw.log1p(2 * a / (1 - a)) / 2,
        sp.asin: lambda: sp.atan(a / sp.sqrt(1 - a**2)),
        sp.acos: lambda: 2 * sp.atan(sp.sqrt((1 - a) / (1 + a))),
        sp.acot: lambda: sp.atan(1 / a),
    }
    for cls, fn in table.items():
        if isinstance(e, cls):
            return fn()
    raise DefinitionError(f"unsupported function {type(e).__name__}")


def lower(exprs: Sequence[sp.Expr]) -> Program:
    """One program computing every expression of ``exprs`` (shared subexpressions computed once)."""
    lw = _Lowerer()
    outs = [lw(e) for e in exprs]
    lw.prog.outputs = outs
    return lw.prog.pruned()



# ---------------------------------------------------------------------------------------
# assembling a kernel
def float_as_exact(v: float, bps: Sequence[Any] = ()) -> sp.Expr:
    """A float as an exact SymPy number (its binary value), +-oo for infinities; when it is
    a breakpoint's float value, the breakpoint's own exact value instead."""
    if math.isinf(v):
        return sp.oo if v > 0 else -sp.oo
    for bp in bps:
        if to_float(bp.at) == v:
            return breakpoint_constant(bp.at)
    return cast("sp.Expr", sp.Rational(v))


def breakpoint_constant(at: sp.Expr) -> sp.Expr:
    """A breakpoint as a program constant: the user's exact value when it is rational (the
    program rounds it to the dtype once: 0.30000000000000004 stays that float, the smallest
    normal stays the smallest normal); an irrational one by its 40-digit value."""
    if at.is_Rational:
        return at
    return cast("sp.Expr", sp.Rational(sp.Float(sp.N(at, 40), 40)))


def to_float(v: sp.Expr) -> float:
    if v == sp.oo:
        return math.inf
    if v == -sp.oo:
        return -math.inf
    return float(sp.N(v, 30))
