r"""Audit a published table of activation functions, row by row, column by column.

``symact audit FILE`` reads a table (Markdown pipe table, CSV, JSON or a LaTeX ``tabular``)
whose header names its columns (name, function, derivative, range, order of continuity,
monotonic, derivative monotonic, approximates identity near the origin, parameters) and
gives every cell a verdict through the engine (parse, derive, prove, verify):

* ``correct`` -- the engine proved it (a certificate the checker accepted, or for a decimal
  a certified enclosure of the exact value that shows the digits are a rounding or a
  truncation of it); never without such a proof;
* ``wrong`` -- with what is true and the evidence: a point where the printed derivative
  differs, an attained value outside the printed range, a bracket that should be closed;
* ``imprecise`` -- a decimal that is close to the exact value (within one unit of its last
  digit) but neither its rounding nor its truncation, or ``...`` (which promises the leading
  digits) after digits that are a rounding, so that it hides a wrong digit;
* ``convention`` -- a value given where the truth does not exist (f'(0) for ReLU: the
  one-sided derivatives differ);
* ``unknown`` -- with the reason (a time budget, no reference definition, no proof).

Only the columns present are checked; a column the header names but symact does not know is
listed as ignored.  Cells are LaTeX as tables write them; they go through the parser's public
entry points (:func:`symact.parse.parse_expression`, :func:`symact.parse.parse_claim`), never
through ``eval``/``sympify``.  Interval cells (``(-0.17\ldots, \infty)``, ``[0, 6]``,
``\{0, 1\}``, ``\mathbb{R}``) and parameter cells (``\alpha = 0.01``) are split here and their
pieces parsed by the same entry points.

A malformed table (no header, a row with the wrong number of cells, a cell that does not
parse) raises :class:`TableError` naming the row and the column (exit code 2).
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence, cast

import sympy as sp

from . import budget
from .errors import SymactError

__all__ = ["TableError", "Table", "CellVerdict", "RowAudit", "Audit", "read_table", "parse_table", "audit", "audit_file",
           "VERDICTS", "COLUMNS", "render_text", "render_latex", "write_report"]

VERDICTS = ("correct", "wrong", "imprecise", "convention", "unknown")
#: the worst verdict of a cell's findings wins (a certain finding beats an undecided one)
_RANK = {"correct": 0, "convention": 1, "unknown": 2, "imprecise": 3, "wrong": 4}

#: column kinds and the header texts (normalised: lower case, letters, digits, ' and spaces) that name them
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "activation", "activation function", "function name", "nombre"),
    "function": ("function", "f(x)", "f", "formula", "definition", "equation", "function f(x)", "ecuacion", "ecuación"),
    "derivative": ("derivative", "f'(x)", "f'", "derivative of f", "derivative f'(x)", "derivative of f(x)",
                   "derivative with respect to x", "derivada", "derivada con respecto a x", "gradient"),
    "range": ("range", "image", "output range", "rango"),
    "continuity": ("order of continuity", "continuity", "continuity order", "smoothness", "orden de continuidad"),
    "monotonic": ("monotonic", "monotone", "monotonica", "monotónica"),
    "derivative_monotonic": ("derivative monotonic", "monotonic derivative", "derivative monotone", "derivada monotonica",
                             "derivada monotónica"),
    "identity_near_origin": ("approximates identity near the origin", "approximates identity near origin",
                             "approximates identity near 0", "identity near 0", "identity near the origin",
                             "approximates identity"),
    "parameters": ("parameters", "parameter", "params", "defaults", "parameters with defaults", "parameters (defaults)",
                   "default parameters"),
}
_HEADER = {h: kind for kind, hs in COLUMNS.items() for h in hs}
_EMPTY = {"", "-", "--", "\u2014", "\u2013", "n/a", "na", "none", "\\text{--}", "\\text{-}"}
MAX_ROWS = 500
MAX_CELL = 2000


class TableError(SymactError):
    """A malformed table: the message names the row and the column (exit code 2)."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None, where: str = "") -> None:
        parts = [p for p in (where, f"row {row}" if row is not None else "", f"column '{column}'" if column else "") if p]
        super().__init__((", ".join(parts) + ": " if parts else "") + message)
        self.row = row
        self.column = column


# ---------------------------------------------------------------------------------------
# reading a table
@dataclass(frozen=True)
class Table:
    """A table as read: the header texts, the column kinds, the rows of cell texts (data rows
    are numbered from 1), the lines they came from and the provenance text of the file."""

    path: str
    format: str
    header: tuple[str, ...]
    kinds: tuple[str | None, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    provenance: str = ""

    def records(self) -> list[dict[str, str]]:
        """Each row as {column kind: cell text} for the columns symact checks."""
        return [{k: c for k, c in zip(self.kinds, row) if k is not None} for row in self.rows]

    def column(self, kind: str) -> str:
        return self.header[self.kinds.index(kind)]


def _norm_header(text: str) -> str:
    t = _strip_math(text)
    t = re.sub(r"\\(?:textbf|textit|text|mathrm|emph|bf)\s*\{([^{}]*)\}", r"\1", t)
    t = t.replace("\\", "").replace("*", "").replace("_", " ").replace("`", "")
    t = re.sub(r"\s+", " ", t).strip().lower()
    return t.rstrip(":").strip()


def _kinds(header: Sequence[str], where: str, line: int) -> tuple[str | None, ...]:
    kinds = tuple(_HEADER.get(_norm_header(h)) for h in header)
    if not any(kinds):
        shown = ", ".join(repr(h[:30]) for h in header[:4])
        raise TableError(f"missing header: the first row ({shown}) names no known column; the header must name "
                         f"columns such as {', '.join(COLUMNS)}", row=0, where=where)
    seen: dict[str, str] = {}
    for h, k in zip(header, kinds):
        if k is None:
            continue
        if k in seen:
            raise TableError(f"two columns mean '{k}': '{seen[k]}' and '{h}'", row=0, column=h, where=where)
        seen[k] = h
    if "function" not in seen:
        raise TableError("the header names no function column (f(x), function, formula): nothing to check the other "
                         "columns against", row=0, where=where)
    return kinds


def _make(path: str, fmt: str, header: list[str], rows: list[list[str]], lines: list[int], provenance: str,
          header_line: int) -> Table:
    where = Path(path).name
    header = [h.strip() for h in header]
    kinds = _kinds(header, where, header_line)
    if len(rows) > MAX_ROWS:
        raise TableError(f"the table has {len(rows)} rows; at most {MAX_ROWS} are audited", where=where)
    if not rows:
        raise TableError("the table has a header but no rows", where=where)
    for i, (row, line) in enumerate(zip(rows, lines), 1):
        if len(row) != len(header):
            col = header[len(row)] if len(row) < len(header) else f"#{len(row)} (beyond the header's {len(header)})"
            hint = " (a | inside a cell is written \\| or \\lvert ... \\rvert)" if fmt == "markdown" and len(row) > len(header) else ""
            raise TableError(f"ragged row (line {line}): {len(row)} cells, the header has {len(header)}{hint}", row=i,
                             column=col, where=where)
        for h, c in zip(header, row):
            if len(c) > MAX_CELL:
                raise TableError(f"the cell has {len(c)} characters (at most {MAX_CELL})", row=i, column=h, where=where)
    return Table(path, fmt, tuple(header), kinds, tuple(tuple(c.strip() for c in r) for r in rows), tuple(lines), provenance)


def _split_pipes(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells, cur, i = [], [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            cur.append("|")  # \| is a | inside a cell (GitHub's escape)
            i += 2
            continue
        if s[i] == "|":
            cells.append("".join(cur))
            cur = []
        else:
            cur.append(s[i])
        i += 1
    cells.append("".join(cur))
    return [c.strip() for c in cells]


def _read_markdown(path: str, text: str) -> Table:
    lines = text.splitlines()
    block = [(n, ln) for n, ln in enumerate(lines, 1) if ln.strip().startswith("|")]
    if not block:
        raise TableError("no pipe table ('| ... |' lines) found", row=0, where=Path(path).name)
    # the first contiguous block of table lines
    first = block[0][0]
    rows_: list[tuple[int, str]] = []
    for n, ln in block:
        if n != first + len(rows_):
            break
        rows_.append((n, ln))
    prov = "\n".join(ln for n, ln in enumerate(lines, 1) if not ln.strip().startswith("|")).strip()
    prov = re.sub(r"<!--|-->", "", prov).strip()
    (hline, head), rest = rows_[0], rows_[1:]
    header = _split_pipes(head)
    if rest and re.fullmatch(r"[\s|:\-]+", rest[0][1]):
        rest = rest[1:]
    elif _HEADER.get(_norm_header(header[0])) is None and not any(_HEADER.get(_norm_header(h)) for h in header):
        pass  # reported as a missing header by _kinds
    return _make(path, "markdown", header, [_split_pipes(ln) for _, ln in rest], [n for n, _ in rest], prov, hline)


def _read_csv(path: str, text: str) -> Table:
    prov_lines, body = [], []
    for n, ln in enumerate(text.splitlines(), 1):
        if ln.lstrip().startswith("#"):
            prov_lines.append(ln.lstrip()[1:].strip())
        elif ln.strip():
            body.append((n, ln))
    if not body:
        raise TableError("the file has no rows", row=0, where=Path(path).name)
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in body)))
    try:
        parsed = list(reader)
    except csv.Error as exc:
        raise TableError(f"not a CSV table ({exc})", where=Path(path).name) from None
    if len(parsed) != len(body):
        raise TableError("a quoted cell spans several lines; write one row per line", where=Path(path).name)
    header, rows = parsed[0], parsed[1:]
    return _make(path, "csv", header, rows, [n for n, _ in body[1:]], "\n".join(prov_lines), body[0][0])


