"""Decompose an expression in x into smooth pieces on open intervals and breakpoints.

Every activation is, on the real line, a finite sequence of analytic formulas on open
intervals ``(p_0 = -oo, p_1), (p_1, p_2), ..., (p_n, oo)`` plus its values at the
breakpoints ``p_i``.  ReLU is ``0`` on ``(-oo, 0)``, ``x`` on ``(0, oo)`` and ``0`` at 0;
softsign is ``x/(1 - x)`` and ``x/(1 + x)``.  Derivatives, one-sided limits, kinks,
continuity order, ranges and kernels are all computed from this one representation.

``Max``, ``Min``, ``Abs``, ``Heaviside`` and ``sign`` are rewritten to ``Piecewise`` first.
A breakpoint remembers which side's formula the definition uses *at* the point
(``side = 'left' | 'right'``, or ``'point'`` for an isolated value): that choice is the
kernel convention at kinks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, cast

import sympy as sp

from . import budget
from . import rigorous as R
from .errors import DefinitionError
from .symbols import x

if TYPE_CHECKING:
    from sympy.logic.boolalg import Boolean

__all__ = ["Piece", "Breakpoint", "Pieces", "decompose"]

_NONSMOOTH = (sp.floor, sp.ceiling, sp.frac, sp.Mod, sp.DiracDelta)


@dataclass(frozen=True)
class Piece:
    """``expr`` is analytic on the open interval ``(lo, hi)``."""

    lo: sp.Expr
    hi: sp.Expr
    expr: sp.Expr

    def condition(self) -> sp.Basic:
        """The open interval as a SymPy condition on x."""
        conds: list[Boolean] = []
        if self.lo != -sp.oo:
            conds.append(sp.StrictGreaterThan(x, self.lo, evaluate=False))
        if self.hi != sp.oo:
            conds.append(sp.StrictLessThan(x, self.hi, evaluate=False))
        return sp.And(*conds) if conds else sp.true


@dataclass(frozen=True)
class Breakpoint:
    """A point between two pieces; ``value`` is the function's value there."""

    at: sp.Expr
    value: sp.Expr
    side: str  # 'left' | 'right' | 'point'


@dataclass(frozen=True)
class Pieces:
    pieces: tuple[Piece, ...]
    breakpoints: tuple[Breakpoint, ...]

    def __post_init__(self) -> None:
        assert len(self.breakpoints) == len(self.pieces) - 1

    @property
    def smooth(self) -> bool:
        return len(self.pieces) == 1

    def piece_at(self, point: sp.Expr) -> int | None:
        """Index of the piece whose open interval contains ``point`` (None at a breakpoint)."""
        for i, pc in enumerate(self.pieces):
            if _lt(pc.lo, point) and _lt(point, pc.hi):
                return i
        return None

    def map(self, fn: Any) -> list[sp.Expr]:
        return [fn(pc.expr) for pc in self.pieces]

    def to_piecewise(self, exprs: Iterable[sp.Expr] | None = None, defined: Iterable[bool] | None = None) -> sp.Expr:
        """Reassemble a Piecewise from per-piece expressions (default: the pieces' own).

        Without ``defined`` each breakpoint belongs where the definition puts it (an
        isolated value becomes an ``Eq`` branch).  With ``defined`` (one flag per breakpoint,
        for derivatives) a breakpoint where the function is defined joins its side, and one
        where it is not defined is left out of every condition.
        """
        own = exprs is None
        exprs = [pc.expr for pc in self.pieces] if exprs is None else list(exprs)
        if len(exprs) == 1:
            return exprs[0]
        flags = [True] * len(self.breakpoints) if defined is None else list(defined)
        sides = [bp.side if (own or bp.side != "point") else "right" for bp in self.breakpoints]
        args: list[tuple[sp.Expr, sp.Basic]] = []
        n = len(self.pieces)
        for i, (pc, e) in enumerate(zip(self.pieces, exprs)):
            lo_closed = i > 0 and flags[i - 1] and sides[i - 1] == "right"
            hi_closed = i < n - 1 and flags[i] and sides[i] == "left"
            conds: list[Boolean] = []
            if pc.lo != -sp.oo:
                conds.append((sp.GreaterThan if lo_closed else sp.StrictGreaterThan)(x, pc.lo, evaluate=False))
            if pc.hi != sp.oo:
                conds.append((sp.LessThan if hi_closed else sp.StrictLessThan)(x, pc.hi, evaluate=False))
            args.append((e, sp.And(*conds)))
        for bp, side, flag in zip(self.breakpoints, sides, flags):
            if flag and side == "point":
                args.append((bp.value, sp.Eq(x, bp.at, evaluate=False)))
        return sp.Piecewise(*args, evaluate=False)


