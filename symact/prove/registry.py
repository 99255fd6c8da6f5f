"""The properties the prover establishes, as data: one :class:`Property` record each.

A record names the property, says how the command line, the notebook and the report label it
and which of a claim's fields they show, gives the prover function (activation -> Claim) and
the certificate kinds that function produces (each one must have a checker in
:mod:`symact.certificate`; ``tests/test_registry.py`` checks it).  :func:`symact.prove.prove`
runs the records in this order; adding a property is one record here, its prover function and,
for a new certificate kind, its checker.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from ..results import Claim
from ..spec import Activation
from . import claims, convexity


@dataclasses.dataclass(frozen=True)
class Property:
    """One property of an activation: its labels, the fields shown, its prover and kinds."""

    name: str  # the JSON name (``Claim.property``)
    label: str  # text label (CLI, notebook tables)
    tex: str  # label in LaTeX math mode (notebook)
    report_label: str  # label in the report's LaTeX text
    prover: Callable[[Activation], Claim]
    kinds: tuple[str, ...]  # certificate kinds the prover produces (top level)
    at_text: str | None = "at"  # how the CLI introduces ``at`` ("at", "worst at", "about"); None: not shown
    report_at: bool = False  # the report's "where" column shows ``at``
    attained_text: str = "shown"  # the CLI shows ``attained``: "shown" or "finite" (only for a finite value)
    report_attained: bool = False  # the report's "where" column shows ``attained``


_RECORDS = (
    Property("range", "range", r"f(\mathbb{R})", "range", claims.prove_range, ("line-image", "periodic")),
    Property("limit_-oo", "limit x -> -oo", r"\lim_{x \to -\infty} f(x)", "limit at $-\\infty$", claims.prove_limit_minus_oo,
             ("limit", "no-limit")),
    Property("limit_oo", "limit x -> oo", r"\lim_{x \to \infty} f(x)", "limit at $+\\infty$", claims.prove_limit_oo, ("limit", "no-limit")),
    Property("value_at_0", "f(0)", r"f(0)", "$f(0)$", claims.value0_claim, ("value",), at_text=None),
    Property("zero_centered", "zero-centred", r"\text{zero-centred}", "zero-centred", claims.zero_centered_claim, ("zero-centered",)),
    Property("symmetry", "symmetry", r"\text{symmetry}", "symmetry", claims.symmetry_claim, ("symmetry",), at_text="about"),
    Property("monotonic", "monotonic", r"\text{monotonic}", "monotonicity", claims.monotonic_claim, ("monotonic",), report_at=True),
    Property("max", "max f", r"\sup f", "$\\sup f$", claims.prove_max, ("extremum",), report_at=True, report_attained=True),
    Property("min", "min f", r"\inf f", "$\\inf f$", claims.prove_min, ("extremum",), report_at=True, report_attained=True),
    Property("sup_derivative", "sup f'", r"\sup f'", "$\\sup f'$", claims.prove_sup_derivative, ("extremum", "identity-in-f"),
             report_at=True, report_attained=True),
    Property("inf_derivative", "inf f'", r"\inf f'", "$\\inf f'$", claims.prove_inf_derivative, ("extremum", "identity-in-f"),
             report_at=True, report_attained=True),
    Property("lipschitz", "Lipschitz", r"\text{Lipschitz}", "Lipschitz constant", claims.lipschitz_claim, ("lipschitz",),
             attained_text="finite", report_attained=True),
    Property("continuity", "continuity", r"\text{continuity}", "continuity", claims.continuity_claim, ("analytic", "continuity"),
             at_text="worst at"),
    Property("differentiable", "differentiable", r"\text{differentiable}", "differentiability", claims.differentiable_claim,
             ("analytic", "differentiability")),
    Property("convexity", "convexity", r"\text{convexity}", "convexity", convexity.convexity_claim, ("convexity",),
             at_text="inflection at", report_at=True),
)

#: The registry: property name -> record, in the order :func:`symact.prove.prove` reports them.
REGISTRY: dict[str, Property] = {p.name: p for p in _RECORDS}
#: The property names, in order.
PROPERTIES = tuple(REGISTRY)
#: Property names as the command line prints them.
LABELS = {p.name: p.label for p in _RECORDS}
#: The same in LaTeX (math mode).
TEX_LABELS = {p.name: p.tex for p in _RECORDS}
#: The same in the report's LaTeX text.
REPORT_LABELS = {p.name: p.report_label for p in _RECORDS}


def lookup(name: str) -> Property | None:
    """The record of a property, or None for a name that is not one (e.g. ``relation``)."""
    return REGISTRY.get(name)
