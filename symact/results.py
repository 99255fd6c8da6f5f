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

__all__ = ["Kink", "Form", "DerivativeInfo", "Derivation"]


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
# proofs (symact.prove, symact.certificate)
__all__ += ["Certificate", "Claim", "Proof", "json_value"]


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
    interval boxes, limits, identities); ``steps`` is the argument in words, one line per
    step, for reports.  ``checked`` is True once the checker accepted it; ``check_note``
    says what the checker did or why it rejected the certificate.
    """

    kind: str
    data: dict
    steps: tuple = ()
    checked: bool = False
    check_note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "checked": self.checked,
            "check_note": self.check_note or None,
            "steps": list(self.steps),
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
    enclosure: tuple | None = None
    certificate: Certificate | None = None
    reason: str = ""
    counterexample: dict | None = None
    at_enclosure: tuple | None = None

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


@dataclass(frozen=True, eq=False)
class Proof:
    """The proved properties of one activation (``Activation.prove()``)."""

    name: str
    claims: tuple
    values: dict = field(default_factory=dict)
    seconds: float | None = None

    def claim(self, property: str) -> Claim:
        for c in self.claims:
            if c.property == property:
                return c
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
