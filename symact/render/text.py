"""The text renderer: what the command line prints for every command (no mathematics here).

One function per result type, each taking the plain record an analysis returned
(:mod:`symact.results`) and returning the text, ending in a newline:

- :func:`catalog_text` (``symact list``), :func:`derivation_text` (``symact derive``),
- :func:`proof_text` and :func:`relations_text` (``symact prove``),
- :func:`verdict_text` (``symact verify``),
- :func:`gradient_text`, :func:`gradient_table` (``--all``) and :func:`simulation_text`
  (``symact gradient``).

Numbers are shown exactly where they are exact (SymPy's ``str``, decimals as decimals through
:func:`symact.render.text_expr`) and otherwise with the digits a certified enclosure fixes
(:func:`certified_text`), correctly rounded by ball arithmetic, never through ``float``.  The
JSON output is each record's ``to_json()``, the LaTeX output :mod:`symact.report`; the
command line (:mod:`symact.cli`) only picks one of them.  The output is a contract
(tests/test_cli.py): change it only on purpose.
"""

from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from ..prove.registry import LABELS, lookup
from .base import certified_digits, decimal_of, decimal_text, text_expr

__all__ = ["catalog_text", "derivation_text", "proof_text", "relations_text", "verdict_text", "counterexample_text",
           "gradient_text", "gradient_table", "simulation_text", "set_text", "value_text", "certified_text",
           "PROPERTY_LABELS"]


# -- the numbers and sets of every command -----------------------------------------------

def set_text(s: Any) -> str:
    """Sets in the usual notation: (0, 1], [0, oo), {0, 1}, (-oo, -1/2) U {0} U (1/2, oo)."""
    if isinstance(s, sp.Interval):
        lo = "(" if s.left_open or s.start.is_infinite else "["
        hi = ")" if s.right_open or s.end.is_infinite else "]"
        return f"{lo}{text_expr(s.start)}, {text_expr(s.end)}{hi}"
    if isinstance(s, sp.FiniteSet):
        return "{" + ", ".join(text_expr(v) for v in s) + "}"
    if isinstance(s, sp.Union):
        def key(p: Any) -> tuple[Any, ...]:
            try:
                lo = p.inf
                return (0, float(lo) if lo.is_finite else (-1e300 if lo == -sp.oo else 1e300), str(p))
            except Exception:  # noqa: BLE001 - sets without a computable infimum (ImageSet)
                return (1, 0.0, str(p))

        return " U ".join(set_text(p) for p in sorted(s.args, key=key))
    if isinstance(s, sp.ImageSet):
        lam = s.lamda
        return f"{text_expr(lam.expr.subs(lam.variables[0], sp.Symbol('n')))} (n integer)"
    return text_expr(s)


def value_text(v: Any, approximate: bool = True) -> str:
    """A claim's value (or ``at``) as one line of plain text; with ``approximate``, an exact
    irrational constant is followed by its correctly rounded 12-digit decimal (``= 0.2...``)."""
    if v is None:
        return "?"
    if isinstance(v, str):
        return v
    if isinstance(v, sp.Set):
        return set_text(v)
    if isinstance(v, tuple):
        return "(" + ", ".join(value_text(a, approximate) for a in v) + ")"
    if isinstance(v, sp.Basic):
        t = text_expr(v)
        if approximate and not v.free_symbols and not v.is_Rational and not v.is_Float and not v.is_infinite and v.is_real:
            try:
                approx = decimal_text(v, 12)  # correctly rounded (ball arithmetic), not float()
            except ValueError:
                approx = t
            if approx != t:
                t += f" = {approx}"
        return t
    return str(v)


def _endpoint_text(r: Any, digits: int = 20) -> str:
    """An enclosure endpoint (an exact decimal) shown with ``digits`` significant digits."""
    d = decimal_of(r, max_digits=80) if not r.is_Integer else str(r)
    if d is None:
        return str(r)
    sign = "-" if d.startswith("-") else ""
    body = d.lstrip("-")
    lead = len(body) - len(body.lstrip("0."))
    return sign + body[: lead + digits + (1 if "." in body[lead: lead + digits + 1] else 0)]


def certified_text(lo: Any, hi: Any) -> str:
    """The decimal an enclosure [lo, hi] certifies (every digit shown); a point enclosed
    around 0 is shown as 0 with its bound, not as the midpoint (-8.9e-72)."""
    lo, hi = sp.Rational(lo), sp.Rational(hi)
    if lo <= 0 <= hi:
        if lo == hi:
            return "0"
        return f"0 (|x| <= {decimal_text(max(-lo, hi), 2)}, enclosed)"
    return certified_digits(lo, hi, 15)


# -- symact list -------------------------------------------------------------------------

