"""What the names in a claim mean (:class:`Context`), the record of one link's verdict
(:class:`Link`) and how values and sets are shown in reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, cast

import mpmath
import sympy as sp

from .. import budget
from ..errors import DefinitionError, SymactError, UsageError
from ..results import Status
from ..spec import Activation, x as X

#: The verdicts, in the order a summary counts them (:class:`symact.results.Status`).
VERDICTS = tuple(s.value for s in Status)
#: Inequalities read the other way round.
FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
#: Digits of the evaluations that look for counterexamples (decisions are exact).
DIGITS = 50
#: Relative difference at 50 digits above which two values count as different.
TOLERANCE = mpmath.mpf(10) ** -25
#: Points every search tries first.
NICE_POINTS = [sp.Integer(0), sp.Integer(1), sp.Integer(-1), sp.Integer(2), sp.Integer(-2), sp.Rational(1, 2), sp.Rational(-1, 2),
               sp.Integer(3), sp.Integer(-3), sp.Rational(3, 2), sp.Rational(-3, 2), sp.Integer(5), sp.Integer(-5),
               sp.Rational(1, 4), sp.Rational(-1, 4), sp.Integer(10), sp.Integer(-10)]


class Unsupported(Exception):
    """A term the verifier cannot give meaning to (becomes an ``unknown`` link)."""


class UndefinedValue(Exception):
    """f^(k) at a point where it does not exist (ReLU'(0)): a claim about it is false."""

    def __init__(self, message: str, at: sp.Expr) -> None:
        super().__init__(message)
        self.at = at


@dataclass
class Link:
    """The verdict on one link, with how it was decided and what was checked."""

    verdict: str
    method: str
    reason: str
    counterexample: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    certificate: Any = None


def number_text(v: Any, digits: int = 17) -> str:
    """A value for a reason: exact numbers correctly rounded to ``digits`` significant digits."""
    if isinstance(v, sp.Basic) and v.is_number:  # exact: correctly rounded by ball arithmetic
        from ..render import decimal_text

        try:
            return decimal_text(v, digits)
        except ValueError:
            return str(sp.N(v, digits))
    if isinstance(v, (mpmath.mpf, mpmath.mpc)):
        return cast("str", mpmath.nstr(v, digits))
    return str(v)


def set_text(S: Any) -> str:
    """A set for people: (0, 1], [0, oo), {0, 1}, (-oo, 0) u (0, oo)."""
    if isinstance(S, sp.Interval):
        return f"{'(' if S.left_open else '['}{S.start}, {S.end}{')' if S.right_open else ']'}"
    if isinstance(S, sp.FiniteSet):
        return "{" + ", ".join(str(a) for a in S.args) + "}"
    if isinstance(S, sp.Union):
        return " u ".join(set_text(a) for a in S.args)
    if S == sp.S.Reals:
        return "R"
    return str(S)


def step_seconds() -> float:
    """The budget of one exact decision (40 % of a step budget)."""
    return budget.default_seconds() * 0.4


# ---------------------------------------------------------------------------------------
class Context:
    """What the names in a claim mean: f (and S) the activation, catalogue names."""

    def __init__(self, act: Activation | None, claim_symbols: set[sp.Symbol], domain: sp.Set = sp.S.Reals,
                 functions: Iterable[str] = ()) -> None:
        """``claim_symbols`` named like a parameter of an activation the claim uses (the
        claim's alpha and ELU's alpha) *are* that parameter, kept symbolic: the claim is then
        checked for every value of it."""
        self.domain = domain
        self.param_map: dict[sp.Symbol, sp.Symbol] = {}
        self._names = {s.name: s for s in claim_symbols}
        self._acts: dict[str, Activation] = {}
        self.act = self._symbolic(act) if act is not None else None
        for name in sorted(set(functions)):
            if name not in ("f", "S", "g", "h", "L"):
                try:
                    self.activation(name)
                except Unsupported:
                    pass

    def _symbolic(self, act: Activation) -> Activation:
        shared = [p for p in act.params if p.name in self._names]
        if not shared:
            return act
        for p in shared:
            mine = self._names[p.name]
            if mine in self.param_map and self.param_map[mine] != p.symbol:
                raise Unsupported(f"the symbol {p.name} is a parameter of two activations with different assumptions")
            self.param_map[mine] = p.symbol
        return act.with_params(**{p.name: None for p in shared})

    def activation(self, name: str) -> Activation:
        if name in ("f", "S"):
            if self.act is None:
                raise UsageError(f"the claim uses {name}: name the activation it means with --activation NAME")
            return self.act
        if name in ("g", "h", "L"):
            raise Unsupported(f"the function {name} is not defined")
        if name not in self._acts:
            from ..catalog import get

            try:
                self._acts[name] = self._symbolic(get(name))
            except SymactError:
                raise Unsupported(f"unknown function {name}") from None
        return self._acts[name]

    # -- f^(k)(arg) as an expression -----------------------------------------------------------
    def value(self, act: Activation, order: int, arg: sp.Expr) -> sp.Expr:
        from ..derive import derivative

        try:
            e = act.expr if order == 0 else budget.run(derivative, act, order, what=f"the derivative of order {order} of {act.name}")
        except budget.Timeout as exc:
            raise Unsupported(str(exc)) from None
        if arg == X:
            return e
        v = e.xreplace({X: arg})
        if not arg.free_symbols and (v.has(sp.nan, sp.zoo) or (isinstance(e, sp.Piecewise) and isinstance(v, sp.Piecewise))):
            raise UndefinedValue(self.undefined_reason(act, order, arg), arg)
        return cast("sp.Expr", v)

    def undefined_reason(self, act: Activation, order: int, arg: sp.Expr) -> str:
        from ..derive import one_sided

        name = f"{act.name}{ticks(order)}({arg})"
        for i, bp in enumerate(act.pieces.breakpoints):
            if bp.at == arg:
                try:
                    left, right = one_sided(act, i, order)
                except (budget.Timeout, Exception):  # noqa: BLE001 - the reason without the limits
                    break
                conv = f"; symact's kernels use PyTorch's convention, {act.kink_convention}" if act.kink_convention else ""
                return (f"{name} does not exist: the one-sided derivatives there are {left} (left) and {right} (right), "
                        f"so a value at x = {arg} is at most a convention, not a derivative{conv}")
        return f"{name} is not defined"

    def resolve(self, e: sp.Basic) -> sp.Expr:
        """The claim's expression with every named function replaced by its meaning."""
        if isinstance(e, sp.core.function.AppliedUndef):
            if not e.args:
                raise Unsupported(f"{type(e).__name__} has no argument here")
            if len(e.args) != 1:
                raise Unsupported(f"{type(e).__name__} with several arguments")
            return self.value(self.activation(type(e).__name__), 0, self.resolve(e.args[0]))
        if isinstance(e, sp.Derivative):
            if len(e.variable_count) != 1:
                raise Unsupported("mixed partial derivatives")
            v, k = e.variable_count[0]
            inner = e.expr
            if isinstance(inner, sp.core.function.AppliedUndef) and inner.args == (v,) and v == X:
                return self.value(self.activation(type(inner).__name__), int(k), X)
            if v != X:
                raise Unsupported(f"a derivative with respect to {v}")
            return self.diff(self.resolve(inner), int(k))
        if isinstance(e, sp.Subs):
            deriv, (u,), (arg,) = cast("tuple[sp.Expr, tuple[sp.Symbol], tuple[sp.Expr]]", e.args)
            arg = self.resolve(arg)
            if isinstance(deriv, sp.Derivative) and len(deriv.variable_count) == 1:
                v, k = deriv.variable_count[0]
                inner = deriv.expr
                if isinstance(inner, sp.core.function.AppliedUndef) and inner.args == (u,) and v == u:
                    return self.value(self.activation(type(inner).__name__), int(k), arg)
                body = self.resolve(inner.xreplace({u: X}))
                return cast("sp.Expr", self.diff(body, int(k)).xreplace({X: arg}))
            raise Unsupported("an unsupported substitution")
        if isinstance(e, sp.Symbol) and e in self.param_map:
            return self.param_map[e]
        if e.args and not isinstance(e, (sp.Symbol, sp.Number)):
            return cast("sp.Expr", e.func(*[self.resolve(a) for a in e.args]))
        return e  # type: ignore[return-value]

    def diff(self, body: sp.Expr, k: int) -> sp.Expr:
        """d^k/dx^k of an explicit expression; kinks handled by the derivation engine."""
        if not body.has(sp.Piecewise, sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign):
            try:  # d^12/dx^12 tanh(tanh(tanh x)) has millions of terms: a step like any other
                return cast("sp.Expr", budget.run(sp.diff, body, X, k, what=f"differentiating a term of the claim {k} times"))
            except budget.Timeout as exc:
                raise Unsupported(f"cannot differentiate the term {k} times: {exc}") from None
        if body.free_symbols <= {X}:
            from ..derive import derivative

            try:
                adhoc = Activation("claim_term", body, family="internal")
                return budget.run(derivative, adhoc, k, what="differentiating a term of the claim")
            except (DefinitionError, budget.Timeout) as exc:
                raise Unsupported(f"cannot differentiate {body}: {exc}") from None
        raise Unsupported("the derivative of a piecewise expression with parameters")

    # -- terms as f^(k) at independent points --------------------------------------------------
    def single(self, e: sp.Basic) -> tuple[Activation, int, sp.Symbol] | None:
        """``F(v)``, ``F^(k)(v)`` or the layer model's ``dS/da_i``: (activation, k, v)."""
        k = 0
        if isinstance(e, sp.Derivative) and len(e.variable_count) == 1:
            v, k = e.variable_count[0]
            e = e.expr
            if isinstance(e, sp.core.function.AppliedUndef) and e.args in ((v,), ()):
                pass
            else:
                return None
        else:
            v = None
        if not isinstance(e, sp.core.function.AppliedUndef):
            return None
        if e.args:
            if len(e.args) != 1 or not isinstance(e.args[0], sp.Symbol):
                return None
            v = e.args[0] if v is None else v
        if v is None:
            return None
        try:
            act = self.activation(type(e).__name__)
        except Unsupported:
            return None
        return act, int(k), v

    def product(self, e: sp.Basic) -> tuple[sp.Expr, list[tuple[Activation, int, sp.Symbol]]] | None:
        """A constant times f^(k_i)(v_i) at distinct independent points v_i."""
        factors = list(e.args) if isinstance(e, sp.Mul) else [e]
        coeff = sp.Integer(1)
        out = []
        for fac in factors:
            base, exp = (fac.base, fac.exp) if isinstance(fac, sp.Pow) and fac.exp.is_Integer and fac.exp > 0 else (fac, 1)
            if not base.free_symbols and not base.atoms(sp.core.function.AppliedUndef):
                coeff *= fac
                continue
            s = self.single(base)
            if s is None or exp != 1:
                return None
            out.append(s)
        if len({v for _, _, v in out}) != len(out) or not out:
            return None
        return coeff, out


def ticks(order: int) -> str:
    """Primes for a derivative order: ' '' ''' or ^(k)."""
    return "'" * order if order <= 3 else f"^({order})"