# ---------------------------------------------------------------------------------------
def _lt(a: sp.Expr, b: sp.Expr) -> bool:
    """a < b, decided exactly (infinities allowed); raises DefinitionError if undecidable.

    Constants are compared by Arb balls at adaptive precision (:func:`symact.rigorous.compare`:
    ``log(1 + e^-100) > 0`` although it is 3.7e-44); expressions in parameters by SymPy's
    assumptions (``a > 0`` declared), never by an evaluation at default precision."""
    if a == b:
        return False
    if a == -sp.oo or b == sp.oo:
        return True
    if a == sp.oo or b == -sp.oo:
        return False
    if not (a.free_symbols or b.free_symbols):
        c = R.compare(a, b)
        if c is None:
            raise DefinitionError(f"cannot decide whether {a} < {b} (they agree to 2048 bits and are not shown equal)")
        return c < 0
    d = b - a
    if d.is_positive is None:
        try:
            d = budget.run(sp.simplify, d, what="ordering breakpoints")
        except budget.Timeout:
            pass
    pos = d.is_positive
    if pos is None:
        raise DefinitionError(f"cannot decide whether {a} < {b} (give the parameters assumptions or values)")
    return bool(pos)


def _same_point(a: sp.Expr, b: sp.Expr) -> bool:
    """a == b, shown exactly (structurally, or constants equal by an exact zero test)."""
    if a == b:
        return True
    if a.free_symbols or b.free_symbols:
        return bool(sp.expand(a - b) == 0)
    return R.compare(a, b) == 0


