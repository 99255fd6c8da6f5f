r"""LaTeX as people write it (papers, lectures, textbooks) -> SymPy objects and claims.

This is the only module that imports latex2sympy2 (the maintained fork latex2sympy2-extended,
1.11; the same grammar as latex2sympy2 1.9.1).  latex2sympy2 is good at one
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
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable

import sympy as sp

from . import budget
from .definedness import Guard, guards_of_function, guards_of_power, restrict
from .errors import ParseError
from .spec import x as X

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
]

#: Longest input accepted (characters).
MAX_LENGTH = 4096
#: Deepest nesting of braces, brackets and environments.
MAX_DEPTH = 64
#: Longest number literal (digits).
MAX_NUMBER_DIGITS = 100
#: Largest exact number a power of numbers may produce (bits).
MAX_BITS = 20000
#: Highest derivative order written in a claim.
MAX_DERIVATIVE_ORDER = 12
#: Most operands and operators in one flat arithmetic expression (latex2sympy2 needs about
#: 1 ms per token: measured 0.22 s for ``x+x+...`` with 201 tokens).
MAX_SKELETON_TOKENS = 400
#: Wall-clock budget of one parse (seconds).
PARSE_SECONDS = 5.0

# ---------------------------------------------------------------------------------------
# vocabulary
_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma", "tau", "upsilon", "phi",
    "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon",
    "Phi", "Psi", "Omega",
}


def _phi_cdf(t: sp.Expr) -> sp.Expr:
    return (1 + sp.erf(t / sp.sqrt(2))) / 2


def _log_base(base: sp.Expr) -> Callable[[sp.Expr], sp.Expr]:
    return lambda t: sp.log(t) / sp.log(base)


#: Functions that map to SymPy: name -> (callable, number of arguments; 0 = one or more).
_BUILTIN: dict[str, tuple[Callable[..., sp.Expr], int]] = {
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
    "Phi": (_phi_cdf, 1),
}
#: ``\sin^{-1}`` is the inverse function, as papers and calculators mean it (not 1/sin):
#: name -> the name of its inverse in :data:`_BUILTIN`.  Other powers are powers:
#: ``\sin^{2} x`` is sin(x)^2, ``\sin^{-2} x`` is 1/sin(x)^2.
_INVERSE_BY_MINUS_ONE = {
    "sin": "arcsin", "cos": "arccos", "tan": "arctan", "cot": "arccot", "sec": "arcsec", "csc": "arccsc",
    "sinh": "arsinh", "cosh": "arcosh", "tanh": "artanh", "coth": "arcoth", "sech": "arsech", "csch": "arcsch",
}
#: Commands that are functions (``\tanh``); they may take an argument without parentheses.
_FUNC_CMDS = {
    "exp", "ln", "log", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth",
    "arcsin", "arccos", "arctan", "max", "min", "erf", "erfc", "sgn", "arsinh", "arcosh", "artanh",
    "arcsinh", "arccosh", "arctanh", "sech", "csch",
}
#: Letters that are functions when applied (``f(x)``, ``S(...)``, ``L``).
_FUNCTION_LETTERS = {"f", "g", "h", "S", "L"}
_SPACING = {"\\,", "\\;", "\\:", "\\!", "\\ ", "\\>", "\\quad", "\\qquad", "\\displaystyle", "\\textstyle",
            "\\scriptstyle", "\\limits", "\\nolimits", "\\enspace", "\\thinspace", "\\medspace",
            "\\thickspace", "\\negthinspace", "\\mathop"}
_BIG_SPACE = {"\\quad", "\\qquad"}
_SIZES = {"\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr",
          "\\Biggl", "\\Biggr", "\\bigm", "\\Bigm"}
_RELATION_CMDS = {
    "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=", "\\ge": ">=", "\\geq": ">=", "\\geqslant": ">=",
    "\\lt": "<", "\\gt": ">", "\\ne": "!=", "\\neq": "!=", "\\in": "in", "\\approx": "approx",
    "\\equiv": "=", "\\coloneqq": "=", "\\eqqcolon": "=",
}
_TEXT_CMDS = {"\\operatorname", "\\mathrm", "\\text", "\\textrm", "\\mathit", "\\textit", "\\mbox", "\\rm",
              "\\mathsf", "\\textsf", "\\mathbf"}
_OTHER_CMDS = {"\\frac", "\\dfrac", "\\tfrac", "\\sqrt", "\\cdot", "\\times", "\\left", "\\right", "\\prime",
               "\\partial", "\\cdots", "\\ldots", "\\dots", "\\dotsb", "\\dotsm", "\\infty", "\\pi", "\\begin",
               "\\end", "\\\\", "\\{", "\\}", "\\lvert", "\\rvert", "\\vert", "\\|", "\\cup", "\\mathbb",
               "\\div", "\\lbrace", "\\rbrace", "\\forall", "\\mid", "\\colon", "\\vee", "\\lor", "\\wedge",
               "\\land"}
#: TeX primitives and macros that read or write files, run programs or (re)define macros:
#: refused by name with their own message (everything not whitelisted is refused anyway).
FORBIDDEN_COMMANDS = frozenset({
    "input", "include", "includeonly", "InputIfFileExists", "write", "immediate", "openout", "openin",
    "closeout", "closein", "read", "readline", "catcode", "def", "edef", "gdef", "xdef", "let",
    "futurelet", "newcommand", "renewcommand", "providecommand", "DeclareRobustCommand", "csname",
    "endcsname", "expandafter", "noexpand", "usepackage", "RequirePackage", "documentclass", "special",
    "directlua", "luaexec", "latelua", "loop", "repeat", "jobname", "uppercase", "lowercase", "string",
    "detokenize", "scantokens", "everypar", "everymath", "everyjob", "output", "shipout", "message",
    "errmessage", "typeout", "newread", "newwrite", "pdfshellescape", "ShellEscape", "write18",
    "verbatiminput", "lstinputlisting", "openany", "endinput", "afterassignment", "aftergroup",
    "begingroup", "endgroup", "makeatletter", "makeatother", "char", "mathcode", "lccode", "uccode",
    "sfcode", "delcode", "count", "dimen", "skip", "toks", "newtoks", "the", "number", "romannumeral",
    "pdfprimitive", "primitive", "input@path",
})
_UNICODE = {
    "\u2212": ("ch", "-"), "\u2013": ("ch", "-"), "\u2264": ("rel", "<="), "\u2265": ("rel", ">="),
    "\u2260": ("rel", "!="), "\u2208": ("rel", "in"), "\u2248": ("rel", "approx"), "\u00b7": ("cmd", "\\cdot"),
    "\u22c5": ("cmd", "\\cdot"), "\u00d7": ("cmd", "\\times"), "\u221e": ("cmd", "\\infty"),
    "\u03c0": ("cmd", "\\pi"), "\u2032": ("prime", "'"), "\u2202": ("cmd", "\\partial"),
    "\u00a0": ("space", " "),
    "\u03b1": ("greek", "alpha"), "\u03b2": ("greek", "beta"), "\u03b3": ("greek", "gamma"),
    "\u03b4": ("greek", "delta"), "\u03b5": ("greek", "epsilon"), "\u03bb": ("greek", "lambda"),
    "\u03bc": ("greek", "mu"), "\u03c3": ("greek", "sigma"), "\u03c4": ("greek", "tau"),
    "\u03c6": ("greek", "phi"), "\u03a6": ("greek", "Phi"), "\u03b8": ("greek", "theta"),
}
_ENVIRONMENTS = {"cases", "dcases", "array", "aligned", "align", "align*", "split", "gathered", "eqnarray",
                 "eqnarray*", "gather", "gather*", "equation", "equation*"}
_CHAIN_ENVS = {"array", "aligned", "align", "align*", "split", "gathered", "eqnarray", "eqnarray*", "gather",
               "gather*", "equation", "equation*"}
_COND_WORDS = {"if", "for", "when", "where", "whenever", "falls", "für", "si"}
_OTHERWISE = {"otherwise", "else", "sonst", "elsewhere"}

RELATIONS = ("=", "<", "<=", ">", ">=", "!=", "in", "approx")


# ---------------------------------------------------------------------------------------
# results
@dataclass(frozen=True)
class DecimalLiteral:
    """A term that is a decimal number as written (``9.094 \\times 10^{-13}``, ``0.7311``).

    ``value`` is its exact value, ``digits`` the number of significant digits written
    (leading zeros do not count, trailing zeros after the point do: ``1.50`` has 3)."""

    text: str
    value: sp.Rational
    digits: int
    mantissa: str
    exponent: int = 0


@dataclass(frozen=True)
class Term:
    """One term of a claim's chain: an expression, a set (after ``\\in``), or an elided
    step (``\\cdots``).  ``start``/``end`` are offsets in the claim's text."""

    kind: str  # 'expr' | 'set' | 'elided'
    expr: sp.Basic | None
    text: str
    start: int
    end: int
    literal: DecimalLiteral | None = None


@dataclass(frozen=True)
class ParsedClaim:
    r"""A chain ``t0 r1 t1 r2 t2 ...`` of terms and relations (``RELATIONS``).

    Named functions stay unevaluated: ``f``, ``S``, ``L``, ``g``, ``h`` and the catalogue's
    activations are undefined SymPy functions (class name = the catalogue name:
    ``sigmoid(x)``, ``relu(x)``), their derivatives are ``Derivative``/``Subs`` objects;
    the verifier gives them meaning.  ``variable`` is the claim's variable (x unless the
    claim is written in another letter only).  ``notes`` records readings the parser chose
    (function names without arguments, ...).  ``domain`` restricts the claim's variable
    when the claim ends with a condition (``\quad \text{for } x \neq 0``)."""

    text: str
    terms: tuple[Term, ...]
    relations: tuple[str, ...]
    variable: sp.Symbol
    notes: tuple[str, ...] = ()
    #: Where the claim is asserted: the reals, or the set a trailing clause names
    #: (``\text{for } x > 0``, ``, x \ne 0``, ``\forall x \in \mathbb{R}``).
    domain: sp.Set = sp.S.Reals
    domain_text: str = ""

    @property
    def links(self) -> list[tuple[Term, str, Term]]:
        return [(self.terms[i], r, self.terms[i + 1]) for i, r in enumerate(self.relations)]


def function_name(fn: sp.Basic) -> str | None:
    """The name of an undefined function application made by this parser (``sigmoid``,
    ``f``, ``S``), or None."""
    if isinstance(fn, sp.core.function.AppliedUndef):
        return type(fn).__name__
    return None


@functools.lru_cache(maxsize=None)
def _ufunc(name: str) -> Any:
    return sp.Function(name, real=True)


# ---------------------------------------------------------------------------------------
# tokens
@dataclass
class Tok:
    kind: str  # num letter greek func name cmd ch rel prime bar space null lset rset begin end sep amp dots mathbb
    text: str
    start: int
    end: int
    n: int = 0  # prime count; for bars and \left/\right brackets: +1 opening, -1 closing, 0 either
    value: Any = None  # num: the exact value
    big: bool = False  # space: \quad-sized
    exp: int = 0  # num in E-notation (1.5e-3): the power of ten


def _err(message: str, text: str, offset: int | None) -> ParseError:
    return ParseError(message, text, offset)


_DIGITS = frozenset("0123456789")
_NUM = re.compile(r"\d+(?:\.\d+)?|\.\d+", re.ASCII)  # ASCII digits only (\d is Unicode)


