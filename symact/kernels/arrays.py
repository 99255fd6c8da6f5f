"""Kernels as array-library citizens: which library an input belongs to, and how a kernel's
plan runs there.

A :class:`~symact.kernels.api.Kernel` computes with numpy (the fast path, in place, in blocks:
:mod:`symact.kernels.runtime`).  This module takes every other input to the same plan:

* **Python and numpy scalars**: :class:`ScalarRunner` runs the float64 plan on Python floats,
  with numpy's own ufuncs for the transcendental operations (so the value is bit for bit the
  one the array path gives: numpy's ``exp`` differs from ``math.exp`` in the last bit on about
  5 % of inputs, measured) and Python arithmetic for the rest (IEEE-rounded like numpy's).
  Anything unusual (a division by zero, an operation it does not have) falls back to the
  array path.
* **masked arrays** (``numpy.ma``): the kernel runs on the data, the result keeps the mask and,
  like ``numpy.ma``'s ufuncs, the input's data under it.
* **dask**: ``map_blocks``; the result stays lazy and each block runs through the kernel (numpy
  blocks take the numpy path, CuPy blocks the array-API path).
* **xarray** (``DataArray``, ``Dataset``, ``Variable``): ``xarray.apply_ufunc`` (coordinates,
  dimensions, name and attributes kept; dask-backed data stay lazy).
* **pandas** ``Series`` / ``DataFrame``: the index (and columns) are kept.
* **every other array-API array** (PyTorch, JAX, CuPy, array-api-strict, ...): the plan is
  interpreted functionally by :class:`XpRunner` in the array's own namespace (found by
  ``array_api_compat.array_namespace``), on its device, so the result has the input's type;
  no data-dependent Python branch, so ``jax.jit`` and ``torch.func.vmap`` trace it.  The
  program is the one the numpy runtime executes (choices as exact 0/1-mask arithmetic), so
  the arithmetic is the same operation for operation; only the library's own ``exp``,
  ``log1p``, ... may differ from numpy's in the last bits.  erf, erfc and erfcx, which the
  array API lacks, are symact's own methods (the numpy runtime's, written with ``where``).
  Measured (tests/test_arrays.py): torch and JAX (x64) meet the accuracy contract wherever the
  input and the result are normal numbers or 0.  Subnormals are the library's own business:
  XLA on CPU flushes them to zero (so a plan passing through a subnormal intermediate, mish' near
  x = -711, is far off in JAX), torch's exp is off by up to 2 subnormal spacings near -745.
  JAX without x64 has no float64: float32 input then runs the kernel's float32-arithmetic plan
  (the one measured for "native" float32), which is outside the contract when the kernel's own
  float32 plan computes in float64 (gelu': 3e-6 relative, measured); integers give float32 there.

dtype rules are those of scipy.special's ufuncs with float32 and float64 loops, as NEP 50 orders
them (scipy >= 1.18, scipy PR 24563; numpy's own ufuncs resolve the same way): integer and
boolean input gives the narrowest of float32 and float64 that holds every value of its type
exactly (``np.result_type(dtype, np.float32)``: bool, int8, uint8, int16, uint16 give float32,
wider integers float64; scipy <= 1.17 listed its float64 loop first and gave float64 for all of
them); Python ints and floats give float64; float32 stays float32 and float64 float64; float16
(and bfloat16) stays float16, computed in float32 (scipy's expit, which has no float16 loop,
returns float32 there); long double is
computed and returned in float64 (symact has no extended-precision plan); complex input is a
``TypeError``.  Big-endian input is accepted.  ``out=`` follows numpy's ufuncs: the input is
broadcast to ``out``'s shape and the result cast into it under ``casting='same_kind'``.
"""

from __future__ import annotations

import ast
import math
import operator
import sys
import types
from typing import Any, Callable, Sequence, TYPE_CHECKING, cast

import numpy as np