def _read_json(path: str, text: str) -> Table:
    where = Path(path).name
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TableError(f"not JSON ({exc.msg} at line {exc.lineno})", where=where) from None
    prov = ""
    if isinstance(data, dict):
        prov = data.get("provenance", "")
        if not isinstance(prov, str):
            prov = json.dumps(prov, ensure_ascii=True)
        columns, rows = data.get("columns"), data.get("rows")
    else:
        columns, rows = None, data
    if not isinstance(rows, list):
        raise TableError("expected {'columns': [...], 'rows': [[...], ...]} or a list of objects", row=0, where=where)
    if columns is None:
        if not rows or not all(isinstance(r, dict) for r in rows):
            raise TableError("missing header: without 'columns' the rows must be objects naming their columns", row=0,
                             where=where)
        columns = list(rows[0].keys())
        for i, r in enumerate(rows, 1):
            if list(r.keys()) != columns:
                raise TableError(f"ragged row: its keys {list(r.keys())} differ from the first row's {columns}", row=i,
                                 where=where)
        rows = [[r[c] for c in columns] for r in rows]
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise TableError("missing header: 'columns' must be a list of strings", row=0, where=where)
    out = []
    for i, r in enumerate(rows, 1):
        if not isinstance(r, list):
            raise TableError("a row must be a list of cells", row=i, where=where)
        cells = []
        for c, h in zip(r, columns + [f"#{k}" for k in range(len(columns), len(r))]):
            if c is None:
                c = ""
            if isinstance(c, bool) or not isinstance(c, (str, int, float)):
                raise TableError(f"a cell must be a string, got {type(c).__name__}", row=i, column=h, where=where)
            cells.append(c if isinstance(c, str) else json.dumps(c))
        out.append(cells)
    return _make(path, "json", columns, out, list(range(1, len(out) + 1)), prov, 0)


_TAB_BEGIN = re.compile(r"\\begin\{tabular\*?\}")


