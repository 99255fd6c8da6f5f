"""Fuzz the command line: hypothesis over argument lists and LaTeX strings (issue 12).

Every example is one ``symact`` command run in process (``symact.cli.main``) with its
stdout and stderr captured.  What must hold for every example:

* no traceback on stderr, and no exit code 4 (an internal error) or any code outside
  0, 1, 2, 3;
* a refusal (exit code 2) is exactly one ``error:`` line;
* no answer over the budget: each command runs with ``--budget 0.5`` (CPU seconds per
  symbolic step) and must finish within ``DEADLINE`` wall-clock seconds.

Usage: python benchmarks/fuzz_cli.py [--examples 2000] [--seed 0]
Writes benchmarks/results/fuzz_cli.md.  ``tests/test_fuzz_cli.py`` runs the same
strategies with fewer examples in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import strategies as st

from symact.kernels.export import TARGETS as EXPORT_NAMES  # the export-target table, plus 2 bad names

ROOT = Path(__file__).resolve().parents[1]
DEADLINE = 60.0  # wall-clock seconds one command may take (budget 0.5 s per symbolic step)
BUDGET = "0.5"

NAMES = ["sigmoid", "tanh", "relu", "elu", "selu", "gelu", "silu", "mish", "softplus", "leaky_relu", "hardtanh",
         "step", "softsign", "celu", "swish_beta", "prelu", "sin", "identity"]
HOSTILE_TEXT = ["", " ", "-", "--", "-x", "--x", "sigmiod", "__import__('os')", "\\input{/etc/passwd}", "\x00",
                "\u202e", "\u0661", "\uff11", "1_000", "1e999999", "nan", "inf", "-0", "0", "1/0", "a=b=c",
                "\\write18{id}", "^^5cinput", "x" * 300, "\U0001f600", "alpha=\u0661", "lambda=1", "%", "{", "}"]

# LaTeX: a small grammar of what people write, plus hostile pieces
_ATOMS = ["x", "1", "2", "0.5", "10", "\\pi", "e", "-x", "\\alpha", "\\beta", "f(x)", "\\sigma(x)", "|x|",
          "x_1", "\\infty", "{x}", "1e3", "\u0663", "\\mathrm{ReLU}(x)", "\\operatorname{erf}(x)"]
_UNARY = ["\\tanh({})", "\\sigma({})", "e^{{{}}}", "\\exp({})", "\\log({})", "\\ln({})", "\\sqrt{{{}}}",
          "\\sqrt[3]{{{}}}", "\\frac{{1}}{{{}}}", "\\frac{{{}}}{{1+|x|}}", "\\max(0, {})", "-{}", "({})", "|{}|",
          "\\left({}\\right)", "\\sin({})", "\\operatorname{{softplus}}({})", "{}'", "\\erf({})"]
_BINARY = ["{} + {}", "{} - {}", "{} {}", "{} \\cdot {}", "{}^{{{}}}", "\\frac{{{}}}{{{}}}", "{}/{}", "{}_{{{}}}"]
_RELATIONS = ["=", "<", ">", "\\le", "\\ge", "\\ne", "\\approx", "\\in", "==", "\\leq", "\\to", "<="]
_HOSTILE_LATEX = ["\\input{/etc/passwd}", "\\immediate\\write18{touch /tmp/symact-fuzz}", "\\openout1=amsmath.sty",
                  "^^5cinput{x}", "\\def\\x{\\x}\\x", "\\catcode`\\|=0", "{" * 70 + "x" + "}" * 70,
                  "\\frac{" * 40 + "x" + "}{2}" * 40, "x+" * 2100 + "x", "10^{10^{10}}", "2^{2^{2^{2^{2}}}}", "$", "&",
                  "\\begin{cases} x & x>0 \\\\ 0 & \\end{cases}", "x \\in (0, 1)", "\\lim_{x\\to\\infty}"]


def _expr(depth: int = 3) -> st.SearchStrategy[str]:
    base = st.sampled_from(_ATOMS)
    if depth == 0:
        return base
    sub = st.deferred(lambda: _expr(depth - 1))
    return st.one_of(
        base,
        st.builds(lambda f, a: f.format(a), st.sampled_from(_UNARY), sub),
        st.builds(lambda f, a, b: f.format(a, b), st.sampled_from(_BINARY), sub, sub),
    )


latex_exprs = st.one_of(_expr(3), st.sampled_from(_HOSTILE_LATEX), st.text(max_size=40))
latex_claims = st.one_of(
    st.builds(lambda a, r, b: f"{a} {r} {b}", _expr(2), st.sampled_from(_RELATIONS), _expr(2)),
    st.builds(lambda a, r1, b, r2, c: f"{a} {r1} {b} {r2} {c}", _expr(1), st.sampled_from(["<", "\\le"]), _expr(2),
              st.sampled_from(["<", "\\le"]), _expr(1)),
    st.sampled_from(_HOSTILE_LATEX),
    st.text(max_size=40),
)
numbers = st.one_of(st.integers(-5, 60).map(str), st.sampled_from(["1000", "1001", "99999999999", "0", "-1", "2.5",
                                                                     "1e-8", "1e400", "\u0662", "3 ", " 4"]),
                    st.sampled_from(HOSTILE_TEXT))
names = st.one_of(st.sampled_from(NAMES), st.sampled_from(HOSTILE_TEXT))
params = st.one_of(st.builds(lambda n, v: f"{n}={v}", st.sampled_from(["alpha", "lambda", "beta", "gamma", "x", ""]),
                             st.sampled_from(["0.5", "1/3", "-1", "symbolic", "1e-2", "0", "\u0661", "1/0", "2**3",
                                              "__import__('os')", "1" * 90])),
                   st.sampled_from(HOSTILE_TEXT))


def _with(opts: st.SearchStrategy[list[str]], base: list[str]) -> st.SearchStrategy[list[str]]:
    return opts.map(lambda extra: base + extra)


def _option(flag: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.builds(lambda v: [flag, v], values), st.builds(lambda v: [f"{flag}={v}"], values))


def _options(*choices: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.one_of(*choices), max_size=3).map(lambda groups: [a for g in groups for a in g])


_common = [st.just(["--json"]), st.just(["--debug"]), _option("--param", params), st.just(["--symbolic"])]

argv_strategy = st.one_of(
    st.just(["list"]), st.just(["list", "--json"]),
    st.builds(lambda n, o: ["derive", n] + o, names, _options(_option("--order", numbers), *_common)),
    st.builds(lambda e, o: ["derive", "--latex", e] + o, latex_exprs,
              _options(_option("--order", st.sampled_from(["1", "2", "3", "13", "\u0661"])), _option("--name", names),
                       *_common)),
    st.builds(lambda c, o: ["verify", c] + o, latex_claims,
              _options(_option("--activation", names), st.just(["--json"]), st.just(["--debug"]))),
    st.builds(lambda n, o: ["gradient", n] + o, st.sampled_from(NAMES[:8]) | names,
              _options(_option("--depth", numbers), _option("--epsilon", numbers), st.just(["--json"]))),
    st.builds(lambda n, t, o: ["export", n, "--target", t] + o, names,
              st.sampled_from([*EXPORT_NAMES, "fortran", ""]),
              _options(_option("--order", numbers), _option("--param", params))),
    st.builds(lambda e, o: ["prove", "--latex", e] + o, _expr(1), _options(st.just(["--json"]))),
    st.lists(st.one_of(st.sampled_from(["derive", "prove", "verify", "--json", "--order", "--latex", "-o", "--",
                                        "--budget", "--debug", "--param", "-x", "--all"]), names), max_size=5),
)


def run_one(argv: list[str]) -> dict:
    """Run one command in process; what the checks need."""
    from symact import budget
    from symact.cli import main
    from symact.errors import SymactError

    full = ["--budget", BUDGET] + list(argv)
    out, err = io.StringIO(), io.StringIO()
    t0 = time.perf_counter()
    tb = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(full)
        except SystemExit as exc:  # --help / --version
            code = exc.code if isinstance(exc.code, int) else 0
        except BaseException as exc:  # noqa: BLE001 - --debug re-raises: that is the traceback it promises
            if "--debug" in full and isinstance(exc, (SymactError, budget.Timeout)):
                code = -1  # --debug re-raises a user error with its traceback, as it promises
                tb = "debug"
            else:
                code = 4
                tb = traceback.format_exc()
    seconds = time.perf_counter() - t0
    return {"argv": argv, "code": code, "stdout": out.getvalue(), "stderr": err.getvalue(), "seconds": seconds,
            "traceback": tb}


def problems(result: dict) -> list[str]:
    """What is wrong with one result (empty: all is well)."""
    bad = []
    code, err = result["code"], result["stderr"]
    if result["traceback"] not in (None, "debug"):
        bad.append("exception escaped main: " + result["traceback"].strip().splitlines()[-1])
    if result["traceback"] == "debug":
        return bad  # --debug shows a traceback by design (only for a real error)
    if "Traceback" in err:
        bad.append("traceback on stderr")
    if code == 4:
        bad.append("exit code 4: " + err.strip()[:200])
    elif code not in (0, 1, 2, 3):
        bad.append(f"exit code {code}")
    if code == 2 and not (err.startswith("error:") and err.rstrip("\n").count("\n") == 0):
        lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
        if len(lines) != 1:
            bad.append("a refusal is not one error: line: " + err[:200])
    if result["seconds"] > DEADLINE:
        bad.append(f"over the deadline: {result['seconds']:.1f} s")
    return bad


def main() -> int:
    from hypothesis import HealthCheck, Phase, given, seed, settings

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "fuzz_cli.md"))
    ns = ap.parse_args()
    results: list[dict] = []
    failures: list[tuple[list[str], list[str]]] = []
    t_start = time.perf_counter()
    cwd = os.getcwd()
    tmp = tempfile.mkdtemp(prefix="symact-fuzz-")
    os.chdir(tmp)  # any file a command might write lands here

    @seed(ns.seed)
    @settings(max_examples=ns.examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(argv_strategy)
    def check(argv: list[str]) -> None:
        r = run_one(argv)
        results.append(r)
        bad = problems(r)
        if bad:
            failures.append((argv, bad))
        if len(results) % 100 == 0:
            sys.stderr.write(f"{len(results)} examples, {len(failures)} failures, {time.perf_counter() - t_start:.0f} s\n")

    try:
        check()
    finally:
        os.chdir(cwd)
    total = time.perf_counter() - t_start
    codes = Counter(r["code"] for r in results)
    known = {"list", "derive", "prove", "verify", "gradient", "export", "report"}
    commands = Counter((r["argv"][0] if r["argv"][0] in known else "(random tokens)") if r["argv"] else "(none)"
                       for r in results)
    slowest = sorted(results, key=lambda r: -r["seconds"])[:5]
    lines = [
        "# CLI fuzz (benchmarks/fuzz_cli.py)",
        "",
        f"{len(results)} examples (hypothesis, seed {ns.seed}), in process via `symact.cli.main`, "
        f"`--budget {BUDGET}`, deadline {DEADLINE:g} s per command; {total:.0f} s in all.",
        "",
        f"- tracebacks / exceptions escaping main: {sum(1 for r in results if r['traceback'] not in (None, 'debug') or 'Traceback' in r['stderr'] and r['traceback'] is None)}",
        f"- exit code 4: {codes.get(4, 0)}",
        f"- over the deadline: {sum(1 for r in results if r['seconds'] > DEADLINE)}",
        f"- failures (any check): {len(failures)}",
        "- exit codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items(), key=lambda kv: str(kv[0])))
        + " (-1: a user error re-raised with its traceback because the command asked for --debug)",
        f"- commands: " + ", ".join(f"{k}: {v}" for k, v in sorted(commands.items())),
        f"- slowest: " + "; ".join(f"{r['seconds']:.1f} s `{' '.join(r['argv'])[:80]}`" for r in slowest),
        "",
    ]
    if failures:
        lines.append("## Failures")
        lines.append("")
        for argv, bad in failures[:50]:
            lines.append(f"- `{argv!r}`: {'; '.join(bad)}")
    text = "\n".join(lines) + "\n"
    Path(ns.out).write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
