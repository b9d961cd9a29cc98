"""Send the changes digest after each successful nightly run: off until an operator turns it on.

The channels come from the notify settings (environment or PORTRECON_NOTIFY_CONFIG,
docs/notify.md), like `portrecon notify`; what a channel did not accept is logged and shown as
the sensor's failure, and the next tick does not resend what was accepted (the ledger).
"""

from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    RunStatusSensorContext,
    SkipReason,
    run_status_sensor,
)

from portrecon.notify import NotifyDataError, NotifySettingsError, notify, resolve_settings
from portrecon.pipelines.jobs import NIGHTLY
from portrecon.pipelines.resources import PortreconSettings


@run_status_sensor(
    run_status=DagsterRunStatus.SUCCESS,
    name="notify_changes",
    default_status=DefaultSensorStatus.STOPPED,
    description="After a successful nightly, sends its changes as one digest (e-mail and/or "
    "webhook, docs/notify.md). Off by default.",
)
def notify_changes(context: RunStatusSensorContext) -> SkipReason | None:
    if context.dagster_run.job_name != NIGHTLY:
        return SkipReason(f"run of {context.dagster_run.job_name}, not the nightly")
    try:
        settings = resolve_settings({})
        if not settings.channels():
            return SkipReason("no notify channel is configured (docs/notify.md)")
        warehouse = PortreconSettings.from_environment().warehouse_path()
        digest, outcome = notify(warehouse, settings)
    except (NotifySettingsError, NotifyDataError) as exc:
        return SkipReason(str(exc))
    if outcome.failed:
        not_sent = "; ".join(f"{channel}: {why}" for channel, why in outcome.failed)
        raise RuntimeError(f"changes of run {digest.run_id} not sent: {not_sent}")
    context.log.info(f"{digest.count} change(s) sent: {', '.join(outcome.sent) or 'none'}")
    return None
