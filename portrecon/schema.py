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
        _c(
            "carrier_id",
            "VARCHAR",
            "Carrier key: profile id, or normalised name for unknown carriers.",
        ),
        _c("account_number", "VARCHAR", "Account number as text, as written (leading zeros kept)."),
        _c("account_name", "VARCHAR", "End-user name on file at the losing carrier."),
        *_ADDRESS,
        _c("btn", "VARCHAR", "Billing telephone number, E.164; NULL when absent or unreadable."),
        _c("tn", "VARCHAR", "Telephone number on the account, E.164."),
        _c("pin_hash", "VARCHAR", "HMAC-SHA256 of the PIN under the local key; NULL when no PIN."),
        _c(
            "pin_hash_unpadded",
            "VARCHAR",
            "HMAC-SHA256 of the PIN without leading zeros (a spreadsheet drops them); NULL when "
            "no PIN. Equal to the other side's while pin_hash differs: PIN_EQUIVALENT.",
        ),
        _c("csr_date", "DATE", "Date the CSR was produced."),
        *_SOURCE,
        _c("extra", "VARCHAR", "JSON object of columns the product does not know, as read."),
    ),
)

CSR_RECORDS = Table(
    "csr_records",
    "carrier, account, number (newest CSR)",
    "The newest CSR row per (carrier_id, account_number, tn) by csr_date; ties go to the later "
    "file/line.",
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
        _c(
            "pin_hash_unpadded",
            "VARCHAR",
            "HMAC-SHA256 of the PIN without leading zeros (a spreadsheet drops them); NULL when "
            "no PIN. Equal to the other side's while pin_hash differs: PIN_EQUIVALENT.",
        ),
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
        _c(
            "carrier",
            "VARCHAR",
            "The other carrier as written (losing for port-in, gaining for port-out).",
        ),
        _c("carrier_id", "VARCHAR", "Carrier key."),
        _c("number_type", "VARCHAR", "`local` or `tollfree`; NULL when not given."),
        _c("tn_count", "INTEGER", "Numbers in the order; NULL when not given."),
        _c("event_time", "TIMESTAMP", "Instant of the event in UTC (values without zone are UTC)."),
        _c("status", "VARCHAR", "Normalised status (PRODUCT.md 3.3)."),
        _c("status_raw", "VARCHAR", "Status as written."),
        _c("foc_date", "DATE", "Firm Order Commitment date, with approved/FOC events."),
        _c(
            "reason",
            "VARCHAR",
            "Free-text reason, with rejected/update_required/cancelled/stopped.",
        ),
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
    "What happened to every file below the inbox: read, skipped (matches no pattern) or "
    "unreadable.",
    (
        _c("source_file", "VARCHAR", "Path relative to the inbox root."),
        _c("kind", "VARCHAR", "`csr`, `loa`, `orders`, or NULL when skipped."),
        _c("status", "VARCHAR", "`loaded`, `rejected` (whole file quarantined) or `skipped`."),
        _c("encoding", "VARCHAR", "Detected text encoding, or `xlsx`."),
        _c("rows_read", "BIGINT", "Data rows read (an unreadable file counts as 1)."),
        _c("rows_loaded", "BIGINT", "Rows loaded into the raw layer."),
        _c(
            "rows_quarantined",
            "BIGINT",
            "Rows sent to quarantine. rows_read = loaded + quarantined.",
        ),
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
        _c(
            "inbox",
            "VARCHAR",
            "The inbox folder the run read, absolute (precheck names it when a sheet's accounts "
            "are not in this warehouse).",
        ),
    ),
)

