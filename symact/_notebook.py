r"""Notebook displays of result records (``_repr_html_``, ``_repr_latex_``, short ``__repr__``).

Rendering only: every function here reads a record of :mod:`symact.results` and returns a
string; nothing is computed.  Text that came from a user (a claim as written, a reason that
quotes it) is escaped for HTML with :func:`html.escape` and for LaTeX with
:func:`symact.render.escape_tex`; mathematics written by symact goes through
:func:`symact.render.latex_expr`.  The LaTeX forms are math-mode strings wrapped in ``$$``
(what Jupyter's ``text/latex`` renderer expects); the HTML forms are small tables.
"""

from __future__ import annotations

import html
import re
from typing import Any, cast

import sympy as sp

from .render import escape_tex, latex_expr, text_expr
from .render.text import value_text as text_value_text

from .prove.registry import LABELS, TEX_LABELS  # the one table of property labels

_STATUS_COLOUR = {"proved": "#1a7f37", "refuted": "#cf222e", "approximate": "#9a6700", "unknown": "#57606a"}
#: Longest text shown in one cell (reasons can quote long input).
_CELL = 160


def _short(text: str, n: int = _CELL) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 3] + "..."


_SMOOTHNESS = re.compile(r"C\^(\d+|inf)")


def value_text(v: Any) -> str:
    """A claim's value (or ``at``) as one line of plain text, as the command line writes it
    without the decimal approximations (a cell stays short)."""
    return text_value_text(v, approximate=False)


def value_tex(v: Any) -> str:
    """A claim's value (or ``at``) in LaTeX (math mode)."""
    if v is None:
        return "?"
    if isinstance(v, str):
        m = _SMOOTHNESS.fullmatch(v)
        if m:
            return "C^{" + (r"\infty" if m.group(1) == "inf" else m.group(1)) + "}"
        return r"\text{" + escape_tex(v) + "}"
    if isinstance(v, tuple):
        return r"\left(" + ", ".join(value_tex(a) for a in v) + r"\right)"
    if isinstance(v, sp.Basic):
        try:
            return latex_expr(v)
        except Exception:  # noqa: BLE001 - a value the printer refuses: shown as text
            return r"\text{" + escape_tex(text_expr(v)) + "}"
    return r"\text{" + escape_tex(str(v)) + "}"


def _status_html(status: str) -> str:
    colour = _STATUS_COLOUR.get(status, "#57606a")
    return f'<span style="color:{colour};font-weight:bold">{html.escape(status)}</span>'


def _claim_cells(c: Any) -> tuple[str, str, str]:
    """(value, at/attained, note) of a claim as plain text."""
    value = value_text(c.value)
    if c.enclosure is not None:
        value += f"  (in [{value_text(c.enclosure[0])}, {value_text(c.enclosure[1])}])"
    where = []
    if c.at is not None and c.property != "value_at_0":
        if isinstance(c.at, sp.FiniteSet) and len(c.at) == 1:
            where.append(f"x = {value_text(next(iter(c.at)))}")
        elif c.property == "symmetry":
            where.append(f"about {value_text(c.at)}")
        else:
            where.append(f"x in {value_text(c.at)}")
    if c.attained is not None:
        where.append("attained" if c.attained else "not attained")
    note = c.reason if c.status != "proved" else (c.method or "")
    return value, ", ".join(where), note


# -- Claim ---------------------------------------------------------------------------------
def claim_repr(c: Any) -> str:
    return f"Claim({c.property!r}, {_short(value_text(c.value), 80)!r}, {c.status})"


def claim_html(c: Any) -> str:
    return "<table>" + _claim_row_html(c) + "</table>"


def _claim_row_html(c: Any) -> str:
    value, where, note = _claim_cells(c)
    cells = [LABELS.get(c.property, c.property), value, where]
    tds = "".join(f"<td style='text-align:left'>{html.escape(_short(s))}</td>" for s in cells)
    return f"<tr>{tds}<td style='text-align:left'>{_status_html(c.status)}</td>" \
           f"<td style='text-align:left'>{html.escape(_short(note))}</td></tr>"


def claim_latex(c: Any) -> str:
    return "$$" + _claim_row_tex(c).replace(" & ", " = ", 1).replace(" & ", r" \quad ") + "$$"


def _claim_row_tex(c: Any) -> str:
    label = TEX_LABELS.get(c.property, r"\text{" + escape_tex(c.property) + "}")
    return f"{label} & {value_tex(c.value)} & " + r"\text{" + escape_tex(c.status) + "}"


