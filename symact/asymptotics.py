"""Limits that are shown, not quoted: a trusted asymptotic normal form.

:func:`limit` proves the limit of an expression in ``x`` at ``+oo``, ``-oo`` or at a finite
point from one side, by an argument that uses only exact algebra (SymPy's ``diff``,
substitution, ``together``, ``expand``, ``Poly``) and rigorous signs (ball arithmetic of
:mod:`symact.intervals`, or SymPy's assumptions for the signs of parameter symbols); it never
calls ``sympy.limit``.  The checker (:mod:`symact.certificate`) recomputes every limit it
accepts with this module; the prover uses it too, so a limit that cannot be shown here is
``unknown``, whatever SymPy's ``limit`` suggests.

The argument.  Every end is moved to ``t -> +oo`` (``x = t``, ``x = -t``, ``x = p -+ 1/t``).
The expression is then rewritten *exactly* as a rational function of

* ``t``;
* *exponential atoms* ``exp(q(t))`` with ``q`` a polynomial without constant term: the
  atoms whose exponents are rational multiples of one another are powers of one base
  ``u = exp(b(t))`` with ``b``'s leading coefficient negative, so ``t^k u^j -> 0`` for
  every k when j > 0;
* *bounded atoms* ``B``, each with a lemma that shows it bounded on a tail:

  - Taylor's theorem with the Lagrange remainder: if ``a(t) -> L`` (shown recursively) and
    ``phi`` is analytic on ``[L - r, L + r]``, then
    ``phi(a) = sum_{k<n} phi^(k)(L)/k! (a - L)^k + (a - L)^n B`` with
    ``B = phi^(n)(xi)/n!`` in the interval enclosure of ``phi^(n)/n!`` on that box (used for
    exp, log, sqrt and rational powers, atan, erf, sin, cos, ... of convergent arguments);
  - ``erf(a) = 1 - exp(-a^2) E`` with ``E = erfcx(a)`` in ``(0, 1]`` once ``a >= 0``
    (``a -> +oo``; symmetrically at ``-oo``);
  - ``atan(a) = +-pi/2 - atan(1/a)`` when ``a -> +-oo`` (then Taylor at 0);
  - ``log(a)`` and ``a^r`` when ``a -> 0`` or ``oo``: ``a = c exp(g(t)) t^m (1 + w)`` with
    ``w -> 0`` (the leading term below), so ``log a = log c + g + log(1 + w)`` (m = 0) and
    ``a^r = c^r t^(m r) exp(r g) (1 + w)^r`` (m r an integer);
  - ``exp(a)`` with ``a = P(t) + R``, P a polynomial and ``R`` convergent:
    ``exp(P) exp(R)`` (an atom times a Taylor expansion);
  - ``sin(a)``, ``cos(a)`` with ``a -> +-oo``: bounded by 1 (no limit is claimed from them
    unless they drop out of the leading terms);
  - hyperbolic functions are first rewritten in exp (an identity).

Leading terms.  Write the rational function as ``N/D`` (polynomials in t, u, B), divide N and
D by their lowest power of u (``u^alpha``, ``u^beta``; u > 0), and let ``N0``, ``D0`` be the
parts free of u.  If the top t-degree part of ``D0`` is one B-free term ``c_D t^d`` (c_D != 0,
its sign decided rigorously), then ``D / (u^beta t^d) -> c_D`` (lower terms carry t^{<d} times
bounded B, the other terms a positive power of u).  Likewise ``N0``'s top part ``c_N t^n``.
With ``g = (alpha - beta) . b`` (a polynomial): ``g`` has a negative leading coefficient ->
the limit is 0 (exponentials beat powers; N's top part may even contain B); ``g = 0`` -> 0,
``c_N/c_D`` or ``+-oo`` as n < d, n = d, n > d; positive leading coefficient -> ``+-oo`` with
the sign of ``c_N/c_D``.  A top part that contains B is retried with Taylor expansions of a
higher order (1 to 4).  Anything else - an atom without a rule (tan, gamma, digamma, ...),
two incomparable exponentials, a sign that cannot be decided - gives None (unknown), never
a guess.
"""

