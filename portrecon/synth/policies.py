"""Each losing carrier's hidden review policy: how each finding raises the odds of a rejection
at the first decision (logistic: base rate + per-code effects), how long reviews take, how
often FOC dates slip and orders are cancelled. The truth's rejection probabilities come from
here; the product must learn them from the history these policies produce."""

from __future__ import annotations

import math
from dataclasses import dataclass

from portrecon.synth.rand import Dice
from portrecon.synth.world import Carrier

# Log-odds each code adds for a typical carrier. TN_IN_OTHER_ORDER is a number already in another
# pending port order when this one is submitted: the losing carrier holds the first port and
# rejects the second (Bandwidth 7407, industry 6M/6N, Telnyx SV_CONFLICT).
TYPICAL_EFFECTS: dict[str, float] = {
    "NAME_EQUIVALENT": 0.3,
    "NAME_SIMILAR": 1.2,
    "NAME_DIFFERENT": 2.8,
    "NAME_MISSING_LOA": 1.8,
    "NAME_MISSING_CSR": 0.4,
    "ADDRESS_EQUIVALENT": 0.2,
    "ADDRESS_SIMILAR": 1.0,
    "ADDRESS_DIFFERENT": 2.2,
    "ADDRESS_MISSING_LOA": 1.6,
    "ADDRESS_MISSING_CSR": 0.3,
    "ACCOUNT_EQUIVALENT": 0.2,
    "ACCOUNT_SIMILAR": 1.8,
    "ACCOUNT_DIFFERENT": 3.0,
    "ACCOUNT_MISSING_LOA": 2.2,
    "ACCOUNT_MISSING_CSR": 0.0,
    "PIN_EQUIVALENT": 0.0,
    "PIN_SIMILAR": 0.0,
    "PIN_DIFFERENT": 2.6,
    "PIN_MISSING_LOA": 0.8,
    "PIN_MISSING_CSR": 0.1,
    "BTN_EQUIVALENT": 0.0,
    "BTN_SIMILAR": 0.8,
    "BTN_DIFFERENT": 1.2,
    "BTN_MISSING_LOA": 0.4,
    "BTN_MISSING_CSR": 0.1,
    "CSR_NOT_FOUND": 3.5,
    "TN_NOT_ON_CSR": 2.0,
    "TN_INVALID": 2.4,
    "TN_NOT_PORTABLE": 2.8,
    "TN_IN_OTHER_ORDER": 2.6,
    "PARTIAL_PORT_BTN": 1.6,
    "LOA_UNSIGNED_TOLLFREE": 3.2,
    "LOA_STALE": 1.5,
    "INVOICE_STALE": 0.4,
    "PORT_DATE_TOO_SOON": 1.0,
    "PROJECT_MIXED_ACCOUNTS": 2.2,
    "CARRIER_MISMATCH": 2.6,
}
STRICT_NAMES = {"NAME_EQUIVALENT": 3.5, "NAME_SIMILAR": 4.0, "NAME_DIFFERENT": 4.5}
ALWAYS_PIN = {"PIN_MISSING_LOA": 4.0, "PIN_DIFFERENT": 4.0, "PIN_MISSING_CSR": 3.0}
ZIP_ONLY_ADDRESS_EFFECT = 2.6

