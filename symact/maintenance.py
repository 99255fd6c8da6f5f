"""Operations over the whole catalogue, kept above it.

A stage of the pipeline works on one activation and knows nothing of the registry; what walks
every record of :data:`symact.catalog.BUILTIN` is meant to live here, one layer above both.

- :func:`refresh_plans` measures the numeric kernels of every record afresh and rewrites the
  running numpy's plan file (``symact/kernels/kernel_plans-numpy-<version>.json``, one per
  numpy version of ``kernels.plans.PLAN_NUMPY``; tests/test_kernels.py fails while one is
  stale).  Run it after changing a stage file, a rewrite rule or numeric.py, under each numpy
  version (``reselect=[]`` only re-keys, about 30 s: see kernels/plans.py's docstring)::

      python -c "import symact.maintenance as m; m.refresh_plans(reselect=[])"

  The loop over the records lives here; the cache's side of a re-measurement (switching the
  cache off, carrying entries, writing the file) is :class:`symact.kernels.plans.Refresh`, so
  the plan cache does not reach up into the catalogue or the kernel API.
- The identities between catalogue activations are :mod:`symact.relations` (also above the
  catalogue).
"""

from __future__ import annotations

from typing import Sequence

from .catalog import BUILTIN
from .kernels import api, plans

__all__ = ["refresh_plans"]


def refresh_plans(path: str | None = None, reselect: Sequence[str] | None = None) -> int:
    """Measure the plans of every catalogue kernel afresh (only the ``reselect`` records', the
    others keeping their previous entries, when given: see :class:`symact.kernels.plans.Refresh`)
    and write the running numpy's plan file (``path``, else the default); returns the number of
    entries.  (Slow: about 40 minutes on a loaded machine; ``reselect=[]`` about 30 s.)"""
    acts = list(BUILTIN)
    if reselect is not None:  # the reselected records first: pieces they share are measured anew
        acts.sort(key=lambda a: a.name not in reselect)
    with plans.Refresh(reselect) as session:
        api.clear_kernel_cache()
        for act in acts:
            session.carry(act.name)
            for order in (0, 1, 2):
                api.kernel(act, order)
            api.value_and_grad(act)
    return session.write(path)
