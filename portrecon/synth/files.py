"""The inbox as a porting desk receives it: per-carrier CSR exports (CSV in UTF-8, BOM and
Windows-1252, one xlsx, nested folders, an archive of superseded CSRs, a file without its tn
column, a fake .xlsx), LOA intake files, order event logs split by period with duplicates in
other spellings and time zones, clutter, and bad rows of every kind."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from portrecon.synth.badrows import BadRowMaker
from portrecon.synth.calendars import BusinessCalendar
from portrecon.synth.formats import (
    DATE_FORMS,
    DIRECTION_SPELLINGS,
    NUMBER_TYPE_SPELLINGS,
    STATUS_SPELLINGS,
    TIME_FORMS,
    date_cell,
    render_date,
    render_time,
    render_tn,
    render_tns,
    spell,
    time_cell,
)
from portrecon.synth.orders import PortIn
from portrecon.synth.rand import Dice
from portrecon.synth.tables import (
    HEADER_STYLES,
    FileTruth,
    TableFile,
    header_text,
    write_skipped,
    write_unreadable,
)
from portrecon.synth.timelines import Event
from portrecon.synth.values import render_address, render_name
from portrecon.synth.world import Account, Carrier

# The columns of PRODUCT.md 3.1-3.3, written down here rather than taken from the ingest so
# that the generator checks the ingest instead of following it.
CSR_COLUMNS = [
    "carrier", "account_number", "account_name", "service_address_1", "service_address_2",
    "city", "state", "postal_code", "btn", "tn", "pin", "csr_date",
]  # fmt: skip
LOA_COLUMNS = [
    "loa_id", "order_id", "number_type", "losing_carrier", "end_user_name", "authorized_signer",
    "signed_date", "service_address_1", "service_address_2", "city", "state", "postal_code",
    "account_number", "pin", "btn", "tns", "requested_port_date", "invoice_date",
]  # fmt: skip
EVENT_COLUMNS = [
    "order_id", "direction", "carrier", "number_type", "tn_count", "event_time", "status",
    "foc_date", "reason",
]  # fmt: skip
UNKNOWN_COLUMNS = {
    "notes": ("", "", "auto export", "verified by phone", "see ticket"),
    "rate_plan": ("", "RES-BASIC", "BUS-UNL", "PRI-23B"),
    "region_code": ("", "MA", "NE", "SE", "W"),
    "sales_rep": ("", "J. Ortiz", "K. Tran", "M. Dubois"),
}
XLSX_ROW_CAP = {"csr": 6000, "loa": 3000, "orders": 3000}
HISTORY_DAYS = 180
_ADDRESS_COLUMNS = ("service_address_1", "service_address_2", "city", "state", "postal_code")
_README = b"Synthetic nightly drop written by portrecon synth: carrier exports and intake files.\n"
_PDF = b"%PDF-1.4\n% portrecon synth: stand-in for a scanned document\n%%EOF\n"


@dataclass(slots=True)
class Layout:
    """How one file is written: header spelling, column order, dates, encoding."""

    path: str
    columns: list[str]
    headers: list[str]
    encoding: str = "utf-8"
    newline: str = "\n"
    date_forms: tuple[str, ...] = ("iso",)
    header_row: int = 1

    @property
    def unknown(self) -> list[str]:
        """Columns the product does not know (they come last)."""
        return [c for c in self.columns[-2:] if c in UNKNOWN_COLUMNS]


def _layout(
    dice: Dice,
    path: str,
    canonical: list[str],
    style: str,
    *,
    encoding: str = "utf-8",
    shuffle: bool = False,
    unknown: int = 0,
    aliases: dict | None = None,
    drop: str | None = None,
) -> Layout:
    columns = [c for c in canonical if c != drop]
    if shuffle:
        dice.shuffle(columns)
    columns += dice.sample(list(UNKNOWN_COLUMNS), unknown)
    headers = []
    for column in columns:
        alias = (aliases or {}).get(column)
        headers.append(alias[0] if alias else header_text(column, style))
    if dice.chance(0.2):
        headers[-1] += " "
    forms = tuple(dice.sample(DATE_FORMS, dice.integer(1, 2)))
    return Layout(path, columns, headers, encoding, "\r\n" if dice.chance(0.4) else "\n", forms)


def _open(root: Path, layout: Layout, kind: str, dice: Dice, **options) -> TableFile:
    return TableFile(
        root,
        layout.path,
        kind,
        layout.columns,
        layout.headers,
        dice,
        encoding=layout.encoding,
        newline=layout.newline,
        header_row=layout.header_row,
        **options,
    )


def _unknown_values(row: dict, layout: Layout, dice: Dice) -> None:
    for column in layout.unknown:
        row[column] = dice.pick(UNKNOWN_COLUMNS[column])


def _add_bad_copy(
    table: TableFile, bad: BadRowMaker, row: dict, columns: list[str], first_tn: int | None = None
) -> None:
    """A corrupted copy of `row` right after it (ragged only in CSV files)."""
    corrupted, reason = bad.corrupt(row, columns, not table.xlsx, first_tn)
    if isinstance(corrupted, list):
        table.add_fields(corrupted, reason)
    else:
        table.add(corrupted, reason)


class InboxWriter:
    """Writes every file of the inbox and collects each file's truth."""

    def __init__(
        self, root: Path, dice: Dice, as_of: int, calendars: dict[str, BusinessCalendar]
    ) -> None:
        self.root = root
        self.dice = dice
        self.as_of = as_of
        self.calendars = calendars
        self.month = date.fromordinal(as_of).strftime("%Y-%m")
        self.year = date.fromordinal(as_of).year
        self.truths: list[FileTruth] = []

    # --- shared cell rendering -------------------------------------------------------------
    def _date(self, day: int | None, table: TableFile, forms: tuple[str, ...]) -> object:
        if day is None:
            return ""
        if table.xlsx:
            return date_cell(day, self.dice)
        return render_date(day, self.dice.pick(forms))

    def _tn(self, number: int | None, table: TableFile) -> object:
        if number is None:
            return ""
        if table.xlsx and self.dice.chance(0.5):
            return number if self.dice.chance(0.8) else float(number)
        return render_tn(number, self.dice)

    def _text_or_number(self, text: str | None, table: TableFile) -> object:
        """Digit strings without a leading zero become numeric cells in xlsx (lossless)."""
        if not text:
            return ""
        if table.xlsx and text.isdigit() and text[0] != "0" and self.dice.chance(0.6):
            return int(text)
        return text

    def _blanks(self, table: TableFile, rows: int) -> None:
        for _ in range(1 + rows // 2000):
            table.blank()

    # --- CSR -------------------------------------------------------------------------------
    def write_csr(self, carriers: list[Carrier], accounts: list[Account]) -> None:
        d = self.dice
        known_us = [c for c in carriers if c.known and c.home_country == "US"]
        xlsx_carrier = d.pick(known_us)
        nested = d.sample([c for c in carriers if c is not xlsx_carrier], 2)
        bom = d.pick([c for c in known_us if c is not xlsx_carrier])
        files: dict[str, TableFile] = {}
        layouts: dict[str, Layout] = {}
        for carrier in carriers:
            cid = carrier.carrier_id
            if carrier is xlsx_carrier:
                path = f"csr/csr_{cid}.xlsx"
            elif carrier in nested:
                path = f"csr/{cid}/CSR_{cid.upper()}_{self.year}.CSV"
            else:
                path = f"csr/csr_{cid}_{self.month}.csv"
            encoding = (
                "cp1252"
                if carrier.home_country == "CA"
                else "utf-8-sig"
                if carrier is bom
                else "utf-8"
            )
            layout = _layout(
                d,
                path,
                CSR_COLUMNS,
                d.pick(HEADER_STYLES),
                encoding=encoding,
                shuffle=d.chance(0.5),
                unknown=d.integer(0, 2),
                aliases=carrier.csr_columns,
            )
            layouts[cid] = layout
            files[cid] = _open(self.root, layout, "csr", d, shuffle=False)
        overflow_layout = replace(
            layouts[xlsx_carrier.carrier_id], path=f"csr/csr_{xlsx_carrier.carrier_id}_overflow.csv"
        )
        overflow: TableFile | None = None
        total_rows = sum(len(a.tns) for a in accounts)
        bad = BadRowMaker("csr", d, total_rows, 0.004)
        for account in accounts:
            carrier = account.carrier
            home = d.pick(carriers) if d.chance(0.03) else carrier
            table = files[home.carrier_id]
            if table.xlsx and table.truth.rows_read >= XLSX_ROW_CAP["csr"]:
                if overflow is None:
                    overflow = _open(self.root, overflow_layout, "csr", d, shuffle=False)
                table = overflow
            self._csr_rows(account, table, layouts[home.carrier_id], bad)
        for table in [*files.values(), *([overflow] if overflow else [])]:
            self._blanks(table, table.truth.rows_read)
            self.truths.append(table.close())
        self._csr_archive(accounts)
        self._csr_partial(accounts)
        self.truths.append(write_unreadable(self.root, "csr/csr_carrier_dump.xlsx", "csr", d))

    def _csr_row(
        self,
        account: Account,
        tn: int,
        table: TableFile,
        layout: Layout,
        csr_date: int,
        name: str | None,
        address: tuple | None,
    ) -> dict[str, object]:
        d = self.dice
        spelling = account.carrier.spellings[
            0 if d.chance(0.8) else d.integer(0, len(account.carrier.spellings) - 1)
        ]
        address = address or ("", "", "", "", "")
        row: dict[str, object] = {
            "carrier": spelling,
            "account_number": self._text_or_number(account.number, table),
            "account_name": name or "",
            "btn": self._tn(account.csr_btn, table),
            "tn": self._tn(tn, table),
            "pin": self._text_or_number(account.pin, table),
            "csr_date": self._date(csr_date, table, layout.date_forms),
        }
        row.update(zip(_ADDRESS_COLUMNS, address, strict=True))
        _unknown_values(row, layout, d)
        return row

    def _csr_rows(
        self, account: Account, table: TableFile, layout: Layout, bad: BadRowMaker
    ) -> None:
        for tn in account.tns:
            row = self._csr_row(
                account, tn, table, layout, account.csr_date, account.csr_name, account.csr_address
            )
            table.add(row)
            if bad.wanted():
                _add_bad_copy(table, bad, row, layout.columns)

    def _csr_archive(self, accounts: list[Account]) -> None:
        """Older CSRs of 10% of accounts, in equivalent but not exact wording, superseded by the
        current ones by csr_date: in an archive folder that sorts before the current exports and
        in a carrier's re-send that sorts after them (file order must not decide)."""
        d = self.dice
        layouts = [
            _layout(d, f"csr/archive/csr_archive_{self.year - 1}-12.csv", CSR_COLUMNS, "snake"),
            _layout(d, f"csr/resent/csr_resent_{self.month}.csv", CSR_COLUMNS, "title"),
        ]
        tables = [_open(self.root, layout, "csr", d) for layout in layouts]
        for account in accounts:
            if not d.chance(0.1):
                continue
            which = d.integer(0, 1)
            table, layout = tables[which], layouts[which]
            older = account.csr_date - d.integer(30, 200)
            name_style = account.carrier.csr_name_style
            name = account.csr_name and render_name(
                account.name, replace(name_style, comma=not name_style.comma)
            )
            address_style = account.carrier.csr_address_style
            address = account.csr_address and render_address(
                account.address, replace(address_style, long_suffix=not address_style.long_suffix)
            )
            for tn in d.sample(account.tns, d.integer(1, len(account.tns))):
                table.add(self._csr_row(account, tn, table, layout, older, name, address))
        for table in tables:
            self.truths.append(table.close())

    def _csr_partial(self, accounts: list[Account]) -> None:
        """A CSR extract whose export lost the tn column: every row must be quarantined."""
        d = self.dice
        layout = _layout(d, f"csr/csr_partial_{self.month}.csv", CSR_COLUMNS, "snake", drop="tn")
        table = _open(self.root, layout, "csr", d, missing_column="tn")
        for account in d.sample(accounts, min(40, max(5, len(accounts) // 100))):
            table.add(
                self._csr_row(
                    account,
                    account.tns[0],
                    table,
                    layout,
                    account.csr_date,
                    account.csr_name,
                    account.csr_address,
                )
            )
        self.truths.append(table.close())

    # --- LOA -------------------------------------------------------------------------------
    def write_loa(self, port_ins: list[PortIn]) -> None:
        d = self.dice
        layouts = [
            _layout(d, "loa/loa_batch_q4.xlsx", LOA_COLUMNS, "title"),
            _layout(d, f"loa/loa_intake_{self.year}.csv", LOA_COLUMNS, "snake"),
            _layout(
                d,
                "loa/loa_intake_legacy.csv",
                LOA_COLUMNS,
                "title",
                encoding="utf-8-sig",
                shuffle=True,
            ),
            _layout(d, "loa/loa_quebec_intake.csv", LOA_COLUMNS, "upper_dash", encoding="cp1252"),
            _layout(
                d, f"loa/portal/{self.month}/loa_portal_export.csv", LOA_COLUMNS, "camel", unknown=2
            ),
        ]
        layouts[0].header_row = 3
        layouts[2].newline = "\r\n"
        layouts[2].date_forms = ("us", "iso")
        layouts[3].date_forms = ("serial", "iso")
        tables = [_open(self.root, layout, "loa", d) for layout in layouts]
        bad = BadRowMaker("loa", d, len(port_ins), 0.02)
        weights = ((0, 0.15), (1, 0.5), (2, 0.2), (4, 0.15))
        for order in port_ins:
            if not order.loa_in_inbox:
                continue
            if order.account.place.french and d.chance(0.85):
                target = 3
            else:
                target = d.weighted(weights)
                if target == 0 and tables[0].truth.rows_read >= XLSX_ROW_CAP["loa"]:
                    target = 1
            table, layout = tables[target], layouts[target]
            row = self._loa_row(order, table, layout)
            if target > 0 and d.chance(0.02):
                earlier = d.integer(1, target) - 1
                older = replace(order, requested=order.reference + d.integer(30, 60), signed=None)
                tables[earlier].add(self._loa_row(older, tables[earlier], layouts[earlier]))
            table.add(row)
            if bad.wanted():
                first = next((e.number for e in order.entries if e.number), None)
                _add_bad_copy(table, bad, row, layout.columns, first)
        for table in tables:
            self._blanks(table, table.truth.rows_read)
            self.truths.append(table.close())

    def _loa_row(self, order: PortIn, table: TableFile, layout: Layout) -> dict[str, object]:
        d = self.dice
        loa = order.fields
        carrier = order.header.carrier
        entries = [(e.number, e.text) for e in order.entries]
        if table.xlsx and len(entries) == 1 and entries[0][0] and d.chance(0.4):
            tns: object = entries[0][0]
        else:
            tns = render_tns(entries, d)
        row: dict[str, object] = {
            "loa_id": order.loa_id,
            "order_id": order.header.order_id,
            "number_type": spell(NUMBER_TYPE_SPELLINGS, order.header.number_type, d, 0.7),
            "losing_carrier": d.pick(carrier.spellings),
            "end_user_name": loa.end_user_name,
            "authorized_signer": order.signer,
            "signed_date": self._date(order.signed, table, layout.date_forms),
            "account_number": self._text_or_number(loa.account_number, table),
            "pin": self._text_or_number(loa.pin, table),
            "btn": self._tn(loa.btn, table),
            "tns": tns,
            "requested_port_date": self._date(order.requested, table, layout.date_forms),
            "invoice_date": self._date(order.invoice, table, layout.date_forms),
        }
        row.update(zip(_ADDRESS_COLUMNS, loa.address, strict=True))
        _unknown_values(row, layout, d)
        return row

    # --- order events ----------------------------------------------------------------------
    def write_events(self, events: list[Event], expected_rows: int) -> None:
        d = self.dice
        as_of = self.as_of
        layouts = {
            "history": _layout(d, "orders/order_events_history.csv", EVENT_COLUMNS, "snake"),
            "current": _layout(
                d,
                "orders/order_events_current.csv",
                EVENT_COLUMNS,
                "title",
                encoding="utf-8-sig",
                unknown=1,
            ),
            "daily": _layout(
                d,
                f"orders/daily/orders_daily_{date.fromordinal(as_of)}.csv",
                EVENT_COLUMNS,
                "snake",
            ),
            "xlsx": _layout(d, f"orders/orders_export_{self.year}.xlsx", EVENT_COLUMNS, "title"),
        }
        layouts["daily"].newline = "\r\n"
        tables = {k: _open(self.root, v, "orders", d) for k, v in layouts.items()}
        recent = self.calendars["US"].add(as_of, -3)
        bad = BadRowMaker("orders", d, expected_rows, 0.01)
        for event in events:
            if event.day < as_of - HISTORY_DAYS:
                home = "history"
            elif event.day > recent:
                home = "daily"
            else:
                home = "current"
            if d.chance(0.03) and tables["xlsx"].truth.rows_read < XLSX_ROW_CAP["orders"]:
                home = "xlsx"
            row = self._event_row(event, tables[home], layouts[home])
            tables[home].add(row)
            if home != "xlsx" and d.chance(0.06):
                again = d.pick([k for k in ("history", "current", "daily") if k != home])
                tables[again].add(self._event_row(event, tables[again], layouts[again]))
            if home != "xlsx" and d.chance(0.005):
                tables[home].add(dict(row))
            if bad.wanted():
                _add_bad_copy(tables[home], bad, row, layouts[home].columns)
        for table in tables.values():
            self._blanks(table, table.truth.rows_read)
            self.truths.append(table.close())

    def _event_row(self, event: Event, table: TableFile, layout: Layout) -> dict[str, object]:
        d = self.dice
        header = event.header
        if table.xlsx:
            moment: object = time_cell(event.time)
        else:
            moment = render_time(event.time, d.pick(TIME_FORMS), d)
        row: dict[str, object] = {
            "order_id": header.order_id,
            "direction": spell(DIRECTION_SPELLINGS, header.direction, d, 0.8),
            "carrier": d.pick(header.carrier.spellings),
            "number_type": ""
            if d.chance(0.08)
            else spell(NUMBER_TYPE_SPELLINGS, header.number_type, d, 0.8),
            "tn_count": ""
            if d.chance(0.08)
            else (header.tn_count if table.xlsx else str(header.tn_count)),
            "event_time": moment,
            "status": spell(STATUS_SPELLINGS, event.status, d, 0.6),
            "foc_date": self._date(event.foc, table, ("iso", "iso", "iso_time", "us")),
            "reason": event.reason,
        }
        _unknown_values(row, layout, d)
        return row

    # --- clutter ---------------------------------------------------------------------------
    def write_clutter(self) -> None:
        self.truths.append(write_skipped(self.root, "README.txt", _README))
        self.truths.append(write_skipped(self.root, "loa/loa_scan_0001.pdf", _PDF))
        self.truths.append(write_skipped(self.root, "orders/order_summary.pdf", _PDF))
