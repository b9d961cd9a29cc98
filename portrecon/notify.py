"""`portrecon notify`: the last run's `changes` as one digest, by e-mail and/or a webhook POST
(PRODUCT.md 10.2; settings in docs/notify.md).

Every porting platform tells its users what changed; this is portrecon's morning message. A
channel that refuses, hangs or answers with an error is tried a bounded number of times and then
named as not sent; only what a server accepted is written to the ledger beside the warehouse, so a
second `notify` sends what is missing and nothing twice. Secrets (SMTP password, webhook secret,
credentials in a URL) are never printed, and the digest carries only `changes`, which holds no PIN.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import os
import smtplib
import ssl
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from portrecon.changes import KINDS
from portrecon.duck import connect

SIGNATURE_HEADER = "X-Portrecon-Signature"
EVENT_PREFIX = "porting_order."
# Setting -> environment variable; a config file's [notify] table uses the setting's name.
ENVIRONMENT = {
    "email_to": "PORTRECON_NOTIFY_EMAIL_TO",
    "email_from": "PORTRECON_NOTIFY_EMAIL_FROM",
    "smtp": "PORTRECON_SMTP",
    "smtp_starttls": "PORTRECON_SMTP_STARTTLS",
    "smtp_user": "PORTRECON_SMTP_USER",
    "smtp_password": "PORTRECON_SMTP_PASSWORD",
    "webhook": "PORTRECON_WEBHOOK",
    "webhook_secret": "PORTRECON_WEBHOOK_SECRET",
    "timeout": "PORTRECON_NOTIFY_TIMEOUT",
    "attempts": "PORTRECON_NOTIFY_ATTEMPTS",
    "retry_wait": "PORTRECON_NOTIFY_RETRY_WAIT",
}
CONFIG_ENVIRONMENT = "PORTRECON_NOTIFY_CONFIG"
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


class NotifySettingsError(ValueError):
    """A setting is missing or malformed; the message says which, in plain words."""


class NotifyDataError(ValueError):
    """The warehouse has no changes to read (missing, or built before the changes table)."""


@dataclass(frozen=True)
class NotifySettings:
    """Where the digest goes. Passwords and secrets are kept out of repr."""

    email_to: tuple[str, ...] = ()
    email_from: str = "portrecon@localhost"
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    webhook: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    timeout: float = 10.0
    attempts: int = 3
    retry_wait: float = 2.0

    def channels(self) -> list[str]:
        """The configured channels' names as the ledger and messages use them."""
        named = []
        if self.email_to:
            named.append(
                f"e-mail to {', '.join(self.email_to)} via {self.smtp_host}:{self.smtp_port}"
            )
        if self.webhook:
            named.append(f"webhook {shown_url(self.webhook)}")
        return named


