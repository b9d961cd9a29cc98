"""Risk stage: each carrier's learned strictness and every open port-in's rejection probability,
from one model fitted once per run (both tables describe the same model), and that model's terms
(`risk_model`) so precheck scores with it instead of refitting."""

from dagster import Output, multi_asset

from portrecon import schema
from portrecon.assets.metadata import frame_metadata
from portrecon.assets.scheduling import LONGEST_CHAIN
from portrecon.assets.table_asset import table_asset, table_outs
from portrecon.carriers import default_carrier_book
from portrecon.duck import frames_connection
from portrecon.pipelines.io_manager import staged_input
from portrecon.pipelines.resources import PortreconSettings
from portrecon.rejection_outcomes import build_rejection_outcomes
from portrecon.risk import build_carrier_strictness, build_rejection_risk
from portrecon.risk.learned import learn
from portrecon.risk.stored import model_rows

INPUTS = ["findings", "orders", "order_events", "loa_records"]
# The model also reads which numbers each order lists: a number already in another pending order
# at submission is a finding it learns (docs/risk.md).
RISK_INPUTS = [*INPUTS, "loa_numbers"]
# Every carrier decision scored against the findings as they stood: the model's history, read as
# a test of portrecon's checks instead of as training data.
rejection_outcomes = table_asset(
    schema.REJECTION_OUTCOMES, build_rejection_outcomes, INPUTS, "risk"
)
TABLES = (
    (schema.REJECTION_RISK, build_rejection_risk),
    (schema.CARRIER_STRICTNESS, build_carrier_strictness),
)


@multi_asset(
    name="risk",
    group_name="risk",
    ins={name: staged_input(name) for name in RISK_INPUTS},
    outs=table_outs((*(t for t, _ in TABLES), schema.RISK_MODEL)),
    op_tags=LONGEST_CHAIN,
)
def risk(settings: PortreconSettings, **parquet: str):
    """Fit the rejection-risk model once, then score open port-ins and publish its strictness and
    its terms."""
    as_of, book = settings.as_of_date(), default_carrier_book()
    with frames_connection(**parquet) as con:
        learned = learn(con, as_of)
        for table, builder in TABLES:
            frame = builder(con, as_of, book, learned).reindex(columns=table.column_names)
            yield Output(frame, table.name, metadata=frame_metadata(frame, table))
    terms = model_rows(learned, as_of)
    yield Output(terms, schema.RISK_MODEL.name, metadata=frame_metadata(terms, schema.RISK_MODEL))