# --- reconciliation (issue 5) -------------------------------------------------------------
FINDINGS = Table(
    "findings",
    "order, finding",
    "Every finding of every LOA against its CSR account (PRODUCT.md sections 4-5). Exact fields "
    "produce no finding. PIN values are `****` or NULL.",
    (
        _c("order_id", "VARCHAR", "Port-in order."),
        _c("loa_id", "VARCHAR", "LOA the finding is about."),
        _c("carrier_id", "VARCHAR", "Carrier key of the LOA's losing carrier."),
        _c("code", "VARCHAR", "Stable finding code, e.g. NAME_EQUIVALENT, TN_NOT_ON_CSR."),
        _c(
            "field",
            "VARCHAR",
            "Compared field (name, address, account, pin, btn, tns); for "
            "addresses the differing component(s), e.g. address.unit.",
        ),
        _c(
            "verdict",
            "VARCHAR",
            "exact/equivalent/similar/different/missing_loa/missing_csr; NULL for order findings.",
        ),
        _c("loa_value", "VARCHAR", "Value on the LOA (`****` for PINs)."),
        _c("csr_value", "VARCHAR", "Value on the CSR (`****` for PINs)."),
        _c("detail", "VARCHAR", "What a porting specialist needs to know, in plain words."),
        _c("fix", "VARCHAR", "How to fix it, in plain words (from the finding catalogue)."),
        _c("severity", "VARCHAR", "`block`, `warn` or `info`."),
        _c("reference_date", "DATE", "Date relative rules used: first submission, else as-of."),
        _c(
            "match_method",
            "VARCHAR",
            "How the LOA found its CSR account, first rule that matched: `account` (carrier + "
            "account number), `numbers` (the account holding most of its numbers), `btn` "
            "(carrier + BTN, when no account holds its numbers), `account_other_carrier` (its "
            "account number at one other carrier); NULL = none.",
        ),
        _c(
            "csr_account_number",
            "VARCHAR",
            "Account number of the matched CSR account; NULL when none matched.",
        ),
    ),
)

# --- timelines and SLA (issue 6) ----------------------------------------------------------
ORDERS = Table(
    "orders",
    "order",
    "One row per port order (in and out) from the distinct events, plus LOA-only drafts. "
    "Durations are business days of the carrier's country (docs/metrics.md).",
    (
        _c("order_id", "VARCHAR", "Port order."),
        _c("direction", "VARCHAR", "`port_in` or `port_out`."),
        _c(
            "carrier",
            "VARCHAR",
            "Carrier display name (profile name, else the canonical key in title case).",
        ),
        _c("carrier_id", "VARCHAR", "Carrier key."),
        _c("country", "VARCHAR", "Calendar country of the carrier (US or CA)."),
        _c("number_type", "VARCHAR", "`local` or `tollfree`."),
        _c("tn_count", "INTEGER", "Numbers in the order."),
        _c("status", "VARCHAR", "Current status: the latest distinct event's status."),
        _c("is_open", "BOOLEAN", "Not completed, cancelled, rejected or stopped (metrics.md)."),
        _c("submitted_at", "TIMESTAMP", "First submission (port-in) or request (port-out), UTC."),
        _c("approved_at", "TIMESTAMP", "First approval with a FOC, UTC."),
        _c("foc_date", "DATE", "Latest FOC date."),
        _c("first_foc_date", "DATE", "First FOC date (foc_slip_days counts from it)."),
        _c("completed_at", "TIMESTAMP", "Completion, UTC."),
        _c("cancelled_at", "TIMESTAMP", "Cancellation, UTC."),
        _c("rejections", "INTEGER", "Rejected events."),
        _c("update_requests", "INTEGER", "Update-required events."),
        _c("days_to_foc", "INTEGER", "Business days from submission to first FOC."),
        _c("days_to_complete", "INTEGER", "Business days from submission to completion."),
        _c("foc_slip_days", "INTEGER", "Business days between the first and the latest FOC date."),
    ),
)

