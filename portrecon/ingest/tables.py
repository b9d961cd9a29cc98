"""Warehouse tables from the parsed rows: newest CSR, distinct events, one row per LOA, LOA numbers.

The selections are window functions in DuckDB so they stay set-based at any inbox size.
"""

from __future__ import annotations

import pandas as pd

from portrecon import schema
from portrecon.duck import connect
from portrecon.phones import parse_distinct


def select(frame: pd.DataFrame, table: schema.Table) -> pd.DataFrame:
    """The frame's columns in contract order (missing ones as NULL)."""
    out = frame.reindex(columns=table.column_names)
    return out.reset_index(drop=True)


def _query(sql: str, **frames: pd.DataFrame) -> pd.DataFrame:
    con = connect()
    try:
        for name, frame in frames.items():
            con.register(name, frame)
        return con.execute(sql).df()
    finally:
        con.close()


def csr_raw(parsed: pd.DataFrame) -> pd.DataFrame:
    return select(parsed, schema.CSR_RAW)


def csr_records(raw: pd.DataFrame) -> pd.DataFrame:
    """Newest csr_date per (carrier_id, account_number, tn); ties go to the later file/line."""
    newest = _query(
        """
        SELECT * FROM raw
        QUALIFY row_number() OVER (
            PARTITION BY carrier_id, account_number, tn
            ORDER BY csr_date DESC, source_file DESC, source_line DESC) = 1
        ORDER BY carrier_id, account_number, tn
        """,
        raw=raw,
    )
    return select(newest, schema.CSR_RECORDS)


def order_events_raw(parsed: pd.DataFrame) -> pd.DataFrame:
    return select(parsed, schema.ORDER_EVENTS_RAW)


def loa_raw(parsed: pd.DataFrame) -> pd.DataFrame:
    out = parsed.copy()
    out["tn_count"] = out["tns"].map(lambda tns: len(dict.fromkeys(tns)))
    return out


def loa_records(raw: pd.DataFrame) -> pd.DataFrame:
    """One row per loa_id: the later file/line wins."""
    ordered = raw.sort_values(["loa_id", "source_file", "source_line"])
    latest = ordered.drop_duplicates("loa_id", keep="last").sort_values("loa_id")
    return latest.reset_index(drop=True)


def loa_numbers(records: pd.DataFrame) -> pd.DataFrame:
    """Every listed number of every LOA, parsed once per distinct text."""
    exploded = records[["order_id", "loa_id", "tns"]].explode("tns").dropna(subset=["tns"])
    exploded = exploded.rename(columns={"tns": "tn_raw"})
    parsed = parse_distinct(exploded["tn_raw"].tolist())
    exploded["tn"] = exploded["tn_raw"].map(lambda t: parsed[t].e164)
    exploded["is_valid"] = exploded["tn_raw"].map(lambda t: parsed[t].is_valid)
    exploded["region"] = exploded["tn_raw"].map(lambda t: parsed[t].region)
    key = exploded["tn"].fillna(exploded["tn_raw"])
    exploded = exploded.loc[~pd.DataFrame({"l": exploded["loa_id"], "k": key}).duplicated()]
    exploded = exploded.sort_values(["order_id", "loa_id", "tn_raw"])
    return select(exploded, schema.LOA_NUMBERS)


def order_events(raw: pd.DataFrame) -> pd.DataFrame:
    """One row per (order_id, status, event_time instant); the first file/line is kept."""
    distinct = _query(
        """
        SELECT * FROM raw
        QUALIFY row_number() OVER (
            PARTITION BY order_id, status, event_time ORDER BY source_file, source_line) = 1
        ORDER BY order_id, event_time, status
        """,
        raw=raw,
    )
    return select(distinct, schema.ORDER_EVENTS)
