"""Timelines stage: orders from events, then the tables read off them — per-carrier SLA, aging,
port-outs, rejection reasons, port dates and the intervals carriers kept."""

from portrecon import schema
from portrecon.aging import build_order_aging
from portrecon.assets.table_asset import table_asset, tables_asset
from portrecon.intervals import build_carrier_intervals
from portrecon.port_dates import build_port_dates
from portrecon.portouts import build_portout_watch
from portrecon.rejection_reasons import build_rejection_reasons
from portrecon.sla import build_sla_by_carrier
from portrecon.timelines import build_orders

GROUP = "sla"

# Orders come first in the night (reconcile, SLA and risk all read them): their own stage.
orders = table_asset(schema.ORDERS, build_orders, ["order_events", "loa_records"], "timelines")

# Six small tables over the orders in one step, their inputs read once: each took longer to
# start, read and hand over as a step of its own than to compute (docs/performance.md), and no
# later step of the night's longest chain (reconcile -> risk -> reports) waits for them.
order_tables = tables_asset(
    "order_tables",
    [
        (schema.SLA_BY_CARRIER, build_sla_by_carrier),
        (schema.ORDER_AGING, build_order_aging),
        (schema.PORTOUT_WATCH, build_portout_watch),
        (
            schema.REJECTION_REASONS,
            lambda con, as_of, _book: build_rejection_reasons(con, as_of),
        ),
        (schema.PORT_DATES, build_port_dates),
        (schema.CARRIER_INTERVALS, build_carrier_intervals),
    ],
    ["orders", "order_events", "loa_records", "loa_raw", "loa_numbers", "csr_records", "csr_raw"],
    GROUP,
)
