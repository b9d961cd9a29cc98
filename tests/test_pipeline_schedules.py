"""The schedule and the sensor: each run judges one pinned as-of, on the configured inbox."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dagster import Definitions, asset, build_schedule_context, define_asset_job

from portrecon.pipelines.resources import AS_OF_TAG, PortreconSettings
from portrecon.pipelines.schedules import nightly_schedule
from portrecon.portouts import NIGHTLY_TIMEZONE

SCHEDULED = dt.datetime(2026, 11, 24, 2, 0, tzinfo=ZoneInfo(NIGHTLY_TIMEZONE))


def _seen_in_a_run(settings: PortreconSettings, tags: dict[str, str]) -> tuple[str, dt.date]:
    """(inbox, as-of) as an asset of a real Dagster run with these settings and tags sees them."""
    seen: list[tuple[str, dt.date]] = []

    @asset
    def probe(settings: PortreconSettings) -> None:
        seen.append((str(settings.inbox_path()), settings.as_of_date()))

    job = Definitions(
        assets=[probe], jobs=[define_asset_job("probe_job")], resources={"settings": settings}
    ).resolve_job_def("probe_job")
    assert job.execute_in_process(tags=tags).success
    return seen[0]


def test_the_scheduled_run_is_tagged_with_the_scheduled_day() -> None:
    context = build_schedule_context(scheduled_execution_time=SCHEDULED)
    request = nightly_schedule.evaluate_tick(context).run_requests[0]
    assert request.tags[AS_OF_TAG] == "2026-11-24"


def test_a_tagged_run_judges_the_tagged_day_on_the_configured_inbox() -> None:
    settings = PortreconSettings(inbox="/srv/porting/inbox")
    seen = _seen_in_a_run(settings, {AS_OF_TAG: "2026-11-24"})
    assert seen == ("/srv/porting/inbox", dt.date(2026, 11, 24))


def test_a_configured_as_of_wins_over_the_runs_tag() -> None:
    settings = PortreconSettings(as_of="2026-11-20")
    assert _seen_in_a_run(settings, {AS_OF_TAG: "2026-11-24"})[1] == dt.date(2026, 11, 20)


def test_the_code_location_reads_its_paths_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORTRECON_INBOX", "/srv/porting/inbox")
    monkeypatch.setenv("PORTRECON_WAREHOUSE", "/srv/porting/wh.duckdb")
    monkeypatch.delenv("PORTRECON_REPORTS", raising=False)
    settings = PortreconSettings.from_environment()
    assert (settings.inbox, settings.warehouse, settings.reports) == (
        "/srv/porting/inbox",
        "/srv/porting/wh.duckdb",
        "reports",
    )
