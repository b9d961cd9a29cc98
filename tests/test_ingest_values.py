"""Values as people and Excel type them (PRODUCT.md 3.4) become one canonical form."""

import datetime as dt

import pytest

from portrecon.ingest.values import parse_date, parse_datetime, parse_direction, parse_status
from portrecon.phones import RangeError, parse_number, split_tns


@pytest.mark.parametrize(
    "text",
    [
        "(415) 555-0123",
        "415.555.0123",
        "1-415-555-0123",
        "+1 415 555 0123",
        "4155550123",
        "4155550123.0",
        "4.155550123E9",
    ],
)
def test_every_typed_number_form_becomes_e164(text: str) -> None:
    assert parse_number(text).e164 == "+14155550123"


def test_number_outside_us_and_canada_keeps_its_region() -> None:
    parsed = parse_number("+1 876 555 0123")
    assert parsed.e164 == "+18765550123"
    assert parsed.region not in {"US", "CA"}


def test_text_that_is_no_number_has_no_e164() -> None:
    assert parse_number("TBD").e164 is None


def test_short_range_form_expands_inclusively() -> None:
    assert split_tns("4155550100-0103") == [
        "4155550100",
        "4155550101",
        "4155550102",
        "4155550103",
    ]


def test_full_range_form_expands_inclusively() -> None:
    assert split_tns("4155550198-4155550199") == ["4155550198", "4155550199"]


def test_dashed_single_number_is_not_a_range() -> None:
    assert split_tns("1-415-555-0123") == ["1-415-555-0123"]


def test_lists_split_on_semicolons_commas_spaces_and_newlines() -> None:
    text = "4155550100; 4155550101,415.555.0102 415.555.0103\n+1 415 555 0104"
    assert [parse_number(t).e164 for t in split_tns(text)] == [f"+1415555010{i}" for i in range(5)]


def test_range_over_ten_thousand_numbers_is_refused() -> None:
    with pytest.raises(RangeError, match="at most 10000"):
        split_tns("4155500000-4155520000")


def test_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(RangeError, match="ends before"):
        split_tns("4155550199-0100")


@pytest.mark.parametrize(
    "text", ["2026-11-03", "11/03/2026", "46329", "46329.0", "2026-11-03 00:00:00"]
)
def test_every_date_form_reads_as_the_same_day(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 11, 3)


def test_impossible_date_is_an_error_in_plain_words() -> None:
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("31/31/2026")


def test_event_time_with_offset_is_stored_in_utc() -> None:
    assert parse_datetime("2026-03-24T08:22:12-08:00") == dt.datetime(2026, 3, 24, 16, 22, 12)


def test_event_time_without_zone_is_utc() -> None:
    assert parse_datetime("2026-01-26 14:44:18") == dt.datetime(2026, 1, 26, 14, 44, 18)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Update Required", "update_required"),
        ("UPDATE-REQUIRED", "update_required"),
        ("FOC", "approved"),
        ("Submitted", "submitted"),
        ("Confirmation Sent", "confirmation_sent"),
        ("canceled", "cancelled"),
    ],
)
def test_status_spellings_are_normalised(text: str, status: str) -> None:
    assert parse_status(text) == status


def test_unknown_status_is_an_error() -> None:
    with pytest.raises(ValueError, match="not recognised"):
        parse_status("pending-ish")


@pytest.mark.parametrize("text", ["port_in", "Port In", "PORT-IN", "portin"])
def test_direction_spellings_are_normalised(text: str) -> None:
    assert parse_direction(text) == "port_in"


def test_a_ten_digit_token_starting_with_1_does_not_swallow_the_next_number() -> None:
    assert split_tns("1416048858 +18136214304") == ["1416048858", "+18136214304"]


def test_blank_separated_numbers_of_mixed_forms_split_into_each_number() -> None:
    assert split_tns("0283564093 1998296785 1-647-393-1369") == [
        "0283564093",
        "1998296785",
        "1-647-393-1369",
    ]


def test_ten_digit_text_with_leading_zero_is_no_number() -> None:
    assert parse_number("0004382337").e164 is None


def test_vanity_letters_are_read_by_phonenumbers() -> None:
    assert parse_number("1-800-FLOWERS").e164 == "+18003569377"
