"""Bad rows of every kind of ingest_rules.md (ragged, required value empty, unparseable value,
`tns` range too large or malformed), made as corrupted copies of good rows so they look real
and carry real PINs; each names the quarantine reason the product must give it."""

from __future__ import annotations

from portrecon.synth.rand import Dice

BAD_DATES = ("2026-02-30", "13/45/2026", "31.12.2026")
# (reason_kind, column, bad values); None column = ragged row.
CORRUPTIONS: dict[str, tuple[tuple[str, str | None, tuple[str, ...]], ...]] = {
    "csr": (
        ("ragged", None, ()),
        ("missing_value", "carrier", ("",)),
        ("missing_value", "account_number", ("",)),
        ("missing_value", "tn", ("",)),
        ("missing_value", "csr_date", ("",)),
        ("unparseable", "tn", ("TBD", "n/a", "#VALUE!")),
        ("unparseable", "btn", ("319-55-0123", "ext 204")),
        ("unparseable", "csr_date", BAD_DATES),
    ),
    "loa": (
        ("ragged", None, ()),
        ("missing_value", "loa_id", ("",)),
        ("missing_value", "order_id", ("",)),
        ("missing_value", "tns", ("",)),
        ("unparseable", "signed_date", BAD_DATES),
        ("unparseable", "requested_port_date", BAD_DATES),
        ("unparseable", "invoice_date", BAD_DATES),
        ("unparseable", "btn", ("319-55-0123", "ext 204")),
        ("unparseable", "number_type", ("mobile", "wireless")),
        ("range_too_large", "tns", ()),
        ("range_malformed", "tns", ()),
    ),
    "orders": (
        ("ragged", None, ()),
        ("missing_value", "order_id", ("",)),
        ("missing_value", "status", ("",)),
        ("missing_value", "event_time", ("",)),
        ("missing_value", "direction", ("",)),
        ("unparseable", "event_time", ("N/A", "2026-13-01T10:00:00Z")),
        ("unparseable", "status", ("pending review", "on hold")),
        ("unparseable", "direction", ("inbound", "outbound")),
        ("unparseable", "tn_count", ("three", "2.5")),
        ("unparseable", "foc_date", BAD_DATES),
        ("unparseable", "number_type", ("mobile",)),
    ),
}


class BadRowMaker:
    """Decides when a bad copy follows a good row and makes it, cycling through every kind of
    corruption so each appears however small the world."""

    def __init__(self, kind: str, dice: Dice, expected_rows: int, rate: float) -> None:
        self.kind = kind
        self.dice = dice
        self.corruptions = CORRUPTIONS[kind]
        wanted = max(rate * expected_rows, 2.0 * len(self.corruptions))
        self.probability = min(0.5, wanted / max(expected_rows, 1))
        self._next = 0
        self.made = 0

    def wanted(self) -> bool:
        return self.dice.chance(self.probability)

    def corrupt(
        self,
        good: dict[str, object],
        columns: list[str],
        ragged_ok: bool,
        first_tn: int | None = None,
    ) -> tuple[dict[str, object] | list, str]:
        """A bad copy of `good`: a dict by column, or a field list for a ragged row."""
        while True:
            reason, column, values = self.corruptions[self._next % len(self.corruptions)]
            self._next += 1
            if column is None and not ragged_ok:
                continue
            if column is not None and column not in columns:
                continue
            if reason.startswith("range") and first_tn is None:
                continue
            break
        self.made += 1
        bad = dict(good)
        if self.kind == "loa" and column not in ("loa_id", "order_id"):
            bad["loa_id"] = f"LOAX{self.made:06d}"
            bad["order_id"] = f"PIX{self.made:06d}"
        if column is None:
            return self._ragged([bad.get(c, "") for c in columns]), reason
        if reason == "range_too_large":
            bad[column] = f"{first_tn}-{first_tn + self.dice.integer(10001, 20000)}"
        elif reason == "range_malformed":
            start = first_tn // 10000 * 10000 + self.dice.integer(5000, 9000)
            bad[column] = f"{start}-{str(start - 50)[6:]}"
        else:
            bad[column] = self.dice.pick(values)
        return bad, reason

    def _ragged(self, row: list) -> list:
        """More fields (a name with an unquoted comma) or fewer (a truncated line)."""
        spaced = [
            i
            for i, v in enumerate(row)
            if isinstance(v, str) and " " in v.strip() and "\n" not in v
        ]
        if spaced and self.dice.chance(0.7):
            i = self.dice.pick(spaced)
            head, tail = row[i].split(" ", 1)
            return [*row[:i], head, " " + tail, *row[i + 1 :]]
        return row[: -self.dice.integer(1, 3)]