SLA_BY_CARRIER = Table(
    "sla_by_carrier",
    "carrier, direction, month of submission",
    "Per-carrier service levels by month of submission (docs/metrics.md). Durations are business "
    "days; percentiles use linear interpolation (quantile_cont).",
    (
        _c("carrier_id", "VARCHAR", "Carrier key."),
        _c("carrier", "VARCHAR", "Carrier display name."),
        _c("direction", "VARCHAR", "`port_in` or `port_out`."),
        _c("month", "DATE", "First day of the (UTC) month of submission."),
        _c("orders", "BIGINT", "Orders submitted in the month."),
        _c("completed", "BIGINT", "Of those, completed."),
        _c("rejected_orders", "BIGINT", "Of those, with at least one rejection."),
        _c("rejection_rate", "DOUBLE", "rejected_orders / orders."),
        _c("median_days_to_foc", "DOUBLE", "Median business days to FOC (linear interpolation)."),
        _c("p90_days_to_foc", "DOUBLE", "90th percentile business days to FOC (linear)."),
        _c("median_days_to_complete", "DOUBLE", "Median business days to completion."),
        _c("p90_days_to_complete", "DOUBLE", "90th percentile business days to completion."),
        _c(
            "sla_days_to_complete",
            "INTEGER",
            "The carrier profile's target (default profile for unknown carriers).",
        ),
        _c(
            "on_time_rate",
            "DOUBLE",
            "Share of completed orders with days_to_complete <= "
            "sla_days_to_complete; NULL when none completed.",
        ),
        _c(
            "on_time_rate_20bd",
            "DOUBLE",
            "Share of completed orders with days_to_complete <= 20 "
            "(the 4-week rule of PRODUCT.md section 2).",
        ),
        _c("open_orders", "BIGINT", "Of those, still open at as-of."),
    ),
)

PORTOUT_WATCH = Table(
    "portout_watch",
    "port-out, action",
    "Port-outs a porting team must act on, with the action and its due date (docs/metrics.md).",
    (
        _c("order_id", "VARCHAR", "Port-out order."),
        _c("carrier_id", "VARCHAR", "Gaining carrier key."),
        _c("carrier", "VARCHAR", "Gaining carrier display name."),
        _c("country", "VARCHAR", "Calendar country of the due date."),
        _c("status", "VARCHAR", "Current status."),
        _c("foc_date", "DATE", "Latest FOC date."),
        _c("completed_at", "TIMESTAMP", "Completion, UTC; NULL when not completed."),
        _c(
            "action_code",
            "VARCHAR",
            "CONFIRMATION_PENDING, NOT_COMPLETED_AFTER_FOC, CANCEL_WINDOW_PASSED, "
            "RELEASE_NUMBERS or DISPUTE_WINDOW.",
        ),
        _c("action", "VARCHAR", "What to do, in plain words."),
        _c("due_date", "DATE", "When it must be done by."),
        _c("days_left", "INTEGER", "Business days from as-of to due_date; negative = overdue."),
        _c(
            "auto_approves_at",
            "TIMESTAMP",
            "While the customer has not answered (status requested or confirmation_sent): when "
            "the port-out is approved by default, the request time plus the carrier profile's "
            "portout_auto_approve_hours (default 24), UTC; NULL otherwise. The watch is sorted "
            "by the earlier of this and due_date.",
        ),
    ),
)

ORDER_AGING = Table(
    "order_aging",
    "open order",
    "Every open order with the business days since its submission, in buckets (docs/metrics.md).",
    (
        _c("order_id", "VARCHAR", "Port order."),
        _c("direction", "VARCHAR", "`port_in` or `port_out`."),
        _c("carrier_id", "VARCHAR", "Carrier key."),
        _c("carrier", "VARCHAR", "Carrier display name."),
        _c("country", "VARCHAR", "Calendar country."),
        _c("status", "VARCHAR", "Current status."),
        _c("submitted_at", "TIMESTAMP", "First submission (port-out: request), UTC; NULL = draft."),
        _c("business_days_open", "INTEGER", "bd(submission date, as-of); NULL for drafts."),
        _c("bucket", "VARCHAR", "`0-5`, `6-10`, `11-20`, `21+` or `not submitted`."),
        _c("bucket_order", "INTEGER", "Sort key of the bucket (1 = youngest, 5 = not submitted)."),
        _c("sla_days_to_complete", "INTEGER", "The carrier profile's completion target."),
        _c("over_target", "BOOLEAN", "business_days_open > sla_days_to_complete."),
    ),
)