def shown_url(url: str) -> str:
    """The URL without credentials or query (either may carry a token): safe to print."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def resolve_settings(
    options: Mapping[str, object],
    environ: Mapping[str, str] | None = None,
    config: Path | None = None,
) -> NotifySettings:
    """Settings from the command's options, else the environment, else the config file (TOML,
    table [notify]; default from PORTRECON_NOTIFY_CONFIG), else the defaults."""
    environ = os.environ if environ is None else environ
    config = config or (
        Path(environ[CONFIG_ENVIRONMENT]) if environ.get(CONFIG_ENVIRONMENT) else None
    )
    from_file = _config_file(config) if config else {}
    raw: dict[str, object] = {}
    for name, variable in ENVIRONMENT.items():
        value = options.get(name)
        if value in (None, (), []):
            value = environ.get(variable)
            if name == "email_to" and value is not None:
                value = [v for v in str(value).split(",") if v.strip()]
        if value in (None, (), []):
            value = from_file.get(name)
        if value is not None:
            raw[name] = value
    return _validated(raw)


def _config_file(path: Path) -> dict[str, object]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotifySettingsError(f"notify config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NotifySettingsError(f"cannot read the notify config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise NotifySettingsError(
            f"the notify config file {path} is not valid TOML: {exc}"
        ) from None
    table = document.get("notify", {})
    if not isinstance(table, dict):
        raise NotifySettingsError(f"{path}: [notify] must be a table of settings")
    unknown = sorted(set(table) - set(ENVIRONMENT))
    if unknown:
        raise NotifySettingsError(
            f"{path}: unknown notify setting(s) {', '.join(unknown)}; known: "
            f"{', '.join(ENVIRONMENT)}"
        )
    return table


def _validated(raw: dict[str, object]) -> NotifySettings:
    values: dict[str, object] = {}
    recipients = raw.get("email_to", ())
    if isinstance(recipients, str):
        recipients = [recipients]
    values["email_to"] = tuple(str(r).strip() for r in recipients)  # type: ignore[union-attr]
    bad = [r for r in values["email_to"] if "@" not in r]
    if bad:
        raise NotifySettingsError(f"email_to {bad[0]!r} is not an e-mail address")
    if "email_from" in raw:
        values["email_from"] = str(raw["email_from"])
    if "smtp" in raw:
        host, _, port = str(raw["smtp"]).rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise NotifySettingsError(
                f"smtp {raw['smtp']!r} is not HOST:PORT (for example mail.example.com:587)"
            )
        values["smtp_host"], values["smtp_port"] = host, int(port)
    if "smtp_starttls" in raw:
        values["smtp_starttls"] = _flag("smtp_starttls", raw["smtp_starttls"])
    for name in ("smtp_user", "smtp_password", "webhook_secret"):
        if raw.get(name):
            values[name] = str(raw[name])
    if raw.get("webhook"):
        url = str(raw["webhook"])
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise NotifySettingsError(f"webhook {shown_url(url)!r} is not an http(s) URL")
        values["webhook"] = url
    for name, kind, least in (
        ("timeout", float, 0.1),
        ("attempts", int, 1),
        ("retry_wait", float, 0),
    ):
        if name in raw:
            values[name] = _number(name, raw[name], kind, least)
    if values["email_to"] and "smtp_host" not in values:
        raise NotifySettingsError("email_to needs an SMTP server: give --smtp HOST:PORT")
    return NotifySettings(**values)  # type: ignore[arg-type]


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise NotifySettingsError(f"{name} {value!r} is not yes or no")


def _number(name: str, value: object, kind: type, least: float) -> float:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number < least:
        raise NotifySettingsError(f"{name} {value!r} is not a number of at least {least:g}")
    return number


@dataclass(frozen=True)
class Digest:
    """The last run's changes, as read from the warehouse."""

    run_id: str
    previous_run_id: str | None
    as_of: date
    built_at: datetime | None
    changes: pd.DataFrame

    @property
    def count(self) -> int:
        return len(self.changes)

    def by_kind(self) -> list[tuple[str, pd.DataFrame]]:
        """(kind's heading, its rows) in the order of KINDS, kinds without rows left out."""
        return [
            (heading, rows)
            for kind, heading in KINDS.items()
            if len(rows := self.changes[self.changes["kind"] == kind])
        ]


