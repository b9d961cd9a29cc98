"""Splitting the submittable numbers into sub-orders a losing carrier will accept.

A carrier rejects an order that spans accounts, so each sub-order is one losing carrier, one CSR
account and one number type, cut at the carrier profile's maximum numbers per order. Its LOA
values are the CSR's wherever the sheet differs only in form, so the order matches exactly.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd

from portrecon.carriers import CarrierBook
from portrecon.pins import MASK
from portrecon.port_dates import assess_port_dates, calendar_country, common_port_date

# Sheet (LOA) column -> (CSR account column, finding field prefix).
CSR_FIELDS = {
    "end_user_name": ("account_name", "NAME"),
    "service_address_1": ("service_address_1", "ADDRESS"),
    "service_address_2": ("service_address_2", "ADDRESS"),
    "city": ("city", "ADDRESS"),
    "state": ("state", "ADDRESS"),
    "postal_code": ("postal_code", "ADDRESS"),
    "account_number": ("account_number", "ACCOUNT"),
    "btn": ("btn", "BTN"),
}
SHEET_FIELDS = ("authorized_signer", "signed_date", "requested_port_date", "invoice_date")
SUBORDER_COLUMNS = [
    "suborder",
    "losing_carrier",
    "account_number",
    "number_type",
    "numbers_count",
    "numbers",
    "end_user_name",
    "service_address_1",
    "service_address_2",
    "city",
    "state",
    "postal_code",
    "btn",
    "pin",
    *SHEET_FIELDS,
    "earliest_feasible_date",
    "project_port_date",
    "sheet_rows",
    "notes",
]


def as_ranges(values: list[int], width: int = 0) -> str:
    """`3193457400-3193457410, 3193457415` for sorted integers, consecutive ones as ranges."""
    parts: list[str] = []
    start = previous = None
    for value in [*values, None]:
        if start is not None and (value is None or value != previous + 1):
            first, last = str(start).zfill(width), str(previous).zfill(width)
            parts.append(first if start == previous else f"{first}-{last}")
            start = None
        if value is not None and start is None:
            start = value
        previous = value
    return ", ".join(parts)


def _mode(values: pd.Series) -> object:
    """The most common non-empty value (ties: the smallest text), None when there is none."""
    present = [v for v in values.tolist() if v is not None and not pd.isna(v) and str(v).strip()]
    if not present:
        return None
    counts = Counter(str(v) for v in present)
    top = max(counts.values())
    best = min(text for text, n in counts.items() if n == top)
    return next(v for v in present if str(v) == best)


def _group_values(
    rows: pd.DataFrame, csr: pd.Series, similar: set[tuple[int, str]]
) -> tuple[dict[str, object], list[str]]:
    """LOA values of one account's sub-orders, and notes on where they came from."""
    values: dict[str, object] = {}
    notes: list[str] = []
    lines = rows["source_line"].tolist()
    kept: dict[str, None] = {}  # fields every row typed close to, but not as, the CSR
    outvoted: dict[str, None] = {}  # fields some rows typed close to the CSR: CSR value used
    for column, (csr_column, prefix) in CSR_FIELDS.items():
        flagged = [line for line in lines if (line, prefix) in similar]
        csr_value = csr[csr_column]
        if pd.isna(csr_value) or csr_value == "" or len(flagged) == len(lines):
            values[column] = _mode(rows[column])
            if flagged:
                kept[prefix.lower()] = None
        else:
            values[column] = csr_value
            if flagged:
                outvoted[prefix.lower()] = None
    if isinstance(values["btn"], str) and values["btn"].startswith("+1"):
        values["btn"] = values["btn"][2:]  # written like the numbers: 10 digits
    if kept:
        notes.append(f"{', '.join(kept)}: kept as on the sheet (close to but not the CSR's); check")
    if outvoted:
        notes.append(f"{', '.join(outvoted)}: the CSR's value, though some rows differ; check")
    for column in SHEET_FIELDS:
        values[column] = _mode(rows[column])
        if len({str(v) for v in rows[column].dropna()}) > 1:
            notes.append(f"{column} differs between rows; the most common is used")
    values["pin"] = MASK if rows["pin_hash"].notna().any() else None
    return values, notes