def _check_text(text: Any) -> str:
    if not isinstance(text, str):
        raise ParseError(f"expected LaTeX text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise _err(f"input too long: {len(text)} characters (at most {MAX_LENGTH})", text, MAX_LENGTH)
    pos = text.find("^^")
    if pos >= 0:
        raise _err("forbidden TeX character escape '^^'", text, pos)
    for i, ch in enumerate(text):
        if ch in "\t\n\r":
            continue
        if ord(ch) < 32 or ord(ch) == 127 or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 or ch in "\u200e\u200f":
            raise _err(f"control character U+{ord(ch):04X} is not allowed", text, i)
        if ord(ch) > 126 and ch not in _UNICODE:
            raise _err(f"unsupported character {ch!r} (U+{ord(ch):04X}); write it as a LaTeX command", text, i)
    return text


def _lex(text: str) -> list[Tok]:
    out: list[Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\n\r":
            i += 1
            continue
        if c == "\\":
            if i + 1 >= n:
                raise _err("a lone backslash at the end", text, i)
            d = text[i + 1]
            if d.isascii() and d.isalpha():
                j = i + 1
                while j < n and text[j].isascii() and text[j].isalpha():
                    j += 1
                if j < n and text[j] == "@":  # \input@path and friends
                    raise _err(f"forbidden command {text[i:j + 1]}", text, i)
                out.append(Tok("cmd", text[i:j], i, j))
                i = j
            elif d in " \t\n\r":
                out.append(Tok("cmd", "\\ ", i, i + 2))
                i += 2
            else:
                out.append(Tok("cmd", "\\" + d, i, i + 2))
                i += 2
            continue
        if c in _DIGITS or (c == "." and i + 1 < n and text[i + 1] in _DIGITS):
            m = _NUM.match(text, i)
            assert m is not None
            s = m.group(0)
            if len(s.replace(".", "")) > MAX_NUMBER_DIGITS:
                raise _err(f"number with more than {MAX_NUMBER_DIGITS} digits", text, i)
            out.append(Tok("num", s, i, m.end()))
            i = m.end()
            continue
        if c.isascii() and c.isalpha():
            out.append(Tok("letter", c, i, i + 1))
            i += 1
            continue
        if c in "{}()[]^_+-*/=<>,.!&:;'|":
            if c == "'":
                out.append(Tok("prime", "'", i, i + 1, n=1))
            elif c == "|":
                out.append(Tok("bar", "|", i, i + 1, n=0))
            else:
                out.append(Tok("ch", c, i, i + 1))
            i += 1
            continue
        if c == "~":
            out.append(Tok("space", "~", i, i + 1))
            i += 1
            continue
        if c == "$":
            if text[:i].strip("$ \t\n\r") == "" or text[i:].strip("$ \t\n\r") == "":
                i += 1
                continue
            raise _err("'$' inside a formula (give the formula without math delimiters)", text, i)
        if c in _UNICODE:
            kind, t = _UNICODE[c]
            if kind == "cmd":
                out.append(Tok("cmd", t, i, i + 1))
            elif kind == "prime":
                out.append(Tok("prime", t, i, i + 1, n=1))
            else:
                out.append(Tok(kind, t, i, i + 1))
            i += 1
            continue
        if c == "%":
            raise _err("'%' (a TeX comment) is not allowed", text, i)
        if c == "#":
            raise _err("'#' (a TeX macro parameter) is not allowed", text, i)
        raise _err(f"unexpected character {c!r}", text, i)
    return out


# ---------------------------------------------------------------------------------------
# normalisation of the token stream
def _group_text(toks: list[Tok], i: int, text: str) -> tuple[str, int, int]:
    """The raw text of the brace group opening at toks[i] and the index after it."""
    if i >= len(toks) or toks[i].kind != "ch" or toks[i].text != "{":
        pos = toks[i].start if i < len(toks) else len(text)
        raise _err("expected '{' here", text, pos)
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j]
        if t.kind == "ch" and t.text == "{":
            depth += 1
        elif t.kind == "ch" and t.text == "}":
            depth -= 1
            if depth == 0:
                return text[toks[i].end : t.start], j + 1, t.end
    raise _err("unbalanced '{'", text, toks[i].start)


_NAME_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9 ]*(?:(?:\\_|_|-)[A-Za-z0-9 ]+)*\Z")


def _normalise(toks: list[Tok], text: str) -> list[Tok]:
    out: list[Tok] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.kind == "cmd":
            name = t.text
            bare = name[1:]
            if bare in FORBIDDEN_COMMANDS:
                raise _err(f"forbidden command {name} (symact never expands TeX macros or reads files)", text, t.start)
            if name in _SPACING:
                out.append(Tok("space", name, t.start, t.end, big=name in _BIG_SPACE))
                i += 1
                continue
            if name in _SIZES:
                i += 1
                continue
            if name in _RELATION_CMDS:
                out.append(Tok("rel", _RELATION_CMDS[name], t.start, t.end))
                i += 1
                continue
            if bare in _GREEK:
                out.append(Tok("greek", bare, t.start, t.end))
                i += 1
                continue
            if bare in _FUNC_CMDS:
                out.append(Tok("func", bare, t.start, t.end))
                i += 1
                continue
            if name in ("\\dfrac", "\\tfrac"):
                out.append(Tok("cmd", "\\frac", t.start, t.end))
                i += 1
                continue
            if name in ("\\cdots", "\\ldots", "\\dots", "\\dotsb", "\\dotsm"):
                out.append(Tok("dots", name, t.start, t.end))
                i += 1
                continue
            if name in ("\\{", "\\lbrace"):
                out.append(Tok("lset", "{", t.start, t.end))
                i += 1
                continue
            if name in ("\\}", "\\rbrace"):
                out.append(Tok("rset", "}", t.start, t.end))
                i += 1
                continue
            if name == "\\\\":
                out.append(Tok("sep", name, t.start, t.end))
                i += 1
                continue
            if name in ("\\lvert", "\\rvert", "\\vert", "\\|"):
                if name == "\\|":
                    raise _err("norms '\\|' are not supported", text, t.start)
                out.append(Tok("bar", "|", t.start, t.end, n={"\\lvert": 1, "\\rvert": -1}.get(name, 0)))
                i += 1
                continue
            if name == "\\prime":
                out.append(Tok("prime", "'", t.start, t.end, n=1))
                i += 1
                continue
            if name in ("\\left", "\\right"):
                i = _delimiter(toks, i, out, text)
                continue
            if name in ("\\begin", "\\end"):
                env, j, end = _group_text(toks, i + 1, text)
                env = env.strip()
                if env not in _ENVIRONMENTS:
                    raise _err(f"unsupported environment {{{env}}}", text, t.start)
                out.append(Tok("begin" if name == "\\begin" else "end", env, t.start, end))
                i = j
                if name == "\\begin" and env == "array":  # column specification {l}, {cc}, {l|r}
                    spec, j, end = _group_text(toks, i, text)
                    if not re.fullmatch(r"[lcr| ]*", spec):
                        raise _err(f"unsupported array column specification {{{spec}}}", text, toks[i].start)
                    i = j
                continue
            if name == "\\mathbb":
                content, j, end = _group_text(toks, i + 1, text)
                if content.strip() not in ("R",):
                    raise _err(f"unsupported set \\mathbb{{{content.strip()}}} (only \\mathbb{{R}})", text, t.start)
                out.append(Tok("mathbb", "R", t.start, end))
                i = j
                continue
            if name in _TEXT_CMDS:
                i = _text_command(toks, i, out, text)
                continue
            if name in _OTHER_CMDS:
                out.append(t)
                i += 1
                continue
            raise _err(f"unsupported LaTeX command {name}", text, t.start)
        if t.kind == "ch" and t.text == "&":
            out.append(Tok("amp", "&", t.start, t.end))
            i += 1
            continue
        if t.kind == "ch" and t.text in "<>=!:":
            nxt = toks[i + 1] if i + 1 < n else None
            adjacent = nxt is not None and nxt.start == t.end and nxt.kind == "ch" and nxt.text == "="
            if t.text == "!":
                if adjacent:
                    out.append(Tok("rel", "!=", t.start, nxt.end))  # type: ignore[union-attr]
                    i += 2
                    continue
                out.append(t)
                i += 1
                continue
            if t.text == ":":
                if adjacent:
                    out.append(Tok("rel", "=", t.start, nxt.end))  # type: ignore[union-attr]
                    i += 2
                    continue
                raise _err("unexpected ':'", text, t.start)
            if adjacent:
                rel = {"<": "<=", ">": ">=", "=": "="}[t.text]
                out.append(Tok("rel", rel, t.start, nxt.end))  # type: ignore[union-attr]
                i += 2
                continue
            out.append(Tok("rel", t.text, t.start, t.end))
            i += 1
            continue
        if t.kind == "ch" and t.text == ";":
            raise _err("unexpected ';'", text, t.start)
        out.append(t)
        i += 1
    out = _primes(out)
    out = _numbers(out, text)
    return out


def _delimiter(toks: list[Tok], i: int, out: list[Tok], text: str) -> int:
    t = toks[i]
    side = t.text
    if i + 1 >= len(toks):
        raise _err(f"{side} without a delimiter", text, t.start)
    d = toks[i + 1]
    end = d.end
    if d.kind == "ch" and d.text in "()[].":
        if d.text == ".":
            out.append(Tok("null", side + ".", t.start, end))
        else:
            out.append(Tok("ch", d.text, t.start, end, n=1 if side == "\\left" else -1))
        return i + 2
    if d.kind == "bar" or (d.kind == "cmd" and d.text in ("\\lvert", "\\rvert", "\\vert")):
        out.append(Tok("bar", "|", t.start, end, n=1 if side == "\\left" else -1))
        return i + 2
    if d.kind == "cmd" and d.text in ("\\{", "\\lbrace"):
        out.append(Tok("lset", "{", t.start, end, n=1))
        return i + 2
    if d.kind == "cmd" and d.text in ("\\}", "\\rbrace"):
        out.append(Tok("rset", "}", t.start, end, n=1))
        return i + 2
    if d.kind == "ch" and d.text == "<" or d.kind == "cmd" and d.text in ("\\langle", "\\rangle"):
        raise _err("angle brackets are not supported", text, d.start)
    raise _err(f"unsupported delimiter after {side}", text, d.start)


def _text_command(toks: list[Tok], i: int, out: list[Tok], text: str) -> int:
    """``\\operatorname{NAME}``, ``\\mathrm{NAME}``, ``\\text{if}``, ``{\\rm{9}}``, ``{\\rm ReLU}``."""
    t = toks[i]
    if t.text == "\\rm" and (i + 1 >= len(toks) or not (toks[i + 1].kind == "ch" and toks[i + 1].text == "{")):
        # the switch form {\rm ReLU}: the letters (or digits) up to the closing brace
        j = i + 1
        parts = []
        while j < len(toks) and toks[j].kind in ("letter", "num"):
            parts.append(toks[j])
            j += 1
        if not parts:
            return i + 1  # an empty switch: nothing to do
        if all(p.kind == "num" for p in parts):
            out.extend(parts)
            return j
        word = "".join(p.text for p in parts)
        out.append(Tok("name", word, t.start, parts[-1].end))
        return j
    content, j, end = _group_text(toks, i + 1, text)
    content = content.strip()
    if content == "":
        return j
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?|\.[0-9]+", content):
        # the number keeps the whole \rm{..} span, so that adjacency checks see it
        out.append(Tok("num", content, t.start, end))
        return j
    if t.text in ("\\operatorname",) and content.startswith("*"):
        content = content[1:].strip()
    if not _NAME_TEXT.match(content):
        raise _err(f"unsupported content in {t.text}{{...}}: only a name made of letters and digits", text, t.start)
    word = re.sub(r"\s+", " ", content.replace("\\_", "_"))
    out.append(Tok("name", word, t.start, end))
    return j


