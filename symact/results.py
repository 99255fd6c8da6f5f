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

__all__ = ["Kink", "Form", "DerivativeInfo", "Derivation", "VerifyStep", "Verdict"]


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
# verify (symact.verify): one step per link of a claim's chain, and the claim's verdict
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
    def exit_code(self) -> int:
        """The CLI's exit code: 0 proved or approximate, 1 refuted, 3 unknown."""
        return {"proved": 0, "approximate": 0, "refuted": 1}.get(self.verdict, 3)

    def to_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "verdict": self.verdict,
            "reason": self.reason,
            "counterexample": self.counterexample,
            "steps": [s.to_json() for s in self.steps],
        }
