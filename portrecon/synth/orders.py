"""Port-in orders: one LOA each, built from a scenario (partial ports, projects over one or
several accounts, extra/invalid/foreign numbers, wrong carrier, unsigned toll-free, stale LOA
or invoice, port date too soon), plus the finding codes a perfect product gives it, computed
from the generator's own structures (never by parsing the written text)."""

from __future__ import annotations

from dataclasses import dataclass, field

from portrecon.carriers import default_carrier_book
from portrecon.synth.answer_times import AnswerTimes
from portrecon.synth.calendars import BusinessCalendar
from portrecon.synth.perturb import LoaFields, Perturber
from portrecon.synth.phones import TOLL_FREE_AREA_CODES
from portrecon.synth.policies import ReviewPolicy
from portrecon.synth.rand import Dice
from portrecon.synth.timelines import Clock, Event, OrderHeader, port_in_events
from portrecon.synth.values import NameStyle, apply_case, render_name
from portrecon.synth.world import Account, AccountFactory, Carrier, carrier_weights

INVOICE_MAX_AGE_DAYS = 60
PROJECT_SIZE = 100
# An ordinary request asks for 5-20 business days out (PRODUCT.md 2: local ports take up to 20),
# never past the carrier's max_port_date_days, so PORT_DATE_TOO_FAR appears only where planted.
ORDINARY_LEAD_DAYS = (5, 20)
# With port-date defects on, this share of 100+-number orders asks for 3-4 business days out:
# not too soon by the 2-day rule, but before min_business_days_by_size's 5 (PORT_DATE_NOT_FEASIBLE).
SIZE_DEFECT_SHARE = 0.5
SIZE_DEFECT_LEAD_DAYS = (3, 4)
OPEN_PORT_IN = ("draft", "submitted", "approved", "update_required", "resubmitted")

# Share of port-ins in each situation; each also happens at least twice whatever the size.
SCENARIO_RATES: dict[str, float] = {
    "csr_not_found": 0.03,
    "not_on_csr": 0.05,
    "invalid": 0.03,
    "not_portable": 0.02,
    "partial_with_btn": 0.04,
    "partial_without_btn": 0.04,
    "tollfree": 0.08,
    "unsigned": 0.04,
    "stale_loa": 0.06,
    "stale_invoice": 0.09,
    "missing_invoice": 0.06,
    "too_soon": 0.05,
    "near_too_soon": 0.05,
    "project": 0.008,
    "mixed_project": 0.007,
    "two_accounts": 0.01,
    "carrier_mismatch": 0.03,
    "draft": 0.1,
    "loa_elsewhere": 0.01,
}


@dataclass(slots=True)
class TnEntry:
    """One number written on an LOA: valid (portable or not) or an invalid digit string."""

    number: int | None
    text: str | None = None
    portable: bool = True
    owner: int | None = None  # key of the CSR account that lists it


@dataclass(slots=True)
class PortIn:
    header: OrderHeader
    loa_id: str
    account: Account
    fields: LoaFields
    signer: str
    entries: list[TnEntry]
    signed: int | None
    invoice: int | None
    requested: int | None
    submitted: int | None
    reference: int
    draft_event: bool
    codes: list[str] = field(default_factory=list)
    probability: float = 0.0
    rejected: bool = False
    decided: bool = False
    events: list[Event] = field(default_factory=list)
    loa_in_inbox: bool = True  # False: a submitted order whose LOA is not in this drop
    # Submitted (a draft: would be submitted) while another order holding one of its numbers was
    # pending: what the losing carrier sees as TN_IN_OTHER_ORDER, unlike `codes`' finding, which
    # the reconciliation computes among the orders open at as-of.
    pending_conflict: bool = False

    @property
    def carrier_codes(self) -> list[str]:
        """The codes the losing carrier judges at submission."""
        codes = [c for c in self.codes if c != "TN_IN_OTHER_ORDER"]
        return [*codes, "TN_IN_OTHER_ORDER"] if self.pending_conflict else codes

    @property
    def status(self) -> str:
        return self.events[-1].status if self.events else "draft"

    @property
    def address_components(self) -> str:
        return next((c for f, _, c in self.fields.verdicts if f == "address"), "")