def catalog_text(acts: Sequence[Any]) -> str:
    """One line per activation: name, formula, parameters with their defaults."""
    width = max(len(a.name) for a in acts)
    out = []
    for a in acts:
        params = ", ".join(f"{p.name}={text_expr(p.default)}" for p in a.params)
        line = f"{a.name:<{width}}  {text_expr(a.template)}"
        if params:
            line += f"   [{params}]"
        out.append(line + "\n")
    return "".join(out)


# -- symact derive -----------------------------------------------------------------------

def derivation_text(d: Any) -> str:
    lines = [f"{d.name}(x) = {text_expr(d.expr)}"]
    vals = ", ".join(f"{k} = {text_expr(v) if v is not None else 'symbolic'}" for k, v in d.values.items())
    if vals:
        lines.append(f"  parameters: {vals}")
    for info in d.derivatives:
        tick = "'" * info.order if info.order <= 3 else f"^({info.order})"
        lines.append(f"  f{tick}(x) = {text_expr(info.expr)}")
        form = info.form
        if form.expr is not None:
            label = "in terms of f" if form.kind == "f" else "in terms of f and x"
            lines.append(f"      {label}: {text_expr(form.expr)}   [checked: {form.check}]")
        else:
            lines.append(f"      in terms of f: none ({form.reason})")
        for k in info.kinks:
            lines.append(
                f"      not defined at x = {text_expr(k.at)}: left {text_expr(k.left)}, right {text_expr(k.right)}"
                + (f" ({k.note})" if k.note else "")
            )
    return "\n".join(lines) + "\n"


# -- symact prove ------------------------------------------------------------------------

#: The property labels of the text output: the one table, :mod:`symact.prove.registry`.
PROPERTY_LABELS = LABELS


def proof_text(proof: Any, act: Any, steps: bool = False) -> str:
    lines = [f"{proof.name}(x) = {text_expr(act.expr if act.pieces.smooth else act.pieces.to_piecewise())}"]
    vals = ", ".join(f"{k} = {text_expr(v) if v is not None else 'symbolic'}" for k, v in proof.values.items())
    if vals:
        lines.append(f"  parameters: {vals}")
    width = max(len(lbl) for lbl in PROPERTY_LABELS.values())
    for c in proof.claims:
        label = PROPERTY_LABELS.get(c.property, c.property)
        value = value_text(c.value) if c.status != "unknown" or c.value is not None else "?"
        if c.enclosure is not None:
            lo, hi = c.enclosure
            if isinstance(c.value, sp.Float):  # the midpoint: show the digits the enclosure certifies instead
                value = certified_text(lo, hi)
            value += f" (enclosure [{_endpoint_text(lo)}, {_endpoint_text(hi)}])"
        extra = []
        spec = lookup(c.property)
        word = spec.at_text if spec is not None else "at"
        if c.at is not None and word is not None:
            if word == "about":
                extra.append(f"about {value_text(c.at)}")
            elif isinstance(c.at, sp.FiniteSet) and len(c.at) == 1 and getattr(c, "at_enclosure", None) is not None:
                extra.append(f"{word} x = {certified_text(*c.at_enclosure)}")  # not the midpoint's float digits
            elif isinstance(c.at, sp.FiniteSet) and len(c.at) == 1:
                extra.append(f"{word} x = {value_text(next(iter(c.at)))}")
            else:
                extra.append(f"{word} x in {value_text(c.at)}")
        if c.attained is not None and (spec is None or spec.attained_text == "shown" or not c.value.is_infinite):
            extra.append("attained" if c.attained else "not attained")
        status = "" if c.status == "proved" else f"  [{c.status.upper()}: {c.reason}]"
        line = f"  {label:<{width}}  {value}"
        if extra:
            line += "   (" + ", ".join(extra) + ")"
        lines.append(line + status)
        if steps and c.certificate is not None and c.status == "proved":
            for st in c.certificate.steps:
                lines.append(f"  {'':<{width}}    . {st}")
    counts = proof.counts()
    lines.append(f"  -- {counts['proved']} proved, {counts['unknown']} unknown; every proof re-verified by the independent checker")
    return "\n".join(lines) + "\n"


def relations_text(rels: list[Any]) -> str:
    lines = ["relations between activations:"]
    width = max([40] + [len(str(r.value)) for r in rels])
    for r in rels:
        lines.append(f"  {r.value:<{width}}  {r.status}" + ("" if r.status == "proved" else f" ({r.reason})"))
    return "\n".join(lines) + "\n"


# -- symact verify -----------------------------------------------------------------------

