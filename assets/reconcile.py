"""Reconciliation stage: every LOA against its CSR account, field by field and order-wide."""

from portrecon import schema
from portrecon.assets.table_asset import table_asset
from portrecon.reconcile import build_findings

findings = table_asset(
    schema.FINDINGS,
    build_findings,
    ["csr_records", "loa_records", "loa_numbers", "orders"],
    "reconcile",
)
