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

The symbols ``x`` and ``f``, the name checks and :func:`exact_number` live one layer down,
in :mod:`symact.symbols`, and are re-exported here (``from symact.spec import x`` works).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Mapping, cast

import sympy as sp
from sympy.functions.elementary.piecewise import ExprCondPair

from .errors import DefinitionError, ParameterError
from .symbols import ACTIVATION_NAME, check_identifier, check_latex_name, exact_number, f, x

if TYPE_CHECKING:  # pragma: no cover
    from .kernels.api import Kernel
    from .pieces import Pieces
    from .results import Derivation, Form, Proof

__all__ = ["x", "f", "Param", "Source", "Activation", "exact_number", "check_identifier", "check_expression",
           "check_latex_name", "MAX_NODES", "MAX_PIECES"]

_URL = re.compile(r"https?://[A-Za-z0-9:/._~?=+-]{1,300}\Z")
_ASSUMPTIONS = ("positive", "nonnegative", "negative", "nonpositive", "real", "integer")


#: Size limits of a definition (README, "Limits"): SymPy nodes in the expression, and
#: smooth pieces after the decomposition (Piecewise branches, Max, Min, Abs, ...).
MAX_NODES = 1000
MAX_PIECES = 24

# what an activation's expression may be built from: closed formulas (no Integral,
# Derivative, Lambda, Sum, Subs, matrices, undefined functions)
_CORE_NODES = (sp.Symbol, sp.Number, sp.NumberSymbol, sp.Add, sp.Mul, sp.Pow, sp.Piecewise,
               ExprCondPair, sp.core.relational.Relational,
               sp.And, sp.Or, sp.Not, sp.logic.boolalg.BooleanAtom, sp.Max, sp.Min)
_FUNCTION_MODULES = ("sympy.functions.elementary.", "sympy.functions.special.error_functions",
                     "sympy.functions.special.gamma_functions", "sympy.functions.special.delta_functions")
_REFUSED_FUNCTIONS = ("DiracDelta", "SingularityFunction", "Id", "real_root", "cbrt", "root")


