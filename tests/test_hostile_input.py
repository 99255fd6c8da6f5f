r"""Malformed and hostile LaTeX: one ``error:`` line with the position, exit code 2, within a
second or two, no traceback, and nothing executed (no eval, exec, sympify or parse_expr on
the input; no file read or written).
"""

import builtins
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
    import symact.parse as P

    l2s = P._latex2sympy2()
    monkeypatch.setattr(l2s, "parse_expr", spy("latex2sympy2.parse_expr", l2s.parse_expr))
    P._latex2sympy.cache_clear()  # make latex2sympy2 run again under the spies
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
