"""What changed since last night (`changes`, PRODUCT.md 10.1): each kind, on two hand-made
nights, the second compared with the published warehouse of the first.

Last night is as of Wednesday 2026-11-18, tonight as of Thursday 2026-11-19.
"""

from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
from timeline_tables import event, input_tables, insert_rows, with_orders

from portrecon.carriers import CarrierProfile, default_carrier_book
from portrecon.changes import build_changes
from portrecon.portouts import build_portout_watch, next_nightly_at
from portrecon.schema import FINDINGS, PORTOUT_WATCH, REJECTION_RISK, RUN_LOG, all_tables
from portrecon.warehouse import publish

LAST_NIGHT, TONIGHT = date(2026, 11, 18), date(2026, 11, 19)


def _night(events, as_of, findings=(), risk=()) -> duckdb.DuckDBPyConnection:
    """A night's tables as the nightly builds them (orders, watch) or as given (findings, risk)."""
    con = with_orders(input_tables(events), as_of)
    insert_rows(con, FINDINGS, list(findings))
    insert_rows(con, REJECTION_RISK, list(risk))
    con.register("_watch", build_portout_watch(con, as_of))
    con.execute(PORTOUT_WATCH.ddl())
    con.execute("INSERT INTO portout_watch SELECT * FROM _watch")
    return con


COMPARED = [t for t in all_tables() if t.name in
            {"orders", "order_events", "findings", "rejection_risk", "portout_watch"}]  # fmt: skip


def _published(tmp_path: Path, events, findings=(), risk=(), as_of=LAST_NIGHT) -> Path:
    """A night's warehouse file, as the nightly publishes it."""
    con = _night(events, as_of, findings, risk)
    tables = [(t, con.execute(f'SELECT * FROM "{t.name}"').df()) for t in COMPARED]
    run_log = pd.DataFrame([{"run_id": f"run-{as_of}", "as_of": as_of}])
    target = tmp_path / f"warehouse-{as_of}.duckdb"
    publish(target, [*tables, (RUN_LOG, run_log.reindex(columns=RUN_LOG.column_names))])
    return target


def _changes(tmp_path, last_night, tonight, findings=((), ()), risk=((), ())) -> pd.DataFrame:
    previous = _published(tmp_path, last_night, findings[0], risk[0])
    con = _night(tonight, TONIGHT, findings[1], risk[1])
    return build_changes(con, TONIGHT, previous, "tonight")


def _details(frame: pd.DataFrame, kind: str) -> list[tuple[str, str]]:
    rows = frame[frame["kind"] == kind]
    return list(zip(rows["order_id"], rows["detail"], strict=True))


SUBMITTED = event("PI-1", "submitted", "2026-11-02T15:00:00")
APPROVED = event("PI-1", "approved", "2026-11-10T15:00:00", foc_date="2026-12-04")


def test_the_first_run_over_an_empty_warehouse_has_no_changes(tmp_path: Path) -> None:
    con = _night([SUBMITTED, APPROVED], TONIGHT)
    assert build_changes(con, TONIGHT, tmp_path / "none.duckdb", "first").empty


def test_a_rerun_of_the_same_night_has_no_changes(tmp_path: Path) -> None:
    rejected = event("PI-2", "rejected", "2026-11-17T15:00:00", reason="Name mismatch")
    events = [SUBMITTED, APPROVED, rejected, event("PO-1", "requested", "2026-11-17T09:00:00",
              direction="port_out", foc_date="2026-11-20")]  # fmt: skip
    previous = _published(tmp_path, events)
    assert build_changes(_night(events, LAST_NIGHT), LAST_NIGHT, previous, "again").empty


def test_a_rejection_received_since_is_a_new_rejection_in_plain_words(tmp_path: Path) -> None:
    rejected = event("PI-1", "rejected", "2026-11-19T14:00:00", reason="End user name mismatch")
    frame = _changes(tmp_path, [SUBMITTED], [SUBMITTED, rejected])
    assert _details(frame, "new_rejection") == [
        ("PI-1", "rejected by AT&T: End-user name mismatch")
    ]
    assert frame["changed_at"].tolist() == [pd.Timestamp("2026-11-19T14:00:00")]


def test_a_new_foc_date_is_foc_set(tmp_path: Path) -> None:
    frame = _changes(tmp_path, [SUBMITTED], [SUBMITTED, APPROVED])
    assert _details(frame, "foc_set") == [("PI-1", "FOC set for 2026-12-04")]


def test_a_later_foc_date_is_foc_moved_from_the_old_date_to_the_new(tmp_path: Path) -> None:
    moved = event("PI-1", "approved", "2026-11-19T10:00:00", foc_date="2026-12-09")
    frame = _changes(tmp_path, [SUBMITTED, APPROVED], [SUBMITTED, APPROVED, moved])
    assert _details(frame, "foc_moved") == [("PI-1", "FOC moved 2026-12-04 -> 2026-12-09")]
    assert frame["changed_at"].tolist() == [pd.Timestamp("2026-11-19T10:00:00")]


def test_completion_and_cancellation_since_last_night_are_changes(tmp_path: Path) -> None:
    other = event("PI-2", "submitted", "2026-11-02T15:00:00")
    done = event("PI-1", "completed", "2026-11-19T16:00:00")
    cancelled = event("PI-2", "cancelled", "2026-11-19T17:00:00", reason="Customer cancelled")
    frame = _changes(tmp_path, [SUBMITTED, APPROVED, other],
                     [SUBMITTED, APPROVED, other, done, cancelled])  # fmt: skip
    assert _details(frame, "completed") == [("PI-1", "completed (FOC 2026-12-04)")]
    assert _details(frame, "cancelled") == [("PI-2", "cancelled (was submitted)")]


