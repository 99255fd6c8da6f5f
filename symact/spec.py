"""Activation records: one declarative, validated record per activation function.

An :class:`Activation` is data: a SymPy expression in the real symbol :data:`x`, its
parameters (:class:`Param`, SymPy symbols with assumptions and exact defaults), names, the
paper it comes from and the convention its numeric kernels follow at kinks.  Everything
else (derivatives, proofs, kernels, LaTeX) is computed from the record by higher layers;
the methods here that reach them import them lazily, so the record itself stays a leaf.

Validation happens when a record is built (cheap checks: names, free symbols, defaults
against assumptions, real values at sample points).  The decomposition into smooth pieces
(:mod:`symact.pieces`) is computed on first use and cached; the test suite builds it for
every record.
"""

from __future__ import annotations

import functools
import keyword
import math
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Mapping

import sympy as sp

from .errors import DefinitionError, ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from .pieces import Pieces
    from .results import Derivation, Form

__all__ = ["x", "f", "Param", "Source", "Activation", "exact_number", "check_identifier"]

#: The input variable of every activation.
x = sp.Symbol("x", real=True)
#: The activation's own value, in forms such as sigmoid' = f (1 - f).
f = sp.Symbol("f", real=True)

_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")
_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}\Z")
_ASSUMPTIONS = ("positive", "nonnegative", "negative", "nonpositive", "real", "integer")
_SMOOTH_EXTRA_OK = (sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign)


def check_identifier(name: str, what: str = "name", pattern: re.Pattern[str] = _IDENT, allow_keyword: bool = False) -> str:
    """Return ``name`` if it is a safe identifier (ASCII letters, digits, ``_``; no dunder,
    no Python keyword); raise :class:`DefinitionError` otherwise.  Every name that can end up
    in generated source, LaTeX or a file name passes through here."""
    if not isinstance(name, str) or not pattern.match(name) or "__" in name or (keyword.iskeyword(name) and not allow_keyword):
        shown = name if isinstance(name, str) else type(name).__name__
        raise DefinitionError(
            f"invalid {what} {shown!r}: use a letter followed by letters, digits or single underscores "
            f"(at most 40 characters{', lower case' if pattern is _NAME else ''}; no Python keyword)"
        )
    return name


# ASCII digits only (re.ASCII): Python's \d also matches Arabic-Indic and full-width digits
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?\Z", re.ASCII)
_FRACTION = re.compile(r"[+-]?\d{1,60}/\d{1,60}\Z", re.ASCII)


def exact_number(value: Any, what: str = "value") -> sp.Expr:
    """An exact SymPy number from a user's value: ``0.5``, ``"0.01"``, ``"1/3"``, ``2``, a
    SymPy number or expression free of symbols.  Strings are parsed by a regular expression,
    never by ``sympify``; floats are taken at their shortest decimal repr (0.1 -> 1/10)."""
    if isinstance(value, bool):
        raise ParameterError(f"{what} must be a number, got {value!r}")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParameterError(f"{what} must be finite, got {value!r}")
        return sp.Rational(repr(value))
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, str):
        text = value.strip()
        if len(text) <= 80 and _DECIMAL.match(text):
            return sp.Rational(text)
        if _FRACTION.match(text):
            num, den = text.split("/")
            if int(den) == 0:
                raise ParameterError(f"{what} {value!r} divides by zero")
            return sp.Rational(int(num), int(den))
        raise ParameterError(f"{what} must be a number such as 0.5, 1e-2 or 1/3, got {value!r}")
    if isinstance(value, sp.Basic):
        if value.free_symbols:
            raise ParameterError(f"{what} must not contain symbols, got {value}")
        if value.is_real is False or value.is_finite is False:
            raise ParameterError(f"{what} must be a finite real number, got {value}")
        return value  # type: ignore[return-value]
    raise ParameterError(f"{what} must be a number, got {type(value).__name__}")


