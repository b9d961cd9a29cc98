"""Shared fixtures: a fixed PIN key, and a small real inbox."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from inbox_builders import (
    CSR_HEADER,
    EVENT_HEADER,
    LOA_HEADER,
    csr_row,
    event_row,
    loa_row,
    write_csv,
)


@pytest.fixture(autouse=True, scope="session")
def _pin_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A fixed key so hashes are reproducible and no test writes to the real config dir; for the
    whole session, so module-scoped fixtures (which run before function ones) get it too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTRECON_PIN_KEY", "test-key-not-secret")
        patch.setenv("PORTRECON_PIN_KEY_FILE", str(tmp_path_factory.mktemp("pin") / "pin.key"))
        yield


@pytest.fixture
def small_inbox(tmp_path: Path) -> Path:
    """A tiny but complete inbox: one CSR file, one LOA file, one event log, one clutter file."""
    inbox = tmp_path / "inbox"
    write_csv(
        inbox / "csr" / "csr_acme.csv",
        CSR_HEADER,
        [csr_row(), csr_row(tn="2175550101"), csr_row(tn="2175550102")],
    )
    write_csv(inbox / "loa" / "loa_intake.csv", LOA_HEADER, [loa_row()])
    write_csv(
        inbox / "orders" / "order_events.csv",
        EVENT_HEADER,
        [
            event_row(),
            event_row(status="approved", event_time="2026-10-27 09:00:00", foc_date="2026-11-03"),
        ],
    )
    (inbox / "notes.txt").write_text("not an input\n")
    return inbox
