"""Every test of this corpus runs at 70 digits (mpmath's precision is global; see tests/adversarial4/conftest.py)."""

import mpmath as mp
import pytest


@pytest.fixture(autouse=True)
def _seventy_digits():
    with mp.workdps(70):
        yield
