"""Why a network needs a nonlinear activation, and why sigmoid networks stop learning.

Three results, each a plain record (:mod:`symact.results`) with its LaTeX rendering:

**Linear collapse** (:func:`linear_collapse`, :func:`collapse_induction`).  n affine layers
h_i = W_i h_{i-1} + b_i (h_0 = x) without an activation compose into one affine map,

    h_n = W x + b,   W = W_n W_{n-1} ... W_1,   b = sum_{i=1}^n W_n ... W_{i+1} b_i,

checked with SymPy matrix symbols of symbolic sizes for a given n (and again with explicit
matrices of small sizes), and for every n by induction: the step h_{k+1} = W_{k+1}(A_k x +
c_k) + b_{k+1} = (W_{k+1} A_k) x + (W_{k+1} c_k + b_{k+1}) is checked on matrix symbols, and
the closed forms of A_k and c_k are shown to satisfy those recurrences by named rewrite rules
on non-commutative indexed symbols.

**Chain rule through n layers** (:func:`chain_rule`).  For the scalar network
f_i = S(a_i), a_i = W_i f_{i-1} + b_i, f_0 = x and a loss L(f_n),

    dL/dW_1 = dL/df_n * S'(a_n) * W_n * S'(a_{n-1}) * W_{n-1} * ... * W_2 * S'(a_1) * x,

derived one application of the chain rule at a time, every step checked against SymPy's own
derivative of the nested expression (n = 3 is the formula of the article in
``shared/seed``).

**Depth bounds** (:func:`analyze`).  Hence |prod_{i=1}^N S'(a_i)| <= L^N with L = sup |f'|,
taken from the prover's certified sup and inf of f' (sigmoid: L = 1/4, so 1/64 at depth 3
and 2^-40 at depth 20); the smallest depth where L^N < epsilon; the weight magnitude 1/L
above which |w| L >= 1 and the bound no longer vanishes; E[f'(a)] for a ~ N(0, 1)
(:mod:`symact.expectation`); and for piecewise-linear activations the values f' takes
(ReLU: 0 and 1, so a path of active units has product exactly 1 at any depth, and the
fraction of active paths, p^N with p = P(a > 0) = 1/2, is what shrinks).

Nothing here knows a fact about a particular activation: every number comes from the
catalogue record through the derivation engine and the prover.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence, cast

import mpmath
import sympy as sp

from . import budget
from .errors import UsageError
from .numeric import NumericError
from .results import (
    ChainRule,
    CollapseInduction,
    DepthBound,
    Equation,
    ExpectedDerivative,
    GradientAnalysis,
    LinearCollapse,
    PathProduct,
    Step,
)
from .spec import Activation
from .symbols import exact_number
from .symbols import x as X

__all__ = [
    "DEPTHS",
    "MAX_LAYERS",
    "linear_collapse",
    "collapse_induction",
    "chain_rule",
    "chain_explicit",
    "analyze",
    "analyze_all",
    "expected_derivative",
    "relu_path",
    "product_range",
    "depth_to_epsilon",
]

#: The depths of the table of ``symact gradient --all``.
DEPTHS: tuple[int, ...] = (1, 3, 5, 10, 20, 50)
#: Largest n accepted by the symbolic constructions (the expressions grow with n).
MAX_LAYERS = 12
#: Largest depth accepted (L^N is exact: at N = 1000 sigmoid's bound already has 603 digits).
MAX_DEPTH = 1000


def _layers(n: int, what: str = "number of layers") -> int:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_LAYERS:
        raise UsageError(f"{what} must be an integer from 1 to {MAX_LAYERS}, got {n!r}")
    return n


def _is_zero_matrix(e: sp.Basic) -> bool:
    return e == 0 or isinstance(e, sp.ZeroMatrix) or (isinstance(e, sp.MatrixBase) and e.is_zero_matrix is True)


# =======================================================================================
# linear collapse
def _explicit_sizes(n: int) -> list[int]:
    """Small, distinct layer widths for the explicit-matrix cross-check."""
    return [2 + (i % 3) for i in range(n + 1)]


def linear_collapse(n: int) -> LinearCollapse:
    """The composition of ``n`` affine layers W_i h + b_i is the affine map W x + b.

    Checked twice: (1) on SymPy matrix symbols of symbolic sizes d_0, ..., d_n, expanding
    h_n - (W x + b) gives the zero matrix; (2) with explicit matrices of sizes 2..4 whose
    entries are independent symbols, every entry of the difference expands to 0.
    """
    _layers(n)
    d = [sp.Symbol(f"d_{i}", integer=True, positive=True) for i in range(n + 1)]
    x = sp.MatrixSymbol("x", d[0], 1)
    # index i is layer i; the entry 0 is a placeholder that is never read
    W = cast("list[sp.MatrixSymbol]", [None] + [sp.MatrixSymbol(f"W_{i}", d[i], d[i - 1]) for i in range(1, n + 1)])
    b = cast("list[sp.MatrixSymbol]", [None] + [sp.MatrixSymbol(f"b_{i}", d[i], 1) for i in range(1, n + 1)])
    h: sp.MatrixExpr = x
    for i in range(1, n + 1):
        h = W[i] * h + b[i]

    def prod(hi: int, lo: int) -> list[sp.MatrixSymbol]:
        """[W_hi, ..., W_lo] (empty when hi < lo)."""
        return [W[j] for j in range(hi, lo - 1, -1)]

    weight = W[1] if n == 1 else sp.MatMul(*prod(n, 1))
    terms = []
    for i in range(1, n + 1):
        p = prod(n, i + 1)
        terms.append(sp.MatMul(*p, b[i]) if p else b[i])
    bias = terms[0] if len(terms) == 1 else sp.MatAdd(*terms)
    expanded = h.expand()
    grouped = weight * x + bias
    checks = []
    ok = True
    if _is_zero_matrix((h - grouped).expand()) and _is_zero_matrix((expanded - grouped).expand()):
        checks.append(f"h_{n} - (W x + b) expands to the zero matrix (SymPy matrix symbols, symbolic sizes d_0..d_{n})")
    else:  # pragma: no cover - would be a bug in SymPy or here
        ok = False
    sizes = _explicit_sizes(n)
    sub = dict(zip(d, sizes))
    diff = (h - grouped).subs(sub).as_explicit()
    if all(sp.expand(e) == 0 for e in diff):
        checks.append("every entry of h_%d - (W x + b) expands to 0 with explicit %s matrices" % (n, "x".join(map(str, sizes))))
    else:  # pragma: no cover
        ok = False
    Wsym = sp.MatrixSymbol("W", d[n], d[0])
    bsym = sp.MatrixSymbol("b", d[n], 1)
    lhs = sp.MatrixSymbol(f"h_{n}", d[n], 1)
    steps = (
        Step(h, f"{n} affine layers h_i = W_i h_(i-1) + b_i, h_0 = x, without an activation"),
        Step(expanded, "matrix products distribute over sums", checks[0] if ok else ""),
        Step(Wsym * x + bsym, "W = W_n ... W_1 and b = sum_i W_n ... W_(i+1) b_i", checks[-1] if ok else ""),
    )
    return LinearCollapse(
        n=n,
        equation=Equation(lhs, steps),
        weight=weight,
        bias=bias,
        status="proved" if ok else "unknown",
        method="matrix symbols (symbolic sizes) and explicit matrices",
        checks=tuple(checks),
    )


# -- induction ----------------------------------------------------------------------------
_I, _K = sp.symbols("i k", integer=True, positive=True)
_Wi = sp.IndexedBase("W", commutative=False)
_Pi = sp.IndexedBase("P", commutative=False)
_Bi = sp.IndexedBase("b", commutative=False)
_Ai = sp.IndexedBase("A", commutative=False)
_Ci = sp.IndexedBase("c", commutative=False)

RULES = (
    "R1 (ordered product): P_{m+1,i} = W_{m+1} P_{m,i} for i <= m, and P_{m,m} = I",
    "R2 (last term of a sum): sum_{i=1}^{m+1} t_i = sum_{i=1}^{m} t_i + t_{m+1}",
    "R3 (left distributivity): M sum_i t_i = sum_i M t_i when M does not depend on i",
)


def _c_closed(m: sp.Expr) -> sp.Expr:
    """c_m = sum_{i=1}^m P_{m,i} b_i."""
    return sp.Sum(_Pi[m, _I] * _Bi[_I], (_I, 1, m))


def _into_sums(e: sp.Expr) -> sp.Expr:
    """M * Sum(t) -> Sum(M * t) for a left factor M free of the summation index."""

    def fix(m: sp.Basic) -> sp.Basic:
        if isinstance(m, sp.Mul):
            args = list(m.args)
            for j, a in enumerate(args):
                if isinstance(a, sp.Sum) and j > 0:
                    var = a.limits[0][0]
                    left = sp.Mul(*args[:j])
                    if var not in left.free_symbols:
                        return sp.Mul(sp.Sum(left * a.function, *a.limits), *args[j + 1:])
        return m

    return cast("sp.Expr", e.replace(lambda t: isinstance(t, sp.Mul) and t.has(sp.Sum), fix))


def _r1_forward(e: sp.Expr) -> sp.Expr:
    """Inside a sum over i in [1, m]: W_{m+1} P_{m,i} -> P_{m+1,i} (valid since i <= m)."""

    def fix(s: sp.Sum) -> sp.Sum:
        var, lo, hi = s.limits[0]
        t = s.function
        if isinstance(t, sp.Mul):
            args = list(t.args)
            for j in range(len(args) - 1):
                w, p = args[j], args[j + 1]
                if (
                    isinstance(w, sp.Indexed) and w.base == _Wi and isinstance(p, sp.Indexed) and p.base == _Pi
                    and p.indices[0] == hi and p.indices[1] == var and w.indices[0] == hi + 1 and lo == 1
                ):
                    args[j : j + 2] = [_Pi[hi + 1, var]]
                    return sp.Sum(sp.Mul(*args), *s.limits)
        return s

    return cast("sp.Expr", e.replace(lambda t: isinstance(t, sp.Sum), fix))


def _r1_identity(e: sp.Expr, m: sp.Expr) -> sp.Expr:
    """b_m -> P_{m,m} b_m outside sums (P_{m,m} = I)."""
    return sp.Add(*[(_Pi[m, m] * t if t == _Bi[m] else t) for t in sp.Add.make_args(e)])


def _r2_merge(e: sp.Expr) -> sp.Expr:
    """Sum(t, (i, 1, m)) + t(m+1) -> Sum(t, (i, 1, m+1))."""
    terms = list(sp.Add.make_args(e))
    for s in [t for t in terms if isinstance(t, sp.Sum)]:
        var, lo, hi = s.limits[0]
        nxt = s.function.subs(var, hi + 1)
        if nxt in terms:
            terms.remove(s)
            terms.remove(nxt)
            return sp.Add(sp.Sum(s.function, (var, lo, hi + 1)), *terms)
    return e


def collapse_induction() -> CollapseInduction:
    """The collapse theorem for every n, by induction on n (see the module docstring).

    The step is checked on matrix symbols of symbolic sizes (affine maps compose into an
    affine map: W_{k+1}(A_k x + c_k) + b_{k+1} - ((W_{k+1} A_k) x + (W_{k+1} c_k + b_{k+1}))
    expands to the zero matrix).  The closed forms A_k = W_k ... W_1 = P_{k,0} and
    c_k = sum_{i<=k} W_k ... W_{i+1} b_i = sum_i P_{k,i} b_i are shown to satisfy the
    recurrences A_{k+1} = W_{k+1} A_k, c_{k+1} = W_{k+1} c_k + b_{k+1} by applying the rules
    :data:`RULES` mechanically to non-commutative indexed symbols (the rewritten expression
    must come out *structurally identical* to the closed form at k + 1), and the base case
    and the closed forms are cross-checked against :func:`linear_collapse` for n = 1..4.
    """
    k = _K
    d0, dk, dk1 = (sp.Symbol(n, integer=True, positive=True) for n in ("d_0", "d_k", "d_k1"))
    x = sp.MatrixSymbol("x", d0, 1)
    A = sp.MatrixSymbol("A_k", dk, d0)
    c = sp.MatrixSymbol("c_k", dk, 1)
    W = sp.MatrixSymbol("W_k1", dk1, dk)
    b = sp.MatrixSymbol("b_k1", dk1, 1)
    hk = sp.MatrixSymbol("h_k", dk, 1)
    hk1 = sp.MatrixSymbol("h_k1", dk1, 1)
    A1 = sp.MatrixSymbol("A_k1", dk1, d0)
    c1 = sp.MatrixSymbol("c_k1", dk1, 1)
    names = (
        (dk1, "d_{k+1}"), (W, "W_{k+1}"), (b, "b_{k+1}"), (hk1, "h_{k+1}"), (A1, "A_{k+1}"), (c1, "c_{k+1}"),
    )
    composed = W * (A * x + c) + b
    regrouped = sp.MatAdd(sp.MatMul(W, A, x), sp.MatAdd(sp.MatMul(W, c), b))
    ok_step = _is_zero_matrix((composed - regrouped).expand())
    step_check = "W_{k+1}(A_k x + c_k) + b_{k+1} - (W_{k+1} A_k x + W_{k+1} c_k + b_{k+1}) expands to the zero matrix (symbolic sizes)"
    step = Equation(
        hk1,
        (
            Step(W * hk + b, "layer k+1"),
            Step(composed, "induction hypothesis h_k = A_k x + c_k"),
            Step(regrouped, "distributivity", step_check if ok_step else ""),
            Step(A1 * x + c1, "A_{k+1} = W_{k+1} A_k and c_{k+1} = W_{k+1} c_k + b_{k+1} (below)"),
        ),
        display=names,
    )

    # recurrences, on non-commutative indexed symbols
    a_lhs = _Wi[k + 1] * _Ai[k]
    a1 = _Wi[k + 1] * _Pi[k, 0]
    a2 = _Pi[k + 1, 0]  # R1 with i = 0 <= k
    ok_a = a2 == _Pi[k + 1, 0] and a1 == _Wi[k + 1] * _Pi[k, 0]
    rec_a = Equation(
        a_lhs,
        (
            Step(a1, "A_k = W_k ... W_1 = P_{k,0}"),
            Step(a2, "R1 (0 <= k)", "rule R1 applied"),
            Step(_Ai[k + 1], "definition of A_{k+1}"),
        ),
    )
    c_lhs = _Wi[k + 1] * _Ci[k] + _Bi[k + 1]
    e1 = _Wi[k + 1] * _c_closed(k) + _Bi[k + 1]
    e2 = _into_sums(e1)
    e3 = _r1_identity(_r1_forward(e2), k + 1)
    e4 = _r2_merge(e3)
    ok_c = e2 != e1 and e3 != e2 and e4 == _c_closed(k + 1)
    chk = "derived mechanically by the rule; the result is structurally identical to the closed form c_{k+1}"
    rec_c = Equation(
        c_lhs,
        (
            Step(e1, "c_k = sum_{i=1}^k P_{k,i} b_i with P_{k,i} = W_k ... W_{i+1}"),
            Step(e2, "R3"),
            Step(e3, "R1 (i <= k inside the sum; P_{k+1,k+1} = I)"),
            Step(e4, "R2", chk if ok_c else ""),
            Step(_Ci[k + 1], "definition of c_{k+1}"),
        ),
    )

    # base case n = 1: h_1 = W_1 x + b_1 = A_1 x + c_1 with A_1 = P_{1,0} = W_1, c_1 = P_{1,1} b_1 = b_1
    one = linear_collapse(1)
    d1 = sp.Symbol("d_1", integer=True, positive=True)
    A_1, c_1 = sp.MatrixSymbol("A_1", d1, d0), sp.MatrixSymbol("c_1", d1, 1)
    c1_sum = _c_closed(sp.Integer(1))
    c1_one = c1_sum.doit()
    ok_base = one.status == "proved" and c1_one == _Pi[1, 1] * _Bi[1]
    base = (
        Equation(
            sp.MatrixSymbol("h_1", d1, 1),
            (Step(one.equation.steps[0].expr, "one layer"), Step(A_1 * x + c_1, "A_1 = W_1 and c_1 = b_1 (below)")),
        ),
        Equation(_Ai[1], (Step(_Pi[1, 0], "A_1 = P_{1,0}"), Step(_Wi[1] * _Pi[0, 0], "R1"), Step(_Wi[1], "R1: P_{0,0} = I"))),
        Equation(
            _Ci[1],
            (
                Step(c1_sum, "c_1 = sum_{i=1}^1 P_{1,i} b_i"),
                Step(c1_one, "a sum of one term", "Sum.doit" if ok_base else ""),
                Step(_Bi[1], "R1: P_{1,1} = I"),
            ),
        ),
    )
    # cross-check the closed forms against the concrete theorem for n = 1..4
    ok_cross = True
    for n in range(1, 5):
        concrete = linear_collapse(n)
        ok_cross &= concrete.status == "proved"
        pn = _closed_as_matrices(n, concrete)
        ok_cross &= pn
    status = "proved" if (ok_step and ok_a and ok_c and ok_base and ok_cross) else "unknown"
    return CollapseInduction(
        base=base,
        step=step,
        recurrences=(rec_a, rec_c),
        rules=RULES,
        status=status,
        method="induction on n: step on matrix symbols, recurrences by rewrite rules on non-commutative symbols",
    )


def _closed_as_matrices(n: int, concrete: LinearCollapse) -> bool:
    """The closed forms A_n = P_{n,0}, c_n = sum_i P_{n,i} b_i, with P expanded as products of
    the concrete matrix symbols, equal the W and b of :func:`linear_collapse` (n)."""
    mats = {}
    for s in concrete.weight.atoms(sp.MatrixSymbol) | concrete.bias.atoms(sp.MatrixSymbol):
        mats[s.name] = s

    def P(m: int, i: int) -> list[sp.MatrixSymbol]:
        return [mats[f"W_{j}"] for j in range(m, i, -1)]

    A = P(n, 0)
    A_expr = A[0] if len(A) == 1 else sp.MatMul(*A)
    c_terms = []
    for i in range(1, n + 1):
        p = P(n, i)
        c_terms.append(mats[f"b_{i}"] if not p else sp.MatMul(*p, mats[f"b_{i}"]))
    c_expr = c_terms[0] if len(c_terms) == 1 else sp.MatAdd(*c_terms)
    return _is_zero_matrix((A_expr - concrete.weight).expand()) and _is_zero_matrix((c_expr - concrete.bias).expand())


# =======================================================================================
# chain rule through n scalar layers
S = sp.Function("S")
L = sp.Function("L")


def _symbols(n: int) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    W = [None] + [sp.Symbol(f"W_{i}", real=True) for i in range(1, n + 1)]
    b = [None] + [sp.Symbol(f"b_{i}", real=True) for i in range(1, n + 1)]
    a = [None] + [sp.Symbol(f"a_{i}", real=True) for i in range(1, n + 1)]
    f = [X] + [sp.Symbol(f"f_{i}", real=True) for i in range(1, n + 1)]
    return W, b, a, f


def _nested(n: int) -> tuple[list[sp.Expr], list[sp.Expr]]:
    """Outputs F_0 = x, F_i = S(A_i) and pre-activations A_i = W_i F_{i-1} + b_i, nested."""
    W, b, _, _ = _symbols(n)
    F: list[sp.Expr] = [X]
    A: list[sp.Expr] = [sp.Integer(0)]
    for i in range(1, n + 1):
        A.append(W[i] * F[i - 1] + b[i])
        F.append(S(A[i]))
    return F, A


def chain_explicit(expr: sp.Expr, n: int) -> sp.Expr:
    """``expr`` (an expression in the symbols of :func:`chain_rule` (n): f_i, a_i, W_i, b_i, x,
    with unevaluated derivatives) with f_i and a_i replaced by the nested network and every
    derivative evaluated: the form SymPy's own differentiation produces, for comparisons."""
    _layers(n)
    W, b, a, f = _symbols(n)
    F, A = _nested(n)
    e = expr
    for i in range(n, 0, -1):
        e = e.subs(f[i], F[i])
    for i in range(n, 0, -1):
        e = e.subs(a[i], A[i])
    return cast("sp.Expr", e.doit())


