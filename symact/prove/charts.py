"""Sign charts of h = f^(k+1) on a piece: zeros (exact from SymPy, or enclosed by interval
bisection), the sign between them (interval covers, tail proofs, SymPy's assumptions)."""

from __future__ import annotations
from typing import Any, Callable, cast

import functools

import mpmath
import sympy as sp

from .. import budget
from .. import certificate as C
from ..intervals import DomainError, compile_iv, const_iv, sign_iv, sign_of_constant, tail_sign
from ..numeric import NumericError, compile_mp
from ..results import ProofStep
from ..spec import Activation, x as X
from .base import cmp, deriv, dyadic, ex, fk, MAX_BOXES, num_float, ROOT_HALF_WIDTH_BITS, SAMPLES, short_text, step_seconds, TAIL_STARTS, Unknown
from .prose import fk_at, fkm, interval_m, item_text


def _exact_roots(h: sp.Expr, lo: sp.Expr, hi: sp.Expr, closed: bool) -> list[sp.Expr] | None:
    """Exact zeros of h in the domain from solveset (then solve); None if SymPy finds no
    finite list.  These are candidates: every one is re-checked, and the interval cover
    proves there are no others."""
    dom = sp.Interval(lo, hi) if closed else sp.Interval.open(lo, hi)
    out: list[sp.Expr] | None = None
    eq = h
    try:
        r = budget.run(sp.solveset, h, X, dom, seconds=step_seconds(), what="solveset for critical points")
        if isinstance(r, sp.FiniteSet):
            out = list(r)
        elif r == sp.S.EmptySet:
            out = []
        elif isinstance(r, sp.ConditionSet) and isinstance(r.condition, sp.Eq):
            eq = r.condition.lhs - r.condition.rhs  # solveset's simplified equation
    except budget.Timeout:
        pass
    except Exception:  # noqa: BLE001 - SymPy could not solve: no exact candidates
        pass
    if out is None and sp.count_ops(eq) <= 30:
        # solve knows the Lambert W function (x + e^x + 1 = 0 for SiLU')
        try:
            sols = budget.run(sp.solve, eq, X, seconds=step_seconds() / 2, what="solve for critical points")
            if isinstance(sols, list):
                out = [s for s in sols if isinstance(s, sp.Expr) and not s.free_symbols]
        except budget.Timeout:
            pass
        except Exception:  # noqa: BLE001
            pass
    if out is None:
        return None
    good = []
    for c in out:
        if c.free_symbols and not all(s.is_real for s in c.free_symbols):
            continue
        if not c.free_symbols:
            try:
                iv = const_iv(c)
            except (DomainError, TypeError, ValueError):
                continue
            if not (C.compare_nums(ex(lo), ex(c)) in (-1, 0) and C.compare_nums(ex(c), ex(hi)) in (-1, 0)):
                continue
        good.append(c)
    return good


