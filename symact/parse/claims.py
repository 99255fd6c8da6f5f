r"""Claims: cases and array environments (piecewise definitions), conditions, sets and
intervals, the trailing domain clause, and the chain ``t0 r1 t1 r2 t2 ...`` of terms and
relations (:class:`ParsedClaim`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, cast

import sympy as sp

if TYPE_CHECKING:
    from sympy.logic.boolalg import Boolean

from ..errors import ParseError
from ..spec import x as X
from .expressions import ExpressionReader
from .lexer import CHAIN_ENVIRONMENTS, CONDITION_WORDS, OTHERWISE_WORDS, Token, closing_brace, decimal_value, tokenize
from .vocabulary import FUNCTION_LETTERS, Activations


# ---------------------------------------------------------------------------------------
# results
@dataclass(frozen=True)
class DecimalLiteral:
    """A term that is a decimal number as written (``9.094 \\times 10^{-13}``, ``0.7311``).

    ``value`` is its exact value, ``digits`` the number of significant digits written
    (leading zeros do not count, trailing zeros after the point do: ``1.50`` has 3)."""

    text: str
    value: sp.Rational
    digits: int
    mantissa: str
    exponent: int = 0


@dataclass(frozen=True)
class Term:
    """One term of a claim's chain: an expression, a set (after ``\\in``), or an elided
    step (``\\cdots``).  ``start``/``end`` are offsets in the claim's text."""

    kind: str  # 'expr' | 'set' | 'elided'
    expr: sp.Basic | None
    text: str
    start: int
    end: int
    literal: DecimalLiteral | None = None


@dataclass(frozen=True)
class ParsedClaim:
    r"""A chain ``t0 r1 t1 r2 t2 ...`` of terms and relations (``RELATIONS``).

    Named functions stay unevaluated: ``f``, ``S``, ``L``, ``g``, ``h`` and the catalogue's
    activations are undefined SymPy functions (class name = the catalogue name:
    ``sigmoid(x)``, ``relu(x)``), their derivatives are ``Derivative``/``Subs`` objects;
    the verifier gives them meaning.  ``variable`` is the claim's variable (x unless the
    claim is written in another letter only).  ``notes`` records readings the parser chose
    (function names without arguments, ...).  ``domain`` restricts the claim's variable
    when the claim ends with a condition (``\quad \text{for } x \neq 0``)."""

    text: str
    terms: tuple[Term, ...]
    relations: tuple[str, ...]
    variable: sp.Symbol
    notes: tuple[str, ...] = ()
    #: Where the claim is asserted: the reals, or the set a trailing clause names
    #: (``\text{for } x > 0``, ``, x \ne 0``, ``\forall x \in \mathbb{R}``).
    domain: sp.Set = sp.S.Reals
    domain_text: str = ""


