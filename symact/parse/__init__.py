r"""LaTeX as people write it (papers, lectures, textbooks) -> SymPy objects and claims.

Only :mod:`symact.parse.backend` imports latex2sympy2 (the maintained fork
latex2sympy2-extended, 1.11; the same grammar as latex2sympy2 1.9.1).  latex2sympy2 is good at one
thing, the arithmetic grammar of LaTeX (precedence of ``+ - \cdot \times / \frac ^ \sqrt``,
unary minus, implicit multiplication, grouping); it is unreliable at everything else
(measured, see the project's reliability notes: ``=`` is an assignment with global state,
primes are dropped, ``\log`` is base 10, ``\operatorname`` fails, ``cases`` and ``array``
are unsupported, a trailing ``}`` and ``x_1_2`` are accepted silently, ``f(x+1)`` is a
product, bare ``Exception``/``RecursionError`` on failure, hangs on large input).  So
symact puts a layer of its own around it:

1. **Limits first** (before any parsing): at most :data:`MAX_LENGTH` characters, ASCII
   (plus a few mapped symbols such as U+2212 minus, ``≤``, ``σ``), no control characters,
   no ``^^`` escapes, brace nesting at most :data:`MAX_DEPTH`, numbers at most
   :data:`MAX_NUMBER_DIGITS` digits.  Every control sequence is checked against a whitelist;
   TeX primitives that read files, run programs or define macros (``\input``, ``\write18``,
   ``\catcode``, ``\def``, ...) are refused by name.  Braces, ``\left``/``\right`` and
   ``\begin``/``\end`` must balance.
2. **Our own tokenizer and structure parser** (every token keeps its offset in the input,
   so every error names a position): relations are split here (``=``, ``<``, ``\le``,
   ``\ge``, ``>``, ``\ne``, ``\in``, ``\approx``), never given to latex2sympy2; function
   applications (``f(x)``, ``\sigma(x)``, ``\operatorname{softplus}(x)``, ``\mathrm{GELU}``,
   ``\text{ReLU}``, ``\tanh``, ``\exp``, ``\ln``, ``\log``, ``\max``, ``\Phi``, ...),
   derivatives (``f'``, ``f''``, ``f^{(k)}``, ``f^{\prime}``, ``(\ldots)'``, ``\frac{d}{dx}``,
   ``\frac{\partial S}{\partial a_i}``), ``|x|``, ``cases`` and ``\left\{\begin{array}
   ...\right.``, intervals (``\in (0, \frac{1}{4}]``, open and closed ends, even the
   interleaved ``\left( 0, \left. \frac14 \right] \right.``), numbers (``{\rm{9}}.0{\rm{94}}``
   is 9.094) and products with ``\cdots`` over indexed layers are all read here.
3. **latex2sympy2 parses only a skeleton**: the arithmetic around those constructs, with
   each construct replaced by a placeholder symbol.  Its result is checked node by node
   (only ``Add``, ``Mul``, ``Pow``, ``Abs``, integers and placeholders may come back) and
   rebuilt with our objects; powers of numbers are size-checked before SymPy evaluates
   them (``10^{10^{10}}`` is refused, not computed).
4. **Time**: the whole parse runs under :func:`symact.budget.run` (:data:`PARSE_SECONDS`);
   a timeout, a ``RecursionError`` or any failure inside latex2sympy2 becomes a
   :class:`~symact.errors.ParseError` with a position.  Nothing else escapes.

Nothing here ever calls ``eval``, ``exec``, ``sympify`` or ``parse_expr`` on the input:
numbers are built as ``Rational(int, 10**k)`` from regex-checked digits, names are
whitelisted, and latex2sympy2 sees only our skeleton of placeholders and operators.

Conventions (documented, tested):

* ``\sin^{-1}``, ``\cos^{-1}``, ``\tan^{-1}``, ``\sinh^{-1}``, ``\cosh^{-1}``, ``\tanh^{-1}``
  (and the reciprocal functions') are the **inverse** functions, as papers mean them, like
  ``\arcsin``, ``\arctan``, ``\operatorname{arsinh}``, ``\operatorname{artanh}``; any other
  power is a power (``\sin^{2} x`` is sin(x)^2).
* Numbers are ASCII digits only (``٣`` or a full-width ``３`` is refused, not read as 3).
* ``\log`` is the **natural** logarithm, like ``\ln`` (``\log_{10}``, ``\log_2`` have bases).
* ``e`` is Euler's number, ``\pi`` is pi, ``\infty`` is oo; other letters and Greek
  letters are real symbols; ``x`` is :data:`symact.spec.x`.
* ``\sigma`` is the logistic sigmoid, ``\Phi`` the standard normal CDF
  (1 + erf(t/sqrt 2))/2; ``\operatorname{NAME}``, ``\mathrm{NAME}``, ``\text{NAME}`` name a
  SymPy function (erf, erfc, sgn, ...) or a catalogue activation (by name or alias, case
  and underscores ignored: ``ReLU``, ``LeakyReLU``, ``GELU``, ``softplus``, ``SiLU``, ...).
* ``f`` is the activation a claim is about (``--activation``); ``S`` (the article's name of
  the activation in a network), ``L`` (a loss), ``g`` and ``h`` are function letters when
  applied.  Other letters followed by ``(`` multiply: ``\alpha(e^x - 1)``.
* A function name without an argument (``\sigma' = \sigma(1 - \sigma)``) is read as a
  function of the claim's variable, and the claim then treats ``\sigma(...)`` as a product
  (noted in :attr:`ParsedClaim.notes`).
* ``\sin x``-style arguments without parentheses extend to the next top-level ``+``, ``-``,
  ``\cdot``, ``\times``, ``/``, relation or comma.
* Implicit multiplication binds tighter than ``/`` (latex2sympy2's rule): ``a/bc = a/(bc)``.
* A decimal such as ``0.015625`` is exact (1/64); a term that is a decimal literal is also
  remembered as written (:class:`DecimalLiteral`) so that the verifier can report a
  rounded or truncated value as ``approximate`` instead of false.  ``1e-8`` and
  ``1.5e-3`` (digits, ``e``, exponent, no spaces) are scientific notation, like
  ``1.5 \times 10^{-3}``; write ``2e - 1`` with spaces for 2e - 1.
* A claim may end with a condition on its variable: ``, x > 0``, ``\text{for } x \ne 0``,
  ``\quad (x \neq 0)``, ``\forall x \in \mathbb{R}`` (:attr:`ParsedClaim.domain`).
* ``\frac{d}{dx}`` applies to everything after it up to the next top-level ``+``, ``-`` or
  relation.  ``\frac{\partial S}{\partial a_3}``: a function name alone in the numerator is
  kept as a zero-argument application ``S()`` ("S as a function of whatever it depends
  on"), for the verifier's layer model.

The package's modules, in the order a text goes through them: :mod:`.lexer` (limits,
tokens), :mod:`.navigation` (matching brackets, top-level search), :mod:`.expressions`
(arithmetic through :mod:`.backend`'s skeleton, applications, calculus notation),
:mod:`.claims` (cases, conditions, sets, chains); :mod:`.vocabulary` says what names mean.
Activations are named by the caller (:class:`Activations`); this package never looks them
up in the catalogue, except that the entry points below default to the catalogue's records.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, cast

import sympy as sp

from .. import budget
from ..errors import ParseError
from .backend import LATEX_BACKEND, DependencyError
from .claims import DecimalLiteral, ParsedClaim, Term, read_claim, read_expression
from .lexer import FORBIDDEN_COMMANDS, MAX_DEPTH, MAX_LENGTH, PARSE_SECONDS, RELATIONS
from .vocabulary import Activations, function_name

__all__ = [
    "parse_expression",
    "parse_claim",
    "ParsedClaim",
    "Term",
    "DecimalLiteral",
    "function_name",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "PARSE_SECONDS",
    "DependencyError",
    "LATEX_BACKEND",
    "Activations",
    "FORBIDDEN_COMMANDS",
    "RELATIONS",
]


def _within_budget(fn: Callable[[], Any], text: Any) -> Any:
    """Run a parse under the time budget; only ParseError escapes (and DependencyError,
    an installation problem that the command line reports as an internal error)."""
    try:
        return budget.run(fn, seconds=PARSE_SECONDS, what="parsing LaTeX")
    except (ParseError, ImportError):  # ImportError (DependencyError too): an installation problem
        raise
    except budget.Timeout:
        raise ParseError(f"the input is too complex to parse within {PARSE_SECONDS:g} s", str(text)[:MAX_LENGTH], 0) from None
    except RecursionError:
        raise ParseError("the input is nested too deeply", str(text)[:MAX_LENGTH], 0) from None
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - a failure inside a dependency: a parse error, not a crash
        raise ParseError(f"cannot parse this input ({type(exc).__name__})", str(text)[:MAX_LENGTH], 0) from None


def _known(activations: Activations | Iterable[Any] | None) -> Activations:
    """The caller's activations; None (a caller that names none) means the catalogue's
    records, built-in and registered in this process, at the time of the call."""
    if activations is None:
        from ..catalog import all_activations

        return Activations(all_activations())
    return activations if isinstance(activations, Activations) else Activations(activations)


def parse_expression(text: str, activations: Activations | Iterable[Any] | None = None) -> sp.Expr:
    r"""A LaTeX expression in x as a SymPy expression (for defining activations).

    ``x`` is :data:`symact.spec.x`; other letters and Greek letters are real symbols
    (parameters); ``\sigma``, ``\operatorname{softplus}`` etc. are replaced by the
    expressions of the ``activations`` (an :class:`Activations` or activation records; by
    default the catalogue's, with default parameters), SymPy functions by SymPy's.  A leading
    ``f(x) =`` is allowed.  ``f``, derivatives and relations are refused.

    >>> parse_expression(r'\frac{x}{1+|x|}')
    x/(Abs(x) + 1)
    """
    known = _known(activations)
    return cast("sp.Expr", _within_budget(lambda: read_expression(text, known), text))


def parse_claim(text: str, activations: Activations | Iterable[Any] | None = None) -> ParsedClaim:
    r"""A claim: a chain of terms and relations, e.g.
    ``f'(x) = f(x)(1 - f(x))``, ``0 < \sigma'(x) \le \frac14``, ``f(x) \in (0, 1)``.

    A claim that is one ``array``/``aligned`` environment is read as one chain over its
    rows (a derivation written over several lines).  ``activations``: the activations the
    claim may name (an :class:`Activations` or activation records; by default the
    catalogue's).  See :class:`ParsedClaim`."""
    known = _known(activations)
    return cast("ParsedClaim", _within_budget(lambda: read_claim(text, known), text))
