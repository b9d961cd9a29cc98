"""Writers for small real inbox files (CSV in any encoding, xlsx) and default rows."""

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from portrecon.ingest.kinds import CSR, LOA, ORDERS

CSR_HEADER = list(CSR.columns)
LOA_HEADER = list(LOA.columns)
EVENT_HEADER = list(ORDERS.columns)


def csr_row(**overrides: str) -> list[str]:
    row = {
        "carrier": "Acme Telecom",
        "account_number": "000123",
        "account_name": "ACME INCORPORATED",
        "service_address_1": "123 N Main St",
        "service_address_2": "Ste 4",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701-1234",
        "btn": "(217) 555-0100",
        "tn": "2175550100",
        "pin": "4321",
        "csr_date": "2026-10-01",
    } | overrides
    return [row[c] for c in CSR_HEADER]


def loa_row(**overrides: str) -> list[str]:
    row = {
        "loa_id": "LOA1",
        "order_id": "PI1",
        "number_type": "local",
        "losing_carrier": "ACME TELECOM INC",
        "end_user_name": "Acme Inc",
        "authorized_signer": "Pat Doe",
        "signed_date": "2026-10-15",
        "service_address_1": "123 North Main Street",
        "service_address_2": "Suite 4",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "account_number": "123",
        "pin": "4321",
        "btn": "217.555.0100",
        "tns": "2175550100;2175550101",
        "requested_port_date": "2026-12-01",
        "invoice_date": "2026-10-01",
    } | overrides
    return [row[c] for c in LOA_HEADER]


def event_row(**overrides: str) -> list[str]:
    row = {
        "order_id": "PI1",
        "direction": "port_in",
        "carrier": "Acme Telecom",
        "number_type": "local",
        "tn_count": "2",
        "event_time": "2026-10-20T10:00:00-05:00",
        "status": "submitted",
        "foc_date": "",
        "reason": "",
    } | overrides
    return [row[c] for c in EVENT_HEADER]


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8"
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def named_inbox(root: Path, name: str) -> Path:
    """A three-file inbox (CSR, LOA, order events) whose file names carry `name`: what a run
    published says whose files it read."""
    inbox = root / f"inbox_{name}"
    write_csv(inbox / f"csr_{name}.csv", CSR_HEADER, [csr_row(), csr_row(tn="2175550101")])
    write_csv(inbox / f"loa_{name}.csv", LOA_HEADER, [loa_row()])
    write_csv(inbox / f"order_{name}.csv", EVENT_HEADER, [event_row()])
    return inbox
