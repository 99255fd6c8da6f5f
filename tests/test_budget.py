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


def test_outer_expiry_is_not_caught_by_inner_steps():
    """Code between inner steps catches their Timeout; the outer budget's expiry must still
    stop the whole step and be reported as the outer one."""

    def persistent():
        while True:
            try:
                budget.run(spin, 0.02, seconds=1, what="inner")
            except budget.Timeout as exc:  # what every caller of an inner step does
                assert exc.what != "inner", "the outer expiry was delivered as the inner one"

    t = time.monotonic()
    with pytest.raises(budget.Timeout) as info:
        budget.run(persistent, seconds=0.3, what="outer")
    assert info.value.what == "outer"
    assert time.monotonic() - t < 3
    assert budget.remaining() is None


def test_a_budget_left_behind_never_fires_elsewhere():
    """A generator that opened a budget and was abandoned (never resumed, still referenced)
    must not interrupt unrelated code after its deadline."""

    def gen():
        with budget.limit_time(0.05, "abandoned"):
            yield 1
            spin(10)

    g = gen()
    next(g)
    try:
        spin(0.3)  # past the abandoned deadline: nothing may be raised here
        assert budget.run(spin, 0.05, seconds=2) > 0
    finally:
        g.close()
    assert budget.remaining() is None


def test_many_short_budgets_with_swallowing_code_leave_no_trace():
    """Hundreds of deadlines landing at random points (in bodies that swallow the first
    interrupt, in nested steps, at exits) never escape as anything but Timeout and never
    leave a budget behind."""
    import random
    import signal

    rng = random.Random(7)

    def swallow_once(s):
        try:
            spin(s)
        except BaseException:  # noqa: BLE001 - what careless library code does
            spin(0.015)

    def nested(s):
        try:
            budget.run(spin, 1.0, seconds=s, what="inner")
        except budget.Timeout:
            spin(0.012)

    before = signal.getsignal(signal.SIGPROF)
    for _ in range(300):
        s = rng.choice([0.001, 0.002, 0.005])
        fn = rng.choice([spin, swallow_once, nested])
        try:
            budget.run(fn, s if fn is not spin else 1.0, seconds=s)
        except budget.Timeout:
            pass
        assert budget.remaining() is None
    assert signal.getsignal(signal.SIGPROF) == before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
