"""Reconciliation (PRODUCT.md sections 4-5): every LOA against its CSR account, set-based.

Each LOA finds its CSR account (losing carrier + account number, else the account holding most
of its numbers, else losing carrier + BTN, else a long account number found at exactly one other
carrier; docs/reconciliation.md); its fields get verdicts over DISTINCT value pairs
(portrecon.match.verdicts) and the order rules run as DuckDB joins, so 100k LOAs never mean a
Python loop over order x field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import pandas as pd

from portrecon.calendar_sql import register_calendar_for
from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.duck import connect
from portrecon.findings_catalogue import default_catalogue
from portrecon.groups import balanced_groups
from portrecon.match import verdicts
from portrecon.normalise.accounts import normalise_accounts
from portrecon.normalise.addresses import ADDRESS_FIELDS, CANADIAN_STATE_SPELLINGS
from portrecon.phones import PORTABLE_REGIONS
from portrecon.port_dates import assess_port_dates
from portrecon.schema import FINDINGS

INVOICE_MAX_AGE_DAYS = 60
MIN_PORT_BUSINESS_DAYS = 2
PROJECT_MIN_NUMBERS = 100
# An account number found only at another carrier identifies the account when it is this long.
MIN_ACCOUNT_KEY_ELSEWHERE = 6
# How many numbers a finding lists before it says "(+N more)".
LISTED_NUMBERS = 10

_VERDICT_WORDS = {
    verdicts.EQUIVALENT: "same after normalisation",
    verdicts.SIMILAR: "looks like a typo or partial form",
    verdicts.DIFFERENT: "does not match",
    verdicts.MISSING_LOA: "missing on the LOA",
    verdicts.MISSING_CSR: "missing on the CSR",
}


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> Iterator[None]:
    """Frames visible to SQL under their names for the duration of the block."""
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        yield
    finally:
        for name in frames:
            con.unregister(name)


def _carrier_frame(con: duckdb.DuckDBPyConnection, book: CarrierBook) -> pd.DataFrame:
    """Spelling -> carrier_id with the profile values the rules need (one row per spelling)."""
    spellings = sorted(
        {
            row[0]
            for row in con.sql(
                "SELECT losing_carrier FROM loa_records UNION SELECT carrier FROM csr_records"
            ).fetchall()
            if row[0] is not None
        }
    )
    ids = [book.carrier_id(s) for s in spellings]
    profiles = [book.profile(i) for i in ids]
    return pd.DataFrame(
        {
            "spelling": pd.Series(spellings, dtype=object),
            "carrier_id": pd.Series(ids, dtype=object),
            "is_known": pd.Series([book.is_known(i) for i in ids], dtype=bool),
            "country": pd.Series(
                [
                    p.country if book.is_known(i) else None
                    for i, p in zip(ids, profiles, strict=True)
                ],
                dtype=object,
            ),
            "loa_max_age_days": pd.Series([p.loa_max_age_days for p in profiles], dtype="int64"),
            "display_name": pd.Series(
                [book.display_name(i) for i in ids],
                dtype=object,
            ),
        }
    )


# One statement per string (a ";" inside SQL text can never split a statement).
_BASE_STATEMENTS = (
    """
CREATE OR REPLACE TEMP TABLE _recon_csr AS
SELECT c.*, coalesce(s.carrier_id, c.carrier_id) AS cid, k.key AS acct_key,
       coalesce(s.carrier_id, c.carrier_id) || '|' || coalesce(k.key, '') AS acct_id
FROM csr_records c
LEFT JOIN _recon_spelling s ON s.spelling = c.carrier
LEFT JOIN _recon_account k ON k.value = c.account_number
""",
    """
CREATE OR REPLACE TEMP TABLE _recon_acct AS
SELECT acct_id, cid, acct_key, carrier, account_number, account_name, btn, pin_hash,
       pin_hash_unpadded,
       service_address_1, service_address_2, city, state, postal_code
FROM _recon_csr
QUALIFY row_number() OVER (
    PARTITION BY acct_id ORDER BY csr_date DESC, source_file DESC, source_line DESC) = 1
