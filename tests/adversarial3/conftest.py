"""Every test of this corpus runs at the 80 digits its truths and its judge were written for.

cases.py, truthlib.py and judge.py set ``mp.mp.dps = 80`` when imported, but mpmath's precision
is global and other test modules imported later at collection set their own (tests/test_audit.py:
40 digits): in the full suite 139 of these tests then ran at 40 digits and failed."""

import mpmath as mp
import pytest


@pytest.fixture(autouse=True)
def _eighty_digits():
    with mp.workdps(80):
        yield
