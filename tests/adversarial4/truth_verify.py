"""My evaluation of verify claims without symact: pointwise predicates (x-claims) and exact
values (claims at a point), at the pinned precision."""
from __future__ import annotations

import mpmath as mp


def claim_truth_holds_at(case, x) -> bool:
    with mp.workdps(70):
        return bool(case["pred"](mp.mpf(x)))