def chain_rule(n: int) -> ChainRule:
    """dL/dW_1 for the scalar network f_n = S(W_n S(... S(W_1 x + b_1) ...) + b_n).

    The steps: dL/dW_1 = dL/df_n * d f_n/dW_1 (chain rule through L); then for i = n..1,
    d f_i/dW_1 = S'(a_i) * d a_i/dW_1 (chain rule through S) and, for i > 1,
    d a_i/dW_1 = W_i * d f_{i-1}/dW_1 (a_i = W_i f_{i-1} + b_i, neither W_i nor b_i depends
    on W_1); finally d a_1/dW_1 = x.  Each step, with a_i and f_i replaced by what they stand
    for, is compared with ``sympy.diff`` of the nested expression; ``status`` is 'proved'
    only if every step agrees (the difference expands to 0).
    """
    _layers(n)
    W, b, a, f = _symbols(n)
    F, A = _nested(n)
    target = sp.diff(L(F[n]), W[1])

    def prod(*factors: sp.Expr) -> sp.Expr:
        return sp.Mul(*factors, evaluate=False) if len(factors) > 1 else factors[0]

    dL = sp.Derivative(L(f[n]), f[n])
    items: list[tuple[sp.Expr, str]] = [(prod(dL, sp.Derivative(F[n], W[1])), f"chain rule through L, f_{n} = S(a_{n}) written out")]
    prefix: list[sp.Expr] = [dL]
    for i in range(n, 0, -1):
        prefix.append(sp.Derivative(S(a[i]), a[i]))
        items.append((prod(*prefix, sp.Derivative(A[i], W[1])), f"chain rule through S: f_{i} = S(a_{i})"))
        if i > 1:
            prefix.append(W[i])
            items.append((prod(*prefix, sp.Derivative(F[i - 1], W[1])), f"a_{i} = W_{i} f_{i - 1} + b_{i}: W_{i} and b_{i} do not depend on W_1"))
    prefix.append(X)
    items.append((prod(*prefix), "a_1 = W_1 x + b_1, so d a_1 / d W_1 = x"))
    steps = []
    ok = True
    for expr, why in items:
        agrees = sp.expand(chain_explicit(expr, n) - target) == 0
        ok &= agrees
        steps.append(Step(expr, why, "equals sympy.diff of the nested network" if agrees else ""))
    definitions = tuple([(a[i], W[i] * f[i - 1] + b[i]) for i in range(1, n + 1)] + [(f[i], S(a[i])) for i in range(1, n + 1)])
    lhs = sp.Derivative(L(F[n]), W[1])
    return ChainRule(
        n=n,
        network=F[n],
        definitions=definitions,
        equation=Equation(lhs, tuple(steps), lhs_display=sp.Derivative(L(f[n]), W[1])),
        target=target,
        status="proved" if ok else "unknown",
        method="stepwise chain rule, each step compared with sympy.diff of the nested expression",
    )


