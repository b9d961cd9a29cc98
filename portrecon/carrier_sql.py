"""Carrier profiles inside DuckDB: spellings -> carrier_id and per-carrier targets as temp tables.

Timelines, SLA, aging and the port-out watch resolve carriers in SQL joins; each distinct spelling
goes through the carrier book once, never once per event.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from portrecon.carriers import CarrierBook

SPELLING_TABLE = "_carrier_spelling"
PROFILE_TABLE = "_carrier_profile"


def _replace_temp_table(
    con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, types: dict[str, str]
) -> None:
    """Temp table with explicit column types, so an empty frame (empty inbox) keeps them too."""
    view = f"{name}_frame"
    columns = ", ".join(f"{column} {sql_type}" for column, sql_type in types.items())
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({columns})")
    if frame.empty:
        return
    con.register(view, frame)
    try:
        casts = ", ".join(f"CAST({column} AS {sql_type})" for column, sql_type in types.items())
        con.execute(f"INSERT INTO {name} SELECT {casts} FROM {view}")
    finally:
        con.unregister(view)


def register_carrier_spellings(
    con: duckdb.DuckDBPyConnection, book: CarrierBook, spellings_sql: str
) -> None:
    """Temp table `_carrier_spelling(spelling, carrier_id)` for the spellings a query returns.

    A NULL spelling maps too (to the book's id for no name), so joins use IS NOT DISTINCT FROM.
    """
    spellings = sorted({row[0] for row in con.sql(spellings_sql).fetchall()}, key=str)
    frame = pd.DataFrame(
        {
            "spelling": pd.Series(spellings, dtype="object"),
            "carrier_id": pd.Series([book.carrier_id(s) for s in spellings], dtype="object"),
        }
    )
    _replace_temp_table(
        con, SPELLING_TABLE, frame, {"spelling": "VARCHAR", "carrier_id": "VARCHAR"}
    )


def register_carrier_profiles(
    con: duckdb.DuckDBPyConnection, book: CarrierBook, carrier_ids_sql: str
) -> None:
    """Temp table `_carrier_profile` for the carrier ids a query returns.

    Columns: carrier_id, is_known, display_name (`CarrierBook.display_name`), country (NULL for
    unknown carriers: it comes from the data), sla_days_to_foc and sla_days_to_complete (the
    default profile's for unknown carriers).
    """
    ids = sorted({row[0] for row in con.sql(carrier_ids_sql).fetchall() if row[0] is not None})
    profiles = [book.profile(carrier_id) for carrier_id in ids]
    known = [book.is_known(carrier_id) for carrier_id in ids]
    frame = pd.DataFrame(
        {
            "carrier_id": pd.Series(ids, dtype="str"),
            "is_known": pd.Series(known, dtype="bool"),
            "display_name": pd.Series([book.display_name(i) for i in ids], dtype="str"),
            "country": pd.Series(
                [p.country if k else None for p, k in zip(profiles, known, strict=True)],
                dtype="str",
            ),
            "sla_days_to_foc": pd.Series([p.sla_days_to_foc for p in profiles], dtype="int64"),
            "sla_days_to_complete": pd.Series(
                [p.sla_days_to_complete for p in profiles], dtype="int64"
            ),
        }
    )
    _replace_temp_table(
        con,
        PROFILE_TABLE,
        frame,
        {
            "carrier_id": "VARCHAR",
            "is_known": "BOOLEAN",
            "display_name": "VARCHAR",
            "country": "VARCHAR",
            "sla_days_to_foc": "INTEGER",
            "sla_days_to_complete": "INTEGER",
        },
    )
