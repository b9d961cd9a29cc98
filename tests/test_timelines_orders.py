"""Order timelines (`orders`): durations in business days of the carrier's country, robust to
event order and duplicates. Timelines are hand-computed in the comments."""

import random
from datetime import date
from functools import cache

import pandas as pd
from timeline_tables import event, input_tables, loa

from portrecon.schema import ORDERS
from portrecon.timelines import build_orders

AS_OF = date(2026, 12, 10)

# AT&T (US). Fri 11-20 submitted; Fri 11-27 approved (FOC Wed 12-02); Mon 11-30 FOC moved to
# Fri 12-04; completed Fri 12-04. Thanksgiving Thu 11-26 is a US holiday.
US_THANKSGIVING_ORDER = [
    event("PI-US", "draft", "2026-11-19T15:00:00"),
    event("PI-US", "submitted", "2026-11-20T15:00:00"),
    event("PI-US", "approved", "2026-11-27T15:00:00", foc_date="2026-12-02"),
    event("PI-US", "approved", "2026-11-30T15:00:00", foc_date="2026-12-04"),
    event("PI-US", "completed", "2026-12-04T15:00:00"),
]
# Bell Canada (CA). Fri 06-26 submitted; Mon 06-29 update required; Tue 06-30 resubmitted;
# Thu 07-02 approved (FOC Mon 07-06); Mon 07-06 completed. Canada Day Wed 07-01.
CANADA_DAY_ORDER = [
    event("PI-CA", "submitted", "2026-06-26T14:00:00", carrier="Bell"),
    event("PI-CA", "update_required", "2026-06-29T14:00:00", carrier="Bell", reason="Bill"),
    event("PI-CA", "resubmitted", "2026-06-30T14:00:00", carrier="Bell"),
    event("PI-CA", "approved", "2026-07-02T14:00:00", carrier="Bell", foc_date="2026-07-06"),
    event("PI-CA", "completed", "2026-07-06T14:00:00", carrier="Bell"),
]


def _order(events, as_of=AS_OF, loas=()):
    frame = build_orders(input_tables(events, list(loas)), as_of)
    return frame.set_index("order_id")


@cache
def _scenario_orders():
    """The Thanksgiving and Canada Day orders, built once for the tests that only read them."""
    return _order(US_THANKSGIVING_ORDER + CANADA_DAY_ORDER)


def test_days_to_foc_skips_us_thanksgiving():
    # Business days after Fri 11-20 up to Fri 11-27: Mon 23, Tue 24, Wed 25, Fri 27.
    assert _scenario_orders().loc["PI-US", "days_to_foc"] == 4


def test_days_to_complete_skips_us_thanksgiving_and_weekends():
    # 23, 24, 25, 27, 30 Nov and 1, 2, 3, 4 Dec.
    assert _scenario_orders().loc["PI-US", "days_to_complete"] == 9


def test_foc_slip_counts_business_days_from_first_to_latest_foc():
    # Wed 12-02 -> Fri 12-04: Thu 3, Fri 4.
    assert _scenario_orders().loc["PI-US", "foc_slip_days"] == 2


def test_latest_foc_date_is_the_foc_of_the_latest_approval():
    assert _scenario_orders().loc["PI-US", "foc_date"].date() == date(2026, 12, 4)


def test_approved_at_is_the_first_approval():
    approved_at = _scenario_orders().loc["PI-US", "approved_at"]
    assert approved_at.isoformat() == "2026-11-27T15:00:00"


def _rescheduled(first_foc, second_foc):
    """Submitted Mon 11-02, approved Thu 11-05 with first_foc, re-approved Fri 11-06."""
    events = [
        event("P", "submitted", "2026-11-02T15:00:00"),
        event("P", "approved", "2026-11-05T15:00:00", foc_date=first_foc),
        event("P", "approved", "2026-11-06T15:00:00", foc_date=second_foc),
    ]
    return _order(events).loc["P"]


def test_foc_pulled_in_gives_a_negative_slip():
    order = _rescheduled("2026-11-13", "2026-11-12")
    assert (order["foc_date"].date(), order["foc_slip_days"]) == (date(2026, 11, 12), -1)


def test_days_to_foc_skips_canada_day_for_a_canadian_carrier():
    # Business days after Fri 06-26 up to Thu 07-02 in Canada: Mon 29, Tue 30, Thu 2.
    assert _scenario_orders().loc["PI-CA", "days_to_foc"] == 3


def test_canadian_carrier_is_placed_in_the_canadian_calendar():
    assert _scenario_orders().loc["PI-CA", "country"] == "CA"


def test_update_requests_are_counted():
    assert _scenario_orders().loc["PI-CA", "update_requests"] == 1


def _days_to_foc(submitted_at, approved_at):
    events = [
        event("X", "submitted", submitted_at),
        event("X", "approved", approved_at, foc_date="2026-11-20"),
    ]
    return _order(events).loc["X", "days_to_foc"]


def test_friday_to_monday_is_one_business_day():
    assert _days_to_foc("2026-11-13T20:00:00", "2026-11-16T09:00:00") == 1


def test_event_date_is_the_utc_date_of_the_event_time():
    # 2026-11-17T02:00Z is Monday evening in New York but Tuesday in UTC: 2 business days.
    assert _days_to_foc("2026-11-13T20:00:00", "2026-11-17T02:00:00") == 2