# ---------------------------------------------------------------------------------------
class Reader(ExpressionReader):
    """The whole reader: expressions (:class:`~symact.parse.expressions.ExpressionReader`)
    plus piecewise definitions, conditions, sets and intervals, and a claim's chain."""

    domain: sp.Set = sp.S.Reals
    domain_text: str = ""

    # -- piecewise -----------------------------------------------------------------------------
    def piecewise(self, begin: int, end: int) -> sp.Expr:
        """``\\begin{cases}`` or ``\\begin{array}`` rows: value, condition."""
        rows = self.rows(begin + 1, end)
        pieces = []
        for lo, hi in rows:
            lo, hi = self.trim(lo, hi)
            if lo >= hi:
                continue
            vlo, vhi, cond_lo, cond_hi = self.split_row(lo, hi)
            value = self.expr(vlo, vhi, "value in a piecewise definition")
            cond = self.condition(cond_lo, cond_hi)
            pieces.append((value, cond))
        if not pieces:
            raise self.error("an empty piecewise definition", begin)
        return sp.Piecewise(*pieces)

    def rows(self, lo: int, hi: int) -> list[tuple[int, int]]:
        seps = self.top_level(lo, hi, lambda t: t.kind == "sep")
        bounds = [lo, *[s + 1 for s in seps]]
        ends = [*seps, hi]
        return list(zip(bounds, ends))

    def split_row(self, lo: int, hi: int) -> tuple[int, int, int, int]:
        amps = self.top_level(lo, hi, lambda t: t.kind == "amp")
        if amps:
            v_hi, c_lo = amps[0], amps[0] + 1
        else:
            cands = self.top_level(
                lo, hi,
                lambda t: (t.kind == "space" and t.big) or (t.kind == "ch" and t.text == ",")
                or (t.kind == "name" and t.text.strip().lower() in CONDITION_WORDS | OTHERWISE_WORDS),
                parens=True,
            )
            cands = [c for c in cands if c > lo]
            if not cands:
                raise self.error("cannot tell the value from the condition in this row (separate them with & or \\quad)", lo)
            v_hi, c_lo = cands[0], cands[0]
        vlo, vhi = self.trim(lo, v_hi)
        while vhi > vlo and self.is_char(vhi - 1, ","):
            vhi -= 1
        return vlo, vhi, c_lo, hi

    def condition(self, lo: int, hi: int) -> Boolean:
        lo, hi = self.trim(lo, hi)
        while lo < hi and (self.is_char(lo, ",") or self.toks[lo].kind in ("space", "null", "amp")
                           or (self.toks[lo].kind == "name" and self.toks[lo].text.strip().lower() in CONDITION_WORDS)):
            lo += 1
        while hi > lo and (self.is_char(hi - 1, ",") or self.is_char(hi - 1, ".") or self.toks[hi - 1].kind in ("space", "null")):
            hi -= 1
        if lo >= hi:
            return sp.true
        if hi - lo == 1 and self.toks[lo].kind == "name" and self.toks[lo].text.strip().lower() in OTHERWISE_WORDS:
            return sp.true
        for words, join in ((("\\vee", "\\lor", "or"), sp.Or), (("\\wedge", "\\land", "and"), sp.And)):
            cuts = self.top_level(lo, hi, lambda t: (t.kind == "cmd" and t.text in words) or (t.kind == "name" and t.text.strip().lower() in words))
            if cuts:
                bounds = [lo, *[c + 1 for c in cuts]]
                ends = [*cuts, hi]
                return join(*[self.condition(a, b) for a, b in zip(bounds, ends)])
        rels = self.top_level(lo, hi, lambda t: t.kind == "rel")
        if not rels:
            raise self.error("expected a condition such as x \\ge 0 or 'otherwise'", lo)
        bounds = [lo, *[r + 1 for r in rels]]
        ends = [*rels, hi]
        conds: list[Boolean] = []
        terms: list[Any] = []
        for k, (a, b) in enumerate(zip(bounds, ends)):
            if k > 0 and self.toks[rels[k - 1]].text == "in":
                terms.append(self.set(a, b))
            else:
                terms.append(self.expr(a, b, "side of a condition"))
        for k, r in enumerate(rels):
            op = self.toks[r].text
            a, b = terms[k], terms[k + 1]
            if op == "in":
                if not isinstance(b, sp.Set):
                    raise self.error("expected a set after \\in", r)
                conds.append(b.as_relational(a))  # type: ignore[attr-defined]  # SymPy defines as_relational on the Set subclasses only
            elif isinstance(a, sp.Set) or isinstance(b, sp.Set):
                raise self.error("a set in a comparison", r)
            else:
                conds.append(comparison(op, a, b, self, r))
        return sp.And(*conds)

    # -- sets ----------------------------------------------------------------------------------
    def set(self, lo: int, hi: int) -> sp.Set:
        lo, hi = self.strip_braces(lo, hi)
        if lo >= hi:
            raise self.error("expected a set after \\in", lo if lo < len(self.toks) else None)
        unions = self.top_level(lo, hi, lambda t: t.kind == "cmd" and t.text == "\\cup", parens=True)
        if unions:
            bounds = [lo, *[u + 1 for u in unions]]
            ends = [*unions, hi]
            return sp.Union(*[self.set(a, b) for a, b in zip(bounds, ends)])
        t = self.toks[lo]
        if t.kind == "mathbb":
            if self.next_significant(lo + 1, hi) < hi:
                raise self.error("unexpected text after \\mathbb{R}", lo + 1)
            return cast("sp.Set", sp.S.Reals)
        if t.kind == "lset":
            end = hi - 1
            while end > lo and self.toks[end].kind in ("space", "null") or (end > lo and self.is_char(end, "}")):
                end -= 1
            if self.toks[end].kind != "rset":
                raise self.error("'\\{' is never closed", lo)
            commas = self.top_level(lo + 1, end, lambda u: u.kind == "ch" and u.text == ",", parens=True)
            bounds = [lo + 1, *[c + 1 for c in commas]]
            ends = [*commas, end]
            return sp.FiniteSet(*[self.expr(a, b, "set element") for a, b in zip(bounds, ends)])
        if t.kind == "ch" and t.text in "([]":
            return self.interval(lo, hi)
        raise self.error("expected a set: an interval such as (0, 1] or [0, +\\infty), {a, b} or \\mathbb{R}", lo)

    def interval(self, lo: int, hi: int) -> sp.Set:
        keep = [m for m in range(lo, hi) if self.toks[m].kind not in ("space", "null")]
        opener = keep[0]
        # the closing bracket: the last token that is not a '}'
        pos = len(keep) - 1
        trailing = []
        while pos > 0 and self.is_char(keep[pos], "}"):
            trailing.append(keep[pos])
            pos -= 1
        closer = keep[pos]
        if not (self.toks[closer].kind == "ch" and self.toks[closer].text in ")[]"):
            raise self.error("an interval must end with ')' or ']'", closer)
        # braces that straddle the closing bracket (the article's \left( {0,\left. {1/4} \right]} \right.)
        drop = set(trailing)
        for tr in trailing:
            opening = next((a for a, b in self.match.items() if b == tr), None)
            if opening is None or opening < opener:
                raise self.error("unbalanced braces around an interval", tr)
            drop.add(opening)
        inner = [m for m in keep if opener < m < closer and m not in drop]
        toks = [self.toks[m] for m in inner]
        sub = self.child(toks)
        commas = sub.top_level(0, len(toks), lambda u: u.kind == "ch" and u.text == ",", parens=True)
        if len(commas) != 1:
            raise self.error("an interval needs two ends separated by one comma", opener)
        a = sub.expr(0, commas[0], "interval end")
        b = sub.expr(commas[0] + 1, len(toks), "interval end")
        for v, m in ((a, opener), (b, closer)):
            if v.free_symbols:
                raise self.error("interval ends must be numbers", m)
            if v.is_extended_real is False:
                raise self.error("interval ends must be real", m)
        left_open = self.toks[opener].text in "(]"
        right_open = self.toks[closer].text in ")["
        if a.is_comparable and b.is_comparable and bool(a > b):
            raise self.error("the left end of the interval is larger than the right end", opener)
        return sp.Interval(a, b, left_open or a == -sp.oo, right_open or b == sp.oo)

    # -- claims --------------------------------------------------------------------------------
    def domain_clause(self, lo: int, hi: int) -> tuple[int, sp.Set, str]:
        r"""A trailing condition on the variable: ``, x > 0``, ``\text{for } x \ne 0``,
        ``\forall x \in \mathbb{R}``, ``\quad (x \neq 0)``.  Returns (end of the chain,
        domain, its text)."""
        def starts_clause(t: Token) -> bool:
            return (
                (t.kind == "cmd" and t.text == "\\forall")
                or (t.kind == "name" and t.text.strip().lower() in CONDITION_WORDS | {"for all", "for every"})
                or (t.kind == "ch" and t.text == ",") or (t.kind == "space" and t.big)
            )

        cuts = self.top_level(lo, hi, starts_clause, parens=True)
        for c in cuts:
            rest_lo = c + 1
            t = self.toks[c]
            if t.kind == "space":  # \quad (x \neq 0): only a parenthesised condition at the end
                a = self.next_significant(c + 1, hi)
                while a < hi and self.toks[a].kind == "space":
                    a = self.next_significant(a + 1, hi)
                if not (self.is_char(a, "(") and self.match_paren(a, hi) == self.trim(a, hi)[1] - 1):
                    continue
                if not self.top_level(a + 1, self.trim(a, hi)[1] - 1, lambda u: u.kind == "rel"):
                    continue
                rest_lo = a
            # words after the separator: "all", "every"
            while rest_lo < hi and (self.toks[rest_lo].kind in ("space", "null") or (self.toks[rest_lo].kind == "name" and self.toks[rest_lo].text.strip().lower() in CONDITION_WORDS | {"all", "every", "for all"})):
                rest_lo += 1
            if t.kind == "cmd" and t.text == "\\forall":
                pass
            elif not self.top_level(rest_lo, hi, lambda u: u.kind == "rel"):
                continue  # a comma that is not followed by a condition
            a, b = self.strip_braces(rest_lo, hi)
            if a < b and self.is_char(a, "(") and self.match_paren(a, b) == b - 1:
                a, b = a + 1, b - 1
            text = self.text[self.toks[c].start : self.toks[hi - 1].end]
            if a >= b:
                return c, sp.S.Reals, text
            sig = [m for m in range(a, b) if self.toks[m].kind not in ("space", "null")]
            if len(sig) == 1 and self.toks[sig[0]].kind == "letter" and self.toks[sig[0]].text == self.var.name:
                return c, sp.S.Reals, text  # \forall x
            cond = self.condition(a, b)
            if cond.free_symbols - {self.var}:
                raise self.error("a condition on the claim must be about its variable only", a)
            try:
                dom = cond.as_set() if cond not in (sp.true, sp.false) else (sp.S.Reals if cond is sp.true else sp.S.EmptySet)
            except (NotImplementedError, ValueError, TypeError):
                raise self.error("cannot read this condition as a set of values of the variable", a) from None
            if dom == sp.S.EmptySet:
                raise self.error("the condition holds for no real value", a)
            return c, dom, text
        return hi, sp.S.Reals, ""

    def chain(self, lo: int, hi: int) -> tuple[list[Term], list[str]]:
        lo, hi = self.strip_braces(lo, hi)
        while hi > lo and (self.is_char(hi - 1, ".") or self.is_char(hi - 1, ",") or self.toks[hi - 1].kind in ("space", "null")):
            hi -= 1  # a full stop or comma ending a displayed formula
        if lo >= hi:
            raise ParseError("empty claim", self.text, 0)
        hi, self.domain, self.domain_text = self.domain_clause(lo, hi)
        lo, hi = self.trim(lo, hi)
        while hi > lo and self.is_char(hi - 1, ","):
            hi -= 1
        if lo >= hi:
            raise ParseError("empty claim", self.text, 0)
        rels = self.top_level(lo, hi, lambda t: t.kind == "rel")
        bounds = [lo, *[r + 1 for r in rels]]
        ends = [*rels, hi]
        relations = [self.toks[r].text for r in rels]
        terms: list[Term] = []
        for k, (a, b) in enumerate(zip(bounds, ends)):
            a, b = self.trim(a, b)
            if a >= b:
                pos = self.toks[rels[k - 1]].start if k > 0 and rels else self.toks[min(a, len(self.toks) - 1)].start
                raise ParseError("a relation without a term on one side", self.text, pos)
            start, end = self.toks[a].start, self.toks[b - 1].end
            src = self.text[start:end]
            if b - a == 1 and self.toks[a].kind == "dots":
                terms.append(Term("elided", None, src, start, end))
            elif k > 0 and relations[k - 1] == "in":
                terms.append(Term("set", self.set(a, b), src, start, end))
            else:
                e = self.defined_expr(a, b)
                terms.append(Term("expr", e, src, start, end, self.literal(a, b, src)))
        for k, r in enumerate(relations):
            if terms[k].kind == "set":
                raise ParseError("a set can only stand after \\in", self.text, terms[k].start)
            if r == "in" and terms[k + 1].kind != "set":
                raise ParseError("expected a set after \\in", self.text, terms[k + 1].start)
            if terms[k].kind == "elided" and terms[k + 1].kind == "elided":
                raise ParseError("two skipped steps in a row", self.text, terms[k + 1].start)
        if terms[0].kind == "elided" or terms[-1].kind == "elided":
            raise ParseError("a chain cannot start or end with a skipped step", self.text, terms[0].start if terms[0].kind == "elided" else terms[-1].start)
        return terms, relations

    def literal(self, lo: int, hi: int, src: str) -> DecimalLiteral | None:
        """The term as a decimal literal (``0.7311``, ``-1.5``, ``9.094 \\times 10^{-13}``,
        ``1.5e-3``), or None."""
        toks = [self.toks[m] for m in range(lo, hi) if self.toks[m].kind not in ("space", "null") and not self.is_char(m, "{") and not self.is_char(m, "}")]
        sign = 1
        if toks and toks[0].kind == "ch" and toks[0].text in "+-":
            sign = -1 if toks[0].text == "-" else 1
            toks = toks[1:]
        if not toks or toks[0].kind != "num" or "." not in toks[0].text:
            return None
        mant = toks[0]
        exp = mant.exp
        if len(toks) == 1:
            pass
        elif (
            len(toks) in (5, 6) and toks[1].kind == "cmd" and toks[1].text in ("\\times", "\\cdot")
            and toks[2].kind == "num" and toks[2].value == 10 and toks[3].kind == "ch" and toks[3].text == "^"
        ):
            rest = toks[4:]
            esign = 1
            if len(rest) == 2:
                if not (rest[0].kind == "ch" and rest[0].text in "+-"):
                    return None
                esign = -1 if rest[0].text == "-" else 1
                rest = rest[1:]
            if rest[0].kind != "num" or not rest[0].value.is_Integer or exp:
                return None
            exp = esign * int(rest[0].value)
        else:
            return None
        value = sign * decimal_value(mant.text) * sp.Integer(10) ** exp
        significant = mant.text.replace(".", "").lstrip("0")
        return DecimalLiteral(src.strip(), value, max(1, len(significant)), ("-" if sign < 0 else "") + mant.text, exp)


