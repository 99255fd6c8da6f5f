"""The one table of the functions symact computes with, and how each evaluator spells them.

A row per SymPy function an activation may be made of: its name in mpmath (the ground truth,
:func:`symact.numeric.compile_mp`), in python-flint's ``arb`` (the balls every decision rests
on, :func:`symact.rigorous.ball`, and through it the certified decimals of
:func:`symact.render.decimal_text`), in numpy (the literal evaluation,
:func:`symact.numeric.compile_numpy`), and whether :mod:`symact.intervals` has a rigorous
interval extension for it.  Those modules build their dispatch tables from this one, so a
function is added as one row here plus, where an evaluator needs more than the library's
function, its code in that evaluator:

- ``numeric.py`` wraps some mpmath functions (``_GUARDS``: a refusal or the limit for huge
  arguments) and replaces a few (``_OWN``: ``exp``, ``erfc``);
- ``rigorous.py`` has its own code (``_OWN``) for the functions whose ``arb`` column is empty
  but that it evaluates (``acot``, ``polygamma``, ``LambertW``, ``Abs``, ``sign``, ...);
- ``intervals.py`` has the code of every function marked ``interval`` (``_EXTENSIONS``).

``""`` means the evaluator has no library function of that name for it: it either has its own
code (listed above) or refuses the function (a :class:`~symact.numeric.NumericError`,
:class:`~symact.rigorous.Unsupported`, :class:`~symact.intervals.DomainError`), never a float.
``tests/test_registry.py`` checks that every row's names exist in their libraries and that
each evaluator's own code is for rows of this table.

The kernels' *operations* (``add``, ``sel``, ``split``, ... with their C, JAX and PyTorch
spellings and costs) are :mod:`symact.kernels.primitives`; its rows that are functions agree
with this table on their mpmath names (tested there too).  The LaTeX reader's names
(``\\arcsin``, ``\\operatorname{arsinh}``, ``\\Phi``) are LaTeX vocabulary, in
:mod:`symact.parse.vocabulary`; every function it produces is a row here (tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.codegen.cfunctions import exp2, expm1, log1p, log2, log10

__all__ = ["Function", "FUNCTIONS", "BY_SYMPY", "with_column"]


@dataclass(frozen=True)
class Function:
    """One function: the SymPy class and its spellings (``""``: none of that name)."""

    sympy: Any  # the SymPy function class
    mpmath: str = ""  # mpmath function (numeric.compile_mp)
    arb: str = ""  # python-flint arb method (rigorous.ball)
    numpy: str = ""  # numpy ufunc (numeric.compile_numpy)
    interval: bool = False  # symact.intervals has a rigorous extension

    @property
    def name(self) -> str:
        return str(self.sympy.__name__)


F = Function
#: THE table (SymPy's names, in SymPy's groups).
FUNCTIONS: tuple[Function, ...] = (
    # exponential and logarithm
    F(sp.exp, "exp", "exp", "exp", True),
    F(sp.log, "log", "log", "log", True),
    F(sp.LambertW, "lambertw", "", "", True),
    F(expm1, "", "expm1", "", True),
    F(log1p, "", "log1p", "", True),
    F(exp2),
    F(log2),
    F(log10),
    # trigonometric
    F(sp.sin, "sin", "sin", "sin", True),
    F(sp.cos, "cos", "cos", "cos", True),
    F(sp.tan, "tan", "tan", "tan", True),
    F(sp.cot, "cot", "cot"),
    F(sp.sec, "sec", "sec", "", True),
    F(sp.csc, "csc", "csc", "", True),
    F(sp.asin, "asin", "asin", "arcsin", True),
    F(sp.acos, "acos", "acos", "arccos", True),
    F(sp.atan, "atan", "atan", "arctan", True),
    F(sp.acot, "acot"),
    # hyperbolic
    F(sp.sinh, "sinh", "sinh", "sinh", True),
    F(sp.cosh, "cosh", "cosh", "cosh", True),
    F(sp.tanh, "tanh", "tanh", "tanh", True),
    F(sp.sech, "sech", "sech", "", True),
    F(sp.csch, "csch", "csch", "", True),
    F(sp.coth, "coth", "coth", "", True),
    F(sp.asinh, "asinh", "asinh", "arcsinh", True),
    F(sp.acosh, "acosh", "acosh", "arccosh", True),
    F(sp.atanh, "atanh", "atanh", "arctanh", True),
    # error functions
    F(sp.erf, "erf", "erf", "", True),
    F(sp.erfc, "erfc", "erfc", "", True),
    F(sp.erfi, "", "erfi", "", True),
    F(sp.erfinv, "erfinv", "erfinv", "", True),
    F(sp.erfcinv, "", "erfcinv", "", True),
    # gamma and zeta
    F(sp.gamma, "gamma", "gamma", "", True),
    F(sp.loggamma, "", "lgamma", "", True),
    F(sp.digamma, "", "digamma", "", True),
    F(sp.polygamma),
    F(sp.zeta, "", "zeta"),
    # pieces
    F(sp.Abs, "fabs", "", "abs", True),
    F(sp.sign, "sign", "", "sign"),
    F(sp.Heaviside),
)
del F

BY_SYMPY: dict[Any, Function] = {f.sympy: f for f in FUNCTIONS}


def with_column(column: str) -> dict[Any, str]:
    """SymPy function -> its name in ``column`` (``"mpmath"``, ``"arb"``, ``"numpy"``), for
    the rows that have one."""
    return {f.sympy: getattr(f, column) for f in FUNCTIONS if getattr(f, column)}
