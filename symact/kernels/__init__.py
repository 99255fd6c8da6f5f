"""Numeric kernels: stable, accurate and fast numpy functions for every activation, and exporters.

A kernel for f^(k) is *compiled* from the engine's own expressions, never written by hand:

1. **Pieces.**  The activation's smooth pieces and their k-th derivatives
   (:func:`symact.derive.piece_derivatives`), parameters bound to numbers.  At a breakpoint
   the kernel uses the formula of the piece that :class:`~symact.pieces.Breakpoint` ``side``
   names (the record's kink convention, PyTorch's: relu'(0) = 0).
2. **Candidates.**  :func:`symact.rewrite.candidates` rewrites each piece with named rules
   (exp(-|w|) with sign handling, log1p, expm1, erfc, conjugates, hypot, ...).
3. **Measurement.**  Every candidate is lowered to a straight-line program and run on a
   sample of inputs (log-uniform over all finite floats of the dtype, a dense centre, the
   special points 0, -0.0, +-1e-300, +-20, +-37, +-40, +-709.8, +-745, +-1e308 and the
   float32 thresholds); its error in ULPs is measured against the engine's expression
   evaluated by :func:`symact.numeric.compile_mp` at 60+ digits, with the precision raised
   until two evaluations agree (so cancellation in the *reference* cannot fool it).
4. **Choice** (Herbie's idea).  The cheapest candidate (static cost model, below) that meets
   the accuracy contract wins: <= 2 ULP where some candidate reaches it, else <= 4 ULP;
   for functions that change sign, 4 ulp(f) + 4 eps |x f'(x)| (backward-stable in x).  When
   no single candidate is accurate everywhere, the line is split into *regimes* (up to three
   intervals, each with its own candidate, chosen by dynamic programming over split points);
   Taylor expansions at 0 and at infinity join the pool only then.  float32 is chosen
   separately: native float32 arithmetic if it meets the contract, else float64 arithmetic
   rounded once to float32.
5. **Assembly.**  Pieces and regimes are joined with 0/1 masks (exact: each input takes one
   term, the others are multiplied by 0 after clamping x into their interval, so they stay
   finite) or, for continuous functions whose pieces vanish at the breakpoints, by a plain
   sum of clamped pieces (ELU = expm1(min(x, 0)) + max(x, 0)).  +-inf and NaN are checked
   against the limits; a program that does not produce them by itself gets a guard.
6. **Execution.**  The program runs in place on preallocated buffers, in blocks of 16384
   elements, under a cheap ``errstate`` that silences underflow/overflow of intermediate
   results (never of a result: the measurement rejects any candidate that returns NaN or a
   wrong infinity).  No ``np.where``, no ``np.select``.

The same program is printed as standalone Python (numpy only), C99, JAX and PyTorch source
by :func:`export`.

The package has one module per stage (as Herbie's src/core): ``primitives`` (the one table of
operations: SymPy, mpmath, numpy, interval, C, JAX and PyTorch names and the cost model),
``ir`` (programs), ``lower`` (SymPy -> program), ``runtime`` (numpy execution), ``measure``
(the accuracy contract, samples, ground truth), ``regimes`` (plan selection), ``plans`` (the plan
cache, keyed on the content of the stage files plans depend on), ``api`` (Kernel, kernel,
value_and_grad) and ``export`` (Python, C, JAX, PyTorch source).  This module re-exports their
public names (``symact.kernels.kernel``, ...); a stage's internal names are read from the stage.
"""

from __future__ import annotations

# the package's public names; the stages' internal names are imported from their own modules
# (symact.kernels.runtime._Runner), never through the package
from ..results import Accuracy, KernelInfo, PieceChoice
from .api import ContractWarning, Kernel, kernel, value_and_grad
from .export import TARGETS, export, function_name
from .ir import Arg, Const, Program
from .lower import lower
from .measure import (ROOT_WINDOW, SPECIAL32, SPECIAL64, SUBNORMAL_ULP, TIGHT_RECORDS, contract_points, contract_ulp,
                      measure, sample, truth, truth_expr)
from .plans import PLAN_STAGES
from .primitives import BY_NAME, COST, PRIMITIVES, SIMPLE_CALLS, Primitive, library_names
from .runtime import BLOCK, fit_erf_coefficients

__all__ = [
    "kernel",
    "value_and_grad",
    "export",
    "Kernel",
    "KernelInfo",
    "PieceChoice",
    "TARGETS",
    "truth",
    "measure",
    "Accuracy",
    "sample",
    "BLOCK",
    "ContractWarning",
    "contract_ulp",
    "contract_points",
    "ROOT_WINDOW",
]
