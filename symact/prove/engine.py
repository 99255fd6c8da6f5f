""":func:`prove`: every registered property in turn, each inside its claim budget, its
certificate re-verified, the claims then checked against each other."""

from __future__ import annotations

import time
from typing import Any, Iterable, Mapping, cast

from .. import budget
from .. import certificate as C
from .. import consistency
from ..results import Claim, Proof
from ..spec import Activation
from .base import cache, Unknown
from .claims import checked_claim, unknown
from .registry import REGISTRY


def prove(act: Activation, properties: Iterable[str] | None = None) -> Proof:
    """Prove the listed properties of ``act`` (default: every property of
    :data:`~symact.prove.registry.REGISTRY`, in its order); every proved claim's certificate has been re-verified by :func:`symact.certificate.check`."""
    known = tuple(REGISTRY)  # read at each call: the registry is the one list of properties
    if properties is None:
        props = known
    else:
        props = tuple(properties)
        bad = [p for p in props if p not in REGISTRY]
        if bad:
            from ..errors import UsageError

            raise UsageError(f"unknown properties {bad}; known: {', '.join(known)}")
    memo = cache(act)
    key = ("proof", props)
    if key in memo:
        return cast("Proof", memo[key])
    t0 = time.perf_counter()
    session = C.new_session(act)
    claims = []
    with budget.command():  # at most COMMAND_FACTOR step budgets for the whole proof
        for p in props:
            claims.append(budgeted_claim(act, p, session))
    claims = consistency.reconcile(claims)
    proof = Proof(act.name, tuple(claims), dict(cast("Mapping[str, Any]", act.values)), round(time.perf_counter() - t0, 3))
    memo[key] = proof
    return proof


def budgeted_claim(act: Activation, prop: str, session: Any) -> Claim:
    """One property, proved and re-checked inside its claim budget (CLAIM_FACTOR step budgets,
    clipped to what the command has left): whatever loop or call no step budget covers, the
    claim ends, as ``unknown`` with the reason."""
    try:
        with budget.claim_budget(f"proving {prop}"):
            return checked_claim(claim(act, prop), act, session)
    except budget.Timeout as exc:
        return unknown(prop, f"time budget: {exc}")
    except (ArithmeticError, MemoryError, RecursionError, NotImplementedError, ValueError, TypeError, AttributeError) as exc:
        # SymPy/mpmath failing on an extreme input (tanh of e^(e^30): MemoryError): undecided, never a guess
        return unknown(prop, f"evaluation failed: SymPy/mpmath could not evaluate a step ({type(exc).__name__}: {str(exc)[:120]})")


def claim(act: Activation, prop: str) -> Claim:
    """The claim of one property, from its registered prover; a step that cannot be completed
    or runs out of time gives ``unknown`` with the reason."""
    try:
        return REGISTRY[prop].prover(act)
    except Unknown as exc:
        return unknown(prop, str(exc))
    except budget.Timeout as exc:
        return unknown(prop, f"time budget: {exc}")