@dataclass(frozen=True)
class Param:
    """A parameter: a SymPy symbol with assumptions and an exact default."""

    name: str
    default: Any
    assumptions: Mapping[str, bool] = field(default_factory=lambda: {"positive": True})
    description: str = ""

    def __post_init__(self) -> None:
        # a keyword is allowed as a parameter name (SELU's ``lambda``): code generators rename it
        check_identifier(self.name, "parameter name", allow_keyword=True)
        if self.name in ("x", "f"):
            raise DefinitionError(f"parameter name {self.name!r} is reserved (x is the input, f the output)")
        unknown = set(self.assumptions) - set(_ASSUMPTIONS)
        if unknown:
            raise DefinitionError(f"parameter {self.name!r}: unsupported assumptions {sorted(unknown)}")
        object.__setattr__(self, "assumptions", dict(self.assumptions))
        object.__setattr__(self, "default", exact_number(self.default, f"default of {self.name}"))
        self.check(self.default)

    @property
    def symbol(self) -> sp.Symbol:
        return _param_symbol(self.name, tuple(sorted(self.assumptions.items())))

    def check(self, value: sp.Expr) -> None:
        """Raise :class:`ParameterError` if ``value`` violates this parameter's assumptions."""
        for key, wanted in self.assumptions.items():
            holds = getattr(value, f"is_{key}")
            if holds is not wanted:
                words = key if wanted else f"not {key}"
                raise ParameterError(f"parameter {self.name} must be {words}, got {value}")


@functools.lru_cache(maxsize=None)
def _param_symbol(name: str, assumptions: tuple[tuple[str, bool], ...]) -> sp.Symbol:
    kw = dict(assumptions)
    kw.setdefault("real", True)
    return sp.Symbol(name, **kw)


