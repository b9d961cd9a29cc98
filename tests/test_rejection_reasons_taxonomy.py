"""Carriers' free-text reasons mapped to stable codes (`rejection_reasons`, docs/metrics.md)."""

import csv
from datetime import date
from pathlib import Path

import pytest
from timeline_tables import event, input_tables, with_orders

from portrecon.rejection_reasons import (
    REASON_STATUSES,
    build_rejection_reasons,
    classify_reason,
)
from portrecon.schema import REJECTION_REASONS

SAMPLE_ORDERS = Path("/work/shared/samples/inbox/orders")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Passcode does not match", "PIN_MISMATCH"),
        ("Customer name mismatch", "NAME_MISMATCH"),
        ("Service address mismatch: suite", "ADDRESS_MISMATCH"),
        ("Wrong account number", "ACCOUNT_MISMATCH"),
        ("Past due balance on account", "BUSINESS_RELATIONSHIP"),
        ("Number is not portable", "NUMBER_NOT_PORTABLE"),
        ("Port already pending for this number", "PORT_ALREADY_PENDING"),
        ("TN not on the CSR", "TN_NOT_ON_CSR"),
        ("BTN must be ported or replaced", "PARTIAL_PORT_BTN"),
        ("LOA is too old", "LOA_STALE"),
        ("Invoice older than 60 days", "INVOICE_STALE"),
        ("Due date too soon", "PORT_DATE_TOO_SOON"),
        ("Not completed within 5 days of due date", "NOT_COMPLETED_IN_TIME"),
        ("Account data does not match request", "DATA_MISMATCH"),
        ("Cancelled, requested by the customer", "CUSTOMER_REQUEST"),
        ("Unauthorized port-out reported by end user", "DISPUTE"),
        ("Wrong BTN on the request", "BTN_MISMATCH"),
        ("Order spans several accounts", "PROJECT_MIXED_ACCOUNTS"),
        ("Canceled by the new provider", "CARRIER_CANCELLED"),
    ],
)
def test_reason_text_maps_to_its_code(text, code):
    assert classify_reason(text).code == code


def test_empty_reason_is_unspecified():
    assert classify_reason("  ").code == "UNSPECIFIED"


def test_unknown_reason_is_other():
    assert classify_reason("Gremlins in the switch").code == "OTHER"


def test_name_mismatch_corresponds_to_the_name_findings():
    assert "NAME_DIFFERENT" in classify_reason("Name mismatch").finding_codes


@pytest.mark.skipif(not SAMPLE_ORDERS.is_dir(), reason="sample inbox not available")
def test_every_reason_of_the_sample_order_logs_has_a_code():
    reasons = set()
    for path in sorted(SAMPLE_ORDERS.rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                fields = {k.lower().replace(" ", "_"): v for k, v in row.items() if k}
                status = fields["status"].lower().replace(" ", "_").replace("-", "_")
                if status in REASON_STATUSES and fields["reason"]:
                    reasons.add(fields["reason"])
    assert reasons
    assert [r for r in sorted(reasons) if classify_reason(r).code == "OTHER"] == []


REASON_EVENTS = [
    event("A", "submitted", "2026-10-01T15:00:00", carrier="ATT"),
    event("A", "rejected", "2026-10-05T15:00:00", carrier="ATT", reason="PIN mismatch"),
    event("A", "resubmitted", "2026-10-06T15:00:00", carrier="ATT"),
    event("A", "rejected", "2026-10-08T15:00:00", carrier="ATT", reason="PIN mismatch "),
    event("B", "submitted", "2026-10-01T15:00:00"),
    event("B", "rejected", "2026-11-02T15:00:00", reason="PIN mismatch"),
    event("B", "approved", "2026-11-04T15:00:00", reason="FOC moved", foc_date="2026-11-10"),
]


def _reasons():
    as_of = date(2026, 11, 20)
    return build_rejection_reasons(with_orders(input_tables(REASON_EVENTS), as_of), as_of)


def test_reasons_are_counted_per_carrier_and_month_with_events_and_orders():
    frame = _reasons()
    counts = [(m.month, e, o) for m, e, o in frame[["month", "events", "orders"]].itertuples(False)]
    assert counts == [(10, 2, 1), (11, 1, 1)]


def test_reason_text_is_kept_trimmed_next_to_its_code():
    row = _reasons().iloc[0]
    assert (row["reason"], row["reason_code"]) == ("PIN mismatch", "PIN_MISMATCH")


def test_reasons_of_approvals_are_not_rejection_reasons():
    assert "FOC moved" not in set(_reasons()["reason"])


def test_rejection_reasons_have_the_schema_columns_in_order():
    assert list(_reasons().columns) == REJECTION_REASONS.column_names
