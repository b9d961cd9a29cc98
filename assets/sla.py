"""Timelines stage: orders from events, per-carrier SLA, aging, port-outs, rejection reasons."""

from portrecon import schema
from portrecon.aging import build_order_aging
from portrecon.assets.table_asset import table_asset
from portrecon.portouts import build_portout_watch
from portrecon.rejection_reasons import build_rejection_reasons
from portrecon.sla import build_sla_by_carrier
from portrecon.timelines import build_orders

GROUP = "sla"

# Orders come first in the night (reconcile, SLA and risk all read them): their own stage.
orders = table_asset(schema.ORDERS, build_orders, ["order_events", "loa_records"], "timelines")
sla_by_carrier = table_asset(schema.SLA_BY_CARRIER, build_sla_by_carrier, ["orders"], GROUP)
order_aging = table_asset(schema.ORDER_AGING, build_order_aging, ["orders"], GROUP)
portout_watch = table_asset(
    schema.PORTOUT_WATCH, build_portout_watch, ["orders", "order_events"], GROUP
)
rejection_reasons = table_asset(
    schema.REJECTION_REASONS,
    lambda con, as_of, _book: build_rejection_reasons(con, as_of),
    ["order_events", "orders"],
    GROUP,
)
