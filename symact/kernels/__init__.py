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
names, so ``symact.kernels.X`` is what it was before the split.
"""

from __future__ import annotations

from .primitives import (  # noqa: F401 - the package's names, public and internal, as before the split
    COST, _C_BINOP, _C_FUNCS, _IR_FUNCS, _NP_UFUNC,
    BY_NAME, PRIMITIVES, Primitive, SIMPLE_CALLS, library_names,
)
from .ir import (  # noqa: F401 - the package's names, public and internal, as before the split
    Arg, Const, Program, _lower_sel_numpy,
)
from .lower import (  # noqa: F401 - the package's names, public and internal, as before the split
    _Lowerer, _bp_const, _coeff, _elementary, _exact, _num,
    lower,
)
from .runtime import (  # noqa: F401 - the package's names, public and internal, as before the split
    BLOCK, _ERFCX_T, _ERFC_K, _ERFC_ZMAX, _ERF_SMALL, _QUIET,
    _Runner, _erf_erfc_numpy, _extobj_contextvar, _make_extobj, _np_erf, _np_erf_small,
    _np_erfc, _np_erfc_abs, _np_erfcx, _np_split, _quiet, _scratch_local,
    _scratch_owners, _split_constants, fit_erf_coefficients,
)
from .measure import (  # noqa: F401 - the package's names, public and internal, as before the split
    ROOT_WINDOW, SPECIAL32, SPECIAL64, SUBNORMAL_ULP, TIGHT_RECORDS, _MAX_DPS,
    _MAX_ROOTS, _abs_error, _changes_sign, _finite_everywhere, _limit, _near,
    _owned, _piece_points, _piece_roots, _pieces_of, _ratios, _roots,
    _run, _transitions, _truth_cache, _truth_lock, _truth_pieces, _ulp_of,
    _window, contract_points, contract_ulp, measure, sample, truth, truth_expr,
)
from .regimes import (  # noqa: F401 - the package's names, public and internal, as before the split
    _LOOSE_MARGIN, _LOOSE_MARGIN_MIXED, _MAX_REGIMES, _Plan, _SEL_COST, _SPLITS,
    _Scored, _TIGHT_COST_FACTOR, _TIGHT_COST_FACTOR_MIXED, _TIGHT_MARGIN, _best_plans, _choose,
    _float_limits, _local_polys, _negative_near_zero, _plan_regimes, _regime_ir, _score_candidates,
)
from .plans import (  # noqa: F401 - the package's names, public and internal, as before the split
    _F32, _F64, _N32, _N64, _PLAN_FILE, PLAN_STAGES,
    _choice_from_json, _choice_to_json, _choose_cached, _code_version, _ir_from_json, _ir_to_json,
    _meta, _new_plans, _plan_key, _plans, refresh_plans,
)
from .api import (  # noqa: F401 - the package's names, public and internal, as before the split
    ContractWarning, Kernel, _Build, _assemble, _build_order, _join,
    _kernels, _kernels_lock, _specials_ok_multi, _suffix, _warn_if_broken, kernel,
    value_and_grad,
)
from .export import (  # noqa: F401 - the package's names, public and internal, as before the split
    TARGETS, _PY_BUILTINS, _PY_TEMPLATE, _c_body, _c_const, _c_erfcx,
    _export_array_lib, _export_c, _export_python, _header_lines, _py_const, _pyf,
    _runner_body, _safe_text, _shield, _source_of, export, function_name,
)

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
