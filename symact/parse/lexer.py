r"""The lexer: LaTeX text -> a list of :class:`Token` with offsets, after the limits.

Limits first (length, characters, ``^^`` escapes, number length), then our own tokenizer
(every token keeps its offset in the input, so every error names a position), then the
normalisation of the token stream: whitelisted commands only (TeX primitives that read files,
run programs or define macros are refused by name), relations and delimiters as single
tokens, primes with a count, numbers merged and given their exact value
(``{\rm{9}}.0{\rm{94}}`` is 9.094, ``1.5e-3``, ``\frac12``).  Nothing here evaluates text:
numbers are ``Rational(int, 10**k)`` built from regex-checked ASCII digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

import sympy as sp

from ..errors import ParseError

#: Longest input accepted (characters).
MAX_LENGTH = 4096
#: Deepest nesting of braces, brackets and environments.
MAX_DEPTH = 64
#: Longest number literal (digits).
MAX_NUMBER_DIGITS = 100
#: Largest exact number a power of numbers may produce (bits).
MAX_BITS = 20000
#: Highest derivative order written in a claim.
MAX_DERIVATIVE_ORDER = 12
#: Most operands and operators in one flat arithmetic expression (latex2sympy2 needs about
#: 1 ms per token: measured 0.22 s for ``x+x+...`` with 201 tokens).
MAX_SKELETON_TOKENS = 400
#: Wall-clock budget of one parse (seconds).
PARSE_SECONDS = 5.0


# ---------------------------------------------------------------------------------------
# vocabulary of the token stream
GREEK_LETTERS = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma", "tau", "upsilon", "phi",
    "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon",
    "Phi", "Psi", "Omega",
}

#: Commands that are functions (``\tanh``); they may take an argument without parentheses.
FUNCTION_COMMANDS = {
    "exp", "ln", "log", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth",
    "arcsin", "arccos", "arctan", "max", "min", "erf", "erfc", "sgn", "arsinh", "arcosh", "artanh",
    "arcsinh", "arccosh", "arctanh", "sech", "csch",
}
_SPACING = {"\\,", "\\;", "\\:", "\\!", "\\ ", "\\>", "\\quad", "\\qquad", "\\displaystyle", "\\textstyle",
            "\\scriptstyle", "\\limits", "\\nolimits", "\\enspace", "\\thinspace", "\\medspace",
            "\\thickspace", "\\negthinspace", "\\mathop"}
_BIG_SPACE = {"\\quad", "\\qquad"}
_SIZES = {"\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr",
          "\\Biggl", "\\Biggr", "\\bigm", "\\Bigm"}
_RELATION_CMDS = {
    "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=", "\\ge": ">=", "\\geq": ">=", "\\geqslant": ">=",
    "\\lt": "<", "\\gt": ">", "\\ne": "!=", "\\neq": "!=", "\\in": "in", "\\approx": "approx",
    "\\equiv": "=", "\\coloneqq": "=", "\\eqqcolon": "=",
}
_TEXT_CMDS = {"\\operatorname", "\\mathrm", "\\text", "\\textrm", "\\mathit", "\\textit", "\\mbox", "\\rm",
              "\\mathsf", "\\textsf", "\\mathbf"}
_OTHER_CMDS = {"\\frac", "\\dfrac", "\\tfrac", "\\sqrt", "\\cdot", "\\times", "\\left", "\\right", "\\prime",
               "\\partial", "\\cdots", "\\ldots", "\\dots", "\\dotsb", "\\dotsm", "\\infty", "\\pi", "\\begin",
               "\\end", "\\\\", "\\{", "\\}", "\\lvert", "\\rvert", "\\vert", "\\|", "\\cup", "\\mathbb",
               "\\div", "\\lbrace", "\\rbrace", "\\forall", "\\mid", "\\colon", "\\vee", "\\lor", "\\wedge",
               "\\land"}
#: TeX primitives and macros that read or write files, run programs or (re)define macros:
#: refused by name with their own message (everything not whitelisted is refused anyway).
FORBIDDEN_COMMANDS = frozenset({
    "input", "include", "includeonly", "InputIfFileExists", "write", "immediate", "openout", "openin",
    "closeout", "closein", "read", "readline", "catcode", "def", "edef", "gdef", "xdef", "let",
    "futurelet", "newcommand", "renewcommand", "providecommand", "DeclareRobustCommand", "csname",
    "endcsname", "expandafter", "noexpand", "usepackage", "RequirePackage", "documentclass", "special",
    "directlua", "luaexec", "latelua", "loop", "repeat", "jobname", "uppercase", "lowercase", "string",
    "detokenize", "scantokens", "everypar", "everymath", "everyjob", "output", "shipout", "message",
    "errmessage", "typeout", "newread", "newwrite", "pdfshellescape", "ShellEscape", "write18",
    "verbatiminput", "lstinputlisting", "openany", "endinput", "afterassignment", "aftergroup",
    "begingroup", "endgroup", "makeatletter", "makeatother", "char", "mathcode", "lccode", "uccode",
    "sfcode", "delcode", "count", "dimen", "skip", "toks", "newtoks", "the", "number", "romannumeral",
    "pdfprimitive", "primitive", "input@path",
})
_UNICODE = {
    "\u2212": ("ch", "-"), "\u2013": ("ch", "-"), "\u2264": ("rel", "<="), "\u2265": ("rel", ">="),
    "\u2260": ("rel", "!="), "\u2208": ("rel", "in"), "\u2248": ("rel", "approx"), "\u00b7": ("cmd", "\\cdot"),
    "\u22c5": ("cmd", "\\cdot"), "\u00d7": ("cmd", "\\times"), "\u221e": ("cmd", "\\infty"),
    "\u03c0": ("cmd", "\\pi"), "\u2032": ("prime", "'"), "\u2202": ("cmd", "\\partial"),
    "\u00a0": ("space", " "),
    "\u03b1": ("greek", "alpha"), "\u03b2": ("greek", "beta"), "\u03b3": ("greek", "gamma"),
    "\u03b4": ("greek", "delta"), "\u03b5": ("greek", "epsilon"), "\u03bb": ("greek", "lambda"),
    "\u03bc": ("greek", "mu"), "\u03c3": ("greek", "sigma"), "\u03c4": ("greek", "tau"),
    "\u03c6": ("greek", "phi"), "\u03a6": ("greek", "Phi"), "\u03b8": ("greek", "theta"),
}
_ENVIRONMENTS = {"cases", "dcases", "array", "aligned", "align", "align*", "split", "gathered", "eqnarray",
                 "eqnarray*", "gather", "gather*", "equation", "equation*"}
#: Environments that hold a claim written over several rows (one chain over the rows).
CHAIN_ENVIRONMENTS = {"array", "aligned", "align", "align*", "split", "gathered", "eqnarray", "eqnarray*", "gather",
                      "gather*", "equation", "equation*"}
#: Words that introduce a condition (``\text{if } x > 0``) or stand for "otherwise".
CONDITION_WORDS = {"if", "for", "when", "where", "whenever", "falls", "für", "si"}
OTHERWISE_WORDS = {"otherwise", "else", "sonst", "elsewhere"}

#: The relations of a claim's chain, as :class:`ParsedClaim` spells them.
RELATIONS = ("=", "<", "<=", ">", ">=", "!=", "in", "approx")


# ---------------------------------------------------------------------------------------
# tokens
@dataclass
class Token:
    kind: str  # num letter greek func name cmd ch rel prime bar space null lset rset begin end sep amp dots mathbb
    text: str
    start: int
    end: int
    n: int = 0  # prime count; for bars and \left/\right brackets: +1 opening, -1 closing, 0 either
    value: Any = None  # num: the exact value
    big: bool = False  # space: \quad-sized
    exp: int = 0  # num in E-notation (1.5e-3): the power of ten


DIGITS = frozenset("0123456789")
_NUM = re.compile(r"\d+(?:\.\d+)?|\.\d+", re.ASCII)  # ASCII digits only (\d is Unicode)


def check_text(text: Any) -> str:
    """``text`` if it is within the limits (length, characters, no ``^^``), else a ParseError."""
    if not isinstance(text, str):
        raise ParseError(f"expected LaTeX text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"input too long: {len(text)} characters (at most {MAX_LENGTH})", text, MAX_LENGTH)
    pos = text.find("^^")
    if pos >= 0:
        raise ParseError("forbidden TeX character escape '^^'", text, pos)
    for i, ch in enumerate(text):
        if ch in "\t\n\r":
            continue
        if ord(ch) < 32 or ord(ch) == 127 or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 or ch in "\u200e\u200f":
            raise ParseError(f"control character U+{ord(ch):04X} is not allowed", text, i)
        if ord(ch) > 126 and ch not in _UNICODE:
            raise ParseError(f"unsupported character {ch!r} (U+{ord(ch):04X}); write it as a LaTeX command", text, i)
    return text


def lex(text: str) -> list[Token]:
    """The raw tokens of ``text`` (commands, digits, letters, punctuation), with offsets."""
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\n\r":
            i += 1
            continue
        if c == "\\":
            if i + 1 >= n:
                raise ParseError("a lone backslash at the end", text, i)
            d = text[i + 1]
            if d.isascii() and d.isalpha():
                j = i + 1
                while j < n and text[j].isascii() and text[j].isalpha():
                    j += 1
                if j < n and text[j] == "@":  # \input@path and friends
                    raise ParseError(f"forbidden command {text[i:j + 1]}", text, i)
                out.append(Token("cmd", text[i:j], i, j))
                i = j
            elif d in " \t\n\r":
                out.append(Token("cmd", "\\ ", i, i + 2))
                i += 2
            else:
                out.append(Token("cmd", "\\" + d, i, i + 2))
                i += 2
            continue
        if c in DIGITS or (c == "." and i + 1 < n and text[i + 1] in DIGITS):
            m = _NUM.match(text, i)
            assert m is not None
            s = m.group(0)
            if len(s.replace(".", "")) > MAX_NUMBER_DIGITS:
                raise ParseError(f"number with more than {MAX_NUMBER_DIGITS} digits", text, i)
            out.append(Token("num", s, i, m.end()))
            i = m.end()
            continue
        if c.isascii() and c.isalpha():
            out.append(Token("letter", c, i, i + 1))
            i += 1
            continue
        if c in "{}()[]^_+-*/=<>,.!&:;'|":
            if c == "'":
                out.append(Token("prime", "'", i, i + 1, n=1))
            elif c == "|":
                out.append(Token("bar", "|", i, i + 1, n=0))
            else:
                out.append(Token("ch", c, i, i + 1))
            i += 1
            continue
        if c == "~":
            out.append(Token("space", "~", i, i + 1))
            i += 1
            continue
        if c == "$":
            if text[:i].strip("$ \t\n\r") == "" or text[i:].strip("$ \t\n\r") == "":
                i += 1
                continue
            raise ParseError("'$' inside a formula (give the formula without math delimiters)", text, i)
        if c in _UNICODE:
            kind, t = _UNICODE[c]
            if kind == "cmd":
                out.append(Token("cmd", t, i, i + 1))
            elif kind == "prime":
                out.append(Token("prime", t, i, i + 1, n=1))
            else:
                out.append(Token(kind, t, i, i + 1))
            i += 1
            continue
        if c == "%":
            raise ParseError("'%' (a TeX comment) is not allowed", text, i)
        if c == "#":
            raise ParseError("'#' (a TeX macro parameter) is not allowed", text, i)
        raise ParseError(f"unexpected character {c!r}", text, i)
    return out


# ---------------------------------------------------------------------------------------
# normalisation of the token stream
def closing_brace(toks: list[Token], i: int) -> int | None:
    """Index of the '}' closing the '{' at toks[i], in a raw token list (before a reader has
    matched the brackets); None if it is never closed."""
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j]
        if t.kind == "ch" and t.text == "{":
            depth += 1
        elif t.kind == "ch" and t.text == "}":
            depth -= 1
            if depth == 0:
                return j
    return None


def _group_text(toks: list[Token], i: int, text: str) -> tuple[str, int, int]:
    """The raw text of the brace group opening at toks[i] and the index after it."""
    if i >= len(toks) or toks[i].kind != "ch" or toks[i].text != "{":
        pos = toks[i].start if i < len(toks) else len(text)
        raise ParseError("expected '{' here", text, pos)
    j = closing_brace(toks, i)
    if j is None:
        raise ParseError("unbalanced '{'", text, toks[i].start)
    return text[toks[i].end : toks[j].start], j + 1, toks[j].end


_NAME_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9 ]*(?:(?:\\_|_|-)[A-Za-z0-9 ]+)*\Z")


def normalise(toks: list[Token], text: str) -> list[Token]:
    """Whitelisted commands only; relations, delimiters, primes and numbers as single tokens."""
    out: list[Token] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.kind == "cmd":
            name = t.text
            bare = name[1:]
            if bare in FORBIDDEN_COMMANDS:
                raise ParseError(f"forbidden command {name} (symact never expands TeX macros or reads files)", text, t.start)
            if name in _SPACING:
                out.append(Token("space", name, t.start, t.end, big=name in _BIG_SPACE))
                i += 1
                continue
            if name in _SIZES:
                i += 1
                continue
            if name in _RELATION_CMDS:
                out.append(Token("rel", _RELATION_CMDS[name], t.start, t.end))
                i += 1
                continue
            if bare in GREEK_LETTERS:
                out.append(Token("greek", bare, t.start, t.end))
                i += 1
                continue
            if bare in FUNCTION_COMMANDS:
                out.append(Token("func", bare, t.start, t.end))
                i += 1
                continue
            if name in ("\\dfrac", "\\tfrac"):
                out.append(Token("cmd", "\\frac", t.start, t.end))
                i += 1
                continue
            if name in ("\\cdots", "\\ldots", "\\dots", "\\dotsb", "\\dotsm"):
                out.append(Token("dots", name, t.start, t.end))
                i += 1
                continue
            if name in ("\\{", "\\lbrace"):
                out.append(Token("lset", "{", t.start, t.end))
                i += 1
                continue
            if name in ("\\}", "\\rbrace"):
                out.append(Token("rset", "}", t.start, t.end))
                i += 1
                continue
            if name == "\\\\":
                out.append(Token("sep", name, t.start, t.end))
                i += 1
                continue
            if name in ("\\lvert", "\\rvert", "\\vert", "\\|"):
                if name == "\\|":
                    raise ParseError("norms '\\|' are not supported", text, t.start)
                out.append(Token("bar", "|", t.start, t.end, n={"\\lvert": 1, "\\rvert": -1}.get(name, 0)))
                i += 1
                continue
            if name == "\\prime":
                out.append(Token("prime", "'", t.start, t.end, n=1))
                i += 1
                continue
            if name in ("\\left", "\\right"):
                i = _delimiter(toks, i, out, text)
                continue
            if name in ("\\begin", "\\end"):
                env, j, end = _group_text(toks, i + 1, text)
                env = env.strip()
                if env not in _ENVIRONMENTS:
                    raise ParseError(f"unsupported environment {{{env}}}", text, t.start)
                out.append(Token("begin" if name == "\\begin" else "end", env, t.start, end))
                i = j
                if name == "\\begin" and env == "array":  # column specification {l}, {cc}, {l|r}
                    spec, j, end = _group_text(toks, i, text)
                    if not re.fullmatch(r"[lcr| ]*", spec):
                        raise ParseError(f"unsupported array column specification {{{spec}}}", text, toks[i].start)
                    i = j
                continue
            if name == "\\mathbb":
                content, j, end = _group_text(toks, i + 1, text)
                if content.strip() not in ("R",):
                    raise ParseError(f"unsupported set \\mathbb{{{content.strip()}}} (only \\mathbb{{R}})", text, t.start)
                out.append(Token("mathbb", "R", t.start, end))
                i = j
                continue
            if name in _TEXT_CMDS:
                i = _text_command(toks, i, out, text)
                continue
            if name in _OTHER_CMDS:
                out.append(t)
                i += 1
                continue
            raise ParseError(f"unsupported LaTeX command {name}", text, t.start)
        if t.kind == "ch" and t.text == "&":
            out.append(Token("amp", "&", t.start, t.end))
            i += 1
            continue
        if t.kind == "ch" and t.text in "<>=!:":
            nxt = toks[i + 1] if i + 1 < n else None
            adjacent = nxt is not None and nxt.start == t.end and nxt.kind == "ch" and nxt.text == "="
            if t.text == "!":
                if adjacent:
                    out.append(Token("rel", "!=", t.start, nxt.end))  # type: ignore[union-attr]
                    i += 2
                    continue
                out.append(t)
                i += 1
                continue
            if t.text == ":":
                if adjacent:
                    out.append(Token("rel", "=", t.start, nxt.end))  # type: ignore[union-attr]
                    i += 2
                    continue
                raise ParseError("unexpected ':'", text, t.start)
            if adjacent:
                rel = {"<": "<=", ">": ">=", "=": "="}[t.text]
                out.append(Token("rel", rel, t.start, nxt.end))  # type: ignore[union-attr]
                i += 2
                continue
            out.append(Token("rel", t.text, t.start, t.end))
            i += 1
            continue
        if t.kind == "ch" and t.text == ";":
            raise ParseError("unexpected ';'", text, t.start)
        out.append(t)
        i += 1
    out = _primes(out)
    out = _numbers(out, text)
    return out


def _delimiter(toks: list[Token], i: int, out: list[Token], text: str) -> int:
    t = toks[i]
    side = t.text
    if i + 1 >= len(toks):
        raise ParseError(f"{side} without a delimiter", text, t.start)
    d = toks[i + 1]
    end = d.end
    if d.kind == "ch" and d.text in "()[].":
        if d.text == ".":
            out.append(Token("null", side + ".", t.start, end))
        else:
            out.append(Token("ch", d.text, t.start, end, n=1 if side == "\\left" else -1))
        return i + 2
    if d.kind == "bar" or (d.kind == "cmd" and d.text in ("\\lvert", "\\rvert", "\\vert")):
        out.append(Token("bar", "|", t.start, end, n=1 if side == "\\left" else -1))
        return i + 2
    if d.kind == "cmd" and d.text in ("\\{", "\\lbrace"):
        out.append(Token("lset", "{", t.start, end, n=1))
        return i + 2
    if d.kind == "cmd" and d.text in ("\\}", "\\rbrace"):
        out.append(Token("rset", "}", t.start, end, n=1))
        return i + 2
    if d.kind == "ch" and d.text == "<" or d.kind == "cmd" and d.text in ("\\langle", "\\rangle"):
        raise ParseError("angle brackets are not supported", text, d.start)
    raise ParseError(f"unsupported delimiter after {side}", text, d.start)


def _text_command(toks: list[Token], i: int, out: list[Token], text: str) -> int:
    """``\\operatorname{NAME}``, ``\\mathrm{NAME}``, ``\\text{if}``, ``{\\rm{9}}``, ``{\\rm ReLU}``."""
    t = toks[i]
    if t.text == "\\rm" and (i + 1 >= len(toks) or not (toks[i + 1].kind == "ch" and toks[i + 1].text == "{")):
        # the switch form {\rm ReLU}: the letters (or digits) up to the closing brace
        j = i + 1
        parts = []
        while j < len(toks) and toks[j].kind in ("letter", "num"):
            parts.append(toks[j])
            j += 1
        if not parts:
            return i + 1  # an empty switch: nothing to do
        if all(p.kind == "num" for p in parts):
            out.extend(parts)
            return j
        word = "".join(p.text for p in parts)
        out.append(Token("name", word, t.start, parts[-1].end))
        return j
    content, j, end = _group_text(toks, i + 1, text)
    content = content.strip()
    if content == "":
        return j
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?|\.[0-9]+", content):
        # the number keeps the whole \rm{..} span, so that adjacency checks see it
        out.append(Token("num", content, t.start, end))
        return j
    if t.text in ("\\operatorname",) and content.startswith("*"):
        content = content[1:].strip()
    if not _NAME_TEXT.match(content):
        raise ParseError(f"unsupported content in {t.text}{{...}}: only a name made of letters and digits", text, t.start)
    word = re.sub(r"\s+", " ", content.replace("\\_", "_"))
    out.append(Token("name", word, t.start, end))
    return j


def _primes(toks: list[Token]) -> list[Token]:
    """``^\\prime``, ``^{\\prime\\prime}`` and runs of ``'`` become one prime token with a count."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "ch" and t.text == "^" and i + 1 < len(toks):
            nxt = toks[i + 1]
            if nxt.kind == "prime":
                out.append(Token("prime", "'", t.start, nxt.end, n=1))
                i += 2
                continue
            if nxt.kind == "ch" and nxt.text == "{":
                j = i + 2
                count = 0
                while j < len(toks) and toks[j].kind == "prime":
                    count += toks[j].n
                    j += 1
                if count and j < len(toks) and toks[j].kind == "ch" and toks[j].text == "}":
                    out.append(Token("prime", "'", t.start, toks[j].end, n=count))
                    i = j + 1
                    continue
        if t.kind == "prime" and out and out[-1].kind == "prime" and out[-1].end == t.start:
            out[-1] = Token("prime", "'", out[-1].start, t.end, n=out[-1].n + t.n)
            i += 1
            continue
        out.append(t)
        i += 1
    return out


