"""nightly.html: one self-contained page a porting manager reads in two minutes (PRODUCT.md 9).

Inline CSS and inline SVG only: no script, stylesheet, font or image is fetched, so the page
opens offline and prints. Every value from the warehouse is escaped with html.escape.
"""

from __future__ import annotations

import hashlib
import math
import os
from datetime import date
from html import escape
from pathlib import Path

import duckdb
import pandas as pd

from portrecon.carriers import default_carrier_book
from portrecon.findings_catalogue import default_catalogue
from portrecon.reports import charts, queries
from portrecon.reports.charts import Box, Series
from portrecon.reports.queries import Figure, Relations
from portrecon.probability import probability_text
from portrecon.reports.tables import TONES, Column, ReportTable

TOP_AT_RISK = 10
LONG_TEXT = 60  # characters: a column with longer text gets a wide share of the table
SHORT_TEXT = 24  # characters: a column with text no longer than this is kept on one line
LIST_ITEM = 40  # characters: a list with longer items gets a wide share of the table
TOP_PORTOUTS = 25
TOP_REJECTED = 25
TOP_MISSED = 15
TOP_REASONS = 7  # reason labels shown by name in the pushback chart; the rest are "Other"
TOP_STRICT_CODES = 15
HEAT_SATURATION = 20  # an odds multiplier of x20 (or x1/20) gets the deepest colour

_CSS = """
:root { --ink:#1d2731; --muted:#5f6b76; --line:#d9dee3; --head:#1F3B57; --bad:#F8D7DA;
  --bad-ink:#842029; --warn:#FFF3CD; --warn-ink:#664D03; --ok:#D1E7DD; --ok-ink:#0F5132; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
  sans-serif; color: var(--ink); background: #f4f6f8; }
main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 40px; }
h1 { font-size: 24px; margin: 0 0 2px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px;
  border-bottom: 2px solid var(--head); }
h3 { font-size: 15px; margin: 0 0 6px; }
.sub, .note, .legend, figcaption { color: var(--muted); }
.legend { font-size: 13px; margin: 6px 0 0; }
.note { font-style: italic; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 10px;
  margin-top: 14px; }
.card { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--head);
  border-radius: 6px; padding: 8px 9px; }
.card .value { font-size: 26px; font-weight: 700; }
.card .label { color: var(--ink); font-size: 12px; }
.card .card-note { color: var(--muted); font-size: 11px; line-height: 1.3; margin-top: 3px; }
.card.bad { border-left-color: #C0392B; } .card.warn { border-left-color: #E69F00; }
.card.ok { border-left-color: #2E8B57; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(580px, 1fr)); gap: 14px; }
figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px;
  padding: 12px; break-inside: avoid; }
figcaption { font-size: 12px; margin-top: 4px; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; }
svg .label { text-anchor: end; fill: var(--ink); } svg .value { fill: var(--muted); }
svg .tick { text-anchor: middle; fill: var(--muted); font-size: 11px; }
svg .unit { text-anchor: end; fill: var(--muted); font-size: 11px; }
svg .legend { fill: var(--ink); } svg .grid { stroke: #e6e9ec; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
th { background: var(--head); color: #fff; text-align: left; font-weight: 600; padding: 5px 8px;
  vertical-align: bottom; }
td { border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.date { white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
.tone-bad { background: var(--bad) !important; color: var(--bad-ink); }
.tone-warn { background: var(--warn) !important; color: var(--warn-ink); }
.tone-ok { background: var(--ok) !important; color: var(--ok-ink); }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-weight: 600; }
ol.lines { margin: 0; padding-left: 18px; }
.heat td { text-align: center; white-space: nowrap; }
.heat td:first-child { text-align: left; font-family: ui-monospace, Menlo, Consolas, monospace;
  font-size: 12px; }
.scroll { overflow-x: auto; }
th.long { width: 40%; }
td.short { white-space: nowrap; }
h3.kind { margin: 14px 0 6px; }
table.since { table-layout: fixed; }
footer { margin-top: 30px; color: var(--muted); font-size: 12px; }
@media print {
  @page { size: landscape; margin: 10mm; }
  body { background: #fff; font-size: 10px; }
  table { font-size: 10px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  .grid { grid-template-columns: 1fr 1fr; }
  figure, .card { break-inside: avoid; }
  h2 { break-after: avoid; }
  .scroll { overflow: visible; }
}
"""