def _balanced_arg(s: str, i: int) -> int:
    """Index after the {...} group starting at s[i] == '{'."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "\\":
            continue
        if s[j] == "{" and (j == 0 or s[j - 1] != "\\"):
            depth += 1
        elif s[j] == "}" and s[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(s)


def _split_top(s: str, sep: str) -> list[tuple[str, int]]:
    """Split at ``sep`` ('&' or '\\\\') outside braces and nested environments; with offsets."""
    out, depth, env, start, i = [], 0, 0, 0, 0
    while i < len(s):
        if s.startswith("\\begin{", i) or s.startswith("\\end{", i):
            env += 1 if s.startswith("\\begin{", i) else -1
            close = s.find("}", i)
            i = len(s) if close < 0 else close + 1
            continue
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in "{}&%$#_":
            i += 2
            continue
        if s[i] == "{":
            depth += 1
        elif s[i] == "}":
            depth -= 1
        elif depth == 0 and env == 0 and s.startswith(sep, i):
            out.append((s[start:i], start))
            i += len(sep)
            start = i
            continue
        i += 1
    out.append((s[start:], start))
    return out


def _read_latex(path: str, text: str) -> Table:
    where = Path(path).name
    prov = "\n".join(ln.lstrip()[1:].strip() for ln in text.splitlines() if ln.lstrip().startswith("%"))
    body_text = "\n".join(re.sub(r"(?<!\\)%.*$", "", ln) for ln in text.splitlines())
    m = _TAB_BEGIN.search(body_text)
    if m is None:
        raise TableError("no \\begin{tabular} found", row=0, where=where)
    i = m.end()
    while i < len(body_text) and body_text[i].isspace():
        i += 1
    if body_text.startswith("{", i):
        i = _balanced_arg(body_text, i)  # the column specification
    end = body_text.find("\\end{tabular}", i)
    if end < 0:
        raise TableError("\\begin{tabular} without \\end{tabular}", where=where)
    inner = body_text[i:end]
    rows, lines = [], []
    for chunk, off in _split_top(inner, "\\\\"):
        lead = len(chunk) - len(chunk.lstrip())
        c = re.sub(r"\\(?:hline|toprule|midrule|bottomrule|cline\{[^}]*\})", "", chunk)
        if not c.strip():
            continue
        line = body_text.count("\n", 0, i + off + lead) + 1
        rows.append([cell.strip() for cell, _ in _split_top(c, "&")])
        lines.append(line)
    if not rows:
        raise TableError("the tabular is empty", row=0, where=where)
    return _make(path, "latex", rows[0], rows[1:], lines[1:], prov, lines[0])


_READERS: dict[str, Callable[[str, str], Table]] = {
    ".md": _read_markdown, ".markdown": _read_markdown, ".csv": _read_csv, ".json": _read_json, ".tex": _read_latex,
}
MAX_BYTES = 1_000_000


def read_table(path: str | Path, fmt: str | None = None) -> Table:
    """Read a table file; the format comes from the extension (.md, .csv, .json, .tex) unless
    ``fmt`` names it ('markdown', 'csv', 'json', 'latex')."""
    p = Path(path)
    if fmt is None:
        reader = _READERS.get(p.suffix.lower())
        if reader is None:
            raise TableError(f"unknown table format '{p.suffix}': use .md (pipe table), .csv, .json or .tex (tabular)",
                             where=p.name)
    else:
        by = {"markdown": _read_markdown, "md": _read_markdown, "csv": _read_csv, "json": _read_json, "latex": _read_latex,
              "tex": _read_latex}
        if fmt not in by:
            raise TableError(f"unknown table format {fmt!r}")
        reader = by[fmt]
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise TableError(f"cannot read {str(p)!r}: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise TableError(f"the file has {len(raw)} bytes (at most {MAX_BYTES})", where=p.name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(f"not UTF-8 text (byte {exc.start})", where=p.name) from None
    return reader(str(p), text)


# ---------------------------------------------------------------------------------------
# reading the cells
_UNICODE_TO_TEX = {"\u2212": "-", "\u2026": "\\ldots", "\u221e": "\\infty", "\u2264": "\\le", "\u2265": "\\ge", "\u00a0": " ",
        "\u2248": "\\approx", "\u03b1": "\\alpha", "\u03bb": "\\lambda", "\u03b2": "\\beta"}


def _clean(text: str) -> str:
    for a, b in _UNICODE_TO_TEX.items():
        text = text.replace(a, b)
    return text.strip()


def _strip_math(text: str) -> str:
    t = text.strip()
    for a, b in (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")):
        if len(t) >= len(a) + len(b) and t.startswith(a) and t.endswith(b):
            t = t[len(a): len(t) - len(b)].strip()
            break
    t = re.sub(r"^\\displaystyle\s*", "", t)
    if t.startswith("{") and _balanced_arg(t, 0) == len(t):
        t = t[1:-1].strip()
    return t


def _cell_text(text: str) -> str:
    return _clean(_strip_math(_clean(text)))


def _is_empty(text: str) -> bool:
    return _cell_text(text).lower() in _EMPTY


@dataclass(frozen=True)
class Decimal:
    """A decimal number as printed: exact value, digits after the point, and whether it ends
    with ``...`` (which promises the leading digits of the true value)."""

    text: str
    value: sp.Rational
    places: int
    dots: bool
    approx: bool = False  # written after \approx


@dataclass(frozen=True)
class Number:
    """One number in a cell: an exact expression, a decimal, or +-oo."""

    text: str
    expr: sp.Expr
    decimal: Decimal | None = None


_DOTS = re.compile(r"(?:\\ldots|\\dots|\\cdots|\.\.\.)\s*$")
_DECIMAL = re.compile(r"^([+-]?)\s*(\d*)\.(\d+)$")
_INT_DEC = re.compile(r"^([+-]?)\s*(\d+)$")


def _parse_number(text: str, what: str) -> Number:
    from .parse import parse_expression

    t = _clean(text)
    approx = False
    if t.startswith("\\approx"):
        approx, t = True, t[len("\\approx"):].strip()
    t = re.sub(r"^\\left\s*|\\right\s*$", "", t)
    dots = bool(_DOTS.search(t))
    if dots:
        t = _DOTS.sub("", t).strip()
    compact = t.replace(" ", "").replace("{", "").replace("}", "")
    if compact in ("\\infty", "+\\infty", "\\infty", "oo", "+oo", "inf", "+inf"):
        return Number(text, sp.oo)
    if compact in ("-\\infty", "-oo", "-inf"):
        return Number(text, -sp.oo)
    m = _DECIMAL.match(compact)
    if m is None and (dots or approx):
        m2 = _INT_DEC.match(compact)
        if m2 is not None:
            m = re.match(r"^([+-]?)(\d+)\.?()$", compact)
    if m is not None:
        sign, ip, fp = m.group(1), m.group(2) or "0", m.group(3)
        if len(ip) + len(fp) > 60:
            raise SymactError(f"the {what} has more than 60 digits")
        v = sp.Rational(int(ip + fp), 10 ** len(fp))
        v = -v if sign == "-" else v
        return Number(text, v, Decimal(text, v, len(fp), dots, approx))
    if dots:
        raise SymactError(f"'...' must follow a decimal number in the {what}, found '{t[:40]}'")
    e = parse_expression(t)
    return Number(text, e)


@dataclass(frozen=True)
class RangeCell:
    """An interval (``lo``, ``hi`` with open/closed ends), a finite set, or the reals."""

    kind: str  # 'interval' | 'set'
    lo: Number | None = None
    hi: Number | None = None
    lo_closed: bool = False
    hi_closed: bool = False
    elements: tuple[Number, ...] = ()

    def as_set(self) -> sp.Set:
        if self.kind == "set":
            return sp.FiniteSet(*[e.expr for e in self.elements])
        # an interval cell has both ends
        return sp.Interval(cast("Number", self.lo).expr, cast("Number", self.hi).expr, not self.lo_closed, not self.hi_closed)

    def text(self) -> str:
        if self.kind == "set":
            return "{" + ", ".join(_num_text(e) for e in self.elements) + "}"
        return f"{'[' if self.lo_closed else '('}{_num_text(self.lo)}, {_num_text(self.hi)}{']' if self.hi_closed else ')'}"


def _num_text(n: Number | None) -> str:
    if n is None:
        return "?"
    if n.decimal is not None:
        return n.decimal.text.strip()
    return _plain(n.expr)


def parse_range(text: str) -> RangeCell:
    r"""``(0, 1)``, ``[0, \infty)``, ``(-0.17\ldots, \infty)``, ``\left[ 0, 6 \right]``, ``]0, 1[``,
    ``\{0, 1\}``, ``\mathbb{R}``, ``(-\infty, \infty)``."""
    t = _cell_text(text)
    t = re.sub(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)\s*", "", t)
    t = t.replace("\\lbrack", "[").replace("\\rbrack", "]").replace("\\lbrace", "\\{").replace("\\rbrace", "\\}")
    t = t.replace("\\langle", "(").replace("\\rangle", ")").strip()
    if t.startswith("f(x)") or t.startswith("f(x) \\in"):
        t = re.sub(r"^f\(x\)\s*(?:\\in)?\s*", "", t)
    if re.fullmatch(r"\\mathbb\s*\{?R\}?|\\R|\\Re|\\mathbf\s*\{?R\}?|R", t):
        return RangeCell("interval", Number(t, -sp.oo), Number(t, sp.oo), False, False)
    if t.startswith("\\{") and t.endswith("\\}"):
        items = [s for s, _ in _split_top(t[2:-2], ",")]
        if not all(s.strip() for s in items):
            raise SymactError("an empty element in the set")
        return RangeCell("set", elements=tuple(_parse_number(s, "range") for s in items))
    if len(t) < 2 or t[0] not in "([]" or t[-1] not in ")][":
        raise SymactError(f"expected an interval such as (0, 1], [0, \\infty) or a set \\{{0, 1\\}}, found '{t[:40]}'")
    lo_closed = t[0] == "["
    hi_closed = t[-1] == "]"
    parts = _split_top(t[1:-1], ",")
    if len(parts) != 2:
        raise SymactError(f"an interval needs two ends separated by one comma, found {len(parts)} parts")
    lo = _parse_number(parts[0][0], "range's lower end")
    hi = _parse_number(parts[1][0], "range's upper end")
    return RangeCell("interval", lo, hi, lo_closed, hi_closed)


def parse_continuity(text: str) -> int | None:
    """``C^\\infty`` -> None (infinitely differentiable), ``C^1`` -> 1, ``C^{-1}`` -> -1 (discontinuous)."""
    t = _cell_text(text).replace(" ", "").replace("{", "").replace("}", "")
    m = re.fullmatch(r"C\^?(\\infty|oo|inf|-?\d+)", t)
    if m is None:
        if t.lower() in ("discontinuous",):
            return -1
        raise SymactError(f"expected an order of continuity C^\\infty, C^2, C^1, C^0 or C^{{-1}}, found '{t[:40]}'")
    g = m.group(1)
    if g in ("\\infty", "oo", "inf"):
        return None
    k = int(g)
    if k < -1 or k > 50:
        raise SymactError(f"an order of continuity must be between -1 and 50, got {k}")
    return k


def parse_yes_no(text: str) -> bool:
    t = re.sub(r"\\text\{([^{}]*)\}", r"\1", _cell_text(text)).strip().lower().rstrip(".")
    if t in ("yes", "y", "true", "\u2713", "\u2714", "s\u00ed", "si", "1"):
        return True
    if t in ("no", "n", "false", "\u2717", "\u2718", "0"):
        return False
    raise SymactError(f"expected yes or no, found '{t[:40]}'")


def parse_parameters(text: str) -> dict[str, Number]:
    r"""``\alpha = 0.01``, ``\lambda = 1.0507, \alpha = 1.67326``, ``\beta = 1; \gamma = 2``."""
    from .parse import parse_expression

    t = _cell_text(text)
    out: dict[str, Number] = {}
    chunks = [c for part, _ in _split_top(t, ";") for c, _ in _split_top(part, ",")]
    for chunk in chunks:
        chunk = chunk.strip()
        chunk = re.sub(r"^(?:\\text\{\s*(?:and|y)\s*\}|and|y)\s+", "", chunk)
        if not chunk:
            continue
        if "=" not in chunk:
            raise SymactError(f"expected NAME = VALUE, found '{chunk[:40]}'")
        name_t, value_t = chunk.split("=", 1)
        sym = parse_expression(name_t.strip())
        if not isinstance(sym, sp.Symbol):
            raise SymactError(f"a parameter must be one letter or Greek letter, found '{name_t.strip()[:40]}'")
        if sym.name == "x":
            raise SymactError("x is the input, not a parameter")
        num = _parse_number(value_t, f"value of {sym.name}")
        if not num.expr.is_number or num.expr.is_infinite:
            raise SymactError(f"the value of {sym.name} must be a finite number")
        out[sym.name] = num
    return out


_NAME_STRIP = re.compile(r"\\(?:text|mathrm|operatorname|textbf|emph)\s*\{([^{}]*)\}")


def _name_text(text: str) -> str:
    t = _NAME_STRIP.sub(r"\1", _cell_text(text))
    t = re.sub(r"\[\d+\]", "", t)  # footnote marks
    t = re.sub(r"\*\*|__|`", "", t)
    return re.sub(r"\s+", " ", t).strip()


@dataclass
class ParsedRow:
    number: int
    line: int
    name: str
    cells: dict[str, str]  # kind -> the cell as printed (only non-empty cells)
    values: dict[str, Any]  # kind -> the parsed value


def _derivative_claim_text(cell: str) -> tuple[str, int]:
    t = _cell_text(cell)
    t = re.sub(r"^f'\s*\(\s*x\s*\)\s*=\s*", "", t)
    t = re.sub(r"^f'\s*\(\s*\\alpha\s*,\s*x\s*\)\s*=\s*", "", t)
    prefix = "f'(x) = "
    return prefix + t, len(prefix)


def _function_text(cell: str) -> str:
    t = _cell_text(cell)
    return re.sub(r"^f\s*\(\s*(?:\\alpha\s*,\s*)?x\s*\)\s*=\s*", "", t)


def parse_table(table: Table) -> list[ParsedRow]:
    """Parse every cell of every row; the first cell that does not parse raises
    :class:`TableError` naming its row and column."""
    from .errors import ParseError
    from .parse import parse_claim, parse_expression

    where = Path(table.path).name
    out = []
    for i, (row, line) in enumerate(zip(table.rows, table.lines), 1):
        cells: dict[str, str] = {}
        values: dict[str, Any] = {}
        for h, k, c in zip(table.header, table.kinds, row):
            if k is None or _is_empty(c):
                continue
            cells[k] = c
            try:
                if k == "name":
                    values[k] = _name_text(c)
                elif k == "function":
                    values[k] = parse_expression(_function_text(c))
                elif k == "derivative":
                    claim, shift = _derivative_claim_text(c)
                    try:
                        values[k] = parse_claim(claim)
                    except ParseError as exc:
                        if exc.offset is not None and exc.offset >= shift:
                            raise ParseError(exc.message, claim[shift:], exc.offset - shift) from None
                        raise ParseError(exc.message) from None
                elif k == "range":
                    values[k] = parse_range(c)
                elif k == "continuity":
                    values[k] = parse_continuity(c)
                elif k in ("monotonic", "derivative_monotonic", "identity_near_origin"):
                    values[k] = parse_yes_no(c)
                elif k == "parameters":
                    values[k] = parse_parameters(c)
            except TableError:
                raise
            except SymactError as exc:
                raise TableError(f"cannot read the cell (line {line}): {exc.format()}", row=i, column=h, where=where) from None
        if "function" not in values:
            raise TableError(f"the function cell is empty (line {line})", row=i, column=table.column("function"), where=where)
        out.append(ParsedRow(i, line, values.get("name", f"row {i}"), cells, values))
    return out


# ---------------------------------------------------------------------------------------
# verdicts
@dataclass
class CellVerdict:
    """The verdict on one cell: ``printed`` is the cell as written, ``truth`` what symact
    proved, ``evidence`` the proof or the counterexample in words."""

    row: int
    column: str  # the column kind
    header: str
    printed: str
    verdict: str
    truth: str = ""
    evidence: str = ""
    counterexample: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "header": self.header, "printed": self.printed,
                "verdict": self.verdict, "truth": self.truth, "evidence": self.evidence,
                "counterexample": self.counterexample}


@dataclass
class RowAudit:
    number: int
    line: int
    name: str
    reference: str | None  # the catalogue activation the row was matched with
    cells: list[CellVerdict] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"row": self.number, "line": self.line, "name": self.name, "reference": self.reference,
                "seconds": round(self.seconds, 2), "cells": [c.to_json() for c in self.cells]}


@dataclass
class Audit:
    path: str
    format: str
    provenance: str
    columns: dict[str, str]  # header -> kind
    ignored: list[str]
    rows: list[RowAudit]
    seconds: float = 0.0

    def cells(self) -> list[CellVerdict]:
        return [c for r in self.rows for c in r.cells]

    def counts(self) -> dict[str, int]:
        out = {v: 0 for v in VERDICTS}
        for c in self.cells():
            out[c.verdict] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {"file": self.path, "format": self.format, "provenance": self.provenance, "columns": self.columns,
                "ignored_columns": self.ignored, "counts": self.counts(), "seconds": round(self.seconds, 2),
                "rows": [r.to_json() for r in self.rows]}


def _worst(findings: list[tuple[str, str]]) -> str:
    return max((v for v, _ in findings), key=lambda v: _RANK[v]) if findings else "correct"


def _plain(e: Any, digits: int = 20) -> str:
    """A SymPy value for people: exact rationals with long denominators as decimals."""
    if isinstance(e, sp.Rational) and not isinstance(e, sp.Integer) and e.q > 10**6:
        return str(sp.Float(e, digits)).rstrip("0")
    if isinstance(e, sp.Basic) and e.atoms(sp.Rational) and any(a.q > 10**6 for a in e.atoms(sp.Rational)):
        return str(e.xreplace({a: sp.Float(a, 12) for a in e.atoms(sp.Rational) if a.q > 10**6}))
    return str(e)


# ---------------------------------------------------------------------------------------
# numbers: certified enclosures and digits
def _enclose(e: sp.Expr) -> tuple[sp.Rational, sp.Rational] | None:
    """A certified rational enclosure of a constant (interval arithmetic), or None."""
    from . import intervals

    if isinstance(e, sp.Rational):
        return (e, e)
    try:
        iv = budget.run(intervals.const_iv, e, seconds=2.0, what="enclosing a constant")
        lo, hi = intervals.to_rational(iv[0]), intervals.to_rational(iv[1])
    except budget.Timeout:
        return None
    except Exception:  # noqa: BLE001 - an unsupported function or a domain error: no enclosure
        return None
    if not (lo.is_finite and hi.is_finite):
        return None
    return (cast("sp.Rational", lo), cast("sp.Rational", hi))  # finite ends of an mpf interval: dyadic rationals


def _trunc(v: sp.Rational, places: int) -> sp.Rational:
    s = 10**places
    a = abs(v) * s
    q = sp.floor(a)
    return cast("sp.Rational", (1 if v >= 0 else -1) * sp.Rational(int(q), s))


def _round(v: sp.Rational, places: int) -> sp.Rational:
    s = 10**places
    q = sp.floor(abs(v) * s + sp.Rational(1, 2))
    return cast("sp.Rational", (1 if v >= 0 else -1) * sp.Rational(int(q), s))


def _decided(f: Callable[[sp.Rational, int], sp.Rational], enc: tuple[Any, ...], places: int) -> sp.Rational | None:
    lo, hi = enc
    if (lo < 0) != (hi < 0) and lo != 0 and hi != 0:
        return None
    a, b = f(lo, places), f(hi, places)
    return a if a == b else None


def _digits_text(enc: tuple[Any, ...], places: int) -> str:
    """The digits of the value that the enclosure certifies (a few beyond ``places``)."""
    lo, hi = enc
    if lo == hi:
        for k in range(0, 31):
            if (lo * 10**k).is_integer:
                return _dec_str(lo, k)
    for extra in (6, 4, 2, 0):
        t = _decided(_trunc, enc, places + extra)
        if t is not None:
            return _dec_str(t, places + extra) + "..."
    return f"in [{sp.Float(lo, 15)}, {sp.Float(hi, 15)}]"


def _dec_str(v: sp.Rational, places: int) -> str:
    s = 10**places
    n = int(abs(v) * s)
    ip, fp = divmod(n, s)
    return f"{'-' if v < 0 else ''}{ip}.{str(fp).rjust(places, '0')}" if places else f"{'-' if v < 0 else ''}{ip}"


def judge_decimal(dec: Decimal, enc: tuple[Any, ...]) -> tuple[str, str]:
    """The verdict on a printed decimal against a certified enclosure (lo, hi) of the exact
    value: every comparison is exact (rationals)."""
    w = dec.value
    p = dec.places
    t = _decided(_trunc, enc, p)
    r = _decided(_round, enc, p)
    true = _digits_text(enc, p)
    ulp = sp.Rational(1, 10**p)
    digits = str(abs(w.p) * 10**p // w.q).lstrip("0") if w != 0 else ""
    # close: an off-by-one last digit of a number with at least 2 significant digits
    close = len(digits) >= 2 and any(c is not None and abs(w - c) <= ulp for c in (t, r))
    far = min(abs(w - enc[0]), abs(w - enc[1])) >= ulp and not (enc[0] <= w <= enc[1])
    if dec.dots:
        if t is not None and w == t:
            return "correct", f"{dec.text.strip()}: the digits are the leading digits of the exact value {true}"
        if t is not None and close:
            how = "its rounding" if r is not None and w == r else "close to it"
            return "imprecise", (f"'...' promises the leading digits, but the exact value is {true}: its digits to {p} "
                                 f"places are {_dec_str(t, p)}..., and {dec.text.strip().rstrip('.').rstrip()} is {how}, "
                                 f"so '...' hides a wrong digit")
        if far or (t is not None and not close):
            return "wrong", f"the exact value is {true}; {dec.text.strip()} does not begin with its digits"
        return "unknown", f"the certified enclosure of the exact value ({true}) does not decide the digit {p} places after the point"
    if (r is not None and w == r) or (t is not None and w == t):
        how = "rounding" if r is not None and w == r else "truncation"
        return "correct", f"{dec.text.strip()} is the {how} of the exact value {true} to {p} places"
    if t is not None and r is not None:
        if close:
            return "imprecise", (f"{dec.text.strip()} is neither the rounding ({_dec_str(r, p)}) nor the truncation "
                                 f"({_dec_str(t, p)}) of the exact value {true} to {p} places")
        return "wrong", f"the exact value is {true}; {dec.text.strip()} is off by more than one unit of its last digit"
    if far:
        return "wrong", f"the exact value is {true}; {dec.text.strip()} is off by more than one unit of its last digit"
    return "unknown", f"the certified enclosure of the exact value ({true}) does not decide the digits to {p} places"


def _simplify_zero(d: sp.Expr) -> bool:
    try:
        return bool(budget.run(lambda: sp.simplify(d) == 0, seconds=budget.default_seconds() * 0.4,
                               what="simplifying a difference"))
    except budget.Timeout:
        return False
    except Exception:  # noqa: BLE001 - SymPy could not simplify: not a proof
        return False


def compare_number(printed: Number, truth: sp.Expr, enc: tuple[Any, ...] | None) -> tuple[str, str]:
    """A printed number against the proved value (exact ``truth``, or its enclosure ``enc``)."""
    from . import intervals

    if truth.is_infinite or printed.expr.is_infinite:
        if truth == printed.expr:
            return "correct", f"the proved value is {truth}"
        return "wrong", f"the proved value is {_plain(truth)}, not {printed.text.strip()}"
    if enc is None and not truth.has(sp.Float):
        enc = _enclose(truth)
    if printed.decimal is not None:
        if enc is None:
            return "unknown", f"no certified enclosure of the exact value {_plain(truth)}"
        return judge_decimal(printed.decimal, enc)
    p = printed.expr
    if enc is not None and not truth.has(sp.Float) and truth.is_number:
        d = sp.expand(p - truth)
        if d == 0 or (_simplify_zero(p - truth) and _enclose_contains_zero(p - truth)):
            return "correct", f"{printed.text.strip()} = {_plain(truth)} exactly (the difference simplifies to 0)"
        s = None
        try:
            s = budget.run(intervals.sign_of_constant, p - truth, seconds=2.0, what="the sign of a difference")
        except budget.Timeout:
            s = None
        except Exception:  # noqa: BLE001
            s = None
        if s:
            return "wrong", f"the proved value is {_plain(truth)} = {_digits_text(enc, 6)}, not {printed.text.strip()} (certified by interval arithmetic)"
        return "unknown", f"cannot decide whether {printed.text.strip()} equals the proved value {_plain(truth)}"
    if enc is not None:
        pe = _enclose(p)
        if pe is not None and (pe[1] < enc[0] or pe[0] > enc[1]):
            return "wrong", f"the proved value is {_digits_text(enc, 6)}, not {printed.text.strip()} (certified by interval arithmetic)"
        return "unknown", (f"{printed.text.strip()} lies within the certified enclosure {_digits_text(enc, 6)} of the "
                           f"proved value, but an enclosure cannot prove an equality")
    return "unknown", f"no certified enclosure of the proved value {_plain(truth)}"


def _enclose_contains_zero(d: sp.Expr) -> bool:
    e = _enclose(d)
    return e is None or (e[0] <= 0 <= e[1])


# ---------------------------------------------------------------------------------------
# the checks of one row
def _reference(name: str) -> Any:
    """The catalogue activation a row's name means: the whole name, a part in parentheses
    (``Rectified linear unit (ReLU)``), or one of the alternatives (``Logistic, sigmoid, or soft step``)."""
    from .catalog import get
    from .errors import UnknownActivation

    cands = [name]
    cands += re.findall(r"\(([^()]*)\)", name)
    base = re.sub(r"\([^()]*\)", "", name)
    cands += [base]
    cands += [c for c in re.split(r",|\bor\b|/", base)]
    for c in cands:
        key = re.sub(r"[^a-z0-9]+", "_", c.strip().lower()).strip("_")
        if not key:
            continue
        for k in (key, key.replace("_", "")):
            try:
                return get(k)
            except UnknownActivation:
                continue
            except SymactError:
                continue
    return None


def _from_verdict(v: Any) -> tuple[str, str, dict[str, Any] | None]:
    """Map an engine :class:`~symact.results.Verdict` to an audit verdict."""
    notes = [n for s in v.steps for n in s.notes] + list(getattr(v, "notes", ()))
    if v.verdict == "proved":
        conv = [n for n in notes if "convention" in n]
        if conv:
            return "convention", conv[0], None
        return "correct", v.reason, None
    if v.verdict == "approximate":
        return "correct", f"approximate: {v.reason}", None
    if v.verdict == "refuted":
        return "wrong", v.reason, v.counterexample
    return "unknown", v.reason, None


class _Row:
    def __init__(self, pr: ParsedRow, table: Table) -> None:
        self.pr = pr
        self.table = table
        self.ref = _reference(pr.name) if "name" in pr.values else None
        self.params: dict[str, Number] = pr.values.get("parameters", {})
        self.alias = self._alias()
        self.reason = ""
        self.subject = self._subject()
        self._proof: dict[tuple[Any, ...], Any] = {}

    def _alias(self) -> dict[str, str]:
        """A table's name for the reference's one parameter (alpha for leaky_relu's negative_slope)."""
        if self.ref is None:
            return {}
        ref_names = [p.name for p in self.ref.params]
        mine = {s.name for s in self.pr.values["function"].free_symbols if s.name != "x"} | set(self.params)
        strange = sorted(mine - set(ref_names))
        free = [n for n in ref_names if n not in mine]
        if len(strange) == 1 and len(free) == 1:
            return {strange[0]: free[0]}
        return {}

    def ref_name(self, name: str) -> str:
        return self.alias.get(name, name)

    def number(self, n: Number) -> Number:
        """A printed number with the row's parameter values substituted."""
        if n.decimal is not None or not n.expr.free_symbols:
            return n
        sub = {s: self.vals[s.name] for s in cast("set[sp.Symbol]", n.expr.free_symbols) if s.name in self.vals}
        return Number(n.text, n.expr.xreplace(sub))

    def _values(self) -> dict[str, sp.Expr] | None:
        """The parameter values: the table's, else the reference's defaults."""
        expr = self.pr.values["function"]
        names = {s.name for s in expr.free_symbols if s.name != "x"}
        vals = {k: n.expr for k, n in self.params.items()}
        refd = {p.name: p.default for p in self.ref.params} if self.ref is not None else {}
        missing = []
        for n in sorted(names):
            if n not in vals:
                if self.ref_name(n) in refd and refd[self.ref_name(n)] is not None:
                    vals[n] = refd[self.ref_name(n)]
                else:
                    missing.append(n)
        if missing:
            self.reason = (f"the function has the parameter{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                           f"without a value (give it in a parameters column)")
            return None
        return vals

    def _subject(self) -> Any:
        """The activation the row's cells describe: the printed formula with the parameter values."""
        from .catalog import define

        vals = self._values()
        self.vals = vals or {}
        self.raw = None
        if vals is None:
            return None
        expr = self.pr.values["function"]
        sub = {s: vals[s.name] for s in expr.free_symbols if s.name in vals}
        e = expr.xreplace(sub)
        self.raw = e  # the printed formula with the values, even if define() refuses it
        from .symbols import x as X

        if e.free_symbols - {X}:
            self.reason = "the function has symbols other than x after the parameters are substituted"
            return None
        try:
            return define(f"row_{self.pr.number}", e, register_it=False)
        except SymactError as exc:
            self.reason = f"the printed function is not a valid activation: {exc.format()}"
            return None

    def substitute(self, parsed: Any) -> Any:
        """A parsed claim with the row's parameter values substituted."""
        import dataclasses

        sub = {}
        for t in parsed.terms:
            if t.expr is not None:
                for s in t.expr.free_symbols:
                    if s.name in self.vals:
                        sub[s] = self.vals[s.name]
        if not sub:
            return parsed
        terms = tuple(dataclasses.replace(t, expr=t.expr.xreplace(sub)) if t.expr is not None else t for t in parsed.terms)
        return dataclasses.replace(parsed, terms=terms)

    def proof(self, props: tuple[str, ...]) -> Any:
        if props not in self._proof:
            self._proof[props] = self.subject.prove(properties=props)
        return self._proof[props]

    def claim(self, prop: str) -> Any:
        return self.proof(_PROPS).claim(prop)


_PROPS = ("range", "min", "max", "monotonic", "continuity", "value_at_0")


def _verdict(row: _Row, kind: str, verdict: str, truth: str, evidence: str, ce: dict[str, Any] | None = None) -> CellVerdict:
    return CellVerdict(row.pr.number, kind, row.table.column(kind), row.pr.cells[kind], verdict, truth, evidence, ce)


def _check_function(row: _Row) -> CellVerdict:
    from .verify import verify as _verify_claim
    from .parse import parse_claim

    if row.ref is None:
        return _verdict(row, "function", "unknown", "",
                        "no activation of this name in symact's catalogue, so there is no reference definition to check the "
                        "formula against; the other columns are checked against the formula as printed")
    ref = row.ref
    over = {row.ref_name(k): v for k, v in row.vals.items() if row.ref_name(k) in {p.name for p in ref.params}}
    try:
        ref_at = ref.with_params(**over) if over else ref
    except SymactError as exc:
        return _verdict(row, "function", "unknown", "", f"the parameter values do not fit {ref.name}: {exc.format()}")
    claim = row.substitute(parse_claim("f(x) = " + _function_text(row.pr.cells["function"])))
    note = "".join(f" ({a} is read as symact's {b})" for a, b in row.alias.items())
    v = _verify_claim(claim, activation=ref_at)
    verdict, ev, ce = _from_verdict(v)
    truth = f"{ref.name}(x) = {_plain(ref_at.expr)}"
    if verdict == "wrong":
        ev = f"differs from symact's {ref.name}: {ev}"
    return _verdict(row, "function", verdict, truth, ev + note, ce)


def _check_derivative(row: _Row) -> CellVerdict:
    from .verify import verify as _verify_claim

    act = row.subject
    claim = row.substitute(row.pr.values["derivative"])
    v = _verify_claim(claim, activation=act)
    verdict, ev, ce = _from_verdict(v)
    try:
        truth = f"f'(x) = {_plain(act.derivative(1))}"
        kinks = act.derive((1,)).derivatives[0].kinks
        undefined = [k for k in kinks if k.left != k.right]
        if undefined:
            truth += "; not defined at " + ", ".join(f"x = {k.at} (left {_plain(k.left)}, right {_plain(k.right)})" for k in undefined)
    except (SymactError, budget.Timeout):
        truth = ""
    return _verdict(row, "derivative", verdict, truth, ev, ce)


def _end_check(side: str, printed: Number, closed: bool, truth: sp.Expr, attained: bool, at: Any, enc: tuple[Any, ...] | None,
               act: Any) -> list[tuple[str, str, dict[str, Any] | None]]:
    out: list[tuple[str, str, dict[str, Any] | None]] = []
    word = "minimum" if side == "lower" else "maximum"
    bound = "infimum" if side == "lower" else "supremum"
    v, msg = compare_number(printed, truth, enc)
    if v != "correct":
        ce = None
        if v == "wrong" and printed.expr.is_finite and truth.is_finite is not None:
            ce = _outside_point(side, printed.expr, truth, at, act)
        elif v == "wrong" and printed.expr.is_finite and truth.is_infinite:
            ce = _outside_point(side, printed.expr, truth, None, act)
        hint = ""
        if v == "wrong" and printed.decimal is not None and at is not None:
            a = _one_point(at)
            ea = _enclose(a) if isinstance(a, sp.Expr) and a.is_finite else None
            if ea is not None and judge_decimal(printed.decimal, ea)[0] in ("correct", "imprecise"):
                hint = f" ({printed.text.strip()} is where the {word} is attained, x = {_plain(a)}, not the {word} itself)"
        out.append((v, f"{side} end: {msg}{hint}", ce))
    if printed.expr.is_infinite:
        if closed:
            out.append(("wrong", f"{side} end: {printed.text.strip()} is not a value of f; the bracket must be open", None))
        return out
    if truth.is_infinite:
        return out
    if closed and not attained:
        out.append(("wrong", f"{side} end: the {bound} {_plain(truth)} is not attained (the prover: f(x) "
                             f"{'>' if side == 'lower' else '<'} {_plain(truth)} for all x), so the bracket should be open",
                    None))
    elif not closed and attained:
        where = f" at x = {_plain(_one_point(at))}" if at is not None else ""
        out.append(("wrong", f"{side} end: the {word} {_plain(truth)} is attained{where}: that value of f lies outside the "
                             f"printed range, so the bracket should be closed",
                    {"x": _plain(_one_point(at)) if at is not None else None, "value": _plain(truth)}))
    return out


def _one_point(at: Any) -> Any:
    if isinstance(at, sp.FiniteSet) and len(at) >= 1:
        return sorted(at, key=lambda a: sp.default_sort_key(a))[0]
    if isinstance(at, sp.Interval):
        return at.end if at.end.is_finite else (at.start if at.start.is_finite else sp.Integer(0))
    return at


def _outside_point(side: str, printed: sp.Expr, truth: sp.Expr, at: Any, act: Any) -> dict[str, Any] | None:
    """A point where f takes a value outside the printed end (certified by interval arithmetic)."""
    from . import intervals
    from .symbols import x as X

    cands: list[sp.Expr] = []
    if at is not None:
        a = _one_point(at)
        if isinstance(a, sp.Expr) and a.is_finite:
            cands.append(a)
    cands += [sp.Integer(s * 2**k) for k in range(0, 12) for s in (1, -1)] + [sp.Rational(s, 2**k) for k in range(1, 4) for s in (1, -1)]
    for c in cands:
        try:
            val = act.expr.xreplace({X: c})
            enc = budget.run(intervals.const_iv, val, seconds=1.0, what="a counterexample")
            lo, hi = intervals.to_rational(enc[0]), intervals.to_rational(enc[1])
            pe = _enclose(printed)
            if pe is None:
                return None
            if (side == "lower" and hi < pe[0]) or (side == "upper" and lo > pe[1]):
                mid = sp.Float((lo + hi) / 2, 17)
                return {"x": _plain(c), "f(x)": str(mid), "printed_end": _plain(printed)}
        except budget.Timeout:
            continue
        except Exception:  # noqa: BLE001 - a point the enclosure cannot evaluate: try the next
            continue
    return None


def _sample_points() -> list[sp.Rational]:
    pts = {sp.Integer(0)}
    for k in range(-3, 7):
        for m in (1, 3):
            pts |= {sp.Rational(m, 2) * sp.Integer(2) ** k, -sp.Rational(m, 2) * sp.Integer(2) ** k}
    for q in range(1, 10):
        pts |= {sp.Rational(q, 10), -sp.Rational(q, 10)}
    return sorted(pts)


def _f_enclosures(act: Any) -> list[tuple[sp.Rational, tuple[Any, ...]]]:
    """Certified enclosures of f at sample points (points where f cannot be enclosed are skipped)."""
    from .symbols import x as X

    out = []
    for c in _sample_points():
        e = _enclose(act.expr.xreplace({X: c}))
        if e is not None:
            out.append((c, e))
    return out


def _range_counterexample(row: _Row, rc: RangeCell) -> dict[str, Any] | None:
    """When the prover has no range: a sample point where f is certainly outside the printed interval."""
    if rc.kind != "interval":
        return None
    lo, hi = row.number(cast("Number", rc.lo)), row.number(cast("Number", rc.hi))  # an interval cell has both ends
    lo_e = None if lo.expr.is_infinite else _enclose(lo.expr)
    hi_e = None if hi.expr.is_infinite else _enclose(hi.expr)
    best, gap = None, 0
    for c, (a, b) in _f_enclosures(row.subject):
        below = lo_e is not None and (b < lo_e[0] or (b <= lo_e[0] and not rc.lo_closed and b == lo_e[1]))
        above = hi_e is not None and (a > hi_e[1] or (a >= hi_e[1] and not rc.hi_closed and a == hi_e[0]))
        if below or above:
            g = (cast("tuple[sp.Rational, sp.Rational]", lo_e)[0] - b) if below else (a - cast("tuple[sp.Rational, sp.Rational]", hi_e)[1])
            if best is None or g > gap:  # the point farthest outside
                best, gap = {"x": _plain(c), "f(x)": str(sp.Float((a + b) / 2, 17)),
                             "printed_end": _plain(lo.expr if below else hi.expr)}, g
    return best


def _monotonic_counterexample(act: Any) -> dict[str, Any] | None:
    """Three sample points where f certainly goes up then down (or down then up)."""
    vals = _f_enclosures(act)
    for (x1, e1), (x2, e2), (x3, e3) in zip(vals, vals[1:], vals[2:]):
        up1, dn1 = e1[1] < e2[0], e1[0] > e2[1]
        up2, dn2 = e2[1] < e3[0], e2[0] > e3[1]
        if (up1 and dn2) or (dn1 and up2):
            return {"shape": "up then down" if up1 else "down then up", "x": [_plain(x1), _plain(x2), _plain(x3)],
                    "f(x)": [str(sp.Float((e[0] + e[1]) / 2, 12)) for e in (e1, e2, e3)]}
    return None


def _check_range(row: _Row) -> CellVerdict:
    rc: RangeCell = row.pr.values["range"]
    rng = row.claim("range")
    if rng.status != "proved":
        ce = _range_counterexample(row, rc)
        if ce is not None:
            return _verdict(row, "range", "wrong", "", f"f({ce['x']}) = {ce['f(x)']} lies outside the printed range "
                            f"(certified by interval arithmetic; the prover has no certified range: {rng.reason})", ce)
        return _verdict(row, "range", "unknown", "", f"the prover has no certified range: {rng.reason}")
    R = rng.value
    truth = _set_str(R, row)
    if rc.kind == "set" or not isinstance(R, sp.Interval):
        if rc.kind == "set" and isinstance(R, sp.FiniteSet) and all(e.decimal is None for e in rc.elements):
            S = rc.as_set()
            same = budget.run(lambda: S == R or (S - R == sp.S.EmptySet and R - S == sp.S.EmptySet), seconds=2.0,
                              what="comparing sets")
            if same:
                return _verdict(row, "range", "correct", truth, f"the proved range is {truth}")
            return _verdict(row, "range", "wrong", truth, f"the proved range is {truth}, not {rc.text()}")
        return _verdict(row, "range", "wrong" if (rc.kind == "set") != isinstance(R, sp.FiniteSet) else "unknown", truth,
                        f"the proved range is {truth}; the printed {rc.text()} is "
                        f"{'a different kind of set' if (rc.kind == 'set') != isinstance(R, sp.FiniteSet) else 'not compared'}")
    mn, mx = row.claim("min"), row.claim("max")
    enc_lo = mn.enclosure if (mn.status == "proved" and mn.enclosure) else None
    enc_hi = mx.enclosure if (mx.status == "proved" and mx.enclosure) else None
    lo_t = R.start if enc_lo is None else (mn.value if mn.value is not None else R.start)
    hi_t = R.end if enc_hi is None else (mx.value if mx.value is not None else R.end)
    find = _end_check("lower", row.number(cast("Number", rc.lo)), rc.lo_closed, lo_t, not R.left_open, mn.at, enc_lo, row.subject)
    find += _end_check("upper", row.number(cast("Number", rc.hi)), rc.hi_closed, hi_t, not R.right_open, mx.at, enc_hi, row.subject)
    if not find:
        return _verdict(row, "range", "correct", truth, f"the proved range is {truth} (certificate re-verified: {rng.method})")
    verdict = max((f[0] for f in find), key=lambda v: _RANK[v])
    ce = next((f[2] for f in find if f[2] is not None), None)
    return _verdict(row, "range", verdict, truth, "; ".join(f[1] for f in find), ce)


def _set_str(R: Any, row: _Row) -> str:
    if isinstance(R, sp.Interval):
        mn, mx = row.claim("min"), row.claim("max")

        def end(v: sp.Expr, c: Any) -> str:
            if c.status == "proved" and c.enclosure:
                return _digits_text(c.enclosure, 6)
            return _plain(v)

        return f"{'(' if R.left_open else '['}{end(R.start, mn)}, {end(R.end, mx)}{')' if R.right_open else ']'}"
    if isinstance(R, sp.FiniteSet):
        return "{" + ", ".join(_plain(a) for a in R.args) + "}"
    return _plain(R)


_ORDER = {"C^inf": None, "discontinuous": -1}


def _order_text(k: int | None) -> str:
    return "C^inf" if k is None else f"C^{k}"


def _check_continuity(row: _Row) -> CellVerdict:
    c = row.claim("continuity")
    printed = row.pr.values["continuity"]
    if c.status != "proved":
        return _verdict(row, "continuity", "unknown", "", f"the prover could not decide the order of continuity: {c.reason}")
    val = c.value
    if val in _ORDER:
        k = _ORDER[val]
    else:
        m = re.fullmatch(r"C\^(\d+)", str(val))
        if m is None:
            return _verdict(row, "continuity", "unknown", str(val), f"the prover's answer {val!r} is not an order C^k")
        k = int(m.group(1))
    truth = _order_text(k)
    if k == printed:
        return _verdict(row, "continuity", "correct", truth, c.reason or f"proved: {truth}")
    at = _plain(c.at) if c.at is not None else ""
    return _verdict(row, "continuity", "wrong", truth, f"the proved order is {truth}, not {_order_text(printed)}: {c.reason}",
                    {"jumps_at": at} if at else None)


_MONO_YES = {"increasing", "non-decreasing", "decreasing", "non-increasing", "constant"}


def _check_monotonic(row: _Row) -> CellVerdict:
    c = row.claim("monotonic")
    printed = row.pr.values["monotonic"]
    if c.status != "proved":
        ce = _monotonic_counterexample(row.subject) if printed else None
        if ce is not None:
            return _verdict(row, "monotonic", "wrong", "no", f"f goes {ce['shape']} "
                            f"at x = {', '.join(ce['x'])} (certified by interval arithmetic; the prover could not decide: {c.reason})", ce)
        return _verdict(row, "monotonic", "unknown", "", f"the prover could not decide monotonicity: {c.reason}")
    return _mono_verdict(row, "monotonic", c, printed, "f")


def _mono_verdict(row: _Row, kind: str, c: Any, printed: bool, what: str) -> CellVerdict:
    val = str(c.value)
    if val in _MONO_YES:
        truth = True
    elif val.startswith("not monotonic"):
        truth = False
    else:
        return _verdict(row, kind, "unknown", val, f"the prover's answer {val!r} is not yes or no")
    shown = f"{'yes' if truth else 'no'} ({val})"
    if truth == printed:
        return _verdict(row, kind, "correct", shown, c.reason or f"proved: {what} is {val}")
    ce = {"turning_points": _plain(c.at)} if (not truth and c.at is not None) else None
    return _verdict(row, kind, "wrong", shown, f"the prover shows {what} is {val}: {c.reason}", ce)


def _derivative_activation(row: _Row) -> Any:
    """f' as an activation (holes at kinks filled with the left one-sided derivative, which
    does not change whether f' is monotonic where it exists)."""
    from .catalog import define
    from .symbols import x as X

    act = row.subject
    d = act.derivative(1)
    kinks = act.derive((1,)).derivatives[0].kinks
    if isinstance(d, sp.Piecewise) and not any(cond == sp.true for _, cond in cast("tuple[tuple[sp.Expr, sp.Basic], ...]", d.args)):
        fills = [(k.left, sp.Eq(X, k.at)) for k in kinks]
        if len(fills) == 1:
            d = sp.Piecewise(*d.args, (kinks[0].left, True))
        else:
            d = sp.Piecewise(*d.args, *fills)
    return define(f"row_{row.pr.number}_d", d, register_it=False)


def _check_derivative_monotonic(row: _Row) -> CellVerdict:
    printed = row.pr.values["derivative_monotonic"]
    try:
        dact = _derivative_activation(row)
        c = dact.prove(properties=("monotonic",)).claim("monotonic")
    except (SymactError, budget.Timeout) as exc:
        return _verdict(row, "derivative_monotonic", "unknown", "", f"f' could not be set up for the prover: {exc}")
    if c.status != "proved":
        return _verdict(row, "derivative_monotonic", "unknown", "", f"the prover could not decide whether f' is monotonic: {c.reason}")
    return _mono_verdict(row, "derivative_monotonic", c, printed, "f'")


def _check_identity(row: _Row) -> CellVerdict:
    """Approximates the identity near the origin: f(0) = 0 and f'(0) = 1 (f differentiable at 0)."""
    from .symbols import x as X

    printed = row.pr.values["identity_near_origin"]
    act = row.subject
    c0 = row.claim("value_at_0")
    if c0.status != "proved":
        return _verdict(row, "identity_near_origin", "unknown", "", f"f(0) is not proved: {c0.reason}")
    f0 = c0.value
    kinks = act.derive((1,)).derivatives[0].kinks
    at0 = [k for k in kinks if k.at == 0]
    if at0 and at0[0].left != at0[0].right:
        truth, why = False, f"f is not differentiable at 0 (one-sided derivatives {at0[0].left} and {at0[0].right})"
    else:
        d = act.derivative(1)
        d0 = at0[0].left if at0 else budget.run(lambda: sp.simplify(_branch0(d)), seconds=2.0, what="f'(0)")
        s0, s1 = _exact_sign(f0), _exact_sign(d0 - 1)
        if s0 is None or s1 is None:
            if not (s0 or s1):
                return _verdict(row, "identity_near_origin", "unknown", f"f(0) = {f0}, f'(0) = {d0}",
                                "cannot decide exactly whether f(0) = 0 and f'(0) = 1")
        truth = s0 == 0 and s1 == 0
        why = f"f(0) = {_plain(f0)} and f'(0) = {_plain(d0)}"
    shown = f"{'yes' if truth else 'no'}: {why}"
    if truth == printed:
        return _verdict(row, "identity_near_origin", "correct", shown, f"proved exactly: {why}")
    return _verdict(row, "identity_near_origin", "wrong", shown, f"{why}, so the answer is {'yes' if truth else 'no'} "
                                                                  "(approximating the identity near 0 means f(0) = 0 and f'(0) = 1)")


def _exact_sign(v: sp.Expr) -> int | None:
    """0 for an exact zero, +-1 for a sign certified by interval arithmetic, None undecided."""
    from . import intervals

    if isinstance(v, sp.Rational):
        return int(v.p > 0) - int(v.p < 0)
    try:
        return budget.run(intervals.sign_of_constant, v, seconds=2.0, what="a sign")
    except budget.Timeout:
        return None
    except Exception:  # noqa: BLE001 - unsupported: undecided
        return None


def _branch0(d: sp.Expr) -> sp.Expr:
    from .symbols import x as X

    if isinstance(d, sp.Piecewise):
        for e, cond in cast("tuple[tuple[sp.Expr, sp.Basic], ...]", d.args):
            c = cond.xreplace({X: sp.Integer(0)}) if cond is not sp.true else sp.true
            if c == sp.true:
                return cast("sp.Expr", e.xreplace({X: sp.Integer(0)}))
        raise SymactError("f' has no formula at 0")
    return cast("sp.Expr", d.xreplace({X: sp.Integer(0)}))


def _check_parameters(row: _Row) -> CellVerdict:
    params = row.params
    if row.ref is None:
        return _verdict(row, "parameters", "unknown", "", "no activation of this name in symact's catalogue, so no reference defaults")
    refd = {p.name: p for p in row.ref.params}
    finds: list[tuple[str, str]] = []
    truths = []
    for name, num in params.items():
        p = refd.get(row.ref_name(name))
        if p is None:
            finds.append(("unknown", f"{name}: {row.ref.name} has no parameter of this name (its parameters: "
                                     f"{', '.join(refd) or 'none'})"))
            continue
        truths.append(f"{name} = {_plain(p.default)}" + (f" (symact's {p.name})" if p.name != name else ""))
        v, msg = compare_number(num, cast("sp.Expr", sp.nsimplify(p.default) if not isinstance(p.default, sp.Basic) else p.default), None)
        finds.append((v, f"{name}: {msg}" + (f" (symact's default for {row.ref.name})" if v != "correct" else "")))
    verdict = _worst(finds)
    return _verdict(row, "parameters", verdict, ", ".join(truths), "; ".join(m for _, m in finds))


class _Raw:
    """The printed formula as a bare expression, for certified sample points only."""

    def __init__(self, expr: sp.Expr) -> None:
        self.expr = expr


def _fallback(row: _Row, kind: str) -> CellVerdict:
    """A cell of a row whose formula symact cannot analyse (a pole, a symbol without a value):
    unknown, unless certified sample points of the printed formula refute a range or 'monotonic'."""
    raw = getattr(row, "raw", None)
    try:
        if raw is not None and kind == "range":
            saved, row.subject = row.subject, _Raw(raw)
            try:
                ce = _range_counterexample(row, row.pr.values["range"])
            finally:
                row.subject = saved
            if ce is not None:
                return _verdict(row, "range", "wrong", "", f"f({ce['x']}) = {ce['f(x)']} lies outside the printed range "
                                f"(certified by interval arithmetic at a sample point; {row.reason})", ce)
        if raw is not None and kind == "monotonic" and row.pr.values["monotonic"]:
            ce = _monotonic_counterexample(_Raw(raw))
            if ce is not None:
                return _verdict(row, "monotonic", "wrong", "no", f"f goes {ce['shape']} at x = {', '.join(ce['x'])} "
                                f"(certified by interval arithmetic at sample points; {row.reason})", ce)
    except (budget.Timeout, SymactError, ArithmeticError, ValueError, TypeError):
        pass
    return _verdict(row, kind, "unknown", "", row.reason)


_CHECKS: dict[str, Callable[[_Row], CellVerdict]] = {
    "function": _check_function,
    "parameters": _check_parameters,
    "derivative": _check_derivative,
    "range": _check_range,
    "continuity": _check_continuity,
    "monotonic": _check_monotonic,
    "derivative_monotonic": _check_derivative_monotonic,
    "identity_near_origin": _check_identity,
}
_NEEDS_SUBJECT = {"derivative", "range", "continuity", "monotonic", "derivative_monotonic", "identity_near_origin"}


def audit_row(pr: ParsedRow, table: Table) -> RowAudit:
    t0 = time.perf_counter()
    row = _Row(pr, table)
    out = RowAudit(pr.number, pr.line, pr.name, row.ref.name if row.ref is not None else None)
    for kind, check in _CHECKS.items():
        if kind not in pr.cells:
            continue
        if kind in _NEEDS_SUBJECT and row.subject is None:
            out.cells.append(_fallback(row, kind))
            continue
        try:
            out.cells.append(check(row))
        except budget.Timeout as exc:
            out.cells.append(_verdict(row, kind, "unknown", "", f"time budget: {exc}"))
        except SymactError as exc:
            out.cells.append(_verdict(row, kind, "unknown", "", f"the engine refused this cell: {exc.format()}"))
        except (ArithmeticError, ValueError, TypeError, NotImplementedError, RecursionError) as exc:
            out.cells.append(_verdict(row, kind, "unknown", "", f"evaluation failed ({type(exc).__name__}: {str(exc)[:100]})"))
    out.seconds = time.perf_counter() - t0
    return out


def audit(table: Table, progress: Callable[[str], None] | None = None) -> Audit:
    """Audit every row of a table (see the module docstring)."""
    t0 = time.perf_counter()
    parsed = parse_table(table)
    rows = []
    for pr in parsed:
        rows.append(audit_row(pr, table))
        if progress is not None:
            progress(f"row {pr.number} ({pr.name}): {rows[-1].seconds:.1f} s")
    cols = {h: k for h, k in zip(table.header, table.kinds) if k is not None}
    ignored = [h for h, k in zip(table.header, table.kinds) if k is None]
    return Audit(table.path, table.format, table.provenance, cols, ignored, rows, time.perf_counter() - t0)


def audit_file(path: str | Path, progress: Callable[[str], None] | None = None) -> Audit:
    return audit(read_table(path), progress)


# ---------------------------------------------------------------------------------------
# rendering
_SHORT = {"correct": "correct", "wrong": "WRONG", "imprecise": "imprecise", "convention": "convention", "unknown": "unknown"}


def _clip(s: str, n: int) -> str:
    s = "".join(ch if ch.isprintable() or ch.isspace() else "?" for ch in s)
    s = re.sub(r"\s+", " ", s).strip()
    return s if len(s) <= n else s[: n - 3] + "..."


def render_text(a: Audit, width: int = 60) -> str:
    lines = [f"audit of {Path(a.path).name} ({a.format}, {len(a.rows)} rows)"]
    if a.ignored:
        lines.append(f"  columns not checked: {', '.join(a.ignored)}")
    for r in a.rows:
        ref = f"  [symact: {r.reference}]" if r.reference else "  [not in symact's catalogue]"
        lines.append(f"row {r.number}: {_clip(r.name, 80)}{ref}")
        for c in r.cells:
            lines.append(f"  {c.header[:22]:<22} {_clip(c.printed, 34):<34} {_SHORT[c.verdict]}")
            if c.verdict != "correct":
                if c.truth:
                    lines.append(f"      true: {_clip(c.truth, 200)}")
                lines.append(f"      why:  {_clip(c.evidence, 400)}")
                if c.counterexample:
                    lines.append(f"      counterexample: {json.dumps(c.counterexample, ensure_ascii=True)}")
    counts = a.counts()
    lines.append("-- " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS) + f" ({len(a.cells())} cells, {a.seconds:.1f} s)")
    return "\n".join(lines) + "\n"


def render_latex(a: Audit) -> str:
    from .render import escape_tex
    from .report import MARKER

    e = escape_tex
    counts = a.counts()
    out = [MARKER + "; do not edit (regenerate with `symact audit`).\n",
           "\\documentclass[10pt,a4paper]{article}\n\\usepackage[margin=2cm]{geometry}\n\\usepackage[T1]{fontenc}\n",
           "\\begin{document}\n",
           f"\\section*{{Audit of {e(Path(a.path).name)}}}\n",
           f"Format: {e(a.format)}; {len(a.rows)} rows, {len(a.cells())} cells checked by \\texttt{{symact audit}}. ",
           "Verdicts: " + e(", ".join(f"{counts[v]} {v}" for v in VERDICTS)) + ".\n\n"]
    if a.provenance:
        out.append("\\paragraph{Provenance (from the file).} " + e(_clip(a.provenance, 3000)) + "\n\n")
    if a.ignored:
        out.append("\\paragraph{Columns not checked.} " + e(", ".join(a.ignored)) + "\n\n")
    out.append("A cell is \\emph{correct} only with a proof the checker accepted; \\emph{wrong} comes with what is true "
               "and the evidence; \\emph{imprecise} marks a decimal that is close but neither the rounding nor the "
               "truncation of the exact value (or whose \\texttt{...} hides a wrong digit); \\emph{convention} a value "
               "given where the truth does not exist; \\emph{unknown} says why.\n\n")
    for r in a.rows:
        ref = f" (symact: {r.reference})" if r.reference else " (not in symact's catalogue)"
        out.append(f"\\subsection*{{Row {r.number}: {e(_clip(r.name, 80))}{e(ref)}}}\n\\begin{{itemize}}\n")
        for c in r.cells:
            out.append(f"\\item \\textbf{{{e(c.header)}}}: \\texttt{{{e(_clip(c.printed, 300))}}} --- "
                       f"\\textbf{{{e(c.verdict)}}}.")
            if c.truth:
                out.append(f" True: {e(_clip(c.truth, 400))}.")
            if c.evidence:
                out.append(f" {'Proof' if c.verdict == 'correct' else 'Evidence'}: {e(_clip(c.evidence, 800))}")
            if c.counterexample:
                out.append(f" Counterexample: \\texttt{{{e(json.dumps(c.counterexample, ensure_ascii=True))}}}.")
            out.append("\n")
        out.append("\\end{itemize}\n")
    out.append("\\end{document}\n")
    tex = "".join(out)
    tex.encode("ascii")  # escape_tex leaves only ASCII
    return tex


def write_report(a: Audit, directory: str | Path, pdf: bool | None = None) -> list[Path]:
    """Write ``audit-<table>.tex`` (and the PDF when pdflatex is available, or required with
    ``pdf=True``) into ``directory``, through the main report's safe writer."""
    import shutil

    from .errors import OutputError
    from .report import compile_pdf, safe_write

    d = Path(directory)
    if d.exists() and not d.is_dir():
        raise OutputError(f"{d} is not a directory")
    d.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(a.path).stem)[:60] or "table"
    tex = render_latex(a)
    tpath = d / f"audit-{stem}.tex"
    safe_write(tpath, tex)
    written = [tpath]
    if pdf is False or (pdf is None and shutil.which("pdflatex") is None):
        return written
    data, _pages = compile_pdf(tex, jobname=f"audit-{stem}")
    ppath = d / f"audit-{stem}.pdf"
    safe_write(ppath, data)
    written.append(ppath)
    return written
