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
KNOWN_UNSOUND: dict[str, str] = {}

assert len({c["id"] for c in CASES}) == len(CASES), "duplicate case ids"


@pytest.fixture(scope="module")
def replies():
    jobs = {c["id"]: c["argv"] for c in CASES}
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
