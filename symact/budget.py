"""Run a SymPy step under a time budget (CPU seconds of this process).

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

Three levels, all CPU seconds and all multiples of that one number B (``--budget``):

* a **step** (one SymPy call: ``simplify``, ``solve``, ``limit``, ``diff``, ...) gets at most B
  (many get a fraction: simplifications 0.3 B, solves 0.4 B);
* a **claim** (one property of an activation in :func:`symact.prove.prove`, one link of a
  claim in :func:`symact.verify.verify`) runs inside :func:`claim_budget`, at most
  ``CLAIM_FACTOR`` * B, so a loop or a call that no step covers still stops;
* a **command** (one ``prove`` of one activation, one ``verify``) runs inside
  :class:`command`, at most ``COMMAND_FACTOR`` * B in total; once that is spent the claims
  not yet decided are *unknown* ("the command's time budget ... is spent") without being
  tried.

So at the default B = 5 s one activation's proof or one claim's verification uses at most
20 s of CPU in its claims, whatever the input (the CLI stops the whole command one budget
later, 25 s, for what lies outside the claims: building the activation, rendering).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from typing import Any, Callable, Literal, TypeVar, cast

__all__ = ["Timeout", "run", "limit_time", "default_seconds", "set_default", "remaining",
           "command", "command_remaining", "claim_budget", "CLAIM_FACTOR", "COMMAND_FACTOR"]

T = TypeVar("T")

_default = float(os.environ.get("SYMACT_BUDGET", "5"))
_stack: list["limit_time"] = []  # active budgets, outermost first
_previous_handler: Any = None
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
    if not _stack:
        return None
    return max(0.0, _stack[-1].deadline - _clock())


def _can_signal() -> bool:
    return hasattr(signal, "SIGPROF") and threading.current_thread() is threading.main_thread()


class _Expired(BaseException):
    """Raised by the timer handler; the budget that owns it turns it into :class:`Timeout`."""

    def __init__(self, owner: "limit_time") -> None:
        super().__init__()
        self.owner = owner


_REFIRE = 0.01  # after a deadline the timer fires again every 10 ms of CPU until the step stops
_SLACK = 1e-3


class limit_time:
    """Context manager: the body raises :class:`Timeout` if it runs longer than ``seconds``.

    Only effective in the main thread; elsewhere the body runs without a limit (use
    :func:`run`, which falls back to a worker process, for steps that may hang).

    Invariants that keep a deadline from ever escaping its step (each one was a real failure):

    * ``__enter__`` and ``__exit__`` are never interrupted: the handler declines to raise while
      either is on the stack, so the budget stack and the timer are always restored;
    * a budget only fires while the frame that opened it is still on the call stack, so a
      budget left behind (an abandoned generator, a forked child) can never fire elsewhere;
    * the expired budget is the *outermost* one whose own time is spent: its ``_Expired``
      passes through the inner steps (which cannot mistake it for their own ``Timeout``) and
      becomes a ``Timeout`` where it belongs;
    * the handler never raises inside a garbage-collector callback or a finaliser, where the
      exception would be swallowed as unraisable; the timer fires again 10 ms later.
    """

    __slots__ = ("seconds", "what", "own_deadline", "deadline", "owner", "active")
    own_deadline: float
    deadline: float

    def __init__(self, seconds: float | None = None, what: str = "") -> None:
        self.seconds = _default if seconds is None else float(seconds)
        self.what = what
        self.active = False
        self.owner: Any = None

    def __enter__(self) -> "limit_time":
        global _previous_handler
        if not _can_signal():
            return self
        self.owner = sys._getframe(1)
        self.own_deadline = _clock() + self.seconds
        self.deadline = min(self.own_deadline, _stack[-1].deadline) if _stack else self.own_deadline
        if not _stack:
            _previous_handler = signal.signal(signal.SIGPROF, _handler)
        _stack.append(self)
        self.active = True
        _arm()
        return self

    def __exit__(self, typ: Any, exc: BaseException | None, tb: Any) -> Literal[False]:
        if not self.active:
            return False
        self.active = False
        self.owner = None
        if self in _stack:
            while _stack.pop() is not self:  # drop budgets left behind above this one
                pass
        _arm()
        if not _stack:
            signal.signal(signal.SIGPROF, _previous_handler)
        if isinstance(exc, _Expired) and (exc.owner is self or exc.owner not in _stack):
            raise Timeout(self.what, self.seconds) from None
        return False  # any other exception (an outer budget's expiry included) propagates


_GUARDED = {limit_time.__enter__.__code__, limit_time.__exit__.__code__}


def _handler(signum: int, frame: Any) -> None:  # pragma: no cover - timing dependent
    if not _stack:
        return
    now = _clock() + _SLACK
    if now < _stack[-1].deadline:
        return
    callbacks = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    on_stack = set()
    f, depth = frame, 0
    while f is not None:
        code = f.f_code
        if code in _GUARDED or code in callbacks or code.co_name == "__del__":
            return  # never interrupt the budget's own bookkeeping, a gc callback or a finaliser
        on_stack.add(id(f))
        f = f.f_back
        depth += 1
    live = [b for b in _stack if id(b.owner) in on_stack]
    if not live:
        signal.setitimer(signal.ITIMER_PROF, 0)  # only budgets left behind: stop firing
        return
    for b in live:  # outermost first: blame the outermost budget whose own time is spent
        if now >= b.own_deadline:
            raise _Expired(b)


def _arm() -> None:
    if _stack:
        signal.setitimer(signal.ITIMER_PROF, max(1e-4, _stack[-1].deadline - _clock()), _REFIRE)
    else:
        signal.setitimer(signal.ITIMER_PROF, 0)


def run(fn: Callable[..., T], *args: Any, seconds: float | None = None, what: str = "", **kwargs: Any) -> T:
    """Call ``fn(*args, **kwargs)``; raise :class:`Timeout` if it takes longer than ``seconds``."""
    seconds = _default if seconds is None else float(seconds)
    if _can_signal():
        with limit_time(seconds, what):
            return fn(*args, **kwargs)
    return _run_in_worker(fn, args, kwargs, seconds, what)


def _run_in_worker(fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any], seconds: float, what: str) -> T:
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
        return cast("T", value)
    raise value


# ---------------------------------------------------------------------------------------
# claims and commands
CLAIM_FACTOR = 2.0  # one claim (a property, a link): at most 2 step budgets of CPU
COMMAND_FACTOR = 4.0  # one command (all claims about one activation, one verify): 4 step budgets

_commands: list[float] = []  # CPU deadlines of the active commands, innermost last


class command:
    """Context manager: the claims run inside it share ``seconds`` of CPU (default
    ``COMMAND_FACTOR`` times the step budget).  It raises nothing itself: it is a deadline
    that :func:`claim_budget` clips every claim to, so that the claims decided before it is
    spent keep their results and the rest are *unknown*.  Commands nest: an inner command
    never outlives the outer one."""

    __slots__ = ("seconds", "deadline")

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = COMMAND_FACTOR * _default if seconds is None else float(seconds)

    def __enter__(self) -> "command":
        self.deadline = _clock() + self.seconds
        if _commands:
            self.deadline = min(self.deadline, _commands[-1])
        _commands.append(self.deadline)
        return self

    def __exit__(self, *exc: Any) -> Literal[False]:
        _commands.pop()
        return False


def command_remaining() -> float | None:
    """CPU seconds left to the innermost active command, or None outside any command."""
    if not _commands:
        return None
    return max(0.0, _commands[-1] - _clock())


class CommandSpent(Timeout):
    """The command's total budget was spent before this claim could start."""

    def __init__(self, what: str) -> None:
        BaseException.__init__(self, f"the command's time budget of {COMMAND_FACTOR * _default:g} s of CPU "
                               f"({COMMAND_FACTOR:g} x --budget) was spent before {what or 'this claim'} could start")
        self.what = what
        self.seconds = 0.0


def claim_budget(what: str, factor: float = CLAIM_FACTOR) -> limit_time:
    """A :class:`limit_time` for one claim: ``factor`` times the step budget, clipped to the
    active command's remaining time.  Raises :class:`CommandSpent` (a :class:`Timeout`) at
    once when the command has less than 1 % of a step budget left."""
    seconds = factor * _default
    left = command_remaining()
    if left is not None:
        if left < 0.01 * _default:
            raise CommandSpent(what)
        seconds = min(seconds, left)
    return limit_time(seconds, what)
