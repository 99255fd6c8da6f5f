"""The bottom of the house: the two symbols, safe names and exact numbers.

Every other module of symact may import this one, and it imports nothing of symact but
:mod:`symact.errors`.  It holds what the records (:mod:`symact.spec`), the renderers
(:mod:`symact.render`), the code generators (:mod:`symact.kernels`) and the readers of user
input all need and must agree on:

- :data:`x`, the input variable of every activation, and :data:`f`, the activation's own
  value in forms such as sigmoid' = f (1 - f) (real SymPy symbols; every module uses these
  two objects, never a fresh ``Symbol("x")``, whose assumptions could differ);
- :func:`check_identifier` and :func:`check_latex_name`, the gates every name passes before
  it can reach generated source, LaTeX or a file name (whitelists, never escaping);
- :func:`exact_number`, a user's value (``0.5``, ``"1/3"``, ``1e-2``) as an exact SymPy
  number, read by regular expressions and never by ``sympify``.

:mod:`symact.spec` re-exports all of them, so ``from symact.spec import x`` keeps working.
"""

from __future__ import annotations

import keyword
import math
import re
from fractions import Fraction
from typing import Any, cast

import sympy as sp

from .errors import DefinitionError, ParameterError

__all__ = ["x", "f", "ACTIVATION_NAME", "IDENTIFIER", "check_identifier", "check_latex_name", "exact_number"]

#: The input variable of every activation.
x = sp.Symbol("x", real=True)
#: The activation's own value, in forms such as sigmoid' = f (1 - f).
f = sp.Symbol("f", real=True)

#: An activation's name or alias: lower case, at most 40 characters.
ACTIVATION_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")
#: Any other name (parameter, symbol, source key): letters, digits, ``_``, at most 40 characters.
IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}\Z")


def check_identifier(name: str, what: str = "name", pattern: re.Pattern[str] = IDENTIFIER, allow_keyword: bool = False) -> str:
    """Return ``name`` if it is a safe identifier (ASCII letters, digits, ``_``; no dunder,
    no Python keyword); raise :class:`DefinitionError` otherwise.  Every name that can end up
    in generated source, LaTeX or a file name passes through here."""
    if not isinstance(name, str) or not pattern.match(name) or "__" in name or (keyword.iskeyword(name) and not allow_keyword):
        shown = name if isinstance(name, str) else type(name).__name__
        raise DefinitionError(
            f"invalid {what} {shown!r}: use a letter followed by letters, digits or single underscores "
            f"(at most 40 characters{', lower case' if pattern is ACTIVATION_NAME else ''}; no Python keyword)"
        )
    return name


_GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho "
          "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon "
          "Phi Psi Omega").split()
_LATEX_COMMANDS = frozenset(_GREEK + "operatorname mathrm mathit mathsf mathbf mathcal mathtt text textrm textit "
                            "log ln exp sin cos tan sinh cosh tanh arcsin arccos arctan sec csc cot tilde hat bar "
                            "widetilde widehat check breve dot ddot vec".split())
_LATEX_TOKEN = re.compile(r"\\([A-Za-z]+)|\\_|[A-Za-z0-9]|[{}_^' ]")


def check_latex_name(text: str, what: str = "latex_name") -> str:
    """A LaTeX name for an activation (``\\sigma``, ``\\operatorname{ReLU}``,
    ``\\operatorname{swish}_\\beta``), parsed token by token against a whitelist and
    re-emitted from the tokens: letters, digits, ``_ ^ ' { }`` (braces balanced), ``\\_``
    and a fixed set of commands (Greek letters, ``\\operatorname``, ``\\mathrm``, accents,
    ``\\log``, ...).  Anything else (``\\input``, ``\\write18``, ``\\openout``, ``^^5c``,
    ``%``, ``#``, a catcode trick) is refused with :class:`DefinitionError`."""
    if not isinstance(text, str):
        raise DefinitionError(f"{what} must be a string, got {type(text).__name__}")
    if len(text) > 100:
        raise DefinitionError(f"{what} is longer than 100 characters")
    out: list[str] = []
    depth = 0
    pos = 0
    while pos < len(text):
        m = _LATEX_TOKEN.match(text, pos)
        if m is None:
            raise DefinitionError(
                f"{what} {text!r}: character {text[pos]!r} at position {pos} is not allowed (allowed: letters, digits, "
                "_ ^ ' { }, \\_ and commands such as \\sigma, \\operatorname{...}, \\mathrm{...})")
        tok = m.group(0)
        if m.group(1) is not None and m.group(1) not in _LATEX_COMMANDS:
            raise DefinitionError(f"{what} {text!r}: the command \\{m.group(1)} is not allowed (allowed: Greek letters, "
                                  "\\operatorname, \\mathrm, \\mathit, accents such as \\hat, and \\log, \\tanh, ...)")
        if tok == "^" and text.startswith("^^", pos):
            raise DefinitionError(f"{what} {text!r}: '^^' (a TeX character code) is not allowed")
        depth += tok == "{"
        depth -= tok == "}"
        if depth < 0:
            raise DefinitionError(f"{what} {text!r}: unbalanced '}}' at position {pos}")
        out.append(tok)
        pos = m.end()
    if depth:
        raise DefinitionError(f"{what} {text!r}: unbalanced '{{'")
    result = "".join(out).strip()
    if not result:
        raise DefinitionError(f"{what} is empty")
    return result


# ASCII digits only ([0-9], not \d: '\u0661' is a digit to Python's re but not to a reader)
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,4})?\Z")
_FRACTION = re.compile(r"[+-]?[0-9]{1,60}/[0-9]{1,60}\Z")


def exact_number(value: Any, what: str = "value") -> sp.Expr:
    """An exact SymPy number from a user's value: ``0.5``, ``"0.01"``, ``"1/3"``, ``2``, a
    SymPy number or expression free of symbols.  Strings are parsed by a regular expression,
    never by ``sympify``; floats are taken at their shortest decimal repr (0.1 -> 1/10)."""
    if isinstance(value, bool):
        raise ParameterError(f"{what} must be a number, got {value!r}")
    if isinstance(value, int):
        return cast("sp.Expr", sp.Integer(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParameterError(f"{what} must be finite, got {value!r}")
        return cast("sp.Expr", sp.Rational(repr(value)))
    if isinstance(value, Fraction):
        return cast("sp.Expr", sp.Rational(value.numerator, value.denominator))
    if isinstance(value, str):
        text = value.strip()
        if len(text) <= 80 and _DECIMAL.match(text):
            return cast("sp.Expr", sp.Rational(text))
        if _FRACTION.match(text):
            num, den = text.split("/")
            if int(den) == 0:
                raise ParameterError(f"{what} {value!r} divides by zero")
            return cast("sp.Expr", sp.Rational(int(num), int(den)))
        raise ParameterError(f"{what} must be a number such as 0.5, 1e-2 or 1/3, got {value!r}")
    if isinstance(value, sp.Basic):
        if value.free_symbols:
            raise ParameterError(f"{what} must not contain symbols, got {value}")
        if value.is_real is False or value.is_finite is False:
            raise ParameterError(f"{what} must be a finite real number, got {value}")
        return value  # type: ignore[return-value]
    raise ParameterError(f"{what} must be a number, got {type(value).__name__}")
