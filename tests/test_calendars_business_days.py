"""Business days of the US and Canadian calendars (PRODUCT.md section 2, common.md bd(a, b))."""

from datetime import date, timedelta

import pytest

from portrecon.calendars import (
    add_business_days,
    business_days_between,
    business_days_between_many,
    calendar_frame,
    is_business_day,
)

THANKSGIVING_US_2026 = date(2026, 11, 26)
CANADA_DAY_2026 = date(2026, 7, 1)


def test_us_thanksgiving_is_not_a_us_business_day():
    assert not is_business_day(THANKSGIVING_US_2026, "US")


def test_us_thanksgiving_is_a_canadian_business_day():
    assert is_business_day(THANKSGIVING_US_2026, "CA")


def test_canada_day_is_not_a_canadian_business_day():
    assert not is_business_day(CANADA_DAY_2026, "CA")


def test_canada_day_is_a_us_business_day():
    assert is_business_day(CANADA_DAY_2026, "US")


def test_canadian_calendar_holds_federal_statutory_remembrance_day():
    assert not is_business_day(date(2026, 11, 11), "CA")


def test_canadian_calendar_holds_truth_and_reconciliation_day():
    assert not is_business_day(date(2026, 9, 30), "CA")


def test_saturday_is_not_a_business_day():
    assert not is_business_day(date(2026, 11, 21), "US")


def test_same_day_difference_is_zero():
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 20), "US") == 0


def test_friday_to_next_monday_is_one_business_day():
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 23), "US") == 1


def test_wednesday_to_friday_over_us_thanksgiving_is_one_business_day():
    assert business_days_between(date(2026, 11, 25), date(2026, 11, 27), "US") == 1


def test_wednesday_to_friday_over_us_thanksgiving_is_two_canadian_business_days():
    assert business_days_between(date(2026, 11, 25), date(2026, 11, 27), "CA") == 2


def test_difference_is_negative_when_end_is_before_start():
    assert business_days_between(date(2026, 11, 27), date(2026, 11, 25), "US") == -1


def test_difference_across_new_year_counts_observed_holidays_of_both_years():
    # 2027-12-31 (Fri) is the observed New Year's Day 2028 in the US calendar.
    assert business_days_between(date(2027, 12, 30), date(2028, 1, 3), "US") == 1


def test_adding_one_business_day_to_wednesday_before_thanksgiving_gives_friday():
    assert add_business_days(date(2026, 11, 25), 1, "US") == date(2026, 11, 27)


def test_adding_one_business_day_to_a_saturday_gives_monday():
    assert add_business_days(date(2026, 11, 21), 1, "US") == date(2026, 11, 23)


def test_subtracting_one_business_day_from_a_monday_gives_friday():
    assert add_business_days(date(2026, 11, 23), -1, "US") == date(2026, 11, 20)


def test_adding_zero_business_days_keeps_the_day():
    assert add_business_days(date(2026, 11, 21), 0, "US") == date(2026, 11, 21)


def test_unknown_country_is_refused():
    with pytest.raises(ValueError, match="MX"):
        is_business_day(date(2026, 11, 20), "MX")


@pytest.mark.parametrize("country", ["US", "CA"])
def test_calendar_frame_index_differences_equal_business_days_between(country):
    frame = calendar_frame(date(2026, 6, 1), date(2027, 1, 31), (country,))
    index = dict(zip(frame["day"], frame["bd_index"], strict=True))
    pairs = [(date(2026, 6, 29), date(2026, 7, 6)), (date(2026, 11, 20), date(2026, 12, 31))]
    for a, b in pairs:
        assert index[b] - index[a] == business_days_between(a, b, country)


def test_calendar_frame_has_one_row_per_country_and_day():
    frame = calendar_frame(date(2026, 11, 1), date(2026, 11, 30))
    assert len(frame) == 60
    assert sorted(frame["country"].unique()) == ["CA", "US"]


@pytest.mark.parametrize("country", ["US", "CA"])
def test_many_pairs_at_once_count_as_each_pair_alone(country):
    """Forward, reversed and same-day pairs over holidays of two years."""
    start = date(2025, 12, 20)
    days = [start + timedelta(days=k) for k in range(0, 400, 5)]
    pairs = [(a, b) for a in days[::5] for b in days[::3]]
    counts = business_days_between_many([a for a, _ in pairs], [b for _, b in pairs], country)
    assert counts.tolist() == [business_days_between(a, b, country) for a, b in pairs]