def _numbers(toks: list[Token], text: str) -> list[Token]:
    """Merge the pieces of a number written with redundant groups (``{\\rm{9}}.0{\\rm{94}}``),
    read E-notation (``1.5e-3``) and split the digits after ``\\frac``, ``^``, ``_`` as TeX
    does (``\\frac12``, ``x^23``)."""
    # 1. a decimal written with redundant groups, {\rm{9}}.0{\rm{94}}: a run of adjacent
    #    (no space between) numbers, '.' and {NUM} groups that contains a decimal point
    def is_group(k: int) -> bool:
        return (
            k + 2 < len(toks) and toks[k].kind == "ch" and toks[k].text == "{" and toks[k + 1].kind == "num"
            and toks[k + 2].kind == "ch" and toks[k + 2].text == "}"
        )

    def is_point(k: int) -> bool:
        return toks[k].kind == "ch" and toks[k].text == "."

    out: list[Token] = []
    i = 0
    while i < len(toks):
        run: list[tuple[int, int]] = []
        k = i
        while k < len(toks) and (toks[k].kind == "num" or is_point(k) or is_group(k)):
            if run and toks[k].start != toks[run[-1][1] - 1].end:
                break
            width = 3 if is_group(k) else 1
            run.append((k, k + width))
            k += width
        has_point = any(is_point(a) or (toks[a].kind == "num" and "." in toks[a].text)
                        or (is_group(a) and "." in toks[a + 1].text) for a, _ in run)
        has_group = any(b - a == 3 for a, b in run)
        prev = out[-1] if out else None
        is_argument = prev is not None and (
            (prev.kind == "cmd" and prev.text in ("\\frac", "\\sqrt")) or (prev.kind == "ch" and prev.text in "^_")
        )
        if len(run) > 1 and has_point and has_group and not is_argument:
            for a, b in run:
                if b - a == 3:
                    out.append(Token("num", toks[a + 1].text, toks[a].start, toks[b - 1].end))
                else:
                    out.append(toks[a])
            i = k
            continue
        out.append(toks[i])
        i += 1
    toks = out
    # 2. merge adjacent digits and one decimal point ("9" "." "094" -> "9.094"); a point
    #    not followed by digits stays punctuation (a full stop: "x < 0.")
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "num" and "." not in t.text:
            j = i + 1
            text_ = t.text
            end = t.end
            while j < len(toks) and toks[j].start == end and toks[j].kind == "num" and "." not in toks[j].text:
                text_ += toks[j].text
                end = toks[j].end
                j += 1
            if (
                j + 1 < len(toks) and toks[j].kind == "ch" and toks[j].text == "." and toks[j].start == end
                and toks[j + 1].kind == "num" and toks[j + 1].start == toks[j].end and "." not in toks[j + 1].text
            ):
                text_ += "." + toks[j + 1].text
                end = toks[j + 1].end
                j += 2
            elif j < len(toks) and toks[j].kind == "num" and toks[j].start == end and toks[j].text.startswith("."):
                text_ += toks[j].text
                end = toks[j].end
                j += 1
            while j < len(toks) and toks[j].start == end and toks[j].kind == "num" and "." not in toks[j].text and "." in text_:
                text_ += toks[j].text
                end = toks[j].end
                j += 1
            out.append(Token("num", text_, t.start, end))
            i = j
            continue
        out.append(t)
        i += 1
    toks = out
    # 3. E-notation: NUM e [+-] DIGITS, all adjacent, not followed by ^
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "num" and i + 1 < len(toks) and toks[i + 1].kind == "letter" and toks[i + 1].text in "eE" and toks[i + 1].start == t.end:
            j = i + 2
            sign = 1
            if j < len(toks) and toks[j].kind == "ch" and toks[j].text in "+-" and toks[j].start == toks[j - 1].end:
                sign = -1 if toks[j].text == "-" else 1
                j += 1
            if (
                j < len(toks) and toks[j].kind == "num" and "." not in toks[j].text and toks[j].start == toks[j - 1].end
                and not (j + 1 < len(toks) and toks[j + 1].kind == "ch" and toks[j + 1].text == "^")
            ):
                exp = sign * int(toks[j].text)
                if abs(exp) > 4000:
                    raise ParseError("exponent too large", text, toks[j].start)
                out.append(Token("num", t.text, t.start, toks[j].end, exp=exp))
                i = j + 1
                continue
        out.append(t)
        i += 1
    toks = out
    # 4. TeX reads one digit as the argument of \frac, ^ and _ without braces
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        out.append(t)
        takes = 2 if (t.kind == "cmd" and t.text == "\\frac") else 1 if (t.kind == "ch" and t.text in "^_") or (t.kind == "cmd" and t.text == "\\sqrt") else 0
        j = i + 1
        for _ in range(takes):
            if j < len(toks) and toks[j].kind == "num" and toks[j].exp == 0 and len(toks[j].text) > 1 and toks[j].text[0] != ".":
                num = toks[j]
                first = Token("num", num.text[0], num.start, num.start + 1)
                rest_text = num.text[1:]
                rest = Token("num", rest_text, num.start + 1, num.end)
                if rest_text.startswith("."):
                    raise ParseError("put a decimal argument in braces", text, num.start)
                toks = toks[:j] + [first, rest] + toks[j + 1 :]
                j += 1
            elif j < len(toks) and toks[j].kind == "ch" and toks[j].text == "{":
                close = closing_brace(toks, j)
                if close is None:
                    break
                j = close + 1
            else:
                j += 1
        i += 1
    for t in out:
        if t.kind == "num":
            t.value = _number_value(t, text)
    return out


def _number_value(t: Token, text: str) -> sp.Rational:
    """The exact value of a number token, built from integers (never from the string)."""
    r = decimal_value(t.text)
    return r * sp.Integer(10) ** t.exp if t.exp else r


def decimal_value(s: str) -> sp.Rational:
    """The exact value of ASCII digits with at most one point (``"0.015625"`` is 1/64)."""
    whole, _, frac = s.partition(".")
    return cast("sp.Rational", sp.Rational(int((whole or "0") + frac), 10 ** len(frac)))


def tokenize(text: Any) -> list[Token]:
    """The normalised tokens of a user's text (limits checked first; empty input refused)."""
    text = check_text(text)
    toks = normalise(lex(text), text)
    if not toks:
        raise ParseError("empty input", text, 0)
    return toks