def write_nightly_html(con: duckdb.DuckDBPyConnection, path: Path, as_of: date) -> None:
    """Write nightly.html from the published warehouse: headline figures, charts, top lists."""
    rel = Relations(con)
    figures = {f.key: f for f in queries.summary_figures(rel, as_of)}
    anchored: set[str] = set()  # orders whose row on this page a change can link to
    sections = "".join(
        [
            _section(
                "Today's top at-risk orders",
                _top_at_risk(queries.at_risk(rel), as_of, anchored),
                "Open port-ins the losing carrier is most likely to reject, with the fix for each "
                "reason. The full list is the At risk sheet of nightly.xlsx.",
            ),
            _section(
                "Rejected - fix and resubmit",
                _rejected(queries.rejected_to_fix(rel, as_of), anchored),
                "Port-ins the losing carrier rejected or sent back for an update, not resubmitted "
                "or cancelled since, newest rejection first: fix each and resubmit it, or cancel "
                "it. Full list: the Rejected - fix and resubmit sheet.",
            ),
            _section(
                "Port-outs needing action",
                _top_portouts(queries.portout_watch(rel), as_of, anchored),
                "Overdue due dates in red. Full list: the Port-out watch sheet.",
            ),
            _section("Charts", _charts(rel)),
            _section(
                "Intervals kept by losing carriers (FCC)",
                _html_table(queries.intervals_by_carrier(rel)),
                "Port-ins, all months in the warehouse, the carrier with the fewest FOCs on time "
                "first: a FOC is due within 24 business hours, a simple port completes within "
                "1 business day of its FOC date, and a simple port may be rejected only for its "
                "numbers, account number, ZIP or PIN. Per month: the SLA by carrier sheet.",
            ),
            _section(
                "Carrier strictness: which findings each carrier rejects",
                _strictness(rel),
                "How many times a finding multiplies the odds that the carrier rejects the order, "
                "learnt from past port-ins (hover a cell for the history). The deeper the red, the "
                "stricter the carrier on that finding: double-check it before submitting there; "
                "green = the carrier lets it pass. Full table: the Carrier strictness sheet.",
            ),
            _section(
                "Prevention scorecard: should we have caught it?",
                _prevention(queries.prevention(rel), queries.missed_rejections(rel), anchored),
                "Every rejection and update request, scored against the findings portrecon had "
                "on the order when it was submitted: caught, missed (the check exists but did "
                "not fire) or no check yet (the backlog of checks worth building). Full tables: "
                "the Prevention and Missed rejections sheets.",
            ),
            _section("Data quality", _data_quality(rel, figures)),
            "<footer>Generated by portrecon from the published warehouse. Business days exclude "
            "weekends and the carrier's country's public holidays. Details in nightly.xlsx."
            "</footer>",
        ]
    )
    since = _section(
        queries.SINCE_LAST_NIGHT,
        _since_last_night(queries.since_last_night(rel), anchored),
        "What changed since the previous run's warehouse, the most urgent kind first. An order "
        "shown further down this page links to its row there. Full list: the Since last night "
        "sheet; `portrecon notify` sends the same list by e-mail or webhook.",
    )
    body = _header(figures) + since + _cards(figures) + sections
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Porting nightly report {as_of.isoformat()}</title><style>{_CSS}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, path)


def _header(figures: dict[str, Figure]) -> str:
    as_of = figures["as_of"].value
    built = figures["finished_at"].value
    run = figures["run_id"].value
    details = [f"As of {as_of:%A %d %B %Y}"]
    if built is not None:
        details.append(f"warehouse built {built:%Y-%m-%d %H:%M} UTC")
    if run:
        details.append(f"run {escape(str(run))}")
    return f'<h1>Porting nightly report</h1><div class="sub">{" · ".join(details)}</div>'


# (figure key, label, tone when the value is not zero); each card also shows its figure's note,
# which says what it counts and how it overlaps the others (the Summary sheet has the same).
_CARDS = (
    ("open_port_ins", "Open port-ins", None),
    ("risk_high", "Open port-ins at high rejection risk", "bad"),
    ("risk_medium", "Open port-ins at medium rejection risk", "warn"),
    ("rejected_to_fix", "Rejected port-ins to fix and resubmit", "bad"),
    ("findings_block", "Blocking findings on open orders", "bad"),
    ("portout_overdue", "Port-out actions overdue", "bad"),
    ("portout_due_soon", "Port-out actions due by the next business day", "warn"),
    ("over_target", "Open orders over carrier target", "warn"),
    ("rows_quarantined", "Input rows quarantined", "warn"),
    ("checks_failed", "Data-quality checks failed", "bad"),
)