def _primes(toks: list[Tok]) -> list[Tok]:
    """``^\\prime``, ``^{\\prime\\prime}`` and runs of ``'`` become one prime token with a count."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "ch" and t.text == "^" and i + 1 < len(toks):
            nxt = toks[i + 1]
            if nxt.kind == "prime":
                out.append(Tok("prime", "'", t.start, nxt.end, n=1))
                i += 2
                continue
            if nxt.kind == "ch" and nxt.text == "{":
                j = i + 2
                count = 0
                while j < len(toks) and toks[j].kind == "prime":
                    count += toks[j].n
                    j += 1
                if count and j < len(toks) and toks[j].kind == "ch" and toks[j].text == "}":
                    out.append(Tok("prime", "'", t.start, toks[j].end, n=count))
                    i = j + 1
                    continue
        if t.kind == "prime" and out and out[-1].kind == "prime" and out[-1].end == t.start:
            out[-1] = Tok("prime", "'", out[-1].start, t.end, n=out[-1].n + t.n)
            i += 1
            continue
        out.append(t)
        i += 1
    return out


def _numbers(toks: list[Tok], text: str) -> list[Tok]:
    """Merge the pieces of a number written with redundant groups (``{\\rm{9}}.0{\\rm{94}}``),
    read E-notation (``1.5e-3``) and split the digits after ``\\frac``, ``^``, ``_`` as TeX
    does (``\\frac12``, ``x^23``)."""
    # 1. a decimal written with redundant groups, {\rm{9}}.0{\rm{94}}: a run of adjacent
    #    (no space between) numbers, '.' and {NUM} groups that contains a decimal point
    def is_group(k: int) -> bool:
        return (
            k + 2 < len(toks) and toks[k].kind == "ch" and toks[k].text == "{" and toks[k + 1].kind == "num"
            and toks[k + 2].kind == "ch" and toks[k + 2].text == "}"
        )

    def is_point(k: int) -> bool:
        return toks[k].kind == "ch" and toks[k].text == "."

    out = []
    i = 0
    while i < len(toks):
        run = []
        k = i
        while k < len(toks) and (toks[k].kind == "num" or is_point(k) or is_group(k)):
            if run and toks[k].start != toks[run[-1][1] - 1].end:
                break
            width = 3 if is_group(k) else 1
            run.append((k, k + width))
            k += width
        has_point = any(is_point(a) or (toks[a].kind == "num" and "." in toks[a].text)
                        or (is_group(a) and "." in toks[a + 1].text) for a, _ in run)
        has_group = any(b - a == 3 for a, b in run)
        prev = out[-1] if out else None
        is_argument = prev is not None and (
            (prev.kind == "cmd" and prev.text in ("\\frac", "\\sqrt")) or (prev.kind == "ch" and prev.text in "^_")
        )
        if len(run) > 1 and has_point and has_group and not is_argument:
            for a, b in run:
                if b - a == 3:
                    out.append(Tok("num", toks[a + 1].text, toks[a].start, toks[b - 1].end))
                else:
                    out.append(toks[a])
            i = k
            continue
        out.append(toks[i])
        i += 1
    toks = out
    # 2. merge adjacent digits and one decimal point ("9" "." "094" -> "9.094"); a point
    #    not followed by digits stays punctuation (a full stop: "x < 0.")
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "num" and "." not in t.text:
            j = i + 1
            text_ = t.text
            end = t.end
            while j < len(toks) and toks[j].start == end and toks[j].kind == "num" and "." not in toks[j].text:
                text_ += toks[j].text
                end = toks[j].end
                j += 1
            if (
                j + 1 < len(toks) and toks[j].kind == "ch" and toks[j].text == "." and toks[j].start == end
                and toks[j + 1].kind == "num" and toks[j + 1].start == toks[j].end and "." not in toks[j + 1].text
            ):
                text_ += "." + toks[j + 1].text
                end = toks[j + 1].end
                j += 2
            elif j < len(toks) and toks[j].kind == "num" and toks[j].start == end and toks[j].text.startswith("."):
                text_ += toks[j].text
                end = toks[j].end
                j += 1
            while j < len(toks) and toks[j].start == end and toks[j].kind == "num" and "." not in toks[j].text and "." in text_:
                text_ += toks[j].text
                end = toks[j].end
                j += 1
            out.append(Tok("num", text_, t.start, end))
            i = j
            continue
        out.append(t)
        i += 1
    toks = out
    # 3. E-notation: NUM e [+-] DIGITS, all adjacent, not followed by ^
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "num" and i + 1 < len(toks) and toks[i + 1].kind == "letter" and toks[i + 1].text in "eE" and toks[i + 1].start == t.end:
            j = i + 2
            sign = 1
            if j < len(toks) and toks[j].kind == "ch" and toks[j].text in "+-" and toks[j].start == toks[j - 1].end:
                sign = -1 if toks[j].text == "-" else 1
                j += 1
            if (
                j < len(toks) and toks[j].kind == "num" and "." not in toks[j].text and toks[j].start == toks[j - 1].end
                and not (j + 1 < len(toks) and toks[j + 1].kind == "ch" and toks[j + 1].text == "^")
            ):
                exp = sign * int(toks[j].text)
                if abs(exp) > 4000:
                    raise _err("exponent too large", text, toks[j].start)
                out.append(Tok("num", t.text, t.start, toks[j].end, exp=exp))
                i = j + 1
                continue
        out.append(t)
        i += 1
    toks = out
    # 4. TeX reads one digit as the argument of \frac, ^ and _ without braces
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        out.append(t)
        takes = 2 if (t.kind == "cmd" and t.text == "\\frac") else 1 if (t.kind == "ch" and t.text in "^_") or (t.kind == "cmd" and t.text == "\\sqrt") else 0
        j = i + 1
        for _ in range(takes):
            if j < len(toks) and toks[j].kind == "num" and toks[j].exp == 0 and len(toks[j].text) > 1 and toks[j].text[0] != ".":
                num = toks[j]
                first = Tok("num", num.text[0], num.start, num.start + 1)
                rest_text = num.text[1:]
                rest = Tok("num", rest_text, num.start + 1, num.end)
                if rest_text.startswith("."):
                    raise _err("put a decimal argument in braces", text, num.start)
                toks = toks[:j] + [first, rest] + toks[j + 1 :]
                j += 1
            elif j < len(toks) and toks[j].kind == "ch" and toks[j].text == "{":
                depth = 0
                for k in range(j, len(toks)):
                    if toks[k].kind == "ch" and toks[k].text == "{":
                        depth += 1
                    elif toks[k].kind == "ch" and toks[k].text == "}":
                        depth -= 1
                        if depth == 0:
                            j = k + 1
                            break
                else:
                    break
            else:
                j += 1
        i += 1
    for t in out:
        if t.kind == "num":
            t.value = _number_value(t, text)
    return out


def _number_value(t: Tok, text: str) -> sp.Rational:
    """The exact value of a number token, built from integers (never from the string)."""
    r = _digits_value(t.text)
    return r * sp.Integer(10) ** t.exp if t.exp else r


# ---------------------------------------------------------------------------------------
# latex2sympy2 on a skeleton
class _Skeleton:
    """The arithmetic skeleton handed to latex2sympy2: operators and grouping as written,
    every construct of ours a placeholder ``{v_{k}}``; ``origin`` maps each character back
    to an offset in the input (for error positions)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.origin: list[int] = []
        self.objects: list[sp.Basic] = []
        self.count = 0

    def add(self, s: str, offset: int) -> None:
        self.count += 1
        self.parts.append(s)
        self.origin.extend([offset] * len(s))

    def ph(self, obj: sp.Basic, offset: int) -> None:
        self.objects.append(obj)
        self.add("{v_{%d}}" % len(self.objects), offset)

    @property
    def text(self) -> str:
        return "".join(self.parts)


_PLACEHOLDER = re.compile(r"v_\{?(\d+)\}?\Z")


class DependencyError(ImportError):
    """A dependency of symact cannot be imported: an installation problem, never the
    user's input (the command line reports it as an internal error, exit 4)."""


#: The distribution that provides the arithmetic grammar (see DESIGN.md, "LaTeX backend").
LATEX_BACKEND = "latex2sympy2-extended"


@functools.lru_cache(maxsize=None)
def _latex2sympy2() -> Any:
    """The ``latex2sympy2_extended.latex2sympy2`` module (imported on first use; the only
    import of it in symact).

    A failure to import it (a broken or missing antlr runtime, an unsupported Python) is a
    :class:`DependencyError` that names the package, never a :class:`ParseError`: the
    user's LaTeX is not at fault.  Anything the import prints (antlr runtimes print a
    version warning with ``print``) goes to stderr, never to stdout, which carries only
    results (``--json`` stays parseable)."""
    import warnings

    try:
        with warnings.catch_warnings(), _stdout_to_stderr():
            warnings.simplefilter("ignore", DeprecationWarning)
            from latex2sympy2_extended import latex2sympy2 as module
    except Exception as exc:  # noqa: BLE001 - any import failure is an installation problem
        raise DependencyError(
            f"cannot import the LaTeX parser {LATEX_BACKEND} ({type(exc).__name__}: {exc}); "
            f"reinstall symact's dependencies (pip install --force-reinstall {LATEX_BACKEND} antlr4-python3-runtime)"
        ) from exc
    return module


@functools.lru_cache(maxsize=None)
def _conversion_config() -> Any:
    r"""latex2sympy2-extended's options, set to read the skeleton literally: no mixed
    fractions (``2\frac12`` is 2 * 1/2), symbols keep their case, ``\in`` is not ``=``
    (the skeleton never has relations or sets anyway).  LaTeX normalisation is off
    (``normalization_config=None`` in :func:`_latex2sympy`): it rewrites text with regular
    expressions (units, ``\boxed``, ``\text``), which would move error positions."""
    return _latex2sympy2().ConversionConfig(
        interpret_as_mixed_fractions=False,
        interpret_simple_eq_as_assignment=False,
        interpret_contains_as_eq=False,
        lowercase_symbols=False,
    )


class _stdout_to_stderr:
    """Send what a dependency prints to stderr while it runs (``sys.stdout`` is swapped
    back on exit, also on a budget's ``Timeout``)."""

    def __enter__(self) -> None:
        import sys

        self._saved = sys.stdout
        sys.stdout = sys.stderr

    def __exit__(self, *exc: object) -> None:
        import sys

        sys.stdout = self._saved


@functools.lru_cache(maxsize=512)
def _latex2sympy(skeleton: str) -> Any:
    """latex2sympy2-extended on a skeleton (cached: skeletons repeat; the result holds only
    placeholder symbols).  It keeps no module-level state between calls."""
    module = _latex2sympy2()
    config = _conversion_config()
    with _stdout_to_stderr():
        return module.latex2sympy(skeleton, None, normalization_config=None, conversion_config=config)


def _caret(message: str) -> int | None:
    lines = str(message).split("\n")
    if len(lines) >= 3 and lines[-1].endswith("^") and set(lines[-1][:-1]) <= {"~"}:
        return len(lines[-1]) - 1
    return None


# ---------------------------------------------------------------------------------------
@dataclass
class _FnInfo:
    kind: str  # 'builtin' | 'catalog' | 'letter'
    name: str  # builtin key, catalogue name or letter
    display: str
    fn: Callable[..., sp.Expr] | None = None
    arity: int = 1


