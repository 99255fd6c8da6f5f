r"""Where an expression *as written* is defined, when SymPy's evaluation forgets it.

SymPy simplifies while it builds: ``x/x`` is ``1``, ``(\sqrt{x})^2`` is ``x``, ``x^2/x`` is
``x``, ``\sin x / \sin x`` is ``1``, ``e^{\ln x}`` is ``x``.  The written expression is not
defined at ``x = 0`` (or for ``x < 0``, or where ``\sin x = 0``), the evaluated one is, and a
claim such as ``\frac{x}{x} = 1`` would be *proved* although symact refutes
``\frac{x^2-1}{x-1} = x+1`` at ``x = 1`` ("undefined") - measured by the second adversarial
corpus (tests/adversarial2), which found seven such false proofs.

The reader (:mod:`symact.parse`) records a :class:`Guard` for every operation that is not
defined everywhere while it builds the expression from the unevaluated tree that
latex2sympy2 returns: a base raised to a negative power must be non-zero, the base of an even
root non-negative (positive under a negative power), the argument of a logarithm positive,
of ``\arcsin``/``\arccos`` in [-1, 1], of ``\operatorname{artanh}`` in (-1, 1), of
``\operatorname{arcosh}`` at least 1.  :func:`restrict` then keeps the guards that are

* neither *visible* in the evaluated expression (the same operation on the same base is still
  there, so the domain checks downstream see it: :mod:`symact.domain`, the verifier's
  evaluation at points),
* nor *shown to hold on the whole real line* (by structure: ``e^u > 0``, ``|u| >= 0``, even
  powers, sums and products of such; or by an Arb enclosure over the real line that excludes
  the bad values - never by a float),

and writes them into the expression as the conditions of a one-branch ``Piecewise`` (no
``True`` branch): SymPy's Piecewise is undefined where no condition holds, so every later
stage - the domain check of a user's activation, the verifier's breakpoints and values - sees
the point where the written expression is undefined.  Expressions whose guards are all
visible or shown are returned unchanged (the catalogue's, the article's claims: byte-identical
output).
"""

from __future__ import annotations
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import sympy as sp

if TYPE_CHECKING:
    from sympy.logic.boolalg import Boolean

__all__ = ["Guard", "restrict", "guards_of_power", "guards_of_function"]


@dataclass(frozen=True)
class Guard:
    """The condition ``base <op> bound`` under which one written operation is defined.

    ``kind`` is 'nonzero' (a denominator), 'nonnegative' / 'positive' (an even root, a
    logarithm), or 'between' (``lo <= base <= hi``, with ``strict`` for open ends)."""

    kind: str
    base: sp.Expr
    lo: sp.Expr | None = None
    hi: sp.Expr | None = None
    strict: bool = False
    #: the function whose argument is guarded (``log``, ``acosh``, ...), None for a power
    fn: object = None
    arg: sp.Expr | None = None

    def condition(self) -> "Boolean":
        b = self.base
        if self.kind == "nonzero":
            return sp.Ne(b, 0)
        if self.kind == "nonnegative":
            return cast("Boolean", b >= 0)
        if self.kind == "positive":
            return cast("Boolean", b > 0)
        assert self.lo is not None and self.hi is not None
        if self.strict:
            return sp.And(b > self.lo, b < self.hi)
        return sp.And(b >= self.lo, b <= self.hi)


def guards_of_power(base: sp.Expr, exp: sp.Expr) -> list[Guard]:
    """The guards of ``base**exp`` as written (exp a number)."""
    if not base.free_symbols or not isinstance(exp, sp.Rational):
        return []
    out = []
    if exp.is_negative:
        out.append(Guard("nonzero", base))
    if not exp.is_Integer and exp.q % 2 == 0:
        out.append(Guard("positive" if exp.is_negative else "nonnegative", base))
    return out


#: functions whose argument is restricted: (kind, lo, hi, strict)
_RESTRICTED = {
    sp.log: ("positive", None, None, False),
    sp.asin: ("between", sp.Integer(-1), sp.Integer(1), False),
    sp.acos: ("between", sp.Integer(-1), sp.Integer(1), False),
    sp.atanh: ("between", sp.Integer(-1), sp.Integer(1), True),
    sp.acosh: ("nonnegative-from-1", sp.Integer(1), None, False),
    sp.asec: ("outside-unit", None, None, False),
    sp.acsc: ("outside-unit", None, None, False),
    sp.acoth: ("outside-unit", None, None, True),
    sp.asech: ("unit-right", None, None, False),
    sp.acsch: ("nonzero", None, None, False),
}


def guards_of_function(fn: object, args: list[sp.Expr]) -> list[Guard]:
    """The guards of ``fn(*args)`` as written (one-argument functions of :data:`_RESTRICTED`)."""
    spec = _RESTRICTED.get(fn)
    if spec is None or len(args) != 1 or not args[0].free_symbols:
        return []
    kind, lo, hi, strict = spec
    (a,) = args
    if kind == "nonnegative-from-1":
        return [Guard("nonnegative", a - 1, fn=fn, arg=a)]
    if kind == "outside-unit":  # |a| >= 1 (> 1 when strict)
        return [Guard("positive" if strict else "nonnegative", a**2 - 1, fn=fn, arg=a)]
    if kind == "unit-right":  # 0 < a <= 1
        return [Guard("positive", a, fn=fn, arg=a), Guard("nonnegative", 1 - a, fn=fn, arg=a)]
    return [Guard(kind, a, lo, hi, strict, fn=fn, arg=a)]