# =======================================================================================
# depth bounds
def _is_exact(v: Any) -> bool:
    return isinstance(v, sp.Basic) and v.is_number is True and not v.has(sp.Float) and v.is_finite is not False


def _extreme(claim: Any) -> tuple[sp.Expr | None, sp.Rational | None, sp.Rational | None, bool | None]:
    """(exact value or None, certified lower end, certified upper end, attained) of a claim."""
    if claim is None or getattr(claim, "status", None) != "proved":
        return None, None, None, None
    value = getattr(claim, "value", None)
    attained = getattr(claim, "attained", None)
    if isinstance(value, sp.Basic) and value.is_infinite:
        return cast("sp.Expr", value), None, None, attained
    if _is_exact(value) or (isinstance(value, sp.Basic) and value.free_symbols and not value.has(sp.Float)):
        return value, None, None, attained
    enc = getattr(claim, "enclosure", None)
    if enc:
        lo, hi = (e if isinstance(e, sp.Rational) else exact_number(e, "enclosure end") for e in enc)
        return None, lo, hi, attained  # type: ignore[return-value]
    return None, None, None, None


def _compare(a: sp.Expr, b: sp.Expr | int) -> int | None:
    """-1, 0, 1 for a < b, a == b, a > b between exact real numbers; None if undecided."""
    d = a - b
    if d == 0:
        return 0
    if d.is_positive:
        return 1
    if d.is_negative:
        return -1
    try:
        v = sp.N(d, 50)
    except Exception:  # noqa: BLE001
        return None
    if v.is_Number and abs(v) > sp.Float(10) ** -40:
        return 1 if v > 0 else -1
    try:
        z = budget.run(sp.simplify, d, seconds=budget.default_seconds() / 4, what="comparing two bounds")
    except budget.Timeout:
        return None
    return 0 if z == 0 else None