REJECTION_REASONS = Table(
    "rejection_reasons",
    "carrier, direction, month, status, reason",
    "Free-text reasons of rejected, auto_rejected, update_required, cancelled and stopped events "
    "mapped to a stable code (docs/metrics.md), counted per carrier and month of the event.",
    (
        _c("carrier_id", "VARCHAR", "Carrier key."),
        _c("carrier", "VARCHAR", "Carrier display name."),
        _c("direction", "VARCHAR", "`port_in` or `port_out`."),
        _c("month", "DATE", "First day of the (UTC) month of the event."),
        _c("status", "VARCHAR", "Event status (rejected, update_required, ...)."),
        _c("reason_code", "VARCHAR", "Stable code, e.g. NAME_MISMATCH, BUSINESS_RELATIONSHIP."),
        _c("reason_label", "VARCHAR", "The code in plain words."),
        _c(
            "finding_codes",
            "VARCHAR",
            "Section-5 finding codes the reason corresponds to (comma-separated); NULL when none.",
        ),
        _c("reason", "VARCHAR", "The reason as the carrier wrote it (trimmed); NULL when none."),
        _c("events", "BIGINT", "Events with this reason."),
        _c("orders", "BIGINT", "Distinct orders with this reason."),
    ),
)

# --- rejection outcomes (issue 17, docs/rejection_codes.md) --------------------------------
REJECTION_OUTCOMES = Table(
    "rejection_outcomes",
    "carrier decision that sent a port-in back (rejection or update request)",
    "Every rejection and update request of a port-in, its reason read for vendor and industry "
    "codes, and whether portrecon had flagged, before submission, the finding that predicts it: "
    "the labelled test of portrecon's own checks (docs/metrics.md).",
    (
        _c("order_id", "VARCHAR", "Port-in order."),
        _c("carrier_id", "VARCHAR", "Losing carrier key."),
        _c("carrier", "VARCHAR", "Losing carrier display name."),
        _c("event_time", "TIMESTAMP", "When the carrier's decision was recorded, UTC."),
        _c("status", "VARCHAR", "`rejected` or `update_required`."),
        _c("reason", "VARCHAR", "The reason as received (trimmed); NULL when none."),
        _c(
            "vendor",
            "VARCHAR",
            "`telnyx`, `bandwidth`, `twilio` or `industry` when the reason carries a published "
            "code; NULL otherwise (unknown codes included).",
        ),
        _c("vendor_code", "VARCHAR", "The published code read in the reason; NULL when none."),
        _c("jcode", "VARCHAR", "Industry reject code (JCode), alone or with a Bandwidth code."),
        _c("reason_category", "VARCHAR", "Taxonomy code of rejection_reasons, e.g. PIN_MISMATCH."),
        _c("reason_label", "VARCHAR", "The taxonomy code in plain words."),
        _c(
            "finding_code",
            "VARCHAR",
            "The finding that predicts this rejection: the one on the order when flagged, else "
            "<FIELD>_DIFFERENT for a field or the order code; NULL where portrecon has no check.",
        ),
        _c(
            "component",
            "VARCHAR",
            "Address component the code names (`zip`); only a finding on it counts. NULL = any.",
        ),
        _c(
            "flagged",
            "BOOLEAN",
            "That finding was on the order when it was submitted (findings as they stood at the "
            "decision: the risk model's as-of rule); NULL when no finding corresponds or the LOA "
            "was replaced after the decision.",
        ),
        _c(
            "flagged_severity", "VARCHAR", "Severity of the flagged finding; NULL when not flagged."
        ),
        _c(
            "prevention",
            "VARCHAR",
            "`caught` (flagged), `missed` (portrecon has the check, it did not fire), `no_check` "
            "(no finding corresponds); NULL when the LOA was replaced after the decision.",
        ),
    ),
)