from .ir import Const, Program
from .primitives import NP_UFUNC
from .runtime import _ERFC_K, _ERFC_ZMAX, _ERFCX_T, _ERF_SMALL, _Runner, _quiet, _split_constants

if TYPE_CHECKING:  # pragma: no cover
    from .api import Kernel

_F64 = np.dtype(np.float64)
_F32 = np.dtype(np.float32)
_F16 = np.dtype(np.float16)
#: float64 values below this round to a finite float32
F32_ROUND_MAX = float.fromhex("0x1.ffffffp+127")


# ---------------------------------------------------------------------------------------
# numpy dtype rules (scipy.special's ufuncs, see the module docstring)

def numpy_dtypes(dt: np.dtype, name: str) -> tuple[np.dtype, np.dtype]:
    """(result dtype, dtype of the plan that runs) for numpy input of dtype ``dt``."""
    if dt == _F64 or dt == _F32:
        return dt, dt
    if dt.kind == "f":
        if not dt.isnative:
            nat = dt.newbyteorder("=")
            return numpy_dtypes(nat, name)
        if dt.itemsize <= 2:
            return _F16, _F32
        return _F64, _F64  # long double: float64 (no extended-precision plan)
    if dt.kind in "iub":  # bool, int8, uint8, int16, uint16: float32 (see the module docstring)
        return (_F32, _F32) if np.can_cast(dt, _F32) else (_F64, _F64)
    raise TypeError(f"{name}: expected real numbers, got an array of {dt}")


def check_out(name: str, outs: Sequence[Any], shape: tuple[int, ...], res_dt: np.dtype, nout: int) -> tuple[np.ndarray, ...]:
    """``out`` as numpy's ufuncs take it: arrays the input broadcasts to, into which the result
    casts under 'same_kind'."""
    if len(outs) != nout:
        raise ValueError(f"{name}: out must be a tuple of {nout} arrays, got {len(outs)}")
    for o in outs:
        if not isinstance(o, np.ndarray):
            raise TypeError(f"{name}: out must be a numpy array, got {type(o).__name__}")
        if not np.can_cast(res_dt, o.dtype, casting="same_kind"):
            raise TypeError(f"{name}: cannot cast the result from dtype {res_dt} to the out array's dtype {o.dtype} "
                            "with casting rule 'same_kind'")
        if not o.flags.writeable:
            raise ValueError(f"{name}: the out array is read-only")
        if o.shape != outs[0].shape:
            raise ValueError(f"{name}: the out arrays have different shapes {outs[0].shape} and {o.shape}")
        try:
            b = np.broadcast_shapes(shape, o.shape)
        except ValueError:
            b = None
        if b != o.shape:
            raise ValueError(f"{name}: the input of shape {shape} does not broadcast to the out array's shape {o.shape}")
    return tuple(outs)


# ---------------------------------------------------------------------------------------
# Python scalars

def _pmax(a: float, b: float) -> float:
    return a if (a > b or a != a) else b  # numpy's maximum: NaN propagates; b when equal (signed zeros)


def _pmin(a: float, b: float) -> float:
    return a if (a < b or a != a) else b


def _psign(a: float) -> float:
    return 1.0 if a > 0 else (-1.0 if a < 0 else (a if a != a else 0.0))  # np.sign(-0.0) is 0.0


def _pge(a: float, b: float) -> float:
    return 1.0 if a >= b else 0.0


def _pgt(a: float, b: float) -> float:
    return 1.0 if a > b else 0.0


def _precip(a: float) -> float:
    return 1.0 / a


def _pcopy(a: float) -> float:
    return a


_BIG64, _FAC64 = (float(v) for v in _split_constants(_F64))


def _psplit(a: float) -> float:
    o = _pmin(a, _BIG64)  # runtime._np_split, operation for operation
    o = _pmax(o, -_BIG64)
    s = o * _FAC64
    t = s - o
    return s - t


