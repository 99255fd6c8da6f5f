"""Run symact CLI invocations in-process inside a pool of worker processes, each call under a
hard wall-clock limit.

Why workers: importing symact costs about 1.5 s, so one process per case would double the
corpus's time; but an in-process call cannot be stopped if it hangs.  A worker imports symact
once and runs `symact.cli.main(argv)` for one case at a time; the parent waits at most
`limit` seconds of wall time for the reply, and on a hang kills that worker (by the pid it
started) and starts a fresh one (the limit is on the worker's CPU time, with a wall-clock backstop:
see run_many).  A worker that dies (segfault, os._exit) is reported as a
crash and replaced as well.

Protocol: the parent writes one JSON list (argv) per line on the worker's stdin; the worker
answers on its stdout with one line `@@RESULT@@ {json}` (anything else a library prints to
the real stdout is ignored).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import select
import subprocess
import sys
import threading
import time
import traceback

MARK = "@@RESULT@@ "
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _serve() -> None:  # pragma: no cover - runs in the worker process
    real_stdout = sys.stdout
    from symact.cli import main

    for line in sys.stdin:
        argv = json.loads(line)
        out, err = io.StringIO(), io.StringIO()
        start = time.monotonic()
        cpu = time.process_time()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = main(argv)
        except SystemExit as exc:  # argparse exits on usage errors
            rc = exc.code if isinstance(exc.code, int) else 2
        except BaseException:  # noqa: BLE001 - report anything that escapes main()
            rc = "escaped"
            err.write(traceback.format_exc())
        reply = {
            "rc": rc,
            "stdout": out.getvalue(),
            "stderr": err.getvalue(),
            "wall": time.monotonic() - start,
            "cpu": time.process_time() - cpu,
        }
        real_stdout.write(MARK + json.dumps(reply) + "\n")
        real_stdout.flush()


class _Worker:
    def __init__(self) -> None:
        env = dict(os.environ)
        env.pop("SYMACT_BUDGET", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-u", os.path.abspath(__file__), "--worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=REPO,
            env=env,
            text=True,
            bufsize=1,
        )

    def cpu_seconds(self) -> float:
        """CPU time of the worker and its waited-for children, from /proc (Linux)."""
        try:
            with open(f"/proc/{self.proc.pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ticks = sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
            return ticks / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return 0.0

    def call(self, argv: list[str], limit: float, wall_limit: float) -> dict:
        start = time.monotonic()
        cpu0 = self.cpu_seconds()
        try:
            self.proc.stdin.write(json.dumps(argv) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return {"rc": "crash", "stdout": "", "stderr": "worker died", "wall": 0.0}
        while True:
            wall = time.monotonic() - start
            cpu = self.cpu_seconds() - cpu0
            if cpu > limit or wall > wall_limit:
                return {"rc": "hang", "stdout": "", "stderr": "", "wall": wall, "cpu": cpu}
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if not ready:
                continue
            line = self.proc.stdout.readline()
            if not line:
                return {"rc": "crash", "stdout": "", "stderr": "worker died",
                        "wall": time.monotonic() - start}
            if line.startswith(MARK):
                reply = json.loads(line[len(MARK):])
                reply["wall_outer"] = time.monotonic() - start
                return reply

    def _close_pipes(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except Exception:  # noqa: BLE001 - a dead worker's pipe may be broken
                pass

    def kill(self) -> None:
        """Kill this worker (the process this object started, by its pid)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._close_pipes()

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001
            self.kill()
        self._close_pipes()


def run_many(jobs: dict[str, list[str]], limit: float = 60.0, workers: int = 2,
             wall_limit: float | None = None) -> dict[str, dict]:
    """Run every argv of `jobs` (key -> argv, in the order given: put the slow ones first)
    and return key -> reply.  A reply's `rc` is the exit code, or "hang" (no answer within
    `limit` s of CPU time, or `wall_limit` s of wall time, default 5 * limit), "crash" (the
    worker died) or "escaped" (an exception left main()); `wall` and `cpu` are the seconds
    the call took.  On a dedicated machine CPU time and wall time of a case are the same;
    on a shared one (8 processes on 2 cores here) wall time says more about the neighbours
    than about symact, so the limit is on CPU with a wall-clock backstop."""
    wall_limit = wall_limit if wall_limit is not None else 5 * limit
    todo: queue.Queue = queue.Queue()
    for key in jobs:
        todo.put(key)
    results: dict[str, dict] = {}
    lock = threading.Lock()

    def loop() -> None:
        worker = _Worker()
        try:
            while True:
                try:
                    key = todo.get_nowait()
                except queue.Empty:
                    return
                reply = worker.call(jobs[key], limit, wall_limit)
                if reply["rc"] in ("hang", "crash"):
                    worker.kill()
                    worker = _Worker()
                with lock:
                    results[key] = reply
        finally:
            worker.close()

    threads = [threading.Thread(target=loop) for _ in range(max(1, min(workers, len(jobs))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        _serve()


def selected_replies(request, cases: list[dict], dump: str | None = None, **run_options) -> dict:
    """The replies to the corpus cases this pytest session selected (``-k``), run in one pool
    (the module fixture of the adversarial corpora); with ``dump``, also written there as JSON."""
    wanted = {item.callspec.params["case"]["id"] for item in request.session.items
              if hasattr(item, "callspec") and "case" in item.callspec.params}
    res = run_many({c["id"]: c["argv"] for c in cases if c["id"] in wanted}, **run_options)
    if dump:
        with open(dump, "w") as fh:
            json.dump(res, fh)
    return res


def case_param(case: dict, known_unsound: dict[str, str]):  # type: ignore[no-untyped-def]
    """A corpus case as a pytest parameter: a strict xfail when it is listed as known unsound."""
    import pytest

    marks = [pytest.mark.xfail(strict=True, reason=known_unsound[case["id"]])] if case["id"] in known_unsound else []
    return pytest.param(case, id=case["id"], marks=marks)