def read_digest(warehouse: Path) -> Digest:
    """The changes of the run that built `warehouse` (read-only: a nightly may be swapping)."""
    if not warehouse.is_file():
        raise NotifyDataError(f"warehouse not found: {warehouse} (run portrecon nightly first)")
    con = connect(warehouse, read_only=True)
    try:
        tables = {
            name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        if not {"changes", "run_log"} <= tables:
            raise NotifyDataError(
                f"{warehouse} has no changes table: it was built before portrecon published "
                "changes; the next nightly run adds it"
            )
        run = con.execute(
            "SELECT run_id, as_of, finished_at FROM run_log ORDER BY finished_at DESC LIMIT 1"
        ).fetchone()
        if run is None:
            raise NotifyDataError(f"{warehouse} records no run in run_log")
        changes = con.execute("SELECT * FROM changes WHERE run_id = $run", {"run": run[0]}).df()
    finally:
        con.close()
    previous = changes["previous_run_id"].dropna()
    return Digest(run[0], str(previous.iloc[0]) if len(previous) else None, run[1], run[2], changes)


def subject(digest: Digest) -> str:
    plural = "" if digest.count == 1 else "s"
    return f"Porting: {digest.count} change{plural} since last night (as of {digest.as_of})"


def _when(value: object) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M UTC") if pd.notna(value) else ""


def render_text(digest: Digest) -> str:
    lines = [subject(digest), ""]
    for heading, rows in digest.by_kind():
        lines.append(f"{heading} ({len(rows)})")
        for row in rows.itertuples(index=False):
            lines.append(
                f"  - {row.order_id} ({row.carrier}): {row.detail}  [{_when(row.changed_at)}]"
            )
        lines.append("")
    lines.append(f"Run {digest.run_id}, compared with run {digest.previous_run_id}.")
    return "\n".join(lines) + "\n"


def render_html(digest: Digest) -> str:
    parts = [f"<h2>{html.escape(subject(digest))}</h2>"]
    for heading, rows in digest.by_kind():
        parts.append(f"<h3>{html.escape(heading)} ({len(rows)})</h3><table>")
        parts.append("<tr><th>Order</th><th>Carrier</th><th>What changed</th><th>When</th></tr>")
        for row in rows.itertuples(index=False):
            cells = (row.order_id, row.carrier or row.carrier_id, row.detail, _when(row.changed_at))
            parts.append(
                "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>"
            )
        parts.append("</table>")
    parts.append(
        f"<p>Run {html.escape(digest.run_id)}, compared with run "
        f"{html.escape(str(digest.previous_run_id))}.</p>"
    )
    return f"<!DOCTYPE html><html><body>{''.join(parts)}</body></html>\n"


def email_message(digest: Digest, settings: NotifySettings) -> EmailMessage:
    """The digest as one e-mail with a plain-text and an HTML part."""
    message = EmailMessage()
    message["Subject"] = subject(digest)
    message["From"] = settings.email_from
    message["To"] = ", ".join(settings.email_to) or "undisclosed-recipients:;"
    built = digest.built_at or datetime.combine(digest.as_of, datetime.min.time())
    message["Date"] = format_datetime(pd.Timestamp(built).to_pydatetime().replace(tzinfo=UTC))
    message["Message-ID"] = make_msgid(idstring=digest.run_id, domain="portrecon")
    message.set_content(render_text(digest))
    message.add_alternative(render_html(digest), subtype="html")
    return message


def webhook_body(digest: Digest) -> bytes:
    """One JSON object per change, shaped like a porting platform's webhook event."""
    events = [
        {
            "record_type": "event",
            "id": hashlib.sha256(
                f"{row.run_id}|{row.order_id}|{row.kind}|{row.detail}".encode()
            ).hexdigest()[:32],
            "event_type": EVENT_PREFIX + row.kind,
            "order_id": row.order_id,
            "occurred_at": pd.Timestamp(row.changed_at).strftime("%Y-%m-%dT%H:%M:%SZ")
            if pd.notna(row.changed_at)
            else None,
            "payload": {
                "order_id": row.order_id,
                "direction": row.direction,
                "carrier_id": row.carrier_id,
                "carrier": row.carrier,
                "kind": row.kind,
                "detail": row.detail,
            },
        }
        for row in digest.changes.itertuples(index=False)
    ]
    document = {
        "record_type": "digest",
        "run_id": digest.run_id,
        "previous_run_id": digest.previous_run_id,
        "as_of": digest.as_of.isoformat(),
        "count": len(events),
        "data": events,
    }
    return json.dumps(document, indent=1, sort_keys=True).encode()


def signature(body: bytes, secret: str) -> str:
    """`sha256=<hex HMAC-SHA256 of the body under the secret>`, the receiver's proof of origin."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class ChannelError(Exception):
    """One attempt failed; `retry` says whether another attempt may succeed."""

    def __init__(self, reason: str, retry: bool = True) -> None:
        super().__init__(reason)
        self.retry = retry


def send_email(message: EmailMessage, settings: NotifySettings) -> None:
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise ChannelError("the SMTP server refused the login", retry=False) from None
    except smtplib.SMTPResponseException as exc:
        raise ChannelError(f"the SMTP server answered {exc.smtp_code}") from None
    except (smtplib.SMTPException, ssl.SSLError) as exc:
        raise ChannelError(f"SMTP failed: {type(exc).__name__.removeprefix('SMTP')}") from None
    except TimeoutError:
        raise ChannelError(f"no answer within {settings.timeout:g} s") from None
    except OSError as exc:
        raise ChannelError(exc.strerror or "connection failed") from None


def post_webhook(body: bytes, settings: NotifySettings) -> None:
    headers = {"Content-Type": "application/json", "User-Agent": "portrecon-notify"}
    if settings.webhook_secret:
        headers[SIGNATURE_HEADER] = signature(body, settings.webhook_secret)
    request = urllib.request.Request(settings.webhook, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        # A client error will not pass on a second try, except "too many" and "timeout".
        raise ChannelError(
            f"the server answered {exc.code}", retry=exc.code >= 500 or exc.code in (408, 429)
        ) from None
    except TimeoutError:
        raise ChannelError(f"no answer within {settings.timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise ChannelError(f"no answer within {settings.timeout:g} s") from None
        raise ChannelError(getattr(reason, "strerror", None) or str(reason)) from None
    except OSError as exc:
        raise ChannelError(exc.strerror or "connection failed") from None


def with_retries(
    send: Callable[[], None], settings: NotifySettings, sleep=time.sleep
) -> str | None:
    """None when one of `attempts` tries succeeds, else why the last failed (and how often)."""
    for attempt in range(1, settings.attempts + 1):
        try:
            send()
            return None
        except ChannelError as exc:
            if not exc.retry or attempt == settings.attempts:
                tries = f"after {attempt} attempt{'s' if attempt > 1 else ''}"
                return f"{exc} ({tries})"
            sleep(settings.retry_wait * attempt)
    return None  # attempts >= 1, so the loop always returns


@dataclass
class Outcome:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sent before for this run (the ledger)
    failed: list[tuple[str, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def ledger_path(warehouse: Path) -> Path:
    return warehouse.with_name(f"{warehouse.name}.notified.json")


def _read_ledger(path: Path) -> dict[str, dict[str, str]]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # an unreadable ledger sends again rather than never


def _record(path: Path, run_id: str, channel: str) -> None:
    ledger = _read_ledger(path)
    ledger.setdefault(run_id, {})[channel] = datetime.now(UTC).isoformat(timespec="seconds")
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(ledger, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, path)


def write_files(digest: Digest, settings: NotifySettings, folder: Path) -> list[Path]:
    """The digest as `<as-of>-changes.eml` and `.json` in `folder` (nothing is sent)."""
    folder.mkdir(parents=True, exist_ok=True)
    eml = folder / f"{digest.as_of}-changes.eml"
    eml.write_bytes(bytes(email_message(digest, settings)))
    body = folder / f"{digest.as_of}-changes.json"
    body.write_bytes(webhook_body(digest))
    return [eml, body]


def notify(
    warehouse: Path,
    settings: NotifySettings,
    out: Path | None = None,
    resend: bool = False,
) -> tuple[Digest, Outcome]:
    """Send (or with `out`, write) the last run's digest on every configured channel not yet
    sent for that run; record each channel that a server accepted, and only those."""
    digest = read_digest(warehouse)
    outcome = Outcome()
    if out is not None:
        outcome.written = write_files(digest, settings, out)
    if not digest.count:
        return digest, outcome
    ledger = ledger_path(warehouse)
    done = {} if resend else _read_ledger(ledger).get(digest.run_id, {})
    senders: list[tuple[str, Callable[[], None]]] = []
    if settings.email_to:
        message = email_message(digest, settings)
        senders.append((settings.channels()[0], lambda: send_email(message, settings)))
    if settings.webhook:
        body = webhook_body(digest)
        senders.append((settings.channels()[-1], lambda: post_webhook(body, settings)))
    for channel, send in senders:
        if channel in done:
            outcome.skipped.append(channel)
            continue
        failure = with_retries(send, settings)
        if failure is None:
            _record(ledger, digest.run_id, channel)
            outcome.sent.append(channel)
        else:
            outcome.failed.append((channel, failure))
    return digest, outcome
