"""`portrecon`: the command line (PRODUCT.md section 8).

Every command answers bad usage or unreadable input with one plain line and exit code 2; the
nightly command runs the Dagster job in process and prints the per-file ledger and the checks.
"""

import contextlib
import datetime as dt
import enum
import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from portrecon.paths import DEFAULT_REPORTS, DEFAULT_WAREHOUSE
from portrecon.pins import PinKeyError, pin_key

app = typer.Typer(
    help="Reconcile LOAs against CSRs, score rejection risk and report porting SLAs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Wide enough for file paths when the output is piped (rich assumes 80 columns then).
console = Console(stderr=True)
out = Console(width=max(shutil.get_terminal_size((140, 24)).columns, 100))

EXIT_BAD_INPUT = 2


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    """Print one plain line (never wrapped, brackets in paths kept) and return the Exit."""
    console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def ensure_writable_folder(folder: Path, what: str) -> list[Path]:
    """Create an output folder and write a scratch folder in it up front (the nightly writes
    `<warehouse>.stage/` there), so a bad place is one line and exit 2, not a failed run.
    Returns the folders it created, deepest first, for a failed run to take back."""
    created = [path for path in (folder, *folder.parents) if not path.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        Path(tempfile.mkdtemp(prefix=".portrecon-probe-", dir=folder)).rmdir()
    except OSError as exc:
        raise fail(
            f"cannot write the {what} in {folder}: no file or folder can be created there "
            f"({exc.strerror or exc})"
        ) from None
    return created


def remove_empty(folders: list[Path]) -> None:
    """Take back the folders a failed night made and left empty (deepest first): a reports folder
    without a report reads as a night that wrote nothing."""
    for folder in folders:
        with contextlib.suppress(OSError):  # not empty (or gone): it stays as it is
            folder.rmdir()


def ensure_warehouse_file(warehouse: Path) -> None:
    """The warehouse is one DuckDB file: a folder given as --warehouse is refused at once (a night
    would run for minutes, then fail to publish over the folder)."""
    if warehouse.is_dir():
        raise fail(
            f"--warehouse {warehouse} is a folder; give the warehouse's DuckDB file, for example "
            f"{warehouse / Path(DEFAULT_WAREHOUSE).name}"
        )


def ensure_pin_key() -> None:
    """The PIN key must exist before any PIN is hashed (nightly and precheck share it)."""
    try:
        pin_key()
    except PinKeyError as exc:
        raise fail(str(exc)) from None


def ensure_celery_setup() -> None:
    """Celery workers find the run in the instance and the broker in the environment: without
    either, the run would wait for workers that never get its steps."""
    from portrecon.pipelines.runner import CELERY_BROKER

    missing = [name for name in ("DAGSTER_HOME", CELERY_BROKER) if not os.environ.get(name)]
    if missing:
        raise fail(
            f"--executor celery needs {' and '.join(missing)} set (the instance and the broker "
            "its workers share: docs/scaling.md)"
        )


def ensure_dagster_home() -> None:
    """A DAGSTER_HOME set to a missing or relative folder is said before the run (Dagster itself
    stops with a traceback when the run opens its instance)."""
    home = os.environ.get("DAGSTER_HOME")
    if home and not (Path(home).is_absolute() and Path(home).is_dir()):
        raise fail(
            f"DAGSTER_HOME={home} is not an existing folder given by its absolute path: create it "
            "(the Dagster instance this run is recorded in) or unset DAGSTER_HOME"
        )


def parse_as_of(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"--as-of {value!r} is not a date of the form YYYY-MM-DD") from None


class Executor(enum.StrEnum):
    """Where the nightly's steps run (PRODUCT.md 10.2)."""

    in_process = "in_process"
    multiprocess = "multiprocess"
    celery = "celery"


AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Date every relative rule uses (default: today).")
]
Force = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]


STEPS_SHOWN = 8  # the slowest steps named after a night: where its time went