def check_expression(expr: Any, what: str = "the expression") -> None:
    """Refuse (:class:`DefinitionError`) what an activation cannot be made of: anything but
    numbers, symbols, + * ^, elementary and error/gamma functions, ``Piecewise``, ``Max``,
    ``Min``, ``Abs``, ``Heaviside``, ``sign``; and expressions of more than
    :data:`MAX_NODES` nodes."""
    if not isinstance(expr, sp.Basic):
        raise DefinitionError(f"{what} must be a SymPy expression, got {type(expr).__name__}")
    count = 0
    splits = 0  # an upper bound on the breakpoints: each branch, Abs, Heaviside, sign, Max/Min argument
    for node in sp.preorder_traversal(expr):
        count += 1
        if count > MAX_NODES:
            raise DefinitionError(f"{what} is too large: more than {MAX_NODES} SymPy nodes (the limit; see README, Limits)")
        if isinstance(node, sp.Piecewise):
            splits += len(node.args) - 1
        elif isinstance(node, (sp.Abs, sp.Heaviside, sp.sign)):
            splits += 1
        elif isinstance(node, (sp.Max, sp.Min)):
            splits += len(node.args) - 1
        if splits > MAX_PIECES - 1:
            raise DefinitionError(f"{what} has too many branches and kinks: more than {MAX_PIECES} smooth pieces "
                                  f"(the limit; see README, Limits)")
        if isinstance(node, _CORE_NODES):
            if isinstance(node, sp.Number) and (node.is_finite is False or node is sp.nan):
                raise DefinitionError(f"{what} contains {node}: an activation is finite")
            continue
        cls = type(node)
        if (isinstance(node, sp.Function) and not isinstance(node, sp.core.function.AppliedUndef)
                and cls.__module__.startswith(_FUNCTION_MODULES) and cls.__name__ not in _REFUSED_FUNCTIONS):
            continue
        name = cls.__name__
        if isinstance(node, sp.core.function.AppliedUndef):
            raise DefinitionError(f"{what}: undefined function {name} (use SymPy's own functions: exp, log, tanh, erf, ...)")
        hint = {
            "Integral": "; evaluate the integral first (e.g. with sympy.integrate) or use erf, Ei, ...",
            "Derivative": "; differentiate first (expr.diff(x)) or use symact.derive",
            "Lambda": "; apply it to x first (lam(symact.x))",
            "Subs": "; substitute first (.doit())",
            "Sum": "; write the sum out", "Product": "; write the product out",
        }.get(name, "")
        raise DefinitionError(
            f"{what} contains {name}, which an activation cannot be made of: use numbers, symbols, + * ^, exp, log, "
            f"the trigonometric and hyperbolic functions, erf, Piecewise, Max, Min, Abs, Heaviside, sign{hint}"
        )


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

    def __post_init__(self) -> None:
        # the key goes into \bibitem{...} verbatim; the other fields are escaped as text
        check_identifier(self.key, "source key")
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise DefinitionError(f"source {self.key}: year must be an integer, got {self.year!r}")
        for label in ("authors", "title", "venue", "url"):
            if not isinstance(getattr(self, label), str):
                raise DefinitionError(f"source {self.key}: {label} must be a string")
        # \url{...} reads its argument almost verbatim (an escaped brace would end it early)
        if self.url and not _URL.match(self.url):
            raise DefinitionError(f"source {self.key}: url {self.url!r} must be http(s):// followed by letters, "
                                  "digits and : / . _ ~ ? = + -")

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
        check_identifier(self.name, "activation name", ACTIVATION_NAME)
        for alias in self.aliases:
            check_identifier(alias, "alias", ACTIVATION_NAME)
        if isinstance(self.template, sp.Lambda):
            raise DefinitionError(f"{self.name}: the expression is a Lambda ({type(self.template).__name__}); apply it "
                                  "to x first (lam(symact.x))")
        if not isinstance(self.template, sp.Expr):
            raise DefinitionError(f"{self.name}: the expression must be a SymPy expression in x, got {type(self.template).__name__}")
        check_expression(self.template, f"{self.name}: the expression")
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise DefinitionError(f"{self.name}: duplicate parameter names {names}")
        allowed = {x} | {p.symbol for p in self.params}
        stray = cast("set[sp.Symbol]", self.template.free_symbols - allowed)
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
            check_identifier(cast("sp.Symbol", s).name, "symbol name", allow_keyword=True)
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
        else:  # it goes into the .tex verbatim: parsed against a whitelist, re-emitted, or refused
            object.__setattr__(self, "latex_name", check_latex_name(self.latex_name, f"{self.name}: latex_name"))
        for text, label in ((self.description, "description"), (self.kink_convention, "kink_convention"),
                            (self.notes, "notes")):
            if not isinstance(text, str):
                raise DefinitionError(f"{self.name}: {label} must be a string, got {type(text).__name__}")
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

        p = decompose(self.expr, name=self.name)
        if len(p.pieces) > MAX_PIECES:
            raise DefinitionError(f"{self.name}: {len(p.pieces)} smooth pieces, above the limit {MAX_PIECES} (see README, Limits)")
        for bp in p.breakpoints:  # log|x| at 0: not an activation (every later step would compare with nan)
            v = bp.value
            if isinstance(v, sp.Basic) and not v.free_symbols and (v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or v.is_finite is False
                                                                  or v.is_real is False):
                raise DefinitionError(f"{self.name}: the expression is not real and finite at x = {bp.at} (value {v}); "
                                      "an activation must be finite at every real x")
        return p

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

    def prove(self, **kwargs: Any) -> "Proof":
        """Proved properties with certificates (see :mod:`symact.prove`)."""
        from .prove import prove

        return prove(self, **kwargs)

    def kernel(self, order: int = 0, **kwargs: Any) -> "Kernel":
        """A fast, numerically stable numpy callable for f^(order) (see :mod:`symact.kernels`)."""
        from .kernels import kernel

        return kernel(self, order, **kwargs)

    def value_and_grad(self, **kwargs: Any) -> "Kernel":
        """A fused numpy callable returning (f(x), f'(x))."""
        from .kernels import value_and_grad

        return value_and_grad(self, **kwargs)

    def plot(self, **kwargs: Any) -> Any:
        """f, f', f'' with the proved extrema, asymptotes and kinks marked; a matplotlib
        Figure (needs the ``plot`` extra; see :mod:`symact.plot`)."""
        from .plot import plot

        return plot(self, **kwargs)

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
        from . import budget

        for point in ("-2.75", "-0.6", "0.35", "1.9", "4.3"):
            value = e.xreplace({x: sp.Rational(point)})
            try:
                # SymPy's Floats have unbounded exponents: exp(860) = 1.2e373 is large but finite
                v = budget.run(sp.N, value, 15, what=f"evaluating {self.name} at x = {point}")
                re_, im_ = (sp.Float(0), sp.Float(0)) if v == 0 else v.as_real_imag()
            except budget.Timeout:
                raise DefinitionError(f"{self.name}: the expression could not be evaluated at x = {point} within the "
                                      f"time budget (raise it with --budget)") from None
            except (TypeError, ValueError, ArithmeticError, RecursionError):
                raise DefinitionError(f"{self.name}: cannot evaluate the expression at x = {point}") from None
            if not (isinstance(re_, sp.Number) and isinstance(im_, sp.Number)):
                raise DefinitionError(f"{self.name}: cannot evaluate the expression at x = {point} (got {v})")
            if re_.has(sp.nan, sp.zoo) or im_.has(sp.nan, sp.zoo) or not re_.is_finite or not im_.is_finite:
                raise DefinitionError(f"{self.name}: the expression is undefined or infinite at x = {point} (value {v}); "
                                      "an activation must be finite at every real x")
            if abs(im_) > sp.Float("1e-12") * max(sp.Float(1), abs(re_)):
                raise DefinitionError(f"{self.name}: the expression is not real at x = {point} (value {v}); "
                                      "an activation must be real at every real x")
