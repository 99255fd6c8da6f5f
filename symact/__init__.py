"""symact: the mathematics of neural-network activation functions, symbolically.

Define activations as SymPy expressions, derive them to any order (with forms in terms of
the function itself, sigma' = sigma (1 - sigma)), prove their properties with certificates,
verify claims written in LaTeX, and emit LaTeX reports and stable numeric kernels.

>>> import symact
>>> symact.get("sigmoid").in_terms_of_f(1).expr
f*(1 - f)
"""

from .catalog import all_activations, define, get, names, register
from .errors import (
    DefinitionError,
    ParameterError,
    ParseError,
    SymactError,
    UnknownActivation,
    UsageError,
)
from .results import Derivation, DerivativeInfo, Form, Kink
from .spec import Activation, Param, Source, f, x
from .kernels import export, kernel, value_and_grad

__version__ = "0.1.0"

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
    "SymactError",
    "UsageError",
    "ParseError",
    "DefinitionError",
    "UnknownActivation",
    "ParameterError",
    "kernel",
    "value_and_grad",
    "export",
    "__version__",
]
