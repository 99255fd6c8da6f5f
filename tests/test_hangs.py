"""Inputs that used to hang (issue 10) and further adversarial ones answer promptly.

Each case runs the command line in a fresh process at ``--budget 5`` with a wall-clock
limit of 60 s (``SYMACT_HANG_WALL`` overrides it; scaled on an overloaded machine) and must end with
an answer: proved / refuted / unknown (exit 0, 1, 3), or, where the case says so, a clear
refusal (exit 2) -- never a hang, never an internal error (exit 4).  Where the truth is
known the answer must not contradict it.  The CPU time of each child is bounded too: the
command's claims get ``COMMAND_FACTOR`` budgets and the CLI stops the command one budget
later, so whatever the machine's load the child's CPU time stays below that plus start-up.

Budgets are CPU time (symact.budget), so on a loaded machine the wall-clock time of a case
is about its CPU time times load / cores: the wall-clock limit is scaled by that factor.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from symact import budget

BUDGET = 5.0
# 60 s of wall-clock time for a process that has a core to itself.  Budgets count CPU time
# (a project decision, DESIGN.md), so on a shared box with load L > ncpu a CPU-bound process
# gets about ncpu / L of a core and the limit is scaled by L / ncpu (measured when the
# module starts); the CPU-time cap below does not depend on the load at all.
_NCPU = os.cpu_count() or 1
LOAD_SCALE = max(1.0, os.getloadavg()[0] / _NCPU) if hasattr(os, "getloadavg") else 1.0
WALL = float(os.environ.get("SYMACT_HANG_WALL", "60")) * LOAD_SCALE
# claims: COMMAND_FACTOR budgets; the hard stop one budget later; start-up, parsing, rendering
CPU_CAP = (budget.COMMAND_FACTOR + 1) * BUDGET + 10

MANY_KINKS = "+".join(rf"\max(0,x-{k})" for k in range(16))

# (command, input, allowed exit codes, why it is here)
CASES = [
    # the hangs of issue 10
    ("verify", r"\max(0,x)+\max(10^{-4},x) = 2\max(0,x)", {1, 3}, "false; a piece (0, 1e-4): the sampler looped"),
    ("verify", r"\max(0,x)+\max(10^{-4},x) = \max(10^{-4},x)+\max(x,0)", {0, 3}, "true; tiny piece"),
    ("verify", r"|x| = x, x > -10^{-4}", {1, 3}, "false on (-1e-4, 0): a sampling loop on a tiny interval"),
    ("prove", r"\frac{1}{1+e^{-e^{e^x}}}", {0, 3}, "symmetry witnesses: f(20) has 10^8 digits"),
    ("verify", r"\frac{d^{12}}{dx^{12}}\tanh(\tanh(\tanh x))= 0", {1, 3}, "false; an unbudgeted diff"),
    # further adversarial inputs
    ("verify", r"\max(0,x)+\max(10^{-30},x) = \max(10^{-30},x)+\max(x,0)", {0, 3}, "true; a piece 1e-30 wide"),
    ("verify", r"|x| \le x + 10^{-100}, x > -10^{-100}", {0, 3}, "true; the domain is 1e-100 wide on the left"),
    ("verify", r"|x - 10^{-12}| + |x + 10^{-12}| \ge 2 \cdot 10^{-12}", {0, 3}, "true, with equality on [-1e-12, 1e-12]"),
    ("verify", r"(1+x^2)^{1000000} \ge 1", {0, 3}, "true; a huge power"),
    ("verify", r"\frac{d^{8}}{dx^{8}}\tanh(\tanh(\tanh x)) = \frac{d^{8}}{dx^{8}}\tanh(\tanh(\tanh x))", {0, 3}, "true; huge derivatives on both sides"),
    ("prove", r"\tanh(e^{e^{x}})", {0, 3}, "nested exponentials: tanh of e^(e^30) (mpmath MemoryError)"),
    ("prove", r"e^{e^{e^{e^x}}}", {0, 2, 3}, "a tower of four exponentials (may be refused: not finite at sample points)"),
    ("prove", r"\frac{x^{9999}}{1+x^{10000}}", {0, 3}, "huge powers: a factorisation of degree 20000"),
    ("prove", MANY_KINKS, {0, 2, 3}, "16 kinks: many pieces (may be refused: flattening the Piecewise runs out of budget)"),
    ("prove", r"\sin(e^{x})", {0, 3}, "faster and faster oscillation (function_range loops forever)"),
    ("prove", r"x\sin(x^{2})", {0, 3}, "unbounded oscillation"),
    ("prove", r"\tanh(\tanh(\tanh(\tanh(\tanh(\tanh(x))))))", {0, 3}, "six nested tanh"),
    ("prove", r"\frac{\sin(50x)}{(1+x^2)^{50}}", {0, 3}, "many turning points, high powers"),
]


# the child reports its own CPU time (user + system) at exit, whatever else runs on the machine
CHILD = ("import atexit, sys, time; "
         "atexit.register(lambda: sys.stderr.write(f'\\n[cpu {time.process_time():.3f}]\\n')); "
         "from symact.cli import main; sys.exit(main(sys.argv[1:]))")


def _run(i):  # type: ignore[no-untyped-def]
    cmd, text, _, _ = CASES[i]
    argv = [sys.executable, "-c", CHILD, "--budget", str(BUDGET), cmd] + (["--latex", text] if cmd == "prove" else [text])
    t = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=WALL)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        timed_out = True
    wall = time.monotonic() - t
    m = re.search(r"\[cpu ([0-9.]+)\]\s*$", err)
    return i, {"rc": proc.returncode, "wall": wall, "cpu": float(m.group(1)) if m else None, "timed_out": timed_out,
               "out": out, "err": err[: m.start()] if m else err}


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    """All cases, one process at a time; the figures are printed to stderr."""
    out = dict(_run(i) for i in range(len(CASES)))
    lines = [f"wall limit {WALL:.0f} s (load scale {LOAD_SCALE:.2f}), CPU cap {CPU_CAP:g} s"] + [f"{CASES[i][0]:6} {r['wall']:6.1f} s wall {r['cpu'] if r['cpu'] is None else round(r['cpu'], 1)!s:>6} s CPU  exit {r['rc']}  {CASES[i][1][:70]}"
             for i, r in sorted(out.items())]
    sys.stderr.write("\n".join(lines) + "\n")
    return out


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("i", range(len(CASES)), ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_answers_promptly(results, i) -> None:  # type: ignore[no-untyped-def]
    cmd, text, allowed, why = CASES[i]
    r = results[i]
    assert not r["timed_out"], f"{cmd} {text!r} ({why}) gave no answer within {WALL:g} s wall"
    assert r["rc"] != 4, f"internal error on {text!r}: {r['err'][-500:]}"
    assert r["rc"] in allowed, f"{text!r} ({why}): exit {r['rc']}, allowed {sorted(allowed)}\n{r['out'][-800:]}{r['err'][-300:]}"
    assert r["cpu"] is not None, f"no CPU figure from the child: {r['err'][-300:]}"
    if r["cpu"] is not None:
        assert r["cpu"] < CPU_CAP, f"{text!r} used {r['cpu']:.1f} s of CPU (cap {CPU_CAP:g} s)"
    if r["rc"] == 2:
        assert r["err"].startswith("error: "), r["err"]
