r"""Malformed and hostile LaTeX: one ``error:`` line with the position, exit code 2, within a
second or two, no traceback, and nothing executed (no eval, exec, sympify or parse_expr on
the input; no file read or written).
"""

import builtins
import re
import json
import pathlib
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sympy
import sympy.parsing.sympy_parser
from claims_corpus import CORPUS
from symact import ParseError
from symact.cli import main
from symact.parse import MAX_LENGTH, parse_claim, parse_expression

SEED = json.loads((pathlib.Path(__file__).parents[1] / "symact" / "data" / "article_claims.json").read_text())["claims"]

HOSTILE = {
    "unbalanced-open": r"\frac{1}{1 + e^{-x}",
    "unbalanced-close": r"\sigma(x)} = 1",
    "unbalanced-left-right": r"\left( x + 1 = 2",
    "input": r"\input{/etc/passwd} = 1",
    "input-in-text": r"f(x) = \text{\input{/etc/passwd}}",
    "include": r"\include{secret} = x",
    "write18": r"\immediate\write18{touch /tmp/symact-pwned} = 1",
    "write18-bare": r"x = \write18{rm -rf ~}",
    "caret-escape": r"^^5cinput{/etc/passwd} = 1",
    "catcode": r"\catcode`\|=0 |input{/etc/passwd} = 1",
    "def-loop": r"\def\x{\x}\x = 1",
    "newcommand": r"\newcommand{\s}{x} \s = 1",
    "csname": r"\csname input\endcsname{/etc/passwd} = 1",
    "openout": r"\openout1=amsmath.sty = 1",
    "python-import": "__import__('os').system('touch /tmp/symact-pwned') = 1",
    "python-lambda": "lambda: 1 = 1",
    "python-exec": "exec('import os') = 0",
    "python-eval": 'eval("1+1") = 2',
    "python-dunder": "().__class__.__mro__[-1].__subclasses__() = 1",
    "double-subscript": r"x_1_2 = 1",
    "trailing-brace": r"\sigma(x)} \in (0, 1)",
    "nul-byte": "x\x00 = 1",
    "bidi": "x \u202e= 1",
    "comment": r"x = 1 % \input{/etc/passwd}",
    "huge-power": r"10^{10^{10}} = 1",
    "huge-power-tower": r"2^{2^{2^{2^{2^{2}}}}} = 1",
    "deep-braces": "{" * 1000 + "x" + "}" * 1000 + " = 1",
    "nested-frac-500": r"\frac{" * 500 + "x" + "}{2}" * 500 + " = 1",
    "nested-frac-60": r"\frac{1}{" * 60 + "x" + "}" * 60 + " = ",
    "100kB": "x+" * 50000 + "x = 1",
    "100kB-letters": "x" * 100_000 + " = 1",
    "4kB-flat-sum": "x+" * 2040 + "x = 1",
    "empty": "",
    "only-spaces": "   ",
    "only-relation": "=",
    "dollar-inside": "x $ = 1",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_cli_rejects_with_position_fast(name, capsys):
    text = HOSTILE[name]
    t0 = time.perf_counter()
    code = main(["verify", text, "--activation", "sigmoid"])
    elapsed = time.perf_counter() - t0
    out, err = capsys.readouterr()
    assert code == 2, (name, out, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    if text.strip():
        assert "position" in lines[0], lines[0]
    assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_parse_raises_parse_error_only(name):
    text = HOSTILE[name]
    for fn in (parse_claim, parse_expression):
        with pytest.raises(ParseError) as info:
            fn(text)
        if text.strip():
            assert info.value.offset is not None
            assert 0 <= info.value.offset <= max(len(text), MAX_LENGTH)


def test_position_points_at_the_problem():
    with pytest.raises(ParseError) as info:
        parse_claim(HOSTILE["input-in-text"])
    assert info.value.offset == HOSTILE["input-in-text"].index(r"\text")
    with pytest.raises(ParseError) as info:
        parse_claim(HOSTILE["write18"])
    assert info.value.offset == 0 and "forbidden" in info.value.format()
    with pytest.raises(ParseError) as info:
        parse_claim(HOSTILE["double-subscript"])
    assert info.value.offset == 3
    with pytest.raises(ParseError) as info:
        parse_claim(HOSTILE["unbalanced-close"])
    assert info.value.offset == 9


def test_nothing_runs_on_user_text(monkeypatch, tmp_path):
    """eval, exec, sympify(str) and parse_expr are never called while parsing anything:
    the article's claims, the corpus, and every hostile input."""
    calls = []
    real_eval, real_exec = builtins.eval, builtins.exec
    sympify_module = sys.modules["sympy.core.sympify"]  # the attribute sympy.core.sympify is the function
    real_sympify = sympify_module.sympify

    def from_text(a):
        # source text, or a code object compiled from text (imports exec code objects of files)
        return isinstance(a, (str, bytes)) or getattr(a, "co_filename", "").startswith("<")

    def spy(name, real):
        def f(*args, **kwargs):
            if name.endswith("parse_expr") or (args and from_text(args[0])):
                calls.append((name, repr(args)[:80]))
            return real(*args, **kwargs)

        return f

    def sympify_spy(a, *args, **kwargs):
        if isinstance(a, str):
            calls.append(("sympify", a[:80]))
        return real_sympify(a, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", spy("eval", real_eval))
    monkeypatch.setattr(builtins, "exec", spy("exec", real_exec))
    monkeypatch.setattr(sympify_module, "sympify", sympify_spy)
    monkeypatch.setattr(sympy, "sympify", sympify_spy)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", spy("parse_expr", sympy.parsing.sympy_parser.parse_expr))
    import symact.parse.backend as P

    l2s = P.load()
    monkeypatch.setattr(l2s, "parse_expr", spy("latex2sympy2.parse_expr", l2s.parse_expr))
    P.convert.cache_clear()  # make latex2sympy2 run again under the spies
    texts = [c["latex"] for c in SEED if c["latex"]] + [c[1] for c in CORPUS] + list(HOSTILE.values())
    for text in texts:
        try:
            parse_claim(text)
        except ParseError:
            pass
    assert calls == []
    assert not pathlib.Path("/tmp/symact-pwned").exists()
    # the spies do see such calls (so the empty list above means something)
    sympy.sympify("x + 1")
    eval("1 + 1")
    assert {"sympify", "parse_expr", "eval"} <= {c[0] for c in calls}


# a grammar-aware fuzzer: fragments of real claims, recombined
FRAGMENTS = [
    r"\frac", "{", "}", "(", ")", "[", "]", "x", "a_1", "2", "0.5", "+", "-", "^", "_", r"\sigma", "'", "=", r"\le", r"\in",
    "|", r"\left(", r"\right)", r"\left.", r"\right]", r"\cdots", ",", r"\begin{cases}", r"\end{cases}", "&", r"\\",
    r"\quad", "f", "S", r"\partial", "d", r"\tanh", r"\operatorname{softplus}", "e", r"\sqrt", r"\infty", r"\mathbb{R}",
    r"\text{if}", r"\max", r"\cdot", r"\left\{", r"\right.", r"\begin{array}{l}", r"\end{array}", "!", "*", "/", r"\log",
    r"{\rm{9}}", ".", r"\times", "10", r"\prime", r"^{(2)}", r"\input", r"\def", "%", "`", "\u2212", "\u03c3",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=16), st.sampled_from([" ", ""]))
def test_fuzz_only_parse_errors(parts, sep):
    text = sep.join(parts)
    for fn in (parse_claim, parse_expression):
        t0 = time.perf_counter()
        try:
            fn(text)
        except ParseError as exc:
            assert exc.offset is not None
        assert time.perf_counter() - t0 < 2.0


# ---------------------------------------------------------------------------------------
# TeX payloads in every user string that can reach a .tex file (issue 12)
import sympy as sp  # noqa: E402

import symact  # noqa: E402
from symact import DefinitionError  # noqa: E402
from symact import report as _report  # noqa: E402
from symact.spec import Param, Source, check_latex_name  # noqa: E402

TEX_PAYLOADS = [
    r"\input{/etc/passwd}",
    r"\immediate\write18{touch /tmp/symact-pwned}",
    r"\openout1=amsmath.sty",
    r"^^5cinput{/etc/passwd}",
    r"\catcode`\|=0 |input{/etc/passwd}",
    r"\def\x{\x}\x",
    r"}\input{/etc/passwd}{",
    "\\csname input\\endcsname{/etc/passwd}",
    "% # & $ ~ \u202e \x00",
]
_DANGEROUS = re.compile(r"\\(input|write|openout|catcode|def|csname|immediate)(?![a-z])|\^\^")


def _strip_escapes(tex: str) -> str:
    return re.sub(r"\\text(backslash|asciicircum|asciitilde|bar|less|greater)\{\}", "", tex)


@pytest.mark.parametrize("payload", TEX_PAYLOADS)
def test_latex_name_payloads_are_refused(payload):
    with pytest.raises(DefinitionError):
        symact.define("payload_name", sp.tanh(symact.x), latex_name=payload, register_it=False)
    with pytest.raises(DefinitionError):
        check_latex_name(payload)


@pytest.mark.parametrize("good", [r"\sigma", r"\operatorname{ReLU}", r"\operatorname{swish}_\beta",
                                  r"\operatorname{GELU}_{\tanh}", r"\log\sigma", r"\operatorname{sparse\_plus}",
                                  r"\hat{f}'", "g_2"])
def test_latex_name_whitelist_accepts_ordinary_names(good):
    act = symact.define("nice_name", sp.tanh(symact.x), latex_name=good, register_it=False)
    assert act.latex_name == good


@pytest.mark.parametrize("payload", TEX_PAYLOADS)
def test_payloads_in_names_and_keys_are_refused(payload):
    x = symact.x
    with pytest.raises(DefinitionError):
        symact.define(payload, sp.tanh(x), register_it=False)
    with pytest.raises(DefinitionError):
        Param(payload, 1)
    with pytest.raises(DefinitionError):
        Source(payload, "a", "b", 2020)


def test_payloads_in_every_free_text_field_are_escaped():
    """description, kink_convention, notes, a parameter's description, the source's fields and
    the title: written to the .tex escaped, so no payload survives as TeX."""
    x = symact.x
    payload = " ".join(TEX_PAYLOADS)
    a = Param("a", 1, description=payload)
    src = Source("hostile2026", payload, payload, 2026, venue=payload, url="https://example.org/a_b")
    with pytest.raises(DefinitionError, match="url"):
        Source("hostile2027", "a", "b", 2027, url="https://example.org/}" + payload)
    act = symact.Activation("hostile_all", sp.tanh(a.symbol * x), params=(a,), description=payload, source=src,
                            kink_convention=payload, notes=payload, family="user")
    data = _report.collect([act], article=False, processes=1)
    tex = _report.render(data, title=payload)
    body = tex.split("\\begin{document}", 1)[1]
    escaped = symact.render.escape_tex(payload)
    assert body.count(escaped) >= 6  # title, description, convention, notes, parameter, source: printed as text
    assert _DANGEROUS.search(body) is None, "a TeX payload reached the .tex unescaped"
    assert "\x00" not in tex and "\u202e" not in tex


def test_parameter_values_need_ascii_digits(capsys):
    for bad in ("alpha=\u0661", "alpha=\u0660.\u0665", "alpha=1_0", "alpha=\uff11"):
        code = main(["derive", "elu", "--param", bad, "--order", "1"])
        err = capsys.readouterr().err
        assert code == 2 and err.startswith("error: parameter alpha must be a number"), (bad, err)
    for bad in ("\u0663", "1_0", "\uff13"):
        code = main(["derive", "elu", "--order", bad])
        err = capsys.readouterr().err
        assert code == 2 and "ASCII digits" in err, (bad, err)


@pytest.mark.parametrize("make, word", [
    (lambda x: sp.Integral(sp.exp(-x**2), (x, 0, x)), "Integral"),
    (lambda x: sp.Derivative(sp.tanh(x), x), "Derivative"),
    (lambda x: sp.Lambda(x, x**2), "Lambda"),
    (lambda x: sp.Sum(x, (x, 1, 3)), "Sum"),
    (lambda x: sp.Function("g")(x), "undefined function"),
    (lambda x: sp.Add(*[x**k for k in range(600)]), "too large"),
])
def test_define_refuses_what_an_activation_cannot_be(make, word):
    with pytest.raises(DefinitionError, match=word):
        symact.define("bad_def", make(symact.x), register_it=False)


def test_define_too_many_pieces():
    x = symact.x
    e = sum(sp.Abs(x - k) for k in range(30))
    with pytest.raises(DefinitionError, match="limit|too large"):
        symact.define("many_pieces", e, register_it=False)


@pytest.mark.parametrize("latex", [r"\log(|x|)", r"\frac{1}{|x|}"])
def test_infinite_at_a_breakpoint_is_refused_not_a_crash(latex, capsys):
    """Found by the CLI fuzz: log|x| crashed the prover (exit 4, a nan comparison)."""
    code = main(["--budget", "0.5", "prove", "--latex", latex])
    err = capsys.readouterr().err
    # refused by the domain check (symact.domain) or by the record's breakpoint check
    assert code == 2 and "x = 0" in err and err.startswith("error:") and err.count("\n") == 1, err
