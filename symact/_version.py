"""The version of symact, in a module of its own.

The CLI (``--version``), the report's colophon and the header of exported kernels print it;
they import it from here rather than from the package (``from . import __version__`` would
import :mod:`symact`'s ``__init__``, which imports nearly every module, from inside one of
them).  ``pyproject.toml`` carries the same number; ``tests/test_layout.py`` checks the two
agree.
"""

__version__ = "0.1.0"
