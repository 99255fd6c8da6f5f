"""Rendering: one renderer per output format, in one place (no mathematics here).

- :mod:`symact.render.base`: what every renderer shares, re-exported here (``from
  symact.render import latex_expr`` is the usual import): :func:`latex_expr`, the only way an
  expression becomes LaTeX (symbol names whitelisted first); :func:`text_expr` and
  :func:`json_expr`; :func:`escape_tex`; exact and certified decimals (:func:`decimal_of`,
  :func:`decimal_text`, :func:`certified_digits`).
- :mod:`symact.render.text`: the command line's text output, one function per result type.
- JSON is each result's ``to_json()`` (:mod:`symact.results`); the LaTeX report is
  :mod:`symact.report`, built on :func:`latex_expr` and :func:`escape_tex`.

This package's ``__init__`` imports only :mod:`~symact.render.base`, which sits low in the
house (it needs :mod:`symact.symbols` only), so the result records can use it;
:mod:`~symact.render.text` sits near the top, below the command line, and is imported by name.
"""

from .base import certified_digits, decimal_of, decimal_text, escape_tex, json_expr, latex_expr, text_expr

__all__ = ["latex_expr", "escape_tex", "text_expr", "json_expr", "decimal_of", "certified_digits", "decimal_text"]