# -- shown on the whole real line -----------------------------------------------------------
def _sign(e: sp.Expr) -> str | None:
    """'pos', 'nonneg', 'neg', 'nonpos' when shown by structure or an Arb enclosure of e over
    the real line (e in x only), None otherwise."""
    if not e.free_symbols:
        from .rigorous import sign_of_constant

        s = sign_of_constant(e)
        return {1: "pos", -1: "neg", 0: "nonneg"}.get(s)  # type: ignore[arg-type]
    if isinstance(e, sp.exp):
        return "pos" if e.args[0].is_extended_real else None
    if isinstance(e, sp.Abs):
        return "nonneg"
    if isinstance(e, sp.Pow) and e.exp.is_Integer and int(e.exp) % 2 == 0 and e.base.is_extended_real:
        inner = _sign(e.base)
        return "pos" if inner in ("pos", "neg") else "nonneg"
    if isinstance(e, (sp.Add, sp.Mul)):
        signs = [_sign(a) for a in e.args]
        if isinstance(e, sp.Add):
            if all(s in ("pos", "nonneg") for s in signs):
                return "pos" if "pos" in signs else "nonneg"
            if all(s in ("neg", "nonpos") for s in signs):
                return "neg" if "neg" in signs else "nonpos"
        else:
            if all(s in ("pos", "neg") for s in signs):
                return "pos" if sum(s == "neg" for s in signs) % 2 == 0 else "neg"
    return _enclosed_sign(e)


def _enclosed_sign(e: sp.Expr) -> str | None:
    from mpmath.libmp import fzero, mpf_ge, mpf_gt, mpf_le, mpf_lt

    from .intervals import enclose_on
    from .spec import x as X

    if e.free_symbols != {X}:
        return None
    iv = enclose_on(e, sp.S.NegativeInfinity, sp.oo)
    if iv is None:
        return None
    lo, hi = iv
    if mpf_gt(lo, fzero):
        return "pos"
    if mpf_lt(hi, fzero):
        return "neg"
    if mpf_ge(lo, fzero):
        return "nonneg"
    if mpf_le(hi, fzero):
        return "nonpos"
    return None


def _holds_everywhere(g: Guard) -> bool:
    if g.kind == "nonzero":
        return _sign(g.base) in ("pos", "neg")
    if g.kind == "positive":
        return _sign(g.base) == "pos"
    if g.kind == "nonnegative":
        return _sign(g.base) in ("pos", "nonneg")
    assert g.lo is not None and g.hi is not None
    lower, upper = g.base - g.lo, g.hi - g.base
    ok = ("pos",) if g.strict else ("pos", "nonneg")
    return _sign(lower) in ok and _sign(upper) in ok


# -- still visible in the evaluated expression ------------------------------------------------
def _zero_factors(b: sp.Expr) -> list[sp.Expr]:
    """Factors whose zeros are the zeros of b (b = c * u^k * |v| ... -> u, v)."""
    if isinstance(b, sp.Mul):
        return [f for a in b.args for f in _zero_factors(a)]
    if isinstance(b, sp.Pow) and b.exp.is_positive:
        return _zero_factors(b.base)
    if isinstance(b, sp.Abs):
        return _zero_factors(b.args[0])
    if not b.free_symbols:
        return []
    return [b]


def _visible(g: Guard, e: sp.Expr) -> bool:
    if g.fn is not None:  # the same function of the same argument is still there
        return any(type(node) is g.fn and node.args and node.args[0] == g.arg for node in sp.preorder_traversal(e))
    if g.kind == "nonzero":
        wanted = set(_zero_factors(g.base))
        if not wanted:
            return True
        seen: set[sp.Expr] = set()
        for node in sp.preorder_traversal(e):
            if isinstance(node, sp.Pow) and node.exp.is_negative:
                seen.update(_zero_factors(node.base))
        return wanted <= seen
    if g.kind in ("nonnegative", "positive"):
        for node in sp.preorder_traversal(e):
            if isinstance(node, sp.Pow) and node.base == g.base and isinstance(node.exp, sp.Rational) and not node.exp.is_Integer:
                return True
            if isinstance(node, sp.log) and node.args[0] == g.base:
                return True
        return False
    return any(isinstance(node, sp.Function) and node.args and node.args[0] == g.base for node in sp.preorder_traversal(e))


def _implied(g: Guard) -> bool:
    """b != 0 where b is itself a negative power (1/u != 0 wherever 1/u is defined): implied."""
    return g.kind == "nonzero" and isinstance(g.base, sp.Pow) and bool(g.base.exp.is_negative)


def restrict(e: sp.Expr, guards: list[Guard]) -> sp.Expr:
    """``e`` restricted to where every guard the evaluation lost holds (see the module
    docstring); ``e`` itself when there is none."""
    lost: list[Guard] = []
    for g in guards:
        if g in lost or _implied(g) or _visible(g, e) or _holds_everywhere(g):
            continue
        lost.append(g)
    if not lost:
        return e
    return sp.Piecewise((e, sp.And(*[g.condition() for g in lost])))