""",
    """
CREATE OR REPLACE TEMP TABLE _recon_acct_tn AS
SELECT DISTINCT acct_id, cid, tn FROM _recon_csr WHERE tn IS NOT NULL
""",
    """
CREATE OR REPLACE TEMP TABLE _recon_loa AS
SELECT l.*, coalesce(s.carrier_id, l.carrier_id) AS cid,
       coalesce(s.is_known, FALSE) AS is_known,
       coalesce(s.display_name, l.losing_carrier) AS carrier_name,
       coalesce(s.loa_max_age_days, $default_max_age) AS loa_max_age_days,
       coalesce(s.country, o.country,
                CASE WHEN list_contains($provinces, upper(strip_accents(trim(l.state))))
                     THEN 'CA' END,
                $default_country) AS country,
       k.key AS acct_key,
       coalesce(CAST(o.submitted_at AS DATE), $as_of) AS reference_date,
       coalesce(o.is_open, TRUE) AS is_open, o.submitted_at
FROM loa_records l
LEFT JOIN _recon_spelling s ON s.spelling = l.losing_carrier
LEFT JOIN _recon_account k ON k.value = l.account_number
LEFT JOIN orders o ON o.order_id = l.order_id
WHERE NOT $restricted
   OR list_contains(CAST($carriers AS VARCHAR[]), coalesce(s.carrier_id, l.carrier_id, ''))
""",
    """
CREATE OR REPLACE TEMP TABLE _recon_num AS
SELECT n.loa_id, n.order_id, n.tn, n.tn_raw, n.is_valid, n.region,
       coalesce(n.is_valid, FALSE) AND list_contains($portable, n.region) AS portable
FROM loa_numbers n SEMI JOIN _recon_loa USING (loa_id)
""",
    # Every open order's numbers, whatever its losing carrier: TN_IN_OTHER_ORDER looks across
    # partitions.
    """
CREATE OR REPLACE TEMP TABLE _recon_open_tn AS
SELECT DISTINCT n.order_id, n.tn
FROM loa_numbers n JOIN loa_records l USING (loa_id)
LEFT JOIN orders o ON o.order_id = l.order_id
WHERE coalesce(o.is_open, TRUE)
""",
    """
CREATE OR REPLACE TEMP TABLE _recon_match AS
WITH by_account AS (
    SELECT l.loa_id, a.acct_id, 'account' AS match_method
    FROM _recon_loa l JOIN _recon_acct a ON a.cid = l.cid AND a.acct_key = l.acct_key
),
by_numbers AS (
    SELECT n.loa_id, t.acct_id, 'numbers' AS match_method
    FROM _recon_num n
    JOIN _recon_acct_tn t ON t.tn = n.tn
    JOIN _recon_loa l ON l.loa_id = n.loa_id
    JOIN _recon_acct a ON a.acct_id = t.acct_id
    WHERE n.loa_id NOT IN (SELECT loa_id FROM by_account)
    GROUP BY n.loa_id, t.acct_id, t.cid, l.cid, a.btn, l.btn
    QUALIFY row_number() OVER (
        PARTITION BY n.loa_id
        ORDER BY count(DISTINCT n.tn) DESC, (t.cid = l.cid) DESC,
                 (a.btn IS NOT DISTINCT FROM l.btn) DESC, t.acct_id) = 1
),
by_btn AS (
    SELECT l.loa_id, a.acct_id, 'btn' AS match_method
    FROM _recon_loa l JOIN _recon_acct a ON a.cid = l.cid AND a.btn = l.btn
    WHERE l.loa_id NOT IN (SELECT loa_id FROM by_account UNION ALL SELECT loa_id FROM by_numbers)
    QUALIFY row_number() OVER (PARTITION BY l.loa_id ORDER BY a.acct_id) = 1
),
by_account_elsewhere AS (
    SELECT l.loa_id, any_value(a.acct_id) AS acct_id, 'account_other_carrier' AS match_method
    FROM _recon_loa l JOIN _recon_acct a ON a.acct_key = l.acct_key
    WHERE length(l.acct_key) >= $min_account_key
      AND l.loa_id NOT IN (SELECT loa_id FROM by_account UNION ALL SELECT loa_id FROM by_btn
                           UNION ALL SELECT loa_id FROM by_numbers)
    GROUP BY l.loa_id HAVING count(*) = 1
)
SELECT * FROM by_account
UNION ALL SELECT loa_id, acct_id, match_method FROM by_numbers
UNION ALL SELECT * FROM by_btn
UNION ALL SELECT * FROM by_account_elsewhere
""",
    """