def _numeric_zeros(h: sp.Expr, a: sp.Expr, b: sp.Expr) -> list[tuple[mpmath.mpf, str]]:
    """Approximate zeros of h on [a, b] (finite): sign changes (bisected to 60 digits) and
    touching zeros (local minima of |h| below 1e-25).  The dense first pass runs in float64
    (numpy) where that is reliable and in mpmath elsewhere; every zero is refined in mpmath.
    A zero missed here is not a wrong result: the interval cover then fails (unknown)."""
    try:
        fn = compile_mp(h)
    except NumericError as exc:
        raise Unknown(f"cannot evaluate f^(k) numerically: {exc}") from None
    fa, fb = num_float(ex(a)), num_float(ex(b))
    n = SAMPLES
    with mpmath.workdps(30):
        xs = [fa + (fb - fa) * (j + mpmath.mpf("0.5")) / n for j in range(n)]
        if fa < 0 < fb:  # denser near 0, where activations do their work
            extra = [mpmath.mpf(j) / 200 for j in range(-400, 401) if fa < mpmath.mpf(j) / 200 < fb]
            xs = sorted(set(xs) | set(extra))
    vals = _sample(h, fn, xs)
    out: list[tuple[mpmath.mpf, str]] = []
    with mpmath.workdps(30):
        for j in range(len(xs) - 1):
            v0, v1 = vals[j], vals[j + 1]
            if v0 == 0:
                out.append((xs[j], "exact-sample"))
            elif v0 * v1 < 0:
                out.append((_bisect(fn, xs[j], xs[j + 1]), "simple"))
        if vals and vals[-1] == 0:
            out.append((xs[-1], "exact-sample"))
        scale = max((abs(v) for v in vals), default=mpmath.mpf(1)) or mpmath.mpf(1)
        for j in range(1, len(xs) - 1):
            v0, v1, v2 = abs(vals[j - 1]), abs(vals[j]), abs(vals[j + 1])
            if v1 <= v0 and v1 <= v2 and vals[j - 1] * vals[j + 1] > 0 and v1 < scale * mpmath.mpf(10) ** -3:
                r = _touch(fn, xs[j - 1], xs[j + 1])
                if r is not None:
                    out.append((r, "touch"))
    return out


def _sample(h: sp.Expr, fn: Any, xs: list[Any]) -> list[Any]:
    """h at the points xs: float64 values where they are finite and clearly away from 0
    (|v| > 1e-9 of the largest), mpmath values at 30 digits elsewhere."""
    vals: list[Any] = [None] * len(xs)
    try:
        import numpy as np

        from ..numeric import compile_numpy

        with np.errstate(all="ignore"):
            fv = compile_numpy(h)(np.array([float(t) for t in xs]))
        finite = np.isfinite(fv)
        big = float(np.max(np.abs(fv[finite]))) if finite.any() else 0.0
        for j, v in enumerate(fv.tolist()):
            if finite[j] and abs(v) > 1e-9 * big and abs(v) > 1e-300:
                vals[j] = mpmath.mpf(v)
    except Exception:  # noqa: BLE001 - no float evaluator for this expression: mpmath only
        pass
    with mpmath.workdps(30):
        for j, t in enumerate(xs):
            if vals[j] is None:
                try:
                    v = fn(t)
                except (ValueError, ZeroDivisionError):
                    raise Unknown(f"f^(k) is not defined at x = {mpmath.nstr(t, 8)}") from None
                vals[j] = mpmath.re(v) if isinstance(v, mpmath.mpc) else v
    return vals


