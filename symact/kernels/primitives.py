"""The one table of primitive operations of the kernels' programs.

Each row names one operation of a :class:`~symact.kernels.ir.Program` and how every stage spells
it: the SymPy function it lowers from, mpmath (its function; where the SymPy function is a row
of :data:`symact.primitives.FUNCTIONS`, the table the ground truth
:func:`symact.numeric.compile_mp` reads, the row's name, as ``tests/test_registry.py`` checks),
numpy (the runtime and the Python export), symact's interval arithmetic (:mod:`symact.intervals`, for reference: the
prover's enclosures), C99, JAX and PyTorch, and its cost in the static cost model.  The lowering,
the runtime, the plan cache's IR parser and the exporters all read their names from here, so an
operation is added in one place.

Cost model (per element, float64, numpy 2.x with AVX-512 on this project's machine; mul = 1),
measured once on blocks of 16384 elements.  ``""`` means the stage has no direct spelling and
handles the operation itself (an operator in C, symact's own erf/erfc/erfcx in numpy, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import sympy as sp

from .. import rewrite as rw


@dataclass(frozen=True)
class Primitive:
    """One operation: ``name`` in programs, ``arity`` arguments, its spellings and cost."""

    name: str
    arity: int
    cost: float
    sympy: Any = None  # the SymPy (or rewrite-IR) function lowered to this operation
    mpmath: str = ""  # mpmath function of the ground truth
    numpy: str = ""  # numpy ufunc
    interval: str = ""  # symact.intervals operation
    c: str = ""  # C99 function (or operator for the arithmetic rows)
    jax: str = ""
    torch: str = ""


P = Primitive
#: THE table.
PRIMITIVES: tuple[Primitive, ...] = (
    P("add", 2, 1, None, "fadd", "add", "add", "+", "+", "+"),
    P("sub", 2, 1, None, "fsub", "subtract", "sub", "-", "-", "-"),
    P("mul", 2, 1, None, "fmul", "multiply", "mul", "*", "*", "*"),
    P("div", 2, 2, None, "fdiv", "divide", "div", "/", "/", "/"),
    P("neg", 1, 1, None, "fneg", "negative", "neg", "-", "jnp.negative", "torch.neg"),
    P("abs", 1, 1, sp.Abs, "fabs", "absolute", "abs", "fabs", "jnp.abs", "torch.abs"),
    P("sign", 1, 1, sp.sign, "sign", "sign", "sign", "", "jnp.sign", "torch.sign"),
    P("copy", 1, 1, None, "", "copyto", "", "", "", ""),
    P("fill", 0, 1, None, "", "", "", "", "", ""),
    P("max", 2, 2, sp.Max, "max", "maximum", "max", "fmax", "jnp.maximum", "torch.maximum"),
    P("min", 2, 2, sp.Min, "min", "minimum", "min", "fmin", "jnp.minimum", "torch.minimum"),
    P("ge", 2, 2, None, "", "greater_equal", "", ">=", ">=", ">="),
    P("gt", 2, 2, None, "", "greater", "", ">", ">", ">"),
    P("recip", 1, 2, None, "", "", "", "", "jnp.reciprocal", "torch.reciprocal"),
    P("sqrt", 1, 3, sp.sqrt, "sqrt", "sqrt", "sqrt", "sqrt", "jnp.sqrt", "torch.sqrt"),
    P("exp", 1, 4, sp.exp, "exp", "exp", "exp", "exp", "jnp.exp", "torch.exp"),
    P("expm1", 1, 6, rw.expm1, "expm1", "expm1", "exp", "expm1", "jnp.expm1", "torch.expm1"),
    P("log", 1, 5, sp.log, "log", "log", "log", "log", "jnp.log", "torch.log"),
    P("log1p", 1, 6, rw.log1p, "log1p", "log1p", "log", "log1p", "jnp.log1p", "torch.log1p"),
    P("tanh", 1, 8, sp.tanh, "tanh", "tanh", "tanh", "tanh", "jnp.tanh", "torch.tanh"),
    P("atan", 1, 6, sp.atan, "atan", "arctan", "atan", "atan", "jnp.arctan", "torch.atan"),
    P("sin", 1, 50, sp.sin, "sin", "sin", "sin", "sin", "jnp.sin", "torch.sin"),
    P("cos", 1, 50, sp.cos, "cos", "cos", "cos", "cos", "jnp.cos", "torch.cos"),
    P("erf", 1, 70, sp.erf, "erf", "", "erf", "erf", "jax.scipy.special.erf", "torch.erf"),
    P("erfc", 1, 70, sp.erfc, "erfc", "", "erfc", "erfc", "jax.scipy.special.erfc", "torch.erfc"),
    P("erfcx", 1, 45, rw.Erfcx, "", "", "", "", "_erfcx", "torch.special.erfcx"),
    P("hypot", 2, 40, rw.hypot, "hypot", "hypot", "", "hypot", "jnp.hypot", "torch.hypot"),
    P("pow", 2, 15, sp.Pow, "power", "power", "pow", "pow", "jnp.power", "torch.pow"),
    P("sel", 3, 4, None, "", "", "", "", "jnp.where", "torch.where"),
    P("split", 1, 5, rw.Split, "", "", "", "", "", ""),
)
del P

BY_NAME: dict[str, Primitive] = {p.name: p for p in PRIMITIVES}

#: relative cost per element of each primitive (float64; mul = 1)
COST: dict[str, float] = {p.name: p.cost for p in PRIMITIVES}
#: numpy ufunc of each operation the runtime calls directly
NP_UFUNC: dict[str, Callable[..., Any]] = {p.name: getattr(np, p.numpy) for p in PRIMITIVES
                                  if p.numpy and p.name not in ("copy",)}
#: C99: operators and math.h functions
C_BINOP: dict[str, str] = {p.name: p.c for p in PRIMITIVES if p.arity == 2 and p.c in ("+", "-", "*", "/")}
C_FUNCS: dict[str, str] = {p.name: p.c for p in PRIMITIVES if p.c and p.c[0].isalpha()}
#: SymPy function -> operation, for the unary calls the lowering maps one to one
SIMPLE_CALLS: dict[Any, str] = {p.sympy: p.name for p in PRIMITIVES
                                if p.arity == 1 and p.sympy is not None and p.name not in ("abs", "sign", "sqrt", "exp", "split")}


def library_names(lib: str) -> dict[str, str]:
    """Function names of the unary operations in ``lib`` (``"jax"`` or ``"torch"``)."""
    return {p.name: getattr(p, lib) for p in PRIMITIVES if p.arity == 1 and getattr(p, lib)}


#: The node names of the plan cache's IR trees (SymPy and rewrite-IR functions): the
#: primitives' functions plus the structural nodes of the rewrite IR and the functions the
#: lowering writes in primitives.
IR_FUNCS: dict[str, Any] = {
    **{p.sympy.__name__: p.sympy for p in PRIMITIVES if p.sympy is not None and p.sympy not in (sp.sqrt, sp.Pow)},
    "Sel": rw.Sel, "SelPos": rw.SelPos, "Erfc": rw.Erfc, "Fl": rw.Fl, "TwoSumErr": rw.TwoSumErr,
    "TwoProdErr": rw.TwoProdErr, "sinh": sp.sinh, "cosh": sp.cosh, "asinh": sp.asinh, "acosh": sp.acosh,
    "atanh": sp.atanh, "asin": sp.asin, "acos": sp.acos, "tan": sp.tan,
}