CREATE OR REPLACE TEMP TABLE _recon_pair AS
SELECT l.loa_id, l.order_id, l.cid, m.match_method, a.acct_id,
       a.cid AS csr_cid, a.carrier AS csr_carrier,
       l.end_user_name AS loa_name, a.account_name AS csr_name,
       l.account_number AS loa_account, a.account_number AS csr_account,
       l.btn AS loa_btn, a.btn AS csr_btn, l.pin_hash AS loa_pin, a.pin_hash AS csr_pin,
       l.pin_hash_unpadded AS loa_pin_unpadded, a.pin_hash_unpadded AS csr_pin_unpadded,
       l.service_address_1 AS loa_a1, l.service_address_2 AS loa_a2, l.city AS loa_city,
       l.state AS loa_state, l.postal_code AS loa_zip,
       a.service_address_1 AS csr_a1, a.service_address_2 AS csr_a2, a.city AS csr_city,
       a.state AS csr_state, a.postal_code AS csr_zip
FROM _recon_loa l JOIN _recon_match m USING (loa_id) JOIN _recon_acct a USING (acct_id)
""",
)

# The PIN pair: keyed hashes as written and without leading zeros (PIN_EQUIVALENT).
PIN_COLUMNS = ["loa_pin", "csr_pin", "loa_pin_unpadded", "csr_pin_unpadded"]

_ADDRESS_PAIR_COLUMNS = {
    "loa": ["loa_a1", "loa_a2", "loa_city", "loa_state", "loa_zip"],
    "csr": ["csr_a1", "csr_a2", "csr_city", "csr_state", "csr_zip"],
}


def _scalar_pairs(
    con: duckdb.DuckDBPyConnection, columns: list[str], compare: Callable[..., pd.Series]
) -> pd.DataFrame:
    """Verdicts of the DISTINCT value tuples (LOA value, CSR value, ...) of matched LOAs;
    `compare` gets one list per column."""
    pairs = con.sql(f"SELECT DISTINCT {', '.join(columns)} FROM _recon_pair").df()
    pairs["verdict"] = compare(*(pairs[c].tolist() for c in columns)).to_numpy()
    return pairs


def _address_pairs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Verdicts of the DISTINCT (LOA address, CSR address) pairs of matched LOAs."""
    columns = _ADDRESS_PAIR_COLUMNS["loa"] + _ADDRESS_PAIR_COLUMNS["csr"]
    pairs = con.sql(f"SELECT DISTINCT {', '.join(columns)} FROM _recon_pair").df()
    sides = {
        side: pairs[cols].set_axis(list(ADDRESS_FIELDS), axis=1)
        for side, cols in _ADDRESS_PAIR_COLUMNS.items()
    }
    judged = verdicts.compare_addresses(sides["loa"], sides["csr"])
    return pd.concat([pairs, judged.set_axis(pairs.index)], axis=1)


def _join_on(columns: list[str], alias: str) -> str:
    return " AND ".join(f"p.{c} IS NOT DISTINCT FROM {alias}.{c}" for c in columns)


