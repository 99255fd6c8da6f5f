r"""Measure a LaTeX backend for the arithmetic skeleton (see DESIGN.md, "LaTeX backend").

symact hands its backend only a skeleton: placeholders ``{v_{k}}`` for everything it read
itself, joined by ``+ - \cdot /``, ``^{...}``, ``\frac{..}{..}``, ``\sqrt[..]{..}`` and
implicit multiplication.  This file is a pytest plugin that swaps the backend, so the same
tests measure each candidate:

    python -m pytest -p benchmarks.latex_backends -q tests/test_parse.py ...   # SYMACT_SKELETON_BACKEND=lark

``SYMACT_SKELETON_BACKEND``: ``lark`` (SymPy's own ``parse_latex(..., backend="lark")``,
placeholders written ``v_{k}`` since its grammar has no braced atoms; needs ``pip install lark``) or unset (the
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

        import symact.parse.backend as P

        P.convert = functools.lru_cache(maxsize=512)(_lark)


def main() -> None:  # pragma: no cover - a measurement, run by hand
    """Parse every claim of the article and of tests/claims_corpus.py, and every catalogue
    expression's LaTeX, with each backend: CPU seconds (cold cache) and parse errors."""
    import functools
    import json
    import pathlib
    import sys
    import time

    root = pathlib.Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "tests"))
    from claims_corpus import CORPUS  # type: ignore[import-not-found]

    import symact.parse.backend as P
    from symact.catalog import BUILTIN
    from symact.errors import ParseError
    from symact.render import latex_expr

    seed = json.loads((root / "symact" / "data" / "article_claims.json").read_text())["claims"]
    claims = [c["latex"] for c in seed if c["latex"]] + [c[1] for c in CORPUS]
    exprs = [latex_expr(a.expr) for a in BUILTIN]
    shipped = P.convert
    for name, fn in [("latex2sympy2-extended", shipped.__wrapped__), ("lark", _lark)] * 2:  # twice: warm caches of symact
        P.convert = functools.lru_cache(maxsize=512)(fn)
        P.convert("{v_{1}}+{v_{2}}")  # import and grammar construction outside the timing
        P.convert.cache_clear()
        errors = []
        t0 = time.process_time()
        for text in claims:
            try:
                P.parse_claim(text)
            except ParseError as exc:
                errors.append(text)
        for text in exprs:
            try:
                P.parse_expression(text)
            except ParseError:
                errors.append(text)
        cpu = time.process_time() - t0
        n = len(claims) + len(exprs)
        print(f"{name:22s} {n} inputs ({len(claims)} claims, {len(exprs)} expressions): "
              f"{cpu:.2f} s CPU, {1000 * cpu / n:.1f} ms per input, {len(errors)} parse errors")
    P.convert = shipped


if __name__ == "__main__":
    main()