# --- rejection risk (issue 7) -------------------------------------------------------------
REJECTION_RISK = Table(
    "rejection_risk",
    "open port-in order",
    "Probability that the losing carrier rejects (or asks to update) each open port-in it has not "
    "approved (status draft, submitted, update_required, resubmitted; LOA-only drafts included), "
    "learnt from the carrier's history (docs/risk.md). Sorted by probability, highest first.",
    (
        _c("order_id", "VARCHAR", "Port-in order."),
        _c("carrier_id", "VARCHAR", "Losing carrier key."),
        _c("carrier", "VARCHAR", "Losing carrier display name."),
        _c("status", "VARCHAR", "Current status of the order."),
        _c("probability", "DOUBLE", "Probability of rejection in [0, 1] (4 decimals)."),
        _c("level", "VARCHAR", "`high` >= 0.5, `medium` >= 0.2, else `low`."),
        _c(
            "top_reasons",
            "VARCHAR",
            "Findings driving the score, strongest first, separated by ` | `: code, share of the "
            "added log-odds, and the history behind it, e.g. `NAME_EQUIVALENT 85% (AT&T rejected "
            "17 of 20)`. CARRIER_BASELINE = the carrier's own strictness. NULL when none.",
        ),
        _c("fixes", "VARCHAR", "Plain-words fix for each reason, same order, ` | `-separated."),
        _c("reason_codes", "VARCHAR", "The codes of top_reasons, comma-separated (for filters)."),
        _c(
            "carrier_history",
            "BIGINT",
            "Past decided port-ins of this carrier the model learnt from; 0 = pooled defaults.",
        ),
        _c(
            "probability_if_fixed",
            "DOUBLE",
            "Probability of rejection once every fixable finding that raises it is fixed (all "
            "but values missing on the CSR; the carrier's own strictness stays), 4 decimals.",
        ),
        _c(
            "probability_without",
            "VARCHAR",
            "For each code of reason_codes, same order, comma-separated: the probability once "
            "that finding alone is fixed (4 decimals; empty for CARRIER_BASELINE and values "
            "missing on the CSR, which no fix of ours removes). The drop a fix buys is "
            "probability minus it.",
        ),
    ),
)

CARRIER_STRICTNESS = Table(
    "carrier_strictness",
    "carrier, finding code",
    "How each losing carrier answered past port-ins carrying each finding code (first decision "
    "after submission; update_required counts as a rejection) and the effect the risk model "
    "learnt (docs/risk.md). carrier_id `*` pools every carrier.",
    (
        _c("carrier_id", "VARCHAR", "Losing carrier key; `*` = all carriers."),
        _c("carrier", "VARCHAR", "Carrier display name; `All carriers` for `*`."),
        _c("code", "VARCHAR", "Finding code the orders carried when submitted."),
        _c("orders_seen", "BIGINT", "Decided past port-ins of the carrier with this code."),
        _c("rejected", "BIGINT", "Of those, first answered with a rejection or update request."),
        _c("rejection_rate", "DOUBLE", "rejected / orders_seen."),
        _c("carrier_orders", "BIGINT", "Decided past port-ins of the carrier (any findings)."),
        _c("carrier_rejection_rate", "DOUBLE", "Share of those first answered with a rejection."),
        _c(
            "log_odds",
            "DOUBLE",
            "Learnt log-odds of rejection the code adds for this carrier (pooled effect plus "
            "the carrier's deviation, shrunk toward the pool where history is thin).",
        ),
        _c("odds_ratio", "DOUBLE", "exp(log_odds): how many times the code multiplies the odds."),
        _c("pooled_log_odds", "DOUBLE", "The code's log-odds over all carriers."),
        _c("pooled_odds_ratio", "DOUBLE", "exp(pooled_log_odds)."),
        _c(
            "model",
            "VARCHAR",
            "Model that learnt the effects (`carrier deviations`, `pooled`, "
            "or `prior` = defaults when history is too thin).",
        ),
    ),
)

