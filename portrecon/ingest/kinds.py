"""What each input kind must contain (PRODUCT.md sections 3.1-3.3, docs/ingest.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindSpec:
    kind: str
    columns: tuple[str, ...]  # every canonical column, in contract order
    required_columns: tuple[str, ...]  # a file without one is rejected whole
    required_values: tuple[str, ...]  # a row with one empty is quarantined


CSR = KindSpec(
    "csr",
    (
        "carrier",
        "account_number",
        "account_name",
        "service_address_1",
        "service_address_2",
        "city",
        "state",
        "postal_code",
        "btn",
        "tn",
        "pin",
        "csr_date",
    ),
    (
        "carrier",
        "account_number",
        "account_name",
        "service_address_1",
        "city",
        "state",
        "postal_code",
        "tn",
        "csr_date",
    ),
    ("carrier", "account_number", "tn", "csr_date"),
)

LOA = KindSpec(
    "loa",
    (
        "loa_id",
        "order_id",
        "number_type",
        "losing_carrier",
        "end_user_name",
        "authorized_signer",
        "signed_date",
        "service_address_1",
        "service_address_2",
        "city",
        "state",
        "postal_code",
        "account_number",
        "pin",
        "btn",
        "tns",
        "requested_port_date",
        "invoice_date",
    ),
    (
        "loa_id",
        "order_id",
        "number_type",
        "losing_carrier",
        "end_user_name",
        "service_address_1",
        "city",
        "state",
        "postal_code",
        "account_number",
        "tns",
    ),
    ("loa_id", "order_id", "tns"),
)

ORDERS = KindSpec(
    "orders",
    (
        "order_id",
        "direction",
        "carrier",
        "number_type",
        "tn_count",
        "event_time",
        "status",
        "foc_date",
        "reason",
    ),
    ("order_id", "direction", "carrier", "event_time", "status"),
    ("order_id", "direction", "status", "event_time"),
)

SPECS = {spec.kind: spec for spec in (CSR, LOA, ORDERS)}
