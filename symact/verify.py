r"""Verify a claim written in LaTeX: ``proved``, ``refuted``, ``approximate`` or ``unknown``.

A claim is a chain ``t0 r1 t1 r2 t2 ...`` (:func:`symact.parse.parse_claim`); it holds when
every link ``t(i-1) r(i) t(i)`` holds, and every link is verified and reported
(:class:`~symact.results.VerifyStep`).  The claim's verdict is the weakest of its links:
refuted > unknown > approximate > proved.

How a link is decided (``proved`` only ever comes with a certificate that was checked):

* **identity** ``A = B`` between functions of x: the real line is cut at every breakpoint
  of either side (Piecewise conditions, ``|.|``, ``\max``, kinks of the activation); on each
  open interval the difference must be shown 0 by exact algebra
  (:func:`symact.rigorous.exact_zero`: expand, together, cancel, exponential forms; not
  simplify) within the time budget *and* agree at 50 digits on sample points (certificate:
  the differences and the points); at each breakpoint both values are compared exactly, on
  Arb balls.  Where the true derivative does not
  exist (ReLU' at 0) and the claim gives a value, the link is proved for x != 0 and the
  value is named a *convention*, with the one-sided derivatives.  A point where the sides
  differ is a counterexample (``refuted``).
* **constants** ``A = B``: exact arithmetic (rationals), else simplification plus 50-digit
  evaluation.  When one side is a decimal as written (:class:`symact.parse.DecimalLiteral`)
  and is not exact, it is ``approximate`` if it is the exact value rounded or truncated to
  the digits written (the reason says which, and which digits agree), else ``refuted``.
* **bounds** ``E op c`` and **ranges** ``E \in S``: first a search for a counterexample
  (50-digit evaluation on a grid, nice points and the roots of E = end point), then the
  prover (:mod:`symact.prove`: ``check_bound``, ``value_range``) for the certificate.  A
  product of derivatives at independent points (the article's
  ``\frac{\partial S}{\partial a_3}\frac{\partial S}{\partial a_2}\frac{\partial S}{\partial a_1}``)
  has the exact range R^n of the product of n factors each in the certified range R of f'.
* **the layer model** (chain rule): a claim with ``\frac{\partial N}{\partial v}`` over the
  article's network notation is read in the network x -> a_1 = W_1 x + b_1 -> f_1 = S(a_1)
  -> a_2 = W_2 f_1 + b_2 -> ... -> f_n, with a loss L = L(f_n); partial derivatives are
  derivatives through the network.  Identities are proved for a *generic* differentiable S
  and L (undefined SymPy functions), so they hold for every activation; the numeric check
  uses the named activation (or tanh) and L = sin.

* **values at a point** ``f'(0) = 1`` for ReLU: where f^(k) does not exist the claim is
  refuted, with the one-sided derivatives (a convention is not a derivative).
* **a domain** (``\text{for } x > 0``, ``, x \ne 0``): identities are checked on the domain
  only, counterexamples are searched there; the prover works on the whole line, so a
  bound it proves holds on the domain too, and one it refutes outside the domain stays
  ``unknown``.
* ``A \le B = D`` with D an approximate decimal: a note says whether ``A \le D`` holds
  with D as written (the article's truncated 9.094e-13 is below the attained 2^-40).

``unknown`` always says why (a time budget, no certificate, an unsupported form, a failed
evaluation).  Only :class:`~symact.errors.SymactError` (bad input) is raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import mpmath
import sympy as sp

from . import budget
from .errors import DefinitionError, ParseError, SymactError, UsageError
from .numeric import NumericError, compile_mp
from .sampling import sample_points
from .results import Verdict, VerifyStep
from . import rigorous as R
from .spec import Activation, x as X

__all__ = ["verify", "VERDICTS"]

VERDICTS = ("proved", "refuted", "approximate", "unknown")
_RANK = {"refuted": 3, "unknown": 2, "approximate": 1, "proved": 0}
_OPS = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_DPS = 50
#: Relative difference at 50 digits above which two values count as different.
_TOL = mpmath.mpf(10) ** -25
_NICE = [sp.Integer(0), sp.Integer(1), sp.Integer(-1), sp.Integer(2), sp.Integer(-2), sp.Rational(1, 2), sp.Rational(-1, 2),
         sp.Integer(3), sp.Integer(-3), sp.Rational(3, 2), sp.Rational(-3, 2), sp.Integer(5), sp.Integer(-5),
         sp.Rational(1, 4), sp.Rational(-1, 4), sp.Integer(10), sp.Integer(-10)]


class _Unsupported(Exception):
    """A term the verifier cannot give meaning to (becomes an ``unknown`` link)."""


class _UndefinedValue(Exception):
    """f^(k) at a point where it does not exist (ReLU'(0)): a claim about it is false."""

    def __init__(self, message: str, at: sp.Expr) -> None:
        super().__init__(message)
        self.at = at


@dataclass
class _Link:
    verdict: str
    method: str
    reason: str
    counterexample: dict | None = None
    notes: list[str] = field(default_factory=list)
    certificate: Any = None


def _num(v: Any, digits: int = 17) -> str:
    if isinstance(v, sp.Basic) and v.is_number:  # exact: correctly rounded by ball arithmetic
        from .render import decimal_text

        try:
            return decimal_text(v, digits)
        except ValueError:
            return str(sp.N(v, digits))
    if isinstance(v, (mpmath.mpf, mpmath.mpc)):
        return mpmath.nstr(v, digits)
    return str(v)


def _set_text(S: Any) -> str:
    """A set for people: (0, 1], [0, oo), {0, 1}, (-oo, 0) u (0, oo)."""
    if isinstance(S, sp.Interval):
        return f"{'(' if S.left_open else '['}{S.start}, {S.end}{')' if S.right_open else ']'}"
    if isinstance(S, sp.FiniteSet):
        return "{" + ", ".join(str(a) for a in S.args) + "}"
    if isinstance(S, sp.Union):
        return " u ".join(_set_text(a) for a in S.args)
    if S == sp.S.Reals:
        return "R"
    return str(S)


def _step_seconds() -> float:
    return budget.default_seconds() * 0.4


# ---------------------------------------------------------------------------------------
class _Context:
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
                except _Unsupported:
                    pass

    def _symbolic(self, act: Activation) -> Activation:
        shared = [p for p in act.params if p.name in self._names]
        if not shared:
            return act
        for p in shared:
            mine = self._names[p.name]
            if mine in self.param_map and self.param_map[mine] != p.symbol:
                raise _Unsupported(f"the symbol {p.name} is a parameter of two activations with different assumptions")
            self.param_map[mine] = p.symbol
        return act.with_params(**{p.name: None for p in shared})

    def activation(self, name: str) -> Activation:
        if name in ("f", "S"):
            if self.act is None:
                raise UsageError(f"the claim uses {name}: name the activation it means with --activation NAME")
            return self.act
        if name in ("g", "h", "L"):
            raise _Unsupported(f"the function {name} is not defined")
        if name not in self._acts:
            from .catalog import get

            try:
                self._acts[name] = self._symbolic(get(name))
            except SymactError:
                raise _Unsupported(f"unknown function {name}") from None
        return self._acts[name]

    # -- f^(k)(arg) as an expression -----------------------------------------------------------
    def value(self, act: Activation, order: int, arg: sp.Expr) -> sp.Expr:
        from .derive import derivative

        try:
            e = act.expr if order == 0 else budget.run(derivative, act, order, what=f"the derivative of order {order} of {act.name}")
        except budget.Timeout as exc:
            raise _Unsupported(str(exc)) from None
        if arg == X:
            return e
        v = e.xreplace({X: arg})
        if not arg.free_symbols and (v.has(sp.nan, sp.zoo) or (isinstance(e, sp.Piecewise) and isinstance(v, sp.Piecewise))):
            raise _UndefinedValue(self.undefined_reason(act, order, arg), arg)
        return v

    def undefined_reason(self, act: Activation, order: int, arg: sp.Expr) -> str:
        from .derive import one_sided

        name = f"{act.name}{_ticks(order)}({arg})"
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
                raise _Unsupported(f"{type(e).__name__} has no argument here")
            if len(e.args) != 1:
                raise _Unsupported(f"{type(e).__name__} with several arguments")
            return self.value(self.activation(type(e).__name__), 0, self.resolve(e.args[0]))
        if isinstance(e, sp.Derivative):
            if len(e.variable_count) != 1:
                raise _Unsupported("mixed partial derivatives")
            v, k = e.variable_count[0]
            inner = e.expr
            if isinstance(inner, sp.core.function.AppliedUndef) and inner.args == (v,) and v == X:
                return self.value(self.activation(type(inner).__name__), int(k), X)
            if v != X:
                raise _Unsupported(f"a derivative with respect to {v}")
            return self.diff(self.resolve(inner), int(k))
        if isinstance(e, sp.Subs):
            deriv, (u,), (arg,) = e.args
            arg = self.resolve(arg)
            if isinstance(deriv, sp.Derivative) and len(deriv.variable_count) == 1:
                v, k = deriv.variable_count[0]
                inner = deriv.expr
                if isinstance(inner, sp.core.function.AppliedUndef) and inner.args == (u,) and v == u:
                    return self.value(self.activation(type(inner).__name__), int(k), arg)
                body = self.resolve(inner.xreplace({u: X}))
                return self.diff(body, int(k)).xreplace({X: arg})
            raise _Unsupported("an unsupported substitution")
        if isinstance(e, sp.Symbol) and e in self.param_map:
            return self.param_map[e]
        if e.args and not isinstance(e, (sp.Symbol, sp.Number)):
            return e.func(*[self.resolve(a) for a in e.args])
        return e  # type: ignore[return-value]

    def diff(self, body: sp.Expr, k: int) -> sp.Expr:
        """d^k/dx^k of an explicit expression; kinks handled by the derivation engine."""
        if not body.has(sp.Piecewise, sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign):
            try:  # d^12/dx^12 tanh(tanh(tanh x)) has millions of terms: a step like any other
                return budget.run(sp.diff, body, X, k, what=f"differentiating a term of the claim {k} times")
            except budget.Timeout as exc:
                raise _Unsupported(f"cannot differentiate the term {k} times: {exc}") from None
        if body.free_symbols <= {X}:
            from .derive import derivative

            try:
                adhoc = Activation("claim_term", body, family="internal")
                return budget.run(derivative, adhoc, k, what="differentiating a term of the claim")
            except (DefinitionError, budget.Timeout) as exc:
                raise _Unsupported(f"cannot differentiate {body}: {exc}") from None
        raise _Unsupported("the derivative of a piecewise expression with parameters")

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
        except _Unsupported:
            return None
        return act, int(k), v  # type: ignore[return-value]

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


# ---------------------------------------------------------------------------------------
# numeric evaluation
def _evaluator(e: sp.Expr, variables: Sequence[sp.Symbol]):  # type: ignore[no-untyped-def]
    try:
        return compile_mp(e, tuple(variables))
    except NumericError as exc:
        raise _Unsupported(f"cannot evaluate {e} numerically ({exc})") from None


def _mp(a: Any) -> Any:
    """An exact SymPy number (or a Python number) as an mpmath number at the current precision."""
    if isinstance(a, sp.Rational):
        return mpmath.mpf(int(a.p)) / int(a.q)
    if isinstance(a, sp.Basic):
        return mpmath.mpf(str(sp.N(a, _DPS + 5)))
    return mpmath.mpf(a)


def _at(fn, *args: Any) -> Any:  # type: ignore[no-untyped-def]
    """fn at a point at 50 digits; None where undefined (or not real)."""
    with mpmath.workdps(_DPS):
        try:
            v = fn(*[_mp(a) for a in args])
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
    if isinstance(v, mpmath.mpc):
        if abs(mpmath.im(v)) > mpmath.mpf(10) ** -40 * max(1, abs(v)):
            return None
        v = mpmath.re(v)
    if not isinstance(v, mpmath.mpf) or mpmath.isnan(v):
        return None
    return v


def _differ(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    if mpmath.isinf(a) or mpmath.isinf(b):
        return a != b
    return abs(a - b) > _TOL * max(1, abs(a), abs(b))


def _sign(d: sp.Expr) -> int | None:
    """The sign of a constant, decided on Arb balls at adaptive precision (0 only by an exact
    zero test); None if undecided.

    Never SymPy's relational evaluation or a float: ``log(1 + exp(-100)) > 0`` evaluates to
    False in SymPy 1.14 (15-digit cancellation), which would refute a true claim."""
    d = sp.Integer(d) if isinstance(d, int) else sp.sympify(d)
    if d == 0:
        return 0
    if d.is_Rational:
        return 1 if d > 0 else -1
    if d.free_symbols or d.has(sp.nan, sp.zoo):
        return None
    if d == sp.oo:
        return 1
    if d == -sp.oo:
        return -1
    try:
        return budget.run(lambda: R.sign_of_constant(d), seconds=_step_seconds(), what="deciding the sign of a constant")
    except (budget.Timeout, Exception):  # noqa: BLE001 - undecided
        return None


def _holds(a: sp.Expr, op: str, b: sp.Expr) -> bool | None:
    """a op b for constants (op in < <= > >= = !=), or None when undecided."""
    s = _sign(a - b)
    if s is None:
        return None
    return {"<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0, "=": s == 0, "!=": s != 0}[op]


def _contains(S: sp.Set, v: sp.Expr) -> bool | None:
    """v in S for a constant v (intervals, finite sets, unions, the reals)."""
    if S == sp.S.Reals:
        return True if v.is_extended_real is not False and v.is_finite is not False else False
    if isinstance(S, sp.Union):
        res = [_contains(a, v) for a in S.args]
        return True if any(r is True for r in res) else (None if any(r is None for r in res) else False)
    if isinstance(S, sp.FiniteSet):
        res = [_holds(v, "=", a) for a in S.args]
        return True if any(r is True for r in res) else (None if any(r is None for r in res) else False)
    if isinstance(S, sp.Interval):
        lo = True if S.start == -sp.oo else _holds(v, ">" if S.left_open else ">=", S.start)
        hi = True if S.end == sp.oo else _holds(v, "<" if S.right_open else "<=", S.end)
        if lo is False or hi is False:
            return False
        if lo and hi:
            return True
        return None
    if S == sp.S.EmptySet:
        return False
    return None


def _interval_in(I: sp.Interval, J: sp.Interval) -> bool | None:
    """I within J, deciding the ends with :func:`_sign` (never SymPy's 15-digit compare)."""
    def end_ok(a: sp.Expr, a_open: bool, b: sp.Expr, b_open: bool, lower: bool) -> bool | None:
        if b in (-sp.oo, sp.oo):
            return (b == -sp.oo) if lower else (b == sp.oo)
        if a in (-sp.oo, sp.oo):
            return False
        sg = _sign(a - b)
        if sg is None:
            return None
        if sg == 0:
            return a_open or not b_open
        return sg > 0 if lower else sg < 0

    lo = end_ok(I.start, I.left_open, J.start, J.left_open, True)
    hi = end_ok(I.end, I.right_open, J.end, J.right_open, False)
    if lo is False or hi is False:
        return False
    return True if lo and hi else None


def _subset(R: sp.Set, S: sp.Set) -> bool | None:
    """R a subset of S for unions of intervals and points (robust at the end points)."""
    if S == sp.S.Reals:
        return True
    if R == sp.S.EmptySet:
        return True
    comps = R.args if isinstance(R, sp.Union) else (R,)
    targets = S.args if isinstance(S, sp.Union) else (S,)
    verdicts = []
    for c in comps:
        if isinstance(c, sp.FiniteSet):
            verdicts.append(_all3([_contains(S, p) for p in c.args]))
        elif isinstance(c, sp.Interval):
            inside = [_interval_in(c, t) if isinstance(t, sp.Interval) else (False if isinstance(t, sp.FiniteSet) else None) for t in targets]
            verdicts.append(True if any(v is True for v in inside) else (None if any(v is None for v in inside) else False))
        else:
            verdicts.append(None)
    return _all3(verdicts)


def _all3(vs: Sequence[bool | None]) -> bool | None:
    if any(v is False for v in vs):
        return False
    return True if all(v is True for v in vs) else None


def _params_samples(symbols: Iterable[sp.Symbol]) -> list[dict[sp.Symbol, sp.Rational]]:
    syms = sorted(symbols, key=lambda s: s.name)
    if not syms:
        return [{}]
    out = []
    for k, base in enumerate((sp.Rational(7, 10), sp.Rational(13, 10), sp.Rational(21, 10))):
        d = {}
        for j, s in enumerate(syms):
            v = base + sp.Rational(j, 7)
            if not (s.is_positive or s.is_nonnegative) and k == 2:
                v = -v
            if s.is_negative:
                v = -v
            d[s] = v
        out.append(d)
    return out


# ---------------------------------------------------------------------------------------
# identities between functions of x
def _pw_free(e: sp.Expr) -> sp.Expr:
    if e.has(sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign):
        e = e.rewrite(sp.Piecewise)
    return e


def _breakpoints(e: sp.Expr) -> set[sp.Expr]:
    from .pieces import _boundaries

    out: set[sp.Expr] = set()
    for pw in _pw_free(e).atoms(sp.Piecewise):
        for _, cond in pw.args:
            try:
                out |= _boundaries(cond)
            except DefinitionError as exc:
                raise _Unsupported(str(exc)) from None
    pts = set()
    for p in out:
        if p.free_symbols:
            raise _Unsupported(f"a breakpoint at x = {p} depends on parameters")
        if p.is_real and p.is_finite:
            pts.add(p)
    return pts


class _Undefined(Exception):
    pass


def _branch_at(e: sp.Expr, point: sp.Expr) -> sp.Expr:
    """e with every Piecewise replaced by the branch that holds at x = point."""

    from .pieces import decide_at

    def pick(pw: sp.Piecewise) -> sp.Expr:
        for v, c in pw.args:
            t = decide_at(c, point)  # each relation decided on Arb balls, never at 15 digits
            if t is True:
                return v
            if t is None:
                raise _Unsupported(f"cannot decide the condition {c} at x = {point}")
        raise _Undefined()

    return _pw_free(e).replace(lambda a: isinstance(a, sp.Piecewise), pick)


def _value_at(e: sp.Expr, point: sp.Expr) -> sp.Expr | None:
    try:
        b = _branch_at(e, point)
    except _Undefined:
        return None
    v = b.xreplace({X: point})  # exact; not simplified (simplify is not trusted with constants)
    if v.has(sp.nan, sp.zoo) or v.is_finite is False:
        return None
    return v


def _exact_equal(a: sp.Expr, b: sp.Expr) -> bool | None:
    """a == b for exact numbers: True by an exact zero test, False when Arb balls of a - b
    exclude 0, None if undecided (never simplify, which can return 0 for a non-zero constant)."""
    d = a - b
    if d == 0:
        return True
    if d.is_Rational:
        return False
    if not d.free_symbols:
        sg = _sign(d)
        return None if sg is None else sg == 0
    try:
        return True if budget.run(lambda: R.exact_zero(d), seconds=_step_seconds(), what="comparing two values") else None
    except budget.Timeout:
        return None


def _interval_points(lo: sp.Expr, hi: sp.Expr, n: int = 24) -> list[sp.Expr]:
    nice = [p for p in _NICE if (lo == -sp.oo or p > lo) and (hi == sp.oo or p < hi)]
    if lo != -sp.oo and hi != sp.oo:
        nice += [lo + (hi - lo) * sp.Rational(k, 7) for k in (1, 3, 5, 6)]
    elif lo != -sp.oo:
        nice += [lo + sp.Rational(1, 3), lo + 1, lo + 7]
    elif hi != sp.oo:
        nice += [hi - sp.Rational(1, 3), hi - 1, hi - 7]
    flo = -30.0 if lo == -sp.oo else float(lo)
    fhi = 30.0 if hi == sp.oo else float(hi)
    flo, fhi = max(flo, -30.0), min(fhi, 30.0)
    extra: list[sp.Expr] = []
    if fhi > flo:
        span = fhi - flo
        for p in sample_points(n, flo, fhi, seed=11, gap=0):
            if flo + 1e-6 * span < p < fhi - 1e-6 * span:
                extra.append(sp.Rational(mpmath.nstr(p, 12)))
    seen = []
    for p in nice + extra:
        if p not in seen:
            seen.append(p)
    return seen


def _sorted_points(points: Iterable[sp.Expr]) -> list[sp.Expr]:
    """Exact points in increasing order, compared on Arb balls; points shown equal are one."""
    import functools

    def cmp(a: sp.Expr, b: sp.Expr) -> int:
        c = R.compare(a, b)
        if c is None:
            raise _Unsupported(f"cannot order the breakpoints {a} and {b}")
        return c

    out: list[sp.Expr] = []
    for p in sorted(points, key=functools.cmp_to_key(cmp)):
        if not out or cmp(out[-1], p) != 0:
            out.append(p)
    return out


def _confirmed_differ(a: sp.Expr, b: sp.Expr, p: sp.Expr, ps: dict) -> bool:
    """A difference seen at 50 digits, confirmed exactly: a(p) - b(p) has a sign on Arb
    balls (or exactly one side is undefined there)."""
    env = {X: p, **ps}
    va, vb = a.xreplace(env), b.xreplace(env)
    bad = [v.has(sp.nan, sp.zoo) or v.is_finite is False for v in (va, vb)]
    if bad[0] or bad[1]:
        return bad[0] != bad[1]
    return _sign(va - vb) in (1, -1)


def _exact_identity(d: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    """d(x) == 0 on (lo, hi), shown by exact algebra (:func:`symact.rigorous.exact_zero`),
    also after writing x = lo + t or hi - t with t > 0 (so that |x - lo| = x - lo there).
    SymPy's simplify alone is not trusted to prove an identity."""
    if d == 0:
        return True
    forms = [d]
    if lo != -sp.oo or hi != sp.oo:
        t = sp.Dummy("t", positive=True)
        forms.append(d.xreplace({X: lo + t if lo != -sp.oo else hi - t}))
    for form in forms:
        try:
            if budget.run(lambda: R.exact_zero(form, seconds=_step_seconds()), seconds=2 * _step_seconds(), what="an exact zero test"):
                return True
        except budget.Timeout:
            continue
    return False


def _identity(A: sp.Expr, B: sp.Expr, ctx: _Context, names: tuple[str, str]) -> _Link:
    """A(x) = B(x) for every real x (and every parameter value)."""
    params = sorted((A.free_symbols | B.free_symbols) - {X}, key=lambda s: s.name)
    if X not in A.free_symbols | B.free_symbols:
        return _constants(A, B, params)
    dom = ctx.domain
    dom_points = {p for p in (dom.boundary.args if isinstance(dom.boundary, sp.FiniteSet) else ()) if p.is_finite} if dom != sp.S.Reals else set()
    bps = _sorted_points(_breakpoints(A) | _breakpoints(B) | dom_points)
    edges = [-sp.oo, *bps, sp.oo]
    samples = _params_samples(params)
    variables = [X, *params]
    pieces_cert = []
    unknown_reasons = []
    notes: list[str] = []
    from .pieces import Piece, _inside

    for lo, hi in zip(edges, edges[1:]):
        mid = _inside(lo, hi)
        if dom != sp.S.Reals and _contains(dom, mid) is not True:
            continue  # outside the claim's domain
        try:
            a = _branch_at(A, mid)
            b = _branch_at(B, mid)
        except _Undefined:
            side = "left" if _defined_at(A, mid) is False else "right"
            return _Link("refuted", "piecewise comparison", f"the {side} side is not defined on the interval ({lo}, {hi})",
                         {"x": str(mid), "lhs": "undefined" if side == "left" else "defined", "rhs": "undefined" if side == "right" else "defined"})
        fa, fb = _evaluator(a, variables), _evaluator(b, variables)
        only_one_defined = None  # a point where one side is undefined: shown only if no point where both are defined differs
        for ps in samples:
            pv = [ps[s] for s in params]
            for p in _interval_points(lo, hi):
                va, vb = _at(fa, p, *pv), _at(fb, p, *pv)
                if va is None and vb is None:
                    continue
                if _differ(va, vb) and _confirmed_differ(a, b, p, ps):
                    ce = {"x": str(p), "lhs": _num(va) if va is not None else "undefined", "rhs": _num(vb) if vb is not None else "undefined"}
                    if params:
                        ce["params"] = {s.name: str(v) for s, v in ps.items()}
                    link = _Link("refuted", "evaluation at 50 digits",
                                 f"the sides differ at x = {p}: {names[0]} = {ce['lhs']}, {names[1]} = {ce['rhs']}", ce)
                    if any(v is None or (isinstance(v, mpmath.mpf) and mpmath.isinf(v)) for v in (va, vb)):
                        only_one_defined = only_one_defined or link
                        continue
                    return link
        if only_one_defined is not None:
            return only_one_defined
        diff = a - b
        ok = _exact_identity(diff, lo, hi)
        interval = str(sp.Interval.open(lo, hi))
        pieces_cert.append({"interval": interval, "lhs": str(a), "rhs": str(b), "difference_simplifies_to_zero": ok,
                            "set": sp.Interval.open(lo, hi)})
        if not ok:
            unknown_reasons.append(
                f"on {interval} the sides agree to 25+ digits at every sample point, but SymPy could not "
                f"simplify {names[0]} - {names[1]} to 0 within the time budget"
            )
    points_cert = []
    bps = [p for p in bps if dom == sp.S.Reals or _contains(dom, p) is True]
    for p in bps:
        va, vb = _value_at(A, p), _value_at(B, p)
        entry = {"x": str(p), "lhs": None if va is None else str(va), "rhs": None if vb is None else str(vb)}
        points_cert.append(entry)
        if va is not None and vb is not None:
            eq = _exact_equal(va, vb)
            if eq is False:
                return _Link("refuted", "exact value at a breakpoint", f"the sides differ at x = {p}: {va} and {vb}",
                             {"x": str(p), "lhs": str(va), "rhs": str(vb)})
            if eq is None:
                unknown_reasons.append(f"at x = {p} the values {va} and {vb} could not be compared exactly")
            continue
        if va is None and vb is None:
            notes.append(f"at x = {p} neither side is defined")
            continue
        undefined_side, defined_value = (0, vb) if va is None else (1, va)
        expr = A if va is None else B
        left, right = _one_sided(expr, p, edges)
        what = names[undefined_side]
        conv = ctx.act.kink_convention if ctx.act is not None and ctx.act.kink_convention else ""
        if _is_derivative_side(what) and left is not None and right is not None:
            between = _between(defined_value, left, right)
            if between:
                which = ("the right derivative" if _exact_equal(defined_value, right) else "the left derivative"
                         if _exact_equal(defined_value, left) else "a value between the one-sided derivatives")
                notes.append(
                    f"at x = {p} the derivative does not exist: the one-sided derivatives are {left} (left) and {right} (right), "
                    f"so the function is not differentiable there; the claim's value {defined_value} at x = {p} "
                    f"({which}) is a convention, not a derivative"
                    + (f"; symact's kernels use PyTorch's convention, {conv}" if conv else "")
                )
                continue
            if between is False:
                return _Link("refuted", "one-sided derivatives at a kink",
                             f"at x = {p} the derivative does not exist (one-sided derivatives {left} and {right}) and the claim's value "
                             f"{defined_value} is not even between them",
                             {"x": str(p), "lhs": "undefined" if va is None else str(va), "rhs": "undefined" if vb is None else str(vb)})
        if not _is_derivative_side(what):
            # the written expression is not defined at p, the other side is: the claim is false
            # there (as (x^2-1)/(x-1) = x+1 is at x = 1), whatever SymPy's evaluation forgot
            return _Link("refuted", "exact value at a breakpoint",
                         f"at x = {p} {what} is not defined, while {names[1 - undefined_side]} has the value {defined_value}",
                         {"x": str(p), "lhs": "undefined" if va is None else str(va), "rhs": "undefined" if vb is None else str(vb)})
        notes.append(f"at x = {p} only one side is defined ({names[1 - undefined_side]} = {defined_value}); the claim is checked for x != {p}")
    shown_sets = [c.pop("set") for c in pieces_cert]
    cert = {"kind": "piecewise identity", "pieces": pieces_cert, "breakpoints": points_cert, "digits": _DPS}
    if dom != sp.S.Reals:
        cert["domain"] = str(dom)
    if unknown_reasons:
        return _Link("unknown", "piecewise identity", "; ".join(unknown_reasons), None, notes, cert)
    skipped = [str(p) for p, e in zip(bps, points_cert) if e["lhs"] is None or e["rhs"] is None]
    if not pieces_cert:
        return _Link("unknown", "piecewise identity", f"no interval of the domain {_set_text(dom)} to check")
    if not bps and len(pieces_cert) == 1:
        reason = "the difference simplifies to 0 and vanishes at 50 digits on sample points"
    else:
        shown = ", ".join(_set_text(S) for S in shown_sets)
        reason = f"on each of {shown} the difference simplifies to 0 and vanishes at 50 digits on sample points"
        agreed = [str(p) for p, e in zip(bps, points_cert) if e["lhs"] is not None and e["rhs"] is not None]
        if agreed:
            reason += f"; the values agree at x = {', '.join(agreed)}"
        if skipped:
            reason += f"; proved for x != {', '.join(skipped)}"
    if dom != sp.S.Reals:
        reason += f" (for x in {_set_text(dom)}, the claim's domain)"
    if params:
        reason += f", for every value of {', '.join(p.name for p in params)} (checked at several values)"
    return _Link("proved", "symbolic identity", reason, None, notes, cert)


def _between(v: sp.Expr, a: sp.Expr, b: sp.Expr) -> bool | None:
    """Whether v lies between a and b (inclusive): a convention at a kink may be any value
    between the one-sided derivatives (for a convex or concave kink: the subdifferential)."""
    lo_ok = [_holds(v, ">=", a), _holds(v, ">=", b)]
    hi_ok = [_holds(v, "<=", a), _holds(v, "<=", b)]
    if None in lo_ok or None in hi_ok:
        return None
    return (lo_ok[0] and hi_ok[1]) or (lo_ok[1] and hi_ok[0])


def _defined_at(e: sp.Expr, point: sp.Expr) -> bool:
    try:
        _branch_at(e, point)
        return True
    except _Undefined:
        return False


def _is_derivative_side(name: str) -> bool:
    return "'" in name or "\\prime" in name or "^{(" in name or "\\frac{d" in name or "\\partial" in name


def _one_sided(e: sp.Expr, p: sp.Expr, edges: list[sp.Expr]) -> tuple[sp.Expr | None, sp.Expr | None]:
    from .pieces import _inside

    i = edges.index(p)
    out = []
    for lo, hi in ((edges[i - 1], p), (p, edges[i + 1])):
        try:
            br = _branch_at(e, _inside(lo, hi))
            v = br.xreplace({X: p})
            if v.has(sp.nan, sp.zoo) or v.is_finite is False:
                v = budget.run(sp.limit, br, X, p, "-" if hi == p else "+", seconds=_step_seconds(), what="a one-sided limit")
            out.append(budget.run(sp.simplify, v, seconds=_step_seconds(), what="simplifying a one-sided limit"))
        except (_Undefined, _Unsupported, budget.Timeout, Exception):  # noqa: BLE001 - no limit: no convention note
            out.append(None)
    return out[0], out[1]


# ---------------------------------------------------------------------------------------
# constants and decimals
def _constants(A: sp.Expr, B: sp.Expr, params: Sequence[sp.Symbol] = ()) -> _Link:
    if params:
        return _identity_params(A, B, params)
    eq = _exact_equal(A, B)
    if eq:
        return _Link("proved", "exact arithmetic", f"both sides equal {A if A.is_Rational else B}" if (A.is_Rational or B.is_Rational) else "the difference simplifies to 0",
                     certificate={"kind": "exact", "difference": "0"})
    if eq is None:
        nonreal = [e for e in (A, B) if e.is_real is False]
        if nonreal:  # e.g. 2*(-1)**(1/3), SymPy's principal (complex) cube root of -8
            return _Link("unknown", "exact arithmetic", f"{nonreal[0]} is not a real number (about {sp.N(nonreal[0], 17)}: "
                         "SymPy's principal complex root), so the sides cannot be compared as real numbers")
        return _Link("unknown", "exact arithmetic", f"{A} and {B} agree to 2048 bits but could not be shown equal")
    # display only (the verdict was decided on Arb balls): enough correctly rounded digits to see the difference
    digits = next((n for n in (17, 25, 35, 45) if _num(A, n) != _num(B, n)), 45)
    ta, tb = _num(A, digits), _num(B, digits)
    return _Link("refuted", "exact arithmetic", f"{A} = {ta} is not {B} = {tb}", {"x": None, "lhs": ta, "rhs": tb})


def _identity_params(A: sp.Expr, B: sp.Expr, params: Sequence[sp.Symbol]) -> _Link:
    d = A - B
    try:  # exact algebra only: simplify is not trusted to prove an identity on its own
        z = sp.Integer(0) if budget.run(lambda: R.exact_zero(d, seconds=_step_seconds()), seconds=2 * _step_seconds(), what="an exact zero test") else d
    except budget.Timeout:
        z = d
    for ps in _params_samples(params):
        va, vb = sp.N(A.xreplace(ps), _DPS), sp.N(B.xreplace(ps), _DPS)
        if va.is_Number and vb.is_Number and abs(va - vb) > sp.Float(10) ** -25 * max(1, abs(va), abs(vb)):
            return _Link("refuted", "evaluation at 50 digits", f"the sides differ for {', '.join(f'{k} = {v}' for k, v in ps.items())}",
                         {"x": None, "lhs": str(va), "rhs": str(vb), "params": {k.name: str(v) for k, v in ps.items()}})
    if z == 0:
        return _Link("proved", "symbolic identity", "the difference simplifies to 0 for every value of the parameters",
                     certificate={"kind": "identity", "difference": "0"})
    return _Link("unknown", "symbolic identity", "the sides agree numerically but the difference could not be simplified to 0")


def _decimal(exact: sp.Expr, lit: Any, exact_text: str) -> _Link:
    """Is the decimal ``lit`` (as written) a rounding or truncation of ``exact``?

    Decided on Arb balls (:func:`symact.rigorous.is_rounding`, ``is_truncation``): never on
    a float or a 50-digit approximation."""
    written = lit.value
    unit = sp.Integer(10) ** (lit.exponent - (len(lit.mantissa.split(".")[1]) if "." in lit.mantissa else 0))
    is_round = R.is_rounding(exact, written, unit)
    is_trunc = R.is_truncation(exact, written, unit)
    if is_round is None or is_trunc is None:
        return _Link("unknown", "decimal comparison", "the exact value lies too close to a rounding boundary to decide")
    fl = R.floor_of(exact / unit)
    if exact.is_Rational:
        exact_float = mpmath.mpf(exact.p) / exact.q
    else:
        with mpmath.workdps(_DPS + 10):
            exact_float = mpmath.mpf(str(sp.N(exact, _DPS + 10)))  # for display only
    rounded = None
    if fl is not None:
        up = R.is_rounding(exact, (fl + 1) * unit, unit)
        rounded = sp.Integer(fl + 1) if up else sp.Integer(fl)
    from .render import decimal_of

    terminating = decimal_of(exact, 60) if exact.is_Rational and int(exact.q) != 1 else None
    if terminating:
        with mpmath.workdps(80):
            shown = mpmath.nstr(mpmath.mpf(exact.p) / exact.q, 70, min_fixed=-4, max_fixed=6)  # exact: a terminating decimal
    else:
        shown = mpmath.nstr(exact_float, max(lit.digits + 6, 17), min_fixed=-4, max_fixed=6) + "..."
    sig = lit.digits
    if is_round or is_trunc:
        if is_round and is_trunc:
            how = f"a rounding (and a truncation) to {sig} significant digits"
        elif is_round:
            how = f"a rounding to {sig} significant digits"
        elif rounded is not None:
            how = f"a truncation to {sig} significant digits (rounded it would be {_fmt_decimal(rounded * unit, lit)})"
        else:
            how = f"a truncation to {sig} significant digits"
        return _Link("approximate", "decimal comparison",
                     f"{lit.text} is not exact: {exact_text} = {shown}; the written value is {how}",
                     certificate={"kind": "decimal", "exact": str(exact), "written": str(written), "digits": sig,
                                  "rounding": bool(is_round), "truncation": bool(is_trunc)})
    agree = _agreeing_digits(exact_float, written)
    return _Link("refuted", "decimal comparison",
                 f"{lit.text} is neither a rounding nor a truncation of {exact_text} = {shown} to {sig} significant digits "
                 f"({'only ' if agree else ''}{agree} leading significant digit{'s agree' if agree != 1 else ' agrees'})",
                 {"x": None, "lhs": shown, "rhs": str(lit.text)})


def _fmt_decimal(r: sp.Rational, lit: Any) -> str:
    """The exact decimal r (a multiple of the literal's unit) written like the literal."""
    places = len(lit.mantissa.split(".")[1]) if "." in lit.mantissa else 0
    n = r / sp.Integer(10) ** lit.exponent * sp.Integer(10) ** places  # an integer
    n = int(n)
    digits = str(abs(n)).rjust(places + 1, "0")
    s = ("-" if n < 0 else "") + (digits[:-places] + "." + digits[-places:] if places else digits)
    return s + (f" \\times 10^{{{lit.exponent}}}" if lit.exponent else "")


def _agreeing_digits(exact: Any, written: sp.Rational) -> int:
    with mpmath.workdps(_DPS):
        return _agreeing_digits_at(exact, written)


def _agreeing_digits_at(exact: Any, written: sp.Rational) -> int:
    a = mpmath.nstr(abs(exact), 30, min_fixed=-mpmath.inf, max_fixed=mpmath.inf).replace(".", "").lstrip("0")
    b_val = mpmath.mpf(abs(written.p)) / written.q
    b = mpmath.nstr(b_val, 30, min_fixed=-mpmath.inf, max_fixed=mpmath.inf).replace(".", "").lstrip("0")
    if mpmath.floor(mpmath.log10(abs(exact))) != mpmath.floor(mpmath.log10(b_val)):
        return 0
    n = 0
    for c, d in zip(a, b):
        if c != d:
            break
        n += 1
    return n


# ---------------------------------------------------------------------------------------
# bounds and ranges
def _prover():  # type: ignore[no-untyped-def]
    try:
        from . import prove  # noqa: F401 - built on the prover branch
    except ImportError:
        return None
    return prove


def _term_function(e: sp.Expr, ctx: _Context) -> tuple[Activation, int, sp.Expr] | None:
    """The activation and order if the term is f^(k)(x); otherwise an ad-hoc activation of the
    resolved term (order 0), when it is a function of x alone."""
    s = ctx.single(e)
    if s is not None and s[2] == X:
        return s[0], s[1], ctx.value(s[0], s[1], X)
    r = ctx.resolve(e)
    if r.free_symbols == {X}:
        try:
            return Activation("claim_term", r, family="internal"), 0, r
        except DefinitionError as exc:
            raise _Unsupported(f"this term is not a real function of x ({exc})") from None
    return None


def _search(fn, ok, avoid: Iterable[sp.Expr] = (), domain: sp.Set = sp.S.Reals) -> tuple[sp.Expr, Any] | None:  # type: ignore[no-untyped-def]
    """The first point x of ``domain`` (nice points, a grid, large |x|, both sides of
    breakpoints) where ``ok(x, value)`` is False."""
    pts: list[sp.Expr] = list(_NICE)
    pts += [sp.Rational(k, 10) for k in range(-200, 201) if k % 5]
    pts += [sp.Integer(s * 10**e) for e in range(2, 7) for s in (1, -1)]
    pts += [sp.Integer(s) * sp.Rational(m, 2) for s in (1, -1) for m in range(41, 120, 7)]
    for p in avoid:
        for eps in (sp.Rational(1, 1000), sp.Rational(1, 10**6)):
            pts += [p - eps, p + eps]
    for p in pts:
        if domain != sp.S.Reals and _contains(domain, p) is not True:
            continue
        v = _at(fn, p)
        if v is not None and not ok(p, v):
            return p, v
    return None


def _exact_at(expr: sp.Expr, p: sp.Expr) -> sp.Expr | None:
    """expr at x = p, exactly (None where undefined or not decidable in the budget)."""
    try:
        v = _value_at(expr, p)
    except (_Unsupported, budget.Timeout):
        return None
    return v


#: Exact evaluations a counterexample search may spend on values too close to a bound to
#: decide at 50 digits (after that such points are skipped: never a false refutation).
_EXACT_CHECKS = 8


def _bound_ok(expr: sp.Expr, op: str, c: sp.Expr, cm: Any):  # type: ignore[no-untyped-def]
    """ok(x, value) for the bound ``expr op c``: a 50-digit filter; a point where it seems to
    fail (or is too close to tell) is decided exactly on Arb balls, and only a failure
    confirmed there counts (never a refutation from a rounded number)."""
    budget_left = [_EXACT_CHECKS]

    def ok(p: sp.Expr, v: Any) -> bool:
        slack = _TOL * max(1, abs(cm))
        if abs(v - cm) > slack and {"<": v < cm, "<=": v <= cm, ">": v > cm, ">=": v >= cm}[op]:
            return True
        if budget_left[0] <= 0:
            return True
        budget_left[0] -= 1
        ex = _exact_at(expr, p)
        if ex is None:
            return True
        return _holds(ex, op, c) is not False

    return ok


def _member_ok(expr: sp.Expr, S: sp.Set):  # type: ignore[no-untyped-def]
    budget_left = [_EXACT_CHECKS]

    def ok(p: sp.Expr, v: Any) -> bool:
        inside = _in_set(v, S)
        if inside is True:
            return True
        if budget_left[0] <= 0:  # outside or undecided at 50 digits: confirm exactly
            return True
            return True
        budget_left[0] -= 1
        ex = _exact_at(expr, p)
        if ex is None:
            return True
        return _contains(S, ex) is not False

    return ok


def _bound(e: sp.Expr, op: str, c: sp.Expr, ctx: _Context, lhs_text: str, rhs_text: str) -> _Link:
    """For every x (or every a_i): e op c, with c a constant."""
    if c.free_symbols:
        raise _Unsupported("a bound with parameters")
    prod = ctx.product(e)
    if prod is not None and not (len(prod[1]) == 1 and prod[1][0][2] == X and prod[0] == 1):
        return _product_relation(prod, ("bound", op, c), ctx)
    tf = _term_function(e, ctx)
    if tf is None:
        raise _Unsupported("a bound on a term that is not a function of x alone")
    return _bound_on(tf, op, c, lhs_text, rhs_text, ctx.domain)


def _bound_expr(expr: sp.Expr, op: str, c: sp.Expr, lhs_text: str, rhs_text: str, domain: sp.Set = sp.S.Reals) -> _Link:
    try:
        act = Activation("claim_term", expr, family="internal")
    except DefinitionError as exc:
        raise _Unsupported(f"this term is not a real function of x ({exc})") from None
    return _bound_on((act, 0, expr), op, c, lhs_text, rhs_text, domain)


def _bound_on(tf: tuple[Activation, int, sp.Expr], op: str, c: sp.Expr, lhs_text: str, rhs_text: str, domain: sp.Set = sp.S.Reals) -> _Link:
    act, order, expr = tf
    fn = _evaluator(expr, [X])
    with mpmath.workdps(_DPS):
        cm = mpmath.mpf(str(sp.N(c, _DPS)))  # the 50-digit filter only; decisions are exact
    hit = _search(fn, _bound_ok(expr, op, c, cm), [bp.at for bp in act.pieces.breakpoints] if not act.free_params else [], domain)
    if hit is not None:
        p, v = hit
        return _Link("refuted", "evaluation", f"at x = {p}: {lhs_text} = {_num(v)}, which is not {op} {rhs_text}",
                     {"x": str(p), "lhs": _num(v), "rhs": str(c) if c.is_Rational else _num(cm)})
    prove = _prover()
    if prove is None:
        return _Link("unknown", "prover", "no counterexample found on a dense grid, but the prover (symact.prove) is not available to certify the bound")
    try:
        claim = prove.check_bound(act, order, op, c)
    except (budget.Timeout, SymactError, NotImplementedError) as exc:
        return _Link("unknown", "prover", f"the prover could not decide the bound: {exc}")
    return _from_prover(claim, f"for all x: {lhs_text} {op} {rhs_text}", expr, domain)


def _from_prover(claim: Any, what: str, expr: sp.Expr | None = None, domain: sp.Set = sp.S.Reals) -> _Link:
    status = getattr(claim, "status", "unknown")
    method = f"prover: {getattr(claim, 'method', '') or getattr(claim, 'property', '')}".rstrip(": ")
    cert = _jsonable(getattr(claim, "certificate", None))
    if status == "proved":
        notes = [] if domain == sp.S.Reals else [f"proved for every real x, in particular for x in {_set_text(domain)}"]
        return _Link("proved", method, f"{what}: proved by the prover (certificate checked)", None, notes, cert)
    if status == "refuted":
        ce = getattr(claim, "counterexample", None) or {}
        out = None
        px = ce.get("x") if isinstance(ce, dict) else None
        if px is not None and expr is not None:
            try:
                p = px if isinstance(px, sp.Basic) else sp.Rational(str(px))
                v = _at(_evaluator(expr, [X]), p)
            except (_Unsupported, TypeError, ValueError):
                p, v = px, None
            if domain != sp.S.Reals and (not isinstance(p, sp.Basic) or _contains(domain, p) is not True):
                return _Link("unknown", method, f"{what}: false somewhere on the real line (x = {px}), not decided on {_set_text(domain)}")
            out = {"x": str(px), "lhs": _num(v) if v is not None else None, "rhs": None}
        elif domain != sp.S.Reals:
            return _Link("unknown", method, f"{what}: false somewhere on the real line, not decided on {_set_text(domain)}")
        return _Link("refuted", method, f"{what}: refuted by the prover", out, certificate=cert)
    return _Link("unknown", method, f"{what}: the prover could not decide ({getattr(claim, 'reason', '') or 'no reason given'})")


def _jsonable(c: Any) -> Any:
    if c is None:
        return None
    if hasattr(c, "to_json"):
        try:
            return c.to_json()
        except Exception:  # noqa: BLE001
            return str(c)
    if isinstance(c, (str, int, float, bool)):
        return c
    if isinstance(c, dict):
        return {str(k): _jsonable(v) for k, v in c.items()}
    if isinstance(c, (list, tuple)):
        return [_jsonable(v) for v in c]
    return str(c)


def _range_of(act: Activation, order: int) -> tuple[sp.Set | None, _Link | None]:
    prove = _prover()
    if prove is None:
        return None, _Link("unknown", "prover", "the prover (symact.prove) is not available to certify the range")
    try:
        claim = prove.value_range(act, order)
    except (budget.Timeout, SymactError, NotImplementedError) as exc:
        return None, _Link("unknown", "prover", f"the prover could not find the range: {exc}")
    if getattr(claim, "status", None) != "proved" or not isinstance(getattr(claim, "value", None), sp.Set):
        return None, _Link("unknown", "prover", f"the range of {act.name}{_ticks(order)} is not certified ({getattr(claim, 'status', 'unknown')})")
    return claim.value, _Link("proved", "prover: range", "", certificate=_jsonable(getattr(claim, "certificate", None)))


def _ticks(order: int) -> str:
    return "'" * order if order <= 3 else f"^({order})"


def _membership(e: sp.Expr, S: sp.Set, ctx: _Context, lhs_text: str, rhs_text: str) -> _Link:
    """For every x: e(x) in S."""
    prod = ctx.product(e)
    if prod is not None and not (len(prod[1]) == 1 and prod[1][0][2] == X and prod[0] == 1):
        return _product_relation(prod, ("in", S), ctx)
    r0 = ctx.resolve(e)
    if not r0.free_symbols:
        inside = _contains(S, r0)
        if inside is True:
            return _Link("proved", "exact arithmetic", f"{r0} lies in {_set_text(S)}", certificate={"kind": "exact"})
        if inside is False:
            return _Link("refuted", "exact arithmetic", f"{r0} does not lie in {_set_text(S)}", {"x": None, "lhs": str(r0), "rhs": str(S)})
        return _Link("unknown", "exact arithmetic", f"cannot decide whether {r0} lies in {_set_text(S)}")
    tf = _term_function(e, ctx)
    if tf is None:
        raise _Unsupported("a range claim about a term that is not a function of x alone")
    act, order, expr = tf
    fn = _evaluator(expr, [X])
    hit = _search(fn, _member_ok(expr, S), [bp.at for bp in act.pieces.breakpoints] if not act.free_params else [], ctx.domain)
    if hit is not None:
        p, v = hit
        return _Link("refuted", "evaluation", f"at x = {p}: {lhs_text} = {_num(v)}, which is not in {rhs_text}",
                     {"x": str(p), "lhs": _num(v), "rhs": str(S)})
    R, bad = _range_of(act, order)
    if R is None:
        return bad  # type: ignore[return-value]
    sub = _subset(R, S)
    if sub is True:
        notes = [] if R == S else [f"the exact range is {_set_text(R)}, a proper subset of {_set_text(S)}"]
        if ctx.domain != sp.S.Reals:
            notes.append(f"proved for every real x, in particular for x in {_set_text(ctx.domain)}")
        return _Link("proved", "prover: range", f"the certified range of {lhs_text} is {_set_text(R)}, contained in {_set_text(S)}", None, notes, bad.certificate)  # type: ignore[union-attr]
    if sub is False:
        ce = _outside_point(expr, R, S, fn, ctx.domain)
        if ce is None and ctx.domain != sp.S.Reals:
            return _Link("unknown", "prover: range", f"the range of {lhs_text} over all reals is {_set_text(R)}, not contained in {_set_text(S)}; not decided on {_set_text(ctx.domain)}")
        return _Link("refuted", "prover: range",
                     f"the certified range of {lhs_text} is {_set_text(R)}, which is not contained in {_set_text(S)}"
                     + ("" if ce else " (no explicit point was found)"), ce, certificate=bad.certificate)  # type: ignore[union-attr]
    return _Link("unknown", "prover: range", f"cannot decide whether the range {_set_text(R)} lies in {_set_text(S)}")


def _in_set(v: Any, S: sp.Set) -> bool | None:
    """Membership of a 50-digit value with a margin; None near an end point."""
    if isinstance(S, sp.Union):
        res = [_in_set(v, a) for a in S.args]
        return True if any(r is True for r in res) else (None if any(r is None for r in res) else False)
    if S == sp.S.Reals:
        return True
    if isinstance(S, sp.FiniteSet):
        vals = [mpmath.mpf(str(sp.N(a, _DPS))) for a in S.args]
        if any(abs(v - a) <= _TOL * max(1, abs(a)) for a in vals):
            return None
        return False
    if isinstance(S, sp.Interval):
        lo = -mpmath.inf if S.start == -sp.oo else mpmath.mpf(str(sp.N(S.start, _DPS)))
        hi = mpmath.inf if S.end == sp.oo else mpmath.mpf(str(sp.N(S.end, _DPS)))
        near = lambda a: a not in (mpmath.inf, -mpmath.inf) and abs(v - a) <= _TOL * max(1, abs(a))  # noqa: E731
        if near(lo) or near(hi):
            return None
        return bool(lo < v < hi)
    return None


def _outside_point(expr: sp.Expr, R: sp.Set, S: sp.Set, fn, domain: sp.Set = sp.S.Reals) -> dict | None:  # type: ignore[no-untyped-def]
    """A point x with expr(x) in R \\ S: the end points of R that S misses, where attained."""
    missing = sp.Complement(R, S)
    cands: list[sp.Expr] = []
    if isinstance(missing, sp.FiniteSet):
        cands = list(missing.args)
    for comp in (missing.args if isinstance(missing, sp.Union) else [missing]):
        if isinstance(comp, sp.FiniteSet):
            cands += list(comp.args)
        elif isinstance(comp, sp.Interval):
            cands += [e for e in (comp.start, comp.end) if e.is_finite and comp.contains(e) is sp.true]
            if comp.start.is_finite and comp.end.is_finite:
                cands.append((comp.start + comp.end) / 2)
    for target in cands:
        try:
            sols = budget.run(sp.solve, expr - target, X, seconds=_step_seconds(), what="solving f(x) = end point")
        except (budget.Timeout, Exception):  # noqa: BLE001 - no explicit point
            continue
        for s in sols if isinstance(sols, list) else []:
            if isinstance(s, sp.Expr) and s.is_real and (domain == sp.S.Reals or _contains(domain, s) is True):
                v = _at(fn, s)
                if v is not None and _in_set(v, S) is not True:
                    ex = _exact_at(expr, s)  # a counterexample is confirmed exactly before it is reported
                    if ex is not None and _contains(S, ex) is False:
                        return {"x": str(s), "lhs": str(ex), "rhs": str(S)}
    return None


def _set_product(A: sp.Set, B: sp.Set) -> sp.Set | None:
    """{a b : a in A, b in B} for unions of bounded intervals and points (exact ends)."""
    def parts(S: sp.Set) -> list[tuple[sp.Expr, sp.Expr, bool, bool]] | None:
        comps = S.args if isinstance(S, sp.Union) else (S,)
        out = []
        for c in comps:
            if isinstance(c, sp.FiniteSet):
                out += [(p, p, True, True) for p in c.args]
            elif isinstance(c, sp.Interval):
                if not (c.start.is_finite and c.end.is_finite):
                    return None
                out.append((c.start, c.end, not c.left_open, not c.right_open))
            else:
                return None
        return out

    pa, pb = parts(A), parts(B)
    if pa is None or pb is None:
        return None
    result: list[sp.Set] = []
    for a0, a1, ca0, ca1 in pa:
        for b0, b1, cb0, cb1 in pb:
            corners = []
            for av, ac in ((a0, ca0), (a1, ca1)):
                for bv, bc in ((b0, cb0), (b1, cb1)):
                    attained = (ac and bc) or (av == 0 and ac) or (bv == 0 and bc)
                    corners.append((sp.nsimplify(av * bv) if (av * bv).is_Float else av * bv, attained))
            lo = min(c[0] for c in corners)
            hi = max(c[0] for c in corners)
            lo_att = any(c[1] for c in corners if c[0] == lo)
            hi_att = any(c[1] for c in corners if c[0] == hi)
            result.append(sp.FiniteSet(lo) if lo == hi else sp.Interval(lo, hi, not lo_att, not hi_att))
    return sp.Union(*result)


def _product_search(prod: tuple[sp.Expr, list], rel: tuple, ctx: _Context) -> _Link | None:
    """A counterexample with every factor at the same point (one activation and order)."""
    coeff, factors = prod
    if len({(a.name, k) for a, k, _ in factors}) != 1:
        return None
    act, k, _ = factors[0]
    n = len(factors)
    single = ctx.value(act, k, X)
    expr = coeff * single**n
    fn = _evaluator(expr, [X])
    if rel[0] == "in":
        ok = _member_ok(expr, rel[1])
        target = str(rel[1])
    else:
        _, op, c = rel
        ok = _bound_ok(expr, op, c, mpmath.mpf(str(sp.N(c, _DPS))))
        target = f"{op} {c}"
    hit = _search(fn, ok, [bp.at for bp in act.pieces.breakpoints] if not act.free_params else [])
    if hit is None:
        return None
    p, v = hit
    at = {str(var): str(p) for _, _, var in factors}
    return _Link("refuted", "evaluation", f"with every factor at {p}: the product is {_num(v)}, which is not {target}",
                 {"x": None, "at": at, "lhs": _num(v), "rhs": str(rel[1]) if rel[0] == "in" else str(rel[2])})


def _product_relation(prod: tuple[sp.Expr, list], rel: tuple, ctx: _Context) -> _Link:
    coeff, factors = prod
    found = _product_search(prod, rel, ctx)
    if found is not None:
        return found
    ranges: dict[tuple[str, int], sp.Set] = {}
    certs = []
    for act, k, _ in factors:
        key = (act.name, k)
        if key not in ranges:
            R, link = _range_of(act, k)
            if R is None:
                return link  # type: ignore[return-value]
            ranges[key] = R
            certs.append({"factor": f"{act.name}{_ticks(k)}", "range": str(R), "certificate": link.certificate})  # type: ignore[union-attr]
    total: sp.Set = sp.FiniteSet(coeff)
    for act, k, _ in factors:
        nxt = _set_product(total, ranges[(act.name, k)])
        if nxt is None:
            return _Link("unknown", "product of ranges", "the range of a factor is unbounded or not an interval")
        total = nxt
    n = len(factors)
    desc = ", ".join(sorted({f"{a.name}{_ticks(k)} in {_set_text(ranges[(a.name, k)])}" for a, k, _ in factors}))
    base = f"a product of {n} factors at independent points ({desc}) has the exact range {_set_text(total)}"
    cert = {"kind": "product of certified ranges", "factors": certs, "range": str(total), "count": n}
    if rel[0] == "in":
        S = rel[1]
        sub = _subset(total, S)
        if sub is True:
            return _Link("proved", "product of certified ranges", f"{base}, contained in {_set_text(S)}", certificate=cert)
        if sub is False:
            return _Link("refuted", "product of certified ranges", f"{base}, not contained in {_set_text(S)}",
                         _product_point(factors, total, S, ctx), certificate=cert)
        return _Link("unknown", "product of certified ranges", f"{base}; cannot decide containment in {_set_text(S)}")
    _, op, c = rel
    holds = _set_op(total, op, c)
    if holds is True:
        return _Link("proved", "product of certified ranges", f"{base}, so the product is {op} {c}", certificate=cert)
    if holds is False:
        return _Link("refuted", "product of certified ranges", f"{base}, so the product is not always {op} {c}",
                     _product_point(factors, total, ("bound", op, c), ctx), certificate=cert)
    return _Link("unknown", "product of certified ranges", f"{base}; cannot compare it with {c}")


def _set_op(R: sp.Set, op: str, c: sp.Expr) -> bool | None:
    """Whether every element of R satisfies (element op c)."""
    end = R.sup if op in ("<", "<=") else R.inf
    sg = _sign(end - c)
    if sg is None:
        return None
    attained = _contains(R, end)
    if op in ("<", "<="):
        if sg < 0:
            return True
        if sg > 0:
            return False
        return op == "<=" or attained is False
    if sg > 0:
        return True
    if sg < 0:
        return False
    return op == ">=" or attained is False


def _product_point(factors: list, total: sp.Set, rel: Any, ctx: _Context) -> dict | None:
    """All factors at the point where one factor is largest (or smallest) in absolute value."""
    acts = {(a.name, k): (a, k) for a, k, _ in factors}
    if len(acts) != 1:
        return None
    (act, k), = acts.values()
    fn = _evaluator(ctx.value(act, k, X), [X])
    best = None
    for p in _NICE + [sp.Rational(j, 10) for j in range(-100, 101)]:
        v = _at(fn, p)
        if v is None:
            continue
        want_max = isinstance(rel, tuple) and rel[1] in ("<", "<=")
        score = v if want_max else -v
        if isinstance(rel, sp.Set):
            score = abs(v)
        if best is None or score > best[0]:
            best = (score, p, v)
    if best is None:
        return None
    _, p, v = best
    prod = v ** len(factors)
    at = {str(var): str(p) for _, _, var in factors}
    return {"x": None, "at": at, "lhs": _num(prod), "rhs": str(rel[2]) if isinstance(rel, tuple) else str(rel)}


# ---------------------------------------------------------------------------------------
# the layer model (chain rule through a network)
_LAYER = re.compile(r"([abfWz])_(\d+)\Z")


def _uses_layers(exprs: Iterable[sp.Basic]) -> bool:
    for e in exprs:
        for d in e.atoms(sp.Derivative):
            for v, _ in d.variable_count:
                if v != X and not isinstance(v, sp.Dummy):  # Subs(Derivative(F(u), u), u, a): F' at a point
                    return True
        for a in e.atoms(sp.core.function.AppliedUndef):
            if not a.args:
                return True
    return False


class _Network:
    """x -> a_1 = W_1 x + b_1 -> f_1 = S(a_1) -> a_2 = W_2 f_1 + b_2 -> ... -> f_n; L = L(f_n)."""

    def __init__(self, exprs: Sequence[sp.Basic]) -> None:
        n = 0
        for e in exprs:
            names = {s for s in e.free_symbols} | {v for d in e.atoms(sp.Derivative) for v, _ in d.variable_count}
            for s in names:
                m = _LAYER.match(getattr(s, "name", ""))
                if m:
                    n = max(n, int(m.group(2)))
        if n == 0:
            raise _Unsupported("partial derivatives outside the layer notation (a_i, f_i, W_i, b_i)")
        if n > 12:
            raise _Unsupported("networks deeper than 12 layers in the layer model")
        self.n = n
        self.S = sp.Function("S", real=True)
        self.L = sp.Function("L", real=True)
        self.W = {i: sp.Symbol(f"W_{i}", real=True) for i in range(1, n + 1)}
        self.b = {i: sp.Symbol(f"b_{i}", real=True) for i in range(1, n + 1)}
        self.a = {i: sp.Symbol(f"a_{i}", real=True) for i in range(1, n + 1)}
        self.f = {i: sp.Symbol(f"f_{i}", real=True) for i in range(1, n + 1)}
        self.independent = [X, *self.W.values(), *self.b.values()]

    def expand(self, q: sp.Symbol, leaf: sp.Symbol | None = None) -> sp.Expr:
        if q == leaf:
            return q
        m = _LAYER.match(q.name)
        if not m or m.group(1) not in "af":
            return q
        i = int(m.group(2))
        if i > self.n:
            raise _Unsupported(f"{q} is beyond the network's depth")
        if m.group(1) == "a":
            prev = X if i == 1 else self.expand(self.f[i - 1], leaf)
            return self.W[i] * prev + self.b[i]
        return self.S(self.expand(self.a[i], leaf))

    def model(self, e: sp.Expr, leaf: sp.Symbol | None = None) -> sp.Expr:
        """e with the network's quantities written in the independent variables (and ``leaf``)."""
        subs = {s: self.expand(s, leaf) for s in e.free_symbols if _LAYER.match(s.name) and _LAYER.match(s.name).group(1) in "af"}
        return e.xreplace(subs) if subs else e

    def value(self, e: sp.Basic) -> sp.Expr:
        if isinstance(e, sp.Derivative):
            if len(e.variable_count) != 1 or e.variable_count[0][1] != 1:
                raise _Unsupported("higher or mixed partial derivatives in the layer model")
            v = e.variable_count[0][0]
            num = e.expr
            intermediate = bool(_LAYER.match(v.name)) and _LAYER.match(v.name).group(1) in "af"
            if isinstance(num, sp.core.function.AppliedUndef) and not num.args:
                name = type(num).__name__
                if name == "S":
                    if not (intermediate and v.name.startswith("a_")):
                        raise _Unsupported(f"dS/d{v}: S alone is a function of a pre-activation a_i")
                    body = self.S(v)
                elif name == "L":
                    body = self.L(self.expand(self.f[self.n], v if intermediate else None))
                else:
                    raise _Unsupported(f"{name} is not part of the layer model")
            else:
                body = self.model(self.value(num), v if intermediate else None)
            if v not in body.free_symbols and not body.has(v):
                raise _Unsupported(f"the numerator does not depend on {v}")
            d = budget.run(sp.diff, body, v, what="differentiating the layer model")
            return d.subs(v, self.expand(v)) if intermediate else d
        if isinstance(e, sp.core.function.AppliedUndef):
            name = type(e).__name__
            if name not in ("S", "L") or len(e.args) != 1:
                raise _Unsupported(f"{name} in the layer model")
            return (self.S if name == "S" else self.L)(self.value(e.args[0]))
        if isinstance(e, sp.Symbol):
            return self.model(e)
        if e.args:
            return e.func(*[self.value(a) for a in e.args])
        return e  # type: ignore[return-value]

    def check(self, A: sp.Expr, B: sp.Expr, act: Activation | None) -> _Link:
        d = A - B
        try:
            # exact algebra (derivatives of S and L are atoms): simplify is not trusted alone
            z = budget.run(lambda: sp.Integer(0) if R.exact_zero(sp.expand(d.doit()), seconds=_step_seconds()) else d,
                           seconds=2 * _step_seconds(), what="an exact zero test of a chain-rule difference")
        except budget.Timeout:
            z = None
        # numeric check with concrete S and L
        t = sp.Dummy("t", real=True)
        s_expr = (act.expr if act is not None and act.pieces.smooth else sp.tanh(X)).xreplace({X: t})
        concrete = {self.S: sp.Lambda(t, s_expr), self.L: sp.Lambda(t, sp.sin(t) + t**2 / 3)}
        try:
            ca = A.subs(concrete).doit()
            cb = B.subs(concrete).doit()
            fa, fb = _evaluator(ca, self.independent), _evaluator(cb, self.independent)
        except _Unsupported as exc:
            return _Link("unknown", "layer model", str(exc))
        rng = __import__("random").Random(5)
        for _ in range(12):
            pt = [sp.Rational(rng.randint(-150, 150), 100) for _ in self.independent]
            va, vb = _at(fa, *pt), _at(fb, *pt)
            env = dict(zip(self.independent, pt))
            if _differ(va, vb) and _sign(ca.xreplace(env) - cb.xreplace(env)) in (1, -1):  # confirmed exactly
                at = {str(s): str(v) for s, v in zip(self.independent, pt)}
                return _Link("refuted", "layer model: evaluation at 50 digits",
                             f"with S = {s_expr.xreplace({t: X})} and L = sin(t) + t^2/3 the sides differ at {at}",
                             {"x": at.get("x"), "at": at, "lhs": _num(va), "rhs": _num(vb)})
        if z == 0:
            return _Link("proved", "layer model: symbolic identity",
                         f"in the network of depth {self.n} (a_1 = W_1 x + b_1, f_i = S(a_i), a_(i+1) = W_(i+1) f_i + b_(i+1), "
                         f"loss L(f_{self.n})), both sides are the same expression for every differentiable S and L",
                         certificate={"kind": "chain rule", "depth": self.n, "lhs": str(A), "rhs": str(B), "difference": "0"})
        return _Link("unknown", "layer model", "the sides agree numerically but SymPy could not simplify the difference to 0")


# ---------------------------------------------------------------------------------------
def verify(claim: Any, activation: Any = None) -> Verdict:
    r"""Verify a claim written in LaTeX (see the module docstring).

    ``activation`` (a name or an :class:`~symact.spec.Activation`) is what ``f`` (and the
    network's ``S``) mean.  Raises :class:`~symact.errors.ParseError` for malformed input
    and :class:`~symact.errors.UsageError` when the claim needs an activation.

    >>> verify(r"\sigma'(x) = \sigma(x)(1 - \sigma(x))").verdict   # doctest: +SKIP
    'proved'

    Each link runs inside :func:`symact.budget.claim_budget` and the whole claim inside
    :class:`symact.budget.command`: at most ``COMMAND_FACTOR`` step budgets of CPU in all;
    links not reached by then are ``unknown``.
    """
    with budget.command():
        return _verify(claim, activation)


def _verify(claim: Any, activation: Any) -> Verdict:
    from .parse import ParsedClaim, parse_claim

    parsed = claim if isinstance(claim, ParsedClaim) else parse_claim(claim)
    act = _activation(activation)
    symbols: set[sp.Symbol] = set()
    for term in parsed.terms:
        if term.expr is not None and term.kind == "expr":
            symbols |= term.expr.free_symbols
    functions = {type(a).__name__ for t in parsed.terms if t.kind == "expr" and t.expr is not None
                 for a in t.expr.atoms(sp.core.function.AppliedUndef)}
    try:
        ctx = _Context(act, symbols, parsed.domain, functions)
    except _Unsupported as exc:
        return Verdict(parsed.text, "unknown", str(exc), None, (), act.name if act is not None else None, tuple(parsed.notes))
    exprs = [None if t.expr is None else (t.expr.xreplace({parsed.variable: X}) if parsed.variable != X and t.kind == "expr" else t.expr)
             for t in parsed.terms]
    uses = set()
    for e in exprs:
        if e is not None and isinstance(e, sp.Basic):
            uses |= {type(a).__name__ for a in e.atoms(sp.core.function.AppliedUndef)}
    if "f" in uses and act is None:
        raise UsageError("the claim uses f: name the activation it means with --activation NAME")
    layered = _uses_layers([e for e, t in zip(exprs, parsed.terms) if e is not None and t.kind == "expr"])
    network = None
    steps: list[VerifyStep] = []
    results: list[_Link] = []
    spans: list[tuple[int, int]] = []
    n = len(parsed.terms)
    i = 0
    proved_eq: list[bool] = []
    while i < n - 1:
        j = i + 1
        rel = parsed.relations[i]
        elided = False
        if parsed.terms[j].kind == "elided":
            if parsed.relations[j] != rel:
                raise ParseError("a skipped step must sit between two equal relations", parsed.text, parsed.terms[j].start)
            j += 1
            elided = True
        lt, rt = parsed.terms[i], parsed.terms[j]
        le, re_ = exprs[i], exprs[j]
        try:
            # one link = one claim: CLAIM_FACTOR step budgets, clipped to what the command has left
            with budget.claim_budget(f"checking {lt.text} {rel} {rt.text}"):
                if rel in ("=", "approx") and layered and (_uses_layers([le]) or _uses_layers([re_])):
                    if network is None:
                        network = _Network([e for e in exprs if e is not None])
                    link = network.check(network.value(le), network.value(re_), act)
                else:
                    link = _link(rel, le, re_, lt, rt, ctx, parsed, i, exprs, proved_eq)
        except _Unsupported as exc:
            link = _Link("unknown", "unsupported", str(exc))
        except _UndefinedValue as exc:
            link = _Link("refuted", "one-sided derivatives at a kink", str(exc), {"x": str(exc.at), "lhs": "undefined" if _mentions_point(le, ctx, exc.at) else lt.text, "rhs": "undefined" if not _mentions_point(le, ctx, exc.at) else rt.text})
        except budget.Timeout as exc:
            link = _Link("unknown", "time budget", str(exc))
        except SymactError:
            raise  # bad input (an unknown activation, f without --activation): exit code 2
        except (ArithmeticError, ValueError, TypeError, RecursionError, NotImplementedError, AttributeError) as exc:
            # a SymPy/mpmath failure on an extreme input (10^(10^(10^10)) digits, ...): undecided, never a guess
            link = _Link("unknown", "evaluation failed", f"SymPy/mpmath could not evaluate this link ({type(exc).__name__}: {str(exc)[:120]})")
        if elided:
            link.notes.append(f"the step written {parsed.terms[i + 1].text} was skipped in the claim: the terms on either side were compared directly")
        proved_eq.append(link.verdict == "proved" and rel == "=")
        if elided:
            proved_eq.append(link.verdict == "proved" and rel == "=")
        results.append(link)
        spans.append((i, j))
        i = j
    _literal_chain_notes(results, spans, parsed, exprs, ctx, proved_eq)
    for (a, b), link in zip(spans, results):
        steps.append(VerifyStep(parsed.terms[a].text, parsed.relations[a], parsed.terms[b].text, link.verdict, link.method,
                                link.reason, link.counterexample, tuple(link.notes), link.certificate))
    verdict = max((r.verdict for r in results), key=lambda v: _RANK[v])
    return Verdict(parsed.text, verdict, _summary(verdict, steps, parsed), _first_counterexample(steps, verdict), tuple(steps),
                   act.name if act is not None else None, tuple(parsed.notes))


def _literal_chain_notes(results: list[_Link], spans: list[tuple[int, int]], parsed: Any, exprs: list, ctx: _Context,
                         proved_eq: list[bool]) -> None:
    """``A <= B = D`` with D an approximate decimal: say whether ``A <= D`` itself holds.

    The article's ``... \\le 0.25^{20} = 9.094 \\times 10^{-13}`` truncates 2^-40 downwards,
    and the product reaches 2^-40, so the bound read with the decimal is false; the
    approximate link alone does not show that."""
    for k in range(1, len(results)):
        (a, b), link = spans[k], results[k]
        (pa, pb), prev = spans[k - 1], results[k - 1]
        rel = parsed.relations[pa]
        if link.verdict != "approximate" or parsed.relations[a] != "=" or rel not in _FLIP or prev.verdict != "proved":
            continue
        if parsed.terms[b].literal is None:
            continue
        try:
            with budget.claim_budget("re-reading a bound with its decimal"):
                again = _link(rel, exprs[pa], exprs[b], parsed.terms[pa], parsed.terms[b], ctx, parsed, pa, exprs, proved_eq)
        except (_Unsupported, _UndefinedValue, budget.Timeout, ArithmeticError, ValueError, TypeError):
            continue
        lit = parsed.terms[b].literal.text
        if again.verdict == "refuted":
            link.notes.append(f"read with the decimal, {parsed.terms[pa].text} {rel} {lit} is false ({again.reason}): "
                              f"the bound holds only with the exact value {parsed.terms[a].text}")
        elif again.verdict == "proved":
            link.notes.append(f"the bound also holds with the decimal as written: {parsed.terms[pa].text} {rel} {lit}")


def _mentions_point(e: Any, ctx: _Context, at: sp.Expr) -> bool:
    """Whether resolving ``e`` runs into the undefined value at ``at`` (which side of a link)."""
    if e is None:
        return False
    try:
        ctx.resolve(e)
    except _UndefinedValue:
        return True
    except Exception:  # noqa: BLE001 - only the undefined value matters here
        return False
    return False


def _activation(activation: Any) -> Activation | None:
    if activation is None or isinstance(activation, Activation):
        return activation
    if isinstance(activation, str):
        from .catalog import get

        return get(activation)
    raise UsageError(f"activation must be a name or an Activation, got {type(activation).__name__}")


def _link(rel: str, le: Any, re_: Any, lt: Any, rt: Any, ctx: _Context, parsed: Any, i: int, exprs: list, proved_eq: list[bool]) -> _Link:
    if rel == "in":
        subject = _segment_subject(i, exprs, parsed, proved_eq, ctx)
        return _membership(subject, rt.expr, ctx, lt.text, rt.text)
    if rel not in ("<", "<=", ">", ">="):
        A = ctx.resolve(le)
        B = ctx.resolve(re_)
    if rel in ("=", "approx"):
        if not A.free_symbols and not B.free_symbols:
            exact = _exact_equal(A, B)
            if exact:
                return _Link("proved", "exact arithmetic", f"both sides equal {B if B.is_Rational else A}",
                             certificate={"kind": "exact", "value": str(B if B.is_Rational else A)})
            lit = rt.literal if rt.literal is not None else lt.literal
            if lit is not None and exact is False:
                other = A if rt.literal is not None else B
                other_text = lt.text if rt.literal is not None else rt.text
                return _decimal(other, lit, other_text)
            if rel == "approx":
                return _Link("refuted" if exact is False else "unknown", "exact arithmetic",
                             f"{lt.text} = {_num(A)} and {rt.text} = {_num(B)}: "
                             "\\approx needs a decimal side to compare digits")
            return _constants(A, B)
        if rel == "approx":
            raise _Unsupported("\\approx between functions of x")
        return _identity(A, B, ctx, (lt.text, rt.text))
    if rel == "!=":
        if not A.free_symbols and not B.free_symbols:
            eq = _exact_equal(A, B)
            if eq is False:
                return _Link("proved", "exact arithmetic", f"{A} and {B} differ", certificate={"kind": "exact"})
            if eq:
                return _Link("refuted", "exact arithmetic", f"both sides equal {A}", {"x": None, "lhs": str(A), "rhs": str(B)})
            return _Link("unknown", "exact arithmetic", "cannot decide")
        raise _Unsupported("'\\ne' between functions of x")
    # inequalities
    if _constant(le) and _constant(re_):
        A, B = ctx.resolve(le), ctx.resolve(re_)
        holds = _holds(A, rel, B)
        if holds is True:
            return _Link("proved", "exact arithmetic", f"{A} {rel} {B}", certificate={"kind": "exact"})
        if holds is False:
            return _Link("refuted", "exact arithmetic", f"{A} {rel} {B} is false", {"x": None, "lhs": str(A), "rhs": str(B)})
        return _Link("unknown", "exact arithmetic", f"cannot decide {A} {rel} {B}")
    left_subject = _segment_subject(i, exprs, parsed, proved_eq, ctx)
    if _constant(re_):
        return _bound(left_subject, rel, ctx.resolve(re_), ctx, lt.text, rt.text)
    if _constant(le):
        return _bound(re_, _FLIP[rel], ctx.resolve(le), ctx, rt.text, lt.text)
    # two functions of x: their difference against 0
    A, B = ctx.resolve(le), ctx.resolve(re_)
    if (A.free_symbols | B.free_symbols) - {X}:
        raise _Unsupported("an inequality with parameters")
    return _bound_expr(A - B, rel, sp.Integer(0), f"({lt.text}) - ({rt.text})", "0", ctx.domain)


def _constant(e: sp.Basic) -> bool:
    return not e.free_symbols and not e.atoms(sp.core.function.AppliedUndef)


def _segment_subject(i: int, exprs: list, parsed: Any, proved_eq: list[bool], ctx: _Context) -> Any:
    """The left term of link i, or a term proved equal to it that the prover knows directly
    (f'(x) rather than its explicit formula)."""
    e = exprs[i]
    if ctx.single(e) is not None or ctx.product(e) is not None:
        return e
    k = i
    while k > 0 and parsed.relations[k - 1] == "=" and k - 1 < len(proved_eq) and proved_eq[k - 1]:
        k -= 1
        cand = exprs[k]
        if cand is not None and (ctx.single(cand) is not None or ctx.product(cand) is not None):
            return cand
    return e


def _first_counterexample(steps: Sequence[VerifyStep], verdict: str) -> dict | None:
    if verdict != "refuted":
        return None
    for s in steps:
        if s.verdict == "refuted":
            return s.counterexample
    return None


def _summary(verdict: str, steps: Sequence[VerifyStep], parsed: Any) -> str:
    n = len(steps)
    if n == 1:
        s = steps[0]
        text = s.reason
        if s.notes:
            text += "; " + "; ".join(s.notes)
    else:
        counts = {v: sum(1 for s in steps if s.verdict == v) for v in VERDICTS}
        parts = [f"{counts[v]} {v}" for v in VERDICTS if counts[v]]
        lead = f"{n} links: " + ", ".join(parts)
        if verdict == "proved":
            lead = f"every one of the {n} links is proved (" + "; ".join(s.method for s in steps) + ")"
        worst = [s for s in steps if s.verdict == verdict]
        detail = "; ".join(f"{s.lhs} {s.relation} {s.rhs}: {s.reason}" for s in worst[:2]) if verdict != "proved" else ""
        notes = [nt for s in steps for nt in s.notes]
        text = lead + (f" ({detail})" if detail else "") + ("; " + "; ".join(notes) if notes else "")
    if parsed.notes:
        text += "; reading: " + "; ".join(parsed.notes)
    return text