def _cards(figures: dict[str, Figure]) -> str:
    cards = []
    for key, label, tone in _CARDS:
        if key not in figures:  # checks_failed: only when the warehouse has check_results
            continue
        value = figures[key].value
        if value is None:  # the table it counts is not in the warehouse
            css, shown = "", "–"
        else:
            css, shown = (f" {tone}" if value else " ok") if tone else "", f"{value:,}"
        note = figures[key].note
        cards.append(
            f'<div class="card{css}"><div class="value">{shown}</div>'
            f'<div class="label">{escape(label)}</div>'
            + (f'<div class="card-note">{escape(note)}</div>' if note else "")
            + "</div>"
        )
    return f'<div class="cards">{"".join(cards)}</div>'


def _section(title: str, content: str, caption: str = "") -> str:
    intro = f'<p class="sub">{escape(caption)}</p>' if caption else ""
    return f"<section><h2>{escape(title)}</h2>{intro}{content}</section>"


def _since_last_night(table: ReportTable, anchored: set[str]) -> str:
    """The changes grouped by kind, each order a link to its row on the page when it has one."""
    if not table.rows:
        return f'<p class="note">{escape(table.note or "No changes.")}</p>'
    parts = []
    for heading, rows in table.frame.groupby("heading", sort=False):
        cells = []
        for record in rows.itertuples(index=False):
            order = escape(str(record.order_id))
            if record.order_id in anchored:
                order = f'<a href="#{_anchor(record.order_id)}">{order}</a>'
            when = pd.Timestamp(record.changed_at).strftime("%Y-%m-%d %H:%M")
            cells.append(
                f'<tr><td class="short">{order}</td><td class="short">'
                f"{escape(str(record.carrier))}</td><td>{escape(str(record.detail))}</td>"
                f'<td class="date">{when}</td></tr>'
            )
        parts.append(
            f'<h3 class="kind">{escape(str(heading))} ({len(rows)})</h3>'
            '<div class="scroll"><table class="since"><colgroup><col style="width:14%">'
            '<col style="width:16%"><col><col style="width:16%"></colgroup><thead><tr>'
            "<th>Order</th><th>Carrier</th><th>What changed</th><th>When (UTC)</th></tr></thead>"
            f"<tbody>{''.join(cells)}</tbody></table></div>"
        )
    return "".join(parts)


def _anchor(order_id: object) -> str:
    """A page-safe id for an order (order ids may hold any character)."""
    return "order-" + hashlib.sha1(str(order_id).encode()).hexdigest()[:12]


def _top_at_risk(table: ReportTable, as_of: date, anchored: set[str]) -> str:
    """The most likely rejections, each reason as code, share and short fix (one list item
    each); under the table, the full fix of every code shown (the history is in the workbook)."""
    keys = (
        "order_id",
        "carrier",
        "level",
        "probability",
        "base_rate",
        "status",
        "business_days_open",
        "requested_port_date",
        "reasons",
        "if_fixed",
    )
    frame = table.frame.head(TOP_AT_RISK)
    shown = ReportTable(table.name, tuple(map(table.column, keys)), frame[list(keys)], table.note)
    codes = sorted({c for codes in frame["reason_codes"].dropna() for c in codes.split(",")})
    catalogue = default_catalogue().findings
    fixes = "".join(
        f"<li><b>{escape(code)}</b>: {escape(catalogue[code].fix)}</li>"
        for code in codes
        if code in catalogue
    )
    legend = f'<p class="legend"><b>Fixes in full</b>:</p><ul class="legend">{fixes}</ul>'
    table_html = _html_table(shown, TOP_AT_RISK, total=table.rows, as_of=as_of, anchored=anchored)
    return table_html + (legend if fixes else "")


def _rejected(table: ReportTable, anchored: set[str]) -> str:
    """The newest rejections, each reason in the carrier's words with its taxonomy label.

    The page folds the status into the reason ("Update required: ...") and leaves the code behind
    each fix to the workbook, so the fix has room to read.
    """
    keys = ("order_id", "carrier", "rejected_on", "business_days_since")
    reason = Column("reason", "Carrier's reason (taxonomy)")
    columns = (*(table.column(k) for k in keys), reason, *map(table.column, ("findings", "fix")))
    frame = table.frame.head(TOP_REJECTED)
    # As text even when every reason is NULL (a warehouse without order_events): an all-NULL
    # column comes back as objects, which pandas will not concatenate with strings.
    words, label = frame["reason"].astype("string"), frame["reason_label"].astype("string")
    labelled = (words + " (" + label + ")").where(words.str.lower() != label.str.lower(), words)
    labelled = labelled.fillna(words).fillna(label)
    update = frame["status"].eq("update_required")
    labelled = labelled.where(~update, "Update required: " + labelled)
    shown = ReportTable(
        table.name, columns, frame.assign(reason=labelled)[[c.key for c in columns]], table.note
    )
    return _html_table(shown, TOP_REJECTED, total=table.rows, anchored=anchored)


