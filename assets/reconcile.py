"""Reconciliation stage: every LOA against its CSR account, field by field and order-wide."""

from portrecon import schema
from portrecon.assets.table_asset import table_asset
from portrecon.intervals import build_carrier_intervals
from portrecon.port_dates import build_port_dates
from portrecon.reconcile import build_findings

findings = table_asset(
    schema.FINDINGS,
    build_findings,
    ["csr_records", "loa_records", "loa_numbers", "orders"],
    "reconcile",
)

_PORT_IN_INPUTS = ["orders", "loa_records", "loa_raw", "loa_numbers", "csr_records", "csr_raw"]
port_dates = table_asset(schema.PORT_DATES, build_port_dates, _PORT_IN_INPUTS, "reconcile")
carrier_intervals = table_asset(
    schema.CARRIER_INTERVALS,
    build_carrier_intervals,
    [*_PORT_IN_INPUTS, "order_events"],
    "reconcile",
)