def _bisect(fn: Any, a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
    with mpmath.workdps(70):
        fa = fn(a)
        for _ in range(230):
            m = (a + b) / 2
            fm = fn(m)
            if fm == 0:
                return m
            if (fm < 0) == (fa < 0):
                a, fa = m, fm
            else:
                b = m
        return (a + b) / 2


def _touch(fn: Any, a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf | None:
    """Minimise |fn| on [a, b] by golden-section search; the minimiser if |fn| < 1e-25."""
    with mpmath.workdps(60):
        g = (mpmath.sqrt(5) - 1) / 2
        c, d = b - g * (b - a), a + g * (b - a)
        for _ in range(200):
            if abs(fn(c)) < abs(fn(d)):
                b = d
            else:
                a = c
            c, d = b - g * (b - a), a + g * (b - a)
        m = (a + b) / 2
        return m if abs(fn(m)) < mpmath.mpf(10) ** -25 else None


def _cover(h: sp.Expr, a: sp.Expr, b: sp.Expr, s: int, max_boxes: int = MAX_BOXES) -> dict[str, Any]:
    """A partition a = p0 < ... < pn = b with the interval value of h of sign s on each box."""
    fn = compile_iv(h)
    pts = [a]
    stack = [(a, b, 0)]
    boxes = 0
    while stack:
        u, v, depth = stack.pop()
        boxes += 1
        if boxes > max_boxes:
            raise Unknown(f"the sign of f^(k) on [{short_text(a)}, {short_text(b)}] needs more than {max_boxes} interval boxes")
        try:
            sg = sign_iv(fn(C.box_of(u, v)))
        except DomainError:
            sg = None
        if sg == s:
            pts.append(v)
            continue
        if sg == -s:
            raise Unknown(f"f^(k) has the wrong sign on [{short_text(u)}, {short_text(v)}] (a zero was missed)")
        if depth > 80:
            raise Unknown(f"cannot separate f^(k) from 0 near x = {short_text(u)}")
        m = _midpoint(u, v)
        stack.append((m, v, depth + 1))
        stack.append((u, m, depth + 1))
    return {"type": "cover", "a": a, "b": b, "sign": s, "points": pts}


def _midpoint(u: sp.Expr, v: sp.Expr) -> sp.Rational:
    if u.is_Rational and v.is_Rational:
        return cast("sp.Rational", (u + v) / 2)
    with mpmath.workprec(300):
        m = (num_float(ex(u)) + num_float(ex(v))) / 2
    return dyadic(m, 120)


def sign_at(h: sp.Expr, p: sp.Expr) -> int | None:
    try:
        iv = compile_iv(h)(C.box_of(p, p))
    except DomainError:
        return None
    return sign_iv(iv)


def _sign_num(h: sp.Expr, t: mpmath.mpf) -> int:
    with mpmath.workdps(40):
        v = compile_mp(h)(t)
    if isinstance(v, mpmath.mpc):
        v = mpmath.re(v)
    if v == 0:
        return 0
    return 1 if v > 0 else -1


def _tail_proof(act: Activation, i: int, j: int, side: int, L: sp.Rational, depth: int = 0) -> dict[str, Any] | None:
    """Proof that f^(j) has one sign on the tail (see certificate._tail_ok)."""
    e = deriv(act, i, j)
    tp = tail_sign(e, side, L)
    if tp is not None:
        return {"method": tp.method, "sign": tp.sign}
    if depth >= 2:
        return None
    sub = _tail_proof(act, i, j + 1, side, L, depth + 1)
    if sub is None:
        return None
    s_at = sign_at(e, side * L)
    if s_at is None:
        return None
    lim = C.limit_at(e, sp.oo if side > 0 else -sp.oo, seconds=budget.default_seconds())
    if lim is None:
        return None
    s_lim = 0 if lim == 0 else (1 if lim is sp.oo else -1 if lim is sp.S.NegativeInfinity else sign_of_constant(lim))
    if s_lim not in (0, s_at):
        return None
    return {"method": "monotone", "sign": s_at, "limit": lim, "derivative": sub}


def _root_box(act: Activation, i: int, j: int, c: sp.Expr, m: int, lo_lim: sp.Expr, hi_lim: sp.Expr, at_lo: bool, at_hi: bool) -> tuple[sp.Expr, sp.Expr, int]:
    """A box [cl, cr] around the exact zero c of h = f^(j) on which h^(m) has one sign."""
    with mpmath.workprec(300):
        return _root_box_(act, i, j, c, m, lo_lim, hi_lim, at_lo, at_hi)


def _root_box_(act: Activation, i: int, j: int, c: sp.Expr, m: int, lo_lim: sp.Expr, hi_lim: sp.Expr, at_lo: bool, at_hi: bool) -> tuple[sp.Expr, sp.Expr, int]:
    hm = deriv(act, i, j + m)
    cf = num_float(ex(c))
    span_lo = cf - num_float(ex(lo_lim)) if not at_lo else mpmath.inf
    span_hi = num_float(ex(hi_lim)) - cf if not at_hi else mpmath.inf
    r = min(mpmath.mpf(1) / 4, span_lo / 3, span_hi / 3)
    for _ in range(70):
        cl = c if at_lo else dyadic(cf - r, 120)
        cr = c if at_hi else dyadic(cf + r, 120)
        if (at_lo or C.compare_nums(ex(cl), ex(c)) == -1) and (at_hi or C.compare_nums(ex(c), ex(cr)) == -1):
            try:
                s = sign_iv(compile_iv(hm)(C.box_of(cl, cr)))
            except DomainError:
                s = None
            if s is not None:
                return cl, cr, s
        r /= 2
    raise Unknown(f"no box around the zero {c} of f^({j}) where f^({j + m}) keeps one sign")


def _simple_root(act: Activation, i: int, j: int, r: mpmath.mpf, lo_lim: sp.Expr, hi_lim: sp.Expr) -> dict[str, Any]:
    """Enclosure of a simple zero r (approximate) of h = f^(j) without a closed form."""
    with mpmath.workprec(300):
        return _simple_root_(act, i, j, r, lo_lim, hi_lim)


def _simple_root_(act: Activation, i: int, j: int, r: mpmath.mpf, lo_lim: sp.Expr, hi_lim: sp.Expr) -> dict[str, Any]:
    h, hd = deriv(act, i, j), deriv(act, i, j + 1)
    half = mpmath.mpf(2) ** -ROOT_HALF_WIDTH_BITS
    tl, tr = dyadic(r - half, 200), dyadic(r + half, 200)
    sl, sr = sign_at(h, tl), sign_at(h, tr)
    if sl is None or sr is None or sl == sr:
        raise Unknown(f"cannot enclose the zero of f^({j}) near x = {mpmath.nstr(r, 12)}")
    sd = sr
    span = min(r - num_float(ex(lo_lim)), num_float(ex(hi_lim)) - r)
    w = min(mpmath.mpf(1) / 4, span / 3)
    for _ in range(70):
        cl, cr = dyadic(r - w, 120), dyadic(r + w, 120)
        if cl < tl and tr < cr:
            try:
                s = sign_iv(compile_iv(hd)(C.box_of(cl, cr)))
            except DomainError:
                s = None
            if s == sd:
                return {"type": "simple-root", "enclosure": (tl, tr), "box": (cl, cr), "slope": sd}
        w /= 2
    raise Unknown(f"no box around the zero of f^({j}) near {mpmath.nstr(r, 12)} where f^({j + 1}) keeps one sign")


def _root_order(act: Activation, i: int, j: int, c: sp.Expr) -> int | None:
    """Order of the zero c of f^(j): the first m >= 1 with f^(j+m)(c) != 0 (numerically),
    provided f^(j)..f^(j+m-1) vanish at c symbolically."""
    for m in range(1, 5):
        try:
            sg = sign_of_constant(deriv(act, i, j + m).xreplace({X: c}), (128, 256))
        except Exception:  # noqa: BLE001
            sg = None
        if sg in (1, -1):
            for jj in range(m):
                if not C.is_zero(deriv(act, i, j + jj).xreplace({X: c}), seconds=step_seconds()):
                    return None
            return m
    return None


def sign_chart(act: Activation, i: int, k: int, lo: sp.Expr, hi: sp.Expr, closed: bool) -> tuple[list[Any], list[Any], list[Any]]:
    """Sign chart of h = f^(k+1) on the domain: (items, zeros, steps); zeros are dicts
    {'x': num, 'left': sign or None, 'right': sign or None} in order."""
    h = deriv(act, i, k + 1)
    if act.free_params or h.free_symbols - {X}:
        return _chart_symbolic(act, i, k, lo, hi, closed)
    try:
        return _chart_symbolic(act, i, k, lo, hi, closed, quick=True)
    except Unknown:
        pass
    return _chart_numeric(act, i, k, lo, hi, closed)


def _chart_symbolic(act: Activation, i: int, k: int, lo: sp.Expr, hi: sp.Expr, closed: bool, quick: bool = False) -> tuple[list[Any], list[Any], list[Any]]:
    """Chart from exact zeros (solveset) and signs by SymPy's assumptions."""
    h = deriv(act, i, k + 1)
    hname = fk(k + 1)
    if quick and sp.count_ops(h) > 25:
        raise Unknown("expression too large for the symbolic sign method")
    roots = _exact_roots(h, lo, hi, closed)
    if roots is None:
        raise Unknown(f"SymPy finds no closed form for the zeros of {hname}")
    if closed and roots:
        raise Unknown("closed windows use the numeric chart")
    try:
        order: Callable[[sp.Expr, sp.Expr], int] = lambda a, b: cmp(ex(a), ex(b))  # noqa: E731
        roots = sorted(set(roots), key=functools.cmp_to_key(order))
    except Unknown:
        raise Unknown("cannot order the zeros of the derivative") from None
    nodes = [lo, *roots, hi]
    items: list[Any] = []
    zeros: list[Any] = []
    signs = []
    for a, b in zip(nodes, nodes[1:]):
        s = C.symbolic_sign(h, a, b)
        if s is None:
            raise Unknown(f"SymPy's assumptions do not give the sign of {hname} on ({a}, {b})")
        signs.append(s)
        items.append({"type": "symbolic", "a": a, "b": b, "sign": s})
    out_items = []
    steps: list[Any] = []
    for j, it in enumerate(items):
        out_items.append(it)
        steps.append(ProofStep(fkm(k + 1, "(x) = "), h, f" is {'positive' if it['sign'] > 0 else 'negative'} on ",
                               interval_m(it["a"], it["b"], False, False), " (sign of each factor, by SymPy's assumptions)."))
        if j < len(roots):
            c = roots[j]
            if not C.is_zero(h.xreplace({X: c}), seconds=step_seconds()):
                raise Unknown(f"{hname}({c}) = 0 is not confirmed")
            out_items.append({"type": "point", "at": c})
            zeros.append({"x": ex(c), "left": signs[j], "right": signs[j + 1]})
            steps.append(ProofStep(*fk_at(k + 1, c, " = 0"), "."))
    return out_items, zeros, steps


def _chart_numeric(act: Activation, i: int, k: int, lo: sp.Expr, hi: sp.Expr, closed: bool) -> tuple[list[Any], list[Any], list[Any]]:
    j = k + 1  # order of h
    h = deriv(act, i, j)
    hname, h2name = fk(j), fk(j + 1)
    # tails
    left_tail = right_tail = None
    A, B = lo, hi
    if lo is sp.S.NegativeInfinity:
        for L in TAIL_STARTS:
            Lr = sp.Integer(L)
            if hi.is_finite and C.compare_nums(ex(-Lr), ex(hi - 1)) != -1:
                continue
            if sign_at(h, -Lr) not in (1, -1):
                continue  # a zero of h at the tail's start: take another start
            pr = _tail_proof(act, i, j, -1, Lr)
            if pr is not None:
                left_tail = {"type": "tail", "side": -1, "L": Lr, "sign": pr["sign"], "proof": pr}
                A = -Lr
                break
        if left_tail is None:
            raise Unknown(f"no proof of the sign of {hname} as x -> -oo")
    if hi is sp.oo:
        for L in TAIL_STARTS:
            Lr = sp.Integer(L)
            if A.is_finite and C.compare_nums(ex(Lr), ex(A + 1)) != 1:
                continue
            if sign_at(h, Lr) not in (1, -1):
                continue
            pr = _tail_proof(act, i, j, 1, Lr)
            if pr is not None:
                right_tail = {"type": "tail", "side": 1, "L": Lr, "sign": pr["sign"], "proof": pr}
                B = Lr
                break
        if right_tail is None:
            raise Unknown(f"no proof of the sign of {hname} as x -> oo")
    # zeros in [A, B]
    approx = _numeric_zeros(h, A, B)
    exact = _exact_roots(h, A, B, True) or []
    exact_f = [(c, num_float(ex(c))) for c in exact]
    roots: list[dict[str, Any]] = []  # {'exact': c} or {'approx': r}
    used = set()
    for r, kind in approx:
        match = None
        for idx, (c, cf) in enumerate(exact_f):
            if abs(cf - r) < mpmath.mpf(10) ** -12 * max(1, abs(r)):
                match = idx
                break
        if match is not None:
            used.add(match)
            roots.append({"exact": exact_f[match][0], "f": exact_f[match][1]})
        elif kind == "simple":
            roots.append({"approx": r, "f": r})
        else:
            # a touching zero without a closed form cannot be certified
            raise Unknown(f"{hname} touches 0 near x = {mpmath.nstr(r, 12)} and SymPy gives no exact zero there")
    for idx, (c, cf) in enumerate(exact_f):
        if idx not in used:
            roots.append({"exact": c, "f": cf})
    # merge duplicates (an exact zero found twice)
    roots.sort(key=lambda d: d["f"])
    dedup: list[dict[str, Any]] = []
    for r in roots:
        if dedup and abs(dedup[-1]["f"] - r["f"]) < mpmath.mpf(10) ** -20:
            if "exact" in r and "exact" not in dedup[-1]:
                dedup[-1] = r
            continue
        dedup.append(r)
    roots = dedup
    # items
    items: list[Any] = []
    zeros: list[Any] = []
    if left_tail:
        items.append(left_tail)
    start = A
    for idx, r in enumerate(roots):
        prev_lim = A if idx == 0 else _ex_f(roots[idx - 1])
        next_lim = B if idx == len(roots) - 1 else _ex_f(roots[idx + 1])
        at_lo = "exact" in r and C.compare_nums(ex(r["exact"]), ex(A)) == 0
        at_hi = "exact" in r and C.compare_nums(ex(r["exact"]), ex(B)) == 0
        if (at_lo and lo.is_finite and not closed) or (at_hi and hi.is_finite and not closed):
            pass  # a zero at an open end of the piece: handled like an interior root, one-sided
        elif at_lo or at_hi:
            raise Unknown("a zero at the end of a closed window")
        if "exact" in r:
            c = r["exact"]
            m = _root_order(act, i, j, c)
            if m is None:
                if "approx" not in r:
                    # fall back to an enclosure if the zero is simple
                    r = {"approx": r["f"], "f": r["f"]}
            if m is not None:
                cl, cr, s = _root_box(act, i, j, c, m, prev_lim, next_lim, at_lo, at_hi)
                if C.compare_nums(ex(start), ex(cl)) == -1:
                    items.append(_cover(h, start, cl, _sign_num(h, (num_float(ex(start)) + num_float(ex(cl))) / 2)))
                items.append({"type": "root", "at": c, "order": m, "box": (cl, cr), "sign": s})
                left = None if at_lo else s * (-1) ** m
                right = None if at_hi else s
                zeros.append({"x": ex(c), "left": left, "right": right})
                start = cr
                continue
        it = _simple_root(act, i, j, r["f"], prev_lim, next_lim)
        cl, cr = it["box"]
        if C.compare_nums(ex(start), ex(cl)) == -1:
            items.append(_cover(h, start, cl, _sign_num(h, (num_float(ex(start)) + num_float(ex(cl))) / 2)))
        items.append(it)
        zeros.append({"x": {"enclosure": it["enclosure"]}, "left": -it["slope"], "right": it["slope"]})
        start = cr
    if C.compare_nums(ex(start), ex(B)) == -1:
        mid = (num_float(ex(start)) + num_float(ex(B))) / 2
        items.append(_cover(h, start, B, _sign_num(h, mid)))
    if right_tail:
        items.append(right_tail)
    steps = [item_text(it, j) for it in items]
    # the covers and tails give the sign next to each zero; fill in left/right for zeros
    # that were found from the box (already set) and check adjacent signs agree
    return items, zeros, steps


def _ex_f(r: dict[str, Any]) -> sp.Expr:
    if "exact" in r:
        return cast("sp.Expr", r["exact"])
    return dyadic(r["f"], 200)