def _field_findings_sql() -> str:
    """SELECT of every field finding (verdict other than exact) of every matched LOA."""
    address_cols = _ADDRESS_PAIR_COLUMNS["loa"] + _ADDRESS_PAIR_COLUMNS["csr"]
    address_text = {
        side: "nullif(concat_ws(', ', " + ", ".join(f"p.{c}" for c in cols) + "), '')"
        for side, cols in _ADDRESS_PAIR_COLUMNS.items()
    }
    scalar = [
        ("name", "loa_name", "csr_name", "v_name"),
        ("account", "loa_account", "csr_account", "v_account"),
        ("btn", "loa_btn", "csr_btn", "v_btn"),
    ]
    parts = [
        f"""
        SELECT p.loa_id, '{field}' AS field, v.verdict, p.{loa} AS loa_value,
               p.{csr} AS csr_value, NULL AS component_detail
        FROM _recon_pair p JOIN {view} v ON {_join_on([loa, csr], "v")}
        """
        for field, loa, csr, view in scalar
    ]
    parts.append(
        f"""
        SELECT p.loa_id, 'pin' AS field, v.verdict,
               CASE WHEN p.loa_pin IS NOT NULL THEN '****' END AS loa_value,
               CASE WHEN p.csr_pin IS NOT NULL THEN '****' END AS csr_value,
               NULL AS component_detail
        FROM _recon_pair p
        JOIN v_pin v ON {_join_on(PIN_COLUMNS, "v")}
        """
    )
    parts.append(
        f"""
        SELECT p.loa_id, v.field, v.verdict, {address_text["loa"]} AS loa_value,
               {address_text["csr"]} AS csr_value, nullif(v.detail, '') AS component_detail
        FROM _recon_pair p JOIN v_address v ON {_join_on(address_cols, "v")}
        """
    )
    words = " ".join(f"WHEN '{k}' THEN '{w}'" for k, w in _VERDICT_WORDS.items())
    return f"""
    SELECT f.loa_id,
           upper(split_part(f.field, '.', 1)) || '_' || upper(f.verdict) AS code,
           f.field, f.verdict, f.loa_value, f.csr_value,
           coalesce('address: ' || f.component_detail,
                    f.field || ' ' || CASE f.verdict {words} END) AS detail
    FROM ({" UNION ALL ".join(parts)}) f
    WHERE f.verdict <> 'exact'
    """


_LISTED = f"""
    array_to_string(list_slice(list_sort(list(DISTINCT {{col}})), 1, {LISTED_NUMBERS}), ', ')
    || CASE WHEN count(DISTINCT {{col}}) > {LISTED_NUMBERS}
            THEN ' (+' || (count(DISTINCT {{col}}) - {LISTED_NUMBERS}) || ' more)' ELSE '' END
"""