#: the SymPy relation of each relation a condition may use
CONDITION_RELATIONS: dict[str, Callable[[sp.Expr, sp.Expr], Boolean]] = {"=": sp.Eq, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "!=": sp.Ne}


def comparison(op: str, a: sp.Expr, b: sp.Expr, reader: Reader, r: int) -> Boolean:
    """The SymPy relation ``a op b`` of a condition (token r is the relation)."""
    relation = CONDITION_RELATIONS.get(op)
    if relation is None:
        raise reader.error(f"unsupported relation '{op}' in a condition", r)
    return relation(a, b)


def claim_variable(toks: list[Token]) -> sp.Symbol:
    """The claim's variable: x if it occurs, else the v of ``\\frac{d}{dv}`` or of ``F(v)``."""
    letters = {t.text for t in toks if t.kind == "letter"}
    if "x" in letters:
        return X
    for i, t in enumerate(toks):  # \frac{d}{dz}
        if t.kind == "letter" and t.text == "d" and i + 1 < len(toks) and toks[i + 1].kind == "letter" and toks[i + 1].start == t.end:
            v = toks[i + 1].text
            if v not in ("e",):
                return sp.Symbol(v, real=True)
    for i, t in enumerate(toks):  # F(z): a name applied to a single letter
        if i + 2 < len(toks) and toks[i + 1].kind == "ch" and toks[i + 1].text == "(" and toks[i + 2].kind == "letter":
            if t.kind in ("greek", "func", "name", "prime") or (t.kind == "letter" and t.text in FUNCTION_LETTERS):
                if i + 3 < len(toks) and toks[i + 3].kind == "ch" and toks[i + 3].text == ")" and toks[i + 2].text not in ("e",):
                    return sp.Symbol(toks[i + 2].text, real=True)
    return X


