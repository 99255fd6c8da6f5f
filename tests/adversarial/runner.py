"""Run symact CLI invocations in-process inside a pool of worker processes, each call under a
hard wall-clock limit.

Why workers: importing symact costs about 1.5 s, so one process per case would double the
corpus's time; but an in-process call cannot be stopped if it hangs.  A worker imports symact
once and runs `symact.cli.main(argv)` for one case at a time; the parent waits at most
`limit` seconds of wall time for the reply, and on a hang kills that worker (by the pid it
started) and starts a fresh one.  A worker that dies (segfault, os._exit) is reported as a
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

    def call(self, argv: list[str], limit: float) -> dict:
        start = time.monotonic()
        try:
            self.proc.stdin.write(json.dumps(argv) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return {"rc": "crash", "stdout": "", "stderr": "worker died", "wall": 0.0}
        deadline = start + limit
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return {"rc": "hang", "stdout": "", "stderr": "", "wall": time.monotonic() - start}
            ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
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

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001
            self.kill()


def run_many(jobs: dict[str, list[str]], limit: float = 60.0, workers: int = 2) -> dict[str, dict]:
    """Run every argv of `jobs` (key -> argv) and return key -> reply.  A reply's `rc` is the
    exit code, or "hang" (no answer within `limit` s of wall time), "crash" (the worker died)
    or "escaped" (an exception left main())."""
    todo: queue.Queue = queue.Queue()
    for key in sorted(jobs, key=lambda k: jobs[k][0] != "--budget"):
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
                reply = worker.call(jobs[key], limit)
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
