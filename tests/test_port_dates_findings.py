"""The PORT_DATE_* findings of build_findings and the `port_dates` table, on real DuckDB tables.

As-of is Friday 2026-11-20; a draft counts from it, so 2 business days make Tuesday the 24th the
earliest date and 2026-12-20 the latest (30 days).
"""

import datetime as dt

import pytest
from reconcile_world import AS_OF, Case, World, case_findings, codes

from portrecon import schema
from portrecon.carriers import default_carrier_book
from portrecon.port_dates import build_port_dates

MONDAY_1301_EST = dt.datetime(2026, 11, 16, 18, 1)
MONDAY_1259_EST = dt.datetime(2026, 11, 16, 17, 59)
THURSDAY = dt.date(2026, 11, 19)


def _submitted(when: dt.datetime, requested: dt.date):
    return lambda c: c.csr().loa(requested_port_date=requested).order(submitted_at=when)


CASES = {
    "saturday": lambda c: c.csr().loa(requested_port_date=dt.date(2026, 11, 28)),
    "thanksgiving": lambda c: c.csr().loa(requested_port_date=dt.date(2026, 11, 26)),
    "after_cut_off": _submitted(MONDAY_1301_EST, dt.date(2026, 11, 18)),
    "before_cut_off": _submitted(MONDAY_1259_EST, dt.date(2026, 11, 18)),
    "project_too_soon": lambda c: c.csr(tns=c.numbers(int(c.order_id[1:]), 100)).loa(
        tns=c.numbers(int(c.order_id[1:]), 100), requested_port_date=dt.date(2026, 11, 25)
    ),
    "day_31": lambda c: c.csr().loa(requested_port_date=dt.date(2026, 12, 21)),
    "day_30": lambda c: c.csr().loa(requested_port_date=dt.date(2026, 12, 18)),
}


@pytest.fixture(scope="module")
def found():
    return case_findings(CASES)


def _fix(found, case: str, code: str) -> str:
    rows = found[case]
    return rows.loc[rows["code"] == code, "fix"].item()


def test_a_saturday_is_not_a_business_day(found):
    assert codes(found, "saturday") == ["PORT_DATE_NOT_BUSINESS_DAY"]


def test_the_fix_of_a_saturday_names_the_next_business_day(found):
    fix = _fix(found, "saturday", "PORT_DATE_NOT_BUSINESS_DAY")
    assert fix.startswith("Request 2026-11-30 or later")


def test_us_thanksgiving_is_not_a_business_day_for_a_us_carrier(found):
    assert codes(found, "thanksgiving") == ["PORT_DATE_NOT_BUSINESS_DAY"]


def test_a_request_after_the_cut_off_makes_two_days_later_not_feasible(found):
    assert codes(found, "after_cut_off") == ["PORT_DATE_NOT_FEASIBLE"]
    assert _fix(found, "after_cut_off", "PORT_DATE_NOT_FEASIBLE").startswith(
        "Request 2026-11-19 or later"
    )


def test_a_request_before_the_cut_off_makes_two_days_later_feasible(found):
    assert codes(found, "before_cut_off") == []


def test_a_project_of_100_numbers_needs_five_business_days(found):
    assert codes(found, "project_too_soon") == ["PORT_DATE_NOT_FEASIBLE"]
    assert "5 business day(s) for 100 number(s)" in found["project_too_soon"]["detail"].item()


def test_31_days_ahead_is_too_far(found):
    assert codes(found, "day_31") == ["PORT_DATE_TOO_FAR"]
    assert _fix(found, "day_31", "PORT_DATE_TOO_FAR").startswith(
        "Request a date from 2026-11-24 to 2026-12-20"
    )


def test_30_days_ahead_is_not_too_far(found):
    # 2026-12-18 is the last business day up to day 30 (the 20th is a Sunday).
    assert codes(found, "day_30") == []


def _port_dates_world() -> World:
    """Open port-ins (a simple one overdue for its FOC, a 2-number one, a Centrex one by its
    LOA, a hunt group by its CSR) and a completed one."""
    world = World()
    for k, (count, status, submitted) in enumerate(
        [
            (1, "submitted", MONDAY_1259_EST),
            (2, "submitted", dt.datetime(2026, 11, 20, 20, 0)),
            (1, "approved", MONDAY_1259_EST),
            (1, "completed", MONDAY_1259_EST),
            (1, "submitted", dt.datetime(2026, 11, 20, 20, 0)),
        ]
    ):
        case = Case(world, k)
        tns = case.numbers(k, count)
        case.csr(tns=tns).loa(tns=tns, requested_port_date=THURSDAY)
        world.insert(
            schema.ORDERS,
            [
                {
                    "order_id": case.order_id,
                    "direction": "port_in",
                    "carrier_id": "att",
                    "country": "US",
                    "number_type": "local",
                    "tn_count": count,
                    "status": status,
                    "is_open": status != "completed",
                    "submitted_at": submitted,
                }
            ],
        )
    return world


@pytest.fixture(scope="module")
def port_dates():
    con = _port_dates_world().connect()
    con.execute(
        "CREATE TABLE loa_raw AS SELECT *, CASE WHEN order_id = 'O002' "
        'THEN \'{"Service Type": "Centrex"}\' END AS extra FROM loa_records'
    )
    con.execute(
        "CREATE TABLE csr_raw AS SELECT *, CASE WHEN account_number = 'A004' "
        'THEN \'{"features": "Hunt group, voicemail"}\' END AS extra FROM csr_records'
    )
    return build_port_dates(con, AS_OF, default_carrier_book()).set_index("order_id")


def test_port_dates_holds_open_port_ins_only(port_dates):
    assert port_dates.index.tolist() == ["O000", "O001", "O002", "O004"]


def test_port_dates_names_the_simple_port_and_why(port_dates):
    assert port_dates.loc["O000", "port_type"] == "simple"
    assert port_dates.loc["O001", "port_type_reason"] == "2 numbers (simple: at most 1)"


def test_port_dates_reads_a_complex_service_from_the_loa_columns(port_dates):
    assert port_dates.loc["O002", "port_type_reason"] == "complex service: Centrex"


def test_port_dates_reads_a_complex_service_from_the_csr_columns(port_dates):
    assert port_dates.loc["O004", "port_type_reason"] == "complex service: hunt group"


def test_port_dates_gives_the_earliest_feasible_date(port_dates):
    assert port_dates.loc["O000", "earliest_feasible_date"] == dt.date(2026, 11, 18)
    assert bool(port_dates.loc["O000", "feasible"])


def test_a_submitted_order_without_a_foc_after_24_business_hours_is_overdue(port_dates):
    assert bool(port_dates.loc["O000", "foc_overdue"])


def test_an_order_submitted_on_the_evening_of_as_of_is_not_overdue(port_dates):
    assert not bool(port_dates.loc["O001", "foc_overdue"])


def test_an_approved_order_is_never_foc_overdue(port_dates):
    assert not bool(port_dates.loc["O002", "foc_overdue"])