class _Fallback(ArithmeticError):
    """The scalar path declines (numpy would warn here: overflow, log of 0, ...)."""


_np_exp, _np_expm1, _np_log, _np_log1p = (NP_UFUNC[n] for n in ("exp", "expm1", "log", "log1p"))
_np_tanh, _np_atan, _np_sin, _np_cos = (NP_UFUNC[n] for n in ("tanh", "atan", "sin", "cos"))


# numpy's own transcendental functions on a Python float (they run the array loop, so the value
# is the array path's), for arguments where they cannot warn: no errstate is needed, which would
# cost more than the whole scalar call; elsewhere the array path takes over.
def _sexp(a: float) -> float:
    if a < 709.0 or a != a:
        return float(_np_exp(a))
    raise _Fallback


def _sexpm1(a: float) -> float:
    if a < 709.0 or a != a:
        return float(_np_expm1(a))
    raise _Fallback


def _slog(a: float) -> float:
    if a > 0 or a != a:
        return float(_np_log(a))
    raise _Fallback


def _slog1p(a: float) -> float:
    if a > -1 or a != a:
        return float(_np_log1p(a))
    raise _Fallback


def _stanh(a: float) -> float:
    return float(_np_tanh(a))


def _satan(a: float) -> float:
    return float(_np_atan(a))


def _ssin(a: float) -> float:
    if a - a == 0 or a != a:
        return float(_np_sin(a))
    raise _Fallback


def _scos(a: float) -> float:
    if a - a == 0 or a != a:
        return float(_np_cos(a))
    raise _Fallback


# erf, erfc, erfcx on a Python float: runtime._np_erf / _np_erfc / _np_erfcx operation for
# operation (the same roundings in the same order, numpy's exp), so the value is the array path's
def _serf_small(z: float) -> float:
    s = z * z
    acc = _ERF_SMALL[0]
    for c in _ERF_SMALL[1:]:
        acc = acc * s + c
    return acc * z


def _serfc_abs(a: float) -> float:
    am = _pmin(a, _ERFC_ZMAX)
    t = (am - _ERFC_K) / (am + _ERFC_K)
    acc = _ERFCX_T[0]
    for c in _ERFCX_T[1:]:
        acc = acc * t + c
    a = _pmin(a, 28.0)
    s = a * 134217729.0
    h = s - (s - a)
    e = _sexp(-(h * h))
    e = e * _sexp(-((a - h) * (a + h)))
    acc = acc * e
    return acc / (1.0 + am / _ERFC_K)


def _serfc(z: float) -> float:
    a = abs(z)
    if a < 0.5:
        return 1.0 - _serf_small(z)
    r = _serfc_abs(a)
    return 2.0 - r if z < 0 else r


def _serf(z: float) -> float:
    a = abs(z)
    if a < 0.5:
        return _serf_small(z)
    return math.copysign(1.0 - _serfc_abs(a), z)


def _serfcx(z: float) -> float:
    a = abs(z)
    am = _pmin(_pmax(a, 0.5), _ERFC_ZMAX)
    t = (am - _ERFC_K) / (am + _ERFC_K)
    acc = _ERFCX_T[0]
    for c in _ERFCX_T[1:]:
        acc = acc * t + c
    acc = acc / (1.0 + am / _ERFC_K)
    if a > _ERFC_ZMAX:
        r = 1.0 / (2.0 * a * a)
        ser = 1.0
        for k in range(7, 0, -1):
            ser = 1.0 - (2 * k - 1) * r * ser
        acc = ser / (a * 1.7724538509055160273)
    if a < 0.5:
        acc = _sexp(z * z) * (1.0 - _serf_small(z))
    if z <= -0.5:
        acc = 2.0 * _sexp(z * z) - acc
    return acc


_np_hypot = np.hypot