def verdict_text(v: Any) -> str:
    lines = [f"{v.verdict}: {v.claim}"]
    if v.activation:
        lines.append(f"  f = {v.activation}")
    lines.append(f"  {v.reason}")
    if v.counterexample:
        lines.append(f"  counterexample: {counterexample_text(v.counterexample)}")
    if len(v.steps) > 1:
        for k, s in enumerate(v.steps, 1):
            lines.append(f"  step {k}: {s.lhs}  {s.relation}  {s.rhs}")
            lines.append(f"    {s.verdict} ({s.method}): {s.reason}")
            for note in s.notes:
                lines.append(f"    note: {note}")
            if s.counterexample:
                lines.append(f"    counterexample: {counterexample_text(s.counterexample)}")
    return "\n".join(lines) + "\n"


def counterexample_text(ce: dict[str, Any]) -> str:
    parts = []
    if ce.get("x") is not None:
        parts.append(f"x = {ce['x']}")
    if ce.get("at"):
        parts.append(", ".join(f"{k} = {v}" for k, v in ce["at"].items() if k != "x"))
    if ce.get("params"):
        parts.append(", ".join(f"{k} = {v}" for k, v in ce["params"].items()))
    parts.append(f"left side {ce.get('lhs')}")
    parts.append(f"right side {ce.get('rhs')}")
    return "; ".join(p for p in parts if p)


# -- symact gradient ---------------------------------------------------------------------

def gradient_text(r: Any) -> str:
    def att(flag: bool | None) -> str:
        return "" if flag is None else ("  (attained)" if flag else "  (not attained)")

    N = r.depth
    lines = [f"{r.name}: gradient through {N} layers   [{r.status}]"]
    for label, value, enc, attained in (("sup", r.sup_derivative, r.sup_enclosure, r.sup_attained),
                                        ("inf", r.inf_derivative, r.inf_enclosure, r.inf_attained)):
        if value is not None:
            lines.append(f"  {label} f'    = {text_expr(value)}{att(attained)}")
        elif enc is not None:
            lines.append(f"  {label} f'    = {certified_digits(*enc)}{att(attained)}   in [{text_expr(enc[0])}, {text_expr(enc[1])}]")
    if r.lipschitz is not None:
        kind = "" if r.lipschitz_exact else "   (certified upper end of an enclosure)"
        lines.append(f"  sup |f'|  = {text_expr(r.lipschitz)}{kind}")
    if r.bound is not None:
        b = r.bound
        exact = _exact_text(b.bound)
        approx = "" if b.bound_float is None or exact.startswith("~") else f" ~ {_decimal16(b.bound)}"
        lines.append(f"  |f'(a_1) ... f'(a_{N})| <= (sup |f'|)^{N} = {exact}{approx}")
        if b.product is not None:
            lines.append(f"  the product f'(a_1) ... f'(a_{N}) lies in {text_expr(b.product)}")
    if r.grows:
        lines.append("  sup |f'| > 1: the product bound grows with depth")
    if r.depth_to_epsilon is not None:
        lines.append(f"  the bound is below {_epsilon_text(r.epsilon)} from depth {r.depth_to_epsilon} on")
    elif r.lipschitz is not None and r.grows is not None:
        lines.append(f"  the bound never falls below {_epsilon_text(r.epsilon)}")
    if r.critical_weight is not None and r.lipschitz is not None and not r.critical_weight.is_finite:
        lines.append("  with weights the bound stays 0: f' is 0 wherever it is defined")
    elif r.critical_weight is not None and r.lipschitz is not None:
        lines.append(
            f"  with weights |w_i| <= w the bound is (w sup |f'|)^N: it vanishes with depth only for w < {text_expr(r.critical_weight)}"
        )
    e = r.expected
    if e.value is not None:
        lines.append(f"  E[f'(a)], a ~ N(0, 1) = {text_expr(e.value)}   [{e.method}]")
    elif e.enclosure is not None:
        lo, hi = e.enclosure
        lines.append(
            f"  E[f'(a)], a ~ N(0, 1) = {e.display()}   in [{float(lo)!r}, {float(hi)!r}]   [{e.method}]"
        )
    else:
        lines.append(f"  E[f'(a)], a ~ N(0, 1): unknown ({e.reason})")
    p = r.path
    if p is not None:
        vals = ", ".join(text_expr(v) for v in p.values)
        lines.append(f"  f' is piecewise constant with values {vals} (not defined at the kinks)")
        if p.active_product_one:
            lines.append(f"  along a path of active units (f' = 1) the product is exactly 1 at any depth   [{p.status}]")
        if p.active_product_one and p.active_probability is not None:
            frac = p.active_probability**N
            share = _short_float(float(frac)) if not frac.free_symbols else text_expr(frac)
            lines.append(
                f"  P(f'(a) = 1), a ~ N(0, 1) = {text_expr(p.active_probability)}: a fraction "
                f"{share} of depth-{N} paths is active (independent pre-activations)"
            )
    if r.table:
        lines.append("  depth  bound")
        for t in r.table:
            lines.append(f"  {t.depth:>5}  {_exact_text(t.bound)}" + ("" if t.bound_float is None else f"  ~ {t.bound_float:.6g}"))
    if r.reason:
        lines.append(f"  note: {r.reason}")
    return "\n".join(lines) + "\n"