def test_shuffled_and_duplicated_events_give_the_same_orders_as_clean_ones():
    clean = US_THANKSGIVING_ORDER + CANADA_DAY_ORDER
    messy = clean + clean[::2]
    random.Random(7).shuffle(messy)
    assert _order(messy).equals(_scenario_orders())


def test_current_status_is_the_status_of_the_latest_event():
    assert _scenario_orders().loc["PI-CA", "status"] == "completed"


def test_events_at_the_same_instant_follow_the_lifecycle():
    events = [
        event("S", "completed", "2026-11-20T15:00:00"),
        event("S", "approved", "2026-11-20T15:00:00", foc_date="2026-11-20"),
        event("S", "submitted", "2026-11-18T15:00:00"),
    ]
    assert _order(events).loc["S", "status"] == "completed"


def test_completed_order_is_not_open():
    assert not _scenario_orders().loc["PI-US", "is_open"]


REJECTED_ORDER = [
    event("R", "submitted", "2026-11-02T15:00:00"),
    event("R", "rejected", "2026-11-04T15:00:00", reason="PIN mismatch"),
]
RESUBMISSION = event("R", "resubmitted", "2026-11-05T15:00:00")


def test_rejected_order_is_closed():
    assert not _order(REJECTED_ORDER).loc["R", "is_open"]


def test_resubmission_reopens_a_rejected_order():
    assert _order([*REJECTED_ORDER, RESUBMISSION]).loc["R", "is_open"]


def test_rejections_count_every_rejected_event():
    second = event("R", "rejected", "2026-11-09T15:00:00", reason="Name mismatch")
    assert _order([*REJECTED_ORDER, RESUBMISSION, second]).loc["R", "rejections"] == 2


def test_submission_clock_starts_at_the_first_submitted_event_not_a_resubmission():
    events = [
        event("R", "submitted", "2026-11-02T15:00:00"),
        event("R", "resubmitted", "2026-11-05T15:00:00"),
        event("R", "approved", "2026-11-06T15:00:00", foc_date="2026-11-13"),
    ]
    assert _order(events).loc["R", "days_to_foc"] == 4


def test_loa_without_events_is_an_open_port_in_draft():
    order = _order(US_THANKSGIVING_ORDER, loas=[loa("D-1")]).loc["D-1"]
    assert (order["status"], order["direction"], order["is_open"]) == ("draft", "port_in", True)


def test_events_after_as_of_are_ignored():
    order = _order(US_THANKSGIVING_ORDER, as_of=date(2026, 11, 28)).loc["PI-US"]
    assert (order["status"], order["foc_date"].date()) == ("approved", date(2026, 12, 2))


def test_alias_spellings_of_a_known_carrier_show_the_profile_name():
    events = [
        event("A", "submitted", "2026-11-02T15:00:00", carrier="ATT"),
        event("A", "approved", "2026-11-04T15:00:00", carrier="AT and T", foc_date="2026-11-10"),
    ]
    order = _order(events).loc["A"]
    assert (order["carrier_id"], order["carrier"]) == ("att", "AT&T")


def test_unknown_carrier_shows_its_title_cased_canonical_name_whatever_the_spelling():
    events = [
        event("U1", "submitted", "2026-11-02T15:00:00", carrier="Acme Tel, Inc."),
        event("U1", "approved", "2026-11-04T15:00:00", carrier="ACME TEL", foc_date="2026-11-10"),
        event("U2", "submitted", "2026-11-02T15:00:00", carrier="Acme Tel, Inc."),
    ]
    assert set(_order(events)["carrier"]) == {"Acme Tel"}


def test_unknown_carrier_defaults_to_the_us_calendar():
    events = [event("U", "submitted", "2026-11-02T15:00:00", carrier="Acme Tel")]
    assert _order(events).loc["U", "country"] == "US"


def test_unknown_carrier_with_mostly_canadian_loas_uses_the_canadian_calendar():
    events = [event("U", "submitted", "2026-06-26T14:00:00", carrier="Maple Tel")]
    loas = [loa("U", "Maple Tel", "QC"), loa("V", "Maple Tel", "ON"), loa("W", "Maple Tel", "NY")]
    assert _order(events, loas=loas).loc["U", "country"] == "CA"


def test_port_out_submission_is_the_first_request():
    events = [
        event(
            "PO", "requested", "2026-11-20T15:00:00", direction="port_out", foc_date="2026-12-01"
        ),
        event("PO", "confirmation_sent", "2026-11-20T16:00:00", direction="port_out"),
        event("PO", "approved", "2026-11-24T16:00:00", direction="port_out", foc_date="2026-12-01"),
    ]
    order = _order(events).loc["PO"]
    assert (order["submitted_at"].isoformat(), order["days_to_foc"]) == ("2026-11-20T15:00:00", 2)


def test_orders_have_the_schema_columns_in_order():
    assert list(_scenario_orders().reset_index().columns) == ORDERS.column_names


def test_one_event_told_twice_with_different_values_keeps_the_first_file():
    first = event("T", "approved", "2026-11-05T15:00:00", foc_date="2026-11-12")
    second = {**first, "foc_date": date(2026, 11, 13), "source_file": "z_later.csv"}
    events = [event("T", "submitted", "2026-11-02T15:00:00"), second, first]
    assert _order(events).loc["T", "foc_date"].date() == date(2026, 11, 12)


def test_a_mistyped_far_future_foc_date_gives_no_slip_instead_of_failing():
    order = _rescheduled("2926-11-12", "2026-11-12")
    assert (order["days_to_foc"], pd.isna(order["foc_slip_days"])) == (3, True)
