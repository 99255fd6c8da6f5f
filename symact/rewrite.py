"""Named, tested stability rewrite rules: the candidate generator of the kernel compiler.

The engine's derivatives are exact, but many of them are poor recipes for floating point:
``1 - tanh(x)**2`` cancels to 0 for |x| > 19, ``exp(x)/(exp(x) + 1)**2`` is ``inf/inf`` for
x > 709.8, ``x/2*(1 + erf(x/sqrt(2)))`` cancels for x < -8.  Following Herbie (Panchekha et
al., PLDI 2015), a kernel is not hand-written per activation: each rule below is a
mathematical identity (or a declared approximation) that rewrites an expression into an
equivalent one; :func:`candidates` applies the rules repeatedly to build a small pool of
equivalent expressions, and :mod:`symact.kernels` *measures* every candidate against
high-precision ground truth and keeps the cheapest one that is accurate (possibly a
different one on different input ranges: "regimes").

The rules work on SymPy expressions in :data:`symact.x`, extended with a few functions that
have no exact SymPy spelling as one operation:

* ``log1p(u)`` = log(1 + u) and ``expm1(u)`` = exp(u) - 1 (``sympy.codegen.cfunctions``),
  accurate for small u (C99, numpy);
* ``hypot(a, b)`` = sqrt(a^2 + b^2) without overflow;
* :class:`Sel` ``(w, a, b)`` = a if w >= 0 else b, and :class:`SelPos` (w > 0): a choice
  between two formulas by the sign of w, which the code generators lower to arithmetic
  with 0/1 masks (numpy), a conditional (C) or ``where`` (JAX, PyTorch).

Every rule carries its identity in its docstring and its name; ``tests/test_rewrite.py``
checks each exact rule on sampled points at 50 digits (the rewritten expression equals the
original) and each approximation rule against its declared accuracy.

Rules
-----
``log1p``            log(1 + u) = log1p(u)
``expm1``            k exp(u) - k = k expm1(u)
``erfc``             c + c erf(u) = c erfc(-u);  c - c erf(u) = c erfc(u)
``log1pexp``         log(1 + exp(w)) = max(w, 0) + log1p(exp(-|w|)) (c max(u, 0) for w = c u)
``exp_halve``        r exp(w) = fl(r exp(w/2)) exp(w/2) (a subnormal product rounded once)
``exact_product``    exp(c u) = E + E err with E = exp(fl(c u)) and err = c u - fl(c u) computed
                     exactly (Dekker's product): no error of the rounded argument amplified
``exp_split``        R(exp(w)) = Sel(w, R(1/e), R(e)) with e = exp(-|w|), for R rational in
                     exp(w) (after writing tanh, sinh, cosh, sech in exponentials): only
                     exponentials that cannot overflow are left
``compensated``      a/(c + u)^m = q - m q err/s with s = fl(c + u), err = (c + u) - s exact
                     (Fast2Sum) and q = a/s^m: compensates the rounding of 1 + exp(-|x|)
``sel_max``          Sel(w, 1, u) = max(step(w), u) for 0 <= u <= 1, = max(sign(w), u) when
                     u = exp(-c|w|) (cheaper choices)
``flip``             a + b = (a^2 - b^2)/(a - b) (removes cancellation a ~ -b with radicals)
``hypot``            sqrt(a^2 + c) = hypot(a, sqrt(c))
``tanh_sum``         c - c tanh(u)^2 = 4c e/(1 + e)^2, c + c tanh(u) = 2c Sel(u, 1, e)/(1 + e),
                     e = exp(-2|u|) (a local exp_split for any argument u)
``exp_square``       exp(c u^2) = exp(c h^2) exp(c (u - h)(u + h)) with h = Split(u) (the
                     upper half of u's significand: h^2 is exact, no error amplified by u^2)
``factor``, ``expand``, ``together``   algebraically equal forms with other rounding
``taylor0``          the Taylor polynomial at 0 (an approximation: valid near 0 only)
``taylor0_cleared``  p + k tanh(u) = N/cosh(u), N = p cosh u + k sinh u by its Taylor polynomial
                     (entire: converges beyond |x| < pi/2; no cancellation for tanhshrink)
``taylor_inf``       the asymptotic expansion at +-oo in 1/x (an approximation: large |x|)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence, cast

import sympy as sp
from sympy.codegen.cfunctions import expm1, hypot, log1p

from . import budget
from .spec import x

__all__ = [
    "Sel",
    "SelPos",
    "Erfc",
    "Split",
    "Fl",
    "TwoSumErr",
    "TwoProdErr",
    "Erfcx",
    "log1p",
    "expm1",
    "hypot",
    "Rule",
    "Candidate",
    "RULES",
    "rule",
    "candidates",
    "approximations",
    "limits",
    "to_sympy",
    "clamp",
]


# ---------------------------------------------------------------------------------------
# IR additions
class Sel(sp.Function):
    """``Sel(w, a, b)`` = a if w >= 0 else b (w = NaN selects b)."""

    nargs = 3

    @classmethod
    def eval(cls, w: Any, a: Any, b: Any) -> Any:
        if a == b:
            return a
        if w.is_nonnegative:
            return a
        if w.is_negative:
            return b
        return None

    def _eval_is_real(self) -> bool | None:
        return fuzzy_and_real(cast("tuple[sp.Expr, ...]", self.args[1:]))


class SelPos(sp.Function):
    """``SelPos(w, a, b)`` = a if w > 0 else b (w = NaN selects b)."""

    nargs = 3

    @classmethod
    def eval(cls, w: Any, a: Any, b: Any) -> Any:
        if a == b:
            return a
        if w.is_positive:
            return a
        if w.is_nonpositive:
            return b
        return None

    def _eval_is_real(self) -> bool | None:
        return fuzzy_and_real(cast("tuple[sp.Expr, ...]", self.args[1:]))


class Erfc(sp.Function):
    """``Erfc(u)`` = erfc(u) = 1 - erf(u), kept as written (SymPy's ``erfc`` turns erfc(-u)
    into 2 - erfc(u), which is the cancelling form this IR exists to avoid)."""

    nargs = 1

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real


class Split(sp.Function):
    """``Split(u)``: u rounded to half its significand (Veltkamp's splitting), so that
    Split(u)^2 is exact in floating point.  Mathematically any value serves in the identities
    that use it (they hold for every h), so high-precision evaluation takes Split(u) = u."""

    nargs = 1

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real


class Fl(sp.Function):
    """``Fl(u)``: the floating-point value of u.  Mathematically u itself; it keeps SymPy from
    simplifying the error-free transformations that use it (see :class:`TwoSumErr`)."""

    nargs = 1

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real


class TwoSumErr(sp.Function):
    """``TwoSumErr(c, u)`` = (c + u) - fl(c + u), computed exactly as (c - fl(c + u)) + u
    (Dekker's Fast2Sum, valid for |c| >= |u|).  Mathematically 0."""

    nargs = 2

    def _eval_is_real(self) -> bool | None:
        return True


class Erfcx(sp.Function):
    """``Erfcx(u)`` = exp(u^2) erfc(u), the scaled complementary error function: smooth and of
    order 1/u for large u, so that erfc(u) = Erfcx(u) exp(-u^2) can take exp(-u^2) from the
    exact argument (x^2/2 for erfc(-x/sqrt(2)), not the square of a rounded -x/sqrt(2))."""

    nargs = 1

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real


class TwoProdErr(sp.Function):
    """``TwoProdErr(c, u)`` = c u - fl(c u) for a number c, computed exactly (Dekker's product
    with Veltkamp's splitting of u, plus (c - fl(c)) u for a c that is not a float).
    Mathematically 0."""

    nargs = 2

    def _eval_is_real(self) -> bool | None:
        return True


def fuzzy_and_real(args: Iterable[sp.Expr]) -> bool | None:
    out: bool | None = True
    for a in args:
        r = a.is_real
        if r is False:
            return False
        if r is None:
            out = None
    return out


def to_sympy(e: sp.Expr) -> sp.Expr:
    """``e`` with the IR additions written in plain SymPy (Piecewise, log, exp, sqrt), so that
    :func:`symact.numeric.compile_mp` evaluates it in high precision."""

    def conv(n: sp.Basic) -> sp.Basic:
        if not n.args:
            return n
        args = [cast("sp.Expr", conv(a)) for a in n.args]
        if isinstance(n, Sel):
            w, a, b = args
            return sp.Piecewise((a, sp.GreaterThan(w, 0, evaluate=False)), (b, True), evaluate=False)
        if isinstance(n, SelPos):
            w, a, b = args
            return sp.Piecewise((a, sp.StrictGreaterThan(w, 0, evaluate=False)), (b, True), evaluate=False)
        if isinstance(n, log1p):
            return cast("sp.Basic", sp.log(1 + args[0], evaluate=False))
        if isinstance(n, expm1):
            return sp.Add(sp.exp(args[0]), -1, evaluate=False)
        if isinstance(n, hypot):
            return cast("sp.Basic", sp.sqrt(args[0] ** 2 + args[1] ** 2))
        if isinstance(n, Erfc):
            return cast("sp.Basic", sp.erfc(args[0], evaluate=False))
        if isinstance(n, Erfcx):
            return sp.Mul(sp.exp(args[0] ** 2, evaluate=False), sp.erfc(args[0], evaluate=False), evaluate=False)
        if isinstance(n, (Split, Fl)):
            return args[0]
        if isinstance(n, (TwoSumErr, TwoProdErr)):
            return cast("sp.Basic", sp.Integer(0))
        return cast("sp.Basic", n.func(*args))

    return cast("sp.Expr", conv(e))


def clamp(e: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """``e`` with x replaced by x clipped to [lo, hi] (infinite ends are not clipped)."""
    c: sp.Expr = x
    if hi != sp.oo:
        c = sp.Min(c, hi)
    if lo != -sp.oo:
        c = sp.Max(c, lo)
    return _replace_x(e, c) if c != x else e


def _replace_x(e: sp.Expr, c: sp.Expr) -> sp.Expr:
    """``e`` with x replaced by ``c``, sums, products and powers rebuilt as they are (xreplace
    re-evaluates them: the measured (2x + 3)/6 came back as x/3 + 1/2, a different program)."""
    if e == x:
        return c
    if not e.args or not e.has(x):
        return e
    args = [_replace_x(cast("sp.Expr", a), c) for a in e.args]
    if isinstance(e, (sp.Add, sp.Mul, sp.Pow)):
        return cast("sp.Expr", e.func(*args, evaluate=False))
    return cast("sp.Expr", e.func(*args))


# ---------------------------------------------------------------------------------------
# rules
@dataclass(frozen=True)
class Rule:
    """A named rewrite: ``apply(node)`` returns rewritten forms of one node (``scope='node'``,
    applied at every subterm) or of a whole expression (``scope='whole'``).  ``exact`` rules
    are identities; inexact ones are approximations valid on part of the line only."""

    name: str
    identity: str
    apply: Callable[[sp.Expr], list[sp.Expr]]
    scope: str = "node"
    exact: bool = True


@dataclass(frozen=True)
class Candidate:
    """An expression equivalent to (or, for ``exact=False``, approximating) the original,
    with the names of the rules that produced it, in order."""

    expr: sp.Expr
    rules: tuple[str, ...] = ()
    exact: bool = True
    note: str = ""

    @property
    def label(self) -> str:
        return "+".join(self.rules) if self.rules else "original"


def _terms(e: sp.Expr) -> list[sp.Expr]:
    return list(e.args) if isinstance(e, sp.Add) else [e]


def _split_coeff(term: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """term = c * rest with c a number (possibly irrational, e.g. sqrt(2)/2)."""
    if isinstance(term, sp.Mul):
        nums = [a for a in term.args if a.is_number]
        rest = [a for a in term.args if not a.is_number]
        return sp.Mul(*nums), sp.Mul(*rest)
    if term.is_number:
        return term, sp.Integer(1)
    return sp.Integer(1), term


def _rule_log1p(n: sp.Expr) -> list[sp.Expr]:
    """log(1 + u) = log1p(u)."""
    if isinstance(n, sp.log) and isinstance(n.args[0], sp.Add):
        arg = n.args[0]
        if any(t == 1 for t in arg.args):
            return [log1p(arg - 1)]
    return []


def _rule_expm1(n: sp.Expr) -> list[sp.Expr]:
    """k exp(u) - k = k expm1(u) (in a sum; k a number)."""
    if not isinstance(n, sp.Add):
        return []
    out = []
    terms = _terms(n)
    consts = [t for t in terms if t.is_number]
    if len(consts) != 1:
        return []
    c0 = consts[0]
    for t in terms:
        k, rest = _split_coeff(t)
        if isinstance(rest, sp.exp) and sp.simplify(k + c0) == 0:
            others = [u for u in terms if u is not t and u is not c0]
            out.append(sp.Add(*others, k * expm1(rest.args[0])))
    return out


def _rule_erfc(n: sp.Expr) -> list[sp.Expr]:
    """c + c erf(u) = c erfc(-u) and c - c erf(u) = c erfc(u) (in a sum; c a number)."""
    if not isinstance(n, sp.Add):
        return []
    terms = _terms(n)
    consts = [t for t in terms if t.is_number]
    if len(consts) != 1:
        return []
    c0 = consts[0]
    out = []
    for t in terms:
        k, rest = _split_coeff(t)
        if isinstance(rest, sp.erf):
            u = rest.args[0]
            others = [v for v in terms if v is not t and v is not c0]
            if sp.simplify(k - c0) == 0:
                out.append(sp.Add(*others, c0 * Erfc(-u)))
            elif sp.simplify(k + c0) == 0:
                out.append(sp.Add(*others, c0 * Erfc(u)))
    return out


def _rule_log1pexp(n: sp.Expr) -> list[sp.Expr]:
    """log(1 + exp(w)) = max(w, 0) + log1p(exp(-|w|)) (also for log1p(exp(w)))."""
    w = None
    if isinstance(n, sp.log) and isinstance(n.args[0], sp.Add):
        rest = n.args[0] - 1
        if isinstance(rest, sp.exp) and any(t == 1 for t in n.args[0].args):
            w = rest.args[0]
    elif isinstance(n, log1p) and isinstance(n.args[0], sp.exp):
        w = n.args[0].args[0]
    if w is None or not w.has(x) or w.is_nonpositive or w.is_nonnegative:
        return []
    # max(c u, 0) = c max(u, 0) for a number c > 0 (c min(u, 0) for c < 0): c u can overflow
    # where the softplus itself does not (log(1 + exp(3x))/3 at x = 1e308)
    c, u = w.as_coeff_Mul()
    if c.is_number and c.is_positive and c != 1:
        mx = c * sp.Max(u, 0)
    elif c.is_number and c.is_negative:
        mx = c * sp.Min(u, 0)
    else:
        mx = sp.Max(w, 0)
    return [mx + log1p(sp.exp(-sp.Abs(w)))]


def _is_power_of_two(c: sp.Expr) -> bool:
    c = abs(c)
    if not c.is_Rational or c == 0:
        return False
    p, q = int(cast("sp.Rational", c).p), int(cast("sp.Rational", c).q)
    return (p & (p - 1)) == 0 and (q & (q - 1)) == 0


def _rule_exact_product(n: sp.Expr) -> list[sp.Expr]:
    """exp(c u) = E + E TwoProdErr(c, u), E = exp(fl(c u)), for a number c that is not a power
    of two: fl(c u) is off by up to half an ulp of c u, which exp turns into a relative error of
    |c u| eps/2 (100 ULP for softplus with beta = 3 at x = -33.6); the exact error of the
    product (Dekker) puts it back."""
    if not isinstance(n, sp.exp):
        return []
    a = n.args[0]
    c, u = a.as_coeff_Mul()
    if not (c.is_number and c.is_Rational and u.has(x)) or _is_power_of_two(c) or c == 0 or n.has(TwoProdErr):
        return []
    e = sp.exp(Fl(c * u))
    return [e + e * TwoProdErr(c, u)]


_HYPERBOLIC = (sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.csch, sp.coth)


def _exp_atoms(e: sp.Expr) -> list[sp.exp]:
    return sorted((a for a in e.atoms(sp.exp) if a.has(x)), key=sp.default_sort_key)


def _rule_exp_split(e: sp.Expr) -> list[sp.Expr]:
    """R(exp(w)) = Sel(w, R(1/e), R(e)) with e = exp(-|w|) (R rational in exp(w)).

    Hyperbolic functions are first written with exponentials.  All exponentials must be
    exp(q w) for one expression w and rational q; then exp(q w) = t^(q/g) with t = exp(g w)
    and g the gcd of the q.  On w >= 0, t = 1/e; on w < 0, t = e, where e = exp(-g|w|) lies
    in (0, 1]: neither branch can overflow.  The branches are simplified as rational
    functions of e (and of x), and the choice is pushed down to where they differ
    (shared denominators and factors are taken out of the ``Sel``).
    """
    if e.has(Sel, SelPos, log1p, expm1, hypot, Split, Fl, TwoSumErr):
        return []
    if e.has(*_HYPERBOLIC):
        e = e.rewrite(sp.exp)
    atoms = _exp_atoms(e)
    if not atoms:
        return []
    base = cast("sp.Expr", atoms[0].args[0])
    if base.could_extract_minus_sign():
        base = -base
    coeffs = []
    for a in atoms:
        q = sp.cancel(a.args[0] / base)
        if not q.is_Rational:
            return []
        coeffs.append(q)
    if base.is_nonnegative or base.is_nonpositive:
        return []  # the exponent has one sign: nothing to split (e.g. exp(-x^2/2))
    g = functools.reduce(math.gcd, [abs(int(q.p)) for q in coeffs])
    den = functools.reduce(lambda a, b: a * b // math.gcd(a, b), [int(q.q) for q in coeffs])
    gq = sp.Rational(g, den)
    t = sp.Dummy("t", positive=True)
    mapping = {a: t ** (q / gq) for a, q in zip(atoms, coeffs)}
    r = e.xreplace(mapping)
    if r.has(x) and any(a.has(t) for a in r.atoms(sp.Function)):
        return []  # t inside another function: not rational in t
    r = sp.together(r)
    num, dn = sp.fraction(r)
    # reduce powers of t by their gcd
    try:
        pn = sp.Poly(num, t) if num.has(t) else None
        pd = sp.Poly(dn, t) if dn.has(t) else None
    except sp.PolynomialError:
        return []
    ex = [m[0] for p in (pn, pd) if p is not None for m in p.monoms() if m[0]]
    k = functools.reduce(math.gcd, ex) if ex else 1
    if k > 1:
        s = sp.Dummy("s", positive=True)
        r = r.xreplace({t: s ** sp.Rational(1, k)})
        r = sp.powsimp(sp.powdenest(r, force=True), force=True).xreplace({s: t})
        gq = gq * k
    ed = sp.Dummy("e", positive=True)
    pos = _rational_in(r.xreplace({t: 1 / ed}), ed)
    neg = _rational_in(r.xreplace({t: ed}), ed)
    if pos is None or neg is None:
        return []
    w = gq * base
    ee = sp.exp(-sp.Abs(w))
    out = []
    for form in _sel_forms(sign_part(w), pos, neg):
        out.append(form.xreplace({ed: ee}))
    return out


def sign_part(w: sp.Expr) -> sp.Expr:
    """w without a positive numeric factor (the sign test of Sel(w, ...) is the same)."""
    c, rest = w.as_coeff_Mul()
    if c.is_positive and rest != 1:
        return rest
    return w


def _rational_in(r: sp.Expr, e: sp.Dummy) -> tuple[sp.Expr, sp.Expr] | None:
    """(numerator, denominator) of r as polynomials in e, cancelled; each factored when that
    is small, else collected in powers of e with factored coefficients, or None."""
    try:
        n, d = sp.fraction(sp.cancel(sp.together(r)))
    except (sp.PolynomialError, NotImplementedError):
        return None
    return _tidy(n, e), _tidy(d, e)


def _tidy(p: sp.Expr, e: sp.Dummy) -> sp.Expr:
    f = sp.factor(p)
    if sp.count_ops(f) <= 40 or not p.has(x):
        return cast("sp.Expr", f)
    c = sp.collect(sp.expand(p), e, evaluate=False)
    return sp.Add(*[sp.factor(coef) * k for k, coef in sorted(c.items(), key=lambda kv: sp.default_sort_key(kv[0]))])


def _sel_forms(w: sp.Expr, pos: tuple[sp.Expr, sp.Expr], neg: tuple[sp.Expr, sp.Expr]) -> list[sp.Expr]:
    """Sel(w, np/dp, nn/dn) with what both branches share taken out of the Sel."""
    (np_, dp), (nn, dn) = pos, neg
    forms = []
    if sp.expand(dp - dn) == 0:
        common = sp.gcd(np_, nn)
        if common != 1 and common.free_symbols:
            a, b = sp.cancel(np_ / common), sp.cancel(nn / common)
            forms.append(common * Sel(w, a, b) / dp)
        forms.append(Sel(w, np_, nn) / dp)
    else:
        cn = sp.gcd(np_, nn)
        if cn != 1 and cn.free_symbols:
            forms.append(cn * Sel(w, sp.cancel(np_ / cn), sp.cancel(nn / cn)) / Sel(w, dp, dn))
        forms.append(Sel(w, np_, nn) / Sel(w, dp, dn))
    forms.append(Sel(w, np_ / dp, nn / dn))
    return forms


def _rule_exp_square(n: sp.Expr) -> list[sp.Expr]:
    """exp(c u^2) = exp(c h^2) exp(c (u - h)(u + h)) with h = Split(u) (any h: an identity).

    With h the upper half of u's significand, h^2 is exact and (u - h)(u + h) is small, so
    the rounding error of u^2 (relative eps, i.e. an absolute error c u^2 eps in the
    exponent, amplified to c u^2 eps in the result: 300 ULP for exp(-x^2) at x = 17) is gone."""
    if not isinstance(n, sp.exp):
        return []
    arg = n.args[0]
    c, rest = arg.as_coeff_Mul()
    if not (c.is_number and c.is_negative) or not (isinstance(rest, sp.Pow) and rest.exp == 2 and rest.base.has(x)):
        return []
    u = rest.base
    if u.has(Split):
        return []
    h = Split(u)
    return [sp.exp(c * h**2) * sp.exp(c * (u - h) * (u + h))]


def _rule_erfcx(n: sp.Expr) -> list[sp.Expr]:
    """erfc(u) = Erfcx(u) exp(-u^2), with exp(-u^2) written from the exact square of the
    argument (u = -x/sqrt(2): exp(-x^2/2), split as in ``exp_square``): erfc of a rounded
    argument has a relative error of 2 u^2 eps (1500 ULP for GELU at x = -37.5)."""
    if not isinstance(n, (Erfc, sp.erfc)):
        return []
    u = n.args[0]
    if not u.has(x) or n.has(Split):
        return []
    e = sp.exp(-sp.expand(u**2))
    split = _rule_exp_square(e)
    return [Erfcx(u) * (split[0] if split else e)]


def _rule_exp_halve(n: sp.Expr) -> list[sp.Expr]:
    """r exp(w) = fl(r exp(w/2)) exp(w/2), for a product of an exponential with other factors
    r of x: where the product is subnormal but exp(w) alone is far smaller (x exp(x) at
    x = -745), exp(w) has lost its digits before r scales it back up; exp(w/2) has not, and
    the result is rounded to the subnormal spacing once, at the end."""
    if not isinstance(n, sp.Mul):
        return []
    exps = [f_ for f_ in n.args if isinstance(f_, sp.exp) and f_.args[0].has(x)]
    rest = [f_ for f_ in n.args if f_ not in exps]
    if not exps or not any(f_.has(x) for f_ in rest) or n.has(Fl):
        return []
    w = min(exps, key=lambda e: (sp.count_ops(e.args[0]), sp.default_sort_key(e))).args[0]
    if w.is_nonnegative:
        return []
    others = [f_ for f_ in n.args if not (isinstance(f_, sp.exp) and f_.args[0] == w)]
    half = sp.exp(w / 2)
    return [sp.Mul(Fl(sp.Mul(*others, half)), half, evaluate=False)]


def _bounded_unit(u: sp.Expr) -> bool:
    """Whether u is k exp(-|w|) with 0 < k <= 1 (so 0 < u <= 1)."""
    k, rest = u.as_coeff_Mul()
    if not (k.is_number and k.is_positive and k <= 1):
        return False
    return isinstance(rest, sp.exp) and bool(rest.args[0].is_nonpositive)


def _rule_compensated(n: sp.Expr) -> list[sp.Expr]:
    """a / (c + u)^m = q - m q err/s with s = fl(c + u), err = (c + u) - s (exact by Fast2Sum,
    c >= 1 >= u >= 0) and q = a/s^m: the rounding of the sum in the denominator, the largest
    error of sigmoid-like quotients, is compensated (an identity: err = 0 mathematically)."""
    if not isinstance(n, sp.Mul):
        return []
    out = []
    for f_ in n.args:
        if isinstance(f_, sp.Pow) and f_.exp.is_Integer and -3 <= f_.exp < 0 and isinstance(f_.base, sp.Add):
            terms = f_.base.args
            consts = [t for t in terms if t.is_number]
            rest = [t for t in terms if not t.is_number]
            if len(consts) != 1 or len(rest) != 1 or not (consts[0].is_number and consts[0] >= 1):
                continue
            c, u = consts[0], rest[0]
            if not _bounded_unit(u) or n.has(TwoSumErr):
                continue
            m = -int(f_.exp)
            others = sp.Mul(*[g for g in n.args if g is not f_])
            s_ = Fl(c + u)
            q = Fl(others * s_ ** (-m))
            out.append(q - q * Fl(m * TwoSumErr(c, u) / s_))
    return out


def _rule_sel_max(n: sp.Expr) -> list[sp.Expr]:
    """Sel(w, 1, u) = max(Sel(w, 1, 0), u) and Sel(w, u, 1) = max(Sel(w, 0, 1), u) for
    0 <= u <= 1 (u = k exp(-|v|), 0 < k <= 1): a choice between 1 and u is the larger of u and
    a 0/1 step, which is cheaper than a general choice."""
    if not isinstance(n, (Sel, SelPos)):
        return []
    w, a, b = n.args
    out: list[sp.Expr] = []
    if a == 1 and _bounded_unit(b):
        if isinstance(n, Sel) and _unit_of(b, w):  # b = exp(-c|w|): b = 1 exactly where w = 0
            out.append(sp.Max(b, sp.sign(w)))
        out.append(sp.Max(n.func(w, sp.Integer(1), sp.Integer(0)), b))
    if b == 1 and _bounded_unit(a):
        if isinstance(n, Sel) and _unit_of(a, w):
            out.append(sp.Max(a, -sp.sign(w)))
        out.append(sp.Max(n.func(w, sp.Integer(0), sp.Integer(1)), a))
    return out


def _unit_of(u: sp.Expr, w: sp.Expr) -> bool:
    """u = exp(-c |v|) with c > 0 and v a positive multiple of w (so u = 1 exactly at w = 0,
    and max(u, sign(w)) is the choice Sel(w, 1, u))."""
    if not isinstance(u, sp.exp):
        return False
    c, rest = (-u.args[0]).as_coeff_Mul()
    if not (c.is_number and c.is_positive and isinstance(rest, sp.Abs)):
        return False
    ratio = sp.cancel(rest.args[0] / w)
    return bool(ratio.is_number and ratio.is_positive)


def _rule_tanh_sum(n: sp.Expr) -> list[sp.Expr]:
    """c - c tanh(u)^2 = 4c e/(1 + e)^2 and c +- c tanh(u) = 2c Sel(+-u, 1, e)/(1 + e), with
    e = exp(-2|u|) <= 1: the sums that cancel when tanh(u) is near -+1, written without the
    cancellation (a local form of ``exp_split`` for arguments u that are not linear in one
    exponential, e.g. tanh(exp(x)))."""
    if not isinstance(n, sp.Add):
        return []
    terms = _terms(n)
    consts = [t for t in terms if t.is_number]
    if len(consts) != 1:
        return []
    c0 = consts[0]
    out = []
    for t in terms:
        k, rest = _split_coeff(t)
        others = [v for v in terms if v is not t and v is not c0]
        if isinstance(rest, sp.Pow) and rest.exp == 2 and isinstance(rest.base, sp.tanh) and sp.simplify(k + c0) == 0:
            u = rest.base.args[0]
            e = sp.exp(-2 * sp.Abs(u))
            out.append(sp.Add(*others, 4 * c0 * e / (1 + e) ** 2))
        elif isinstance(rest, sp.tanh) and sp.simplify(abs(k) - abs(c0)) == 0 and c0 != 0:
            u = rest.args[0] if sp.simplify(k - c0) == 0 else -rest.args[0]
            e = sp.exp(-2 * sp.Abs(u))
            out.append(sp.Add(*others, 2 * c0 * Sel(sign_part(u), sp.Integer(1), e) / (1 + e)))
    return out


def _rule_flip(n: sp.Expr) -> list[sp.Expr]:
    """a + b = (a^2 - b^2)/(a - b), for a sum of two terms one of which has a square root
    (removes the cancellation of x + sqrt(x^2 + c) for x < 0)."""
    if not isinstance(n, sp.Add) or len(n.args) != 2:
        return []
    a, b = n.args

    def radical(t: sp.Expr) -> bool:
        return any(isinstance(p, sp.Pow) and p.exp.is_Rational and p.exp.q == 2 and p.base.has(x)
                   for p in sp.preorder_traversal(t))

    if not n.has(x) or radical(a) == radical(b):
        return []  # one term with a radical of x, one without (else a - b may vanish: 0/0)
    try:
        top = budget.run(lambda: sp.factor(sp.expand(sp.together(a**2 - b**2))), seconds=min(2.0, budget.default_seconds()),
                         what="flip")
    except budget.Timeout:
        return []
    if top.has(sp.sqrt) and sp.count_ops(top) > sp.count_ops(n) + 6:
        return []
    return [top / (a - b), top / sp.factor(sp.together(a - b))]


def _rule_hypot(n: sp.Expr) -> list[sp.Expr]:
    """sqrt(a^2 + c) = hypot(a, sqrt(c)) for a number c > 0 (no overflow of a^2)."""
    if not (isinstance(n, sp.Pow) and n.exp.is_Rational and n.exp.q == 2):
        return []
    base = n.base
    if not isinstance(base, sp.Add):
        return []
    consts = [t for t in base.args if t.is_number]
    rest = [t for t in base.args if not t.is_number]
    if len(consts) != 1 or len(rest) != 1 or not consts[0].is_positive:
        return []
    sq = rest[0]
    if not (isinstance(sq, sp.Pow) and sq.exp == 2):
        return []
    h = hypot(sq.base, sp.sqrt(consts[0]))
    return [h ** (2 * n.exp)]


def _budgeted(fn: Callable[[sp.Expr], sp.Expr], what: str) -> Callable[[sp.Expr], list[sp.Expr]]:
    def apply(e: sp.Expr) -> list[sp.Expr]:
        try:
            r = budget.run(fn, e, seconds=min(2.0, budget.default_seconds()), what=what)
        except budget.Timeout:
            return []
        except (sp.PolynomialError, NotImplementedError, ValueError, TypeError):
            return []
        return [r]

    return apply


RULES: tuple[Rule, ...] = (
    Rule("exp_split", "R(exp(w)) = Sel(w, R(1/e), R(e)), e = exp(-|w|)", _rule_exp_split, scope="whole"),
    Rule("log1pexp", "log(1 + exp(w)) = max(w, 0) + log1p(exp(-|w|))", _rule_log1pexp),
    Rule("log1p", "log(1 + u) = log1p(u)", _rule_log1p),
    Rule("exact_product", "exp(c u) = E + E err, E = exp(fl(c u)), err = c u - fl(c u) exactly", _rule_exact_product),
    Rule("expm1", "k exp(u) - k = k expm1(u)", _rule_expm1),
    Rule("erfc", "c + c erf(u) = c erfc(-u); c - c erf(u) = c erfc(u)", _rule_erfc),
    Rule("erfcx", "erfc(u) = Erfcx(u) exp(-u^2), exp(-u^2) from the exact square", _rule_erfcx),
    Rule("exp_square", "exp(c u^2) = exp(c h^2) exp(c (u - h)(u + h)), h = Split(u)", _rule_exp_square),
    Rule("exp_halve", "r exp(w) = fl(r exp(w/2)) exp(w/2)", _rule_exp_halve),
    Rule("tanh_sum", "c - c tanh(u)^2 = 4c e/(1 + e)^2; c + c tanh(u) = 2c Sel(u, 1, e)/(1 + e), e = exp(-2|u|)",
         _rule_tanh_sum),
    Rule("compensated", "a/(c + u)^m = q - m q err/s, s = fl(c + u), err = (c + u) - s", _rule_compensated),
    Rule("sel_max", "Sel(w, 1, u) = max(Sel(w, 1, 0), u) for 0 <= u <= 1", _rule_sel_max),
    Rule("flip", "a + b = (a^2 - b^2)/(a - b)", _rule_flip),
    Rule("hypot", "sqrt(a^2 + c) = hypot(a, sqrt(c))", _rule_hypot),
    Rule("factor", "factorised form", _budgeted(sp.factor, "factor"), scope="whole"),
    Rule("expand", "expanded form", _budgeted(sp.expand, "expand"), scope="whole"),
    Rule("together", "one fraction", _budgeted(sp.together, "together"), scope="whole"),
)

_BY_NAME = {r.name: r for r in RULES}
_HOUSEKEEPING = ("factor", "expand", "together")
_ONCE = ("exp_halve", "exact_product", "erfcx")  # applying these twice gains nothing


def rule(name: str) -> Rule:
    """The rule called ``name``."""
    return _BY_NAME[name]


def _rewrites_at_nodes(e: sp.Expr, r: Rule) -> list[sp.Expr]:
    """Expressions obtained by applying node rule ``r``: at every matching subterm at once
    (the first alternative of each), and at each single subterm when there are at most two."""
    sites: list[sp.Expr] = []
    for n in sp.preorder_traversal(e):
        if isinstance(n, sp.Expr) and r.apply(n):
            sites.append(n)
    if not sites:
        return []
    out: list[sp.Expr] = []
    everywhere = _apply_everywhere(e, r)
    if everywhere is not None and everywhere != e:
        out.append(everywhere)
    # each single site when there are at most two; otherwise the outermost site alone (the
    # whole product, e.g. exp_halve of exp(-|x|) Sel(...)/(1 + exp(-|x|))^3, which the bottom-up
    # pass cannot reach once it has rewritten the inner products)
    for site in (sites if len(sites) <= 2 else sites[:1]):
        for alt in r.apply(site):
            try:
                out.append(e.xreplace({site: alt}))
            except (TypeError, ValueError):
                continue
    return out


def _apply_everywhere(e: sp.Expr, r: Rule) -> sp.Expr | None:
    """Bottom-up: rewrite every matching subterm with the rule's first alternative."""
    if not e.args or isinstance(e, (sp.Number, sp.Symbol)):
        alts = r.apply(e)
        return alts[0] if alts else e
    try:
        rebuilt = e.func(*[(_apply_everywhere(a, r) if isinstance(a, sp.Expr) else a) for a in e.args])
    except (TypeError, ValueError):
        return None
    if rebuilt is None:
        return None
    alts = r.apply(rebuilt) if isinstance(rebuilt, sp.Expr) else []
    return alts[0] if alts else rebuilt


def _size(e: sp.Expr) -> int:
    return cast("int", sp.count_ops(e, visual=False))


def candidates(expr: sp.Expr, depth: int = 3, limit: int = 64) -> list[Candidate]:
    """Exact rewrites of ``expr``: the original first, then forms reached by applying up to
    ``depth`` rules in sequence (breadth first, deterministic order, at most ``limit``)."""
    seen: dict[sp.Expr, Candidate] = {expr: Candidate(expr)}
    frontier = [seen[expr]]
    for _ in range(depth):
        nxt: list[Candidate] = []
        for cand in frontier:
            for r in RULES:
                if r.name in _HOUSEKEEPING and (cand.expr.has(Sel, SelPos, sp.Abs, sp.Max) or r.name in cand.rules):
                    continue
                if r.name == "exp_split" and any(h in cand.rules for h in _HOUSEKEEPING):
                    continue  # the same rational function as without the housekeeping step
                if r.name in _ONCE and r.name in cand.rules:
                    continue
                if r.scope == "whole":
                    alts = r.apply(cand.expr) if r.name not in cand.rules else []
                else:
                    alts = _rewrites_at_nodes(cand.expr, r)
                for alt in alts:
                    grow = 8 if r.name == "exp_split" else 4
                    if alt in seen or alt.has(sp.nan, sp.zoo) or _size(alt) > grow * _size(expr) + 40:
                        continue
                    c = Candidate(alt, cand.rules + (r.name,))
                    seen[alt] = c
                    nxt.append(c)
                    if len(seen) >= limit:
                        return list(seen.values())
        frontier = nxt
        if not frontier:
            break
    return list(seen.values())


# ---------------------------------------------------------------------------------------
# approximations (Herbie's "taylor"): used only on the range where they are measured accurate
def _taylor0(expr: sp.Expr, order: int) -> sp.Expr | None:
    try:
        s = budget.run(lambda: sp.series(expr, x, 0, order).removeO(), seconds=min(3.0, budget.default_seconds()),
                       what="Taylor series at 0")
    except budget.Timeout:
        return None
    except (NotImplementedError, ValueError, TypeError, sp.PoleError):
        return None
    if s.has(sp.Order) or s.has(sp.log) or any(isinstance(p, sp.Pow) and p.base == x and not p.exp.is_Integer for p in sp.preorder_traversal(s)):
        return None
    try:
        poly = sp.Poly(sp.expand(s), x)
    except sp.PolynomialError:
        return None
    return horner(poly)


def horner(poly: sp.Poly) -> sp.Expr:
    """Horner form of a polynomial in x, with factored-out x^k for odd/even polynomials
    (x (c1 + x^2 (c3 + ...)))."""
    coeffs = dict(zip((m[0] for m in poly.monoms()), poly.coeffs()))
    if not coeffs:
        return cast("sp.Expr", sp.Integer(0))
    low = min(coeffs)
    degs = sorted(coeffs)
    step = functools.reduce(math.gcd, [d - low for d in degs if d > low], 0) or 1
    var = x**step
    acc: sp.Expr = sp.Integer(0)
    top = max(degs)
    k = top
    first = True
    while k >= low:
        c = coeffs.get(k, sp.Integer(0))
        if first:
            acc = c
            first = False
        else:
            acc = sp.Add(sp.Mul(acc, var, evaluate=False), c, evaluate=False) if c != 0 else sp.Mul(acc, var, evaluate=False)
        k -= step
    return sp.Mul(x**low, acc, evaluate=False) if low else acc


def _taylor_inf(expr: sp.Expr, order: int, sign: int) -> sp.Expr | None:
    u = sp.Symbol("u", positive=True)
    try:
        sub = expr.xreplace({x: sign / u})
        s = budget.run(lambda: sp.series(sub, u, 0, order).removeO(), seconds=min(3.0, budget.default_seconds()),
                       what="asymptotic series at infinity")
    except budget.Timeout:
        return None
    except (NotImplementedError, ValueError, TypeError, sp.PoleError):
        return None
    if s.has(sp.Order) or s.has(sp.exp, sp.log) or s == 0:
        return None
    try:
        poly = sp.Poly(sp.expand(s), u)
    except sp.PolynomialError:
        return None
    h = horner(poly).xreplace({x: u})
    return cast("sp.Expr | None", h.xreplace({u: sign / x}))


def _in_reciprocal(t: sp.Expr) -> sp.Expr:
    """A series in 1/x written in r = fl(1/x), the leading power r^k as fl(rest r^(k-1)) r: the
    product that may end below the normal range is rounded to the subnormal spacing once."""
    r = Fl(1 / x)
    tf = t.xreplace({x: 1 / r})
    if isinstance(tf, sp.Mul):
        lead = [f_ for f_ in tf.args if isinstance(f_, sp.Pow) and f_.base == r and f_.exp.is_Integer and f_.exp >= 2]
        if lead:
            p = lead[0]
            rest = sp.Mul(*[f_ for f_ in tf.args if f_ is not p])
            return sp.Mul(Fl(rest * r ** (p.exp - 1)), r, evaluate=False)
    return cast("sp.Expr", tf)


def limits(expr: sp.Expr) -> list[Candidate]:
    """The finite limits of ``expr`` at -oo and +oo as constant candidates (``limit``): beyond
    some |x| the float value of many functions *is* their limit (gelu''(x) = 0 for |x| > 39),
    while the formula overflows on the way (x^2 exp(-x^2/2) is inf * 0 = NaN for |x| > 1e154).
    The regime search may use them only on the outermost interval on their side."""
    out: list[Candidate] = []
    for sign, note in ((-1, "x -> -oo"), (1, "x -> +oo")):
        try:
            lim = budget.run(sp.limit, expr, x, sign * sp.oo, seconds=min(3.0, budget.default_seconds()),
                             what="limit at infinity")
        except budget.Timeout:
            continue
        except (NotImplementedError, ValueError, TypeError):
            continue
        if lim.is_number and lim.is_finite and lim.is_real and not lim.has(sp.AccumBounds):
            out.append(Candidate(lim, ("limit",), exact=False, note=note))
    return out


def _tanh_cleared(expr: sp.Expr, orders: Sequence[int]) -> list[Candidate]:
    """``p(x) + k tanh(c x)`` (p a polynomial) as N(x) / cosh(c x) with N = p cosh(c x) + k sinh(c x)
    replaced by its Taylor polynomial (``taylor0_cleared``).  N is entire, so its series
    converges on the whole line, and for tanhshrink (x - tanh x = (x cosh x - sinh x)/cosh x,
    N = sum of 2k x^(2k+1)/(2k+1)! > 0) every term has the sign of x: no cancellation, where
    x - tanh x loses up to 4 bits for 0.3 < |x| < 2 and the Taylor polynomial of x - tanh x
    itself converges only for |x| < pi/2.  cosh is written (exp(u) + exp(-u))/2: the regime
    search uses the candidate only where it measures it accurate (no overflow there)."""
    if not isinstance(expr, sp.Add):
        return []
    tanhs = expr.atoms(sp.tanh)
    if len(tanhs) != 1:
        return []
    (t,) = tanhs
    u = t.args[0]
    c = sp.simplify(u / x)
    if not (c.is_number and c.is_real and c != 0):
        return []
    k = sp.Wild("k", exclude=[x])
    rest, lin = sp.Integer(0), sp.Integer(0)
    for term in expr.args:
        if term.has(sp.tanh):
            m = term.match(k * t)
            if m is None:
                return []
            lin += m[k]
        elif term.is_polynomial(x):
            rest += term
        else:
            return []
    n_expr = rest * sp.cosh(u) + lin * sp.sinh(u)
    out: list[Candidate] = []
    seen: set[sp.Expr] = set()
    for order in orders:
        poly = _taylor0(n_expr, order)
        if poly is None or poly == 0:
            continue
        cand = sp.Mul(poly, 2 / (sp.exp(u) + sp.exp(-u)), evaluate=False)
        if cand not in seen:
            seen.add(cand)
            out.append(Candidate(cand, ("taylor0_cleared",), exact=False, note=f"order {order}, over cosh"))
    return out


def approximations(expr: sp.Expr, orders: Sequence[int] = (6, 12, 20, 32), seconds: float = 6.0) -> list[Candidate]:
    """Approximating candidates (``exact=False``): Taylor polynomials at 0 of several orders
    (``taylor0``) and asymptotic expansions at +-oo (``taylor_inf``), for the regime search
    to use only where they are measured accurate (at most ``seconds`` of SymPy work)."""
    import time

    out: list[Candidate] = []
    seen: set[sp.Expr] = set()
    start = time.monotonic()
    if sp.count_ops(expr) > 60:
        return out
    for order in orders:
        if time.monotonic() - start > seconds:
            return out
        t = _taylor0(expr, order)
        if t is not None and t not in seen and t.has(x):
            seen.add(t)
            out.append(Candidate(t, ("taylor0",), exact=False, note=f"order {order}"))
    out += [c for c in _tanh_cleared(expr, (24, 36)) if c.expr not in seen]
    for sign in (1, -1):
        for order in (3, 6, 10):
            if time.monotonic() - start > seconds:
                return out
            t = _taylor_inf(expr, order, sign)
            if t is not None and t not in seen:
                seen.add(t)
                out.append(Candidate(t, ("taylor_inf",), exact=False, note=f"order {order}, x -> {'+' if sign > 0 else '-'}oo"))
                # the same series in powers of fl(1/x): x^-3 as (1/x)^3 does not overflow where
                # x^3 does (-2/x^3 at x = -7.5e102 is a subnormal number, 1/x^3 is 1/inf = 0)
                tf = _in_reciprocal(t)
                if tf != t and tf not in seen:
                    seen.add(tf)
                    out.append(Candidate(tf, ("taylor_inf",), exact=False,
                                         note=f"order {order}, x -> {'+' if sign > 0 else '-'}oo, in 1/x"))
    return out


def check_rule_on(expr: sp.Expr, rewritten: sp.Expr, points: Sequence[float], dps: int = 50) -> float:
    """Largest relative difference between ``expr`` and ``rewritten`` at ``points`` (mpmath,
    ``dps`` digits): 0 up to rounding for an exact rule."""
    import mpmath

    from .numeric import compile_mp

    a = compile_mp(to_sympy(expr))
    b = compile_mp(to_sympy(rewritten))
    worst = mpmath.mpf(0)
    with mpmath.workdps(dps):
        for p in points:
            va, vb = a(p), b(p)
            d = abs(va - vb) / max(abs(va), abs(vb), mpmath.mpf(10) ** -dps)
            worst = max(worst, d)
    return float(worst)