def product_range(m: sp.Expr, m_att: bool, M: sp.Expr, M_att: bool, N: int) -> sp.Set | None:
    """The set {prod_{i=1}^N t_i : t_i in [m, M]} (ends open where the factor's end is only
    approached), as an exact interval; None if an exact comparison is undecided.

    Its infimum and supremum are sharp for any set of factor values whose inf is m and sup is
    M (both extremes are products of m's and M's), e.g. f' of a piecewise activation.
    """
    if N < 1:
        raise UsageError(f"depth must be positive, got {N}")
    sm, sM = _compare(m, 0), _compare(M, 0)
    if sm is None or sM is None:
        return None
    if _compare(m, M) == 0:  # a constant factor: its value is attained
        m_att = M_att = True
    if sm >= 0:  # all factors >= 0
        return sp.Interval(m**N, M**N, not m_att, not M_att)
    if sM <= 0:  # all factors <= 0
        am, aM = -m, -M  # |m| >= |M|
        if N % 2 == 0:
            return sp.Interval(aM**N, am**N, not M_att, not m_att)
        return sp.Interval(-(am**N), -(aM**N), not m_att, not M_att)
    # m < 0 < M: the extremes are |m|^k M^(N-k) with k even (max) or odd (min)
    am = -m
    c = _compare(am, M)
    if c is None:
        return None

    def best(parity: int) -> tuple[sp.Expr, bool] | None:
        ks = [k for k in range(N + 1) if k % 2 == parity]
        if not ks:
            return None
        cand = [ks[-1]] if c > 0 else ([ks[0]] if c < 0 else ks)
        vals = [(am**k * M ** (N - k), (k == 0 or m_att) and (k == N or M_att)) for k in cand]
        return vals[0][0], any(v[1] for v in vals)

    hi = best(0)
    lo = best(1)
    assert lo is not None  # N >= 1 gives k = 1
    if hi is None:  # pragma: no cover - k = 0 is always even
        return None
    return sp.Interval(-lo[0], hi[0], not lo[1], not hi[1])


