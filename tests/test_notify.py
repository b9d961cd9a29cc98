"""`portrecon notify` (PRODUCT.md 10.2): the last run's changes as one digest, received by a real
SMTP server (aiosmtpd) and a real HTTP server, both on 127.0.0.1 and started here.

The warehouse is two synthetic nights of one world (as of 2026-11-19, then 2026-11-20).
"""

from __future__ import annotations

import csv
import email
import email.policy
import hashlib
import hmac
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from typer.testing import CliRunner

from portrecon.notify import SIGNATURE_HEADER, notify, resolve_settings
from portrecon.pipelines.cli import app
from portrecon.pipelines.resources import PortreconSettings
from portrecon.pipelines.runner import run_nightly
from portrecon.synth import generate

YESTERDAY, TODAY = date(2026, 11, 19), date(2026, 11, 20)
FAST = {"PORTRECON_NOTIFY_RETRY_WAIT": "0", "PORTRECON_NOTIFY_TIMEOUT": "1"}
SECRET = "whsec-test-7c1f"
# The login test's server takes AUTH without TLS (no certificate here); aiosmtpd warns of it.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the inbox of the second night and the warehouse after both nights."""
    root = tmp_path_factory.mktemp("two-nights")
    generate(root / "d1", orders=300, seed=1, as_of=TODAY, events_until=YESTERDAY)
    generate(root / "d2", orders=300, seed=1, as_of=TODAY)
    for inbox, day in (("d1", YESTERDAY), ("d2", TODAY)):
        settings = PortreconSettings(
            inbox=str(root / inbox), warehouse=str(root / "w.duckdb"),
            reports=str(root / "reports"), as_of=day.isoformat(),
        )  # fmt: skip
        assert run_nightly(settings).success
    return root


@pytest.fixture
def warehouse(nights: Path, tmp_path: Path) -> Path:
    """A copy per test, so each starts with no record of what was sent."""
    return Path(shutil.copy(nights / "w.duckdb", tmp_path / "w.duckdb"))


