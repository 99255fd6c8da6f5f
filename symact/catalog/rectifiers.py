"""ReLU and its piecewise-linear relatives: leaky ReLU, PReLU, ReLU6, hard sigmoid/tanh/swish,
shrinkage functions.  Every ``Piecewise`` puts its breakpoints where PyTorch's backward puts
them, which makes the kernels' derivative at a kink PyTorch's (see ``kink_convention``)."""

import sympy as sp

from ..spec import Activation, Param, x
from . import _sources as src

relu = Activation(
    "relu", sp.Piecewise((0, x <= 0), (x, True)), aliases=("relu_",), latex_name=r"\operatorname{ReLU}", family="rectifier",
    source=src.NAIR2010, description="The rectified linear unit max(0, x).",
    kink_convention="relu'(0) = 0 (PyTorch: the gradient is passed only where x > 0).",
)

_slope = Param("negative_slope", "0.01", {"positive": True}, "slope for x < 0")
leaky_relu = Activation(
    "leaky_relu", sp.Piecewise((x, x > 0), (_slope.symbol * x, True)), params=(_slope,),
    aliases=("leakyrelu", "leaky_relu_"),
    latex_name=r"\operatorname{LeakyReLU}", family="rectifier", source=src.MAAS2013,
    description="max(0, x) + negative_slope * min(0, x), with PyTorch's default slope 0.01.",
    kink_convention="leaky_relu'(0) = negative_slope (PyTorch: x > 0 ? 1 : slope).",
)

_a = Param("a", "0.25", {"positive": True}, "learnable slope for x < 0 (PyTorch's initial value)")
prelu = Activation(
    "prelu", sp.Piecewise((x, x > 0), (_a.symbol * x, True)), params=(_a,),
    latex_name=r"\operatorname{PReLU}", family="rectifier", source=src.HE2015,
    description="Parametric ReLU: max(0, x) + a * min(0, x); a is learned, PyTorch initialises it to 0.25.",
    kink_convention="prelu'(0) = a (as PyTorch).",
)

relu6 = Activation(
    "relu6", sp.Piecewise((0, x <= 0), (6, x >= 6), (x, True)), latex_name=r"\operatorname{ReLU6}",
    family="rectifier", source=src.KRIZHEVSKY2010, description="min(max(0, x), 6).",
    kink_convention="derivative 0 at x = 0 and x = 6 (PyTorch: hardtanh backward passes the gradient only inside (0, 6)).",
)

hard_sigmoid = Activation(
    "hard_sigmoid", sp.Piecewise((0, x <= -3), (1, x >= 3), (x / 6 + sp.Rational(1, 2), True)),
    aliases=("hardsigmoid",), latex_name=r"\operatorname{hardsigmoid}", family="hard", source=src.HOWARD2019,
    description="PyTorch's hard sigmoid: x/6 + 1/2 clipped to [0, 1].",
    kink_convention="derivative 0 at x = -3 and x = 3 (PyTorch: 1/6 only inside (-3, 3)).",
)

_lo = Param("min_val", -1, {"negative": True}, "lower clipping value")
_hi = Param("max_val", 1, {"positive": True}, "upper clipping value")
hard_tanh = Activation(
    "hard_tanh", sp.Piecewise((_lo.symbol, x <= _lo.symbol), (_hi.symbol, x >= _hi.symbol), (x, True)),
    params=(_lo, _hi), aliases=("hardtanh", "hardtanh_"), latex_name=r"\operatorname{hardtanh}", family="hard",
    source=src.COLLOBERT2004, description="x clipped to [min_val, max_val] (PyTorch defaults -1 and 1).",
    kink_convention="derivative 0 at x = min_val and x = max_val (as PyTorch).",
)

hard_swish = Activation(
    "hard_swish", sp.Piecewise((0, x <= -3), (x * (x + 3) / 6, x < 3), (x, True)), aliases=("hardswish", "hard_silu"),
    latex_name=r"\operatorname{hardswish}", family="hard", source=src.HOWARD2019,
    description="x * relu6(x + 3) / 6 (MobileNetV3).",
    kink_convention="derivative 0 at x = -3 and 1 at x = 3 (as PyTorch's backward: x/3 + 1/2 on (-3, 3)).",
)

_lambd = Param("lambd", "0.5", {"positive": True}, "threshold")
softshrink = Activation(
    "softshrink", sp.Piecewise((x - _lambd.symbol, x > _lambd.symbol), (x + _lambd.symbol, x < -_lambd.symbol), (0, True)),
    params=(_lambd,), latex_name=r"\operatorname{softshrink}", family="shrink", source=src.DONOHO1995,
    description="Soft thresholding: x - lambd for x > lambd, x + lambd for x < -lambd, 0 in between.",
    kink_convention="derivative 0 at x = -lambd and x = lambd (as PyTorch).",
)

hardshrink = Activation(
    "hardshrink", sp.Piecewise((x, x > _lambd.symbol), (x, x < -_lambd.symbol), (0, True)),
    params=(_lambd,), latex_name=r"\operatorname{hardshrink}", family="shrink", source=src.DONOHO1994,
    description="Hard thresholding: x where |x| > lambd, 0 elsewhere (discontinuous at +-lambd).",
    kink_convention="value 0 and derivative 0 at x = +-lambd (as PyTorch).",
)

sparse_plus = Activation(
    "sparse_plus", sp.Piecewise((0, x <= -1), ((x + 1) ** 2 / 4, x < 1), (x, True)), aliases=("sparseplus",),
    latex_name=r"\operatorname{sparse\_plus}", family="rectifier", source=src.BLONDEL2020,
    description="0 for x <= -1, (x + 1)^2/4 on (-1, 1), x for x >= 1: the sparse twin of softplus (JAX).",
)

RECORDS = (relu, leaky_relu, prelu, relu6, hard_sigmoid, hard_tanh, hard_swish, softshrink, hardshrink, sparse_plus)