def _order_findings_sql() -> str:
    """SELECT of every order finding (section 5 order codes plus CARRIER_UNKNOWN)."""
    listed_tn = _LISTED.format(col="n.tn")
    listed_raw = _LISTED.format(col="n.tn_raw")
    return f"""
    WITH acct_numbers AS (
        SELECT n.loa_id, count(DISTINCT t.acct_id) AS accounts
        FROM _recon_num n JOIN _recon_acct_tn t ON t.tn = n.tn
        GROUP BY n.loa_id
    ),
    number_count AS (
        SELECT loa_id, count(DISTINCT tn) AS numbers
        FROM _recon_num WHERE portable GROUP BY loa_id
    ),
    bd AS (
        SELECT loa_id, bd_between(country, reference_date, requested_port_date) AS business_days
        FROM _recon_loa WHERE requested_port_date IS NOT NULL
    )
    SELECT l.loa_id, 'CSR_NOT_FOUND' AS code, 'account' AS field, l.account_number AS loa_value,
           NULL AS csr_value,
           'no CSR account of ' || coalesce(l.carrier_name, 'the losing carrier')
           || ' has account ' || coalesce(l.account_number, '(none)')
           || ' or any of the LOA''s numbers' AS detail
    FROM _recon_loa l ANTI JOIN _recon_match m USING (loa_id)
    UNION ALL
    SELECT n.loa_id, 'TN_INVALID', 'tns', {listed_raw}, NULL,
           count(DISTINCT n.tn_raw) || ' number(s) are not valid NANP numbers'
    FROM _recon_num n WHERE NOT coalesce(n.is_valid, FALSE) GROUP BY n.loa_id
    UNION ALL
    SELECT n.loa_id, 'TN_NOT_PORTABLE', 'tns', {listed_tn}, NULL,
           count(DISTINCT n.tn) || ' number(s) are outside the US and Canada ('
           || array_to_string(list_sort(list(DISTINCT n.region)), ', ') || ')'
    FROM _recon_num n WHERE n.is_valid AND NOT n.portable GROUP BY n.loa_id
    UNION ALL
    SELECT n.loa_id, 'TN_NOT_ON_CSR', 'tns', {listed_tn}, any_value(p.csr_account),
           count(DISTINCT n.tn) || ' number(s) are not on CSR account '
           || any_value(p.csr_account)
    FROM _recon_num n JOIN _recon_pair p USING (loa_id)
    ANTI JOIN _recon_acct_tn t ON t.acct_id = p.acct_id AND t.tn = n.tn
    WHERE n.portable GROUP BY n.loa_id
    UNION ALL
    SELECT n.loa_id, 'TN_IN_OTHER_ORDER', 'tns', {listed_tn},
           array_to_string(list_sort(list(DISTINCT o.order_id)), ', '),
           count(DISTINCT n.tn) || ' number(s) are also in open order(s) '
           || array_to_string(list_sort(list(DISTINCT o.order_id)), ', ')
    FROM _recon_num n
    JOIN _recon_loa l ON l.loa_id = n.loa_id AND l.is_open
    JOIN _recon_open_tn o ON o.tn = n.tn AND o.order_id <> n.order_id
    WHERE n.portable GROUP BY n.loa_id
    UNION ALL
    SELECT p.loa_id, 'PARTIAL_PORT_BTN', 'tns', p.csr_btn, p.csr_account,
           'the order ports BTN ' || p.csr_btn || ' but leaves '
           || count(DISTINCT t.tn) || ' number(s) of account ' || p.csr_account
    FROM _recon_pair p
    SEMI JOIN _recon_num b ON b.loa_id = p.loa_id AND b.tn = p.csr_btn
    JOIN _recon_acct_tn t ON t.acct_id = p.acct_id
    ANTI JOIN _recon_num n ON n.loa_id = p.loa_id AND n.tn = t.tn
    GROUP BY p.loa_id, p.csr_btn, p.csr_account
    UNION ALL
    SELECT l.loa_id, 'LOA_UNSIGNED_TOLLFREE', 'signed_date', NULL, NULL,
           'toll-free order and the LOA has no signature date'
    FROM _recon_loa l WHERE l.number_type = 'tollfree' AND l.signed_date IS NULL
    UNION ALL
    SELECT l.loa_id, 'LOA_STALE', 'signed_date', CAST(l.signed_date AS VARCHAR), NULL,
           'LOA signed ' || (l.reference_date - l.signed_date) || ' days before '
           || l.reference_date || '; ' || CASE WHEN l.is_known
                THEN l.carrier_name || ' accepts at most '
                ELSE 'carriers without a profile are held to ' END
           || l.loa_max_age_days || ' days'
    FROM _recon_loa l WHERE l.reference_date - l.signed_date > l.loa_max_age_days
    UNION ALL
    SELECT l.loa_id, 'INVOICE_STALE', 'invoice_date', CAST(l.invoice_date AS VARCHAR), NULL,
           CASE WHEN l.invoice_date IS NULL THEN 'no invoice date on the LOA'
                ELSE 'invoice dated ' || (l.reference_date - l.invoice_date) || ' days before '
                     || l.reference_date || ' (at most {INVOICE_MAX_AGE_DAYS})' END
    FROM _recon_loa l
    WHERE l.invoice_date IS NULL OR l.reference_date - l.invoice_date > {INVOICE_MAX_AGE_DAYS}
    UNION ALL
    SELECT l.loa_id, 'PORT_DATE_TOO_SOON', 'requested_port_date',
           CAST(l.requested_port_date AS VARCHAR), NULL,
           'requested port date is ' || b.business_days || ' business day(s) after '
           || l.reference_date || ' (' || l.country || ' calendar); at least '
           || {MIN_PORT_BUSINESS_DAYS} || ' needed'
    FROM _recon_loa l JOIN bd b USING (loa_id)
    WHERE b.business_days < {MIN_PORT_BUSINESS_DAYS}
    UNION ALL
    SELECT l.loa_id, 'PORT_DATE_NOT_BUSINESS_DAY', 'requested_port_date',
           CAST(l.requested_port_date AS VARCHAR), NULL,
           'requested port date ' || l.requested_port_date || ' is a '
           || CASE WHEN isodow(l.requested_port_date) > 5 THEN dayname(l.requested_port_date)
                   ELSE 'holiday' END
           || ' in the ' || l.country || coalesce(' (' || d.subdivision || ')', '')
           || ' calendar of ' || coalesce(l.carrier_name, 'the losing carrier')
    FROM _recon_loa l JOIN _recon_port_date d USING (loa_id)
    WHERE NOT d.requested_is_business_day
    UNION ALL
    SELECT l.loa_id, 'PORT_DATE_NOT_FEASIBLE', 'requested_port_date',
           CAST(l.requested_port_date AS VARCHAR), CAST(d.earliest_feasible_date AS VARCHAR),
           'requested port date ' || l.requested_port_date || ' is before '
           || d.earliest_feasible_date || ', the earliest '
           || coalesce(l.carrier_name, 'the losing carrier') || ' can accept: '
           || d.min_business_days || ' business day(s) for ' || coalesce(l.tn_count, 0)
           || ' number(s), counted from ' || d.counting_day
           || CASE WHEN d.counting_day > d.request_day
                   THEN ' (the request of ' || d.request_day
                        || ' came after the cut-off or on a non-business day)'
                   ELSE '' END
    FROM _recon_loa l JOIN _recon_port_date d USING (loa_id) LEFT JOIN bd b USING (loa_id)
    WHERE l.requested_port_date < d.earliest_feasible_date
      AND coalesce(b.business_days >= {MIN_PORT_BUSINESS_DAYS}, TRUE)
    UNION ALL
    SELECT l.loa_id, 'PORT_DATE_TOO_FAR', 'requested_port_date',
           CAST(l.requested_port_date AS VARCHAR), CAST(d.latest_feasible_date AS VARCHAR),
           'requested port date ' || l.requested_port_date || ' is '
           || (l.requested_port_date - d.request_day) || ' days after the request of '
           || d.request_day || '; ' || coalesce(l.carrier_name, 'the losing carrier')
           || ' accepts at most ' || (d.latest_feasible_date - d.request_day) || ' days'
    FROM _recon_loa l JOIN _recon_port_date d USING (loa_id)
    WHERE l.requested_port_date > d.latest_feasible_date
    UNION ALL
    SELECT l.loa_id, 'PROJECT_MIXED_ACCOUNTS', 'tns', NULL, NULL,
           c.numbers || ' numbers spread over ' || a.accounts || ' CSR accounts'
    FROM _recon_loa l JOIN number_count c USING (loa_id) JOIN acct_numbers a USING (loa_id)
    WHERE c.numbers >= {PROJECT_MIN_NUMBERS} AND a.accounts > 1
    UNION ALL
    SELECT p.loa_id, 'CARRIER_MISMATCH', 'carrier', l.losing_carrier, p.csr_carrier,
           'the LOA names ' || coalesce(l.losing_carrier, '(no carrier)')
           || ' but its numbers are on account ' || p.csr_account || ' of '
           || p.csr_carrier
    FROM _recon_pair p JOIN _recon_loa l USING (loa_id)
    WHERE p.csr_cid <> p.cid
    UNION ALL
    SELECT l.loa_id, 'CARRIER_UNKNOWN', 'carrier', l.losing_carrier, NULL,
           'losing carrier ' || coalesce(l.losing_carrier, '(none)')
           || ' has no profile (key ' || l.cid || '); default rules apply'
    FROM _recon_loa l WHERE NOT l.is_known
    """