# -- Proof ---------------------------------------------------------------------------------
def proof_repr(p: Any) -> str:
    n = p.counts()
    return f"Proof({p.name!r}: {len(p.claims)} claims, {n.get('proved', 0)} proved, " \
           f"{n.get('refuted', 0)} refuted, {n.get('unknown', 0)} unknown)"


def proof_html(p: Any) -> str:
    n = p.counts()
    head = "".join(f"<th style='text-align:left'>{h}</th>" for h in ("property", "value", "where", "status", "method / reason"))
    rows = "".join(_claim_row_html(c) for c in p.claims)
    params = ", ".join(f"{k} = {'symbolic' if v is None else value_text(v)}" for k, v in p.values.items())
    caption = f"{p.name}" + (f" ({params})" if params else "") + \
        f": {n.get('proved', 0)} proved, {n.get('refuted', 0)} refuted, {n.get('unknown', 0)} unknown"
    return f"<table><caption style='text-align:left'>{html.escape(caption)}</caption>" \
           f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def proof_latex(p: Any) -> str:
    rows = " \\\\ ".join(_claim_row_tex(c) for c in p.claims)
    return "$$\\begin{array}{lll}" + rows + "\\end{array}$$"


# -- Verdict -------------------------------------------------------------------------------
def verdict_repr(v: Any) -> str:
    return f"Verdict({v.verdict}: {_short(v.claim, 80)!r})"


def verdict_html(v: Any) -> str:
    parts = [f"<p>{_status_html(v.verdict)}: <code>{html.escape(v.claim)}</code></p>",
             f"<p>{html.escape(_short(v.reason, 400))}</p>"]
    if v.counterexample:
        ce = ", ".join(f"{k} = {value_text(val)}" for k, val in v.counterexample.items())
        parts.append(f"<p>counterexample: {html.escape(_short(ce, 400))}</p>")
    if len(v.steps) > 1:
        rows = "".join(
            f"<tr><td style='text-align:left'><code>{html.escape(_short(s.lhs))}</code></td>"
            f"<td>{html.escape(s.relation)}</td>"
            f"<td style='text-align:left'><code>{html.escape(_short(s.rhs))}</code></td>"
            f"<td>{_status_html(s.verdict)}</td><td style='text-align:left'>{html.escape(_short(s.method))}</td></tr>"
            for s in v.steps
        )
        parts.append(f"<table>{rows}</table>")
    return "<div>" + "".join(parts) + "</div>"


def verdict_latex(v: Any) -> str:
    # the claim was read by symact's whitelisting parser (a Verdict exists only for a claim
    # that parsed), so it is LaTeX a renderer can typeset; the verdict is symact's word
    return cast("str", "$$" + v.claim + r" \qquad \text{" + escape_tex(v.verdict) + "}$$")


# -- GradientAnalysis ----------------------------------------------------------------------
def gradient_repr(g: Any) -> str:
    bound = None if g.bound is None else text_expr(g.bound.bound)
    return f"GradientAnalysis({g.name!r}, depth={g.depth}, {g.status}, sup f'={g.sup_display()}, bound={bound})"


def gradient_html(g: Any) -> str:
    b = g.bound
    rows = [
        ("activation", g.name), ("depth N", str(g.depth)), ("status", g.status),
        ("sup f'", g.sup_display() or "?"), ("inf f'", g.inf_display() or "?"),
        ("sup |f'| (per-layer factor)", value_text(g.lipschitz)),
        ("bound on |f'(a_1) ... f'(a_N)|", "?" if b is None else value_text(b.bound)),
        ("depth to epsilon = " + value_text(g.epsilon), "?" if g.depth_to_epsilon is None else str(g.depth_to_epsilon)),
        ("E[f'(a)], a ~ N(0, 1)", str(g.expected.display())),
    ]
    if g.reason:
        rows.append(("reason", g.reason))
    body = "".join(f"<tr><td style='text-align:left'>{html.escape(k)}</td>"
                   f"<td style='text-align:left'>{html.escape(_short(val))}</td></tr>" for k, val in rows)
    return f"<table>{body}</table>"


def gradient_latex(g: Any) -> str:
    tex = g.latex
    if tex is None:
        return "$$\\text{" + escape_tex(f"{g.name}, depth {g.depth}: {g.status} ({_short(g.reason, 200)})") + "}$$"
    return cast("str", "$$" + tex + "$$")
