"""Warehouse tables from the parsed rows: newest CSR, distinct events, one row per LOA, LOA numbers.

The selections are window functions in DuckDB so they stay set-based at any inbox size.
"""

from __future__ import annotations

import pandas as pd

from portrecon import schema
from portrecon.distinct import spread
from portrecon.duck import connect
from portrecon.phones import nanp_e164_many, parse_many


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


def _distinct_per_row(exploded: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    """Rows of `exploded` (one per listed number, index = the LOA row) with a key already seen
    for that LOA row dropped: two spellings of one number are one number."""
    return exploded.loc[~pd.DataFrame({"row": exploded.index, "key": key}).duplicated().to_numpy()]


def _exploded_tns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame["tns"].explode().dropna().rename("tn_raw").to_frame()


def loa_raw(parsed: pd.DataFrame) -> pd.DataFrame:
    """The parsed LOA rows with tn_count = how many distinct numbers each lists."""
    out = parsed.copy()
    exploded = _exploded_tns(out)
    codes, texts = pd.factorize(exploded["tn_raw"])
    keys = [e164 or text for text, e164 in zip(texts, nanp_e164_many(list(texts)), strict=True)]
    listed = _distinct_per_row(exploded, spread(keys, codes, exploded.index))
    out["tn_count"] = out.index.map(listed.index.value_counts()).fillna(0).astype("int64")
    return out


def loa_records(raw: pd.DataFrame) -> pd.DataFrame:
    """One row per loa_id: the later file/line wins."""
    ordered = raw.sort_values(["loa_id", "source_file", "source_line"])
    latest = ordered.drop_duplicates("loa_id", keep="last").sort_values("loa_id")
    return latest.reset_index(drop=True)


def loa_numbers(records: pd.DataFrame) -> pd.DataFrame:
    """Every distinct listed number of every LOA, each text parsed once."""
    exploded = _exploded_tns(records)
    codes, texts = pd.factorize(exploded["tn_raw"])
    parsed = parse_many(list(texts))
    exploded["tn"] = spread(parsed["e164"].tolist(), codes, exploded.index)
    exploded["is_valid"] = parsed["is_valid"].to_numpy()[codes]
    exploded["region"] = spread(parsed["region"].tolist(), codes, exploded.index)
    numbers = _distinct_per_row(exploded, exploded["tn"].fillna(exploded["tn_raw"]))
    numbers = numbers.join(records[["order_id", "loa_id"]]).sort_values(
        ["order_id", "loa_id", "tn_raw"]
    )
    return select(numbers, schema.LOA_NUMBERS)


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
