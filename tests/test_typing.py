"""The package type-checks under ``mypy --strict`` (issue 15).

The configuration is ``[tool.mypy]`` of pyproject.toml: ``strict = true`` over ``symact``,
SymPy's inline annotations read although it ships no ``py.typed`` marker, and the
third-party modules without type information (mpmath, flint's parts, latex2sympy2, the array
libraries, ...) taken as ``Any``.  ``--strict`` is passed as well, so the check cannot be
weakened by editing the configuration alone.
"""

from __future__ import annotations

import importlib.util
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # a cold run reads SymPy's sources: about a minute


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (pip install -e '.[test]')")
def test_mypy_strict_is_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-color-output", "--no-error-summary"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    errors = [ln for ln in proc.stdout.splitlines() if ": error:" in ln]
    assert proc.returncode == 0, (
        f"mypy --strict found {len(errors)} error(s) (exit {proc.returncode}):\n"
        + "\n".join(errors or proc.stdout.splitlines()[-40:])
        + (f"\n{proc.stderr}" if proc.stderr.strip() else "")
    )
