"""`rejection_outcomes` (PRODUCT.md section 10.1): one row per rejection or update request of a
port-in, scored `caught`, `missed` or `no_check` against the findings as they stood when the
carrier decided."""

from datetime import date

import duckdb
import pandas as pd
from timeline_tables import event, input_tables, insert_rows, loa, with_orders

from portrecon.rejection_outcomes import build_rejection_outcomes
from portrecon.schema import FINDINGS, REJECTION_OUTCOMES

AS_OF = date(2026, 11, 20)


def finding(order_id: str, code: str, field: str, reference: str = "2026-11-02") -> dict:
    """One finding of the order's LOA, dated (reference_date) at its first submission."""
    return {
        "order_id": order_id,
        "loa_id": f"LOA-{order_id}",
        "carrier_id": "att",
        "code": code,
        "field": field,
        "severity": "block" if code.endswith(("DIFFERENT", "MISSING_LOA")) else "warn",
        "reference_date": date.fromisoformat(reference),
    }


def outcomes(reason: str | None, findings=(), signed: str | None = None, status="rejected"):
    """The outcome rows of one port-in submitted on 2 Nov and sent back on 5 Nov."""
    events = [
        event("PI1", "submitted", "2026-11-02T15:00:00"),
        event("PI1", status, "2026-11-05T15:00:00", reason=reason),
    ]
    con = input_tables(events, [{**loa("PI1"), "signed_date": date.fromisoformat(signed)}]
                       if signed else [loa("PI1")])  # fmt: skip
    insert_rows(con, FINDINGS, list(findings))
    return build_rejection_outcomes(with_orders(con, AS_OF), AS_OF)


def only(frame) -> dict:
    assert len(frame) == 1
    return frame.iloc[0].to_dict()


def test_a_rejection_whose_finding_was_flagged_before_submission_is_caught() -> None:
    row = only(outcomes("8C", [finding("PI1", "PIN_DIFFERENT", "pin")]))
    assert (row["vendor"], row["jcode"], row["reason_category"]) == (
        "industry",
        "8C",
        "PIN_MISMATCH",
    )
    assert (row["finding_code"], row["flagged"], row["prevention"]) == (
        "PIN_DIFFERENT",
        True,
        "caught",
    )
    assert row["flagged_severity"] == "block"


def test_a_rejection_for_a_check_that_did_not_fire_is_missed() -> None:
    row = only(outcomes("Customer name mismatch", [finding("PI1", "PIN_DIFFERENT", "pin")]))
    assert (row["finding_code"], row["flagged"], row["prevention"]) == (
        "NAME_DIFFERENT", False, "missed"
    )  # fmt: skip


def test_a_rejection_portrecon_has_no_check_for_is_no_check() -> None:
    row = only(outcomes("Past due balance on account"))
    assert row["reason_category"] == "BUSINESS_RELATIONSHIP"
    assert row["finding_code"] is None and row["prevention"] == "no_check"
    assert pd.isna(row["flagged"])


def test_a_finding_dated_after_the_decision_had_not_been_flagged() -> None:
    late = finding("PI1", "PIN_DIFFERENT", "pin", reference="2026-11-10")
    assert only(outcomes("PASSCODE_PIN_INVALID", [late]))["prevention"] == "missed"


def test_a_zip_rejection_is_caught_only_by_a_finding_on_the_zip() -> None:
    unit = finding("PI1", "ADDRESS_SIMILAR", "address.unit")
    zip_ = finding("PI1", "ADDRESS_DIFFERENT", "address.zip")
    assert only(outcomes("7402 / 8D", [unit]))["prevention"] == "missed"
    row = only(outcomes("7402 / 8D", [unit, zip_]))
    assert (row["vendor"], row["vendor_code"], row["component"]) == ("bandwidth", "7402", "zip")
    assert (row["finding_code"], row["prevention"]) == ("ADDRESS_DIFFERENT", "caught")


def test_an_order_code_rejection_is_caught_by_that_code() -> None:
    row = only(outcomes("SV_CONFLICT", [finding("PI1", "TN_IN_OTHER_ORDER", "tns")]))
    assert (row["vendor"], row["prevention"]) == ("telnyx", "caught")


def test_an_unknown_code_keeps_its_row_with_vendor_code_null() -> None:
    row = only(outcomes("Error 7777: see attached"))
    assert row["reason"] == "Error 7777: see attached"
    assert row["vendor"] is None and row["vendor_code"] is None
    assert row["prevention"] == "no_check"


def test_an_update_request_is_a_decision_too() -> None:
    row = only(outcomes("Twilio 22137", status="update_required"))
    assert (row["status"], row["finding_code"], row["prevention"]) == (
        "update_required", "TN_IN_OTHER_ORDER", "missed"
    )  # fmt: skip


def test_a_replacement_loa_signed_after_the_decision_leaves_prevention_unknown() -> None:
    row = only(outcomes("8C", [finding("PI1", "PIN_DIFFERENT", "pin")], signed="2026-11-06"))
    assert row["prevention"] is None and row["finding_code"] == "PIN_DIFFERENT"


def test_only_port_in_decisions_up_to_as_of_are_rows() -> None:
    events = [
        event("PI1", "submitted", "2026-11-02T15:00:00"),
        event("PI1", "approved", "2026-11-03T15:00:00", foc_date="2026-11-10"),
        event("PI2", "submitted", "2026-11-02T15:00:00"),
        event("PI2", "rejected", "2026-11-25T15:00:00", reason="8C"),
        event("PO1", "requested", "2026-11-02T15:00:00", direction="port_out"),
        event("PO1", "auto_rejected", "2026-11-03T15:00:00", direction="port_out", reason="8C"),
        event("PI3", "submitted", "2026-11-02T15:00:00"),
        event("PI3", "rejected", "2026-11-04T15:00:00"),
        event("PI3", "resubmitted", "2026-11-05T15:00:00"),
        event("PI3", "rejected", "2026-11-09T15:00:00", reason="8C"),
    ]
    con = input_tables(events)
    insert_rows(con, FINDINGS, [])
    frame = build_rejection_outcomes(with_orders(con, AS_OF), AS_OF)
    assert list(frame.columns) == REJECTION_OUTCOMES.column_names
    assert list(zip(frame["order_id"], frame["reason_category"], strict=True)) == [
        ("PI3", "UNSPECIFIED"), ("PI3", "PIN_MISMATCH")
    ]  # fmt: skip


def test_the_same_inputs_give_the_same_rows() -> None:
    first = outcomes("8D", [finding("PI1", "ADDRESS_DIFFERENT", "address.zip")])
    second = outcomes("8D", [finding("PI1", "ADDRESS_DIFFERENT", "address.zip")])
    assert first.equals(second)


def test_the_table_is_created_from_its_schema(tmp_path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(REJECTION_OUTCOMES.ddl())
    con.register("rows", outcomes("8C", [finding("PI1", "PIN_DIFFERENT", "pin")]))
    con.execute("INSERT INTO rejection_outcomes SELECT * FROM rows")
    assert con.execute("SELECT prevention FROM rejection_outcomes").fetchall() == [("caught",)]
