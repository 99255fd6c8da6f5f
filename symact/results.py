"""Plain result records returned by the analyses; renderers (text, JSON, LaTeX) only render.

Every record has ``to_json()`` returning JSON-ready data (expressions as SymPy ``str()``,
sets as ``str()`` of SymPy sets), with keys in a fixed order so that output is byte-identical
from run to run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable, cast

import sympy as sp

from .errors import EXIT_OK, EXIT_REFUTED, EXIT_UNKNOWN
from .render import escape_tex, json_expr, latex_expr

__all__ = ["Kink", "Form", "DerivativeInfo", "Derivation", "Regime", "PieceChoice", "KernelInfo", "Accuracy"]


@dataclass(frozen=True)
class Kink:
    """A point where the derivative of some order is not defined, with its one-sided limits."""

    at: sp.Expr
    left: sp.Expr
    right: sp.Expr
    continuous: bool = True  # whether f itself is continuous there (False: a jump)
    note: str = ""  # with symbolic parameters: the condition under which it is defined after all

    def to_json(self) -> dict[str, Any]:
        out = {"at": str(self.at), "left": str(self.left), "right": str(self.right)}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Form:
    """f^(order)(x) written as g(f) (kind 'f'), as g(f, x) (kind 'mixed'), or not at all.

    ``check`` says how the identity f^(order)(x) = g(f(x)) was checked before it is
    reported: 'symbolic+numeric' (the difference simplifies to 0 and agrees at high precision
    on sample points) or 'numeric' (high-precision sampling only; SymPy could not simplify the
    difference to 0 in its time budget).  A form that fails the check is never reported.
    ``reason`` says why there is none (with ``witness`` points where that is proved).
    """

    order: int
    expr: sp.Expr | None
    kind: str  # 'f' | 'mixed' | 'none'
    check: str = ""
    reason: str = ""
    witness: tuple[sp.Expr, sp.Expr] | None = None

    @property
    def latex(self) -> str | None:
        return None if self.expr is None else latex_expr(self.expr)

    def __bool__(self) -> bool:
        return self.expr is not None

    def _repr_latex_(self) -> str:
        if self.expr is None:
            return f"no form in terms of $f$: {self.reason}"
        return f"$\\displaystyle f^{{({self.order})}} = {self.latex}$"


@dataclass(frozen=True)
class DerivativeInfo:
    order: int
    expr: sp.Expr
    form: Form
    kinks: tuple[Kink, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "order": self.order,
            "expr": json_expr(self.expr),
            "latex": latex_expr(self.expr),
            "in_terms_of_f": json_expr(self.form.expr),
            "in_terms_of_f_latex": self.form.latex,
            "form_kind": self.form.kind,
            "form_check": self.form.check or None,
            "form_reason": self.form.reason or None,
            "kinks": [k.to_json() for k in self.kinks],
        }


@dataclass(frozen=True)
class Derivation:
    name: str
    expr: sp.Expr
    params: dict[str, sp.Expr]
    values: dict[str, sp.Expr | None]
    derivatives: tuple[DerivativeInfo, ...] = field(default_factory=tuple)
    breakpoints: tuple[sp.Expr, ...] = ()

    def _repr_latex_(self) -> str:
        rows = [f"f(x) &= {latex_expr(self.expr)}"]
        for d in self.derivatives:
            rows.append(f"f^{{({d.order})}}(x) &= {latex_expr(d.expr)}")
            if d.form.expr is not None:
                rows.append(f"&= {d.form.latex}")
        return "$\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}$"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "expr": json_expr(self.expr),
            "latex": latex_expr(self.expr),
            "params": {k: str(v) for k, v in self.params.items()},
            "values": {k: (None if v is None else str(v)) for k, v in self.values.items()},
            "derivatives": [d.to_json() for d in self.derivatives],
        }


# ---------------------------------------------------------------------------------------
# gradients: linear collapse, the chain rule through n layers, depth bounds (symact.gradients)
__all__ += [
    "Step", "Equation", "LinearCollapse", "CollapseInduction", "ChainRule", "ExpectedDerivative",
    "DepthBound", "PathProduct", "GradientAnalysis", "SimulationRow", "Simulation",
]

def _latex_lines(lhs: sp.Basic, exprs: list[sp.Basic], names: dict[sp.Basic, str]) -> str:
    """``lhs &= e_1 \\\\ &= e_2 ...`` inside ``aligned`` (rendering only)."""
    opts: dict[str, Any] = {"mul_symbol": "dot", "keep_order": True, "symbol_names": names}
    rows = [f"{latex_expr(lhs, **opts)} &= {latex_expr(exprs[0], **opts)}"]
    rows += [f"&= {latex_expr(e, **opts)}" for e in exprs[1:]]
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


@dataclass(frozen=True)
class Step:
    """One link of a chain of equalities: ``= expr``, the rule that gives it, and how symact
    checked it (``check`` names the independent check; empty means not checked)."""

    expr: sp.Basic
    reason: str
    check: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"expr": str(self.expr), "reason": self.reason, "check": self.check or None}


@dataclass(frozen=True)
class Equation:
    """A chain ``lhs = steps[0].expr = steps[1].expr = ...``.  ``display`` maps symbols to the
    LaTeX they are shown with (constants written by symact, e.g. ``W_{k+1}``); ``lhs_display``
    is what the left-hand side is shown as when it differs from ``lhs``."""

    lhs: sp.Basic
    steps: tuple[Step, ...]
    display: tuple[tuple[sp.Basic, str], ...] = ()
    lhs_display: sp.Basic | None = None

    @property
    def rhs(self) -> sp.Basic:
        return self.steps[-1].expr

    @property
    def latex(self) -> str:
        shown = self.lhs if self.lhs_display is None else self.lhs_display
        return _latex_lines(shown, [s.expr for s in self.steps], dict(self.display))

    def to_json(self) -> dict[str, Any]:
        return {"lhs": str(self.lhs), "steps": [s.to_json() for s in self.steps], "latex": self.latex}


@dataclass(frozen=True)
class LinearCollapse:
    """n affine layers without activation compose into one affine map W x + b.

    ``equation`` is h_n = (nested layers) = (expanded) = W x + b with ``weight`` W = W_n ... W_1
    and ``bias`` b = sum_i W_n ... W_{i+1} b_i; ``checks`` lists the independent checks run.
    """

    n: int
    equation: Equation
    weight: sp.Basic
    bias: sp.Basic
    status: str
    method: str
    checks: tuple[str, ...] = ()

    @property
    def latex(self) -> str:
        opts: dict[str, Any] = {"keep_order": True}
        w = sp.MatrixSymbol("W", *cast("sp.MatrixExpr", self.weight).shape)
        b = sp.MatrixSymbol("b", *cast("sp.MatrixExpr", self.bias).shape)
        return (
            self.equation.latex
            + "\n\\quad\\text{with}\\quad "
            + f"{latex_expr(w)} = {latex_expr(self.weight, **opts)},\\quad {latex_expr(b)} = {latex_expr(self.bias, **opts)}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "status": self.status,
            "method": self.method,
            "network": str(self.equation.steps[0].expr),
            "weight": str(self.weight),
            "bias": str(self.bias),
            "steps": [s.to_json() for s in self.equation.steps],
            "checks": list(self.checks),
            "latex": self.latex,
        }


@dataclass(frozen=True)
class CollapseInduction:
    """The collapse theorem for every n, by induction on the number of layers.

    ``base``: h_1 = A_1 x + c_1.  ``step``: assuming h_k = A_k x + c_k, the layer k+1 gives
    h_{k+1} = (W_{k+1} A_k) x + (W_{k+1} c_k + b_{k+1}).  ``recurrences``: those coefficients
    are A_{k+1} and c_{k+1} for the closed forms A_k = P_{k,0}, c_k = sum_{i=1}^k P_{k,i} b_i with
    the ordered products P_{k,i} = W_k ... W_{i+1} (P_{i,i} = I).  Each equation's steps carry
    the check that was run on them.
    """

    base: tuple[Equation, ...]
    step: Equation
    recurrences: tuple[Equation, ...]
    rules: tuple[str, ...]
    status: str
    method: str

    @property
    def latex(self) -> str:
        parts = [e.latex for e in self.base] + [self.step.latex] + [e.latex for e in self.recurrences]
        return "\\begin{gathered}\n" + "\n\\\\[1ex]\n".join(parts) + "\n\\end{gathered}"

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "method": self.method,
            "rules": list(self.rules),
            "base": [e.to_json() for e in self.base],
            "step": self.step.to_json(),
            "recurrences": [e.to_json() for e in self.recurrences],
        }


@dataclass(frozen=True)
class ChainRule:
    """dL/dW_1 through n scalar layers f_i = S(a_i), a_i = W_i f_{i-1} + b_i, f_0 = x.

    ``equation.lhs`` is dL/dW_1 of the nested network; each step is one application of the
    chain rule (through L, through S at a_i) or of the linearity of a_i, and ends in
    dL/df_n * S'(a_n) * W_n * ... * W_2 * S'(a_1) * x.  ``definitions`` are the symbols a_i and
    f_i with what they stand for; ``target`` is SymPy's own derivative of the nested
    expression, which every step was checked against.
    """

    n: int
    network: sp.Expr
    definitions: tuple[tuple[sp.Symbol, sp.Expr], ...]
    equation: Equation
    target: sp.Expr
    status: str
    method: str

    @property
    def steps(self) -> tuple[sp.Expr, ...]:
        return tuple(cast("sp.Expr", s.expr) for s in self.equation.steps)

    @property
    def final(self) -> sp.Expr:
        return self.equation.rhs  # type: ignore[return-value]

    @property
    def latex(self) -> str:
        return self.equation.latex

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "status": self.status,
            "method": self.method,
            "network": str(self.network),
            "definitions": {str(k): str(v) for k, v in self.definitions},
            "lhs": str(self.equation.lhs),
            "steps": [s.to_json() for s in self.equation.steps],
            "final": str(self.final),
            "latex": self.latex,
        }


def _as_fraction(r: sp.Basic) -> sp.Basic:
    """A rational shown as p/q (a bound such as 2^-40 reads better as 1/1099511627776 than as
    its 40-digit exact decimal); for printing only."""
    if isinstance(r, sp.Rational) and not isinstance(r, sp.Integer):
        return sp.Mul(r.p, sp.Pow(r.q, -1, evaluate=False), evaluate=False) if r.p != 1 else sp.Pow(r.q, -1, evaluate=False)
    return r


def _exact_or_digits(value: sp.Basic | None, enclosure: tuple[sp.Rational, sp.Rational] | None) -> str | None:
    """The exact value as ``str()``, else the digits its enclosure certifies."""
    if value is not None:
        return str(value)
    if enclosure is None:
        return None
    from .render import certified_digits

    return certified_digits(*enclosure)


def _pair(enclosure: tuple[Any, ...] | None) -> list[str] | None:
    return None if enclosure is None else [str(e) for e in enclosure]


def _num(v: sp.Basic | None) -> str | None:
    return None if v is None else str(v)


@dataclass(frozen=True)
class ExpectedDerivative:
    """E[f'(a)] for a ~ N(0, 1).

    ``value`` is exact when SymPy integrated it within its budget *and* the value lies in the
    independent interval enclosure (or no enclosure could be computed: ``method`` says so);
    ``enclosure`` = (lo, hi) exact rationals with lo <= E[f'(a)] <= hi, from interval
    Gauss-Legendre quadrature with a certified error term and a tail bound.
    """

    value: sp.Expr | None
    enclosure: tuple[sp.Rational, sp.Rational] | None
    method: str
    reason: str = ""

    @property
    def known(self) -> bool:
        return self.value is not None or self.enclosure is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.display(),
            "exact": _num(self.value),
            "enclosure": None if self.enclosure is None else [str(sp.Float(e, 20)) for e in self.enclosure],
            "method": self.method,
            "reason": self.reason or None,
        }

    def display(self) -> str | None:
        """The exact value, else the digits the enclosure certifies (never a bare float)."""
        if self.value is not None:
            return str(self.value)
        if self.enclosure is None:
            return None
        from .render import certified_digits

        return certified_digits(*self.enclosure)


@dataclass(frozen=True)
class DepthBound:
    """|prod_{i=1}^N f'(a_i)| <= bound = L^N with L = sup |f'| (exact, or the upper end of an
    enclosure of L); ``product`` is the exact set the product ranges over (or None)."""

    depth: int
    bound: sp.Expr
    bound_float: float | None
    product: sp.Set | None

    def to_json(self) -> dict[str, Any]:
        return {
            "depth": self.depth,
            "bound": str(self.bound),
            "bound_float": self.bound_float,
            "product_range": _num(self.product),
        }


@dataclass(frozen=True)
class PathProduct:
    """Piecewise-constant derivative (the ReLU family): the values f' takes, whether a path of
    active units (f' = 1) has product exactly 1 at any depth, and the probability
    P(f'(a) = 1) for a ~ N(0, 1), so that a fraction p^N of depth-N paths is active
    (independent pre-activations)."""

    values: tuple[sp.Expr, ...]
    active_product_one: bool
    active_probability: sp.Expr | None
    status: str
    certificate: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "derivative_values": [str(v) for v in self.values],
            "active_product_one": self.active_product_one,
            "active_probability": _num(self.active_probability),
            "status": self.status,
            "certificate": self.certificate,
        }


@dataclass(frozen=True)
class GradientAnalysis:
    """Vanishing-gradient analysis of one activation at one depth (symact.gradients.analyze).

    sup/inf of f' come from the prover's certified claims; ``lipschitz`` = sup |f'| is the
    per-layer factor of the bound; ``grows`` says sup |f'| > 1 (the product bound grows with
    depth).  ``critical_weight`` = 1/sup |f'|: with |w_i| <= w the per-layer factor is w sup |f'|,
    so the bound vanishes with depth only for w below it.
    """

    name: str
    depth: int
    epsilon: sp.Rational
    status: str
    sup_derivative: sp.Expr | None
    sup_attained: bool | None
    inf_derivative: sp.Expr | None
    inf_attained: bool | None
    lipschitz: sp.Expr | None
    lipschitz_exact: bool
    bound: DepthBound | None
    grows: bool | None
    depth_to_epsilon: int | None
    critical_weight: sp.Expr | None
    expected: ExpectedDerivative
    path: PathProduct | None
    table: tuple[DepthBound, ...]
    reason: str = ""
    sup_enclosure: tuple[sp.Rational, sp.Rational] | None = None  # when sup f' has no closed form
    inf_enclosure: tuple[sp.Rational, sp.Rational] | None = None

    def sup_display(self) -> str | None:
        return _exact_or_digits(self.sup_derivative, self.sup_enclosure)

    def inf_display(self) -> str | None:
        return _exact_or_digits(self.inf_derivative, self.inf_enclosure)

    @property
    def latex(self) -> str | None:
        """The depth bound as the article writes it, e.g. for sigmoid at N = 3
        ``0 < \\prod_{i=1}^{3} \\frac{d}{d a_i} S(a_i) \\le \\frac{1}{64}``, followed by
        |prod| <= (sup |f'|)^N = value, in a ``gathered`` block (math mode); None without a
        certified bound."""
        b = self.bound
        if b is None or self.lipschitz is None:
            return None
        i = sp.Symbol("i", integer=True, positive=True)
        a = sp.IndexedBase("a")
        S = sp.Function("S")
        prod = sp.Product(sp.Derivative(S(a[i]), a[i]), (i, 1, self.depth))
        p = latex_expr(prod)
        rows = []
        if isinstance(b.product, sp.Interval):
            lo_rel = "<" if b.product.left_open else "\\le"
            hi_rel = "<" if b.product.right_open else "\\le"
            rows.append(f"{latex_expr(_as_fraction(b.product.inf))} {lo_rel} {p} {hi_rel} {latex_expr(_as_fraction(b.product.sup))}")
        power = sp.Pow(self.lipschitz, self.depth, evaluate=False)
        rows.append(f"\\left|{p}\\right| \\le {latex_expr(power)} = {latex_expr(_as_fraction(b.bound))}")
        return "\\begin{gathered}\n" + " \\\\\n".join(rows) + "\n\\end{gathered}"

    def to_json(self) -> dict[str, Any]:
        b = self.bound
        return {
            "name": self.name,
            "depth": self.depth,
            "sup_derivative": self.sup_display(),
            "bound": None if b is None else str(b.bound),
            "bound_float": None if b is None else b.bound_float,
            "depth_to_epsilon": self.depth_to_epsilon,
            "expected_derivative_normal": self.expected.display(),
            "status": self.status,
            "epsilon": str(self.epsilon),
            "sup_attained": self.sup_attained,
            "sup_derivative_enclosure": _pair(self.sup_enclosure),
            "inf_derivative": self.inf_display(),
            "inf_derivative_enclosure": _pair(self.inf_enclosure),
            "inf_attained": self.inf_attained,
            "sup_abs_derivative": _num(self.lipschitz),
            "sup_abs_derivative_exact": self.lipschitz_exact,
            "product_range": None if b is None else _num(b.product),
            "grows": self.grows,
            "critical_weight": _num(self.critical_weight),
            "expected_derivative": self.expected.to_json(),
            "relu_path": None if self.path is None else self.path.to_json(),
            "bounds_by_depth": [t.to_json() for t in self.table],
            "reason": self.reason or None,
        }

    # notebook displays (symact/_notebook.py; rendering only, JSON unchanged)
    def __repr__(self) -> str:
        from . import _notebook

        return _notebook.gradient_repr(self)

    def _repr_html_(self) -> str:
        from . import _notebook

        return _notebook.gradient_html(self)

    def _repr_latex_(self) -> str:
        from . import _notebook

        return _notebook.gradient_latex(self)


@dataclass(frozen=True)
class SimulationRow:
    """Measured gradients of ``trials`` random networks of one width, initialisation and depth.

    ``grad_*``: the Frobenius norm of dL/dW_1 (L = sum of the outputs).  ``gain_*``: that norm
    divided by ||dL/df_N|| ||x|| prod_{i>=2} ||W_i||_2, which is at most sup|f'|^N (for width 1
    it is |prod_i f'(a_i)|); ``bound`` is sup|f'|^N rounded up to a float and ``worst_ratio`` the
    largest gain / bound seen (<= 1 up to rounding).  ``zero_fraction``: share of networks
    whose gradient is exactly 0; ``all_active_fraction`` (width 1): share whose path has
    f'(a_i) = 1 at every layer.
    """

    width: int
    init: str
    depth: int
    trials: int
    grad_median: float
    grad_max: float
    gain_median: float
    gain_max: float
    bound: float | None
    worst_ratio: float | None
    zero_fraction: float
    all_active_fraction: float | None
    nonfinite: int

    def to_json(self) -> dict[str, Any]:
        return {
            "width": self.width,
            "init": self.init,
            "depth": self.depth,
            "trials": self.trials,
            "grad_median": self.grad_median,
            "grad_max": self.grad_max,
            "gain_median": self.gain_median,
            "gain_max": self.gain_max,
            "bound": self.bound,
            "worst_ratio": self.worst_ratio,
            "zero_fraction": self.zero_fraction,
            "all_active_fraction": self.all_active_fraction,
            "nonfinite": self.nonfinite,
        }


@dataclass(frozen=True)
class Simulation:
    """The numpy experiment of ``symact gradient NAME --simulate`` (symact.simulate)."""

    name: str
    seed: int
    lipschitz: sp.Expr | None
    evaluator: str
    rows: tuple[SimulationRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "seed": self.seed,
            "sup_abs_derivative": _num(self.lipschitz),
            "evaluator": self.evaluator,
            "rows": [r.to_json() for r in self.rows],
        }


# ---------------------------------------------------------------------------------------
# proofs (symact.prove, symact.certificate)
__all__ += ["MathText", "ProofStep", "Certificate", "Claim", "Proof", "json_value"]

# Characters and operators that hand-written mathematics may use when its plain text is also
# its LaTeX: no TeX specials, and none of the ASCII operators the plain text spells out.
_SAME_IN_TEX = re.compile(r"[A-Za-z0-9 '()+\-=,.|\[\]<>:]*")
_ASCII_OPERATORS = re.compile(r"->|<=|>=|!=|\*\*|\boo\b|\^")


@dataclass(frozen=True)
class MathText:
    """Mathematics written by symact itself in a proof step (``f'(x)``, ``x -> -oo``, ``C^1``):
    ``text`` is what the plain-text output shows and ``tex`` the LaTeX (math mode) for it.

    Both are constants written by symact or built from :func:`render.latex_expr`, never user
    text.  Without ``tex`` the plain text must already be valid LaTeX that reads the same
    (letters, digits, brackets, ``' + - = , . |``): an ASCII operator such as ``->``, ``<=``,
    ``**`` or ``oo`` needs its LaTeX spelled out.
    """

    text: str
    tex: str = ""

    def __post_init__(self) -> None:
        if not self.tex:
            if not _SAME_IN_TEX.fullmatch(self.text) or _ASCII_OPERATORS.search(self.text):
                raise ValueError(f"MathText {self.text!r} needs its LaTeX spelled out")
            object.__setattr__(self, "tex", self.text)


class ProofStep(tuple[Any, ...]):
    r"""One step of a proof, as a tuple of segments: prose (``str``), mathematics computed by
    symact (a SymPy expression, number or Set, or an ``int``) and hand-written mathematics
    (:class:`MathText`).

    ``str(step)`` is the plain text (prose as is, SymPy objects through ``str()``, MathText
    through its ``text``): what ``symact prove --certificates`` prints and the JSON carries.
    ``step.latex()`` is the LaTeX: prose escaped by :func:`render.escape_tex`, mathematics
    through :func:`render.latex_expr`, and each run of adjacent mathematical segments set as
    one inline formula ``$...$``.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> s = ProofStep(MathText("f(x) -> ", r"f(x) \to "), sp.Integer(0), " as ", MathText("x -> ", r"x \to "), -sp.oo, ".")
    >>> str(s)
    'f(x) -> 0 as x -> -oo.'
    >>> s.latex()
    '$f(x) \\to 0$ as $x \\to -\\infty$.'
    """

    __slots__ = ()

    def __new__(cls, *segments: Any) -> "ProofStep":
        for seg in segments:
            if isinstance(seg, bool) or not isinstance(seg, (str, int, sp.Basic, MathText)):
                raise TypeError(f"a proof step segment must be prose, a SymPy object or MathText, not {type(seg).__name__}")
        return super().__new__(cls, segments)

    def __getnewargs__(self) -> tuple[Any, ...]:  # pickle and copy pass the segments one by one
        return tuple(self)

    def __str__(self) -> str:
        return "".join(_plain_segment(seg) for seg in self)

    def __repr__(self) -> str:
        return f"ProofStep{tuple.__repr__(self)}"

    def latex(self) -> str:
        out: list[str] = []
        math: list[str] = []

        def flush() -> None:
            if math:
                out.append("$" + " ".join(m.strip() for m in math).strip() + "$")
                math.clear()

        for seg in self:
            if isinstance(seg, str):
                flush()
                out.append(escape_tex(seg))
            elif isinstance(seg, MathText):
                math.append(seg.tex)
            else:
                math.append(latex_expr(sp.Integer(seg) if isinstance(seg, int) else seg))
        flush()
        return "".join(out)


def _plain_segment(seg: Any) -> str:
    if isinstance(seg, str):
        return seg
    if isinstance(seg, MathText):
        return seg.text
    return str(seg)



def json_value(v: Any) -> Any:
    """JSON-ready form of a claim's value or a certificate's data: SymPy objects as ``str()``,
    numbers of an enclosure as exact decimals, containers recursively (fixed key order)."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):  # pragma: no cover - the prover never stores floats
        return repr(v)
    if isinstance(v, sp.Basic):
        return str(v)
    if isinstance(v, dict):
        return {str(k): json_value(val) for k, val in v.items()}
    if isinstance(v, (list, tuple)):
        return [json_value(a) for a in v]
    if hasattr(v, "to_json"):
        return v.to_json()
    return str(v)


def _decimal(r: Any) -> str:
    """An enclosure endpoint (a Rational with a power-of-ten denominator) as a decimal string."""
    from .render import decimal_of

    if isinstance(r, sp.Rational) and not isinstance(r, sp.Integer):
        d = decimal_of(r, max_digits=80)
        if d is not None:
            return d
    return str(r)


@dataclass(frozen=True, eq=False)
class Certificate:
    """What the independent checker (:mod:`symact.certificate`) needs to re-verify a claim.

    ``kind`` names the argument (``image``, ``line-image``, ``identity-in-f``, ``limit``,
    ``breakpoints``, ``analytic``, ``symmetry``, ``counterexample``, ``compare``, ...);
    ``data`` holds its ingredients as SymPy objects and plain containers (critical points,
    interval boxes, limits, identities); ``steps`` is the argument for readers, one
    :class:`ProofStep` per step (``str()`` for text and JSON, ``latex()`` for reports); the
    checker never reads them.  ``checked`` is True once the checker accepted it; ``check_note``
    says what the checker did or why it rejected the certificate.
    """

    kind: str
    data: dict[str, Any]
    steps: tuple[Any, ...] = ()
    checked: bool = False
    check_note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "checked": self.checked,
            "check_note": self.check_note or None,
            "steps": [str(st) for st in self.steps],
            "data": json_value(self.data),
        }


@dataclass(frozen=True, eq=False)
class Claim:
    """One property of one activation, with its status and the evidence.

    ``value`` is exact (a SymPy number, expression or Set) or a short word for qualitative
    properties ('increasing', 'C^1', 'odd', ...).  When ``enclosure`` = (lo, hi) is set, the
    exact value is only known to lie in [lo, hi] (rational endpoints) and a Float in ``value``
    is the midpoint shown for reading; likewise ``at_enclosure`` for the argument ``at``.
    ``status`` is 'proved' (the checker accepted ``certificate``), 'refuted' (with
    ``counterexample``) or 'unknown' (``reason`` says why).
    """

    property: str
    value: Any
    at: Any = None
    attained: bool | None = None
    status: str = "unknown"
    method: str = ""
    enclosure: tuple[sp.Rational, sp.Rational] | None = None
    certificate: Certificate | None = None
    reason: str = ""
    counterexample: dict[str, Any] | None = None
    at_enclosure: tuple[Any, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "property": self.property,
            "value": json_value(self.value),
            "at": json_value(self.at),
            "attained": self.attained,
            "status": self.status,
            "method": self.method or None,
            "enclosure": None if self.enclosure is None else [_decimal(self.enclosure[0]), _decimal(self.enclosure[1])],
            "at_enclosure": None if self.at_enclosure is None else [_decimal(self.at_enclosure[0]), _decimal(self.at_enclosure[1])],
            "reason": self.reason or None,
            "counterexample": json_value(self.counterexample),
            "certificate": None if self.certificate is None else self.certificate.to_json(),
        }

    # notebook displays (symact/_notebook.py; rendering only, JSON unchanged)
    def __repr__(self) -> str:
        from . import _notebook

        return _notebook.claim_repr(self)

    def _repr_html_(self) -> str:
        from . import _notebook

        return _notebook.claim_html(self)

    def _repr_latex_(self) -> str:
        from . import _notebook

        return _notebook.claim_latex(self)


@dataclass(frozen=True, eq=False)
class Proof:
    """The proved properties of one activation (``Activation.prove()``)."""

    name: str
    claims: tuple[Any, ...]
    values: dict[str, Any] = field(default_factory=dict)
    seconds: float | None = None

    def claim(self, property: str) -> Claim:
        for c in self.claims:
            if c.property == property:
                return cast("Claim", c)
        raise KeyError(f"{self.name}: no claim about {property!r} (have: {', '.join(c.property for c in self.claims)})")

    def counts(self) -> dict[str, int]:
        out = {"proved": 0, "refuted": 0, "unknown": 0}
        for c in self.claims:
            out[c.status] = out.get(c.status, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "params": {k: (None if v is None else str(v)) for k, v in self.values.items()},
            "claims": [c.to_json() for c in self.claims],
        }

    # notebook displays (symact/_notebook.py; rendering only, JSON unchanged)
    def __repr__(self) -> str:
        from . import _notebook

        return _notebook.proof_repr(self)

    def _repr_html_(self) -> str:
        from . import _notebook

        return _notebook.proof_html(self)

    def _repr_latex_(self) -> str:
        from . import _notebook

        return _notebook.proof_latex(self)


# ---------------------------------------------------------------------------------------
# verify (symact.verify): one step per link of a claim's chain, and the claim's verdict
__all__ += ["Status", "VerifyStep", "Verdict"]


class Status(Enum):
    """What a claim or one link of it is: the word (``Verdict.verdict``, JSON and text), its
    rank (a claim is as weak as its weakest link: refuted > unknown > approximate > proved)
    and the command line's exit code for it (:mod:`symact.errors`' table).  Adding a verdict
    is one member here (and its handling in :mod:`symact.verify`)."""

    PROVED = ("proved", 0, EXIT_OK)
    REFUTED = ("refuted", 3, EXIT_REFUTED)
    APPROXIMATE = ("approximate", 1, EXIT_OK)
    UNKNOWN = ("unknown", 2, EXIT_UNKNOWN)

    rank: int
    exit_code: int

    def __new__(cls, word: str, rank: int, exit_code: int) -> "Status":
        member = object.__new__(cls)
        member._value_ = word
        member.rank = rank
        member.exit_code = exit_code
        return member

    @classmethod
    def weakest(cls, words: Iterable[str]) -> "Status":
        """The weakest of the verdicts ``words`` (the first of equal rank)."""
        return max((cls(w) for w in words), key=lambda s: s.rank)  # type: ignore[call-arg]  # a lookup by value, which mypy reads as a call of __new__


@dataclass(frozen=True)
class VerifyStep:
    """One link ``lhs relation rhs`` of a claim, as written, with its own verdict.

    ``method`` says how it was decided ('symbolic identity', 'exact arithmetic', 'decimal
    comparison', 'prover: range', 'product of certified ranges', 'layer model: symbolic
    identity', 'evaluation at 50 digits', ...); ``certificate`` is what was checked (JSON
    data); ``notes`` name conventions and readings (a value at a kink, a skipped step)."""

    lhs: str
    relation: str
    rhs: str
    verdict: str
    method: str
    reason: str
    counterexample: dict[str, Any] | None = None
    notes: tuple[str, ...] = ()
    certificate: Any = None

    def to_json(self) -> dict[str, Any]:
        return {
            "lhs": self.lhs,
            "relation": self.relation,
            "rhs": self.rhs,
            "verdict": self.verdict,
            "method": self.method,
            "reason": self.reason,
            "counterexample": self.counterexample,
            "notes": list(self.notes),
            "certificate": self.certificate,
        }


@dataclass(frozen=True)
class Verdict:
    """The verdict on a claim: ``proved``, ``refuted`` (with a counterexample: x and both
    sides' values), ``approximate`` (a decimal that is a rounding or truncation of the exact
    value) or ``unknown`` (with the reason).  The claim's verdict is its weakest link's."""

    claim: str
    verdict: str
    reason: str
    counterexample: dict[str, Any] | None
    steps: tuple[VerifyStep, ...]
    activation: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def status(self) -> Status:
        return Status(self.verdict)  # type: ignore[call-arg]  # a lookup by value, which mypy reads as a call of __new__

    @property
    def exit_code(self) -> int:
        """The CLI's exit code: 0 proved or approximate, 1 refuted, 3 unknown."""
        return self.status.exit_code

    def to_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "verdict": self.verdict,
            "reason": self.reason,
            "counterexample": self.counterexample,
            "steps": [s.to_json() for s in self.steps],
        }

    # notebook displays (symact/_notebook.py; rendering only, JSON unchanged)
    def __repr__(self) -> str:
        from . import _notebook

        return _notebook.verdict_repr(self)

    def _repr_html_(self) -> str:
        from . import _notebook

        return _notebook.verdict_html(self)

    def _repr_latex_(self) -> str:
        from . import _notebook

        return _notebook.verdict_latex(self)
# numeric kernels (symact.kernels)
import math  # noqa: E402


def _json_float(v: float) -> float | str:
    return v if math.isfinite(v) else str(v)


@dataclass(frozen=True)
class Regime:
    lo: float
    hi: float
    label: str
    note: str = ""


@dataclass(frozen=True)
class PieceChoice:
    """What the measurement chose for one piece in one dtype."""

    lo: float
    hi: float
    dtype: str
    regimes: tuple[Regime, ...]
    max_ulp: float
    max_ratio: float
    bound_ulp: float
    candidates: int
    expr: str

    def to_json(self) -> dict[str, Any]:
        return {"interval": [_json_float(self.lo), _json_float(self.hi)], "dtype": self.dtype, "max_ulp": _json_float(self.max_ulp),
                "max_ratio": _json_float(self.max_ratio), "bound_ulp": self.bound_ulp, "candidates": self.candidates,
                "regimes": [{"from": _json_float(r.lo), "to": _json_float(r.hi), "rules": r.label, "note": r.note} for r in self.regimes],
                "expr": self.expr}


@dataclass(frozen=True)
class KernelInfo:
    """How a kernel was built: per piece and dtype the chosen rules and regimes with the
    errors measured on the selection sample; how the pieces are joined; the float32 mode;
    the values at +-inf; whether a guard handles +-inf/NaN."""

    name: str
    order: int
    pieces64: tuple[PieceChoice, ...]
    pieces32: tuple[PieceChoice, ...]
    join: str
    float32: str  # 'native' | 'float64'
    limits: tuple[float, float]
    guard: tuple[bool, bool]
    mixed: bool
    cost: float

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "order": self.order, "join": self.join, "float32": self.float32,
                "limits": [_json_float(v) for v in self.limits], "guard": {"float64": self.guard[0], "float32": self.guard[1]},
                "mixed_bound": self.mixed, "cost": self.cost,
                "float64": [p.to_json() for p in self.pieces64], "float32_pieces": [p.to_json() for p in self.pieces32]}


@dataclass(frozen=True)
class Accuracy:
    """Measured accuracy of one implementation of f^(k) on a sample, in one dtype.

    ``max_ulp``: largest error in ULPs of the dtype over the inputs whose true result is a
    normal number; ``max_ratio``: largest error divided by the contract's bound (<= 1 passes);
    ``worst_x``: where ``max_ratio`` is reached; ``nan_bad``: NaN results for non-NaN input
    plus wrong values at +-inf / NaN; ``mixed``: whether the 4 ulp(f) + 4 eps |x f'(x)| bound
    applied (the function changes sign); ``n``: number of points; ``unresolved``: reference
    points that could not be evaluated (excluded)."""

    dtype: str
    n: int
    max_ulp: float
    max_ratio: float
    worst_x: float
    nan_bad: int
    mixed: bool
    bound_ulp: float
    unresolved: int = 0
    worst_got: float = 0.0  # the value returned at worst_x
    worst_want: float = 0.0  # the true value there (rounded to float64)
    roots: tuple[float, ...] = ()  # the non-zero roots whose windows relaxed the bound

    @property
    def passed(self) -> bool:
        return self.max_ratio <= 1.0 and self.nan_bad == 0

    def to_json(self) -> dict[str, Any]:
        return {"dtype": self.dtype, "n": self.n, "max_ulp": _json_float(self.max_ulp), "max_ratio": _json_float(self.max_ratio),
                "worst_x": _json_float(self.worst_x), "worst_got": _json_float(self.worst_got), "worst_want": _json_float(self.worst_want),
                "nan_bad": self.nan_bad, "mixed": self.mixed, "bound_ulp": self.bound_ulp, "unresolved": self.unresolved,
                "roots": [_json_float(r) for r in self.roots]}