def _risk(probability: float, codes: str) -> dict[str, object]:
    level = "high" if probability >= 0.5 else "medium" if probability >= 0.2 else "low"
    return {"order_id": "PI-1", "carrier_id": "att", "probability": probability, "level": level,
            "reason_codes": codes}  # fmt: skip


def test_an_order_now_high_risk_says_what_is_new(tmp_path: Path) -> None:
    frame = _changes(tmp_path, [SUBMITTED], [SUBMITTED],
                     risk=([_risk(0.18, "NAME_EQUIVALENT")],
                           [_risk(0.64, "NAME_EQUIVALENT,PIN_DIFFERENT")]))  # fmt: skip
    assert _details(frame, "became_high_risk") == [("PI-1", "risk 18% -> 64%: new PIN_DIFFERENT")]


def test_a_risk_change_never_says_a_probability_is_certain(tmp_path: Path) -> None:
    frame = _changes(tmp_path, [SUBMITTED], [SUBMITTED],
                     risk=([_risk(0.003, "NAME_EQUIVALENT")],
                           [_risk(0.9996, "NAME_EQUIVALENT,PIN_DIFFERENT")]))  # fmt: skip
    assert _details(frame, "became_high_risk") == [("PI-1", "risk <1% -> >99%: new PIN_DIFFERENT")]


def test_an_order_no_longer_high_risk_says_what_went(tmp_path: Path) -> None:
    frame = _changes(tmp_path, [SUBMITTED], [SUBMITTED],
                     risk=([_risk(0.64, "NAME_EQUIVALENT,PIN_DIFFERENT")],
                           [_risk(0.18, "NAME_EQUIVALENT")]))  # fmt: skip
    assert _details(frame, "risk_dropped") == [("PI-1", "risk 64% -> 18%: PIN_DIFFERENT gone")]


def _finding(code: str, severity: str = "block") -> dict[str, object]:
    return {"order_id": "PI-1", "loa_id": "LOA-PI-1", "carrier_id": "att", "code": code,
            "field": "pin", "severity": severity, "loa_value": "****", "csr_value": "****",
            "detail": "PIN on the LOA differs from the CSR's"}  # fmt: skip


def test_blocking_findings_that_appear_and_disappear_are_changes(tmp_path: Path) -> None:
    before, after = [_finding("CSR_NOT_FOUND")], [_finding("PIN_DIFFERENT")]
    frame = _changes(tmp_path, [SUBMITTED], [SUBMITTED], findings=(before, after))
    assert _details(frame, "new_blocking_finding") == [
        ("PI-1", "PIN_DIFFERENT: PIN on the LOA differs from the CSR's")
    ]
    assert _details(frame, "finding_resolved") == [("PI-1", "CSR_NOT_FOUND no longer found")]


def _port_out(order_id: str, requested: str, foc: str) -> list[dict[str, object]]:
    return [event(order_id, "requested", requested, direction="port_out", foc_date=foc,
                  carrier="Verizon")]  # fmt: skip


def test_a_new_port_out_request_and_its_due_action_are_changes(tmp_path: Path) -> None:
    frame = _changes(tmp_path, [SUBMITTED], [SUBMITTED, *_port_out("PO-1", "2026-11-19T03:00:00",
                                                                     "2026-11-23")])  # fmt: skip
    assert _details(frame, "portout_new") == [
        ("PO-1", "port-out requested by Verizon for 1 number(s), FOC requested for 2026-11-23")
    ]
    assert _details(frame, "portout_action_due") == [
        ("PO-1", "CONFIRMATION_PENDING: due 2026-11-20 (1 business day(s) left)")
    ]


def test_a_port_out_approved_by_default_before_the_next_night_is_flagged_once(
    tmp_path: Path,
) -> None:
    # Requested Wednesday 16:00 UTC: approved by default Thursday 16:00, before Friday's night.
    events = _port_out("PO-1", "2026-11-18T16:00:00", "2026-12-15")
    tonight = _changes(tmp_path, events, events)
    assert _details(tonight, "portout_auto_approves_soon") == [
        ("PO-1", "approved by default at 2026-11-19 16:00 UTC unless the customer answers")
    ]
    assert next_nightly_at(LAST_NIGHT) < datetime(2026, 11, 19, 16) < next_nightly_at(TONIGHT)
    tonight_published = _published(tmp_path, events, as_of=TONIGHT)
    after = TONIGHT.replace(day=20)
    again = build_changes(_night(events, after), after, tonight_published, "next")
    assert again.empty


def test_the_watch_counts_auto_approval_from_the_request_by_the_carrier_profile() -> None:
    book = default_carrier_book()
    slow = CarrierProfile(id="verizon", display_name="Verizon", portout_auto_approve_hours=48)
    book = type(book)(book.default, [slow])
    con = with_orders(input_tables(_port_out("PO-1", "2026-11-18T16:00:00", "2026-11-20")), TONIGHT)
    watch = build_portout_watch(con, TONIGHT, book)
    assert watch["auto_approves_at"].tolist() == [pd.Timestamp("2026-11-20T16:00:00")]
