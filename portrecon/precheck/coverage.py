"""Is this the sheet's warehouse? A sheet whose accounts are on none of the warehouse's CSRs was
checked against the wrong one (the bundled sample's, another team's), not found wanting: that is
said first, and when no row at all matches the precheck stops (PRODUCT.md 8, docs/precheck.md)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from portrecon.carriers import CarrierBook
from portrecon.paths import bundled_sample_inbox
from portrecon.precheck.errors import PrecheckInputError

_SHOWN = 3  # names quoted before "and N more"


def warehouse_origin(con: duckdb.DuckDBPyConnection, warehouse: Path) -> str:
    """`WAREHOUSE (built from INBOX on DAY for the night of AS_OF)`, from its newest run_log row;
    the inbox is left out for a warehouse from before run_log recorded it."""
    columns = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() "
            "WHERE database_name = 'wh' AND table_name = 'run_log'"
        ).fetchall()
    }
    if not {"as_of", "finished_at"} <= columns:
        return str(warehouse)
    inbox = "inbox" if "inbox" in columns else "NULL"
    run = con.execute(
        f"SELECT {inbox}, finished_at, as_of FROM wh.run_log ORDER BY finished_at DESC LIMIT 1"
    ).fetchone()
    if run is None:
        return str(warehouse)
    source, finished, as_of = run
    if source and Path(source) == bundled_sample_inbox().resolve():
        source = f"the bundled sample inbox at {source}"
    built = f"from {source} " if source else ""
    return f"{warehouse} (built {built}on {finished:%Y-%m-%d} for the night of {as_of})"


def _listed(names: pd.Series) -> str:
    shown = sorted(set(names.dropna().astype(str)))
    more = f" and {len(shown) - _SHOWN} more" if len(shown) > _SHOWN else ""
    return ", ".join(shown[:_SHOWN]) + more


def coverage_warning(
    con: duckdb.DuckDBPyConnection,
    warehouse: Path,
    loaded: pd.DataFrame,
    matches: pd.DataFrame,
    book: CarrierBook,
) -> str | None:
    """The first step to read when most readable rows (`loaded`) matched no CSR account
    (`matches`: source_line, account_number); raises PrecheckInputError when none did."""
    if loaded.empty:
        return None
    matched = matches.loc[matches["account_number"].notna(), "source_line"].nunique()
    rows = len(loaded)
    if matched * 2 > rows:
        return None
    origin = warehouse_origin(con, warehouse)
    question = "is this the right warehouse?"
    if matched:
        return (
            f"Check the warehouse first: only {matched} of {rows} rows are on a CSR account of "
            f"{origin}: {question} If it is, the other rows' accounts have no CSR yet "
            "(CSR_NOT_FOUND)."
        )
    csr_sql = "SELECT DISTINCT carrier_id FROM _wh_csr_records"
    csr_carriers = {row[0] for row in con.execute(csr_sql).fetchall()}
    known = loaded["carrier_id"].isin(csr_carriers)
    if known.any():
        what = f"none of the sheet's accounts ({_listed(loaded['account_number'])}) is on a CSR"
    else:
        carriers = loaded["carrier_id"].dropna().map(book.display_name)
        what = f"none of the sheet's losing carriers ({_listed(carriers)}) has a CSR"
    raise PrecheckInputError(
        f"{what} in {origin}: {question} Give --warehouse the warehouse your nightly builds "
        "from your carriers' CSRs; nothing was written"
    )