from __future__ import annotations
from typing import Any, cast

import functools
import math
from dataclasses import dataclass, field

import sympy as sp

from .intervals import DomainError, compile_iv, const_iv, iv_str, sign_of_constant
from .symbols import x as X

__all__ = ["limit", "LimitProof", "one_sided", "sign_of", "no_limit", "NoLimitProof", "continuous_value"]

#: The variable that goes to +oo after the change of variable.
T = sp.Dummy("t", positive=True)  # a Dummy: never equal to a parameter named t
#: log(t), a generator of its own: log t -> oo, (log t)^j / t^k -> 0 for k > 0.
S = sp.Dummy("log_t", positive=True)

#: Taylor orders tried, in turn, when a leading term still contains a bounded atom (at a
#: finite point, removable singularities of f^(k) need order about k + 2).
ORDERS = (1, 2, 3, 4)
ORDERS_AT_POINT = (3, 6, 9)

#: Radii of the boxes [L - r, L + r] on which a Taylor remainder is enclosed.
_RADII = (sp.Rational(1, 4), sp.Rational(1, 64), sp.Rational(1, 4096))

_HYPERBOLIC = (sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.csch, sp.coth)
#: Functions that are not continuous on their domain (no substitution through them).
_JUMPS = (sp.Piecewise, sp.Heaviside, sp.sign, sp.floor, sp.ceiling, sp.frac)


class _Fail(Exception):
    """The normal form or the leading-term argument does not apply (answer: unknown)."""


class _NeedOrder(_Fail):
    """A leading part contains a bounded atom: a higher Taylor order may decide."""


@dataclass
class LimitProof:
    """A proved limit: the value and the argument, in words (for proof steps)."""

    value: sp.Expr
    end: sp.Expr
    side: str
    variable: str
    normal_form: str
    atoms: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    leading: str = ""
    order: int = 1

    def summary(self) -> str:
        parts = [f"with {self.variable}, f = {self.normal_form}"]
        if self.atoms:
            parts.append("atoms " + "; ".join(self.atoms))
        if self.lemmas:
            parts.append("bounded: " + "; ".join(self.lemmas))
        parts.append(self.leading)
        return ", ".join(parts)


# ---------------------------------------------------------------------------------------
# rigorous signs
def sign_of(c: sp.Expr) -> int | None:
    """The sign of a constant (in parameter symbols at most): ball arithmetic for numbers,
    SymPy's assumptions for expressions in parameters; 0 only for a literal zero."""
    c = sp.sympify(c)
    if c == 0:
        return 0
    if c.free_symbols:
        if c.is_positive:
            return 1
        if c.is_negative:
            return -1
        return None
    s = sign_of_constant(c)
    return s if s in (1, -1) else None


def _leading_coeff_sign(q: sp.Expr) -> tuple[int, int]:
    """(degree, sign of the leading coefficient) of a polynomial in T (nonzero)."""
    p = sp.Poly(q, T)
    for k, c in zip(range(p.degree(), -1, -1), p.all_coeffs()):
        s = sign_of(c)
        if s:
            return k, s
        if s is None and (c.free_symbols or not _is_zero_const(c)):
            raise _Fail(f"sign of {c} undecided")
    raise _Fail("zero polynomial")


