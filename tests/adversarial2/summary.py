"""Summarise a dump of the corpus run (SYMACT_ADVERSARIAL2_DUMP=FILE pytest ...):
`python -m tests.adversarial2.summary FILE` prints the counts per category and verdict, every
unsound result, and the notes (unknown, refusals, unchecked proved properties) with -v."""

from __future__ import annotations

import collections
import json
import sys

from tests.adversarial2.cases import CASES
from tests.adversarial2.judge import judge


def main(argv):
    verbose = "-v" in argv
    path = [a for a in argv if not a.startswith("-")][0]
    res = json.load(open(path))
    per_cat = collections.Counter()
    outcome = collections.Counter()
    cpu = 0.0
    for c in CASES:
        r = res.get(c["id"])
        if r is None:
            continue
        per_cat[c["category"]] += 1
        cpu += r.get("cpu") or 0.0
        problems, notes = judge(c, r)
        try:
            verdict = json.loads(r["stdout"]).get("verdict") or c["kind"]
        except (ValueError, KeyError, AttributeError):
            verdict = f"rc {r.get('rc')}"
        outcome[(c["kind"], "UNSOUND" if problems else verdict)] += 1
        if problems:
            print(f"UNSOUND {c['id']} [{c['category']}] {' '.join(c['argv'])}")
            for p in problems:
                print(f"    - {p}")
        elif verbose and notes:
            print(f"note {c['id']}: {'; '.join(notes)[:400]}")
    print("cases per category:", dict(sorted(per_cat.items())))
    print("outcomes:", dict(sorted(outcome.items())))
    print(f"symact CPU over the corpus: {cpu:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