def _shypot(a: float, b: float) -> float:
    if abs(a) < 1e300 and abs(b) < 1e300:  # no overflow, hence no warning
        return float(_np_hypot(a, b))
    raise _Fallback


_SCALAR_BIN: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
    "max": _pmax, "min": _pmin, "ge": _pge, "gt": _pgt, "hypot": _shypot,
}
_SCALAR_UN: dict[str, Callable[[Any], Any]] = {
    "neg": operator.neg, "abs": abs, "sign": _psign, "recip": _precip, "copy": _pcopy, "sqrt": math.sqrt,
    "split": _psplit,
    "exp": _sexp, "expm1": _sexpm1, "log": _slog, "log1p": _slog1p, "tanh": _stanh, "atan": _satan,
    "sin": _ssin, "cos": _scos, "erf": _serf, "erfc": _serfc, "erfcx": _serfcx,
}


_SCALAR_CALLS = {**{k: v for k, v in _SCALAR_UN.items() if k not in ("neg", "abs", "recip", "copy")}, "abs": abs,
                 "hypot": _shypot}
_BINOPS = {"add": ast.Add, "sub": ast.Sub, "mul": ast.Mult, "div": ast.Div}


def _scalar_function(prog: Program, fname: str) -> Callable[[float], tuple[float, ...]]:
    """The straight-line program as one Python function of a float (built as a syntax tree
    from the program's fixed table of operations and float constants, then compiled: no text
    is parsed, so nothing a user typed can reach it)."""
    def ref(v: Any) -> ast.expr:
        if isinstance(v, Const):
            return ast.Constant(v.as_float())
        return ast.Name("x" if v == 0 else f"v{v}", ast.Load())

    body: list[ast.stmt] = []
    for i, (name, args) in enumerate(prog.ops):
        a = [ref(v) for v in args]
        e: ast.expr
        if name in _BINOPS:
            e = ast.BinOp(a[0], _BINOPS[name](), a[1])
        elif name == "neg":
            e = ast.UnaryOp(ast.USub(), a[0])
        elif name == "recip":
            e = ast.BinOp(ast.Constant(1.0), ast.Div(), a[0])
        elif name == "copy":
            e = a[0]
        elif name in ("max", "min"):  # numpy's maximum/minimum: NaN propagates, b when equal
            cmp = ast.Gt() if name == "max" else ast.Lt()
            e = ast.IfExp(ast.BoolOp(ast.Or(), [ast.Compare(a[0], [cmp], [a[1]]), ast.Compare(a[0], [ast.NotEq()], [ref(args[0])])]),
                          ref(args[0]), a[1])
        elif name in ("ge", "gt"):
            e = ast.IfExp(ast.Compare(a[0], [ast.GtE() if name == "ge" else ast.Gt()], [a[1]]), ast.Constant(1.0), ast.Constant(0.0))
        elif name in _SCALAR_CALLS:
            e = ast.Call(ast.Name(f"_{name}", ast.Load()), a, [])
        else:
            raise NotImplementedError(name)
        body.append(ast.Assign([ast.Name(f"v{i + 1}", ast.Store())], e))
    body.append(ast.Return(ast.Tuple([ref(o) for o in prog.outputs], ast.Load())))
    fargs = ast.arguments(posonlyargs=[], args=[ast.arg("x")], kwonlyargs=[], kw_defaults=[], defaults=[])
    if sys.version_info >= (3, 12):
        fn = ast.FunctionDef(fname, fargs, body, [], None, type_params=[])
    else:
        fn = ast.FunctionDef(fname, fargs, body, [], None)
    mod = ast.fix_missing_locations(ast.Module([fn], type_ignores=[]))
    code = compile(mod, f"<symact kernel {fname}>", "exec")
    fcode = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    return types.FunctionType(fcode, {f"_{k}": v for k, v in _SCALAR_CALLS.items()}, fname)


