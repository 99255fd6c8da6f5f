"""Operations over the whole catalogue, kept above it.

A stage of the pipeline works on one activation and knows nothing of the registry; what walks
every record of :data:`symact.catalog.BUILTIN` lives here, one layer above both, so no lower
module has to reach up into the catalogue (``kernels.plans.refresh_plans`` used to import
the catalogue and the kernel API from inside the plan cache, closing an import circle).

- :func:`refresh_plans` measures the numeric kernels of every record afresh and rewrites the
  plan cache (``symact/kernels/kernel_plans.json``; tests/test_kernels.py fails while the file
  is stale).  Run it after changing a stage file, a rewrite rule or numeric.py::

      python -c "import symact.maintenance as m; m.refresh_plans()"
"""

from __future__ import annotations

from .catalog import BUILTIN
from .kernels import api, plans

__all__ = ["refresh_plans", "PLAN_ORDERS"]

#: The derivative orders whose kernels the plan cache holds (plus the fused value and gradient).
PLAN_ORDERS = (0, 1, 2)


def refresh_plans(path: str | None = None) -> int:
    """Measure the plans of every catalogue kernel afresh and write the plan cache; returns
    the number of entries.  (Slow: about a minute of CPU.)

    Each record is rebuilt (``with_params()`` returns a fresh, equal record) so the kernel
    API's per-record memo, which holds kernels built before, is bypassed and every plan is
    measured."""
    with plans.measuring_afresh():
        for record in BUILTIN:
            act = record.with_params()
            for order in PLAN_ORDERS:
                api.kernel(act, order)
            api.value_and_grad(act)
    return plans.write_plans(path)
