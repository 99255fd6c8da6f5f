"""Symbolic steps under a time budget: they stop, nest, and the next call still works."""

import threading
import time

import pytest

from symact import budget


def spin(seconds):
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return n


def test_timeout_stops_a_long_step_and_next_call_works():
    t = time.monotonic()
    with pytest.raises(budget.Timeout):
        budget.run(spin, 30, seconds=0.2, what="spin")
    assert time.monotonic() - t < 2
    assert budget.run(lambda: 42, seconds=1) == 42


def test_nested_budgets_inner_cannot_outlive_outer():
    def outer():
        return budget.run(spin, 30, seconds=10, what="inner")

    t = time.monotonic()
    with pytest.raises(budget.Timeout):
        budget.run(outer, seconds=0.3, what="outer")
    assert time.monotonic() - t < 2
    assert budget.remaining() is None


def test_inner_timeout_does_not_kill_outer():
    def outer():
        try:
            budget.run(spin, 30, seconds=0.1, what="inner")
        except budget.Timeout:
            return "inner timed out"
        return "no"

    assert budget.run(outer, seconds=5) == "inner timed out"


def test_timeout_is_not_swallowed_by_except_exception():
    def swallowing():
        try:
            spin(30)
        except Exception:  # what SymPy code does in places
            return "swallowed"
        return "done"

    with pytest.raises(budget.Timeout):
        budget.run(swallowing, seconds=0.2)


def test_worker_process_outside_main_thread():
    result = {}

    def job():
        try:
            budget.run(spin, 30, seconds=0.3)
        except budget.Timeout:
            result["timeout"] = True
        result["value"] = budget.run(pow, 2, 10, seconds=5)

    th = threading.Thread(target=job)
    th.start()
    th.join(20)
    assert result == {"timeout": True, "value": 1024}


def test_sympy_hang_becomes_timeout():
    import sympy as sp

    x = sp.Symbol("x")
    # sympy/sympy#30499: function_range iterates an infinite ImageSet
    from sympy.calculus.util import function_range

    with pytest.raises(budget.Timeout):
        budget.run(function_range, sp.sin(sp.exp(x)), x, sp.S.Reals, seconds=1)


def test_bad_default_rejected():
    with pytest.raises(ValueError):
        budget.set_default(0)


def test_deadline_inside_a_gc_callback_is_deferred_not_lost():
    """A timer that fires inside a garbage-collector callback must not raise there (the
    exception would be swallowed as unraisable); it fires again and stops the step."""
    import gc

    calls = []

    def slow_callback(phase, info):
        if phase == "start":
            calls.append(1)
            spin(0.05)

    def allocate_forever():
        junk = []
        while True:
            junk.append([object() for _ in range(100)])
            if len(junk) > 1000:
                junk.clear()

    gc.callbacks.append(slow_callback)
    try:
        t = time.monotonic()
        with pytest.raises(budget.Timeout):
            budget.run(allocate_forever, seconds=0.5)
        assert time.monotonic() - t < 5
    finally:
        gc.callbacks.remove(slow_callback)
    assert calls
