"""nightly.html: self-contained (no request leaves it), charts, escaped inputs, no PIN."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from reports_world import AS_OF, CLEAR_PIN, SCRIPT_PAYLOAD, warehouse

from portrecon.findings_catalogue import default_catalogue
from portrecon.reports import write_nightly_html
from portrecon.reports.queries import WHY_LEGEND

CHART_TITLES = [
    "Rejection risk of open port-ins, by losing carrier",
    "Open orders by business days since submission",
    "Business days from submission to FOC, by losing carrier",
    "Rejection and update-required reasons, by losing carrier",
]


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <table>'s rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("html") / "nightly.html"
    write_nightly_html(warehouse(), path, AS_OF)
    return path.read_text(encoding="utf-8")


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def test_page_fetches_nothing(page):
    tags = _tags(page)
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object", "embed")]
    links = [
        value
        for _, attrs in tags
        for name, value in attrs.items()
        if name in ("src", "href", "xlink:href", "action", "srcset") and value
    ]
    assert links == []
    assert "url(" not in page and "@import" not in page


def test_page_has_the_four_charts_as_inline_svg(page):
    labels = [attrs.get("aria-label") for tag, attrs in _tags(page) if tag == "svg"]
    assert labels == CHART_TITLES


def test_input_text_is_escaped_not_markup(page):
    assert SCRIPT_PAYLOAD not in page
    assert escape(SCRIPT_PAYLOAD) in page


def test_no_pin_on_the_page(page):
    assert CLEAR_PIN not in page


def test_headline_cards_show_the_counts(page):
    cards = dict(
        (label, value)
        for value, label in re.findall(
            r'<div class="value">([\d,]+)</div><div class="label">([^<]+)</div>', page
        )
    )
    assert cards["Open port-ins at high rejection risk"] == "1"
    assert cards["Port-out actions overdue"] == "1"
    assert cards["Input rows quarantined"] == "2"
    assert cards["Data-quality checks failed"] == "1"


def test_failed_checks_are_listed_first_with_their_detail(page):
    section = page[page.index("<h3>Checks</h3>") :]
    assert section.index("loa_records_gx_suite") < section.index("quarantine_gx_suite")
    assert "signed_date: 2 values after as-of" in section


def test_top_at_risk_table_lists_orders_by_probability_with_their_main_reasons(page):
    section = page[page.index("Today&#x27;s top at-risk orders") : page.index("Port-outs needing")]
    assert section.index(">PI1<") < section.index(">PI2<")
    assert (
        "<li>NAME_DIFFERENT 60% → confirm the account holder&#x27;s name (if fixed: 41%)</li>"
        in section
    )


def test_top_at_risk_reasons_leave_the_carrier_baseline_to_the_base_rate_column(page):
    section = page[page.index("Today&#x27;s top at-risk orders") : page.index("Port-outs needing")]
    assert "CARRIER_BASELINE" not in section
    assert "<th>Carrier&#x27;s base rate</th>" in section
    assert '<td class="num">18%</td>' in section  # 1 / (1 + e^1.5)


def test_top_at_risk_lists_the_full_fix_of_each_code_under_the_table(page):
    section = page[page.index("Today&#x27;s top at-risk orders") : page.index("Port-outs needing")]
    fixes = section[section.index("</table>") :]
    fix = default_catalogue().findings["NAME_DIFFERENT"].fix
    assert f"<li><b>NAME_DIFFERENT</b>: {escape(fix)}</li>" in fixes


def test_a_probability_is_never_shown_as_certain(page):
    section = page[page.index("Today&#x27;s top at-risk orders") : page.index("Port-outs needing")]
    assert '<td class="num">&gt;99%</td>' in section  # PI1 scores 0.9996
    assert '<td class="num">100%</td>' not in section  # (a reason's share may be 100%)


def test_headline_cards_say_what_they_count_and_how_they_overlap(page):
    card = page[page.index("Rejected port-ins to fix and resubmit") :].split("</div>")[1]
    assert "2 rejected (closed), 1 update required (also open port-ins)" in card


def test_carrier_strictness_shows_each_carrier_and_the_pool(page):
    section = page[page.index("Carrier strictness") : page.index("Data quality")]
    assert "<th>Acme</th><th>All carriers</th>" in section
    assert "×3.3" in section


def test_a_warehouse_without_the_derived_tables_still_gives_a_page(tmp_path: Path):
    path = tmp_path / "nightly.html"
    write_nightly_html(warehouse(only=("ingest_files",)), path, AS_OF)
    page = path.read_text(encoding="utf-8")
    assert "<svg" not in page
    assert "No rows: table rejection_risk is not in this warehouse" in page
    assert "table carrier_strictness is empty or not built yet" in page
    assert "csr/csr_acme.csv" in page
    assert '<div class="value">–</div><div class="label">Open port-ins at high rejection' in page


def test_same_warehouse_and_as_of_give_the_same_page(page, tmp_path: Path):
    path = tmp_path / "again.html"
    write_nightly_html(warehouse(), path, AS_OF)
    assert path.read_text(encoding="utf-8") == page


def test_dates_before_the_as_of_date_are_red_where_they_are_deadlines(page):
    watch = page[page.index("Port-outs needing action") : page.index("<h2>Charts")]
    assert '<td class="date tone-bad">2026-11-18</td>' in watch  # due date, overdue
    assert '<td class="date">2026-11-19</td>' in watch  # FOC date: not a deadline column


def test_the_top_at_risk_table_has_a_legend_saying_its_percentages_are_shares(page):
    section = page[page.index("Today&#x27;s top at-risk orders") : page.index("<h2>Rejected")]
    table_end = section.index("</table>")
    legend = f'<p class="legend"><b>Why: finding, share → fix</b>: {escape(WHY_LEGEND)}</p>'
    assert section.index(legend) > table_end


def test_the_intervals_kept_by_each_carrier_are_shown_with_dispute_candidates(page):
    start = page.index("Intervals kept by losing carriers")
    section = page[start : page.index("</section>", start)]
    assert "<th>FOC within 24 h</th>" in section and "<th>Simple done in 1 day</th>" in section
    # Acme: 1 FOC, late; 1 simple port completed on interval; 1 dispute candidate.
    row = next(r for r in section.split("<tr>") if ">Acme</td>" in r)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row) == ["Acme", "1", "0%", "1", "100%", "1"]
