"""Property tests of the value parsers: numbers, ranges, dates, instants, codes, header matching.

Invariants (issue 15, item 1): no input raises anything but the parser's plain-words ValueError;
every spelling of a value reads as that value; reading a canonical value again changes nothing.
"""

import datetime as dt
import re

import pytest
from fuzzing import NASTY, examples, field_values, nationals, respelled, spelled_numbers
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from portrecon.ingest import values
from portrecon.ingest.files import header_mapping
from portrecon.ingest.kinds import SPECS
from portrecon.ingest.values import EXCEL_EPOCH, STATUSES, compact
from portrecon.phones import (
    MAX_RANGE,
    RangeError,
    nanp_e164,
    nanp_e164_many,
    parse_many,
    parse_number,
    split_tns,
)

any_text = st.one_of(field_values, st.text(), st.text("0123456789+-.() eE;,/:T\n"))


# --- telephone numbers ---------------------------------------------------------------------


@settings(max_examples=examples(300))
@given(spelled_numbers())
def test_every_spelling_of_a_number_reads_as_its_e164(spelled: tuple[str, str]) -> None:
    national, text = spelled
    assert nanp_e164(text) == parse_number(text).e164 == f"+1{national}"


@settings(max_examples=examples(300))
@given(any_text)
def test_reading_a_number_never_raises_and_its_e164_reads_as_itself(text: str) -> None:
    e164 = nanp_e164(text)
    assert e164 == parse_number(text).e164
    if e164 is not None:
        assert re.fullmatch(r"\+1[2-9]\d{9}", e164)
        assert nanp_e164(e164) == e164


@settings(max_examples=examples(50))
@given(st.lists(st.one_of(any_text, spelled_numbers().map(lambda s: s[1])), max_size=30))
def test_numbers_parsed_in_a_batch_read_as_each_alone(texts: list[str]) -> None:
    batch = list(parse_many(texts).itertuples(index=False, name=None))
    assert batch == [(p.e164, p.is_valid, p.region) for p in map(parse_number, texts)]


@settings(max_examples=examples(50))
@given(st.lists(st.one_of(any_text, spelled_numbers().map(lambda s: s[1])), max_size=30))
def test_numbers_read_in_one_vectorised_pass_read_as_each_alone(texts: list[str]) -> None:
    assert nanp_e164_many(texts) == [nanp_e164(text) for text in texts]


_SEPARATORS = st.sampled_from([";", ",", "\n", "; ", ", ", " ; ", "\r\n", ",\n"])


@settings(max_examples=examples(200))
@given(st.lists(spelled_numbers(), min_size=1, max_size=8), st.data())
def test_a_list_of_numbers_splits_into_each_number(
    numbers: list[tuple[str, str]], data: st.DataObject
) -> None:
    text = numbers[0][1]
    for _, spelled in numbers[1:]:
        text += data.draw(_SEPARATORS) + spelled
    assert [nanp_e164(t) for t in split_tns(text)] == [f"+1{n}" for n, _ in numbers]


# Forms without inner blanks, so that blanks alone can separate them (PRODUCT.md 3.2).
_COMPACT_FORMS = st.sampled_from(["{n}", "+1{n}", "1-{a}-{x}-{l}", "({a}){x}-{l}", "{a}.{x}.{l}"])


@settings(max_examples=examples(200))
@given(st.lists(st.tuples(nationals, _COMPACT_FORMS), min_size=1, max_size=8))
def test_numbers_separated_by_blanks_only_split_into_each_number(
    numbers: list[tuple[str, str]],
) -> None:
    texts = [f.format(n=n, a=n[:3], x=n[3:6], l=n[6:]) for n, f in numbers]
    assert [nanp_e164(t) for t in split_tns(" ".join(texts))] == [f"+1{n}" for n, _ in numbers]


@settings(max_examples=examples(200))
@given(nationals, st.integers(0, 2 * MAX_RANGE), st.sampled_from(["short", "full", "plus"]))
def test_a_range_expands_to_every_number_from_start_to_end(
    start: str, span: int, form: str
) -> None:
    end = str(int(start) + span)
    assume(len(end) == 10)
    tail = {"short": end[-4:] if start[:6] == end[:6] else end, "full": end, "plus": end}[form]
    text = f"{'+1' if form == 'plus' else ''}{start}-{tail}"
    if span + 1 > MAX_RANGE:
        with pytest.raises(RangeError, match=f"at most {MAX_RANGE}"):
            split_tns(text)
        return
    expanded = split_tns(text)
    assert expanded == [str(n) for n in range(int(start), int(end) + 1)]


@settings(max_examples=examples(300))
@given(any_text)
def test_splitting_any_tns_text_gives_texts_or_a_plain_range_error(text: str) -> None:
    try:
        numbers = split_tns(text)
    except RangeError as exc:
        assert str(exc).startswith(("range ", "lists more than"))
        return
    assert all(isinstance(n, str) and n.strip() for n in numbers)


# --- dates and instants --------------------------------------------------------------------

dates = st.dates(dt.date(1903, 1, 1), dt.date(2099, 12, 31))