class PortInBuilder:
    """Builds port-in orders, simulates their timelines, and pairs some into duplicates."""

    def __init__(
        self,
        dice: Dice,
        factory: AccountFactory,
        carriers: list[Carrier],
        policies: dict[str, ReviewPolicy],
        calendars: dict[str, BusinessCalendar],
        as_of: int,
        count: int,
        port_date_defects: float = 0.0,
        answer_times: AnswerTimes | None = None,
    ) -> None:
        self.dice = dice
        self.port_date_defects = port_date_defects
        self.answer_times = answer_times
        self.factory = factory
        self.perturber = Perturber(dice, factory)
        self.carriers = carriers
        self.policies = policies
        self.calendars = calendars
        self.as_of = as_of
        self.carrier_weights = carrier_weights(carriers)
        self.forced = {s: set(dice.sample(range(1, count + 1), 2)) for s in SCENARIO_RATES}
        self.csr_accounts: list[Account] = []

    def _scenarios(self, index: int) -> set[str]:
        return {
            s
            for s, rate in SCENARIO_RATES.items()
            if index in self.forced[s] or self.dice.chance(rate)
        }

    def _size(self, scenarios: set[str]) -> int:
        d = self.dice
        if "project" in scenarios:
            return d.integer(PROJECT_SIZE + 10, 300)
        if "mixed_project" in scenarios:
            return d.integer(70, 200)
        if "tollfree" in scenarios:
            return d.integer(1, 4)
        return d.weighted(
            ((1, 0.45), (d.integer(2, 5), 0.3), (d.integer(6, 20), 0.17), (d.integer(21, 60), 0.08))
        )

    def _numbers(self, scenarios: set[str], account: Account) -> list[TnEntry]:
        d = self.dice
        owner = account.key if account.on_csr else None
        tns = account.tns
        mixed = "mixed_project" in scenarios
        if len(tns) > 1 and "partial_with_btn" in scenarios and not mixed:
            others = [n for n in tns if n != account.btn]
            tns = sorted([account.btn, *d.sample(others, d.integer(0, len(others) - 1))])
        elif len(tns) > 1 and "partial_without_btn" in scenarios and not mixed:
            others = [n for n in tns if n != account.btn]
            tns = sorted(d.sample(others, d.integer(1, len(others))))
        entries = [TnEntry(n, owner=owner) for n in tns]
        if (mixed or "two_accounts" in scenarios) and account.on_csr and len(entries) > 1:
            # the LOA's own account keeps the most numbers, so matching by numbers finds it
            size = d.integer(1, len(entries) - 1)
            if mixed:
                size = max(d.integer(20, len(entries) - 1), PROJECT_SIZE + 10 - len(entries))
            second = self.factory.account(
                account.carrier, size, place=account.place, name=account.name
            )
            self.csr_accounts.append(second)
            entries += [TnEntry(n, owner=second.key) for n in second.tns]
        area_codes = TOLL_FREE_AREA_CODES if account.tollfree else account.place.area_codes
        if "not_on_csr" in scenarios:
            entries += [
                TnEntry(n) for n in self.factory.pool.scattered(area_codes, d.integer(1, 3))
            ]
        if "invalid" in scenarios:
            entries += [TnEntry(None, self.factory.pool.invalid()) for _ in range(d.integer(1, 2))]
        if "not_portable" in scenarios:
            entries.insert(
                d.integer(0, len(entries)),
                TnEntry(self.factory.pool.not_portable(), portable=False),
            )
        return entries

    def _dates(
        self,
        scenarios: set[str],
        reference: int,
        carrier: Carrier,
        calendar: BusinessCalendar,
        size: int,
    ) -> tuple[int | None, int | None, int | None]:
        d = self.dice
        signed: int | None = reference - d.integer(0, 30)
        if "stale_loa" in scenarios:
            signed = reference - carrier.loa_max_age_days - d.integer(5, 150)
        if "unsigned" in scenarios or ("tollfree" in scenarios and d.chance(0.3)):
            signed = None
        invoice: int | None = reference - d.integer(3, 45)
        if "stale_invoice" in scenarios:
            invoice = reference - INVOICE_MAX_AGE_DAYS - d.integer(10, 140)
        if "missing_invoice" in scenarios:
            invoice = None
        if "too_soon" in scenarios:
            requested = d.pick(
                (calendar.add(reference, 1), reference, reference - d.integer(1, 20))
            )
        elif "near_too_soon" in scenarios:
            requested = calendar.add(reference, d.integer(2, 3))
        else:
            requested = self._ordinary_date(reference, carrier, calendar)
            if self.port_date_defects and size >= PROJECT_SIZE and d.chance(SIZE_DEFECT_SHARE):
                requested = calendar.add(reference, d.integer(*SIZE_DEFECT_LEAD_DAYS))
            elif self.port_date_defects and d.chance(self.port_date_defects):
                requested = self._defective_date(reference, requested, calendar)
        return signed, invoice, (None if d.chance(0.01) else requested)

    def _ordinary_date(self, reference: int, carrier: Carrier, calendar: BusinessCalendar) -> int:
        """A requested day a porting desk would ask for: 5-20 business days out, pulled back to
        the last business day of the carrier's window (max_port_date_days after the request's
        day, which is the reference day: submissions fall in the carrier's daytime)."""
        book = default_carrier_book()
        profile = book.profile(carrier.carrier_id) if carrier.known else book.default
        last = calendar.add(reference + profile.max_port_date_days + 1, -1)
        return min(calendar.add(reference, self.dice.integer(*ORDINARY_LEAD_DAYS)), last)

    def _defective_date(self, reference: int, requested: int, calendar: BusinessCalendar) -> int:
        """A requested day with one of the defects the port-date rules catch (opt-in, drawn only
        then, so the default world is unchanged): a weekend day or a holiday of the carrier's
        country, two business days out (before the earliest feasible day when the submission
        comes after the carrier's cut-off), or beyond a 30-day window. The truth
        (port_date_truth.py) decides which code each gets."""
        d = self.dice
        kind = d.pick(("weekend", "holiday", "near", "far"))
        if kind == "weekend":
            return requested + (5 - (requested - 1) % 7) + d.integer(0, 1)  # its Saturday/Sunday
        if kind == "holiday":
            closed = [
                day
                for day in range(reference + 3, reference + 30)
                if (day - 1) % 7 < 5 and not calendar.is_business_day(day)
            ]
            return d.pick(closed) if closed else requested
        if kind == "near":
            return calendar.add(reference, 2)
        return reference + 30 + d.integer(1, 20)

    def build(self, index: int) -> PortIn:
        d = self.dice
        scenarios = self._scenarios(index)
        csr_carrier = d.weighted(self.carrier_weights)
        account = self.factory.account(
            csr_carrier, self._size(scenarios), tollfree="tollfree" in scenarios
        )
        account.on_csr = "csr_not_found" not in scenarios
        if account.on_csr:
            self.csr_accounts.append(account)
        carrier = csr_carrier
        if "carrier_mismatch" in scenarios and account.on_csr:
            carrier = d.pick(
                [
                    c
                    for c in self.carriers
                    if c is not csr_carrier and c.home_country == csr_carrier.home_country
                ]
            )
        if "draft" in scenarios:
            planned = self.as_of + d.integer(1, 15)
        else:
            calendar = self.calendars[carrier.calendar_country]
            planned = calendar.on_or_after(self.as_of - d.integer(0, 330))
        submitted = planned if planned <= self.as_of else None
        order = self._order(
            index, account, carrier, self._numbers(scenarios, account), scenarios, submitted
        )
        order.loa_in_inbox = submitted is None or "loa_elsewhere" not in scenarios
        return order

    def duplicate(self, original: PortIn, index: int, submitted: int | None = None) -> PortIn:
        """A second order for the same account listing some of the original's numbers: a draft
        (submitted None) or submitted on that day, while the original is open. The carrier sees a
        conflict when the original was submitted (pending); both carry the TN_IN_OTHER_ORDER
        finding when both are open at as-of."""
        d = self.dice
        on_account = [e for e in original.entries if e.owner == original.account.key]
        entries = [
            TnEntry(e.number, owner=e.owner)
            for e in d.sample(on_account, d.integer(1, len(on_account)))
        ]
        entries.sort(key=lambda e: e.number)
        pending = original.submitted is not None
        order = self._order(
            index, original.account, original.header.carrier, entries, set(), submitted, pending
        )
        if original.status in OPEN_PORT_IN and order.status in OPEN_PORT_IN:
            for dup in (original, order):
                dup.codes.append("TN_IN_OTHER_ORDER")
        return order

    def _order(
        self,
        index: int,
        account: Account,
        carrier: Carrier,
        entries: list[TnEntry],
        scenarios: set[str],
        submitted: int | None,
        pending_conflict: bool = False,
    ) -> PortIn:
        """The LOA, finding codes and timeline of one port-in (submitted None: a draft)."""
        calendar = self.calendars[carrier.calendar_country]
        reference = submitted if submitted is not None else self.as_of
        signed, invoice, requested = self._dates(
            scenarios, reference, carrier, calendar, len(entries)
        )
        header = OrderHeader(
            f"PI{index:07d}",
            "port_in",
            carrier,
            "tollfree" if account.tollfree else "local",
            len(entries),
        )
        order = PortIn(
            header, f"LOA{index:07d}", account, self.perturber.fields(account, account.on_csr),
            self._signer(account), entries, signed, invoice, requested, submitted, reference,
            draft_event=self.dice.chance(0.3 if submitted else 0.4),
        )  # fmt: skip
        order.codes = port_in_codes(order, calendar)
        order.pending_conflict = pending_conflict
        self._simulate(order, calendar)
        return order

    def _signer(self, account: Account) -> str:
        """The end user for a person, else someone at the business."""
        person = (
            account.name
            if account.name.person
            else self.factory.person_name(account.place.french and self.dice.chance(0.8))
        )
        return apply_case(render_name(person, NameStyle()), "title")

    def _simulate(self, order: PortIn, calendar: BusinessCalendar) -> None:
        policy = self.policies[order.header.carrier.carrier_id]
        order.probability = policy.probability(order.carrier_codes, order.address_components)
        order.rejected = self.dice.chance(order.probability)
        if order.submitted is None:
            if order.draft_event:
                day = self.as_of - self.dice.integer(0, 10)
                order.events = [Event(order.header, "draft", Clock(self.dice).at(day))]
            return
        events, first_decision = port_in_events(
            order.header,
            policy,
            calendar,
            self.dice,
            order.submitted,
            order.rejected,
            order.draft_event,
            order.carrier_codes,
        )
        if self.answer_times is not None:
            self.answer_times.plant(events, first_decision, calendar)
        order.events = [e for e in events if e.day <= self.as_of]
        order.decided = first_decision is not None and first_decision < len(order.events)


