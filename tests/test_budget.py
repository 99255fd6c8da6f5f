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


def test_deadline_inside_a_gc_callback_is_deferred_not_lost(monkeypatch):
    """A timer that fires inside a garbage-collector callback must not raise there (the
    exception would be swallowed as unraisable); it fires again and stops the step.

    The collection is explicit: allocation alone does not trigger one on every version
    (Python 3.13 raised the generation-0 threshold from 700 to 2000, and a loop that frees
    what it allocates never reaches it).  The callback runs until the step's deadline has
    passed, so the deadline expires inside it on every run, not by chance."""
    import gc

    calls = []
    fired_inside = []  # timer signals that arrived in the callback after the deadline

    def slow_callback(phase, info):
        if phase != "start" or calls or budget.remaining() is None:
            return  # only the first collection inside the budget is slow
        calls.append("start")
        end = time.process_time() + budget.remaining() + 0.05
        while time.process_time() < end:  # CPU time: past the deadline, 5 refire periods more
            pass
        calls.append("end")  # reached only if the timer did not raise inside the callback

    real_handler = budget._handler

    def handler(signum, frame):
        if calls == ["start"] and budget.remaining() == 0:
            fired_inside.append(1)
        real_handler(signum, frame)

    def allocate_forever():
        gc.collect()  # a collection, hence the callback, inside the budget on every version
        junk = []
        while True:
            junk.append([object() for _ in range(100)])
            if len(junk) > 1000:
                junk.clear()

    monkeypatch.setattr(budget, "_handler", handler)  # looked up when the budget opens
    gc.callbacks.append(slow_callback)
    try:
        t = time.monotonic()
        with pytest.raises(budget.Timeout):
            budget.run(allocate_forever, seconds=0.5)
        assert time.monotonic() - t < 5
    finally:
        gc.callbacks.remove(slow_callback)
    assert calls == ["start", "end"], "the callback never ran, or the timer interrupted it"
    assert fired_inside, "the deadline did not fire inside the callback"


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


# ---------------------------------------------------------------------------------------
# claims and commands
def test_claim_budget_is_clipped_to_the_command_and_then_refused():
    """Claims inside a command share its time: a claim gets at most CLAIM_FACTOR budgets and
    never more than the command has left; once the command is spent a claim is refused at
    once with CommandSpent (a Timeout), so the claims decided earlier keep their results."""
    old = budget.default_seconds()
    budget.set_default(0.2)
    try:
        with budget.command(0.5):
            with budget.claim_budget("first") as b:
                assert b.seconds == pytest.approx(budget.CLAIM_FACTOR * 0.2)
            t = time.monotonic()
            with pytest.raises(budget.Timeout):
                with budget.claim_budget("long"):
                    spin(30)
            with pytest.raises(budget.Timeout):
                with budget.claim_budget("longer"):
                    spin(30)
            assert budget.command_remaining() == pytest.approx(0, abs=0.01)
            with pytest.raises(budget.CommandSpent) as info:
                budget.claim_budget("late")
            assert "late" in str(info.value) and "command" in str(info.value)
            assert time.monotonic() - t < 5
        assert budget.command_remaining() is None
        with budget.claim_budget("alone") as b:  # outside a command: the claim factor only
            assert b.seconds == pytest.approx(budget.CLAIM_FACTOR * 0.2)
    finally:
        budget.set_default(old)


TOL = 1e-9


def test_commands_nest_and_inner_never_outlives_outer():
    # deadlines are clock + seconds: (c + 10) - c may round to 10.000000000000002 (TOL)
    with budget.command(10):
        with budget.command(100):
            assert budget.command_remaining() <= 10 + TOL
        with budget.command(1):
            assert budget.command_remaining() <= 1 + TOL
        assert 1 < budget.command_remaining() <= 10 + TOL
    assert budget.command_remaining() is None


def test_prove_stops_at_the_command_budget_with_unknowns():
    """A proof whose claims each spin past their budget: prove() returns, every claim is
    unknown with the time-budget reason, within the command's CPU time."""
    import sympy as sp

    from symact.catalog import define
    from symact.prove import engine as P
    from symact.spec import x

    old = budget.default_seconds()
    real = P.claim

    def slow_claim(act, prop):
        spin(60)
        return real(act, prop)

    budget.set_default(0.3)
    P.claim = slow_claim
    try:
        act = define("budget_probe", sp.tanh(x) + x / 7, register_it=False)
        c0 = time.process_time()
        proof = P.prove(act)
        used = time.process_time() - c0
    finally:
        P.claim = real
        budget.set_default(old)
    assert all(c.status == "unknown" for c in proof.claims)
    assert all("time budget" in c.reason for c in proof.claims)
    assert any("command's time budget" in c.reason for c in proof.claims)
    assert used < budget.COMMAND_FACTOR * 0.3 + 1.5


def test_verify_link_runs_inside_a_budget():
    """Each link of a verify claim is a claim: a hang inside one (here a diff that never
    ends) is unknown, not a hang."""
    import sympy as sp

    from symact.verify import verify

    old = budget.default_seconds()
    real = sp.diff

    def endless(*a, **k):
        spin(60)
        return real(*a, **k)

    budget.set_default(0.3)
    sp.diff = endless
    try:
        t = time.monotonic()
        v = verify(r"\frac{d}{dx} e^{x^2} = 2x e^{x^2}")
    finally:
        sp.diff = real
        budget.set_default(old)
    assert v.verdict == "unknown", v
    assert "time budget" in v.reason
    assert time.monotonic() - t < 30