class _Parser:
    def __init__(self, text: str, toks: list[Tok], mode: str, var: sp.Symbol, notes: list[str], shorthand: set[str]) -> None:
        self.text = text
        self.toks = toks
        self.mode = mode  # 'claim' | 'expression'
        self.var = var
        self.notes = notes
        self.shorthand = shorthand  # function names written without an argument somewhere
        self.match: dict[int, int] = {}
        self.env_match: dict[int, int] = {}
        #: where the expression as written is defined (symact.definedness): shared with children
        self.guards: list[Guard] = []
        self._match_all()

    # -- helpers -----------------------------------------------------------------------
    def err(self, message: str, i: int | None) -> ParseError:
        if i is None:
            return _err(message, self.text, None)
        if i >= len(self.toks):
            off = self.toks[-1].end if self.toks else 0
        else:
            off = self.toks[i].start
        return _err(message, self.text, off)

    def child(self, toks: list[Tok]) -> "_Parser":
        kid = _Parser(self.text, toks, self.mode, self.var, self.notes, self.shorthand)
        kid.guards = self.guards
        return kid

    def defined_expr(self, lo: int, hi: int) -> sp.Expr:
        """``expr(lo, hi)`` restricted to where the expression as written is defined (the
        guards SymPy's evaluation lost: :func:`symact.definedness.restrict`)."""
        start = len(self.guards)
        e = self.expr(lo, hi)
        found = self.guards[start:]
        del self.guards[start:]
        return restrict(e, found) if isinstance(e, sp.Expr) and found else e

    def _match_all(self) -> None:
        stack: list[int] = []
        env: list[int] = []
        depth = 0
        for i, t in enumerate(self.toks):
            if t.kind == "ch" and t.text == "{":
                stack.append(i)
            elif t.kind == "ch" and t.text == "}":
                if not stack:
                    raise self.err("unbalanced '}'", i)
                self.match[stack.pop()] = i
            elif t.kind == "begin":
                env.append(i)
            elif t.kind == "end":
                if not env:
                    raise self.err(f"\\end{{{t.text}}} without \\begin", i)
                j = env.pop()
                if self.toks[j].text != t.text:
                    raise self.err(f"\\begin{{{self.toks[j].text}}} ended by \\end{{{t.text}}}", i)
                self.env_match[j] = i
            if t.kind == "ch" and t.text in "{([" or t.kind in ("begin", "lset") or (t.kind == "bar" and t.n == 1):
                depth += 1
                if depth > MAX_DEPTH:
                    raise self.err(f"nested deeper than {MAX_DEPTH} levels", i)
            elif t.kind == "ch" and t.text in "})]" or t.kind in ("end", "rset") or (t.kind == "bar" and t.n == -1):
                depth = max(0, depth - 1)
        if stack:
            raise self.err("unbalanced '{' (never closed)", stack[-1])
        if env:
            raise self.err(f"\\begin{{{self.toks[env[-1]].text}}} is never ended", env[-1])

    def trim(self, lo: int, hi: int) -> tuple[int, int]:
        while lo < hi and self.toks[lo].kind in ("space", "null"):
            lo += 1
        while hi > lo and self.toks[hi - 1].kind in ("space", "null"):
            hi -= 1
        return lo, hi

    def strip_braces(self, lo: int, hi: int) -> tuple[int, int]:
        lo, hi = self.trim(lo, hi)
        while lo < hi and self.is_ch(lo, "{") and self.match.get(lo) == hi - 1:
            lo, hi = self.trim(lo + 1, hi - 1)
        return lo, hi

    def is_ch(self, i: int, c: str) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].kind == "ch" and self.toks[i].text == c

    def next_sig(self, i: int, hi: int) -> int:
        while i < hi and self.toks[i].kind in ("space", "null"):
            i += 1
        return i

    def group_end(self, i: int, hi: int) -> int:
        """Index after the group or single token starting at i (a TeX argument)."""
        i = self.next_sig(i, hi)
        if i >= hi:
            raise self.err("missing argument", i)
        if self.is_ch(i, "{"):
            return self.match[i] + 1
        return i + 1

    def match_paren(self, i: int, hi: int) -> int:
        """Index of the bracket closing the '(' or '[' at i (same brace level)."""
        open_c = self.toks[i].text
        close_c = ")" if open_c == "(" else "]"
        depth = 0
        j = i
        while j < hi:
            t = self.toks[j]
            if t.kind == "ch" and t.text == "{":
                j = self.match[j] + 1
                continue
            if t.kind == "begin":
                j = self.env_match[j] + 1
                continue
            if t.kind == "ch" and t.text == open_c:
                depth += 1
            elif t.kind == "ch" and t.text == close_c:
                depth -= 1
                if depth == 0:
                    return j
            j += 1
        raise self.err(f"'{open_c}' is never closed", i)

    def is_operand_end(self, i: int) -> bool:
        """Whether toks[i] ends an operand (so that a following '|' closes an absolute value)."""
        t = self.toks[i]
        if t.kind in ("num", "letter", "greek", "name", "prime", "mathbb"):
            return True
        if t.kind == "ch" and t.text in ")]}":
            return True
        if t.kind == "bar" and t.n != 1:
            return True
        if t.kind == "cmd" and t.text in ("\\infty", "\\pi"):
            return True
        return False

    def match_bar(self, i: int, hi: int) -> int:
        depth = 0
        j = i + 1
        while j < hi:
            t = self.toks[j]
            if t.kind == "ch" and t.text == "{":
                j = self.match[j] + 1
                continue
            if t.kind == "bar":
                prev = j - 1
                while prev > i and self.toks[prev].kind in ("space", "null"):
                    prev -= 1
                opening = t.n == 1 or (t.n == 0 and (prev == i or not self.is_operand_end(prev)))
                if opening:
                    depth += 1
                elif depth == 0:
                    return j
                else:
                    depth -= 1
            j += 1
        raise self.err("'|' is never closed", i)

    def top_level(self, lo: int, hi: int, pred: Callable[[Tok], bool], parens: bool = False) -> list[int]:
        """Indices of tokens matching ``pred`` outside braces and environments (and
        outside brackets and bars when ``parens``)."""
        out = []
        depth = 0
        j = lo
        while j < hi:
            t = self.toks[j]
            if t.kind == "ch" and t.text == "{":
                j = self.match[j] + 1
                continue
            if t.kind == "begin":
                j = self.env_match[j] + 1
                continue
            if parens:
                if t.kind == "ch" and t.text in "([" or t.kind == "lset":
                    depth += 1
                elif t.kind == "ch" and t.text in ")]" or t.kind == "rset":
                    depth -= 1
                elif t.kind == "bar":
                    k = self.match_bar(j, hi)
                    j = k + 1
                    continue
            if depth == 0 and pred(t):
                out.append(j)
            j += 1
        return out

    # -- symbols and names ---------------------------------------------------------------
    def subscript(self, i: int, hi: int) -> tuple[str, int]:
        """The subscript after '_' at i: letters/digits; returns (text, next index)."""
        j = self.next_sig(i + 1, hi)
        if j >= hi:
            raise self.err("a subscript without content", i)
        t = self.toks[j]
        if self.is_ch(j, "{"):
            k = self.match[j]
            parts = []
            for m in range(j + 1, k):
                u = self.toks[m]
                if u.kind in ("space", "null"):
                    continue
                if u.kind == "num" and "." not in u.text and u.value.is_Integer:
                    parts.append(u.text)
                elif u.kind in ("letter", "greek"):
                    parts.append(u.text)
                elif u.kind == "ch" and u.text in "{}":
                    continue
                else:
                    raise self.err("unsupported subscript (use letters and digits, e.g. a_{20})", m)
            if not parts:
                raise self.err("an empty subscript", j)
            return "".join(parts), k + 1
        if t.kind == "num" and "." not in t.text:
            return t.text, j + 1
        if t.kind in ("letter", "greek"):
            return t.text, j + 1
        raise self.err("unsupported subscript (use letters and digits, e.g. a_{20})", j)

    def symbol(self, base: str, sub: str | None, i: int) -> sp.Expr:
        if base in ("e",) and sub is None:
            return sp.E
        name = base if sub is None else f"{base}_{sub}"
        if name == self.var.name:
            return self.var
        if base == "x" and sub is None:
            return X
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)?", name):
            raise self.err(f"unsupported symbol name {name!r}", i)
        return sp.Symbol(name, real=True)

    def fn_info(self, t: Tok, sub: str | None, i: int) -> _FnInfo | None:
        """What the name token at i means as a function, or None for a plain symbol."""
        if t.kind == "func":
            return _FnInfo("builtin", t.text, "\\" + t.text, _BUILTIN[t.text][0], _BUILTIN[t.text][1])
        if t.kind == "greek":
            if sub is not None:
                return None
            if t.text == "sigma":
                return _FnInfo("catalog", _catalog_name("sigmoid") or "sigmoid", "\\sigma")
            if t.text == "Phi":
                return _FnInfo("builtin", "Phi", "\\Phi", _phi_cdf, 1)
            return None
        if t.kind == "letter":
            if sub is None and t.text in _FUNCTION_LETTERS:
                return _FnInfo("letter", t.text, t.text)
            return None
        if t.kind == "name":
            word = t.text
            if len(word) == 1 and word.isalpha():
                return None
            key = word.replace(" ", "")
            if key in _BUILTIN:
                fn, arity = _BUILTIN[key]
                return _FnInfo("builtin", key, f"\\operatorname{{{word}}}", fn, arity)
            if key.lower() in _BUILTIN and key.lower() not in ("phi",):
                fn, arity = _BUILTIN[key.lower()]
                return _FnInfo("builtin", key.lower(), f"\\operatorname{{{word}}}", fn, arity)
            cat = _catalog_name(key)
            if cat is not None:
                return _FnInfo("catalog", cat, f"\\operatorname{{{word}}}")
            raise self.err(f"unknown function {word!r} (not a SymPy function nor an activation in the catalogue)", i)
        return None

    # -- expressions -----------------------------------------------------------------------
    def expr(self, lo: int, hi: int, what: str = "expression") -> sp.Expr:
        lo, hi = self.trim(lo, hi)
        if lo >= hi:
            raise self.err(f"empty {what}", lo)
        if self.top_level(lo, hi, lambda t: t.kind == "dots"):
            return self.dots_product(lo, hi)
        sk = _Skeleton()
        self.emit(lo, hi, sk)
        return self.finish(sk, lo)

    def finish(self, sk: _Skeleton, lo: int) -> sp.Expr:
        s = sk.text
        if len(sk.objects) == 1 and s == "{v_{1}}":
            return sk.objects[0]  # type: ignore[return-value]
        if sk.count > MAX_SKELETON_TOKENS:
            raise self.err(f"expression too long: more than {MAX_SKELETON_TOKENS} terms and operators at one level", lo)
        _latex2sympy2()  # outside the try below: an import failure is not the user's LaTeX
        try:
            raw = _latex2sympy(s)
        except RecursionError:
            raise self.err("too deeply nested", lo) from None
        except (budget.Timeout, KeyboardInterrupt):
            raise
        except ImportError as exc:  # a module the backend imports late: not the user's LaTeX
            raise DependencyError(f"the LaTeX parser {LATEX_BACKEND} failed to import a module ({type(exc).__name__}: {exc}); "
                                  f"reinstall symact's dependencies") from exc
        except Exception as exc:  # noqa: BLE001 - latex2sympy2-extended raises bare Exception
            col = _caret(str(exc))
            off = sk.origin[min(col, len(sk.origin) - 1)] if col is not None and sk.origin else self.toks[lo].start
            first = str(exc).split("\n")[0].strip() or type(exc).__name__
            raise _err(f"cannot read this expression ({first})", self.text, off) from None
        if not isinstance(raw, sp.Expr):
            raise self.err("expected an expression", lo)
        return self.rebuild(raw, sk, lo)

    def rebuild(self, e: sp.Basic, sk: _Skeleton, lo: int) -> sp.Expr:
        if isinstance(e, sp.Symbol):
            m = _PLACEHOLDER.match(e.name)
            if not m or not 1 <= int(m.group(1)) <= len(sk.objects):
                raise self.err(f"unexpected symbol {e.name!r} in the parse", lo)
            return sk.objects[int(m.group(1)) - 1]  # type: ignore[return-value]
        if isinstance(e, sp.Rational):
            return e
        if isinstance(e, (sp.Add, sp.Mul, sp.Pow, sp.Abs)):
            args = [self.rebuild(a, sk, lo) for a in e.args]
            if isinstance(e, sp.Pow):
                self.guards.extend(guards_of_power(args[0], args[1]))
                return self.power(args[0], args[1], lo)
            if isinstance(e, sp.Add):
                return sp.Add(*args)
            if isinstance(e, sp.Mul):
                return sp.Mul(*args)
            return sp.Abs(args[0])
        raise self.err(f"unsupported construct ({type(e).__name__})", lo)

    def power(self, base: sp.Expr, exp: sp.Expr, i: int) -> sp.Expr:
        if isinstance(base, sp.Rational) and isinstance(exp, sp.Rational):
            bits = max(int(base.p).bit_length(), int(base.q).bit_length())
            if exp.is_Integer:
                if bits * abs(int(exp)) > MAX_BITS and bits > 1:
                    raise self.err(f"number too large (a power with more than {MAX_BITS} bits)", i)
            elif bits > 4096 or abs(int(exp.p)) > 10**6 or int(exp.q) > 10**6:
                raise self.err("number too large", i)
        if base is sp.E and isinstance(exp, sp.Integer) and abs(int(exp)) > 10**6:
            raise self.err("exponent too large", i)
        return sp.Pow(base, exp)

    def emit(self, lo: int, hi: int, sk: _Skeleton, has_base: bool = False) -> None:  # noqa: C901 - one dispatch
        """Append the skeleton of toks[lo:hi] to ``sk`` (``has_base``: something was
        emitted just before, so the range may start with a superscript)."""
        i = lo
        while i < hi:
            t = self.toks[i]
            k = t.kind
            if k in ("space", "null"):
                i += 1
                continue
            if k == "num":
                nxt = self.next_sig(i + 1, hi)
                if nxt < hi and self.toks[nxt].kind == "num":
                    raise self.err("two numbers next to each other (a misplaced decimal point or a missing operator)", nxt)
                sk.ph(t.value, t.start)
                i += 1
            elif k in ("letter", "greek", "func", "name"):
                i = self.atom(i, hi, sk)
            elif k == "ch":
                c = t.text
                if c in "{([":
                    j = self.match[i] if c == "{" else self.match_paren(i, hi)
                    if j >= hi:
                        raise self.err(f"unbalanced '{c}'", i)
                    inner = self.expr(i + 1, j, "group" if c == "{" else "brackets")
                    after = self.next_sig(j + 1, hi)
                    if after < hi and self.toks[after].kind == "prime":
                        sk.ph(self.prime_of(inner, after), t.start)
                        i = after + 1
                        continue
                    # every group is parsed on its own: latex2sympy2 never sees nesting
                    sk.ph(inner, t.start)
                    i = j + 1
                elif c in ")]":
                    raise self.err(f"unbalanced '{c}'", i)
                elif c == "}":
                    raise self.err("unbalanced '}'", i)
                elif c in "+-":
                    sk.add(c, t.start)
                    i += 1
                elif c == "*":
                    sk.add(" \\cdot ", t.start)
                    i += 1
                elif c == "/":
                    sk.add("/", t.start)
                    i += 1
                elif c == "^":
                    if self.trim(lo, i)[1] <= lo and not has_base:
                        raise self.err("a superscript without a base", i)
                    i = self.superscript(i, hi, sk)
                elif c == "_":
                    raise self.err("a subscript without a base (or a double subscript)", i)
                elif c == ",":
                    raise self.err("unexpected ',' (commas separate function arguments and interval ends)", i)
                elif c == "!":
                    raise self.err("factorials are not supported", i)
                else:
                    raise self.err(f"unexpected '{c}'", i)
            elif k == "cmd":
                name = t.text
                if name in ("\\cdot", "\\times"):
                    sk.add(" \\cdot ", t.start)
                    i += 1
                elif name == "\\div":
                    sk.add("/", t.start)
                    i += 1
                elif name == "\\frac":
                    i = self.frac(i, hi, sk)
                elif name == "\\sqrt":
                    i = self.sqrt(i, hi, sk)
                elif name == "\\infty":
                    sk.ph(sp.oo, t.start)
                    i += 1
                elif name == "\\pi":
                    sk.ph(sp.pi, t.start)
                    i += 1
                elif name == "\\partial":
                    raise self.err("\\partial is only supported in \\frac{\\partial ...}{\\partial ...}", i)
                else:
                    raise self.err(f"{name} is not supported here", i)
            elif k == "bar":
                if t.n == -1:
                    raise self.err("'|' closes nothing", i)
                j = self.match_bar(i, hi)
                inner = self.expr(i + 1, j)
                sk.ph(sp.Abs(inner), t.start)
                i = j + 1
            elif k == "lset":
                j = self.next_sig(i + 1, hi)
                if j < hi and self.toks[j].kind == "begin":
                    end = self.env_match[j]
                    sk.ph(self.piecewise(j, end), t.start)
                    i = end + 1
                    r = self.next_sig(i, hi)
                    if r < hi and self.toks[r].kind == "null":
                        i = r + 1
                else:
                    raise self.err("set braces \\{ ... \\} are only supported after \\in", i)
            elif k == "begin":
                if t.text not in ("cases", "dcases"):
                    raise self.err(f"\\begin{{{t.text}}} is not supported inside an expression", i)
                end = self.env_match[i]
                sk.ph(self.piecewise(i, end), t.start)
                i = end + 1
            elif k == "prime":
                raise self.err("a prime must follow a function name or a bracket", i)
            elif k == "rel":
                raise self.err(f"unexpected relation '{t.text}' inside an expression", i)
            elif k == "dots":
                raise self.err(f"{t.text} is only supported between indexed factors of a product or as a skipped step", i)
            elif k in ("sep", "amp"):
                raise self.err(f"unexpected '{t.text}' outside an array or cases environment", i)
            elif k == "mathbb":
                raise self.err("\\mathbb{R} is only supported after \\in", i)
            else:
                raise self.err(f"unexpected {t.text!r}", i)

    def superscript(self, i: int, hi: int, sk: _Skeleton) -> int:
        j = self.next_sig(i + 1, hi)
        if j >= hi:
            raise self.err("a superscript without content", i)
        t = self.toks[j]
        sk.add("^{", self.toks[i].start)
        if self.is_ch(j, "{"):
            end = self.match[j]
            sk.ph(self.expr(j + 1, end, "superscript"), t.start)
            nxt = end + 1
        elif t.kind in ("num", "letter", "greek") or (t.kind == "cmd" and t.text in ("\\infty", "\\pi")):
            sk.ph(self.expr(j, j + 1, "superscript"), t.start)
            nxt = j + 1
        else:
            raise self.err("put this superscript in braces, e.g. e^{-x}", j)
        sk.add("}", self.toks[nxt - 1].start)
        following = self.next_sig(nxt, hi)
        if following < hi and self.is_ch(following, "^"):
            raise self.err("double superscript", following)
        return nxt

    def sqrt(self, i: int, hi: int, sk: _Skeleton) -> int:
        t = self.toks[i]
        j = self.next_sig(i + 1, hi)
        sk.add("\\sqrt", t.start)
        if self.is_ch(j, "["):
            k = self.match_paren(j, hi)
            sk.add("[", self.toks[j].start)
            sk.ph(self.expr(j + 1, k), self.toks[j].start)
            sk.add("]", self.toks[k].start)
            j = self.next_sig(k + 1, hi)
        end = self.group_end(j, hi)
        sk.ph(self.arg_expr(j, end), self.toks[j].start)
        return end

    def arg_expr(self, i: int, end: int) -> sp.Expr:
        """The expression of a TeX argument (a group or one token)."""
        if self.is_ch(i, "{"):
            return self.expr(i + 1, end - 1)
        return self.expr(i, end)

    def frac(self, i: int, hi: int, sk: _Skeleton) -> int:
        t = self.toks[i]
        a = self.next_sig(i + 1, hi)
        a_end = self.group_end(a, hi)
        b = self.next_sig(a_end, hi)
        b_end = self.group_end(b, hi)
        if b_end > hi:
            raise self.err("\\frac needs two arguments", i)
        num = self.strip_braces(*(self.group_inner(a, a_end)))
        den = self.strip_braces(*(self.group_inner(b, b_end)))
        dn = self.differential(num[0], num[1], numerator=True)
        dd = self.differential(den[0], den[1], numerator=False)
        if dn is not None and dd is not None:
            return self.leibniz(i, hi, b_end, dn, dd, sk)
        if (dn is not None and dn[0] == "partial") or (dd is not None and dd[0] == "partial"):
            raise self.err("write partial derivatives as \\frac{\\partial F}{\\partial v}", i)
        sk.add("\\frac{", t.start)
        sk.ph(self.arg_expr(a, a_end), self.toks[a].start)
        sk.add("}{", self.toks[b].start)
        sk.ph(self.arg_expr(b, b_end), self.toks[b].start)
        sk.add("}", self.toks[b_end - 1].start)
        return b_end

    def group_inner(self, i: int, end: int) -> tuple[int, int]:
        if self.is_ch(i, "{"):
            return i + 1, end - 1
        return i, end

    def differential(self, lo: int, hi: int, numerator: bool) -> tuple[str, int, int, Any] | None:
        """Recognise ``d``, ``d^2``, ``\\partial``, ``d f`` (numerator) or ``dx``, ``dx^2``,
        ``\\partial a_3`` (denominator).  Returns (kind, order, rest_lo, var_or_None)."""
        if lo >= hi:
            return None
        t = self.toks[lo]
        if t.kind == "letter" and t.text == "d" or t.kind == "name" and t.text == "d":
            kind = "d"
        elif t.kind == "cmd" and t.text == "\\partial":
            kind = "partial"
        else:
            return None
        j = lo + 1
        if numerator:
            order = 1
            if self.is_ch(j, "^"):
                oj = self.next_sig(j + 1, hi)
                o_end = self.group_end(oj, hi)
                order = self.small_int(oj, o_end)
                j = o_end
            if kind == "d" and j < hi and self.toks[j].kind == "ch" and self.toks[j].text not in "{(":
                return None
            return (kind, order, j, None)
        # denominator: d VAR [^k]
        j = self.next_sig(j, hi)
        vlo, vhi = j, j
        if j < hi and self.is_ch(j, "{"):
            vlo, vhi = self.strip_braces(j, self.match[j] + 1)
            j = self.match[j] + 1
        else:
            vlo = j
            if j < hi and self.toks[j].kind in ("letter", "greek"):
                j += 1
                if self.is_ch(j, "_"):
                    _, j = self.subscript(j, hi)
            vhi = j
        if vlo >= vhi or self.toks[vlo].kind not in ("letter", "greek"):
            return None
        base = self.toks[vlo]
        sub = None
        if vhi - vlo > 1:
            if not self.is_ch(vlo + 1, "_"):
                return None
            sub, after = self.subscript(vlo + 1, vhi)
            if after != vhi:
                return None
        var = self.symbol(base.text, sub, vlo)
        if not isinstance(var, sp.Symbol):
            return None
        order = 1
        j = self.next_sig(j, hi)
        if self.is_ch(j, "^"):
            oj = self.next_sig(j + 1, hi)
            o_end = self.group_end(oj, hi)
            order = self.small_int(oj, o_end)
            j = self.next_sig(o_end, hi)
        if j != hi:
            return None
        return (kind, order, j, var)

    def small_int(self, i: int, end: int) -> int:
        lo, hi = self.strip_braces(*self.group_inner(i, end))
        if hi - lo == 1 and self.toks[lo].kind == "num" and self.toks[lo].value.is_Integer:
            k = int(self.toks[lo].value)
            if 1 <= k <= MAX_DERIVATIVE_ORDER:
                return k
            raise self.err(f"derivative order {k} is out of range 1..{MAX_DERIVATIVE_ORDER}", lo)
        raise self.err("expected a derivative order (a small integer)", i)

    def leibniz(self, i: int, hi: int, after: int, dn: tuple, dd: tuple, sk: _Skeleton) -> int:
        if self.mode == "expression":
            raise self.err("derivatives are not allowed in an expression that defines an activation", i)
        kind, order, rest_lo, _ = dn
        _, dorder, _, var = dd
        if order != dorder:
            raise self.err(f"the orders of d^{order} and d{var}^{dorder} differ", i)
        # the numerator after d / \partial
        a = self.next_sig(i + 1, hi)
        a_end = self.group_end(a, hi)
        num_lo, num_hi = self.strip_braces(*self.group_inner(a, a_end))
        rlo, rhi = self.strip_braces(rest_lo, num_hi)
        if rlo < rhi:
            operand = self.operand(rlo, rhi, var)
            end = after
        else:
            # \frac{d}{dx} OPERAND: up to the next top-level + or - or the end
            start = self.next_sig(after, hi)
            stops = self.top_level(start, hi, lambda t: t.kind == "ch" and t.text in "+-" or t.kind == "rel", parens=True)
            stops = [s for s in stops if s > start]
            end = stops[0] if stops else hi
            if start >= end:
                raise self.err("a derivative operator without an operand", i)
            operand = self.operand(start, end, var)
        sk.ph(sp.Derivative(operand, (var, order)), self.toks[i].start)
        return end

    def operand(self, lo: int, hi: int, var: sp.Symbol) -> sp.Expr:
        """The operand of d/dv: a function name alone is F() (layer model) or F(var)."""
        lo, hi = self.strip_braces(lo, hi)
        if hi - lo == 1:
            t = self.toks[lo]
            info = self.fn_info(t, None, lo) if t.kind in ("letter", "greek", "name") else None
            if info is not None:
                return self.apply(info, [var], 0, lo) if var == self.var else _ufunc(info.name)()
        return self.expr(lo, hi)

    def prime_of(self, inner: sp.Expr, i: int) -> sp.Expr:
        if self.mode == "expression":
            raise self.err("derivatives are not allowed in an expression that defines an activation", i)
        k = self.toks[i].n
        if k > MAX_DERIVATIVE_ORDER:
            raise self.err("derivative order too high", i)
        return sp.Derivative(inner, (self.var, k))

    # -- names, applications -----------------------------------------------------------------
    def atom(self, i: int, hi: int, sk: _Skeleton) -> int:
        t = self.toks[i]
        j = i + 1
        sub: str | None = None
        if t.kind in ("letter", "greek", "name") and self.is_ch(j, "_"):
            sub, j = self.subscript(j, hi)
            if self.is_ch(self.next_sig(j, hi), "_"):
                raise self.err("double subscript", self.next_sig(j, hi))
        if t.kind == "name" and len(t.text) == 1 and t.text.isalpha():
            t = Tok("letter", t.text, t.start, t.end)
        if t.kind == "name" and t.text in _COND_WORDS | _OTHERWISE:
            raise self.err(f"unexpected word {t.text!r}", i)
        info = self.fn_info(t, sub, i)
        # derivative marks: primes, ^{(k)}
        order = 0
        while j < hi:
            js = self.next_sig(j, hi)
            if js < hi and self.toks[js].kind == "prime":
                order += self.toks[js].n
                j = js + 1
                continue
            if info is not None and self.is_ch(js, "^"):
                k = self.paren_order(js, hi)
                if k is not None:
                    order += k[0]
                    j = k[1]
                    continue
            break
        if info is None:
            if order:
                raise self.err(f"a prime after the variable {t.text!r} (primes follow function names)", i)
            sk.ph(self.symbol(t.text, sub, i), t.start)
            return j
        if order > MAX_DERIVATIVE_ORDER:
            raise self.err(f"derivative order {order} is above {MAX_DERIVATIVE_ORDER}", i)
        if info.kind == "builtin" and info.name == "log" and sub is None and self.is_ch(j, "_"):
            base_str, j = self.subscript(j, hi)
            info = self.log_with_base(base_str, i)
        elif info.kind == "builtin" and info.name == "log" and sub is not None:
            info = self.log_with_base(sub, i)
        # a power written before the argument: \sin^2 x, \sigma^2(x)
        power = None
        js = self.next_sig(j, hi)
        if self.is_ch(js, "^"):
            pj = self.next_sig(js + 1, hi)
            p_end = self.group_end(pj, hi)
            if self.application_at(p_end, hi) is not None or (info.kind == "builtin" and self.application_at(p_end, hi) is None and info.name in _FUNC_CMDS):
                power = self.arg_expr(pj, p_end)
                j = p_end
                if power == -1 and info.kind == "builtin" and info.name in _INVERSE_BY_MINUS_ONE and not order:
                    inv = _INVERSE_BY_MINUS_ONE[info.name]
                    info = _FnInfo("builtin", inv, info.display + "^{-1}", _BUILTIN[inv][0], 1)
                    power = None
                elif power == -1 and info.kind != "builtin" and not order:
                    # \sigma^{-1}(y): papers mean the inverse function (the logit), a power reading
                    # would mean 1/sigma: refuse rather than guess (inverse activations are not built)
                    raise self.err(f"{info.display}^{{-1}} is ambiguous here: write \\frac{{1}}{{{info.display}(x)}} for the "
                                   "reciprocal (the inverse function of an activation is not supported)", i)
        app = self.application_at(j, hi)
        if app is not None:
            args_lo, args_hi, after, wrap_end = app
            args = self.arguments(args_lo, args_hi, info)
            name_key = info.display if info.kind != "letter" else info.name
            if name_key in self.shorthand:
                # the name is also used without argument: here the bracket multiplies
                obj = self.apply(info, [self.var], order, i)
                if power is not None:
                    obj = self.power(obj, power, i)
                sk.ph(obj, t.start)
                return j
            obj = self.apply(info, args, order, i)
            if power is not None:
                obj = self.power(obj, power, i)
            if wrap_end is not None:  # f{\left( x \right)^2}: the group continues after the argument
                sub = _Skeleton()
                sub.ph(obj, t.start)
                self.emit(after, wrap_end, sub, has_base=True)
                sk.ph(self.finish(sub, i), t.start)
                return wrap_end + 1
            sk.ph(obj, t.start)
            return after
        if info.kind == "builtin" and info.arity == 1:
            # \tanh x: the argument runs to the next top-level + - \cdot \times / relation or comma
            start = self.next_sig(j, hi)
            if start >= hi:
                raise self.err(f"{info.display} without an argument", i)
            s2 = start + 1 if self.is_ch(start, "-") or self.is_ch(start, "+") else start
            stops = self.top_level(
                s2, hi,
                lambda u: (u.kind == "ch" and u.text in "+-/,") or u.kind in ("rel", "amp", "sep")
                or (u.kind == "cmd" and u.text in ("\\cdot", "\\times")) or (u.kind == "space" and u.big),
                parens=True,
            )
            funcs = [m for m in range(s2 + 1, hi) if self.toks[m].kind == "func" and not self.inside_group(s2, m)]
            end = min([s for s in stops if s > s2] + funcs + [hi])
            obj = self.apply(info, [self.expr(start, end)], order, i)
            if power is not None:
                obj = self.power(obj, power, i)
            sk.ph(obj, t.start)
            return end
        # a function name without argument
        if info.kind == "builtin":
            raise self.err(f"{info.display} needs its arguments in parentheses", i)
        if self.mode == "expression":
            if info.kind == "letter":
                raise self.err(f"{t.text!r} as a function is not allowed in an activation's definition; write the formula in x", i)
            raise self.err(f"{info.display} needs an argument", i)
        if info.kind == "letter" and info.name != "f" and order == 0:
            sk.ph(self.symbol(t.text, sub, i), t.start)  # S, L, g, h used as plain letters
            return j
        obj = self.apply(info, [self.var], order, i)
        if power is not None:
            obj = self.power(obj, power, i)
        sk.ph(obj, t.start)
        return j

    def inside_group(self, lo: int, m: int) -> bool:
        depth = 0
        for k in range(lo, m):
            t = self.toks[k]
            if t.kind == "ch" and t.text in "{([":
                depth += 1
            elif t.kind == "ch" and t.text in "})]":
                depth -= 1
        return depth > 0

    def log_with_base(self, base_str: str, i: int) -> _FnInfo:
        if base_str == "e":
            return _FnInfo("builtin", "ln", "\\ln", sp.log, 1)
        if not base_str or any(c not in _DIGITS for c in base_str) or int(base_str) < 2:
            raise self.err(f"unsupported logarithm base {base_str!r}", i)
        b = sp.Integer(int(base_str))
        return _FnInfo("builtin", f"log{b}", f"\\log_{{{b}}}", _log_base(b), 1)

    def paren_order(self, i: int, hi: int) -> tuple[int, int] | None:
        """``^{(k)}`` or ``^{(k)}`` with spaces at i: (k, index after)."""
        j = self.next_sig(i + 1, hi)
        if not self.is_ch(j, "{"):
            return None
        end = self.match[j]
        lo, inner_hi = self.trim(j + 1, end)
        if inner_hi - lo == 3 and self.is_ch(lo, "(") and self.is_ch(lo + 2, ")") and self.toks[lo + 1].kind == "num":
            v = self.toks[lo + 1].value
            if v.is_Integer and 0 <= int(v) <= MAX_DERIVATIVE_ORDER:
                return int(v), end + 1
            raise self.err(f"derivative order {v} is out of range", lo + 1)
        return None

    def application_at(self, j: int, hi: int) -> tuple[int, int, int, int | None] | None:
        """If an argument list starts at j: (args_lo, args_hi, index after, wrap_end)."""
        j = self.next_sig(j, hi)
        if j >= hi:
            return None
        if self.is_ch(j, "("):
            k = self.match_paren(j, hi)
            return j + 1, k, k + 1, None
        if self.is_ch(j, "{"):
            end = self.match[j]
            f = self.next_sig(j + 1, end)
            if self.is_ch(f, "("):
                k = self.match_paren(f, end)
                return f + 1, k, k + 1, end
        return None

    def arguments(self, lo: int, hi: int, info: _FnInfo) -> list[sp.Expr]:
        commas = self.top_level(lo, hi, lambda t: t.kind == "ch" and t.text == ",", parens=True)
        bounds = [lo, *[c + 1 for c in commas]]
        ends = [*commas, hi]
        args = [self.expr(a, b, "argument") for a, b in zip(bounds, ends)]
        if info.arity == 0:
            if len(args) < 2:
                raise self.err(f"{info.display} needs at least two arguments", lo)
        elif len(args) != 1 and info.kind != "letter":
            raise self.err(f"{info.display} takes one argument, got {len(args)}", lo)
        elif len(args) != 1:
            raise self.err(f"{info.name} takes one argument here, got {len(args)}", lo)
        return args

    def apply(self, info: _FnInfo, args: list[sp.Expr], order: int, i: int) -> sp.Expr:
        if self.mode == "expression":
            if order:
                raise self.err("derivatives are not allowed in an expression that defines an activation", i)
            if info.kind == "letter":
                raise self.err(f"{info.name!r} as a function is not allowed in an activation's definition", i)
            if info.kind == "catalog":
                from .catalog import get

                act = get(info.name)
                return act.expr.xreplace({X: args[0]})
        if info.kind == "builtin":
            assert info.fn is not None

            def F(*a: sp.Expr) -> sp.Expr:
                return info.fn(*a)  # type: ignore[misc]
        else:
            uf = _ufunc(info.name)

            def F(*a: sp.Expr) -> sp.Expr:
                return uf(*a)

        if order == 0:
            if info.kind == "builtin":
                self.guards.extend(guards_of_function(sp.log if info.name in ("ln", "log") else info.fn, args))
            return F(*args)
        if len(args) != 1:
            raise self.err("derivatives of functions of several arguments are not supported", i)
        (arg,) = args
        if isinstance(arg, sp.Symbol):
            return sp.Derivative(F(arg), (arg, order))
        u = sp.Dummy("u", real=True)
        return sp.Subs(sp.Derivative(F(u), (u, order)), u, arg)

    # -- products with \cdots ----------------------------------------------------------------
    def factors(self, lo: int, hi: int) -> list[tuple[int, int]]:
        out = []
        i = lo
        while i < hi:
            t = self.toks[i]
            if t.kind in ("space", "null") or (t.kind == "cmd" and t.text in ("\\cdot", "\\times")) or (t.kind == "ch" and t.text == "*"):
                i += 1
                continue
            start = i
            if t.kind == "cmd" and t.text == "\\frac":
                a = self.next_sig(i + 1, hi)
                a_end = self.group_end(a, hi)
                b = self.next_sig(a_end, hi)
                i = self.group_end(b, hi)
            elif self.is_ch(i, "{"):
                i = self.match[i] + 1
            elif self.is_ch(i, "(") or self.is_ch(i, "["):
                i = self.match_paren(i, hi) + 1
            elif t.kind in ("letter", "greek", "name", "func", "num"):
                i += 1
                if self.is_ch(i, "_"):
                    _, i = self.subscript(i, hi)
                while i < hi and self.toks[i].kind == "prime":
                    i += 1
                app = self.application_at(i, hi)
                if app is not None:
                    i = (app[3] + 1) if app[3] is not None else app[2]
            else:
                raise self.err("cannot read the factors of this product with \\cdots (only products of indexed factors)", i)
            while i < hi and (self.is_ch(i, "^") or self.toks[i].kind == "prime"):
                if self.toks[i].kind == "prime":
                    i += 1
                else:
                    i = self.group_end(self.next_sig(i + 1, hi), hi)
            out.append((start, i))
        return out

    def index_signature(self, lo: int, hi: int) -> tuple[tuple, set[int]]:
        sig = []
        idx: set[int] = set()
        in_sub = 0
        sub_end = -1
        for m in range(lo, hi):
            t = self.toks[m]
            if t.kind in ("space", "null") or self.is_ch(m, "{") or self.is_ch(m, "}"):
                if self.is_ch(m, "}") and m >= sub_end:
                    in_sub = 0
                continue
            if self.is_ch(m, "_"):
                n = self.next_sig(m + 1, hi)
                sub_end = self.match[n] if self.is_ch(n, "{") else n
                in_sub = 1
                sig.append(("ch", "_"))
                continue
            if in_sub and t.kind == "num" and m <= sub_end and t.value.is_Integer:
                idx.add(int(t.value))
                sig.append(("IDX", ""))
            else:
                sig.append((t.kind, t.text))
            if m >= sub_end:
                in_sub = 0
        return tuple(sig), idx

    def dots_product(self, lo: int, hi: int) -> sp.Expr:
        dots = self.top_level(lo, hi, lambda t: t.kind == "dots")
        if len(dots) != 1:
            raise self.err("only one \\cdots per product is supported", dots[1] if len(dots) > 1 else lo)
        d = dots[0]
        left = self.factors(lo, d)
        right = self.factors(d + 1, hi)
        if not left or not right:
            raise self.err("\\cdots needs indexed factors on both sides", d)
        sigs = [self.index_signature(a, b) for a, b in left + right]
        ref = sigs[0][0]
        for (a, _), (sig, idx) in zip(left + right, sigs):
            if sig != ref or len(idx) != 1:
                raise self.err("the factors around \\cdots must differ only in one index (e.g. \\frac{\\partial S}{\\partial a_{i}})", a)
        lidx = [next(iter(s[1])) for s in sigs[: len(left)]]
        ridx = [next(iter(s[1])) for s in sigs[len(left) :]]
        seq = lidx + ridx
        step = (lidx[1] - lidx[0]) if len(lidx) > 1 else (1 if ridx[0] > lidx[-1] else -1)
        if step not in (1, -1):
            raise self.err("the indices around \\cdots must run by steps of 1", lo)
        fill = list(range(lidx[-1] + step, ridx[0], step))
        full = lidx + fill + ridx
        if any(b - a != step for a, b in zip(full, full[1:])) or len(set(seq)) != len(seq):
            raise self.err("the indices around \\cdots do not form a run (e.g. 20, 19, \\cdots, 1)", d)
        if len(full) > 200:
            raise self.err("a product of more than 200 factors", d)
        factors = [self.expr(a, b) for a, b in left]
        tpl_lo, tpl_hi = left[0]
        tpl_idx = lidx[0]
        dots_tok = self.toks[d]
        for k in fill:
            toks = []
            for m in range(tpl_lo, tpl_hi):
                t = self.toks[m]
                if t.kind == "num" and t.value == tpl_idx and self.in_subscript(m, tpl_lo):
                    toks.append(Tok("num", str(k), dots_tok.start, dots_tok.end, value=sp.Integer(k)))
                else:
                    toks.append(Tok(t.kind, t.text, dots_tok.start, dots_tok.end, t.n, t.value, t.big))
            factors.append(self.child(toks).expr(0, len(toks)))
        factors += [self.expr(a, b) for a, b in right]
        return sp.Mul(*factors)

    def in_subscript(self, m: int, lo: int) -> bool:
        k = m - 1
        while k >= lo and (self.toks[k].kind in ("space", "null") or self.is_ch(k, "{")):
            if self.is_ch(k, "{") and self.is_ch(k - 1, "_"):
                return True
            k -= 1
        return k >= lo and self.is_ch(k, "_")

    # -- piecewise -----------------------------------------------------------------------------
    def piecewise(self, b: int, e: int) -> sp.Expr:
        """``\\begin{cases}`` or ``\\begin{array}`` rows: value, condition."""
        rows = self.rows(b + 1, e)
        pieces = []
        for lo, hi in rows:
            lo, hi = self.trim(lo, hi)
            if lo >= hi:
                continue
            vlo, vhi, clo, chi = self.split_row(lo, hi)
            value = self.expr(vlo, vhi, "value in a piecewise definition")
            cond = self.condition(clo, chi)
            pieces.append((value, cond))
        if not pieces:
            raise self.err("an empty piecewise definition", b)
        return sp.Piecewise(*pieces)

    def rows(self, lo: int, hi: int) -> list[tuple[int, int]]:
        seps = self.top_level(lo, hi, lambda t: t.kind == "sep")
        bounds = [lo, *[s + 1 for s in seps]]
        ends = [*seps, hi]
        return list(zip(bounds, ends))

    def split_row(self, lo: int, hi: int) -> tuple[int, int, int, int]:
        amps = self.top_level(lo, hi, lambda t: t.kind == "amp")
        if amps:
            v_hi, c_lo = amps[0], amps[0] + 1
        else:
            cands = self.top_level(
                lo, hi,
                lambda t: (t.kind == "space" and t.big) or (t.kind == "ch" and t.text == ",")
                or (t.kind == "name" and t.text.strip().lower() in _COND_WORDS | _OTHERWISE),
                parens=True,
            )
            cands = [c for c in cands if c > lo]
            if not cands:
                raise self.err("cannot tell the value from the condition in this row (separate them with & or \\quad)", lo)
            v_hi, c_lo = cands[0], cands[0]
        vlo, vhi = self.trim(lo, v_hi)
        while vhi > vlo and self.is_ch(vhi - 1, ","):
            vhi -= 1
        return vlo, vhi, c_lo, hi

    def condition(self, lo: int, hi: int) -> sp.Basic:
        lo, hi = self.trim(lo, hi)
        while lo < hi and (self.is_ch(lo, ",") or self.toks[lo].kind in ("space", "null", "amp")
                           or (self.toks[lo].kind == "name" and self.toks[lo].text.strip().lower() in _COND_WORDS)):
            lo += 1
        while hi > lo and (self.is_ch(hi - 1, ",") or self.is_ch(hi - 1, ".") or self.toks[hi - 1].kind in ("space", "null")):
            hi -= 1
        if lo >= hi:
            return sp.true
        if hi - lo == 1 and self.toks[lo].kind == "name" and self.toks[lo].text.strip().lower() in _OTHERWISE:
            return sp.true
        for words, op in ((("\\vee", "\\lor", "or"), sp.Or), (("\\wedge", "\\land", "and"), sp.And)):
            cuts = self.top_level(lo, hi, lambda t: (t.kind == "cmd" and t.text in words) or (t.kind == "name" and t.text.strip().lower() in words))
            if cuts:
                bounds = [lo, *[c + 1 for c in cuts]]
                ends = [*cuts, hi]
                return op(*[self.condition(a, b) for a, b in zip(bounds, ends)])
        rels = self.top_level(lo, hi, lambda t: t.kind == "rel")
        if not rels:
            raise self.err("expected a condition such as x \\ge 0 or 'otherwise'", lo)
        bounds = [lo, *[r + 1 for r in rels]]
        ends = [*rels, hi]
        conds = []
        terms: list[Any] = []
        for k, (a, b) in enumerate(zip(bounds, ends)):
            if k > 0 and self.toks[rels[k - 1]].text == "in":
                terms.append(self.set(a, b))
            else:
                terms.append(self.expr(a, b, "side of a condition"))
        for k, r in enumerate(rels):
            op = self.toks[r].text
            a, b = terms[k], terms[k + 1]
            if op == "in":
                if not isinstance(b, sp.Set):
                    raise self.err("expected a set after \\in", r)
                conds.append(b.as_relational(a))
            elif isinstance(a, sp.Set) or isinstance(b, sp.Set):
                raise self.err("a set in a comparison", r)
            else:
                conds.append(_relational(op, a, b, self, r))
        return sp.And(*conds)

    # -- sets ----------------------------------------------------------------------------------
    def set(self, lo: int, hi: int) -> sp.Set:
        lo, hi = self.strip_braces(lo, hi)
        if lo >= hi:
            raise self.err("expected a set after \\in", lo if lo < len(self.toks) else None)
        unions = self.top_level(lo, hi, lambda t: t.kind == "cmd" and t.text == "\\cup", parens=True)
        if unions:
            bounds = [lo, *[u + 1 for u in unions]]
            ends = [*unions, hi]
            return sp.Union(*[self.set(a, b) for a, b in zip(bounds, ends)])
        t = self.toks[lo]
        if t.kind == "mathbb":
            if self.next_sig(lo + 1, hi) < hi:
                raise self.err("unexpected text after \\mathbb{R}", lo + 1)
            return sp.S.Reals
        if t.kind == "lset":
            end = hi - 1
            while end > lo and self.toks[end].kind in ("space", "null") or (end > lo and self.is_ch(end, "}")):
                end -= 1
            if self.toks[end].kind != "rset":
                raise self.err("'\\{' is never closed", lo)
            commas = self.top_level(lo + 1, end, lambda u: u.kind == "ch" and u.text == ",", parens=True)
            bounds = [lo + 1, *[c + 1 for c in commas]]
            ends = [*commas, end]
            return sp.FiniteSet(*[self.expr(a, b, "set element") for a, b in zip(bounds, ends)])
        if t.kind == "ch" and t.text in "([]":
            return self.interval(lo, hi)
        raise self.err("expected a set: an interval such as (0, 1] or [0, +\\infty), {a, b} or \\mathbb{R}", lo)

    def interval(self, lo: int, hi: int) -> sp.Set:
        keep = [m for m in range(lo, hi) if self.toks[m].kind not in ("space", "null")]
        opener = keep[0]
        # the closing bracket: the last token that is not a '}'
        pos = len(keep) - 1
        trailing = []
        while pos > 0 and self.is_ch(keep[pos], "}"):
            trailing.append(keep[pos])
            pos -= 1
        closer = keep[pos]
        if not (self.toks[closer].kind == "ch" and self.toks[closer].text in ")[]"):
            raise self.err("an interval must end with ')' or ']'", closer)
        # braces that straddle the closing bracket (the article's \left( {0,\left. {1/4} \right]} \right.)
        drop = set(trailing)
        for tr in trailing:
            opening = next((a for a, b in self.match.items() if b == tr), None)
            if opening is None or opening < opener:
                raise self.err("unbalanced braces around an interval", tr)
            drop.add(opening)
        inner = [m for m in keep if opener < m < closer and m not in drop]
        toks = [self.toks[m] for m in inner]
        sub = self.child(toks)
        commas = sub.top_level(0, len(toks), lambda u: u.kind == "ch" and u.text == ",", parens=True)
        if len(commas) != 1:
            raise self.err("an interval needs two ends separated by one comma", opener)
        a = sub.expr(0, commas[0], "interval end")
        b = sub.expr(commas[0] + 1, len(toks), "interval end")
        for v, m in ((a, opener), (b, closer)):
            if v.free_symbols:
                raise self.err("interval ends must be numbers", m)
            if v.is_extended_real is False:
                raise self.err("interval ends must be real", m)
        left_open = self.toks[opener].text in "(]"
        right_open = self.toks[closer].text in ")["
        if a.is_comparable and b.is_comparable and bool(a > b):
            raise self.err("the left end of the interval is larger than the right end", opener)
        return sp.Interval(a, b, left_open or a == -sp.oo, right_open or b == sp.oo)

    # -- claims --------------------------------------------------------------------------------
    def domain_clause(self, lo: int, hi: int) -> tuple[int, sp.Set, str]:
        r"""A trailing condition on the variable: ``, x > 0``, ``\text{for } x \ne 0``,
        ``\forall x \in \mathbb{R}``, ``\quad (x \neq 0)``.  Returns (end of the chain,
        domain, its text)."""
        def starts_clause(t: Tok) -> bool:
            return (
                (t.kind == "cmd" and t.text == "\\forall")
                or (t.kind == "name" and t.text.strip().lower() in _COND_WORDS | {"for all", "for every"})
                or (t.kind == "ch" and t.text == ",") or (t.kind == "space" and t.big)
            )

        cuts = self.top_level(lo, hi, starts_clause, parens=True)
        for c in cuts:
            rest_lo = c + 1
            t = self.toks[c]
            if t.kind == "space":  # \quad (x \neq 0): only a parenthesised condition at the end
                a = self.next_sig(c + 1, hi)
                while a < hi and self.toks[a].kind == "space":
                    a = self.next_sig(a + 1, hi)
                if not (self.is_ch(a, "(") and self.match_paren(a, hi) == self.trim(a, hi)[1] - 1):
                    continue
                if not self.top_level(a + 1, self.trim(a, hi)[1] - 1, lambda u: u.kind == "rel"):
                    continue
                rest_lo = a
            # words after the separator: "all", "every"
            while rest_lo < hi and (self.toks[rest_lo].kind in ("space", "null") or (self.toks[rest_lo].kind == "name" and self.toks[rest_lo].text.strip().lower() in _COND_WORDS | {"all", "every", "for all"})):
                rest_lo += 1
            if t.kind == "cmd" and t.text == "\\forall":
                pass
            elif not self.top_level(rest_lo, hi, lambda u: u.kind == "rel"):
                continue  # a comma that is not followed by a condition
            a, b = self.strip_braces(rest_lo, hi)
            if a < b and self.is_ch(a, "(") and self.match_paren(a, b) == b - 1:
                a, b = a + 1, b - 1
            text = self.text[self.toks[c].start : self.toks[hi - 1].end]
            if a >= b:
                return c, sp.S.Reals, text
            sig = [m for m in range(a, b) if self.toks[m].kind not in ("space", "null")]
            if len(sig) == 1 and self.toks[sig[0]].kind == "letter" and self.toks[sig[0]].text == self.var.name:
                return c, sp.S.Reals, text  # \forall x
            cond = self.condition(a, b)
            if cond.free_symbols - {self.var}:
                raise self.err("a condition on the claim must be about its variable only", a)
            try:
                dom = cond.as_set() if cond not in (sp.true, sp.false) else (sp.S.Reals if cond is sp.true else sp.S.EmptySet)
            except (NotImplementedError, ValueError, TypeError):
                raise self.err("cannot read this condition as a set of values of the variable", a) from None
            if dom == sp.S.EmptySet:
                raise self.err("the condition holds for no real value", a)
            return c, dom, text
        return hi, sp.S.Reals, ""

    def chain(self, lo: int, hi: int) -> tuple[list[Term], list[str]]:
        lo, hi = self.strip_braces(lo, hi)
        while hi > lo and (self.is_ch(hi - 1, ".") or self.is_ch(hi - 1, ",") or self.toks[hi - 1].kind in ("space", "null")):
            hi -= 1  # a full stop or comma ending a displayed formula
        if lo >= hi:
            raise _err("empty claim", self.text, 0)
        hi, self.domain, self.domain_text = self.domain_clause(lo, hi)
        lo, hi = self.trim(lo, hi)
        while hi > lo and self.is_ch(hi - 1, ","):
            hi -= 1
        if lo >= hi:
            raise _err("empty claim", self.text, 0)
        rels = self.top_level(lo, hi, lambda t: t.kind == "rel")
        bounds = [lo, *[r + 1 for r in rels]]
        ends = [*rels, hi]
        relations = [self.toks[r].text for r in rels]
        terms: list[Term] = []
        for k, (a, b) in enumerate(zip(bounds, ends)):
            a, b = self.trim(a, b)
            if a >= b:
                pos = self.toks[rels[k - 1]].start if k > 0 and rels else self.toks[min(a, len(self.toks) - 1)].start
                raise _err("a relation without a term on one side", self.text, pos)
            start, end = self.toks[a].start, self.toks[b - 1].end
            src = self.text[start:end]
            if b - a == 1 and self.toks[a].kind == "dots":
                terms.append(Term("elided", None, src, start, end))
            elif k > 0 and relations[k - 1] == "in":
                terms.append(Term("set", self.set(a, b), src, start, end))
            else:
                e = self.defined_expr(a, b)
                terms.append(Term("expr", e, src, start, end, self.literal(a, b, src)))
        for k, r in enumerate(relations):
            if terms[k].kind == "set":
                raise _err("a set can only stand after \\in", self.text, terms[k].start)
            if r == "in" and terms[k + 1].kind != "set":
                raise _err("expected a set after \\in", self.text, terms[k + 1].start)
            if terms[k].kind == "elided" and terms[k + 1].kind == "elided":
                raise _err("two skipped steps in a row", self.text, terms[k + 1].start)
        if terms[0].kind == "elided" or terms[-1].kind == "elided":
            raise _err("a chain cannot start or end with a skipped step", self.text, terms[0].start if terms[0].kind == "elided" else terms[-1].start)
        return terms, relations

    def literal(self, lo: int, hi: int, src: str) -> DecimalLiteral | None:
        """The term as a decimal literal (``0.7311``, ``-1.5``, ``9.094 \\times 10^{-13}``,
        ``1.5e-3``), or None."""
        toks = [self.toks[m] for m in range(lo, hi) if self.toks[m].kind not in ("space", "null") and not self.is_ch(m, "{") and not self.is_ch(m, "}")]
        sign = 1
        if toks and toks[0].kind == "ch" and toks[0].text in "+-":
            sign = -1 if toks[0].text == "-" else 1
            toks = toks[1:]
        if not toks or toks[0].kind != "num" or "." not in toks[0].text:
            return None
        mant = toks[0]
        exp = mant.exp
        if len(toks) == 1:
            pass
        elif (
            len(toks) in (5, 6) and toks[1].kind == "cmd" and toks[1].text in ("\\times", "\\cdot")
            and toks[2].kind == "num" and toks[2].value == 10 and toks[3].kind == "ch" and toks[3].text == "^"
        ):
            rest = toks[4:]
            esign = 1
            if len(rest) == 2:
                if not (rest[0].kind == "ch" and rest[0].text in "+-"):
                    return None
                esign = -1 if rest[0].text == "-" else 1
                rest = rest[1:]
            if rest[0].kind != "num" or not rest[0].value.is_Integer or exp:
                return None
            exp = esign * int(rest[0].value)
        else:
            return None
        value = sign * _digits_value(mant.text) * sp.Integer(10) ** exp
        significant = mant.text.replace(".", "").lstrip("0")
        return DecimalLiteral(src.strip(), value, max(1, len(significant)), ("-" if sign < 0 else "") + mant.text, exp)


