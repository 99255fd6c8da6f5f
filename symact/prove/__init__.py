"""Prove properties of activations, with certificates the independent checker re-verifies.

What is proved, for an activation f given by smooth pieces on open intervals (see
:mod:`symact.pieces`):

* the **image of f^(k) on each piece** from a *sign chart* of its derivative h = f^(k+1):
  the zeros of h (exact when SymPy's ``solveset``/``solve`` finds them, e.g. LambertW for
  SiLU, sqrt(2) for GELU'; otherwise enclosed to 1e-27 by interval bisection), the sign of h
  between them (interval arithmetic on a branch-and-bound partition of a finite window, and a
  tail proof beyond it), the values at the turning points (exact, or interval enclosures of
  width far below 1e-12) and the limits at the ends.  Since each piece is analytic, a
  derivative of one sign between consecutive zeros makes f^(k) strictly monotone there, so
  the supremum is the largest turning value or end limit, attained exactly when a turning
  point reaches it;
* over the whole line (``line-image``): the piece images joined with the values at the
  breakpoints where f^(k) is defined; periodic activations are analysed on one period;
* from these: the range, max/min, sup/inf of f', the Lipschitz constant, monotonicity;
  limits at +-oo (proved by symact.asymptotics; SymPy's limit only as a guess in reasons); f(0); zero-centredness; symmetry (odd, even,
  point-symmetric, by symbolic identities piece by piece, or refuted by witnesses); the
  continuity class and the points where f is not differentiable (one-sided limits of the
  derivatives at the breakpoints); for sigmoid-like activations also the identity-in-f proof
  of the derivative bound (1/4 - f(1 - f) = (f - 1/2)^2 >= 0 on the range of f); convexity on
  the line and on each piece, with the inflection points (the sign chart of f'').

Every ``proved`` claim carries a :class:`~symact.results.Certificate`, and
:func:`symact.certificate.check` re-verifies it before the claim is returned; a rejected
certificate turns the claim into ``unknown``.  Every long SymPy step runs under
:mod:`symact.budget`; running out of time gives ``unknown`` with the reason, never a guess.
With symbolic parameters the signs come from SymPy's assumptions (alpha > 0) and the
critical points from ``solveset``; interval arithmetic needs numbers.

Layout (one-way imports, top to bottom): :mod:`.base` (numbers, memo, derivatives and limits on
a piece), :mod:`.prose` (proof steps), :mod:`.charts` (sign charts), :mod:`.images` (images of
f^(k) on a piece and on the line, breakpoints), :mod:`.claims` and :mod:`.convexity` (one prover
function per property), :mod:`.registry` (the properties as data), :mod:`.engine`
(:func:`prove`), :mod:`.bounds` (ranges, bounds, claimed values).  The identities between
catalogue activations (:func:`relations`) live above the catalogue, in :mod:`symact.relations`.
"""

from __future__ import annotations

from typing import Any

from .bounds import check_bound, check_claim, value_range
from .engine import prove
from .registry import PROPERTIES, REGISTRY, Property

__all__ = [
    "prove",
    "value_range",
    "check_bound",
    "check_claim",
    "relations",
    "PROPERTIES",
    "REGISTRY",
    "Property",
]


def __getattr__(name: str) -> Any:
    """``relations`` is imported on first use: it reads the catalogue, which the prover is below."""
    if name == "relations":
        from ..relations import relations

        return relations
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