def depth_to_epsilon(L_: sp.Expr, epsilon: sp.Expr) -> int | None:
    """The smallest N >= 1 with L^N < epsilon (exact comparison); None if L >= 1."""
    if L_ == 0:
        return 1
    if _compare(L_, 1) is None or _compare(L_, 1) >= 0:  # type: ignore[operator]
        return None
    with mpmath.workdps(40):
        est = mpmath.log(mpmath.mpf(sp.N(epsilon, 40))) / mpmath.log(mpmath.mpf(sp.N(L_, 40)))
    n = max(1, int(mpmath.floor(est)) + 1)
    while n > 1 and _compare(L_ ** (n - 1), epsilon) == -1:
        n -= 1
    while _compare(L_**n, epsilon) != -1:
        n += 1
    return n


def _float(e: sp.Expr) -> float | None:
    try:
        v = sp.N(e, 30)
    except Exception:  # noqa: BLE001
        return None
    if not v.is_Number:
        return None
    return float(v)


def _pieces_of_derivative(act: Activation) -> list[tuple[sp.Expr, sp.Expr, sp.Expr]]:
    from .derive import piece_derivatives

    ds = piece_derivatives(act, 1)
    return [(d, pc.lo, pc.hi) for d, pc in zip(ds, act.pieces.pieces)]


