"""The ground truth is computed at 110 digits (ground_truth.py sets it when imported); other
test modules that ran earlier in the same worker process may have changed mpmath's global
precision, so every test here runs at the ground truth's precision."""

import mpmath
import pytest


@pytest.fixture(autouse=True)
def _ground_truth_precision():
    with mpmath.workdps(110):
        yield
