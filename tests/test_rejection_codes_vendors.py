"""Vendor and industry codes in an order event's reason (PRODUCT.md section 10,
docs/rejection_codes.md): each published code is read wherever it is written as a code, and means
one taxonomy entry and one finding (or none)."""

import pytest

from portrecon.findings_catalogue import ALL_CODES, FIELDS
from portrecon.rejection_reasons import BY_CODE, classify_reason, finding_family
from portrecon.vendor_codes import VENDORS, code_tables, read_code

ENTRIES = [entry for vendor in VENDORS for entry in code_tables()[vendor]]


def _id(entry: object) -> str:
    return f"{entry.vendor}-{entry.code}"


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_every_published_code_means_a_taxonomy_entry_and_a_finding_it_agrees_with(entry) -> None:
    assert entry.finding in (None, finding_family(BY_CODE[entry.reason_code]))
    assert entry.finding is None or entry.finding in (*FIELDS, *ALL_CODES)
    assert entry.source and entry.description


@pytest.mark.parametrize("vendor", VENDORS)
def test_each_vendor_table_has_its_codes_once(vendor: str) -> None:
    keys = [(e.code, e.jcode) for e in code_tables()[vendor]]
    assert keys and len(keys) == len(set(keys))


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
@pytest.mark.parametrize(
    "written", ["{}", "{} - description from the carrier", "Rejected: {}", "Order rejected ({})"]
)
def test_a_code_is_read_alone_prefixed_with_a_description_or_in_brackets(entry, written) -> None:
    reading = read_code(written.format(entry.code))
    assert reading is not None
    assert (reading.vendor, reading.vendor_code) == (entry.vendor, entry.code)


def test_telnyx_exception_types_are_read_anywhere_in_a_sentence() -> None:
    reading = read_code("Losing carrier says PASSCODE_PIN_INVALID for 2 numbers")
    assert (reading.vendor, reading.entry.finding) == ("telnyx", "PIN")


def test_telnyx_sv_conflict_is_a_number_in_another_order() -> None:
    assert read_code("SV_CONFLICT").entry.finding == "TN_IN_OTHER_ORDER"


def test_bandwidth_7402_with_jcode_8d_is_an_address_zip_mismatch() -> None:
    reading = read_code("7402 / 8D Order is being rejected for address (zip code) mismatch")
    assert (reading.vendor, reading.vendor_code, reading.jcode) == ("bandwidth", "7402", "8D")
    assert (reading.entry.finding, reading.entry.component) == ("ADDRESS", "zip")


def test_bandwidth_7403_is_a_number_not_portable() -> None:
    assert read_code("Bandwidth 7403").entry.finding == "TN_NOT_PORTABLE"


def test_bandwidth_carrier_codes_cover_7401_to_7485_as_published() -> None:
    codes = {int(e.code) for e in code_tables()["bandwidth"]}
    assert min(codes) == 7400 and max(codes) == 7485 and 7401 in codes


def test_the_jcodes_of_one_bandwidth_code_share_its_meaning() -> None:
    meaning: dict[str, set[tuple[str, str | None]]] = {}
    for e in code_tables()["bandwidth"]:
        meaning.setdefault(e.code, set()).add((e.reason_code, e.finding))
    assert all(len(m) == 1 for m in meaning.values())


@pytest.mark.parametrize(
    ("jcode", "finding"),
    [("8A", "ACCOUNT"), ("8C", "PIN"), ("8D", "ADDRESS"), ("8G", "NAME"), ("E1", "ADDRESS"),
     ("E10", "NAME"), ("E14", "BTN"), ("6M", "TN_IN_OTHER_ORDER"), ("6N", "TN_IN_OTHER_ORDER"),
     ("6P", None)],
)  # fmt: skip
def test_industry_jcodes_map_to_the_finding_that_predicts_them(jcode: str, finding) -> None:
    reading = read_code(f"JCode {jcode}")
    assert (reading.vendor, reading.jcode, reading.entry.finding) == ("industry", jcode, finding)


def test_an_industry_code_for_a_check_portrecon_lacks_maps_to_no_finding() -> None:
    assert read_code("E6c").entry.reason_code == "COMPLEX_SERVICE"


def test_twilio_22137_is_a_port_already_in_progress() -> None:
    reading = read_code("Twilio error 22137: Port is already in progress")
    assert (reading.vendor, reading.entry.finding) == ("twilio", "TN_IN_OTHER_ORDER")


@pytest.mark.parametrize("text", ["7777", "Error 22999 unknown", "JCode ZZ9", "Rejected: 7486"])
def test_an_unknown_code_is_not_read_and_the_reason_is_still_classified(text: str) -> None:
    assert read_code(text) is None
    assert classify_reason(text).code == "OTHER"


@pytest.mark.parametrize("text", ["Suite 7402 not on file", "Unit 8D does not match", "Other", ""])
def test_numbers_and_words_inside_a_sentence_are_not_codes(text: str) -> None:
    assert read_code(text) is None


def test_the_code_decides_the_taxonomy_entry_over_generic_words() -> None:
    assert classify_reason("8C - order rejected, see notes").code == "PIN_MISMATCH"