def gradient_table(results: Any) -> str:
    from ..gradients import DEPTHS  # the table's columns (imported when used)

    head = ["name", "sup|f'|"] + [f"N={d}" for d in DEPTHS] + ["N(eps)", "E[f'(a)]"]
    rows = []
    for r, _ in results:
        by = {t.depth: t for t in r.table}
        lip = "?" if r.lipschitz is None else text_expr(r.lipschitz)
        if len(lip) > 14 and r.lipschitz is not None and not r.lipschitz.free_symbols:
            lip = f"{float(r.lipschitz):.6g}"
        row = [r.name, lip]
        row += [_short_float(by[d].bound_float) if d in by else "-" for d in DEPTHS]
        row.append("-" if r.depth_to_epsilon is None else str(r.depth_to_epsilon))
        row.append(_expected_cell(r.expected))
        rows.append(row)
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip()]
    for row in rows:
        out.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    eps = _epsilon_text(results[0][0].epsilon) if results else ""
    out.append(f"bound = (sup |f'|)^N on |f'(a_1) ... f'(a_N)|; N(eps) = smallest depth with bound < {eps}; E[f'(a)] for a ~ N(0, 1)")
    out.append("E[f'(a)]: exact rationals as fractions; other values with the digits their certified enclosure fixes (* = a closed form exists: see --json)")
    sims = [(r.name, s) for r, s in results if s is not None]
    text = "\n".join(out) + "\n"
    for _, sim in sims:
        text += simulation_text(sim)
    return text


def simulation_text(sim: Any) -> str:
    lines = [
        f"simulation: {sim.name}, random networks (seed {sim.seed}), gradient of sum(outputs) w.r.t. W_1 by backpropagation",
        "  width  init    depth  trials  |grad| median  |grad| max  gain median  gain max   bound      worst gain/bound  zero grads  all f'=1",
    ]
    for r in sim.rows:
        act = "-" if r.all_active_fraction is None else f"{r.all_active_fraction:.4f}"
        worst = "-" if r.worst_ratio is None else f"{r.worst_ratio:.3g}"
        lines.append(
            f"  {r.width:>5}  {r.init:<6}  {r.depth:>5}  {r.trials:>6}  {r.grad_median:>13.3e}  {r.grad_max:>10.3e}  "
            f"{r.gain_median:>11.3e}  {r.gain_max:>9.3e}  {_short_float(r.bound):>9}  {worst:>16}  {r.zero_fraction:>10.4f}  {act:>8}"
            + (f"  ({r.nonfinite} non-finite dropped)" if r.nonfinite else "")
        )
    lines.append(
        "  gain = |grad| / (||dL/df_N|| ||x|| prod_{i>=2} ||W_i||_2) <= sup|f'|^N (width 1: |f'(a_1) ... f'(a_N)|); "
        f"evaluator: {sim.evaluator}"
    )
    return "\n".join(lines) + "\n"


def _short_float(v: float | None) -> str:
    return "-" if v is None else f"{v:.3g}"


def _expected_cell(e: Any) -> str:
    if e.value is not None and (e.value.is_Rational or e.enclosure is None):
        return str(e.value)
    if e.enclosure is not None:
        return certified_digits(*e.enclosure) + ("*" if e.value is not None else "")
    return "?"


def _exact_text(e: Any) -> str:
    """Exact numbers as SymPy writes them (1/1099511627776, not a 40-digit decimal); a power
    of a short decimal (the rounded-up end of an enclosure) as (1.088498161251728)^10."""
    if isinstance(e, sp.Pow) and e.base.is_Rational and e.exp.is_Integer:
        return f"({text_expr(e.base)})^{e.exp}"
    if isinstance(e, sp.Rational) and int(e.q) % 5 == 0 and len(text_expr(e)) <= 20:
        return text_expr(e)  # a decimal by origin (1.088498161251728), not 2^-k
    if isinstance(e, sp.Rational) and max(int(e.p).bit_length(), int(e.q).bit_length()) > 1000:
        return text_expr(e)  # ~1.2345e+3012: correctly rounded, not 3000 digits (nor a crash)
    return str(e)


def _decimal16(e: Any) -> str:
    """A correctly rounded 16-digit decimal of an exact number (ball arithmetic)."""
    try:
        return decimal_text(e, 16)
    except ValueError:
        return str(e)


def _epsilon_text(e: Any) -> str:
    return repr(float(e)) if e.is_Rational else str(e)
