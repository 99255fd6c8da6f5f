"""One exception tree for everything a user can get wrong.

Every error carries the exit code the command line maps it to and a message that names the
bad value.  ``ParseError`` also carries the offset of the problem in the input, so that the
CLI can point at it.  Errors are for users: they never show a traceback unless ``--debug``.

"Cannot decide" is *not* an error: the prover and the verifier return ``unknown`` for it.
"""

from __future__ import annotations

import difflib
from typing import Callable, Iterable

__all__ = [
    "SymactError",
    "UsageError",
    "ParseError",
    "DefinitionError",
    "UnknownActivation",
    "ParameterError",
    "OutputError",
    "EXIT_OK",
    "EXIT_REFUTED",
    "EXIT_USAGE",
    "EXIT_UNKNOWN",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
]

# The command line's exit codes: the one table (cli.py returns these, every SymactError
# carries EXIT_USAGE, and results.Status maps each verdict to one of them).
#: Done; for ``verify``: proved or approximate.
EXIT_OK = 0
#: ``verify``: the claim is refuted (a counterexample).
EXIT_REFUTED = 1
#: Bad input or usage (every :class:`SymactError`).
EXIT_USAGE = 2
#: ``verify``/``prove``: unknown (no certificate, a time budget spent).
EXIT_UNKNOWN = 3
#: An internal error (a bug) or an installation problem (a dependency that does not import).
EXIT_INTERNAL = 4
#: Interrupted (Ctrl-C), as shells report SIGINT.
EXIT_INTERRUPTED = 130


class SymactError(Exception):
    """Base of all errors symact reports to users (exit code 2: bad input or usage)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format(self) -> str:
        """The one line the CLI prints (without the ``error:`` prefix)."""
        return self.message


class UsageError(SymactError):
    """The command line was used wrongly (unknown option, missing argument)."""


class ParseError(SymactError):
    """Malformed or unsupported LaTeX; ``offset`` is the 0-based position of the problem."""

    def __init__(self, message: str, text: str = "", offset: int | None = None) -> None:
        super().__init__(message)
        self.text = text
        self.offset = offset

    def format(self) -> str:
        if self.offset is None:
            return self.message
        return f"{self.message} at position {self.offset}: {_excerpt(self.text, self.offset)}"


class DefinitionError(SymactError):
    """An activation record (built-in or user-defined) is not valid."""


class UnknownActivation(SymactError):
    """A name that is neither an activation nor an alias in the registry."""

    def __init__(self, name: str, known: Iterable[str] = ()) -> None:
        self.name = name
        close = difflib.get_close_matches(name, sorted(set(known)), n=3, cutoff=0.6)
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        super().__init__(f"unknown activation {name!r}{hint}")


class ParameterError(SymactError):
    """A parameter name that the activation does not have, or a value its assumptions forbid."""


class OutputError(SymactError):
    """An output path that symact refuses to write (would overwrite, escapes the directory, ...)."""


def _excerpt(text: str, offset: int, width: int = 30) -> str:
    """A short, printable excerpt of ``text`` around ``offset`` with a marker at the offset."""
    lo = max(0, offset - width)
    hi = min(len(text), offset + width)
    before = text[lo:offset]
    after = text[offset:hi]
    clean: Callable[[str], str] = lambda s: "".join(ch if ch.isprintable() else "?" for ch in s)  # noqa: E731
    return f"{'...' if lo else ''}{clean(before)}<HERE>{clean(after)}{'...' if hi < len(text) else ''}"