def _prevention(scorecard: ReportTable, missed: ReportTable, anchored: set[str]) -> str:
    """The scorecard whole (a few dozen rows), then the newest missed rejections with the
    findings the order had, so a person can see why the check did not fire."""
    return (
        _html_table(scorecard)
        + "<h3>Missed: the check exists but did not fire</h3>"
        + _html_table(missed, TOP_MISSED, anchored=anchored)
    )


def _top_portouts(table: ReportTable, as_of: date, anchored: set[str]) -> str:
    """The most urgent port-out actions; the action in words stands for its code here."""
    keys = (
        "order_id",
        "carrier",
        "status",
        "action",
        "due_date",
        "days_left",
        "auto_approves_at",
        "foc_date",
    )
    columns = tuple(table.column(k) for k in keys)
    shown = ReportTable(table.name, columns, table.frame[list(keys)], table.note)
    return _html_table(shown, TOP_PORTOUTS, as_of=as_of, anchored=anchored)


def _html_table(
    table: ReportTable,
    limit: int | None = None,
    total: int | None = None,
    as_of: date | None = None,
    anchored: set[str] | None = None,
) -> str:
    """A report table as HTML, the first `limit` rows of `total`, with its note if any.

    Overdue columns are red where a date is before `as_of` or a number is negative. With
    `anchored`, an order's first row on the page gets its id (the target of the changes' links)
    and the order joins the set.
    """
    frame = table.frame if limit is None else table.frame.head(limit)
    total = table.rows if total is None else total
    widths = [_width_class(frame[c.key]) for c in table.columns]
    head = "".join(
        f"<th{_css(width)}>{escape(c.header)}</th>"
        for c, width in zip(table.columns, widths, strict=True)
    )
    rows = []
    for record in frame.itertuples(index=False):
        cells = (
            _cell(column, value, width == "short", as_of)
            for column, value, width in zip(table.columns, record, widths, strict=True)
        )
        order_id = getattr(record, "order_id", None)
        target = ""
        if anchored is not None and order_id is not None and order_id not in anchored:
            anchored.add(order_id)
            target = f' id="{_anchor(order_id)}"'
        rows.append(f"<tr{target}>{''.join(cells)}</tr>")
    legends = "".join(
        f'<p class="legend"><b>{escape(c.header)}</b>: {escape(c.legend)}</p>'
        for c in table.columns
        if c.legend and len(frame)
    )
    notes = [table.note] if table.note else []
    if limit is not None and total > limit:
        notes.append(f"Showing {limit} of {total:,} rows.")
    note = "".join(f'<p class="note">{escape(n)}</p>' for n in notes)
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{legends}{note}"
    )


def _width_class(values: pd.Series) -> str:
    """`long` text columns get a wide share of the table; `short` ones (names, codes) never wrap.

    Multi-line text is shown one line per list item, so its longest line decides, and a list whose
    items are longer than LIST_ITEM gets the wide share too, so that each item reads on one line.
    """
    texts = values.dropna()
    if not len(texts) or not texts.map(type).eq(str).all():
        return ""
    lines = texts.str.split("\n")
    longest = lines.explode().str.len().max()
    listed = lines.str.len().max() > 1 and longest > LIST_ITEM
    return "long" if longest > LONG_TEXT or listed else "short" if longest <= SHORT_TEXT else ""


def _css(name: str) -> str:
    return f' class="{name}"' if name else ""