def build_suborders(
    members: pd.DataFrame,
    numbers: pd.DataFrame,
    similar: set[tuple[int, str]],
    book: CarrierBook,
    as_of: dt.date,
) -> tuple[pd.DataFrame, dict[int, str]]:
    """Sub-orders of the submittable rows, and each row's sub-order id(s).

    `members`: one row per submittable sheet row with its typed sheet values and its CSR account
    (acct_id, cid and the csr_* values), its carrier named as the nightly report
    names it (`CarrierBook.display_name`); `numbers`:
    source_line, tn of every row; `similar`: (row, field prefix) pairs judged similar. Each number
    lands in exactly one sub-order, from its first submittable row.
    """
    listed = numbers.merge(members[["source_line"]], on="source_line").dropna(subset=["tn"])
    listed = listed.sort_values(["source_line", "tn"]).drop_duplicates("tn")
    records: list[dict[str, object]] = []
    suborder_of: dict[int, list[str]] = {}
    if members.empty or listed.empty:
        return pd.DataFrame(columns=SUBORDER_COLUMNS), {}
    members = members.assign(number_type=members["number_type"].fillna(""))
    keyed = members.assign(carrier_name=members["cid"].map(book.display_name))
    keyed = keyed.sort_values(["cid", "csr_account_number", "number_type", "source_line"])
    groups = keyed.groupby(["cid", "csr_account_number", "acct_id", "number_type"], sort=True)
    for (cid, _, _, number_type), rows in groups:
        carrier_name = rows["carrier_name"].iloc[0]
        csr = rows.iloc[0][[f"csr_{c}" for c, _ in CSR_FIELDS.values()]]
        csr.index = [c for c, _ in CSR_FIELDS.values()]
        values, notes = _group_values(rows, csr, similar)
        mine = listed[listed["source_line"].isin(rows["source_line"])]
        tns = sorted(mine["tn"].tolist())
        limit = book.profile(cid).max_numbers_per_order
        for start in range(0, len(tns), limit):
            chunk = tns[start : start + limit]
            suborder = f"SO-{len(records) + 1:03d}"
            chunk_lines = sorted(set(mine.loc[mine["tn"].isin(chunk), "source_line"].astype(int)))
            for line in chunk_lines:
                suborder_of.setdefault(line, []).append(suborder)
            split = (
                [
                    f"part {start // limit + 1} of {-(-len(tns) // limit)} (carrier maximum "
                    f"{limit} numbers per order)"
                ]
                if len(tns) > limit
                else []
            )
            records.append(
                {
                    "carrier_id": cid,
                    "suborder": suborder,
                    "losing_carrier": carrier_name,
                    "number_type": number_type or None,
                    "numbers_count": len(chunk),
                    "numbers": as_ranges([int(t[2:]) for t in chunk], 10),
                    **values,
                    "sheet_rows": as_ranges(chunk_lines),
                    "notes": "; ".join(split + notes) or None,
                }
            )
    frame = _scheduled(pd.DataFrame(records), book, as_of).reindex(columns=SUBORDER_COLUMNS)
    return frame, {line: ", ".join(ids) for line, ids in suborder_of.items()}


def _scheduled(frame: pd.DataFrame, book: CarrierBook, as_of: dt.date) -> pd.DataFrame:
    """The sub-orders with the earliest date each can port (its own size and carrier, by the
    nightly's rules) and the project's one common date: bulk ports go best together."""
    requests = pd.DataFrame(
        {
            "carrier_id": frame["carrier_id"],
            "country": [
                calendar_country(book, c, s)
                for c, s in zip(frame["carrier_id"], frame["state"], strict=True)
            ],
            "state": frame["state"],
            "tn_count": frame["numbers_count"],
            "submitted_at": pd.NaT,
            "requested_port_date": frame["requested_port_date"],
        }
    )
    assessed = assess_port_dates(requests, book, as_of)
    project = common_port_date(assessed)
    # A sheet row is judged alone; its sub-order may be big enough to need a later date.
    early = [
        f"requested port date {r} is before the project date {project}"
        if r is not None and not pd.isna(r) and pd.Timestamp(r).date() < project
        else None
        for r in frame["requested_port_date"]
    ]
    notes = [
        "; ".join(n for n in (note, extra) if isinstance(n, str)) or None
        for note, extra in zip(frame["notes"], early, strict=True)
    ]
    return frame.assign(
        earliest_feasible_date=assessed["earliest_feasible_date"],
        project_port_date=project,
        notes=notes,
    )