def relu_path(act: Activation) -> PathProduct | None:
    """For a piecewise-linear activation (f' constant on every piece): the values f' takes,
    whether the product along active units (f' = 1) is exactly 1 at any depth, and
    p = P(f'(a) = 1) for a ~ N(0, 1) (exact, via erf).  None when f' is not piecewise
    constant.  At the breakpoints f' is not defined (one-sided derivatives differ); the
    kernels' convention there is the record's ``kink_convention``."""
    pieces = _pieces_of_derivative(act)
    if any(not (d.is_number and d.is_real) for d, _, _ in pieces):
        return None
    values = tuple(sorted({d for d, _, _ in pieces}, key=lambda v: float(v)))
    one = sp.Integer(1)
    active = [(lo, hi) for d, lo, hi in pieces if d == one]
    ok = set(values) <= {sp.Integer(0), one} and bool(active)
    prob = None
    if active:
        prob = sp.Add(*[(_cdf(hi) - _cdf(lo)) for lo, hi in active])
        try:
            prob = budget.run(sp.simplify, prob, seconds=budget.default_seconds() * 0.3, what="simplifying a probability")
        except budget.Timeout:
            pass  # exact as it is, only less readable
    N = sp.Symbol("N", integer=True, positive=True)
    certificate: dict[str, Any] = {
        "pieces": [{"interval": [str(lo), str(hi)], "derivative": str(d)} for d, lo, hi in pieces],
        "product_along_active_units": str(sp.Pow(one, N)) if ok else None,
        "kinks": [str(bp.at) for bp in act.pieces.breakpoints],
        "kink_convention": act.kink_convention or None,
    }
    return PathProduct(values=values, active_product_one=ok, active_probability=prob, status="proved", certificate=certificate)


def _cdf(t: sp.Expr) -> sp.Expr:
    if t == sp.oo:
        return cast("sp.Expr", sp.Integer(1))
    if t == -sp.oo:
        return cast("sp.Expr", sp.Integer(0))
    return cast("sp.Expr", (1 + sp.erf(t / sp.sqrt(2))) / 2)


def expected_derivative(act: Activation, sup_abs: sp.Expr | None = None, exact_seconds: float | None = None) -> ExpectedDerivative:
    """E[f'(a)] for a ~ N(0, 1): exact if SymPy integrates every piece within
    ``exact_seconds`` and the value lies in the certified enclosure; else the enclosure
    (needs ``sup_abs`` >= sup |f'| for the tails); else unknown with the reason."""
    pieces = _pieces_of_derivative(act)
    seconds = budget.default_seconds() * 0.4 if exact_seconds is None else exact_seconds
    exact = integrate_pieces(pieces, seconds)
    enc = None
    why = ""
    if sup_abs is not None and sup_abs.is_finite:
        try:
            enc = _enclosure(pieces, sup_abs)
        except NumericError as exc:
            why = f"no enclosure: {exc}"
        except budget.Timeout as exc:
            why = f"no enclosure: {exc}"
    else:
        why = "no enclosure: no certified bound on |f'| for the tails"
    if exact is not None:
        if exact.free_symbols:
            if _quadrature_agrees(act, pieces, exact):
                return ExpectedDerivative(exact, None, "exact (sympy.integrate; symbolic parameters: checked at their defaults by numerical quadrature)")
            return ExpectedDerivative(None, None, "unknown", f"SymPy's closed form {exact} disagrees with numerical quadrature at the default parameters")
        if enc is not None:
            try:
                inside = enc.contains(exact)
            except (TypeError, ValueError):
                inside = False
            if inside:
                return ExpectedDerivative(exact, (enc.lo, enc.hi), "exact (sympy.integrate), inside the certified enclosure")
            return ExpectedDerivative(None, (enc.lo, enc.hi), "certified enclosure (interval Gauss-Legendre)", "SymPy's closed form lies outside the enclosure and was rejected")
        return ExpectedDerivative(None, None, "unknown", f"SymPy gave {exact}, but it could not be checked ({why})")
    if enc is not None:
        return ExpectedDerivative(None, (enc.lo, enc.hi), "certified enclosure (interval Gauss-Legendre)", "SymPy did not integrate it within its budget")
    return ExpectedDerivative(None, None, "unknown", why or "SymPy did not integrate it")


