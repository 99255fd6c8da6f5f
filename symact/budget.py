"""Run a SymPy step under a wall-clock budget.

SymPy has no general timeout (sympy/sympy#9691, #20530), and ``simplify``, ``solve`` or
``limit`` can run for minutes on innocent-looking input.  Every long symbolic step in symact
goes through :func:`run` (or the :func:`limit_time` context manager); when the budget is
spent the step raises :class:`Timeout`, which callers turn into an *unknown* result, never
into a guess.

Mechanism: in the main thread, ``signal.setitimer(ITIMER_PROF)`` interrupts pure-Python work
between bytecodes, which is where SymPy spends its time (measured: simplify and solve stop on
time).  Budgets count the *CPU time of this process*, not wall-clock time: a step that
finishes in 0.3 s on a quiet machine must not time out because two other processes share the
cores, or the same command would give different results under load (a report that
must be byte-identical from run to run cannot afford that).  A hang is CPU-bound, so it is
still stopped.  :class:`Timeout` derives from ``BaseException`` so that SymPy's own
``except Exception`` clauses cannot swallow it.  Budgets nest: an inner step never outlives
the step that contains it.  Outside the main thread (or where SIGPROF does not exist) the
step runs in a forked worker process that is killed when its time is up.

The default budget per step is 5 s; the environment variable ``SYMACT_BUDGET`` (seconds)
or :func:`set_default` changes it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from typing import Any, Callable, Iterator, TypeVar

__all__ = ["Timeout", "run", "limit_time", "default_seconds", "set_default", "remaining"]

T = TypeVar("T")

_default = float(os.environ.get("SYMACT_BUDGET", "5"))
_deadlines: list[float] = []  # stack of absolute deadlines in process CPU time (time.process_time)
_clock = time.process_time


class Timeout(BaseException):
    """A symbolic step ran out of its time budget."""

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"{what or 'symbolic step'} exceeded its time budget of {seconds:g} s")
        self.what = what
        self.seconds = seconds


def default_seconds() -> float:
    return _default


def set_default(seconds: float) -> None:
    """Set the default budget (seconds) for each symbolic step."""
    global _default
    if not seconds > 0:
        raise ValueError(f"time budget must be positive, got {seconds!r}")
    _default = float(seconds)


def remaining() -> float | None:
    """Seconds left in the innermost active budget, or None outside any budget."""
    if not _deadlines:
        return None
    return max(0.0, _deadlines[-1] - _clock())


def _can_signal() -> bool:
    return hasattr(signal, "SIGPROF") and threading.current_thread() is threading.main_thread()


class _Expired(BaseException):
    """Raised by the alarm handler; converted to Timeout by the frame that owns the deadline."""

    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline


_REFIRE = 0.01  # after a deadline the timer fires again every 10 ms of CPU until the step stops


def _unsafe(frame: Any) -> bool:
    """Frames where an exception would be swallowed as "unraisable" (a garbage-collector
    callback, a finaliser): there the handler does not raise; the timer fires again soon."""
    import gc

    callbacks = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    depth = 0
    while frame is not None and depth < 400:
        code = frame.f_code
        if code.co_name == "__del__" or code in callbacks:
            return True
        frame = frame.f_back
        depth += 1
    return False


def _handler(signum: int, frame: Any) -> None:  # pragma: no cover - timing dependent
    if _deadlines and _clock() >= _deadlines[-1] - 1e-3 and not _unsafe(frame):
        raise _Expired(_deadlines[-1])


def _arm() -> None:
    if _deadlines:
        signal.setitimer(signal.ITIMER_PROF, max(1e-4, _deadlines[-1] - _clock()), _REFIRE)
    else:
        signal.setitimer(signal.ITIMER_PROF, 0)


@contextlib.contextmanager
def limit_time(seconds: float | None = None, what: str = "") -> Iterator[None]:
    """Context manager: the body raises :class:`Timeout` if it runs longer than ``seconds``.

    Only effective in the main thread; elsewhere the body runs without a limit (use
    :func:`run`, which falls back to a worker process, for steps that may hang).
    """
    seconds = _default if seconds is None else float(seconds)
    if not _can_signal():
        yield
        return
    deadline = _clock() + seconds
    if _deadlines:
        deadline = min(deadline, _deadlines[-1])
    previous = signal.signal(signal.SIGPROF, _handler)
    _deadlines.append(deadline)
    _arm()
    try:
        yield
    except _Expired as exc:
        if exc.deadline == deadline:
            raise Timeout(what, seconds) from None
        raise  # an outer budget expired: let the frame that owns it convert it
    finally:
        _deadlines.pop()
        _arm()
        if not _deadlines:
            signal.signal(signal.SIGPROF, previous)


def run(fn: Callable[..., T], *args: Any, seconds: float | None = None, what: str = "", **kwargs: Any) -> T:
    """Call ``fn(*args, **kwargs)``; raise :class:`Timeout` if it takes longer than ``seconds``."""
    seconds = _default if seconds is None else float(seconds)
    if _can_signal():
        with limit_time(seconds, what):
            return fn(*args, **kwargs)
    return _run_in_worker(fn, args, kwargs, seconds, what)


def _run_in_worker(fn: Callable[..., T], args: tuple, kwargs: dict, seconds: float, what: str) -> T:
    """Run in a forked process killed after ``seconds`` (used outside the main thread)."""
    import multiprocessing as mp

    try:
        ctx = mp.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork: run unbounded
        return fn(*args, **kwargs)
    parent, child = ctx.Pipe(duplex=False)

    def target() -> None:  # pragma: no cover - runs in the child
        try:
            child.send((True, fn(*args, **kwargs)))
        except BaseException as exc:  # noqa: BLE001 - report anything to the parent
            child.send((False, exc))
        finally:
            child.close()

    proc = ctx.Process(target=target, daemon=True)
    import warnings

    with warnings.catch_warnings():
        # Python >= 3.12 warns that fork() in a multi-threaded process may deadlock; the child
        # only computes and writes to its pipe, and it is killed at the deadline anyway.
        warnings.simplefilter("ignore", DeprecationWarning)
        proc.start()
    child.close()
    try:
        if not parent.poll(seconds):
            raise Timeout(what, seconds)
        ok, value = parent.recv()
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if ok:
        return value
    raise value