class ScalarRunner:
    """A float plan run on one Python float (see the module docstring).  ``__call__`` returns
    the outputs as Python floats, or None when the array path must do it."""

    __slots__ = ("fn", "nout", "guard", "limits")

    def __init__(self, runner: _Runner, guard: bool, limits: Sequence[tuple[float, float]]) -> None:
        if runner.compute != _F64:
            raise NotImplementedError("float32 arithmetic")
        self.fn = _scalar_function(runner.prog, "scalar_kernel")
        self.nout = runner.nout
        self.guard = guard
        self.limits = tuple(limits)

    @classmethod
    def build(cls, runner: _Runner, guard: bool, limits: Sequence[tuple[float, float]]) -> "ScalarRunner | None":
        try:
            return cls(runner, guard, limits)
        except NotImplementedError:  # pow, float32 arithmetic: the array path
            return None

    def __call__(self, v: float) -> Any:
        if v - v != 0 and self.guard:  # +-inf, NaN
            return tuple(lp if v > 0 else (lm if v < 0 else v) for lm, lp in self.limits)
        try:
            return self.fn(v)
        except (ArithmeticError, ValueError):  # 1/0, sqrt(-1), exp(800), ...: numpy's IEEE results
            return None


# ---------------------------------------------------------------------------------------
# array API namespaces


class UnsupportedNamespace(TypeError):
    """The array library of the input lacks a function the kernel's plan needs."""


def _fn(xp: Any, names: Sequence[str], prim: str, kname: str) -> Callable[..., Any]:
    for n in names:
        f = getattr(xp, n, None)
        if f is not None:
            return cast("Callable[..., Any]", f)
    raise UnsupportedNamespace(
        f"{kname}: the kernel's plan uses the operation {prim!r}, and the array namespace {getattr(xp, '__name__', xp)!r} "
        f"has no {names[0]!r} (array API standard 2023.12); convert the input to numpy or to a library that has it")


def _has_float64(xp: Any, x: Any) -> bool:
    """Whether the namespace computes in float64 on x's device (JAX only with x64 enabled)."""
    name = getattr(xp, "__name__", "")
    if name.startswith("jax"):
        import jax

        return bool(jax.config.read("jax_enable_x64"))  # type: ignore[no-untyped-call]  # unannotated in JAX
    try:
        info = xp.__array_namespace_info__()
        dev = _device(x)
        return "float64" in (info.dtypes(device=dev) if dev is not None else info.dtypes())
    except Exception:  # an older namespace without the inspection API
        return hasattr(xp, "float64")


def _device(x: Any) -> Any:
    try:
        import array_api_compat

        return array_api_compat.device(x)
    except Exception:  # a tracer without a device, ...
        return None


class XpRunner:
    """A program (the numpy runtime's, choices as 0/1 masks) interpreted functionally in any
    array-API namespace."""

    def __init__(self, prog: Program, guard: bool, limits: Sequence[tuple[float, float]], name: str) -> None:
        self.prog = prog
        self.guard = guard
        self.limits = tuple(limits)
        self.name = name

    def run(self, xp: Any, x: Any, dtype: Any, f64: Any) -> list[Any]:
        """The outputs for ``x`` (an array of the compute dtype ``dtype``); ``f64`` is the
        namespace's float64 dtype or None (erf/erfc/erfcx then compute in ``dtype``)."""
        dev = _device(x)
        kw = {} if dev is None else {"device": dev}

        def const(v: float) -> Any:
            return xp.asarray(v, dtype=dtype, **kw)

        ops = _ops(xp, self.name)
        if self.guard:
            fin = xp.isfinite(x)
            xin = xp.where(fin, x, const(0.0))
        else:
            xin = x
        vals: list[Any] = [xin]
        consts: dict[float, Any] = {}
        for name, args in self.prog.ops:
            a = []
            for v in args:
                if isinstance(v, Const):
                    f = v.as_float()
                    if f not in consts:
                        with np.errstate(all="ignore"):
                            consts[f] = const(f)
                    a.append(consts[f])
                else:
                    a.append(vals[v])
            if name in ("erf", "erfc", "erfcx"):
                vals.append(_special(xp, name, a[0], dtype, f64, ops))
            elif name in ("ge", "gt"):
                vals.append(xp.astype(ops[name](a[0], a[1]), dtype))
            else:
                vals.append(ops[name](*a))
        outs = []
        for o, (lm, lp) in zip(self.prog.outputs, self.limits):
            r = xp.full_like(x, o.as_float()) if isinstance(o, Const) else vals[o]
            if self.guard:
                special = xp.where(x > 0, const(lp), xp.where(x < 0, const(lm), x))
                r = xp.where(fin, r, special)
            outs.append(r)
        return outs