def _quadrature_agrees(act: Activation, pieces: Sequence[tuple[sp.Expr, sp.Expr, sp.Expr]], value: sp.Expr) -> bool:
    """``value`` (with symbolic parameters) equals sum int g phi at the parameters' defaults,
    to 20 digits by mpmath's quadrature (a plausibility check, not a certificate)."""
    from .expectation import PHI
    from .numeric import compile_mp

    subs = {p.symbol: p.default for p in act.params}
    with mpmath.workdps(30):
        total = mpmath.mpf(0)
        for g, lo, hi in pieces:
            g, lo, hi = (e.xreplace(subs) for e in (g, lo, hi))
            if g == 0:
                continue
            a = mpmath.mpf(-40) if lo == -sp.oo else mpmath.mpf(sp.N(lo, 40))
            b = mpmath.mpf(40) if hi == sp.oo else mpmath.mpf(sp.N(hi, 40))
            if a >= b:
                continue
            fn = compile_mp(g * PHI)
            cuts = [a] + [mpmath.mpf(c) for c in (-10, -3, -1, 0, 1, 3, 10) if a < c < b] + [b]
            total += mpmath.quad(fn, cuts)
        try:
            v = mpmath.mpf(sp.N(value.xreplace(subs), 40))
        except (TypeError, ValueError):
            return False
        return bool(abs(v - total) <= mpmath.mpf(10) ** -20 * max(1, abs(v)))


def integrate_pieces(pieces: Sequence[tuple[sp.Expr, sp.Expr, sp.Expr]], seconds: float) -> sp.Expr | None:
    from .expectation import integrate_exact

    return integrate_exact(pieces, seconds)


def _enclosure(pieces: Sequence[tuple[sp.Expr, sp.Expr, sp.Expr]], sup_abs: sp.Expr) -> Any:
    from .expectation import enclose

    bound = sup_abs if isinstance(sup_abs, sp.Rational) else _rational_above(sup_abs)
    return enclose(pieces, bound, tol=1e-12)


_SHORT_DIGITS = 16


def _round_up(r: sp.Rational, digits: int = _SHORT_DIGITS) -> sp.Rational:
    """The smallest decimal with ``digits`` significant digits that is >= r (r > 0)."""
    return _round_decimal(r, digits, up=True)


def _round_down(r: sp.Rational, digits: int = _SHORT_DIGITS) -> sp.Rational:
    """The largest decimal with ``digits`` significant digits that is <= r (r > 0)."""
    return _round_decimal(r, digits, up=False)


def _round_decimal(r: sp.Rational, digits: int, up: bool) -> sp.Rational:
    if r <= 0:
        return r
    e = 0
    while sp.Integer(10) ** e <= r:
        e += 1
    while sp.Integer(10) ** (e - 1) > r:
        e -= 1
    scale = sp.Integer(10) ** (digits - e)
    n = sp.ceiling(r * scale) if up else sp.floor(r * scale)
    return cast("sp.Rational", sp.Rational(n) / scale)


def _rational_above(e: sp.Expr) -> sp.Rational:
    """A rational number >= e (exact real number)."""
    v = sp.N(e, 30)
    r = sp.Rational(v) + sp.Rational(1, 10**20)
    if _compare(r, e) != 1:  # pragma: no cover - 30 digits are plenty
        raise NumericError(f"cannot bound {e} from above")
    return cast("sp.Rational", r)


def _prover_claims(act: Activation) -> tuple[Any, Any, str]:
    """The prover's sup_derivative and inf_derivative claims (None where it has none)."""
    from .prove import prove

    try:
        result = prove(act, properties=("sup_derivative", "inf_derivative"))
    except budget.Timeout as exc:
        return None, None, f"the prover ran out of time: {exc}"
    claims: list[Any] = []
    for name in ("sup_derivative", "inf_derivative"):
        try:
            claims.append(result.claim(name))
        except (KeyError, LookupError):
            claims.append(None)
    return claims[0], claims[1], ""


