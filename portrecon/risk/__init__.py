"""Rejection risk (PRODUCT.md section 5): learn each carrier's strictness from past port-ins, score
every open port-in and explain the score by the findings that drive it."""

from portrecon.risk.scoring import build_rejection_risk
from portrecon.risk.strictness import build_carrier_strictness

__all__ = ["build_carrier_strictness", "build_rejection_risk"]