# ---------------------------------------------------------------------------------------
# the normal form
class _Form:
    def __init__(self, order: int) -> None:
        self.order = order
        self.bounded: dict[sp.Symbol, str] = {}
        self.memo: dict[sp.Expr, sp.Expr] = {}
        self.lim_memo: dict[sp.Expr, "_Lead"] = {}

    def new_bounded(self, lemma: str) -> sp.Symbol:
        b = sp.Dummy(f"B{len(self.bounded)}", real=True)
        self.bounded[b] = lemma
        return b

    # -- the rewrite -----------------------------------------------------------------
    def nf(self, e: sp.Expr) -> sp.Expr:
        if not e.has(T, S):
            return e
        hit = self.memo.get(e)
        if hit is not None:
            return hit
        out = self._nf(e)
        self.memo[e] = out
        return out

    def _nf(self, e: sp.Expr) -> sp.Expr:
        if e == T:
            return T
        if e.is_Add:
            return sp.Add(*[self.nf(cast("sp.Expr", a)) for a in e.args])
        if e.is_Mul:
            return sp.Mul(*[self.nf(cast("sp.Expr", a)) for a in e.args])
        if isinstance(e, sp.Pow):
            b, n = e.base, e.exp
            if n.has(T):
                return self._exp(self.nf(n * sp.log(b))) if b.has(T) else self._exp(self.nf(n * sp.log(b)))
            if b is sp.E:
                return self._exp(self.nf(n))
            if n.is_Integer:
                return cast("sp.Expr", self.nf(b) ** n)
            if n.is_Rational:
                return self._pow(self.nf(b), n)
            raise _Fail(f"power {e}")
        if isinstance(e, sp.exp):
            return self._exp(self.nf(e.args[0]))
        if isinstance(e, sp.log):
            return self._log(self.nf(e.args[0]))
        if isinstance(e, _HYPERBOLIC):
            return self.nf(e.rewrite(sp.exp))
        if isinstance(e, sp.Abs):
            a = self.nf(e.args[0])
            s = self._limit_sign(a)
            return a if s > 0 else -a
        if isinstance(e, (sp.erf, sp.erfc)):
            a = self.nf(e.args[0])
            lim = self.lead(a).limit
            if lim is sp.oo or lim is sp.S.NegativeInfinity:
                sgn = 1 if lim is sp.oo else -1
                E = self.new_bounded(f"erfcx({sp.sstr(sgn * a)}) in (0, 1] once the argument is >= 0")
                erf = sgn * (1 - self._exp(sp.expand(-a**2)) * E)
                return cast("sp.Expr", erf if isinstance(e, sp.erf) else 1 - erf)
            return self._taylor(type(e), a, lim)
        if isinstance(e, sp.atan):
            a = self.nf(e.args[0])
            lim = self.lead(a).limit
            if lim is sp.oo or lim is sp.S.NegativeInfinity:
                sgn = 1 if lim is sp.oo else -1
                return cast("sp.Expr", sgn * sp.pi / 2 - self._taylor(sp.atan, 1 / a, sp.Integer(0)))
            return self._taylor(sp.atan, a, lim)
        if isinstance(e, (sp.sin, sp.cos)):
            a = self.nf(e.args[0])
            lim = self.lead(a).limit
            if lim is sp.oo or lim is sp.S.NegativeInfinity:
                return self.new_bounded(f"|{type(e).__name__}(...)| <= 1")
            return self._taylor(type(e), a, lim)
        if isinstance(e, sp.Function) and len(e.args) == 1 and not isinstance(e, (sp.Heaviside, sp.sign, sp.Piecewise)):
            a = self.nf(e.args[0])
            return self._taylor(type(e), a, self.lead(a).limit)
        raise _Fail(f"no rule for {type(e).__name__}")

    def _limit_sign(self, a: sp.Expr) -> int:
        ld = self.lead(a)
        lim = ld.limit
        if lim is None:
            raise _Fail("limit of an argument unknown")
        if lim is sp.oo:
            return 1
        if lim is sp.S.NegativeInfinity:
            return -1
        s = sign_of(lim)
        if s:
            return s
        if ld.dominant is not None:
            return sign_of(ld.dominant[0]) or _raise("sign undecided")
        raise _Fail("sign of an argument with limit 0 undecided")

    def _exp(self, a: sp.Expr) -> sp.Expr:
        a = sp.expand(a)
        poly, rest = [], []
        log_powers = sp.Integer(0)
        for term in sp.Add.make_args(a):
            if term.has(S) and sp.cancel(term / S).is_Integer:
                log_powers += sp.cancel(term / S)  # exp(j log t) = t^j
            elif term.is_polynomial(T) and not (term.free_symbols & set(self.bounded)):
                poly.append(term)
            else:
                rest.append(term)
        P = sp.Add(*poly)
        c0 = P.xreplace({T: 0})
        P = sp.expand(P - c0)
        out = sp.exp(c0) * (sp.exp(P) if P != 0 else 1) * T**log_powers
        if rest:
            R = sp.Add(*rest)
            lim = self.lead(R).limit
            if lim is None or lim.is_infinite:
                raise _Fail("exponent is not a polynomial plus a convergent part")
            out = out * self._taylor(sp.exp, R, lim)
        return cast("sp.Expr", out)

    def _dominant(self, a: sp.Expr) -> tuple[sp.Expr, tuple[sp.Expr, sp.Expr], sp.Expr, sp.Expr]:
        """a = c t^m exp(g) (1 + w) with w -> 0: (c, m, g, w)."""
        ld = self.lead(a)
        if ld.dominant is None:
            raise _NeedOrder("no leading term")
        c, m, g = ld.dominant
        w = a * (sp.exp(-g) if g != 0 else 1) * T ** (-m[0]) * S ** (-m[1]) / c - 1
        return c, m, g, w

    def _log(self, a: sp.Expr) -> sp.Expr:
        lim = self.lead(a).limit
        if lim is not None and not lim.is_infinite and sign_of(lim) == 1:
            return self._taylor(sp.log, a, lim)
        c, m, g, w = self._dominant(a)
        if m[1] != 0 or sign_of(c) != 1:
            raise _Fail("log of a power of log t or of a negative number")
        return cast("sp.Expr", sp.log(c) + m[0] * S + g + self._taylor(sp.log, 1 + w, sp.Integer(1)))

    def _pow(self, a: sp.Expr, r: sp.Rational) -> sp.Expr:
        lim = self.lead(a).limit
        if lim is not None and not lim.is_infinite and sign_of(lim) == 1:
            return self._taylor(lambda y: y**r, a, lim)
        c, m, g, w = self._dominant(a)
        if sign_of(c) != 1 or not (m[0] * r).is_Integer or m[1] != 0:
            raise _Fail("root of a negative number or a fractional power of t")
        factor = c**r * T ** (m[0] * r) * (sp.exp(sp.expand(r * g)) if g != 0 else 1)
        return cast("sp.Expr", factor * self._taylor(lambda y: y**r, 1 + w, sp.Integer(1)))

    def _taylor(self, fn: Any, a: sp.Expr, L: sp.Expr | None) -> sp.Expr:
        """phi(a) = sum_{k<n} phi^(k)(L)/k! (a - L)^k + (a - L)^n B, B bounded (Lagrange)."""
        if L is None or L.is_infinite or L.has(sp.nan, sp.zoo):
            raise _Fail("argument does not converge")
        y = sp.Dummy("y", real=True)
        phi = fn(y)
        n = self.order
        coeffs = []
        d = phi
        for k in range(n):
            v = d.xreplace({y: L}) if k else fn(L)
            if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or v.is_finite is False:
                raise _Fail(f"{phi} is not analytic at {L}")
            coeffs.append(v / math.factorial(k))
            d = sp.diff(d, y)
        rem = d / math.factorial(n)
        enc = None
        for r in _RADII:
            try:
                lo, hi = const_iv(L - r)[0], const_iv(L + r)[1]
                compile_iv(phi, (y,))((lo, hi))  # phi itself is defined on the whole box
                enc = compile_iv(rem, (y,))((lo, hi))
                break
            except (DomainError, ValueError, TypeError, ZeroDivisionError):
                continue
        if enc is None:
            raise _Fail(f"no enclosure of the remainder of {phi} near {L}")
        B = self.new_bounded(f"{sp.sstr(fn(sp.Symbol('a')))}, n = {n}: (a - {L})^{n} * ({sp.sstr(rem.xreplace({y: sp.Symbol('xi')}))}) in "
                             f"{iv_str(enc, 6)} once |a - {L}| <= {r}")
        h = a - L
        return cast("sp.Expr", sp.Add(*[c * h**k for k, c in enumerate(coeffs)]) + h**n * B)

    # -- leading terms ---------------------------------------------------------------
    def lead(self, e: sp.Expr) -> "_Lead":
        hit = self.lim_memo.get(e)
        if hit is None:
            hit = _leading(e, self)
            self.lim_memo[e] = hit
        return hit


