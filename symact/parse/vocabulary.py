r"""What names mean to the reader: SymPy's functions (``\exp``, ``\log`` natural,
``\sin^{-1}`` the inverse), function letters, and the activations the caller names.

The reader never looks activations up in the catalogue itself: the caller passes an
:class:`Activations` (``symact.parse`` defaults to the catalogue's records at the call).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, cast

import sympy as sp


def normal_cdf(t: sp.Expr) -> sp.Expr:
    """The standard normal CDF, ``\\Phi``."""
    return cast("sp.Expr", (1 + sp.erf(t / sp.sqrt(2))) / 2)


def log_in_base(base: sp.Expr) -> Callable[[sp.Expr], sp.Expr]:
    """``\\log_{b}`` as a function."""
    return lambda t: sp.log(t) / sp.log(base)


#: Functions that map to SymPy: name -> (callable, number of arguments; 0 = one or more).
BUILTIN_FUNCTIONS: dict[str, tuple[Callable[..., sp.Expr], int]] = {
    "exp": (sp.exp, 1), "ln": (sp.log, 1), "log": (sp.log, 1),
    "sin": (sp.sin, 1), "cos": (sp.cos, 1), "tan": (sp.tan, 1), "cot": (sp.cot, 1),
    "sec": (sp.sec, 1), "csc": (sp.csc, 1),
    "sinh": (sp.sinh, 1), "cosh": (sp.cosh, 1), "tanh": (sp.tanh, 1), "coth": (sp.coth, 1),
    "sech": (sp.sech, 1), "csch": (sp.csch, 1),
    "arcsin": (sp.asin, 1), "arccos": (sp.acos, 1), "arctan": (sp.atan, 1), "atan": (sp.atan, 1),
    "arsinh": (sp.asinh, 1), "arcsinh": (sp.asinh, 1), "asinh": (sp.asinh, 1),
    "artanh": (sp.atanh, 1), "arctanh": (sp.atanh, 1), "atanh": (sp.atanh, 1),
    "arcosh": (sp.acosh, 1), "arccosh": (sp.acosh, 1), "acosh": (sp.acosh, 1),
    "asin": (sp.asin, 1), "acos": (sp.acos, 1),
    "arccot": (sp.acot, 1), "arcsec": (sp.asec, 1), "arccsc": (sp.acsc, 1),
    "arcoth": (sp.acoth, 1), "arccoth": (sp.acoth, 1), "arsech": (sp.asech, 1), "arcsech": (sp.asech, 1),
    "arcsch": (sp.acsch, 1), "arccsch": (sp.acsch, 1),
    "erf": (sp.erf, 1), "erfc": (sp.erfc, 1),
    "sgn": (sp.sign, 1), "sign": (sp.sign, 1), "abs": (sp.Abs, 1),
    "max": (sp.Max, 0), "min": (sp.Min, 0),
    "Phi": (normal_cdf, 1),
}
#: ``\sin^{-1}`` is the inverse function, as papers and calculators mean it (not 1/sin):
#: name -> the name of its inverse in :data:`BUILTIN_FUNCTIONS`.  Other powers are powers:
#: ``\sin^{2} x`` is sin(x)^2, ``\sin^{-2} x`` is 1/sin(x)^2.
INVERSE_BY_MINUS_ONE = {
    "sin": "arcsin", "cos": "arccos", "tan": "arctan", "cot": "arccot", "sec": "arcsec", "csc": "arccsc",
    "sinh": "arsinh", "cosh": "arcosh", "tanh": "artanh", "coth": "arcoth", "sech": "arsech", "csch": "arcsch",
}
#: Letters that are functions when applied (``f(x)``, ``S(...)``, ``L``).
FUNCTION_LETTERS = {"f", "g", "h", "S", "L"}


def function_name(fn: sp.Basic) -> str | None:
    """The name of an undefined function application made by this parser (``sigmoid``,
    ``f``, ``S``), or None."""
    if isinstance(fn, sp.core.function.AppliedUndef):
        return type(fn).__name__
    return None


@functools.lru_cache(maxsize=None)
def undefined_function(name: str) -> Any:
    """The real undefined SymPy function called ``name`` (one object per name)."""
    return sp.Function(name, real=True)


@dataclass
class FunctionInfo:
    """What a name token means as a function."""

    kind: str  # 'builtin' | 'catalog' | 'letter'
    name: str  # builtin key, catalogue name or letter
    display: str
    fn: Callable[..., sp.Expr] | None = None
    arity: int = 1


class Activations:
    r"""The activations a claim or an expression may name, as the caller knows them.

    ``records`` are activation records (anything with ``name``, ``aliases``, ``latex_name``
    and ``expr``: :class:`symact.spec.Activation`), earlier ones first when two share a
    word.  A function word names a record when it is, case, ``-``, ``_`` and spaces
    ignored, the record's name, one of its aliases or the NAME of its
    ``\operatorname{NAME}``; ``\sigma`` names ``sigmoid``."""

    def __init__(self, records: Iterable[Any] = ()) -> None:
        self.records = tuple(records)
        self._by_word: dict[str, str] = {}
        self._expr: dict[str, sp.Expr] = {}
        for act in self.records:
            self._expr.setdefault(act.name, act.expr)
            words = [act.name, *act.aliases]
            m = re.fullmatch(r"\\operatorname\{([A-Za-z0-9\\_]+)\}", act.latex_name or "")
            if m:
                words.append(m.group(1).replace("\\_", "_"))
            for w in words:
                for k in (w.lower(), w.lower().replace("_", "")):
                    self._by_word.setdefault(k, act.name)

    def name_of(self, word: str) -> str | None:
        """The record's name for a function word (``LeakyReLU`` -> ``leaky_relu``), or None."""
        key = word.lower().replace("-", "_").replace(" ", "_")
        for k in (key, key.replace("_", "")):
            if k in self._by_word:
                return self._by_word[k]
        return None

    def expression(self, name: str) -> sp.Expr:
        """The expression in x of the record called ``name`` (a name :meth:`name_of` gave)."""
        return self._expr[name]
