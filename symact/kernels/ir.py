"""The kernels' intermediate representation: straight-line programs in SSA form (Const, Program),
and the lowering of choices (sel) to 0/1-mask arithmetic for numpy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from ..spec import x
from .primitives import COST

@dataclass(frozen=True)
class Const:
    """An exact constant of a program (rounded to the dtype when the program runs)."""

    value: sp.Expr

    def as_float(self) -> float:
        v = self.value
        if v.is_Integer or v.is_Float:
            return float(v)
        return float(sp.N(v, 40))


Arg = Any  # int (value id) | Const


@dataclass
class Program:
    """Straight-line code: value 0 is x; op i defines value i + 1.

    ``ops`` are ``(name, args)`` with ``args`` value ids or :class:`Const`; ``outputs`` are
    the values returned.  ``sel(m, a, b)`` (m a 0/1 mask from ``ge``/``gt``) is kept as one
    operation; numpy lowers it to arithmetic, C to a conditional, JAX/PyTorch to ``where``.
    """

    ops: list[tuple[str, tuple[Arg, ...]]] = field(default_factory=list)
    outputs: list[Arg] = field(default_factory=list)

    def cost(self) -> float:
        """Estimated time per element of the numpy execution (``COST`` units)."""
        prog = lower_sel_numpy(self) if self.uses("sel") else self
        live = prog._live()
        return sum(COST.get(name, 5) for i, (name, _) in enumerate(prog.ops) if (i + 1) in live)

    def _live(self) -> set[int]:
        live: set[int] = {o for o in self.outputs if isinstance(o, int)}
        for i in range(len(self.ops) - 1, -1, -1):
            if (i + 1) in live:
                for a in self.ops[i][1]:
                    if isinstance(a, int):
                        live.add(a)
        return live

    def pruned(self) -> "Program":
        """Dead operations removed, values renumbered."""
        live = self._live()
        remap: dict[int, int] = {0: 0}
        ops: list[tuple[str, tuple[Arg, ...]]] = []
        for i, (name, args) in enumerate(self.ops):
            if (i + 1) not in live:
                continue
            ops.append((name, tuple(remap[a] if isinstance(a, int) else a for a in args)))
            remap[i + 1] = len(ops)
        outs = [remap[o] if isinstance(o, int) else o for o in self.outputs]
        return Program(ops, outs)

    def uses(self, name: str) -> bool:
        return any(n == name for n, _ in self.ops)



def lower_sel_numpy(prog: Program) -> Program:
    """Replace ``sel(m, a, b)`` by arithmetic on the 0/1 mask: m a + (1 - m) b is exact
    (one term is the value, the other an exact zero) as long as a and b are finite."""
    ops: list[tuple[str, tuple[Arg, ...]]] = []
    remap: dict[int, Arg] = {0: 0}
    defs: dict[int, tuple[str, tuple[Arg, ...]]] = {}

    def r(a: Arg) -> Arg:
        return remap[a] if isinstance(a, int) else a

    def add(name: str, *args: Arg) -> Arg:
        if name == "mul" and isinstance(args[1], Const) and args[1].value == 1:
            return args[0]
        if name == "mul" and isinstance(args[0], Const) and args[0].value == 1:
            return args[1]
        ops.append((name, args))
        defs[len(ops)] = (name, args)
        return len(ops)

    zero = Const(sp.Integer(0))
    one = Const(sp.Integer(1))
    for i, (name, args) in enumerate(prog.ops):
        args = tuple(r(a) for a in args)
        if name != "sel":
            remap[i + 1] = add(name, *args)
            continue
        m, a, b = args
        mname, margs = defs[m] if isinstance(m, int) else ("", ())
        if isinstance(b, Const) and b.value == 0:
            remap[i + 1] = add("mul", m, a)
        elif isinstance(a, Const) and a.value == 0 and mname in ("ge", "gt"):
            flip = add("gt" if mname == "ge" else "ge", margs[1], margs[0])
            remap[i + 1] = add("mul", flip, b)
        elif isinstance(a, Const) and isinstance(b, Const):
            remap[i + 1] = add("add", add("mul", m, Const(a.value - b.value)), b)
        else:
            t1 = add("mul", m, a)
            if mname in ("ge", "gt"):
                cm = add("gt" if mname == "ge" else "ge", margs[1], margs[0])
            else:
                cm = add("sub", one, m)
            t2 = add("mul", cm, b)
            remap[i + 1] = add("add", t1, t2)
    outs = [r(o) for o in prog.outputs]
    return Program(ops, outs).pruned()
