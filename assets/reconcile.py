"""Reconciliation stage: every LOA against its CSR account, field by field and order-wide."""

from portrecon import schema
from portrecon.assets.table_asset import table_asset
from portrecon.port_dates import build_port_dates
from portrecon.reconcile import build_findings

findings = table_asset(
    schema.FINDINGS,
    build_findings,
    ["csr_records", "loa_records", "loa_numbers", "orders"],
    "reconcile",
)

port_dates = table_asset(
    schema.PORT_DATES,
    build_port_dates,
    ["orders", "loa_records", "loa_raw", "loa_numbers", "csr_records"],
    "reconcile",
)