def _ops(xp: Any, kname: str) -> dict[str, Callable[..., Any]]:
    def g(*names: str) -> Callable[..., Any]:
        return _fn(xp, names, names[0], kname)

    where, isnan = g("where"), g("isnan")

    def vmax(a: Any, b: Any) -> Any:  # numpy's maximum exactly: NaN propagates, b when equal
        return where((a > b) | isnan(a), a, b)

    def vmin(a: Any, b: Any) -> Any:
        return where((a < b) | isnan(a), a, b)

    def vsign(a: Any) -> Any:
        s = xp.astype(a > 0, a.dtype) - xp.astype(a < 0, a.dtype)
        return where(isnan(a), a, s)

    def lazy(*names: str) -> Callable[..., Any]:
        def f(*args: Any) -> Any:
            return g(*names)(*args)
        return f

    def split(a: Any) -> Any:
        big, fac = (float(v) for v in _split_constants(np.dtype(str(a.dtype).split(".")[-1])))
        o = vmax(vmin(a, big * xp.ones_like(a)), -big * xp.ones_like(a))
        s = o * fac
        t = s - o
        return s - t

    return {
        "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
        "neg": operator.neg, "abs": g("abs"), "sign": vsign, "copy": lambda a: a,
        "max": vmax, "min": vmin, "ge": operator.ge, "gt": operator.gt, "recip": lambda a: 1.0 / a,
        "sqrt": g("sqrt"), "exp": g("exp"), "expm1": lazy("expm1"), "log": lazy("log"), "log1p": lazy("log1p"),
        "tanh": lazy("tanh"), "atan": lazy("atan", "arctan"), "sin": lazy("sin"), "cos": lazy("cos"),
        "hypot": lazy("hypot"), "pow": lazy("pow", "power"), "split": split,
    }


# erf, erfc, erfcx: runtime._np_erf / _np_erfc / _np_erfcx with ``where`` for the masks (each
# element takes the branch the numpy code gives it; every branch is computed on all elements).

def _poly(t: Any, coeffs: Sequence[float]) -> Any:
    acc = t * coeffs[0] + coeffs[1]
    for c in coeffs[2:]:
        acc = acc * t + c
    return acc


def _erf_small(z: Any) -> Any:
    return _poly(z * z, _ERF_SMALL) * z


def _erfc_abs(xp: Any, a: Any, fac: float, ops: dict[str, Callable[..., Any]]) -> Any:
    vmin = ops["min"]
    one = xp.ones_like(a)
    am = vmin(a, _ERFC_ZMAX * one)
    t = (am - _ERFC_K) / (am + _ERFC_K)
    acc = _poly(t, _ERFCX_T)
    a = vmin(a, 28.0 * one)
    s = a * fac
    h = s - (s - a)
    e = xp.exp(-(h * h)) * xp.exp(-((a - h) * (a + h)))
    return acc * e / (1.0 + am / _ERFC_K)