def shorthand_names(toks: list[Token], activations: Activations) -> set[str]:
    """Function names that occur somewhere without an argument (sigma' = sigma(1 - sigma))."""
    out: set[str] = set()
    n = len(toks)
    for i, t in enumerate(toks):
        if t.kind == "greek" and t.text == "sigma":
            key = "\\sigma"
        elif t.kind == "letter" and t.text == "f":
            key = "f"
        elif t.kind == "name" and len(t.text) > 1 and activations.name_of(t.text.replace(" ", "")) is not None:
            key = f"\\operatorname{{{t.text}}}"
        else:
            continue
        if i + 1 < n and toks[i + 1].kind == "ch" and toks[i + 1].text == "_":
            continue
        # inside \frac{d f}{dx} or \frac{\partial S}{...}: not shorthand
        if i > 0 and (toks[i - 1].kind == "letter" and toks[i - 1].text == "d" or toks[i - 1].kind == "cmd" and toks[i - 1].text == "\\partial"):
            continue
        j = i + 1
        while j < n and (toks[j].kind in ("prime", "space", "null")):
            j += 1
        if j < n and toks[j].kind == "ch" and toks[j].text == "^":  # ^{(k)} or a power
            k = j + 1
            if k < n and toks[k].kind == "ch" and toks[k].text == "{":
                m = closing_brace(toks, k)
                if m is not None:
                    j = m + 1
            else:
                j = k + 1
            while j < n and toks[j].kind in ("prime", "space", "null"):
                j += 1
        if j < n and toks[j].kind == "ch" and toks[j].text in "({":
            if toks[j].text == "{":
                k = j + 1
                while k < n and toks[k].kind in ("space", "null"):
                    k += 1
                if k < n and toks[k].kind == "ch" and toks[k].text == "(":
                    continue
            else:
                continue
        out.add(key)
    return out


