"""Open orders by business days since submission (`order_aging`, docs/metrics.md).

As-of is Monday 2026-11-30, after US Thanksgiving."""

from datetime import date
from functools import cache

from timeline_tables import order, orders_table

from portrecon.aging import build_order_aging
from portrecon.schema import ORDER_AGING

AS_OF = date(2026, 11, 30)
ROWS = [
    order("FIVE", "2026-11-20T15:00:00"),  # 23, 24, 25, 27, 30 Nov
    order("SIX", "2026-11-19T15:00:00"),  # 20, 23, 24, 25, 27, 30 Nov
    order("NINETEEN", "2026-10-30T15:00:00"),  # November minus Veterans Day and Thanksgiving
    order("DRAFT", submitted_at=None),
    order("DONE", "2026-11-02T15:00:00", days_to_complete=10),
]


@cache
def _aging():
    return build_order_aging(orders_table(ROWS), AS_OF).set_index("order_id")


def test_business_days_open_skip_thanksgiving_and_weekends():
    assert _aging().loc["FIVE", "business_days_open"] == 5


def test_five_business_days_is_in_the_first_bucket():
    assert _aging().loc["FIVE", "bucket"] == "0-5"


def test_six_business_days_is_in_the_second_bucket():
    assert _aging().loc["SIX", "bucket"] == "6-10"


def test_nineteen_business_days_is_in_the_eleven_to_twenty_bucket():
    assert _aging().loc["NINETEEN", ["business_days_open", "bucket"]].tolist() == [19, "11-20"]


def test_order_older_than_the_carrier_target_is_over_target():
    # AT&T's completion target is 15 business days.
    assert _aging().loc["NINETEEN", "over_target"]


def test_draft_is_in_the_not_submitted_bucket():
    assert _aging().loc["DRAFT", "bucket"] == "not submitted"


def test_closed_orders_are_not_aging():
    assert "DONE" not in _aging().index


def test_buckets_sort_youngest_first_and_drafts_last():
    assert _aging().index.tolist() == ["FIVE", "SIX", "NINETEEN", "DRAFT"]


def test_aging_has_the_schema_columns_in_order():
    assert list(_aging().reset_index().columns) == ORDER_AGING.column_names
