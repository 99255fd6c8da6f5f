"""symact against the second adversarial corpus (cases.py): fails on any unsound answer --
a false `proved`, a `refuted` of a true claim, a counterexample that is none, a wrong
`approximate`, a crash or exit code 4, or no answer within the per-case limit.  `unknown` and
refusals pass (they are listed by `python -m tests.adversarial2.summary`).

The CLI (`symact.cli.main`, the console script's entry point) runs in-process in a pool of
worker processes (tests/adversarial/runner.py) with its JSON output; each case has a CPU limit
of SYMACT_ADVERSARIAL2_LIMIT seconds (default 60) and 5x that of wall time.

Cases on which symact is unsound are marked xfail(strict=True) in KNOWN_UNSOUND with the
details, so the suite stays green and the fix is seen (the xfail then fails as XPASS).
"""

from __future__ import annotations

import json
import os

import pytest

from tests.adversarial import runner
from tests.adversarial2.cases import CASES
from tests.adversarial2.judge import judge

LIMIT = float(os.environ.get("SYMACT_ADVERSARIAL2_LIMIT", "60"))
WORKERS = int(os.environ.get("SYMACT_ADVERSARIAL2_WORKERS", "2"))
DUMP = os.environ.get("SYMACT_ADVERSARIAL2_DUMP")

# id -> reason (measured on this branch; see the report in tests/adversarial2/README.md)
_R = ("measured on blind2 (main dadaa9a): verify says 'proved' ({why}), but the left side is "
      "undefined at {pt}; symact itself refutes (x^2-1)/(x-1) = x+1 'at x = 1: undefined' and "
      "answers \\sqrt{{x}} >= 0 with 'not a real function of x', so by its own total real-valued "
      "semantics the claim is false (SymPy simplifies {simp} before the domain is looked at)")
KNOWN_UNSOUND: dict[str, str] = {
    "x_over_x": _R.format(why="both sides equal 1", pt="x = 0", simp="x/x to 1 at parse time"),
    "zero_over_x": _R.format(why="both sides equal 0", pt="x = 0", simp="0/x to 0 at parse time"),
    "sqrt_x_sq": _R.format(why="the difference simplifies to 0", pt="every x < 0",
                           simp="(sqrt x)^2 to x"),
    "sqrt_x_times": _R.format(why="the difference simplifies to 0", pt="every x < 0",
                              simp="sqrt(x) sqrt(x) to x"),
    "sqrt_xm1_times": _R.format(why="the difference simplifies to 0", pt="every x < 1",
                                simp="sqrt(x-1)^2 to x - 1"),
    "x2_over_x": _R.format(why="the difference simplifies to 0", pt="x = 0",
                           simp="x^2/x to x; the same shape (x^2-1)/(x-1) = x+1 is refuted"),
    "sin_over_sin": _R.format(why="both sides equal 1", pt="every x = k pi",
                              simp="sin(x)/sin(x) to 1 at parse time"),
    "x_over_absx_le1": _R.format(why="'proved by the prover (certificate checked)'", pt="x = 0",
                                 simp="nothing here: the prover accepted a function undefined "
                                      "at 0, which `prove --latex` refuses for 1/x"),
    "x_over_absx": "measured on blind2 (main dadaa9a): prove --latex '\\frac{x}{|x|}' reads it as "
                   "Piecewise((-1, x < 0), (1, x >= 0)) and proves f(0) = 1 (and the max attained "
                   "on [0, oo)); x/|x| is 0/0 at 0 with one-sided limits -1 and 1 (sign(0) = 0): "
                   "f(0) does not exist, while 1/x is refused as not defined at 0",
    "absx_over_x": "measured on blind2 (main dadaa9a): prove --latex '\\frac{|x|}{x}' proves "
                   "f(0) = 1; |x|/x is 0/0 at 0 with no continuous extension",
    "x_over_x_prove": "measured on blind2 (main dadaa9a): prove --latex '\\frac{x}{x}' becomes the "
                      "constant 1 (SymPy cancels at parse time) and proves f(0) = 1; x/x is 0/0 "
                      "at 0 (a removable singularity: defensible as an extension, but symact "
                      "refuses 1/x and refutes (x^2-1)/(x-1) = x+1 at x = 1 as undefined)",
}

assert len({c["id"] for c in CASES}) == len(CASES), "duplicate case ids"


@pytest.fixture(scope="module")
def replies(request):
    # only the cases selected (-k) are run, all in one pool
    wanted = {item.callspec.params["case"]["id"] for item in request.session.items
              if hasattr(item, "callspec") and "case" in item.callspec.params}
    jobs = {c["id"]: c["argv"] for c in CASES if c["id"] in wanted}
    res = runner.run_many(jobs, limit=LIMIT, workers=WORKERS)
    if DUMP:
        with open(DUMP, "w") as fh:
            json.dump(res, fh)
    return res


def _param(c):
    marks = []
    if c["id"] in KNOWN_UNSOUND:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_UNSOUND[c["id"]]))
    return pytest.param(c, id=c["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_sound(case, replies):
    reply = replies[case["id"]]
    problems, _notes = judge(case, reply)
    assert not problems, (f"{case['kind']} {case['input']!r}: " + " | ".join(problems)
                          + f"  [truth: {case['how']}]")
