"""Exponential-linear units and the smooth gated rectifiers: ELU, SELU, CELU, softplus, GELU,
SiLU/swish, mish, tanhshrink, squareplus."""

import sympy as sp

from ..spec import Activation, Param, x
from . import _sources as src

_alpha = Param("alpha", 1, {"positive": True}, "saturation value for x -> -oo is -alpha")
elu = Activation(
    "elu", sp.Piecewise((x, x > 0), (_alpha.symbol * (sp.exp(x) - 1), True)), params=(_alpha,), aliases=("elu_",),
    latex_name=r"\operatorname{ELU}", family="exponential", source=src.CLEVERT2016,
    description="x for x > 0, alpha (exp(x) - 1) for x <= 0.",
    kink_convention="elu'(0) = alpha (PyTorch evaluates the x <= 0 branch at 0); for alpha = 1 the derivative exists there.",
)

_selu_alpha = Param("alpha", "1.6732632423543772848170429916717", {"positive": True}, "exact SELU alpha")
_selu_scale = Param("lambda", "1.0507009873554804934193349852946", {"positive": True}, "exact SELU scale lambda")
selu = Activation(
    "selu",
    sp.Piecewise((_selu_scale.symbol * x, x > 0), (_selu_scale.symbol * _selu_alpha.symbol * (sp.exp(x) - 1), True)),
    params=(_selu_alpha, _selu_scale), aliases=("selu_",), latex_name=r"\operatorname{SELU}", family="exponential",
    source=src.KLAMBAUER2017,
    description="lambda * elu(x, alpha) with the self-normalising constants of Klambauer et al., to all their digits.",
    kink_convention="selu'(0) = lambda * alpha (as PyTorch).",
)

_celu_alpha = Param("alpha", 1, {"positive": True}, "saturation value and scale of the exponential")
celu = Activation(
    "celu", sp.Piecewise((x, x > 0), (_celu_alpha.symbol * (sp.exp(x / _celu_alpha.symbol) - 1), True)),
    params=(_celu_alpha,), aliases=("celu_",), latex_name=r"\operatorname{CELU}", family="exponential", source=src.BARRON2017,
    description="max(0, x) + min(0, alpha (exp(x/alpha) - 1)): continuously differentiable for every alpha > 0.",
)

_beta = Param("beta", 1, {"positive": True}, "sharpness")
softplus = Activation(
    "softplus", sp.log(1 + sp.exp(_beta.symbol * x)) / _beta.symbol, params=(_beta,),
    latex_name=r"\operatorname{softplus}", family="smooth", source=src.DUGAS2001,
    description="log(1 + exp(beta x)) / beta.",
    notes="PyTorch's Softplus returns x when beta*x > threshold = 20, an approximation (4.5e5 ULP off); symact uses the exact function.",
)

gelu = Activation(
    "gelu", x / 2 * (1 + sp.erf(x / sp.sqrt(2))), latex_name=r"\operatorname{GELU}", family="smooth",
    source=src.HENDRYCKS2016, description="x Phi(x) with Phi the standard normal CDF (PyTorch approximate='none').",
)

gelu_tanh = Activation(
    "gelu_tanh",
    x / 2 * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (x + sp.Rational(44715, 1000000) * x**3))),
    latex_name=r"\operatorname{GELU}_{\tanh}", family="smooth", source=src.HENDRYCKS2016,
    description="The tanh approximation of GELU (PyTorch approximate='tanh'): constants sqrt(2/pi) and 0.044715.",
)

silu = Activation(
    "silu", x / (1 + sp.exp(-x)), aliases=("swish",), latex_name=r"\operatorname{SiLU}", family="smooth",
    source=src.ELFWING2018, description="x sigmoid(x) (swish with beta = 1).",
)

_swish_beta = Param("beta", 1, {"positive": True}, "gate sharpness")
swish_beta = Activation(
    "swish_beta", x / (1 + sp.exp(-_swish_beta.symbol * x)), params=(_swish_beta,),
    latex_name=r"\operatorname{swish}_\beta", family="smooth", source=src.RAMACHANDRAN2017,
    description="x sigmoid(beta x).",
)

mish = Activation(
    "mish", x * sp.tanh(sp.log(1 + sp.exp(x))), latex_name=r"\operatorname{mish}", family="smooth",
    source=src.MISRA2019, description="x tanh(softplus(x)).",
)

tanhshrink = Activation(
    "tanhshrink", x - sp.tanh(x), latex_name=r"\operatorname{tanhshrink}", family="shrink",
    description="x - tanh(x) (PyTorch Tanhshrink).",
)

_b = Param("b", 4, {"positive": True}, "curvature near 0")
squareplus = Activation(
    "squareplus", (x + sp.sqrt(x**2 + _b.symbol)) / 2, params=(_b,), latex_name=r"\operatorname{squareplus}",
    family="smooth", source=src.BARRON2021, description="(x + sqrt(x^2 + b))/2, an algebraic softplus.",
)

RECORDS = (elu, selu, celu, softplus, gelu, gelu_tanh, silu, swish_beta, mish, tanhshrink, squareplus)
