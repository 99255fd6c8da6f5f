"""TEMPORARY: a minimal stand-in for ``symact.prove`` until the prover lands on main.

Only used by the gradients tests, and only when ``symact.prove`` cannot be imported.  It
implements just the two claims symact.gradients reads (sup_derivative, inf_derivative) with
the prover's API (``prove(act).claim(name)`` -> object with ``value``, ``attained``,
``status``, ``certificate``), by SymPy: critical points of each smooth piece of f' and the
one-sided limits at the ends of the pieces.  Anything it cannot decide is 'unknown'.
Delete this file when symact/prove.py is on main.
"""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass, field
from typing import Any

import sympy as sp


@dataclass
class _Claim:
    property: str
    value: Any = None
    attained: Any = None
    status: str = "unknown"
    certificate: dict = field(default_factory=dict)
    enclosure: Any = None


class _Result:
    def __init__(self, claims: dict[str, _Claim]) -> None:
        self._claims = claims

    def claim(self, name: str) -> _Claim:
        return self._claims[name]


def _extremes(act):  # type: ignore[no-untyped-def]
    from symact import budget
    from symact.derive import piece_derivatives, kinks
    from symact.spec import x

    ds = piece_derivatives(act, 1)
    defined_at = {k.at for k in kinks(act, 1)}
    cands: list[tuple[sp.Expr, bool]] = []  # (value, attained)
    for d, pc in zip(ds, act.pieces.pieces):
        if d.free_symbols - {x}:
            return None
        if not d.has(x):
            cands.append((d, True))
            continue
        crit = budget.run(sp.solveset, sp.diff(d, x), x, sp.Interval.open(pc.lo, pc.hi), seconds=5)
        if crit != sp.S.EmptySet and not isinstance(crit, sp.FiniteSet):
            return None
        for c in ([] if crit == sp.S.EmptySet else crit):
            cands.append((sp.simplify(d.subs(x, c)), True))
        for end, direction in ((pc.lo, "+"), (pc.hi, "-")):
            lim = budget.run(sp.limit, d, x, end, direction, seconds=5) if end.is_finite else budget.run(sp.limit, d, x, end, seconds=5)
            attained = end.is_finite and end not in defined_at
            cands.append((lim, bool(attained)))
    return cands


def prove(act):  # type: ignore[no-untyped-def]
    from symact import budget

    try:
        cands = _extremes(act)
    except budget.Timeout:
        cands = None
    claims = {}
    for name, pick in (("sup_derivative", max), ("inf_derivative", min)):
        if not cands:
            claims[name] = _Claim(name)
            continue
        try:
            best = pick(v for v, _ in cands)
        except TypeError:
            claims[name] = _Claim(name)
            continue
        attained = any(a and sp.simplify(v - best) == 0 for v, a in cands)
        claims[name] = _Claim(name, best, attained, "proved", {"shim": "critical points and limits (tests only)"})
    return _Result(claims)


def install() -> bool:
    """Install the stand-in as ``symact.prove`` if the real prover is missing; True if installed."""
    try:
        mod = importlib.import_module("symact.prove")
        return bool(getattr(mod, "__shim__", False))
    except ImportError:
        mod = types.ModuleType("symact.prove")
        mod.__shim__ = True  # type: ignore[attr-defined]
        mod.prove = prove  # type: ignore[attr-defined]
        sys.modules["symact.prove"] = mod
        import symact

        symact.prove = mod  # type: ignore[attr-defined]
        return True