def analyze(
    act: Activation,
    depth: int = 20,
    epsilon: Any = "1e-8",
    depths: Iterable[int] = DEPTHS,
    expected: bool = True,
) -> GradientAnalysis:
    """The vanishing-gradient analysis of ``act`` at ``depth`` (see the module docstring).

    ``epsilon`` is taken exactly (``1e-8`` means 1/10^8).  ``depths`` are the rows of the
    table of bounds.  With ``expected=False`` E[f'(a)] is not computed (it can take seconds).
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH:
        raise UsageError(f"depth must be an integer from 1 to {MAX_DEPTH}, got {depth!r}")
    eps = exact_number(epsilon, "epsilon")
    if not eps.is_positive:
        raise UsageError(f"epsilon must be positive, got {epsilon!r}")
    table_depths = tuple(sorted(set(depths) | {depth}))
    sup_c, inf_c, why = _prover_claims(act)
    sup_v, sup_lo, sup_hi, sup_att = _extreme(sup_c)
    inf_v, inf_lo, inf_hi, inf_att = _extreme(inf_c)
    reasons = [why] if why else []
    status = "proved"
    lip: sp.Expr | None = None
    lip_exact = False
    if sup_v is not None and inf_v is not None:
        if sup_v.is_infinite or inf_v.is_infinite:
            lip = sp.oo
            lip_exact = True
        else:
            c = _compare(sp.Abs(sup_v), sp.Abs(inf_v)) if not (sup_v.free_symbols or inf_v.free_symbols) else None
            if c is not None:
                lip = sp.Abs(sup_v) if c >= 0 else sp.Abs(inf_v)
                if lip.has(sp.Abs):
                    try:
                        lip = budget.run(sp.simplify, lip, seconds=budget.default_seconds() * 0.3, what="simplifying |f'|")
                    except budget.Timeout:
                        pass  # exact as it is
                lip_exact = True
            elif sup_v.free_symbols or inf_v.free_symbols:
                lip = sp.Max(sp.Abs(sup_v), sp.Abs(inf_v))
                lip_exact = True
    elif (sup_v is not None or sup_hi is not None) and (inf_v is not None or inf_lo is not None):
        # an enclosure has both ends (_extreme): sup_hi (inf_lo) set means sup_lo (inf_hi) is too
        hi_abs = [sp.Abs(sup_v) if sup_v is not None else max(abs(cast("sp.Rational", sup_lo)), abs(cast("sp.Rational", sup_hi))),
                  sp.Abs(inf_v) if inf_v is not None else max(abs(cast("sp.Rational", inf_lo)), abs(cast("sp.Rational", inf_hi)))]
        upper = _rational_above(sp.Max(*hi_abs)) if any(not isinstance(h, sp.Rational) for h in hi_abs) else max(hi_abs)
        lip = _round_up(upper)
        reasons.append(
            "sup |f'| is known only as an enclosure: the bound uses its certified upper end, rounded up to "
            f"{_SHORT_DIGITS} significant digits"
        )
    if lip is None:
        status = "unknown"
        reasons.append("the prover did not certify sup f' and inf f'")

    bound = None
    table: list[DepthBound] = []
    grows = None
    d_eps = None
    crit = None
    if lip is not None and lip.is_finite is not False:
        symbolic = bool(lip.free_symbols)
        for n in table_depths:
            # an upper end of an enclosure has many digits: keep its power unexpanded
            val = lip**n if (lip_exact or symbolic or n == 1) else sp.Pow(lip, n, evaluate=False)
            prod_set = None
            if lip_exact and not symbolic and sup_v is not None and inf_v is not None and sup_att is not None and inf_att is not None:
                prod_set = product_range(inf_v, bool(inf_att), sup_v, bool(sup_att), n)
            table.append(DepthBound(n, val, None if symbolic else _float(val), prod_set))
        bound = next(t for t in table if t.depth == depth)
        if not symbolic:
            c1 = _compare(lip, 1)
            grows = None if c1 is None else c1 > 0
            d_eps = depth_to_epsilon(lip, eps)
            # exact 1/L; from an enclosure a short rational below 1/L_up <= 1/L (still sufficient)
            crit = sp.oo if lip == 0 else (1 / lip if lip_exact else _round_down(1 / lip))
        else:
            reasons.append("sup |f'| depends on symbolic parameters")
    elif lip is not None:
        grows = True
        reasons.append("f' is unbounded: no depth bound")
    table = [t for t in table if t.depth in set(depths)]

    path = relu_path(act)
    if expected:
        exp = expected_derivative(act, lip if (lip is not None and lip.is_finite and not lip.free_symbols) else None)
    else:
        exp = ExpectedDerivative(None, None, "not computed")
    return GradientAnalysis(
        name=act.name,
        depth=depth,
        epsilon=eps,  # type: ignore[arg-type]
        status=status,
        sup_derivative=sup_v,
        sup_attained=sup_att,
        inf_derivative=inf_v,
        inf_attained=inf_att,
        lipschitz=lip,
        lipschitz_exact=lip_exact,
        bound=bound,
        grows=grows,
        depth_to_epsilon=d_eps,
        critical_weight=crit,
        expected=exp,
        path=path,
        table=tuple(table),
        reason="; ".join(reasons),
        sup_enclosure=None if sup_lo is None else (sup_lo, cast("sp.Rational", sup_hi)),
        inf_enclosure=None if inf_lo is None else (inf_lo, cast("sp.Rational", inf_hi)),
    )


def analyze_all(acts: Sequence[Activation], depth: int = 20, epsilon: Any = "1e-8", expected: bool = True) -> list[GradientAnalysis]:
    """:func:`analyze` for each activation (the table of ``symact gradient --all``)."""
    return [analyze(a, depth=depth, epsilon=epsilon, expected=expected) for a in acts]