def _digits_value(s: str) -> sp.Rational:
    whole, _, frac = s.partition(".")
    return sp.Rational(int((whole or "0") + frac), 10 ** len(frac))


def _relational(op: str, a: sp.Expr, b: sp.Expr, parser: _Parser, r: int) -> sp.Basic:
    if op == "=":
        return sp.Eq(a, b)
    if op == "<":
        return sp.Lt(a, b)
    if op == "<=":
        return sp.Le(a, b)
    if op == ">":
        return sp.Gt(a, b)
    if op == ">=":
        return sp.Ge(a, b)
    if op == "!=":
        return sp.Ne(a, b)
    raise parser.err(f"unsupported relation '{op}' in a condition", r)


@functools.lru_cache(maxsize=None)
def _catalog_keys() -> dict[str, str]:
    from .catalog import BUILTIN

    keys: dict[str, str] = {}
    for act in BUILTIN:
        names = [act.name, *act.aliases]
        m = re.fullmatch(r"\\operatorname\{([A-Za-z0-9\\_]+)\}", act.latex_name)
        if m:
            names.append(m.group(1).replace("\\_", "_"))
        for n in names:
            for k in (n.lower(), n.lower().replace("_", "")):
                keys.setdefault(k, act.name)
    return keys


def _catalog_name(word: str) -> str | None:
    """The catalogue name for a function word (case, '-', '_' and spaces ignored)."""
    from .catalog import names

    key = word.lower().replace("-", "_").replace(" ", "_")
    for k in (key, key.replace("_", "")):
        if k in _catalog_keys():
            return _catalog_keys()[k]
    registered = {n.lower(): n for n in names()}
    return registered.get(key)