def _raise(msg: str) -> Any:
    raise _Fail(msg)


@dataclass
class _Lead:
    limit: sp.Expr | None
    dominant: tuple[Any, ...] | None  # (c, m, g): e ~ c t^m exp(g)
    text: str = ""


def _atoms(e: sp.Expr) -> list[sp.Expr]:
    """Exponents q of the atoms exp(q) (q polynomial in T without constant term)."""
    out = set()
    for a in e.atoms(sp.exp):
        q = a.args[0]
        if q.has(T):
            if not q.is_polynomial(T):
                raise _Fail(f"exponential atom {a} not of a polynomial")
            out.add(q)
    for a in e.atoms(sp.Pow):
        if a.base is sp.E and a.exp.has(T):
            raise _Fail("unexpected E**q")
    return sorted(out, key=sp.default_sort_key)


def _bases(exps: list[sp.Expr]) -> tuple[list[tuple[sp.Symbol, sp.Expr]], dict[sp.Expr, tuple[sp.Symbol, int]]]:
    """Group exponents that are rational multiples of one another: base exponents b (with
    negative leading coefficient) and, for every q, (u, k) with q = k b."""
    groups: list[list[Any]] = []  # [ref, [(q, ratio)]]
    for q in exps:
        for g in groups:
            r = sp.cancel(q / g[0])
            if r.is_Rational:
                g[1].append((q, r))
                break
        else:
            _, s = _leading_coeff_sign(q)
            ref = q if s < 0 else sp.expand(-q)
            groups.append([ref, [(q, sp.cancel(q / ref))]])
    bases: list[tuple[sp.Symbol, sp.Expr]] = []
    where: dict[sp.Expr, tuple[sp.Symbol, int]] = {}
    for i, (ref, members) in enumerate(groups):
        nums = [abs(r.p) for _, r in members]
        dens = [r.q for _, r in members]
        g = sp.Rational(functools.reduce(math.gcd, nums), functools.reduce(lambda a, b: a * b // math.gcd(a, b), dens))
        u = sp.Dummy(f"u{i}", positive=True)
        b = sp.expand(ref * g)
        bases.append((u, b))
        for q, r in members:
            where[q] = (u, int(r / g))
    return bases, where


def _leading(e: sp.Expr, form: _Form) -> _Lead:
    e = sp.sympify(e)
    if not e.has(T, S) and not (e.free_symbols & set(form.bounded)):
        if e.has(sp.nan, sp.zoo) or e.is_finite is False:
            raise _Fail("not finite")
        return _Lead(e, (e, (0, 0), sp.Integer(0)) if e != 0 else None, "constant")
    bases, where = _bases(_atoms(e))
    rep = {sp.exp(q): u**k for q, (u, k) in where.items()}
    ee = e.xreplace(rep)
    us = [u for u, _ in bases]
    bs = sorted((s for s in ee.free_symbols if s in form.bounded), key=lambda s: s.name)
    if ee.atoms(sp.exp) and any(a.has(T) for a in ee.atoms(sp.exp)):
        raise _Fail("an exponential atom remains")
    num, den = sp.fraction(sp.together(ee))
    gens = [T, S, *us, *bs]
    try:
        pn = sp.Poly(sp.expand(num), *gens)
        pd = sp.Poly(sp.expand(den), *gens)
    except sp.PolynomialError as exc:
        raise _Fail(f"not rational in the atoms ({exc})") from None
    if pd.is_zero:
        raise _Fail("zero denominator")
    if pn.is_zero:
        return _Lead(sp.Integer(0), None, "identically 0")
    nu = len(us)

    def split(p: sp.Poly) -> Any:
        terms = [(m, c) for m, c in p.terms()]
        alpha = tuple(min(m[2 + i] for m, _ in terms) for i in range(nu))
        free = [(m, c) for m, c in terms if all(m[2 + i] == alpha[i] for i in range(nu))]
        return alpha, free

    def top(free: Any, strict: Any = True) -> Any:
        """(degree, coefficient) of the top part (degree: the pair (t-degree, log t-degree),
        ordered lexicographically) if it is one B-free term, with its sign decided;
        (degree, None) if it contains B; None if there is no u-free part.  With
        ``strict=False`` (numerators) a coefficient of undecided sign is returned as
        (degree, coefficient, False): t^-degree N -> coefficient still holds if it is 0."""
        free = list(free)
        while free:
            d = max((m[0], m[1]) for m, _ in free)
            at = [(m, c) for m, c in free if (m[0], m[1]) == d]
            if any(any(m[2 + nu:]) for m, _ in at):
                return d, None, True
            c = sp.Add(*[c for _, c in at])
            s = sign_of(c)
            if s:
                return d, c, True
            if s is None and (c.free_symbols or not _is_zero_const(c)):
                if not strict:
                    return d, c, False
                raise _Fail(f"sign of the leading coefficient {c} undecided")
            free = [(m, cc) for m, cc in free if (m[0], m[1]) != d]
        return None

    a_n, free_n = split(pn)
    a_d, free_d = split(pd)
    td = top(free_d)
    if td is None:
        raise _Fail("denominator: no u-free part (incomparable exponentials)")
    d, cd = td[0], td[1]
    if cd is None:
        raise _NeedOrder("the denominator's leading part contains a bounded atom")
    tn = top(free_n, strict=False)
    g = sp.expand(sum((a_n[i] - a_d[i]) * b for i, (_, b) in enumerate(bases)) if nu else sp.Integer(0))
    gs = 0 if g == 0 else _leading_coeff_sign(g)[1]
    desc = f"N/D with u-free leading denominator term {cd}*{_mono(d)}"
    if tn is not None and tn[1] is not None:
        n, cn, decided = tn
        ratio = cn / cd
        rs = sign_of(ratio)
        dom = (ratio, (n[0] - d[0], n[1] - d[1]), g) if decided else None
        desc = f"leading terms {cn}*{_mono(n)} / ({cd}*{_mono(d)})" + (f" times exp({g})" if g != 0 else "")
        if gs < 0:
            return _Lead(sp.Integer(0), dom, desc + ": exp beats powers, -> 0")
        if gs > 0 or n > d:
            if rs is None or not decided:
                raise _Fail("sign of the leading ratio undecided")
            return _Lead(sp.oo if rs > 0 else -sp.oo, dom, desc + f" -> {'+' if rs > 0 else '-'}oo")
        if n == d:
            return _Lead(ratio, dom, desc)
        return _Lead(sp.Integer(0), dom, desc + ": lower degree, -> 0")
    # numerator without a decided top term
    if gs < 0:
        return _Lead(sp.Integer(0), None, desc + f"; numerator O(t^k) times exp({g}) -> 0")
    if gs > 0:
        raise _NeedOrder("numerator's leading part contains a bounded atom")
    if tn is None:  # all numerator terms carry a positive power of some u
        return _Lead(sp.Integer(0), None, desc + "; every numerator term carries a decaying atom")
    if tn[0] < d:
        return _Lead(sp.Integer(0), None, desc + f"; numerator of lower degree {_mono(tn[0])} (bounded coefficients) -> 0")
    raise _NeedOrder("numerator's leading part contains a bounded atom")


def _mono(d: tuple[Any, ...]) -> str:
    return f"t^{d[0]}" + (f"*log(t)^{d[1]}" if d[1] else "")


def _is_zero_const(c: sp.Expr) -> bool:
    """An exact zero test for a leading coefficient whose ball contains 0 at 1000 bits: it
    must also simplify to 0."""
    try:
        return cast("bool", sp.simplify(c) == 0)
    except Exception:  # noqa: BLE001
        return False


# ---------------------------------------------------------------------------------------
# entry points
def _substituted(e: sp.Expr, end: sp.Expr, side: str) -> tuple[sp.Expr, str]:
    if end is sp.oo:
        return e.xreplace({X: T}), "x = t"
    if end is sp.S.NegativeInfinity:
        return e.xreplace({X: -T}), "x = -t"
    if side not in ("+", "-"):
        raise ValueError("a finite end needs side '+' or '-'")
    sgn = 1 if side == "+" else -1
    return e.xreplace({X: end + sgn / T}), f"x = {end} {'+' if sgn > 0 else '-'} 1/t"


def limit(e: sp.Expr, end: sp.Expr, side: str = "") -> LimitProof | None:
    """The limit of e(x) as x -> end (+-oo, or a finite point from ``side`` '+' / '-'),
    proved by the normal-form argument of this module; None if it cannot be shown (the
    limit may not exist).  The caller runs this inside a time budget."""
    e = sp.sympify(e)
    if not e.has(X):
        if e.has(sp.nan, sp.zoo) or e.is_finite is False:
            return None
        return LimitProof(e, end, side, "", str(e), leading="a constant")
    if e.has(*_JUMPS, sp.I):
        return None
    te, var = _substituted(e, end, side)
    for order in (ORDERS if end.is_infinite else ORDERS_AT_POINT):
        form = _Form(order)
        try:
            body = form.nf(te)
            ld = form.lead(body)
        except _NeedOrder:
            continue
        except _Fail:
            return None
        except (sp.PolynomialError, sp.CoercionFailed, DomainError, ValueError, TypeError, ZeroDivisionError, NotImplementedError, RecursionError):
            return None
        if ld.limit is None:
            return None
        v = ld.limit
        if not v.is_infinite:
            v = _tidy(v)
        return LimitProof(v, end, side, var, sp.sstr(body), atoms=[], lemmas=[f"{b}: {s}" for b, s in form.bounded.items()],
                          leading=ld.text, order=order)
    return None


def _tidy(v: sp.Expr) -> sp.Expr:
    """An exact constant in a canonical form (exact algebra only)."""
    try:
        w = sp.radsimp(sp.cancel(v))
    except Exception:  # noqa: BLE001
        return v
    return w if w.count_ops() <= v.count_ops() else v


def continuous_value(e: sp.Expr, p: sp.Expr) -> sp.Expr | None:
    """e(p), if the formula is defined at p (every operation's enclosure at the point is
    finite: no division by a ball containing 0, no log of a non-positive ball, ...) and built
    only from functions continuous on their domain; then a one-sided limit at p from a side
    where e is defined equals e(p).  None otherwise."""
    if e.has(*_JUMPS):
        return None
    if not e.has(X):
        return e
    try:
        compile_iv(e)(const_iv(p) if p.free_symbols == set() else None)
    except (DomainError, ValueError, TypeError, ZeroDivisionError, AttributeError):
        return None
    v = e.xreplace({X: p})
    if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    return cast("sp.Expr | None", v)


def one_sided(e: sp.Expr, p: sp.Expr, side: str) -> sp.Expr | None:
    """The one-sided limit of e at the finite point p (e defined on that side of p):
    the value when e is defined and continuous at p, else the normal-form argument."""
    v = continuous_value(e, p)
    if v is not None:
        return v
    pr = limit(e, p, side)
    return None if pr is None else pr.value


# ---------------------------------------------------------------------------------------
# no limit: two sequences with different limits
@dataclass
class NoLimitProof:
    """f(k T + c1) -> L1 and f(k T + c2) -> L2 != L1 as k -> oo (k an integer; x = -(k T) + c
    at -oo): the sine and cosine atoms, all of arguments a x + b with a T / 2 pi an integer,
    take the same value for every k, so f has no limit."""

    end: sp.Expr
    period: sp.Expr
    points: tuple[Any, ...]
    limits: tuple[Any, ...]


def _trig_period(e: sp.Expr) -> sp.Expr | None:
    coeffs = []
    for a in e.atoms(sp.sin, sp.cos):
        if not a.has(X):
            continue
        arg = a.args[0]
        if not (arg.is_polynomial(X) and sp.degree(arg, X) == 1):
            return None
        c = sp.expand(arg).coeff(X, 1)
        if not c.is_Rational:
            return None
        coeffs.append(abs(c))
    if not coeffs:
        return None
    num = functools.reduce(math.gcd, [int(c.p) for c in coeffs])
    den = functools.reduce(lambda a, b: a * b // math.gcd(a, b), [int(c.q) for c in coeffs])
    g = sp.Rational(num, den)
    return cast("sp.Expr | None", 2 * sp.pi / g)


def _on_sequence(e: sp.Expr, T: sp.Expr, c: sp.Expr, sgn: int) -> sp.Expr:
    """e(sgn k T + c) with every sin/cos atom replaced by its (k-independent) value."""
    k = X  # the sequence index plays the role of the variable
    rep = {}
    for a in e.atoms(sp.sin, sp.cos):
        if a.has(X):
            arg = sp.expand(a.args[0])
            rep[a] = type(a)(arg.coeff(X, 1) * c + arg.coeff(X, 0))
    return cast("sp.Expr", e.xreplace(rep).xreplace({X: sgn * k * T + c}))


def no_limit(e: sp.Expr, end: sp.Expr) -> NoLimitProof | None:
    """A proof that e has no limit at +-oo by two sequences, or None."""
    if not end.is_infinite or e.has(*_JUMPS, sp.tan, sp.cot, sp.sec, sp.csc):
        return None
    T = _trig_period(e)
    if T is None:
        return None
    sgn = 1 if end is sp.oo else -1
    found: list[tuple[sp.Expr, sp.Expr]] = []
    for c in (sp.Integer(0), T / 4, T / 2, 3 * T / 4, T / 8, 3 * T / 8, 5 * T / 8, 7 * T / 8):
        pr = limit(_on_sequence(e, T, c, sgn), sp.oo)
        if pr is None:
            continue
        for c0, v0 in found:
            if _differ(v0, pr.value):
                return NoLimitProof(end, T, (c0, c), (v0, pr.value))
        found.append((c, pr.value))
    return None


def _differ(a: sp.Expr, b: sp.Expr) -> bool:
    if a.is_infinite or b.is_infinite:
        return cast("bool", a != b)
    return sign_of(a - b) in (1, -1)


def check_no_limit(e: sp.Expr, end: sp.Expr, period: sp.Expr, points: tuple[Any, ...], limits: tuple[Any, ...]) -> bool:
    """Re-verify a NoLimitProof: every sin/cos atom has an argument a x + b with
    a * period / (2 pi) an integer, and the two sequences' limits are proved and differ."""
    if not end.is_infinite or e.has(*_JUMPS, sp.tan, sp.cot, sp.sec, sp.csc):
        return False
    atoms = [a for a in e.atoms(sp.sin, sp.cos) if a.has(X)]
    if not atoms:
        return False
    for a in atoms:
        arg = sp.expand(a.args[0])
        if not (arg.is_polynomial(X) and sp.degree(arg, X) == 1):
            return False
        n = sp.cancel(arg.coeff(X, 1) * period / (2 * sp.pi))
        if not n.is_Integer:
            return False
    sgn = 1 if end is sp.oo else -1
    got = []
    for c, L in zip(points, limits):
        pr = limit(_on_sequence(e, period, c, sgn), sp.oo)
        if pr is None or not (pr.value == L or (not pr.value.is_infinite and not sp.sympify(L).is_infinite
                                                 and sign_of(pr.value - L) is None and sp.simplify(pr.value - L) == 0)):
            return False
        got.append(pr.value)
    return len(got) == 2 and _differ(got[0], got[1])