RISK_MODEL = Table(
    "risk_model",
    "term of the night's fitted rejection-risk model",
    "The rejection-risk model the night fitted and scored `rejection_risk` with, term by term: "
    "log-odds of rejection = intercept + the carrier's offset + for each finding code the code's "
    "pooled effect + the carrier's deviation for the code + the carrier's deviation for the "
    "code's compared field + the finding's component effect and the carrier's deviation for it "
    "(docs/risk.md). `portrecon precheck` scores with these terms instead of refitting; a term "
    "that is absent is 0.",
    (
        _c(
            "term",
            "VARCHAR",
            "`intercept`, `carrier_offset` (carrier_id), `code` (pooled effect of code), "
            "`carrier_code` (carrier_id's deviation for code), `carrier_field` (carrier_id's "
            "deviation for every verdict code of field), `component` (pooled effect of the "
            "component in field: ADDRESS_ZIP, ADDRESS_REST, NAME_FORMAT, NAME_OTHER) or "
            "`carrier_component` (carrier_id's deviation for that component).",
        ),
        _c("carrier_id", "VARCHAR", "Losing carrier key; NULL for intercept and code terms."),
        _c("code", "VARCHAR", "Finding code of code and carrier_code terms; else NULL."),
        _c(
            "field",
            "VARCHAR",
            "Compared field of carrier_field terms (NAME, ADDRESS, ACCOUNT, PIN, BTN), component "
            "of component and carrier_component terms; else NULL.",
        ),
        _c("log_odds", "DOUBLE", "The term's log-odds of rejection (full precision)."),
        _c(
            "model",
            "VARCHAR",
            "Model kind (`carrier deviations`, `pooled`, or `prior` = defaults when history is "
            "too thin); the same on every row.",
        ),
        _c(
            "decided_orders",
            "BIGINT",
            "Decided past port-ins the model was fitted on; the same on every row.",
        ),
        _c("as_of", "DATE", "As-of date of the run that fitted it; the same on every row."),
    ),
)

# --- changes since the previous night (issue 19) -------------------------------------------
# --- port dates (issue 18, docs/port-dates.md) ---------------------------------------------
PORT_DATES = Table(
    "port_dates",
    "open port-in",
    "Every open port-in with its port type under 47 CFR 52.36, the earliest and latest port "
    "date its losing carrier can accept (calendar, cut-off time, order size, window) and "
    "whether its FOC is overdue. The PORT_DATE_* findings use the same rules.",
    (
        _c("order_id", "VARCHAR", "Port-in order."),
        _c("loa_id", "VARCHAR", "LOA of the order; NULL when the order has none."),
        _c("carrier_id", "VARCHAR", "Losing carrier key."),
        _c("country", "VARCHAR", "Calendar country (US or CA)."),
        _c(
            "subdivision",
            "VARCHAR",
            "Canadian province whose holidays the calendar adds (from the service address); NULL.",
        ),
        _c("tn_count", "INTEGER", "Numbers in the order (LOA, else order events)."),
        _c("number_type", "VARCHAR", "`local` or `tollfree`."),
        _c("status", "VARCHAR", "Current status."),
        _c("port_type", "VARCHAR", "`simple` or `non_simple` (47 CFR 52.36)."),
        _c("port_type_reason", "VARCHAR", "Why, in plain words."),
        _c("submitted_at", "TIMESTAMP", "First submission, UTC; NULL = draft (counts as as-of)."),
        _c("requested_port_date", "DATE", "Port date on the LOA; NULL when none."),
        _c(
            "counting_day",
            "DATE",
            "Business day the request counts from: its local day, or the next business day when "
            "it came after the carrier's cut-off (foc_cutoff_local) or on a non-business day.",
        ),
        _c("min_business_days", "INTEGER", "Lead time for the order's size (profile)."),
        _c("earliest_feasible_date", "DATE", "counting_day + min_business_days business days."),
        _c(
            "latest_feasible_date",
            "DATE",
            "Local day of the request + max_port_date_days calendar days.",
        ),
        _c(
            "requested_is_business_day",
            "BOOLEAN",
            "Requested date is a business day of the carrier's calendar; NULL without a date.",
        ),
        _c(
            "feasible",
            "BOOLEAN",
            "Requested date is a business day from earliest to latest; NULL without a date.",
        ),
        _c(
            "proposed_port_date",
            "DATE",
            "Date to request: the first business day on or after the requested and the earliest "
            "date (the earliest when that passes the latest).",
        ),
        _c(
            "foc_due_at",
            "TIMESTAMP",
            "Submission + 24 hours of the carrier's local business days, UTC; NULL for drafts.",
        ),
        _c(
            "foc_overdue",
            "BOOLEAN",
            "Still `submitted` without a FOC after foc_due_at, at the nightly of as-of.",
        ),
    ),
)

