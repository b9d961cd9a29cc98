"""The port-date rules of portrecon.port_dates at their edges (PRODUCT.md 10, 10.1).

Each request is a UTC instant, as the warehouse stores it; the carrier's cut-off is 13:00 in its
local zone (default profile settings), so the Eastern offsets below are spelled out.
"""

import datetime as dt

import pandas as pd
import pytest

from portrecon.carriers import default_carrier_book
from portrecon.port_dates import (
    NON_SIMPLE,
    SIMPLE,
    assess_port_dates,
    foc_due_times,
    lead_business_days,
    port_type,
    service_markers,
)

BOOK = default_carrier_book()
AS_OF = dt.date(2026, 11, 20)


def _assess(carrier: str, submitted_at: dt.datetime | None, **values: object) -> pd.Series:
    """One request of `carrier` (a profile id) judged by assess_port_dates."""
    profile = BOOK.profile(carrier)
    row = {
        "carrier_id": carrier,
        "country": profile.country,
        "state": None,
        "tn_count": 1,
        "submitted_at": pd.NaT if submitted_at is None else pd.Timestamp(submitted_at),
        "requested_port_date": None,
        **values,
    }
    return assess_port_dates(pd.DataFrame([row]), BOOK, AS_OF).iloc[0]


def _earliest(carrier: str, submitted_at: dt.datetime, **values: object) -> dt.date:
    return _assess(carrier, submitted_at, **values)["earliest_feasible_date"]


def test_a_request_at_12_59_local_counts_from_the_same_day():
    # Monday 2026-11-16 12:59 EST = 17:59 UTC: counts Monday, 2 business days -> Wednesday.
    assert _earliest("att", dt.datetime(2026, 11, 16, 17, 59)) == dt.date(2026, 11, 18)


def test_a_request_at_13_01_local_counts_from_the_next_business_day():
    assert _earliest("att", dt.datetime(2026, 11, 16, 18, 1)) == dt.date(2026, 11, 19)


def test_a_request_on_a_saturday_counts_from_monday():
    assert _earliest("att", dt.datetime(2026, 11, 14, 15, 0)) == dt.date(2026, 11, 18)


def test_the_cut_off_follows_daylight_saving_time_after_the_spring_change():
    # Monday 2026-03-09 17:30 UTC is 13:30 EDT (12:30 in standard time): after the cut-off.
    assert _earliest("att", dt.datetime(2026, 3, 9, 17, 30)) == dt.date(2026, 3, 12)


def test_the_cut_off_follows_standard_time_after_the_autumn_change():
    # Monday 2026-11-02 17:30 UTC is 12:30 EST (13:30 in daylight time): before the cut-off.
    assert _earliest("att", dt.datetime(2026, 11, 2, 17, 30)) == dt.date(2026, 11, 4)


def test_us_thanksgiving_is_skipped_for_a_us_carrier():
    # Wednesday 2026-11-25 noon EST: Thursday is Thanksgiving, so Friday and Monday.
    assert _earliest("att", dt.datetime(2026, 11, 25, 17, 0)) == dt.date(2026, 11, 30)


def test_canada_day_is_skipped_for_a_canadian_carrier():
    # Tuesday 2026-06-30 noon EDT: Wednesday is Canada Day, so Thursday and Friday.
    assert _earliest("bell", dt.datetime(2026, 6, 30, 16, 0)) == dt.date(2026, 7, 3)


def test_canada_day_is_a_business_day_for_a_us_carrier():
    assert _earliest("att", dt.datetime(2026, 6, 30, 16, 0)) == dt.date(2026, 7, 2)


def test_a_quebec_service_address_adds_the_fete_nationale():
    # Wednesday 2026-06-24 is a Quebec holiday only.
    request = dt.datetime(2026, 6, 23, 16, 0)
    assert _earliest("bell", request, state="Québec") == dt.date(2026, 6, 26)


def test_an_ontario_service_address_works_on_the_fete_nationale():
    assert _earliest("bell", dt.datetime(2026, 6, 23, 16, 0), state="ON") == dt.date(2026, 6, 25)


def test_a_draft_counts_as_a_request_on_as_of_before_the_cut_off():
    # As-of Friday 2026-11-20: Monday, Tuesday.
    assert _assess("att", None)["earliest_feasible_date"] == dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("numbers", "days"), [(1, 2), (99, 2), (100, 5), (999, 5), (1000, 10), (None, 2)]
)
def test_the_lead_time_grows_at_each_size_threshold(numbers, days):
    assert lead_business_days(BOOK.default, numbers) == days


