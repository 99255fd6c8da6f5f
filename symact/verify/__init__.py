r"""Verify a claim written in LaTeX: ``proved``, ``refuted``, ``approximate`` or ``unknown``.

A claim is a chain ``t0 r1 t1 r2 t2 ...`` (:func:`symact.parse.parse_claim`); it holds when
every link ``t(i-1) r(i) t(i)`` holds, and every link is verified and reported
(:class:`~symact.results.VerifyStep`).  The claim's verdict is the weakest of its links:
refuted > unknown > approximate > proved.

How a link is decided (``proved`` only ever comes with a certificate that was checked):

* **identity** ``A = B`` between functions of x: the real line is cut at every breakpoint
  of either side (Piecewise conditions, ``|.|``, ``\max``, kinks of the activation); on each
  open interval the difference must be shown 0 by exact algebra
  (:func:`symact.rigorous.exact_zero`: expand, together, cancel, exponential forms; not
  simplify) within the time budget *and* agree at 50 digits on sample points (certificate:
  the differences and the points); at each breakpoint both values are compared exactly, on
  Arb balls.  Where the true derivative does not
  exist (ReLU' at 0) and the claim gives a value, the link is proved for x != 0 and the
  value is named a *convention*, with the one-sided derivatives.  A point where the sides
  differ is a counterexample (``refuted``).
* **constants** ``A = B``: exact arithmetic (rationals), else simplification plus 50-digit
  evaluation.  When one side is a decimal as written (:class:`symact.parse.DecimalLiteral`)
  and is not exact, it is ``approximate`` if it is the exact value rounded or truncated to
  the digits written (the reason says which, and which digits agree), else ``refuted``.
* **bounds** ``E op c`` and **ranges** ``E \in S``: first a search for a counterexample
  (50-digit evaluation on a grid, nice points and the roots of E = end point), then the
  prover (:mod:`symact.prove`: ``check_bound``, ``value_range``) for the certificate.  A
  product of derivatives at independent points (the article's
  ``\frac{\partial S}{\partial a_3}\frac{\partial S}{\partial a_2}\frac{\partial S}{\partial a_1}``)
  has the exact range R^n of the product of n factors each in the certified range R of f'.
* **the layer model** (chain rule): a claim with ``\frac{\partial N}{\partial v}`` over the
  article's network notation is read in the network x -> a_1 = W_1 x + b_1 -> f_1 = S(a_1)
  -> a_2 = W_2 f_1 + b_2 -> ... -> f_n, with a loss L = L(f_n); partial derivatives are
  derivatives through the network.  Identities are proved for a *generic* differentiable S
  and L (undefined SymPy functions), so they hold for every activation; the numeric check
  uses the named activation (or tanh) and L = sin.

* **values at a point** ``f'(0) = 1`` for ReLU: where f^(k) does not exist the claim is
  refuted, with the one-sided derivatives (a convention is not a derivative).
* **a domain** (``\text{for } x > 0``, ``, x \ne 0``): identities are checked on the domain
  only, counterexamples are searched there; the prover works on the whole line, so a
  bound it proves holds on the domain too, and one it refutes outside the domain stays
  ``unknown``.
* ``A \le B = D`` with D an approximate decimal: a note says whether ``A \le D`` holds
  with D as written (the article's truncated 9.094e-13 is below the attained 2^-40).

``unknown`` always says why (a time budget, no certificate, an unsupported form, a failed
evaluation).  Only :class:`~symact.errors.SymactError` (bad input) is raised.

The package's modules: :mod:`.context` (what the claim's names mean; a link's record),
:mod:`.exact` (exact decisions on Arb balls, 50-digit evaluation), :mod:`.identities`,
:mod:`.decimals`, :mod:`.bounds` (bounds and ranges, with the prover), :mod:`.products`
(products at independent points), :mod:`.network` (the layer model) and :mod:`.chain`
(a claim's links, the weakest link, the summary).
"""

from __future__ import annotations

from typing import Any

from .. import budget
from ..results import Verdict
from .chain import verify_claim
from .context import VERDICTS

__all__ = ["verify", "VERDICTS"]


def verify(claim: Any, activation: Any = None) -> Verdict:
    r"""Verify a claim written in LaTeX (see the module docstring).

    ``activation`` (a name or an :class:`~symact.spec.Activation`) is what ``f`` (and the
    network's ``S``) mean.  Raises :class:`~symact.errors.ParseError` for malformed input
    and :class:`~symact.errors.UsageError` when the claim needs an activation.

    >>> verify(r"\sigma'(x) = \sigma(x)(1 - \sigma(x))").verdict   # doctest: +SKIP
    'proved'

    Each link runs inside :func:`symact.budget.claim_budget` and the whole claim inside
    :class:`symact.budget.command`: at most ``COMMAND_FACTOR`` step budgets of CPU in all;
    links not reached by then are ``unknown``.
    """
    with budget.command():
        return verify_claim(claim, activation)