# ---------------------------------------------------------------------------------------
# entry points
def _prepare(text: Any) -> list[Tok]:
    text = _check_text(text)
    toks = _normalise(_lex(text), text)
    if not toks:
        raise _err("empty input", text, 0)
    return toks


def _claim_variable(toks: list[Tok]) -> sp.Symbol:
    letters = {t.text for t in toks if t.kind == "letter"}
    if "x" in letters:
        return X
    for i, t in enumerate(toks):  # \frac{d}{dz}
        if t.kind == "letter" and t.text == "d" and i + 1 < len(toks) and toks[i + 1].kind == "letter" and toks[i + 1].start == t.end:
            v = toks[i + 1].text
            if v not in ("e",):
                return sp.Symbol(v, real=True)
    for i, t in enumerate(toks):  # F(z): a name applied to a single letter
        if i + 2 < len(toks) and toks[i + 1].kind == "ch" and toks[i + 1].text == "(" and toks[i + 2].kind == "letter":
            if t.kind in ("greek", "func", "name", "prime") or (t.kind == "letter" and t.text in _FUNCTION_LETTERS):
                if i + 3 < len(toks) and toks[i + 3].kind == "ch" and toks[i + 3].text == ")" and toks[i + 2].text not in ("e",):
                    return sp.Symbol(toks[i + 2].text, real=True)
    return X


