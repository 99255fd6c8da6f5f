"""Token navigation: matching braces, brackets, bars and environments, trimming, and
finding tokens at the top level of a range.  The base of the reader's classes."""

from __future__ import annotations

from typing import Callable

from ..errors import ParseError
from .lexer import MAX_DEPTH, Token


class TokenNavigator:
    """A list of tokens of ``text`` with its braces and environments matched (``match``,
    ``env_match``: index of the opening token -> index of the closing one).  Ranges are
    ``lo, hi`` token indices, ``hi`` excluded."""

    def __init__(self, text: str, toks: list[Token]) -> None:
        self.text = text
        self.toks = toks
        self.match: dict[int, int] = {}
        self.env_match: dict[int, int] = {}
        self._match_all()

    def error(self, message: str, i: int | None) -> ParseError:
        """A ParseError at token i (the end of the input past the last token; None: no position)."""
        if i is None:
            return ParseError(message, self.text, None)
        if i >= len(self.toks):
            off = self.toks[-1].end if self.toks else 0
        else:
            off = self.toks[i].start
        return ParseError(message, self.text, off)

    def _match_all(self) -> None:
        stack: list[int] = []
        env: list[int] = []
        depth = 0
        for i, t in enumerate(self.toks):
            if t.kind == "ch" and t.text == "{":
                stack.append(i)
            elif t.kind == "ch" and t.text == "}":
                if not stack:
                    raise self.error("unbalanced '}'", i)
                self.match[stack.pop()] = i
            elif t.kind == "begin":
                env.append(i)
            elif t.kind == "end":
                if not env:
                    raise self.error(f"\\end{{{t.text}}} without \\begin", i)
                j = env.pop()
                if self.toks[j].text != t.text:
                    raise self.error(f"\\begin{{{self.toks[j].text}}} ended by \\end{{{t.text}}}", i)
                self.env_match[j] = i
            if t.kind == "ch" and t.text in "{([" or t.kind in ("begin", "lset") or (t.kind == "bar" and t.n == 1):
                depth += 1
                if depth > MAX_DEPTH:
                    raise self.error(f"nested deeper than {MAX_DEPTH} levels", i)
            elif t.kind == "ch" and t.text in "})]" or t.kind in ("end", "rset") or (t.kind == "bar" and t.n == -1):
                depth = max(0, depth - 1)
        if stack:
            raise self.error("unbalanced '{' (never closed)", stack[-1])
        if env:
            raise self.error(f"\\begin{{{self.toks[env[-1]].text}}} is never ended", env[-1])

    def trim(self, lo: int, hi: int) -> tuple[int, int]:
        """The range without leading and trailing spaces and ``\\left.``/``\\right.``."""
        while lo < hi and self.toks[lo].kind in ("space", "null"):
            lo += 1
        while hi > lo and self.toks[hi - 1].kind in ("space", "null"):
            hi -= 1
        return lo, hi

    def strip_braces(self, lo: int, hi: int) -> tuple[int, int]:
        """The range trimmed, without braces that enclose all of it."""
        lo, hi = self.trim(lo, hi)
        while lo < hi and self.is_char(lo, "{") and self.match.get(lo) == hi - 1:
            lo, hi = self.trim(lo + 1, hi - 1)
        return lo, hi

    def is_char(self, i: int, c: str) -> bool:
        """Whether token i is the punctuation character ``c``."""
        return 0 <= i < len(self.toks) and self.toks[i].kind == "ch" and self.toks[i].text == c

    def next_significant(self, i: int, hi: int) -> int:
        """The first index from i on that is not a space (hi if none)."""
        while i < hi and self.toks[i].kind in ("space", "null"):
            i += 1
        return i

    def group_end(self, i: int, hi: int) -> int:
        """Index after the group or single token starting at i (a TeX argument)."""
        i = self.next_significant(i, hi)
        if i >= hi:
            raise self.error("missing argument", i)
        if self.is_char(i, "{"):
            return self.match[i] + 1
        return i + 1

    def match_paren(self, i: int, hi: int) -> int:
        """Index of the bracket closing the '(' or '[' at i (same brace level)."""
        open_c = self.toks[i].text
        close_c = ")" if open_c == "(" else "]"
        depth = 0
        j = i
        while j < hi:
            t = self.toks[j]
            if t.kind == "ch" and t.text == "{":
                j = self.match[j] + 1
                continue
            if t.kind == "begin":
                j = self.env_match[j] + 1
                continue
            if t.kind == "ch" and t.text == open_c:
                depth += 1
            elif t.kind == "ch" and t.text == close_c:
                depth -= 1
                if depth == 0:
                    return j
            j += 1
        raise self.error(f"'{open_c}' is never closed", i)

    def is_operand_end(self, i: int) -> bool:
        """Whether toks[i] ends an operand (so that a following '|' closes an absolute value)."""
        t = self.toks[i]
        if t.kind in ("num", "letter", "greek", "name", "prime", "mathbb"):
            return True
        if t.kind == "ch" and t.text in ")]}":
            return True
        if t.kind == "bar" and t.n != 1:
            return True
        if t.kind == "cmd" and t.text in ("\\infty", "\\pi"):
            return True
        return False

    def match_bar(self, i: int, hi: int) -> int:
        """Index of the '|' closing the absolute value opened at i."""
        depth = 0
        j = i + 1
        while j < hi:
            t = self.toks[j]
            if t.kind == "ch" and t.text == "{":
                j = self.match[j] + 1
                continue
            if t.kind == "bar":
                prev = j - 1
                while prev > i and self.toks[prev].kind in ("space", "null"):
                    prev -= 1
                opening = t.n == 1 or (t.n == 0 and (prev == i or not self.is_operand_end(prev)))
                if opening:
                    depth += 1
                elif depth == 0:
                    return j
                else:
                    depth -= 1
            j += 1
        raise self.error("'|' is never closed", i)

    def top_level(self, lo: int, hi: int, pred: Callable[[Token], bool], parens: bool = False) -> list[int]:
        """Indices of tokens matching ``pred`` outside braces and environments (and
        outside brackets and bars when ``parens``)."""
        out = []
        depth = 0
        j = lo
        while j < hi:
            t = self.toks[j]
            if t.kind == "ch" and t.text == "{":
                j = self.match[j] + 1
                continue
            if t.kind == "begin":
                j = self.env_match[j] + 1
                continue
            if parens:
                if t.kind == "ch" and t.text in "([" or t.kind == "lset":
                    depth += 1
                elif t.kind == "ch" and t.text in ")]" or t.kind == "rset":
                    depth -= 1
                elif t.kind == "bar":
                    k = self.match_bar(j, hi)
                    j = k + 1
                    continue
            if depth == 0 and pred(t):
                out.append(j)
            j += 1
        return out

    def subscript(self, i: int, hi: int) -> tuple[str, int]:
        """The subscript after '_' at i: letters/digits; returns (text, next index)."""
        j = self.next_significant(i + 1, hi)
        if j >= hi:
            raise self.error("a subscript without content", i)
        t = self.toks[j]
        if self.is_char(j, "{"):
            k = self.match[j]
            parts = []
            for m in range(j + 1, k):
                u = self.toks[m]
                if u.kind in ("space", "null"):
                    continue
                if u.kind == "num" and "." not in u.text and u.value.is_Integer:
                    parts.append(u.text)
                elif u.kind in ("letter", "greek"):
                    parts.append(u.text)
                elif u.kind == "ch" and u.text in "{}":
                    continue
                else:
                    raise self.error("unsupported subscript (use letters and digits, e.g. a_{20})", m)
            if not parts:
                raise self.error("an empty subscript", j)
            return "".join(parts), k + 1
        if t.kind == "num" and "." not in t.text:
            return t.text, j + 1
        if t.kind in ("letter", "greek"):
            return t.text, j + 1
        raise self.error("unsupported subscript (use letters and digits, e.g. a_{20})", j)
