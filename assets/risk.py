"""Risk stage: each carrier's learned strictness and every open port-in's rejection probability."""

from portrecon import schema
from portrecon.assets.table_asset import table_asset
from portrecon.risk import build_carrier_strictness, build_rejection_risk

INPUTS = ["findings", "orders", "order_events", "loa_records"]

rejection_risk = table_asset(schema.REJECTION_RISK, build_rejection_risk, INPUTS, "risk")
carrier_strictness = table_asset(
    schema.CARRIER_STRICTNESS, build_carrier_strictness, INPUTS, "risk"
)