def _shorthand_names(toks: list[Tok]) -> set[str]:
    """Function names that occur somewhere without an argument (sigma' = sigma(1 - sigma))."""
    out: set[str] = set()
    n = len(toks)
    for i, t in enumerate(toks):
        if t.kind == "greek" and t.text == "sigma":
            key = "\\sigma"
        elif t.kind == "letter" and t.text == "f":
            key = "f"
        elif t.kind == "name" and len(t.text) > 1 and _catalog_name(t.text.replace(" ", "")) is not None:
            key = f"\\operatorname{{{t.text}}}"
        else:
            continue
        if i + 1 < n and toks[i + 1].kind == "ch" and toks[i + 1].text == "_":
            continue
        # inside \frac{d f}{dx} or \frac{\partial S}{...}: not shorthand
        if i > 0 and (toks[i - 1].kind == "letter" and toks[i - 1].text == "d" or toks[i - 1].kind == "cmd" and toks[i - 1].text == "\\partial"):
            continue
        j = i + 1
        while j < n and (toks[j].kind in ("prime", "space", "null")):
            j += 1
        if j < n and toks[j].kind == "ch" and toks[j].text == "^":  # ^{(k)} or a power
            k = j + 1
            if k < n and toks[k].kind == "ch" and toks[k].text == "{":
                depth = 0
                for m in range(k, n):
                    if toks[m].kind == "ch" and toks[m].text == "{":
                        depth += 1
                    elif toks[m].kind == "ch" and toks[m].text == "}":
                        depth -= 1
                        if depth == 0:
                            j = m + 1
                            break
            else:
                j = k + 1
            while j < n and toks[j].kind in ("prime", "space", "null"):
                j += 1
        if j < n and toks[j].kind == "ch" and toks[j].text in "({":
            if toks[j].text == "{":
                k = j + 1
                while k < n and toks[k].kind in ("space", "null"):
                    k += 1
                if k < n and toks[k].kind == "ch" and toks[k].text == "(":
                    continue
            else:
                continue
        out.add(key)
    return out


