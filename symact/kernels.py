"""Numeric kernels: stable, accurate and fast numpy functions for every activation, and exporters.

A kernel for f^(k) is *compiled* from the engine's own expressions, never written by hand:

1. **Pieces.**  The activation's smooth pieces and their k-th derivatives
   (:func:`symact.derive.piece_derivatives`), parameters bound to numbers.  At a breakpoint
   the kernel uses the formula of the piece that :class:`~symact.pieces.Breakpoint` ``side``
   names (the record's kink convention, PyTorch's: relu'(0) = 0).
2. **Candidates.**  :func:`symact.rewrite.candidates` rewrites each piece with named rules
   (exp(-|w|) with sign handling, log1p, expm1, erfc, conjugates, hypot, ...).
3. **Measurement.**  Every candidate is lowered to a straight-line program and run on a
   sample of inputs (log-uniform over all finite floats of the dtype, a dense centre, the
   special points 0, -0.0, +-1e-300, +-20, +-37, +-40, +-709.8, +-745, +-1e308 and the
   float32 thresholds); its error in ULPs is measured against the engine's expression
   evaluated by :func:`symact.numeric.compile_mp` at 60+ digits, with the precision raised
   until two evaluations agree (so cancellation in the *reference* cannot fool it).
4. **Choice** (Herbie's idea).  The cheapest candidate (static cost model, below) that meets
   the accuracy contract wins: <= 2 ULP where some candidate reaches it, else <= 4 ULP;
   for functions that change sign, 4 ulp(f) + 4 eps |x f'(x)| (backward-stable in x).  When
   no single candidate is accurate everywhere, the line is split into *regimes* (up to three
   intervals, each with its own candidate, chosen by dynamic programming over split points);
   Taylor expansions at 0 and at infinity join the pool only then.  float32 is chosen
   separately: native float32 arithmetic if it meets the contract, else float64 arithmetic
   rounded once to float32.
5. **Assembly.**  Pieces and regimes are joined with 0/1 masks (exact: each input takes one
   term, the others are multiplied by 0 after clamping x into their interval, so they stay
   finite) or, for continuous functions whose pieces vanish at the breakpoints, by a plain
   sum of clamped pieces (ELU = expm1(min(x, 0)) + max(x, 0)).  +-inf and NaN are checked
   against the limits; a program that does not produce them by itself gets a guard.
6. **Execution.**  The program runs in place on preallocated buffers, in blocks of 16384
   elements, under a cheap ``errstate`` that silences underflow/overflow of intermediate
   results (never of a result: the measurement rejects any candidate that returns NaN or a
   wrong infinity).  No ``np.where``, no ``np.select``.

The same program is printed as standalone Python (numpy only), C99, JAX and PyTorch source
by :func:`export`.

Cost model (per element, float64, numpy 2.x with AVX-512 on this project's machine; mul = 1):
``COST`` below, measured once on blocks of 16384 elements.
"""

from __future__ import annotations

import functools
import math
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import sympy as sp

from . import budget
from . import rewrite as rw
from .errors import DefinitionError, ParameterError, UsageError
from .results import Accuracy, KernelInfo, PieceChoice, Regime, _jf
from .spec import Activation, check_identifier, x

__all__ = [
    "kernel",
    "value_and_grad",
    "export",
    "Kernel",
    "KernelInfo",
    "PieceChoice",
    "TARGETS",
    "truth",
    "measure",
    "Accuracy",
    "sample",
    "BLOCK",
    "ContractWarning",
    "contract_ulp",
    "ROOT_WINDOW",
]

#: Elements per block for large arrays (a few buffers of 128 KiB stay in the L2 cache).
BLOCK = 16384
#: Export targets (``numpy`` is an alias of ``python``).
TARGETS = ("python", "numpy", "c", "jax", "torch")

# relative cost per element of each primitive (float64; mul = 1)
COST: dict[str, float] = {
    "add": 1, "sub": 1, "mul": 1, "neg": 1, "abs": 1, "sign": 1, "copy": 1, "fill": 1,
    "max": 2, "min": 2, "ge": 2, "gt": 2, "div": 2, "recip": 2, "sqrt": 3,
    "exp": 4, "expm1": 6, "log": 5, "log1p": 6, "tanh": 8, "atan": 6,
    "sin": 50, "cos": 50, "hypot": 40, "pow": 15, "erf": 70, "erfc": 70, "erfcx": 45, "sel": 4, "split": 5,
}

# ---------------------------------------------------------------------------------------
# programs: straight-line code in SSA form
_UNARY_OPS = ("neg", "abs", "sign", "exp", "expm1", "log", "log1p", "sqrt", "tanh", "atan", "sin", "cos", "erf", "erfc", "recip", "copy", "split")
_BINARY_OPS = ("add", "sub", "mul", "div", "max", "min", "hypot", "pow", "ge", "gt")


@dataclass(frozen=True)
class Const:
    """An exact constant of a program (rounded to the dtype when the program runs)."""

    value: sp.Expr

    def as_float(self) -> float:
        v = self.value
        if v.is_Integer or v.is_Float:
            return float(v)
        return float(sp.N(v, 40))


Arg = Any  # int (value id) | Const


@dataclass
class Program:
    """Straight-line code: value 0 is x; op i defines value i + 1.

    ``ops`` are ``(name, args)`` with ``args`` value ids or :class:`Const`; ``outputs`` are
    the values returned.  ``sel(m, a, b)`` (m a 0/1 mask from ``ge``/``gt``) is kept as one
    operation; numpy lowers it to arithmetic, C to a conditional, JAX/PyTorch to ``where``.
    """

    ops: list[tuple[str, tuple[Arg, ...]]] = field(default_factory=list)
    outputs: list[Arg] = field(default_factory=list)

    def cost(self) -> float:
        """Estimated time per element of the numpy execution (``COST`` units)."""
        prog = _lower_sel_numpy(self) if self.uses("sel") else self
        live = prog._live()
        return sum(COST.get(name, 5) for i, (name, _) in enumerate(prog.ops) if (i + 1) in live)

    def _live(self) -> set[int]:
        live: set[int] = {o for o in self.outputs if isinstance(o, int)}
        for i in range(len(self.ops) - 1, -1, -1):
            if (i + 1) in live:
                for a in self.ops[i][1]:
                    if isinstance(a, int):
                        live.add(a)
        return live

    def pruned(self) -> "Program":
        """Dead operations removed, values renumbered."""
        live = self._live()
        remap: dict[int, int] = {0: 0}
        ops: list[tuple[str, tuple[Arg, ...]]] = []
        for i, (name, args) in enumerate(self.ops):
            if (i + 1) not in live:
                continue
            ops.append((name, tuple(remap[a] if isinstance(a, int) else a for a in args)))
            remap[i + 1] = len(ops)
        outs = [remap[o] if isinstance(o, int) else o for o in self.outputs]
        return Program(ops, outs)

    def uses(self, name: str) -> bool:
        return any(n == name for n, _ in self.ops)


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
                return Const(val)
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
        simple = {sp.log: "log", rw.log1p: "log1p", rw.expm1: "expm1", sp.tanh: "tanh", sp.atan: "atan",
                  sp.sin: "sin", sp.cos: "cos", sp.erf: "erf", sp.erfc: "erfc"}
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
                return self.emit(name, lhs, rhs)
        return self.emit(name, self(w), Const(sp.Integer(0)))

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
        def order(f_: sp.Expr) -> tuple:
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
                return self.emit("div", Const(sp.Integer(1)), self._pow(base, sp.Integer(-n)))
            b = self(base)
            return self._ipow(b, n)
        if ex.is_Rational and ex.q == 2:
            n = int(ex.p)
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
    return sp.Integer(1)


