"""The one registry the parametrised tests share (as Diffrax's ``test/helpers.py``).

Every test that runs over the catalogue takes its records from here instead of building its
own list: :data:`RECORDS` (the built-in records, catalogue order), with the subsets the
tests use (:data:`PIECEWISE`, :data:`SMOOTH`, :data:`PARAMETRISED`, :data:`NAMES`), the
breakpoints of each record at its defaults (:data:`BREAKPOINTS`, written down from the
formulas, not read from the code) and the parameter variants each parametrised record is
also tested at (:data:`VARIANTS`, each with its breakpoints).  ``tests/test_catalog.py``
checks that the registry names every record, that the breakpoints are the decomposition's
(at the defaults and at every variant) and that every variant is a valid record.

Adding an activation (DESIGN.md, "How to add an activation"): add its breakpoints here (a
test fails until you do), and a parameter variant if it has parameters.

Every parametrised module takes its records from here: test_catalog, test_certificate,
test_consistency, test_convexity, test_derive, test_export, test_gradients, test_intervals,
test_kernels, test_parse, test_prove, test_report, test_rewrite, test_simulate, test_steps.
``test_catalog`` alone reads ``catalog.BUILTIN`` itself, to check this registry against it.
``test_kernels.test_kinks_follow_pytorchs_backward_at_other_parameters`` keeps its own
values on purpose: a user's float threshold, 0.30000000000000004 (``LAMBD``, once turned
into 3/10 by the kernels), is the case there, not the exact 3/10 of :data:`VARIANTS`.
"""

from __future__ import annotations

from typing import Any, Iterator

import sympy as sp

from symact.catalog import BUILTIN
from symact.spec import Activation

R = sp.Rational

#: Every built-in record, in catalogue order.
RECORDS: tuple[Activation, ...] = BUILTIN
NAMES: list[str] = [a.name for a in RECORDS]
#: Records with more than one smooth piece (a Piecewise, Abs, Max, ... in the formula).
PIECEWISE: list[Activation] = [a for a in RECORDS if a.is_piecewise]
#: Records that are one analytic formula on the whole real line.
SMOOTH: list[Activation] = [a for a in RECORDS if a.pieces.smooth]
#: Records with parameters (tested at their defaults, symbolic, and at :data:`VARIANTS`).
PARAMETRISED: list[Activation] = [a for a in RECORDS if a.params]

#: Where each record's formula splits, at its default parameters: the breakpoints of its
#: decomposition into smooth pieces (a kink, a jump, or a point where |x| is not smooth).
BREAKPOINTS: dict[str, tuple[sp.Expr, ...]] = {
    "identity": (), "binary_step": (0,), "sigmoid": (), "tanh": (), "arctan": (), "softsign": (0,),
    "log_sigmoid": (), "gaussian": (), "sinusoid": (),
    "relu": (0,), "leaky_relu": (0,), "prelu": (0,), "relu6": (0, 6), "hard_sigmoid": (-3, 3),
    "hard_tanh": (-1, 1), "hard_swish": (-3, 3), "softshrink": (-R(1, 2), R(1, 2)),
    "hardshrink": (-R(1, 2), R(1, 2)), "sparse_plus": (-1, 1),
    "elu": (0,), "selu": (0,), "celu": (0,), "softplus": (), "gelu": (), "gelu_tanh": (), "silu": (),
    "swish_beta": (), "mish": (), "tanhshrink": (), "squareplus": (),
}

#: Parameter values other than the defaults each parametrised record is tested at, with the
#: breakpoints there: {name: [(values, breakpoints), ...]}.  PyTorch's choices where it has
#: them (leaky slope 0.2 as in GANs, CELU alpha 2), otherwise values that move a breakpoint
#: or change the shape (an ELU that is not C^1, a softplus beta = 3).
VARIANTS: dict[str, list[tuple[dict[str, Any], tuple[sp.Expr, ...]]]] = {
    "leaky_relu": [({"negative_slope": "0.2"}, (0,))],
    "prelu": [({"a": "1/2"}, (0,))],
    "hard_tanh": [({"min_val": "-0.3", "max_val": 2}, (-R(3, 10), 2))],
    "softshrink": [({"lambd": "0.3"}, (-R(3, 10), R(3, 10)))],
    "hardshrink": [({"lambd": "0.3"}, (-R(3, 10), R(3, 10)))],
    "elu": [({"alpha": 2}, (0,)), ({"alpha": "0.5"}, (0,))],
    "selu": [({"alpha": 2, "lambda": 1}, (0,))],
    "celu": [({"alpha": 2}, (0,))],
    "softplus": [({"beta": 3}, ())],
    "swish_beta": [({"beta": 2}, ())],
    "squareplus": [({"b": 1}, ())],
}


def name_of(act: Activation) -> str:
    """The test id of a record (``ids=name_of``)."""
    return act.name


def kink_floats(act: Activation) -> list[float]:
    """The record's breakpoints as floats (to keep sample points away from them)."""
    return [float(bp.at) for bp in act.pieces.breakpoints]


def variants() -> Iterator[tuple[Activation, tuple[sp.Expr, ...]]]:
    """Each parametrised record at each of its :data:`VARIANTS`, with the breakpoints there."""
    by_name = {a.name: a for a in RECORDS}
    for name, cases in VARIANTS.items():
        for values, breakpoints in cases:
            yield by_name[name].with_params(**values), breakpoints


#: The records at their variants, for ``parametrize`` (ids: ``elu(alpha=2)``).
VARIANT_RECORDS: list[Activation] = [act for act, _ in variants()]


def variant_id(act: Activation) -> str:
    defaults = {p.name: p.default for p in act.params}
    changed = ", ".join(f"{k}={v}" for k, v in act.values.items() if v != defaults[k])  # type: ignore[union-attr]
    return f"{act.name}({changed})"
