r"""Expressions: arithmetic (through the skeleton handed to latex2sympy2), names and
function applications, calculus notation (primes, ``f^{(k)}``, ``\frac{d}{dx}``,
``\frac{\partial S}{\partial a_i}``) and products with ``\cdots`` over indexed factors.

Every construct of ours becomes a placeholder in a :class:`~symact.parse.backend.Skeleton`;
latex2sympy2's result is checked node by node (only ``Add``, ``Mul``, ``Pow``, ``Abs``,
rationals and placeholders may come back) and rebuilt with our objects; powers of numbers are
size-checked before SymPy evaluates them.
"""

from __future__ import annotations

import re
from typing import Any, cast

import sympy as sp

from .. import budget
from ..definedness import Guard, guards_of_function, guards_of_power, restrict
from ..errors import ParseError
from ..spec import x as X
from . import backend
from .backend import Skeleton
from .lexer import (
    CONDITION_WORDS, DIGITS, FUNCTION_COMMANDS, MAX_BITS, MAX_DERIVATIVE_ORDER, MAX_SKELETON_TOKENS, OTHERWISE_WORDS, Token,
)
from .navigation import TokenNavigator
from .vocabulary import (
    BUILTIN_FUNCTIONS, FUNCTION_LETTERS, INVERSE_BY_MINUS_ONE, Activations, FunctionInfo, log_in_base, normal_cdf,
    undefined_function,
)