# ---------------------------------------------------------------------------------------
# entry points (run under the parse budget by symact.parse)
def read_expression(text: str, activations: Activations) -> sp.Expr:
    """An activation's definition in x (see :func:`symact.parse.parse_expression`)."""
    toks = tokenize(text)
    p = Reader(text, toks, "expression", X, [], set(), activations)
    rels = p.top_level(0, len(toks), lambda t: t.kind == "rel")
    lo = 0
    if rels:
        r = rels[0]
        head = [t for t in toks[:r] if t.kind not in ("space", "null")]
        is_def = (
            len(rels) == 1 and toks[r].text == "=" and len(head) == 4 and head[0].kind == "letter" and head[0].text == "f"
            and head[1].kind == "ch" and head[1].text == "(" and head[2].kind == "letter" and head[2].text == "x"
            and head[3].kind == "ch" and head[3].text == ")"
        )
        if not is_def:
            raise p.error(f"expected an expression, found the relation '{toks[r].text}'", r)
        lo = r + 1
    e = p.defined_expr(lo, len(toks))
    if not isinstance(e, sp.Expr) or isinstance(e, sp.core.relational.Relational):
        raise ParseError("expected an expression", text, 0)
    if e.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise ParseError("the expression contains infinity", text, 0)
    return e


