"""The registry: every built-in activation, plus those a user defines in this process.

- :data:`BUILTIN` is the catalogue, in order: the ``RECORDS`` of the family modules
  :mod:`.classic` (identity, step, sigmoid, tanh, ...), :mod:`.rectifiers` (ReLU and its
  piecewise-linear relatives) and :mod:`.smooth` (exponential-linear units, softplus, the
  gated rectifiers), with their papers in :mod:`._sources`.  Adding an activation means adding
  one record to one family module (DESIGN.md, "How to add an activation").
- :func:`get` finds a record by name or alias (case-insensitive, dashes as underscores) and
  raises :class:`~symact.errors.UnknownActivation` with the nearest names otherwise;
  :func:`names` and :func:`all_activations` list the registry in catalogue order.
- :func:`define` builds a user's record from a SymPy expression (parameters from a mapping of
  defaults or :class:`~symact.spec.Param` objects), checks its domain
  (:mod:`symact.domain`: poles refused, removable singularities filled) and its
  decomposition, and :func:`register` adds it; a built-in name is never replaced.

The registry is per process and holds records only: what is computed from them (derivatives,
proofs, kernels) is cached on the record or by the layer that computes it.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, cast

import sympy as sp

from ..errors import DefinitionError, UnknownActivation
from ..spec import Activation, Param
from . import classic, rectifiers, smooth

__all__ = ["get", "names", "all_activations", "register", "define", "BUILTIN"]

BUILTIN: tuple[Activation, ...] = classic.RECORDS + rectifiers.RECORDS + smooth.RECORDS

_registry: dict[str, Activation] = {}
_aliases: dict[str, str] = {}


def register(act: Activation, replace: bool = False) -> Activation:
    """Add ``act`` to the registry; a clash with an existing name or alias is an error
    unless ``replace`` (never allowed for built-in records)."""
    for key in (act.name, *act.aliases):
        owner = _aliases.get(key, key if key in _registry else None)
        if owner is None:
            continue
        if not replace or any(b.name == owner for b in BUILTIN):
            raise DefinitionError(f"the name {key!r} is already taken by the activation {owner!r}")
    if replace:
        _registry.pop(act.name, None)
    _registry[act.name] = act
    for alias in act.aliases:
        _aliases[alias] = act.name
    return act


for _act in BUILTIN:
    register(_act)


def get(name: str) -> Activation:
    """The activation called ``name`` (or one of its aliases); dashes count as underscores."""
    if not isinstance(name, str):
        raise UnknownActivation(repr(name), names())
    key = name.strip().lower().replace("-", "_")
    key = _aliases.get(key, key)
    try:
        return _registry[key]
    except KeyError:
        raise UnknownActivation(name, [*_registry, *_aliases]) from None


def names() -> list[str]:
    """Registered names, built-ins first in catalogue order."""
    return list(_registry)


def all_activations() -> list[Activation]:
    return list(_registry.values())


def define(
    name: str,
    expr: sp.Expr,
    params: Mapping[str, Any] | Iterable[Param] = (),
    *,
    description: str = "",
    latex_name: str = "",
    register_it: bool = True,
    replace: bool = False,
) -> Activation:
    """Define an activation from a SymPy expression in :data:`symact.x`.

    ``params`` maps parameter names to defaults (the symbols in ``expr`` with those names are
    the parameters; they are taken to be positive unless their own assumptions say
    otherwise), or is a sequence of :class:`Param`.

    >>> import sympy as sp, symact
    >>> a = sp.Symbol("a", positive=True)
    >>> act = symact.define("my_elu", sp.Piecewise((symact.x, symact.x > 0), (a*(sp.exp(symact.x) - 1), True)), {"a": 1})
    """
    if not isinstance(expr, sp.Expr):
        raise DefinitionError(f"{name}: expected a SymPy expression, got {type(expr).__name__} (parse LaTeX with symact.parse_latex)")
    if isinstance(params, Mapping):
        by_name = {cast("sp.Symbol", s).name: s for s in expr.free_symbols}
        plist = []
        subs = {}
        for pname, default in params.items():
            sym = by_name.get(pname)
            assumptions = _assumptions_of(cast("sp.Symbol", sym)) if sym is not None else {"positive": True}
            p = Param(pname, default, assumptions)
            plist.append(p)
            if sym is not None and sym != p.symbol:
                subs[sym] = p.symbol
        expr = expr.xreplace(subs) if subs else expr
        params = plist
    from ..spec import x as X

    stray_x = [s for s in expr.free_symbols if cast("sp.Symbol", s).name == "x" and s != X]
    if stray_x:
        expr = expr.xreplace({s: X for s in stray_x})
    from .. import domain

    # poles and gaps of the domain are refused with the point named; removable
    # singularities become breakpoints holding the continuous extension
    expr = domain.check(name, expr, {p.symbol: p.default for p in params if p.default is not None})
    act = Activation(name, expr, params=tuple(params), description=description, latex_name=latex_name, family="user")
    act.pieces  # a user's definition is validated completely before anything uses it
    return register(act, replace=replace) if register_it else act


def _assumptions_of(sym: sp.Symbol) -> dict[str, bool]:
    for key in ("positive", "negative", "nonnegative", "nonpositive"):
        if sym.assumptions0.get(key):
            return {key: True}
    return {"positive": True} if sym.assumptions0.get("real") is None else {"real": True}
