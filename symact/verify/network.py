"""The layer model: partial derivatives through the network x -> a_1 = W_1 x + b_1 ->
f_1 = S(a_1) -> ... -> f_n, loss L(f_n), for a generic differentiable S and L."""

from __future__ import annotations

import re
from typing import Iterable, Sequence, cast

import sympy as sp

from .. import budget, rigorous
from ..spec import Activation, x as X
from .context import Link, Unsupported, number_text, step_seconds
from .exact import differ, evaluate_at, evaluator, sign


#: A layer quantity: a_i, b_i, f_i, W_i, z_i.
LAYER = re.compile(r"([abfWz])_(\d+)\Z")


def uses_layers(exprs: Iterable[sp.Basic]) -> bool:
    """Whether the expressions use the layer notation (partial derivatives, S or L without argument)."""
    for e in exprs:
        for d in e.atoms(sp.Derivative):
            for v, _ in d.variable_count:
                if v != X and not isinstance(v, sp.Dummy):  # Subs(Derivative(F(u), u), u, a): F' at a point
                    return True
        for a in e.atoms(sp.core.function.AppliedUndef):
            if not a.args:
                return True
    return False


class Network:
    """x -> a_1 = W_1 x + b_1 -> f_1 = S(a_1) -> a_2 = W_2 f_1 + b_2 -> ... -> f_n; L = L(f_n)."""

    def __init__(self, exprs: Sequence[sp.Basic]) -> None:
        n = 0
        for e in exprs:
            names = {s for s in e.free_symbols} | {v for d in e.atoms(sp.Derivative) for v, _ in d.variable_count}
            for s in names:
                m = LAYER.match(getattr(s, "name", ""))
                if m:
                    n = max(n, int(m.group(2)))
        if n == 0:
            raise Unsupported("partial derivatives outside the layer notation (a_i, f_i, W_i, b_i)")
        if n > 12:
            raise Unsupported("networks deeper than 12 layers in the layer model")
        self.n = n
        self.S = sp.Function("S", real=True)
        self.L = sp.Function("L", real=True)
        self.W = {i: sp.Symbol(f"W_{i}", real=True) for i in range(1, n + 1)}
        self.b = {i: sp.Symbol(f"b_{i}", real=True) for i in range(1, n + 1)}
        self.a = {i: sp.Symbol(f"a_{i}", real=True) for i in range(1, n + 1)}
        self.f = {i: sp.Symbol(f"f_{i}", real=True) for i in range(1, n + 1)}
        self.independent = [X, *self.W.values(), *self.b.values()]

    def expand(self, q: sp.Symbol, leaf: sp.Symbol | None = None) -> sp.Expr:
        if q == leaf:
            return q
        m = LAYER.match(q.name)
        if not m or m.group(1) not in "af":
            return q
        i = int(m.group(2))
        if i > self.n:
            raise Unsupported(f"{q} is beyond the network's depth")
        if m.group(1) == "a":
            prev = X if i == 1 else self.expand(self.f[i - 1], leaf)
            return cast("sp.Expr", self.W[i] * prev + self.b[i])
        return cast("sp.Expr", self.S(self.expand(self.a[i], leaf)))

    def model(self, e: sp.Expr, leaf: sp.Symbol | None = None) -> sp.Expr:
        """e with the network's quantities written in the independent variables (and ``leaf``)."""
        subs = {s: self.expand(s, leaf) for s in cast("set[sp.Symbol]", e.free_symbols) if LAYER.match(s.name) and cast("re.Match[str]", LAYER.match(s.name)).group(1) in "af"}
        return e.xreplace(subs) if subs else e

    def value(self, e: sp.Basic) -> sp.Expr:
        if isinstance(e, sp.Derivative):
            if len(e.variable_count) != 1 or e.variable_count[0][1] != 1:
                raise Unsupported("higher or mixed partial derivatives in the layer model")
            v = e.variable_count[0][0]
            num = e.expr
            intermediate = bool(LAYER.match(v.name)) and cast("re.Match[str]", LAYER.match(v.name)).group(1) in "af"
            if isinstance(num, sp.core.function.AppliedUndef) and not num.args:
                name = type(num).__name__
                if name == "S":
                    if not (intermediate and v.name.startswith("a_")):
                        raise Unsupported(f"dS/d{v}: S alone is a function of a pre-activation a_i")
                    body = self.S(v)
                elif name == "L":
                    body = self.L(self.expand(self.f[self.n], v if intermediate else None))
                else:
                    raise Unsupported(f"{name} is not part of the layer model")
            else:
                body = self.model(self.value(num), v if intermediate else None)
            if v not in body.free_symbols and not body.has(v):
                raise Unsupported(f"the numerator does not depend on {v}")
            d = budget.run(sp.diff, body, v, what="differentiating the layer model")
            return cast("sp.Expr", d.subs(v, self.expand(v)) if intermediate else d)
        if isinstance(e, sp.core.function.AppliedUndef):
            name = type(e).__name__
            if name not in ("S", "L") or len(e.args) != 1:
                raise Unsupported(f"{name} in the layer model")
            return cast("sp.Expr", (self.S if name == "S" else self.L)(self.value(e.args[0])))
        if isinstance(e, sp.Symbol):
            return self.model(e)
        if e.args:
            return cast("sp.Expr", e.func(*[self.value(a) for a in e.args]))
        return e  # type: ignore[return-value]

    def check(self, A: sp.Expr, B: sp.Expr, act: Activation | None) -> Link:
        d = A - B
        try:
            # exact algebra (derivatives of S and L are atoms): simplify is not trusted alone
            z = budget.run(lambda: sp.Integer(0) if rigorous.exact_zero(sp.expand(d.doit()), seconds=step_seconds()) else d,
                           seconds=2 * step_seconds(), what="an exact zero test of a chain-rule difference")
        except budget.Timeout:
            z = None
        # numeric check with concrete S and L
        t = sp.Dummy("t", real=True)
        s_expr = (act.expr if act is not None and act.pieces.smooth else sp.tanh(X)).xreplace({X: t})
        concrete = {self.S: sp.Lambda(t, s_expr), self.L: sp.Lambda(t, sp.sin(t) + t**2 / 3)}
        try:
            ca = A.subs(concrete).doit()
            cb = B.subs(concrete).doit()
            fa, fb = evaluator(ca, self.independent), evaluator(cb, self.independent)
        except Unsupported as exc:
            return Link("unknown", "layer model", str(exc))
        rng = __import__("random").Random(5)
        for _ in range(12):
            pt = [sp.Rational(rng.randint(-150, 150), 100) for _ in self.independent]
            va, vb = evaluate_at(fa, *pt), evaluate_at(fb, *pt)
            env = dict(zip(self.independent, pt))
            if differ(va, vb) and sign(ca.xreplace(env) - cb.xreplace(env)) in (1, -1):  # confirmed exactly
                at = {str(s): str(v) for s, v in zip(self.independent, pt)}
                return Link("refuted", "layer model: evaluation at 50 digits",
                             f"with S = {s_expr.xreplace({t: X})} and L = sin(t) + t^2/3 the sides differ at {at}",
                             {"x": at.get("x"), "at": at, "lhs": number_text(va), "rhs": number_text(vb)})
        if z == 0:
            return Link("proved", "layer model: symbolic identity",
                         f"in the network of depth {self.n} (a_1 = W_1 x + b_1, f_i = S(a_i), a_(i+1) = W_(i+1) f_i + b_(i+1), "
                         f"loss L(f_{self.n})), both sides are the same expression for every differentiable S and L",
                         certificate={"kind": "chain rule", "depth": self.n, "lhs": str(A), "rhs": str(B), "difference": "0"})
        return Link("unknown", "layer model", "the sides agree numerically but SymPy could not simplify the difference to 0")
