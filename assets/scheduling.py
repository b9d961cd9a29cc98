"""Which ready step a multiprocess or Celery run starts first.

Dagster starts ready steps highest `dagster/priority` first, then in plan order, which put the
reconciliation steps (mapped, so planned last) behind every small table over the orders. The
night's longest chain, reconciliation then the risk model, goes first; the rest fills the other
processes beside it (docs/scaling.md).
"""

LONGEST_CHAIN = {"dagster/priority": "1"}