def test_a_project_of_100_numbers_needs_five_business_days():
    assert _earliest("att", dt.datetime(2026, 11, 16, 17, 0), tn_count=100) == dt.date(2026, 11, 23)


def test_a_saturday_is_not_a_business_day_and_the_next_monday_is_proposed():
    judged = _assess("att", None, requested_port_date=dt.date(2026, 11, 28))
    assert (judged["requested_is_business_day"], judged["feasible"]) == (False, False)
    assert judged["proposed_port_date"] == dt.date(2026, 11, 30)


def test_thirty_days_after_the_request_is_the_latest_feasible_date():
    judged = _assess("att", None, requested_port_date=dt.date(2026, 12, 21))
    assert judged["latest_feasible_date"] == dt.date(2026, 12, 20)
    assert not judged["feasible"]


def test_a_business_day_inside_the_window_is_feasible():
    judged = _assess("att", None, requested_port_date=dt.date(2026, 12, 1))
    assert judged["feasible"]


def test_a_date_before_the_earliest_proposes_the_earliest():
    judged = _assess("att", None, requested_port_date=dt.date(2026, 11, 23))
    assert judged["proposed_port_date"] == dt.date(2026, 11, 24)


def _foc_due(carrier: str, submitted_at: dt.datetime, state: str | None = None) -> dt.datetime:
    """foc_due_times of one submission to `carrier` (a profile id)."""
    row = {
        "carrier_id": carrier,
        "country": BOOK.profile(carrier).country,
        "state": state,
        "submitted_at": pd.Timestamp(submitted_at),
    }
    return foc_due_times(pd.DataFrame([row]), BOOK).iloc[0].to_pydatetime()


def test_the_foc_is_due_24_business_hours_later_across_a_weekend():
    # Friday 2026-11-20 15:00 EST: 9 hours on Friday, 15 on Monday.
    assert _foc_due("att", dt.datetime(2026, 11, 20, 20, 0)) == dt.datetime(2026, 11, 23, 20, 0)


def test_the_foc_clock_skips_a_canadian_holiday():
    # Tuesday 2026-06-30 noon EDT at Bell: 12 hours Tuesday, Canada Day off, 12 on Thursday.
    assert _foc_due("bell", dt.datetime(2026, 6, 30, 16, 0)) == dt.datetime(2026, 7, 2, 16, 0)


def test_the_foc_clock_skips_a_quebec_holiday_for_a_quebec_address():
    due = _foc_due("bell", dt.datetime(2026, 6, 23, 16, 0), state="QC")
    assert due == dt.datetime(2026, 6, 25, 16, 0)


def test_the_foc_clock_across_the_spring_change_keeps_the_wall_clock_time():
    # Friday 2026-03-06 15:00 EST (20:00 UTC) -> Monday 15:00 EDT (19:00 UTC).
    assert _foc_due("att", dt.datetime(2026, 3, 6, 20, 0)) == dt.datetime(2026, 3, 9, 19, 0)


def test_a_weekend_submission_is_due_at_the_end_of_monday():
    # Saturday: the clock runs Monday 00:00-24:00 EST = Tuesday 05:00 UTC.
    assert _foc_due("att", dt.datetime(2026, 11, 21, 15, 0)) == dt.datetime(2026, 11, 24, 5, 0)


def test_one_local_number_on_one_account_is_a_simple_port():
    assert port_type(BOOK.default, 1, "local", 1, [])[0] == SIMPLE


def test_two_numbers_make_a_non_simple_port_by_default():
    kind, reason = port_type(BOOK.default, 2, "local", 1, [])
    assert (kind, reason) == (NON_SIMPLE, "2 numbers (simple: at most 1)")


def test_a_toll_free_number_is_not_a_simple_port():
    assert port_type(BOOK.default, 1, "tollfree", 1, [])[0] == NON_SIMPLE


def test_numbers_on_two_accounts_are_not_a_simple_port():
    assert port_type(BOOK.default, 1, "local", 2, [])[1] == "numbers on 2 accounts"


def test_a_centrex_line_is_not_a_simple_port():
    markers = service_markers('{"Service Type": "Centrex line", "notes": "ISDN someday"}')
    assert port_type(BOOK.default, 1, "local", 1, markers)[1] == "complex service: Centrex"
