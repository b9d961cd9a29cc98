"""A small published warehouse for the report tests: every table of schema.py, hand-written rows.

Inputs carry spreadsheet-formula payloads and HTML, and one quarantined raw row still holds a
clear PIN, so the tests can prove the reports neutralise, escape and mask them. Port-ins PI5-PI9
were rejected once: PI5, PI7 and PI9 still wait for a fix, PI6 was resubmitted, PI8 cancelled.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from portrecon import schema

AS_OF = date(2026, 11, 20)
FORMULA_PAYLOAD = '=HYPERLINK("http://x","y")'
AT_PAYLOAD = "@SUM(1)"
SCRIPT_PAYLOAD = "<script>alert(1)</script>"
CLEAR_PIN = "97531"
PIN_REASON = "PIN / passcode mismatch"
UNPAID_REASON = "Unsatisfactory business relationship (unpaid balance)"
ACCOUNT_REASON = "Account number mismatch"


def _sent_back(order_id: str, status: str, **columns: object) -> dict[str, object]:
    """A US port-in at Acme submitted on 2 November whose carrier pushed it back once."""
    return {
        "order_id": order_id,
        "direction": "port_in",
        "carrier": "Acme",
        "carrier_id": "acme",
        "country": "US",
        "number_type": "local",
        "tn_count": 1,
        "status": status,
        "is_open": status not in ("rejected", "cancelled"),
        "submitted_at": datetime(2026, 11, 2, 9),
        "rejections": 1 if status != "update_required" else 0,
        "update_requests": 1 if status == "update_required" else 0,
        **columns,
    }


def _event(
    order_id: str, status: str, at: datetime, reason: str | None = None
) -> dict[str, object]:
    return {
        "order_id": order_id,
        "direction": "port_in",
        "carrier": "Acme",
        "carrier_id": "acme",
        "event_time": at,
        "status": status,
        "status_raw": status,
        "reason": reason,
        "source_file": "orders/events.csv",
        "source_line": 1,
    }


_ROWS: dict[str, list[dict[str, object]]] = {
    "run_log": [
        {
            "run_id": "run-1",
            "as_of": AS_OF,
            "started_at": datetime(2026, 11, 21, 2, 0),
            "finished_at": datetime(2026, 11, 21, 2, 5),
            "files_read": 3,
            "files_skipped": 1,
            "rows_in": 12,
            "rows_loaded": 10,
            "rows_quarantined": 2,
        },
    ],
    "ingest_files": [
        {
            "source_file": "csr/csr_acme.csv",
            "kind": "csr",
            "status": "loaded",
            "encoding": "utf-8",
            "rows_read": 6,
            "rows_loaded": 5,
            "rows_quarantined": 1,
        },
        {
            "source_file": "loa/loa_intake.csv",
            "kind": "loa",
            "status": "loaded",
            "encoding": "cp1252",
            "rows_read": 4,
            "rows_loaded": 4,
            "rows_quarantined": 0,
        },
        {
            "source_file": "orders/orders.xlsx",
            "kind": "orders",
            "status": "rejected",
            "encoding": None,
            "rows_read": 1,
            "rows_loaded": 0,
            "rows_quarantined": 1,
            "message": "file cannot be read",
        },
        {
            "source_file": "README.txt",
            "kind": None,
            "status": "skipped",
            "rows_read": 0,
            "rows_loaded": 0,
            "rows_quarantined": 0,
            "message": "matches no input pattern",
        },
    ],
    "quarantine": [
        {
            "source_file": "csr/csr_acme.csv",
            "source_line": 4,
            "kind": "csr",
            "reason": "tn: 'TBD' is not a 10-digit North American number",
            "raw": f'{{"account_name": "{AT_PAYLOAD}", "tn": "TBD", "pin": "{CLEAR_PIN}"}}',
        },
        {
            "source_file": "orders/orders.xlsx",
            "source_line": None,
            "kind": "orders",
            "reason": "file cannot be read",
            "raw": "{}",
        },
    ],
    "loa_records": [
        {
            "loa_id": "L1",
            "order_id": "PI1",
            "number_type": "local",
            "losing_carrier": SCRIPT_PAYLOAD,
            "carrier_id": "evil",
            "end_user_name": FORMULA_PAYLOAD,
            "requested_port_date": date(2026, 11, 18),
            "tn_count": 2,
        },
        {
            "loa_id": "L2",
            "order_id": "PI2",
            "number_type": "tollfree",
            "losing_carrier": "Acme",
            "carrier_id": "acme",
            "end_user_name": "Bob's Diner",
            "requested_port_date": date(2026, 12, 4),
            "tn_count": 1,
        },
    ],
    "orders": [
        {
            "order_id": "PI1",
            "direction": "port_in",
            "carrier": SCRIPT_PAYLOAD,
            "carrier_id": "evil",
            "country": "US",
            "number_type": "local",
            "tn_count": 2,
            "status": "submitted",
            "is_open": True,
            "submitted_at": datetime(2026, 11, 2, 15),
            "rejections": 0,
            "update_requests": 0,
        },
        {
            "order_id": "PI2",
            "direction": "port_in",
            "carrier": "Acme",
            "carrier_id": "acme",
            "country": "US",
            "number_type": "tollfree",
            "tn_count": 1,
            "status": "draft",
            "is_open": True,
            "rejections": 0,
            "update_requests": 0,
        },
        {
            "order_id": "PI3",
            "direction": "port_in",
            "carrier": "Acme",
            "carrier_id": "acme",
            "country": "US",
            "status": "completed",
            "is_open": False,
            "submitted_at": datetime(2026, 10, 1, 9),
            "approved_at": datetime(2026, 10, 8, 9),
            "completed_at": datetime(2026, 10, 15, 9),
            "rejections": 1,
            "update_requests": 0,
            "days_to_foc": 5,
            "days_to_complete": 10,
        },
        {
            "order_id": "PI4",
            "direction": "port_in",
            "carrier": "Acme",
            "carrier_id": "acme",
            "country": "US",
            "status": "completed",
            "is_open": False,
            "submitted_at": datetime(2026, 9, 1, 9),
            "approved_at": datetime(2026, 9, 14, 9),
            "rejections": 0,
            "update_requests": 0,
            "days_to_foc": 9,
        },
        {
            "order_id": "PO1",
            "direction": "port_out",
            "carrier": "Acme",
            "carrier_id": "acme",
            "country": "US",
            "status": "confirmation_sent",
            "is_open": True,
            "submitted_at": datetime(2026, 11, 16, 9),
            "foc_date": date(2026, 11, 19),
            "rejections": 0,
            "update_requests": 0,
        },
        _sent_back("PI5", "rejected"),
        _sent_back("PI6", "resubmitted"),
        _sent_back("PI7", "update_required"),
        _sent_back("PI8", "cancelled", cancelled_at=datetime(2026, 11, 19, 9)),
        _sent_back("PI9", "rejected"),
    ],
    "order_events": [
        _event("PI5", "submitted", datetime(2026, 11, 2, 9)),
        _event("PI5", "rejected", datetime(2026, 11, 18, 15), f"  {PIN_REASON} "),
        _event("PI6", "submitted", datetime(2026, 11, 2, 9)),
        _event("PI6", "rejected", datetime(2026, 11, 10, 9), PIN_REASON),
        _event("PI6", "resubmitted", datetime(2026, 11, 12, 9)),
        _event("PI7", "submitted", datetime(2026, 11, 2, 9)),
        _event("PI7", "update_required", datetime(2026, 11, 19, 9), UNPAID_REASON),
        _event("PI8", "submitted", datetime(2026, 11, 2, 9)),
        _event("PI8", "rejected", datetime(2026, 11, 13, 9), PIN_REASON),
        _event("PI8", "cancelled", datetime(2026, 11, 19, 9)),
        _event("PI9", "submitted", datetime(2026, 11, 2, 9)),
        _event("PI9", "rejected", datetime(2026, 11, 4, 9), "Wrong BTN"),
        _event("PI9", "rejected", datetime(2026, 11, 6, 9), ACCOUNT_REASON),
    ],
    "findings": [
        {
            "order_id": "PI1",
            "loa_id": "L1",
            "carrier_id": "evil",
            "code": "NAME_DIFFERENT",
            "field": "name",
            "verdict": "different",
            "loa_value": FORMULA_PAYLOAD,
            "csr_value": AT_PAYLOAD,
            "detail": "name does not match",
            "fix": "Copy the CSR name.",
            "severity": "block",
            "reference_date": date(2026, 11, 2),
        },
        {
            "order_id": "PI1",
            "loa_id": "L1",
            "carrier_id": "evil",
            "code": "PIN_DIFFERENT",
            "field": "pin",
            "verdict": "different",
            "loa_value": "****",
            "csr_value": "****",
            "detail": "pin does not match",
            "fix": "Ask for the current PIN.",
            "severity": "block",
            "reference_date": date(2026, 11, 2),
        },
        {
            "order_id": "PI2",
            "loa_id": "L2",
            "carrier_id": "acme",
            "code": "INVOICE_STALE",
            "field": "invoice_date",
            "detail": "no invoice",
            "fix": "Attach a recent invoice.",
            "severity": "warn",
            "reference_date": AS_OF,
        },
        {
            "order_id": "PI3",
            "loa_id": "L3",
            "carrier_id": "acme",
            "code": "NAME_SIMILAR",
            "field": "name",
            "verdict": "similar",
            "severity": "warn",
            "reference_date": AS_OF,
        },
        *(
            {
                "order_id": "PI5",
                "loa_id": "L5",
                "carrier_id": "acme",
                "code": code,
                "severity": severity,
                "reference_date": date(2026, 11, 2),
            }
            for code, severity in (
                ("PIN_MISSING_LOA", "block"),
                ("INVOICE_STALE", "warn"),
                ("ADDRESS_EQUIVALENT", "info"),
            )
        ),
    ],
    "rejection_risk": [
        {
            "order_id": "PI1",
            "carrier_id": "evil",
            "carrier": SCRIPT_PAYLOAD,
            "status": "submitted",
            "probability": 0.9996,  # shown as >99%: the model cannot be sure
            "level": "high",
            "top_reasons": "NAME_DIFFERENT 60% (no history) | PIN_DIFFERENT 28% (no history) | "
            "CARRIER_BASELINE 10% (evil rejects 18% of orders without findings) | "
            "CARRIER_UNKNOWN 2% (no history)",
            "fixes": "Copy the CSR name. | Ask for the current PIN. | Check the account. | "
            "Add the carrier.",
            "reason_codes": "NAME_DIFFERENT,PIN_DIFFERENT,CARRIER_BASELINE,CARRIER_UNKNOWN",
            "carrier_history": 0,
            "probability_if_fixed": 0.08,
            "probability_without": "0.4100,0.6500,",
        },
        {
            "order_id": "PI2",
            "carrier_id": "acme",
            "carrier": "Acme",
            "status": "draft",
            "probability": 0.12,
            "level": "low",
            "top_reasons": "INVOICE_STALE 100% (Acme rejected 1 of 2)",
            "fixes": "Attach a recent invoice.",
            "reason_codes": "INVOICE_STALE",
            "carrier_history": 2,
            "probability_if_fixed": 0.05,
            "probability_without": "0.0500",
        },
    ],
    # Base rates: evil 1 / (1 + e^1.5) = 18%, acme (no offset) 1 / (1 + e^2) = 12%.
    "risk_model": [
        {"term": "intercept", "log_odds": -2.0},
        {"term": "carrier_offset", "carrier_id": "evil", "log_odds": 0.5},
    ],
    "order_aging": [
        {
            "order_id": "PI1",
            "direction": "port_in",
            "carrier_id": "evil",
            "carrier": SCRIPT_PAYLOAD,
            "country": "US",
            "status": "submitted",
            "submitted_at": datetime(2026, 11, 2, 15),
            "business_days_open": 13,
            "bucket": "11-20",
            "bucket_order": 3,
            "sla_days_to_complete": 10,
            "over_target": True,
        },
        {
            "order_id": "PI2",
            "direction": "port_in",
            "carrier_id": "acme",
            "carrier": "Acme",
            "country": "US",
            "status": "draft",
            "bucket": "not submitted",
            "bucket_order": 5,
        },
        {
            "order_id": "PO1",
            "direction": "port_out",
            "carrier_id": "acme",
            "carrier": "Acme",
            "country": "US",
            "status": "confirmation_sent",
            "submitted_at": datetime(2026, 11, 16),
            "business_days_open": 4,
            "bucket": "0-5",
            "bucket_order": 1,
            "sla_days_to_complete": 20,
            "over_target": False,
        },
    ],
    "portout_watch": [
        {
            "order_id": "PO1",
            "carrier_id": "acme",
            "carrier": "Acme",
            "country": "US",
            "status": "confirmation_sent",
            "foc_date": date(2026, 11, 19),
            "action_code": "CONFIRMATION_PENDING",
            "action": "Get the customer's answer.",
            "due_date": date(2026, 11, 18),
            "days_left": -2,
        },
    ],
    "sla_by_carrier": [
        {
            "carrier_id": "acme",
            "carrier": "Acme",
            "direction": "port_in",
            "month": date(2026, 10, 1),
            "orders": 1,
            "completed": 1,
            "rejected_orders": 1,
            "rejection_rate": 1.0,
            "median_days_to_foc": 5.0,
            "p90_days_to_foc": 5.0,
            "median_days_to_complete": 10.0,
            "p90_days_to_complete": 10.0,
            "sla_days_to_complete": 20,
            "on_time_rate": 1.0,
            "on_time_rate_20bd": 1.0,
            "open_orders": 0,
        },
    ],
    "carrier_intervals": [
        {
            "carrier_id": "acme",
            "carrier": "Acme",
            "direction": "port_in",
            "month": date(2026, 10, 1),
            "foc_responses": 1,
            "foc_on_time": 0,
            "foc_on_time_rate": 0.0,
            "simple_ports": 1,
            "simple_completed": 1,
            "simple_on_interval": 1,
            "simple_on_interval_rate": 1.0,
            "dispute_candidates": 1,
        },
    ],
    "rejection_reasons": [
        {
            "carrier_id": "acme",
            "carrier": "Acme",
            "direction": "port_in",
            "month": date(2026, 10, 1),
            "status": "rejected",
            "reason_code": "NAME_MISMATCH",
            "reason_label": "End-user name mismatch",
            "reason": "name mismatch",
            "events": 1,
            "orders": 1,
        },
    ],
    "check_results": [
        {
            "check_name": "loa_records_gx_suite",
            "table_name": "loa_records",
            "passed": False,
            "evaluated": 9,
            "failed": 1,
            "description": "signed_date: 2 values after as-of",
        },
        {
            "check_name": "quarantine_gx_suite",
            "table_name": "quarantine",
            "passed": True,
            "evaluated": 4,
            "failed": 0,
        },
    ],
    "carrier_strictness": [
        {
            "carrier_id": "acme",
            "carrier": "Acme",
            "code": "NAME_SIMILAR",
            "orders_seen": 2,
            "rejected": 1,
            "rejection_rate": 0.5,
            "carrier_orders": 2,
            "carrier_rejection_rate": 0.5,
            "log_odds": 1.2,
            "odds_ratio": 3.3,
            "pooled_log_odds": 1.0,
            "pooled_odds_ratio": 2.7,
            "model": "prior",
        },
        {
            "carrier_id": "*",
            "carrier": "All carriers",
            "code": "NAME_SIMILAR",
            "orders_seen": 2,
            "rejected": 1,
            "rejection_rate": 0.5,
            "carrier_orders": 2,
            "carrier_rejection_rate": 0.5,
            "log_odds": 1.0,
            "odds_ratio": 2.7,
            "pooled_log_odds": 1.0,
            "pooled_odds_ratio": 2.7,
            "model": "prior",
        },
    ],
}

TABLES = {
    t.name: t
    for t in (
        schema.RUN_LOG,
        schema.INGEST_FILES,
        schema.QUARANTINE,
        schema.LOA_RECORDS,
        schema.ORDERS,
        schema.ORDER_EVENTS,
        schema.FINDINGS,
        schema.REJECTION_RISK,
        schema.RISK_MODEL,
        schema.ORDER_AGING,
        schema.PORTOUT_WATCH,
        schema.SLA_BY_CARRIER,
        schema.CARRIER_INTERVALS,
        schema.REJECTION_REASONS,
        schema.CARRIER_STRICTNESS,
        schema.CHECK_RESULTS,
    )
}


def warehouse(only: tuple[str, ...] | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with the world's tables (all, or only the named ones)."""
    con = duckdb.connect()
    for name, rows in _ROWS.items():
        if only is not None and name not in only:
            continue
        table = TABLES[name]
        con.execute(table.ddl())
        frame = pd.DataFrame(rows)
        con.register("_rows", frame)
        con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM _rows')
        con.unregister("_rows")
    return con