CARRIER_INTERVALS = Table(
    "carrier_intervals",
    "carrier, direction, month of submission",
    "Intervals kept by carriers (docs/port-dates.md): FOC answers within 24 business hours, "
    "simple ports completed within 1 business day of the FOC date (47 CFR 52.35), and simple "
    "ports rejected for a reason outside the 47 CFR 52.36 fields (dispute candidates).",
    (
        _c("carrier_id", "VARCHAR", "Carrier key."),
        _c("carrier", "VARCHAR", "Carrier display name."),
        _c("direction", "VARCHAR", "`port_in` or `port_out`."),
        _c("month", "DATE", "First day of the month of submission (UTC)."),
        _c("foc_responses", "BIGINT", "Submitted orders answered with a FOC."),
        _c("foc_on_time", "BIGINT", "Of those, FOC at or before foc_due_at (port_dates)."),
        _c("foc_on_time_rate", "DOUBLE", "foc_on_time / foc_responses; NULL without answers."),
        _c("simple_ports", "BIGINT", "Submitted simple port-ins (port_dates.port_type)."),
        _c("simple_completed", "BIGINT", "Simple port-ins completed with a FOC date."),
        _c(
            "simple_on_interval",
            "BIGINT",
            "Of those, completed within 1 business day after the (latest) FOC date.",
        ),
        _c(
            "simple_on_interval_rate",
            "DOUBLE",
            "simple_on_interval / simple_completed; NULL without completions.",
        ),
        _c(
            "dispute_candidates",
            "BIGINT",
            "Simple port-ins rejected for a reason outside the 52.36 fields (numbers, account, "
            "ZIP, PIN): name, street address, BTN, invoice, LOA age, unpaid balance.",
        ),
    ),
)

CHANGES = Table(
    "changes",
    "change since the previous published run",
    "What changed between the warehouse this run replaced and this one (PRODUCT.md 10.1), one "
    "row per change, for the report's 'Since last night' and `portrecon notify` "
    "(docs/notify.md). Empty on the first run over an empty warehouse and on a re-run of the "
    "same night.",
    (
        _c("run_id", "VARCHAR", "Run that built this warehouse."),
        _c("previous_run_id", "VARCHAR", "Run that built the warehouse it replaced."),
        _c("as_of", "DATE", "As-of date of this run."),
        _c("previous_as_of", "DATE", "As-of date of the replaced warehouse's run."),
        _c("order_id", "VARCHAR", "Port order."),
        _c("direction", "VARCHAR", "`port_in` or `port_out`."),
        _c("carrier_id", "VARCHAR", "Carrier key (losing for port-in, gaining for port-out)."),
        _c("carrier", "VARCHAR", "Carrier display name."),
        _c(
            "kind",
            "VARCHAR",
            "new_rejection, foc_set, foc_moved, completed, cancelled, became_high_risk, "
            "risk_dropped, new_blocking_finding, finding_resolved, portout_new, "
            "portout_action_due or portout_auto_approves_soon (docs/notify.md).",
        ),
        _c(
            "detail",
            "VARCHAR",
            "The change in plain words, e.g. `FOC moved 2026-12-04 -> 2026-12-09`, "
            "`risk 18% -> 64%: new PIN_DIFFERENT`. Never a PIN.",
        ),
        _c(
            "changed_at",
            "TIMESTAMP",
            "When it happened, UTC: the event's time for changes an event made (rejection, FOC, "
            "completion, cancellation, port-out request), the auto-approval instant for "
            "portout_auto_approves_soon, else the as-of day (00:00).",
        ),
    ),
)

CHECK_RESULTS = Table(
    "check_results",
    "data-quality check (one Great Expectations suite per ingested table)",
    "Outcome of every data-quality check of the run that built this warehouse.",
    (
        _c("check_name", "VARCHAR", "Dagster asset check, `<table>_gx_suite`."),
        _c("table_name", "VARCHAR", "Validated warehouse table."),
        _c("passed", "BOOLEAN", "Whether every expectation of the suite held."),
        _c("evaluated", "INTEGER", "Expectations evaluated."),
        _c("failed", "INTEGER", "Expectations that did not hold."),
        _c(
            "description", "VARCHAR", "Failed expectations with their columns and offending counts."
        ),
    ),
)


def all_tables() -> list[Table]:
    """Every Table defined in this module, in definition order (the warehouse contract)."""
    return [value for value in globals().values() if isinstance(value, Table)]
