r"""latex2sympy2 on a skeleton: the only module that imports latex2sympy2 (the maintained
fork latex2sympy2-extended; see DESIGN.md, "LaTeX backend"), so the backend can be swapped
in one place.

latex2sympy2 sees only :class:`Skeleton` text: the arithmetic around the constructs the reader
parsed itself (``+ - \cdot /``, ``^{}``, ``\frac``, ``\sqrt``, implicit multiplication),
each construct a placeholder ``{v_{k}}``.  Its result is checked and rebuilt by
:mod:`symact.parse.expressions`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import sympy as sp


class Skeleton:
    """The arithmetic skeleton handed to latex2sympy2: operators and grouping as written,
    every construct of ours a placeholder ``{v_{k}}``; ``origin`` maps each character back
    to an offset in the input (for error positions)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.origin: list[int] = []
        self.objects: list[sp.Basic] = []
        self.count = 0

    def add(self, s: str, offset: int) -> None:
        self.count += 1
        self.parts.append(s)
        self.origin.extend([offset] * len(s))

    def placeholder(self, obj: sp.Basic, offset: int) -> None:
        self.objects.append(obj)
        self.add("{v_{%d}}" % len(self.objects), offset)

    @property
    def text(self) -> str:
        return "".join(self.parts)


#: The name of a placeholder symbol in latex2sympy2's result (``v_{3}`` or ``v_3``).
PLACEHOLDER = re.compile(r"v_\{?(\d+)\}?\Z")


class DependencyError(ImportError):
    """A dependency of symact cannot be imported: an installation problem, never the
    user's input (the command line reports it as an internal error, exit 4)."""


#: The distribution that provides the arithmetic grammar (see DESIGN.md, "LaTeX backend").
LATEX_BACKEND = "latex2sympy2-extended"


@functools.lru_cache(maxsize=None)
def load() -> Any:
    """The ``latex2sympy2_extended.latex2sympy2`` module (imported on first use; the only
    import of it in symact).

    A failure to import it (a broken or missing antlr runtime, an unsupported Python) is a
    :class:`DependencyError` that names the package, never a :class:`ParseError`: the
    user's LaTeX is not at fault.  Anything the import prints (antlr runtimes print a
    version warning with ``print``) goes to stderr, never to stdout, which carries only
    results (``--json`` stays parseable)."""
    import warnings

    try:
        with warnings.catch_warnings(), StdoutToStderr():
            warnings.simplefilter("ignore", DeprecationWarning)
            from latex2sympy2_extended import latex2sympy2 as module
    except Exception as exc:  # noqa: BLE001 - any import failure is an installation problem
        raise DependencyError(
            f"cannot import the LaTeX parser {LATEX_BACKEND} ({type(exc).__name__}: {exc}); "
            f"reinstall symact's dependencies (pip install --force-reinstall {LATEX_BACKEND} antlr4-python3-runtime)"
        ) from exc
    return module


@functools.lru_cache(maxsize=None)
def conversion_config() -> Any:
    r"""latex2sympy2-extended's options, set to read the skeleton literally: no mixed
    fractions (``2\frac12`` is 2 * 1/2), symbols keep their case, ``\in`` is not ``=``
    (the skeleton never has relations or sets anyway).  LaTeX normalisation is off
    (``normalization_config=None`` in :func:`convert`): it rewrites text with regular
    expressions (units, ``\boxed``, ``\text``), which would move error positions."""
    return load().ConversionConfig(
        interpret_as_mixed_fractions=False,
        interpret_simple_eq_as_assignment=False,
        interpret_contains_as_eq=False,
        lowercase_symbols=False,
    )


class StdoutToStderr:
    """Send what a dependency prints to stderr while it runs (``sys.stdout`` is swapped
    back on exit, also on a budget's ``Timeout``)."""

    def __enter__(self) -> None:
        import sys

        self._saved = sys.stdout
        sys.stdout = sys.stderr

    def __exit__(self, *exc: object) -> None:
        import sys

        sys.stdout = self._saved


@functools.lru_cache(maxsize=512)
def convert(skeleton: str) -> Any:
    """latex2sympy2-extended on a skeleton (cached: skeletons repeat; the result holds only
    placeholder symbols).  It keeps no module-level state between calls."""
    module = load()
    config = conversion_config()
    with StdoutToStderr():
        return module.latex2sympy(skeleton, None, normalization_config=None, conversion_config=config)


def caret_column(message: str) -> int | None:
    """The column antlr's error message points at with its ``~~~^`` line, or None."""
    lines = str(message).split("\n")
    if len(lines) >= 3 and lines[-1].endswith("^") and set(lines[-1][:-1]) <= {"~"}:
        return len(lines[-1]) - 1
    return None