def _cell(column: Column, value: object, nowrap: bool, as_of: date | None) -> str:
    if value is None or value is pd.NA or value != value:  # None, NA, NaN, NaT
        return "<td></td>"
    kind = column.kind
    if kind == "level":
        tone = TONES.get(str(value))
        badge = f' class="badge tone-{tone}"' if tone else ' class="badge"'
        return f"<td><span{badge}>{escape(str(value))}</span></td>"
    if kind in ("date", "month", "datetime"):
        stamp = pd.Timestamp(value)
        shown = {"date": "%Y-%m-%d", "month": "%Y-%m", "datetime": "%Y-%m-%d %H:%M"}[kind]
        overdue = column.overdue and as_of is not None and stamp.date() < as_of
        return f'<td class="date{" tone-bad" if overdue else ""}">{stamp.strftime(shown)}</td>'
    if kind in ("int", "id", "number", "pct", "probability"):
        css = "num tone-bad" if column.overdue and float(value) < 0 else "num"
        return f'<td class="{css}">{escape(_format_number(float(value), kind))}</td>'
    lines = str(value).split("\n")
    if len(lines) > 1:
        items = "".join(f"<li>{escape(line)}</li>" for line in lines)
        return f'<td><ol class="lines">{items}</ol></td>'
    return f"<td{_css('short' if nowrap else '')}>{escape(lines[0])}</td>"


def _format_number(value: float, kind: str) -> str:
    if kind == "probability":
        return probability_text(value)
    if kind == "pct":
        return f"{value:.0%}"
    if kind == "number":
        return f"{value:,.1f}"
    return f"{value:.0f}" if kind == "id" else f"{value:,.0f}"


def _figure(title: str, svg: str | None, caption: str, empty: str) -> str:
    content = svg if svg else f'<p class="note">{escape(empty)}</p>'
    return (
        f"<figure><h3>{escape(title)}</h3>{content}<figcaption>{escape(caption)}</figcaption>"
        "</figure>"
    )


def _charts(rel: Relations) -> str:
    return (
        '<div class="grid">'
        + "".join([_risk_chart(rel), _aging_chart(rel), _foc_chart(rel), _pushback_chart(rel)])
        + "</div>"
    )


def _risk_chart(rel: Relations) -> str:
    title = "Rejection risk of open port-ins, by losing carrier"
    pivot = _pivot(queries.risk_by_carrier(rel), "carrier", "level", "orders")
    series = [
        Series(level, _values(pivot, level), charts.TONE_COLOURS[TONES[level]])
        for level in queries.RISK_LEVELS
    ]
    return _bars_figure(
        title,
        pivot,
        series,
        "orders",
        "High: probability of rejection at least 50%; medium: 20-50%.",
        "No scored orders (table rejection_risk is empty or not built yet).",
    )


def _aging_chart(rel: Relations) -> str:
    title = "Open orders by business days since submission"
    pivot = _pivot(queries.aging_by_bucket(rel), "bucket", "direction", "orders")
    pivot = pivot.reindex([b for b in queries.AGING_BUCKETS if b in pivot.index])
    series = [
        Series(direction.replace("_", "-"), _values(pivot, direction), colour)
        for direction, colour in (("port_in", charts.PALETTE[0]), ("port_out", charts.PALETTE[1]))
    ]
    return _bars_figure(
        title,
        pivot,
        series,
        "orders",
        "Drafts have not been submitted yet. Full list: the Aging sheet.",
        "No open orders (table order_aging is empty or not built yet).",
    )


def _foc_chart(rel: Relations) -> str:
    title = "Business days from submission to FOC, by losing carrier"
    frame = queries.foc_by_carrier(rel, default_carrier_book())
    boxes = [
        Box(r.carrier, int(r.orders), r.p10, r.p25, r.p50, r.p75, r.p90, float(r.target))
        for r in frame.itertuples(index=False)
    ]
    svg = charts.box_plots(title, boxes, "business days") if boxes else None
    return _figure(
        title,
        svg,
        "Port-ins with a FOC, all months in the warehouse; the dashed red "
        "tick is the carrier profile's days-to-FOC target.",
        "No port-in has a FOC yet (table orders is empty or not built yet).",
    )


def _pushback_chart(rel: Relations) -> str:
    title = "Rejection and update-required reasons, by losing carrier"
    frame = queries.pushback_by_carrier(rel)
    ranked = (
        frame.groupby("reason_label")["events"].sum().sort_values(ascending=False, kind="stable")
    )
    top = sorted(ranked.index[:TOP_REASONS], key=lambda r: (-ranked[r], r))
    frame = frame.assign(
        reason=frame["reason_label"].where(frame["reason_label"].isin(top), "Other")
    )
    pivot = _pivot(frame, "carrier", "reason", "events")
    names = [*top, "Other"] if "Other" in pivot.columns else top
    series = [
        Series(
            name,
            _values(pivot, name),
            charts.OTHER_COLOUR if name == "Other" else charts.PALETTE[i % len(charts.PALETTE)],
        )
        for i, name in enumerate(names)
    ]
    return _bars_figure(
        title,
        pivot,
        series,
        "events",
        "Port-in events with status rejected, auto_rejected or "
        "update_required, all months, by the reason the carrier gave.",
        "No rejection recorded (table rejection_reasons is empty or not built yet).",
    )


