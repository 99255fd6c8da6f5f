"""Shared test hygiene."""

import pytest

from symact import budget


@pytest.fixture(autouse=True)
def _no_budget_left_behind():
    """Every test must leave no time budget active: one left behind would fire later, in
    another test or in pytest itself."""
    yield
    left = list(budget._stack)
    if left:
        budget._stack.clear()
        import signal

        signal.setitimer(signal.ITIMER_PROF, 0)
        pytest.fail(f"time budgets left active: {[b.what for b in left]}")
