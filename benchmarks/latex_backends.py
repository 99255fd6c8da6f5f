r"""Measure a LaTeX backend for the arithmetic skeleton (see DESIGN.md, "LaTeX backend").

symact hands its backend only a skeleton: placeholders ``{v_{k}}`` for everything it read
itself, joined by ``+ - \cdot /``, ``^{...}``, ``\frac{..}{..}``, ``\sqrt[..]{..}`` and
implicit multiplication.  This file is a pytest plugin that swaps the backend, so the same
tests measure each candidate:

    python -m pytest -p benchmarks.latex_backends -q tests/test_parse.py ...   # SYMACT_SKELETON_BACKEND=lark

``SYMACT_SKELETON_BACKEND``: ``lark`` (SymPy's own ``parse_latex(..., backend="lark")``,
placeholders written ``v_{k}`` since its grammar has no braced atoms) or unset (the
shipped backend, latex2sympy2-extended).  Nothing here is imported by symact.
"""

from __future__ import annotations

import os
import re

_BRACED = re.compile(r"\{v_\{(\d+)\}\}")


def _lark(skeleton: str):  # type: ignore[no-untyped-def]
    from sympy.parsing.latex import parse_latex

    return parse_latex(_BRACED.sub(r" v_{\1} ", skeleton), backend="lark")


def pytest_configure(config):  # type: ignore[no-untyped-def]
    if os.environ.get("SYMACT_SKELETON_BACKEND") == "lark":
        import functools

        import symact.parse as P

        P._latex2sympy = functools.lru_cache(maxsize=512)(_lark)