def _changes(warehouse: Path) -> list[tuple[str, str, str]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("SELECT order_id, kind, detail FROM changes").fetchall()
    finally:
        con.close()


def _pins(inbox: Path) -> set[str]:
    """Every PIN written into the inbox's CSV files (any column named like a PIN)."""
    pins = set()
    for path in inbox.rglob("*.csv"):
        text = path.read_bytes().decode("utf-8", errors="replace")
        rows = csv.reader(text.splitlines())
        header = [h.strip().lower() for h in next(rows, [])]
        columns = [i for i, h in enumerate(header) if "pin" in h or "passcode" in h]
        for row in rows:
            pins.update(
                row[i].strip() for i in columns if i < len(row) and row[i].strip().isdigit()
            )
    return pins


def _leaked(text: str, pins: set[str]) -> list[str]:
    """PINs standing alone in the text (not as part of a longer number or a date)."""
    tokens = set(re.findall(r"(?<![\d-])\d{4,8}(?![\d-])", text))
    return sorted(tokens & pins)


class _Inbox:
    """aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[_Inbox, int]]:
    inbox, port = _Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _accept_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = auth_data.login == b"desk" and auth_data.password == b"s3cret-pass"
    return AuthResult(success=ok)


@pytest.fixture
def smtp_with_login() -> Iterator[tuple[_Inbox, int]]:
    inbox, port = _Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_accept_login,
                            auth_required=True, auth_require_tls=False)  # fmt: skip
    controller.start()
    yield inbox, port
    controller.stop()


class _Hook:
    """What an HTTP server on 127.0.0.1 received, and how it answers (status, or hang)."""

    def __init__(self, status: int = 200, hang: float = 0) -> None:
        self.status, self.hang = status, hang
        self.requests: list[tuple[dict[str, str], bytes]] = []


@pytest.fixture
def http_server(request: pytest.FixtureRequest) -> Iterator[tuple[_Hook, str]]:
    hook = _Hook(**getattr(request, "param", {}))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            hook.requests.append((dict(self.headers), body))
            time.sleep(hook.hang)
            self.send_response(hook.status)
            self.end_headers()

        def log_message(self, *args) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield hook, f"http://127.0.0.1:{server.server_address[1]}/hooks/porting?token=abc123"
    server.shutdown()
    server.server_close()


def _settings(**options):
    return resolve_settings(options, environ=FAST)


def test_the_second_night_has_changes_to_send(warehouse: Path) -> None:
    assert _changes(warehouse)


def test_the_email_digest_carries_every_change_in_text_and_html(warehouse, smtp_server) -> None:
    inbox, port = smtp_server
    _, outcome = notify(
        warehouse, _settings(email_to=["desk@example.com"], smtp=f"127.0.0.1:{port}")
    )
    assert outcome.failed == [] and len(inbox.messages) == 1
    message = inbox.messages[0]
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    for order_id, _, detail in _changes(warehouse):
        assert f"{order_id} " in text and detail in text
        assert order_id in page


def test_the_email_logs_in_when_a_user_is_configured(warehouse, smtp_with_login) -> None:
    inbox, port = smtp_with_login
    settings = resolve_settings({"email_to": ["desk@example.com"], "smtp": f"127.0.0.1:{port}"},
                                environ={**FAST, "PORTRECON_SMTP_USER": "desk",
                                         "PORTRECON_SMTP_PASSWORD": "s3cret-pass"})  # fmt: skip
    _, outcome = notify(warehouse, settings)
    assert outcome.failed == [] and len(inbox.messages) == 1


def test_the_webhook_posts_one_event_per_change_signed_with_the_secret(
    warehouse, http_server
) -> None:
    hook, url = http_server
    settings = resolve_settings({"webhook": url},
                                environ={**FAST, "PORTRECON_WEBHOOK_SECRET": SECRET})  # fmt: skip
    _, outcome = notify(warehouse, settings)
    assert outcome.failed == [] and len(hook.requests) == 1
    headers, body = hook.requests[0]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers[SIGNATURE_HEADER], expected)
    events = json.loads(body)["data"]
    assert sorted(
        (e["order_id"], e["payload"]["kind"], e["payload"]["detail"]) for e in events
    ) == (sorted(_changes(warehouse)))
    assert {e["event_type"] for e in events} == {
        f"porting_order.{k}" for _, k, _ in _changes(warehouse)
    }
    assert all(e["occurred_at"].endswith("Z") for e in events)


def test_no_pin_is_in_the_email_or_the_webhook(nights, warehouse, smtp_server, http_server) -> None:
    inbox, port = smtp_server
    hook, url = http_server
    notify(
        warehouse, _settings(email_to=["desk@example.com"], smtp=f"127.0.0.1:{port}", webhook=url)
    )
    pins = _pins(nights / "d2")
    assert pins
    assert _leaked(inbox.messages[0].as_string(), pins) == []
    assert _leaked(hook.requests[0][1].decode(), pins) == []


def test_a_channel_sent_for_a_run_is_not_sent_again(warehouse, http_server) -> None:
    hook, url = http_server
    notify(warehouse, _settings(webhook=url))
    _, again = notify(warehouse, _settings(webhook=url))
    assert len(hook.requests) == 1 and again.skipped and not again.sent


runner = CliRunner()


def _cli(warehouse: Path, *args: str, secret: str = SECRET):
    env = {**FAST, "PORTRECON_NOTIFY_ATTEMPTS": "2", "PORTRECON_WEBHOOK_SECRET": secret}
    return runner.invoke(app, ["notify", "--warehouse", str(warehouse), *args], env=env)


def test_a_refused_smtp_server_is_retried_then_named_as_not_sent(warehouse) -> None:
    result = _cli(
        warehouse, "--email-to", "desk@example.com", "--smtp", f"127.0.0.1:{_free_port()}"
    )
    assert result.exit_code == 1
    assert "not sent: e-mail to desk@example.com" in result.output
    assert "after 2 attempts" in result.output


@pytest.mark.parametrize("http_server", [{"hang": 3}], indirect=True)
def test_a_webhook_that_hangs_times_out_and_is_not_recorded_as_sent(warehouse, http_server) -> None:
    _, url = http_server
    result = _cli(warehouse, "--webhook", url)
    assert result.exit_code == 1 and "no answer within 1 s" in result.output
    _, retry = notify(warehouse, _settings(webhook=url))  # nothing recorded: tried again
    assert not retry.skipped


@pytest.mark.parametrize("http_server", [{"status": 500}], indirect=True)
def test_a_webhook_answering_500_is_retried_then_reported(warehouse, http_server) -> None:
    hook, url = http_server
    result = _cli(warehouse, "--webhook", url)
    assert result.exit_code == 1
    assert "the server answered 500 (after 2 attempts)" in result.output
    assert len(hook.requests) == 2


@pytest.mark.parametrize("http_server", [{"status": 500}], indirect=True)
def test_failure_messages_never_print_a_secret_or_a_url_token(warehouse, http_server) -> None:
    _, url = http_server
    result = _cli(warehouse, "--webhook", url)
    assert "/hooks/porting" in result.output
    assert SECRET not in result.output and "abc123" not in result.output


def test_out_writes_the_digest_as_eml_and_json_files(warehouse, tmp_path: Path) -> None:
    result = _cli(warehouse, "--out", str(tmp_path / "digest"))
    assert result.exit_code == 0
    eml = (tmp_path / "digest" / f"{TODAY}-changes.eml").read_bytes()
    body = json.loads((tmp_path / "digest" / f"{TODAY}-changes.json").read_text())
    assert body["count"] == len(_changes(warehouse)) and b"multipart/alternative" in eml


def test_a_bad_smtp_setting_is_one_plain_line_and_exit_2(warehouse) -> None:
    result = _cli(warehouse, "--email-to", "desk@example.com", "--smtp", "mail.example.com")
    assert result.exit_code == 2
    assert "is not HOST:PORT" in result.output and "Traceback" not in result.output