@settings(max_examples=examples(300))
@given(dates, st.sampled_from(["iso", "us", "us-short", "serial", "serial-float", "datetime"]))
def test_every_spelling_of_a_date_reads_as_that_date(day: dt.date, form: str) -> None:
    serial = (day - EXCEL_EPOCH.date()).days
    text = {
        "iso": day.isoformat(),
        "us": day.strftime("%m/%d/%Y"),
        "us-short": f"{day.month}/{day.day}/{day.year:04d}",
        "serial": str(serial),
        "serial-float": f"{serial}.0",
        "datetime": f"{day.isoformat()} 00:00:00",
    }[form]
    assert values.parse_date(text) == day
    assert values.parse_date(values.parse_date(text).isoformat()) == day


instants = st.datetimes(dt.datetime(1903, 1, 1), dt.datetime(2099, 12, 31)).map(
    lambda t: t.replace(microsecond=0)
)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))


@settings(max_examples=examples(300))
@given(instants, offsets, st.sampled_from(["offset", "zulu", "naive", "us"]))
def test_every_spelling_of_an_instant_reads_as_that_utc_instant(
    utc: dt.datetime, zone: dt.timezone, form: str
) -> None:
    local = utc.replace(tzinfo=dt.UTC).astimezone(zone)
    text = {
        "offset": local.isoformat(),
        "zulu": utc.isoformat() + "Z",
        "naive": utc.isoformat(sep=" "),
        "us": utc.strftime("%m/%d/%Y %H:%M:%S"),
    }[form]
    assert values.parse_datetime(text) == utc
    assert values.parse_datetime(values.parse_datetime(text).isoformat()) == utc


@settings(max_examples=examples(200))
@given(st.integers(1000, 99999), st.integers(0, 86399))
def test_an_excel_serial_datetime_reads_to_the_second(days: int, seconds: int) -> None:
    expected = EXCEL_EPOCH + dt.timedelta(days=days, seconds=seconds)
    read = values.parse_datetime(repr(days + seconds / 86400))
    assert abs(read - expected) < dt.timedelta(milliseconds=1)


PARSERS = [
    values.parse_date,
    values.parse_datetime,
    values.parse_count,
    values.parse_status,
    values.parse_direction,
    values.parse_number_type,
]


def _value_or_plain_refusal(parser, text: str) -> None:
    try:
        parser(text)
    except ValueError as exc:
        message = str(exc)
        assert message and "Error" not in message and "Traceback" not in message


@settings(max_examples=examples(300))
@given(any_text, st.sampled_from(PARSERS))
def test_a_parser_returns_a_value_or_a_plain_words_value_error(text: str, parser) -> None:
    _value_or_plain_refusal(parser, text)


@pytest.mark.parametrize("parser", PARSERS)
def test_the_nasty_values_never_break_a_parser(parser) -> None:
    for text in NASTY:
        _value_or_plain_refusal(parser, text)


# --- coded values --------------------------------------------------------------------------


@settings(max_examples=examples(200))
@given(st.sampled_from(STATUSES), st.data())
def test_every_spelling_of_a_status_reads_as_that_status(status: str, data: st.DataObject) -> None:
    assert values.parse_status(data.draw(respelled(status))) == status
    assert values.parse_status(status) == status


@settings(max_examples=examples(100))
@given(
    st.sampled_from([("port_in", values.parse_direction), ("port_out", values.parse_direction),
                     ("local", values.parse_number_type), ("toll_free", values.parse_number_type)]),
    st.data(),
)  # fmt: skip
def test_every_spelling_of_a_direction_or_number_type_reads_as_it(
    case: tuple[str, object], data: st.DataObject
) -> None:
    code, parser = case
    expected = parser(code)
    assert parser(data.draw(respelled(code))) == expected
    assert parser(expected) == expected


@settings(max_examples=examples(100))
@given(st.integers(0, 10**12), st.sampled_from(["{n}", "{n}.0", "{n:,}", " {n} "]))
def test_a_whole_number_reads_in_each_spelling(number: int, form: str) -> None:
    assert values.parse_count(form.format(n=number)) == number


# --- header matching -----------------------------------------------------------------------


@settings(max_examples=examples(100))
@given(st.sampled_from(sorted(SPECS)), st.data())
def test_headers_match_their_column_whatever_the_spelling_order_or_extras(
    kind: str, data: st.DataObject
) -> None:
    spec = SPECS[kind]
    columns = data.draw(st.permutations(spec.columns))
    columns = columns[: data.draw(st.integers(1, len(columns)))]
    known = {compact(c) for c in spec.columns}
    unknown = data.draw(
        st.lists(st.text(max_size=12).filter(lambda s: compact(s) not in known), max_size=3)
    )
    header = [data.draw(respelled(c)) for c in columns]
    header += unknown
    twice = data.draw(st.sampled_from(columns))
    header.append(twice.upper())  # the same column again: only its first position counts
    order = data.draw(st.permutations(range(len(header))))
    shuffled = [header[i] for i in order]
    mapping = header_mapping(shuffled, spec, {})
    assert sorted(mapping.values()) == sorted(columns)
    for position, canonical in mapping.items():
        assert compact(shuffled[position]) == compact(canonical)
        assert all(compact(h) != compact(canonical) for h in shuffled[:position])


@settings(max_examples=examples(200))
@given(st.text())
def test_compacting_a_header_twice_equals_once(text: str) -> None:
    assert compact(compact(text)) == compact(text)