def port_in_codes(order: PortIn, calendar: BusinessCalendar) -> list[str]:
    """Section-5 codes of one order as it stands on its reference date (all but
    TN_IN_OTHER_ORDER, which depends on the other orders)."""
    codes = [f"{f}_{v}".upper() for f, v, _ in order.fields.verdicts if v != "exact"]
    account = order.account if order.account.on_csr else None
    valid = {e.number for e in order.entries if e.number is not None and e.portable}
    if any(e.number is None for e in order.entries):
        codes.append("TN_INVALID")
    if any(not e.portable for e in order.entries):
        codes.append("TN_NOT_PORTABLE")
    if account is None:
        codes.append("CSR_NOT_FOUND")
    else:
        on_account = set(account.tns)
        if not valid <= on_account:
            codes.append("TN_NOT_ON_CSR")
        if account.csr_btn in valid and not on_account <= valid:
            codes.append("PARTIAL_PORT_BTN")
        if order.header.carrier.carrier_id != account.carrier.carrier_id:
            codes.append("CARRIER_MISMATCH")
    owners = {e.owner for e in order.entries if e.owner is not None and e.portable}
    if len(valid) >= PROJECT_SIZE and len(owners) > 1:
        codes.append("PROJECT_MIXED_ACCOUNTS")
    if order.header.number_type == "tollfree" and order.signed is None:
        codes.append("LOA_UNSIGNED_TOLLFREE")
    reference = order.reference
    if (
        order.signed is not None
        and reference - order.signed > order.header.carrier.loa_max_age_days
    ):
        codes.append("LOA_STALE")
    if order.invoice is None or reference - order.invoice > INVOICE_MAX_AGE_DAYS:
        codes.append("INVOICE_STALE")
    if order.requested is not None and calendar.between(reference, order.requested) < 2:
        codes.append("PORT_DATE_TOO_SOON")
    return codes