@app.command()
def nightly(
    inbox: Annotated[
        Path | None, typer.Option(help="Inbox folder (default: the bundled sample inbox).")
    ] = None,
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.")] = Path(
        DEFAULT_WAREHOUSE
    ),
    reports: Annotated[Path, typer.Option(help="Reports folder.")] = Path(DEFAULT_REPORTS),
    as_of: AsOf = None,
    wait: Annotated[
        float,
        typer.Option(
            min=0,
            help="Seconds to wait for another nightly run on the same warehouse to finish "
            "(default: refuse at once with exit 2).",
        ),
    ] = 0,
    executor: Annotated[
        Executor,
        typer.Option(
            help="Run every step in this process, each step in a process of its own "
            "(several at once on several cores), or on Celery workers (broker from "
            "PORTRECON_CELERY_BROKER, instance from DAGSTER_HOME: docs/scaling.md); the tables "
            "are the same either way."
        ),
    ] = Executor.in_process,
    max_workers: Annotated[
        int | None,
        typer.Option(min=1, help="With --executor multiprocess: steps at once (default: CPUs)."),
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Reconcile the LOAs in this many steps, each a group of whole losing carriers "
            "(default: 1 in process, else --max-workers or the CPUs); the tables are the same.",
        ),
    ] = None,
    stage: Annotated[
        str,
        typer.Option(
            envvar="PORTRECON_STAGE",
            help="Folder or bucket URL (s3://..., gs://...) for the steps' Parquet hand-over, "
            "one every worker reaches (default: beside the warehouse).",
        ),
    ] = "",
) -> None:
    """Run the nightly Dagster job over an inbox: warehouse + reports/<as-of>/."""
    day = parse_as_of(as_of)
    if inbox is not None and inbox.is_file():
        raise fail(
            f"--inbox {inbox} is a file; give the folder the carriers' files are dropped in "
            f"(this file's folder is {inbox.parent})"
        )
    if inbox is not None and not inbox.is_dir():
        raise fail(f"inbox folder not found: {inbox}")
    ensure_warehouse_file(warehouse)
    ensure_dagster_home()
    ensure_writable_folder(warehouse.parent, "warehouse")
    made = ensure_writable_folder(reports, "reports")
    ensure_pin_key()
    if executor is Executor.celery:
        ensure_celery_setup()
    from portrecon.pipelines.resources import PortreconSettings  # Dagster: only for a night

    settings = PortreconSettings(
        inbox=str(inbox or ""),
        warehouse=str(warehouse),
        reports=str(reports),
        as_of=day.isoformat(),
        stage=stage,
        partitions=partitions or _default_partitions(executor, max_workers),
    )
    from portrecon.pipelines.runner import run_nightly
    from portrecon.runlock import RunHolder, WarehouseBusyError

    console.print(f"Nightly run for {day} over {settings.inbox_path()}", highlight=False)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("starting", total=None)

        def advance(step: str) -> None:
            progress.update(task, advance=1, description=step)

        def waiting(other: RunHolder) -> None:
            message = f"waiting up to {wait:g} s for {other.describe()} to finish"
            progress.console.print(message.capitalize(), highlight=False, soft_wrap=True)
            progress.update(task, description="waiting")

        try:
            outcome = run_nightly(
                settings,
                on_step=advance,
                on_total=lambda steps: progress.update(task, total=steps),
                wait_seconds=wait,
                on_wait=waiting,
                executor=executor.value,
                max_workers=max_workers,
            )
        except WarehouseBusyError as exc:
            remove_empty(made)
            raise fail(str(exc)) from None
    if not outcome.success:
        remove_empty([settings.reports_path(), *made])
        where = f" in step {outcome.failed_step}" if outcome.failed_step else ""
        raise fail(f"the nightly job failed{where}: {outcome.error}", 1)
    _print_ledger(outcome.files)
    _print_checks(outcome.checks)
    slowest = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in outcome.steps[:STEPS_SHOWN])
    out.print(f"Slowest steps: {slowest}", highlight=False, soft_wrap=True)
    _print_headline(day, outcome.headline)
    for path in outcome.reports:
        out.print(f"Report: {path}", highlight=False, soft_wrap=True)
    out.print(f"Warehouse: {warehouse.resolve()}", highlight=False, soft_wrap=True)