def _run(fn: Callable[[], Any], text: Any) -> Any:
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


def parse_expression(text: str) -> sp.Expr:
    r"""A LaTeX expression in x as a SymPy expression (for defining activations).

    ``x`` is :data:`symact.spec.x`; other letters and Greek letters are real symbols
    (parameters); ``\sigma``, ``\operatorname{softplus}`` etc. are replaced by the
    catalogue's expressions (default parameters), SymPy functions by SymPy's.  A leading
    ``f(x) =`` is allowed.  ``f``, derivatives and relations are refused.

    >>> parse_expression(r'\frac{x}{1+|x|}')
    x/(Abs(x) + 1)
    """

    def go() -> sp.Expr:
        toks = _prepare(text)
        p = _Parser(text, toks, "expression", X, [], set())
        rels = p.top_level(0, len(toks), lambda t: t.kind == "rel")
        lo = 0
        if rels:
            r = rels[0]
            head = [t for t in toks[:r] if t.kind not in ("space", "null")]
            is_def = (
                len(rels) == 1 and toks[r].text == "=" and len(head) == 4 and head[0].kind == "letter" and head[0].text == "f"
                and head[1].kind == "ch" and head[1].text == "(" and head[2].kind == "letter" and head[2].text == "x"
                and head[3].kind == "ch" and head[3].text == ")"
            )
            if not is_def:
                raise p.err(f"expected an expression, found the relation '{toks[r].text}'", r)
            lo = r + 1
        e = p.defined_expr(lo, len(toks))
        if not isinstance(e, sp.Expr) or isinstance(e, sp.core.relational.Relational):
            raise _err("expected an expression", text, 0)
        if e.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise _err("the expression contains infinity", text, 0)
        return e

    return _run(go, text)


def parse_claim(text: str) -> ParsedClaim:
    r"""A claim: a chain of terms and relations, e.g.
    ``f'(x) = f(x)(1 - f(x))``, ``0 < \sigma'(x) \le \frac14``, ``f(x) \in (0, 1)``.

    A claim that is one ``array``/``aligned`` environment is read as one chain over its
    rows (a derivation written over several lines).  See :class:`ParsedClaim`."""

    def go() -> ParsedClaim:
        toks = _prepare(text)
        notes: list[str] = []
        # a claim written as one multi-line environment: one chain over its rows
        sig = [t for t in toks if t.kind not in ("space", "null")]
        if sig and sig[0].kind == "begin" and sig[0].text in _CHAIN_ENVS and sig[-1].kind == "end":
            first = toks.index(sig[0])
            last = len(toks) - 1 - toks[::-1].index(sig[-1])
            p0 = _Parser(text, toks, "claim", X, notes, set())
            if p0.env_match.get(first) == last:
                toks = [t for t in toks[first + 1 : last] if t.kind not in ("sep", "amp")]
                if not toks:
                    raise _err("an empty environment", text, sig[0].start)
        var = _claim_variable(toks)
        shorthand = _shorthand_names(toks)
        p = _Parser(text, toks, "claim", var, notes, shorthand)
        for name in sorted(shorthand):
            notes.append(f"{name} is written without an argument: read as {name}({var}), so {name}(...) is a product")
        terms, relations = p.chain(0, len(toks))
        if not relations:
            raise _err("a claim needs a relation (=, <, \\le, >, \\ge, \\ne, \\in or \\approx)", text, 0)
        return ParsedClaim(text, tuple(terms), tuple(relations), var, tuple(dict.fromkeys(notes)), p.domain, p.domain_text)

    return _run(go, text)