# The port-date findings' fix names the date to request (docs/port-dates.md).
_PORT_DATE_FIX = """CASE
    WHEN f.code = 'PORT_DATE_TOO_FAR'
        THEN 'Request a date from ' || d.earliest_feasible_date || ' to '
             || d.latest_feasible_date || ' (business days only).'
    WHEN f.code IN ('PORT_DATE_NOT_BUSINESS_DAY', 'PORT_DATE_NOT_FEASIBLE')
        THEN 'Request ' || d.proposed_port_date || ' or later (a business day of the carrier''s'
             || ' calendar).'
    ELSE c.fix END"""


# The findings' row order, the same whether reconciled whole or by partitions of carriers.
FINDINGS_ORDER = "order_id, code, field, loa_id"


def carrier_partitions(
    con: duckdb.DuckDBPyConnection, book: CarrierBook, parts: int
) -> list[list[str]]:
    """The LOAs' losing carriers (carrier_id; '' for an LOA that names none) in at most `parts`
    groups of about equal LOA counts: each group is reconciled by a step of its own. A carrier
    is never split, so its LOAs' findings come from one step."""
    with _registered(con, {"_recon_spelling": _carrier_frame(con, book)}):
        counts = con.execute(
            """
            SELECT coalesce(s.carrier_id, l.carrier_id, '') AS cid, count(*) AS loas
            FROM loa_records l LEFT JOIN _recon_spelling s ON s.spelling = l.losing_carrier
            GROUP BY cid ORDER BY loas DESC, cid
            """
        ).fetchall()
    return [sorted(group) for group in balanced_groups(counts, parts)] or [[]]


