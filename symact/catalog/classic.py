"""The classic activations: identity, binary step, sigmoid, tanh, arctan, softsign, log-sigmoid,
Gaussian and sinusoid.

One :class:`~symact.spec.Activation` per function, its formula in :data:`symact.x`, its paper
from :mod:`._sources`; :data:`RECORDS` lists them in catalogue order.  The step's ``Piecewise``
puts x = 0 on the right (``x < 0`` -> 0, so step(0) = 1), as its ``kink_convention`` says."""

import sympy as sp

from ..spec import Activation, x
from . import _sources as src

identity = Activation(
    "identity", x, aliases=("linear",), latex_name=r"\operatorname{id}", family="classic",
    description="The identity: a network without a nonlinearity, which collapses to one affine map.",
)

binary_step = Activation(
    "binary_step", sp.Piecewise((0, x < 0), (1, True)), aliases=("heaviside", "step"),
    latex_name=r"\operatorname{step}", family="classic", source=src.ROSENBLATT1958,
    description="The threshold unit of the perceptron: 0 for x < 0 and 1 for x >= 0.",
    kink_convention="step(0) = 1 (x >= 0 gives 1); the derivative kernel returns 0 everywhere, also at 0.",
)

sigmoid = Activation(
    "sigmoid", 1 / (1 + sp.exp(-x)), aliases=("logistic", "expit"), latex_name=r"\sigma", family="classic",
    source=src.RUMELHART1986, description="The logistic function 1/(1 + exp(-x)).",
)

tanh = Activation(
    "tanh", sp.tanh(x), latex_name=r"\tanh", family="classic", source=src.LECUN1998,
    description="The hyperbolic tangent (exp(x) - exp(-x))/(exp(x) + exp(-x)) = 2 sigmoid(2x) - 1.",
)

arctan = Activation(
    "arctan", sp.atan(x), aliases=("atan",), latex_name=r"\arctan", family="classic",
    description="The inverse tangent, a sigmoid-shaped function with range (-pi/2, pi/2).",
)

softsign = Activation(
    "softsign", x / (1 + sp.Abs(x)), aliases=("soft_sign",), latex_name=r"\operatorname{softsign}", family="classic", source=src.GLOROT2010,
    description="x/(1 + |x|): a sigmoid-shaped function with polynomial tails.",
)

log_sigmoid = Activation(
    "log_sigmoid", -sp.log(1 + sp.exp(-x)), aliases=("logsigmoid",), latex_name=r"\log\sigma", family="classic",
    description="The logarithm of the sigmoid, log(1/(1 + exp(-x))) = -softplus(-x) (PyTorch LogSigmoid).",
)

gaussian = Activation(
    "gaussian", sp.exp(-x**2), latex_name=r"\operatorname{gauss}", family="classic", source=src.BROOMHEAD1988,
    description="The Gaussian bump exp(-x^2) of radial-basis-function networks.",
)

sinusoid = Activation(
    "sinusoid", sp.sin(x), aliases=("sin", "sine"), latex_name=r"\sin", family="classic", source=src.SITZMANN2020,
    description="The sine, the periodic activation of SIREN networks.",
)

RECORDS = (identity, binary_step, sigmoid, tanh, arctan, softsign, log_sigmoid, gaussian, sinusoid)
