"""One line per case from a dump of symact's replies (SYMACT_ADVERSARIAL_DUMP=FILE pytest ...):

    python tests/adversarial/summarise.py FILE [--all]

prints the failing cases (id, category, seconds, the first problem) and counts by category.
"""

import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from adversarial.corpus import CASES  # noqa: E402
from adversarial.test_adversarial import problems_of  # noqa: E402


def main(argv):
    replies = json.load(open(argv[0]))
    show_all = "--all" in argv
    by_cat = collections.defaultdict(lambda: [0, 0])
    total_cpu = total_wall = 0.0
    for c in CASES:
        r = replies.get(c["id"])
        if r is None:
            continue
        total_cpu += r.get("cpu", 0) or 0
        total_wall += r.get("wall", 0) or 0
        probs = problems_of(c, r)
        by_cat[c["category"]][0] += 1
        by_cat[c["category"]][1] += not probs
        if probs or show_all:
            first = probs[0].replace("\n", " ")[:400] if probs else "ok"
            print(f"{'FAIL' if probs else 'ok  '} {c['id']:26} {c['category']:18} "
                  f"rc={r['rc']!s:6} {r.get('cpu', 0) or 0:5.1f}s cpu  {first}")
    print()
    n = sum(v[0] for v in by_cat.values())
    p = sum(v[1] for v in by_cat.values())
    for cat, (k, ok) in sorted(by_cat.items()):
        print(f"  {cat:20} {ok:3}/{k:<3} pass")
    print(f"  {'total':20} {p:3}/{n:<3} pass; symact CPU {total_cpu:.0f} s, wall {total_wall:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
