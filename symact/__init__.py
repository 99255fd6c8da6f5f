"""symact: the mathematics of neural-network activation functions, symbolically.

Define activations as SymPy expressions, derive them to any order (with forms in terms of
the function itself, sigma' = sigma (1 - sigma)), prove their properties with certificates,
verify claims written in LaTeX, and emit LaTeX reports and stable numeric kernels.

>>> import symact
>>> symact.get("sigmoid").in_terms_of_f(1).expr
f*(1 - f)
"""

import os as _os
import sys as _sys
from typing import TYPE_CHECKING, Any

# SymPy's polynomial arithmetic on pure-Python integers, even when python-flint is installed
# (SymPy then picks flint's C polynomials): a flint factorisation of x^9999/(1 + x^10000)'s
# derivative runs minutes inside one C call that no time budget can interrupt, and the
# budgets (symact.budget) only stop Python code between bytecodes.  python-flint stays
# available to symact itself (arb balls).  Effective only if SymPy is not imported yet.
if "sympy" not in _sys.modules:
    _os.environ.setdefault("SYMPY_GROUND_TYPES", "python")

from .catalog import all_activations, define, get, names, register
from .errors import (
    DefinitionError,
    ParameterError,
    ParseError,
    SymactError,
    UnknownActivation,
    UsageError,
)
from ._version import __version__
from . import gradients as _gradients
from .gradients import chain_rule, collapse_induction, linear_collapse
from .results import ChainRule, CollapseInduction, GradientAnalysis, LinearCollapse, Simulation
from .results import Derivation, DerivativeInfo, Form, Kink, Verdict, VerifyStep
from .results import Certificate, Claim, Proof
from .results import MathText, ProofStep
from .spec import Activation, Param, Source, f, x
from .parse import parse_claim, parse_expression  # latex2sympy2 itself is imported on first use
from .verify import verify  # symact.verify(claim, activation=None) -> Verdict

if TYPE_CHECKING:  # the lazy names below (__getattr__), as the type checker should see them
    from .kernels import kernel, value_and_grad
    from .relations import relations

parse_latex = parse_expression  # the name catalog.define's error message points to

_LAZY = {
    "relations": "prove",
    "kernel": "kernels",  # numpy is imported with the kernels, not with symact; takes names too
    "value_and_grad": "kernels",
}


# Every public function that takes an activation also takes its name (or an alias), resolved
# by catalog.get: an unknown name raises UnknownActivation with the closest names.
def _activation(act: "Activation | str") -> Activation:
    if isinstance(act, Activation):
        return act
    if isinstance(act, str):
        return get(act)
    raise TypeError(f"expected an Activation or the name of a registered one, got {type(act).__name__}")


def gradient_analysis(act: "Activation | str", *args: Any, **kwargs: Any) -> GradientAnalysis:
    return _gradients.analyze(_activation(act), *args, **kwargs)


gradient_analysis.__doc__ = (_gradients.analyze.__doc__ or "") + "\n    ``act``: an activation or its name."


def value_range(act: "Activation | str", order: int = 0) -> Claim:
    """The proved range of f^(order) of ``act`` (an activation or its name): see :func:`symact.prove.value_range`."""
    from .prove import value_range as _f

    return _f(_activation(act), order)


def check_bound(act: "Activation | str", order: int, op: str, bound: Any) -> Claim:
    """A claim f^(order) ``op`` ``bound`` about ``act`` (an activation or its name), proved or
    refuted: see :func:`symact.prove.check_bound`."""
    from .prove import check_bound as _f

    return _f(_activation(act), order, op, bound)


def check_claim(act: "Activation | str", prop: str, claimed: Any) -> Claim:
    """A claimed property of ``act`` (an activation or its name), checked: see
    :func:`symact.prove.check_claim`."""
    from .prove import check_claim as _f

    return _f(_activation(act), prop, claimed)


def export(act: "Activation | str", target: str, order: int = 0) -> str:
    """Source code of the kernel of f^(order) of ``act`` (an activation or its name) for
    ``target``: see :func:`symact.kernels.export`."""
    from .kernels import export as _f

    return _f(_activation(act), target, order)


def __getattr__(name: str) -> Any:
    """Import the heavier layers (prover, kernels) on first use, not with ``import symact``."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'symact' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    """The module's names with the lazy ones (``kernel``, ``export``, ...), which exist
    before their module is imported."""
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Activation",
    "Param",
    "Source",
    "x",
    "f",
    "get",
    "names",
    "all_activations",
    "define",
    "register",
    "Derivation",
    "DerivativeInfo",
    "Form",
    "Kink",
    "Certificate",
    "Claim",
    "Proof",
    "ProofStep",
    "MathText",
    "value_range",
    "check_bound",
    "check_claim",
    "relations",
    "SymactError",
    "UsageError",
    "ParseError",
    "DefinitionError",
    "UnknownActivation",
    "ParameterError",
    "gradient_analysis",
    "chain_rule",
    "collapse_induction",
    "linear_collapse",
    "GradientAnalysis",
    "ChainRule",
    "CollapseInduction",
    "LinearCollapse",
    "Simulation",
    "verify",
    "parse_claim",
    "parse_expression",
    "parse_latex",
    "Verdict",
    "VerifyStep",
    "kernel",
    "value_and_grad",
    "export",
    "__version__",
]