def interior_point(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """An exact point inside the open interval (lo, hi): the midpoint, or 1 from a finite end."""
    if lo == -sp.oo and hi == sp.oo:
        return cast("sp.Expr", sp.Integer(0))
    if lo == -sp.oo:
        return cast("sp.Expr", hi - 1)
    if hi == sp.oo:
        return cast("sp.Expr", lo + 1)
    return cast("sp.Expr", (lo + hi) / 2)


def boundaries(cond: sp.Basic) -> set[sp.Expr]:
    """Points where a condition on x can change its truth value."""
    if cond in (sp.true, sp.false):
        return set()
    if isinstance(cond, (sp.And, sp.Or, sp.Not)):
        out: set[sp.Expr] = set()
        for arg in cond.args:
            out |= boundaries(arg)
        return out
    if isinstance(cond, sp.core.relational.Relational):
        lhs, rhs = cond.lhs, cond.rhs
        if lhs == x and x not in rhs.free_symbols:
            return {rhs}
        if rhs == x and x not in lhs.free_symbols:
            return {lhs}
        g = lhs - rhs
        try:
            zeros = budget.run(sp.solveset, g, x, sp.S.Reals, what="solving a piecewise condition")
        except budget.Timeout as exc:
            raise DefinitionError(f"cannot locate where {cond} changes: {exc}") from None
        if isinstance(zeros, sp.FiniteSet):
            return set(cast("tuple[sp.Expr, ...]", zeros.args))
        if zeros == sp.S.EmptySet:
            return set()
        raise DefinitionError(f"condition {cond} does not reduce to finitely many breakpoints (zeros: {zeros})")
    raise DefinitionError(f"unsupported condition {cond} in a piecewise definition")


def decide_at(cond: sp.Basic | bool, point: sp.Expr) -> bool | None:
    """The truth of a condition on x at an exact point, or None if undecided.

    Each relation ``lhs op rhs`` is decided on its two sides evaluated at the point (never by
    substituting into the relation, which makes SymPy compare the numbers at 15 digits):
    constants by :func:`symact.rigorous.compare`, expressions in parameters by their
    assumptions."""
    if cond is sp.true or cond is True:
        return True
    if cond is sp.false or cond is False:
        return False
    if isinstance(cond, (sp.And, sp.Or)):
        vals = [decide_at(a, point) for a in cond.args]
        if isinstance(cond, sp.And):
            if any(v is False for v in vals):
                return False
            return True if all(v is True for v in vals) else None
        if any(v is True for v in vals):
            return True
        return False if all(v is False for v in vals) else None
    if isinstance(cond, sp.Not):
        v = decide_at(cond.args[0], point)
        return None if v is None else not v
    if isinstance(cond, sp.core.relational.Relational):
        lhs, rhs = cond.lhs.xreplace({x: point}), cond.rhs.xreplace({x: point})
        if not (lhs.free_symbols or rhs.free_symbols):
            return R.decide(lhs, cond.rel_op, rhs)  # type: ignore[attr-defined]  # SymPy declares rel_op on the Relational subclasses only
        d = lhs - rhs
        try:
            d = budget.run(sp.expand, d, what="deciding a piecewise condition")
        except budget.Timeout:
            return None
        sg = 1 if d.is_positive else (-1 if d.is_negative else (0 if d == 0 else None))
        if sg is None:
            return None
        op = cond.rel_op  # type: ignore[attr-defined]  # SymPy declares rel_op on the Relational subclasses only
        return {"==": sg == 0, "!=": sg != 0, "<": sg < 0, "<=": sg <= 0, ">": sg > 0, ">=": sg >= 0}[op]
    return None


def _eval_cond(cond: sp.Basic, point: sp.Expr) -> bool:
    v = decide_at(cond, point)
    if v is None:
        raise DefinitionError(f"cannot decide condition {cond} at x = {point}")
    return v


def _select(pw: sp.Piecewise, point: sp.Expr) -> sp.Expr:
    for e, c in cast("tuple[tuple[sp.Expr, sp.Basic], ...]", pw.args):
        if _eval_cond(c, point):
            return e
    raise DefinitionError(f"the piecewise definition does not cover x = {point}")


def decompose(expr: sp.Expr, name: str = "expression") -> Pieces:
    """Split ``expr`` into smooth pieces (see module docstring)."""
    for bad in _NONSMOOTH:
        if expr.has(bad):
            raise DefinitionError(f"{name}: {bad.__name__} is not supported (only Piecewise, Max, Min, Abs, Heaviside, sign)")
    e = expr
    try:
        if e.has(sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign):
            e = budget.run(e.rewrite, sp.Piecewise, what="rewriting Max/Min/Abs as Piecewise")
        e = budget.run(sp.piecewise_fold, e, what="flattening a piecewise definition")
    except budget.Timeout as exc:
        raise DefinitionError(f"{name}: {exc}") from None
    if not e.has(sp.Piecewise):
        return Pieces((Piece(-sp.oo, sp.oo, e),), ())
    if not isinstance(e, sp.Piecewise):
        raise DefinitionError(f"{name}: could not bring the piecewise definition into a single Piecewise")
    points: set[sp.Expr] = set()
    for _, cond in cast("tuple[tuple[sp.Expr, sp.Basic], ...]", e.args):
        points |= boundaries(cond)
    pts = [p for p in points if p.is_real is not False and p.is_finite is not False]
    # sort exactly (parameters with assumptions are allowed)
    import functools

    order: Callable[[sp.Expr, sp.Expr], int] = lambda a, b: -1 if _lt(a, b) else (1 if _lt(b, a) else 0)  # noqa: E731
    pts = sorted(pts, key=functools.cmp_to_key(order))
    # two forms of one number (log(4)/2 and log(2)) are one breakpoint; neighbours that are
    # neither < nor shown equal cannot be ordered
    merged: list[sp.Expr] = []
    for p in pts:
        if merged and not _lt(merged[-1], p):
            if not _same_point(merged[-1], p):
                raise DefinitionError(f"{name}: cannot order the breakpoints {merged[-1]} and {p}")
            continue
        merged.append(p)
    pts = merged
    edges = [-sp.oo, *pts, sp.oo]
    pieces = [Piece(lo, hi, _select(e, interior_point(lo, hi))) for lo, hi in zip(edges, edges[1:])]
    bps: list[Breakpoint] = []
    for i, p in enumerate(pts):
        chosen = _select(e, p)
        left, right = pieces[i].expr, pieces[i + 1].expr
        if chosen == left:
            side = "left"
        elif chosen == right:
            side = "right"
        else:
            side = "point"
        value = chosen.subs(x, p)
        try:
            nicer = budget.run(sp.simplify, value, what="value at a breakpoint")
            # simplify's form is kept only when it is shown equal (it can change the number,
            # or give a form no exact test relates to the definition: 100 - log(1 + e^100))
            if nicer != value and R.exact_zero(nicer - value):
                value = nicer
        except budget.Timeout:
            pass
        bps.append(Breakpoint(p, value, side))
    # merge neighbours with the same formula where the breakpoint takes that formula too
    i = 0
    while i < len(bps):
        lpc, rpc = pieces[i], pieces[i + 1]
        if lpc.expr == rpc.expr and bps[i].side != "point":
            pieces[i : i + 2] = [Piece(lpc.lo, rpc.hi, lpc.expr)]
            del bps[i]
        else:
            i += 1
    for pc in pieces:
        if pc.expr.has(sp.Piecewise):
            raise DefinitionError(f"{name}: nested piecewise definitions could not be flattened")
    return Pieces(tuple(pieces), tuple(bps))