def _bars_figure(
    title: str, pivot: pd.DataFrame, series: list[Series], unit: str, caption: str, empty: str
) -> str:
    """A stacked-bar chart of a pivot (rows = bars, columns = segments), or the empty note."""
    svg = charts.stacked_bars(title, list(pivot.index), series, unit) if len(pivot) else None
    return _figure(title, svg, caption, empty)


def _pivot(frame: pd.DataFrame, rows: str, columns: str, values: str) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame()
    return frame.pivot_table(
        index=rows, columns=columns, values=values, aggfunc="sum", fill_value=0
    ).sort_index()


def _values(pivot: pd.DataFrame, column: str) -> tuple[float, ...]:
    if column not in pivot.columns:
        return tuple(0.0 for _ in pivot.index)
    return tuple(float(v) for v in pivot[column])


def _strictness(rel: Relations) -> str:
    frame = queries.strictness_matrix(rel)
    if frame.empty:
        return (
            '<p class="note">No learnt strictness (table carrier_strictness is empty or not '
            "built yet).</p>"
        )
    carriers = frame[["carrier_id", "carrier"]].drop_duplicates()
    # Carriers alphabetically, the pooled column (carrier_id `*`) last.
    carriers = (
        carriers.assign(pooled=carriers["carrier_id"].eq("*"))
        .sort_values(["pooled", "carrier", "carrier_id"])
        .drop(columns="pooled")
    )
    codes = list(dict.fromkeys(frame["code"]))[:TOP_STRICT_CODES]
    cells = frame.set_index(["code", "carrier_id"])
    head = "".join(f"<th>{escape(c)}</th>" for c in ["Finding code", *carriers["carrier"]])
    rows = []
    for code in codes:
        row = [f"<td>{escape(code)}</td>"]
        for carrier_id, carrier in carriers.itertuples(index=False):
            if (code, carrier_id) not in cells.index:
                row.append('<td class="note">-</td>')
                continue
            cell = cells.loc[(code, carrier_id)]
            odds = float(cell["odds_ratio"])

            tip = (
                f"{carrier}: rejected {int(cell['rejected'])} of {int(cell['orders_seen'])} "
                f"past orders with {code}"
            )
            row.append(f'<td style="{_heat(odds)}" title="{escape(tip)}">×{odds:,.1f}</td>')
        rows.append(f"<tr>{''.join(row)}</tr>")
    more = len(dict.fromkeys(frame["code"])) - len(codes)
    note = (
        (
            f'<p class="note">The {len(codes)} codes on which carriers differ most; {more} '
            "more in the Carrier strictness sheet.</p>"
        )
        if more > 0
        else ""
    )
    return (
        f'<div class="scroll"><table class="heat"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{note}"
    )


def _heat(odds: float) -> str:
    """Background for an odds multiplier: red deepening up to x20, green down to x0.2."""
    strength = math.log(odds) / math.log(HEAT_SATURATION)
    colour = "192,57,43" if strength > 0 else "46,139,87"
    return f"background: rgba({colour},{min(abs(strength), 1) * 0.75:.2f})"


def _data_quality(rel: Relations, figures: dict[str, Figure]) -> str:
    keys = (
        "files_read",
        "files_skipped",
        "files_rejected",
        "rows_read",
        "rows_loaded",
        "rows_quarantined",
        "quarantined_share",
        "checks_failed",
    )
    items = []
    for key in keys:
        if key not in figures:
            continue
        figure = figures[key]
        value = figure.value
        shown = "-" if value is None else f"{value:.1%}" if figure.kind == "pct" else f"{value:,}"
        note = f" ({escape(figure.note)})" if figure.note else ""
        items.append(f"<li>{escape(figure.label)}: <b>{shown}</b>{note}</li>")
    parts = [
        f"<ul>{''.join(items)}</ul>",
        "<h3>Input files</h3>",
        _html_table(queries.ingest_files(rel)),
    ]
    if "check_results" in rel.present:
        parts += ["<h3>Checks</h3>", _html_table(queries.checks(rel))]
    return "".join(parts)