def merge_findings(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The partitions' findings as one table in the order of a whole reconciliation."""
    frame = pd.concat(list(parts), ignore_index=True)
    con = connect()
    try:
        con.register("parts", frame)
        return con.sql(f"SELECT * FROM parts ORDER BY {FINDINGS_ORDER}").df()
    finally:
        con.close()


@dataclass(frozen=True)
class Reconciled:
    """What one reconciliation found: its FINDINGS rows, and the CSR account each LOA matched
    (loa_id, match_method, acct_id, cid, MATCHED_ACCOUNT_COLUMNS and carrier, the newest CSR
    row's spelling), so a caller groups numbers by the very account the findings compared."""

    findings: pd.DataFrame
    matches: pd.DataFrame


def build_findings(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    book: CarrierBook | None = None,
    carriers: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The FINDINGS rows of every LOA in `con` (tables csr_records, loa_records, loa_numbers,
    orders), sorted by order_id, code, field; with `carriers`, of the LOAs whose losing carrier
    (carrier_id) is one of them.

    Relative rules use each order's reference date: the UTC date of its first submission, else
    `as_of`, so history is judged as it stood when it was submitted. Every rule judges one LOA
    against all CSRs and all open orders, so the findings of a partition of losing carriers are
    exactly the whole run's rows for those LOAs (what lets the night reconcile carriers apart).
    """
    with _work_tables(con):
        return _findings(con, as_of, book, carriers)


def reconcile(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, book: CarrierBook | None = None
) -> Reconciled:
    """build_findings and the account each LOA matched (precheck groups sub-orders by it)."""
    with _work_tables(con):
        return Reconciled(_findings(con, as_of, book), _matched_accounts(con))


@contextmanager
def _work_tables(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The rules' temporary tables (`_recon_*`) live for one reconciliation and are dropped after
    it: what a caller needs of them is returned explicitly, so none reads a previous
    reconciliation's match from the connection by accident."""
    try:
        yield
    finally:
        leftovers = con.execute(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE temporary AND starts_with(table_name, '_recon_')"
        ).fetchall()
        for (name,) in leftovers:
            con.execute(f'DROP TABLE "{name}"')


def _findings(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    book: CarrierBook | None,
    carriers: Sequence[str] | None = None,
) -> pd.DataFrame:
    """build_findings' work; it leaves the match in the `_recon_*` tables for _matched_accounts."""
    book = book or default_carrier_book()
    accounts = con.sql(
        "SELECT account_number FROM loa_records UNION SELECT account_number FROM csr_records"
    ).df()["account_number"]
    lookups = {
        "_recon_spelling": _carrier_frame(con, book),
        "_recon_account": normalise_accounts(accounts),
        "_recon_catalogue": default_catalogue().frame(),
    }
    params = {
        "as_of": as_of,
        "default_max_age": book.default.loa_max_age_days,
        "default_country": book.default.country,
        "provinces": list(CANADIAN_STATE_SPELLINGS),
        "portable": sorted(PORTABLE_REGIONS),
        "min_account_key": MIN_ACCOUNT_KEY_ELSEWHERE,
        "restricted": carriers is not None,
        "carriers": sorted(carriers or []),
    }
    with _registered(con, lookups):
        for statement in _BASE_STATEMENTS:
            con.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})
        register_calendar_for(
            con,
            "SELECT min(least(reference_date, requested_port_date)), "
            "max(greatest(reference_date, requested_port_date)) FROM _recon_loa",
            as_of,
        )
        requests = con.sql(
            "SELECT loa_id, cid AS carrier_id, country, state, tn_count, submitted_at, "
            "requested_port_date FROM _recon_loa"
        ).df()
        judged = {
            "_recon_port_date": assess_port_dates(requests, book, as_of),
            "v_name": _scalar_pairs(con, ["loa_name", "csr_name"], verdicts.compare_names),
            "v_account": _scalar_pairs(
                con, ["loa_account", "csr_account"], verdicts.compare_accounts
            ),
            "v_btn": _scalar_pairs(con, ["loa_btn", "csr_btn"], verdicts.compare_btns),
            "v_pin": _scalar_pairs(con, PIN_COLUMNS, verdicts.compare_pins),
            "v_address": _address_pairs(con),
        }
        with _registered(con, judged):
            frame = con.sql(
                f"""
                WITH found AS (
                    SELECT loa_id, code, field, verdict, loa_value, csr_value, detail
                    FROM ({_field_findings_sql()})
                    UNION ALL
                    SELECT loa_id, code, field, NULL, loa_value, csr_value, detail
                    FROM ({_order_findings_sql()})
                )
                SELECT l.order_id, f.loa_id, l.cid AS carrier_id, f.code, f.field, f.verdict,
                       CAST(f.loa_value AS VARCHAR) AS loa_value,
                       CAST(f.csr_value AS VARCHAR) AS csr_value,
                       f.detail, {_PORT_DATE_FIX} AS fix, c.severity, l.reference_date,
                       m.match_method, a.account_number AS csr_account_number
                FROM found f
                JOIN _recon_loa l USING (loa_id)
                LEFT JOIN _recon_catalogue c USING (code)
                LEFT JOIN _recon_match m USING (loa_id)
                LEFT JOIN _recon_acct a USING (acct_id)
                LEFT JOIN _recon_port_date d USING (loa_id)
                ORDER BY {FINDINGS_ORDER}
                """
            ).df()
    unknown = sorted(set(frame.loc[frame["severity"].isna(), "code"]))
    if unknown:  # a rule emits a code the catalogue lacks: a bug, never a silently lost finding
        raise ValueError(f"finding codes missing from data/findings.yaml: {', '.join(unknown)}")
    return frame[FINDINGS.column_names].reset_index(drop=True)


# The matched CSR account's values that Reconciled.matches carries (the newest CSR row's).
MATCHED_ACCOUNT_COLUMNS = (
    "account_number",
    "account_name",
    "btn",
    "service_address_1",
    "service_address_2",
    "city",
    "state",
    "postal_code",
)


def _matched_accounts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Reconciled.matches, from the match _findings just made on `con`."""
    values = ", ".join(f"a.{c}" for c in MATCHED_ACCOUNT_COLUMNS)
    return con.sql(
        f"""
        SELECT m.loa_id, m.match_method, m.acct_id, a.cid, {values}, a.carrier
        FROM _recon_match m JOIN _recon_acct a USING (acct_id)
        ORDER BY m.loa_id
        """
    ).df()
