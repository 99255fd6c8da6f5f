"""Operations over the whole catalogue, kept above it.

A stage of the pipeline works on one activation and knows nothing of the registry; what walks
every record of :data:`symact.catalog.BUILTIN` is meant to live here, one layer above both.

- :func:`refresh_plans` measures the numeric kernels of every record afresh and rewrites the
  running numpy's plan file (``symact/kernels/kernel_plans-numpy-<version>.json``, one per
  numpy version of ``kernels.plans.PLAN_NUMPY``; tests/test_kernels.py fails while one is
  stale).  Run it after changing a stage file, a rewrite rule or numeric.py, under each numpy
  version (``reselect=[]`` only re-keys, about 30 s: see kernels/plans.py's docstring)::

      python -c "import symact.maintenance as m; m.refresh_plans()"

  The measuring loop itself is still :func:`symact.kernels.plans.refresh_plans` (with its
  ``reselect`` option): the content of plans.py is part of the plan cache's key, so moving
  the loop here re-keys the cache and needs a full re-measurement (about 40 minutes).  Until
  that is done, plans.py's lazy import of the catalogue and the kernel API is the one listed
  exception to the no-cycle rule (tests/test_layout.py, ``KNOWN_CYCLE_EDGES``).
- The identities between catalogue activations are :mod:`symact.relations` (also above the
  catalogue).
"""

from __future__ import annotations

from typing import Sequence

from .kernels import plans

__all__ = ["refresh_plans"]


def refresh_plans(path: str | None = None, reselect: Sequence[str] | None = None) -> int:
    """Measure the plans of every catalogue kernel afresh (only the ``reselect`` records', the
    others keeping their previous entries, when given) and write the plan cache; returns the
    number of entries.  (Slow: about 40 minutes on a loaded machine.)"""
    return plans.refresh_plans(path, reselect)
