"""Every test of this corpus runs at the 70 digits its truths and its judge were written for
(mpmath's precision is global and other test modules set their own; see tests/adversarial3/conftest.py)."""

import mpmath as mp
import pytest


@pytest.fixture(autouse=True)
def _seventy_digits():
    with mp.workdps(70):
        yield
