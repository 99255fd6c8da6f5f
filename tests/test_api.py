"""The public API as a newcomer finds it: names in ``dir(symact)`` and ``__all__``, and the
activation names of torch.nn.functional and jax.nn found by ``symact.get``."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import symact

# torch.nn.functional's elementwise activations of x (the in-place ``name_`` spellings too;
# glu, softmax, log_softmax, softmin, gumbel_softmax act on a vector, rrelu is random and
# threshold takes its value as an argument: none is an activation of x in the catalogue)
TORCH_F = {
    "relu": "relu", "relu_": "relu", "relu6": "relu6", "elu": "elu", "elu_": "elu", "selu": "selu",
    "selu_": "selu", "celu": "celu", "celu_": "celu", "leaky_relu": "leaky_relu", "leaky_relu_": "leaky_relu",
    "prelu": "prelu", "hardtanh": "hard_tanh", "hardtanh_": "hard_tanh", "hardswish": "hard_swish",
    "hardsigmoid": "hard_sigmoid", "gelu": "gelu", "logsigmoid": "log_sigmoid", "hardshrink": "hardshrink",
    "softshrink": "softshrink", "tanhshrink": "tanhshrink", "softsign": "softsign", "softplus": "softplus",
    "tanh": "tanh", "sigmoid": "sigmoid", "silu": "silu", "mish": "mish",
}
# torch.nn's module classes (get() ignores case)
TORCH_NN = {
    "ReLU": "relu", "ReLU6": "relu6", "ELU": "elu", "SELU": "selu", "CELU": "celu", "LeakyReLU": "leaky_relu",
    "PReLU": "prelu", "Hardtanh": "hard_tanh", "Hardswish": "hard_swish", "Hardsigmoid": "hard_sigmoid",
    "GELU": "gelu", "LogSigmoid": "log_sigmoid", "Hardshrink": "hardshrink", "Softshrink": "softshrink",
    "Tanhshrink": "tanhshrink", "Softsign": "softsign", "Softplus": "softplus", "Tanh": "tanh",
    "Sigmoid": "sigmoid", "SiLU": "silu", "Mish": "mish", "Identity": "identity",
}
# jax.nn's elementwise activations (jax.nn.gelu defaults to the tanh approximation: call
# get("gelu_tanh") for it; "gelu" is PyTorch's exact erf form, the catalogue's convention)
JAX_NN = {
    "relu": "relu", "relu6": "relu6", "sigmoid": "sigmoid", "softplus": "softplus", "sparse_plus": "sparse_plus",
    "soft_sign": "softsign", "silu": "silu", "swish": "silu", "log_sigmoid": "log_sigmoid",
    "leaky_relu": "leaky_relu", "hard_sigmoid": "hard_sigmoid", "hard_silu": "hard_swish",
    "hard_swish": "hard_swish", "hard_tanh": "hard_tanh", "elu": "elu", "celu": "celu", "selu": "selu",
    "gelu": "gelu", "squareplus": "squareplus", "mish": "mish", "identity": "identity", "tanh": "tanh",
}


@pytest.mark.parametrize(
    "spelling, name",
    [*(("F." + k, v) for k, v in TORCH_F.items()), *(("nn." + k, v) for k, v in TORCH_NN.items()),
     *(("jax.nn." + k, v) for k, v in JAX_NN.items())],
)
def test_framework_spellings_find_the_activation(spelling, name):
    assert symact.get(spelling.rsplit(".", 1)[1]).name == name


def test_framework_spellings_are_real_names():
    """The lists above are the frameworks' names (checked where the framework is installed)."""
    checked = 0
    for module, names in (("torch.nn.functional", TORCH_F), ("torch.nn", TORCH_NN), ("jax.nn", JAX_NN)):
        try:
            mod = importlib.import_module(module)
        except Exception:  # noqa: BLE001 - not installed (or broken): nothing to compare with
            continue
        missing = [n for n in names if not hasattr(mod, n) and not (module == "jax.nn" and n == "tanh")]
        assert missing == [], f"{module} has no {missing}"
        checked += 1
    if checked == 0:
        pytest.skip("neither torch nor jax is installed here")


def test_not_elementwise_names_are_not_aliases():
    for name in ("log_softmax", "softmax", "softmin", "glu", "gumbel_softmax"):
        with pytest.raises(symact.UnknownActivation):
            symact.get(name)


def test_lazy_names_are_in_dir_and_all():
    lazy = {"kernel", "export", "value_and_grad", "value_range", "check_bound", "check_claim", "relations"}
    assert lazy <= set(dir(symact))
    assert lazy <= set(symact.__all__)
    # every name in __all__ resolves, and dir() lists every one of them
    for name in symact.__all__:
        assert getattr(symact, name) is not None, name
    assert set(symact.__all__) <= set(dir(symact))


def test_import_symact_stays_light():
    """dir() lists the lazy names without importing the kernels or the prover."""
    code = (
        "import sys, symact; d = dir(symact); "
        "assert 'kernel' in d and 'export' in d; "
        "print(sorted(m for m in ('symact.kernels', 'symact.prove') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"
