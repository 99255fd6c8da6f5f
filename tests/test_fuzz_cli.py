"""The command line under fuzzing (a CI-sized run of benchmarks/fuzz_cli.py): hypothesis over
argument lists and LaTeX strings, in process via symact.cli.main, each command with
``--budget 0.5`` and a wall-clock deadline: no traceback, no exit code 4, one ``error:``
line per refusal, no answer over the deadline."""

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import fuzz_cli  # noqa: E402

pytestmark = pytest.mark.slow


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(fuzz_cli.argv_strategy)
def test_cli_fuzz_no_traceback_no_exit_4_within_deadline(tmp_path_factory, argv):
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path_factory.getbasetemp())  # anything a command writes lands in pytest's temp
    try:
        result = fuzz_cli.run_one(argv)
    finally:
        os.chdir(cwd)
    assert fuzz_cli.problems(result) == [], (argv, result["stderr"][-500:])


def test_fuzz_checks_can_fail():
    """The checks are not vacuous: an internal error, a traceback, a slow answer are caught."""
    ok = {"argv": ["list"], "code": 0, "stdout": "", "stderr": "", "seconds": 0.1, "traceback": None}
    assert fuzz_cli.problems(ok) == []
    assert fuzz_cli.problems(dict(ok, code=4, stderr="error: internal error (X)\n"))
    assert fuzz_cli.problems(dict(ok, stderr="Traceback (most recent call last):\n"))
    assert fuzz_cli.problems(dict(ok, seconds=fuzz_cli.DEADLINE + 1))
    assert fuzz_cli.problems(dict(ok, code=2, stderr="usage: symact\nerror: x\nerror: y\n"))
    assert fuzz_cli.problems(dict(ok, traceback="Traceback ...\nValueError: boom"))