REASONS: dict[str, str] = {
    "NAME": "End user name does not match CSR",
    "ADDRESS": "Service address does not match CSR",
    "ACCOUNT": "Account number mismatch",
    "PIN": "PIN / passcode mismatch",
    "BTN": "BTN does not match account",
    "CSR_NOT_FOUND": "No account found for end user",
    "TN_NOT_ON_CSR": "Telephone number not on account",
    "TN_INVALID": "Invalid telephone number",
    "TN_NOT_PORTABLE": "Number not portable",
    "PARTIAL_PORT_BTN": "Partial port includes BTN - new BTN required",
    "LOA_UNSIGNED_TOLLFREE": "Signed LOA required for toll-free",
    "LOA_STALE": "LOA expired",
    "INVOICE_STALE": "Copy of recent invoice required",
    "PORT_DATE_TOO_SOON": "Requested due date too soon",
    "PROJECT_MIXED_ACCOUNTS": "Project includes numbers from multiple accounts",
    "CARRIER_MISMATCH": "Not the serving carrier",
    "TN_IN_OTHER_ORDER": "Port already pending",
}
NO_FINDING_REASONS = (
    "Unsatisfactory business relationship (unpaid balance)",
    "Please confirm authorized signer",
    "Port already pending",
)
UPDATE_REASONS = (
    "Clarify service address",
    "Provide copy of bill",
    "Confirm desired due date",
    "Please confirm authorized signer",
)


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    carrier_id: str
    style: str  # typical, strict_names, zip_account_pin, always_pin
    base: float
    effects: dict[str, float]
    review_days: tuple[int, int]
    foc_lead_days: tuple[int, int]
    slip_rate: float
    update_share: float
    resubmit_after_reject: float
    cancel_rate: float

    def logit(self, codes: list[str], address_components: str) -> float:
        total = self.base
        for code in codes:
            effect = self.effects.get(code, 0.0)
            if self.style == "zip_account_pin" and code.startswith("ADDRESS_"):
                effect = (
                    ZIP_ONLY_ADDRESS_EFFECT
                    if "zip" in address_components.split(";") or code.endswith("MISSING_LOA")
                    else 0.0
                )
            total += effect
        return total

    def probability(self, codes: list[str], address_components: str) -> float:
        """Probability that the first decision is a rejection (or an update request)."""
        return 1.0 / (1.0 + math.exp(-self.logit(codes, address_components)))

    def reason(self, codes: list[str], dice: Dice) -> str:
        """What the carrier writes when it rejects: one of its stronger objections."""
        weighted = [(c, self.effects.get(c, 0.0)) for c in codes if self.effects.get(c, 0.0) > 0.4]
        if not weighted:
            return dice.pick(NO_FINDING_REASONS)
        code = dice.weighted(weighted)
        return REASONS.get(code) or REASONS[code.split("_")[0]]


# Three carriers get a distinctive policy (PRODUCT.md section 5); the others are typical.
SPECIAL_STYLES = {"att": "strict_names", "comcast": "zip_account_pin", "tmobile": "always_pin"}


def build_policies(carriers: list[Carrier], dice: Dice) -> dict[str, ReviewPolicy]:
    policies = {}
    for carrier in carriers:
        style = SPECIAL_STYLES.get(carrier.carrier_id, "typical")
        scale = 0.7 + 0.6 * dice.uniform()
        effects = {code: round(effect * scale, 3) for code, effect in TYPICAL_EFFECTS.items()}
        if style == "strict_names":
            effects.update(STRICT_NAMES)
        elif style == "always_pin":
            effects.update(ALWAYS_PIN)
        elif style == "zip_account_pin":
            for code in effects:
                if code.startswith("NAME_"):
                    effects[code] = 0.0
            effects.update({"ACCOUNT_SIMILAR": 3.5, "ACCOUNT_DIFFERENT": 4.0, "PIN_DIFFERENT": 4.0})
        low = dice.integer(5, 8)
        policies[carrier.carrier_id] = ReviewPolicy(
            carrier_id=carrier.carrier_id,
            style=style,
            base=round(-3.4 + 0.8 * dice.uniform(), 3),
            effects=effects,
            review_days=(low, dice.integer(max(low + 3, 10), 20)),
            foc_lead_days=(2, dice.integer(4, 8)),
            slip_rate=round(0.05 + 0.2 * dice.uniform(), 3),
            update_share=round(0.25 + 0.3 * dice.uniform(), 3),
            resubmit_after_reject=round(0.2 + 0.3 * dice.uniform(), 3),
            cancel_rate=round(0.02 + 0.03 * dice.uniform(), 3),
        )
    return policies
