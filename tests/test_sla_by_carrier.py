"""Per-carrier SLA by month of submission (`sla_by_carrier`, docs/metrics.md)."""

from datetime import date

import pandas as pd
import pytest
from timeline_tables import order, orders_table

from portrecon.schema import SLA_BY_CARRIER
from portrecon.sla import build_sla_by_carrier

AS_OF = date(2026, 11, 30)


def _sla(rows):
    return build_sla_by_carrier(orders_table(rows), AS_OF)


def _one_row(rows):
    frame = _sla(rows)
    assert len(frame) == 1
    return frame.iloc[0]


def test_orders_are_grouped_by_month_of_submission():
    frame = _sla([order("A", "2026-10-30T23:00:00"), order("B", "2026-11-02T01:00:00")])
    assert [m.date() for m in frame["month"]] == [date(2026, 10, 1), date(2026, 11, 1)]


def test_directions_are_separate_rows():
    frame = _sla([order("A"), order("B", direction="port_out")])
    assert sorted(frame["direction"]) == ["port_in", "port_out"]


def test_drafts_without_submission_are_not_counted():
    assert _one_row([order("A"), order("D", submitted_at=None)])["orders"] == 1


def test_rejection_rate_counts_an_order_rejected_twice_once():
    rows = [order("A", rejections=2), order("B"), order("C", rejections=1), order("D")]
    row = _one_row(rows)
    assert (row["rejected_orders"], row["rejection_rate"]) == (2, 0.5)


def test_median_days_to_foc_interpolates_linearly():
    rows = [order(n, days_to_foc=d) for n, d in zip("ABCD", (1, 2, 3, 10), strict=True)]
    assert _one_row(rows)["median_days_to_foc"] == pytest.approx(2.5)


def test_p90_days_to_foc_interpolates_linearly():
    # Position 0.9 * (4 - 1) = 2.7: 3 + 0.7 * (10 - 3).
    rows = [order(n, days_to_foc=d) for n, d in zip("ABCD", (1, 2, 3, 10), strict=True)]
    assert _one_row(rows)["p90_days_to_foc"] == pytest.approx(7.9)


def test_percentiles_ignore_orders_without_a_foc():
    rows = [order("A", days_to_foc=4), order("B")]
    assert _one_row(rows)["median_days_to_foc"] == 4


def test_on_time_rate_uses_the_carrier_profile_target():
    # AT&T's profile target is 15 business days to completion.
    rows = [order("A", days_to_complete=15), order("B", days_to_complete=16), order("C")]
    assert _one_row(rows)["on_time_rate"] == 0.5


def test_on_time_rate_20bd_uses_the_four_week_rule():
    rows = [order("A", days_to_complete=15), order("B", days_to_complete=20), order("C")]
    assert _one_row(rows)["on_time_rate_20bd"] == 1.0


def test_unknown_carrier_is_measured_against_the_default_target():
    rows = [order("A", carrier_id="acme", carrier="Acme", days_to_complete=20)]
    row = _one_row(rows)
    assert (row["sla_days_to_complete"], row["on_time_rate"]) == (20, 1.0)


def test_on_time_rate_is_null_when_nothing_completed():
    assert pd.isna(_one_row([order("A")])["on_time_rate"])


def test_completed_and_open_orders_are_counted():
    rows = [order("A", days_to_complete=3), order("B"), order("C", is_open=False)]
    row = _one_row(rows)
    assert (row["completed"], row["open_orders"]) == (1, 1)


def test_orders_submitted_after_as_of_are_not_counted():
    assert _one_row([order("A"), order("B", "2026-12-01T10:00:00")])["orders"] == 1


def test_sla_has_the_schema_columns_in_order():
    assert list(_sla([order("A")]).columns) == SLA_BY_CARRIER.column_names