class ExpressionReader(TokenNavigator):
    """Reads expressions from a token range.  ``mode`` is 'claim' or 'expression' (an
    activation's definition: no derivatives, no function letters, catalogue names replaced
    by their expressions); ``var`` the claim's variable; ``shorthand`` the function names
    written without an argument somewhere in the claim; ``activations`` the names the
    caller gave.  Cases, conditions and sets are read by the subclass
    :class:`symact.parse.claims.Reader`, which is the class that is instantiated."""

    def __init__(self, text: str, toks: list[Token], mode: str, var: sp.Symbol, notes: list[str], shorthand: set[str],
                 activations: Activations) -> None:
        super().__init__(text, toks)
        self.mode = mode  # 'claim' | 'expression'
        self.var = var
        self.notes = notes
        self.shorthand = shorthand  # function names written without an argument somewhere
        self.activations = activations
        #: where the expression as written is defined (symact.definedness): shared with children
        self.guards: list[Guard] = []

    def child(self, toks: list[Token]) -> "ExpressionReader":
        """A reader of other tokens of the same text, with the same settings."""
        kid = type(self)(self.text, toks, self.mode, self.var, self.notes, self.shorthand, self.activations)
        kid.guards = self.guards
        return kid

    def defined_expr(self, lo: int, hi: int) -> sp.Expr:
        """``expr(lo, hi)`` restricted to where the expression as written is defined (the
        guards SymPy's evaluation lost: :func:`symact.definedness.restrict`)."""
        start = len(self.guards)
        e = self.expr(lo, hi)
        found = self.guards[start:]
        del self.guards[start:]
        return restrict(e, found) if isinstance(e, sp.Expr) and found else e

    def piecewise(self, begin: int, end: int) -> sp.Expr:
        """A cases/array environment (defined by :class:`symact.parse.claims.Reader`)."""
        raise NotImplementedError

    # -- symbols and names ---------------------------------------------------------------
    def symbol(self, base: str, sub: str | None, i: int) -> sp.Expr:
        if base in ("e",) and sub is None:
            return cast("sp.Expr", sp.E)
        name = base if sub is None else f"{base}_{sub}"
        if name == self.var.name:
            return self.var
        if base == "x" and sub is None:
            return X
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)?", name):
            raise self.error(f"unsupported symbol name {name!r}", i)
        return sp.Symbol(name, real=True)

    def function_info(self, t: Token, sub: str | None, i: int) -> FunctionInfo | None:
        """What the name token at i means as a function, or None for a plain symbol."""
        if t.kind == "func":
            return FunctionInfo("builtin", t.text, "\\" + t.text, BUILTIN_FUNCTIONS[t.text][0], BUILTIN_FUNCTIONS[t.text][1])
        if t.kind == "greek":
            if sub is not None:
                return None
            if t.text == "sigma":
                return FunctionInfo("catalog", self.activations.name_of("sigmoid") or "sigmoid", "\\sigma")
            if t.text == "Phi":
                return FunctionInfo("builtin", "Phi", "\\Phi", normal_cdf, 1)
            return None
        if t.kind == "letter":
            if sub is None and t.text in FUNCTION_LETTERS:
                return FunctionInfo("letter", t.text, t.text)
            return None
        if t.kind == "name":
            word = t.text
            if len(word) == 1 and word.isalpha():
                return None
            key = word.replace(" ", "")
            if key in BUILTIN_FUNCTIONS:
                fn, arity = BUILTIN_FUNCTIONS[key]
                return FunctionInfo("builtin", key, f"\\operatorname{{{word}}}", fn, arity)
            if key.lower() in BUILTIN_FUNCTIONS and key.lower() not in ("phi",):
                fn, arity = BUILTIN_FUNCTIONS[key.lower()]
                return FunctionInfo("builtin", key.lower(), f"\\operatorname{{{word}}}", fn, arity)
            cat = self.activations.name_of(key)
            if cat is not None:
                return FunctionInfo("catalog", cat, f"\\operatorname{{{word}}}")
            raise self.error(f"unknown function {word!r} (not a SymPy function nor an activation in the catalogue)", i)
        return None

    # -- expressions -----------------------------------------------------------------------
    def expr(self, lo: int, hi: int, what: str = "expression") -> sp.Expr:
        lo, hi = self.trim(lo, hi)
        if lo >= hi:
            raise self.error(f"empty {what}", lo)
        if self.top_level(lo, hi, lambda t: t.kind == "dots"):
            return self.dots_product(lo, hi)
        skeleton = Skeleton()
        self.emit(lo, hi, skeleton)
        return self.finish(skeleton, lo)

    def finish(self, skeleton: Skeleton, lo: int) -> sp.Expr:
        s = skeleton.text
        if len(skeleton.objects) == 1 and s == "{v_{1}}":
            return skeleton.objects[0]  # type: ignore[return-value]
        if skeleton.count > MAX_SKELETON_TOKENS:
            raise self.error(f"expression too long: more than {MAX_SKELETON_TOKENS} terms and operators at one level", lo)
        backend.load()  # outside the try below: an import failure is not the user's LaTeX
        try:
            raw = backend.convert(s)
        except RecursionError:
            raise self.error("too deeply nested", lo) from None
        except (budget.Timeout, KeyboardInterrupt):
            raise
        except ImportError as exc:  # a module the backend imports late: not the user's LaTeX
            raise backend.DependencyError(f"the LaTeX parser {backend.LATEX_BACKEND} failed to import a module ({type(exc).__name__}: {exc}); "
                                  f"reinstall symact's dependencies") from exc
        except Exception as exc:  # noqa: BLE001 - latex2sympy2-extended raises bare Exception
            col = backend.caret_column(str(exc))
            off = skeleton.origin[min(col, len(skeleton.origin) - 1)] if col is not None and skeleton.origin else self.toks[lo].start
            first = str(exc).split("\n")[0].strip() or type(exc).__name__
            raise ParseError(f"cannot read this expression ({first})", self.text, off) from None
        if not isinstance(raw, sp.Expr):
            raise self.error("expected an expression", lo)
        return self.rebuild(raw, skeleton, lo)

    def rebuild(self, e: sp.Basic, skeleton: Skeleton, lo: int) -> sp.Expr:
        if isinstance(e, sp.Symbol):
            m = backend.PLACEHOLDER.match(e.name)
            if not m or not 1 <= int(m.group(1)) <= len(skeleton.objects):
                raise self.error(f"unexpected symbol {e.name!r} in the parse", lo)
            return skeleton.objects[int(m.group(1)) - 1]  # type: ignore[return-value]
        if isinstance(e, sp.Rational):
            return cast("sp.Expr", e)
        if isinstance(e, (sp.Add, sp.Mul, sp.Pow, sp.Abs)):
            args = [self.rebuild(a, skeleton, lo) for a in e.args]
            if isinstance(e, sp.Pow):
                self.guards.extend(guards_of_power(args[0], args[1]))
                return self.power(args[0], args[1], lo)
            if isinstance(e, sp.Add):
                return sp.Add(*args)
            if isinstance(e, sp.Mul):
                return sp.Mul(*args)
            return cast("sp.Expr", sp.Abs(args[0]))
        raise self.error(f"unsupported construct ({type(e).__name__})", lo)

    def power(self, base: sp.Expr, exp: sp.Expr, i: int) -> sp.Expr:
        if isinstance(base, sp.Rational) and isinstance(exp, sp.Rational):
            bits = max(int(base.p).bit_length(), int(base.q).bit_length())
            if exp.is_Integer:
                if bits * abs(int(exp)) > MAX_BITS and bits > 1:
                    raise self.error(f"number too large (a power with more than {MAX_BITS} bits)", i)
            elif bits > 4096 or abs(int(exp.p)) > 10**6 or int(exp.q) > 10**6:
                raise self.error("number too large", i)
        if base is sp.E and isinstance(exp, sp.Integer) and abs(int(exp)) > 10**6:
            raise self.error("exponent too large", i)
        return cast("sp.Expr", sp.Pow(base, exp))

    def emit(self, lo: int, hi: int, skeleton: Skeleton, has_base: bool = False) -> None:  # noqa: C901 - one dispatch
        """Append the skeleton of toks[lo:hi] to ``skeleton`` (``has_base``: something was
        emitted just before, so the range may start with a superscript)."""
        i = lo
        while i < hi:
            t = self.toks[i]
            k = t.kind
            if k in ("space", "null"):
                i += 1
                continue
            if k == "num":
                nxt = self.next_significant(i + 1, hi)
                if nxt < hi and self.toks[nxt].kind == "num":
                    raise self.error("two numbers next to each other (a misplaced decimal point or a missing operator)", nxt)
                skeleton.placeholder(t.value, t.start)
                i += 1
            elif k in ("letter", "greek", "func", "name"):
                i = self.atom(i, hi, skeleton)
            elif k == "ch":
                c = t.text
                if c in "{([":
                    j = self.match[i] if c == "{" else self.match_paren(i, hi)
                    if j >= hi:
                        raise self.error(f"unbalanced '{c}'", i)
                    inner = self.expr(i + 1, j, "group" if c == "{" else "brackets")
                    after = self.next_significant(j + 1, hi)
                    if after < hi and self.toks[after].kind == "prime":
                        skeleton.placeholder(self.prime_of(inner, after), t.start)
                        i = after + 1
                        continue
                    # every group is parsed on its own: latex2sympy2 never sees nesting
                    skeleton.placeholder(inner, t.start)
                    i = j + 1
                elif c in ")]":
                    raise self.error(f"unbalanced '{c}'", i)
                elif c == "}":
                    raise self.error("unbalanced '}'", i)
                elif c in "+-":
                    skeleton.add(c, t.start)
                    i += 1
                elif c == "*":
                    skeleton.add(" \\cdot ", t.start)
                    i += 1
                elif c == "/":
                    skeleton.add("/", t.start)
                    i += 1
                elif c == "^":
                    if self.trim(lo, i)[1] <= lo and not has_base:
                        raise self.error("a superscript without a base", i)
                    i = self.superscript(i, hi, skeleton)
                elif c == "_":
                    raise self.error("a subscript without a base (or a double subscript)", i)
                elif c == ",":
                    raise self.error("unexpected ',' (commas separate function arguments and interval ends)", i)
                elif c == "!":
                    raise self.error("factorials are not supported", i)
                else:
                    raise self.error(f"unexpected '{c}'", i)
            elif k == "cmd":
                name = t.text
                if name in ("\\cdot", "\\times"):
                    skeleton.add(" \\cdot ", t.start)
                    i += 1
                elif name == "\\div":
                    skeleton.add("/", t.start)
                    i += 1
                elif name == "\\frac":
                    i = self.frac(i, hi, skeleton)
                elif name == "\\sqrt":
                    i = self.sqrt(i, hi, skeleton)
                elif name == "\\infty":
                    skeleton.placeholder(sp.oo, t.start)
                    i += 1
                elif name == "\\pi":
                    skeleton.placeholder(sp.pi, t.start)
                    i += 1
                elif name == "\\partial":
                    raise self.error("\\partial is only supported in \\frac{\\partial ...}{\\partial ...}", i)
                else:
                    raise self.error(f"{name} is not supported here", i)
            elif k == "bar":
                if t.n == -1:
                    raise self.error("'|' closes nothing", i)
                j = self.match_bar(i, hi)
                inner = self.expr(i + 1, j)
                skeleton.placeholder(sp.Abs(inner), t.start)
                i = j + 1
            elif k == "lset":
                j = self.next_significant(i + 1, hi)
                if j < hi and self.toks[j].kind == "begin":
                    end = self.env_match[j]
                    skeleton.placeholder(self.piecewise(j, end), t.start)
                    i = end + 1
                    r = self.next_significant(i, hi)
                    if r < hi and self.toks[r].kind == "null":
                        i = r + 1
                else:
                    raise self.error("set braces \\{ ... \\} are only supported after \\in", i)
            elif k == "begin":
                if t.text not in ("cases", "dcases"):
                    raise self.error(f"\\begin{{{t.text}}} is not supported inside an expression", i)
                end = self.env_match[i]
                skeleton.placeholder(self.piecewise(i, end), t.start)
                i = end + 1
            elif k == "prime":
                raise self.error("a prime must follow a function name or a bracket", i)
            elif k == "rel":
                raise self.error(f"unexpected relation '{t.text}' inside an expression", i)
            elif k == "dots":
                raise self.error(f"{t.text} is only supported between indexed factors of a product or as a skipped step", i)
            elif k in ("sep", "amp"):
                raise self.error(f"unexpected '{t.text}' outside an array or cases environment", i)
            elif k == "mathbb":
                raise self.error("\\mathbb{R} is only supported after \\in", i)
            else:
                raise self.error(f"unexpected {t.text!r}", i)

    def superscript(self, i: int, hi: int, skeleton: Skeleton) -> int:
        j = self.next_significant(i + 1, hi)
        if j >= hi:
            raise self.error("a superscript without content", i)
        t = self.toks[j]
        skeleton.add("^{", self.toks[i].start)
        if self.is_char(j, "{"):
            end = self.match[j]
            skeleton.placeholder(self.expr(j + 1, end, "superscript"), t.start)
            nxt = end + 1
        elif t.kind in ("num", "letter", "greek") or (t.kind == "cmd" and t.text in ("\\infty", "\\pi")):
            skeleton.placeholder(self.expr(j, j + 1, "superscript"), t.start)
            nxt = j + 1
        else:
            raise self.error("put this superscript in braces, e.g. e^{-x}", j)
        skeleton.add("}", self.toks[nxt - 1].start)
        following = self.next_significant(nxt, hi)
        if following < hi and self.is_char(following, "^"):
            raise self.error("double superscript", following)
        return nxt

    def sqrt(self, i: int, hi: int, skeleton: Skeleton) -> int:
        t = self.toks[i]
        j = self.next_significant(i + 1, hi)
        skeleton.add("\\sqrt", t.start)
        if self.is_char(j, "["):
            k = self.match_paren(j, hi)
            skeleton.add("[", self.toks[j].start)
            skeleton.placeholder(self.expr(j + 1, k), self.toks[j].start)
            skeleton.add("]", self.toks[k].start)
            j = self.next_significant(k + 1, hi)
        end = self.group_end(j, hi)
        skeleton.placeholder(self.arg_expr(j, end), self.toks[j].start)
        return end

    def arg_expr(self, i: int, end: int) -> sp.Expr:
        """The expression of a TeX argument (a group or one token)."""
        if self.is_char(i, "{"):
            return self.expr(i + 1, end - 1)
        return self.expr(i, end)

    def frac(self, i: int, hi: int, skeleton: Skeleton) -> int:
        t = self.toks[i]
        a = self.next_significant(i + 1, hi)
        a_end = self.group_end(a, hi)
        b = self.next_significant(a_end, hi)
        b_end = self.group_end(b, hi)
        if b_end > hi:
            raise self.error("\\frac needs two arguments", i)
        num = self.strip_braces(*(self.group_inner(a, a_end)))
        den = self.strip_braces(*(self.group_inner(b, b_end)))
        numerator_d = self.differential(num[0], num[1], numerator=True)
        denominator_d = self.differential(den[0], den[1], numerator=False)
        if numerator_d is not None and denominator_d is not None:
            return self.leibniz(i, hi, b_end, numerator_d, denominator_d, skeleton)
        if (numerator_d is not None and numerator_d[0] == "partial") or (denominator_d is not None and denominator_d[0] == "partial"):
            raise self.error("write partial derivatives as \\frac{\\partial F}{\\partial v}", i)
        skeleton.add("\\frac{", t.start)
        skeleton.placeholder(self.arg_expr(a, a_end), self.toks[a].start)
        skeleton.add("}{", self.toks[b].start)
        skeleton.placeholder(self.arg_expr(b, b_end), self.toks[b].start)
        skeleton.add("}", self.toks[b_end - 1].start)
        return b_end

    def group_inner(self, i: int, end: int) -> tuple[int, int]:
        if self.is_char(i, "{"):
            return i + 1, end - 1
        return i, end

    def differential(self, lo: int, hi: int, numerator: bool) -> tuple[str, int, int, Any] | None:
        """Recognise ``d``, ``d^2``, ``\\partial``, ``d f`` (numerator) or ``dx``, ``dx^2``,
        ``\\partial a_3`` (denominator).  Returns (kind, order, rest_lo, var_or_None)."""
        if lo >= hi:
            return None
        t = self.toks[lo]
        if t.kind == "letter" and t.text == "d" or t.kind == "name" and t.text == "d":
            kind = "d"
        elif t.kind == "cmd" and t.text == "\\partial":
            kind = "partial"
        else:
            return None
        j = lo + 1
        if numerator:
            order = 1
            if self.is_char(j, "^"):
                order_at = self.next_significant(j + 1, hi)
                order_end = self.group_end(order_at, hi)
                order = self.small_int(order_at, order_end)
                j = order_end
            if kind == "d" and j < hi and self.toks[j].kind == "ch" and self.toks[j].text not in "{(":
                return None
            return (kind, order, j, None)
        # denominator: d VAR [^k]
        j = self.next_significant(j, hi)
        vlo, vhi = j, j
        if j < hi and self.is_char(j, "{"):
            vlo, vhi = self.strip_braces(j, self.match[j] + 1)
            j = self.match[j] + 1
        else:
            vlo = j
            if j < hi and self.toks[j].kind in ("letter", "greek"):
                j += 1
                if self.is_char(j, "_"):
                    _, j = self.subscript(j, hi)
            vhi = j
        if vlo >= vhi or self.toks[vlo].kind not in ("letter", "greek"):
            return None
        base = self.toks[vlo]
        sub = None
        if vhi - vlo > 1:
            if not self.is_char(vlo + 1, "_"):
                return None
            sub, after = self.subscript(vlo + 1, vhi)
            if after != vhi:
                return None
        var = self.symbol(base.text, sub, vlo)
        if not isinstance(var, sp.Symbol):
            return None
        order = 1
        j = self.next_significant(j, hi)
        if self.is_char(j, "^"):
            order_at = self.next_significant(j + 1, hi)
            order_end = self.group_end(order_at, hi)
            order = self.small_int(order_at, order_end)
            j = self.next_significant(order_end, hi)
        if j != hi:
            return None
        return (kind, order, j, var)

    def small_int(self, i: int, end: int) -> int:
        lo, hi = self.strip_braces(*self.group_inner(i, end))
        if hi - lo == 1 and self.toks[lo].kind == "num" and self.toks[lo].value.is_Integer:
            k = int(self.toks[lo].value)
            if 1 <= k <= MAX_DERIVATIVE_ORDER:
                return k
            raise self.error(f"derivative order {k} is out of range 1..{MAX_DERIVATIVE_ORDER}", lo)
        raise self.error("expected a derivative order (a small integer)", i)

    def leibniz(self, i: int, hi: int, after: int, numerator_d: tuple[Any, ...], denominator_d: tuple[Any, ...], skeleton: Skeleton) -> int:
        if self.mode == "expression":
            raise self.error("derivatives are not allowed in an expression that defines an activation", i)
        kind, order, rest_lo, _ = numerator_d
        _, dorder, _, var = denominator_d
        if order != dorder:
            raise self.error(f"the orders of d^{order} and d{var}^{dorder} differ", i)
        # the numerator after d / \partial
        a = self.next_significant(i + 1, hi)
        a_end = self.group_end(a, hi)
        num_lo, num_hi = self.strip_braces(*self.group_inner(a, a_end))
        rlo, rhi = self.strip_braces(rest_lo, num_hi)
        if rlo < rhi:
            operand = self.operand(rlo, rhi, var)
            end = after
        else:
            # \frac{d}{dx} OPERAND: up to the next top-level + or - or the end
            start = self.next_significant(after, hi)
            stops = self.top_level(start, hi, lambda t: t.kind == "ch" and t.text in "+-" or t.kind == "rel", parens=True)
            stops = [s for s in stops if s > start]
            end = stops[0] if stops else hi
            if start >= end:
                raise self.error("a derivative operator without an operand", i)
            operand = self.operand(start, end, var)
        skeleton.placeholder(sp.Derivative(operand, (var, order)), self.toks[i].start)
        return end

    def operand(self, lo: int, hi: int, var: sp.Symbol) -> sp.Expr:
        """The operand of d/dv: a function name alone is F() (layer model) or F(var)."""
        lo, hi = self.strip_braces(lo, hi)
        if hi - lo == 1:
            t = self.toks[lo]
            info = self.function_info(t, None, lo) if t.kind in ("letter", "greek", "name") else None
            if info is not None:
                return self.apply(info, [var], 0, lo) if var == self.var else undefined_function(info.name)()
        return self.expr(lo, hi)

    def prime_of(self, inner: sp.Expr, i: int) -> sp.Expr:
        if self.mode == "expression":
            raise self.error("derivatives are not allowed in an expression that defines an activation", i)
        k = self.toks[i].n
        if k > MAX_DERIVATIVE_ORDER:
            raise self.error("derivative order too high", i)
        return sp.Derivative(inner, (self.var, k))

    # -- names, applications -----------------------------------------------------------------
    def atom(self, i: int, hi: int, skeleton: Skeleton) -> int:
        t = self.toks[i]
        j = i + 1
        sub: str | None = None
        if t.kind in ("letter", "greek", "name") and self.is_char(j, "_"):
            sub, j = self.subscript(j, hi)
            if self.is_char(self.next_significant(j, hi), "_"):
                raise self.error("double subscript", self.next_significant(j, hi))
        if t.kind == "name" and len(t.text) == 1 and t.text.isalpha():
            t = Token("letter", t.text, t.start, t.end)
        if t.kind == "name" and t.text in CONDITION_WORDS | OTHERWISE_WORDS:
            raise self.error(f"unexpected word {t.text!r}", i)
        info = self.function_info(t, sub, i)
        # derivative marks: primes, ^{(k)}
        order = 0
        while j < hi:
            js = self.next_significant(j, hi)
            if js < hi and self.toks[js].kind == "prime":
                order += self.toks[js].n
                j = js + 1
                continue
            if info is not None and self.is_char(js, "^"):
                k = self.paren_order(js, hi)
                if k is not None:
                    order += k[0]
                    j = k[1]
                    continue
            break
        if info is None:
            if order:
                raise self.error(f"a prime after the variable {t.text!r} (primes follow function names)", i)
            skeleton.placeholder(self.symbol(t.text, sub, i), t.start)
            return j
        if order > MAX_DERIVATIVE_ORDER:
            raise self.error(f"derivative order {order} is above {MAX_DERIVATIVE_ORDER}", i)
        if info.kind == "builtin" and info.name == "log" and sub is None and self.is_char(j, "_"):
            base_str, j = self.subscript(j, hi)
            info = self.log_with_base(base_str, i)
        elif info.kind == "builtin" and info.name == "log" and sub is not None:
            info = self.log_with_base(sub, i)
        # a power written before the argument: \sin^2 x, \sigma^2(x)
        power = None
        js = self.next_significant(j, hi)
        if self.is_char(js, "^"):
            power_at = self.next_significant(js + 1, hi)
            power_end = self.group_end(power_at, hi)
            if self.application_at(power_end, hi) is not None or (info.kind == "builtin" and self.application_at(power_end, hi) is None and info.name in FUNCTION_COMMANDS):
                power = self.arg_expr(power_at, power_end)
                j = power_end
                if power == -1 and info.kind == "builtin" and info.name in INVERSE_BY_MINUS_ONE and not order:
                    inv = INVERSE_BY_MINUS_ONE[info.name]
                    info = FunctionInfo("builtin", inv, info.display + "^{-1}", BUILTIN_FUNCTIONS[inv][0], 1)
                    power = None
                elif power == -1 and info.kind != "builtin" and not order:
                    # \sigma^{-1}(y): papers mean the inverse function (the logit), a power reading
                    # would mean 1/sigma: refuse rather than guess (inverse activations are not built)
                    raise self.error(f"{info.display}^{{-1}} is ambiguous here: write \\frac{{1}}{{{info.display}(x)}} for the "
                                   "reciprocal (the inverse function of an activation is not supported)", i)
        app = self.application_at(j, hi)
        if app is not None:
            args_lo, args_hi, after, wrap_end = app
            args = self.arguments(args_lo, args_hi, info)
            name_key = info.display if info.kind != "letter" else info.name
            if name_key in self.shorthand:
                # the name is also used without argument: here the bracket multiplies
                obj = self.apply(info, [self.var], order, i)
                if power is not None:
                    obj = self.power(obj, power, i)
                skeleton.placeholder(obj, t.start)
                return j
            obj = self.apply(info, args, order, i)
            if power is not None:
                obj = self.power(obj, power, i)
            if wrap_end is not None:  # f{\left( x \right)^2}: the group continues after the argument
                wrapped = Skeleton()
                wrapped.placeholder(obj, t.start)
                self.emit(after, wrap_end, wrapped, has_base=True)
                skeleton.placeholder(self.finish(wrapped, i), t.start)
                return wrap_end + 1
            skeleton.placeholder(obj, t.start)
            return after
        if info.kind == "builtin" and info.arity == 1:
            # \tanh x: the argument runs to the next top-level + - \cdot \times / relation or comma
            start = self.next_significant(j, hi)
            if start >= hi:
                raise self.error(f"{info.display} without an argument", i)
            arg_start = start + 1 if self.is_char(start, "-") or self.is_char(start, "+") else start
            stops = self.top_level(
                arg_start, hi,
                lambda u: (u.kind == "ch" and u.text in "+-/,") or u.kind in ("rel", "amp", "sep")
                or (u.kind == "cmd" and u.text in ("\\cdot", "\\times")) or (u.kind == "space" and u.big),
                parens=True,
            )
            funcs = [m for m in range(arg_start + 1, hi) if self.toks[m].kind == "func" and not self.inside_group(arg_start, m)]
            end = min([s for s in stops if s > arg_start] + funcs + [hi])
            obj = self.apply(info, [self.expr(start, end)], order, i)
            if power is not None:
                obj = self.power(obj, power, i)
            skeleton.placeholder(obj, t.start)
            return end
        # a function name without argument
        if info.kind == "builtin":
            raise self.error(f"{info.display} needs its arguments in parentheses", i)
        if self.mode == "expression":
            if info.kind == "letter":
                raise self.error(f"{t.text!r} as a function is not allowed in an activation's definition; write the formula in x", i)
            raise self.error(f"{info.display} needs an argument", i)
        if info.kind == "letter" and info.name != "f" and order == 0:
            skeleton.placeholder(self.symbol(t.text, sub, i), t.start)  # S, L, g, h used as plain letters
            return j
        obj = self.apply(info, [self.var], order, i)
        if power is not None:
            obj = self.power(obj, power, i)
        skeleton.placeholder(obj, t.start)
        return j

    def inside_group(self, lo: int, m: int) -> bool:
        depth = 0
        for k in range(lo, m):
            t = self.toks[k]
            if t.kind == "ch" and t.text in "{([":
                depth += 1
            elif t.kind == "ch" and t.text in "})]":
                depth -= 1
        return depth > 0

    def log_with_base(self, base_str: str, i: int) -> FunctionInfo:
        if base_str == "e":
            return FunctionInfo("builtin", "ln", "\\ln", sp.log, 1)
        if not base_str or any(c not in DIGITS for c in base_str) or int(base_str) < 2:
            raise self.error(f"unsupported logarithm base {base_str!r}", i)
        b = sp.Integer(int(base_str))
        return FunctionInfo("builtin", f"log{b}", f"\\log_{{{b}}}", log_in_base(b), 1)

    def paren_order(self, i: int, hi: int) -> tuple[int, int] | None:
        """``^{(k)}`` or ``^{(k)}`` with spaces at i: (k, index after)."""
        j = self.next_significant(i + 1, hi)
        if not self.is_char(j, "{"):
            return None
        end = self.match[j]
        lo, inner_hi = self.trim(j + 1, end)
        if inner_hi - lo == 3 and self.is_char(lo, "(") and self.is_char(lo + 2, ")") and self.toks[lo + 1].kind == "num":
            v = self.toks[lo + 1].value
            if v.is_Integer and 0 <= int(v) <= MAX_DERIVATIVE_ORDER:
                return int(v), end + 1
            raise self.error(f"derivative order {v} is out of range", lo + 1)
        return None

    def application_at(self, j: int, hi: int) -> tuple[int, int, int, int | None] | None:
        """If an argument list starts at j: (args_lo, args_hi, index after, wrap_end)."""
        j = self.next_significant(j, hi)
        if j >= hi:
            return None
        if self.is_char(j, "("):
            k = self.match_paren(j, hi)
            return j + 1, k, k + 1, None
        if self.is_char(j, "{"):
            end = self.match[j]
            f = self.next_significant(j + 1, end)
            if self.is_char(f, "("):
                k = self.match_paren(f, end)
                return f + 1, k, k + 1, end
        return None

    def arguments(self, lo: int, hi: int, info: FunctionInfo) -> list[sp.Expr]:
        commas = self.top_level(lo, hi, lambda t: t.kind == "ch" and t.text == ",", parens=True)
        bounds = [lo, *[c + 1 for c in commas]]
        ends = [*commas, hi]
        args = [self.expr(a, b, "argument") for a, b in zip(bounds, ends)]
        if info.arity == 0:
            if len(args) < 2:
                raise self.error(f"{info.display} needs at least two arguments", lo)
        elif len(args) != 1 and info.kind != "letter":
            raise self.error(f"{info.display} takes one argument, got {len(args)}", lo)
        elif len(args) != 1:
            raise self.error(f"{info.name} takes one argument here, got {len(args)}", lo)
        return args

    def apply(self, info: FunctionInfo, args: list[sp.Expr], order: int, i: int) -> sp.Expr:
        """The function ``info`` applied to ``args``, differentiated ``order`` times."""
        if self.mode == "expression":
            if order:
                raise self.error("derivatives are not allowed in an expression that defines an activation", i)
            if info.kind == "letter":
                raise self.error(f"{info.name!r} as a function is not allowed in an activation's definition", i)
            if info.kind == "catalog":
                return cast("sp.Expr", self.activations.expression(info.name).xreplace({X: args[0]}))
        function: Any
        if info.kind == "builtin":
            assert info.fn is not None
            function = info.fn
        else:
            function = undefined_function(info.name)
        if order == 0:
            if info.kind == "builtin":
                self.guards.extend(guards_of_function(sp.log if info.name in ("ln", "log") else info.fn, args))
            return cast("sp.Expr", function(*args))
        if len(args) != 1:
            raise self.error("derivatives of functions of several arguments are not supported", i)
        (arg,) = args
        if isinstance(arg, sp.Symbol):
            return sp.Derivative(function(arg), (arg, order))
        u = sp.Dummy("u", real=True)
        return sp.Subs(sp.Derivative(function(u), (u, order)), u, arg)

    # -- products with \cdots ----------------------------------------------------------------
    def factors(self, lo: int, hi: int) -> list[tuple[int, int]]:
        out = []
        i = lo
        while i < hi:
            t = self.toks[i]
            if t.kind in ("space", "null") or (t.kind == "cmd" and t.text in ("\\cdot", "\\times")) or (t.kind == "ch" and t.text == "*"):
                i += 1
                continue
            start = i
            if t.kind == "cmd" and t.text == "\\frac":
                a = self.next_significant(i + 1, hi)
                a_end = self.group_end(a, hi)
                b = self.next_significant(a_end, hi)
                i = self.group_end(b, hi)
            elif self.is_char(i, "{"):
                i = self.match[i] + 1
            elif self.is_char(i, "(") or self.is_char(i, "["):
                i = self.match_paren(i, hi) + 1
            elif t.kind in ("letter", "greek", "name", "func", "num"):
                i += 1
                if self.is_char(i, "_"):
                    _, i = self.subscript(i, hi)
                while i < hi and self.toks[i].kind == "prime":
                    i += 1
                app = self.application_at(i, hi)
                if app is not None:
                    i = (app[3] + 1) if app[3] is not None else app[2]
            else:
                raise self.error("cannot read the factors of this product with \\cdots (only products of indexed factors)", i)
            while i < hi and (self.is_char(i, "^") or self.toks[i].kind == "prime"):
                if self.toks[i].kind == "prime":
                    i += 1
                else:
                    i = self.group_end(self.next_significant(i + 1, hi), hi)
            out.append((start, i))
        return out

    def index_signature(self, lo: int, hi: int) -> tuple[tuple[Any, ...], set[int]]:
        sig = []
        idx: set[int] = set()
        in_sub = 0
        sub_end = -1
        for m in range(lo, hi):
            t = self.toks[m]
            if t.kind in ("space", "null") or self.is_char(m, "{") or self.is_char(m, "}"):
                if self.is_char(m, "}") and m >= sub_end:
                    in_sub = 0
                continue
            if self.is_char(m, "_"):
                n = self.next_significant(m + 1, hi)
                sub_end = self.match[n] if self.is_char(n, "{") else n
                in_sub = 1
                sig.append(("ch", "_"))
                continue
            if in_sub and t.kind == "num" and m <= sub_end and t.value.is_Integer:
                idx.add(int(t.value))
                sig.append(("IDX", ""))
            else:
                sig.append((t.kind, t.text))
            if m >= sub_end:
                in_sub = 0
        return tuple(sig), idx

    def dots_product(self, lo: int, hi: int) -> sp.Expr:
        dots = self.top_level(lo, hi, lambda t: t.kind == "dots")
        if len(dots) != 1:
            raise self.error("only one \\cdots per product is supported", dots[1] if len(dots) > 1 else lo)
        d = dots[0]
        left = self.factors(lo, d)
        right = self.factors(d + 1, hi)
        if not left or not right:
            raise self.error("\\cdots needs indexed factors on both sides", d)
        signatures = [self.index_signature(a, b) for a, b in left + right]
        ref = signatures[0][0]
        for (a, _), (sig, idx) in zip(left + right, signatures):
            if sig != ref or len(idx) != 1:
                raise self.error("the factors around \\cdots must differ only in one index (e.g. \\frac{\\partial S}{\\partial a_{i}})", a)
        left_indices = [next(iter(s[1])) for s in signatures[: len(left)]]
        right_indices = [next(iter(s[1])) for s in signatures[len(left) :]]
        seq = left_indices + right_indices
        step = (left_indices[1] - left_indices[0]) if len(left_indices) > 1 else (1 if right_indices[0] > left_indices[-1] else -1)
        if step not in (1, -1):
            raise self.error("the indices around \\cdots must run by steps of 1", lo)
        fill = list(range(left_indices[-1] + step, right_indices[0], step))
        full = left_indices + fill + right_indices
        if any(b - a != step for a, b in zip(full, full[1:])) or len(set(seq)) != len(seq):
            raise self.error("the indices around \\cdots do not form a run (e.g. 20, 19, \\cdots, 1)", d)
        if len(full) > 200:
            raise self.error("a product of more than 200 factors", d)
        factors = [self.expr(a, b) for a, b in left]
        template_lo, template_hi = left[0]
        template_index = left_indices[0]
        dots_tok = self.toks[d]
        for k in fill:
            toks = []
            for m in range(template_lo, template_hi):
                t = self.toks[m]
                if t.kind == "num" and t.value == template_index and self.in_subscript(m, template_lo):
                    toks.append(Token("num", str(k), dots_tok.start, dots_tok.end, value=sp.Integer(k)))
                else:
                    toks.append(Token(t.kind, t.text, dots_tok.start, dots_tok.end, t.n, t.value, t.big))
            factors.append(self.child(toks).expr(0, len(toks)))
        factors += [self.expr(a, b) for a, b in right]
        return sp.Mul(*factors)

    def in_subscript(self, m: int, lo: int) -> bool:
        k = m - 1
        while k >= lo and (self.toks[k].kind in ("space", "null") or self.is_char(k, "{")):
            if self.is_char(k, "{") and self.is_char(k - 1, "_"):
                return True
            k -= 1
        return k >= lo and self.is_char(k, "_")
