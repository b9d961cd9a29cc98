"""Port-outs that need action (`portout_watch`, docs/metrics.md), due dates in business days.

As-of is Wednesday 2026-11-25, the day before US Thanksgiving."""

from datetime import date
from functools import cache

from timeline_tables import event, input_tables, with_orders

from portrecon.portouts import build_portout_watch
from portrecon.schema import PORTOUT_WATCH

AS_OF = date(2026, 11, 25)


def _out(order_id, status, when, **fields):
    return event(order_id, status, when, direction="port_out", **fields)


def _requested(order_id, foc_date, carrier="AT&T"):
    return [
        _out(order_id, "requested", "2026-11-20T15:00:00", foc_date=foc_date, carrier=carrier),
        _out(order_id, "confirmation_sent", "2026-11-20T16:00:00", foc_date=foc_date),
    ]


def _completed(order_id, day):
    return [
        _out(order_id, "requested", f"{day}T09:00:00", foc_date=day),
        _out(order_id, "approved", f"{day}T10:00:00", foc_date=day),
        _out(order_id, "completed", f"{day}T15:00:00"),
    ]


DISPUTE = "Customer disputes the port: unauthorized"
EVENTS = [
    *_requested("PENDING-NEAR", "2026-11-27"),
    *_requested("PENDING-FAR", "2026-12-15"),
    *_requested("STOPPED", "2026-11-27"),
    _out("STOPPED", "stopped", "2026-11-23T15:00:00", reason="Customer changed mind"),
    _out("LATE", "requested", "2026-11-10T15:00:00", foc_date="2026-11-18"),
    _out("LATE", "approved", "2026-11-12T15:00:00", foc_date="2026-11-18"),
    _out("FORGOTTEN", "requested", "2026-10-05T15:00:00", foc_date="2026-10-13"),
    _out("FORGOTTEN", "approved", "2026-10-07T15:00:00", foc_date="2026-10-13"),
    *_completed("RECENT", "2026-11-20"),
    *_completed("OLD", "2026-10-01"),
    *_completed("DISPUTED", "2026-11-02"),
    _out("DISPUTED", "stopped", "2026-11-10T15:00:00", reason=DISPUTE),
    *_completed("DISPUTED-LONG-AGO", "2026-10-01"),
    _out("DISPUTED-LONG-AGO", "stopped", "2026-10-05T15:00:00", reason=DISPUTE),
    event("PORT-IN", "submitted", "2026-11-20T15:00:00"),
]


@cache
def _watch():
    frame = build_portout_watch(with_orders(input_tables(EVENTS), AS_OF), AS_OF)
    return {(row.order_id, row.action_code): row for row in frame.itertuples()}


def _due(order_id, action_code):
    return _watch()[(order_id, action_code)].due_date.date()


def test_confirmation_pending_is_due_the_business_day_before_the_foc():
    # FOC Friday 11-27; Thursday 11-26 is Thanksgiving, so the stop must be sent Wednesday.
    assert _due("PENDING-NEAR", "CONFIRMATION_PENDING") == date(2026, 11, 25)


def test_confirmation_pending_due_today_has_zero_days_left():
    assert _watch()[("PENDING-NEAR", "CONFIRMATION_PENDING")].days_left == 0


def test_confirmation_pending_with_a_distant_foc_is_not_listed():
    assert not [key for key in _watch() if key[0] == "PENDING-FAR"]


def test_stopped_port_out_needs_no_more_action():
    assert not [key for key in _watch() if key[0] == "STOPPED"]


def test_approved_port_out_past_its_foc_is_cancelled_five_business_days_after_it():
    # FOC Wednesday 11-18: Thu 19, Fri 20, Mon 23, Tue 24, Wed 25.
    assert _due("LATE", "NOT_COMPLETED_AFTER_FOC") == date(2026, 11, 25)


def test_approved_port_out_past_the_cancel_window_is_to_be_confirmed_cancelled_and_closed():
    # FOC Tuesday 10-13 + 5 business days = Tuesday 10-20, long before as-of.
    assert _due("FORGOTTEN", "CANCEL_WINDOW_PASSED") == date(2026, 10, 20)
    assert ("FORGOTTEN", "NOT_COMPLETED_AFTER_FOC") not in _watch()


def test_recently_completed_port_out_releases_numbers_five_business_days_later():
    # Completed Friday 11-20: Mon 23, Tue 24, Wed 25, Fri 27 (after Thanksgiving), Mon 30.
    assert _due("RECENT", "RELEASE_NUMBERS") == date(2026, 11, 30)


def test_port_out_completed_long_ago_needs_no_release():
    assert not [key for key in _watch() if key[0] == "OLD"]


def test_dispute_after_completion_is_due_thirty_calendar_days_after_completion():
    assert _due("DISPUTED", "DISPUTE_WINDOW") == date(2026, 12, 2)


def test_dispute_whose_window_closed_is_not_listed():
    assert not [key for key in _watch() if key[0] == "DISPUTED-LONG-AGO"]


def test_port_ins_are_never_on_the_port_out_watch():
    assert not [key for key in _watch() if key[0] == "PORT-IN"]


def test_canadian_carrier_due_date_skips_canada_day():
    # Bell (CA): FOC Thursday 07-02, Canada Day Wednesday 07-01 -> stop due Tuesday 06-30.
    events = [
        _out("CA", "requested", "2026-06-29T15:00:00", foc_date="2026-07-02", carrier="Bell"),
    ]
    as_of = date(2026, 6, 29)
    frame = build_portout_watch(with_orders(input_tables(events), as_of), as_of)
    assert frame["due_date"].dt.date.tolist() == [date(2026, 6, 30)]


def test_port_out_watch_has_the_schema_columns_in_order():
    frame = build_portout_watch(with_orders(input_tables(EVENTS[:2]), AS_OF), AS_OF)
    assert list(frame.columns) == PORTOUT_WATCH.column_names