def _elementary(e: sp.Expr) -> sp.Expr:
    """Less common functions in terms of the compiler's primitives."""
    a = e.args[0]
    table = {
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
# numpy execution
def _lower_sel_numpy(prog: Program) -> Program:
    """Replace ``sel(m, a, b)`` by arithmetic on the 0/1 mask: m a + (1 - m) b is exact
    (one term is the value, the other an exact zero) as long as a and b are finite."""
    ops: list[tuple[str, tuple[Arg, ...]]] = []
    remap: dict[int, Arg] = {0: 0}
    defs: dict[int, tuple[str, tuple[Arg, ...]]] = {}

    def r(a: Arg) -> Arg:
        return remap[a] if isinstance(a, int) else a

    def add(name: str, *args: Arg) -> Arg:
        if name == "mul" and isinstance(args[1], Const) and args[1].value == 1:
            return args[0]
        if name == "mul" and isinstance(args[0], Const) and args[0].value == 1:
            return args[1]
        ops.append((name, args))
        defs[len(ops)] = (name, args)
        return len(ops)

    zero = Const(sp.Integer(0))
    one = Const(sp.Integer(1))
    for i, (name, args) in enumerate(prog.ops):
        args = tuple(r(a) for a in args)
        if name != "sel":
            remap[i + 1] = add(name, *args)
            continue
        m, a, b = args
        mname, margs = defs[m] if isinstance(m, int) else ("", ())
        if isinstance(b, Const) and b.value == 0:
            remap[i + 1] = add("mul", m, a)
        elif isinstance(a, Const) and a.value == 0 and mname in ("ge", "gt"):
            flip = add("gt" if mname == "ge" else "ge", margs[1], margs[0])
            remap[i + 1] = add("mul", flip, b)
        elif isinstance(a, Const) and isinstance(b, Const):
            remap[i + 1] = add("add", add("mul", m, Const(a.value - b.value)), b)
        else:
            t1 = add("mul", m, a)
            if mname in ("ge", "gt"):
                cm = add("gt" if mname == "ge" else "ge", margs[1], margs[0])
            else:
                cm = add("sub", one, m)
            t2 = add("mul", cm, b)
            remap[i + 1] = add("add", t1, t2)
    outs = [r(o) for o in prog.outputs]
    return Program(ops, outs).pruned()


def _erf_erfc_numpy() -> dict[str, Callable]:
    return {"erf": _np_erf, "erfc": _np_erfc, "erfcx": _np_erfcx}


_NP_UFUNC = {
    "neg": np.negative, "abs": np.absolute, "sign": np.sign, "exp": np.exp, "expm1": np.expm1, "log": np.log,
    "log1p": np.log1p, "sqrt": np.sqrt, "tanh": np.tanh, "atan": np.arctan, "sin": np.sin, "cos": np.cos,
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide, "max": np.maximum,
    "min": np.minimum, "hypot": np.hypot, "pow": np.power, "ge": np.greater_equal, "gt": np.greater,
}


class _Runner:
    """A program bound to a dtype: preassigned buffers, one closure per operation."""

    def __init__(self, prog: Program, dtype: np.dtype, compute: np.dtype | None = None) -> None:
        self.dtype = np.dtype(dtype)
        self.compute = np.dtype(compute or dtype)
        prog = _lower_sel_numpy(prog)
        self.prog = prog
        self.nout = len(prog.outputs)
        # slots: 0 = x (compute dtype), 1..nout = outputs, then temps, then constants
        ops = prog.ops
        last_use: dict[int, int] = {}
        for i, (_, args) in enumerate(ops):
            for a in args:
                if isinstance(a, int):
                    last_use[a] = i
        out_of: dict[int, int] = {}
        for k, o in enumerate(prog.outputs):
            if isinstance(o, int) and o != 0 and o not in out_of:
                out_of[o] = k
        slot_of: dict[int, int] = {0: 0}
        free: list[int] = []
        ntemp = 0
        consts: dict[float, int] = {}
        const_vals: list[float] = []
        base_temp = 1 + self.nout
        steps: list[tuple[str, tuple[int, ...], int]] = []

        def const_slot(c: Const) -> int:
            v = c.as_float()
            key = v
            if key not in consts:
                consts[key] = len(const_vals)
                const_vals.append(v)
            return -1 - consts[key]  # resolved later

        for i, (name, args) in enumerate(ops):
            vid = i + 1
            arg_slots = tuple(slot_of[a] if isinstance(a, int) else const_slot(a) for a in args)
            # free the buffers of values that die here (they may be reused for the result)
            for a in set(a for a in args if isinstance(a, int)):
                if a != 0 and last_use.get(a) == i and a not in out_of and slot_of[a] >= base_temp:
                    free.append(slot_of[a])
            if vid in out_of:
                dst = 1 + out_of[vid]
            elif free:
                dst = free.pop()
            else:
                dst = base_temp + ntemp
                ntemp += 1
            slot_of[vid] = dst
            steps.append((name, arg_slots, dst))
            if vid not in last_use and vid not in out_of:
                free.append(dst)
        # outputs that are x, a constant, or a value that is also another output
        self.finals: list[tuple[int, Any]] = []
        for k, o in enumerate(prog.outputs):
            if isinstance(o, Const):
                self.finals.append((1 + k, ("fill", o.as_float())))
            elif out_of.get(o) != k:
                self.finals.append((1 + k, ("copy", slot_of[o])))
        self.ntemp = ntemp
        cbase = base_temp + ntemp
        with np.errstate(all="ignore"):
            self.consts = [np.array(v, dtype=self.compute) for v in const_vals]
        self.steps = [(name, tuple(s if s >= 0 else cbase + (-1 - s) for s in slots), dst) for name, slots, dst in steps]
        self._calls = [self._closure(name, slots, dst) for name, slots, dst in self.steps]

    def _closure(self, name: str, slots: tuple[int, ...], dst: int) -> Callable[[list], None]:
        if name == "split":
            a = slots[0]
            big, factor = _split_constants(self.compute)
            return lambda R: _np_split(R[a], R[dst], big, factor)
        if name in ("erf", "erfc", "erfcx"):
            fn = _erf_erfc_numpy()[name]
            a = slots[0]
            return lambda R: fn(R[a], R[dst])
        if name == "recip":
            a = slots[0]
            return lambda R: np.divide(1.0, R[a], R[dst])
        if name == "copy":
            a = slots[0]
            return lambda R: np.copyto(R[dst], R[a])
        uf = _NP_UFUNC[name]
        if len(slots) == 1:
            a = slots[0]
            return lambda R: uf(R[a], R[dst])
        a, b = slots
        if name in ("max", "min"):  # numpy >= 2.4 wants out= by keyword for these two
            return lambda R: uf(R[a], R[b], out=R[dst])
        return lambda R: uf(R[a], R[b], R[dst])

    def _scratch(self, block: int) -> list[np.ndarray]:
        """Per-thread scratch buffers of at least ``block`` elements (temps, then the float64
        copies of the input and outputs when promoting), reused from call to call."""
        local = _scratch_local.__dict__
        key = id(self)
        bufs = local.get(key)
        if bufs is None or bufs[0] < block:
            size = max(block, 1024)
            nbuf = self.ntemp + ((1 + self.nout) if self.compute != self.dtype else 0)
            bufs = (size, [np.empty(size, self.compute) for _ in range(nbuf)])
            local[key] = bufs
            _scratch_owners.setdefault(key, weakref.finalize(self, local.pop, key, None))
        return bufs[1]

    def run(self, xs: np.ndarray, outs: Sequence[np.ndarray]) -> None:
        """Compute into ``outs`` (1-D, contiguous, length of ``xs``) block by block."""
        n = xs.shape[0]
        if n == 0:
            return
        block = n if n < BLOCK else BLOCK
        promote = self.compute != self.dtype
        scratch = self._scratch(block)
        ntemp = self.ntemp
        temps = [b[:block] for b in scratch[:ntemp]]
        calls = self._calls
        finals = self.finals
        consts = self.consts
        if promote:
            xin = scratch[ntemp][:block]
            obuf = [b[:block] for b in scratch[ntemp + 1:ntemp + 1 + self.nout]]
        if n <= BLOCK and not promote:
            R = [xs, *outs, *temps, *consts]
            for c in calls:
                c(R)
            for slot, (kind, v) in finals:
                if kind == "fill":
                    R[slot].fill(v)
                else:
                    np.copyto(R[slot], R[v])
            return
        for start in range(0, n, BLOCK):
            stop = min(n, start + BLOCK)
            m = stop - start
            if promote:
                xb = xin[:m]
                np.copyto(xb, xs[start:stop])
                ob = [o[:m] for o in obuf]
            else:
                xb = xs[start:stop]
                ob = [o[start:stop] for o in outs]
            R = [xb, *ob, *(t[:m] for t in temps), *consts] if m != block else [xb, *ob, *temps, *consts]
            for c in calls:
                c(R)
            for slot, (kind, v) in finals:
                if kind == "fill":
                    R[slot].fill(v)
                else:
                    np.copyto(R[slot], R[v])
            if promote:
                for o, b in zip(outs, ob):
                    np.copyto(o[start:stop], b, casting="same_kind")


_scratch_local = threading.local()
_scratch_owners: dict[int, Any] = {}


def _split_constants(dt: np.dtype) -> tuple[Any, Any]:
    """(clamp, 2^s + 1) of Veltkamp's splitting for a dtype (s = half the significand)."""
    if np.dtype(dt) == np.float32:
        return np.float32(1e18), np.float32(4097.0)
    return np.float64(1e150), np.float64(134217729.0)


def _np_split(a, out, big, factor):  # type: ignore[no-untyped-def]
    """out = a rounded to half its significand (|a| clamped to ``big`` first: no overflow)."""
    np.minimum(a, big, out=out)
    np.maximum(out, -big, out=out)
    s = out * factor
    t = s - out
    np.subtract(s, t, out=out)
    return out


# errstate without the cost of building it on every call (numpy >= 2 keeps it in a context
# variable; fall back to np.errstate elsewhere)
try:  # pragma: no cover - depends on the numpy version
    from numpy._core._ufunc_config import _extobj_contextvar, _make_extobj

    _QUIET = _make_extobj(all="ignore")

    class _quiet:
        __slots__ = ("token",)

        def __enter__(self) -> None:
            self.token = _extobj_contextvar.set(_QUIET)

        def __exit__(self, *exc: Any) -> None:
            _extobj_contextvar.reset(self.token)

except Exception:  # pragma: no cover
    class _quiet:  # type: ignore[no-redef]
        __slots__ = ("es",)

        def __enter__(self) -> None:
            self.es = np.errstate(all="ignore")
            self.es.__enter__()

        def __exit__(self, *exc: Any) -> None:
            self.es.__exit__(*exc)


# ---------------------------------------------------------------------------------------
# erf and erfc in numpy (numpy has none; SciPy is not a runtime dependency).  The
# coefficients are symact's own Chebyshev fits (mpmath.chebyfit at 60 digits, regenerated
# and compared by ``fit_erf_coefficients`` in the tests):
#   |z| < 1/2:  erf(z) = z P(z^2), P of degree 9 fitted to erf(z)/z on s = z^2 in [0, 1/4]
#               (relative error of the fit < 3e-20);
#   |z| >= 1/2: erfc(|z|) = exp(-z^2) F(t) / (1 + |z|/3), t = (|z| - 3)/(|z| + 3) (Weideman's
#               map of [0, oo) to [-1, 1)), F of degree 23 fitted on z in [1/2, 27.3]
#               (relative error < 1e-19); exp(-z^2) = exp(-h^2) exp(-(z - h)(z + h)) with h
#               the upper 26 bits of z, so that h^2 is exact (no error amplified by z^2).
#   erfc(-z) = 2 - erfc(z), erf(z) = 1 - erfc(z) for z >= 1/2; erfc = 0 beyond z = 27.3.
# Measured (see tests): erfc within 5 ULP in float64 where its value is normal.
_ERFC_K = 3.0
_ERFC_ZMAX = 27.3
_ERFCX_T = (5.187201428157529e-10, -2.884912268589846e-10, -3.807805818126898e-09, -1.189016915473478e-10,
            1.8581677449137877e-08, 1.488885713912932e-08, -7.947176169321866e-08, -1.3552846209356705e-07,
            3.33937009462716e-07, 9.215328488115738e-07, -1.5834531952184243e-06, -5.823428969864542e-06,
            1.0132817285744028e-05, 3.585380872626872e-05, -9.225929772563211e-05, -0.0001827698946690867,
            0.0010113540019302811, -0.00040413887591836064, -0.008942411541574848, 0.03984258709576961,
            -0.10348908730018719, 0.1967427857013672, -0.2944648177232946, 0.3580023023627799)
_ERF_SMALL = (-1.462091340945175e-07, 1.637123442577e-06, -1.4923003368152099e-05, 0.00012055286202005714,
              -0.0008548326510724796, 0.0052239776220169365, -0.02686617064499972, 0.1128379167095487,
              -0.3761263890318375, 1.1283791670955126)


def fit_erf_coefficients() -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Recompute (_ERFCX_T, _ERF_SMALL) with mpmath (slow: for the tests)."""
    import mpmath

    with mpmath.workdps(60):
        k = mpmath.mpf(_ERFC_K)

        def big(t):  # type: ignore[no-untyped-def]
            z = k * (1 + t) / (1 - t)
            return mpmath.exp(z * z) * mpmath.erfc(z) * (1 + z / k)

        lo, hi = mpmath.mpf("0.5"), mpmath.mpf(repr(_ERFC_ZMAX))
        p = mpmath.chebyfit(big, [(lo - k) / (lo + k), (hi - k) / (hi + k)], len(_ERFCX_T))

        def small(s):  # type: ignore[no-untyped-def]
            return mpmath.erf(mpmath.sqrt(s)) / mpmath.sqrt(s) if s > 0 else 2 / mpmath.sqrt(mpmath.pi)

        q = mpmath.chebyfit(small, [0, mpmath.mpf("0.25")], len(_ERF_SMALL))
    return tuple(float(c) for c in p), tuple(float(c) for c in q)


def _np_erfc_abs(a):  # type: ignore[no-untyped-def]
    """erfc(a) for a >= 1/2 (float64 array; NaN propagates)."""
    am = np.minimum(a, _ERFC_ZMAX)
    t = (am - _ERFC_K) / (am + _ERFC_K)
    acc = np.full_like(t, _ERFCX_T[0])
    for c in _ERFCX_T[1:]:
        acc *= t
        acc += c
    a = np.minimum(a, 28.0)  # exp(-28^2) = 0: erfc is 0 from 27.3 on, and a stays finite
    s = a * 134217729.0  # 2^27 + 1: Veltkamp split, h has at most 26 significant bits
    h = s - (s - a)
    e = np.exp(-(h * h))
    e *= np.exp(-((a - h) * (a + h)))
    acc *= e
    acc /= 1.0 + am / _ERFC_K
    return acc


def _np_erf_small(z):  # type: ignore[no-untyped-def]
    """erf(z) for |z| < 1/2 (float64 array)."""
    s = z * z
    acc = np.full_like(z, _ERF_SMALL[0])
    for c in _ERF_SMALL[1:]:
        acc *= s
        acc += c
    acc *= z
    return acc


def _np_erfc(z, out):  # type: ignore[no-untyped-def]
    """out[...] = erfc(z), computed in float64 (see the comment above for the method)."""
    z = np.asarray(z, dtype=np.float64)
    a = np.abs(z)
    small = a < 0.5
    res = np.empty_like(z)
    if small.all():
        np.subtract(1.0, _np_erf_small(z), out=res)
    elif not small.any():
        r = _np_erfc_abs(a)
        np.copyto(res, r)
        neg = z < 0
        if neg.any():
            res[neg] = 2.0 - r[neg]
    else:
        idx = np.flatnonzero(small)
        res[idx] = 1.0 - _np_erf_small(z[idx])
        big = np.flatnonzero(~small)
        zb = z[big]
        r = _np_erfc_abs(np.abs(zb))
        neg = zb < 0
        r[neg] = 2.0 - r[neg]
        res[big] = r
    np.copyto(out, res, casting="same_kind")
    return out


def _np_erfcx(z, out):  # type: ignore[no-untyped-def]
    """out[...] = exp(z^2) erfc(z), computed in float64: for z >= 1/2 the fit F(t)/(1 + z/3)
    (no exponential) and beyond 27.3 the asymptotic series 1/(z sqrt(pi)) sum (-1)^k
    (2k - 1)!!/(2 z^2)^k (7 terms: below 1e-17 there); for |z| < 1/2 exp(z^2)(1 - erf(z));
    for z <= -1/2, 2 exp(z^2) - erfcx(-z) (overflows to inf below -26.6)."""
    z = np.asarray(z, dtype=np.float64)
    a = np.abs(z)
    am = np.minimum(np.maximum(a, 0.5), _ERFC_ZMAX)
    t = (am - _ERFC_K) / (am + _ERFC_K)
    acc = np.full_like(t, _ERFCX_T[0])
    for c in _ERFCX_T[1:]:
        acc *= t
        acc += c
    acc /= 1.0 + am / _ERFC_K
    far = a > _ERFC_ZMAX
    if far.any():
        af = a[far]
        r = 1.0 / (2.0 * af * af)
        ser = np.ones_like(af)
        for k in range(7, 0, -1):
            ser = 1.0 - (2 * k - 1) * r * ser
        acc[far] = ser / (af * 1.7724538509055160273)
    small = a < 0.5
    if small.any():
        zs = z[small]
        acc[small] = np.exp(zs * zs) * (1.0 - _np_erf_small(zs))
    neg = z <= -0.5
    if neg.any():
        zn = z[neg]
        acc[neg] = 2.0 * np.exp(zn * zn) - acc[neg]
    np.copyto(out, acc, casting="same_kind")
    return out


def _np_erf(z, out):  # type: ignore[no-untyped-def]
    """out[...] = erf(z), computed in float64."""
    z = np.asarray(z, dtype=np.float64)
    a = np.abs(z)
    small = a < 0.5
    res = np.empty_like(z)
    if small.all():
        res[...] = _np_erf_small(z)
    else:
        idx = np.flatnonzero(small)
        res[idx] = _np_erf_small(z[idx])
        big = np.flatnonzero(~small)
        zb = z[big]
        r = 1.0 - _np_erfc_abs(np.abs(zb))
        res[big] = np.copysign(r, zb)
    np.copyto(out, res, casting="same_kind")
    return out


# ---------------------------------------------------------------------------------------
# sampling and ground truth
#: The special points of the accuracy contract (float64), and float32's thresholds.
SPECIAL64 = (0.0, -0.0, 1e-300, -1e-300, 20.0, -20.0, 37.0, -37.0, 40.0, -40.0, 709.8, -709.8, 745.0, -745.0,
             1e308, -1e308, 5e-324, -5e-324, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 1e-8, -1e-8, 710.0, -710.0,
             38.0, -38.0, 1e154, -1e154, 1.8e308, -1.8e308)
SPECIAL32 = (0.0, -0.0, 1e-30, -1e-30, 17.0, -17.0, 20.0, -20.0, 37.0, -37.0, 40.0, -40.0, 88.8, -88.8, 103.98,
             -103.98, 1e38, -1e38, 3.4e38, -3.4e38, 1.4e-45, -1.4e-45, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0,
             1e-8, -1e-8, 9.0, -9.0)


def sample(dtype: Any = np.float64, lo: float = -math.inf, hi: float = math.inf, n: int = 240, seed: int = 0,
           include: Iterable[float] = ()) -> np.ndarray:
    """Reproducible test inputs of ``dtype`` in [lo, hi]: a log-uniform sample of magnitudes
    over every finite float of the dtype (both signs, subnormals included; n/6 points), a
    denser log-uniform sample of |x| in [1e-6, 1e3] (n/6), a uniform sample of [-8, 8] (n/2,
    where rounding errors of most formulas peak), n/6 points spread evenly over the decades
    of |x| from 1e-8 to 1e12 (so that no moderate range goes unsampled), the special points
    and ``include``; sorted, without duplicates."""
    dt = np.dtype(dtype)
    info = np.finfo(dt)
    rng = np.random.default_rng(seed)
    k_full, k_log = max(n // 6, 8), max(n // 6, 8)
    k_uni = max(n // 2, 8)
    lmin, lmax = math.log10(float(info.smallest_subnormal)), math.log10(float(info.max))
    # every decade of |x| in [1e-8, 1e12] gets points of its own, on both sides of 0
    per = max(1, (n - k_full - k_log - k_uni) // 40)
    strata = np.concatenate([10 ** rng.uniform(d, d + 1, per) for d in range(-8, 12)]) if per else np.zeros(0)
    mags = [10 ** rng.uniform(lmin, lmax, k_full), 10 ** rng.uniform(-6, 3, k_log), rng.uniform(0, 8, k_uni), strata, strata]
    signs = [rng.choice([-1.0, 1.0], len(m)) for m in mags[:3]] + [np.ones(len(strata)), -np.ones(len(strata))]
    with np.errstate(all="ignore"):
        pts = np.concatenate([m * s for m, s in zip(mags, signs)] + [np.array(SPECIAL64 if dt == np.float64 else SPECIAL32 + SPECIAL64[:0]),
                              np.array(list(include), dtype=float)])
        pts = pts.astype(dt)
    pts = pts[np.isfinite(pts)]
    lo_d, hi_d = dt.type(lo) if math.isfinite(lo) else -np.inf, dt.type(hi) if math.isfinite(hi) else np.inf
    pts = pts[(pts >= lo_d) & (pts <= hi_d)]
    # keep -0.0 next to 0.0: np.unique would merge them
    negzero = np.any((pts == 0) & np.signbit(pts))
    pts = np.unique(pts)
    if negzero and np.any(pts == 0):
        pts = np.concatenate([np.array([-0.0], dtype=dt), pts])
        pts = pts[np.argsort(pts, kind="stable")]
    return pts


_truth_cache: dict[Any, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
_truth_lock = threading.Lock()
_MAX_DPS = 1300


def truth_expr(expr: sp.Expr, xs: np.ndarray, dps: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``expr`` at every point of ``xs`` with mpmath (:func:`symact.numeric.compile_mp`), at
    ``dps`` digits and then at higher precision until two evaluations agree to 30 digits (so
    a reference that cancels, such as 1 - tanh(x)^2 at x = 300, is computed right; up to
    1300 digits).  Returns ``(hi, lo, ok)``: the value as a double-double hi + lo, and
    whether it was resolved (a value still 0 or unsettled at 1300 digits has modulus below
    1e-1200 relative to its terms: far below the smallest subnormal)."""
    import mpmath

    from .numeric import NumericError, compile_mp

    key = (expr, xs.dtype.str, xs.tobytes(), dps)
    with _truth_lock:
        hit = _truth_cache.get(key)
    if hit is not None:
        return hit
    watch = [0.0, -math.inf]
    try:
        fn = compile_mp(rw.to_sympy(expr), watch=watch)
    except NumericError as exc:
        raise DefinitionError(f"cannot evaluate {expr} in high precision: {exc}") from None
    hi = np.empty(len(xs))
    lo = np.zeros(len(xs))
    ok = np.ones(len(xs), dtype=bool)
    for i, xv in enumerate(xs.astype(np.float64)):
        p = mpmath.mpf(float(xv))
        prec = dps
        try:
            while True:
                watch[0], watch[1] = 0.0, -math.inf
                with mpmath.workdps(prec):
                    v = fn(p)
                if isinstance(v, mpmath.mpc):
                    if abs(mpmath.im(v)) > abs(mpmath.re(v)) * mpmath.mpf(10) ** -40:
                        raise ValueError("complex value")
                    v = mpmath.re(v)
                lost = watch[0] * 0.30103  # digits
                if lost <= prec - 32:
                    break
                # the error of the cancelling sums is below 2^(largest term - precision): if
                # that and the value itself are far below the smallest subnormal, it is 0
                err_bits = watch[1] - prec * 3.3219
                if err_bits < -1100 and (v == 0 or mpmath.mag(v) < -1100):
                    v = mpmath.mpf(0)
                    break
                if prec >= _MAX_DPS:
                    # still cancelling at 1300 digits: the value is 0 or below 10^-1200 relative
                    # to its terms, far below any float; flagged unless it came out as 0
                    ok[i] = v == 0 or lost == math.inf
                    break
                prec = min(_MAX_DPS, max(2 * prec, int(lost) + 60 if lost != math.inf else 2 * prec))
        except (ValueError, ZeroDivisionError, OverflowError):
            hi[i] = np.nan
            ok[i] = False
            continue
        with mpmath.workdps(40):
            h = float(v)
            hi[i] = h
            if math.isfinite(h) and h != 0:
                lo[i] = float(v - h)
    res = (hi, lo, ok)
    with _truth_lock:
        _truth_cache[key] = res
    return res


def _ulp_of(v: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """The unit in the last place of ``dtype`` at |v| (smallest subnormal below the normal range)."""
    info = np.finfo(dtype)
    a = np.abs(v)
    with np.errstate(all="ignore"):
        e = np.frexp(np.where(np.isfinite(a), a, 1.0))[1].astype(np.int64) - 1
        u = np.ldexp(1.0, e - info.nmant)
    return np.where(a < float(info.smallest_normal), float(info.smallest_subnormal), u)


def _abs_error(y: np.ndarray, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    yd = y.astype(np.float64)
    with np.errstate(all="ignore"):
        d = np.abs((yd - hi) - lo)
    same_inf = np.isinf(yd) & (yd == hi)
    d = np.where(same_inf, 0.0, d)
    return np.where(np.isnan(d), np.inf, d)


# ---------------------------------------------------------------------------------------
# THE ACCURACY CONTRACT (stated once; plan selection, measure(), the tests and
# benchmarks/accuracy.py all apply it through _ratios)
#
# For f, f', f'' of every activation, at every parameter value, in float64, float32 and float16
# (each in its own precision), with g the function computed and v = g(x) its true value:
#   * v a normal float:     |error| <= B ulp(v), B = 4 (2 for sigmoid and softplus themselves),
#                           relative everywhere, tails included;
#   * v below the normal range (subnormal or 0): |error| <= 1 ulp of the subnormal spacing;
#   * |v| beyond the largest float: an infinity (or the largest float) of the right sign;
#   * the only relaxation: within the *root window* |x - r| <= ROOT_WINDOW |r| of a non-zero
#     root r of g, 4 eps |x g'(x)| is added to the bound (g is ill-conditioned there: an
#     error of one rounding in x moves g by that much).  Roots are the sign changes of g,
#     located by bisection in high precision (the few nearest 0, |x| < 1e3).
#   * NaN for non-NaN input is never allowed; +-inf give the limits, NaN gives NaN.
#: Relative half-width of the window around a non-zero root where 4 eps |x g'(x)| is allowed.
ROOT_WINDOW = 0.125
#: Error allowed where the true value is below the normal range, in units of the smallest subnormal.
SUBNORMAL_ULP = 1.0
#: Records held to 2 ULP (their order-0 kernel at the default parameters: softplus with
#: beta != 1 ends with a rounded division by beta, and exp, the error-free product and log1p
#: before it leave 1.9-2.1 ULP, measured); every other cell is held to 4 ULP.
TIGHT_RECORDS = ("sigmoid", "softplus")


def contract_ulp(act: Activation | str, order: int) -> float:
    """The contract's B for f^(order) of ``act`` (a record, or a record's name at its defaults)."""
    name = act if isinstance(act, str) else act.name
    if order != 0 or name not in TIGHT_RECORDS:
        return 4.0
    if isinstance(act, str):
        return 2.0
    defaults = {p.name: p.default for p in act.params}
    return 2.0 if all(v is None or v == defaults.get(k) for k, v in (act.values or {}).items()) else 4.0


def _window(xs: np.ndarray, roots: Sequence[float]) -> np.ndarray:
    """Mask of the points inside the root window of some non-zero root."""
    m = np.zeros(len(xs), dtype=bool)
    for r in roots:
        if r != 0 and math.isfinite(r):
            m |= np.abs(xs.astype(np.float64) - r) <= ROOT_WINDOW * abs(r)
    return m


def _ratios(y: np.ndarray, xs: np.ndarray, hi: np.ndarray, lo: np.ndarray, ok: np.ndarray, dtype: np.dtype,
            bound_ulp: float, xdf: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(error in ULPs, error / bound, mask of points whose true value is normal in dtype), under
    the contract above; ``xdf`` is x g'(x) inside the root windows and 0 outside them."""
    info = np.finfo(dtype)
    d = _abs_error(y, hi, lo)
    a = np.abs(hi)
    normal = ok & (a >= float(info.smallest_normal)) & (a <= float(info.max))
    u = _ulp_of(hi, dtype)
    with np.errstate(all="ignore"):
        ulps = np.where(normal, d / u, 0.0)
    allowed = bound_ulp * u
    slack = 4.0 * float(info.eps) * np.abs(xdf) if xdf is not None else 0.0
    allowed = allowed + slack
    # below the normal range: within one unit of the subnormal spacing
    tiny = float(info.smallest_normal)
    allowed = np.where(normal, allowed, np.where(ok & (a < tiny), SUBNORMAL_ULP * float(info.smallest_subnormal) + slack, np.inf))
    with np.errstate(all="ignore"):
        ratio = np.where(ok, d / allowed, 0.0)
    # beyond the largest float: the result must be an infinity of the right sign (or the max)
    over = ok & (a > float(info.max))
    if over.any():
        good = (np.sign(y[over]) == np.sign(hi[over])) & (np.abs(y[over].astype(np.float64)) >= float(info.max))
        ratio[over] = np.where(good, 0.0, np.inf)
    ratio = np.where(ok & np.isnan(y), np.inf, ratio)
    return ulps, ratio, normal


def _run(prog: Program, xs: np.ndarray, dtype: np.dtype, compute: np.dtype | None = None) -> list[np.ndarray]:
    """Run ``prog`` on ``xs`` (no guard) under a quiet errstate; one array per output."""
    runner = _Runner(prog, dtype, compute)
    outs = [np.empty(len(xs), dtype) for _ in prog.outputs]
    with _quiet():
        runner.run(np.ascontiguousarray(xs, dtype=dtype), outs)
    return outs


def _finite_everywhere(prog: Program, dtypes: Sequence[np.dtype]) -> bool:
    """Whether ``prog`` returns finite values at every finite sample point of each dtype."""
    for dt in dtypes:
        xs = sample(dt, n=120, seed=3)
        y = _run(prog, xs, dt)[0]
        if not np.isfinite(y).all():
            return False
    return True


# ---------------------------------------------------------------------------------------
# choosing candidates: per piece, per dtype, with regimes
#: Split points the regime search may use (inside a piece's interval).
_SPLITS = tuple(sorted({0.0} | {s * c * 10.0**k for s in (-1.0, 1.0) for c in (1.0, 2.0, 5.0) for k in range(-3, 21)}))
_SEL_COST = COST["sel"] + 2 * COST["min"]
#: A solution within 2 ULP is preferred to a 4-ULP one unless it costs more than this factor.
_TIGHT_COST_FACTOR = 3.0
_TIGHT_COST_FACTOR_MIXED = 1.25
#: "Within 2 ULP" on the selection sample means within this fraction of 2 ULP: the worst
#: case over all inputs is larger than the worst case of a few hundred points (measured on
#: sigmoid in float64: 1.83 ULP on the sample, 2.55 ULP over 6 million points).
_TIGHT_MARGIN = 0.7
#: The same headroom for the contract's bound (4 ULP, or the bound for functions that change
#: sign): a plan is accepted as accurate when it stays within this fraction of it.
_LOOSE_MARGIN = 0.85
#: ... and for functions that change sign, whose errors peak sharply near their zeros
_LOOSE_MARGIN_MIXED = 0.75
_MAX_REGIMES = 9


@dataclass
class _Scored:
    cand: rw.Candidate
    prog: Program
    cost: float
    ratio2: np.ndarray
    ratio4: np.ndarray
    ulps: np.ndarray
    zsign_bad: bool
    finite_at: dict[float, bool] = field(default_factory=dict)


def _score_candidates(cands: Sequence[rw.Candidate], xs: np.ndarray, dtype: np.dtype, hi: np.ndarray, lo: np.ndarray,
                      ok: np.ndarray, xdf: np.ndarray | None, compute: np.dtype | None = None,
                      splits: Sequence[float] = ()) -> list[_Scored]:
    out: list[_Scored] = []
    zero_neg = (xs == 0) & np.signbit(xs)
    for c in cands:
        try:
            prog = lower([c.expr])
        except DefinitionError:
            continue
        y = _run(prog, xs, dtype, compute)[0]
        ulps, r2, _ = _ratios(y, xs, hi, lo, ok, dtype, 2.0, xdf)
        _, r4, _ = _ratios(y, xs, hi, lo, ok, dtype, 4.0, xdf)
        zbad = False
        if zero_neg.any():
            want_neg = _negative_near_zero(xs, hi)
            got = y[zero_neg]
            if want_neg is not None and np.all(got == 0) and bool(np.signbit(got).all()) != want_neg:
                zbad = True
        cost = prog.cost()
        at = tuple(splits) or _SPLITS
        with np.errstate(all="ignore"):
            ts = np.array(at, dtype=dtype)
        ys = _run(prog, ts, dtype, compute)[0]
        finite_at = {float(t): bool(np.isfinite(v)) for t, v in zip(at, ys)}
        out.append(_Scored(c, prog, cost, r2, r4, ulps, zbad, finite_at))
    return out


def _negative_near_zero(xs: np.ndarray, hi: np.ndarray) -> bool | None:
    """Whether the true f is negative just left of 0 (then f(-0.0) should be -0.0)."""
    left = (xs < 0) & (xs > -1e-250)
    if not left.any():
        return None
    v = hi[left]
    if np.all(v < 0):
        return True
    if np.all(v >= 0):
        return False
    return None


@dataclass(frozen=True)
class _Plan:
    excess: float
    cost: float
    ratio: float
    parts: tuple[tuple[int, int, int], ...]  # (candidate index, first point, end point)
    total: float = 0.0  # sum of the (capped) error ratios: among equally cheap plans, the one
    # whose every point uses the more accurate candidate (regime borders where errors cross)

    def key(self) -> tuple[float, float, float, float]:
        return (self.excess, self.cost, self.total, self.ratio)


def _plan_regimes(scored: Sequence[_Scored], xs: np.ndarray, tight: bool, lo: float, hi: float,
                  avoid_zero_sign: bool, splits: Sequence[float] = _SPLITS, loose_margin: float = 0.85) -> _Plan | None:
    """Best assignment of candidates to at most three intervals (dynamic programming over
    the split points in (lo, hi)): smallest excess over the bound, then cost, then error."""
    n = len(xs)
    if n == 0 or not scored:
        return None
    bounds = [0]
    split_at: dict[int, float] = {}
    for t in splits:
        if lo < t < hi:
            i = int(np.searchsorted(xs, t, side="left"))
            if 0 < i < n and i != bounds[-1] and i not in split_at:
                bounds.append(i)
                split_at[i] = t
    bounds.append(n)
    bounds = sorted(set(bounds))
    nb = len(bounds)

    def usable(s: _Scored, i: int, j: int) -> bool:
        """A regime's candidate must be finite where it is clamped (at its split points)."""
        for b in (i, j):
            if 0 < b < nb - 1 and not s.finite_at.get(split_at[bounds[b]], False):
                return False
        return True

    zero_neg = (xs == 0) & np.signbit(xs)
    ratios = []
    for s in scored:
        with np.errstate(all="ignore"):
            r = (s.ratio2 / _TIGHT_MARGIN) if tight else (s.ratio4 / loose_margin)
        if avoid_zero_sign and s.zsign_bad:
            r[zero_neg] = np.inf
        ratios.append(r)
    # per segment [bounds[i], bounds[j]): the best single candidate (excess, cost, ratio)
    segbest: dict[tuple[int, int], tuple[float, float, float, float, int]] = {}
    for c, r in enumerate(ratios):
        cost = scored[c].cost
        csum = np.concatenate([[0.0], np.cumsum(np.minimum(np.nan_to_num(r, nan=1e6, posinf=1e6), 1e6))])
        side = scored[c].cand.note if scored[c].cand.rules == ("limit",) else ""
        for i in range(nb - 1):
            if side == "x -> +oo" and i == 0:
                continue
            run = np.maximum.accumulate(r[bounds[i]:])
            for j in range(i + 1, nb):
                if (side == "x -> -oo" and (i != 0 or j == nb - 1)) or (side == "x -> +oo" and j != nb - 1):
                    continue
                if (i, j) != (0, nb - 1) and not usable(scored[c], i, j):
                    continue
                m = float(run[bounds[j] - bounds[i] - 1])
                tot = float(csum[bounds[j]] - csum[bounds[i]])
                key = (max(0.0, m - 1.0), cost, tot, m, c)
                old = segbest.get((i, j))
                if old is None or key < old:
                    segbest[(i, j)] = key
    INF = _Plan(math.inf, math.inf, math.inf, ())
    best: list[list[_Plan]] = [[INF] * nb for _ in range(_MAX_REGIMES + 1)]
    for j in range(1, nb):
        if (0, j) not in segbest:
            continue
        e, cst, tot, m, c = segbest[(0, j)]
        best[1][j] = _Plan(e, cst, m, ((c, 0, bounds[j]),), tot)
    for k in range(2, _MAX_REGIMES + 1):
        for j in range(2, nb):
            cur = INF
            for i in range(1, j):
                prev = best[k - 1][i]
                if not prev.parts or (i, j) not in segbest:
                    continue
                e, cst, tot, m, c = segbest[(i, j)]
                plan = _Plan(max(prev.excess, e), prev.cost + cst + _SEL_COST, max(prev.ratio, m),
                             prev.parts + ((c, bounds[i], bounds[j]),), prev.total + tot)
                if plan.key() < cur.key():
                    cur = plan
            best[k][j] = cur
    final = min((best[k][nb - 1] for k in range(1, _MAX_REGIMES + 1)), key=lambda p: p.key())
    return final if final.parts else None


def _piece_points(dtype: np.dtype, lo: float, hi: float, owned: Sequence[float], n: int, seed: int) -> np.ndarray:
    xs = sample(dtype, lo, hi, n=n, seed=seed)
    inside = (xs > lo) & (xs < hi)
    own = np.array([v for v in owned], dtype=dtype)
    pts = np.concatenate([xs[inside], own])
    order = np.argsort(pts, kind="stable")
    return pts[order]


def _regime_ir(plan: _Plan, scored: Sequence[_Scored], xs: np.ndarray, lo: float, hi: float,
               dtypes: Sequence[np.dtype], splits: Sequence[float] = _SPLITS) -> tuple[sp.Expr, tuple[Regime, ...]]:
    """The piece's expression: one candidate, or several joined by Sel on split points."""
    parts = plan.parts
    edges: list[float] = [lo]
    for (_, a, _b) in parts[1:]:
        # the split value used for point index a: the first round number between xs[a-1] and xs[a]
        t = next(t for t in splits if lo < t < hi and xs[a - 1] < t <= xs[a])
        edges.append(t)
    edges.append(hi)
    exprs = []
    regimes = []
    for k, (c, _, _) in enumerate(parts):
        s = scored[c]
        e = s.cand.expr
        r_lo, r_hi = edges[k], edges[k + 1]
        if len(parts) > 1 and not _finite_everywhere(s.prog, dtypes):
            e = rw.clamp(e, _exact(r_lo), _exact(r_hi))
        exprs.append(e)
        regimes.append(Regime(r_lo, r_hi, s.cand.label, s.cand.note))
    ir = exprs[-1]
    for k in range(len(parts) - 1, 0, -1):
        ir = rw.Sel(x - _exact(edges[k]), ir, exprs[k - 1])
    return ir, tuple(regimes)


def _choose(expr: sp.Expr, dexpr: sp.Expr | None, lo: float, hi: float, owned: Sequence[float], dtype: np.dtype,
            seed: int, n: int, compute: np.dtype | None = None, contract: float = 4.0) -> tuple[sp.Expr, PieceChoice]:
    """Measure the rewrites of one piece in one dtype (arithmetic in ``compute``, default the
    dtype itself) and pick the cheapest plan that meets the contract (``contract`` ULP, see
    ROOT_WINDOW); the choice's ``max_ratio`` is its measured error over the contract's bound."""
    dtype = np.dtype(dtype)
    compute = np.dtype(compute) if compute is not None else dtype
    if not expr.has(x):
        return expr, PieceChoice(lo, hi, dtype.name, (Regime(lo, hi, "constant"),), 0.0, 0.0, 2.0, 1, str(expr))
    xs = _piece_points(dtype, lo, hi, owned, n, seed)
    if len(xs) == 0:
        return expr, PieceChoice(lo, hi, dtype.name, (Regime(lo, hi, "original"),), 0.0, 0.0, 4.0, 1, str(expr))
    x64 = xs.astype(np.float64)
    hi_, lo_, ok = truth_expr(expr, x64)
    roots = _roots(expr, x64, hi_, ok)
    dense = list(roots)
    if dexpr is not None:
        # the bound 4 ulp(f) + 4 eps |x f'| is tightest where f' = 0 (the extrema of f)
        dh0, _, dok0 = truth_expr(dexpr, x64)
        dense += _roots(dexpr, x64, dh0, dok0)
    # where f changes sign, rounding errors are largest relative to f, and where f leaves the
    # normal range (subnormal results, underflow, overflow) in the tails: sample densely there
    trans = _transitions(x64, hi_, ok, dtype)
    trans = trans[(trans > lo) & (trans < hi)]
    if dense or len(trans):
        near = _near(sorted(dense), dtype, lo, hi) if dense else np.zeros(0, dtype)
        xs = np.unique(np.concatenate([xs, near, trans]))
        x64 = xs.astype(np.float64)
        hi_, lo_, ok = truth_expr(expr, x64)
    xdf = None
    if dexpr is not None:
        dh, _, dok = truth_expr(dexpr, x64)
        with np.errstate(all="ignore"):
            xdf = np.where(dok & _window(x64, roots), x64 * dh, 0.0)
    splits = sorted(set(_SPLITS) | {float(np.asarray(r, dtype=compute)) + d for r in dense for d in (-0.25, -0.15, 0.15, 0.25)})
    cands = rw.candidates(expr)
    scored = _score_candidates(cands, xs, dtype, hi_, lo_, ok, xdf, compute, splits)
    margin = _LOOSE_MARGIN if dexpr is None else _LOOSE_MARGIN_MIXED
    plans = _best_plans(scored, xs, lo, hi, splits, margin)
    for more in (_float_limits, rw.approximations, lambda e: _local_polys(e, sorted(dense), compute)):
        if plans[1] is not None and plans[1].excess == 0:
            break
        extra = _score_candidates(more(expr), xs, dtype, hi_, lo_, ok, xdf, compute, splits)
        if extra:
            scored = scored + extra
            plans = _best_plans(scored, xs, lo, hi, splits, margin)
    tight, loose = plans
    plan = loose
    bound = 4.0
    # 2 ULP is worth up to 3x the cost; for functions that change sign the contract is the
    # mixed bound, and a tighter plan must cost about the same
    factor = _TIGHT_COST_FACTOR if dexpr is None else _TIGHT_COST_FACTOR_MIXED
    if tight is not None and tight.excess == 0 and (loose is None or tight.cost <= factor * loose.cost):
        plan, bound = tight, 2.0
    elif contract <= 2.0 and tight is not None and (loose is None or tight.excess <= loose.excess):
        plan, bound = tight, 2.0  # the contract is 2 ULP: the plan nearest it, whatever it costs
    assert plan is not None
    ir, regimes = _regime_ir(plan, scored, xs, lo, hi, [compute], splits)
    # measured error of the chosen plan on this sample
    prog = lower([ir])
    y = _run(prog, xs, dtype, compute)[0]
    ulps, ratio, normal = _ratios(y, xs, hi_, lo_, ok, dtype, contract, xdf)
    name = dtype.name if compute == dtype else f"{dtype.name} (in {compute.name})"
    choice = PieceChoice(lo, hi, name, regimes, float(ulps.max(initial=0.0)), float(ratio.max(initial=0.0)),
                         bound, len(scored), str(ir))
    return ir, choice


_MAX_ROOTS = 6
def _roots(expr: sp.Expr, xs: np.ndarray, h: np.ndarray, ok: np.ndarray) -> list[float]:
    """The zeros of expr inside the sample (sign changes, refined by bisection in mpmath), the
    ones nearest 0 first (at most a few: a periodic function has infinitely many)."""
    import mpmath

    from .numeric import compile_mp

    sel = ok & np.isfinite(h) & (h != 0) & (np.abs(xs) < 1e3)
    xv, hv = xs[sel], h[sel]
    idx = np.flatnonzero(np.sign(hv[1:]) != np.sign(hv[:-1]))
    if len(idx) == 0:
        return []
    idx = sorted(idx, key=lambda i: abs(xv[i]))[:_MAX_ROOTS]
    fn = compile_mp(rw.to_sympy(expr))
    out = []
    with mpmath.workdps(40):
        for i in idx:
            a, b = mpmath.mpf(float(xv[i])), mpmath.mpf(float(xv[i + 1]))
            fa = fn(a)
            for _ in range(70):
                m = (a + b) / 2
                fm = fn(m)
                if (fm > 0) == (fa > 0):
                    a, fa = m, fm
                else:
                    b = m
            out.append(float((a + b) / 2))
    return sorted(out)


def _piece_roots(exprs: Sequence[sp.Expr], ivals: Sequence[tuple[float, float]], x64: np.ndarray, h: np.ndarray,
                 ok: np.ndarray) -> list[float]:
    """The non-zero roots of a piecewise function inside its pieces (not its jumps)."""
    out: list[float] = []
    for e, (a, b) in zip(exprs, ivals):
        if not e.has(x):
            continue
        m = (x64 > a) & (x64 < b)
        if m.sum() >= 2:
            out += [r for r in _roots(e, x64[m], h[m], ok[m]) if r != 0]
    return sorted(out)


def _transitions(x64: np.ndarray, h: np.ndarray, ok: np.ndarray, dtype: np.dtype, k: int = 24) -> np.ndarray:
    """Points between neighbouring sample points where the true value changes class (normal,
    below the normal range, zero, beyond the largest float) in ``dtype``: the tails where
    results become subnormal, underflow or overflow."""
    info = np.finfo(dtype)
    a = np.abs(h)
    cls = np.where(~ok | ~np.isfinite(h), 4, np.where(a == 0, 0, np.where(a < float(info.smallest_normal), 1,
                                                                           np.where(a > float(info.max), 3, 2))))
    idx = np.flatnonzero(cls[1:] != cls[:-1])
    pts = []
    for i in idx[:64]:
        lo_, hi_ = x64[i], x64[i + 1]
        if not (math.isfinite(lo_) and math.isfinite(hi_)) or lo_ == hi_:
            continue
        if lo_ * hi_ > 0 and max(abs(lo_), abs(hi_)) / min(abs(lo_), abs(hi_)) > 4:
            s = np.sign(lo_)
            pts.append(s * np.geomspace(abs(lo_), abs(hi_), k))
        else:
            pts.append(np.linspace(lo_, hi_, k))
    if not pts:
        return np.zeros(0, dtype)
    with np.errstate(all="ignore"):
        out = np.concatenate(pts).astype(dtype)
    return out[np.isfinite(out)]


def _near(roots: Sequence[float], dtype: np.dtype, lo: float, hi: float) -> np.ndarray:
    """Points close to each root: offsets 1e-9 .. 1.2 on both sides, log-spaced, and uniform."""
    offs = np.concatenate([np.logspace(-9, 0, 32), np.linspace(0.02, 1.2, 40)])
    pts = np.concatenate([np.concatenate([r - offs, r + offs, [r]]) for r in roots]).astype(dtype)
    return pts[(pts > lo) & (pts < hi)]


def _local_polys(expr: sp.Expr, roots: Sequence[float], compute: np.dtype, degree: int = 16,
                 halfwidth: float = 0.3) -> list[rw.Candidate]:
    """Near a zero r of f, a polynomial in t = x - r0 (r0 = r rounded, so t is exact): Chebyshev
    fit of f on [r0 - w, r0 + w] at 40 digits (``local_poly``, an approximation the regime
    search uses only where it is measured accurate).  Near the zero its leading term c1 t
    dominates, so its relative error is a few ULP where the formula itself cancels."""
    import mpmath

    from .numeric import compile_mp

    if not roots:
        return []
    fn = compile_mp(rw.to_sympy(expr))
    out = []
    for r in roots:
        r0 = float(np.asarray(r, dtype=compute))
        try:
            with mpmath.workdps(40):
                coeffs = mpmath.chebyfit(lambda t: fn(t + mpmath.mpf(r0)), [-halfwidth, halfwidth], degree + 1)
        except (ValueError, ZeroDivisionError):
            continue
        t = x - sp.Float(r0, 30)
        acc: sp.Expr = sp.Float(float(coeffs[0]), 30)
        for c in coeffs[1:]:
            acc = sp.Add(sp.Mul(acc, t, evaluate=False), sp.Float(float(c), 30), evaluate=False)
        out.append(rw.Candidate(acc, ("local_poly",), exact=False, note=f"around x = {r0!r}"))
    return out


def _float_limits(expr: sp.Expr) -> list[rw.Candidate]:
    """The values f takes (in floating point) far out on each side, as constant candidates
    ``limit`` (see :func:`symact.rewrite.limits`; here read off the reference at +-1e300 and
    +-1.7e308, which is cheaper than SymPy's limit and is what the float result settles to)."""
    far = np.array([-1.7e308, -1e300, 1e300, 1.7e308])
    h, _, ok = truth_expr(expr, far)
    out = []
    for (i, j), note in (((0, 1), "x -> -oo"), ((3, 2), "x -> +oo")):
        if ok[i] and ok[j] and h[i] == h[j] and math.isfinite(h[i]):
            v = sp.Integer(0) if h[i] == 0 else sp.Float(float(h[i]))
            out.append(rw.Candidate(v, ("limit",), exact=False, note=note))
    return out


def _best_plans(scored: Sequence[_Scored], xs: np.ndarray, lo: float, hi: float,
                splits: Sequence[float] = _SPLITS, loose_margin: float = 0.85) -> tuple[_Plan | None, _Plan | None]:
    out = []
    for tight in (True, False):
        p = _plan_regimes(scored, xs, tight, lo, hi, avoid_zero_sign=True, splits=splits, loose_margin=loose_margin)
        if p is None or p.excess > 0:
            q = _plan_regimes(scored, xs, tight, lo, hi, avoid_zero_sign=False, splits=splits, loose_margin=loose_margin)
            if q is not None and (p is None or q.key() < p.key()):
                p = q
        out.append(p)
    return out[0], out[1]


# ---------------------------------------------------------------------------------------
# assembling a kernel
def _exact(v: float, bps: Sequence[Any] = ()) -> sp.Expr:
    """A float as an exact SymPy number (its binary value), +-oo for infinities; when it is
    a breakpoint's float value, the breakpoint's own exact value instead."""
    if math.isinf(v):
        return sp.oo if v > 0 else -sp.oo
    for bp in bps:
        if _num(bp.at) == v:
            return _bp_const(bp.at)
    return sp.Rational(v)


def _bp_const(at: sp.Expr) -> sp.Expr:
    """A breakpoint as a program constant: the user's exact value when it is rational (the
    program rounds it to the dtype once: 0.30000000000000004 stays that float, the smallest
    normal stays the smallest normal); an irrational one by its 40-digit value."""
    if at.is_Rational:
        return at
    return sp.Rational(sp.Float(sp.N(at, 40), 40))


def _num(v: sp.Expr) -> float:
    if v == sp.oo:
        return math.inf
    if v == -sp.oo:
        return -math.inf
    return float(sp.N(v, 30))


def _pieces_of(act: Activation, order: int) -> tuple[list[sp.Expr], list[tuple[float, float]], list[Any], list[sp.Expr]]:
    from .derive import piece_derivatives

    if act.free_params:
        raise ParameterError(
            f"{act.name}: parameter(s) {', '.join(p.name for p in act.free_params)} are symbolic; "
            "a numeric kernel needs values (use with_params or --param NAME=VALUE)"
        )
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 2:
        raise UsageError(f"kernel order must be 0, 1 or 2, got {order!r}")
    pcs = act.pieces.pieces
    exprs = list(piece_derivatives(act, order))
    nexts = list(piece_derivatives(act, order + 1))
    ivals = [(_num(p.lo), _num(p.hi)) for p in pcs]
    return exprs, ivals, list(act.pieces.breakpoints), nexts


def _owned(bps: Sequence[Any], i: int, npieces: int) -> list[float]:
    """Breakpoints whose value the kernel takes from piece i (the kink convention)."""
    out = []
    if i > 0:
        bp = bps[i - 1]
        if bp.side in ("right", "point"):
            out.append(_num(bp.at))
    if i < npieces - 1:
        bp = bps[i]
        if bp.side == "left":
            out.append(_num(bp.at))
    return out


def _changes_sign(exprs: Sequence[sp.Expr], ivals: Sequence[tuple[float, float]], bps: Sequence[Any], order: int) -> bool:
    """Whether f^(order) takes both signs (then the 4 ulp(f) + 4 eps |x f'| bound applies)."""
    pos = neg = False
    for i, (e, (lo, hi)) in enumerate(zip(exprs, ivals)):
        if not e.has(x):
            v = float(sp.N(e, 20))
            pos |= v > 0
            neg |= v < 0
            continue
        xs = _piece_points(np.dtype(np.float64), lo, hi, _owned(bps, i, len(exprs)), 120, 11)
        if len(xs) == 0:
            continue
        h, _, ok = truth_expr(e, xs.astype(np.float64))
        h = h[ok]
        pos |= bool(np.any(h > 0))
        neg |= bool(np.any(h < 0))
    if order == 0:
        for bp in bps:
            v = float(sp.N(bp.value, 20))
            pos |= v > 0
            neg |= v < 0
    return pos and neg


def _limit(e: sp.Expr, sign: int) -> float:
    """lim_{x -> sign oo} e as a float (inf/-inf; nan if it does not exist): read off the
    reference far out when it has settled there, else from SymPy's limit."""
    if not e.has(x):
        return float(sp.N(e, 30))
    far = np.array([sign * 1e300, sign * 1.7e308])
    h, _, ok = truth_expr(e, far)
    if ok.all():
        if h[0] == h[1] and math.isfinite(h[0]):
            return float(h[0])
        if np.isinf(h[1]) and np.sign(h[1]) == np.sign(h[0]) and abs(h[0]) > 1e250:
            return float(h[1])
        if abs(h[1]) > abs(h[0]) > 1e250 and np.sign(h[1]) == np.sign(h[0]):
            return math.copysign(math.inf, h[1])
    try:
        lim = budget.run(sp.limit, e, x, sign * sp.oo, seconds=min(3.0, budget.default_seconds()), what="limit of a kernel")
        if lim == sp.oo:
            return math.inf
        if lim == -sp.oo:
            return -math.inf
        if lim.is_number and lim.is_real and lim.is_finite:
            return float(sp.N(lim, 30))
        if lim.has(sp.AccumBounds) or lim is sp.nan:
            return math.nan
    except budget.Timeout:
        pass
    except (NotImplementedError, ValueError, TypeError):
        pass
    # numerically: the value far out, where the float result settles
    hi, _, ok = truth_expr(e, np.array([sign * 1e300, sign * 1.7e308]))
    if ok.all() and hi[0] == hi[1]:
        return float(hi[1])
    return math.nan


def _join(act_exprs: Sequence[sp.Expr], ivals: Sequence[tuple[float, float]], bps: Sequence[Any],
          dtypes: Sequence[np.dtype]) -> tuple[sp.Expr, str]:
    """One expression for the whole line from the per-piece expressions."""
    n = len(act_exprs)
    if n == 1:
        return act_exprs[0], "single"
    clamped = []
    for e, (lo, hi) in zip(act_exprs, ivals):
        if not e.has(x):
            clamped.append(e)
            continue
        prog = lower([e])
        if _finite_everywhere(prog, dtypes):
            clamped.append(e)
        else:
            clamped.append(rw.clamp(e, _exact(lo, bps), _exact(hi, bps)))
    # continuous, and every piece vanishes at its breakpoints: a plain sum of clamped pieces
    if all(bp.side != "point" for bp in bps):
        zero = True
        terms = []
        for i, (e, (lo, hi)) in enumerate(zip(act_exprs, ivals)):
            if e == 0:
                continue
            ce = rw.clamp(e, _exact(lo, bps), _exact(hi, bps))
            if not e.has(x):
                zero = False
                break
            prog = lower([e])
            for dt in dtypes:
                ends = np.array([v for v in (lo, hi) if math.isfinite(v)], dtype=dt)
                if len(ends) and np.any(_run(prog, ends, dt)[0] != 0):
                    zero = False
            terms.append(ce)
        if zero and terms:
            return sp.Add(*terms), "clamp_sum"
    ir = clamped[-1]
    for j in range(n - 2, -1, -1):
        p = _bp_const(bps[j].at)
        left = clamped[j]
        if bps[j].side == "left":
            ir = rw.SelPos(x - p, ir, left)
        else:
            ir = rw.Sel(x - p, ir, left)
    for j, bp in enumerate(bps):
        if bp.side == "point":
            p = _bp_const(bp.at)
            ir = rw.Sel(x - p, rw.Sel(p - x, bp.value, ir), ir)
    return ir, "masks"


_F64 = np.dtype(np.float64)
_F32 = np.dtype(np.float32)
_N64 = 720  # selection sample per piece (float64)
_N32 = 720  # selection sample per piece (float32)


@functools.lru_cache(maxsize=1024)
def _choose_cached(expr: sp.Expr, dexpr: sp.Expr | None, lo: float, hi: float, owned: tuple[float, ...],
                   dtype: str, seed: int, n: int, compute: str, contract: float = 4.0) -> tuple[sp.Expr, PieceChoice]:
    key = _plan_key(expr, dexpr, lo, hi, owned, dtype, seed, n, f"{compute} B={contract!r}")
    hit = _plans().get(key)
    if hit is not None and _use_plan_cache:
        try:
            return _ir_from_json(hit["ir"]), _choice_from_json(hit["choice"])
        except (KeyError, ValueError, TypeError):
            pass  # a damaged entry: measure again
    ir, choice = _choose(expr, dexpr, lo, hi, owned, np.dtype(dtype), seed, n, np.dtype(compute), contract)
    _new_plans[key] = {"ir": _ir_to_json(ir), "choice": _choice_to_json(choice), "what": f"{str(expr)[:120]} ({dtype} in {compute})"}
    return ir, choice


# ---------------------------------------------------------------------------------------
# the plan cache: measured choices stored with the package (symact/kernel_plans.json)
#
# Measuring every candidate against mpmath takes about a minute for the whole catalogue.  The
# choices are therefore kept in a JSON file next to this module, keyed by a hash of everything
# the measurement depends on: the piece's expression, its interval and kink convention, the
# dtype and sample, the numpy version, and the source of the rewrite rules and of this module.
# Any change to those misses the cache and measures again (correct, only slower);
# ``python -c "import symact.kernels as k; k.refresh_plans()"`` measures the catalogue afresh
# and rewrites the file,
# and a test fails while the file is stale.  Entries are plain data (an IR tree of whitelisted
# node names and exact numbers), parsed without eval.
_PLAN_FILE = __file__.rsplit(".", 1)[0].rsplit("/", 1)[0] + "/kernel_plans.json"
_use_plan_cache = True
_new_plans: dict[str, Any] = {}


_PLAN_MARKER = b"# PLAN-INDEPENDENT" + b" CODE BELOW"  # (split so that this line is not the marker)


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """Hash of what the measured plans depend on: the rewrite rules, the ground truth
    (numeric.py), this module up to the marker above the Kernel class, and numpy's version."""
    import hashlib

    from . import numeric

    h = hashlib.sha256()
    for mod in (rw.__file__, numeric.__file__, __file__):
        with open(mod, "rb") as fh:
            text = fh.read()
        if mod == __file__:
            text = text.split(_PLAN_MARKER, 1)[0]
        h.update(text)
    h.update(f"numpy {np.__version__}".encode())
    return h.hexdigest()[:16]


def _plan_key(expr: sp.Expr, dexpr: sp.Expr | None, lo: float, hi: float, owned: tuple[float, ...], dtype: str,
              seed: int, n: int, compute: str) -> str:
    import hashlib

    text = "|".join([_code_version(), sp.srepr(expr), sp.srepr(dexpr) if dexpr is not None else "-", repr(lo), repr(hi),
                     repr(tuple(owned)), dtype, str(seed), str(n), compute])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@functools.lru_cache(maxsize=1)
def _plans() -> dict[str, Any]:
    import json
    import os

    if not os.path.exists(_PLAN_FILE):
        return {}
    try:
        with open(_PLAN_FILE, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _code_version():
        return {}
    plans = data.get("plans")
    return plans if isinstance(plans, dict) else {}


def refresh_plans(path: str | None = None) -> int:
    """Measure the plans of every catalogue kernel afresh and write the plan cache; returns
    the number of entries.  (Slow: about a minute.)"""
    import json

    from .catalog import BUILTIN

    global _use_plan_cache
    _use_plan_cache = False
    _choose_cached.cache_clear()
    _new_plans.clear()
    _kernels.clear()
    try:
        for act in BUILTIN:
            for order in (0, 1, 2):
                kernel(act, order)
            value_and_grad(act)
    finally:
        _use_plan_cache = True
    data = {"version": _code_version(), "numpy": np.__version__, "plans": dict(sorted(_new_plans.items()))}
    with open(path or _PLAN_FILE, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(data, fh, indent=0, sort_keys=True)
        fh.write("\n")
    _plans.cache_clear()
    return len(_new_plans)


_IR_FUNCS: dict[str, Any] = {
    "exp": sp.exp, "log": sp.log, "tanh": sp.tanh, "atan": sp.atan, "sin": sp.sin, "cos": sp.cos, "erf": sp.erf,
    "erfc": sp.erfc, "Abs": sp.Abs, "sign": sp.sign, "Max": sp.Max, "Min": sp.Min, "log1p": rw.log1p,
    "expm1": rw.expm1, "hypot": rw.hypot, "Sel": rw.Sel, "SelPos": rw.SelPos, "Erfc": rw.Erfc, "Erfcx": rw.Erfcx, "Split": rw.Split,
    "Fl": rw.Fl, "TwoSumErr": rw.TwoSumErr, "TwoProdErr": rw.TwoProdErr, "sinh": sp.sinh, "cosh": sp.cosh, "asinh": sp.asinh, "acosh": sp.acosh,
    "atanh": sp.atanh, "asin": sp.asin, "acos": sp.acos, "tan": sp.tan,
}


def _ir_to_json(e: sp.Basic) -> Any:
    if e == x:
        return "x"
    if isinstance(e, sp.Integer):
        return ["I", str(int(e))]
    if isinstance(e, sp.Rational):
        return ["Q", str(int(e.p)), str(int(e.q))]
    if isinstance(e, sp.Float):
        return ["F", float(e).hex(), int(e._prec)]
    if e is sp.pi:
        return ["pi"]
    if e is sp.E:
        return ["E"]
    if isinstance(e, sp.Add):
        return ["Add", *[_ir_to_json(a) for a in e.args]]
    if isinstance(e, sp.Mul):
        return ["Mul", *[_ir_to_json(a) for a in e.args]]
    if isinstance(e, sp.Pow):
        return ["Pow", _ir_to_json(e.base), _ir_to_json(e.exp)]
    name = type(e).__name__
    if name in _IR_FUNCS and _IR_FUNCS[name] is type(e) or (name in _IR_FUNCS and isinstance(e, _IR_FUNCS[name])):
        return [name, *[_ir_to_json(a) for a in e.args]]
    raise ValueError(f"cannot store {type(e).__name__} in the plan cache")


def _ir_from_json(d: Any) -> sp.Expr:
    if d == "x":
        return x
    if not isinstance(d, list) or not d or not isinstance(d[0], str):
        raise ValueError("bad plan entry")
    tag, args = d[0], d[1:]
    if tag == "I":
        return sp.Integer(int(args[0]))
    if tag == "Q":
        return sp.Rational(int(args[0]), int(args[1]))
    if tag == "F":
        return sp.Float(float.fromhex(args[0]), precision=int(args[1]))
    if tag == "pi":
        return sp.pi
    if tag == "E":
        return sp.E
    sub = [_ir_from_json(a) for a in args]
    if tag == "Add":
        return sp.Add(*sub, evaluate=False)
    if tag == "Mul":
        return sp.Mul(*sub, evaluate=False)
    if tag == "Pow":
        return sp.Pow(sub[0], sub[1], evaluate=False)
    fn = _IR_FUNCS.get(tag)
    if fn is None:
        raise ValueError(f"unknown node {tag!r} in the plan cache")
    if fn in (sp.Max, sp.Min):
        return fn(*sub, evaluate=False)
    return fn(*sub, evaluate=False) if fn in (sp.exp, sp.log, sp.Abs, sp.sign, sp.tanh, sp.atan, sp.sin, sp.cos, sp.erf, sp.erfc) else fn(*sub)


def _choice_to_json(c: PieceChoice) -> dict[str, Any]:
    return {"lo": repr(c.lo), "hi": repr(c.hi), "dtype": c.dtype, "max_ulp": repr(c.max_ulp), "max_ratio": repr(c.max_ratio),
            "bound_ulp": c.bound_ulp, "candidates": c.candidates, "expr": c.expr,
            "regimes": [[repr(r.lo), repr(r.hi), r.label, r.note] for r in c.regimes]}


def _choice_from_json(d: dict[str, Any]) -> PieceChoice:
    return PieceChoice(float(d["lo"]), float(d["hi"]), str(d["dtype"]),
                       tuple(Regime(float(a), float(b), str(c), str(n)) for a, b, c, n in d["regimes"]),
                       float(d["max_ulp"]), float(d["max_ratio"]), float(d["bound_ulp"]), int(d["candidates"]), str(d["expr"]))


@dataclass(frozen=True)
class _Build:
    """One dtype's program: the IR, the program, the dtype it computes in, the guard flag."""

    ir: tuple[sp.Expr, ...]
    prog: Program
    compute: np.dtype
    guard: bool
    limits: tuple[tuple[float, float], ...]


def _meta(exprs: Sequence[sp.Expr], ivals: Sequence[tuple[float, float]], bps: Sequence[Any], order: int) -> tuple[bool, tuple[float, float]]:
    """(whether f^(order) changes sign, its values at -inf and +inf), from the plan cache
    when it has them."""
    import hashlib

    text = "|".join([_code_version(), "meta", str(order), *[sp.srepr(e) for e in exprs], repr(list(ivals)),
                     repr([(sp.srepr(b.at), sp.srepr(b.value), b.side) for b in bps])])
    key = hashlib.sha256(text.encode()).hexdigest()[:24]
    hit = _plans().get(key) if _use_plan_cache else None
    if isinstance(hit, dict) and "mixed" in hit:
        return bool(hit["mixed"]), (float(hit["limits"][0]), float(hit["limits"][1]))
    mixed = _changes_sign(exprs, ivals, bps, order)
    limits = (_limit(exprs[0], -1), _limit(exprs[-1], 1))
    _new_plans[key] = {"mixed": mixed, "limits": [repr(limits[0]), repr(limits[1])], "what": f"meta order {order}"}
    return mixed, limits


def _build_order(act: Activation, order: int) -> tuple[dict[str, tuple[sp.Expr, np.dtype]], KernelInfo, tuple[float, float]]:
    exprs, ivals, bps, nexts = _pieces_of(act, order)
    if order >= 1:  # a derivative takes its value at a 'point' breakpoint from the right piece
        bps = [bp if bp.side != "point" else type(bp)(bp.at, bp.value, "right") for bp in bps]
    mixed, limits = _meta(exprs, ivals, bps, order)
    dexprs = nexts if mixed else None
    contract = contract_ulp(act, order)
    chosen: dict[str, list[tuple[sp.Expr, PieceChoice]]] = {"float64": [], "float32": [], "float32p": []}
    for key, dt, comp, n in (("float64", _F64, _F64, _N64), ("float32", _F32, _F32, _N32), ("float32p", _F32, _F64, _N32)):
        for i, (e, (lo, hi)) in enumerate(zip(exprs, ivals)):
            owned = tuple(_owned(bps, i, len(exprs)))
            chosen[key].append(_choose_cached(e, dexprs[i] if dexprs else None, lo, hi, owned, dt.name, i, n, comp.name,
                                              contract))
    ir64, join = _join([c[0] for c in chosen["float64"]], ivals, bps, [_F64])
    ir32n, _ = _join([c[0] for c in chosen["float32"]], ivals, bps, [_F32])
    ir32p, _ = _join([c[0] for c in chosen["float32p"]], ivals, bps, [_F64])
    # float32: native float32 arithmetic only where it is within 2 ULP (with the margin) and
    # cheaper than float64 arithmetic rounded once (float32 SIMD does about twice the work
    # per cycle; two conversions per element cost about two multiplications)
    native_tight = all(c[1].bound_ulp == 2.0 or not c[0].has(x) for c in chosen["float32"])
    cost32n, cost32p = lower([ir32n]).cost(), lower([ir32p]).cost()
    if native_tight and 0.5 * cost32n <= cost32p + 2 * COST["copy"]:
        mode32 = "native"
        irs = {"float64": (ir64, _F64), "float32": (ir32n, _F32), "native32": (ir32n, _F32)}
        pieces32 = tuple(c[1] for c in chosen["float32"])
    else:
        mode32 = "float64"
        irs = {"float64": (ir64, _F64), "float32": (ir32p, _F64), "native32": (ir32n, _F32)}
        pieces32 = tuple(c[1] for c in chosen["float32p"])
    info = KernelInfo(act.name, order, tuple(c[1] for c in chosen["float64"]), pieces32, join, mode32, limits,
                      (False, False), mixed, lower([ir64]).cost())
    _warn_if_broken(act, order, info, contract)
    return irs, info, limits


class ContractWarning(UserWarning):
    """A kernel was built although no plan met the accuracy contract on the selection sample
    (the message gives the measured figure); the kernel is the most accurate plan found."""


def _warn_if_broken(act: Activation, order: int, info: KernelInfo, contract: float) -> None:
    import warnings

    for dtn, pcs in (("float64", info.pieces64), ("float32", info.pieces32)):
        for p in pcs:
            if not p.max_ratio <= 1.0:  # NaN counts as broken
                vals = ", ".join(f"{k}={v}" for k, v in (act.values or {}).items())
                warnings.warn(ContractWarning(
                    f"{act.name}{'(' + vals + ')' if vals else ''}: no kernel plan for f^({order}) on ({p.lo}, {p.hi}) meets "
                    f"the {contract:g}-ULP contract in {dtn}: measured {p.max_ratio:.3g} x the bound ({p.max_ulp:.3g} ULP)"),
                    stacklevel=4)


# ======================================================================================
# PLAN-INDEPENDENT CODE BELOW: the plan cache's version hashes this module only up to here
# (with rewrite.py and numeric.py), so the code below can change without re-measuring.
# ======================================================================================


class Kernel:
    """A compiled numpy kernel: ``k(x, out=None)``.

    Accepts Python scalars and arrays of any shape; float32 input gives float32 output
    (computed to float32 accuracy), float64 gives float64, other real types are computed in
    float64 (float16 in float32).  ``out`` (an array of the result's shape and dtype) receives
    the result in place.  Large arrays are processed in blocks of :data:`BLOCK` elements.
    A kernel with several outputs (:func:`value_and_grad`) returns a tuple, and ``out`` is
    then a tuple of arrays.
    """

    def __init__(self, name: str, orders: tuple[int, ...], builds: dict[str, _Build], infos: tuple[KernelInfo, ...]) -> None:
        self.name = name
        self.orders = orders
        self.order = orders[0] if len(orders) == 1 else orders
        self.info = infos[0] if len(infos) == 1 else infos
        self._builds = builds
        self._runners = {
            _F64: _Runner(builds["float64"].prog, _F64, builds["float64"].compute),
            _F32: _Runner(builds["float32"].prog, _F32, builds["float32"].compute),
        }
        self._guard = {_F64: builds["float64"].guard, _F32: builds["float32"].guard}
        self._limits = {dt: builds[dt.name].limits for dt in (_F64, _F32)}
        self._nout = len(orders)
        self.__name__ = name
        self.__doc__ = f"{name}: numerically stable numpy kernel (symact)"

    def __repr__(self) -> str:
        return f"<symact kernel {self.name}>"

    def program(self, dtype: Any = np.float64) -> Program:
        return self._builds[np.dtype(dtype).name].prog

    def __call__(self, x: Any, out: Any = None) -> Any:
        a = x if type(x) is np.ndarray else np.asarray(x)
        dt = a.dtype
        if dt == _F64 or dt == _F32:
            res_dt = comp_dt = dt
        elif dt.kind in "iub" or dt == np.longdouble:
            res_dt = comp_dt = _F64
            a = a.astype(_F64)
        elif dt == np.float16:
            res_dt, comp_dt = np.dtype(np.float16), _F32
            a = a.astype(_F32)
        else:
            raise TypeError(f"{self.name}: expected real numbers, got an array of {dt}")
        flat = a.reshape(-1) if a.flags.c_contiguous else np.ascontiguousarray(a).reshape(-1)
        nout = self._nout
        if out is not None:
            outs_user = list(out) if nout > 1 else [out]
            for o in outs_user:
                if type(o) is not np.ndarray or o.shape != a.shape or o.dtype != res_dt:
                    raise ValueError(f"{self.name}: out must be an array of shape {a.shape} and dtype {res_dt}")
            direct = res_dt == comp_dt and all(o.flags.c_contiguous and not np.may_share_memory(o, flat) for o in outs_user)
            targets = [o.reshape(-1) for o in outs_user] if direct else [np.empty(flat.shape[0], comp_dt) for _ in range(nout)]
        else:
            outs_user = None
            direct = False
            targets = [np.empty(flat.shape[0], comp_dt) for _ in range(nout)]
        with _quiet():
            if self._guard[comp_dt]:
                self._run_guarded(comp_dt, flat, targets)
            else:
                self._runners[comp_dt].run(flat, targets)
        if outs_user is not None:
            if not direct:
                for o, t in zip(outs_user, targets):
                    np.copyto(o, t.reshape(a.shape), casting="same_kind")
            return outs_user[0] if nout == 1 else tuple(outs_user)
        results = []
        scalar = a.ndim == 0
        for t in targets:
            r = t.reshape(a.shape)
            if res_dt != comp_dt:
                r = r.astype(res_dt)
            results.append(r[()] if scalar else r)
        return results[0] if nout == 1 else tuple(results)

    def _run_guarded(self, dt: np.dtype, flat: np.ndarray, targets: list[np.ndarray]) -> None:
        runner = self._runners[dt]
        n = flat.shape[0]
        for start in range(0, n, BLOCK):
            stop = min(n, start + BLOCK)
            xb = flat[start:stop]
            tb = [t[start:stop] for t in targets]
            fin = np.isfinite(xb)
            if fin.all():
                runner.run(xb, tb)
                continue
            clean = xb.copy()
            clean[~fin] = 0
            runner.run(clean, tb)
            for t, (lm, lp) in zip(tb, self._limits[dt]):
                t[xb == np.inf] = lp
                t[xb == -np.inf] = lm
                t[np.isnan(xb)] = np.nan


_kernels: "weakref.WeakKeyDictionary[Activation, dict[Any, Kernel]]" = weakref.WeakKeyDictionary()
_kernels_lock = threading.RLock()


def _assemble(name: str, orders: tuple[int, ...], per_order: Sequence[tuple[dict[str, tuple[sp.Expr, np.dtype]], KernelInfo, tuple[float, float]]]) -> Kernel:
    builds: dict[str, _Build] = {}
    infos = []
    for dtn, dt in (("float64", _F64), ("float32", _F32)):
        computes = {po[0][dtn][1] for po in per_order}
        compute = _F64 if _F64 in computes else dt
        # an output selected for native float32 joins a float64 program with its float64 plan
        irs = tuple((po[0][dtn][0] if po[0][dtn][1] == compute else po[0]["float64"][0]) for po in per_order)
        prog = lower(list(irs))
        limits = tuple(po[2] for po in per_order)
        guard = not _specials_ok_multi(prog, dt, limits, compute if compute != dt else None)
        builds[dtn] = _Build(irs, prog, compute, guard, limits)
    nat = lower([po[0]["native32"][0] for po in per_order])
    builds["native32"] = _Build(tuple(po[0]["native32"][0] for po in per_order), nat, _F32,
                                not _specials_ok_multi(nat, _F32, tuple(po[2] for po in per_order), None),
                                tuple(po[2] for po in per_order))
    for po in per_order:
        info = po[1]
        infos.append(KernelInfo(info.name, info.order, info.pieces64, info.pieces32, info.join, info.float32,
                                info.limits, (builds["float64"].guard, builds["float32"].guard), info.mixed,
                                builds["float64"].prog.cost()))
    return Kernel(name, orders, builds, tuple(infos))


def _specials_ok_multi(prog: Program, dtype: np.dtype, limits: Sequence[tuple[float, float]], compute: np.dtype | None) -> bool:
    xs = np.array([np.inf, -np.inf, np.nan], dtype=dtype)
    got = _run(prog, xs, dtype, compute)
    for y, (lm, lp) in zip(got, limits):
        want = np.array([lp, lm, np.nan], dtype=dtype)
        if not np.array_equal(y, want, equal_nan=True):
            return False
    return True


def kernel(act: Activation, order: int = 0) -> Kernel:
    """The compiled kernel of f^(order) (order 0, 1 or 2) of ``act`` (see the module docstring).

    >>> import numpy as np, symact
    >>> k = symact.get("sigmoid").kernel(1)
    >>> float(k(0.0))
    0.25
    """
    with _kernels_lock:
        memo = _kernels.setdefault(act, {})
        if order in memo:
            return memo[order]
    per = _build_order(act, order)
    k = _assemble(f"{act.name}{_suffix(order)}", (order,), [per])
    with _kernels_lock:
        memo[order] = k
    return k


def value_and_grad(act: Activation) -> Kernel:
    """A kernel returning ``(f(x), f'(x))`` from one program: the work both share (e.g.
    exp(-|x|) for sigmoid and sigmoid') is done once."""
    with _kernels_lock:
        memo = _kernels.setdefault(act, {})
        if "vg" in memo:
            return memo["vg"]
    per = [_build_order(act, 0), _build_order(act, 1)]
    k = _assemble(f"{act.name}_value_and_grad", (0, 1), per)
    with _kernels_lock:
        memo["vg"] = k
    return k


def _suffix(order: int) -> str:
    return "" if order == 0 else f"_d{order}"


# ---------------------------------------------------------------------------------------
# exporters
def export(act: Activation, target: str, order: int = 0) -> str:
    """Source code of the kernel of f^(order) of ``act`` for ``target``:

    * ``python`` (alias ``numpy``): a standalone module that needs only numpy, with the same
      calling convention as :class:`Kernel` and the same program (blocks, in place, float32);
    * ``c``: C99 with a header section: ``double NAME(double)``, ``float NAME_f32(float)``
      (computed in double), ``NAME_array`` and ``NAME_array_f32`` over arrays; compiles with
      ``cc -O2 -std=c99 -c`` and links with ``-lm``;
    * ``jax`` / ``torch``: one function on arrays / tensors (``where`` for choices).

    Every name in the source is a validated identifier; constants are exact hexadecimal (C)
    or ``float.fromhex`` (Python) literals; nothing the user typed is copied into it.
    """
    if target not in TARGETS:
        raise UsageError(f"unknown export target {target!r}; choose one of {', '.join(TARGETS)}")
    k = kernel(act, order)
    name = check_identifier(f"{act.name}{_suffix(order)}", "function name")
    header = _header_lines(act, order, k)
    if target in ("python", "numpy"):
        return _export_python(k, name, header)
    if target == "c":
        return _export_c(k, name, header)
    if target == "jax":
        return _export_array_lib(k, name, header, "jax")
    return _export_array_lib(k, name, header, "torch")


def _header_lines(act: Activation, order: int, k: Kernel) -> list[str]:
    from . import __version__

    info = k.info
    assert isinstance(info, KernelInfo)
    what = "f" if order == 0 else f"f^({order}), the derivative of order {order},"
    lines = [
        f"{what} of the activation {act.name}, generated by symact {__version__}.",
        f"f(x) = {_safe_text(str(act.expr))}",
    ]
    vals = ", ".join(f"{p} = {_safe_text(str(v))}" for p, v in (act.values or {}).items())
    if vals:
        lines.append(f"parameters: {vals}")
    for dtn, pcs in (("float64", info.pieces64), ("float32", info.pieces32)):
        worst = max((p.max_ulp for p in pcs), default=0.0)
        ratio = max((p.max_ratio for p in pcs), default=0.0)
        rules = "; ".join(", ".join(r.label for r in p.regimes) for p in pcs)
        lines.append(f"{dtn}: max {worst:.3g} ULP on symact's selection sample (error/bound {ratio:.2f}); rules: {rules}")
    lines.append(f"float32 arithmetic: {info.float32}; values at -inf, +inf: {info.limits[0]!r}, {info.limits[1]!r}")
    return lines


def _safe_text(s: str) -> str:
    """Text for a comment or docstring: printable ASCII without quotes or backslashes."""
    return "".join(ch if (32 <= ord(ch) < 127 and ch not in "\\\"'`") else "?" for ch in s)[:400]


def _py_const(v: float, dt: np.dtype) -> str:
    if math.isnan(v):
        return f"np.{dt.name}('nan')"
    if math.isinf(v):
        return f"np.{dt.name}('{'inf' if v > 0 else '-inf'}')"
    return f"np.{dt.name}(float.fromhex('{float(v).hex()}'))"


def _runner_body(r: _Runner, fname: str) -> list[str]:
    """A block function: the runner's steps as numpy calls on named buffers."""
    nout = r.nout
    ntemp = r.ntemp
    cbase = 1 + nout + ntemp

    def nm(slot: int) -> str:
        if slot == 0:
            return "x"
        if slot <= nout:
            return f"o{slot - 1}"
        if slot < cbase:
            return f"t{slot - 1 - nout}"
        return f"{fname.upper()}_K[{slot - cbase}]"

    outs = ", ".join(f"o{i}" for i in range(nout))
    lines = [f"def {fname}(x, {outs}, t):"]
    if ntemp:
        lines.append(f"    {', '.join(f't{i}' for i in range(ntemp))}{',' if ntemp == 1 else ''} = t")
    for name, slots, dst in r.steps:
        args = ", ".join(nm(s) for s in slots)
        d = nm(dst)
        if name == "split":
            big, fac = _split_constants(r.compute)
            lines.append(f"    _split({args}, {d}, np.{r.compute.name}({float(big)!r}), np.{r.compute.name}({float(fac)!r}))")
        elif name in ("erf", "erfc", "erfcx"):
            lines.append(f"    _np_{name}({args}, {d})")
        elif name == "recip":
            lines.append(f"    np.divide(1.0, {args}, {d})")
        elif name == "copy":
            lines.append(f"    np.copyto({d}, {args})")
        elif name in ("max", "min"):
            lines.append(f"    np.{_NP_UFUNC[name].__name__}({args}, out={d})")
        else:
            lines.append(f"    np.{_NP_UFUNC[name].__name__}({args}, {d})")
    for slot, (kind, v) in r.finals:
        if kind == "fill":
            lines.append(f"    {nm(slot)}.fill({_py_const(v, r.compute)})")
        else:
            lines.append(f"    np.copyto({nm(slot)}, {nm(v)})")
    lines.append("    return None")
    return lines


_PY_TEMPLATE = '''

def _run(flat, outs, block, ntemp, compute, guard, limits):
    n = flat.shape[0]
    if n == 0:
        return
    bs = min(n, _BLOCK)
    temps = [np.empty(bs, compute) for _ in range(ntemp)]
    promote = compute != flat.dtype
    xin = np.empty(bs, compute) if promote else None
    obuf = [np.empty(bs, compute) for _ in outs] if promote else None
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        m = stop - start
        xb = flat[start:stop]
        bad = guard and not np.isfinite(xb).all()
        src = xb
        if bad:
            src = xb.copy()
            src[~np.isfinite(xb)] = 0
        if promote:
            xc = xin[:m]
            np.copyto(xc, src)
            ob = [o[:m] for o in obuf]
        else:
            xc = src
            ob = [o[start:stop] for o in outs]
        block(xc, *ob, [t[:m] for t in temps])
        if promote:
            for o, b in zip(outs, ob):
                np.copyto(o[start:stop], b, casting="same_kind")
        if bad:
            for o, (lm, lp) in zip(outs, limits):
                seg = o[start:stop]
                seg[xb == np.inf] = lp
                seg[xb == -np.inf] = lm
                seg[np.isnan(xb)] = np.nan


def NAME(x, out=None):
    """DOC"""
    a = np.asarray(x)
    dt = a.dtype
    if dt == np.float64 or dt == np.float32:
        res = dt
    elif dt.kind in "iub" or dt == np.longdouble:
        res = np.dtype(np.float64)
    elif dt == np.float16:
        res = np.dtype(np.float16)
    else:
        raise TypeError("NAME: expected real numbers, got an array of %s" % dt)
    comp = np.dtype(np.float32) if res == np.float16 else res
    if a.dtype != comp:
        a = a.astype(comp)
    flat = np.ascontiguousarray(a).reshape(-1)
    outs = [np.empty(flat.shape[0], comp) for _ in range(NOUT)]
    with np.errstate(all="ignore"):
        if comp == np.float64:
            _run(flat, outs, _block64, NTEMP64, np.dtype(np.float64), GUARD64, LIMITS)
        else:
            _run(flat, outs, _block32, NTEMP32, np.dtype(COMPUTE32), GUARD32, LIMITS)
    results = []
    for k, o in enumerate(outs):
        r = o.reshape(a.shape)
        if res != comp:
            r = r.astype(res)
        if out is not None:
            target = out[k] if NOUT > 1 else out
            if not isinstance(target, np.ndarray) or target.shape != a.shape or target.dtype != res:
                raise ValueError("NAME: out must be an array of shape %s and dtype %s" % (a.shape, res))
            np.copyto(target, r)
            r = target
        elif a.ndim == 0:
            r = r[()]
        results.append(r)
    return results[0] if NOUT == 1 else tuple(results)
'''


def _export_python(k: Kernel, name: str, header: list[str]) -> str:
    r64 = k._runners[_F64]
    r32 = k._runners[_F32]
    lines = ['"""' + "\n".join(header), "", "Needs only numpy.  Call NAME(x, out=None) like a numpy ufunc.".replace("NAME", name), '"""', "",
             "import numpy as np", "", f"__all__ = [{name!r}]", f"_BLOCK = {BLOCK}", ""]
    for tag, r in (("_block64", r64), ("_block32", r32)):
        consts = ", ".join(_py_const(float(c), r.compute) for c in r.consts)
        lines.append(f"{tag.upper()}_K = ({consts}{',' if len(r.consts) == 1 else ''})")
    lines.append("")
    uses = {name for rr in (r64, r32) for name, _, _ in rr.steps}
    if "split" in uses:
        lines += ["", _source_of(_np_split).replace("def _np_split", "def _split")]
    if uses & {"erf", "erfc", "erfcx"}:
        lines += ["", f"_ERFC_K = {_ERFC_K!r}", f"_ERFC_ZMAX = {_ERFC_ZMAX!r}",
                  f"_ERFCX_T = {tuple(float(c) for c in _ERFCX_T)!r}", f"_ERF_SMALL = {tuple(float(c) for c in _ERF_SMALL)!r}"]
        for fn in (_np_erfc_abs, _np_erf_small, _np_erfc, _np_erf, _np_erfcx):
            lines += ["", _source_of(fn)]
    for tag, r in (("_block64", r64), ("_block32", r32)):
        lines += ["", ""] + _runner_body(r, tag)
    limits = [tuple(float(v) for v in lim) for lim in k._limits[_F64]]
    body = _PY_TEMPLATE.replace("NAME", name).replace("DOC", _safe_text(header[0]))
    body = body.replace("NOUT", str(k._nout)).replace("NTEMP64", str(r64.ntemp)).replace("NTEMP32", str(r32.ntemp))
    body = body.replace("COMPUTE32", f"np.{r32.compute.name}")
    body = body.replace("GUARD64", str(k._guard[_F64])).replace("GUARD32", str(k._guard[_F32]))
    body = body.replace("LIMITS", "(" + ", ".join(f"({_pyf(a)}, {_pyf(b)})" for a, b in limits) + ",)")
    return _shield("\n".join(lines) + body, {"np": "_np"}, name)


#: Builtins the generated Python refers to; a kernel may be called by any of these names.
_PY_BUILTINS = ("float", "min", "max", "range", "len", "zip", "isinstance", "ValueError", "TypeError", "tuple",
                "list", "enumerate", "bool", "int", "str", "abs")


def _shield(src: str, modules: dict[str, str], name: str) -> str:
    """The generated module with its own names out of the user's way: the modules it imports
    under private aliases (``import numpy as _np``) and the builtins it uses bound to private
    names before the kernel's function is defined, so that an activation called ``np``,
    ``torch``, ``jnp``, ``math``, ``float`` or ``min`` shadows nothing the code needs."""
    import re

    end = src.index('"""', 3) + 3  # the module docstring is text, left as it is
    doc, code = src[:end], src[end:]
    out = []
    for ln in code.split("\n"):
        if ln.startswith("import "):
            mod = ln.split()[1]
            asname = ln.split()[3] if " as " in ln else mod
            if asname in modules:
                ln = f"import {mod} as {modules[asname]}"
        else:
            for mod, alias in modules.items():
                ln = re.sub(rf"(?<![\w.]){mod}\.", alias + ".", ln)
        out.append(ln)
    code = "\n".join(out)
    used = []
    for b in _PY_BUILTINS:
        pat = rf"(?<![\w.'\"]){b}\b(?!\s*=[^=])"
        if re.search(pat, code):
            used.append(b)
            code = re.sub(pat, "_" + b, code)
    if name in used:  # the kernel itself keeps its name
        code = re.sub(rf"^def _{name}\(", f"def {name}(", code, flags=re.M)
    if used:
        alias = ", ".join("_" + b for b in used) + " = " + ", ".join(used)
        # after the imports, before anything else
        lines = code.split("\n")
        last_import = max(i for i, ln in enumerate(lines) if ln.startswith("import ") or ln.startswith("from "))
        lines.insert(last_import + 1, alias)
        code = "\n".join(lines)
    return doc + code


def _pyf(v: float) -> str:
    if math.isnan(v):
        return "float('nan')"
    if math.isinf(v):
        return "float('inf')" if v > 0 else "float('-inf')"
    return f"float.fromhex('{v.hex()}')"


def _source_of(fn: Callable) -> str:
    import inspect
    import textwrap

    return textwrap.dedent(inspect.getsource(fn)).rstrip()


# ---------------------------------------------------------------------------------------
# measuring any implementation against the ground truth (tests, benchmarks)
def truth(act: Activation, order: int, xs: np.ndarray, dps: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """f^(order) of ``act`` at the finite points ``xs`` in high precision: ``(hi, lo, ok)`` as in
    :func:`truth_expr`, each point evaluated with the formula of its piece (at a breakpoint,
    the piece the kink convention names)."""
    exprs, ivals, bps, _ = _pieces_of(act, order)
    return _truth_pieces(exprs, ivals, bps, order, np.asarray(xs, dtype=np.float64), dps)


def _truth_pieces(exprs: Sequence[sp.Expr], ivals: Sequence[tuple[float, float]], bps: Sequence[Any], order: int,
                  xs: np.ndarray, dps: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    hi = np.full(len(xs), np.nan)
    lo = np.zeros(len(xs))
    ok = np.zeros(len(xs), dtype=bool)
    assigned = np.zeros(len(xs), dtype=bool)
    for j, bp in enumerate(bps):
        at = _num(bp.at)
        m = xs == at
        if not m.any():
            continue
        if bp.side == "point" and order == 0:
            v = float(sp.N(bp.value, 30))
            hi[m], ok[m] = v, True
        else:
            piece = j if bp.side == "left" else j + 1
            h, l, o = truth_expr(exprs[piece], xs[m], dps)
            hi[m], lo[m], ok[m] = h, l, o
        assigned |= m
    for e, (a, b) in zip(exprs, ivals):
        m = (xs > a) & (xs < b) & ~assigned
        if m.any():
            h, l, o = truth_expr(e, xs[m], dps)
            hi[m], lo[m], ok[m] = h, l, o
            assigned |= m
    return hi, lo, ok


def measure(fn: Callable[[np.ndarray], Any], act: Activation, order: int, dtype: Any = np.float64, n: int = 1500,
            seed: int = 0, bound_ulp: float = 4.0, xs: np.ndarray | None = None) -> Accuracy:
    """The accuracy of ``fn`` (any callable on arrays: a kernel, exported code, SciPy, ...) as
    f^(order) of ``act`` in ``dtype``: on ``xs`` or on :func:`sample` (``n`` points, the
    special points, the breakpoints and their neighbours), against :func:`truth`; the bound is
    ``bound_ulp`` ULP, or bound_ulp ulp(f) + 4 eps |x f'(x)| when f^(order) changes sign.
    +-inf must give the limits and NaN must give NaN (counted in ``nan_bad``)."""
    dt = np.dtype(dtype)
    exprs, ivals, bps, nexts = _pieces_of(act, order)
    if order >= 1:
        bps = [bp if bp.side != "point" else type(bp)(bp.at, bp.value, "right") for bp in bps]
    if xs is None:
        extra: list[float] = []
        for bp in bps:
            at = _num(bp.at)
            extra += [at, float(np.nextafter(dt.type(at), dt.type(np.inf))), float(np.nextafter(dt.type(at), dt.type(-np.inf))),
                      at + 1e-6, at - 1e-6]
        xs = sample(dt, n=n, seed=seed, include=extra)
        dense = True
    else:
        dense = False
    xs = np.asarray(xs, dtype=dt)
    x64 = xs.astype(np.float64)
    hi, lo, ok = _truth_pieces(exprs, ivals, bps, order, x64)
    roots = _piece_roots(exprs, ivals, x64, hi, ok)
    if dense:
        # extra points where the contract is hardest: around every root, and where the true
        # value leaves the normal range (subnormal outputs) or overflows, in both tails
        more = [_near(roots, dt, -math.inf, math.inf) if roots else np.zeros(0, dt), _transitions(x64, hi, ok, dt)]
        xs = np.unique(np.concatenate([xs, *[m.astype(dt) for m in more]]))
        x64 = xs.astype(np.float64)
        hi, lo, ok = _truth_pieces(exprs, ivals, bps, order, x64)
    mixed = _changes_sign(exprs, ivals, bps, order)
    xdf = None
    if mixed and roots:
        dh, _, dok = _truth_pieces(nexts, ivals, [type(bp)(bp.at, bp.value, bp.side if bp.side != "point" else "right") for bp in bps],
                                   order + 1, x64)
        with np.errstate(all="ignore"):
            xdf = np.where(dok & _window(x64, roots), x64 * dh, 0.0)
    with np.errstate(all="ignore"):
        y = np.asarray(fn(xs))
    if y.dtype != dt:
        y_cmp = y.astype(np.float64)
        y = y.astype(dt)
    ulps, ratio, normal = _ratios(y, xs, hi, lo, ok, dt, bound_ulp, xdf)
    nan_bad = int(np.sum(np.isnan(y) & ~np.isnan(xs)))
    # the special values
    limits = (_limit(exprs[0], -1), _limit(exprs[-1], 1))
    sp_x = np.array([np.inf, -np.inf, np.nan], dtype=dt)
    with np.errstate(all="ignore"):
        sp_y = np.asarray(fn(sp_x)).astype(dt)
    want = np.array([limits[1], limits[0], np.nan], dtype=dt)
    nan_bad += int(np.sum(~((sp_y == want) | (np.isnan(sp_y) & np.isnan(want)))))
    i = int(np.argmax(ratio)) if len(ratio) else 0
    return Accuracy(dt.name, len(xs), float(ulps.max(initial=0.0)), float(ratio.max(initial=0.0)),
                    float(xs[i]) if len(xs) else 0.0, nan_bad, mixed, bound_ulp, int(np.sum(~ok)))


_C_FUNCS = {"abs": "fabs", "exp": "exp", "expm1": "expm1", "log": "log", "log1p": "log1p", "sqrt": "sqrt",
            "tanh": "tanh", "atan": "atan", "sin": "sin", "cos": "cos", "erf": "erf", "erfc": "erfc",
            "max": "fmax", "min": "fmin", "hypot": "hypot", "pow": "pow"}
_C_BINOP = {"add": "+", "sub": "-", "mul": "*", "div": "/"}


def _c_const(v: float) -> str:
    if math.isnan(v):
        return "NAN"
    if math.isinf(v):
        return "INFINITY" if v > 0 else "(-INFINITY)"
    h = float(v).hex()
    return f"({h})" if v < 0 else h


def _c_body(prog: Program, fname: str, limits: tuple[float, float], split_fn: str) -> list[str]:
    def ref(a: Arg) -> str:
        if isinstance(a, Const):
            return _c_const(a.as_float())
        return "x" if a == 0 else f"v{a}"

    lines = [f"double {fname}(double x)", "{",
             "    if (isnan(x)) return x;",
             f"    if (isinf(x)) return x > 0 ? {_c_const(limits[1])} : {_c_const(limits[0])};"]
    for i, (name, args) in enumerate(prog.ops):
        a = [ref(v) for v in args]
        if name in _C_BINOP:
            e = f"{a[0]} {_C_BINOP[name]} {a[1]}"
        elif name == "neg":
            e = f"-{a[0]}"
        elif name == "sign":
            e = f"(double)(({a[0]} > 0) - ({a[0]} < 0))"
        elif name == "recip":
            e = f"1.0 / {a[0]}"
        elif name == "copy":
            e = a[0]
        elif name in ("ge", "gt"):
            e = f"({a[0]} {'>=' if name == 'ge' else '>'} {a[1]} ? 1.0 : 0.0)"
        elif name == "sel":
            e = f"({a[0]} != 0.0 ? {a[1]} : {a[2]})"
        elif name == "split":
            e = f"{split_fn}({a[0]})"
        elif name == "erfcx":
            e = f"{split_fn[:-len('_split')]}_erfcx({a[0]})"
        else:
            e = f"{_C_FUNCS[name]}({', '.join(a)})"
        lines.append(f"    const double v{i + 1} = {e};")
    out = prog.outputs[0]
    lines.append(f"    return {ref(out)};")
    lines.append("}")
    return lines


def _c_erfcx(cname: str) -> list[str]:
    """C99 of :func:`_np_erfcx` (the same fits and series)."""
    def arr(vals: Sequence[float]) -> str:
        return ", ".join(_c_const(float(v)) for v in vals)

    return [f"static double {cname}_erfcx(double z)", "{",
            "    /* exp(z^2) erfc(z): symact's Chebyshev fits, as in its numpy kernels */",
            f"    static const double T[{len(_ERFCX_T)}] = {{{arr(_ERFCX_T)}}};",
            f"    static const double S[{len(_ERF_SMALL)}] = {{{arr(_ERF_SMALL)}}};",
            "    const double a = fabs(z);",
            "    double r;",
            "    if (a < 0.5) {",
            "        const double s = z * z;",
            "        double p = S[0];",
            f"        for (int i = 1; i < {len(_ERF_SMALL)}; ++i) p = p * s + S[i];",
            "        return exp(s) * (1.0 - z * p);",
            "    }",
            f"    if (a > {_c_const(_ERFC_ZMAX)}) {{",
            "        const double q = 1.0 / (2.0 * a * a);",
            "        double ser = 1.0;",
            "        for (int k = 7; k >= 1; --k) ser = 1.0 - (2 * k - 1) * q * ser;",
            "        r = ser / (a * 0x1.c5bf891b4ef6bp+0);",
            "    } else {",
            f"        const double t = (a - {_c_const(_ERFC_K)}) / (a + {_c_const(_ERFC_K)});",
            "        double acc = T[0];",
            f"        for (int i = 1; i < {len(_ERFCX_T)}; ++i) acc = acc * t + T[i];",
            f"        r = acc / (1.0 + a / {_c_const(_ERFC_K)});",
            "    }",
            "    if (z <= -0.5) r = 2.0 * exp(z * z) - r;",
            "    return r;",
            "}", ""]


def _export_c(k: Kernel, name: str, header: list[str]) -> str:
    cname = "symact_" + name
    check_identifier(cname, "C function name")
    prog = k._builds["float64"].prog
    guard = cname.upper() + "_H"
    lim = k._limits[_F64][0]
    split_fn = f"{cname}_split"
    lines = ["/*"] + [" * " + h for h in header] + [
        " *",
        f" * {cname}(x): double; {cname}_f32(x): float, computed in double and rounded once;",
        f" * {cname}_array / {cname}_array_f32: y[i] = f(x[i]) for i < n.",
        " * C99: cc -O2 -std=c99 -c file.c (link with -lm).  Do not compile with -ffast-math:",
        " * the kernel relies on IEEE rounding (compensated sums, exact splitting).",
        " */",
        "",
        "/* ---- header ---- */",
        f"#ifndef {guard}",
        f"#define {guard}",
        "#include <stddef.h>",
        f"double {cname}(double x);",
        f"float {cname}_f32(float x);",
        f"void {cname}_array(const double *x, double *y, size_t n);",
        f"void {cname}_array_f32(const float *x, float *y, size_t n);",
        f"#endif /* {guard} */",
        "",
        "/* ---- implementation ---- */",
        "#include <math.h>",
        "",
    ]
    if prog.uses("split"):
        lines += [f"static double {split_fn}(double a)", "{",
                  "    /* a rounded to 26 significant bits (Veltkamp): its square is exact */",
                  "    const double c = fmin(fmax(a, -1e150), 1e150);",
                  "    const double s = c * 134217729.0;",
                  "    return s - (s - c);",
                  "}", ""]
    if prog.uses("erfcx"):
        lines += _c_erfcx(cname)
    lines += _c_body(prog, cname, lim, split_fn)
    lines += ["", f"float {cname}_f32(float x)", "{", f"    return (float){cname}((double)x);", "}", "",
              f"void {cname}_array(const double *x, double *y, size_t n)", "{",
              f"    for (size_t i = 0; i < n; ++i) y[i] = {cname}(x[i]);", "}", "",
              f"void {cname}_array_f32(const float *x, float *y, size_t n)", "{",
              f"    for (size_t i = 0; i < n; ++i) y[i] = {cname}_f32(x[i]);", "}", ""]
    return "\n".join(lines)


def _export_array_lib(k: Kernel, name: str, header: list[str], lib: str) -> str:
    """JAX or PyTorch source: one function per dtype program, chosen by the input's dtype."""
    b64 = k._builds["float64"]
    b32 = k._builds["float32"]
    n32 = k._builds["native32"]
    lim = k._limits[_F64][0]
    if lib == "torch":
        imports = ["import torch"]
        fn = {"neg": "torch.neg", "abs": "torch.abs", "sign": "torch.sign", "exp": "torch.exp", "expm1": "torch.expm1", "log": "torch.log",
              "log1p": "torch.log1p", "sqrt": "torch.sqrt", "tanh": "torch.tanh", "atan": "torch.atan", "sin": "torch.sin",
              "cos": "torch.cos", "erf": "torch.erf", "erfc": "torch.erfc", "erfcx": "torch.special.erfcx",
              "recip": "torch.reciprocal"}
        where, isfinite, lib_name = "torch.where", "torch.isfinite", "torch"
    else:
        imports = ["import jax", "import jax.numpy as jnp"]
        fn = {"neg": "jnp.negative", "abs": "jnp.abs", "sign": "jnp.sign", "exp": "jnp.exp", "expm1": "jnp.expm1", "log": "jnp.log",
              "log1p": "jnp.log1p", "sqrt": "jnp.sqrt", "tanh": "jnp.tanh", "atan": "jnp.arctan", "sin": "jnp.sin",
              "cos": "jnp.cos", "erf": "jax.scipy.special.erf", "erfc": "jax.scipy.special.erfc", "recip": "jnp.reciprocal",
              "erfcx": "_erfcx"}
        where, isfinite, lib_name = "jnp.where", "jnp.isfinite", "jnp"
        if any(p.uses("erf") or p.uses("erfc") or p.uses("erfcx") for p in (b64.prog, n32.prog)):
            imports.append("import jax.scipy.special")
        if any(p.uses("erfcx") for p in (b64.prog, n32.prog)):
            # JAX has no erfcx: exp(z^2) erfc(z) where that is finite, the asymptotic series beyond
            imports += ["", "", "def _erfcx(z):",
                        "    q = 1.0 / (2.0 * z * z)",
                        "    ser = 1.0 - q * (1.0 - 3.0 * q * (1.0 - 5.0 * q * (1.0 - 7.0 * q * (1.0 - 9.0 * q * (1.0 - 11.0 * q)))))",
                        "    far = ser / (z * 1.7724538509055160)",
                        "    near = jnp.exp(jnp.minimum(z * z, 700.0)) * jax.scipy.special.erfc(z)",
                        "    return jnp.where(z > 26.0, far, near)"]

    def body(prog: Program, fname: str, dt: np.dtype, guard: bool) -> list[str]:
        big, fac = _split_constants(dt)

        def ref(a: Arg) -> str:
            if isinstance(a, Const):
                return _pyf(a.as_float())
            return "x" if a == 0 else f"v{a}"

        out = [f"def {fname}(x):"]
        for i, (name, args) in enumerate(prog.ops):
            a = [ref(v) for v in args]
            consts = [isinstance(v, Const) for v in args]
            if name in _C_BINOP:
                e = f"{a[0]} {_C_BINOP[name]} {a[1]}"
            elif name in ("ge", "gt"):
                cmp = f"({a[0]} {'>=' if name == 'ge' else '>'} {a[1]})"
                e = f"{cmp}.to(x.dtype)" if lib == "torch" else f"{cmp}.astype(x.dtype)"
            elif name == "sel":
                e = f"{where}({a[0]} != 0, {a[1]}, {a[2]})"
            elif name in ("max", "min"):
                if lib == "torch" and any(consts):
                    t, c = (a[1], a[0]) if consts[0] else (a[0], a[1])
                    e = f"torch.clamp({t}, {'min' if name == 'max' else 'max'}={c})"
                else:
                    e = f"{lib_name}.{'maximum' if name == 'max' else 'minimum'}({a[0]}, {a[1]})"
            elif name == "hypot":
                if lib == "torch":
                    bb = f"torch.full_like({a[0]}, {a[1]})" if consts[1] else a[1]
                    e = f"torch.hypot({a[0]}, {bb})"
                else:
                    e = f"jnp.hypot({a[0]}, {a[1]})"
            elif name == "pow":
                e = f"{lib_name}.pow({a[0]}, {a[1]})" if lib == "torch" else f"jnp.power({a[0]}, {a[1]})"
            elif name == "split":
                clamp = f"torch.clamp({a[0]}, min={-float(big)!r}, max={float(big)!r})" if lib == "torch" else f"jnp.clip({a[0]}, {-float(big)!r}, {float(big)!r})"
                out.append(f"    c{i + 1} = {clamp} * {float(fac)!r}")
                e = f"c{i + 1} - (c{i + 1} - {clamp})"
            elif name == "copy":
                e = a[0]
            else:
                e = f"{fn[name]}({a[0]})"
            out.append(f"    v{i + 1} = {e}")
        r = ref(prog.outputs[0])
        if r == "x" or prog.outputs[0].__class__ is Const:
            r = f"x * 0 + {r}" if r != "x" else "x"
        if guard or True:
            out.append(f"    special = {where}(x > 0, {_pyf(lim[1])}, {where}(x < 0, {_pyf(lim[0])}, x))")
            out.append(f"    return {where}({isfinite}(x), {r}, special)")
        return out

    lines = ['"""' + "\n".join(header), "", f"{lib} version: {name}(x) on arrays of float32 or float64.", '"""', ""] + imports + [""]
    lines += [""] + body(b64.prog, "_body64", _F64, b64.guard)
    lines += [""] + body(n32.prog, "_body32", _F32, n32.guard)
    promote = b32.compute == _F64
    lines += ["", "", f"def {name}(x):"]
    if lib == "torch":
        lines += ["    x = torch.as_tensor(x)",
                  "    if not torch.is_floating_point(x):",
                  "        x = x.to(torch.float64)",
                  "    if x.dtype == torch.float64:",
                  "        return _body64(x)",
                  f"    if x.dtype == torch.float32 and not {promote}:",
                  "        return _body32(x)",
                  "    return _body64(x.to(torch.float64)).to(x.dtype)"]
    else:
        lines += ["    x = jnp.asarray(x)",
                  "    if not jnp.issubdtype(x.dtype, jnp.floating):",
                  "        x = x.astype(jnp.result_type(float))",
                  "    if x.dtype == jnp.float64:",
                  "        return _body64(x)",
                  f"    if {promote} and jax.config.jax_enable_x64:",
                  "        return _body64(x.astype(jnp.float64)).astype(x.dtype)",
                  "    return _body32(x.astype(jnp.float32)).astype(x.dtype)"]
    return _shield("\n".join(lines) + "\n", {"torch": "_torch"} if lib == "torch" else {"jnp": "_jnp", "jax": "_jax"}, name)
