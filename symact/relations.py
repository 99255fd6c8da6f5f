"""Identities between catalogue activations, each proved symbolically by the checker.

This module sits above the catalogue (it reads the records) and above the prover; nothing
the catalogue depends on imports it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import sympy as sp

from . import certificate as C
from .catalog import get
from .results import Certificate, Claim, MathText, ProofStep
from .spec import x as X

if TYPE_CHECKING:
    from .spec import Activation

__all__ = ["relations"]

# rational points where a relation that fails its symbolic check is looked at for a certified
# counterexample (the sign of lhs - rhs decided on balls, never on a float)
_PROBES = (sp.Integer(1), sp.Integer(-1), sp.Rational(1, 2), sp.Integer(2), sp.Integer(-2), sp.Integer(3))


def _changed(act: "Activation") -> dict[str, Any]:
    """The parameters of ``act`` that differ from the record's defaults (None: symbolic)."""
    values = cast("dict[str, Any]", act.values)
    return {p.name: values[p.name] for p in act.params if values[p.name] != p.default}


def _suffix(acts: dict[str, "Activation"], names: Iterable[str]) -> str:
    parts = []
    for n in names:
        ch = _changed(acts[n]) if n in acts else {}
        if ch:
            vals = ", ".join(f"{k} = {'symbolic' if v is None else v}" for k, v in ch.items())
            parts.append(f"{n} with {vals}")
    return f" [{'; '.join(parts)}]" if parts else ""


def _counterexample(lhs: sp.Expr, rhs: sp.Expr) -> Certificate | None:
    """A checked certificate that lhs - rhs has a non-zero sign at a rational x, or None."""
    if (lhs - rhs).free_symbols - {X}:
        return None
    for p in _PROBES:
        cert = Certificate("relation-counterexample", {"lhs": lhs, "rhs": rhs, "x": p}, ())
        ok, note = C.check(cert, get("identity"))
        if ok:
            return dataclasses.replace(cert, checked=True, check_note=note)
    return None


def relations(activations: Iterable["Activation"] = ()) -> list[Claim]:
    """The known identities between catalogue activations, each proved symbolically by the
    checker; built from the records, not typed in.

    The catalogue records are taken at their default parameters unless ``activations`` holds
    a record of the same name with other parameters (``prove softplus --param beta=3
    --relations``): the relations are then stated and checked for those parameters, and the
    text names them.  A relation that fails there is ``refuted`` at a rational point where the
    sign of lhs - rhs is certified on balls, or ``unknown``."""
    acts = {a.name: a for a in activations}  # only the names the relations below use are looked up

    def rec(name: str) -> "Activation":
        return acts.get(name) or get(name)

    def e(name: str, at: sp.Expr = X) -> sp.Expr:
        return cast("sp.Expr", rec(name).expr.xreplace({X: at}))

    def d(name: str) -> sp.Expr:
        return cast("sp.Expr", sp.diff(rec(name).expr, X))

    rels = [
        ("tanh(x) = 2 sigmoid(2x) - 1", ("tanh", "sigmoid"), e("tanh"), 2 * e("sigmoid", 2 * X) - 1),
        ("softplus'(x) = sigmoid(x)", ("softplus", "sigmoid"), d("softplus"), e("sigmoid")),
        ("silu(x) = x sigmoid(x)", ("silu", "sigmoid"), e("silu"), X * e("sigmoid")),
        ("log_sigmoid(x) = -softplus(-x)", ("log_sigmoid", "softplus"), e("log_sigmoid"), -e("softplus", -X)),
        ("sigmoid(-x) = 1 - sigmoid(x)", ("sigmoid",), e("sigmoid", -X), 1 - e("sigmoid")),
        ("sigmoid'(x) = sigmoid(x) sigmoid(-x)", ("sigmoid",), d("sigmoid"), e("sigmoid") * e("sigmoid", -X)),
    ]
    out = []
    for text, names, lhs, rhs in rels:
        text += _suffix(acts, names)
        cert = Certificate("relation", {"lhs": lhs, "rhs": rhs}, (ProofStep(lhs, MathText(" - ("), rhs, MathText(")"), " simplifies to 0."),))
        ok, note = C.check(cert, get("identity"))
        if ok:
            out.append(Claim("relation", text, status="proved", method="symbolic identity",
                             certificate=dataclasses.replace(cert, checked=True, check_note=note), reason=f"{lhs} = {rhs}"))
            continue
        ce = _counterexample(lhs, rhs) if any(_changed(acts[n]) for n in names if n in acts) else None
        if ce is not None:
            p = ce.data["x"]
            sides = {"x": p, "lhs": lhs.xreplace({X: p}), "rhs": rhs.xreplace({X: p})}
            out.append(Claim("relation", text, status="refuted", method="counterexample", certificate=ce,
                             reason=f"at x = {p} the two sides differ: {sides['lhs']} != {sides['rhs']} "
                                    "(the sign of the difference certified on balls)",
                             counterexample=sides))
        else:
            out.append(Claim("relation", text, status="unknown", method="symbolic identity", reason=note))
    return out