def _print_headline(day: dt.date, figures: list[tuple[str, int | None]]) -> None:
    """The figures a porting manager acts on, last, where a terminal leaves the eye."""
    out.print(f"The night of {day}:", highlight=False)
    for words, count in figures:
        out.print(f"  {'n/a' if count is None else count:>6}  {words}", highlight=False)


def _default_partitions(executor: Executor, max_workers: int | None) -> int:
    """One reconciliation step in process (more would only repeat its set-up); else one per
    worker, so every core or worker has a group of carriers to reconcile."""
    if executor is Executor.in_process:
        return 1
    return max_workers or os.cpu_count() or 1


def _print_ledger(rows: list[tuple]) -> None:
    table = Table(title="Files (rows read = loaded + quarantined)")
    for name in ("file", "kind", "status", "read", "loaded", "quarantined", "note"):
        table.add_column(
            name,
            justify="right" if name in {"read", "loaded", "quarantined"} else "left",
            overflow="fold",  # a long path wraps whole rather than ending in "..."
        )
    for row in rows:
        table.add_row(*(str(value) for value in row))
    out.print(table)


def _print_checks(checks: list[tuple[str, bool, str]]) -> None:
    table = Table(title="Data-quality checks")
    for name in ("check", "result", "detail"):
        table.add_column(name)
    for name, passed, detail in checks:
        table.add_row(name, "[green]passed[/]" if passed else "[red]failed[/]", detail)
    out.print(table)


@app.command()
def notify(
    warehouse: Annotated[Path, typer.Option(help="Warehouse whose last run's changes to send.")] = (
        Path(DEFAULT_WAREHOUSE)
    ),
    email_to: Annotated[
        list[str] | None,
        typer.Option("--email-to", help="Recipient (repeat for several); needs --smtp."),
    ] = None,
    smtp: Annotated[
        str | None, typer.Option(help="SMTP server HOST:PORT (STARTTLS and login: docs/notify.md).")
    ] = None,
    webhook: Annotated[str | None, typer.Option(help="URL to POST the changes to as JSON.")] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Also write the digest as .eml and .json files here."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(help="TOML file with a [notify] table (default: PORTRECON_NOTIFY_CONFIG)."),
    ] = None,
    resend: Annotated[
        bool, typer.Option("--resend", help="Send again on channels that already sent this run.")
    ] = False,
) -> None:
    """Send the last nightly run's changes as one digest: e-mail and/or a webhook, or files."""
    from portrecon.notify import NotifyDataError, NotifySettingsError, resolve_settings
    from portrecon.notify import notify as send_digest

    ensure_warehouse_file(warehouse)
    try:
        settings = resolve_settings(
            {"email_to": email_to or (), "smtp": smtp, "webhook": webhook}, config=config
        )
        if not settings.channels() and out_dir is None:
            raise NotifySettingsError(
                "nowhere to send: give --email-to with --smtp, --webhook, or --out "
                "(or their settings: docs/notify.md)"
            )
        with console.status(f"Sending the changes of {warehouse} ..."):
            digest, outcome = send_digest(warehouse, settings, out=out_dir, resend=resend)
    except (NotifySettingsError, NotifyDataError) as exc:
        raise fail(str(exc)) from None
    for path in outcome.written:
        out.print(f"Written: {path}", highlight=False)
    if not digest.count:
        out.print(f"No changes in run {digest.run_id} (as of {digest.as_of}): nothing to send.")
        return
    out.print(f"{digest.count} change(s) of run {digest.run_id} (as of {digest.as_of}).")
    for channel in outcome.sent:
        out.print(f"Sent: {channel}", highlight=False)
    for channel in outcome.skipped:
        out.print(f"Already sent for this run: {channel} (--resend to send again)", highlight=False)
    for channel, why in outcome.failed:
        console.print(
            f"[bold red]not sent:[/] {escape(channel)}: {escape(why)}",
            highlight=False,
            soft_wrap=True,
        )
    if outcome.failed:
        raise typer.Exit(1)