@dataclass(frozen=True)
class Source:
    """Where an activation comes from (rendered in the report's bibliography)."""

    key: str
    authors: str
    title: str
    year: int
    venue: str = ""
    url: str = ""

    def cite(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}. {self.venue}".strip()


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation function.

    ``template`` is the expression in :data:`x` and the parameter symbols; ``values`` binds
    parameters to exact numbers (the defaults unless overridden) or to ``None`` (kept
    symbolic).  ``expr`` is the template with the bound values substituted.

    ``kink_convention`` documents what numeric kernels return at points where the derivative
    is not defined.  It is *implemented* by the template: at a breakpoint, the kernel uses
    the formula of the branch the template's ``Piecewise`` assigns to that point (PyTorch's
    choice for every built-in record, e.g. ``x <= 0`` for ReLU so that relu'(0) = 0).
    """

    name: str
    template: sp.Expr
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    latex_name: str = ""
    family: str = "user"
    description: str = ""
    source: Source | None = None
    kink_convention: str = ""
    notes: str = ""
    values: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        check_identifier(self.name, "activation name", _NAME)
        for alias in self.aliases:
            check_identifier(alias, "alias", _NAME)
        if not isinstance(self.template, sp.Expr):
            raise DefinitionError(f"{self.name}: the expression must be a SymPy expression, got {type(self.template).__name__}")
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise DefinitionError(f"{self.name}: duplicate parameter names {names}")
        allowed = {x} | {p.symbol for p in self.params}
        stray = self.template.free_symbols - allowed
        if stray:
            by_name = {p.name: p for p in self.params}
            clash = [s for s in stray if s.name in by_name or s.name == "x"]
            hint = (
                " (a symbol has the right name but other assumptions: build parameters with Param(...).symbol and x with symact.x)"
                if clash
                else ""
            )
            raise DefinitionError(
                f"{self.name}: the expression uses undeclared symbols {sorted(s.name for s in stray)}; "
                f"declare them as parameters{hint}"
            )
        for s in self.template.free_symbols:
            check_identifier(s.name, "symbol name", allow_keyword=True)
        for fn in self.template.atoms(sp.Function):
            if isinstance(fn, sp.core.function.AppliedUndef):
                raise DefinitionError(f"{self.name}: undefined function {type(fn).__name__!s} in the expression")
        if self.template.has(sp.I, sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise DefinitionError(f"{self.name}: the expression contains I, oo or nan")
        values = dict(self.values) if self.values is not None else {p.name: p.default for p in self.params}
        bound: dict[str, Any] = {}
        for p in self.params:
            v = values.pop(p.name, p.default)
            if v is not None:
                v = exact_number(v, f"parameter {p.name}")
                p.check(v)
            bound[p.name] = v
        if values:
            raise ParameterError(f"{self.name} has no parameter(s) {sorted(values)}; it has {names or 'none'}")
        object.__setattr__(self, "values", bound)
        if not self.latex_name:
            object.__setattr__(self, "latex_name", r"\operatorname{%s}" % self.name.replace("_", r"\_"))
        self._check_real()

    # -- parameters --------------------------------------------------------------------
    @property
    def param_symbols(self) -> dict[str, sp.Symbol]:
        return {p.name: p.symbol for p in self.params}

    @functools.cached_property
    def expr(self) -> sp.Expr:
        """The expression with the bound parameter values substituted."""
        subs = {p.symbol: self.values[p.name] for p in self.params if self.values[p.name] is not None}  # type: ignore[index]
        return self.template.xreplace(subs) if subs else self.template

    @property
    def free_params(self) -> tuple[Param, ...]:
        """The parameters kept symbolic."""
        return tuple(p for p in self.params if self.values[p.name] is None)  # type: ignore[index]

    def with_params(self, **values: Any) -> "Activation":
        """A copy with parameters overridden; ``None`` (or ``"symbolic"``) keeps one symbolic.

        >>> get("elu").with_params(alpha="0.5").expr      # doctest: +SKIP
        """
        current = dict(self.values)  # type: ignore[arg-type]
        known = {p.name for p in self.params}
        for key, value in values.items():
            if key not in known:
                raise ParameterError(f"{self.name} has no parameter {key!r}; it has {sorted(known) or 'none'}")
            current[key] = None if (value is None or value == "symbolic") else value
        return replace(self, values=current)

    def symbolic(self) -> "Activation":
        """A copy with every parameter kept symbolic."""
        return replace(self, values={p.name: None for p in self.params})

    # -- structure ---------------------------------------------------------------------
    @functools.cached_property
    def pieces(self) -> "Pieces":
        """The decomposition of ``expr`` into smooth pieces and breakpoints."""
        from .pieces import decompose

        return decompose(self.expr, name=self.name)

    @property
    def is_piecewise(self) -> bool:
        return len(self.pieces.pieces) > 1

    # -- higher layers (imported lazily) -----------------------------------------------
    def derivative(self, order: int = 1) -> sp.Expr:
        """The ``order``-th derivative, simplified; a ``Piecewise`` on open intervals for
        piecewise activations (points where it is not defined are left out: see ``kinks``)."""
        from .derive import derivative

        return derivative(self, order)

    def in_terms_of_f(self, order: int = 1) -> "Form":
        """g with f^(order)(x) = g(f(x)), or a mixed form in f and x, or none with a reason."""
        from .derive import in_terms_of_f

        return in_terms_of_f(self, order)

    def derive(self, orders: Any = (1, 2)) -> "Derivation":
        """Derivatives of the given orders with forms in terms of f and kinks."""
        from .derive import derive

        return derive(self, orders)

    def prove(self, **kwargs: Any) -> Any:
        """Proved properties with certificates (see :mod:`symact.prove`)."""
        from .prove import prove

        return prove(self, **kwargs)

    def kernel(self, order: int = 0, **kwargs: Any) -> Any:
        """A fast, numerically stable numpy callable for f^(order) (see :mod:`symact.kernels`)."""
        from .kernels import kernel

        return kernel(self, order, **kwargs)

    def value_and_grad(self, **kwargs: Any) -> Any:
        """A fused numpy callable returning (f(x), f'(x))."""
        from .kernels import value_and_grad

        return value_and_grad(self, **kwargs)

    # -- display -----------------------------------------------------------------------
    def latex(self) -> str:
        from .render import latex_expr

        return latex_expr(self.expr)

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex_name}(x) = {self.latex()}$"

    def __repr__(self) -> str:
        bound = ", ".join(f"{k}={v}" if v is not None else f"{k}=symbolic" for k, v in self.values.items())  # type: ignore[union-attr]
        return f"Activation({self.name!r}{', ' + bound if bound else ''}: {self.expr})"

    # -- validation ----------------------------------------------------------------------
    def _check_real(self) -> None:
        """The expression must be real and finite at a few points with default parameters."""
        subs = {p.symbol: p.default for p in self.params}
        e = self.template.xreplace(subs)
        for point in ("-2.75", "-0.6", "0.35", "1.9", "4.3"):
            value = e.xreplace({x: sp.Rational(point)})
            try:
                z = complex(sp.N(value, 15))
            except (TypeError, ValueError):
                raise DefinitionError(f"{self.name}: cannot evaluate the expression at x = {point}") from None
            if not (math.isfinite(z.real) and abs(z.imag) <= 1e-12 * max(1.0, abs(z.real))):
                raise DefinitionError(f"{self.name}: the expression is not real and finite at x = {point} (value {z})")