def _special(xp: Any, name: str, z: Any, dtype: Any, f64: Any, ops: dict[str, Callable[..., Any]]) -> Any:
    if f64 is not None:
        z = xp.astype(z, f64)
        fac = 134217729.0
    else:
        fac = float(_split_constants(_F32)[1])
    where = xp.where
    a = xp.abs(z)
    small = a < 0.5
    if name == "erfc":
        big = _erfc_abs(xp, a, fac, ops)
        r = where(small, 1.0 - _erf_small(z), where(z < 0, 2.0 - big, big))
    elif name == "erf":
        big = xp.copysign(1.0 - _erfc_abs(xp, a, fac, ops), z)
        r = where(small, _erf_small(z), big)
    else:
        one = xp.ones_like(a)
        am = ops["min"](ops["max"](a, 0.5 * one), _ERFC_ZMAX * one)
        t = (am - _ERFC_K) / (am + _ERFC_K)
        acc = _poly(t, _ERFCX_T) / (1.0 + am / _ERFC_K)
        far = a > _ERFC_ZMAX
        af = where(far, a, one)
        q = 1.0 / (2.0 * af * af)
        ser = one
        for k in range(7, 0, -1):
            ser = 1.0 - (2 * k - 1) * q * ser
        acc = where(far, ser / (af * 1.7724538509055160273), acc)
        acc = where(small, xp.exp(z * z) * (1.0 - _erf_small(z)), acc)
        r = where(z <= -0.5, 2.0 * xp.exp(z * z) - acc, acc)
    return xp.astype(r, dtype)


# ---------------------------------------------------------------------------------------
# dispatch


def call(k: "Kernel", x: Any, out: Any) -> Any:
    """``k(x, out)`` for every input that is not a plain numpy array or a Python float."""
    if isinstance(x, np.ndarray):
        if isinstance(x, np.ma.MaskedArray):
            return _call_masked(k, x, out)
        return k._numpy(x, out)
    if isinstance(x, (float, int, np.generic)):
        return k._numpy(np.asarray(x), out)
    mod = type(x).__module__.partition(".")[0]
    if mod == "xarray":
        return _call_xarray(k, x, out)
    if mod == "dask" and hasattr(x, "map_blocks"):
        return _call_dask(k, x, out)
    if mod == "pandas" and hasattr(x, "index"):
        return _call_pandas(k, x, out)
    import array_api_compat

    if array_api_compat.is_array_api_obj(x):
        return _call_xp(k, x, out, array_api_compat.array_namespace(x))
    return k._numpy(np.asarray(x), out)


def _unsupported_out(k: "Kernel", what: str) -> TypeError:
    return TypeError(f"{k.name}: out= is not supported for {what}; use the returned value")


def _call_masked(k: "Kernel", x: np.ma.MaskedArray, out: Any) -> Any:
    data = np.ma.getdata(x)
    mask = np.ma.getmask(x)
    if out is not None:
        outs = out if isinstance(out, tuple) else (out,)
        k._numpy(data, tuple(np.ma.getdata(o) for o in outs) if k._nout > 1 or isinstance(out, tuple) else np.ma.getdata(out))
        for o in outs:
            if isinstance(o, np.ma.MaskedArray):
                o.mask = np.broadcast_to(np.ma.getmaskarray(x), o.shape)
        return out
    res = k._numpy(data, None)
    results = res if k._nout > 1 else (res,)
    wrapped = []
    for r in results:
        r = np.asarray(r)
        if mask is not np.ma.nomask:
            with _quiet():
                np.copyto(r, data, where=mask, casting="unsafe")  # as numpy.ma's ufuncs: the data under the mask stay
        m = np.ma.MaskedArray(r, mask=mask.copy() if mask is not np.ma.nomask else np.ma.nomask)
        wrapped.append(m[()] if m.ndim == 0 else m)
    return wrapped[0] if k._nout == 1 else tuple(wrapped)


