"""`portrecon template OUT.xlsx`: an empty precheck sheet that guides the specialist's typing.

Data validation catches at typing time what would otherwise come back weeks later as a rejection
(a 9-digit number, a date typed as text, an unknown number type); number-like columns are text
so Excel keeps leading zeros and never turns a number into 4.155550123E9.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from portrecon.ingest.kinds import LOA
from portrecon.precheck.sheet import DATE_COLUMNS
from portrecon.precheck.workbook import CellWriter, output_workbook, print_setup

SHEET_NAME = "Numbers"
ROWS_VALIDATED = 10_000
# The LOA columns of PRODUCT.md 3.2, one number a row: `tn` where the LOA has `tns`.
COLUMNS = tuple("tn" if column == "tns" else column for column in LOA.columns)
TEXT_COLUMNS = ("account_number", "pin", "postal_code", "btn", "tn")
NUMBER_COLUMNS = ("tn", "btn")
EXAMPLE = {
    "loa_id": "LOA-1001",
    "order_id": "PROJ-1001",
    "number_type": "local",
    "losing_carrier": "AT&T",
    "end_user_name": "Acme Widgets Inc",
    "authorized_signer": "Ann Smith",
    "signed_date": dt.date(2026, 11, 2),
    "service_address_1": "123 N Main St",
    "service_address_2": "Suite 400",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "account_number": "0123456789",
    "pin": "(the port-out PIN)",
    "btn": "2175550100",
    "tn": "2175550101",
    "requested_port_date": dt.date(2026, 12, 15),
    "invoice_date": dt.date(2026, 10, 28),
}
HEADINGS = (
    "How to fill in the Numbers sheet",
    "How to check it",
    "Example row (do not paste it into Numbers)",
)
INSTRUCTIONS = (
    HEADINGS[0],
    "One row per telephone number (column tn). A cell may also hold a range such as "
    "2175550100-0199.",
    "Copy the end-user name, service address, account number and BTN exactly as they appear on "
    "the losing carrier's CSR or invoice.",
    "number_type: local or tollfree. Dates: real dates (yyyy-mm-dd). tn and btn: 10 digits.",
    "Extra columns and notes above the header are allowed; blank rows are ignored.",
    "",
    HEADINGS[1],
    "portrecon precheck filled.xlsx -o checked.xlsx   (optionally --warehouse FILE --as-of DATE)",
    "Every row gets a verdict: ok (clean), warn (worth a look) or block (the carrier will "
    "reject it), with the findings and the fix.",
    "The Sub-orders sheet groups the numbers that can go ahead into orders of one losing carrier "
    "and one account each, with the LOA values to use.",
    "PINs are never shown in the output (****).",
    "",
    HEADINGS[2],
)


def write_template(path: Path, replace: bool = True) -> None:
    """Write the empty precheck workbook: Numbers (headers + validation) and Instructions.

    `replace=False` refuses an existing file (the CLI without --force); PrecheckInputError."""
    with output_workbook(Path(path), replace) as workbook:
        writer = CellWriter(workbook)
        text = workbook.add_format({"num_format": "@"})
        numbers = workbook.add_worksheet(SHEET_NAME)
        writer.table(numbers, 0, COLUMNS, [])
        numbers.freeze_panes(1, 0)
        last = ROWS_VALIDATED
        for col, name in enumerate(COLUMNS):
            # Never narrower than the header, so no header is cut when printed.
            width = max(len(name) + 3, 14 if name in DATE_COLUMNS + NUMBER_COLUMNS else 16)
            numbers.set_column(col, col, width, text if name in TEXT_COLUMNS else None)
        _validate(numbers, last)
        print_setup(numbers, header_rows=True, fit_width=False)
        sheet = workbook.add_worksheet("Instructions")
        for row, line in enumerate(INSTRUCTIONS):
            writer.write_text(sheet, row, 0, line, writer.title if line in HEADINGS else None)
        writer.table(sheet, len(INSTRUCTIONS), COLUMNS, [[EXAMPLE[c] for c in COLUMNS]])
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, len(COLUMNS) - 1, 16)
        print_setup(sheet, header_rows=False)


def _validate(sheet: Worksheet, last: int) -> None:
    """Number type list, real dates, 10-digit numbers on the first `last` data rows."""
    col = COLUMNS.index
    sheet.data_validation(
        1,
        col("number_type"),
        last,
        col("number_type"),
        {
            "validate": "list",
            "source": ["local", "tollfree"],
            "input_title": "Number type",
            "input_message": "local or tollfree",
            "error_title": "Number type",
            "error_message": "Choose local or tollfree.",
        },
    )
    for name in DATE_COLUMNS:
        sheet.data_validation(
            1,
            col(name),
            last,
            col(name),
            {
                "validate": "date",
                "criteria": "between",
                "minimum": dt.date(2000, 1, 1),
                "maximum": dt.date(2100, 12, 31),
                "input_title": name,
                "input_message": "A date, e.g. 2026-12-15",
                "error_title": name,
                "error_message": "Type a real date (yyyy-mm-dd).",
            },
        )
    for name in NUMBER_COLUMNS:
        cell = xlsxwriter.utility.xl_rowcol_to_cell(1, col(name), row_abs=False, col_abs=True)
        sheet.data_validation(
            1,
            col(name),
            last,
            col(name),
            {
                "validate": "custom",
                "value": f"=AND(LEN({cell})=10,ISNUMBER(--{cell}))",
                "input_title": name,
                "input_message": "10 digits, e.g. 4155550123",
                "error_title": name,
                "error_message": "A number is 10 digits (area code first).",
            },
        )