def read_claim(text: str, activations: Activations) -> ParsedClaim:
    """A claim's chain (see :func:`symact.parse.parse_claim`)."""
    toks = tokenize(text)
    notes: list[str] = []
    # a claim written as one multi-line environment: one chain over its rows
    sig = [t for t in toks if t.kind not in ("space", "null")]
    if sig and sig[0].kind == "begin" and sig[0].text in CHAIN_ENVIRONMENTS and sig[-1].kind == "end":
        first = toks.index(sig[0])
        last = len(toks) - 1 - toks[::-1].index(sig[-1])
        p0 = Reader(text, toks, "claim", X, notes, set(), activations)
        if p0.env_match.get(first) == last:
            toks = [t for t in toks[first + 1 : last] if t.kind not in ("sep", "amp")]
            if not toks:
                raise ParseError("an empty environment", text, sig[0].start)
    var = claim_variable(toks)
    shorthand = shorthand_names(toks, activations)
    p = Reader(text, toks, "claim", var, notes, shorthand, activations)
    for name in sorted(shorthand):
        notes.append(f"{name} is written without an argument: read as {name}({var}), so {name}(...) is a product")
    terms, relations = p.chain(0, len(toks))
    if not relations:
        raise ParseError("a claim needs a relation (=, <, \\le, >, \\ge, \\ne, \\in or \\approx)", text, 0)
    return ParsedClaim(text, tuple(terms), tuple(relations), var, tuple(dict.fromkeys(notes)), p.domain, p.domain_text)
