"""Carriers that answer late (issue 18, opt-in `late_carriers`): each carrier's hidden
punctuality, planted into the port-in timelines before the as-of cut.

The FCC asks for a FOC within 24 business hours of the request and a simple port completed within
1 business day of its FOC date (PRODUCT.md 10); `carrier_intervals` measures both, so synth plants
prompt carriers and late ones and its truth (interval_truth.py) says what a perfect product
measures. Drawn from a stream of its own, so turning it on moves only approval and completion
instants, never another value of the world.
"""

from __future__ import annotations

from dataclasses import dataclass

from portrecon.synth.calendars import BusinessCalendar
from portrecon.synth.rand import Dice
from portrecon.synth.timelines import DAY_SECONDS, EPOCH_DAY, Event
from portrecon.synth.world import Carrier

# The stream's seed is the world's plus this offset, far from any seed a user types.
STREAM_OFFSET = 18 << 40
# A third of the carriers answer late: their first FOC comes after the 24 business hours for
# 30-70 % of orders, and 20-50 % of their simple ports complete 2-4 business days after the FOC
# date. The others miss at most 5 % of either.
LATE_CARRIER_SHARE = 1 / 3
LATE_FOC_SHARE = (0.3, 0.7)
LATE_COMPLETION_SHARE = (0.2, 0.5)
PROMPT_SHARE = (0.0, 0.05)
# A prompt FOC arrives 1-20 wall-clock hours after the submission: under 24 hours of the clock,
# so under 24 business hours whatever the calendar.
PROMPT_ANSWER_SECONDS = (3600, 20 * 3600)
LATE_COMPLETION_DAYS = (2, 4)


@dataclass(frozen=True, slots=True)
class Punctuality:
    """One carrier's planted lateness (truth/punctuality.csv)."""

    carrier_id: str
    late: bool
    foc_late_share: float
    completion_late_share: float


class AnswerTimes:
    """Moves each first-time approval to within 24 hours (unless the carrier is late on it; then
    it keeps its review of 5-20 business days) and delays some single-number local completions."""

    def __init__(self, seed: int, carriers: list[Carrier]) -> None:
        self.dice = Dice(seed + STREAM_OFFSET)
        ids = [c.carrier_id for c in carriers]
        late = set(self.dice.sample(ids, max(round(len(ids) * LATE_CARRIER_SHARE), 1)))
        self.punctuality = {i: self._draw(i, i in late) for i in ids}

    def _draw(self, carrier_id: str, late: bool) -> Punctuality:
        d = self.dice

        def share(span: tuple[float, float]) -> float:
            return round(span[0] + (span[1] - span[0]) * d.uniform(), 3)

        foc, done = (LATE_FOC_SHARE, LATE_COMPLETION_SHARE) if late else (PROMPT_SHARE,) * 2
        return Punctuality(carrier_id, late, share(foc), share(done))

    def plant(
        self, events: list[Event], first_decision: int | None, calendar: BusinessCalendar
    ) -> None:
        """Rewrite the instants of one port-in's events (all of them, before the as-of cut)."""
        if first_decision is None or not events:
            return
        header = events[0].header
        carrier = self.punctuality[header.carrier.carrier_id]
        d = self.dice
        answer = events[first_decision]
        if answer.status == "approved" and not d.chance(carrier.foc_late_share):
            submitted = next(e.time for e in events if e.status == "submitted")
            answer.time = submitted + d.integer(*PROMPT_ANSWER_SECONDS)
        done = events[-1]
        simple = header.tn_count == 1 and header.number_type == "local"
        if simple and done.status == "completed" and d.chance(carrier.completion_late_share):
            day = calendar.add(done.day, d.integer(*LATE_COMPLETION_DAYS))
            done.time = (day - EPOCH_DAY) * DAY_SECONDS + d.integer(13 * 3600, 21 * 3600)
