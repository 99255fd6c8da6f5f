"""Plain result records returned by the analyses; renderers (text, JSON, LaTeX) only render.

Every record has ``to_json()`` returning JSON-ready data (expressions as SymPy ``str()``,
sets as ``str()`` of SymPy sets), with keys in a fixed order so that output is byte-identical
from run to run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .render import json_expr, latex_expr

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
# numeric kernels (symact.kernels)
import math  # noqa: E402


def _jf(v: float) -> float | str:
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
        return {"interval": [_jf(self.lo), _jf(self.hi)], "dtype": self.dtype, "max_ulp": _jf(self.max_ulp),
                "max_ratio": _jf(self.max_ratio), "bound_ulp": self.bound_ulp, "candidates": self.candidates,
                "regimes": [{"from": _jf(r.lo), "to": _jf(r.hi), "rules": r.label, "note": r.note} for r in self.regimes],
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
                "limits": [_jf(v) for v in self.limits], "guard": {"float64": self.guard[0], "float32": self.guard[1]},
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

    @property
    def passed(self) -> bool:
        return self.max_ratio <= 1.0 and self.nan_bad == 0

    def to_json(self) -> dict[str, Any]:
        return {"dtype": self.dtype, "n": self.n, "max_ulp": _jf(self.max_ulp), "max_ratio": _jf(self.max_ratio),
                "worst_x": _jf(self.worst_x), "nan_bad": self.nan_bad, "mixed": self.mixed,
                "bound_ulp": self.bound_ulp, "unresolved": self.unresolved}
