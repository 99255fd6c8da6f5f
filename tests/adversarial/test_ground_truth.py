"""Every truth stored in corpus.py equals the one ground_truth.py recomputes with mpmath."""

import pytest

from . import compare
from .corpus import CASES
from .ground_truth import TRUTHS


def test_every_case_has_a_recomputation():
    assert sorted(c["id"] for c in CASES) == sorted(TRUTHS)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_stored_truth_is_recomputed(case):
    got = TRUTHS[case["id"]]()
    assert sorted(got) == sorted(case["truth"]), "the truth keys differ from the recomputation"
    for key, stored in case["truth"].items():
        assert compare.same_truth(key, stored, got[key]), (key, stored, got[key])
