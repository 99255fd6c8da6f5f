"""symact against the third adversarial corpus (cases.py): fails on any unsound answer -- a
false `proved` (convexity word, inflection points, and necessary conditions on range, max,
min, sup/inf f', Lipschitz, monotonicity, symmetry, f(0), continuity checked on a grid with
mpmath), a `refuted` convexity of a true claim, exit code 4, a traceback or a hang.  `unknown`
and refusals (exit 2) pass.

The CLI runs in-process in 2 worker processes (tests/adversarial/runner.py); each case has a
CPU limit of SYMACT_ADVERSARIAL3_LIMIT seconds (default 120).  Cases on which symact is unsound
are xfail(strict=True) in KNOWN_UNSOUND.
"""
from __future__ import annotations

import os

import pytest

from tests.adversarial import runner
from tests.adversarial3.cases import CASES
from tests.adversarial3.judge import judge

LIMIT = float(os.environ.get("SYMACT_ADVERSARIAL3_LIMIT", "120"))
DUMP = os.environ.get("SYMACT_ADVERSARIAL3_DUMP")

KNOWN_UNSOUND: dict[str, str] = {
}

assert len({c["id"] for c in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def replies(request):
    # only the cases selected (-k) are run, all in one pool
    return runner.selected_replies(request, CASES, DUMP, limit=LIMIT, workers=2, wall_limit=300)


@pytest.mark.parametrize("case", [runner.case_param(c, KNOWN_UNSOUND) for c in CASES])
def test_sound(case, replies):
    problems, _notes = judge(case, replies[case["id"]])
    assert not problems, f"{case['input']!r}: " + " | ".join(problems) + f"  [truth: {case['how']}]"