def _call_dask(k: "Kernel", x: Any, out: Any) -> Any:
    import dask.array as da
    from dask.base import tokenize

    if out is not None:
        raise _unsupported_out(k, "dask arrays")
    meta = k(x._meta)
    name = f"symact-{k.name}-{tokenize(x, k)}"
    if k._nout == 1:
        return da.map_blocks(k, x, dtype=meta.dtype, meta=meta, name=name)  # type: ignore[no-untyped-call]  # unannotated in dask
    import array_api_compat

    def block(b: Any) -> Any:
        return array_api_compat.array_namespace(b).stack(k(b))

    stacked = da.map_blocks(block, x, dtype=meta[0].dtype, new_axis=0, chunks=((k._nout,), *x.chunks),  # type: ignore[no-untyped-call]  # unannotated in dask
                            meta=meta[0], name=name)
    return tuple(stacked[i] for i in range(k._nout))


def _call_xarray(k: "Kernel", x: Any, out: Any) -> Any:
    import xarray as xr

    if out is not None:
        raise _unsupported_out(k, "xarray objects")
    if k._nout == 1:
        return xr.apply_ufunc(k, x, dask="allowed", keep_attrs=True)
    return xr.apply_ufunc(k, x, dask="allowed", keep_attrs=True, output_core_dims=[[] for _ in range(k._nout)])


def _call_pandas(k: "Kernel", x: Any, out: Any) -> Any:
    if out is not None:
        raise _unsupported_out(k, "pandas objects")
    res = k._numpy(np.asarray(x), None)
    results = res if k._nout > 1 else (res,)
    if hasattr(x, "columns"):
        wrapped = [type(x)(r, index=x.index, columns=x.columns) for r in results]
    else:
        wrapped = [type(x)(r, index=x.index, name=x.name) for r in results]
    return wrapped[0] if k._nout == 1 else tuple(wrapped)


def _call_xp(k: "Kernel", x: Any, out: Any, xp: Any) -> Any:
    dt = x.dtype
    f64 = xp.float64 if _has_float64(xp, x) else None
    if xp.isdtype(dt, "real floating"):
        if f64 is not None and dt == f64:
            key, res_dt = "float64", dt
        elif dt == xp.float32:
            key, res_dt = "float32", dt
        else:  # float16, bfloat16: the float32 plan, rounded once more
            key, res_dt = "float32", dt
    elif xp.isdtype(dt, ("integral", "bool")):
        # (not xp.can_cast: torch's says int64 casts safely to float32)
        if f64 is not None and not (xp.isdtype(dt, "bool") or xp.iinfo(dt).bits <= 16):
            key, res_dt = "float64", f64
        else:
            key, res_dt = "float32", xp.float32
    else:
        raise TypeError(f"{k.name}: expected real numbers, got an array of {dt}")
    runner, comp = k._xp_runner(key, f64 is not None)
    cdt = f64 if comp == "float64" else xp.float32
    xin = x if dt == cdt else xp.astype(x, cdt)
    with _quiet():  # numpy-backed namespaces (array_api_compat.numpy, CuPy's host side) warn as numpy
        outs = runner.run(xp, xin, cdt, f64)
    outs = [r if r.dtype == res_dt else xp.astype(r, res_dt) for r in outs]
    if out is not None:
        targets = out if isinstance(out, tuple) else (out,)
        if len(targets) != k._nout:
            raise ValueError(f"{k.name}: out must be a tuple of {k._nout} arrays, got {len(targets)}")
        for o, r in zip(targets, outs):
            if not xp.isdtype(o.dtype, "real floating"):
                raise TypeError(f"{k.name}: cannot cast the result from dtype {res_dt} to the out array's dtype {o.dtype} "
                                "with casting rule 'same_kind'")
            try:
                o[...] = xp.astype(r, o.dtype)
            except TypeError as e:  # immutable arrays (JAX)
                raise _unsupported_out(k, f"{type(o).__module__.partition('.')[0]} arrays ({e})") from None
        return out
    return outs[0] if k._nout == 1 else tuple(outs)