@app.command()
def synth(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the synthetic inbox into.")],
    orders: Annotated[
        int, typer.Option(min=1, help="Number of orders (about 80% port-in, 20% port-out).")
    ] = 300,
    seed: Annotated[int, typer.Option(help="Random seed (same seed and as-of = same bytes).")] = 0,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The night the inbox is exported on (default: today, the nightly's default).",
        ),
    ] = None,
    truth: Annotated[
        Path | None, typer.Option(help="Also write what a perfect product concludes here.")
    ] = None,
) -> None:
    """Write a realistic synthetic inbox (deterministic per seed and as-of) for demos and
    benchmarks; `portrecon nightly --inbox OUT_DIR` with the same as-of reconciles it."""
    from portrecon.synth import generate

    day = parse_as_of(as_of)
    for folder in (out_dir, truth):
        if folder is not None and folder.exists() and not folder.is_dir():
            raise fail(f"{folder} is a file; give a folder to write the synthetic files into")
    with console.status(f"Writing {orders} orders as of {day} to {out_dir} ..."):
        try:
            counts = generate(out_dir, orders=orders, seed=seed, as_of=day, truth_dir=truth)
        except OSError as exc:
            raise fail(f"cannot write the synthetic inbox in {out_dir}: {exc.strerror}") from None
    out.print(", ".join(f"{key}: {value}" for key, value in counts.items()))
    out.print(f"Written: {out_dir} (as of {day}, seed {seed})", highlight=False)


@app.command()
def precheck(
    input_path: Annotated[
        Path, typer.Argument(help="Bulk-port sheet (.xlsx or .csv), one number a row.")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Workbook to write (.xlsx, not the input).")
    ],
    warehouse: Annotated[Path, typer.Option(help="Warehouse with the CSRs.")] = Path(
        DEFAULT_WAREHOUSE
    ),
    as_of: AsOf = None,
    sheet: Annotated[str | None, typer.Option(help="Sheet to read (default: the first).")] = None,
    force: Force = False,
) -> None:
    """Check a bulk-port spreadsheet against the CSRs and split it into acceptable sub-orders.

    The input sheet is never overwritten; an existing output only with --force."""
    from portrecon.precheck import PrecheckInputError, run_precheck

    day = parse_as_of(as_of)
    ensure_warehouse_file(warehouse)
    ensure_pin_key()
    try:
        with console.status(f"Checking {input_path} against {warehouse} ..."):
            outcome = run_precheck(input_path, output, warehouse, day, sheet=sheet, replace=force)
    except PrecheckInputError as exc:
        raise fail(str(exc)) from None
    out.print(", ".join(f"{k}: {v}" for k, v in outcome.counts.items()), highlight=False)
    out.print("What to do:", highlight=False)
    for number, step in enumerate(outcome.steps, start=1):
        out.print(f"  {number}. {step}", highlight=False)
    out.print(f"Written: {output}", highlight=False)


@app.command()
def template(
    output: Annotated[Path, typer.Argument(help="Workbook to write (.xlsx).")],
    force: Force = False,
) -> None:
    """Write an empty precheck workbook with headers, validation and instructions."""
    from portrecon.precheck import PrecheckInputError, write_template

    try:
        write_template(output, replace=force)
    except PrecheckInputError as exc:
        raise fail(str(exc)) from None
    out.print(f"Written: {output}", highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
