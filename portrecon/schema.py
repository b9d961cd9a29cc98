"""The warehouse contract (PRODUCT.md section 7) as data: every table, column, type and meaning.

One definition serves the DuckDB DDL, the column comments analysts see, docs/warehouse.md and the
data-quality suites, so the documentation cannot drift from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    doc: str


@dataclass(frozen=True)
class Table:
    name: str
    grain: str
    doc: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        cols = ",\n  ".join(f'"{c.name}" {c.sql_type}' for c in self.columns)
        return f'CREATE TABLE "{self.name}" (\n  {cols}\n)'


def _c(name: str, sql_type: str, doc: str) -> Column:
    return Column(name, sql_type, doc)


_SOURCE = (
    _c("source_file", "VARCHAR", "Path of the input file, relative to the inbox root."),
    _c("source_line", "BIGINT", "Line (CSV, 1 = header) or row (xlsx) of the record in that file."),
)
_ADDRESS = (
    _c("service_address_1", "VARCHAR", "Street line as written (trimmed)."),
    _c("service_address_2", "VARCHAR", "Unit line as written; NULL when empty."),
    _c("city", "VARCHAR", "City as written."),
    _c("state", "VARCHAR", "State or province as written."),
    _c("postal_code", "VARCHAR", "ZIP, ZIP+4 or Canadian postal code as written."),
)

CSR_RAW = Table(
    "csr_raw",
    "one loaded CSR row (every CSR version, superseded ones included)",
    "All CSR rows that passed parsing, before newest-CSR selection. Unknown columns in `extra`.",
    (
        _c("carrier", "VARCHAR", "Losing carrier name as the carrier writes it."),
        _c("carrier_id", "VARCHAR", "Carrier key: profile id, or normalised name for unknown carriers."),
        _c("account_number", "VARCHAR", "Account number as text, as written (leading zeros kept)."),
        _c("account_name", "VARCHAR", "End-user name on file at the losing carrier."),
        *_ADDRESS,
        _c("btn", "VARCHAR", "Billing telephone number, E.164; NULL when absent or unreadable."),
        _c("tn", "VARCHAR", "Telephone number on the account, E.164."),
        _c("pin_hash", "VARCHAR", "HMAC-SHA256 of the PIN under the local key; NULL when no PIN."),
        _c("csr_date", "DATE", "Date the CSR was produced."),
        *_SOURCE,
        _c("extra", "VARCHAR", "JSON object of columns the product does not know, as read."),
    ),
)

CSR_RECORDS = Table(
    "csr_records",
    "carrier, account, number (newest CSR)",
    "The newest CSR row per (carrier_id, account_number, tn) by csr_date, ties to the later file/line.",
    CSR_RAW.columns[:-1],
)

LOA_RECORDS = Table(
    "loa_records",
    "LOA (one port-in order)",
    "One row per LOA; when one loa_id arrives twice the later file/line wins (the other is kept "
    "in loa_raw).",
    (
        _c("loa_id", "VARCHAR", "LOA identifier."),
        _c("order_id", "VARCHAR", "Port-in order the LOA authorises."),
        _c("number_type", "VARCHAR", "`local` or `tollfree`."),
        _c("losing_carrier", "VARCHAR", "Losing carrier as written on the LOA."),
        _c("carrier_id", "VARCHAR", "Carrier key of losing_carrier."),
        _c("end_user_name", "VARCHAR", "End-user name on the LOA."),
        _c("authorized_signer", "VARCHAR", "Person who signed the LOA."),
        _c("signed_date", "DATE", "Signature date; NULL = not signed."),
        *_ADDRESS,
        _c("account_number", "VARCHAR", "Account number at the losing carrier, as text."),
        _c("pin_hash", "VARCHAR", "HMAC-SHA256 of the PIN under the local key; NULL when no PIN."),
        _c("btn", "VARCHAR", "Billing telephone number, E.164; NULL when absent or unreadable."),
        _c("requested_port_date", "DATE", "Port date the customer asked for."),
        _c("invoice_date", "DATE", "Date of the invoice supplied with the LOA; NULL when none."),
        _c("tn_count", "INTEGER", "Numbers listed on the LOA after range expansion."),
        *_SOURCE,
    ),
)

LOA_RAW = Table(
    "loa_raw",
    "one loaded LOA row (duplicates of a loa_id included)",
    "All LOA rows that passed parsing. Unknown columns in `extra`.",
    (*LOA_RECORDS.columns, _c("extra", "VARCHAR", "JSON object of unknown columns, as read.")),
)

LOA_NUMBERS = Table(
    "loa_numbers",
    "LOA number",
    "Every number of every LOA after list splitting and range expansion.",
    (
        _c("order_id", "VARCHAR", "Port-in order."),
        _c("loa_id", "VARCHAR", "LOA the number is listed on."),
        _c("tn", "VARCHAR", "E.164 form when the text is a 10-digit NANP number, else NULL."),
        _c("tn_raw", "VARCHAR", "The number as written (after range expansion)."),
        _c("is_valid", "BOOLEAN", "True when phonenumbers calls it a valid number."),
        _c("region", "VARCHAR", "Region of the number (US, CA, or another NANP country); NULL."),
    ),
)

ORDER_EVENTS_RAW = Table(
    "order_events_raw",
    "one loaded event row (duplicates included)",
    "All event rows that passed parsing, before de-duplication. Unknown columns in `extra`.",
    (
        _c("order_id", "VARCHAR", "Port order."),
        _c("direction", "VARCHAR", "`port_in` or `port_out`."),
        _c("carrier", "VARCHAR", "The other carrier as written (losing for port-in, gaining for port-out)."),
        _c("carrier_id", "VARCHAR", "Carrier key."),
        _c("number_type", "VARCHAR", "`local` or `tollfree`; NULL when not given."),
        _c("tn_count", "INTEGER", "Numbers in the order; NULL when not given."),
        _c("event_time", "TIMESTAMP", "Instant of the event in UTC (values without zone are UTC)."),
        _c("status", "VARCHAR", "Normalised status (PRODUCT.md 3.3)."),
        _c("status_raw", "VARCHAR", "Status as written."),
        _c("foc_date", "DATE", "Firm Order Commitment date, with approved/FOC events."),
        _c("reason", "VARCHAR", "Free-text reason, with rejected/update_required/cancelled/stopped."),
        *_SOURCE,
        _c("extra", "VARCHAR", "JSON object of unknown columns, as read."),
    ),
)

ORDER_EVENTS = Table(
    "order_events",
    "distinct event",
    "One row per (order_id, status, event_time); the first file/line in path order is kept.",
    ORDER_EVENTS_RAW.columns[:-1],
)

QUARANTINE = Table(
    "quarantine",
    "bad row or bad file",
    "Everything that could not be loaded, with the reason in plain words. PINs are masked in raw.",
    (
        _c("source_file", "VARCHAR", "Path of the input file, relative to the inbox root."),
        _c("source_line", "BIGINT", "Line or row in the file; NULL for a whole-file entry."),
        _c("kind", "VARCHAR", "`csr`, `loa` or `orders`."),
        _c("reason", "VARCHAR", "Why the row or file was not loaded."),
        _c("raw", "VARCHAR", "The raw row as JSON (header -> text) with any PIN masked as ****."),
    ),
)

INGEST_FILES = Table(
    "ingest_files",
    "input file",
    "What happened to every file below the inbox: read, skipped (matches no pattern) or unreadable.",
    (
        _c("source_file", "VARCHAR", "Path relative to the inbox root."),
        _c("kind", "VARCHAR", "`csr`, `loa`, `orders`, or NULL when skipped."),
        _c("status", "VARCHAR", "`loaded`, `rejected` (whole file quarantined) or `skipped`."),
        _c("encoding", "VARCHAR", "Detected text encoding, or `xlsx`."),
        _c("rows_read", "BIGINT", "Data rows read (an unreadable file counts as 1)."),
        _c("rows_loaded", "BIGINT", "Rows loaded into the raw layer."),
        _c("rows_quarantined", "BIGINT", "Rows sent to quarantine. rows_read = loaded + quarantined."),
        _c("message", "VARCHAR", "Plain-words note (why skipped or rejected)."),
    ),
)

RUN_LOG = Table(
    "run_log",
    "run",
    "One row per nightly run that produced this warehouse.",
    (
        _c("run_id", "VARCHAR", "Dagster run id."),
        _c("as_of", "DATE", "The as-of date every relative rule used."),
        _c("started_at", "TIMESTAMP", "Wall-clock start (UTC)."),
        _c("finished_at", "TIMESTAMP", "Wall-clock end of the build, before the swap (UTC)."),
        _c("files_read", "BIGINT", "Files matching an input pattern."),
        _c("files_skipped", "BIGINT", "Files matching no pattern."),
        _c("rows_in", "BIGINT", "Rows read over all files."),
        _c("rows_loaded", "BIGINT", "Rows loaded over all files."),
        _c("rows_quarantined", "BIGINT", "Rows quarantined over all files."),
    ),
)

INGEST_TABLES: tuple[Table, ...] = (
    CSR_RAW,
    CSR_RECORDS,
    LOA_RAW,
    LOA_RECORDS,
    LOA_NUMBERS,
    ORDER_EVENTS_RAW,
    ORDER_EVENTS,
    QUARANTINE,
    INGEST_FILES,
)
